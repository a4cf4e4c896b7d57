//! Spec overlays: what extensions add to a core spec (see `spec/README.md`, "Overlays").
//!
//! An overlays directory (`spec/extensions/`) holds one folder per extension, named by its paraminfo
//! `source` as given (`Abuse Filter/`), each with an `overlay.yaml` (the exact `source`, and what the
//! extension adds to core modules: parameters, and values of core parameters) and the extension's own
//! modules in the core's per-module format (`list/abuselog.yaml`). `attribution.yaml` beside the
//! folders says which extension added what paraminfo does not attribute. [`Spec::load_with`] loads the
//! core and every overlay, lints them, and merges the selected ones with provenance.

mod lint;
mod merge;

pub use merge::{addition_counts, extension_sources, help_line_is_for};

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
pub(super) struct Placed<'a> {
    pub(super) name: &'a str,
    pub(super) after: Option<&'a str>,
    pub(super) before: Option<&'a str>,
    /// The overlay's source and the index of the entry in its file, for errors and provenance.
    pub(super) source: &'a str,
    pub(super) index: usize,
}

/// The whole list, `base` with every addition at its place, each after (or before) its anchor; the
/// additions whose anchor is not in the list are returned apart.
pub(super) fn place<'a>(base: &[&'a str], adds: &[Placed<'a>]) -> (Vec<&'a str>, Vec<Placed<'a>>) {
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

/// `description` with the help line of each added value of `order` (the merged list) inserted after the
/// line of the nearest value before it that has one (or before the first value's line).
pub(super) fn insert_help<'a>(
    description: &str,
    order: &[&str],
    help: impl Fn(&str) -> Option<&'a str>,
) -> String {
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
