//! MONEY (`$1.13bn` → `{"amount": 1130000000, "currency": "USD"}`; also
//! the agencies' `12.5 mln dlrs`, `150 mln stg`, `five cts`, `40 mln Swiss
//! francs`), PERCENT (`4.5 per cent` → `4.5`) and QUANTITY (`20 km` →
//! `{"amount": 20, "unit": "km"}`; `2.5 mln pounds of sugar` is in `lb`).

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

/// Currency words written after the amount: as written (lower case) →
/// the family a country adjective before them qualifies (`Canadian dlrs`,
/// `Swiss francs`, see [`QUALIFIERS`]) and the currency the word means
/// alone, if it means one. Reuters abbreviations (`dlrs`, `stg`) are here
/// because news agencies write them in almost every money amount.
const SUFFIXES: &[(&str, &str, Option<&str>)] = &[
    ("dollars", "dollar", Some("USD")),
    ("dollar", "dollar", Some("USD")),
    ("dlrs", "dollar", Some("USD")),
    ("dlr", "dollar", Some("USD")),
    ("usd", "dollar", Some("USD")),
    ("euros", "euro", Some("EUR")),
    ("euro", "euro", Some("EUR")),
    ("pounds", "pound", Some("GBP")),
    ("sterling", "pound", Some("GBP")),
    ("stg", "pound", Some("GBP")),
    ("yen", "yen", Some("JPY")),
    ("yuan", "yuan", Some("CNY")),
    ("renminbi", "yuan", Some("CNY")),
    ("vnd", "dong", Some("VND")),
    ("dong", "dong", Some("VND")),
    ("đồng", "dong", Some("VND")),
    ("baht", "baht", Some("THB")),
    ("ringgit", "ringgit", Some("MYR")),
    ("rupiah", "rupiah", Some("IDR")),
    ("rupees", "rupee", Some("INR")),
    ("won", "won", Some("KRW")),
    ("pesos", "peso", Some("PHP")),
    ("francs", "franc", Some("CHF")),
    ("marks", "mark", Some("DEM")),
    ("d-marks", "mark", Some("DEM")),
    ("dmarks", "mark", Some("DEM")),
    ("guilders", "guilder", Some("NLG")),
    ("lire", "lira", Some("ITL")),
    // Swedish, Danish and Norwegian crowns alike: only with the adjective.
    ("crowns", "crown", None),
    ("sgd", "dollar", Some("SGD")),
    ("eur", "euro", Some("EUR")),
    ("gbp", "pound", Some("GBP")),
    ("jpy", "yen", Some("JPY")),
];

/// Words for a hundredth of a currency; the amount is reported in the
/// currency itself (`5 cts` → 0.05), which is the dollar its adjective
/// names (`Canadian cts`), else the last dollar amount of the sentence,
/// else USD.
const CENTS: &[&str] = &["cents", "cts", "ct"];

/// Country adjectives before a currency word (lower case, as words) → the
/// family they qualify and the currency they make of it.
const QUALIFIERS: &[(&[&str], &str, &str)] = &[
    (&["u.s."], "dollar", "USD"),
    (&["us"], "dollar", "USD"),
    (&["american"], "dollar", "USD"),
    (&["canadian"], "dollar", "CAD"),
    (&["australian"], "dollar", "AUD"),
    (&["singapore"], "dollar", "SGD"),
    (&["hong", "kong"], "dollar", "HKD"),
    (&["new", "zealand"], "dollar", "NZD"),
    (&["taiwan"], "dollar", "TWD"),
    (&["swiss"], "franc", "CHF"),
    (&["french"], "franc", "FRF"),
    (&["belgian"], "franc", "BEF"),
    (&["luxembourg"], "franc", "LUF"),
    (&["german"], "mark", "DEM"),
    (&["west", "german"], "mark", "DEM"),
    (&["finnish"], "mark", "FIM"),
    (&["dutch"], "guilder", "NLG"),
    (&["italian"], "lira", "ITL"),
    (&["japanese"], "yen", "JPY"),
    (&["british"], "pound", "GBP"),
    (&["irish"], "pound", "IEP"),
    (&["swedish"], "crown", "SEK"),
    (&["danish"], "crown", "DKK"),
    (&["norwegian"], "crown", "NOK"),
    (&["mexican"], "peso", "MXN"),
    (&["philippine"], "peso", "PHP"),
];

/// Whether `code` is a dollar, whose hundredths `cts` may be.
fn is_dollar(code: &str) -> bool {
    QUALIFIERS
        .iter()
        .any(|(_, f, c)| *f == "dollar" && *c == code)
}

/// Numbers written as words, which news writes below ten (`five cts a
/// share`): read only before a currency word, where they cannot be
/// anything but an amount.
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("fifty", 50.0),
];

/// Currency words that are also common words after a spelled-out number
/// (`the two won`, `lost five pounds`, `gave it two marks`): a number word
/// before them is not read as an amount.
const AMBIGUOUS_AFTER_WORDS: &[&str] = &["won", "pounds", "marks", "crowns"];

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
    ("lb", "lb"),
    ("pounds-weight", "lb"),
];

/// Whether a word after a number makes the number an amount: a unit of a
/// quantity, a percent sign or a scale (`1990 mln dlrs` is not the year
/// 1990). Not currency words: `2025 marks the anniversary` is a year.
pub(crate) fn is_unit(word: &str) -> bool {
    let w = word.to_lowercase();
    UNITS.iter().any(|(u, _)| *u == w)
        || is_percent_sign(&w)
        || w == "per"
        // Not the one-letter `k`, `m`, `b`, which may be anything.
        || (w.len() > 1 && scale(&w).is_some())
}

/// Whether a word (lower case) after a number makes it a percentage:
/// `%`, `percent`, `pct`, and `pct.` with its period mid-sentence (`5 pct.
/// in May`).
fn is_percent_sign(lower: &str) -> bool {
    matches!(lower, "%" | "percent" | "pct" | "pct.")
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

/// A MONEY, PERCENT or QUANTITY starting at word `i`; `context` is the
/// currency of the sentence's last MONEY before it, which `cts` are
/// hundredths of when it is a dollar.
pub(crate) fn at(words: &[&str], i: usize, context: Option<&str>) -> Option<Found> {
    let w = words[i];
    // `five cts a share`: a spelled-out number only before a currency word.
    if let Some((_, x)) = NUMBER_WORDS.iter().find(|(n, _)| n.eq_ignore_ascii_case(w)) {
        let (x, end) = match words.get(i + 1).and_then(|s| scale(s)) {
            Some(s) => (x * s, i + 2),
            None => (*x, i + 1),
        };
        let next = words.get(end).map(|s| s.to_lowercase()).unwrap_or_default();
        if AMBIGUOUS_AFTER_WORDS.contains(&next.as_str()) {
            return None;
        }
        return currency_after(words, i, x, end, context);
    }
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
    if is_percent_sign(&next) {
        return found(i, end + 1, "PERCENT", json_number(x));
    }
    if next == "per" && next2 == "cent" {
        return found(i, end + 2, "PERCENT", json_number(x));
    }
    if next == "percentage" && next2 == "points" {
        return found(i, end + 2, "PERCENT", json_number(x));
    }
    if let Some(f) = currency_after(words, i, x, end, context) {
        return Some(f);
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

/// A MONEY (or, for `pounds of`, a QUANTITY) of amount `x` written at
/// words `[start, end)` and followed by a currency word, with or without a
/// country adjective: `5 million U.S. dollars`, `12.5 mln dlrs`, `40 mln
/// Swiss francs`, `3 billion dong`, `5 cts`.
fn currency_after(
    words: &[&str],
    start: usize,
    x: f64,
    end: usize,
    context: Option<&str>,
) -> Option<Found> {
    let lower = |k: usize| words.get(k).map(|s| s.to_lowercase()).unwrap_or_default();
    // The words after the amount, lower-cased once: an adjective of up to
    // two words, then the currency word.
    let ahead: [String; 3] = [lower(end), lower(end + 1), lower(end + 2)];
    // The adjective, if any: the longest that the following words begin with.
    let qualifier = QUALIFIERS
        .iter()
        .filter(|(q, _, _)| q.iter().zip(&ahead).all(|(w, a)| a == w) && q.len() < ahead.len())
        .max_by_key(|(q, _, _)| q.len());
    let skip = qualifier.map_or(0, |(q, _, _)| q.len());
    let word = ahead[skip].as_str();
    let after = end + skip + 1;
    let money = |code: &str, x: f64, end: usize| {
        found(
            start,
            end,
            "MONEY",
            json!({"amount": json_number(x), "currency": code}),
        )
    };
    if CENTS.contains(&word) {
        let code = match qualifier {
            Some((_, "dollar", c)) => *c,
            Some(_) => return None,
            None => context.filter(|c| is_dollar(c)).unwrap_or("USD"),
        };
        return money(code, x / 100.0, after);
    }
    let (_, family, alone) = SUFFIXES.iter().find(|(s, _, _)| *s == word)?;
    let code = match qualifier {
        Some((_, f, c)) if f == family => *c,
        // `5 mln U.S. francs` names no currency this table knows.
        Some(_) => return None,
        None => (*alone)?,
    };
    if qualifier.is_none() && word == "pounds" {
        // `2.5 mln pounds of sugar` weighs; `pounds sterling` is money.
        if lower(after) == "of" {
            return found(
                start,
                after,
                "QUANTITY",
                json!({"amount": json_number(x), "unit": "lb"}),
            );
        }
        if lower(after) == "sterling" {
            return money(code, x, after + 1);
        }
    }
    money(code, x, after)
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
        check_in(words, None, expected);
    }

    /// `at(words, 0)` after a MONEY in `context` earlier in the sentence.
    fn check_in(words: &str, context: Option<&str>, expected: Option<(&str, usize, Value)>) {
        let w: Vec<&str> = words.split(' ').collect();
        let got = at(&w, 0, context).map(|f| (f.label, f.end, f.value.unwrap_or(Value::Null)));
        assert_eq!(got, expected, "{words}");
    }

    fn cur(amount: Value, currency: &str) -> Value {
        json!({"amount": amount, "currency": currency})
    }

    #[test]
    fn agency_abbreviations() {
        let usd = |a: u64| cur(json!(a), "USD");
        check("12.5 mln dlrs", Some(("MONEY", 3, usd(12_500_000))));
        check(
            "1.20 dlrs a share",
            Some(("MONEY", 2, cur(json!(1.2), "USD"))),
        );
        check("1 dlr", Some(("MONEY", 2, usd(1))));
        check(
            "150 mln stg of bills",
            Some(("MONEY", 3, cur(json!(150_000_000), "GBP"))),
        );
        check("1.5 billion DLRS", Some(("MONEY", 3, usd(1_500_000_000))));
        // Not an amount without a number.
        check("dlrs", None);
        check("mln dlrs", None);
    }

    #[test]
    fn cents_are_hundredths_of_the_dollar_in_context() {
        check(
            "five cts a share",
            Some(("MONEY", 2, cur(json!(0.05), "USD"))),
        );
        check("Five cts", Some(("MONEY", 2, cur(json!(0.05), "USD"))));
        check("15 cts", Some(("MONEY", 2, cur(json!(0.15), "USD"))));
        check("1 ct", Some(("MONEY", 2, cur(json!(0.01), "USD"))));
        check("42 cents", Some(("MONEY", 2, cur(json!(0.42), "USD"))));
        check(
            "15 Canadian cts",
            Some(("MONEY", 3, cur(json!(0.15), "CAD"))),
        );
        check_in(
            "15 cts",
            Some("CAD"),
            Some(("MONEY", 2, cur(json!(0.15), "CAD"))),
        );
        // Yen have no cents: the default stays.
        check_in(
            "15 cts",
            Some("JPY"),
            Some(("MONEY", 2, cur(json!(0.15), "USD"))),
        );
        check("15 Swiss cts", None);
    }

    #[test]
    fn country_adjectives_name_the_currency() {
        let c = |a: u64, code: &str| cur(json!(a), code);
        check(
            "40 mln Swiss francs",
            Some(("MONEY", 4, c(40_000_000, "CHF"))),
        );
        check(
            "21.8 million French francs",
            Some(("MONEY", 4, c(21_800_000, "FRF"))),
        );
        check(
            "3 billion Belgian francs",
            Some(("MONEY", 4, c(3_000_000_000, "BEF"))),
        );
        check(
            "18 mln Canadian dlrs",
            Some(("MONEY", 4, c(18_000_000, "CAD"))),
        );
        check(
            "2 mln Australian dlrs",
            Some(("MONEY", 4, c(2_000_000, "AUD"))),
        );
        check("10 mln U.S. dlrs", Some(("MONEY", 4, c(10_000_000, "USD"))));
        check("5 Hong Kong dollars", Some(("MONEY", 4, c(5, "HKD"))));
        check("5 New Zealand dlrs", Some(("MONEY", 4, c(5, "NZD"))));
        check("3 billion yen", Some(("MONEY", 3, c(3_000_000_000, "JPY"))));
        check("10 mln marks", Some(("MONEY", 3, c(10_000_000, "DEM"))));
        check(
            "10 mln German marks",
            Some(("MONEY", 4, c(10_000_000, "DEM"))),
        );
        check("10 mln D-marks", Some(("MONEY", 3, c(10_000_000, "DEM"))));
        check("10 mln guilders", Some(("MONEY", 3, c(10_000_000, "NLG"))));
        check(
            "500 billion lire",
            Some(("MONEY", 3, c(500_000_000_000, "ITL"))),
        );
        check(
            "200 mln Swedish crowns",
            Some(("MONEY", 4, c(200_000_000, "SEK"))),
        );
        // An adjective that does not go with the currency word, and crowns
        // of no country, name no currency.
        check("5 mln U.S. francs", None);
        check("200 mln crowns", None);
        check("300 U.S. warplanes", None);
    }

    #[test]
    fn pounds_of_something_weigh() {
        let lb = |a: Value| json!({"amount": a, "unit": "lb"});
        check(
            "2.5 mln pounds of sugar",
            Some(("QUANTITY", 3, lb(json!(2_500_000)))),
        );
        check("500 lbs of coffee", Some(("QUANTITY", 2, lb(json!(500)))));
        check("500 lb", Some(("QUANTITY", 2, lb(json!(500)))));
        let gbp = |a: u64| cur(json!(a), "GBP");
        check("5 mln pounds", Some(("MONEY", 3, gbp(5_000_000))));
        check("5 mln pounds sterling", Some(("MONEY", 4, gbp(5_000_000))));
        check("5 mln British pounds", Some(("MONEY", 4, gbp(5_000_000))));
        check("5 mln stg of debt", Some(("MONEY", 3, gbp(5_000_000))));
    }

    #[test]
    fn spelled_out_numbers_only_before_currencies() {
        check("two dlrs", Some(("MONEY", 2, cur(json!(2), "USD"))));
        check(
            "five mln dlrs",
            Some(("MONEY", 3, cur(json!(5_000_000), "USD"))),
        );
        check("five tonnes", None);
        check("five people", None);
        // Words that are also verbs or weights after a number word.
        check("two won", None);
        check("five pounds", None);
        check("ten marks", None);
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
        check("3.1 pct", Some(("PERCENT", 2, json!(3.1))));
        check("5 pct. in May", Some(("PERCENT", 2, json!(5))));
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
