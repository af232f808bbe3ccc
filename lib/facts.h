/*
 * facts.h - what the scanners saw, input by input.  Facts, not decisions.
 *
 * A unit is one object the linker may read: a loose file or one archive
 * member.  Its syms array lists every global or weak symbol the unit
 * defines and every symbol it references, each with where the evidence came
 * from (the regular ELF symbol table and relocations, "code", or an LTO IR
 * symbol table, "ir").  A symbol both defined and referenced in a unit
 * appears twice.  The policy module alone turns facts into decisions.
 *
 * Memory: a unit owns its strings through its arena (unit_strdup); they
 * live until unit_release().  Scanners fill one unit each and may run on
 * different threads: they must touch nothing but their own unit.
 */
#ifndef LTO_SAFE_FACTS_H
#define LTO_SAFE_FACTS_H

#include <stddef.h>
#include <stdint.h>
#include "asmrefs.h"
#include "strmap.h"

/* What a file (or archive member) is, from its first bytes. */
enum file_kind {
	FK_MISSING,      /* does not exist */
	FK_UNREADABLE,   /* exists, cannot be opened or mapped */
	FK_DIR,          /* a directory */
	FK_ELF_REL,      /* ET_REL: an object */
	FK_ELF_DYN,      /* ET_DYN: a shared object (recognised, not scanned) */
	FK_ELF_OTHER,    /* any other ELF file */
	FK_ARCHIVE,      /* "!<arch>\n" */
	FK_THIN_ARCHIVE, /* "!<thin>\n" */
	FK_BITCODE,      /* LLVM bitcode, raw or in the 0x0B17C0DE wrapper */
	FK_SCRIPT,       /* text: a linker script */
	FK_UNKNOWN,      /* anything else */
};

const char *file_kind_name(enum file_kind k);

/* How a unit takes part in LTO. */
enum lto_kind {
	LTO_NONE = 0,    /* regular code only */
	LTO_GCC_SLIM,    /* GCC IR only (__gnu_lto_slim) */
	LTO_GCC_FAT,     /* GCC IR and regular code (-ffat-lto-objects) */
	LTO_LLVM,        /* LLVM bitcode (standalone, or embedded .llvmbc) */
};

const char *lto_kind_name(enum lto_kind k);

enum sym_role { SYM_DEF = 1, SYM_UNDEF = 2 };
enum sym_source { SRC_CODE = 1, SRC_IR = 2 };
enum sym_type { SYMT_NOTYPE = 0, SYMT_FUNC, SYMT_DATA, SYMT_TLS, SYMT_OTHER };

/* How a symbol is referenced (bit mask, meaningful for SYM_UNDEF entries
 * and for references to symbols the unit defines itself). */
enum ref_how {
	REF_PLAIN = 1 << 0,      /* listed as undefined, no relocation seen */
	REF_CALL = 1 << 1,       /* call or jump relocation in code */
	REF_ADDR = 1 << 2,       /* address taken in code (non-call relocation) */
	REF_DATA = 1 << 3,       /* pointer in a data section */
	REF_ASM = 1 << 4,        /* named by assembly text */
	REF_START_STOP = 1 << 5, /* __start_SEC / __stop_SEC */
	/* with REF_ASM: the local name of a top-level ".symver NAME, N@V" whose
	 * N@V the unit's IR symbol table defines too (GCC's symver attribute
	 * made the same binding): a use LTO sees; where names N@V */
	REF_ASM_LTO_SEES = 1 << 6,
};
/* On a SYM_DEF entry, how = REF_ASM means the name is defined by top-level
 * asm text of the IR (a label or .set declared .globl / .weak), which the
 * IR symbol table, and so an archive index written from it, may not list. */

struct sym {
	const char *name;
	const char *section; /* defining section (code defs; IR defs when known), or NULL */
	const char *where;   /* REF_ASM: which assembly text ("top-level asm", a function), or NULL */
	uint8_t role;        /* enum sym_role */
	uint8_t source;      /* enum sym_source */
	uint8_t type;        /* enum sym_type */
	uint8_t bind;        /* STB_LOCAL, STB_GLOBAL, STB_WEAK */
	uint8_t vis;         /* STV_* */
	uint8_t common;      /* 1 for a common symbol (a definition) */
	uint8_t vague;       /* IR definitions: of vague linkage (in a comdat group:
			      * C++ inline functions, template instances, vtables,
			      * typeinfo), which LTO may leave out of a shared
			      * library's exports, every user having its own copy */
	uint16_t how;        /* enum ref_how mask; 0 for pure definitions */
};

struct arena_chunk;

struct unit {
	const char *path;    /* file on disk (for thin members: the member's own file) */
	const char *member;  /* archive member name, or NULL for a loose file */
	size_t ar_header;    /* members: where the member's header is in the archive
			      * (the offset its symbol index names it by) */
	size_t input;        /* index of the input (link order) it belongs to */
	enum file_kind kind; /* FK_ELF_REL, FK_BITCODE, ... */
	enum lto_kind lto;
	uint16_t machine;    /* e_machine, 0 if unknown */
	uint8_t elfclass;    /* ELFCLASS32/64, 0 if unknown */
	uint8_t elfdata;     /* ELFDATA2LSB/MSB, 0 if unknown */
	uint32_t eflags;     /* e_flags of an ELF file (float ABI, ABI version ...) */
	int full;            /* symbols were scanned (not only classified) */
	int asm_symver;      /* GCC IR whose top-level asm binds symbol versions (.symver) */
	int thin_link_bitcode; /* LLVM bitcode minimized for a ThinLTO thin link: no
				* function bodies, no asm text (llvmbc.h) */
	char *error;         /* why the unit could not be understood, or NULL */

	struct sym *syms;
	size_t nsyms, asyms;

	/* sections the IR places some definition in without saying which
	 * (GCC symbol nodes that could not be tied to a name): any IR
	 * definition of the unit without a known section may be in them */
	const char **loose_sections;
	size_t nloose, aloose;

	struct arena_chunk *arena;
};

void unit_init(struct unit *u, const char *path, const char *member, size_t input);
void unit_release(struct unit *u);
/* copy a string into the unit's arena */
const char *unit_strdup(struct unit *u, const char *s);
const char *unit_strndup(struct unit *u, const char *s, size_t n);
/* append a symbol (name and section are copied) and return it */
struct sym *unit_add_sym(struct unit *u, const char *name, const char *section,
			 enum sym_role role, enum sym_source source);
/* give back the unused tail of u->syms once the unit is scanned */
void unit_shrink(struct unit *u);
/* set u->error (printf-style) unless already set */
void unit_fail(struct unit *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* a SYM_UNDEF, SRC_IR, REF_ASM entry for name used by the asm text `where`
 * (kept as given: a string that lives as long as the unit), unless seen already
 * holds the name; seen's keys are the unit's own copies */
struct strmap;
void unit_add_asm_ref(struct unit *u, struct strmap *seen, const char *name, const char *where);
/*
 * The global definitions of a unit's top-level asm, gathered over all its
 * asm texts (asmrefs.h): asm_defs_note() takes each ASM_DEFINED, ASM_GLOBAL
 * and ASM_WEAK name; asm_defs_finish() adds a SYM_DEF, SRC_IR entry with
 * how = REF_ASM for every name both defined and declared, unless the
 * unit's IR symbol table lists it, and frees the maps.
 */
struct asm_defs {
	struct strmap defined;  /* name (unit copy) -> 1 */
	struct strmap declared; /* name (unit copy) -> STB_GLOBAL / STB_WEAK */
};
#define ASM_DEFS_INIT { STRMAP_INIT, STRMAP_INIT }
void asm_defs_note(struct unit *u, struct asm_defs *d, const char *name, enum asm_name what);
void asm_defs_finish(struct unit *u, struct asm_defs *d);
/* record a loose section (copied, once per name) */
void unit_add_loose_section(struct unit *u, const char *name);
/* 1 for __start_SEC / __stop_SEC with a non-empty SEC */
int is_start_stop_name(const char *name);
/* "path" or "archive(member)" into a new string */
char *unit_describe(const struct unit *u);

#endif
