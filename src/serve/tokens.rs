//! Access tokens: who may record what through `cutover serve`.
//!
//! A token is `cut_<id>_<secret>`: a public id (8 random bytes, hex) by
//! which the server finds its entry, and a secret (20 random bytes, hex:
//! 160 bits), both from the operating system's random number generator.
//! It is shown once, by `cutover token add`; the tokens file (JSON, default
//! `<plan>.tokens` beside the plan, mode 0600, replaced atomically) keeps
//! only its id, scope, label, creation time and an argon2id hash of the
//! whole token.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a token may record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The instances of the tasks this org leads or supports, and the gates it approves.
    Org(String),
    /// The instances of this unit (a commune) only.
    Unit(String),
    /// Anything.
    Coordinator,
}

impl Scope {
    /// `org skhcn`, `unit camthanh`, `coordinator`: ids as written, never translated.
    pub fn describe(&self) -> String {
        match self {
            Scope::Org(o) => format!("org {o}"),
            Scope::Unit(u) => format!("unit {u}"),
            Scope::Coordinator => "coordinator".into(),
        }
    }
}

/// One token as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub scope: Scope,
    pub label: String,
    /// When it was made (RFC 3339).
    pub created: String,
    /// The argon2id hash of the whole token (PHC string).
    pub hash: String,
}

/// The tokens file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct File {
    pub version: u32,
    pub tokens: Vec<Entry>,
}

/// Where a plan's tokens are kept unless `--tokens` says otherwise.
pub fn default_path(plan: &Path) -> PathBuf {
    let mut name = plan.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".tokens");
    plan.with_file_name(name)
}

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> std::io::Result<[u8; N]> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(buf)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new token: (its public id, the whole token).
pub fn generate() -> std::io::Result<(String, String)> {
    let id = hex(&random_bytes::<8>()?);
    let secret = hex(&random_bytes::<20>()?);
    let token = format!("cut_{id}_{secret}");
    Ok((id, token))
}

/// The public id of a token as presented, if it has the token's shape.
pub fn public_id(token: &str) -> Option<&str> {
    let rest = token.strip_prefix("cut_")?;
    let (id, secret) = rest.split_once('_')?;
    let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    (ok(id, 16) && ok(secret, 40)).then_some(id)
}

/// The argon2id hash of a token, with a random salt.
pub fn hash(token: &str) -> std::io::Result<String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?).map_err(|e| std::io::Error::other(e.to_string()))?;
    argon2::Argon2::default()
        .hash_password(token.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Whether `token` is the one `hash` was made from (slow on purpose: argon2).
pub fn verify(token: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| argon2::Argon2::default().verify_password(token.as_bytes(), &h).is_ok())
}

/// Reads a tokens file; a missing one has no token.
pub fn read(path: &Path) -> std::io::Result<File> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(File { version: 1, tokens: Vec::new() }),
        Err(e) => Err(e),
    }
}

/// Changes the tokens file under an exclusive lock on its directory (two
/// `token add` at once both land), replacing it atomically: a temporary file
/// of mode 0600 in the same directory, synced, renamed over it.
pub fn update<T>(path: &Path, change: impl FnOnce(&mut File) -> Result<T, String>) -> Result<T, String> {
    let io = |e: std::io::Error| format!("`{}`: {}", crate::source::display_path(path), crate::source::io_reason(&e));
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let lock = std::fs::File::open(dir).map_err(io)?;
    lock.lock().map_err(io)?;
    let mut file = read(path).map_err(io)?;
    file.version = 1;
    let out = change(&mut file)?;
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    write_private(dir, path, &bytes).map_err(io)?;
    let _ = lock.unlock();
    Ok(out)
}

fn write_private(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "tokens".into());
    let tmp = dir.join(format!(".{name}.{}.{}.tmp", std::process::id(), hex(&random_bytes::<4>()?)));
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let result = (|| {
        let mut f = o.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename itself is on disk once the directory is.
        std::fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_their_shape_and_verify_against_their_hash_only() {
        let (id, token) = generate().unwrap();
        assert_eq!(public_id(&token), Some(id.as_str()));
        let h = hash(&token).unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&token, &h));
        let (_, other) = generate().unwrap();
        assert!(!verify(&other, &h));
        assert_eq!(public_id("cut_zz_12"), None);
        assert_eq!(public_id("Bearer x"), None);
    }
}
