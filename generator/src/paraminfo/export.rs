//! Spec → paraminfo JSON in MediaWiki's formatversion=2 shape.

use crate::spec::{HelpFormat, Module, ParamType, Parameter, Scalar, Spec, WikiInfo};
use serde_json::{json, Map, Value};

/// How to export: which help format, and whether the asker has high limits (`apihighlimits`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions {
    pub helpformat: HelpFormat,
    pub high_limits: bool,
}

/// The whole answer: `{"paraminfo":{"helpformat":…,"modules":[…]}}`, modules in the wiki's order.
pub fn export(spec: &Spec, opts: ExportOptions) -> Value {
    let modules: Vec<Value> =
        spec.modules_in_wiki_order().into_iter().map(|m| module_json(m, &spec.wiki, opts)).collect();
    json!({ "paraminfo": { "helpformat": opts.helpformat.as_str(), "modules": modules } })
}

/// One module as paraminfo describes it, keys in MediaWiki's order.
pub fn module_json(m: &Module, wiki: &WikiInfo, opts: ExportOptions) -> Value {
    let text = opts.helpformat != HelpFormat::None;
    let mut o = Map::new();
    o.insert("name".into(), json!(m.name));
    o.insert("classname".into(), json!(m.classname));
    o.insert("path".into(), json!(m.path));
    if let Some(g) = &m.group {
        o.insert("group".into(), json!(g));
    }
    o.insert("prefix".into(), json!(m.prefix));
    put(&mut o, "source", &m.source);
    put(&mut o, "sourcename", &m.sourcename);
    put(&mut o, "licensetag", &m.licensetag);
    if let Some(link) = &m.licenselink {
        o.insert("licenselink".into(), json!(absolute_link(link, &wiki.server)));
    }
    if text {
        put(&mut o, "description", &m.description);
    }
    for (flag, set) in [
        ("deprecated", m.deprecated),
        ("internal", m.internal),
        ("readrights", m.readrights),
        ("writerights", m.writerights),
        ("mustbeposted", m.mustbeposted),
        ("generator", m.generator),
    ] {
        if set {
            o.insert(flag.into(), json!(true));
        }
    }
    o.insert("helpurls".into(), json!(m.helpurls));
    if text {
        let examples: Vec<Value> = m
            .examples
            .iter()
            .flatten()
            .map(|e| {
                let mut x = Map::new();
                x.insert("query".into(), json!(e.query));
                put(&mut x, "description", &e.description);
                Value::Object(x)
            })
            .collect();
        o.insert("examples".into(), Value::Array(examples));
    }
    let mut plain = Vec::new();
    let mut templated = Vec::new();
    for (i, p) in m.parameters.iter().enumerate() {
        let v = parameter_json(i + 1, p, opts);
        if p.is_templated() {
            templated.push(v);
        } else {
            plain.push(v);
        }
    }
    o.insert("parameters".into(), Value::Array(plain));
    o.insert("templatedparameters".into(), Value::Array(templated));
    if let Some(d) = &m.dynamicparameters {
        let v = match (text, d) {
            (true, crate::spec::DynamicParameters::Text(t)) => json!(t),
            _ => json!(true),
        };
        o.insert("dynamicparameters".into(), v);
    }
    Value::Object(o)
}

fn parameter_json(index: usize, p: &Parameter, opts: ExportOptions) -> Value {
    let text = opts.helpformat != HelpFormat::None;
    let mut o = Map::new();
    o.insert("index".into(), json!(index));
    o.insert("name".into(), json!(p.name));
    if let Some(t) = &p.templatevars {
        o.insert("templatevars".into(), json!(t));
    }
    if text {
        put(&mut o, "description", &p.description);
    }
    let ty = match &p.ty {
        ParamType::Named(t) => json!(t.as_str()),
        ParamType::Values(v) => json!(v),
    };
    o.insert("type".into(), ty);
    o.insert("required".into(), json!(p.required));
    flag(&mut o, "deprecated", p.deprecated);
    flag(&mut o, "sensitive", p.sensitive);
    if let Some(d) = &p.default {
        o.insert("default".into(), scalar(d));
    }
    o.insert("multi".into(), json!(p.multi));
    if let (Some(lo), Some(hi)) = (p.lowlimit, p.highlimit) {
        o.insert("lowlimit".into(), json!(lo));
        o.insert("highlimit".into(), json!(hi));
        o.insert("limit".into(), json!(if opts.high_limits && hi > lo { hi } else { lo }));
    }
    flag(&mut o, "allowsduplicates", p.allowsduplicates);
    put(&mut o, "allspecifier", &p.allspecifier);
    put(&mut o, "min", &p.min);
    put(&mut o, "max", &p.max);
    put(&mut o, "highmax", &p.highmax);
    put(&mut o, "maxbytes", &p.maxbytes);
    put(&mut o, "maxchars", &p.maxchars);
    put(&mut o, "subtypes", &p.subtypes);
    put(&mut o, "mustExist", &p.must_exist);
    put(&mut o, "extranamespaces", &p.extranamespaces);
    if let Some(s) = &p.submodules {
        o.insert("submodules".into(), json!(s));
    }
    put(&mut o, "submoduleparamprefix", &p.submoduleparamprefix);
    put(&mut o, "deprecatedvalues", &p.deprecatedvalues);
    put(&mut o, "internalvalues", &p.internalvalues);
    put(&mut o, "tokentype", &p.tokentype);
    if let Some(info) = &p.info {
        let items: Vec<Value> = info
            .iter()
            .map(|i| {
                let mut x = Map::new();
                x.insert("name".into(), json!(i.name));
                if let Some(v) = &i.values {
                    x.insert("values".into(), Value::Array(v.iter().map(scalar).collect()));
                }
                if text {
                    put(&mut x, "text", &i.text);
                }
                Value::Object(x)
            })
            .collect();
        o.insert("info".into(), Value::Array(items));
    }
    Value::Object(o)
}

fn put<T: serde::Serialize>(o: &mut Map<String, Value>, key: &str, v: &Option<T>) {
    if let Some(v) = v {
        o.insert(key.into(), json!(v));
    }
}

fn flag(o: &mut Map<String, Value>, key: &str, set: bool) {
    if set {
        o.insert(key.into(), json!(true));
    }
}

fn scalar(s: &Scalar) -> Value {
    match s {
        Scalar::Integer(i) => json!(i),
        Scalar::String(s) => json!(s),
    }
}

/// A stored link made absolute again: paths (`/index.php/…`) get the wiki's server in front.
pub fn absolute_link(link: &str, server: &str) -> String {
    if link.starts_with('/') && !link.starts_with("//") {
        format!("{server}{link}")
    } else {
        link.to_string()
    }
}
