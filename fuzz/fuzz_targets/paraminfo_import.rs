//! Bytes as a saved `action=paraminfo` answer → `mwgen::paraminfo::from_file` (on a temporary file)
//! → `import::render` (the spec files, as `mwgen import` would write them) → when every file name
//! stays inside the spec directory: those files in a tempdir → `Spec::load` (lint) → when it passes,
//! `Builder::render` (the code the imported spec generates). Errors are fine (and must display);
//! panics are not, and a spec that loads holds exactly the modules imported (the YAML files read
//! back as the same model).
//!
//! Module names and groups become file paths, so the import refuses any that is not a plain name
//! (`Module::path_problem`): a spec file whose name leaves the spec directory is a failure here.
//!
//! The input is the JSON text itself: seeds are paraminfo answers (tests/fixtures/mediawiki-1.39/).
//! An input that is one module object (no `paraminfo` key) also goes to `module_from_json` alone.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// One file per fuzzing process, rewritten for each input.
fn answer_file() -> &'static PathBuf {
    static FILE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = FILE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("paraminfo.json");
        (dir, path)
    });
    path
}

fn stays_inside(rel: &str) -> bool {
    !rel.is_empty() && Path::new(rel).components().all(|c| matches!(c, Component::Normal(_)))
}

fuzz_target!(|data: &[u8]| {
    // One module object alone (what `modules[i]` holds) goes to module_from_json directly.
    if let Ok(v @ serde_json::Value::Object(_)) = serde_json::from_slice::<serde_json::Value>(data) {
        if v.get("paraminfo").is_none() {
            let _ = mwgen::paraminfo::import::module_from_json(&v, "http://127.0.0.1:8139")
                .map_err(|e| e.to_string());
        }
    }
    let path = answer_file();
    std::fs::write(path, data).expect("write the temporary paraminfo file");
    let imported = match mwgen::paraminfo::from_file(path) {
        Ok(i) => i,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let files = match mwgen::paraminfo::import::render(&imported) {
        Ok(f) => f,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    if let Some(bad) = files.keys().find(|rel| !stays_inside(rel)) {
        panic!("the import names a spec file {bad:?}, outside the spec directory");
    }

    let spec_dir = tempfile::tempdir().expect("a temporary spec directory");
    for (rel, text) in &files {
        let file = spec_dir.path().join(rel);
        if let Some(parent) = file.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                // `action.yaml` beside `action/`, or a name the file system refuses.
                return;
            }
        }
        if std::fs::write(&file, text).is_err() {
            return;
        }
    }
    let spec = match mwgen::Spec::load(spec_dir.path()) {
        Ok(s) => s,
        Err(e) => {
            // write_spec refuses such an import with ImportError::Lint(this text).
            let _ = e.to_string();
            return;
        }
    };
    // What was imported is what was written: the YAML of each module reads back as the same model.
    for (path, m) in &imported.modules {
        assert_eq!(spec.modules.get(path), Some(m), "module {path} changed through its YAML file");
    }
    let _ = mwgen::paraminfo::export(&spec, mwgen::paraminfo::ExportOptions::default()).to_string();
    match mwgen::Builder::new().spec(spec_dir.path()).render() {
        Ok(r) => {
            for rel in r.files.keys() {
                assert!(
                    stays_inside(rel),
                    "the generator names an output file {rel:?}, outside its directory"
                );
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
