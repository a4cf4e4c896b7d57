//! Generator tests per feature, after typify's `tests/schemas.rs`: each `tests/fixtures/gen/<feature>/`
//! holds a tiny spec (`spec/`) beside the tree mwgen generates from it (`expected/`). This test
//! renders every fixture and compares the files byte for byte; a file missing from `expected/` or
//! left over in it is a failure that names it.
//!
//! The expected trees are compiled, and their behaviour tested (lookup, decode order, round trip),
//! by the `mwgen-gen-fixtures` crate (tests/gen-fixtures), which `include!`s each fixture's root file.
//! That crate is not a dependency of this one, so blessing works even when the old expected files
//! no longer compile. After a change to the emitter, regenerate every expected tree with
//!
//! ```text
//! MWGEN_BLESS=1 cargo test -p mwgen-tests --test gen_fixtures
//! ```
//!
//! then review the diff, and run `cargo test -p mwgen-gen-fixtures`.

use mwgen_tests::{fixture, text_diff, workspace};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The fixtures, by folder name, sorted.
fn fixture_dirs() -> Vec<PathBuf> {
    let root = fixture("gen");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn name_of(dir: &Path) -> String {
    dir.file_name().unwrap_or_default().to_string_lossy().into_owned()
}

/// Every file under `dir`, by path relative to it (`/`-separated).
fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rel =
                    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                let text =
                    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.insert(rel, text);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// What mwgen generates from the fixture's spec, with the options a build script gets by default.
fn render(dir: &Path) -> BTreeMap<String, String> {
    let spec = dir.join("spec");
    match mwgen::Builder::new().spec(&spec).render() {
        Ok(r) => r.files,
        Err(e) => panic!("fixture {}: the spec does not render: {e}", name_of(dir)),
    }
}

/// The differences between the expected tree and the rendered one, one message per file.
fn compare(
    name: &str,
    expected: &BTreeMap<String, String>,
    actual: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, text) in actual {
        match expected.get(path) {
            None => problems.push(format!("{name}: expected/{path} is missing (the generator writes it)")),
            Some(want) if want != text => problems.push(format!(
                "{name}: expected/{path} differs from the generator's output:\n{}",
                text_diff(want, text, &format!("expected/{path}"), "generated")
            )),
            Some(_) => {}
        }
    }
    for path in expected.keys().filter(|p| !actual.contains_key(*p)) {
        problems.push(format!("{name}: expected/{path} is extra (the generator does not write it)"));
    }
    problems
}

/// Replaces the fixture's `expected/` with what the generator writes now.
fn bless(dir: &Path, actual: &BTreeMap<String, String>) {
    let out = dir.join("expected");
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
    for (path, text) in actual {
        let file = out.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        std::fs::write(&file, text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}

#[test]
fn every_fixture_generates_exactly_its_expected_files() {
    let blessing = std::env::var_os("MWGEN_BLESS").is_some();
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 12, "expected a fixture per feature in tests/fixtures/gen, found {}", dirs.len());
    let mut problems = Vec::new();
    for dir in &dirs {
        let actual = render(dir);
        if blessing {
            bless(dir, &actual);
        } else {
            problems.extend(compare(&name_of(dir), &read_tree(&dir.join("expected")), &actual));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s); if the change is intended, rerun with MWGEN_BLESS=1 and review the diff:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

/// Each fixture is compiled by tests/gen-fixtures, which names it once in its `fixtures!` list.
#[test]
fn every_fixture_is_compiled() {
    let lib = workspace().join("tests/gen-fixtures/src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap_or_else(|e| panic!("{}: {e}", lib.display()));
    let missing: Vec<String> = fixture_dirs()
        .iter()
        .map(|d| name_of(d))
        .filter(|name| !text.contains(&format!("{} => \"{name}\",", name.replace('-', "_"))))
        .collect();
    assert!(
        missing.is_empty(),
        "{} does not compile these fixtures; add `module_name => \"folder\",` to its `fixtures!` for each: {missing:?}",
        lib.display()
    );
}

/// Rendering a fixture twice gives the same bytes.
#[test]
fn rendering_is_deterministic() {
    for dir in fixture_dirs() {
        assert!(render(&dir) == render(&dir), "fixture {}: two renders differ", name_of(&dir));
    }
}

/// `responses(false)` (`mwgen generate --no-responses`) leaves out every response type and what names
/// them, and nothing of the request side.
#[test]
fn without_responses_the_request_side_is_left() {
    let spec = fixture("gen/responses/spec");
    let with = render(&fixture("gen/responses"));
    let without = match mwgen::Builder::new().spec(&spec).responses(false).render() {
        Ok(r) => r.files,
        Err(e) => panic!("fixture responses: the spec does not render without responses: {e}"),
    };
    let all = |files: &BTreeMap<String, String>| files.values().cloned().collect::<Vec<_>>().join("\n");
    let (with, without) = (all(&with), all(&without));
    assert!(with.contains("impl rt::Object for"), "the fixture has response types to leave out");
    for gone in ["impl rt::Object for", "impl rt::Responds for", "with_response"] {
        assert!(!without.contains(gone), "`{gone}` is still generated without responses");
    }
    for kept in ["impl rt::Encode for", "impl rt::Decode for", "rt::request_impls!("] {
        assert!(without.contains(kept), "`{kept}` went missing without responses");
    }
    assert!(without.lines().count() < with.lines().count());
}
