/*
 * classify.h - what a file is, from its first bytes.
 *
 * classify_bytes() looks only at the first bytes of p (n may be smaller
 * than the file) and never reads past n.  classify_path() reads the first
 * bytes of a file and also reports FK_MISSING, FK_UNREADABLE and FK_DIR.
 * Text that is not an object is FK_SCRIPT when it looks like a linker
 * script (printable text), FK_UNKNOWN otherwise.
 */
#ifndef LTO_SAFE_CLASSIFY_H
#define LTO_SAFE_CLASSIFY_H

#include <stddef.h>
#include "facts.h"

enum file_kind classify_bytes(const unsigned char *p, size_t n);
enum file_kind classify_path(const char *path);

#endif
