/* ir_unseen.sh: the library's one function, compiled with -flto into an
 * archive whose index lacks its name. */
int unseen_value(int x) { return 3 * x + 1; }
