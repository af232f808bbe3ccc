// Calls into the C library, whose c_entry() reaches helper_impl() only
// through inline asm.
extern "C" {
    fn c_entry(x: i32) -> i32;
}

fn main() {
    let r = unsafe { c_entry(14) };
    println!("c_entry(14) = {}", r);
}
