/*
 * cmdline.h - the command model: what a compiler-driver or GNU ld command
 * line asks for.
 *
 * cmd_parse() reads an argument vector in gcc/clang driver syntax or in GNU
 * ld syntax (response files expanded for reading, never rewritten) and
 * records the action (pass through, link, compile-and-link), the inputs in
 * order with the state in force for each (-x language, --whole-archive,
 * -Bstatic, --as-needed, --start-group), the library directories, and the
 * options that change how a link is done.  Options given to the linker
 * through -Wl, and -Xlinker are read with GNU ld syntax.  Wrapper options
 * (--lto-safe-*) are collected and removed from cmd->argv.
 *
 * Distributed ThinLTO: a thin link (lld's --thinlto-index-only[=FILE], or
 * -plugin-opt=thinlto-index-only[=FILE] for LLVMgold and lld, in every
 * spelling ld syntax allows) sets cmd->thinlto_index_only: the linker
 * writes one index file per module and no output.  The value of
 * --thinlto-object-suffix-replace= (or -plugin-opt=thinlto-object-suffix-
 * replace=), "OLD;NEW" as given, is kept in cmd->thinlto_suffix_replace.
 *
 * cmd->argv is the vector to run: argv[0] is the real tool (as given to
 * cmd_parse), then the user's arguments minus wrapper options, "@file"
 * arguments untouched.  cmd->args is what the tool reads: argv[1..] with
 * response files expanded and wrapper options removed (also those that came
 * from a response file).  The struct owns all its memory; cmd_release() frees
 * it.  Parsing never fails on options it does not know: they are kept and
 * ignored.  cmd_parse() returns 0, or a negative errno with a message in
 * cmd->error (for example a response file nested too deep, or a wrapper
 * option without its value).
 *
 * cmd_quick_action() decides pass-through versus link without allocating
 * the model (unless an @file or a wrapper option is present: then it runs
 * cmd_parse()); it is what the front end uses, and agrees with cmd_parse().
 * When cmd_parse() would fail (a bad wrapper option, response files nested
 * too deep) it says ACT_LINK, so that the caller goes on to cmd_parse() and
 * reports the error.
 */
#ifndef LTO_SAFE_CMDLINE_H
#define LTO_SAFE_CMDLINE_H

#include <stddef.h>
#include "strvec.h"

enum tool_flavor {
	FLAVOR_GCC,   /* gcc, g++, cc, c++ and other GCC-compatible drivers */
	FLAVOR_CLANG, /* clang, clang++ (accepts --ld-path=) */
	FLAVOR_LD,    /* GNU ld syntax: ld, ld.bfd, ld.gold, ld.lld, ld.mold */
};

enum cmd_action {
	ACT_PASS,         /* not a link: run the tool unchanged */
	ACT_LINK,         /* a link of objects, archives and libraries */
	ACT_COMPILE_LINK, /* at least one source file, compiled then linked */
};

enum input_type {
	IN_FILE,       /* a path to an object, archive, shared object or script */
	IN_LIB,        /* -lNAME: search libNAME.so / libNAME.a */
	IN_LIB_EXACT,  /* -l:NAME: search NAME verbatim */
	IN_SOURCE,     /* a file the driver compiles (by -x or by extension) */
};

struct cmd_input {
	char *name;        /* path, or NAME of -lNAME / -l:NAME */
	enum input_type type;
	char *lang;        /* -x LANG in force for a source, NULL when by extension */
	int argi;          /* index in cmd->argv of the argument that named it, or -1
			    * (inside a response file or split from -Wl,) */
	int argx;          /* index in cmd->args of that argument, or -1 (split from -Wl,) */
	unsigned whole_archive : 1;
	unsigned as_needed : 1;
	unsigned static_only : 1; /* -Bstatic / -static in force: no .so for -l */
	unsigned driver : 1;      /* added by the compiler driver (driver.h), not on the command line */
	int group;         /* --start-group number (1, 2, ...), 0 outside groups */
};

struct cmd {
	enum tool_flavor flavor;
	enum cmd_action action;
	struct strvec argv;
	struct strvec args;      /* argv[1..] expanded, without wrapper options */

	struct cmd_input *inputs;
	size_t ninputs, ainputs;

	struct strvec libdirs;   /* -L dirs in order */
	struct strvec bdirs;     /* driver -B dirs in order */
	struct strvec undefs;    /* -u SYMBOL given by the user */
	char *output;            /* -o, or NULL */
	char *sysroot;           /* --sysroot, or NULL */
	char *fuse_ld;           /* driver -fuse-ld= value, or NULL */
	char *ld_path;           /* clang --ld-path= value, or NULL */
	char *emulation;         /* ld -m EMULATION, or NULL */
	char *entry;             /* -e, or NULL */
	char *linker_script;     /* -T, or NULL (recorded, not an input) */
	char *thinlto_suffix_replace; /* "OLD;NEW" of --thinlto-object-suffix-replace=, or NULL */
	struct strvec scripts;   /* every -T / --script / -dT value, in order */
	struct strvec wraps;     /* --wrap SYMBOL values, in order */
	struct strvec defsyms;   /* the SYMBOL of each --defsym SYMBOL=EXPRESSION */

	unsigned shared : 1, relocatable : 1, static_link : 1, static_pie : 1;
	unsigned pie : 1, no_pie : 1, nostdlib : 1, nodefaultlibs : 1, nostartfiles : 1;
	unsigned lto : 1;        /* last of -flto* / -fno-lto was -flto*; or ld -plugin */
	unsigned toplevel_asm_seen : 1; /* last of -f[no-]lto-toplevel-asm-heuristics was
					 * -flto-...: GCC 16's LTO step reads the names top-level
					 * asm uses (the link's option; the compile's is not used) */
	unsigned thinlto_index_only : 1; /* a thin link: index files, no output */
	unsigned m32 : 1, m64 : 1;
	unsigned has_stdin_source : 1; /* "-" as an input: cannot compile separately */
	unsigned rsp_lang : 1;   /* a source or a -x option came from a response file */
	unsigned exports_chosen : 1; /* --version-script, --exclude-libs or
				      * --exclude-symbols: the link hides some exports */

	/* wrapper options, in order */
	struct strvec keep;       /* --lto-safe-keep=PATTERN */
	struct strvec keep_files; /* --lto-safe-keep-file=FILE */
	struct strvec exclude;    /* --lto-safe-exclude=PATTERN */
	unsigned dry_run : 1;     /* --lto-safe-dry-run */

	char *error;
};

#define CMD_INIT { 0 }

int cmd_parse(struct cmd *cmd, enum tool_flavor flavor, int argc, char *const *argv);
void cmd_release(struct cmd *cmd);

/* flavor from a tool's file name: "ld", "ld.bfd", "x86_64-linux-gnu-ld.gold"
 * are FLAVOR_LD; names containing "clang" FLAVOR_CLANG; others FLAVOR_GCC */
enum tool_flavor cmd_flavor_of(const char *tool);

/* ACT_PASS or ACT_LINK/ACT_COMPILE_LINK, reading argv like cmd_parse (argv[0]
 * is the tool and is not looked at) */
enum cmd_action cmd_quick_action(enum tool_flavor flavor, int argc, char *const *argv);

/* 1 when arg is a wrapper option (--lto-safe-...), which takes no separate value */
int cmd_is_wrapper_option(const char *arg);

/*
 * Compile-and-link support.  cmd_compile_argv() builds the command that
 * compiles the source cmd->inputs[i] alone to obj: the same tool and
 * options, "-x LANG" when one was in force, then "-c SOURCE -o OBJ"; options
 * that only concern linking (-l, -L, -Wl, -Xlinker, -o, -shared, -static,
 * -pie, -rdynamic, -u, -T, -e, -nostdlib...) and the other inputs are left
 * out.  cmd_link_argv() builds the link command: cmd->argv with every
 * source replaced by its object (objs[k] for the k-th source, in order) and
 * -x options removed; when a source or a -x option came from a response
 * file (rsp_lang), it is built from cmd->args instead.
 */
void cmd_compile_argv(const struct cmd *cmd, size_t i, const char *obj, struct strvec *out);
/* the start of that command: the tool and the options kept (native.h) */
void cmd_compile_options(const struct cmd *cmd, struct strvec *out);
/*
 * cmd_driver_options() appends the driver options of cmd->args that can
 * change what the driver itself adds to a link (start files, libraries):
 * everything but the inputs, -l, -L, -o, -x, -u, -e, -T, -Wl, and -Xlinker.
 */
void cmd_driver_options(const struct cmd *cmd, struct strvec *out);
void cmd_link_argv(const struct cmd *cmd, char *const *objs, struct strvec *out);

#endif
