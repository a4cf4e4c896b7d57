//! Bytes → a tiny spec directory in a tempdir → `mwgen` load + lint + IR + emit (`Builder::render`)
//! → the files written into a temporary output directory, plus the crate's lib.rs and the paraminfo
//! export of the loaded spec. Errors are fine (and must display); panics are not.
//!
//! The input is a list of files separated by NUL bytes; each starts with its path relative to the
//! spec root on its own line, then its content:
//!
//! ```text
//! action/demo.yaml
//! name: demo
//! path: demo
//! …\0main.yaml
//! …
//! ```
//!
//! `wiki.yaml` and `main.yaml` default to those of tests/fixtures/lint/base when the input has none.
//! Two pseudo-files set the generation: `@modules` (a comma-separated selection, as `--modules`) and
//! `@options` (`c`: no client code, `s`: no server code, `f`: cargo features). Paths are kept to
//! at most three plain components of `[A-Za-z0-9._+-]`, so nothing is written outside the tempdir.
//!
//! Beyond "no panic": the generator must name its output files with relative paths of plain
//! components (a file name that could leave the output directory is a bug, and nothing is written);
//! and a spec that loads survives export → `module_from_json` unchanged, module by module.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::path::{Component, Path};

const BASE_WIKI: &[u8] = include_bytes!("../../tests/fixtures/lint/base/wiki.yaml");
const BASE_MAIN: &[u8] = include_bytes!("../../tests/fixtures/lint/base/main.yaml");

/// A relative path of plain components, as this target lets an input name a spec file.
fn safe_spec_path(p: &str) -> bool {
    let parts: Vec<&str> = p.split('/').collect();
    p.len() <= 64
        && parts.len() <= 3
        && parts.iter().all(|c| {
            !c.is_empty()
                && *c != "."
                && *c != ".."
                && c.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'))
        })
}

/// Whether a generated file's name stays inside the directory it is written to.
fn stays_inside(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

struct Input<'a> {
    files: BTreeMap<String, &'a [u8]>,
    modules: Option<Vec<String>>,
    options: mwgen::Options,
}

fn parse(data: &[u8]) -> Input<'_> {
    let mut input = Input { files: BTreeMap::new(), modules: None, options: mwgen::Options::default() };
    for section in data.split(|&b| b == 0) {
        let (name, content) = match section.iter().position(|&b| b == b'\n') {
            Some(i) => (&section[..i], &section[i + 1..]),
            None => (section, &[][..]),
        };
        let Ok(name) = std::str::from_utf8(name) else { continue };
        let name = name.trim_end_matches('\r');
        match name {
            "@modules" => {
                let list = String::from_utf8_lossy(content);
                input.modules = Some(list.split(',').map(|m| m.trim().to_string()).collect());
            }
            "@options" => {
                input.options.client = !content.contains(&b'c');
                input.options.server = !content.contains(&b's');
                input.options.cargo_features = content.contains(&b'f');
            }
            _ if safe_spec_path(name) => {
                input.files.insert(name.to_string(), content);
            }
            _ => {}
        }
    }
    input.files.entry("wiki.yaml".into()).or_insert(BASE_WIKI);
    input.files.entry("main.yaml".into()).or_insert(BASE_MAIN);
    input
}

fuzz_target!(|data: &[u8]| {
    let input = parse(data);
    // Temporary directories are the environment, not the input: failing to make one is not a bug
    // of the code under test, but the run cannot go on without it.
    let spec_dir = tempfile::tempdir().expect("a temporary spec directory");
    for (rel, content) in &input.files {
        let path = spec_dir.path().join(rel);
        if let Some(parent) = path.parent() {
            // A file and a directory of the same name (`action` and `action/x.yaml`): skip the file.
            if std::fs::create_dir_all(parent).is_err() {
                continue;
            }
        }
        let _ = std::fs::write(&path, content);
    }

    let mut builder = mwgen::Builder::new()
        .spec(spec_dir.path())
        .client(input.options.client)
        .server(input.options.server)
        .cargo_features(input.options.cargo_features);
    if let Some(modules) = &input.modules {
        builder = builder.modules(modules.iter().cloned());
    }
    let rendered = match builder.render() {
        Ok(r) => r,
        Err(e) => {
            // Diagnostics render with file:line:col and excerpts: that code runs on bad input too.
            let _ = e.to_string();
            if let mwgen::Error::Spec(s) = &e {
                for d in s.diagnostics() {
                    let _ = d.to_string();
                }
            }
            return;
        }
    };

    for rel in rendered.files.keys() {
        assert!(stays_inside(rel), "the generator names an output file {rel:?}, outside its directory");
    }
    let out_dir = tempfile::tempdir().expect("a temporary output directory");
    if let Err(e) = mwgen::write::write_files(out_dir.path(), &rendered.files, true) {
        // Names that are valid but that the file system refuses (too long) are an environment
        // limit, not a generator bug.
        let _ = e.to_string();
    }
    let lib = mwgen::emit::crate_lib("fuzz", &rendered.spec.wiki.generator);
    let _ = lib.map_err(|e| e.to_string());
    let spec = &rendered.spec;
    let _ = mwgen::paraminfo::export(spec, mwgen::paraminfo::ExportOptions::default()).to_string();
    // The spec model mirrors paraminfo: export then import gives every module back unchanged (as
    // tests/tests/paraminfo_roundtrip.rs checks for the real spec).
    let opts =
        mwgen::paraminfo::ExportOptions { helpformat: mwgen::spec::HelpFormat::Wikitext, high_limits: true };
    let json = mwgen::paraminfo::export(spec, opts);
    let exported = json["paraminfo"]["modules"].as_array().expect("export gives a list of modules");
    for m in exported {
        let back = mwgen::paraminfo::import::module_from_json(m, &spec.wiki.server)
            .unwrap_or_else(|e| panic!("the export of a valid spec does not import: {e}\n{m}"));
        let mut expected = spec.modules.get(&back.path).cloned();
        // paraminfo always lists `examples` when it gives help texts: a module without the key in
        // its YAML comes back with an empty list. That is the format, not a loss.
        if let Some(e) = expected.as_mut().filter(|e| e.examples.is_none()) {
            e.examples = Some(Vec::new());
        }
        assert_eq!(Some(&back), expected.as_ref(), "module {} changed through paraminfo", back.path);
    }
});
