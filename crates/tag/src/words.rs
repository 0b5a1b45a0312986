//! Score vectors of the word forms of a document.
//!
//! Most static features of a position depend on one token only, at a
//! fixed offset (`pos_word`, `ner_word`: its form, affixes, shape, cluster
//! as the current, previous or next word). Their weights are summed once
//! per distinct form of a document and offset, into one vector of class
//! scores, instead of being looked up again for every occurrence; a
//! position's static scores are then three vectors plus the weights of its
//! context features (`pos_context`, `ner_context`). A form's sum for an
//! offset is made only if some scored position reads it.
//!
//! Sums are `f64` and exact for the weights of the shipped model (see
//! `Weights::add`), so this regrouping gives the very scores of summing
//! every feature of a position one by one.

use crate::features::{TokenInfo, form_of, ner_word, pos_word, token_info};
use crate::fingerprint::FpMap;
use crate::lexicon::Lexicon;
use crate::perceptron::{Scores, Weights};
use crate::shortcuts::Shortcut;

/// Offsets from the current position whose word-level features are summed
/// per form.
pub(crate) const OFFSETS: [isize; 3] = [-1, 0, 1];

/// Padding rows on each side of a sentence's rows (as far as
/// [`OFFSETS`] reach): `rows[i + PAD]` is token `i`.
pub(crate) const PAD: usize = 1;

/// Row of the padding before a sentence.
const PAD_BEFORE_ROW: u32 = 0;
/// Row of the padding after a sentence.
const PAD_AFTER_ROW: u32 = 1;
/// Row of the first form of [`FREQUENT`] (after the paddings).
const FIRST_FORM_ROW: usize = 2;

/// How many of the most frequent forms may have a shortcut (a label given
/// without scoring; [`crate::shortcuts`]). The table holds more forms than
/// this, which only saves lookups and changes no label; a shortcut does
/// change labels, and beyond the 2000 most frequent forms of CoNLL-2003
/// `train.txt` the evidence for one is thin: its ten or so occurrences
/// there never inside a name made `Revenue`, `Shares` and `Three` always
/// `O`, which cut `Inland Revenue` and `Mutual Shares Corp` out of names
/// in Reuters articles (measured with an 8000-form table: 115 entity and
/// 159 part-of-speech changes over 6,000 articles, no change on CoNLL-2003
/// `valid.txt`).
pub(crate) const SHORTCUT_FORMS: usize = 2000;

/// The most frequent word forms of English news (CoNLL-2003 `train.txt`,
/// made by the `frequent` example), whose scores a model sums at load.
/// More forms save more lookups per document and cost memory (about 1.6 KB
/// a form) and load time.
const FREQUENT: &str = include_str!("../data/frequent.txt");

/// Word-level scores of the paddings and of frequent forms, summed once
/// when a model is made: most tokens of a document are one of these.
#[derive(Debug, Clone)]
pub(crate) struct Frequent {
    /// Form fingerprint → row (rows 0 and 1: the paddings).
    index: FpMap<u32>,
    /// Per row, the form's summary ([`token_info`] with the model's
    /// lexicon), so that a document's tokens of frequent forms are not
    /// summarized again.
    infos: Vec<TokenInfo>,
    /// Scores of the part-of-speech tagger, as in [`WordScores`].
    pos: Vec<f64>,
    /// Scores of the entity recognizer.
    ner: Vec<f64>,
    /// Per row, the part-of-speech tag the form always has (class index;
    /// see [`crate::shortcuts`]).
    pos_fixed: Vec<Option<u8>>,
    /// Per row, the entity label the form always has (class index).
    ner_fixed: Vec<Option<u8>>,
}

impl Frequent {
    /// Sums the scores of the paddings and the frequent forms for the
    /// classifiers given (`None`: no scores for that one).
    pub(crate) fn new(
        lexicon: &Lexicon,
        pos: Option<(&Weights, usize)>,
        ner: Option<(&Weights, usize)>,
    ) -> Self {
        Self::of_words(FREQUENT, lexicon, pos, ner)
    }

    /// Scores of the paddings only (for a model whose table is stale).
    pub(crate) fn paddings(
        lexicon: &Lexicon,
        pos: Option<(&Weights, usize)>,
        ner: Option<(&Weights, usize)>,
    ) -> Self {
        Self::of_words("", lexicon, pos, ner)
    }

    /// Whether the table holds scores for a tagger and a recognizer of
    /// `pos` and `ner` classes (0: not there).
    pub(crate) fn fits(&self, pos: usize, ner: usize) -> bool {
        let size = self.rows() * OFFSETS.len();
        self.pos.len() == size * pos && self.ner.len() == size * ner
    }

    fn of_words(
        words: &str,
        lexicon: &Lexicon,
        pos: Option<(&Weights, usize)>,
        ner: Option<(&Weights, usize)>,
    ) -> Self {
        let mut infos = vec![TokenInfo::pad_before(), TokenInfo::pad_after()];
        let mut index = FpMap::default();
        let mut buf = String::new();
        for word in words.lines().filter(|w| !w.is_empty()) {
            let info = token_info(word, lexicon, &mut buf);
            let next = infos.len() as u32;
            if *index.entry(info.form).or_insert(next) == next {
                infos.push(info);
            }
        }
        let (mut feats, mut starts) = (Vec::new(), Vec::new());
        let mut sum = |c: Option<(&Weights, usize)>,
                       extract: fn(&TokenInfo, isize, &mut Vec<u64>)| {
            c.map(|(weights, n)| {
                scores(
                    weights,
                    n,
                    &infos,
                    &mut feats,
                    &mut starts,
                    |_| true,
                    extract,
                )
            })
            .unwrap_or_default()
        };
        let pos = sum(pos, pos_word);
        let ner = sum(ner, ner_word);
        Self {
            index,
            pos,
            ner,
            pos_fixed: vec![None; infos.len()],
            ner_fixed: vec![None; infos.len()],
            infos,
        }
    }

    /// Records the fixed labels of `shortcuts` for the forms among them
    /// that are one of the first [`SHORTCUT_FORMS`] of the table (labels
    /// beyond `pos` and `ner` classes are ignored).
    pub(crate) fn set_shortcuts(&mut self, shortcuts: &[Shortcut], pos: usize, ner: usize) {
        for s in shortcuts {
            let Some(&row) = self.index.get(&form_of(&s.form)) else {
                continue;
            };
            let row = row as usize;
            if row >= FIRST_FORM_ROW + SHORTCUT_FORMS {
                continue;
            }
            if let Some(k) = s.pos.filter(|&k| usize::from(k) < pos) {
                self.pos_fixed[row] = Some(k);
            }
            if let Some(k) = s.ner.filter(|&k| usize::from(k) < ner) {
                self.ner_fixed[row] = Some(k);
            }
        }
    }

    /// Number of rows (the paddings and the frequent forms).
    pub(crate) fn rows(&self) -> usize {
        self.infos.len()
    }

    /// The summary of the frequent form whose fingerprint is `form`: what
    /// [`token_info`] gives for it with the lexicon this table was made
    /// with.
    #[inline]
    pub(crate) fn info(&self, form: u64) -> Option<&TokenInfo> {
        let row = *self.index.get(&form)?;
        self.infos.get(row as usize)
    }

    /// The row of a frequent form.
    #[cfg(test)]
    pub(crate) fn row(&self, form: u64) -> Option<u32> {
        self.index.get(&form).copied()
    }

    /// The part-of-speech tag (`ner`: the entity label) a row's form
    /// always has, if any.
    #[inline]
    pub(crate) fn fixed(&self, row: u32, ner: bool) -> Option<usize> {
        let table = if ner {
            &self.ner_fixed
        } else {
            &self.pos_fixed
        };
        table.get(row as usize).copied().flatten().map(usize::from)
    }
}

/// The distinct word forms of a document that are not frequent ones, and
/// the form of each token.
pub(crate) struct Forms {
    /// Summary of each distinct form not in [`Frequent`] (row
    /// `Frequent::rows() + k` is `distinct[k]`).
    pub distinct: Vec<TokenInfo>,
    /// Per sentence, the row of each token, with [`PAD`] padding rows on
    /// each side (`rows[i + PAD]` is token `i`).
    pub rows: Vec<Vec<u32>>,
}

impl Forms {
    /// Finds the forms of a document's sentences.
    pub(crate) fn new(sentences: &[Vec<TokenInfo>], frequent: &Frequent) -> Self {
        let mut distinct = Vec::new();
        let mut index: FpMap<u32> = FpMap::default();
        let first = frequent.rows() as u32;
        let rows = sentences
            .iter()
            .map(|s| {
                let mut rows = Vec::with_capacity(s.len() + 2 * PAD);
                rows.extend([PAD_BEFORE_ROW; PAD]);
                for t in s {
                    if let Some(&row) = frequent.index.get(&t.form) {
                        rows.push(row);
                        continue;
                    }
                    let next = first + distinct.len() as u32;
                    let row = *index.entry(t.form).or_insert(next);
                    if row == next {
                        // The gazetteer match belongs to the position, not
                        // the form; word-level features never read it.
                        distinct.push(TokenInfo { gazetteer: 0, ..*t });
                    }
                    rows.push(row);
                }
                rows.extend([PAD_AFTER_ROW; PAD]);
                rows
            })
            .collect();
        Self { distinct, rows }
    }
}

/// Sums, for each of `infos` and each of [`OFFSETS`] that `wanted` asks
/// for (by index `form × OFFSETS.len() + offset`), the weights of the
/// features `extract` gives: `n` scores per wanted pair, in index order.
/// Pairs turned down take no room, so a document with many rare forms
/// does not zero and carry sums it never reads.
fn scores(
    weights: &Weights,
    n: usize,
    infos: &[TokenInfo],
    feats: &mut Vec<u64>,
    starts: &mut Vec<usize>,
    wanted: impl Fn(usize) -> bool,
    extract: impl Fn(&TokenInfo, isize, &mut Vec<u64>),
) -> Vec<f64> {
    feats.clear();
    starts.clear();
    for (j, t) in infos.iter().enumerate() {
        for (o, k) in OFFSETS.into_iter().enumerate() {
            if wanted(j * OFFSETS.len() + o) {
                starts.push(feats.len());
                extract(t, k, feats);
            }
        }
    }
    let made = starts.len();
    starts.push(feats.len());
    let mut values = vec![0.0; made * n];
    add_batched(weights, feats, starts, &mut values, n);
    values
}

/// Class scores of the word-level features of every form of a document,
/// at each of [`OFFSETS`]: the frequent forms' (summed at load) and the
/// others'.
pub(crate) struct WordScores<'a> {
    frequent: &'a [f64],
    first: usize,
    /// Per pair `form × OFFSETS.len() + offset` of a non-frequent form,
    /// the index of its sum in `values` ([`UNMADE`]: none was made).
    slots: Vec<u32>,
    values: Vec<f64>,
    n: usize,
}

/// The slot of a form and offset whose sum was not made.
const UNMADE: u32 = u32::MAX;

/// The sum read for a form and offset that was not made: all zero, as
/// summing no feature gives.
static NO_SCORES: Scores = [0.0; 256];

impl<'a> WordScores<'a> {
    /// Sums, for each form of `forms` that is not a frequent one and each
    /// offset, the weights of the features `extract` gives; `ner` says
    /// which classifier's frequent-form scores to use, and
    /// `unscored(sentence, position)` whether the classifier leaves a
    /// position unscored (a shortcut, a settled label).
    ///
    /// Only the sums that [`WordScores::add`] will read are made: those of
    /// the forms around positions the classifier scores. Most rare forms
    /// occur once, next to shortcut words (`the`, `,`, `said`) whose
    /// positions are never scored, so most of their sums are never read.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        weights: &Weights,
        n_classes: usize,
        frequent: &'a Frequent,
        ner: bool,
        forms: &Forms,
        unscored: impl Fn(usize, usize) -> bool,
        feats: &mut Vec<u64>,
        starts: &mut Vec<usize>,
        extract: impl Fn(&TokenInfo, isize, &mut Vec<u64>),
    ) -> Self {
        let first = frequent.rows();
        // First marks the pairs some scored position reads, then numbers
        // them in order: their sums' places in `values`.
        let mut slots = vec![UNMADE; forms.distinct.len() * OFFSETS.len()];
        for (s, rows) in forms.rows.iter().enumerate() {
            for (i, window) in rows.windows(OFFSETS.len()).enumerate() {
                if unscored(s, i) {
                    continue;
                }
                for (o, &row) in window.iter().enumerate() {
                    if let Some(local) = (row as usize).checked_sub(first) {
                        slots[local * OFFSETS.len() + o] = 0;
                    }
                }
            }
        }
        for (made, slot) in slots.iter_mut().filter(|s| **s != UNMADE).enumerate() {
            *slot = made as u32;
        }
        let values = scores(
            weights,
            n_classes,
            &forms.distinct,
            feats,
            starts,
            |k| slots[k] != UNMADE,
            extract,
        );
        Self {
            frequent: if ner { &frequent.ner } else { &frequent.pos },
            first,
            slots,
            values,
            n: n_classes,
        }
    }

    /// Adds to `out` the scores of the word-level features of the token
    /// at position `i` of a sentence whose rows are `rows` (as in
    /// [`Forms::rows`]).
    #[inline]
    pub(crate) fn add(&self, rows: &[u32], i: usize, out: &mut [f64]) {
        let n = self.n;
        let at = |k: usize| {
            let row = rows[i + k] as usize;
            let (values, start) = match row.checked_sub(self.first) {
                Some(local) => match self.slots.get(local * OFFSETS.len() + k) {
                    Some(&slot) if slot != UNMADE => (self.values.as_slice(), slot as usize * n),
                    _ => return &NO_SCORES[..n],
                },
                None => (self.frequent, (row * OFFSETS.len() + k) * n),
            };
            values.get(start..start + n).unwrap_or(&[])
        };
        let (before, this, after) = (at(0), at(1), at(2));
        for (((o, a), b), c) in out.iter_mut().zip(before).zip(this).zip(after) {
            *o += *a + *b + *c;
        }
    }
}

/// For each segment `starts[j]..starts[j + 1]` of `feats`, adds the
/// weights of its features to the `j`-th `n`-wide chunk of `out`; the
/// table slots of a few hundred features are touched first, so that their
/// memory loads overlap.
pub(crate) fn add_batched(
    weights: &Weights,
    feats: &[u64],
    starts: &[usize],
    out: &mut [f64],
    n: usize,
) {
    const BATCH: usize = 512;
    let mut scores: Scores = [0.0; 256];
    let segments = starts.len().saturating_sub(1);
    let mut j = 0;
    while j < segments {
        let mut end = j + 1;
        while end < segments && starts[end + 1] - starts[j] <= BATCH {
            end += 1;
        }
        weights.warm(&feats[starts[j]..starts[end]]);
        for k in j..end {
            let out = &mut out[k * n..(k + 1) * n];
            scores[..n].copy_from_slice(out);
            weights.add(&feats[starts[k]..starts[k + 1]], &mut scores);
            out.copy_from_slice(&scores[..n]);
        }
        j = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::model::Model;

    /// The summaries kept for frequent forms are those `token_info` gives
    /// (with the model's lexicon); other forms have none.
    #[test]
    fn frequent_forms_keep_their_summaries() {
        let model = Model::english().expect("the embedded model loads");
        let mut buf = String::new();
        for word in FREQUENT.lines().take(300).chain(["Hanoi", "1996", "U.S."]) {
            let info = model.frequent.info(form_of(word));
            let fresh = token_info(word, &model.lexicon, &mut buf);
            match info {
                Some(info) => assert_eq!(format!("{info:?}"), format!("{fresh:?}"), "{word}"),
                None => assert!(!FREQUENT.lines().any(|w| w == word), "{word}"),
            }
        }
        assert!(model.frequent.info(form_of("the")).is_some());
        assert!(model.frequent.info(form_of("Comissaria")).is_none());
    }

    /// Scores summed at load for frequent forms give the very tags of
    /// scores summed per document.
    #[test]
    fn frequent_forms_change_no_tag() {
        let model = Model::english().expect("the embedded model loads");
        let mut plain = model.clone();
        let (pos, ner) = plain.classes();
        plain.frequent = Frequent::paddings(&model.lexicon, pos, ner);
        assert!(model.frequent.rows() > 1000 && plain.frequent.rows() == 2);
        let text = "Showers continued throughout the week in the Bahia cocoa zone , \
            Comissaria Smith said in its weekly review .\n\
            EU rejects German call to boycott British lamb .\n\
            Peter Blackburn visited Hanoi on December 27 , 1996 , the U.S. embassy said .";
        let sentences: Vec<Vec<&str>> = text
            .lines()
            .map(|l| l.split_whitespace().collect())
            .collect();
        let gazetteer = Gazetteer::default();
        let a = model.tag(&gazetteer, &sentences, true, true);
        let b = plain.tag(&gazetteer, &sentences, true, true);
        assert_eq!(a, b);
        assert!(a.ner[1].contains(&"B-ORG") && a.pos[0][2] == "IN");
    }

    /// Forms of the table beyond the first [`SHORTCUT_FORMS`] only save
    /// lookups: a model with the whole table tags like one whose table
    /// holds just those forms, shortcuts included, on words past that rank
    /// that CoNLL-2003 never shows inside a name (`Revenue`, `Shares`).
    #[test]
    fn forms_past_the_shortcut_rank_change_no_tag() {
        let model = Model::english().expect("the embedded model loads");
        assert!(model.frequent.rows() > FIRST_FORM_ROW + SHORTCUT_FORMS);
        let mut small = model.clone();
        let (pos, ner) = model.classes();
        let first: String = FREQUENT
            .lines()
            .take(SHORTCUT_FORMS)
            .map(|l| format!("{l}\n"))
            .collect();
        small.frequent = Frequent::of_words(&first, &model.lexicon, pos, ner);
        let classes = |c: Option<(&Weights, usize)>| c.map_or(0, |c| c.1);
        small
            .frequent
            .set_shortcuts(&model.shortcuts, classes(pos), classes(ner));
        assert_eq!(small.frequent.rows(), FIRST_FORM_ROW + SHORTCUT_FORMS);
        let text = "The Inland Revenue said Mutual Shares Corp bought Federal funds .\n\
            Petroleum Revenue Tax relief was suspended , the draft said .\n\
            Unit Three of the Three Mile Island plant posted certain losses .";
        let sentences: Vec<Vec<&str>> = text
            .lines()
            .map(|l| l.split_whitespace().collect())
            .collect();
        let gazetteer = Gazetteer::default();
        let a = model.tag(&gazetteer, &sentences, true, true);
        let b = small.tag(&gazetteer, &sentences, true, true);
        assert_eq!(a, b);
        assert_eq!(a.ner[0][1..3], ["B-ORG", "I-ORG"], "Inland Revenue");
    }

    /// The sums `WordScores::new` leaves out are never read: at every
    /// position a classifier scores (no shortcut), `add` gives what the
    /// sums of every form at every offset give.
    #[test]
    fn word_scores_made_on_demand_are_the_ones_read() {
        let model = Model::english().expect("the embedded model loads");
        let text = "Comissaria Smith said the Bahia cocoa zone had showers , Smith said .\n\
            Peter Blackburn visited Hanoi and Haiphong on December 27 , 1996 .\n\
            Tremors\n\
            the of , said";
        let sentences: Vec<Vec<&str>> = text
            .lines()
            .map(|l| l.split_whitespace().collect())
            .collect();
        let infos = model.infos(&Gazetteer::default(), &sentences);
        let forms = Forms::new(&infos, &model.frequent);
        assert!(forms.distinct.len() > 5, "the text has rare forms");
        let (pos, ner) = model.classes();
        let mut scored = 0;
        for ((weights, n), ner, extract) in [
            (
                pos.expect("a tagger"),
                false,
                pos_word as fn(&TokenInfo, isize, &mut Vec<u64>),
            ),
            (ner.expect("a recognizer"), true, ner_word),
        ] {
            let (mut feats, mut starts) = (Vec::new(), Vec::new());
            let lazy = WordScores::new(
                weights,
                n,
                &model.frequent,
                ner,
                &forms,
                |s, i| model.frequent.fixed(forms.rows[s][i + PAD], ner).is_some(),
                &mut feats,
                &mut starts,
                extract,
            );
            // The sums of every form at every offset; the rest as `lazy`.
            let every = |_| true;
            let all = scores(
                weights,
                n,
                &forms.distinct,
                &mut feats,
                &mut starts,
                every,
                extract,
            );
            let full = WordScores {
                slots: (0..forms.distinct.len() * OFFSETS.len())
                    .map(|k| k as u32)
                    .collect(),
                values: all,
                ..lazy
            };
            assert!(
                lazy.values.len() < full.values.len(),
                "some sums are left out"
            );
            for rows in &forms.rows {
                for i in 0..rows.len() - 2 * PAD {
                    if model.frequent.fixed(rows[i + PAD], ner).is_some() {
                        continue;
                    }
                    let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
                    lazy.add(rows, i, &mut a);
                    full.add(rows, i, &mut b);
                    assert_eq!(a, b, "ner {ner}, position {i}");
                    scored += 1;
                }
            }
        }
        assert!(scored > 20);
    }
}
