//! One document read once for ranking: its words, grouped by sentence,
//! with their stemmed terms interned to small ids and weighted by IDF.

use crate::background::BackgroundDf;
use crate::frequent::FrequentTerms;
use crate::hashing::FxHashMap;
use crate::terms::TermNormalizer;
use docpipe_core::{Entity, Span, Token};
use std::collections::HashMap;
use std::ops::Range;

/// A token as the ranker sees it.
#[derive(Debug, Clone)]
pub(crate) struct Word<'a> {
    /// Index of the sentence holding it.
    pub sentence: usize,
    /// The token's text.
    pub surface: &'a str,
    /// Its content term id, `None` for stop words and punctuation.
    pub term: Option<u32>,
    /// Whether it has an alphanumeric character (counts as a word).
    pub wordlike: bool,
    /// Its part-of-speech tag, when `tag` ran.
    pub pos: Option<&'a str>,
    /// Byte offset of the token in the text.
    pub start: usize,
    /// Index of the named entity (PERSON, ORG, LOC, MISC) the token is a
    /// word of, when `tag` found one there ([`Analysis::mark_entities`]).
    pub entity: Option<u32>,
    /// The person the token names, when it is a word of a PERSON entity:
    /// one id for every mention with the same canonical name (`Minh` and
    /// `Pham Binh Minh`).
    pub person: Option<u32>,
}

/// A sparse, L2-normalized TF-IDF vector, sorted by term id.
pub(crate) type Vector = Vec<(u32, f64)>;

/// The analysed document.
#[derive(Debug)]
pub(crate) struct Analysis<'a> {
    /// Stem of each term id.
    pub terms: Vec<String>,
    /// IDF of each term id.
    pub idf: Vec<f64>,
    /// Words of the sentences, in order.
    pub words: Vec<Word<'a>>,
    /// Range of `words` in each sentence.
    pub sentence_words: Vec<Range<usize>>,
    /// Term id of each stem.
    stem_ids: FxHashMap<String, u32>,
}

impl<'a> Analysis<'a> {
    /// Reads `tokens` of `text`, assigning each to the sentence holding it
    /// (tokens outside every sentence are skipped).
    pub fn new(
        text: &'a str,
        sentences: &[Span],
        tokens: &'a [Token],
        normalizer: &TermNormalizer,
        background: &BackgroundDf,
        frequent: &FrequentTerms,
    ) -> Self {
        let mut terms: Vec<String> = Vec::new();
        let mut idf = Vec::new();
        let mut stem_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut by_surface: FxHashMap<&'a str, Option<u32>> = FxHashMap::default();
        let mut lower = String::new();
        let mut words = Vec::with_capacity(tokens.len());
        let mut sentence_words = Vec::with_capacity(sentences.len());
        let mut t = 0;
        for (si, s) in sentences.iter().enumerate() {
            let first = words.len();
            while t < tokens.len() && tokens[t].start < s.start {
                t += 1;
            }
            while t < tokens.len() && tokens[t].end <= s.end {
                let tok = &tokens[t];
                t += 1;
                let Some(surface) = text.get(tok.start..tok.end) else {
                    continue;
                };
                let term = *by_surface.entry(surface).or_insert_with(|| {
                    let (stem, weight) = frequent.term(surface, normalizer, &mut lower)?;
                    if let Some(&id) = stem_ids.get(&*stem) {
                        return Some(id);
                    }
                    let id = u32::try_from(terms.len()).unwrap_or(u32::MAX);
                    idf.push(weight.unwrap_or_else(|| background.idf(&stem)));
                    terms.push(stem.clone().into_owned());
                    stem_ids.insert(stem.into_owned(), id);
                    Some(id)
                });
                words.push(Word {
                    sentence: si,
                    surface,
                    term,
                    wordlike: surface.chars().any(char::is_alphanumeric),
                    pos: tok.pos.as_deref(),
                    start: tok.start,
                    entity: None,
                    person: None,
                });
            }
            sentence_words.push(first..words.len());
        }
        Self {
            terms,
            idf,
            words,
            sentence_words,
            stem_ids,
        }
    }

    /// Marks the words of each named entity (PERSON, ORG, LOC, MISC) of
    /// `entities` with its index, and those of people with the person's
    /// id, so that keyphrases keep names whole and people apart.
    pub fn mark_entities(&mut self, entities: &[Entity]) {
        let named = entities
            .iter()
            .filter(|e| matches!(e.label.as_str(), "PERSON" | "ORG" | "LOC" | "MISC"));
        let mut people: HashMap<&str, u32> = HashMap::new();
        for (i, e) in named.enumerate() {
            let Ok(id) = u32::try_from(i) else {
                break;
            };
            let person = (e.label == "PERSON").then(|| {
                let name = e.canonical.as_deref().unwrap_or(&e.text);
                let next = u32::try_from(people.len()).unwrap_or(u32::MAX);
                *people.entry(name).or_insert(next)
            });
            let first = self.words.partition_point(|w| w.start < e.start);
            for w in self.words[first..]
                .iter_mut()
                .take_while(|w| w.start < e.end)
            {
                w.entity = Some(id);
                w.person = person;
            }
        }
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.sentence_words.len()
    }

    /// Number of word-like tokens in sentence `i`.
    pub fn word_count(&self, i: usize) -> usize {
        self.words[self.sentence_words[i].clone()]
            .iter()
            .filter(|w| w.wordlike)
            .count()
    }

    /// The TF-IDF vector of sentence `i`.
    pub fn sentence_vector(&self, i: usize) -> Vector {
        self.vector(
            self.words[self.sentence_words[i].clone()]
                .iter()
                .filter_map(|w| w.term),
        )
    }

    /// The TF-IDF vector of a bag of term ids, `(1 + ln tf) · idf`, L2-normalized.
    pub fn vector(&self, ids: impl Iterator<Item = u32>) -> Vector {
        let mut ids: Vec<u32> = ids.collect();
        ids.sort_unstable();
        let mut v: Vector = Vec::with_capacity(ids.len());
        for id in ids {
            match v.last_mut() {
                Some((last, tf)) if *last == id => *tf += 1.0,
                _ => v.push((id, 1.0)),
            }
        }
        for (id, w) in &mut v {
            *w = (1.0 + w.ln()) * self.idf[*id as usize];
        }
        normalize(&mut v);
        v
    }

    /// The term id of a stem, if the document has the term. Another
    /// text's words (a title) take these ids; terms the document lacks are
    /// left out (they add nothing to a cosine with its sentences).
    pub fn term_id(&self, stem: &str) -> Option<u32> {
        self.stem_ids.get(stem).copied()
    }
}

fn normalize(v: &mut Vector) {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// Cosine of two normalized sparse vectors.
pub(crate) fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        crate::terms::simple_words(text)
            .into_iter()
            .map(|(s, e)| Token::new(s, e))
            .collect()
    }

    #[test]
    fn groups_words_by_sentence_and_interns_stems() {
        let text = "Rice exports rose. The rice export fell.";
        let toks = tokens(text);
        let sents = [Span::new(0, 18), Span::new(19, text.len())];
        let bg = BackgroundDf::default();
        let a = Analysis::new(
            text,
            &sents,
            &toks,
            &TermNormalizer::new(),
            &bg,
            &FrequentTerms::default(),
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a.word_count(0), 3);
        assert_eq!(a.word_count(1), 4);
        assert_eq!(a.terms, ["rice", "export", "rose", "fell"]);
        let (v0, v1) = (a.sentence_vector(0), a.sentence_vector(1));
        let c = cosine(&v0, &v1);
        assert!(c > 0.5 && c < 1.0, "{c}");
        assert!((cosine(&v0, &v0) - 1.0).abs() < 1e-9);
    }

    /// Terms and weights are the same whether a word's term comes from the
    /// table of frequent forms or is worked out for the document.
    #[test]
    fn frequent_forms_change_no_term_or_weight() {
        let bg = BackgroundDf::embedded().expect("the embedded table parses");
        let normalizer = TermNormalizer::new();
        let table = FrequentTerms::new(&normalizer, &bg);
        let empty = FrequentTerms::default();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/news");
        let mut articles = 0;
        for entry in std::fs::read_dir(dir).expect("the sample corpus is there") {
            let text = std::fs::read_to_string(entry.expect("a file").path()).expect("text");
            let toks = tokens(&text);
            let half = toks[toks.len() / 2].start;
            let sents = [Span::new(0, half), Span::new(half, text.len())];
            let with = Analysis::new(&text, &sents, &toks, &normalizer, &bg, &table);
            let without = Analysis::new(&text, &sents, &toks, &normalizer, &bg, &empty);
            assert!(with.terms.len() > 50, "{}", with.terms.len());
            assert_eq!(with.terms, without.terms);
            assert_eq!(with.idf, without.idf);
            assert_eq!(format!("{:?}", with.words), format!("{:?}", without.words));
            let listed = toks
                .iter()
                .filter(|t| table.get(&text[t.start..t.end]).is_some())
                .count();
            assert!(listed * 2 > toks.len(), "most words are frequent forms");
            articles += 1;
        }
        assert_eq!(articles, 5);
    }
}
