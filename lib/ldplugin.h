/*
 * ldplugin.h - GNU ld run directly on GCC LTO IR, without GCC's plugin.
 *
 * Some builds run the linker themselves on objects compiled with -flto
 * (criu, grub2, xen, pmdk; uftrace's arch object).  gcc's collect2 would
 * have given ld the LTO plugin of the GCC that wrote the IR, that GCC's
 * lto-wrapper, a resolution file for the plugin to write, and
 * COLLECT_GCC / COLLECT_GCC_OPTIONS for lto-wrapper; ld alone says
 * "plugin needed to handle lto object" and leaves every slim object out
 * (-plugin alone fails on each of the others in turn).  ldplugin_add()
 * gives the command those, for a FLAVOR_LD command that loads no plugin of
 * its own (ldplugin_may_apply()), when ldplugin_needed() says so:
 *  - a link other than -r with a GCC slim unit (loose or in an archive).
 *    A link whose GCC IR is all fat links that machine code without LTO,
 *    as it always did: it is left alone;
 *  - ld -r with GCC IR (slim or fat) and a loose object without it
 *    (the plugin would not claim it).  Plain ld -r puts both in one object
 *    whose machine code a later LTO link loses, since the plugin claims
 *    the whole object; through the plugin, as with gcc -r -flto, GCC
 *    compiles the IR into that object (-flinker-output=nolto-rel, with
 *    the plugin's warning).  ld -r of IR alone stays IR, which later links
 *    read as they read gcc -r -flto's output: left alone.
 * The set may be at classification depth (scan.h); set->in must be set.
 *
 * Which GCC: every GCC IR unit's LTO stream major version (the first two
 * bytes of each ".gnu.lto_.lto.*" section, in the object's byte order;
 * GCC 10 wrote 9, later ones their own major); an object made by ld -r
 * may hold several units.  All must agree: lto1 reads only its own
 * version.  The driver is the first of PREFIXgcc-MAJOR and PREFIXgcc on
 * PATH (lto-safe wrappers skipped; PREFIX from the linker's name,
 * "aarch64-linux-gnu-" for aarch64-linux-gnu-ld.bfd) whose -dumpversion
 * has that major and whose answer to "-flto -Wl,MARK -###" names a
 * -plugin and an lto-wrapper; both answers are cached together (cache.h,
 * kind "ldplugin", keyed as driver_query_key() keys the -### query), a
 * driver without them too.
 *
 * What is added: "-plugin PLUGIN -plugin-opt=LTO-WRAPPER
 * -plugin-opt=-fresolution=TMPDIR/ld.res" after cmd->argv's tool (each
 * cmd->inputs[].argi behind them moves up; the temporary directory is
 * created, tmpdir.h), and COLLECT_GCC=DRIVER, COLLECT_GCC_OPTIONS='-flto'
 * in this process's environment, which the linker, its plugin and
 * lto-wrapper inherit (measured: the same program, byte for byte, as
 * gcc -flto gives for the same ld command).  No -pass-through library:
 * collect2 passes the libraries it adds itself, which a direct command
 * does not have; ld.bfd 2.40 searches the command's own archives again
 * after the plugin adds its objects, and gold and mold need none.
 *
 * When it cannot be done (IR of two GCC versions, a unit whose version
 * cannot be read, no such GCC with a plugin on PATH, a linker that loads
 * no GCC plugin: lld) it prints one error line that names the inputs and
 * how to link through the compiler driver, and the plain command runs (a
 * link that needs none of the IR still works); in strict mode it returns
 * -1.
 *
 * Returns LDPLUGIN_NONE (nothing to do), LDPLUGIN_ADDED, LDPLUGIN_PLAIN
 * (run the plain command: it cannot be done) or -1.  Notes in verbose mode
 * say what was added and why.
 */
#ifndef LTO_SAFE_LDPLUGIN_H
#define LTO_SAFE_LDPLUGIN_H

#include <stddef.h>
#include "cmdline.h"

struct scan_set;

enum { LDPLUGIN_NONE = 0, LDPLUGIN_ADDED = 1, LDPLUGIN_PLAIN = 2 };

/* GNU ld syntax and no -plugin of the command's own */
static inline int ldplugin_may_apply(const struct cmd *cmd)
{
	return cmd->flavor == FLAVOR_LD && !cmd->lto;
}

int ldplugin_needed(const struct cmd *cmd, const struct scan_set *set);
int ldplugin_add(struct cmd *cmd, const struct scan_set *set);

/*
 * The pieces, exposed for tests.  ldplugin_majors(): bit N set for each
 * unit of LTO stream major N (0 < N < 32, in the stream's byte order:
 * gcclto_version()) in the ELF object data[0..size);
 * 0 when there is none or the object cannot be read (never reads outside
 * data).  ldplugin_prefix(): the target prefix in a linker's file name, ""
 * for none (malloc'd).  ldplugin_parse_answer(): text is the driver's
 * -dumpversion line, then its -### answer (or that answer's job line);
 * fills *g (its strings malloc'd, driver left NULL) and returns 0, or
 * -EIO when a version, a -plugin or an lto-wrapper is missing.
 */
struct ldplugin_gcc {
	int major;     /* of the driver's version */
	char *driver;  /* as found on PATH: COLLECT_GCC */
	char *plugin;  /* liblto_plugin.so */
	char *wrapper; /* lto-wrapper */
};

unsigned ldplugin_majors(const unsigned char *data, size_t size);
char *ldplugin_prefix(const char *linker);
int ldplugin_parse_answer(const char *text, struct ldplugin_gcc *g);
void ldplugin_gcc_release(struct ldplugin_gcc *g);

#endif
