#include <stdio.h>
int target_impl(void) { puts("target_impl called"); return 0; }
