/*
 * archive.h - reading ar archives: GNU/SysV (with "//" long names), BSD
 * ("#1/LEN" names) and thin archives.
 *
 * ar_open() reads the archive held in data[0..size) (a mapping the caller
 * keeps alive) located at path.  ar_open_fd() reads the same from the
 * open file fd of size bytes with pread(), without mapping it: only the
 * member headers, name tables and each member's head are read, which costs
 * a few system calls per member instead of a page fault per member and a
 * munmap (a walk that only looks at member heads, as scan.c's cold walk).
 * ar_next() returns members in order,
 * skipping the symbol index ("/", "/SYM64/", "__.SYMDEF*") and the long
 * name table.  For a regular archive, m->data/m->size are the member's
 * bytes inside the mapping (m->data is NULL with ar_open_fd()), m->offset
 * where they start in the file, and m->head its first head_size bytes
 * (at most AR_HEAD, all of them when the member is shorter).  For a thin archive, m->data is NULL and
 * m->path is the member's file, relative to the archive's directory as the
 * linker resolves it (absolute member names stay as they are); when GNU ar
 * put the members of a regular archive into a thin one, m->path is that
 * archive and m->origin the offset of the member's header inside it.
 * ar_next() returns 1 for a member, 0 at the end, a negative errno for a
 * malformed archive (with a message in ar->error; with ar_open_fd() also
 * when a read fails or comes short).  Nothing here reads outside
 * data[0..size).  Strings in *m are owned by the struct ar and
 * valid until the next ar_next() or ar_close().
 */
#ifndef LTO_SAFE_ARCHIVE_H
#define LTO_SAFE_ARCHIVE_H

#include <stddef.h>

#define AR_HDR_LEN 60 /* a member header */
#define AR_HEAD 64    /* an ELF64 header */

struct ar_member {
	const char *name;          /* member name, without trailing '/' */
	const unsigned char *data; /* NULL for thin members */
	size_t size;
	size_t offset;             /* regular members: where data starts in the file */
	const unsigned char *head; /* regular members: the first head_size bytes */
	size_t head_size;
	const char *path;          /* thin members: the file to read; else NULL */
	size_t index;              /* 0-based position among members */
	size_t origin;             /* thin member inside the archive m->path: its
	                              header offset there; else 0 */
};

struct ar {
	const unsigned char *data; /* NULL when read from fd */
	int fd;
	size_t size, pos;
	int thin;
	char *dir;                 /* directory of the archive, for thin members */
	const char *longnames;
	size_t longnames_size;
	size_t nmembers;
	char *name_buf;
	char *path_buf;
	char *table_buf;           /* the "//" table or a BSD name, read from fd */
	unsigned char io[AR_HDR_LEN + AR_HEAD]; /* a header and the head after it, from fd */
	char error[160];
};

int ar_open(struct ar *ar, const unsigned char *data, size_t size, const char *path);
int ar_open_fd(struct ar *ar, int fd, size_t size, const char *path);
int ar_next(struct ar *ar, struct ar_member *m);
void ar_close(struct ar *ar);

#endif
