/*
 * report.h - telling the user what was kept and why.
 *
 * report_table() prints the keep set as an aligned table, one line per
 * symbol, each line prefixed with "lto-safe:   " (verbose output).
 * report_json() writes the JSON report (format version 1, documented in
 * lto-safe-cc(1)):
 *   {"version":1,"output":...,"tool":...,"kept":[{"symbol","reason",
 *    "kind","input","member","evidence"}...]}
 * Strings are escaped for JSON; bytes that are not valid UTF-8 are written
 * as \u00XX escapes of each byte so the file is always valid JSON.
 * report_json() returns 0 or a negative errno.
 */
#ifndef LTO_SAFE_REPORT_H
#define LTO_SAFE_REPORT_H

#include <stdio.h>
#include "policy.h"
#include "scan.h"

void report_table(FILE *f, const struct scan_set *set, const struct keep_set *ks);
int report_json(const char *path, const char *output, const char *tool,
		const struct scan_set *set, const struct keep_set *ks);
/* write s as a JSON string literal */
void report_json_string(FILE *f, const char *s);
const char *sym_type_name(enum sym_type t);

#endif
