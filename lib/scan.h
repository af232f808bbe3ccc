/*
 * scan.h - scanning every input of a link, in parallel, into units.
 *
 * scan_inputs() maps each input file, splits archives into members (thin
 * members are mapped from their own files), and runs the format's scanner
 * on every ELF object or bitcode file, at the given depth, on up to
 * `threads` threads (0 = one per core, at most 8).  Units appear in link
 * order (input order, then member order) whatever the thread schedule, so
 * the result is deterministic.  Inputs that are not objects (shared
 * objects, scripts, missing files) give no unit; archive members that are
 * neither ELF nor bitcode are skipped.  A unit that could not be
 * understood carries u->error; a malformed archive gives a unit with the
 * error and no member name.
 *
 * At SCAN_CLASSIFY an ELF object whose section headers show no LTO IR
 * (elfpeek.h) gets no unit: the units are then the inputs that may take
 * part in LTO and those that could not be read, and set->partial is 1.
 *
 * scan_rescan() raises an existing set to SCAN_FULL (only units not yet
 * full are scanned again; a partial set is enumerated again, every object
 * included, so unit pointers and indexes taken before do not survive it).
 * Each archive member's unit carries its header offset (u->ar_header), and
 * set->symtabs[input] the archive's symbol index, so that what the index
 * lists for a member can be checked (policy.h).
 *
 * The set keeps a pointer to the input list, which must outlive it.  The
 * set owns the units and the file mappings (units point into them while
 * scanning); scan_set_release() frees all.
 */
#ifndef LTO_SAFE_SCAN_H
#define LTO_SAFE_SCAN_H

#include <stddef.h>
#include "formats/archive.h"
#include "formats/elfscan.h"
#include "facts.h"
#include "resolve.h"

struct scan_blob;

/* an archive input's symbol index, as archive.h reads it: data points into
 * a mapping the set owns (NULL when the index was not read) */
struct scan_symtab {
	enum ar_symtab_kind kind;
	const unsigned char *data;
	size_t size;
};

struct scan_set {
	struct unit *units;
	size_t nunits, aunits;
	/* per unit: the bytes scanned (inside a mapping owned by the set) */
	const unsigned char **data;
	size_t *size;
	size_t *mapof;   /* per unit: index of its mapping in maps, or SIZE_MAX */
	struct scan_blob *maps;
	size_t nmaps, amaps;
	unsigned threads;
	const struct input_list *in;
	int partial;   /* objects without LTO IR were left out (SCAN_CLASSIFY) */
	/* per input (in->nr of them, or NULL): the symbol index of each archive
	 * that gave a unit; kind AR_SYMTAB_NONE for the other inputs */
	struct scan_symtab *symtabs;
};

#define SCAN_SET_INIT { 0 }

int scan_inputs(const struct input_list *in, enum scan_depth depth, unsigned threads,
		struct scan_set *out);
int scan_rescan(struct scan_set *set, enum scan_depth depth);
/*
 * scan_inputs() at SCAN_CLASSIFY, with a set of archives known to hold no
 * LTO IR (cache.h): those are not read at all, and the regular archives
 * found clean now are added to it (the caller saves it).
 */
struct clean_set;
int scan_classify_cached(const struct input_list *in, unsigned threads, struct clean_set *clean,
			 struct scan_set *out);
void scan_set_release(struct scan_set *set);

/* number of units with lto != LTO_NONE */
size_t scan_count_lto(const struct scan_set *set);

#endif
