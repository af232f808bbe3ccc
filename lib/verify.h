/*
 * verify.h - checking the linked output: that what was kept is in it, and
 * which definitions of vague linkage LTO left out of its exports.
 *
 * verify_symbols() reads the ELF file at path (executable, shared object,
 * any ELF) and sets state[i] for each names[i]:
 *   VERIFY_PRESENT   a symbol of that name is defined in the table read
 *                    (any binding; "name@VERSION" matches "name" both ways);
 *   VERIFY_MISSING   the table read is the full symbol table (.symtab) and
 *                    it does not define the name;
 *   VERIFY_UNCHECKED the file has no .symtab (stripped) and the name is not
 *                    defined in .dynsym: a local or hidden symbol, or one
 *                    not exported, cannot be told from a missing one.
 * *table says which table was read: .symtab when there is one, else
 * .dynsym, else none (every name unchecked).  It returns 0, or a negative
 * errno when the file cannot be read (-ENOENT, ...) or is not ELF
 * (-ENOEXEC), and prints nothing.
 *
 * verify_output() is the check after a successful link: it verifies the
 * symbols of a keep set in the output and prints one
 * "lto-safe: warning: kept symbol NAME (REASON, defined in INPUT) is not in
 * OUTPUT" per missing symbol and nothing else, but for a verbose note
 * naming those it could not check.  It returns the number missing, or a
 * negative errno when the output cannot be read (a verbose note only: the
 * link succeeded, and its status stays the real tool's).
 *
 * verify_exports() is the check after a successful LTO link of a shared
 * library: every definition of vague linkage (facts.h) with default or
 * protected visibility in the IR of a loaded unit, not kept and not
 * defined hidden by any loaded unit, that the output's .dynsym does not
 * define was left out of the exports by LTO (GCC and LLVM may drop or
 * localize one the linker says may be exported, every user of the library
 * having its own copy: not a loss lto-safe repairs).  Each is added to
 * ks->seen (KEEP_VAGUE_LINKAGE; ks->seen stays sorted) and a verbose note
 * names them.  It returns how many (0 also when the output has no
 * .dynsym), or a negative errno when the output cannot be read (a verbose
 * note).
 */
#ifndef LTO_SAFE_VERIFY_H
#define LTO_SAFE_VERIFY_H

#include <stddef.h>
#include "policy.h"
#include "scan.h"

enum verify_state { VERIFY_PRESENT, VERIFY_MISSING, VERIFY_UNCHECKED };
enum verify_table { VERIFY_NONE, VERIFY_SYMTAB, VERIFY_DYNSYM };

int verify_symbols(const char *path, const char *const *names, size_t n, unsigned char *state,
		   enum verify_table *table);
/* ".symtab", ".dynsym" or "no symbol table" */
const char *verify_table_name(enum verify_table t);

/* names (of total) as "a, b, c", then " and N more" when total is larger */
struct strvec;
#define VERIFY_NAMES_SHOWN 10
char *verify_join_names(const struct strvec *names, size_t total);

int verify_output(const char *path, const struct scan_set *set, const struct keep_set *ks);
int verify_exports(const char *path, const struct scan_set *set, struct keep_set *ks);

#endif
