/* gcc_ir.sh, case 17: the functions of the table, in another unit. */
int one(void) { return 1; }
int two(void) { return 2; }
