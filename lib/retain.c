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
enum { S_NULL, S_KEEP, S_REL, S_STACK, S_SYMTAB, S_STRTAB, S_SHSTRTAB, S_COUNT };

/* the first global symbol: after the null symbol and the section symbol */
#define FIRST_GLOBAL 2

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
	void *keep, *rel, *sym;
};

static void bufs_free(struct bufs *b)
{
	free(b->str.buf);
	free(b->shstr.buf);
	free(b->keep);
	free(b->rel);
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

static int build(Elf *e, const struct arch *a, const char *const *names, size_t n, struct bufs *b)
{
	int cls = a->elfclass;
	size_t ptr = cls == ELFCLASS64 ? 8 : 4;
	Elf_Type rtype = a->rela ? ELF_T_RELA : ELF_T_REL;
	GElf_Ehdr eh;
	/* gelf_fsize() needs the class, which the new header sets */
	if (!gelf_newehdr(e, cls) || !gelf_getehdr(e, &eh))
		return -EIO;
	size_t relsz = gelf_fsize(e, rtype, 1, EV_CURRENT);
	size_t symsz = gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT);
	/* ELF32 r_info holds a 24-bit symbol index; gelf indexes entries with an int */
	uint64_t maxsym = cls == ELFCLASS64 ? INT_MAX : 0xffffff;
	if (!relsz || !symsz)
		return -EINVAL;
	size_t entmax = relsz > symsz ? relsz : symsz;
	if (n > maxsym - FIRST_GLOBAL || n > SIZE_MAX / entmax - FIRST_GLOBAL)
		return -E2BIG;
	for (size_t i = 0; i < n; i++)
		if (!names[i] || !names[i][0])
			return -EINVAL;

	eh.e_ident[EI_DATA] = a->elfdata;
	/* as GNU as does for SHF_GNU_RETAIN */
	eh.e_ident[EI_OSABI] = ELFOSABI_GNU;
	eh.e_type = ET_REL;
	eh.e_machine = a->machine;
	eh.e_version = EV_CURRENT;
	eh.e_shstrndx = S_SHSTRTAB;
	if (!gelf_update_ehdr(e, &eh))
		return -EIO;

	const char *relname = a->rela ? ".rela" RETAIN_SECTION : ".rel" RETAIN_SECTION;
	strtab_add(&b->shstr, "");
	size_t n_keep = strtab_add(&b->shstr, RETAIN_SECTION);
	size_t n_rel = strtab_add(&b->shstr, relname);
	size_t n_stack = strtab_add(&b->shstr, ".note.GNU-stack");
	size_t n_symtab = strtab_add(&b->shstr, ".symtab");
	size_t n_strtab = strtab_add(&b->shstr, ".strtab");
	size_t n_shstrtab = strtab_add(&b->shstr, ".shstrtab");

	b->keep = xcalloc(n, ptr);
	b->rel = xcalloc(n, relsz);
	b->sym = xcalloc(n + FIRST_GLOBAL, symsz);
	strtab_add(&b->str, "");

	Elf_Scn *keep = new_section(e, n_keep, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE | SHF_GNU_RETAIN,
				    ptr, 0, 0, 0, b->keep, n * ptr, ELF_T_BYTE);
	Elf_Scn *rel = keep ? new_section(e, n_rel, a->rela ? SHT_RELA : SHT_REL, SHF_INFO_LINK, ptr,
					  S_SYMTAB, S_KEEP, relsz, b->rel, n * relsz, rtype)
			    : NULL;
	Elf_Scn *stack = rel ? new_section(e, n_stack, SHT_PROGBITS, 0, 1, 0, 0, 0, NULL, 0,
					   ELF_T_BYTE)
			     : NULL;
	Elf_Scn *symtab = stack ? new_section(e, n_symtab, SHT_SYMTAB, 0, ptr, S_STRTAB,
					      FIRST_GLOBAL, symsz, b->sym,
					      (n + FIRST_GLOBAL) * symsz, ELF_T_SYM)
				: NULL;
	if (!symtab)
		return -EIO;
	Elf_Data *reld = elf_getdata(rel, NULL);
	Elf_Data *symd = elf_getdata(symtab, NULL);
	if (!reld || !symd)
		return -EIO;

	GElf_Sym s;
	memset(&s, 0, sizeof(s));
	if (!gelf_update_sym(symd, 0, &s))
		return -EIO;
	s.st_info = GELF_ST_INFO(STB_LOCAL, STT_SECTION);
	s.st_shndx = S_KEEP;
	if (!gelf_update_sym(symd, 1, &s))
		return -EIO;
	for (size_t i = 0; i < n; i++) {
		size_t symi = FIRST_GLOBAL + i;
		memset(&s, 0, sizeof(s));
		s.st_name = strtab_add(&b->str, names[i]);
		s.st_info = GELF_ST_INFO(STB_GLOBAL, STT_NOTYPE);
		s.st_shndx = SHN_UNDEF;
		if (!gelf_update_sym(symd, (int)symi, &s))
			return -EIO;
		/* gelf converts to ELF32_R_INFO for class 32 */
		GElf_Xword info = GELF_R_INFO(symi, a->abs_ptr_reloc);
		int ok;
		if (a->rela) {
			GElf_Rela r = { .r_offset = i * ptr, .r_info = info, .r_addend = 0 };
			ok = gelf_update_rela(reld, (int)i, &r) != 0;
		} else {
			GElf_Rel r = { .r_offset = i * ptr, .r_info = info };
			ok = gelf_update_rel(reld, (int)i, &r) != 0;
		}
		if (!ok)
			return -EIO;
	}

	if (!new_section(e, n_strtab, SHT_STRTAB, 0, 1, 0, 0, 0, b->str.buf, b->str.len,
			 ELF_T_BYTE) ||
	    !new_section(e, n_shstrtab, SHT_STRTAB, 0, 1, 0, 0, 0, b->shstr.buf, b->shstr.len,
			 ELF_T_BYTE))
		return -EIO;
	return elf_update(e, ELF_C_WRITE) < 0 ? -EIO : 0;
}

int retain_write(const char *path, const struct arch *a, const char *const *names, size_t n)
{
	if (!a || (a->elfclass != ELFCLASS32 && a->elfclass != ELFCLASS64) ||
	    (a->elfdata != ELFDATA2LSB && a->elfdata != ELFDATA2MSB) || (n && !names))
		return -EINVAL;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EIO;

	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	Elf *e = elf_begin(fd, ELF_C_WRITE, NULL);
	struct bufs b;
	memset(&b, 0, sizeof(b));
	int ret = e ? build(e, a, names, n, &b) : -EIO;
	elf_end(e);
	bufs_free(&b);
	if (close(fd) && !ret)
		ret = -errno;
	if (ret)
		unlink(path);
	return ret;
}
