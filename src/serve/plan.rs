//! The plan the server serves: read once, read again when one of its files
//! changes (a poll of their modification times), and kept as it was when an
//! edit breaks it — the board then shows the findings of the broken edit.

use crate::context::{OpenOptions, Opened};
use crate::load::LoadOptions;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

/// Files and their modification times when read.
type Stamps = Vec<(PathBuf, Option<SystemTime>)>;

static GENERATION: AtomicU64 = AtomicU64::new(1);

fn next_generation() -> u64 {
    GENERATION.fetch_add(1, Ordering::Relaxed)
}

/// A plan that can be scheduled, with the modification times of the files
/// it was read from.
pub struct Good {
    pub opened: Opened,
    /// Which reading of the plan this is (1, 2, …): what cached nights are keyed by.
    pub generation: u64,
    stamps: Stamps,
}

/// The plan being served and, after an edit that broke it, what is wrong.
pub struct Served {
    path: PathBuf,
    load: LoadOptions,
    current: RwLock<Arc<Good>>,
    /// The findings of the last edit that could not be served (plain text).
    broken: RwLock<Option<(Stamps, String)>>,
}

fn mtime(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

fn stamps(path: &Path, opened: Option<&Opened>) -> Stamps {
    let mut files: Vec<PathBuf> = vec![path.to_path_buf()];
    if let Some(o) = opened {
        files.extend(o.plan().files.iter().map(|(_, f)| f.path.clone()));
    }
    files.sort();
    files.dedup();
    files
        .into_iter()
        .map(|f| {
            let t = mtime(&f);
            (f, t)
        })
        .collect()
}

/// Opens the plan; a plan that cannot be scheduled is an error with its
/// findings as text.
pub fn open(path: &Path, load: &LoadOptions) -> Result<Opened, String> {
    let opened = crate::context::open(path, &OpenOptions::new(load.clone())).map_err(|e| e.to_string())?;
    if let Some(findings) = crate::report::human::unschedulable(&opened.report, false) {
        return Err(findings);
    }
    Ok(opened)
}

impl Served {
    /// Reads the plan for the first time.
    pub fn new(path: &Path, load: LoadOptions) -> Result<Served, String> {
        let opened = open(path, &load)?;
        let stamps = stamps(path, Some(&opened));
        Ok(Served {
            path: path.to_path_buf(),
            load,
            current: RwLock::new(Arc::new(Good { opened, stamps, generation: next_generation() })),
            broken: RwLock::new(None),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The last good plan.
    pub fn current(&self) -> Arc<Good> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// What is wrong with the plan on disk, when an edit broke it.
    pub fn broken(&self) -> Option<String> {
        self.broken.read().unwrap_or_else(|e| e.into_inner()).as_ref().map(|(_, s)| s.clone())
    }

    /// Reads the plan again if one of its files changed since it was last
    /// read (or since a broken edit was last looked at). Returns whether it did.
    pub fn reload_if_changed(&self) -> bool {
        let good = self.current();
        let changed = |st: &[(PathBuf, Option<SystemTime>)]| st.iter().any(|(p, t)| mtime(p) != *t);
        if !changed(&good.stamps) {
            // Back to the last good files: whatever was broken is no more.
            let mut b = self.broken.write().unwrap_or_else(|e| e.into_inner());
            if b.is_some() {
                *b = None;
            }
            return false;
        }
        if let Some((st, _)) = self.broken.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
            if !changed(st) {
                return false;
            }
        }
        match open(&self.path, &self.load) {
            Ok(opened) => {
                let stamps = stamps(&self.path, Some(&opened));
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(Good { opened, stamps, generation: next_generation() });
                *self.broken.write().unwrap_or_else(|e| e.into_inner()) = None;
                true
            }
            Err(findings) => {
                // The broken edit's files: the plan's and the last good includes.
                let st = stamps(&self.path, Some(&good.opened));
                *self.broken.write().unwrap_or_else(|e| e.into_inner()) = Some((st, findings));
                false
            }
        }
    }
}
