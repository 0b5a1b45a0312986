//! Sports reports name clubs by their towns: organizations, as CoNLL-2003
//! labels clubs. A line of results (`Melrose 107 Stirling County 10`,
//! `Sale 31 Wasps 33`) names two teams; the model, reading a few words at
//! a time, takes a club named after its town for the town (`Melrose`),
//! misses one named by an ordinary word (`Sale`) and cuts others
//! (`Stirling` of `Stirling County`). In the prose of a sports report, a
//! town the words around say plays is a club too (`Seattle beat`, `victory
//! over Volendam`), and so is a one-word plural name taken for a MISC
//! (`Wasps`).

use super::{View, is_region, named, overlaps};
use crate::gazetteer::Gazetteer;
use crate::rules::dates::is_day_or_month_name;
use docpipe_core::Entity;
use std::ops::Range;

/// Longest team name taken, in tokens.
const MAX_NAME: usize = 6;

/// Small words inside a team's name (`Heriot 's F.P.`, `Brighton &
/// Hove`).
const NAME_JOINERS: &[&str] = &["'s", "’s", "&", "de", "of", "and"];

/// The teams of a result line: the sentence `tokens` is exactly a name, a
/// score, a name and a score (`Currie 45 Heriot 's F.P. 5`), each name of
/// one to [`MAX_NAME`] tokens that start with a capital or are joiners,
/// opened by a capitalized one and none a day or month name, each score a
/// whole number of up to three digits.
fn teams(view: &View<'_>, tokens: Range<usize>) -> Option<[Range<usize>; 2]> {
    let score = |t: usize| {
        let w = view.word(t);
        (1..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
    };
    let name_word = |t: usize| view.capitalized(t) || NAME_JOINERS.contains(&view.word(t));
    let mut names = Vec::with_capacity(2);
    let mut t = tokens.start;
    for _ in 0..2 {
        let start = t;
        if t >= tokens.end || !view.capitalized(t) {
            return None;
        }
        while t < tokens.end && !score(t) && name_word(t) {
            t += 1;
        }
        if t - start > MAX_NAME || t >= tokens.end || !score(t) {
            return None;
        }
        names.push(start..t);
        t += 1;
    }
    // `March 87 March 86` are dates.
    let dated = names
        .iter()
        .any(|n| n.clone().any(|k| is_day_or_month_name(view.word(k))));
    if t != tokens.end || dated {
        return None;
    }
    let second = names.pop()?;
    let first = names.pop()?;
    Some([first, second])
}

/// Home nations, which field national teams but are no countries of the
/// built-in gazetteer.
const HOME_NATIONS: &[&str] = &["England", "Scotland", "Wales", "Northern Ireland"];

/// Makes the two names of each result line (see [`teams`]) organizations,
/// whole, in place of whatever the model found in them, in a document with
/// two result lines or more (a table of results, not one line that only
/// looks like one: `Windows 95 Office 97`). In CoNLL-2003 `train.txt`, a
/// name opening such a line is ORG 914 times out of 928 (8 LOC: national
/// teams named by their country; 5 unlabelled; 1 PER), and in `valid.txt`
/// 188 times out of 188. A line with a country or a home nation on either
/// side is between national teams, which CoNLL labels as the countries: it
/// is left as the model found it.
pub(crate) fn result_lines_name_teams(
    view: &View<'_>,
    builtin: &Gazetteer,
    entities: &mut Vec<Entity>,
) {
    // Two names and two scores.
    let lines: Vec<[Range<usize>; 2]> = view
        .sentences()
        .iter()
        .filter(|s| (4..=2 * MAX_NAME + 2).contains(&s.len()))
        .filter_map(|s| teams(view, s.clone()))
        .collect();
    if lines.len() < 2 {
        return;
    }
    let mut added = Vec::new();
    for pair in lines {
        let whole = pair.map(|name| {
            let (start, end) = (view.tokens[name.start].start, view.tokens[name.end - 1].end);
            view.entity(start, end, "ORG")
        });
        let national =
            |e: &Entity| builtin.is_country(&e.text) || HOME_NATIONS.contains(&e.text.as_str());
        if whole.iter().any(national) {
            continue;
        }
        for team in whole {
            entities.retain(|e| !(named(e) && overlaps(e, team.start, team.end)));
            added.push(team);
        }
    }
    // The names added overlap no named entity left.
    crate::stage::merge(entities, added, false);
}

/// Sports named in the headings of sports reports (`SOCCER - ...`,
/// `RUGBY UNION - ...`), lower-cased: all those of CoNLL-2003 and a few
/// more.
const SPORTS: &[&str] = &[
    "american football",
    "athletics",
    "australian rules",
    "badminton",
    "baseball",
    "basketball",
    "boxing",
    "cricket",
    "cycling",
    "football",
    "golf",
    "hockey",
    "horse racing",
    "ice hockey",
    "motor racing",
    "motorcycling",
    "motocross",
    "nba",
    "nfl",
    "nhl",
    "rallying",
    "rowing",
    "rugby",
    "rugby league",
    "rugby union",
    "soccer",
    "squash",
    "swimming",
    "tennis",
    "volleyball",
];

/// Words before a town that make it a club in a sports report, a side
/// met, beaten or played for (`v Surrey`, `victory over Volendam`, `with
/// Blackburn`); lower-cased.
const OPPONENT_WORDS: &[&str] = &[
    "against", "beat", "beating", "over", "v", "v.", "vs", "vs.", "with",
];

/// Verbs after a town that make it a club in a sports report: results
/// (`Cleveland lost`, `Sparta win 10-1`); lower-cased.
const RESULT_VERBS: &[&str] = &[
    "beat", "beats", "blanked", "defeated", "drew", "edged", "lost", "rallied", "routed",
    "snapped", "swept", "trounced", "win", "wins", "won",
];

/// Whether the document is a sports report: its first sentence opens with
/// a sport's name and a dash or colon (`SOCCER - ROTOR FANS LOCKED OUT`,
/// `Tennis: ...`).
fn is_sports_report(view: &View<'_>) -> bool {
    let Some(first) = view.sentences().first() else {
        return false;
    };
    let Some(dash) = first
        .clone()
        .take(4)
        .find(|&t| matches!(view.word(t), "-" | "--" | ":" | "—" | "–"))
    else {
        return false;
    };
    let sport: Vec<String> = (first.start..dash)
        .map(|t| view.word(t).to_lowercase())
        .collect();
    SPORTS.contains(&sport.join(" ").as_str())
}

/// In a sports report (see [`is_sports_report`]), a town or region of the
/// built-in gazetteer the model took for a place is a club (ORG) where the
/// words around it say it plays: after a word for an opponent (see
/// [`OPPONENT_WORDS`]), before a result verb (see [`RESULT_VERBS`]) or
/// before a possessive (`Atlanta 's Tom Glavine`). In CoNLL-2003
/// `train.txt`'s sports reports, a town in running text in one of these
/// places is ORG 101 times out of 113 (9 LOC, 3 PER), and in `valid.txt`
/// 27 times out of 30. Elsewhere the model is right more often than not:
/// a town in running text there is ORG 1,494 times out of 1,735, but most
/// of those the model already finds, and those it takes for places are
/// mostly places (`the Moscow club`, `at Edgbaston , Birmingham`): on
/// `valid.txt`, relabelling them all lost 0.3 F1. Countries and home
/// nations field national teams, which CoNLL labels as places; a town
/// written in capitals or in a heading is left alone.
pub(crate) fn towns_in_sports_reports_are_clubs(
    view: &View<'_>,
    builtin: &Gazetteer,
    entities: &mut [Entity],
) {
    if !is_sports_report(view) {
        return;
    }
    let national = |name: &str| builtin.is_country(name) || HOME_NATIONS.contains(&name);
    let lower = |t: usize| view.word(t).to_lowercase();
    for e in entities.iter_mut().filter(|e| e.label == "LOC") {
        let r = view.range(e);
        if r.is_empty()
            || view.in_heading(r.start)
            || view.word(r.start).chars().all(char::is_uppercase)
        {
            continue;
        }
        let town = !national(&e.text) && (builtin.lookup(&e.text).is_some() || is_region(&e.text));
        let sentence = &view.sentence_of[r.start];
        let opponent =
            r.start > sentence.start && OPPONENT_WORDS.contains(&lower(r.start - 1).as_str());
        let next = view.next_in_sentence(r.end - 1);
        let plays = next.is_some_and(|n| {
            matches!(view.word(n), "'s" | "’s") || RESULT_VERBS.contains(&lower(n).as_str())
        });
        if town && (opponent || plays) {
            e.label = "ORG".to_owned();
            e.canonical = None;
        }
    }
}

/// Plural words that name events, not teams (`Olympics`, `Games`).
const EVENT_PLURALS: &[&str] = &[
    "Championships",
    "Finals",
    "Games",
    "Nationals",
    "Olympics",
    "Paralympics",
    "Playoffs",
    "Series",
];

/// In a sports report (see [`is_sports_report`]), a one-word plural name
/// the model took for a MISC (`Wasps`, `Saracens`, `Angels`) is a team's
/// nickname: ORG. The model reads such words as peoples (`Aussies`). In
/// CoNLL-2003 `train.txt`'s sports reports, a one-word name in title case
/// ending in `s`, no nationality word (see
/// [`is_nationality`](super::demonyms::is_nationality)) and no event
/// ([`EVENT_PLURALS`]), is ORG 212 times out of 427 (110 PER: `Sampras`;
/// 99 LOC: `Netherlands`) and MISC only 6 times: where the model says
/// MISC, it is wrong.
pub(crate) fn plural_names_in_sports_reports_are_teams(view: &View<'_>, entities: &mut [Entity]) {
    if !is_sports_report(view) {
        return;
    }
    for e in entities.iter_mut().filter(|e| e.label == "MISC") {
        let r = view.range(e);
        if r.len() != 1 {
            continue;
        }
        let w = view.word(r.start);
        if view.title_case(r.start)
            && w.ends_with('s')
            && !super::demonyms::is_nationality(w)
            && !EVENT_PLURALS.contains(&w)
        {
            e.label = "ORG".to_owned();
            e.canonical = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, entity, pairs, texts, unchanged};
    use super::*;

    fn repaired(text: &str, entities: &[(&str, &str)]) -> Vec<(String, String)> {
        let builtin = Gazetteer::builtin().unwrap();
        let (d, g) = doc(text);
        let v = View::new(&d, &g);
        let mut es: Vec<Entity> = entities.iter().map(|&(t, l)| entity(&d, t, l)).collect();
        result_lines_name_teams(&v, &builtin, &mut es);
        texts(&es)
    }

    #[test]
    fn the_names_of_a_result_line_are_teams() {
        assert_eq!(
            repaired(
                "Melrose 107 Stirling County 10\nSale 31 Wasps 33\nCurrie 45 Heriot 's F.P. 5",
                &[
                    ("Melrose", "LOC"),
                    ("Stirling", "LOC"),
                    ("Wasps", "ORG"),
                    ("Heriot", "PERSON"),
                ]
            ),
            pairs(&[
                ("ORG", "Melrose"),
                ("ORG", "Stirling County"),
                ("ORG", "Sale"),
                ("ORG", "Wasps"),
                ("ORG", "Currie"),
                ("ORG", "Heriot 's F.P."),
            ])
        );
    }

    /// A country is a national team, which CoNLL-2003 labels as the
    /// country; lines of any other shape are no results.
    #[test]
    fn countries_and_other_lines_are_left_alone() {
        let text = "Ethiopia 1 Uganda 1\nEngland 2 Leeds Rhinos 1\nLeeds 2 Chelsea 1 ( halftime 1-0 )\n\
                    Bonn 1996 Paris 2000\nHe scored 2 Mark 3\nMarch 87 March 86";
        let given = [
            ("Ethiopia", "LOC"),
            ("England", "LOC"),
            ("Leeds", "LOC"),
            ("Bonn", "LOC"),
        ];
        let got = repaired(text, &given);
        assert_eq!(
            got,
            pairs(&[
                ("LOC", "Ethiopia"),
                ("LOC", "England"),
                ("LOC", "Leeds"),
                ("LOC", "Bonn")
            ])
        );
        // A document with one result line has no table of results.
        assert_eq!(
            repaired(
                "Windows 95 Office 97 .\nSale 31 Wasps 33",
                &[("Wasps", "ORG")]
            ),
            pairs(&[("ORG", "Wasps")])
        );
    }

    fn in_report(text: &str, entities: &[(&str, &str)]) -> Vec<(String, String)> {
        let builtin = Gazetteer::builtin().unwrap();
        let (d, g) = doc(text);
        let v = View::new(&d, &g);
        let mut es: Vec<Entity> = entities.iter().map(|&(t, l)| entity(&d, t, l)).collect();
        towns_in_sports_reports_are_clubs(&v, &builtin, &mut es);
        texts(&es)
    }

    const LINES: &str = "Atlanta 's Tom Glavine pitched well .\nthe win over Seattle came late .\n\
                         Cleveland lost for the ninth time .\nthe clubs met in Vienna on Friday .\n\
                         England beat Italy on Friday .\nBOSTON WON AGAIN";

    const TOWNS: [(&str, &str); 7] = [
        ("Atlanta", "LOC"),
        ("Seattle", "LOC"),
        ("Cleveland", "LOC"),
        ("Vienna", "LOC"),
        ("England", "LOC"),
        ("Italy", "LOC"),
        ("BOSTON", "LOC"),
    ];

    /// A town that plays is a club; one where something happens, a
    /// country, a home nation and a town in capitals are left alone.
    #[test]
    fn towns_that_play_in_a_sports_report_are_clubs() {
        let text = format!("BASEBALL - CLUBS MEET AGAIN .\n{LINES}");
        assert_eq!(
            in_report(&text, &TOWNS),
            pairs(&[
                ("ORG", "Atlanta"),
                ("ORG", "Seattle"),
                ("ORG", "Cleveland"),
                ("LOC", "Vienna"),
                ("LOC", "England"),
                ("LOC", "Italy"),
                ("LOC", "BOSTON"),
            ])
        );
    }

    #[test]
    fn towns_outside_sports_reports_are_left_alone() {
        let text = format!("POLITICS - TALKS GO ON .\n{LINES}");
        assert_eq!(in_report(&text, &TOWNS), unchanged(&TOWNS));
        let text = format!("Atlanta - the city grew .\n{LINES}");
        assert_eq!(in_report(&text, &TOWNS), unchanged(&TOWNS));
    }

    #[test]
    fn plural_names_in_a_sports_report_are_teams() {
        let run = |heading: &str| {
            let text = format!(
                "{heading}\nthe Wasps beat the Kenyans at the Olympics .\nSampras and the SAINTS won ."
            );
            let (d, g) = doc(&text);
            let v = View::new(&d, &g);
            let given = [
                ("Wasps", "MISC"),
                ("Kenyans", "MISC"),
                ("Olympics", "MISC"),
                ("Sampras", "PERSON"),
                ("SAINTS", "MISC"),
            ];
            let mut es: Vec<Entity> = given.iter().map(|&(t, l)| entity(&d, t, l)).collect();
            plural_names_in_sports_reports_are_teams(&v, &mut es);
            texts(&es)
        };
        // A nationality, an event, a person and a word in capitals are
        // left alone.
        assert_eq!(
            run("RUGBY UNION - RESULTS ."),
            pairs(&[
                ("ORG", "Wasps"),
                ("MISC", "Kenyans"),
                ("MISC", "Olympics"),
                ("PERSON", "Sampras"),
                ("MISC", "SAINTS"),
            ])
        );
        assert_eq!(
            run("NATURE - INSECTS ."),
            pairs(&[
                ("MISC", "Wasps"),
                ("MISC", "Kenyans"),
                ("MISC", "Olympics"),
                ("PERSON", "Sampras"),
                ("MISC", "SAINTS"),
            ])
        );
    }
}
