//! Inputs are never outputs: before `cutover` writes a file (`-o`, the
//! status log), the target is compared with every file the run read — the
//! plan, its includes, the status log — by identity (device and inode, after
//! following links), not by name, so neither a symlink nor a hard link nor
//! `./` can turn a plan into an output. A match writes nothing.

use std::path::{Path, PathBuf};

/// What a file is to the run that read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Plan,
    Include,
    StatusLog,
}

impl Role {
    fn phrase(self) -> std::borrow::Cow<'static, str> {
        match self {
            Role::Plan => crate::t!("load.guard.role-plan"),
            Role::Include => crate::t!("load.guard.role-include"),
            Role::StatusLog => crate::t!("load.guard.role-status-log"),
        }
    }
}

/// A file's identity: device and inode on Unix, the canonical path elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileKey(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

/// The identity of the file `path` names (links followed), if it exists.
pub fn key(path: &Path) -> Option<FileKey> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = &meta;
        Some(FileKey((meta.dev(), meta.ino())))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        std::fs::canonicalize(path).ok().map(FileKey)
    }
}

/// A file may not be written.
#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    #[error("{}", if .read == .path {
        crate::t!("load.guard.is-input", flag = .flag, path = .path, role = .role.phrase())
    } else {
        crate::t!("load.guard.is-input-as", flag = .flag, path = .path, role = .role.phrase(), read = .read)
    })]
    IsInput { flag: String, path: String, role: Role, read: String },
    #[error("{}", crate::t!("load.guard.not-regular", flag = .flag, path = .path, kind = crate::source::kind_text(.kind)))]
    NotRegular { flag: String, path: String, kind: &'static str },
}

/// Every file a run read, with its role.
#[derive(Debug, Default)]
pub struct Inputs {
    files: Vec<(FileKey, Role, String)>,
}

impl Inputs {
    /// Records a file the run read (or will read); a file that does not
    /// exist has no identity and is skipped.
    pub fn add(&mut self, path: &Path, role: Role) {
        if let Some(k) = key(path) {
            self.files.push((k, role, crate::source::display_path(path)));
        }
    }

    /// The plan's files: the first is the plan, the rest its includes.
    pub fn add_plan(&mut self, plan: &crate::model::Plan) {
        for (i, (_, f)) in plan.files.iter().enumerate() {
            self.add(&f.path, if i == 0 { Role::Plan } else { Role::Include });
        }
    }

    /// The role of the file `path` names, if the run read it.
    pub fn role_of(&self, path: &Path) -> Option<(Role, &str)> {
        let k = key(path)?;
        self.files.iter().find(|(f, _, _)| *f == k).map(|(_, r, p)| (*r, p.as_str()))
    }

    /// Checks that `path` (given with `flag`) may be written: it is not a
    /// file the run read, and it is a regular file or does not exist.
    /// Returns the path to write: a symlink's target, so the link stays a
    /// link and the file it names is replaced.
    pub fn check_output(&self, flag: &str, path: &Path) -> Result<PathBuf, GuardError> {
        let shown = crate::source::display_path(path);
        if let Some((role, read)) = self.role_of(path) {
            return Err(GuardError::IsInput { flag: flag.into(), path: shown, role, read: read.to_string() });
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            // New (or a dangling link): the write creates it.
            Err(_) => return Ok(path.to_path_buf()),
        };
        if let Some(kind) = crate::source::special_kind(&meta) {
            return Err(GuardError::NotRegular { flag: flag.into(), path: shown, kind });
        }
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        Ok(if is_link { std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()) } else { path.to_path_buf() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_the_file_they_name() {
        let d = tempfile::tempdir().unwrap();
        let plan = d.path().join("p.toml");
        std::fs::write(&plan, "x").unwrap();
        let mut inputs = Inputs::default();
        inputs.add(&plan, Role::Plan);
        let hard = d.path().join("hard.toml");
        std::fs::hard_link(&plan, &hard).unwrap();
        let e = inputs.check_output("-o", &hard).unwrap_err().to_string();
        assert!(e.contains("is the plan being read"), "{e}");
        #[cfg(unix)]
        {
            let soft = d.path().join("soft.toml");
            std::os::unix::fs::symlink(&plan, &soft).unwrap();
            assert!(matches!(inputs.check_output("-o", &soft), Err(GuardError::IsInput { role: Role::Plan, .. })));
            let other = d.path().join("other.md");
            std::fs::write(&other, "y").unwrap();
            let link = d.path().join("link.md");
            std::os::unix::fs::symlink(&other, &link).unwrap();
            assert_eq!(inputs.check_output("-o", &link).unwrap(), std::fs::canonicalize(&other).unwrap());
        }
        assert!(matches!(inputs.check_output("-o", d.path()), Err(GuardError::NotRegular { kind: "a directory", .. })));
        assert_eq!(inputs.check_output("-o", &d.path().join("new.md")).unwrap(), d.path().join("new.md"));
    }
}
