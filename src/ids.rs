//! Ids interned to dense indices.
//!
//! An [`IdMap`] keeps every id's text back to back in one buffer and a hash
//! table of entry numbers: a million task ids cost one string and two flat
//! lists, not a million separate allocations, and the table stays small
//! enough to sit in the processor's cache while references are resolved.

use std::hash::BuildHasher;

/// Id → index, keyed by the (NFC-normalised) id text.
pub struct IdMap<I> {
    /// Every id, back to back.
    text: String,
    /// Where entry `k`'s id ends in `text` (it starts where `k - 1` ends).
    ends: Vec<usize>,
    values: Vec<I>,
    /// Entry numbers, hashed by their id.
    table: hashbrown::HashTable<u32>,
    hasher: rustc_hash::FxBuildHasher,
}

impl<I> Default for IdMap<I> {
    fn default() -> Self {
        IdMap { text: String::new(), ends: Vec::new(), values: Vec::new(), table: hashbrown::HashTable::new(), hasher: Default::default() }
    }
}

impl<I: std::fmt::Debug> std::fmt::Debug for IdMap<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<I> IdMap<I> {
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    fn key(&self, k: usize) -> &str {
        entry(&self.text, &self.ends, k)
    }

    /// Room for `n` more ids of about `bytes` bytes in all.
    pub fn reserve(&mut self, n: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.ends.reserve(n);
        self.values.reserve(n);
        let Self { table, text, ends, hasher, .. } = self;
        table.reserve(n, |&k| hasher.hash_one(entry(text, ends, k as usize)));
    }

    pub fn get(&self, id: &str) -> Option<&I> {
        let k = *self.table.find(self.hasher.hash_one(id), |&k| self.key(k as usize) == id)?;
        Some(&self.values[k as usize])
    }

    /// Adds `id` → `value`; an id already present keeps its first value
    /// (and `false` is returned). At most `u32::MAX` ids.
    pub fn insert(&mut self, id: &str, value: I) -> bool {
        let hash = self.hasher.hash_one(id);
        let Self { table, text, ends, hasher, values } = self;
        match table.entry(hash, |&k| entry(text, ends, k as usize) == id, |&k| hasher.hash_one(entry(text, ends, k as usize))) {
            hashbrown::hash_table::Entry::Occupied(_) => false,
            hashbrown::hash_table::Entry::Vacant(v) => {
                let Ok(k) = u32::try_from(values.len()) else { return false };
                v.insert(k);
                text.push_str(id);
                ends.push(text.len());
                values.push(value);
                true
            }
        }
    }

    /// The ids, in the order they were added.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        (0..self.values.len()).map(|k| self.key(k))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &I)> {
        self.keys().zip(&self.values)
    }
}

/// Entry `k`'s id.
fn entry<'t>(text: &'t str, ends: &[usize], k: usize) -> &'t str {
    let start = if k == 0 { 0 } else { ends[k - 1] };
    &text[start..ends[k]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_value_wins_and_lookups_find_every_id() {
        let mut m: IdMap<u32> = IdMap::default();
        m.reserve(3, 8);
        assert!(m.insert("a", 0));
        assert!(m.insert("bb", 1));
        assert!(!m.insert("a", 7));
        assert!(m.insert("", 2));
        assert_eq!(m.get("a"), Some(&0));
        assert_eq!(m.get("bb"), Some(&1));
        assert_eq!(m.get(""), Some(&2));
        assert_eq!(m.get("b"), None);
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "bb", ""]);
        for i in 0..10_000u32 {
            m.insert(&format!("t{i}"), i + 3);
        }
        assert_eq!(m.len(), 10_003);
        assert!((0..10_000u32).all(|i| m.get(&format!("t{i}")) == Some(&(i + 3))));
    }
}
