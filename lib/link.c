#include "link.h"
#include "arch/arch.h"
#include "cache.h"
#include "diag.h"
#include "driver.h"
#include "lddiag.h"
#include "native.h"
#include "ldplugin.h"
#include "linkuse.h"
#include "policy.h"
#include "report.h"
#include "resolve.h"
#include "retain.h"
#include "rsp.h"
#include "rules.h"
#include "scan.h"
#include "settings.h"
#include "child.h"
#include "strvec.h"
#include "thinlto.h"
#include "tmpdir.h"
#include "util.h"
#include "verify.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <unistd.h>

/* more kept symbols than this go through a response file */
#define UNDEF_INLINE_MAX 64
/* a longer name gets no -u flag (the retention object's reference alone
 * keeps it): the driver passes arguments on to collect2 and ld, and the
 * kernel refuses an argument of 128 KiB or more */
#define UNDEF_NAME_MAX 4096

static void print_command(FILE *f, const char *prefix, char *const *v)
{
	fputs(prefix, f);
	for (size_t i = 0; v[i]; i++) {
		const char *a = v[i];
		int plain = *a != '\0';
		for (const char *p = a; *p; p++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				    "@%_+=:,./-", *p))
				plain = 0;
		if (i)
			fputc(' ', f);
		if (plain) {
			fputs(a, f);
			continue;
		}
		fputc('\'', f);
		for (const char *p = a; *p; p++) {
			if (*p == '\'')
				fputs("'\\''", f);
			else
				fputc(*p, f);
		}
		fputc('\'', f);
	}
	fputc('\n', f);
	fflush(f);
}

/* Run argv and clean up; replace the process when nothing needs cleaning. */
static int run(char *const *argv, int *termsig)
{
	if (!tmpdir_get()) {
		execv(argv[0], argv);
		diag_error("cannot run %s: %s", argv[0], strerror(errno));
		return 127;
	}
	int status = child_run(argv, termsig);
	tmpdir_cleanup();
	return status;
}

static int load_rules(struct rules *r, const struct cmd *cmd)
{
	int err = rules_load_env(r);
	for (size_t i = 0; i < cmd->keep.nr; i++)
		err |= rules_add_keep(r, cmd->keep.v[i], "--lto-safe-keep");
	for (size_t i = 0; i < cmd->exclude.nr; i++)
		err |= rules_add_exclude(r, cmd->exclude.v[i], "--lto-safe-exclude");
	for (size_t i = 0; i < cmd->keep_files.nr; i++)
		err |= rules_load_file(r, cmd->keep_files.v[i]);
	return err ? -EINVAL : 0;
}

/* v as the user's command runs it: through the compiler launchers
 * (ccache, distcc, ...) the command named before the tool */
static void launched(const struct strvec *launchers, char *const *v, struct strvec *out)
{
	strvec_clear(out);
	strvec_pushv(out, launchers->v, launchers->nr);
	for (size_t i = 0; v[i]; i++)
		strvec_push(out, v[i]);
}

/* Compile each source of a compile-and-link command into the temporary
 * directory, then replace cmd by the link of the objects. */
static int compile_sources(struct cmd *cmd, const struct strvec *launchers, int *status, int *termsig)
{
	struct strvec objs = STRVEC_INIT;
	*status = 0;
	for (size_t i = 0; i < cmd->ninputs; i++) {
		if (cmd->inputs[i].type != IN_SOURCE)
			continue;
		char *name = xasprintf("src%zu.o", objs.nr);
		const char *obj = tmpdir_path(name);
		free(name);
		if (!obj) {
			strvec_clear(&objs);
			return -ENOSPC;
		}
		strvec_push(&objs, obj);
		struct strvec cc = STRVEC_INIT, run_cc = STRVEC_INIT;
		cmd_compile_argv(cmd, i, obj, &cc);
		launched(launchers, cc.v, &run_cc);
		if (diag_verbose())
			print_command(stderr, "lto-safe: compiling: ", run_cc.v);
		int st = child_run(run_cc.v, termsig);
		strvec_clear(&cc);
		strvec_clear(&run_cc);
		if (st && !*status)
			*status = st;
		if (*termsig)
			break;
	}
	if (*status) {
		strvec_clear(&objs);
		return 0;
	}
	struct strvec linkv = STRVEC_INIT;
	cmd_link_argv(cmd, objs.v, &linkv);
	strvec_clear(&objs);
	/* the link command has no wrapper options left: the rules are loaded
	 * already, and the dry run stays asked for */
	enum tool_flavor flavor = cmd->flavor;
	unsigned dry_run = cmd->dry_run;
	cmd_release(cmd);
	int r = cmd_parse(cmd, flavor, (int)linkv.nr, linkv.v);
	cmd->dry_run = dry_run;
	strvec_clear(&linkv);
	return r;
}

/* the retention object's ELF identity: the first object's (retain.h) */
static struct retain_target link_arch(const struct scan_set *set, const struct cmd *cmd)
{
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (u->kind == FK_ELF_REL && u->machine)
			return (struct retain_target){ arch_find(u->machine, u->elfclass), u->elfdata, u->eflags };
	}
	const struct arch *a = cmd->m32 ? arch_find(EM_386, ELFCLASS32) : arch_host();
	return (struct retain_target){ a, a ? a->elfdata : 0, 0 };
}

static int first_error(const struct scan_set *set)
{
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (u->error) {
			char *d = unit_describe(u);
			int r = diag_fallback("cannot read %s: %s", d, u->error);
			free(d);
			return r < 0 ? -1 : 1;
		}
	}
	return 0;
}

static void describe_lto(const struct scan_set *set, const struct cmd *cmd, size_t ninputs)
{
	if (!diag_verbose())
		return;
	unsigned seen = 0;
	char kinds[64] = "";
	size_t n = 0;
	for (size_t i = 0; i < set->nunits; i++) {
		enum lto_kind k = set->units[i].lto;
		if (k == LTO_NONE)
			continue;
		n++;
		if (!(seen & (1u << k))) {
			seen |= 1u << k;
			size_t len = strlen(kinds);
			snprintf(kinds + len, sizeof(kinds) - len, "%s%s", len ? ", " : "", lto_kind_name(k));
		}
	}
	size_t added = 0;
	for (size_t i = 0; set->in && i < set->in->nr; i++)
		added += set->in->v[i].driver;
	char by_driver[48] = "";
	if (added)
		snprintf(by_driver, sizeof(by_driver), " (%zu added by the driver)", added);
	diag_note("link of %s: %zu inputs%s, %zu with LTO IR%s%s%s", cmd->output ? cmd->output : "a.out",
		  ninputs, by_driver, n, n ? " (" : "", kinds, n ? ")" : "");
}

static void add_undefs(struct strvec *argv, const struct cmd *cmd, const struct keep_set *ks,
		       int *err)
{
	struct strvec u = STRVEC_INIT;
	for (size_t i = 0; i < ks->nr; i++) {
		const char *name = ks->v[i].name;
		if (strlen(name) > UNDEF_NAME_MAX)
			continue;
		if (cmd->flavor == FLAVOR_LD) {
			strvec_push(&u, "-u");
			strvec_push(&u, name);
		} else if (strchr(name, ',')) {
			strvec_push(&u, "-Xlinker");
			strvec_pushf(&u, "--undefined=%s", name);
		} else {
			strvec_pushf(&u, "-Wl,-u,%s", name);
		}
	}
	*err = 0;
	if (ks->nr > UNDEF_INLINE_MAX) {
		const char *path = tmpdir_path("undefs.rsp");
		int r = path ? rsp_write(path, u.v, u.nr) : -ENOSPC;
		if (r < 0) {
			*err = r;
		} else {
			strvec_pushf(argv, "@%s", path);
			strvec_clear(&u);
			return;
		}
	}
	for (size_t i = 0; i < u.nr; i++)
		strvec_push(argv, u.v[i]);
	strvec_clear(&u);
}

static size_t wrapper_options_given(const struct cmd *cmd)
{
	return cmd->keep.nr + cmd->keep_files.nr + cmd->exclude.nr + cmd->dry_run;
}

/*
 * Wrapper options inside a response file would reach the real tool: give it
 * a response file of our own with the expanded arguments instead.  `direct`
 * is the number of wrapper options on the command line itself (cmd->argv
 * no longer has them).
 */
static int hide_wrapper_options(struct cmd *cmd, size_t direct)
{
	if (wrapper_options_given(cmd) <= direct)
		return 0;
	if (tmpdir_create() < 0)
		return -errno;
	const char *path = tmpdir_path("args.rsp");
	int r = path ? rsp_write(path, cmd->args.v, cmd->args.nr) : -ENOSPC;
	if (r < 0)
		return r;
	while (cmd->argv.nr > 1)
		strvec_remove(&cmd->argv, cmd->argv.nr - 1);
	strvec_pushf(&cmd->argv, "@%s", path);
	return 0;
}

struct pipeline {
	struct cmd cmd;
	struct strvec launchers; /* compiler launchers to run the user's commands through */
	struct cmd driver;  /* the driver's own link line (driver.h), when learnt */
	size_t driver_mark; /* index of the marker in driver.inputs */
	int have_driver;
	struct rules *rules;
	struct input_list inputs;
	struct scan_set set;
	struct keep_set keep;
	struct strvec final;
	struct timespec start; /* when link_main began */
	double compile_ms;     /* spent compiling the sources of a compile-and-link command */
	double own_ms;         /* lto-safe's time up to the first report; < 0 before */
	int argv_changed;      /* cmd.argv is no longer the user's (a note said how) */
};

static double ms_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) * 1e3 + (double)(now.tv_nsec - t0->tv_nsec) / 1e6;
}

static void pipeline_release(struct pipeline *p)
{
	strvec_clear(&p->final);
	strvec_clear(&p->launchers);
	keep_set_release(&p->keep);
	scan_set_release(&p->set);
	input_list_release(&p->inputs);
	cmd_release(&p->driver);
	if (p->rules)
		rules_release(p->rules);
	cmd_release(&p->cmd);
}

/*
 * LTO_SAFE_REPORT: written for every link lto-safe reads, empty or not.
 * Without it, LTO_SAFE_REPORT_DIR: each link writes a file of its own
 * there, OUTPUT.XXXXXX.json (OUTPUT the output's base name), the same
 * file again after a repair.  "own_ms" is the time from link_main's start
 * to the first report, less the compiles of a compile-and-link command's
 * sources (which the plain command runs too): what lto-safe adds before
 * the linker runs.
 */
static void write_report(struct pipeline *p)
{
	static char *made; /* this link's file in LTO_SAFE_REPORT_DIR */
	const struct cmd *cmd = &p->cmd;
	const char *output = cmd->output ? cmd->output : "a.out";
	const char *report = setting_str(SET_REPORT);
	const char *dir = setting_str(SET_REPORT_DIR);
	if ((!report || !*report) && dir && *dir) {
		if (!made) {
			char *t = xasprintf("%s/%s.XXXXXX.json", dir, path_base(output));
			int fd = mkstemps(t, 5);
			if (fd < 0) {
				diag_warn("cannot write a report in %s: %s", dir, strerror(errno));
				free(t);
				return;
			}
			close(fd);
			made = t;
		}
		report = made;
	}
	if (!report || !*report)
		return;
	if (p->own_ms < 0)
		p->own_ms = ms_since(&p->start) - p->compile_ms;
	int r = report_json(report, output, cmd->argv.v[0], p->own_ms, &p->set, &p->keep);
	if (r < 0)
		diag_warn("cannot write the report %s: %s", report, strerror(-r));
}

/*
 * After a shared library's LTO link: the definitions of vague linkage LTO
 * left out of its exports, said in a verbose note and in the report
 * (written again).  A version script or --exclude-libs chooses the exports
 * itself: then nothing is checked, as a build without LTO might hide the
 * same names.
 */
static void check_exports(struct pipeline *p)
{
	const char *output = p->cmd.output ? p->cmd.output : "a.out";
	if (p->cmd.exports_chosen)
		diag_note("the link chooses its exports (--version-script, --exclude-libs): "
			  "the exports of %s are not checked", output);
	else if (verify_exports(output, &p->set, &p->keep) > 0)
		write_report(p);
}

/*
 * GCC LTO writes top-level asm into one partition and each function into
 * whichever partition it lands in: a ".symver impl, name@VERSION" then
 * binds a version to a symbol its partition does not define, and the
 * version is lost from the output (libfuse 2.9 loses 20 that way).  When
 * GCC IR has .symver in its top-level asm and the command does not choose
 * a partitioning itself, link with -flto-partition=one.
 */
static void one_partition_for_symver(struct pipeline *p)
{
	struct cmd *cmd = &p->cmd;
	const struct unit *u = NULL;
	if (cmd->flavor != FLAVOR_GCC)
		return;
	for (size_t i = 0; i < p->set.nunits && !u; i++)
		if (p->set.units[i].asm_symver)
			u = &p->set.units[i];
	if (!u)
		return;
	for (size_t i = 0; i < cmd->args.nr; i++)
		if (str_starts(cmd->args.v[i], "-flto-partition="))
			return;
	char *where = unit_describe(u);
	diag_note("top-level asm in %s binds symbol versions (.symver): adding -flto-partition=one", where);
	free(where);
	strvec_push(&cmd->argv, "-flto-partition=one");
	p->argv_changed = 1;
}

/* where in cmd->argv to put an argument that must follow the one naming
 * input `in`: just after it, or at the end when that is not known (inside a
 * response file, split from -Wl, or from a linker script) */
static size_t after_input(const struct cmd *cmd, const struct input *in)
{
	const struct cmd_input *ci = &cmd->inputs[in->cmd_index];
	size_t at = ci->argi < 0 || in->from_script ? cmd->argv.nr : (size_t)ci->argi;
	if (at + 1 < cmd->argv.nr && !str_ends(cmd->argv.v[at], ci->name) &&
	    !strcmp(cmd->argv.v[at + 1], ci->name))
		at++; /* "-l NAME" */
	if (at >= cmd->argv.nr || !str_ends(cmd->argv.v[at], ci->name))
		return cmd->argv.nr;
	return at + 1;
}

/*
 * Arguments to add to cmd->argv, each at an index of the command as it is
 * before any is added (before the argument there; after == 1 for one that
 * goes after the input at at - 1, which sorts after one that goes before
 * the next input).  insertions_apply() adds them from the last index back,
 * so that no index moves under another.
 */
struct insertion {
	size_t at;
	int after;
	char *path;
};

struct insertions {
	struct insertion *v;
	size_t nr, alloc;
};

static void insertion_add(struct insertions *ins, size_t at, int after, const char *path)
{
	GROW(ins->v, ins->alloc, ins->nr + 1);
	ins->v[ins->nr++] = (struct insertion){ at, after, xstrdup(path) };
}

static int cmp_insertion(const void *a, const void *b)
{
	const struct insertion *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? 1 : -1;
	return x->after - y->after;
}

static void insertions_release(struct insertions *ins)
{
	for (size_t i = 0; i < ins->nr; i++)
		free(ins->v[i].path);
	free(ins->v);
	memset(ins, 0, sizeof(*ins));
}

static void insertions_apply(struct strvec *argv, struct insertions *ins)
{
	if (ins->nr)
		qsort(ins->v, ins->nr, sizeof(*ins->v), cmp_insertion);
	for (size_t i = 0; i < ins->nr; i++)
		strvec_insert(argv, ins->v[i].at, ins->v[i].path);
	insertions_release(ins);
}

/* where in cmd->argv the argument naming input `in` is (for "-l NAME", the
 * "-l"), or -1 when that is not known (a response file, -Wl, a linker
 * script, the driver) */
static long input_argi(const struct cmd *cmd, const struct input *in)
{
	const struct cmd_input *ci = &cmd->inputs[in->cmd_index];
	size_t at = (size_t)ci->argi;
	if (ci->argi < 0 || in->from_script || at >= cmd->argv.nr)
		return -1;
	if (str_ends(cmd->argv.v[at], ci->name))
		return (long)at;
	if (at + 1 < cmd->argv.nr && !strcmp(cmd->argv.v[at + 1], ci->name))
		return (long)at;
	return -1;
}

/* write n bytes of data to the new file NAME in the temporary directory;
 * its path, or NULL with errno set */
static const char *tmp_file(const char *name, const unsigned char *data, size_t n)
{
	const char *path = tmpdir_create() < 0 ? NULL : tmpdir_path(name);
	int fd = path ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
	int r = fd < 0 ? -errno : write_all(fd, data, n);
	if (fd >= 0 && close(fd) < 0 && !r)
		r = -errno;
	if (r < 0) {
		errno = -r;
		return NULL;
	}
	return path;
}

/*
 * Archive members that the plain link loads for names their archive's
 * symbol index does not list (policy.h, LOADED_OFF_INDEX) are never loaded
 * by a linker that selects members by the index (ld.bfd, gold, lld 14):
 * names only top-level asm defines, and the IR names of members of an
 * archive indexed by a tool that cannot read the IR (rustc's rlibs,
 * llvm-ar on GCC IR, ar without the LTO plugin).  Each goes to the linker
 * as an object of its own, copied into the temporary directory, just before
 * its archive: the member is then loaded where a correct index would load
 * it, and only once (its names are defined when the archive is searched,
 * so neither a linker that reads the index nor one that reads the members
 * themselves, lld 15 and later, mold, loads the member again).  Where the
 * archive's argument cannot be found (a response file, a script), just
 * after it: the end of the command.  Where another member of the archive defines the
 * same name, one warning: the member given is the first, as a correct
 * index would choose.  Returns how many were added, or -1 on failure with
 * what diag_fallback() returned in *fallback.
 */
static int offer_given_members(struct pipeline *p, struct insertions *ins, int *fallback)
{
	const struct scan_set *set = &p->set;
	int added = 0;
	for (size_t g = p->keep.ngiven; g-- > 0;) {
		const struct keep *k = &p->keep.given[g];
		const struct unit *u = &set->units[k->def_unit];
		char *where = unit_describe(u);
		if (k->reason == KEEP_MEMBER_ASM_DEF)
			diag_note("%s defines %s in top-level asm, absent from the archive's index: "
				  "giving the member to the linker as an object", where, k->name);
		else
			diag_note("%s defines %s in its %s, absent from the archive's index (written by a tool "
				  "that cannot read it): giving the member to the linker as an object",
				  where, k->name, u->lto == LTO_LLVM ? "LLVM bitcode" : "GCC IR");
		if (k->evidence_unit != SIZE_MAX)
			diag_warn("%s and member %s both define %s, which the archive's index does not list: "
				  "the link is given %s, as a correct index would choose; to be sure, re-create "
				  "the archive with %s", where, set->units[k->evidence_unit].member, k->name, u->member,
				  u->lto == LTO_LLVM ? "llvm-ar" : "gcc-ar");
		free(where);
		char *file = xasprintf("member%zu.o", k->def_unit);
		const char *path = tmp_file(file, set->data[k->def_unit], set->size[k->def_unit]);
		free(file);
		if (!path) {
			*fallback = diag_fallback("cannot copy an archive member: %s", strerror(errno));
			return -1;
		}
		long at = input_argi(&p->cmd, &p->inputs.v[u->input]);
		if (at >= 0)
			insertion_add(ins, (size_t)at, 0, path);
		else
			insertion_add(ins, after_input(&p->cmd, &p->inputs.v[u->input]), 1, path);
		added++;
	}
	return added;
}

/*
 * An archive with no symbol index at all (ar without the LTO plugin on
 * bitcode alone, ar S) is refused by ld.bfd and gold, whatever is in it;
 * lld and mold read the members themselves.  When the link loads IR from
 * one and does not ask for lld or mold: one warning per archive with the
 * fix.
 */
static void warn_no_index(const struct pipeline *p)
{
	const struct scan_set *set = &p->set;
	const char *ld = p->cmd.flavor == FLAVOR_LD ? path_base(p->cmd.argv.v[0]) : p->cmd.fuse_ld;
	if (!set->symtabs || (ld && (strstr(ld, "lld") || strstr(ld, "mold"))))
		return;
	size_t warned = SIZE_MAX;
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (!p->keep.loaded[i] || u->lto == LTO_NONE || !u->member || u->input == warned ||
		    set->symtabs[u->input].kind != AR_SYMTAB_NONE)
			continue;
		warned = u->input;
		diag_warn("%s has no symbol index, which ld.bfd and gold need, and the link needs its member "
			  "%s: add one with %s %s, or link with lld or mold",
			  u->path, u->member, u->lto == LTO_LLVM ? "llvm-ranlib" : "gcc-ranlib", u->path);
	}
}

/*
 * Names the link command itself uses (-e, -u, --wrap, ENTRY, EXTERN and KEEP
 * in scripts): keep those LTO would lose, and warn about each --wrap that
 * LTO bypasses (linkuse.h).  Under LTO_SAFE_SCAN=0 only the warnings.
 */
static void link_command_uses(struct pipeline *p)
{
	struct link_uses uses = LINK_USES_INIT;
	if (settings()->scan) {
		link_uses_collect(&p->cmd, &p->inputs, &uses);
		policy_link_uses(&p->set, p->rules, &uses, &p->keep);
	}
	link_uses_release(&uses);
}

/*
 * The machine code of unit k in the temporary directory (native.h): a fat
 * GCC object's code half, or its IR compiled alone by the link's driver;
 * its path, or NULL with why not in *why.
 */
static const char *native_unit(struct pipeline *p, size_t k, const char **why)
{
	const struct unit *u = &p->set.units[k];
	char *name = xasprintf("native%zu.o", k);
	const char *path = NULL;
	if (u->lto == LTO_GCC_FAT) {
		unsigned char *copy = xmalloc(p->set.size[k] ? p->set.size[k] : 1);
		memcpy(copy, p->set.data[k], p->set.size[k]);
		if (native_hide_ir(copy, p->set.size[k]) <= 0)
			*why = "its sections cannot be read";
		else if (!(path = tmp_file(name, copy, p->set.size[k])))
			*why = "it cannot be written to the temporary directory";
		free(copy);
		free(name);
		return path;
	}
	struct strvec argv = STRVEC_INIT;
	const char *src = u->path;
	char *srcname = xasprintf("wrapsrc%zu.o", k);
	if (native_compile_argv(&p->cmd, u->lto, "-", "-", &argv) < 0)
		*why = u->lto == LTO_LLVM ? "the link's driver is not clang, which would compile its bitcode"
					  : "the link's driver is not gcc, which would compile its IR";
	else if (tmpdir_create() < 0 || !(path = tmpdir_path(name)))
		*why = "no temporary directory";
	else if (u->member && !(src = tmp_file(srcname, p->set.data[k], p->set.size[k])))
		*why = "the member cannot be written to the temporary directory";
	if (!*why) {
		native_compile_argv(&p->cmd, u->lto, src, path, &argv);
		if (diag_verbose())
			print_command(stderr, "lto-safe: compiling alone: ", argv.v);
		int termsig = 0, st = child_run(argv.v, &termsig);
		if (st || termsig)
			*why = "compiling it alone failed";
	}
	strvec_clear(&argv);
	free(srcname);
	free(name);
	return *why ? NULL : path;
}

/*
 * A --wrap=SYM or --defsym SYM=VALUE that LTO would bypass (linkuse.h):
 * the unit that defines SYM is linked as machine code (native_unit()), in its place: a loose
 * object's argument is replaced, an archive member's goes just before its
 * archive (its names are then defined when the archive is searched, so the
 * member's IR is not loaded).  Every other unit stays in LTO.  One note
 * each, and the unit in ks->given (reason KEEP_UNIT_NATIVE); where it
 * cannot be done (LTO_SAFE_WRAP=0, LTO_SAFE_SCAN=0, a unit named where
 * its argument cannot be found, an archive under --whole-archive, a driver
 * that cannot compile the IR), the warning of today with why.  Returns how
 * many units were replaced.
 */
static int wraps_native(struct pipeline *p, struct insertions *ins)
{
	struct wrap_bypass *b;
	size_t n = link_uses_bypassed_wraps(&p->cmd, &p->set, p->keep.loaded, &b);
	int done = 0;
	for (size_t i = 0; i < n; i++) {
		const struct unit *u = &p->set.units[b[i].def];
		const struct input *in = &p->inputs.v[u->input];
		int again = 0;
		for (size_t j = 0; j < i && !again; j++)
			again = b[j].def == b[i].def;
		if (again)
			continue;
		const char *why = NULL, *path = NULL;
		long at = input_argi(&p->cmd, in);
		if (!settings()->wrap)
			why = "LTO_SAFE_WRAP=0";
		else if (!settings()->scan)
			why = "LTO_SAFE_SCAN=0";
		else if (at < 0)
			why = "it is named in a response file, a linker script or by the driver";
		else if (u->member && in->whole_archive)
			why = "its archive is linked --whole-archive";
		else
			path = native_unit(p, b[i].def, &why);
		if (!path) {
			link_uses_warn_wrap(&p->set, &b[i], why);
			continue;
		}
		if (u->member)
			insertion_add(ins, (size_t)at, 0, path);
		else {
			strvec_remove(&p->cmd.argv, (size_t)at);
			strvec_insert(&p->cmd.argv, (size_t)at, path);
		}
		char *where = unit_describe(u);
		const char *how = u->lto == LTO_GCC_FAT ? "its code half" : "its IR compiled alone";
		diag_note("%s=%s: %s defines %s, which LTO would bind inside LTO: linking it as machine code "
			  "(%s) so that the option applies; the other units stay in LTO", b[i].opt, b[i].sym, where,
			  b[i].sym, how);
		free(where);
		GROW(p->keep.given, p->keep.agiven, p->keep.ngiven + 1);
		p->keep.given[p->keep.ngiven++] = (struct keep){
			.name = b[i].sym, .reason = KEEP_UNIT_NATIVE, .def_unit = b[i].def,
			.evidence_unit = SIZE_MAX, .type = SYMT_FUNC,
			.detail = xasprintf("linked as machine code (%s) so that %s=%s applies: LTO binds the "
					    "calls of its other units to %s itself", how, b[i].opt, b[i].sym, b[i].sym),
		};
		done++;
	}
	free(b);
	return done;
}

/*
 * lld cannot load GCC's LTO plugin: a GCC slim object is a file without
 * definitions there (rustc 1.90 and later link with cc -fuse-ld=lld and
 * rust-lld; anyone may write -fuse-ld=lld).  When a gcc link that asks for
 * lld loads GCC slim IR, every -fuse-ld=lld goes (or, when it comes from a
 * response file, -fuse-ld=bfd follows it): gcc runs its own GNU linker
 * with its plugin, every other option unchanged.  Not when bitcode is
 * loaded too (the GNU linker would need LLVM's plugin for it), nor for
 * another driver, nor under LTO_SAFE_SWITCH_LINKER=0: then one error line
 * with the facts and the fix.  Fat GCC objects link their code without
 * LTO under lld: a verbose note.
 */
static void linker_for_gcc_ir(struct pipeline *p)
{
	struct cmd *cmd = &p->cmd;
	if (cmd->flavor == FLAVOR_LD || !cmd->fuse_ld || !strstr(cmd->fuse_ld, "lld"))
		return;
	const struct unit *slim = NULL, *fat = NULL, *bitcode = NULL;
	for (size_t i = 0; i < p->set.nunits; i++) {
		const struct unit *u = &p->set.units[i];
		if (!p->keep.loaded[i])
			continue;
		if (u->lto == LTO_GCC_SLIM && !slim)
			slim = u;
		else if (u->lto == LTO_GCC_FAT && !fat)
			fat = u;
		else if (u->lto == LTO_LLVM && u->kind == FK_BITCODE && !bitcode)
			bitcode = u;
	}
	if (!slim) {
		if (fat) {
			char *where = unit_describe(fat);
			diag_note("%s holds GCC IR, which lld cannot read: its machine code is linked without LTO",
				  where);
			free(where);
		}
		return;
	}
	char *where = unit_describe(slim);
	const char *why = cmd->flavor != FLAVOR_GCC ? "the driver is not gcc"
			  : bitcode                 ? "LLVM bitcode is linked too"
			  : !settings()->switch_linker ? "LTO_SAFE_SWITCH_LINKER=0"
						       : NULL;
	if (why) {
		diag_error("%s holds GCC IR only (slim), which -fuse-ld=%s cannot read, and the link cannot be "
			   "given to gcc's GNU linker (%s): link it with gcc without -fuse-ld=lld, or compile it "
			   "with -ffat-lto-objects",
			   where, cmd->fuse_ld, why);
		free(where);
		return;
	}
	size_t removed = 0;
	for (size_t i = cmd->argv.nr; i-- > 1;)
		if (str_starts(cmd->argv.v[i], "-fuse-ld=") && strstr(cmd->argv.v[i], "lld")) {
			strvec_remove(&cmd->argv, i);
			removed++;
		}
	int in_rsp = 0;
	for (size_t i = 0; i < cmd->args.nr; i++)
		in_rsp += str_starts(cmd->args.v[i], "-fuse-ld=") && strstr(cmd->args.v[i], "lld");
	if ((size_t)in_rsp > removed)
		strvec_push(&cmd->argv, "-fuse-ld=bfd");
	p->argv_changed = 1;
	diag_note("%s holds GCC IR, which -fuse-ld=%s cannot read: linking with %s instead",
		  where, cmd->fuse_ld, (size_t)in_rsp > removed ? "-fuse-ld=bfd" : "gcc's own GNU linker");
	free(where);
}

/*
 * Write the retention object NAME for p->keep and set p->final to the
 * command with it and the -u flags.  Returns 1, or what diag_fallback()
 * returns.
 */
static int build_final(struct pipeline *p, const char *name)
{
	const struct cmd *cmd = &p->cmd;
	struct retain_target t = link_arch(&p->set, cmd);
	if (!t.arch)
		return diag_fallback("no retention object for this architecture");
	if (tmpdir_create() < 0)
		return diag_fallback("cannot create a temporary directory: %s", strerror(errno));
	const char **names = xcalloc(p->keep.nr, sizeof(*names));
	for (size_t i = 0; i < p->keep.nr; i++)
		names[i] = p->keep.v[i].name;
	const char *obj = tmpdir_path(name);
	int r = obj ? retain_write(obj, &t, names, p->keep.nr) : -ENOSPC;
	free(names);
	if (r < 0)
		return diag_fallback("cannot write the retention object: %s", strerror(-r));

	strvec_clear(&p->final);
	strvec_pushv(&p->final, cmd->argv.v, cmd->argv.nr);
	strvec_insert(&p->final, 1, obj);
	add_undefs(&p->final, cmd, &p->keep, &r);
	if (r < 0)
		return diag_fallback("cannot write a response file: %s", strerror(-r));
	return 1;
}

/*
 * The inputs the compiler driver adds (driver.h), asked once per link (the
 * answer is cached) unless the command says it adds none.  A driver that
 * cannot tell gets one warning: its start files and libraries are then not
 * scanned.
 */
static void learn_driver(struct pipeline *p)
{
	const struct cmd *cmd = &p->cmd;
	if (cmd->flavor == FLAVOR_LD || cmd->nostdlib || (cmd->nostartfiles && cmd->nodefaultlibs))
		return;
	int r = driver_link_line(cmd, &p->driver, &p->driver_mark);
	if (r < 0)
		diag_warn("cannot learn the inputs %s adds to the link (%s -###: %s): its start files and "
			  "libraries are not scanned", cmd->argv.v[0], path_base(cmd->argv.v[0]),
			  r == -EIO ? "no link line" : strerror(-r));
	p->have_driver = r == 0;
}

/*
 * Resolve and classify the inputs of p->cmd, with those the driver adds.
 * Returns 1 when p->set is ready, 0 to run the plain link (after a
 * message), -1 to fail (strict mode).
 */
static int resolve_and_classify(struct pipeline *p)
{
	struct cmd *cmd = &p->cmd;
	if (p->have_driver)
		driver_merge(cmd, &p->driver, p->driver_mark);
	struct clean_set clean;
	clean_load(&clean);
	if (resolve_inputs_known(cmd, toolchain_default_dirs, cmd, &clean, &p->inputs) < 0) {
		clean_release(&clean);
		return diag_fallback("cannot resolve the link inputs") < 0 ? -1 : 0;
	}
	int sr = scan_classify_cached(&p->inputs, 0, &clean, &p->set);
	clean_save(&clean);
	clean_release(&clean);
	if (sr < 0)
		return diag_fallback("cannot scan the link inputs") < 0 ? -1 : 0;
	int e = first_error(&p->set);
	if (e)
		return e < 0 ? -1 : 0;
	return 1;
}

/* the decision to run the plain command, with why, and the (empty) report */
static int plain_link(struct pipeline *p, const char *why)
{
	diag_note("%s", why);
	write_report(p);
	return 0;
}

/*
 * Returns: 1 to run p->final, 0 to run the plain p->cmd.argv, <0 to fail
 * with status 1 (strict mode, bad rules), or sets *done with a status.
 */
static int plan(struct pipeline *p, int *done, int *status, int *termsig)
{
	struct cmd *cmd = &p->cmd;
	*done = 0;
	if (cmd->action == ACT_PASS || (cmd->relocatable && !ldplugin_may_apply(cmd)))
		return 0;
	if (cmd->action == ACT_COMPILE_LINK && cmd->has_stdin_source)
		return 0;
	learn_driver(p);
	if (cmd->action == ACT_COMPILE_LINK) {
		/* without -flto, only inputs that are IR already (a library's, the
		 * driver's start files) can need lto-safe */
		if (!cmd->lto) {
			int e = resolve_and_classify(p);
			if (e <= 0)
				return e < 0 ? -1 : 0;
			describe_lto(&p->set, cmd, p->inputs.nr);
			if (!scan_count_lto(&p->set))
				return plain_link(p, "no LTO input: running the plain command");
			scan_set_release(&p->set);
			input_list_release(&p->inputs);
			p->set = (struct scan_set)SCAN_SET_INIT;
			p->inputs = (struct input_list)INPUT_LIST_INIT;
		}
		if (tmpdir_create() < 0)
			return diag_fallback("cannot create a temporary directory: %s", strerror(errno));
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int r = compile_sources(cmd, &p->launchers, status, termsig);
		p->compile_ms = ms_since(&t0);
		if (r < 0 || *status) {
			if (r < 0 && !*status) {
				diag_error("cannot compile the sources separately: %s",
					   cmd->error ? cmd->error : strerror(-r));
				*status = 1;
			}
			*done = 1;
			return 0;
		}
	}
	int e = resolve_and_classify(p);
	if (e <= 0)
		return e < 0 ? -1 : 0;
	/* ld run directly on GCC IR without the LTO plugin: add it (ldplugin.h) */
	if ((e = ldplugin_add(cmd, &p->set)) < 0 || e == LDPLUGIN_PLAIN || cmd->relocatable)
		return e < 0 ? -1 : 0;
	describe_lto(&p->set, cmd, p->inputs.nr);
	if (!scan_count_lto(&p->set) && rules_empty(p->rules))
		return plain_link(p, "no LTO input and no keep rule: running the plain link");
	scan_rescan(&p->set, SCAN_FULL);
	if ((e = first_error(&p->set)))
		return e < 0 ? -1 : 0;
	if (thinlto_read_full(&p->set, cmd) < 0)
		return -1;
	one_partition_for_symver(p);
	policy_decide_flags(&p->set, &p->inputs, p->rules,
			    (settings()->scan ? 0 : POLICY_RULES_ONLY) |
				    (cmd->toplevel_asm_seen ? POLICY_TOPLEVEL_ASM_SEEN : 0),
			    &p->keep);
	link_command_uses(p);
	struct insertions ins = { 0 };
	int fallback, r = offer_given_members(p, &ins, &fallback);
	if (r < 0) {
		insertions_release(&ins);
		return fallback;
	}
	r += wraps_native(p, &ins);
	insertions_apply(&p->cmd.argv, &ins);
	/* after the members: it may remove arguments, and they go after their archives */
	linker_for_gcc_ir(p);
	warn_no_index(p);
	if (diag_verbose() && p->keep.nseen) {
		diag_note("seen, not kept (LTO sees these uses): %zu symbol%s:", p->keep.nseen,
			  p->keep.nseen == 1 ? "" : "s");
		report_table(stderr, &p->set, &p->keep, 1);
	}
	if (!p->keep.nr && !r)
		return plain_link(p, p->argv_changed ? "nothing to keep: running the command with the change above"
						     : "nothing to keep: running the plain link");
	if ((r = build_final(p, "keep.o")) <= 0)
		return r;
	if (diag_verbose()) {
		diag_note("keeping %zu symbol%s:", p->keep.nr, p->keep.nr == 1 ? "" : "s");
		report_table(stderr, &p->set, &p->keep, 0);
	}
	write_report(p);
	return 1;
}

/* show what a link printed on stderr, unless it is already shown */
static void replay(const struct child_err *c)
{
	fflush(stderr);
	if (!c->spilled && c->len)
		write_all(2, c->text, c->len);
}

/* a learn file larger than this is not read for names it already has */
#define LEARN_READ_MAX (16u << 20)

/* the first LEARN_READ_MAX bytes fd holds, NUL-terminated; *len set */
static char *slurp(int fd, size_t *len)
{
	size_t n = 0, alloc = 0;
	char *buf = NULL;
	*len = 0;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return NULL;
	for (;;) {
		if (n >= LEARN_READ_MAX)
			break;
		GROW(buf, alloc, n + 65536 + 1);
		ssize_t r = read(fd, buf + n, alloc - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if (!buf)
		return NULL;
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* a symbol defined by Rust code: a v0 name or a unit rustc made */
static int from_rust(const struct unit *u, const char *name)
{
	const char *obj = u->member ? u->member : u->path;
	return str_starts(name, "_R") || str_ends(obj, ".rcgu.o");
}

static void repair_notes(const struct pipeline *p)
{
	for (size_t i = 0; i < p->keep.nr; i++) {
		const struct keep *k = &p->keep.v[i];
		if (k->reason != KEEP_REPAIR)
			continue;
		const struct unit *u = &p->set.units[k->def_unit];
		char *where = unit_describe(u);
		diag_warn("repaired: LTO removed %s (defined in %s) but the link needs it; fix: %s, "
			  "or keep it with LTO_SAFE_KEEP=%s",
			  k->name, where,
			  from_rust(u, k->name)
				  ? "name it with a sym operand in the asm! that uses it, or hold its address "
				    "in a #[used] static"
				  : "mark its definition __attribute__((used)) (with GCC, "
				    "__attribute__((used, externally_visible)))",
			  k->name);
		free(where);
	}
}

/* a rule that matches exactly name (rules.h: literal or PCRE2) */
static char *rule_for(const char *name)
{
	for (const char *c = name; *c; c++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$@", *c))
			return strstr(name, "\\E") || strpbrk(name, "\n#") ? NULL : xasprintf("\\Q%s\\E", name);
	return xstrdup(name);
}

/* LTO_SAFE_LEARN=FILE: append the repaired names not in FILE yet, under a lock */
static void learn(const struct pipeline *p)
{
	const char *path = setting_str(SET_LEARN);
	if (!path || !*path)
		return;
	int fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		diag_warn("cannot update LTO_SAFE_LEARN file %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	size_t len;
	char *old = slurp(fd, &len);
	struct strvec add = STRVEC_INIT;
	for (size_t i = 0; i < p->keep.nr; i++) {
		const struct keep *k = &p->keep.v[i];
		char *rule = k->reason == KEEP_REPAIR ? rule_for(k->name) : NULL;
		if (!rule)
			continue;
		int have = 0;
		for (const char *l = old; l && *l && !have;) {
			const char *e = strchrnul(l, '\n');
			have = (size_t)(e - l) == strlen(rule) && !memcmp(l, rule, (size_t)(e - l));
			l = *e ? e + 1 : e;
		}
		if (have)
			free(rule);
		else
			strvec_push_nodup(&add, rule);
	}
	int err = 0;
	if (add.nr && len && old[len - 1] != '\n')
		err |= write_all(fd, "\n", 1) < 0;
	for (size_t i = 0; i < add.nr; i++) {
		err |= write_all(fd, add.v[i], strlen(add.v[i])) < 0;
		err |= write_all(fd, "\n", 1) < 0;
	}
	if (err)
		diag_warn("cannot update LTO_SAFE_LEARN file %s: %s", path, strerror(errno));
	strvec_clear(&add);
	free(old);
	close(fd);
}

/*
 * Run the link (p->final when final, else the plain command) with its
 * standard error kept aside.  When it fails for symbols that an input
 * taking part in LTO defines, keep them and link once more: on success,
 * print one note per repaired symbol and the relink's diagnostics; else the
 * first link's diagnostics, unchanged, and its status.
 */
static int run_repairing(struct pipeline *p, int final, int *termsig)
{
	struct child_err first, second;
	struct strvec v = STRVEC_INIT;
	launched(&p->launchers, final ? p->final.v : p->cmd.argv.v, &v);
	int status = child_run_err(v.v, &first, termsig);
	size_t added = 0;
	if (status && !*termsig && !first.spilled) {
		struct strvec names = STRVEC_INIT;
		lddiag_undefined(first.text ? first.text : "", first.len, &names);
		added = policy_repair(&p->set, p->rules, names.v, names.nr, &p->keep);
		strvec_clear(&names);
	}
	if (!added || build_final(p, "keep-repair.o") <= 0) {
		replay(&first);
		child_err_release(&first);
		strvec_clear(&v);
		return status;
	}
	launched(&p->launchers, p->final.v, &v);
	if (diag_verbose())
		print_command(stderr, "lto-safe: the link failed; running again: ", v.v);
	int st2 = child_run_err(v.v, &second, termsig);
	strvec_clear(&v);
	if (st2 && !*termsig) {
		replay(&first);
		diag_note("the second link failed too (status %d): its diagnostics are not shown", st2);
	} else {
		if (!st2) {
			repair_notes(p);
			learn(p);
			write_report(p);
		}
		replay(&second);
		status = st2;
	}
	child_err_release(&first);
	child_err_release(&second);
	return status;
}

int link_main(enum tool_flavor flavor, char *const *launchers, size_t nlaunchers, const char *tool, int argc,
	      char *const *argv, int *termsig)
{
	struct pipeline p = { .cmd = CMD_INIT, .inputs = INPUT_LIST_INIT, .set = SCAN_SET_INIT,
			      .keep = KEEP_SET_INIT, .final = STRVEC_INIT, .own_ms = -1 };
	struct strvec full = STRVEC_INIT;
	int status = 0, done = 0;
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	*termsig = 0;
	strvec_pushv(&p.launchers, launchers, nlaunchers);

	settings_load();
	diag_set_verbose(settings()->verbose);
	diag_set_strict(settings()->strict);
	setenv("LTO_SAFE_ACTIVE", "1", 1);
	elf_version(EV_CURRENT);
	child_install_signals();

	strvec_push(&full, tool);
	strvec_pushv(&full, argv, (size_t)argc);
	tmpdir_set_key(full.v, full.nr);
	int pr = cmd_parse(&p.cmd, flavor, (int)full.nr, full.v);
	if ((pr == -ELOOP || pr == -EFBIG) && !diag_fallback("%s", p.cmd.error)) {
		/* response files past our limits: the tool reads them its own way */
		struct strvec plain = STRVEC_INIT;
		strvec_pushv(&plain, launchers, nlaunchers);
		for (size_t i = 0; i < full.nr; i++)
			if (!i || !cmd_is_wrapper_option(full.v[i]))
				strvec_push(&plain, full.v[i]);
		strvec_clear(&full);
		pipeline_release(&p);
		status = run(plain.v, termsig);
		strvec_clear(&plain);
		return status;
	}
	if (pr < 0) {
		diag_error("%s", p.cmd.error ? p.cmd.error : "cannot read the command line");
		strvec_clear(&full);
		pipeline_release(&p);
		return 1;
	}
	size_t direct = 0;
	for (size_t i = 1; i < full.nr; i++)
		direct += (size_t)cmd_is_wrapper_option(full.v[i]);
	strvec_clear(&full);
	if (hide_wrapper_options(&p.cmd, direct) < 0) {
		diag_error("cannot write a response file without the --lto-safe options");
		pipeline_release(&p);
		tmpdir_cleanup();
		return 1;
	}
	p.rules = rules_new();
	if (load_rules(p.rules, &p.cmd) < 0) {
		pipeline_release(&p);
		return 1;
	}

	int r = plan(&p, &done, &status, termsig);
	if (done) {
		tmpdir_cleanup();
		pipeline_release(&p);
		return status;
	}
	if (r < 0) {
		tmpdir_cleanup();
		pipeline_release(&p);
		return 1;
	}
	/* the command may be exec'd: a copy of its own */
	struct strvec run_argv = STRVEC_INIT;
	launched(&p.launchers, r > 0 ? p.final.v : p.cmd.argv.v, &run_argv);
	if (p.cmd.dry_run) {
		print_command(stdout, "", run_argv.v);
		strvec_clear(&run_argv);
		tmpdir_cleanup();
		pipeline_release(&p);
		return 0;
	}
	if (diag_verbose())
		print_command(stderr, "lto-safe: running: ", run_argv.v);
	if (scan_count_lto(&p.set) && settings()->repair)
		status = run_repairing(&p, r > 0, termsig);
	else
		status = run(run_argv.v, termsig);
	tmpdir_cleanup();
	/* a thin link writes index files, not its -o: a file of that name is
	 * another link's (or none), and must not be checked */
	if (p.keep.nr && !status && !*termsig && p.cmd.thinlto_index_only)
		diag_note("thin link (ThinLTO index only): no output to check");
	else if (p.keep.nr && !status && !*termsig)
		verify_output(p.cmd.output ? p.cmd.output : "a.out", &p.set, &p.keep);
	if (!status && !*termsig && p.cmd.shared && !p.cmd.thinlto_index_only && scan_count_lto(&p.set))
		check_exports(&p);
	pipeline_release(&p);
	strvec_clear(&run_argv);
	return status;
}
