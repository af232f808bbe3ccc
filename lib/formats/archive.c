#include "archive.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AR_MAGIC "!<arch>\n"
#define AR_THIN_MAGIC "!<thin>\n"
#define AR_MAGIC_LEN 8

/* field offsets in the 60-byte member header */
#define H_NAME 0
#define H_NAME_LEN 16
#define H_SIZE 48
#define H_SIZE_LEN 10
#define H_FMAG 58

static int ar_fail(struct ar *ar, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int ar_fail(struct ar *ar, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ar->error, sizeof(ar->error), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Decimal, left-aligned and space-padded (leading spaces tolerated). */
static int parse_dec(const unsigned char *p, size_t n, size_t *out)
{
	size_t i = 0, v = 0;
	while (i < n && p[i] == ' ')
		i++;
	size_t start = i;
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
		size_t d = (size_t)(p[i] - '0');
		if (v > (SIZE_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	if (i == start)
		return -EINVAL;
	for (; i < n; i++)
		if (p[i] != ' ')
			return -EINVAL;
	*out = v;
	return 0;
}

static const char *set_name(struct ar *ar, const char *s, size_t n)
{
	free(ar->name_buf);
	ar->name_buf = xstrndup(s, n);
	return ar->name_buf;
}

/*
 * n bytes at pos (pos + n <= ar->size): inside the mapping, or read from
 * the file into to; NULL (with a message) when that read fails.
 */
static const unsigned char *at(struct ar *ar, size_t pos, size_t n, void *to)
{
	if (ar->data)
		return ar->data + pos;
	int e = pread_all(ar->fd, to, n, pos);
	if (e < 0) {
		ar_fail(ar, "cannot read %zu bytes at offset %zu: %s", n, pos,
			e == -ENODATA ? "file shorter than it was" : strerror(-e));
		return NULL;
	}
	return to;
}

/* n bytes at pos that stay valid until ar_close(): table_buf when read */
static const char *keep(struct ar *ar, size_t pos, size_t n)
{
	if (ar->data)
		return (const char *)ar->data + pos;
	free(ar->table_buf);
	ar->table_buf = xmalloc(n ? n : 1);
	return (const char *)at(ar, pos, n, ar->table_buf);
}

static int open_common(struct ar *ar, size_t size, const char *path)
{
	ar->size = size;
	ar->pos = AR_MAGIC_LEN;
	unsigned char magic[AR_MAGIC_LEN];
	const unsigned char *data;
	if (size < AR_MAGIC_LEN)
		return ar_fail(ar, "not an archive: file too short");
	if (!(data = at(ar, 0, AR_MAGIC_LEN, magic)))
		return -EIO;
	if (!memcmp(data, AR_THIN_MAGIC, AR_MAGIC_LEN))
		ar->thin = 1;
	else if (memcmp(data, AR_MAGIC, AR_MAGIC_LEN))
		return ar_fail(ar, "not an archive: bad magic");
	const char *slash = path ? strrchr(path, '/') : NULL;
	if (slash)
		ar->dir = xstrndup(path, (size_t)(slash - path) + (slash == path));
	return 0;
}

int ar_open(struct ar *ar, const unsigned char *data, size_t size, const char *path)
{
	memset(ar, 0, sizeof(*ar));
	ar->data = data;
	ar->fd = -1;
	return open_common(ar, size, path);
}

int ar_open_fd(struct ar *ar, int fd, size_t size, const char *path)
{
	memset(ar, 0, sizeof(*ar));
	ar->fd = fd;
	return open_common(ar, size, path);
}

void ar_close(struct ar *ar)
{
	free(ar->dir);
	free(ar->name_buf);
	free(ar->path_buf);
	free(ar->table_buf);
	memset(ar, 0, sizeof(*ar));
}

/* Leading decimal digits of p[0..n) into *out; *used is how many. */
static int parse_digits(const unsigned char *p, size_t n, size_t *out, size_t *used)
{
	size_t i = 0, v = 0;
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
		size_t d = (size_t)(p[i] - '0');
		if (v > (SIZE_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	if (!i)
		return -EINVAL;
	*out = v;
	*used = i;
	return 0;
}

/*
 * "/N": offset N into the "//" table; the name ends at "/\n" (or "\n").
 * Like binutils, the rest of the field is ignored (GNU ar ends some thin
 * names with '/'), except that in a thin archive "/N:ORIGIN" names a
 * member of the archive at path N, whose header is at offset ORIGIN there.
 */
static int long_name(struct ar *ar, const unsigned char *field, size_t hdr_pos,
		     const char **name, size_t *origin)
{
	size_t off, used, used2;
	if (parse_digits(field + 1, H_NAME_LEN - 1, &off, &used))
		return ar_fail(ar, "bad long name reference at offset %zu", hdr_pos);
	if (ar->thin && 1 + used < H_NAME_LEN && field[1 + used] == ':' &&
	    parse_digits(field + 2 + used, H_NAME_LEN - 2 - used, origin, &used2))
		return ar_fail(ar, "bad nested member origin at offset %zu", hdr_pos);
	if (!ar->longnames)
		return ar_fail(ar, "long name reference at offset %zu without a name table", hdr_pos);
	if (off >= ar->longnames_size)
		return ar_fail(ar, "long name offset %zu out of range at offset %zu", off, hdr_pos);
	const char *s = ar->longnames + off;
	const char *nl = memchr(s, '\n', ar->longnames_size - off);
	size_t n = nl ? (size_t)(nl - s) : ar->longnames_size - off;
	if (n && s[n - 1] == '/')
		n--;
	if (!n || memchr(s, '\0', n))
		return ar_fail(ar, "bad long name at offset %zu", hdr_pos);
	*name = set_name(ar, s, n);
	return 0;
}

static const char *thin_path(struct ar *ar, const char *name)
{
	free(ar->path_buf);
	if (name[0] == '/' || !ar->dir)
		ar->path_buf = xstrdup(name);
	else if (ar->dir[strlen(ar->dir) - 1] == '/')
		ar->path_buf = xasprintf("%s%s", ar->dir, name);
	else
		ar->path_buf = xasprintf("%s/%s", ar->dir, name);
	return ar->path_buf;
}

static int is_symdef(const char *name)
{
	return !strncmp(name, "__.SYMDEF", 9);
}

int ar_next(struct ar *ar, struct ar_member *m)
{
	if (ar->error[0])
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	for (;;) {
		if (ar->pos >= ar->size)
			return 0;
		size_t hdr_pos = ar->pos;
		if (ar->size - hdr_pos < AR_HDR_LEN)
			return ar_fail(ar, "truncated member header at offset %zu", hdr_pos);
		/* from a file, the member's head comes with its header */
		size_t got = ar->size - hdr_pos < sizeof(ar->io) ? ar->size - hdr_pos : sizeof(ar->io);
		const unsigned char *h = at(ar, hdr_pos, got, ar->io);
		if (!h)
			return -EIO;
		if (h[H_FMAG] != '`' || h[H_FMAG + 1] != '\n')
			return ar_fail(ar, "bad member header at offset %zu", hdr_pos);
		size_t msize;
		if (parse_dec(h + H_SIZE, H_SIZE_LEN, &msize))
			return ar_fail(ar, "bad member size at offset %zu", hdr_pos);
		size_t data_pos = hdr_pos + AR_HDR_LEN;
		size_t avail = ar->size - data_pos;

		const unsigned char *f = h + H_NAME;
		const char *name = NULL;
		size_t origin = 0;
		int special = 0;  /* symbol index or name table: data always inline */
		size_t skip = 0;  /* BSD name bytes at the start of the data */
		if (f[0] == '/') {
			size_t n = 1;
			while (n < H_NAME_LEN && f[n] != ' ')
				n++;
			if (n == 2 && f[1] == '/') {
				if (msize > avail)
					return ar_fail(ar, "truncated long name table at offset %zu", hdr_pos);
				if (!(ar->longnames = keep(ar, data_pos, msize)))
					return -EIO;
				ar->longnames_size = msize;
				special = 1;
			} else if (f[1] >= '0' && f[1] <= '9') {
				int err = long_name(ar, f, hdr_pos, &name, &origin);
				if (err)
					return err;
			} else {
				/* "/" (symbol index), "/SYM64/" and other tables */
				special = 1;
				if (hdr_pos == AR_MAGIC_LEN && (n == 1 || (n == 8 && !memcmp(f, "/SYM64/", 7))))
					ar->symtab_kind = n == 1 ? AR_SYMTAB_GNU : AR_SYMTAB_GNU64;
			}
		} else if (!memcmp(f, "#1/", 3)) {
			if (ar->thin)
				return ar_fail(ar, "BSD long name in thin archive at offset %zu", hdr_pos);
			if (parse_dec(f + 3, H_NAME_LEN - 3, &skip) || skip > msize)
				return ar_fail(ar, "bad BSD name length at offset %zu", hdr_pos);
			if (msize > avail)
				return ar_fail(ar, "truncated member at offset %zu", hdr_pos);
			char *bsd = ar->data ? NULL : xmalloc(skip ? skip : 1);
			const char *s = (const char *)at(ar, data_pos, skip, bsd);
			size_t n = skip;
			while (s && n && s[n - 1] == '\0')
				n--;
			int bad = s && (!n || memchr(s, '\0', n));
			if (s && !bad)
				name = set_name(ar, s, n);
			free(bsd);
			if (!s)
				return -EIO;
			if (bad)
				return ar_fail(ar, "bad BSD name at offset %zu", hdr_pos);
			special = is_symdef(name);
			if (special && hdr_pos == AR_MAGIC_LEN)
				ar->symtab_kind = AR_SYMTAB_BSD;
		} else {
			/* GNU "name/" or BSD space-padded short name */
			const unsigned char *end = memchr(f, '/', H_NAME_LEN);
			size_t n = end ? (size_t)(end - f) : H_NAME_LEN;
			if (!end)
				while (n && f[n - 1] == ' ')
					n--;
			if (!n || memchr(f, '\0', n))
				return ar_fail(ar, "bad member name at offset %zu", hdr_pos);
			name = set_name(ar, (const char *)f, n);
			special = is_symdef(name);
			if (special && hdr_pos == AR_MAGIC_LEN)
				ar->symtab_kind = AR_SYMTAB_BSD;
		}

		/* thin archives hold only the tables inline, not the members */
		int inline_data = !ar->thin || special;
		if (inline_data && msize > avail)
			return ar_fail(ar, "truncated member at offset %zu", hdr_pos);
		ar->pos = data_pos + (inline_data ? msize : 0);
		if (ar->pos & 1)
			ar->pos++;
		if (special && hdr_pos == AR_MAGIC_LEN && ar->symtab_kind != AR_SYMTAB_BSD &&
		    ar->symtab_kind != AR_SYMTAB_NONE && ar->data) {
			ar->symtab = ar->data + data_pos;
			ar->symtab_size = msize;
		}
		if (special)
			continue;

		m->name = name;
		m->header = hdr_pos;
		m->index = ar->nmembers++;
		if (ar->thin) {
			m->size = msize;
			m->path = thin_path(ar, name);
			m->origin = origin;
		} else {
			m->offset = data_pos + skip;
			m->size = msize - skip;
			m->head_size = m->size < AR_HEAD ? m->size : AR_HEAD;
			if (ar->data)
				m->data = m->head = ar->data + m->offset;
			else if (!skip)
				m->head = ar->io + AR_HDR_LEN; /* read with the header */
			else if (!(m->head = at(ar, m->offset, m->head_size, ar->io)))
				return -EIO;
		}
		return 1;
	}
}

/* a big-endian field of w (4 or 8) bytes */
static uint64_t be_field(const unsigned char *p, size_t w)
{
	uint64_t v = 0;
	for (size_t i = 0; i < w; i++)
		v = v << 8 | p[i];
	return v;
}

int ar_symtab_walk(enum ar_symtab_kind kind, const unsigned char *data, size_t size,
		   int (*fn)(void *arg, const char *name, size_t offset), void *arg)
{
	if (kind != AR_SYMTAB_GNU && kind != AR_SYMTAB_GNU64)
		return 0;
	size_t w = kind == AR_SYMTAB_GNU ? 4 : 8;
	if (!data || size < w)
		return -EINVAL;
	uint64_t count = be_field(data, w);
	if (count > (size - w) / w)
		return -EINVAL;
	const unsigned char *offsets = data + w;
	const char *names = (const char *)offsets + count * w;
	size_t left = size - w - (size_t)count * w;
	for (uint64_t i = 0; i < count; i++) {
		const char *nul = memchr(names, '\0', left);
		if (!nul)
			return -EINVAL;
		uint64_t off = be_field(offsets + i * w, w);
		if (off > SIZE_MAX)
			return -EINVAL;
		int r = fn(arg, names, (size_t)off);
		if (r)
			return r;
		left -= (size_t)(nul - names) + 1;
		names = nul + 1;
	}
	return 0;
}
