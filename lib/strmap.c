#include "strmap.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t strmap_hash(const char *s)
{
	/* FNV-1a, 64 bit */
	uint64_t h = 0xcbf29ce484222325ull;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ull;
	}
	return (size_t)h;
}

static struct strmap_slot *find(const struct strmap *m, const char *key, size_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
	}
}

size_t *strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	struct strmap_slot *s = find(m, key, strmap_hash(key));
	return s->key ? &s->value : NULL;
}

static void rehash(struct strmap *m, size_t cap)
{
	struct strmap_slot *old = m->slots;
	size_t oldcap = m->cap;
	m->slots = xcalloc(cap, sizeof(*m->slots));
	m->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].hash) = old[i];
	free(old);
}

size_t *strmap_put(struct strmap *m, const char *key, size_t init, int *isnew)
{
	if ((m->nr + 1) * 4 >= m->cap * 3)
		rehash(m, m->cap ? m->cap * 2 : 64);
	size_t h = strmap_hash(key);
	struct strmap_slot *s = find(m, key, h);
	if (isnew)
		*isnew = !s->key;
	if (!s->key) {
		s->key = key;
		s->hash = h;
		s->value = init;
		m->nr++;
	}
	return &s->value;
}

void strmap_clear(struct strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->nr = 0;
}
