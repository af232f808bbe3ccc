/*
 * report.h - telling the user what was kept and why.
 *
 * A struct report is the kept set in the terms of the JSON report, owning
 * copies of every string, so it outlives the scan that made it and can be
 * read back from a file: report_from_keep() builds one from a decided link,
 * report_load() / report_parse() from a JSON report.  All output goes
 * through it:
 *
 * report_write_json() writes the JSON report (format version 1, documented
 * in lto-safe(1) and lto-safe-cc(1)):
 *   {"version":1,"lto_safe_version":...,"output":...,"tool":...,
 *    "kept":[{"symbol","reason","kind","input","member","evidence"
 *    [,"added_by_driver":true]}...][,"seen":[...]][,"given":[...]]}
 * "lto_safe_version" is the version of the lto-safe that made the report
 * (LTO_SAFE_VERSION for report_from_keep(), what the file said for a
 * report read back; left out when a report read back had none),
 * "seen", when there is any, lists in the same form what was seen and
 * not kept: uses LTO sees (reason "address-taken", "asm-reference") and,
 * after a shared library's link, the exports of vague linkage LTO left
 * out (reason "vague-linkage", verify.h),
 * "given", when there is any, lists in the same form the archive members
 * the link was given as objects (policy.h, ks->given: reason
 * "member-not-in-index" or "member-asm-definition", symbol the name the
 * member is loaded for, the evidence saying which other member defines it
 * too, if one does),
 * "output" and "tool" are null when there was no link (lto-safe scan),
 * "member" is null outside archives, "added_by_driver" is there (true)
 * when the input is one the compiler driver added (driver.h).  Strings are escaped for JSON; bytes
 * that are not valid UTF-8 are written as \u00XX escapes of each byte so
 * the file is always valid JSON (and read back as those bytes).
 *
 * report_print() prints the entries for people: an aligned table (columns
 * symbol, reason, kind, defined in, evidence; colour only for
 * REPORT_COLOR; "defined in" says "(added by the driver)" after such an
 * input) or, for REPORT_TSV, a header line and one tab-separated
 * line per entry: symbol, reason, kind, input, member (empty outside
 * archives), evidence.  Control characters, backslashes and bytes that are
 * not UTF-8 are printed as C escapes (\t, \n, \\, \xNN) so a hostile name
 * cannot garble a terminal or add a column.
 *
 * report_table() prints a decided link as the verbose table, each line
 * prefixed with "lto-safe:   ": the kept symbols, or with seen the ones
 * seen and not kept.  report_print() adds the seen ones after the kept
 * ones under "seen, not kept:" and the given members after them (not in TSV, which
 * lists what is kept).  report_json() writes a decided link to a
 * file.  Both return what their report_* counterparts do.
 *
 * report_parse() is strict: JSON as json.h reads it, then the schema:
 * "version" must be 1 (another number is "unsupported report version N"),
 * "kept" an array of objects with string "symbol" (not empty), "reason",
 * "kind", "input", "evidence", a string or null "member" and, optionally,
 * a boolean "added_by_driver"; an optional "seen" array of the same
 * objects, and an optional "given" array of them; "lto_safe_version", "output" and
 * "tool", when present, are strings or null; "own_ms" (lto-safe's own
 * milliseconds on the link, before the linker ran), when present, a
 * number >= 0.  Members it does not know are
 * ignored (a later version 1 writer may add some).  On error it returns
 * -EINVAL with a message in err.  report_load() reads a file of at most
 * REPORT_SIZE_MAX bytes and then parses it; it returns -errno when the file
 * cannot be read (message in err too).
 */
#ifndef LTO_SAFE_REPORT_H
#define LTO_SAFE_REPORT_H

#include <stdio.h>
#include "policy.h"
#include "scan.h"

#define REPORT_VERSION 1
#define REPORT_SIZE_MAX (256u << 20)

struct report_entry {
	char *symbol, *reason, *kind, *input;
	char *member;   /* NULL outside archives */
	char *evidence;
	int driver;     /* the input was added by the compiler driver */
};

struct report {
	char *output, *tool; /* NULL when unknown */
	struct report_entry *v;
	size_t nr, alloc;
	struct report_entry *seen; /* evidence seen and not kept (policy.h) */
	size_t nseen, aseen;
	struct report_entry *given; /* archive members given as objects (policy.h) */
	size_t ngiven, agiven;
	char *lto_safe_version; /* the writer's version; NULL when unknown */
	double own_ms; /* lto-safe's own time on the link before the linker ran; < 0 unknown */
};

#define REPORT_INIT { .own_ms = -1 }

void report_from_keep(struct report *rep, const char *output, const char *tool,
		      const struct scan_set *set, const struct keep_set *ks);
int report_parse(const char *buf, size_t n, struct report *rep, char *err, size_t errlen);
int report_load(const char *path, struct report *rep, char *err, size_t errlen);
void report_release(struct report *rep);

enum report_style { REPORT_TSV, REPORT_TABLE, REPORT_COLOR };

void report_write_json(FILE *f, const struct report *rep);
void report_print(FILE *f, const struct report *rep, enum report_style style);
/* "input" or "input(member)", new string */
char *report_entry_where(const struct report_entry *e);

void report_table(FILE *f, const struct scan_set *set, const struct keep_set *ks, int seen);
int report_json(const char *path, const char *output, const char *tool, double own_ms,
		const struct scan_set *set, const struct keep_set *ks);
/* write s as a JSON string literal (null for NULL) */
void report_json_string(FILE *f, const char *s);
const char *sym_type_name(enum sym_type t);

#endif
