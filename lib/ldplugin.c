#include "ldplugin.h"
#include "cache.h"
#include "child.h"
#include "diag.h"
#include "driver.h"
#include "formats/gcclto.h"
#include "scan.h"
#include "tmpdir.h"
#include "util.h"

#include <errno.h>
#include <gelf.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAJORS 32 /* bits of ldplugin_majors() */

/* the GCC release of LTO stream major `stream`: GCC 10 wrote 9 */
static int gcc_of(int stream)
{
	return stream == 9 ? 10 : stream;
}

static int gcc_ir(const struct unit *u)
{
	return u->lto == LTO_GCC_SLIM || u->lto == LTO_GCC_FAT;
}

int ldplugin_needed(const struct cmd *cmd, const struct scan_set *set)
{
	if (!ldplugin_may_apply(cmd))
		return 0;
	int ir = 0, slim = 0;
	for (size_t i = 0; i < set->nunits; i++) {
		ir |= gcc_ir(&set->units[i]);
		slim |= set->units[i].lto == LTO_GCC_SLIM;
	}
	if (!cmd->relocatable)
		return slim;
	if (!ir || !set->in)
		return 0;
	/* ld -r: a loose object the plugin would not claim */
	char *claimed = xcalloc(set->in->nr + 1, 1);
	for (size_t i = 0; i < set->nunits; i++)
		if (gcc_ir(&set->units[i]) && set->units[i].input < set->in->nr)
			claimed[set->units[i].input] = 1;
	int other = 0;
	for (size_t i = 0; i < set->in->nr && !other; i++)
		other = set->in->v[i].kind == FK_ELF_REL && !claimed[i];
	free(claimed);
	return other;
}

unsigned ldplugin_majors(const unsigned char *data, size_t size)
{
	static const char prefix[] = ".gnu.lto_.lto.";
	Elf *e = elf_memory((char *)data, size);
	size_t shstrndx;
	unsigned mask = 0;
	if (!e || elf_kind(e) != ELF_K_ELF || elf_getshdrstrndx(e, &shstrndx) < 0) {
		if (e)
			elf_end(e);
		return 0;
	}
	for (Elf_Scn *s = NULL; (s = elf_nextscn(e, s));) {
		GElf_Shdr sh;
		const char *name;
		if (!gelf_getshdr(s, &sh) || !(name = elf_strptr(e, shstrndx, sh.sh_name)) ||
		    strncmp(name, prefix, sizeof(prefix) - 1) || sh.sh_type == SHT_NOBITS || sh.sh_size < 4 ||
		    sh.sh_offset > size || size - sh.sh_offset < 4)
			continue;
		/* in the byte order of the machine GCC ran on (gcclto.h) */
		int major, minor;
		gcclto_version(data + sh.sh_offset, 4, &major, &minor);
		if (major > 0 && major < MAJORS)
			mask |= 1u << major;
	}
	elf_end(e);
	return mask;
}

char *ldplugin_prefix(const char *linker)
{
	const char *b = path_base(linker);
	for (size_t i = 0; b[i]; i++)
		if (b[i] == 'l' && b[i + 1] == 'd' && (!i || b[i - 1] == '-') && (!b[i + 2] || b[i + 2] == '.'))
			return xstrndup(b, i);
	return xstrdup("");
}

void ldplugin_gcc_release(struct ldplugin_gcc *g)
{
	free(g->driver);
	free(g->plugin);
	free(g->wrapper);
	memset(g, 0, sizeof(*g));
}

int ldplugin_parse_answer(const char *text, struct ldplugin_gcc *g)
{
	memset(g, 0, sizeof(*g));
	char *end;
	long v = strtol(text, &end, 10);
	struct cmd ld;
	size_t mark;
	if (end == text || v <= 0 || v > INT_MAX || (*end && *end != '.' && *end != '\n') ||
	    driver_parse_answer(text, &ld, &mark) < 0)
		return -EIO;
	g->major = (int)v;
	static const char opt[] = "-plugin-opt=";
	for (size_t i = 1; i < ld.argv.nr; i++) {
		const char *a = ld.argv.v[i];
		if (!strcmp(a, "-plugin") && i + 1 < ld.argv.nr && !g->plugin)
			g->plugin = xstrdup(ld.argv.v[++i]);
		else if (str_starts(a, opt) && a[sizeof(opt) - 1] && a[sizeof(opt) - 1] != '-' && !g->wrapper)
			g->wrapper = xstrdup(a + sizeof(opt) - 1);
	}
	cmd_release(&ld);
	if (!g->plugin || !g->wrapper) {
		ldplugin_gcc_release(g);
		return -EIO;
	}
	return 0;
}

/* the first executable `name` on PATH that is not an lto-safe wrapper (a
 * masquerade gcc-12 resolves to lto-safe-cc), as found; NULL if none */
static char *find_real(const char *name)
{
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		char *cand = n ? xasprintf("%.*s/%s", (int)n, p, name) : xasprintf("./%s", name);
		struct stat st;
		char *real = stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0
				     ? realpath(cand, NULL)
				     : NULL;
		int ok = real && !str_starts(path_base(real), "lto-safe");
		free(real);
		if (ok)
			return cand;
		free(cand);
		if (!colon)
			return NULL;
		p = colon + 1;
	}
}

/* driver's version and -### answer for a link with -flto, from the cache
 * or asked (and cached, also when it gives nothing); 0 or -EIO */
static int ask_driver(const struct cmd *cmd, const char *driver, struct ldplugin_gcc *g)
{
	char *vq[] = { (char *)driver, "-dumpversion", NULL };
	char *q[] = { (char *)driver, "-flto", "-Wl," DRIVER_MARK, "-###", NULL };
	char *key = driver_query_key(cmd, q, 4);
	char *text = key ? cache_get_text("ldplugin", key) : NULL;
	if (!text) {
		char *version = NULL, *answer = NULL;
		int ok = child_capture(vq, &version, NULL) == 0 && child_capture_fd(q, 2, &answer, NULL) == 0 &&
			 version && answer;
		text = ok ? xasprintf("%.*s\n%s", (int)strcspn(version, "\n"), version, answer) : xstrdup("");
		free(version);
		free(answer);
		if (key)
			cache_put_text("ldplugin", key, text);
	}
	free(key);
	int r = ldplugin_parse_answer(text, g);
	free(text);
	return r;
}

/* the GCC of LTO stream major `major` for cmd's linker (ldplugin.h) */
static int find_gcc(const struct cmd *cmd, int major, struct ldplugin_gcc *g)
{
	char *prefix = ldplugin_prefix(cmd->argv.v[0]);
	char *names[2] = { xasprintf("%sgcc-%d", prefix, major), xasprintf("%sgcc", prefix) };
	int r = -ENOENT;
	memset(g, 0, sizeof(*g));
	for (size_t i = 0; i < 2 && r < 0; i++) {
		char *driver = find_real(names[i]);
		if (driver && ask_driver(cmd, driver, g) == 0 && g->major == major) {
			g->driver = driver;
			r = 0;
		} else {
			ldplugin_gcc_release(g);
			free(driver);
		}
	}
	free(names[0]);
	free(names[1]);
	free(prefix);
	return r;
}

/* the error line (ldplugin.h): what, then how to link through the driver
 * of GCC `major` (0: any) */
static int cannot(const char *what, const char *how, int major)
{
	char driver[32] = "gcc";
	if (major > 0)
		snprintf(driver, sizeof(driver), "gcc-%d", major);
	diag_error("%s; %s: %s -flto -nostdlib OBJECTS... -Wl,LD-OPTION,...", what, how, driver);
	return diag_strict() ? -1 : LDPLUGIN_PLAIN;
}

/* "GCC 12 LTO IR (foo.o)", or with "and N more" */
static char *ir_of(const struct scan_set *set, const size_t *first, const size_t *count, int major)
{
	char *where = unit_describe(&set->units[first[major]]);
	char more[48] = "";
	if (count[major] > 1)
		snprintf(more, sizeof(more), " and %zu more", count[major] - 1);
	char *s = xasprintf("GCC %d LTO IR (%s%s)", gcc_of(major), where, more);
	free(where);
	return s;
}

int ldplugin_add(struct cmd *cmd, const struct scan_set *set)
{
	if (!ldplugin_needed(cmd, set))
		return LDPLUGIN_NONE;
	size_t first[MAJORS], count[MAJORS] = { 0 };
	unsigned all = 0;
	for (size_t k = 0; k < set->nunits; k++) {
		const struct unit *u = &set->units[k];
		if (!gcc_ir(u))
			continue;
		unsigned m = ldplugin_majors(set->data[k], set->size[k]);
		if (!m) {
			char *where = unit_describe(u);
			char *what = xasprintf("cannot tell which GCC wrote the LTO IR of %s (no LTO stream version)",
					       where);
			int r = cannot(what, "link through the compiler driver that compiled it instead", 0);
			free(what);
			free(where);
			return r;
		}
		for (int b = 1; b < MAJORS; b++)
			if (m & 1u << b && !count[b]++)
				first[b] = k;
		all |= m;
	}
	int major = __builtin_ctz(all);
	unsigned rest = all & (all - 1);
	if (rest) {
		int second = __builtin_ctz(rest);
		char *a = ir_of(set, first, count, major), *b = ir_of(set, first, count, second);
		char *what = xasprintf("ld is given %s and %s%s, which no one GCC's LTO plugin reads together", a, b,
				       rest & (rest - 1) ? " and more" : "");
		int r = cannot(what, "compile every object with the same GCC and link through its driver",
			       gcc_of(31 - __builtin_clz(all)));
		free(what);
		free(a);
		free(b);
		return r;
	}
	char *ir = ir_of(set, first, count, major), *what = NULL;
	const char *how = "link through the compiler driver instead";
	const char *linker = path_base(cmd->argv.v[0]);
	char *real = realpath(cmd->argv.v[0], NULL);
	struct ldplugin_gcc g;
	if (strstr(linker, "lld") || (real && strstr(path_base(real), "lld"))) {
		what = xasprintf("%s is given %s, which it cannot read: lld loads no GCC plugin", linker, ir);
		how = "link with ld.bfd, gold or mold, or through the compiler driver";
	} else if (find_gcc(cmd, gcc_of(major), &g) < 0) {
		char *prefix = ldplugin_prefix(cmd->argv.v[0]);
		what = xasprintf("%s needs the LTO plugin of GCC %d, and no %sgcc-%d or %sgcc of that version with "
				 "one is on PATH", ir, gcc_of(major), prefix, gcc_of(major), prefix);
		free(prefix);
	}
	free(real);
	if (what) {
		int r = cannot(what, how, gcc_of(major));
		free(what);
		free(ir);
		return r;
	}
	const char *res = tmpdir_create() < 0 ? NULL : tmpdir_path("ld.res");
	if (!res) {
		free(ir);
		ldplugin_gcc_release(&g);
		return diag_fallback("cannot create a temporary directory for the LTO plugin: %s", strerror(errno)) < 0
			       ? -1
			       : LDPLUGIN_PLAIN;
	}
	char *add[4] = { "-plugin", g.plugin, xasprintf("-plugin-opt=%s", g.wrapper),
			 xasprintf("-plugin-opt=-fresolution=%s", res) };
	for (size_t i = 0; i < 4; i++)
		strvec_insert(&cmd->argv, 1 + i, add[i]);
	for (size_t i = 0; i < cmd->ninputs; i++)
		if (cmd->inputs[i].argi >= 1)
			cmd->inputs[i].argi += 4;
	setenv("COLLECT_GCC", g.driver, 1);
	setenv("COLLECT_GCC_OPTIONS", "'-flto'", 1);
	if (cmd->relocatable)
		diag_note("ld -r of %s with objects without IR, which a later LTO link would lose: adding the LTO "
			  "plugin of %s, as gcc -r -flto does (-plugin %s -plugin-opt=%s, a resolution file; "
			  "COLLECT_GCC=%s COLLECT_GCC_OPTIONS='-flto')", ir, g.driver, g.plugin, g.wrapper, g.driver);
	else
		diag_note("ld is given %s and no LTO plugin: adding the plugin of %s (-plugin %s -plugin-opt=%s, "
			  "a resolution file; COLLECT_GCC=%s COLLECT_GCC_OPTIONS='-flto')", ir, g.driver, g.plugin,
			  g.wrapper, g.driver);
	free(add[2]);
	free(add[3]);
	free(ir);
	ldplugin_gcc_release(&g);
	return LDPLUGIN_ADDED;
}
