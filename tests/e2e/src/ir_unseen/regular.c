/* ir_unseen.sh: compiled without -flto beside clang bitcode in an archive
 * written by an ar that cannot read the bitcode: the index's one name. */
int unseen_regular(void) { return 1; }
