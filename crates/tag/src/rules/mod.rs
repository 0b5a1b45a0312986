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
    // The currency of the last MONEY so far: `2.5 Canadian dlrs, or 15 cts
    // a share` are Canadian cents.
    let mut currency: Option<String> = None;
    let mut i = 0;
    while i < words.len() {
        let found = dates::at(&words, i, today).or_else(|| {
            (!continues_a_number(&words, spans, i))
                .then(|| amounts::at(&words, i, currency.as_deref()))
                .flatten()
        });
        match found {
            Some(f) if f.end > f.start => {
                if f.label == "MONEY"
                    && let Some(c) = f.value.as_ref().and_then(|v| v.get("currency"))
                {
                    currency = c.as_str().map(str::to_owned);
                }
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

/// Whether word `i` is glued by a comma to a number before it (`0000` in
/// `4,472,0000`, a typo the tokenizer cuts where the thousands groups go
/// wrong): no amount starts there, as it would be a wrong one (`0000
/// dlrs`).
fn continues_a_number(words: &[&str], spans: &[(usize, usize)], i: usize) -> bool {
    i >= 2
        && words[i - 1] == ","
        && spans[i - 2].1 == spans[i - 1].0
        && spans[i - 1].1 == spans[i].0
        && words[i - 2].ends_with(|c: char| c.is_ascii_digit())
        && words[i].starts_with(|c: char| c.is_ascii_digit())
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

    /// `find` over a sentence given as words separated by single spaces.
    fn found(text: &str) -> Vec<(String, String, Value)> {
        let mut spans = Vec::new();
        let mut start = 0;
        for w in text.split(' ') {
            spans.push((start, start + w.len()));
            start += w.len() + 1;
        }
        find(text, &spans, None)
            .into_iter()
            .map(|e| (e.label, e.text, e.value.unwrap_or(Value::Null)))
            .collect()
    }

    /// No amount starts inside a mistyped number the tokenizer cut at a
    /// comma (`4,472,0000 dlrs`); with a space after the comma it is a
    /// number of its own.
    #[test]
    fn no_amount_starts_inside_a_mistyped_number() {
        let text = "a loss of 4,472,0000 dlrs";
        let spans = [
            (0, 1),
            (2, 6),
            (7, 9),
            (10, 15),
            (15, 16),
            (16, 20),
            (21, 25),
        ];
        assert_eq!(find(text, &spans, None), []);
        let money = found("rose 5 , 3000 dlrs");
        assert_eq!(money.len(), 1);
        assert_eq!(money[0].1, "3000 dlrs");
    }

    #[test]
    fn cents_follow_the_sentence_s_dollar() {
        let money = |t: &str, a: Value, c: &str| {
            (
                "MONEY".to_owned(),
                t.to_owned(),
                serde_json::json!({"amount": a, "currency": c}),
            )
        };
        assert_eq!(
            found("earned 12.5 mln Canadian dlrs , or 15 cts a share"),
            [
                money(
                    "12.5 mln Canadian dlrs",
                    serde_json::json!(12_500_000),
                    "CAD"
                ),
                money("15 cts", serde_json::json!(0.15), "CAD"),
            ]
        );
        assert_eq!(
            found("paid 150 mln stg , or 15 cts a share"),
            [
                money("150 mln stg", serde_json::json!(150_000_000), "GBP"),
                money("15 cts", serde_json::json!(0.15), "USD"),
            ]
        );
    }

    #[test]
    fn a_year_before_a_scale_is_an_amount() {
        let f = found("spent 1990 mln dlrs in 1987");
        let labels: Vec<(&str, &str)> =
            f.iter().map(|(l, t, _)| (l.as_str(), t.as_str())).collect();
        assert_eq!(labels, [("MONEY", "1990 mln dlrs"), ("DATE", "1987")]);
    }

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
