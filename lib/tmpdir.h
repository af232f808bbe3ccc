/*
 * tmpdir.h - the private temporary directory of one invocation.
 *
 * tmpdir_create() makes one directory, mode 0700, under $TMPDIR (or /tmp).
 * After tmpdir_set_key() its name depends only on the key (a command
 * line), so that paths handed to the real tool are the same from run to
 * run: $TMPDIR/lto-safe-UID/HASH, inside a per-user directory that must be
 * ours and mode 0700 (else, or when HASH and its next names are taken by a
 * concurrent run, a mkdtemp() name $TMPDIR/lto-safe.XXXXXX is used).
 * Cleaning up also removes the per-user directory when it is empty.  Files are created inside it only through tmpdir_path(),
 * which records the name so that tmpdir_cleanup() can remove exactly what
 * was made, from normal code or from a signal handler
 * (tmpdir_cleanup_from_signal() uses only async-signal-safe calls).
 * There is one directory per process; paths returned are owned by this
 * module and stay valid until tmpdir_cleanup().
 */
#ifndef LTO_SAFE_TMPDIR_H
#define LTO_SAFE_TMPDIR_H

#include <stddef.h>

/* the key: argv[0..n) */
void tmpdir_set_key(char *const *argv, size_t n);
/* 0 or -errno */
int tmpdir_create(void);
/* the directory, or NULL when not created */
const char *tmpdir_get(void);
/* a new path "DIR/name" inside the directory, registered for removal */
const char *tmpdir_path(const char *name);
/* create the file at tmpdir_path(name) with mode 0600 and O_EXCL, open for
 * reading and writing; returns fd or -errno */
int tmpdir_open(const char *name, const char **path);
void tmpdir_cleanup(void);
void tmpdir_cleanup_from_signal(void);

#endif
