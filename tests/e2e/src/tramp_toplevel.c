/* A trampoline in top-level asm: LTO cannot see the use of target_impl. */
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl\n.size tramp,.-tramp\n");
int tramp(void);
int main(void) { return tramp(); }
