//! How the binary is linked: what it loads when it starts.

/// Where the C compiler finds `name` (`cc -print-file-name`), if it does.
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64", target_endian = "little"))]
fn cc_knows(name: &str) -> bool {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    std::process::Command::new(&cc)
        .arg(format!("-print-file-name={name}"))
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .is_some_and(|p| std::path::Path::new(&p).is_absolute() && std::path::Path::new(&p).exists())
}

/// The ELF file's type (`e_type`: 2 an executable at a fixed address, 3
/// one loaded anywhere) and its interpreter (`PT_INTERP`: the dynamic
/// loader named in it), read from its headers.
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64", target_endian = "little"))]
fn elf_type_and_interpreter(path: &std::path::Path) -> (u16, Option<String>) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..5], b"\x7fELF\x02", "a 64-bit ELF file");
    let u16_at = |o: usize| u16::from_le_bytes(bytes[o..o + 2].try_into().unwrap());
    let u32_at = |o: usize| u32::from_le_bytes(bytes[o..o + 4].try_into().unwrap());
    let u64_at = |o: usize| u64::from_le_bytes(bytes[o..o + 8].try_into().unwrap()) as usize;
    let (phoff, phentsize, phnum) = (u64_at(0x20), usize::from(u16_at(0x36)), usize::from(u16_at(0x38)));
    let interp = (0..phnum).map(|i| phoff + i * phentsize).find(|&h| u32_at(h) == 3).map(|h| {
        let (off, size) = (u64_at(h + 8), u64_at(h + 32));
        String::from_utf8_lossy(&bytes[off..off + size]).trim_end_matches('\0').to_string()
    });
    (u16_at(0x10), interp)
}

/// What the binary loads when it starts (build.rs). On Linux with glibc it
/// is a static PIE when the C library's archives and the static PIE's start
/// file are installed: no dynamic loader runs and no library is mapped and
/// bound at start, and it is still loaded at a random address. Linked
/// dynamically (they are missing, or `CUTOVER_LINK=dynamic` at build time),
/// it still carries GCC's unwinder rather than loading `libgcc_s.so.1`,
/// whose start-up asks the processor for its features with `cpuid`, an
/// instruction a hypervisor traps: asked of the dynamic loader itself
/// (`LD_TRACE_LOADED_OBJECTS`, what `ldd` does), which lists the libraries
/// without running the program. `CI=true` fails when the static link was
/// not possible (the CI machine can) rather than pass on the other.
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64", target_endian = "little"))]
#[test]
fn the_binary_loads_no_library_it_can_carry() {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_cutover"));
    let (kind, interp) = elf_type_and_interpreter(bin);
    assert_eq!(kind, 3, "loaded at a random address (a PIE), static or not");
    let static_pie =
        ["rcrt1.o", "libc.a", "libm.a", "libgcc_eh.a"].iter().all(|f| cc_knows(f)) && option_env!("CUTOVER_LINK") != Some("dynamic");
    if static_pie {
        assert_eq!(interp, None, "a static PIE names no dynamic loader");
        // It runs, and answers as the dynamically linked one does.
        let out = std::process::Command::new(bin).arg("--version").output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), format!("cutover {}\n", env!("CARGO_PKG_VERSION")));
        return;
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but the C library's archives are missing: build.rs linked dynamically");
    assert!(interp.is_some(), "linked dynamically, the binary names its loader");
    if !cc_knows("libgcc_eh.a") {
        eprintln!("skipped: `cc` does not know libgcc_eh.a, so build.rs linked libgcc_s.so.1");
        return;
    }
    let out = std::process::Command::new(bin).env("LD_TRACE_LOADED_OBJECTS", "1").output().unwrap();
    let libs = String::from_utf8_lossy(&out.stdout);
    assert!(libs.contains("libc.so"), "the loader lists what it loads: {libs}");
    assert!(!libs.contains("libgcc_s"), "{libs}");
}
