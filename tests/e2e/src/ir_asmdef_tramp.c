/* gcc_ir.sh, case 15: tramp is defined only by top-level asm, so GCC's LTO
 * symbol table, and the index gcc-ar writes from it, do not list it. */
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl\n.size tramp,.-tramp\n");
