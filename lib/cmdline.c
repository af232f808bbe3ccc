#include "cmdline.h"
#include "rsp.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * Driver syntax.  dclassify() says what one argument of a gcc/clang command
 * line is and how many of the following arguments it takes as its value;
 * the parser and the argv builders walk arguments with it, so they agree
 * on where each option ends.
 */
enum dkind {
	DK_INPUT,    /* a file operand, "@file" included */
	DK_STDIN,    /* "-" */
	DK_OTHER,    /* an option kept when compiling */
	DK_LINK,     /* an option that only concerns linking, no effect on the model */
	DK_PASS,     /* an option that means no link happens */
	DK_X, DK_O, DK_LIBDIR, DK_LIB, DK_UNDEF, DK_ENTRY, DK_SCRIPT, DK_BDIR,
	DK_WL, DK_XLINKER, DK_SYSROOT, DK_FUSELD, DK_LDPATH, DK_LTO, DK_NOLTO, DK_ASMHEUR, DK_NOASMHEUR,
	DK_M32, DK_M64, DK_SHARED, DK_RELOC, DK_STATIC, DK_STATIC_PIE, DK_PIE,
	DK_NOPIE, DK_NOSTDLIB, DK_NODEFAULTLIBS, DK_NOSTARTFILES,
};

/* how an option table entry takes its value */
enum vmode {
	V_NONE,  /* exact name, no value */
	V_SEP,   /* exact name, value in the next argument; "--name=value" too */
	V_JS,    /* joined ("-Ifoo") or separate ("-I foo") */
	V_PFX,   /* any argument starting with name, no separate value */
	V_PSEP,  /* any argument starting with name, value in the next argument */
};

struct dopt {
	const char *name;
	unsigned char mode;
	unsigned char kind;
};

/* Exact names are tried before prefixes, in table order: longer names that
 * share a prefix with a joined option ("-emit-llvm" and "-e") come first. */
static const struct dopt driver_opts[] = {
	{ "-c", V_NONE, DK_PASS }, { "-S", V_NONE, DK_PASS }, { "-E", V_NONE, DK_PASS },
	{ "-M", V_NONE, DK_PASS }, { "-MM", V_NONE, DK_PASS },
	{ "-fsyntax-only", V_NONE, DK_PASS }, { "--version", V_NONE, DK_PASS },
	{ "-dumpversion", V_NONE, DK_PASS }, { "-dumpfullversion", V_NONE, DK_PASS },
	{ "-dumpmachine", V_NONE, DK_PASS }, { "-dumpspecs", V_NONE, DK_PASS },
	{ "-###", V_NONE, DK_PASS }, { "--help", V_NONE, DK_PASS },
	{ "--target-help", V_NONE, DK_PASS }, { "--analyze", V_NONE, DK_PASS },
	{ "--compile", V_NONE, DK_PASS }, { "--preprocess", V_NONE, DK_PASS },
	{ "--assemble", V_NONE, DK_PASS }, { "--dependencies", V_NONE, DK_PASS },
	{ "--user-dependencies", V_NONE, DK_PASS }, { "--precompile", V_NONE, DK_PASS },
	{ "-emit-ast", V_NONE, DK_PASS },
	{ "-print-", V_PFX, DK_PASS }, { "--print-", V_PFX, DK_PASS },
	{ "--help=", V_PFX, DK_PASS }, { "--autocomplete=", V_PFX, DK_PASS },
	{ "--completion=", V_PFX, DK_PASS },

	{ "-shared", V_NONE, DK_SHARED }, { "--shared", V_NONE, DK_SHARED },
	{ "-r", V_NONE, DK_RELOC },
	{ "-static", V_NONE, DK_STATIC }, { "--static", V_NONE, DK_STATIC },
	{ "-static-pie", V_NONE, DK_STATIC_PIE },
	{ "-pie", V_NONE, DK_PIE }, { "--pie", V_NONE, DK_PIE },
	{ "-no-pie", V_NONE, DK_NOPIE }, { "--no-pie", V_NONE, DK_NOPIE },
	{ "-nopie", V_NONE, DK_NOPIE },
	{ "-nostdlib", V_NONE, DK_NOSTDLIB }, { "--no-standard-libraries", V_NONE, DK_NOSTDLIB },
	{ "-nodefaultlibs", V_NONE, DK_NODEFAULTLIBS },
	{ "-nostartfiles", V_NONE, DK_NOSTARTFILES },
	{ "-m32", V_NONE, DK_M32 }, { "-m64", V_NONE, DK_M64 },
	{ "-flto", V_NONE, DK_LTO }, { "-flto=", V_PFX, DK_LTO }, { "-fno-lto", V_NONE, DK_NOLTO },
	{ "-flto-toplevel-asm-heuristics", V_NONE, DK_ASMHEUR },
	{ "-fno-lto-toplevel-asm-heuristics", V_NONE, DK_NOASMHEUR },
	{ "-fuse-ld=", V_PFX, DK_FUSELD }, { "--ld-path=", V_PFX, DK_LDPATH },
	{ "--sysroot", V_SEP, DK_SYSROOT }, { "--sysroot=", V_PFX, DK_SYSROOT },

	{ "-rdynamic", V_NONE, DK_LINK }, { "-s", V_NONE, DK_LINK },
	{ "-symbolic", V_NONE, DK_LINK }, { "-shared-libgcc", V_NONE, DK_LINK },
	{ "-static-lib", V_PFX, DK_LINK }, { "-nolibc", V_NONE, DK_LINK },
	{ "-nostdlib++", V_NONE, DK_LINK }, { "-rpath", V_SEP, DK_LINK },
	{ "-Xoffload-linker", V_PSEP, DK_LINK }, { "-z", V_JS, DK_LINK },
	{ "-Wl,", V_PFX, DK_WL },
	{ "-Xlinker", V_SEP, DK_XLINKER }, { "--for-linker", V_SEP, DK_XLINKER },

	/* options beginning like a joined option, so matched first */
	{ "-exported_symbols_list", V_SEP, DK_LINK }, { "-undef", V_NONE, DK_OTHER },
	{ "-undefined", V_SEP, DK_LINK }, { "-umbrella", V_SEP, DK_LINK },
	{ "-unexported_symbols_list", V_SEP, DK_LINK }, { "-objcmt-", V_PFX, DK_OTHER },
	{ "-emit-", V_PFX, DK_OTHER },
	{ "-include-pch", V_SEP, DK_OTHER }, { "-Tbss", V_SEP, DK_LINK },
	{ "-Tdata", V_SEP, DK_LINK }, { "-Ttext", V_SEP, DK_LINK },
	{ "-Ttext-segment", V_SEP, DK_LINK },

	{ "-x", V_JS, DK_X }, { "--language", V_SEP, DK_X },
	{ "-o", V_JS, DK_O }, { "--output", V_SEP, DK_O },
	{ "-L", V_JS, DK_LIBDIR }, { "--library-directory", V_SEP, DK_LIBDIR },
	{ "-l", V_JS, DK_LIB }, { "--library", V_SEP, DK_LIB },
	{ "-u", V_JS, DK_UNDEF }, { "--force-link", V_SEP, DK_UNDEF },
	{ "-e", V_JS, DK_ENTRY }, { "--entry", V_SEP, DK_ENTRY },
	{ "-T", V_JS, DK_SCRIPT },
	{ "-B", V_JS, DK_BDIR }, { "--prefix", V_SEP, DK_BDIR },

	/* compile options with a value */
	{ "-I", V_JS, DK_OTHER }, { "-D", V_JS, DK_OTHER }, { "-U", V_JS, DK_OTHER },
	{ "-A", V_JS, DK_OTHER }, { "-F", V_JS, DK_OTHER },
	{ "-MF", V_JS, DK_OTHER }, { "-MT", V_JS, DK_OTHER }, { "-MQ", V_JS, DK_OTHER },
	{ "-MJ", V_JS, DK_OTHER },
	{ "-include", V_JS, DK_OTHER }, { "-imacros", V_JS, DK_OTHER },
	{ "-isystem", V_JS, DK_OTHER }, { "-iquote", V_JS, DK_OTHER },
	{ "-idirafter", V_JS, DK_OTHER }, { "-iprefix", V_JS, DK_OTHER },
	{ "-iwithprefixbefore", V_JS, DK_OTHER }, { "-iwithprefix", V_JS, DK_OTHER },
	{ "-isysroot", V_JS, DK_OTHER }, { "-imultilib", V_JS, DK_OTHER },
	{ "-iframeworkwithsysroot", V_JS, DK_OTHER }, { "-iframework", V_JS, DK_OTHER },
	{ "-ivfsoverlay", V_JS, DK_OTHER }, { "-cxx-isystem", V_JS, DK_OTHER },
	{ "-Xassembler", V_SEP, DK_OTHER }, { "-Xpreprocessor", V_SEP, DK_OTHER },
	{ "-Xclang", V_SEP, DK_OTHER }, { "-Xanalyzer", V_SEP, DK_OTHER },
	{ "-Xflang", V_SEP, DK_OTHER }, { "-Xcuda-fatbinary", V_SEP, DK_OTHER },
	{ "-Xcuda-ptxas", V_SEP, DK_OTHER }, { "-Xopenmp-target", V_PSEP, DK_OTHER },
	{ "-Xarch_", V_PSEP, DK_OTHER },
	{ "-aux-info", V_SEP, DK_OTHER }, { "-arch", V_SEP, DK_OTHER },
	{ "-target", V_SEP, DK_OTHER }, { "--param", V_SEP, DK_OTHER },
	{ "-mllvm", V_SEP, DK_OTHER }, { "-wrapper", V_SEP, DK_OTHER },
	{ "-dumpdir", V_SEP, DK_OTHER }, { "-dumpbase", V_SEP, DK_OTHER },
	{ "-dumpbase-ext", V_SEP, DK_OTHER }, { "-specs", V_SEP, DK_OTHER },
	{ "--specs", V_SEP, DK_OTHER }, { "-serialize-diagnostics", V_SEP, DK_OTHER },
	{ "-working-directory", V_SEP, DK_OTHER }, { "-resource-dir", V_SEP, DK_OTHER },
	{ "--config", V_SEP, DK_OTHER }, { "-gcc-toolchain", V_SEP, DK_OTHER },
	{ "-dependency-file", V_SEP, DK_OTHER }, { "-dependency-dot", V_SEP, DK_OTHER },
	{ "-meabi", V_SEP, DK_OTHER }, { "-mthread-model", V_SEP, DK_OTHER },
	{ "--define-macro", V_SEP, DK_OTHER }, { "--undefine-macro", V_SEP, DK_OTHER },
	{ "--include-directory", V_SEP, DK_OTHER }, { "--include-directory-after", V_SEP, DK_OTHER },
	{ "--include", V_SEP, DK_OTHER }, { "--imacros", V_SEP, DK_OTHER },
	{ "--assert", V_SEP, DK_OTHER }, { "--for-assembler", V_SEP, DK_OTHER },
	{ "--include-prefix", V_SEP, DK_OTHER }, { "--include-with-prefix", V_SEP, DK_OTHER },
	{ "--include-with-prefix-before", V_SEP, DK_OTHER },
	{ "--include-with-prefix-after", V_SEP, DK_OTHER },
	{ "--dumpbase", V_SEP, DK_OTHER }, { "--dumpdir", V_SEP, DK_OTHER },
	/* Darwin linker options that a cross driver still parses */
	{ "-install_name", V_SEP, DK_LINK }, { "-compatibility_version", V_SEP, DK_LINK },
	{ "-current_version", V_SEP, DK_LINK }, { "-framework", V_SEP, DK_LINK },
	{ "-weak_framework", V_SEP, DK_LINK }, { "-bundle_loader", V_SEP, DK_LINK },
	{ "-image_base", V_SEP, DK_LINK }, { "-init", V_SEP, DK_LINK },
	{ "-seg1addr", V_SEP, DK_LINK }, { "-multiply_defined", V_SEP, DK_LINK },
	{ "-allowable_client", V_SEP, DK_LINK }, { "-pagezero_size", V_SEP, DK_LINK },
	{ "-dylinker_install_name", V_SEP, DK_LINK }, { "-read_only_relocs", V_SEP, DK_LINK },
};

struct dclass {
	enum dkind kind;
	int nargs;        /* following arguments taken as the value (0 or 1) */
	const char *val;  /* the value: joined part or next argument (NULL if missing) */
};

static struct dclass dclassify(const char *a, const char *next)
{
	struct dclass c = { DK_INPUT, 0, NULL };
	if (a[0] != '-')
		return c;
	if (!a[1]) {
		c.kind = DK_STDIN;
		return c;
	}
	size_t n = sizeof(driver_opts) / sizeof(driver_opts[0]);
	/* exact names first */
	for (size_t i = 0; i < n; i++) {
		const struct dopt *o = &driver_opts[i];
		if (o->mode == V_PFX || o->mode == V_PSEP || strcmp(a, o->name))
			continue;
		c.kind = o->kind;
		if (o->mode != V_NONE) {
			c.nargs = 1;
			c.val = next;
		}
		return c;
	}
	for (size_t i = 0; i < n; i++) {
		const struct dopt *o = &driver_opts[i];
		size_t len = strlen(o->name);
		if (o->mode == V_NONE || strncmp(a, o->name, len))
			continue;
		if (o->mode == V_SEP && (a[len] != '=' || o->name[1] != '-'))
			continue;
		c.kind = o->kind;
		if (o->mode == V_PSEP) {
			c.nargs = 1;
			c.val = next;
		} else {
			c.val = a + len + (o->mode == V_SEP);
		}
		return c;
	}
	c.kind = DK_OTHER;
	return c;
}

static int dkind_link_only(enum dkind k)
{
	switch (k) {
	case DK_LINK: case DK_LIBDIR: case DK_LIB: case DK_UNDEF: case DK_ENTRY:
	case DK_SCRIPT: case DK_WL: case DK_XLINKER: case DK_FUSELD: case DK_LDPATH:
	case DK_SHARED: case DK_RELOC: case DK_STATIC: case DK_STATIC_PIE: case DK_PIE:
	case DK_NOPIE: case DK_NOSTDLIB: case DK_NODEFAULTLIBS: case DK_NOSTARTFILES:
		return 1;
	default:
		return 0;
	}
}

/*
 * GNU ld syntax (ld.bfd, gold, lld, mold).  A long option may be written
 * with one dash or two, except that single-dash names starting with 'o'
 * are -o FILE; a value is joined with '=' or in the next argument.  Short
 * options with a value take it joined ("-lfoo") or separate ("-l foo").
 */
enum lkind {
	LK_NONE,      /* no pending option */
	LK_INPUT, LK_OTHER, LK_SKIP, LK_PASS,
	LK_LIB, LK_LIBDIR, LK_UNDEF, LK_OUT, LK_ENTRY, LK_SCRIPT, LK_EMUL,
	LK_PLUGIN, LK_SYSROOT, LK_PLUGIN_OPT, LK_WRAP, LK_DEFSYM,
	LK_EXPORTS,   /* --version-script, --exclude-libs, --exclude-symbols */
	LK_THIN_INDEX, LK_THIN_SUFFIX, /* --thinlto-index-only[=F], --thinlto-object-suffix-replace= */
	LK_WHOLE, LK_NOWHOLE, LK_STATIC, LK_DYNAMIC, LK_ASNEEDED, LK_NOASNEEDED,
	LK_START_GROUP, LK_END_GROUP, LK_PUSH, LK_POP,
	LK_RELOC, LK_SHARED, LK_PIE, LK_NOPIE, LK_NOSTDLIB,
	LK_VERSION,   /* --version, --help: ld prints and stops */
	LK_VERBOSE,   /* -v, -V: a pass-through for ld itself, not inside -Wl, */
};

struct lopt {
	const char *name;  /* without leading dashes */
	unsigned char kind;
	unsigned char arg; /* 1: takes a value; 2: may take one, joined with '=' only */
};

static const struct lopt ld_opts[] = {
	{ "whole-archive", LK_WHOLE, 0 }, { "no-whole-archive", LK_NOWHOLE, 0 },
	{ "Bstatic", LK_STATIC, 0 }, { "dn", LK_STATIC, 0 }, { "non_shared", LK_STATIC, 0 },
	{ "static", LK_STATIC, 0 },
	{ "Bdynamic", LK_DYNAMIC, 0 }, { "dy", LK_DYNAMIC, 0 }, { "call_shared", LK_DYNAMIC, 0 },
	{ "as-needed", LK_ASNEEDED, 0 }, { "no-as-needed", LK_NOASNEEDED, 0 },
	{ "start-group", LK_START_GROUP, 0 }, { "(", LK_START_GROUP, 0 },
	{ "end-group", LK_END_GROUP, 0 }, { ")", LK_END_GROUP, 0 },
	{ "push-state", LK_PUSH, 0 }, { "pop-state", LK_POP, 0 },
	{ "r", LK_RELOC, 0 }, { "i", LK_RELOC, 0 }, { "relocatable", LK_RELOC, 0 },
	{ "Ur", LK_RELOC, 0 },
	{ "shared", LK_SHARED, 0 }, { "Bshareable", LK_SHARED, 0 },
	{ "pie", LK_PIE, 0 }, { "pic-executable", LK_PIE, 0 },
	{ "no-pie", LK_NOPIE, 0 }, { "no-pic-executable", LK_NOPIE, 0 },
	{ "nostdlib", LK_NOSTDLIB, 0 },
	{ "version", LK_VERSION, 0 }, { "help", LK_VERSION, 0 },
	/* no value, though they start like a short option that takes one */
	{ "export-dynamic", LK_OTHER, 0 }, { "eh-frame-hdr", LK_OTHER, 0 },
	{ "emit-relocs", LK_OTHER, 0 }, { "enable-new-dtags", LK_OTHER, 0 },
	{ "error-unresolved-symbols", LK_OTHER, 0 }, { "export-dynamic-symbol-list", LK_SKIP, 1 },
	{ "fatal-warnings", LK_OTHER, 0 }, { "force-exe-suffix", LK_OTHER, 0 },
	{ "fix-cortex-a53-843419", LK_OTHER, 0 }, { "fix-cortex-a8", LK_OTHER, 0 },
	{ "undefined-version", LK_OTHER, 0 }, { "unique", LK_OTHER, 0 },
	{ "use-android-relr-tags", LK_OTHER, 0 }, { "error-handling-script", LK_SKIP, 1 },
	{ "lto-O0", LK_OTHER, 0 }, { "lto-O1", LK_OTHER, 0 }, { "lto-O2", LK_OTHER, 0 },
	{ "lto-O3", LK_OTHER, 0 }, { "Tbss", LK_SKIP, 1 }, { "Tdata", LK_SKIP, 1 },
	{ "Ttext", LK_SKIP, 1 }, { "Ttext-segment", LK_SKIP, 1 },
	{ "Trodata-segment", LK_SKIP, 1 }, { "Tldata-segment", LK_SKIP, 1 },
	{ "Map", LK_SKIP, 1 },
	/* with a value */
	{ "library", LK_LIB, 1 }, { "library-path", LK_LIBDIR, 1 },
	{ "undefined", LK_UNDEF, 1 }, { "output", LK_OUT, 1 }, { "entry", LK_ENTRY, 1 },
	{ "script", LK_SCRIPT, 1 }, { "default-script", LK_SCRIPT, 1 }, { "dT", LK_SCRIPT, 1 },
	{ "plugin", LK_PLUGIN, 1 }, { "sysroot", LK_SYSROOT, 1 },
	{ "architecture", LK_SKIP, 1 }, { "format", LK_SKIP, 1 }, { "mri-script", LK_SKIP, 1 },
	{ "auxiliary", LK_SKIP, 1 }, { "filter", LK_SKIP, 1 }, { "gpsize", LK_SKIP, 1 },
	{ "soname", LK_SKIP, 1 }, { "just-symbols", LK_SKIP, 1 }, { "trace-symbol", LK_SKIP, 1 },
	{ "require-defined", LK_SKIP, 1 }, { "defsym", LK_DEFSYM, 1 },
	{ "dynamic-linker", LK_SKIP, 1 }, { "rpath", LK_SKIP, 1 }, { "rpath-link", LK_SKIP, 1 },
	{ "retain-symbols-file", LK_SKIP, 1 }, { "version-script", LK_EXPORTS, 1 },
	{ "dynamic-list", LK_SKIP, 1 }, { "sort-section", LK_SKIP, 1 },
	{ "task-link", LK_SKIP, 1 }, { "wrap", LK_WRAP, 1 }, { "exclude-libs", LK_EXPORTS, 1 },
	{ "exclude-symbols", LK_EXPORTS, 1 }, { "plugin-opt", LK_PLUGIN_OPT, 1 },
	{ "thinlto-index-only", LK_THIN_INDEX, 2 },
	{ "thinlto-object-suffix-replace", LK_THIN_SUFFIX, 2 },
	{ "oformat", LK_SKIP, 1 }, { "image-base", LK_SKIP, 1 },
	{ "dependency-file", LK_SKIP, 1 }, { "section-ordering-file", LK_SKIP, 1 },
	{ "assert", LK_SKIP, 1 }, { "audit", LK_SKIP, 1 }, { "depaudit", LK_SKIP, 1 },
	{ "hash-style", LK_SKIP, 1 }, { "compress-debug-sections", LK_SKIP, 1 },
	{ "unresolved-symbols", LK_SKIP, 1 }, { "orphan-handling", LK_SKIP, 1 },
	{ "error-limit", LK_SKIP, 1 }, { "mllvm", LK_SKIP, 1 },
	{ "symbol-ordering-file", LK_SKIP, 1 }, { "call-graph-ordering-file", LK_SKIP, 1 },
	{ "undefined-glob", LK_SKIP, 1 }, { "keep-unique", LK_SKIP, 1 },
	{ "pack-dyn-relocs", LK_SKIP, 1 }, { "export-dynamic-symbol", LK_SKIP, 1 },
	{ "package-metadata", LK_SKIP, 1 }, { "remap-inputs-file", LK_SKIP, 1 },
	{ "ignore-unresolved-symbol", LK_SKIP, 1 }, { "warn-backrefs-exclude", LK_SKIP, 1 },
	{ "chroot", LK_SKIP, 1 }, { "thread-count", LK_SKIP, 1 }, { "filler", LK_SKIP, 1 },
	{ "spare-dynamic-tags", LK_SKIP, 1 }, { "fini", LK_SKIP, 1 }, { "init", LK_SKIP, 1 },
	{ "version-exports-section", LK_SKIP, 1 }, { "out-implib", LK_SKIP, 1 },
	{ "output-def", LK_SKIP, 1 }, { "exclude-modules-for-implib", LK_SKIP, 1 },
	{ "heap", LK_SKIP, 1 }, { "stack", LK_SKIP, 1 }, { "subsystem", LK_SKIP, 1 },
	{ "file-alignment", LK_SKIP, 1 }, { "section-alignment", LK_SKIP, 1 },
	{ "major-image-version", LK_SKIP, 1 }, { "minor-image-version", LK_SKIP, 1 },
	{ "major-os-version", LK_SKIP, 1 }, { "minor-os-version", LK_SKIP, 1 },
	{ "major-subsystem-version", LK_SKIP, 1 }, { "minor-subsystem-version", LK_SKIP, 1 },
	{ "emulation", LK_EMUL, 1 },
};

/* short options that take a value, joined or separate, and what they are */
static enum lkind ld_short(char c)
{
	switch (c) {
	case 'l': return LK_LIB;
	case 'L': return LK_LIBDIR;
	case 'u': return LK_UNDEF;
	case 'o': return LK_OUT;
	case 'e': return LK_ENTRY;
	case 'T': return LK_SCRIPT;
	case 'm': return LK_EMUL;
	case 'A': case 'b': case 'c': case 'f': case 'F': case 'G': case 'h': case 'I':
	case 'O': case 'P': case 'R': case 'y': case 'Y': case 'z':
		return LK_SKIP;
	default:
		return LK_NONE;
	}
}

struct lclass {
	enum lkind kind;
	int need_next;    /* the value is the next argument */
	const char *val;  /* joined value, or NULL */
};

static struct lclass lclassify(const char *a)
{
	struct lclass c = { LK_INPUT, 0, NULL };
	if (a[0] != '-' || !a[1])
		return c;
	int dd = a[1] == '-';
	const char *name = a + 1 + dd;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	if (dd || name[0] != 'o') {
		for (size_t i = 0; i < sizeof(ld_opts) / sizeof(ld_opts[0]); i++) {
			const struct lopt *o = &ld_opts[i];
			if (strlen(o->name) != len || strncmp(name, o->name, len))
				continue;
			if (eq && !o->arg)
				break;
			c.kind = o->kind;
			if (o->arg) {
				c.val = eq ? eq + 1 : NULL;
				c.need_next = !eq && o->arg == 1;
			}
			return c;
		}
	}
	if (!dd) {
		if (!strcmp(name, "v") || !strcmp(name, "V")) {
			c.kind = LK_VERBOSE;
			return c;
		}
		enum lkind k = ld_short(name[0]);
		if (k != LK_NONE) {
			c.kind = k;
			c.val = name[1] ? name + 1 : NULL;
			c.need_next = !name[1];
			return c;
		}
	}
	c.kind = LK_OTHER;
	return c;
}

/* ---- the parser ---- */

struct ldstate {
	unsigned whole : 1, as_needed : 1, static_only : 1;
};

struct parser {
	struct cmd *cmd;          /* NULL: only decide the action */
	enum tool_flavor flavor;
	const char *lang;         /* -x in force, NULL for none */
	struct ldstate st;
	struct ldstate *stack;
	size_t nstack, astack;
	int group, ngroups;
	enum lkind pend;          /* ld option waiting for its value */
	size_t ninputs, nsources;
	int pass;
};

static const char *const source_exts[] = {
	"c", "i", "cc", "cp", "cxx", "cpp", "CPP", "c++", "C", "ii", "m", "mi", "mm", "M",
	"mii", "s", "S", "sx",
};
static const char *const gcc_source_exts[] = {
	"f", "for", "ftn", "F", "FOR", "FTN", "fpp", "FPP", "f90", "f95", "f03", "f08",
	"F90", "F95", "F03", "F08", "go", "d", "ads", "adb", "mod",
};
static const char *const clang_source_exts[] = {
	"cu", "hip", "cl", "clcpp", "ll", "bc", "cppm", "ccm", "cxxm", "c++m", "ixx",
};

static int in_list(const char *ext, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ext, list[i]))
			return 1;
	return 0;
}

#define IN_LIST(ext, list) in_list(ext, list, sizeof(list) / sizeof(list[0]))

static int is_source_name(enum tool_flavor flavor, const char *path)
{
	const char *base = path_base(path);
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return 0;
	const char *ext = dot + 1;
	if (IN_LIST(ext, source_exts))
		return 1;
	if (flavor == FLAVOR_CLANG)
		return IN_LIST(ext, clang_source_exts);
	return IN_LIST(ext, gcc_source_exts);
}

static void add_input(struct parser *p, const char *name, enum input_type type,
		      int argi, int argx)
{
	p->ninputs++;
	if (type == IN_SOURCE)
		p->nsources++;
	struct cmd *cmd = p->cmd;
	if (!cmd)
		return;
	GROW(cmd->inputs, cmd->ainputs, cmd->ninputs + 1);
	struct cmd_input *in = &cmd->inputs[cmd->ninputs++];
	memset(in, 0, sizeof(*in));
	in->name = xstrdup(name);
	in->type = type;
	in->lang = type == IN_SOURCE && p->lang ? xstrdup(p->lang) : NULL;
	in->argi = argi;
	in->argx = argx;
	in->whole_archive = p->st.whole;
	in->as_needed = p->st.as_needed;
	in->static_only = p->st.static_only;
	in->group = p->group;
	if (type == IN_SOURCE && argi < 0)
		cmd->rsp_lang = 1;
}

static void add_lib(struct parser *p, const char *name, int argi, int argx)
{
	if (name[0] == ':')
		add_input(p, name + 1, IN_LIB_EXACT, argi, argx);
	else
		add_input(p, name, IN_LIB, argi, argx);
}

static void set_str(char **dst, const char *val)
{
	free(*dst);
	*dst = xstrdup(val);
}

/* -plugin-opt=VALUE: the ThinLTO options LLVMgold and lld read there */
static void plugin_opt(struct cmd *cmd, const char *val)
{
	static const char suffix[] = "thinlto-object-suffix-replace=";
	if (!strcmp(val, "thinlto-index-only") || str_starts(val, "thinlto-index-only="))
		cmd->thinlto_index_only = 1;
	else if (str_starts(val, suffix))
		set_str(&cmd->thinlto_suffix_replace, val + sizeof(suffix) - 1);
}

/* an ld option of kind k with its value (NULL for options without one) */
static void ld_apply(struct parser *p, enum lkind k, const char *val, int argi, int argx)
{
	struct cmd *cmd = p->cmd;
	switch (k) {
	case LK_INPUT:
		add_input(p, val, IN_FILE, argi, argx);
		return;
	case LK_LIB:
		add_lib(p, val, argi, argx);
		return;
	case LK_VERSION:
		p->pass = 1;
		return;
	case LK_VERBOSE:
		if (p->flavor == FLAVOR_LD)
			p->pass = 1;
		return;
	case LK_PLUGIN:
		if (cmd)
			cmd->lto = 1;
		return;
	default:
		break;
	}
	if (!cmd)
		return;
	switch (k) {
	case LK_LIBDIR: strvec_push(&cmd->libdirs, val); break;
	case LK_UNDEF: strvec_push(&cmd->undefs, val); break;
	case LK_OUT: set_str(&cmd->output, val); break;
	case LK_ENTRY: set_str(&cmd->entry, val); break;
	case LK_SCRIPT:
		set_str(&cmd->linker_script, val);
		strvec_push(&cmd->scripts, val);
		break;
	case LK_WRAP: strvec_push(&cmd->wraps, val); break;
	case LK_DEFSYM:
		if (strchr(val, '='))
			strvec_pushf(&cmd->defsyms, "%.*s", (int)(strchr(val, '=') - val), val);
		break;
	case LK_EXPORTS: cmd->exports_chosen = 1; break;
	case LK_EMUL: set_str(&cmd->emulation, val); break;
	case LK_SYSROOT: set_str(&cmd->sysroot, val); break;
	case LK_PLUGIN_OPT: plugin_opt(cmd, val); break;
	case LK_THIN_INDEX: cmd->thinlto_index_only = 1; break;
	case LK_THIN_SUFFIX:
		if (val)
			set_str(&cmd->thinlto_suffix_replace, val);
		break;
	case LK_WHOLE: p->st.whole = 1; break;
	case LK_NOWHOLE: p->st.whole = 0; break;
	case LK_STATIC: p->st.static_only = 1; break;
	case LK_DYNAMIC: p->st.static_only = 0; break;
	case LK_ASNEEDED: p->st.as_needed = 1; break;
	case LK_NOASNEEDED: p->st.as_needed = 0; break;
	case LK_START_GROUP:
		if (!p->group)
			p->group = ++p->ngroups;
		break;
	case LK_END_GROUP: p->group = 0; break;
	case LK_PUSH:
		GROW(p->stack, p->astack, p->nstack + 1);
		p->stack[p->nstack++] = p->st;
		break;
	case LK_POP:
		if (p->nstack)
			p->st = p->stack[--p->nstack];
		break;
	case LK_RELOC: cmd->relocatable = 1; break;
	case LK_SHARED: cmd->shared = 1; break;
	case LK_PIE: cmd->pie = 1; cmd->no_pie = 0; break;
	case LK_NOPIE: cmd->no_pie = 1; cmd->pie = 0; break;
	case LK_NOSTDLIB:
		if (p->flavor == FLAVOR_LD)
			cmd->nostdlib = 1;
		break;
	default:
		break;
	}
}

/* one argument the linker sees, in order */
static void ld_token(struct parser *p, const char *a, int argi, int argx)
{
	if (p->pend != LK_NONE) {
		enum lkind k = p->pend;
		p->pend = LK_NONE;
		ld_apply(p, k, a, argi, argx);
		return;
	}
	struct lclass c = lclassify(a);
	if (c.kind == LK_INPUT) {
		ld_apply(p, LK_INPUT, a, argi, argx);
	} else if (c.need_next) {
		p->pend = c.kind;
	} else {
		ld_apply(p, c.kind, c.val, argi, argx);
	}
}

/* -Wl,a,b,c: each comma-separated piece is one linker argument */
static void ld_wl(struct parser *p, const char *list)
{
	const char *s = list;
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		if (len) {
			char buf[256];
			char *piece = len < sizeof(buf) ? buf : xmalloc(len + 1);
			memcpy(piece, s, len);
			piece[len] = '\0';
			ld_token(p, piece, -1, -1);
			if (piece != buf)
				free(piece);
		}
		if (!comma)
			break;
		s = comma + 1;
	}
}

/* a wrapper option; 0 or -EINVAL with cmd->error set */
static int wrapper_option(struct cmd *cmd, const char *a)
{
	static const char *const with_value[] = {
		"--lto-safe-keep", "--lto-safe-keep-file", "--lto-safe-exclude",
	};
	if (!strcmp(a, "--lto-safe-dry-run")) {
		cmd->dry_run = 1;
		return 0;
	}
	for (size_t i = 0; i < sizeof(with_value) / sizeof(with_value[0]); i++) {
		size_t len = strlen(with_value[i]);
		if (strncmp(a, with_value[i], len) || (a[len] != '=' && a[len]))
			continue;
		if (a[len] != '=' || !a[len + 1]) {
			cmd->error = xasprintf("%s needs a value (%s=...)", with_value[i],
					       with_value[i]);
			return -EINVAL;
		}
		struct strvec *sv = i == 0 ? &cmd->keep : i == 1 ? &cmd->keep_files : &cmd->exclude;
		strvec_push(sv, a + len + 1);
		return 0;
	}
	cmd->error = xasprintf("unknown option %s", a);
	return -EINVAL;
}

int cmd_is_wrapper_option(const char *arg)
{
	return str_starts(arg, "--lto-safe-");
}

/* one driver argument and its value; returns how many arguments it used */
static size_t driver_token(struct parser *p, char *const *t, size_t n, size_t j,
			   const int *argi)
{
	const char *a = t[j];
	struct dclass c = dclassify(a, j + 1 < n ? t[j + 1] : NULL);
	size_t used = j + 1 + (size_t)c.nargs <= n ? 1 + (size_t)c.nargs : 1;
	int ai = argi ? argi[j] : (int)j + 1;
	int ax = (int)j;
	struct cmd *cmd = p->cmd;
	if (c.nargs && !c.val)
		return used;
	if (p->pend != LK_NONE && (c.kind == DK_INPUT || c.kind == DK_LIB)) {
		/* the driver passes inputs to the linker in order: a -Wl option
		 * still waiting for its value takes this argument */
		if (c.kind == DK_INPUT)
			ld_token(p, a, ai, ax);
		else
			p->pend = LK_NONE;
		return used;
	}
	switch (c.kind) {
	case DK_INPUT:
		if (p->lang || is_source_name(p->flavor, a))
			add_input(p, a, IN_SOURCE, ai, ax);
		else
			add_input(p, a, IN_FILE, ai, ax);
		break;
	case DK_STDIN:
		add_input(p, a, IN_SOURCE, ai, ax);
		if (cmd)
			cmd->has_stdin_source = 1;
		break;
	case DK_PASS:
		p->pass = 1;
		break;
	case DK_X:
		p->lang = strcmp(c.val, "none") ? c.val : NULL;
		if (cmd && ai < 0)
			cmd->rsp_lang = 1;
		break;
	case DK_LIB:
		add_lib(p, c.val, ai, ax);
		break;
	case DK_WL:
		ld_wl(p, c.val);
		break;
	case DK_XLINKER:
		ld_token(p, c.val, argi ? argi[j + 1] : (int)j + 2, (int)j + 1);
		break;
	default:
		break;
	}
	if (!cmd)
		return used;
	switch (c.kind) {
	case DK_O: set_str(&cmd->output, c.val); break;
	case DK_LIBDIR: strvec_push(&cmd->libdirs, c.val); break;
	case DK_UNDEF: strvec_push(&cmd->undefs, c.val); break;
	case DK_ENTRY: set_str(&cmd->entry, c.val); break;
	case DK_SCRIPT:
		set_str(&cmd->linker_script, c.val);
		strvec_push(&cmd->scripts, c.val);
		break;
	case DK_BDIR: strvec_push(&cmd->bdirs, c.val); break;
	case DK_SYSROOT: set_str(&cmd->sysroot, c.val); break;
	case DK_FUSELD: set_str(&cmd->fuse_ld, c.val); break;
	case DK_LDPATH: set_str(&cmd->ld_path, c.val); break;
	case DK_LTO: cmd->lto = 1; break;
	case DK_NOLTO: cmd->lto = 0; break;
	case DK_ASMHEUR: cmd->toplevel_asm_seen = 1; break;
	case DK_NOASMHEUR: cmd->toplevel_asm_seen = 0; break;
	case DK_M32: cmd->m32 = 1; cmd->m64 = 0; break;
	case DK_M64: cmd->m64 = 1; cmd->m32 = 0; break;
	case DK_SHARED: cmd->shared = 1; break;
	case DK_RELOC: cmd->relocatable = 1; break;
	case DK_STATIC: cmd->static_link = 1; break;
	case DK_STATIC_PIE: cmd->static_pie = 1; break;
	case DK_PIE: cmd->pie = 1; cmd->no_pie = 0; break;
	case DK_NOPIE: cmd->no_pie = 1; cmd->pie = 0; break;
	case DK_NOSTDLIB: cmd->nostdlib = 1; break;
	case DK_NODEFAULTLIBS: cmd->nodefaultlibs = 1; break;
	case DK_NOSTARTFILES: cmd->nostartfiles = 1; break;
	default: break;
	}
	return used;
}

/* walk the arguments the tool reads (argv[0] excluded); argi maps each to
 * its index in cmd->argv, or is NULL when t is argv + 1 itself */
static enum cmd_action run(struct parser *p, char *const *t, size_t n, const int *argi)
{
	if (p->flavor == FLAVOR_LD) {
		for (size_t j = 0; j < n; j++)
			ld_token(p, t[j], argi ? argi[j] : (int)j + 1, (int)j);
	} else {
		for (size_t j = 0; j < n;)
			j += driver_token(p, t, n, j, argi);
	}
	if (p->pass || !p->ninputs)
		return ACT_PASS;
	return p->nsources ? ACT_COMPILE_LINK : ACT_LINK;
}

/* the arguments differ from what the tool reads: an @file, a wrapper option */
static int needs_parse(int argc, char *const *argv)
{
	for (int i = 1; i < argc; i++)
		if ((argv[i][0] == '@' && argv[i][1]) || cmd_is_wrapper_option(argv[i]))
			return 1;
	return 0;
}

enum cmd_action cmd_quick_action(enum tool_flavor flavor, int argc, char *const *argv)
{
	if (argc < 1)
		return ACT_PASS;
	if (needs_parse(argc, argv)) {
		struct cmd cmd = CMD_INIT;
		int ret = cmd_parse(&cmd, flavor, argc, argv);
		enum cmd_action act = ret < 0 ? ACT_LINK : cmd.action;
		cmd_release(&cmd);
		return act;
	}
	struct parser p = { .flavor = flavor };
	return run(&p, argv + 1, (size_t)argc - 1, NULL);
}

int cmd_parse(struct cmd *cmd, enum tool_flavor flavor, int argc, char *const *argv)
{
	if (argc < 1) {
		cmd->error = xstrdup("empty command line");
		return -EINVAL;
	}
	cmd->flavor = flavor;
	strvec_push(&cmd->argv, argv[0]);
	int *argi = NULL;
	size_t aargi = 0;
	int ret = 0;
	for (int i = 1; i < argc && !ret; i++) {
		const char *a = argv[i];
		if (cmd_is_wrapper_option(a)) {
			ret = wrapper_option(cmd, a);
			continue;
		}
		int at = (int)cmd->argv.nr;
		strvec_push(&cmd->argv, a);
		struct strvec sub = STRVEC_INIT;
		if (a[0] == '@' && a[1])
			ret = rsp_expand(1, &argv[i], &sub, &cmd->error);
		else
			strvec_push(&sub, a);
		int literal = sub.nr == 1 && !strcmp(sub.v[0], a);
		for (size_t k = 0; k < sub.nr && !ret; k++) {
			if (!literal && cmd_is_wrapper_option(sub.v[k])) {
				ret = wrapper_option(cmd, sub.v[k]);
				continue;
			}
			GROW(argi, aargi, cmd->args.nr + 1);
			argi[cmd->args.nr] = literal ? at : -1;
			strvec_push(&cmd->args, sub.v[k]);
		}
		strvec_clear(&sub);
	}
	if (ret) {
		free(argi);
		return ret;
	}
	struct parser p = { .cmd = cmd, .flavor = flavor };
	cmd->action = run(&p, cmd->args.v, cmd->args.nr, argi);
	if (cmd->static_link || cmd->static_pie)
		for (size_t i = 0; i < cmd->ninputs; i++)
			cmd->inputs[i].static_only = 1;
	free(p.stack);
	free(argi);
	return 0;
}

void cmd_release(struct cmd *cmd)
{
	strvec_clear(&cmd->argv);
	strvec_clear(&cmd->args);
	for (size_t i = 0; i < cmd->ninputs; i++) {
		free(cmd->inputs[i].name);
		free(cmd->inputs[i].lang);
	}
	free(cmd->inputs);
	strvec_clear(&cmd->libdirs);
	strvec_clear(&cmd->bdirs);
	strvec_clear(&cmd->undefs);
	free(cmd->output);
	free(cmd->sysroot);
	free(cmd->fuse_ld);
	free(cmd->ld_path);
	free(cmd->emulation);
	free(cmd->entry);
	free(cmd->linker_script);
	free(cmd->thinlto_suffix_replace);
	strvec_clear(&cmd->scripts);
	strvec_clear(&cmd->wraps);
	strvec_clear(&cmd->defsyms);
	strvec_clear(&cmd->keep);
	strvec_clear(&cmd->keep_files);
	strvec_clear(&cmd->exclude);
	free(cmd->error);
	memset(cmd, 0, sizeof(*cmd));
}

enum tool_flavor cmd_flavor_of(const char *tool)
{
	const char *base = path_base(tool);
	if (!strcmp(base, "ld") || str_starts(base, "ld.") || str_ends(base, "-ld"))
		return FLAVOR_LD;
	const char *dash = strstr(base, "-ld.");
	for (; dash; dash = strstr(dash + 1, "-ld."))
		if (!strchr(dash + 4, '-'))
			return FLAVOR_LD;
	if (strstr(base, "clang"))
		return FLAVOR_CLANG;
	return FLAVOR_GCC;
}

void cmd_compile_options(const struct cmd *cmd, struct strvec *out)
{
	char *const *t = cmd->args.v;
	size_t n = cmd->args.nr;
	strvec_push(out, cmd->argv.v[0]);
	for (size_t j = 0; j < n;) {
		struct dclass c = dclassify(t[j], j + 1 < n ? t[j + 1] : NULL);
		size_t used = j + 1 + (size_t)c.nargs <= n ? 1 + (size_t)c.nargs : 1;
		int drop = c.kind == DK_INPUT || c.kind == DK_STDIN || c.kind == DK_X ||
			   c.kind == DK_O || c.kind == DK_PASS || dkind_link_only(c.kind);
		if (!drop)
			strvec_pushv(out, t + j, used);
		j += used;
	}
}

void cmd_compile_argv(const struct cmd *cmd, size_t i, const char *obj, struct strvec *out)
{
	const struct cmd_input *in = &cmd->inputs[i];
	cmd_compile_options(cmd, out);
	if (in->lang) {
		strvec_push(out, "-x");
		strvec_push(out, in->lang);
	}
	strvec_push(out, "-c");
	strvec_push(out, in->name);
	strvec_push(out, "-o");
	strvec_push(out, obj);
}

void cmd_driver_options(const struct cmd *cmd, struct strvec *out)
{
	char *const *t = cmd->args.v;
	size_t n = cmd->args.nr;
	for (size_t j = 0; j < n;) {
		struct dclass c = dclassify(t[j], j + 1 < n ? t[j + 1] : NULL);
		size_t used = j + 1 + (size_t)c.nargs <= n ? 1 + (size_t)c.nargs : 1;
		switch (c.kind) {
		case DK_INPUT: case DK_STDIN: case DK_X: case DK_O: case DK_LIBDIR: case DK_LIB:
		case DK_UNDEF: case DK_ENTRY: case DK_SCRIPT: case DK_WL: case DK_XLINKER:
			break;
		default:
			strvec_pushv(out, t + j, used);
		}
		j += used;
	}
}

void cmd_link_argv(const struct cmd *cmd, char *const *objs, struct strvec *out)
{
	int expanded = cmd->rsp_lang;
	char *const *t = expanded ? cmd->args.v : cmd->argv.v + 1;
	size_t n = expanded ? cmd->args.nr : cmd->argv.nr - 1;
	/* obj[j]: the object that replaces argument j, if it names a source */
	char *const **obj = xcalloc(n, sizeof(*obj));
	for (size_t s = 0, src = 0; s < cmd->ninputs; s++) {
		const struct cmd_input *in = &cmd->inputs[s];
		if (in->type != IN_SOURCE)
			continue;
		int at = expanded ? in->argx : in->argi - 1;
		if (at >= 0 && (size_t)at < n)
			obj[at] = &objs[src];
		src++;
	}
	strvec_push(out, cmd->argv.v[0]);
	for (size_t j = 0; j < n;) {
		if (obj[j]) {
			strvec_push(out, *obj[j++]);
			continue;
		}
		struct dclass c = dclassify(t[j], j + 1 < n ? t[j + 1] : NULL);
		size_t used = j + 1 + (size_t)c.nargs <= n ? 1 + (size_t)c.nargs : 1;
		/* a response file ending in an option took this source as its value
		 * when parsing: here the @file is opaque, so keep the source */
		if (used == 2 && obj[j + 1])
			used = 1;
		if (c.kind != DK_X)
			strvec_pushv(out, t + j, used);
		j += used;
	}
	free(obj);
}
