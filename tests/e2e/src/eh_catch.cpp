int eh_check(int x);
int eh_safe(int x)
{
	try {
		return eh_check(x);
	} catch (...) {
		return -1;
	}
}
