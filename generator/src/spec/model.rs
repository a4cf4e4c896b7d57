//! The spec model: serde types that mirror `action=paraminfo` (formatversion=2) one to one.
//!
//! Every key paraminfo gives has a field here, under the same name, and every struct denies unknown
//! keys, so a key MediaWiki adds later is a loud error rather than a silent drop. Three things differ
//! from the wire shape, each lossless (see `spec/README.md`):
//! - a module's `parameters` and `templatedparameters` are one list in the wiki's order (templated ones
//!   carry `templatevars`, which is exactly how ApiParamInfo sorts them), so `index` is the position;
//! - `limit` is not stored: it is `lowlimit` or `highlimit` depending on who asks;
//! - `licenselink` is stored relative to the wiki's `server` (wiki.yaml), the one key that depends on the
//!   URL the wiki was asked at.
//!
//! Flags that paraminfo gives as `true` or omits are `bool`s skipped when false; keys that paraminfo
//! always gives (`required`, `multi`) are also skipped when false in YAML and always written on export.

use indexmap::IndexMap;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

pub use super::constraint::{Constraint, ConstraintNames, ConstraintRule, ConstraintWhen};
pub use super::response::{Case, Field, FieldType, MapKeys, Outcomes, PageState, Response, When, OBSERVED};

fn is_false(b: &bool) -> bool {
    !*b
}

/// `wiki.yaml`: where the spec came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WikiInfo {
    /// The wiki's generator string, e.g. `MediaWiki 1.39.17`.
    pub generator: String,
    /// The api.php URL the spec was imported from (or the file it was read from).
    pub api: String,
    /// The wiki's `$wgServer` as seen by the import; `licenselink`s are stored relative to it.
    pub server: String,
    /// Date of the import (UTC, `YYYY-MM-DD`).
    pub imported: String,
    /// Version of mwgen that imported it.
    pub mwgen: String,
    /// The help format descriptions were imported in: `wikitext` or `none`.
    pub helpformat: HelpFormat,
    /// The language descriptions were asked in (`uselang`).
    pub lang: String,
}

/// paraminfo's `helpformat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum HelpFormat {
    #[default]
    None,
    Wikitext,
}

impl HelpFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            HelpFormat::None => "none",
            HelpFormat::Wikitext => "wikitext",
        }
    }
}

/// One module file (`main.yaml`, `action/block.yaml`, `list/allpages.yaml`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Module {
    pub name: String,
    pub classname: String,
    /// `main`, `block`, `query+allpages`.
    pub path: String,
    /// `action`, `format`, `prop`, `list`, `meta`; absent for main.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub prefix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sourcename: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licensetag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licenselink: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub internal: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub readrights: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub writerights: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub mustbeposted: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub generator: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub helpurls: Vec<String>,
    /// Wikitext; absent when imported with helpformat=none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Absent when imported with helpformat=none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples: Option<Vec<Example>>,
    /// The module takes parameters beyond those listed (clientlogin's AuthManager fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamicparameters: Option<DynamicParameters>,
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    /// What the module checks of its parameters in its own code, in the order it checks them
    /// (not from paraminfo: written from MediaWiki's source, see `spec/README.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// The shape of the module's part of an answer (formatversion=2), learned by `mwgen responses`.
    /// Absent until learned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
}

/// One example of a module's use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub query: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `dynamicparameters`: its documentation (wikitext import) or just `true` (helpformat=none import).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DynamicParameters {
    Flag(bool),
    Text(String),
}

/// One parameter (or templated parameter, when `templatevars` is set).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Name without the module prefix; templated names hold `{var}` placeholders.
    pub name: String,
    /// Placeholder → the multi-valued parameter whose values it takes (`slot: fromslots`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templatevars: Option<IndexMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub ty: ParamType,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Scalar>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub multi: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowlimit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highlimit: Option<u32>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub allowsduplicates: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allspecifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highmax: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maxbytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maxchars: Option<u64>,
    /// For `user`: which kinds of user name are accepted (`name`, `ip`, `cidr`, `interwiki`, `id`, `temp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtypes: Option<Vec<String>>,
    /// For `title`: whether the page must exist.
    #[serde(rename = "mustExist", default, skip_serializing_if = "Option::is_none")]
    pub must_exist: Option<bool>,
    /// For `namespace`: namespaces accepted beyond the wiki's (e.g. -1, -2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extranamespaces: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecatedvalues: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internalvalues: Option<Vec<String>>,
    /// For submodule parameters: value → module path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submodules: Option<IndexMap<String, String>>,
    /// For submodule parameters whose submodules take a prefix of their own (`g` for generators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submoduleparamprefix: Option<String>,
    /// For the `token` parameter: the token type (`csrf`, `login`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokentype: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<Vec<Info>>,
    /// Provenance, set when overlays are merged (never read from or written to a file): `None` for a
    /// parameter of the module's own file (the core's, for a core module), or the `source` of the
    /// overlay that added it to a core module (`ConfirmEdit` for edit's `captchaword`).
    #[serde(skip)]
    pub origin: Option<String>,
    /// Provenance of values that overlays added to this parameter's list: value → the overlay's
    /// `source` (`extracts` → `TextExtracts` on query's `prop`). Values not here are the module's own.
    #[serde(skip)]
    pub value_origins: std::collections::BTreeMap<String, String>,
}

/// An extra help note on a parameter (`info` in paraminfo).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<Scalar>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A default or info value: paraminfo gives integers and strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Integer(i64),
    String(String),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Integer(i) => write!(f, "{i}"),
            Scalar::String(s) => f.write_str(s),
        }
    }
}

/// A parameter's type: a named type, or the list of allowed values (enums, tags, submodules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamType {
    Named(TypeName),
    Values(Vec<String>),
}

macro_rules! type_names {
    ($($variant:ident => $s:literal),* $(,)?) => {
        /// The named parameter types of MediaWiki's ParamValidator.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum TypeName { $($variant),* }
        impl TypeName {
            pub const ALL: &'static [TypeName] = &[$(TypeName::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $(TypeName::$variant => $s),* }
            }
            pub fn parse(s: &str) -> Option<TypeName> {
                match s { $($s => Some(TypeName::$variant),)* _ => None }
            }
        }
    };
}

type_names! {
    Boolean => "boolean",
    Expiry => "expiry",
    Float => "float",
    Integer => "integer",
    Limit => "limit",
    Namespace => "namespace",
    Password => "password",
    Raw => "raw",
    String => "string",
    Tags => "tags",
    Text => "text",
    Timestamp => "timestamp",
    Title => "title",
    Upload => "upload",
    User => "user",
}

impl fmt::Display for TypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ParamType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ParamType::Named(t) => s.serialize_str(t.as_str()),
            ParamType::Values(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ParamType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ParamType;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a type name (string, integer, …) or a list of allowed values")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<ParamType, E> {
                TypeName::parse(s).map(ParamType::Named).ok_or_else(|| {
                    let known: Vec<&str> = TypeName::ALL.iter().map(|t| t.as_str()).collect();
                    E::custom(format!(
                        "unknown parameter type `{s}`; expected one of {} or a list of values",
                        known.join(", ")
                    ))
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ParamType, A::Error> {
                let mut values = Vec::new();
                while let Some(v) = seq.next_element::<String>()? {
                    values.push(v);
                }
                Ok(ParamType::Values(values))
            }
        }
        d.deserialize_any(V)
    }
}

/// The groups a module can be in (main has none): the submodule parameters of ApiMain (`action`,
/// `format`) and ApiQuery (`prop`, `list`, `meta`). Extensions add modules to these, never new groups.
pub const GROUPS: [&str; 5] = ["action", "format", "prop", "list", "meta"];

/// Whether `s` can name a file or folder inside a spec directory: 1 to 100 ASCII letters, digits, `-`
/// and `_`. Module names and groups become paths, so anything else (`..`, `/`, `\`, an absolute path, a
/// NUL byte) is refused before a file is written.
pub fn is_path_segment(s: &str) -> bool {
    (1..=100).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Module {
    /// Why the module's group, name or path cannot name its file, if they cannot: the group is one of
    /// [`GROUPS`] (none for main), and the name and each `+`-separated part of the path are path
    /// segments ([`is_path_segment`]).
    pub fn path_problem(&self) -> Option<String> {
        if let Some(g) = &self.group {
            if !GROUPS.contains(&g.as_str()) {
                return Some(format!("group {g:?} is not one of {}", GROUPS.join(", ")));
            }
        }
        if !is_path_segment(&self.name) {
            return Some(format!(
                "name {:?} cannot name a file: module names are 1 to 100 ASCII letters, digits, `-` and `_`",
                self.name
            ));
        }
        if let Some(part) = self.path.split('+').find(|p| !is_path_segment(p)) {
            return Some(format!("path {:?} has the part {part:?}, which cannot name a file", self.path));
        }
        None
    }

    /// The module's file inside a spec directory: `main.yaml`, `action/block.yaml`, `list/allpages.yaml`.
    pub fn file_path(&self) -> String {
        match &self.group {
            None => "main.yaml".to_string(),
            Some(g) => format!("{g}/{}.yaml", self.name),
        }
    }

    /// Parameters that are not templated, in order.
    pub fn plain_parameters(&self) -> impl Iterator<Item = &Parameter> {
        self.parameters.iter().filter(|p| p.templatevars.is_none())
    }

    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// Where the module comes from: its paraminfo `source` (`MediaWiki` for the core, an extension's
    /// name for an overlay's module).
    pub fn origin(&self) -> &str {
        self.source.as_deref().unwrap_or(super::overlay::CORE_SOURCE)
    }

    /// Where parameter `p` of this module comes from: the overlay that added it, or the module's own
    /// source.
    pub fn parameter_origin<'a>(&'a self, p: &'a Parameter) -> &'a str {
        p.origin.as_deref().unwrap_or(self.origin())
    }
}

impl Parameter {
    pub fn is_templated(&self) -> bool {
        self.templatevars.is_some()
    }
}
