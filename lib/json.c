#include "json.h"
#include "strmap.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const unsigned char *p;
	size_t n, pos;
	unsigned flags;
	size_t nodes;
	char *err;
	size_t errlen;
	int failed;
};

static void where(const struct parser *ps, size_t pos, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < pos && i < ps->n; i++) {
		if (ps->p[i] == '\n') {
			++*line;
			*col = 1;
		} else if ((ps->p[i] & 0xc0) != 0x80) {
			++*col;
		}
	}
}

static int fail_at(struct parser *ps, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail_at(struct parser *ps, size_t pos, const char *fmt, ...)
{
	if (ps->failed)
		return -EINVAL;
	ps->failed = 1;
	size_t line, col;
	where(ps, pos, &line, &col);
	int k = snprintf(ps->err, ps->errlen, "line %zu, column %zu: ", line, col);
	if (k >= 0 && (size_t)k < ps->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ps->err + k, ps->errlen - (size_t)k, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* what is at pos, for messages, in buf */
struct what_buf {
	char s[16];
};

static const char *what(const struct parser *ps, struct what_buf *b)
{
	if (ps->pos >= ps->n)
		return "the end of the input";
	unsigned char c = ps->p[ps->pos];
	if (c > 0x20 && c < 0x7f)
		snprintf(b->s, sizeof(b->s), "'%c'", c);
	else
		snprintf(b->s, sizeof(b->s), "byte 0x%02x", c);
	return b->s;
}

static void skip_ws(struct parser *ps)
{
	while (ps->pos < ps->n) {
		unsigned char c = ps->p[ps->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		ps->pos++;
	}
}

static int hex4(const unsigned char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned c = p[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* a string at ps->pos (the opening quote); *out malloc'd, decoded */
static int parse_string(struct parser *ps, char **out, size_t *outlen)
{
	size_t start = ps->pos++;
	/* decoded text is never longer than the source */
	size_t end = ps->pos;
	while (end < ps->n && ps->p[end] != '"')
		end += ps->p[end] == '\\' ? 2 : 1;
	if (end >= ps->n)
		return fail_at(ps, start, "string not closed");
	char *o = xmalloc(end - ps->pos + 1);
	size_t k = 0;
	while (ps->p[ps->pos] != '"') {
		const unsigned char *c = ps->p + ps->pos;
		if (*c < 0x20) {
			free(o);
			return fail_at(ps, ps->pos, "control character (byte 0x%02x) in a string", *c);
		}
		if (*c != '\\') {
			size_t l = utf8_len(c, ps->n - ps->pos);
			if (!l) {
				free(o);
				return fail_at(ps, ps->pos, "invalid UTF-8 (byte 0x%02x) in a string", *c);
			}
			memcpy(o + k, c, l);
			k += l;
			ps->pos += l;
			continue;
		}
		static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
		const char *e = c[1] ? strchr(esc_in, c[1]) : NULL;
		if (e) {
			o[k++] = esc_out[e - esc_in];
			ps->pos += 2;
			continue;
		}
		unsigned cp, lo;
		if (c[1] != 'u' || ps->n - ps->pos < 6 || hex4(c + 2, &cp) < 0) {
			free(o);
			return fail_at(ps, ps->pos, "bad escape in a string");
		}
		size_t at = ps->pos;
		ps->pos += 6;
		if (cp >= 0xdc00 && cp <= 0xdfff) {
			free(o);
			return fail_at(ps, at, "lone low surrogate \\u%04x", cp);
		}
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (ps->n - ps->pos < 6 || c[6] != '\\' || c[7] != 'u' || hex4(c + 8, &lo) < 0 ||
			    lo < 0xdc00 || lo > 0xdfff) {
				free(o);
				return fail_at(ps, at, "high surrogate \\u%04x without its low half", cp);
			}
			ps->pos += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		if (!cp) {
			free(o);
			return fail_at(ps, at, "\\u0000 in a string");
		}
		if ((ps->flags & JSON_BYTE_ESCAPES) && cp >= 0x80 && cp <= 0xff)
			o[k++] = (char)cp;
		else
			k += put_utf8(o + k, cp);
	}
	ps->pos++;
	o[k] = '\0';
	*out = o;
	*outlen = k;
	return 0;
}

static int digits(struct parser *ps)
{
	size_t s = ps->pos;
	while (ps->pos < ps->n && ps->p[ps->pos] >= '0' && ps->p[ps->pos] <= '9')
		ps->pos++;
	return ps->pos > s;
}

static int parse_number(struct parser *ps, struct json *j)
{
	size_t start = ps->pos;
	if (ps->p[ps->pos] == '-')
		ps->pos++;
	if (ps->pos < ps->n && ps->p[ps->pos] == '0')
		ps->pos++;
	else if (!digits(ps))
		return fail_at(ps, start, "bad number");
	if (ps->pos < ps->n && ps->p[ps->pos] == '.') {
		ps->pos++;
		if (!digits(ps))
			return fail_at(ps, start, "bad number");
	}
	if (ps->pos < ps->n && (ps->p[ps->pos] == 'e' || ps->p[ps->pos] == 'E')) {
		ps->pos++;
		if (ps->pos < ps->n && (ps->p[ps->pos] == '+' || ps->p[ps->pos] == '-'))
			ps->pos++;
		if (!digits(ps))
			return fail_at(ps, start, "bad number");
	}
	j->type = JSON_NUMBER;
	j->str = xstrndup((const char *)ps->p + start, ps->pos - start);
	j->len = ps->pos - start;
	return 0;
}

static int parse_value(struct parser *ps, struct json *j, unsigned depth);

static int parse_array(struct parser *ps, struct json *j, unsigned depth)
{
	size_t alloc = 0;
	j->type = JSON_ARRAY;
	ps->pos++;
	skip_ws(ps);
	if (ps->pos < ps->n && ps->p[ps->pos] == ']') {
		ps->pos++;
		return 0;
	}
	for (;;) {
		GROW(j->v, alloc, j->nr + 1);
		memset(&j->v[j->nr], 0, sizeof(*j->v));
		int r = parse_value(ps, &j->v[j->nr++], depth + 1);
		if (r < 0)
			return r;
		skip_ws(ps);
		if (ps->pos < ps->n && ps->p[ps->pos] == ',') {
			ps->pos++;
			continue;
		}
		if (ps->pos < ps->n && ps->p[ps->pos] == ']') {
			ps->pos++;
			return 0;
		}
		return fail_at(ps, ps->pos, "expected ',' or ']' in an array, found %s", what(ps, &(struct what_buf){ { 0 } }));
	}
}

static int parse_object(struct parser *ps, struct json *j, unsigned depth)
{
	size_t alloc = 0, kalloc = 0;
	struct strmap seen = STRMAP_INIT;
	int r = 0;
	j->type = JSON_OBJECT;
	ps->pos++;
	skip_ws(ps);
	if (ps->pos < ps->n && ps->p[ps->pos] == '}') {
		ps->pos++;
		return 0;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->pos >= ps->n || ps->p[ps->pos] != '"') {
			r = fail_at(ps, ps->pos, "expected a string key in an object, found %s", what(ps, &(struct what_buf){ { 0 } }));
			break;
		}
		size_t kpos = ps->pos, klen;
		char *key;
		if ((r = parse_string(ps, &key, &klen)) < 0)
			break;
		GROW(j->v, alloc, j->nr + 1);
		GROW(j->keys, kalloc, j->nr + 1);
		memset(&j->v[j->nr], 0, sizeof(*j->v));
		j->keys[j->nr++] = key;
		int isnew;
		strmap_put(&seen, key, 0, &isnew);
		if (!isnew) {
			r = fail_at(ps, kpos, "duplicate key \"%s\"", key);
			break;
		}
		skip_ws(ps);
		if (ps->pos >= ps->n || ps->p[ps->pos] != ':') {
			r = fail_at(ps, ps->pos, "expected ':' after an object key, found %s", what(ps, &(struct what_buf){ { 0 } }));
			break;
		}
		ps->pos++;
		if ((r = parse_value(ps, &j->v[j->nr - 1], depth + 1)) < 0)
			break;
		skip_ws(ps);
		if (ps->pos < ps->n && ps->p[ps->pos] == ',') {
			ps->pos++;
			continue;
		}
		if (ps->pos < ps->n && ps->p[ps->pos] == '}') {
			ps->pos++;
			break;
		}
		r = fail_at(ps, ps->pos, "expected ',' or '}' in an object, found %s", what(ps, &(struct what_buf){ { 0 } }));
		break;
	}
	strmap_clear(&seen);
	return r;
}

static int literal(struct parser *ps, const char *word, enum json_type t, struct json *j)
{
	size_t l = strlen(word);
	if (ps->n - ps->pos < l || memcmp(ps->p + ps->pos, word, l))
		return fail_at(ps, ps->pos, "unexpected %s", what(ps, &(struct what_buf){ { 0 } }));
	ps->pos += l;
	j->type = t;
	return 0;
}

static int parse_value(struct parser *ps, struct json *j, unsigned depth)
{
	skip_ws(ps);
	if (ps->pos >= ps->n)
		return fail_at(ps, ps->pos, "unexpected end of the input");
	if (++ps->nodes > JSON_NODES_MAX)
		return fail_at(ps, ps->pos, "more than %d values", JSON_NODES_MAX);
	unsigned char c = ps->p[ps->pos];
	j->line = ps->pos; /* an offset until json_parse() turns it into line and column */
	switch (c) {
	case '{':
	case '[':
		if (depth >= JSON_DEPTH_MAX)
			return fail_at(ps, ps->pos, "nested deeper than %d levels", JSON_DEPTH_MAX);
		return c == '{' ? parse_object(ps, j, depth) : parse_array(ps, j, depth);
	case '"':
		j->type = JSON_STRING;
		return parse_string(ps, &j->str, &j->len);
	case 't': return literal(ps, "true", JSON_TRUE, j);
	case 'f': return literal(ps, "false", JSON_FALSE, j);
	case 'n': return literal(ps, "null", JSON_NULL, j);
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return parse_number(ps, j);
		return fail_at(ps, ps->pos, "unexpected %s", what(ps, &(struct what_buf){ { 0 } }));
	}
}

/* turn the offsets kept in line into line and column, in one pass */
struct posfix {
	const unsigned char *p;
	size_t at, line, col;
};

static void fix_positions(struct posfix *pf, struct json *j)
{
	size_t off = j->line;
	while (pf->at < off) {
		if (pf->p[pf->at] == '\n') {
			pf->line++;
			pf->col = 1;
		} else if ((pf->p[pf->at] & 0xc0) != 0x80) {
			pf->col++;
		}
		pf->at++;
	}
	j->line = pf->line;
	j->col = pf->col;
	if (j->type == JSON_ARRAY || j->type == JSON_OBJECT)
		for (size_t i = 0; i < j->nr; i++)
			fix_positions(pf, &j->v[i]);
}

int json_parse(const char *buf, size_t n, unsigned flags, struct json *out, char *err, size_t errlen)
{
	struct parser ps = { (const unsigned char *)buf, n, 0, flags, 0, err, errlen, 0 };
	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	int r = parse_value(&ps, out, 0);
	if (!r) {
		skip_ws(&ps);
		if (ps.pos < n)
			r = fail_at(&ps, ps.pos, "%s after the JSON value", what(&ps, &(struct what_buf){ { 0 } }));
	}
	if (r < 0) {
		json_release(out);
		return r;
	}
	struct posfix pf = { ps.p, 0, 1, 1 };
	fix_positions(&pf, out);
	return 0;
}

void json_release(struct json *j)
{
	for (size_t i = 0; i < j->nr; i++) {
		json_release(&j->v[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->v);
	free(j->keys);
	free(j->str);
	memset(j, 0, sizeof(*j));
}

const struct json *json_get(const struct json *obj, const char *key)
{
	if (obj->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->nr; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->v[i];
	return NULL;
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_NULL: return "null";
	case JSON_FALSE:
	case JSON_TRUE: return "a boolean";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "an array";
	case JSON_OBJECT: return "an object";
	}
	return "?";
}
