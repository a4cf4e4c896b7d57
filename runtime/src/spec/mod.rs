//! Static descriptions of modules and parameters, emitted by mwgen as `const` data.
//!
//! Generated code is mostly these tables plus calls: encoding, decoding and validation read them at
//! run time, so the logic lives once, here, and not once per module.

mod constraint;
mod name_index;

pub use constraint::{right_action, Constraint, Names, Rule, When};
use name_index::NameIndex;

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
    /// What paraminfo says the module needs and is: rights, POST, generator, internal, deprecated.
    pub flags: ModuleFlags,
    /// The token type the module's `token` parameter takes.
    pub token: Option<&'static str>,
    /// Parameters in the wiki's order.
    pub params: &'static [ParamSpec],
    /// The module accepts parameters beyond `params` (AuthManager fields).
    pub dynamic_params: bool,
    /// `https://www.mediawiki.org/wiki/Special:MyLanguage/API:…`
    pub help_url: Option<&'static str>,
    /// What the module checks of its parameters in its own code, in the order it checks them.
    pub constraints: &'static [Constraint],
    /// Where each name of `params` is, for the decoder (set with them by [`params`](Self::params)).
    pub(crate) index: NameIndex,
}

/// A module's paraminfo flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ModuleFlags {
    /// The module needs read rights (paraminfo's `readrights`).
    pub readrights: bool,
    /// The module needs write rights (paraminfo's `writerights`).
    pub writerights: bool,
    /// The module must be sent by POST (paraminfo's `mustbeposted`).
    pub mustbeposted: bool,
    /// The module can be used as a generator (paraminfo's `generator`).
    pub generator: bool,
    /// The module is internal and may change without notice (paraminfo's `internal`).
    pub internal: bool,
    /// The module is deprecated (paraminfo's `deprecated`).
    pub deprecated: bool,
}

/// One parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamSpec {
    /// Name without the module prefix; templated names hold `{var}`.
    pub name: &'static str,
    /// The wire type, with the limits validation checks.
    pub ty: Type,
    /// The parameter must be given (paraminfo's `required`); when it is not, the error is `missingparam`.
    pub required: bool,
    /// The default, as wire text (`10`, `ascending`, `ids|title`).
    pub default: Option<&'static str>,
    /// For a multi-valued parameter (`a|b|c`, paraminfo's `multi`): how many values, and how.
    /// `None` for a single value.
    pub multi: Option<MultiSpec>,
    /// The value is secret, like a password or token (paraminfo's `sensitive`). The client sends it
    /// by POST.
    pub sensitive: bool,
    /// The parameter is deprecated (paraminfo's `deprecated`): giving it gets a `deprecation` warning.
    pub deprecated: bool,
    /// For a templated parameter: the placeholder and the parameter whose values fill it.
    pub template: Option<Template>,
    /// Out of range is an `outofrange` error, not a clamp with a warning (MediaWiki's
    /// `PARAM_RANGE_ENFORCE`, which paraminfo does not show).
    pub enforce_range: bool,
}

/// How many values a multi-valued parameter takes, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MultiSpec {
    /// The most values a caller may give (paraminfo's `lowlimit`); more is `toomanyvalues`.
    pub limit: u32,
    /// The most values a caller with `apihighlimits` may give (paraminfo's `highlimit`).
    pub high_limit: u32,
    /// The value meaning "all values" (`*`), when there is one.
    pub all: Option<&'static str>,
    /// Repeated values are kept (paraminfo's `allowsduplicates`); otherwise they are dropped.
    pub duplicates: bool,
}

/// `{var}` in a templated name takes each value of parameter `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// The placeholder's name, without braces (`slot` in `fromtext-{slot}`).
    pub var: &'static str,
    /// The multi-valued parameter whose values fill the placeholder (`fromslots`), without the module
    /// prefix (paraminfo's `templatevars`).
    pub source: &'static str,
}

/// A parameter's wire type, with what validation needs of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// A string (`string`), with optional length limits.
    String {
        /// The most UTF-8 bytes the value may take (paraminfo's `maxbytes`); more is `maxbytes`.
        max_bytes: Option<u32>,
        /// The most characters the value may take (paraminfo's `maxchars`); more is `maxchars`.
        max_chars: Option<u32>,
    },
    /// Long text such as page content (`text`): a string without length limits.
    Text,
    /// A string MediaWiki does not Unicode-normalise (`raw`).
    Raw,
    /// A password (`password`): a string that is always sensitive.
    Password,
    /// An integer (`integer`). Out of range, it is clamped, with an `outofrange` warning.
    Integer {
        /// The smallest value allowed (paraminfo's `min`).
        min: Option<i64>,
        /// The largest value allowed (paraminfo's `max`).
        max: Option<i64>,
        /// The largest value allowed to a caller with `apihighlimits` (paraminfo's `highmax`).
        high_max: Option<i64>,
    },
    /// How many results to return (`limit`): a number, or `max` for the most the caller may get.
    Limit {
        /// The smallest value allowed (paraminfo's `min`).
        min: i64,
        /// The largest value allowed (paraminfo's `max`).
        max: i64,
        /// The largest value allowed to a caller with `apihighlimits` (paraminfo's `highmax`).
        high_max: i64,
    },
    /// A floating-point number (`float`).
    Float,
    /// A presence boolean (`boolean`): true when given, whatever the value; false when absent.
    Boolean,
    /// A timestamp (`timestamp`), in any form MediaWiki reads, or `now`.
    Timestamp,
    /// An expiry (`expiry`): `infinite` or a synonym, a relative time (`1 week`), or a timestamp.
    Expiry,
    /// A user (`user`): a name, IP, IP range, `#id` or interwiki name, as `subtypes` allow.
    User {
        /// The kinds accepted (paraminfo's `subtypes`: `name`, `ip`, `cidr`, `interwiki`, `id`).
        /// Empty means MediaWiki's default: `name`, `ip`, `cidr` and `interwiki`.
        subtypes: &'static [&'static str],
    },
    /// A page title (`title`).
    Title {
        /// The page must exist (paraminfo's `mustExist`). Decoding checks only that the title is
        /// valid; only the wiki knows which pages exist.
        must_exist: bool,
    },
    /// A namespace number (`namespace`): one of the wiki's namespaces (those ≥ 0), or an extra one.
    Namespace {
        /// Namespaces accepted beyond the wiki's (paraminfo's `extranamespaces`, e.g. `-1` and `-2`).
        extra: &'static [i32],
    },
    /// A file (`upload`), sent as multipart/form-data.
    Upload,
    /// A fixed list of values (enums, submodule names).
    Enum {
        /// The accepted values, in the wiki's order. Matching is case-sensitive.
        values: &'static [&'static str],
        /// Values that still work but get a `deprecation` warning (paraminfo's `deprecatedvalues`).
        deprecated: &'static [&'static str],
    },
    /// Change tags: only the wiki's explicitly defined tags (`values`) may be applied.
    Tags {
        /// The tags that may be applied; any other is `badtags`.
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
    /// A plain parameter of type `ty` with everything else off; the builders below set the rest.
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
            enforce_range: false,
        }
    }

    /// The parameter must be given.
    pub const fn required(mut self) -> ParamSpec {
        self.required = true;
        self
    }

    /// The parameter's default, as wire text.
    pub const fn default(mut self, value: &'static str) -> ParamSpec {
        self.default = Some(value);
        self
    }

    /// The parameter takes up to `limit` values (`high_limit` with `apihighlimits`).
    pub const fn multi(mut self, limit: u32, high_limit: u32) -> ParamSpec {
        self.multi = Some(MultiSpec { limit, high_limit, all: None, duplicates: false });
        self
    }

    /// The multi-valued parameter takes `all` (`*`) for every value. Call after [`multi`](Self::multi).
    pub const fn all(mut self, all: &'static str) -> ParamSpec {
        if let Some(m) = &mut self.multi {
            m.all = Some(all);
        }
        self
    }

    /// The multi-valued parameter keeps repeated values. Call after [`multi`](Self::multi).
    pub const fn duplicates(mut self) -> ParamSpec {
        if let Some(m) = &mut self.multi {
            m.duplicates = true;
        }
        self
    }

    /// The value is secret (a password or token).
    pub const fn sensitive(mut self) -> ParamSpec {
        self.sensitive = true;
        self
    }

    /// The parameter is deprecated.
    pub const fn deprecated(mut self) -> ParamSpec {
        self.deprecated = true;
        self
    }

    /// Out of range is an error (`PARAM_RANGE_ENFORCE`).
    pub const fn enforce_range(mut self) -> ParamSpec {
        self.enforce_range = true;
        self
    }

    /// The name's `{var}` takes each value of parameter `source`.
    pub const fn template(mut self, var: &'static str, source: &'static str) -> ParamSpec {
        self.template = Some(Template { var, source });
        self
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

impl Type {
    /// A string without length limits.
    pub const STRING: Type = Type::String { max_bytes: None, max_chars: None };
    /// An integer without bounds.
    pub const INTEGER: Type = Type::Integer { min: None, max: None, high_max: None };
    /// A user of MediaWiki's default subtypes.
    pub const USER: Type = Type::User { subtypes: &[] };
    /// A page title that need not exist.
    pub const TITLE: Type = Type::Title { must_exist: false };
    /// A page title that must exist.
    pub const EXISTING_TITLE: Type = Type::Title { must_exist: true };
    /// A namespace of the wiki's, with no extra ones.
    pub const NAMESPACE: Type = Type::Namespace { extra: &[] };
    /// Change tags, none listed.
    pub const TAGS: Type = Type::Tags { values: &[] };

    /// A string of at most `n` UTF-8 bytes; on other types, nothing.
    pub const fn max_bytes(self, n: u32) -> Type {
        match self {
            Type::String { max_chars, .. } => Type::String { max_bytes: Some(n), max_chars },
            other => other,
        }
    }

    /// A string of at most `n` characters; on other types, nothing.
    pub const fn max_chars(self, n: u32) -> Type {
        match self {
            Type::String { max_bytes, .. } => Type::String { max_bytes, max_chars: Some(n) },
            other => other,
        }
    }

    /// An integer of at least `n`; on other types, nothing.
    pub const fn min(self, n: i64) -> Type {
        match self {
            Type::Integer { max, high_max, .. } => Type::Integer { min: Some(n), max, high_max },
            other => other,
        }
    }

    /// An integer of at most `n`; on other types, nothing.
    pub const fn max(self, n: i64) -> Type {
        match self {
            Type::Integer { min, high_max, .. } => Type::Integer { min, max: Some(n), high_max },
            other => other,
        }
    }

    /// An integer of at most `n` for a caller with `apihighlimits`; on other types, nothing.
    pub const fn high_max(self, n: i64) -> Type {
        match self {
            Type::Integer { min, max, .. } => Type::Integer { min, max, high_max: Some(n) },
            other => other,
        }
    }

    /// A limit from `min` to `max` (`high_max` with `apihighlimits`).
    pub const fn limit(min: i64, max: i64, high_max: i64) -> Type {
        Type::Limit { min, max, high_max }
    }

    /// A user of these subtypes.
    pub const fn user(subtypes: &'static [&'static str]) -> Type {
        Type::User { subtypes }
    }

    /// A namespace of the wiki's, or one of `extra`.
    pub const fn namespace(extra: &'static [i32]) -> Type {
        Type::Namespace { extra }
    }

    /// One of `values`.
    pub const fn values(values: &'static [&'static str]) -> Type {
        Type::Enum { values, deprecated: &[] }
    }

    /// A value list whose `deprecated` values get a warning; on other types, nothing.
    pub const fn deprecated_values(self, deprecated: &'static [&'static str]) -> Type {
        match self {
            Type::Enum { values, .. } => Type::Enum { values, deprecated },
            other => other,
        }
    }

    /// Change tags, of which only `values` may be applied.
    pub const fn tags(values: &'static [&'static str]) -> Type {
        Type::Tags { values }
    }
}

impl ModuleSpec {
    /// Module `path` (`query+allpages`), called `name` (`allpages`) in `group` (`list`; empty for
    /// main), with no prefix, flags, token, parameters or help link.
    pub const fn new(path: &'static str, name: &'static str, group: &'static str) -> ModuleSpec {
        ModuleSpec {
            path,
            name,
            group,
            prefix: "",
            flags: ModuleFlags {
                readrights: false,
                writerights: false,
                mustbeposted: false,
                generator: false,
                internal: false,
                deprecated: false,
            },
            token: None,
            params: &[],
            dynamic_params: false,
            help_url: None,
            constraints: &[],
            index: NameIndex::EMPTY,
        }
    }

    /// `action=name`.
    pub const fn action(name: &'static str) -> ModuleSpec {
        ModuleSpec::new(name, name, "action")
    }

    /// `format=name`.
    pub const fn format(name: &'static str) -> ModuleSpec {
        ModuleSpec::new(name, name, "format")
    }

    /// `prop=name` at module path `path` (`query+name`).
    pub const fn prop(path: &'static str, name: &'static str) -> ModuleSpec {
        ModuleSpec::new(path, name, "prop")
    }

    /// `list=name` at module path `path` (`query+name`).
    pub const fn list(path: &'static str, name: &'static str) -> ModuleSpec {
        ModuleSpec::new(path, name, "list")
    }

    /// `meta=name` at module path `path` (`query+name`).
    pub const fn meta(path: &'static str, name: &'static str) -> ModuleSpec {
        ModuleSpec::new(path, name, "meta")
    }

    /// The module's parameter prefix (`ap`).
    pub const fn prefix(mut self, prefix: &'static str) -> ModuleSpec {
        self.prefix = prefix;
        self
    }

    /// The module needs read rights.
    pub const fn read(mut self) -> ModuleSpec {
        self.flags.readrights = true;
        self
    }

    /// The module needs write rights.
    pub const fn write(mut self) -> ModuleSpec {
        self.flags.writerights = true;
        self
    }

    /// The module must be sent by POST.
    pub const fn post(mut self) -> ModuleSpec {
        self.flags.mustbeposted = true;
        self
    }

    /// The module can be used as a generator.
    pub const fn generator(mut self) -> ModuleSpec {
        self.flags.generator = true;
        self
    }

    /// The module is internal.
    pub const fn internal(mut self) -> ModuleSpec {
        self.flags.internal = true;
        self
    }

    /// The module is deprecated.
    pub const fn deprecated(mut self) -> ModuleSpec {
        self.flags.deprecated = true;
        self
    }

    /// The module's `token` parameter takes a token of this type.
    pub const fn token(mut self, kind: &'static str) -> ModuleSpec {
        self.token = Some(kind);
        self
    }

    /// The module takes parameters beyond its declared ones.
    pub const fn dynamic_params(mut self) -> ModuleSpec {
        self.dynamic_params = true;
        self
    }

    /// The module's help page.
    pub const fn help(mut self, url: &'static str) -> ModuleSpec {
        self.help_url = Some(url);
        self
    }

    /// What the module checks of its parameters in its own code, in the order it checks them.
    pub const fn constraints(mut self, constraints: &'static [Constraint]) -> ModuleSpec {
        self.constraints = constraints;
        self
    }

    /// The module's parameters, in the wiki's order.
    pub const fn params(mut self, params: &'static [ParamSpec]) -> ModuleSpec {
        self.params = params;
        self.index = NameIndex::of(params);
        self
    }

    /// The module's token: its type (`csrf`, `login`, …) and the wire name of its parameter
    /// (`token`, `logintoken`, …), when the module needs one.
    pub fn token_param(&self) -> Option<(&'static str, String)> {
        let kind = self.token?;
        self.param("token").map(|p| (kind, format!("{}{}", self.prefix, p.name)))
    }

    /// The parameter called `name` (without the module prefix), if the module has one.
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_equal_struct_literals() {
        let built = ParamSpec::new("namespacerestrictions", Type::NAMESPACE).multi(50, 500).all("*");
        let literal = ParamSpec {
            multi: Some(MultiSpec { limit: 50, high_limit: 500, all: Some("*"), duplicates: false }),
            ..ParamSpec::new("namespacerestrictions", Type::Namespace { extra: &[] })
        };
        assert_eq!(built, literal);
        let built = ParamSpec::new("token", Type::STRING).required().sensitive().deprecated().default("x");
        let literal = ParamSpec {
            required: true,
            sensitive: true,
            deprecated: true,
            default: Some("x"),
            ..ParamSpec::new("token", Type::String { max_bytes: None, max_chars: None })
        };
        assert_eq!(built, literal);
        let t = Type::INTEGER.min(1).max(10).high_max(20);
        assert_eq!(t, Type::Integer { min: Some(1), max: Some(10), high_max: Some(20) });
        assert_eq!(
            Type::STRING.max_bytes(255).max_chars(10),
            Type::String { max_bytes: Some(255), max_chars: Some(10) }
        );
        assert_eq!(
            Type::values(&["a"]).deprecated_values(&["a"]),
            Type::Enum { values: &["a"], deprecated: &["a"] }
        );
        let m = ModuleSpec::new("query+allpages", "allpages", "list").prefix("ap").read().generator();
        assert_eq!(m.flags, ModuleFlags { readrights: true, generator: true, ..ModuleFlags::default() });
        assert_eq!((m.path, m.name, m.group, m.prefix), ("query+allpages", "allpages", "list", "ap"));
    }
}
