/*
 * asmrefs.h - the names that assembly text refers to.
 *
 * asmrefs_scan() reads GNU as text for one architecture (its asm_syntax
 * table in arch_*.c holds the patterns) and calls fn(arg, name, ASM_USE)
 * once for every distinct symbol name the text references: operands of
 * branches, address loads, moves and data directives, values of .set/.equ,
 * .globl/.weak of names.  Not references: comments, string literals,
 * registers, operator keywords, local labels (.L*, 1f/1b), the operand
 * placeholders of GCC inline asm templates (%0, %[name], %l1; "%%" is read
 * as "%"), and every name the text defines itself (a label "name:", .set
 * name, name = value).  Then it calls fn(arg, name, ASM_DEFINED) once for
 * each name the text defines, and ASM_GLOBAL or ASM_WEAK once for each name
 * a .globl / .weak directive declares (defined in the text or not): a
 * caller that reads several texts of one unit (GCC keeps each top-level
 * asm statement apart) matches the two to find the global definitions.
 * The text need not be NUL-terminated; names passed to fn are, and live
 * only during the call.  Returns the number of references reported, -ENOTSUP
 * when the architecture has no syntax table, or -EINVAL if its patterns do
 * not compile (a bug).  Patterns are compiled once per architecture;
 * safe to call from many threads.
 */
#ifndef LTO_SAFE_ASMREFS_H
#define LTO_SAFE_ASMREFS_H

#include <stddef.h>
#include "arch/arch.h"

enum asm_name { ASM_USE, ASM_DEFINED, ASM_GLOBAL, ASM_WEAK };

typedef void (*asmref_fn)(void *arg, const char *name, enum asm_name what);

int asmrefs_scan(const struct arch *a, const char *text, size_t len, asmref_fn fn, void *arg);

#endif
