/* A trampoline written in assembly: the jump to target_impl is invisible to
 * the compiler, so LTO deletes target_impl as unused. */
asm(".text\n"
    ".globl tramp\n"
    ".type tramp, @function\n"
    "tramp:\n"
    "\tjmp target_impl\n"
    ".size tramp, .-tramp\n");
