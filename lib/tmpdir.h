/*
 * tmpdir.h - the private temporary directory of one invocation.
 *
 * tmpdir_create() makes one directory with mkdtemp() under $TMPDIR (or
 * /tmp), mode 0700.  Files are created inside it only through tmpdir_path(),
 * which records the name so that tmpdir_cleanup() can remove exactly what
 * was made, from normal code or from a signal handler
 * (tmpdir_cleanup_from_signal() uses only async-signal-safe calls).
 * There is one directory per process; paths returned are owned by this
 * module and stay valid until tmpdir_cleanup().
 */
#ifndef LTO_SAFE_TMPDIR_H
#define LTO_SAFE_TMPDIR_H

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
