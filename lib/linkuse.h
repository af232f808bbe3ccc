/*
 * linkuse.h - uses of symbols that the link command itself makes.
 *
 * Some names are used by the command line or a linker script, not by any
 * object: the entry point (-e, --entry, ENTRY), names forced undefined (-u,
 * EXTERN), input sections a user script keeps (KEEP), and the names of
 * --wrap SYM (__wrap_SYM replaces SYM; __real_SYM is SYM's definition).  Not
 * every linker tells the LTO plugin about each of them (doc/manual.md, "Uses the
 * link command makes"); a link_uses lists them so that the policy can keep
 * what LTO would lose (policy_link_uses() in policy.h).
 *
 * A use is a symbol name (LU_NAME) or an input-section pattern of KEEP, a
 * glob as linker scripts write them (LU_SECTION).  `needs`, when set, is a
 * name that some loaded unit must reference for the use to count (__wrap_SYM
 * only matters when something references SYM).  `origin` says where the use
 * was written, for the report ("the entry point (-e lc_entry)",
 * "KEEP(*(.lc_tab)) in keep.ld").
 * The struct owns its strings; link_uses_release() frees them.
 *
 * link_uses_script() reads the text of one script: ENTRY(sym), EXTERN(sym
 * ...), and the section patterns of KEEP(FILE(SECTIONS...)) with SORT*() and
 * REVERSE() unwrapped and EXCLUDE_FILE(...) skipped; comments and quoted
 * names are understood, anything else is ignored (assignments and PROVIDE
 * reach the plugin through the linker).  It never fails: text it cannot
 * make sense of yields nothing.
 *
 * link_uses_collect() gathers the uses of a whole link: the command model's
 * -e, -u and --wrap values, the -T scripts (looked up as ld does: as given,
 * then in the -L directories) and the inputs that are scripts with commands
 * (FK_SCRIPT).  A script that cannot be read is skipped (the linker
 * reports it).
 *
 * link_uses_bypassed_wraps() finds each --wrap SYM, and each --defsym
 * SYM=EXPRESSION, that LTO bypasses without a word: SYM is defined in a
 * loaded unit that takes part in LTO
 * (GCC IR with any linker, LLVM bitcode unless lld links) and another loaded
 * LTO unit references it.  LTO then resolves those references itself and
 * the linker, which wraps (or sets to the --defsym value) only undefined
 * references, never sees them.  It
 * returns how many, with each (the first definer, the first other LTO unit
 * referring to it) in *out (malloc'd, NULL for none; sym points into
 * cmd).  link_uses_warn_wrap() prints the warning for one: the symbol, the
 * option, the units, why lto-safe cannot take the unit out of LTO itself
 * (`why`, or NULL to say nothing of it) and the fix.
 */
#ifndef LTO_SAFE_LINKUSE_H
#define LTO_SAFE_LINKUSE_H

#include <stddef.h>
#include "cmdline.h"
#include "resolve.h"
#include "scan.h"

enum link_use_kind { LU_NAME, LU_SECTION };

struct link_use {
	enum link_use_kind kind;
	char *name;    /* symbol name, or section pattern */
	char *needs;   /* a name some loaded unit must reference, or NULL */
	char *origin;  /* where the link command makes the use */
};

struct link_uses {
	struct link_use *v;
	size_t nr, alloc;
};

#define LINK_USES_INIT { NULL, 0, 0 }

void link_uses_add(struct link_uses *u, enum link_use_kind kind, const char *name, const char *needs,
		   char *origin);
void link_uses_script(const char *text, size_t len, const char *script, struct link_uses *out);
void link_uses_collect(const struct cmd *cmd, const struct input_list *in, struct link_uses *out);
void link_uses_release(struct link_uses *u);

struct wrap_bypass {
	const char *opt; /* "--wrap" or "--defsym" */
	const char *sym;
	size_t def, ref; /* units */
};

size_t link_uses_bypassed_wraps(const struct cmd *cmd, const struct scan_set *set,
				const unsigned char *loaded, struct wrap_bypass **out);
void link_uses_warn_wrap(const struct scan_set *set, const struct wrap_bypass *b, const char *why);

#endif
