# lto-safe - see README.md.  "make", "make check", "make demo", "make install".

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec
MANDIR ?= $(PREFIX)/share/man
# the masquerade directory: PATH=$(MASQDIR):$$PATH sends a whole build
# through lto-safe.  Its names are the tools on PATH at install time
# (scripts/masq-names.sh) unless MASQ_NAMES lists them; each is a relative
# symlink to $(BINDIR)/lto-safe-cc, so that a DESTDIR tree can move.
MASQDIR ?= $(PREFIX)/lib/lto-safe/bin
MASQ_NAMES ?= $(shell sh scripts/masq-names.sh)
DESTDIR ?=

CC ?= cc
ifeq ($(origin CC),default)
CC = cc
endif
PKG_CONFIG ?= pkg-config
WERROR ?= -Werror
OPT ?= -O2 -g
CFLAGS ?= $(OPT)
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes $(WERROR)
CPPFLAGS_ALL = -std=c11 -D_GNU_SOURCE -iquote lib -iquote $(B)/gen $(CPPFLAGS)
DEPS_PC = libelf libpcre2-8 libzstd zlib
CORE_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(DEPS_PC) 2>/dev/null)
CORE_LIBS = $(shell $(PKG_CONFIG) --libs $(DEPS_PC) 2>/dev/null) -liberty -lpthread
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

B = build
# The one version number of the project is in the file VERSION: lto-safe
# --version, lto-safe-cc --lto-safe-version, the JSON report and the .TH
# lines of the installed man pages take it from there.
VERSION := $(shell cat VERSION)
VERSION_H = $(B)/gen/lto_safe_version.h
LIB_SRC = $(sort $(wildcard lib/*.c lib/arch/*.c lib/formats/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(B)/obj/%.o)
LIBA = $(B)/liblto-safe.a
FRONT = $(B)/bin/lto-safe-cc
CORE = $(B)/libexec/lto-safe/lto-safe-link
TOOL = $(B)/bin/lto-safe
# names CMake derives from lto-safe-cc ("lto-safe-" read as a toolchain
# prefix) for the archiver of LTO objects; front.c runs the real one
BINUTIL_NAMES = lto-safe-gcc-ar lto-safe-gcc-ranlib lto-safe-gcc-nm \
	lto-safe-llvm-ar lto-safe-llvm-ranlib lto-safe-llvm-nm
LINK_NAMES = lto-safe-c++ lto-safe-ld $(BINUTIL_NAMES)
LINKS = $(addprefix $(B)/bin/,$(LINK_NAMES))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
MANPAGES = $(sort $(wildcard man/*.1))
MAN_OUT = $(MANPAGES:man/%=$(B)/man/%)

all: $(FRONT) $(LINKS) $(CORE) $(TOOL) $(MAN_OUT)

$(VERSION_H): VERSION
	@mkdir -p $(dir $@)
	printf '#define LTO_SAFE_VERSION "%s"\n' "$(VERSION)" >$@

# the man pages with the version in their .TH line ("lto-safe" becomes
# "lto-safe VERSION")
$(B)/man/%.1: man/%.1 VERSION
	@mkdir -p $(dir $@)
	sed '1s/^\(\.TH .*\) "lto-safe"/\1 "lto-safe $(VERSION)"/' $< >$@

$(B)/obj/%.o: %.c | $(VERSION_H)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CORE_CFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

# The front end links no library but libc, statically, and with musl when
# musl-gcc is installed: a compile step costs one exec of a small program
# (musl's static start-up cost about 1 ms less per exec than glibc's on
# the development VM when this was chosen; doc/performance.md has today's
# pass-through cost).  Its sources are compiled
# again with FRONT_CC, since objects built for glibc cannot link with musl.
# musl-gcc runs the gcc on PATH with musl's specs: it is used only when that
# pair links a static program (GCC 17's specs add -latomic_asneeded, which
# musl has not).
MUSL_LINKS := $(shell command -v musl-gcc >/dev/null 2>&1 && \
	printf 'int main(void){return 0;}\n' | musl-gcc -static -x c - -o /dev/null 2>/dev/null && echo yes)
FRONT_CC ?= $(if $(MUSL_LINKS),musl-gcc,$(CC))
FRONT_STATIC ?= -static
# The links it can decide alone (quick.c) use the helper's own readers of
# the driver's cached answers, the library search and the section headers.
FRONT_SRC = wrapper/front.c lib/cmdline.c lib/rsp.c lib/strvec.c lib/util.c lib/quick.c \
	lib/cache.c lib/child.c lib/diag.c lib/driver.c lib/mapfile.c lib/resolve.c lib/settings.c \
	lib/tmpdir.c lib/formats/classify.c lib/formats/elfpeek.c \
	$(if $(and $(findstring musl,$(FRONT_CC)),$(FRONT_STATIC)),wrapper/arena.c)
FRONT_OBJ = $(FRONT_SRC:%.c=$(B)/obj-front/%.o)
$(FRONT_OBJ): $(B)/obj-front/%.o: %.c | $(VERSION_H)
	@mkdir -p $(dir $@)
	$(FRONT_CC) $(CPPFLAGS_ALL) $(CFLAGS) $(WARN) -MMD -MP -c $< -o $@
$(FRONT): $(FRONT_OBJ)
	@mkdir -p $(dir $@)
	$(FRONT_CC) $(CFLAGS) $(LDFLAGS) $(FRONT_STATIC) -o $@ $^

$(LINKS): $(FRONT)
	ln -sf lto-safe-cc $@

# The link helper is linked statically when the static libraries are
# installed (they are, with the -dev packages): no dynamic loading saves
# about 3 ms per link (measured when this was chosen).  STATIC_CORE=0 links it
# dynamically; so does a failed static link.
STATIC_CORE ?= 1
CORE_STATIC_LIBS = $(shell $(PKG_CONFIG) --static --libs $(DEPS_PC) 2>/dev/null) -liberty -lpthread

$(CORE): $(B)/obj/wrapper/core.o $(LIBA)
	@mkdir -p $(dir $@)
	$(if $(filter 1,$(STATIC_CORE)),$(CC) $(CFLAGS) $(LDFLAGS) -static -o $@ $^ $(CORE_STATIC_LIBS) 2>$(B)/obj/core-static.log || \
	  { echo "static link of the helper failed (see $(B)/obj/core-static.log): linking it dynamically"; \
	    $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CORE_LIBS); },$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CORE_LIBS))

$(TOOL): $(B)/obj/wrapper/lto-safe.o $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CORE_LIBS)

$(B)/tests/%: tests/unit/%.c $(LIBA) tests/unit/testlib.h | $(VERSION_H)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -iquote tests/unit $(CORE_CFLAGS) $(CHECK_CFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(LIBA) $(CORE_LIBS) $(CHECK_LIBS)

deps:
	@sh scripts/deps.sh

check: deps
	$(MAKE) all unit-tests
	sh tests/run.sh

unit-tests: $(UNIT_BIN)

# The whole suite with everything built by clang with ASan and UBSan (the
# front end linked dynamically: ASan cannot be static), in build-san.
SAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
# The build-system scripts (CMake, Meson, autotools, the masquerade
# directory, Debian-style comparisons) drive the link helper through the
# same paths as the other scripts and take most of the time: they run in
# make check, not again here (SAN_E2E_SKIP= runs them too).  So does
# cross.sh (about 110 s of cross links under qemu): the readers of its
# objects run under the sanitizers in the unit tests, on the same kinds of
# cross objects.  And ir_unseen.sh (Cargo and CMake builds, about 80 s):
# the paths of lto-safe it drives (members given, the linker switched) run
# under the sanitizers in archive_index.sh and rust.sh.
SAN_E2E_SKIP ?= buildsystems masquerade realworld_compare realworld_verdict cross ir_unseen
check-sanitize: deps
	$(MAKE) B=build-san CC=clang CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" FRONT_CC=clang FRONT_STATIC= STATIC_CORE=0 all unit-tests
	LTO_SAFE_BUILD=build-san E2E_SKIP="$(SAN_E2E_SKIP)" sh tests/run.sh

# The end-to-end tests with the link helper and lto-safe under valgrind
# (dynamically linked, so that memcheck sees every allocation), in build-vg.
check-valgrind: deps
	$(MAKE) B=build-vg STATIC_CORE=0 all
	sh tests/valgrind.sh build-vg $(VG_TESTS)

demo: deps
	$(MAKE) all
	$(MAKE) -C examples/c-trampoline demo LTO_SAFE_CC_BIN=$(CURDIR)/$(FRONT)

# libFuzzer harnesses (tests/fuzz): lib/ built again with clang and the
# sanitizers.  make fuzz FUZZ_SECONDS=N runs each on a copy of its corpus;
# FUZZ_RUNS=N stops each after N executions (FUZZ_SECONDS is then a cap),
# FUZZ_ONLY="fuzz_elf ..." runs only those.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
FUZZ_OBJ = $(LIB_SRC:%.c=$(B)/fuzz/obj/%.o)

$(B)/fuzz/obj/%.o: %.c | $(VERSION_H)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS_ALL) $(CORE_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(WARN) -MMD -MP -c $< -o $@

$(B)/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(CPPFLAGS_ALL) $(CORE_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer $(WARN) -o $@ $< $(FUZZ_OBJ) $(CORE_LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: deps fuzz-build
	sh tests/fuzz/run.sh $(B)/fuzz $(FUZZ_SECONDS) $(FUZZ_RUNS)

# Benchmarks print figures (never pass/fail) and write them to
# tests/bench/results/NAME.json; page.py then makes doc/performance.md from
# those files.  The LLVM ones need llvm-14-dev, which only bench-deps
# installs.  BENCH_PAIRS=N for fewer pairs; BENCH_ONLY="llvm_link small_links"
# runs some of them (the page keeps the others' last results).
# small_links.py's configure part and output_quality.py take Debian sources
# (root and the Debian mirror, as make realworld); output_quality.py builds
# four programs (about 20 minutes on 2 cores).
BENCHES = passthrough llvm_link lto_project small_links output_quality
BENCH_ONLY ?= $(BENCHES)

bench-deps:
	-@sh scripts/deps.sh --bench

bench: bench-deps all
	@set -e; for b in $(BENCH_ONLY); do echo "python3 tests/bench/$$b.py"; python3 tests/bench/$$b.py; done
	python3 tests/bench/page.py

# Debian source packages built with LTO, plain and through lto-safe-cc (not
# part of check): make realworld [REALWORLD_PACKAGES="zlib fuse"]
realworld: all
	bash tests/realworld/run.sh $(REALWORLD_PACKAGES)

# lto-safe built and tested with each toolchain of Debian trixie and sid, in
# trees made once with debootstrap (not part of check: root, the Debian
# mirror, gigabytes): make matrix [MATRIX_TOOLCHAINS="sid-gcc-16 trixie"]
matrix:
	bash tests/matrix/run.sh $(MATRIX_TOOLCHAINS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR)/lto-safe $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(FRONT) $(DESTDIR)$(BINDIR)/lto-safe-cc
	for n in $(LINK_NAMES); do ln -sf lto-safe-cc $(DESTDIR)$(BINDIR)/$$n || exit 1; done
	install -m 755 $(CORE) $(DESTDIR)$(LIBEXECDIR)/lto-safe/lto-safe-link
	install -m 755 $(TOOL) $(DESTDIR)$(BINDIR)/lto-safe
	install -m 644 $(MAN_OUT) $(DESTDIR)$(MANDIR)/man1/
	install -d $(DESTDIR)$(MASQDIR)
	$(MASQ_CLEAN)
	cd $(DESTDIR)$(MASQDIR) && for n in $(MASQ_NAMES); do ln -sf $(MASQ_TARGET) $$n; done

# every symlink in the masquerade directory that leads to lto-safe-cc (the
# names of an earlier install too)
MASQ_TARGET = $(shell realpath -s -m --relative-to=$(MASQDIR) $(BINDIR)/lto-safe-cc)
MASQ_CLEAN = for f in $(DESTDIR)$(MASQDIR)/*; do \
	  if [ -L "$$f" ] && [ "$$(readlink "$$f")" = $(MASQ_TARGET) ]; then rm -f "$$f"; fi; done

uninstall:
	-$(MASQ_CLEAN)
	-rmdir $(DESTDIR)$(MASQDIR) $(DESTDIR)$(PREFIX)/lib/lto-safe 2>/dev/null
	rm -f $(DESTDIR)$(BINDIR)/lto-safe-cc $(addprefix $(DESTDIR)$(BINDIR)/,$(LINK_NAMES))
	rm -f $(DESTDIR)$(BINDIR)/lto-safe
	rm -f $(DESTDIR)$(LIBEXECDIR)/lto-safe/lto-safe-link
	-rmdir $(DESTDIR)$(LIBEXECDIR)/lto-safe 2>/dev/null
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MANPAGES)))

clean:
	rm -rf $(B) build-san build-vg
	$(MAKE) -C examples/c-trampoline clean
	rm -rf examples/rust-linker/target examples/rust-sys-lto/target

.PHONY: all deps check check-sanitize check-valgrind unit-tests demo bench bench-deps realworld matrix install uninstall clean fuzz fuzz-build
.SECONDARY:

-include $(LIB_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d) $(FRONT_OBJ:.o=.d) $(B)/obj/wrapper/core.d $(B)/obj/wrapper/lto-safe.d
