//! Nationality words (`Laotian`, `Tajik`, `Bruneians`) are MISC, as
//! CoNLL-2003 labels them. The model knows the ones its training text is
//! full of (`German`, `British`) but not rarer ones, and at the start of a
//! sentence, where every word has a capital, it often leaves them out
//! (`Bruneian officials said`) or takes them for an organization or a
//! person (`Tajik government troops`).
//!
//! The words are listed in `data/demonyms.txt`. A listed word is made
//! MISC only where it stands alone: the word after it is not capitalized
//! unless it is a title (`Thai Airways` and `Kurdish Workers Party` are
//! names the model reads whole; `Lao Chairman` is not) and no verb after
//! a singular (`American has` is a company), the word before it is no
//! proper noun and no word of a name (`South Korean`, `Bosnian Serb`), and
//! it is no word of a person's name anywhere in the document (`Dawn
//! French`).

use super::bodies::is_body_name;
use super::heads::head_of;
use super::{QUANTIFIERS, View, in_title_or_caps, named, overlaps, person_name_words};
use crate::canonical::is_title;
use crate::fingerprint::{FpMap, of_str};
use docpipe_core::Entity;
use std::sync::OnceLock;

/// The listed adjectives, their plurals and the ALL-CAPS forms of both,
/// by fingerprint (a word is hashed once, without `SipHash`'s cost), each
/// with whether it is a plural.
fn demonyms() -> &'static FpMap<(String, bool)> {
    static WORDS: OnceLock<FpMap<(String, bool)>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = FpMap::default();
        let listed = include_str!("../../data/demonyms.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        for word in listed {
            let plural = has_plural(word).then(|| format!("{word}s"));
            let forms = std::iter::once((word.to_owned(), false)).chain(plural.map(|p| (p, true)));
            for (form, is_plural) in forms {
                let upper = form.to_uppercase();
                words.insert(of_str(&upper), (upper, is_plural));
                words.insert(of_str(&form), (form, is_plural));
            }
        }
        words
    })
}

/// Whether the people an adjective names are called by it with an `-s`
/// (`Laotians`, `Iraqis`, `Czechs`; not `Chinese`, `French`, `Dutch`,
/// `Swiss`, `Seychellois`, `Kyrgyz`, `Malagasy`, `Icelandic`, nor `Lao`,
/// whose `-s` makes the country).
fn has_plural(word: &str) -> bool {
    !["ese", "sh", "tch", "nch", "s", "z", "y", "ic", "ao"]
        .iter()
        .any(|end| word.ends_with(end))
}

/// Whether `word` is a listed nationality word in one of its forms, and
/// whether that form is a plural.
fn demonym(word: &str) -> Option<bool> {
    match demonyms().get(&of_str(word)) {
        Some((form, plural)) if form == word => Some(*plural),
        _ => None,
    }
}

/// Whether `word` is a listed nationality word (`Albanian`, `Iranians`,
/// `YUGOSLAV`).
pub(super) fn is_nationality(word: &str) -> bool {
    demonym(word).is_some()
}

/// Makes nationality words that stand alone MISC: adds them where the
/// model found nothing, and relabels a one-word organization or person
/// (a plural only where nothing was found: `Indians` is also a baseball
/// team). A place is left alone: where the model calls one of these words
/// a place, CoNLL-2003 mostly does too (a country in brackets after a
/// player, `( Czech )`; `Bahraini village`).
pub(crate) fn nationalities_are_misc(view: &View<'_>, entities: &mut Vec<Entity>) {
    // Most words have no capital: they are passed over before any lookup.
    let found: Vec<(usize, bool)> = (0..view.tokens.len())
        .filter(|&t| view.capitalized(t))
        .filter_map(|t| Some((t, demonym(view.word(t))?)))
        .collect();
    if found.is_empty() {
        return;
    }
    let name_words = person_name_words(entities);
    let mut added = Vec::new();
    for (t, plural) in found {
        let in_name = name_words.contains(&crate::fold::fold(view.word(t)));
        if in_name || !stands_alone(view, entities, t, plural) {
            continue;
        }
        let (start, end) = (view.tokens[t].start, view.tokens[t].end);
        let covering = entities.iter_mut().find(|e| overlaps(e, start, end));
        match covering {
            None => added.push(view.entity(start, end, "MISC")),
            Some(e) => {
                let one_word = e.start == start && e.end == end;
                if one_word && !plural && matches!(e.label.as_str(), "ORG" | "PERSON") {
                    e.label = "MISC".to_owned();
                }
            }
        }
    }
    // The words added overlap no entity: merging only sorts them in.
    crate::stage::merge(entities, added, false);
}

/// A nationality word right before a body's name (see [`is_body_name`])
/// opens it (`Palestinian` + `Liberation Organisation`, `Irish` +
/// `Republican Army`): the body is that nation's. The model often finds
/// the word apart, as a MISC. In CoNLL-2003 `train.txt`, a nationality
/// word right before a gold body's name is inside it 35 times out of 35
/// when the head is not `Ministry`, and in `valid.txt` 11 times out of 12
/// (`Panamanian` + `Boxing Association`). A ministry is left alone: CoNLL
/// keeps the nation apart more often than not (`French` + `Interior
/// Ministry` 4 times, `Palestinian Information Ministry` twice).
pub(crate) fn nationalities_open_bodies(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.sort_by_key(|e| (e.start, e.end));
    let mut i = 0;
    while i < entities.len() {
        let body = &entities[i];
        let r = view.range(body);
        let is_body = body.label == "ORG"
            && !r.is_empty()
            && is_body_name(view, body)
            && !in_title_or_caps(&["Ministry"], view.word(head_of(view, &r)));
        let Some(t) = r.start.checked_sub(1).filter(|&t| {
            is_body
                && view.next_in_sentence(t) == Some(r.start)
                && demonym(view.word(t)) == Some(false)
        }) else {
            i += 1;
            continue;
        };
        let (start, end) = (view.tokens[t].start, view.tokens[t].end);
        let before = i.checked_sub(1).map(|p| &entities[p]);
        let alone = before.is_some_and(|p| view.names_token(p, t));
        if !alone && before.is_some_and(|p| overlaps(p, start, end)) {
            i += 1;
            continue;
        }
        let body_end = entities[i].end;
        if alone {
            entities.remove(i - 1);
            i -= 1;
        }
        let e = &mut entities[i];
        view.respan(e, start, body_end);
        e.canonical = None;
        i += 1;
    }
}

/// The points of the compass that make one name with a nationality word
/// after them (`South Korean`, `West Indian`, `Central African`), also in
/// capitals.
const COMPASS_POINTS: &[&str] = &[
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
];

/// Joins a point of the compass to the nationality word after it: the two
/// are one name (`South Korean`, `West Indian`), as CoNLL-2003 `train.txt`
/// labels them all 47 times, where the model often finds the second word
/// alone or the first as a place.
///
/// An entity that opens at the nationality word is extended back over
/// the compass point (`African Republic` → `Central African Republic`);
/// one that was only the word itself, taken for a body or a person,
/// becomes MISC. Where the model found nothing there, the two words are
/// added as MISC if the word after lets a nationality stand alone
/// ([`next_word_lets_stand`]: not before `Airways`). A compass point the
/// model found alone (`South` as a place) is absorbed; one inside a longer
/// entity (`Lake Central`), a nationality word inside one that starts
/// earlier, or one opening a longer person's name, is left alone.
pub(crate) fn compass_points_join_nationalities(view: &View<'_>, entities: &mut Vec<Entity>) {
    let mut added = Vec::new();
    for t in 1..view.tokens.len() {
        if !view.capitalized(t)
            || view.sentence_of[t].start == t
            || !in_title_or_caps(COMPASS_POINTS, view.word(t - 1))
        {
            continue;
        }
        let Some(plural) = demonym(view.word(t)) else {
            continue;
        };
        let (start, word_start, end) = (
            view.tokens[t - 1].start,
            view.tokens[t].start,
            view.tokens[t].end,
        );
        let point = entities.iter().position(|e| overlaps(e, start, word_start));
        if point.is_some_and(|i| entities[i].start != start || entities[i].end > word_start) {
            continue;
        }
        let covering = entities.iter().position(|e| overlaps(e, word_start, end));
        match covering {
            // A person's name opens with no nationality (`West German
            // Visa` is no person, and no longer one either).
            Some(i)
                if entities[i].start == word_start
                    && (entities[i].end == end || entities[i].label != "PERSON") =>
            {
                let e = &mut entities[i];
                let alone = e.end == end;
                let e_end = e.end;
                view.respan(e, start, e_end);
                if alone && matches!(e.label.as_str(), "ORG" | "PERSON") {
                    e.label = "MISC".to_owned();
                }
            }
            Some(_) => continue,
            None if next_word_lets_stand(view, t, plural) => {
                added.push(view.entity(start, end, "MISC"));
            }
            None => continue,
        }
        if let Some(i) = point {
            entities.remove(i);
        }
    }
    // The words added overlap no entity left: merging only sorts them in.
    crate::stage::merge(entities, added, false);
}

/// Whether the word after token `t` lets it stand alone as an adjective
/// or a people: it is not capitalized unless it is a title (`Lao
/// Chairman`, `Thai Foreign Minister`), nor a possessive ending
/// (`American 's` is the airline), nor, after a singular, a verb
/// (`American has` is a company: a people in the singular is seldom the
/// subject; a form that is also the plural, `the British have`, counts as
/// a singular and is passed over). The end of the sentence lets it.
fn next_word_lets_stand(view: &View<'_>, t: usize, plural: bool) -> bool {
    let Some(next) = view.next_in_sentence(t) else {
        return true;
    };
    let word = view.word(next);
    let tag = view.tag(next);
    !((word.starts_with(char::is_uppercase) && !is_title(word))
        || matches!(word, "'s" | "’s" | "'" | "’")
        || (!plural && (tag.starts_with("VB") || tag == "MD")))
}

/// Whether token `t` stands alone as an adjective or a people: the word
/// after it lets it ([`next_word_lets_stand`]), and the word before it is
/// neither a proper noun (a quantifier tagged one, `Many`, does not count)
/// nor in a named entity.
fn stands_alone(view: &View<'_>, entities: &[Entity], t: usize, plural: bool) -> bool {
    if !next_word_lets_stand(view, t, plural) {
        return false;
    }
    let sentence = &view.sentence_of[t];
    if t > sentence.start {
        let prev = &view.tokens[t - 1];
        // A capitalized quantifier is often tagged a proper noun (`Many
        // Vietnamese ideas`), and opens no name.
        let proper = view.tag(t - 1).starts_with("NNP") && !QUANTIFIERS.contains(&view.word(t - 1));
        let in_name = entities
            .iter()
            .any(|e| named(e) && overlaps(e, prev.start, prev.end));
        if proper || in_name {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::{entity, kept, pairs, tagged_doc, texts, unchanged};
    use super::*;

    fn repaired(text: &str, entities: &[(&str, &str)]) -> Vec<(String, String)> {
        kept(text, entities, nationalities_are_misc)
    }

    #[test]
    fn forms_are_derived_from_the_list() {
        for word in [
            "Laotian", "Laotians", "LAOTIAN", "Iraqis", "Chinese", "Kyrgyz",
        ] {
            assert!(demonym(word).is_some(), "{word}");
        }
        for word in ["Chineses", "Frenchs", "laotian", "Laos", "Hanoi"] {
            assert!(demonym(word).is_none(), "{word}");
        }
        assert_eq!(demonym("Tajiks"), Some(true));
        assert_eq!(demonym("INDIANS"), Some(true));
        assert_eq!(demonym("Czechs"), Some(true));
        assert_eq!(demonym("Seychellois"), Some(false));
        assert!(demonym("Seychelloiss").is_none() && demonym("Dutchs").is_none());
        assert_eq!(demonym("Swiss"), Some(false));
    }

    #[test]
    fn a_nationality_the_model_missed_is_added() {
        assert_eq!(
            repaired(
                "Bruneian officials met Malagasy growers in Hanoi .",
                &[("Hanoi", "LOC")]
            ),
            pairs(&[("MISC", "Bruneian"), ("MISC", "Malagasy"), ("LOC", "Hanoi")])
        );
    }

    #[test]
    fn a_nationality_taken_for_a_body_or_person_is_relabelled() {
        assert_eq!(
            repaired(
                "Tajik troops met the Lao minister .",
                &[("Tajik", "ORG"), ("Lao", "PERSON")]
            ),
            pairs(&[("MISC", "Tajik"), ("MISC", "Lao")])
        );
    }

    /// A plural is added but not relabelled: `Indians` is also a team.
    #[test]
    fn a_plural_is_added_but_not_relabelled() {
        assert_eq!(
            repaired(
                "The Indians beat Cleveland while Laotians watched .\nRANGERS BEAT INDIANS .",
                &[("Indians", "ORG"), ("Cleveland", "ORG"), ("INDIANS", "ORG")]
            ),
            pairs(&[
                ("ORG", "Indians"),
                ("ORG", "Cleveland"),
                ("MISC", "Laotians"),
                ("ORG", "INDIANS")
            ])
        );
    }

    #[test]
    fn words_of_longer_names_are_left_alone() {
        // Before a capital, after a name, inside a name, in a person's name.
        let text = "Thai Airways flew .\nSouth Korean stocks fell .\n\
                    The Kurdish Workers Party met .\nDawn French spoke and French smiled .\n\
                    American 's shares rose .";
        let given = [
            ("Thai Airways", "ORG"),
            ("South", "LOC"),
            ("Kurdish Workers Party", "ORG"),
            ("Dawn French", "PERSON"),
            ("American", "ORG"),
        ];
        assert_eq!(repaired(text, &given), unchanged(&given));
    }

    #[test]
    fn a_nationality_before_a_title_stands_alone() {
        assert_eq!(
            repaired("He met the Lao Chairman .", &[("Lao", "ORG")]),
            pairs(&[("MISC", "Lao")])
        );
    }

    /// A singular followed by a verb is a company or a person's short
    /// name; a plural is a people.
    #[test]
    fn a_singular_before_a_verb_is_left_alone() {
        let (d, g) = tagged_doc(
            "American has debt .\nLaotians have rice .",
            &["NNP", "VBZ", "NN", ".", "NNPS", "VBP", "NN", "."],
        );
        let v = View::new(&d, &g);
        let mut es = vec![entity(&d, "American", "ORG")];
        nationalities_are_misc(&v, &mut es);
        assert_eq!(
            texts(&es),
            pairs(&[("ORG", "American"), ("MISC", "Laotians")])
        );
    }

    /// Where the model calls one a place, CoNLL-2003 mostly does too.
    #[test]
    fn a_nationality_taken_for_a_place_is_kept() {
        assert_eq!(
            repaired("a fire in a Bahraini village .", &[("Bahraini", "LOC")]),
            pairs(&[("LOC", "Bahraini")])
        );
    }

    /// With nothing found by the model, a word before a capitalized one
    /// and one after a proper noun are still left alone.
    #[test]
    fn a_word_before_a_capital_or_after_a_proper_noun_is_not_added() {
        let (d, g) = tagged_doc(
            "Thai Airways flew .\nSouth Korean stocks fell .\nthe Korean won fell .",
            &[
                "NNP", "NNP", "VBD", ".", "NNP", "NNP", "NNS", "VBD", ".", "DT", "JJ", "NN", "VBD",
                ".",
            ],
        );
        let v = View::new(&d, &g);
        let mut es = Vec::new();
        nationalities_are_misc(&v, &mut es);
        assert_eq!(texts(&es), pairs(&[("MISC", "Korean")]));
        assert_eq!(es[0].start, d.text.rfind("Korean").unwrap());
    }

    #[test]
    fn an_existing_misc_and_a_lower_case_word_are_kept() {
        assert_eq!(
            repaired("German and thai food .", &[("German", "MISC")]),
            pairs(&[("MISC", "German")])
        );
    }

    fn joined(text: &str, entities: &[(&str, &str)]) -> Vec<(String, String)> {
        kept(text, entities, compass_points_join_nationalities)
    }

    #[test]
    fn a_compass_point_joins_the_nationality_after_it() {
        assert_eq!(
            joined(
                "West Indian Phil Simmons took four .\nSouth African stocks and the Central African Republic .",
                &[
                    ("Indian", "MISC"),
                    ("Phil Simmons", "PERSON"),
                    ("South", "LOC"),
                    ("African Republic", "LOC")
                ]
            ),
            pairs(&[
                ("MISC", "West Indian"),
                ("PERSON", "Phil Simmons"),
                ("MISC", "South African"),
                ("LOC", "Central African Republic")
            ])
        );
    }

    #[test]
    fn a_joined_nationality_taken_for_a_body_is_misc() {
        assert_eq!(
            joined("North Korean troops moved .", &[("Korean", "ORG")]),
            pairs(&[("MISC", "North Korean")])
        );
    }

    /// Before a capitalized word the pair may open a longer name the model
    /// missed (`South African Airways`); inside a longer entity, or after
    /// no compass point, nothing changes.
    #[test]
    fn a_pair_before_a_capital_or_inside_a_name_is_left_alone() {
        let given = [
            ("Lake Central", "LOC"),
            ("Thai", "MISC"),
            ("German Visa", "PERSON"),
        ];
        assert_eq!(
            joined(
                "South African Airways flew .\nLake Central Asian waters .\nsouth Thai rice .\n\
                 West German Visa cards .",
                &given
            ),
            pairs(&[
                ("LOC", "Lake Central"),
                ("MISC", "Thai"),
                ("PERSON", "German Visa")
            ])
        );
        assert_eq!(
            joined(
                "the Northern Irish Assembly .",
                &[("Northern Irish Assembly", "ORG")]
            ),
            pairs(&[("ORG", "Northern Irish Assembly")])
        );
    }

    /// `Many` tagged a proper noun is no name before the word.
    #[test]
    fn a_quantifier_before_a_nationality_is_no_proper_noun() {
        let (d, g) = tagged_doc(
            "Many Vietnamese ideas spread .\nJohn Vietnamese spoke .",
            &["NNP", "NNP", "NNS", "VBD", ".", "NNP", "NNP", "VBD", "."],
        );
        let v = View::new(&d, &g);
        let mut es = vec![entity(&d, "Vietnamese", "PERSON")];
        nationalities_are_misc(&v, &mut es);
        assert_eq!(texts(&es), pairs(&[("MISC", "Vietnamese")]));
    }

    #[test]
    fn a_nationality_word_opens_the_body_after_it() {
        let got = kept(
            "the Palestinian Liberation Organisation and the Irish Republican Army met \
             the French Interior Ministry , the Iraqi News Agency and a Dutch firm , Acme Board Ltd \
             , said a Swiss\nFederal Council official .",
            &[
                ("Palestinian", "MISC"),
                ("Liberation Organisation", "ORG"),
                ("Republican Army", "ORG"),
                ("French", "MISC"),
                ("Interior Ministry", "ORG"),
                ("Iraqi News Agency", "ORG"),
                ("Dutch", "MISC"),
                ("Acme Board Ltd", "ORG"),
                ("Swiss", "MISC"),
                ("Federal Council", "ORG"),
            ],
            nationalities_open_bodies,
        );
        assert_eq!(
            got,
            pairs(&[
                ("ORG", "Palestinian Liberation Organisation"),
                ("ORG", "Irish Republican Army"),
                ("MISC", "French"),
                ("ORG", "Interior Ministry"),
                ("ORG", "Iraqi News Agency"),
                ("MISC", "Dutch"),
                ("ORG", "Acme Board Ltd"),
                ("MISC", "Swiss"),
                ("ORG", "Federal Council"),
            ])
        );
    }
}
