//! `mwgen export openapi`: snapshots of two small fixture specs, and the whole checked-in spec.
//!
//! The snapshots are `tests/fixtures/openapi/<fixture>.json`, exported from
//! `tests/fixtures/gen/<fixture>/spec`; after a change to the exporter, rewrite them with
//! `MWGEN_BLESS=1 cargo test -p mwgen --test openapi_export` and review the diff.

use mwgen::openapi::{export, ArrayStyle, OpenApiOptions};
use mwgen::Spec;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn document(spec: &Path) -> String {
    let spec = Spec::load(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let doc = export(&spec, OpenApiOptions::default()).unwrap_or_else(|e| panic!("export: {e}"));
    serde_json::to_string_pretty(&doc).expect("JSON") + "\n"
}

#[test]
fn fixture_snapshots() {
    for name in ["responses", "templated"] {
        let got = document(&repo().join("tests/fixtures/gen").join(name).join("spec"));
        let file = repo().join("tests/fixtures/openapi").join(format!("{name}.json"));
        if std::env::var_os("MWGEN_BLESS").is_some() {
            std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
            std::fs::write(&file, &got).expect("write");
            continue;
        }
        let want = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{}: {e} (bless with MWGEN_BLESS=1)", file.display()));
        assert!(want == got, "{} is stale (bless with MWGEN_BLESS=1); got:\n{got}", file.display());
    }
}

#[test]
fn the_whole_spec_is_one_operation_per_module_and_deterministic() {
    let dir = repo().join("spec/mediawiki-1.39");
    let spec = Spec::load(&dir).expect("the checked-in spec");
    let first = document(&dir);
    assert_eq!(first, document(&dir), "two exports differ");
    let doc: Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(doc["openapi"], "3.0.3");

    let paths = doc["paths"].as_object().expect("paths");
    let keys: Vec<&String> = paths.keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "paths are sorted");
    let operations: Vec<&Value> =
        paths.values().flat_map(|item| item.as_object().expect("a path item").values()).collect();
    assert_eq!(operations.len(), spec.modules.len(), "one operation per module");

    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let with_response = spec.modules.values().filter(|m| m.response.is_some()).count();
    assert_eq!(schemas.len(), with_response, "one answer schema per module with a response section");
    for op in &operations {
        let id = op["operationId"].as_str().expect("an operationId");
        let content = &op["responses"]["200"]["content"];
        if let Some(r) = content["application/json"]["schema"]["$ref"].as_str() {
            let name = r.strip_prefix("#/components/schemas/").expect("a local ref");
            assert!(schemas.contains_key(name), "{id}: {r} is not in components");
        }
        for p in op["parameters"].as_array().expect("parameters") {
            assert_eq!(p["in"], "query", "{id}: {p}");
        }
    }

    // A few things a reader checks by hand.
    let allpages = &paths["/query/allpages"]["get"];
    assert_eq!(allpages["x-mediawiki-query"], "action=query&list=allpages");
    let limit =
        allpages["parameters"].as_array().expect("parameters").iter().find(|p| p["name"] == "aplimit");
    assert_eq!(limit.expect("aplimit")["schema"]["default"], 10);
    assert!(paths["/block"]["post"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .any(|p| p["name"] == "user"));
    let compare = paths["/compare"]["get"]["parameters"].as_array().expect("parameters");
    assert!(compare.iter().any(|p| p["name"] == "fromtext-main"), "templated parameters expand");
    let items = &schemas["QueryAllpagesResponse"]["properties"]["query"]["properties"]["allpages"]["items"];
    assert_eq!(items["properties"]["title"]["type"], "string");
}

#[test]
fn form_arrays_change_only_the_style() {
    let dir = repo().join("tests/fixtures/gen/responses/spec");
    let spec = Spec::load(&dir).expect("the fixture");
    let pipe = export(&spec, OpenApiOptions::default()).expect("export");
    let form = export(&spec, OpenApiOptions { array_style: ArrayStyle::Form }).expect("export");
    let text = serde_json::to_string(&form).expect("JSON");
    assert!(!text.contains("pipeDelimited") && text.contains("\"style\":\"form\""));
    assert_eq!(serde_json::to_string(&pipe).expect("JSON").replace("pipeDelimited", "form"), text);
}

#[test]
fn the_command_writes_the_same_bytes_to_a_file_and_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("openapi.json");
    let spec = "tests/fixtures/gen/templated/spec";
    let mwgen = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_mwgen"))
            .args(["export", "openapi", "--spec", spec])
            .args(args)
            .current_dir(repo())
            .output()
            .expect("mwgen runs")
    };
    let to_file = mwgen(&["--out", file.to_str().expect("a UTF-8 path")]);
    assert!(to_file.status.success(), "{}", String::from_utf8_lossy(&to_file.stderr));
    let to_stdout = mwgen(&[]);
    assert!(to_stdout.status.success(), "{}", String::from_utf8_lossy(&to_stdout.stderr));
    let written = std::fs::read(&file).expect("the file");
    assert_eq!(written, to_stdout.stdout);
    assert_eq!(String::from_utf8_lossy(&written), document(&repo().join(spec)));
}
