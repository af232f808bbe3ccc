/* linkcmd.sh: the wrapped function */
int io_submit(void)
{
	return 8;
}
