//! `cutover import DOC`: a draft plan from a plan document's plain text.

use crate::cli::Outcome;
use crate::cli::shell::Shell;
use anyhow::{Result, bail};
use clap::Args;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "\
Examples:
  cutover import seeds/002_779058d11219e6c3.txt --units plans/units/quang-ngai-2025.toml -o draft.toml
  cutover check draft.toml

Every guess carries a `# review:` comment; a summary goes to standard error.";

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The document: its plain text (UTF-8), as extracted from PDF or Word, or a .docx.
    #[arg(value_name = "DOC")]
    pub doc: PathBuf,

    /// Write the draft to this file instead of standard output.
    #[arg(short, long, value_name = "PLAN")]
    pub output: Option<PathBuf>,

    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,

    /// A units file (TOML, [[unit]] tables, or a CSV of communes) copied into the draft for commune-level tasks.
    #[arg(long, value_name = "FILE")]
    pub units: Option<PathBuf>,

    /// With a CSV of every province's communes: the province (code or name) whose communes are the units.
    #[arg(long, value_name = "CODE|NAME")]
    pub province: Option<String>,

    /// The id of the [[source]] (default from the document's number and date).
    #[arg(long, value_name = "ID")]
    pub source_id: Option<String>,
}

fn read_text(path: &Path) -> Result<String> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| anyhow::anyhow!(crate::t!("import.read", file = shown, reason = e.to_string())))?;
    if !meta.is_file() {
        bail!(crate::t!("import.not-file", file = shown));
    }
    if meta.len() > crate::import::MAX_BYTES {
        bail!(crate::t!("import.too-big", file = shown, max = (crate::import::MAX_BYTES / 1024 / 1024).to_string()));
    }
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!(crate::t!("import.read", file = shown, reason = e.to_string())))?;
    let docx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let text = if docx || crate::import::docx::is_zip(&bytes) {
        // A .docx read directly; a zip that is not one (or a .docx that is
        // not a zip) is refused with the reason.
        let t = crate::import::docx::text(&bytes)
            .map_err(|reason| anyhow::anyhow!(crate::t!("import.docx-bad", file = shown, reason = reason)))?;
        if t.len() as u64 > crate::import::MAX_BYTES {
            bail!(crate::t!("import.too-big", file = shown, max = (crate::import::MAX_BYTES / 1024 / 1024).to_string()));
        }
        t
    } else {
        String::from_utf8(bytes).map_err(|_| anyhow::anyhow!(crate::t!("import.not-utf8", file = shown)))?
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    if text.trim().is_empty() {
        bail!(crate::t!("import.empty-file", file = shown));
    }
    Ok(text)
}

/// `to` relative to the directory `from_dir`, both made absolute.
fn relative(to: &Path, from_dir: &Path) -> Option<String> {
    let to = std::fs::canonicalize(to).ok()?;
    let from = std::fs::canonicalize(from_dir).ok()?;
    let a: Vec<_> = to.components().collect();
    let b: Vec<_> = from.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut p = PathBuf::new();
    for _ in common..b.len() {
        p.push("..");
    }
    for c in &a[common..] {
        p.push(c);
    }
    p.to_str().map(|s| s.replace('\\', "/"))
}

pub fn exec(args: ImportArgs, shell: &Shell) -> Result<Outcome> {
    if let Some(o) = &args.output {
        if o.exists() && !args.force {
            bail!(crate::t!("import.exists", file = o.display().to_string()));
        }
        // Never the document or the units file, even with --force.
        let same = |p: &Path| std::fs::canonicalize(p).ok().is_some_and(|p| std::fs::canonicalize(o).ok() == Some(p));
        if same(&args.doc) || args.units.as_deref().is_some_and(same) {
            bail!(crate::t!("import.output-is-input", file = o.display().to_string()));
        }
    }
    if let Some(id) = &args.source_id {
        crate::text::check_other_id(id).map_err(|e| anyhow::anyhow!("--source-id: {e}"))?;
    }
    let text = read_text(&args.doc)?;
    // `check` reads a source's `file` as text: a .docx's is left out.
    let is_docx = std::fs::read(&args.doc).ok().is_some_and(|b| crate::import::docx::is_zip(&b));
    let is_csv = |u: &Path| u.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if args.province.is_some() && !args.units.as_deref().is_some_and(is_csv) {
        bail!(crate::t!("import.province-needs-csv"));
    }
    let units = match &args.units {
        Some(u) if is_csv(u) => {
            let t = read_text(u)?;
            let t = crate::import::units::from_csv(u, &t, args.province.as_deref()).map_err(|e| anyhow::anyhow!(e))?;
            Some((u.display().to_string(), t))
        }
        Some(u) => {
            let t = read_text(u)?;
            let v: toml::Table = toml::from_str(&t).map_err(|e| {
                anyhow::anyhow!(crate::t!("import.units-bad", file = u.display().to_string(), reason = e.message().to_string()))
            })?;
            if v.get("unit").is_none_or(|x| x.as_array().is_none_or(|a| a.is_empty())) || v.contains_key("plan") {
                bail!(crate::t!("import.units-none", file = u.display().to_string()));
            }
            Some((u.display().to_string(), t))
        }
        None => None,
    };
    let out_dir = match &args.output {
        Some(o) => o.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".")),
        None => PathBuf::from("."),
    };
    let file = relative(&args.doc, &out_dir);
    let opts = crate::import::Options { source_id: args.source_id.clone(), file: file.clone(), units: units.clone() };
    let draft = crate::import::import(&text, &opts).map_err(|e| anyhow::anyhow!("{}: {e}", args.doc.display()))?;
    // `file` lets `check` verify every clause against the document; where
    // its line-based reading (`unknown-clause`) cannot see a clause this
    // reading found (items printed mid-line), `file` is left out, said in a comment.
    let structure = crate::rules::unknown_clause::structure(&text);
    let unseen = draft.tasks.iter().any(|t| {
        let clause = t.source.split_once(' ').map_or("", |x| x.1);
        crate::rules::unknown_clause::has_clause(&structure, clause) == Some(false)
    });
    let file = if unseen || is_docx { None } else { file };
    let mut toml = crate::import::write::toml(&draft, units.as_ref(), file.as_deref());
    if is_docx {
        toml = toml.replacen(
            "[[source]]\n",
            &format!("[[source]]\n# {}: {}\n", crate::t!("import.review-word"), crate::t!("import.review.file-docx")),
            1,
        );
    } else if unseen {
        toml = toml.replacen(
            "[[source]]\n",
            &format!("[[source]]\n# {}: {}\n", crate::t!("import.review-word"), crate::t!("import.review.file-left-out")),
            1,
        );
    }
    match &args.output {
        Some(o) => crate::output::write_atomic(o, toml.as_bytes())
            .map_err(|e| anyhow::anyhow!(crate::t!("import.write", file = o.display().to_string(), reason = e.to_string())))?,
        None => {
            use std::io::Write;
            let mut w = shell.out();
            w.write_all(toml.as_bytes())?;
            w.flush()?;
        }
    }
    let (fields, reviews) = draft.counts();
    let target = args.output.as_ref().map(|o| o.display().to_string()).unwrap_or_else(|| "-".into());
    use std::io::Write;
    writeln!(
        shell.err(),
        "{}",
        crate::t!(
            "import.summary",
            tasks = draft.tasks.len().to_string(),
            fields = fields.to_string(),
            reviews = reviews.to_string(),
            orgs = draft.orgs.len().to_string(),
            file = target
        )
    )?;
    Ok(Outcome::Clean)
}
