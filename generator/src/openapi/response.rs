//! A module's `response` section as the JSON Schema (OpenAPI 3.0 dialect) of the whole answer.
//!
//! The answer is an object; the module's part goes at its `at` path (`query.allpages[]`: the answer's
//! `query` holds `allpages`, an array of the part), its `extras` beside it at their own paths. The
//! objects on the way (`query`) are optional, as are extras marked `optional`. Field types map as:
//! `string`, `title`, `user` → `string`; `timestamp` → `string` (`date-time`); `integer`,
//! `namespace` → `integer` (int64); `number` → `number`; `enum` → a string `enum`; `array` → `array`;
//! `object` → `object` with `properties` (a field is `required` unless it is optional or has a
//! `when`); `map` → `object` with `additionalProperties`; `any` → the empty schema. `nullable` is
//! kept. In-band outcomes add each case's fields to the part as optional properties, documented with
//! the outcome that brings them.

use super::OpenApiError;
use crate::spec::{Field, FieldType, Outcomes, Response, When};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

/// The schema of the whole answer to the module at `module` (its path, for errors).
pub fn answer_schema(module: &str, r: &Response) -> Result<Value, OpenApiError> {
    let bad = |path: &str| OpenApiError::BadPath { module: module.to_string(), path: path.to_string() };
    let mut root = if r.at.is_empty() { part_schema(r) } else { object(Map::new(), Vec::new()) };
    if !r.at.is_empty() {
        let segments = segments(&r.at).ok_or_else(|| bad(&r.at))?;
        put(&mut root, &segments, part_schema(r), false);
    }
    for (path, field) in &r.extras {
        let segments = segments(path).ok_or_else(|| bad(path))?;
        put(&mut root, &segments, field_schema(field), !field.optional && field.when.is_none());
    }
    Ok(root)
}

/// The schema of the module's part (for `x[]`, of each item: [`put`] makes the array).
fn part_schema(r: &Response) -> Value {
    match r.ty {
        FieldType::Object => {
            let (properties, required) = properties(&r.fields);
            let mut o = object(properties, required);
            if let Some(outcomes) = &r.outcomes {
                add_outcomes(&mut o, outcomes);
            }
            o
        }
        ty => {
            let mut f = Field::new(ty);
            f.keys = r.keys;
            f.items = r.items.clone();
            field_schema(&f)
        }
    }
}

/// One key of a path: its name, and whether it is "each item of this array" (`pages[]`).
struct Segment<'a> {
    key: &'a str,
    each: bool,
}

fn segments(path: &str) -> Option<Vec<Segment<'_>>> {
    path.split('.')
        .map(|s| {
            let (key, each) = match s.strip_suffix("[]") {
                Some(k) => (k, true),
                None => (s, false),
            };
            (!key.is_empty()).then_some(Segment { key, each })
        })
        .collect()
}

/// Puts `leaf` at `path` inside the object schema `root`, making the objects on the way.
fn put(root: &mut Value, path: &[Segment<'_>], leaf: Value, required: bool) {
    let Some((last, inner)) = path.split_last() else { return };
    let mut at = root;
    for s in inner {
        at = child(at, s);
    }
    let value = if last.each { json!({ "type": "array", "items": leaf }) } else { leaf };
    if let Some(o) = at.as_object_mut() {
        let props = o.entry("properties").or_insert_with(|| json!({}));
        if let Some(props) = props.as_object_mut() {
            props.insert(last.key.to_string(), value);
        }
        if required {
            let list = o.entry("required").or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                list.push(json!(last.key));
            }
        }
    }
}

/// The object schema at `s` below `at` (the item schema for `s[]`), made when missing.
fn child<'v>(at: &'v mut Value, s: &Segment<'_>) -> &'v mut Value {
    if !at.is_object() {
        *at = object(Map::new(), Vec::new());
    }
    let o = at.as_object_mut().expect("an object, made just above");
    let props = o.entry("properties").or_insert_with(|| json!({}));
    if !props.is_object() {
        *props = json!({});
    }
    let props = props.as_object_mut().expect("an object, made just above");
    let made = if s.each {
        json!({ "type": "array", "items": object(Map::new(), Vec::new()) })
    } else {
        object(Map::new(), Vec::new())
    };
    let next = props.entry(s.key.to_string()).or_insert(made);
    if s.each && next.get("items").is_some() {
        &mut next["items"]
    } else {
        next
    }
}

fn object(properties: Map<String, Value>, required: Vec<String>) -> Value {
    let mut o = Map::new();
    o.insert("type".into(), json!("object"));
    if !required.is_empty() {
        o.insert("required".into(), json!(required));
    }
    o.insert("properties".into(), Value::Object(properties));
    Value::Object(o)
}

/// Properties of an object, and the names that are always there.
fn properties(fields: &IndexMap<String, Field>) -> (Map<String, Value>, Vec<String>) {
    let properties = fields.iter().map(|(k, f)| (k.clone(), field_schema(f))).collect();
    let required =
        fields.iter().filter(|(_, f)| !f.optional && f.when.is_none()).map(|(k, _)| k.clone()).collect();
    (properties, required)
}

fn add_outcomes(o: &mut Value, outcomes: &Outcomes) {
    let Some(props) = o.get_mut("properties").and_then(Value::as_object_mut) else { return };
    for (value, case) in &outcomes.cases {
        for (name, field) in &case.fields {
            if props.contains_key(name) {
                continue;
            }
            let mut s = field_schema(field);
            describe(&mut s, &format!("When `{}` is `{value}`.", outcomes.field));
            props.insert(name.clone(), s);
        }
    }
}

/// The schema of one field.
pub fn field_schema(f: &Field) -> Value {
    let mut s = match f.ty {
        FieldType::String | FieldType::Title | FieldType::User => json!({ "type": "string" }),
        FieldType::Timestamp => json!({ "type": "string", "format": "date-time" }),
        FieldType::Integer | FieldType::Namespace => json!({ "type": "integer", "format": "int64" }),
        FieldType::Number => json!({ "type": "number", "format": "double" }),
        FieldType::Boolean => json!({ "type": "boolean" }),
        FieldType::Enum if f.values.is_empty() => json!({ "type": "string" }),
        FieldType::Enum => json!({ "type": "string", "enum": f.values }),
        FieldType::Array => json!({ "type": "array", "items": items(f) }),
        FieldType::Object => {
            let (properties, required) = properties(&f.fields);
            object(properties, required)
        }
        FieldType::Map => json!({ "type": "object", "additionalProperties": items(f) }),
        FieldType::Any => json!({}),
    };
    if f.nullable {
        if let Some(o) = s.as_object_mut() {
            o.insert("nullable".into(), json!(true));
        }
    }
    if let Some(w) = &f.when {
        describe(&mut s, &when_text(w));
    }
    if !f.is_observed() {
        describe(&mut s, &format!("Read from MediaWiki's `{}`.", f.source));
    }
    s
}

fn items(f: &Field) -> Value {
    f.items.as_deref().map(field_schema).unwrap_or_else(|| json!({}))
}

fn when_text(w: &When) -> String {
    let mut parts = Vec::new();
    if let (Some(p), Some(h)) = (&w.param, &w.has) {
        parts.push(format!("`{p}` holds `{h}`"));
    }
    if !w.state.is_empty() {
        let states: Vec<&str> = w.state.iter().map(|s| s.as_str()).collect();
        parts.push(format!("the page is {}", states.join(" or ")));
    }
    format!("When {}.", parts.join(" and "))
}

fn describe(s: &mut Value, text: &str) {
    if let Some(o) = s.as_object_mut() {
        let d = match o.get("description").and_then(Value::as_str) {
            Some(old) => format!("{old} {text}"),
            None => text.to_string(),
        };
        o.insert("description".into(), json!(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_and_its_continuation() {
        let r: Response = serde_yaml::from_str(
            "at: query.allpages[]\nfields:\n  title: {type: title}\n  ns: {type: namespace, optional: true}\n\
             extras:\n  continue: {type: object, optional: true, fields: {apcontinue: {type: string}}}\n",
        )
        .expect("a response");
        let s = answer_schema("query+allpages", &r).expect("a schema");
        assert_eq!(
            s,
            json!({"type": "object", "properties": {
                "query": {"type": "object", "properties": {"allpages": {"type": "array", "items": {
                    "type": "object", "required": ["title"], "properties": {
                        "title": {"type": "string"}, "ns": {"type": "integer", "format": "int64"}}}}}},
                "continue": {"type": "object", "required": ["apcontinue"],
                             "properties": {"apcontinue": {"type": "string"}}}}})
        );
        let bad: Response = serde_yaml::from_str("at: query..x\n").expect("a response");
        assert!(answer_schema("m", &bad).is_err());
    }
}
