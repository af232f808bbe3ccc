/* linkcmd.sh: a library whose exports a version script chooses */
int lc_api(int x)
{
	return x + 1;
}
int lc_internal(int x)
{
	return x * 2;
}
