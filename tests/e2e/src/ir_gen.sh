#!/bin/sh
# Writes ir_gen.c and ir_gen_main.c in the current directory: 300 functions
# calling each other, no asm, nothing reached through a section (a link
# with nothing to keep; gcc_ir.sh case 10, tests/matrix/heuristic.sh case 11).
i=0
while [ $i -lt 300 ]; do
	if [ $((i % 10)) = 0 ] && [ $i -gt 0 ]; then
		echo "int gen_$i(int x) { return gen_$((i - 1))(x) + gen_$((i - 7))(x ^ $i) + $i; }"
	else
		echo "int gen_$i(int x) { return (x ^ $i) + $((i % 13)); }"
	fi
	i=$((i + 1))
done >ir_gen.c
{
	echo '#include <stdio.h>'
	i=0
	while [ $i -lt 300 ]; do echo "int gen_$i(int x);"; i=$((i + 1)); done
	printf '%s\n' 'int main(void) { long s = 0; for (int k = 0; k < 3; k++) s += gen_290(k) + gen_299(k) + gen_150(k); printf("sum %ld\n", s); return 0; }'
} >ir_gen_main.c
