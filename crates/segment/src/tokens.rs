//! The tokenizer: Penn Treebank-style tokens with byte offsets.
//!
//! Text is cut at whitespace into chunks; each chunk is then split into
//! words, numbers and punctuation. Words keep internal hyphens and periods
//! (`self-reliant`, `U.S`, `amazon.com`); numbers keep their separators
//! (`4.5`, `1,000`, `8/8/2023`, `10:30`); contractions and possessives are
//! split the Penn way (`do|n't`, `ASEAN|'s`); known abbreviations and
//! initials keep their final period (`Mr.`, `U.S.`, `J.`); URLs and e-mail
//! addresses stay whole. Every non-whitespace character ends up in exactly
//! one token.

use crate::abbreviations::{AbbrevClass, Abbreviations};

/// What a token is, as far as sentence splitting cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A word (starts with a letter).
    Word,
    /// A number, possibly with letters after it (`4.5`, `30th`).
    Number,
    /// A known abbreviation with its period (`Mr.`, `Inc.`, `U.S.`).
    Abbrev(AbbrevClass),
    /// A single capital letter with its period (`J.`).
    Initial,
    /// Sentence-final punctuation (`.`, `?!`, `...`, `…`).
    Terminal,
    /// An opening bracket or quote (`(`, `“`).
    Opener,
    /// A closing bracket or quote (`)`, `”`).
    Closer,
    /// A quote that may open or close (`"`, `'`).
    Quote,
    /// A clitic split off a word (`n't`, `'s`).
    Clitic,
    /// Any other punctuation or symbol.
    Punct,
    /// A URL or an e-mail address.
    Link,
}

/// A token with its kind, in byte offsets into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
}

/// Whether `c` is whitespace between tokens.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Whether `c` belongs inside a word: letters, digits and combining marks.
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_mark(c)
    }
}

/// Combining marks (decomposed accents), which belong to the letter before.
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200C | 0x200D)
}

/// The char starting at byte `i` of `text` (`None` at the end).
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// The char ending at byte `i` of `text` (`None` at the start).
#[inline]
fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

/// The tokenizer's settings.
#[derive(Debug, Clone, Copy)]
pub struct Tokenizer<'a> {
    /// The abbreviation table.
    pub abbr: &'a Abbreviations,
    /// Split contractions and possessives (`do|n't`, `ASEAN|'s`).
    pub split_contractions: bool,
    /// Split hyphenated compounds (`self|-|reliant`).
    pub split_hyphens: bool,
}

impl Tokenizer<'_> {
    /// Splits `text[start..end]` into tokens, appending them to `out`.
    pub fn tokenize(&self, text: &str, start: usize, end: usize, out: &mut Vec<Tok>) {
        let bytes = text.as_bytes();
        let mut i = start;
        while i < end {
            // Skip whitespace.
            let b = bytes[i];
            if b.is_ascii() {
                if b.is_ascii_whitespace() || b == 0x0b {
                    i += 1;
                    continue;
                }
            } else if let Some(c) = char_at(text, i)
                && is_space(c)
            {
                i += c.len_utf8();
                continue;
            }
            // The chunk runs to the next whitespace.
            let mut j = i;
            while j < end {
                let b = bytes[j];
                if b.is_ascii() {
                    if b.is_ascii_whitespace() || b == 0x0b {
                        break;
                    }
                    j += 1;
                } else {
                    match char_at(text, j) {
                        Some(c) if is_space(c) => break,
                        Some(c) => j += c.len_utf8(),
                        None => break,
                    }
                }
            }
            Chunker {
                text,
                end,
                abbr: self.abbr,
                split_contractions: self.split_contractions,
                split_hyphens: self.split_hyphens,
                out: &mut *out,
            }
            .chunk(i, j);
            i = j;
        }
    }
}

/// Splits one whitespace-free chunk.
struct Chunker<'a, 'o> {
    text: &'a str,
    /// End of the region being tokenized (for look-ahead past the chunk).
    end: usize,
    abbr: &'a Abbreviations,
    split_contractions: bool,
    split_hyphens: bool,
    out: &'o mut Vec<Tok>,
}

impl Chunker<'_, '_> {
    fn push(&mut self, start: usize, end: usize, kind: Kind) {
        if start < end {
            self.out.push(Tok { start, end, kind });
        }
    }

    fn chunk(&mut self, s: usize, e: usize) {
        if let Some((a, b)) = link_in(&self.text[s..e]) {
            self.general(s, s + a);
            self.push(s + a, s + b, Kind::Link);
            self.general(s + b, e);
        } else {
            self.general(s, e);
        }
    }

    /// Tokenizes `[s, e)`, which holds no whitespace and no link.
    fn general(&mut self, s: usize, e: usize) {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = s;
        while i < e {
            let Some(c) = char_at(text, i) else { return };
            if is_word_char(c) {
                i = self.word(i, e);
                continue;
            }
            let len = c.len_utf8();
            match c {
                '.' => {
                    let run = run_of(bytes, i, e, |b| b == b'.');
                    let next_digit = char_at(text, i + 1).is_some_and(|n| n.is_ascii_digit());
                    let prev_word = char_before(text, i).is_some_and(is_word_char);
                    if run == 1 && next_digit && !prev_word {
                        // `.5`: a number.
                        i = self.word(i, e);
                    } else {
                        self.push(i, i + run, Kind::Terminal);
                        i += run;
                    }
                }
                '!' | '?' => {
                    let run = run_of(bytes, i, e, |b| b == b'!' || b == b'?');
                    self.push(i, i + run, Kind::Terminal);
                    i += run;
                }
                '…' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？' => {
                    self.push(i, i + len, Kind::Terminal);
                    i += len;
                }
                '-' | '=' | '*' | '_' | '~' | '+' | '<' | '>' | '$' | '#' | '^' => {
                    // `--`, `====`, `<<`, `$$$`: a run of symbols is one token.
                    let run = run_of(bytes, i, e, |b| b"-=*_~+<>$#^".contains(&b));
                    let hashtag = c == '#'
                        && run == 1
                        && char_at(text, i + 1).is_some_and(char::is_alphabetic);
                    if hashtag {
                        let n = self.out.len();
                        let end = self.word(i + 1, e);
                        match self.out.get_mut(n) {
                            Some(t) if t.start == i + 1 => t.start = i,
                            _ => self.out.insert(
                                n,
                                Tok {
                                    start: i,
                                    end: i + 1,
                                    kind: Kind::Punct,
                                },
                            ),
                        }
                        i = end;
                    } else {
                        self.push(i, i + run, Kind::Punct);
                        i += run;
                    }
                }
                ':' | ';' if emoticon_len(&bytes[i..e]) > 0 => {
                    // An emoticon may end a sentence like `!`.
                    let n = emoticon_len(&bytes[i..e]);
                    self.push(i, i + n, Kind::Terminal);
                    i += n;
                }
                '`' => {
                    let run = run_of(bytes, i, e, |b| b == b'`');
                    self.push(i, i + run, Kind::Opener);
                    i += run;
                }
                '\'' | '’' => {
                    let k = clitic_end(text, i + len, e);
                    if let Some(k) = k {
                        self.push(i, k, Kind::Clitic);
                        i = k;
                    } else {
                        self.push(i, i + len, Kind::Quote);
                        i += len;
                    }
                }
                '"' => {
                    self.push(i, i + 1, Kind::Quote);
                    i += 1;
                }
                '(' | '[' | '{' | '“' | '‘' | '«' | '‹' | '„' | '¿' | '¡' => {
                    self.push(i, i + len, Kind::Opener);
                    i += len;
                }
                ')' | ']' | '}' | '”' | '»' | '›' => {
                    self.push(i, i + len, Kind::Closer);
                    i += len;
                }
                _ => {
                    self.push(i, i + len, Kind::Punct);
                    i += len;
                }
            }
        }
    }

    /// Scans the word or number starting at `i`, pushes its tokens and
    /// returns where scanning resumes.
    fn word(&mut self, i: usize, e: usize) -> usize {
        let text = self.text;
        let mut j = i;
        let mut first_dot: Option<usize> = None;
        while j < e {
            let Some(c) = char_at(text, j) else { break };
            if is_word_char(c) {
                j += c.len_utf8();
                continue;
            }
            if j == i {
                // A leading `.` of `.5`.
                j += c.len_utf8();
                continue;
            }
            let len = c.len_utf8();
            let next = if j + len < e {
                char_at(text, j + len)
            } else {
                None
            };
            let prev = char_before(text, j);
            let joins = match c {
                '-' => !self.split_hyphens && next.is_some_and(is_word_char),
                '_' => next.is_some_and(is_word_char),
                '.' => next.is_some_and(is_word_char),
                ',' => {
                    prev.is_some_and(|p| p.is_ascii_digit())
                        && thousands_group(text.as_bytes(), j + 1, e)
                }
                ':' => {
                    prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|n| n.is_ascii_digit())
                }
                '/' => {
                    let digits = prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|n| n.is_ascii_digit());
                    // `b/c`, `w/o`: single letters around the slash.
                    let letters = j == i + 1
                        && next.is_some_and(|n| n.is_ascii_alphabetic())
                        && char_at(text, j + 2).is_none_or(|a| !is_word_char(a));
                    digits || letters
                }
                '&' => {
                    prev.is_some_and(|p| p.is_ascii_uppercase())
                        && next.is_some_and(|n| n.is_ascii_uppercase())
                }
                '\'' | '’' => {
                    if self.split_contractions && clitic_end(text, j + len, e).is_some() {
                        false
                    } else {
                        next.is_some_and(char::is_alphabetic)
                    }
                }
                _ => false,
            };
            if !joins {
                break;
            }
            if c == '.' && first_dot.is_none() {
                first_dot = Some(j);
            }
            j += len;
        }
        // `No.59`: an abbreviation glued to a number.
        if let Some(d) = first_dot
            && char_at(text, d + 1).is_some_and(|n| n.is_ascii_digit())
            && matches!(
                self.abbr.class(&text[i..d]),
                Some(AbbrevClass::Number | AbbrevClass::Title)
            )
        {
            self.push(i, d + 1, Kind::Abbrev(AbbrevClass::Number));
            return d + 1;
        }
        // Contraction `n't`: the `n` goes with the clitic.
        if j < e
            && self.split_contractions
            && let Some(c) = char_at(text, j)
            && (c == '\'' || c == '’')
            && let Some(k) = clitic_end(text, j + c.len_utf8(), e)
        {
            let clitic = &text[j + c.len_utf8()..k];
            let n_before = j > i + 1 && matches!(char_before(text, j), Some('n' | 'N'));
            if clitic.eq_ignore_ascii_case("t") && n_before {
                self.push_word(i, j - 1);
                self.push(j - 1, k, Kind::Clitic);
                return k;
            }
            self.push_word(i, j);
            self.push(j, k, Kind::Clitic);
            return k;
        }
        // A final period that belongs to an abbreviation or an initial.
        if j < e
            && text.as_bytes()[j] == b'.'
            && !(j + 1 < e && text.as_bytes()[j + 1] == b'.')
            && let Some(kind) = self.abbrev_kind(i, j)
        {
            self.push(i, j + 1, kind);
            return j + 1;
        }
        self.push_word(i, j);
        j
    }

    fn push_word(&mut self, i: usize, j: usize) {
        let kind = match char_at(self.text, i) {
            Some(c) if c.is_ascii_digit() || c == '.' => Kind::Number,
            Some(c) if c.is_numeric() => Kind::Number,
            _ => Kind::Word,
        };
        self.push(i, j, kind);
    }

    /// The kind of `text[i..j]` + `.` if that period belongs to the word.
    fn abbrev_kind(&self, i: usize, j: usize) -> Option<Kind> {
        let word = &self.text[i..j];
        match self.abbr.class(word) {
            Some(AbbrevClass::Number) => {
                let rest = self.text.get(j + 1..self.end).unwrap_or("");
                let next = rest.trim_start().chars().next();
                if next.is_some_and(|n| n.is_ascii_digit()) {
                    return Some(Kind::Abbrev(AbbrevClass::Number));
                }
                // Not before a number it is no abbreviation, but it may
                // still be an initial: `P` (from `p.`) in `P. Simmons`.
            }
            Some(AbbrevClass::Unit) => {
                // `12 pct. Sales`, `12 pct."`, `12 pct.` at the end: the
                // period ends the sentence, and is a token of its own as any
                // sentence's final period. Only a lower-case word after it
                // (`5 pct. in May`) shows an abbreviation's period.
                let rest = self.text.get(j + 1..self.end).unwrap_or("");
                let next = rest.trim_start_matches([' ', '\t', '\n', '\r']);
                let spaced = next.len() < rest.len();
                if !(spaced && next.starts_with(char::is_lowercase)) {
                    return None;
                }
                return Some(Kind::Abbrev(AbbrevClass::Common));
            }
            Some(class) => return Some(Kind::Abbrev(class)),
            None => {}
        }
        let mut chars = word.chars();
        let first = chars.next()?;
        if chars.next().is_none() {
            return first.is_uppercase().then_some(Kind::Initial);
        }
        // Dotted letters: `U.S`, `e.g`, `Ph.D`.
        let dotted = word.contains('.')
            && word.split('.').all(|seg| {
                !seg.is_empty() && seg.chars().count() <= 2 && seg.chars().all(char::is_alphabetic)
            });
        dotted.then_some(Kind::Abbrev(AbbrevClass::Common))
    }
}

/// The length of an emoticon (`:)`, `:-(`, `;D`) at the start of `b`
/// when it ends the chunk or is followed by punctuation, else 0.
fn emoticon_len(b: &[u8]) -> usize {
    let nose = usize::from(b.get(1) == Some(&b'-'));
    let Some(&mouth) = b.get(1 + nose) else {
        return 0;
    };
    let n = 2 + nose;
    let mouth_ok = matches!(
        mouth,
        b')' | b'(' | b'D' | b'P' | b'p' | b'/' | b'|' | b']' | b'[' | b'O' | b'o'
    );
    let ends = b.get(n).is_none_or(|x| !x.is_ascii_alphanumeric());
    if mouth_ok && ends { n } else { 0 }
}

/// Length of the run of bytes from `i` matching `f`, within `e`.
#[inline]
fn run_of(bytes: &[u8], i: usize, e: usize, f: impl Fn(u8) -> bool) -> usize {
    bytes[i..e].iter().take_while(|&&b| f(b)).count()
}

/// Whether `bytes[i..]` holds exactly three digits then a non-digit.
#[inline]
fn thousands_group(bytes: &[u8], i: usize, e: usize) -> bool {
    i + 3 <= e
        && bytes[i..i + 3].iter().all(u8::is_ascii_digit)
        && (i + 3 == e || !bytes[i + 3].is_ascii_digit())
}

/// If a clitic (`s`, `re`, `ve`, `ll`, `d`, `m`, `t`) starts at byte `i`
/// (just after an apostrophe) and ends the word, the byte where it ends.
fn clitic_end(text: &str, i: usize, e: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut k = i;
    while k < e && k < i + 2 && bytes[k].is_ascii_alphabetic() {
        k += 1;
    }
    if k == i || (k < e && char_at(text, k).is_some_and(is_word_char)) {
        return None;
    }
    let s = &text[i..k];
    let known = ["s", "re", "ve", "ll", "d", "m", "t"];
    known.iter().any(|c| s.eq_ignore_ascii_case(c)).then_some(k)
}

/// The byte range of a URL or e-mail address inside a chunk, without the
/// punctuation around it: one that opens the chunk, or one in angle
/// brackets glued to a name (`"Ryan Reynolds"<ryan@example.ca>`).
fn link_in(chunk: &str) -> Option<(usize, usize)> {
    // Every link has a `.` (in its host) or a `:` (after its scheme); most
    // chunks have neither, and this is asked of every one.
    if !chunk.bytes().any(|b| b == b'.' || b == b':') {
        return None;
    }
    link_at_start(chunk).or_else(|| {
        let open = chunk.rfind('<').filter(|&i| i > 0)?;
        let (a, b) = link_at_start(&chunk[open..])?;
        Some((open + a, open + b))
    })
}

/// The byte range of a URL or e-mail address that opens a chunk (after
/// opening brackets and quotes), without the punctuation around it.
fn link_at_start(chunk: &str) -> Option<(usize, usize)> {
    let a = chunk.len()
        - chunk
            .trim_start_matches(['(', '[', '{', '<', '"', '\'', '“', '‘', '«'])
            .len();
    let core = &chunk[a..];
    let url = is_web_address(core);
    let email = !url && is_email(core);
    if !url && !email {
        return None;
    }
    let trimmed = core.trim_end_matches([
        '.', ',', ';', ':', '!', '?', ')', ']', '}', '>', '"', '\'', '”', '’', '»',
    ]);
    // Keep a closing bracket that has its opening one inside the URL.
    let mut b = a + trimmed.len();
    if url && chunk[b..].starts_with(')') && trimmed.contains('(') {
        b += 1;
    }
    (b > a).then_some((a, b))
}

/// Whether `s` starts as a web address does (`http://`, `https://`,
/// `ftp://`, `www.`, in any case): a link that is no e-mail address.
pub(crate) fn is_web_address(s: &str) -> bool {
    ["http://", "https://", "ftp://", "www."]
        .iter()
        .any(|p| s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
}

/// Whether `s` (maybe with trailing punctuation) looks like `user@host.tld`.
fn is_email(s: &str) -> bool {
    let Some(at) = s.find('@') else { return false };
    let (user, host) = (&s[..at], &s[at + 1..]);
    let host = host.trim_end_matches(|c: char| !c.is_alphanumeric());
    !user.is_empty()
        && user
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-".contains(c))
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        && !host.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let abbr = Abbreviations::built_in();
        let mut out = Vec::new();
        let tokenizer = Tokenizer {
            abbr: &abbr,
            split_contractions: true,
            split_hyphens: false,
        };
        tokenizer.tokenize(text, 0, text.len(), &mut out);
        out.iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[track_caller]
    fn check(text: &str, expected: &str) {
        assert_eq!(toks(text).join("|"), expected, "tokens of {text:?}");
    }

    #[test]
    fn words_and_punctuation() {
        check("Hello, world!", "Hello|,|world|!");
        check("(PLO)-In 2023", "(|PLO|)|-|In|2023");
        check(
            "a self-reliant, people-centered ASEAN",
            "a|self-reliant|,|people-centered|ASEAN",
        );
        check("and/or", "and|/|or");
        check("b/c w/o it", "b/c|w/o|it");
        check("==---- <<>> $$$ ** #tag", "==----|<<>>|$$$|**|#tag");
        check("great :-) really :)", "great|:-)|really|:)");
        check("note: Do", "note|:|Do");
        check("AT&T", "AT&T");
    }

    #[test]
    fn numbers_keep_their_punctuation() {
        check("4.5 per cent", "4.5|per|cent");
        check("$1.13bn", "$|1.13bn");
        check("1,000 people on 30th", "1,000|people|on|30th");
        check("on 8/8/2023 at 10:30.", "on|8/8/2023|at|10:30|.");
        check("1,2 and 1,0000", "1|,|2|and|1|,|0000");
        check("50%", "50|%");
        check(".5 mm", ".5|mm");
    }

    #[test]
    fn contractions_and_possessives() {
        check("I don't know", "I|do|n't|know");
        check("ASEAN's role", "ASEAN|'s|role");
        check("Vietnam’s role", "Vietnam|’s|role");
        check(
            "we'll, you're, I'm, they've, he'd",
            "we|'ll|,|you|'re|,|I|'m|,|they|'ve|,|he|'d",
        );
        check("can't won't", "ca|n't|wo|n't");
        check("the students' books", "the|students|'|books");
        check("O'Neill", "O'Neill");
        check("'s", "'s");
    }

    #[test]
    fn abbreviations_and_initials() {
        check("Mr. Smith and Dr. Who", "Mr.|Smith|and|Dr.|Who");
        check("the U.S. and U.K.", "the|U.S.|and|U.K.");
        check("at 9 a.m. today", "at|9|a.m.|today");
        check("J. R. R. Tolkien", "J.|R.|R.|Tolkien");
        check("No.59 and No. 60", "No.|59|and|No.|60");
        check("I said no.", "I|said|no|.");
        check("Acme Inc.", "Acme|Inc.");
        check("the end.", "the|end|.");
    }

    #[test]
    fn ellipses_and_terminals() {
        check("Wait... what?!", "Wait|...|what|?!");
        check("So…", "So|…");
        check("\"Yes.\"", "\"|Yes|.|\"");
        check("a -- b", "a|--|b");
    }

    #[test]
    fn links_stay_whole() {
        check(
            "see https://example.com/a?b=1.",
            "see|https://example.com/a?b=1|.",
        );
        check("(www.vn.org)", "(|www.vn.org|)");
        check(
            "mail jane.doe@mail.example.com,",
            "mail|jane.doe@mail.example.com|,",
        );
        check("amazon.com", "amazon.com");
        // An address in angle brackets glued to its owner's name, with the
        // dots of an address hidden by a newsgroup archive.
        check(
            "Email: \"Julie\"<julie...@bellsouth.net> Groups:",
            "Email|:|\"|Julie|\"|<|julie...@bellsouth.net|>|Groups|:",
        );
        check("a<b", "a|<|b");
    }

    #[test]
    fn non_ascii() {
        check("Đỗ Hùng Việt nói.", "Đỗ|Hùng|Việt|nói|.");
        check("Vie\u{0302}t Nam", "Vie\u{0302}t|Nam");
        check("北京。", "北京|。");
    }
}
