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
 * m->header is where the member's header starts in the archive file (the
 * offset a symbol index names it by).
 * ar_next() returns 1 for a member, 0 at the end, a negative errno for a
 * malformed archive (with a message in ar->error; with ar_open_fd() also
 * when a read fails or comes short).  Nothing here reads outside
 * data[0..size).  Strings in *m are owned by the struct ar and
 * valid until the next ar_next() or ar_close().
 *
 * The symbol index: once ar_next() has passed the archive's first member,
 * ar->symtab_kind says whether that member is a GNU/SysV index ("/", 32-bit
 * big-endian fields), a GNU 64-bit one ("/SYM64/"), a BSD one
 * ("__.SYMDEF*", not read here) or absent; ar_open() (not ar_open_fd()) sets
 * ar->symtab/symtab_size to its bytes inside data.  ar_symtab_walk() calls
 * fn(arg, name, offset) for each entry of a GNU index, in index order, where
 * offset is the header offset of the member that defines name, and
 * returns 0, the first non-zero value fn returned, or -EINVAL when the
 * table is malformed (a count past its end, a name without its NUL): the
 * entries before the fault have been walked then.
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
	size_t header;             /* offset of its header in this archive */
};

enum ar_symtab_kind {
	AR_SYMTAB_NONE,  /* no index: the first member is a real one */
	AR_SYMTAB_GNU,   /* "/": 32-bit big-endian count and offsets */
	AR_SYMTAB_GNU64, /* "/SYM64/": the same, 64-bit */
	AR_SYMTAB_BSD,   /* "__.SYMDEF", "__.SYMDEF SORTED", "__.SYMDEF_64" */
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
	enum ar_symtab_kind symtab_kind;
	const unsigned char *symtab; /* its bytes, with ar_open(); else NULL */
	size_t symtab_size;
	char error[160];
};

int ar_open(struct ar *ar, const unsigned char *data, size_t size, const char *path);
int ar_open_fd(struct ar *ar, int fd, size_t size, const char *path);
int ar_next(struct ar *ar, struct ar_member *m);
void ar_close(struct ar *ar);
int ar_symtab_walk(enum ar_symtab_kind kind, const unsigned char *data, size_t size,
		   int (*fn)(void *arg, const char *name, size_t offset), void *arg);

#endif
