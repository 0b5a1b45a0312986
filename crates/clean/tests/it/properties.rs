//! Property tests: cleaning is idempotent, never panics on arbitrary
//! Unicode, and never invents text.

use crate::{clean, stage};
use docpipe_core::Document;
use proptest::prelude::*;
use std::collections::HashSet;

/// Lines of news-page shapes mixed with arbitrary Unicode.
fn page() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("Home » News » World".to_owned()),
        Just("Leave a Comment".to_owned()),
        Just("By Jane Doe".to_owned()),
        Just("December 26, 2017 3:17 PM GMT+7".to_owned()),
        Just("Related articles".to_owned()),
        Just("Markets rally as oil slumps".to_owned()),
        Just(
            "The central bank said on Tuesday that it would keep rates on hold for now.".to_owned()
        ),
        Just("He declined to comment.".to_owned()),
        Just(
            "(AFP) – Officials met in the capital on Monday to discuss the budget plan.".to_owned()
        ),
        Just("Vietnamâ€™s cafÃ© , ok".to_owned()),
        Just(String::new()),
        "\\PC{0,60}",
        any::<String>(),
    ];
    prop::collection::vec(line, 0..14).prop_map(|v| v.join("\n"))
}

fn words(s: &str) -> HashSet<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn idempotent(text in page()) {
        let (mut doc, _) = clean(&text);
        let once = doc.text.clone();
        stage().process(&mut doc).expect("clean never errors");
        prop_assert_eq!(doc.text, once);
    }

    #[test]
    fn never_panics(text in any::<String>()) {
        let mut doc = Document::new("p", text);
        let _ = stage().process(&mut doc);
    }

    #[test]
    fn never_invents_text(text in page()) {
        let (doc, _) = clean(&text);
        // Normalizing the input alone (no furniture removal) gives every
        // word the output may contain.
        let mut plain = Document::new("n", text);
        let keep_all = docpipe_core::StageDescriptor::of::<docpipe_clean::CleanSpec>()
            .build(serde_json::json!({"remove_furniture": false, "drop_foreign_lines": false}))
            .expect("options build")
            .stage;
        keep_all.process(&mut plain).expect("clean never errors");
        let allowed = words(&plain.text);
        for w in words(&doc.text) {
            prop_assert!(allowed.contains(&w), "invented word {:?}", w);
        }
        let lines: HashSet<&str> = plain.text.lines().collect();
        for line in doc.text.lines() {
            prop_assert!(lines.iter().any(|l| l.contains(line)), "invented line {:?}", line);
        }
    }
}
