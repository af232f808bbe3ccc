/* rc9 of realworld_compare.sh: a shared library that defines a name its
   program defines too (as libz defines eu-strip's crc32).  -DMID: a library
   between them, which needs that one (as libelf needs libz). */
#ifdef MID
int dep_use(int);
int mid_use(int x) { return dep_use(x) * 2; }
#else
int crc32(int x) { return x * 3; }
int dep_use(int x) { return x + 1; }
#endif
