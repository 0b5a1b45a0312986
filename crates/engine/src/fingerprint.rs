//! A small, stable, non-cryptographic hash for fingerprints (FNV-1a,
//! 128-bit). Stable across Rust versions and platforms, unlike `std`'s
//! `DefaultHasher`, so manifests from one build compare with another's.

/// An FNV-1a 128-bit hasher.
#[derive(Debug, Clone)]
pub struct Fingerprint(u128);

const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
const PRIME: u128 = 0x0000000001000000000000000000013B;

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

impl Fingerprint {
    /// A fresh hasher.
    pub fn new() -> Self {
        Fingerprint(OFFSET)
    }

    /// Feeds bytes, followed by a separator so that `["ab","c"]` and
    /// `["a","bc"]` differ.
    pub fn update(&mut self, bytes: &[u8]) {
        for b in bytes.iter().chain(&[0xff]) {
            self.0 ^= u128::from(*b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    /// The hash as 32 hex digits.
    pub fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_stable_and_separates_fields() {
        let mut a = Fingerprint::new();
        a.update(b"ab");
        a.update(b"c");
        let mut b = Fingerprint::new();
        b.update(b"a");
        b.update(b"bc");
        assert_ne!(a.hex(), b.hex());
        let mut c = Fingerprint::new();
        c.update(b"ab");
        c.update(b"c");
        assert_eq!(a.hex(), c.hex());
        assert_eq!(Fingerprint::new().hex(), "6c62272e07bb014262b821756295c58d");
    }
}
