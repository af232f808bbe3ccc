/*
 * strvec.h - a growable, NULL-terminated vector of owned strings.
 *
 * A strvec owns every string it holds (they are copied on push) and the
 * array itself.  Invariant: when v is not NULL, v[nr] == NULL, so v can be
 * handed to execv() directly.  Initialise with STRVEC_INIT, release with
 * strvec_clear(), which leaves it empty and ready for reuse.
 */
#ifndef LTO_SAFE_STRVEC_H
#define LTO_SAFE_STRVEC_H

#include <stddef.h>

struct strvec {
	char **v;
	size_t nr;
	size_t alloc;
};

#define STRVEC_INIT { NULL, 0, 0 }

void strvec_push(struct strvec *sv, const char *s);
/* take ownership of s (allocated with malloc) instead of copying it */
void strvec_push_nodup(struct strvec *sv, char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strvec_pushv(struct strvec *sv, char *const *v, size_t n);
/* insert a copy of s before index at (at <= nr) */
void strvec_insert(struct strvec *sv, size_t at, const char *s);
/* remove and free element at */
void strvec_remove(struct strvec *sv, size_t at);
void strvec_clear(struct strvec *sv);

#endif
