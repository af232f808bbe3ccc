#include "explain.h"
#include "cache.h"
#include "formats/classify.h"
#include "diag.h"
#include "driver.h"
#include "lto_safe_version.h"
#include "policy.h"
#include "report.h"
#include "resolve.h"
#include "rules.h"
#include "scan.h"
#include "settings.h"
#include "strvec.h"
#include "util.h"
#include "verify.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: lto-safe scan [--json|--table|--tsv] [--keep=RULE] [--exclude=RULE] [--keep-file=FILE]\n"
	"                     [--driver=CC] FILE...\n"
	"       lto-safe explain [--json|--table|--tsv] REPORT.json\n"
	"       lto-safe verify [--quiet] BINARY REPORT.json\n"
	"       lto-safe config [--lto-safe-keep=RULE] [--lto-safe-exclude=RULE] [--lto-safe-keep-file=FILE]\n"
	"       lto-safe --help | --version\n"
	"scan: what a link of these objects, archives and bitcode files would keep, and why\n"
	"      (--driver=CC: a link by CC, with the inputs CC adds; FILE... are its arguments)\n"
	"explain: a report written by a link (LTO_SAFE_REPORT=FILE), as the same table\n"
	"verify: is every kept symbol of the report in BINARY? (status 1 when one is missing)\n"
	"config: every setting, its value and where it came from (default, environment, option)\n"
	"See lto-safe(1).\n";

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage(const char *fmt, ...)
{
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		fputs("lto-safe: error: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
	}
	fputs(usage_text, stderr);
	return EXPLAIN_ERROR;
}

enum out_style { OUT_AUTO, OUT_JSON, OUT_TABLE, OUT_TSV };

/* --json, --table, --tsv: 1 when arg was one of them */
static int style_option(const char *arg, enum out_style *style)
{
	if (!strcmp(arg, "--json"))
		*style = OUT_JSON;
	else if (!strcmp(arg, "--table"))
		*style = OUT_TABLE;
	else if (!strcmp(arg, "--tsv"))
		*style = OUT_TSV;
	else
		return 0;
	return 1;
}

static int color_ok(void)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
	return !(no && *no) && term && *term && strcmp(term, "dumb");
}

static int print(const struct report *rep, enum out_style style)
{
	if (style == OUT_JSON) {
		report_write_json(stdout, rep);
	} else {
		enum report_style rs = REPORT_TSV;
		if (style == OUT_TABLE)
			rs = REPORT_TABLE;
		else if (style == OUT_AUTO && isatty(STDOUT_FILENO))
			rs = color_ok() ? REPORT_COLOR : REPORT_TABLE;
		report_print(stdout, rep, rs);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		diag_error("cannot write the output: %s", strerror(errno));
		return EXPLAIN_ERROR;
	}
	return EXPLAIN_OK;
}

/* lto-safe scan --driver=CC ARGS: the inputs of "CC ARGS" as a link, with
 * those the driver adds (driver.h), and the policy flags the arguments ask
 * for in *flags; 0 or -1 */
static int driver_inputs(const char *cc, const struct strvec *args, struct input_list *in, unsigned *flags)
{
	struct cmd cmd = CMD_INIT, ld;
	struct strvec v = STRVEC_INIT;
	strvec_push(&v, cc);
	strvec_pushv(&v, args->v, args->nr);
	int r = cmd_parse(&cmd, cmd_flavor_of(path_base(cc)), (int)v.nr, v.v);
	strvec_clear(&v);
	size_t mark;
	if (r < 0) {
		diag_error("%s", cmd.error ? cmd.error : "cannot read the arguments");
	} else if (cmd.flavor == FLAVOR_LD) {
		diag_error("--driver=%s: not a compiler driver", cc);
		r = -EINVAL;
	} else if ((r = driver_link_line(&cmd, &ld, &mark)) < 0) {
		diag_error("cannot learn the inputs %s adds to a link (%s -###: %s)", cc, cc,
			   r == -EIO ? "no link line" : strerror(-r));
	} else {
		if (cmd.toplevel_asm_seen)
			*flags |= POLICY_TOPLEVEL_ASM_SEEN;
		driver_merge(&cmd, &ld, mark);
		cmd_release(&ld);
		if ((r = resolve_inputs(&cmd, toolchain_default_dirs, &cmd, in)) < 0)
			diag_error("cannot resolve the inputs");
	}
	for (size_t i = 0; r == 0 && i < in->nr; i++)
		if (in->v[i].kind == FK_MISSING && !in->v[i].driver) {
			diag_error("%s: no such file", in->v[i].path ? in->v[i].path : in->v[i].spec);
			r = -ENOENT;
		}
	cmd_release(&cmd);
	return r < 0 ? -1 : 0;
}

/* one FILE of lto-safe scan into the input list; 0, 1 to skip it, or -1 */
static int add_file(struct input_list *in, const char *path)
{
	enum file_kind k = classify_path(path);
	switch (k) {
	case FK_ELF_REL:
	case FK_ARCHIVE:
	case FK_THIN_ARCHIVE:
	case FK_BITCODE:
		break;
	case FK_MISSING:
		diag_error("%s: no such file", path);
		return -1;
	case FK_UNREADABLE: {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		int e = fd < 0 ? errno : EIO;
		if (fd >= 0)
			close(fd);
		diag_error("cannot read %s: %s", path, strerror(e));
		return -1;
	}
	case FK_ELF_DYN:
		diag_warn("skipping %s: a shared object (its symbols are not LTO input)", path);
		return 1;
	case FK_DIR:
	case FK_ELF_OTHER:
	case FK_SCRIPT:
	case FK_UNKNOWN:
		diag_error("%s is not an object, archive or bitcode file (%s)", path,
			   k == FK_UNKNOWN ? "unknown contents" : file_kind_name(k));
		return -1;
	}
	GROW(in->v, in->alloc, in->nr + 1);
	in->v[in->nr] = (struct input){ .path = xstrdup(path), .spec = xstrdup(path), .kind = k,
					.cmd_index = in->nr };
	in->nr++;
	return 0;
}

static int cmd_scan(int argc, char **argv)
{
	enum out_style style = OUT_AUTO;
	struct rules *rules = rules_new();
	struct strvec files = STRVEC_INIT;
	const char *driver = NULL;
	int bad = rules_load_env(rules) < 0, opts = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (opts && !strcmp(a, "--")) {
			opts = 0;
		} else if (opts && style_option(a, &style)) {
			continue;
		} else if (opts && str_starts(a, "--keep=")) {
			bad |= rules_add_keep(rules, a + 7, "--keep") < 0;
		} else if (opts && str_starts(a, "--exclude=")) {
			bad |= rules_add_exclude(rules, a + 10, "--exclude") < 0;
		} else if (opts && str_starts(a, "--keep-file=")) {
			bad |= rules_load_file(rules, a + 12) < 0;
		} else if (opts && str_starts(a, "--driver=") && a[9]) {
			driver = a + 9;
		} else if (opts && a[0] == '-' && a[1]) {
			rules_release(rules);
			strvec_clear(&files);
			return usage("unknown option %s", a);
		} else {
			strvec_push(&files, a);
		}
	}
	if (!files.nr && !bad) {
		rules_release(rules);
		return usage("scan: no file given");
	}
	struct input_list in = INPUT_LIST_INIT;
	unsigned flags = 0;
	if (driver && !bad)
		bad |= driver_inputs(driver, &files, &in, &flags) < 0;
	for (size_t i = 0; !driver && i < files.nr; i++)
		bad |= add_file(&in, files.v[i]) < 0;
	strvec_clear(&files);

	struct scan_set set = SCAN_SET_INIT;
	struct keep_set ks = KEEP_SET_INIT;
	int status = EXPLAIN_ERROR;
	if (bad)
		goto out;
	elf_version(EV_CURRENT);
	if (scan_inputs(&in, SCAN_FULL, 0, &set) < 0) {
		diag_error("cannot scan the inputs");
		goto out;
	}
	for (size_t i = 0; i < set.nunits; i++) {
		const struct unit *u = &set.units[i];
		if (u->error) {
			char *d = unit_describe(u);
			diag_error("cannot read %s: %s", d, u->error);
			free(d);
			bad = 1;
		}
	}
	if (bad)
		goto out;
	if (policy_decide_flags(&set, &in, rules, flags, &ks) < 0) {
		diag_error("cannot decide what to keep");
		goto out;
	}
	struct report rep;
	report_from_keep(&rep, NULL, NULL, &set, &ks);
	status = print(&rep, style);
	report_release(&rep);
out:
	keep_set_release(&ks);
	scan_set_release(&set);
	input_list_release(&in);
	rules_release(rules);
	return status;
}

static int load(const char *path, struct report *rep)
{
	char err[512];
	if (report_load(path, rep, err, sizeof(err)) < 0) {
		diag_error("%s: %s", path, err);
		return -1;
	}
	return 0;
}

static int cmd_explain(int argc, char **argv)
{
	enum out_style style = OUT_AUTO;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (style_option(argv[i], &style))
			continue;
		if (argv[i][0] == '-' && argv[i][1])
			return usage("unknown option %s", argv[i]);
		if (path)
			return usage("explain: one report at a time (%s is one too many)", argv[i]);
		path = argv[i];
	}
	if (!path)
		return usage("explain: no report given");
	struct report rep;
	if (load(path, &rep) < 0)
		return EXPLAIN_ERROR;
	int status = print(&rep, style);
	report_release(&rep);
	return status;
}

static int cmd_verify(int argc, char **argv)
{
	const char *arg[2] = { NULL, NULL };
	int quiet = 0, n = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q"))
			quiet = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return usage("unknown option %s", argv[i]);
		else if (n == 2)
			return usage("verify: too many arguments (%s)", argv[i]);
		else
			arg[n++] = argv[i];
	}
	if (n != 2)
		return usage("verify: give a binary and a report");
	const char *binary = arg[0];
	struct report rep;
	if (load(arg[1], &rep) < 0)
		return EXPLAIN_ERROR;
	const char **names = xcalloc(rep.nr + 1, sizeof(*names));
	unsigned char *state = xcalloc(rep.nr + 1, 1);
	for (size_t i = 0; i < rep.nr; i++)
		names[i] = rep.v[i].symbol;
	enum verify_table table;
	int status = EXPLAIN_ERROR;
	int r = verify_symbols(binary, names, rep.nr, state, &table);
	if (r < 0) {
		diag_error("cannot read %s: %s", binary, r == -ENOEXEC ? "not an ELF file" : strerror(-r));
		goto out;
	}
	size_t present = 0, missing = 0, unchecked = 0;
	struct strvec un = STRVEC_INIT;
	for (size_t i = 0; i < rep.nr; i++) {
		const struct report_entry *e = &rep.v[i];
		if (state[i] == VERIFY_PRESENT) {
			present++;
		} else if (state[i] == VERIFY_MISSING) {
			char *where = report_entry_where(e);
			diag_warn("kept symbol %s (%s, defined in %s) is not in %s", e->symbol, e->reason, where,
				  binary);
			free(where);
			missing++;
		} else {
			if (un.nr < VERIFY_NAMES_SHOWN)
				strvec_push(&un, e->symbol);
			unchecked++;
		}
	}
	const char *why = table == VERIFY_DYNSYM ? "stripped, not in .dynsym" : "no symbol table";
	if (unchecked) {
		char *list = verify_join_names(&un, unchecked);
		diag_warn("cannot check %zu kept symbol%s in %s (%s): %s", unchecked, unchecked == 1 ? "" : "s",
			  binary, why, list);
		free(list);
	}
	strvec_clear(&un);
	if (!quiet) {
		printf("%s (%s%s): %zu of %zu kept symbol%s present", binary, verify_table_name(table),
		       table == VERIFY_DYNSYM ? ", stripped" : "", present, rep.nr, rep.nr == 1 ? "" : "s");
		if (missing)
			printf(", %zu missing", missing);
		if (unchecked)
			printf(", %zu not checked", unchecked);
		putchar('\n');
		fflush(stdout);
	}
	status = missing ? EXPLAIN_MISSING : EXPLAIN_OK;
out:
	free(names);
	free(state);
	report_release(&rep);
	return status;
}

/*
 * lto-safe config: one line per setting of settings_table: its name, its
 * value (the default's where unset), where the value came from and what
 * it means.  The link options of the table given here count as on a link
 * line (origin "option"; the rules' options add to the variable's).
 */
static int cmd_config(int argc, char **argv)
{
	const char *opt[SET_COUNT] = { 0 };
	for (int i = 1; i < argc; i++) {
		size_t k = 0;
		for (; k < SET_COUNT; k++) {
			const char *o = settings_table[k].option;
			size_t n = o ? strlen(o) : 0;
			if (o && !strncmp(argv[i], o, n) && argv[i][n] == '=')
				break;
		}
		if (k == SET_COUNT)
			return usage("config: unknown option %s", argv[i]);
		opt[k] = strchr(argv[i], '=') + 1;
	}
	const struct settings *s = settings();
	static const char *const origin[] = { "default", "environment", "option" };
	for (size_t k = 0; k < SET_COUNT; k++) {
		const struct setting_def *d = &settings_table[k];
		const char *v = s->value[k], *from = origin[s->origin[k]];
		char *both = NULL;
		if (opt[k]) {
			both = v && d->type == ST_RULES ? xasprintf("%s %s", v, opt[k]) : NULL;
			v = both ? both : opt[k];
			from = both ? "environment and option" : origin[FROM_OPTION];
		}
		if (!v && k == SET_CACHE_DIR)
			v = cache_dir() ? cache_dir() : "(no cache)";
		printf("%-20s %-24s %-11s %s%s\n", d->env, v ? v : *d->def ? d->def : "(unset)", from, d->meaning,
		       d->flags & SF_INTERNAL ? " (set by lto-safe)" : "");
		free(both);
	}
	return EXPLAIN_OK;
}

int explain_main(int argc, char **argv)
{
	if (argc < 1)
		return usage(NULL);
	const char *sub = argv[0];
	if (!strcmp(sub, "scan"))
		return cmd_scan(argc, argv);
	if (!strcmp(sub, "explain"))
		return cmd_explain(argc, argv);
	if (!strcmp(sub, "verify"))
		return cmd_verify(argc, argv);
	if (!strcmp(sub, "config"))
		return cmd_config(argc, argv);
	if (!strcmp(sub, "help") || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		fputs(usage_text, stdout);
		return EXPLAIN_OK;
	}
	if (!strcmp(sub, "--version") || !strcmp(sub, "version")) {
		printf("lto-safe %s\n", LTO_SAFE_VERSION);
		return EXPLAIN_OK;
	}
	return usage("unknown command %s", sub);
}
