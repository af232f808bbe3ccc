#include "settings.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const struct setting_def settings_table[SET_COUNT] = {
	[SET_CC] = { "LTO_SAFE_CC", NULL, ST_PATH, "cc", SF_FRONT,
		     "the real compiler of lto-safe-cc without the prefix form (a name on PATH or a path)" },
	[SET_CXX] = { "LTO_SAFE_CXX", NULL, ST_PATH, "c++", SF_FRONT, "the real compiler of lto-safe-c++" },
	[SET_LD] = { "LTO_SAFE_LD", NULL, ST_PATH, "ld", SF_FRONT, "the real linker of lto-safe-ld" },
	[SET_DISABLE] = { "LTO_SAFE_DISABLE", NULL, ST_BOOL, "0", SF_FRONT, "pure pass-through" },
	[SET_ACTIVE] = { "LTO_SAFE_ACTIVE", NULL, ST_BOOL, "0", SF_FRONT | SF_INTERNAL,
			 "set for the real tool: a wrapper that sees it passes straight through" },
	[SET_DEPTH] = { "LTO_SAFE_DEPTH", NULL, ST_NUMBER, "0", SF_FRONT | SF_INTERNAL,
			"nested wrapper runs; the eighth is an error" },
	[SET_KEEP] = { "LTO_SAFE_KEEP", "--lto-safe-keep", ST_RULES, "", 0,
		       "keep rules (white-space separated in the variable)" },
	[SET_EXCLUDE] = { "LTO_SAFE_EXCLUDE", "--lto-safe-exclude", ST_RULES, "", 0, "exclude rules" },
	[SET_KEEP_FILE] = { "LTO_SAFE_KEEP_FILE", "--lto-safe-keep-file", ST_PATH, "", 0,
			    "a file of rules: one per line, # starts a comment, !RULE is an exclude" },
	[SET_VERBOSE] = { "LTO_SAFE_VERBOSE", NULL, ST_BOOL, "0", 0,
			  "print the inputs, the kept symbols with reasons and the final command" },
	[SET_STRICT] = { "LTO_SAFE_STRICT", NULL, ST_BOOL, "0", 0,
			 "anything lto-safe cannot understand is an error instead of a warning and the plain link" },
	[SET_REPORT] = { "LTO_SAFE_REPORT", NULL, ST_PATH, "", 0, "write the link's report (JSON) to this file" },
	[SET_REPORT_DIR] = { "LTO_SAFE_REPORT_DIR", NULL, ST_PATH, "", 0,
			     "without LTO_SAFE_REPORT: each link writes its report to a new file in this directory" },
	[SET_REPAIR] = { "LTO_SAFE_REPAIR", NULL, ST_BOOL, "1", 0, "repair a failed link and run it again" },
	[SET_SCAN] = { "LTO_SAFE_SCAN", NULL, ST_BOOL, "1", 0,
		       "proactive detection (off: only keep rules before the link, then repair)" },
	[SET_LEARN] = { "LTO_SAFE_LEARN", NULL, ST_PATH, "", 0, "append repaired names to this keep file" },
	[SET_THREADS] = { "LTO_SAFE_THREADS", NULL, ST_NUMBER, "0", 0,
			  "scanning threads (0: one per core, at most 8)" },
	[SET_CACHE] = { "LTO_SAFE_CACHE", NULL, ST_BOOL, "1", 0,
			"the cache of clean archives and toolchain answers" },
	[SET_CACHE_DIR] = { "LTO_SAFE_CACHE_DIR", NULL, ST_PATH, "$XDG_CACHE_HOME/lto-safe, else ~/.cache/lto-safe",
			    0, "the cache directory" },
	[SET_SWITCH_LINKER] = { "LTO_SAFE_SWITCH_LINKER", NULL, ST_BOOL, "1", 0,
				"a gcc link that asks for lld (rustc's default) with GCC IR runs gcc's own GNU linker, "
				"which reads the IR (off: an error line instead)" },
	[SET_WRAP] = { "LTO_SAFE_WRAP", NULL, ST_BOOL, "1", 0,
		       "a --wrap that LTO would bypass: the unit defining the wrapped name is linked as machine "
		       "code (off: a warning only)" },
};

static struct settings current;
static int loaded;

/* 1 or 0 for a boolean's text, -1 for anything else */
static int boolean(const char *v)
{
	static const char *const on[] = { "1", "yes", "true", "on" }, *const off[] = { "0", "no", "false", "off" };
	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(v, on[i]))
			return 1;
		if (!strcasecmp(v, off[i]))
			return 0;
	}
	return -1;
}

void settings_load(void)
{
	memset(&current, 0, sizeof(current));
	current.repair = current.scan = current.cache = current.switch_linker = current.wrap = 1;
	for (size_t i = 0; i < SET_COUNT; i++) {
		const struct setting_def *d = &settings_table[i];
		const char *v = getenv(d->env);
		if (!v || !*v)
			continue;
		long n = 0;
		int b = 0, ok = 1;
		if (d->type == ST_BOOL) {
			ok = (b = boolean(v)) >= 0;
		} else if (d->type == ST_NUMBER) {
			char *end;
			n = strtol(v, &end, 10);
			ok = *end == '\0' && n >= 0 && n <= 1024;
		}
		if (!ok && d->flags & SF_FRONT) {
			/* the front end has warned already: shown as it is */
			current.value[i] = v;
			current.origin[i] = FROM_ENV;
			continue;
		}
		if (!ok) {
			diag_warn("%s=%s: not %s; using the default (%s)", d->env, v,
				  d->type == ST_BOOL ? "a boolean (1, yes, true, on or 0, no, false, off)"
						     : "a number from 0 to 1024",
				  d->def);
			continue;
		}
		current.value[i] = v;
		current.origin[i] = FROM_ENV;
		switch (i) {
		case SET_VERBOSE: current.verbose = b; break;
		case SET_STRICT: current.strict = b; break;
		case SET_REPAIR: current.repair = b; break;
		case SET_SCAN: current.scan = b; break;
		case SET_CACHE: current.cache = b; break;
		case SET_SWITCH_LINKER: current.switch_linker = b; break;
		case SET_WRAP: current.wrap = b; break;
		case SET_THREADS: current.threads = (unsigned)n; break;
		default: break;
		}
	}
	loaded = 1;
}

const struct settings *settings(void)
{
	if (!loaded)
		settings_load();
	return &current;
}

const char *setting_str(enum setting_id id)
{
	return settings()->value[id];
}
