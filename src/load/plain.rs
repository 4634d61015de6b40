//! A plain `[[task]]` table read straight into a task.
//!
//! Most tasks of a large plan are written the same way: an id, a title, a
//! lead, perhaps support orgs, a system, a phase, a deadline, a start, a
//! duration, a scope and an `after` list of ids or `{ task, lag, type }`
//! tables, each value a one-line string. For a table of only those keys
//! the fast reader ([`super::quick`]) notes where each value is
//! ([`Plain`]), and [`DocReader::read_plain_into`] makes the task from the
//! values with the schema walk's own parsers (ids, NFC, time expressions,
//! durations, references) — without building a TOML value per key and
//! looking each key up again.
//!
//! It changes speed, never meaning. It reads only what the schema walk
//! ([`DocReader::read_task`]) would read without a finding: any other key,
//! a value of another shape, or a value the walk would report (a bad id, a
//! missing lead, a date it cannot read, a deadline counted from another
//! task) and it leaves the table to the walk, which reports. The tests
//! below hold both to the same task, references and spans.

use super::quick::{Parser, R, Unsupported};
use super::working_time::{NOT_BEFORE_AFTER_HEADS, monthly, relative, starts};
use super::*;
use std::ops::Range;

/// A string value: its text (between the quotes, no escapes) and its byte
/// range (quotes included).
#[derive(Clone, Debug)]
pub(super) struct Str<'i> {
    pub(super) s: &'i str,
    pub(super) at: Range<usize>,
}

/// A key with a string value.
#[derive(Clone, Debug)]
pub(super) struct Kv<'i> {
    pub(super) key: Range<usize>,
    pub(super) val: Str<'i>,
}

/// A key with a string or a list: its items are `items` of the table's
/// shared list ([`Plain::strs`] or [`Plain::afters`]).
#[derive(Clone, Debug)]
pub(super) struct List {
    /// The whole value's byte range.
    pub(super) at: Range<usize>,
    /// Written as one string, not a list.
    pub(super) single: bool,
    pub(super) items: Range<usize>,
}

/// An entry of `after`: an id (`task` is the string itself) or a
/// `{ task, lag, type }` table.
#[derive(Clone, Debug)]
pub(super) struct AfterItem<'i> {
    pub(super) at: Range<usize>,
    pub(super) task: Option<Str<'i>>,
    pub(super) lag: Option<Str<'i>>,
    pub(super) kind: Option<Str<'i>>,
}

/// The values of one plain `[[task]]` table (reused from table to table).
#[derive(Default, Debug)]
pub(super) struct Plain<'i> {
    pub(super) id: Option<Kv<'i>>,
    pub(super) title: Option<Kv<'i>>,
    pub(super) lead: Option<List>,
    pub(super) support: Option<List>,
    pub(super) system: Option<Kv<'i>>,
    pub(super) phase: Option<Kv<'i>>,
    pub(super) due: Option<Kv<'i>>,
    pub(super) not_before: Option<Kv<'i>>,
    pub(super) duration: Option<Kv<'i>>,
    pub(super) scope: Option<Kv<'i>>,
    pub(super) after: Option<List>,
    /// The strings of `lead` and `support`.
    pub(super) strs: Vec<Str<'i>>,
    pub(super) afters: Vec<AfterItem<'i>>,
}

impl<'i> Plain<'i> {
    fn clear(&mut self) {
        let (mut strs, mut afters) = (std::mem::take(&mut self.strs), std::mem::take(&mut self.afters));
        strs.clear();
        afters.clear();
        *self = Plain { strs, afters, ..Plain::default() };
    }

    /// Reads a table body at `p` (up to the next header or the end) when
    /// every key is of the plain shape; `Err` (and `p` anywhere in the
    /// body) otherwise.
    pub(super) fn scan(&mut self, p: &mut Parser<'i>) -> R<()> {
        self.clear();
        p.key_lines(|p, key, at| {
            match key {
                "lead" | "support" | "after" => {
                    let list = self.list(p, key == "after")?;
                    let slot = match key {
                        "lead" => &mut self.lead,
                        "support" => &mut self.support,
                        _ => &mut self.after,
                    };
                    if slot.replace(list).is_some() {
                        return Err(Unsupported);
                    }
                }
                _ => {
                    let val = string(p)?;
                    let slot = match key {
                        "id" => &mut self.id,
                        "title" => &mut self.title,
                        "system" => &mut self.system,
                        "phase" => &mut self.phase,
                        "due" => &mut self.due,
                        "not_before" => &mut self.not_before,
                        "duration" => &mut self.duration,
                        "scope" => &mut self.scope,
                        _ => return Err(Unsupported),
                    };
                    if slot.replace(Kv { key: at, val }).is_some() {
                        return Err(Unsupported);
                    }
                }
            }
            Ok(())
        })
    }

    /// A string or a list of them (`after`: also `{ task, lag, type }`
    /// tables), read as the fast reader reads lists ([`Parser::array`]).
    fn list(&mut self, p: &mut Parser<'i>, after: bool) -> R<List> {
        let start = p.i;
        let first = if after { self.afters.len() } else { self.strs.len() };
        let mut item = |p: &mut Parser<'i>| -> R<()> {
            if after {
                self.afters.push(after_item(p)?);
            } else {
                self.strs.push(string(p)?);
            }
            Ok(())
        };
        let single = p.peek() != Some(b'[');
        if single {
            item(p)?;
        } else {
            p.array(item)?;
        }
        let end = if after { self.afters.len() } else { self.strs.len() };
        Ok(List { at: start..p.i, single, items: first..end })
    }
}

/// A one-line string with no escapes.
fn string<'i>(p: &mut Parser<'i>) -> R<Str<'i>> {
    let start = p.i;
    match p.peek() {
        Some(q @ (b'"' | b'\'')) => {
            let s = p.string(q)?;
            Ok(Str { s, at: start..p.i })
        }
        _ => Err(Unsupported),
    }
}

/// An id, or a one-line `{ task = …, lag = …, type = … }` of strings.
fn after_item<'i>(p: &mut Parser<'i>) -> R<AfterItem<'i>> {
    let start = p.i;
    if p.peek() != Some(b'{') {
        let s = string(p)?;
        return Ok(AfterItem { at: s.at.clone(), task: Some(s), lag: None, kind: None });
    }
    let mut item = AfterItem { at: 0..0, task: None, lag: None, kind: None };
    p.inline_table(|p, key, _| {
        let val = string(p)?;
        let slot = match key {
            "task" => &mut item.task,
            "lag" => &mut item.lag,
            "type" => &mut item.kind,
            _ => return Err(Unsupported),
        };
        if slot.replace(val).is_some() {
            return Err(Unsupported);
        }
        Ok(())
    })?;
    item.at = start..p.i;
    Ok(item)
}

impl DocReader<'_> {
    /// [`DocReader::read_task`] of a plain table, when the walk would
    /// report nothing in it: the task is added to `raw` (made in its place
    /// rather than handed back through the callers, ~300 bytes copied at
    /// each step) and `true` returned; `false` otherwise, with nothing
    /// recorded: the caller then reads the table through the walk.
    pub(super) fn read_plain_into(&mut self, p: &Plain, header: Span, raw: &mut Raw) -> bool {
        let (names, text) = (self.refs.names.len(), self.refs.text.len());
        let read = self.plain_task(p, header, raw).is_some();
        if !read {
            self.refs.names.truncate(names);
            self.refs.text.truncate(text);
        }
        read
    }

    /// [`DocReader::read_plain_into`], the task handed back (for the tests,
    /// which compare it with the walk's).
    #[cfg(test)]
    pub(super) fn read_plain(&mut self, p: &Plain, header: Span) -> Option<(Task, TaskRefs, Option<Recur>)> {
        let mut raw = Raw::default();
        self.read_plain_into(p, header, &mut raw).then(|| (raw.tasks.remove(0), raw.task_refs.remove(0), None))
    }

    fn plain_task(&mut self, p: &Plain, header: Span, raw: &mut Raw) -> Option<()> {
        self.suggested.clear();
        let id_kv = p.id.as_ref()?;
        let id = nfc(id_kv.val.s).into_owned();
        check_task_id(&id).ok()?;
        let mut spans = TaskSpans::new(header);
        spans.id = Some(self.span(id_kv.key.clone()));
        let title = nfc(p.title.as_ref()?.val.s).into_owned();
        // References in the walk's order: lead, support, system, after.
        let lead = self.plain_names(p, p.lead.as_ref()?);
        if lead.is_empty() {
            return None;
        }
        let support = p.support.as_ref().map_or(0..0, |l| self.plain_names(p, l));
        let system = p.system.as_ref().map(|s| {
            let n = self.name(s.val.s, self.span(s.val.at.clone()));
            self.refs.names.push(n);
            SystemIx(self.refs.names.len() as u32 - 1)
        });
        let phase = match &p.phase {
            Some(kv) => {
                spans.phase = Some(self.span(kv.key.clone()));
                Some(Phase::parse(kv.val.s)?)
            }
            None => None,
        };
        spans.has_due = p.due.is_some();
        // A deadline counted from another task, or recurring, is the walk's.
        let due = match &p.due {
            Some(kv) if monthly(kv.val.s).is_some() || relative(kv.val.s).is_some() => return None,
            Some(kv) => Some(self.plain_time(kv)?),
            None => None,
        };
        let not_before = match &p.not_before {
            Some(kv) if starts(kv.val.s, NOT_BEFORE_AFTER_HEADS) => return None,
            Some(kv) => {
                let t = self.plain_time(kv)?;
                if t.expr.kind == crate::time::TimeKind::Before {
                    return None;
                }
                Some(Box::new(t))
            }
            None => None,
        };
        let (duration, dur_kind) = match &p.duration {
            Some(kv) => {
                spans.duration = Some(self.span(kv.key.clone()));
                match parse_span(kv.val.s) {
                    Ok((d, k)) if d >= 0 => (d, k),
                    _ => return None,
                }
            }
            None => (0, DurKind::Elapsed),
        };
        let after = match &p.after {
            Some(list) => {
                let mut deps = Vec::with_capacity(list.items.len());
                for item in &p.afters[list.items.clone()] {
                    let kind = match &item.kind {
                        Some(k) => dep_kind(k.s)?,
                        None => DepKind::Fs,
                    };
                    let (lag, lag_kind) = match &item.lag {
                        Some(l) => parse_span(l.s).ok()?,
                        None => (0, DurKind::Elapsed),
                    };
                    let task = item.task.as_ref()?;
                    let name = self.name(task.s, self.span(task.at.clone()));
                    self.refs.names.push(name);
                    deps.push(Dep {
                        task: TaskIx(self.refs.names.len() as u32 - 1),
                        kind,
                        lag_kind,
                        lag,
                        span: self.span(item.at.clone()),
                    });
                }
                deps.into_boxed_slice()
            }
            None => Box::default(),
        };
        let scope = match &p.scope {
            Some(kv) => scope(kv.val.s)?,
            None => Scope::Plan,
        };
        raw.tasks.push(Task {
            id,
            title,
            lead: lead.into_iter().map(OrgIx).collect(),
            support: support.into_iter().map(OrgIx).collect(),
            system,
            phase,
            due,
            not_before,
            duration,
            after,
            scope,
            // Every key of `TaskMore` is outside the plain shape.
            more: None,
            unit_set: 0,
            cal: 0,
            dur_kind,
            spans,
            at: TaskTimes::default(),
        });
        raw.task_refs.push(TaskRefs { part: 0, source: None });
        Some(())
    }

    /// The names of a `lead` or `support` list, recorded; their places.
    fn plain_names(&mut self, p: &Plain, list: &List) -> Range<u32> {
        let start = self.refs.names.len() as u32;
        if list.single {
            if let Some(s) = p.strs.get(list.items.start) {
                let n = self.name(s.s, self.span(list.at.clone()));
                self.refs.names.push(n);
            }
        } else {
            for s in &p.strs[list.items.clone()] {
                let n = self.name(s.s, self.span(s.at.clone()));
                self.refs.names.push(n);
            }
        }
        start..self.refs.names.len() as u32
    }

    /// A time expression the walk reads without a finding.
    fn plain_time(&self, kv: &Kv) -> Option<Timed> {
        let expr = TimeExpr::parse(kv.val.s).ok()?;
        Some(Timed { expr, at: KeySpan { key: self.span(kv.key.clone()), value: self.span(kv.val.at.clone()) } })
    }
}

#[cfg(test)]
mod tests {
    use super::super::quick::{Table, entries, for_each_table};
    use super::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    fn reader<'a>(text: &'a str, out: &'a mut Vec<Finding>) -> DocReader<'a> {
        DocReader { file: FileId(0), text, base: 0, out, refs: Refs::default(), suggested: Vec::new(), task_what: TaskWhat::new() }
    }

    /// Reads every table of `text` both ways; fails when the plain reading
    /// differs from the walk's in anything (the task, its references and
    /// their spans, findings), or records anything when it declines.
    /// Returns how many tables were read the plain way, of how many.
    fn both(text: &str) -> (usize, usize) {
        let (mut plain, mut all) = (0, 0);
        let res = for_each_table(text, "task", |t, header| {
            all += 1;
            let Table::Plain(p, body) = t else { return Ok(()) };
            let (mut out_a, mut out_b) = (Vec::new(), Vec::new());
            let mut a = reader(text, &mut out_a);
            let got = a.read_plain(p, a.span(header.clone()));
            let mut b = reader(text, &mut out_b);
            let want = b.read_task(&entries(text, body).expect("a plain body reads as entries"), b.span(header), &mut String::new());
            match got {
                Some(got) => {
                    plain += 1;
                    assert_eq!(format!("{got:?}"), format!("{want:?}"), "task of:\n{text}");
                    assert_eq!(format!("{:?}", a.refs), format!("{:?}", b.refs), "references of:\n{text}");
                    assert!(b.out.is_empty(), "read the plain way, but the walk reports {:?}:\n{text}", b.out);
                }
                None => assert!(a.refs.names.is_empty() && a.refs.text.is_empty(), "declined, but recorded references:\n{text}"),
            }
            assert!(a.out.is_empty(), "the plain reading reported:\n{text}");
            Ok(())
        });
        if res.is_err() {
            return (0, 0);
        }
        (plain, all)
    }

    #[test]
    fn reads_a_generated_task_the_plain_way() {
        let text = "[[task]]\nid = \"t4997\"\ntitle = \"Việc 4997\"\nlead = \"o17\"\nduration = \"30m\"\ndue = \"2025-01-03T07:00\"\n\
                    after = [{ task = \"t3848\", lag = \"120m\" }, { task = \"t2975\", lag = \"120m\", type = \"ss\" }, \"t9\"]\n\n\
                    [[task]]\nid = 'email.list'  # a comment\nlead = [\"vnpt\", 'skhcn']\nsupport = []\ntitle = \"Lập danh sách\"\r\n\
                    scope = \"unit\"\nphase = \"prepare\"\nnot_before = \"2025-06-01\"\ndue = \"trước 21/6/2025\"\nsystem = \"email\"\n\
                    after = [\n  \"a\", # first\n  \"b\",\n]\n";
        assert_eq!(both(text), (2, 2));
    }

    #[test]
    fn leaves_to_the_walk_what_it_reports() {
        for table in [
            "id = \"bad id\"\ntitle = \"x\"\nlead = \"o\"\n",
            "title = \"x\"\nlead = \"o\"\n",
            "id = \"a\"\nlead = \"o\"\n",
            "id = \"a\"\ntitle = \"x\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = []\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\nphase = \"prepar\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\ndue = \"soon\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\ndue = \"ngày 20 hằng tháng\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\ndue = \"ngay sau khi b\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\nnot_before = \"sau khi b\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\nnot_before = \"trước 21/6/2025\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\nduration = \"-1h\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\nduration = \"1 fortnight\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\nscope = \"units\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\nafter = [{ lag = \"1h\" }]\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\nafter = [{ task = \"b\", type = \"sf\" }]\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\nafter = [{ task = \"b\", lag = \"x\" }]\n",
        ] {
            assert_eq!(both(&format!("[[task]]\n{table}")), (0, 1), "{table}");
        }
        // Keys and shapes it does not read at all.
        for table in [
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\nnote = \"n\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\ntitel = \"n\"\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\nafter = { task = \"b\", x = \"y\" }\n",
            "id = \"a\"\ntitle = \"x\"\nlead = [\"o\", [\"p\"]]\n",
            "id = \"a\"\ntitle = \"x\"\nlead = \"o\"\ndue = { after = \"b\" }\n",
        ] {
            let text = format!("[[task]]\n{table}");
            let mut kinds = Vec::new();
            let _ = for_each_table(&text, "task", |t, _| {
                kinds.push(matches!(t, Table::Plain(..)));
                Ok(())
            });
            assert_eq!(kinds, [false], "{table}");
        }
    }

    /// A value the schema walk may or may not take without a finding: one
    /// of `good` (mostly) or of `bad`, quoted.
    fn pick(good: &'static [&'static str], bad: &'static [&'static str]) -> BoxedStrategy<String> {
        let q = |s: &&str| format!("\"{s}\"");
        prop_oneof![4 => prop::sample::select(good).prop_map(move |s| q(&s)), 1 => prop::sample::select(bad).prop_map(move |s| q(&s))]
            .boxed()
    }

    fn value(key: &'static str) -> BoxedStrategy<String> {
        match key {
            "id" => pick(&["t1", "a.b-c_d", "Việc", "q2.report"], &["x..y", "", "bad id", "q2.report@x"]),
            "title" => pick(&["Việc một", "x", "Vie\u{0323}\u{0302}c"], &[""]),
            "system" | "lead" | "support" => {
                let id = pick(&["o1", "skhcn", "Sở"], &["", "o 1"]);
                prop_oneof![4 => id.clone(), 1 => prop::collection::vec(id, 0..3).prop_map(|v| format!("[{}]", v.join(", ")))].boxed()
            }
            "phase" => pick(&["prepare", "cutover", "verify"], &["prepar", ""]),
            "due" | "not_before" => pick(
                &["2025-06-21", "2025-06-21T09:00", "trước 21/6/2025", "24:00 30/6/2025", "30/6/2025"],
                &["ngày 20 hằng tháng", "ngay sau khi t1", "sau khi t2", "after t3", "within 3wd after t1", "soon", ""],
            ),
            "duration" => pick(&["30m", "2h", "1d", "3wd", "0m"], &["-1h", "x", ""]),
            "scope" => pick(&["plan", "unit"], &["units"]),
            _ => {
                let task = pick(&["t1", "t2"], &["x y"]);
                let lag = pick(&["30m", "2wd"], &["-1h", "x"]);
                let kind = pick(&["fs", "ss", "ff"], &["sf"]);
                let table =
                    (prop::option::weighted(0.9, task.clone()), prop::option::of(lag), prop::option::of(kind)).prop_map(|(t, l, k)| {
                        let kv: Vec<String> =
                            [("task", t), ("lag", l), ("type", k)].into_iter().filter_map(|(k, v)| Some(format!("{k} = {}", v?))).collect();
                        format!("{{ {} }}", kv.join(", "))
                    });
                let item = prop_oneof![task, table];
                prop_oneof![1 => item.clone(), 3 => prop::collection::vec(item, 0..4).prop_map(|v| format!("[{}]", v.join(", ")))].boxed()
            }
        }
    }

    const KEYS: [&str; 8] = ["support", "system", "phase", "due", "not_before", "duration", "scope", "after"];

    /// A task table: `id`, `title` and `lead` mostly, some of the other
    /// keys, in any order.
    fn table() -> impl Strategy<Value = String> {
        let required = [("id", 0.95), ("title", 0.95), ("lead", 0.95)]
            .map(|(k, p)| prop::option::weighted(p, value(k).prop_map(move |v| format!("{k} = {v}\n"))));
        let rest = prop::sample::subsequence(&KEYS[..], 0..=KEYS.len())
            .prop_flat_map(|keys| keys.into_iter().map(|k| value(k).prop_map(move |v| format!("{k} = {v}\n"))).collect::<Vec<_>>());
        (required, rest)
            .prop_map(|(required, rest)| required.into_iter().flatten().chain(rest).collect::<Vec<_>>())
            .prop_shuffle()
            .prop_map(|lines| format!("[[task]]\n{}", lines.concat()))
    }

    /// The generated tables reach both outcomes, often: the property below
    /// compares readings, not only refusals.
    #[test]
    fn the_tables_are_read_both_ways() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut plain, mut all) = (0, 0);
        for _ in 0..400 {
            let text = table().new_tree(&mut runner).unwrap().current();
            let (p, a) = both(&text);
            plain += p;
            all += a;
        }
        assert!(plain >= 40 && all - plain >= 40, "{plain} of {all} read the plain way");
    }

    proptest! {
        /// A plain table reads the same both ways, or is left to the walk.
        #[test]
        fn agrees_with_the_walk(tables in prop::collection::vec(table(), 1..4)) {
            let text = tables.concat();
            let (_, all) = both(&text);
            prop_assert_eq!(all, tables.len());
        }

        /// The plain shape with values the walk takes is read the plain way.
        #[test]
        fn reads_the_plain_shape(id in "[a-z][a-z0-9]{0,4}", lead in "[a-z][a-z0-9]{0,3}", n in 0..3usize, mins in 0..600i64) {
            let after: Vec<String> = (0..n).map(|i| format!("{{ task = \"t{i}\", lag = \"{mins}m\" }}")).collect();
            let text = format!(
                "[[task]]\nid = \"{id}\"\ntitle = \"Việc {id}\"\nlead = \"{lead}\"\nduration = \"{mins}m\"\ndue = \"2025-01-02T15:30\"\nafter = [{}]\n",
                after.join(", ")
            );
            prop_assert_eq!(both(&text), (1, 1));
        }
    }
}
