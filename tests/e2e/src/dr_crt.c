/* driver.sh: a start file as C libraries write theirs, compiled with -flto:
 * _start, in top-level asm, calls _start_c, written in C in the same unit.
 * Plain LTO drops _start_c (nothing it sees uses it). */
extern int __libc_start_main(int (*)(int, char **, char **), int, char **, void (*)(void),
			     void (*)(void), void (*)(void), void *);
int main(int, char **, char **);
void myc_hook(void);
asm(".text\n.globl _start\n.type _start,@function\n_start:\n\txor %ebp,%ebp\n\tmov %rsp,%rdi\n"
    "\tand $-16,%rsp\n\tcall _start_c\n\thlt\n");
void _start_c(long *sp)
{
	myc_hook();
	__libc_start_main(main, (int)sp[0], (char **)(sp + 1), 0, 0, 0, sp);
}
/* glibc's static start files define this; its libc.a calls it */
void _dl_relocate_static_pie(void) {}
