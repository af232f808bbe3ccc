/* rc9 of realworld_compare.sh: a shared library that defines a name its
   program defines too (as libz defines eu-strip's crc32). */
int crc32(int x) { return x * 3; }
int dep_use(int x) { return x + 1; }
