/*
 * settings.h - every LTO_SAFE_* setting in one table, read once.
 *
 * settings_table[] is the single source of the settings: each one's
 * environment name, its --lto-safe-* option where it has one, its type,
 * its default and one line of meaning.  The manual (doc/manual.md), the man pages
 * (tests/e2e/settings.sh checks that each name is in both) and
 * "lto-safe config" follow it.
 *
 * settings_load() reads the environment into the process's settings; no
 * other module of lib/ calls getenv() for an LTO_SAFE_* name, they read
 * settings() (which loads on first use).  A value that is not of its
 * setting's type (LTO_SAFE_THREADS=abc, LTO_SAFE_REPAIR=maybe) gets one
 * warning naming the variable and the accepted values, and the default.
 * Booleans take 1, yes, true, on and 0, no, false, off (any case); the
 * empty string is the default.
 *
 * The front end (wrapper/front.c) reads the few settings it needs for the
 * pass-through decision itself, without this module (its speed matters);
 * the table marks them SF_FRONT (settings_load() reads them too, for
 * "lto-safe config"), and tests/e2e/settings.sh checks that it reads no
 * other LTO_SAFE_* name.
 */
#ifndef LTO_SAFE_SETTINGS_H
#define LTO_SAFE_SETTINGS_H

enum setting_id {
	SET_CC, SET_CXX, SET_LD, SET_DISABLE, SET_ACTIVE, SET_DEPTH,
	SET_KEEP, SET_EXCLUDE, SET_KEEP_FILE,
	SET_VERBOSE, SET_STRICT, SET_REPORT, SET_REPORT_DIR,
	SET_REPAIR, SET_SCAN, SET_LEARN, SET_THREADS, SET_CACHE, SET_CACHE_DIR,
	SET_SWITCH_LINKER, SET_WRAP,
	SET_COUNT
};

enum setting_type { ST_BOOL, ST_NUMBER, ST_PATH, ST_RULES };

/* flags of a setting */
#define SF_FRONT 1 /* read by the front end itself */
#define SF_INTERNAL 2/* set by lto-safe for its own children */

struct setting_def {
	const char *env;    /* LTO_SAFE_... */
	const char *option; /* --lto-safe-...=VALUE, or NULL */
	enum setting_type type;
	const char *def;    /* the default, as "lto-safe config" shows it */
	unsigned flags;
	const char *meaning;
};

extern const struct setting_def settings_table[SET_COUNT];

enum setting_origin { FROM_DEFAULT, FROM_ENV, FROM_OPTION };

struct settings {
	const char *value[SET_COUNT]; /* the environment's value, NULL when unset, empty or bad */
	enum setting_origin origin[SET_COUNT];
	int verbose, strict, repair, scan, cache, switch_linker, wrap;
	unsigned threads; /* 0: one per core */
};

/* read the environment (again); warnings for bad values on stderr */
void settings_load(void);
const struct settings *settings(void);
/* a setting's value as a string, NULL when unset (the default applies) */
const char *setting_str(enum setting_id id);

#endif
