/* realworld_compare.sh, rc4: two exported functions; -DNO_PUT leaves
 * api_put out, and the build links it with --defsym=api_put=0: an exported
 * symbol that is absolute 0, as attr's getxattr@ATTR_1.0 was under GCC LTO. */
int api_get(int x) { return x + 7; }
#ifndef NO_PUT
int api_put(int x) { return x * 7; }
#endif
