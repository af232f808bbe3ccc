/*
 * rsp.h - "@file" response files, with GCC's quoting rules.
 *
 * In a response file, arguments are separated by white space; a backslash
 * makes the next character literal; single and double quotes group
 * characters (a backslash still escapes inside them), and "" or '' is an
 * empty argument.  Reading stops at a NUL byte, as in GCC.  A response file
 * may name other response files; nesting stops at RSP_MAX_DEPTH, and one
 * expansion reads at most RSP_MAX_FILES response files (libiberty's
 * expandargv stops at the same count: a file that names the next one twice
 * would otherwise be read 2^RSP_MAX_DEPTH times) and RSP_MAX_BYTES of text
 * in all (a device such as /dev/zero never ends).  An "@file" that cannot
 * be read (missing, unreadable, a directory) is kept as a literal argument,
 * as GCC does.
 *
 * rsp_expand() appends to out the arguments of argv[0..argc) with every
 * @file replaced by its contents.  It returns 0, -ELOOP when nesting is too
 * deep or there are too many response files, or -EFBIG past RSP_MAX_BYTES;
 * then, when err is not NULL, *err receives a malloc'd message naming the
 * file (out holds what was expanded so far).  rsp_quote() returns arg
 * quoted so that rsp_split() gives it back unchanged.
 */
#ifndef LTO_SAFE_RSP_H
#define LTO_SAFE_RSP_H

#include <stddef.h>
#include "strvec.h"

#define RSP_MAX_DEPTH 32
#define RSP_MAX_FILES 2000
#define RSP_MAX_BYTES (64 << 20)

/* split the text of one response file into out */
void rsp_split(const char *text, size_t len, struct strvec *out);
int rsp_expand(int argc, char *const *argv, struct strvec *out, char **err);
/* return a malloc'd quoted form of arg */
char *rsp_quote(const char *arg);
/* write args as a response file at path (mode 0600); 0 or -errno */
int rsp_write(const char *path, char *const *args, size_t n);

#endif
