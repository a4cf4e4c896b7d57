//! The `mwgen` binary: exit codes and messages a user sees.

use std::path::Path;
use std::process::Command;

fn mwgen(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mwgen"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("mwgen runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn lint_of_the_checked_in_spec_prints_a_summary() {
    let (code, stdout, stderr) = mwgen(&["lint", "--spec", "spec/mediawiki-1.39"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim(), "spec/mediawiki-1.39: ok, 121 modules, 954 parameters (8 templated)");
}

#[test]
fn lint_of_a_broken_spec_lists_every_problem_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("wiki.yaml"),
        "generator: x\napi: x\nserver: x\nimported: x\nmwgen: x\nhelpformat: none\nlang: en\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("main.yaml"),
        "name: main\nclassname: ApiMain\npath: main\nprefix: ''\nbogus: 1\n",
    )
    .expect("write");
    std::fs::create_dir(dir.path().join("action")).expect("mkdir");
    std::fs::write(dir.path().join("action/x.yaml"), "name: x\n  broken: [\n").expect("write");
    let (code, _, stderr) = mwgen(&["lint", "--spec", &dir.path().to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("main.yaml:5:1: unknown module key `bogus`"), "{stderr}");
    assert!(stderr.contains("action/x.yaml:2:9: YAML syntax error"), "{stderr}");
    assert!(stderr.contains(": 2 problems"), "{stderr}");
}

#[test]
fn import_of_a_file_that_is_not_json_is_a_clear_error_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "<html>not json</html>").expect("write");
    let out = dir.path().join("spec");
    let (code, _, stderr) =
        mwgen(&["import", "--from", &bad.to_string_lossy(), "--out", &out.to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("did not answer JSON"), "{stderr}");
    assert!(stderr.contains("<html>not json</html>"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn export_prints_paraminfo() {
    let (code, stdout, stderr) = mwgen(&["export", "paraminfo", "--spec", "spec/mediawiki-1.39"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v["paraminfo"]["helpformat"], "none");
    assert_eq!(v["paraminfo"]["modules"].as_array().map(Vec::len), Some(121));
    assert_eq!(v["paraminfo"]["modules"][0]["path"], "main");
}
