//! The board (`/`): where the night stands, for everyone to watch — the
//! same summary as `cutover status` ([`crate::night::summarize`]), as one
//! printable page that refreshes itself.

use super::app::{App, Viewer};
use super::html::{bar, esc, lang_query, page, seg};
use crate::night::Summary;
use crate::time::{Lang, fmt_duration, fmt_instant};

/// How many rows a list shows before it counts the rest.
const SHOWN: usize = 40;

fn more(lang: Lang, n: usize) -> String {
    if n <= SHOWN {
        return String::new();
    }
    format!("<p class=\"mute\">{}</p>", esc(&crate::t!("serve.and-more", locale = lang, n = n - SHOWN)))
}

/// The header every page shares: the plan's title, the time, the countdown
/// to T-0, who is logged in, the language switch.
pub fn header(app: &App, good: &super::plan::Good, summary: Option<&Summary>, viewer: &Viewer, lang: Lang, here: &str) -> String {
    let l = crate::i18n::code(lang);
    let plan = good.opened.plan();
    let tz = plan.tz();
    let now = summary.map_or_else(|| app.now(good), |s| s.now);
    let mut h = format!("<h1><a href=\"/{}\">{}</a></h1><div class=\"meta\">", lang_query(lang), esc(&plan.meta.title));
    if let Some(c) = plan.cutover() {
        h.push_str(&format!(
            "<span class=\"countdown\" title=\"{}\">{}</span>",
            esc(&crate::t!("serve.countdown", locale = l)),
            esc(&crate::night::countdown_in(lang, now, c))
        ));
        if let Some(mg) = summary.and_then(Summary::margin) {
            let (class, text) = margin(lang, mg);
            h.push_str(&format!(
                "<span class=\"header-margin {class}\" title=\"{}\">{}</span>",
                esc(&crate::t!("serve.forecast-finish", locale = l)),
                esc(&text)
            ));
        }
        h.push_str(&format!("<span>{} {}</span>", esc(&crate::t!("serve.cutover-at", locale = l)), esc(&fmt_instant(c, tz, lang, true))));
    }
    h.push_str(&format!("<span>{} {}</span>", esc(&crate::t!("serve.now", locale = l)), esc(&fmt_instant(now, tz, lang, false))));
    let other = match lang {
        Lang::Vi => format!("<a class=\"noprint\" href=\"{}?lang=en\">English</a>", esc(here)),
        Lang::En => format!("<a class=\"noprint\" href=\"{}\">Tiếng Việt</a>", esc(here)),
    };
    h.push_str(&other);
    match viewer {
        Viewer::Session(_, s, e) => h.push_str(&format!(
            "<span class=\"noprint\">{} <form class=\"inline\" method=\"post\" action=\"/logout{}\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><button>{}</button></form></span>",
            esc(&crate::t!("serve.logged-in-as", locale = l, label = e.label.clone())),
            lang_query(lang),
            esc(&s.csrf),
            esc(&crate::t!("serve.logout", locale = l))
        )),
        _ => h.push_str(&format!(
            "<a class=\"noprint\" href=\"/login{}\">{}</a>",
            lang_query(lang),
            esc(&crate::t!("serve.login", locale = l))
        )),
    }
    h.push_str("</div>");
    h
}

/// The findings of a broken edit of the plan, when there is one.
pub fn broken_banner(app: &App, lang: Lang) -> String {
    match app.served.broken() {
        Some(f) => format!(
            "<div class=\"banner\"><strong>{}</strong><pre>{}</pre></div>",
            esc(&crate::t!("serve.plan-broken", locale = lang)),
            esc_pre(&f)
        ),
        None => String::new(),
    }
}

/// Escaped text that keeps its line breaks (for `<pre>`).
pub fn esc_pre(s: &str) -> String {
    s.lines().map(esc).collect::<Vec<_>>().join("\n")
}

/// The board's own styles, on top of every page's: the summary strip, the
/// compact one-line lists, the grid of units, and what a printout keeps.
const BOARD_CSS: &str = r#"
.summary{display:flex;flex-wrap:wrap;gap:.6em 2.2em;align-items:baseline}
.summary .big{font-size:1.5em;font-weight:700}
.summary .kpi{font-size:1.15em}
.summary .kpi b{font-size:1.3em}
table.list{table-layout:fixed}
table.list col.w-id{width:17em}table.list col.w-t{width:11.5em}table.list col.w-d{width:9.5em}
table.list td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.list td.why{white-space:normal}
ol.units{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(17em,1fr));gap:.15em 1.2em}
ol.units li{display:grid;grid-template-columns:1fr 3.6em 2.2em 4.4em;gap:.4em;align-items:center;border-bottom:1px solid var(--line);padding:.15em 0}
ol.units .n{text-align:right;white-space:nowrap}
ol.units .bar{width:100%}
.header-margin{font-size:1.6em;font-weight:700;padding:0 .3em;border-radius:4px;background:#fff}
@media print{.header-margin{border:1px solid #000}table.list td{white-space:normal}ol.units{display:block;columns:3}ol.units li{break-inside:avoid}.bar{border:1px solid #999}.bar i{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
"#;

/// A duration in the page's language: `2 ngày 3 giờ 5 phút`, `2d 3h 5m`.
pub fn dur(lang: Lang, m: i64) -> String {
    if lang == Lang::En {
        return fmt_duration(m);
    }
    let l = crate::i18n::code(lang);
    let a = m.unsigned_abs();
    let (d, h, mi) = (a / 1440, (a % 1440) / 60, a % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(crate::t!("serve.dur-days", locale = l, n = d).into_owned());
    }
    if h > 0 {
        parts.push(crate::t!("serve.dur-hours", locale = l, n = h).into_owned());
    }
    if mi > 0 || parts.is_empty() {
        parts.push(crate::t!("serve.dur-minutes", locale = l, n = mi).into_owned());
    }
    format!("{}{}", if m < 0 { "-" } else { "" }, parts.join(" "))
}

/// The forecast margin as a colour class and words (`sớm hơn T-0 2 giờ`).
fn margin(lang: Lang, mg: i64) -> (&'static str, String) {
    let l = crate::i18n::code(lang);
    let class = if mg < 0 {
        "red"
    } else if mg < 120 {
        "amber"
    } else {
        "green"
    };
    let text = if mg == 0 {
        crate::t!("serve.margin-none", locale = l)
    } else if mg > 0 {
        crate::t!("serve.margin-ahead", locale = l, time = dur(lang, mg))
    } else {
        crate::t!("serve.margin-late", locale = l, time = dur(lang, -mg))
    };
    (class, text.into_owned())
}

/// The board's `<main>`: first what a coordinator looks for (the forecast
/// margin, how much is done, how much is late or blocked), then the blocked,
/// overdue and at-risk lists one line per task, then progress by unit
/// (furthest behind first) and by system, then gates and backout.
pub fn main(app: &App, good: &super::plan::Good, night: &crate::context::Night, s: &Summary, lang: Lang) -> String {
    let l = crate::i18n::code(lang);
    let plan = good.opened.plan();
    let g = good.opened.graph();
    let tz = plan.tz();
    let at = |i: crate::time::Instant| esc(&fmt_instant(i, tz, lang, false));
    // Finishes and deadlines as the documents write them: midnight is 24:00 of the day before.
    let end = |i: crate::time::Instant| esc(&fmt_instant(i, tz, lang, true));
    let name = |i: u32| esc(&g.name(plan, i));
    let title = |i: u32| esc(&plan.task(g.task_of[i as usize]).title);
    let q = lang_query(lang);
    let mut m = format!("<style>{BOARD_CSS}</style>");
    m.push_str(&broken_banner(app, lang));

    // The summary: the forecast and its margin, done, late, blocked, at risk.
    m.push_str(&format!(
        "<section class=\"wide\" id=\"summary\"><h2>{}</h2><div class=\"summary\">",
        esc(&crate::t!("serve.forecast", locale = l))
    ));
    match (s.forecast_finish, s.margin()) {
        (Some(f), Some(mg)) => {
            let (class, text) = margin(lang, mg);
            m.push_str(&format!(
                "<span class=\"big {class}\" id=\"margin\">{}</span><span>{} <strong>{}</strong></span>",
                esc(&text),
                esc(&crate::t!("serve.forecast-finish", locale = l)),
                end(f)
            ));
        }
        (Some(f), None) => {
            m.push_str(&format!("<span>{} <strong>{}</strong></span>", esc(&crate::t!("serve.forecast-finish", locale = l)), end(f)))
        }
        (None, _) if !s.unknown_because.is_empty() => {
            let names: Vec<String> = s.unknown_because.iter().take(5).map(|&i| name(i)).collect();
            m.push_str(&format!(
                "<span class=\"big amber\" id=\"margin\">{} {}</span>",
                esc(&crate::t!("serve.forecast-unknown", locale = l)),
                names.join(", ")
            ));
        }
        (None, _) => m.push_str(&format!("<span class=\"mute\">{}</span>", esc(&crate::t!("serve.forecast-none", locale = l)))),
    }
    m.push_str(&format!(
        "<span class=\"kpi\" id=\"done\">{} <b>{}/{}</b> {}</span>",
        esc(&crate::t!("serve.done", locale = l)),
        s.done,
        s.total,
        bar(s.done, s.total)
    ));
    for (key, n, class, anchor) in [
        ("serve.overdue", s.overdue.len(), "red", "overdue"),
        ("serve.blocked", s.blocked.len(), "red", "blocked"),
        ("serve.at-risk", s.at_risk.len(), "amber", "at-risk"),
    ] {
        let word = crate::t!(key, locale = l);
        if n > 0 {
            m.push_str(&format!("<a class=\"kpi {class}\" href=\"#{anchor}\">{} <b>{n}</b></a>", esc(&word)));
        } else {
            m.push_str(&format!("<span class=\"kpi mute\">{} <b>0</b></span>", esc(&word)));
        }
    }
    m.push_str("</div>");
    let warnings = night.progress.warning_lines();
    if !warnings.is_empty() {
        m.push_str(&format!(
            "<details><summary class=\"amber\">{}</summary><pre>{}</pre></details>",
            esc(&crate::t!("serve.log-warnings", locale = l, n = warnings.len())),
            warnings.iter().map(|w| esc(w)).collect::<Vec<_>>().join("\n")
        ));
    }
    m.push_str("</section>");

    // Blocked, overdue, at risk: one line per task, the title cut to fit
    // (whole in its tooltip and on paper).
    if !s.blocked.is_empty() {
        m.push_str(&format!(
            "<section class=\"wide\" id=\"blocked\"><h2 class=\"red\">{} ({})</h2><table class=\"list\"><colgroup><col class=\"w-id\"><col><col class=\"w-t\"><col class=\"w-d\"></colgroup><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th></tr>",
            esc(&crate::t!("serve.blocked", locale = l)),
            s.blocked.len(),
            esc(&crate::t!("serve.task", locale = l)),
            esc(&crate::t!("serve.reason", locale = l)),
            esc(&crate::t!("serve.since", locale = l)),
            esc(&crate::t!("serve.for", locale = l))
        ));
        for b in s.blocked.iter().take(SHOWN) {
            m.push_str(&format!(
                "<tr><td title=\"{}\"><strong>{}</strong><br><span class=\"mute\">{}</span></td><td class=\"why\">{}</td><td>{}</td><td class=\"n red\">{}</td></tr>",
                title(b.instance),
                name(b.instance),
                title(b.instance),
                esc(&b.reason),
                at(b.since),
                esc(&dur(lang, (s.now.0 - b.since.0).max(0)))
            ));
        }
        m.push_str("</table>");
        m.push_str(&more(lang, s.blocked.len()));
        m.push_str("</section>");
    }
    for (key, list, class) in [("overdue", &s.overdue, "red"), ("at-risk", &s.at_risk, "amber")] {
        if list.is_empty() {
            continue;
        }
        let heading = if key == "overdue" { crate::t!("serve.overdue", locale = l) } else { crate::t!("serve.at-risk", locale = l) };
        m.push_str(&format!(
            "<section class=\"wide\" id=\"{key}\"><h2 class=\"{class}\">{} ({})</h2><table class=\"list\"><colgroup><col class=\"w-id\"><col><col class=\"w-t\"><col class=\"w-t\"></colgroup><tr><th>{}</th><th></th><th>{}</th><th>{}</th></tr>",
            esc(&heading),
            list.len(),
            esc(&crate::t!("serve.task", locale = l)),
            esc(&crate::t!("serve.due", locale = l)),
            esc(&crate::t!("serve.forecast-finish", locale = l))
        ));
        // The instances of one task folded into one row: 54 communes late
        // on the same report are one line naming the first few.
        let mut groups: Vec<Vec<&crate::night::Late>> = Vec::new();
        for x in list.iter() {
            let t = g.task_of[x.instance as usize];
            match groups.iter_mut().find(|gr| g.task_of[gr[0].instance as usize] == t) {
                Some(gr) => gr.push(x),
                None => groups.push(vec![x]),
            }
        }
        for gr in groups.iter().take(SHOWN) {
            let first = gr[0].instance;
            let who = if gr.len() == 1 {
                format!("<strong>{}</strong>", name(first))
            } else {
                let units: Vec<String> = gr.iter().filter_map(|x| g.unit_of(x.instance)).take(4).map(|u| esc(&plan.unit(u).id)).collect();
                let rest = if gr.len() > units.len() { format!(" …(+{})", gr.len() - units.len()) } else { String::new() };
                format!(
                    "<strong>{}</strong> <span class=\"{class}\">× {}</span><br><span class=\"mute\">{}{rest}</span>",
                    esc(&plan.task(g.task_of[first as usize]).id),
                    gr.len(),
                    units.join(", ")
                )
            };
            let forecast = gr.iter().filter_map(|x| x.forecast).max();
            m.push_str(&format!(
                "<tr data-id=\"{}\"><td>{who}</td><td class=\"mute\" title=\"{}\">{}</td><td class=\"{class}\">{}</td><td>{}</td></tr>",
                name(first),
                title(first),
                title(first),
                end(gr[0].due),
                forecast.map(end).unwrap_or_default()
            ));
        }
        m.push_str("</table>");
        m.push_str(&more(lang, groups.len()));
        m.push_str("</section>");
    }

    // Progress by unit (furthest behind first), every unit, then by system.
    if !s.units.is_empty() {
        m.push_str(&format!(
            "<section class=\"wide\" id=\"units\"><h2>{}</h2><ol class=\"units\"><li class=\"mute\"><span>{}</span><span class=\"n\">{}</span><span class=\"n\" title=\"{}\">{}</span><span></span></li>",
            esc(&crate::t!("serve.by-unit", locale = l)),
            esc(&crate::t!("serve.unit", locale = l)),
            esc(&crate::t!("serve.done", locale = l)),
            esc(&crate::t!("serve.overdue", locale = l)),
            esc(&crate::t!("serve.overdue-short", locale = l))
        ));
        for c in &s.units {
            let u = plan.unit(c.key);
            let late = if c.overdue > 0 {
                format!("<span class=\"n red\">{}</span>", c.overdue)
            } else {
                "<span class=\"n mute\">0</span>".into()
            };
            let pct = (c.done as u64 * 100).checked_div(c.total as u64).unwrap_or(100);
            m.push_str(&format!(
                "<li id=\"unit-{}\" data-done=\"{}\"><a href=\"/unit/{}{q}\">{}</a><span class=\"n\">{}/{}</span>{late}<span class=\"bar\" title=\"{pct}%\"><i style=\"width:{pct}%\"></i></span></li>",
                esc(&u.id),
                c.done,
                seg(&u.id),
                esc(&u.name),
                c.done,
                c.total,
            ));
        }
        m.push_str("</ol></section>");
    }
    m.push_str(&format!(
        "<section id=\"systems\"><h2>{}</h2><table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th></th></tr>",
        esc(&crate::t!("serve.by-system", locale = l)),
        esc(&crate::t!("serve.system", locale = l)),
        esc(&crate::t!("serve.done", locale = l)),
        esc(&crate::t!("serve.overdue", locale = l))
    ));
    for c in &s.systems {
        let sys = c.key.map_or_else(|| crate::t!("serve.no-system", locale = l).into_owned(), |k| plan.systems[k.ix()].name.clone());
        let late = if c.overdue > 0 { format!("<span class=\"red\">{}</span>", c.overdue) } else { "0".into() };
        m.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}/{}</td><td class=\"n\">{late}</td><td>{}</td></tr>",
            esc(&sys),
            c.done,
            c.total,
            bar(c.done, c.total)
        ));
    }
    m.push_str("</table></section>");

    // Gates.
    if !s.gates.is_empty() {
        m.push_str(&format!(
            "<section id=\"gates\"><h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            esc(&crate::t!("serve.gates", locale = l)),
            esc(&crate::t!("serve.gate", locale = l)),
            esc(&crate::t!("serve.state", locale = l)),
            esc(&crate::t!("serve.decisions", locale = l))
        ));
        for st in &s.gates {
            let (class, state) = if st.passed.is_some() {
                ("green", crate::t!("serve.gate-passed", locale = l))
            } else if st.refused() {
                ("red", crate::t!("serve.gate-refused", locale = l))
            } else {
                ("amber", crate::t!("serve.gate-pending", locale = l))
            };
            let mut d = crate::t!("serve.gate-go-count", locale = l, n = st.go.len(), needed = st.needed).into_owned();
            for (o, _, _, reason) in &st.no_go {
                d.push_str("; ");
                d.push_str(&crate::t!("serve.gate-no-go-by", locale = l, org = plan.org(*o).id.clone(), reason = reason.clone()));
            }
            if !st.pending.is_empty() && st.passed.is_none() {
                let p: Vec<&str> = st.pending.iter().map(|&o| plan.org(o).id.as_str()).collect();
                d.push_str(&format!("; {} {}", crate::t!("serve.still-to-decide", locale = l), p.join(", ")));
            }
            m.push_str(&format!("<tr><td>{}</td><td class=\"{class}\">{}</td><td>{}</td></tr>", name(st.instance), esc(&state), esc(&d)));
        }
        m.push_str("</table></section>");
    }

    // The backout gauge.
    if !s.backout.gauges.is_empty() {
        m.push_str(&format!(
            "<section id=\"backout\"><h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            esc(&crate::t!("serve.backout", locale = l)),
            esc(&crate::t!("serve.system", locale = l)),
            esc(&crate::t!("serve.colour", locale = l)),
            esc(&crate::t!("serve.backout-worst", locale = l))
        ));
        for gauge in &s.backout.gauges {
            let sys =
                gauge.system.map_or_else(|| crate::t!("serve.no-system", locale = l).into_owned(), |k| plan.systems[k.ix()].name.clone());
            let colour = match (&gauge.colour, &gauge.offer) {
                (_, crate::night::backout::Offer::Closed { .. }) => esc(&crate::t!("serve.backout-closed", locale = l)),
                (_, crate::night::backout::Offer::Underway { .. }) => esc(&crate::t!("serve.backout-underway", locale = l)),
                (Some(c), _) => format!("<span class=\"dot {0}\"></span><span class=\"{0}\">{1}</span>", c.as_str(), esc(&c.word(lang))),
                (None, _) => "—".into(),
            };
            m.push_str(&format!("<tr><td>{}</td><td>{colour}</td><td>{}</td></tr>", esc(&sys), at(gauge.worst_finish)));
        }
        m.push_str("</table></section>");
    }

    // Where each office acts from.
    m.push_str(&format!("<section class=\"wide noprint\"><h2>{}</h2><p>", esc(&crate::t!("serve.offices", locale = l))));
    let links: Vec<String> = plan
        .orgs
        .iter()
        .map(|o| format!("<a href=\"/org/{}{q}\">{}</a>", seg(&o.id), esc(o.short.as_deref().unwrap_or(&o.name))))
        .collect();
    m.push_str(&links.join(" · "));
    m.push_str("</p></section>");
    m
}

/// The whole board page.
pub fn render(app: &App, viewer: &Viewer, lang: Lang) -> Result<String, String> {
    let good = app.served.current();
    let night = app.night(&good)?;
    let (plan, g) = (good.opened.plan(), good.opened.graph());
    let s = crate::night::summarize(plan, g, &night.progress, night.now, night.forecast.as_ref());
    let header = header(app, &good, Some(&s), viewer, lang, "/");
    let main = main(app, &good, &night, &s, lang);
    Ok(page(lang, &plan.meta.title, Some(30), &header, &main))
}
