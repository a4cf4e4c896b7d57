//! Live: importing from the running wiki (tests/mediawiki/up.sh) gives exactly the checked-in spec.

use mwgen::paraminfo::{fetch, import, ImportError};
use mwgen::spec::WikiInfo;
use mwgen_tests::{live_api_url, spec_dir, text_diff};

#[test]
fn live_import_equals_the_checked_in_spec() {
    let Some(api) = live_api_url("live_import_equals_the_checked_in_spec") else { return };
    let out = tempfile::tempdir().expect("tempdir");
    let target = out.path().join("spec");
    let mut imported = fetch::from_url(&api).expect("import from the live wiki");
    // paraminfo has no responses: take the learned ones from the checked-in spec, as a re-import does.
    import::keep_responses(&mut imported, &spec_dir()).expect("read the checked-in spec");
    let report = import::write_spec(&imported, &target).expect("write");
    assert_eq!(report.modules, 121);
    assert_eq!(report.parameters, 962);
    for (rel, text) in import::render(&imported).expect("render") {
        let on_disk = std::fs::read_to_string(spec_dir().join(&rel)).unwrap_or_default();
        let written = std::fs::read_to_string(target.join(&rel)).expect("written file");
        assert_eq!(written, text);
        if rel == "wiki.yaml" {
            // Only where and when it was asked may differ.
            let a: WikiInfo = serde_yaml::from_str(&on_disk).expect("checked-in wiki.yaml");
            let b: WikiInfo = serde_yaml::from_str(&text).expect("imported wiki.yaml");
            assert_eq!((&a.generator, a.helpformat, &a.lang), (&b.generator, b.helpformat, &b.lang));
            continue;
        }
        assert!(
            on_disk == text,
            "{rel} differs from the live wiki:\n{}",
            text_diff(&on_disk, &text, "checked-in", "live")
        );
    }
    // A second import into the same directory changes nothing, not even the date.
    let again = import::write_spec(&imported, &target).expect("write again");
    assert!(again.changed_files.is_empty(), "changed: {:?}", again.changed_files);
}

#[test]
fn live_api_errors_and_garbage_are_clear_errors() {
    let Some(api) = live_api_url("live_api_errors_and_garbage_are_clear_errors") else { return };
    // load.php answers 200 with JavaScript, not JSON.
    let js = api.replace("api.php", "load.php");
    let err = fetch::from_url(&js).expect_err("JavaScript is not paraminfo");
    assert!(matches!(err, ImportError::NotJson { .. }), "{err}");
    assert!(err.to_string().contains("did not answer JSON"), "{err}");
    // index.php answers `action=query` with an HTML 404 page.
    let html = api.replace("api.php", "index.php");
    let err = fetch::from_url(&html).expect_err("404");
    assert!(matches!(err, ImportError::Status { status: 404, .. }), "{err}");
    // Nothing listens there.
    let err = fetch::from_url("http://127.0.0.1:9/api.php").expect_err("connection refused");
    assert!(matches!(err, ImportError::Http { .. }), "{err}");
    // A failed import writes nothing.
    let out = tempfile::tempdir().expect("tempdir");
    assert!(std::fs::read_dir(out.path()).expect("dir").next().is_none());
}
