//! The night and the analyses in both languages: `status`, `next`,
//! `critical-path`, `why` and `diff` speak Vietnamese by default and English
//! with `--lang en`, the words from `locales/night.toml`.

use crate::test::{Output, Test, root};

const PLAN: &str = "plans/quang-ngai-2025.toml";
const MINIMAL: &str = "examples/minimal.toml";

fn vi(args: &[&str], status: i32) -> Output {
    Test::new().args(args).env("CUTOVER_LANG", "vi").status(status).run()
}

fn en(args: &[&str], status: i32) -> Output {
    Test::new().args(args).args(["--lang", "en"]).env("CUTOVER_LANG", "vi").status(status).run()
}

#[test]
fn status_in_vietnamese_and_in_english() {
    let args = ["status", MINIMAL, "--now", "2025-06-30T20:00"];
    assert_eq!(
        vi(&args, 0).stdout,
        "\
Tình hình lúc 20:00 30/6/2025 — 0/6 việc xong (0%)
T-0: 24:00 30/6/2025 (T-04:00)
Dự báo xong: 10:30 1/7/2025 — dự phòng dự báo -10h 30m

Theo hệ thống:
  email      [....................]     0/5     (4 quá hạn)
  (khác)     [....................]     0/1     

Đơn vị chậm nhất:
  camthanh     [....................]   0/1   Phường Cẩm Thành             (1 quá hạn)
  nghialo      [....................]   0/1   Phường Nghĩa Lộ              (1 quá hạn)

Quá hạn (3)
  email.backup                     hạn trước 18/6/2025
  email.accounts ×2                hạn trước 24/6/2025
  email.trial                      hạn ngày 25/6/2025

Bị chặn (0)

Có nguy cơ trễ (chưa quá hạn) (2)
  email.gate                       dự báo xong 08:30 1/7/2025 > hạn 22:00 30/6/2025
  email.golive                     dự báo xong 10:30 1/7/2025 > hạn 24:00 30/6/2025

Cổng quyết định go/no-go (1)
  email.gate                       chờ: vpubnd (0/1 đồng ý)

Quay lui (backout) — cửa sổ kết thúc 07:00 1/7/2025, cảnh báo trước 2h: ĐỎ
  email      BN 23:00 30/6/2025  BW 13:30 1/7/2025  (3h)  đỏ
"
    );
    let text = en(&args, 0).stdout;
    for line in [
        "Status at 2025-06-30T20:00 — 0/6 instances done (0%)\n",
        "\nCutover: 2025-06-30T24:00 (T-04:00)\n",
        "\nForecast finish: 2025-07-01T10:30 — forecast margin -10h 30m\n",
        "\nBy system:\n  email      [....................]     0/5     (4 overdue)\n  (other)    [....................]     0/1     \n",
        "\nUnits furthest behind:\n",
        "\nOverdue (3)\n  email.backup                     due before 2025-06-18\n",
        "\nBlocked (0)\n",
        "\nAt risk (not overdue yet) (2)\n  email.gate                       forecast 2025-07-01T08:30 > due 2025-06-30T22:00\n",
        "\nGo/no-go gates (1)\n  email.gate                       pending: vpubnd (0/1 go)\n",
        "\nBackout — window ends 2025-07-01T07:00, warning 2h: RED\n  email      BN 2025-06-30T23:00  BW 2025-07-01T13:30  (3h)  red\n",
    ] {
        assert!(text.contains(line), "lacks {line:?}:\n{text}");
    }
    // The shipped plan: the heading and the countdown.
    let v = vi(&["status", PLAN, "--now", "2025-06-30T20:00"], 0).stdout;
    assert!(v.starts_with("Tình hình lúc 20:00 30/6/2025 — 0/1226 việc xong (0%)\nT-0: 24:00 30/6/2025 (T-04:00)\n"), "{v}");
    let e = en(&["status", PLAN, "--now", "2025-06-30T20:00"], 0).stdout;
    assert!(e.starts_with("Status at 2025-06-30T20:00 — 0/1226 instances done (0%)\nCutover: 2025-06-30T24:00 (T-04:00)\n"), "{e}");
}

#[test]
fn next_in_vietnamese_and_in_english() {
    let args = ["next", PLAN, "--now", "2025-06-30T18:00", "--hours", "8"];
    let v = vi(&args, 0).stdout;
    assert!(v.starts_with("Quá hạn ("), "{v}");
    assert!(v.contains("│ Nhiệm vụ "), "{v}");
    for word in ["┆ Nội dung ", "┆ Chủ trì ", "┆ Hạn ", "┆ Bắt đầu muộn nhất ", "┆ Còn chờ ", "\nPhải bắt đầu — còn chờ ("]
    {
        assert!(v.contains(word), "lacks {word:?}:\n{v}");
    }
    let e = en(&args, 0).stdout;
    assert!(e.starts_with("Overdue ("), "{e}");
    for word in ["│ Task ", "┆ Title ", "┆ Lead ", "┆ Due ", "┆ Latest start ", "┆ Waits for ", "\nMust start — still waiting ("]
    {
        assert!(e.contains(word), "lacks {word:?}:\n{e}");
    }
    let quiet = ["next", PLAN, "--now", "2025-06-12T08:00", "--hours", "4"];
    assert_eq!(vi(&quiet, 0).stdout, "Không có việc nào cần làm trong khoảng thời gian này.\n\n");
    assert_eq!(en(&quiet, 0).stdout, "Nothing is due or needs to start in this window.\n\n");
}

#[test]
fn critical_path_in_vietnamese_and_in_english() {
    let v = vi(&["critical-path", MINIMAL], 0).stdout;
    assert!(v.contains("│ # ┆ Nhiệm vụ "), "{v}");
    for word in ["┆ Nội dung ", "┆ Chủ trì ", "┆ Bắt đầu sớm ", "┆ Xong sớm ", "┆ Hạn ", "┆ Dự phòng │"] {
        assert!(v.contains(word), "lacks {word:?}:\n{v}");
    }
    assert!(v.ends_with("\nXong sớm nhất: 24:00 30/6/2025\nThời điểm chuyển đổi (T-0): 24:00 30/6/2025\nDự phòng: 0h\n"), "{v}");
    let e = en(&["critical-path", MINIMAL], 0).stdout;
    for word in ["│ # ┆ Task ", "┆ Title ", "┆ Lead ", "┆ Early start ", "┆ Early finish ", "┆ Due ", "┆ Slack │"] {
        assert!(e.contains(word), "lacks {word:?}:\n{e}");
    }
    assert!(e.ends_with("\nEarliest finish: 2025-06-30T24:00\nCutover (T-0): 2025-06-30T24:00\nMargin: 0h\n"), "{e}");
    // An end the plan does not have: said in the language of messages.
    let bad = ["critical-path", PLAN, "--to", "lgsp.codes.plam"];
    assert_eq!(vi(&bad, 2).stderr, "lỗi: không có nhiệm vụ hay lượt `lgsp.codes.plam`; có phải ý bạn là `lgsp.codes.plan`?\n");
    assert_eq!(en(&bad, 2).stderr, "error: no task or instance `lgsp.codes.plam`; did you mean `lgsp.codes.plan`?\n");
    let bad = ["why", PLAN, "email.list@nowhere"];
    assert_eq!(vi(&bad, 2).stderr, "lỗi: không có nhiệm vụ hay lượt `email.list@nowhere`\n");
    assert_eq!(en(&bad, 2).stderr, "error: no task or instance `email.list@nowhere`\n");
}

#[test]
fn why_in_vietnamese_and_in_english() {
    let v = vi(&["why", PLAN, "qlvb.golive"], 0).stdout;
    for line in [
        "\nBắt đầu sớm 20:00 30/6/2025 · xong sớm 24:00 30/6/2025 · xong muộn nhất 24:00 30/6/2025\n",
        "\nDự phòng: 0h (tự do: 0h) — trên đường găng\n\nVì sao bắt đầu lúc đó:\n",
        "\n  1. `qlvb.trial` từ thời điểm riêng của nó (`not_before`, ngày thực hiện hoặc `at`): 07:30 25/6/2025 → 17:00 25/6/2025\n",
        "\n  2. `qlvb.gate` sau `qlvb.trial` (fs 0h): 19:30 30/6/2025 → 20:00 30/6/2025\n",
        "\nXong muộn nhất do: thời điểm ghim `at`, 24:00 30/6/2025\n",
        "\nĐể ra khỏi đường găng: dời thời điểm ghim `at`, hoặc làm sớm hơn hay ngắn hơn chuỗi trên (bắt đầu từ `qlvb.trial`).\n",
    ] {
        assert!(v.contains(line), "lacks {line:?}:\n{v}");
    }
    let e = en(&["why", PLAN, "qlvb.golive"], 0).stdout;
    for line in [
        "\nEarly start 2025-06-30T20:00 · early finish 2025-06-30T24:00 · late finish 2025-06-30T24:00\n",
        "\nSlack: 0h (free: 0h) — critical\n\nWhat sets its early start:\n",
        "\n  1. `qlvb.trial` from its own `not_before`, day or `at`: ",
        "\n  2. `qlvb.gate` after `qlvb.trial` (fs 0h): 2025-06-30T19:30 → 2025-06-30T20:00\n",
        "\nIts late finish is set by: its pinned instant (`at`), 2025-06-30T24:00\n",
        "\nTo take it off the path: move its pinned instant (`at`), or bring the chain above forward or shorten it (it begins at `qlvb.trial`).\n",
    ] {
        assert!(e.contains(line), "lacks {line:?}:\n{e}");
    }
    let v = vi(&["why", PLAN, "lgsp.codes.plan"], 0).stdout;
    assert!(v.contains("\n  1. `lgsp.codes.plan` từ ngày bắt đầu của kế hoạch (`start`): "), "{v}");
    assert!(v.contains("\nXong muộn nhất do: hạn của nó, 24:00 14/6/2025\n"), "{v}");
    assert!(v.ends_with("\nĐể thành găng: trễ thêm 3d (xong sau 24:00 14/6/2025); trễ tới 0h không làm lùi việc nào sau nó.\n"), "{v}");
    let e = en(&["why", PLAN, "lgsp.codes.plan"], 0).stdout;
    assert!(e.contains("\nIts late finish is set by: its deadline, 2025-06-14T24:00\n"), "{e}");
    assert!(e.ends_with("\nTo become critical: slip by 3d (finish after 2025-06-14T24:00); up to 0h delays nothing after it.\n"), "{e}");
}

#[test]
fn diff_in_vietnamese_and_in_english() {
    let same = ["diff", PLAN, PLAN];
    assert_eq!(
        vi(&same, 0).stdout,
        "Không có thay đổi nào về nhiệm vụ hay phát hiện.\n\
         Đường găng: portal.trial → portal.gate → portal.golive (không đổi)\n\
         Dự phòng đến T-0: 0h → 0h\n"
    );
    assert_eq!(
        en(&same, 0).stdout,
        "No task or finding changed.\nCritical path: portal.trial → portal.gate → portal.golive (unchanged)\nMargin to T-0: 0h → 0h\n"
    );
    // A deadline moved: the changed task, the finding it brings, as a pull-request comment.
    let d = crate::test::scratch(&["plans/quang-ngai-2025.toml", "plans/units/quang-ngai-2025.toml"]);
    let text = std::fs::read_to_string(root().join(PLAN)).unwrap();
    let new = text.replacen("due     = \"trước ngày 15/6/2025\"", "due     = \"trước ngày 22/6/2025\"", 1);
    assert_ne!(new, text);
    std::fs::write(d.path().join("plans/new.toml"), new).unwrap();
    let run = |lang: &str, format: &str| {
        Test::new().current_dir(d.path()).args(["diff", PLAN, "plans/new.toml", "--format", format, "--lang", lang]).status(0).run().stdout
    };
    let v = run("vi", "human");
    assert!(v.starts_with("Nhiệm vụ thay đổi (1):\n  ~ lgsp.codes.plan\n      due: trước ngày 15/6/2025 → trước ngày 22/6/2025\n"), "{v}");
    assert!(v.contains("\nPhát hiện mới (1):\n  cảnh báo[due-on-day-off]: "), "{v}");
    assert!(v.contains("\nPhát hiện đã hết (1):\n  cảnh báo[due-on-day-off]: "), "{v}");
    let e = run("en", "human");
    assert!(e.starts_with("Tasks changed (1):\n  ~ lgsp.codes.plan\n      due: trước ngày 15/6/2025 → trước ngày 22/6/2025\n"), "{e}");
    assert!(e.contains("\nFindings introduced (1):\n") && e.contains("\nFindings fixed (1):\n"), "{e}");
    let v = run("vi", "markdown");
    assert!(v.contains("**Nhiệm vụ thay đổi** (1)\n\n| nhiệm vụ | khóa | trước | sau |\n|---|---|---|---|\n"), "{v}");
    assert!(v.contains("| | trước | sau |\n|---|---|---|\n| Đường găng | "), "{v}");
    assert!(v.contains("\n| Dự phòng đến T-0 | 0h | 0h |\n"), "{v}");
    let e = run("en", "markdown");
    assert!(e.contains("**Tasks changed** (1)\n\n| task | field | before | after |\n|---|---|---|---|\n"), "{e}");
    assert!(e.contains("\n| Margin to T-0 | 0h | 0h |\n"), "{e}");
}
