//! Properties that hold for any text: indices in range, ordered, unique;
//! budgets honoured; keyphrases sorted and bounded.

use crate::split::document;
use docpipe_core::{Outcome, StageDescriptor};
use docpipe_summarize::SummarizeSpec;
use proptest::prelude::*;

fn sentence() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Hanoi", "rice", "exports", "the", "rose", "bank", "said", "of", "growth", "ASEAN",
        "leaders", "met", "in", "2024", "Việt", "Nam's", "trade", "fell", "a", "new", "deal",
    ]);
    (
        prop::collection::vec(word, 1..15),
        prop::sample::select(vec![".", "!", "?"]),
    )
        .prop_map(|(w, end)| format!("{}{end}", w.join(" ")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn summaries_are_well_formed(
        sents in prop::collection::vec(sentence(), 0..25),
        n in 1usize..6,
        budget in prop::option::of(5usize..60),
    ) {
        let text = sents.join(" ");
        let options = match budget {
            Some(w) => serde_json::json!({"words": w, "keyphrases": 5}),
            None => serde_json::json!({"sentences": n, "keyphrases": 5}),
        };
        let stage = StageDescriptor::of::<SummarizeSpec>().build(options).unwrap().stage;
        let mut doc = document("p", &text);
        let count = doc.sentences.as_ref().map_or(0, Vec::len);
        match stage.process(&mut doc).unwrap() {
            Outcome::Drop(_) => prop_assert_eq!(count, 0),
            Outcome::Keep => {
                let s = doc.summary.clone().unwrap();
                prop_assert!(!s.sentences.is_empty());
                prop_assert!(s.sentences.windows(2).all(|w| w[0] < w[1]));
                prop_assert!(s.sentences.iter().all(|&i| i < count));
                match budget {
                    Some(w) if s.sentences.len() > 1 => {
                        prop_assert!(s.text.split_whitespace().count() <= w);
                    }
                    Some(_) => {}
                    None => prop_assert_eq!(s.sentences.len(), n.min(count)),
                }
                let k = doc.keyphrases.clone().unwrap();
                prop_assert!(k.len() <= 5);
                prop_assert!(k.windows(2).all(|w| w[0].score >= w[1].score));
                prop_assert!(k.iter().all(|p| p.score > 0.0 && p.score <= 1.0));
                let mut again = document("p", &text);
                stage.process(&mut again).unwrap();
                prop_assert_eq!(again, doc);
            }
        }
    }
}
