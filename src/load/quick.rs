//! A fast reader for the common shape of a large plan's parts: a run of
//! `[[task]]` tables whose keys are bare and whose values are plain strings,
//! booleans, arrays and one-line inline tables — what generators and most
//! hand-written plans write.
//!
//! It builds, one table at a time, the same keys and values, with the same
//! byte ranges, that the TOML parser builds — a table's keys as a list
//! ([`Entries`]) rather than a hash map, since a task has a handful — and
//! hands each table to the loader at once: no chunk-wide token list or
//! document is built. Anything
//! outside that subset — another header, a number, a date, an escape, a
//! multi-line string, a dotted or quoted key, a duplicate key, a syntax
//! error — makes it give up, and the part is read by the TOML parser (which
//! also reports the errors). The subset changes speed, never meaning: the
//! tests below compare both readers on the same text.

use std::borrow::Cow;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::plain::Plain;
use super::schema::Entries;

/// The text holds something the fast reader does not read; the TOML parser must.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unsupported;

pub(super) type R<T> = Result<T, Unsupported>;

/// Nesting deeper than this is left to the TOML parser.
const MAX_DEPTH: usize = 8;

/// A table of more keys than this is left to the TOML parser (a task has 25
/// known keys; a few more are typos the schema walk reports).
const MAX_KEYS: usize = 64;

/// One `[[name]]` table as the fast reader hands it over.
pub(super) enum Table<'t, 'i> {
    /// A `[[task]]` table in the plain shape ([`super::plain`]): its fields,
    /// and the byte range of its body (for [`entries`], if a value in it
    /// must be reported).
    Plain(&'t Plain<'i>, Range<usize>),
    /// Any other table of the subset: its keys and values.
    Entries(&'t Entries<'i>),
}

/// Calls `each(table, header)` for every `[[name]]` table of `text`, in
/// order (`header` is the byte range of the `[[name]]` line's header), and
/// returns how many there were — or `Err(Unsupported)` as soon as the text
/// leaves the subset (or `each` gives up), possibly after some tables were
/// handed over: the caller then discards what it read and parses the text
/// with `toml`.
pub(super) fn for_each_table<'i>(text: &'i str, name: &str, mut each: impl FnMut(Table<'_, 'i>, Range<usize>) -> R<()>) -> R<usize> {
    let mut p = Parser { s: text, b: text.as_bytes(), i: 0 };
    let mut table: Entries<'i> = Vec::new();
    let mut plain = Plain::default();
    let mut count = 0;
    loop {
        p.ws();
        match p.peek() {
            None => break,
            Some(b'\n' | b'\r' | b'#') => p.end_of_line()?,
            Some(b'[') => {
                let start = p.i;
                let rest = &p.b[p.i..];
                let n = name.len();
                if !(rest.len() >= n + 4 && rest.starts_with(b"[[") && &rest[2..2 + n] == name.as_bytes() && &rest[2 + n..4 + n] == b"]]") {
                    return Err(Unsupported);
                }
                p.i += n + 4;
                let header = start..p.i;
                p.end_of_line()?;
                let body = p.i;
                if name == "task" && plain.scan(&mut p).is_ok() {
                    each(Table::Plain(&plain, body..p.i), header)?;
                } else {
                    p.i = body;
                    p.body(&mut table)?;
                    each(Table::Entries(&table), header)?;
                }
                count += 1;
            }
            Some(_) => return Err(Unsupported),
        }
    }
    Ok(count)
}

/// The keys and values of the table body at `body` of `text` (a body
/// [`for_each_table`] handed over as [`Table::Plain`]).
pub(super) fn entries<'i>(text: &'i str, body: Range<usize>) -> R<Entries<'i>> {
    let mut p = Parser { s: text, b: text.as_bytes(), i: body.start };
    let mut table = Vec::new();
    p.body(&mut table)?;
    if p.i != body.end {
        return Err(Unsupported);
    }
    Ok(table)
}

/// What a byte is to the reader, looked up once per byte: keys and strings
/// are read a byte at a time, ~30 of them a task.
const BARE: u8 = 1;
/// Ends or leaves a basic string (`"…"`): the quote, `\`, a control.
const STOP_BASIC: u8 = 2;
/// Ends or leaves a literal string (`'…'`): the quote, a control.
const STOP_LITERAL: u8 = 4;

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            t[c] |= BARE;
        }
        if (b < 0x20 && b != b'\t') || b == 0x7f {
            t[c] |= STOP_BASIC | STOP_LITERAL;
        }
        c += 1;
    }
    t[b'"' as usize] |= STOP_BASIC;
    t[b'\\' as usize] |= STOP_BASIC;
    t[b'\'' as usize] |= STOP_LITERAL;
    t
};

fn is_bare(c: u8) -> bool {
    CLASS[c as usize] & BARE != 0
}

pub(super) struct Parser<'i> {
    pub(super) s: &'i str,
    pub(super) b: &'i [u8],
    pub(super) i: usize,
}

impl<'i> Parser<'i> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> R<()> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    /// Spaces and tabs.
    fn ws(&mut self) {
        while let Some(b' ' | b'\t') = self.peek() {
            self.i += 1;
        }
    }

    /// A comment from its `#` to the line end (not eaten).
    fn comment(&mut self) -> R<()> {
        self.i += 1;
        while let Some(c) = self.peek() {
            if c == b'\n' || c == b'\r' {
                break;
            }
            if (c < 0x20 && c != b'\t') || c == 0x7f {
                return Err(Unsupported);
            }
            self.i += 1;
        }
        Ok(())
    }

    /// A line break: `\n` or `\r\n`.
    fn newline(&mut self) -> bool {
        match self.peek() {
            Some(b'\n') => {
                self.i += 1;
                true
            }
            Some(b'\r') if self.b.get(self.i + 1) == Some(&b'\n') => {
                self.i += 2;
                true
            }
            _ => false,
        }
    }

    /// The rest of a line after a header or a value: spaces, perhaps a
    /// comment, then a line break or the end of the text.
    fn end_of_line(&mut self) -> R<()> {
        self.ws();
        if self.peek() == Some(b'#') {
            self.comment()?;
        }
        if self.peek().is_none() || self.newline() { Ok(()) } else { Err(Unsupported) }
    }

    /// Spaces, line breaks and comments between an array's elements.
    fn gap(&mut self) -> R<()> {
        loop {
            self.ws();
            if self.peek() == Some(b'#') {
                self.comment()?;
            }
            if !self.newline() {
                return Ok(());
            }
        }
    }

    #[inline]
    fn key(&mut self) -> R<(&'i str, Range<usize>)> {
        let start = self.i;
        while self.peek().is_some_and(is_bare) {
            self.i += 1;
        }
        if self.i == start {
            return Err(Unsupported);
        }
        Ok((&self.s[start..self.i], start..self.i))
    }

    /// A table's key lines, up to the next header or the end of the text:
    /// `key = …`, each alone on its line, among blank lines and comments;
    /// `each(parser, key, key's range)` reads the value after the `=`.
    pub(super) fn key_lines(&mut self, mut each: impl FnMut(&mut Self, &'i str, Range<usize>) -> R<()>) -> R<()> {
        loop {
            self.ws();
            match self.peek() {
                None | Some(b'[') => return Ok(()),
                Some(b'\n' | b'\r' | b'#') => self.end_of_line()?,
                Some(_) => {
                    let (key, at) = self.key_eq()?;
                    each(self, key, at)?;
                    self.end_of_line()?;
                }
            }
        }
    }

    /// A bare key and the `=` after it.
    #[inline(always)]
    fn key_eq(&mut self) -> R<(&'i str, Range<usize>)> {
        let key = self.key()?;
        self.ws();
        self.eat(b'=')?;
        self.ws();
        Ok(key)
    }

    /// `[a, b, …]`: elements apart by spaces, line breaks and comments, a
    /// comma after the last allowed; `each` reads one element.
    pub(super) fn array(&mut self, mut each: impl FnMut(&mut Self) -> R<()>) -> R<()> {
        self.eat(b'[')?;
        loop {
            self.gap()?;
            if self.peek() == Some(b']') {
                self.i += 1;
                return Ok(());
            }
            each(self)?;
            self.gap()?;
            if self.comma_or(b']')? {
                return Ok(());
            }
        }
    }

    /// `{ k = …, … }` on one line (no comma after the last);
    /// `each(parser, key, key's range)` reads the value after the `=`.
    pub(super) fn inline_table(&mut self, mut each: impl FnMut(&mut Self, &'i str, Range<usize>) -> R<()>) -> R<()> {
        self.eat(b'{')?;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            let (key, at) = self.key_eq()?;
            each(self, key, at)?;
            self.ws();
            if self.comma_or(b'}')? {
                return Ok(());
            }
        }
    }

    /// After an item of an array or inline table: `,` (another follows,
    /// `false`) or `close` (the last, `true`), taken; anything else is
    /// outside the subset.
    fn comma_or(&mut self, close: u8) -> R<bool> {
        match self.peek() {
            Some(b',') => {
                self.i += 1;
                Ok(false)
            }
            Some(c) if c == close => {
                self.i += 1;
                Ok(true)
            }
            _ => Err(Unsupported),
        }
    }

    /// A table's key lines into `table` (emptied first).
    fn body(&mut self, table: &mut Entries<'i>) -> R<()> {
        table.clear();
        self.key_lines(|p, key, at| {
            let v = p.value(0)?;
            // A list is searched for a key already there: a table of more
            // keys than a task has (hostile, or not a task) goes to the
            // TOML parser, whose map finds duplicates in constant time.
            if table.len() >= MAX_KEYS || table.iter().any(|(k, _)| k.get_ref() == key) {
                return Err(Unsupported);
            }
            table.push((Spanned::new(at, Cow::Borrowed(key)), v));
            Ok(())
        })
    }

    fn value(&mut self, depth: usize) -> R<Spanned<DeValue<'i>>> {
        if depth > MAX_DEPTH {
            return Err(Unsupported);
        }
        let start = self.i;
        let v = match self.peek() {
            Some(q @ (b'"' | b'\'')) => DeValue::String(Cow::Borrowed(self.string(q)?)),
            Some(b't') if self.b[self.i..].starts_with(b"true") => {
                self.i += 4;
                DeValue::Boolean(true)
            }
            Some(b'f') if self.b[self.i..].starts_with(b"false") => {
                self.i += 5;
                DeValue::Boolean(false)
            }
            Some(b'[') => {
                let mut items = DeArray::new();
                self.array(|p| {
                    items.push(p.value(depth + 1)?);
                    Ok(())
                })?;
                DeValue::Array(items)
            }
            Some(b'{') => {
                let mut t = DeTable::new();
                self.inline_table(|p, key, at| {
                    let v = p.value(depth + 1)?;
                    if t.insert(Spanned::new(at, Cow::Borrowed(key)), v).is_some() {
                        return Err(Unsupported);
                    }
                    Ok(())
                })?;
                DeValue::Table(t)
            }
            _ => return Err(Unsupported),
        };
        Ok(Spanned::new(start..self.i, v))
    }

    /// A one-line string with no escapes, quoted by `q` (`"` or `'`).
    pub(super) fn string(&mut self, q: u8) -> R<&'i str> {
        let open = self.i + 1;
        let stop = if q == b'"' { STOP_BASIC } else { STOP_LITERAL };
        let rest = self.b.get(open..).ok_or(Unsupported)?;
        // The first byte that ends the string or leaves the subset (an
        // escape, a control).
        let len = rest.iter().position(|&c| CLASS[c as usize] & stop != 0).ok_or(Unsupported)?;
        let j = open + len;
        if rest[len] != q {
            return Err(Unsupported);
        }
        // `""` is empty, `"""` opens a multi-line string.
        if len == 0 && self.b.get(j + 1) == Some(&q) {
            return Err(Unsupported);
        }
        self.i = j + 1;
        Ok(&self.s[open..j])
    }
}

#[cfg(test)]
mod tests {
    use super::super::schema::Tab;
    use super::*;
    use proptest::prelude::*;

    type Value<'i> = Spanned<DeValue<'i>>;

    /// Both values hold the same data at the same byte ranges.
    fn same(a: &Value, b: &Value) -> bool {
        a.span() == b.span()
            && match (a.get_ref(), b.get_ref()) {
                (DeValue::String(x), DeValue::String(y)) => x == y,
                (DeValue::Boolean(x), DeValue::Boolean(y)) => x == y,
                (DeValue::Array(x), DeValue::Array(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(a, b)),
                (DeValue::Table(x), DeValue::Table(y)) => same_table(x, y),
                _ => false,
            }
    }

    /// The same keys and values in the same order, as the TOML parser's map
    /// or as the fast reader's list.
    fn same_table<'i>(x: &DeTable, y: &impl Tab<'i>) -> bool {
        x.len() == y.entries().count()
            && x.iter().zip(y.entries()).all(|((ka, va), (kb, vb))| ka.span() == kb.span() && ka.get_ref() == kb.get_ref() && same(va, vb))
    }

    /// What the fast reader gives, or `None` when it gives up; panics when
    /// it reads a text differently from the TOML parser.
    fn agree(text: &str) -> Option<usize> {
        let mut quick: Vec<(Entries, Range<usize>)> = Vec::new();
        // A plain table (read straight into a task) is compared as the
        // entries of its body.
        let got = for_each_table(text, "task", |t, h| {
            let t = match t {
                Table::Plain(_, body) => entries(text, body)?,
                Table::Entries(t) => t.clone(),
            };
            quick.push((t, h));
            Ok(())
        })
        .ok()?;
        assert_eq!(got, quick.len());
        let doc = DeTable::parse(text).unwrap_or_else(|e| panic!("the fast reader took a text TOML rejects: {e}\n{text}")).into_inner();
        let Some(v) = doc.get("task") else {
            assert!(quick.is_empty(), "{text}");
            assert!(doc.is_empty());
            return Some(0);
        };
        assert_eq!(doc.len(), 1, "{text}");
        let DeValue::Array(items) = v.get_ref() else { panic!("`task` is not an array: {text}") };
        assert_eq!(items.len(), quick.len(), "{text}");
        for (item, (t, h)) in items.iter().zip(&quick) {
            assert_eq!(item.span(), h.clone(), "header of {text}");
            let DeValue::Table(want) = item.get_ref() else { panic!() };
            assert!(same_table(want, t), "fast reader differs on:\n{text}\ntoml: {want:?}\nfast: {t:?}");
        }
        Some(quick.len())
    }

    #[test]
    fn reads_the_common_shapes_as_toml_does() {
        let text = "# a comment\n\n[[task]]\nid = \"a\"  # c\ntitle = 'lit \\ eral'\r\nafter = [ \"x\", { task = \"y\", lag = \"1d\" } ,]\n\n\
                    [[task]] # the second\nid=\"b\"\nafter = [\n  \"p\", # c\n  \"q\"\n\n]\nok = true\nno = false\nempty = []\nnone = {}\n\
                    lead = \"\"\nn = [[\"x\"], [ ], {a=true}]\ttitle = \"Việc\tmột\"";
        // The last line is two keys on one line: TOML rejects it, and so must the fast reader.
        assert_eq!(for_each_table(text, "task", |_, _| Ok(())), Err(Unsupported));
        let text = text.replace("\ttitle", "\ntitle");
        assert_eq!(agree(&text), Some(2));
        assert_eq!(agree(""), Some(0));
        assert_eq!(agree("# only a comment"), Some(0));
        assert_eq!(agree("[[task]]"), Some(1));
    }

    #[test]
    fn gives_up_outside_the_subset() {
        for text in [
            "[plan]\nid = \"x\"\n",
            "[[unit]]\nid = \"x\"\n",
            "[[ task ]]\nid = \"x\"\n",
            "id = \"x\"\n",
            "[[task]]\na.b = \"x\"\n",
            "[[task]]\n\"a\" = \"x\"\n",
            "[[task]]\na = 1\n",
            "[[task]]\na = 2025-06-30\n",
            "[[task]]\na = \"x\\ty\"\n",
            "[[task]]\na = \"\"\"x\"\"\"\n",
            "[[task]]\na = '''x'''\n",
            "[[task]]\na = \"x\"\na = \"y\"\n",
            "[[task]]\na = { b = \"x\", }\n",
            "[[task]]\na = { b = \"x\",\n c = \"y\" }\n",
            "[[task]]\na = \"x\" b = \"y\"\n",
            "[[task]]\na = \"x\"\rb = \"y\"\n",
            "[[task]]\na = \"unterminated\n",
            "[[task]]\na = [\"x\"\n",
            "[[task]]\na = truex\n",
            "[[task]]\na = \"x\u{1}\"\n",
            "[[task]]\n# bell \u{7}\n",
            "\u{feff}[[task]]\n",
            "[[task]]\n[task.x]\n",
            "[[task]]\na = [[[[[[[[[[[\"deep\"]]]]]]]]]]]\n",
            &format!("[[task]]\n{}", (0..65).map(|i| format!("k{i} = true\n")).collect::<String>()),
        ] {
            assert_eq!(for_each_table(text, "task", |_, _| Ok(())), Err(Unsupported), "{text:?}");
        }
    }

    /// A TOML value; with `outside`, also forms the fast reader leaves to
    /// the TOML parser (an integer, an escape).
    fn value(outside: bool) -> impl Strategy<Value = String> {
        let basic = if outside { "[a-zđưệ \\t\\\\'#=,\\[\\]{}]{0,6}" } else { "[a-zđưệ \\t'#=,\\[\\]{}]{0,6}" };
        let leaf = prop_oneof![
            basic.prop_map(|s| format!("\"{s}\"")),
            "[a-zđưệ \\t\\\\\"#=,\\[\\]{}]{0,6}".prop_map(|s| format!("'{s}'")),
            Just("true".to_string()),
            Just("false".to_string()),
            Just(if outside { "1" } else { "false" }.to_string()),
        ];
        leaf.prop_recursive(3, 12, 4, move |inner| {
            prop_oneof![
                (prop::collection::vec(inner.clone(), 0..4), if outside { "[ \\t\\n,]{0,2}" } else { "[ \\t]{0,2}" }, prop::bool::ANY)
                    .prop_map(|(items, sep, trailing)| {
                        let mut s = format!("[{}", items.join(&format!(",{sep}")));
                        if trailing && !items.is_empty() {
                            s.push(',');
                        }
                        s.push_str(&sep.replace(',', ""));
                        s.push(']');
                        s
                    }),
                prop::collection::btree_map("[a-c]", inner, 0..3)
                    .prop_map(|kv| { format!("{{{}}}", kv.iter().map(|(k, v)| format!(" {k} = {v}")).collect::<Vec<_>>().join(",")) }),
            ]
        })
    }

    proptest! {
        /// Whatever the fast reader accepts, it reads exactly as the TOML parser does.
        #[test]
        fn agrees_with_toml(tables in prop::collection::vec(prop::collection::vec(("[a-e]{1,2}", value(true), "[ \\t]{0,2}", "(# x)?", "\r?\n"), 0..5), 0..4), blank in "(\n|# c\n| \n)?") {
            // `agree` fails the test if the fast reader reads any text differently
            // from the TOML parser; giving up is always allowed.
            if let Some(n) = agree(&tables_text(&tables, &blank)) {
                prop_assert_eq!(n, tables.len());
            }
        }

        /// The subset is read, not left to the TOML parser.
        #[test]
        fn reads_the_subset(tables in prop::collection::vec(prop::collection::btree_map("[a-e]{1,2}", (value(false), "[ \\t]{0,2}", "(# x)?", "\r?\n"), 0..5), 0..4), blank in "(\n|# c\n| \n)?") {
            let tables: Vec<Vec<_>> = tables.into_iter().map(|kvs| kvs.into_iter().map(|(k, (v, sp, c, nl))| (k, v, sp, c, nl)).collect()).collect();
            prop_assert_eq!(agree(&tables_text(&tables, &blank)), Some(tables.len()));
        }
    }

    /// A key line's parts: key, value, spaces, comment, line break.
    type Line = (String, String, String, String, String);

    fn tables_text(tables: &[Vec<Line>], blank: &str) -> String {
        let mut text = String::new();
        for kvs in tables {
            text.push_str("[[task]]\n");
            text.push_str(blank);
            for (k, v, sp, c, nl) in kvs {
                text.push_str(&format!("{k}{sp}={sp}{v}{sp}{c}{nl}"));
            }
        }
        text
    }
}
