//! `mwgen responses --corpus`: learning into a spec directory, twice (the second run changes nothing),
//! and a failure that leaves the spec untouched.

use mwgen::responses::plan::Credentials;
use mwgen::responses::record::{self, Record};
use mwgen::responses::{learn, From, Learn};
use serde_json::json;
use std::path::{Path, PathBuf};

fn copy_spec(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/mediawiki-1.39");
    std::fs::create_dir_all(to).expect("mkdir");
    let mut stack = vec![from.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("readable") {
            let p = e.expect("entry").path();
            let target = to.join(p.strip_prefix(&from).expect("below"));
            if p.is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
                stack.push(p);
            } else {
                std::fs::copy(&p, &target).expect("copy");
            }
        }
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read_to_string(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

fn run(spec: &Path, corpus: &Path) -> Result<mwgen::responses::Summary, mwgen::responses::LearnError> {
    let l = Learn {
        spec: spec.to_path_buf(),
        from: From::Corpus(corpus.to_path_buf()),
        record: None,
        delay: Default::default(),
        modules: vec![],
        php: None,
        credentials: Credentials::default(),
    };
    learn(&l, &mut |_| {})
}

#[test]
fn a_second_run_on_the_same_records_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("spec");
    copy_spec(&spec);
    // A shape that differs from the checked-in one, so that the first run writes.
    let records = vec![Record {
        method: "POST".into(),
        query: "action=block&user=192.0.2.7&format=json&formatversion=2".into(),
        response: json!({"block": {"user": "192.0.2.7", "userID": 0, "expiry": "2026-01-01T00:00:00Z", "id": 9, "newfield": 1.5}}),
    }];
    let corpus = dir.path().join("corpus.jsonl");
    record::write(&corpus, &records).expect("write corpus");
    let first = run(&spec, &corpus).expect("first run");
    assert_eq!(first.applied.changed, ["action/block.yaml"]);
    let text = std::fs::read_to_string(spec.join("action/block.yaml")).expect("block.yaml");
    assert!(text.contains("    newfield:\n      type: number\n"), "{text}");
    let before = snapshot(&spec);
    let second = run(&spec, &corpus).expect("second run");
    assert!(second.applied.changed.is_empty(), "{:?}", second.applied.changed);
    assert_eq!(snapshot(&spec), before);
    mwgen::spec::Spec::load(&spec).expect("the result passes lint");
}

#[test]
fn a_bad_corpus_leaves_the_spec_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("spec");
    copy_spec(&spec);
    let before = snapshot(&spec);
    let corpus = dir.path().join("corpus.jsonl");
    let good =
        Record { method: "GET".into(), query: "action=query&list=allpages".into(), response: json!({}) };
    std::fs::write(&corpus, format!("{}\n{{\"method\": \"GET\"\n", good.to_line())).expect("write");
    let err = run(&spec, &corpus).expect_err("line 2 is not a record");
    assert!(err.to_string().contains("corpus.jsonl:2: not a record"), "{err}");
    assert_eq!(snapshot(&spec), before);
}
