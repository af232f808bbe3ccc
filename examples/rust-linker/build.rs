// Builds csrc/helper.c into libhelper.a as LLVM bitcode (clang -flto=thin).
// No dependency: the C compiler is $CLANG (default clang), the archiver
// $LLVM_AR (default llvm-ar).
use std::env;
use std::path::PathBuf;
use std::process::Command;

fn run(cmd: &mut Command) {
    let status = cmd.status().unwrap_or_else(|e| panic!("cannot run {:?}: {}", cmd, e));
    assert!(status.success(), "{:?} failed: {}", cmd, status);
}

fn main() {
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let clang = env::var("CLANG").unwrap_or_else(|_| "clang".into());
    let ar = env::var("LLVM_AR").unwrap_or_else(|_| "llvm-ar".into());
    let obj = out.join("helper.o");
    let lib = out.join("libhelper.a");
    run(Command::new(&clang)
        .args(["-O2", "-flto=thin", "-fPIC", "-c", "csrc/helper.c", "-o"])
        .arg(&obj));
    let _ = std::fs::remove_file(&lib);
    run(Command::new(&ar).arg("rcs").arg(&lib).arg(&obj));
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=helper");
    println!("cargo:rerun-if-changed=csrc/helper.c");
    println!("cargo:rerun-if-env-changed=CLANG");
    println!("cargo:rerun-if-env-changed=LLVM_AR");
}
