//! Response types: every module's `response:` section resolved into Rust structs and enums, with
//! their names decided, and `action=query`'s answer composed from the chosen submodules' parts.
//!
//! - A module whose part is an object at a root key (`block`) gets `{Type}Response` there.
//! - A module whose part is an array at a root key (`purge[]`), or whose fields sit at the root
//!   (logout), gets `{Type}Response` for the root itself.
//! - A list module gets `{Type}Item` (or its part's type), a meta module `{Type}Response`; both are
//!   fields of `QueryBody`. A prop module's fields are fields of `QueryPage`. `QueryResponse` is the
//!   root of a query's answer: `query` (a `QueryBody`) and the lists that answer at the root.
//! - Nested objects and enums are named after their parent and field (`BlockRestrictions`).

use super::{names, Group, ModuleIr};
use crate::spec::{Field, FieldType, MapKeys, Module, PageState, Response, Spec};
use std::collections::{BTreeMap, BTreeSet};

/// The part type of a module whose whole answer is a JSON array: the runtime's, not generated.
pub const RUNTIME_ARRAY: &str = "ArrayAnswer";

/// The Rust type of a response field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RTy {
    String,
    I64,
    F64,
    Bool,
    /// Any JSON value.
    Any,
    /// An object whose fields the spec does not list.
    Extra,
    /// A generated type, with the group whose module holds it (`None`: this group).
    Named(Option<Group>, String),
    Vec(Box<RTy>),
    /// A map by id or name.
    Map(Box<RTy>),
}

/// How a field is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// In every answer.
    Required,
    /// In every answer, sometimes `null`.
    RequiredNullable,
    /// Sometimes absent (or `null`).
    Optional,
}

#[derive(Debug, Clone)]
pub struct RField {
    pub wire: String,
    pub rust: String,
    pub ty: RTy,
    pub presence: Presence,
    pub doc: String,
    /// The group of the module this field comes from, when that group can be left out of a build
    /// (composed query fields).
    pub group: Option<Group>,
    /// Boxed (`Option<Box<T>>`): a large block that most answers leave out, kept off its parent's
    /// size (`QueryBody`'s meta blocks, `QueryResponse::query`).
    pub boxed: bool,
}

#[derive(Debug, Clone)]
pub enum RDef {
    Struct { name: String, doc: String, fields: Vec<RField> },
    Enum { name: String, doc: String, values: Vec<(String, String)> },
}

impl RDef {
    pub fn name(&self) -> &str {
        match self {
            RDef::Struct { name, .. } | RDef::Enum { name, .. } => name,
        }
    }
}

/// A module's response, in its own file.
#[derive(Debug, Clone)]
pub struct ModuleResponse {
    /// The type a request of this module is answered with, and the key it sits at (`""`: the root).
    /// `None` for query submodules, whose parts are fields of the query's types.
    pub part: Option<(String, String)>,
    /// The types this module's file defines, in order.
    pub defs: Vec<RDef>,
    /// Where the module's part is in an answer, for the request's docs.
    pub doc: String,
}

/// Everything response-related of the IR.
#[derive(Debug, Clone, Default)]
pub struct ResponseIr {
    /// By module path.
    pub modules: BTreeMap<String, ModuleResponse>,
}

/// Builds the response types of the chosen modules.
pub fn build(spec: &Spec, modules: &[ModuleIr], taken: &BTreeMap<Group, BTreeSet<String>>) -> ResponseIr {
    let mut b = Builder { taken: taken.clone(), out: ResponseIr::default() };
    let by_path: BTreeMap<&str, &Module> = spec.modules.values().map(|m| (m.path.as_str(), m)).collect();
    let mut query = Composition::default();
    for m in modules {
        let Some(sm) = by_path.get(m.path.as_str()) else { continue };
        let Some(r) = &sm.response else { continue };
        b.module(m, r, &mut query);
    }
    if let Some(q) = modules.iter().find(|m| m.path == "query") {
        if let Some(r) = by_path.get("query").and_then(|m| m.response.as_ref()) {
            b.query(q, r, query);
        }
    }
    b.out
}

/// What query submodules add to the query's types.
#[derive(Default)]
struct Composition {
    /// Fields of `QueryBody` (lists, meta blocks, `query.*` extras).
    body: Vec<RField>,
    /// Fields of `QueryPage` (props).
    page: Vec<RField>,
    /// Fields of `QueryResponse` (lists that answer at the root).
    root: Vec<RField>,
}

struct Builder {
    /// Type names used in each group's Rust module.
    taken: BTreeMap<Group, BTreeSet<String>>,
    out: ResponseIr,
}

struct Cx<'a> {
    m: &'a ModuleIr,
    defs: Vec<RDef>,
}

impl Builder {
    fn name(&mut self, g: Group, wanted: String) -> String {
        let taken = self.taken.entry(g).or_default();
        let mut name = wanted;
        while taken.contains(&name) {
            name.push_str("Value");
        }
        taken.insert(name.clone());
        name
    }

    fn module(&mut self, m: &ModuleIr, r: &Response, query: &mut Composition) {
        let mut cx = Cx { m, defs: Vec::new() };
        let t = &m.type_name;
        let mut part = None;
        let mut place = String::new();
        let at = r.at.as_str();
        let root_field = || Field {
            ty: r.ty,
            keys: r.keys,
            items: r.items.clone(),
            fields: r.fields.clone(),
            ..Field::new(r.ty)
        };
        if at == "query" && m.group != Group::Action {
            // A submodule whose blocks sit in `query` itself (siteinfo's `general`, `namespaces`, …).
            place = "Answered in fields of `query` ([`QueryBody`](super::action::QueryBody)).".into();
            for (name, f) in &r.fields {
                let field = self.composed(&mut cx, name, f, format!("`{}`", m.path));
                query.body.push(field);
            }
        } else if let Some(rest) = at.strip_prefix("query.") {
            let (key, each) = split_each(rest);
            if key == "pages" && each {
                place = "Answered in the fields it adds to each page of `query.pages` \
                         ([`QueryPage`](super::action::QueryPage))."
                    .into();
                for (name, f) in &r.fields {
                    let field = self.composed(&mut cx, name, f, format!("`prop={}`", m.name));
                    query.page.push(field);
                }
            } else {
                let suffix = if m.group == Group::List { "Item" } else { "Response" };
                let f = root_field();
                let ty = if each {
                    RTy::Vec(Box::new(self.object_or(&mut cx, format!("{t}{suffix}"), t, &f)))
                } else {
                    self.object_or(&mut cx, format!("{t}{suffix}"), t, &f)
                };
                let doc = format!("The part of `{}` (`{}={}`).", m.path, m.group.spec_name(), m.name);
                place = format!("Answered at `query.{key}` ([`QueryBody`](super::action::QueryBody)).");
                query.body.push(RField {
                    wire: key.to_string(),
                    rust: names::field_name(key),
                    ty,
                    presence: Presence::Optional,
                    doc,
                    group: Some(m.group),
                    boxed: false,
                });
            }
            for (path, f) in &r.extras {
                if let Some(key) = path.strip_prefix("query.") {
                    let field = self.composed(&mut cx, key, f, format!("`{}`", m.path));
                    query.body.push(field);
                }
            }
        } else if m.group == Group::Action && at == "query" {
            // Composed with the submodules, at the end.
        } else {
            let (key, each) = split_each(at);
            let f = root_field();
            if m.group == Group::List {
                // A list that answers at the root (watchlistraw).
                let ty = RTy::Vec(Box::new(self.object_or(&mut cx, format!("{t}Item"), t, &f)));
                let doc = format!("The part of `{}` (`list={}`), at the answer's root.", m.path, m.name);
                place = format!("Answered at `{key}`, at the root of the answer ([`QueryResponse`](super::action::QueryResponse)).");
                query.root.push(RField {
                    wire: key.to_string(),
                    rust: names::field_name(key),
                    ty,
                    presence: Presence::Optional,
                    doc,
                    group: Some(m.group),
                    boxed: false,
                });
            } else if !key.is_empty() && !each && r.ty == FieldType::Object {
                let name = self.name(m.group, format!("{t}Response"));
                let fields = self.root_fields(&mut cx, t, r);
                let doc = format!("What `action={}` answers, at `{key}`.", m.name);
                cx.defs.insert(0, RDef::Struct { name: name.clone(), doc, fields });
                part = Some((name, key.to_string()));
            } else if !key.is_empty() {
                let name = self.name(m.group, format!("{t}Response"));
                let item = if each {
                    RTy::Vec(Box::new(self.object_or(&mut cx, format!("{t}Item"), t, &f)))
                } else {
                    self.ty(&mut cx, t, key, &f)
                };
                let field = RField {
                    wire: key.to_string(),
                    rust: names::field_name(key),
                    ty: item,
                    presence: Presence::Optional,
                    doc: "The module's part (absent from an error answer).".into(),
                    group: None,
                    boxed: false,
                };
                let doc = format!("What `action={}` answers.", m.name);
                cx.defs.insert(0, RDef::Struct { name: name.clone(), doc, fields: vec![field] });
                part = Some((name, String::new()));
            } else if r.ty == FieldType::Object {
                let name = self.name(m.group, format!("{t}Response"));
                let fields = self.root_fields(&mut cx, t, r);
                let doc = format!("What `action={}` answers, beside the envelope's keys.", m.name);
                cx.defs.insert(0, RDef::Struct { name: name.clone(), doc, fields });
                part = Some((name, String::new()));
            } else if r.ty == FieldType::Array {
                // The whole answer is an array (opensearch): the runtime's `ArrayAnswer`.
                part = Some((RUNTIME_ARRAY.to_string(), String::new()));
            }
        }
        if let Some((name, _)) = &part {
            place = match name.as_str() {
                RUNTIME_ARRAY => {
                    "Answered with a JSON array ([`ArrayAnswer`](mwgen_runtime::response::ArrayAnswer))."
                        .into()
                }
                _ => format!("Answered with [`{name}`]."),
            };
        }
        self.out.modules.insert(m.path.clone(), ModuleResponse { part, defs: cx.defs, doc: place });
    }

    fn query(&mut self, q: &ModuleIr, r: &Response, mut comp: Composition) {
        let mut cx = Cx { m: q, defs: Vec::new() };
        let page = self.name(q.group, "QueryPage".into());
        let body = self.name(q.group, "QueryBody".into());
        let root = self.name(q.group, "QueryResponse".into());
        let mut body_fields = Vec::new();
        let mut page_fields = Vec::new();
        for (name, f) in &r.fields {
            if name == "pages" {
                if let Some(items) = &f.items {
                    page_fields = self.fields(&mut cx, "QueryPage", &items.fields, None);
                }
                let ty = RTy::Vec(Box::new(RTy::Named(None, page.clone())));
                body_fields.push(self.field(q, name, f, ty, None));
            } else {
                let ty = self.ty(&mut cx, "Query", name, f);
                body_fields.push(self.field(q, name, f, ty, None));
            }
        }
        merge(&mut page_fields, comp.page);
        merge(&mut body_fields, std::mem::take(&mut comp.body));
        for f in &mut body_fields {
            f.boxed = matches!(f.ty, RTy::Named(..)) && f.presence == Presence::Optional;
        }
        let mut root_fields = vec![RField {
            wire: "query".into(),
            rust: "query".into(),
            ty: RTy::Named(None, body.clone()),
            presence: Presence::Optional,
            doc: "What the submodules answered (absent when none had anything to say).".into(),
            group: None,
            boxed: true,
        }];
        merge(&mut root_fields, comp.root);
        let mut defs = vec![
            RDef::Struct {
                name: root.clone(),
                doc: "What `action=query` answers, beside the envelope's keys.".into(),
                fields: root_fields,
            },
            RDef::Struct {
                name: body,
                doc: "The `query` object: what the page set and each list and meta module answered.".into(),
                fields: body_fields,
            },
            RDef::Struct {
                name: page,
                doc: "A page of `query.pages`, with what each prop module added to it.".into(),
                fields: page_fields,
            },
        ];
        defs.append(&mut cx.defs);
        let doc = format!("Answered with [`{root}`].");
        self.out
            .modules
            .insert(q.path.clone(), ModuleResponse { part: Some((root, String::new())), defs, doc });
    }

    /// The type of a part: a struct named `name` for an object with fields (or for the items of
    /// an array or map of them), else the plain type.
    fn object_or(&mut self, cx: &mut Cx<'_>, name: String, prefix: &str, f: &Field) -> RTy {
        match f.ty {
            FieldType::Array | FieldType::Map => {
                let item = match &f.items {
                    Some(items) => self.object_or(cx, name, prefix, items),
                    None => RTy::Any,
                };
                match f.ty {
                    FieldType::Array => RTy::Vec(Box::new(item)),
                    _ => RTy::Map(Box::new(item)),
                }
            }
            FieldType::Object if !f.fields.is_empty() => {
                let name = self.name(cx.m.group, name);
                let fields = self.fields(cx, &name, &f.fields, None);
                let doc = format!("An item of `{}`'s part.", cx.m.path);
                cx.defs.push(RDef::Struct { name: name.clone(), doc, fields });
                RTy::Named(None, name)
            }
            _ => self.ty(cx, prefix, "", f),
        }
    }

    /// The fields of a part's root object: its own, then those of the in-band outcomes (optional,
    /// and documented with the outcomes that bring them).
    fn root_fields(&mut self, cx: &mut Cx<'_>, prefix: &str, r: &Response) -> Vec<RField> {
        let mut out = self.fields(cx, prefix, &r.fields, None);
        let Some(o) = &r.outcomes else { return out };
        let mut by_wire: indexmap::IndexMap<&str, (&Field, Vec<String>, bool)> = indexmap::IndexMap::new();
        for (value, case) in &o.cases {
            for (name, f) in &case.fields {
                let e = by_wire.entry(name.as_str()).or_insert((f, Vec::new(), false));
                // Outcomes that disagree on a field's type make it `any`.
                e.2 |= e.0.ty != f.ty;
                e.1.push(format!("`{value}`"));
            }
        }
        for (name, (f, values, disagree)) in by_wire {
            if let Some(g) = out.iter_mut().find(|g| g.wire == name) {
                // A field of every outcome that some outcome types otherwise is `any`.
                if disagree || r.fields.get(name).is_some_and(|base| base.ty != f.ty) {
                    g.ty = RTy::Any;
                }
                continue;
            }
            let ty = if disagree { RTy::Any } else { self.ty(cx, prefix, name, f) };
            let mut field = self.field(cx.m, name, f, ty, None);
            field.presence = Presence::Optional;
            let values = match values.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => values.concat(),
            };
            let when = format!("When `{}` is {values}.", o.field);
            field.doc = if field.doc.is_empty() { when } else { format!("{when} {}", field.doc) };
            out.push(field);
        }
        dedupe(&mut out);
        out
    }

    fn fields(
        &mut self,
        cx: &mut Cx<'_>,
        prefix: &str,
        fields: &indexmap::IndexMap<String, Field>,
        group: Option<Group>,
    ) -> Vec<RField> {
        let mut out = Vec::new();
        for (name, f) in fields {
            let ty = self.ty(cx, prefix, name, f);
            out.push(self.field(cx.m, name, f, ty, group));
        }
        dedupe(&mut out);
        out
    }

    /// A field that submodule `cx.m` adds to the query's types: optional (the query holds it only
    /// when the submodule was asked), and documented with what brings it (`from`).
    fn composed(&mut self, cx: &mut Cx<'_>, wire: &str, f: &Field, from: String) -> RField {
        let (m, t) = (cx.m, cx.m.type_name.clone());
        let ty = self.ty(cx, &t, wire, f);
        let mut field = self.field(m, wire, f, ty, Some(m.group));
        field.presence = Presence::Optional;
        field.doc = format!("From {from}. {}", field.doc).trim_end().to_string();
        field
    }

    fn field(&self, m: &ModuleIr, wire: &str, f: &Field, ty: RTy, group: Option<Group>) -> RField {
        let presence = match (f.optional || f.when.is_some(), f.nullable && ty != RTy::Any) {
            (true, _) => Presence::Optional,
            (false, true) => Presence::RequiredNullable,
            (false, false) => Presence::Required,
        };
        let doc = field_doc(m, f);
        RField { wire: wire.into(), rust: names::field_name(wire), ty, presence, doc, group, boxed: false }
    }

    fn ty(&mut self, cx: &mut Cx<'_>, prefix: &str, field: &str, f: &Field) -> RTy {
        let child = || {
            let p = names::type_name(field);
            if prefix.ends_with(&p) || p.is_empty() {
                format!("{prefix}Item")
            } else {
                format!("{prefix}{p}")
            }
        };
        match f.ty {
            FieldType::String | FieldType::Title | FieldType::User | FieldType::Timestamp => RTy::String,
            FieldType::Integer | FieldType::Namespace => RTy::I64,
            FieldType::Number => RTy::F64,
            FieldType::Boolean => RTy::Bool,
            FieldType::Any => RTy::Any,
            FieldType::Enum if f.values.is_empty() => RTy::String,
            FieldType::Enum => {
                let name = self.name(cx.m.group, child());
                let values = f.values.iter().map(|v| (names::variant_name(v), v.clone())).collect();
                let doc = format!("The values of `{field}` in `{}`'s answers.", cx.m.path);
                cx.defs.push(RDef::Enum { name: name.clone(), doc, values });
                RTy::Named(None, name)
            }
            FieldType::Array | FieldType::Map => {
                let item = match &f.items {
                    Some(items) => self.ty(cx, prefix, field, items),
                    None => RTy::Any,
                };
                match f.ty {
                    FieldType::Array => RTy::Vec(Box::new(item)),
                    _ => RTy::Map(Box::new(item)),
                }
            }
            FieldType::Object if f.fields.is_empty() => RTy::Extra,
            FieldType::Object => {
                let name = self.name(cx.m.group, child());
                let fields = self.fields(cx, &name, &f.fields, None);
                let doc = format!("`{field}` in `{}`'s answers.", cx.m.path);
                cx.defs.push(RDef::Struct { name: name.clone(), doc, fields });
                RTy::Named(None, name)
            }
        }
    }
}

/// `allpages[]` → (`allpages`, true).
fn split_each(at: &str) -> (&str, bool) {
    match at.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (at, false),
    }
}

/// Adds `more` to `fields`; a name already there keeps its first field, made `Any` when the types
/// disagree, and optional.
fn merge(fields: &mut Vec<RField>, more: Vec<RField>) {
    for f in more {
        match fields.iter_mut().find(|g| g.wire == f.wire) {
            Some(g) => {
                if g.ty != f.ty {
                    g.ty = RTy::Any;
                }
                g.presence = Presence::Optional;
                if g.group != f.group {
                    g.group = None;
                }
                if !g.doc.contains(&f.doc) {
                    g.doc = format!("{}\n\n{}", g.doc, f.doc);
                }
            }
            None => fields.push(f),
        }
    }
    dedupe(fields);
}

/// Distinct Rust names (`extra` is the unknown keys' map).
fn dedupe(fields: &mut [RField]) {
    let mut seen: BTreeSet<String> = BTreeSet::from(["extra".to_string()]);
    for f in fields.iter_mut() {
        while !seen.insert(f.rust.clone()) {
            f.rust.push('_');
        }
    }
}

fn field_doc(m: &ModuleIr, f: &Field) -> String {
    let mut parts = Vec::new();
    let kind = match f.ty {
        FieldType::Title => Some("A page title."),
        FieldType::User => Some("A user name."),
        FieldType::Timestamp => Some("A timestamp (`2024-01-31T12:00:00Z`)."),
        FieldType::Namespace => Some("A namespace number."),
        FieldType::Map => match f.keys {
            Some(MapKeys::Id) => Some("Keyed by id."),
            Some(MapKeys::Name) => Some("Keyed by name."),
            None => None,
        },
        _ => None,
    };
    parts.extend(kind.map(str::to_string));
    if let Some(w) = &f.when {
        if let (Some(p), Some(has)) = (&w.param, &w.has) {
            parts.push(format!("Present when `{}{p}` holds `{has}`.", m.prefix));
        } else if let Some(p) = &w.param {
            parts.push(format!("Present when `{}{p}` is given.", m.prefix));
        }
        if !w.state.is_empty() {
            let states: Vec<&str> = w.state.iter().map(|s| PageState::as_str(*s)).collect();
            parts.push(format!("Only for pages that are {}.", states.join(", ")));
        }
    }
    if f.nullable {
        parts.push("Sometimes `null`.".into());
    }
    if !f.is_observed() {
        parts.push(format!("Read from MediaWiki's `{}`, not seen in an answer.", f.source));
    }
    parts.join(" ")
}
