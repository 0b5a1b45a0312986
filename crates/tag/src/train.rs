//! Training the tagger and the recognizer from CoNLL data: averaged
//! perceptrons, trained online with greedy decoding (the decoder sees its
//! own previous decisions, as at run time), documents shuffled each epoch
//! with a seeded generator, so training is deterministic.

use crate::conll::ConllDocument;
use crate::error::TagError;
use crate::features::{
    DocContext, TokenInfo, Window, is_caps_sentence, ner_features, pos_features,
};
use crate::gazetteer::Gazetteer;
use crate::lexicon::Lexicon;
use crate::model::{Classifier, Model, NONE, NerLabels, intern, to_bilou};
use crate::perceptron::{Trainer, best};
use crate::words::Frequent;

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the shuffling of documents between epochs.
    pub seed: u64,
    /// Train the part-of-speech tagger (needs the POS column).
    pub pos: bool,
    /// Train the entity recognizer.
    pub ner: bool,
    /// Features seen fewer times than this are left out of the model.
    pub min_count: u32,
    /// Averaged weights smaller than this (in absolute value) are left out.
    pub min_weight: f32,
    /// Encode entities as BILOU (begin, inside, last, unit) instead of
    /// IOB2 while training; output is IOB2 either way.
    pub bilou: bool,
    /// Run the recognizer twice over each document, the second time with
    /// document-wide features from the first pass's labels (both passes
    /// train; on CoNLL-2003 this did not beat one pass, so it is off).
    pub two_pass: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            epochs: 10,
            seed: 1,
            pos: true,
            ner: true,
            min_count: 1,
            min_weight: 0.01,
            bilou: false,
            two_pass: false,
        }
    }
}

/// What training reports after each epoch.
#[derive(Debug, Clone)]
pub struct EpochReport {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Training tokens whose POS guess was wrong during the epoch.
    pub pos_errors: usize,
    /// Training tokens whose entity guess was wrong during the epoch.
    pub ner_errors: usize,
    /// Training tokens.
    pub tokens: usize,
}

/// A splitmix64 generator: small, seeded, the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        crate::fingerprint::finalize(self.0)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

struct Prepared {
    infos: Vec<Vec<TokenInfo>>,
    pos: Vec<Vec<usize>>,
    ner: Vec<Vec<usize>>,
}

fn label_set<'a>(
    docs: &'a [ConllDocument],
    pick: impl Fn(&'a crate::conll::ConllToken) -> &'a str,
) -> Vec<&'static str> {
    let mut labels: Vec<&str> = docs.iter().flatten().flatten().map(pick).collect();
    labels.sort_unstable();
    labels.dedup();
    labels.into_iter().map(intern).collect()
}

/// Trains a model on CoNLL documents. `on_epoch` is called after each epoch
/// with the epoch's report and the model averaged so far (to score it on
/// development data).
pub fn train(
    docs: &[ConllDocument],
    gazetteer: &Gazetteer,
    lexicon: Lexicon,
    config: &TrainConfig,
    mut on_epoch: impl FnMut(&EpochReport, &Model),
) -> Result<Model, TagError> {
    if docs.iter().flatten().flatten().next().is_none() {
        return Err(TagError::NoData("the training files hold no token".into()));
    }
    let encoded: Vec<Vec<Vec<String>>> = docs
        .iter()
        .map(|d| {
            d.iter()
                .map(|s| {
                    let tags: Vec<&str> = s.iter().map(|t| t.ner.as_str()).collect();
                    if config.bilou {
                        to_bilou(&tags)
                    } else {
                        tags.iter().map(|t| (*t).to_owned()).collect()
                    }
                })
                .collect()
        })
        .collect();
    let pos_labels = label_set(docs, |t| t.pos.as_str());
    let mut ner_labels: Vec<&'static str> = encoded
        .iter()
        .flatten()
        .flatten()
        .map(|l| intern(l))
        .collect();
    ner_labels.sort_unstable();
    ner_labels.dedup();
    if ner_labels.len() > 255 || pos_labels.len() > 255 {
        return Err(TagError::NoData("more than 255 distinct tags".into()));
    }
    let outside = ner_labels.iter().position(|l| *l == "O");
    let shell = Model {
        pos: None,
        ner: None,
        frequent: Frequent::paddings(&lexicon, None, None),
        lexicon,
        two_pass: config.two_pass,
        shortcuts: crate::shortcuts::learn(
            docs,
            if config.pos { &pos_labels[..] } else { &[] },
            outside.filter(|_| config.ner),
        ),
    };
    let prepared: Vec<Prepared> = docs
        .iter()
        .zip(&encoded)
        .map(|(d, enc)| {
            let words: Vec<Vec<&str>> = d
                .iter()
                .map(|s| s.iter().map(|t| t.word.as_str()).collect())
                .collect();
            let index = |labels: &[&str], l: &str| labels.iter().position(|x| *x == l).unwrap_or(0);
            Prepared {
                infos: shell.infos(gazetteer, &words),
                pos: d
                    .iter()
                    .map(|s| s.iter().map(|t| index(&pos_labels, &t.pos)).collect())
                    .collect(),
                ner: enc
                    .iter()
                    .map(|s| s.iter().map(|t| index(&ner_labels, t)).collect())
                    .collect(),
            }
        })
        .collect();
    let ner_info = NerLabels::new(&ner_labels);
    let mut pos_t = Trainer::new(pos_labels.len());
    let mut ner_t = Trainer::new(ner_labels.len());
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = Rng(config.seed);
    let mut feats = Vec::with_capacity(64);
    let mut pos_scores = vec![0.0f32; pos_labels.len()];
    let mut ner_scores = vec![0.0f32; ner_labels.len()];
    let mut model = shell;
    for epoch in 1..=config.epochs {
        rng.shuffle(&mut order);
        let mut report = EpochReport {
            epoch,
            pos_errors: 0,
            ner_errors: 0,
            tokens: 0,
        };
        for &d in &order {
            let p = &prepared[d];
            let mut doc = DocContext::gather(&p.infos);
            report.tokens += p.infos.iter().map(Vec::len).sum::<usize>();
            for (s, infos) in p.infos.iter().enumerate() {
                if !config.pos {
                    break;
                }
                let w = Window::new(infos);
                let (mut p1, mut p2) = (NONE, NONE);
                for i in 0..infos.len() {
                    pos_features(&w, i, p1, p2, &mut feats);
                    pos_t.tick();
                    pos_t.score(&feats, &mut pos_scores);
                    let guess = best(&pos_scores, |_| true);
                    let gold = p.pos[s][i];
                    report.pos_errors += usize::from(guess != gold);
                    pos_t.update(&feats, gold, guess);
                    (p2, p1) = (p1, guess as u64);
                }
            }
            if !config.ner {
                continue;
            }
            let passes = if config.two_pass { 2 } else { 1 };
            let mut kinds: Vec<Vec<usize>> = Vec::with_capacity(p.infos.len());
            for pass in 0..passes {
                let last = pass + 1 == passes;
                if pass == 1 {
                    doc.start_second_pass(&p.infos, &kinds);
                }
                for (s, infos) in p.infos.iter().enumerate() {
                    let w = Window::new(infos);
                    doc.caps_sentence = is_caps_sentence(infos);
                    let (mut p1, mut p2) = (NONE, NONE);
                    let mut prev = None;
                    let mut sentence_kinds = Vec::with_capacity(infos.len());
                    for (i, info) in infos.iter().enumerate() {
                        ner_features(&w, i, p1, p2, &doc, &mut feats);
                        ner_t.tick();
                        ner_t.score(&feats, &mut ner_scores);
                        let guess = best(&ner_scores, |l| ner_info.allowed(prev, l));
                        let gold = p.ner[s][i];
                        if last {
                            report.ner_errors += usize::from(guess != gold);
                        }
                        ner_t.update(&feats, gold, guess);
                        if pass == 0 && (info.capitalized || info.all_caps) {
                            doc.remember(info.lower, ner_info.kind[guess]);
                        }
                        sentence_kinds.push(ner_info.kind[guess]);
                        (p2, p1, prev) = (p1, guess as u64, Some(guess));
                    }
                    if pass == 0 {
                        kinds.push(sentence_kinds);
                    }
                }
            }
        }
        model.pos = config.pos.then(|| {
            Classifier::pos(
                pos_labels.clone(),
                pos_t.finish(config.min_count, config.min_weight),
            )
        });
        model.ner = config.ner.then(|| {
            Classifier::ner(
                ner_labels.clone(),
                ner_t.finish(config.min_count, config.min_weight),
            )
        });
        model.refresh();
        on_epoch(&report, &model);
    }
    Ok(model)
}

/// Scores of a model on gold CoNLL documents, tagged with the gold
/// tokenization (the pipeline-level score is `docpipe-eval tag`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DevScore {
    /// Share of tokens with the gold part-of-speech tag, in percent.
    pub pos_accuracy: f64,
    /// Micro-averaged exact-span entity F1, in percent.
    pub ner_f1: f64,
}

/// Tags gold documents with `model` and scores the result.
pub fn evaluate(model: &Model, gazetteer: &Gazetteer, docs: &[ConllDocument]) -> DevScore {
    let (mut pos_ok, mut n) = (0usize, 0usize);
    let (mut tp, mut predicted, mut gold_n) = (0usize, 0usize, 0usize);
    for d in docs {
        let words: Vec<Vec<&str>> = d
            .iter()
            .map(|s| s.iter().map(|t| t.word.as_str()).collect())
            .collect();
        let tagged = model.tag(gazetteer, &words, true, true);
        for (si, s) in d.iter().enumerate() {
            for (ti, t) in s.iter().enumerate() {
                n += 1;
                if tagged.pos.get(si).and_then(|p| p.get(ti)) == Some(&t.pos.as_str()) {
                    pos_ok += 1;
                }
            }
            let gold: Vec<&str> = s.iter().map(|t| t.ner.as_str()).collect();
            let g = crate::conll::spans(&gold);
            let p = crate::conll::spans(tagged.ner.get(si).map_or(&[][..], |v| v.as_slice()));
            tp += p.iter().filter(|x| g.contains(x)).count();
            predicted += p.len();
            gold_n += g.len();
        }
    }
    let prec = tp as f64 / predicted.max(1) as f64;
    let rec = tp as f64 / gold_n.max(1) as f64;
    DevScore {
        pos_accuracy: 100.0 * pos_ok as f64 / n.max(1) as f64,
        ner_f1: if prec + rec > 0.0 {
            100.0 * 2.0 * prec * rec / (prec + rec)
        } else {
            0.0
        },
    }
}
