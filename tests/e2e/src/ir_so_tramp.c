/* gcc_ir.sh, case 8: the trampoline of a shared library; built with
 * -fvisibility=hidden, it is exported because the asm says .globl. */
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl\n.size tramp,.-tramp\n");
