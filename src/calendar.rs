//! Working time: calendars of working days and hours, days off and make-up
//! working days, and arithmetic in working minutes.
//!
//! A [`Calendar`] says when an office works: the periods of a working day
//! (the civil service's 7:30–11:30 and 13:30–17:00), the working days of the
//! week (Monday to Friday), the days off beyond the weekly rest (public
//! holidays, swapped days off) and the make-up working days (a Saturday
//! worked for a swapped day). Vietnam's days off and make-up days of
//! 2025–2026 are built in from `data/vn-holidays-2025-2026.csv`.
//!
//! All arithmetic is on local wall-clock minutes of the plan's zone and is
//! bounded: a calendar that has no working time within [`SEARCH_DAYS`] days
//! of an instant answers `None` instead of searching on.

use crate::time::{Instant, Minutes, PlanTz};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// How far (in days) a search for working time goes before it gives up.
pub const SEARCH_DAYS: i64 = 3 * 366;

/// Minutes in a day.
const DAY: i64 = 1440;

/// The built-in list of days off and make-up working days.
pub const VN_HOLIDAYS: &str = include_str!("../data/vn-holidays-2025-2026.csv");

/// The id of the built-in civil-service calendar.
pub const OFFICE: &str = "hanh-chinh";
/// The id of the built-in around-the-clock calendar.
pub const ALL_HOURS: &str = "24/7";

/// One day of the built-in list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name_vi: String,
    pub name_en: String,
    /// A make-up working day (`make_up_working_day`) rather than a day off.
    pub working: bool,
}

/// The built-in days off and make-up working days, in date order.
pub fn vn_holidays() -> Vec<Holiday> {
    let mut out = Vec::new();
    for line in VN_HOLIDAYS.lines().skip(1) {
        let f = crate::text::csv_fields(line);
        // A day not yet confirmed by the government's notice is not a day off.
        if f.len() < 5 || f[4] == "public_holiday_unconfirmed" {
            continue;
        }
        let Ok(date) = NaiveDate::parse_from_str(&f[0], "%Y-%m-%d") else { continue };
        out.push(Holiday { date, name_vi: f[1].clone(), name_en: f[2].clone(), working: f[4] == "make_up_working_day" });
    }
    out
}

/// A working-time calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    pub id: String,
    pub name: String,
    /// The working periods of a working day, in minutes from local midnight:
    /// sorted, apart, each `start < end <= 1440`.
    pub hours: Vec<(i64, i64)>,
    /// Working days of the week, Monday first.
    pub weekdays: [bool; 7],
    /// Days off beyond the weekly rest, sorted.
    pub off: Vec<NaiveDate>,
    /// Make-up working days (worked although the week rests), sorted.
    pub on: Vec<NaiveDate>,
    /// Observes the public holidays (built in and the plan's `[[holiday]]`).
    pub holidays: bool,
}

impl Calendar {
    /// Every minute of every day: the schedule of a plan without calendars.
    pub fn all_hours(id: &str) -> Calendar {
        Calendar {
            id: id.into(),
            name: "24/7".into(),
            hours: vec![(0, DAY)],
            weekdays: [true; 7],
            off: Vec::new(),
            on: Vec::new(),
            holidays: false,
        }
    }

    /// The civil service's: Monday to Friday, 7:30–11:30 and 13:30–17:00,
    /// with Vietnam's public holidays and make-up days.
    pub fn office(id: &str) -> Calendar {
        let mut c = Calendar {
            id: id.into(),
            name: "Giờ hành chính".into(),
            hours: vec![(7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60)],
            weekdays: [true, true, true, true, true, false, false],
            off: Vec::new(),
            on: Vec::new(),
            holidays: true,
        };
        c.add_days(vn_holidays().iter().map(|h| (h.date, h.working)));
        c
    }

    /// Adds days off (`false`) and make-up working days (`true`); a day
    /// given again takes its last meaning. One sort, whatever the count.
    pub fn add_days(&mut self, days: impl IntoIterator<Item = (NaiveDate, bool)>) {
        let mut all: std::collections::BTreeMap<NaiveDate, bool> =
            self.off.iter().map(|d| (*d, false)).chain(self.on.iter().map(|d| (*d, true))).collect();
        all.extend(days);
        self.off = all.iter().filter(|(_, w)| !**w).map(|(d, _)| *d).collect();
        self.on = all.iter().filter(|(_, w)| **w).map(|(d, _)| *d).collect();
    }

    /// Does every minute count (no day off, no hour off)?
    pub fn is_all_hours(&self) -> bool {
        self.hours == [(0, DAY)] && self.weekdays == [true; 7] && self.off.is_empty()
    }

    /// Working minutes in one working day (450 for the civil service).
    pub fn day_minutes(&self) -> Minutes {
        self.hours.iter().map(|(s, e)| e - s).sum()
    }

    /// Is this local date a working day?
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.hours.is_empty() {
            return false;
        }
        if self.on.binary_search(&d).is_ok() {
            return true;
        }
        self.weekdays[d.weekday().num_days_from_monday() as usize] && self.off.binary_search(&d).is_err()
    }

    /// Why a date is not a working day: `Some(holiday name)` for a listed day
    /// off, `None` for the weekly rest (or a working day).
    pub fn day_off_name<'h>(&self, d: NaiveDate, list: &'h [Holiday]) -> Option<&'h Holiday> {
        if self.off.binary_search(&d).is_err() {
            return None;
        }
        list.iter().find(|h| h.date == d && !h.working)
    }

    fn date(day: i64) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt((day + 719_163).clamp(1, 95_000_000) as i32).unwrap_or_default()
    }

    /// The first working minute at or after local minute `l`.
    pub fn next_working(&self, l: i64) -> Option<i64> {
        let (mut day, m) = (l.div_euclid(DAY), l.rem_euclid(DAY));
        let mut from = m;
        for _ in 0..=SEARCH_DAYS {
            if self.is_working_day(Self::date(day)) {
                for &(s, e) in &self.hours {
                    if from < e {
                        return Some(day * DAY + from.max(s));
                    }
                }
            }
            day += 1;
            from = 0;
        }
        None
    }

    /// The last moment at or before local minute `l` that ends working time
    /// or lies inside it (17:00 Friday for 08:00 on Sunday).
    pub fn prev_working_end(&self, l: i64) -> Option<i64> {
        let (mut day, m) = (l.div_euclid(DAY), l.rem_euclid(DAY));
        let mut to = m;
        for _ in 0..=SEARCH_DAYS {
            if self.is_working_day(Self::date(day)) {
                for &(s, e) in self.hours.iter().rev() {
                    if to > s {
                        return Some(day * DAY + to.min(e));
                    }
                }
            }
            day -= 1;
            to = DAY;
        }
        None
    }

    /// Local minute `l` plus `work` working minutes: where work started at
    /// `l` ends. `work <= 0` goes back ([`Calendar::sub`]).
    pub fn add(&self, l: i64, work: Minutes) -> Option<i64> {
        if work < 0 {
            return self.sub(l, -work);
        }
        if work == 0 {
            return Some(l);
        }
        let mut left = work;
        let mut cur = self.next_working(l)?;
        let week = self.week_minutes();
        loop {
            let (day, m) = (cur.div_euclid(DAY), cur.rem_euclid(DAY));
            // At the start of a working day, whole weeks with no listed day
            // in them hold exactly a week's working time: a long span costs
            // a few steps, not one per day.
            if week > 0 && left > week && self.hours.first().is_some_and(|p| p.0 == m) {
                let k = ((left - 1) / week).min(self.plain_weeks_after(day));
                if k > 0 {
                    cur += k * 7 * DAY;
                    left -= k * week;
                    continue;
                }
            }
            let end = self.hours.iter().find(|(s, e)| *s <= m && m < *e).map_or(m, |p| p.1);
            let avail = end - m;
            if left <= avail {
                return Some(cur + left);
            }
            left -= avail;
            cur = self.next_working(day * DAY + end)?;
        }
    }

    /// Working minutes in a week with no listed day.
    fn week_minutes(&self) -> Minutes {
        self.weekdays.iter().filter(|w| **w).count() as i64 * self.day_minutes()
    }

    fn listed(&self, day: i64) -> bool {
        let d = Self::date(day);
        self.off.binary_search(&d).is_ok() || self.on.binary_search(&d).is_ok()
    }

    /// How many whole weeks from local day `day + 1` on hold no listed day
    /// (day off or make-up day); at most a thousand years' worth.
    fn plain_weeks_after(&self, day: i64) -> i64 {
        let d = Self::date(day);
        let next = [self.off.partition_point(|x| *x <= d), self.on.partition_point(|x| *x <= d)]
            .iter()
            .zip([&self.off, &self.on])
            .filter_map(|(i, list)| list.get(*i).copied())
            .min();
        if self.listed(day) {
            return 0;
        }
        match next {
            Some(n) => (n - d).num_days().saturating_sub(1) / 7,
            None => 52 * 1000,
        }
    }

    /// How many whole weeks before local day `day` hold no listed day.
    fn plain_weeks_before(&self, day: i64) -> i64 {
        let d = Self::date(day);
        if self.listed(day) {
            return 0;
        }
        let prev = [self.off.partition_point(|x| *x < d), self.on.partition_point(|x| *x < d)]
            .iter()
            .zip([&self.off, &self.on])
            .filter_map(|(i, list)| i.checked_sub(1).and_then(|j| list.get(j)).copied())
            .max();
        match prev {
            Some(p) => (d - p).num_days().saturating_sub(1) / 7,
            None => 52 * 1000,
        }
    }

    /// Local minute `l` less `work` working minutes: where work that ends at
    /// `l` must start.
    pub fn sub(&self, l: i64, work: Minutes) -> Option<i64> {
        if work < 0 {
            return self.add(l, -work);
        }
        if work == 0 {
            return Some(l);
        }
        let mut left = work;
        let mut cur = self.prev_working_end(l)?;
        let week = self.week_minutes();
        loop {
            // 24:00 of a day, not 0:00 of the next: the end of its last period.
            let (mut day, mut m) = (cur.div_euclid(DAY), cur.rem_euclid(DAY));
            if m == 0 {
                day -= 1;
                m = DAY;
            }
            // At the end of a working day: whole weeks back, as in `add`.
            if week > 0 && left > week && self.hours.last().is_some_and(|p| p.1 == m) {
                let k = ((left - 1) / week).min(self.plain_weeks_before(day));
                if k > 0 {
                    cur -= k * 7 * DAY;
                    left -= k * week;
                    continue;
                }
            }
            let start = self.hours.iter().find(|(s, e)| *s < m && m <= *e).map_or(m, |p| p.0);
            let avail = m - start;
            if left <= avail {
                return Some(cur - left);
            }
            left -= avail;
            cur = self.prev_working_end(day * DAY + start)?;
        }
    }

    /// Working minutes between local minutes `a` and `b` (0 when `b <= a`);
    /// counts at most [`SEARCH_DAYS`] days.
    pub fn work_between(&self, a: i64, b: i64) -> Minutes {
        if b <= a {
            return 0;
        }
        let mut total = 0;
        let mut day = a.div_euclid(DAY);
        let last = b.div_euclid(DAY).min(day + SEARCH_DAYS);
        while day <= last {
            if self.is_working_day(Self::date(day)) {
                for &(s, e) in &self.hours {
                    let (s, e) = (day * DAY + s, day * DAY + e);
                    total += (e.min(b) - s.max(a)).max(0);
                }
            }
            day += 1;
        }
        total
    }

    /// The periods as people write them: `7:30–11:30, 13:30–17:00`.
    pub fn hours_text(&self) -> String {
        let hm = |m: i64| format!("{}:{:02}", m / 60, m % 60);
        self.hours.iter().map(|(s, e)| format!("{}–{}", hm(*s), hm(*e))).collect::<Vec<_>>().join(", ")
    }
}

/// Local wall-clock minutes of an instant in the plan's zone.
pub fn to_local(tz: &PlanTz, at: Instant) -> i64 {
    at.0.saturating_add(tz.offset_at(at).local_minus_utc() as i64 / 60)
}

/// The instant of local wall-clock minute `l` in the plan's zone.
pub fn from_local(tz: &PlanTz, l: i64) -> Instant {
    match tz {
        PlanTz::Fixed(off) => Instant(l - off.local_minus_utc() as i64 / 60),
        PlanTz::Iana(_) => {
            let secs = l.saturating_mul(60);
            match chrono::DateTime::from_timestamp(secs, 0) {
                Some(dt) => tz.instant(dt.naive_utc()),
                None => Instant(l),
            }
        }
    }
}

/// A local date and time from local minutes.
pub fn local_datetime(l: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(l.saturating_mul(60), 0).unwrap_or_default().naive_utc()
}

/// Reads a period of a day: `7:30-11:30`, `7h30–11h30`, `13:30 - 17:00`, `0:00-24:00`.
pub fn parse_period(text: &str) -> Result<(i64, i64), String> {
    let t = text.trim();
    let (a, b) = t.split_once(['-', '–']).ok_or_else(|| crate::t!("calendar.period", value = t).into_owned())?;
    let hm = |s: &str| -> Option<i64> {
        let s = s.trim();
        let (h, m) = s.split_once([':', 'h']).unwrap_or((s, "0"));
        let m = if m.is_empty() { "0" } else { m };
        let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
        ((0..=24).contains(&h) && (0..60).contains(&m) && h * 60 + m <= DAY).then_some(h * 60 + m)
    };
    match (hm(a), hm(b)) {
        (Some(s), Some(e)) if s < e => Ok((s, e)),
        (Some(_), Some(_)) => Err(crate::t!("calendar.period-order", value = t).into_owned()),
        _ => Err(crate::t!("calendar.period", value = t).into_owned()),
    }
}

/// Reads a day of the week: `T2`…`T7`, `CN`, `thứ 2`, `thứ Hai`, `Chủ nhật`,
/// `mon`…`sun`, `Monday`… Monday is 0.
pub fn parse_weekday(text: &str) -> Option<usize> {
    let t = crate::text::nfc(text.trim()).to_lowercase();
    let t = t.trim_start_matches("thứ").trim();
    let names: [&[&str]; 7] = [
        &["t2", "2", "hai", "mon", "monday"],
        &["t3", "3", "ba", "tue", "tuesday"],
        &["t4", "4", "tư", "tu", "wed", "wednesday"],
        &["t5", "5", "năm", "nam", "thu", "thursday"],
        &["t6", "6", "sáu", "sau", "fri", "friday"],
        &["t7", "7", "bảy", "bay", "sat", "saturday"],
        &["cn", "chủ nhật", "chu nhat", "sun", "sunday"],
    ];
    names.iter().position(|ns| ns.contains(&t))
}

/// The day of the week in English.
pub fn weekday_en(d: NaiveDate) -> &'static str {
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][d.weekday().num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, 0).unwrap().and_utc().timestamp() / 60
    }
    fn show(l: i64) -> String {
        local_datetime(l).format("%a %d/%m/%Y %H:%M").to_string()
    }

    #[test]
    fn three_working_days_from_friday_afternoon() {
        // The example: 3 × 7.5 h from 16:00 Friday 13/6/2025 ends 16:00 Wednesday 18/6.
        let c = Calendar::office(OFFICE);
        let end = c.add(at(2025, 6, 13, 16, 0), 3 * c.day_minutes()).unwrap();
        assert_eq!(show(end), "Wed 18/06/2025 16:00");
        assert_eq!(c.sub(end, 3 * c.day_minutes()), Some(at(2025, 6, 13, 16, 0)));
    }

    #[test]
    fn over_a_weekend_and_lunch() {
        let c = Calendar::office(OFFICE);
        // 2 h from 10:30 Friday: 1 h before lunch, 1 h after → 14:30.
        assert_eq!(show(c.add(at(2025, 6, 13, 10, 30), 120).unwrap()), "Fri 13/06/2025 14:30");
        // 1 h from 16:30 Friday: 30 min, then Monday 7:30 + 30 → 8:00.
        assert_eq!(show(c.add(at(2025, 6, 13, 16, 30), 60).unwrap()), "Mon 16/06/2025 08:00");
        // Saturday 09:00 starts on Monday.
        assert_eq!(show(c.next_working(at(2025, 6, 14, 9, 0)).unwrap()), "Mon 16/06/2025 07:30");
        // Before 00:00 Sunday 15/6: in practice 17:00 Friday 13/6.
        assert_eq!(show(c.prev_working_end(at(2025, 6, 15, 0, 0)).unwrap()), "Fri 13/06/2025 17:00");
        assert_eq!(c.work_between(at(2025, 6, 13, 16, 0), at(2025, 6, 16, 8, 0)), 90);
    }

    #[test]
    fn over_tet_and_national_day_and_a_make_up_saturday() {
        let c = Calendar::office(OFFICE);
        // Tết Ất Tỵ: off Mon 27/1 – Sun 2/2/2025; 1 working day from 17:00 Fri 24/1 ends 17:00 Mon 3/2.
        assert_eq!(show(c.add(at(2025, 1, 24, 17, 0), c.day_minutes()).unwrap()), "Mon 03/02/2025 17:00");
        // 2/9/2025 (and 1/9): a task of 1 working day from 17:00 Fri 29/8 ends 17:00 Wed 3/9.
        assert_eq!(show(c.add(at(2025, 8, 29, 17, 0), c.day_minutes()).unwrap()), "Wed 03/09/2025 17:00");
        // Saturday 26/4/2025 is a make-up working day; Friday 2/5 is off.
        assert!(c.is_working_day(NaiveDate::from_ymd_opt(2025, 4, 26).unwrap()));
        assert!(!c.is_working_day(NaiveDate::from_ymd_opt(2025, 5, 2).unwrap()));
        assert_eq!(show(c.next_working(at(2025, 4, 26, 0, 0)).unwrap()), "Sat 26/04/2025 07:30");
        // Backward over the 30/4–4/5 break: 1 working day ending 7:30 Mon 5/5 starts 7:30 Tue 29/4.
        assert_eq!(show(c.sub(at(2025, 5, 5, 7, 30), c.day_minutes()).unwrap()), "Tue 29/04/2025 07:30");
    }

    #[test]
    fn all_hours_is_plain_arithmetic() {
        let c = Calendar::all_hours(ALL_HOURS);
        assert!(c.is_all_hours());
        let l = at(2025, 6, 14, 3, 7);
        assert_eq!(c.add(l, 12345), Some(l + 12345));
        assert_eq!(c.sub(l, 777), Some(l - 777));
        assert_eq!(c.next_working(l), Some(l));
        assert_eq!(c.prev_working_end(l), Some(l));
        assert_eq!(c.work_between(l, l + 999), 999);
    }

    #[test]
    fn long_spans_jump_whole_weeks_and_agree_with_steps() {
        let c = Calendar::office(OFFICE);
        // Day by day: 1 working day at a time.
        let step = |from: i64, days: i64| (0..days).try_fold(from, |at, _| c.add(at, c.day_minutes()));
        for (start, days) in [(at(2024, 12, 2, 7, 30), 40), (at(2025, 1, 20, 9, 0), 300), (at(2026, 11, 2, 7, 30), 30)] {
            let whole = c.add(start, days * c.day_minutes()).unwrap();
            assert_eq!(Some(whole), step(start, days), "from {}", show(start));
            assert_eq!(c.sub(whole, days * c.day_minutes()), Some(start));
        }
        // A hundred years of working days, forward and back: whole weeks
        // past the listed days (the speed is for bench/, not a test).
        let far = c.add(at(2025, 6, 2, 7, 30), 26_000 * c.day_minutes()).unwrap();
        assert_eq!(c.sub(far, 26_000 * c.day_minutes()), Some(at(2025, 6, 2, 7, 30)));
    }

    #[test]
    fn no_working_time_is_none_not_a_hang() {
        let mut c = Calendar::office("x");
        c.weekdays = [false; 7];
        c.on.clear();
        assert_eq!(c.next_working(at(2025, 6, 1, 0, 0)), None);
        assert_eq!(c.add(at(2025, 6, 1, 0, 0), 60), None);
        assert_eq!(c.sub(at(2025, 6, 1, 0, 0), 60), None);
    }

    #[test]
    fn periods_and_weekdays() {
        assert_eq!(parse_period("7:30-11:30"), Ok((450, 690)));
        assert_eq!(parse_period("13h30 – 17h"), Ok((810, 1020)));
        assert_eq!(parse_period("0:00-24:00"), Ok((0, 1440)));
        assert!(parse_period("17:00-7:00").is_err());
        assert_eq!(parse_weekday("T2"), Some(0));
        assert_eq!(parse_weekday("Chủ nhật"), Some(6));
        assert_eq!(parse_weekday("thứ Bảy"), Some(5));
        assert_eq!(parse_weekday("fri"), Some(4));
        assert_eq!(
            vn_holidays().iter().filter(|h| h.working).map(|h| h.date.to_string()).collect::<Vec<_>>(),
            ["2025-04-26", "2026-01-10", "2026-08-22"]
        );
    }
}
