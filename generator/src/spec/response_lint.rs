//! Located checks of a `response:` section, on the YAML tree: unknown keys (with the key meant),
//! unknown type names and page states, each at `file:line:col`. The semantic checks that need the
//! module's parameters are in `spec::lint`.

use super::located::{Node, NodeKind};
use super::response::{FieldType, PageState};
use super::Diagnostic;
use std::path::Path;

pub(crate) const RESPONSE_KEYS: &[&str] = &["at", "type", "keys", "fields", "items", "extras", "outcomes"];
pub(crate) const FIELD_KEYS: &[&str] =
    &["type", "optional", "nullable", "when", "source", "values", "keys", "items", "fields"];
pub(crate) const WHEN_KEYS: &[&str] = &["param", "has", "state"];
pub(crate) const OUTCOMES_KEYS: &[&str] = &["field", "cases"];
pub(crate) const CASE_KEYS: &[&str] = &["fields"];
const MAP_KEYS: &[&str] = &["id", "name"];

/// The checker for unknown keys that the module loader uses (`what` names the kind of map).
pub(crate) type KeyCheck<'a> = &'a dyn Fn(&Node, &[&str], &str, &mut Vec<Diagnostic>);

/// Checks the `response` node of a module file.
pub(crate) fn check_response(file: &Path, node: &Node, keys: KeyCheck<'_>, out: &mut Vec<Diagnostic>) {
    keys(node, RESPONSE_KEYS, "response", out);
    check_type(file, node, out);
    if let Some(k) = node.get("keys") {
        check_word(file, k, MAP_KEYS, "map key kind", out);
    }
    for name in ["fields", "extras"] {
        each_entry(node.get(name), |f| check_field(file, f, keys, out));
    }
    if let Some(items) = node.get("items") {
        check_field(file, items, keys, out);
    }
    if let Some(outcomes) = node.get("outcomes") {
        keys(outcomes, OUTCOMES_KEYS, "outcomes", out);
        each_entry(outcomes.get("cases"), |case| {
            keys(case, CASE_KEYS, "outcome case", out);
            each_entry(case.get("fields"), |f| check_field(file, f, keys, out));
        });
    }
}

fn each_entry(node: Option<&Node>, mut f: impl FnMut(&Node)) {
    if let Some(NodeKind::Map(entries)) = node.map(|n| &n.kind) {
        for (_, _, value) in entries {
            f(value);
        }
    }
}

fn check_field(file: &Path, node: &Node, keys: KeyCheck<'_>, out: &mut Vec<Diagnostic>) {
    keys(node, FIELD_KEYS, "response field", out);
    check_type(file, node, out);
    if let Some(when) = node.get("when") {
        keys(when, WHEN_KEYS, "when", out);
        let states: Vec<&Node> = match when.get("state").map(|n| &n.kind) {
            Some(NodeKind::Seq(items)) => items.iter().collect(),
            Some(NodeKind::Scalar(_)) => when.get("state").into_iter().collect(),
            _ => Vec::new(),
        };
        let known: Vec<&str> = PageState::ALL.iter().map(|s| s.as_str()).collect();
        for s in states {
            check_word(file, s, &known, "page state", out);
        }
    }
    if let Some(k) = node.get("keys") {
        check_word(file, k, MAP_KEYS, "map key kind", out);
    }
    if let Some(items) = node.get("items") {
        check_field(file, items, keys, out);
    }
    each_entry(node.get("fields"), |f| check_field(file, f, keys, out));
}

fn check_type(file: &Path, node: &Node, out: &mut Vec<Diagnostic>) {
    if let Some(t) = node.get("type") {
        let known: Vec<&str> = FieldType::ALL.iter().map(|t| t.as_str()).collect();
        check_word(file, t, &known, "response type", out);
    }
}

fn check_word(file: &Path, node: &Node, known: &[&str], what: &str, out: &mut Vec<Diagnostic>) {
    let Some(word) = node.as_str() else { return };
    if known.contains(&word) {
        return;
    }
    let hint = match super::did_you_mean(word, known) {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("known {what}s: {}", known.join(", ")),
    };
    out.push(Diagnostic::new(file, node.pos, format!("unknown {what} `{word}`")).hint(hint));
}
