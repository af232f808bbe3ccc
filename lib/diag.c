#include "diag.h"

#include <stdarg.h>

static int verbose;
static int strict;
static FILE *stream;
static int quiet;
static unsigned dropped;

void diag_set_verbose(int on) { verbose = on; }
int diag_verbose(void) { return verbose; }
void diag_set_strict(int on) { strict = on; }
int diag_strict(void) { return strict; }
void diag_set_stream(FILE *f) { stream = f; }
void diag_set_quiet(int on) { quiet = on; }
unsigned diag_dropped(void) { return dropped; }

static void vmsg(const char *kind, const char *suffix, const char *fmt, va_list ap)
{
	if (quiet) {
		dropped++;
		return;
	}
	FILE *f = stream ? stream : stderr;
	fprintf(f, "lto-safe: %s", kind);
	vfprintf(f, fmt, ap);
	fprintf(f, "%s\n", suffix);
	fflush(f);
}

void diag_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("warning: ", "", fmt, ap);
	va_end(ap);
}

void diag_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("error: ", "", fmt, ap);
	va_end(ap);
}

void diag_note(const char *fmt, ...)
{
	if (!verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	vmsg("", "", fmt, ap);
	va_end(ap);
}

int diag_fallback(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (strict)
		vmsg("error: ", " (LTO_SAFE_STRICT=1)", fmt, ap);
	else
		vmsg("warning: ", "; running the plain link", fmt, ap);
	va_end(ap);
	return strict ? -1 : 0;
}
