/* gcc_ir.sh, case 16: a regular (non-LTO) archive member: takes cb's
 * address and calls cb_called, both defined in LTO IR. */
extern int cb(void);
extern int cb_called(void);
int helper_in_archive(void)
{
	int (*volatile f)(void) = cb;
	return f() + 1 + cb_called();
}
