//! Acronyms defined in parentheses right after the name they stand for
//! (`the Code of Conduct in the East Sea (COC)`): the acronym names what
//! the name does, so the two take one label, at the definition and at
//! every other mention of the acronym in the document.
//!
//! The name is found as in Schwartz and Hearst (2003), "A simple algorithm
//! for identifying abbreviation definitions in biomedical text": the
//! acronym's letters are matched from its last to its first against the
//! characters of the words before the bracket, right to left, the first
//! letter at the start of a word; the definition starts at that word. The
//! model tags the two apart, one sentence at a time, and often gives the
//! acronym another label than the name (`DOC` an organization after the
//! `Declaration on the Conduct of Parties` a MISC).

use super::bodies::is_body_name;
use super::{View, is_document_name, is_known_organization, named, overlaps};
use docpipe_core::Entity;

/// Longest acronym taken, in characters.
const MAX_ACRONYM: usize = 10;

/// Whether `word` can be an acronym: 2 to [`MAX_ACRONYM`] characters,
/// letters (at least two, all capitals) and digits, `&` or `-`, starting
/// with a letter.
fn is_acronym(word: &str) -> bool {
    let n = word.chars().count();
    (2..=MAX_ACRONYM).contains(&n)
        && word.starts_with(|c: char| c.is_alphabetic())
        && word
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&' || c == '-')
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// The indices in `words` of the words the acronym's first and last
/// letters are matched in, when `words` (those right before the bracket, in
/// order) end with a definition of `acronym`, the shortest: every letter or
/// digit of the acronym, last first, is matched to a character of the
/// words, right to left, and the first to a word's first character.
fn definition(acronym: &str, words: &[&str]) -> Option<(usize, usize)> {
    let wanted: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    // The words' characters right to left, each with its word and whether
    // it starts the word.
    let mut chars = words.iter().enumerate().rev().flat_map(|(w, word)| {
        let cs: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
        (0..cs.len()).rev().map(move |k| (cs[k], w, k == 0))
    });
    let (mut first, mut last) = (None, None);
    for (i, &c) in wanted.iter().enumerate().rev() {
        let at_first = i == 0;
        let (_, w, _) = chars.find(|&(x, _, at_start)| x == c && (!at_first || at_start))?;
        last = last.or(Some(w));
        first = Some(w);
    }
    first.zip(last)
}

/// Makes each acronym defined in parentheses and the name before it (see
/// the module's documentation) one label: the one most of the name and the
/// acronym's mentions in the document have (`National League for
/// Democracy` taken once for a MISC takes the ORG of six mentions of
/// `NLD`). On a tie, a document's name keeps its label (`DOC` taken once
/// for an organization takes the MISC of `Declaration on the Conduct of
/// Parties`), and otherwise an organization wins. A known organization
/// (`GATT`) or a body's name (`Budapest Stock Exchange`) makes both
/// organizations, whatever the votes. An acronym the
/// model left out at its definition becomes an entity, unless another name
/// overlaps it. `entities` end sorted by start.
pub(crate) fn acronyms_agree_with_their_names(view: &View<'_>, entities: &mut Vec<Entity>) {
    // Per definition: the acronym's span and text, and its name's entity.
    let mut defined: Vec<(std::ops::Range<usize>, &str, usize)> = Vec::new();
    for t in 1..view.tokens.len().saturating_sub(1) {
        let acronym = view.word(t);
        if view.word(t - 1) != "(" || view.word(t + 1) != ")" || !is_acronym(acronym) {
            continue;
        }
        let sentence = &view.sentence_of[t];
        if !sentence.contains(&(t + 1)) || t - 1 <= sentence.start {
            continue;
        }
        // Schwartz and Hearst look back min(n + 5, 2n) words for n letters;
        // names of documents run longer (`Declaration on the Conduct of
        // Parties in the East Sea (DOC)`: 9 words for 3 letters).
        let letters = acronym.chars().filter(|c| c.is_alphanumeric()).count();
        let reach = 2 * letters + 4;
        let from = (t - 1).saturating_sub(reach).max(sentence.start);
        let words: Vec<&str> = (from..t - 1).map(|k| view.word(k)).collect();
        let Some((first, last)) = definition(acronym, &words) else {
            continue;
        };
        // The name the model found must hold every matched letter: not
        // `Australian` alone before `Council of Trade Unions (ACTU)`.
        let name = entities.iter().position(|e| {
            let r = view.range(e);
            named(e) && r.contains(&(from + first)) && r.contains(&(from + last)) && r.end < t
        });
        if let Some(name) = name {
            let span = view.tokens[t].span();
            defined.push((span.start..span.end, acronym, name));
        }
    }
    let mut made = Vec::new();
    for (span, acronym, name) in defined {
        let mentions = |e: &Entity| named(e) && e.text == acronym;
        // The name's vote first. A person is not defined by an acronym: a
        // name the model took for one does not vote (`Banque Nationale de
        // Paris (BNP)`).
        let mut votes: Vec<(&str, usize)> = Vec::new();
        for e in std::iter::once(&entities[name]).chain(entities.iter().filter(|e| mentions(e))) {
            if e.label == "PERSON" {
                continue;
            }
            match votes.iter_mut().find(|(l, _)| *l == e.label) {
                Some(v) => v.1 += 1,
                None => votes.push((e.label.as_str(), 1)),
            }
        }
        let Some(most) = votes.iter().map(|v| v.1).max() else {
            continue;
        };
        let mut tied = votes.iter().filter(|v| v.1 == most).map(|v| v.0);
        // On a tie, a document's name keeps its label (the first vote): its
        // head word says what it is (`Code of Conduct`, `COC` taken for an
        // organization). Otherwise an organization wins, as most names
        // defined by an acronym are bodies (`British Petroleum` taken for a
        // MISC, `BP` an organization); then the name's label.
        let known = is_known_organization(&entities[name].text)
            || is_known_organization(acronym)
            || is_body_name(view, &entities[name]);
        let label = if known {
            // A known organization is one (see `known_organizations`, run
            // before), and so is the name or acronym that defines it; so is
            // a name whose head says it is a body (`Budapest Stock Exchange
            // (BSE)`, see `bodies_are_organizations`).
            Some("ORG")
        } else if is_document_name(view, &entities[name]) {
            tied.next()
        } else {
            tied.clone().find(|&l| l == "ORG").or_else(|| tied.next())
        };
        let Some(label) = label else {
            continue;
        };
        let label = label.to_owned();
        if !entities.iter().any(|e| overlaps(e, span.start, span.end)) {
            made.push(view.entity(span.start, span.end, &label));
        }
        for (k, e) in entities.iter_mut().enumerate() {
            if (k == name || mentions(e)) && e.label != label {
                e.label.clone_from(&label);
                e.canonical = None;
            }
        }
    }
    entities.extend(made);
    entities.sort_by_key(|e| (e.start, e.end));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_found_letter_by_letter() {
        let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        let cases = [
            // The shortest definition: it starts inside `Code of Conduct`.
            (
                "COC",
                "building the Code of Conduct in the East Sea",
                Some((4, 4)),
            ),
            (
                "DOC",
                "the Declaration on the Conduct of Parties",
                Some((1, 4)),
            ),
            (
                "ASEAN",
                "the Association of Southeast Asian Nations",
                Some((1, 5)),
            ),
            ("WHO", "the World Health Organization", Some((1, 3))),
            ("AMMR", "the ASEAN Foreign Ministers ' Retreat", None),
            ("IMF", "said on Monday", None),
        ];
        for (acronym, text, want) in cases {
            assert_eq!(definition(acronym, &words(text)), want, "{acronym}");
        }
    }

    #[test]
    fn only_capitals_make_acronyms() {
        assert!(is_acronym("COC"));
        assert!(is_acronym("G7-EU"));
        assert!(is_acronym("S&P"));
        assert!(!is_acronym("Reuters"));
        assert!(!is_acronym("A"));
        assert!(!is_acronym("1996"));
        assert!(!is_acronym("ABCDEFGHIJK"));
    }
}
