/*
 * native.h - one unit of a link taken out of LTO: its machine code in the
 * place of its IR.
 *
 * The linker redirects only undefined references for --wrap=SYM.  Under
 * GCC LTO (with any linker) and LLVM LTO with ld.bfd or gold, a SYM that
 * IR defines and another LTO unit calls is bound inside LTO, and the wrap
 * is silently skipped.  Given the defining unit as machine code, the calls
 * from the other units are undefined references again, and the wrap
 * applies; every other unit stays in LTO.
 *
 * native_hide_ir() turns a copy of a fat GCC object, data[0..size), into
 * its code half: every section named ".gnu.lto_*" is renamed ".gnu.xto_*"
 * in place (the same length, in the section-name string table), so that
 * the LTO plugin, which claims an object by those names, leaves it to the
 * linker; GCC marks those sections SHF_EXCLUDE, so no byte of them reaches
 * the output.  It honours the object's class and byte order (libelf) and
 * reads nothing outside data.  Returns the number of sections renamed, or
 * -EINVAL when data is not an ELF object with section names.
 *
 * native_compile_argv() sets out to the command that compiles the IR in
 * the file `in` alone into a relocatable object `obj`, with the link
 * command's options that are not about linking (cmd_compile_argv()'s; the
 * -flto options left out): for GCC IR, the link's gcc driver with "-r
 * -flinker-output=nolto-rel" (GCC's own LTO, run on one unit, writing
 * machine code); for LLVM bitcode, the link's clang driver with "-fno-lto
 * -x ir -c".  Returns 0, or -ENOTSUP when the link's driver cannot do it
 * (GCC IR and a driver that is not gcc, bitcode and one that is not clang,
 * and GNU ld syntax, which has no driver).
 */
#ifndef LTO_SAFE_NATIVE_H
#define LTO_SAFE_NATIVE_H

#include <stddef.h>
#include "cmdline.h"
#include "facts.h"
#include "strvec.h"

int native_hide_ir(unsigned char *data, size_t size);
int native_compile_argv(const struct cmd *cmd, enum lto_kind lto, const char *in, const char *obj,
			struct strvec *out);

#endif
