//! Folding names for comparison: no diacritics, lower case, one space.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds `s` to a comparison key: diacritics removed (`Đỗ` → `do`), lower
/// case, runs of whitespace as one space, trimmed.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        let mut out = String::with_capacity(s.len());
        for w in s.split(char::is_whitespace).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        }
        return out;
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'ß' => out.push_str("ss"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The fingerprint of `fold(word)`, without allocating for ASCII words.
pub(crate) fn fold_fingerprint(word: &str) -> u64 {
    if word.is_ascii() && !word.chars().any(char::is_whitespace) {
        crate::fingerprint::of_bytes_with(word.as_bytes(), |b| b.to_ascii_lowercase())
    } else {
        crate::fingerprint::of_str(&fold(word))
    }
}

/// Like [`fold`] but also without spaces, hyphens and dots, so that
/// `Viet Nam`, `Việt Nam` and `Vietnam` share one key.
pub fn fold_tight(s: &str) -> String {
    fold(s)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '\'' | '’'))
        .collect()
}

/// Folds to ASCII-ish text keeping case: `Đỗ Hùng Việt` → `Do Hung Viet`.
pub fn strip_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_variants() {
        assert_eq!(fold("Hà  Nội"), "ha noi");
        assert_eq!(fold("HÀ NỘI"), "ha noi");
        assert_eq!(fold("Đỗ Hùng Việt"), "do hung viet");
        assert_eq!(fold_tight("Viet Nam"), fold_tight("Việt Nam"));
        assert_eq!(fold_tight("Vietnam"), "vietnam");
        assert_eq!(strip_diacritics("Đỗ Hùng Việt"), "Do Hung Viet");
        assert_eq!(fold("  New\tYORK  city "), "new york city");
        for w in ["Hanoi", "HÀ", "U.S.", "a b", ""] {
            assert_eq!(
                fold_fingerprint(w),
                crate::fingerprint::of_str(&fold(w)),
                "{w}"
            );
        }
    }
}
