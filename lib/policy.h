/*
 * policy.h - turning facts into the set of symbols to keep, with reasons.
 *
 * policy_decide() reads the units of a fully scanned link (scan.h), the
 * inputs they came from (for archive, --whole-archive and group
 * structure) and the user's rules, and decides:
 *
 *  1. which units the plain link loads: loose objects always; archive
 *     members when they define a symbol still undefined at that point, as
 *     GNU linkers select them (repeating a group until nothing changes;
 *     all members under --whole-archive).  Weak references pull nothing;
 *     names used by asm text do, as they would without LTO (and as the -u
 *     flag lto-safe adds for them makes sure).  A member loaded only for
 *     names its archive's symbol index does not list (loaded[i] is then
 *     LOADED_OFF_INDEX) is one the linker would never load: names its
 *     top-level asm alone defines (no index written from the IR lists
 *     them), and every name of a GCC IR or bitcode member whose archive
 *     was indexed by a tool that cannot read the IR (rustc's rlibs,
 *     llvm-ar on GCC IR, ar without the LTO plugin).  The index is read
 *     (archive.h) for such members only; where it cannot be (none at all,
 *     a BSD one), names defined by top-level asm count as absent and the
 *     others as present.  Each such member is also in ks->given, with the
 *     first name it is loaded for and why (KEEP_MEMBER_ASM_DEF or
 *     KEEP_MEMBER_UNINDEXED); `other` names another member of the same
 *     archive that defines that name too, or is SIZE_MAX.
 *  2. what to keep, each with one reason and the unit of the evidence:
 *     - KEEP_REGISTRATION: global/weak definitions in a section whose name
 *       is a C identifier and which some loaded unit reaches through
 *       __start_SEC / __stop_SEC (the section of an IR definition when the
 *       IR says it; every IR definition of a unit without a known section
 *       when the unit names SEC as a loose section: conservative, and the
 *       detail says so);
 *     - KEEP_ASM_REF: a name that assembly text in a loaded unit uses
 *       (REF_ASM: top-level or inline asm read from the IR), or that the
 *       code half of a fat GCC LTO object references but its IR symbol
 *       table does not list (a use LTO cannot see);
 *     - KEEP_LATE_REF: any name that a regular object references which
 *       the linker loads only after the LTO step: loaded in the plain link
 *       but not in the linker's view before LTO, where an object the LTO
 *       plugin claims shows its IR symbol table alone (an archive member
 *       that only asm text, or another such member, needs);
 *     these only when defined in a loaded unit that takes part in LTO.
 *     A function whose address a loaded unit takes otherwise (in IR, the
 *     code half of a fat object, a regular object loaded before LTO: the
 *     linker reports its references to the plugin) is a use LTO sees: it
 *     is not kept, and is listed in ks->seen as KEEP_ADDR_TAKEN;
 *     - KEEP_USER_RULE: any global/weak definition, in any unit (an archive
 *       member included: a rule may pull it in), that a keep rule matches;
 *     - KEEP_LINK_COMMAND: added by policy_link_uses() for names the link
 *       command itself uses (linkuse.h);
 *     - KEEP_REPAIR: added by policy_repair() after a failed link.
 *  Exclude rules remove a symbol whatever its reason.  A symbol that no
 *  unit defines is never kept.  The set is sorted by name, one entry per
 *  symbol (the first reason in the order above wins).
 *
 * The keep_set owns its entries and detail strings; names point into the
 * units, which must outlive it.  keep_set_release() frees it.
 */
#ifndef LTO_SAFE_POLICY_H
#define LTO_SAFE_POLICY_H

#include <stddef.h>
#include "resolve.h"
#include "rules.h"
#include "scan.h"

enum keep_reason {
	KEEP_REGISTRATION,
	KEEP_ASM_REF,
	KEEP_ADDR_TAKEN,  /* only in keep_set.seen: a use LTO sees */
	KEEP_LATE_REF,
	KEEP_USER_RULE,
	KEEP_LINK_COMMAND,
	KEEP_REPAIR,
	KEEP_VAGUE_LINKAGE, /* only in keep_set.seen, after the link: LTO left a
			     * definition of vague linkage out of the exports
			     * (verify_exports(), verify.h) */
	KEEP_MEMBER_ASM_DEF,   /* only in keep_set.given: the member is loaded for
				* a name its top-level asm defines */
	KEEP_MEMBER_UNINDEXED, /* only in keep_set.given: for a name its IR
				* defines and the archive's index lacks */
	KEEP_UNIT_NATIVE,      /* only in keep_set.given: the unit that defines a
				* --wrap name goes to the linker as machine code
				* (native.h; name the wrapped symbol) */
};

const char *keep_reason_name(enum keep_reason r);

struct keep {
	const char *name;
	enum keep_reason reason;
	size_t def_unit;      /* unit that defines it */
	size_t evidence_unit; /* unit where the evidence was found (or def_unit) */
	enum sym_type type;   /* of the definition */
	char *detail;         /* one line of explanation */
};

struct keep_set {
	struct keep *v;
	size_t nr, alloc;
	unsigned char *loaded; /* per unit: non-zero when the plain link loads it */
	size_t nunits;
	/* evidence seen and not kept, sorted by name: functions whose address
	 * is taken where LTO sees the use (reason KEEP_ADDR_TAKEN), versions
	 * the IR binds too (KEEP_ASM_REF), and after the link the exports LTO
	 * left out (KEEP_VAGUE_LINKAGE) */
	struct keep *seen;
	size_t nseen, aseen;
	/* archive members the link must be given as objects, in unit order
	 * (def_unit the member, evidence_unit another member of the archive
	 * that defines the name too, or SIZE_MAX) */
	struct keep *given;
	size_t ngiven, agiven;
};
/* loaded[i] for an archive member loaded only for names that its
 * archive's symbol index does not list: the linker would not load it, and
 * the link must be given the member another way */
#define LOADED_OFF_INDEX 2

#define KEEP_SET_INIT { 0 }

int policy_decide(const struct scan_set *set, const struct input_list *in,
		  const struct rules *rules, struct keep_set *out);
/* POLICY_RULES_ONLY: keep only what the user's rules ask (LTO_SAFE_SCAN=0) */
#define POLICY_RULES_ONLY 1u
/* POLICY_TOPLEVEL_ASM_SEEN: the link runs GCC's LTO step with
 * -flto-toplevel-asm-heuristics (GCC 16), which reads every name top-level
 * asm in GCC IR uses: such a name, defined by GCC IR that the linker loads
 * before that step, goes to seen instead of being kept */
#define POLICY_TOPLEVEL_ASM_SEEN 2u
int policy_decide_flags(const struct scan_set *set, const struct input_list *in,
			const struct rules *rules, unsigned flags, struct keep_set *out);
/*
 * policy_repair(): after a link failed, names[0..n) are the symbols its
 * diagnostics report undefined, as printed (lddiag.h).  Each that a unit
 * taking part in LTO defines as a global (matched exactly, or, for a
 * demangled C++ or Rust name, through the demangled names of the
 * definitions), that is not kept yet and not excluded, is added to ks as
 * KEEP_REPAIR; ks stays sorted.  Names no such unit defines are left alone.
 * Returns the number added.
 */
size_t policy_repair(const struct scan_set *set, const struct rules *rules, char *const *names,
		     size_t n, struct keep_set *ks);
/*
 * policy_link_uses(): after policy_decide(), adds KEEP_LINK_COMMAND for the
 * uses the link command makes (linkuse.h) that are not kept yet and not
 * excluded: a LU_NAME defined as a global by a unit taking part in LTO (the
 * loaded one, else the first in link order: the linker loads it for the
 * name), when its `needs` is unset or referenced by a loaded unit; for a
 * LU_SECTION, every global definition of a loaded LTO unit in a section
 * the pattern matches (and, as for registration, every IR definition
 * without a known section in a unit that names a matching section).  ks
 * stays sorted.  Returns the number added.
 */
struct link_uses;
size_t policy_link_uses(const struct scan_set *set, const struct rules *rules,
			const struct link_uses *uses, struct keep_set *ks);
void keep_set_release(struct keep_set *ks);
/* sort ks->seen by name again, after entries were added to it */
void keep_set_sort_seen(struct keep_set *ks);

#endif
