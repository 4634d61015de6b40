//! The keys of working time: `[calendar.<id>]`, `[[holiday]]`, a `due`
//! counted from another task's finish, a `not_before` after one, and duties
//! that recur (`due = "trước ngày 20 hằng tháng"` with `repeat`); and, once
//! every file is read, the calendars each task works on.

use super::*;
use crate::calendar::{self, Calendar, Holiday};
use crate::time::parse_span;
use chrono::{Datelike, NaiveDate};

/// A `[calendar.<id>]` as written.
#[derive(Debug)]
pub(super) struct RawCalendar {
    pub(super) id: String,
    pub(super) name: Option<String>,
    /// `hours = "24/7"`.
    pub(super) all_hours: bool,
    pub(super) hours: Option<Vec<(i64, i64)>>,
    pub(super) weekdays: Option<[bool; 7]>,
    pub(super) holidays: Option<bool>,
    pub(super) span: Span,
}

/// A `[[holiday]]` as written.
#[derive(Debug)]
pub(super) struct RawHoliday {
    pub(super) from: NaiveDate,
    pub(super) to: NaiveDate,
    pub(super) name: String,
    pub(super) working: bool,
    pub(super) calendars: Vec<(String, Span)>,
}

/// A recurring `due` and its `repeat`: the months it falls in.
#[derive(Debug)]
pub(super) struct Recur {
    pub(super) months: Vec<(i32, u32)>,
    pub(super) day: u32,
    pub(super) before: bool,
    pub(super) at: KeySpan,
}

/// What a `due` is when it is not a plain time expression.
pub(super) enum Special {
    No,
    After(RelDue),
    Recur(Recur),
    /// Reported already.
    Invalid,
}

/// `trước ngày 20 hằng tháng` → (20, before); `ngày 20 hằng tháng` → (20, by its end).
pub(super) fn monthly(text: &str) -> Option<(u32, bool)> {
    // Most dues are dates: a look at the end, before any allocation (the
    // letters `ng` and `month` are ASCII in any normal form).
    let end = text.trim_end().trim_end_matches('.');
    if !(end.ends_with("ng") || end.ends_with("NG") || end.ends_with("month")) {
        return None;
    }
    let t = nfc(text.trim()).to_lowercase();
    let t = t.trim_end_matches('.').trim();
    let rest = t.strip_suffix("hằng tháng").or_else(|| t.strip_suffix("hàng tháng")).or_else(|| t.strip_suffix("of every month"))?;
    let rest = rest.trim();
    let (before, rest) = match rest.strip_prefix("trước").or_else(|| rest.strip_prefix("before")) {
        Some(r) => (true, r.trim()),
        None => (false, rest.strip_prefix("by").unwrap_or(rest).trim()),
    };
    let rest = rest.strip_prefix("ngày").or_else(|| rest.strip_prefix("day")).unwrap_or(rest).trim();
    let day: u32 = rest.parse().ok()?;
    (1..=31).contains(&day).then_some((day, before))
}

/// Does `text` start with one of `heads` (ASCII, any case)?
pub(super) fn starts(text: &str, heads: &[&str]) -> bool {
    let b = text.trim_start().as_bytes();
    heads.iter().any(|h| b.len() >= h.len() && b[..h.len()].eq_ignore_ascii_case(h.as_bytes()))
}

/// The first words of a `not_before` that is a dependency (`ngay sau khi
/// x`, `sau khi x`, `right after x`, `after x`): only such a text is read
/// as one.
pub(super) const NOT_BEFORE_AFTER_HEADS: &[&str] = &["ngay ", "sau ", "right ", "after "];

/// `ngay sau khi X` → (X, 1 working day); `trong 5 ngày làm việc kể từ khi X`
/// → (X, 5 working days); `within 3wd after X`, `right after X`.
pub(super) fn relative(text: &str) -> Option<Result<(String, i64, DurKind), String>> {
    // Most dues are dates: a look at the first letters, before any allocation.
    if !starts(text, &["ngay ", "trong ", "within ", "right "]) {
        return None;
    }
    let t = nfc(text.trim()).to_string();
    let lower = t.to_lowercase();
    let id_of = |rest: &str| rest.split_whitespace().next().map(|s| s.trim_end_matches(['.', ',', ';']).to_string());
    for p in ["ngay sau khi", "right after"] {
        if let Some(rest) = lower.strip_prefix(p) {
            let start = t.len() - rest.len();
            return Some(
                id_of(&t[start..]).ok_or_else(|| crate::t!("load.due.name-task").into_owned()).map(|id| (id, 1, DurKind::WorkDays)),
            );
        }
    }
    let rest = lower.strip_prefix("trong vòng").or_else(|| lower.strip_prefix("trong")).or_else(|| lower.strip_prefix("within"))?;
    for c in ["kể từ khi", "kể từ ngày", "sau khi", "after", "from"] {
        if let Some(k) = rest.find(&format!(" {c} ")) {
            let span = &rest[..k];
            let after = &rest[k + c.len() + 2..];
            let start = t.len() - after.len();
            let id = id_of(&t[start..]);
            return Some(match (parse_span(span), id) {
                (Ok((n, kind)), Some(id)) if n >= 0 => Ok((id, n, kind)),
                (Ok(_), Some(_)) => Err(crate::t!("load.due.negative", value = span.trim()).into_owned()),
                (Err(e), _) => Err(e.message),
                (_, None) => Err(crate::t!("load.due.name-task").into_owned()),
            });
        }
    }
    None
}

impl DocReader<'_> {
    /// `[calendar.<id>]`.
    pub(super) fn calendar(&mut self, t: &DeTable, id: String, header: Span) -> RawCalendar {
        let subject = Some(id.as_str());
        self.known_keys(t, CALENDAR_KEYS, || crate::t!("load.what.calendar", id = id), subject);
        let name = self.string(t, "name", subject).map(|s| s.0);
        let mut all_hours = false;
        let mut hours = None;
        if let Some((k, v)) = Self::get(t, "hours") {
            let at = self.ks(k, v);
            match v.get_ref() {
                DeValue::String(s) if matches!(s.trim(), "24/7" | "24h" | "cả ngày") => all_hours = true,
                DeValue::String(_) | DeValue::Array(_) => {
                    let list = self.strings(t, "hours", subject);
                    let mut periods = Vec::new();
                    for p in &list {
                        match calendar::parse_period(p) {
                            Ok(x) => periods.push(x),
                            Err(msg) => self.bad_value(
                                at.value,
                                crate::t!("load.calendar.error", id = id, error = msg),
                                crate::t!("load.calendar.period-label"),
                                None,
                                subject,
                            ),
                        }
                    }
                    periods.sort_unstable();
                    if periods.windows(2).any(|w| w[0].1 > w[1].0) {
                        self.bad_value(
                            at.value,
                            crate::t!("load.calendar.overlap", id = id),
                            crate::t!("load.calendar.overlap-label"),
                            None,
                            subject,
                        );
                        periods.clear();
                    }
                    if periods.is_empty() && !list.is_empty() {
                        // Reported above; the default hours stand.
                    } else if list.is_empty() {
                        self.bad_value(
                            at.value,
                            crate::t!("load.calendar.hours-empty", id = id),
                            crate::t!("load.calendar.hours-empty-label"),
                            Some(crate::t!("load.calendar.hours-empty-help")),
                            subject,
                        );
                    } else {
                        hours = Some(periods);
                    }
                }
                _ => self.bad_type("hours", v, &crate::t!("load.expect.hours"), subject),
            }
        }
        let weekdays = Self::get(t, "days").and_then(|(k, v)| {
            let at = self.ks(k, v);
            let list = self.strings(t, "days", subject);
            let mut w = [false; 7];
            for d in &list {
                match calendar::parse_weekday(d) {
                    Some(i) => w[i] = true,
                    None => self.bad_value(
                        at.value,
                        crate::t!("load.calendar.weekday", id = id, value = d),
                        crate::t!("load.not-a-day-label"),
                        Some(crate::t!("load.calendar.weekday-help")),
                        subject,
                    ),
                }
            }
            if w == [false; 7] {
                self.bad_value(
                    at.value,
                    crate::t!("load.calendar.no-day", id = id),
                    crate::t!("load.calendar.no-day-label"),
                    None,
                    subject,
                );
                return None;
            }
            Some(w)
        });
        let holidays = match Self::get(t, "holidays") {
            Some((k, v)) => {
                let at = self.ks(k, v);
                match v.get_ref() {
                    DeValue::Boolean(b) => Some(*b),
                    DeValue::String(s) if s.as_ref() == "vn" => Some(true),
                    DeValue::String(s) if s.as_ref() == "none" => Some(false),
                    _ => {
                        self.bad_value(
                            at.value,
                            crate::t!("load.calendar.holidays", id = id),
                            crate::t!("load.calendar.holidays-label"),
                            None,
                            subject,
                        );
                        None
                    }
                }
            }
            None => None,
        };
        RawCalendar { id, name, all_hours, hours, weekdays, holidays, span: header }
    }

    /// `[[holiday]]`: a day off (or, with `working = true`, a make-up working day).
    pub(super) fn holiday(&mut self, t: &DeTable, header: Span) -> Option<RawHoliday> {
        self.known_keys(t, HOLIDAY_KEYS, || "[[holiday]]", None);
        let date = |r: &mut Self, key: &str| -> Option<NaiveDate> {
            let tm = r.time(t, key, None)?;
            let d = tm.expr.start_date();
            if d.is_none() {
                r.bad_value(tm.at.value, crate::t!("load.holiday.day", key = key), crate::t!("load.not-a-day-label"), None, None);
            }
            d
        };
        if Self::get(t, "date").is_none() {
            self.missing(header, "[[holiday]]", "date", "\"2/9/2025\"", None);
            return None;
        }
        let from = date(self, "date")?;
        let to = if Self::get(t, "to").is_some() { date(self, "to")? } else { from };
        if to < from || (to - from).num_days() > 366 {
            let at = Self::get(t, "to").map(|(k, v)| self.ks(k, v).value).unwrap_or(header);
            self.bad_value(at, crate::t!("load.holiday.range"), crate::t!("load.range-label"), None, None);
            return None;
        }
        let name = self.string(t, "name", None).map(|s| s.0).unwrap_or_default();
        let working = self.boolean(t, "working", None).unwrap_or(false);
        let calendars = match Self::get(t, "calendars") {
            Some((k, v)) => {
                let at = self.ks(k, v).value;
                self.strings(t, "calendars", None).into_iter().map(|c| (c, at)).collect()
            }
            None => Vec::new(),
        };
        Some(RawHoliday { from, to, name, working, calendars })
    }

    /// A `due` counted from an event (a table, or a regular phrase), or a
    /// recurring one; [`Special::No`] for a plain time expression.
    pub(super) fn due_special<'i>(&mut self, t: &impl Tab<'i>, what: &str, subject: Option<&str>) -> Special {
        let Some((k, v)) = Self::get(t, "due") else { return Special::No };
        let at = self.ks(k, v);
        match v.get_ref() {
            DeValue::Table(dt) => {
                self.known_keys(dt, DUE_AFTER_KEYS, || crate::t!("load.what.due-after"), subject);
                let Some((task, tat)) = self.str_ref(dt, "after", subject) else {
                    if Self::get(dt, "after").is_none() {
                        self.missing(at.value, &format!("{what}: `due`"), "after", "\"task-id\"", subject);
                    }
                    return Special::Invalid;
                };
                let (within, kind) = match self.str_ref(dt, "within", subject) {
                    Some((s, wat)) => match parse_span(s) {
                        Ok((n, kind)) if n >= 0 => (n, kind),
                        Ok(_) => {
                            self.bad_value(
                                wat.value,
                                crate::t!("load.negative-within", what = what, value = s),
                                crate::t!("load.negative-label"),
                                None,
                                subject,
                            );
                            return Special::Invalid;
                        }
                        Err(e) => {
                            self.bad_value(
                                wat.value,
                                format!("{what}: `within`: {}", e.message),
                                crate::t!("load.duration-label"),
                                None,
                                subject,
                            );
                            return Special::Invalid;
                        }
                    },
                    None => (1, DurKind::WorkDays),
                };
                let or = self.time(dt, "or", subject);
                let n = self.name(task, tat.value);
                self.refs.names.push(n);
                Special::After(RelDue { task: TaskIx(self.refs.names.len() as u32 - 1), within, kind, or, span: at.value })
            }
            DeValue::String(s) => {
                if let Some((day, before)) = monthly(s) {
                    return match self.repeat(t, what, subject) {
                        Some(months) => Special::Recur(Recur { months, day, before, at }),
                        None => Special::Invalid,
                    };
                }
                match relative(s) {
                    None => Special::No,
                    Some(Err(msg)) => {
                        self.bad_value(at.value, format!("{what}: `due`: {msg}"), crate::t!("load.due.label"), None, subject);
                        Special::Invalid
                    }
                    Some(Ok((id, within, kind))) => {
                        // The id's place in the value: after the phrase.
                        let off = s.find(id.as_str()).unwrap_or(0);
                        let start = at.value.start as usize + 1 + off;
                        let span = Span::new(self.file, start..start + id.len());
                        let n = self.name(&id, span);
                        self.refs.names.push(n);
                        Special::After(RelDue { task: TaskIx(self.refs.names.len() as u32 - 1), within, kind, or: None, span: at.value })
                    }
                }
            }
            _ => Special::No,
        }
    }

    /// `not_before = { after = "x", lag = "2wd" }` or `"ngay sau khi x"` /
    /// `"sau khi x"`: a dependency. `None` when `not_before` is a plain
    /// time expression; `Some(None)` when it was reported.
    pub(super) fn not_before_after<'i>(&mut self, t: &impl Tab<'i>, what: &str, subject: Option<&str>) -> Option<Option<Dep>> {
        let (k, v) = Self::get(t, "not_before")?;
        let at = self.ks(k, v);
        match v.get_ref() {
            DeValue::Table(nt) => {
                self.known_keys(nt, NOT_BEFORE_AFTER_KEYS, || crate::t!("load.what.not-before-after"), subject);
                let Some((task, tat)) = self.str_ref(nt, "after", subject) else {
                    if Self::get(nt, "after").is_none() {
                        self.missing(at.value, &format!("{what}: `not_before`"), "after", "\"task-id\"", subject);
                    }
                    return Some(None);
                };
                let (lag, lag_kind) = match self.str_ref(nt, "lag", subject) {
                    Some((s, lat)) => match parse_span(s) {
                        Ok(l) => l,
                        Err(e) => {
                            self.bad_value(
                                lat.value,
                                format!("{what}: `lag`: {}", e.message),
                                crate::t!("load.duration-label"),
                                None,
                                subject,
                            );
                            return Some(None);
                        }
                    },
                    None => (0, DurKind::Elapsed),
                };
                let n = self.name(task, tat.value);
                self.refs.names.push(n);
                Some(Some(Dep { task: TaskIx(self.refs.names.len() as u32 - 1), kind: DepKind::Fs, lag_kind, lag, span: at.value }))
            }
            DeValue::String(s) => {
                if !starts(s, NOT_BEFORE_AFTER_HEADS) {
                    return None;
                }
                let lower = nfc(s.trim()).to_lowercase();
                let rest = ["ngay sau khi ", "sau khi ", "right after ", "after "].iter().find_map(|p| lower.strip_prefix(p))?;
                let id = rest.split_whitespace().next()?.to_string();
                let off = s.find(id.as_str()).unwrap_or(0);
                let start = at.value.start as usize + 1 + off;
                let span = Span::new(self.file, start..start + id.len());
                let n = self.name(&id, span);
                self.refs.names.push(n);
                Some(Some(Dep {
                    task: TaskIx(self.refs.names.len() as u32 - 1),
                    kind: DepKind::Fs,
                    lag_kind: DurKind::Elapsed,
                    lag: 0,
                    span: at.value,
                }))
            }
            _ => None,
        }
    }

    /// `repeat = { from = "tháng 5/2026", to = "tháng 12/2026" }`: the months.
    fn repeat<'i>(&mut self, t: &impl Tab<'i>, what: &str, subject: Option<&str>) -> Option<Vec<(i32, u32)>> {
        let due_at = Self::get(t, "due").map(|(k, v)| self.ks(k, v).value)?;
        let Some((_, v)) = Self::get(t, "repeat") else {
            self.bad_value(
                due_at,
                crate::t!("load.repeat.missing", what = what),
                crate::t!("load.repeat.missing-label"),
                Some(crate::t!("load.repeat.missing-help")),
                subject,
            );
            return None;
        };
        let rt = self.table("repeat", v, || crate::t!("load.expect.repeat"))?;
        self.known_keys(rt, REPEAT_KEYS, || "`repeat`", subject);
        let month = |r: &mut Self, key: &str| -> Option<(i32, u32)> {
            if Self::get(rt, key).is_none() {
                r.missing(r.span(v.span()), &format!("{what}: `repeat`"), key, "\"tháng 5/2026\"", subject);
                return None;
            }
            let tm = r.time(rt, key, subject)?;
            tm.expr.start_date().map(|d| (d.year(), d.month()))
        };
        let from = month(self, "from")?;
        let to = month(self, "to")?;
        let (a, b) = (from.0 as i64 * 12 + from.1 as i64 - 1, to.0 as i64 * 12 + to.1 as i64 - 1);
        if b < a || b - a >= 240 {
            self.bad_value(self.span(v.span()), crate::t!("load.repeat.range", what = what), crate::t!("load.range-label"), None, subject);
            return None;
        }
        Some((a..=b).map(|m| ((m / 12) as i32, (m % 12) as u32 + 1)).collect())
    }
}

impl Raw {
    /// Adds a task read from a file; a recurring one as one task per
    /// occurrence (`report@2026-05`, …).
    pub(super) fn push_task(&mut self, (task, refs, recur): (Task, TaskRefs, Option<Recur>)) {
        let Some(r) = recur else {
            self.tasks.push(task);
            self.task_refs.push(refs);
            return;
        };
        let count = r.months.len() as u32;
        for (index, &(y, m)) in r.months.iter().enumerate() {
            let last = NaiveDate::from_ymd_opt(y, m, 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                .and_then(|d| d.pred_opt())
                .map_or(28, |d| d.day());
            let day = r.day.min(last);
            let text = if r.before { format!("trước ngày {day}/{m}/{y}") } else { format!("{day}/{m}/{y}") };
            let Ok(mut expr) = TimeExpr::parse(&text) else { continue };
            expr.occurrence = true;
            let mut t = task.clone();
            let period = format!("{y:04}-{m:02}");
            t.id = format!("{}@{period}", task.id);
            t.due = Some(Timed { expr, at: r.at });
            let more = t.more.get_or_insert_with(Box::default);
            more.occurrence = Some(Occurrence { of: task.id.clone(), period, index: index as u32, count, day: r.day, before: r.before });
            self.tasks.push(t);
            self.task_refs.push(TaskRefs { part: refs.part, source: refs.source.clone() });
        }
    }
}

/// Does the task count working time anywhere (its duration, a lag, a
/// deadline counted from an event)?
fn counts_working_time(t: &Task) -> bool {
    t.dur_kind != DurKind::Elapsed
        || t.after.iter().any(|d| d.lag_kind != DurKind::Elapsed)
        || t.due_after().is_some_and(|r| r.kind != DurKind::Elapsed)
}

/// The calendars of a plan, built once every file is read: the declared
/// ones, the built-in ones named, each with the plan's `[[holiday]]`s; and
/// each task's calendar (its own, else its first lead's, else its system's,
/// else the plan's), with working days turned into minutes.
pub(super) fn build_calendars(
    meta: &PlanMeta,
    raw: Vec<RawCalendar>,
    holidays: Vec<RawHoliday>,
    orgs: &[Org],
    systems: &[System],
    tasks: &mut [Task],
    unresolved: &mut Vec<Unresolved>,
) -> (Vec<Calendar>, Vec<Holiday>) {
    let uses_work = tasks.iter().any(counts_working_time);
    let named = meta.calendar.is_some()
        || orgs.iter().any(|o| o.calendar.is_some())
        || systems.iter().any(|s| s.calendar.is_some())
        || tasks.iter().any(|t| t.more.as_ref().is_some_and(|m| m.calendar.is_some()));
    if raw.is_empty() && holidays.is_empty() && !named && !uses_work {
        return (Vec::new(), Vec::new());
    }
    let mut list = calendar::vn_holidays();
    let mut cals: Vec<Calendar> = Vec::new();
    let mut seen: HashMap<String, Span> = HashMap::new();
    for rc in raw {
        if let Some(first) = seen.get(&rc.id) {
            unresolved.push(Unresolved::Duplicate { kind: "calendar", id: rc.id.clone(), at: rc.span, first: *first });
            continue;
        }
        seen.insert(rc.id.clone(), rc.span);
        let mut c = if rc.all_hours { Calendar::all_hours(&rc.id) } else { Calendar::office(&rc.id) };
        if let Some(n) = rc.name {
            c.name = n;
        }
        if let Some(h) = rc.hours {
            c.hours = h;
        }
        if let Some(w) = rc.weekdays {
            c.weekdays = w;
        }
        match rc.holidays {
            Some(false) => {
                c.holidays = false;
                c.off.clear();
                c.on.clear();
            }
            Some(true) if rc.all_hours => {
                c.holidays = true;
                c.add_days(list.iter().map(|h| (h.date, h.working)));
            }
            _ => {}
        }
        cals.push(c);
    }
    let mut index: HashMap<String, u16> = cals.iter().enumerate().map(|(i, c)| (c.id.clone(), i as u16 + 1)).collect();
    let mut find = |name: &str, at: Span, what: &'static str, who: &str, cals: &mut Vec<Calendar>, unresolved: &mut Vec<Unresolved>| {
        let name = nfc(name).to_string();
        if let Some(k) = index.get(&name) {
            return Some(*k);
        }
        let builtin = match name.as_str() {
            calendar::OFFICE => Some(Calendar::office(calendar::OFFICE)),
            calendar::ALL_HOURS => Some(Calendar::all_hours(calendar::ALL_HOURS)),
            _ => None,
        };
        match builtin {
            Some(c) => {
                cals.push(c);
                index.insert(name, cals.len() as u16);
                Some(cals.len() as u16)
            }
            None => {
                let known: Vec<String> = index.keys().cloned().chain([calendar::OFFICE.into(), calendar::ALL_HOURS.into()]).collect();
                let closest = did_you_mean(&name, known.iter().map(String::as_str)).map(str::to_string);
                unresolved.push(Unresolved::Reference {
                    what,
                    who: who.to_string(),
                    key: "calendar",
                    id: name,
                    at,
                    target: "calendar",
                    closest,
                });
                None
            }
        }
    };
    let plan_cal = meta.calendar.as_ref().and_then(|(n, at)| find(n, *at, "plan", &meta.id, &mut cals, unresolved)).unwrap_or(0);
    let org_cal: Vec<u16> = orgs
        .iter()
        .map(|o| o.calendar.as_ref().and_then(|(n, at)| find(n, *at, "org", &o.id, &mut cals, unresolved)).unwrap_or(0))
        .collect();
    let sys_cal: Vec<u16> = systems
        .iter()
        .map(|s| s.calendar.as_ref().and_then(|(n, at)| find(n, *at, "system", &s.id, &mut cals, unresolved)).unwrap_or(0))
        .collect();
    // The plan's days off and make-up days, on every calendar that keeps
    // holidays (or the ones a `[[holiday]]` names).
    for h in &holidays {
        let targets: Vec<u16> = if h.calendars.is_empty() {
            (1..=cals.len() as u16).filter(|k| cals[*k as usize - 1].holidays).collect()
        } else {
            h.calendars.iter().filter_map(|(n, at)| find(n, *at, "holiday", &h.name, &mut cals, unresolved)).collect()
        };
        let days: Vec<NaiveDate> = h.from.iter_days().take_while(|d| *d <= h.to).collect();
        for k in &targets {
            cals[*k as usize - 1].add_days(days.iter().map(|d| (*d, h.working)));
        }
        list.extend(days.iter().map(|d| Holiday { date: *d, name_vi: h.name.clone(), name_en: h.name.clone(), working: h.working }));
    }
    let mut office: u16 = cals.iter().position(|c| c.id == calendar::OFFICE).map_or(0, |i| i as u16 + 1);
    for t in tasks.iter_mut() {
        let own = match t.more.as_ref().and_then(|m| m.calendar.clone()) {
            Some((n, at)) => find(&n, at, "task", &t.id, &mut cals, unresolved).unwrap_or(0),
            None => 0,
        };
        let lead = t.lead.first().map_or(0, |o| org_cal[o.ix()]);
        let sys = t.system.map_or(0, |s| sys_cal[s.ix()]);
        let mut cal = [own, lead, sys, plan_cal].into_iter().find(|c| *c > 0).unwrap_or(0);
        if cal == 0 && counts_working_time(t) {
            // Working time with no calendar named: the civil service's.
            if office == 0 {
                cals.push(Calendar::office(calendar::OFFICE));
                office = cals.len() as u16;
            }
            cal = office;
        }
        t.cal = cal;
        if cal == 0 {
            continue;
        }
        let day = cals[cal as usize - 1].day_minutes();
        if t.dur_kind == DurKind::WorkDays {
            t.duration = t.duration.saturating_mul(day);
            t.dur_kind = DurKind::Work;
        }
        if t.after.iter().any(|d| d.lag_kind == DurKind::WorkDays) {
            for d in t.after.iter_mut() {
                if d.lag_kind == DurKind::WorkDays {
                    d.lag = d.lag.saturating_mul(day);
                    d.lag_kind = DurKind::Work;
                }
            }
        }
        if let Some(r) = t.more.as_mut().and_then(|m| m.due_after.as_mut()) {
            if r.kind == DurKind::WorkDays {
                r.within = r.within.saturating_mul(day);
                r.kind = DurKind::Work;
            }
        }
    }
    list.sort_by_key(|h| h.date);
    (cals, list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_a_recurring_duty_waits_for_every_occurrence() {
        let text = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2026-04-01\"\ncutover = \"24:00 30/6/2026\"\n[org.a]\nname = \"A\"\n\
                    [[task]]\nid = \"report\"\ntitle = \"R\"\nlead = \"a\"\ndue = \"trước ngày 20 hằng tháng\"\nrepeat = { from = \"tháng 4/2026\", to = \"tháng 6/2026\" }\n\
                    [[task]]\nid = \"review\"\ntitle = \"V\"\nlead = \"a\"\ndue = \"30/6/2026\"\nafter = [\"report\"]\n";
        let l = crate::load::load_bytes(std::path::Path::new("p.toml"), text.as_bytes().to_vec(), &crate::load::LoadOptions::default());
        assert!(l.findings.iter().all(|f| !f.is_error()), "{:?}", l.findings);
        assert!(l.unresolved.is_empty(), "{:?}", l.unresolved);
        let p = &l.plan;
        let review = p.task(p.task_by_id("review").unwrap());
        let after: Vec<&str> = review.after.iter().map(|d| p.task(d.task).id.as_str()).collect();
        assert_eq!(after, ["report@2026-04", "report@2026-05", "report@2026-06"]);
    }

    #[test]
    fn phrases() {
        assert_eq!(monthly("trước ngày 20 hằng tháng"), Some((20, true)));
        assert_eq!(monthly("Ngày 5 hàng tháng"), Some((5, false)));
        assert_eq!(monthly("before day 20 of every month"), Some((20, true)));
        assert_eq!(monthly("trước ngày 20/6/2025"), None);
        assert_eq!(relative("ngay sau khi lgsp.codes.decision"), Some(Ok(("lgsp.codes.decision".into(), 1, DurKind::WorkDays))));
        assert_eq!(
            relative("trong 05 ngày làm việc kể từ khi lgsp.codes.decision hoàn thành"),
            Some(Ok(("lgsp.codes.decision".into(), 5, DurKind::WorkDays)))
        );
        assert_eq!(relative("within 4wh after a"), Some(Ok(("a".into(), 240, DurKind::Work))));
        assert_eq!(relative("trong 2 ngày sau khi a"), Some(Ok(("a".into(), 2880, DurKind::Elapsed))));
        assert_eq!(relative("trước ngày 20/6/2025"), None);
    }
}
