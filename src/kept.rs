//! Results kept for the life of the process, by what they were made from: `watch` and `serve`
//! rebuild a brief on every save, and most saves leave most of a build's inputs as they were.

use std::sync::{Mutex, PoisonError};

/// The last few results made, each with its key; the oldest goes when a new one comes.
pub struct Kept<K, V> {
    made: Mutex<Vec<(K, V)>>,
    most: usize,
}

impl<K: PartialEq, V: Clone> Kept<K, V> {
    /// Room for `most` results.
    pub const fn new(most: usize) -> Self {
        Kept {
            made: Mutex::new(Vec::new()),
            most,
        }
    }

    /// The result kept for `key`, else the one `make` makes of it, kept. `make` runs without the lock
    /// (a folder's briefs are built side by side): two threads may make the same result once.
    pub fn get_or_make(&self, key: K, make: impl FnOnce(&K) -> V) -> V {
        let found = self
            .lock()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone());
        if let Some(v) = found {
            return v;
        }
        let made = make(&key);
        let mut kept = self.lock();
        if kept.len() >= self.most {
            kept.remove(0);
        }
        kept.push((key, made.clone()));
        made
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(K, V)>> {
        self.made.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_made_once_and_the_oldest_goes_first() {
        let kept: Kept<u32, String> = Kept::new(2);
        let made = std::cell::Cell::new(0);
        let make = |v: &str| {
            made.set(made.get() + 1);
            v.to_string()
        };
        assert_eq!(kept.get_or_make(1, |_| make("one")), "one");
        assert_eq!(kept.get_or_make(1, |_| make("again")), "one");
        assert_eq!(made.get(), 1);
        kept.get_or_make(2, |_| make("two"));
        kept.get_or_make(3, |_| make("three"));
        // 1 went to make room: made afresh.
        assert_eq!(kept.get_or_make(1, |_| make("anew")), "anew");
        assert_eq!(kept.get_or_make(3, |_| make("x")), "three");
    }
}
