#include "thinlto.h"
#include "formats/classify.h"
#include "diag.h"
#include "facts.h"
#include "formats/llvmbc.h"
#include "mapfile.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* the full bitcode's path for path under "OLD;NEW", or NULL */
static char *full_path(const char *path, const char *replace)
{
	const char *semi = replace ? strchr(replace, ';') : NULL;
	if (!semi)
		return NULL;
	size_t olen = (size_t)(semi - replace), plen = strlen(path);
	if (plen < olen || memcmp(path + plen - olen, replace, olen))
		return NULL;
	return xasprintf("%.*s%s", (int)(plen - olen), path, semi + 1);
}

/*
 * Scan the full bitcode at full into a new unit for u's path and input and
 * put it in u's place.  Returns 0, or a message saying why not.
 */
static char *replace_unit(struct unit *u, const char *full)
{
	struct mapped m;
	int e = map_file(full, &m);
	if (e < 0)
		return xasprintf("%s: %s", full, strerror(-e));
	char *why = NULL;
	if (classify_bytes(m.data, m.size < 64 ? m.size : 64) != FK_BITCODE) {
		why = xasprintf("%s is not LLVM bitcode", full);
	} else {
		struct unit fresh;
		unit_init(&fresh, u->path, NULL, u->input);
		fresh.kind = FK_BITCODE;
		fresh.lto = LTO_LLVM;
		if (llvmbc_scan(&fresh, NULL, m.data, m.size) < 0)
			why = xasprintf("%s: %s", full, fresh.error ? fresh.error : "cannot read it");
		else if (fresh.thin_link_bitcode)
			why = xasprintf("%s is minimized too", full);
		if (why) {
			unit_release(&fresh);
		} else {
			fresh.full = 1;
			unit_shrink(&fresh);
			unit_release(u);
			*u = fresh;
		}
	}
	unmap_file(&m);
	return why;
}

#define MINIMIZED_MSG                                                                       \
	"%s%s is minimized ThinLTO bitcode (clang -fthin-link-bitcode) without function "  \
	"bodies: the names its inline asm uses cannot be seen (%s); give the thin link "   \
	"--thinlto-object-suffix-replace=OLD;NEW naming full bitcode that it can read, "   \
	"or keep those names with LTO_SAFE_KEEP"

int thinlto_read_full(struct scan_set *set, const struct cmd *cmd)
{
	const char *replace = cmd->thinlto_suffix_replace;
	size_t missed = 0;
	char *first = NULL, *why = NULL;
	for (size_t i = 0; i < set->nunits; i++) {
		struct unit *u = &set->units[i];
		if (!u->thin_link_bitcode || u->error)
			continue;
		char *full = u->member ? NULL : full_path(u->path, replace);
		char *w = NULL;
		if (!full)
			w = u->member ? xstrdup("an archive member")
			    : replace ? xasprintf("its name does not end in the OLD of "
						  "--thinlto-object-suffix-replace=%s", replace)
				      : xstrdup("no --thinlto-object-suffix-replace=OLD;NEW names the full bitcode");
		else if (!(w = replace_unit(u, full)))
			diag_note("%s is minimized ThinLTO bitcode: reading its function bodies from %s",
				  u->path, full);
		free(full);
		if (!w)
			continue;
		if (!missed++) {
			first = unit_describe(u);
			why = w;
		} else {
			free(w);
		}
	}
	if (!missed)
		return 0;
	char *more = missed > 1 ? xasprintf(" (and %zu more)", missed - 1) : xstrdup("");
	if (diag_strict())
		diag_error(MINIMIZED_MSG " (LTO_SAFE_STRICT=1)", first, more, why);
	else
		diag_warn(MINIMIZED_MSG, first, more, why);
	free(more);
	free(first);
	free(why);
	return diag_strict() ? -1 : 0;
}
