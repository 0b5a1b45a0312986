//! A name whose head says it is a body (`ASEAN Department`, `World Trade
//! Organisation`, `National Secretariat of Viet Nam`) is an organization,
//! whatever the model took it for. The model reads a few words around
//! each one and calls a name led by a body's own name `MISC` (`ASEAN
//! Department`, after `ASEAN`'s many MISC compounds) or a place (`Budapest
//! Stock Exchange`).

use super::demonyms::is_nationality;
use super::heads::head_of;
use super::{View, in_title_or_caps, is_document_name, is_region, named, overlaps};
use crate::gazetteer::Gazetteer;
use crate::rules::dates::is_day_or_month_name;
use docpipe_core::Entity;

/// Head words that make a name of two or more words an organization's,
/// matched as written or in capitals. In CoNLL-2003 `train.txt`, a gold
/// name of two or more words headed by one of them (as [`is_body_name`]
/// finds the head) is ORG 250 times out of 255 (the others are MISC:
/// `Financial Times-Stock Exchange` twice, before `index`; `Olympic
/// Committee` twice; `U.S. Tennis Association` once), and in `valid.txt`
/// 70 times out of 70. Heads that often end places or events are left
/// out: `Bank` (`West Bank`), `Union` (`Soviet Union`), `Court`,
/// `Federation` (`Russian Federation`), `Office` (`Oval Office`),
/// `Congress` (a party congress is an event), `Group`, `Fund`.
pub(super) const BODY_HEADS: &[&str] = &[
    "Agency",
    "Army",
    "Assembly",
    "Association",
    "Authority",
    "Board",
    "Commission",
    "Committee",
    "Consulate",
    "Council",
    "Department",
    // Capitalized only in a name (`U.S. Embassy`); CoNLL-2003 writes
    // it in lower case.
    "Embassy",
    "Exchange",
    "Institute",
    "Ministry",
    "Organisation",
    "Organization",
    "Party",
    "Secretariat",
    "Service",
];

/// Whether an entity is a body's name: two or more words whose head (see
/// [`head_of`]) is a body's ([`BODY_HEADS`]); and no
/// document's name (`Securities Exchange of Thailand Index`, see
/// [`is_document_name`]).
pub(crate) fn is_body_name(view: &View<'_>, e: &Entity) -> bool {
    let r = view.range(e);
    if r.len() < 2 || is_document_name(view, e) {
        return false;
    }
    in_title_or_caps(BODY_HEADS, view.word(head_of(view, &r)))
}

/// Relabels as ORG a name labelled otherwise that is a body's
/// ([`is_body_name`]).
pub(crate) fn bodies_are_organizations(view: &View<'_>, entities: &mut [Entity]) {
    for e in entities.iter_mut().filter(|e| named(e) && e.label != "ORG") {
        if is_body_name(view, e) {
            e.label = "ORG".to_owned();
        }
    }
}

/// Whether token `t` is a proper noun in title case that can be a word of
/// a body's name: tagged `NNP` or `NNPS`, capitalized, not in capitals,
/// and no day or month name (`September International Coffee
/// Organization`). Titles are not excluded: `Foreign` and `Justice` open
/// bodies' names (`Foreign Ministry`, `Justice Department`).
fn title_case_proper_noun(view: &View<'_>, t: usize) -> bool {
    view.tag(t).starts_with("NNP") && view.title_case(t) && !is_day_or_month_name(view.word(t))
}

/// A body's name the model missed altogether is an organization: two or
/// more proper nouns in title case (see [`title_case_proper_noun`]) ending
/// in a body's head ([`BODY_HEADS`], as written), none in an entity and
/// outside a heading (`German` + `Foreign Ministry`, `Panamanian` +
/// `Boxing Association`, where the model found only the nationality). In
/// CoNLL-2003 `train.txt`, such a run of proper nouns is inside a gold
/// organization 217 times out of 230 (10 mixed, as `U.S. Tennis
/// Association`, a MISC; 3 unlabelled), and in `valid.txt` 60 times out of
/// 61. A name right before the run that is no MISC opens it (`U.S.` +
/// `Agriculture Department`, `U.N.` + `Security Council`): in `train.txt`
/// the gold name before such a run is inside the organization all 39
/// times it is one (a nationality word, a MISC, is apart 3 times of 4:
/// `Russian` + `Interior Ministry`; see
/// [`nationalities_open_bodies`](super::nationalities_open_bodies)). Where
/// a proper noun follows the head, the name goes on to a later head
/// (`Security Council Resolution`) and is left alone.
pub(crate) fn missed_bodies_are_organizations(view: &View<'_>, entities: &mut Vec<Entity>) {
    let free = |t: usize, entities: &[Entity]| {
        let (start, end) = (view.tokens[t].start, view.tokens[t].end);
        !entities.iter().any(|e| overlaps(e, start, end))
    };
    let mut added = Vec::new();
    // Most words have no capital: they are passed over before any lookup.
    for t in 1..view.tokens.len() {
        if !view.capitalized(t)
            || !BODY_HEADS.contains(&view.word(t))
            || !title_case_proper_noun(view, t)
            || view.in_heading(t)
            || !free(t, entities)
        {
            continue;
        }
        let sentence = view.sentence_of[t].clone();
        let mut first = t;
        while first > sentence.start
            && title_case_proper_noun(view, first - 1)
            && free(first - 1, entities)
        {
            first -= 1;
        }
        let goes_on = view
            .next_in_sentence(t)
            .is_some_and(|n| title_case_proper_noun(view, n));
        if first == t || goes_on {
            continue;
        }
        let mut start = view.tokens[first].start;
        let opener = (first > sentence.start).then(|| {
            let before = view.tokens[first - 1].end;
            entities
                .iter()
                .position(|e| e.end == before && named(e) && e.label != "MISC")
        });
        if let Some(Some(p)) = opener
            && sentence.contains(&view.range(&entities[p]).start)
        {
            start = entities.remove(p).start;
        }
        added.push(view.entity(start, view.tokens[t].end, "ORG"));
    }
    crate::stage::merge(entities, added, false);
}

/// Lower-case words for a newspaper or news agency that, right before a
/// name, say what it is (`the daily Zycie Warszawy`, `news weekly Der
/// Spiegel`, `the agency Interfax`).
const PRESS_WORDS: &[&str] = &[
    "agency",
    "daily",
    "journal",
    "magazine",
    "newspaper",
    "tabloid",
    "weekly",
];

/// Lower-case words for a newspaper or news agency that, right after a
/// name, say what it is (`Britain 's Sun newspaper`, `Interfax news
/// agency`; `news` only before `agency` or `service`). Not `paper`:
/// `Euro-commercial paper` is a debt.
const PRESS_NOUNS: &[&str] = &["magazine", "newspaper", "tabloid"];

/// Press words that are adjectives and adverbs too, and name a paper after
/// a name only before a verb or a press noun (`Zycie Warszawy daily said`,
/// `Yomiuri Shimbun daily newspaper`; not `20 Ecu daily rebate`).
const PRESS_ADJECTIVES: &[&str] = &["daily", "weekly"];

/// Whether token `t` is a press noun ([`PRESS_NOUNS`], `news agency` or
/// `news service`, or a [`PRESS_ADJECTIVES`] word used as one) that says
/// what the name before it is.
fn press_noun_at(view: &View<'_>, t: usize) -> bool {
    let w = view.word(t);
    let next = view.next_in_sentence(t);
    let noun_after = |n: usize| PRESS_NOUNS.contains(&view.word(n));
    let verb_after = |n: usize| view.tag(n).starts_with("VB");
    PRESS_NOUNS.contains(&w)
        || (w == "news" && next.is_some_and(|n| matches!(view.word(n), "agency" | "service")))
        || (PRESS_ADJECTIVES.contains(&w) && next.is_some_and(|n| noun_after(n) || verb_after(n)))
}

/// Whether a word is a compound adjective (`English-language`,
/// `London-based`): hyphened, its last part in lower case.
fn is_compound_adjective(word: &str) -> bool {
    word.rsplit_once('-')
        .is_some_and(|(_, last)| last.starts_with(char::is_lowercase))
}

/// A name right after a press word ([`PRESS_WORDS`]) or right before a
/// press noun ([`press_noun_at`]) is a newspaper or an agency: ORG, and so
/// is every other mention of it in the document (`told Der Spiegel` after
/// `news weekly Der Spiegel`). In CoNLL-2003 `train.txt` a gold name after
/// one of these words is ORG 33 times out of 34 (`The daily Iran`, a LOC),
/// and in `valid.txt` 4 times out of 4; one before a press noun that is no
/// nationality word, compound adjective or place is ORG 36 times out of 37
/// (`Antara news agency`, a LOC), and in `valid.txt` 11 times out of 11.
/// The model takes foreign titles for people (`Der Spiegel`, `Zycie
/// Warszawy`).
///
/// After a press word, not where it is an adjective of a noun after the
/// name (`weekly U.S. soybean crush`, `daily Atlanta flights`), nor before
/// a capitalized word (the name may be cut: `magazine U.S. News`); before
/// a press noun, not a nationality or a compound adjective (`the Albanian
/// daily`, `the English-language magazine`); and not a place the
/// gazetteer knows or a region (`told Al-Rai al-Aam newspaper Moscow
/// will`, `the Maputo daily Noticias`).
pub(crate) fn press_names_are_organizations(
    view: &View<'_>,
    builtin: &Gazetteer,
    entities: &mut [Entity],
) {
    let mut press: Vec<String> = Vec::new();
    // A mention after a press word the model already took for an
    // organization names one too: its other mentions follow it.
    for e in entities.iter().filter(|e| named(e)) {
        let r = view.range(e);
        if r.is_empty() || press.contains(&e.text) {
            continue;
        }
        let opens = r.start == view.sentence_of[r.start].start;
        let after_press_word = !opens && PRESS_WORDS.contains(&view.word(r.start - 1)) && {
            let noun_or_capital_after = view
                .next_in_sentence(r.end - 1)
                .is_some_and(|n| view.capitalized(n) || view.tag(n).starts_with("NN"));
            !noun_or_capital_after
        };
        let before_press_noun = view
            .next_in_sentence(r.end - 1)
            .is_some_and(|n| press_noun_at(view, n))
            && !r.clone().any(|t| {
                let w = view.word(t);
                is_nationality(w) || is_compound_adjective(w)
            });
        let place = builtin.lookup(&e.text).is_some() || is_region(&e.text);
        if (after_press_word || before_press_noun) && !place {
            press.push(e.text.clone());
        }
    }
    if press.is_empty() {
        return;
    }
    for e in entities
        .iter_mut()
        .filter(|e| named(e) && press.contains(&e.text))
    {
        e.label = "ORG".to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{entity_at, kept, pairs, tagged_doc, texts, unchanged};
    use super::*;

    fn repaired(text: &str, entities: &[(&str, &str)]) -> Vec<(String, String)> {
        kept(text, entities, |v, es| bodies_are_organizations(v, es))
    }

    #[test]
    fn a_name_headed_by_a_body_is_an_organization() {
        assert_eq!(
            repaired(
                "the ASEAN Department and the National Secretariat of Viet Nam met \
                 on the Budapest Stock Exchange with the WORLD TRADE ORGANISATION .",
                &[
                    ("ASEAN Department", "MISC"),
                    ("National Secretariat of Viet Nam", "MISC"),
                    ("Budapest Stock Exchange", "LOC"),
                    ("WORLD TRADE ORGANISATION", "PERSON"),
                ]
            ),
            pairs(&[
                ("ORG", "ASEAN Department"),
                ("ORG", "National Secretariat of Viet Nam"),
                ("ORG", "Budapest Stock Exchange"),
                ("ORG", "WORLD TRADE ORGANISATION"),
            ])
        );
    }

    /// One word is no name of a body; a head after `of` is not the head,
    /// nor one in the middle; heads that end places are not listed; a
    /// document's name is none.
    #[test]
    fn other_names_keep_their_labels() {
        let given = [
            ("Party", "MISC"),
            ("Bank of Party", "LOC"),
            ("Party Hats Ltd", "PERSON"),
            ("West Bank", "LOC"),
            ("Oval Office", "LOC"),
            ("Russian Federation", "LOC"),
            ("Securities Exchange of Thailand Index", "MISC"),
        ];
        let text = "the Party and the Bank of Party sold Party Hats Ltd in the \
                    West Bank from the Oval Office to the Russian Federation \
                    as the Securities Exchange of Thailand Index fell .";
        assert_eq!(repaired(text, &given), unchanged(&given));
    }

    #[test]
    fn a_name_after_a_press_word_is_an_organization() {
        let (d, g) = tagged_doc(
            "the news weekly Der Spiegel said .\nhe told Der Spiegel .\n\
             Mail rose , said the newspaper Nhan Dan .\n\
             the weekly Zorvex auction , the newspaper Moscow , the magazine U.S. News .\n\
             the daily Le Monde said , and Le Monde said .",
            &[
                "DT", "NN", "JJ", "NNP", "NNP", "VBD", ".", "PRP", "VBD", "NNP", "NNP", ".", "NNP",
                "VBD", ",", "VBD", "DT", "NN", "NNP", "NNP", ".", "DT", "JJ", "NNP", "NN", ",",
                "DT", "NN", "NNP", ",", "DT", "NN", "NNP", "NNP", ".", "DT", "JJ", "NNP", "NNP",
                "VBD", ",", "CC", "NNP", "NNP", "VBD", ".",
            ],
        );
        let v = View::new(&d, &g);
        let mut es = vec![
            entity_at(&d, "Der Spiegel", 0, "PERSON"),
            entity_at(&d, "Der Spiegel", 1, "PERSON"),
            entity_at(&d, "Mail", 0, "PERSON"),
            entity_at(&d, "Nhan Dan", 0, "PERSON"),
            entity_at(&d, "Zorvex", 0, "LOC"),
            entity_at(&d, "Moscow", 0, "LOC"),
            entity_at(&d, "U.S.", 0, "LOC"),
            entity_at(&d, "Le Monde", 0, "ORG"),
            entity_at(&d, "Le Monde", 1, "PERSON"),
        ];
        press_names_are_organizations(&v, &Gazetteer::builtin().unwrap(), &mut es);
        // `Mail` opens its sentence; `weekly` is an adjective of `auction`;
        // `Moscow` is a place; `U.S.` may be cut from `U.S. News`. A press
        // name already an organization makes its other mentions one.
        assert_eq!(
            texts(&es),
            pairs(&[
                ("ORG", "Der Spiegel"),
                ("ORG", "Der Spiegel"),
                ("PERSON", "Mail"),
                ("ORG", "Nhan Dan"),
                ("LOC", "Zorvex"),
                ("LOC", "Moscow"),
                ("LOC", "U.S."),
                ("ORG", "Le Monde"),
                ("ORG", "Le Monde"),
            ])
        );
    }

    #[test]
    fn a_name_before_a_press_noun_is_an_organization() {
        let (d, g) = tagged_doc(
            "Zycie Warszawy daily said so .\nBritain 's Sun newspaper said .\n\
             the Albanian daily said .\nthe English-language magazine said .\n\
             the Maputo daily Noticias said .\na 20 Ecu daily rebate .\n\
             the Interfax news agency said .\nthe Bavaria newspaper said .",
            &[
                "NNP", "NNP", "JJ", "VBD", "RB", ".", "NNP", "POS", "NNP", "NN", "VBD", ".", "DT",
                "JJ", "JJ", "VBD", ".", "DT", "JJ", "NN", "VBD", ".", "DT", "NNP", "JJ", "NNP",
                "VBD", ".", "DT", "CD", "NNP", "JJ", "NN", ".", "DT", "NNP", "NN", "NN", "VBD",
                ".", "DT", "NNP", "NN", "VBD", ".",
            ],
        );
        let v = View::new(&d, &g);
        let given = [
            ("Zycie Warszawy", "PERSON"),
            ("Britain", "LOC"),
            ("Sun", "MISC"),
            ("Albanian", "MISC"),
            ("English-language", "MISC"),
            ("Maputo", "LOC"),
            ("Ecu", "MISC"),
            ("Interfax", "PERSON"),
            ("Bavaria", "LOC"),
        ];
        let mut es: Vec<Entity> = given.iter().map(|&(t, l)| entity_at(&d, t, 0, l)).collect();
        press_names_are_organizations(&v, &Gazetteer::builtin().unwrap(), &mut es);
        // A nationality, a compound adjective and a place say where the
        // paper is from; `daily` before a noun is an adjective.
        assert_eq!(
            texts(&es),
            pairs(&[
                ("ORG", "Zycie Warszawy"),
                ("LOC", "Britain"),
                ("ORG", "Sun"),
                ("MISC", "Albanian"),
                ("MISC", "English-language"),
                ("LOC", "Maputo"),
                ("MISC", "Ecu"),
                ("ORG", "Interfax"),
                ("LOC", "Bavaria"),
            ])
        );
    }

    #[test]
    fn a_body_the_model_missed_is_an_organization() {
        let (d, g) = tagged_doc(
            "a German Foreign Ministry spokesman said .\nU.S. Agriculture Department officials met .\n\
             in September International Coffee Organization talks .\n\
             the Security Council Resolution passed .\nthe council met the Party today .\n\
             Talks Held At Foreign Ministry",
            &[
                "DT", "JJ", "NNP", "NNP", "NN", "VBD", ".", "NNP", "NNP", "NNP", "NNS", "VBD", ".",
                "IN", "NNP", "NNP", "NNP", "NNP", "NNS", ".", "DT", "NNP", "NNP", "NNP", "VBD",
                ".", "DT", "NN", "VBD", "DT", "NNP", "NN", ".", "NNS", "VBN", "IN", "NNP", "NNP",
            ],
        );
        let v = View::new(&d, &g);
        let mut es = vec![
            entity_at(&d, "German", 0, "MISC"),
            entity_at(&d, "U.S.", 0, "LOC"),
        ];
        missed_bodies_are_organizations(&v, &mut es);
        // A nationality stays apart; a place opens the body; a month is
        // no part of it; a name that goes on, a head alone and a heading
        // are left.
        assert_eq!(
            texts(&es),
            pairs(&[
                ("MISC", "German"),
                ("ORG", "Foreign Ministry"),
                ("ORG", "U.S. Agriculture Department"),
                ("ORG", "International Coffee Organization"),
            ])
        );
    }
}
