//! Reuters follows a company's name with its stock symbol in angle
//! brackets (`Ford Motor Co <F>`, `Hang Seng Bank Ltd <HSGH.HK>`). The
//! symbol is a code, no name: the model reads it as one of any kind
//! (`F` MISC, `HSGH.HK` LOC).

use super::{View, named};
use docpipe_core::Entity;

/// Whether a word is written as a stock symbol: capitals and digits, up to
/// six, with an optional exchange suffix after a dot (`F`, `GM`, `BRK`,
/// `HSGH.HK`, `7203.T`).
fn is_symbol(word: &str) -> bool {
    let code = |s: &str, most: usize| {
        !s.is_empty()
            && s.len() <= most
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    };
    match word.split_once('.') {
        Some((code_part, exchange)) => code(code_part, 6) && code(exchange, 3),
        None => code(word, 6) && word.bytes().any(|b| b.is_ascii_uppercase()),
    }
}

/// Drops a name that is a stock symbol in angle brackets right after a
/// capitalized word (the end of the company's name): `<F>` in `Ford Motor
/// Co <F>`. A company's name in brackets (`<Autorama Inc>`, Reuters'
/// mark for an unlisted company) is not a symbol and stays.
pub(crate) fn drop_stock_symbols(view: &View<'_>, entities: &mut Vec<Entity>) {
    entities.retain(|e| {
        if !named(e) {
            return true;
        }
        let r = view.range(e);
        if r.len() != 1 {
            return true;
        }
        let sentence = &view.sentence_of[r.start];
        let bracketed = r.start >= sentence.start + 2
            && view.word(r.start - 1) == "<"
            && view
                .next_in_sentence(r.start)
                .is_some_and(|t| view.word(t) == ">");
        !(bracketed && view.capitalized(r.start - 2) && is_symbol(view.word(r.start)))
    });
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, entity_at, pairs, texts};
    use super::*;

    #[test]
    fn symbols_after_companies_are_no_names() {
        let (d, g) = doc(
            "Ford Motor Co < F > and Hang Seng Bank Ltd < HSGH.HK > rose .\n\
             A distributor , < Autorama Inc > , said < IBM > is not < USA > .",
        );
        let v = View::new(&d, &g);
        let mut es: Vec<Entity> = [
            ("Ford Motor Co", 0, "ORG"),
            // The first `F` is Ford's.
            ("F", 1, "MISC"),
            ("Hang Seng Bank Ltd", 0, "ORG"),
            ("HSGH.HK", 0, "LOC"),
            ("Autorama Inc", 0, "ORG"),
            ("IBM", 0, "ORG"),
            ("USA", 0, "LOC"),
        ]
        .iter()
        .map(|&(text, nth, label)| entity_at(&d, text, nth, label))
        .collect();
        drop_stock_symbols(&v, &mut es);
        assert_eq!(
            texts(&es),
            pairs(&[
                ("ORG", "Ford Motor Co"),
                ("ORG", "Hang Seng Bank Ltd"),
                ("ORG", "Autorama Inc"),
                // After a lower-case word: a name in brackets, kept.
                ("ORG", "IBM"),
                ("LOC", "USA"),
            ])
        );
    }

    #[test]
    fn symbols_are_capitals_and_digits() {
        for w in ["F", "GM", "HSGH.HK", "7203.T", "BRK"] {
            assert!(is_symbol(w), "{w}");
        }
        for w in ["Ford", "1987", "ABCDEFG", "A.B.C.", "", "F.hk"] {
            assert!(!is_symbol(w), "{w}");
        }
    }
}
