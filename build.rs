//! Compiles the message catalogues under `locales/` into the binary.
//!
//! Every key's `vi` and `en` texts go into one string, and a table sorted by
//! key holds where each lies (byte offsets): a lookup is a binary search over
//! static data. Nothing is built when the process starts, and the table has
//! no pointer the loader would have to relocate.
use std::collections::BTreeMap;
use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=build.rs");
    let mut entries: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir("locales")
        .expect("the catalogues under locales/")
        .map(|e| e.expect("a catalogue entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        walk("", &table, &path.display().to_string(), &mut entries);
    }
    // One string of every text, and per key: key, vi and en as (start, end).
    let mut blob = String::new();
    let mut rows = String::new();
    let put = |s: &str, blob: &mut String| {
        let start = blob.len();
        blob.push_str(s);
        (start, blob.len())
    };
    for (key, (_, vi, en)) in &entries {
        let k = put(key, &mut blob);
        let v = put(vi, &mut blob);
        let e = put(en, &mut blob);
        writeln!(rows, "    [{}, {}, {}, {}, {}, {}],", k.0, k.1, v.0, v.1, e.0, e.1).unwrap();
    }
    let out = format!(
        "/// Every key and text of the catalogues, one after another.\n\
         static TEXT: &str = {blob:?};\n\
         /// Per key, sorted by key: the byte ranges of the key, its `vi` and its `en` text in [`TEXT`].\n\
         static ENTRIES: [[u32; 6]; {n}] = [\n{rows}];\n",
        n = entries.len()
    );
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("catalogue.rs");
    std::fs::write(dest, out).expect("write the compiled catalogue");
    static_unwinder();
    // What the binary was linked as, for tests/integration/linking.rs.
    match static_pie() {
        Ok(()) => println!("cargo:rustc-env=CUTOVER_LINKED=static"),
        Err(why) => println!("cargo:rustc-env=CUTOVER_LINKED=dynamic: {why}"),
    }
}

/// On Linux with glibc, links GCC's unwinder into the binary (`libgcc_eh.a`)
/// instead of loading `libgcc_s.so.1` at every start: that library's
/// constructor asks the processor what it can do with a few dozen `cpuid`
/// instructions, and under a hypervisor each one traps (~5 µs on the
/// project's machine), ~12 % of a small plan's `check`. Rust's standard
/// library asks the linker for `-lgcc_s`; a linker script of that name in a
/// directory searched first answers with the static unwinder instead (as
/// `-static-libgcc` does for C). Anywhere else, or when the compiler does
/// not know `libgcc_eh.a`, nothing changes.
fn static_unwinder() {
    if !glibc_target() {
        return;
    }
    let Some(path) = cc_path(&cc(), "-print-file-name=libgcc_eh.a") else { return };
    let dir = std::path::Path::new(&var("OUT_DIR")).join("unwind");
    std::fs::create_dir_all(&dir).expect("create the unwinder's directory");
    std::fs::write(
        dir.join("libgcc_s.so"),
        format!("/* cutover's build.rs: GCC's unwinder, linked in */\nGROUP ( {} -lgcc )\n", path.display()),
    )
    .expect("write the unwinder's linker script");
    println!("cargo:rustc-link-search=native={}", dir.display());
}

/// A variable of the build's environment (empty when unset).
fn var(k: &str) -> String {
    std::env::var(k).unwrap_or_default()
}

/// Building for Linux with glibc, linked dynamically unless told otherwise.
fn glibc_target() -> bool {
    var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && !var("CARGO_CFG_TARGET_FEATURE").split(',').any(|f| f == "crt-static")
}

/// The C compiler to ask where its files are.
fn cc() -> String {
    println!("cargo:rerun-if-env-changed=CC");
    std::env::var("CC").unwrap_or_else(|_| "cc".into())
}

/// The file the C compiler names for `arg` (`-print-file-name=…`), when it
/// knows one (it echoes the bare name otherwise), canonical.
fn cc_path(cc: &str, arg: &str) -> Option<std::path::PathBuf> {
    let out = std::process::Command::new(cc).arg(arg).output().ok()?;
    let path = std::path::PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && path.is_absolute()).then(|| path.canonicalize().ok()).flatten()
}

/// On Linux with glibc 2.34 or later, links the binary (and the examples,
/// the bench's floor among them) as a static PIE when the C library's
/// archives are installed: no dynamic loader, no `libc.so.6` or `libm.so.6`
/// mapped and bound at every start, still loaded at a random address. A
/// 5,000-task plan's `critical-path` 0.92×, the shipped plan's `check` 0.90×
/// (the whole process; docs/performance.md, "Session 15").
///
/// `-C target-feature=+crt-static` would do it, but cargo then builds the
/// proc-macros static too, which cannot be, unless every build names
/// `--target`. So the link is asked for here: `-static-pie` for the
/// binaries, and a directory, searched before the system's, whose
/// `libc.so`, `libm.so`, … are linker scripts naming the archives, so the
/// libraries rustc asks for as shared resolve to the archives (the trick of
/// [`static_unwinder`]). Since 2.34 glibc's `libpthread`, `libdl`, `librt`
/// and `libutil` are empty archives and its `files` and `dns` host lookups
/// are part of `libc.a`. Without any of the archives or `rcrt1.o` (the
/// static PIE's start file), before glibc 2.34, when building for another
/// target, or with `CUTOVER_LINK=dynamic` in the environment (e.g. for a
/// distribution's package), nothing changes.
fn static_pie() -> Result<(), &'static str> {
    println!("cargo:rerun-if-env-changed=CUTOVER_LINK");
    if var("CUTOVER_LINK") == "dynamic" {
        return Err("CUTOVER_LINK=dynamic");
    }
    // The archives are asked of the host's compiler: not for another target.
    if !glibc_target() || var("TARGET") != var("HOST") {
        return Err("not this target");
    }
    let cc = cc();
    let find = |arg: &str| cc_path(&cc, arg);
    if !glibc_at_least(&cc, (2, 34)) {
        return Err("glibc older than 2.34, or not known");
    }
    let (Some(rcrt1), Some(libgcc), Some(libgcc_eh)) =
        (find("-print-file-name=rcrt1.o"), find("-print-libgcc-file-name"), find("-print-file-name=libgcc_eh.a"))
    else {
        return Err("no rcrt1.o, libgcc.a or libgcc_eh.a");
    };
    let mut scripts = Vec::new();
    for lib in ["c", "m", "pthread", "dl", "rt", "util"] {
        // Every one, or a library rustc names would be found shared.
        let Some(a) = find(&format!("-print-file-name=lib{lib}.a")) else { return Err("a C library archive is missing") };
        println!("cargo:rerun-if-changed={}", a.display());
        // The C library with GCC's own, which it calls and which rustc
        // names before it: a group, so any linker resolves them.
        let inputs =
            if lib == "c" { format!("{} {} {}", a.display(), libgcc_eh.display(), libgcc.display()) } else { a.display().to_string() };
        scripts.push((lib, inputs));
    }
    // A compiler or C library upgraded under the scripts writes them again.
    for f in [&rcrt1, &libgcc, &libgcc_eh] {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let dir = std::path::Path::new(&var("OUT_DIR")).join("static");
    std::fs::create_dir_all(&dir).expect("create the static libraries' directory");
    for (lib, inputs) in scripts {
        std::fs::write(
            dir.join(format!("lib{lib}.so")),
            format!("/* cutover's build.rs: linked from the archive */\nGROUP ( {inputs} )\n"),
        )
        .expect("write a static library's linker script");
    }
    // Cargo refuses link arguments for examples in a package without any.
    let kinds: &[&str] = if std::path::Path::new("examples").is_dir() { &["bins", "examples"] } else { &["bins"] };
    for kind in kinds {
        println!("cargo:rustc-link-arg-{kind}=-static-pie");
        println!("cargo:rustc-link-arg-{kind}=-L{}", dir.display());
    }
    Ok(())
}

/// Whether the C library `cc` compiles against is glibc of at least
/// `version` (its `__GLIBC__` and `__GLIBC_MINOR__`).
fn glibc_at_least(cc: &str, version: (u32, u32)) -> bool {
    let Ok(out) = std::process::Command::new(cc)
        .args(["-E", "-dM", "-include", "features.h", "-x", "c", "/dev/null"])
        .stderr(std::process::Stdio::null())
        .output()
    else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let number = |name: &str| -> Option<u32> {
        text.lines().find_map(|l| l.strip_prefix("#define ")?.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
    };
    out.status.success()
        && matches!((number("__GLIBC__"), number("__GLIBC_MINOR__")), (Some(major), Some(minor)) if (major, minor) >= version)
}

/// The texts under `t`: a table whose values are strings is one key (its
/// `vi` and `en`); any other table holds keys one level down.
fn walk(prefix: &str, t: &toml::Table, file: &str, out: &mut BTreeMap<String, (String, String, String)>) {
    if t.values().any(|v| v.is_str()) {
        let text = |lang: &str| match t.get(lang).and_then(|v| v.as_str()) {
            Some(s) => s.to_string(),
            None => panic!("{file}: `{prefix}` has no `{lang}` text"),
        };
        if let Some((old, _, _)) = out.insert(prefix.to_string(), (file.to_string(), text("vi"), text("en"))) {
            panic!("{file}: `{prefix}` is defined in {old} too");
        }
        return;
    }
    for (k, v) in t {
        let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            toml::Value::Table(sub) => walk(&key, sub, file, out),
            toml::Value::Integer(_) if key == "_version" => {}
            other => panic!("{file}: `{key}` is {other:?}, not a table of texts"),
        }
    }
}
