#include "lddiag.h"
#include "strmap.h"
#include "util.h"

#include <string.h>

/* markers after which the rest of the line is the name */
static const char *const to_eol[] = {
	"cannot refer to absolute symbol: ",
	"undefined hidden symbol: ",
	"undefined protected symbol: ",
	"undefined symbol: ",
};

/* the opening quotes of "undefined reference to X" and their closing forms */
static const struct {
	const char *open, *close;
} quotes[] = {
	{ "`", "'" },
	{ "'", "'" },
	{ "\xe2\x80\x98", "\xe2\x80\x99" }, /* U+2018, U+2019 */
	{ "\xc2\xab", "\xc2\xbb" },         /* guillemets */
};

static const char *find(const char *s, size_t n, const char *what)
{
	return memmem(s, n, what, strlen(what));
}

/* the last occurrence of what in [s, s+n) */
static const char *find_last(const char *s, size_t n, const char *what)
{
	size_t w = strlen(what);
	if (w > n)
		return NULL;
	for (size_t i = n - w + 1; i-- > 0;)
		if (!memcmp(s + i, what, w))
			return s + i;
	return NULL;
}

/* the name on one line, or NULL; *nlen set */
static const char *line_name(const char *line, size_t n, size_t *nlen)
{
	const char *end = line + n;
	const char *m = find(line, n, "undefined reference to ");
	if (m) {
		const char *p = m + strlen("undefined reference to ");
		for (size_t q = 0; q < sizeof(quotes) / sizeof(quotes[0]); q++) {
			size_t ol = strlen(quotes[q].open);
			if ((size_t)(end - p) < ol || memcmp(p, quotes[q].open, ol))
				continue;
			p += ol;
			const char *c = find_last(p, (size_t)(end - p), quotes[q].close);
			if (!c || c == p)
				return NULL;
			*nlen = (size_t)(c - p);
			return p;
		}
		return NULL;
	}
	for (size_t k = 0; k < sizeof(to_eol) / sizeof(to_eol[0]); k++) {
		m = find(line, n, to_eol[k]);
		if (!m)
			continue;
		const char *p = m + strlen(to_eol[k]);
		const char *e = end;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (e == p)
			return NULL;
		*nlen = (size_t)(e - p);
		return p;
	}
	return NULL;
}

void lddiag_undefined(const char *text, size_t len, struct strvec *out)
{
	struct strmap seen = STRMAP_INIT;
	size_t added = 0;
	for (size_t i = 0; i < out->nr; i++)
		strmap_put(&seen, out->v[i], 0, NULL);
	if (len > LDDIAG_MAX_TEXT)
		len = LDDIAG_MAX_TEXT;
	const char *p = text, *end = text + len;
	while (p < end && added < LDDIAG_MAX_NAMES) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t nlen;
		const char *name = line_name(p, (size_t)(le - p), &nlen);
		if (name && nlen <= LDDIAG_MAX_NAME && !memchr(name, '\0', nlen)) {
			char *s = xstrndup(name, nlen);
			int isnew;
			strvec_push_nodup(out, s);
			strmap_put(&seen, s, 0, &isnew);
			if (isnew)
				added++;
			else
				strvec_remove(out, out->nr - 1);
		}
		p = nl ? nl + 1 : end;
	}
	strmap_clear(&seen);
}
