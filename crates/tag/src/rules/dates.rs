//! DATE and TIME: `December 27` (year from the document's date, the
//! nearest such day), `27 December 2023`, `December 2023`, `2023-12-27`,
//! `29/01/2024` (month first unless the month can't be first), `2024`,
//! weekdays resolved against the document's date, `3:17 PM`.

use super::Found;
use serde_json::Value;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses the start of an ISO 8601 date (`2024-12-18`, `2024-12-18T…`).
    pub(crate) fn parse_iso(s: &str) -> Option<Self> {
        let s = s.get(..10)?;
        let mut parts = s.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Self::new(year, month, day)
    }

    /// A valid date, or `None`.
    pub(crate) fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    fn days(self) -> i64 {
        // Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(z: i64) -> Self {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// 0 = Monday … 6 = Sunday.
    fn weekday(self) -> i64 {
        (self.days() + 3).rem_euclid(7)
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether a word is the full name of a day or a month, capitalized
/// (`Monday`, `January`; not `MONDAY`, `Jan.` nor `may`).
pub(crate) fn is_day_or_month_name(word: &str) -> bool {
    let mut chars = word.chars();
    if !chars.next().is_some_and(char::is_uppercase) || !chars.all(char::is_lowercase) {
        return false;
    }
    let lower = word.to_lowercase();
    MONTHS.contains(&lower.as_str()) || WEEKDAYS.contains(&lower.as_str())
}

/// The month a word names (`December`, `Dec`, `Dec.`, `Sept.`).
fn month(word: &str) -> Option<u32> {
    if !word.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w) && word.len() <= 4))
        .map(|i| i as u32 + 1)
}

/// A day of the month: `27`, `27th`, `1st`.
fn day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A four-digit year between 1000 and 2999.
pub(crate) fn year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1000..3000).contains(y))
}

/// The year making `month`/`day` nearest to `today` (a date at most about
/// half a year away), or `None` without a document date.
fn nearest(month: u32, day: u32, today: Option<Date>) -> Option<Date> {
    let t = today?;
    (t.year - 1..=t.year + 1)
        .filter_map(|y| Date::new(y, month, day))
        .min_by_key(|d| (d.days() - t.days()).abs())
}

fn date(value: String) -> Option<Found> {
    Some(Found {
        start: 0,
        end: 0,
        label: "DATE",
        value: Some(Value::String(value)),
    })
}

fn at_span(mut f: Found, start: usize, end: usize) -> Found {
    f.start = start;
    f.end = end;
    f
}

/// Whether a date or a time can start with `word`: every pattern starts
/// with an ASCII digit (numeric dates, days, years, times), a `+` (numbers
/// are parsed with Rust's integer parsing, which takes one) or a capital
/// (months, weekdays). Most words of a text fail here, before any parsing.
fn may_start(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c.is_uppercase())
}

/// A DATE or TIME starting at word `i`.
pub(crate) fn at(words: &[&str], i: usize, today: Option<Date>) -> Option<Found> {
    if !may_start(words[i]) {
        return None;
    }
    parse_at(words, i, today)
}

/// [`at`] without its first check: every pattern tried in turn.
fn parse_at(words: &[&str], i: usize, today: Option<Date>) -> Option<Found> {
    let w = words[i];
    let next = |k: usize| words.get(i + k).copied().unwrap_or("");
    // Numeric dates.
    if let Some(d) = Date::parse_iso(w).filter(|_| w.len() == 10) {
        return date(d.iso()).map(|f| at_span(f, i, i + 1));
    }
    if let Some(d) = numeric(w) {
        return date(d.iso()).map(|f| at_span(f, i, i + 1));
    }
    // Month Day[,] [Year] | Month Year | Month.
    if let Some(m) = month(w) {
        if let Some(d) = day(next(1)) {
            let (comma, y) = if next(2) == "," {
                (1, year(next(3)))
            } else {
                (0, year(next(2)))
            };
            if let Some(y) = y {
                return Date::new(y, m, d)
                    .and_then(|dt| date(dt.iso()))
                    .map(|f| at_span(f, i, i + 3 + comma));
            }
            let value = match nearest(m, d, today) {
                Some(dt) => dt.iso(),
                None => format!("--{m:02}-{d:02}"),
            };
            return date(value).map(|f| at_span(f, i, i + 2));
        }
        if let Some(y) = year(next(1)) {
            return date(format!("{y:04}-{m:02}")).map(|f| at_span(f, i, i + 2));
        }
        if !matches!(m, 3 | 5) && w.len() > 3 && !w.ends_with('.') {
            let value = match today {
                Some(t) => {
                    let y = (t.year - 1..=t.year + 1)
                        .min_by_key(|y| {
                            (i64::from(*y) * 12 + i64::from(m)
                                - i64::from(t.year) * 12
                                - i64::from(t.month))
                            .abs()
                        })
                        .unwrap_or(t.year);
                    format!("{y:04}-{m:02}")
                }
                None => format!("--{m:02}"),
            };
            return date(value).map(|f| at_span(f, i, i + 1));
        }
    }
    // Day Month [Year].
    if let (Some(d), Some(m)) = (day(w), month(next(1))) {
        if let Some(y) = year(next(2)) {
            return Date::new(y, m, d)
                .and_then(|dt| date(dt.iso()))
                .map(|f| at_span(f, i, i + 3));
        }
        let value = nearest(m, d, today).map_or_else(|| format!("--{m:02}-{d:02}"), Date::iso);
        return date(value).map(|f| at_span(f, i, i + 2));
    }
    // Weekdays, resolved to the latest such day on or before the document date.
    if w.starts_with(|c: char| c.is_uppercase())
        && let lower = w.to_lowercase()
        && let Some(wd) = WEEKDAYS.iter().position(|d| *d == lower)
    {
        let value = today.map(|t| {
            let back = (t.weekday() - wd as i64).rem_euclid(7);
            Value::String(Date::from_days(t.days() - back).iso())
        });
        return Some(Found {
            start: i,
            end: i + 1,
            label: "DATE",
            value,
        });
    }
    if let Some(f) = time(words, i) {
        return Some(f);
    }
    // A year alone, not part of an amount.
    if let Some(y) = year(w) {
        let prev = if i > 0 { words[i - 1] } else { "" };
        let amount = matches!(prev, "$" | "€" | "£" | "¥" | "#" | "No" | "No.")
            || super::amounts::is_unit(next(1))
            || next(1).starts_with(|c: char| c.is_ascii_digit());
        if !amount && (1900..2100).contains(&y) {
            return date(format!("{y:04}")).map(|f| at_span(f, i, i + 1));
        }
    }
    // A decade: `the 1990s`, in ISO 8601-2's notation for an unspecified
    // digit (`199X`).
    if let Some(d) = decade(w) {
        return date(format!("{d}X")).map(|f| at_span(f, i, i + 1));
    }
    None
}

/// The first three digits of a decade written `1990s` (years 1000 to
/// 2990; `1995s` is no decade).
fn decade(word: &str) -> Option<&str> {
    let digits = word.strip_suffix('s')?;
    year(digits).filter(|_| digits.ends_with('0'))?;
    digits.get(..3)
}

/// `29/01/2024`, `01.29.2024`: month first when valid, else day first.
fn numeric(w: &str) -> Option<Date> {
    let sep = if w.contains('/') {
        '/'
    } else if w.matches('.').count() == 2 {
        '.'
    } else {
        return None;
    };
    let parts: Vec<&str> = w.split(sep).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (a, b): (u32, u32) = (parts[0].parse().ok()?, parts[1].parse().ok()?);
    let y: i32 = match parts[2].len() {
        4 => parts[2].parse().ok()?,
        2 => 2000 + parts[2].parse::<i32>().ok()?,
        _ => return None,
    };
    if parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    Date::new(y, a, b).or_else(|| Date::new(y, b, a))
}

/// `3:17 PM`, `15:30`, `10 a.m.`, with an optional zone (`GMT+7`).
fn time(words: &[&str], i: usize) -> Option<Found> {
    let w = words[i];
    let next = |k: usize| words.get(i + k).copied().unwrap_or("");
    let (mut h, m, mut end) = match w.split_once(':') {
        Some((h, m)) if h.len() <= 2 && m.len() == 2 => {
            let h: u32 = h.parse().ok()?;
            let m: u32 = m.parse().ok()?;
            (h, m, i + 1)
        }
        _ => {
            let h: u32 = w.parse().ok().filter(|h| (1..=12).contains(h))?;
            is_meridiem(next(1))?;
            (h, 0, i + 1)
        }
    };
    if h > 23 || m > 59 {
        return None;
    }
    if let Some(pm) = is_meridiem(words.get(end).copied().unwrap_or("")) {
        if h == 12 {
            h = 0;
        }
        if pm {
            h += 12;
        }
        end += 1;
    }
    let zone = words.get(end).copied().unwrap_or("");
    if [
        "GMT", "UTC", "ICT", "EST", "EDT", "PST", "PDT", "CET", "BST",
    ]
    .iter()
    .any(|z| zone.starts_with(z))
    {
        end += 1;
    }
    Some(Found {
        start: i,
        end,
        label: "TIME",
        value: Some(Value::String(format!("{h:02}:{m:02}"))),
    })
}

/// `Some(true)` for p.m., `Some(false)` for a.m.
fn is_meridiem(w: &str) -> Option<bool> {
    match w.to_lowercase().as_str() {
        "pm" | "p.m." | "p.m" => Some(true),
        "am" | "a.m." | "a.m" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(words: &str, today: Option<&str>, expected: Option<(&str, usize, &str)>) {
        let w: Vec<&str> = words.split(' ').collect();
        let today = today.and_then(Date::parse_iso);
        let got = at(&w, 0, today).map(|f| {
            let v = f
                .value
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            (f.label, f.end, v)
        });
        let expected = expected.map(|(l, e, v)| (l, e, v.to_owned()));
        assert_eq!(got, expected, "{words}");
    }

    #[test]
    fn dates() {
        check(
            "December 27",
            Some("2023-12-28"),
            Some(("DATE", 2, "2023-12-27")),
        );
        check(
            "December 27 ,",
            Some("2024-01-03"),
            Some(("DATE", 2, "2023-12-27")),
        );
        check("December 27", None, Some(("DATE", 2, "--12-27")));
        check(
            "December 26 , 2017 3:17",
            None,
            Some(("DATE", 4, "2017-12-26")),
        );
        check("27 December 2023", None, Some(("DATE", 3, "2023-12-27")));
        check(
            "August 8",
            Some("2024-08-10"),
            Some(("DATE", 2, "2024-08-08")),
        );
        check("December 2023", None, Some(("DATE", 2, "2023-12")));
        check("29/01/2024", None, Some(("DATE", 1, "2024-01-29")));
        check("01/02/2024", None, Some(("DATE", 1, "2024-01-02")));
        check("1996-08-22", None, Some(("DATE", 1, "1996-08-22")));
        check("2024 ,", None, Some(("DATE", 1, "2024")));
        check(
            "Wednesday",
            Some("2024-12-18"),
            Some(("DATE", 1, "2024-12-18")),
        );
        check(
            "Monday",
            Some("2024-12-18"),
            Some(("DATE", 1, "2024-12-16")),
        );
        check("1990s", None, Some(("DATE", 1, "199X")));
        check("2000s", None, Some(("DATE", 1, "200X")));
        check("1995s", None, None);
        check("990s", None, None);
        check("may be", None, None);
        check("May", None, None);
        check("2024 tonnes", None, None);
        check("31/02/2024", None, None);
    }

    #[test]
    fn day_and_month_names_are_whole_and_capitalized() {
        for w in ["Monday", "Sunday", "January", "May", "December"] {
            assert!(is_day_or_month_name(w), "{w}");
        }
        for w in ["MONDAY", "may", "Jan", "Jan.", "Mayday", "Mon"] {
            assert!(!is_day_or_month_name(w), "{w}");
        }
    }

    #[test]
    fn times() {
        check("3:17 PM GMT+7", None, Some(("TIME", 3, "15:17")));
        check("10 a.m.", None, Some(("TIME", 2, "10:00")));
        check("15:30", None, Some(("TIME", 1, "15:30")));
        check("12 am", None, Some(("TIME", 2, "00:00")));
    }

    #[test]
    fn calendar_arithmetic() {
        let d = Date::new(2024, 12, 18).unwrap();
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(d.weekday(), 2);
        assert_eq!(Date::new(2023, 2, 29), None);
        assert!(Date::new(2024, 2, 29).is_some());
    }

    #[test]
    fn signed_numbers_can_start_a_date() {
        // `+` passes the first check because integer parsing takes it.
        check("+5 March 2024", None, Some(("DATE", 3, "2024-03-05")));
    }

    proptest::proptest! {
        /// The first check of `at` turns away only words no pattern
        /// could match: lower-case words (`march`, `monday`), signs,
        /// brackets, other scripts' digits and symbols.
        #[test]
        fn the_first_check_loses_no_date(
            first in proptest::prop_oneof![
                "[a-z+\\-(.,'/:$%¥½٣ⅷ0-9]{1,3}([a-zA-Z0-9:/.\\-]{0,9})",
                "[+\\-(]?[0-9]{1,2}(:[0-5][0-9])?",
            ],
            rest in proptest::collection::vec(
                "(March|may|Monday|[0-9]{1,4}|,|a\\.m\\.|PM|GMT|[a-z]{1,6})", 0..4,
            ),
            today in proptest::option::of(0i64..40_000),
        ) {
            let mut words = vec![first.as_str()];
            words.extend(rest.iter().map(String::as_str));
            let today = today.map(Date::from_days);
            if !may_start(words[0]) {
                proptest::prop_assert_eq!(parse_at(&words, 0, today), None);
            }
            proptest::prop_assert_eq!(at(&words, 0, today), parse_at(&words, 0, today));
        }
    }
}
