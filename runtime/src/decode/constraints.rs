//! A module's own checks of its parameters ([`Constraint`]s: groups and rights), applied in the
//! spec's order once the module's parameters are valid, as MediaWiki's modules run them when they
//! execute. A parameter counts as given as MediaWiki's `require*Parameter` helpers count it: a
//! boolean when it is on the wire, anything else when it is on the wire (even empty) or has a
//! default.

use super::{Decoder, Fields};
use crate::error::ApiError;
use crate::spec::{right_action, Constraint, ModuleSpec, Names, Rule, Type};
use crate::value::Slot;
use crate::wire::split_multi;

impl Decoder<'_> {
    /// Applies the constraints of the module `fields` belongs to, in order: the first one broken
    /// is the error. A module without constraints costs one comparison.
    #[inline]
    pub fn constrain(&mut self, fields: &Fields<'_>) -> Result<(), ApiError> {
        if fields.module().constraints.is_empty() {
            return Ok(());
        }
        self.constrain_all(fields)
    }

    #[inline(never)]
    fn constrain_all(&mut self, fields: &Fields<'_>) -> Result<(), ApiError> {
        if fields.module().group == "action" {
            // MediaWiki checks the token (and POST) before an action module executes, so before
            // its own checks; a server runs them again before the module's method, at no harm.
            self.before_execute(fields.module())?;
        }
        for c in fields.module().constraints {
            if let Some(e) = self.broken(fields, c) {
                return Err(e.module(fields.module().path));
            }
        }
        Ok(())
    }

    /// The error of `c`, if the request breaks it.
    fn broken(&self, fields: &Fields<'_>, c: &Constraint) -> Option<ApiError> {
        if c.not_in_generator && !fields.outer().is_empty() {
            return None;
        }
        if !c.unless_given.is_empty() && c.unless_given.iter().all(|p| self.given(fields, p)) {
            return None;
        }
        if c.unless_empty.is_some_and(|p| self.given_empty(fields, p)) {
            return None;
        }
        let e = self.rule_broken(fields, c)?;
        Some(match c.text {
            Some(text) => ApiError::new(e.code, text),
            None => e,
        })
    }

    /// The error of `c`'s rule, if the request breaks it (and `c`'s condition holds).
    fn rule_broken(&self, fields: &Fields<'_>, c: &Constraint) -> Option<ApiError> {
        // The rules about a first parameter hold when it is not given: tested before the
        // condition, which costs more (most requests give neither).
        if matches!(c.rule, Rule::MustUseWith | Rule::CannotUseWith)
            && !c.params.first().is_some_and(|p| self.given(fields, p))
        {
            return None;
        }
        if let Some(w) = c.when {
            let holds = match w.value {
                None => self.given(fields, w.param),
                Some(v) => self.has_value(fields, w.param, v),
            };
            if !holds {
                return None;
            }
        }
        let name = |p: &str| self.name_of(fields, c.names, p);
        let code = |default: &'static str| c.code.unwrap_or(default);
        // Which of the group are given: asked only by the rules about a group (the others look at
        // one or two parameters, and most requests break none).
        let given = || {
            let mut given: Vec<&'static str> =
                c.params.iter().copied().filter(|p| self.given(fields, p)).collect();
            // "can not be used together" lists them in the module's order, not the check's.
            given.sort_by_key(|p| position(fields.module(), p));
            given
        };
        // How many of the group are given, counted once for the rules about a group.
        let count = match c.rule {
            Rule::OnlyOne | Rule::AtLeastOne | Rule::MaxOne => {
                c.params.iter().filter(|p| self.given(fields, p)).count()
            }
            _ => 0,
        };
        match c.rule {
            Rule::OnlyOne | Rule::AtLeastOne if count == 0 => {
                let names: Vec<String> = c.params.iter().map(|p| name(p)).collect();
                let text = match (c.rule, names.as_slice()) {
                    (_, [one]) => format!("The parameter {one} is required."),
                    (Rule::OnlyOne, _) => format!("One of the parameters {} is required.", list(&names)),
                    _ => format!("At least one of the parameters {} is required.", list(&names)),
                };
                Some(ApiError::new(code("missingparam"), text))
            }
            Rule::OnlyOne | Rule::MaxOne if count > 1 => {
                let names: Vec<String> = given().iter().map(|p| name(p)).collect();
                let text = format!("The parameters {} can not be used together.", list(&names));
                Some(ApiError::new(code("invalidparammix"), text))
            }
            Rule::CannotUseWith => {
                // `first` is given (tested above).
                let (first, others) = c.params.split_first()?;
                let other = others.iter().find(|p| self.given(fields, p))?;
                let text = format!("The {} parameter cannot be used with {}.", name(first), name(other));
                Some(ApiError::new(code("invalidparammix"), text))
            }
            Rule::MustUseWith => {
                // `first` is given (tested above).
                let [first, other, ..] = c.params else { return None };
                if self.given(fields, other) {
                    return None;
                }
                let text = format!("The {} parameter may only be used with {}.", name(first), name(other));
                Some(ApiError::new(code("invalidparammix"), text))
            }
            Rule::ExclusiveValues(pairs) => {
                let p = c.params.first()?;
                pairs.iter().find(|(a, b)| self.has_value(fields, p, a) && self.has_value(fields, p, b))?;
                let text = "Incorrect parameter - mutually exclusive values may not be supplied.";
                Some(ApiError::new(code("show"), text))
            }
            Rule::LoggedIn => match self.logged_in()? {
                true => None,
                false => Some(ApiError::new(code("notloggedin"), "You must be logged in.")),
            },
            Rule::Right(rights) => {
                let has = rights.iter().map(|r| self.has_right(r)).collect::<Option<Vec<bool>>>()?;
                if has.contains(&true) {
                    return None;
                }
                let action = right_action(rights.first()?);
                Some(ApiError::new(
                    code("permissiondenied"),
                    format!("You don't have permission to {action}."),
                ))
            }
            _ => None,
        }
    }

    /// Whether parameter `p` (without prefix) counts as given.
    fn given(&self, fields: &Fields<'_>, p: &str) -> bool {
        let module = fields.module();
        let Some(i) = position(module, p) else { return false };
        if matches!(self.field(fields, i).slot, Slot::At(_)) {
            return true;
        }
        let spec = &module.params[i];
        spec.default.is_some() && !matches!(spec.ty, Type::Boolean)
    }

    /// Whether parameter `p` has `value` among its values: those given, or else its default.
    fn has_value(&self, fields: &Fields<'_>, p: &str, value: &str) -> bool {
        let module = fields.module();
        let Some(i) = position(module, p) else { return false };
        let raw = match self.field(fields, i).slot {
            Slot::At(at) => self.params.value(at as usize),
            _ => match module.params[i].default {
                Some(d) => d,
                None => return false,
            },
        };
        if module.params[i].multi.is_none() {
            return raw == value;
        }
        split_multi(raw, crate::wire::count_multi(raw)).any(|v| v == value)
    }

    /// Whether multi-valued parameter `p` is on the wire with no value its type accepts (each
    /// was dropped with an `unrecognizedvalues` warning).
    fn given_empty(&self, fields: &Fields<'_>, p: &str) -> bool {
        let module = fields.module();
        let Some(i) = position(module, p) else { return false };
        let Slot::At(at) = self.field(fields, i).slot else { return false };
        let raw = self.params.value(at as usize);
        let spec = &module.params[i];
        let valid = |v: &str| match spec.ty {
            Type::Enum { values, .. } => values.contains(&v),
            Type::Namespace { extra } => {
                v.parse::<i32>().is_ok_and(|n| extra.contains(&n) || self.options().namespaces.contains(&n))
            }
            _ => true,
        };
        !split_multi(raw, crate::wire::count_multi(raw)).any(valid)
    }

    /// How the error of a constraint names parameter `p`: `"gcmtitle"`, as plain text shows it.
    fn name_of(&self, fields: &Fields<'_>, names: Names, p: &str) -> String {
        let module = fields.module();
        let name = match names {
            Names::Wire => [fields.outer(), module.prefix, p].concat(),
            Names::Prefixed => [module.prefix, p].concat(),
            Names::Bare => p.to_string(),
        };
        format!("\"{name}\"")
    }
}

/// Where `p` sits among the module's parameters: through its name index, as the scan finds them.
#[inline]
fn position(module: &ModuleSpec, p: &str) -> Option<usize> {
    module.index.position(module.params, p.as_bytes())
}

/// `a`, `a and b`, `a, b and c`: MediaWiki's English list of a message's `text` list parameter.
fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use crate::spec::{Constraint, ModuleSpec, Names, ParamSpec, Type};
    use crate::value::DecodeOptions;
    use crate::wire::Params;
    use crate::Decoder;
    use std::sync::Arc;

    const PARAMS: &[ParamSpec] = &[
        ParamSpec::new("title", Type::TITLE),
        ParamSpec::new("pageid", Type::INTEGER),
        ParamSpec::new("redirect", Type::Boolean),
        ParamSpec::new("prop", Type::values(&["user", "content"])).multi(50, 500).default("user"),
        ParamSpec::new("dir", Type::values(&["newer", "older"])).default("older"),
        ParamSpec::new("lang", Type::STRING),
    ];
    const MODULE: ModuleSpec = ModuleSpec::list("query+x", "x").prefix("x").params(PARAMS).constraints(&[
        Constraint::only_one(&["title", "pageid"]),
        Constraint::must_use_with(&["lang", "title"]).names(Names::Bare),
        Constraint::cannot_use_with(&["redirect", "pageid"]),
        Constraint::right(&["deletedtext", "undelete"]).when_value("prop", "content"),
        Constraint::exclusive_values(&["prop"], &[("user", "content")]),
    ]);

    fn check(query: &str, rights: Option<&[&str]>) -> Result<(), (String, String)> {
        let params = Params::parse_query(query);
        let rights = rights.map(|r| r.iter().map(|s| s.to_string()).collect::<Arc<[String]>>());
        let mut d = Decoder::new(&params, DecodeOptions { rights, ..DecodeOptions::default() });
        let fields = d.scan(&MODULE, "");
        d.constrain(&fields).map_err(|e| (e.code.to_string(), e.text))
    }

    #[test]
    fn groups_and_rights_in_order() {
        let missing =
            ("missingparam".into(), "One of the parameters \"xtitle\" and \"xpageid\" is required.".into());
        assert_eq!(check("", None), Err(missing));
        let both = (
            "invalidparammix".into(),
            "The parameters \"xtitle\" and \"xpageid\" can not be used together.".into(),
        );
        assert_eq!(check("xtitle=A&xpageid=", None), Err(both), "an empty value counts as given");
        let lang =
            ("invalidparammix".into(), "The \"lang\" parameter may only be used with \"title\".".into());
        assert_eq!(check("xpageid=1&xlang=de", None), Err(lang));
        assert_eq!(check("xtitle=A&xlang=de", None), Ok(()));
        let redirect =
            ("invalidparammix".into(), "The \"xredirect\" parameter cannot be used with \"xpageid\".".into());
        assert_eq!(check("xpageid=1&xredirect=", None), Err(redirect));
        // Rights: unknown, so left to the wiki; known, and checked only when prop has `content`.
        assert_eq!(check("xtitle=A&xprop=content", None), Ok(()));
        assert_eq!(check("xtitle=A", Some(&["read"])), Ok(()));
        let denied =
            ("permissiondenied".into(), "You don't have permission to view deleted revision text.".into());
        assert_eq!(check("xtitle=A&xprop=user|content", Some(&["read"])), Err(denied));
        assert_eq!(check("xtitle=A&xprop=content", Some(&["read", "undelete"])), Ok(()));
        let show =
            ("show".into(), "Incorrect parameter - mutually exclusive values may not be supplied.".into());
        assert_eq!(check("xtitle=A&xprop=user|content", Some(&["undelete"])), Err(show));
    }
}
