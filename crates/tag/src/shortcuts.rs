//! Labels that frequent forms always have in the training data, which the
//! decoder gives without scoring the position.
//!
//! Half the tokens of English news are forms like `the`, `of`, `said`, `,`
//! whose part of speech hardly varies, and a third are forms that never
//! lie inside an entity; scoring them costs as much as scoring a name. A
//! form seen at least [`MIN_OCCURRENCES`] times in training whose POS tag
//! is the same in at least [`MIN_SHARE`] of them gets that tag; one never
//! inside an entity gets `O` (the "tag dictionary" of greedy taggers).
//! Only the first [`crate::words::SHORTCUT_FORMS`] forms that
//! [`crate::words::Frequent`] holds are shortcut, so the
//! check is a table lookup the decoder does anyway.
//!
//! Measured on CoNLL-2003 `valid.txt` through the pipeline: NER micro F1
//! 91.09 → 91.14, POS 95.16 → 95.17, the tag stage about 1.3× faster.

use crate::conll::ConllDocument;
use std::collections::HashMap;

/// Least number of training occurrences for a form to get a shortcut.
pub(crate) const MIN_OCCURRENCES: u32 = 10;
/// Least share of a form's occurrences its POS tag must have.
pub(crate) const MIN_SHARE: f64 = 0.97;

/// The fixed labels of one form (class indices of the model's tagger and
/// recognizer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shortcut {
    /// The form as written.
    pub form: String,
    /// Its part-of-speech tag, if fixed.
    pub pos: Option<u8>,
    /// Its entity label (`O`), if fixed.
    pub ner: Option<u8>,
}

/// Learns the shortcuts of `docs`: `pos_labels` is the tagger's label set
/// (empty: no POS shortcuts), `outside` the index of `O` among the
/// recognizer's labels (`None`: no entity shortcuts). Sorted by form.
pub(crate) fn learn(
    docs: &[ConllDocument],
    pos_labels: &[&str],
    outside: Option<usize>,
) -> Vec<Shortcut> {
    #[derive(Default)]
    struct Seen<'a> {
        count: u32,
        in_entity: bool,
        pos: HashMap<&'a str, u32>,
    }
    let mut seen: HashMap<&str, Seen<'_>> = HashMap::new();
    for t in docs.iter().flatten().flatten() {
        let s = seen.entry(t.word.as_str()).or_default();
        s.count += 1;
        s.in_entity |= t.ner != "O";
        *s.pos.entry(t.pos.as_str()).or_default() += 1;
    }
    let mut out: Vec<Shortcut> = seen
        .into_iter()
        .filter(|(_, s)| s.count >= MIN_OCCURRENCES)
        .filter_map(|(form, s)| {
            let majority = s
                .pos
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .filter(|(_, n)| f64::from(**n) >= MIN_SHARE * f64::from(s.count));
            let pos = majority
                .and_then(|(tag, _)| pos_labels.iter().position(|l| l == tag))
                .and_then(|k| u8::try_from(k).ok());
            let ner = outside
                .filter(|_| !s.in_entity)
                .and_then(|k| u8::try_from(k).ok());
            (pos.is_some() || ner.is_some()).then(|| Shortcut {
                form: form.to_owned(),
                pos,
                ner,
            })
        })
        .collect();
    out.sort_by(|a, b| a.form.cmp(&b.form));
    out
}

/// The shortcuts of one classifier only (`pos`: the tagger's, else the
/// recognizer's), the other label cleared.
pub(crate) fn of_one(shortcuts: &[Shortcut], pos: bool) -> Vec<Shortcut> {
    shortcuts
        .iter()
        .filter(|s| {
            if pos {
                s.pos.is_some()
            } else {
                s.ner.is_some()
            }
        })
        .map(|s| Shortcut {
            form: s.form.clone(),
            pos: s.pos.filter(|_| pos),
            ner: s.ner.filter(|_| !pos),
        })
        .collect()
}

/// The shortcuts of a model pairing the tagger of `pos_of` with the
/// recognizer of `ner_of` (both sorted by form; so is the result).
pub(crate) fn paired(pos_of: &[Shortcut], ner_of: &[Shortcut]) -> Vec<Shortcut> {
    let mut out = of_one(ner_of, false);
    for s in of_one(pos_of, true) {
        match out.binary_search_by(|m| m.form.cmp(&s.form)) {
            Ok(i) => out[i].pos = s.pos,
            Err(i) => out.insert(i, s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::ConllToken;

    fn token(word: &str, pos: &str, ner: &str) -> ConllToken {
        ConllToken {
            word: word.into(),
            pos: pos.into(),
            ner: ner.into(),
        }
    }

    /// `model`'s entity labels (and with `pos` its tags) of one sentence
    /// split on spaces, without a gazetteer.
    fn tag_one(model: &crate::model::Model, sentence: &str, pos: bool) -> crate::model::Tagged {
        let sentences = vec![sentence.split(' ').collect::<Vec<_>>()];
        model.tag(
            &crate::gazetteer::Gazetteer::default(),
            &sentences,
            pos,
            true,
        )
    }

    #[test]
    fn frequent_unambiguous_forms_get_their_labels() {
        let mut sentence = Vec::new();
        for i in 0..40 {
            sentence.push(token("the", "DT", "O"));
            // `said`: VBD 39 times out of 40 (97.5 %), never in an entity.
            sentence.push(token("said", if i == 0 { "VBN" } else { "VBD" }, "O"));
            // `that`: too ambiguous for a tag; still never in an entity.
            sentence.push(token("that", if i % 3 == 0 { "DT" } else { "IN" }, "O"));
            // `Bank`: always NNP, once in an entity.
            sentence.push(token("Bank", "NNP", if i == 7 { "B-ORG" } else { "O" }));
        }
        for _ in 0..(MIN_OCCURRENCES - 1) {
            sentence.push(token("rare", "JJ", "O"));
        }
        let docs = vec![vec![sentence]];
        let pos = ["DT", "IN", "NNP", "VBD", "VBN"];
        let got = learn(&docs, &pos, Some(0));
        let find = |w: &str| got.iter().find(|s| s.form == w).cloned();
        let dt = Some(0);
        assert_eq!(find("the").map(|s| (s.pos, s.ner)), Some((dt, Some(0))));
        assert_eq!(
            find("said").map(|s| (s.pos, s.ner)),
            Some((Some(3), Some(0)))
        );
        assert_eq!(find("that").map(|s| (s.pos, s.ner)), Some((None, Some(0))));
        assert_eq!(find("Bank").map(|s| (s.pos, s.ner)), Some((Some(2), None)));
        assert_eq!(find("rare"), None, "seen fewer than MIN_OCCURRENCES times");
        let forms: Vec<&str> = got.iter().map(|s| s.form.as_str()).collect();
        assert!(forms.windows(2).all(|w| w[0] < w[1]), "sorted: {forms:?}");
        // Without a recognizer (no `O`), only POS shortcuts remain.
        assert!(learn(&docs, &pos, None).iter().all(|s| s.ner.is_none()));
    }

    /// The shipped model carries its shortcuts through a save and load;
    /// a format-3 file (no table) still reads and tags an ordinary
    /// sentence as the shortcuts do.
    #[test]
    fn models_keep_their_shortcuts_and_old_files_read() {
        use crate::model::Model;
        let model = Model::english().expect("the embedded model loads");
        assert!(model.shortcuts.len() > 1000, "{}", model.shortcuts.len());
        let bytes = model.to_bytes().expect("model encodes");
        let again = Model::from_bytes(&bytes).expect("model decodes");
        assert_eq!(again.shortcuts, model.shortcuts);

        let raw = zstd::decode_all(bytes.as_slice()).expect("zstd");
        let mut table = Vec::new();
        crate::model::write_shortcuts(&mut table, &model.shortcuts);
        let mut old = raw[..raw.len() - table.len()].to_vec();
        old[5] = 3;
        let old = zstd::encode_all(old.as_slice(), 1).expect("zstd");
        let old = Model::from_bytes(&old).expect("a format-3 model reads");
        assert!(old.shortcuts.is_empty());
        // A tagger taken from another model brings its POS shortcuts (tags
        // index that model's tag set) and keeps this model's entity ones.
        let mut paired = old.clone();
        paired.take_pos_of(&model);
        let pos_only = of_one(&model.shortcuts, true);
        assert!(pos_only.len() > 500 && pos_only.iter().all(|s| s.ner.is_none()));
        assert_eq!(paired.shortcuts, pos_only);
        let mut back = paired.clone();
        back.shortcuts = model.shortcuts.clone();
        back.take_pos_of(&paired);
        assert_eq!(back.shortcuts, model.shortcuts);

        let sentence = "The European Commission said on Thursday it disagreed with German advice .";
        let with = tag_one(&model, sentence, true);
        assert_eq!(with, tag_one(&old, sentence, true));
        assert_eq!(with.pos[0][..4], ["DT", "NNP", "NNP", "VBD"]);
        assert_eq!(with.ner[0][..3], ["O", "B-ORG", "I-ORG"]);

        // Shortcut forms: `the` is DT and `said` outside every entity.
        let row = |w: &str| {
            let info = crate::features::token_info(w, &model.lexicon, &mut String::new());
            model.frequent.row(info.form).expect("a frequent form")
        };
        let dt = model
            .pos
            .as_ref()
            .and_then(|c| c.labels.iter().position(|l| *l == "DT"));
        let o = model
            .ner
            .as_ref()
            .and_then(|c| c.labels.iter().position(|l| *l == "O"));
        assert_eq!(model.frequent.fixed(row("the"), false), dt);
        assert_eq!(model.frequent.fixed(row("said"), true), o);
        assert!(model.frequent.fixed(row("said"), false).is_some());
    }

    /// A two-pass recognizer gives shortcut forms their fixed label in its
    /// second pass too (their static scores were never computed).
    #[test]
    fn the_second_pass_keeps_the_shortcuts() {
        use crate::model::Model;
        let mut model = Model::english().expect("the embedded model loads");
        // A label the scores would never give `said`, so the test sees
        // whether the shortcut was followed.
        let person = model.ner.as_ref().and_then(|c| {
            c.labels
                .iter()
                .position(|l| *l == "U-PER")
                .or_else(|| c.labels.iter().position(|l| *l == "B-PER"))
        });
        let person = person.and_then(|k| u8::try_from(k).ok());
        assert!(person.is_some(), "the model has a person label");
        for s in &mut model.shortcuts {
            if s.form == "said" {
                s.ner = person;
            }
        }
        model.refresh();
        let sentence = "The minister said on Thursday that talks went well .";
        let one_pass = tag_one(&model, sentence, false);
        assert_eq!(one_pass.ner[0][2], "B-PER");
        model.two_pass = true;
        let two_pass = tag_one(&model, sentence, false);
        assert_eq!(two_pass.ner[0][2], "B-PER");
    }
}
