// Calls the C library of hello-sys, whose hello_format() reaches
// helper_impl() only through inline asm.
fn main() {
    println!("{}", hello_sys::greeting(14));
}
