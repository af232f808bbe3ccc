#include "strvec.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strvec_push_nodup(struct strvec *sv, char *s)
{
	GROW(sv->v, sv->alloc, sv->nr + 2);
	sv->v[sv->nr++] = s;
	sv->v[sv->nr] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_nodup(sv, xstrdup(s));
}

void strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	strvec_push_nodup(sv, s);
}

void strvec_pushv(struct strvec *sv, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strvec_push(sv, v[i]);
}

void strvec_insert(struct strvec *sv, size_t at, const char *s)
{
	if (at > sv->nr)
		at = sv->nr;
	GROW(sv->v, sv->alloc, sv->nr + 2);
	memmove(sv->v + at + 1, sv->v + at, (sv->nr - at + 1) * sizeof(*sv->v));
	sv->v[at] = xstrdup(s);
	sv->nr++;
}

void strvec_remove(struct strvec *sv, size_t at)
{
	if (at >= sv->nr)
		return;
	free(sv->v[at]);
	memmove(sv->v + at, sv->v + at + 1, (sv->nr - at) * sizeof(*sv->v));
	sv->nr--;
}

void strvec_clear(struct strvec *sv)
{
	for (size_t i = 0; i < sv->nr; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->nr = sv->alloc = 0;
}
