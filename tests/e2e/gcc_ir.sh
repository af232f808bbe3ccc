#!/bin/sh
# End-to-end: slim GCC LTO objects (GIMPLE IR only) through lto-safe-cc with
# no keep rule.  Each case is a program that the plain LTO link breaks (a
# symbol used only from asm text or reached only through a section); for
# each linker it checks
#   (a) the plain link fails with an undefined reference, or the program it
#       makes prints the wrong thing (else the case proves nothing),
#   (b) the link through lto-safe works and the program prints the right thing,
#   (c) the JSON report keeps exactly the expected symbols,
#   (d) what nothing uses (unused_fn) is still removed.
# Then: a big program with nothing to keep, damaged inputs (one warning and
# the plain link's result) and an aarch64 cross link under qemu.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
x86_64_only "x86-64 asm cases" || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1

. "$ROOT/tests/e2e/lib_ir.sh"

LDS="bfd gold"
W1="tramp(14) = 43"
W3="inl_target(9) = 65"

# 1. A top-level asm trampoline; its target is in another unit.
in_dir ir1
if compile "ir1 asm trampoline" gcc -O2 -flto "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c"; then
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir1 asm trampoline ($ld)" "ld.$ld missing"; continue; }
		ir_case "ir1 asm trampoline" $ld "$W1" target_impl gcc -O2 -flto ir_tramp_main.o ir_tramp_impl.o
	done
fi

# 2. The same, with the target in the unit of the asm.
in_dir ir2
if compile "ir2 asm trampoline, same unit" gcc -O2 -flto "$S/ir_same_tramp.c" "$S/ir_same_main.c"; then
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir2 asm trampoline, same unit ($ld)" "ld.$ld missing"; continue; }
		ir_case "ir2 asm trampoline, same unit" $ld "$W1" target_impl gcc -O2 -flto ir_same_tramp.o ir_same_main.o
	done
fi

# 3. Inline asm in a function body calls a function of another unit.
in_dir ir3
if compile "ir3 inline asm call" gcc -O2 -flto "$S/ir_inl_main.c" "$S/ir_inl_impl.c"; then
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir3 inline asm call ($ld)" "ld.$ld missing"; continue; }
		ir_case "ir3 inline asm call" $ld "$W3" inl_target gcc -O2 -flto ir_inl_main.o ir_inl_impl.o
	done
fi

# 4. A registration table walked through __start_regtab/__stop_regtab: the
# plain link keeps only the static "used" entry (1 of 4).  Kept: the global
# entries, not their static functions, not the static used entry (the
# compiler keeps it), not a global outside the section.
in_dir ir4
if compile "ir4 registration table" gcc -O2 -flto "$S/ir_reg_entries.c" "$S/ir_reg_main.c"; then
	ABSENT="unused_fn reg_not_in_table"
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir4 registration table ($ld)" "ld.$ld missing"; continue; }
		ir_case "ir4 registration table" $ld "4 entries, sum 15" "reg_alpha reg_beta reg_gamma" \
			gcc -O2 -flto ir_reg_entries.o ir_reg_main.o
	done
	ABSENT=unused_fn
fi

# 5. Cases 1 and 3 with the target's unit as a member of a gcc-ar archive,
# regular and thin: only the asm text needs the member, so the plain link
# does not even load it.  The report names the archive and the member.
in_dir ir5
if compile "ir5 archives" gcc -O2 -flto "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c" "$S/ir_inl_main.c" "$S/ir_inl_impl.c"; then
	gcc-ar rcs libirtramp.a ir_tramp_impl.o && gcc-ar rcsT libirtrampthin.a ir_tramp_impl.o &&
		gcc-ar rcs libirinl.a ir_inl_impl.o && gcc-ar rcsT libirinlthin.a ir_inl_impl.o ||
		fail "ir5 archives: gcc-ar"
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir5 archives ($ld)" "ld.$ld missing"; continue; }
		for a in libirtramp libirtrampthin; do
			ir_case "ir5 asm trampoline, $a.a" $ld "$W1" target_impl gcc -O2 -flto ir_tramp_main.o $a.a
			check_member "ir5 asm trampoline, $a.a" $ld target_impl $a.a ir_tramp_impl.o
		done
		for a in libirinl libirinlthin; do
			ir_case "ir5 inline asm call, $a.a" $ld "$W3" inl_target gcc -O2 -flto ir_inl_main.o $a.a
			check_member "ir5 inline asm call, $a.a" $ld inl_target $a.a ir_inl_impl.o
		done
	done
fi

# 6. Case 1 with fat objects.
in_dir ir6
if compile "ir6 fat objects" gcc -O2 -flto -ffat-lto-objects "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c"; then
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir6 fat objects ($ld)" "ld.$ld missing"; continue; }
		ir_case "ir6 fat objects" $ld "$W1" target_impl gcc -O2 -flto ir_tramp_main.o ir_tramp_impl.o
	done
fi

# 7. Partitioning: trampolines to target_impl and to a GLOBAL helper, while
# another unit has a static helper that ordinary C code calls (GCC promotes
# it to helper.lto_priv.N).  Kept: the global helper, once.
W7="tramp(14) = 43
global helper(5) = 1005
static helper(5) = 36"
for p in one balanced 1to1 max; do
	in_dir ir7-$p
	compile "ir7 -flto-partition=$p" gcc -O2 -flto -flto-partition=$p \
		"$S/ir_part_main.c" "$S/ir_part_impl.c" "$S/ir_part_local.c" || continue
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir7 -flto-partition=$p ($ld)" "ld.$ld missing"; continue; }
		ir_case "ir7 -flto-partition=$p" $ld "$W7" "target_impl helper" \
			gcc -O2 -flto -flto-partition=$p ir_part_main.o ir_part_impl.o ir_part_local.o
	done
done

# 8. Case 1 in a shared library built with -fvisibility=hidden; a program
# calls the trampoline.  The plain library link already fails.
in_dir ir8
if compile "ir8 shared library" gcc -O2 -flto -fPIC -fvisibility=hidden "$S/ir_so_tramp.c" "$S/ir_tramp_impl.c" &&
	compile "ir8 shared library" gcc -O2 "$S/ir_so_prog.c"; then
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir8 shared library ($ld)" "ld.$ld missing"; continue; }
		n="ir8 shared library"
		SO="gcc -O2 -flto -fPIC -fvisibility=hidden -shared -fuse-ld=$ld ir_so_tramp.o ir_tramp_impl.o -o libirso.so"
		rm -f libirso.so plain.out
		# (a)
		if $SO >plain.err 2>&1 && gcc -fuse-ld=$ld ir_so_prog.o -L. -lirso -o plain.out >>plain.err 2>&1 &&
			[ "$(LD_LIBRARY_PATH=. run plain.out)" = "$W1" ]; then
			fail "$n: plain link breaks it ($ld)" "plain link worked: test proves nothing"
		elif [ -f plain.out ] || grep -q "undefined reference" plain.err; then
			pass "$n: plain link breaks it ($ld)"
		else
			fail "$n: plain link breaks it ($ld)" "the plain link failed, but not for an undefined reference:
$(cat plain.err)"
		fi
		# (b)
		rm -f libirso.so safe.out report.json
		if LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" $SO >safe.err 2>&1; then
			if gcc -fuse-ld=$ld ir_so_prog.o -L. -lirso -o safe.out >safe.err 2>&1; then
				got=$(LD_LIBRARY_PATH=. run safe.out)
				if [ "$got" = "$W1" ]; then
					pass "$n: through lto-safe, right output ($ld)"
				else
					fail "$n: through lto-safe, right output ($ld)" "got: $got"
				fi
			else
				fail "$n: through lto-safe, right output ($ld)" "the program does not link with the library:
$(cat safe.err)"
			fi
		else
			fail "$n: through lto-safe, right output ($ld)" "the library link failed:
$(cat safe.err)"
		fi
		check_report "$n" $ld report.json target_impl
		check_absent "$n" $ld libirso.so
	done
fi

# 9. C++: the asm jumps to app::detail::target(int) by its mangled name.
in_dir ir9
if command -v g++ >/dev/null 2>&1; then
	if compile "ir9 C++ mangled target" g++ -O2 -flto "$S/ir_cxx_main.cc" "$S/ir_cxx_impl.cc"; then
		for ld in $LDS; do
			have_ld g++ $ld || { skip "ir9 C++ mangled target ($ld)" "ld.$ld missing"; continue; }
			ir_case "ir9 C++ mangled target" $ld "app::detail::target(14) = 67" _ZN3app6detail6targetEi \
				g++ -O2 -flto ir_cxx_main.o ir_cxx_impl.o
		done
	fi
else
	skip "ir9 C++ mangled target" "g++ missing"
fi

# 10. 300 functions calling each other, no asm, nothing reached through a
# section: the plain link works, so does lto-safe's, and it keeps nothing.
in_dir ir10
sh "$S/ir_gen.sh"
if compile "ir10 300 functions" gcc -O2 -flto ir_gen.c ir_gen_main.c; then
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir10 300 functions ($ld)" "ld.$ld missing"; continue; }
		n="ir10 300 functions, nothing to keep"
		rm -f plain.out safe.out report.json
		if ! gcc -O2 -flto -fuse-ld=$ld ir_gen.o ir_gen_main.o -o plain.out >plain.err 2>&1; then
			fail "$n: plain link ($ld)" "$(cat plain.err)"
			continue
		fi
		want=$(run plain.out)
		if LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" gcc -O2 -flto -fuse-ld=$ld ir_gen.o ir_gen_main.o -o safe.out >safe.err 2>&1 &&
			[ "$(run safe.out)" = "$want" ]; then
			pass "$n: through lto-safe, same output as plain ($ld)"
		else
			fail "$n: through lto-safe, same output as plain ($ld)" "want $want:
$(cat safe.err)"
		fi
		# the report is written, empty, and nothing went wrong
		if grep -q '^lto-safe: warning:' safe.err; then
			fail "$n: no warning ($ld)" "$(cat safe.err)"
		else
			check_report "$n" $ld report.json
		fi
	done
fi

# 11. Damaged inputs: one "lto-safe: warning:" line, then the plain link's
# status and (when it links) output.  ir_bad_lib.c has top-level asm (a
# .gnu.lto_.asm section) and a function with inline asm, self-contained.
# secname OBJ REGEX: the first section whose name matches REGEX
secname() { readelf -SW "$1" | sed -n "s/^ *\[ *[0-9]*\] \($2[^ ]*\) .*/\1/p" | head -1; }
in_dir ir11
DCC="gcc -O2 -flto"
if ! command -v objcopy >/dev/null 2>&1 || ! command -v readelf >/dev/null 2>&1; then
	skip "ir11 damaged inputs" "objcopy or readelf missing"
elif compile "ir11 damaged inputs" gcc -O2 -flto "$S/ir_bad_lib.c" "$S/ir_bad_main.c"; then
	if [ "$(gcc -O2 -flto ir_bad_lib.o ir_bad_main.o -o good 2>&1 && run good)" != "7 18" ]; then
		fail "ir11 damaged inputs: the undamaged program works"
	fi
	A=$(secname ir_bad_lib.o '\.gnu\.lto_\.asm\.')
	L=$(secname ir_bad_lib.o '\.gnu\.lto_\.lto\.')
	F=$(secname ir_bad_lib.o '\.gnu\.lto_bad_work\.')
	if [ -z "$A" ] || [ -z "$L" ] || [ -z "$F" ] ||
		! objcopy --dump-section "$A=asm.bin" --dump-section "$L=lto.bin" --dump-section "$F=fn.bin" ir_bad_lib.o; then
		fail "ir11 damaged inputs: sections" "$(readelf -SW ir_bad_lib.o)"
	else
		# the asm section cut to its first half
		n=$(wc -c <asm.bin)
		head -c $((n / 2)) asm.bin >asm-half.bin
		if objcopy --update-section "$A=asm-half.bin" ir_bad_lib.o truncated.o; then
			damaged "ir11 truncated .gnu.lto_.asm section" truncated.o
		else
			fail "ir11 truncated .gnu.lto_.asm section: objcopy"
		fi
		# the zstd frame header of bad_work's body damaged (bytes 5-12 set to 0xff)
		n=$(wc -c <fn.bin)
		{
			head -c 4 fn.bin
			printf '\377\377\377\377\377\377\377\377'
			tail -c +13 fn.bin
		} >fn-bad.bin
		if [ "$(wc -c <fn-bad.bin)" = "$n" ] && objcopy --update-section "$F=fn-bad.bin" ir_bad_lib.o corrupt.o; then
			damaged "ir11 corrupt function section" corrupt.o
		else
			fail "ir11 corrupt function section: objcopy"
		fi
		# valid compression around a body whose stream sizes are wrong
		# (the first header word, the main stream's size, set to 0x7f7f7f7f)
		if command -v zstd >/dev/null 2>&1 && zstd -q -d -c fn.bin >fn-raw.bin; then
			{
				printf '\177\177\177\177'
				tail -c +5 fn-raw.bin
			} | zstd -q -c >fn-sizes.bin
			if objcopy --update-section "$F=fn-sizes.bin" ir_bad_lib.o sizes.o; then
				damaged "ir11 function section with wrong stream sizes" sizes.o
			else
				fail "ir11 function section with wrong stream sizes: objcopy"
			fi
		else
			skip "ir11 function section with wrong stream sizes" "zstd missing"
		fi
		# LTO major version 99 (int16, little-endian) in .gnu.lto_.lto
		{
			printf '\143\000'
			tail -c +3 lto.bin
		} >lto99.bin
		if objcopy --update-section "$L=lto99.bin" ir_bad_lib.o v99.o; then
			damaged "ir11 LTO major version 99" v99.o
		else
			fail "ir11 LTO major version 99: objcopy"
		fi
		# a decompression bomb: 1 GiB of zeros, zstd-compressed
		if command -v zstd >/dev/null 2>&1; then
			head -c 1G /dev/zero | zstd -q -c >bomb.bin
			if objcopy --update-section "$A=bomb.bin" ir_bad_lib.o bomb.o; then
				rm -f bomb.bin
				damaged "ir11 zstd bomb in .gnu.lto_.asm" bomb.o
			else
				fail "ir11 zstd bomb in .gnu.lto_.asm: objcopy"
			fi
		else
			skip "ir11 zstd bomb in .gnu.lto_.asm" "zstd missing"
		fi
	fi
fi

# 12. Case 1 cross-compiled for aarch64, run under qemu.
in_dir ir12
X=aarch64-linux-gnu-gcc
if ! command -v $X >/dev/null 2>&1 || ! command -v qemu-aarch64 >/dev/null 2>&1 || [ ! -f /usr/aarch64-linux-gnu/include/stdio.h ]; then
	skip "ir12 aarch64 asm trampoline" "$X, qemu-aarch64 or the aarch64 C library headers (libc6-dev-arm64-cross) missing"
elif compile "ir12 aarch64 asm trampoline" $X -O2 -flto "$S/ir_a64_main.c" "$S/ir_tramp_impl.c"; then
	RUN="qemu-aarch64 -L /usr/aarch64-linux-gnu"
	command -v aarch64-linux-gnu-nm >/dev/null 2>&1 && NM=aarch64-linux-gnu-nm
	for ld in $LDS; do
		have_ld $X $ld || { skip "ir12 aarch64 asm trampoline ($ld)" "aarch64 ld.$ld missing"; continue; }
		ir_case "ir12 aarch64 asm trampoline" $ld "$W1" target_impl $X -O2 -flto ir_a64_main.o ir_tramp_impl.o
	done
	RUN=
	NM="nm"
fi

# 13. Symbol versions bound by .symver in top-level asm, in a shared
# library with a version script: the plain link fails (GCC LTO removes
# foo_v1 and foo_v2, then the assembler rejects foo@@VERS_2); through
# lto-safe both versions are exported and a program gets the default one.
in_dir ir13
if compile "ir13 .symver" gcc -O2 -flto -fPIC "$S/ir_symver_lib.c" && compile "ir13 .symver" gcc -O2 "$S/ir_symver_main.c"; then
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir13 .symver ($ld)" "ld.$ld missing"; continue; }
		n="ir13 .symver shared library"
		SO="gcc -O2 -flto -shared -fuse-ld=$ld -Wl,--version-script=$S/ir_symver.map ir_symver_lib.o -o libsv.so"
		rm -f libsv.so
		if $SO >plain.err 2>&1; then
			fail "$n: plain link breaks it ($ld)" "plain link worked: test proves nothing"
		else
			pass "$n: plain link breaks it ($ld)"
		fi
		rm -f libsv.so report.json
		if LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" $SO >safe.err 2>&1 &&
			gcc -fuse-ld=$ld ir_symver_main.o -L. -lsv -o prog >>safe.err 2>&1 &&
			[ "$(LD_LIBRARY_PATH=. run prog)" = "foo(1) = 3" ] &&
			[ "$(objdump -T libsv.so | grep -c ' foo$')" = 2 ]; then
			pass "$n: through lto-safe, both versions exported ($ld)"
		else
			fail "$n: through lto-safe, both versions exported ($ld)" "$(cat safe.err; objdump -T libsv.so 2>&1 | grep foo)"
		fi
		check_report "$n" $ld report.json foo_v1 foo_v2
		check_absent "$n" $ld libsv.so
	done
fi

# 14. .symver with the link split into partitions (forced small here, as
# large libraries such as libfuse 2.9 get by themselves): the plain link
# fails; lto-safe links with -flto-partition=one and says so, but leaves
# a partitioning the command chose alone.
in_dir ir14
if compile "ir14 .symver across partitions" gcc -O2 -flto -fPIC "$S/ir_symver_part.c"; then
	PARTS="--param=lto-min-partition=1 --param=lto-partitions=16"
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir14 .symver across partitions ($ld)" "ld.$ld missing"; continue; }
		n="ir14 .symver across partitions"
		SO="gcc -O2 -flto -shared -fuse-ld=$ld $PARTS -Wl,--version-script=$S/ir_symver_part.map ir_symver_part.o -o libsp.so"
		rm -f libsp.so
		if $SO >plain.err 2>&1; then
			fail "$n: plain link breaks it ($ld)" "plain link worked: test proves nothing"
		else
			pass "$n: plain link breaks it ($ld)"
		fi
		rm -f libsp.so
		if LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" $SO >safe.err 2>&1 &&
			[ "$(objdump -T libsp.so | grep -c ' foo$')" = 2 ] &&
			grep -q "^lto-safe: top-level asm in ir_symver_part.o binds symbol versions (.symver): adding -flto-partition=one" safe.err; then
			pass "$n: through lto-safe, one partition, both versions exported ($ld)"
		else
			fail "$n: through lto-safe, one partition, both versions exported ($ld)" "$(cat safe.err)"
		fi
	done
	LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" gcc -O2 -flto -shared -flto-partition=max ir_symver_part.o -o x.so >dry.out 2>&1
	if grep -q "^lto-safe: running: .*-flto-partition=max" dry.out && ! grep -q "partition=one" dry.out; then
		pass "ir14 .symver: a partitioning the command chose is left alone"
	else
		fail "ir14 .symver: a partitioning the command chose is left alone" "$(cat dry.out)"
	fi
fi

# 15. tramp is defined only by top-level asm in an archive member: GCC's LTO
# symbol table does not list it, nor does the index gcc-ar writes, so the
# plain link never loads the member ("undefined reference to tramp").
# lto-safe gives the member to the linker as an object (and keeps what its
# asm uses), for a regular archive of slim or fat objects and a thin one,
# with mold as well (it reads members' symbol tables, not the index).  A
# link that does not need tramp gets the plain command.
in_dir ir15
if compile "ir15 asm-defined name in an archive" gcc -O2 -flto "$S/ir_asmdef_tramp.c" "$S/ir_asmdef_main.c" "$S/ir_tramp_impl.c" &&
	gcc -O2 -flto -ffat-lto-objects -c "$S/ir_asmdef_tramp.c" -o fat_tramp.o &&
	gcc -O2 -flto -ffat-lto-objects -c "$S/ir_tramp_impl.c" -o fat_impl.o &&
	gcc-ar rcs libasmdef.a ir_asmdef_tramp.o ir_tramp_impl.o && gcc-ar rcsT libasmdefthin.a ir_asmdef_tramp.o ir_tramp_impl.o &&
	gcc-ar rcs libasmdeffat.a fat_tramp.o fat_impl.o; then
	for ld in $LDS mold; do
		have_ld gcc $ld || { skip "ir15 asm-defined name in an archive ($ld)" "ld.$ld missing"; continue; }
		for a in libasmdef libasmdefthin libasmdeffat; do
			n="ir15 asm-defined name in $a.a"
			ir_case "$n" $ld "$W1" target_impl gcc -O2 -flto ir_asmdef_main.o $a.a
			m=ir_tramp_impl.o
			[ $a = libasmdeffat ] && m=fat_impl.o
			check_member "$n" $ld target_impl $a.a $m
			rm -f safe.out
			if LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" gcc -fuse-ld=$ld -O2 -flto ir_asmdef_main.o -L. -l${a#lib} -o safe.out >safe.err 2>&1 &&
				[ "$(run safe.out)" = "$W1" ] &&
				grep -q "^lto-safe: .*$a.a(.*tramp.o) defines tramp in top-level asm, absent from the archive's index: giving the member to the linker as an object" safe.err; then
				pass "$n: -l form, and the verbose output says why ($ld)"
			else
				fail "$n: -l form, and the verbose output says why ($ld)" "$(cat safe.err)"
			fi
		done
	done
	# nothing needs tramp: the plain command, unchanged
	gcc -O2 -flto -c "$S/hello.c" "$S/helper.c"
	out=$(LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" gcc -O2 -flto hello.o helper.o libasmdef.a -o hello 2>&1)
	if printf '%s\n' "$out" | grep -qx "lto-safe: running: $(command -v gcc) -O2 -flto hello.o helper.o libasmdef.a -o hello" &&
		[ "$(./hello)" = "hello 42" ]; then
		pass "ir15 a link that does not need the asm-defined name: the plain command"
	else
		fail "ir15 a link that does not need the asm-defined name: the plain command" "$out"
	fi
fi


# 16. A regular archive member that only asm text needs is loaded after
# the LTO step: what it references in IR (cb by address, cb_called by a
# call) is gone by then.  Kept as late-reference.  mold 2.37 and 3.0 link
# it plainly, mold 1 does not (measured in the toolchain matrix).
in_dir ir16
if compile "ir16 late archive member" gcc -O2 -flto "$S/ir_late_main.c" && gcc -O2 -c "$S/ir_late_helper.c" &&
	ar rcs libhelper.a ir_late_helper.o; then
	for ld in $LDS mold; do
		have_ld gcc $ld || { skip "ir16 late archive member ($ld)" "ld.$ld missing"; continue; }
		PLAIN_WORKS=
		case $ld:$(mold --version 2>/dev/null) in
		mold:"mold 1."*) ;;
		mold:*) PLAIN_WORKS="$(mold --version | cut -d' ' -f1-2) links it plainly" ;;
		esac
		ABSENT=unused_fn
		ir_case "ir16 late archive member" $ld "tramp() = 142" "cb cb_called" gcc -O2 -flto ir_late_main.o libhelper.a
		if grep -q '"symbol":"cb","reason":"late-reference".*which the linker loads only after the LTO step' report.json; then
			pass "ir16 late archive member: reason late-reference ($ld)"
		else
			fail "ir16 late archive member: reason late-reference ($ld)" "$(cat report.json)"
		fi
	done
	# shellcheck disable=SC2034 # read by check_plain (lib_ir.sh)
	PLAIN_WORKS=
fi

# 17. Fat objects whose code takes the addresses of functions of another
# LTO unit: LTO sees those uses.  Plain LTO links it; through lto-safe
# nothing is kept, the program is byte-identical to plain LTO's, and the
# verbose output lists the uses as seen, not kept.
in_dir ir17
if compile "ir17 fat address-taken" gcc -O2 -flto -ffat-lto-objects "$S/ir_fat_cb.c" "$S/ir_fat_fns.c"; then
	for ld in $LDS mold; do
		have_ld gcc $ld || { skip "ir17 fat address-taken ($ld)" "ld.$ld missing"; continue; }
		n="ir17 fat address-taken, seen not kept"
		rm -f plain.out safe.out report.json
		gcc -fuse-ld=$ld -O2 -flto ir_fat_cb.o ir_fat_fns.o -o plain.out >plain.err 2>&1
		if LTO_SAFE_VERBOSE=1 LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" gcc -fuse-ld=$ld -O2 -flto ir_fat_cb.o ir_fat_fns.o \
			-o safe.out >safe.err 2>&1 && [ "$(run plain.out)" = "sum 3" ] && cmp -s plain.out safe.out &&
			grep -q "^lto-safe: nothing to keep" safe.err &&
			grep -q "^lto-safe:   one *address-taken .*LTO sees this use" safe.err &&
			grep -q '"seen":\[' report.json; then
			pass "$n: byte-identical to plain LTO ($ld)"
		else
			fail "$n: byte-identical to plain LTO ($ld)" "$(cat plain.err safe.err report.json)"
		fi
	done
fi

# 18. Text that only looks like asm: starts_with's name in an assert's
# message and a printf format in GCC IR is a string literal, not an asm
# statement, and LTO sees the calls.  A real asm statement in the same
# link names tgt.  The plain link loses tgt; through lto-safe only tgt is
# kept, for slim and fat objects, with gcc (GCC 12 here, each GCC in the
# toolchain matrix: GCC 11 to 16 are the stream versions whose asm
# statements lto-safe tells from literals) and GCC 11.
for cc in gcc gcc-11; do
	command -v $cc >/dev/null 2>&1 || { skip "ir18 literals are not asm ($cc)" "$cc missing"; continue; }
	for fat in -fno-fat-lto-objects -ffat-lto-objects; do
		n="ir18 literals are not asm ($cc $fat)"
		in_dir "ir18-$cc$fat"
		compile "$n" $cc -O2 -flto $fat "$S/ir_lit_check.c" "$S/ir_lit_lib.c" "$S/ir_lit_main.c" || continue
		for ld in $LDS; do
			have_ld $cc $ld || { skip "$n ($ld)" "ld.$ld missing"; continue; }
			ABSENT=unused_fn
			ir_case "$n" $ld "tgt
h == 0 || starts_with(t) = 1
call starts_with 0" tgt $cc -O2 -flto ir_lit_check.o ir_lit_lib.o ir_lit_main.o
		done
	done
done

# 19. Versions bound both by GCC's symver attribute and by .symver in
# top-level asm (elfutils' COMPAT_VERSION): the IR symbol table defines
# foo@VERS_1 and foo@@VERS_2, so LTO sees the binding and the plain link
# exports both.  Through lto-safe nothing is kept, the uses are listed as
# seen, no -flto-partition=one is added, and the library is byte-identical
# to the plain one (each linked as libsa.so in turn: gold writes the output's
# path into a shared library's .dynstr, its base version).  Case 13 is the
# asm-only form, which does need keeping.
in_dir ir19
if compile "ir19 .symver with the symver attribute" gcc -O2 -flto -fPIC "$S/ir_symver_attr.c"; then
	for ld in $LDS; do
		have_ld gcc $ld || { skip "ir19 .symver with the symver attribute ($ld)" "ld.$ld missing"; continue; }
		n="ir19 .symver with the symver attribute"
		rm -f libsa.so plain.so report.json
		SO="gcc -O2 -flto -shared -fuse-ld=$ld -Wl,--version-script=$S/ir_symver.map ir_symver_attr.o"
		if $SO -o libsa.so >plain.err 2>&1 && [ "$(objdump -T libsa.so | grep -c ' foo$')" = 2 ] &&
			mv libsa.so plain.so; then
			pass "$n: the plain link exports both versions ($ld)"
		else
			fail "$n: the plain link exports both versions ($ld)" "$(cat plain.err)"
		fi
		if LTO_SAFE_VERBOSE=1 LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" $SO -o libsa.so >safe.err 2>&1 &&
			cmp -s plain.so libsa.so && grep -q '^lto-safe: nothing to keep' safe.err &&
			! grep -q 'flto-partition' safe.err &&
			grep -q '^lto-safe:   foo_v1 *asm-reference .*bound to foo@VERS_1 .*LTO sees this use' safe.err &&
			grep -q '"seen":\[' report.json; then
			pass "$n: nothing kept, seen, byte-identical to plain LTO ($ld)"
		else
			fail "$n: nothing kept, seen, byte-identical to plain LTO ($ld)" "$(cat safe.err report.json)"
		fi
		check_report "$n" $ld report.json
	done
fi

# 20. GCC 16's -flto-toplevel-asm-heuristics on the link: its LTO step reads
# the names top-level asm uses.  (a) Case 1 (objects): the plain link with
# it works, and through lto-safe nothing is kept (target_impl is seen) and
# the program is byte-identical to that plain link's.  What it does not
# read, lto-safe still keeps: (b) case 5's member that only the asm needs
# (the linker never loads it), (c) case 3's inline asm.  GCC 12 to 15 do
# not have the option (skipped; the toolchain matrix runs GCC 16).
H=-flto-toplevel-asm-heuristics
if ! gcc $H -fsyntax-only -x c /dev/null >/dev/null 2>&1; then
	skip "ir20 $H" "GCC $(gcc -dumpversion) has no $H (GCC 16 has)"
else
	in_dir ir20
	if compile "ir20 $H" gcc -O2 -flto "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c" "$S/ir_inl_main.c" \
		"$S/ir_inl_impl.c" && gcc-ar rcs libirtramp.a ir_tramp_impl.o; then
		for ld in $LDS; do
			have_ld gcc $ld || { skip "ir20 $H ($ld)" "ld.$ld missing"; continue; }
			n="ir20a $H, objects"
			L="gcc -O2 -flto $H -fuse-ld=$ld ir_tramp_main.o ir_tramp_impl.o"
			rm -f plain.out safe.out report.json
			if $L -o plain.out >plain.err 2>&1 && [ "$(run plain.out)" = "$W1" ]; then
				pass "$n: the plain link works ($ld)"
			else
				fail "$n: the plain link works ($ld)" "$(cat plain.err)"
			fi
			if LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" $L -o safe.out >safe.err 2>&1 &&
				cmp -s plain.out safe.out && [ "$(kept_set report.json)" = "" ] &&
				grep -q '"symbol":"target_impl".*lets LTO see this use' report.json; then
				pass "$n: nothing kept, target_impl seen, byte-identical ($ld)"
			else
				fail "$n: nothing kept, target_impl seen, byte-identical ($ld)" "$(cat safe.err report.json)"
			fi
			ir_case "ir20b $H, member only asm needs" $ld "$W1" target_impl gcc -O2 -flto $H \
				ir_tramp_main.o libirtramp.a
			ir_case "ir20c $H, inline asm" $ld "$W3" inl_target gcc -O2 -flto $H ir_inl_main.o ir_inl_impl.o
		done
	fi
fi
