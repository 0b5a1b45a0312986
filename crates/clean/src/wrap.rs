//! Hard-wrapped paragraphs: text wrapped at a fixed width (72 columns in
//! e-mail, Project Gutenberg and many archives), where one paragraph spans
//! several lines.
//!
//! The planner judges lines by their own features (a sentence, a
//! headline, a name), so a wrapped line, half a sentence, looks like a
//! headline and a paragraph's short last line like a caption. Grouping
//! the lines of a wrapped paragraph first lets every later decision see
//! the paragraph.

use std::ops::Range;

/// Narrower wrapping is rare in prose, and short lines near each other
/// (menus, lists) would look wrapped.
const MIN_WIDTH: usize = 40;

/// Wider than this, lines are unwrapped paragraphs, not wrapped ones.
const MAX_WIDTH: usize = 100;

/// Full lines ending mid-sentence (the next word would not have fitted)
/// a document needs to count as hard-wrapped; a single one may be a
/// headline that happens to be the longest line.
const MIN_FULL_LINES: usize = 2;

/// Where a line would stand in a wrapped paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// Anywhere: it must look like prose on its own terms (no date line,
    /// no row of symbols).
    Head,
    /// After a full line that ends mid-sentence: it finishes that
    /// sentence, so a short tail such as `4,350 dlrs.` or `1, 1987.` is
    /// prose there, whatever it looks like alone.
    Tail,
}

/// Characters (not bytes) of a line, as a wrapping program counts them.
fn width_of(line: &str) -> usize {
    line.chars().count()
}

/// The first word's width: what a greedy wrapper would have tried to fit
/// on the line before.
fn first_word_width(line: &str) -> usize {
    line.split(' ').next().map_or(0, width_of)
}

/// Ends like a sentence, ignoring closing quotes and brackets.
fn ends_sentence(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']);
    end.ends_with(['.', '!', '?', '…', ':'])
}

/// Starts with a lower-case letter: continues the line before.
fn starts_lower(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// A list item or quoted reply, which a wrapper never makes by itself.
fn starts_item(line: &str) -> bool {
    line.starts_with(['-', '*', '•', '>', '|', '#'])
        || line.split_once(['.', ')']).is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Groups `lines` (normalized: trimmed, blank lines empty) into
/// paragraphs: ranges of line indices, in order, covering every line. A
/// range holds more than one line only where the text is hard-wrapped:
/// no line of the document is wider than the wrap width (a line of one
/// word, a URL, may be), the line before a join is full (the next line's
/// first word would not have fitted on it), and either the document has
/// several full lines ending mid-sentence or the line ends mid-sentence
/// and the next one goes on in lower case. `joinable(i, place)` says
/// whether line `i` may be part of a paragraph there (a widget or a
/// byline never is).
pub(crate) fn paragraphs(
    lines: &[&str],
    joinable: impl Fn(usize, Place) -> bool,
) -> Vec<Range<usize>> {
    let singles = || (0..lines.len()).map(|i| i..i + 1).collect();
    let width = lines
        .iter()
        .filter(|l| l.contains(' '))
        .map(|l| width_of(l))
        .max()
        .unwrap_or(0);
    if !(MIN_WIDTH..=MAX_WIDTH).contains(&width) {
        return singles();
    }
    // Whether line `i` would have taken the next line's first word, had it
    // fitted: the mark of a greedy wrapper.
    let full = |i: usize| {
        let (line, next) = (lines[i], lines[i + 1]);
        !line.is_empty()
            && !next.is_empty()
            && !starts_item(next)
            && width_of(line) + 1 + first_word_width(next) > width
            && joinable(i, Place::Head)
            && joinable(
                i + 1,
                if ends_sentence(line) {
                    Place::Head
                } else {
                    Place::Tail
                },
            )
    };
    let n = lines.len();
    // A full line that ends mid-sentence: lines of prose one paragraph
    // each are as long as the longest line too, but end sentences.
    let broken = |i: usize| i + 1 < n && full(i) && !ends_sentence(lines[i]);
    let wrapped = (0..n).filter(|&i| broken(i)).count() >= MIN_FULL_LINES;
    let mut out: Vec<Range<usize>> = Vec::with_capacity(n);
    for i in 0..n {
        let (prev, line) = (lines[i.saturating_sub(1)], lines[i]);
        // After a sentence that ends a full line, the paragraph goes on
        // only with more wrapped text or its closing sentence, not with
        // a headline under it.
        let goes_on = ends_sentence(line) || broken(i);
        let joins = i > 0
            && full(i - 1)
            && if ends_sentence(prev) {
                wrapped && goes_on
            } else {
                wrapped || starts_lower(line)
            };
        match out.last_mut() {
            Some(last) if joins => last.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// Whether the line after `line` continues it: `line` ends mid-sentence
/// and `next` goes on in lower case. Such a line is never a title.
pub(crate) fn continues(line: &str, next: &str) -> bool {
    !line.is_empty() && !ends_sentence(line) && starts_lower(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(text: &str) -> Vec<Range<usize>> {
        let lines: Vec<&str> = text.split('\n').collect();
        paragraphs(&lines, |_, _| true)
    }

    const WRAPPED: &str = "The city council voted on Tuesday to approve a new budget that raises\n\
        spending on schools and roads by 4 percent.\n\
        \n\
        Mayor Linda Park said the plan would be paid for without raising\n\
        property taxes, a promise she made during her campaign last year.\n\
        \n\
        Opponents on the council argued that the revenue forecasts were too\n\
        optimistic and warned of cuts next year.";

    #[test]
    fn joins_the_lines_of_wrapped_paragraphs() {
        assert_eq!(group(WRAPPED), vec![0..2, 2..3, 3..5, 5..6, 6..8]);
    }

    #[test]
    fn leaves_unwrapped_lines_alone() {
        // Lines of a page, each its own paragraph: the title is not full.
        let page = "Markets rally on rate hopes\n\
            Stocks rose sharply on Monday as investors bet on cuts.\n\
            Share this";
        assert_eq!(group(page), vec![0..1, 1..2, 2..3]);
        // Short lines (a menu, a list) never count as wrapped.
        assert_eq!(group("Home\nNews\nSport"), vec![0..1, 1..2, 2..3]);
        // List items are not continuations.
        let list = "The council listed the projects that the budget will pay for:\n\
            - roads and bridges in the north of the city, and the new ring\n\
            - schools";
        assert_eq!(group(list).len(), 3);
    }

    #[test]
    fn one_full_line_joins_only_a_lower_case_continuation() {
        let one = "Opponents on the council argued that the revenue forecasts were too\n\
            optimistic and warned of cuts next year.";
        assert_eq!(group(one), vec![0..2]);
        let headline = "Opponents on the council argue revenue forecasts are optimistic\n\
            Mayor says plan is safe.";
        assert_eq!(group(headline), vec![0..1, 1..2]);
    }

    #[test]
    fn sentences_one_per_line_are_not_wrapped() {
        // Found by the idempotence property: full lines that end
        // sentences, then a headline.
        let lines = "(AFP) - Officials met in the capital on Monday to discuss the budget plan.\n\
            The central bank said on Tuesday that it would keep rates on hold for now.\n\
            Markets rally as oil slumps";
        assert_eq!(group(lines), vec![0..1, 1..2, 2..3]);
    }

    #[test]
    fn a_line_going_on_in_lower_case_is_continued() {
        assert!(continues(
            "The city council voted on",
            "spending on schools."
        ));
        assert!(!continues("City council votes budget", "Mayor Park said."));
        assert!(!continues("The council voted.", "then it went home."));
    }
}
