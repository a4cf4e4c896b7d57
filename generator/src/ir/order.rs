//! Decisions the IR makes about a module's parameters as a whole: which pairs become one
//! [`PageRef`](super::FieldKind::PageRef) field, and the order a decode reads them in.

use super::{names, DecodeStep, FieldKind, ParamIr, ValueType};
use crate::spec::{ConstraintRule, Module};

/// The pairs of parameters that become one [`PageRef`](super::FieldKind::PageRef) field: an `only-one`
/// constraint of two parameters and nothing else (no condition, every module role), a string title
/// and then, next to it, its integer page id, named `title` and `pageid` (the field is `page`) or
/// `from` and `fromid` (the field keeps the title's name). Neither may be deprecated or have a
/// default. Other one-of groups stay `Option` fields, checked by the constraint.
pub(super) fn page_refs(m: &Module, params: &mut [ParamIr]) {
    for c in &m.constraints {
        let plain = c.rule == ConstraintRule::OnlyOne
            && c.when.is_none()
            && c.unlessgiven.is_empty()
            && c.unlessempty.is_none()
            && c.ingenerator;
        let [title, id] = c.params.as_slice() else { continue };
        let field = match (title.as_str(), id.strip_suffix("id")) {
            ("title", _) if id == "pageid" => "page".to_string(),
            (t, Some(stem)) if t == stem => names::field_name(t),
            _ => continue,
        };
        let Some(t) = params.iter().position(|p| &p.name == title) else { continue };
        let fits = |p: &ParamIr, v: ValueType| {
            p.kind == FieldKind::Single { value: v, required: false }
                && !p.deprecated
                && p.default.is_none()
                && p.template.is_none()
        };
        let taken = params.iter().any(|p| p.field == field && &p.name != title);
        if !plain
            || taken
            || t + 1 >= params.len()
            || &params[t + 1].name != id
            || !fits(&params[t], ValueType::String)
            || !fits(&params[t + 1], ValueType::Integer)
        {
            continue;
        }
        params[t].kind = FieldKind::PageRef { id: t + 1 };
        params[t].field = field;
        params[t + 1].kind = FieldKind::PageRefId { title: t };
    }
}

/// MediaWiki's validation order for a module (docs/mediawiki-1.39-validation.md §1): the module's
/// parameters as one block in declaration order, templated ones last; ApiPageSet's parameters as a
/// block of their own (before the module's for `query`, which builds its page set first, after them
/// elsewhere); then the generator, then the submodules each submodule parameter named.
pub(super) fn decode_order(path: &str, params: &[ParamIr]) -> Vec<DecodeStep> {
    let own: Vec<usize> = (0..params.len()).filter(|&i| !params[i].pageset).collect();
    let pageset: Vec<usize> = (0..params.len()).filter(|&i| params[i].pageset).collect();
    let block = |idx: &[usize]| -> Vec<DecodeStep> {
        let mut steps: Vec<DecodeStep> = idx
            .iter()
            .filter(|&&i| params[i].template.is_none())
            .chain(idx.iter().filter(|&&i| params[i].template.is_some()))
            .map(|&i| DecodeStep::Param(i))
            .collect();
        if !steps.is_empty() {
            steps.push(DecodeStep::Check);
        }
        steps
    };
    let mut order = Vec::new();
    if path == "query" {
        order.extend(block(&pageset));
        order.extend(block(&own));
    } else {
        order.extend(block(&own));
        if !pageset.is_empty() {
            order.push(DecodeStep::BeforeExecute);
        }
        order.extend(block(&pageset));
    }
    let subs = |generator: bool| {
        (0..params.len()).filter(move |&i| matches!(params[i].kind, FieldKind::Generator { .. }) == generator)
    };
    for i in subs(true).chain(subs(false)) {
        if matches!(params[i].kind, FieldKind::Submodule { .. } | FieldKind::Generator { .. }) {
            order.push(DecodeStep::Submodules(i));
        }
    }
    order
}
