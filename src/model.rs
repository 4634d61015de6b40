//! The plan model: plain data that every command shares.
//!
//! Ids are interned: every reference between entries is an index into a
//! `Vec` ([`TaskIx`], [`OrgIx`], …), resolved once when the plan is loaded.
//! Unit instances (`task@unit`) are never materialised here: an instance is a
//! pair (task, unit), numbered by [`Plan::instances`].

use crate::rule::Rule;
use crate::source::{SourceMap, Span};
use crate::time::{Instant, Lang, Minutes, PlanTz, TimeExpr};

/// An id → index map (ids in one buffer, see [`crate::ids`]).
pub use crate::ids::IdMap;

/// A dense index into one of the plan's `Vec`s.
pub trait Index: Copy {
    fn from_ix(i: u32) -> Self;
    fn ix(self) -> usize;
}

macro_rules! index_type {
    ($name:ident) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            pub fn ix(self) -> usize {
                self.0 as usize
            }
        }
        impl Index for $name {
            fn from_ix(i: u32) -> Self {
                $name(i)
            }
            fn ix(self) -> usize {
                self.0 as usize
            }
        }
    };
}
index_type!(TaskIx);
index_type!(OrgIx);
index_type!(UnitIx);
index_type!(SystemIx);
index_type!(SourceIx);

/// Where a key and its value stand in a file.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeySpan {
    pub key: Span,
    pub value: Span,
}

/// A time expression, with where it stands. The text as the plan writes it
/// (`trước ngày 21/6/2025`) is read back from the file: [`Plan::written`].
#[derive(Clone, Debug, PartialEq)]
pub struct Timed {
    pub expr: TimeExpr,
    pub at: KeySpan,
}

/// The inside of a TOML string literal as written (quotes removed), or the
/// text itself when it is not quoted (a TOML date).
pub fn unquote(raw: &str) -> &str {
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if raw.len() >= 2 * q.len() && raw.starts_with(q) && raw.ends_with(q) {
            return raw[q.len()..raw.len() - q.len()].trim_start_matches('\n');
        }
    }
    raw
}

/// `[plan]`.
#[derive(Clone, Debug)]
pub struct PlanMeta {
    pub id: String,
    pub title: String,
    pub tz: PlanTz,
    pub start: Option<Timed>,
    pub cutover: Option<Timed>,
    pub lang: Lang,
    /// `window_end`: the latest moment service may return on the night, when
    /// a backout must have finished (the end of the change window).
    pub window_end: Option<Timed>,
    /// `backout_warning`: how long before `window_end` a backout's finish
    /// turns the gauge amber (none: green or red only).
    pub backout_warning: Option<Minutes>,
    /// `rules = { gate-missing = "off" }`: a rule's level for this plan
    /// (`None`: off), for the rules that do not stop scheduling.
    pub rule_levels: Vec<(Rule, Option<crate::rule::Severity>)>,
    /// `groups`: the groups of units the plan's tasks concern unless a task
    /// names its own (a document addressed to some of the units).
    pub groups: Vec<String>,
    pub groups_span: Option<Span>,
    /// `calendar`: the plan's calendar (orgs, systems and tasks without
    /// their own use it), as written and where.
    pub calendar: Option<(String, Span)>,
    /// The `[plan]` header.
    pub span: Span,
}

/// `[[source]]`: a document the plan encodes.
#[derive(Clone, Debug)]
pub struct DocSource {
    pub id: String,
    pub title: String,
    pub number: Option<String>,
    pub date: Option<String>,
    /// `issued_after`: a day the document was issued after, when its own
    /// date is left blank (it cites a letter of that day).
    pub issued_after: Option<String>,
    pub file: Option<String>,
    pub span: Span,
}

/// `[org.<id>]`.
#[derive(Clone, Debug)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub short: Option<String>,
    pub kind: Option<String>,
    /// Stands for each unit's own body (e.g. `ubnd-xa`).
    pub per_unit: bool,
    /// `calendar`: when the org works (as written, and where).
    pub calendar: Option<(String, Span)>,
    pub span: Span,
}

/// `[system.<id>]`.
#[derive(Clone, Debug)]
pub struct System {
    pub id: String,
    pub name: String,
    pub owner: Option<OrgIx>,
    pub vendor: Vec<OrgIx>,
    /// `calendar`: when work on the system may be done.
    pub calendar: Option<(String, Span)>,
    pub span: Span,
}

/// A former unit merged into a new one (`legacy` of a `[[unit]]`).
#[derive(Clone, Debug, PartialEq)]
pub struct LegacyUnit {
    pub name: String,
    pub code: Option<String>,
}

/// `[[unit]]`: a new commune-level unit.
#[derive(Clone, Debug)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub code: Option<String>,
    pub domain: Option<String>,
    pub legacy: Vec<LegacyUnit>,
    /// The province the unit was formed from (before 1/7/2025).
    pub former_province: Option<String>,
    /// The districts its former communes belonged to.
    pub former_districts: Vec<String>,
    /// Ids of the groups it belongs to, which unit tasks select by (`groups`).
    pub groups: Vec<String>,
    pub span: Span,
}

/// The phase of the cutover a task belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    Prepare,
    Provision,
    Backup,
    Trial,
    Cutover,
    Stabilize,
    Retire,
    Followup,
}

impl Phase {
    pub const ALL: [(&'static str, Phase); 8] = [
        ("prepare", Phase::Prepare),
        ("provision", Phase::Provision),
        ("backup", Phase::Backup),
        ("trial", Phase::Trial),
        ("cutover", Phase::Cutover),
        ("stabilize", Phase::Stabilize),
        ("retire", Phase::Retire),
        ("followup", Phase::Followup),
    ];

    pub fn parse(s: &str) -> Option<Phase> {
        Phase::ALL.iter().find(|(n, _)| *n == s).map(|(_, p)| *p)
    }

    pub fn name(self) -> &'static str {
        Phase::ALL.iter().find(|(_, p)| *p == self).map(|(n, _)| *n).unwrap_or("?")
    }

    /// Work that must be finished by the cutover.
    pub fn is_before_cutover(self) -> bool {
        matches!(self, Phase::Prepare | Phase::Provision | Phase::Backup | Phase::Trial)
    }

    /// Work that belongs after the cutover.
    pub fn is_after_cutover(self) -> bool {
        matches!(self, Phase::Stabilize | Phase::Retire | Phase::Followup)
    }
}

/// Done once for the plan, or once for every unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Plan,
    Unit,
}

/// How a task depends on a predecessor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DepKind {
    /// Finish-to-start: starts after the predecessor finishes.
    #[default]
    Fs,
    /// Start-to-start: starts after the predecessor starts.
    Ss,
    /// Finish-to-finish: finishes after the predecessor finishes.
    Ff,
}

impl DepKind {
    pub fn name(self) -> &'static str {
        match self {
            DepKind::Fs => "fs",
            DepKind::Ss => "ss",
            DepKind::Ff => "ff",
        }
    }
}

/// One entry of `after`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dep {
    pub task: TaskIx,
    pub kind: DepKind,
    /// Working time (`2wd`) or calendar time (`2d`), counted on the
    /// calendar of the task that waits.
    pub lag_kind: DurKind,
    pub lag: Minutes,
    /// The entry in the `after` list.
    pub span: Span,
}

/// How a duration or lag counts time (defined with the time expressions that read it).
pub use crate::time::DurKind;

/// A deadline counted from another task's finish: `due = { after = …,
/// within = … }` or `trong 5 ngày làm việc kể từ khi …`.
#[derive(Clone, Debug, PartialEq)]
pub struct RelDue {
    /// The task whose finish starts the count (a provisional name index
    /// until resolved).
    pub task: TaskIx,
    pub within: Minutes,
    pub kind: DurKind,
    /// `or`: a dated deadline the relative one may not make earlier (II.7.a:
    /// "ngày 22/6/2025 hoặc ngay sau khi có Quyết định").
    pub or: Option<Timed>,
    /// The `due` value as written.
    pub span: Span,
}

/// One occurrence of a duty that recurs (`repeat`).
#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence {
    /// The id as written, without the period (`q2.report.monthly`).
    pub of: String,
    /// This occurrence's period: `2026-05`.
    pub period: String,
    /// Its place (0-based) and how many there are.
    pub index: u32,
    pub count: u32,
    /// The day of the month its deadline names.
    pub day: u32,
    /// `trước ngày N`: before the day begins (else by its end).
    pub before: bool,
}

/// `waive = [{ rule, reason }]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiver {
    pub rule: Rule,
    pub reason: String,
    pub span: Span,
}

/// The unit facts a unit task's `steps` and `note` may name as
/// `{unit.<field>}`; a list fills them per unit.
pub const UNIT_PLACEHOLDERS: &[&str] = &["id", "name", "domain", "code"];

/// `[[task]]`.
#[derive(Clone, Debug)]
pub struct Task {
    pub id: String,
    pub title: String,
    pub lead: Box<[OrgIx]>,
    pub support: Box<[OrgIx]>,
    pub system: Option<SystemIx>,
    pub phase: Option<Phase>,
    pub due: Option<Timed>,
    /// Rare: boxed.
    pub not_before: Option<Box<Timed>>,
    pub duration: Minutes,
    pub after: Box<[Dep]>,
    pub scope: Scope,
    /// What few tasks have (wave, source, steps, note, waivers), boxed: a
    /// generated plan's million tasks carry none of it.
    pub more: Option<Box<TaskMore>>,
    /// The units a unit task applies to: 0 for every unit, `k` for
    /// [`Plan::unit_sets`]`[k - 1]` (from its `groups`).
    pub unit_set: u32,
    /// The task's calendar: 0 for none (every minute counts), `k` for
    /// [`Plan::calendars`]`[k - 1]`.
    pub cal: u16,
    /// Does `duration` count working or calendar time?
    pub dur_kind: DurKind,
    /// Where the task's keys stand.
    pub spans: TaskSpans,
    /// The instants of `due`, of the start of a `ngày D` window and of
    /// `not_before`, in the plan's zone: computed once when the plan is loaded.
    pub at: TaskTimes,
}

/// The rarer keys of a task.
#[derive(Clone, Debug, Default)]
pub struct TaskMore {
    /// `at`: the instant the task happens (finishes) exactly — a go-live at
    /// 24:00 30/6/2025. Rare: most tasks have a due, not a pinned instant.
    pub pin: Option<Timed>,
    pub wave: Option<String>,
    /// The `[[source]]` and the clause: `kh-2025-06 II.3.e`.
    pub source: Option<(SourceIx, String)>,
    pub steps: Vec<String>,
    pub note: Option<String>,
    pub waive: Vec<Waiver>,
    /// `approvers`, `quorum`, `criteria`: the task is a go/no-go gate.
    pub gate: Option<Gate>,
    /// `undoes`: the task is a backout step, undoing these tasks.
    pub undoes: Box<[TaskIx]>,
    /// `point_of_no_return = true`: once done, backout is no longer offered.
    pub point_of_no_return: bool,
    /// `groups`: the groups of units a unit task applies to (as written, NFC),
    /// with where the key stands.
    pub groups: Vec<String>,
    pub groups_span: Option<Span>,
    /// Where the `[[source]]` id of `source` stands.
    pub source_span: Option<Span>,
    /// `calendar`: the id as written, and where.
    pub calendar: Option<(String, Span)>,
    /// A `due` counted from another task's finish.
    pub due_after: Option<RelDue>,
    /// This task is one occurrence of a duty that recurs.
    pub occurrence: Option<Occurrence>,
}

/// A go/no-go gate: the task passes when enough of its approvers say go.
#[derive(Clone, Debug, PartialEq)]
pub struct Gate {
    pub approvers: Box<[OrgIx]>,
    /// How many approvers must say go: `None` for all of them.
    pub quorum: Option<u32>,
    /// What the approvers check, shown as lines to tick.
    pub criteria: Vec<String>,
}

impl Gate {
    /// How many go decisions pass the gate.
    pub fn needed(&self) -> usize {
        self.quorum.map_or(self.approvers.len(), |q| q as usize).min(self.approvers.len()).max(1)
    }
}

impl TaskMore {
    fn is_empty(&self) -> bool {
        self.gate.is_none()
            && self.groups.is_empty()
            && self.undoes.is_empty()
            && !self.point_of_no_return
            && self.pin.is_none()
            && self.wave.is_none()
            && self.source.is_none()
            && self.steps.is_empty()
            && self.note.is_none()
            && self.waive.is_empty()
            && self.calendar.is_none()
            && self.due_after.is_none()
            && self.occurrence.is_none()
    }

    /// `None` when there is nothing to keep.
    pub fn boxed(self) -> Option<Box<TaskMore>> {
        if self.is_empty() { None } else { Some(Box::new(self)) }
    }
}

/// A task's time expressions as instants (minutes; [`TaskTimes::NONE`]
/// where absent: three `Option<Instant>`s would take twice the room, on
/// every one of a million tasks).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaskTimes {
    due: i64,
    window: i64,
    not_before: i64,
}

impl Default for TaskTimes {
    fn default() -> Self {
        TaskTimes { due: Self::NONE, window: Self::NONE, not_before: Self::NONE }
    }
}

impl TaskTimes {
    /// No instant (no plan reaches it: instants are clamped far inside `i64`).
    const NONE: i64 = i64::MIN;

    pub fn new(due: Option<Instant>, window: Option<Instant>, not_before: Option<Instant>) -> TaskTimes {
        let raw = |i: Option<Instant>| i.map_or(Self::NONE, |i| i.0.max(Self::NONE + 1));
        TaskTimes { due: raw(due), window: raw(window), not_before: raw(not_before) }
    }

    fn get(raw: i64) -> Option<Instant> {
        (raw != Self::NONE).then_some(Instant(raw))
    }

    /// The `due` instant.
    pub fn due(&self) -> Option<Instant> {
        Self::get(self.due)
    }

    /// The start of a `ngày D` window.
    pub fn window(&self) -> Option<Instant> {
        Self::get(self.window)
    }

    /// The `not_before` instant.
    pub fn not_before(&self) -> Option<Instant> {
        Self::get(self.not_before)
    }
}

/// Where the task keys that findings point at stand (the keys of `due` and
/// `not_before` are in their [`Timed`]).
#[derive(Clone, Debug)]
pub struct TaskSpans {
    /// The `[[task]]` header.
    pub header: Span,
    /// The key `id`.
    pub id: Option<Span>,
    /// The key `phase`.
    pub phase: Option<Span>,
    /// The key `duration`.
    pub duration: Option<Span>,
    /// `due` is written, even when its value could not be read.
    pub has_due: bool,
}

impl TaskSpans {
    pub fn new(header: Span) -> TaskSpans {
        TaskSpans { header, id: None, phase: None, duration: None, has_due: false }
    }

    /// The `id = …` key, or the header when it has none.
    pub fn id_key(&self) -> Span {
        self.id.unwrap_or(self.header)
    }
}

impl Task {
    pub fn is_unit(&self) -> bool {
        self.scope == Scope::Unit
    }

    /// The task's waiver for `rule`, if any.
    pub fn waiver(&self, rule: Rule) -> Option<&Waiver> {
        self.waivers().iter().find(|w| w.rule == rule)
    }

    pub fn waivers(&self) -> &[Waiver] {
        self.more.as_ref().map_or(&[], |m| &m.waive)
    }

    pub fn wave(&self) -> Option<&str> {
        self.more.as_ref().and_then(|m| m.wave.as_deref())
    }

    /// The `[[source]]` and the clause: `kh-2025-06 II.3.e`.
    pub fn source(&self) -> Option<&(SourceIx, String)> {
        self.more.as_ref().and_then(|m| m.source.as_ref())
    }

    pub fn steps(&self) -> &[String] {
        self.more.as_ref().map_or(&[], |m| &m.steps)
    }

    /// `at`: the instant the task is pinned to, as written.
    pub fn pin(&self) -> Option<&Timed> {
        self.more.as_ref().and_then(|m| m.pin.as_ref())
    }

    /// When the task must happen, as written: its pinned instant (`at`),
    /// else its `due`.
    pub fn when(&self) -> Option<&Timed> {
        self.pin().or(self.due.as_ref())
    }

    /// Does `o` take part: as lead, support or (of a gate) approver?
    pub fn involves(&self, o: OrgIx) -> bool {
        self.lead.contains(&o) || self.support.contains(&o) || self.gate().is_some_and(|g| g.approvers.contains(&o))
    }

    /// The go/no-go gate the task is, if it is one.
    pub fn gate(&self) -> Option<&Gate> {
        self.more.as_ref().and_then(|m| m.gate.as_ref())
    }

    /// The tasks this backout step undoes (empty: not a backout step).
    pub fn undoes(&self) -> &[TaskIx] {
        self.more.as_ref().map_or(&[], |m| &m.undoes)
    }

    /// A backout step: contingency work, done only if the cutover is
    /// backed out; not counted in progress, not "next", not on the path.
    pub fn is_backout(&self) -> bool {
        !self.undoes().is_empty()
    }

    /// `point_of_no_return = true`.
    pub fn is_point_of_no_return(&self) -> bool {
        self.more.as_ref().is_some_and(|m| m.point_of_no_return)
    }

    /// A milestone: a moment, not work (no duration).
    pub fn is_milestone(&self) -> bool {
        self.duration == 0
    }

    /// A `due` counted from another task's finish.
    pub fn due_after(&self) -> Option<&RelDue> {
        self.more.as_ref().and_then(|m| m.due_after.as_ref())
    }

    /// The occurrence of a recurring duty this task is.
    pub fn occurrence(&self) -> Option<&Occurrence> {
        self.more.as_ref().and_then(|m| m.occurrence.as_ref())
    }
}

/// A loaded plan: the root `[plan]` and every entry of it and its includes.
#[derive(Debug)]
pub struct Plan {
    pub files: SourceMap,
    pub meta: PlanMeta,
    pub sources: Vec<DocSource>,
    pub orgs: Vec<Org>,
    pub systems: Vec<System>,
    pub units: Vec<Unit>,
    pub tasks: Vec<Task>,
    pub ids: Ids,
    /// The distinct sets of units that unit tasks' `groups` select, each
    /// sorted ([`Task::unit_set`]).
    pub unit_sets: Vec<Box<[UnitIx]>>,
    /// The most task instances this plan may have (`--max-instances`).
    pub max_instances: u64,
    /// The calendars the tasks use ([`Task::cal`]): the plan's `[calendar.*]`
    /// and the built-in ones named. Empty: every minute counts.
    pub calendars: Vec<crate::calendar::Calendar>,
    /// The days off and make-up days the calendars know, with their names
    /// (built in, and the plan's `[[holiday]]`).
    pub holidays: Vec<crate::calendar::Holiday>,
}

/// Id → index maps, keyed by the NFC-normalised id.
#[derive(Debug, Default)]
pub struct Ids {
    pub tasks: IdMap<TaskIx>,
    pub orgs: IdMap<OrgIx>,
    pub systems: IdMap<SystemIx>,
    pub units: IdMap<UnitIx>,
    pub sources: IdMap<SourceIx>,
}

impl Plan {
    /// A time expression as the plan writes it: `trước ngày 21/6/2025`.
    pub fn written(&self, t: &Timed) -> std::borrow::Cow<'_, str> {
        if t.expr.occurrence {
            // One occurrence of `trước ngày 20 hằng tháng`: its own date.
            return format!("{} (hằng tháng)", t.expr.display(Lang::Vi, &self.meta.tz)).into();
        }
        unquote(self.files.text(t.at.value)).into()
    }

    /// A task's deadline in the plan's words: its `due` as written, or one
    /// counted from an event (`ngay sau khi units.start`, `22/6/2025 hoặc
    /// trong 1 ngày làm việc sau khi units.decision`).
    pub fn due_text(&self, t: &Task, lang: Lang) -> Option<String> {
        if let Some(d) = &t.due {
            return Some(self.written(d).into_owned());
        }
        let r = t.due_after()?;
        let event = &self.task(r.task).id;
        let day = self.calendar_of(t).map_or(24 * 60, |c| c.day_minutes());
        let within = match r.kind {
            DurKind::Elapsed => crate::time::fmt_duration(r.within),
            _ => crate::time::fmt_work(r.within, day, lang),
        };
        let locale = lang;
        let rel = if r.kind != DurKind::Elapsed && r.within == day {
            crate::t!("model.due.right-after", locale = locale, event = event)
        } else {
            crate::t!("model.due.within", locale = locale, within = within, event = event)
        };
        Some(match &r.or {
            Some(or) => crate::t!("model.due.or-later", locale = locale, date = self.written(or), rel = rel).into_owned(),
            None => rel.into_owned(),
        })
    }

    /// How the plan counts time, in one line, when it declares calendars:
    /// `hanh-chinh: 7:30–11:30, 13:30–17:00, T2–T6, ngày nghỉ lễ; 24/7: cả ngày`.
    pub fn working_time_line(&self, lang: Lang) -> Option<String> {
        if self.calendars.is_empty() {
            return None;
        }
        let locale = lang;
        // The days of the week as a calendar line shortens them: `T2`, `Mon`.
        let weekdays = [
            crate::t!("model.weekday.mon", locale = locale),
            crate::t!("model.weekday.tue", locale = locale),
            crate::t!("model.weekday.wed", locale = locale),
            crate::t!("model.weekday.thu", locale = locale),
            crate::t!("model.weekday.fri", locale = locale),
            crate::t!("model.weekday.sat", locale = locale),
            crate::t!("model.weekday.sun", locale = locale),
        ];
        let list: Vec<String> = self
            .calendars
            .iter()
            .map(|c| {
                if c.is_all_hours() {
                    return format!("{}: {}", c.id, crate::t!("model.calendar.all-hours", locale = locale));
                }
                let days: Vec<&str> = c.weekdays.iter().enumerate().filter(|(_, w)| **w).map(|(i, _)| &*weekdays[i]).collect();
                let days = if days.len() > 2 && days.len() == c.weekdays.iter().take_while(|w| **w).count() {
                    format!("{}–{}", days[0], days[days.len() - 1])
                } else {
                    days.join(", ")
                };
                let off =
                    if c.holidays { format!(", {}", crate::t!("model.calendar.holidays-off", locale = locale)) } else { String::new() };
                format!("{}: {}, {days}{off}", c.id, c.hours_text())
            })
            .collect();
        Some(crate::t!("model.calendar.working-time", locale = locale, calendars = list.join("; ")).into_owned())
    }

    /// The calendar of a task, if it has one.
    pub fn calendar_of(&self, t: &Task) -> Option<&crate::calendar::Calendar> {
        (t.cal > 0).then(|| &self.calendars[t.cal as usize - 1])
    }

    pub fn task(&self, ix: TaskIx) -> &Task {
        &self.tasks[ix.ix()]
    }

    pub fn org(&self, ix: OrgIx) -> &Org {
        &self.orgs[ix.ix()]
    }

    pub fn unit(&self, ix: UnitIx) -> &Unit {
        &self.units[ix.ix()]
    }

    pub fn task_by_id(&self, id: &str) -> Option<TaskIx> {
        self.ids.tasks.get(crate::text::nfc(id).as_ref()).copied()
    }

    /// How many instances a task stands for: one, or one per unit.
    pub fn instance_count(&self, t: &Task) -> u64 {
        if t.is_unit() { self.units_of(t).map_or(self.units.len(), <[UnitIx]>::len) as u64 } else { 1 }
    }

    /// The units a unit task applies to, when its `groups` select some:
    /// `None` for every unit (in plan order).
    pub fn units_of(&self, t: &Task) -> Option<&[UnitIx]> {
        (t.unit_set > 0).then(|| &*self.unit_sets[t.unit_set as usize - 1])
    }

    /// Does task `t` concern unit `u` (a unit task's instance for it; a
    /// plan task, the unit's committee)? Every unit, unless `groups` says.
    pub fn applies_to(&self, t: &Task, u: UnitIx) -> bool {
        self.units_of(t).is_none_or(|set| set.binary_search(&u).is_ok())
    }

    /// The number of task instances in the plan.
    pub fn instances(&self) -> u64 {
        self.tasks.iter().map(|t| self.instance_count(t)).sum()
    }

    /// Do its instances fit the cap (`--max-instances`)? The one place the
    /// cap is compared: the loader reports `too-large` when they do not, and
    /// no instance graph is built for such a plan.
    pub fn within_instance_cap(&self) -> bool {
        self.instances() <= self.max_instances
    }

    pub fn tz(&self) -> &PlanTz {
        &self.meta.tz
    }

    /// The instant a task is due, if it has a `due`.
    pub fn due(&self, t: &Task) -> Option<Instant> {
        t.at.due()
    }

    /// The cutover instant (T-0), if the plan has a valid one.
    pub fn cutover(&self) -> Option<Instant> {
        self.meta.cutover.as_ref().map(|c| c.expr.due(&self.meta.tz))
    }

    /// `window_end`: the latest moment service may return.
    pub fn window_end(&self) -> Option<Instant> {
        self.meta.window_end.as_ref().map(|c| c.expr.due(&self.meta.tz))
    }

    /// The plan's start instant, if valid.
    pub fn start(&self) -> Option<Instant> {
        self.meta.start.as_ref().and_then(|c| c.expr.not_before(&self.meta.tz))
    }

    /// An org's name on one unit's instance: a per-unit org (`ubnd-xa`) is
    /// that unit's own body ("UBND Phường Cẩm Thành").
    pub fn org_name_for(&self, org: OrgIx, unit: Option<UnitIx>) -> String {
        let o = self.org(org);
        match unit {
            Some(u) if o.per_unit => {
                let base = o.short.as_deref().unwrap_or(&o.name);
                let base = base.split_whitespace().next().unwrap_or(base);
                format!("{base} {}", self.unit(u).name)
            }
            _ => o.name.clone(),
        }
    }
}
