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
/// one loaded anywhere), its interpreter (`PT_INTERP`: the dynamic loader
/// named in it) and how many libraries it names (`DT_NEEDED` entries of
/// `PT_DYNAMIC`), read from its headers.
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64", target_endian = "little"))]
fn elf_links(path: &std::path::Path) -> (u16, Option<String>, usize) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(bytes.get(..6), Some(&b"\x7fELF\x02\x01"[..]), "a 64-bit little-endian ELF file");
    let at = |o: usize, n: usize| bytes.get(o..o + n).unwrap_or_else(|| panic!("{}: cut short at byte {o}", path.display()));
    let u16_at = |o: usize| u16::from_le_bytes(at(o, 2).try_into().unwrap());
    let u32_at = |o: usize| u32::from_le_bytes(at(o, 4).try_into().unwrap());
    let u64_at = |o: usize| u64::from_le_bytes(at(o, 8).try_into().unwrap()) as usize;
    let (phoff, phentsize, phnum) = (u64_at(0x20), usize::from(u16_at(0x36)), usize::from(u16_at(0x38)));
    assert!(phentsize >= 56, "program headers of 56 bytes or more");
    let headers: Vec<usize> = (0..phnum).map(|i| phoff + i * phentsize).collect();
    // A segment's place in the file and its size: `p_offset`, `p_filesz`.
    let segment = |t: u32| headers.iter().find(|&&h| u32_at(h) == t).map(|&h| (u64_at(h + 8), u64_at(h + 32)));
    let interp = segment(3).map(|(off, size)| String::from_utf8_lossy(at(off, size)).trim_end_matches('\0').to_string());
    // `d_tag` 1 is `DT_NEEDED`; the list ends at `DT_NULL` (0).
    let needed = segment(2)
        .map_or(0, |(off, size)| (0..size / 16).map(|k| u64_at(off + 16 * k)).take_while(|&tag| tag != 0).filter(|&tag| tag == 1).count());
    (u16_at(0x10), interp, needed)
}

/// What the binary loads when it starts (build.rs, which says what it
/// linked in `CUTOVER_LINKED`). On Linux with glibc 2.34 or later it is a
/// static PIE when the C library's archives and the static PIE's start file
/// are installed: no dynamic loader runs and no library is mapped and bound
/// at start, and it is still loaded at a random address. Linked
/// dynamically, it still carries GCC's unwinder rather than loading
/// `libgcc_s.so.1`, whose start-up asks the processor for its features with
/// `cpuid`, an instruction a hypervisor traps: asked of the dynamic loader
/// itself (`LD_TRACE_LOADED_OBJECTS`, what `ldd` does), which lists the
/// libraries without running the program. `CI=true` fails when the static
/// link was not possible (the CI machine can) rather than pass on the other,
/// unless `CUTOVER_LINK=dynamic` asked for it.
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64", target_endian = "little"))]
#[test]
fn the_binary_loads_no_library_it_can_carry() {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_cutover"));
    let (kind, interp, needed) = elf_links(bin);
    assert_eq!(kind, 3, "loaded at a random address (a PIE), static or not");
    let linked = env!("CUTOVER_LINKED");
    if linked == "static" {
        assert_eq!((interp, needed), (None, 0), "a static PIE names no dynamic loader and no library");
        // It runs, and answers as the dynamically linked one does.
        let out = std::process::Command::new(bin).arg("--version").output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), format!("cutover {}\n", env!("CARGO_PKG_VERSION")));
        return;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true") || linked == "dynamic: CUTOVER_LINK=dynamic",
        "CI=true but build.rs linked dynamically ({linked})"
    );
    assert!(interp.is_some() && needed > 0, "linked dynamically ({linked}), the binary names its loader and its libraries");
    if !cc_knows("libgcc_eh.a") {
        eprintln!("skipped: `cc` does not know libgcc_eh.a, so build.rs linked libgcc_s.so.1");
        return;
    }
    let out = std::process::Command::new(bin).env("LD_TRACE_LOADED_OBJECTS", "1").output().unwrap();
    let libs = String::from_utf8_lossy(&out.stdout);
    assert!(libs.contains("libc.so"), "the loader lists what it loads: {libs}");
    assert!(!libs.contains("libgcc_s"), "{libs}");
}
