//! Reading CoNLL-format files: one token a line (`word POS chunk NER`, the
//! last column the entity tag in IOB1 or IOB2), a blank line between
//! sentences, `-DOCSTART-` lines between documents.

use crate::error::TagError;

/// One gold token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllToken {
    /// The word.
    pub word: String,
    /// Its part-of-speech tag (second column; `-` when the file has only
    /// two columns).
    pub pos: String,
    /// Its entity tag in IOB2 (`B-PER`, `I-ORG`, `O`), converted from IOB1
    /// when needed.
    pub ner: String,
}

/// A gold sentence.
pub type ConllSentence = Vec<ConllToken>;

/// A gold document: the sentences between two `-DOCSTART-` lines.
pub type ConllDocument = Vec<ConllSentence>;

/// Parses a CoNLL file's text into documents. A file without `-DOCSTART-`
/// lines is one document.
pub fn parse(text: &str) -> Result<Vec<ConllDocument>, TagError> {
    let mut docs: Vec<ConllDocument> = Vec::new();
    let mut doc: ConllDocument = Vec::new();
    let mut sentence: ConllSentence = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            if !sentence.is_empty() {
                doc.push(to_iob2(std::mem::take(&mut sentence)));
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols[0] == "-DOCSTART-" {
            if !sentence.is_empty() {
                doc.push(to_iob2(std::mem::take(&mut sentence)));
            }
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        if cols.len() < 2 {
            return Err(TagError::Conll {
                line: n + 1,
                message: format!("expected at least 2 columns, found {}", cols.len()),
            });
        }
        let ner = cols[cols.len() - 1];
        if ner != "O" && !(ner.starts_with("B-") || ner.starts_with("I-")) {
            return Err(TagError::Conll {
                line: n + 1,
                message: format!("entity tag `{ner}` is not O, B-X or I-X"),
            });
        }
        sentence.push(ConllToken {
            word: cols[0].to_owned(),
            pos: if cols.len() >= 3 { cols[1] } else { "-" }.to_owned(),
            ner: ner.to_owned(),
        });
    }
    if !sentence.is_empty() {
        doc.push(to_iob2(sentence));
    }
    if !doc.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}

/// Rewrites IOB1 tags (an entity may start with `I-`) as IOB2.
fn to_iob2(mut sentence: ConllSentence) -> ConllSentence {
    let mut prev = String::from("O");
    for t in &mut sentence {
        if let Some(kind) = t.ner.strip_prefix("I-") {
            let continues = prev.len() > 2 && &prev[2..] == kind;
            if !continues {
                t.ner = format!("B-{kind}");
            }
        }
        prev.clone_from(&t.ner);
    }
    sentence
}

/// Entity spans of a sentence's IOB2 tags: `(first token, end token, type)`.
pub fn spans(tags: &[&str]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (bound, kind) = match tag.split_once('-') {
            Some((b, k)) => (b, k),
            None => ("O", ""),
        };
        let continues = bound == "I" && open.is_some_and(|(_, k)| k == kind);
        if !continues {
            if let Some((s, k)) = open.take() {
                out.push((s, i, k.to_owned()));
            }
            if bound != "O" {
                open = Some((i, kind));
            }
        }
    }
    if let Some((s, k)) = open {
        out.push((s, tags.len(), k.to_owned()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_documents_sentences_and_iob1() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\n\n\
                    Peter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nX NN O O\n";
        let docs = parse(text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].len(), 2);
        assert_eq!(docs[0][0][0].ner, "B-ORG");
        assert_eq!(docs[0][1][1].ner, "I-PER");
        assert_eq!(docs[0][0][1].pos, "VBZ");
    }

    #[test]
    fn spans_of_tags() {
        let tags = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"];
        assert_eq!(
            spans(&tags),
            vec![
                (0, 2, "PER".into()),
                (3, 4, "LOC".into()),
                (4, 5, "LOC".into()),
                (5, 6, "ORG".into())
            ]
        );
    }

    #[test]
    fn rejects_bad_tags() {
        assert!(parse("x NN B-NP Q\n").is_err());
    }
}
