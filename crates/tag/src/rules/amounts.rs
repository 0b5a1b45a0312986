//! MONEY (`$1.13bn` → `{"amount": 1130000000, "currency": "USD"}`),
//! PERCENT (`4.5 per cent` → `4.5`) and QUANTITY (`20 km` →
//! `{"amount": 20, "unit": "km"}`).

use super::{Found, json_number, number};
use serde_json::{Value, json};

/// Currency symbols and codes written before the amount.
const PREFIXES: &[(&str, &str)] = &[
    ("$", "USD"),
    ("US$", "USD"),
    ("USD", "USD"),
    ("€", "EUR"),
    ("EUR", "EUR"),
    ("£", "GBP"),
    ("GBP", "GBP"),
    ("¥", "JPY"),
    ("JPY", "JPY"),
    ("S$", "SGD"),
    ("SGD", "SGD"),
    ("A$", "AUD"),
    ("AUD", "AUD"),
    ("C$", "CAD"),
    ("CAD", "CAD"),
    ("HK$", "HKD"),
    ("HKD", "HKD"),
    ("VND", "VND"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("THB", "THB"),
    ("MYR", "MYR"),
    ("RM", "MYR"),
    ("IDR", "IDR"),
    ("Rp", "IDR"),
    ("INR", "INR"),
    ("Rs", "INR"),
    ("KRW", "KRW"),
    ("₩", "KRW"),
    ("₫", "VND"),
    ("CHF", "CHF"),
    ("NZ$", "NZD"),
    ("PHP", "PHP"),
    ("₱", "PHP"),
    ("DM", "DEM"),
];

/// Currency words written after the amount.
const SUFFIXES: &[(&str, &str)] = &[
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("usd", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("pounds", "GBP"),
    ("sterling", "GBP"),
    ("yen", "JPY"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("vnd", "VND"),
    ("dong", "VND"),
    ("đồng", "VND"),
    ("baht", "THB"),
    ("ringgit", "MYR"),
    ("rupiah", "IDR"),
    ("rupees", "INR"),
    ("won", "KRW"),
    ("pesos", "PHP"),
    ("francs", "CHF"),
    ("marks", "DEM"),
    ("sgd", "SGD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("jpy", "JPY"),
];

/// Scale words and suffixes.
fn scale(word: &str) -> Option<f64> {
    Some(match word.to_lowercase().as_str() {
        "thousand" | "k" => 1e3,
        "million" | "millions" | "mln" | "mn" | "m" => 1e6,
        "billion" | "billions" | "bln" | "bn" | "b" => 1e9,
        "trillion" | "trillions" | "tn" | "trn" => 1e12,
        _ => return None,
    })
}

/// Units of quantities, as written → as reported.
const UNITS: &[(&str, &str)] = &[
    ("km", "km"),
    ("kilometres", "km"),
    ("kilometers", "km"),
    ("kilometre", "km"),
    ("kilometer", "km"),
    ("miles", "mi"),
    ("mile", "mi"),
    ("metres", "m"),
    ("meters", "m"),
    ("metre", "m"),
    ("meter", "m"),
    ("cm", "cm"),
    ("mm", "mm"),
    ("kg", "kg"),
    ("kilograms", "kg"),
    ("kilogrammes", "kg"),
    ("grams", "g"),
    ("tonnes", "t"),
    ("tonne", "t"),
    ("tons", "t"),
    ("ton", "t"),
    ("hectares", "ha"),
    ("hectare", "ha"),
    ("ha", "ha"),
    ("acres", "acre"),
    ("barrels", "bbl"),
    ("barrel", "bbl"),
    ("bpd", "bbl/d"),
    ("litres", "l"),
    ("liters", "l"),
    ("gallons", "gal"),
    ("mw", "MW"),
    ("megawatts", "MW"),
    ("gw", "GW"),
    ("gigawatts", "GW"),
    ("kwh", "kWh"),
    ("ounces", "oz"),
    ("oz", "oz"),
    ("feet", "ft"),
    ("ft", "ft"),
    ("sq", "sq"),
    ("km2", "km2"),
    ("teu", "TEU"),
    ("degrees", "deg"),
    ("°c", "°C"),
    ("bushels", "bu"),
    ("lbs", "lb"),
    ("pounds-weight", "lb"),
];

/// Whether a word is a unit of a quantity or a percent sign.
pub(crate) fn is_unit(word: &str) -> bool {
    let w = word.to_lowercase();
    UNITS.iter().any(|(u, _)| *u == w) || matches!(w.as_str(), "%" | "percent" | "per" | "pct")
}

/// A number at word `i`, with an optional scale after it (`1.13bn`,
/// `1.13 bn`, `5 million`): the value and the index after it.
fn amount(words: &[&str], i: usize) -> Option<(f64, usize)> {
    let w = *words.get(i)?;
    if let Some(x) = number(w) {
        return Some(match words.get(i + 1).and_then(|s| scale(s)) {
            Some(s) => (x * s, i + 2),
            None => (x, i + 1),
        });
    }
    // `1.13bn`: digits with a scale suffix.
    let split = w.find(|c: char| c.is_ascii_alphabetic())?;
    let x = number(&w[..split])?;
    Some((x * scale(&w[split..])?, i + 1))
}

fn found(start: usize, end: usize, label: &'static str, value: Value) -> Option<Found> {
    Some(Found {
        start,
        end,
        label,
        value: Some(value),
    })
}

/// A MONEY, PERCENT or QUANTITY starting at word `i`.
pub(crate) fn at(words: &[&str], i: usize) -> Option<Found> {
    let w = words[i];
    // Every amount starts with a digit, a sign, a currency symbol or a
    // currency code, and no code starts lower-case: most words stop here
    // instead of being compared with every prefix.
    if w.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    // `US $ 5`, `$ 5`, `$5`, `USD 5 million`.
    let (cur, after) = if w == "US" && words.get(i + 1) == Some(&"$") {
        (Some("USD"), i + 2)
    } else if let Some((_, c)) = PREFIXES.iter().find(|(p, _)| *p == w) {
        (Some(*c), i + 1)
    } else {
        (None, i)
    };
    if let Some(c) = cur {
        let (x, end) = amount(words, after)?;
        return found(
            i,
            end,
            "MONEY",
            json!({"amount": json_number(x), "currency": c}),
        );
    }
    // `$1.13bn` as one word.
    if let Some((p, c)) = PREFIXES
        .iter()
        .find(|(p, _)| w.len() > p.len() && w.starts_with(p) && !p.chars().all(char::is_alphabetic))
    {
        let rest = &w[p.len()..];
        let split = rest
            .find(|ch: char| ch.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let x = number(&rest[..split])?;
        let (s, end) = match (split < rest.len(), words.get(i + 1).and_then(|n| scale(n))) {
            (true, _) => (scale(&rest[split..])?, i + 1),
            (false, Some(s)) => (s, i + 2),
            (false, None) => (1.0, i + 1),
        };
        return found(
            i,
            end,
            "MONEY",
            json!({"amount": json_number(x * s), "currency": c}),
        );
    }
    // `4.5%` as one word.
    if let Some(x) = w.strip_suffix('%').and_then(number) {
        return found(i, i + 1, "PERCENT", json_number(x));
    }
    let (x, end) = amount(words, i)?;
    let next = words.get(end).map(|s| s.to_lowercase()).unwrap_or_default();
    let next2 = words
        .get(end + 1)
        .map(|s| s.to_lowercase())
        .unwrap_or_default();
    if next == "%" || next == "percent" || next == "pct" {
        return found(i, end + 1, "PERCENT", json_number(x));
    }
    if next == "per" && next2 == "cent" {
        return found(i, end + 2, "PERCENT", json_number(x));
    }
    if next == "percentage" && next2 == "points" {
        return found(i, end + 2, "PERCENT", json_number(x));
    }
    // `5 million U.S. dollars`, `3 billion dong`.
    let (skip, cur_word) = if matches!(
        next.as_str(),
        "u.s." | "us" | "singapore" | "hong" | "australian"
    ) {
        (1, next2)
    } else {
        (0, next.clone())
    };
    if let Some((_, c)) = SUFFIXES.iter().find(|(s, _)| *s == cur_word) {
        let c = match (next.as_str(), *c) {
            ("singapore", "USD") => "SGD",
            ("australian", "USD") => "AUD",
            _ => *c,
        };
        return found(
            i,
            end + 1 + skip,
            "MONEY",
            json!({"amount": json_number(x), "currency": c}),
        );
    }
    if let Some((_, u)) = UNITS.iter().find(|(u, _)| *u == next) {
        return found(
            i,
            end + 1,
            "QUANTITY",
            json!({"amount": json_number(x), "unit": u}),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_currency_prefix_starts_lower_case() {
        // `at` rejects lower-case words before looking at the prefixes.
        for (p, _) in PREFIXES {
            assert!(!p.starts_with(|c: char| c.is_ascii_lowercase()), "{p}");
        }
    }

    fn check(words: &str, expected: Option<(&str, usize, Value)>) {
        let w: Vec<&str> = words.split(' ').collect();
        let got = at(&w, 0).map(|f| (f.label, f.end, f.value.unwrap_or(Value::Null)));
        assert_eq!(got, expected, "{words}");
    }

    #[test]
    fn money() {
        let usd = |a: u64| json!({"amount": a, "currency": "USD"});
        check("$1.13bn", Some(("MONEY", 1, usd(1_130_000_000))));
        check("$ 1.13bn", Some(("MONEY", 2, usd(1_130_000_000))));
        check("$ 1.13 billion", Some(("MONEY", 3, usd(1_130_000_000))));
        check("US $ 5 million", Some(("MONEY", 4, usd(5_000_000))));
        check("5 million U.S. dollars", Some(("MONEY", 4, usd(5_000_000))));
        check(
            "3,000 dong",
            Some(("MONEY", 2, json!({"amount": 3000, "currency": "VND"}))),
        );
        check("$ abc", None);
    }

    #[test]
    fn percents_and_quantities() {
        check("4.5 per cent", Some(("PERCENT", 3, json!(4.5))));
        check("4.5 %", Some(("PERCENT", 2, json!(4.5))));
        check("12%", Some(("PERCENT", 1, json!(12))));
        check("0.25 percentage points", Some(("PERCENT", 3, json!(0.25))));
        check(
            "20 km",
            Some(("QUANTITY", 2, json!({"amount": 20, "unit": "km"}))),
        );
        check(
            "1.5 million tonnes",
            Some(("QUANTITY", 3, json!({"amount": 1_500_000, "unit": "t"}))),
        );
        check("20 people", None);
    }
}
