//! Dates as news sites print them, to ISO 8601: `2023-12-28`,
//! `29/01/2024`, `December 28`, `26 Dec. 2017`,
//! `December 26, 2017 3:17 PM GMT+7` → `2017-12-26T15:17+07:00`.
//! A date without a year becomes `--12-28` (ISO 8601 month-day).

use regex::{Captures, Regex};
use std::ops::Range;
use std::sync::LazyLock;

/// Month names and abbreviations in the languages the stage knows, by
/// month number.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("janvier", 1),
    ("januar", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("february", 2),
    ("feb", 2),
    ("février", 2),
    ("fevrier", 2),
    ("februar", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("march", 3),
    ("mar", 3),
    ("mars", 3),
    ("märz", 3),
    ("marzo", 3),
    ("março", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("june", 6),
    ("jun", 6),
    ("juin", 6),
    ("juni", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("july", 7),
    ("jul", 7),
    ("juillet", 7),
    ("juli", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("october", 10),
    ("oct", 10),
    ("octobre", 10),
    ("oktober", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("december", 12),
    ("dec", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("dezember", 12),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
];

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.join("|")
}

fn compile(pattern: &str) -> Regex {
    // invariant: the patterns are literals checked by the tests below.
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("date pattern compiles: {e}"))
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?\b",
    )
});
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(\d{1,2})([/.\-])(\d{1,2})([/.\-])(\d{4})"));
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)\b({})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?",
        month_alternation()
    ))
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|er)?\.?(?:\s+|-)(?:de\s+)?({})\.?,?(?:\s+|-)(?:de\s+)?(\d{{4}})\b",
        month_alternation()
    ))
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^\s*(?:,|at|à|um|-|–|\||\bluc)?\s*(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?(?:\s*\(?\s*(GMT|UTC|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|CET|CEST|BST|ICT|JST|KST|IST|SGT|HKT|AEST|WIB)\b\s*([+-]\d{1,2}(?::?\d{2})?)?\)?)?",
    )
});

/// Compiles the date patterns now rather than on first use (see
/// [`super::compile_patterns`]).
pub(crate) fn compile_patterns() {
    for pattern in [&ISO, &NUMERIC, &MONTH_FIRST, &DAY_FIRST, &TIME] {
        LazyLock::force(pattern);
    }
}

/// A date found in a line: its ISO 8601 form and where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundDate {
    /// ISO 8601 (`2017-12-26T15:17+07:00`, `2024-01-29`, `--12-28`).
    pub iso: String,
    /// Byte range of the date (and time) in the line.
    pub range: Range<usize>,
    /// Whether the year was given.
    pub has_year: bool,
}

/// The number of a month name or abbreviation, in any letter case.
pub(crate) fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
}

fn valid_day(year: Option<i32>, month: u32, day: u32) -> bool {
    let max = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => return false,
    };
    (1..=max).contains(&day)
}

fn num<T: std::str::FromStr>(c: &Captures<'_>, i: usize) -> Option<T> {
    c.get(i).and_then(|m| m.as_str().parse().ok())
}

/// A date match: range, year, month, day, ISO time suffix.
type Candidate = (Range<usize>, Option<i32>, u32, u32, String);

/// `re.captures(line)`, without allocating capture slots when there is
/// no match (the common case).
fn captures<'h>(re: &Regex, line: &'h str) -> Option<Captures<'h>> {
    if re.is_match(line) {
        re.captures(line)
    } else {
        None
    }
}

/// Finds the first date in `line`.
pub(crate) fn find_date(line: &str) -> Option<FoundDate> {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut best: Option<Candidate> = None;
    let mut consider = |range: Range<usize>, y: Option<i32>, m: u32, d: u32, time: String| {
        if !valid_day(y, m, d) {
            return;
        }
        let better = match &best {
            None => true,
            Some((r, by, ..)) => range.start < r.start || (by.is_none() && y.is_some()),
        };
        if better {
            best = Some((range, y, m, d, time));
        }
    };
    if let Some(c) = captures(&ISO, line)
        && let (Some(all), Some(y), Some(m), Some(d)) =
            (c.get(0), num(&c, 1), num(&c, 2), num(&c, 3))
    {
        let time = match (num::<u32>(&c, 4), num::<u32>(&c, 5)) {
            (Some(h), Some(mi)) if h < 24 && mi < 60 => {
                let secs = num::<u32>(&c, 6)
                    .map(|s| format!(":{s:02}"))
                    .unwrap_or_default();
                let zone = c
                    .get(7)
                    .map(|z| zone_offset(z.as_str(), None))
                    .unwrap_or_default();
                format!("T{h:02}:{mi:02}{secs}{zone}")
            }
            _ => String::new(),
        };
        consider(all.range(), Some(y), m, d, time);
    }
    if let Some(c) = captures(&NUMERIC, line)
        && let (Some(all), Some(a), Some(b), Some(y)) =
            (c.get(0), num::<u32>(&c, 1), num::<u32>(&c, 3), num(&c, 5))
        && c.get(2).map(|m| m.as_str()) == c.get(4).map(|m| m.as_str())
    {
        // Day first, as most of the world writes it, unless that cannot be.
        let (d, m) = if a <= 12 && b > 12 { (b, a) } else { (a, b) };
        consider(all.range(), Some(y), m, d, String::new());
    }
    if let Some(c) = captures(&MONTH_FIRST, line)
        && let (Some(all), Some(m), Some(d)) = (
            c.get(0),
            c.get(1).and_then(|m| month_number(m.as_str())),
            num(&c, 2),
        )
        && !c
            .get(2)
            .is_some_and(|day| continues_number(&line[day.end()..]))
    {
        consider(all.range(), num(&c, 3), m, d, String::new());
    }
    if let Some(c) = captures(&DAY_FIRST, line)
        && let (Some(all), Some(d), Some(m)) = (
            c.get(0),
            num(&c, 1),
            c.get(2).and_then(|m| month_number(m.as_str())),
        )
    {
        consider(all.range(), num(&c, 3), m, d, String::new());
    }
    let (mut range, year, month, day, mut time) = best?;
    if time.is_empty()
        && let Some(t) = TIME.captures(&line[range.end..])
        && let Some((iso_time, len)) = time_of(&t)
    {
        time = iso_time;
        range.end += len;
    }
    let iso = match year {
        Some(y) => format!("{y:04}-{month:02}-{day:02}{time}"),
        None => format!("--{month:02}-{day:02}"),
    };
    Some(FoundDate {
        iso,
        range,
        has_year: year.is_some(),
    })
}

/// The ISO 8601 form of a date given as metadata (a document's `date`
/// field): `March 5, 2024` → `2024-03-05`, `26-FEB-1987 15:01:01.79` →
/// `1987-02-26T15:01:01`. `None` when the value is ISO 8601 already, or
/// holds no date with a year (a date without one would lose information
/// the writer had).
pub(crate) fn normalize_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if ISO.find(raw).is_some_and(|m| m.range() == (0..raw.len())) {
        return None;
    }
    find_date(raw).filter(|d| d.has_year).map(|d| d.iso)
}

/// Whether the text after a day's figures shows them to be part of a
/// bigger number, as in a table of monthly figures (`May 20.0`, `May
/// 20,000 tonnes`): a decimal point and a digit, or a thousands comma and
/// three digits.
fn continues_number(rest: &str) -> bool {
    match rest.as_bytes() {
        [b'.', d, ..] => d.is_ascii_digit(),
        [b',', a, b, c, tail @ ..] => {
            [a, b, c].iter().all(|d| d.is_ascii_digit())
                && tail.first().is_none_or(|t| !t.is_ascii_digit())
        }
        _ => false,
    }
}

/// The ISO time (with zone) of a time match, and the match's length.
fn time_of(c: &Captures<'_>) -> Option<(String, usize)> {
    let mut hour: u32 = num(c, 1)?;
    let minute: u32 = num(c, 2)?;
    if let Some(ampm) = c.get(4) {
        let pm = ampm.as_str().to_lowercase().starts_with('p');
        if hour == 0 || hour > 12 {
            return None;
        }
        hour = match (pm, hour) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
    }
    if hour > 23 || minute > 59 {
        return None;
    }
    let secs = num::<u32>(c, 3)
        .map(|s| format!(":{s:02}"))
        .unwrap_or_default();
    let zone = c
        .get(5)
        .map(|z| zone_offset(z.as_str(), c.get(6).map(|o| o.as_str())))
        .unwrap_or_default();
    let len = c.get(0)?.end();
    Some((format!("T{hour:02}:{minute:02}{secs}{zone}"), len))
}

/// `+07:00` for a zone name and an optional explicit offset.
fn zone_offset(name: &str, offset: Option<&str>) -> String {
    if let Some(o) = offset.or_else(|| name.starts_with(['+', '-']).then_some(name)) {
        let sign = &o[..1];
        let digits: String = o[1..].chars().filter(char::is_ascii_digit).collect();
        let (h, m) = match digits.len() {
            1 | 2 => (digits.as_str(), "00"),
            3 => (&digits[..1], &digits[1..]),
            _ => (&digits[..2], &digits[2..4.min(digits.len())]),
        };
        let h: u32 = h.parse().unwrap_or(0);
        return format!("{sign}{h:02}:{m}");
    }
    let fixed = match name.to_uppercase().as_str() {
        "GMT" | "UTC" | "Z" => "+00:00",
        "EST" | "CDT" => "-05:00",
        "EDT" => "-04:00",
        "CST" | "MDT" => "-06:00",
        "MST" | "PDT" => "-07:00",
        "PST" => "-08:00",
        "CET" | "BST" => "+01:00",
        "CEST" => "+02:00",
        "ICT" | "WIB" => "+07:00",
        "SGT" | "HKT" => "+08:00",
        "JST" | "KST" => "+09:00",
        "IST" => "+05:30",
        "AEST" => "+10:00",
        _ => "",
    };
    fixed.to_owned()
}

#[cfg(test)]
mod tests {
    use super::find_date;

    fn iso(s: &str) -> Option<String> {
        find_date(s).map(|d| d.iso)
    }

    #[test]
    fn parses_news_date_formats() {
        assert_eq!(
            iso("date 2023-12-28 VIETNAM, December 28 -").as_deref(),
            Some("2023-12-28")
        );
        assert_eq!(iso("Báo Quốc Tế29/01/2024").as_deref(), Some("2024-01-29"));
        assert_eq!(iso("VIETNAM, December 28 -").as_deref(), Some("--12-28"));
        assert_eq!(
            iso("December 26, 2017 3:17 PM GMT+7").as_deref(),
            Some("2017-12-26T15:17+07:00")
        );
        assert_eq!(
            iso("Published 12 March 2024, 10:32 GMT").as_deref(),
            Some("2024-03-12T10:32+00:00")
        );
        assert_eq!(
            iso("Tuesday, Feb. 3, 2015 at 9:05 a.m. EST").as_deref(),
            Some("2015-02-03T09:05-05:00")
        );
        assert_eq!(
            iso("Mis à jour le 5 mars 2023 à 14h20").as_deref(),
            Some("2023-03-05T14:20")
        );
        assert_eq!(
            iso("2024-05-01T08:30:00Z").as_deref(),
            Some("2024-05-01T08:30:00+00:00")
        );
        assert_eq!(iso("12/31/2020").as_deref(), Some("2020-12-31"));
        assert_eq!(iso("no date here 2024"), None);
        assert_eq!(iso("31/02/2024"), None);
    }

    #[test]
    fn metadata_dates_become_iso_8601() {
        use super::normalize_date;
        assert_eq!(
            normalize_date("March 5, 2024").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            normalize_date(" 26-FEB-1987 15:01:01.79").as_deref(),
            Some("1987-02-26T15:01:01")
        );
        assert_eq!(
            normalize_date("Tue, 05 Mar 2024 10:00:00 GMT").as_deref(),
            Some("2024-03-05T10:00:00+00:00")
        );
        // Already ISO 8601, or no full date: left as written.
        assert_eq!(normalize_date("2024-03-05"), None);
        assert_eq!(normalize_date("2024-03-05T10:00:00Z"), None);
        assert_eq!(normalize_date("March 5"), None);
        assert_eq!(normalize_date("yesterday"), None);
        // The hyphenated form is a date in text too.
        assert_eq!(iso("filed on 3-Jan-2019.").as_deref(), Some("2019-01-03"));
    }

    #[test]
    fn monthly_figures_are_no_dates() {
        assert_eq!(iso("Soybean May 20.0, total 20.0 (nil)"), None);
        assert_eq!(iso("shipments in May 20,000 tonnes"), None);
        // A day with a full stop after it still is one.
        assert_eq!(iso("He arrived on May 20.").as_deref(), Some("--05-20"));
        assert_eq!(iso("on May 20, 2024").as_deref(), Some("2024-05-20"));
    }
}
