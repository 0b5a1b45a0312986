//! An ampersand between capitalized words is inside a name (`Douglas &
//! Lomason`, `McDonald & Co`, `Bear Stearns & Co`): in CoNLL-2003
//! `train.txt` all 23 are (22 organizations, one place), and in
//! `valid.txt` all 13. The model, reading a few words at a time, often
//! finds the two sides as two names, or one side only.

use super::{View, named, overlaps};
use docpipe_core::Entity;

/// Joins the names on both sides of each `&` that stands between two
/// capitalized words of one sentence, where the model found a name on at
/// least one side (or over the `&`): the joined name runs from the start
/// of the name before (or the word before) to the end of the name after
/// (or the word after), in place of the names it overlaps. It is a place
/// if every name it replaces is one, and otherwise an organization.
pub(crate) fn join_at_ampersands(view: &View<'_>, entities: &mut Vec<Entity>) {
    for t in 1..view.tokens.len() {
        if view.word(t) != "&"
            || view.sentence_of[t].start == t
            || view.next_in_sentence(t).is_none()
            || !view.capitalized(t - 1)
            || !view.capitalized(t + 1)
        {
            continue;
        }
        let (before, after) = (&view.tokens[t - 1], &view.tokens[t + 1]);
        let covering = |start: usize, end: usize| {
            entities
                .iter()
                .position(|e| named(e) && overlaps(e, start, end))
        };
        let left = covering(before.start, before.end);
        let right = covering(after.start, after.end);
        let middle = covering(view.tokens[t].start, view.tokens[t].end);
        if left.is_none() && right.is_none() && middle.is_none() {
            continue;
        }
        if left.is_some() && left == right {
            continue;
        }
        let start = left.map_or(before.start, |i| entities[i].start.min(before.start));
        let end = right.map_or(after.end, |i| entities[i].end.max(after.end));
        let replaced: Vec<&Entity> = entities
            .iter()
            .filter(|e| named(e) && overlaps(e, start, end))
            .collect();
        let label = if replaced.iter().all(|e| e.label == "LOC") {
            "LOC"
        } else {
            "ORG"
        };
        let joined = view.entity(start, end, label);
        entities.retain(|e| !(named(e) && overlaps(e, start, end)));
        crate::stage::merge(entities, vec![joined], false);
    }
}

/// Companies whose names join two words by `and` (most write `&`), which
/// the model, reading a few words at a time, cuts or takes for places
/// (`Standard` LOC in `rated AAA by Standard and Poor's`). Written as
/// tokens; a possessive may follow as its own token (`Poor` `'s`).
const AND_NAMES: &[&[&str]] = &[
    &["Standard", "and", "Poor's"],
    &["Standard", "and", "Poor", "'s"],
    &["Procter", "and", "Gamble"],
    &["Johnson", "and", "Johnson"],
    &["Marks", "and", "Spencer"],
    &["Ernst", "and", "Young"],
    &["Barnes", "and", "Noble"],
    &["Smith", "Barney", "Harris", "Upham", "and", "Co"],
];

/// Known companies named with `and` ([`AND_NAMES`]) are one ORG each, in
/// place of the names the model found inside them.
pub(crate) fn join_known_and_names(view: &View<'_>, entities: &mut Vec<Entity>) {
    for t in 0..view.tokens.len() {
        if view.word(t) == "and" || !view.capitalized(t) {
            continue;
        }
        let Some(name) = AND_NAMES.iter().find(|name| {
            t + name.len() <= view.sentence_of[t].end
                && name.iter().enumerate().all(|(k, w)| view.word(t + k) == *w)
        }) else {
            continue;
        };
        let (start, end) = (view.tokens[t].start, view.tokens[t + name.len() - 1].end);
        let joined = view.entity(start, end, "ORG");
        entities.retain(|e| !(named(e) && overlaps(e, start, end)));
        crate::stage::merge(entities, vec![joined], false);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{kept, pairs};
    use super::*;

    #[test]
    fn names_on_both_sides_of_an_ampersand_are_one() {
        let got = kept(
            "Family-controlled Douglas & Lomason rose , said an analyst at McDonald & Co .\n\
             Bear Stearns & Co Inc led , with Trinidad & Tobago .",
            &[
                ("Douglas", "ORG"),
                ("Lomason", "ORG"),
                ("McDonald", "ORG"),
                ("& Co", "ORG"),
                ("Bear Stearns", "PERSON"),
                ("Trinidad", "LOC"),
                ("Tobago", "LOC"),
            ],
            join_at_ampersands,
        );
        assert_eq!(
            got,
            pairs(&[
                ("ORG", "Douglas & Lomason"),
                ("ORG", "McDonald & Co"),
                ("ORG", "Bear Stearns & Co"),
                ("LOC", "Trinidad & Tobago"),
            ])
        );
    }

    #[test]
    fn known_companies_with_and_are_one_name() {
        let got = kept(
            "It is rated AAA by Standard and Poor's and AA by Moody's .\n\
             Procter and Gamble rose , as did Smith and Jones .",
            &[
                ("Standard", "LOC"),
                ("Moody's", "ORG"),
                ("Procter", "PERSON"),
                ("Gamble", "PERSON"),
                ("Smith", "PERSON"),
                ("Jones", "PERSON"),
            ],
            join_known_and_names,
        );
        assert_eq!(
            got,
            pairs(&[
                ("ORG", "Standard and Poor's"),
                ("ORG", "Moody's"),
                ("ORG", "Procter and Gamble"),
                ("PERSON", "Smith"),
                ("PERSON", "Jones"),
            ])
        );
    }

    /// Nothing found on either side, a lower-case word beside it, a name
    /// already whole, or an `&` opening its sentence: nothing changes.
    #[test]
    fn other_ampersands_are_left_alone() {
        let given = [("Procter & Gamble", "ORG"), ("Smith", "PERSON")];
        let got = kept(
            "Research & Development grew .\nProcter & Gamble and Smith & sons .\n& Co said .",
            &given,
            join_at_ampersands,
        );
        assert_eq!(
            got,
            pairs(&[("ORG", "Procter & Gamble"), ("PERSON", "Smith")])
        );
    }
}
