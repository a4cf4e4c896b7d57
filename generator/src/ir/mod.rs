//! The IR: the spec resolved into what Rust code needs — names decided, types chosen, shared enums
//! found, validation order fixed. Emitters read only this.

mod enums;
use enums::{not_generators, reexports};
mod order;
use order::{decode_order, page_refs};
pub mod names;
pub mod response;
pub(crate) mod server;

use crate::spec::{ConstraintRule, Module, ParamType, Parameter, Scalar, Spec, TypeName};
use std::collections::{BTreeMap, BTreeSet};

/// Everything to generate, in a deterministic order.
#[derive(Debug, Clone)]
pub struct Ir {
    /// By module path.
    pub modules: Vec<ModuleIr>,
    /// By name.
    pub enums: Vec<EnumIr>,
    /// Enums of submodule requests (`Action`, `Prop`, `List`, `Meta`, `Generator`, `Format`).
    pub submodule_sets: Vec<SubmoduleSetIr>,
    /// Query submodules that cannot be used as a generator (`generator=info` is another error
    /// than `generator=bogus`), by name.
    pub not_generators: Vec<String>,
    /// The shared enums (those in `enums`) that each group's modules use, re-exported beside the
    /// modules' structs so that `list::DirNewerOlder` is found where `list::Allpages` is.
    pub reexports: BTreeMap<Group, Vec<usize>>,
    /// The server's methods, dispatch and paraminfo side table.
    pub(crate) server: server::ServerIr,
    /// The response types.
    pub responses: response::ResponseIr,
}

/// The Rust module a group's modules live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    Main,
    Action,
    Format,
    Prop,
    List,
    Meta,
}

impl Group {
    pub const ALL: [Group; 6] =
        [Group::Main, Group::Action, Group::Format, Group::Prop, Group::List, Group::Meta];

    pub fn from_spec(g: Option<&str>) -> Option<Group> {
        Some(match g {
            None => Group::Main,
            Some("action") => Group::Action,
            Some("format") => Group::Format,
            Some("prop") => Group::Prop,
            Some("list") => Group::List,
            Some("meta") => Group::Meta,
            Some(_) => return None,
        })
    }

    /// The Rust module (and the spec folder) name.
    pub fn module_name(self) -> &'static str {
        match self {
            Group::Main => "main",
            Group::Action => "action",
            Group::Format => "format",
            Group::Prop => "prop",
            Group::List => "list",
            Group::Meta => "meta",
        }
    }

    /// The spec's group string (empty for main).
    pub fn spec_name(self) -> &'static str {
        match self {
            Group::Main => "",
            g => g.module_name(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ModuleIr {
    pub path: String,
    pub name: String,
    pub group: Group,
    pub prefix: String,
    /// The struct's name (`Block`, `Allpages`).
    pub type_name: String,
    /// The file stem (`block`, `allpages`).
    pub file: String,
    pub description: Option<String>,
    pub flags: Flags,
    pub token: Option<String>,
    pub help_url: Option<String>,
    pub dynamic_params: bool,
    pub params: Vec<ParamIr>,
    /// Indexes into `params`, in the order MediaWiki validates them.
    pub decode_order: Vec<DecodeStep>,
    /// The module's own checks of groups of parameters and of rights, in the order it makes them
    /// (the spec's `constraints`, but for enforced ranges, which are [`ParamIr::enforce_range`]).
    pub constraints: Vec<crate::spec::Constraint>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    pub readrights: bool,
    pub writerights: bool,
    pub mustbeposted: bool,
    pub generator: bool,
    pub internal: bool,
    pub deprecated: bool,
}

/// One step of a module's decode: a parameter, or "stop here if a parameter failed".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeStep {
    Param(usize),
    /// Throw the first error recorded so far (MediaWiki validates a module's parameters as a block).
    Check,
    /// Decode the submodule requests a submodule parameter named.
    Submodules(usize),
    /// Run the checks MediaWiki makes before a module executes (tokens, POST): a module other than
    /// `query` validates its page set only when it executes.
    BeforeExecute,
}

#[derive(Debug, Clone)]
pub struct ParamIr {
    /// The spec's name (`from`, `fromtext-{slot}`).
    pub name: String,
    pub field: String,
    pub description: Option<String>,
    pub kind: FieldKind,
    /// The parameter's wire type as the runtime sees it.
    pub wire: WireType,
    pub required: bool,
    pub default: Option<String>,
    pub multi: Option<MultiIr>,
    pub sensitive: bool,
    pub deprecated: bool,
    pub deprecated_values: Vec<String>,
    pub template: Option<(String, String)>,
    pub tokentype: Option<String>,
    /// One of ApiPageSet's parameters (titles, pageids, revids, generator, redirects, converttitles).
    pub pageset: bool,
    /// For a list parameter: the templated parameters whose map keys the client adds to it
    /// (`fromslots` takes the slots `fromtext-{slot}` is given for), by position in the module.
    pub filled_by: Vec<usize>,
    /// Out of range is an error, not a clamp (an `enforce-range` constraint names it).
    pub enforce_range: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiIr {
    pub limit: u32,
    pub high_limit: u32,
    /// The all-specifier (`*`), when the parameter takes one.
    pub all: Option<String>,
    pub duplicates: bool,
}

/// How a parameter is held in the request struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// A presence boolean.
    Flag,
    /// One value; `required` ones are constructor arguments.
    Single { value: ValueType, required: bool },
    /// A list (`a|b|c`), with the all-specifier when `all`.
    Multi { value: ValueType, all: bool },
    /// A map from the source parameter's values to this parameter's value.
    Templated { key: ValueType, value: ValueType, source: usize },
    /// A file.
    Upload,
    /// Picks submodule requests (`action`, `prop`, `list`, `meta`, `format`).
    Submodule { set: usize, multi: bool },
    /// `generator`: a string at validation time, resolved to a generator request afterwards.
    Generator { set: usize },
    /// A page's title parameter, whose field ([`rt::PageRef`]) holds the page id parameter `id`
    /// (the next one) too: the module takes exactly one of the two (`page_refs`). A constructor
    /// argument.
    PageRef { id: usize },
    /// The page id parameter of the title parameter `title` (the one before), which holds it.
    PageRefId { title: usize },
}

/// The Rust type of one value.
impl FieldKind {
    /// The enums the parameter's values take, as its value, its list's items or a map's key and
    /// value, by index into [`Ir::enums`].
    pub fn enums(&self) -> Vec<usize> {
        let values: Vec<&ValueType> = match self {
            FieldKind::Single { value, .. } | FieldKind::Multi { value, .. } => vec![value],
            FieldKind::Templated { key, value, .. } => vec![key, value],
            _ => Vec::new(),
        };
        values.into_iter().filter_map(|v| if let ValueType::Enum(i) = v { Some(*i) } else { None }).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueType {
    String,
    Secret,
    Title,
    User,
    Timestamp,
    Expiry,
    Namespace,
    Integer,
    Limit,
    Float,
    Enum(usize),
}

/// The runtime's `Type` for a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireType {
    String { max_bytes: Option<u64>, max_chars: Option<u64> },
    Text,
    Raw,
    Password,
    Integer { min: Option<i64>, max: Option<i64>, high_max: Option<i64> },
    Limit { min: i64, max: i64, high_max: i64 },
    Float,
    Boolean,
    Timestamp,
    Expiry,
    User { subtypes: Vec<String> },
    Title { must_exist: bool },
    Namespace { extra: Vec<i64> },
    Upload,
    Enum { values: Vec<String>, deprecated: Vec<String>, submodule_prefix: Option<String> },
    Tags { values: Vec<String> },
}

#[derive(Debug, Clone)]
pub struct EnumIr {
    pub name: String,
    pub values: Vec<String>,
    pub variants: Vec<String>,
    /// Deprecated values, each with the parameters (module path, name) that deprecate it.
    pub deprecated: BTreeMap<String, BTreeSet<(String, String)>>,
    /// The parameters (module path, name) that take it: a value set is one enum, whatever the
    /// parameters are called (`contentformat`, `fromcontentformat-{slot}`).
    pub params: BTreeSet<(String, String)>,
    /// Module paths whose parameters use it.
    pub used_by: BTreeSet<String>,
}

impl EnumIr {
    /// Where the enum is emitted: in its only module's file, or in the shared `enums` module.
    pub fn home(&self) -> Option<&str> {
        match self.used_by.len() {
            1 => self.used_by.iter().next().map(String::as_str),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SubmoduleSetIr {
    pub name: String,
    /// Submodule name → module path.
    pub members: Vec<(String, String)>,
    /// The prefix their parameters take in this position (`g` for generators).
    pub outer: String,
}

/// Parameters that ApiPageSet declares on the modules that embed it.
const PAGESET_PARAMS: &[&str] = &["titles", "pageids", "revids", "generator", "redirects", "converttitles"];

/// Parameters whose value list paraminfo shows for help only: the module declares them as plain
/// strings when validating (`GET_VALUES_FOR_HELP`) and checks values itself (`leaction` gives
/// `unknown_leaction`, not `badvalue`). paraminfo cannot say so, hence this list.
const HELP_ONLY_VALUES: &[(&str, &str)] = &[("query+logevents", "action")];

fn help_only(module: &Module, p: &Parameter) -> bool {
    HELP_ONLY_VALUES.contains(&(module.path.as_str(), p.name.as_str()))
}

/// Parameters whose value list is the wiki's change tags (TagsDef): paraminfo shows them as plain
/// value lists, so they are recognized by name.
fn is_tags_param(module: &Module, p: &Parameter) -> bool {
    matches!(p.ty, ParamType::Values(_)) && (p.name == "tags" || (module.path == "tag" && p.name == "add"))
}

/// Errors that make a spec impossible to generate from (lint catches most before this).
#[derive(Debug, thiserror::Error)]
#[error("module `{module}`, parameter `{param}`: {message}")]
pub struct IrError {
    pub module: String,
    pub param: String,
    pub message: String,
}

impl Ir {
    /// Resolves `spec`, restricted to `selection` (module paths) when given; a selected module's
    /// submodule parameters keep only selected submodules.
    pub fn build(spec: &Spec, selection: Option<&BTreeSet<String>>) -> Result<Ir, IrError> {
        let chosen: Vec<&Module> =
            spec.modules.values().filter(|m| selection.is_none_or(|s| s.contains(&m.path))).collect();
        let mut b = Builder {
            spec,
            chosen: chosen.iter().map(|m| m.path.clone()).collect(),
            enum_index: BTreeMap::new(),
            enums: Vec::new(),
            sets: Vec::new(),
        };
        b.collect_enums(&chosen);
        let modules = chosen.iter().map(|m| b.module(m)).collect::<Result<Vec<_>, _>>()?;
        let enums = b.finish_enums();
        let not_generators = not_generators(&modules, &b.sets);
        let reexports = reexports(&modules, &enums);
        let server = server::ServerIr::build(&chosen, &modules, &b.sets);
        let mut taken: BTreeMap<Group, BTreeSet<String>> = BTreeMap::new();
        for m in &modules {
            taken.entry(m.group).or_default().insert(m.type_name.clone());
        }
        for e in &enums {
            for path in &e.used_by {
                if let Some(m) = modules.iter().find(|m| &m.path == path) {
                    taken.entry(m.group).or_default().insert(e.name.clone());
                }
            }
        }
        let responses = response::build(spec, &modules, &taken);
        Ok(Ir { modules, enums, submodule_sets: b.sets, not_generators, reexports, server, responses })
    }

    pub fn module(&self, path: &str) -> Option<&ModuleIr> {
        self.modules.iter().find(|m| m.path == path)
    }
}

struct Builder<'a> {
    spec: &'a Spec,
    chosen: BTreeSet<String>,
    /// Values → enum index.
    enum_index: BTreeMap<Vec<String>, usize>,
    enums: Vec<EnumIr>,
    sets: Vec<SubmoduleSetIr>,
}

impl<'a> Builder<'a> {
    fn submodule_set(&mut self, p: &Parameter) -> usize {
        let subs = p.submodules.clone().unwrap_or_default();
        let members: Vec<(String, String)> =
            subs.into_iter().filter(|(_, path)| self.chosen.contains(path)).collect();
        let outer = p.submoduleparamprefix.clone().unwrap_or_default();
        if let Some(i) = self.sets.iter().position(|s| s.members == members && s.outer == outer) {
            return i;
        }
        let mut name = names::type_name(&p.name);
        while self.sets.iter().any(|s| s.name == name) {
            name.push('_');
        }
        self.sets.push(SubmoduleSetIr { name, members, outer });
        self.sets.len() - 1
    }

    fn module(&mut self, m: &Module) -> Result<ModuleIr, IrError> {
        let group = Group::from_spec(m.group.as_deref()).ok_or_else(|| IrError {
            module: m.path.clone(),
            param: String::new(),
            message: format!("unknown group `{}`", m.group.as_deref().unwrap_or_default()),
        })?;
        let has_pageset =
            m.parameters.iter().any(|p| p.name == "generator" && p.submoduleparamprefix.is_some());
        let mut params = Vec::new();
        for p in &m.parameters {
            params.push(self.param(m, p, has_pageset)?);
        }
        let mut fields: Vec<String> = params.iter().map(|p: &ParamIr| p.field.clone()).collect();
        names::dedupe(&mut fields);
        for (p, f) in params.iter_mut().zip(fields) {
            p.field = f;
        }
        // A templated map's keys are sent in its source list too, so the list fills from the maps.
        // Only plain lists are filled: a list with an all-value (`*`) is sent as the caller set it.
        for i in 0..params.len() {
            if matches!(params[i].kind, FieldKind::Multi { all: false, .. }) {
                params[i].filled_by = (0..params.len())
                    .filter(|&j| matches!(params[j].kind, FieldKind::Templated { source, .. } if source == i))
                    .collect();
            }
        }
        page_refs(m, &mut params);
        let decode_order = decode_order(&m.path, &params);
        Ok(ModuleIr {
            path: m.path.clone(),
            name: m.name.clone(),
            group,
            prefix: m.prefix.clone(),
            type_name: names::type_name(&m.name),
            file: names::field_name(&m.name).trim_start_matches("r#").to_string(),
            description: m.description.clone(),
            flags: Flags {
                readrights: m.readrights,
                writerights: m.writerights,
                mustbeposted: m.mustbeposted,
                generator: m.generator,
                internal: m.internal,
                deprecated: m.deprecated,
            },
            token: m.parameters.iter().find_map(|p| p.tokentype.clone()),
            help_url: m.helpurls.first().cloned(),
            dynamic_params: m.dynamicparameters.is_some(),
            params,
            decode_order,
            constraints: m
                .constraints
                .iter()
                .filter(|c| c.rule != ConstraintRule::EnforceRange)
                .cloned()
                .collect(),
        })
    }

    fn param(&mut self, m: &Module, p: &Parameter, has_pageset: bool) -> Result<ParamIr, IrError> {
        let err = |message: String| IrError { module: m.path.clone(), param: p.name.clone(), message };
        let multi = if p.multi {
            Some(MultiIr {
                limit: p.lowlimit.unwrap_or(50),
                high_limit: p.highlimit.unwrap_or(500),
                all: p.allspecifier.clone(),
                duplicates: p.allowsduplicates,
            })
        } else {
            None
        };
        let tags = is_tags_param(m, p);
        let wire = if help_only(m, p) {
            WireType::String { max_bytes: None, max_chars: None }
        } else {
            wire_type(p, tags)
        };
        let value = match (&p.ty, &wire) {
            (ParamType::Values(v), WireType::Enum { .. })
                if !v.is_empty() && p.submodules.is_none() && !tags =>
            {
                let i = *self.enum_index.get(v).ok_or_else(|| err("enum not collected".into()))?;
                ValueType::Enum(i)
            }
            (_, WireType::Password) => ValueType::Secret,
            (_, WireType::Integer { .. }) => ValueType::Integer,
            (_, WireType::Limit { .. }) => ValueType::Limit,
            (_, WireType::Float) => ValueType::Float,
            (_, WireType::Timestamp) => ValueType::Timestamp,
            (_, WireType::Expiry) => ValueType::Expiry,
            (_, WireType::User { .. }) => ValueType::User,
            (_, WireType::Title { .. }) => ValueType::Title,
            (_, WireType::Namespace { .. }) => ValueType::Namespace,
            _ if p.sensitive => ValueType::Secret,
            _ => ValueType::String,
        };
        let kind = if let Some(vars) = &p.templatevars {
            let (_, source) = vars.iter().next().ok_or_else(|| err("templatevars is empty".into()))?;
            let si = m
                .parameters
                .iter()
                .position(|q| &q.name == source)
                .ok_or_else(|| err(format!("template source `{source}` is missing")))?;
            let sp = &m.parameters[si];
            let key = match &sp.ty {
                ParamType::Values(v) if !v.is_empty() => {
                    ValueType::Enum(*self.enum_index.get(v).ok_or_else(|| err("source enum".into()))?)
                }
                _ => ValueType::String,
            };
            FieldKind::Templated { key, value, source: si }
        } else if p.submodules.is_some() {
            let set = self.submodule_set(p);
            if p.submoduleparamprefix.is_some() {
                FieldKind::Generator { set }
            } else {
                FieldKind::Submodule { set, multi: p.multi }
            }
        } else if wire == WireType::Boolean {
            FieldKind::Flag
        } else if wire == WireType::Upload {
            FieldKind::Upload
        } else if p.multi {
            FieldKind::Multi { value, all: p.allspecifier.is_some() }
        } else {
            FieldKind::Single { value, required: p.required }
        };
        Ok(ParamIr {
            name: p.name.clone(),
            field: names::field_name(&p.name),
            description: p.description.clone(),
            kind,
            wire,
            required: p.required,
            default: p.default.as_ref().map(Scalar::to_string),
            multi,
            sensitive: p.sensitive,
            deprecated: p.deprecated,
            deprecated_values: p.deprecatedvalues.clone().unwrap_or_default(),
            template: p
                .templatevars
                .as_ref()
                .and_then(|v| v.iter().next().map(|(a, b)| (a.clone(), b.clone()))),
            tokentype: p.tokentype.clone(),
            pageset: has_pageset && PAGESET_PARAMS.contains(&p.name.as_str()),
            filled_by: Vec::new(),
            enforce_range: m
                .constraints
                .iter()
                .any(|c| c.rule == ConstraintRule::EnforceRange && c.params.contains(&p.name)),
        })
    }
}

fn wire_type(p: &Parameter, tags: bool) -> WireType {
    match &p.ty {
        // ApiPageSet declares `generator` as a plain string; unknown modules fail later, as badgenerator.
        ParamType::Values(_) if p.submoduleparamprefix.is_some() => {
            WireType::String { max_bytes: None, max_chars: None }
        }
        ParamType::Values(values) if tags => WireType::Tags { values: values.clone() },
        ParamType::Values(values) => WireType::Enum {
            values: values.clone(),
            deprecated: p.deprecatedvalues.clone().unwrap_or_default(),
            submodule_prefix: p.submoduleparamprefix.clone(),
        },
        ParamType::Named(t) => match t {
            TypeName::String if p.submoduleparamprefix.is_some() => {
                WireType::String { max_bytes: None, max_chars: None }
            }
            TypeName::String => WireType::String { max_bytes: p.maxbytes, max_chars: p.maxchars },
            TypeName::Text => WireType::Text,
            TypeName::Raw => WireType::Raw,
            TypeName::Password => WireType::Password,
            TypeName::Integer => WireType::Integer { min: p.min, max: p.max, high_max: p.highmax },
            TypeName::Limit => WireType::Limit {
                min: p.min.unwrap_or(0),
                max: p.max.unwrap_or(i64::MAX),
                high_max: p.highmax.or(p.max).unwrap_or(i64::MAX),
            },
            TypeName::Float => WireType::Float,
            TypeName::Boolean => WireType::Boolean,
            TypeName::Timestamp => WireType::Timestamp,
            TypeName::Expiry => WireType::Expiry,
            TypeName::User => WireType::User { subtypes: p.subtypes.clone().unwrap_or_default() },
            TypeName::Title => WireType::Title { must_exist: p.must_exist.unwrap_or(false) },
            TypeName::Namespace => {
                WireType::Namespace { extra: p.extranamespaces.clone().unwrap_or_default() }
            }
            TypeName::Upload => WireType::Upload,
            TypeName::Tags => WireType::Tags { values: Vec::new() },
        },
    }
}
