/* linkcmd.sh: lc_exported is found at run time only if the link exports it */
#include <dlfcn.h>
#include <stdio.h>
int lc_exported(int x)
{
	return x + 1;
}
int main(void)
{
	void *f = dlsym(RTLD_DEFAULT, "lc_exported");
	puts(f ? "found" : "missing");
	return 0;
}
