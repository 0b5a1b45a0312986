//! Recognizers for the metadata lines and tags of news pages: bylines,
//! datelines, agency tags, source names fused with dates, date lines.

use super::date::{FoundDate, find_date};
use crate::features::is_stop_word;
use regex::Regex;
use std::sync::LazyLock;

/// News agencies commonly credited in a tag (`(AFP) –`, `— VNS`).
const AGENCIES: &[&str] = &[
    "reuters",
    "reuter",
    "afp",
    "ap",
    "upi",
    "xinhua",
    "bernama",
    "vna",
    "vns",
    "yonhap",
    "kyodo",
    "dpa",
    "ansa",
    "efe",
    "tass",
    "ria",
    "pti",
    "ani",
    "ians",
    "antara",
    "pna",
    "kpl",
    "ttxvn",
    "sputnik",
    "anadolu",
    "bloomberg",
    "cna",
    "apa",
    "aap",
    "ips",
    "vgp",
    "plo",
    "vov",
    "vtv",
];

/// Labels that introduce a date (`Published:`, `date`, `Cập nhật`).
const DATE_LABELS: &[&str] = &[
    "date",
    "published",
    "publish date",
    "posted",
    "posted on",
    "updated",
    "last updated",
    "first published",
    "published on",
    "updated on",
    "publié le",
    "mis à jour le",
    "mis à jour",
    "veröffentlicht",
    "veröffentlicht am",
    "aktualisiert",
    "actualizado",
    "publicado",
    "pubblicato",
    "ngày",
    "cập nhật",
    "đăng",
];

/// Byline openings (`By`, `Reporting by`, `Par`, `Von`, `Por`, `Bởi`).
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    // invariant: a literal pattern, exercised by the tests.
    Regex::new(r"^(?i:by|written by|reporting by|story by|words by|text by|author:|par|von|por|di|door|bởi|tác giả:?)\s+(.+)$")
        .unwrap_or_else(|e| unreachable!("byline pattern compiles: {e}"))
});

/// `PLACE, Month Day -` or `PLACE (Agency) —` at the start of a line.
/// Bytes of the longest name in [`AGENCIES`] (checked by a test).
const MAX_AGENCY_LEN: usize = 9;

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    // invariant: a literal pattern, exercised by the tests.
    Regex::new(r"^(\p{Lu}[\p{Lu}\p{M}.'’ ]{1,40}?)(?:\s*\(([^)]{2,30})\))?(?:,\s*([^—–\-]{1,40}?))?\s*(?:[—–]|--?)\s*")
        .unwrap_or_else(|e| unreachable!("dateline pattern compiles: {e}"))
});

/// Compiles the byline and dateline patterns now rather than on first use
/// (see [`super::compile_patterns`]).
pub(crate) fn compile_patterns() {
    LazyLock::force(&BYLINE);
    LazyLock::force(&DATELINE);
}

/// Whether a token names a news agency: a known one, or a short capital
/// acronym with at most one vowel (`VGP`, `PLO`, `TTXVN`).
pub(crate) fn is_agency(token: &str) -> bool {
    // Asked of the last word of every line: rule out what cannot match
    // before scanning the table. Every known name is ASCII letters, of at
    // most MAX_AGENCY_LEN; lower-casing never shortens a string in chars.
    let known = if token.is_ascii() {
        // Known names are letters (checked by a test), and so is an
        // acronym: `said.` and `2024` are neither.
        if token.len() > MAX_AGENCY_LEN || !token.bytes().all(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        AGENCIES.iter().any(|a| a.eq_ignore_ascii_case(token))
    } else {
        if token.chars().count() > MAX_AGENCY_LEN {
            return false;
        }
        AGENCIES.contains(&token.to_lowercase().as_str())
    };
    if known {
        return true;
    }
    let len = token.chars().count();
    let vowels = token.chars().filter(|c| "AEIOUY".contains(*c)).count();
    (2..=6).contains(&len) && token.chars().all(|c| c.is_ascii_uppercase()) && vowels <= 1
}

/// Month names that are also given names (`May Bulman`, `April Ryan`,
/// `Jan Smith`): alone they do not rule a name out.
const GIVEN_NAME_MONTHS: &[&str] = &["may", "june", "april", "august", "jan", "jun", "mai"];

/// Words that are never part of a person's name but fill the short
/// capitalized lines of figures tables and notices (`Pay Aug Three`,
/// `Record March Two`, `Natl Loan Release Call`): numbers written out,
/// weekdays, and the labels and abbreviations of dividend and results
/// tables (`Qtly div`, `Shr`, `Reord` being the wire's own misspelling).
const NOT_NAME_WORDS: &[&str] = &[
    // numbers
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "thousand",
    "nil",
    "first",
    "second",
    "third",
    // weekdays
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    // figures tables
    "pay",
    "payable",
    "paid",
    "record",
    "reord",
    "qtly",
    "qtr",
    "div",
    "divs",
    "dividend",
    "shr",
    "shrs",
    "cts",
    "net",
    "revs",
    "avg",
    "vs",
    "natl",
    "fob",
    "cif",
    "mln",
    "bln",
    "pct",
    "prior",
    "total",
    "oper",
];

/// Whether a word (any case) can be part of a person's name: not a
/// number, weekday or table label, and not a month name unless the month
/// is also a given name.
fn name_word(word: &str) -> bool {
    let lower = word.trim_end_matches(['.', ',']).to_lowercase();
    !NOT_NAME_WORDS.contains(&lower.as_str())
        && (super::date::month_number(&lower).is_none()
            || GIVEN_NAME_MONTHS.contains(&lower.as_str()))
}

/// A person's name standing alone: two to four capitalized words, no
/// stop words, no digits, none a number, weekday, table label or month
/// (see [`name_word`]).
pub(crate) fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || ".'’-".contains(c))
                && w.chars().any(char::is_lowercase)
                && !is_stop_word(&w.to_lowercase())
                && name_word(w)
        })
}

/// The name in a byline line (`By Vien Nhu`, `Reporting by A; Editing by
/// B`), cut at the first separator.
pub(crate) fn byline(line: &str) -> Option<String> {
    if !BYLINE.is_match(line) {
        return None;
    }
    let caps = BYLINE.captures(line)?;
    let rest = caps.get(1)?.as_str();
    let name = rest
        .split(['|', ',', '•', '·', '–', '—', ';', '(', '/'])
        .next()?
        .split(" - ")
        .next()?
        .trim();
    let first_upper = name.chars().next().is_some_and(char::is_uppercase);
    let words = name.split(' ').count();
    // `By April 30 sales rose`, `By Monday the rain had stopped`: a date
    // after `By`, not an author. A name has no figures, and opens with a
    // word a name can open with.
    let named = !name.bytes().any(|b| b.is_ascii_digit())
        && name.split(' ').next().is_some_and(name_word)
        && name
            .split(' ')
            .all(|w| !NOT_NAME_WORDS.contains(&w.to_lowercase().as_str()));
    (first_upper && named && (1..=8).contains(&words) && !name.ends_with('.'))
        .then(|| name.to_owned())
}

/// A dateline at the start of a line: the place, an agency in brackets,
/// and the byte length of the dateline (up to and with its dash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// The place, as written (`VIETNAM`, `HÀ NỘI`).
    pub place: String,
    /// An agency named in brackets (`WASHINGTON (Reuters) -`).
    pub agency: Option<String>,
    /// Bytes of the line the dateline takes.
    pub len: usize,
}

/// Recognizes a dateline at the start of `line`.
pub(crate) fn dateline(line: &str) -> Option<Dateline> {
    // What the pattern needs at the least: a capital first and a dash
    // (`-`, or `–`/`—`, whose UTF-8 starts with 0xE2) somewhere; most
    // lines fail this without the regex.
    let mut chars = line.chars();
    if !chars.next().is_some_and(char::is_uppercase)
        || !chars.next().is_some_and(may_continue_place)
        || !line.bytes().any(|b| b == b'-' || b == 0xE2)
    {
        return None;
    }
    if !DATELINE.is_match(line) {
        return None;
    }
    let caps = DATELINE.captures(line)?;
    let place = caps.get(1)?.as_str().trim();
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 || place.chars().any(char::is_lowercase) || is_agency(place) {
        return None;
    }
    if let Some(detail) = caps.get(3)
        && detail.as_str().split(' ').count() > 5
    {
        return None;
    }
    Some(Dateline {
        place: place.to_owned(),
        agency: caps.get(2).map(|a| a.as_str().trim().to_owned()),
        len: caps.get(0)?.end(),
    })
}

/// Whether `c` can be the second character of a dateline's place, as
/// [`DATELINE`] has it (`[\p{Lu}\p{M}.'’ ]`): a sentence's `Th…` is not.
/// Non-ASCII characters are left to the pattern.
fn may_continue_place(c: char) -> bool {
    !c.is_ascii() || c.is_ascii_uppercase() || matches!(c, '.' | '\'' | ' ')
}

/// An agency tag opening a line (`(PLO)-`, `(AFP) –`, `VGP –`): the agency
/// and the bytes to strip.
pub(crate) fn agency_prefix(line: &str) -> Option<(String, usize)> {
    let (name, after) = if let Some(rest) = line.strip_prefix('(') {
        let close = rest.find(')')?;
        let name = &rest[..close];
        if !name.split(' ').all(is_agency) {
            return None;
        }
        (name, 1 + close + 1)
    } else {
        let end = line.find(' ')?;
        let name = &line[..end];
        if !is_agency(name) {
            return None;
        }
        (name, end)
    };
    let rest = &line[after..];
    let trimmed = rest.trim_start_matches([' ', '-', '–', '—', ':']);
    let dashed = rest.len() != trimmed.len() && rest.trim_start().starts_with(['-', '–', '—', ':']);
    if !(dashed || line.starts_with('(')) || trimmed.is_empty() {
        return None;
    }
    Some((name.to_owned(), line.len() - trimmed.len()))
}

/// An agency tag closing a line (`… part. — VNS`, `… citizens. VNS`,
/// `… (Reuters)`): the agency and the byte where the tag starts.
pub(crate) fn agency_suffix(line: &str) -> Option<(String, usize)> {
    let start = line.rfind(' ')?;
    let token = &line[start + 1..];
    let name = token.trim_matches(['(', ')', '/']);
    if !is_agency(name) {
        return None;
    }
    let before = line[..start].trim_end();
    let without_dash = before.trim_end_matches(['-', '–', '—', '/']).trim_end();
    let cut = if without_dash.len() < before.len() {
        without_dash.len()
    } else if before.ends_with(['.', '!', '?', '"', '”']) || token.starts_with('(') {
        before.len()
    } else {
        return None;
    };
    Some((name.to_owned(), cut))
}

/// Strips a date label (`Published:`) from the start of `text`.
fn strip_label(text: &str) -> &str {
    let lower = text.to_lowercase();
    let mut best = 0;
    for label in DATE_LABELS {
        if lower.starts_with(label) && label.len() > best {
            let next = lower[label.len()..].chars().next();
            if next.is_none_or(|c| !c.is_alphanumeric()) {
                best = label.len();
            }
        }
    }
    text.get(best..)
        .unwrap_or(text)
        .trim_start_matches([' ', ':', '-', '|'])
}

/// A line that is a date with at most labels, separators, a weekday, a
/// source or a dateline around it: the date, and what stands before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateLine {
    /// The date.
    pub date: FoundDate,
    /// Text before the date, without labels and separators (a source name).
    pub before: String,
    /// Text after the date, trimmed.
    pub after: String,
}

/// Recognizes a short line built around a date.
pub(crate) fn date_line(line: &str) -> Option<DateLine> {
    // Every date has a figure (see `find_date`); most lines have none.
    if !line.bytes().any(|b| b.is_ascii_digit()) || line.split(' ').count() > 14 {
        return None;
    }
    let body = strip_label(line);
    let date = find_date(body)?;
    let before = strip_label(body[..date.range.start].trim())
        .trim_end_matches(|c: char| c.is_whitespace() || "|-–—,:•·".contains(c))
        .trim()
        .to_owned();
    let before = strip_weekday(&before);
    let after = body[date.range.end..]
        .trim_matches(|c: char| c.is_whitespace() || "|-–—,:•·()".contains(c))
        .to_owned();
    if after.split(' ').filter(|w| !w.is_empty()).count() > 6 || before.split(' ').count() > 8 {
        return None;
    }
    // `The exercise period is June 5, 1987 to …` is a sentence.
    if before.split(' ').any(|w| {
        matches!(
            w,
            "is" | "are" | "was" | "were" | "will" | "has" | "have" | "had" | "said" | "be"
        )
    }) {
        return None;
    }
    Some(DateLine {
        date,
        before: before.to_owned(),
        after,
    })
}

/// Drops a trailing weekday (`Tuesday,`) from the text before a date.
fn strip_weekday(text: &str) -> &str {
    let t = text.trim_end_matches([',', ' ']);
    let lower = t.to_lowercase();
    for day in [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ] {
        if lower.ends_with(day)
            && lower[..lower.len() - day.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphabetic())
        {
            return t[..t.len() - day.len()].trim_end_matches([',', ' ', '|', '-']);
        }
    }
    text
}

/// A source name printed twice and fused (`Báo Quốc TếBáo Quốc Tế`) once.
pub(crate) fn dedupe_fused(name: &str) -> &str {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    if chars.len().is_multiple_of(2) && !chars.is_empty() {
        let mid = chars[chars.len() / 2].0;
        if name[..mid].trim() == name[mid..].trim() {
            return name[..mid].trim();
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_bylines() {
        assert_eq!(byline("By Vien Nhu").as_deref(), Some("Vien Nhu"));
        assert_eq!(
            byline("Reporting by Jane Doe; Editing by Tom Hals").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(byline("By the end of the year, sales rose."), None);
        assert!(is_name("Ngoc Diep"));
        assert!(!is_name("Leave a Comment"));
        assert!(!is_name("ASEAN"));
    }

    #[test]
    fn names_are_not_dates_or_table_labels() {
        // The payment and record dates of a dividend notice.
        for line in [
            "Pay Aug Three",
            "Reord July Seven",
            "Record March Two",
            "March Eight",
            "Natl Loan Release Call",
            "Fob Rio Grande",
            "Total World Grain",
            "Next Monday Morning",
        ] {
            assert!(!is_name(line), "{line}");
        }
        // Months that are given names, and names like words.
        for line in ["May Bulman", "April Ryan", "Jan Smith", "Mary Major"] {
            assert!(is_name(line), "{line}");
        }
        assert!(is_name("Jane Doe-Smith"));
    }

    #[test]
    fn bylines_are_names_not_dates() {
        assert_eq!(byline("By May Bulman").as_deref(), Some("May Bulman"));
        assert_eq!(
            byline("By Elena Ruiz | Example Wire").as_deref(),
            Some("Elena Ruiz")
        );
        assert_eq!(byline("By April 30 sales rose"), None);
        assert_eq!(byline("By March, the plant was closed"), None);
        assert_eq!(byline("By Monday the rain had stopped"), None);
    }

    #[test]
    fn the_agency_length_bound_holds() {
        assert_eq!(AGENCIES.iter().map(|a| a.len()).max(), Some(MAX_AGENCY_LEN));
        assert!(
            AGENCIES
                .iter()
                .all(|a| a.bytes().all(|b| b.is_ascii_lowercase()))
        );
    }

    #[test]
    fn recognizes_datelines_and_agencies() {
        let d = dateline("VIETNAM, December 28 -").expect("dateline");
        assert_eq!(d.place, "VIETNAM");
        let d = dateline("WASHINGTON (Reuters) - The Fed said").expect("dateline");
        assert_eq!(
            (d.place.as_str(), d.agency.as_deref()),
            ("WASHINGTON", Some("Reuters"))
        );
        assert_eq!(
            dateline("HÀ NỘI — The Association").map(|d| d.place),
            Some("HÀ NỘI".to_owned())
        );
        assert_eq!(dateline("VGP – Deputy PM"), None);
        assert_eq!(
            agency_prefix("(PLO)-In 2023, Vietnam"),
            Some(("PLO".to_owned(), 6))
        );
        assert_eq!(
            agency_prefix("VGP – Deputy PM"),
            Some(("VGP".to_owned(), 8))
        );
        assert_eq!(agency_prefix("ASEAN completes its vision"), None);
        assert_eq!(
            agency_suffix("will be a part. — VNS"),
            Some(("VNS".to_owned(), 15))
        );
        assert_eq!(
            agency_suffix("integration. VNS"),
            Some(("VNS".to_owned(), 12))
        );
        assert_eq!(agency_suffix("talks with the EU"), None);
        // The wire's sign-off closing an article.
        assert_eq!(
            agency_suffix("early elections are inevitable. REUTER"),
            Some(("REUTER".to_owned(), 31))
        );
        assert_eq!(agency_suffix("a report by Reuters"), None);
    }

    #[test]
    fn recognizes_date_lines() {
        let d = date_line("Báo Quốc TếBáo Quốc Tế29/01/2024").expect("date line");
        assert_eq!(dedupe_fused(&d.before), "Báo Quốc Tế");
        assert_eq!(d.date.iso, "2024-01-29");
        let d = date_line("December 26, 2017 3:17 PM GMT+7").expect("date line");
        assert_eq!((d.before.as_str(), d.after.as_str()), ("", ""));
        let d = date_line("date 2023-12-28 VIETNAM, December 28 -").expect("date line");
        assert_eq!(d.after, "VIETNAM, December 28");
        assert!(date_line("Published: Tuesday, 5 March 2024 | Reuters").is_some());
    }
}
