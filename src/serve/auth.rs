//! Checking a presented token: its entry found by its public id in the
//! tokens file (read again whenever the file's modification time changes,
//! so a revoked token is refused from the next request on), verified with
//! argon2 once, then remembered by a fast digest of the whole token.

use super::tokens::{self, Entry};
use blake2::{Blake2s256, Digest};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, RwLock};
use std::time::SystemTime;

/// How many verified tokens are remembered (then the memory starts over).
const REMEMBERED: usize = 4096;

pub struct Tokens {
    path: PathBuf,
    file: RwLock<(Option<SystemTime>, tokens::File)>,
    /// Digest of a presented token → the hash it was verified against.
    verified: Mutex<HashMap<[u8; 32], String>>,
}

impl Tokens {
    pub fn new(path: PathBuf) -> Result<Tokens, String> {
        let file =
            tokens::read(&path).map_err(|e| format!("`{}`: {}", crate::source::display_path(&path), crate::source::io_reason(&e)))?;
        let stamp = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        Ok(Tokens { path, file: RwLock::new((stamp, file)), verified: Mutex::new(HashMap::new()) })
    }

    pub fn path(&self) -> &PathBuf {
        &self.path
    }

    /// The file as it stands: read again when its modification time changed.
    /// A file that cannot be read now (half-edited by hand) keeps the last reading.
    fn refresh(&self) {
        let stamp = std::fs::metadata(&self.path).and_then(|m| m.modified()).ok();
        if self.file.read().unwrap_or_else(|e| e.into_inner()).0 == stamp {
            return;
        }
        if let Ok(f) = tokens::read(&self.path) {
            *self.file.write().unwrap_or_else(|e| e.into_inner()) = (stamp, f);
        }
    }

    /// The entry of a token id, if the file still has it.
    pub fn entry(&self, id: &str) -> Option<Entry> {
        self.refresh();
        self.file.read().unwrap_or_else(|e| e.into_inner()).1.tokens.iter().find(|e| e.id == id).cloned()
    }

    /// The entry of a presented token, if it is valid (blocking: argon2 on
    /// a token not seen yet).
    pub fn check(&self, presented: &str) -> Option<Entry> {
        let id = tokens::public_id(presented.trim())?;
        let entry = self.entry(id)?;
        let digest: [u8; 32] = Blake2s256::digest(presented.trim().as_bytes()).into();
        if self.verified.lock().unwrap_or_else(|e| e.into_inner()).get(&digest) == Some(&entry.hash) {
            return Some(entry);
        }
        if !tokens::verify(presented.trim(), &entry.hash) {
            return None;
        }
        let mut v = self.verified.lock().unwrap_or_else(|e| e.into_inner());
        if v.len() >= REMEMBERED {
            v.clear();
        }
        v.insert(digest, entry.hash.clone());
        Some(entry)
    }
}
