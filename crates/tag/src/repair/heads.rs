//! A name's head word says what kind of thing it names: `Tiananmen
//! Square` is a place and `Hong Kong Open` an event, whatever the model
//! took them for, and a head the model left out after a name belongs to it
//! (`Fed` + `Cup`, `Chechen` + `Republic`). The model reads a few words
//! around each token; the head is often the last of them, and the first
//! words of the name (`Hong Kong`, `Tiananmen`) pull it their way.
//!
//! The type a head gives is decided for organizations by
//! [`bodies_are_organizations`](super::bodies_are_organizations) and here
//! for places and events.

use super::bodies::BODY_HEADS;
use super::{View, in_title_or_caps, is_document_name, named};
use docpipe_core::Entity;
use std::ops::Range;

/// Head words that make a name of two or more words a place's, matched as
/// written or in capitals. In CoNLL-2003 `train.txt`, a gold name of two
/// or more words headed by one of them (see [`head_of`]) is LOC 125 times
/// out of 128 (`wall Street` and `World Bridge` are ORG, `Domingo
/// Hospital` a PER), and in `valid.txt` 36 times out of 36. Heads that end teams or buildings'
/// owners as often as places are left out: `City` (`Kansas City`),
/// `Coast` (`West Coast`), `Palace` (`Crystal Palace`), `County`, `Park`,
/// `Centre` and `Center`, and `Kingdom`, a surname too.
const PLACE_HEADS: &[&str] = &[
    "Bay",
    "Bridge",
    "Falls",
    "Gulf",
    "Hospital",
    "Islands",
    "Mountains",
    "Ocean",
    "Republic",
    "River",
    "Road",
    "Sea",
    "Square",
    "Strait",
    "Street",
    "Valley",
];

/// Head words that make a name of two or more words an event's (a
/// contest, a prize, a war), matched as written or in capitals. In
/// CoNLL-2003 `train.txt`, a gold name of two or more words headed by one
/// of them is MISC 292 times out of 292, and in `valid.txt` 101 out of
/// 101. Left out: `Games` (`Mind Games`,
/// a horse), `League` (`Arab League` is a body, `Major League` an event),
/// `Olympics` and `Final`, which train.txt keeps apart from the name
/// before them (`Atlanta` + `Olympics`).
const EVENT_HEADS: &[&str] = &[
    "Championship",
    "Championships",
    "Classic",
    "Cup",
    "Festival",
    "Open",
    "Prix",
    "Prize",
    "Rally",
    "Series",
    "Slam",
    "Tour",
    "Trophy",
    "War",
];

/// The head of a name over the tokens `r`: its last word, or the word
/// before its first `of` after the first word (`Secretariat` of `National
/// Secretariat of Viet Nam`, `Republic` of `Federal Republic of
/// Yugoslavia`). `r` must not be empty.
pub(super) fn head_of(view: &View<'_>, r: &Range<usize>) -> usize {
    debug_assert!(!r.is_empty(), "the head of no tokens");
    r.clone()
        .skip(1)
        .find(|&t| view.word(t) == "of")
        .map_or(r.end - 1, |of| of - 1)
}

/// The label a head word gives a name of two or more words, if it gives
/// one here: LOC for [`PLACE_HEADS`], MISC for [`EVENT_HEADS`].
fn label_of_head(word: &str) -> Option<&'static str> {
    if in_title_or_caps(PLACE_HEADS, word) {
        Some("LOC")
    } else if in_title_or_caps(EVENT_HEADS, word) {
        Some("MISC")
    } else {
        None
    }
}

/// A name right before a head word the model left out takes it in: the
/// word is one of [`PLACE_HEADS`], [`EVENT_HEADS`] or the bodies' heads,
/// written in title case in the same sentence, outside a heading, and
/// either in no name or a name of its own alone (`Chechen` + `Republic`).
/// In CoNLL-2003 `train.txt`, such a word right after a gold name is
/// inside it 616 times out of 618 (`Italian` + `Cup winners` and
/// `Yemeni` + `Ministry of` are not), and in `valid.txt` 178 out of 180
/// (`Korean` + `War`, twice). In capitals it is left alone: headings
/// capitalize words that end no name (`BRAZILIAN CHAMPIONSHIP RESULTS`,
/// `BRAVES RALLY`). Later repairs relabel the name by its new head
/// ([`places_and_events_by_head`] and `bodies_are_organizations`).
pub(crate) fn extend_to_left_out_heads(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.sort_by_key(|e| (e.start, e.end));
    let mut i = 0;
    while i < entities.len() {
        if let Some(k) = head_after(view, &entities[i]) {
            let end = view.tokens[k].end;
            let next = entities.get(i + 1);
            let alone = next.is_some_and(|n| view.names_token(n, k));
            let free = alone || next.is_none_or(|n| n.start >= end);
            if alone {
                entities.remove(i + 1);
            }
            if free {
                let e = &mut entities[i];
                view.respan(e, e.start, end);
                e.canonical = None;
            }
        }
        i += 1;
    }
}

/// The token right after name `e` in its sentence, if it is a head word
/// [`extend_to_left_out_heads`] takes in: in title case, outside a
/// heading, and not followed by a capitalized word, which says the name
/// goes on to a later head (`Madison` + `Square Garden`, `Federal` + `Open
/// Market Committee`).
fn head_after(view: &View<'_>, e: &Entity) -> Option<usize> {
    let r = view.range(e);
    if !named(e) || r.is_empty() {
        return None;
    }
    let k = view.next_in_sentence(r.end - 1)?;
    let w = view.word(k);
    let head = PLACE_HEADS.contains(&w) || EVENT_HEADS.contains(&w) || BODY_HEADS.contains(&w);
    let goes_on = view
        .next_in_sentence(k)
        .is_some_and(|n| view.capitalized(n));
    (head && !goes_on && !view.in_heading(k)).then_some(k)
}

/// Relabels a name of two or more words by its head ([`head_of`]): LOC
/// for a place's ([`PLACE_HEADS`]), MISC for an event's ([`EVENT_HEADS`]).
/// Not a document's name (see [`is_document_name`]); not a person whose
/// head is mentioned alone as a person elsewhere in the document, which
/// makes it a surname (`Picabo Street` ... `Street won`); and not an
/// organization whose name opens a longer organization's name in the
/// document, which makes it that company's short name (`Echo Bay` after
/// `Echo Bay Mines Ltd`).
pub(crate) fn places_and_events_by_head(view: &View<'_>, entities: &mut [Entity]) {
    let people_alone: Vec<&str> = entities
        .iter()
        .filter(|e| e.label == "PERSON" && view.range(e).len() == 1)
        .map(|e| e.text.as_str())
        .collect();
    let organizations: Vec<&str> = entities
        .iter()
        .filter(|e| e.label == "ORG")
        .map(|e| e.text.as_str())
        .collect();
    let mut relabels = Vec::new();
    for (i, e) in entities.iter().enumerate().filter(|(_, e)| named(e)) {
        let r = view.range(e);
        if r.len() < 2 || is_document_name(view, e) {
            continue;
        }
        let head = view.word(head_of(view, &r));
        let Some(label) = label_of_head(head).filter(|l| *l != e.label) else {
            continue;
        };
        let surname = e.label == "PERSON" && people_alone.contains(&head);
        let short_name = e.label == "ORG"
            && organizations.iter().any(|o| {
                o.strip_prefix(e.text.as_str())
                    .is_some_and(|rest| rest.starts_with(' '))
            });
        if !surname && !short_name {
            relabels.push((i, label));
        }
    }
    for (i, label) in relabels {
        entities[i].label = label.to_owned();
        entities[i].canonical = None;
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, entity_at, kept, pairs, texts, unchanged};
    use super::*;

    fn relabelled(text: &str, entities: &[(&str, &str)]) -> Vec<(String, String)> {
        kept(text, entities, |v, es| places_and_events_by_head(v, es))
    }

    fn extended(text: &str, entities: &[(&str, &str)]) -> Vec<(String, String)> {
        kept(text, entities, extend_to_left_out_heads)
    }

    #[test]
    fn a_place_or_event_head_decides_the_label() {
        assert_eq!(
            relabelled(
                "at Tiananmen Square and the Hong Kong Open , the Fed Cup , the \
                 Federal Republic of Yugoslavia and the BELGIAN GRAND PRIX .",
                &[
                    ("Tiananmen Square", "PERSON"),
                    ("Hong Kong Open", "LOC"),
                    ("Fed Cup", "ORG"),
                    ("Federal Republic of Yugoslavia", "ORG"),
                    ("BELGIAN GRAND PRIX", "LOC"),
                ]
            ),
            pairs(&[
                ("LOC", "Tiananmen Square"),
                ("MISC", "Hong Kong Open"),
                ("MISC", "Fed Cup"),
                ("LOC", "Federal Republic of Yugoslavia"),
                ("MISC", "BELGIAN GRAND PRIX"),
            ])
        );
    }

    /// One word is no name by its head; a head word inside the name or
    /// after its `of` is not its head; a lower-case or mixed-case word is
    /// none; a surname mentioned alone keeps its person; a company's short
    /// name keeps its organization; a document's name is none.
    #[test]
    fn other_names_keep_their_labels() {
        let text = "Open fell as Cup Holdings and the Bank of Bay bought Seoul sea \
                    rights ; Picabo Street won and Street said Echo Bay , of Echo Bay Mines Ltd , \
                    signed the Treaty on the Red Sea .";
        let (d, g) = doc(text);
        let v = View::new(&d, &g);
        let mut es = vec![
            entity_at(&d, "Open", 0, "ORG"),
            entity_at(&d, "Cup Holdings", 0, "ORG"),
            entity_at(&d, "Bank of Bay", 0, "ORG"),
            entity_at(&d, "Seoul sea", 0, "PERSON"),
            entity_at(&d, "Picabo Street", 0, "PERSON"),
            entity_at(&d, "Street", 1, "PERSON"),
            entity_at(&d, "Echo Bay", 0, "ORG"),
            entity_at(&d, "Echo Bay Mines Ltd", 0, "ORG"),
            entity_at(&d, "Treaty on the Red Sea", 0, "MISC"),
        ];
        let before = texts(&es);
        places_and_events_by_head(&v, &mut es);
        assert_eq!(texts(&es), before);
    }

    #[test]
    fn a_name_takes_in_a_head_left_out_after_it() {
        assert_eq!(
            extended(
                "the Fed Cup and the Chechen Republic and the Labour Party met today .\n\
                 officials at the U.S. Embassy said on Monday that the talks went well .",
                &[
                    ("Fed", "ORG"),
                    ("Chechen", "MISC"),
                    ("Republic", "LOC"),
                    ("Labour", "ORG"),
                    ("U.S.", "LOC"),
                    ("Embassy", "MISC"),
                ]
            ),
            pairs(&[
                ("ORG", "Fed Cup"),
                ("MISC", "Chechen Republic"),
                ("ORG", "Labour Party"),
                ("LOC", "U.S. Embassy"),
            ])
        );
    }

    /// Not a lower-case word, nor one in capitals, nor one in a heading,
    /// nor across a sentence, nor one inside a longer name, nor one before
    /// a capitalized word.
    #[test]
    fn heads_elsewhere_are_left_alone() {
        let given = [
            ("Moscow", "LOC"),
            ("BRAZILIAN", "MISC"),
            ("Brazilian", "MISC"),
            ("Kenya", "LOC"),
            ("Italian", "MISC"),
            ("Cup holders", "MISC"),
            ("Madison", "ORG"),
        ];
        let text = "a Moscow street .\nthe BRAZILIAN CHAMPIONSHIP was played .\n\
                    Soccer Results From Brazilian Cup\nKenya\nCup rules .\n\
                    the Italian Cup holders won .\nthe team played at Madison Square Garden today .";
        assert_eq!(extended(text, &given), unchanged(&given));
    }
}
