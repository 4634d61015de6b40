//! `--help`, `cutover man` and `cutover completions` speak Vietnamese by
//! default and English with `--lang en` or `CUTOVER_LANG=en`.

use crate::test::Test;

#[test]
fn help_is_vietnamese_by_default_and_english_on_request() {
    let vi = Test::new().args(["--help"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    assert!(vi.contains("\nCách dùng: cutover [OPTIONS] <COMMAND>\n"), "{vi}");
    assert!(vi.contains("\n  check          Kiểm tra tệp kế hoạch: cấu trúc, tham chiếu, thời hạn; mỗi lỗi kèm vị trí\n"), "{vi}");
    assert!(!vi.contains("Usage:") && !vi.contains("Print help"), "{vi}");
    let check = Test::new().args(["check", "--help"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    assert!(check.contains("\n          Chỉ in lỗi (và dòng tổng kết khi có lỗi)\n"), "{check}");
    assert!(check.contains("\nVí dụ:\n  cutover check plans/quang-ngai-2025.toml\n"), "{check}");
    assert!(check.contains("\nMã thoát: 0 không có lỗi"), "{check}");
    // The words clap writes inside the help itself.
    assert!(check.contains("\n          [mặc định: auto]\n          [giá trị có thể: auto, always, never]\n"), "{check}");
    assert!(check.contains("\n          Giá trị có thể:\n          - human:  Chẩn đoán kiểu rustc trên stderr\n"), "{check}");
    assert!(!check.contains("default:") && !check.contains("ossible values"), "{check}");
    let help_check = Test::new().args(["help", "check"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    assert_eq!(help_check, check);

    for lang in [&["--lang", "en"][..], &[]] {
        let en = Test::new().args(["--help"]).args(lang).env("CUTOVER_LANG", if lang.is_empty() { "en" } else { "vi" });
        let en = en.status(0).run().stdout;
        assert!(en.contains("\nUsage: cutover [OPTIONS] <COMMAND>\n"), "{en}");
        assert!(
            en.contains("\n  check          Check plan files: structure, references, deadlines; every problem with its place\n"),
            "{en}"
        );
        let check = Test::new().args(["check", "--help"]).args(lang).env("CUTOVER_LANG", if lang.is_empty() { "en" } else { "vi" });
        let check = check.status(0).run().stdout;
        assert!(check.contains("\n          Print only errors (and the summary when there are some)\n"), "{check}");
        assert!(check.contains("\nExamples:\n  cutover check plans/quang-ngai-2025.toml\n"), "{check}");
    }
    // `--lang` given after the command, and `-h`.
    let en = Test::new().args(["mark", "-h", "--lang=en"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    assert!(en.contains("  -h, --help                    Print help\n"), "{en}");
    let vi = Test::new().args(["mark", "-h"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    assert!(vi.contains("  -h, --help                    In hướng dẫn sử dụng\n"), "{vi}");
}

#[test]
fn man_pages_are_vietnamese_by_default_and_english_on_request() {
    let vi = Test::new().args(["man"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    assert!(vi.contains("In trang hướng dẫn (roff), hoặc ghi mỗi lệnh một trang vào một thư mục"), "{vi}");
    // clap_mangen's own words too.
    assert!(vi.contains("\n.SH \"TÊN\"\n") && vi.contains("\n.SH \"CÚ PHÁP\"\n") && !vi.contains(".SH NAME"), "{vi}");
    assert!(vi.contains("\\fB\\-\\-color\\fR \\fI<COLOR>\\fR [mặc định: auto]\n"), "{vi}");
    let en = Test::new().args(["man", "--lang", "en"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    assert!(en.contains("Print the manual page (roff), or write one per command into a directory"), "{en}");
    assert!(!en.contains("In trang hướng dẫn"), "{en}");
    assert!(en.contains("\n.SH NAME\n") && en.contains("[default: auto]"), "{en}");

    let d = tempfile::tempdir().unwrap();
    let out = Test::new().args(["man", "--dir"]).arg(d.path()).env("CUTOVER_LANG", "vi").status(0).run();
    assert!(out.stderr.starts_with("đã ghi 21 trang hướng dẫn vào "), "{}", out.stderr);
    let why = std::fs::read_to_string(d.path().join("cutover-why.1")).unwrap();
    assert!(why.contains("Nhiệm vụ (`task` hoặc `task@unit`)"), "{why}");
    let f = d.path().join("file");
    std::fs::write(&f, "x").unwrap();
    let out = Test::new().args(["man", "--dir"]).arg(&f).env("CUTOVER_LANG", "vi").status(2).run();
    assert!(out.stderr.contains("` không phải là thư mục"), "{}", out.stderr);
}

#[test]
fn vietnamese_completions_are_valid_and_describe_in_vietnamese() {
    let script = Test::new().args(["completions", "bash"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("cutover.bash");
    std::fs::write(&path, &script).unwrap();
    let out = std::process::Command::new("bash").arg("-n").arg(&path).output().expect("bash");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for shell in ["zsh", "fish"] {
        let s = Test::new().args(["completions", shell]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
        assert!(s.contains("Kiểm tra tệp kế hoạch"), "{shell}: {s}");
        let en = Test::new().args(["completions", shell]).status(0).run().stdout;
        assert!(en.contains("Check plan files") && !en.contains("Kiểm tra tệp kế hoạch"), "{shell}");
    }
    let fish = Test::new().args(["completions", "fish"]).env("CUTOVER_LANG", "vi").status(0).run().stdout;
    let path = d.path().join("cutover.fish");
    std::fs::write(&path, &fish).unwrap();
    if let Ok(out) = std::process::Command::new("fish").arg("-n").arg(&path).output() {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn usage_errors_are_vietnamese_by_default_and_english_on_request() {
    let vi = Test::new().args(["frobnicate"]).env("CUTOVER_LANG", "vi").status(2).run();
    assert_eq!(vi.stderr, "lỗi: không có lệnh 'frobnicate'\n\nCách dùng: cutover [OPTIONS] <COMMAND>\n\nXem thêm: '--help'.\n");
    let vi = Test::new().args(["check", "plan.toml", "--format", "jsn"]).env("CUTOVER_LANG", "vi").status(2).run();
    assert!(
        vi.stderr.starts_with("lỗi: giá trị 'jsn' không hợp lệ cho '--format <FORMAT>'\n  [giá trị có thể: human, json, github, sarif]\n"),
        "{}",
        vi.stderr
    );
    assert!(vi.stderr.contains("  gợi ý: có giá trị tương tự: 'json'\n"), "{}", vi.stderr);
    let vi = Test::new().args(["check", "--frob"]).env("CUTOVER_LANG", "vi").status(2).run();
    assert!(vi.stderr.contains("\n  gợi ý: để truyền '--frob' như một giá trị, hãy dùng '-- --frob'\n"), "{}", vi.stderr);
    let en = Test::new().args(["frobnicate", "--lang", "en"]).env("CUTOVER_LANG", "vi").status(2).run();
    assert_eq!(
        en.stderr,
        "error: unrecognized subcommand 'frobnicate'\n\nUsage: cutover [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n"
    );
}

/// `CUTOVER_LANG=` (set but empty) asks for no language: Vietnamese help,
/// and a run, not a usage error.
#[test]
fn an_empty_cutover_lang_is_the_default() {
    let help = Test::new().args(["--help"]).env("CUTOVER_LANG", "").status(0).run().stdout;
    assert!(help.contains("\nCách dùng: cutover [OPTIONS] <COMMAND>\n"), "{help}");
    Test::new().args(["check", "examples/minimal.toml"]).env("CUTOVER_LANG", "").status(0).run();
}
