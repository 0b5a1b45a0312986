//! Stable 64-bit fingerprints of strings and feature templates.
//!
//! Features are never stored as strings: a feature is the fingerprint of its
//! template id and its value. The function is fixed (FNV-1a then a
//! splitmix finalizer), so a model trained on one machine reads the same on
//! any other.

use std::hash::{BuildHasherDefault, Hasher};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The splitmix64 finalizer: spreads the bits of `x`.
pub(crate) const fn finalize(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Fingerprint of a byte string.
pub(crate) fn of_bytes(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    finalize(h)
}

/// Fingerprint of a byte string mapped byte by byte through `map`.
#[inline]
pub(crate) fn of_bytes_with(bytes: &[u8], map: impl Fn(u8) -> u8) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h ^= u64::from(map(b));
        h = h.wrapping_mul(FNV_PRIME);
    }
    finalize(h)
}

/// Fingerprint of a string.
pub(crate) fn of_str(s: &str) -> u64 {
    of_bytes(s.as_bytes())
}

/// Combines two fingerprints, order-sensitively.
pub(crate) const fn combine(a: u64, b: u64) -> u64 {
    finalize(a.rotate_left(23) ^ b.wrapping_add(0x9e37_79b9_7f4a_7c15))
}

/// The key of feature template `template` with value `value`.
pub(crate) const fn feature(template: u32, value: u64) -> u64 {
    combine((template as u64).wrapping_mul(0xa24b_aed4_963e_e407), value)
}

/// A `Hasher` for keys that are already fingerprints: it passes them through.
#[derive(Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only used for non-u64 keys; fold the bytes in.
        self.0 = combine(self.0, of_bytes(bytes));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A hash map keyed by fingerprints.
pub(crate) type FpMap<V> = std::collections::HashMap<u64, V, BuildHasherDefault<PassThrough>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(of_str("Hanoi"), of_str("Hanoi"));
        assert_ne!(of_str("Hanoi"), of_str("hanoi"));
        assert_ne!(feature(1, of_str("a")), feature(2, of_str("a")));
        assert_ne!(combine(1, 2), combine(2, 1));
        // Pinned so that a change to the function (which would silently
        // invalidate every trained model) fails loudly.
        assert_eq!(of_str(""), finalize(FNV_OFFSET));
    }
}
