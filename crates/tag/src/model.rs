//! A trained model: the part-of-speech tagger, the entity recognizer and
//! the word clusters they share, with its compact binary form.
//!
//! The file is zstd-compressed; inside, after the magic `DPTAG` and a
//! format version, come the tag set and weights of each classifier and the
//! cluster table. Weights are the frozen lookup table itself (format 2:
//! little-endian `u32` columns, class and 24-bit weight packed per entry),
//! so loading is a copy, not a rebuild; format 1 (sparse `f32` weights
//! keyed by fingerprint) is still read.

use crate::error::TagError;
use crate::features::{
    DocContext, TokenInfo, Window, form_of, is_caps_sentence, ner_context, ner_dynamic_rest,
    ner_history, ner_word, pos_context, pos_dynamic_rest, pos_history, pos_word,
};
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::perceptron::{Scores, Weights, best};
use crate::shortcuts::{self, Shortcut};
use crate::words::{Forms, Frequent, PAD, WordScores, add_batched};
use std::path::Path;

const MAGIC: &[u8; 5] = b"DPTAG";
const FORMAT: u8 = 4;
/// Format 3: as 4 without the shortcuts.
const FORMAT_NO_SHORTCUTS: u8 = 3;
/// Format 2: as 3 without the flags byte.
const FORMAT_NO_FLAGS: u8 = 2;
/// The previous format (sparse weights, `f32`), still read.
const FORMAT_SPARSE: u8 = 1;

/// One trained classifier: its labels and weights.
#[derive(Debug, Clone)]
pub(crate) struct Classifier {
    pub labels: Vec<&'static str>,
    pub weights: Weights,
    /// Class scores of the features that depend only on the two previous
    /// decisions, for every pair of them (`(p2 × (n + 1) + p1) × n`, `n`
    /// standing for "none"): summed once here instead of for every token.
    history: Vec<f64>,
}

impl Classifier {
    /// A classifier whose features that depend only on the two previous
    /// decisions are those `history` gives.
    pub(crate) fn new(
        labels: Vec<&'static str>,
        weights: Weights,
        history: impl Fn(u64, u64, &mut Vec<u64>),
    ) -> Self {
        let n = labels.len();
        let value = |p: usize| if p == n { NONE } else { p as u64 };
        let mut table = Vec::with_capacity((n + 1) * (n + 1) * n);
        let mut feats = Vec::new();
        let mut scores: Scores = [0.0; 256];
        for p2 in 0..=n {
            for p1 in 0..=n {
                feats.clear();
                history(value(p1), value(p2), &mut feats);
                scores[..n].fill(0.0);
                weights.add(&feats, &mut scores);
                table.extend_from_slice(&scores[..n]);
            }
        }
        Self {
            labels,
            weights,
            history: table,
        }
    }

    /// A part-of-speech tagger.
    pub(crate) fn pos(labels: Vec<&'static str>, weights: Weights) -> Self {
        Self::new(labels, weights, pos_history)
    }

    /// An entity recognizer.
    pub(crate) fn ner(labels: Vec<&'static str>, weights: Weights) -> Self {
        Self::new(labels, weights, ner_history)
    }

    /// Adds to `scores` the scores of the history features given the two
    /// previous decisions (class indices, [`NONE`] for none).
    #[inline]
    fn add_history(&self, p1: u64, p2: u64, scores: &mut [f64]) {
        let n = self.labels.len();
        let index = |p: u64| if p == NONE { n } else { (p as usize).min(n) };
        let start = (index(p2) * (n + 1) + index(p1)) * n;
        if let Some(h) = self.history.get(start..start + n) {
            for (s, h) in scores.iter_mut().zip(h) {
                *s += *h;
            }
        }
    }
}

/// A trained tagging model (POS tagger and/or entity recognizer).
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) pos: Option<Classifier>,
    pub(crate) ner: Option<Classifier>,
    pub(crate) lexicon: Lexicon,
    /// Whether the recognizer runs twice over a document, the second time
    /// with document-wide features from the first pass's labels.
    pub(crate) two_pass: bool,
    /// Word-level scores of frequent forms (see [`Model::refresh`]).
    pub(crate) frequent: Frequent,
    /// Labels frequent forms always have (sorted by form; see
    /// [`crate::shortcuts`]).
    pub(crate) shortcuts: Vec<Shortcut>,
}

/// Tags of one document: per sentence, per token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tagged {
    /// Penn Treebank tags (empty when the POS tagger did not run).
    pub pos: Vec<Vec<&'static str>>,
    /// Entity tags in IOB2 (`B-PER`, `I-LOC`, `O`; empty when the
    /// recognizer did not run).
    pub ner: Vec<Vec<&'static str>>,
}

/// Interns a label as `'static`: the Penn and CoNLL tag sets are static;
/// any other label (a user's tag set) is leaked once per model load.
pub(crate) fn intern(label: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NN", "NNS", "NNP",
        "NNPS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB",
        "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "$", "#", "''", "``", "\"",
        "(", ")", ",", ".", ":", "-LRB-", "-RRB-", "NN|SYM", "O", "B-PER", "I-PER", "B-ORG",
        "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "L-PER", "U-PER", "L-ORG", "U-ORG", "L-LOC",
        "U-LOC", "L-MISC", "U-MISC",
    ];
    match KNOWN.iter().find(|k| **k == label) {
        Some(k) => k,
        None => Box::leak(label.to_owned().into_boxed_str()),
    }
}

/// For an IOB2 label: its entity type, and whether it continues an entity.
pub(crate) fn split_label(label: &str) -> (Option<&str>, bool) {
    match label.split_once('-') {
        Some(("I", kind)) => (Some(kind), true),
        Some((_, kind)) => (Some(kind), false),
        None => (None, false),
    }
}

/// Per-label facts the entity decoder needs. Labels are IOB2 (`B-`, `I-`,
/// `O`) or BILOU (`B-`, `I-`, `L-`, `U-`, `O`).
pub(crate) struct NerLabels {
    /// Entity type index of each label (`types.len()` for `O`).
    pub kind: Vec<usize>,
    /// Whether each label continues an entity (`I-`, `L-`).
    pub cont: Vec<bool>,
    /// Whether each label leaves an entity open (`B-`, `I-` in BILOU).
    pub open: Vec<bool>,
    /// Whether the labels are BILOU.
    pub bilou: bool,
    /// Each label in IOB2.
    pub iob2: Vec<&'static str>,
    /// The entity types, sorted.
    pub types: Vec<String>,
}

impl NerLabels {
    pub(crate) fn new(labels: &[&'static str]) -> Self {
        let mut types: Vec<String> = labels
            .iter()
            .filter_map(|l| split_label(l).0.map(str::to_owned))
            .collect();
        types.sort();
        types.dedup();
        let bilou = labels
            .iter()
            .any(|l| l.starts_with("L-") || l.starts_with("U-"));
        let kind = labels
            .iter()
            .map(|l| match split_label(l).0 {
                Some(k) => types.iter().position(|t| t == k).unwrap_or(types.len()),
                None => types.len(),
            })
            .collect();
        let cont = labels
            .iter()
            .map(|l| l.starts_with("I-") || l.starts_with("L-"))
            .collect();
        let open = labels
            .iter()
            .map(|l| bilou && (l.starts_with("B-") || l.starts_with("I-")))
            .collect();
        let iob2 = labels
            .iter()
            .map(|l| match l.split_once('-') {
                Some(("L", k)) => intern(&format!("I-{k}")),
                Some(("U", k)) => intern(&format!("B-{k}")),
                _ => l,
            })
            .collect();
        Self {
            kind,
            cont,
            open,
            bilou,
            iob2,
            types,
        }
    }

    /// Whether label `next` may follow label `prev` (`None`: sentence start).
    #[inline]
    pub(crate) fn allowed(&self, prev: Option<usize>, next: usize) -> bool {
        if self.bilou {
            return match prev {
                Some(p) if self.open[p] => self.cont[next] && self.kind[next] == self.kind[p],
                _ => !self.cont[next],
            };
        }
        if !self.cont[next] {
            return true;
        }
        prev.is_some_and(|p| self.kind[p] == self.kind[next] && self.kind[p] < self.types.len())
    }
}

/// Rewrites a sentence's IOB2 tags as BILOU.
pub(crate) fn to_bilou(tags: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
    for (s, e, kind) in crate::conll::spans(tags) {
        if e - s == 1 {
            out[s] = format!("U-{kind}");
        } else {
            out[s] = format!("B-{kind}");
            for t in &mut out[s + 1..e - 1] {
                *t = format!("I-{kind}");
            }
            out[e - 1] = format!("L-{kind}");
        }
    }
    out
}

/// The "no previous tag" value of history features.
pub(crate) const NONE: u64 = u64::MAX - 1;

/// Most tokens [`Model::tag`] tags at once: tens of times a long news
/// article, and a few megabytes of working memory.
pub const MAX_PIECE_TOKENS: usize = 8192;

impl Model {
    /// The default English model, embedded in the binary: trained on
    /// CoNLL-2003 (see `models/README.md`).
    pub fn english() -> Result<Self, TagError> {
        static BYTES: &[u8] = include_bytes!("../models/en.dptag");
        Self::from_bytes(BYTES)
    }

    /// Reads a model file written by [`Model::save`]; anything but a
    /// regular file of at most 256 MiB is refused.
    pub fn load(path: &Path) -> Result<Self, TagError> {
        let bytes =
            crate::files::read_regular(path, crate::files::MODEL_LIMIT).map_err(|source| {
                TagError::ReadModel {
                    path: path.to_owned(),
                    source,
                }
            })?;
        Self::from_bytes(&bytes)
    }

    /// Writes the model to `path`.
    pub fn save(&self, path: &Path) -> Result<(), TagError> {
        std::fs::write(path, self.to_bytes()?).map_err(|source| TagError::ReadModel {
            path: path.to_owned(),
            source,
        })
    }

    /// The word clusters the model was trained with.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Replaces this model's part-of-speech tagger with `other`'s (to pair
    /// a newly trained recognizer with an existing tagger; both must use
    /// the same word clusters).
    pub fn take_pos_of(&mut self, other: &Model) {
        self.pos.clone_from(&other.pos);
        // The tags of POS shortcuts are indices into `other`'s tag set.
        self.shortcuts = shortcuts::paired(&other.shortcuts, &self.shortcuts);
        self.refresh();
    }

    /// Sums the word-level scores of frequent forms again; call after
    /// changing a classifier or the lexicon.
    pub(crate) fn refresh(&mut self) {
        let (pos, ner) = self.classes();
        let mut frequent = Frequent::new(&self.lexicon, pos, ner);
        let classes = |c: Option<(&Weights, usize)>| c.map_or(0, |c| c.1);
        frequent.set_shortcuts(&self.shortcuts, classes(pos), classes(ner));
        self.frequent = frequent;
    }

    /// Each classifier's weights and number of classes.
    #[allow(clippy::type_complexity)]
    pub(crate) fn classes(&self) -> (Option<(&Weights, usize)>, Option<(&Weights, usize)>) {
        fn of(c: &Option<Classifier>) -> Option<(&Weights, usize)> {
            c.as_ref().map(|c| (&c.weights, c.labels.len()))
        }
        (of(&self.pos), of(&self.ner))
    }

    /// Whether the model has a part-of-speech tagger.
    pub fn has_pos(&self) -> bool {
        self.pos.is_some()
    }

    /// Whether the model has an entity recognizer.
    pub fn has_ner(&self) -> bool {
        self.ner.is_some()
    }

    /// Token summaries of a document's sentences. Those of frequent forms
    /// (most tokens) are copied from the frequent-form table, which made
    /// them with this model's lexicon.
    pub(crate) fn infos(
        &self,
        gazetteer: &Gazetteer,
        sentences: &[Vec<&str>],
    ) -> Vec<Vec<TokenInfo>> {
        let mut buf = String::new();
        sentences
            .iter()
            .map(|words| {
                let mut infos: Vec<TokenInfo> = words
                    .iter()
                    .map(|w| match self.frequent.info(form_of(w)) {
                        Some(info) => *info,
                        None => crate::features::token_info(w, &self.lexicon, &mut buf),
                    })
                    .collect();
                for (info, g) in infos.iter_mut().zip(gazetteer.feature_values(words)) {
                    info.gazetteer = g;
                }
                infos
            })
            .collect()
    }

    /// Tags a document given as sentences of words. `pos` and `ner` choose
    /// which taggers run (a tagger the model lacks does not run).
    ///
    /// A document of more than [`MAX_PIECE_TOKENS`] tokens is tagged a
    /// piece at a time (whole sentences, a longer sentence in cuts of that
    /// many tokens), so that the tagger's working memory, several hundred
    /// bytes a token, stays bounded whatever the document: the
    /// recognizer's document-wide context then reaches over one piece.
    /// News articles are far shorter (the longest Reuters-21578 article
    /// has under 2,000 words), so they are tagged whole.
    pub fn tag(
        &self,
        gazetteer: &Gazetteer,
        sentences: &[Vec<&str>],
        pos: bool,
        ner: bool,
    ) -> Tagged {
        let total: usize = sentences.iter().map(Vec::len).sum();
        if total <= MAX_PIECE_TOKENS {
            return self.tag_piece(gazetteer, sentences, pos, ner);
        }
        let mut out = Tagged::default();
        // Each cut of a sentence, with the index of the sentence it is of.
        let mut piece: Vec<Vec<&str>> = Vec::new();
        let mut origins: Vec<usize> = Vec::new();
        let mut size = 0;
        let mut flush = |piece: &mut Vec<Vec<&str>>, origins: &mut Vec<usize>| {
            let tagged = self.tag_piece(gazetteer, piece, pos, ner);
            for (into, from) in [(&mut out.pos, tagged.pos), (&mut out.ner, tagged.ner)] {
                for (tags, &o) in from.into_iter().zip(origins.iter()) {
                    match into.get_mut(o) {
                        Some(sentence) => sentence.extend(tags),
                        None => into.push(tags),
                    }
                }
            }
            piece.clear();
            origins.clear();
        };
        for (o, words) in sentences.iter().enumerate() {
            let cuts: Vec<&[&str]> = if words.is_empty() {
                vec![&[]]
            } else {
                words.chunks(MAX_PIECE_TOKENS).collect()
            };
            for cut in cuts {
                if size + cut.len() > MAX_PIECE_TOKENS && !piece.is_empty() {
                    flush(&mut piece, &mut origins);
                    size = 0;
                }
                size += cut.len();
                piece.push(cut.to_vec());
                origins.push(o);
            }
        }
        if !piece.is_empty() {
            flush(&mut piece, &mut origins);
        }
        out
    }

    /// Tags sentences all at once (see [`Model::tag`]).
    fn tag_piece(
        &self,
        gazetteer: &Gazetteer,
        sentences: &[Vec<&str>],
        pos: bool,
        ner: bool,
    ) -> Tagged {
        let infos = self.infos(gazetteer, sentences);
        let mut out = Tagged::default();
        let pos = self.pos.as_ref().filter(|_| pos);
        let ner = self.ner.as_ref().filter(|_| ner);
        if pos.is_none() && ner.is_none() {
            return out;
        }
        let (n_pos, n_ner) = self.classes();
        let stale;
        let frequent = if self
            .frequent
            .fits(n_pos.map_or(0, |c| c.1), n_ner.map_or(0, |c| c.1))
        {
            &self.frequent
        } else {
            stale = Frequent::paddings(&self.lexicon, n_pos, n_ner);
            &stale
        };
        let forms = Forms::new(&infos, frequent);
        // Both taggers (and the recognizer's second pass) read the same
        // padded windows: build them once.
        let windows: Vec<Window> = infos.iter().map(|s| Window::new(s)).collect();
        let mut feats = Vec::with_capacity(2048);
        let mut starts = Vec::with_capacity(256);
        let mut fixed = Vec::new();
        let mut scores: Scores = [0.0; 256];
        if let Some(c) = pos {
            let n = c.labels.len();
            let words = WordScores::new(
                &c.weights,
                n,
                frequent,
                false,
                &forms,
                |s, i| frequent.fixed(forms.rows[s][i + PAD], false).is_some(),
                &mut feats,
                &mut starts,
                pos_word,
            );
            for (w, rows) in windows.iter().zip(&forms.rows) {
                let shortcut = |i: usize| frequent.fixed(rows[i + PAD], false);
                static_scores(
                    c,
                    w,
                    &words,
                    rows,
                    &mut feats,
                    &mut starts,
                    &mut fixed,
                    |i| shortcut(i).is_some(),
                    |i, out| {
                        pos_context(w, i, out);
                    },
                );
                // Warm the history features of the likely decisions (those
                // of the static scores alone), which decoding then looks up
                // one token at a time.
                feats.clear();
                let mut p1 = NONE;
                for i in 0..w.len() {
                    p1 = match shortcut(i) {
                        Some(t) => t as u64,
                        None => {
                            pos_dynamic_rest(w, i, p1, &mut feats);
                            best(&fixed[i * n..(i + 1) * n], |_| true) as u64
                        }
                    };
                }
                c.weights.warm(&feats);
                let mut tags = Vec::with_capacity(w.len());
                let (mut p1, mut p2) = (NONE, NONE);
                for i in 0..w.len() {
                    let t = match shortcut(i) {
                        Some(t) => t,
                        None => {
                            feats.clear();
                            pos_dynamic_rest(w, i, p1, &mut feats);
                            scores[..n].copy_from_slice(&fixed[i * n..(i + 1) * n]);
                            c.add_history(p1, p2, &mut scores[..n]);
                            c.weights.add(&feats, &mut scores);
                            best(&scores[..n], |_| true)
                        }
                    };
                    tags.push(c.labels[t]);
                    (p2, p1) = (p1, t as u64);
                }
                out.pos.push(tags);
            }
        }
        if let Some(c) = ner {
            let n = c.labels.len();
            let labels = NerLabels::new(&c.labels);
            let settled = settled_labels(sentences, &forms.rows, frequent, &labels);
            let words = WordScores::new(
                &c.weights,
                n,
                frequent,
                true,
                &forms,
                |s, i| settled[s][i].is_some(),
                &mut feats,
                &mut starts,
                ner_word,
            );
            let mut doc = DocContext::gather(&infos);
            // Static scores of every sentence, kept for the second pass.
            let mut fixed_all: Vec<Vec<f64>> = Vec::with_capacity(infos.len());
            let mut kinds: Vec<Vec<usize>> = Vec::with_capacity(infos.len());
            for ((w, rows), settled) in windows.iter().zip(&forms.rows).zip(&settled) {
                doc.caps_sentence = is_caps_sentence(w.tokens());
                let shortcut = |i: usize| settled[i];
                static_scores(
                    c,
                    w,
                    &words,
                    rows,
                    &mut feats,
                    &mut starts,
                    &mut fixed,
                    |i| shortcut(i).is_some(),
                    |i, out| {
                        ner_context(w, i, &doc, out);
                    },
                );
                let spec = speculate(&fixed, n, &labels, shortcut);
                feats.clear();
                let mut p1 = NONE;
                for (i, &t) in spec.iter().enumerate() {
                    if shortcut(i).is_none() {
                        ner_dynamic_rest(w, i, p1, &doc, &mut feats);
                    }
                    p1 = t as u64;
                }
                c.weights.warm(&feats);
                let tags = decode_ner(
                    c,
                    &labels,
                    w,
                    &fixed,
                    shortcut,
                    &mut doc,
                    &mut feats,
                    &mut scores,
                );
                if self.two_pass {
                    kinds.push(tags.iter().map(|&t| labels.kind[t]).collect());
                    fixed_all.push(std::mem::take(&mut fixed));
                } else {
                    out.ner.push(tags.iter().map(|&t| labels.iob2[t]).collect());
                }
            }
            if self.two_pass {
                doc.start_second_pass(&infos, &kinds);
                for ((w, fixed), settled) in windows.iter().zip(&fixed_all).zip(&settled) {
                    doc.caps_sentence = is_caps_sentence(w.tokens());
                    // Shortcut positions have no static scores: they keep
                    // their fixed label in this pass too.
                    let tags = decode_ner(
                        c,
                        &labels,
                        w,
                        fixed,
                        |i| settled[i],
                        &mut doc,
                        &mut feats,
                        &mut scores,
                    );
                    out.ner.push(tags.iter().map(|&t| labels.iob2[t]).collect());
                }
            }
        }
        out
    }

    /// The model's bytes (zstd-compressed).
    pub fn to_bytes(&self) -> Result<Vec<u8>, TagError> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(FORMAT);
        out.push(u8::from(self.two_pass));
        for c in [&self.pos, &self.ner] {
            match c {
                None => out.push(0),
                Some(c) => {
                    out.push(1);
                    write_classifier(&mut out, c);
                }
            }
        }
        out.extend_from_slice(&(self.lexicon.len() as u32).to_le_bytes());
        for (w, p) in self.lexicon.paths() {
            write_str(&mut out, w);
            write_str(&mut out, p);
        }
        write_shortcuts(&mut out, &self.shortcuts);
        zstd::encode_all(out.as_slice(), 19).map_err(|e| TagError::InvalidModel(e.to_string()))
    }

    /// Parses a model of format 1 (sparse weights), leaving out weights
    /// smaller than `min_weight` in absolute value (to shrink a model).
    #[doc(hidden)]
    pub fn from_sparse_bytes_pruned(bytes: &[u8], min_weight: f32) -> Result<Self, TagError> {
        Self::parse(bytes, Some(min_weight))
    }

    /// Parses a model from its bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, TagError> {
        Self::parse(bytes, None)
    }

    fn parse(bytes: &[u8], prune: Option<f32>) -> Result<Self, TagError> {
        let raw = zstd::decode_all(bytes)
            .map_err(|e| TagError::InvalidModel(format!("not zstd: {e}")))?;
        let mut r = Reader { buf: &raw, pos: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(TagError::InvalidModel("not a docpipe tag model".into()));
        }
        let format = r.u8()?;
        let two_pass = matches!(format, FORMAT | FORMAT_NO_SHORTCUTS) && r.u8()? & 1 == 1;
        let read = match (format, prune) {
            (FORMAT | FORMAT_NO_SHORTCUTS | FORMAT_NO_FLAGS, None) => read_classifier,
            (FORMAT_SPARSE, _) => read_sparse_pruned,
            _ => {
                return Err(TagError::InvalidModel(format!(
                    "format {format}, expected {FORMAT}"
                )));
            }
        };
        let min_weight = prune.unwrap_or(0.0);
        let pos = if r.u8()? == 1 {
            let (labels, weights) = read(&mut r, min_weight)?;
            Some(Classifier::pos(labels, weights))
        } else {
            None
        };
        let ner = if r.u8()? == 1 {
            let (labels, weights) = read(&mut r, min_weight)?;
            Some(Classifier::ner(labels, weights))
        } else {
            None
        };
        let n = r.u32()? as usize;
        let mut paths = Vec::with_capacity(n);
        for _ in 0..n {
            let w = r.str()?.to_owned();
            let p = r.str()?.to_owned();
            paths.push((w, p));
        }
        let shortcuts = if format == FORMAT {
            read_shortcuts(&mut r)?
        } else {
            Vec::new()
        };
        let mut model = Self {
            pos,
            ner,
            lexicon: Lexicon::new(paths),
            two_pass,
            frequent: Frequent::paddings(&Lexicon::default(), None, None),
            shortcuts,
        };
        model.refresh();
        Ok(model)
    }
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    let len = b.len().min(255);
    out.push(len as u8);
    out.extend_from_slice(&b[..len]);
}

/// No label, in a shortcut's label byte.
const NO_LABEL: u8 = u8::MAX;

/// Appends the shortcuts: a `u32` count, then per shortcut its form (as
/// [`write_str`]; longer forms are left out) and two label bytes
/// ([`NO_LABEL`]: none).
pub(crate) fn write_shortcuts(out: &mut Vec<u8>, shortcuts: &[Shortcut]) {
    let kept: Vec<&Shortcut> = shortcuts.iter().filter(|s| s.form.len() <= 255).collect();
    out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
    for s in kept {
        write_str(out, &s.form);
        out.push(s.pos.unwrap_or(NO_LABEL));
        out.push(s.ner.unwrap_or(NO_LABEL));
    }
}

fn read_shortcuts(r: &mut Reader<'_>) -> Result<Vec<Shortcut>, TagError> {
    let label = |byte: u8| (byte != NO_LABEL).then_some(byte);
    let n = r.u32()? as usize;
    let mut shortcuts = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        let form = r.str()?.to_owned();
        let (pos, ner) = (label(r.u8()?), label(r.u8()?));
        shortcuts.push(Shortcut { form, pos, ner });
    }
    Ok(shortcuts)
}

fn write_classifier(out: &mut Vec<u8>, c: &Classifier) {
    out.push(c.labels.len() as u8);
    for l in &c.labels {
        write_str(out, l);
    }
    c.weights.write(out);
}

fn read_labels(r: &mut Reader<'_>) -> Result<Vec<&'static str>, TagError> {
    let n_labels = r.u8()? as usize;
    let mut labels = Vec::with_capacity(n_labels);
    for _ in 0..n_labels {
        labels.push(intern(r.str()?));
    }
    Ok(labels)
}

/// Labels and weights of a classifier.
type Parts = (Vec<&'static str>, Weights);

fn read_classifier(r: &mut Reader<'_>, _: f32) -> Result<Parts, TagError> {
    let labels = read_labels(r)?;
    let (weights, used) =
        Weights::read(&r.buf[r.pos..], labels.len()).map_err(TagError::InvalidModel)?;
    r.take(used)?;
    Ok((labels, weights))
}

/// Reads a classifier of format 1: sparse `f32` weights keyed by
/// fingerprint.
/// Reads a classifier of format 1, leaving out weights smaller than
/// `min_weight` in absolute value.
fn read_sparse_pruned(r: &mut Reader<'_>, min_weight: f32) -> Result<Parts, TagError> {
    let labels = read_labels(r)?;
    let n_labels = labels.len();
    let n = r.u32()? as usize;
    let mut keys = Vec::with_capacity(n);
    for _ in 0..n {
        keys.push(r.u64()?);
    }
    let counts = r.take(n)?.to_vec();
    let mut kept: Vec<(u64, Vec<(u8, f32)>)> = Vec::with_capacity(n);
    for (k, c) in keys.into_iter().zip(counts) {
        let mut entries = Vec::with_capacity(c as usize);
        for _ in 0..c {
            let class = r.u8()?;
            let w = f32::from_le_bytes(r.array::<4>()?);
            if class as usize >= n_labels {
                return Err(TagError::InvalidModel(format!(
                    "class {class} out of range"
                )));
            }
            if w.abs() >= min_weight {
                entries.push((class, w));
            }
        }
        if !entries.is_empty() {
            kept.push((k, entries));
        }
    }
    let mut weights = Weights::with_capacity(kept.len());
    for (k, entries) in &kept {
        weights.push(*k, entries);
    }
    Ok((labels, weights))
}

/// Per sentence, the entity label of each position the recognizer settles
/// without scoring it (`None`: scored): a frequent form's shortcut, or `O`
/// for a word that [`cannot_open_entity`] right after a position settled
/// as `O`. Such a word is `O` unless it opens an entity, which in CoNLL-2003
/// `train.txt` happens at 12 of the 49,969 positions the rule settles
/// (`interior ministry`, a `3` and a `1,000` opening names); words inside an
/// entity (`Bank of England`, `Sơn La`) follow a scored word, so they are
/// scored.
fn settled_labels(
    sentences: &[Vec<&str>],
    rows: &[Vec<u32>],
    frequent: &Frequent,
    labels: &NerLabels,
) -> Vec<Vec<Option<usize>>> {
    let outside = labels.kind.iter().position(|&k| k == labels.types.len());
    sentences
        .iter()
        .zip(rows)
        .map(|(words, rows)| {
            let mut after_outside = true;
            (0..words.len())
                .map(|i| {
                    let settled = frequent.fixed(rows[i + PAD], true).or_else(|| {
                        let next = words.get(i + 1).copied();
                        outside.filter(|_| after_outside && cannot_open_entity(words[i], next))
                    });
                    after_outside = settled.is_some() && settled == outside;
                    settled
                })
                .collect()
        })
        .collect()
}

/// Whether `word`, followed by `next`, cannot open an entity: it is a
/// lower-case word, punctuation (`<`) or a number (`1986`, `1,000`, `3.5`;
/// not `p53` or `1990s`), and not a word or number before a capitalized
/// one (`de Graaf`, `van Gaal`, `serie A`, `1860 Munich`). A word of a
/// script without case is never one.
fn cannot_open_entity(word: &str, next: Option<&str>) -> bool {
    let lower = word
        .chars()
        .all(|c| c.is_lowercase() || !c.is_alphanumeric());
    let number = || {
        word.starts_with(|c: char| c.is_ascii_digit())
            && word
                .chars()
                .all(|c| c.is_ascii_digit() || !c.is_alphanumeric())
    };
    if !(lower || number()) {
        return false;
    }
    let word_like = word.chars().any(char::is_alphanumeric);
    !(word_like && next.is_some_and(|n| n.chars().any(char::is_uppercase)))
}

/// The labels the static scores alone choose (IOB constraints kept), or
/// those `shortcut` gives.
fn speculate(
    fixed: &[f64],
    n: usize,
    labels: &NerLabels,
    shortcut: impl Fn(usize) -> Option<usize>,
) -> Vec<usize> {
    let mut prev = None;
    fixed
        .chunks_exact(n)
        .enumerate()
        .map(|(i, sc)| {
            let t = shortcut(i).unwrap_or_else(|| best(sc, |l| labels.allowed(prev, l)));
            prev = Some(t);
            t
        })
        .collect()
}

/// Greedy decoding of one sentence by the recognizer, given the static
/// scores of its tokens (tokens `shortcut` gives a label for get it without
/// scoring); records capitalized tokens' types in the history.
#[allow(clippy::too_many_arguments)]
fn decode_ner(
    c: &Classifier,
    labels: &NerLabels,
    w: &Window,
    fixed: &[f64],
    shortcut: impl Fn(usize) -> Option<usize>,
    doc: &mut DocContext,
    feats: &mut Vec<u64>,
    scores: &mut Scores,
) -> Vec<usize> {
    let n = c.labels.len();
    let mut tags = Vec::with_capacity(w.len());
    let (mut p1, mut p2) = (NONE, NONE);
    let mut prev = None;
    for i in 0..w.len() {
        let t = match shortcut(i) {
            Some(t) => t,
            None => {
                feats.clear();
                ner_dynamic_rest(w, i, p1, doc, feats);
                scores[..n].copy_from_slice(&fixed[i * n..(i + 1) * n]);
                c.add_history(p1, p2, &mut scores[..n]);
                c.weights.add(feats, scores);
                best(&scores[..n], |l| labels.allowed(prev, l))
            }
        };
        tags.push(t);
        let info = w.token(i);
        if !doc.second_pass && (info.capitalized || info.all_caps) {
            doc.remember(info.lower, labels.kind[t]);
        }
        (p2, p1, prev) = (p1, t as u64, Some(t));
    }
    tags
}

/// Sums the static-feature scores of every token of a sentence into
/// `fixed` (`n_labels` a token): the word-level scores of each token and
/// its neighbours (`words`, `rows` as in [`Forms::rows`]), plus the
/// weights of the context features `extract` gives, all gathered first so
/// that their memory loads overlap. Positions `skip` names (those with a
/// shortcut) keep zero scores.
#[allow(clippy::too_many_arguments)]
fn static_scores(
    c: &Classifier,
    w: &Window,
    words: &WordScores<'_>,
    rows: &[u32],
    feats: &mut Vec<u64>,
    starts: &mut Vec<usize>,
    fixed: &mut Vec<f64>,
    skip: impl Fn(usize) -> bool,
    mut extract: impl FnMut(usize, &mut Vec<u64>),
) {
    let n = c.labels.len();
    feats.clear();
    starts.clear();
    for i in 0..w.len() {
        starts.push(feats.len());
        if !skip(i) {
            extract(i, feats);
        }
    }
    starts.push(feats.len());
    fixed.clear();
    fixed.resize(w.len() * n, 0.0);
    add_batched(&c.weights, feats, starts, fixed, n);
    for (i, out) in fixed.chunks_exact_mut(n).enumerate() {
        if !skip(i) {
            words.add(rows, i, out);
        }
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TagError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        match end {
            Some(end) => {
                let s = &self.buf[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(TagError::InvalidModel("truncated".into())),
        }
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], TagError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u8(&mut self) -> Result<u8, TagError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, TagError> {
        Ok(u32::from_le_bytes(self.array::<4>()?))
    }

    fn u64(&mut self) -> Result<u64, TagError> {
        Ok(u64::from_le_bytes(self.array::<8>()?))
    }

    fn str(&mut self) -> Result<&'a str, TagError> {
        let n = self.u8()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|e| TagError::InvalidModel(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document longer than a piece is tagged in pieces: every token gets
    /// a tag, a sentence cut across pieces comes back whole, and part of
    /// speech (which reads no document-wide context) is what each sentence
    /// gets on its own.
    #[test]
    fn long_documents_are_tagged_a_piece_at_a_time() {
        let model = Model::english().expect("the embedded model loads");
        let gazetteer = Gazetteer::default();
        let sentence: Vec<&str> =
            "Peter Blackburn visited Hanoi on Monday , the U.S. embassy said ."
                .split(' ')
                .collect();
        let alone = model.tag(&gazetteer, std::slice::from_ref(&sentence), true, true);
        // Many sentences, then one longer than a piece, then an empty one.
        let count = MAX_PIECE_TOKENS / sentence.len() + 5;
        let mut sentences = vec![sentence.clone(); count];
        let long: Vec<&str> = sentence
            .iter()
            .copied()
            .cycle()
            .take(2 * MAX_PIECE_TOKENS + 7)
            .collect();
        sentences.push(long.clone());
        sentences.push(Vec::new());
        let tagged = model.tag(&gazetteer, &sentences, true, true);
        assert_eq!(tagged.pos.len(), sentences.len());
        assert_eq!(tagged.ner.len(), sentences.len());
        for ((words, pos), ner) in sentences.iter().zip(&tagged.pos).zip(&tagged.ner) {
            assert_eq!(pos.len(), words.len());
            assert_eq!(ner.len(), words.len());
        }
        for pos in &tagged.pos[..count] {
            assert_eq!(pos, &alone.pos[0]);
        }
        assert_eq!(tagged.pos[count][..sentence.len()], alone.pos[0][..]);
        // The same sentence gets the same entities in every piece.
        assert!(tagged.ner[..count].iter().all(|n| *n == tagged.ner[0]));
        assert_eq!(tagged.ner[0][..2], ["B-PER", "I-PER"], "Peter Blackburn");
    }

    #[test]
    fn only_lower_case_words_punctuation_and_numbers_cannot_open_an_entity() {
        for (word, next) in [
            ("ministry", Some("said")),
            (",", Some("Hanoi")),
            ("<", Some("Union")),
            ("--", None),
            ("the", None),
            ("1986", Some(",")),
            ("1,000", Some("tonnes")),
            ("3.5", None),
        ] {
            assert!(cannot_open_entity(word, next), "{word} {next:?}");
        }
        for (word, next) in [
            ("Hanoi", None),
            ("iPhone", Some("sales")),
            ("p53", None),
            ("1990s", None),
            ("1996", Some("World")),
            ("1860", Some("Munich")),
            // A lower-case word before a capitalized one may open a name.
            ("de", Some("Graaf")),
            ("serie", Some("A")),
            // A script without case says nothing.
            ("陈", None),
        ] {
            assert!(!cannot_open_entity(word, next), "{word} {next:?}");
        }
    }

    /// A word that cannot open an entity is settled as `O` only right
    /// after a position settled as `O`, so a chain of them after a scored
    /// name is scored, and shortcut forms keep their labels.
    #[test]
    fn settled_positions_follow_settled_outside_ones() {
        let model = Model::english().expect("the embedded model loads");
        let c = model.ner.as_ref().expect("a recognizer");
        let labels = NerLabels::new(&c.labels);
        let outside = c.labels.iter().position(|l| *l == "O");
        let sentence = "cocoa zone showers hit Bank of England ledgers , said zone";
        let words: Vec<&str> = sentence.split(' ').collect();
        let sentences = vec![words.clone()];
        let infos = model.infos(&Gazetteer::default(), &sentences);
        let forms = Forms::new(&infos, &model.frequent);
        let settled = &settled_labels(&sentences, &forms.rows, &model.frequent, &labels)[0];
        let mut after_outside = true;
        for (i, s) in settled.iter().enumerate() {
            let shortcut = model.frequent.fixed(forms.rows[0][i + PAD], true);
            match shortcut {
                Some(_) => assert_eq!(*s, shortcut, "{}", words[i]),
                None => {
                    let rule =
                        after_outside && cannot_open_entity(words[i], words.get(i + 1).copied());
                    assert_eq!(*s, outside.filter(|_| rule), "{}", words[i]);
                }
            }
            after_outside = s.is_some() && *s == outside;
        }
        // Lower-case words opening the sentence are settled; the name and
        // the `of` inside it are scored.
        assert!(settled[..3].iter().all(|s| *s == outside), "{settled:?}");
        assert_eq!(settled[4..6], [None, None], "{settled:?}");
        assert_eq!(settled[10], outside, "`zone` after the shortcut `said`");
    }

    /// Reuters writes company names in angle brackets: the bracket, after
    /// a word outside every entity, is settled as `O` and left out of the
    /// name; a lower-case particle before a name is still scored.
    #[test]
    fn brackets_stay_outside_names() {
        let model = Model::english().expect("the embedded model loads");
        let text = "The shares were bought by < Union Texas Petroleum Co > , the company said .";
        let sentences = vec![text.split(' ').collect::<Vec<_>>()];
        let tagged = model.tag(&Gazetteer::default(), &sentences, false, true);
        let ner = &tagged.ner[0];
        assert_eq!(ner[5], "O", "{ner:?}");
        assert_eq!(ner[6], "B-ORG", "{ner:?}");
        assert_eq!(ner[9], "I-ORG", "{ner:?}");
    }
}
