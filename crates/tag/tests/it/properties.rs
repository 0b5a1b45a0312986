//! Invariants on arbitrary text: spans in bounds, on char boundaries,
//! ordered and disjoint; entity text is the slice it names.

use crate::{segmented, tag};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn entity_spans_are_valid(words in proptest::collection::vec(
        prop_oneof![
            "[A-Z][a-z]{1,8}", "[a-z]{1,8}", "[0-9]{1,4}", Just("Hà".to_owned()), Just("Nội".to_owned()),
            Just("$".to_owned()), Just("%".to_owned()), Just("December".to_owned()), Just(".".to_owned()),
            Just("\n".to_owned()), Just("per".to_owned()), Just("cent".to_owned()), Just("Mr".to_owned()),
        ],
        0..40,
    )) {
        let text = words.join(" ");
        let doc = tag(segmented("p", &text));
        prop_assert!(doc.check_spans().is_ok());
        let mut last_end = 0;
        for e in doc.entities.as_deref().unwrap_or(&[]) {
            prop_assert!(e.start < e.end && e.start >= last_end);
            prop_assert_eq!(&doc.text[e.start..e.end], e.text.as_str());
            last_end = e.end;
        }
    }
}
