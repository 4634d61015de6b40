//! `cutover ics`: the deadlines as an iCalendar file (RFC 5545) that Google
//! Calendar, Outlook and Thunderbird import.
//!
//! One event per task (a unit task once, or one unit's instance with
//! `--unit`): a `ngày D` window is an all-day event on that day; a pinned
//! task (`at`) spans its duration up to its instant (a milestone is a point
//! in time); every other due is an event at its instant, in UTC. A gate's
//! description lists its criteria and who decides. UIDs are stable (`<instance>@<plan
//! id>.cutover`), so a re-import updates events instead of duplicating them;
//! `DTSTAMP` is `--now` (or the clock). A duty that recurs (`repeat`) is one
//! event with an `RRULE` (`FREQ=MONTHLY;COUNT=n`). Text is escaped and lines are folded
//! at 75 octets, never inside a UTF-8 character; lines end with CRLF.

use crate::checklist::org_display;
use crate::model::{OrgIx, Plan, TaskIx, UnitIx};
use crate::text::without_controls;
use crate::time::{Instant, Lang, TimeKind};

/// RFC 5545 TEXT escaping: backslash, semicolon, comma, a line feed as
/// `\n`. Every control character TEXT may not hold (CONTROL: U+0000–U+0008,
/// U+000A–U+001F, U+007F; a carriage return too) is dropped, and so are C1
/// controls and bidi overrides ([`without_controls`]); tab is allowed and
/// kept.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in without_controls(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line: at most 75 octets per physical line, continuation
/// lines start with a space, never splitting a UTF-8 character; CRLF ends.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn utc(at: Instant) -> String {
    chrono::DateTime::from_timestamp(at.0.saturating_mul(60), 0).unwrap_or_default().format("%Y%m%dT%H%M%SZ").to_string()
}

/// The calendar of the plan's deadlines: tasks `org` takes part in (all
/// without it), one unit's instances with `unit`.
/// A deadline counted from an event is placed where `schedule` resolves it.
pub fn calendar(
    plan: &Plan,
    schedule: Option<(&crate::graph::InstanceGraph, &crate::schedule::Schedule)>,
    org: Option<OrgIx>,
    unit: Option<UnitIx>,
    now: Instant,
    lang: Lang,
) -> String {
    let tz = plan.tz();
    let mut out = String::new();
    for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cutover//cutover plan deadlines//VI", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
        out.push_str(&fold(l));
    }
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", escape(&plan.meta.title))));
    out.push_str(&fold(&format!("X-WR-TIMEZONE:{}", tz.name())));
    for (i, t) in plan.tasks.iter().enumerate() {
        if org.is_some_and(|o| !t.involves(o)) {
            continue;
        }
        let inst_unit = if t.is_unit() { unit } else { None };
        let due = match (t.due_after(), schedule) {
            (Some(_), Some((g, s))) => {
                let first =
                    if t.is_unit() && inst_unit.is_none() { Some(g.offsets[i]) } else { g.instance_of(TaskIx(i as u32), inst_unit) };
                first.and_then(|v| s.due_of(plan, t, v))
            }
            _ => t.at.due(),
        };
        let Some(due) = due else { continue };
        let td = t.when();
        if unit.is_some_and(|u| !plan.applies_to(t, u)) {
            continue;
        }
        if unit.is_some() && !t.is_unit() && !t.lead.iter().chain(&t.support).any(|o| plan.org(*o).per_unit) {
            continue;
        }
        // A recurring duty is one event that repeats (its first occurrence,
        // with an RRULE), not one event per month; a day past the 28th,
        // which some months lack, keeps one event per occurrence.
        let recur = t.occurrence().filter(|o| o.day <= 28 && o.count > 1);
        if recur.is_some_and(|o| o.index > 0) {
            continue;
        }
        let id = recur.map_or(t.id.as_str(), |o| o.of.as_str());
        let name = match inst_unit {
            Some(u) => format!("{id}@{}", plan.unit(u).id),
            None => id.to_string(),
        };
        out.push_str(&fold("BEGIN:VEVENT"));
        out.push_str(&fold(&format!("UID:{}@{}.cutover", name, plan.meta.id)));
        out.push_str(&fold(&format!("DTSTAMP:{}", utc(now))));
        if let Some(pin) = t.pin() {
            let at = pin.expr.due(tz);
            out.push_str(&fold(&format!("DTSTART:{}", utc(Instant(at.0 - t.duration)))));
            out.push_str(&fold(&format!("DTEND:{}", utc(at))));
        } else if td.is_some_and(|td| td.expr.kind == TimeKind::OnDay) {
            let day = tz.local(t.at.window().unwrap_or(due)).date();
            out.push_str(&fold(&format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d"))));
            out.push_str(&fold(&format!("DTEND;VALUE=DATE:{}", (day + chrono::Duration::days(1)).format("%Y%m%d"))));
        } else {
            out.push_str(&fold(&format!("DTSTART:{}", utc(due))));
            out.push_str(&fold(&format!("DTEND:{}", utc(due))));
        }
        if let Some(o) = recur {
            out.push_str(&fold(&format!("RRULE:FREQ=MONTHLY;COUNT={}", o.count)));
        }
        let units = if t.is_unit() && inst_unit.is_none() { format!(" (×{})", plan.instance_count(t)) } else { String::new() };
        out.push_str(&fold(&format!("SUMMARY:{}", escape(&format!("{}{units}", t.title)))));
        out.push_str(&fold(&format!("DESCRIPTION:{}", escape(&description(plan, TaskIx(i as u32), inst_unit, lang)))));
        if let Some(s) = t.system {
            out.push_str(&fold(&format!("CATEGORIES:{}", escape(&plan.systems[s.ix()].id))));
        }
        out.push_str(&fold("TRANSP:TRANSPARENT"));
        out.push_str(&fold("END:VEVENT"));
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

fn description(plan: &Plan, t: TaskIx, unit: Option<UnitIx>, lang: Lang) -> String {
    let task = plan.task(t);
    let locale = lang;
    let names = |orgs: &[OrgIx]| orgs.iter().map(|o| org_display(plan, *o, unit, lang)).collect::<Vec<_>>().join(", ");
    let mut lines = vec![match (task.occurrence(), task.when()) {
        // The duty as the document writes it, and the months it covers.
        (Some(o), Some(when)) if o.day <= 28 && o.count > 1 => {
            let (y, m) = o.period.split_once('-').unwrap_or((&o.period, ""));
            // The first month in the form each language writes it: `4/2026`, `2026-04`.
            let first = match lang {
                Lang::Vi => format!("{}/{y}", m.trim_start_matches('0')),
                Lang::En => o.period.to_string(),
            };
            let from = crate::t!("ics.months-from", locale = locale, count = o.count, from = first);
            format!("{}: {} ({from})", o.of, crate::model::unquote(plan.files.text(when.at.value)))
        }
        (_, when) => {
            format!("{}: {}", task.id, when.map(|w| plan.written(w).into_owned()).or_else(|| plan.due_text(task, lang)).unwrap_or_default())
        }
    }];
    lines.push(crate::t!("ics.lead", locale = locale, orgs = names(&task.lead)).into_owned());
    if !task.support.is_empty() {
        lines.push(crate::t!("ics.support", locale = locale, orgs = names(&task.support)).into_owned());
    }
    if let Some((s, clause)) = task.source() {
        let source = format!("{} {clause}", plan.sources[s.ix()].id);
        lines.push(crate::t!("ics.source", locale = locale, source = source).into_owned());
    }
    for step in task.steps() {
        lines.push(format!("- {}", crate::checklist::fill(plan, step, unit, lang)));
    }
    for line in crate::checklist::extra_lines(plan, t, lang) {
        lines.push(format!("- {line}"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_folding() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        let long = format!("SUMMARY:{}", "Cập nhật thông tin ".repeat(10));
        let folded = fold(&long);
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded: String = folded.trim_end_matches("\r\n").split("\r\n ").collect();
        assert_eq!(unfolded, long);
    }

    #[test]
    fn text_holds_no_control_character() {
        let s = escape("a\u{1b}[2J\u{1b}]8;;http://x\u{7}b\u{0}\u{9b}\u{85}\u{7f}c\r\nd\te\u{202e}f");
        assert_eq!(s, "a[2J]8\\;\\;http://xbc\\nd\tef");
        // RFC 5545 CONTROL: %x00-08 / %x0A-1F / %x7F; and C1.
        assert!(!s.chars().any(|c| c != '\t' && c.is_control()), "{s:?}");
        let line = fold(&format!("SUMMARY:{}", escape(&"x\u{1b}\u{9b}, ".repeat(40))));
        assert!(line.bytes().all(|b| (b >= 0x20 && b != 0x7f) || b == b'\r' || b == b'\n'), "{line:?}");
    }
}
