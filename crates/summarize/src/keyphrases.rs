//! Keyphrases: noun-phrase candidates scored from their words' weight.
//!
//! Candidates are maximal runs of content words inside a sentence: with
//! part-of-speech tags (after `tag`), adjectives and nouns ending in a
//! noun; without them, runs of non-stop words (a past-tense-looking
//! lower-case word breaks a run, as it is most likely a verb). A word's
//! weight is `idf · (1 + ln tf) · (1 + 1/(first sentence + 1))`, a
//! PositionRank-like lead bias; a phrase scores its mean word weight,
//! boosted by its length and frequency. Phrases are deduplicated on
//! their stems (one containing another counts as a duplicate), and scores
//! are scaled so the top phrase is 1 and rounded to 4 decimals.

use crate::analysis::{Analysis, Word};
use crate::hashing::FxHashMap;
use docpipe_core::Keyphrase;
use std::collections::BTreeMap;

/// Longest phrase, in words.
const MAX_WORDS: usize = 4;

/// Score factor of a single lower-case word when there are no POS tags.
const UNTAGGED_LOWERCASE_WORD: f64 = 0.6;

#[derive(Debug, Default)]
struct Candidate {
    stems: Vec<u32>,
    count: usize,
    first: usize,
    /// Seen at least once in lower case (a common word, not a name).
    lowercase: bool,
    forms: BTreeMap<String, (usize, usize)>,
}

/// Extracts the `k` best keyphrases.
pub(crate) fn keyphrases(a: &Analysis<'_>, k: usize) -> Vec<Keyphrase> {
    if k == 0 {
        return Vec::new();
    }
    let tagged = a.words.iter().any(|w| w.pos.is_some());
    let weights = word_weights(a);
    let mut candidates: FxHashMap<Vec<u32>, Candidate> = FxHashMap::default();
    let mut order = 0;
    for range in &a.sentence_words {
        let words = &a.words[range.clone()];
        let mut start = 0;
        for end in 0..=words.len() {
            let eligible = words.get(end).is_some_and(|w| eligible(w, tagged));
            if eligible {
                continue;
            }
            if let Some(run) = trim(&words[start..end], tagged) {
                add_candidate(&mut candidates, run, order);
                order += 1;
            }
            start = end + 1;
        }
    }
    let mut scored: Vec<(f64, Candidate)> = candidates
        .into_values()
        .map(|c| {
            let len = c.stems.len() as f64;
            let mean = c.stems.iter().map(|&t| weights[t as usize]).sum::<f64>() / len;
            let mut score = mean * (1.0 + 0.3 * (len - 1.0)) * (1.0 + (c.count as f64).ln());
            if !tagged && c.stems.len() == 1 && c.lowercase {
                // Untagged, a lone lower-case word is as likely a verb or
                // an adjective as a noun.
                score *= UNTAGGED_LOWERCASE_WORD;
            }
            (score, c)
        })
        .collect();
    scored.sort_by(|(sa, ca), (sb, cb)| sb.total_cmp(sa).then(ca.first.cmp(&cb.first)));
    let mut chosen: Vec<(f64, Candidate)> = Vec::new();
    for (score, c) in scored {
        if chosen.len() == k {
            break;
        }
        let dup = chosen
            .iter()
            .any(|(_, d)| contains(&d.stems, &c.stems) || contains(&c.stems, &d.stems));
        if !dup {
            chosen.push((score, c));
        }
    }
    let top = chosen
        .first()
        .map_or(1.0, |(s, _)| *s)
        .max(f64::MIN_POSITIVE);
    chosen
        .into_iter()
        .map(|(score, c)| Keyphrase {
            text: best_form(&c.forms),
            score: ((score / top) * 10_000.0).round() / 10_000.0,
        })
        .collect()
}

/// Weight of every term: IDF, dampened frequency, lead bias.
fn word_weights(a: &Analysis<'_>) -> Vec<f64> {
    let mut tf = vec![0usize; a.terms.len()];
    let mut first = vec![usize::MAX; a.terms.len()];
    for w in &a.words {
        if let Some(t) = w.term {
            tf[t as usize] += 1;
            first[t as usize] = first[t as usize].min(w.sentence);
        }
    }
    (0..a.terms.len())
        .map(|t| {
            let lead = 1.0 + 1.0 / (first[t].saturating_add(1)) as f64;
            a.idf[t] * (1.0 + (tf[t].max(1) as f64).ln()) * lead
        })
        .collect()
}

fn is_noun(pos: &str) -> bool {
    pos.starts_with("NN")
}

fn eligible(w: &Word<'_>, tagged: bool) -> bool {
    if w.term.is_none() {
        return false;
    }
    if tagged {
        return w.pos.is_some_and(|p| is_noun(p) || p.starts_with("JJ"));
    }
    let lower_verb_like = w.surface.chars().next().is_some_and(char::is_lowercase)
        && (w.surface.ends_with("ed") || w.surface.ends_with("ly"));
    !lower_verb_like
}

/// Trims a run to a phrase: with tags it must end in a noun; at most
/// [`MAX_WORDS`] words, keeping the head (the end).
fn trim<'w, 'a>(run: &'w [Word<'a>], tagged: bool) -> Option<&'w [Word<'a>]> {
    let mut end = run.len();
    if tagged {
        while end > 0 && !run[end - 1].pos.is_some_and(is_noun) {
            end -= 1;
        }
    }
    if end == 0 {
        return None;
    }
    Some(&run[end.saturating_sub(MAX_WORDS)..end])
}

fn add_candidate(candidates: &mut FxHashMap<Vec<u32>, Candidate>, run: &[Word<'_>], order: usize) {
    let stems: Vec<u32> = run.iter().filter_map(|w| w.term).collect();
    let form = run.iter().map(|w| w.surface).collect::<Vec<_>>().join(" ");
    let c = candidates
        .entry(stems.clone())
        .or_insert_with(|| Candidate {
            stems,
            first: order,
            ..Candidate::default()
        });
    c.count += 1;
    c.lowercase |= run
        .iter()
        .all(|w| w.surface.chars().next().is_some_and(char::is_lowercase));
    let slot = c.forms.entry(form).or_insert((0, order));
    slot.0 += 1;
}

/// The most frequent surface form, the earliest on ties.
fn best_form(forms: &BTreeMap<String, (usize, usize)>) -> String {
    forms
        .iter()
        .max_by(|(_, (ca, fa)), (_, (cb, fb))| ca.cmp(cb).then(fb.cmp(fa)))
        .map(|(f, _)| f.clone())
        .unwrap_or_default()
}

/// Whether `needle` is a contiguous part of `hay`.
fn contains(hay: &[u32], needle: &[u32]) -> bool {
    needle.len() <= hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::background::BackgroundDf;
    use crate::terms::{TermNormalizer, simple_words};
    use docpipe_core::{Span, Token};

    fn analyse<'a>(text: &'a str, sents: &[Span], toks: &'a [Token]) -> Analysis<'a> {
        Analysis::new(
            text,
            sents,
            toks,
            &TermNormalizer::new(),
            &BackgroundDf::default(),
            &crate::frequent::FrequentTerms::default(),
        )
    }

    #[test]
    fn ranks_repeated_noun_phrases_first_and_dedups() {
        let text = "The rice harvest failed. Rice harvest prices rose as the rice harvest shrank.";
        let toks: Vec<Token> = simple_words(text)
            .into_iter()
            .map(|(s, e)| Token::new(s, e))
            .collect();
        let sents = [Span::new(0, 24), Span::new(25, text.len())];
        let a = analyse(text, &sents, &toks);
        let k = keyphrases(&a, 5);
        assert_eq!(k[0].score, 1.0);
        assert!(
            k.iter()
                .any(|p| p.text.eq_ignore_ascii_case("rice harvest")),
            "{k:?}"
        );
        assert!(!k.iter().any(|p| p.text == "rice"), "{k:?}");
        assert!(k.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn tags_restrict_candidates_to_noun_phrases() {
        let text = "Strong exports lifted growth.";
        let tags = ["JJ", "NNS", "VBD", "NN", "."];
        let mut toks: Vec<Token> = simple_words(text)
            .into_iter()
            .map(|(s, e)| Token::new(s, e))
            .collect();
        toks.push(Token::new(28, 29));
        for (t, p) in toks.iter_mut().zip(tags) {
            t.pos = Some(p.into());
        }
        let sents = [Span::new(0, text.len())];
        let a = analyse(text, &sents, &toks);
        let texts: Vec<String> = keyphrases(&a, 5).into_iter().map(|k| k.text).collect();
        assert_eq!(texts.len(), 2);
        assert!(texts.contains(&"Strong exports".to_owned()), "{texts:?}");
        assert!(texts.contains(&"growth".to_owned()), "{texts:?}");
    }
}
