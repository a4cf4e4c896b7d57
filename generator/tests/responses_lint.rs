//! Lint of the `response:` section: each problem at file:line:col, with a hint; and the round trip
//! (load → save gives the same bytes).

use mwgen::spec::{Module, Spec};
use std::path::{Path, PathBuf};

fn base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/lint/base")
}

/// The base fixture with `response` appended to action/demo.yaml; the diagnostics, paths relative.
fn lint_with(response: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    for rel in ["main.yaml", "wiki.yaml", "action/demo.yaml"] {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(base().join(rel), &to).expect("copy");
    }
    let demo = dir.path().join("action/demo.yaml");
    let mut text = std::fs::read_to_string(&demo).expect("demo.yaml");
    text.push_str(response);
    std::fs::write(&demo, text).expect("write");
    match Spec::load(dir.path()) {
        Ok(_) => "ok".to_string(),
        Err(e) => e.to_string().replace(&format!("{}/", dir.path().display()), ""),
    }
}

const GOOD: &str = "response:
  at: demo
  fields:
    result:
      type: enum
      values:
      - Success
      - Failure
    text:
      type: string
      when:
        param: slots
        has: main
    list:
      type: array
      optional: true
      items:
        type: object
        fields:
          ns:
            type: namespace
          touched:
            type: timestamp
            source: includes/api/ApiQueryInfo.php
    byid:
      type: map
      keys: id
      items:
        type: title
  extras:
    continue:
      type: object
      optional: true
  outcomes:
    field: result
    cases:
      Failure:
        fields:
          reason:
            type: string
";

#[test]
fn a_good_section_loads() {
    assert_eq!(lint_with(GOOD), "ok");
}

#[test]
fn unknown_keys_are_located_with_a_suggestion() {
    let out =
        lint_with(&GOOD.replace("      optional: true\n      items:", "      optinal: true\n      items:"));
    assert_eq!(
        out,
        "action/demo.yaml:46:7: unknown response field key `optinal`\n  hint: did you mean `optional`?"
    );
    let out = lint_with(&GOOD.replace("  extras:", "  extra:"));
    assert_eq!(out, "action/demo.yaml:60:3: unknown response key `extra`\n  hint: did you mean `extras`?");
}

#[test]
fn unknown_types_and_states_are_located() {
    let out = lint_with(&GOOD.replace("type: namespace", "type: namepsace"));
    assert_eq!(
        out,
        "action/demo.yaml:51:19: unknown response type `namepsace`\n  hint: did you mean `namespace`?"
    );
    let out = lint_with(
        &GOOD.replace("        has: main\n", "        has: main\n        state: [exists, mising-title]\n"),
    );
    assert_eq!(
        out,
        "action/demo.yaml:44:25: unknown page state `mising-title`\n  hint: did you mean `missing-title`?"
    );
}

#[test]
fn when_names_a_parameter_and_a_value_it_takes() {
    let out = lint_with(&GOOD.replace("param: slots", "param: slot"));
    assert_eq!(
        out,
        "action/demo.yaml:42:16: module `demo`, response field `text`: `when.param` names `slot`, which is not a parameter of the module\n  hint: did you mean `slots`?"
    );
    let out = lint_with(&GOOD.replace("has: main", "has: aux"));
    assert_eq!(
        out,
        "action/demo.yaml:43:14: module `demo`, response field `text`: `when.has` is `aux`, which parameter `slots` does not take\n  hint: its values: main"
    );
}

#[test]
fn shapes_that_do_not_hold_together_are_located() {
    let out = lint_with(&GOOD.replace(
        "      type: enum\n      values:\n      - Success\n      - Failure\n",
        "      type: enum\n",
    ));
    assert!(
        out.contains(
            "action/demo.yaml:35:13: module `demo`, response field `result`: an enum without `values`"
        ),
        "{out}"
    );
    let out = lint_with(&GOOD.replace("source: includes/api/ApiQueryInfo.php", "source: guessed"));
    assert!(
        out.contains("action/demo.yaml:54:21:")
            && out.contains("neither `observed` nor a file under includes/"),
        "{out}"
    );
    let out = lint_with(&GOOD.replace("    field: result", "    field: status"));
    assert!(out.contains("action/demo.yaml:65:12:") && out.contains("outcome field `status`"), "{out}");
    let out = lint_with(&GOOD.replace("      keys: id\n", ""));
    assert!(out.contains("`keys` goes with `type: map`"), "{out}");
}

#[test]
fn the_section_round_trips_byte_for_byte() {
    let dir = base().join("action/demo.yaml");
    let text = format!("{}{GOOD}", std::fs::read_to_string(dir).expect("demo.yaml"));
    let module: Module = serde_yaml::from_str(&text).expect("loads");
    assert_eq!(serde_yaml::to_string(&module).expect("saves"), text);
}

#[test]
fn every_checked_in_module_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/mediawiki-1.39");
    let spec = Spec::load(&root).expect("the checked-in spec loads");
    for (path, source) in &spec.sources {
        let text = std::fs::read_to_string(&source.file).expect("readable");
        let saved = serde_yaml::to_string(&spec.modules[path]).expect("saves");
        if saved != text && std::env::var_os("MWGEN_BLESS").is_some() {
            std::fs::write(&source.file, &saved).expect("rewritten");
            continue;
        }
        assert!(
            saved == text,
            "{} does not round-trip (MWGEN_BLESS=1 rewrites it as saved)",
            source.relative
        );
    }
}
