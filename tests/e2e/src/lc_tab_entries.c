/* linkcmd.sh: entries of a table that only the script's KEEP keeps */
__attribute__((section(".lc_tab"))) const int lc_tab_one = 1;
__attribute__((section(".lc_tab"))) const int lc_tab_two = 2;
__attribute__((section(".lc_tab"))) const int lc_tab_four = 4;
int unused_fn(int x)
{
	return x + 3;
}
