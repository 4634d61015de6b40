//! Checklists: what each organisation, commune, system or day must do, in
//! due order, ready to tick.
//!
//! The result is plain groups of items; [`crate::report::checklist`] renders
//! them as a terminal table, Markdown task lists, CSV or JSON.

use crate::model::{OrgIx, Phase, Plan, SystemIx, TaskIx, UnitIx};
use crate::schedule::Schedule;
use crate::time::{Instant, Lang};
use chrono::{Datelike, NaiveDate};

/// How items are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Org,
    Unit,
    System,
    Day,
}

/// Which items to keep.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub org: Option<OrgIx>,
    pub unit: Option<UnitIx>,
    pub system: Option<SystemIx>,
    pub phase: Option<Phase>,
    /// Keep items due after this instant…
    pub from: Option<Instant>,
    /// …and no later than this one. Undated items are left out when either is set.
    pub to: Option<Instant>,
}

/// The part an organisation plays in a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// *chủ trì*.
    Lead,
    /// *phối hợp*.
    Support,
    /// Decides go or no-go on a gate (`approvers`), without leading it.
    Approver,
}

impl Role {
    /// The role in words, in `lang`: *chủ trì*, *phối hợp*, *phê duyệt*.
    pub fn label(self, lang: Lang) -> std::borrow::Cow<'static, str> {
        let locale = lang;
        match self {
            Role::Lead => crate::t!("checklist.role.lead", locale = locale),
            Role::Support => crate::t!("checklist.role.support", locale = locale),
            Role::Approver => crate::t!("checklist.role.approver", locale = locale),
        }
    }

    /// The role as a machine value (CSV and JSON): `lead`, `support`, `approver`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Support => "support",
            Role::Approver => "approver",
        }
    }
}

/// Who reads a list: left out of each item's other organisations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// An organisation's list.
    Org(OrgIx),
    /// A unit's list: its committee (every per-unit org), and the `--org` filter.
    Committee(Option<OrgIx>),
    /// A system's or a day's list (or the `--org` filter).
    Nobody(Option<OrgIx>),
}

impl Reader {
    pub(crate) fn reads(self, plan: &Plan, o: OrgIx) -> bool {
        match self {
            Reader::Org(r) => r == o,
            Reader::Committee(f) => plan.org(o).per_unit || f == Some(o),
            Reader::Nobody(f) => f == Some(o),
        }
    }
}

/// One thing to do: a task, one unit's instance of it, or a unit task folded
/// over every unit. Small and plain (no strings): names, steps and
/// predecessors are read from the plan when an item is printed, so a
/// checklist of a million items costs a few dozen bytes each.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Item {
    pub task: TaskIx,
    /// The unit of this instance (a unit task in a unit's list).
    pub unit: Option<UnitIx>,
    /// A unit task shown once for all its units.
    pub units: Option<u32>,
    pub due: Option<Instant>,
    /// The role of the group's organisation (or the unit's committee).
    pub role: Option<Role>,
    pub reader: Reader,
    /// Early start from the schedule, when there is one.
    pub early_start: Option<Instant>,
    /// From the status log, when there is one.
    pub state: Option<ItemState>,
}

/// Where an item stands on the night (a folded unit task: over its units).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemState {
    /// Instances done, of `total`.
    pub done: u32,
    pub total: u32,
    pub blocked: u32,
    /// Not all done and the due has passed.
    pub overdue: bool,
}

impl ItemState {
    pub fn is_done(&self) -> bool {
        self.done == self.total
    }
}

/// The status log applied, and the instant it is read at.
pub type Night<'a> = (&'a crate::status::Progress, Instant);

impl Item {
    fn names(&self, plan: &Plan, orgs: &[OrgIx], lang: Lang) -> Vec<String> {
        orgs.iter().filter(|o| !self.reader.reads(plan, **o)).map(|o| org_display(plan, *o, self.unit, lang)).collect()
    }

    /// The leading organisations other than the reader.
    pub fn lead(&self, plan: &Plan, lang: Lang) -> Vec<String> {
        self.names(plan, &plan.task(self.task).lead, lang)
    }

    /// The supporting organisations other than the reader.
    pub fn support(&self, plan: &Plan, lang: Lang) -> Vec<String> {
        self.names(plan, &plan.task(self.task).support, lang)
    }

    /// The task's steps with the unit's facts filled in, then what a gate
    /// or a backout step adds ([`extra_lines`]).
    pub fn steps(&self, plan: &Plan, lang: Lang) -> Vec<String> {
        let mut out: Vec<String> = plan.task(self.task).steps().iter().map(|s| fill(plan, s, self.unit, lang)).collect();
        out.extend(extra_lines(plan, self.task, lang));
        out
    }

    /// What must be finished first: the predecessor tasks' ids.
    pub fn after<'p>(&self, plan: &'p Plan) -> impl Iterator<Item = &'p str> {
        plan.task(self.task).after.iter().map(move |d| plan.task(d.task).id.as_str())
    }
}

/// The lines to tick that a task's kind adds to its steps: a gate's
/// criteria and its decision (who decides, how many must say go); a backout
/// step's condition (only if the cutover of what it undoes is backed out).
pub fn extra_lines(plan: &Plan, task: TaskIx, lang: Lang) -> Vec<String> {
    let t = plan.task(task);
    let locale = lang;
    let mut out = Vec::new();
    if let Some(g) = t.gate() {
        for c in &g.criteria {
            out.push(crate::t!("checklist.extra.criterion", locale = locale, criterion = c).into_owned());
        }
        let who: Vec<String> = g.approvers.iter().map(|&o| org_display(plan, o, None, lang)).collect();
        let quorum = match g.quorum {
            None => crate::t!("checklist.extra.quorum-all", locale = locale),
            Some(q) => crate::t!("checklist.extra.quorum", locale = locale, quorum = q, approvers = g.approvers.len()),
        };
        out.push(crate::t!("checklist.extra.decision", locale = locale, who = who.join(", "), quorum = quorum).into_owned());
    }
    if t.is_backout() {
        let undone: Vec<&str> = t.undoes().iter().map(|&u| plan.task(u).id.as_str()).collect();
        out.push(crate::t!("checklist.extra.backout-only", locale = locale, tasks = undone.join(", ")).into_owned());
    }
    out
}

/// A group: an org's, a unit's, a system's or a day's list.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// A stable key: the org, unit or system id, or the ISO day.
    pub key: String,
    pub title: String,
    /// Facts shown under the title (a unit's domain, the former units it takes over).
    pub facts: Vec<String>,
    pub items: Vec<Item>,
}

/// Builds the groups of a checklist.
pub fn build(plan: &Plan, schedule: Option<(&crate::graph::InstanceGraph, &Schedule)>, by: By, f: &Filter, lang: Lang) -> Vec<Group> {
    build_at(plan, schedule, None, by, f, lang)
}

/// Builds the groups with each item's state from the status log at `now`.
pub fn build_at(
    plan: &Plan,
    schedule: Option<(&crate::graph::InstanceGraph, &Schedule)>,
    night: Option<Night>,
    by: By,
    f: &Filter,
    lang: Lang,
) -> Vec<Group> {
    let mut groups = build_groups(plan, schedule, by, f, lang);
    if let (Some((progress, now)), Some((g, _))) = (night, schedule) {
        for grp in &mut groups {
            for it in &mut grp.items {
                let insts: Vec<u32> = match (it.unit, it.units) {
                    (None, Some(n)) => (0..n).map(|k| g.offsets[it.task.ix()] + k).collect(),
                    (u, _) => vec![g.instance(it.task, u)],
                };
                let done = insts.iter().filter(|&&i| progress.is_done(i)).count() as u32;
                let blocked =
                    insts.iter().filter(|&&i| matches!(progress.states[i as usize], crate::status::State::Blocked { .. })).count() as u32;
                let total = insts.len() as u32;
                it.state = Some(ItemState { done, total, blocked, overdue: done < total && it.due.is_some_and(|d| d <= now) });
            }
        }
    }
    groups
}

fn build_groups(plan: &Plan, schedule: Option<(&crate::graph::InstanceGraph, &Schedule)>, by: By, f: &Filter, lang: Lang) -> Vec<Group> {
    let mut groups = Vec::new();
    match by {
        By::Org => {
            for (oi, org) in plan.orgs.iter().enumerate() {
                let o = OrgIx(oi as u32);
                if f.org.is_some_and(|x| x != o) {
                    continue;
                }
                if org.per_unit {
                    // Each unit's own body gets its own list.
                    for (ui, _) in plan.units.iter().enumerate() {
                        let u = UnitIx(ui as u32);
                        if f.unit.is_some_and(|x| x != u) {
                            continue;
                        }
                        let items = items_for(plan, schedule, f, |t| org_role(plan, t, o), Some(u), Reader::Org(o));
                        if !items.is_empty() || f.org == Some(o) {
                            groups.push(unit_group(plan, u, plan.org_name_for(o, Some(u)), items, lang));
                        }
                    }
                } else {
                    let items = items_for(plan, schedule, f, |t| org_role(plan, t, o), f.unit, Reader::Org(o));
                    if !items.is_empty() || f.org == Some(o) {
                        groups.push(Group { key: org.id.clone(), title: org_title(org), facts: Vec::new(), items });
                    }
                }
            }
        }
        By::Unit => {
            for (ui, _) in plan.units.iter().enumerate() {
                let u = UnitIx(ui as u32);
                if f.unit.is_some_and(|x| x != u) {
                    continue;
                }
                let items = items_for(plan, schedule, f, |t| committee_part(plan, t, f.org), Some(u), Reader::Committee(f.org));
                // The list is the unit's own committee's to read: "UBND Phường Cẩm Thành".
                let committee = plan.orgs.iter().position(|o| o.per_unit);
                let name = match committee {
                    Some(o) => plan.org_name_for(OrgIx(o as u32), Some(u)),
                    None => plan.unit(u).name.clone(),
                };
                groups.push(unit_group(plan, u, name, items, lang));
            }
        }
        By::System => {
            let mut keys: Vec<Option<SystemIx>> = (0..plan.systems.len()).map(|i| Some(SystemIx(i as u32))).collect();
            keys.push(None);
            for s in keys {
                if f.system.is_some() && f.system != s {
                    continue;
                }
                let part = |t: TaskIx| -> Option<Option<Role>> {
                    if plan.task(t).system != s {
                        return None;
                    }
                    match f.org {
                        Some(o) => org_role(plan, t, o),
                        None => Some(None),
                    }
                };
                let items = items_for(plan, schedule, f, part, f.unit, Reader::Nobody(f.org));
                if items.is_empty() {
                    continue;
                }
                let (key, title) = match s {
                    Some(s) => (plan.systems[s.ix()].id.clone(), plan.systems[s.ix()].name.clone()),
                    None => ("-".to_string(), crate::t!("checklist.group.no-system", locale = lang).into_owned()),
                };
                groups.push(Group { key, title, facts: Vec::new(), items });
            }
        }
        By::Day => {
            let all = items_for(
                plan,
                schedule,
                f,
                |t| match f.org {
                    Some(o) => org_role(plan, t, o),
                    None => Some(None),
                },
                f.unit,
                Reader::Nobody(f.org),
            );
            let mut days: Vec<(Option<NaiveDate>, Vec<Item>)> = Vec::new();
            for it in all {
                let day = it.due.map(|d| work_day(plan, plan.task(it.task), d));
                match days.iter_mut().find(|(k, _)| *k == day) {
                    Some((_, v)) => v.push(it),
                    None => days.push((day, vec![it])),
                }
            }
            days.sort_by_key(|(d, _)| (d.is_none(), *d));
            for (day, items) in days {
                let (key, title) = match day {
                    Some(d) => (d.format("%Y-%m-%d").to_string(), day_title(d, lang)),
                    None => ("-".to_string(), undated_title(lang).into_owned()),
                };
                groups.push(Group { key, title, facts: Vec::new(), items });
            }
        }
    }
    groups
}

/// The day a due falls in: a due at midnight ends the day before
/// (`24:00 30/6` is on 30/6; `trước ngày 21/6` is on 20/6).
pub fn due_day(due: Instant, tz: &crate::time::PlanTz) -> NaiveDate {
    tz.local(Instant(due.0 - 1)).date()
}

/// The day a due is worked on: [`due_day`], brought back to the last
/// working day of the task's calendar (`trước 30/6`, a Monday, is worked on
/// Friday 27/6 in an office), except for a `ngày D` window or an instant,
/// which happen when they say.
pub fn work_day(plan: &Plan, t: &crate::model::Task, due: Instant) -> NaiveDate {
    use crate::time::TimeKind;
    let tz = plan.tz();
    let fixed = t.when().is_some_and(|d| matches!(d.expr.kind, TimeKind::OnDay | TimeKind::At));
    match plan.calendar_of(t).filter(|c| !c.is_all_hours() && !fixed) {
        Some(c) => match c.prev_working_end(crate::calendar::to_local(tz, due)) {
            Some(l) => crate::calendar::local_datetime(l - 1).date(),
            None => due_day(due, tz),
        },
        None => due_day(due, tz),
    }
}

/// A day's list title: `Thứ Hai, 30/6/2025`, `Monday 2025-06-30`.
pub fn day_title(d: NaiveDate, lang: Lang) -> String {
    use chrono::Weekday;
    let locale = lang;
    let weekday = match d.weekday() {
        Weekday::Mon => crate::t!("checklist.weekday.mon", locale = locale),
        Weekday::Tue => crate::t!("checklist.weekday.tue", locale = locale),
        Weekday::Wed => crate::t!("checklist.weekday.wed", locale = locale),
        Weekday::Thu => crate::t!("checklist.weekday.thu", locale = locale),
        Weekday::Fri => crate::t!("checklist.weekday.fri", locale = locale),
        Weekday::Sat => crate::t!("checklist.weekday.sat", locale = locale),
        Weekday::Sun => crate::t!("checklist.weekday.sun", locale = locale),
    };
    // The date in the form each language writes it.
    let date = match lang {
        Lang::Vi => format!("{}/{}/{}", d.day(), d.month(), d.year()),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    };
    crate::t!("checklist.group.day", locale = locale, weekday = weekday, date = date).into_owned()
}

/// The heading of the items without a deadline.
pub fn undated_title(lang: Lang) -> std::borrow::Cow<'static, str> {
    crate::t!("checklist.group.undated", locale = lang)
}

fn org_title(org: &crate::model::Org) -> String {
    match &org.short {
        Some(s) if s != &org.name => format!("{} ({s})", org.name),
        _ => org.name.clone(),
    }
}

fn unit_group(plan: &Plan, u: UnitIx, title: String, items: Vec<Item>, lang: Lang) -> Group {
    let unit = plan.unit(u);
    let locale = lang;
    let mut facts = Vec::new();
    if let Some(d) = &unit.domain {
        facts.push(crate::t!("checklist.fact.domain", locale = locale, domain = d).into_owned());
    }
    if let Some(c) = &unit.code {
        facts.push(crate::t!("checklist.fact.code", locale = locale, code = c).into_owned());
    }
    if !unit.legacy.is_empty() {
        let names: Vec<String> = unit
            .legacy
            .iter()
            .map(|l| match &l.code {
                Some(c) => format!("{} ({c})", l.name),
                None => l.name.clone(),
            })
            .collect();
        facts.push(crate::t!("checklist.fact.legacy", locale = locale, units = names.join("; ")).into_owned());
    }
    Group { key: unit.id.clone(), title, facts, items }
}

/// The org's role in a task: `Some(Some(role))` when it takes part, `None` when not.
fn org_role(plan: &Plan, t: TaskIx, o: OrgIx) -> Option<Option<Role>> {
    let task = plan.task(t);
    if task.lead.contains(&o) {
        Some(Some(Role::Lead))
    } else if task.support.contains(&o) {
        Some(Some(Role::Support))
    } else if task.gate().is_some_and(|g| g.approvers.contains(&o)) {
        Some(Some(Role::Approver))
    } else {
        None
    }
}

/// In a unit's list: every unit task (its own instance), and the plan tasks
/// where a per-unit org (the unit's committee) takes part. With `org`, only
/// the tasks that org takes part in.
fn committee_part(plan: &Plan, t: TaskIx, org: Option<OrgIx>) -> Option<Option<Role>> {
    let task = plan.task(t);
    if let Some(o) = org {
        return org_role(plan, t, o);
    }
    let role = if task.lead.iter().any(|o| plan.org(*o).per_unit) {
        Some(Role::Lead)
    } else if task.support.iter().any(|o| plan.org(*o).per_unit) {
        Some(Role::Support)
    } else {
        None
    };
    if task.is_unit() || role.is_some() { Some(role) } else { None }
}

/// The items of the tasks `part` selects (returning the role), filtered,
/// sorted by due then id, undated last (backout steps last, in plan order). With a unit, the list is that unit's:
/// its own instance of each unit task, and the plan tasks its committee (a
/// per-unit org) takes part in. Without one, a unit task is one item folded
/// over every unit.
fn items_for(
    plan: &Plan,
    schedule: Option<(&crate::graph::InstanceGraph, &Schedule)>,
    f: &Filter,
    part: impl Fn(TaskIx) -> Option<Option<Role>>,
    unit: Option<UnitIx>,
    reader: Reader,
) -> Vec<Item> {
    let mut out = Vec::new();
    for (ti, task) in plan.tasks.iter().enumerate() {
        let t = TaskIx(ti as u32);
        let Some(role) = part(t) else { continue };
        if (f.system.is_some() && task.system != f.system) || (f.phase.is_some() && task.phase != f.phase) {
            continue;
        }
        if f.org.is_some_and(|o| org_role(plan, t, o).is_none()) {
            continue;
        }
        if task.is_unit() && plan.instance_count(task) == 0 {
            continue;
        }
        // A unit's list holds the tasks that concern it (their `groups`).
        if unit.is_some_and(|u| !plan.applies_to(task, u)) {
            continue;
        }
        if unit.is_some() && !task.is_unit() && !task.lead.iter().chain(&task.support).any(|o| plan.org(*o).per_unit) {
            continue;
        }
        let inst_unit = if task.is_unit() { unit } else { None };
        // A deadline counted from an event, as the schedule resolves it.
        let due = match (task.due_after(), schedule) {
            (Some(_), Some((g, s))) => s.due_of(plan, task, g.instance(t, inst_unit)),
            _ => plan.due(task),
        };
        if f.from.is_some() || f.to.is_some() {
            let Some(d) = due else { continue };
            if f.from.is_some_and(|from| d <= from) || f.to.is_some_and(|to| d > to) {
                continue;
            }
        }
        let early_start = schedule.map(|(g, s)| s.early_start(g.instance(t, inst_unit)));
        out.push(Item {
            task: t,
            unit: inst_unit,
            units: (task.is_unit() && inst_unit.is_none()).then_some(plan.instance_count(task) as u32),
            due,
            role,
            reader,
            early_start,
            state: None,
        });
    }
    // Undated last; of those, backout steps last of all, in the plan's order
    // (a backout is read as a sequence, not alphabetically).
    let key = |i: &Item| {
        let t = plan.task(i.task);
        let backout = t.is_backout();
        (i.due.is_none(), i.due, backout, if backout { "" } else { t.id.as_str() }, i.task.0)
    };
    out.sort_by(|a, b| key(a).cmp(&key(b)));
    out
}

/// An org's name as a list shows it: the unit's own body for a per-unit org
/// on an instance; otherwise its short name.
pub fn org_display(plan: &Plan, o: OrgIx, unit: Option<UnitIx>, lang: Lang) -> String {
    let org = plan.org(o);
    match unit {
        Some(_) if org.per_unit => plan.org_name_for(o, unit),
        _ if org.per_unit => crate::t!("checklist.each-unit", locale = lang, org = org.short.as_deref().unwrap_or(&org.name)).into_owned(),
        _ => org.short.clone().unwrap_or_else(|| org.name.clone()),
    }
}

/// Fills the placeholders `{unit.id}`, `{unit.name}`, `{unit.domain}`,
/// `{unit.code}` of a step with one unit's facts; without a unit, with words
/// that say whose they are.
pub fn fill(plan: &Plan, text: &str, unit: Option<UnitIx>, lang: Lang) -> String {
    if !text.contains("{unit.") {
        return text.to_string();
    }
    let mut out = text.to_string();
    for field in crate::model::UNIT_PLACEHOLDERS {
        let ph = format!("{{unit.{field}}}");
        if !out.contains(&ph) {
            continue;
        }
        let value = match unit.map(|u| plan.unit(u)) {
            Some(u) => match *field {
                "id" => Some(u.id.clone()),
                "name" => Some(u.name.clone()),
                "domain" => u.domain.clone(),
                "code" => u.code.clone(),
                _ => None,
            },
            None => None,
        };
        let value = value.unwrap_or_else(|| {
            let locale = lang;
            match *field {
                "domain" => crate::t!("checklist.placeholder.domain", locale = locale),
                "name" => crate::t!("checklist.placeholder.name", locale = locale),
                "code" => crate::t!("checklist.placeholder.code", locale = locale),
                _ => crate::t!("checklist.placeholder.id", locale = locale),
            }
            .into_owned()
        });
        out = out.replace(&ph, &value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_titles_roles_and_headings_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        assert_eq!(day_title(d, Lang::Vi), "Thứ Hai, 30/6/2025");
        assert_eq!(day_title(d, Lang::En), "Monday 2025-06-30");
        let sun = NaiveDate::from_ymd_opt(2025, 6, 29).unwrap();
        assert_eq!(day_title(sun, Lang::Vi), "Chủ nhật, 29/6/2025");
        assert_eq!(day_title(sun, Lang::En), "Sunday 2025-06-29");
        assert_eq!(undated_title(Lang::Vi), "Chưa có thời hạn");
        assert_eq!(undated_title(Lang::En), "No deadline");
        assert_eq!(Role::Lead.label(Lang::Vi), "chủ trì");
        assert_eq!(Role::Support.label(Lang::Vi), "phối hợp");
        assert_eq!(Role::Approver.label(Lang::Vi), "phê duyệt");
        assert_eq!(Role::Approver.label(Lang::En), "approver");
        assert_eq!(Role::Support.key(), "support");
    }
}
