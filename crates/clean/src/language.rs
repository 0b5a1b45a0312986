//! Language detection with `whatlang`: the document's language as an
//! ISO 639-1 code, and lines written in another one.

use crate::features::LineFeatures;
use whatlang::Lang;

/// How many bytes of prose the document's language is detected from.
const SAMPLE_BYTES: usize = 1200;

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

/// Detects the language of the lines marked as prose (or of all lines
/// when none is).
pub(crate) fn detect_document(lines: &[&str], prose: &[bool]) -> Option<Lang> {
    let mut sample = String::with_capacity(SAMPLE_BYTES + 200);
    let any_prose = prose.iter().any(|&p| p);
    for (line, &is_prose) in lines.iter().zip(prose) {
        if (is_prose || !any_prose) && !line.is_empty() {
            sample.push_str(line);
            sample.push('\n');
            if sample.len() >= SAMPLE_BYTES {
                break;
            }
        }
    }
    let info = whatlang::detect(&sample)?;
    (info.is_reliable() || info.confidence() >= 0.5).then(|| info.lang())
}

/// Whether `line` is written in another language than `doc`. Lines with
/// enough of the document language's stop words are never checked.
pub(crate) fn is_foreign(line: &str, f: &LineFeatures, doc: Lang) -> bool {
    if f.words < 6 || f.letters < 30 {
        return false;
    }
    if doc == Lang::Eng && f.stop_words * 8 > f.words {
        return false;
    }
    match whatlang::detect(line) {
        Some(info) => info.lang() != doc && info.is_reliable() && info.confidence() >= 0.8,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_vietnamese_caption_in_english() {
        let caption = "Đại sứ Vũ Hồ, Quyền Trưởng SOM ASEAN trả lời Báo chí tại Hội nghị hẹp Bộ trưởng Ngoại giao ASEAN";
        assert!(is_foreign(caption, &LineFeatures::of(caption), Lang::Eng));
        let english = "Ambassador Vu Ho, Acting Head of ASEAN SOM, answered the press on the sidelines of the Conference.";
        assert!(!is_foreign(english, &LineFeatures::of(english), Lang::Eng));
    }

    #[test]
    fn detects_the_document_language() {
        let lines = [
            "The meeting reviewed the year and agreed on the priorities for the next one, officials said.",
        ];
        assert_eq!(detect_document(&lines, &[true]), Some(Lang::Eng));
    }
}
