/* realworld_compare.sh, rc5: api_new is an alias of api_old; -DSPLIT makes
 * it a function of its own (another body, so nothing folds them together). */
int api_old(int x) { return x + 11; }
#ifdef SPLIT
int api_new(int x) { return x - 11; }
#else
int api_new(int x) __attribute__((alias("api_old")));
#endif
