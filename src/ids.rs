//! Ids interned to dense indices.
//!
//! An [`IdMap`] keeps every id's text back to back in one buffer and an
//! open-addressed table of slots, each an entry number with 32 bits of its
//! id's hash: a million task ids cost one string and three flat lists, not a
//! million separate allocations. A lookup reads one slot (eight share a
//! cache line) and the id's text only when those 32 bits match. A caller
//! that knows which ids it will look up next can start fetching their slots
//! ([`IdMap::hash`], [`IdMap::prefetch`]): resolving a million tasks'
//! references is otherwise a cache miss per name, one after the other.

use std::hash::BuildHasher;

/// Id → index, keyed by the (NFC-normalised) id text.
pub struct IdMap<I> {
    /// Every id, back to back.
    text: String,
    /// Where entry `k`'s id ends in `text` (it starts where `k - 1` ends).
    ends: Vec<usize>,
    values: Vec<I>,
    /// Linear probing over `1 << bits` slots: 0 for an empty slot, else
    /// `tag << 32 | (k + 1)` for entry `k`, `tag` being the high 32 bits of
    /// its id's hash. A slot's home is the tag's top `bits` bits, so the
    /// table grows without hashing any id again. At most three quarters
    /// full: a probe always ends at an empty slot.
    slots: Vec<u64>,
    bits: u32,
    /// `None` while ids are hashed with FxHash (fast, and unseeded: ids
    /// made to collide would make every probe long); the process's random
    /// SipHash once a probe ran longer than [`LONG_PROBE`].
    keyed: Option<std::collections::hash_map::RandomState>,
    hasher: rustc_hash::FxBuildHasher,
}

impl<I> Default for IdMap<I> {
    fn default() -> Self {
        IdMap {
            text: String::new(),
            ends: Vec::new(),
            values: Vec::new(),
            slots: Vec::new(),
            bits: 0,
            keyed: None,
            hasher: Default::default(),
        }
    }
}

impl<I: std::fmt::Debug> std::fmt::Debug for IdMap<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The fewest slots a table that holds anything has.
const MIN_BITS: u32 = 3;

/// A probe this long while adding an id means the ids collide (at three
/// quarters full, FxHash's probes average under ten slots): the table is
/// rebuilt with a keyed hash, so that a plan written to collide costs at
/// most this many steps a lookup, not one per id.
const LONG_PROBE: usize = 1024;

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

    /// The hash [`IdMap::get_hashed`] and [`IdMap::prefetch`] take.
    pub fn hash(&self, id: &str) -> u64 {
        match &self.keyed {
            None => self.hasher.hash_one(id),
            Some(k) => k.hash_one(id),
        }
    }

    /// `hash`, or the id's hash again if the table was rebuilt with a keyed
    /// hash since the caller computed it.
    fn hash_now(&self, id: &str, hash: u64) -> u64 {
        if self.keyed.is_some() { self.hash(id) } else { hash }
    }

    /// The slot a tag's probe starts at.
    fn home(&self, tag: u32) -> usize {
        // `bits` is at least MIN_BITS once there are slots, at most 32.
        (tag >> (32 - self.bits)) as usize
    }

    /// Starts fetching the slot where a lookup of an id with this hash
    /// begins, so that the lookup, made a little later, finds it in cache.
    pub fn prefetch(&self, hash: u64) {
        if self.slots.is_empty() {
            return;
        }
        #[cfg(target_arch = "x86_64")]
        {
            let p = self.slots[self.home((hash >> 32) as u32)..].as_ptr();
            // SAFETY: SSE is part of every x86_64 processor, and a prefetch
            // reads nothing the program sees (here, a slot of the table).
            unsafe { std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast()) };
        }
    }

    /// Room for `n` more ids of about `bytes` bytes in all.
    pub fn reserve(&mut self, n: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.ends.reserve(n);
        self.values.reserve(n);
        self.grow_for(self.values.len().saturating_add(n));
    }

    /// Makes the table big enough for `len` entries.
    fn grow_for(&mut self, len: usize) {
        let mut bits = self.bits.max(MIN_BITS);
        while bits < 32 && (1usize << bits) / 4 * 3 < len {
            bits += 1;
        }
        if bits == self.bits {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![0; 1 << bits]);
        self.bits = bits;
        for s in old.into_iter().filter(|&s| s != 0) {
            self.place(s);
        }
    }

    /// Puts a slot known not to be in the table in the first empty slot
    /// from its home (growing and rekeying: no id is compared).
    fn place(&mut self, slot: u64) {
        let mask = self.slots.len() - 1;
        let mut i = self.home((slot >> 32) as u32);
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }

    /// The entry of `id`, or the empty slot where it would go and how
    /// many slots the probe passed.
    fn find(&self, id: &str, hash: u64) -> Result<usize, (usize, usize)> {
        let tag = (hash >> 32) as u32;
        let mask = self.slots.len() - 1;
        let mut i = self.home(tag);
        let mut steps = 0;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return Err((i, steps));
            }
            steps += 1;
            if (s >> 32) as u32 == tag {
                let k = (s as u32 - 1) as usize;
                if self.key(k) == id {
                    return Ok(k);
                }
            }
            i = (i + 1) & mask;
        }
    }

    pub fn get(&self, id: &str) -> Option<&I> {
        self.get_hashed(id, self.hash(id))
    }

    /// [`IdMap::get`] with the id's [`IdMap::hash`] already known.
    pub fn get_hashed(&self, id: &str, hash: u64) -> Option<&I> {
        if self.slots.is_empty() {
            return None;
        }
        self.find(id, self.hash_now(id, hash)).ok().map(|k| &self.values[k])
    }

    /// Adds `id` → `value`; an id already present keeps its first value
    /// (and `false` is returned). At most 3 · 2^30 ids.
    pub fn insert(&mut self, id: &str, value: I) -> bool {
        self.insert_hashed(id, self.hash(id), value)
    }

    /// [`IdMap::insert`] with the id's [`IdMap::hash`] already known.
    pub fn insert_hashed(&mut self, id: &str, hash: u64, value: I) -> bool {
        let k = self.values.len();
        // Three quarters of the largest table (2^32 slots) at most.
        if k >= 3 << 30 {
            return false;
        }
        self.grow_for(k + 1);
        let mut hash = self.hash_now(id, hash);
        let Err((mut slot, steps)) = self.find(id, hash) else { return false };
        if steps > LONG_PROBE && self.keyed.is_none() {
            self.rekey();
            hash = self.hash(id);
            let Err((s, _)) = self.find(id, hash) else { return false };
            slot = s;
        }
        self.slots[slot] = slot_of(hash, k);
        self.text.push_str(id);
        self.ends.push(self.text.len());
        self.values.push(value);
        true
    }

    /// Every id hashed again with the process's random SipHash, and the
    /// table rebuilt.
    fn rekey(&mut self) {
        self.keyed = Some(std::collections::hash_map::RandomState::new());
        self.slots.iter_mut().for_each(|s| *s = 0);
        for k in 0..self.values.len() {
            let hash = self.hash(self.key(k));
            self.place(slot_of(hash, k));
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

/// The slot of entry `k`, whose id has this hash.
fn slot_of(hash: u64, k: usize) -> u64 {
    (hash >> 32) << 32 | (k as u64 + 1)
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
        assert_eq!(m.get("a"), None);
        m.prefetch(m.hash("a"));
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
        assert!((0..10_000u32).all(|i| m.get(&format!("u{i}")).is_none()));
    }

    #[test]
    fn ids_whose_hashes_share_their_high_bits_are_told_apart_by_their_text() {
        // Every id given the same hash: one probe run holds them all, and
        // only the text tells them apart.
        let mut m: IdMap<usize> = IdMap::default();
        let ids: Vec<String> = (0..500).map(|i| format!("x{i}")).collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(m.insert_hashed(id, 42 << 32, i));
        }
        assert!(!m.insert_hashed("x7", 42 << 32, 0));
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(m.get_hashed(id, 42 << 32), Some(&i));
        }
        assert_eq!(m.get_hashed("y", 42 << 32), None);
        // A table grown from its smallest keeps every entry findable.
        assert!(m.slots.len() >= 4 * m.len() / 3);
        assert_eq!(m.slots.iter().filter(|&&s| s != 0).count(), 500);
        assert!(m.keyed.is_none(), "500 ids probe no further than {LONG_PROBE} slots");
    }

    #[test]
    fn ids_made_to_collide_switch_the_table_to_a_keyed_hash() {
        // Past LONG_PROBE colliding ids the table is rebuilt with SipHash:
        // what was added before and after is found, by the same calls, with
        // the colliding hash the caller still passes or with its own.
        let mut m: IdMap<usize> = IdMap::default();
        let n = 3 * LONG_PROBE;
        let ids: Vec<String> = (0..n).map(|i| format!("x{i}")).collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(m.insert_hashed(id, 7 << 32, i));
        }
        assert!(m.keyed.is_some());
        assert!(!m.insert_hashed("x1", 7 << 32, 0), "still one entry per id");
        assert_eq!(m.len(), n);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(m.get_hashed(id, 7 << 32), Some(&i));
            assert_eq!(m.get(id), Some(&i));
        }
        assert_eq!(m.get("y"), None);
        // The longest probe left is short: the ids no longer collide.
        let probes = |id: &str| {
            let h = m.hash(id);
            let mut i = m.home((h >> 32) as u32);
            let mut steps = 0;
            while m.slots[i] != 0 && m.key((m.slots[i] as u32 - 1) as usize) != id {
                i = (i + 1) & (m.slots.len() - 1);
                steps += 1;
            }
            steps
        };
        assert!(ids.iter().map(|id| probes(id)).max().unwrap() < LONG_PROBE / 4);
    }
}
