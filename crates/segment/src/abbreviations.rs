//! The abbreviation table: which words followed by a period keep it, and
//! whether such a word may end a sentence.
//!
//! The built-in lists live in `data/abbreviations.txt` (see its header for
//! the format) and `data/sentence_starters.txt`; options add to them.

use std::collections::HashSet;

/// The built-in abbreviation list.
const BUILT_IN: &str = include_str!("../data/abbreviations.txt");
/// The built-in list of words that start a sentence after an abbreviation.
const STARTERS: &str = include_str!("../data/sentence_starters.txt");

/// How an abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevClass {
    /// Precedes a name (`Mr.`, `Gen.`): never ends a sentence.
    Title,
    /// An abbreviation only before a number (`No. 5`, `p. 12`).
    Number,
    /// May end a sentence when the next word clearly starts one (`Inc.`).
    Common,
    /// A measure word after a number (`pct`, `mln`, `lbs`), which running
    /// text writes without a period: before a capitalized word the period
    /// is the sentence's (`rose 12 pct. Sales fell`); elsewhere it is kept
    /// as a [`AbbrevClass::Common`] one's.
    Unit,
}

/// The abbreviations and sentence-starter words a segmenter uses.
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    title: HashSet<Box<str>>,
    number: HashSet<Box<str>>,
    common: HashSet<Box<str>>,
    unit: HashSet<Box<str>>,
    starters: HashSet<Box<str>>,
}

impl Abbreviations {
    /// The built-in table.
    pub fn built_in() -> Self {
        let mut table = Self::default();
        table.load(BUILT_IN);
        for line in entries(STARTERS) {
            table.starters.insert(line.into());
        }
        table
    }

    /// Adds entries in the data-file format (with `[section]` headers;
    /// entries before any header are `[common]`).
    pub fn load(&mut self, source: &str) {
        let mut class = AbbrevClass::Common;
        for line in entries(source) {
            class = match line {
                "[title]" => AbbrevClass::Title,
                "[number]" => AbbrevClass::Number,
                "[common]" => AbbrevClass::Common,
                "[unit]" => AbbrevClass::Unit,
                _ => {
                    self.insert(line, class);
                    class
                }
            };
        }
    }

    /// Adds one abbreviation (a trailing period is ignored).
    pub fn insert(&mut self, word: &str, class: AbbrevClass) {
        let word = word.trim().trim_end_matches('.');
        if word.is_empty() {
            return;
        }
        let set = match class {
            AbbrevClass::Title => &mut self.title,
            AbbrevClass::Number => &mut self.number,
            AbbrevClass::Common => &mut self.common,
            AbbrevClass::Unit => &mut self.unit,
        };
        set.insert(word.into());
        let upper = word.to_uppercase();
        if upper != word {
            set.insert(upper.into());
        }
    }

    /// The class of `word` (written without its final period), if it is a
    /// known abbreviation. Titles win over the other classes.
    pub fn class(&self, word: &str) -> Option<AbbrevClass> {
        if self.title.contains(word) {
            Some(AbbrevClass::Title)
        } else if self.common.contains(word) {
            Some(AbbrevClass::Common)
        } else if self.unit.contains(word) {
            Some(AbbrevClass::Unit)
        } else if self.number.contains(word) {
            Some(AbbrevClass::Number)
        } else {
            None
        }
    }

    /// Whether `word` is a function word that starts a sentence when it
    /// follows an abbreviation.
    pub fn is_starter(&self, word: &str) -> bool {
        self.starters.contains(word)
    }
}

/// The non-comment, non-blank lines of a data file, trimmed.
fn entries(source: &str) -> impl Iterator<Item = &str> {
    source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_classes() {
        let t = Abbreviations::built_in();
        assert_eq!(t.class("Mr"), Some(AbbrevClass::Title));
        assert_eq!(t.class("MR"), Some(AbbrevClass::Title));
        assert_eq!(t.class("Inc"), Some(AbbrevClass::Common));
        assert_eq!(t.class("U.S"), Some(AbbrevClass::Common));
        assert_eq!(t.class("No"), Some(AbbrevClass::Number));
        assert_eq!(t.class("pct"), Some(AbbrevClass::Unit));
        assert_eq!(t.class("MLN"), Some(AbbrevClass::Unit));
        assert_eq!(t.class("sat"), None);
        assert!(t.is_starter("The"));
        assert!(!t.is_starter("Treasury"));
    }

    #[test]
    fn user_entries_extend() {
        let mut t = Abbreviations::built_in();
        t.insert("Rt. Hon.", AbbrevClass::Title);
        t.insert("approx.", AbbrevClass::Common);
        t.load("[title]\nHH\n");
        assert_eq!(t.class("Rt. Hon"), Some(AbbrevClass::Title));
        assert_eq!(t.class("HH"), Some(AbbrevClass::Title));
        assert_eq!(t.class("approx"), Some(AbbrevClass::Common));
    }
}
