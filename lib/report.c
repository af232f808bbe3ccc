#include "report.h"
#include "util.h"

#include <errno.h>
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

static size_t width(const char *s)
{
	return strlen(s);
}

void report_table(FILE *f, const struct scan_set *set, const struct keep_set *ks)
{
	static const char *const head[4] = { "symbol", "reason", "defined in", "evidence" };
	size_t w[3] = { width(head[0]), width(head[1]), width(head[2]) };
	char **where = xcalloc(ks->nr + 1, sizeof(*where));
	for (size_t i = 0; i < ks->nr; i++) {
		const struct keep *k = &ks->v[i];
		where[i] = unit_describe(&set->units[k->def_unit]);
		if (width(k->name) > w[0])
			w[0] = width(k->name);
		if (width(keep_reason_name(k->reason)) > w[1])
			w[1] = width(keep_reason_name(k->reason));
		if (width(where[i]) > w[2])
			w[2] = width(where[i]);
	}
	fprintf(f, "lto-safe:   %-*s  %-*s  %-*s  %s\n", (int)w[0], head[0], (int)w[1], head[1],
		(int)w[2], head[2], head[3]);
	for (size_t i = 0; i < ks->nr; i++) {
		const struct keep *k = &ks->v[i];
		fprintf(f, "lto-safe:   %-*s  %-*s  %-*s  %s\n", (int)w[0], k->name, (int)w[1],
			keep_reason_name(k->reason), (int)w[2], where[i], k->detail);
		free(where[i]);
	}
	free(where);
}

/* length of the valid UTF-8 sequence at p, or 0 */
static size_t utf8_len(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	size_t n = (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (n == 2 && p[0] < 0xc2)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void report_json_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
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
			size_t n = utf8_len(p);
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

int report_json(const char *path, const char *output, const char *tool,
		const struct scan_set *set, const struct keep_set *ks)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -errno;
	fputs("{\"version\":1,\"output\":", f);
	report_json_string(f, output);
	fputs(",\"tool\":", f);
	report_json_string(f, tool);
	fputs(",\"kept\":[", f);
	for (size_t i = 0; i < ks->nr; i++) {
		const struct keep *k = &ks->v[i];
		const struct unit *u = &set->units[k->def_unit];
		fputs(i ? ",\n  {\"symbol\":" : "\n  {\"symbol\":", f);
		report_json_string(f, k->name);
		fputs(",\"reason\":", f);
		report_json_string(f, keep_reason_name(k->reason));
		fputs(",\"kind\":", f);
		report_json_string(f, sym_type_name(k->type));
		fputs(",\"input\":", f);
		report_json_string(f, u->path);
		fputs(",\"member\":", f);
		report_json_string(f, u->member);
		fputs(",\"evidence\":", f);
		report_json_string(f, k->detail);
		fputc('}', f);
	}
	fputs(ks->nr ? "\n]}\n" : "]}\n", f);
	int bad = ferror(f);
	if (fclose(f) != 0 || bad)
		return -EIO;
	return 0;
}
