//! Export of the checked-in spec reproduces the real wiki's paraminfo answers, which were saved from
//! `action=paraminfo&modules=main|*|query+*&formatversion=2` with `helpformat=none` (paraminfo.json)
//! and with `helpformat=wikitext&uselang=en` (paraminfo-wikitext.json).

use mwgen::paraminfo::{export, import, ExportOptions};
use mwgen::spec::{HelpFormat, Spec};
use mwgen_tests::{fixture, json_diff, spec_dir};
use serde_json::Value;

fn load_json(rel: &str) -> Value {
    let text = std::fs::read_to_string(fixture(rel)).expect("fixture exists");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn check(helpformat: HelpFormat, rel: &str) {
    let spec = Spec::load(spec_dir()).expect("checked-in spec loads");
    let actual = export(&spec, ExportOptions { helpformat, high_limits: false });
    let expected = load_json(rel);
    assert!(actual == expected, "export differs from {rel}:\n{}", json_diff(&expected, &actual));
    // Not only equal as maps: the same modules in the same order, keys in MediaWiki's order.
    assert_eq!(
        serde_json::to_string(&actual).expect("json"),
        serde_json::to_string(&expected).expect("json"),
        "export has the wiki's content but not its order"
    );
}

#[test]
fn export_none_matches_the_wiki() {
    check(HelpFormat::None, "mediawiki-1.39/paraminfo.json");
}

#[test]
fn export_wikitext_matches_the_wiki() {
    check(HelpFormat::Wikitext, "mediawiki-1.39/paraminfo-wikitext.json");
}

#[test]
fn the_spec_has_every_module_and_parameter() {
    let spec = Spec::load(spec_dir()).expect("checked-in spec loads");
    let count = |group: &str| spec.modules.values().filter(|m| m.group.as_deref() == Some(group)).count();
    assert_eq!(spec.modules.len(), 121);
    assert_eq!(
        [count("action"), count("prop"), count("list"), count("meta"), count("format")],
        [50, 20, 35, 7, 8]
    );
    let all: Vec<_> = spec.modules.values().flat_map(|m| &m.parameters).collect();
    assert_eq!(all.iter().filter(|p| !p.is_templated()).count(), 954);
    assert_eq!(all.iter().filter(|p| p.is_templated()).count(), 8);
}

/// Importing the saved wikitext answer gives the checked-in module files byte for byte.
#[test]
fn importing_the_saved_answer_gives_the_checked_in_files() {
    let mut imported = import::from_file(&fixture("mediawiki-1.39/paraminfo-wikitext.json")).expect("import");
    // paraminfo has no responses: take the learned ones from the checked-in spec, as a re-import does.
    import::keep_responses(&mut imported, &spec_dir()).expect("read the checked-in spec");
    let files = import::render(&imported).expect("render");
    for (rel, text) in files.iter().filter(|(k, _)| *k != "wiki.yaml") {
        let on_disk = std::fs::read_to_string(spec_dir().join(rel)).unwrap_or_default();
        assert!(
            &on_disk == text,
            "{rel} differs:\n{}",
            mwgen_tests::text_diff(&on_disk, text, "checked-in", "imported")
        );
    }
    assert_eq!(files.len(), 122);
}

/// The spec survives YAML → model → paraminfo → model → YAML unchanged, but for what paraminfo
/// cannot say.
#[test]
fn model_roundtrips_through_paraminfo() {
    let spec = Spec::load(spec_dir()).expect("checked-in spec loads");
    let json = export(&spec, ExportOptions { helpformat: HelpFormat::Wikitext, high_limits: true });
    for m in json["paraminfo"]["modules"].as_array().expect("modules") {
        let back = import::module_from_json(m, &spec.wiki.server).expect("re-import");
        // paraminfo carries no `response` and no `constraints` section (import keeps both from the
        // files on disk; see `importing_the_saved_answer_gives_the_checked_in_files`).
        let mut expected = spec.modules[&back.path].clone();
        expected.response = None;
        expected.constraints.clear();
        assert_eq!(back, expected, "module {} changed in the round trip", back.path);
    }
}

/// The checked-in core with every checked-in overlay exports the extension wiki's paraminfo answers
/// (saved from `tests/mediawiki/up.sh --extensions` in tests/fixtures/extensions/), field for field and
/// in order. The wiki runs on another port: `licenselink`, the one key that depends on the URL asked,
/// is compared with the core's server put in its place.
#[test]
fn export_with_every_overlay_matches_the_extension_wiki() {
    use mwgen::spec::Extensions;
    let spec = Spec::load_with(spec_dir(), None, &Extensions::All).expect("core and overlays load");
    assert_eq!(spec.modules.len(), 141);
    for (helpformat, rel) in [
        (HelpFormat::None, "extensions/paraminfo.json"),
        (HelpFormat::Wikitext, "extensions/paraminfo-wikitext.json"),
    ] {
        let text = std::fs::read_to_string(fixture(rel)).expect("fixture exists");
        let expected: Value =
            serde_json::from_str(&text.replace("http://127.0.0.1:8145", &spec.wiki.server)).expect("JSON");
        let actual = export(&spec, ExportOptions { helpformat, high_limits: false });
        mwgen_tests::assert_same_answer(&expected, &actual, rel);
    }
}
