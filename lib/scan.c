#include "scan.h"
#include "formats/archive.h"
#include "cache.h"
#include "formats/classify.h"
#include "formats/elfpeek.h"
#include "formats/llvmbc.h"
#include "mapfile.h"
#include "settings.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct scan_blob {
	struct mapped m;
	atomic_size_t left;  /* units in it not yet scanned in full */
};

static const unsigned char *keep_map(struct scan_set *set, struct mapped *m)
{
	GROW(set->maps, set->amaps, set->nmaps + 1);
	set->maps[set->nmaps].m = *m;
	atomic_init(&set->maps[set->nmaps].left, 0);
	set->nmaps++;
	return m->data;
}

/* a unit for data[0..size) inside set->maps[map] (no data: map unused) */
static struct unit *new_unit(struct scan_set *set, const char *path, const char *member,
			     size_t input, const unsigned char *data, size_t size, size_t map)
{
	if (set->nunits == set->aunits) {
		GROW(set->units, set->aunits, set->nunits + 1);
		set->data = xrealloc(set->data, set->aunits * sizeof(*set->data));
		set->size = xrealloc(set->size, set->aunits * sizeof(*set->size));
		set->mapof = xrealloc(set->mapof, set->aunits * sizeof(*set->mapof));
	}
	set->mapof[set->nunits] = data ? map : SIZE_MAX;
	if (data)
		atomic_fetch_add(&set->maps[map].left, 1);
	struct unit *u = &set->units[set->nunits];
	unit_init(u, path, member, input);
	u->kind = classify_bytes(data, size);
	set->data[set->nunits] = data;
	set->size[set->nunits] = size;
	set->nunits++;
	return u;
}

static int wanted(enum file_kind k)
{
	return k == FK_ELF_REL || k == FK_BITCODE;
}

/*
 * At classification depth an ELF object whose section names show no LTO IR
 * gets no unit at all (the set is then partial, and scan_rescan() to
 * SCAN_FULL enumerates again with every object).
 */
static int skip_plain(struct scan_set *set, enum scan_depth depth, enum file_kind k,
		      const unsigned char *data, size_t size)
{
	if (depth != SCAN_CLASSIFY || k != FK_ELF_REL || elfpeek(data, size) != PEEK_NO_LTO)
		return 0;
	set->partial = 1;
	return 1;
}

/* remember input idx's symbol index (its bytes inside a mapping of the set) */
static void note_symtab(struct scan_set *set, size_t idx, enum ar_symtab_kind kind,
			const unsigned char *data, size_t size)
{
	if (!set->symtabs)
		set->symtabs = xcalloc(set->in->nr ? set->in->nr : 1, sizeof(*set->symtabs));
	set->symtabs[idx] = (struct scan_symtab){ kind, data, size };
}

static void add_archive(struct scan_set *set, const struct input *in, size_t idx,
			const unsigned char *data, size_t size, size_t map, enum scan_depth depth)
{
	struct ar ar;
	struct ar_member m;
	int r = ar_open(&ar, data, size, in->path);
	while (r >= 0 && (r = ar_next(&ar, &m)) > 0) {
		const unsigned char *mdata = m.data;
		size_t msize = m.size;
		if (m.path) {
			struct mapped mm;
			int e = map_file(m.path, &mm);
			if (e < 0) {
				struct unit *u = new_unit(set, in->path, m.name, idx, NULL, 0, 0);
				unit_fail(u, "cannot read thin archive member %s: %s", m.path, strerror(-e));
				continue;
			}
			mdata = keep_map(set, &mm);
			msize = mm.size;
		}
		enum file_kind k = classify_bytes(mdata, msize < 64 ? msize : 64);
		if (!wanted(k) || skip_plain(set, depth, k, mdata, msize)) {
			if (m.path)
				unmap_file(&set->maps[--set->nmaps].m);
			continue;
		}
		new_unit(set, in->path, m.name, idx, mdata, msize, m.path ? set->nmaps - 1 : map)->ar_header =
			m.header;
	}
	note_symtab(set, idx, ar.symtab_kind, ar.symtab, ar.symtab_size);
	if (r < 0) {
		struct unit *u = new_unit(set, in->path, NULL, idx, NULL, 0, 0);
		u->kind = in->kind;
		unit_fail(u, "malformed archive: %s", ar.error[0] ? ar.error : strerror(-r));
	}
	ar_close(&ar);
	/* the walk touched every member's first pages: give them back until
	 * the members are scanned */
	map_drop_pages(&set->maps[map].m);
}

/*
 * A regular archive walked at classification depth, on any thread: the
 * members that need a unit (their names copied), whether some were left
 * out, and why the archive is malformed, if it is.  The walk first reads
 * only the member heads and section tables, with pread(); only an archive
 * where that shows something to scan is mapped and walked again.
 */
struct member_ref {
	char *name;
	const unsigned char *data;
	size_t size;
	size_t header;
};

struct walk {
	const char *path;
	struct stat st;     /* the file walked */
	int err;            /* it could not be read: -errno */
	int clean;          /* no member to scan: never mapped */
	struct mapped m;    /* otherwise its mapping (empty when no member needs a unit) */
	struct member_ref *v;
	size_t nr, alloc;
	int skipped;
	char *error;
	struct scan_symtab symtab;
};

/* 1: no member of the archive open as fd needs a unit, as its heads show */
static int heads_clean(int fd, size_t size, const char *path, struct peek_buf *buf)
{
	struct ar ar;
	struct ar_member m;
	int clean = 1;
	int r = ar_open_fd(&ar, fd, size, path);
	while (clean && r >= 0 && (r = ar_next(&ar, &m)) > 0) {
		enum file_kind k = classify_bytes(m.head, m.head_size);
		if (wanted(k) && (k != FK_ELF_REL ||
				  elfpeek_fd(fd, m.offset, m.size, m.head, m.head_size, buf) != PEEK_NO_LTO))
			clean = 0;
	}
	ar_close(&ar);
	return clean && r == 0;
}

static void walk_archive(struct walk *w)
{
	struct ar ar;
	struct ar_member m;
	int r = ar_open(&ar, w->m.data, w->m.size, w->path);
	while (r >= 0 && (r = ar_next(&ar, &m)) > 0) {
		enum file_kind k = classify_bytes(m.data, m.size < 64 ? m.size : 64);
		if (!wanted(k))
			continue;
		if (k == FK_ELF_REL && elfpeek(m.data, m.size) == PEEK_NO_LTO) {
			w->skipped = 1;
			continue;
		}
		GROW(w->v, w->alloc, w->nr + 1);
		w->v[w->nr].name = xstrdup(m.name);
		w->v[w->nr].data = m.data;
		w->v[w->nr].size = m.size;
		w->v[w->nr].header = m.header;
		w->nr++;
	}
	w->symtab = (struct scan_symtab){ ar.symtab_kind, ar.symtab, ar.symtab_size };
	if (r < 0)
		w->error = xstrdup(ar.error[0] ? ar.error : "cannot read it");
	ar_close(&ar);
}

/* the heads first; the mapping only when they show something to scan */
static void walk_one(struct walk *w, struct peek_buf *buf)
{
	int fd = open(w->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		w->err = -errno;
		return;
	}
	w->clean = fstat(fd, &w->st) == 0 && S_ISREG(w->st.st_mode) &&
		   heads_clean(fd, (size_t)w->st.st_size, w->path, buf);
	close(fd);
	if (w->clean)
		return;
	int e = map_file_st(w->path, &w->m, &w->st);
	if (e < 0) {
		w->err = e;
		return;
	}
	walk_archive(w);
	/* nothing in it to scan now: its pages need not stay mapped (a scan
	 * to SCAN_FULL maps the files again); otherwise the pages the walk
	 * touched (member headers, section header tables) are given back
	 * until the members are scanned */
	if (!w->nr)
		unmap_file(&w->m);
	else
		map_drop_pages(&w->m);
}

static unsigned pick_threads(unsigned threads, size_t n);
static void run_parallel(unsigned nt, void *(*fn)(void *), void *arg);

struct walk_work {
	struct walk *v;
	size_t n;
	atomic_size_t next;
};

static void *walk_worker(void *arg)
{
	struct walk_work *w = arg;
	struct peek_buf buf = { NULL, 0 };
	for (;;) {
		size_t i = atomic_fetch_add(&w->next, 1);
		if (i >= w->n)
			break;
		walk_one(&w->v[i], &buf);
	}
	free(buf.v);
	return NULL;
}

/* what the first pass learned of one input */
struct pre {
	enum { PRE_NONE, PRE_CACHED, PRE_FAILED, PRE_MAPPED, PRE_WALKED } state;
	int err;
	int cacheable;
	size_t map;
	size_t walk;  /* index into the walks */
	struct stat st;
};

/* the units of a walked archive, in input order */
static void add_walked(struct scan_set *set, const struct input *p, size_t i, struct walk *w,
		       int cacheable, struct clean_set *clean)
{
	if (w->err) {
		struct unit *u = new_unit(set, p->path, NULL, i, NULL, 0, 0);
		u->kind = p->kind;
		unit_fail(u, "cannot read: %s", strerror(-w->err));
		return;
	}
	if (w->nr) {
		keep_map(set, &w->m);
		for (size_t k = 0; k < w->nr; k++)
			new_unit(set, p->path, w->v[k].name, i, w->v[k].data, w->v[k].size,
				 set->nmaps - 1)->ar_header = w->v[k].header;
		note_symtab(set, i, w->symtab.kind, w->symtab.data, w->symtab.size);
	}
	if (w->error) {
		struct unit *u = new_unit(set, p->path, NULL, i, NULL, 0, 0);
		u->kind = p->kind;
		unit_fail(u, "malformed archive: %s", w->error);
	}
	if (w->skipped || w->clean)
		set->partial = 1;
	/* st is the file that was walked: nothing to scan in it */
	if (cacheable && !w->nr && !w->error)
		clean_add(clean, &w->st);
}

/*
 * Units in link order.  First every input is mapped, except the regular
 * archives: one the clean set knows is not read at all, and at
 * classification depth the others are walked in parallel (walk_one()); last,
 * units are made in input order, so the result does not depend on the
 * threads.
 */
static void enumerate(struct scan_set *set, const struct input_list *in, enum scan_depth depth,
		      struct clean_set *clean)
{
	struct pre *pre = xcalloc(in->nr ? in->nr : 1, sizeof(*pre));
	struct walk *walks = NULL;
	size_t nwalks = 0, awalks = 0;
	for (size_t i = 0; i < in->nr; i++) {
		const struct input *p = &in->v[i];
		if (!p->path)
			continue;
		if (!wanted(p->kind) && p->kind != FK_ARCHIVE && p->kind != FK_THIN_ARCHIVE)
			continue;
		/* a regular archive known to hold no LTO IR is not even opened */
		pre[i].cacheable = clean && depth == SCAN_CLASSIFY && p->kind == FK_ARCHIVE;
		if (pre[i].cacheable &&
		    (p->known_clean || (stat(p->path, &pre[i].st) == 0 && clean_has(clean, &pre[i].st)))) {
			pre[i].state = PRE_CACHED;
			continue;
		}
		if (depth == SCAN_CLASSIFY && p->kind == FK_ARCHIVE) {
			GROW(walks, awalks, nwalks + 1);
			memset(&walks[nwalks], 0, sizeof(*walks));
			walks[nwalks].path = p->path;
			pre[i].state = PRE_WALKED;
			pre[i].walk = nwalks++;
			continue;
		}
		struct mapped m;
		int e = map_file_st(p->path, &m, &pre[i].st);
		if (e < 0) {
			pre[i].state = PRE_FAILED;
			pre[i].err = e;
			continue;
		}
		pre[i].state = PRE_MAPPED;
		keep_map(set, &m);
		pre[i].map = set->nmaps - 1;
	}
	if (nwalks) {
		struct walk_work w = { .v = walks, .n = nwalks };
		atomic_init(&w.next, 0);
		unsigned nt = pick_threads(set->threads, 16 * nwalks);
		run_parallel(nt < nwalks ? nt : (unsigned)nwalks, walk_worker, &w);
	}
	for (size_t i = 0; i < in->nr; i++) {
		const struct input *p = &in->v[i];
		struct pre *q = &pre[i];
		if (q->state == PRE_NONE)
			continue;
		if (q->state == PRE_CACHED) {
			set->partial = 1;
			continue;
		}
		if (q->state == PRE_WALKED) {
			add_walked(set, p, i, &walks[q->walk], q->cacheable, clean);
			continue;
		}
		if (q->state == PRE_FAILED) {
			struct unit *u = new_unit(set, p->path, NULL, i, NULL, 0, 0);
			u->kind = p->kind;
			unit_fail(u, "cannot read: %s", strerror(-q->err));
			continue;
		}
		const struct mapped *m = &set->maps[q->map].m;
		if (p->kind == FK_ARCHIVE || p->kind == FK_THIN_ARCHIVE)
			add_archive(set, p, i, m->data, m->size, q->map, depth);
		else if (!skip_plain(set, depth, classify_bytes(m->data, m->size < 64 ? m->size : 64),
				     m->data, m->size))
			new_unit(set, p->path, NULL, i, m->data, m->size, q->map);
	}
	for (size_t k = 0; k < nwalks; k++) {
		for (size_t j = 0; j < walks[k].nr; j++)
			free(walks[k].v[j].name);
		free(walks[k].v);
		free(walks[k].error);
	}
	free(walks);
	free(pre);
}

struct work {
	struct scan_set *set;
	enum scan_depth depth;
	atomic_size_t next;
};

/*
 * After a full scan the units' facts hold copies of everything they need:
 * when the last unit of a mapping is done, give its pages back.  The
 * resident size of a scan of many large archives is then what the facts
 * take plus the files being read, not all the files.  Once per mapping,
 * not per member.
 */
static void unit_done(struct scan_set *set, size_t i)
{
	size_t k = set->mapof[i];
	if (k == SIZE_MAX || atomic_fetch_sub(&set->maps[k].left, 1) != 1)
		return;
	map_drop_pages(&set->maps[k].m);
}

static void scan_one(struct scan_set *set, size_t i, enum scan_depth depth)
{
	struct unit *u = &set->units[i];
	if (u->error || (u->full && depth == SCAN_FULL)) {
		if (depth == SCAN_FULL)
			unit_done(set, i);
		return;
	}
	if (u->kind == FK_ELF_REL) {
		elfscan_unit(u, set->data[i], set->size[i], depth);
	} else if (u->kind == FK_BITCODE) {
		u->lto = LTO_LLVM;
		if (depth == SCAN_FULL && !llvmbc_scan(u, NULL, set->data[i], set->size[i]))
			u->full = 1;
	}
	if (depth == SCAN_FULL) {
		unit_shrink(u);
		unit_done(set, i);
	}
}

static void *worker(void *arg)
{
	struct work *w = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&w->next, 1);
		if (i >= w->set->nunits)
			break;
		scan_one(w->set, i, w->depth);
	}
	return NULL;
}

static unsigned pick_threads(unsigned threads, size_t n)
{
	if (!threads)
		threads = settings()->threads;
	if (!threads) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		threads = c > 0 ? (unsigned)c : 1;
	}
	if (threads > 8)
		threads = 8;
	/* a thread per handful of units at least; tiny links stay single-threaded */
	if (n < 16 * (size_t)threads)
		threads = (unsigned)(n / 16) + 1;
	return threads ? threads : 1;
}

/* drop the units and mappings, keep the input list and the thread count */
static void drop_units(struct scan_set *set)
{
	const struct input_list *in = set->in;
	unsigned threads = set->threads;
	scan_set_release(set);
	set->in = in;
	set->threads = threads;
}

/* fn(arg) on nt threads, this one included; returns when all are done */
static void run_parallel(unsigned nt, void *(*fn)(void *), void *arg)
{
	if (nt <= 1) {
		fn(arg);
		return;
	}
	pthread_t *tids = xcalloc(nt, sizeof(*tids));
	unsigned started = 0;
	for (unsigned t = 1; t < nt; t++) {
		if (pthread_create(&tids[t], NULL, fn, arg) != 0)
			break;
		started = t;
	}
	fn(arg);
	for (unsigned t = 1; t <= started; t++)
		pthread_join(tids[t], NULL);
	free(tids);
}

int scan_rescan(struct scan_set *set, enum scan_depth depth)
{
	if (depth == SCAN_FULL && set->partial) {
		drop_units(set);
		enumerate(set, set->in, SCAN_FULL, NULL);
	}
	unsigned nt = pick_threads(set->threads, set->nunits);
	struct work w = { .set = set, .depth = depth };
	atomic_init(&w.next, 0);
	run_parallel(nt, worker, &w);
	return 0;
}

int scan_inputs(const struct input_list *in, enum scan_depth depth, unsigned threads,
		struct scan_set *out)
{
	memset(out, 0, sizeof(*out));
	out->threads = threads;
	out->in = in;
	enumerate(out, in, depth, NULL);
	return scan_rescan(out, depth);
}

int scan_classify_cached(const struct input_list *in, unsigned threads, struct clean_set *clean,
			 struct scan_set *out)
{
	memset(out, 0, sizeof(*out));
	out->threads = threads;
	out->in = in;
	enumerate(out, in, SCAN_CLASSIFY, clean);
	return scan_rescan(out, SCAN_CLASSIFY);
}

size_t scan_count_lto(const struct scan_set *set)
{
	size_t n = 0;
	for (size_t i = 0; i < set->nunits; i++)
		n += set->units[i].lto != LTO_NONE;
	return n;
}

void scan_set_release(struct scan_set *set)
{
	for (size_t i = 0; i < set->nunits; i++)
		unit_release(&set->units[i]);
	for (size_t i = 0; i < set->nmaps; i++)
		unmap_file(&set->maps[i].m);
	free(set->units);
	free(set->data);
	free(set->size);
	free(set->mapof);
	free(set->maps);
	free(set->symtabs);
	memset(set, 0, sizeof(*set));
}
