/*
 * cache.h - what earlier links learned, kept on disk so that the links
 * that do not involve LTO stay as fast as the plain toolchain.
 *
 * The directory is $LTO_SAFE_CACHE_DIR, else $XDG_CACHE_HOME/lto-safe,
 * else $HOME/.cache/lto-safe (created mode 0700 when first written);
 * LTO_SAFE_CACHE=0 turns every cache off.  Nothing in it is trusted beyond
 * its format: a file that is truncated, malformed or of another version is
 * ignored (and replaced on the next write).  Writes go to a temporary file
 * in the directory, renamed over the old one: concurrent links never see a
 * half-written file, and at worst one of them drops the other's additions.
 *
 * Clean archives: the identity of regular archives in which no member
 * carries LTO IR (elfpeek.h) and nothing was malformed, keyed by device,
 * inode, size, modification and status-change times (nanoseconds).  A file
 * whose times are within CLEAN_RACY_SECONDS of the time the scan started is
 * not recorded: a write in the same clock tick could leave them unchanged.
 * clean_parse() reads the on-disk form (exposed for tests).
 *
 * Query results (cache_get_text / cache_put_text): the text a command
 * printed, under a key that must name everything the text depends on; the
 * file stores the key and is used only when the key matches exactly.
 */
#ifndef LTO_SAFE_CACHE_H
#define LTO_SAFE_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct stat;

#define CLEAN_RACY_SECONDS 2
#define CLEAN_MAX 65536

struct clean_rec {
	uint64_t dev, ino, size;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
};

struct clean_set {
	struct clean_rec *v;   /* sorted, no duplicates */
	size_t nr, alloc;
	size_t added;          /* records added since loading */
	struct timespec start; /* when the scan started (racy check) */
};

#define CLEAN_SET_INIT { NULL, 0, 0, 0, { 0, 0 } }

/* the cache directory, or NULL when caching is off (static storage) */
const char *cache_dir(void);

/* load the clean-archive records (an empty set when none or malformed) */
void clean_load(struct clean_set *s);
/* parse n bytes of the on-disk form into s; 0, or -EINVAL (s left empty) */
int clean_parse(struct clean_set *s, const unsigned char *p, size_t n);
int clean_has(const struct clean_set *s, const struct stat *st);
/* record st unless racy; 1 if recorded */
int clean_add(struct clean_set *s, const struct stat *st);
/* merge with what is on disk now and write back, if anything was added */
int clean_save(struct clean_set *s);
void clean_release(struct clean_set *s);

/* the text stored under (kind, key), or NULL; malloc'd */
char *cache_get_text(const char *kind, const char *key);
int cache_put_text(const char *kind, const char *key, const char *text);

#endif
