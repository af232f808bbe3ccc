/* lto_gcc.sh, lto_clang.sh: definitions of vague linkage in a shared
 * library, as tinyxml2 and snappy have them: the vtable, typeinfo and
 * virtual functions of a class whose virtual functions are all inline, and
 * a template instance.  A link without LTO exports them (weak); LTO may
 * leave them out, every user of the library making its own copy. */
struct Attr {
	virtual ~Attr() {}
	virtual int value() const { return v; }
	int v = 1;
};
template <class T> struct Box {
	T t;
	__attribute__((noinline)) T get() const { return t; }
};
Attr *make_attr() { return new Attr; }
int attr_value(const Attr *a) { return a->value(); }
int box_get(int x) { Box<int> b{x}; return b.get(); }
