/*
 * rules.h - the user's keep and exclude rules (PCRE2).
 *
 * A rule is a symbol name or a PCRE2 pattern that must match the whole
 * name.  Text made only of [A-Za-z0-9_.$@] is a literal name (compared
 * exactly, no regex compiled); anything else is compiled as a pattern.
 * Sources: LTO_SAFE_KEEP / LTO_SAFE_EXCLUDE (white-space separated),
 * --lto-safe-keep= / --lto-safe-exclude= (one rule each) and keep files
 * (LTO_SAFE_KEEP_FILE, --lto-safe-keep-file=): one rule per line, '#'
 * starts a comment, blank lines ignored, "!" before a rule makes it an
 * exclude.  A pattern that does not compile is an error whose message names
 * the pattern, its origin and PCRE2's reason.
 *
 * The struct rules owns everything; rules_release() frees it.  Matching is
 * read-only and safe from several threads (match data is per call).
 */
#ifndef LTO_SAFE_RULES_H
#define LTO_SAFE_RULES_H

#include <stddef.h>

struct rules;

struct rules *rules_new(void);
void rules_release(struct rules *r);

/* origin is for messages, e.g. "LTO_SAFE_KEEP" or "keep.txt:3"; 0 or -EINVAL */
int rules_add_keep(struct rules *r, const char *rule, const char *origin);
int rules_add_exclude(struct rules *r, const char *rule, const char *origin);
/* split white-space separated rules from an environment variable value */
int rules_add_list(struct rules *r, const char *list, int exclude, const char *origin);
/* 0, -errno when the file cannot be read, -EINVAL on a bad rule */
int rules_load_file(struct rules *r, const char *path);

/* the rules of the environment: LTO_SAFE_KEEP, LTO_SAFE_EXCLUDE and
 * LTO_SAFE_KEEP_FILE (each when set and not empty); 0 or the first error */
int rules_load_env(struct rules *r);

/* no keep rule at all */
int rules_empty(const struct rules *r);
/* 1 when a keep rule matches name and no exclude rule does; *which is
 * set to the text of the keep rule that matched */
int rules_keep(const struct rules *r, const char *name, const char **which);
/* 1 when an exclude rule matches name */
int rules_excluded(const struct rules *r, const char *name);

#endif
