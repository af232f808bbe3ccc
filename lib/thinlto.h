/*
 * thinlto.h - the minimized bitcode of distributed ThinLTO.
 *
 * In distributed ThinLTO (Bazel, Buck2) each compile may also write a
 * minimized copy of its bitcode (clang -fthin-link-bitcode=FILE, clang 19
 * here) for the thin link to read: the IR symbol table and the summary,
 * but no function body, module asm or target triple.  The names that
 * inline asm uses are therefore not in it; the backends compile the full
 * bitcode, which the thin link names through
 * --thinlto-object-suffix-replace=OLD;NEW (the module path of an input
 * ending in OLD is the same path ending in NEW).
 *
 * thinlto_read_full() looks at every unit of set that llvmbc.h marked
 * thin_link_bitcode.  For a loose file whose path ends in OLD (from
 * cmd->thinlto_suffix_replace), it scans the full bitcode (the path ending
 * in NEW) in full and puts its facts in the unit in place of the minimized
 * file's; the unit keeps its path and input, which are the link's (the
 * verbose output says which file was read).  The unit is left as it was
 * when there is no such option, the path does not end in OLD, or the full
 * file cannot be read, is not bitcode, is itself minimized or does not
 * scan; for those units it prints one warning naming them and why, and
 * returns 0, or in strict mode one error and -1.  It returns 0 when every
 * minimized unit was replaced (or there were none).  Call it after
 * scan_rescan() to SCAN_FULL, from the main thread (it prints).
 */
#ifndef LTO_SAFE_THINLTO_H
#define LTO_SAFE_THINLTO_H

#include "cmdline.h"
#include "scan.h"

int thinlto_read_full(struct scan_set *set, const struct cmd *cmd);

#endif
