//! Spec directory → [`Spec`], with every problem located at `file:line:col`.

use super::diagnostic::{did_you_mean, Diagnostic, SpecError};
use super::located::{Node, NodeKind, Pos};
use super::model::{Module, WikiInfo};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A loaded spec: the wiki it came from and every module, keyed by module path (`main`, `block`,
/// `query+allpages`), with the source each was read from.
#[derive(Debug, Clone)]
pub struct Spec {
    pub root: PathBuf,
    pub wiki: WikiInfo,
    pub modules: BTreeMap<String, Module>,
    pub sources: BTreeMap<String, Source>,
    /// The `source` of each overlay merged in ([`Spec::load_with`]), sorted; empty for the core alone.
    pub extensions: Vec<String>,
    /// Problems that do not stop loading (additions whose extension is not known), located.
    pub warnings: Vec<Diagnostic>,
}

/// Where a module was read from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file, as given (spec root joined with the relative path).
    pub file: PathBuf,
    /// The path relative to the spec root, with `/` separators.
    pub relative: String,
    pub tree: Node,
}

pub const WIKI_FILE: &str = "wiki.yaml";

pub(crate) const WIKI_KEYS: &[&str] =
    &["generator", "api", "server", "imported", "mwgen", "helpformat", "lang"];
pub(crate) const MODULE_KEYS: &[&str] = &[
    "name",
    "classname",
    "path",
    "group",
    "prefix",
    "source",
    "sourcename",
    "licensetag",
    "licenselink",
    "deprecated",
    "internal",
    "readrights",
    "writerights",
    "mustbeposted",
    "generator",
    "helpurls",
    "description",
    "examples",
    "dynamicparameters",
    "parameters",
    "constraints",
    "response",
];
pub(crate) const PARAMETER_KEYS: &[&str] = &[
    "name",
    "templatevars",
    "description",
    "type",
    "required",
    "deprecated",
    "sensitive",
    "default",
    "multi",
    "lowlimit",
    "highlimit",
    "allowsduplicates",
    "allspecifier",
    "min",
    "max",
    "highmax",
    "maxbytes",
    "maxchars",
    "subtypes",
    "mustExist",
    "extranamespaces",
    "deprecatedvalues",
    "internalvalues",
    "submodules",
    "submoduleparamprefix",
    "tokentype",
    "info",
];
pub(crate) const EXAMPLE_KEYS: &[&str] = &["query", "description"];
pub(crate) const INFO_KEYS: &[&str] = &["name", "values", "text"];

impl Spec {
    /// Loads every `*.yaml` below `root` and lints the result. Returns every problem found, located.
    pub fn load(root: impl AsRef<Path>) -> Result<Spec, SpecError> {
        let spec = Spec::load_unchecked(root)?;
        let problems = super::lint::lint(&spec);
        if problems.is_empty() {
            Ok(spec)
        } else {
            Err(SpecError::Invalid(problems))
        }
    }

    /// Loads without the semantic checks of [`lint`](super::lint::lint) (syntax, keys and types are
    /// still checked, since nothing can be loaded without them).
    pub fn load_unchecked(root: impl AsRef<Path>) -> Result<Spec, SpecError> {
        let root = root.as_ref();
        let mut files = Vec::new();
        collect_yaml(root, root, &mut files)?;
        files.sort();

        let mut problems = Vec::new();
        let mut wiki = None;
        let mut modules = BTreeMap::new();
        let mut sources: BTreeMap<String, Source> = BTreeMap::new();
        let wiki_path = root.join(WIKI_FILE);
        if !files.iter().any(|(rel, _)| rel == WIKI_FILE) {
            problems.push(
                Diagnostic::new(&wiki_path, Pos { line: 1, col: 1 }, "missing wiki.yaml")
                    .hint("every spec directory has a wiki.yaml naming the wiki it was imported from"),
            );
        }
        for (relative, file) in files {
            let text = std::fs::read_to_string(&file).map_err(|e| SpecError::io(&file, e))?;
            let tree = match Node::parse(&text) {
                Ok(t) => t,
                Err((pos, msg)) => {
                    problems.push(
                        Diagnostic::new(&file, pos, format!("YAML syntax error: {msg}"))
                            .hint("check indentation, quoting and brackets near this position"),
                    );
                    continue;
                }
            };
            if relative == WIKI_FILE {
                let before = problems.len();
                check_keys(&file, &tree, WIKI_KEYS, "wiki.yaml", &mut problems);
                match serde_yaml::from_str::<WikiInfo>(&text) {
                    Ok(w) => wiki = Some(w),
                    Err(e) if problems.len() == before || !is_unknown_field(&e) => {
                        problems.push(serde_diagnostic(&file, &e))
                    }
                    Err(_) => {}
                }
                continue;
            }
            if let Some(module) = read_module(&file, &text, &tree, &mut problems) {
                insert_module(
                    module,
                    Source { file: file.clone(), relative, tree },
                    &mut modules,
                    &mut sources,
                    &mut problems,
                );
            }
        }
        match (problems.is_empty(), wiki) {
            (true, Some(wiki)) => Ok(Spec {
                root: root.to_path_buf(),
                wiki,
                modules,
                sources,
                extensions: Vec::new(),
                warnings: Vec::new(),
            }),
            _ => Err(SpecError::Invalid(problems)),
        }
    }

    /// Modules in the order MediaWiki's paraminfo lists them for `modules=main|*|query+*`: main, then the
    /// top-level modules by name, then the submodules by path.
    pub fn modules_in_wiki_order(&self) -> Vec<&Module> {
        let mut mods: Vec<&Module> = self.modules.values().collect();
        mods.sort_by(|a, b| wiki_order_key(&a.path).cmp(&wiki_order_key(&b.path)));
        mods
    }
}

/// Parses one module file (its keys checked with located errors, then the model), or reports why not.
pub(crate) fn read_module(
    file: &Path,
    text: &str,
    tree: &Node,
    problems: &mut Vec<Diagnostic>,
) -> Option<Module> {
    let before = problems.len();
    check_module_keys(file, tree, problems);
    match serde_yaml::from_str::<Module>(text) {
        Ok(m) => Some(m),
        Err(e) => {
            // Unknown keys were all reported above, with hints; serde stops at the first one.
            if problems.len() == before || !is_unknown_field(&e) {
                problems.push(serde_diagnostic(file, &e));
            }
            None
        }
    }
}

/// Adds a read module, refusing a second file for the same module path.
pub(crate) fn insert_module(
    module: Module,
    source: Source,
    modules: &mut BTreeMap<String, Module>,
    sources: &mut BTreeMap<String, Source>,
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(previous) = sources.get(&module.path) {
        let pos = source.tree.get("path").map(|n| n.pos).unwrap_or_default();
        // Within one directory the relative path says it; across the core and overlays, the file.
        let root = |s: &Source| s.file.to_string_lossy().strip_suffix(&s.relative).map(str::to_string);
        let shown = if root(previous) == root(&source) {
            previous.relative.clone()
        } else {
            previous.file.display().to_string()
        };
        problems.push(
            Diagnostic::new(&source.file, pos, format!("duplicate module path `{}`", module.path))
                .hint(format!("`{shown}` already defines it; each module has exactly one file")),
        );
        return;
    }
    sources.insert(module.path.clone(), source);
    modules.insert(module.path.clone(), module);
}

fn wiki_order_key(path: &str) -> (usize, &str) {
    if path == "main" {
        (0, path)
    } else {
        (1 + path.matches('+').count(), path)
    }
}

pub(crate) fn collect_yaml(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<(), SpecError> {
    let entries = std::fs::read_dir(dir).map_err(|e| SpecError::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| SpecError::io(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| SpecError::io(&path, e))?;
        if kind.is_dir() {
            collect_yaml(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((relative, path));
        }
    }
    Ok(())
}

/// Errors the located key and type checks have already reported, with hints (serde stops at the first).
pub(crate) fn is_unknown_field(e: &serde_yaml::Error) -> bool {
    let msg = e.to_string();
    msg.contains("unknown field") || msg.contains("unknown variant")
}

pub(crate) fn serde_diagnostic(file: &Path, e: &serde_yaml::Error) -> Diagnostic {
    let pos =
        e.location().map(|l| Pos { line: l.line(), col: l.column() }).unwrap_or(Pos { line: 1, col: 1 });
    // serde_yaml appends " at line L column C"; the position is already in front.
    let mut msg = e.to_string();
    if let Some(i) = msg.find(" at line ") {
        msg.truncate(i);
    }
    let hint = if msg.contains("invalid type") {
        "this key has the wrong kind of value; spec/README.md gives the type of every key"
    } else if msg.contains("missing field") {
        "this key is required; spec/README.md lists the required keys"
    } else {
        "see spec/README.md for the format"
    };
    Diagnostic::new(file, pos, msg).hint(hint)
}

fn check_module_keys(file: &Path, tree: &Node, out: &mut Vec<Diagnostic>) {
    check_keys(file, tree, MODULE_KEYS, "module", out);
    if let Some(NodeKind::Seq(examples)) = tree.get("examples").map(|n| &n.kind) {
        for ex in examples {
            check_keys(file, ex, EXAMPLE_KEYS, "example", out);
        }
    }
    if let Some(NodeKind::Seq(constraints)) = tree.get("constraints").map(|n| &n.kind) {
        use super::constraint::{CONSTRAINT_KEYS, WHEN_KEYS};
        for c in constraints {
            check_keys(file, c, CONSTRAINT_KEYS, "constraint", out);
            if let Some(w) = c.get("when") {
                check_keys(file, w, WHEN_KEYS, "constraint's when", out);
            }
        }
    }
    if let Some(response) = tree.get("response") {
        let keys = |n: &Node, known: &[&str], what: &str, out: &mut Vec<Diagnostic>| {
            check_keys(file, n, known, what, out)
        };
        super::response_lint::check_response(file, response, &keys, out);
    }
    if let Some(NodeKind::Seq(params)) = tree.get("parameters").map(|n| &n.kind) {
        for p in params {
            check_keys(file, p, PARAMETER_KEYS, "parameter", out);
            if let Some(NodeKind::Seq(infos)) = p.get("info").map(|n| &n.kind) {
                for i in infos {
                    check_keys(file, i, INFO_KEYS, "info", out);
                }
            }
        }
    }
}

pub(crate) fn check_keys(file: &Path, node: &Node, known: &[&str], what: &str, out: &mut Vec<Diagnostic>) {
    let NodeKind::Map(entries) = &node.kind else { return };
    for (key, pos, _) in entries {
        if known.contains(&key.as_str()) {
            continue;
        }
        let hint = match key.as_str() {
            "index" => "a parameter's index is its position in `parameters`; remove the key".to_string(),
            "templatedparameters" => {
                "templated parameters stand in `parameters`, marked by their `templatevars`".to_string()
            }
            "limit" => {
                "`limit` is derived (lowlimit, or highlimit for high-limit users); remove it".to_string()
            }
            _ => match did_you_mean(key, known) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("known {what} keys: {}", known.join(", ")),
            },
        };
        out.push(Diagnostic::new(file, *pos, format!("unknown {what} key `{key}`")).hint(hint));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::model::*;

    fn keys_of<T: serde::Serialize>(value: &T) -> Vec<String> {
        let v = serde_yaml::to_value(value).expect("serializable");
        v.as_mapping().expect("a map").keys().map(|k| k.as_str().unwrap_or_default().to_string()).collect()
    }

    /// The key lists used for located unknown-key errors must match the serde model exactly.
    #[test]
    fn key_lists_match_the_model() {
        let p = Parameter {
            name: "a".into(),
            templatevars: Some(Default::default()),
            description: Some(String::new()),
            ty: ParamType::Named(TypeName::String),
            required: true,
            deprecated: true,
            sensitive: true,
            default: Some(Scalar::Integer(1)),
            multi: true,
            lowlimit: Some(1),
            highlimit: Some(1),
            allowsduplicates: true,
            allspecifier: Some("*".into()),
            min: Some(1),
            max: Some(1),
            highmax: Some(1),
            maxbytes: Some(1),
            maxchars: Some(1),
            subtypes: Some(vec![]),
            must_exist: Some(true),
            extranamespaces: Some(vec![]),
            deprecatedvalues: Some(vec![]),
            internalvalues: Some(vec![]),
            submodules: Some(Default::default()),
            submoduleparamprefix: Some(String::new()),
            tokentype: Some(String::new()),
            info: Some(vec![]),
            origin: None,
            value_origins: Default::default(),
        };
        assert_eq!(keys_of(&p), PARAMETER_KEYS);
        let m = Module {
            name: "a".into(),
            classname: "A".into(),
            path: "a".into(),
            group: Some("action".into()),
            prefix: String::new(),
            source: Some(String::new()),
            sourcename: Some(String::new()),
            licensetag: Some(String::new()),
            licenselink: Some(String::new()),
            deprecated: true,
            internal: true,
            readrights: true,
            writerights: true,
            mustbeposted: true,
            generator: true,
            helpurls: vec![String::new()],
            description: Some(String::new()),
            examples: Some(vec![]),
            dynamicparameters: Some(DynamicParameters::Flag(true)),
            parameters: vec![],
            constraints: vec![crate::spec::Constraint {
                rule: crate::spec::ConstraintRule::Right,
                params: vec![String::new()],
                rights: vec![String::new()],
                pairs: vec![[String::new(), String::new()]],
                when: Some(crate::spec::ConstraintWhen { param: String::new(), value: Some(String::new()) }),
                code: Some(String::new()),
                names: Some(crate::spec::ConstraintNames::Bare),
                text: Some(String::new()),
                unlessgiven: vec![String::new()],
                unlessempty: Some(String::new()),
                ingenerator: false,
                source: String::new(),
                note: Some(String::new()),
            }],
            response: Some(Response {
                at: String::new(),
                ty: FieldType::Array,
                keys: Some(MapKeys::Id),
                fields: Default::default(),
                items: None,
                extras: Default::default(),
                outcomes: None,
            }),
        };
        assert_eq!(keys_of(&m), MODULE_KEYS);
        assert_eq!(keys_of(&m.constraints[0]), super::super::constraint::CONSTRAINT_KEYS);
        let e = Example { query: String::new(), description: Some(String::new()) };
        assert_eq!(keys_of(&e), EXAMPLE_KEYS);
        let i = Info { name: String::new(), values: Some(vec![]), text: Some(String::new()) };
        assert_eq!(keys_of(&i), INFO_KEYS);
        let w = WikiInfo {
            generator: String::new(),
            api: String::new(),
            server: String::new(),
            imported: String::new(),
            mwgen: String::new(),
            helpformat: HelpFormat::None,
            lang: String::new(),
        };
        assert_eq!(keys_of(&w), WIKI_KEYS);
    }
}
