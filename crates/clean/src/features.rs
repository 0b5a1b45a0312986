//! Line-level features that tell article prose from page furniture:
//! length, final punctuation, stop-word density, capitalization, numbers
//! and link-list shape.

use std::ops::Range;
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
        keys: [0; STOP_SLOTS + STOP_PROBES - 1],
        langs: [0; STOP_SLOTS + STOP_PROBES - 1],
    };
    for (i, words) in STOP_WORDS.iter().enumerate() {
        for w in *words {
            // invariant: every stop word is at most MAX_STOP_BYTES long
            // (checked by a test), so it packs.
            let key = pack(w.as_bytes()).unwrap_or_else(|| unreachable!("short stop word"));
            // Linear probing into the padding, never wrapping; a test checks
            // that every word lands within STOP_PROBES of its home slot.
            let mut slot = slot_of(key);
            while index.keys[slot] != 0 && index.keys[slot] != key {
                slot += 1;
            }
            index.keys[slot] = key;
            index.langs[slot] |= 1 << i;
        }
    }
    index
});

/// Home slots of the stop-word table (a power of two, over twice the ~200
/// words; small enough to stay in the L1 cache).
const STOP_SLOTS: usize = 512;

/// Slots looked at from a word's home slot. Every stop word sits within
/// them (a test checks it), so a lookup compares a fixed number of slots
/// without a branch on each: prose is a third stop words, in no
/// predictable order.
const STOP_PROBES: usize = 4;

/// An open-addressed table from packed lower-case stop words to their
/// language bits; an empty slot has key 0 (no word packs to 0), and the
/// last home slots probe into `STOP_PROBES - 1` slots of padding.
struct StopIndex {
    keys: [u64; STOP_SLOTS + STOP_PROBES - 1],
    langs: [u8; STOP_SLOTS + STOP_PROBES - 1],
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
    // Multiplicative hashing, the top 9 bits of the product; with this
    // multiplier (MurmurHash3's) no stop word lies more than two slots
    // from home.
    (key.wrapping_mul(0xFF51_AFD7_ED55_8CCD) >> 55) as usize
}

impl StopIndex {
    /// The language bits of a lower-cased word, if it is a stop word.
    fn get(&self, lower: &[u8]) -> Option<u8> {
        self.get_key(pack(lower)?)
    }

    /// The language bits of a packed lower-cased word (see [`pack`]).
    fn get_key(&self, key: u64) -> Option<u8> {
        let home = slot_of(key);
        let mut langs = 0u8;
        for slot in home..home + STOP_PROBES {
            // All ones where the key matches, else zero.
            let hit = 0u8.wrapping_sub(u8::from(self.keys[slot] == key));
            langs |= self.langs[slot] & hit;
        }
        // Every stop word has a language bit.
        (langs != 0).then_some(langs)
    }
}

/// Numbers written out, as figures tables often do (`six cts`).
const NUMBER_WORDS: [&str; 13] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "nil",
];

/// [`NUMBER_WORDS`] packed as [`pack_short`] packs them (all are at most
/// eight bytes).
const PACKED_NUMBER_WORDS: [u64; 13] = pack_all(NUMBER_WORDS);

/// Whether a word is one of [`NUMBER_WORDS`] (as written, case-sensitive).
fn is_number_word(word: &[u8]) -> bool {
    // Asked of every word: rule most out by their length and first letter.
    if !(3..=6).contains(&word.len()) || !matches!(word[0], b'o' | b't' | b'f' | b's' | b'e' | b'n')
    {
        return false;
    }
    PACKED_NUMBER_WORDS.contains(&pack_short(word))
}

/// Whether a word is a figure: digits with `.,:%/-`.
fn is_figure(word: &[u8]) -> bool {
    word.iter()
        .all(|&c| c.is_ascii_digit() || b",.:%/-".contains(&c))
}

/// Whether a lower-cased word is a stop word.
pub(crate) fn is_stop_word(lower: &str) -> bool {
    STOP_INDEX.get(lower.as_bytes()).is_some()
}

/// The features of one (normalized, trimmed, non-empty) line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

/// Bytes of a line handled at once on the ASCII path: one bit each in a
/// `u64` mask.
const BLOCK: usize = 64;

/// At most eight bytes as a little-endian `u64`, zero-padded, as [`pack`]
/// has them (built in a register: no call to copy a few bytes). A `const
/// fn`, so that tables of packed words are built at compile time.
const fn pack_short(bytes: &[u8]) -> u64 {
    let mut key = 0;
    let mut i = 0;
    while i < bytes.len() && i < 8 {
        key |= (bytes[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// Each of `words` packed by [`pack_short`], at compile time.
const fn pack_all<const N: usize>(words: [&str; N]) -> [u64; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = pack_short(words[i].as_bytes());
        i += 1;
    }
    out
}

/// Eight packed ASCII bytes lower-cased at once: `A`..=`Z` are the bytes
/// that reach 0x80 when 0x3F is added but not when 0x25 is (no byte
/// carries, all are below 0x80), and lower-casing sets their 0x20 bit.
fn ascii_lower(packed: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least_a = packed + ONES * u64::from(0x80 - b'A');
    let past_z = packed + ONES * u64::from(0x80 - b'Z' - 1);
    let upper = at_least_a & !past_z & (ONES * 0x80);
    packed | (upper >> 2)
}

/// Of eight bytes (little-endian in a `u64`), a bit for each that is not
/// a space: bit `i` for byte `i`. Done on the whole word at once.
fn non_space_bits(eight: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const SPACES: u64 = 0x2020_2020_2020_2020;
    // Zero bytes where there were spaces; then the high bit of each byte
    // that is not zero (adding 0x7f to the low seven bits never carries
    // into the next byte).
    let v = eight ^ SPACES;
    let high = (((v & LOW7) + LOW7) | v) & !LOW7;
    // Gather the eight high bits into the low byte: the multiplier moves
    // byte i's bit to bit 56 + i, with no two partial products colliding.
    (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

impl LineFeatures {
    /// Computes the features of a line.
    pub(crate) fn of(line: &str) -> Self {
        let mut f = if line.is_ascii() {
            Self::of_ascii(line.as_bytes())
        } else {
            Self::of_unicode(line)
        };
        let end = line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*']);
        if let Some(last) = end.chars().next_back() {
            f.terminal = matches!(last, '.' | '!' | '?' | '…' | '。' | '！' | '？');
            f.full_stop = matches!(last, '.' | '。');
        }
        f
    }

    /// Tokens and counts of an ASCII line, where `is_alphabetic` and
    /// `is_lowercase` are their ASCII versions. The line is read in blocks
    /// of [`BLOCK`] bytes: one branch-free pass (which vectorizes) marks the
    /// non-space bytes in a bit mask and counts letters, and tokens are
    /// then found from the mask's edges, a few per block, instead of a
    /// branch per byte.
    fn of_ascii(bytes: &[u8]) -> Self {
        let mut f = LineFeatures::default();
        let (mut letters, mut has_lower) = (0usize, false);
        // Whether the byte before the block is a token's (its bit), and
        // where that token starts.
        let (mut carry, mut start) = (0u64, 0usize);
        for (k, chunk) in bytes.chunks(BLOCK).enumerate() {
            // The last block is padded with spaces: no letters, no tokens.
            let padded;
            let block: &[u8; BLOCK] = match chunk.try_into() {
                Ok(whole) => whole,
                Err(_) => {
                    let mut last = [b' '; BLOCK];
                    last[..chunk.len()].copy_from_slice(chunk);
                    padded = last;
                    &padded
                }
            };
            // Letters and lower case, with byte counters (at most 64 per
            // block), branch-free, so that it vectorizes.
            let (n, low) = block.iter().fold((0u8, 0u8), |(n, low), &b| {
                (
                    n + u8::from(b.is_ascii_alphabetic()),
                    low | u8::from(b.is_ascii_lowercase()),
                )
            });
            let mut word_bits = 0u64;
            for (j, eight) in block.chunks_exact(8).enumerate() {
                let mut word = [0u8; 8];
                word.copy_from_slice(eight);
                word_bits |= non_space_bits(u64::from_le_bytes(word)) << (8 * j);
            }
            letters += usize::from(n);
            has_lower |= low != 0;
            // A set bit wherever a token starts or ends.
            let mut edges = word_bits ^ ((word_bits << 1) | carry);
            while edges != 0 {
                let bit = edges.trailing_zeros();
                let at = k * BLOCK + bit as usize;
                if (word_bits >> bit) & 1 == 1 {
                    start = at;
                } else {
                    f.add_ascii_token(bytes, start..at);
                }
                edges &= edges - 1;
            }
            carry = word_bits >> (BLOCK - 1);
        }
        if carry == 1 {
            // A token running to the end of a line of whole blocks.
            f.add_ascii_token(bytes, start..bytes.len());
        }
        f.chars = bytes.len();
        f.letters = letters;
        f.has_lower = has_lower;
        f
    }

    /// Tokens (split at spaces, the same way for any script) and counts of
    /// a line with non-ASCII characters.
    fn of_unicode(line: &str) -> Self {
        let mut f = LineFeatures::default();
        let mut lower = String::new();
        for token in line.split(' ').filter(|t| !t.is_empty()) {
            if token.is_ascii() {
                f.add_ascii_token(token.as_bytes(), 0..token.len());
            } else {
                f.add_unicode_token(token, &mut lower);
            }
        }
        f.count_chars(line);
        f
    }

    /// Counts the non-empty ASCII token at `range` of `line`: for ASCII,
    /// `is_alphanumeric`, `is_uppercase` and lower-casing are their ASCII
    /// versions, and lower-casing keeps the length, so long words are never
    /// stop words and short ones pack in a register (read from the line
    /// eight bytes at a time where it has them).
    fn add_ascii_token(&mut self, line: &[u8], range: Range<usize>) {
        let token = &line[range.clone()];
        self.words += 1;
        if is_separator_bytes(token) {
            self.separators += 1;
            return;
        }
        let Some(first) = token.iter().position(u8::is_ascii_alphanumeric) else {
            return;
        };
        let last = token
            .iter()
            .rposition(u8::is_ascii_alphanumeric)
            .unwrap_or(first);
        let word = &token[first..=last];
        if word[0].is_ascii_uppercase() {
            self.capitalized += 1;
        }
        let at = range.start + first;
        let stop = if word.len() <= MAX_STOP_BYTES {
            let key = match line.get(at..at + 8).map(<[u8; 8]>::try_from) {
                Some(Ok(eight)) => {
                    // Only the word's bytes: shift the rest out.
                    let unused = 8 * (8 - word.len()) as u32;
                    (u64::from_le_bytes(eight) << unused) >> unused
                }
                _ => pack_short(word),
            };
            STOP_INDEX.get_key(ascii_lower(key))
        } else {
            None
        };
        self.count_word(word, stop);
    }

    /// Counts one non-empty token with non-ASCII characters; `lower` is a
    /// scratch buffer.
    fn add_unicode_token(&mut self, token: &str, lower: &mut String) {
        self.words += 1;
        if is_separator(token) {
            self.separators += 1;
            return;
        }
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            return;
        }
        if word.chars().next().is_some_and(char::is_uppercase) {
            self.capitalized += 1;
        }
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        self.count_word(word.as_bytes(), STOP_INDEX.get(lower.as_bytes()));
    }

    /// Counts a word (a token without its leading and trailing marks) as a
    /// number and as a stop word of the languages `stop` has bits for.
    fn count_word(&mut self, word: &[u8], stop: Option<u8>) {
        if is_figure(word) || is_number_word(word) {
            self.numbers += 1;
        }
        if let Some(langs) = stop {
            self.stop_words += 1;
            // Most stop words belong to one or two languages: visit their
            // bits only.
            let mut bits = langs;
            while bits != 0 {
                self.lang_stops[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
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

    /// Few letters: counters, separators, stray symbols. Two stop words
    /// make a sentence, however many emoji it has (`The CEO of 🍎 said
    /// 👨‍👩‍👧‍👦`: one emoji can be seven characters).
    pub(crate) fn is_symbolic(&self) -> bool {
        self.letters * 2 < self.chars && self.numbers < 2 && self.stop_words < 2
            || self.letters == 0
    }
}

/// Tokens that separate the items of breadcrumbs and link lists.
const SEPARATORS: [&str; 13] = [
    "»", "›", ">", "|", "/", "•", "·", "→", "::", ">>", "»»", "/>", "\\",
];

/// [`SEPARATORS`] packed as [`pack_short`] packs them (none is longer than
/// four bytes, checked by a test).
const PACKED_SEPARATORS: [u64; 13] = pack_all(SEPARATORS);

/// Whether a token separates the items of breadcrumbs and link lists.
pub(crate) fn is_separator(token: &str) -> bool {
    is_separator_bytes(token.as_bytes())
}

/// [`is_separator`] on a token's bytes.
#[inline]
fn is_separator_bytes(token: &[u8]) -> bool {
    // Asked of every token: the longest separator has four bytes, and none
    // starts with a letter or digit.
    if token.len() > 4 || token.first().is_none_or(u8::is_ascii_alphanumeric) {
        return false;
    }
    PACKED_SEPARATORS.contains(&pack_short(token))
}

#[cfg(test)]
mod tests {
    use super::{
        LineFeatures, MAX_STOP_BYTES, NUMBER_WORDS, SEPARATORS, STOP_INDEX, STOP_PROBES,
        STOP_WORDS, ascii_lower, is_number_word, is_stop_word, non_space_bits, pack, pack_short,
        slot_of,
    };

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
    fn every_stop_word_lies_within_the_probed_slots() {
        let index = &*STOP_INDEX;
        for words in STOP_WORDS {
            for w in words {
                let key = pack(w.as_bytes()).expect("packs");
                let home = slot_of(key);
                let at = (home..index.keys.len()).find(|&s| index.keys[s] == key);
                assert!(at.is_some_and(|s| s - home < STOP_PROBES), "{w}");
            }
        }
    }

    proptest::proptest! {
        /// The block-wise ASCII path counts exactly what the general path
        /// (token by token, char by char) counts.
        #[test]
        fn ascii_path_agrees_with_the_general_one(
            line in "(( {0,2})(the|Of|AND|one|twelve|12,5%|>>|[|/]|[a-zA-Z0-9.,:%/|>-]{1,12})){0,40} ?"
        ) {
            proptest::prop_assert_eq!(
                LineFeatures::of_ascii(line.as_bytes()),
                LineFeatures::of_unicode(&line)
            );
        }
    }

    #[test]
    fn packing_lower_cases_ascii_as_pack_does() {
        for w in ["The", "AND", "zZaA@[`{", "x", "of", "Mc'Ds", "09AZaz-_"] {
            let want = pack(w.to_ascii_lowercase().as_bytes()).expect("packs");
            assert_eq!(ascii_lower(pack_short(w.as_bytes())), want, "{w}");
        }
        assert!(SEPARATORS.iter().all(|s| s.len() <= 4));
        assert!(NUMBER_WORDS.iter().all(|w| (3..=6).contains(&w.len())));
    }

    #[test]
    fn every_number_word_is_one() {
        for w in NUMBER_WORDS {
            assert!(is_number_word(w.as_bytes()), "{w}");
        }
        assert!(!is_number_word(b"once") && !is_number_word(b"One") && !is_number_word(b""));
    }

    #[test]
    fn non_space_bits_marks_every_byte_but_spaces() {
        for bytes in [
            *b"ab cd  e",
            *b"        ",
            *b"\xff\x80 \x20!~\x00\x7f",
            *b"12345678",
        ] {
            let want = bytes
                .iter()
                .enumerate()
                .fold(0u64, |m, (i, &b)| m | u64::from(b != b' ') << i);
            assert_eq!(non_space_bits(u64::from_le_bytes(bytes)), want, "{bytes:?}");
        }
    }

    #[test]
    fn ascii_tokens_across_blocks_match_a_plain_split() {
        // Tokens that start, end and run across 64-byte block edges.
        for line in [
            "a".repeat(64),
            format!("{} tail", "x".repeat(63)),
            format!("{} The end of it", "word ".repeat(13)),
            format!("{}  the of", "y".repeat(130)),
            " lead and trail ".to_owned(),
        ] {
            let f = LineFeatures::of(&line);
            assert_eq!(
                f.words,
                line.split(' ').filter(|t| !t.is_empty()).count(),
                "{line}"
            );
            let stops = line
                .split(' ')
                .filter(|t| is_stop_word(&t.to_lowercase()))
                .count();
            assert_eq!(f.stop_words, stops, "{line}");
        }
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
