//! Loading: plan files (and their includes) into the [`Plan`] model.
//!
//! Each file is parsed into a spanned TOML tree (`toml::de::DeTable`) and
//! walked by hand, so every key keeps its place in the file and one run
//! reports every problem, not the first: unknown keys with the closest known
//! key, missing keys, values of the wrong form. Includes are followed with an
//! explicit work list — never recursion — so a cycle or a 10,000-deep chain is
//! reported, not followed forever. References between entries are resolved
//! once every file is read.

use crate::diag::{Finding, did_you_mean};
use crate::model::*;
use crate::rule::Rule;
use crate::source::{Bytes, FileId, ReadError, SourceFile, SourceMap, Span, Text};
use crate::text::{check_other_id, check_task_id, check_unit_id, nfc, nfc_string};
use crate::time::{Lang, PlanTz, TimeExpr, parse_duration};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// What a load may do.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Follow includes that lead outside the plan file's directory tree.
    pub allow_outside: bool,
    /// The most files one plan may include (directly or not).
    pub max_files: usize,
    /// The most task instances (tasks × units for unit tasks) a plan may have.
    pub max_instances: u64,
    /// The largest plan file read, in bytes.
    pub max_file_bytes: u64,
    /// Read plan files and includes that are named pipes or devices (up to
    /// `max_file_bytes`); refused otherwise.
    pub allow_special: bool,
    /// The language of dates and words, over the plan's own `lang` (`--lang`).
    pub lang: Option<Lang>,
}

/// The default largest plan file: 512 MiB (a generated plan of a million
/// tasks is about 175 MB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 512 << 20;
/// The longest stretch of a file without a top-level table header: files
/// are read table by table, and a hostile file of one huge section would
/// otherwise be parsed in one piece (the parser's tokens take ~20× the text).
pub const MAX_SECTION_BYTES: usize = 64 << 20;
/// The most entries (tasks, units, orgs, systems, sources) one plan may hold.
pub const MAX_ENTRIES: usize = 5_000_000;
/// The most findings recorded for one plan; the rest are counted.
pub const MAX_FINDINGS: usize = 100_000;

/// The default cap on task instances: ten million, about a hundred times a
/// national plan; `--max-instances` raises it up to [`HARD_MAX_INSTANCES`].
pub const DEFAULT_MAX_INSTANCES: u64 = 10_000_000;
/// Instances are numbered with `u32`.
pub const HARD_MAX_INSTANCES: u64 = u32::MAX as u64 - 1;

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            allow_outside: false,
            max_files: 100_000,
            max_instances: DEFAULT_MAX_INSTANCES,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            allow_special: false,
            lang: None,
        }
    }
}

/// The plan could not be read at all (as opposed to findings in it).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The reason is said once, after the path (it is not a `source`:
    /// printing the error with its chain would say it twice).
    #[error("cannot read `{path}`: {reason}")]
    Read { path: String, reason: String },
}

impl LoadError {
    pub fn read(path: &Path, e: &std::io::Error) -> LoadError {
        LoadError::Read { path: crate::source::display_path(path), reason: crate::source::io_reason(e) }
    }
}

/// A loaded plan and what loading found wrong with it.
#[derive(Debug)]
pub struct Loaded {
    pub plan: Plan,
    pub findings: Vec<Finding>,
    /// False when the root file has no `[plan]` table (it may be a fragment).
    pub has_plan_table: bool,
    /// Findings past [`MAX_FINDINGS`] that loading counted but did not keep
    /// (the check adds them to its own count, in one finding).
    pub dropped_findings: Vec<(Rule, usize)>,
}

/// Loads the plan at `path` with every file it includes.
pub fn load(path: &Path, opts: &LoadOptions) -> Result<Loaded, LoadError> {
    let shown = crate::source::display_path(path);
    let bytes = match crate::source::read_limited(path, opts.read_limits()) {
        Ok(b) => b,
        Err(ReadError::TooLarge { size, max }) => {
            // Not read (or not past the cap): a clear finding instead.
            let mut loader = Loader::new(opts.clone());
            let file = loader.add_file(path.to_path_buf(), Bytes::Owned(Vec::new()));
            loader.syntax_errors = true; // nothing was read: no "missing [plan]" either
            loader.findings.push(too_big_file(Span::new(file, 0..0), &shown, size, max));
            return Ok(loader.finish());
        }
        Err(ReadError::Special(kind)) => {
            let hint = if kind == "a directory" { "" } else { " (pass --allow-special-files to read it)" };
            return Err(LoadError::Read { path: shown, reason: format!("{kind}, not a plan file{hint}") });
        }
        Err(e) => return Err(LoadError::Read { path: shown, reason: e.to_string() }),
    };
    Ok(load_source(path, bytes, opts))
}

impl LoadOptions {
    /// How each file of the plan may be read.
    pub fn read_limits(&self) -> crate::source::ReadLimits {
        crate::source::ReadLimits { max_bytes: self.max_file_bytes, special: self.allow_special }
    }
}

fn too_big_file(at: Span, path: &str, size: Option<u64>, max: u64) -> Finding {
    let how = match size {
        Some(size) => format!("is {} MiB, more than", size >> 20),
        None => "goes on past".into(),
    };
    Finding::new(Rule::TooLarge, Some(at), format!("`{path}` {how} the cap of {} MiB for one plan file", max >> 20))
        .label("file too large")
        .help("raise the cap with --max-file-size <MiB> if the plan is meant to be this large")
}

/// Loads a plan whose root file's content is already in memory.
pub fn load_bytes(path: &Path, bytes: Vec<u8>, opts: &LoadOptions) -> Loaded {
    load_source(path, Bytes::Owned(bytes), opts)
}

fn load_source(path: &Path, bytes: Bytes, opts: &LoadOptions) -> Loaded {
    let mut loader = Loader::new(opts.clone());
    let root_dir = path.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p }).unwrap_or(Path::new("."));
    loader.root_dir = std::fs::canonicalize(root_dir).ok();
    let root = loader.add_file(path.to_path_buf(), bytes);
    if let Ok(canon) = std::fs::canonicalize(path) {
        loader.seen.insert(canon, root);
    }
    loader.run(root);
    crate::progress::phase(crate::progress::Phase::FilesRead);
    loader.finish()
}

mod quick;

type Value<'i> = Spanned<DeValue<'i>>;

/// A reference by id, not yet resolved. Its text (NFC) lies in the
/// [`Refs::text`] of the part that read it: reading a million references
/// allocates nothing per name.
#[derive(Clone, Copy, Debug)]
struct Name {
    at: u32,
    len: u32,
    span: Span,
}

/// A run of entries of one of [`Refs`]'s lists.
#[derive(Clone, Copy, Debug, Default)]
struct Run {
    start: u32,
    len: u32,
}

impl Run {
    /// Entries `start..end` (a part's lists stay far below 2³² entries: a
    /// part is at most [`MAX_SECTION_BYTES`] of text).
    fn new(start: usize, end: usize) -> Run {
        Run { start: start as u32, len: (end - start) as u32 }
    }

    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// The references one part of a file read, in flat lists: the names' text
/// in one buffer, the names (of `lead`, `support`, `system`, `after`, …) in
/// another. Until references are resolved, a task's index fields hold the
/// place of a name in its part's list (a provisional `OrgIx(k)`,
/// `TaskIx(k)`: names[k]); resolving overwrites them in place. Parts are
/// kept as they are (not copied into one list) until then.
#[derive(Debug, Default)]
struct Refs {
    text: String,
    names: Vec<Name>,
}

impl Refs {
    /// Room for the references of `len` bytes of tasks, so the lists are
    /// not regrown (a generated task takes ~180 bytes, with one `lead` and
    /// two `after` entries). Room never written costs no memory.
    fn for_text(len: usize) -> Refs {
        Refs { text: String::with_capacity(len / 8), names: Vec::with_capacity(len / 48) }
    }

    /// A name's text and place.
    fn named(&self, n: &Name) -> (&str, Span) {
        (&self.text[n.at as usize..(n.at + n.len) as usize], n.span)
    }
}

#[derive(Debug)]
struct RawSystem {
    id: String,
    name: String,
    owner: Option<Name>,
    vendor: Run,
    span: Span,
    id_span: Span,
    /// The [`Refs`] its names are in.
    part: u32,
}

#[derive(Debug)]
/// A task's references by name, kept beside its [`Task`] (whose index
/// fields stay empty) until every file is read and they can be resolved in
/// place: a million tasks are never copied from a raw form to the model.
struct TaskRefs {
    /// The [`Refs`] its names are in.
    part: u32,
    /// The `[[source]]` and the clause (rare: boxed).
    source: Option<Box<(Name, String)>>,
}

/// Entries read so far, before ids are resolved.
#[derive(Default)]
struct Raw {
    meta: Option<PlanMeta>,
    sources: Vec<(DocSource, Span)>,
    orgs: Vec<(Org, Span)>,
    systems: Vec<RawSystem>,
    units: Vec<(Unit, Span)>,
    tasks: Vec<Task>,
    /// `task_refs[i]` belongs to `tasks[i]`.
    task_refs: Vec<TaskRefs>,
    /// The references of each part read, in order.
    parts: Vec<Refs>,
}

impl Raw {
    fn total(&self) -> usize {
        self.sources.len() + self.orgs.len() + self.systems.len() + self.units.len() + self.tasks.len()
    }

    /// Empties every list, keeping its memory.
    fn clear(&mut self) {
        self.truncate(([0; 5], 0), true);
    }

    fn lens(&self) -> ([usize; 5], usize) {
        ([self.sources.len(), self.orgs.len(), self.systems.len(), self.units.len(), self.tasks.len()], self.parts.len())
    }

    /// Drops what was added since `lens` was taken (a file that turned out
    /// not to parse).
    fn truncate(&mut self, (lens, parts): ([usize; 5], usize), drop_meta: bool) {
        self.parts.truncate(parts);
        self.sources.truncate(lens[0]);
        self.orgs.truncate(lens[1]);
        self.systems.truncate(lens[2]);
        self.units.truncate(lens[3]);
        self.tasks.truncate(lens[4]);
        self.task_refs.truncate(lens[4]);
        if drop_meta {
            self.meta = None;
        }
    }
}

struct Loader {
    opts: LoadOptions,
    files: SourceMap,
    findings: Vec<Finding>,
    raw: Raw,
    root_dir: Option<PathBuf>,
    /// Canonical path → file, for repeated includes and cycles.
    seen: HashMap<PathBuf, FileId>,
    /// Who included each file (the root has none).
    parent: Vec<Option<FileId>>,
    syntax_errors: bool,
    has_plan_table: bool,
    dropped: Vec<(Rule, usize)>,
    dropped_entries: usize,
}

/// An `include = [...]` entry to follow.
struct Include {
    from: FileId,
    path: String,
    span: Span,
}

impl Loader {
    fn new(opts: LoadOptions) -> Loader {
        Loader {
            opts,
            files: SourceMap::default(),
            findings: Vec::new(),
            raw: Raw::default(),
            root_dir: None,
            seen: HashMap::new(),
            parent: Vec::new(),
            syntax_errors: false,
            has_plan_table: false,
            dropped: Vec::new(),
            dropped_entries: 0,
        }
    }

    /// Adds a file's bytes; non-UTF-8 content is a finding at the first bad byte.
    fn add_file(&mut self, path: PathBuf, bytes: Bytes) -> FileId {
        let bom = if bytes.starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
        let (text, bad_at): (Text, _) = match Text::new(bytes, bom) {
            Ok(t) => (t, None),
            Err((bytes, at)) => (String::from_utf8_lossy(&bytes[bom..]).into_owned().into(), Some(at - bom)),
        };
        let id = self.files.add(SourceFile::new(path, text));
        self.parent.push(None);
        if let Some(at) = bad_at {
            self.syntax_errors = true;
            self.findings.push(
                Finding::new(Rule::TomlSyntax, Some(Span::new(id, at..at + '\u{fffd}'.len_utf8())), "the file is not valid UTF-8")
                    .label("invalid byte")
                    .help("save the file as UTF-8 (plans are UTF-8 TOML)"),
            );
        }
        id
    }

    fn run(&mut self, root: FileId) {
        let mut stack = vec![root];
        while let Some(file) = stack.pop() {
            if self.findings.iter().any(|f| f.rule == Rule::TomlSyntax && f.span.is_some_and(|s| s.file == file)) {
                continue; // not UTF-8: nothing sensible to read
            }
            let includes = self.read_file(file, file == root);
            crate::progress::step(crate::progress::Step::FileRead(&self.files.get(file).display));
            // Follow in written order: push in reverse.
            let mut next = Vec::new();
            for inc in includes {
                if let Some(id) = self.open_include(inc) {
                    next.push(id);
                }
            }
            stack.extend(next.into_iter().rev());
        }
    }

    fn open_include(&mut self, inc: Include) -> Option<FileId> {
        let from_path = self.files.get(inc.from).path.clone();
        let dir = from_path.parent().unwrap_or(Path::new(""));
        let target = dir.join(&inc.path);
        let err = |msg: String| Finding::new(Rule::IncludeError, Some(inc.span), msg);
        let canon = match std::fs::canonicalize(&target) {
            Ok(c) => c,
            Err(e) => {
                let shown = crate::source::display_path(&target);
                self.findings.push(
                    err(format!("cannot include `{}`: {}", inc.path, crate::source::io_reason(&e)))
                        .label(format!("`{shown}` {}", crate::source::io_reason(&e))),
                );
                return None;
            }
        };
        if let Some(&earlier) = self.seen.get(&canon) {
            // An ancestor of the includer: a cycle. Otherwise: included twice.
            let mut chain = vec![inc.from];
            let mut at = Some(inc.from);
            let mut is_cycle = false;
            while let Some(f) = at {
                if f == earlier {
                    is_cycle = true;
                    break;
                }
                at = self.parent[f.0 as usize];
                if let Some(p) = at {
                    chain.push(p);
                }
            }
            let f = if is_cycle {
                chain.reverse();
                let mut names: Vec<String> = chain.iter().map(|f| self.files.get(*f).display.clone()).collect();
                names.push(self.files.get(earlier).display.clone());
                err(format!("include cycle: {}", names.join(" → "))).label("includes a file that includes this one")
            } else {
                err(format!("`{}` is included twice", inc.path))
                    .label("included again here")
                    .help("include each file once; remove this entry")
            };
            self.findings.push(f);
            return None;
        }
        if !self.opts.allow_outside {
            if let Some(root) = &self.root_dir {
                if !canon.starts_with(root) {
                    self.findings.push(
                        err(format!("`{}` is outside the plan's directory `{}`", inc.path, crate::source::display_path(root)))
                            .help("keep included files beside the plan, or pass --allow-outside-includes"),
                    );
                    return None;
                }
            }
        }
        if self.files.len() >= self.opts.max_files {
            self.findings.push(err(format!("too many included files (the limit is {})", self.opts.max_files)));
            return None;
        }
        let bytes = match crate::source::read_limited(&canon, self.opts.read_limits()) {
            Ok(b) => b,
            Err(ReadError::TooLarge { size, max }) => {
                self.findings.push(too_big_file(inc.span, &inc.path, size, max));
                return None;
            }
            Err(ReadError::Special(kind)) => {
                let help = if kind == "a directory" {
                    "include plan files, not directories"
                } else {
                    "include regular files, or pass --allow-special-files"
                };
                self.findings.push(err(format!("cannot include `{}`: {kind}, not a plan file", inc.path)).help(help));
                return None;
            }
            Err(e) => {
                self.findings.push(err(format!("cannot include `{}`: {e}", inc.path)));
                return None;
            }
        };
        let id = self.add_file(target, bytes);
        self.parent[id.0 as usize] = Some(inc.from);
        self.seen.insert(canon, id);
        Some(id)
    }

    /// Reads one file's entries into `raw`; returns its includes. A large
    /// file is cut at top-level table headers into chunks that are parsed
    /// and read on every core; each chunk is merged, in order, as soon as it
    /// is ready and then dropped, so memory holds the model and a few
    /// chunks, never a second copy of the file's tasks.
    fn read_file(&mut self, file: FileId, is_root: bool) -> Vec<Include> {
        let Loader { files, findings, raw, syntax_errors, has_plan_table, dropped, dropped_entries, .. } = self;
        let text = files.get(file).text.as_str();
        let (chunks, task_headers) = split_counted(text, chunk_bytes(text.len()));
        if let Some(big) = chunks.iter().find(|c| c.len() > MAX_SECTION_BYTES) {
            findings.push(
                Finding::new(
                    Rule::TooLarge,
                    Some(Span::new(file, big.start..big.start)),
                    format!(
                        "{} MiB of the file stand under one table header; the most cutover reads as one part is {} MiB",
                        big.len() >> 20,
                        MAX_SECTION_BYTES >> 20
                    ),
                )
                .label("a very long section starts here")
                .help("a plan is a sequence of tables (`[[task]]`, `[[unit]]`, …): split the content into tables"),
            );
            *syntax_errors = true;
            return Vec::new();
        }
        // A file of many tasks: take the memory they will need now, in one
        // burst, rather than page by page as they are read (crate::memory).
        crate::memory::prefault(prefault_bytes(task_headers, text.len()));
        let mark = (raw.lens(), findings.len(), raw.meta.is_none(), *has_plan_table);
        let mut m = Merger { raw, findings, dropped, dropped_entries, has_plan_table, includes: Vec::new(), syntax: Vec::new() };
        if chunks.len() == 1 {
            m.take(read_chunk(file, text, 0, is_root, Raw::default()));
        } else {
            // Grow the task list once (room for tasks the count missed, e.g.
            // under `[[ task ]]`, is found by growing).
            m.raw.tasks.reserve(task_headers);
            m.raw.task_refs.reserve(task_headers);
            let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(chunks.len());
            let next = std::sync::atomic::AtomicUsize::new(0);
            let (tx, rx) = std::sync::mpsc::channel::<(usize, ChunkOut)>();
            // Emptied chunk lists, handed back to the readers.
            let spare: std::sync::Mutex<Vec<Raw>> = std::sync::Mutex::new(Vec::new());
            std::thread::scope(|scope| {
                for _ in 0..workers {
                    let tx = tx.clone();
                    let (next, chunks, spare) = (&next, &chunks, &spare);
                    scope.spawn(move || {
                        while let Some(r) = chunks.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                            let lists = spare.lock().ok().and_then(|mut s| s.pop()).unwrap_or_default();
                            if tx.send((next_index(chunks, r), read_chunk(file, &text[r.clone()], r.start, is_root, lists))).is_err() {
                                break;
                            }
                        }
                    });
                }
                drop(tx);
                let mut waiting: HashMap<usize, ChunkOut> = HashMap::new();
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
        // A syntax error anywhere: report every one, and keep nothing of the file.
        if !syntax.is_empty() {
            let (lens, nfind, no_meta, had_plan) = mark;
            raw.truncate(lens, no_meta);
            findings.truncate(nfind);
            *has_plan_table = had_plan;
            findings.extend(syntax);
            *syntax_errors = true;
            return Vec::new();
        }
        includes
    }

    fn finish(mut self) -> Loaded {
        if self.dropped_entries > 0 {
            self.findings.push(
                Finding::new(
                    Rule::TooLarge,
                    Some(Span::new(FileId(0), 0..0)),
                    format!(
                        "the plan holds more than {MAX_ENTRIES} entries (tasks, units, orgs, …); {} more were not read",
                        self.dropped_entries
                    ),
                )
                .help("split the plan, or check the generator that wrote it"),
            );
        }
        let mut raw = std::mem::take(&mut self.raw);
        let mut meta = raw.meta.take().unwrap_or_else(|| PlanMeta {
            id: String::new(),
            title: String::new(),
            tz: PlanTz::default(),
            start: None,
            cutover: None,
            lang: Lang::Vi,
            span: Span::new(FileId(0), 0..0),
        });
        if let Some(lang) = self.opts.lang {
            meta.lang = lang;
        }
        if !self.has_plan_table && !self.syntax_errors {
            self.findings.push(
                Finding::new(Rule::MissingKey, Some(Span::new(FileId(0), 0..0)), "this file has no `[plan]` table")
                    .label("expected `[plan]`")
                    .help(
                        "a plan starts with `[plan]` (id, title, start, cutover); a file without one is a fragment to include from a plan",
                    ),
            );
        }
        let Raw { mut sources, mut orgs, mut units, systems: mut systems_raw, mut tasks, task_refs, parts, .. } = raw;
        let parts = &parts[..];
        let mut resolver = Resolver { findings: &mut self.findings, parts, report_unknown: !self.syntax_errors, suggestions_left: 200 };
        let mut ids = Ids::default();

        let _ = resolver.dedup("source", &mut sources, |s| &s.0.id, |s| s.1, &mut ids.sources);
        let _ = resolver.dedup("org", &mut orgs, |o| &o.0.id, |o| o.1, &mut ids.orgs);
        let _ = resolver.dedup("unit", &mut units, |u| &u.0.id, |u| u.1, &mut ids.units);
        let _ = resolver.dedup("system", &mut systems_raw, |s| &s.id, |s| s.id_span, &mut ids.systems);
        let sources: Vec<DocSource> = sources.into_iter().map(|s| s.0).collect();
        let orgs: Vec<Org> = orgs.into_iter().map(|s| s.0).collect();
        let units: Vec<Unit> = units.into_iter().map(|s| s.0).collect();
        crate::progress::phase(crate::progress::Phase::DedupSmall);
        let keep = resolver.dedup("task", &mut tasks, |t| &t.id, |t| t.spans.id_key(), &mut ids.tasks);
        let mut keep = keep.into_iter();
        let mut task_refs = task_refs;
        task_refs.retain(|_| keep.next().unwrap_or(false));

        crate::progress::phase(crate::progress::Phase::DedupTasks);
        let systems = systems_raw
            .into_iter()
            .map(|s| {
                let refs = &parts[s.part as usize];
                let owner = s.owner.and_then(|n| resolver.org(&ids, refs.named(&n), "system", &s.id, "owner"));
                let vendor = refs.names[s.vendor.range()]
                    .iter()
                    .filter_map(|n| resolver.org(&ids, refs.named(n), "system", &s.id, "vendor"))
                    .collect();
                System { id: s.id, name: s.name, owner, vendor, span: s.span }
            })
            .collect();

        // References are resolved in place, the tasks split between the
        // cores; findings come back in task order.
        let tz = meta.tz;
        let report_unknown = resolver.report_unknown;
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let per = tasks.len().div_ceil(workers).max(1);
        let mut ref_parts: Vec<Vec<TaskRefs>> = Vec::new();
        let mut rest = task_refs;
        while !rest.is_empty() {
            let tail = rest.split_off(per.min(rest.len()));
            ref_parts.push(std::mem::replace(&mut rest, tail));
        }
        let ids_ref = &ids;
        let parts: Vec<Vec<Finding>> = std::thread::scope(|scope| {
            let handles: Vec<_> = tasks
                .chunks_mut(per)
                .zip(ref_parts)
                .map(|(ts, rs)| {
                    scope.spawn(move || {
                        let mut found = Vec::new();
                        let mut r = Resolver { findings: &mut found, parts, report_unknown, suggestions_left: 200 / workers as u32 };
                        resolve_tasks(&mut r, ts, rs, ids_ref, &tz);
                        found
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("a resolver thread panicked")).collect()
        });
        for f in parts {
            self.findings.extend(f);
        }
        crate::progress::phase(crate::progress::Phase::ResolveTasks);
        // Task indices in findings from resolution refer to the deduplicated list.
        let max_instances = self.opts.max_instances.min(HARD_MAX_INSTANCES);
        let plan = Plan { files: self.files, meta, sources, orgs, systems, units, tasks, ids, max_instances };
        let instances = plan.instances();
        if instances > max_instances {
            let unit_tasks = plan.tasks.iter().filter(|t| t.is_unit()).count();
            self.findings.push(
                Finding::new(
                    Rule::TooLarge,
                    Some(plan.meta.span),
                    format!(
                        "the plan has {instances} task instances ({} units × {unit_tasks} unit tasks + {} plan tasks), more than the cap of {max_instances}",
                        plan.units.len(),
                        plan.tasks.len() - unit_tasks
                    ),
                )
                .label("too many instances")
                .help(format!("raise the cap with --max-instances (up to {HARD_MAX_INSTANCES}) if the plan is meant to be this large")),
            );
        }
        for f in &mut self.findings {
            if f.task.is_none() && f.rule == Rule::UnknownReference {
                if let Some(s) = &f.subject {
                    f.task = plan.ids.tasks.get(s.as_str()).map(|t| t.0);
                }
            }
        }
        Loaded { plan, findings: self.findings, has_plan_table: self.has_plan_table, dropped_findings: self.dropped }
    }
}

fn first_upper(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Chunks of about this many bytes are parsed on their own.
const CHUNK_BYTES: usize = 1 << 20;

/// The part size for a file of `len` bytes: 1 MiB, or an eighth of a
/// smaller file (at least 64 KiB), so a plan of a few thousand tasks is read
/// on both cores too and its `[[task]]` parts go to the fast reader (the
/// part holding `[plan]` and the orgs goes to the TOML parser).
fn chunk_bytes(len: usize) -> usize {
    (len / 8).clamp(64 << 10, CHUNK_BYTES)
}

/// A file with at least this many `[[task]]` tables takes its memory in one
/// burst before it is read ([`crate::memory::prefault`]). Smaller files are
/// read in a fraction of a second, too quickly for the pages they touch to be
/// handed back meanwhile: for the 100k DAG the burst only added its own cost.
const PREFAULT_MIN_TASKS: usize = 200_000;

/// The fresh memory a generated task needs from reading to schedule (the
/// task, its lists and strings, its references until resolved, its share of
/// the id index, the graph and the schedule): measured on the 1M DAG
/// (docs/performance.md).
const BYTES_PER_TASK: usize = 700;

/// How much memory to take in one burst before reading a file of `len`
/// bytes with `task_headers` `[[task]]` tables: [`BYTES_PER_TASK`] a task,
/// never more than [`MAX_PREFAULT_PER_BYTE`] times the file (a file of bare
/// `[[task]]` lines must not make `cutover` touch gigabytes it never uses),
/// nothing below [`PREFAULT_MIN_TASKS`].
fn prefault_bytes(task_headers: usize, len: usize) -> usize {
    if task_headers < PREFAULT_MIN_TASKS {
        return 0;
    }
    task_headers.saturating_mul(BYTES_PER_TASK).min(len.saturating_mul(MAX_PREFAULT_PER_BYTE))
}

/// A generated task takes ~175 bytes of text and ~700 of memory.
const MAX_PREFAULT_PER_BYTE: usize = 4;

/// The index of chunk `r` in `chunks` (chunks are sorted and disjoint).
fn next_index(chunks: &[std::ops::Range<usize>], r: &std::ops::Range<usize>) -> usize {
    chunks.partition_point(|c| c.start < r.start)
}

/// Merges the chunks of one file, in order, into the plan's raw entries.
struct Merger<'a> {
    raw: &'a mut Raw,
    findings: &'a mut Vec<Finding>,
    /// Findings not recorded past [`MAX_FINDINGS`].
    dropped: &'a mut Vec<(Rule, usize)>,
    /// Entries not read past [`MAX_ENTRIES`].
    dropped_entries: &'a mut usize,
    has_plan_table: &'a mut bool,
    includes: Vec<Include>,
    syntax: Vec<Finding>,
}

impl Merger<'_> {
    /// Takes in a chunk's entries; returns its emptied lists, to be filled
    /// again by the next chunk (each chunk would otherwise ask the system
    /// for fresh memory: on a virtual machine, the slowest part of reading).
    fn take(&mut self, mut o: ChunkOut) -> Raw {
        self.take_entries(&mut o);
        o.raw.clear();
        o.raw
    }

    fn take_entries(&mut self, o: &mut ChunkOut) {
        if !o.syntax.is_empty() || !self.syntax.is_empty() {
            self.syntax.append(&mut o.syntax);
            return;
        }
        if o.has_plan && *self.has_plan_table {
            if let Some(m) = &o.raw.meta {
                self.findings.push(Finding::new(Rule::TomlSyntax, Some(m.span), "duplicate table `[plan]`").label("defined again here"));
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
        let Raw { meta, sources, orgs, systems, units, tasks, task_refs, parts } = &mut o.raw;
        if self.raw.meta.is_none() {
            self.raw.meta = meta.take();
        }
        let part = self.raw.parts.len() as u32;
        self.raw.parts.append(parts);
        self.raw.sources.append(sources);
        self.raw.orgs.append(orgs);
        self.raw.systems.extend(systems.drain(..).map(|s| RawSystem { part, ..s }));
        self.raw.units.append(units);
        self.raw.tasks.append(tasks);
        self.raw.task_refs.extend(task_refs.drain(..).map(|r| TaskRefs { part, ..r }));
    }
}

/// What reading one chunk of a file gives.
struct ChunkOut {
    raw: Raw,
    findings: Vec<Finding>,
    syntax: Vec<Finding>,
    includes: Vec<Include>,
    has_plan: bool,
}

/// Parses and reads the chunk `text`, which starts at byte `base` of `file`
/// (`lists`: emptied lists to fill).
fn read_chunk(file: FileId, text: &str, base: usize, is_root: bool, lists: Raw) -> ChunkOut {
    read_chunk_with(file, text, base, is_root, lists, true)
}

/// [`read_chunk`]; `quick`: try the fast reader first.
fn read_chunk_with(file: FileId, text: &str, base: usize, is_root: bool, mut lists: Raw, quick: bool) -> ChunkOut {
    lists.clear();
    let mut out = ChunkOut { raw: lists, findings: Vec::new(), syntax: Vec::new(), includes: Vec::new(), has_plan: false };
    // Most parts of a large plan are plain `[[task]]` tables: read them
    // straight into tasks; anything else goes to the TOML parser.
    if quick {
        let mut r = DocReader { file, text, base, out: &mut out.findings, refs: Refs::for_text(text.len()) };
        let mut what = String::new();
        let raw = &mut out.raw;
        let read = quick::for_each_table(text, "task", |t, header| {
            let (task, refs) = r.read_task(t, r.span(header), &mut what);
            raw.tasks.push(task);
            raw.task_refs.push(refs);
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
                msg = "too deeply nested: this key has more dotted parts than a plan may have".into();
            }
            let end = if span.end > span.start { span.end } else { span.start + 1 };
            out.syntax.push(
                Finding::new(Rule::TomlSyntax, Some(Span::new(file, base + span.start..base + end)), first_upper(msg.trim())).label("here"),
            );
        }
        return out;
    }
    let mut r = DocReader { file, text, base, out: &mut out.findings, refs: Refs::default() };
    let doc = doc.into_inner();
    out.includes = r.read_document(&doc, is_root, &mut out.raw, &mut out.has_plan);
    out.raw.parts.push(r.refs);
    out
}

/// The key of `text` with the most dotted parts (a `[header]` or the key
/// before `=`), as a byte range: where a parser that gives up on depth
/// without saying where gave up. Linear in the text.
fn deepest_key(text: &str) -> Option<std::ops::Range<usize>> {
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

/// Byte ranges that cut `text` at top-level table headers (`[x]`, `[[x]]`
/// at the start of a line, outside any string, array or inline table), each
/// at least `target` bytes long but the last. A cut never changes what the
/// document means: every chunk is whole tables.
pub fn split_chunks(text: &str, target: usize) -> Vec<std::ops::Range<usize>> {
    split_counted(text, target).0
}

/// [`split_chunks`], and how many `[[task]]` headers the text has (to size
/// the task list once).
fn split_counted(text: &str, target: usize) -> (Vec<std::ops::Range<usize>>, usize) {
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
            if b[i..].starts_with(b"[[task]]") {
                tasks += 1;
            }
            if line_begin - cuts[cuts.len() - 1] >= target {
                cuts.push(line_begin);
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
fn skip_string(b: &[u8], mut i: usize) -> usize {
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

/// Resolves the references of `tasks` (`refs[i]` belongs to `tasks[i]`) and
/// fills in their instants in the plan's zone.
fn resolve_tasks(resolver: &mut Resolver, tasks: &mut [Task], task_refs: Vec<TaskRefs>, ids: &Ids, tz: &PlanTz) {
    for (t, r) in tasks.iter_mut().zip(task_refs) {
        t.at = TaskTimes::new(
            t.due.as_ref().map(|d| d.expr.due(tz)),
            t.due.as_ref().and_then(|d| d.expr.window_start(tz)),
            t.not_before.as_ref().and_then(|d| d.expr.not_before(tz)),
        );
        let refs = &resolver.parts[r.part as usize];
        let Task { id, lead, support, system, after, more, .. } = t;
        let who = id.as_str();
        // Each provisional index (the place of a name in `refs.names`) is
        // replaced by what the name names; a name that names nothing leaves
        // a finding and is dropped from its list.
        for (list, key) in [(lead, "lead"), (support, "support")] {
            resolve_in_place(list, |o| resolver.org(ids, refs.named(&refs.names[o.ix()]), "task", who, key));
        }
        *system = system.and_then(|s| resolver.lookup(&ids.systems, refs.named(&refs.names[s.ix()]), "task", who, "system", "system"));
        if let Some(b) = r.source {
            let (n, clause) = *b;
            if let Some(s) = resolver.lookup(&ids.sources, refs.named(&n), "task", who, "source", "[[source]]") {
                more.get_or_insert_with(Box::default).source = Some((s, clause));
            }
        }
        resolve_in_place(after, |d| {
            let task = resolver.lookup(&ids.tasks, refs.named(&refs.names[d.task.ix()]), "task", who, "after", "task")?;
            Some(Dep { task, ..*d })
        });
    }
}

/// Replaces each entry of `list` by `resolve(entry)`, in order, dropping the
/// entries it gives `None` for (the list is only rebuilt when one is dropped).
fn resolve_in_place<T: Copy>(list: &mut Box<[T]>, mut resolve: impl FnMut(&T) -> Option<T>) {
    let mut kept = 0;
    for i in 0..list.len() {
        if let Some(v) = resolve(&list[i]) {
            list[kept] = v;
            kept += 1;
        }
    }
    if kept < list.len() {
        *list = list[..kept].into();
    }
}

/// Resolves references once every file is read.
struct Resolver<'a> {
    findings: &'a mut Vec<Finding>,
    /// Every part's references.
    parts: &'a [Refs],
    /// Off when a file could not be parsed: its entries are missing, and every
    /// reference to them would be noise.
    report_unknown: bool,
    /// Suggestions scan every id; only the first few unknown names get one.
    suggestions_left: u32,
}

impl Resolver<'_> {
    /// Keeps the first entry of each id, in place (entries are never
    /// copied: a plan may hold a million tasks); later ones are
    /// `duplicate-id`, and entries with no id (already reported) are dropped.
    fn dedup<T, I: Index>(
        &mut self,
        kind: &str,
        entries: &mut Vec<T>,
        id_of: impl Fn(&T) -> &str,
        span_of: impl Fn(&T) -> Span,
        map: &mut IdMap<I>,
    ) -> Vec<bool> {
        map.reserve(entries.len(), entries.len() * 8);
        let mut keep = Vec::with_capacity(entries.len());
        // The original index of each kept entry, for the first definition's place.
        let mut kept_at: Vec<usize> = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let id = id_of(e);
            if id.is_empty() {
                keep.push(false);
                continue;
            }
            if map.insert(id, I::from_ix(kept_at.len() as u32)) {
                kept_at.push(i);
                keep.push(true);
                continue;
            }
            if let Some(first) = map.get(id) {
                let first_span = span_of(&entries[kept_at[first.ix()]]);
                self.findings.push(
                    Finding::new(Rule::DuplicateId, Some(span_of(e)), format!("{kind} `{id}` is defined twice"))
                        .subject(id.to_string())
                        .label(format!("second {kind} `{id}`"))
                        .related(first_span, "first defined here")
                        .help(format!("give each {kind} its own id, or remove one of them")),
                );
            }
            keep.push(false);
        }
        let mut k = keep.iter();
        entries.retain(|_| k.next().copied().unwrap_or(false));
        keep
    }

    /// The entry `id` (written at `at`) names, or an `unknown-reference` finding.
    fn lookup<I: Copy>(&mut self, map: &IdMap<I>, (id, at): (&str, Span), what: &str, who: &str, key: &str, target: &str) -> Option<I> {
        if let Some(ix) = map.get(id) {
            return Some(*ix);
        }
        if self.report_unknown {
            let help = if self.suggestions_left > 0 {
                self.suggestions_left -= 1;
                did_you_mean(id, map.keys()).map(|s| format!("did you mean `{s}`?"))
            } else {
                None
            };
            let help = help.or_else(|| Some(format!("define {} `{id}`, or correct the id", article(target))));
            self.findings.push(
                Finding::new(
                    Rule::UnknownReference,
                    Some(at),
                    format!("{what} `{who}`: `{key}` names `{id}`, but no {target} has that id"),
                )
                .subject(who.to_string())
                .label(format!("no {target} `{id}`"))
                .maybe_help(help),
            );
        }
        None
    }

    fn org(&mut self, ids: &Ids, named: (&str, Span), what: &str, who: &str, key: &str) -> Option<OrgIx> {
        self.lookup(&ids.orgs, named, what, who, key, "org")
    }
}

fn article(target: &str) -> String {
    match target {
        "org" => "an org".into(),
        other => format!("a {other}"),
    }
}

/// Walks one parsed file.
struct DocReader<'a> {
    file: FileId,
    /// The chunk's text.
    text: &'a str,
    /// Where the chunk being read starts in the file.
    base: usize,
    out: &'a mut Vec<Finding>,
    /// The chunk's references.
    refs: Refs,
}

const TOP_KEYS: &[&str] = &["plan", "source", "org", "system", "unit", "task", "include"];
const PLAN_KEYS: &[&str] = &["id", "title", "timezone", "start", "cutover", "include", "lang"];
const SOURCE_KEYS: &[&str] = &["id", "title", "number", "date", "file"];
const ORG_KEYS: &[&str] = &["name", "short", "kind", "per_unit"];
const SYSTEM_KEYS: &[&str] = &["name", "owner", "vendor"];
const UNIT_KEYS: &[&str] = &["id", "name", "kind", "code", "domain", "legacy"];
const LEGACY_KEYS: &[&str] = &["name", "code"];
const TASK_KEYS: &[&str] = &[
    "id",
    "title",
    "lead",
    "support",
    "system",
    "phase",
    "due",
    "not_before",
    "duration",
    "after",
    "scope",
    "wave",
    "source",
    "steps",
    "note",
    "waive",
];
const AFTER_KEYS: &[&str] = &["task", "lag", "type"];
const WAIVE_KEYS: &[&str] = &["rule", "reason"];

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// `a == b` for keys, which are short and mostly differ in length or first
/// byte: those are compared before the bytes (a task's keys are compared
/// ~150 times as it is read, and a call to `memcmp` costs more than the
/// comparison it makes).
#[inline]
fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

impl<'a> DocReader<'a> {
    /// A time expression as written, for messages.
    fn written(&self, t: &Timed) -> &'a str {
        let r = t.at.value.range();
        crate::model::unquote(self.text.get(r.start - self.base..r.end - self.base).unwrap_or(""))
    }

    fn span(&self, r: std::ops::Range<usize>) -> Span {
        Span::new(self.file, self.base + r.start..self.base + r.end)
    }

    fn ks(&self, k: &Spanned<std::borrow::Cow<'_, str>>, v: &Value) -> KeySpan {
        KeySpan { key: self.span(k.span()), value: self.span(v.span()) }
    }

    fn push(&mut self, f: Finding) {
        self.out.push(f);
    }

    /// Reports every key of `t` that is not in `known`.
    fn known_keys(&mut self, t: &DeTable, known: &[&str], what: &str, subject: Option<&str>) {
        for (k, _) in t.iter() {
            let name = k.get_ref().as_ref();
            if !known.iter().any(|k| same_key(k, name)) {
                let help = match did_you_mean(name, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("{what} has the keys {}", known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")),
                };
                let mut f = Finding::new(Rule::UnknownKey, Some(self.span(k.span())), format!("unknown key `{name}` in {what}"))
                    .label("unknown key")
                    .help(help);
                if let Some(s) = subject {
                    f = f.subject(s);
                }
                self.push(f);
            }
        }
    }

    /// A key of a table. Plan tables are small: a scan of their few keys is
    /// cheaper than hashing the key (this runs ~16 times per task).
    fn get<'t, 'i>(t: &'t DeTable<'i>, key: &str) -> Option<(&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)> {
        if t.len() <= 32 { t.iter().find(|(k, _)| same_key(k.get_ref(), key)) } else { t.get_key_value(key) }
    }

    fn bad_type(&mut self, key: &str, v: &Value, expected: &str, subject: Option<&str>) {
        let mut f =
            Finding::new(Rule::BadValue, Some(self.span(v.span())), format!("`{key}` must be {expected}, not {}", type_name(v.get_ref())))
                .label(format!("expected {expected}"));
        if let Some(s) = subject {
            f = f.subject(s);
        }
        self.push(f);
    }

    fn bad_value(&mut self, span: Span, msg: String, label: &str, help: Option<String>, subject: Option<&str>) {
        let mut f = Finding::new(Rule::BadValue, Some(span), msg).label(label).maybe_help(help);
        if let Some(s) = subject {
            f = f.subject(s);
        }
        self.push(f);
    }

    fn missing(&mut self, header: Span, what: &str, key: &str, example: &str, subject: Option<&str>) {
        let mut f = Finding::new(Rule::MissingKey, Some(header), format!("{what} has no `{key}`"))
            .label(format!("`{key}` is required"))
            .help(format!("add `{key} = {example}`"));
        if let Some(s) = subject {
            f = f.subject(s);
        }
        self.push(f);
    }

    /// A string value (NFC), reporting a value of another type.
    fn string(&mut self, t: &DeTable, key: &str, subject: Option<&str>) -> Option<(String, KeySpan)> {
        self.str_ref(t, key, subject).map(|(s, at)| (nfc(s).into_owned(), at))
    }

    /// A string value as written, borrowed from the parsed file: for
    /// keywords and durations, which are compared, not kept.
    fn str_ref<'t>(&mut self, t: &'t DeTable, key: &str, subject: Option<&str>) -> Option<(&'t str, KeySpan)> {
        let (k, v) = Self::get(t, key)?;
        let at = self.ks(k, v);
        match v.get_ref() {
            DeValue::String(s) => Some((s.as_ref(), at)),
            _ => {
                self.bad_type(key, v, "a string", subject);
                None
            }
        }
    }

    /// Records a reference: its text (NFC) goes to the chunk's buffer.
    fn name(&mut self, id: &str, span: Span) -> Name {
        let at = self.refs.text.len();
        self.refs.text.push_str(&nfc(id));
        Name { at: at as u32, len: (self.refs.text.len() - at) as u32, span }
    }

    /// A string that must be present.
    fn required(
        &mut self,
        t: &DeTable,
        header: Span,
        key: &str,
        what: &str,
        example: &str,
        subject: Option<&str>,
    ) -> Option<(String, KeySpan)> {
        if Self::get(t, key).is_none() {
            self.missing(header, what, key, example, subject);
            return None;
        }
        self.string(t, key, subject)
    }

    /// A string or a list of strings: ids, appended to [`Refs::names`].
    fn names(&mut self, t: &DeTable, key: &str, subject: Option<&str>) -> Option<(Run, KeySpan)> {
        let (k, v) = Self::get(t, key)?;
        let at = self.ks(k, v);
        let start = self.refs.names.len();
        match v.get_ref() {
            DeValue::String(s) => {
                let n = self.name(s, at.value);
                self.refs.names.push(n);
                Some((Run::new(start, start + 1), at))
            }
            DeValue::Array(items) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => {
                            let n = self.name(s, self.span(item.span()));
                            self.refs.names.push(n);
                        }
                        _ => self.bad_type(key, item, "a string (an id)", subject),
                    }
                }
                Some((Run::new(start, self.refs.names.len()), at))
            }
            _ => {
                self.bad_type(key, v, "an id or a list of ids", subject);
                None
            }
        }
    }

    fn strings(&mut self, t: &DeTable, key: &str, subject: Option<&str>) -> Vec<String> {
        let Some((_, v)) = Self::get(t, key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(nfc_string(s.to_string())),
                        _ => self.bad_type(key, item, "a string", subject),
                    }
                }
                out
            }
            DeValue::String(s) => vec![nfc_string(s.to_string())],
            _ => {
                self.bad_type(key, v, "a list of strings", subject);
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, t: &DeTable, key: &str, subject: Option<&str>) -> Option<bool> {
        let (_, v) = Self::get(t, key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.bad_type(key, v, "`true` or `false`", subject);
                None
            }
        }
    }

    /// A time expression. An unquoted TOML date or date-time reads as the
    /// same text quoted.
    fn time(&mut self, t: &DeTable, key: &str, subject: Option<&str>) -> Option<Timed> {
        let (k, v) = Self::get(t, key)?;
        let at = self.ks(k, v);
        let text: std::borrow::Cow<str> = match v.get_ref() {
            DeValue::String(s) => s.as_ref().into(),
            DeValue::Datetime(d) => d.to_string().into(),
            _ => {
                self.bad_type(key, v, "a time expression (a string)", subject);
                return None;
            }
        };
        match TimeExpr::parse(&text) {
            Ok(expr) => Some(Timed { expr, at }),
            Err(e) => {
                self.bad_value(at.value, format!("`{key}`: {}", e.message), "not a valid time expression", None, subject);
                None
            }
        }
    }

    fn id(&mut self, t: &DeTable, header: Span, what: &str, check: fn(&str) -> Result<(), String>) -> (String, Option<KeySpan>) {
        match self.required(t, header, "id", what, "\"…\"", None) {
            Some((id, at)) => {
                if let Err(msg) = check(&id) {
                    self.bad_value(at.value, format!("{what} id `{id}`: {msg}"), "not a valid id", None, Some(&id));
                }
                (id, Some(at))
            }
            None => (String::new(), None),
        }
    }

    fn table<'t, 'i>(&mut self, key: &str, v: &'t Value<'i>, expected: &str) -> Option<&'t DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.bad_type(key, v, expected, None);
                None
            }
        }
    }

    /// The elements of an array of tables (`[[task]]`).
    fn tables<'t, 'i>(&mut self, key: &str, v: &'t Value<'i>) -> Vec<(&'t DeTable<'i>, Span)> {
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::Table(t) => Some((t, self.span(item.span()))),
                    _ => {
                        self.bad_type(key, item, "a table", None);
                        None
                    }
                })
                .collect(),
            _ => {
                self.bad_type(key, v, &format!("an array of tables (`[[{key}]]`)"), None);
                Vec::new()
            }
        }
    }

    fn includes(&mut self, v: &Value, out: &mut Vec<Include>) {
        match v.get_ref() {
            DeValue::Array(items) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(Include { from: self.file, path: s.to_string(), span: self.span(item.span()) }),
                        _ => self.bad_type("include", item, "a path (a string)", None),
                    }
                }
            }
            DeValue::String(s) => out.push(Include { from: self.file, path: s.to_string(), span: self.span(v.span()) }),
            _ => self.bad_type("include", v, "a list of paths", None),
        }
    }

    fn read_document(&mut self, doc: &DeTable, is_root: bool, raw: &mut Raw, has_plan_table: &mut bool) -> Vec<Include> {
        let mut includes = Vec::new();
        self.known_keys(doc, TOP_KEYS, "a plan file", None);
        if let Some((k, v)) = Self::get(doc, "plan") {
            if is_root {
                *has_plan_table = true;
                if let Some(t) = self.table("plan", v, "a table (`[plan]`)") {
                    let header = self.span(v.span());
                    let _ = k;
                    raw.meta = Some(self.read_plan(t, header, &mut includes));
                }
            } else {
                self.push(
                    Finding::new(Rule::IncludeError, Some(self.span(v.span())), "an included file cannot have a `[plan]` table")
                        .label("only the including plan has `[plan]`")
                        .help("remove `[plan]` from this file, or check it as a plan of its own instead of including it"),
                );
            }
        }
        if let Some((_, v)) = Self::get(doc, "include") {
            self.includes(v, &mut includes);
        }
        if let Some((_, v)) = Self::get(doc, "source") {
            for (t, header) in self.tables("source", v) {
                let (id, at) = self.id(t, header, "[[source]]", check_other_id);
                let subject = Some(id.as_str()).filter(|s| !s.is_empty());
                self.known_keys(t, SOURCE_KEYS, "[[source]]", subject);
                let title = self.required(t, header, "title", &format!("source `{id}`"), "\"…\"", subject).map(|s| s.0).unwrap_or_default();
                let number = self.string(t, "number", subject).map(|s| s.0);
                let date = self.string(t, "date", subject).map(|s| s.0);
                let file = self.string(t, "file", subject).map(|s| s.0);
                let span = at.map_or(header, |a| a.key);
                raw.sources.push((DocSource { id, title, number, date, file, span: header }, span));
            }
        }
        if let Some((_, v)) = Self::get(doc, "org") {
            if let Some(orgs) = self.table("org", v, "a table of orgs (`[org.<id>]`)") {
                for (k, v) in orgs.iter() {
                    let id = nfc_string(k.get_ref().to_string());
                    let key_span = self.span(k.span());
                    if let Err(msg) = check_other_id(&id) {
                        self.bad_value(key_span, format!("org id `{id}`: {msg}"), "not a valid id", None, Some(&id));
                    }
                    let Some(t) = self.table(&format!("org.{id}"), v, "a table") else { continue };
                    let header = self.span(v.span());
                    self.known_keys(t, ORG_KEYS, &format!("org `{id}`"), Some(&id));
                    let name =
                        self.required(t, header, "name", &format!("org `{id}`"), "\"…\"", Some(&id)).map(|s| s.0).unwrap_or_default();
                    let short = self.string(t, "short", Some(&id)).map(|s| s.0);
                    let kind = self.string(t, "kind", Some(&id)).map(|s| s.0);
                    let per_unit = self.boolean(t, "per_unit", Some(&id)).unwrap_or(false);
                    raw.orgs.push((Org { id, name, short, kind, per_unit, span: header }, key_span));
                }
            }
        }
        if let Some((_, v)) = Self::get(doc, "system") {
            if let Some(systems) = self.table("system", v, "a table of systems (`[system.<id>]`)") {
                for (k, v) in systems.iter() {
                    let id = nfc_string(k.get_ref().to_string());
                    let id_span = self.span(k.span());
                    if let Err(msg) = check_other_id(&id) {
                        self.bad_value(id_span, format!("system id `{id}`: {msg}"), "not a valid id", None, Some(&id));
                    }
                    let Some(t) = self.table(&format!("system.{id}"), v, "a table") else { continue };
                    let header = self.span(v.span());
                    self.known_keys(t, SYSTEM_KEYS, &format!("system `{id}`"), Some(&id));
                    let name =
                        self.required(t, header, "name", &format!("system `{id}`"), "\"…\"", Some(&id)).map(|s| s.0).unwrap_or_default();
                    let owner = self.str_ref(t, "owner", Some(&id)).map(|(s, at)| self.name(s, at.value));
                    let vendor = self.names(t, "vendor", Some(&id)).map(|n| n.0).unwrap_or_default();
                    raw.systems.push(RawSystem { id, name, owner, vendor, span: header, id_span, part: 0 });
                }
            }
        }
        if let Some((_, v)) = Self::get(doc, "unit") {
            for (t, header) in self.tables("unit", v) {
                let (id, at) = self.id(t, header, "[[unit]]", check_unit_id);
                let subject = Some(id.as_str()).filter(|s| !s.is_empty());
                self.known_keys(t, UNIT_KEYS, "[[unit]]", subject);
                let name =
                    self.required(t, header, "name", &format!("unit `{id}`"), "\"Phường …\"", subject).map(|s| s.0).unwrap_or_default();
                let kind = self.string(t, "kind", subject).map(|s| s.0);
                let code = self.string(t, "code", subject).map(|s| s.0);
                let domain = self.string(t, "domain", subject).map(|s| s.0);
                let legacy = self.legacy(t, subject);
                let span = at.map_or(header, |a| a.key);
                raw.units.push((Unit { id, name, kind, code, domain, legacy, span: header }, span));
            }
        }
        if let Some((_, v)) = Self::get(doc, "task") {
            let mut what = String::new();
            for (t, header) in self.tables("task", v) {
                let (task, refs) = self.read_task(t, header, &mut what);
                raw.tasks.push(task);
                raw.task_refs.push(refs);
            }
        }
        includes
    }

    fn read_plan(&mut self, t: &DeTable, header: Span, includes: &mut Vec<Include>) -> PlanMeta {
        self.known_keys(t, PLAN_KEYS, "[plan]", None);
        let id = match self.required(t, header, "id", "[plan]", "\"…\"", None) {
            Some((id, at)) => {
                if let Err(msg) = check_other_id(&id) {
                    self.bad_value(at.value, format!("plan id `{id}`: {msg}"), "not a valid id", None, None);
                }
                id
            }
            None => String::new(),
        };
        let title = self.required(t, header, "title", "[plan]", "\"…\"", None).map(|s| s.0).unwrap_or_default();
        let tz = match self.string(t, "timezone", None) {
            Some((s, at)) => match PlanTz::parse(&s) {
                Ok(tz) => tz,
                Err(msg) => {
                    self.bad_value(
                        at.value,
                        format!("`timezone`: {msg}"),
                        "unknown time zone",
                        Some("the default is `Asia/Ho_Chi_Minh`".into()),
                        None,
                    );
                    PlanTz::default()
                }
            },
            None => PlanTz::default(),
        };
        if Self::get(t, "start").is_none() {
            self.missing(header, "[plan]", "start", "\"2025-06-12\"", None);
        }
        let mut start = self.time(t, "start", None);
        if let Some(s) = &start {
            if s.expr.not_before(&tz).is_none() {
                self.bad_value(
                    s.at.value,
                    format!("`start`: `{}` is a deadline form; a start needs a day or an instant", self.written(s)),
                    "not a start",
                    Some("write the day work may begin, e.g. `2025-06-12`".into()),
                    None,
                );
                start = None;
            }
        }
        if Self::get(t, "cutover").is_none() {
            self.missing(header, "[plan]", "cutover", "\"24 giờ 00 ngày 30/6/2025\"", None);
        }
        let cutover = self.time(t, "cutover", None);
        let lang = match self.string(t, "lang", None) {
            Some((s, at)) => Lang::parse(&s).unwrap_or_else(|| {
                self.bad_value(at.value, format!("`lang` must be `vi` or `en`, not `{s}`"), "unknown language", None, None);
                Lang::Vi
            }),
            None => Lang::Vi,
        };
        if let Some((_, v)) = Self::get(t, "include") {
            self.includes(v, includes);
        }
        PlanMeta { id, title, tz, start, cutover, lang, span: header }
    }

    fn legacy(&mut self, t: &DeTable, subject: Option<&str>) -> Vec<LegacyUnit> {
        let Some((_, v)) = Self::get(t, "legacy") else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            self.bad_type("legacy", v, "a list of `{ name, code }` tables", subject);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(lt) => {
                    self.known_keys(lt, LEGACY_KEYS, "a `legacy` entry", subject);
                    let header = self.span(item.span());
                    let name = self.required(lt, header, "name", "a `legacy` entry", "\"Xã …\"", subject).map(|s| s.0).unwrap_or_default();
                    let code = self.string(lt, "code", subject).map(|s| s.0);
                    out.push(LegacyUnit { name, code });
                }
                DeValue::String(s) => out.push(LegacyUnit { name: nfc_string(s.to_string()), code: None }),
                _ => self.bad_type("legacy", item, "a `{ name, code }` table", subject),
            }
        }
        out
    }

    /// Reads a `[[task]]`. `what` is a buffer reused across tasks for the
    /// name messages use (`task `x``): no allocation per task for it.
    fn read_task(&mut self, t: &DeTable, header: Span, what: &mut String) -> (Task, TaskRefs) {
        let (id, id_at) = self.id(t, header, "[[task]]", check_task_id);
        let subject = Some(id.as_str()).filter(|s| !s.is_empty());
        what.clear();
        if id.is_empty() {
            what.push_str("[[task]]");
        } else {
            what.push_str("task `");
            what.push_str(&id);
            what.push('`');
        }
        let what: &str = what;
        self.known_keys(t, TASK_KEYS, what, subject);
        let mut spans = TaskSpans::new(header);
        spans.id = id_at.map(|a| a.key);
        let title = self.required(t, header, "title", &what, "\"…\"", subject).map(|s| s.0).unwrap_or_default();
        let lead = match self.names(t, "lead", subject) {
            Some((names, at)) => {
                if names.len == 0 {
                    self.bad_value(
                        at.value,
                        format!("{what}: `lead` is empty"),
                        "no org",
                        Some("name the org that answers for the task (chủ trì)".into()),
                        subject,
                    );
                }
                names
            }
            None => {
                if Self::get(t, "lead").is_none() {
                    self.missing(header, &what, "lead", "\"skhcn\"", subject);
                }
                Run::default()
            }
        };
        let support = self.names(t, "support", subject).map(|n| n.0).unwrap_or_default();
        // Provisional indices: the places of the names in `refs.names`.
        let (lead, support): (Box<[OrgIx]>, Box<[OrgIx]>) =
            (lead.range().map(|k| OrgIx(k as u32)).collect(), support.range().map(|k| OrgIx(k as u32)).collect());
        let system = self.str_ref(t, "system", subject).map(|(s, at)| {
            let n = self.name(s, at.value);
            self.refs.names.push(n);
            SystemIx(self.refs.names.len() as u32 - 1)
        });
        let phase = match self.str_ref(t, "phase", subject) {
            Some((s, at)) => {
                spans.phase = Some(at.key);
                let p = Phase::parse(s);
                if p.is_none() {
                    let names: Vec<&str> = Phase::ALL.iter().map(|(n, _)| *n).collect();
                    let help = did_you_mean(s, names.iter().copied())
                        .map(|n| format!("did you mean `{n}`?"))
                        .unwrap_or_else(|| format!("a phase is one of {}", names.join(", ")));
                    self.bad_value(at.value, format!("{what}: `{s}` is not a phase"), "unknown phase", Some(help), subject);
                }
                p
            }
            None => None,
        };
        spans.has_due = Self::get(t, "due").is_some();
        let due = self.time(t, "due", subject);
        let not_before = self.time(t, "not_before", subject);
        if let Some(nb) = &not_before {
            if nb.expr.kind == crate::time::TimeKind::Before {
                self.bad_value(
                    nb.at.value,
                    format!("{what}: `not_before` cannot be `{}`: \"before a day\" is a deadline, not a start", self.written(nb)),
                    "a deadline form",
                    Some("write the day or instant work may start, e.g. `ngày 25/6/2025`".into()),
                    subject,
                );
            }
        }
        let not_before = not_before.filter(|nb| nb.expr.kind != crate::time::TimeKind::Before).map(Box::new);
        let duration = match self.str_ref(t, "duration", subject) {
            Some((s, at)) => {
                spans.duration = Some(at.key);
                match parse_duration(s) {
                    Ok(d) if d >= 0 => d,
                    Ok(_) => {
                        self.bad_value(at.value, format!("{what}: a duration cannot be negative (`{s}`)"), "negative", None, subject);
                        0
                    }
                    Err(e) => {
                        self.bad_value(at.value, format!("{what}: {}", e.message), "not a duration", None, subject);
                        0
                    }
                }
            }
            None => 0,
        };
        let after = self.after(t, &what, subject);
        let scope = match self.str_ref(t, "scope", subject) {
            Some((s, at)) => match s {
                "plan" => Scope::Plan,
                "unit" => Scope::Unit,
                _ => {
                    let help = did_you_mean(s, ["plan", "unit"])
                        .map(|n| format!("did you mean `{n}`?"))
                        .unwrap_or_else(|| "`scope` is `plan` or `unit`".into());
                    self.bad_value(at.value, format!("{what}: `{s}` is not a scope"), "unknown scope", Some(help), subject);
                    Scope::Plan
                }
            },
            None => Scope::Plan,
        };
        let wave = self.string(t, "wave", subject).map(|s| s.0);
        let source = self.string(t, "source", subject).map(|(s, at)| {
            let trimmed = s.trim();
            let (sid, clause) = trimmed.split_once(char::is_whitespace).unwrap_or((trimmed, ""));
            let start = at.value.start as usize + 1;
            let span = Span::new(self.file, start..start + sid.len());
            Box::new((self.name(sid, span), clause.trim().to_string()))
        });
        let steps = self.strings(t, "steps", subject);
        let note = self.string(t, "note", subject).map(|s| s.0);
        for key in ["steps", "note"] {
            if let Some((k, v)) = Self::get(t, key) {
                let at = self.ks(k, v);
                let texts: Vec<&String> = if key == "steps" { steps.iter().collect() } else { note.iter().collect() };
                for text in texts {
                    self.placeholders(text, at, scope == Scope::Unit, &what, subject);
                }
            }
        }
        let waive = self.waivers(t, &what, subject);
        let task = Task {
            id,
            title,
            lead,
            support,
            system,
            phase,
            due,
            not_before,
            duration,
            after,
            scope,
            more: TaskMore { wave, source: None, steps, note, waive }.boxed(),
            spans,
            at: TaskTimes::default(),
        };
        (task, TaskRefs { part: 0, source })
    }

    /// Checks the `{unit.<field>}` placeholders of a step or note.
    fn placeholders(&mut self, text: &str, at: KeySpan, is_unit: bool, what: &str, subject: Option<&str>) {
        let mut rest = text;
        while let Some(i) = rest.find("{unit.") {
            let after = &rest[i + 6..];
            let Some(end) = after.find('}') else { break };
            let field = &after[..end];
            if !UNIT_PLACEHOLDERS.contains(&field) {
                let help = did_you_mean(field, UNIT_PLACEHOLDERS.iter().copied())
                    .map(|f| format!("did you mean `{{unit.{f}}}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "a step may name {}",
                            UNIT_PLACEHOLDERS.iter().map(|f| format!("`{{unit.{f}}}`")).collect::<Vec<_>>().join(", ")
                        )
                    });
                self.bad_value(
                    at.value,
                    format!("{what}: `{{unit.{field}}}` is not a unit fact"),
                    "unknown placeholder",
                    Some(help),
                    subject,
                );
            } else if !is_unit {
                self.bad_value(
                    at.value,
                    format!("{what}: `{{unit.{field}}}` names a unit's fact, but the task is done once for the plan"),
                    "placeholder in a plan task",
                    Some("use placeholders in tasks with `scope = \"unit\"`".into()),
                    subject,
                );
            }
            rest = &after[end..];
        }
    }

    /// The `after` entries; each one's `task` is provisional: the place of
    /// its name in [`Refs::names`].
    fn after(&mut self, t: &DeTable, what: &str, subject: Option<&str>) -> Box<[Dep]> {
        let Some((_, v)) = Self::get(t, "after") else { return Box::default() };
        let items: &[Value] = match v.get_ref() {
            DeValue::Array(items) => items,
            DeValue::String(_) | DeValue::Table(_) => std::slice::from_ref(v),
            _ => {
                self.bad_type("after", v, "a list of task ids or `{ task, lag, type }` tables", subject);
                return Box::default();
            }
        };
        let mut deps = Vec::with_capacity(items.len());
        for item in items {
            let span = self.span(item.span());
            match item.get_ref() {
                DeValue::String(s) => {
                    let name = self.name(s, span);
                    self.refs.names.push(name);
                    deps.push(Dep { task: TaskIx(self.refs.names.len() as u32 - 1), kind: DepKind::Fs, lag: 0, span });
                }
                DeValue::Table(et) => {
                    self.known_keys(et, AFTER_KEYS, "an `after` entry", subject);
                    if Self::get(et, "task").is_none() {
                        self.missing(span, &format!("{what}: an `after` entry"), "task", "\"task-id\"", subject);
                        continue;
                    }
                    let Some((task, at)) = self.str_ref(et, "task", subject) else { continue };
                    let kind = match self.str_ref(et, "type", subject) {
                        Some((s, tat)) => match s {
                            "fs" => DepKind::Fs,
                            "ss" => DepKind::Ss,
                            "ff" => DepKind::Ff,
                            _ => {
                                let help =
                                    did_you_mean(s, ["fs", "ss", "ff"]).map(|n| format!("did you mean `{n}`?")).unwrap_or_else(|| {
                                        "`type` is `fs` (finish-to-start), `ss` (start-to-start) or `ff` (finish-to-finish)".into()
                                    });
                                self.bad_value(
                                    tat.value,
                                    format!("{what}: `{s}` is not a dependency type"),
                                    "unknown type",
                                    Some(help),
                                    subject,
                                );
                                DepKind::Fs
                            }
                        },
                        None => DepKind::Fs,
                    };
                    let lag = match self.str_ref(et, "lag", subject) {
                        Some((s, lat)) => match parse_duration(s) {
                            Ok(l) => l,
                            Err(e) => {
                                self.bad_value(lat.value, format!("{what}: lag: {}", e.message), "not a duration", None, subject);
                                0
                            }
                        },
                        None => 0,
                    };
                    let name = self.name(task, at.value);
                    self.refs.names.push(name);
                    deps.push(Dep { task: TaskIx(self.refs.names.len() as u32 - 1), kind, lag, span });
                }
                _ => self.bad_type("after", item, "a task id or a `{ task, lag, type }` table", subject),
            }
        }
        deps.into_boxed_slice()
    }

    fn waivers(&mut self, t: &DeTable, what: &str, subject: Option<&str>) -> Vec<Waiver> {
        let Some((_, v)) = Self::get(t, "waive") else { return Vec::new() };
        let items: Vec<&Value> = match v.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            DeValue::Table(_) => vec![v],
            _ => {
                self.bad_type("waive", v, "a list of `{ rule, reason }` tables", subject);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            let span = self.span(item.span());
            let DeValue::Table(wt) = item.get_ref() else {
                self.bad_type("waive", item, "a `{ rule, reason }` table", subject);
                continue;
            };
            self.known_keys(wt, WAIVE_KEYS, "a waiver", subject);
            let rule =
                self.required(wt, span, "rule", &format!("{what}: a waiver"), "\"deadline-order\"", subject).and_then(|(name, at)| {
                    let r = Rule::from_name(&name);
                    if r.is_none() {
                        let help = did_you_mean(&name, Rule::ALL.iter().map(|r| r.name())).map(|n| format!("did you mean `{n}`?"));
                        self.bad_value(at.value, format!("{what}: `{name}` is not a rule"), "unknown rule", help, subject);
                    }
                    r
                });
            let reason = match Self::get(wt, "reason") {
                None => {
                    let mut f = Finding::new(Rule::MissingKey, Some(span), format!("{what}: a waiver needs a reason"))
                        .label("no `reason`")
                        .help("say why the finding is accepted: `reason = \"…\"`");
                    if let Some(s) = subject {
                        f = f.subject(s);
                    }
                    self.push(f);
                    None
                }
                Some(_) => match self.string(wt, "reason", subject) {
                    Some((r, at)) if r.trim().is_empty() => {
                        self.bad_value(
                            at.value,
                            format!("{what}: a waiver's reason cannot be empty"),
                            "empty reason",
                            Some("say why the finding is accepted".into()),
                            subject,
                        );
                        None
                    }
                    other => other.map(|r| r.0),
                },
            };
            if let (Some(rule), Some(reason)) = (rule, reason) {
                out.push(Waiver { rule, reason, span });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Loaded {
        load_bytes(Path::new("/nonexistent/plan.toml"), text.as_bytes().to_vec(), &LoadOptions::default())
    }

    const HEAD: &str = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n[org.a]\nname = \"A\"\n";

    fn rules(l: &Loaded) -> Vec<&'static str> {
        l.findings.iter().map(|f| f.rule.name()).collect()
    }

    #[test]
    fn minimal_plan_loads_clean() {
        let l = load_text(&format!("{HEAD}[[task]]\nid = \"x\"\ntitle = \"X\"\nlead = \"a\"\ndue = \"ngày 25/6/2025\"\n"));
        assert!(l.findings.is_empty(), "{:?}", l.findings);
        assert_eq!(l.plan.tasks.len(), 1);
        assert_eq!(&*l.plan.tasks[0].lead, &[OrgIx(0)]);
    }

    #[test]
    fn every_problem_of_a_file_is_reported() {
        let l = load_text(&format!(
            "{HEAD}[[task]]\nid = \"x\"\ntitel = \"X\"\nlead = \"b\"\ndue = \"31/6/2025\"\nscope = \"units\"\n[[task]]\nid = \"x\"\ntitle = \"again\"\nlead = \"a\"\n"
        ));
        let r = rules(&l);
        for want in ["unknown-key", "missing-key", "bad-value", "duplicate-id", "unknown-reference"] {
            assert!(r.contains(&want), "{want} missing from {r:?}");
        }
        let uk = l.findings.iter().find(|f| f.rule == Rule::UnknownKey).unwrap();
        assert_eq!(uk.help.as_deref(), Some("did you mean `title`?"));
        let sc = l.findings.iter().find(|f| f.message.contains("not a scope")).unwrap();
        assert_eq!(sc.help.as_deref(), Some("did you mean `unit`?"));
    }

    #[test]
    fn waiver_without_reason_is_an_error() {
        let l = load_text(&format!(
            "{HEAD}[[task]]\nid = \"x\"\ntitle = \"X\"\nlead = \"a\"\nwaive = [{{ rule = \"missing-deadline\" }}, {{ rule = \"missing-dedline\", reason = \"r\" }}]\n"
        ));
        assert!(l.findings.iter().any(|f| f.rule == Rule::MissingKey && f.message.contains("needs a reason")));
        assert!(l.findings.iter().any(|f| f.rule == Rule::BadValue && f.help.as_deref() == Some("did you mean `missing-deadline`?")));
    }

    #[test]
    fn syntax_errors_are_all_reported_and_stop_reference_noise() {
        let l = load_text("[plan]\nid = \nx = [\n");
        assert!(l.findings.iter().all(|f| f.rule == Rule::TomlSyntax), "{:?}", l.findings);
        assert!(!l.findings.is_empty());
    }

    #[test]
    fn non_utf8_and_bom() {
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend_from_slice(HEAD.as_bytes());
        let l = load_bytes(Path::new("p.toml"), bytes, &LoadOptions::default());
        assert!(l.findings.is_empty(), "{:?}", l.findings);
        let l = load_bytes(Path::new("p.toml"), b"[plan]\nid = \"\xff\"\n".to_vec(), &LoadOptions::default());
        assert_eq!(rules(&l), vec!["toml-syntax"]);
        assert!(l.findings[0].message.contains("UTF-8"));
    }

    #[test]
    fn the_burst_before_reading_is_bounded_by_the_tasks_and_the_file() {
        // The 1M DAG: 1M tasks in 175 MB.
        assert_eq!(prefault_bytes(1_000_000, 175_124_994), 700_000_000);
        // Too few tasks to matter.
        assert_eq!(prefault_bytes(PREFAULT_MIN_TASKS - 1, 1 << 30), 0);
        // Bare `[[task]]` lines, 9 bytes each: four times the file, not 700 B a task.
        assert_eq!(prefault_bytes(5_000_000, 45_000_000), 180_000_000);
        assert_eq!(prefault_bytes(usize::MAX, usize::MAX), usize::MAX);
    }

    #[test]
    fn a_key_nested_too_deeply_is_shown_where_it_is() {
        let deep = vec!["a"; 200].join(".");
        let l = load_text(&format!("[plan]\nid = \"p\"\n[[task]]\nid = \"x\"\n{deep} = 1\n"));
        let f = l.findings.iter().find(|f| f.rule == Rule::TomlSyntax).expect("a syntax finding");
        let at = l.plan.files.line_col(f.span.unwrap());
        assert_eq!((at.line, at.column), (5, 1), "{f:?}");
    }

    #[test]
    fn chunks_cut_only_at_top_level_headers() {
        let text =
            "[plan]\nid = \"p\"\nx = [\n[1],\n]\ns = \"\"\"\n[not]\n\"\"\"\n# [comment]\n[[task]]\nid = \"a\"\n  [[task]]\nid = 'b'\n";
        let cuts = split_chunks(text, 1);
        let pieces: Vec<&str> = cuts.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(pieces.concat(), text);
        let heads: Vec<&str> = pieces.iter().map(|p| p.trim_start().lines().next().unwrap()).collect();
        assert_eq!(heads, vec!["[plan]", "[[task]]", "[[task]]"]);
        assert_eq!(split_chunks(text, 10_000), vec![0..text.len()]);
    }

    /// The fast reader and the TOML parser read a part into the same tasks,
    /// references and findings, errors included.
    #[test]
    fn fast_and_toml_reads_agree() {
        let mut text = crate::generate::dag(3_000, 5);
        text = text[text.find("[[task]]").unwrap()..].to_string();
        text.push_str(
            "[[task]]\nid = \"x1\"\ntitel = \"typo\"\nlead = []\nduration = \"soon\"\nphase = \"prepar\"\nscope = \"unit\"\n\
             steps = [\"Gửi {unit.name}\", \"{unit.nope}\"]\nnote = \"n\"\nwave = \"1\"\nsource = \"kh clause 2\"\n\
             waive = [{ rule = \"deadline-order\" }]\nafter = [{ task = \"t1\", type = \"sf\", lag = \"x\" }, { lag = \"1d\" }, true]\n\
             due = \"trước 21/6/2025\"\nnot_before = \"trước 1/6/2025\"\nsupport = \"o1\"\nsystem = [\"s\"]\n\
             [[task]]\ntitle = 'no id'\nlead = 'o1'\n[[task]]\nid = \"bad id!\"\ntitle = \"t\"\n",
        );
        let read = |quick| {
            let out = read_chunk_with(FileId(0), &text, 100, false, Raw::default(), quick);
            assert!(out.syntax.is_empty());
            let f: Vec<String> = out.findings.iter().map(|f| format!("{f:?}")).collect();
            (format!("{:?}", out.raw.tasks), format!("{:?}", out.raw.task_refs), format!("{:?}", out.raw.parts), f)
        };
        let (fast, toml) = (read(true), read(false));
        assert!(fast.3.len() >= 10, "the errors were found: {:?}", fast.3);
        assert_eq!(fast.0, toml.0);
        assert_eq!(fast.1, toml.1);
        assert_eq!(fast.2, toml.2);
        assert_eq!(fast.3, toml.3);
        // And the fast reader did read it (a text it gives up on would make this test vacuous).
        assert!(quick::for_each_table(&text, "task", |_, _| ()).is_ok());
    }

    #[test]
    fn chunked_and_whole_reads_agree() {
        let text = crate::generate::dag(30_000, 3);
        assert!(text.len() > 3 * CHUNK_BYTES);
        let l = load_bytes(Path::new("dag.toml"), text.into_bytes(), &LoadOptions::default());
        assert!(l.findings.is_empty(), "{:?}", &l.findings[..1]);
        assert_eq!(l.plan.tasks.len(), 30_000);
        assert_eq!(l.plan.tasks[29_999].id, "t29999");
        // Spans point into the whole file.
        let t = &l.plan.tasks[20_000];
        let id_key = t.spans.id.unwrap();
        assert!(l.plan.files.get(id_key.file).text[id_key.start as usize..].starts_with("id = \"t20000\""));
        // References read in a late chunk keep their text and place.
        let mut dangling = crate::generate::dag(30_000, 3);
        let at = dangling.find("id = \"t25000\"").unwrap();
        let list = at + dangling[at..].find("after = [").unwrap() + "after = [".len();
        dangling.insert_str(list, "\"nowhere\", ");
        dangling.insert_str(at, "support = [\"o1\", \"nobody\"]\n");
        let l = load_bytes(Path::new("dag.toml"), dangling.into_bytes(), &LoadOptions::default());
        let unknown: Vec<_> = l.findings.iter().filter(|f| f.rule == Rule::UnknownReference).collect();
        assert_eq!(unknown.len(), 2, "{:?}", l.findings);
        assert!(unknown[0].message.contains("task `t25000`: `support` names `nobody`"), "{}", unknown[0].message);
        assert_eq!(l.plan.files.text(unknown[0].span.unwrap()), "\"nobody\"");
        assert!(unknown[1].message.contains("task `t25000`: `after` names `nowhere`"), "{}", unknown[1].message);
        assert_eq!(l.plan.files.text(unknown[1].span.unwrap()), "\"nowhere\"");
        // A syntax error in a late chunk is reported at its place.
        let mut bad = crate::generate::dag(30_000, 3);
        let at = bad.find("id = \"t25000\"").unwrap();
        bad.insert_str(at, "oops ");
        let l = load_bytes(Path::new("dag.toml"), bad.into_bytes(), &LoadOptions::default());
        assert!(l.findings.iter().any(|f| f.rule == Rule::TomlSyntax && f.span.unwrap().start as usize >= at), "{:?}", l.findings);
        assert_eq!(l.plan.tasks.len(), 0);
    }

    #[test]
    fn ids_compare_after_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "sở".nfd().collect();
        let l = load_text(&format!("{HEAD}[org.\"sở\"]\nname = \"S\"\n[org.\"{nfd}\"]\nname = \"S2\"\n"));
        assert!(rules(&l).contains(&"duplicate-id"), "{:?}", l.findings);
    }
}
