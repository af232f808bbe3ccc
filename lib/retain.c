#include "retain.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* section indexes, in file order */
enum { S_NULL, S_STACK, S_SYMTAB, S_STRTAB, S_SHSTRTAB, S_COUNT };

/* the first global symbol: after the null symbol */
#define FIRST_GLOBAL 1

struct strtab {
	char *buf;
	size_t len;
	size_t alloc;
};

static size_t strtab_add(struct strtab *t, const char *s)
{
	size_t off = t->len, n = strlen(s) + 1;
	GROW(t->buf, t->alloc, t->len + n);
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	return off;
}

/* buffers handed to libelf, which does not own them */
struct bufs {
	struct strtab str, shstr;
	void *sym;
};

static void bufs_free(struct bufs *b)
{
	free(b->str.buf);
	free(b->shstr.buf);
	free(b->sym);
}

static Elf_Scn *new_section(Elf *e, size_t name, GElf_Word type, GElf_Xword flags, GElf_Xword align,
			    GElf_Word link, GElf_Word info, GElf_Xword entsize, void *buf, size_t size,
			    Elf_Type dtype)
{
	Elf_Scn *scn = elf_newscn(e);
	if (!scn)
		return NULL;
	Elf_Data *d = elf_newdata(scn);
	if (!d)
		return NULL;
	d->d_buf = buf;
	d->d_size = size;
	d->d_type = dtype;
	d->d_align = align;
	d->d_off = 0;
	d->d_version = EV_CURRENT;

	GElf_Shdr sh;
	if (!gelf_getshdr(scn, &sh))
		return NULL;
	sh.sh_name = name;
	sh.sh_type = type;
	sh.sh_flags = flags;
	sh.sh_addralign = align;
	sh.sh_link = link;
	sh.sh_info = info;
	sh.sh_entsize = entsize;
	if (!gelf_update_shdr(scn, &sh))
		return NULL;
	return scn;
}

static int build(Elf *e, const struct retain_target *t, const char *const *names, size_t n,
		 struct bufs *b)
{
	int cls = t->arch->elfclass;
	GElf_Ehdr eh;
	/* gelf_fsize() needs the class, which the new header sets */
	if (!gelf_newehdr(e, cls) || !gelf_getehdr(e, &eh))
		return -EIO;
	size_t symsz = gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT);
	/* gelf indexes symbols with an int */
	if (!symsz)
		return -EINVAL;
	if (n > (size_t)INT_MAX - FIRST_GLOBAL || n > SIZE_MAX / symsz - FIRST_GLOBAL)
		return -E2BIG;
	for (size_t i = 0; i < n; i++)
		if (!names[i] || !names[i][0])
			return -EINVAL;

	eh.e_ident[EI_DATA] = t->elfdata;
	eh.e_type = ET_REL;
	eh.e_machine = t->arch->machine;
	eh.e_version = EV_CURRENT;
	eh.e_flags = t->flags;
	eh.e_shstrndx = S_SHSTRTAB;
	if (!gelf_update_ehdr(e, &eh))
		return -EIO;

	strtab_add(&b->shstr, "");
	size_t n_stack = strtab_add(&b->shstr, ".note.GNU-stack");
	size_t n_symtab = strtab_add(&b->shstr, ".symtab");
	size_t n_strtab = strtab_add(&b->shstr, ".strtab");
	size_t n_shstrtab = strtab_add(&b->shstr, ".shstrtab");

	b->sym = xcalloc(n + FIRST_GLOBAL, symsz);
	strtab_add(&b->str, "");

	/* an empty .note.GNU-stack: the object needs no executable stack */
	Elf_Scn *stack = new_section(e, n_stack, SHT_PROGBITS, 0, 1, 0, 0, 0, NULL, 0, ELF_T_BYTE);
	Elf_Scn *symtab = stack ? new_section(e, n_symtab, SHT_SYMTAB, 0, cls == ELFCLASS64 ? 8 : 4,
					      S_STRTAB, FIRST_GLOBAL, symsz, b->sym,
					      (n + FIRST_GLOBAL) * symsz, ELF_T_SYM)
				: NULL;
	Elf_Data *symd = symtab ? elf_getdata(symtab, NULL) : NULL;
	if (!symd)
		return -EIO;

	GElf_Sym s;
	memset(&s, 0, sizeof(s));
	if (!gelf_update_sym(symd, 0, &s))
		return -EIO;
	for (size_t i = 0; i < n; i++) {
		memset(&s, 0, sizeof(s));
		s.st_name = strtab_add(&b->str, names[i]);
		s.st_info = GELF_ST_INFO(STB_GLOBAL, STT_NOTYPE);
		s.st_shndx = SHN_UNDEF;
		if (!gelf_update_sym(symd, (int)(FIRST_GLOBAL + i), &s))
			return -EIO;
	}

	if (!new_section(e, n_strtab, SHT_STRTAB, 0, 1, 0, 0, 0, b->str.buf, b->str.len,
			 ELF_T_BYTE) ||
	    !new_section(e, n_shstrtab, SHT_STRTAB, 0, 1, 0, 0, 0, b->shstr.buf, b->shstr.len,
			 ELF_T_BYTE))
		return -EIO;
	return elf_update(e, ELF_C_WRITE) < 0 ? -EIO : 0;
}

int retain_write(const char *path, const struct retain_target *t, const char *const *names, size_t n)
{
	if (!t || !t->arch || (t->arch->elfclass != ELFCLASS32 && t->arch->elfclass != ELFCLASS64) ||
	    (t->elfdata != ELFDATA2LSB && t->elfdata != ELFDATA2MSB) || (n && !names))
		return -EINVAL;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EIO;

	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	Elf *e = elf_begin(fd, ELF_C_WRITE, NULL);
	struct bufs b;
	memset(&b, 0, sizeof(b));
	int ret = e ? build(e, t, names, n, &b) : -EIO;
	elf_end(e);
	bufs_free(&b);
	if (close(fd) && !ret)
		ret = -errno;
	if (ret)
		unlink(path);
	return ret;
}
