//! Time expressions, durations and instants.
//!
//! A plan writes its deadlines the way the source documents do:
//! `trước ngày 21/6/2025`, `ngày 25/6/2025`, `24 giờ 00 ngày 30/6/2025`,
//! `tháng 7/2025`, `quý II/2026`, or their ISO forms. [`TimeExpr::parse`]
//! reads every form of the table in `docs/plan-format.md`; an impossible date,
//! hour or month is an error, never a roll-over.
//!
//! Instants are whole minutes since the Unix epoch in UTC ([`Instant`]); a
//! [`PlanTz`] turns local wall-clock times of the plan into instants and back.

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// Minutes since 1970-01-01 00:00 UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(pub i64);

/// A signed length of time in minutes.
pub type Minutes = i64;

/// The longest duration or lag a plan may write: 100 years. Anything longer
/// is a typo, and keeping every value this small means sums over a million
/// tasks cannot overflow.
pub const MAX_DURATION_MINUTES: Minutes = 100 * 366 * 24 * 60;

/// The plan's time zone: an IANA name or a fixed offset.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PlanTz {
    Iana(Zone),
    Fixed(FixedOffset),
}

impl Default for PlanTz {
    fn default() -> Self {
        PlanTz::Iana(Zone::get("Asia/Ho_Chi_Minh").expect("the compiled-in time zone database has Asia/Ho_Chi_Minh"))
    }
}

/// An IANA time zone, from the copy of the time zone database compiled into
/// the binary (`jiff`'s: one block of bytes, each zone read from it the
/// first time a run names it, and kept for the run).
///
/// Why not `chrono-tz`: its tables are pointers, 1 MB of them, which the
/// loader relocates when any command starts (docs/performance.md).
#[derive(Clone, Copy)]
pub struct Zone {
    tz: &'static jiff::tz::TimeZone,
    name: &'static str,
}

impl Zone {
    /// The zone named `name` (as the database writes it, or in other case:
    /// `asia/ho_chi_minh`), when the database has it.
    pub fn get(name: &str) -> Option<Zone> {
        static READ: std::sync::Mutex<Vec<Zone>> = std::sync::Mutex::new(Vec::new());
        let mut read = READ.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(z) = read.iter().find(|z| z.name.eq_ignore_ascii_case(name)) {
            return Some(*z);
        }
        // Names the database holds that are no place (chrono-tz, used
        // before, refused them too).
        if ["Factory", "Etc/Unknown"].iter().any(|n| n.eq_ignore_ascii_case(name)) {
            return None;
        }
        let tz = jiff::tz::db().get(name).ok()?;
        let name: &'static str = Box::leak(tz.iana_name().unwrap_or(name).to_string().into_boxed_str());
        // Kept for the run: a zone is a few kilobytes, and a run reads one.
        let z = Zone { tz: Box::leak(Box::new(tz)), name };
        read.push(z);
        Some(z)
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The offset from UTC at a Unix time, in seconds.
    fn offset_at(&self, secs: i64) -> i32 {
        let secs = secs.clamp(jiff::Timestamp::MIN.as_second(), jiff::Timestamp::MAX.as_second());
        jiff::Timestamp::from_second(secs).map_or(0, |t| self.tz.to_offset(t).seconds())
    }

    /// The offset of a local wall-clock time: the earlier instant where it
    /// happens twice, `None` where it never happens (a gap).
    fn offset_of_local(&self, local: NaiveDateTime) -> Option<i32> {
        let civil = i16::try_from(local.year()).ok().filter(|y| (-9999..=9999).contains(y)).and_then(|y| {
            jiff::civil::DateTime::new(
                y,
                local.month() as i8,
                local.day() as i8,
                local.hour() as i8,
                local.minute() as i8,
                local.second() as i8,
                0,
            )
            .ok()
        });
        let Some(civil) = civil else {
            // Outside the years the database covers: the offset at that end,
            // as `offset_at` gives it (so a local time there reads back).
            return Some(self.offset_at(local.and_utc().timestamp()));
        };
        match self.tz.to_ambiguous_timestamp(civil).offset() {
            jiff::tz::AmbiguousOffset::Unambiguous { offset } | jiff::tz::AmbiguousOffset::Fold { before: offset, .. } => {
                Some(offset.seconds())
            }
            jiff::tz::AmbiguousOffset::Gap { .. } => None,
        }
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl PlanTz {
    /// Reads `Asia/Ho_Chi_Minh`, `UTC`, `+07:00`, `-05:30`.
    pub fn parse(s: &str) -> Result<PlanTz, String> {
        let t = s.trim();
        if let Some(sign) = t.chars().next().filter(|c| *c == '+' || *c == '-') {
            let rest = &t[1..];
            let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
            let digits = |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
            let (h, m) = match (h.parse::<i32>(), m.parse::<i32>()) {
                (Ok(h), Ok(m)) if digits(rest.split(':').next().unwrap_or("")) && (0..=14).contains(&h) && (0..60).contains(&m) => (h, m),
                _ => return Err(crate::t!("time.offset", value = t).into_owned()),
            };
            let secs = (h * 3600 + m * 60) * if sign == '-' { -1 } else { 1 };
            return FixedOffset::east_opt(secs).map(PlanTz::Fixed).ok_or_else(|| crate::t!("time.offset", value = t).into_owned());
        }
        Zone::get(t).map(PlanTz::Iana).ok_or_else(|| crate::t!("time.zone", value = t).into_owned())
    }

    pub fn name(&self) -> String {
        match self {
            PlanTz::Iana(z) => z.name().to_string(),
            PlanTz::Fixed(off) => off.to_string(),
        }
    }

    /// The instant of a local wall-clock time. A time skipped by a daylight
    /// saving change is read as the first valid minute after the gap.
    pub fn instant(&self, local: NaiveDateTime) -> Instant {
        let secs = match self {
            PlanTz::Iana(z) => {
                let mut probe = local;
                loop {
                    if let Some(off) = z.offset_of_local(probe) {
                        break probe.and_utc().timestamp() - off as i64;
                    }
                    // Inside a DST gap: step forward a minute (gaps are at most hours).
                    probe += chrono::Duration::minutes(1);
                }
            }
            PlanTz::Fixed(off) => local.and_utc().timestamp() - off.local_minus_utc() as i64,
        };
        Instant(secs.div_euclid(60))
    }

    /// The offset from UTC in force at an instant, in seconds.
    pub fn offset_at(&self, at: Instant) -> FixedOffset {
        match self {
            PlanTz::Iana(z) => {
                FixedOffset::east_opt(z.offset_at(at.0.saturating_mul(60))).unwrap_or(FixedOffset::east_opt(0).expect("UTC"))
            }
            PlanTz::Fixed(off) => *off,
        }
    }

    /// The local wall-clock time of an instant.
    pub fn local(&self, at: Instant) -> NaiveDateTime {
        let off = self.offset_at(at);
        let secs = at.0.saturating_mul(60).saturating_add(off.local_minus_utc() as i64);
        chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default().naive_utc()
    }

    /// RFC 3339 with the plan's offset, e.g. `2025-07-01T00:00:00+07:00`.
    pub fn rfc3339(&self, at: Instant) -> String {
        let off = self.offset_at(at);
        let local = self.local(at);
        // Written field by field: a checklist of 93,000 items formats as many
        // instants, and a strftime pattern is parsed again for each.
        let (y, mo, d, h, mi, sec) = (local.year(), local.month(), local.day(), local.hour(), local.minute(), local.second());
        let date = if (0..=9999).contains(&y) { format!("{y:04}") } else { format!("{y:+05}") };
        format!("{date}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}{}", fmt_offset(off))
    }
}

fn fmt_offset(off: FixedOffset) -> String {
    let s = off.local_minus_utc();
    if s == 0 {
        return "Z".into();
    }
    let sign = if s < 0 { '-' } else { '+' };
    let a = s.abs();
    format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
}

/// Which row of the time-expression table a text matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeKind {
    /// `2025-06-21`, `21/6/2025`: by the end of that day.
    Day,
    /// `ngày 21/6/2025`, `on 2025-06-21`: on that day (a one-day window).
    OnDay,
    /// `trước ngày 21/6/2025`: before that day begins.
    Before,
    /// `24:00 30/6/2025`, `14h30 ngày 25/6/2025`, RFC 3339: that instant.
    At,
    /// `tháng 7/2025`, `2025-07`: by the end of that month.
    Month,
    /// `quý II/2026`, `Q2 2026`: by the end of that quarter.
    Quarter,
}

/// A point in time before the plan's zone is applied.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Point {
    Local(NaiveDateTime),
    Absolute(Instant),
}

/// A parsed time expression. `start` is its reading as `not_before`, `end`
/// its reading as `due`.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeExpr {
    pub kind: TimeKind,
    start: Point,
    end: Point,
    /// For [`TimeKind::At`] written as 24:00: the day it ends (for display).
    end_of_day: Option<NaiveDate>,
    /// One occurrence of a recurring deadline (`trước ngày 20 hằng tháng`),
    /// generated rather than written.
    pub occurrence: bool,
}

/// Why a text is not a time expression.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TimeError {
    pub message: String,
}

fn err<T>(message: impl Into<String>) -> Result<T, TimeError> {
    Err(TimeError { message: message.into() })
}

const MONTH_NAMES: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// Days in month `m` (1–12) of year `y` of the Gregorian calendar (a test
/// holds it to chrono's for every month of years 1–9999).
fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Builds a date, saying exactly what is impossible about it.
pub fn make_date(y: i64, m: i64, d: i64) -> Result<NaiveDate, TimeError> {
    if !(1..=9999).contains(&y) {
        return err(crate::t!("time.year", year = y));
    }
    if !(1..=12).contains(&m) {
        return err(crate::t!("time.month", month = m));
    }
    let (y, m) = (y as i32, m as u32);
    let dim = days_in_month(y, m);
    if d < 1 || d > dim as i64 {
        // The month as the language names it: `February`, `tháng 2`.
        let month = match crate::i18n::current() {
            Lang::En => std::borrow::Cow::Borrowed(MONTH_NAMES[m as usize - 1]),
            Lang::Vi => std::borrow::Cow::Owned(format!("tháng {m}")),
        };
        return err(crate::t!("time.day", day = d, month = month, year = y, days = dim));
    }
    NaiveDate::from_ymd_opt(y, m, d as u32)
        .ok_or_else(|| TimeError { message: crate::t!("time.not-a-date", date = format!("{d}/{m}/{y}")).into_owned() })
}

/// A time of day; `24:00` is the end of the day and nothing later.
fn make_time(h: i64, m: i64) -> Result<(NaiveTime, bool), TimeError> {
    if !(0..=24).contains(&h) {
        return err(crate::t!("time.hour", hour = h));
    }
    if !(0..=59).contains(&m) {
        return err(crate::t!("time.minute", minute = m));
    }
    if h == 24 {
        if m != 0 {
            return err(crate::t!("time.past-midnight", time = format!("24:{m:02}")));
        }
        return Ok((NaiveTime::MIN, true));
    }
    Ok((NaiveTime::from_hms_opt(h as u32, m as u32, 0).unwrap_or(NaiveTime::MIN), false))
}

fn next_day(d: NaiveDate) -> Result<NaiveDate, TimeError> {
    d.succ_opt().ok_or_else(|| TimeError { message: crate::t!("time.day-after").into_owned() })
}

fn first_of_next_month(y: i32, m: u32) -> Result<NaiveDate, TimeError> {
    let (ny, nm) = if m == 12 { (y as i64 + 1, 1) } else { (y as i64, m as i64 + 1) };
    make_date(ny, nm, 1).or_else(|_| err(crate::t!("time.month-end")))
}

/// A tiny cursor over the normalised text.
struct Cur<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cur<'a> {
    fn new(s: &'a str) -> Self {
        Cur { s, pos: 0 }
    }
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }
    fn done(&self) -> bool {
        self.pos >= self.s.len()
    }
    fn ws(&mut self) -> bool {
        let before = self.pos;
        while self.rest().starts_with(' ') {
            self.pos += 1;
        }
        self.pos > before
    }
    /// Eats `word` when it stands as a whole word (followed by a non-letter).
    fn word(&mut self, word: &str) -> bool {
        let r = self.rest();
        if let Some(after) = r.strip_prefix(word) {
            if after.chars().next().is_none_or(|c| !c.is_alphabetic()) {
                self.pos += word.len();
                return true;
            }
        }
        false
    }
    fn lit(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }
    /// Up to `max` ASCII digits; None if there are none or more than `max`.
    fn num(&mut self, max: usize) -> Option<i64> {
        let r = self.rest();
        let n = r.bytes().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 || n > max {
            return None;
        }
        self.pos += n;
        r[..n].parse().ok()
    }
    fn save(&self) -> usize {
        self.pos
    }
    fn restore(&mut self, p: usize) {
        self.pos = p;
    }
}

/// Normalises for matching: NFC, lowercase, one space between words, no
/// trailing period. Plain lowercase ASCII (the ISO forms) is borrowed as is.
fn normalise(s: &str) -> std::borrow::Cow<'_, str> {
    let b = s.as_bytes();
    let plain = !b.is_empty()
        && b.iter().all(|&c| c.is_ascii() && !c.is_ascii_uppercase() && c != b'\t' && c != b'\n' && c != b'\r')
        && b[0] != b' '
        && !matches!(b[b.len() - 1], b' ' | b'.' | b';')
        && !s.contains("  ");
    if plain {
        return std::borrow::Cow::Borrowed(s);
    }
    // ASCII is already NFC, and lowercases byte by byte (`2025-06-21T09:00`).
    let lower: String = if s.is_ascii() { s.to_ascii_lowercase() } else { s.nfc().collect::<String>().to_lowercase() };
    let mut out = String::with_capacity(lower.len());
    for w in lower.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    while out.ends_with('.') || out.ends_with(';') {
        out.pop();
    }
    std::borrow::Cow::Owned(out)
}

/// Parses `D/M/YYYY`, `D-M-YYYY`, `D tháng M năm YYYY` or `YYYY-MM-DD` at the cursor.
fn date(c: &mut Cur) -> Option<Result<NaiveDate, TimeError>> {
    let p = c.save();
    // ISO: YYYY-MM-DD
    if let Some(y) = c.num(4).filter(|_| c.s[p..c.pos].len() == 4) {
        if c.lit("-") {
            if let Some(m) = c.num(2) {
                if c.lit("-") {
                    if let Some(d) = c.num(2) {
                        return Some(make_date(y, m, d));
                    }
                }
            }
        }
    }
    c.restore(p);
    let d = c.num(2)?;
    let q = c.save();
    if c.lit("/") || c.lit(".") || c.lit("-") {
        let m = c.num(2)?;
        if !(c.lit("/") || c.lit(".") || c.lit("-")) {
            c.restore(p);
            return None;
        }
        let y = c.num(4)?;
        return Some(make_date(y, m, d));
    }
    c.restore(q);
    // D tháng M năm YYYY
    c.ws();
    if c.word("tháng") {
        c.ws();
        let m = c.num(2)?;
        c.ws();
        if !(c.word("năm") || c.lit("/")) {
            c.restore(p);
            return None;
        }
        c.ws();
        let y = c.num(4)?;
        return Some(make_date(y, m, d));
    }
    c.restore(p);
    None
}

/// Parses a time of day: `24:00`, `14h30`, `14h`, `14 giờ 30`, `14 giờ 30 phút`, `14g30`.
fn clock(c: &mut Cur) -> Option<Result<(NaiveTime, bool), TimeError>> {
    let p = c.save();
    let h = c.num(2)?;
    if c.lit(":") {
        let Some(m) = c.num(2) else {
            c.restore(p);
            return None;
        };
        // Optional seconds.
        let q = c.save();
        if c.lit(":") && c.num(2).is_none() {
            c.restore(q);
        }
        return Some(make_time(h, m));
    }
    let had_space = c.ws();
    if c.lit("giờ") || (!had_space && (c.lit("h") || c.lit("g"))) {
        let q = c.save();
        c.ws();
        let m = match c.num(2) {
            Some(m) => {
                let r = c.save();
                c.ws();
                if !c.word("phút") {
                    c.restore(r);
                }
                m
            }
            None => {
                c.restore(q);
                0
            }
        };
        return Some(make_time(h, m));
    }
    c.restore(p);
    None
}

fn roman_or_digit(c: &mut Cur) -> Option<i64> {
    for (w, n) in [("iv", 4), ("iii", 3), ("ii", 2), ("i", 1)] {
        if c.rest().starts_with(w) && c.rest()[w.len()..].chars().next().is_none_or(|ch| !ch.is_alphabetic()) {
            c.pos += w.len();
            return Some(n);
        }
    }
    c.num(2)
}

fn quarter(y: i64, q: i64) -> Result<TimeExpr, TimeError> {
    if !(1..=4).contains(&q) {
        return err(crate::t!("time.quarter", quarter = q));
    }
    let first = make_date(y, (q - 1) * 3 + 1, 1)?;
    let end = first_of_next_month(first.year(), (q * 3) as u32)?;
    Ok(TimeExpr::local(TimeKind::Quarter, first.and_time(NaiveTime::MIN), end.and_time(NaiveTime::MIN)))
}

fn month(y: i64, m: i64) -> Result<TimeExpr, TimeError> {
    let first = make_date(y, m, 1)?;
    let end = first_of_next_month(first.year(), first.month())?;
    Ok(TimeExpr::local(TimeKind::Month, first.and_time(NaiveTime::MIN), end.and_time(NaiveTime::MIN)))
}

impl TimeExpr {
    fn local(kind: TimeKind, start: NaiveDateTime, end: NaiveDateTime) -> TimeExpr {
        TimeExpr { kind, start: Point::Local(start), end: Point::Local(end), end_of_day: None, occurrence: false }
    }

    fn day(kind: TimeKind, d: NaiveDate) -> Result<TimeExpr, TimeError> {
        let start = d.and_time(NaiveTime::MIN);
        let end = next_day(d)?.and_time(NaiveTime::MIN);
        Ok(match kind {
            TimeKind::Before => TimeExpr::local(kind, start, start),
            _ => TimeExpr::local(kind, start, end),
        })
    }

    fn at(d: NaiveDate, (t, is24): (NaiveTime, bool)) -> Result<TimeExpr, TimeError> {
        let when = if is24 { next_day(d)?.and_time(NaiveTime::MIN) } else { d.and_time(t) };
        let mut e = TimeExpr::local(TimeKind::At, when, when);
        if is24 {
            e.end_of_day = Some(d);
        }
        Ok(e)
    }

    /// Reads one time expression, in any form of the table.
    pub fn parse(text: &str) -> Result<TimeExpr, TimeError> {
        // The ISO forms generated plans write by the million (`2025-06-21`,
        // `2025-06-21T09:00`): read without the general reader's tries.
        if let Some(r) = Self::parse_iso(text.as_bytes()) {
            return r;
        }
        Self::parse_general(text)
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` exactly, as the general reader
    /// reads them (the same values and the same errors: a test compares
    /// both); `None` for any other text.
    fn parse_iso(b: &[u8]) -> Option<Result<TimeExpr, TimeError>> {
        let digits = |r: std::ops::Range<usize>| -> Option<i64> {
            b[r].iter().try_fold(0i64, |n, &c| c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0')))
        };
        if !(b.len() == 10 || (b.len() == 16 && matches!(b[10], b'T' | b't') && b[13] == b':')) || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let time = if b.len() == 16 { Some((digits(11..13)?, digits(14..16)?)) } else { None };
        let day = match make_date(y, m, d) {
            Ok(day) => day,
            Err(e) => return Some(Err(e)),
        };
        Some(match time {
            None => TimeExpr::day(TimeKind::Day, day),
            Some((h, min)) => make_time(h, min).and_then(|t| TimeExpr::at(day, t)),
        })
    }

    /// Every form of the table, after normalising the text.
    fn parse_general(text: &str) -> Result<TimeExpr, TimeError> {
        let n = normalise(text);
        if n.is_empty() {
            return err(crate::t!("time.empty"));
        }
        let mut c = Cur::new(&n);
        // Leading words the documents put before a deadline.
        for prefix in ["thời gian thực hiện hoàn thành", "thời gian thực hiện", "thời gian hoàn thành", "hoàn thành", "thời hạn", "hạn"]
        {
            let p = c.save();
            if c.word(prefix) {
                c.ws();
                c.lit(":");
                c.ws();
                break;
            }
            c.restore(p);
        }
        let r = Self::parse_body(&mut c);
        match r {
            Some(Ok(e)) => {
                c.ws();
                if c.done() { Ok(e) } else { err(crate::t!("time.trailing", rest = c.rest())) }
            }
            Some(Err(e)) => Err(e),
            None => err(crate::t!("time.not-an-expression", value = text.trim())),
        }
    }

    fn parse_body(c: &mut Cur) -> Option<Result<TimeExpr, TimeError>> {
        let p = c.save();
        // quý II/2026, quý 2/2026, quý II năm 2026, q2 2026, q2/2026
        if c.word("quý") || (c.lit("q") && c.rest().starts_with(|ch: char| ch.is_ascii_digit())) {
            c.ws();
            let q = roman_or_digit(c)?;
            c.ws();
            // The year may follow `/`, `-`, `năm` or a space.
            let _ = c.lit("/") || c.word("năm") || c.lit("-");
            c.ws();
            let y = c.num(4)?;
            return Some(quarter(y, q));
        }
        c.restore(p);
        // tháng 7/2025, tháng 7 năm 2025, tháng 07-2025
        if c.word("tháng") {
            c.ws();
            let m = c.num(2)?;
            c.ws();
            if !(c.lit("/") || c.word("năm") || c.lit("-")) {
                return None;
            }
            c.ws();
            let y = c.num(4)?;
            return Some(month(y, m));
        }
        // trước ngày D, trước D, before D
        if c.word("trước") || c.word("before") {
            c.ws();
            if c.word("ngày") {
                c.ws();
            }
            return Some(date(c)?.and_then(|d| TimeExpr::day(TimeKind::Before, d)));
        }
        // ngày D, on D; "vào ngày D"
        if c.word("vào") {
            c.ws();
        }
        if c.word("ngày") || c.word("on") {
            c.ws();
            return Some(date(c)?.and_then(|d| TimeExpr::day(TimeKind::OnDay, d)));
        }
        c.restore(p);
        // HH:MM D, 24 giờ 00 ngày D, 14h30 ngày D
        if let Some(t) = clock(c) {
            let t = match t {
                Ok(t) => t,
                Err(e) => return Some(Err(e)),
            };
            c.ws();
            if c.word("ngày") {
                c.ws();
            }
            let q = c.save();
            if let Some(d) = date(c) {
                return Some(d.and_then(|d| TimeExpr::at(d, t)));
            }
            c.restore(q);
            return None;
        }
        c.restore(p);
        // Q 2026-Q2
        let y_start = c.save();
        if let Some(y) = c.num(4) {
            if c.lit("-q") || c.lit("q") {
                let q = c.num(1)?;
                return Some(quarter(y, q));
            }
            // 2025-07 (month) — but not 2025-07-01.
            let q = c.save();
            if c.lit("-") {
                if let Some(m) = c.num(2) {
                    if c.done() {
                        return Some(month(y, m));
                    }
                }
            }
            c.restore(q);
        }
        c.restore(y_start);
        // A date, alone or followed by a time (ISO or "D/M/YYYY HH:MM").
        let d = match date(c)? {
            Ok(d) => d,
            Err(e) => return Some(Err(e)),
        };
        if c.done() {
            return Some(TimeExpr::day(TimeKind::Day, d));
        }
        if !(c.lit("t") || c.ws()) {
            return None;
        }
        let t = match clock(c)? {
            Ok(t) => t,
            Err(e) => return Some(Err(e)),
        };
        // Optional fractional seconds, then an optional offset.
        let q = c.save();
        if c.lit(".") && c.num(9).is_none() {
            c.restore(q);
        }
        if c.lit("z") {
            let e = TimeExpr::at(d, t).ok()?;
            return Some(Ok(e.with_offset(0)));
        }
        let sign = if c.lit("+") {
            1
        } else if c.lit("-") {
            -1
        } else {
            return Some(TimeExpr::at(d, t));
        };
        let (Some(oh), true, Some(om)) = (c.num(2), c.lit(":"), c.num(2)) else {
            return Some(err(crate::t!("time.offset-form")));
        };
        if oh > 23 || om > 59 {
            return Some(err(crate::t!("time.offset-range", offset = format!("{oh:02}:{om:02}"))));
        }
        Some(TimeExpr::at(d, t).map(|e| e.with_offset(sign * (oh * 60 + om))))
    }

    /// An explicit offset in minutes east of UTC: the instant no longer
    /// depends on the plan's zone.
    fn with_offset(mut self, minutes: i64) -> TimeExpr {
        if let Point::Local(l) = self.end {
            let at = Instant(l.and_utc().timestamp().div_euclid(60) - minutes);
            self.start = Point::Absolute(at);
            self.end = Point::Absolute(at);
            self.end_of_day = None;
        }
        self
    }

    fn resolve(p: Point, tz: &PlanTz) -> Instant {
        match p {
            Point::Local(l) => tz.instant(l),
            Point::Absolute(a) => a,
        }
    }

    /// The local day it starts on, when it is written in local time.
    pub fn start_date(&self) -> Option<NaiveDate> {
        match self.start {
            Point::Local(l) => Some(l.date()),
            Point::Absolute(_) => None,
        }
    }

    /// The instant this expression means as a `due`: finish no later than.
    pub fn due(&self, tz: &PlanTz) -> Instant {
        Self::resolve(self.end, tz)
    }

    /// The instant this expression means as `not_before`: start no earlier.
    /// `None` for `trước …` (before a day), which cannot be a start.
    pub fn not_before(&self, tz: &PlanTz) -> Option<Instant> {
        match self.kind {
            TimeKind::Before => None,
            _ => Some(Self::resolve(self.start, tz)),
        }
    }

    /// For `ngày D` as a due: the start of the one-day window.
    pub fn window_start(&self, tz: &PlanTz) -> Option<Instant> {
        match self.kind {
            TimeKind::OnDay => Some(Self::resolve(self.start, tz)),
            _ => None,
        }
    }

    /// The expression in a short canonical form of the plan's language:
    /// `trước 21/6/2025`, `ngày 25/6/2025`, `24:00 30/6/2025`, `tháng 7/2025`.
    pub fn display(&self, lang: Lang, tz: &PlanTz) -> String {
        let start = tz.local(Self::resolve(self.start, tz));
        let end = tz.local(Self::resolve(self.end, tz));
        let dmy = |d: NaiveDate| format!("{}/{}/{}", d.day(), d.month(), d.year());
        match (lang, self.kind) {
            (Lang::Vi, TimeKind::Day) => dmy(start.date()),
            (Lang::Vi, TimeKind::OnDay) => format!("ngày {}", dmy(start.date())),
            (Lang::Vi, TimeKind::Before) => format!("trước {}", dmy(start.date())),
            (Lang::Vi, TimeKind::Month) => format!("tháng {}/{}", start.month(), start.year()),
            (Lang::Vi, TimeKind::Quarter) => {
                format!("quý {}/{}", ["I", "II", "III", "IV"][(start.month0() / 3) as usize], start.year())
            }
            (Lang::Vi, TimeKind::At) => match self.end_of_day {
                Some(d) => format!("24:00 {}", dmy(d)),
                None => format!("{:02}:{:02} {}", end.hour(), end.minute(), dmy(end.date())),
            },
            (Lang::En, TimeKind::Day) => format!("by {}", start.format("%Y-%m-%d")),
            (Lang::En, TimeKind::OnDay) => format!("on {}", start.format("%Y-%m-%d")),
            (Lang::En, TimeKind::Before) => format!("before {}", start.format("%Y-%m-%d")),
            (Lang::En, TimeKind::Month) => start.format("%Y-%m").to_string(),
            (Lang::En, TimeKind::Quarter) => format!("Q{} {}", start.month0() / 3 + 1, start.year()),
            (Lang::En, TimeKind::At) => match self.end_of_day {
                Some(d) => format!("{}T24:00", d.format("%Y-%m-%d")),
                None => end.format("%Y-%m-%dT%H:%M").to_string(),
            },
        }
    }
}

/// The language of printed labels and dates (defined with the messages'
/// language, [`crate::i18n`]).
pub use crate::i18n::Lang;

/// How a duration or lag counts time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DurKind {
    /// Calendar (elapsed) time: `8h`, `2d`, `2 ngày`.
    #[default]
    Elapsed,
    /// Working minutes of the task's calendar: `4wh`, `4 giờ làm việc`.
    Work,
    /// Working days, before the calendar is known (the value is a count of
    /// days; resolution turns it into [`DurKind::Work`] minutes).
    WorkDays,
}

/// `+5d 12h`, `-2h`, `0h`.
pub fn signed(m: i64) -> String {
    if m > 0 { format!("+{}", fmt_duration(m)) } else { fmt_duration(m) }
}

/// A computed instant in the plan's zone: `00:00 20/6/2025` (vi) or
/// `2025-06-20T00:00` (en). With `end_of_day`, midnight prints as `24:00` of
/// the day before (for finishes and deadlines).
pub fn fmt_instant(at: Instant, tz: &PlanTz, lang: Lang, end_of_day: bool) -> String {
    let mut local = tz.local(at);
    let mut hm = format!("{:02}:{:02}", local.hour(), local.minute());
    if end_of_day && local.hour() == 0 && local.minute() == 0 {
        local -= chrono::Duration::days(1);
        hm = "24:00".into();
    }
    match lang {
        Lang::Vi => format!("{hm} {}/{}/{}", local.day(), local.month(), local.year()),
        Lang::En => format!("{}T{hm}", local.format("%Y-%m-%d")),
    }
}

/// A computed instant, compact for messages: `20/6 00:00`.
pub fn fmt_short(at: Instant, tz: &PlanTz, lang: Lang) -> String {
    let local = tz.local(at);
    day_month(local.day(), local.month(), lang) + &format!(" {:02}:{:02}", local.hour(), local.minute())
}

/// `30/6` in Vietnamese, `30 Jun` in English (where `30/6` reads as a
/// fraction or as June the 30th only by guessing).
fn day_month(day: u32, month: u32, lang: Lang) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match lang {
        Lang::Vi => format!("{day}/{month}"),
        Lang::En => format!("{day} {}", MONTHS[(month as usize + 11) % 12]),
    }
}

/// A finishing instant, compact: midnight prints as `24:00` of the day
/// before (`30/6 24:00`), the way the documents write the end of a day.
pub fn fmt_short_end(at: Instant, tz: &PlanTz, lang: Lang) -> String {
    let local = tz.local(at);
    if local.hour() == 0 && local.minute() == 0 {
        let d = local - chrono::Duration::days(1);
        return day_month(d.day(), d.month(), lang) + " 24:00";
    }
    fmt_short(at, tz, lang)
}

/// A due's instant in the form that matches how it was written: `trước
/// ngày 20/6` is `20/6 00:00`; every other form ends a day, `22/6 24:00`.
pub fn fmt_due(expr: &TimeExpr, tz: &PlanTz, lang: Lang) -> String {
    fmt_like(expr, expr.due(tz), tz, lang)
}

/// Another instant in the style of a due: `00:00` for a `trước ngày …` due,
/// `24:00` of the day before otherwise.
pub fn fmt_like(expr: &TimeExpr, at: Instant, tz: &PlanTz, lang: Lang) -> String {
    if expr.kind == TimeKind::Before { fmt_short(at, tz, lang) } else { fmt_short_end(at, tz, lang) }
}

/// Reads a duration or lag: `30m`, `4h`, `2d`, `1w`, `1d 6h`, `-2h`, `0h`.
pub fn parse_duration(text: &str) -> Result<Minutes, TimeError> {
    match short_duration(text) {
        Some(m) => Ok(m),
        None => duration_words(text),
    }
}

/// Digits and one letter (`30m`, `4h`, `2d`), as generated plans write
/// every duration and lag, read at once; `None` for any other text (a test
/// holds it to [`duration_words`]).
fn short_duration(text: &str) -> Option<Minutes> {
    let [digits @ .., unit] = text.as_bytes() else { return None };
    let per = match unit {
        b'm' => 1,
        b'h' => 60,
        b'd' => 24 * 60,
        b'w' => 7 * 24 * 60,
        _ => return None,
    };
    if !(1..=12).contains(&digits.len()) || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = decimal(digits);
    n.checked_mul(per).filter(|&m| m <= MAX_DURATION_MINUTES)
}

/// The value of ASCII digits (at most 12 of them: no overflow).
fn decimal(digits: &[u8]) -> i64 {
    digits.iter().fold(0i64, |n, &d| n * 10 + i64::from(d - b'0'))
}

/// [`parse_duration`] of any text: numbers and units apart by spaces.
fn duration_words(text: &str) -> Result<Minutes, TimeError> {
    let t = text.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(t).trim_start()),
    };
    if body.is_empty() {
        return err(crate::t!("time.duration", value = t));
    }
    let mut total: i64 = 0;
    let mut rest = body;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return err(crate::t!("time.duration", value = t));
        }
        if digits > 12 {
            return err(crate::t!("time.too-long", value = t));
        }
        let n = decimal(&rest.as_bytes()[..digits]);
        rest = rest[digits..].trim_start();
        let unit_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
        let unit = &rest[..unit_len];
        let per = match unit {
            "m" | "min" => 1,
            "h" => 60,
            "d" => 24 * 60,
            "w" => 7 * 24 * 60,
            "" => return err(crate::t!("time.no-unit", value = t)),
            other => return err(crate::t!("time.unit", unit = other)),
        };
        total = match n.checked_mul(per).and_then(|v| total.checked_add(v)) {
            Some(v) if v <= MAX_DURATION_MINUTES => v,
            _ => return err(crate::t!("time.too-long", value = t)),
        };
        rest = rest[unit_len..].trim_start();
    }
    Ok(if neg { -total } else { total })
}

/// Reads a duration or lag that may count working time: everything
/// [`parse_duration`] reads (`4h`, `2d`, in calendar time), the same in
/// Vietnamese (`30 phút`, `4 giờ`, `2 ngày`, `1 tuần`), and working time:
/// `4wh` / `4 giờ làm việc` (working hours), `3wd` / `3 ngày làm việc`
/// (working days of the task's calendar; the value returned is then the
/// count of days, [`DurKind::WorkDays`](DurKind)).
pub fn parse_span(text: &str) -> Result<(Minutes, DurKind), TimeError> {
    // Calendar time in the short forms (`4h`, `1d 6h`, `-2h`) is what most
    // plans write, a million times in a generated one: read it without the
    // normalising copy below.
    if let Ok(m) = parse_duration(text) {
        return Ok((m, DurKind::Elapsed));
    }
    let norm: String = text.nfc().collect::<String>().to_lowercase();
    let t = norm.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(t).trim_start()),
    };
    let bad = || err(crate::t!("time.span", value = text.trim()));
    if body.is_empty() {
        return bad();
    }
    // Longest first: "ngày làm việc" before "ngày".
    const UNITS: &[(&str, i64, DurKind)] = &[
        ("ngày làm việc", 1, DurKind::WorkDays),
        ("giờ làm việc", 60, DurKind::Work),
        ("phút làm việc", 1, DurKind::Work),
        ("min", 1, DurKind::Elapsed),
        ("phút", 1, DurKind::Elapsed),
        ("giờ", 60, DurKind::Elapsed),
        ("ngày", 1440, DurKind::Elapsed),
        ("tuần", 7 * 1440, DurKind::Elapsed),
        ("wd", 1, DurKind::WorkDays),
        ("wh", 60, DurKind::Work),
        ("m", 1, DurKind::Elapsed),
        ("h", 60, DurKind::Elapsed),
        ("d", 1440, DurKind::Elapsed),
        ("w", 7 * 1440, DurKind::Elapsed),
    ];
    let mut total: i64 = 0;
    let mut kind: Option<DurKind> = None;
    let mut rest = body;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return bad();
        }
        let n: i64 = match rest[..digits].parse() {
            Ok(n) if digits <= 12 => n,
            _ => return err(crate::t!("time.too-long", value = text.trim())),
        };
        rest = rest[digits..].trim_start();
        let Some(&(unit, per, k)) =
            UNITS.iter().find(|(u, ..)| rest.starts_with(u) && !rest[u.len()..].chars().next().is_some_and(|c| c.is_alphabetic()))
        else {
            return if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
                err(crate::t!("time.span-no-unit", value = text.trim()))
            } else {
                err(crate::t!("time.span-unit", unit = rest.split_whitespace().next().unwrap_or(rest)))
            };
        };
        match kind {
            Some(prev) if prev != k => {
                return err(crate::t!("time.span-mixed", value = text.trim()));
            }
            _ => kind = Some(k),
        }
        total = match n.checked_mul(per).and_then(|v| total.checked_add(v)) {
            Some(v) if v <= MAX_DURATION_MINUTES => v,
            _ => return err(crate::t!("time.too-long", value = text.trim())),
        };
        rest = rest[unit.len()..].trim_start();
    }
    if kind == Some(DurKind::WorkDays) && total > MAX_DURATION_MINUTES / 1440 {
        return err(crate::t!("time.too-long", value = text.trim()));
    }
    Ok((if neg { -total } else { total }, kind.unwrap_or_default()))
}

/// A working-time span for people: `3 ngày làm việc` / `3 working days`, `4 giờ làm việc`.
pub fn fmt_work(m: Minutes, day_minutes: Minutes, lang: Lang) -> String {
    let (days, rest) = if day_minutes > 0 { (m / day_minutes, m % day_minutes) } else { (0, m) };
    let mut parts = Vec::new();
    if days != 0 {
        parts.push(match lang {
            Lang::Vi => format!("{days} ngày làm việc"),
            Lang::En => format!("{days} working day{}", if days.abs() == 1 { "" } else { "s" }),
        });
    }
    if rest != 0 || parts.is_empty() {
        let (h, mi) = (rest / 60, rest.abs() % 60);
        let hm = if mi == 0 { format!("{h}") } else { format!("{h}.{}", mi * 10 / 60) };
        parts.push(match lang {
            Lang::Vi => format!("{hm} giờ làm việc"),
            Lang::En => format!("{hm} working hour{}", if rest == 60 { "" } else { "s" }),
        });
    }
    parts.join(" ")
}

/// A duration for people: `1d 6h`, `30m`, `0h`, `-2h`.
pub fn fmt_duration(m: Minutes) -> String {
    if m == 0 {
        return "0h".into();
    }
    let sign = if m < 0 { "-" } else { "" };
    let a = m.unsigned_abs();
    let (d, h, mi) = (a / 1440, (a % 1440) / 60, a % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d}d"));
    }
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if mi > 0 {
        parts.push(format!("{mi}m"));
    }
    format!("{sign}{}", parts.join(" "))
}

impl fmt::Display for TimeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeKind::Day => "day",
            TimeKind::OnDay => "on-day",
            TimeKind::Before => "before",
            TimeKind::At => "instant",
            TimeKind::Month => "month",
            TimeKind::Quarter => "quarter",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    static TZ: std::sync::LazyLock<PlanTz> = std::sync::LazyLock::new(PlanTz::default);

    /// A zone with daylight saving: a time in the spring gap is read as
    /// the first minute after it, a time in the autumn fold as the earlier
    /// of its two instants; names are found whatever their case.
    #[test]
    fn zones_with_daylight_saving() {
        let london = PlanTz::parse("europe/london").expect("in the database");
        assert_eq!(london.name(), "Europe/London");
        assert!(PlanTz::parse("Europe/Londres").is_err());
        assert!(PlanTz::parse("Factory").is_err() && PlanTz::parse("etc/unknown").is_err());
        assert_eq!(PlanTz::parse("UTC").map(|z| z.name()), Ok("UTC".to_string()));
        let at = |y, m, d, h, mi| NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, mi, 0).unwrap();
        let utc = |i: Instant| chrono::DateTime::from_timestamp(i.0 * 60, 0).unwrap().naive_utc();
        // 30/3/2025: 01:00 GMT becomes 02:00 BST.
        assert_eq!(utc(london.instant(at(2025, 3, 30, 1, 30))), at(2025, 3, 30, 1, 0));
        assert_eq!(utc(london.instant(at(2025, 3, 30, 0, 59))), at(2025, 3, 30, 0, 59));
        // 26/10/2025: 02:00 BST becomes 01:00 GMT; 01:30 happens twice.
        assert_eq!(utc(london.instant(at(2025, 10, 26, 1, 30))), at(2025, 10, 26, 0, 30));
        assert_eq!(london.offset_at(Instant(at(2025, 7, 1, 0, 0).and_utc().timestamp() / 60)).local_minus_utc(), 3600);
        assert_eq!(london.offset_at(Instant(at(2025, 12, 1, 0, 0).and_utc().timestamp() / 60)).local_minus_utc(), 0);
        // Vietnam: +08:00 in the south until 13/6/1975, +07:00 since; the
        // far future keeps an offset.
        assert_eq!(TZ.offset_at(Instant(0)).local_minus_utc(), 8 * 3600);
        assert_eq!(TZ.offset_at(Instant(at(2025, 7, 1, 0, 0).and_utc().timestamp() / 60)).local_minus_utc(), 7 * 3600);
        assert_eq!(TZ.offset_at(Instant(i64::MAX / 60)).local_minus_utc(), 7 * 3600);
        assert_eq!(TZ.local(TZ.instant(at(9999, 12, 31, 23, 59))), at(9999, 12, 31, 23, 59));
        // Past the years the database covers, a local time still reads back.
        for t in [at(10000, 7, 1, 12, 0), at(10050, 1, 1, 0, 0)] {
            assert_eq!(london.local(london.instant(t)), t);
        }
    }

    #[test]
    fn days_in_month_is_chronos() {
        for y in 1..=9999 {
            for m in 1..=12u32 {
                let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap();
                let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) }.unwrap();
                assert_eq!(days_in_month(y, m) as i64, (next - first).num_days(), "{m}/{y}");
            }
        }
    }

    proptest! {
        /// The short form of a duration reads what the general loop reads,
        /// and leaves it every other text (signs, spaces, long numbers).
        #[test]
        fn short_duration_agrees(sign in "[-+ ]?", digits in "[0-9]{0,14}", unit in "[mhdwx]|min", tail in "( |x)?") {
            let s = format!("{sign}{digits}{unit}{tail}");
            match short_duration(&s) {
                Some(m) => prop_assert_eq!(Ok(m), duration_words(&s).map_err(|e| e.message), "{}", s),
                None => prop_assert!(
                    !sign.is_empty() || !tail.is_empty() || unit.len() != 1 || unit == "x" || digits.is_empty() || duration_words(&s).is_err(),
                    "not read by the shortcut: {}", s
                ),
            }
        }

        /// The ISO shortcut reads what the general reader reads, values and
        /// errors alike (days past the month's end, hour 24, minute 60, …),
        /// and leaves every other text to it.
        #[test]
        fn iso_shortcut_agrees(y in 0i64..10000, m in 0i64..14, d in 0i64..33, h in 0i64..26, min in 0i64..62, t in "[Tt ]", time in any::<bool>(), junk in "(|[ .Z]|x)") {
            let mut s = format!("{y:04}-{m:02}-{d:02}");
            if time {
                s.push_str(&format!("{t}{h:02}:{min:02}"));
            }
            s.push_str(&junk);
            let fast = TimeExpr::parse_iso(s.as_bytes());
            let slow = TimeExpr::parse_general(&s);
            match fast {
                Some(f) => prop_assert_eq!(f, slow, "{}", s),
                None => prop_assert!(!junk.is_empty() || (time && t == " "), "not read by the shortcut: {}", s),
            }
        }
    }

    /// The local wall-clock reading of an instant, `YYYY-MM-DD HH:MM`.
    fn local(at: Instant) -> String {
        TZ.local(at).format("%Y-%m-%d %H:%M").to_string()
    }

    fn due(s: &str) -> String {
        local(TimeExpr::parse(s).unwrap_or_else(|e| panic!("{s}: {e}")).due(&TZ))
    }

    fn nb(s: &str) -> Option<String> {
        TimeExpr::parse(s).unwrap().not_before(&TZ).map(local)
    }

    fn error(s: &str) -> String {
        match TimeExpr::parse(s) {
            Ok(e) => panic!("{s} parsed as {e:?}"),
            Err(e) => e.message,
        }
    }

    // Row 1: a bare date is due by the end of that day.
    #[test]
    fn bare_date() {
        for s in ["2025-06-21", "21/6/2025", "21/06/2025", "hoàn thành 21/6/2025"] {
            assert_eq!(due(s), "2025-06-22 00:00", "{s}");
            assert_eq!(nb(s).unwrap(), "2025-06-21 00:00", "{s}");
            assert_eq!(TimeExpr::parse(s).unwrap().kind, TimeKind::Day);
        }
    }

    // Row 2: `ngày D` fixes the day: a one-day window.
    #[test]
    fn on_day_window() {
        for s in ["ngày 21/6/2025", "on 2025-06-21", "Ngày 21/06/2025", "thời gian thực hiện: ngày 21/6/2025", "ngày 21 tháng 6 năm 2025"]
        {
            let e = TimeExpr::parse(s).unwrap();
            assert_eq!(e.kind, TimeKind::OnDay, "{s}");
            assert_eq!(local(e.due(&TZ)), "2025-06-22 00:00", "{s}");
            assert_eq!(local(e.window_start(&TZ).unwrap()), "2025-06-21 00:00", "{s}");
            assert_eq!(nb(s).unwrap(), "2025-06-21 00:00");
        }
    }

    // Row 3: `trước ngày D` is due as D begins, and is no start.
    #[test]
    fn before_day() {
        for s in
            ["trước ngày 21/6/2025", "trước 21/6/2025", "before 2025-06-21", "Trước ngày 21/6/2025.", "hoàn thành trước ngày 21/06/2025"]
        {
            assert_eq!(due(s), "2025-06-21 00:00", "{s}");
            assert_eq!(nb(s), None, "{s}");
        }
    }

    // Row 6: the hour before or after the day, the day before the month.
    #[test]
    fn hour_and_day_in_either_order() {
        for s in ["14:30 25/6/2025", "25/6/2025 14:30", "2025-06-25 14:30", "25/06/2025 14:30"] {
            assert_eq!(due(s), "2025-06-25 14:30", "{s}");
            assert_eq!(nb(s).unwrap(), "2025-06-25 14:30", "{s}");
        }
        // 6/7 is the 6th of July, never June 7.
        assert_eq!(due("6/7/2025 08:00"), "2025-07-06 08:00");
    }

    // Row 4: 24:00 is the end of that day.
    #[test]
    fn end_of_day_24h() {
        for s in ["2025-06-30T24:00", "24:00 30/6/2025", "24 giờ 00 ngày 30/6/2025", "24h00 ngày 30/6/2025", "24 giờ ngày 30/06/2025"]
        {
            assert_eq!(due(s), "2025-07-01 00:00", "{s}");
            assert_eq!(nb(s).unwrap(), "2025-07-01 00:00", "{s}");
        }
        let e = TimeExpr::parse("24 giờ 00 ngày 30/6/2025").unwrap();
        assert_eq!(e.display(Lang::Vi, &TZ), "24:00 30/6/2025");
        assert_eq!(e.display(Lang::En, &TZ), "2025-06-30T24:00");
    }

    // Row 5: an instant, with or without an offset.
    #[test]
    fn instants() {
        for s in [
            "2025-06-25T14:30",
            "14h30 ngày 25/6/2025",
            "14:30 25/6/2025",
            "14 giờ 30 phút ngày 25/6/2025",
            "2025-06-25T14:30:00+07:00",
            "2025-06-25T07:30:00Z",
            "2025-06-25 14:30",
        ] {
            assert_eq!(due(s), "2025-06-25 14:30", "{s}");
            assert_eq!(nb(s).unwrap(), "2025-06-25 14:30", "{s}");
        }
        // An explicit offset does not depend on the plan's zone.
        let e = TimeExpr::parse("2025-06-25T14:30:00+00:00").unwrap();
        let utc = PlanTz::parse("+00:00").unwrap();
        assert_eq!(e.due(&TZ), e.due(&utc));
    }

    // Row 6: a month is due by its end.
    #[test]
    fn months() {
        for s in ["2025-07", "tháng 7/2025", "tháng 7 năm 2025", "Tháng 07/2025"] {
            assert_eq!(due(s), "2025-08-01 00:00", "{s}");
            assert_eq!(nb(s).unwrap(), "2025-07-01 00:00", "{s}");
        }
        assert_eq!(due("tháng 12/2025"), "2026-01-01 00:00");
        assert_eq!(due("tháng 2/2024"), "2024-03-01 00:00");
    }

    // Row 7: a quarter is due by its end.
    #[test]
    fn quarters() {
        for s in ["Q2 2026", "quý II/2026", "quý 2/2026", "Quý II năm 2026", "2026-Q2"] {
            assert_eq!(due(s), "2026-07-01 00:00", "{s}");
            assert_eq!(nb(s).unwrap(), "2026-04-01 00:00", "{s}");
        }
        assert_eq!(due("quý IV/2025"), "2026-01-01 00:00");
        assert_eq!(due("quý I/2026"), "2026-04-01 00:00");
    }

    #[test]
    fn impossible_dates_are_errors_not_rollovers() {
        assert!(error("31/6/2025").contains("day 31 does not exist in June 2025"));
        assert!(error("ngày 31/6/2025").contains("June has 30 days"));
        assert!(error("29/2/2025").contains("day 29"));
        assert!(TimeExpr::parse("29/2/2024").is_ok());
        assert!(error("25:00 30/6/2025").contains("hour 25"));
        assert!(error("24:30 30/6/2025").contains("24:00 is the latest"));
        assert!(error("2025-06-30T24:01").contains("24:00 is the latest"));
        assert!(error("14:60 30/6/2025").contains("minute 60"));
        assert!(error("tháng 13/2025").contains("month 13"));
        assert!(error("2025-13").contains("month 13"));
        assert!(error("quý V/2026").contains("not a time expression") || error("quý 5/2026").contains("quarter 5"));
        assert!(error("quý 5/2026").contains("quarter 5"));
        assert!(error("0/6/2025").contains("day 0"));
        assert!(error("1/1/0").contains("year 0"));
    }

    #[test]
    fn nonsense_is_an_error() {
        for s in
            ["", "soon", "trước", "ngày", "30/6", "2025", "24:00", "trước ngày 21/6/2025 hoặc sau", "2025-06-30T", "2025-06-25T14:30+7"]
        {
            assert!(TimeExpr::parse(s).is_err(), "{s:?} should not parse");
        }
    }

    #[test]
    fn display_forms() {
        let d = |s: &str, l| TimeExpr::parse(s).unwrap().display(l, &TZ);
        assert_eq!(d("trước ngày 21/6/2025", Lang::Vi), "trước 21/6/2025");
        assert_eq!(d("Ngày 25/06/2025", Lang::Vi), "ngày 25/6/2025");
        assert_eq!(d("tháng 7/2025", Lang::Vi), "tháng 7/2025");
        assert_eq!(d("quý 2/2026", Lang::Vi), "quý II/2026");
        assert_eq!(d("14h30 ngày 25/6/2025", Lang::Vi), "14:30 25/6/2025");
        assert_eq!(d("trước ngày 21/6/2025", Lang::En), "before 2025-06-21");
        assert_eq!(d("ngày 25/6/2025", Lang::En), "on 2025-06-25");
        assert_eq!(d("31/12/2025", Lang::En), "by 2025-12-31");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30m").unwrap(), 30);
        assert_eq!(parse_duration("4h").unwrap(), 240);
        assert_eq!(parse_duration("2d").unwrap(), 2880);
        assert_eq!(parse_duration("1d 6h").unwrap(), 1800);
        assert_eq!(parse_duration("1d6h30m").unwrap(), 1830);
        assert_eq!(parse_duration("-2h").unwrap(), -120);
        assert_eq!(parse_duration("0h").unwrap(), 0);
        assert_eq!(parse_duration("1w").unwrap(), 10080);
        for bad in ["", "4", "h", "4x", "1000000000d", "99999999999999999999d", "-", "1.5h"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
        assert_eq!(fmt_duration(1800), "1d 6h");
        assert_eq!(fmt_duration(-120), "-2h");
    }

    #[test]
    fn time_zones() {
        assert!(PlanTz::parse("Asia/Ho_Chi_Minh").is_ok());
        assert_eq!(PlanTz::parse("+07:00").unwrap(), PlanTz::Fixed(FixedOffset::east_opt(7 * 3600).unwrap()));
        assert!(PlanTz::parse("Mars/Olympus").is_err());
        assert!(PlanTz::parse("+25:00").is_err());
        // Found by fuzzing: huge or signed parts overflowed the arithmetic.
        assert!(PlanTz::parse("+99999999999:00").is_err());
        assert!(PlanTz::parse("+1:-2147483648").is_err());
        assert!(PlanTz::parse("+-5:00").is_err());
        let fixed = PlanTz::parse("+07:00").unwrap();
        let e = TimeExpr::parse("24:00 30/6/2025").unwrap();
        assert_eq!(e.due(&fixed), e.due(&TZ));
        assert_eq!(TZ.rfc3339(e.due(&TZ)), "2025-07-01T00:00:00+07:00");
        assert_eq!(fmt_instant(e.due(&TZ), &TZ, Lang::Vi, true), "24:00 30/6/2025");
        assert_eq!(fmt_instant(e.due(&TZ), &TZ, Lang::En, false), "2025-07-01T00:00");
        assert_eq!(fmt_instant(e.due(&TZ), &TZ, Lang::En, true), "2025-06-30T24:00");
    }
}
