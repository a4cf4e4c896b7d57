//! Which part of a recorded answer belongs to which module.
//!
//! - an action module: the value under its name (`{"block": {…}}`), or the whole answer less the
//!   envelope when it has none (opensearch's array);
//! - `query` itself: the `query` object of answers that asked no submodule (the page set: `pages`,
//!   `normalized`, `redirects`, …);
//! - a prop, asked alone: what it adds to each `query.pages[]` item (the page set's keys removed);
//! - a list: the items of `query.<name>` (a block, `query.<name>`, when it is an object);
//! - a meta, asked alone: `query.<name>`, or the `query` object when it writes several keys (siteinfo).
//!
//! Answers with an error are not shapes; they stay in the records for the checker.

use crate::spec::{Module, PageState, ParamType, Spec};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Keys of an answer's root that belong to no module.
pub const ENVELOPE: &[&str] = &[
    "batchcomplete",
    "continue",
    "warnings",
    "errors",
    "error",
    "servedby",
    "requestid",
    "curtimestamp",
    "uselang",
    "docref",
    "limits",
];

/// Keys ApiPageSet (not a prop module) writes into each `query.pages[]` item.
pub const PAGESET_ITEM_KEYS: &[&str] =
    &["pageid", "ns", "title", "missing", "invalid", "invalidreason", "special", "known"];

/// Keys of `query` that the page set writes (they belong to the `query` module).
pub const PAGESET_KEYS: &[&str] =
    &["pages", "normalized", "redirects", "converted", "interwiki", "badrevids", "pageids"];

/// The part of one answer that one module wrote.
#[derive(Debug, Clone)]
pub struct Part {
    /// Where it sits (see [`Response::at`](crate::spec::Response::at)).
    pub at: String,
    /// The value at `at`: for an `[]` path, each item.
    pub values: Vec<Item>,
    /// Other values the module added, by path from the root.
    pub extras: Vec<(String, Value)>,
    /// The module's `*prop`-style values asked: (parameter name without prefix, value).
    pub asked: BTreeSet<(String, String)>,
}

/// One value, with the state of the page it describes (items of `query.pages[]`).
#[derive(Debug, Clone)]
pub struct Item {
    pub value: Value,
    pub state: Option<PageState>,
}

/// The parts of `answer` (to the request `params`), by module path.
pub fn parts(spec: &Spec, params: &[(String, String)], answer: &Value) -> Vec<(String, Part)> {
    let Some(root) = answer.as_object() else {
        return match action(params) {
            Some(a) if answer.is_array() && spec.modules.contains_key(a) => vec![(
                a.to_string(),
                Part {
                    at: String::new(),
                    values: vec![plain(answer.clone())],
                    extras: vec![],
                    asked: BTreeSet::new(),
                },
            )],
            _ => vec![],
        };
    };
    if root.contains_key("error") || root.contains_key("errors") {
        return vec![];
    }
    let Some(name) = action(params) else { return vec![] };
    let Some(module) = spec.modules.get(name) else { return vec![] };
    if name != "query" {
        return action_part(module, params, root).into_iter().map(|p| (name.to_string(), p)).collect();
    }
    let empty = Map::new();
    let query = root.get("query").and_then(Value::as_object).unwrap_or(&empty);
    let list = |key: &str| -> Vec<&str> {
        params.iter().filter(|(k, _)| k == key).flat_map(|(_, v)| split_multi(v)).collect()
    };
    let (props, lists, metas) = (list("prop"), list("list"), list("meta"));
    let continuation = root.get("continue").map(|c| ("continue".to_string(), c.clone()));
    let mut out = Vec::new();
    if props.is_empty() && lists.is_empty() && metas.is_empty() && !query.is_empty() {
        let values = vec![plain(Value::Object(query.clone()))];
        let extras = continuation.clone().into_iter().collect();
        out.push((
            "query".to_string(),
            Part { at: "query".into(), values, extras, asked: asked(module, params, "") },
        ));
    }
    if let ([prop], true, true) = (props.as_slice(), lists.is_empty(), metas.is_empty()) {
        let path = format!("query+{prop}");
        match (spec.modules.get(&path), query.get("pages"), query.get(*prop)) {
            (Some(m), Some(Value::Array(items)), _) => {
                out.push((path, pages_part(m, params, items, continuation.clone())))
            }
            // A prop about something else than pages (stashimageinfo) writes under its name.
            (Some(m), None, Some(v)) => {
                let part = under(
                    &format!("query.{prop}"),
                    v,
                    continuation.clone().into_iter().collect(),
                    asked(m, params, &m.prefix),
                );
                out.push((path, part));
            }
            _ => {}
        }
    }
    for l in &lists {
        let path = format!("query+{l}");
        // A few lists (watchlistraw) write at the root, beside `query`.
        let (at, found) = match query.get(*l) {
            Some(v) => (format!("query.{l}"), Some(v)),
            None => (l.to_string(), root.get(*l)),
        };
        let (Some(m), Some(v)) = (spec.modules.get(&path), found) else { continue };
        let mut extras: Vec<(String, Value)> = continuation.clone().into_iter().collect();
        if lists.len() == 1 && props.is_empty() && metas.is_empty() {
            for (k, v) in query {
                if k != l && !PAGESET_KEYS.contains(&k.as_str()) {
                    extras.push((format!("query.{k}"), v.clone()));
                }
            }
        }
        out.push((path, under(&at, v, extras, asked(m, params, &m.prefix))));
    }
    if let ([meta], true, true) = (metas.as_slice(), lists.is_empty(), props.is_empty()) {
        let path = format!("query+{meta}");
        if let Some(m) = spec.modules.get(&path) {
            let asked = asked(m, params, &m.prefix);
            let part = match query.get(*meta) {
                Some(v) => under(&format!("query.{meta}"), v, vec![], asked),
                None => {
                    let own: Map<String, Value> = query
                        .iter()
                        .filter(|(k, _)| !PAGESET_KEYS.contains(&k.as_str()))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    Part {
                        at: "query".into(),
                        values: vec![plain(Value::Object(own))],
                        extras: vec![],
                        asked,
                    }
                }
            };
            out.push((path, part));
        }
    }
    out
}

fn action(params: &[(String, String)]) -> Option<&str> {
    params.iter().find(|(k, _)| k == "action").map(|(_, v)| v.as_str())
}

fn plain(value: Value) -> Item {
    Item { value, state: None }
}

/// A value at `at`: an array of objects becomes `at[]` with one item each.
fn under(at: &str, v: &Value, extras: Vec<(String, Value)>, asked: BTreeSet<(String, String)>) -> Part {
    match v {
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            Part { at: format!("{at}[]"), values: items.iter().cloned().map(plain).collect(), extras, asked }
        }
        _ => Part { at: at.to_string(), values: vec![plain(v.clone())], extras, asked },
    }
}

fn action_part(module: &Module, params: &[(String, String)], root: &Map<String, Value>) -> Option<Part> {
    let asked = asked(module, params, &module.prefix);
    let extras: Vec<(String, Value)> =
        root.get("continue").map(|c| ("continue".to_string(), c.clone())).into_iter().collect();
    if let Some(v) = root.get(&module.name) {
        return Some(under(&module.name, v, extras, asked));
    }
    let own: Map<String, Value> = root
        .iter()
        .filter(|(k, _)| !ENVELOPE.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Some(Part { at: String::new(), values: vec![plain(Value::Object(own))], extras, asked })
}

/// What a prop adds to each page of `query.pages`: the items without the page set's keys, each with
/// its state.
fn pages_part(
    module: &Module,
    params: &[(String, String)],
    items: &[Value],
    continuation: Option<(String, Value)>,
) -> Part {
    let values = items
        .iter()
        .map(|item| {
            let state = page_state(item);
            let mut value = item.clone();
            if let Some(o) = value.as_object_mut() {
                o.retain(|k, _| !PAGESET_ITEM_KEYS.contains(&k.as_str()));
            }
            Item { value, state }
        })
        .collect();
    let extras = continuation.into_iter().collect();
    Part { at: "query.pages[]".into(), values, extras, asked: asked(module, params, &module.prefix) }
}

/// A page item's state, from the keys the page set and prop=info give it.
pub fn page_state(item: &Value) -> Option<PageState> {
    let o = item.as_object()?;
    let flag = |k: &str| o.get(k).is_some_and(|v| v != &Value::Bool(false));
    Some(if flag("invalid") {
        PageState::Invalid
    } else if flag("special") {
        PageState::Special
    } else if flag("missing") && !o.contains_key("title") {
        PageState::MissingId
    } else if flag("missing") && flag("known") {
        PageState::Known
    } else if flag("missing") {
        PageState::MissingTitle
    } else if flag("redirect") {
        PageState::Redirect
    } else {
        PageState::Exists
    })
}

/// The values asked of the module's `prop`-style parameters (multi-valued, named `prop` or ending in
/// `prop`, with a value list), by name without the prefix.
pub fn asked(module: &Module, params: &[(String, String)], prefix: &str) -> BTreeSet<(String, String)> {
    let given: BTreeMap<&str, &str> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut out = BTreeSet::new();
    for p in prop_params(module) {
        let wire = format!("{prefix}{}", p.name);
        let values: Vec<String> = match (given.get(wire.as_str()), &p.default) {
            (Some(v), _) => split_multi(v).into_iter().map(str::to_string).collect(),
            (None, Some(d)) => split_multi(&d.to_string()).into_iter().map(str::to_string).collect(),
            (None, None) => Vec::new(),
        };
        let ParamType::Values(all) = &p.ty else { continue };
        for v in values {
            if p.allspecifier.as_deref() == Some(v.as_str()) {
                out.extend(all.iter().map(|a| (p.name.clone(), a.clone())));
            } else if all.contains(&v) {
                out.insert((p.name.clone(), v));
            }
        }
    }
    out
}

/// The module's `prop`-style parameters: multi-valued value lists named `prop` or `…prop`.
pub fn prop_params(module: &Module) -> impl Iterator<Item = &crate::spec::Parameter> {
    module
        .plain_parameters()
        .filter(|p| p.multi && matches!(p.ty, ParamType::Values(_)) && p.name.ends_with("prop"))
}

/// `a|b` or `\x1fa\x1fb` → the values.
pub fn split_multi(v: &str) -> Vec<&str> {
    if let Some(rest) = v.strip_prefix('\u{1f}') {
        rest.split('\u{1f}').collect()
    } else if v.is_empty() {
        Vec::new()
    } else {
        v.split('|').collect()
    }
}
