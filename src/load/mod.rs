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
use crate::time::{Lang, PlanTz, TimeExpr, parse_duration, parse_span};
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
    #[error("{}", crate::t!("load.read.cannot-read", path = .path, reason = .reason))]
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
    /// Duplicate ids and references that name nothing: data for the rules
    /// `duplicate-id` and `unknown-reference`, which report them.
    pub unresolved: Vec<Unresolved>,
}

/// What resolving ids could not settle.
#[derive(Clone, Debug, PartialEq)]
pub enum Unresolved {
    /// A second `kind` entry (`task`, `org`, …) with the id of the first.
    Duplicate { kind: &'static str, id: String, at: Span, first: Span },
    /// `who` (a `what`: task or system) names `id` in `key`, and no `target`
    /// has that id; `closest` is the nearest id there is, when one is near
    /// (only the first few references get one: each scans every id).
    Reference { what: &'static str, who: String, key: &'static str, id: String, at: Span, target: &'static str, closest: Option<String> },
}

/// The keys the loader reads in each kind of table (`top`, `plan`,
/// `source`, `org`, `system`, `unit`, `task`, `calendar`, `holiday`): what
/// the plan schema (`cutover schema`) must list.
pub fn known_keys(table: &str) -> &'static [&'static str] {
    match table {
        "top" => TOP_KEYS,
        "plan" => PLAN_KEYS,
        "source" => SOURCE_KEYS,
        "org" => ORG_KEYS,
        "system" => SYSTEM_KEYS,
        "unit" => UNIT_KEYS,
        "task" => TASK_KEYS,
        "calendar" => CALENDAR_KEYS,
        "holiday" => HOLIDAY_KEYS,
        _ => &[],
    }
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
            let text = crate::source::kind_text(kind);
            let reason = if kind == "a directory" {
                crate::t!("load.read.special-plan", kind = text)
            } else {
                crate::t!("load.read.special-plan-hint", kind = text)
            };
            return Err(LoadError::Read { path: shown, reason: reason.into_owned() });
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
    let message = match size {
        Some(size) => crate::t!("load.too-big-file", path = path, size = size >> 20, max = max >> 20),
        None => crate::t!("load.too-big-file-stream", path = path, max = max >> 20),
    };
    Finding::new(Rule::TooLarge, Some(at), message).label(crate::t!("load.too-big-file-label")).help(crate::t!("load.too-big-file-help"))
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

mod chunks;
mod includes;
mod loader;
mod merge;
mod plain;
mod quick;
mod resolve;
mod schema;
mod working_time;

pub use chunks::split_chunks;
use chunks::*;
use includes::*;
use loader::*;
#[cfg(test)]
use merge::*;
use schema::*;
use working_time::{Recur, Special};

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
    calendar: Option<(String, Span)>,
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
    calendars: Vec<working_time::RawCalendar>,
    holidays: Vec<working_time::RawHoliday>,
}

impl Raw {
    fn total(&self) -> usize {
        self.sources.len() + self.orgs.len() + self.systems.len() + self.units.len() + self.tasks.len()
    }

    /// Empties every list, keeping its memory.
    fn clear(&mut self) {
        self.truncate(([0; 7], 0), true);
    }

    fn lens(&self) -> ([usize; 7], usize) {
        (
            [
                self.sources.len(),
                self.orgs.len(),
                self.systems.len(),
                self.units.len(),
                self.tasks.len(),
                self.calendars.len(),
                self.holidays.len(),
            ],
            self.parts.len(),
        )
    }

    /// Drops what was added since `lens` was taken (a file that turned out
    /// not to parse, or to be cut where it must not be); `drop_meta`: also
    /// the `[plan]` it held.
    fn truncate(&mut self, (lens, parts): ([usize; 7], usize), drop_meta: bool) {
        self.parts.truncate(parts);
        self.sources.truncate(lens[0]);
        self.orgs.truncate(lens[1]);
        self.systems.truncate(lens[2]);
        self.units.truncate(lens[3]);
        self.tasks.truncate(lens[4]);
        self.task_refs.truncate(lens[4]);
        self.calendars.truncate(lens[5]);
        self.holidays.truncate(lens[6]);
        if drop_meta {
            self.meta = None;
        }
    }
}

fn first_upper(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Loaded {
        with_load_rules(load_bytes(Path::new("/nonexistent/plan.toml"), text.as_bytes().to_vec(), &LoadOptions::default()))
    }

    /// A loaded plan with the findings of every load-stage rule: the
    /// loader's own, then `duplicate-id` and `unknown-reference` from what
    /// it recorded (as a check runs them).
    fn with_load_rules(mut l: Loaded) -> Loaded {
        let mut found = Vec::new();
        let inp = crate::rules::Inputs { unresolved: &l.unresolved, ..crate::rules::Inputs::plan(&l.plan) };
        crate::rules::run(crate::rule::Needs::Load, &inp, &mut found);
        l.findings.extend(found);
        l
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
            "{HEAD}[[task]]\nid = \"x\"\ntitel = \"X\"\nlead = \"b\"\ndue = \"31/6/2025\"\nscope = \"units\"\n[[task]]\nid = \"x\"\ntitle = \"again\"\nlead = \"a\"\n[[task]]\nid = \"y\"\ntitle = \"Y\"\n"
        ));
        let r = rules(&l);
        for want in ["unknown-key", "missing-key", "bad-value", "duplicate-id", "unknown-reference"] {
            assert!(r.contains(&want), "{want} missing from {r:?}");
        }
        // `titel` is one finding (did you mean `title`?), not also a missing `title`.
        assert!(l.findings.iter().filter(|f| f.rule == Rule::MissingKey).all(|f| f.message.contains("`lead`")), "{:?}", l.findings);
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
        // A file larger than one part: the head ends where the tasks begin,
        // however short it is.
        let long = format!("[plan]\nid = \"p\"\n{}", "[[task]]\nid = \"a\"\n".repeat(100));
        let cuts = split_chunks(&long, 600);
        assert_eq!(&long[cuts[0].clone()], "[plan]\nid = \"p\"\n");
        assert!(cuts[1..].iter().all(|r| long[r.clone()].starts_with("[[task]]") && (r.len() >= 600 || r.end == long.len())), "{cuts:?}");
    }

    /// The fast cuts are a subset of the cuts read through (every one at a
    /// top-level header) on a file without header-like lines in strings;
    /// the head ends where the tasks begin.
    #[test]
    fn guessed_cuts_are_real_cuts() {
        let mut text = crate::generate::dag(2_000, 3);
        text.insert_str(text.find("[[task]]").unwrap(), "[org.x]\nname = \"X\"  # [not]\n[[holiday]]\ndate = \"1/5/2025\"\n");
        let every: std::collections::BTreeSet<usize> = split_chunks(&text, 1).iter().map(|r| r.start).collect();
        for target in [64 << 10, 10_000, 333] {
            let (cuts, tasks) = chunks::split_guessed(&text, target);
            assert_eq!(tasks, 2_000);
            assert_eq!(cuts.first().map(|r| r.start), Some(0));
            assert_eq!(cuts.last().map(|r| r.end), Some(text.len()));
            assert!(cuts.windows(2).all(|w| w[0].end == w[1].start && !w[0].is_empty()), "{cuts:?}");
            assert!(cuts.iter().all(|r| every.contains(&r.start)), "a cut that is no header: {target}");
            let first = text.find("[[task]]\nid = \"t0\"").unwrap();
            assert!(cuts.iter().any(|r| r.start == first), "the head apart: {target}");
        }
        // A line like a header inside a multi-line string is cut at: the
        // part before it ends in an unterminated string (read again, cut
        // as read through: `tests/integration/load.rs`).
        let tricky = format!("[plan]\nid = \"p\"\nnote = \"\"\"\n{}\"\"\"\n", "[[task]]\nid = \"in a string\"\n".repeat(50));
        let (cuts, _) = chunks::split_guessed(&tricky, 100);
        assert!(cuts.len() > 1);
        assert!(cuts.iter().skip(1).all(|r| !every_cut(&tricky).contains(&r.start)));
    }

    fn every_cut(text: &str) -> Vec<usize> {
        split_chunks(text, 1).iter().map(|r| r.start).collect()
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
            let out = read_chunk_with(FileId(0), &text, 100, false, Raw::default(), quick, 0);
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
        assert!(quick::for_each_table(&text, "task", |_, _| Ok(())).is_ok());
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
        let l = with_load_rules(load_bytes(Path::new("dag.toml"), dangling.into_bytes(), &LoadOptions::default()));
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
        // And one in the head (read on the loading thread while the readers
        // start), the same.
        let mut bad = crate::generate::dag(30_000, 3);
        let at = bad.find("[org.o1]").unwrap();
        bad.insert_str(at, "oops\n");
        let l = load_bytes(Path::new("dag.toml"), bad.into_bytes(), &LoadOptions::default());
        let syntax: Vec<_> = l.findings.iter().filter(|f| f.rule == Rule::TomlSyntax).collect();
        assert!(!syntax.is_empty() && syntax.iter().all(|f| (at..at + 5).contains(&(f.span.unwrap().start as usize))), "{:?}", l.findings);
        assert_eq!(l.plan.tasks.len(), 0);
    }

    /// The plan's task list is the list of the first part that has tasks
    /// (its reader makes room for the whole file), the later parts and the
    /// included files appended to it: every task in written order, whether
    /// the root file has tasks of its own or only includes.
    #[test]
    fn tasks_keep_their_written_order_across_parts_and_files() {
        let tasks = |prefix: &str| -> String {
            (0..6_000)
                .map(|i| format!("[[task]]\nid = \"{prefix}{i}\"\ntitle = \"Việc {i}\"\nlead = \"a\"\ndue = \"2025-06-20\"\n"))
                .collect()
        };
        let head = |files: &str| HEAD.replace("[org.a]", &format!("include = [{files}]\n[org.a]"));
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.toml"), tasks("a")).unwrap();
        std::fs::write(d.path().join("b.toml"), tasks("b")).unwrap();
        assert!(tasks("a").len() > 4 * (64 << 10), "large enough to be read in parts");
        for (root, first) in [(format!("{}{}", head("\"a.toml\", \"b.toml\""), tasks("r")), "r"), (head("\"a.toml\", \"b.toml\""), "")] {
            std::fs::write(d.path().join("p.toml"), &root).unwrap();
            let l = load(&d.path().join("p.toml"), &LoadOptions::default()).unwrap();
            assert!(l.findings.is_empty(), "{:?}", &l.findings[..1]);
            let want: Vec<String> =
                [first, "a", "b"].iter().filter(|p| !p.is_empty()).flat_map(|p| (0..6_000).map(move |i| format!("{p}{i}"))).collect();
            let got: Vec<&str> = l.plan.tasks.iter().map(|t| t.id.as_str()).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn ids_compare_after_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "sở".nfd().collect();
        let l = load_text(&format!("{HEAD}[org.\"sở\"]\nname = \"S\"\n[org.\"{nfd}\"]\nname = \"S2\"\n"));
        assert!(rules(&l).contains(&"duplicate-id"), "{:?}", l.findings);
    }
}
