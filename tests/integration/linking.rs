//! How the binary is linked: what it loads when it starts.

/// On Linux with glibc the binary carries GCC's unwinder (build.rs) rather
/// than loading `libgcc_s.so.1`, whose start-up asks the processor for its
/// features with `cpuid`, an instruction a hypervisor traps. Asked of the
/// dynamic loader itself (`LD_TRACE_LOADED_OBJECTS`, what `ldd` does): it
/// lists the libraries without running the program.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_binary_carries_its_unwinder() {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let known = std::process::Command::new(&cc)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .is_some_and(|p| std::path::Path::new(&p).is_absolute() && std::path::Path::new(&p).exists());
    if !known {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but `{cc}` does not know libgcc_eh.a: build.rs linked libgcc_s.so.1"
        );
        eprintln!("skipped: `{cc}` does not know libgcc_eh.a");
        return;
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cutover")).env("LD_TRACE_LOADED_OBJECTS", "1").output().unwrap();
    let libs = String::from_utf8_lossy(&out.stdout);
    assert!(libs.contains("libc.so"), "the loader lists what it loads: {libs}");
    assert!(!libs.contains("libgcc_s"), "{libs}");
}
