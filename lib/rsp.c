#include "rsp.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void rsp_split(const char *text, size_t len, struct strvec *out)
{
	size_t i = 0;
	char *buf = xmalloc(len + 1);
	for (;;) {
		while (i < len && text[i] && is_space(text[i]))
			i++;
		if (i >= len || !text[i])
			break;
		size_t n = 0;
		int squote = 0, dquote = 0;
		for (; i < len && text[i]; i++) {
			char c = text[i];
			if (c == '\\') {
				if (i + 1 < len && text[i + 1])
					buf[n++] = text[++i];
			} else if (squote) {
				if (c == '\'')
					squote = 0;
				else
					buf[n++] = c;
			} else if (dquote) {
				if (c == '"')
					dquote = 0;
				else
					buf[n++] = c;
			} else if (is_space(c)) {
				break;
			} else if (c == '\'') {
				squote = 1;
			} else if (c == '"') {
				dquote = 1;
			} else {
				buf[n++] = c;
			}
		}
		strvec_push_nodup(out, xstrndup(buf, n));
	}
	free(buf);
}

/* what one expansion has read so far, against its limits */
struct budget {
	unsigned files;
	size_t bytes;
};

/*
 * Reads the file at path whole into *text.  Returns 0, 1 when it cannot be
 * read (kept literal), or -EFBIG when the expansion's texts would pass
 * RSP_MAX_BYTES (a device such as /dev/zero never ends).
 */
static int read_file(const char *path, char **text, size_t *len, struct budget *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	struct stat st;
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		close(fd);
		return 1;
	}
	size_t n = 0, alloc = 0;
	char *buf = NULL;
	for (;;) {
		if (b->bytes + n >= RSP_MAX_BYTES) {
			free(buf);
			close(fd);
			return -EFBIG;
		}
		GROW(buf, alloc, n + 4096);
		size_t room = alloc - n;
		if (room > RSP_MAX_BYTES - (b->bytes + n))
			room = RSP_MAX_BYTES - (b->bytes + n);
		ssize_t r = read(fd, buf + n, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			close(fd);
			return 1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	b->bytes += n;
	*text = buf;
	*len = n;
	return 0;
}

static int expand(int argc, char *const *argv, struct strvec *out, char **err, int depth,
		  struct budget *b)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		char *text = NULL;
		size_t len = 0;
		int r = a[0] == '@' && a[1] ? read_file(a + 1, &text, &len, b) : 1;
		if (r == -EFBIG) {
			if (err)
				*err = xasprintf("response file %s: more than %d MiB of response files",
						 a + 1, RSP_MAX_BYTES >> 20);
			return r;
		}
		if (r) {
			strvec_push(out, a);
			continue;
		}
		if (depth >= RSP_MAX_DEPTH) {
			free(text);
			if (err)
				*err = xasprintf("response file %s: nested deeper than %d", a + 1,
						 RSP_MAX_DEPTH);
			return -ELOOP;
		}
		if (++b->files > RSP_MAX_FILES) {
			free(text);
			if (err)
				*err = xasprintf("response file %s: more than %d response files", a + 1,
						 RSP_MAX_FILES);
			return -ELOOP;
		}
		struct strvec sub = STRVEC_INIT;
		rsp_split(text, len, &sub);
		free(text);
		int ret = expand((int)sub.nr, sub.v, out, err, depth + 1, b);
		strvec_clear(&sub);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int rsp_expand(int argc, char *const *argv, struct strvec *out, char **err)
{
	struct budget b = { 0, 0 };
	return expand(argc, argv, out, err, 0, &b);
}

char *rsp_quote(const char *arg)
{
	size_t n = strlen(arg);
	int plain = n > 0;
	for (size_t i = 0; i < n && plain; i++)
		if (is_space(arg[i]) || arg[i] == '\\' || arg[i] == '\'' || arg[i] == '"')
			plain = 0;
	if (plain)
		return xstrdup(arg);
	char *q = xmalloc(2 * n + 3), *p = q;
	*p++ = '"';
	for (size_t i = 0; i < n; i++) {
		if (arg[i] == '\\' || arg[i] == '"')
			*p++ = '\\';
		*p++ = arg[i];
	}
	*p++ = '"';
	*p = '\0';
	return q;
}

int rsp_write(const char *path, char *const *args, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	int ret = 0;
	for (size_t i = 0; i < n && !ret; i++) {
		char *q = rsp_quote(args[i]);
		ret = write_all(fd, q, strlen(q));
		if (!ret)
			ret = write_all(fd, "\n", 1);
		free(q);
	}
	if (close(fd) < 0 && !ret)
		ret = -errno;
	return ret;
}
