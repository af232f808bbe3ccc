//! Bindings to the C library that build.rs builds (libhello.a).
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_ulong};

extern "C" {
    fn hello_format(buf: *mut c_char, len: c_ulong, x: c_int) -> c_int;
}

/// The C library's greeting for `x`: "hello from C: helper_impl(x) = 3x+1".
pub fn greeting(x: i32) -> String {
    let mut buf = [0 as c_char; 64];
    unsafe {
        hello_format(buf.as_mut_ptr(), buf.len() as c_ulong, x);
        CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned()
    }
}
