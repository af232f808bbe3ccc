#include "tmpdir.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TMPFILES 65536

static char *dir;
static char *files[MAX_TMPFILES];
static volatile int nfiles;

int tmpdir_create(void)
{
	if (dir)
		return 0;
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	char *templ = xasprintf("%s/lto-safe.XXXXXX", base);
	if (!mkdtemp(templ)) {
		int e = errno;
		free(templ);
		return -e;
	}
	dir = templ;
	return 0;
}

const char *tmpdir_get(void)
{
	return dir;
}

const char *tmpdir_path(const char *name)
{
	if (!dir || nfiles >= MAX_TMPFILES)
		return NULL;
	char *p = xasprintf("%s/%s", dir, name);
	files[nfiles] = p;
	nfiles = nfiles + 1;
	return p;
}

int tmpdir_open(const char *name, const char **path)
{
	const char *p = tmpdir_path(name);
	if (!p)
		return -ENOSPC;
	int fd = open(p, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	if (path)
		*path = p;
	return fd;
}

void tmpdir_cleanup_from_signal(void)
{
	if (!dir)
		return;
	for (int i = 0; i < nfiles; i++)
		unlink(files[i]);
	rmdir(dir);
}

void tmpdir_cleanup(void)
{
	if (!dir)
		return;
	tmpdir_cleanup_from_signal();
	int n = nfiles;
	nfiles = 0;
	for (int i = 0; i < n; i++) {
		free(files[i]);
		files[i] = NULL;
	}
	free(dir);
	dir = NULL;
}
