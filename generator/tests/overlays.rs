//! Spec overlays: loading, merging with provenance, the split of an import, and lint.

use mwgen::paraminfo::{export, import, split, ExportOptions, Imported};
use mwgen::spec::overlay::{Attribution, Overlays, UNATTRIBUTED};
use mwgen::spec::{Extensions, HelpFormat, ParamType, Spec};
use std::path::Path;

const WIKI: &str = "generator: MediaWiki 1.39.17\napi: http://w/api.php\nserver: http://w\nimported: 2026-01-01\nmwgen: 0.1.0\nhelpformat: wikitext\nlang: en\n";
const MAIN: &str = "name: main\nclassname: ApiMain\npath: main\nprefix: ''\nsource: MediaWiki\nparameters:\n- name: action\n  type: [edit, query]\n  default: query\n  submodules: {edit: edit, query: query}\n";
const EDIT: &str = "name: edit\nclassname: ApiEditPage\npath: edit\ngroup: action\nprefix: ''\nsource: MediaWiki\nparameters:\n- name: title\n  type: string\n- name: token\n  type: string\n  required: true\n";
const QUERY: &str = "name: query\nclassname: ApiQuery\npath: query\ngroup: action\nprefix: ''\nsource: MediaWiki\nparameters:\n- name: prop\n  description: |-\n    Which properties to get.\n\n    ;<span dir=\"ltr\" lang=\"en\">[[Special:ApiHelp/query+info|info]]</span>:Get basic page information.\n  type: [info]\n  multi: true\n  lowlimit: 50\n  highlimit: 500\n  submodules: {info: query+info}\n";
const INFO: &str =
    "name: info\nclassname: ApiQueryInfo\npath: query+info\ngroup: prop\nprefix: in\nsource: MediaWiki\n";
const EXTRACTS_OVERLAY: &str = "source: Text Extracts\nvalues:\n- module: query\n  parameter: prop\n  value: extracts\n  after: info\n  submodule: query+extracts\n  help: ;<span dir=\"ltr\" lang=\"en\">[[Special:ApiHelp/query+extracts|extracts]]</span>:Returns extracts.\n";
const EXTRACTS: &str = "name: extracts\nclassname: ApiQueryExtracts\npath: query+extracts\ngroup: prop\nprefix: ex\nsource: Text Extracts\nparameters:\n- name: chars\n  type: integer\n";
const CAPTCHA_OVERLAY: &str = "source: ConfirmEdit\nparameters:\n- module: edit\n  after: token\n  name: captchaword\n  description: Answer to the CAPTCHA\n  type: string\n";

fn write(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

/// A core spec in `dir/core` and its overlays in `dir/extensions` (the default place).
fn fixture(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        &[
            ("core/wiki.yaml", WIKI),
            ("core/main.yaml", MAIN),
            ("core/action/edit.yaml", EDIT),
            ("core/action/query.yaml", QUERY),
            ("core/prop/info.yaml", INFO),
            ("extensions/Text Extracts/overlay.yaml", EXTRACTS_OVERLAY),
            ("extensions/Text Extracts/prop/extracts.yaml", EXTRACTS),
            ("extensions/ConfirmEdit/overlay.yaml", CAPTCHA_OVERLAY),
        ],
    );
    write(dir.path(), extra);
    dir
}

fn names(values: &ParamType) -> Vec<&str> {
    match values {
        ParamType::Values(v) => v.iter().map(String::as_str).collect(),
        ParamType::Named(_) => Vec::new(),
    }
}

#[test]
fn without_extensions_the_core_loads_as_before() {
    let dir = fixture(&[]);
    let core = dir.path().join("core");
    let plain = Spec::load(&core).expect("core");
    let none = Spec::load_with(&core, None, &Extensions::None).expect("none");
    assert_eq!(plain.modules, none.modules);
    assert!(none.extensions.is_empty());
}

#[test]
fn merging_adds_modules_parameters_and_values_with_provenance() {
    let dir = fixture(&[]);
    let spec = Spec::load_with(dir.path().join("core"), None, &Extensions::All).expect("merged");
    assert_eq!(spec.extensions, ["ConfirmEdit", "Text Extracts"]);
    let extracts = &spec.modules["query+extracts"];
    assert_eq!(extracts.origin(), "Text Extracts");
    let edit = &spec.modules["edit"];
    let params: Vec<(&str, &str)> =
        edit.parameters.iter().map(|p| (p.name.as_str(), edit.parameter_origin(p))).collect();
    assert_eq!(params, [("title", "MediaWiki"), ("token", "MediaWiki"), ("captchaword", "ConfirmEdit")]);
    let prop = spec.modules["query"].parameter("prop").expect("prop");
    assert_eq!(names(&prop.ty), ["info", "extracts"]);
    assert_eq!(
        prop.submodules.as_ref().and_then(|s| s.get("extracts")).map(String::as_str),
        Some("query+extracts")
    );
    assert_eq!(prop.value_origins.get("extracts").map(String::as_str), Some("Text Extracts"));
    let help = prop.description.as_deref().expect("description");
    assert!(help.ends_with("Get basic page information.\n;<span dir=\"ltr\" lang=\"en\">[[Special:ApiHelp/query+extracts|extracts]]</span>:Returns extracts."), "{help}");

    // One extension only: the other's additions stay out.
    let only = Extensions::parse("ConfirmEdit").expect("a list");
    let spec = Spec::load_with(dir.path().join("core"), None, &only).expect("merged");
    assert!(!spec.modules.contains_key("query+extracts"));
    assert_eq!(names(&spec.modules["query"].parameter("prop").expect("prop").ty), ["info"]);
    assert_eq!(spec.modules["edit"].parameters.len(), 3);
}

#[test]
fn import_splits_the_core_from_the_overlays() {
    let dir = fixture(&[]);
    let core = Spec::load(dir.path().join("core")).expect("core");
    let merged = Spec::load_with(dir.path().join("core"), None, &Extensions::All).expect("merged");
    // What the wiki with both extensions answers, read back as an import does.
    let json = export(&merged, ExportOptions { helpformat: HelpFormat::Wikitext, high_limits: false });
    let mut modules = std::collections::BTreeMap::new();
    for m in json["paraminfo"]["modules"].as_array().expect("modules") {
        let mut m = import::module_from_json(m, "http://w").expect("module");
        // Wikitext answers always list examples; the small fixture has none.
        if m.examples.as_ref().is_some_and(Vec::is_empty) {
            m.examples = None;
        }
        modules.insert(m.path.clone(), m);
    }
    let imported = Imported { wiki: core.wiki.clone(), modules };
    let rules: Attribution =
        serde_yaml::from_str("rules:\n- parameter: captchaword\n  source: ConfirmEdit\n").expect("rules");
    let s = split(&imported, &core.modules, &rules).expect("split");
    assert_eq!(s.core.modules, core.modules, "the core part is the core spec");
    let loaded = Overlays::load(&dir.path().join("extensions")).expect("overlays");
    for (source, o) in &loaded.overlays {
        assert_eq!(s.overlays[source].file, o.file, "{source}");
        assert_eq!(s.overlays[source].modules, o.modules, "{source}");
    }
    assert_eq!(s.overlays.len(), 2);

    // Without the rule, the parameter's extension cannot be told: it goes to the unattributed overlay.
    let s = split(&imported, &core.modules, &Attribution::default()).expect("split");
    assert_eq!(s.overlays[UNATTRIBUTED].file.parameters[0].parameter.name, "captchaword");
    // The submodule value is told by the module it picks.
    assert_eq!(s.overlays["Text Extracts"].file.values[0].value, "extracts");
}

#[test]
fn the_unattributed_overlay_is_a_warning() {
    let unknown = "source: _unattributed\nparameters:\n- module: edit\n  after: title\n  name: mystery\n  type: string\n";
    let dir = fixture(&[("extensions/_unattributed/overlay.yaml", unknown)]);
    let spec = Spec::load_with(dir.path().join("core"), None, &Extensions::All).expect("loads");
    assert_eq!(spec.warnings.len(), 1, "{:?}", spec.warnings);
    assert!(spec.warnings[0].to_string().contains("1 additions whose extension is not known"));
    let names: Vec<&str> = spec.modules["edit"].parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["title", "mystery", "token", "captchaword"]);
}

fn problems(extra: &[(&str, &str)]) -> Vec<String> {
    let dir = fixture(extra);
    let root = dir.path().to_string_lossy().into_owned();
    match Spec::load_with(dir.path().join("core"), None, &Extensions::All) {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics().iter().map(|d| d.to_string().replace(&root, "")).collect(),
    }
}

#[test]
fn lint_locates_bad_additions() {
    let bad = "source: Bad\nparameters:\n- module: edti\n  after: token\n  name: x\n  type: string\n- module: edit\n  after: token\n  name: title\n  type: string\n- module: edit\n  after: nothing\n  name: y\n  type: string\nvalues:\n- module: query\n  parameter: prop\n  value: info\n  after: info\n  submodule: query+info\n- module: query\n  parameter: prop\n  value: z\n  after: info\n  submodule: query+zz\n";
    // Unknown keys stop the overlay's loading (as in a module file), so they stand in another one.
    let keys = "source: Keys\nvalues:\n- module: query\n  parameter: prop\n  value: q\n  after: info\n  colour: red\n";
    let got = problems(&[("extensions/Bad/overlay.yaml", bad), ("extensions/Keys/overlay.yaml", keys)]);
    let want = [
        "/extensions/Bad/overlay.yaml:3:11: overlay `Bad` adds parameter `x` to module `edti`, which is not in the core",
        "/extensions/Bad/overlay.yaml:9:9: duplicate parameter `title` in module `edit`: the core has it",
        "/extensions/Bad/overlay.yaml:12:10: `y`, added to the parameters of `edit`, goes after `nothing`, which is not in the list",
        "/extensions/Bad/overlay.yaml:18:10: duplicate value `info` of parameter `prop` of `query`: the core has it",
        "/extensions/Bad/overlay.yaml:25:14: value `z` of `prop` picks module `query+zz`, which no overlay and not the core has",
        "/extensions/Keys/overlay.yaml:7:3: unknown added value key `colour`",
    ];
    for w in want {
        assert!(got.iter().any(|g| g.starts_with(w)), "missing {w}\nin:\n{}", got.join("\n"));
    }
}

#[test]
fn lint_checks_overlay_folders_and_modules() {
    // Folder and source disagree; a module whose source is another's.
    let got = problems(&[
        ("extensions/Other/overlay.yaml", "source: Another\n"),
        (
            "extensions/ConfirmEdit/action/captcha.yaml",
            "name: captcha\nclassname: X\npath: captcha\ngroup: action\nprefix: ''\nsource: MediaWiki\n",
        ),
    ]);
    let want = [
        "/extensions/Other/overlay.yaml:1:9: overlay folder `Other` holds source `Another`",
        "/extensions/ConfirmEdit/action/captcha.yaml:6:9: module `captcha` of overlay `ConfirmEdit` has source \"MediaWiki\"",
    ];
    for w in want {
        assert!(got.iter().any(|g| g.starts_with(w)), "missing {w}\nin:\n{}", got.join("\n"));
    }
    // A selection naming no overlay.
    let dir = fixture(&[]);
    let e = Spec::load_with(dir.path().join("core"), None, &Extensions::parse("TextExtracts").expect("list"))
        .expect_err("no such overlay");
    assert!(e.to_string().contains("there is no overlay `TextExtracts`"), "{e}");
    assert!(e.to_string().contains("did you mean `Text Extracts`?"), "{e}");
}

#[test]
fn extensions_parse() {
    assert_eq!(Extensions::parse("none"), Ok(Extensions::None));
    assert_eq!(Extensions::parse("all"), Ok(Extensions::All));
    assert_eq!(
        Extensions::parse("Abuse Filter, TextExtracts"),
        Ok(Extensions::Only(vec!["Abuse Filter".into(), "TextExtracts".into()]))
    );
    assert!(Extensions::parse("all,Gadgets").is_err());
}
