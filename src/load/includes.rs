//! Includes: each one resolved against its includer, refused when missing,
//! repeated, cyclic, outside the plan's directory or not a regular file.

use super::*;

/// An `include = [...]` entry to follow.
pub(super) struct Include {
    pub(super) from: FileId,
    pub(super) path: String,
    pub(super) span: Span,
}

impl Loader {
    pub(super) fn open_include(&mut self, inc: Include) -> Option<FileId> {
        let from_path = self.files.get(inc.from).path.clone();
        let dir = from_path.parent().unwrap_or(Path::new(""));
        let target = dir.join(&inc.path);
        let err = |msg: String| Finding::new(Rule::IncludeError, Some(inc.span), msg);
        let canon = match std::fs::canonicalize(&target) {
            Ok(c) => c,
            Err(e) => {
                let shown = crate::source::display_path(&target);
                self.findings.push(
                    err(crate::t!("load.include.cannot", path = inc.path, reason = crate::source::io_reason(&e)).into_owned())
                        .label(crate::t!("load.include.cannot-label", path = shown, reason = crate::source::io_reason(&e))),
                );
                return None;
            }
        };
        if let Some(&earlier) = self.seen.get(&canon) {
            // An ancestor of the includer: a cycle. Otherwise: included twice.
            let mut chain = vec![inc.from];
            let mut at = Some(inc.from);
            let mut is_cycle = false;
            while let Some(f) = at {
                if f == earlier {
                    is_cycle = true;
                    break;
                }
                at = self.parent[f.0 as usize];
                if let Some(p) = at {
                    chain.push(p);
                }
            }
            let f = if is_cycle {
                chain.reverse();
                let mut names: Vec<String> = chain.iter().map(|f| self.files.get(*f).display.clone()).collect();
                names.push(self.files.get(earlier).display.clone());
                err(crate::t!("load.include.cycle", chain = names.join(" → ")).into_owned()).label(crate::t!("load.include.cycle-label"))
            } else {
                err(crate::t!("load.include.twice", path = inc.path).into_owned())
                    .label(crate::t!("load.include.twice-label"))
                    .help(crate::t!("load.include.twice-help"))
            };
            self.findings.push(f);
            return None;
        }
        if !self.opts.allow_outside {
            if let Some(root) = &self.root_dir {
                if !canon.starts_with(root) {
                    self.findings.push(
                        err(crate::t!("load.include.outside", path = inc.path, dir = crate::source::display_path(root)).into_owned())
                            .help(crate::t!("load.include.outside-help")),
                    );
                    return None;
                }
            }
        }
        if self.files.len() >= self.opts.max_files {
            self.findings.push(err(crate::t!("load.include.too-many", max = self.opts.max_files).into_owned()));
            return None;
        }
        let bytes = match crate::source::read_limited(&canon, self.opts.read_limits()) {
            Ok(b) => b,
            Err(ReadError::TooLarge { size, max }) => {
                self.findings.push(too_big_file(inc.span, &inc.path, size, max));
                return None;
            }
            Err(ReadError::Special(kind)) => {
                let help =
                    if kind == "a directory" { crate::t!("load.include.directory-help") } else { crate::t!("load.include.special-help") };
                let kind = crate::source::kind_text(kind);
                self.findings.push(err(crate::t!("load.include.special", path = inc.path, kind = kind).into_owned()).help(help));
                return None;
            }
            Err(e) => {
                self.findings.push(err(crate::t!("load.include.cannot", path = inc.path, reason = e).into_owned()));
                return None;
            }
        };
        let id = self.add_file(target, bytes);
        self.parent[id.0 as usize] = Some(inc.from);
        self.seen.insert(canon, id);
        Some(id)
    }
}
