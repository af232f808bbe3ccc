#include "report.h"
#include "json.h"
#include "lto_safe_version.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *sym_type_name(enum sym_type t)
{
	switch (t) {
	case SYMT_FUNC: return "function";
	case SYMT_DATA: return "data";
	case SYMT_TLS: return "tls";
	case SYMT_NOTYPE:
	case SYMT_OTHER: break;
	}
	return "unknown";
}

void report_json_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	const unsigned char *end = (const unsigned char *)s + strlen(s);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			fprintf(f, "\\%c", c);
			p++;
		} else if (c == '\n') {
			fputs("\\n", f);
			p++;
		} else if (c == '\t') {
			fputs("\\t", f);
			p++;
		} else if (c < 0x20) {
			fprintf(f, "\\u%04x", c);
			p++;
		} else {
			size_t n = utf8_len(p, (size_t)(end - p));
			if (!n) {
				fprintf(f, "\\u%04x", c);
				p++;
			} else {
				fwrite(p, 1, n, f);
				p += n;
			}
		}
	}
	fputc('"', f);
}


static void release_entries(struct report_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct report_entry *e = &v[i];
		free(e->symbol);
		free(e->reason);
		free(e->kind);
		free(e->input);
		free(e->member);
		free(e->evidence);
	}
	free(v);
}

void report_release(struct report *rep)
{
	release_entries(rep->v, rep->nr);
	release_entries(rep->seen, rep->nseen);
	release_entries(rep->given, rep->ngiven);
	free(rep->output);
	free(rep->tool);
	free(rep->lto_safe_version);
	memset(rep, 0, sizeof(*rep));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static struct report_entry entry_from_keep(const struct scan_set *set, const struct keep *k)
{
	const struct unit *u = &set->units[k->def_unit];
	const char *other = k->reason == KEEP_MEMBER_UNINDEXED || k->reason == KEEP_MEMBER_ASM_DEF
			      ? k->evidence_unit != SIZE_MAX ? set->units[k->evidence_unit].member : NULL
			      : NULL;
	return (struct report_entry){
		.symbol = xstrdup(k->name),
		.reason = xstrdup(keep_reason_name(k->reason)),
		.kind = xstrdup(sym_type_name(k->type)),
		.input = xstrdup(u->path ? u->path : "?"),
		.member = dup_or_null(u->member),
		.evidence = other ? xasprintf("%s; member %s defines it too", k->detail, other)
				  : xstrdup(k->detail ? k->detail : ""),
		.driver = set->in && u->input < set->in->nr && set->in->v[u->input].driver,
	};
}

void report_from_keep(struct report *rep, const char *output, const char *tool,
		      const struct scan_set *set, const struct keep_set *ks)
{
	memset(rep, 0, sizeof(*rep));
	rep->own_ms = -1;
	rep->lto_safe_version = xstrdup(LTO_SAFE_VERSION);
	rep->output = dup_or_null(output);
	rep->tool = dup_or_null(tool);
	GROW(rep->v, rep->alloc, ks->nr);
	for (size_t i = 0; i < ks->nr; i++)
		rep->v[rep->nr++] = entry_from_keep(set, &ks->v[i]);
	GROW(rep->seen, rep->aseen, ks->nseen);
	for (size_t i = 0; i < ks->nseen; i++)
		rep->seen[rep->nseen++] = entry_from_keep(set, &ks->seen[i]);
	GROW(rep->given, rep->agiven, ks->ngiven);
	for (size_t i = 0; i < ks->ngiven; i++)
		rep->given[rep->ngiven++] = entry_from_keep(set, &ks->given[i]);
}

char *report_entry_where(const struct report_entry *e)
{
	const char *by = e->driver ? " (added by the driver)" : "";
	if (e->member)
		return xasprintf("%s(%s)%s", e->input, e->member, by);
	return xasprintf("%s%s", e->input, by);
}

/* s with control characters, backslashes and bytes that are not UTF-8 as C escapes */
static char *escape(const char *s)
{
	size_t n = strlen(s);
	char *o = xmalloc(4 * n + 1), *q = o;
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		size_t l = utf8_len(p, (size_t)(end - p));
		if (*p == '\\') {
			q += sprintf(q, "\\\\");
		} else if (*p == '\t') {
			q += sprintf(q, "\\t");
		} else if (*p == '\n') {
			q += sprintf(q, "\\n");
		} else if (*p < 0x20 || *p == 0x7f || !l) {
			q += sprintf(q, "\\x%02x", *p);
		} else {
			memcpy(q, p, l);
			q += l;
			p += l;
			continue;
		}
		p++;
	}
	*q = '\0';
	return o;
}

/* columns a string takes on a terminal: one per character */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/*
 * Print nrows rows of ncol escaped cells (row 0 the header), columns two
 * spaces apart and lined up, the last one not padded.
 */
static void print_aligned(FILE *f, const char *prefix, size_t ncol, char **cells, size_t nrows,
			  int color)
{
	size_t *w = xcalloc(ncol, sizeof(*w));
	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 0; c + 1 < ncol; c++)
			if (width(cells[r * ncol + c]) > w[c])
				w[c] = width(cells[r * ncol + c]);
	for (size_t r = 0; r < nrows; r++) {
		fputs(prefix, f);
		if (color && !r)
			fputs("\033[1m", f);
		for (size_t c = 0; c < ncol; c++) {
			const char *cell = cells[r * ncol + c];
			fputs(cell, f);
			if (c + 1 < ncol)
				fprintf(f, "%*s", (int)(w[c] - width(cell) + 2), "");
		}
		if (color && !r)
			fputs("\033[0m", f);
		fputc('\n', f);
	}
	free(w);
}

/* the cells of a table: the header, then per entry the columns cols picks */
enum column { COL_SYMBOL, COL_REASON, COL_KIND, COL_WHERE, COL_EVIDENCE };

static char **make_cells(const struct report_entry *v, size_t nr, const enum column *cols, size_t ncol)
{
	static const char *const head[] = { "symbol", "reason", "kind", "defined in", "evidence" };
	char **cells = xcalloc(ncol * (nr + 1), sizeof(*cells));
	for (size_t c = 0; c < ncol; c++)
		cells[c] = xstrdup(head[cols[c]]);
	for (size_t i = 0; i < nr; i++) {
		const struct report_entry *e = &v[i];
		for (size_t c = 0; c < ncol; c++) {
			char *where = cols[c] == COL_WHERE ? report_entry_where(e) : NULL;
			const char *text = cols[c] == COL_SYMBOL   ? e->symbol
					   : cols[c] == COL_REASON ? e->reason
					   : cols[c] == COL_KIND   ? e->kind
					   : where		   ? where
								   : e->evidence;
			cells[(i + 1) * ncol + c] = escape(text);
			free(where);
		}
	}
	return cells;
}

static void print_report_table(FILE *f, const char *prefix, const struct report_entry *v, size_t nr,
			       const enum column *cols, size_t ncol, int color)
{
	char **cells = make_cells(v, nr, cols, ncol);
	size_t n = ncol * (nr + 1);
	print_aligned(f, prefix, ncol, cells, nr + 1, color);
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

void report_print(FILE *f, const struct report *rep, enum report_style style)
{
	if (style == REPORT_TSV) {
		fputs("symbol\treason\tkind\tinput\tmember\tevidence\n", f);
		for (size_t i = 0; i < rep->nr; i++) {
			const struct report_entry *e = &rep->v[i];
			const char *field[6] = { e->symbol, e->reason, e->kind, e->input,
						 e->member ? e->member : "", e->evidence };
			for (size_t c = 0; c < 6; c++) {
				char *x = escape(field[c]);
				fprintf(f, "%s%c", x, c < 5 ? '\t' : '\n');
				free(x);
			}
		}
		return;
	}
	static const enum column cols[] = { COL_SYMBOL, COL_REASON, COL_KIND, COL_WHERE, COL_EVIDENCE };
	print_report_table(f, "", rep->v, rep->nr, cols, 5, style == REPORT_COLOR);
	if (!rep->nr)
		fputs("(no symbol kept)\n", f);
	if (rep->nseen) {
		fputs("\nseen, not kept:\n", f);
		print_report_table(f, "", rep->seen, rep->nseen, cols, 5, style == REPORT_COLOR);
	}
	if (rep->ngiven) {
		fputs("\narchive members given to the linker as objects:\n", f);
		print_report_table(f, "", rep->given, rep->ngiven, cols, 5, style == REPORT_COLOR);
	}
}

void report_table(FILE *f, const struct scan_set *set, const struct keep_set *ks, int seen)
{
	static const enum column cols[] = { COL_SYMBOL, COL_REASON, COL_WHERE, COL_EVIDENCE };
	struct report rep;
	report_from_keep(&rep, NULL, NULL, set, ks);
	if (seen)
		print_report_table(f, "lto-safe:   ", rep.seen, rep.nseen, cols, 4, 0);
	else
		print_report_table(f, "lto-safe:   ", rep.v, rep.nr, cols, 4, 0);
	report_release(&rep);
}

static void write_entries(FILE *f, const struct report_entry *v, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		const struct report_entry *e = &v[i];
		fputs(i ? ",\n  {\"symbol\":" : "\n  {\"symbol\":", f);
		report_json_string(f, e->symbol);
		fputs(",\"reason\":", f);
		report_json_string(f, e->reason);
		fputs(",\"kind\":", f);
		report_json_string(f, e->kind);
		fputs(",\"input\":", f);
		report_json_string(f, e->input);
		fputs(",\"member\":", f);
		report_json_string(f, e->member);
		fputs(",\"evidence\":", f);
		report_json_string(f, e->evidence);
		if (e->driver)
			fputs(",\"added_by_driver\":true", f);
		fputc('}', f);
	}
	fputs(n ? "\n]" : "]", f);
}

void report_write_json(FILE *f, const struct report *rep)
{
	fprintf(f, "{\"version\":%d,", REPORT_VERSION);
	if (rep->lto_safe_version) {
		fputs("\"lto_safe_version\":", f);
		report_json_string(f, rep->lto_safe_version);
		fputc(',', f);
	}
	if (rep->own_ms >= 0)
		fprintf(f, "\"own_ms\":%.1f,", rep->own_ms);
	fputs("\"output\":", f);
	report_json_string(f, rep->output);
	fputs(",\"tool\":", f);
	report_json_string(f, rep->tool);
	fputs(",\"kept\":", f);
	write_entries(f, rep->v, rep->nr);
	if (rep->nseen) {
		fputs(",\"seen\":", f);
		write_entries(f, rep->seen, rep->nseen);
	}
	if (rep->ngiven) {
		fputs(",\"given\":", f);
		write_entries(f, rep->given, rep->ngiven);
	}
	fputs("}\n", f);
}

int report_json(const char *path, const char *output, const char *tool, double own_ms,
		const struct scan_set *set, const struct keep_set *ks)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -errno;
	struct report rep;
	report_from_keep(&rep, output, tool, set, ks);
	rep.own_ms = own_ms;
	report_write_json(f, &rep);
	report_release(&rep);
	int bad = ferror(f);
	if (fclose(f) != 0 || bad)
		return -EIO;
	return 0;
}

/* ---- reading a report back ---- */

static int schema_error(char *err, size_t errlen, const struct json *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int schema_error(char *err, size_t errlen, const struct json *at, const char *fmt, ...)
{
	int k = snprintf(err, errlen, "line %zu, column %zu: ", at->line, at->col);
	if (k >= 0 && (size_t)k < errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err + k, errlen - (size_t)k, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* obj[key] as a new string (NULL for null when nullable); ctx names obj in messages */
static int get_string(const struct json *obj, const char *key, int nullable, int required,
		      const char *ctx, char **out, char *err, size_t errlen)
{
	const struct json *v = json_get(obj, key);
	*out = NULL;
	if (!v) {
		if (!required)
			return 0;
		return schema_error(err, errlen, obj, "%s has no \"%s\"", ctx, key);
	}
	if (v->type == JSON_NULL && nullable)
		return 0;
	if (v->type != JSON_STRING)
		return schema_error(err, errlen, v, "%s%s\"%s\" is %s, not a string%s", ctx, *ctx ? "." : "", key,
				    json_type_name(v->type), nullable ? " or null" : "");
	*out = xstrdup(v->str);
	return 0;
}

static int parse_entry(const struct json *o, const char *array, size_t i, struct report_entry *e, char *err,
		       size_t errlen)
{
	char ctx[48];
	snprintf(ctx, sizeof(ctx), "%s[%zu]", array, i);
	if (o->type != JSON_OBJECT)
		return schema_error(err, errlen, o, "%s is %s, not an object", ctx, json_type_name(o->type));
	int r;
	if ((r = get_string(o, "symbol", 0, 1, ctx, &e->symbol, err, errlen)) < 0 ||
	    (r = get_string(o, "reason", 0, 1, ctx, &e->reason, err, errlen)) < 0 ||
	    (r = get_string(o, "kind", 0, 1, ctx, &e->kind, err, errlen)) < 0 ||
	    (r = get_string(o, "input", 0, 1, ctx, &e->input, err, errlen)) < 0 ||
	    (r = get_string(o, "member", 1, 1, ctx, &e->member, err, errlen)) < 0 ||
	    (r = get_string(o, "evidence", 0, 1, ctx, &e->evidence, err, errlen)) < 0)
		return r;
	if (!*e->symbol)
		return schema_error(err, errlen, json_get(o, "symbol"), "%s.\"symbol\" is empty", ctx);
	const struct json *d = json_get(o, "added_by_driver");
	if (d && d->type != JSON_TRUE && d->type != JSON_FALSE)
		return schema_error(err, errlen, d, "%s.\"added_by_driver\" is %s, not true or false", ctx,
				    json_type_name(d->type));
	e->driver = d && d->type == JSON_TRUE;
	return 0;
}

static int parse_entries(const struct json *arr, const char *name, struct report_entry **v, size_t *nr,
			 size_t *alloc, char *err, size_t errlen)
{
	int r = 0;
	GROW(*v, *alloc, arr->nr);
	for (size_t i = 0; i < arr->nr && !r; i++) {
		memset(&(*v)[i], 0, sizeof((*v)[i]));
		(*nr)++;
		r = parse_entry(&arr->v[i], name, i, &(*v)[i], err, errlen);
	}
	return r;
}

int report_parse(const char *buf, size_t n, struct report *rep, char *err, size_t errlen)
{
	struct json root;
	memset(rep, 0, sizeof(*rep));
	rep->own_ms = -1;
	int r = json_parse(buf, n, JSON_BYTE_ESCAPES, &root, err, errlen);
	if (r < 0)
		return r;
	const struct json *ver = json_get(&root, "version"), *kept = json_get(&root, "kept");
	if (root.type != JSON_OBJECT) {
		r = schema_error(err, errlen, &root, "not an lto-safe report: %s, not an object",
				 json_type_name(root.type));
	} else if (!ver) {
		r = schema_error(err, errlen, &root, "not an lto-safe report: no \"version\"");
	} else if (ver->type != JSON_NUMBER) {
		r = schema_error(err, errlen, ver, "\"version\" is %s, not a number", json_type_name(ver->type));
	} else if (strcmp(ver->str, "1")) {
		r = schema_error(err, errlen, ver, "unsupported report version %.40s: this lto-safe reads version %d",
				 ver->str, REPORT_VERSION);
	} else if (!kept) {
		r = schema_error(err, errlen, &root, "no \"kept\" array");
	} else if (kept->type != JSON_ARRAY) {
		r = schema_error(err, errlen, kept, "\"kept\" is %s, not an array", json_type_name(kept->type));
	}
	if (!r)
		r = get_string(&root, "lto_safe_version", 1, 0, "", &rep->lto_safe_version, err, errlen);
	const struct json *ms = r ? NULL : json_get(&root, "own_ms");
	if (ms) {
		char *end = NULL;
		double v = ms->type == JSON_NUMBER ? strtod(ms->str, &end) : -1;
		if (!end || *end || !(v >= 0))
			r = schema_error(err, errlen, ms, "\"own_ms\" is %s, not a number >= 0",
					 ms->type == JSON_NUMBER ? ms->str : json_type_name(ms->type));
		else
			rep->own_ms = v;
	}
	if (!r)
		r = get_string(&root, "output", 1, 0, "", &rep->output, err, errlen);
	if (!r)
		r = get_string(&root, "tool", 1, 0, "", &rep->tool, err, errlen);
	if (!r)
		r = parse_entries(kept, "kept", &rep->v, &rep->nr, &rep->alloc, err, errlen);
	const struct json *seen = r ? NULL : json_get(&root, "seen");
	if (seen && seen->type != JSON_ARRAY)
		r = schema_error(err, errlen, seen, "\"seen\" is %s, not an array", json_type_name(seen->type));
	else if (seen)
		r = parse_entries(seen, "seen", &rep->seen, &rep->nseen, &rep->aseen, err, errlen);
	const struct json *given = r ? NULL : json_get(&root, "given");
	if (given && given->type != JSON_ARRAY)
		r = schema_error(err, errlen, given, "\"given\" is %s, not an array", json_type_name(given->type));
	else if (given)
		r = parse_entries(given, "given", &rep->given, &rep->ngiven, &rep->agiven, err, errlen);
	json_release(&root);
	if (r < 0)
		report_release(rep);
	return r;
}

int report_load(const char *path, struct report *rep, char *err, size_t errlen)
{
	memset(rep, 0, sizeof(*rep));
	int is_stdin = !strcmp(path, "-");
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "%s", strerror(e));
		return -e;
	}
	size_t cap = 65536, n = 0;
	char *buf = xmalloc(cap);
	int r = 0;
	for (;;) {
		if (n == cap) {
			if (cap > REPORT_SIZE_MAX) {
				snprintf(err, errlen, "larger than %u MiB: not a report", REPORT_SIZE_MAX >> 20);
				r = -EFBIG;
				break;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (k)
			continue;
		if (ferror(f)) {
			r = -(errno ? errno : EIO);
			snprintf(err, errlen, "%s", strerror(-r));
		}
		break;
	}
	if (!is_stdin)
		fclose(f);
	if (!r && !n) {
		snprintf(err, errlen, "empty file: not a report");
		r = -EINVAL;
	}
	if (!r)
		r = report_parse(buf, n, rep, err, errlen);
	free(buf);
	return r;
}
