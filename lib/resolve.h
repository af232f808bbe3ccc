/*
 * resolve.h - from the command model to the files the linker will read.
 *
 * resolve_inputs() turns cmd->inputs (objects, -lNAME, -l:NAME; sources
 * are skipped) into a list of existing files in link order, as the linker
 * would find them: -l through the -L directories in order, then the
 * toolchain's default directories (asked once, lazily, through the
 * default_dirs callback); libNAME.so before libNAME.a in each directory
 * unless static_only; sysroot applied to "=" and "$SYSROOT" prefixes.
 * Linker scripts (text files that are not objects) are read and their
 * INPUT(...) and GROUP(...) entries, with AS_NEEDED(...), replace them, to
 * a bounded nesting depth and a bounded number of scripts in all (at
 * either, one warning, resolution stops there and returns -ELOOP with the
 * list as far as it got); a script with other commands (SECTIONS, ...)
 * stays in the list as FK_SCRIPT, followed by its entries.  Script entries
 * have from_script set and a spec "SCRIPT:ENTRY" (script base names, outer
 * first).  -lNAME that cannot be found is recorded with kind FK_MISSING and
 * path NULL so the caller can decide (the linker will report it); a missing
 * file keeps its path, with kind FK_MISSING.
 *
 * The list owns its strings; input_list_release() frees them.
 * resolve_inputs() returns 0 or a negative errno with a message through
 * diag_warn (for example an unreadable script).
 */
#ifndef LTO_SAFE_RESOLVE_H
#define LTO_SAFE_RESOLVE_H

#include <stddef.h>
#include "cmdline.h"
#include "facts.h"

struct input {
	char *path;          /* resolved path, NULL when a -l was not found */
	char *spec;          /* as the user wrote it: "a.o", "-lfoo", or "libc.so:libc.so.6" */
	enum file_kind kind;
	size_t cmd_index;    /* index into cmd->inputs it came from */
	unsigned whole_archive : 1;
	unsigned as_needed : 1;
	unsigned from_script : 1;
	unsigned driver : 1;      /* added by the compiler driver (driver.h) */
	unsigned known_clean : 1; /* a regular archive the clean set knows (cache.h) */
	int group;           /* 0 outside groups; a script GROUP gets a fresh number */
};

struct input_list {
	struct input *v;
	size_t nr, alloc;
};

#define INPUT_LIST_INIT { NULL, 0, 0 }

/* Fills out with the toolchain's default library directories; 0 or -errno. */
typedef int (*default_dirs_fn)(void *arg, struct strvec *out);

int resolve_inputs(const struct cmd *cmd, default_dirs_fn default_dirs, void *arg,
		   struct input_list *out);
/*
 * The same, and a file whose identity (stat) the clean set holds is taken
 * for the regular archive it was when recorded, with known_clean set,
 * without being opened: one stat instead of open, read and close.
 */
struct clean_set;
int resolve_inputs_known(const struct cmd *cmd, default_dirs_fn default_dirs, void *arg,
			 const struct clean_set *known, struct input_list *out);
void input_list_release(struct input_list *l);

/*
 * The default library directories of a toolchain, for default_dirs_fn:
 * toolchain_default_dirs() runs "TOOL -print-search-dirs" for a driver
 * (the "libraries: =" line) or "TOOL --verbose" for ld (SEARCH_DIR("=...")
 * entries) through child_capture(), arg being the struct cmd.
 */
int toolchain_default_dirs(void *arg, struct strvec *out);

#endif
