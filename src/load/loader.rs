//! The loader: the files of one plan, read one after another from a work
//! list (never recursion), and what it found.

use super::*;

pub(super) struct Loader {
    pub(super) opts: LoadOptions,
    pub(super) files: SourceMap,
    pub(super) findings: Vec<Finding>,
    pub(super) raw: Raw,
    pub(super) root_dir: Option<PathBuf>,
    /// Canonical path → file, for repeated includes and cycles.
    pub(super) seen: HashMap<PathBuf, FileId>,
    /// Who included each file (the root has none).
    pub(super) parent: Vec<Option<FileId>>,
    pub(super) syntax_errors: bool,
    pub(super) has_plan_table: bool,
    pub(super) dropped: Vec<(Rule, usize)>,
    pub(super) dropped_entries: usize,
}

impl Loader {
    pub(super) fn new(opts: LoadOptions) -> Loader {
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
    pub(super) fn add_file(&mut self, path: PathBuf, bytes: Bytes) -> FileId {
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
                Finding::new(Rule::TomlSyntax, Some(Span::new(id, at..at + '\u{fffd}'.len_utf8())), crate::t!("load.utf8"))
                    .label(crate::t!("load.utf8-label"))
                    .help(crate::t!("load.utf8-help")),
            );
        }
        id
    }

    pub(super) fn run(&mut self, root: FileId) {
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
}
