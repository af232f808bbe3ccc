/*
 * crosslist.h - the cross toolchains the unit tests drive when they are
 * installed (Debian's gcc-TRIPLET packages, scripts/deps.sh): one row per
 * architecture lto-safe has a table for besides the host, with the ELF
 * identity its objects carry.  A test skips a row whose TRIPLET-gcc is not
 * on PATH.
 */
#ifndef LTO_SAFE_CROSSLIST_H
#define LTO_SAFE_CROSSLIST_H

#include <elf.h>
#include <stdint.h>

struct cross {
	const char *triplet;   /* TRIPLET-gcc, TRIPLET-as, /usr/TRIPLET */
	uint16_t machine;
	uint8_t elfclass, elfdata;
};

static const struct cross crosses[] = {
	{ "aarch64-linux-gnu", EM_AARCH64, ELFCLASS64, ELFDATA2LSB },
	{ "riscv64-linux-gnu", EM_RISCV, ELFCLASS64, ELFDATA2LSB },
	{ "powerpc64le-linux-gnu", EM_PPC64, ELFCLASS64, ELFDATA2LSB },
	{ "s390x-linux-gnu", EM_S390, ELFCLASS64, ELFDATA2MSB },
	{ "arm-linux-gnueabihf", EM_ARM, ELFCLASS32, ELFDATA2LSB },
	{ "arm-linux-gnueabi", EM_ARM, ELFCLASS32, ELFDATA2LSB },
	{ "mips64el-linux-gnuabi64", EM_MIPS, ELFCLASS64, ELFDATA2LSB },
};
#define NCROSSES (sizeof(crosses) / sizeof(crosses[0]))

#endif
