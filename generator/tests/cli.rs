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

/// A hostile paraminfo answer (from `--from URL`, a wiki picks these strings) whose module group or name
/// is a relative or absolute path: the import refuses it, names the module, and writes nothing anywhere,
/// neither outside `--out` nor in it. The traps are inside the test's own directory, so a regression
/// writes there and fails the test instead of writing elsewhere on the machine.
#[test]
fn import_refuses_module_names_that_leave_the_spec_directory() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/mediawiki-1.39/paraminfo.json");
    let text = std::fs::read_to_string(&fixture).expect("paraminfo fixture");
    let dir = tempfile::tempdir().expect("tempdir");
    let trap = dir.path().join("trap");
    let cases = [
        ("group", "../../trap".to_string()),
        ("group", trap.to_string_lossy().into_owned()),
        ("name", "../../../trap/evil".to_string()),
        ("name", format!("{}/evil", trap.to_string_lossy())),
        ("name", "a\\..\\b".to_string()),
    ];
    for (key, value) in cases {
        let mut json: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
        let block = json["paraminfo"]["modules"]
            .as_array_mut()
            .and_then(|ms| ms.iter_mut().find(|m| m["name"] == "block"))
            .expect("the fixture has action=block");
        block[key] = serde_json::Value::String(value.clone());
        let input = dir.path().join("hostile.json");
        std::fs::write(&input, json.to_string()).expect("write");
        let out = dir.path().join("deep/er/spec");
        let (code, _, stderr) =
            mwgen(&["import", "--from", &input.to_string_lossy(), "--out", &out.to_string_lossy()]);
        assert_eq!(code, 1, "{key}={value}: {stderr}");
        assert!(stderr.contains("module `block`"), "{key}={value}: {stderr}");
        assert!(stderr.contains("cannot name a file") || stderr.contains("is not one of"), "{stderr}");
        let written: Vec<_> = walk(dir.path()).into_iter().filter(|p| p != &input).collect();
        assert!(written.is_empty(), "{key}={value}: files were written: {written:?}");
    }
}

/// A hostile wiki that answers without end: the import stops at its answer limit with a clear error,
/// instead of reading until memory runs out. The server is a thread on loopback that stops writing
/// when the client hangs up, or after 64 MiB.
#[test]
fn import_stops_reading_an_endless_answer() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        let mut head = [0u8; 4096];
        let _ = stream.read(&mut head);
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
        let chunk = vec![b' '; 1 << 20];
        let mut sent = 0usize;
        while sent < 64 << 20 && stream.write_all(&chunk).is_ok() {
            sent += chunk.len();
        }
        sent
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("spec");
    let url = format!("http://{addr}/api.php");
    let (code, _, stderr) = mwgen(&["import", "--from", &url, "--out", &out.to_string_lossy()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("answered more than 33554432 bytes"), "{stderr}");
    assert!(!out.exists());
    let sent = server.join().expect("server thread");
    assert!(sent < 64 << 20, "the import read all {sent} bytes instead of stopping");
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

/// `mwgen generate` and the build.rs Builder give byte-identical files for the same selection.
#[test]
fn cli_generate_matches_the_builder_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("src");
    let selection = "main,block,compare,query+allpages";
    let (code, stdout, stderr) = mwgen(&[
        "generate",
        "--spec",
        "spec/mediawiki-1.39",
        "--out",
        &out.to_string_lossy(),
        "--modules",
        selection,
        "--no-cargo-features",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("written"), "{stdout}");
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/mediawiki-1.39");
    let rendered = mwgen::Builder::new().spec(&spec).modules(selection.split(',')).render().expect("render");
    for (rel, text) in &rendered.files {
        let written = std::fs::read_to_string(out.join(rel)).expect("CLI wrote the file");
        assert!(&written == text, "{rel} differs between the CLI and the Builder");
    }
    // The CLI writes the crate's lib.rs too, and nothing else.
    let mut count = 0;
    for entry in walk(&out) {
        count += 1;
        let rel = entry.strip_prefix(&out).expect("under out").to_string_lossy().replace('\\', "/");
        assert!(rel == "lib.rs" || rendered.files.contains_key(&rel), "unexpected {rel}");
    }
    assert_eq!(count, rendered.files.len() + 1);
    // Running it again writes nothing.
    let (_, stdout, _) = mwgen(&[
        "generate",
        "--spec",
        "spec/mediawiki-1.39",
        "--out",
        &out.to_string_lossy(),
        "--modules",
        selection,
        "--no-cargo-features",
    ]);
    assert!(stdout.contains(" 0 written"), "{stdout}");
}

#[test]
fn check_reports_stale_files_with_a_diff() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("src");
    let args = ["--spec", "spec/mediawiki-1.39", "--out", &out.to_string_lossy(), "--modules", "block"]
        .map(String::from);
    let with = |cmd: &str| {
        let mut v = vec![cmd.to_string()];
        v.extend(args.iter().cloned());
        v
    };
    let run = |v: Vec<String>| mwgen(&v.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run(with("check")).0, 1, "an empty directory is stale");
    assert_eq!(run(with("generate")).0, 0);
    let (code, stdout, _) = run(with("check"));
    assert_eq!(code, 0, "{stdout}");
    let block = out.join("action/block.rs");
    let text = std::fs::read_to_string(&block).expect("block.rs");
    std::fs::write(&block, text.replace("pub struct Block", "pub struct Blocked")).expect("write");
    let (code, stdout, stderr) = run(with("check"));
    assert_eq!(code, 1);
    assert!(
        stdout.contains("--- a/action/block.rs")
            && stdout.contains("-pub struct Blocked")
            && stdout.contains("+pub struct Block"),
        "{stdout}"
    );
    assert!(stderr.contains("stale"), "{stderr}");
}

#[test]
fn diff_lists_api_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/mediawiki-1.39");
    let new = dir.path().join("new");
    copy_dir(&root, &new);
    let block = new.join("action/block.yaml");
    let text = std::fs::read_to_string(&block).expect("block.yaml");
    let text = text.replacen("- name: reason\n", "- name: because\n", 1).replacen(
        "  default: never\n",
        "  default: infinite\n",
        1,
    );
    std::fs::write(&block, text).expect("write");
    std::fs::remove_file(new.join("meta/siteinfo.yaml")).expect("rm");
    let query = std::fs::read_to_string(new.join("action/query.yaml")).expect("query.yaml");
    std::fs::write(
        new.join("action/query.yaml"),
        query.replace("  - siteinfo\n", "").replace("    siteinfo: query+siteinfo\n", ""),
    )
    .expect("write");
    let (code, stdout, stderr) = mwgen(&["diff", &root.to_string_lossy(), &new.to_string_lossy()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("## block\n"), "{stdout}");
    assert!(stdout.contains("- `because` added"), "{stdout}");
    assert!(stdout.contains("- `reason` removed"), "{stdout}");
    assert!(stdout.contains("- `expiry`: default `never` → `infinite`"), "{stdout}");
    assert!(stdout.contains("## query+siteinfo\n- module removed"), "{stdout}");
    assert!(stdout.contains("- `meta`: values removed: siteinfo"), "{stdout}");
    let (_, same, _) = mwgen(&["diff", &root.to_string_lossy(), &root.to_string_lossy()]);
    assert_eq!(same, "No API changes.\n");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}
