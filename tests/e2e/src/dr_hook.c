/* driver.sh: a member of the C library's LTO archive libmyc.a: myc_hook,
 * which the start file calls, is an asm trampoline to myc_hook_impl. */
asm(".text\n.globl myc_hook\n.type myc_hook,@function\nmyc_hook:\n\tjmp myc_hook_impl\n");
int myc_started;
void myc_hook_impl(void) { myc_started = 42; }
