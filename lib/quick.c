#include "quick.h"
#include "cache.h"
#include "child.h"
#include "diag.h"
#include "driver.h"
#include "formats/elfpeek.h"
#include "ldplugin.h"
#include "mapfile.h"
#include "resolve.h"
#include "settings.h"
#include "util.h"

#include <stdlib.h>

/* settings under which a link without LTO input is the plain link, silently */
static int settings_plain(void)
{
	static const enum setting_id asks[] = { SET_KEEP, SET_EXCLUDE, SET_KEEP_FILE, SET_REPORT, SET_REPORT_DIR };
	settings_load();
	const struct settings *s = settings();
	if (diag_dropped() || !s->cache || s->verbose || !cache_dir())
		return 0;
	for (size_t i = 0; i < sizeof(asks) / sizeof(asks[0]); i++)
		if (s->value[asks[i]])
			return 0;
	return 1;
}

static int object_plain(const char *path)
{
	struct mapped m;
	if (map_file(path, &m) < 0)
		return 0;
	int plain = elfpeek(m.data, m.size) == PEEK_NO_LTO;
	unmap_file(&m);
	return plain;
}

static int inputs_plain(const struct input_list *in)
{
	for (size_t i = 0; i < in->nr; i++) {
		const struct input *p = &in->v[i];
		if (!p->path)
			return 0;
		switch (p->kind) {
		case FK_ELF_DYN:
		case FK_SCRIPT:
			break;
		case FK_ARCHIVE:
			if (!p->known_clean)
				return 0;
			break;
		case FK_ELF_REL:
			if (!object_plain(p->path))
				return 0;
			break;
		default:
			return 0;
		}
	}
	return 1;
}

/* the decision of quick_plain() for a parsed command */
static int cmd_plain(struct cmd *cmd)
{
	if (cmd->keep.nr || cmd->keep_files.nr || cmd->exclude.nr || cmd->dry_run)
		return 0;
	if (cmd->action == ACT_PASS || (cmd->relocatable && !ldplugin_may_apply(cmd)))
		return 1;
	if (cmd->action == ACT_COMPILE_LINK && cmd->has_stdin_source)
		return 1;
	if (cmd->action == ACT_COMPILE_LINK && cmd->lto)
		return 0;
	if (cmd->flavor != FLAVOR_LD && !cmd->nostdlib && !(cmd->nostartfiles && cmd->nodefaultlibs)) {
		struct cmd ld;
		size_t mark;
		if (driver_link_line(cmd, &ld, &mark) < 0)
			return 0;
		driver_merge(cmd, &ld, mark);
		cmd_release(&ld);
	}
	struct clean_set clean;
	struct input_list in = INPUT_LIST_INIT;
	clean_load(&clean);
	int plain = resolve_inputs_known(cmd, toolchain_default_dirs, cmd, &clean, &in) == 0 &&
		    !diag_dropped() && inputs_plain(&in);
	input_list_release(&in);
	clean_release(&clean);
	return plain;
}

int quick_plain(enum tool_flavor flavor, const char *tool, int nargs, char *const *args)
{
	diag_set_quiet(1);
	child_queries_off();
	int plain = 0;
	if (settings_plain()) {
		char **full = xcalloc((size_t)nargs + 2, sizeof(*full));
		full[0] = (char *)tool;
		for (int i = 0; i < nargs; i++)
			full[i + 1] = args[i];
		struct cmd cmd = CMD_INIT;
		plain = cmd_parse(&cmd, flavor, nargs + 1, full) == 0 && cmd_plain(&cmd);
		cmd_release(&cmd);
		free(full);
	}
	diag_set_quiet(0);
	return plain;
}
