//! Static descriptions of modules and parameters, emitted by mwgen as `const` data.
//!
//! Generated code is mostly these tables plus calls: encoding, decoding and validation read them at
//! run time, so the logic lives once, here, and not once per module.

/// One module: what paraminfo says about it, minus the help texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModuleSpec {
    /// `block`, `query+allpages`, `main`.
    pub path: &'static str,
    /// `block`, `allpages`.
    pub name: &'static str,
    /// `action`, `format`, `prop`, `list`, `meta`; empty for main.
    pub group: &'static str,
    /// Put before every parameter name on the wire (`ap`).
    pub prefix: &'static str,
    pub flags: ModuleFlags,
    /// The token type the module's `token` parameter takes.
    pub token: Option<&'static str>,
    /// Parameters in the wiki's order.
    pub params: &'static [ParamSpec],
    /// The module accepts parameters beyond `params` (AuthManager fields).
    pub dynamic_params: bool,
    /// `https://www.mediawiki.org/wiki/Special:MyLanguage/API:…`
    pub help_url: Option<&'static str>,
}

/// A module's paraminfo flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ModuleFlags {
    pub readrights: bool,
    pub writerights: bool,
    pub mustbeposted: bool,
    pub generator: bool,
    pub internal: bool,
    pub deprecated: bool,
}

/// One parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamSpec {
    /// Name without the module prefix; templated names hold `{var}`.
    pub name: &'static str,
    pub ty: Type,
    pub required: bool,
    /// The default, as wire text (`10`, `ascending`, `ids|title`).
    pub default: Option<&'static str>,
    pub multi: Option<MultiSpec>,
    pub sensitive: bool,
    pub deprecated: bool,
    /// For a templated parameter: the placeholder and the parameter whose values fill it.
    pub template: Option<Template>,
}

/// How many values a multi-valued parameter takes, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MultiSpec {
    pub limit: u32,
    pub high_limit: u32,
    /// The value meaning "all values" (`*`), when there is one.
    pub all: Option<&'static str>,
    pub duplicates: bool,
}

/// `{var}` in a templated name takes each value of parameter `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub var: &'static str,
    pub source: &'static str,
}

/// A parameter's wire type, with what validation needs of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    String {
        max_bytes: Option<u32>,
        max_chars: Option<u32>,
    },
    Text,
    Raw,
    Password,
    Integer {
        min: Option<i64>,
        max: Option<i64>,
        high_max: Option<i64>,
    },
    Limit {
        min: i64,
        max: i64,
        high_max: i64,
    },
    Float,
    Boolean,
    Timestamp,
    Expiry,
    User {
        subtypes: &'static [&'static str],
    },
    Title {
        must_exist: bool,
    },
    Namespace {
        extra: &'static [i32],
    },
    Upload,
    /// A fixed list of values (enums, submodule names).
    Enum {
        values: &'static [&'static str],
        deprecated: &'static [&'static str],
    },
    /// Change tags: only the wiki's explicitly defined tags (`values`) may be applied.
    Tags {
        values: &'static [&'static str],
    },
}

impl Type {
    /// The name paraminfo gives the type (`enum` for value lists).
    pub fn name(&self) -> &'static str {
        match self {
            Type::String { .. } => "string",
            Type::Text => "text",
            Type::Raw => "raw",
            Type::Password => "password",
            Type::Integer { .. } => "integer",
            Type::Limit { .. } => "limit",
            Type::Float => "float",
            Type::Boolean => "boolean",
            Type::Timestamp => "timestamp",
            Type::Expiry => "expiry",
            Type::User { .. } => "user",
            Type::Title { .. } => "title",
            Type::Namespace { .. } => "namespace",
            Type::Upload => "upload",
            Type::Enum { .. } => "enum",
            Type::Tags { .. } => "tags",
        }
    }
}

impl ParamSpec {
    /// A plain parameter of type `ty` with everything else off; generated code sets the rest.
    pub const fn new(name: &'static str, ty: Type) -> ParamSpec {
        ParamSpec {
            name,
            ty,
            required: false,
            default: None,
            multi: None,
            sensitive: false,
            deprecated: false,
            template: None,
        }
    }

    /// The most values this parameter takes for a caller with or without high limits.
    pub fn value_limit(&self, high_limits: bool) -> u32 {
        match self.multi {
            Some(m) if high_limits => m.high_limit,
            Some(m) => m.limit,
            None => 1,
        }
    }
}

impl ModuleSpec {
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }
}
