//! The status log as of a request's time, read the way `cutover status`
//! reads it ([`crate::context::read_night`]), and kept while neither the
//! plan, the log (its length and modification time) nor the minute changes.

use super::plan::Good;
use crate::context::{Night, NightMode, OpenOptions};
use crate::load::LoadOptions;
use crate::time::Instant;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

type Key = (u64, u64, Option<SystemTime>, i64);

/// The last night read.
#[derive(Default)]
pub struct Cache {
    slot: Mutex<Option<(Key, Arc<Night>)>>,
}

impl Cache {
    /// The night of `good` as of `now`, from the log at `log`.
    pub fn night(&self, plan_path: &Path, good: &Good, log: &PathBuf, now: Instant, load: &LoadOptions) -> Result<Arc<Night>, String> {
        let meta = std::fs::metadata(log).ok();
        let key: Key = (good.generation, meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok()), now.0);
        if let Some((k, n)) = self.slot.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            if *k == key {
                return Ok(n.clone());
            }
        }
        let plan = good.opened.plan();
        let opts = OpenOptions {
            status: Some(log.clone()),
            night: NightMode::Always,
            now: Some(plan.tz().rfc3339(now)),
            ..OpenOptions::new(load.clone())
        };
        let night = crate::context::read_night(plan_path, plan, good.opened.graph(), &opts)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| "the night is always read".to_string())?;
        let night = Arc::new(night);
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, night.clone()));
        Ok(night)
    }
}
