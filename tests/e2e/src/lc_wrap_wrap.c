/* linkcmd.sh: the wrapper; with --wrap=io_submit the program prints 1008 */
int __real_io_submit(void);
int __wrap_io_submit(void)
{
	return __real_io_submit() + 1000;
}
