//! Requests built from a fixture's spec tables alone: where each module is reached (`action=…`,
//! `list=…`, `generator=…` with its `g` prefix), a valid value for each parameter, and the names
//! that are close to a parameter's but wrong. The behaviour tests read only these and what
//! decoding gives, never the generated code's internals.

use crate::{Fixture, Outcome};
use mwgen_runtime::spec::Rule;
use mwgen_runtime::{ModuleSpec, ParamSpec, Params, Type, Upload};

/// One way a request reaches a module: the parameters that select it, and every module decoded on
/// the way, each with the outer prefix its parameters take.
#[derive(Debug, Clone)]
pub struct Placement {
    /// The module reached.
    pub module: &'static ModuleSpec,
    /// The prefix before the module's own (`g` when it is used as a generator).
    pub outer: &'static str,
    /// The parameters that select it (`action=query`, `generator=allpages`).
    pub select: Vec<(String, String)>,
    /// The modules decoded, from main to [`module`](Self::module), each with its outer prefix.
    pub chain: Vec<(&'static ModuleSpec, &'static str)>,
}

impl Placement {
    /// How the placement reads in a failure message (`query+allpages as generator`).
    pub fn label(&self) -> String {
        let how = if self.outer.is_empty() {
            String::new()
        } else {
            format!(" with outer prefix `{}`", self.outer)
        };
        format!("{}{how}", self.module.path)
    }

    /// `param`'s name on the wire here: outer prefix, module prefix, name (`gapfrom`).
    pub fn wire_name(&self, param: &ParamSpec) -> String {
        format!("{}{}{}", self.outer, self.module.prefix, param.name)
    }

    /// Every name a parameter of a module on the way has here (templated ones left out).
    pub fn known_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.select.iter().map(|(n, _)| n.clone()).collect();
        for (m, outer) in &self.chain {
            for p in m.params.iter().filter(|p| p.template.is_none()) {
                names.push(format!("{outer}{}{}", m.prefix, p.name));
            }
        }
        names
    }

    /// A request that selects the module and gives every required parameter on the way, but
    /// `except` (a parameter of the module itself).
    pub fn base_request(&self, except: Option<&ParamSpec>) -> Request {
        let mut r = Request::default();
        for (n, v) in &self.select {
            r.pairs.push((n.clone(), Sample::Text(v.clone())));
        }
        for (m, outer) in &self.chain {
            for p in m.params.iter().filter(|p| p.required && p.template.is_none()) {
                let own = std::ptr::eq(*m, self.module) && except.is_some_and(|e| e.name == p.name);
                if own {
                    continue;
                }
                if let Some(s) = sample(p) {
                    r.pairs.push((format!("{outer}{}{}", m.prefix, p.name), s));
                }
            }
            // What the module's own checks need: a member of each group that needs one (unless
            // `except` is that member), the parameter that another one goes with.
            let own = std::ptr::eq(*m, self.module);
            let giving = |name: &str| own && except.is_some_and(|e| e.name == name);
            for c in m.constraints {
                let needed = match c.rule {
                    Rule::OnlyOne | Rule::AtLeastOne if !c.params.iter().any(|p| giving(p)) => {
                        c.params.first()
                    }
                    Rule::MustUseWith if giving(c.params[0]) => c.params.get(1),
                    _ => None,
                };
                let Some(p) = needed.and_then(|n| m.params.iter().find(|p| p.name == *n)) else { continue };
                if let Some(s) = sample(p) {
                    r.set(format!("{outer}{}{}", m.prefix, p.name), s);
                }
            }
        }
        r
    }

    /// The request giving `param` a valid value under its wire name (and, for a templated
    /// parameter, the value that fills its placeholder), with the wire name it was given as.
    pub fn request_for(&self, param: &'static ParamSpec) -> Option<(Request, String)> {
        let value = sample(param)?;
        let mut r = self.base_request(Some(param));
        let wire = match param.template {
            None => self.wire_name(param),
            Some(t) => {
                let source = self.module.params.iter().find(|p| p.name == t.source)?;
                let Sample::Text(fill) = sample(source)? else { return None };
                r.set(
                    format!("{}{}{}", self.outer, self.module.prefix, t.source),
                    Sample::Text(fill.clone()),
                );
                self.wire_name(param).replace(&format!("{{{}}}", t.var), &fill)
            }
        };
        r.set(wire.clone(), value);
        Some((r, wire))
    }
}

/// Every way `module` of `fixture` is reached: main as itself, an action module by `action=`, a
/// query submodule by its group's parameter (`list=`) and, where it is a generator, by
/// `generator=` with the `g` prefix.
pub fn placements(fixture: &Fixture, module: &'static ModuleSpec) -> Vec<Placement> {
    let main = fixture.modules.iter().copied().find(|m| m.path == "main");
    let Some(main) = main else { return Vec::new() };
    if module.path == "main" {
        return vec![Placement { module, outer: "", select: Vec::new(), chain: vec![(main, "")] }];
    }
    let Some((parent_path, name)) = module.path.rsplit_once('+') else {
        let select = vec![("action".to_string(), module.name.to_string())];
        return vec![Placement { module, outer: "", select, chain: vec![(main, ""), (module, "")] }];
    };
    let Some(parent) = fixture.modules.iter().copied().find(|m| m.path == parent_path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in parent.params {
        let by_group =
            matches!(p.ty, Type::Enum { values, .. } if p.name == module.group && values.contains(&name));
        // The generator parameter's table types it as a string: membership is the module's flag.
        let by_generator = p.name == "generator" && module.flags.generator;
        if !by_group && !by_generator {
            continue;
        }
        let outer = if by_generator { "g" } else { "" };
        let select = vec![
            ("action".to_string(), parent.name.to_string()),
            (format!("{}{}", parent.prefix, p.name), name.to_string()),
        ];
        out.push(Placement { module, outer, select, chain: vec![(main, ""), (parent, ""), (module, outer)] });
    }
    out
}

/// Whether `param` of `module` picks a submodule (main's `action`, query's `list`, `generator`, …).
/// Every placement of the modules it picks gives it, with the picked module's required parameters.
pub fn selects(fixture: &Fixture, module: &ModuleSpec, param: &ParamSpec) -> bool {
    if module.path == "main" {
        return param.name == "action";
    }
    let children = format!("{}+", module.path);
    fixture
        .modules
        .iter()
        .filter(|m| m.path.starts_with(&children))
        .any(|m| m.group == param.name || param.name == "generator")
}

/// A value as sent: text, or a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Sample {
    /// A form value.
    Text(String),
    /// A file, sent as multipart/form-data.
    File,
}

/// A request being built: names and values in order.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The pairs, in the order they are sent.
    pub pairs: Vec<(String, Sample)>,
}

impl Request {
    /// Gives `name` this value, replacing an earlier one.
    pub fn set(&mut self, name: String, value: Sample) {
        self.pairs.retain(|(n, _)| *n != name);
        self.pairs.push((name, value));
    }

    /// The request as the decoder reads it.
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        for (name, value) in &self.pairs {
            match value {
                Sample::Text(v) => p.add(name, v),
                Sample::File => p.push_upload(name, Upload::new("fixture.txt", b"fixture".to_vec())),
            }
        }
        p
    }

    /// Decodes the request through `fixture`'s main module.
    pub fn decode(&self, fixture: &Fixture) -> Outcome {
        (fixture.decode)(&self.params())
    }

    /// The request as a query string, for failure messages.
    pub fn show(&self) -> String {
        let text: Vec<String> = self
            .pairs
            .iter()
            .map(|(n, v)| match v {
                Sample::Text(v) => format!("{n}={v}"),
                Sample::File => format!("{n}=<file>"),
            })
            .collect();
        text.join("&")
    }
}

/// A valid value of `param`: the first allowed value that is not deprecated, a number inside the
/// bounds, a user name of a kind the parameter takes… `None` for a tag list with no tags.
pub fn sample(param: &ParamSpec) -> Option<Sample> {
    let text = match param.ty {
        Type::String { .. } | Type::Text | Type::Raw | Type::Password => "x".to_string(),
        Type::Integer { min, max, .. } => 1i64.max(min.unwrap_or(1)).min(max.unwrap_or(i64::MAX)).to_string(),
        Type::Limit { min, max, .. } => 1i64.max(min).min(max).to_string(),
        Type::Float => "1.5".to_string(),
        Type::Boolean => String::new(),
        Type::Timestamp => "2024-01-02T03:04:05Z".to_string(),
        Type::Expiry => "infinite".to_string(),
        Type::User { subtypes } => {
            let takes = |kind: &str| subtypes.is_empty() || subtypes.contains(&kind);
            match () {
                _ if takes("name") => "Example".to_string(),
                _ if takes("ip") => "127.0.0.1".to_string(),
                _ => "#1".to_string(),
            }
        }
        Type::Title { .. } => "Main Page".to_string(),
        Type::Namespace { .. } => "0".to_string(),
        Type::Upload => return Some(Sample::File),
        Type::Enum { values, deprecated } => {
            (*values.iter().find(|v| !v.is_empty() && !deprecated.contains(*v))?).to_string()
        }
        Type::Tags { values } => (*values.first()?).to_string(),
    };
    Some(Sample::Text(text))
}

/// Names one edit away from `wire` (a letter more, a letter less, a letter changed, another case)
/// and the name without the module's prefixes or with a generator's: none of them is the
/// parameter's. Names some parameter on the way does have are left out.
pub fn near_misses(placement: &Placement, param: &ParamSpec) -> Vec<String> {
    let wire = placement.wire_name(param);
    let prefixes = placement.outer.len() + placement.module.prefix.len();
    let mut out =
        vec![format!("{wire}x"), format!("x{wire}"), wire[..wire.len() - 1].to_string(), wire.to_uppercase()];
    if let Some(first) = param.name.chars().next() {
        let other = if first == 'q' { 'z' } else { 'q' };
        out.push(format!("{}{other}{}", &wire[..prefixes], &param.name[first.len_utf8()..]));
    }
    if prefixes > 0 {
        out.push(param.name.to_string());
    }
    if placement.outer.is_empty() {
        out.push(format!("g{wire}"));
    } else {
        out.push(wire[placement.outer.len()..].to_string());
    }
    let known = placement.known_names();
    out.sort();
    out.dedup();
    out.retain(|n| !n.is_empty() && *n != wire && !known.contains(n));
    out
}
