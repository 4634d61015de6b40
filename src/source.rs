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

/// A file's bytes as read: in memory, or — for a large file — mapped from
/// the file itself, so a 175 MB plan is neither copied nor held twice.
pub enum Bytes {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(b) => b,
            Bytes::Mapped(m) => m,
        }
    }
}

/// Files this large are mapped rather than read into memory.
pub const MAP_BYTES: u64 = 16 << 20;

/// Reads the file at `path` (`size`: its length, as the caller found it).
pub fn read_file(path: &Path, size: u64) -> std::io::Result<Bytes> {
    if size < MAP_BYTES {
        return std::fs::read(path).map(Bytes::Owned);
    }
    let file = std::fs::File::open(path)?;
    // SAFETY: the map is read-only and lives as long as the text read from
    // it. A plan must not be changed while cutover reads it: as with
    // ripgrep's maps, a file cut short meanwhile would end the process
    // (SIGBUS), and text changed meanwhile would not be the text checked.
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(m) => Ok(Bytes::Mapped(m)),
        // Some files cannot be mapped (pipes, some file systems): read them.
        Err(_) => std::fs::read(path).map(Bytes::Owned),
    }
}

/// A file's text (valid UTF-8, without a leading byte-order mark).
pub struct Text(Repr);

enum Repr {
    Owned(String),
    /// UTF-8 from `start` on (checked when it was made).
    Mapped(memmap2::Mmap, usize),
}

impl Text {
    /// The text of `bytes` after `start`, or the byte offset of the first
    /// invalid byte.
    pub fn new(bytes: Bytes, start: usize) -> Result<Text, (Bytes, usize)> {
        let start = start.min(bytes.len());
        if let Err(e) = std::str::from_utf8(&bytes[start..]) {
            return Err((bytes, start + e.valid_up_to()));
        }
        Ok(Text(match bytes {
            Bytes::Owned(mut b) => {
                b.drain(..start);
                Repr::Owned(String::from_utf8(b).unwrap_or_default())
            }
            Bytes::Mapped(m) => Repr::Mapped(m, start),
        }))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            // SAFETY: checked to be UTF-8 from `start` on in `Text::new`.
            Repr::Mapped(m, start) => unsafe { std::str::from_utf8_unchecked(&m[*start..]) },
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Repr::Owned(s))
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Repr::Owned(s) => std::fmt::Debug::fmt(s, f),
            Repr::Mapped(m, start) => write!(f, "<{} bytes mapped>", m.len() - start),
        }
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
    pub text: Text,
    line_starts: OnceLock<Vec<u32>>,
}

/// A 1-based line and column; the column counts Unicode code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: impl Into<Text>) -> SourceFile {
        let display = display_path(&path);
        SourceFile { path, display, text: text.into(), line_starts: OnceLock::new() }
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
        let f = SourceFile::new("a.toml".into(), "a = 1\ntên = \"Cẩm Thành\"\nx".to_string());
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
        let f = SourceFile::new("a.toml".into(), "a = 1\r\nb = 2\r\n".to_string());
        let span = Span::new(FileId(0), 7..8);
        assert_eq!(&f.text[f.lines_of(span)], "b = 2");
    }

    #[test]
    fn display_path_is_stable() {
        assert_eq!(display_path(Path::new("./plans/a.toml")), "plans/a.toml");
    }
}
