//! Live: importing from the extension wiki (`tests/mediawiki/up.sh --extensions`, at
//! `MWGEN_EXT_API_URL`) splits it into the core spec, byte for byte the checked-in one, and overlays
//! that are the checked-in ones; exporting the core with every overlay gives the wiki's own
//! `action=paraminfo&modules=main|*|query+*&formatversion=2` answer, field for field and in order.

use mwgen::paraminfo::{export, fetch, import, split, ExportOptions};
use mwgen::spec::overlay::{Attribution, Overlays, ATTRIBUTION_FILE, UNATTRIBUTED};
use mwgen::spec::{Extensions, HelpFormat, Spec};
use mwgen_tests::{ext_api_url, overlays_dir, spec_dir, text_diff};
use serde_json::Value;

fn paraminfo(api: &str, helpformat: &str) -> Value {
    let url = format!(
        "{api}?action=paraminfo&modules=main%7C*%7Cquery%2B*&formatversion=2&format=json&helpformat={helpformat}&uselang=en"
    );
    let text = reqwest::blocking::get(&url).and_then(|r| r.text()).expect("paraminfo answer");
    serde_json::from_str(&text).expect("paraminfo is JSON")
}

#[test]
fn live_extension_import_round_trips() {
    let Some(api) = ext_api_url("live_extension_import_round_trips") else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let (core_out, overlays_out) = (dir.path().join("core"), dir.path().join("extensions"));
    std::fs::create_dir_all(&overlays_out).expect("mkdir");
    std::fs::copy(overlays_dir().join(ATTRIBUTION_FILE), overlays_out.join(ATTRIBUTION_FILE)).expect("copy");

    let imported = fetch::from_url(&api).expect("import from the extension wiki");
    let baseline = Spec::load(spec_dir()).expect("the checked-in core");
    let attribution = Attribution::read(&overlays_dir()).expect("attribution.yaml");
    let mut parts = split(&imported, &baseline.modules, &attribution).expect("split");
    import::keep_responses(&mut parts.core, &spec_dir()).expect("read the checked-in spec");
    assert!(!parts.overlays.contains_key(UNATTRIBUTED), "every addition is attributed");
    let report = mwgen::paraminfo::write_split(&parts, &core_out, &overlays_out).expect("write");
    println!("{report:#?}");

    // The core part is the checked-in core (but for where and when it was imported).
    for (rel, text) in import::render(&parts.core).expect("render") {
        if rel == "wiki.yaml" {
            continue;
        }
        let on_disk = std::fs::read_to_string(spec_dir().join(&rel)).unwrap_or_default();
        assert!(on_disk == text, "{rel}:\n{}", text_diff(&on_disk, &text, "checked-in", "live"));
    }
    // The overlays are the checked-in ones.
    let written = Overlays::load(&overlays_out).expect("written overlays load");
    let checked_in = Overlays::load(&overlays_dir()).expect("checked-in overlays load");
    assert_eq!(written.overlays.keys().collect::<Vec<_>>(), checked_in.overlays.keys().collect::<Vec<_>>());
    for (source, o) in &written.overlays {
        let c = &checked_in.overlays[source];
        assert!(o.file == c.file, "{source}: overlay.yaml differs from the checked-in one");
        assert!(o.modules == c.modules, "{source}: modules differ from the checked-in ones");
    }

    // Export of the written core with every overlay is the wiki's paraminfo.
    let spec = Spec::load_with(&core_out, Some(&overlays_out), &Extensions::All).expect("merged");
    for (helpformat, name) in [(HelpFormat::None, "none"), (HelpFormat::Wikitext, "wikitext")] {
        let expected = paraminfo(&api, name);
        let actual = export(&spec, ExportOptions { helpformat, high_limits: false });
        mwgen_tests::assert_same_answer(&expected, &actual, &format!("helpformat={name}"));
    }
}
