/*
 * diag.h - the one place lto-safe talks to the user on stderr.
 *
 * Every message starts with "lto-safe: " and ends with a newline.  Warnings
 * and errors are always printed; notes only when verbose output is on
 * (LTO_SAFE_VERBOSE=1).  Strict mode (LTO_SAFE_STRICT=1) is recorded here so
 * that callers can turn "warn and fall back to the plain link" into an error
 * with diag_fallback().  The module holds process-wide state and is not
 * meant to be called from scanning threads: scanners return messages instead.
 */
#ifndef LTO_SAFE_DIAG_H
#define LTO_SAFE_DIAG_H

#include <stdio.h>

void diag_set_verbose(int on);
int diag_verbose(void);
void diag_set_strict(int on);
int diag_strict(void);
/* where messages go; stderr unless set (tests) */
void diag_set_stream(FILE *f);
/* quiet: messages are counted, not printed (the front end's quick
 * decision, quick.h, which leaves every message to the link helper) */
void diag_set_quiet(int on);
unsigned diag_dropped(void);

void diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Report that lto-safe cannot help with this link.  Prints
 * "lto-safe: warning: MSG; running the plain link" and returns 0, or in
 * strict mode prints "lto-safe: error: MSG (LTO_SAFE_STRICT=1)" and
 * returns -1.
 */
int diag_fallback(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
