//! `action=paraminfo`, derived at run time from the spec tables.
//!
//! A module's [`ModuleSpec`] holds nearly everything paraminfo (`helpformat=none`) says about it.
//! What it does not hold comes from a compact side table that mwgen emits into the generated
//! `server.rs`, one [`ModuleInfo`] per module: the PHP class name, the source and its licence, the
//! help URLs after the first, and for the few parameters that need it a [`ParamInfo`] (a value list
//! the spec table checks as a plain string, submodule maps, internal values, `info` notes).
//!
//! `licenselink` is the one key that depends on where the wiki is: MediaWiki builds it from its own
//! `Special:Version` URL. The spec stores it relative to the wiki's server (`$wgServer`), and the
//! router puts the scheme and host of [`ServerOptions::api_url`](super::ServerOptions::api_url) in
//! front, as [`server_of`] gives them.

use super::ServerOptions;
use crate::spec::{ModuleSpec, ParamSpec, Type};
use serde_json::{Map, Value};

/// Where a group of modules comes from, as paraminfo says (`source`, `sourcename`, `licensetag`,
/// `licenselink`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// paraminfo's `source` (`MediaWiki`, an extension's name).
    pub source: Option<&'static str>,
    /// paraminfo's `sourcename`.
    pub name: Option<&'static str>,
    /// paraminfo's `licensetag` (`GPL-2.0-or-later`).
    pub license: Option<&'static str>,
    /// paraminfo's `licenselink`; a path (`/index.php/Special:Version/License/MediaWiki`) is relative
    /// to the server the router reports.
    pub link: Option<&'static str>,
}

/// What paraminfo says of a module beyond its [`ModuleSpec`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModuleInfo {
    /// The module's path (`block`, `query+allpages`), as in its spec.
    pub path: &'static str,
    /// The PHP class (`ApiBlock`).
    pub classname: &'static str,
    /// Where the module comes from.
    pub source: Option<&'static Source>,
    /// The help URLs after the first (which the spec holds as `help_url`).
    pub more_helpurls: &'static [&'static str],
    /// The parameters that need more than their [`ParamSpec`], by position.
    pub params: &'static [ParamInfo],
}

impl ModuleInfo {
    /// Module `path`, implemented by PHP class `classname`, with nothing else.
    pub const fn new(path: &'static str, classname: &'static str) -> ModuleInfo {
        ModuleInfo { path, classname, source: None, more_helpurls: &[], params: &[] }
    }

    /// Sets where the module comes from.
    pub const fn source(mut self, source: &'static Source) -> ModuleInfo {
        self.source = Some(source);
        self
    }

    /// Sets the help URLs after the first.
    pub const fn more_helpurls(mut self, urls: &'static [&'static str]) -> ModuleInfo {
        self.more_helpurls = urls;
        self
    }

    /// Sets the parameters that need more than their spec.
    pub const fn params(mut self, params: &'static [ParamInfo]) -> ModuleInfo {
        self.params = params;
        self
    }
}

/// What paraminfo says of one parameter beyond its [`ParamSpec`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamInfo {
    /// The parameter's position in [`ModuleSpec::params`].
    pub index: usize,
    /// The value list paraminfo shows as the type, when the spec table checks the parameter as a
    /// plain string (`generator`, and lists shown for help only).
    pub values: Option<&'static [&'static str]>,
    /// The module each value names (paraminfo's `submodules`).
    pub submodules: Option<Submodules>,
    /// paraminfo's `submoduleparamprefix` (`g` for generators).
    pub submodule_prefix: Option<&'static str>,
    /// paraminfo's `internalvalues`.
    pub internal_values: &'static [&'static str],
    /// paraminfo's `info` notes.
    pub info: &'static [Info],
}

impl ParamInfo {
    /// The parameter at position `index`, with nothing else.
    pub const fn at(index: usize) -> ParamInfo {
        ParamInfo {
            index,
            values: None,
            submodules: None,
            submodule_prefix: None,
            internal_values: &[],
            info: &[],
        }
    }

    /// Sets the value list shown as the type.
    pub const fn values(mut self, values: &'static [&'static str]) -> ParamInfo {
        self.values = Some(values);
        self
    }

    /// Each value names the module at `prefix` + value (`query+` for query's submodules).
    pub const fn submodules(mut self, prefix: &'static str) -> ParamInfo {
        self.submodules = Some(Submodules::Prefixed(prefix));
        self
    }

    /// Each value names the module the map gives: `(value, module path)`, in the value list's order.
    pub const fn submodule_map(mut self, map: &'static [(&'static str, &'static str)]) -> ParamInfo {
        self.submodules = Some(Submodules::Map(map));
        self
    }

    /// Sets `submoduleparamprefix`.
    pub const fn submodule_prefix(mut self, prefix: &'static str) -> ParamInfo {
        self.submodule_prefix = Some(prefix);
        self
    }

    /// Sets `internalvalues`.
    pub const fn internal_values(mut self, values: &'static [&'static str]) -> ParamInfo {
        self.internal_values = values;
        self
    }

    /// Sets the `info` notes.
    pub const fn info(mut self, info: &'static [Info]) -> ParamInfo {
        self.info = info;
        self
    }
}

/// The modules a submodule parameter's values name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submodules {
    /// Value `v` names module `{prefix}{v}`, for every value of the parameter's list.
    Prefixed(&'static str),
    /// `(value, module path)` pairs.
    Map(&'static [(&'static str, &'static str)]),
}

/// One `info` note of a parameter: a message name and its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    /// The note's name (`singlepageonly`, `modes`).
    pub name: &'static str,
    /// Its values, when it has any.
    pub values: Option<&'static [InfoValue]>,
}

impl Info {
    /// A note without values.
    pub const fn new(name: &'static str) -> Info {
        Info { name, values: None }
    }

    /// Sets the note's values.
    pub const fn values(mut self, values: &'static [InfoValue]) -> Info {
        self.values = Some(values);
        self
    }
}

/// One value of an `info` note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InfoValue {
    /// A number.
    Int(i64),
    /// A string.
    Str(&'static str),
}

/// The server part (`$wgServer`: scheme and host, with the port) of an api.php URL:
/// `http://127.0.0.1:8139` for `http://127.0.0.1:8139/w/api.php`.
pub fn server_of(api_url: &str) -> &str {
    let start = match api_url.find("://") {
        Some(i) => i + 3,
        None if api_url.starts_with("//") => 2,
        None => 0,
    };
    match api_url[start..].find('/') {
        Some(i) => &api_url[..start + i],
        None => api_url,
    }
}

/// `action=paraminfo`: the modules asked for (`modules=a|b`, `*`, `query+*`), in the order asked,
/// each once, with `helpformat=none`; `licenselink` paths are relative to the server of
/// [`ServerOptions::api_url`].
pub fn paraminfo(modules: &[&str], all: &[&ModuleSpec], infos: &[ModuleInfo], opts: &ServerOptions) -> Value {
    let server = server_of(&opts.api_url);
    let mut wanted: Vec<&ModuleSpec> = Vec::new();
    for m in modules {
        let picked = all.iter().filter(|s| match *m {
            "*" => !s.path.contains('+') && s.path != "main",
            "query+*" => s.path.starts_with("query+"),
            other => s.path == other,
        });
        for spec in picked {
            if !wanted.iter().any(|w| w.path == spec.path) {
                wanted.push(spec);
            }
        }
    }
    let out: Vec<Value> = wanted
        .into_iter()
        .map(|spec| module_json(spec, infos.iter().find(|i| i.path == spec.path), server))
        .collect();
    serde_json::json!({ "paraminfo": { "helpformat": "none", "modules": out } })
}

/// One module as paraminfo describes it (`helpformat=none`), keys in MediaWiki's order.
pub fn module_json(spec: &ModuleSpec, info: Option<&ModuleInfo>, server: &str) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), spec.name.into());
    o.insert("classname".into(), info.map_or("", |i| i.classname).into());
    o.insert("path".into(), spec.path.into());
    if !spec.group.is_empty() {
        o.insert("group".into(), spec.group.into());
    }
    o.insert("prefix".into(), spec.prefix.into());
    if let Some(s) = info.and_then(|i| i.source) {
        put(&mut o, "source", s.source);
        put(&mut o, "sourcename", s.name);
        put(&mut o, "licensetag", s.license);
        if let Some(link) = s.link {
            let absolute = link.starts_with('/') && !link.starts_with("//");
            let link = if absolute { format!("{server}{link}") } else { link.to_string() };
            o.insert("licenselink".into(), link.into());
        }
    }
    let f = spec.flags;
    for (key, set) in [
        ("deprecated", f.deprecated),
        ("internal", f.internal),
        ("readrights", f.readrights),
        ("writerights", f.writerights),
        ("mustbeposted", f.mustbeposted),
        ("generator", f.generator),
    ] {
        flag(&mut o, key, set);
    }
    let more = info.map_or(&[][..], |i| i.more_helpurls);
    let urls: Vec<Value> = spec.help_url.into_iter().chain(more.iter().copied()).map(Value::from).collect();
    o.insert("helpurls".into(), Value::Array(urls));
    let (mut plain, mut templated) = (Vec::new(), Vec::new());
    for (i, p) in spec.params.iter().enumerate() {
        let extra = info.and_then(|m| m.params.iter().find(|x| x.index == i));
        let v = param_json(spec, i, p, extra);
        if p.template.is_some() {
            templated.push(v)
        } else {
            plain.push(v)
        }
    }
    o.insert("parameters".into(), Value::Array(plain));
    o.insert("templatedparameters".into(), Value::Array(templated));
    flag(&mut o, "dynamicparameters", spec.dynamic_params);
    Value::Object(o)
}

fn param_json(spec: &ModuleSpec, i: usize, p: &ParamSpec, extra: Option<&ParamInfo>) -> Value {
    let mut o = Map::new();
    o.insert("index".into(), (i + 1).into());
    o.insert("name".into(), p.name.into());
    if let Some(t) = p.template {
        let mut vars = Map::new();
        vars.insert(t.var.into(), t.source.into());
        o.insert("templatevars".into(), Value::Object(vars));
    }
    let listed = extra.and_then(|x| x.values);
    let values = listed.or(match p.ty {
        Type::Enum { values, .. } | Type::Tags { values } => Some(values),
        _ => None,
    });
    o.insert("type".into(), values.map_or_else(|| p.ty.name().into(), strings));
    o.insert("required".into(), p.required.into());
    flag(&mut o, "deprecated", p.deprecated);
    flag(&mut o, "sensitive", p.sensitive);
    if let Some(d) = p.default {
        let numeric = matches!(p.ty, Type::Integer { .. } | Type::Limit { .. } | Type::Namespace { .. });
        let v = match d.parse::<i64>() {
            Ok(n) if numeric => n.into(),
            _ => d.into(),
        };
        o.insert("default".into(), v);
    }
    o.insert("multi".into(), p.multi.is_some().into());
    if let Some(m) = p.multi {
        o.insert("lowlimit".into(), m.limit.into());
        o.insert("highlimit".into(), m.high_limit.into());
        o.insert("limit".into(), m.limit.into());
        flag(&mut o, "allowsduplicates", m.duplicates);
        put(&mut o, "allspecifier", m.all);
    }
    match p.ty {
        Type::Integer { min, max, high_max } => {
            put(&mut o, "min", min);
            put(&mut o, "max", max);
            put(&mut o, "highmax", high_max);
        }
        Type::Limit { min, max, high_max } => {
            put(&mut o, "min", Some(min));
            put(&mut o, "max", Some(max));
            put(&mut o, "highmax", Some(high_max));
        }
        Type::String { max_bytes, max_chars } => {
            put(&mut o, "maxbytes", max_bytes);
            put(&mut o, "maxchars", max_chars);
        }
        Type::User { subtypes } if !subtypes.is_empty() => {
            o.insert("subtypes".into(), strings(subtypes));
        }
        Type::Title { must_exist } => {
            o.insert("mustExist".into(), must_exist.into());
        }
        Type::Namespace { extra } if !extra.is_empty() => {
            o.insert("extranamespaces".into(), extra.iter().copied().map(Value::from).collect());
        }
        _ => {}
    }
    if let Some(x) = extra {
        match (x.submodules, values) {
            (Some(Submodules::Prefixed(prefix)), Some(values)) => {
                let map = values.iter().map(|v| (v.to_string(), format!("{prefix}{v}").into())).collect();
                o.insert("submodules".into(), Value::Object(map));
            }
            (Some(Submodules::Map(pairs)), _) => {
                let map = pairs.iter().map(|(v, path)| (v.to_string(), (*path).into())).collect();
                o.insert("submodules".into(), Value::Object(map));
            }
            _ => {}
        }
        put(&mut o, "submoduleparamprefix", x.submodule_prefix);
    }
    if let Type::Enum { deprecated, .. } = p.ty {
        if !deprecated.is_empty() {
            o.insert("deprecatedvalues".into(), strings(deprecated));
        }
    }
    if let Some(x) = extra.filter(|x| !x.internal_values.is_empty()) {
        o.insert("internalvalues".into(), strings(x.internal_values));
    }
    if p.name == "token" {
        put(&mut o, "tokentype", spec.token);
    }
    if let Some(x) = extra.filter(|x| !x.info.is_empty()) {
        o.insert("info".into(), x.info.iter().map(info_json).collect());
    }
    Value::Object(o)
}

fn info_json(i: &Info) -> Value {
    let mut x = Map::new();
    x.insert("name".into(), i.name.into());
    if let Some(values) = i.values {
        let values = values.iter().map(|v| match *v {
            InfoValue::Int(n) => Value::from(n),
            InfoValue::Str(s) => Value::from(s),
        });
        x.insert("values".into(), values.collect());
    }
    Value::Object(x)
}

fn strings(values: &[&str]) -> Value {
    values.iter().copied().map(Value::from).collect()
}

fn put<T: Into<Value>>(o: &mut Map<String, Value>, key: &str, v: Option<T>) {
    if let Some(v) = v {
        o.insert(key.into(), v.into());
    }
}

fn flag(o: &mut Map<String, Value>, key: &str, set: bool) {
    if set {
        o.insert(key.into(), Value::Bool(true));
    }
}

#[cfg(test)]
mod tests {
    use super::server_of;

    #[test]
    fn the_server_is_the_scheme_and_host_of_the_api_url() {
        assert_eq!(server_of("http://127.0.0.1:8139/api.php"), "http://127.0.0.1:8139");
        assert_eq!(server_of("https://example.org/w/api.php"), "https://example.org");
        assert_eq!(server_of("https://example.org"), "https://example.org");
        assert_eq!(server_of("//example.org/w/api.php"), "//example.org");
    }
}
