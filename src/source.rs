//! The files a plan was read from, and byte spans into them.
//!
//! Every key and value the loader keeps carries a [`Span`]: a file and a byte
//! range. Lines and columns are only computed when a finding is printed, so
//! loading a very large plan pays nothing for them.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Span {
        Span { file, start: u32::try_from(range.start).unwrap_or(u32::MAX), end: u32::try_from(range.end).unwrap_or(u32::MAX) }
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One file's text, as read (a leading byte-order mark removed).
#[derive(Debug)]
pub struct SourceFile {
    /// The path as it was reached: relative to the working directory when the
    /// user gave a relative path, joined with include paths.
    pub path: PathBuf,
    /// The path as printed in findings (forward slashes, `./` removed).
    pub display: String,
    pub text: String,
    line_starts: OnceLock<Vec<u32>>,
}

/// A 1-based line and column; the column counts Unicode code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        let display = display_path(&path);
        SourceFile { path, display, text, line_starts: OnceLock::new() }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0u32];
            for (i, b) in self.text.bytes().enumerate() {
                if b == b'\n' {
                    starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
                }
            }
            starts
        })
    }

    /// Line and column of a byte offset (clamped to the text, and to a
    /// character boundary).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = self.clamp(offset as usize);
        let starts = self.line_starts();
        let line = match starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line] as usize;
        let column = self.text[start..offset].chars().count() + 1;
        LineCol { line: line as u32 + 1, column: column as u32 }
    }

    /// The byte range of the whole lines that `span` touches, without the
    /// final line break.
    pub fn lines_of(&self, span: Span) -> std::ops::Range<usize> {
        let start = self.clamp(span.start as usize);
        let end = self.clamp((span.end as usize).max(start));
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[end..].find('\n').map_or(self.text.len(), |i| end + i);
        let line_end = if line_end > line_start && self.text.as_bytes()[line_end - 1] == b'\r' { line_end - 1 } else { line_end };
        line_start..line_end.max(line_start)
    }

    fn clamp(&self, mut offset: usize) -> usize {
        offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// All files of one plan: the plan file and what it includes.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn line_col(&self, span: Span) -> LineCol {
        self.get(span.file).line_col(span.start)
    }

    /// The text a span covers.
    pub fn text(&self, span: Span) -> &str {
        let file = self.get(span.file);
        let r = span.range();
        file.text.get(r).unwrap_or("")
    }
}

/// A path as findings print it: forward slashes, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_code_points() {
        let f = SourceFile::new("a.toml".into(), "a = 1\ntên = \"Cẩm Thành\"\nx".into());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        // "tên = " is 6 code points but 7 bytes.
        let off = f.text.find("\"C").unwrap() as u32;
        assert_eq!(f.line_col(off), LineCol { line: 2, column: 7 });
        let last = f.text.len() as u32 - 1;
        assert_eq!(f.line_col(last), LineCol { line: 3, column: 1 });
        // Past the end and inside a multibyte character are clamped, not a panic.
        assert_eq!(f.line_col(10_000).line, 3);
        let inside = f.text.find('ê').unwrap() as u32 + 1;
        assert_eq!(f.line_col(inside), LineCol { line: 2, column: 2 });
    }

    #[test]
    fn lines_of_strips_crlf() {
        let f = SourceFile::new("a.toml".into(), "a = 1\r\nb = 2\r\n".into());
        let span = Span::new(FileId(0), 7..8);
        assert_eq!(&f.text[f.lines_of(span)], "b = 2");
    }

    #[test]
    fn display_path_is_stable() {
        assert_eq!(display_path(Path::new("./plans/a.toml")), "plans/a.toml");
    }
}
