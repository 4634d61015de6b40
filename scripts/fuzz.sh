#!/usr/bin/env bash
# Fuzz `cutover` with cargo-fuzz (libFuzzer). NOT part of CI: CI has no time
# for it. Run it by hand, e.g. before a release or after touching the loader,
# the rules or the time parser.
#
#   scripts/fuzz.sh                 # every target, 600 s each, one after the other
#   scripts/fuzz.sh 3600 load       # the `load` target for an hour
#   FUZZ_SECONDS=60 scripts/fuzz.sh time
#
# Targets (fuzz/fuzz_targets/):
#   load  arbitrary bytes as a plan file: load, check, every report, the
#         critical path
#   time  arbitrary text as a time expression, a duration, a time zone
#   status_log  arbitrary bytes as the status log of the night, against
#         examples/minimal.toml: parsed, applied (all of it and as of two
#         moments), warnings (at most 2 x SHOWN_WARNINGS + 2 lines, none with
#         a control character), forecast, status screen (text, JSON), `next`
#   mark_id  arbitrary text as `cutover mark`'s ID (`task`, `task@unit`,
#         `task@all`) against the same plan: what it names exists, once, and
#         reads back as itself; `task@all` names the task in every unit
#
# Stable Rust is enough: the script sets RUSTC_BOOTSTRAP=1 so stable rustc
# accepts the nightly-only flags cargo-fuzz passes. It installs cargo-fuzz
# when it is missing. The corpus grows in fuzz/corpus/<target>/ (git-ignored;
# each run first adds to it the repository's plans and examples for `load`,
# fuzz/seeds/<target>/ for the others — time expressions, status logs made
# by `cutover mark` and torn or hostile ones, ids — and the target's saved
# regressions) and carries over between runs. The dictionary is
# fuzz/toml.dict, plus the status log's words for status_log and mark_id.
#
# When a run finds a crash, timeout or out-of-memory, libFuzzer stops and
# writes the input to fuzz/artifacts/<target>/{crash,timeout,oom}-<sha1>.
# To reproduce and keep it:
#
#   RUSTC_BOOTSTRAP=1 cargo fuzz run  -s none load fuzz/artifacts/load/crash-…   # replays it, shows the panic
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s none load fuzz/artifacts/load/crash-…   # minimises it
#   cp fuzz/artifacts/load/minimized-from-… tests/fuzz-regressions/load-<short-name>.toml
#   cargo test --test integration fuzz_regressions   # runs every saved input in-process
#
# (Files for the `time` target go to tests/fuzz-regressions/time-<name>.txt,
# for `status_log` to status_log-<name>.jsonl, for `mark_id` to
# mark_id-<name>.txt.)
#
# Environment: FUZZ_SECONDS (default 600, or the first numeric argument),
# FUZZ_SANITIZER (default `none`: safe Rust, and panics are what we look
# for; `address` is slower), FUZZ_JOBS (parallel fuzzing processes; default
# 1), FUZZ_KEEP_GOING=1 (libFuzzer's fork mode: write each crash, timeout or
# OOM to fuzz/artifacts/<target>/ and go on fuzzing instead of stopping at the
# first), FUZZ_SKIP_KNOWN=1 (the targets skip inputs that hit the known,
# reported bugs listed in fuzz/fuzz_targets/known.rs, so a bug that is not
# fixed yet does not stop every run at once), FUZZ_ARGS (extra libFuzzer
# flags).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds="${FUZZ_SECONDS:-600}"
targets=()
for arg in "$@"; do
    case "$arg" in
        '' | *[!0-9]*) targets+=("$arg") ;;
        *) seconds="$arg" ;;
    esac
done
if [ ${#targets[@]} -eq 0 ]; then
    targets=(load time status_log mark_id)
fi
for t in "${targets[@]}"; do
    if [ ! -f "fuzz/fuzz_targets/$t.rs" ]; then
        echo "fuzz.sh: no fuzz target \`$t\` (have: load, time, status_log, mark_id)" >&2
        exit 2
    fi
done

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz" >&2
    cargo install cargo-fuzz
fi

export RUSTC_BOOTSTRAP=1
sanitizer="${FUZZ_SANITIZER:-none}"
jobs="${FUZZ_JOBS:-1}"
extra=()
if [ -n "${FUZZ_ARGS:-}" ]; then
    read -r -a extra <<<"$FUZZ_ARGS"
fi
if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
    extra+=("-fork=$jobs" "-ignore_crashes=1" "-ignore_timeouts=1" "-ignore_ooms=1")
elif [ "$jobs" -gt 1 ]; then
    extra+=("-jobs=$jobs" "-workers=$jobs")
fi

seed() {
    local t="$1" dir="fuzz/corpus/$1"
    mkdir -p "$dir" "fuzz/artifacts/$t"
    case "$t" in
        load)
            for f in plans/*.toml plans/units/*.toml examples/*.toml examples/errors/*.toml tests/fuzz-regressions/load-*; do
                [ -f "$f" ] && cp "$f" "$dir/seed-$(echo "$f" | tr '/' '_')"
            done
            ;;
        time | status_log | mark_id)
            for f in "fuzz/seeds/$t"/* tests/fuzz-regressions/"$t"-*; do
                [ -f "$f" ] && cp "$f" "$dir/seed-$(echo "$f" | tr '/' '_')"
            done
            ;;
    esac
    return 0
}

# The libFuzzer dictionary of a target: fuzz/toml.dict, and for the night's
# targets the words of the status log too (its JSON keys and events, the ids
# of examples/minimal.toml, RFC 3339 pieces, escapes of control characters).
# Written to a temporary file: libFuzzer takes one -dict.
dict_for() {
    local t="$1" out="$2"
    cat "$root/fuzz/toml.dict" >"$out"
    case "$t" in
        status_log | mark_id)
            cat >>"$out" <<'DICT'

# The status log (scripts/fuzz.sh adds these for status_log and mark_id)
"{\x22event\x22:\x22"
"\x22,\x22task\x22:\x22"
"\x22,\x22at\x22:\x22"
"\x22,\x22recorded\x22:\x22"
"\x22,\x22by\x22:\x22"
"\x22,\x22reason\x22:\x22"
"\x22,\x22note\x22:\x22"
"\x22,\x22until\x22:\x22"
"\x22}"
"\x22:null"
"start"
"done"
"block"
"reopen"
"email.accounts"
"email.trial"
"email.golive"
"camthanh"
"nghialo"
"@"
"@all"
"2025-06-20T15:00:00+07:00"
"2025-06-30T24:00:00Z"
"T"
"Z"
"+07:00"
"-23:59"
".999999999"
"\\u001b[2J"
"\\u009b"
"\\u007f"
"\\u0000"
"\\ud800"
"\\u202e"
"\\n"
"\\r"
DICT
            ;;
    esac
}

status=0
for t in "${targets[@]}"; do
    seed "$t"
    echo "fuzz.sh: fuzzing \`$t\` for ${seconds}s" >&2
    marker="$(mktemp)"
    dict="$(mktemp)"
    dict_for "$t" "$dict"
    if ! cargo fuzz run -s "$sanitizer" "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$seconds" \
        -max_len=65536 \
        -rss_limit_mb=4096 \
        -timeout=10 \
        -dict="$dict" \
        -print_final_stats=1 \
        "${extra[@]}"; then
        found="$(find "fuzz/artifacts/$t" -type f -newer "$marker" | sort)"
        if [ -n "$found" ]; then
            echo "fuzz.sh: \`$t\` found a problem (see the header of this script to replay and minimise it):" >&2
            echo "$found" >&2
        else
            echo "fuzz.sh: \`$t\` stopped early without an artifact (interrupted, or a build error above)" >&2
        fi
        status=1
    fi
    rm -f "$marker" "$dict"
done
exit "$status"
