#include "cache.h"
#include "settings.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CLEAN_FILE "clean-archives"
#define CLEAN_MAGIC "LTOSAFE-CLEAN-1\n"
#define CLEAN_MAGIC_LEN 16
#define CLEAN_REC_LEN 56
/* a query's text larger than this is not cached */
#define TEXT_MAX (1 << 20)

const char *cache_dir(void)
{
	static char buf[4096];
	buf[0] = '\0';
	if (!settings()->cache)
		return NULL;
	const char *d = setting_str(SET_CACHE_DIR), *x = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int n;
	if (d && *d)
		n = snprintf(buf, sizeof(buf), "%s", d);
	else if (x && x[0] == '/')
		n = snprintf(buf, sizeof(buf), "%s/lto-safe", x);
	else if (home && home[0] == '/')
		n = snprintf(buf, sizeof(buf), "%s/.cache/lto-safe", home);
	else
		n = -1;
	if (n < 0 || (size_t)n >= sizeof(buf))
		buf[0] = '\0';
	return buf[0] ? buf : NULL;
}

/* create the directory (and its parent) on first write */
static int make_dir(const char *dir)
{
	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -errno;
	char *parent = xstrdup(dir);
	char *slash = strrchr(parent, '/');
	int r = -ENOENT;
	if (slash && slash != parent) {
		*slash = '\0';
		if ((mkdir(parent, 0700) == 0 || errno == EEXIST) && (mkdir(dir, 0700) == 0 || errno == EEXIST))
			r = 0;
		else
			r = -errno;
	}
	free(parent);
	return r;
}

/* the whole file, at most max bytes (larger: NULL) */
static unsigned char *read_small(const char *path, size_t max, size_t *n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	unsigned char *p = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size <= max) {
		size_t want = (size_t)st.st_size, got = 0;
		p = xmalloc(want + 1);
		while (got < want) {
			ssize_t r = read(fd, p + got, want - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		if (got != want) {
			free(p);
			p = NULL;
		} else {
			p[want] = 0;
			*n = want;
		}
	}
	close(fd);
	return p;
}

/* write n bytes to dir/name through a temporary file and a rename */
static int write_atomic(const char *name, const void *data, size_t n)
{
	const char *dir = cache_dir();
	if (!dir)
		return -ENOENT;
	int r = make_dir(dir);
	if (r < 0)
		return r;
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, name);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		r = -errno;
		free(tmp);
		return r;
	}
	char *path = xasprintf("%s/%s", dir, name);
	r = write_all(fd, data, n) < 0 ? -errno : 0;
	if (close(fd) < 0 && !r)
		r = -errno;
	if (!r && rename(tmp, path) < 0)
		r = -errno;
	if (r)
		unlink(tmp);
	free(tmp);
	free(path);
	return r;
}

/* ---- clean archives ---- */

static int rec_cmp(const void *a, const void *b)
{
	const struct clean_rec *x = a, *y = b;
#define CMP(f) if (x->f != y->f) return x->f < y->f ? -1 : 1
	CMP(dev); CMP(ino); CMP(size); CMP(mtime_s); CMP(mtime_ns); CMP(ctime_s); CMP(ctime_ns);
#undef CMP
	return 0;
}

static void rec_of(struct clean_rec *r, const struct stat *st)
{
	memset(r, 0, sizeof(*r));
	r->dev = (uint64_t)st->st_dev;
	r->ino = (uint64_t)st->st_ino;
	r->size = (uint64_t)st->st_size;
	r->mtime_s = st->st_mtim.tv_sec;
	r->mtime_ns = st->st_mtim.tv_nsec;
	r->ctime_s = st->st_ctim.tv_sec;
	r->ctime_ns = st->st_ctim.tv_nsec;
}

static void sort_unique(struct clean_set *s)
{
	if (!s->nr)
		return;
	if (s->nr > 1)
		qsort(s->v, s->nr, sizeof(*s->v), rec_cmp);
	size_t k = 1;
	for (size_t i = 1; i < s->nr; i++)
		if (rec_cmp(&s->v[i], &s->v[k - 1]))
			s->v[k++] = s->v[i];
	s->nr = k;
}

int clean_parse(struct clean_set *s, const unsigned char *p, size_t n)
{
	s->nr = 0;
	if (n < CLEAN_MAGIC_LEN || memcmp(p, CLEAN_MAGIC, CLEAN_MAGIC_LEN) ||
	    (n - CLEAN_MAGIC_LEN) % CLEAN_REC_LEN || (n - CLEAN_MAGIC_LEN) / CLEAN_REC_LEN > CLEAN_MAX)
		return -EINVAL;
	size_t count = (n - CLEAN_MAGIC_LEN) / CLEAN_REC_LEN;
	GROW(s->v, s->alloc, count + 1);
	for (size_t i = 0; i < count; i++) {
		const unsigned char *q = p + CLEAN_MAGIC_LEN + i * CLEAN_REC_LEN;
		struct clean_rec *r = &s->v[i];
		memcpy(&r->dev, q, 8);
		memcpy(&r->ino, q + 8, 8);
		memcpy(&r->size, q + 16, 8);
		memcpy(&r->mtime_s, q + 24, 8);
		memcpy(&r->mtime_ns, q + 32, 8);
		memcpy(&r->ctime_s, q + 40, 8);
		memcpy(&r->ctime_ns, q + 48, 8);
	}
	s->nr = count;
	sort_unique(s);
	return 0;
}

static void load_into(struct clean_set *s)
{
	const char *dir = cache_dir();
	if (!dir)
		return;
	char *path = xasprintf("%s/%s", dir, CLEAN_FILE);
	size_t n = 0;
	unsigned char *p = read_small(path, CLEAN_MAGIC_LEN + (size_t)CLEAN_MAX * CLEAN_REC_LEN, &n);
	free(path);
	if (p)
		clean_parse(s, p, n);
	free(p);
}

void clean_load(struct clean_set *s)
{
	memset(s, 0, sizeof(*s));
	clock_gettime(CLOCK_REALTIME, &s->start);
	load_into(s);
}

int clean_has(const struct clean_set *s, const struct stat *st)
{
	struct clean_rec key;
	rec_of(&key, st);
	return s->nr && bsearch(&key, s->v, s->nr, sizeof(*s->v), rec_cmp) != NULL;
}

static int racy(const struct clean_set *s, const struct timespec *t)
{
	return t->tv_sec + CLEAN_RACY_SECONDS >= s->start.tv_sec;
}

int clean_add(struct clean_set *s, const struct stat *st)
{
	if (racy(s, &st->st_mtim) || racy(s, &st->st_ctim) || clean_has(s, st))
		return 0;
	GROW(s->v, s->alloc, s->nr + 1);
	rec_of(&s->v[s->nr++], st);
	sort_unique(s);
	s->added++;
	return 1;
}

int clean_save(struct clean_set *s)
{
	if (!s->added || !cache_dir())
		return 0;
	/* what other links wrote since we loaded, then ours */
	struct clean_set disk = CLEAN_SET_INIT;
	load_into(&disk);
	if (disk.nr && disk.nr + s->nr <= CLEAN_MAX) {
		GROW(s->v, s->alloc, s->nr + disk.nr);
		memcpy(s->v + s->nr, disk.v, disk.nr * sizeof(*disk.v));
		s->nr += disk.nr;
		sort_unique(s);
	}
	clean_release(&disk);
	if (s->nr > CLEAN_MAX)
		s->nr = CLEAN_MAX;
	size_t n = CLEAN_MAGIC_LEN + s->nr * CLEAN_REC_LEN;
	unsigned char *buf = xmalloc(n);
	memcpy(buf, CLEAN_MAGIC, CLEAN_MAGIC_LEN);
	for (size_t i = 0; i < s->nr; i++) {
		unsigned char *q = buf + CLEAN_MAGIC_LEN + i * CLEAN_REC_LEN;
		const struct clean_rec *r = &s->v[i];
		memcpy(q, &r->dev, 8);
		memcpy(q + 8, &r->ino, 8);
		memcpy(q + 16, &r->size, 8);
		memcpy(q + 24, &r->mtime_s, 8);
		memcpy(q + 32, &r->mtime_ns, 8);
		memcpy(q + 40, &r->ctime_s, 8);
		memcpy(q + 48, &r->ctime_ns, 8);
	}
	int r = write_atomic(CLEAN_FILE, buf, n);
	free(buf);
	s->added = 0;
	return r;
}

void clean_release(struct clean_set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* ---- query results ---- */

static char *text_name(const char *kind, const char *key)
{
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return xasprintf("%s-%016llx", kind, (unsigned long long)h);
}

char *cache_get_text(const char *kind, const char *key)
{
	const char *dir = cache_dir();
	if (!dir)
		return NULL;
	char *name = text_name(kind, key);
	char *path = xasprintf("%s/%s", dir, name);
	free(name);
	size_t n = 0, klen = strlen(key);
	unsigned char *p = read_small(path, TEXT_MAX + klen + 1, &n);
	free(path);
	char *text = NULL;
	/* KEY NUL TEXT, no other NUL */
	if (p && n > klen && !memcmp(p, key, klen) && p[klen] == '\0' &&
	    !memchr(p + klen + 1, '\0', n - klen - 1))
		text = xstrdup((const char *)p + klen + 1);
	free(p);
	return text;
}

int cache_put_text(const char *kind, const char *key, const char *text)
{
	size_t klen = strlen(key), tlen = strlen(text);
	if (!cache_dir() || tlen > TEXT_MAX)
		return 0;
	char *buf = xmalloc(klen + 1 + tlen);
	memcpy(buf, key, klen + 1);
	memcpy(buf + klen + 1, text, tlen);
	char *name = text_name(kind, key);
	int r = write_atomic(name, buf, klen + 1 + tlen);
	free(name);
	free(buf);
	return r;
}
