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
                    err(format!("cannot include `{}`: {}", inc.path, crate::source::io_reason(&e)))
                        .label(format!("`{shown}` {}", crate::source::io_reason(&e))),
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
                err(format!("include cycle: {}", names.join(" → "))).label("includes a file that includes this one")
            } else {
                err(format!("`{}` is included twice", inc.path))
                    .label("included again here")
                    .help("include each file once; remove this entry")
            };
            self.findings.push(f);
            return None;
        }
        if !self.opts.allow_outside {
            if let Some(root) = &self.root_dir {
                if !canon.starts_with(root) {
                    self.findings.push(
                        err(format!("`{}` is outside the plan's directory `{}`", inc.path, crate::source::display_path(root)))
                            .help("keep included files beside the plan, or pass --allow-outside-includes"),
                    );
                    return None;
                }
            }
        }
        if self.files.len() >= self.opts.max_files {
            self.findings.push(err(format!("too many included files (the limit is {})", self.opts.max_files)));
            return None;
        }
        let bytes = match crate::source::read_limited(&canon, self.opts.read_limits()) {
            Ok(b) => b,
            Err(ReadError::TooLarge { size, max }) => {
                self.findings.push(too_big_file(inc.span, &inc.path, size, max));
                return None;
            }
            Err(ReadError::Special(kind)) => {
                let help = if kind == "a directory" {
                    "include plan files, not directories"
                } else {
                    "include regular files, or pass --allow-special-files"
                };
                self.findings.push(err(format!("cannot include `{}`: {kind}, not a plan file", inc.path)).help(help));
                return None;
            }
            Err(e) => {
                self.findings.push(err(format!("cannot include `{}`: {e}", inc.path)));
                return None;
            }
        };
        let id = self.add_file(target, bytes);
        self.parent[id.0 as usize] = Some(inc.from);
        self.seen.insert(canon, id);
        Some(id)
    }
}
