#include "tmpdir.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_TMPFILES 65536

/* names tried under the per-user directory before falling back to mkdtemp */
#define NAMED_TRIES 8

static char *dir;
static char *udir; /* the per-user directory dir is in, or NULL */
static char *files[MAX_TMPFILES];
static volatile int nfiles;
static uint64_t key_hash;
static int have_key;

void tmpdir_set_key(char *const *argv, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u; /* FNV-1a, 64 bits */
	for (size_t i = 0; i < n; i++) {
		for (const unsigned char *c = (const unsigned char *)argv[i]; *c; c++)
			h = (h ^ *c) * 0x100000001b3u;
		h = (h ^ 0xff) * 0x100000001b3u; /* argument boundary */
	}
	key_hash = h;
	have_key = 1;
}

/* base/lto-safe-UID, made or checked: ours, a directory, mode 0700 */
static char *user_dir(const char *base)
{
	char *u = xasprintf("%s/lto-safe-%lu", base, (unsigned long)getuid());
	struct stat st;
	if (mkdir(u, 0700) < 0 && errno != EEXIST) {
		free(u);
		return NULL;
	}
	if (lstat(u, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) {
		free(u);
		return NULL;
	}
	return u;
}

int tmpdir_create(void)
{
	if (dir)
		return 0;
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	char *u = have_key ? user_dir(base) : NULL;
	for (int i = 0; u && i < NAMED_TRIES; i++) {
		char *d = i ? xasprintf("%s/%016llx-%d", u, (unsigned long long)key_hash, i)
			    : xasprintf("%s/%016llx", u, (unsigned long long)key_hash);
		if (mkdir(d, 0700) == 0) {
			udir = u;
			dir = d;
			return 0;
		}
		free(d);
		if (errno != EEXIST)
			break;
	}
	free(u);
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
	if (udir)
		rmdir(udir); /* when no other run uses it */
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
	free(udir);
	dir = udir = NULL;
}
