/*
 * strmap.h - a hash map from strings to size_t values (open addressing).
 *
 * Keys are not copied: the caller keeps them alive as long as the map (unit
 * arenas do).  strmap_put() inserts or finds a key and returns a pointer to
 * its value slot, set to init for a new key; the pointer is valid until the
 * next put.  Not thread-safe; each user owns its map.
 */
#ifndef LTO_SAFE_STRMAP_H
#define LTO_SAFE_STRMAP_H

#include <stddef.h>

struct strmap_slot {
	const char *key;
	size_t hash;
	size_t value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, nr;
};

#define STRMAP_INIT { NULL, 0, 0 }

size_t strmap_hash(const char *s);
/* pointer to the value of key, or NULL */
size_t *strmap_get(const struct strmap *m, const char *key);
/* pointer to the value of key, inserting it with value init; *isnew set when given */
size_t *strmap_put(struct strmap *m, const char *key, size_t init, int *isnew);
void strmap_clear(struct strmap *m);

#endif
