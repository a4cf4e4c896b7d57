//! A module's `MODULE` table, and its `PARAMS` beside it in the same impl: one line per
//! parameter, through the runtime's `const fn` builders (`rt::param("tags", rt::Type::TAGS).multi(50, 500)`).

use super::request::value_type;
use crate::ir::{FieldKind, Group, Ir, ModuleIr, ParamIr, ValueType, WireType};
use crate::spec::{Constraint, ConstraintNames, ConstraintRule, ConstraintWhen};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `rt::ModuleSpec::action("block").read().write().post().token("csrf").help(…).params(Self::PARAMS)`,
/// and the `PARAMS` table when the module has parameters.
pub fn module_spec(ir: &Ir, m: &ModuleIr) -> (TokenStream, Option<TokenStream>) {
    let (path, name) = (&m.path, &m.name);
    let mut spec = match m.group {
        Group::Action if path == name => quote!(rt::ModuleSpec::action(#name)),
        Group::Format if path == name => quote!(rt::ModuleSpec::format(#name)),
        Group::Prop => quote!(rt::ModuleSpec::prop(#path, #name)),
        Group::List => quote!(rt::ModuleSpec::list(#path, #name)),
        Group::Meta => quote!(rt::ModuleSpec::meta(#path, #name)),
        g => {
            let group = g.spec_name();
            quote!(rt::ModuleSpec::new(#path, #name, #group))
        }
    };
    if !m.prefix.is_empty() {
        let prefix = &m.prefix;
        spec.extend(quote!(.prefix(#prefix)));
    }
    let f = m.flags;
    let flags = [
        (f.readrights, quote!(.read())),
        (f.writerights, quote!(.write())),
        (f.mustbeposted, quote!(.post())),
        (f.generator, quote!(.generator())),
        (f.internal, quote!(.internal())),
        (f.deprecated, quote!(.deprecated())),
        (m.dynamic_params, quote!(.dynamic_params())),
    ];
    spec.extend(flags.into_iter().filter(|(on, _)| *on).map(|(_, call)| call));
    if let Some(t) = &m.token {
        spec.extend(quote!(.token(#t)));
    }
    if let Some(url) = &m.help_url {
        spec.extend(quote!(.help(#url)));
    }
    let mut tables = TokenStream::new();
    if !m.constraints.is_empty() {
        spec.extend(quote!(.constraints(Self::CONSTRAINTS)));
        let checks = m.constraints.iter().map(constraint);
        let d = super::doc(&format!(
            "What `{}` checks of its parameters in its own code, in the order it checks them.",
            m.path
        ));
        tables.extend(quote!(#d const CONSTRAINTS: &'static [rt::Constraint] = &[#(#checks),*];));
    }
    if m.params.is_empty() {
        return (spec, (!tables.is_empty()).then_some(tables));
    }
    spec.extend(quote!(.params(Self::PARAMS)));
    let params = m.params.iter().map(|p| param_spec(ir, m, p));
    let d = super::doc(&format!("The parameters of `{}`, in paraminfo's order.", m.path));
    tables.extend(quote!(#d const PARAMS: &'static [rt::ParamSpec] = &[#(#params),*];));
    (spec, Some(tables))
}

/// `rt::Constraint::only_one(&["title", "pageid"])`, then its condition, code and naming.
fn constraint(c: &Constraint) -> TokenStream {
    let params = &c.params;
    let out = match c.rule {
        ConstraintRule::OnlyOne => quote!(rt::Constraint::only_one(&[#(#params),*])),
        ConstraintRule::AtLeastOne => quote!(rt::Constraint::at_least_one(&[#(#params),*])),
        ConstraintRule::MaxOne => quote!(rt::Constraint::max_one(&[#(#params),*])),
        ConstraintRule::CannotUseWith => quote!(rt::Constraint::cannot_use_with(&[#(#params),*])),
        ConstraintRule::MustUseWith => quote!(rt::Constraint::must_use_with(&[#(#params),*])),
        ConstraintRule::ExclusiveValues => {
            let pairs = c.pairs.iter().map(|[a, b]| quote!((#a, #b)));
            quote!(rt::Constraint::exclusive_values(&[#(#params),*], &[#(#pairs),*]))
        }
        ConstraintRule::LoggedIn => {
            let text = c.text.as_deref().unwrap_or("You must be logged in.");
            return with_options(quote!(rt::Constraint::logged_in(#text)), c, false);
        }
        ConstraintRule::Right | ConstraintRule::EnforceRange => {
            let rights = &c.rights;
            quote!(rt::Constraint::right(&[#(#rights),*]))
        }
    };
    with_options(out, c, true)
}

/// `c`'s condition, code, text (unless it went into the constructor) and naming, after `out`.
fn with_options(mut out: TokenStream, c: &Constraint, text: bool) -> TokenStream {
    match &c.when {
        Some(ConstraintWhen { param, value: Some(v) }) => out.extend(quote!(.when_value(#param, #v))),
        Some(ConstraintWhen { param, value: None }) => out.extend(quote!(.when_given(#param))),
        None => {}
    }
    if let Some(code) = &c.code {
        out.extend(quote!(.code(#code)));
    }
    if let Some(t) = c.text.as_ref().filter(|_| text) {
        out.extend(quote!(.text(#t)));
    }
    if !c.unlessgiven.is_empty() {
        let given = &c.unlessgiven;
        out.extend(quote!(.unless_given(&[#(#given),*])));
    }
    if let Some(p) = &c.unlessempty {
        out.extend(quote!(.unless_empty(#p)));
    }
    if !c.ingenerator {
        out.extend(quote!(.not_in_generator()));
    }
    match c.names {
        Some(ConstraintNames::Prefixed) => out.extend(quote!(.names(rt::Names::Prefixed))),
        Some(ConstraintNames::Bare) => out.extend(quote!(.names(rt::Names::Bare))),
        None => {}
    }
    out
}

/// `rt::param(name, type)` and one builder call per property that is not the default.
fn param_spec(ir: &Ir, m: &ModuleIr, p: &ParamIr) -> TokenStream {
    let name = &p.name;
    let ty = wire_type(ir, m, p);
    let mut out = quote!(rt::param(#name, #ty));
    if p.required {
        out.extend(quote!(.required()));
    }
    if let Some(d) = &p.default {
        out.extend(quote!(.default(#d)));
    }
    if let Some(multi) = &p.multi {
        let (l, h) = (Literal::u32_unsuffixed(multi.limit), Literal::u32_unsuffixed(multi.high_limit));
        out.extend(quote!(.multi(#l, #h)));
        if let Some(all) = &multi.all {
            out.extend(quote!(.all(#all)));
        }
        if multi.duplicates {
            out.extend(quote!(.duplicates()));
        }
    }
    if p.sensitive {
        out.extend(quote!(.sensitive()));
    }
    if p.deprecated {
        out.extend(quote!(.deprecated()));
    }
    if let Some((var, source)) = &p.template {
        out.extend(quote!(.template(#var, #source)));
    }
    if p.enforce_range {
        out.extend(quote!(.enforce_range()));
    }
    out
}

fn int(n: i64) -> Literal {
    Literal::i64_unsuffixed(n)
}

/// The parameter's `rt::Type`: a short constant or constructor, then its limits.
fn wire_type(ir: &Ir, m: &ModuleIr, p: &ParamIr) -> TokenStream {
    match &p.wire {
        WireType::String { max_bytes, max_chars } => {
            let bytes = max_bytes.map(Literal::u64_unsuffixed).map(|n| quote!(.max_bytes(#n)));
            let chars = max_chars.map(Literal::u64_unsuffixed).map(|n| quote!(.max_chars(#n)));
            quote!(rt::Type::STRING #bytes #chars)
        }
        WireType::Text => quote!(rt::Type::Text),
        WireType::Raw => quote!(rt::Type::Raw),
        WireType::Password => quote!(rt::Type::Password),
        WireType::Integer { min, max, high_max } => {
            let min = min.map(int).map(|n| quote!(.min(#n)));
            let max = max.map(int).map(|n| quote!(.max(#n)));
            let high = high_max.map(int).map(|n| quote!(.high_max(#n)));
            quote!(rt::Type::INTEGER #min #max #high)
        }
        WireType::Limit { min, max, high_max } => {
            let (a, b, c) = (int(*min), int(*max), int(*high_max));
            quote!(rt::Type::limit(#a, #b, #c))
        }
        WireType::Float => quote!(rt::Type::Float),
        WireType::Boolean => quote!(rt::Type::Boolean),
        WireType::Timestamp => quote!(rt::Type::Timestamp),
        WireType::Expiry => quote!(rt::Type::Expiry),
        WireType::User { subtypes } if subtypes.is_empty() => quote!(rt::Type::USER),
        WireType::User { subtypes } => quote!(rt::Type::user(&[#(#subtypes),*])),
        WireType::Title { must_exist: true } => quote!(rt::Type::EXISTING_TITLE),
        WireType::Title { must_exist: false } => quote!(rt::Type::TITLE),
        WireType::Namespace { extra } if extra.is_empty() => quote!(rt::Type::NAMESPACE),
        WireType::Namespace { extra } => {
            let extra = extra.iter().map(|n| int(*n));
            quote!(rt::Type::namespace(&[#(#extra),*]))
        }
        WireType::Upload => quote!(rt::Type::Upload),
        WireType::Enum { values, deprecated, .. } => {
            let ty = match enum_of(p) {
                Some(i) => {
                    let t = value_type(ir, &ValueType::Enum(i), Some(&m.path));
                    quote!(rt::one_of::<#t>())
                }
                None => quote!(rt::Type::values(&[#(#values),*])),
            };
            let deprecated =
                (!deprecated.is_empty()).then(|| quote!(.deprecated_values(&[#(#deprecated),*])));
            quote!(#ty #deprecated)
        }
        WireType::Tags { values } if values.is_empty() => quote!(rt::Type::TAGS),
        WireType::Tags { values } => quote!(rt::Type::tags(&[#(#values),*])),
    }
}

/// The enum whose values the parameter's table lists, when its field holds one.
fn enum_of(p: &ParamIr) -> Option<usize> {
    match &p.kind {
        FieldKind::Single { value: ValueType::Enum(i), .. }
        | FieldKind::Multi { value: ValueType::Enum(i), .. }
        | FieldKind::Templated { value: ValueType::Enum(i), .. } => Some(*i),
        _ => None,
    }
}
