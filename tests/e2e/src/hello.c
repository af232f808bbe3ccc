#include <stdio.h>
int helper(int x);
int main(void) { printf("hello %d\n", helper(20)); return 0; }
