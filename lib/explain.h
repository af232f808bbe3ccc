/*
 * explain.h - the lto-safe command: what would be kept, what was kept, and
 * whether it is in the output.  See lto-safe(1).
 *
 *   lto-safe scan [--json|--table|--tsv] [--keep=RULE] [--exclude=RULE]
 *                 [--keep-file=FILE] FILE...
 *       scans objects, archives and bitcode files as one link would (the
 *       same scanners, the same policy, the rules of LTO_SAFE_KEEP,
 *       LTO_SAFE_EXCLUDE and LTO_SAFE_KEEP_FILE and of the options) and
 *       prints every symbol it would keep.  Shared objects are skipped with
 *       a warning.
 *   lto-safe explain [--json|--table|--tsv] REPORT
 *       prints a report written by a link (LTO_SAFE_REPORT), "-" for stdin.
 *   lto-safe verify [--quiet] BINARY REPORT
 *       checks every kept symbol of REPORT against BINARY (verify.h).
 *   lto-safe --help (or help, -h): the usage, on standard output
 *   lto-safe --version (or version): "lto-safe VERSION"
 *
 * Output: --json writes the report format (report.h); otherwise an aligned
 * table when standard output is a terminal (header in bold unless NO_COLOR
 * is set or TERM is dumb) and tab-separated lines when it is not; --table
 * and --tsv choose.  Messages go through diag.
 *
 * explain_main() takes the arguments after the program name's and returns
 * the exit status: 0 success (verify: every symbol it could check is
 * there); 1 verify found a kept symbol missing; 2 a usage error, a bad
 * rule, an input or report that cannot be read or understood.
 */
#ifndef LTO_SAFE_EXPLAIN_H
#define LTO_SAFE_EXPLAIN_H

#define EXPLAIN_OK 0
#define EXPLAIN_MISSING 1
#define EXPLAIN_ERROR 2

int explain_main(int argc, char **argv);

#endif
