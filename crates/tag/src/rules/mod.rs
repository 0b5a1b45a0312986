//! Rule-based entities with a normalized `value`: DATE, TIME (see
//! [`dates`]), MONEY, PERCENT and QUANTITY (see [`amounts`]).
//!
//! Rules read the words of one sentence at a time, left to right; at each
//! word the first rule that matches takes its words and the scan resumes
//! after them.

pub(crate) mod amounts;
pub(crate) mod dates;

use docpipe_core::Entity;
use serde_json::Value;

pub(crate) use dates::Date;

/// A rule match: words `[start, end)` of the sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub label: &'static str,
    pub value: Option<Value>,
}

/// Finds rule-based entities in a sentence given as `(start, end)` byte
/// spans of its words into `text`.
pub(crate) fn find(text: &str, spans: &[(usize, usize)], today: Option<Date>) -> Vec<Entity> {
    let words: Vec<&str> = spans
        .iter()
        .map(|&(s, e)| text.get(s..e).unwrap_or(""))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = dates::at(&words, i, today).or_else(|| amounts::at(&words, i));
        match found {
            Some(f) if f.end > f.start => {
                let (start, end) = (spans[f.start].0, spans[f.end - 1].1);
                out.push(Entity {
                    start,
                    end,
                    text: text.get(start..end).unwrap_or("").to_owned(),
                    label: f.label.to_owned(),
                    canonical: None,
                    value: f.value,
                });
                i = f.end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Parses a written number: `4`, `4.5`, `1,130`, `1,130.25` (not `1,13`).
pub(crate) fn number(word: &str) -> Option<f64> {
    let w = word.trim_start_matches('+');
    if w.is_empty() || !w.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int, frac) = match w.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (w, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let groups: Vec<&str> = int.split(',').collect();
    let ok = groups
        .iter()
        .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && (groups.len() == 1
            || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
    if !ok {
        return None;
    }
    let digits: String = groups.concat();
    let s = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    s.parse().ok()
}

/// A JSON number: an integer when the value is whole, else rounded to 6
/// decimals. The value is first rounded to 15 significant digits, more
/// than any written amount has, so that scaling a decimal (`4,214.9
/// billion` is 4214.9 × 10⁹ = 4214899999999.9995 in binary) gives the
/// number the text means.
pub(crate) fn json_number(x: f64) -> Value {
    let x = if x.is_finite() {
        format!("{x:.14e}").parse().unwrap_or(x)
    } else {
        x
    };
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        Value::from((x * 1e6).round() / 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number("4.5"), Some(4.5));
        assert_eq!(number("1,130"), Some(1130.0));
        assert_eq!(number("1,130.5"), Some(1130.5));
        assert_eq!(number("1,13"), None);
        assert_eq!(number("abc"), None);
        assert_eq!(number("12a"), None);
        assert_eq!(json_number(1_130_000_000.0), serde_json::json!(1130000000));
        assert_eq!(json_number(4.5), serde_json::json!(4.5));
        assert_eq!(
            json_number(4214.9 * 1e9),
            serde_json::json!(4_214_900_000_000_u64)
        );
        assert_eq!(json_number(1.13 * 1e9), serde_json::json!(1_130_000_000));
        assert_eq!(json_number(0.1 + 0.2), serde_json::json!(0.3));
        assert_eq!(json_number(35.4 * 1e6), serde_json::json!(35_400_000));
    }
}
