//! Line-level features that tell article prose from page furniture:
//! length, final punctuation, stop-word density, capitalization, numbers
//! and link-list shape.

use std::sync::LazyLock;

/// The longest stop word, in bytes: a word longer than this (after
/// lower-casing) is never one, and every stop word packs into a `u64`.
const MAX_STOP_BYTES: usize = 8;

/// The languages with a stop-word list, in the order of
/// [`LineFeatures::lang_stops`] (ISO 639-1).
pub(crate) const PROFILE_LANGS: [&str; 8] = ["en", "fr", "de", "es", "it", "pt", "nl", "vi"];

/// Stop words per language (in [`PROFILE_LANGS`] order): a line of prose
/// has a good share of them, menus and headlines few or none, and their
/// mix tells the language cheaply.
const STOP_WORDS: [&[&str]; 8] = [
    &[
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
        "from", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its",
        "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her",
        "their", "our", "your", "not", "will", "would", "can", "could", "said", "which", "who",
        "than", "into", "about", "after", "over", "also", "there", "if", "so", "up", "out", "more",
    ],
    &[
        "le", "la", "les", "des", "du", "de", "un", "une", "et", "est", "dans", "pour", "que",
        "qui", "sur", "au", "aux", "pas", "il", "elle", "ont", "sont", "avec", "par", "ce", "ne",
    ],
    &[
        "der", "die", "das", "und", "ist", "ein", "eine", "nicht", "mit", "den", "dem", "von",
        "zu", "auf", "für", "sich", "auch", "es", "im", "wird", "sie", "des",
    ],
    &[
        "el", "la", "los", "las", "y", "en", "del", "se", "por", "con", "una", "para", "es", "su",
        "lo", "que", "al", "como",
    ],
    &[
        "il", "di", "che", "è", "per", "non", "gli", "della", "sono", "la", "le", "una", "del",
        "con",
    ],
    &[
        "o", "os", "as", "da", "do", "em", "um", "uma", "não", "que", "para", "com", "de", "se",
    ],
    &[
        "de", "het", "een", "en", "van", "in", "is", "op", "te", "dat", "die", "niet", "met",
        "zijn",
    ],
    &[
        "của", "và", "là", "các", "những", "được", "trong", "có", "cho", "với", "này", "đã", "một",
        "không", "để", "khi", "từ", "người", "về", "theo", "tại",
    ],
];

/// Every stop word with the set of languages (bit per [`PROFILE_LANGS`]
/// index) it belongs to.
static STOP_INDEX: LazyLock<StopIndex> = LazyLock::new(|| {
    let mut index = StopIndex {
        keys: [0; STOP_SLOTS],
        langs: [0; STOP_SLOTS],
    };
    for (i, words) in STOP_WORDS.iter().enumerate() {
        for w in *words {
            // invariant: every stop word is at most MAX_STOP_BYTES long
            // (checked by a test), so it packs.
            let key = pack(w.as_bytes()).unwrap_or_else(|| unreachable!("short stop word"));
            let mut slot = slot_of(key);
            while index.keys[slot] != 0 && index.keys[slot] != key {
                slot = (slot + 1) % STOP_SLOTS;
            }
            index.keys[slot] = key;
            index.langs[slot] |= 1 << i;
        }
    }
    index
});

/// Slots of the stop-word table (a power of two, over twice the ~200
/// words; small enough to stay in the L1 cache).
const STOP_SLOTS: usize = 512;

/// An open-addressed table from packed lower-case stop words to their
/// language bits; an empty slot has key 0 (no word packs to 0).
struct StopIndex {
    keys: [u64; STOP_SLOTS],
    langs: [u8; STOP_SLOTS],
}

/// A word of up to [`MAX_STOP_BYTES`] bytes as a little-endian `u64`,
/// zero-padded (words have no zero bytes, so packing is one-to-one).
fn pack(word: &[u8]) -> Option<u64> {
    if word.is_empty() || word.len() > MAX_STOP_BYTES {
        return None;
    }
    let mut buf = [0u8; 8];
    buf[..word.len()].copy_from_slice(word);
    Some(u64::from_le_bytes(buf))
}

fn slot_of(key: u64) -> usize {
    // Fibonacci hashing: the top 9 bits of the product.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55) as usize
}

impl StopIndex {
    /// The language bits of a lower-cased word, if it is a stop word.
    fn get(&self, lower: &[u8]) -> Option<u8> {
        self.get_key(pack(lower)?)
    }

    /// The language bits of a packed lower-cased word (see [`pack`]).
    fn get_key(&self, key: u64) -> Option<u8> {
        let mut slot = slot_of(key);
        loop {
            let k = self.keys[slot];
            if k == key {
                return Some(self.langs[slot]);
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) % STOP_SLOTS;
        }
    }
}

/// Numbers written out, as figures tables often do (`six cts`).
const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "nil",
];

/// Whether a word is one of [`NUMBER_WORDS`] (as written, case-sensitive);
/// a `match`, which compiles to a length switch.
fn is_number_word(word: &str) -> bool {
    let hit = matches!(
        word,
        "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "nil"
    );
    debug_assert_eq!(hit, NUMBER_WORDS.contains(&word));
    hit
}

/// Whether a lower-cased word is a stop word.
pub(crate) fn is_stop_word(lower: &str) -> bool {
    STOP_INDEX.get(lower.as_bytes()).is_some()
}

/// The features of one (normalized, trimmed, non-empty) line.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineFeatures {
    /// Whitespace-separated tokens.
    pub words: usize,
    /// Characters.
    pub chars: usize,
    /// Tokens that are stop words.
    pub stop_words: usize,
    /// Tokens starting with an upper-case letter.
    pub capitalized: usize,
    /// Tokens that are numbers (digits with `.,:%/-`).
    pub numbers: usize,
    /// Whether the line has a lower-case letter.
    pub has_lower: bool,
    /// Whether the line ends like a sentence (`.`, `!`, `?`, `…`, CJK
    /// marks), ignoring closing quotes and brackets.
    pub terminal: bool,
    /// Whether it ends with a full stop (as opposed to `?` or `!`).
    pub full_stop: bool,
    /// Count of link-list separators standing alone (` » `, ` | `, …).
    pub separators: usize,
    /// Characters that are letters.
    pub letters: usize,
    /// Letters outside ASCII.
    pub non_ascii_letters: usize,
    /// Stop words per language of [`PROFILE_LANGS`].
    pub lang_stops: [u16; 8],
}

impl LineFeatures {
    /// Computes the features of a line.
    pub(crate) fn of(line: &str) -> Self {
        let mut f = LineFeatures::default();
        let mut lower = String::new();
        // Tokens split at single spaces (a space byte is always a character
        // boundary), without `str::split`'s per-token search overhead.
        let bytes = line.as_bytes();
        let ascii = line.is_ascii();
        // Tokens are split on spaces, the same way for any script.
        let mut pos = 0;
        while pos < bytes.len() {
            if bytes[pos] == b' ' {
                pos += 1;
                continue;
            }
            let start = pos;
            while pos < bytes.len() && bytes[pos] != b' ' {
                pos += 1;
            }
            f.add_token(&line[start..pos], &mut lower);
        }
        if ascii {
            // For ASCII, `is_alphabetic` and `is_lowercase` are their ASCII
            // versions; counted in blocks with byte counters (at most 64
            // per block), branch-free, so that it vectorizes.
            let (mut letters, mut has_lower) = (0usize, false);
            for block in bytes.chunks(64) {
                let (n, low) = block.iter().fold((0u8, 0u8), |(n, low), &b| {
                    (
                        n + u8::from(b.is_ascii_alphabetic()),
                        low | u8::from(b.is_ascii_lowercase()),
                    )
                });
                letters += usize::from(n);
                has_lower |= low != 0;
            }
            f.chars = line.len();
            f.letters = letters;
            f.has_lower = has_lower;
        } else {
            f.count_chars(line);
        }
        let end = line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*']);
        if let Some(last) = end.chars().next_back() {
            f.terminal = matches!(last, '.' | '!' | '?' | '…' | '。' | '！' | '？');
            f.full_stop = matches!(last, '.' | '。');
        }
        f
    }

    /// Counts one non-empty token; `lower` is a scratch buffer.
    fn add_token(&mut self, token: &str, lower: &mut String) {
        let f = self;
        f.words += 1;
        if is_separator(token) {
            f.separators += 1;
            return;
        }
        let (word, stop) = if token.is_ascii() {
            // The same as below, on bytes: for ASCII, `is_alphanumeric`,
            // `is_uppercase` and lower-casing are their ASCII versions, and
            // lower-casing keeps the length, so long words are never stop
            // words and short ones fit a stack buffer.
            let b = token.as_bytes();
            let Some(first) = b.iter().position(u8::is_ascii_alphanumeric) else {
                return;
            };
            let last = b
                .iter()
                .rposition(u8::is_ascii_alphanumeric)
                .unwrap_or(first);
            let word = &token[first..=last];
            if b[first].is_ascii_uppercase() {
                f.capitalized += 1;
            }
            let stop = if word.len() <= MAX_STOP_BYTES {
                // Packed lower-case in registers, as `pack` would.
                let key = word.bytes().enumerate().fold(0u64, |key, (i, b)| {
                    key | u64::from(b.to_ascii_lowercase()) << (8 * i)
                });
                STOP_INDEX.get_key(key)
            } else {
                None
            };
            (word, stop)
        } else {
            let word = token.trim_matches(|c: char| !c.is_alphanumeric());
            if word.is_empty() {
                return;
            }
            if word.chars().next().is_some_and(char::is_uppercase) {
                f.capitalized += 1;
            }
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            (word, STOP_INDEX.get(lower.as_bytes()))
        };
        if word
            .bytes()
            .all(|c| c.is_ascii_digit() || b",.:%/-".contains(&c))
            || is_number_word(word)
        {
            f.numbers += 1;
        }
        if let Some(langs) = stop {
            f.stop_words += 1;
            for (i, n) in f.lang_stops.iter_mut().enumerate() {
                if langs & (1 << i) != 0 {
                    *n += 1;
                }
            }
        }
    }

    /// Counts the characters, letters, non-ASCII letters and lower case of
    /// a line with non-ASCII characters.
    fn count_chars(&mut self, line: &str) {
        let f = self;
        for c in line.chars() {
            f.chars += 1;
            if c.is_alphabetic() {
                f.letters += 1;
                if !c.is_ascii() {
                    f.non_ascii_letters += 1;
                }
                if c.is_lowercase() {
                    f.has_lower = true;
                }
            }
        }
    }

    /// Share of tokens that are stop words.
    pub(crate) fn stop_ratio(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.stop_words as f64 / self.words as f64
        }
    }

    /// Article prose: a long enough sentence, or a long line.
    pub(crate) fn is_prose(&self) -> bool {
        let cjk_long = self.words <= 3 && self.chars >= 40;
        if self.is_headline_case() && self.words < 25 {
            return false;
        }
        let sentence = self.terminal && self.words >= 8 && self.stop_ratio() > 0.0;
        let long = self.words >= 25 && self.stop_ratio() >= 0.1;
        sentence || long || (self.terminal && cjk_long)
    }

    /// Every word capitalized (or a number), as in a title-case headline.
    pub(crate) fn is_headline_case(&self) -> bool {
        self.words >= 3 && self.capitalized + self.numbers >= self.words
    }

    /// A short sentence or a row of figures, which continues prose next to
    /// it.
    pub(crate) fn is_sentence_like(&self) -> bool {
        (self.terminal && self.words >= 3 && self.has_lower) || self.is_data_row()
    }

    /// A row of a table of figures (`Shr 17 cts vs 13 cts`).
    pub(crate) fn is_data_row(&self) -> bool {
        self.words >= 3 && self.numbers >= 2 && self.numbers * 5 >= self.words && self.has_lower
    }

    /// Every word capitalized and none a stop word: the shape of a menu.
    pub(crate) fn is_menu_shaped(&self) -> bool {
        let content = self.words - self.separators;
        content >= 5 && self.capitalized == content && self.stop_words == 0 && !self.terminal
    }

    /// Few letters: counters, separators, stray symbols.
    pub(crate) fn is_symbolic(&self) -> bool {
        self.letters * 2 < self.chars && self.numbers < 2 || self.letters == 0
    }
}

/// Tokens that separate the items of breadcrumbs and link lists.
pub(crate) fn is_separator(token: &str) -> bool {
    matches!(
        token,
        "»" | "›" | ">" | "|" | "/" | "•" | "·" | "→" | "::" | ">>" | "»»" | "/>" | "\\"
    )
}

#[cfg(test)]
mod tests {
    use super::{LineFeatures, MAX_STOP_BYTES, STOP_WORDS, is_stop_word};

    #[test]
    fn stop_words_pack() {
        for words in STOP_WORDS {
            for w in words {
                assert!(w.len() <= MAX_STOP_BYTES && !w.is_empty(), "{w}");
                assert!(is_stop_word(w), "{w}");
            }
        }
        assert!(!is_stop_word("thee") && !is_stop_word("") && !is_stop_word("longerword"));
    }

    #[test]
    fn prose_and_furniture_shapes() {
        let prose =
            LineFeatures::of("The bank said the network would link 31 banks in the county.");
        assert!(prose.is_prose());
        let sub = LineFeatures::of("ASEAN completes its vision to 2045");
        assert!(!sub.is_prose() && !sub.is_sentence_like());
        assert!(LineFeatures::of("He declined to comment.").is_sentence_like());
        assert!(LineFeatures::of("Shr 17 cts vs 13 cts").is_data_row());
        assert!(
            LineFeatures::of("World Business Markets Sustainability Legal Technology")
                .is_menu_shaped()
        );
        assert_eq!(LineFeatures::of("Home » News » Politics").separators, 2);
        assert!(LineFeatures::of("12 | 4").is_symbolic());
    }
}
