//! Semantic checks of a loaded spec. Every problem is reported, each at `file:line:col` with a hint.

use super::diagnostic::Diagnostic;
use super::load::{Source, Spec};
use super::located::Step;
use super::model::{Field, FieldType, Module, ParamType, Parameter, Response, Scalar, TypeName, GROUPS};
use std::collections::BTreeSet;

/// Every semantic problem of `spec`, sorted by file and position.
pub fn lint(spec: &Spec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !spec.modules.contains_key("main") {
        out.push(
            Diagnostic::new(spec.root.join("main.yaml"), Default::default(), "there is no `main` module")
                .hint(
                    "import the spec again; main.yaml holds the main module's parameters (action, format, …)",
                ),
        );
    }
    for (path, module) in &spec.modules {
        let Some(source) = spec.sources.get(path) else { continue };
        let mut cx = Cx { spec, source, out: &mut out };
        cx.module(module);
        for (i, p) in module.parameters.iter().enumerate() {
            cx.parameter(module, i, p);
        }
        for (path, message, hint) in super::constraint::check(module) {
            cx.at(&path, message, hint);
        }
        if let Some(r) = &module.response {
            cx.response(module, r);
        }
    }
    out.sort();
    out
}

pub(crate) struct Cx<'a> {
    spec: &'a Spec,
    source: &'a Source,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    /// Checks located in `source`'s tree, against the modules of `spec`.
    pub(crate) fn new(spec: &'a Spec, source: &'a Source, out: &'a mut Vec<Diagnostic>) -> Self {
        Cx { spec, source, out }
    }
}

impl Cx<'_> {
    fn at(&mut self, path: &[Step<'_>], message: String, hint: impl Into<String>) {
        let pos = self.source.tree.locate(path);
        self.out.push(Diagnostic::new(&self.source.file, pos, message).hint(hint));
    }

    fn module(&mut self, m: &Module) {
        let path_problem = m.path_problem();
        if let Some(problem) = &path_problem {
            let key = if m.group.as_ref().is_some_and(|g| !GROUPS.contains(&g.as_str())) {
                "group"
            } else {
                "name"
            };
            self.at(
                &[key.into()],
                format!("module `{}`: {problem}", m.path),
                "module names and groups become file names, in the spec and in generated code",
            );
        }
        let expected = m.file_path();
        if path_problem.is_none() && self.source.relative != expected {
            self.at(
                &["path".into()],
                format!("module `{}` is in `{}`", m.path, self.source.relative),
                format!("a module's file is named by its group and name: move it to `{expected}`"),
            );
        }
        let last = m.path.rsplit('+').next().unwrap_or(&m.path);
        if last != m.name {
            self.at(
                &["name".into()],
                format!("module name `{}` does not match its path `{}`", m.name, m.path),
                format!("the name is the last part of the path: `{last}`"),
            );
        }
        if (m.path == "main") != m.group.is_none() {
            self.at(
                &["group".into()],
                format!("module `{}` {} a group", m.path, if m.group.is_none() { "lacks" } else { "has" }),
                "every module but main has a group (action, format, prop, list, meta)",
            );
        }
        if !is_name(&m.prefix, false) {
            self.at(
                &["prefix".into()],
                format!("module `{}` has prefix `{}`", m.path, m.prefix),
                "prefixes are ASCII letters, digits, `-` and `_`: generated code writes names without escaping them",
            );
        }
        let mut seen = BTreeSet::new();
        for (i, p) in m.parameters.iter().enumerate() {
            let templated = p.templatevars.is_some();
            if !is_name(&p.name, templated) {
                self.at(
                    &["parameters".into(), i.into(), "name".into()],
                    format!("parameter name `{}` of `{}` has characters a parameter name cannot have", p.name, m.path),
                    "names are ASCII letters, digits, `-` and `_` (and `{var}` placeholders in templated names)",
                );
            }
            if p.submoduleparamprefix.as_deref().is_some_and(|x| !is_name(x, false)) {
                self.at(
                    &["parameters".into(), i.into(), "submoduleparamprefix".into()],
                    format!("parameter `{}` of `{}` has an invalid submoduleparamprefix", p.name, m.path),
                    "prefixes are ASCII letters, digits, `-` and `_`",
                );
            }
            if !seen.insert(p.name.as_str()) {
                self.at(
                    &["parameters".into(), i.into(), "name".into()],
                    format!("duplicate parameter `{}` in module `{}`", p.name, m.path),
                    "each parameter name appears once per module; remove or rename one",
                );
            }
        }
    }

    fn response(&mut self, m: &Module, r: &Response) {
        let root: Vec<Step<'_>> = vec!["response".into()];
        if r.at.split('.').any(|part| part.trim_end_matches("[]").is_empty()) && !r.at.is_empty() {
            self.at(
                &["response".into(), "at".into()],
                format!("module `{}`: response `at` `{}` has an empty part", m.path, r.at),
                "`at` is dot-separated keys, each maybe ending in `[]`, or '' for the whole answer",
            );
        }
        for (name, f) in &r.fields {
            self.field(m, &extend(&root, &["fields".into(), Step::Key(name)]), name, f);
        }
        for (name, f) in &r.extras {
            self.field(m, &extend(&root, &["extras".into(), Step::Key(name)]), name, f);
        }
        if let Some(items) = &r.items {
            self.field(m, &extend(&root, &["items".into()]), "items", items);
        }
        if let Some(o) = &r.outcomes {
            if !r.fields.contains_key(&o.field) {
                self.at(
                    &extend(&root, &["outcomes".into(), "field".into()]),
                    format!(
                        "module `{}`: outcome field `{}` is not one of the response's fields",
                        m.path, o.field
                    ),
                    "the outcome is named by a field of the object at `at` (clientlogin's `status`)",
                );
            }
            for (case, c) in &o.cases {
                for (name, f) in &c.fields {
                    let at =
                        extend(&root, &["outcomes".into(), "cases".into(), Step::Key(case), "fields".into()]);
                    self.field(m, &extend(&at, &[Step::Key(name)]), name, f);
                }
            }
        }
    }

    fn field(&mut self, m: &Module, at: &[Step<'_>], name: &str, f: &Field) {
        let who = format!("module `{}`, response field `{name}`", m.path);
        let here = |key: &'static str| extend(at, &[key.into()]);
        if let Some(w) = &f.when {
            match (&w.param, &w.has) {
                (Some(param), has) => {
                    match m.parameter(param) {
                        None => {
                            let names: Vec<&str> = m.parameters.iter().map(|p| p.name.as_str()).collect();
                            let hint = match super::diagnostic::did_you_mean(param, &names) {
                                Some(k) => format!("did you mean `{k}`?"),
                                None => {
                                    "`when.param` names a parameter of this module, without its prefix".into()
                                }
                            };
                            self.at(&extend(at, &["when".into(), "param".into()]), format!("{who}: `when.param` names `{param}`, which is not a parameter of the module"), hint);
                        }
                        Some(p) => match (has, &p.ty) {
                            (None, _) => self.at(
                                &here("when"),
                                format!("{who}: `when.param` without `when.has`"),
                                "say which value the parameter holds: `has: VALUE`",
                            ),
                            (Some(v), ParamType::Values(values)) if !values.contains(v) => self.at(
                                &extend(at, &["when".into(), "has".into()]),
                                format!(
                                    "{who}: `when.has` is `{v}`, which parameter `{param}` does not take"
                                ),
                                format!("its values: {}", preview(values)),
                            ),
                            _ => {}
                        },
                    }
                }
                (None, Some(_)) => self.at(
                    &here("when"),
                    format!("{who}: `when.has` without `when.param`"),
                    "name the parameter: `param: NAME`",
                ),
                (None, None) => {}
            }
        }
        if f.source != super::model::OBSERVED && !f.source.starts_with("includes/") {
            self.at(&here("source"), format!("{who}: source `{}` is neither `observed` nor a file under includes/", f.source), "fields come from answers (`observed`) or from MediaWiki's PHP (`includes/api/ApiQueryInfo.php`)");
        }
        match (f.ty, f.values.is_empty()) {
            (FieldType::Enum, true) => self.at(
                &here("type"),
                format!("{who}: an enum without `values`"),
                "list the values, or use `type: string`",
            ),
            (t, false) if t != FieldType::Enum => self.at(
                &here("values"),
                format!("{who}: `values` on a `{}` field", t.as_str()),
                "only enums have values",
            ),
            _ => {}
        }
        if f.keys.is_some() != (f.ty == FieldType::Map) {
            self.at(
                &here("type"),
                format!("{who}: `keys` goes with `type: map` and only with it"),
                "a map says what its keys are: `keys: id` or `keys: name`",
            );
        }
        if f.items.is_some() && !matches!(f.ty, FieldType::Array | FieldType::Map) {
            self.at(
                &here("items"),
                format!("{who}: `items` on a `{}` field", f.ty.as_str()),
                "only arrays and maps have items",
            );
        }
        if !f.fields.is_empty() && f.ty != FieldType::Object {
            self.at(
                &here("fields"),
                format!("{who}: `fields` on a `{}` field", f.ty.as_str()),
                "only objects have fields",
            );
        }
        if let Some(items) = &f.items {
            self.field(m, &here("items"), &format!("{name}[]"), items);
        }
        for (sub, g) in &f.fields {
            self.field(m, &extend(at, &["fields".into(), Step::Key(sub)]), &format!("{name}.{sub}"), g);
        }
    }

    pub(crate) fn parameter(&mut self, m: &Module, i: usize, p: &Parameter) {
        let here =
            |key: &'static str| -> Vec<Step<'static>> { vec!["parameters".into(), i.into(), key.into()] };
        let who = format!("parameter `{}` of `{}`", p.name, m.path);

        // templatevars: each placeholder is used in the name and takes its values from a multi parameter.
        if let Some(vars) = &p.templatevars {
            for (var, target) in vars {
                if !p.name.contains(&format!("{{{var}}}")) {
                    self.at(
                        &here("templatevars"),
                        format!("{who}: template variable `{var}` does not appear in the name"),
                        format!("a templated name holds `{{{var}}}` where each value of `{target}` goes"),
                    );
                }
                let at: Vec<Step<'_>> =
                    vec!["parameters".into(), i.into(), "templatevars".into(), Step::Key(var)];
                match m.parameter(target) {
                    None => self.at(
                        &at,
                        format!("{who}: template variable `{var}` names parameter `{target}`, which does not exist"),
                        "templatevars map each placeholder to a multi-valued parameter of the same module",
                    ),
                    Some(t) if !t.multi => self.at(
                        &at,
                        format!("{who}: template variable `{var}` names parameter `{target}`, which is not multi-valued"),
                        format!("set `multi: true` on `{target}` or name a multi-valued parameter"),
                    ),
                    Some(_) => {}
                }
            }
        }

        // Multi-only keys.
        if !p.multi {
            for (key, set) in [
                ("lowlimit", p.lowlimit.is_some()),
                ("highlimit", p.highlimit.is_some()),
                ("allowsduplicates", p.allowsduplicates),
                ("allspecifier", p.allspecifier.is_some()),
            ] {
                if set {
                    self.at(
                        &here(key),
                        format!("{who}: `{key}` is set but the parameter is not multi-valued"),
                        "add `multi: true` or remove the key",
                    );
                }
            }
        } else if let (Some(lo), Some(hi)) = (p.lowlimit, p.highlimit) {
            if lo > hi {
                self.at(
                    &here("lowlimit"),
                    format!("{who}: lowlimit {lo} is greater than highlimit {hi}"),
                    "highlimit is the limit for high-limit users and is at least lowlimit",
                );
            }
        } else {
            self.at(
                &here("multi"),
                format!("{who}: a multi-valued parameter needs `lowlimit` and `highlimit`"),
                "MediaWiki's defaults are 50 and 500",
            );
        }

        // Bounds.
        if let (Some(min), Some(max)) = (p.min, p.max) {
            if min > max {
                self.at(
                    &here("min"),
                    format!("{who}: min {min} is greater than max {max}"),
                    "swap them, or fix the one that is wrong",
                );
            }
        }
        if let (Some(max), Some(highmax)) = (p.max, p.highmax) {
            if highmax < max {
                self.at(
                    &here("highmax"),
                    format!("{who}: highmax {highmax} is less than max {max}"),
                    "highmax is the maximum for high-limit users and is above max (omit it when equal)",
                );
            }
        }

        // Keys that belong to one type only.
        let named = match &p.ty {
            ParamType::Named(t) => Some(*t),
            ParamType::Values(_) => None,
        };
        let numeric = matches!(named, Some(TypeName::Integer | TypeName::Limit | TypeName::Float));
        for (key, set, fits, kind) in [
            ("min", p.min.is_some(), numeric, "integer, limit or float"),
            ("max", p.max.is_some(), numeric, "integer, limit or float"),
            ("highmax", p.highmax.is_some(), numeric, "integer, limit or float"),
            ("subtypes", p.subtypes.is_some(), named == Some(TypeName::User), "user"),
            ("mustExist", p.must_exist.is_some(), named == Some(TypeName::Title), "title"),
            ("extranamespaces", p.extranamespaces.is_some(), named == Some(TypeName::Namespace), "namespace"),
            ("submodules", p.submodules.is_some(), named.is_none(), "value-list"),
            ("deprecatedvalues", p.deprecatedvalues.is_some(), named.is_none(), "value-list"),
            ("internalvalues", p.internalvalues.is_some(), named.is_none(), "value-list"),
        ] {
            if set && !fits {
                self.at(
                    &here(key),
                    format!("{who}: `{key}` only applies to {kind} parameters, not `{}`", type_label(&p.ty)),
                    "remove the key or fix the type",
                );
            }
        }

        if let ParamType::Values(values) = &p.ty {
            let mut seen = BTreeSet::new();
            for (j, v) in values.iter().enumerate() {
                if !seen.insert(v.as_str()) {
                    self.at(
                        &["parameters".into(), i.into(), "type".into(), j.into()],
                        format!("{who}: value `{v}` is listed twice"),
                        "each allowed value appears once",
                    );
                }
            }
            for (key, list) in
                [("deprecatedvalues", &p.deprecatedvalues), ("internalvalues", &p.internalvalues)]
            {
                for v in list.iter().flatten() {
                    if !values.contains(v) {
                        self.at(
                            &here(key),
                            format!("{who}: {key} names `{v}`, which is not an allowed value"),
                            "it must be one of the values in `type`",
                        );
                    }
                }
            }
            if let Some(subs) = &p.submodules {
                let keys: Vec<&String> = subs.keys().collect();
                if keys != values.iter().collect::<Vec<_>>() {
                    self.at(
                        &here("submodules"),
                        format!("{who}: the keys of `submodules` differ from the values in `type`"),
                        "paraminfo lists the same submodule names, in the same order, in both",
                    );
                }
                for (value, target) in subs {
                    if !self.spec.modules.contains_key(target) {
                        self.at(
                            &["parameters".into(), i.into(), "submodules".into(), Step::Key(value)],
                            format!("{who}: submodule `{value}` points to module `{target}`, which is not in the spec"),
                            format!("add the module file for `{target}` or import the spec again"),
                        );
                    }
                }
            }
        }

        if let Some(default) = &p.default {
            self.default(p, &who, default, &here("default"));
        }
    }

    fn default(&mut self, p: &Parameter, who: &str, default: &Scalar, at: &[Step<'_>]) {
        let text = default.to_string();
        let parts: Vec<&str> = if p.multi {
            if text.is_empty() {
                Vec::new()
            } else {
                text.split('|').collect()
            }
        } else {
            vec![text.as_str()]
        };
        for part in parts {
            if let Some(problem) = default_problem(p, part) {
                self.at(at, format!("{who}: default `{text}` {problem}"), default_hint(p));
                return;
            }
        }
    }
}

/// ASCII letters, digits, `-`, `_` (and `{`, `}` in templated names): what a name can hold and
/// still be written into a URL as it is.
fn is_name(s: &str, braces: bool) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || (braces && (b == b'{' || b == b'}')))
}

fn extend<'a>(base: &[Step<'a>], more: &[Step<'a>]) -> Vec<Step<'a>> {
    base.iter().chain(more).copied().collect()
}

fn type_label(t: &ParamType) -> String {
    match t {
        ParamType::Named(n) => n.as_str().to_string(),
        ParamType::Values(_) => "a list of values".to_string(),
    }
}

/// Why `value` cannot be the (or one) default of `p`, if it cannot.
fn default_problem(p: &Parameter, value: &str) -> Option<String> {
    let in_bounds = |n: i64| -> Option<String> {
        match (p.min, p.max) {
            (Some(min), _) if n < min => Some(format!("is below the minimum {min}")),
            (_, Some(max)) if n > p.highmax.unwrap_or(max) => Some(format!("is above the maximum {max}")),
            _ => None,
        }
    };
    match &p.ty {
        ParamType::Values(values) => {
            let all = p.allspecifier.as_deref() == Some(value);
            (!all && !values.iter().any(|v| v == value))
                .then(|| format!("is not one of the allowed values ({})", preview(values)))
        }
        ParamType::Named(TypeName::Integer | TypeName::Namespace) => match value.parse::<i64>() {
            Ok(n) => in_bounds(n),
            Err(_) => Some("is not an integer".to_string()),
        },
        ParamType::Named(TypeName::Limit) => match value {
            "max" => None,
            v => match v.parse::<i64>() {
                Ok(n) => in_bounds(n),
                Err(_) => Some("is neither an integer nor `max`".to_string()),
            },
        },
        ParamType::Named(TypeName::Float) => {
            value.parse::<f64>().is_err().then(|| "is not a number".to_string())
        }
        ParamType::Named(TypeName::Boolean) => {
            Some("is set, but a boolean is true when present and has no default".to_string())
        }
        ParamType::Named(_) => None,
    }
}

fn default_hint(p: &Parameter) -> String {
    match &p.ty {
        ParamType::Values(_) if p.multi => {
            "each `|`-separated part of a multi default is one of the values in `type`".into()
        }
        ParamType::Values(_) => "the default is one of the values in `type`".into(),
        ParamType::Named(TypeName::Boolean) => "remove the default".into(),
        _ => "the default must parse as the parameter's type and respect min/max".into(),
    }
}

fn preview(values: &[String]) -> String {
    let shown: Vec<&str> = values.iter().take(6).map(String::as_str).collect();
    if values.len() > shown.len() {
        format!("{}, …", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
