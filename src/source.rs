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

/// How a file may be read: the most bytes, and whether a file that is not
/// a regular file (a named pipe, a device) may be read at all.
#[derive(Clone, Copy, Debug)]
pub struct ReadLimits {
    pub max_bytes: u64,
    /// Read named pipes and devices (`<(…)`, `/dev/stdin`) too, up to
    /// `max_bytes`. Off by default: opening a pipe nobody writes to waits
    /// forever, and a device like `/dev/zero` never ends.
    pub special: bool,
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The operating system's reason (no such file, permission denied, …).
    #[error("{}", io_reason(.0))]
    Io(std::io::Error),
    /// Not a regular file, and not allowed: the kind it is.
    #[error("{}", crate::t!("load.read.special", kind = kind_text(.0)))]
    Special(&'static str),
    /// Larger than the cap: its size when known (a pipe or device has none).
    #[error("{}", crate::t!("load.read.too-large", max = .max >> 20))]
    TooLarge { size: Option<u64>, max: u64 },
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// An operating-system error as one short phrase, said once (`no such
/// file`, not `No such file or directory (os error 2)` twice).
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => crate::t!("load.read.not-found").into_owned(),
        std::io::ErrorKind::PermissionDenied => crate::t!("load.read.permission-denied").into_owned(),
        std::io::ErrorKind::IsADirectory => crate::t!("load.read.is-directory").into_owned(),
        _ => {
            // std's text ends with "(os error N)": the number says nothing more.
            let s = e.to_string();
            match s.rfind(" (os error ") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// A kind [`special_kind`] returns, in the language of messages (the kind
/// itself stays English: callers compare it).
pub fn kind_text(kind: &str) -> std::borrow::Cow<'static, str> {
    match kind {
        "a directory" => crate::t!("load.kind.directory"),
        "a named pipe (FIFO)" => crate::t!("load.kind.fifo"),
        "a character device" => crate::t!("load.kind.char-device"),
        "a block device" => crate::t!("load.kind.block-device"),
        "a socket" => crate::t!("load.kind.socket"),
        _ => crate::t!("load.kind.not-regular"),
    }
}

/// What kind of file `meta` describes, in words, when it is not a regular
/// file (English, compared by callers; [`kind_text`] says it).
pub fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let ft = meta.file_type();
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if ft.is_char_device() {
            return Some("a character device");
        }
        if ft.is_block_device() {
            return Some("a block device");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Opens `path` for reading without ever blocking on it: a named pipe
/// swapped in after it was looked at is opened non-blocking and then
/// refused by its type.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

/// Reads the file at `path` within `limits`: a regular file of at most
/// `max_bytes` (mapped when it is large), or — only when `limits.special`
/// says so — a pipe or device, read up to the cap and no further. Nothing
/// here can block on a pipe or grow without bound: the cap is applied while
/// reading, not only from the size the file claims.
pub fn read_limited(path: &Path, limits: ReadLimits) -> Result<Bytes, ReadError> {
    // `metadata` follows links and never blocks, whatever the file is.
    let meta = std::fs::metadata(path)?;
    if let Some(kind) = special_kind(&meta) {
        if !limits.special || meta.is_dir() {
            return Err(ReadError::Special(kind));
        }
        // Asked for: a pipe is opened as pipes are (waiting for a writer).
        let file = std::fs::File::open(path)?;
        return read_capped(file, limits.max_bytes, 0);
    }
    let file = open_nonblocking(path)?;
    // The file opened may not be the one looked at: check it again.
    let meta = file.metadata()?;
    if let Some(kind) = special_kind(&meta) {
        return Err(ReadError::Special(kind));
    }
    let size = meta.len();
    if size > limits.max_bytes {
        return Err(ReadError::TooLarge { size: Some(size), max: limits.max_bytes });
    }
    if size >= MAP_BYTES {
        // SAFETY: the map is read-only and lives as long as the text read
        // from it. A plan must not be changed while cutover reads it: as
        // with ripgrep's maps, a file cut short meanwhile would end the
        // process (SIGBUS), and text changed meanwhile would not be the text
        // checked.
        if let Ok(m) = unsafe { memmap2::Mmap::map(&file) } {
            return Ok(Bytes::Mapped(m));
        }
    }
    read_capped(file, limits.max_bytes, size)
}

/// Reads at most `max` bytes; one more means the file is too large. A
/// stream of unknown length is read in blocks and joined once at the end,
/// so reading to the cap holds the cap, not twice it.
fn read_capped(mut file: std::fs::File, max: u64, size_hint: u64) -> Result<Bytes, ReadError> {
    use std::io::Read;
    const BLOCK: usize = 1 << 20;
    let limit = max.saturating_add(1);
    if size_hint > 0 {
        let mut buf = Vec::with_capacity(size_hint.min(max) as usize);
        (&mut file).take(limit).read_to_end(&mut buf)?;
        if buf.len() as u64 > max {
            return Err(ReadError::TooLarge { size: None, max });
        }
        return Ok(Bytes::Owned(buf));
    }
    let mut blocks: Vec<Vec<u8>> = Vec::new();
    let mut total: u64 = 0;
    loop {
        let mut block = Vec::with_capacity(BLOCK);
        let n = (&mut file).take((BLOCK as u64).min(limit - total)).read_to_end(&mut block)?;
        total += n as u64;
        if total > max {
            return Err(ReadError::TooLarge { size: None, max });
        }
        if n == 0 {
            break;
        }
        blocks.push(block);
    }
    Ok(Bytes::Owned(blocks.concat()))
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
        if let Err(e) = simdutf8::compat::from_utf8(&bytes[start..]) {
            return Err((bytes, start + e.valid_up_to()));
        }
        Ok(Text(match bytes {
            Bytes::Owned(mut b) => {
                b.drain(..start);
                // SAFETY: `b` is now exactly `bytes[start..]`, checked just above.
                Repr::Owned(unsafe { String::from_utf8_unchecked(b) })
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
    /// The last column computed (offset, line index, column): findings come
    /// in order, so the next one on a long line counts on from here instead
    /// of from the line's start (100,000 findings on one line stay linear).
    last_column: std::sync::Mutex<(usize, usize, usize)>,
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
        SourceFile { path, display, text: text.into(), line_starts: OnceLock::new(), last_column: std::sync::Mutex::new((0, 0, 1)) }
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
        let line = Self::line_index(starts, offset);
        let start = starts[line] as usize;
        let column = match self.last_column.try_lock() {
            Ok(mut last) => {
                let (at, at_line, at_col) = *last;
                let column = if at_line == line && at <= offset {
                    at_col + self.text[at..offset].chars().count()
                } else {
                    self.text[start..offset].chars().count() + 1
                };
                *last = (offset, line, column);
                column
            }
            Err(_) => self.text[start..offset].chars().count() + 1,
        };
        LineCol { line: line as u32 + 1, column: column as u32 }
    }

    /// The 1-based line of a byte offset (no column: cheap on any line).
    pub fn line_number(&self, offset: u32) -> u32 {
        Self::line_index(self.line_starts(), self.clamp(offset as usize)) as u32 + 1
    }

    fn line_index(starts: &[u32], offset: usize) -> usize {
        match starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The byte range of the whole lines that `span` touches, without the
    /// final line break. Found from the line index, so its cost does not
    /// grow with the line's length.
    pub fn lines_of(&self, span: Span) -> std::ops::Range<usize> {
        let start = self.clamp(span.start as usize);
        let end = self.clamp((span.end as usize).max(start));
        let starts = self.line_starts();
        let line_start = starts[Self::line_index(starts, start)] as usize;
        let last = Self::line_index(starts, end);
        let line_end = match starts.get(last + 1) {
            // The next line's start, less its line feed.
            Some(&next) => (next as usize).saturating_sub(1).max(line_start),
            None => self.text.len(),
        };
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
