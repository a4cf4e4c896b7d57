//! What changed between two specs, as a readable API changelog.

use crate::spec::{Module, ParamType, Parameter, Spec};
use std::fmt::Write;

/// One change, in a stable order (module path, then parameter).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    ModuleAdded(String),
    ModuleRemoved(String),
    /// A module-level property (flags, prefix, token).
    ModuleChanged {
        module: String,
        what: String,
    },
    ParamAdded {
        module: String,
        param: String,
    },
    ParamRemoved {
        module: String,
        param: String,
    },
    ParamChanged {
        module: String,
        param: String,
        what: String,
    },
}

/// Every change from `old` to `new`.
pub fn diff(old: &Spec, new: &Spec) -> Vec<Change> {
    let mut out = Vec::new();
    for (path, m) in &new.modules {
        match old.modules.get(path) {
            None => out.push(Change::ModuleAdded(path.clone())),
            Some(o) => module_changes(o, m, &mut out),
        }
    }
    for path in old.modules.keys() {
        if !new.modules.contains_key(path) {
            out.push(Change::ModuleRemoved(path.clone()));
        }
    }
    out.sort();
    out
}

fn module_changes(o: &Module, n: &Module, out: &mut Vec<Change>) {
    let module = n.path.clone();
    let mut changed = |what: String| out.push(Change::ModuleChanged { module: module.clone(), what });
    if o.prefix != n.prefix {
        changed(format!("prefix `{}` → `{}`", o.prefix, n.prefix));
    }
    for (flag, a, b) in [
        ("mustbeposted", o.mustbeposted, n.mustbeposted),
        ("writerights", o.writerights, n.writerights),
        ("readrights", o.readrights, n.readrights),
        ("generator", o.generator, n.generator),
        ("internal", o.internal, n.internal),
        ("deprecated", o.deprecated, n.deprecated),
    ] {
        if a != b {
            changed(format!("{} {flag}", if b { "now" } else { "no longer" }));
        }
    }
    for p in &n.parameters {
        match o.parameter(&p.name) {
            None => out.push(Change::ParamAdded { module: n.path.clone(), param: p.name.clone() }),
            Some(op) => {
                for what in param_changes(op, p) {
                    out.push(Change::ParamChanged { module: n.path.clone(), param: p.name.clone(), what });
                }
            }
        }
    }
    for p in &o.parameters {
        if n.parameter(&p.name).is_none() {
            out.push(Change::ParamRemoved { module: n.path.clone(), param: p.name.clone() });
        }
    }
}

fn type_label(t: &ParamType) -> String {
    match t {
        ParamType::Named(n) => n.as_str().to_string(),
        ParamType::Values(_) => "enum".to_string(),
    }
}

fn show<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map(|x| format!("`{x}`")).unwrap_or_else(|| "none".into())
}

fn param_changes(o: &Parameter, n: &Parameter) -> Vec<String> {
    let mut out = Vec::new();
    if type_label(&o.ty) != type_label(&n.ty) {
        out.push(format!("type {} → {}", type_label(&o.ty), type_label(&n.ty)));
    } else if let (ParamType::Values(a), ParamType::Values(b)) = (&o.ty, &n.ty) {
        let added: Vec<&str> = b.iter().filter(|v| !a.contains(v)).map(String::as_str).collect();
        let removed: Vec<&str> = a.iter().filter(|v| !b.contains(v)).map(String::as_str).collect();
        if !added.is_empty() {
            out.push(format!("values added: {}", added.join(", ")));
        }
        if !removed.is_empty() {
            out.push(format!("values removed: {}", removed.join(", ")));
        }
    }
    if o.default != n.default {
        out.push(format!("default {} → {}", show(&o.default), show(&n.default)));
    }
    for (what, a, b) in [
        ("required", o.required, n.required),
        ("deprecated", o.deprecated, n.deprecated),
        ("multi-valued", o.multi, n.multi),
        ("sensitive", o.sensitive, n.sensitive),
    ] {
        if a != b {
            out.push(format!("{} {what}", if b { "now" } else { "no longer" }));
        }
    }
    for (what, a, b) in [("min", o.min, n.min), ("max", o.max, n.max), ("highmax", o.highmax, n.highmax)] {
        if a != b {
            out.push(format!("{what} {} → {}", show(&a), show(&b)));
        }
    }
    for (what, a, b) in [("lowlimit", o.lowlimit, n.lowlimit), ("highlimit", o.highlimit, n.highlimit)] {
        if a != b {
            out.push(format!("{what} {} → {}", show(&a), show(&b)));
        }
    }
    if o.deprecatedvalues != n.deprecatedvalues {
        let list =
            |v: &Option<Vec<String>>| v.as_ref().map(|v| v.join(", ")).unwrap_or_else(|| "none".into());
        out.push(format!("deprecated values {} → {}", list(&o.deprecatedvalues), list(&n.deprecatedvalues)));
    }
    out
}

/// The changes as Markdown: one section per module.
pub fn render(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "No API changes.\n".into();
    }
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for c in changes {
        let (module, line) = match c {
            Change::ModuleAdded(m) => (m.as_str(), "- module added".to_string()),
            Change::ModuleRemoved(m) => (m.as_str(), "- module removed".to_string()),
            Change::ModuleChanged { module, what } => (module.as_str(), format!("- {what}")),
            Change::ParamAdded { module, param } => (module.as_str(), format!("- `{param}` added")),
            Change::ParamRemoved { module, param } => (module.as_str(), format!("- `{param}` removed")),
            Change::ParamChanged { module, param, what } => (module.as_str(), format!("- `{param}`: {what}")),
        };
        if current != Some(module) {
            let _ = writeln!(out, "{}## {module}", if current.is_some() { "\n" } else { "" });
            current = Some(module);
        }
        let _ = writeln!(out, "{line}");
    }
    out
}
