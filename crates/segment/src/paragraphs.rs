//! Paragraphs: runs of text between blank lines (or other paragraph
//! breaks), trimmed of surrounding whitespace.

use docpipe_core::Span;

/// Appends the paragraphs of `text` to `out`, in order. A paragraph break is
/// a line holding only whitespace, a form feed, or U+2029 PARAGRAPH
/// SEPARATOR. Spans are trimmed and never empty.
pub fn paragraphs(text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut para_start: Option<usize> = None;
    let mut para_end = 0usize;
    // Whether only whitespace was seen since the last line break.
    let mut blank_line = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, len) = if b.is_ascii() {
            (b as char, 1)
        } else {
            match text[i..].chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            }
        };
        match c {
            '\n' => {
                if blank_line {
                    close(&mut para_start, para_end, out);
                }
                blank_line = true;
            }
            '\u{0c}' | '\u{2029}' => {
                close(&mut para_start, para_end, out);
                blank_line = true;
            }
            c if c.is_whitespace() => {}
            _ => {
                if para_start.is_none() {
                    para_start = Some(i);
                }
                para_end = i + len;
                blank_line = false;
            }
        }
        i += len;
    }
    close(&mut para_start, para_end, out);
}

fn close(start: &mut Option<usize>, end: usize, out: &mut Vec<Span>) {
    if let Some(s) = start.take() {
        out.push(Span::new(s, end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        paragraphs(text, &mut out);
        out.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn blank_lines_split() {
        assert_eq!(
            paras("A b.\nC d.\n\n  E f. \r\n \r\nG"),
            ["A b.\nC d.", "E f.", "G"]
        );
        assert_eq!(paras("One\u{2029}Two\u{0c}Three"), ["One", "Two", "Three"]);
        assert!(paras(" \n\n\t").is_empty());
        assert_eq!(paras("Việt Nam"), ["Việt Nam"]);
    }
}
