# A hand-written Makefile that wraps only its link rules; it builds
# libimpl.a, libtramp.so and app as CMakeLists.txt says, in the directory
# it runs in:
#   make -f plain.mk                 (links through lto-safe-cc)
#   make -f plain.mk LTO_SAFE=       (the plain links)
#   make -f plain.mk CC=clang        (clang: llvm-ar and tramp_inl.c)
HERE := $(dir $(lastword $(MAKEFILE_LIST)))
SRC = $(HERE)../c-trampoline
CC = gcc
LTO_SAFE = lto-safe-cc
CFLAGS = -O2 -flto
LIBFLAGS = -fPIC -fvisibility=hidden
CLANG := $(findstring clang,$(shell $(CC) --version 2>/dev/null))
AR = $(if $(CLANG),llvm-ar,gcc-ar)
TRAMP = $(if $(CLANG),$(HERE)tramp_inl.c,$(SRC)/tramp.c)

app: main.o cmds.o libtramp.so
	$(LTO_SAFE) $(CC) $(CFLAGS) $(LDFLAGS) -o $@ main.o cmds.o -L. -ltramp -Wl,-rpath,'$$ORIGIN'

libtramp.so: tramp.o libimpl.a
	$(LTO_SAFE) $(CC) $(CFLAGS) $(LDFLAGS) -shared -o $@ tramp.o libimpl.a

libimpl.a: impl.o
	rm -f $@
	$(AR) rcs $@ impl.o

main.o cmds.o: %.o: $(SRC)/%.c $(SRC)/commands.h
	$(CC) $(CFLAGS) -c $< -o $@
impl.o: $(SRC)/impl.c
	$(CC) $(CFLAGS) $(LIBFLAGS) -c $< -o $@
tramp.o: $(TRAMP)
	$(CC) $(CFLAGS) $(LIBFLAGS) -c $< -o $@

clean:
	rm -f main.o cmds.o impl.o tramp.o libimpl.a libtramp.so app

.PHONY: clean
