/*
 * mapfile.h - read-only views of whole files.
 *
 * map_file() maps a regular file read-only (mmap; an empty file gives
 * data == NULL, size == 0).  Files of at most MAP_READ_MAX bytes are read
 * into memory instead: a link may name tens of thousands of small objects,
 * more than the kernel allows mappings per process (vm.max_map_count).  The mapping is owned by the struct mapped and
 * released with unmap_file().  Errors return a negative errno value and
 * leave *m empty; directories give -EISDIR.  map_file_st() also stores
 * the fstat() of the file it mapped in *st (when it got that far).
 * map_drop_pages() gives the resident pages of a large mapping back while
 * keeping it valid (it is private and read-only: a later read faults them
 * in again from the page cache); one call costs a TLB flush on every core
 * the process runs on, so it does nothing below MAP_DROP_MIN bytes.
 */
#ifndef LTO_SAFE_MAPFILE_H
#define LTO_SAFE_MAPFILE_H

#include <stddef.h>

#define MAP_READ_MAX (64 * 1024)

struct mapped {
	const unsigned char *data;
	size_t size;
	int heap; /* data was read into malloc'd memory */
};

#define MAPPED_INIT { NULL, 0, 0 }

struct stat;
int map_file(const char *path, struct mapped *m);
int map_file_st(const char *path, struct mapped *m, struct stat *st);
void unmap_file(struct mapped *m);
#define MAP_DROP_MIN (1u << 20)
void map_drop_pages(const struct mapped *m);

#endif
