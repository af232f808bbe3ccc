# A hand-written Makefile that wraps only its link rule:
#   make -f plain.mk                 (link through lto-safe-cc)
#   make -f plain.mk LTO_SAFE=       (the plain link)
CC = gcc
LTO_SAFE = lto-safe-cc
CFLAGS = -O2 -flto
SRC = ../c-trampoline
OBJS = main.o cmds.o tramp.o impl.o

app: $(OBJS)
	$(LTO_SAFE) $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS)

%.o: $(SRC)/%.c $(SRC)/commands.h
	$(CC) $(CFLAGS) -c $< -o $@

clean:
	rm -f $(OBJS) app

.PHONY: clean
