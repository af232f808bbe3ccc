#include "native.h"
#include "util.h"

#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#define LTO_PREFIX ".gnu.lto_"

int native_hide_ir(unsigned char *data, size_t size)
{
	Elf *e = elf_memory((char *)data, size);
	size_t shstrndx, nsec;
	if (!e || elf_kind(e) != ELF_K_ELF || elf_getshdrstrndx(e, &shstrndx) < 0 ||
	    elf_getshdrnum(e, &nsec) < 0) {
		if (e)
			elf_end(e);
		return -EINVAL;
	}
	Elf_Scn *strscn = elf_getscn(e, shstrndx);
	GElf_Shdr strsh;
	if (!strscn || !gelf_getshdr(strscn, &strsh) || strsh.sh_type == SHT_NOBITS || strsh.sh_offset > size ||
	    strsh.sh_size > size - strsh.sh_offset) {
		elf_end(e);
		return -EINVAL;
	}
	/* the offsets first: the bytes change once libelf is done with them */
	size_t *at = xcalloc(nsec ? nsec : 1, sizeof(*at));
	size_t n = 0;
	for (Elf_Scn *s = NULL; (s = elf_nextscn(e, s));) {
		GElf_Shdr sh;
		if (!gelf_getshdr(s, &sh) || sh.sh_name >= strsh.sh_size ||
		    strsh.sh_size - sh.sh_name < sizeof(LTO_PREFIX) - 1)
			continue;
		size_t off = (size_t)strsh.sh_offset + sh.sh_name;
		if (!memcmp(data + off, LTO_PREFIX, sizeof(LTO_PREFIX) - 1) && n < nsec)
			at[n++] = off + 5; /* the 'l' of "lto_" */
	}
	elf_end(e);
	for (size_t i = 0; i < n; i++)
		data[at[i]] = 'x';
	free(at);
	return (int)n;
}

int native_compile_argv(const struct cmd *cmd, enum lto_kind lto, const char *in, const char *obj,
			struct strvec *out)
{
	int gcc = lto == LTO_GCC_SLIM || lto == LTO_GCC_FAT;
	if (cmd->flavor != (gcc ? FLAVOR_GCC : FLAVOR_CLANG) || lto == LTO_NONE)
		return -ENOTSUP;
	struct strvec opts = STRVEC_INIT;
	cmd_compile_options(cmd, &opts);
	strvec_clear(out);
	for (size_t i = 0; i < opts.nr; i++)
		if (!i || !str_starts(opts.v[i], "-flto"))
			strvec_push(out, opts.v[i]);
	strvec_clear(&opts);
	if (gcc) {
		strvec_push(out, "-r");
		strvec_push(out, "-flinker-output=nolto-rel");
		strvec_push(out, in);
	} else {
		strvec_push(out, "-fno-lto");
		strvec_push(out, "-x");
		strvec_push(out, "ir");
		strvec_push(out, "-c");
		strvec_push(out, in);
	}
	strvec_push(out, "-o");
	strvec_push(out, obj);
	return 0;
}
