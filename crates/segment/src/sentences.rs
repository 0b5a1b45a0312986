//! The sentence splitter: decides, between consecutive tokens of one
//! paragraph, where a sentence ends.
//!
//! A sentence ends after terminal punctuation (with the closing quotes and
//! brackets glued to it) when the next token can start a sentence; after an
//! abbreviation that may end a sentence only when a function word such as
//! `The` follows; and at a line break when the next line starts a new
//! sentence (headlines, subheads, list items) and the text is not
//! hard-wrapped prose. Web text also ends sentences without punctuation:
//! after a sign-off comma, an e-mail header's sender or time, a link
//! before a capitalized word or another web address, and at a rule of
//! symbols (`=====`) that parts a message.

use crate::abbreviations::{AbbrevClass, Abbreviations};
use crate::tokens::{Kind, Tok, is_web_address};
use docpipe_core::Span;

/// Splits the tokens of one paragraph into sentences, appended to `out`.
pub struct SentenceSplitter<'a> {
    /// The abbreviation table.
    pub abbr: &'a Abbreviations,
    /// Whether a line break may end a sentence.
    pub line_breaks: bool,
}

impl SentenceSplitter<'_> {
    /// Splits `toks` (the tokens of one paragraph of `text`) into sentences.
    pub fn split(&self, text: &str, toks: &[Tok], out: &mut Vec<Span>) {
        let Some(first) = toks.first() else { return };
        let wrapped =
            self.line_breaks && is_hard_wrapped(text, first.start, toks[toks.len() - 1].end);
        let mut start = first.start;
        let mut i = 0;
        while i < toks.len() {
            let (last, boundary) = self.boundary_after(text, toks, i, wrapped, start);
            if boundary && last + 1 < toks.len() {
                out.push(Span::new(start, toks[last].end));
                start = toks[last + 1].start;
            }
            i = last + 1;
        }
        out.push(Span::new(start, toks[toks.len() - 1].end));
    }

    /// Whether a sentence ends after token `i`; returns the index of the
    /// sentence's last token (closing quotes and brackets glued to a
    /// terminal are taken along) and the decision.
    fn boundary_after(
        &self,
        text: &str,
        toks: &[Tok],
        i: usize,
        wrapped: bool,
        sentence_start: usize,
    ) -> (usize, bool) {
        let tok = toks[i];
        let Some(&next) = toks.get(i + 1) else {
            return (i, true);
        };
        match tok.kind {
            Kind::Terminal => {
                let last = glued_closers(toks, i);
                let Some(&next) = toks.get(last + 1) else {
                    return (last, true);
                };
                if self.is_list_number(text, toks, i) {
                    return (last, false);
                }
                // After a bare period (abbreviations keep theirs), even a
                // lowercase word starts a sentence, unless the word before
                // looks like an unknown abbreviation (`Dept. of`).
                let word = &text[tok.start..tok.end];
                let strong = if word == "." {
                    let prev = toks[i.saturating_sub(1)];
                    i == 0
                        || prev.start == sentence_start
                        || !looks_abbreviated(&text[prev.start..prev.end])
                } else {
                    // `?`, `!?`; an ellipsis goes on before a lowercase word.
                    word.contains(['!', '?', '！', '？', '‼', '⁇', '⁈', '⁉', '。'])
                };
                (
                    last,
                    starts_sentence(text, next, strong)
                        || self.line_break(text, toks, last, wrapped),
                )
            }
            Kind::Abbrev(AbbrevClass::Common) | Kind::Initial => {
                // `(at 220 Michigan Ave.) Does`: closers glued to it go along.
                let last = glued_closers(toks, i);
                let Some(&next) = toks.get(last + 1) else {
                    return (last, true);
                };
                let next_word = &text[next.start..next.end];
                let starter = self.abbr.is_starter(next_word);
                if starter || last > i {
                    return (last, starter || self.line_break(text, toks, last, wrapped));
                }
                // `S and P.`, `A & P.`: a letter after `and` ends a name made
                // of letters, no person's initial; it ends a sentence as a
                // period does before a capital.
                if tok.kind == Kind::Initial && ends_letter_pair(text, toks, i) {
                    let ends = starts_sentence(text, next, false)
                        || self.line_break(text, toks, i, wrapped);
                    return (i, ends);
                }
                (i, self.line_break(text, toks, i, wrapped))
            }
            _ => (
                i,
                self.soft_end(text, toks, i, next) || self.line_break(text, toks, i, wrapped),
            ),
        }
    }

    /// Ends without terminal punctuation: a sign-off comma (`Regards,`)
    /// before a name, a time stamp (`08:02 PM`) ending an e-mail header
    /// before a function word (`I`, `On`), a sender's name or address
    /// before the date and time of an e-mail header (`Kay Mann 04/26/2001
    /// 07:17 AM`), and a link before a capitalized word or a web address.
    fn soft_end(&self, text: &str, toks: &[Tok], i: usize, next: Tok) -> bool {
        let word = &text[toks[i].start..toks[i].end];
        let next_word = &text[next.start..next.end];
        let capital_next = || next.kind == Kind::Word && next_word.starts_with(char::is_uppercase);
        // Web text ends a signature line or an item of a list of links
        // without a period (`franz@gmail.com Site made!`, one web address
        // after another). E-mail addresses in a row are one list (`a@x.edu
        // b@y.edu`), and a link before a lowercase word goes on (`mail
        // a@x.com or call`). A sender's address before a date is left to the
        // e-mail header test below.
        if toks[i].kind == Kind::Link
            && (capital_next() || (next.kind == Kind::Link && is_web_address(next_word)))
        {
            return true;
        }
        // A rule of symbols (`*****`, `=====`, `_____`) parts a message: a
        // long one ends what goes before it, and a rule ends itself before
        // anything but a lowercase word. Short runs of hyphens are dashes
        // (`CPS --- do`) and the empty cells of news tables (`Sep --- ---
        // 15985`), so hyphens make a rule from five on. A rule glued to a
        // word frames it (`*****NOTICE*****`).
        let spaced = toks[i].end < next.start;
        if spaced
            && (rule_length(next_word) >= 5
                || (is_rule(word) && !next_word.starts_with(char::is_lowercase)))
        {
            return true;
        }
        // An e-mail header's date and time (`08/16/2000 03:48 PM`) ends
        // its line: what follows is the next header or the message. A
        // lowercase word goes on the line (`on 08/16/2000 03:14 PM as
        // planned`) unless a sender stands before the date (`Christa
        // Winfrey 08/08/2000 11:36 AM have you heard`).
        if let Some(date) = ends_date_time(text, toks, i)
            && stamp_is_followed_by_text(next, next_word)
            && (!next_word.starts_with(char::is_lowercase)
                || date
                    .checked_sub(1)
                    .is_some_and(|k| self.is_sender(&text[toks[k].start..toks[k].end])))
        {
            return true;
        }
        let starter = || self.abbr.is_starter(next_word);
        match word {
            "," => {
                let prev = if i > 0 {
                    &text[toks[i - 1].start..toks[i - 1].end]
                } else {
                    ""
                };
                let sign_off = matches!(
                    prev,
                    "regards" | "Regards" | "Sincerely" | "Cheers" | "Thanks" | "wishes"
                );
                sign_off && next_word.chars().next().is_some_and(char::is_uppercase)
            }
            "AM" | "PM" | "a.m." | "p.m." => {
                let after_time = i > 0 && text[toks[i - 1].start..toks[i - 1].end].contains(':');
                after_time && starter()
            }
            // Most words are followed by no date: that test goes first.
            _ if is_numeric_date(next_word) => {
                // `On 04/26/2001 07:17 AM, Kay Mann wrote:` and `Thursday
                // 04/26/2001` are dates in a sentence, not after a sender.
                let sender = self.is_sender(word);
                let time_after = toks
                    .get(i + 2)
                    .is_some_and(|t| is_clock_time(&text[t.start..t.end]));
                sender && time_after
            }
            // `"Julie"<julie@example.net> Groups:`: an address in angle
            // brackets ends a header line as a bare one does.
            ">" if i > 0 && toks[i - 1].kind == Kind::Link => capital_next(),
            _ => false,
        }
    }

    /// Whether a word before a date may end the sender of an e-mail
    /// header (`Kay Mann`, `kay@enron.com`, `<kay@enron.com>`): not a
    /// function word (`On`) nor a day or month (`Thursday`), after which
    /// the date belongs to the sentence.
    fn is_sender(&self, word: &str) -> bool {
        let capitalized_name = word.starts_with(char::is_uppercase)
            && !self.abbr.is_starter(word)
            && !is_day_or_month(word);
        capitalized_name || word.contains('@') || word == ">"
    }

    /// Whether token `i` (a `.`) ends a list number at the start of a line
    /// (`1.`, `a.`).
    fn is_list_number(&self, text: &str, toks: &[Tok], i: usize) -> bool {
        if i == 0 || &text[toks[i].start..toks[i].end] != "." {
            return false;
        }
        let prev = toks[i - 1];
        let short_number =
            prev.kind == Kind::Number && prev.end - prev.start <= 3 || prev.end - prev.start == 1;
        short_number && prev.end == toks[i].start && line_start(text, toks, i - 1)
    }

    /// Whether a line break between token `i` and the next ends a sentence.
    fn line_break(&self, text: &str, toks: &[Tok], i: usize, wrapped: bool) -> bool {
        if !self.line_breaks || wrapped {
            return false;
        }
        let Some(&next) = toks.get(i + 1) else {
            return true;
        };
        let gap = &text[toks[i].end..next.start];
        if !gap.contains(['\n', '\r', '\u{2028}', '\u{85}']) {
            return false;
        }
        // A line ending in a comma or a hyphen goes on.
        let prev = &text[toks[i].start..toks[i].end];
        if matches!(prev, "," | ";" | "-" | "&") {
            return false;
        }
        starts_sentence(text, next, true)
    }
}

/// Names of the days and months, in full and shortened, that open a date.
const DAYS_AND_MONTHS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Mon",
    "Tue",
    "Wed",
    "Thu",
    "Fri",
    "Sat",
    "Sun",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

/// Whether a word names a day or a month (`Thursday`, `Aug`).
fn is_day_or_month(word: &str) -> bool {
    DAYS_AND_MONTHS.contains(&word.trim_end_matches([',', '.']))
}

/// Whether a word is a date written with slashes (`04/26/2001`, `10/08/99`).
fn is_numeric_date(word: &str) -> bool {
    let digits =
        |p: &str, lens: &[usize]| lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let mut parts = word.split('/');
    let (Some(month), Some(day), Some(year), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    digits(month, &[1, 2]) && digits(day, &[1, 2]) && digits(year, &[2, 4])
}

/// Time zones written after a clock time (`03:48 PM EST`).
const TIME_ZONES: &[&str] = &[
    "GMT", "UTC", "UT", "Z", "EST", "EDT", "ET", "CST", "CDT", "CT", "MST", "MDT", "MT", "PST",
    "PDT", "PT", "BST", "CET", "CEST", "EET", "EEST", "WET", "IST", "JST", "KST", "HKT", "SGT",
    "ICT", "AEST", "AEDT",
];

/// If token `i` ends a date and clock time written with digits, as e-mail
/// headers and log lines have them (`08/16/2000 03:48 PM`, `04/25/01
/// 12:42:55`, `3/9/2005 11:16:00 PM EST`), the index of the date's token.
/// A date in words or a time alone (`at 3:30 PM Tuesday`) is not one.
fn ends_date_time(text: &str, toks: &[Tok], i: usize) -> Option<usize> {
    // Cheap first: the stamp ends in a clock time (which has a colon), an
    // `AM`/`p.m.` or a zone, all short; most tokens are none of these.
    let word = |k: usize| &text[toks[k].start..toks[k].end];
    let w = word(i);
    let clock = w.len() <= 8 && w.contains(':');
    let marker = w.len() <= 4
        && (w.bytes().any(|b| b.is_ascii_uppercase() || b == b'.') || w == "am" || w == "pm");
    if !(clock || marker) {
        return None;
    }
    let mut k = i;
    if TIME_ZONES.contains(&word(k)) {
        k = k.checked_sub(1)?;
    }
    if is_meridiem(word(k)) {
        k = k.checked_sub(1)?;
    }
    let date = k.checked_sub(1)?;
    (is_clock_time(word(k)) && is_numeric_date(word(date))).then_some(date)
}

/// Whether the token after a date and time is text that goes on after the
/// stamp's line (a name, an address, the message), not more of the stamp
/// (`PM`, a zone) nor a phrase the stamp belongs to (`08/16/2000 09:00 AM
/// to 5:00 PM`, `…, said`).
fn stamp_is_followed_by_text(next: Tok, next_word: &str) -> bool {
    if is_meridiem(next_word) || TIME_ZONES.contains(&next_word) {
        return false;
    }
    match next.kind {
        Kind::Word | Kind::Link | Kind::Quote | Kind::Opener => !matches!(
            next_word,
            "to" | "and"
                | "or"
                | "until"
                | "till"
                | "through"
                | "thru"
                | "by"
                | "in"
                | "at"
                | "on"
                | "for"
                | "from"
        ),
        Kind::Abbrev(_) | Kind::Initial => true,
        _ => false,
    }
}

/// `AM`, `p.m.` and their other spellings after a clock time.
fn is_meridiem(word: &str) -> bool {
    matches!(word, "AM" | "PM" | "am" | "pm" | "a.m." | "p.m.")
}

/// Whether a word is a clock time (`07:17`, `03:14:14`).
fn is_clock_time(word: &str) -> bool {
    let two_digits = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
    let mut parts = word.split(':');
    let hour = parts.next().unwrap_or("");
    let (Some(minutes), seconds, None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    (1..=2).contains(&hour.len())
        && hour.bytes().all(|b| b.is_ascii_digit())
        && two_digits(minutes)
        && seconds.is_none_or(two_digits)
}

/// Whether the initial at token `i` ends a name made of two letters
/// joined by `and` or `&`, the first without a period (`S and P.`, `A &
/// P.`; not `S. and A. Truck Tire Sales`, a name that goes on).
fn ends_letter_pair(text: &str, toks: &[Tok], i: usize) -> bool {
    let word = |k: usize| &text[toks[k].start..toks[k].end];
    let letter = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.next().is_none()
    };
    i >= 2 && matches!(word(i - 1), "and" | "&") && letter(word(i - 2))
}

/// The index of the last closing quote or bracket glued after token `i`
/// (`i` itself when there is none).
fn glued_closers(toks: &[Tok], i: usize) -> usize {
    let mut last = i;
    while let Some(&t) = toks.get(last + 1) {
        if t.start == toks[last].end && matches!(t.kind, Kind::Closer | Kind::Quote) {
            last += 1;
        } else {
            break;
        }
    }
    last
}

/// The length of a rule of one symbol repeated (`*****`, `=====`,
/// `_____`, `-----`), or 0 for any other word.
fn rule_length(word: &str) -> usize {
    let bytes = word.as_bytes();
    match bytes.first() {
        Some(&b) if b"*=_~#-".contains(&b) && bytes.iter().all(|&c| c == b) => bytes.len(),
        _ => 0,
    }
}

/// Whether a word is a rule that parts a message: three or more of `*`,
/// `=`, `_`, `~` or `#`, or five or more hyphens.
fn is_rule(word: &str) -> bool {
    let n = rule_length(word);
    n >= 5 || (n >= 3 && !word.starts_with('-'))
}

/// Whether token `i` is the first of its line.
fn line_start(text: &str, toks: &[Tok], i: usize) -> bool {
    let from = if i == 0 { 0 } else { toks[i - 1].end };
    i == 0 || text[from..toks[i].start].contains('\n')
}

/// Whether `next` can begin a sentence. With `strong` (after `!`, `?` or
/// at a line break) a lowercase word can too.
fn starts_sentence(text: &str, next: Tok, strong: bool) -> bool {
    let Some(c) = text[next.start..].chars().next() else {
        return true;
    };
    match next.kind {
        Kind::Word => !c.is_lowercase() || strong,
        Kind::Number
        | Kind::Opener
        | Kind::Quote
        | Kind::Link
        | Kind::Abbrev(_)
        | Kind::Initial => true,
        Kind::Closer | Kind::Clitic | Kind::Terminal => false,
        Kind::Punct => !matches!(c, ',' | ';' | ':' | '%' | ')' | '/'),
    }
}

/// Whether the paragraph `text[start..end]` looks like prose hard-wrapped
/// at a fixed width (where line breaks are not sentence breaks): at least
/// three lines, all but the last of similar, long length.
fn is_hard_wrapped(text: &str, start: usize, end: usize) -> bool {
    let para = &text[start..end];
    let mut lines = 0usize;
    let mut max = 0usize;
    let mut min = usize::MAX;
    let mut iter = para.split('\n').peekable();
    while let Some(line) = iter.next() {
        if iter.peek().is_none() {
            break;
        }
        let len = line.trim_end().chars().count();
        lines += 1;
        max = max.max(len);
        min = min.min(len);
    }
    lines >= 2 && max >= 40 && min * 4 >= max * 3
}

/// Whether a word right before a period looks like an abbreviation the table
/// does not know: short and capitalized (`Dept`, `Gov`), or a lone letter.
fn looks_abbreviated(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let n = 1 + chars.clone().count();
    (first.is_uppercase() && n <= 4 && chars.all(char::is_lowercase))
        || (n == 1 && first.is_alphabetic())
}
