//! Links the `brief` binary with the functions a build runs placed next to each other, in the
//! order `build/symbol-order.txt` lists them (made by `bench/symbol-order`).
//!
//! Why: the binary holds 26 MB of code, and the kernel maps code into memory 64 KB at a time
//! around each function first called. Spread over the whole binary, the few megabytes a build
//! runs kept about 18 MB of it resident, most of a brief's peak memory; packed together they
//! keep about 6 MB. Nothing else changes: a name the list has and the binary lacks (another
//! toolchain, a changed dependency) is skipped, and a function the list lacks goes where it
//! would have gone anyway.
//!
//! Only a linker that takes `--symbol-ordering-file` (LLD, Rust's default linker on x86-64
//! Linux since 1.90, and mold) can do this, so the flag is tried on an empty program first and
//! left out when it fails. `BRIEF_NO_SYMBOL_ORDER=1` leaves it out too.

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/symbol-order.txt");
    println!("cargo:rerun-if-env-changed=BRIEF_NO_SYMBOL_ORDER");
    if std::env::var_os("BRIEF_NO_SYMBOL_ORDER").is_some_and(|v| !v.is_empty()) {
        return;
    }
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let source = manifest.join("build/symbol-order.txt");
    // The linker reads a copy in the build's own folder: a checkout that shares this target
    // folder and is then removed (`bench/identical` builds a revision that way) leaves Cargo
    // linking with the flag it printed, which must still name a file.
    let order =
        PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("symbol-order.txt");
    if std::fs::copy(&source, &order).is_err() {
        return;
    }
    // The linker driver splits its `-Wl,` arguments at commas.
    let Some(order) = order
        .to_str()
        .filter(|p| order.is_file() && !p.contains(','))
    else {
        return;
    };
    let args = [
        format!("link-arg=-Wl,--symbol-ordering-file={order}"),
        "link-arg=-Wl,--no-warn-symbol-ordering".to_string(),
    ];
    if linker_takes(&args) {
        for a in &args {
            println!("cargo:rustc-link-arg-bins={}", &a["link-arg=".len()..]);
        }
    } else {
        println!(
            "cargo:warning=the linker does not take a symbol order: brief works the same, with a \
             larger peak memory (see build.rs)"
        );
    }
}

/// Whether rustc, as Cargo runs it for this target, links an empty program with these flags.
fn linker_takes(args: &[String]) -> bool {
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return false;
    };
    let source = out.join("probe.rs");
    if std::fs::write(&source, "fn main() {}\n").is_err() {
        return false;
    }
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut cmd = Command::new(rustc);
    cmd.arg("--crate-type=bin")
        .arg("--crate-name=probe")
        .arg("-o")
        .arg(out.join("probe"))
        .arg(&source);
    if let Ok(target) = std::env::var("TARGET") {
        cmd.arg("--target").arg(target);
    }
    if let Some(linker) = std::env::var_os("RUSTC_LINKER") {
        let mut flag = std::ffi::OsString::from("linker=");
        flag.push(linker);
        cmd.arg("-C").arg(flag);
    }
    if let Ok(flags) = std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        cmd.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    }
    for a in args {
        cmd.arg("-C").arg(a);
    }
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
