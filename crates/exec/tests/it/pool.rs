//! Several engine threads sharing a pool of workers, and shutdown.

use super::failures::alive;
use super::{doc, exec, fixture};
use docpipe_core::Outcome;
use serde_json::json;
use std::collections::BTreeSet;

#[test]
fn concurrent_calls_each_use_one_worker_and_all_get_their_answer() {
    let built = exec(json!({"command": ["python3", fixture("crash.py")], "workers": 3}));
    let stage = &*built.stage;
    let pids: BTreeSet<u64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|t| {
                s.spawn(move || {
                    let mut pids = Vec::new();
                    for i in 0..20 {
                        let id = format!("t{t}-{i}");
                        let mut d = doc(&id, &format!("text of {id}"));
                        assert_eq!(stage.process(&mut d).unwrap(), Outcome::Keep);
                        assert_eq!(d.id, id);
                        assert_eq!(d.text, format!("text of {id}"));
                        pids.push(d.attrs["fx"]["pid"].as_u64().unwrap());
                    }
                    pids
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(!pids.is_empty() && pids.len() <= 3, "{pids:?}");
}

#[test]
fn dropping_the_stage_ends_every_worker() {
    let built =
        exec(json!({"command": ["python3", fixture("hang.py")], "workers": 2, "timeout": "10s"}));
    let stage = &*built.stage;
    let pids: Vec<u64> = std::thread::scope(|s| {
        let a = s.spawn(|| {
            let mut d = doc("a", "x");
            stage.process(&mut d).unwrap();
            d.attrs["fx"]["pid"].as_u64().unwrap()
        });
        let b = s.spawn(|| {
            let mut d = doc("b", "y");
            stage.process(&mut d).unwrap();
            d.attrs["fx"]["pid"].as_u64().unwrap()
        });
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    assert!(pids.iter().all(|p| alive(*p)));
    drop(built);
    assert!(pids.iter().all(|p| !alive(*p)), "{pids:?}");
}

#[test]
fn building_starts_nothing() {
    // A program that would fail loudly if started: building must not start it.
    let marker = std::env::temp_dir().join(format!("docpipe-exec-started-{}", std::process::id()));
    let _ = std::fs::remove_file(&marker);
    let built = exec(json!({"command": ["touch", marker.display().to_string()]}));
    drop(built);
    assert!(!marker.exists());
}
