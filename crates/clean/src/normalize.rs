//! Character-level normalization: line endings, BOM, control and
//! zero-width characters, mojibake, Unicode NFC, whitespace runs and stray
//! spaces before punctuation. Line count is preserved (after line endings
//! are unified), so line numbers stay meaningful for what is removed later.

use crate::mojibake;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Normalizes a whole text; see the module documentation.
pub(crate) fn normalize(text: &str, repair_mojibake: bool) -> String {
    // Printable ASCII with tabs and newlines has nothing for the character
    // steps below to do (no line endings to unify, no mojibake, no
    // invisible characters, already NFC): only spaces are left.
    if is_plain_ascii(text) {
        return normalize_lines(text);
    }
    let mut s = unify_line_endings(text);
    // Each step can expose work for another (a removed zero-width space
    // joins two halves of mojibake, a repair yields a control character),
    // so repeat until nothing changes; every step only shrinks or reorders
    // the text, so this ends quickly (once, almost always).
    for _ in 0..8 {
        let mut changed = false;
        if repair_mojibake {
            while let Some(fixed) = mojibake::repair_once(&s) {
                s = fixed;
                changed = true;
            }
        }
        if let Some(stripped) = strip_invisible(&s) {
            s = stripped;
            changed = true;
        }
        if !s.is_ascii() && is_nfc_quick(s.chars()) != IsNormalized::Yes {
            let nfc: String = s.nfc().collect();
            if nfc != s {
                s = nfc;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    normalize_lines(&s)
}

/// Whether every byte is printable ASCII, a tab or a newline; checked in
/// blocks without early exit, so that it vectorizes.
fn is_plain_ascii(text: &str) -> bool {
    text.as_bytes().chunks(64).all(|block| {
        block.iter().fold(true, |ok, &b| {
            ok & ((0x20..0x7F).contains(&b) | (b == b'\n') | (b == b'\t'))
        })
    })
}

/// Whether a printable-ASCII text (with tabs and newlines) already has
/// normalized spaces: no tab, no space at a line's start or end, before
/// another space, or before `,` or `.`. Checked without early exit, so
/// that it vectorizes.
fn spaces_normalized(s: &str) -> bool {
    let b = s.as_bytes();
    let ends = b.first() != Some(&b' ') && b.last() != Some(&b' ');
    ends && b.chunks(64).enumerate().all(|(k, block)| {
        // Each block with the byte before it, so no pair is missed.
        let from = (k * 64).saturating_sub(1);
        let pairs = &b[from..from + block.len() + usize::from(k > 0)];
        pairs.windows(2).fold(true, |ok, w| {
            let bad = (w[0] == b' ' && matches!(w[1], b' ' | b',' | b'.' | b'\n'))
                | (w[0] == b'\n' && w[1] == b' ')
                | (w[0] == b'\t')
                | (w[1] == b'\t');
            ok & !bad
        })
    })
}

/// Normalizes the spaces of every line.
fn normalize_lines(s: &str) -> String {
    if is_plain_ascii(s) && spaces_normalized(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        normalize_line(line, &mut out);
    }
    out
}

/// `\r\n`, lone `\r`, vertical tab, form feed and the Unicode line and
/// paragraph separators all become `\n`.
fn unify_line_endings(text: &str) -> String {
    let clean = if text.is_ascii() {
        !text.bytes().any(|b| matches!(b, b'\r' | 0x0B | 0x0C))
    } else {
        !text.contains(['\r', '\u{B}', '\u{C}', '\u{2028}', '\u{2029}'])
    };
    if clean {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{B}' | '\u{C}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

/// Whether a character is dropped: BOM, zero-width and bidi marks, soft
/// hyphens, and control characters other than newline and tab.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{AD}'
            | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFD}'
    ) || (c.is_control() && c != '\n' && c != '\t')
}

/// Zero-width joiner and non-joiner: they shape Persian and Indic words
/// and join emoji, so they stay between two such characters; at a word's
/// edge (`Inc.\u{200D} announced\u{200C} today`) they only split tokens
/// and names, and go.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Whether `c` ends or starts a word for [`is_joiner`]: a space, ASCII
/// punctuation, or the text's edge (`None`).
fn is_word_edge(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation())
}

/// Each character of `s` with the ones before and after it, as they
/// stand in the input (so that a joiner beside a removed invisible is
/// judged by what is really next to it).
fn with_neighbours(s: &str) -> impl Iterator<Item = (Option<char>, char, Option<char>)> + '_ {
    let mut prev = None;
    let mut chars = s.chars().peekable();
    std::iter::from_fn(move || {
        let c = chars.next()?;
        let item = (prev, c, chars.peek().copied());
        prev = Some(c);
        Some(item)
    })
}

/// Whether a character goes: an invisible one, or a joiner at a word's
/// edge.
fn is_dropped((prev, c, next): (Option<char>, char, Option<char>)) -> bool {
    is_invisible(c) || (is_joiner(c) && (is_word_edge(prev) || is_word_edge(next)))
}

fn strip_invisible(s: &str) -> Option<String> {
    let visible = if s.is_ascii() {
        // The ASCII invisibles are the control characters.
        !s.bytes()
            .any(|b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F)
    } else {
        // Joiners are rare: only texts that have one pay for the look at
        // their neighbours.
        !s.chars().any(|c| is_invisible(c) || is_joiner(c)) || !with_neighbours(s).any(is_dropped)
    };
    if visible {
        return None;
    }
    Some(
        with_neighbours(s)
            .filter(|&n| !is_dropped(n))
            .map(|(_, c, _)| c)
            .collect(),
    )
}

/// Whether a character counts as a space inside a line.
fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || (c != '\n' && c.is_whitespace())
}

/// Collapses whitespace runs to one space, trims the line, and removes a
/// space between a word and a following `,` or `.` (`Finally ,` →
/// `Finally,`) when the mark ends a word.
fn normalize_line(line: &str, out: &mut String) {
    if line.is_ascii() {
        normalize_ascii_line(line, out);
        return;
    }
    let start = out.len();
    let mut pending_space = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if is_space(c) {
            pending_space = true;
            continue;
        }
        if pending_space {
            let stray = matches!(c, ',' | '.')
                && out[start..]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                && chars
                    .peek()
                    .is_none_or(|&n| is_space(n) || matches!(n, '"' | '”' | '’' | ')'));
            if !stray && out.len() > start {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
}

/// [`normalize_line`] for an ASCII line, token by token: the same result,
/// since an ASCII space is one of `\t`, `\n`..`\r` and ` `, and the
/// character after a mark that opens a token is the token's next one, or a
/// space or the end of the line.
fn normalize_ascii_line(line: &str, out: &mut String) {
    let start = out.len();
    let is_space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b) && b != b'\n';
    let bytes = line.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        if is_space(bytes[pos]) {
            pos += 1;
            continue;
        }
        let begin = pos;
        while pos < bytes.len() && !is_space(bytes[pos]) {
            pos += 1;
        }
        let token = &line[begin..pos];
        if out.len() > start {
            let t = token.as_bytes();
            let stray = matches!(t[0], b',' | b'.')
                && out.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric)
                && t.get(1).is_none_or(|&n| matches!(n, b'"' | b')'));
            if !stray {
                out.push(' ');
            }
        }
        out.push_str(token);
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    fn check(input: &str, expected: &str) {
        assert_eq!(normalize(input, true), expected, "input: {input:?}");
    }

    #[test]
    fn normalizes_characters_and_spaces() {
        check(
            "\u{FEFF}Hello  world\r\nnext\rline",
            "Hello world\nnext\nline",
        );
        check("Finally , it ends .", "Finally, it ends.");
        check("zero\u{200B}width\u{0007}", "zerowidth");
        // Joiners at a word's edge go; inside a word or an emoji they stay.
        check(
            "Apple\u{200B} Inc.\u{200D} announced\u{200C} it",
            "Apple Inc. announced it",
        );
        check("\u{200D}start", "start");
        check("می\u{200C}خواهم", "می\u{200C}خواهم");
        check("👩\u{200D}💻 coder", "👩\u{200D}💻 coder");
        check("  Pham\u{A0}Binh\u{A0}Minh  ", "Pham Binh Minh");
        check("Cafe\u{301}", "Café");
        check("“typographic” ‘quotes’", "“typographic” ‘quotes’");
        check("Vietnamâ€™s cafÃ©", "Vietnam’s café");
        check("a . , b", "a. , b");
        check("version .NET and 3 .5", "version .NET and 3 .5");
    }

    #[test]
    fn fast_path_agrees() {
        for s in [
            "a b\nc d.",
            "a  b",
            "a\tb",
            " a",
            "a ",
            "a\n b",
            "a \nb",
            "x ,y",
            "x .5",
            "Finally , it",
            "",
            "\n\n",
        ] {
            let mut slow = String::new();
            for (i, line) in s.split('\n').enumerate() {
                if i > 0 {
                    slow.push('\n');
                }
                super::normalize_line(line, &mut slow);
            }
            assert_eq!(super::normalize_lines(s), slow, "{s:?}");
        }
    }

    #[test]
    fn keeps_line_count() {
        let s = "a\n\n  \nb\r\n\r\nc";
        assert_eq!(normalize(s, true).split('\n').count(), 6);
    }
}
