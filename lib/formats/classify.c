#include "classify.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ELF_ET_REL 1
#define ELF_ET_DYN 3

enum file_kind classify_bytes(const unsigned char *p, size_t n)
{
	if (n >= 18 && memcmp(p, "\177ELF", 4) == 0) {
		/* e_type sits at offset 16 in both classes, in the file's byte order */
		unsigned type = p[5] == 2 ? (unsigned)(p[16] << 8 | p[17]) : (unsigned)(p[17] << 8 | p[16]);
		if (type == ELF_ET_REL)
			return FK_ELF_REL;
		if (type == ELF_ET_DYN)
			return FK_ELF_DYN;
		return FK_ELF_OTHER;
	}
	if (n >= 8 && memcmp(p, "!<arch>\n", 8) == 0)
		return FK_ARCHIVE;
	if (n >= 8 && memcmp(p, "!<thin>\n", 8) == 0)
		return FK_THIN_ARCHIVE;
	if (n >= 4 && memcmp(p, "BC\xc0\xde", 4) == 0)
		return FK_BITCODE;
	if (n >= 4 && memcmp(p, "\xde\xc0\x17\x0b", 4) == 0)
		return FK_BITCODE;
	if (n == 0)
		return FK_UNKNOWN;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c == '\0' || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v'))
			return FK_UNKNOWN;
	}
	return FK_SCRIPT;
}

enum file_kind classify_open(const char *path, struct stat *st, int *fd)
{
	*fd = -1;
	int f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return errno == ENOENT || errno == ENOTDIR ? FK_MISSING : FK_UNREADABLE;
	if (fstat(f, st) < 0) {
		close(f);
		return FK_UNREADABLE;
	}
	if (S_ISDIR(st->st_mode)) {
		close(f);
		return FK_DIR;
	}
	unsigned char buf[256];
	ssize_t r;
	do
		r = read(f, buf, sizeof(buf));
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		close(f);
		return FK_UNREADABLE;
	}
	*fd = f;
	return classify_bytes(buf, (size_t)r);
}

enum file_kind classify_path(const char *path)
{
	struct stat st;
	int fd;
	enum file_kind k = classify_open(path, &st, &fd);
	if (fd >= 0)
		close(fd);
	return k;
}
