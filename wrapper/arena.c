/*
 * arena.c - the front end's allocator (static musl builds): memory is
 * taken as it is needed and never given back.
 *
 * The front end lives for a few milliseconds and then execs, which frees
 * everything at once.  musl's allocator returns freed memory to the kernel
 * at once (munmap, madvise), and on the development VM a page touched,
 * returned and touched again costs about 30 microseconds: the link
 * decision of quick.h paid about 1 ms for it (measured when this was
 * chosen; doc/performance.md, "Small links", has today's cost).
 * Here blocks come from a static arena, then from 1 MiB mappings; free()
 * takes back only the most recent block, and realloc() grows the most
 * recent block in place.  Not for sanitizer builds (the front end is then
 * linked dynamically and this file is left out).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ALIGN 16
#define CHUNK ((size_t)1 << 20)

struct block {
	size_t size;
	size_t pad;
};

static unsigned char first[256 << 10] __attribute__((aligned(ALIGN)));
static unsigned char *cur = first, *end = first + sizeof(first);
static struct block *last;

static size_t span(size_t n)
{
	return (n + sizeof(struct block) + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

/* malloc itself; calloc calls this (GCC would turn malloc and memset
 * into a call of calloc) */
static void *take(size_t n)
{
	if (n > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	size_t need = span(n);
	if (need > (size_t)(end - cur)) {
		size_t sz = need > CHUNK ? need : CHUNK;
		void *p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			errno = ENOMEM;
			return NULL;
		}
		cur = p;
		end = cur + sz;
	}
	last = (struct block *)cur;
	last->size = n;
	cur += need;
	return last + 1;
}

void *malloc(size_t n)
{
	return take(n);
}

void free(void *p)
{
	if (p && (struct block *)p - 1 == last) {
		cur = (unsigned char *)last;
		last = NULL;
	}
}

void *calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / 2 / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = take(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *p, size_t n)
{
	if (!p)
		return take(n);
	struct block *b = (struct block *)p - 1;
	if (n <= b->size)
		return p;
	if (b == last && n <= SIZE_MAX / 2 && span(n) <= (size_t)(end - (unsigned char *)b)) {
		b->size = n;
		cur = (unsigned char *)b + span(n);
		return p;
	}
	void *q = take(n);
	if (q)
		memcpy(q, p, b->size);
	return q;
}
