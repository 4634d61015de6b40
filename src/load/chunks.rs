//! Cutting a file into parts at its top-level table headers, and the
//! memory burst a very large file takes before it is read.

/// Chunks of about this many bytes are parsed on their own.
pub(super) const CHUNK_BYTES: usize = 1 << 20;

/// The part size for a file of `len` bytes: 1 MiB, or an eighth of a
/// smaller file (at least 64 KiB), so a plan of a few thousand tasks is read
/// on both cores too and its `[[task]]` parts go to the fast reader (the
/// part holding `[plan]` and the orgs goes to the TOML parser). Session 12
/// chose a quarter (each part then cost its reader fresh lists); with the
/// readers kept and their emptied lists handed back, an eighth balances the
/// two cores better at the end: the 5k DAG 0.93–0.96×, the 10k DAG 0.96×
/// (docs/performance.md, "Session 15").
pub(super) fn chunk_bytes(len: usize) -> usize {
    (len / 8).clamp(64 << 10, CHUNK_BYTES)
}

/// A file with at least this many `[[task]]` tables takes its memory in one
/// burst before it is read ([`crate::memory::prefault`]). Smaller files are
/// read in a fraction of a second, too quickly for the pages they touch to be
/// handed back meanwhile: for the 100k DAG the burst only added its own cost.
pub(super) const PREFAULT_MIN_TASKS: usize = 200_000;

/// The fresh memory a generated task needs from reading to schedule (the
/// task, its lists and strings, its references until resolved, its share of
/// the id index, the graph and the schedule): measured on the 1M DAG
/// (docs/performance.md).
pub(super) const BYTES_PER_TASK: usize = 700;

/// How much memory to take in one burst before reading a file of `len`
/// bytes with `task_headers` `[[task]]` tables: [`BYTES_PER_TASK`] a task,
/// never more than [`MAX_PREFAULT_PER_BYTE`] times the file (a file of bare
/// `[[task]]` lines must not make `cutover` touch gigabytes it never uses),
/// nothing below [`PREFAULT_MIN_TASKS`].
pub(super) fn prefault_bytes(task_headers: usize, len: usize) -> usize {
    if task_headers < PREFAULT_MIN_TASKS {
        return 0;
    }
    task_headers.saturating_mul(BYTES_PER_TASK).min(len.saturating_mul(MAX_PREFAULT_PER_BYTE))
}

/// A generated task takes ~175 bytes of text and ~700 of memory.
pub(super) const MAX_PREFAULT_PER_BYTE: usize = 4;

/// The index of chunk `r` in `chunks` (chunks are sorted and disjoint).
pub(super) fn next_index(chunks: &[std::ops::Range<usize>], r: &std::ops::Range<usize>) -> usize {
    chunks.partition_point(|c| c.start < r.start)
}

/// Cuts found without reading the text through (a word-at-a-time search
/// for line breaks followed by `[`): before lines that look like a table
/// header (`[name]`, `[[name]]`, bare names), each part at least `target`
/// bytes but the last, the head (`[plan]`, orgs, units) apart from the
/// first `[[task]]`; and about how many `[[task]]` lines the text has.
///
/// A line inside a multi-line string or array can look like a header too.
/// A cut there leaves the part before it with an unterminated string or
/// array, a syntax error: the caller then cuts again with [`split_counted`],
/// which follows strings and brackets (a valid file is never read wrongly,
/// only an invalid one twice).
pub(super) fn split_guessed(text: &str, target: usize) -> (Vec<std::ops::Range<usize>>, usize) {
    let b = text.as_bytes();
    if b.len() <= target {
        return (vec![0..b.len()], 0);
    }
    // The `[[task]]` lines, counted; the head goes to the TOML parser, the
    // tasks from the first one on to the fast reader.
    let starts_with_task = b.starts_with(b"[[task]]");
    let mut tasks = usize::from(starts_with_task);
    let mut first_task = None;
    for i in memchr::memmem::find_iter(b, b"\n[[task]]") {
        tasks += 1;
        if first_task.is_none() && !starts_with_task && is_header(&b[i + 1..]) {
            first_task = Some(i + 1);
        }
    }
    let headers = memchr::memmem::Finder::new(b"\n[");
    let mut cuts = vec![0usize];
    let mut from = target;
    while from < b.len() {
        let Some(k) = headers.find(&b[from - 1..]) else { break };
        let line = from + k;
        let last = cuts[cuts.len() - 1];
        if let Some(f) = first_task.filter(|&f| f > last && f <= line) {
            cuts.push(f);
            from = from.max(f + 1);
            continue;
        }
        if line < b.len() && is_header(&b[line..]) && may_cut_before(&b[line..]) {
            cuts.push(line);
            from = line + target;
        } else {
            from = line + 1;
        }
    }
    if let Some(f) = first_task.filter(|&f| f > cuts[cuts.len() - 1]) {
        cuts.push(f);
    }
    cuts.push(b.len());
    (cuts.windows(2).map(|w| w[0]..w[1]).collect(), tasks)
}

/// Whether a part may begin at the header that begins `line`: a table of
/// its own (`[plan]`, `[[task]]`) or an entry of a table of entries
/// (`[org.skhcn]`, `[system.email]`, `[calendar.x]`); not a table inside the
/// one before it (`[task.not_before]` after a `[[task]]`, `[org.x.y]`,
/// `[plan.rules]`), which read alone would be another table.
fn may_cut_before(line: &[u8]) -> bool {
    let open = if line.starts_with(b"[[") { 2 } else { 1 };
    let rest = &line[open.min(line.len())..];
    let end = rest.iter().position(|&c| c == b']' || c == b'\n').unwrap_or(rest.len());
    let mut parts = rest[..end].split(|&c| c == b'.');
    let first = parts.next().unwrap_or_default().trim_ascii();
    match (parts.next(), parts.next()) {
        (None, _) => true,
        (Some(_), None) => open == 1 && matches!(first, b"org" | b"system" | b"calendar"),
        _ => false,
    }
}

/// Whether a line begins with a table header of bare names (`[plan]`,
/// `[org.skhcn]`, `[[task]]`) and nothing after it but a comment.
fn is_header(line: &[u8]) -> bool {
    let double = line.starts_with(b"[[");
    let open = if double { 2 } else { 1 };
    let name = line[open..].iter().take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')).count();
    let close: &[u8] = if double { b"]]" } else { b"]" };
    if name == 0 || !line[open + name..].starts_with(close) {
        return false;
    }
    let rest = &line[open + name + close.len()..];
    let rest = &rest[rest.iter().take_while(|&&c| c == b' ' || c == b'\t').count()..];
    matches!(rest.first(), None | Some(b'\n' | b'#')) || rest.starts_with(b"\r\n")
}

/// Byte ranges that cut `text` at top-level table headers (`[x]`, `[[x]]`
/// at the start of a line, outside any string, array or inline table), each
/// at least `target` bytes long but the last. A cut never changes what the
/// document means: every chunk is whole tables.
pub fn split_chunks(text: &str, target: usize) -> Vec<std::ops::Range<usize>> {
    split_counted(text, target).0
}

/// [`split_chunks`], and how many `[[task]]` headers the text has (to size
/// the task list once).
pub(super) fn split_counted(text: &str, target: usize) -> (Vec<std::ops::Range<usize>>, usize) {
    let b = text.as_bytes();
    if b.len() <= target {
        return (vec![0..b.len()], 0);
    }
    // Bytes that matter inside a line; runs of other bytes are skipped at once.
    const fn special() -> [bool; 256] {
        let mut t = [false; 256];
        let mut i = 0;
        let s = b"\n#\"'[]{}";
        while i < s.len() {
            t[s[i] as usize] = true;
            i += 1;
        }
        t
    }
    static SPECIAL: [bool; 256] = special();
    let mut cuts = vec![0usize];
    let mut tasks = 0;
    let mut depth: i64 = 0;
    let mut line_begin = 0usize;
    let mut at_line_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                at_line_start = true;
                line_begin = i + 1;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' if at_line_start => {
                i += 1;
                continue;
            }
            _ => {}
        }
        if c == b'[' && at_line_start && depth == 0 {
            let task = b[i..].starts_with(b"[[task]]");
            let last = cuts[cuts.len() - 1];
            // The first `[[task]]` after other tables starts a part of its
            // own: the head (`[plan]`, orgs, units) goes to the TOML parser,
            // the tasks to the fast reader.
            if (line_begin - last >= target && may_cut_before(&b[i..])) || (task && tasks == 0 && line_begin > last) {
                cuts.push(line_begin);
            }
            if task {
                tasks += 1;
            }
        }
        at_line_start = false;
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                i = skip_string(b, i);
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
        while i < b.len() && !SPECIAL[b[i] as usize] {
            i += 1;
        }
    }
    cuts.push(b.len());
    (cuts.windows(2).map(|w| w[0]..w[1]).collect(), tasks)
}

/// The index just past the string that starts at `b[i]` (a quote): basic or
/// literal, single-line (it also ends at a line break) or triple-quoted.
pub(super) fn skip_string(b: &[u8], mut i: usize) -> usize {
    let q = b[i];
    let escapes = q == b'"';
    let triple = b.len() >= i + 3 && b[i + 1] == q && b[i + 2] == q;
    i += if triple { 3 } else { 1 };
    while i < b.len() {
        let c = b[i];
        if escapes && c == b'\\' {
            i += 2;
            continue;
        }
        if triple {
            if c == q && b.len() >= i + 3 && b[i + 1] == q && b[i + 2] == q {
                i += 3;
                // A closing run may hold up to two more quotes (`""""`).
                while i < b.len() && b[i] == q {
                    i += 1;
                }
                return i;
            }
        } else if c == q {
            return i + 1;
        } else if c == b'\n' {
            return i;
        }
        i += 1;
    }
    b.len()
}
