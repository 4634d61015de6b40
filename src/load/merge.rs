//! Reading one file: cut into parts at top-level headers, parts read on
//! every core (the fast reader, else the TOML parser) and merged in order.

use super::*;

impl Loader {
    /// Reads one file's entries into `raw`; returns its includes. A large
    /// file is cut at top-level table headers into chunks that are parsed
    /// and read on every core; each chunk is merged, in order, as soon as it
    /// is ready and then dropped, so memory holds the model and a few
    /// chunks, never a second copy of the file's tasks.
    pub(super) fn read_file(&mut self, file: FileId, is_root: bool) -> Vec<Include> {
        let text = self.files.get(file).text.as_str();
        let target = chunk_bytes(text.len());
        // Cut where the lines look like table headers (a fast search), and
        // read; a cut inside a multi-line string or array shows as a syntax
        // error, and the file is then cut again by reading it through.
        let guessed = split_guessed(text, target);
        if guessed.0.len() > 1 && guessed.0.iter().all(|c| c.len() <= MAX_SECTION_BYTES) {
            if let Ok(includes) = self.read_parts(file, is_root, guessed, false) {
                return includes;
            }
        }
        let counted = split_counted(self.files.get(file).text.as_str(), target);
        self.read_parts(file, is_root, counted, true).unwrap_or_default()
    }

    /// Reads one file cut into `chunks` (with `task_headers` `[[task]]`
    /// lines, about). A syntax error anywhere: with `report`, every one is
    /// reported and nothing of the file kept; without, nothing is kept or
    /// reported and the answer is `Err`.
    fn read_parts(
        &mut self,
        file: FileId,
        is_root: bool,
        (chunks, task_headers): (Vec<std::ops::Range<usize>>, usize),
        report: bool,
    ) -> Result<Vec<Include>, ()> {
        let Loader { files, findings, raw, syntax_errors, has_plan_table, dropped, dropped_entries, .. } = self;
        let text = files.get(file).text.as_str();
        if let Some(big) = chunks.iter().find(|c| c.len() > MAX_SECTION_BYTES) {
            findings.push(
                Finding::new(
                    Rule::TooLarge,
                    Some(Span::new(file, big.start..big.start)),
                    crate::t!("load.long-section", size = big.len() >> 20, max = MAX_SECTION_BYTES >> 20),
                )
                .label(crate::t!("load.long-section-label"))
                .help(crate::t!("load.long-section-help")),
            );
            *syntax_errors = true;
            return Ok(Vec::new());
        }
        // A file of many tasks: take the memory they will need now, in one
        // burst, rather than page by page as they are read (crate::memory).
        crate::memory::prefault(prefault_bytes(task_headers, text.len()));
        let mark = (raw.lens(), findings.len(), raw.meta.is_none(), *has_plan_table, dropped.clone(), *dropped_entries);
        let mut m = Merger { raw, findings, dropped, dropped_entries, has_plan_table, includes: Vec::new(), syntax: Vec::new() };
        if chunks.len() == 1 {
            m.take(read_chunk(file, text, 0, is_root, Raw::default(), 0));
        } else {
            // The task list grown once (room for tasks the count missed,
            // e.g. under `[[ task ]]`, is found by growing). When the plan
            // has no tasks yet, the reader of the file's first `[[task]]`
            // part makes its list that size and the merger takes that list
            // as it is: the first part's tasks are neither copied nor held
            // twice.
            let first_tasks = chunks.iter().position(|c| text.as_bytes()[c.start..].starts_with(b"[[task]]"));
            let whole_file = first_tasks.filter(|_| m.raw.tasks.is_empty());
            if whole_file.is_none() {
                m.raw.tasks.reserve(task_headers);
            }
            m.raw.task_refs.reserve(task_headers);
            // A small head (`[plan]`, orgs, systems: for the TOML parser)
            // is read on this thread while the readers start (a thread
            // takes 0.1–0.3 ms to begin; this one would only wait).
            let head_here = chunks[0].len() <= HEAD_HERE_BYTES && first_tasks != Some(0);
            let next = std::sync::atomic::AtomicUsize::new(usize::from(head_here));
            let (tx, rx) = std::sync::mpsc::channel::<(usize, ChunkOut)>();
            // Emptied chunk lists, handed back to the readers.
            let spare: std::sync::Mutex<Vec<Raw>> = std::sync::Mutex::new(Vec::new());
            let (next, chunks_ref, spare_ref) = (&next, &chunks, &spare);
            let reader = |tx: std::sync::mpsc::Sender<(usize, ChunkOut)>| {
                move || {
                    while let Some(r) = chunks_ref.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                        let lists = spare_ref.lock().ok().and_then(|mut s| s.pop()).unwrap_or_default();
                        let i = next_index(chunks_ref, r);
                        let room = if whole_file == Some(i) { task_headers + 1 } else { 0 };
                        if tx.send((i, read_chunk(file, &text[r.clone()], r.start, is_root, lists, room))).is_err() {
                            break;
                        }
                    }
                }
            };
            crate::par::ensure_helpers(1);
            crate::par::scope(|scope| {
                // The first reader starts before this thread asks how many
                // cores there are (the cgroup files, ~60 µs), then the others.
                scope.spawn(reader(tx.clone()));
                let workers = crate::par::cores().min(chunks.len());
                crate::par::ensure_helpers(workers);
                for _ in 1..workers {
                    scope.spawn(reader(tx.clone()));
                }
                drop(tx);
                let mut waiting: HashMap<usize, ChunkOut> = HashMap::new();
                if head_here {
                    let r = &chunks[0];
                    waiting.insert(0, read_chunk(file, &text[r.clone()], r.start, is_root, Raw::default(), 0));
                }
                let mut want = 0;
                for (i, out) in rx {
                    waiting.insert(i, out);
                    while let Some(out) = waiting.remove(&want) {
                        let lists = m.take(out);
                        if let Ok(mut s) = spare.lock() {
                            s.push(lists);
                        }
                        want += 1;
                        crate::progress::step(crate::progress::Step::Chunks { done: want, total: chunks.len() });
                    }
                }
            });
        }
        let Merger { includes, syntax, .. } = m;
        // A syntax error anywhere: keep nothing of the file.
        if !syntax.is_empty() {
            let (lens, nfind, no_meta, had_plan, was_dropped, was_dropped_entries) = mark;
            raw.truncate(lens, no_meta);
            findings.truncate(nfind);
            *has_plan_table = had_plan;
            *dropped = was_dropped;
            *dropped_entries = was_dropped_entries;
            if !report {
                return Err(());
            }
            findings.extend(syntax);
            *syntax_errors = true;
            return Ok(Vec::new());
        }
        Ok(includes)
    }
}

/// Merges the chunks of one file, in order, into the plan's raw entries.
pub(super) struct Merger<'a> {
    pub(super) raw: &'a mut Raw,
    pub(super) findings: &'a mut Vec<Finding>,
    /// Findings not recorded past [`MAX_FINDINGS`].
    pub(super) dropped: &'a mut Vec<(Rule, usize)>,
    /// Entries not read past [`MAX_ENTRIES`].
    pub(super) dropped_entries: &'a mut usize,
    pub(super) has_plan_table: &'a mut bool,
    pub(super) includes: Vec<Include>,
    pub(super) syntax: Vec<Finding>,
}

impl Merger<'_> {
    /// Takes in a chunk's entries; returns its emptied lists, to be filled
    /// again by the next chunk (each chunk would otherwise ask the system
    /// for fresh memory: on a virtual machine, the slowest part of reading).
    pub(super) fn take(&mut self, mut o: ChunkOut) -> Raw {
        self.take_entries(&mut o);
        o.raw.clear();
        o.raw
    }

    pub(super) fn take_entries(&mut self, o: &mut ChunkOut) {
        if !o.syntax.is_empty() || !self.syntax.is_empty() {
            self.syntax.append(&mut o.syntax);
            return;
        }
        if o.has_plan && *self.has_plan_table {
            if let Some(m) = &o.raw.meta {
                self.findings.push(
                    Finding::new(Rule::TomlSyntax, Some(m.span), crate::t!("load.duplicate-plan"))
                        .label(crate::t!("load.duplicate-plan-label")),
                );
            }
        }
        *self.has_plan_table |= o.has_plan;
        let room = MAX_FINDINGS.saturating_sub(self.findings.len());
        for f in o.findings.iter().skip(room) {
            match self.dropped.iter_mut().find(|(r, _)| *r == f.rule) {
                Some((_, n)) => *n += 1,
                None => self.dropped.push((f.rule, 1)),
            }
        }
        self.findings.extend(o.findings.drain(..).take(room));
        if self.raw.total() >= MAX_ENTRIES {
            *self.dropped_entries += o.raw.total();
            return;
        }
        self.includes.append(&mut o.includes);
        let Raw { meta, sources, orgs, systems, units, tasks, task_refs, parts, calendars, holidays } = &mut o.raw;
        if self.raw.meta.is_none() {
            self.raw.meta = meta.take();
        }
        let part = self.raw.parts.len() as u32;
        self.raw.parts.append(parts);
        self.raw.sources.append(sources);
        self.raw.orgs.append(orgs);
        self.raw.systems.extend(systems.drain(..).map(|s| RawSystem { part, ..s }));
        self.raw.units.append(units);
        if self.raw.tasks.is_empty() && self.raw.tasks.capacity() < tasks.capacity() {
            // The plan's first tasks: their list becomes the plan's.
            std::mem::swap(&mut self.raw.tasks, tasks);
        } else {
            self.raw.tasks.append(tasks);
        }
        self.raw.task_refs.extend(task_refs.drain(..).map(|r| TaskRefs { part, ..r }));
        self.raw.calendars.append(calendars);
        self.raw.holidays.append(holidays);
    }
}

/// The largest head of a file (the part before its first `[[task]]`) read
/// on the loading thread while the reader threads start: a plan's
/// `[plan]`, orgs and systems, not a province's thousand units.
const HEAD_HERE_BYTES: usize = 16 << 10;

/// What reading one chunk of a file gives.
pub(super) struct ChunkOut {
    pub(super) raw: Raw,
    pub(super) findings: Vec<Finding>,
    pub(super) syntax: Vec<Finding>,
    pub(super) includes: Vec<Include>,
    pub(super) has_plan: bool,
}

/// The fewest bytes of text a `[[task]]` table with an id, a title, a lead
/// and a duration takes, about: a part's task lists are sized by it.
const TEXT_BYTES_PER_TASK: usize = 128;

/// Parses and reads the chunk `text`, which starts at byte `base` of `file`
/// (`lists`: emptied lists to fill; `room`: how many tasks its task list
/// is to have room for at least — all of the file's, when the merger will
/// take that list as the plan's).
pub(super) fn read_chunk(file: FileId, text: &str, base: usize, is_root: bool, lists: Raw, room: usize) -> ChunkOut {
    read_chunk_with(file, text, base, is_root, lists, true, room)
}

/// [`read_chunk`]; `quick`: try the fast reader first.
pub(super) fn read_chunk_with(file: FileId, text: &str, base: usize, is_root: bool, mut lists: Raw, quick: bool, room: usize) -> ChunkOut {
    lists.clear();
    lists.tasks.reserve(room);
    let mut out = ChunkOut { raw: lists, findings: Vec::new(), syntax: Vec::new(), includes: Vec::new(), has_plan: false };
    // Most parts of a large plan are plain `[[task]]` tables: read them
    // straight into tasks; anything else goes to the TOML parser.
    if quick {
        let mut r = DocReader {
            file,
            text,
            base,
            out: &mut out.findings,
            refs: Refs::for_text(text.len()),
            suggested: Vec::new(),
            task_what: TaskWhat::new(),
        };
        let mut what = String::new();
        let raw = &mut out.raw;
        // Room for the part's tasks at once (a generated task takes ~150
        // bytes of text): growing a list of tasks copies every task so far.
        let guess = text.len() / TEXT_BYTES_PER_TASK;
        raw.tasks.reserve(guess);
        raw.task_refs.reserve(guess);
        let read = quick::for_each_table(text, "task", |t, header| {
            let header = r.span(header);
            let read = match t {
                // A plain table straight into a task, unless a value in it
                // is to be reported: then through the walk, which reports.
                quick::Table::Plain(p, body) => {
                    if r.read_plain_into(p, header, raw) {
                        return Ok(());
                    }
                    r.read_task(&quick::entries(text, body)?, header, &mut what)
                }
                quick::Table::Entries(t) => r.read_task(t, header, &mut what),
            };
            raw.push_task(read);
            Ok(())
        });
        if read.is_ok() {
            out.raw.parts.push(r.refs);
            return out;
        }
        out.raw.clear();
        out.findings.clear();
    }
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // An error without a place (the parser's recursion limit on a deep
        // dotted key) points at the key that nests deepest, not at 1:1.
        let mut errs: Vec<_> =
            errors.iter().map(|e| (e.span().or_else(|| deepest_key(text)).unwrap_or(0..0), e.message().to_string())).collect();
        errs.sort_by_key(|(s, _)| s.start);
        for (span, mut msg) in errs {
            if msg.trim().eq_ignore_ascii_case("recursion limit") {
                msg = crate::t!("load.too-deep").into_owned();
            }
            let end = if span.end > span.start { span.end } else { span.start + 1 };
            out.syntax.push(
                Finding::new(Rule::TomlSyntax, Some(Span::new(file, base + span.start..base + end)), first_upper(msg.trim()))
                    .label(crate::t!("load.syntax-label")),
            );
        }
        return out;
    }
    let mut r =
        DocReader { file, text, base, out: &mut out.findings, refs: Refs::default(), suggested: Vec::new(), task_what: TaskWhat::new() };
    let doc = doc.into_inner();
    out.includes = r.read_document(&doc, is_root, &mut out.raw, &mut out.has_plan);
    out.raw.parts.push(r.refs);
    out
}

/// The key of `text` with the most dotted parts (a `[header]` or the key
/// before `=`), as a byte range: where a parser that gives up on depth
/// without saying where gave up. Linear in the text.
pub(super) fn deepest_key(text: &str) -> Option<std::ops::Range<usize>> {
    let mut best: Option<(usize, std::ops::Range<usize>)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let key = if let Some(h) = trimmed.strip_prefix('[') {
            let h = h.trim_start_matches('[');
            let off = trimmed.len() - h.len();
            (off, h.find(']').map_or(h.trim_end(), |e| &h[..e]))
        } else if let Some(eq) = trimmed.find('=') {
            (0, &trimmed[..eq])
        } else {
            continue;
        };
        let (off, k) = key;
        let mut depth = 0;
        let mut quote: Option<u8> = None;
        for b in k.bytes() {
            match (quote, b) {
                (None, b'"' | b'\'') => quote = Some(b),
                (Some(q), b) if b == q => quote = None,
                (None, b'.') => depth += 1,
                _ => {}
            }
        }
        if depth > 0 && best.as_ref().is_none_or(|(d, _)| depth > *d) {
            let ks = start + lead + off;
            best = Some((depth, ks..ks + k.trim_end().len()));
        }
    }
    best.map(|(_, r)| r)
}
