/* gcc_ir.sh, case 2: the trampoline and its target in one unit; the asm
 * text is still the only use of target_impl. */
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl\n.size tramp,.-tramp\n");
int target_impl(int x) { return 3 * x + 1; }
