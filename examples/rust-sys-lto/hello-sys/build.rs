// Builds csrc/hello.c into $OUT_DIR/libhello.a the way the cc crate does,
// without depending on it: the compiler is $CC (default cc; "ccache gcc"
// is a compiler and its first argument), its flags $CFLAGS split on
// whitespace, the archiver $AR (default ar), run as `ar rcs`.
use std::env;
use std::path::PathBuf;
use std::process::Command;

fn run(cmd: &mut Command) {
    let status = cmd.status().unwrap_or_else(|e| panic!("cannot run {:?}: {}", cmd, e));
    assert!(status.success(), "{:?} failed: {}", cmd, status);
}

fn main() {
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let cc = env::var("CC").unwrap_or_else(|_| "cc".into());
    let cflags = env::var("CFLAGS").unwrap_or_default();
    let ar = env::var("AR").unwrap_or_else(|_| "ar".into());
    let mut cc = cc.split_whitespace();
    let obj = out.join("hello.o");
    let lib = out.join("libhello.a");
    run(Command::new(cc.next().expect("CC is empty"))
        .args(cc)
        .args(cflags.split_whitespace())
        .args(["-fPIC", "-c", "csrc/hello.c", "-o"])
        .arg(&obj));
    let _ = std::fs::remove_file(&lib);
    run(Command::new(&ar).arg("rcs").arg(&lib).arg(&obj));
    println!("cargo:rustc-link-lib=static=hello");
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rerun-if-changed=csrc/hello.c");
    println!("cargo:rerun-if-env-changed=CC");
    println!("cargo:rerun-if-env-changed=CFLAGS");
    println!("cargo:rerun-if-env-changed=AR");
}
