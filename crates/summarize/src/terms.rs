//! Turning words into index terms: lower-case, possessive stripped, stop
//! words out, Snowball (Porter2) stemmed. The stage, the keyphrase ranker
//! and the background table builder all go through [`TermNormalizer`], so
//! their terms always agree.

use crate::stopwords::is_stop_word;
use rust_stemmers::{Algorithm, Stemmer};

/// How one word reads once normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WordKind {
    /// A content word with its stem.
    Content(String),
    /// A stop word (lower-cased).
    Stop,
    /// Punctuation, symbols or a bare number.
    Other,
}

/// Normalizes words into stemmed index terms.
pub struct TermNormalizer {
    stemmer: Stemmer,
}

impl std::fmt::Debug for TermNormalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TermNormalizer(english)")
    }
}

impl Default for TermNormalizer {
    fn default() -> Self {
        Self::new()
    }
}

impl TermNormalizer {
    /// An English normalizer.
    pub fn new() -> Self {
        Self {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    /// The stemmed term of a word, or `None` for stop words, punctuation
    /// and numbers.
    pub fn term(&self, word: &str) -> Option<String> {
        let mut buf = String::new();
        match self.classify(word, &mut buf) {
            WordKind::Content(stem) => Some(stem),
            _ => None,
        }
    }

    /// Classifies `word`, leaving its lower-cased, trimmed form in `lower`.
    pub(crate) fn classify(&self, word: &str, lower: &mut String) -> WordKind {
        lower.clear();
        let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric());
        let trimmed = strip_possessive(trimmed);
        if !trimmed.chars().any(char::is_alphabetic) {
            return WordKind::Other;
        }
        if trimmed.is_ascii() {
            lower.push_str(trimmed);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(trimmed.chars().flat_map(char::to_lowercase));
        }
        if is_stop_word(lower) || lower.chars().count() < 2 {
            return WordKind::Stop;
        }
        WordKind::Content(self.stemmer.stem(lower).into_owned())
    }
}

/// `Vietnam's` → `Vietnam`, `players'` → `players`.
fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "\u{2019}s", "'S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return stem;
        }
    }
    word.trim_end_matches(['\'', '\u{2019}'])
}

/// Splits raw text into words (byte spans) where no tokens are available:
/// runs of alphanumerics joined by inner apostrophes, hyphens or dots.
pub fn simple_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joiner = matches!(c, '\'' | '\u{2019}' | '-' | '.');
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if joiner
            && start.is_some()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            // Inner joiner: keep the word going.
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_stemmed_lowercase_content_words() {
        let n = TermNormalizer::new();
        assert_eq!(n.term("Economies").as_deref(), Some("economi"));
        assert_eq!(n.term("Vietnam's").as_deref(), Some("vietnam"));
        assert_eq!(n.term("\"Growth,").as_deref(), Some("growth"));
        assert_eq!(n.term("The"), None);
        assert_eq!(n.term("2024"), None);
        assert_eq!(n.term("--"), None);
    }

    #[test]
    fn simple_words_keeps_inner_joiners() {
        let text = "U.S. growth isn't high-speed, 3.5%.";
        let words: Vec<&str> = simple_words(text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(words, ["U.S", "growth", "isn't", "high-speed", "3.5"]);
    }
}
