/*
 * util.h - allocation helpers that never return NULL.
 *
 * x*alloc and xstrdup either succeed or print "lto-safe: out of memory" and
 * abort(): running out of memory in a linker wrapper is not recoverable, and
 * every caller would otherwise repeat the same check.  Memory returned is
 * owned by the caller and released with free().
 */
#ifndef LTO_SAFE_UTIL_H
#define LTO_SAFE_UTIL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *v (element size elsz) so that it holds at least need elements. */
void grow_array(void **v, size_t *alloc, size_t need, size_t elsz);
#define GROW(v, alloc, need) grow_array((void **)&(v), &(alloc), (need), sizeof(*(v)))

int str_starts(const char *s, const char *prefix);
int str_ends(const char *s, const char *suffix);
/* write all n bytes to fd, retrying short writes and EINTR; 0 or -errno */
int write_all(int fd, const void *buf, size_t n);
/* read n bytes at offset off of fd into buf, retrying short reads and EINTR;
 * 0, -errno, or -ENODATA when the file ends first */
int pread_all(int fd, void *buf, size_t n, size_t off);
/* length of the UTF-8 sequence at p (at most n bytes), or 0 when the bytes
 * there are not one: a lead byte 0xc2-0xf7 and its continuation bytes */
size_t utf8_len(const unsigned char *p, size_t n);
/* basename without modifying s */
const char *path_base(const char *s);

#endif
