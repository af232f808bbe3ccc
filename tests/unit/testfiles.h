/*
 * testfiles.h - files and commands in a per-test scratch directory, for the
 * unit tests that compile objects with the real tools.
 *
 * files_setup() / files_teardown() are Check fixtures (tcase_add_checked_
 * fixture) that create and remove the directory; run() executes a shell
 * command there quietly and returns its status; have() says whether a tool
 * is on PATH; put() / put_str() write a file, slurp() reads one whole
 * (malloc'd, free it).  Names are relative to the directory.
 */
#ifndef LTO_SAFE_TESTFILES_H
#define LTO_SAFE_TESTFILES_H

#include "testlib.h"

#include <stdarg.h>
#include <string.h>

static char scratch[64];

static inline void files_setup(void)
{
	scratch_make(scratch, sizeof(scratch), "unit");
}

static inline void files_teardown(void)
{
	scratch_remove(scratch);
}

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static int run(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	char full[4200];
	snprintf(full, sizeof(full), "cd '%s' && (%s) >/dev/null 2>&1", scratch, cmd);
	return system(full);
}

static inline int have(const char *tool)
{
	return run("command -v %s", tool) == 0;
}

static inline void put(const char *name, const void *data, size_t n)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

static inline void put_str(const char *name, const char *s)
{
	put(name, s, strlen(s));
}

static inline unsigned char *slurp(const char *name, size_t *n)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	long len = ftell(f);
	ck_assert_int_ge(len, 0);
	rewind(f);
	unsigned char *p = malloc((size_t)len + 1);
	ck_assert_uint_eq(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return p;
}

#endif
