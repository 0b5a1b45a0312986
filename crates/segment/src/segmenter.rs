//! The [`Segmenter`]: paragraphs, then tokens, then sentences, per document.

use crate::abbreviations::{AbbrevClass, Abbreviations};
use crate::error::SegmentError;
use crate::options::SegmentOptions;
use crate::paragraphs::paragraphs;
use crate::sentences::SentenceSplitter;
use crate::tokens::{Tok, Tokenizer};
use docpipe_core::{Document, Outcome, Span, Stage, StageError, Token};

/// The result of segmenting one text, in byte offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmentation {
    /// Paragraph spans.
    pub paragraphs: Vec<Span>,
    /// Sentence spans, each inside one paragraph.
    pub sentences: Vec<Span>,
    /// Token spans, each inside one sentence.
    pub tokens: Vec<Span>,
}

/// Splits text into paragraphs, sentences and tokens; the `segment` stage.
#[derive(Debug, Clone)]
pub struct Segmenter {
    abbr: Abbreviations,
    line_breaks: bool,
    split_contractions: bool,
    split_hyphens: bool,
}

impl Segmenter {
    /// Builds a segmenter from its options.
    pub fn new(options: &SegmentOptions) -> Result<Self, SegmentError> {
        let mut abbr = Abbreviations::built_in();
        for (option, list, class) in [
            ("abbreviations", &options.abbreviations, AbbrevClass::Common),
            (
                "title_abbreviations",
                &options.title_abbreviations,
                AbbrevClass::Title,
            ),
        ] {
            for word in list {
                let w = word.trim().trim_end_matches('.');
                if w.is_empty() {
                    return Err(SegmentError::Abbreviation {
                        option,
                        word: word.clone(),
                        reason: "it is empty",
                    });
                }
                if w.chars().any(char::is_whitespace) {
                    return Err(SegmentError::Abbreviation {
                        option,
                        word: word.clone(),
                        reason: "it contains whitespace; give one word per entry",
                    });
                }
                abbr.insert(w, class);
            }
        }
        Ok(Self {
            abbr,
            line_breaks: options.line_breaks,
            split_contractions: options.split_contractions,
            split_hyphens: options.split_hyphens,
        })
    }

    /// Segments `text`, in byte offsets.
    pub fn segment(&self, text: &str) -> Segmentation {
        let mut seg = Segmentation::default();
        let mut toks: Vec<Tok> = Vec::new();
        self.segment_into(text, &mut seg, &mut toks);
        seg
    }

    fn segment_into(&self, text: &str, seg: &mut Segmentation, toks: &mut Vec<Tok>) {
        paragraphs(text, &mut seg.paragraphs);
        let splitter = SentenceSplitter {
            abbr: &self.abbr,
            line_breaks: self.line_breaks,
        };
        let tokenizer = Tokenizer {
            abbr: &self.abbr,
            split_contractions: self.split_contractions,
            split_hyphens: self.split_hyphens,
        };
        for para in &seg.paragraphs {
            toks.clear();
            tokenizer.tokenize(text, para.start, para.end, toks);
            splitter.split(text, toks, &mut seg.sentences);
            seg.tokens
                .extend(toks.iter().map(|t| Span::new(t.start, t.end)));
        }
    }
}

impl Stage for Segmenter {
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {
        let seg = self.segment(&doc.text);
        doc.paragraphs = Some(seg.paragraphs);
        doc.sentences = Some(seg.sentences);
        doc.tokens = Some(
            seg.tokens
                .into_iter()
                .map(|s| Token::new(s.start, s.end))
                .collect(),
        );
        Ok(Outcome::Keep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let seg = Segmenter::new(&SegmentOptions::default())
            .unwrap()
            .segment(text);
        seg.sentences
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[track_caller]
    fn check(text: &str, expected: &[&str]) {
        assert_eq!(sentences(text), expected, "sentences of {text:?}");
    }

    #[test]
    fn titles_and_abbreviations() {
        check(
            "Mr. Smith met Dr. Jones and Gen. Lee. They talked.",
            &["Mr. Smith met Dr. Jones and Gen. Lee.", "They talked."],
        );
        check(
            "It opened on Jan. 5 in the U.S. The U.S. Treasury agreed.",
            &[
                "It opened on Jan. 5 in the U.S.",
                "The U.S. Treasury agreed.",
            ],
        );
        check(
            "Decree No.59 took effect at 9 a.m. on Monday. Acme Inc. said so.",
            &[
                "Decree No.59 took effect at 9 a.m. on Monday.",
                "Acme Inc. said so.",
            ],
        );
        check(
            "He works for Acme Inc. The firm grew.",
            &["He works for Acme Inc.", "The firm grew."],
        );
        check("See No. 5. Then go.", &["See No. 5.", "Then go."]);
    }

    /// Measure words Reuters writes without a period (`pct`, `mln`) end a
    /// sentence with one before a capitalized word, and that period is a
    /// token of its own; elsewhere they keep it as other abbreviations do.
    #[test]
    fn units_end_sentences_before_a_capital() {
        check(
            "Profit rose 12 pct. Sales fell 3.1 pct. Imports were 2.8 mln. The rest was 5 lbs. of it.",
            &[
                "Profit rose 12 pct.",
                "Sales fell 3.1 pct.",
                "Imports were 2.8 mln.",
                "The rest was 5 lbs. of it.",
            ],
        );
        let text = "It rose 12 PCT. Sales fell 5 pct. in May. \"It was 7 pct.\" He fell 2 pct.";
        let seg = Segmenter::new(&SegmentOptions::default())
            .unwrap()
            .segment(text);
        let tokens: Vec<&str> = seg.tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            tokens,
            [
                "It", "rose", "12", "PCT", ".", "Sales", "fell", "5", "pct.", "in", "May", ".",
                "\"", "It", "was", "7", "pct", ".", "\"", "He", "fell", "2", "pct", "."
            ]
        );
    }

    #[test]
    fn initials() {
        check(
            "J. R. R. Tolkien wrote it. He died in 1973.",
            &["J. R. R. Tolkien wrote it.", "He died in 1973."],
        );
        check(
            "We chose plan B. The others failed.",
            &["We chose plan B.", "The others failed."],
        );
        // `P` is also `p.` (page) in capitals, an abbreviation only before
        // a number.
        check(
            "Bowling: P. Simmons took 4-38 and P. Tufnell 4-39. See p. 12 or P. 13 for more.",
            &[
                "Bowling: P. Simmons took 4-38 and P. Tufnell 4-39.",
                "See p. 12 or P. 13 for more.",
            ],
        );
        // Two letters joined by `and` are a name's, not a person's
        // initials.
        check(
            "It is rated A by S and P. Salomon led it. AT and T. Smith spoke.",
            &[
                "It is rated A by S and P.",
                "Salomon led it.",
                "AT and T. Smith spoke.",
            ],
        );
    }

    #[test]
    fn numbers_and_amounts() {
        check(
            "Growth was 4.5 per cent. Sales hit $1.13bn. Version 2.0.1 shipped on 8/8/2023.",
            &[
                "Growth was 4.5 per cent.",
                "Sales hit $1.13bn.",
                "Version 2.0.1 shipped on 8/8/2023.",
            ],
        );
    }

    #[test]
    fn ellipses() {
        check(
            "Well... maybe later. Wait… No!",
            &["Well... maybe later.", "Wait…", "No!"],
        );
    }

    #[test]
    fn quotes_and_brackets_after_terminals() {
        check(
            "\"We won,\" he said. \"It was hard.\" (They cheered.) Then they left.",
            &[
                "\"We won,\" he said.",
                "\"It was hard.\"",
                "(They cheered.)",
                "Then they left.",
            ],
        );
        check(
            "He asked “why?” She left.",
            &["He asked “why?”", "She left."],
        );
    }

    #[test]
    fn question_and_exclamation_marks() {
        check(
            "Really?! Yes. why not? ok!",
            &["Really?!", "Yes.", "why not?", "ok!"],
        );
    }

    #[test]
    fn lists_and_numbered_items() {
        check(
            "Steps:\n1. Open the box\n2. Take it out\n- Done",
            &["Steps:", "1. Open the box", "2. Take it out", "- Done"],
        );
    }

    #[test]
    fn urls_and_emails() {
        check(
            "Visit https://example.com/a.b?c=d. Write to info@vn.example.org. Thanks.",
            &[
                "Visit https://example.com/a.b?c=d.",
                "Write to info@vn.example.org.",
                "Thanks.",
            ],
        );
    }

    /// A rule of symbols parts a message: a long one ends the sentence
    /// before it, and a rule ends itself before anything but a lowercase
    /// word; a rule glued to a word frames it, and `---` before a lowercase
    /// word is a dash.
    #[test]
    fn rules_of_symbols_part_messages() {
        check(
            "Call me at home ========== Attached please find it. Regards. ***** Bush also spoke. \
             Cut off at CPS --- do you know? *****NOTICE***** This is all.",
            &[
                "Call me at home",
                "==========",
                "Attached please find it.",
                "Regards.",
                "*****",
                "Bush also spoke.",
                "Cut off at CPS --- do you know?",
                "*****NOTICE*****",
                "This is all.",
            ],
        );
        check(
            "Prices rose -- Sales fell --- and more ==== then less, rated AAA Moody's said.",
            &["Prices rose -- Sales fell --- and more ==== then less, rated AAA Moody's said."],
        );
        // Hyphens are empty cells in a table of prices, and a dash before
        // a sentence.
        check(
            "Sep --- --- 15985 Dec ---- 158.5 Mar ---- Original holders may swap.",
            &["Sep --- --- 15985 Dec ---- 158.5 Mar ---- Original holders may swap."],
        );
    }

    /// Web text puts no period after a signature's address or between the
    /// items of a list of links: a link ends a sentence before a
    /// capitalized word or a web address, but not before a lowercase word,
    /// punctuation or another e-mail address.
    #[test]
    fn links_end_unpunctuated_lines() {
        check(
            "Email: franz@gmail.com Site made! Email: \"Al\"<al@x.ca> Groups: cats. See http://a.example/1.html http://a.example/2.html \
             www.example.org It helps.",
            &[
                "Email: franz@gmail.com",
                "Site made!",
                "Email: \"Al\"<al@x.ca>",
                "Groups: cats.",
                "See http://a.example/1.html",
                "http://a.example/2.html",
                "www.example.org",
                "It helps.",
            ],
        );
        check(
            "Mail a@x.edu b@y.edu or <c@z.org> or see http://x.org, then www.y.org (daily) for news.",
            &[
                "Mail a@x.edu b@y.edu or <c@z.org> or see http://x.org, then www.y.org (daily) for news.",
            ],
        );
    }

    /// A forwarded e-mail's header on one line: the sender ends a
    /// sentence before the date and time, and the date and time end one
    /// before the next header or the message (every such stamp in UD
    /// English-EWT's dev set ends a sentence); a date after `on`, `On` or a
    /// day's name, or without a time, goes on, and so does a stamp before
    /// a lowercase word unless a sender stands before it.
    #[test]
    fn email_headers() {
        check(
            "From Kay Mann 04/26/2001 07:17 AM I agree. \
             Sent by <kay@enron.com> 4/2/01 7:05 PM To all. \
             From kay@enron.com 4/2/01 7:05 PM To all. \
             It ran on 08/16/2000 03:14:14 PM as planned. Call Kay Mann 04/26/2001 soon.",
            &[
                "From Kay Mann",
                "04/26/2001 07:17 AM",
                "I agree.",
                "Sent by <kay@enron.com>",
                "4/2/01 7:05 PM",
                "To all.",
                "From kay@enron.com",
                "4/2/01 7:05 PM",
                "To all.",
                "It ran on 08/16/2000 03:14:14 PM as planned.",
                "Call Kay Mann 04/26/2001 soon.",
            ],
        );
        check(
            "Scott Neal 08/16/2000 03:48 PM John Griffith@ENRON 08/15/2000 06:23 PM EST \
             Steve, the annotations of 04/25/01 12:42:55 We kept. \
             Christa Winfrey 08/08/2000 11:36 AM have you heard? \
             It opens 08/16/2000 09:00 AM to 5 PM, or 08/17/2000 10:00 AM.",
            &[
                "Scott Neal",
                "08/16/2000 03:48 PM",
                "John Griffith@ENRON",
                "08/15/2000 06:23 PM EST",
                "Steve, the annotations of 04/25/01 12:42:55",
                "We kept.",
                "Christa Winfrey",
                "08/08/2000 11:36 AM",
                "have you heard?",
                "It opens 08/16/2000 09:00 AM to 5 PM, or 08/17/2000 10:00 AM.",
            ],
        );
        check(
            "On 04/26/2001 07:17 AM, Kay Mann wrote: yes. It closed Thursday 04/26/2001 07:17 AM for good.",
            &[
                "On 04/26/2001 07:17 AM, Kay Mann wrote: yes.",
                "It closed Thursday 04/26/2001 07:17 AM for good.",
            ],
        );
    }

    #[test]
    fn line_breaks_end_headlines() {
        check(
            "ASEAN completes its vision to 2045\nReviewing the year, he spoke.",
            &[
                "ASEAN completes its vision to 2045",
                "Reviewing the year, he spoke.",
            ],
        );
        // Hard-wrapped prose keeps its sentences whole.
        check(
            "The company said on Tuesday that its board had agreed to the\nMerger with Acme Industries, subject to the approval of the\nRegulators, and expects the deal to close in June.",
            &[
                "The company said on Tuesday that its board had agreed to the\nMerger with Acme Industries, subject to the approval of the\nRegulators, and expects the deal to close in June.",
            ],
        );
        // A comma at the end of a line does not end the sentence.
        check("Dear all,\nWe met today.", &["Dear all,\nWe met today."]);
    }

    #[test]
    fn line_breaks_can_be_ignored() {
        let options = SegmentOptions {
            line_breaks: false,
            ..SegmentOptions::default()
        };
        let text = "A headline\nThe body.";
        let seg = Segmenter::new(&options).unwrap().segment(text);
        assert_eq!(seg.sentences.len(), 1);
    }

    #[test]
    fn non_ascii() {
        check(
            "Phó Thủ tướng Đỗ Hùng Việt phát biểu. Ông nói rõ.",
            &["Phó Thủ tướng Đỗ Hùng Việt phát biểu.", "Ông nói rõ."],
        );
    }

    #[test]
    fn paragraphs_bound_sentences() {
        let text = "First para\n\nSecond para. Two sentences.";
        let seg = Segmenter::new(&SegmentOptions::default())
            .unwrap()
            .segment(text);
        assert_eq!(seg.paragraphs.len(), 2);
        assert_eq!(seg.sentences.len(), 3);
    }

    #[test]
    fn user_abbreviations() {
        let options = SegmentOptions {
            abbreviations: vec!["approx.".into()],
            title_abbreviations: vec!["Amb".into()],
            ..SegmentOptions::default()
        };
        let seg = Segmenter::new(&options).unwrap();
        let text = "It costs approx. Ten dollars. Amb. Nguyen agreed.";
        let got: Vec<&str> = seg
            .segment(text)
            .sentences
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(
            got,
            ["It costs approx. Ten dollars.", "Amb. Nguyen agreed."]
        );
        let bad = SegmentOptions {
            abbreviations: vec!["two words".into()],
            ..SegmentOptions::default()
        };
        assert!(Segmenter::new(&bad).is_err());
    }
}
