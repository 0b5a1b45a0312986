//! Index terms of frequent word forms, worked out once when the stage is
//! built.
//!
//! Normalizing a word ([`TermNormalizer::classify`]: trim, lower-case,
//! stop-word check, Snowball stem) and looking up its IDF cost more than
//! the rest of a document's analysis together, and most distinct words of a
//! news article are among a few thousand forms (`the`, `said`, `percent`,
//! `Government`). [`FrequentTerms`] holds, for the forms of
//! `data/frequent_words.txt`, exactly what `classify` and
//! [`BackgroundDf::idf`] give, so a document looks those up instead. It is
//! read-only and shared by every worker; it changes speed only, never a
//! term or a weight.

use crate::background::BackgroundDf;
use crate::hashing::FxHashMap;
use crate::terms::{TermNormalizer, WordKind};
use std::borrow::Cow;

/// The forms found in the most BBC News Summary articles (2004–05; see
/// `data/README.md`), one a line.
const WORDS: &str = include_str!("../data/frequent_words.txt");

/// The stem and IDF of a frequent form that is a content word.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KnownTerm {
    /// What [`TermNormalizer::classify`] gives the form.
    pub stem: Box<str>,
    /// [`BackgroundDf::idf`] of the stem.
    pub idf: f64,
}

/// Form as written → its term (`None`: a stop word, punctuation or a
/// number, which makes no term).
#[derive(Default)]
pub(crate) struct FrequentTerms {
    terms: FxHashMap<&'static str, Option<KnownTerm>>,
}

impl std::fmt::Debug for FrequentTerms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FrequentTerms({} forms)", self.terms.len())
    }
}

impl FrequentTerms {
    /// The terms of the embedded list of frequent forms.
    pub(crate) fn new(normalizer: &TermNormalizer, background: &BackgroundDf) -> Self {
        let mut lower = String::new();
        let terms = WORDS
            .lines()
            .filter(|w| !w.is_empty())
            .map(|word| {
                let term = match normalizer.classify(word, &mut lower) {
                    WordKind::Content(stem) => Some(KnownTerm {
                        idf: background.idf(&stem),
                        stem: stem.into_boxed_str(),
                    }),
                    WordKind::Stop | WordKind::Other => None,
                };
                (word, term)
            })
            .collect();
        Self { terms }
    }

    /// The term of `form` as written, if the form is in the table: `Some(None)`
    /// for a form that makes no term, `None` for a form the table lacks.
    #[inline]
    pub(crate) fn get(&self, form: &str) -> Option<Option<&KnownTerm>> {
        self.terms.get(form).map(Option::as_ref)
    }

    /// The stem of `form` as written, and its IDF when the table holds it:
    /// from the table if the form is there, else worked out by
    /// `normalizer` (`lower` is its scratch space). `None` for a form that
    /// makes no term.
    pub(crate) fn term<'t>(
        &'t self,
        form: &str,
        normalizer: &TermNormalizer,
        lower: &mut String,
    ) -> Option<(Cow<'t, str>, Option<f64>)> {
        match self.get(form) {
            Some(known) => known.map(|k| (Cow::Borrowed(&*k.stem), Some(k.idf))),
            None => match normalizer.classify(form, lower) {
                WordKind::Content(stem) => Some((Cow::Owned(stem), None)),
                WordKind::Stop | WordKind::Other => None,
            },
        }
    }

    /// Number of forms in the table.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every entry is what normalizing the form and looking up its IDF
    /// give.
    #[test]
    fn entries_are_what_the_normalizer_gives() {
        let normalizer = TermNormalizer::new();
        let background = BackgroundDf::embedded().expect("the embedded table parses");
        let table = FrequentTerms::new(&normalizer, &background);
        assert!(table.len() >= 5000, "{}", table.len());
        let mut lower = String::new();
        let mut content = 0;
        for word in WORDS.lines() {
            let known = table.get(word).expect("every listed form is in the table");
            match normalizer.classify(word, &mut lower) {
                WordKind::Content(stem) => {
                    let known = known.expect("a content word has a term");
                    assert_eq!(&*known.stem, stem, "{word}");
                    assert_eq!(known.idf.to_bits(), background.idf(&stem).to_bits());
                    content += 1;
                }
                WordKind::Stop | WordKind::Other => assert_eq!(known, None, "{word}"),
            }
        }
        assert!(content > 4000, "{content}");
        assert_eq!(
            table.get("Xqzvwk's"),
            None,
            "an unlisted form is not in the table"
        );
        let the = table.get("The").expect("`The` is frequent");
        assert_eq!(the, None, "a stop word makes no term");
        let government = table.get("Government").flatten().expect("a content word");
        assert_eq!(&*government.stem, "govern");
    }
}
