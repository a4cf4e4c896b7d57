//! The `constraints:` section of a module file: what the module checks of its parameters in its
//! own PHP, which paraminfo does not say. Written by hand from MediaWiki's source (each entry names
//! the line it comes from) and proved against the live wiki by `tests/tests/live_constraints.rs`.

use super::located::Step;
use serde::{Deserialize, Serialize};

/// One check, in the order the module runs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// What is checked.
    pub rule: ConstraintRule,
    /// The parameters it is about (without the module prefix), in the order the module names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<String>,
    /// For `right`: the caller needs one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rights: Vec<String>,
    /// For `exclusive-values`: the pairs of values the parameter must not have both of.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<[String; 2]>,
    /// The check applies only when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<ConstraintWhen>,
    /// The module's own error code, where it is not the rule's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// How the error names the parameters, where it is not as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<ConstraintNames>,
    /// The error's English text, where the module gives its own (plain text, as errorformat
    /// plaintext renders it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The module skips the check when all of these are given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unlessgiven: Vec<String>,
    /// The module returns before the check when this multi-valued parameter is given with no valid
    /// value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlessempty: Option<String>,
    /// `false`: the module skips the check when it runs as a generator.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub ingenerator: bool,
    /// Where MediaWiki makes the check: `includes/api/ApiQueryBacklinks.php:123`.
    pub source: String,
    /// Anything a reader should know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ConstraintRule {
    /// The rule as the spec spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ConstraintRule::OnlyOne => "only-one",
            ConstraintRule::AtLeastOne => "at-least-one",
            ConstraintRule::MaxOne => "max-one",
            ConstraintRule::CannotUseWith => "cannot-use-with",
            ConstraintRule::MustUseWith => "must-use-with",
            ConstraintRule::Right => "right",
            ConstraintRule::LoggedIn => "logged-in",
            ConstraintRule::EnforceRange => "enforce-range",
            ConstraintRule::ExclusiveValues => "exclusive-values",
        }
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// The kinds of check (named after MediaWiki's helpers where there is one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConstraintRule {
    /// `requireOnlyOneParameter`: exactly one.
    OnlyOne,
    /// `requireAtLeastOneParameter`.
    AtLeastOne,
    /// `requireMaxOneParameter`.
    MaxOne,
    /// The first parameter cannot be used with the others (`requireNoConflictingParameters`).
    CannotUseWith,
    /// The first parameter may only be used with the second.
    MustUseWith,
    /// The caller needs one of `rights` (`checkUserRightsAny`).
    Right,
    /// The caller must be logged in (`isRegistered()`, `notloggedin`); `text` says what the module
    /// says.
    LoggedIn,
    /// Out of range is an error (`PARAM_RANGE_ENFORCE`), for each of `params`.
    EnforceRange,
    /// The parameter must not have both values of a pair (`show=minor|!minor`).
    ExclusiveValues,
}

/// `when: {param: prop, value: content}`: the parameter has the value (given, or by default);
/// without `value`, the parameter is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstraintWhen {
    pub param: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// How an error names parameters, where not as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConstraintNames {
    /// With the module prefix, never a generator's `g`.
    Prefixed,
    /// Without any prefix.
    Bare,
}

pub(crate) const CONSTRAINT_KEYS: &[&str] = &[
    "rule",
    "params",
    "rights",
    "pairs",
    "when",
    "code",
    "names",
    "text",
    "unlessgiven",
    "unlessempty",
    "ingenerator",
    "source",
    "note",
];
pub(crate) const WHEN_KEYS: &[&str] = &["param", "value"];

/// A problem of one constraint of `module`: where (its path in the file) and what.
pub(crate) type Problem = (Vec<Step<'static>>, String, &'static str);

/// The semantic problems of the constraints of `module` (parameters that it does not have, values
/// its parameter does not take, rules with the wrong number of parameters).
pub(crate) fn check(module: &super::Module) -> Vec<Problem> {
    let mut out = Vec::new();
    let has = |name: &str| module.parameters.iter().find(|p| p.name == name && p.templatevars.is_none());
    for (i, c) in module.constraints.iter().enumerate() {
        let at = |key: &'static str| vec![Step::from("constraints"), Step::from(i), Step::from(key)];
        let named = [("params", &c.params), ("unlessgiven", &c.unlessgiven)];
        let lists = named.iter().flat_map(|(key, ps)| ps.iter().map(move |p| (*key, p)));
        for (key, p) in lists.chain(c.unlessempty.iter().map(|p| ("unlessempty", p))) {
            if has(p).is_none() {
                out.push((
                    at(key),
                    format!(
                        "module `{}`: constraint {} names `{p}`, which is not one of its parameters",
                        module.path,
                        i + 1
                    ),
                    "name parameters without the module prefix, as the module's `parameters` list them",
                ));
            }
        }
        let wanted = match c.rule {
            ConstraintRule::OnlyOne | ConstraintRule::AtLeastOne | ConstraintRule::MaxOne => {
                (1..=usize::MAX, "one or more")
            }
            ConstraintRule::CannotUseWith => (2..=usize::MAX, "two or more"),
            ConstraintRule::MustUseWith => (2..=2, "two"),
            ConstraintRule::Right | ConstraintRule::LoggedIn => (0..=0, "no"),
            ConstraintRule::EnforceRange => (1..=usize::MAX, "one or more"),
            ConstraintRule::ExclusiveValues => (1..=1, "one"),
        };
        if !wanted.0.contains(&c.params.len()) {
            out.push((
                at("params"),
                format!(
                    "module `{}`: constraint {} (`{}`) takes {} parameters, not {}",
                    module.path,
                    i + 1,
                    c.rule.as_str(),
                    wanted.1,
                    c.params.len()
                ),
                "spec/README.md says what each rule takes",
            ));
        }
        if (c.rule == ConstraintRule::Right) == c.rights.is_empty() {
            out.push((
                at("rights"),
                format!(
                    "module `{}`: constraint {}: `rights` goes with rule `right`, and only there",
                    module.path,
                    i + 1
                ),
                "a `right` constraint lists the rights of which the caller needs one",
            ));
        }
        if c.rule == ConstraintRule::EnforceRange {
            for p in c.params.iter().filter_map(|p| has(p)) {
                if p.ty != super::ParamType::Named(super::TypeName::Integer) {
                    out.push((
                        at("params"),
                        format!(
                            "module `{}`: `{}` is not an integer, so it has no range to enforce",
                            module.path, p.name
                        ),
                        "enforce-range is for integer parameters",
                    ));
                }
            }
        }
        if !c.source.starts_with("includes/")
            || c.source.rsplit(':').next().is_none_or(|n| n.parse::<u32>().is_err())
        {
            out.push((
                at("source"),
                format!(
                    "module `{}`: constraint {}: source `{}` is not `includes/…php:LINE`",
                    module.path,
                    i + 1,
                    c.source
                ),
                "name the file under /usr/share/mediawiki and the line of the check",
            ));
        }
        if c.rule == ConstraintRule::LoggedIn && c.text.is_none() {
            out.push((
                at("rule"),
                format!(
                    "module `{}`: constraint {}: a `logged-in` check needs the module's `text`",
                    module.path,
                    i + 1
                ),
                "copy the English text of the module's message (includes/api/i18n/en.json)",
            ));
        }
        if (c.rule == ConstraintRule::ExclusiveValues) == c.pairs.is_empty() {
            out.push((
                at("pairs"),
                format!(
                    "module `{}`: constraint {}: `pairs` goes with rule `exclusive-values`, and only there",
                    module.path,
                    i + 1
                ),
                "an `exclusive-values` constraint lists the pairs of values that cannot be given together",
            ));
        }
        if let Some(super::ParamType::Values(values)) = c.params.first().and_then(|p| has(p)).map(|p| &p.ty) {
            for v in c.pairs.iter().flatten().filter(|v| !values.contains(v)) {
                out.push((
                    at("pairs"),
                    format!("module `{}`: `{}` does not take the value `{v}`", module.path, c.params[0]),
                    "the pairs are values of the parameter",
                ));
            }
        }
        if let Some(w) = &c.when {
            match has(&w.param) {
                None => out.push((
                    at("when"),
                    format!(
                        "module `{}`: constraint {}'s `when` names `{}`, which is not one of its parameters",
                        module.path,
                        i + 1,
                        w.param
                    ),
                    "name parameters without the module prefix",
                )),
                Some(p) => {
                    if let (Some(v), super::ParamType::Values(values)) = (&w.value, &p.ty) {
                        if !values.iter().any(|x| x == v) {
                            out.push((
                                at("when"),
                                format!(
                                    "module `{}`: `{}` does not take the value `{v}`",
                                    module.path, p.name
                                ),
                                "a condition's value is one of the parameter's values",
                            ));
                        }
                    }
                }
            }
        }
    }
    out
}
