//! The schema walk: a spanned TOML table read into the model, every key
//! checked against the format (`unknown-key`, `missing-key`, `bad-value`).

use super::*;

/// Walks one parsed file.
pub(super) struct DocReader<'a> {
    pub(super) file: FileId,
    /// The chunk's text.
    pub(super) text: &'a str,
    /// Where the chunk being read starts in the file.
    pub(super) base: usize,
    pub(super) out: &'a mut Vec<Finding>,
    /// The chunk's references.
    pub(super) refs: Refs,
    /// The known keys the last table's unknown keys were taken to mean.
    pub(super) suggested: Vec<&'static str>,
    /// The name messages give a task (`task `x``), looked up once per chunk.
    pub(super) task_what: TaskWhat,
}

/// The catalogue's `task `%{id}``, cut around the id once, not per task.
pub(super) struct TaskWhat {
    text: std::borrow::Cow<'static, str>,
    id_at: Option<usize>,
}

impl TaskWhat {
    pub(super) fn new() -> TaskWhat {
        let text = crate::t!("load.what.task");
        let id_at = text.find("%{id}");
        TaskWhat { text, id_at }
    }

    /// The name of task `id`, into `out`.
    fn fill(&self, id: &str, out: &mut String) {
        let (before, after) = match self.id_at {
            Some(i) => (&self.text[..i], &self.text[i + "%{id}".len()..]),
            None => (&self.text[..], ""),
        };
        out.push_str(before);
        out.push_str(id);
        out.push_str(after);
    }
}

/// A table's keys and values, in order: as the TOML parser builds them
/// ([`DeTable`]), or as the fast reader lists a `[[task]]` table's few keys
/// ([`Entries`]: no hash map to build and drop for every task).
pub(super) trait Tab<'i> {
    fn entries<'t>(&'t self) -> impl Iterator<Item = (&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)>
    where
        'i: 't;
    fn find<'t>(&'t self, key: &str) -> Option<(&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)>
    where
        'i: 't;
}

/// A table's entries in a list, for the fast reader (no two keys alike).
pub(super) type Entries<'i> = Vec<(Spanned<std::borrow::Cow<'i, str>>, Value<'i>)>;

impl<'i> Tab<'i> for DeTable<'i> {
    fn entries<'t>(&'t self) -> impl Iterator<Item = (&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)>
    where
        'i: 't,
    {
        self.iter()
    }

    /// Plan tables are small: a scan of their few keys is cheaper than
    /// hashing the key (this runs ~16 times per task).
    fn find<'t>(&'t self, key: &str) -> Option<(&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)>
    where
        'i: 't,
    {
        if self.len() <= 32 { self.iter().find(|(k, _)| same_key(k.get_ref(), key)) } else { self.get_key_value(key) }
    }
}

impl<'i> Tab<'i> for Entries<'i> {
    fn entries<'t>(&'t self) -> impl Iterator<Item = (&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)>
    where
        'i: 't,
    {
        self.iter().map(|(k, v)| (k, v))
    }

    fn find<'t>(&'t self, key: &str) -> Option<(&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)>
    where
        'i: 't,
    {
        self.iter().find(|(k, _)| same_key(k.get_ref(), key)).map(|(k, v)| (k, v))
    }
}

pub(super) const TOP_KEYS: &[&str] = &["plan", "source", "org", "system", "unit", "task", "include", "calendar", "holiday"];
pub(super) const PLAN_KEYS: &[&str] =
    &["id", "title", "timezone", "start", "cutover", "include", "lang", "window_end", "backout_warning", "rules", "groups", "calendar"];
pub(super) const CALENDAR_KEYS: &[&str] = &["name", "hours", "days", "holidays"];
pub(super) const HOLIDAY_KEYS: &[&str] = &["date", "to", "name", "working", "calendars"];
/// The most `[[holiday]]` entries a plan's files may hold.
pub(super) const MAX_HOLIDAYS: usize = 1000;
pub(super) const REPEAT_KEYS: &[&str] = &["from", "to"];
pub(super) const DUE_AFTER_KEYS: &[&str] = &["after", "within", "or"];
pub(super) const NOT_BEFORE_AFTER_KEYS: &[&str] = &["after", "lag"];
pub(super) const SOURCE_KEYS: &[&str] = &["id", "title", "number", "date", "file", "issued_after"];
pub(super) const ORG_KEYS: &[&str] = &["name", "short", "kind", "per_unit", "calendar"];
pub(super) const SYSTEM_KEYS: &[&str] = &["name", "owner", "vendor", "calendar"];
pub(super) const UNIT_KEYS: &[&str] = &["id", "name", "kind", "code", "domain", "legacy", "former_province", "former_districts", "groups"];
pub(super) const LEGACY_KEYS: &[&str] = &["name", "code"];
pub(super) const TASK_KEYS: &[&str] = &[
    "id",
    "title",
    "lead",
    "support",
    "system",
    "phase",
    "due",
    "not_before",
    "at",
    "duration",
    "after",
    "scope",
    "wave",
    "source",
    "steps",
    "note",
    "waive",
    "approvers",
    "quorum",
    "criteria",
    "undoes",
    "point_of_no_return",
    "groups",
    "calendar",
    "repeat",
];
pub(super) const AFTER_KEYS: &[&str] = &["task", "lag", "type"];
pub(super) const WAIVE_KEYS: &[&str] = &["rule", "reason"];

pub(super) fn type_name(v: &DeValue) -> std::borrow::Cow<'static, str> {
    match v {
        DeValue::String(_) => crate::t!("load.type.string"),
        DeValue::Integer(_) => crate::t!("load.type.integer"),
        DeValue::Float(_) => crate::t!("load.type.float"),
        DeValue::Boolean(_) => crate::t!("load.type.boolean"),
        DeValue::Datetime(_) => crate::t!("load.type.datetime"),
        DeValue::Array(_) => crate::t!("load.type.array"),
        DeValue::Table(_) => crate::t!("load.type.table"),
    }
}

/// The key another tool's name stands for: `depends_on` is `after`,
/// `deadline` is `due`, `owner` is `lead`.
pub(super) fn alias(name: &str) -> Option<&'static str> {
    Some(match name {
        "depends_on" | "depends" | "deps" | "dependencies" | "requires" | "predecessors" | "needs" | "blocked_by" => "after",
        "deadline" | "due_date" | "due_by" | "until" | "end" | "finish" => "due",
        "owner" | "owners" | "responsible" | "assignee" | "assigned_to" | "chu_tri" => "lead",
        "helpers" | "supporters" | "contributors" | "phoi_hop" => "support",
        "start_after" | "earliest_start" | "start_no_earlier_than" => "not_before",
        "description" | "summary" => "title",
        "effort" | "length" | "estimate" => "duration",
        _ => return None,
    })
}

/// A task's `scope` as written (`plan`, `unit`).
pub(super) fn scope(s: &str) -> Option<Scope> {
    match s {
        "plan" => Some(Scope::Plan),
        "unit" => Some(Scope::Unit),
        _ => None,
    }
}

/// An `after` entry's `type` as written (`fs`, `ss`, `ff`).
pub(super) fn dep_kind(s: &str) -> Option<DepKind> {
    match s {
        "fs" => Some(DepKind::Fs),
        "ss" => Some(DepKind::Ss),
        "ff" => Some(DepKind::Ff),
        _ => None,
    }
}

/// `a == b` for keys, which are short and mostly differ in length or first
/// byte: those are compared before the bytes (a task's keys are compared
/// ~150 times as it is read, and a call to `memcmp` costs more than the
/// comparison it makes).
#[inline]
pub(super) fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

impl<'a> DocReader<'a> {
    /// A time expression as written, for messages.
    pub(super) fn written(&self, t: &Timed) -> &'a str {
        let r = t.at.value.range();
        crate::model::unquote(self.text.get(r.start - self.base..r.end - self.base).unwrap_or(""))
    }

    pub(super) fn span(&self, r: std::ops::Range<usize>) -> Span {
        Span::new(self.file, self.base + r.start..self.base + r.end)
    }

    pub(super) fn ks(&self, k: &Spanned<std::borrow::Cow<'_, str>>, v: &Value) -> KeySpan {
        KeySpan { key: self.span(k.span()), value: self.span(v.span()) }
    }

    pub(super) fn push(&mut self, f: Finding) {
        self.out.push(f);
    }

    /// Reports every key of `t` that is not in `known`, with the key it most
    /// likely means: a near spelling (`titel` → `title`) or the name other
    /// tools give it (`depends_on` → `after`). A required key it stands for
    /// is then not reported missing as well: one mistake, one finding.
    ///
    /// `what` names the table in messages; it is asked for only when there
    /// is an unknown key (a catalogue lookup per table would cost more than
    /// the check).
    pub(super) fn known_keys<'i, W: std::fmt::Display>(
        &mut self,
        t: &impl Tab<'i>,
        known: &'static [&'static str],
        what: impl Fn() -> W,
        subject: Option<&str>,
    ) {
        self.suggested.clear();
        for (k, _) in t.entries() {
            let name = k.get_ref().as_ref();
            if !known.iter().any(|k| same_key(k, name)) {
                let meant = alias(name).filter(|a| known.contains(a)).or_else(|| did_you_mean(name, known.iter().copied()));
                if let Some(m) = meant {
                    self.suggested.push(m);
                }
                let what = what();
                let help = match meant {
                    Some(s) if alias(name) == Some(s) => crate::t!("load.did-you-mean-alias", name = s, written = name),
                    Some(s) => crate::t!("load.did-you-mean", name = s),
                    None => crate::t!(
                        "load.table-has-keys",
                        what = what,
                        keys = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                let mut f =
                    Finding::new(Rule::UnknownKey, Some(self.span(k.span())), crate::t!("load.unknown-key", key = name, what = what))
                        .label(crate::t!("load.unknown-key-label"))
                        .help(help);
                if let Some(s) = subject {
                    f = f.subject(s);
                }
                self.push(f);
            }
        }
    }

    /// A key of a table.
    pub(super) fn get<'t, 'i: 't>(t: &'t impl Tab<'i>, key: &str) -> Option<(&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)> {
        t.find(key)
    }

    pub(super) fn bad_type(&mut self, key: &str, v: &Value, expected: &str, subject: Option<&str>) {
        let mut f = Finding::new(
            Rule::BadValue,
            Some(self.span(v.span())),
            crate::t!("load.bad-type", key = key, expected = expected, actual = type_name(v.get_ref())),
        )
        .label(crate::t!("load.bad-type-label", expected = expected));
        if let Some(s) = subject {
            f = f.subject(s);
        }
        self.push(f);
    }

    pub(super) fn bad_value(
        &mut self,
        span: Span,
        msg: impl Into<String>,
        label: impl Into<std::borrow::Cow<'static, str>>,
        help: Option<std::borrow::Cow<'static, str>>,
        subject: Option<&str>,
    ) {
        let mut f = Finding::new(Rule::BadValue, Some(span), msg).label(label).maybe_help(help);
        if let Some(s) = subject {
            f = f.subject(s);
        }
        self.push(f);
    }

    pub(super) fn missing(&mut self, header: Span, what: &str, key: &str, example: &str, subject: Option<&str>) {
        // `titel = …` is already reported with "did you mean `title`?".
        if self.suggested.contains(&key) {
            return;
        }
        let mut f = Finding::new(Rule::MissingKey, Some(header), crate::t!("load.missing-key", what = what, key = key))
            .label(crate::t!("load.missing-key-label", key = key))
            .help(crate::t!("load.missing-key-help", key = key, example = example));
        if let Some(s) = subject {
            f = f.subject(s);
        }
        self.push(f);
    }

    /// A string value (NFC), reporting a value of another type.
    pub(super) fn string<'i>(&mut self, t: &impl Tab<'i>, key: &str, subject: Option<&str>) -> Option<(String, KeySpan)> {
        self.str_ref(t, key, subject).map(|(s, at)| (nfc(s).into_owned(), at))
    }

    /// A string value as written, borrowed from the parsed file: for
    /// keywords and durations, which are compared, not kept.
    pub(super) fn str_ref<'t, 'i: 't>(&mut self, t: &'t impl Tab<'i>, key: &str, subject: Option<&str>) -> Option<(&'t str, KeySpan)> {
        let (k, v) = Self::get(t, key)?;
        let at = self.ks(k, v);
        match v.get_ref() {
            DeValue::String(s) => Some((s.as_ref(), at)),
            _ => {
                self.bad_type(key, v, &crate::t!("load.type.string"), subject);
                None
            }
        }
    }

    /// Records a reference: its text (NFC) goes to the chunk's buffer.
    pub(super) fn name(&mut self, id: &str, span: Span) -> Name {
        let at = self.refs.text.len();
        self.refs.text.push_str(&nfc(id));
        Name { at: at as u32, len: (self.refs.text.len() - at) as u32, span }
    }

    /// A string that must be present.
    pub(super) fn required<'i>(
        &mut self,
        t: &impl Tab<'i>,
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
    pub(super) fn names<'i>(&mut self, t: &impl Tab<'i>, key: &str, subject: Option<&str>) -> Option<(Run, KeySpan)> {
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
                        _ => self.bad_type(key, item, &crate::t!("load.expect.id"), subject),
                    }
                }
                Some((Run::new(start, self.refs.names.len()), at))
            }
            _ => {
                self.bad_type(key, v, &crate::t!("load.expect.ids"), subject);
                None
            }
        }
    }

    pub(super) fn strings<'i>(&mut self, t: &impl Tab<'i>, key: &str, subject: Option<&str>) -> Vec<String> {
        let Some((_, v)) = Self::get(t, key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(nfc_string(s.to_string())),
                        _ => self.bad_type(key, item, &crate::t!("load.type.string"), subject),
                    }
                }
                out
            }
            DeValue::String(s) => vec![nfc_string(s.to_string())],
            _ => {
                self.bad_type(key, v, &crate::t!("load.expect.strings"), subject);
                Vec::new()
            }
        }
    }

    pub(super) fn boolean<'i>(&mut self, t: &impl Tab<'i>, key: &str, subject: Option<&str>) -> Option<bool> {
        let (_, v) = Self::get(t, key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.bad_type(key, v, &crate::t!("load.expect.boolean"), subject);
                None
            }
        }
    }

    /// A time expression. An unquoted TOML date or date-time reads as the
    /// same text quoted.
    pub(super) fn time<'i>(&mut self, t: &impl Tab<'i>, key: &str, subject: Option<&str>) -> Option<Timed> {
        let (k, v) = Self::get(t, key)?;
        let at = self.ks(k, v);
        let text: std::borrow::Cow<str> = match v.get_ref() {
            DeValue::String(s) => s.as_ref().into(),
            DeValue::Datetime(d) => d.to_string().into(),
            _ => {
                self.bad_type(key, v, &crate::t!("load.expect.time"), subject);
                return None;
            }
        };
        match TimeExpr::parse(&text) {
            Ok(expr) => Some(Timed { expr, at }),
            Err(e) => {
                self.bad_value(
                    at.value,
                    crate::t!("load.key-error", key = key, error = e.message),
                    crate::t!("load.bad-time-label"),
                    None,
                    subject,
                );
                None
            }
        }
    }

    pub(super) fn id<'i>(
        &mut self,
        t: &impl Tab<'i>,
        header: Span,
        what: &str,
        check: fn(&str) -> Result<(), String>,
    ) -> (String, Option<KeySpan>) {
        match self.required(t, header, "id", what, "\"…\"", None) {
            Some((id, at)) => {
                if let Err(msg) = check(&id) {
                    self.bad_value(
                        at.value,
                        crate::t!("load.bad-id", what = what, id = id, error = msg),
                        crate::t!("load.bad-id-label"),
                        None,
                        Some(&id),
                    );
                }
                (id, Some(at))
            }
            None => (String::new(), None),
        }
    }

    /// A table; `expected` says what else was expected, asked for only when
    /// the value is not a table.
    pub(super) fn table<'t, 'i, E: std::fmt::Display>(
        &mut self,
        key: &str,
        v: &'t Value<'i>,
        expected: impl FnOnce() -> E,
    ) -> Option<&'t DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.bad_type(key, v, &expected().to_string(), None);
                None
            }
        }
    }

    /// The elements of an array of tables (`[[task]]`).
    pub(super) fn tables<'t, 'i>(&mut self, key: &str, v: &'t Value<'i>) -> Vec<(&'t DeTable<'i>, Span)> {
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::Table(t) => Some((t, self.span(item.span()))),
                    _ => {
                        self.bad_type(key, item, &crate::t!("load.type.table"), None);
                        None
                    }
                })
                .collect(),
            _ => {
                self.bad_type(key, v, &crate::t!("load.expect.tables", key = key), None);
                Vec::new()
            }
        }
    }

    pub(super) fn includes(&mut self, v: &Value, out: &mut Vec<Include>) {
        match v.get_ref() {
            DeValue::Array(items) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(Include { from: self.file, path: s.to_string(), span: self.span(item.span()) }),
                        _ => self.bad_type("include", item, &crate::t!("load.expect.path"), None),
                    }
                }
            }
            DeValue::String(s) => out.push(Include { from: self.file, path: s.to_string(), span: self.span(v.span()) }),
            _ => self.bad_type("include", v, &crate::t!("load.expect.paths"), None),
        }
    }

    pub(super) fn read_document(&mut self, doc: &DeTable, is_root: bool, raw: &mut Raw, has_plan_table: &mut bool) -> Vec<Include> {
        let mut includes = Vec::new();
        self.known_keys(doc, TOP_KEYS, || crate::t!("load.what.plan-file"), None);
        if let Some((k, v)) = Self::get(doc, "plan") {
            if is_root {
                *has_plan_table = true;
                if let Some(t) = self.table("plan", v, || crate::t!("load.expect.plan-table")) {
                    let header = self.span(v.span());
                    let _ = k;
                    raw.meta = Some(self.read_plan(t, header, &mut includes));
                }
            } else {
                self.push(
                    Finding::new(Rule::IncludeError, Some(self.span(v.span())), crate::t!("load.included-plan"))
                        .label(crate::t!("load.included-plan-label"))
                        .help(crate::t!("load.included-plan-help")),
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
                self.known_keys(t, SOURCE_KEYS, || "[[source]]", subject);
                let title = self
                    .required(t, header, "title", &crate::t!("load.what.source", id = id), "\"…\"", subject)
                    .map(|s| s.0)
                    .unwrap_or_default();
                let number = self.string(t, "number", subject).map(|s| s.0);
                let date = self.string(t, "date", subject).map(|s| s.0);
                let file = self.string(t, "file", subject).map(|s| s.0);
                let issued_after = self.string(t, "issued_after", subject).map(|s| s.0);
                let span = at.map_or(header, |a| a.key);
                raw.sources.push((DocSource { id, title, number, date, issued_after, file, span: header }, span));
            }
        }
        if let Some((_, v)) = Self::get(doc, "org") {
            if let Some(orgs) = self.table("org", v, || crate::t!("load.expect.orgs")) {
                for (k, v) in orgs.iter() {
                    let id = nfc_string(k.get_ref().to_string());
                    let key_span = self.span(k.span());
                    if let Err(msg) = check_other_id(&id) {
                        self.bad_value(
                            key_span,
                            crate::t!("load.bad-org-id", id = id, error = msg),
                            crate::t!("load.bad-id-label"),
                            None,
                            Some(&id),
                        );
                    }
                    let Some(t) = self.table(&format!("org.{id}"), v, || crate::t!("load.type.table")) else { continue };
                    let header = self.span(v.span());
                    self.known_keys(t, ORG_KEYS, || crate::t!("load.what.org", id = id), Some(&id));
                    let name = self
                        .required(t, header, "name", &crate::t!("load.what.org", id = id), "\"…\"", Some(&id))
                        .map(|s| s.0)
                        .unwrap_or_default();
                    let short = self.string(t, "short", Some(&id)).map(|s| s.0);
                    let kind = self.string(t, "kind", Some(&id)).map(|s| s.0);
                    let per_unit = self.boolean(t, "per_unit", Some(&id)).unwrap_or(false);
                    let calendar = self.string(t, "calendar", Some(&id)).map(|(s, at)| (s, at.value));
                    raw.orgs.push((Org { id, name, short, kind, per_unit, calendar, span: header }, key_span));
                }
            }
        }
        if let Some((_, v)) = Self::get(doc, "system") {
            if let Some(systems) = self.table("system", v, || crate::t!("load.expect.systems")) {
                for (k, v) in systems.iter() {
                    let id = nfc_string(k.get_ref().to_string());
                    let id_span = self.span(k.span());
                    if let Err(msg) = check_other_id(&id) {
                        self.bad_value(
                            id_span,
                            crate::t!("load.bad-system-id", id = id, error = msg),
                            crate::t!("load.bad-id-label"),
                            None,
                            Some(&id),
                        );
                    }
                    let Some(t) = self.table(&format!("system.{id}"), v, || crate::t!("load.type.table")) else { continue };
                    let header = self.span(v.span());
                    self.known_keys(t, SYSTEM_KEYS, || crate::t!("load.what.system", id = id), Some(&id));
                    let name = self
                        .required(t, header, "name", &crate::t!("load.what.system", id = id), "\"…\"", Some(&id))
                        .map(|s| s.0)
                        .unwrap_or_default();
                    let owner = self.str_ref(t, "owner", Some(&id)).map(|(s, at)| self.name(s, at.value));
                    let vendor = self.names(t, "vendor", Some(&id)).map(|n| n.0).unwrap_or_default();
                    let calendar = self.string(t, "calendar", Some(&id)).map(|(s, at)| (s, at.value));
                    raw.systems.push(RawSystem { id, name, owner, vendor, calendar, span: header, id_span, part: 0 });
                }
            }
        }
        if let Some((_, v)) = Self::get(doc, "unit") {
            for (t, header) in self.tables("unit", v) {
                let (id, at) = self.id(t, header, "[[unit]]", check_unit_id);
                let subject = Some(id.as_str()).filter(|s| !s.is_empty());
                self.known_keys(t, UNIT_KEYS, || "[[unit]]", subject);
                let name = self
                    .required(t, header, "name", &crate::t!("load.what.unit", id = id), "\"Phường …\"", subject)
                    .map(|s| s.0)
                    .unwrap_or_default();
                let kind = self.string(t, "kind", subject).map(|s| s.0);
                let code = self.string(t, "code", subject).map(|s| s.0);
                let domain = self.string(t, "domain", subject).map(|s| s.0);
                let legacy = self.legacy(t, subject);
                let former_province = self.string(t, "former_province", subject).map(|s| s.0);
                let former_districts = self.strings(t, "former_districts", subject);
                let groups = self.strings(t, "groups", subject);
                for g in &groups {
                    if let Err(msg) = check_other_id(g) {
                        let at = Self::get(t, "groups").map(|(k, v)| self.ks(k, v).value).unwrap_or(header);
                        self.bad_value(
                            at,
                            crate::t!("load.bad-group-id", id = id, group = g, error = msg),
                            crate::t!("load.bad-id-label"),
                            None,
                            subject,
                        );
                    }
                }
                let span = at.map_or(header, |a| a.key);
                raw.units
                    .push((Unit { id, name, kind, code, domain, legacy, former_province, former_districts, groups, span: header }, span));
            }
        }
        if let Some((_, v)) = Self::get(doc, "calendar") {
            if let Some(cals) = self.table("calendar", v, || crate::t!("load.expect.calendars")) {
                for (k, v) in cals.iter() {
                    let id = nfc_string(k.get_ref().to_string());
                    let key_span = self.span(k.span());
                    if let Err(msg) = check_other_id(&id) {
                        self.bad_value(
                            key_span,
                            crate::t!("load.bad-calendar-id", id = id, error = msg),
                            crate::t!("load.bad-id-label"),
                            None,
                            Some(&id),
                        );
                    }
                    let Some(t) = self.table(&format!("calendar.{id}"), v, || crate::t!("load.type.table")) else { continue };
                    let header = self.span(v.span());
                    raw.calendars.push(self.calendar(t, id, header));
                }
            }
        }
        if let Some((_, v)) = Self::get(doc, "holiday") {
            for (t, header) in self.tables("holiday", v) {
                // Each entry may span a year: a thousand of them is far more
                // than any calendar needs, and bounds the days kept.
                if raw.holidays.len() >= MAX_HOLIDAYS {
                    self.bad_value(
                        header,
                        crate::t!("load.too-many-holidays", max = MAX_HOLIDAYS),
                        crate::t!("load.too-many-holidays-label"),
                        Some(crate::t!("load.too-many-holidays-help")),
                        None,
                    );
                    break;
                }
                if let Some(h) = self.holiday(t, header) {
                    raw.holidays.push(h);
                }
            }
        }
        if let Some((_, v)) = Self::get(doc, "task") {
            let mut what = String::new();
            for (t, header) in self.tables("task", v) {
                let read = self.read_task(t, header, &mut what);
                raw.push_task(read);
            }
        }
        includes
    }

    pub(super) fn read_plan(&mut self, t: &DeTable, header: Span, includes: &mut Vec<Include>) -> PlanMeta {
        self.known_keys(t, PLAN_KEYS, || "[plan]", None);
        let id = match self.required(t, header, "id", "[plan]", "\"…\"", None) {
            Some((id, at)) => {
                if let Err(msg) = check_other_id(&id) {
                    self.bad_value(
                        at.value,
                        crate::t!("load.bad-plan-id", id = id, error = msg),
                        crate::t!("load.bad-id-label"),
                        None,
                        None,
                    );
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
                        crate::t!("load.key-error", key = "timezone", error = msg),
                        crate::t!("load.timezone-label"),
                        Some(crate::t!("load.timezone-help")),
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
                    crate::t!("load.start-deadline", written = self.written(s)),
                    crate::t!("load.start-deadline-label"),
                    Some(crate::t!("load.start-deadline-help")),
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
                self.bad_value(at.value, crate::t!("load.lang", value = s), crate::t!("load.lang-label"), None, None);
                Lang::Vi
            }),
            None => Lang::Vi,
        };
        if let Some((_, v)) = Self::get(t, "include") {
            self.includes(v, includes);
        }
        let window_end = self.time(t, "window_end", None).filter(|w| {
            let ok = w.expr.kind != crate::time::TimeKind::Before;
            if !ok {
                self.bad_value(
                    w.at.value,
                    crate::t!("load.window-end-deadline", written = self.written(w)),
                    crate::t!("load.deadline-form-label"),
                    Some(crate::t!("load.window-end-deadline-help")),
                    None,
                );
            }
            ok
        });
        let backout_warning = match self.str_ref(t, "backout_warning", None) {
            Some((s, at)) => match parse_duration(s) {
                Ok(d) if d >= 0 => Some(d),
                Ok(_) => {
                    self.bad_value(
                        at.value,
                        crate::t!("load.negative-key", key = "backout_warning", value = s),
                        crate::t!("load.negative-label"),
                        None,
                        None,
                    );
                    None
                }
                Err(e) => {
                    self.bad_value(
                        at.value,
                        crate::t!("load.key-error", key = "backout_warning", error = e.message),
                        crate::t!("load.duration-label"),
                        None,
                        None,
                    );
                    None
                }
            },
            None => None,
        };
        let rule_levels = match Self::get(t, "rules") {
            Some((_, v)) => self.rule_levels(v),
            None => Vec::new(),
        };
        let groups = self.strings(t, "groups", None);
        let groups_span = Self::get(t, "groups").map(|(k, v)| self.ks(k, v).value);
        let calendar = self.string(t, "calendar", None).map(|(s, at)| (s, at.value));
        PlanMeta {
            id,
            title,
            tz,
            start,
            cutover,
            lang,
            window_end,
            backout_warning,
            rule_levels,
            groups,
            groups_span,
            calendar,
            span: header,
        }
    }

    pub(super) fn legacy(&mut self, t: &DeTable, subject: Option<&str>) -> Vec<LegacyUnit> {
        let Some((_, v)) = Self::get(t, "legacy") else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            self.bad_type("legacy", v, &crate::t!("load.expect.legacy-list"), subject);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(lt) => {
                    self.known_keys(lt, LEGACY_KEYS, || crate::t!("load.what.legacy"), subject);
                    let header = self.span(item.span());
                    let name = match Self::get(lt, "name") {
                        None => {
                            self.missing(header, &crate::t!("load.what.legacy"), "name", "\"Xã …\"", subject);
                            String::new()
                        }
                        Some(_) => self.string(lt, "name", subject).map(|s| s.0).unwrap_or_default(),
                    };
                    let code = self.string(lt, "code", subject).map(|s| s.0);
                    out.push(LegacyUnit { name, code });
                }
                DeValue::String(s) => out.push(LegacyUnit { name: nfc_string(s.to_string()), code: None }),
                _ => self.bad_type("legacy", item, &crate::t!("load.expect.legacy"), subject),
            }
        }
        out
    }

    /// Reads a `[[task]]`. `what` is a buffer reused across tasks for the
    /// name messages use (`task `x``): no allocation per task for it.
    pub(super) fn read_task<'i>(&mut self, t: &impl Tab<'i>, header: Span, what: &mut String) -> (Task, TaskRefs, Option<Recur>) {
        let (id, id_at) = self.id(t, header, "[[task]]", check_task_id);
        let subject = Some(id.as_str()).filter(|s| !s.is_empty());
        what.clear();
        if id.is_empty() {
            what.push_str("[[task]]");
        } else {
            self.task_what.fill(&id, what);
        }
        let what: &str = what;
        self.known_keys(t, TASK_KEYS, || what, subject);
        let mut spans = TaskSpans::new(header);
        spans.id = id_at.map(|a| a.key);
        let title = self.required(t, header, "title", &what, "\"…\"", subject).map(|s| s.0).unwrap_or_default();
        let lead = match self.names(t, "lead", subject) {
            Some((names, at)) => {
                if names.len == 0 {
                    self.bad_value(
                        at.value,
                        crate::t!("load.lead-empty", what = what),
                        crate::t!("load.lead-empty-label"),
                        Some(crate::t!("load.lead-empty-help")),
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
                        .map(|n| crate::t!("load.did-you-mean", name = n))
                        .unwrap_or_else(|| crate::t!("load.phase-help", phases = names.join(", ")));
                    self.bad_value(
                        at.value,
                        crate::t!("load.phase", what = what, value = s),
                        crate::t!("load.phase-label"),
                        Some(help),
                        subject,
                    );
                }
                p
            }
            None => None,
        };
        spans.has_due = Self::get(t, "due").is_some();
        // `due` counted from an event, or recurring; else a time expression.
        let mut due_after = None;
        let mut recur = None;
        let due = match self.due_special(t, what, subject) {
            Special::After(r) => {
                due_after = Some(r);
                None
            }
            Special::Recur(r) => {
                recur = Some(r);
                None
            }
            Special::Invalid => None,
            Special::No => self.time(t, "due", subject),
        };
        let mut extra_after: Vec<Dep> = Vec::new();
        let not_before = match self.not_before_after(t, what, subject) {
            Some(Some(dep)) => {
                extra_after.push(dep);
                None
            }
            Some(None) => None,
            None => self.time(t, "not_before", subject),
        };
        if recur.is_none() && Self::get(t, "repeat").is_some() {
            let at = Self::get(t, "repeat").map(|(k, v)| self.ks(k, v).value).unwrap_or(header);
            self.bad_value(
                at,
                crate::t!("load.repeat-without-recurring", what = what),
                crate::t!("load.repeat-without-recurring-label"),
                Some(crate::t!("load.repeat-without-recurring-help")),
                subject,
            );
        }
        if let Some(nb) = &not_before {
            if nb.expr.kind == crate::time::TimeKind::Before {
                self.bad_value(
                    nb.at.value,
                    crate::t!("load.not-before-deadline", what = what, written = self.written(nb)),
                    crate::t!("load.deadline-form-label"),
                    Some(crate::t!("load.not-before-deadline-help")),
                    subject,
                );
            }
        }
        let not_before = not_before.filter(|nb| nb.expr.kind != crate::time::TimeKind::Before).map(Box::new);
        // `at`: an instant (or the end of a day), never "before a day".
        let pin = self.time(t, "at", subject).filter(|p| {
            let ok = p.expr.kind != crate::time::TimeKind::Before;
            if !ok {
                self.bad_value(
                    p.at.value,
                    crate::t!("load.at-deadline", what = what, written = self.written(p)),
                    crate::t!("load.deadline-form-label"),
                    Some(crate::t!("load.at-deadline-help")),
                    subject,
                );
            }
            ok
        });
        let (duration, dur_kind) = match self.str_ref(t, "duration", subject) {
            Some((s, at)) => {
                spans.duration = Some(at.key);
                match parse_span(s) {
                    Ok((d, k)) if d >= 0 => (d, k),
                    Ok(_) => {
                        self.bad_value(
                            at.value,
                            crate::t!("load.negative-duration", what = what, value = s),
                            crate::t!("load.negative-label"),
                            None,
                            subject,
                        );
                        (0, DurKind::Elapsed)
                    }
                    Err(e) => {
                        self.bad_value(at.value, format!("{what}: {}", e.message), crate::t!("load.duration-label"), None, subject);
                        (0, DurKind::Elapsed)
                    }
                }
            }
            None => (0, DurKind::Elapsed),
        };
        let mut after = self.after(t, &what, subject);
        if !extra_after.is_empty() {
            let mut all = after.into_vec();
            all.extend(extra_after);
            after = all.into_boxed_slice();
        }
        let calendar = self.string(t, "calendar", subject).map(|(s, at)| (s, at.value));
        let scope = match self.str_ref(t, "scope", subject) {
            Some((s, at)) => match scope(s) {
                Some(scope) => scope,
                None => {
                    let help = did_you_mean(s, ["plan", "unit"])
                        .map(|n| crate::t!("load.did-you-mean", name = n))
                        .unwrap_or_else(|| crate::t!("load.scope-help"));
                    self.bad_value(
                        at.value,
                        crate::t!("load.scope", what = what, value = s),
                        crate::t!("load.scope-label"),
                        Some(help),
                        subject,
                    );
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
        let gate = self.gate(t, header, &what, subject);
        // Provisional indices, as for `lead`.
        let undoes: Box<[TaskIx]> =
            self.names(t, "undoes", subject).map(|(n, _)| n.range().map(|k| TaskIx(k as u32)).collect()).unwrap_or_default();
        let point_of_no_return = self.boolean(t, "point_of_no_return", subject).unwrap_or(false);
        // `groups`: the units the task concerns — a unit task's instances, a
        // plan task's units whose committees take part (resolved once every
        // unit is read).
        let groups = self.strings(t, "groups", subject);
        let groups_span = Self::get(t, "groups").map(|(k, v)| self.ks(k, v).value);
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
            more: TaskMore {
                pin,
                wave,
                source: None,
                steps,
                note,
                waive,
                gate,
                undoes,
                point_of_no_return,
                groups,
                groups_span,
                source_span: None,
                calendar,
                due_after,
                occurrence: None,
            }
            .boxed(),
            unit_set: 0,
            cal: 0,
            dur_kind,
            spans,
            at: TaskTimes::default(),
        };
        (task, TaskRefs { part: 0, source }, recur)
    }

    /// `rules = { <rule> = "off" | "warning" | "error" }`: a rule that does
    /// not stop scheduling may be turned off or given another severity.
    pub(super) fn rule_levels(&mut self, v: &Value) -> Vec<(Rule, Option<crate::rule::Severity>)> {
        let Some(t) = self.table("rules", v, || crate::t!("load.expect.rules")) else { return Vec::new() };
        let mut out = Vec::new();
        for (k, v) in t.iter() {
            let name = k.get_ref().as_ref();
            let at = self.span(k.span());
            let Some(rule) = Rule::from_name(name) else {
                let help = did_you_mean(name, Rule::ALL.iter().map(|r| r.name()))
                    .map(|s| crate::t!("load.did-you-mean", name = s))
                    .unwrap_or_else(|| crate::t!("load.rules-help"));
                self.bad_value(at, crate::t!("load.rules-unknown", name = name), crate::t!("load.rule-label"), Some(help), None);
                continue;
            };
            if rule.blocks_schedule() {
                self.bad_value(at, crate::t!("load.rules-structural", name = name), crate::t!("load.rules-structural-label"), None, None);
                continue;
            }
            let level = match v.get_ref() {
                DeValue::String(s) if s.as_ref() == "off" => None,
                DeValue::String(s) if s.as_ref() == "warning" => Some(crate::rule::Severity::Warning),
                DeValue::String(s) if s.as_ref() == "error" => Some(crate::rule::Severity::Error),
                _ => {
                    self.bad_value(
                        self.span(v.span()),
                        crate::t!("load.rules-level", name = name),
                        crate::t!("load.rules-level-label"),
                        None,
                        None,
                    );
                    continue;
                }
            };
            out.push((rule, level));
        }
        out
    }

    /// `approvers`, `quorum` and `criteria`: a gate, when `approvers` names
    /// anyone. `quorum` is `"all"` (the default) or how many must say go;
    /// `quorum` and `criteria` without `approvers` are refused.
    pub(super) fn gate<'i>(&mut self, t: &impl Tab<'i>, header: Span, what: &str, subject: Option<&str>) -> Option<Gate> {
        let approvers = self.names(t, "approvers", subject);
        let quorum = Self::get(t, "quorum");
        let criteria = self.strings(t, "criteria", subject);
        let Some((run, at)) = approvers else {
            for key in ["quorum", "criteria"] {
                if let Some((k, v)) = Self::get(t, key) {
                    let at = self.ks(k, v);
                    self.bad_value(
                        at.key,
                        crate::t!("load.gate-without-approvers", what = what, key = key),
                        crate::t!("load.gate-without-approvers-label"),
                        Some(crate::t!("load.gate-without-approvers-help")),
                        subject,
                    );
                }
            }
            let _ = header;
            return None;
        };
        let n = run.len as usize;
        if n == 0 {
            self.bad_value(
                at.value,
                crate::t!("load.approvers-empty", what = what),
                crate::t!("load.approvers-empty-label"),
                Some(crate::t!("load.approvers-empty-help")),
                subject,
            );
            return None;
        }
        let quorum = match quorum.map(|(_, v)| (v, v.get_ref())) {
            None => None,
            Some((_, DeValue::String(s))) if s.as_ref() == "all" => None,
            Some((v, DeValue::Integer(i))) => match i.to_string().parse::<i64>() {
                Ok(q) if q >= 1 && q as usize <= n => Some(q as u32),
                _ => {
                    self.bad_value(
                        self.span(v.span()),
                        crate::t!("load.quorum", what = what, quorum = i, approvers = n),
                        crate::t!("load.quorum-label"),
                        Some(crate::t!("load.quorum-help", approvers = n)),
                        subject,
                    );
                    None
                }
            },
            Some((v, _)) => {
                self.bad_type("quorum", v, &crate::t!("load.expect.quorum"), subject);
                None
            }
        };
        Some(Gate { approvers: run.range().map(|k| OrgIx(k as u32)).collect(), quorum, criteria })
    }

    /// Checks the `{unit.<field>}` placeholders of a step or note.
    pub(super) fn placeholders(&mut self, text: &str, at: KeySpan, is_unit: bool, what: &str, subject: Option<&str>) {
        let mut rest = text;
        while let Some(i) = rest.find("{unit.") {
            let after = &rest[i + 6..];
            let Some(end) = after.find('}') else { break };
            let field = &after[..end];
            if !UNIT_PLACEHOLDERS.contains(&field) {
                let help = did_you_mean(field, UNIT_PLACEHOLDERS.iter().copied())
                    .map(|f| crate::t!("load.did-you-mean", name = format!("{{unit.{f}}}")))
                    .unwrap_or_else(|| {
                        crate::t!(
                            "load.placeholder-help",
                            names = UNIT_PLACEHOLDERS.iter().map(|f| format!("`{{unit.{f}}}`")).collect::<Vec<_>>().join(", ")
                        )
                    });
                self.bad_value(
                    at.value,
                    crate::t!("load.placeholder", what = what, field = field),
                    crate::t!("load.placeholder-label"),
                    Some(help),
                    subject,
                );
            } else if !is_unit {
                self.bad_value(
                    at.value,
                    crate::t!("load.placeholder-plan-task", what = what, field = field),
                    crate::t!("load.placeholder-plan-task-label"),
                    Some(crate::t!("load.placeholder-plan-task-help")),
                    subject,
                );
            }
            rest = &after[end..];
        }
    }

    /// The `after` entries; each one's `task` is provisional: the place of
    /// its name in [`Refs::names`].
    pub(super) fn after<'i>(&mut self, t: &impl Tab<'i>, what: &str, subject: Option<&str>) -> Box<[Dep]> {
        let Some((_, v)) = Self::get(t, "after") else { return Box::default() };
        let items: &[Value] = match v.get_ref() {
            DeValue::Array(items) => items,
            DeValue::String(_) | DeValue::Table(_) => std::slice::from_ref(v),
            _ => {
                self.bad_type("after", v, &crate::t!("load.expect.after-list"), subject);
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
                    deps.push(Dep {
                        task: TaskIx(self.refs.names.len() as u32 - 1),
                        kind: DepKind::Fs,
                        lag_kind: DurKind::Elapsed,
                        lag: 0,
                        span,
                    });
                }
                DeValue::Table(et) => {
                    self.known_keys(et, AFTER_KEYS, || crate::t!("load.what.after-entry"), subject);
                    if Self::get(et, "task").is_none() {
                        self.missing(span, &crate::t!("load.what.after-entry-of", what = what), "task", "\"task-id\"", subject);
                        continue;
                    }
                    let Some((task, at)) = self.str_ref(et, "task", subject) else { continue };
                    let kind = match self.str_ref(et, "type", subject) {
                        Some((s, tat)) => match dep_kind(s) {
                            Some(kind) => kind,
                            None => {
                                let help = did_you_mean(s, ["fs", "ss", "ff"])
                                    .map(|n| crate::t!("load.did-you-mean", name = n))
                                    .unwrap_or_else(|| crate::t!("load.dep-type-help"));
                                self.bad_value(
                                    tat.value,
                                    crate::t!("load.dep-type", what = what, value = s),
                                    crate::t!("load.dep-type-label"),
                                    Some(help),
                                    subject,
                                );
                                DepKind::Fs
                            }
                        },
                        None => DepKind::Fs,
                    };
                    let (lag, lag_kind) = match self.str_ref(et, "lag", subject) {
                        Some((s, lat)) => match parse_span(s) {
                            Ok(l) => l,
                            Err(e) => {
                                self.bad_value(
                                    lat.value,
                                    crate::t!("load.lag-error", what = what, error = e.message),
                                    crate::t!("load.duration-label"),
                                    None,
                                    subject,
                                );
                                (0, DurKind::Elapsed)
                            }
                        },
                        None => (0, DurKind::Elapsed),
                    };
                    let name = self.name(task, at.value);
                    self.refs.names.push(name);
                    deps.push(Dep { task: TaskIx(self.refs.names.len() as u32 - 1), kind, lag_kind, lag, span });
                }
                _ => self.bad_type("after", item, &crate::t!("load.expect.after"), subject),
            }
        }
        deps.into_boxed_slice()
    }

    pub(super) fn waivers<'i>(&mut self, t: &impl Tab<'i>, what: &str, subject: Option<&str>) -> Vec<Waiver> {
        let Some((_, v)) = Self::get(t, "waive") else { return Vec::new() };
        let items: Vec<&Value> = match v.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            DeValue::Table(_) => vec![v],
            _ => {
                self.bad_type("waive", v, &crate::t!("load.expect.waive-list"), subject);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            let span = self.span(item.span());
            let DeValue::Table(wt) = item.get_ref() else {
                self.bad_type("waive", item, &crate::t!("load.expect.waive"), subject);
                continue;
            };
            self.known_keys(wt, WAIVE_KEYS, || crate::t!("load.what.waiver"), subject);
            let rule = match Self::get(wt, "rule") {
                None => {
                    self.missing(span, &crate::t!("load.what.waiver-of", what = what), "rule", "\"deadline-order\"", subject);
                    None
                }
                Some(_) => self.string(wt, "rule", subject),
            };
            let rule = rule.and_then(|(name, at)| {
                let r = Rule::from_name(&name);
                if r.is_none() {
                    let help = did_you_mean(&name, Rule::ALL.iter().map(|r| r.name())).map(|n| crate::t!("load.did-you-mean", name = n));
                    self.bad_value(
                        at.value,
                        crate::t!("load.waiver-rule", what = what, name = name),
                        crate::t!("load.rule-label"),
                        help,
                        subject,
                    );
                }
                r
            });
            let reason = match Self::get(wt, "reason") {
                None => {
                    let mut f = Finding::new(Rule::MissingKey, Some(span), crate::t!("load.waiver-reason", what = what))
                        .label(crate::t!("load.waiver-reason-label"))
                        .help(crate::t!("load.waiver-reason-help"));
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
                            crate::t!("load.waiver-reason-empty", what = what),
                            crate::t!("load.waiver-reason-empty-label"),
                            Some(crate::t!("load.waiver-reason-empty-help")),
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
