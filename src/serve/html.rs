//! The pages' common parts: one document with its CSS and script inline
//! (no external asset), every text of the plan, the log or a request
//! escaped ([`esc`]), and the headers every page is sent with.

use crate::time::Lang;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Text for HTML, in an element or an attribute value: the one escape of
/// the crate.
pub use crate::text::xml as esc;

/// An id as one segment of a URL path.
pub fn seg(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `?lang=en` for English pages, nothing for Vietnamese (the default).
pub fn lang_query(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "?lang=en",
        Lang::Vi => "",
    }
}

/// A path to come back to after a form: a path of this server only.
pub fn local_path(s: Option<&str>) -> String {
    match s {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && p.len() < 512
                && p.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            p.to_string()
        }
        _ => "/".into(),
    }
}

const CSS: &str = r#"
:root{--ok:#1a7f37;--warn:#b35900;--bad:#c62828;--mute:#666;--line:#ddd}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#111;background:#fafafa}
header{background:#0d3b66;color:#fff;padding:.8em 1.2em}
header h1{font-size:1.25em;margin:0 0 .3em}
header a{color:#fff}
header .meta{display:flex;flex-wrap:wrap;gap:.4em 1.5em;font-size:.95em}
.countdown{font-size:1.6em;font-weight:700;letter-spacing:.02em}
main{padding:1em 1.2em;display:grid;grid-template-columns:repeat(auto-fit,minmax(24em,1fr));gap:1em}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.6em .9em}
section.wide{grid-column:1/-1}
h2{font-size:1.05em;margin:.2em 0 .5em}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.25em .4em;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:#333}
td.n{text-align:right;white-space:nowrap}
.bar{display:inline-block;width:7em;height:.7em;background:#e5e5e5;border-radius:3px;overflow:hidden;vertical-align:middle}
.bar i{display:block;height:100%;background:var(--ok)}
.green{color:var(--ok);font-weight:600}.amber{color:var(--warn);font-weight:600}.red{color:var(--bad);font-weight:600}
.dot{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.3em;vertical-align:middle}
.dot.green{background:var(--ok)}.dot.amber{background:var(--warn)}.dot.red{background:var(--bad)}
.mute{color:var(--mute)}
.banner{grid-column:1/-1;background:#fff3f3;border:1px solid var(--bad);border-radius:6px;padding:.6em .9em}
.banner pre{white-space:pre-wrap;font-size:.85em;max-height:20em;overflow:auto}
.state-done{color:var(--ok)}.state-blocked{color:var(--bad)}.state-started{color:var(--warn)}
form.inline{display:inline}
form.inline input[type=text]{width:11em}
button{font:inherit;padding:.1em .6em;margin:.1em}
.login{max-width:30em;margin:3em auto;background:#fff;border:1px solid var(--line);border-radius:6px;padding:1em 1.5em}
.login input[type=password]{width:100%;font:inherit;padding:.3em}
.error{color:var(--bad);font-weight:600}
footer{padding:.5em 1.2em 1.5em;color:var(--mute);font-size:.85em}
@media print{header{background:none;color:#000}header a{color:#000}body{background:#fff}form,.noprint{display:none}section{break-inside:avoid;border-color:#999}main{display:block}section{margin-bottom:.8em}}
"#;

/// Short polling: the page fetches itself every few seconds and swaps its
/// `<main>` (works behind a proxy that buffers, unlike a stream); without
/// JavaScript the `<noscript>` refresh reloads the whole page.
const SCRIPT: &str = r#"
(function(){
  var busy=false;
  function poll(){
    if(busy||document.hidden)return;
    if(document.activeElement&&/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName))return;
    busy=true;
    fetch(location.href,{credentials:'same-origin',cache:'no-store'}).then(function(r){return r.ok?r.text():null}).then(function(t){
      if(!t)return;
      var d=new DOMParser().parseFromString(t,'text/html');
      ['main','header'].forEach(function(s){var n=d.querySelector(s),o=document.querySelector(s);if(n&&o)o.replaceWith(n);});
    }).catch(function(){}).then(function(){busy=false;});
  }
  setInterval(poll,5000);
})();
"#;

/// A whole page. `refresh`: seconds between reloads, for a page that updates itself.
pub fn page(lang: Lang, title: &str, refresh: Option<u32>, header: &str, main: &str) -> String {
    let l = crate::i18n::code(lang);
    let (noscript, script) = match refresh {
        Some(s) => (format!("<noscript><meta http-equiv=\"refresh\" content=\"{s}\"></noscript>"), format!("<script>{SCRIPT}</script>")),
        None => (String::new(), String::new()),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{l}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{noscript}<title>{}</title><style>{CSS}</style></head>\n<body>\n<header>{header}</header>\n<main id=\"board\">{main}</main>\n<footer>cutover serve</footer>\n{script}</body></html>\n",
        esc(title)
    )
}

/// An HTML answer, with the headers every page carries: no cache, a
/// content security policy that allows only this page's own inline CSS and
/// script and requests to this server, and no framing.
pub fn respond(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    no_store(&mut r);
    r
}

/// A percentage bar.
pub fn bar(done: u32, total: u32) -> String {
    let pct = (done as u64 * 100).checked_div(total as u64).unwrap_or(100);
    format!("<span class=\"bar\" title=\"{pct}%\"><i style=\"width:{pct}%\"></i></span> {pct}%")
}

/// Nothing the server answers is kept by a cache: it is all of the moment.
pub fn no_store(r: &mut Response) {
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}
