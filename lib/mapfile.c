#include "mapfile.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int map_file(const char *path, struct mapped *m)
{
	return map_file_st(path, m, NULL);
}

int map_file_st(const char *path, struct mapped *m, struct stat *out)
{
	m->data = NULL;
	m->size = 0;
	m->heap = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	if (out)
		*out = st;
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return -EISDIR;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if (st.st_size == 0) {
		close(fd);
		return 0;
	}
	if (st.st_size <= MAP_READ_MAX) {
		unsigned char *buf = xmalloc((size_t)st.st_size);
		size_t n = 0;
		while (n < (size_t)st.st_size) {
			ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			n += (size_t)r;
		}
		int e = errno;
		close(fd);
		if (n != (size_t)st.st_size) {
			free(buf);
			return n ? -EIO : -e;
		}
		m->data = buf;
		m->size = n;
		m->heap = 1;
		return 0;
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	int e = errno;
	close(fd);
	if (p == MAP_FAILED)
		return -e;
	m->data = p;
	m->size = (size_t)st.st_size;
	return 0;
}

void unmap_file(struct mapped *m)
{
	if (m->heap)
		free((void *)m->data);
	else if (m->data)
		munmap((void *)m->data, m->size);
	m->data = NULL;
	m->size = 0;
	m->heap = 0;
}

void map_drop_pages(const struct mapped *m)
{
	if (m->data && !m->heap && m->size >= MAP_DROP_MIN)
		madvise((void *)m->data, m->size, MADV_DONTNEED);
}
