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
