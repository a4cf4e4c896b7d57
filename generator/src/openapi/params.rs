//! A module's parameters as OpenAPI query parameters (the mapping is in the parent module's docs).

use super::{ArrayStyle, OpenApiOptions};
use crate::spec::{Module, ParamType, Parameter, Scalar, TypeName};
use serde_json::{json, Map, Value};

/// The module's parameters in the spec's order, templated ones expanded.
pub(super) fn parameters(m: &Module, opts: OpenApiOptions) -> Vec<Value> {
    let mut out = Vec::new();
    for p in &m.parameters {
        match &p.templatevars {
            None => out.push(parameter(&format!("{}{}", m.prefix, p.name), p, opts)),
            Some(vars) => {
                for name in expand(m, &p.name, vars) {
                    out.push(parameter(&format!("{}{name}", m.prefix), p, opts));
                }
            }
        }
    }
    out
}

/// The names a templated parameter takes: each `{var}` replaced by each value of its parameter.
/// Nothing when a variable's parameter is not a value list (free text has no finite expansion).
fn expand(m: &Module, name: &str, vars: &indexmap::IndexMap<String, String>) -> Vec<String> {
    let mut names = vec![name.to_string()];
    for (var, source) in vars {
        let values = match m.parameter(source).map(|p| &p.ty) {
            Some(ParamType::Values(v)) => v,
            _ => return Vec::new(),
        };
        let placeholder = &format!("{{{var}}}");
        names = names.iter().flat_map(|n| values.iter().map(move |v| n.replace(placeholder, v))).collect();
    }
    names
}

fn parameter(wire: &str, p: &Parameter, opts: OpenApiOptions) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), json!(wire));
    o.insert("in".into(), json!("query"));
    if let Some(d) = &p.description {
        o.insert("description".into(), json!(d));
    }
    if p.required {
        o.insert("required".into(), json!(true));
    }
    if p.deprecated {
        o.insert("deprecated".into(), json!(true));
    }
    let item = scalar_schema(p);
    let schema = if p.multi {
        let mut s = Map::new();
        s.insert("type".into(), json!("array"));
        if let Some(d) = p.default.as_ref().and_then(|d| multi_default(d, &item)) {
            s.insert("default".into(), d);
        }
        s.insert("items".into(), Value::Object(item));
        let style = match opts.array_style {
            ArrayStyle::PipeDelimited => "pipeDelimited",
            ArrayStyle::Form => "form",
        };
        o.insert("style".into(), json!(style));
        o.insert("explode".into(), json!(false));
        s
    } else {
        let mut s = item;
        if let Some(d) = p.default.as_ref().and_then(|d| scalar_default(d, &s)) {
            s.insert("default".into(), d);
        }
        s
    };
    o.insert("schema".into(), Value::Object(schema));
    Value::Object(o)
}

/// The schema of one value of the parameter.
fn scalar_schema(p: &Parameter) -> Map<String, Value> {
    let mut s = Map::new();
    let range = |s: &mut Map<String, Value>| {
        if let Some(min) = p.min {
            s.insert("minimum".into(), json!(min));
        }
        if let Some(max) = p.max {
            s.insert("maximum".into(), json!(max));
        }
    };
    match &p.ty {
        ParamType::Values(values) => {
            s.insert("type".into(), json!("string"));
            if !values.is_empty() {
                s.insert("enum".into(), json!(values));
            }
        }
        ParamType::Named(TypeName::Boolean) => {
            s.insert("type".into(), json!("boolean"));
        }
        ParamType::Named(TypeName::Integer | TypeName::Namespace) => {
            s.insert("type".into(), json!("integer"));
            s.insert("format".into(), json!("int64"));
            range(&mut s);
        }
        ParamType::Named(TypeName::Float) => {
            s.insert("type".into(), json!("number"));
            s.insert("format".into(), json!("double"));
            range(&mut s);
        }
        ParamType::Named(TypeName::Limit) => {
            let mut number = Map::new();
            number.insert("type".into(), json!("integer"));
            number.insert("format".into(), json!("int64"));
            range(&mut number);
            s.insert("oneOf".into(), json!([Value::Object(number), { "type": "string", "enum": ["max"] }]));
        }
        ParamType::Named(_) => {
            s.insert("type".into(), json!("string"));
            if let Some(n) = p.maxchars {
                s.insert("maxLength".into(), json!(n));
            }
        }
    }
    s
}

/// A default as the value's schema reads it; none when it does not fit (a value outside the enum).
fn scalar_default(d: &Scalar, schema: &Map<String, Value>) -> Option<Value> {
    let text = d.to_string();
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.iter().any(|v| v.as_str() == Some(&text)).then(|| json!(text));
    }
    if schema.contains_key("oneOf") {
        // A limit: a number, or `max`.
        return match text.parse::<i64>() {
            Ok(n) => Some(json!(n)),
            Err(_) => (text == "max").then(|| json!(text)),
        };
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => text.parse::<i64>().ok().map(|n| json!(n)),
        Some("number") => text.parse::<f64>().ok().map(|n| json!(n)),
        Some("boolean") => None,
        _ => Some(json!(text)),
    }
}

/// A multi-valued default (`a|b`) as an array; the empty string is the empty list.
fn multi_default(d: &Scalar, item: &Map<String, Value>) -> Option<Value> {
    let text = d.to_string();
    if text.is_empty() {
        return Some(json!([]));
    }
    let values: Option<Vec<Value>> =
        text.split('|').map(|v| scalar_default(&Scalar::String(v.to_string()), item)).collect();
    values.map(Value::Array)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(yaml: &str) -> Parameter {
        serde_yaml::from_str(yaml).expect("a parameter")
    }

    #[test]
    fn limits_defaults_and_lists() {
        let limit = param("name: limit\ntype: limit\ndefault: 10\nmin: 1\nmax: 500\n");
        assert_eq!(
            parameter("aplimit", &limit, OpenApiOptions::default()),
            json!({"name": "aplimit", "in": "query", "schema": {
                "oneOf": [{"type": "integer", "format": "int64", "minimum": 1, "maximum": 500},
                          {"type": "string", "enum": ["max"]}],
                "default": 10}})
        );
        let list = param("name: prop\ntype: [ids, title]\ndefault: ids|title\nmulti: true\n");
        let form = OpenApiOptions { array_style: ArrayStyle::Form };
        assert_eq!(
            parameter("rvprop", &list, form),
            json!({"name": "rvprop", "in": "query", "style": "form", "explode": false, "schema": {
                "type": "array", "default": ["ids", "title"],
                "items": {"type": "string", "enum": ["ids", "title"]}}})
        );
        // A default the enum does not hold is left out rather than made invalid.
        let odd = param("name: dir\ntype: [newer, older]\ndefault: sideways\n");
        assert_eq!(
            parameter("dir", &odd, form)["schema"],
            json!({"type": "string", "enum": ["newer", "older"]})
        );
    }
}
