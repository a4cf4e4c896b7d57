//! Spec overlays: what extensions add to a core spec (see `spec/README.md`, "Overlays").
//!
//! An overlays directory (`spec/extensions/`) holds one folder per extension, named by its paraminfo
//! `source` as given (`Abuse Filter/`), each with an `overlay.yaml` (the exact `source`, and what the
//! extension adds to core modules: parameters, and values of core parameters) and the extension's own
//! modules in the core's per-module format (`list/abuselog.yaml`). `attribution.yaml` beside the
//! folders says which extension added what paraminfo does not attribute. [`Spec::load_with`] loads the
//! core and every overlay, lints them, and merges the selected ones with provenance.

use super::diagnostic::{did_you_mean, Diagnostic, SpecError};
use super::load::{check_keys, collect_yaml, insert_module, read_module, serde_diagnostic, Source, Spec};
use super::located::{Node, NodeKind, Pos, Step};
use super::model::{Module, ParamType, Parameter};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The `source` of MediaWiki's own modules.
pub const CORE_SOURCE: &str = "MediaWiki";
/// Each overlay folder's description of itself and of its additions.
pub const OVERLAY_FILE: &str = "overlay.yaml";
/// Which extension added a parameter or value that paraminfo does not attribute (hand-written).
pub const ATTRIBUTION_FILE: &str = "attribution.yaml";
/// The overlay of additions whose extension could not be told (lint warns for each).
pub const UNATTRIBUTED: &str = "_unattributed";

pub(crate) const OVERLAY_KEYS: &[&str] = &["source", "parameters", "values"];
pub(crate) const PLACE_KEYS: &[&str] = &["module", "after", "before"];
pub(crate) const VALUE_KEYS: &[&str] =
    &["module", "parameter", "value", "after", "before", "submodule", "internal", "deprecated", "help"];
pub(crate) const ATTRIBUTION_KEYS: &[&str] = &["rules"];
pub(crate) const RULE_KEYS: &[&str] = &["module", "parameter", "value", "source", "module_source"];

fn is_false(b: &bool) -> bool {
    !*b
}

/// Which overlays to merge onto the core: none (the default: the core alone, as without overlays),
/// all of them, or those whose `source` is listed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Extensions {
    #[default]
    None,
    All,
    Only(Vec<String>),
}

impl Extensions {
    /// `none`, `all`, or a comma-separated list of sources (`TextExtracts,Abuse Filter`).
    pub fn parse(s: &str) -> Result<Extensions, String> {
        match s.trim() {
            "" | "none" => Ok(Extensions::None),
            "all" => Ok(Extensions::All),
            list => {
                let names: Vec<String> =
                    list.split(',').map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect();
                if names.iter().any(|n| n == "all" || n == "none") {
                    return Err(format!("`{s}`: `all` and `none` stand alone, not in a list"));
                }
                Ok(Extensions::Only(names))
            }
        }
    }

    pub fn is_none(&self) -> bool {
        *self == Extensions::None
    }

    fn includes(&self, source: &str) -> bool {
        match self {
            Extensions::None => false,
            Extensions::All => true,
            Extensions::Only(names) => names.iter().any(|n| n == source),
        }
    }
}

impl std::str::FromStr for Extensions {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Extensions::parse(s)
    }
}

impl fmt::Display for Extensions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Extensions::None => f.write_str("none"),
            Extensions::All => f.write_str("all"),
            Extensions::Only(n) => f.write_str(&n.join(",")),
        }
    }
}

/// Whether `source` can name an overlay folder as it is: 1 to 100 ASCII letters, digits, spaces, `-`,
/// `_` and `.`, not starting with `.` or a space nor ending with a space.
pub fn is_source_dir(source: &str) -> bool {
    (1..=100).contains(&source.len())
        && source.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'_' | b'.'))
        && !source.starts_with(['.', ' '])
        && !source.ends_with(' ')
}

/// `overlay.yaml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayFile {
    /// paraminfo's `source` of the extension, exactly (`Abuse Filter`); the folder is named by it.
    pub source: String,
    /// Parameters the extension adds to core modules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<AddedParameter>,
    /// Values the extension adds to core parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<AddedValue>,
}

/// A parameter added to a core module: the parameter's own keys, as in a module file, plus `module` and
/// where it goes (`after` the named parameter, or `before` it when it is the first).
#[derive(Debug, Clone, PartialEq)]
pub struct AddedParameter {
    pub module: String,
    pub after: Option<String>,
    pub before: Option<String>,
    pub parameter: Parameter,
}

impl Serialize for AddedParameter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        let mut map = serde_yaml::Mapping::new();
        map.insert("module".into(), self.module.clone().into());
        for (key, v) in [("after", &self.after), ("before", &self.before)] {
            if let Some(v) = v {
                map.insert(key.into(), v.clone().into());
            }
        }
        match serde_yaml::to_value(&self.parameter).map_err(S::Error::custom)? {
            serde_yaml::Value::Mapping(rest) => map.extend(rest),
            _ => return Err(S::Error::custom("a parameter serializes to a map")),
        }
        map.serialize(s)
    }
}

impl<'de> Deserialize<'de> for AddedParameter {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut map = serde_yaml::Mapping::deserialize(d)?;
        let mut take = |key: &str| -> Result<Option<String>, D::Error> {
            match map.remove(key) {
                None => Ok(None),
                Some(serde_yaml::Value::String(s)) => Ok(Some(s)),
                Some(_) => Err(D::Error::custom(format!("`{key}` is not a string"))),
            }
        };
        let module = take("module")?.ok_or_else(|| D::Error::missing_field("module"))?;
        let after = take("after")?;
        let before = take("before")?;
        let parameter = serde_yaml::from_value(serde_yaml::Value::Mapping(map)).map_err(D::Error::custom)?;
        Ok(AddedParameter { module, after, before, parameter })
    }
}

/// A value added to a core parameter's list (an enum, or a submodule parameter such as `prop`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddedValue {
    pub module: String,
    pub parameter: String,
    pub value: String,
    /// The value it follows in the wiki's list (which may be another overlay's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// The value it precedes, when it is the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The module it picks, for a submodule parameter (`query+extracts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submodule: Option<String>,
    /// Listed in the parameter's `internalvalues`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub internal: bool,
    /// Listed in the parameter's `deprecatedvalues`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Its line in the parameter's description (submodule parameters list each value with its summary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// `attribution.yaml`: rules, first match wins.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// One attribution rule. With `value`, it matches added values (a trailing `*` matches a prefix);
/// without, added parameters named `parameter`. `module` and `parameter` narrow it. The extension is
/// `source`, or the `source` of the module `module_source` names (`query+{value}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module_source: Option<String>,
}

impl Attribution {
    /// The rules of `dir`'s `attribution.yaml` (none when there is no such file), checked as lint does.
    pub fn read(dir: &Path) -> Result<Attribution, SpecError> {
        let path = dir.join(ATTRIBUTION_FILE);
        if !path.is_file() {
            return Ok(Attribution::default());
        }
        let mut problems = Vec::new();
        let mut out = Attribution::default();
        read_attribution(&path, &mut out, &mut problems)?;
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(SpecError::Invalid(problems))
        }
    }

    /// The extension that added parameter `param` to `module`, if a rule says.
    pub fn parameter(&self, module: &str, param: &str) -> Option<String> {
        self.rules
            .iter()
            .filter(|r| r.value.is_none())
            .find(|r| {
                r.module.as_deref().is_none_or(|m| m == module) && r.parameter.as_deref() == Some(param)
            })
            .and_then(|r| r.source.clone())
    }

    /// The extension that added `value` to `module`'s `param`, if a rule says; `source_of` gives a
    /// module's source, for `module_source` rules.
    pub fn value(
        &self,
        module: &str,
        param: &str,
        value: &str,
        source_of: impl Fn(&str) -> Option<String>,
    ) -> Option<String> {
        let rule = self.rules.iter().find(|r| {
            let Some(pattern) = &r.value else { return false };
            let matches = match pattern.strip_suffix('*') {
                Some(prefix) => value.starts_with(prefix),
                None => pattern == value,
            };
            matches
                && r.module.as_deref().is_none_or(|m| m == module)
                && r.parameter.as_deref().is_none_or(|p| p == param)
        })?;
        match (&rule.source, &rule.module_source) {
            (Some(s), _) => Some(s.clone()),
            (None, Some(template)) => source_of(&template.replace("{value}", value)),
            (None, None) => None,
        }
    }
}

/// One overlay folder, loaded.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub file: OverlayFile,
    /// Where `overlay.yaml` was read from, with its located tree.
    pub located: Source,
    pub modules: BTreeMap<String, Module>,
    pub sources: BTreeMap<String, Source>,
}

/// Every overlay of an overlays directory, by source, and its attribution rules.
#[derive(Debug, Clone, Default)]
pub struct Overlays {
    pub root: PathBuf,
    pub overlays: BTreeMap<String, Overlay>,
    pub attribution: Attribution,
}

/// Where the overlays of the core spec in `core` are by default: `extensions/` beside it
/// (`spec/mediawiki-1.39` → `spec/extensions`).
pub fn default_overlays_dir(core: &Path) -> PathBuf {
    match core.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join("extensions"),
        _ => PathBuf::from("extensions"),
    }
}

fn parse_file(file: &Path, problems: &mut Vec<Diagnostic>) -> Result<Option<(String, Node)>, SpecError> {
    let text = std::fs::read_to_string(file).map_err(|e| SpecError::io(file, e))?;
    match Node::parse(&text) {
        Ok(tree) => Ok(Some((text, tree))),
        Err((pos, msg)) => {
            problems.push(
                Diagnostic::new(file, pos, format!("YAML syntax error: {msg}"))
                    .hint("check indentation, quoting and brackets near this position"),
            );
            Ok(None)
        }
    }
}

fn check_overlay_keys(file: &Path, tree: &Node, out: &mut Vec<Diagnostic>) {
    check_keys(file, tree, OVERLAY_KEYS, "overlay", out);
    let known: Vec<&str> = PLACE_KEYS.iter().chain(super::load::PARAMETER_KEYS).copied().collect();
    if let Some(NodeKind::Seq(params)) = tree.get("parameters").map(|n| &n.kind) {
        for p in params {
            check_keys(file, p, &known, "added parameter", out);
        }
    }
    if let Some(NodeKind::Seq(values)) = tree.get("values").map(|n| &n.kind) {
        for v in values {
            check_keys(file, v, VALUE_KEYS, "added value", out);
        }
    }
}

impl Overlays {
    /// Loads every overlay folder of `root` (an absent directory has none), with located problems.
    pub fn load(root: &Path) -> Result<Overlays, SpecError> {
        let (overlays, problems) = Overlays::read(root)?;
        if problems.is_empty() {
            Ok(overlays)
        } else {
            Err(SpecError::Invalid(problems))
        }
    }

    /// What of `root` loads, and the problems of the rest (files that do not parse are left out).
    pub fn read(root: &Path) -> Result<(Overlays, Vec<Diagnostic>), SpecError> {
        let mut problems = Vec::new();
        let mut overlays = Overlays { root: root.to_path_buf(), ..Default::default() };
        if !root.is_dir() {
            return Ok((overlays, problems));
        }
        let mut entries: Vec<PathBuf> = Vec::new();
        for entry in std::fs::read_dir(root).map_err(|e| SpecError::io(root, e))? {
            entries.push(entry.map_err(|e| SpecError::io(root, e))?.path());
        }
        entries.sort();
        let mut all_sources: BTreeMap<String, Source> = BTreeMap::new();
        for path in entries {
            if !path.is_dir() {
                if path.file_name().is_some_and(|n| n == ATTRIBUTION_FILE) {
                    read_attribution(&path, &mut overlays.attribution, &mut problems)?;
                } else if path.extension().is_some_and(|e| e == "yaml") {
                    problems.push(
                        Diagnostic::new(&path, Pos { line: 1, col: 1 }, "a file where overlay folders are")
                            .hint(format!(
                            "the overlays directory holds one folder per extension and `{ATTRIBUTION_FILE}`"
                        )),
                    );
                }
                continue;
            }
            let dir_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let overlay_file = path.join(OVERLAY_FILE);
            if !overlay_file.is_file() {
                problems.push(
                    Diagnostic::new(
                        &overlay_file,
                        Pos { line: 1, col: 1 },
                        format!("overlay `{dir_name}` has no {OVERLAY_FILE}"),
                    )
                    .hint(format!(
                        "every overlay folder has an {OVERLAY_FILE} giving its exact `source: {dir_name}`"
                    )),
                );
                continue;
            }
            let Some((text, tree)) = parse_file(&overlay_file, &mut problems)? else { continue };
            let before = problems.len();
            check_overlay_keys(&overlay_file, &tree, &mut problems);
            let file = match serde_yaml::from_str::<OverlayFile>(&text) {
                Ok(f) => f,
                Err(e) => {
                    if problems.len() == before || !super::load::is_unknown_field(&e) {
                        problems.push(serde_diagnostic(&overlay_file, &e));
                    }
                    continue;
                }
            };
            let at = |key: &str| tree.get(key).map(|n| n.pos).unwrap_or_default();
            if file.source != dir_name {
                problems.push(
                    Diagnostic::new(&overlay_file, at("source"), format!("overlay folder `{dir_name}` holds source `{}`", file.source))
                        .hint("an overlay folder is named by its source exactly as paraminfo gives it (spaces included)"),
                );
            }
            let mut files = Vec::new();
            collect_yaml(&path, &path, &mut files)?;
            files.sort();
            let mut modules = BTreeMap::new();
            let mut sources = BTreeMap::new();
            for (relative, f) in files.into_iter().filter(|(rel, _)| rel != OVERLAY_FILE) {
                let Some((text, tree)) = parse_file(&f, &mut problems)? else { continue };
                let Some(module) = read_module(&f, &text, &tree, &mut problems) else { continue };
                if module.source.as_deref() != Some(file.source.as_str()) {
                    let pos =
                        tree.get("source").or_else(|| tree.get("path")).map(|n| n.pos).unwrap_or_default();
                    problems.push(
                        Diagnostic::new(
                            &f,
                            pos,
                            format!(
                                "module `{}` of overlay `{}` has source {:?}",
                                module.path,
                                file.source,
                                module.source.as_deref().unwrap_or("(none)")
                            ),
                        )
                        .hint(format!(
                            "an overlay holds the modules whose paraminfo source is `{}`",
                            file.source
                        )),
                    );
                }
                let source = Source { file: f, relative, tree };
                // Module paths are unique across every overlay, as on a wiki.
                let mut probe = BTreeMap::new();
                if let Some(previous) = all_sources.get(&module.path) {
                    probe.insert(module.path.clone(), previous.clone());
                }
                let mut scratch = BTreeMap::new();
                insert_module(module.clone(), source.clone(), &mut scratch, &mut probe, &mut problems);
                if !all_sources.contains_key(&module.path) {
                    all_sources.insert(module.path.clone(), source.clone());
                    sources.insert(module.path.clone(), source);
                    modules.insert(module.path.clone(), module);
                }
            }
            let located = Source { file: overlay_file, relative: OVERLAY_FILE.into(), tree };
            overlays.overlays.insert(file.source.clone(), Overlay { file, located, modules, sources });
        }
        problems.sort();
        Ok((overlays, problems))
    }

    pub fn module_count(&self) -> usize {
        self.overlays.values().map(|o| o.modules.len()).sum()
    }
}

fn read_attribution(
    path: &Path,
    out: &mut Attribution,
    problems: &mut Vec<Diagnostic>,
) -> Result<(), SpecError> {
    let Some((text, tree)) = parse_file(path, problems)? else { return Ok(()) };
    let before = problems.len();
    check_keys(path, &tree, ATTRIBUTION_KEYS, "attribution", problems);
    if let Some(NodeKind::Seq(rules)) = tree.get("rules").map(|n| &n.kind) {
        for r in rules {
            check_keys(path, r, RULE_KEYS, "attribution rule", problems);
        }
    }
    match serde_yaml::from_str::<Attribution>(&text) {
        Ok(a) => *out = a,
        Err(e) if problems.len() == before => problems.push(serde_diagnostic(path, &e)),
        Err(_) => {}
    }
    check_rules(path, &tree, out, problems);
    Ok(())
}

fn check_rules(file: &Path, tree: &Node, a: &Attribution, out: &mut Vec<Diagnostic>) {
    for (i, r) in a.rules.iter().enumerate() {
        let pos = tree.locate(&["rules".into(), i.into()]);
        let problem = match (&r.value, &r.parameter, &r.source, &r.module_source) {
            (_, _, Some(_), Some(_)) => Some("has both `source` and `module_source`"),
            (_, _, None, None) => Some("has neither `source` nor `module_source`"),
            (None, None, _, _) => Some("names neither a `value` nor a `parameter`"),
            (None, Some(_), None, Some(_)) => Some("uses `module_source` for a parameter"),
            _ => None,
        };
        if let Some(p) = problem {
            out.push(Diagnostic::new(file, pos, format!("attribution rule {} {p}", i + 1)).hint(
                "a rule is `{value: V, source: S}` (values; `V*` for a prefix), `{parameter: P, source: S}` \
                 (added parameters), narrowed by `module` and `parameter`, or `module_source: 'query+{value}'`",
            ));
        }
    }
}

/// Where a value or parameter goes: after or before a name of the same list.
#[derive(Debug, Clone)]
struct Placed<'a> {
    name: &'a str,
    after: Option<&'a str>,
    before: Option<&'a str>,
    /// The overlay's source and the index of the entry in its file, for errors and provenance.
    source: &'a str,
    index: usize,
}

/// The whole list, `base` with every addition at its place, each after (or before) its anchor; the
/// additions whose anchor is not in the list are returned apart.
fn place<'a>(base: &[&'a str], adds: &[Placed<'a>]) -> (Vec<&'a str>, Vec<Placed<'a>>) {
    let mut list: Vec<&str> = base.to_vec();
    let mut pending: Vec<Placed<'a>> = adds.to_vec();
    loop {
        let mut progress = false;
        let mut still = Vec::new();
        for a in pending {
            let at = match (a.after, a.before) {
                (Some(x), None) => list.iter().position(|n| *n == x).map(|i| i + 1),
                (None, Some(x)) => list.iter().position(|n| *n == x),
                _ => None,
            };
            match at {
                Some(i) if !list.contains(&a.name) => {
                    list.insert(i, a.name);
                    progress = true;
                }
                _ => still.push(a),
            }
        }
        pending = still;
        if !progress || pending.is_empty() {
            return (list, pending);
        }
    }
}

/// Whether `line` of a parameter's description describes `value`: `;value:…`, or a submodule's
/// `;<span …>[[Special:ApiHelp/path|value]]</span>:…`.
pub fn help_line_is_for(line: &str, value: &str) -> bool {
    line.starts_with(';')
        && (line.starts_with(&format!(";{value}:")) || line.contains(&format!("|{value}]]</span>:")))
}

struct Lint<'a> {
    out: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    overlays: &'a Overlays,
}

impl Lint<'_> {
    fn at(&mut self, o: &Overlay, path: &[Step<'_>], message: String, hint: impl Into<String>) {
        let pos = o.located.tree.locate(path);
        self.out.push(Diagnostic::new(&o.located.file, pos, message).hint(hint));
    }
}

fn no_such_module(core: &Spec, name: &str) -> String {
    let names: Vec<&str> = core.modules.keys().map(String::as_str).collect();
    match did_you_mean(name, &names) {
        Some(m) => format!("did you mean `{m}`? additions go to core modules, by path"),
        None => "additions go to core modules, named by path (`edit`, `query+revisions`)".into(),
    }
}

impl Spec {
    /// Loads the core spec at `root` and lints it, then, unless `extensions` is none, loads every
    /// overlay of `overlays` (default: [`default_overlays_dir`]), lints them against the core, and
    /// merges the selected ones. With [`Extensions::None`] this is [`Spec::load`].
    pub fn load_with(
        root: impl AsRef<Path>,
        overlays: Option<&Path>,
        extensions: &Extensions,
    ) -> Result<Spec, SpecError> {
        let core = Spec::load(root.as_ref())?;
        if extensions.is_none() {
            return Ok(core);
        }
        let dir = overlays.map(Path::to_path_buf).unwrap_or_else(|| default_overlays_dir(root.as_ref()));
        let (loaded, mut problems) = Overlays::read(&dir)?;
        match core.merge(&loaded, extensions) {
            Ok(merged) if problems.is_empty() => Ok(merged),
            Ok(_) => Err(SpecError::Invalid(problems)),
            Err(e) => {
                problems.extend(e.diagnostics().iter().cloned());
                problems.sort();
                problems.dedup();
                Err(SpecError::Invalid(problems))
            }
        }
    }

    /// The core with the selected overlays merged onto it, every overlay linted against it.
    pub fn merge(&self, overlays: &Overlays, extensions: &Extensions) -> Result<Spec, SpecError> {
        let mut lint = Lint { out: Vec::new(), warnings: Vec::new(), overlays };
        if let Extensions::Only(names) = extensions {
            let known: Vec<&str> = overlays.overlays.keys().map(String::as_str).collect();
            for n in names {
                if !overlays.overlays.contains_key(n) {
                    let hint = match did_you_mean(n, &known) {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => format!("the overlays are: {}", known.join(", ")),
                    };
                    lint.out.push(
                        Diagnostic::new(&overlays.root, Pos::default(), format!("there is no overlay `{n}`"))
                            .hint(hint),
                    );
                }
            }
        }
        // Every overlay's modules, for submodule targets (an unselected overlay's values point at its
        // own modules, which are then absent too).
        let mut every = self.clone();
        for o in overlays.overlays.values() {
            for (path, m) in &o.modules {
                if self.modules.contains_key(path) {
                    let pos = o.sources[path].tree.get("path").map(|n| n.pos).unwrap_or_default();
                    lint.out.push(
                        Diagnostic::new(&o.sources[path].file, pos, format!("overlay `{}` defines core module `{path}`", o.file.source))
                            .hint("what an extension adds to a core module goes in overlay.yaml's `parameters` and `values`"),
                    );
                }
                every.modules.entry(path.clone()).or_insert_with(|| m.clone());
                every.sources.entry(path.clone()).or_insert_with(|| o.sources[path].clone());
            }
        }
        let mut merged = self.clone();
        for (source, o) in &overlays.overlays {
            if extensions.includes(source) {
                merged.modules.extend(o.modules.iter().map(|(k, v)| (k.clone(), v.clone())));
                merged.sources.extend(o.sources.iter().map(|(k, v)| (k.clone(), v.clone())));
                merged.extensions.push(source.clone());
            }
            if source == UNATTRIBUTED {
                let n = o.file.parameters.len() + o.file.values.len();
                if n > 0 {
                    lint.warnings.push(
                        Diagnostic::new(&o.located.file, Pos { line: 1, col: 1 }, format!("{n} additions whose extension is not known"))
                            .hint(format!("paraminfo does not say which extension added them: add rules to {ATTRIBUTION_FILE} and import again")),
                    );
                }
            }
        }
        lint.parameters(self, &every, &mut merged, extensions);
        lint.values(self, &every, &mut merged, extensions);
        // The overlays' own modules, linted as the core's are, against everything they can name.
        let mut problems = super::lint::lint(&every);
        problems.retain(|d| !self.sources.values().any(|s| s.file == d.file));
        lint.out.extend(problems);
        if lint.out.is_empty() {
            merged.warnings = lint.warnings;
            merged.warnings.sort();
            Ok(merged)
        } else {
            lint.out.sort();
            lint.out.dedup();
            Err(SpecError::Invalid(lint.out))
        }
    }
}

impl Lint<'_> {
    /// The whole list of `base` with `adds` placed, reporting additions made twice and anchors that
    /// are not in the list (`list` is the key of the entries in overlay.yaml).
    fn ordered<'a, T>(
        &mut self,
        list: &'static str,
        what: &str,
        base: &[&'a str],
        adds: &[(Placed<'a>, &Overlay, T)],
    ) -> Vec<&'a str> {
        let name_key = if list == "values" { "value" } else { "name" };
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (p, o, _) in adds {
            if let Some(first) = seen.insert(p.name, p.source) {
                self.at(
                    o,
                    &[list.into(), p.index.into(), name_key.into()],
                    format!("duplicate addition `{}` to {what}: overlay `{first}` adds it too", p.name),
                    "each addition is made by one overlay",
                );
            }
        }
        let placed: Vec<Placed<'_>> = adds.iter().map(|(p, _, _)| p.clone()).collect();
        let (order, unplaced) = place(base, &placed);
        for u in unplaced {
            let Some((_, o, _)) = adds.iter().find(|(p, _, _)| p.source == u.source && p.index == u.index)
            else {
                continue;
            };
            let key = if u.after.is_some() { "after" } else { "before" };
            let anchor = u.after.or(u.before).unwrap_or_default();
            self.at(
                o,
                &[list.into(), u.index.into(), key.into()],
                format!("`{}`, added to {what}, goes {key} `{anchor}`, which is not in the list", u.name),
                "name one of the core's, or one an overlay adds (the one it follows on the wiki)",
            );
        }
        order
    }

    fn parameters(&mut self, core: &Spec, every: &Spec, merged: &mut Spec, extensions: &Extensions) {
        let overlays = self.overlays;
        let mut by_module: BTreeMap<&str, Vec<(Placed<'_>, &Overlay, &AddedParameter)>> = BTreeMap::new();
        for o in overlays.overlays.values() {
            for (i, a) in o.file.parameters.iter().enumerate() {
                let Some(m) = core.modules.get(&a.module) else {
                    self.at(
                        o,
                        &["parameters".into(), i.into(), "module".into()],
                        format!(
                            "overlay `{}` adds parameter `{}` to module `{}`, which is not in the core",
                            o.file.source, a.parameter.name, a.module
                        ),
                        no_such_module(core, &a.module),
                    );
                    continue;
                };
                if m.parameter(&a.parameter.name).is_some() {
                    self.at(
                        o,
                        &["parameters".into(), i.into(), "name".into()],
                        format!(
                            "duplicate parameter `{}` in module `{}`: the core has it",
                            a.parameter.name, a.module
                        ),
                        "an overlay adds parameters the core module does not have; remove this one",
                    );
                    continue;
                }
                if a.after.is_some() == a.before.is_some() {
                    self.at(o, &["parameters".into(), i.into()], format!("added parameter `{}` of `{}` needs exactly one of `after` and `before`", a.parameter.name, a.module), "`after: NAME` is the parameter it follows on the wiki; `before: NAME` when it comes first");
                    continue;
                }
                let placed = Placed {
                    name: &a.parameter.name,
                    after: a.after.as_deref(),
                    before: a.before.as_deref(),
                    source: &o.file.source,
                    index: i,
                };
                by_module.entry(&a.module).or_default().push((placed, o, a));
            }
        }
        for (module, adds) in by_module {
            let m = &core.modules[module];
            let base: Vec<&str> = m.parameters.iter().map(|p| p.name.as_str()).collect();
            let order = self.ordered("parameters", &format!("the parameters of `{module}`"), &base, &adds);
            // The standard parameter checks, located in overlay.yaml (whose entries have a parameter's shape).
            let mut whole = m.clone();
            whole.parameters = order
                .iter()
                .filter_map(|n| {
                    m.parameter(n).cloned().or_else(|| {
                        adds.iter().find(|(p, _, _)| p.name == *n).map(|(_, _, a)| a.parameter.clone())
                    })
                })
                .collect();
            for (p, o, a) in &adds {
                let mut cx = super::lint::Cx::new(every, &o.located, &mut self.out);
                cx.parameter(&whole, p.index, &a.parameter);
            }
            let target = merged.modules.get_mut(module).expect("a core module");
            target.parameters = order
                .iter()
                .filter_map(|n| match m.parameter(n) {
                    Some(p) => Some(p.clone()),
                    None => adds.iter().find(|(p, _, _)| p.name == *n && extensions.includes(p.source)).map(
                        |(p, _, a)| {
                            let mut param = a.parameter.clone();
                            param.origin = Some(p.source.to_string());
                            param
                        },
                    ),
                })
                .collect();
        }
    }

    fn values(&mut self, core: &Spec, every: &Spec, merged: &mut Spec, extensions: &Extensions) {
        let overlays = self.overlays;
        type Entry<'a> = (Placed<'a>, &'a Overlay, &'a AddedValue);
        let mut by_param: BTreeMap<(&str, &str), Vec<Entry<'_>>> = BTreeMap::new();
        for o in overlays.overlays.values() {
            for (i, a) in o.file.values.iter().enumerate() {
                let here =
                    |key: &'static str| -> Vec<Step<'static>> { vec!["values".into(), i.into(), key.into()] };
                let Some(m) = core.modules.get(&a.module) else {
                    self.at(
                        o,
                        &here("module"),
                        format!(
                            "overlay `{}` adds value `{}` to module `{}`, which is not in the core",
                            o.file.source, a.value, a.module
                        ),
                        no_such_module(core, &a.module),
                    );
                    continue;
                };
                let Some(p) = m.parameter(&a.parameter) else {
                    let names: Vec<&str> = m.parameters.iter().map(|p| p.name.as_str()).collect();
                    let hint = match did_you_mean(&a.parameter, &names) {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => {
                            "values are added to a parameter of the core module, named without its prefix"
                                .into()
                        }
                    };
                    self.at(o, &here("parameter"), format!("overlay `{}` adds value `{}` to `{}`, which is not a parameter of core module `{}`", o.file.source, a.value, a.parameter, a.module), hint);
                    continue;
                };
                let ParamType::Values(values) = &p.ty else {
                    self.at(
                        o,
                        &here("parameter"),
                        format!("parameter `{}` of `{}` is not a list of values", a.parameter, a.module),
                        "values are added to enums and submodule parameters only",
                    );
                    continue;
                };
                if values.contains(&a.value) {
                    self.at(
                        o,
                        &here("value"),
                        format!(
                            "duplicate value `{}` of parameter `{}` of `{}`: the core has it",
                            a.value, a.parameter, a.module
                        ),
                        "an overlay adds values the core does not have; remove this one",
                    );
                    continue;
                }
                if a.after.is_some() == a.before.is_some() {
                    self.at(o, &["values".into(), i.into()], format!("added value `{}` of `{}` `{}` needs exactly one of `after` and `before`", a.value, a.module, a.parameter), "`after: VALUE` is the value it follows on the wiki; `before: VALUE` when it comes first");
                    continue;
                }
                match (&a.submodule, &p.submodules) {
                    (Some(t), Some(_)) if !every.modules.contains_key(t) => self.at(o, &here("submodule"), format!("value `{}` of `{}` picks module `{t}`, which no overlay and not the core has", a.value, a.parameter), "the module of a submodule value is an overlay's module (its path)"),
                    (Some(_), None) => self.at(o, &here("submodule"), format!("parameter `{}` of `{}` picks no submodules", a.parameter, a.module), "only submodule parameters (`action`, `prop`, `list`, `meta`, `format`) take `submodule`"),
                    (None, Some(_)) => self.at(o, &["values".into(), i.into()], format!("value `{}` of submodule parameter `{}` of `{}` has no `submodule`", a.value, a.parameter, a.module), "name the module it picks: `submodule: query+extracts`"),
                    _ => {}
                }
                if a.help.is_some() && p.description.is_none() {
                    self.at(
                        o,
                        &here("help"),
                        format!(
                            "value `{}` has a `help` line, but parameter `{}` of `{}` has no description",
                            a.value, a.parameter, a.module
                        ),
                        "remove `help` (the core was imported with helpformat=none)",
                    );
                }
                let placed = Placed {
                    name: &a.value,
                    after: a.after.as_deref(),
                    before: a.before.as_deref(),
                    source: &o.file.source,
                    index: i,
                };
                by_param.entry((&a.module, &a.parameter)).or_default().push((placed, o, a));
            }
        }
        for ((module, param), adds) in by_param {
            let core_param = core.modules[module].parameter(param).expect("checked above");
            let ParamType::Values(base) = &core_param.ty else { continue };
            let base_names: Vec<&str> = base.iter().map(String::as_str).collect();
            let order =
                self.ordered("values", &format!("the values of `{module}` `{param}`"), &base_names, &adds);
            let added = |v: &str| adds.iter().find(|(p, _, _)| p.name == v && extensions.includes(p.source));
            let kept: Vec<&str> =
                order.iter().copied().filter(|v| base_names.contains(v) || added(v).is_some()).collect();
            if kept.len() == base.len() {
                continue;
            }
            let target = merged
                .modules
                .get_mut(module)
                .and_then(|m| m.parameters.iter_mut().find(|p| p.name == param))
                .expect("a core parameter");
            let flagged = |list: &Option<Vec<String>>,
                           flag: fn(&AddedValue) -> bool|
             -> Option<Vec<String>> {
                let out: Vec<String> = kept
                    .iter()
                    .filter(|v| {
                        list.iter().flatten().any(|x| x == *v) || added(v).is_some_and(|(_, _, a)| flag(a))
                    })
                    .map(|v| v.to_string())
                    .collect();
                (!out.is_empty()).then_some(out)
            };
            target.internalvalues = flagged(&core_param.internalvalues, |a| a.internal);
            target.deprecatedvalues = flagged(&core_param.deprecatedvalues, |a| a.deprecated);
            if let Some(subs) = &core_param.submodules {
                target.submodules = Some(
                    kept.iter()
                        .filter_map(|v| {
                            let t = subs
                                .get(*v)
                                .cloned()
                                .or_else(|| added(v).and_then(|(_, _, a)| a.submodule.clone()))?;
                            Some((v.to_string(), t))
                        })
                        .collect(),
                );
            }
            if let Some(d) = &core_param.description {
                target.description =
                    Some(insert_help(d, &kept, |v| added(v).and_then(|(_, _, a)| a.help.as_deref())));
            }
            target.value_origins = kept
                .iter()
                .filter_map(|v| added(v).map(|(p, _, _)| (v.to_string(), p.source.to_string())))
                .collect();
            target.ty = ParamType::Values(kept.iter().map(|v| v.to_string()).collect());
        }
    }
}

/// `description` with the help line of each added value of `order` (the merged list) inserted after the
/// line of the nearest value before it that has one (or before the first value's line).
fn insert_help<'a>(description: &str, order: &[&str], help: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut lines: Vec<String> = description.split('\n').map(str::to_string).collect();
    for (i, v) in order.iter().enumerate() {
        let Some(h) = help(v) else { continue };
        let line_of = |x: &str, lines: &[String]| lines.iter().position(|l| help_line_is_for(l, x));
        let after = order[..i].iter().rev().find_map(|x| line_of(x, &lines)).map(|l| l + 1);
        let at =
            after.or_else(|| order[i + 1..].iter().find_map(|x| line_of(x, &lines))).unwrap_or(lines.len());
        lines.insert(at, h.to_string());
    }
    lines.join("\n")
}

/// Every addition's extension, for a report: (source, added parameters, added values).
pub fn addition_counts(o: &Overlays) -> Vec<(String, usize, usize, usize)> {
    o.overlays
        .values()
        .map(|x| (x.file.source.clone(), x.modules.len(), x.file.parameters.len(), x.file.values.len()))
        .collect()
}

/// The sources of `modules` that are not the core's, as a set.
pub fn extension_sources<'a>(modules: impl IntoIterator<Item = &'a Module>) -> BTreeSet<String> {
    modules.into_iter().map(|m| m.origin().to_string()).filter(|s| s != CORE_SOURCE).collect()
}
