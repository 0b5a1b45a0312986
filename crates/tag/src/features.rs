//! Feature extraction for the part-of-speech tagger and the entity
//! recognizer.
//!
//! Each token is first summarized once ([`TokenInfo`]: fingerprints of its
//! form, lower-cased form, shape, affixes, word cluster and gazetteer
//! match); the per-position feature vectors are then fingerprints of
//! `(template, value)` pairs built from those, plus the decoder's previous
//! decisions.

use crate::fingerprint::{FpMap, combine, feature, of_str};
use crate::lexicon::Lexicon;
use crate::words::OFFSETS;

/// What the feature templates need to know about one token.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokenInfo {
    /// The form as written.
    pub form: u64,
    /// The lower-cased form with digits mapped to `0`.
    pub lower: u64,
    /// Shape: `Xxxx`, `dd-dd`, capped at 12 characters.
    pub shape: u64,
    /// Shape with repeated characters collapsed: `Xx`, `d-d`.
    pub short: u64,
    /// Prefixes of 1..=4 characters (lower-cased).
    pub prefix: [u64; 4],
    /// Suffixes of 1..=4 characters (lower-cased).
    pub suffix: [u64; 4],
    /// Word-cluster path prefixes (0 when unknown).
    pub cluster: [u64; 4],
    /// Gazetteer match: label and B/I position (0 when none).
    pub gazetteer: u64,
    /// Starts with an upper-case letter.
    pub capitalized: bool,
    /// Has a letter and no lower-case letter.
    pub all_caps: bool,
}

const PAD_BEFORE: u64 = 0x5eed_0001;
const PAD_AFTER: u64 = 0x5eed_0002;

impl TokenInfo {
    /// The padding before a sentence.
    pub(crate) fn pad_before() -> Self {
        Self::padding(PAD_BEFORE)
    }

    /// The padding after a sentence.
    pub(crate) fn pad_after() -> Self {
        Self::padding(PAD_AFTER)
    }

    fn padding(value: u64) -> Self {
        Self {
            form: value,
            lower: value,
            shape: value,
            short: value,
            prefix: [value; 4],
            suffix: [value; 4],
            cluster: [value; 4],
            gazetteer: value,
            capitalized: false,
            all_caps: false,
        }
    }
}

/// The fingerprint of a form as written ([`TokenInfo::form`]).
pub(crate) fn form_of(word: &str) -> u64 {
    of_str(word)
}

/// Summarizes one token; `buf` is scratch space reused between calls.
pub(crate) fn token_info(word: &str, lexicon: &Lexicon, buf: &mut String) -> TokenInfo {
    buf.clear();
    let mut shape = crate::fingerprint::of_bytes(b"shape");
    let mut short = shape;
    let mut last = '\0';
    let mut shape_len = 0;
    let mut has_lower = false;
    let mut has_letter = false;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            has_letter = true;
            'X'
        } else if c.is_lowercase() {
            has_letter = true;
            has_lower = true;
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            has_letter = true;
            'x'
        } else {
            c
        };
        if shape_len < 12 {
            shape = combine(shape, class as u64);
            shape_len += 1;
        }
        if class != last {
            short = combine(short, class as u64);
            last = class;
        }
        if c.is_ascii_digit() {
            buf.push('0');
        } else {
            buf.extend(c.to_lowercase());
        }
    }
    let lower = of_str(buf);
    let mut prefix = [0u64; 4];
    let mut suffix = [0u64; 4];
    let mut ends = buf.char_indices().map(|(i, _)| i).skip(1);
    for p in &mut prefix {
        *p = of_str(&buf[..ends.next().unwrap_or(buf.len())]);
    }
    let mut starts = buf.char_indices().rev().map(|(i, _)| i);
    for p in &mut suffix {
        *p = of_str(&buf[starts.next().unwrap_or(0)..]);
    }
    TokenInfo {
        form: form_of(word),
        lower,
        shape,
        short,
        prefix,
        suffix,
        cluster: lexicon.cluster(buf),
        gazetteer: 0,
        capitalized: word.chars().next().is_some_and(char::is_uppercase),
        all_caps: has_letter && !has_lower,
    }
}

/// Tokens of one sentence with padding on both sides, so that a window
/// never reads out of bounds.
pub(crate) struct Window {
    infos: Vec<TokenInfo>,
}

/// How far the window reaches on each side.
const REACH: usize = 2;

impl Window {
    /// Builds the padded window over a sentence's token summaries.
    pub(crate) fn new(tokens: &[TokenInfo]) -> Self {
        let mut infos = Vec::with_capacity(tokens.len() + 2 * REACH);
        infos.extend(std::iter::repeat_n(TokenInfo::padding(PAD_BEFORE), REACH));
        infos.extend_from_slice(tokens);
        infos.extend(std::iter::repeat_n(TokenInfo::padding(PAD_AFTER), REACH));
        Self { infos }
    }

    /// The token at sentence position `i` shifted by `offset` (padding
    /// outside the sentence).
    #[inline]
    pub(crate) fn at(&self, i: usize, offset: isize) -> &TokenInfo {
        let k = (i + REACH).saturating_add_signed(offset);
        &self.infos[k.min(self.infos.len() - 1)]
    }

    /// The token at sentence position `i`.
    #[inline]
    pub(crate) fn token(&self, i: usize) -> &TokenInfo {
        &self.infos[i + REACH]
    }

    /// The real tokens, without the padding.
    pub(crate) fn tokens(&self) -> &[TokenInfo] {
        &self.infos[REACH..self.infos.len() - REACH]
    }

    /// Number of real tokens.
    pub(crate) fn len(&self) -> usize {
        self.infos.len() - 2 * REACH
    }
}

/// Document-level facts used by entity features.
#[derive(Default)]
pub(crate) struct DocContext {
    /// Lower-cased forms seen written entirely in lower case in the document.
    pub lower_seen: FpMap<()>,
    /// Lower-cased forms seen capitalized, not sentence-initially.
    pub cap_seen: FpMap<()>,
    /// Entity types (index into the recognizer's types, last = none)
    /// assigned so far to each lower-cased form.
    pub history: FpMap<[u16; 8]>,
    /// Whether the current sentence is written in capitals (a headline).
    pub caps_sentence: bool,
    /// Entity types (as `history`) the first pass gave each lower-cased
    /// form over the whole document; used by the second pass.
    pub first_pass: FpMap<[u16; 8]>,
    /// Whether this is the second pass (document-wide features from the
    /// first pass instead of the history so far).
    pub second_pass: bool,
}

impl DocContext {
    /// Gathers the document-level facts from every sentence's tokens.
    pub(crate) fn gather(sentences: &[Vec<TokenInfo>]) -> Self {
        let mut ctx = Self::default();
        for s in sentences {
            for (i, t) in s.iter().enumerate() {
                if !t.capitalized && !t.all_caps {
                    ctx.lower_seen.insert(t.lower, ());
                } else if t.capitalized && !t.all_caps && i > 0 {
                    ctx.cap_seen.insert(t.lower, ());
                }
            }
        }
        ctx
    }

    /// The most frequent entity type assigned to `lower` so far, if any.
    pub(crate) fn majority(&self, lower: u64) -> Option<usize> {
        majority_in(&self.history, lower)
    }

    /// Records that `lower` was tagged with entity type `kind`.
    pub(crate) fn remember(&mut self, lower: u64, kind: usize) {
        let slot = self.history.entry(lower).or_insert([0; 8]);
        if let Some(c) = slot.get_mut(kind) {
            *c = c.saturating_add(1);
        }
    }

    /// Starts the second pass: `labels` are the first pass's entity types
    /// (index as in `remember`) of every capitalized token, per sentence.
    pub(crate) fn start_second_pass(&mut self, sentences: &[Vec<TokenInfo>], kinds: &[Vec<usize>]) {
        self.first_pass.clear();
        for (s, k) in sentences.iter().zip(kinds) {
            for (t, &kind) in s.iter().zip(k) {
                if t.capitalized || t.all_caps {
                    let slot = self.first_pass.entry(t.lower).or_insert([0; 8]);
                    if let Some(c) = slot.get_mut(kind) {
                        *c = c.saturating_add(1);
                    }
                }
            }
        }
        self.second_pass = true;
    }
}

/// The most frequent entity type of `lower` in `map` (ties: lowest index).
fn majority_in(map: &FpMap<[u16; 8]>, lower: u64) -> Option<usize> {
    let counts = map.get(&lower)?;
    let (i, &c) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, c)| (*c, usize::MAX - i))?;
    (c > 0).then_some(i)
}

/// Whether the tokens of a sentence are mostly capitals (headline style).
pub(crate) fn is_caps_sentence(tokens: &[TokenInfo]) -> bool {
    let letters = tokens
        .iter()
        .filter(|t| t.all_caps || t.capitalized)
        .count();
    let caps = tokens.iter().filter(|t| t.all_caps).count();
    letters >= 2 && caps * 10 >= letters * 8 && caps >= 2
}

macro_rules! push {
    ($out:ident, $t:expr, $v:expr) => {
        $out.push(feature($t, $v))
    };
}

/// Features of the part-of-speech tagger at position `i`, given the two
/// previous tags (class indices, `u64::MAX - 1` for none).
pub(crate) fn pos_features(w: &Window, i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    pos_static(w, i, out);
    pos_dynamic(w, i, p1, p2, out);
}

/// The features of the part-of-speech tagger that do not depend on its
/// previous decisions (appended to `out`): the word-level features of the
/// tokens around position `i` and those of its context.
pub(crate) fn pos_static(w: &Window, i: usize, out: &mut Vec<u64>) {
    for k in OFFSETS {
        pos_word(w.at(i, k), k, out);
    }
    pos_context(w, i, out);
}

/// The features of the part-of-speech tagger that depend on its two
/// previous decisions (appended to `out`).
#[inline]
pub(crate) fn pos_dynamic(w: &Window, i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    pos_history(p1, p2, out);
    pos_dynamic_rest(w, i, p1, out);
}

/// The part-of-speech features that depend on the two previous decisions
/// only (the first of [`pos_dynamic`]).
#[inline]
pub(crate) fn pos_history(p1: u64, p2: u64, out: &mut Vec<u64>) {
    push!(out, 12, p1);
    push!(out, 13, p2);
    push!(out, 14, combine(p1, p2));
}

/// The rest of [`pos_dynamic`]: previous decision and word.
#[inline]
pub(crate) fn pos_dynamic_rest(w: &Window, i: usize, p1: u64, out: &mut Vec<u64>) {
    let t = w.at(i, 0);
    push!(out, 15, combine(p1, t.lower));
    push!(out, 24, combine(p1, w.at(i, 1).lower));
}

/// The part-of-speech features that depend only on the token `t` at
/// `offset` (−1, 0 or 1) from the current position. With [`pos_context`]
/// they make up [`pos_static`], so their weights can be summed once per
/// word form.
pub(crate) fn pos_word(t: &TokenInfo, offset: isize, out: &mut Vec<u64>) {
    match offset {
        -1 => {
            push!(out, 16, t.lower);
            push!(out, 17, t.suffix[2]);
            if t.cluster[1] != 0 {
                push!(out, 32, t.cluster[1]);
            }
        }
        0 => {
            push!(out, 1, 0);
            push!(out, 2, t.lower);
            push!(out, 3, t.form);
            push!(out, 4, t.suffix[0]);
            push!(out, 5, t.suffix[1]);
            push!(out, 6, t.suffix[2]);
            push!(out, 7, t.suffix[3]);
            push!(out, 8, t.prefix[0]);
            push!(out, 9, t.prefix[1]);
            push!(out, 10, t.shape);
            push!(out, 11, t.short);
            for k in 0..4 {
                if t.cluster[k] != 0 {
                    push!(out, 27 + k as u32, t.cluster[k]);
                }
            }
        }
        1 => {
            push!(out, 19, t.lower);
            push!(out, 20, t.suffix[2]);
            push!(out, 25, t.short);
            if t.cluster[1] != 0 {
                push!(out, 31, t.cluster[1]);
            }
        }
        _ => {}
    }
}

/// The part-of-speech features of position `i` that [`pos_word`] leaves
/// out: those of tokens two away and of pairs of tokens.
pub(crate) fn pos_context(w: &Window, i: usize, out: &mut Vec<u64>) {
    let t = w.at(i, 0);
    let m1 = w.at(i, -1);
    let n1 = w.at(i, 1);
    push!(out, 18, w.at(i, -2).lower);
    push!(out, 21, w.at(i, 2).lower);
    push!(out, 22, combine(t.lower, n1.lower));
    push!(out, 23, combine(m1.lower, t.lower));
    push!(out, 26, combine(u64::from(i == 0), t.short));
}

/// The entity features that depend only on the token `t` at `offset`
/// (−1, 0 or 1) from the current position (never its gazetteer match,
/// which depends on its neighbours). With [`ner_context`] they make up
/// [`ner_static`].
pub(crate) fn ner_word(t: &TokenInfo, offset: isize, out: &mut Vec<u64>) {
    match offset {
        -1 => {
            push!(out, 104, t.lower);
            push!(out, 110, t.short);
            push!(out, 131, t.form);
            if t.cluster[2] != 0 {
                push!(out, 143, t.cluster[2]);
            }
            push!(out, 159, t.suffix[2]);
        }
        0 => {
            push!(out, 101, 0);
            push!(out, 102, t.form);
            push!(out, 103, t.lower);
            push!(out, 108, t.shape);
            push!(out, 109, t.short);
            for k in 0..4 {
                push!(out, 113 + k as u32, t.prefix[k]);
                push!(out, 117 + k as u32, t.suffix[k]);
            }
            for k in 0..4 {
                if t.cluster[k] != 0 {
                    push!(out, 139 + k as u32, t.cluster[k]);
                }
            }
        }
        1 => {
            push!(out, 106, t.lower);
            push!(out, 111, t.short);
            push!(out, 132, t.form);
            if t.cluster[2] != 0 {
                push!(out, 144, t.cluster[2]);
            }
            push!(out, 160, t.suffix[2]);
        }
        _ => {}
    }
}

/// The entity features of position `i` that [`ner_word`] leaves out:
/// tokens two away, pairs, gazetteer matches, the run of capitals and the
/// document context.
pub(crate) fn ner_context(w: &Window, i: usize, doc: &DocContext, out: &mut Vec<u64>) {
    let t = w.at(i, 0);
    let m1 = w.at(i, -1);
    let m2 = w.at(i, -2);
    let n1 = w.at(i, 1);
    let n2 = w.at(i, 2);
    push!(out, 105, m2.lower);
    push!(out, 107, n2.lower);
    push!(out, 112, combine(m1.short, combine(t.short, n1.short)));
    push!(out, 121, combine(m1.lower, t.lower));
    push!(out, 122, combine(t.lower, n1.lower));
    push!(out, 128, combine(u64::from(i == 0), t.short));
    push!(out, 129, combine(u64::from(doc.caps_sentence), t.lower));
    push!(out, 130, combine(u64::from(doc.caps_sentence), t.short));
    push!(out, 133, combine(m1.lower, n1.lower));
    if t.gazetteer != 0 {
        push!(out, 134, t.gazetteer);
        push!(out, 135, combine(t.gazetteer, t.short));
    }
    if m1.gazetteer != 0 {
        push!(out, 137, m1.gazetteer);
    }
    if n1.gazetteer != 0 {
        push!(out, 138, n1.gazetteer);
    }
    push!(out, 155, combine(m1.lower, t.short));
    push!(out, 156, combine(n1.lower, t.short));
    push!(out, 158, combine(m2.short, n2.short));
    push!(out, 161, combine(t.cluster[1], n1.cluster[1]));
    push!(out, 162, combine(m1.cluster[1], t.cluster[1]));
    if t.capitalized || t.all_caps {
        let cap = |k: isize| {
            let x = w.at(i, k);
            x.capitalized || x.all_caps
        };
        let before = (1..=3).take_while(|&k| cap(-k)).count() as u64;
        let after = (1..=3).take_while(|&k| cap(k)).count() as u64;
        push!(out, 157, combine(before, after));
        let lower_seen = doc.lower_seen.contains_key(&t.lower);
        let cap_seen = doc.cap_seen.contains_key(&t.lower);
        push!(out, 147, u64::from(lower_seen));
        push!(out, 148, u64::from(cap_seen));
        push!(
            out,
            149,
            combine(
                u64::from(cap_seen),
                combine(u64::from(i == 0), u64::from(doc.caps_sentence))
            )
        );
    }
}

/// Features of the entity recognizer at position `i`, given the two
/// previous labels (class indices) and the document context.
pub(crate) fn ner_features(
    w: &Window,
    i: usize,
    p1: u64,
    p2: u64,
    doc: &DocContext,
    out: &mut Vec<u64>,
) {
    out.clear();
    ner_static(w, i, doc, out);
    ner_dynamic(w, i, p1, p2, doc, out);
}

/// The features of the entity recognizer that depend neither on its
/// previous decisions nor on the document history (appended to `out`):
/// the word-level features of the tokens around position `i` and those
/// of its context.
pub(crate) fn ner_static(w: &Window, i: usize, doc: &DocContext, out: &mut Vec<u64>) {
    for k in OFFSETS {
        ner_word(w.at(i, k), k, out);
    }
    ner_context(w, i, doc, out);
}

/// The features of the entity recognizer that depend on its two previous
/// decisions or on the labels given so far in the document (appended to
/// `out`).
#[inline]
pub(crate) fn ner_dynamic(
    w: &Window,
    i: usize,
    p1: u64,
    p2: u64,
    doc: &DocContext,
    out: &mut Vec<u64>,
) {
    ner_history(p1, p2, out);
    ner_dynamic_rest(w, i, p1, doc, out);
}

/// The entity features that depend on the two previous decisions only
/// (the first of [`ner_dynamic`]).
#[inline]
pub(crate) fn ner_history(p1: u64, p2: u64, out: &mut Vec<u64>) {
    push!(out, 123, p1);
    push!(out, 124, combine(p1, p2));
}

/// The rest of [`ner_dynamic`]: previous decision with the word, and the
/// labels given so far in the document.
#[inline]
pub(crate) fn ner_dynamic_rest(
    w: &Window,
    i: usize,
    p1: u64,
    doc: &DocContext,
    out: &mut Vec<u64>,
) {
    let t = w.at(i, 0);
    push!(out, 125, combine(p1, t.lower));
    push!(out, 126, combine(p1, t.short));
    push!(out, 127, combine(p1, w.at(i, 1).short));
    if t.gazetteer != 0 {
        push!(out, 136, combine(t.gazetteer, p1));
    }
    if !(t.capitalized || t.all_caps) {
        return;
    }
    if doc.second_pass {
        if let Some(kind) = majority_in(&doc.first_pass, t.lower) {
            let kind = kind as u64;
            let agree = doc
                .first_pass
                .get(&t.lower)
                .map_or(0, |c| u64::from(c.iter().filter(|&&n| n > 0).count() == 1));
            push!(out, 150, kind);
            push!(out, 151, combine(kind, p1));
            push!(out, 152, combine(kind, t.short));
            push!(out, 153, combine(kind, agree));
        }
    } else if let Some(kind) = doc.majority(t.lower) {
        push!(out, 145, kind as u64);
        push!(out, 146, combine(kind as u64, p1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(w: &str) -> TokenInfo {
        token_info(w, &Lexicon::default(), &mut String::new())
    }

    #[test]
    fn shapes_and_case() {
        assert_eq!(info("Hanoi").short, info("Paris").short);
        assert_ne!(info("Hanoi").short, info("IBM").short);
        assert_eq!(info("1996-08-22").lower, info("2024-01-29").lower);
        assert!(info("Hanoi").capitalized && !info("Hanoi").all_caps);
        assert!(info("ASEAN").all_caps);
        assert_eq!(info("Việt").prefix[0], info("việt").prefix[0]);
    }

    /// The word/context split of the static features is exactly the
    /// static features, at every position including the padded edges.
    #[test]
    fn word_and_context_features_are_the_static_ones() {
        let words = [
            "The",
            "Bahia",
            "cocoa",
            "zone",
            "1996-08-22",
            "ASEAN",
            ",",
            "said",
            "Việt",
            "of",
        ];
        let sentence: Vec<TokenInfo> = words
            .iter()
            .enumerate()
            .map(|(k, w)| {
                let mut t = info(w);
                if k % 3 == 1 {
                    t.gazetteer = 7 + k as u64;
                }
                t.cluster = [k as u64 % 2, 3, 0, k as u64];
                t
            })
            .collect();
        let mut doc = DocContext::gather(std::slice::from_ref(&sentence));
        for n in [1, 2, 3, words.len()] {
            let s = &sentence[..n];
            let w = Window::new(s);
            for caps in [false, true] {
                doc.caps_sentence = caps;
                for i in 0..n {
                    let (mut whole, mut split) = (Vec::new(), Vec::new());
                    pos_static(&w, i, &mut whole);
                    for k in -1..=1 {
                        pos_word(w.at(i, k), k, &mut split);
                    }
                    pos_context(&w, i, &mut split);
                    whole.sort_unstable();
                    split.sort_unstable();
                    assert_eq!(whole, split, "pos, {n} tokens, position {i}");
                    let (mut whole, mut split) = (Vec::new(), Vec::new());
                    ner_static(&w, i, &doc, &mut whole);
                    for k in -1..=1 {
                        ner_word(w.at(i, k), k, &mut split);
                    }
                    ner_context(&w, i, &doc, &mut split);
                    whole.sort_unstable();
                    split.sort_unstable();
                    assert_eq!(whole, split, "ner, {n} tokens, position {i}");
                }
            }
        }
    }

    #[test]
    fn windows_pad_the_edges() {
        let toks = vec![info("a"), info("b")];
        let w = Window::new(&toks);
        let mut out = Vec::new();
        pos_features(&w, 0, 0, 0, &mut out);
        assert!(out.len() > 20);
        ner_features(&w, 1, 0, 0, &DocContext::default(), &mut out);
        assert!(out.len() > 30);
    }
}
