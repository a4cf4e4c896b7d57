//! insta snapshots of the generated code for a few representative modules: block (token, POST),
//! compare (templated), clientlogin (dynamic parameters), edit, upload (file), query+allpages
//! (generator, limit), query+revisions, main. Each of them also compiles under `#![deny(warnings)]`
//! in tests/build-rs-example, which generates exactly these modules from its build script.

use mwgen_tests::spec_dir;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn files() -> &'static BTreeMap<String, String> {
    static FILES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    FILES.get_or_init(|| mwgen::Builder::new().spec(spec_dir()).render().expect("the spec renders").files)
}

fn snap(file: &str) {
    let text = files().get(file).unwrap_or_else(|| panic!("{file} is generated"));
    let name = file.trim_end_matches(".rs").replace('/', "__");
    insta::assert_snapshot!(name, text);
}

#[test]
fn block() {
    snap("action/block.rs");
}

#[test]
fn compare() {
    snap("action/compare.rs");
}

#[test]
fn clientlogin() {
    snap("action/clientlogin.rs");
}

#[test]
fn edit() {
    snap("action/edit.rs");
}

#[test]
fn upload() {
    snap("action/upload.rs");
}

#[test]
fn allpages() {
    snap("list/allpages.rs");
}

#[test]
fn revisions() {
    snap("prop/revisions.rs");
}

#[test]
fn main_module() {
    snap("main/main.rs");
}

/// The checked-in crate is what the generator gives today (the same check as `mwgen check`).
#[test]
fn checked_in_crate_is_up_to_date() {
    let rendered = mwgen::Builder::new().spec(spec_dir()).cargo_features(true).render().expect("renders");
    let dir = mwgen_tests::workspace().join("generated/src");
    let mut files = rendered.files;
    files.insert(
        "lib.rs".into(),
        mwgen::emit::crate_lib("spec/mediawiki-1.39", &rendered.spec.wiki.generator).expect("lib.rs"),
    );
    let diff = mwgen::write::check_files(&dir, &files);
    assert!(diff.is_empty(), "generated/src is stale; run `cargo run -p mwgen -- generate`:\n{diff}");
}

/// Generation is deterministic: two renders give the same bytes.
#[test]
fn rendering_twice_gives_identical_bytes() {
    let again = mwgen::Builder::new().spec(spec_dir()).render().expect("renders").files;
    assert!(&again == files(), "two renders differ");
}
