//! Spec → an OpenAPI 3.0 document: one operation per module, its parameters as query parameters, and
//! its answer's shape from the module's `response` section.
//!
//! MediaWiki has one endpoint, `api.php`, and a module is picked by a parameter (`action=block`,
//! `action=query&list=allpages`). OpenAPI names an operation by its path and method, so each module
//! gets a path of its own, under the group that picks it:
//!
//! | module | path | operationId | what the wiki is sent |
//! |---|---|---|---|
//! | main | `/` | `main` | (the parameters every request can carry) |
//! | an action (`block`) | `/block` | `block` | `action=block` |
//! | a query submodule (`query+allpages`) | `/query/allpages` | `query_allpages` | `action=query&list=allpages` |
//! | a format (`json`) | `/format/json` | `format_json` | `format=json` |
//!
//! Each operation says what it stands for in `x-mediawiki-query`. A module that must be posted is a
//! `post`, every other one a `get`; parameters are always query parameters (`in: query`), with the
//! module's prefix (`apfrom`). Types map as follows:
//! - `integer` and `namespace` → `integer` (int64) with `minimum`/`maximum`, `float` → `number`;
//!   `limit` → one of an integer in range and the string `max`;
//! - `boolean` → `boolean` (MediaWiki reads a boolean by its presence: `false` is still true there);
//! - a value list → a string `enum` (a plain string when the list is empty); every other type
//!   (`string`, `text`, `title`, `user`, `timestamp`, `expiry`, `tags`, `password`, `raw`, `upload`)
//!   → `string`, with `maxLength` from `maxchars`;
//! - multi-valued → `array` of those, `style: pipeDelimited`, `explode: false` (`a|b|c`); with
//!   [`ArrayStyle::Form`], `style: form` instead, for generators that read only that style;
//! - a templated parameter (`fromtext-{slot}`) becomes one parameter per value its variable's
//!   parameter takes (`fromtext-main`); one whose variable takes free text has no OpenAPI form and
//!   is left out.
//!
//! Defaults, `required` and `deprecated` come from the spec. A module with a `response` section
//! answers `200` with a schema in `components/schemas` named `{OperationId}Response` (`BlockResponse`,
//! `QueryAllpagesResponse`): the whole formatversion=2 answer, with the module's part at its `at`
//! path and its `extras` (such as `continue`) beside it; see [`response`]. Paths, components and
//! every map are in a fixed order, so two exports of one spec are byte-identical.

mod params;
pub mod response;

use crate::spec::{Module, Spec};
use heck::ToUpperCamelCase;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The OpenAPI version the document declares.
pub const OPENAPI_VERSION: &str = "3.0.3";

/// How multi-valued parameters are described.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArrayStyle {
    /// `style: pipeDelimited`, `explode: false`: `a|b|c`, as MediaWiki reads them.
    #[default]
    PipeDelimited,
    /// `style: form`, `explode: false`: the only query style some generators (progenitor) accept.
    /// Such a client may send the values in another form than MediaWiki reads.
    Form,
}

/// How to export.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenApiOptions {
    /// The style of multi-valued parameters.
    pub array_style: ArrayStyle,
}

/// Why a spec has no OpenAPI form.
#[derive(Debug, thiserror::Error)]
pub enum OpenApiError {
    /// Two modules would get the same path or operationId.
    #[error("modules `{first}` and `{second}` would both be the OpenAPI {what} `{name}`")]
    Clash { what: &'static str, name: String, first: String, second: String },
    /// A module's `response.at` (or an `extras` key) cannot be read as a path.
    #[error("module `{module}`: response path `{path}` has an empty key")]
    BadPath { module: String, path: String },
}

/// Where a module sits in the document.
struct Place {
    path: String,
    operation_id: String,
    query: String,
}

fn place(m: &Module) -> Place {
    if m.path == "main" {
        return Place { path: "/".into(), operation_id: "main".into(), query: String::new() };
    }
    match (m.group.as_deref(), m.path.split_once('+')) {
        (Some("format"), _) => Place {
            path: format!("/format/{}", m.path),
            operation_id: format!("format_{}", m.path),
            query: format!("format={}", m.path),
        },
        (group, Some((parent, _))) => Place {
            path: format!("/{}", m.path.replace('+', "/")),
            operation_id: m.path.replace('+', "_"),
            query: format!("action={parent}&{}={}", group.unwrap_or("action"), m.name),
        },
        (_, None) => Place {
            path: format!("/{}", m.path),
            operation_id: m.path.clone(),
            query: format!("action={}", m.path),
        },
    }
}

/// The schema name of a module's answer: `QueryAllpagesResponse`.
fn response_name(operation_id: &str) -> String {
    format!("{}Response", operation_id.to_upper_camel_case())
}

/// The whole document, paths sorted, every module of the spec in it.
pub fn export(spec: &Spec, opts: OpenApiOptions) -> Result<Value, OpenApiError> {
    let mut paths: BTreeMap<String, (String, Value)> = BTreeMap::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut schemas: BTreeMap<String, (String, Value)> = BTreeMap::new();
    for m in spec.modules.values() {
        let at = place(m);
        if let Some(first) = ids.insert(at.operation_id.clone(), m.path.clone()) {
            return Err(clash("operationId", &at.operation_id, first, &m.path));
        }
        let mut op = Map::new();
        op.insert("operationId".into(), json!(at.operation_id));
        if let Some(d) = &m.description {
            op.insert("description".into(), json!(d));
        }
        op.insert("tags".into(), json!([m.group.as_deref().unwrap_or("main")]));
        if m.deprecated {
            op.insert("deprecated".into(), json!(true));
        }
        op.insert("x-mediawiki-query".into(), json!(at.query));
        op.insert("parameters".into(), Value::Array(params::parameters(m, opts)));
        let mut ok = Map::new();
        ok.insert("description".into(), json!(format!("The answer to `{}`.", m.path)));
        if let Some(r) = &m.response {
            let name = response_name(&at.operation_id);
            let schema = response::answer_schema(&m.path, r)?;
            if let Some((first, _)) = schemas.insert(name.clone(), (m.path.clone(), schema)) {
                return Err(clash("schema", &name, first, &m.path));
            }
            let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
            ok.insert("content".into(), json!({ "application/json": { "schema": reference } }));
        }
        op.insert("responses".into(), json!({ "200": Value::Object(ok) }));
        let method = if m.mustbeposted { "post" } else { "get" };
        let item = json!({ method: Value::Object(op) });
        if let Some((first, _)) = paths.insert(at.path.clone(), (m.path.clone(), item)) {
            return Err(clash("path", &at.path, first, &m.path));
        }
    }
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!(OPENAPI_VERSION));
    doc.insert(
        "info".into(),
        json!({
            "title": "MediaWiki Action API",
            "description": "Every module of api.php as an operation of its own; see `x-mediawiki-query` for what each one sends.",
            "version": spec.wiki.generator,
        }),
    );
    doc.insert("paths".into(), Value::Object(paths.into_iter().map(|(p, (_, item))| (p, item)).collect()));
    doc.insert(
        "components".into(),
        json!({ "schemas": Value::Object(schemas.into_iter().map(|(n, (_, s))| (n, s)).collect()) }),
    );
    Ok(Value::Object(doc))
}

fn clash(what: &'static str, name: &str, first: String, second: &str) -> OpenApiError {
    OpenApiError::Clash { what, name: name.to_string(), first, second: second.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(path: &str, group: Option<&str>) -> Module {
        let name = path.rsplit('+').next().unwrap_or(path).to_string();
        let yaml = format!("name: {name}\nclassname: X\npath: {path}\nprefix: ''\n");
        let mut m: Module = serde_yaml::from_str(&yaml).expect("a module");
        m.group = group.map(str::to_string);
        m
    }

    #[test]
    fn places() {
        let cases = [
            ("main", None, "/", "main", ""),
            ("block", Some("action"), "/block", "block", "action=block"),
            (
                "query+allpages",
                Some("list"),
                "/query/allpages",
                "query_allpages",
                "action=query&list=allpages",
            ),
            ("json", Some("format"), "/format/json", "format_json", "format=json"),
        ];
        for (path, group, url, id, query) in cases {
            let p = place(&module(path, group));
            assert_eq!((p.path.as_str(), p.operation_id.as_str(), p.query.as_str()), (url, id, query));
        }
        assert_eq!(response_name("query_allpages"), "QueryAllpagesResponse");
    }
}
