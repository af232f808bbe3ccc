/*
 * classify.h - what a file is, from its first bytes: the table of the
 * input formats lto-safe reads.
 *
 * lib/formats/ holds the readers of input formats, one per format, each
 * only reading bytes it is given and reporting facts (facts.h): ELF
 * objects (elfscan), the quick section-header look at an ELF file
 * (elfpeek), ar archives (archive), GCC LTO IR (gcclto), LLVM bitcode
 * (llvmbc) and its bitstream (bitstream), and the compressed sections they
 * hold (decompress).  Adding a format is adding its reader here and its
 * kind to classify_bytes(); what the pipeline does with the facts lives in
 * the flat modules of lib/ (scan, policy, ...).
 *
 * classify_bytes() looks only at the first bytes of p (n may be smaller
 * than the file) and never reads past n.  classify_path() reads the first
 * bytes of a file and also reports FK_MISSING, FK_UNREADABLE and FK_DIR.
 * classify_open() is the same, with the file's status in *st (for every
 * kind but FK_MISSING and FK_UNREADABLE) and, when it was read, its
 * descriptor left open in *fd for the caller to read on and close (else
 * *fd is -1).
 * Text that is not an object is FK_SCRIPT when it looks like a linker
 * script (printable text), FK_UNKNOWN otherwise.
 */
#ifndef LTO_SAFE_CLASSIFY_H
#define LTO_SAFE_CLASSIFY_H

#include <stddef.h>
#include "facts.h"

enum file_kind classify_bytes(const unsigned char *p, size_t n);
enum file_kind classify_path(const char *path);
struct stat;
enum file_kind classify_open(const char *path, struct stat *st, int *fd);

#endif
