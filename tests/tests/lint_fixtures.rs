//! `mwgen lint` fixtures: a valid mini spec (fixtures/lint/base) and one case per problem
//! (fixtures/lint/cases/NAME), whose files replace or join the base's. Each case's `expected.txt` holds
//! the exact diagnostics, positions included. `MWGEN_BLESS=1` rewrites them (review the diff!).

use mwgen::spec::Spec;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lint")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("readable fixture dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_tree(&entry.path(), &target);
        } else if !matches!(entry.file_name().to_str(), Some("expected.txt" | "DELETE")) {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Loads base + case and renders the diagnostics with paths relative to the spec root.
fn run_case(case: &Path) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixtures().join("base"), dir.path());
    copy_tree(case, dir.path());
    if let Ok(list) = std::fs::read_to_string(case.join("DELETE")) {
        for rel in list.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(dir.path().join(rel)).expect("file named in DELETE exists");
        }
    }
    match Spec::load(dir.path()) {
        Ok(_) => "ok\n".to_string(),
        Err(e) => {
            let root = format!("{}/", dir.path().display());
            format!("{e}\n").replace(&root, "")
        }
    }
}

#[test]
fn base_spec_is_valid() {
    let spec = Spec::load(fixtures().join("base")).expect("the base lint fixture is valid");
    assert_eq!(spec.modules.len(), 2);
}

#[test]
fn every_case_reports_exactly_its_expected_problems() {
    let bless = std::env::var_os("MWGEN_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures().join("cases"))
        .expect("cases dir")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "expected one case per lint problem, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let actual = run_case(case);
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &actual).expect("write expected.txt");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "case {}:\n--- expected\n{expected}--- actual\n{actual}",
                case.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
        assert_ne!(actual, "ok\n", "case {} must fail lint", case.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
