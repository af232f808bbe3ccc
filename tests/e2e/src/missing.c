int genuinely_missing(void);
int main(void) { return genuinely_missing(); }
