//! A line of results (`Melrose 107 Stirling County 10`, `Sale 31 Wasps
//! 33`) names two teams: organizations, as CoNLL-2003 labels clubs. The
//! model, reading a few words at a time, takes a club named after its
//! town for the town (`Melrose`), misses one named by an ordinary word
//! (`Sale`) and cuts others (`Stirling` of `Stirling County`).

use super::{View, named, overlaps};
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

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, entity, pairs, texts};
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
}
