//! The whole generated crate: the checked-in `generated/src` is what the generator gives today, and
//! rendering is deterministic. What the generator emits for each feature (a templated parameter, a
//! generator, a keyword-named parameter, …) is checked by `gen_fixtures.rs` against tiny specs in
//! `tests/fixtures/gen/`, which replaced the snapshots of whole real modules that were here.

use mwgen_tests::spec_dir;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn files() -> &'static BTreeMap<String, String> {
    static FILES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    FILES.get_or_init(|| mwgen::Builder::new().spec(spec_dir()).render().expect("the spec renders").files)
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
