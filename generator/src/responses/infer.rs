//! Records → response shapes: a pure function, deterministic (fields come out sorted by name).
//!
//! Each module's parts (see [`extract`](super::extract)) are folded into an accumulator that counts,
//! at every path, the kinds of value seen, the strings, and in which answers (and for which page state)
//! each field was present. From that:
//! - the type: integer, number, boolean, string, or an array/object/map; strings that all look like
//!   `YYYY-MM-DDTHH:MM:SSZ` are timestamps; `title`, `ns`, `user`-like names give title, namespace and
//!   user when the values fit; an object whose fields are all optional objects of one kind is a map
//!   by name (`is_named_set`); values of several kinds are `any`;
//! - `optional`: absent in some answers where its parent (and its `when`) was there;
//! - `when`: present only when a `*prop` value was asked, and absent in an answer that did not ask it;
//!   present only for some page states;
//! - `enum`: a string field named like a value-list parameter of the module whose values it stays in,
//!   or an outcome field (`status`, `result`) of a few short words.

use super::extract::{self, Item, Part};
use super::record::Record;
use crate::spec::response::{Case, Field, FieldType, MapKeys, Outcomes, PageState, Response, When};
use crate::spec::{Module, ParamType, Spec};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The most distinct strings remembered at one path (enough for any enum).
const MAX_STRINGS: usize = 16;

/// Learns the shape of every module the records show. Records with errors, and modules no record
/// shows, give nothing.
pub fn infer(spec: &Spec, records: &[Record]) -> BTreeMap<String, Response> {
    let mut by_module: BTreeMap<String, Vec<Part>> = BTreeMap::new();
    for r in records {
        for (path, part) in extract::parts(spec, &r.params(), &r.response) {
            by_module.entry(path).or_default().push(part);
        }
    }
    let mut out = BTreeMap::new();
    for (path, parts) in by_module {
        let Some(module) = spec.modules.get(&path) else { continue };
        if let Some(r) = infer_module(module, &parts) {
            out.insert(path, r);
        }
    }
    out
}

/// One module's shape from its parts.
pub fn infer_module(module: &Module, parts: &[Part]) -> Option<Response> {
    // The most common `at` wins (ties: the first in order), so a stray answer cannot move the module.
    // An empty list (`query.embeddedin: []`) votes for where its items sit when some answer had items.
    let listed: BTreeSet<String> =
        parts.iter().filter_map(|p| p.at.strip_suffix("[]")).map(String::from).collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in parts {
        let empty = matches!(p.values.as_slice(), [Item { value: Value::Array(a), .. }] if a.is_empty());
        let at = if empty && listed.contains(&p.at) { format!("{}[]", p.at) } else { p.at.clone() };
        *counts.entry(at).or_default() += 1;
    }
    let at = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(k, _)| k.to_string())?;
    let mut folder = Folder { ctx: Vec::new() };
    let mut root = Acc::default();
    let mut extra_visits = Acc::default();
    for p in parts.iter().filter(|p| p.at == at) {
        for item in &p.values {
            let cx = folder.context(&p.asked, item.state);
            folder.fold(&mut root, &item.value, cx, "");
        }
        let cx = folder.context(&p.asked, None);
        let mut fake = serde_json::Map::new();
        for (k, v) in &p.extras {
            fake.insert(k.clone(), v.clone());
        }
        folder.fold(&mut extra_visits, &Value::Object(fake), cx, "");
    }
    let mut outcome_groups: BTreeMap<(String, String), Acc> = BTreeMap::new();
    for p in parts.iter().filter(|p| p.at == at) {
        for item in &p.values {
            for name in OUTCOME_FIELDS {
                if let Some(Value::String(v)) = item.value.get(name) {
                    let cx = folder.context(&p.asked, item.state);
                    let acc = outcome_groups.entry((name.to_string(), v.clone())).or_default();
                    folder.fold(acc, &item.value, cx, "");
                }
            }
        }
    }
    let cx = Build { module, folder: &folder };
    let mut shape = cx.field(&root, "");
    let extras = cx.field(&extra_visits, "");
    let outcomes = outcomes(&cx, &mut shape, &outcome_groups);
    Some(Response {
        at,
        ty: shape.ty,
        keys: shape.keys,
        fields: shape.fields,
        items: shape.items,
        extras: extras.fields,
        outcomes,
    })
}

/// Fields that name an in-band outcome (AuthManager's `status`, login's `result`).
const OUTCOME_FIELDS: [&str; 2] = ["status", "result"];

/// When an outcome field is an enum of two values or more: the fields each outcome alone brings,
/// taken out of the common fields.
fn outcomes(cx: &Build<'_>, shape: &mut Field, groups: &BTreeMap<(String, String), Acc>) -> Option<Outcomes> {
    let name = OUTCOME_FIELDS
        .into_iter()
        .find(|n| shape.fields.get(*n).is_some_and(|f| f.ty == FieldType::Enum && f.values.len() >= 2))?;
    let built: Vec<(String, Field)> = groups
        .iter()
        .filter(|((n, _), _)| n == name)
        .map(|((_, value), acc)| (value.clone(), cx.field(acc, "")))
        .collect();
    let common: BTreeSet<&String> =
        shape.fields.keys().filter(|k| built.iter().all(|(_, f)| f.fields.contains_key(*k))).collect();
    let mut cases = IndexMap::new();
    for (value, f) in &built {
        let own: IndexMap<String, Field> = f
            .fields
            .iter()
            .filter(|(k, _)| !common.contains(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        cases.insert(value.clone(), Case { fields: own });
    }
    if cases.values().all(|c| c.fields.is_empty()) {
        return None;
    }
    let common: BTreeSet<String> = common.into_iter().cloned().collect();
    shape.fields.retain(|k, _| common.contains(k));
    Some(Outcomes { field: name.to_string(), cases })
}

/// What was asked, and the page's state, when a value was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Context {
    asked: BTreeSet<(String, String)>,
    state: Option<PageState>,
}

struct Folder {
    ctx: Vec<Context>,
}

/// Everything seen at one path.
#[derive(Debug, Default, Clone)]
struct Acc {
    nulls: usize,
    bools: usize,
    ints: usize,
    floats: usize,
    strings: usize,
    timestamps: usize,
    arrays: usize,
    /// `[]`: an empty array, or PHP's empty object where objects are seen too.
    empty_arrays: usize,
    objects: usize,
    distinct: BTreeMap<String, usize>,
    /// More distinct strings than remembered.
    overflow: bool,
    items: Option<Box<Acc>>,
    /// As an object: the contexts of each visit.
    visits: Vec<usize>,
    /// As an object: each field and the contexts it was present in.
    fields: BTreeMap<String, (Acc, Vec<usize>)>,
    numeric_keys: bool,
    named_keys: bool,
}

impl Folder {
    fn context(&mut self, asked: &BTreeSet<(String, String)>, state: Option<PageState>) -> usize {
        let c = Context { asked: asked.clone(), state };
        match self.ctx.iter().position(|x| *x == c) {
            Some(i) => i,
            None => {
                self.ctx.push(c);
                self.ctx.len() - 1
            }
        }
    }

    fn fold(&mut self, acc: &mut Acc, v: &Value, cx: usize, name: &str) {
        match v {
            Value::Null => acc.nulls += 1,
            Value::Bool(_) => acc.bools += 1,
            Value::Number(n) if n.is_i64() || n.is_u64() => acc.ints += 1,
            Value::Number(_) => acc.floats += 1,
            Value::String(s) => {
                acc.strings += 1;
                if is_timestamp(s) {
                    acc.timestamps += 1;
                }
                if acc.distinct.contains_key(s) || acc.distinct.len() < MAX_STRINGS {
                    *acc.distinct.entry(s.clone()).or_default() += 1;
                } else {
                    acc.overflow = true;
                }
            }
            Value::Array(items) if items.is_empty() => {
                acc.empty_arrays += 1;
                acc.visits.push(cx);
                acc.items.get_or_insert_with(Default::default);
            }
            Value::Array(items) => {
                acc.arrays += 1;
                let inner = acc.items.get_or_insert_with(Default::default);
                for item in items {
                    // Page items carry their own state, wherever they are (query's `pages`).
                    let icx = match (name, extract::page_state(item)) {
                        ("pages", Some(state)) => {
                            let asked = self.ctx[cx].asked.clone();
                            self.context(&asked, Some(state))
                        }
                        _ => cx,
                    };
                    self.fold(inner, item, icx, "");
                }
            }
            Value::Object(o) => {
                acc.objects += 1;
                acc.visits.push(cx);
                if !o.is_empty() && o.keys().all(|k| k.parse::<i64>().is_ok()) {
                    acc.numeric_keys = true;
                }
                if o.len() >= 8 && o.keys().any(|k| k.contains(['-', '.', ':', ' '])) {
                    acc.named_keys = true;
                }
                for (k, fv) in o {
                    let (facc, present) = acc.fields.entry(k.clone()).or_default();
                    present.push(cx);
                    self.fold(facc, fv, cx, k);
                }
            }
        }
    }
}

impl Acc {
    /// Folds `other` into `self` (map values: every entry is one more sample of the same shape).
    fn absorb(&mut self, other: &Acc) {
        self.nulls += other.nulls;
        self.bools += other.bools;
        self.ints += other.ints;
        self.floats += other.floats;
        self.strings += other.strings;
        self.timestamps += other.timestamps;
        self.arrays += other.arrays;
        self.empty_arrays += other.empty_arrays;
        self.objects += other.objects;
        for (s, n) in &other.distinct {
            if self.distinct.contains_key(s) || self.distinct.len() < MAX_STRINGS {
                *self.distinct.entry(s.clone()).or_default() += n;
            } else {
                self.overflow = true;
            }
        }
        self.overflow |= other.overflow;
        if let Some(i) = &other.items {
            self.items.get_or_insert_with(Default::default).absorb(i);
        }
        self.visits.extend(&other.visits);
        for (k, (a, p)) in &other.fields {
            let (sa, sp) = self.fields.entry(k.clone()).or_default();
            sa.absorb(a);
            sp.extend(p);
        }
        self.numeric_keys |= other.numeric_keys;
        self.named_keys |= other.named_keys;
    }

    /// Arrays seen: the empty ones count only where no object was seen (there they are PHP's `{}`).
    fn arrays(&self) -> usize {
        self.arrays + if self.objects == 0 { self.empty_arrays } else { 0 }
    }

    fn kinds(&self) -> usize {
        [self.bools, self.ints + self.floats, self.strings, self.arrays(), self.objects]
            .iter()
            .filter(|n| **n > 0)
            .count()
    }
}

struct Build<'a> {
    module: &'a Module,
    folder: &'a Folder,
}

impl Build<'_> {
    fn field(&self, acc: &Acc, name: &str) -> Field {
        let mut f = Field::new(FieldType::Any);
        f.nullable = acc.nulls > 0;
        if acc.kinds() != 1 {
            return f;
        }
        f.ty = if acc.bools > 0 {
            FieldType::Boolean
        } else if acc.floats > 0 {
            FieldType::Number
        } else if acc.ints > 0 {
            if is_namespace_name(name) {
                FieldType::Namespace
            } else {
                FieldType::Integer
            }
        } else if acc.strings > 0 {
            self.string_type(acc, name, &mut f.values)
        } else if acc.arrays() > 0 {
            f.items = acc
                .items
                .as_ref()
                .filter(|i| i.kinds() > 0 || i.nulls > 0)
                .map(|i| Box::new(self.field(i, "")));
            FieldType::Array
        } else if acc.numeric_keys || acc.named_keys {
            let mut all = Acc::default();
            for (a, _) in acc.fields.values() {
                all.absorb(a);
            }
            f.keys = Some(if acc.numeric_keys && !acc.named_keys { MapKeys::Id } else { MapKeys::Name });
            f.items = (all.kinds() > 0).then(|| Box::new(self.field(&all, "")));
            FieldType::Map
        } else {
            for (k, (facc, present)) in &acc.fields {
                f.fields.insert(k.clone(), self.member(acc, k, facc, present));
            }
            if is_named_set(&f.fields) {
                // Entries keyed by name (authmanagerinfo's form fields): a map of one shape.
                let mut all = Acc::default();
                for (a, _) in acc.fields.values() {
                    all.absorb(a);
                }
                f.fields.clear();
                f.keys = Some(MapKeys::Name);
                f.items = Some(Box::new(self.field(&all, "")));
                return Field { ty: FieldType::Map, ..f };
            }
            FieldType::Object
        };
        f
    }

    /// A field of an object, with its `optional` and `when` from where it was present.
    fn member(&self, parent: &Acc, name: &str, acc: &Acc, present: &[usize]) -> Field {
        let mut f = self.field(acc, name);
        let present_set: BTreeSet<usize> = present.iter().copied().collect();
        // Visits where it was absent, counted per visit (several items share a context).
        let mut absent: Vec<usize> = Vec::new();
        let mut left: BTreeMap<usize, usize> = BTreeMap::new();
        for c in present {
            *left.entry(*c).or_default() += 1;
        }
        for v in &parent.visits {
            match left.get_mut(v) {
                Some(n) if *n > 0 => *n -= 1,
                _ => absent.push(*v),
            }
        }
        if absent.is_empty() {
            return f;
        }
        let ctx = |i: &usize| &self.folder.ctx[*i];
        let mut when = When::default();
        // A `*prop` value asked every time it was present, and not asked some time it was absent.
        let mut common: Option<BTreeSet<(String, String)>> = None;
        for c in &present_set {
            let asked = &ctx(c).asked;
            common = Some(match common {
                None => asked.clone(),
                Some(s) => s.intersection(asked).cloned().collect(),
            });
        }
        // Values asked every time it was present, and not asked some time it was absent. One is taken
        // only when no other value of its parameter is such a value too: a field seen only with every
        // value on says nothing of which one brings it.
        let common = common.unwrap_or_default();
        let explaining: Vec<&(String, String)> =
            common.iter().filter(|a| absent.iter().any(|c| !ctx(c).asked.contains(*a))).collect();
        let alone = |a: &(String, String)| explaining.iter().filter(|b| b.0 == a.0).count() == 1;
        let candidate = explaining
            .iter()
            .copied()
            .filter(|a| alone(a))
            .min_by_key(|a| (absent.iter().filter(|c| ctx(c).asked.contains(*a)).count(), (*a).clone()))
            .cloned();
        if let Some((param, value)) = candidate {
            when.param = Some(param);
            when.has = Some(value);
        }
        // Page states: present for some states only, of all the states seen.
        let states_seen: BTreeSet<PageState> = parent.visits.iter().filter_map(|c| ctx(c).state).collect();
        let states_present: BTreeSet<PageState> = present_set.iter().filter_map(|c| ctx(c).state).collect();
        if parent.visits.iter().all(|c| ctx(c).state.is_some()) && states_present.len() < states_seen.len() {
            when.state = states_present.into_iter().collect();
        }
        let holds = |c: &usize| {
            let cx = ctx(c);
            let asked = match (&when.param, &when.has) {
                (Some(p), Some(v)) => cx.asked.contains(&(p.clone(), v.clone())),
                _ => true,
            };
            asked && (when.state.is_empty() || cx.state.is_some_and(|s| when.state.contains(&s)))
        };
        f.optional = absent.iter().any(holds);
        if when != When::default() {
            f.when = Some(when);
        }
        f
    }

    fn string_type(&self, acc: &Acc, name: &str, values: &mut Vec<String>) -> FieldType {
        if acc.timestamps == acc.strings {
            return FieldType::Timestamp;
        }
        if is_title_name(name)
            && acc.distinct.keys().all(|s| !s.is_empty() && !s.contains(['|', '<', '>', '[', ']', '{', '}']))
        {
            return FieldType::Title;
        }
        if is_user_name(name)
            && acc.distinct.keys().all(|s| !s.is_empty() && !s.contains(['|', '#', '/', '<', '>']))
        {
            return FieldType::User;
        }
        if acc.overflow {
            return FieldType::String;
        }
        // A value-list parameter of the same name, whose values it keeps to: a closed set.
        for p in self.module.plain_parameters() {
            let ParamType::Values(all) = &p.ty else { continue };
            if p.submodules.is_none() && p.name == name && acc.distinct.keys().all(|v| all.contains(v)) {
                values.extend(all.iter().cloned());
                return FieldType::Enum;
            }
        }
        let words = acc
            .distinct
            .keys()
            .all(|s| (1..=24).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'));
        // Only an outcome (`status`, `result`) of a few short words: other fields whose values merely
        // repeat are not known to be closed, so they stay strings.
        if words && OUTCOME_FIELDS.contains(&name) && acc.distinct.len() <= 5 {
            values.extend(acc.distinct.keys().cloned());
            return FieldType::Enum;
        }
        FieldType::String
    }
}

/// Whether an object's fields are entries keyed by name rather than a record's fields: two or more,
/// each optional (no answer had them all, no condition brings one), each an object, all sharing some
/// fields of one type each (`type`, `optional`: a form field whatever its name). A record's fields
/// differ in kind, or come together.
fn is_named_set(fields: &IndexMap<String, Field>) -> bool {
    let entries: Vec<&Field> = fields.values().collect();
    let Some(first) = entries.first() else { return false };
    let shared = first.fields.iter().filter(|(k, f)| {
        entries.iter().all(|e| e.fields.get(*k).is_some_and(|g| g.ty == f.ty && g.ty != FieldType::Any))
    });
    entries.len() >= 2
        && entries.iter().all(|f| f.ty == FieldType::Object && f.optional && f.when.is_none())
        && shared.count() > 0
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

fn is_title_name(name: &str) -> bool {
    name == "title" || (name.ends_with("title") && name.len() <= 12 && !name.contains("display"))
}

fn is_namespace_name(name: &str) -> bool {
    matches!(name, "ns" | "namespace") || (name.ends_with("ns") && name.len() <= 6 && name != "ns")
}

fn is_user_name(name: &str) -> bool {
    matches!(name, "user" | "username" | "performer" | "blockedby" | "by")
}

#[cfg(test)]
#[path = "infer_tests.rs"]
mod tests;
