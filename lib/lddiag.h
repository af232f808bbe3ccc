/*
 * lddiag.h - reading a linker's diagnostics for the symbols it could not
 * resolve.
 *
 * lddiag_undefined() reads the standard error of a failed link (text of
 * len bytes, not necessarily NUL-terminated, any bytes) and appends to out
 * each symbol name it reports as undefined, once, in the order of first
 * appearance, exactly as printed (demangled C++ or Rust names included).
 * The forms understood, one per line:
 *   ld.bfd   undefined reference to `NAME'   (or 'NAME', or the UTF-8
 *            quotes of a translated message)
 *   gold     undefined reference to 'NAME'
 *   lld      undefined symbol: NAME, undefined hidden symbol: NAME,
 *            relocation R_... cannot refer to absolute symbol: NAME
 *   mold     undefined symbol: NAME
 * whatever precedes them on the line (the referencing object, which may be
 * an LTO temporary such as ld-temp.o or a .ltrans.o file).  It reads at most
 * LDDIAG_MAX_TEXT bytes, keeps names of at most LDDIAG_MAX_NAME bytes and at
 * most LDDIAG_MAX_NAMES names: the rest is ignored.
 */
#ifndef LTO_SAFE_LDDIAG_H
#define LTO_SAFE_LDDIAG_H

#include <stddef.h>
#include "strvec.h"

#define LDDIAG_MAX_TEXT (16u << 20)
#define LDDIAG_MAX_NAME 65536
#define LDDIAG_MAX_NAMES 4096

void lddiag_undefined(const char *text, size_t len, struct strvec *out);

#endif
