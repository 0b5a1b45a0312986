//! Keyphrases: noun-phrase candidates scored from their words' weight.
//!
//! Candidates are maximal runs of content words inside a sentence: with
//! part-of-speech tags (after `tag`), adjectives and nouns ending in a
//! noun; without them, runs of non-stop words (a past-tense-looking
//! lower-case word breaks a run, as it is most likely a verb). A named
//! entity found by `tag` is never cut (`Do Hung Viet`, not `Hung Viet`), and
//! a person is a phrase of their own, not run into a title (`Minister Do
//! Hung Viet`): all mentions of one person (by canonical name) are one
//! candidate, shown by the fullest name (`Pham Binh Minh`, not `Minh`). A word's
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
    /// A person: shown by the fullest name, not the most frequent form.
    person: bool,
    forms: BTreeMap<String, (usize, usize)>,
}

/// What makes two runs one candidate: their stems, or the person they
/// name.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Key {
    Stems(Vec<u32>),
    Person(u32),
}

/// Extracts the `k` best keyphrases.
pub(crate) fn keyphrases(a: &Analysis<'_>, k: usize) -> Vec<Keyphrase> {
    if k == 0 {
        return Vec::new();
    }
    let tagged = a.words.iter().any(|w| w.pos.is_some());
    let weights = word_weights(a);
    let mut candidates: FxHashMap<Key, Candidate> = FxHashMap::default();
    let mut order = 0;
    for range in &a.sentence_words {
        let words = &a.words[range.clone()];
        let table = tagged && is_table_row(words);
        // A label opening a line (`NOTE:`, `Note -`, `Editor's note:`);
        // with tags only, where a dateline's place (`HÀ NỘI —`) is a name
        // and stays.
        let label = words
            .iter()
            .take(3)
            .position(|w| matches!(w.surface, ":" | "-" | "--" | "—"))
            .filter(|&k| tagged && k >= 1);
        let mut start = 0;
        for end in 0..=words.len() {
            let in_label = label.is_some_and(|k| end < k);
            let next = words
                .get(end)
                .filter(|w| eligible(w, tagged) && !((table || in_label) && w.entity.is_none()));
            // A person is a phrase of their own: a run ends where a
            // person's name starts or ends (`Deputy Minister` | `Do Hung
            // Viet`).
            if let Some(w) = next
                && (end == start || words[end - 1].person == w.person)
            {
                continue;
            }
            if let Some(run) = trim(&words[start..end], tagged) {
                add_candidate(&mut candidates, run, order);
                order += 1;
            }
            start = if next.is_some() { end } else { end + 1 };
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
            text: best_form(&c.forms, c.person),
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

/// Whether a tagged sentence is a row or a heading of a table of figures
/// (`Oper shr loss two cts vs profit seven cts`, `Pay March 31`, `Year`),
/// whose labels (`Oper`, `Pay`, `Record`, `Sales`) are no topics: no verb,
/// and either one or two words, or a number with `vs` or with at most
/// three other words. Names in it still count.
fn is_table_row(words: &[Word<'_>]) -> bool {
    fn pos<'a>(w: &Word<'a>) -> &'a str {
        w.pos.unwrap_or("")
    }
    if words
        .iter()
        .any(|w| pos(w).starts_with("VB") || pos(w) == "MD")
    {
        return false;
    }
    let wordlike = words.iter().filter(|w| w.wordlike).count();
    let number = words.iter().any(|w| pos(w) == "CD");
    let versus = words
        .iter()
        .any(|w| matches!(w.surface, "vs" | "vs." | "Vs" | "VS"));
    wordlike <= 2 || (number && (versus || wordlike <= 4))
}

fn is_noun(pos: &str) -> bool {
    pos.starts_with("NN")
}

/// Words that name a time or abbreviate a unit or a table heading: they
/// say when or how much, not what a text is about, yet news repeats them
/// enough to rank (`a.m.`, `Tuesday`, `Feb.`; Reuters' `mln`, `dlrs`,
/// `vs`, `shr`). Sorted, lower case, as written: short forms that are
/// also words (`Sun.`, `Wed.`, `Mar.`) count only with their period, and
/// `PM` (a prime minister) not at all.
const NOT_TOPICS: &[&str] = &[
    "a.m.",
    "apr",
    "apr.",
    "april",
    "aug",
    "aug.",
    "august",
    "avg",
    "billion",
    "bln",
    "cts",
    "dec",
    "dec.",
    "december",
    "dlr",
    "dlrs",
    "feb",
    "feb.",
    "february",
    "fri.",
    "friday",
    "jan",
    "jan.",
    "january",
    "jul.",
    "july",
    "jun.",
    "june",
    "mar.",
    "march",
    "mln",
    "mon.",
    "monday",
    "nov",
    "nov.",
    "november",
    "oct",
    "oct.",
    "october",
    "p.m.",
    "pct",
    "qtr",
    "revs",
    "sat.",
    "saturday",
    "sep.",
    "sept",
    "sept.",
    "september",
    "shr",
    "shrs",
    "stg",
    "sun.",
    "sunday",
    "thu.",
    "thurs.",
    "thursday",
    "today",
    "tomorrow",
    "tue.",
    "tues.",
    "tuesday",
    "vs",
    "vs.",
    "wed.",
    "wednesday",
    "yesterday",
];

/// Whether a word is one of [`NOT_TOPICS`], in any case.
fn is_not_topic(surface: &str) -> bool {
    // Lower-cased on the stack: this runs for every candidate word.
    let mut buf = [0u8; 9];
    let Some(lower) = buf.get_mut(..surface.len()) else {
        return false;
    };
    lower.copy_from_slice(surface.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).is_ok_and(|w| NOT_TOPICS.binary_search(&w).is_ok())
}

fn eligible(w: &Word<'_>, tagged: bool) -> bool {
    if w.entity.is_some() {
        // Every word of a name, `Do` and `of` too.
        return true;
    }
    if w.term.is_none() || is_not_topic(w.surface) {
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
/// [`MAX_WORDS`] words, keeping the head (the end), and more where that
/// would cut a name. A person's name stays whole, and makes no phrase if
/// none of its words is a term.
fn trim<'w, 'a>(run: &'w [Word<'a>], tagged: bool) -> Option<&'w [Word<'a>]> {
    if run.first().is_some_and(|w| w.person.is_some()) {
        return run.iter().any(|w| w.term.is_some()).then_some(run);
    }
    let mut end = run.len();
    if tagged {
        while end > 0 && run[end - 1].entity.is_none() && !run[end - 1].pos.is_some_and(is_noun) {
            end -= 1;
        }
    }
    if end == 0 {
        return None;
    }
    let mut start = end.saturating_sub(MAX_WORDS);
    while start > 0 && run[start].entity.is_some() && run[start].entity == run[start - 1].entity {
        start -= 1;
    }
    Some(&run[start..end])
}

fn add_candidate(candidates: &mut FxHashMap<Key, Candidate>, run: &[Word<'_>], order: usize) {
    let stems: Vec<u32> = run.iter().filter_map(|w| w.term).collect();
    if stems.is_empty() {
        return;
    }
    let form = run.iter().map(|w| w.surface).collect::<Vec<_>>().join(" ");
    let person = run[0].person;
    let key = person.map_or_else(|| Key::Stems(stems.clone()), Key::Person);
    let c = candidates.entry(key).or_insert_with(|| Candidate {
        first: order,
        person: person.is_some(),
        ..Candidate::default()
    });
    if stems.len() > c.stems.len() {
        // A person is weighed by their fullest name.
        c.stems = stems;
    }
    c.count += 1;
    c.lowercase |= run
        .iter()
        .all(|w| w.surface.chars().next().is_some_and(char::is_lowercase));
    let slot = c.forms.entry(form).or_insert((0, order));
    slot.0 += 1;
}

/// The most frequent surface form, the earliest on ties; with `fullest`
/// (a person), the form with the most words first (`Pham Binh Minh` over
/// `Minh`).
fn best_form(forms: &BTreeMap<String, (usize, usize)>, fullest: bool) -> String {
    let words = |form: &str| if fullest { form.split(' ').count() } else { 0 };
    forms
        .iter()
        .max_by(|(a, (ca, fa)), (b, (cb, fb))| {
            words(a).cmp(&words(b)).then(ca.cmp(cb)).then(fb.cmp(fa))
        })
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

    /// The words of `text` as tokens.
    fn words(text: &str) -> Vec<Token> {
        simple_words(text)
            .into_iter()
            .map(|(s, e)| Token::new(s, e))
            .collect()
    }

    /// The sentences of `text`, each ending at a full stop followed by one
    /// space or by the end.
    fn sentences(text: &str) -> Vec<Span> {
        let mut sents = Vec::new();
        let mut from = 0;
        for (end, _) in text.match_indices('.') {
            sents.push(Span::new(from, end + 1));
            from = end + 2;
        }
        sents
    }

    /// Every mention in `text` of each `(name, label)` that does not
    /// overlap an earlier one, sorted; people get `person` as their
    /// canonical name.
    fn mentions(
        text: &str,
        names: &[(&str, &str)],
        person: Option<&str>,
    ) -> Vec<docpipe_core::Entity> {
        let mut entities: Vec<docpipe_core::Entity> = Vec::new();
        for &(name, label) in names {
            for (start, _) in text.match_indices(name) {
                if entities.iter().any(|e| e.start <= start && start < e.end) {
                    continue;
                }
                entities.push(docpipe_core::Entity {
                    start,
                    end: start + name.len(),
                    text: name.to_owned(),
                    label: label.to_owned(),
                    canonical: person.filter(|_| label == "PERSON").map(str::to_owned),
                    value: None,
                });
            }
        }
        entities.sort_by_key(|e| e.start);
        entities
    }

    #[test]
    fn times_and_news_shorthand_are_no_keyphrases() {
        assert!(NOT_TOPICS.windows(2).all(|w| w[0] < w[1]), "sorted");
        for w in [
            "Tuesday", "Feb.", "a.m.", "p.m.", "mln", "DLRS", "vs", "Shr",
        ] {
            assert!(is_not_topic(w), "{w}");
        }
        for w in [
            "contract", "Mayor", "market", "Marchers", "PM", "Sun", "sun", "Wed",
        ] {
            assert!(!is_not_topic(w), "{w}");
        }
        let text = "Net profit rose to 5 mln dlrs vs 3 mln dlrs on Tuesday. \
            Net profit of the refinery rose on Tuesday. The refinery said on Tuesday at 10 a.m. \
            that net profit rose.";
        let toks = words(text);
        let sents = sentences(text);
        let a = analyse(text, &sents, &toks);
        let phrases: Vec<String> = keyphrases(&a, 5).into_iter().map(|k| k.text).collect();
        assert!(phrases.iter().any(|p| p.contains("profit")), "{phrases:?}");
        for p in &phrases {
            assert!(!p.split(' ').any(is_not_topic), "{p} in {phrases:?}");
        }
    }

    #[test]
    fn ranks_repeated_noun_phrases_first_and_dedups() {
        let text = "The rice harvest failed. Rice harvest prices rose as the rice harvest shrank.";
        let toks = words(text);
        let sents = sentences(text);
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

    /// A name found by `tag` is one phrase, whole: its stop words stay in
    /// (`Do`, `of`) and the title before it is a phrase of its own.
    #[test]
    fn named_entities_are_whole_phrases() {
        let text = "Deputy Minister Do Hung Viet praised the Ministry of Foreign Affairs. \
                    Do Hung Viet said the Ministry of Foreign Affairs would lead.";
        let toks = words(text);
        let sents = sentences(text);
        let mut a = analyse(text, &sents, &toks);
        let entities = mentions(
            text,
            &[
                ("Do Hung Viet", "PERSON"),
                ("Ministry of Foreign Affairs", "ORG"),
            ],
            None,
        );
        let before: Vec<String> = keyphrases(&a, 10).into_iter().map(|k| k.text).collect();
        assert!(
            before
                .iter()
                .any(|t| t == "Hung Viet" || t.contains("Minister Do")),
            "without entities the name is cut or run on: {before:?}"
        );
        a.mark_entities(&entities);
        let texts: Vec<String> = keyphrases(&a, 10).into_iter().map(|k| k.text).collect();
        assert!(texts.contains(&"Do Hung Viet".to_owned()), "{texts:?}");
        assert!(
            texts.contains(&"Ministry of Foreign Affairs".to_owned()),
            "{texts:?}"
        );
        assert!(texts.contains(&"Deputy Minister".to_owned()), "{texts:?}");
        assert!(
            !texts
                .iter()
                .any(|t| t == "Hung Viet" || t.contains("Minister Do")),
            "{texts:?}"
        );
    }

    /// Every mention of one person is one candidate, shown by the fullest
    /// name; an organization's name stays whole inside a longer phrase.
    #[test]
    fn people_are_one_phrase_by_their_fullest_name() {
        let text = "Minister Pham Binh Minh opened ASEAN cooperation talks. \
                    Minh praised ASEAN cooperation. Minh left.";
        let toks = words(text);
        let sents = sentences(text);
        let mut a = analyse(text, &sents, &toks);
        let entities = mentions(
            text,
            &[
                ("Pham Binh Minh", "PERSON"),
                ("Minh", "PERSON"),
                ("ASEAN", "ORG"),
            ],
            Some("Pham Binh Minh"),
        );
        a.mark_entities(&entities);
        let texts: Vec<String> = keyphrases(&a, 10).into_iter().map(|k| k.text).collect();
        assert_eq!(texts[0], "Pham Binh Minh", "{texts:?}");
        assert!(!texts.contains(&"Minh".to_owned()), "{texts:?}");
        assert!(
            texts.iter().any(|t| t.starts_with("ASEAN cooperation")),
            "{texts:?}"
        );
    }

    #[test]
    fn tags_restrict_candidates_to_noun_phrases() {
        let text = "Strong exports lifted growth.";
        let tags = ["JJ", "NNS", "VBD", "NN", "."];
        let mut toks = words(text);
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

    /// The labels of a table's rows and headings (`Oper`, `Pay`, `Year`)
    /// and of a line (`Note :`) are no keyphrases; the same words in a
    /// sentence with a verb are, and so is a name in a row.
    #[test]
    fn table_labels_are_no_keyphrases() {
        let text = "Year. Oper profit 12 vs 10. Pay March 31. Record Acme 9. \
            Oper profit rose at Acme. Acme record sales surged. Note : sales were restated.";
        let tags = [
            "NN", ".", "NNP", "NN", "CD", "NNP", "CD", ".", "NN", "NNP", "CD", ".", "NNP", "NNP",
            "CD", ".", "NNP", "NN", "VBD", "IN", "NNP", ".", "NNP", "NN", "NNS", "VBD", ".", "NN",
            ":", "NNS", "VBD", "VBN", ".",
        ];
        let mut toks: Vec<Token> = Vec::new();
        for (start, end) in simple_words(text) {
            toks.push(Token::new(start, end));
            if text[end..].starts_with('.') {
                toks.push(Token::new(end, end + 1));
            }
            if text[end..].starts_with(" :") {
                toks.push(Token::new(end + 1, end + 2));
            }
        }
        assert_eq!(toks.len(), tags.len());
        for (t, p) in toks.iter_mut().zip(tags) {
            t.pos = Some(p.into());
        }
        let sents = sentences(text);
        let table: Vec<bool> = {
            let a = analyse(text, &sents, &toks);
            a.sentence_words
                .iter()
                .map(|r| is_table_row(&a.words[r.clone()]))
                .collect()
        };
        assert_eq!(table, [true, true, true, true, false, false, false]);
        let entities = mentions(text, &[("Acme", "ORG")], None);
        let mut a = analyse(text, &sents, &toks);
        a.mark_entities(&entities);
        let texts: Vec<String> = keyphrases(&a, 10).into_iter().map(|k| k.text).collect();
        assert!(texts.iter().any(|t| t == "Acme"), "{texts:?}");
        assert!(texts.iter().any(|t| t.contains("profit")), "{texts:?}");
        for label in ["Year", "Pay", "Record", "Note"] {
            assert!(!texts.iter().any(|t| t == label), "{label} in {texts:?}");
        }
    }
}
