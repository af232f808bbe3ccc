/*
 * quick.h - the front end's decision, without the link helper, that a link
 * has nothing for lto-safe to do.
 *
 * quick_plain() says 1 only when the link helper would certainly run the
 * plain command and print nothing:
 *  - no setting asks for anything a plain link would not do (keep or
 *    exclude rules, a keep file, a report, verbose notes), caching is on,
 *    and no setting has a bad value (the helper warns about those);
 *  - the command has no wrapper option and no -flto compile;
 *  - every file the link reads, the user's and those the compiler driver
 *    adds (its "-###" answer and its library directories taken from the
 *    cache, never asked), is an ELF object whose section names show no LTO
 *    IR (elfpeek.h), a regular archive the clean set holds (cache.h), a
 *    shared object, or a linker script (resolve.h expands it).
 * Anything else says 0, also an answer missing from the cache and anything
 * the resolver would warn about (it prints nothing here): the helper then
 * decides, says what it sees and fills the caches for the next link.  The
 * same caches and the same readers as the helper's: no staler answer than
 * the helper would take.  What it saves is the start of the helper, a
 * static program with libelf, pcre2 and zstd (doc/performance.md).
 *
 * tool is the real tool's path, args[0..nargs) the user's arguments.
 */
#ifndef LTO_SAFE_QUICK_H
#define LTO_SAFE_QUICK_H

#include "cmdline.h"

int quick_plain(enum tool_flavor flavor, const char *tool, int nargs, char *const *args);

#endif
