/*
 * archive.h - reading ar archives: GNU/SysV (with "//" long names), BSD
 * ("#1/LEN" names) and thin archives.
 *
 * ar_open() reads the archive held in data[0..size) (a mapping the caller
 * keeps alive) located at path.  ar_next() returns members in order,
 * skipping the symbol index ("/", "/SYM64/", "__.SYMDEF*") and the long
 * name table.  For a regular archive, m->data/m->size are the member's
 * bytes inside the mapping.  For a thin archive, m->data is NULL and
 * m->path is the member's file, relative to the archive's directory as the
 * linker resolves it (absolute member names stay as they are); when GNU ar
 * put the members of a regular archive into a thin one, m->path is that
 * archive and m->origin the offset of the member's header inside it.
 * ar_next() returns 1 for a member, 0 at the end, a negative errno for a
 * malformed archive (with a message in ar->error).  Nothing here reads
 * outside data[0..size).  Strings in *m are owned by the struct ar and
 * valid until the next ar_next() or ar_close().
 */
#ifndef LTO_SAFE_ARCHIVE_H
#define LTO_SAFE_ARCHIVE_H

#include <stddef.h>

struct ar_member {
	const char *name;          /* member name, without trailing '/' */
	const unsigned char *data; /* NULL for thin members */
	size_t size;
	const char *path;          /* thin members: the file to read; else NULL */
	size_t index;              /* 0-based position among members */
	size_t origin;             /* thin member inside the archive m->path: its
	                              header offset there; else 0 */
};

struct ar {
	const unsigned char *data;
	size_t size, pos;
	int thin;
	char *dir;                 /* directory of the archive, for thin members */
	const char *longnames;
	size_t longnames_size;
	size_t nmembers;
	char *name_buf;
	char *path_buf;
	char error[160];
};

int ar_open(struct ar *ar, const unsigned char *data, size_t size, const char *path);
int ar_next(struct ar *ar, struct ar_member *m);
void ar_close(struct ar *ar);

#endif
