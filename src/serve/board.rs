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
    format!("<p class=\"mute\">{}</p>", esc(&crate::t!("serve.and-more", locale = crate::i18n::code(lang), n = n - SHOWN)))
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
            esc(&crate::night::countdown(now, c))
        ));
        h.push_str(&format!("<span>{} {}</span>", esc(&crate::t!("serve.cutover-at", locale = l)), esc(&fmt_instant(c, tz, lang, false))));
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
            esc(&crate::t!("serve.plan-broken", locale = crate::i18n::code(lang))),
            esc_pre(&f)
        ),
        None => String::new(),
    }
}

/// Escaped text that keeps its line breaks (for `<pre>`).
pub fn esc_pre(s: &str) -> String {
    s.lines().map(esc).collect::<Vec<_>>().join("\n")
}

/// The board's `<main>`.
pub fn main(app: &App, good: &super::plan::Good, night: &crate::context::Night, s: &Summary, lang: Lang) -> String {
    let l = crate::i18n::code(lang);
    let plan = good.opened.plan();
    let g = good.opened.graph();
    let tz = plan.tz();
    let at = |i: crate::time::Instant| esc(&fmt_instant(i, tz, lang, false));
    let name = |i: u32| esc(&g.name(plan, i));
    let title = |i: u32| esc(&plan.task(g.task_of[i as usize]).title);
    let q = lang_query(lang);
    let mut m = broken_banner(app, lang);

    // The forecast and the overall progress.
    m.push_str(&format!("<section><h2>{}</h2>", esc(&crate::t!("serve.forecast", locale = l))));
    m.push_str(&format!(
        "<p>{} <strong>{}/{}</strong> {}</p>",
        esc(&crate::t!("serve.done", locale = l)),
        s.done,
        s.total,
        bar(s.done, s.total)
    ));
    match (s.forecast_finish, s.margin()) {
        (Some(f), Some(mg)) => {
            let class = if mg < 0 {
                "red"
            } else if mg < 120 {
                "amber"
            } else {
                "green"
            };
            let text = if mg >= 0 {
                crate::t!("serve.margin-ahead", locale = l, time = fmt_duration(mg))
            } else {
                crate::t!("serve.margin-late", locale = l, time = fmt_duration(-mg))
            };
            m.push_str(&format!(
                "<p>{} <strong>{}</strong> — <span class=\"{class}\">{}</span></p>",
                esc(&crate::t!("serve.forecast-finish", locale = l)),
                at(f),
                esc(&text)
            ));
        }
        (Some(f), None) => {
            m.push_str(&format!("<p>{} <strong>{}</strong></p>", esc(&crate::t!("serve.forecast-finish", locale = l)), at(f)))
        }
        (None, _) if !s.unknown_because.is_empty() => {
            let names: Vec<String> = s.unknown_because.iter().take(5).map(|&i| name(i)).collect();
            m.push_str(&format!("<p class=\"amber\">{} {}</p>", esc(&crate::t!("serve.forecast-unknown", locale = l)), names.join(", ")));
        }
        (None, _) => m.push_str(&format!("<p class=\"mute\">{}</p>", esc(&crate::t!("serve.forecast-none", locale = l)))),
    }
    let warnings = night.progress.warning_lines();
    if !warnings.is_empty() {
        m.push_str(&format!(
            "<details><summary class=\"amber\">{}</summary><pre>{}</pre></details>",
            esc(&crate::t!("serve.log-warnings", locale = l, n = warnings.len())),
            warnings.iter().map(|w| esc(w)).collect::<Vec<_>>().join("\n")
        ));
    }
    m.push_str("</section>");

    // The backout gauge.
    if !s.backout.gauges.is_empty() {
        m.push_str(&format!(
            "<section><h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            esc(&crate::t!("serve.backout", locale = l)),
            esc(&crate::t!("serve.system", locale = l)),
            esc(&crate::t!("serve.colour", locale = l)),
            esc(&crate::t!("serve.backout-worst", locale = l))
        ));
        for gauge in &s.backout.gauges {
            let sys = gauge.system.map_or_else(|| "—".to_string(), |k| plan.systems[k.ix()].name.clone());
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

    // Gates.
    if !s.gates.is_empty() {
        m.push_str(&format!(
            "<section><h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
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
            let mut d = format!("{}/{} go", st.go.len(), st.needed);
            for (o, _, _, reason) in &st.no_go {
                d.push_str(&format!("; no-go {}: {}", plan.org(*o).id, reason));
            }
            if !st.pending.is_empty() && st.passed.is_none() {
                let p: Vec<&str> = st.pending.iter().map(|&o| plan.org(o).id.as_str()).collect();
                d.push_str(&format!("; {} {}", crate::t!("serve.still-to-decide", locale = l), p.join(", ")));
            }
            m.push_str(&format!("<tr><td>{}</td><td class=\"{class}\">{}</td><td>{}</td></tr>", name(st.instance), esc(&state), esc(&d)));
        }
        m.push_str("</table></section>");
    }

    // Blocked, overdue, at risk.
    if !s.blocked.is_empty() {
        m.push_str(&format!(
            "<section class=\"wide\"><h2 class=\"red\">{} ({})</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            esc(&crate::t!("serve.blocked", locale = l)),
            s.blocked.len(),
            esc(&crate::t!("serve.task", locale = l)),
            esc(&crate::t!("serve.reason", locale = l)),
            esc(&crate::t!("serve.since", locale = l)),
            esc(&crate::t!("serve.for", locale = l))
        ));
        for b in s.blocked.iter().take(SHOWN) {
            m.push_str(&format!(
                "<tr><td>{}<br><span class=\"mute\">{}</span></td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                name(b.instance),
                title(b.instance),
                esc(&b.reason),
                at(b.since),
                esc(&fmt_duration((s.now.0 - b.since.0).max(0)))
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
            "<section><h2 class=\"{class}\">{} ({})</h2><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            esc(&heading),
            list.len(),
            esc(&crate::t!("serve.task", locale = l)),
            esc(&crate::t!("serve.due", locale = l)),
            esc(&crate::t!("serve.forecast-finish", locale = l))
        ));
        for x in list.iter().take(SHOWN) {
            m.push_str(&format!(
                "<tr><td>{}<br><span class=\"mute\">{}</span></td><td>{}</td><td>{}</td></tr>",
                name(x.instance),
                title(x.instance),
                at(x.due),
                x.forecast.map(at).unwrap_or_default()
            ));
        }
        m.push_str("</table>");
        m.push_str(&more(lang, list.len()));
        m.push_str("</section>");
    }

    // Progress by system and by unit (furthest behind first).
    m.push_str(&format!(
        "<section><h2>{}</h2><table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th></th></tr>",
        esc(&crate::t!("serve.by-system", locale = l)),
        esc(&crate::t!("serve.system", locale = l)),
        esc(&crate::t!("serve.done", locale = l)),
        esc(&crate::t!("serve.overdue", locale = l))
    ));
    for c in &s.systems {
        let sys = c.key.map_or_else(|| "—".to_string(), |k| plan.systems[k.ix()].name.clone());
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
    if !s.units.is_empty() {
        m.push_str(&format!(
            "<section><h2>{}</h2><table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th></th></tr>",
            esc(&crate::t!("serve.by-unit", locale = l)),
            esc(&crate::t!("serve.unit", locale = l)),
            esc(&crate::t!("serve.done", locale = l)),
            esc(&crate::t!("serve.overdue", locale = l))
        ));
        for c in s.units.iter().take(SHOWN) {
            let u = plan.unit(c.key);
            let late = if c.overdue > 0 { format!("<span class=\"red\">{}</span>", c.overdue) } else { "0".into() };
            m.push_str(&format!(
                "<tr><td><a href=\"/unit/{}{q}\">{}</a></td><td class=\"n\">{}/{}</td><td class=\"n\">{late}</td><td>{}</td></tr>",
                seg(&u.id),
                esc(&u.name),
                c.done,
                c.total,
                bar(c.done, c.total)
            ));
        }
        m.push_str("</table>");
        m.push_str(&more(lang, s.units.len()));
        m.push_str("</section>");
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
