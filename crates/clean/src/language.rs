//! Language detection with `whatlang`: the document's language as an
//! ISO 639-1 code, and lines written in another one.

use crate::features::{LineFeatures, PROFILE_LANGS};
use whatlang::Lang;

/// How many bytes of prose the document's language is detected from.
const SAMPLE_BYTES: usize = 300;

/// The fewest letters of ASCII text whatlang is asked about. Below this its
/// trigram statistics cannot tell the many Latin-script languages apart:
/// on the Reuters bench corpus, where every document is English, whatlang
/// named a language at confidence 0.5 or more for 14 of the 1,728 documents
/// whose lines outside figure rows have fewer letters than this.
const MIN_ASCII_LETTERS: usize = 40;

/// The ISO 639-1 code of a language (ISO 639-3 where it has none).
pub(crate) fn iso_639_1(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
    }
}

/// Whether a string is a plausible language code for the `languages`
/// option.
pub(crate) fn is_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase())
}

/// The whatlang language of a [`PROFILE_LANGS`] index.
fn profile_lang(i: usize) -> Lang {
    [
        Lang::Eng,
        Lang::Fra,
        Lang::Deu,
        Lang::Spa,
        Lang::Ita,
        Lang::Por,
        Lang::Nld,
        Lang::Vie,
    ]
    .get(i)
    .copied()
    .unwrap_or(Lang::Eng)
}

/// The document's language, and its index in [`PROFILE_LANGS`] when its
/// stop words told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DocLang {
    /// The language.
    pub lang: Lang,
    /// Index in [`PROFILE_LANGS`], when known from stop words.
    pub profile: Option<usize>,
}

/// Detects the language of the lines marked as prose (or of all lines
/// when none is): from the mix of stop words when one language clearly
/// leads, else with whatlang on a sample of those lines.
///
/// Rows of figures (`Shr 17 cts vs 13 cts`) and symbol lines are left out
/// of the sample: abbreviations and numbers are no evidence of a language
/// (whatlang reads such tables as French as often as English). When what
/// is left is ASCII with fewer than [`MIN_ASCII_LETTERS`] letters, the
/// language is undetermined (`None`) without asking whatlang.
pub(crate) fn detect_document(lines: &[(&str, &LineFeatures)], prose: &[bool]) -> Option<DocLang> {
    let any_prose = prose.iter().any(|&p| p);
    let chosen = || {
        lines
            .iter()
            .zip(prose)
            .filter(move |(l, p)| (**p || !any_prose) && !l.0.is_empty())
    };
    let mut counts = [0usize; 8];
    let mut words = 0;
    for ((_, f), _) in chosen() {
        words += f.words;
        for (c, &n) in counts.iter_mut().zip(&f.lang_stops) {
            *c += usize::from(n);
        }
    }
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
    let (best, second) = (counts[order[0]], counts[order[1]]);
    let dense = words >= 8 && best * 100 >= words * 15 && best * 2 >= second * 3;
    let clear = best >= 3 && best >= second * 3;
    if dense || clear {
        return Some(DocLang {
            lang: profile_lang(order[0]),
            profile: Some(order[0]),
        });
    }
    let mut sample = String::with_capacity(SAMPLE_BYTES + 200);
    let (mut letters, mut non_ascii) = (0, 0);
    for ((line, f), _) in chosen().filter(|((_, f), _)| !(f.is_data_row() || f.is_symbolic())) {
        sample.push_str(line);
        sample.push('\n');
        letters += f.letters;
        non_ascii += f.non_ascii_letters;
        if sample.len() >= SAMPLE_BYTES {
            break;
        }
    }
    if non_ascii == 0 && letters < MIN_ASCII_LETTERS {
        return None;
    }
    let info = whatlang::detect(&sample)?;
    (info.is_reliable() || info.confidence() >= 0.5).then(|| {
        let profile = PROFILE_LANGS
            .iter()
            .position(|c| *c == iso_639_1(info.lang()));
        DocLang {
            lang: info.lang(),
            profile,
        }
    })
}

/// Whether `line` is written in another language than `doc`. Only lines
/// with few of the document language's stop words are checked (with
/// whatlang), and only for languages with a stop-word list.
pub(crate) fn is_foreign(line: &str, f: &LineFeatures, doc: DocLang) -> bool {
    let Some(k) = doc.profile else {
        return false;
    };
    if f.words < 6 || f.letters < 30 || usize::from(f.lang_stops[k]) * 8 > f.words {
        return false;
    }
    // Only a line that looks like another language is worth whatlang's
    // time: more stop words of another language, or another alphabet.
    let other_stops = f
        .lang_stops
        .iter()
        .enumerate()
        .any(|(i, &n)| i != k && n > f.lang_stops[k]);
    let doc_non_ascii = PROFILE_LANGS[k] == "vi";
    let other_script = !doc_non_ascii && f.non_ascii_letters * 5 >= f.letters;
    if !(other_stops || other_script) {
        return false;
    }
    match whatlang::detect(line) {
        Some(info) => info.lang() != doc.lang && info.is_reliable() && info.confidence() >= 0.8,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_vietnamese_caption_in_english() {
        let caption = "Đại sứ Vũ Hồ, Quyền Trưởng SOM ASEAN trả lời Báo chí tại Hội nghị hẹp Bộ trưởng Ngoại giao ASEAN";
        let en = DocLang {
            lang: Lang::Eng,
            profile: Some(0),
        };
        assert!(is_foreign(caption, &LineFeatures::of(caption), en));
        let english = "Ambassador Vu Ho, Acting Head of ASEAN SOM, answered the press on the sidelines of the Conference.";
        assert!(!is_foreign(english, &LineFeatures::of(english), en));
    }

    #[test]
    fn a_table_of_figures_has_no_language() {
        let lines = [
            "Shr loss 21 cts vs loss 14 cts",
            "Net loss 838,069 vs loss 433,875",
            "Revs 1,080,068 vs 1,793,398",
            "12 mths",
            "Shr loss 39 cts vs 11 cts",
            "Net loss 1,387,500 vs loss 334,463",
        ];
        let features: Vec<LineFeatures> = lines.iter().map(|l| LineFeatures::of(l)).collect();
        let described: Vec<(&str, &LineFeatures)> = lines.iter().copied().zip(&features).collect();
        assert_eq!(detect_document(&described, &[false; 6]), None);
        // A sentence beside the table is evidence enough (too few stop
        // words to decide, so whatlang reads it).
        let note =
            "Note: Results include operations of BMD of New England Inc, acquired Sept. 1, 1986.";
        let f = LineFeatures::of(note);
        let mut with_note = described.clone();
        with_note.push((note, &f));
        assert_eq!(
            detect_document(&with_note, &[false; 7]).map(|d| d.lang),
            Some(Lang::Eng)
        );
    }

    #[test]
    fn detects_the_document_language() {
        for (text, lang) in [
            (
                "The meeting reviewed the year and agreed on the priorities for the next one, officials said.",
                Lang::Eng,
            ),
            (
                "Le gouvernement a présenté mardi un plan pour les agriculteurs touchés par la sécheresse.",
                Lang::Fra,
            ),
            (
                "Chính phủ đã thông qua kế hoạch mới cho nông dân tại các tỉnh bị hạn hán.",
                Lang::Vie,
            ),
            (
                "Правительство одобрило новый план помощи фермерам, пострадавшим от засухи в регионе. Министр сказал, что деньги поступят уже в следующем месяце.",
                Lang::Rus,
            ),
        ] {
            let f = LineFeatures::of(text);
            assert_eq!(
                detect_document(&[(text, &f)], &[true]).map(|d| d.lang),
                Some(lang),
                "{text}"
            );
        }
    }
}
