//! Conversion between byte offsets (what Rust code uses) and Unicode code
//! point offsets (what JSONL artifacts carry, see design.md).
//!
//! This is the one place the conversion happens: [`crate::Document`]'s
//! `Serialize`/`Deserialize` impls call it, stages never do.

/// Maps offsets of one text between bytes and code points.
///
/// ASCII text (the common case) needs no table at all; other text keeps the
/// byte position of every char, so both directions are a lookup or a binary
/// search.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// Byte position of each char, plus the text length at the end; empty
    /// when the text is ASCII.
    char_starts: Vec<usize>,
    len_bytes: usize,
}

impl OffsetMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self {
                char_starts: Vec::new(),
                len_bytes: text.len(),
            };
        }
        let mut char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        char_starts.push(text.len());
        Self {
            char_starts,
            len_bytes: text.len(),
        }
    }

    /// Length of the text in code points.
    pub fn len_chars(&self) -> usize {
        if self.char_starts.is_empty() {
            self.len_bytes
        } else {
            self.char_starts.len() - 1
        }
    }

    /// Converts a byte offset to a code point offset. Offsets that are not
    /// on a char boundary map to the char that contains them; offsets past
    /// the end map to the end.
    pub fn to_char(&self, byte: usize) -> usize {
        if self.char_starts.is_empty() {
            return byte.min(self.len_bytes);
        }
        match self.char_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1).min(self.len_chars()),
        }
    }

    /// Converts a code point offset to a byte offset, or `None` when it is
    /// past the end of the text.
    pub fn to_byte(&self, ch: usize) -> Option<usize> {
        if self.char_starts.is_empty() {
            return (ch <= self.len_bytes).then_some(ch);
        }
        self.char_starts.get(ch).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_is_identity() {
        let m = OffsetMap::new("hello");
        assert_eq!(m.to_char(3), 3);
        assert_eq!(m.to_byte(5), Some(5));
        assert_eq!(m.to_byte(6), None);
    }

    #[test]
    fn vietnamese_round_trips() {
        let text = "Đỗ Hùng Việt";
        let m = OffsetMap::new(text);
        assert_eq!(m.len_chars(), 12);
        let byte = text.find("Việt").unwrap();
        assert_eq!(m.to_char(byte), 8);
        assert_eq!(m.to_byte(8), Some(byte));
        assert_eq!(m.to_byte(12), Some(text.len()));
        assert_eq!(m.to_byte(13), None);
    }

    proptest! {
        #[test]
        fn char_and_byte_agree(text in "\\PC{0,40}") {
            let m = OffsetMap::new(&text);
            for (ci, (bi, _)) in text.char_indices().enumerate() {
                prop_assert_eq!(m.to_char(bi), ci);
                prop_assert_eq!(m.to_byte(ci), Some(bi));
            }
            prop_assert_eq!(m.to_byte(m.len_chars()), Some(text.len()));
        }
    }
}
