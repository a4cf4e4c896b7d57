//! The request struct a user fills in: its fields, their types and docs, and its constructor.

use super::docs::{doc, module_doc, param_doc};
use super::Options;
use crate::ir::{FieldKind, Ir, ModuleIr, ParamIr, ValueType};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

/// A Rust identifier, raw when it is a keyword (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The type of one value, seen from a module of `home` (or from the shared `enums` module).
pub fn value_type(ir: &Ir, v: &ValueType, home: Option<&str>) -> TokenStream {
    match v {
        ValueType::String => quote!(String),
        ValueType::Secret => quote!(rt::Secret),
        ValueType::Title => quote!(rt::Title),
        ValueType::User => quote!(rt::UserName),
        ValueType::Timestamp => quote!(rt::Timestamp),
        ValueType::Expiry => quote!(rt::Expiry),
        ValueType::Namespace => quote!(rt::Namespace),
        ValueType::Integer => quote!(i64),
        ValueType::Limit => quote!(rt::Limit),
        ValueType::Float => quote!(f64),
        ValueType::Enum(i) => {
            let e = &ir.enums[*i];
            let name = format_ident!("{}", e.name);
            // Inside a group, every enum its modules take is in scope: defined in the module's
            // file, or re-exported by the group (`Ir::reexports`).
            match home {
                Some(_) => quote!(#name),
                None => quote!(self::enums::#name),
            }
        }
    }
}

/// The type of a parameter's field.
pub fn field_type(ir: &Ir, m: &ModuleIr, p: &ParamIr) -> TokenStream {
    let home = Some(m.path.as_str());
    let set_name = |set: usize| format_ident!("{}", ir.submodule_sets[set].name);
    match &p.kind {
        FieldKind::Flag => quote!(bool),
        FieldKind::Single { value, required: true } => value_type(ir, value, home),
        FieldKind::Single { value, required: false } => {
            let t = value_type(ir, value, home);
            quote!(Option<#t>)
        }
        FieldKind::Multi { value, all: false } => {
            let t = value_type(ir, value, home);
            quote!(Vec<#t>)
        }
        FieldKind::Multi { value, all: true } => {
            let t = value_type(ir, value, home);
            quote!(rt::Multi<#t>)
        }
        FieldKind::Templated { key, value, .. } => {
            let (k, v) = (value_type(ir, key, home), value_type(ir, value, home));
            quote!(rt::BTreeMap<#k, #v>)
        }
        FieldKind::Upload => quote!(Option<rt::Upload>),
        FieldKind::Submodule { set, multi: true } => {
            let name = set_name(*set);
            quote!(Vec<super::submodules::#name>)
        }
        FieldKind::Submodule { set, multi: false } | FieldKind::Generator { set } => {
            let name = set_name(*set);
            quote!(Option<super::submodules::#name>)
        }
        FieldKind::PageRef { .. } => quote!(rt::PageRef),
        // Held by its title's field; never asked for.
        FieldKind::PageRefId { .. } => quote!(i64),
    }
}

/// Whether `p` has a field of its own: all but a page id, which its title's `PageRef` holds.
pub fn has_field(p: &ParamIr) -> bool {
    !matches!(p.kind, FieldKind::PageRefId { .. })
}

/// A constructor argument: a required single value.
pub fn is_required(p: &ParamIr) -> bool {
    matches!(p.kind, FieldKind::Single { required: true, .. } | FieldKind::PageRef { .. })
}

/// The struct, with its docs, attributes and `#[deprecated]` marks.
pub fn request_struct(ir: &Ir, m: &ModuleIr, opts: &Options) -> TokenStream {
    let name = format_ident!("{}", m.type_name);
    let mut text = module_doc(m);
    if let Some(r) = ir.responses.modules.get(&m.path).filter(|r| !r.doc.is_empty()) {
        text = format!("{text}\n\n{}", r.doc);
    }
    let sdoc = doc(&text);
    let fields = m.params.iter().filter(|p| has_field(p)).map(|p| {
        let (f, t, d) = (ident(&p.field), field_type(ir, m, p), doc(&param_doc(ir, m, p)));
        let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
        quote!(#d #deprecated pub #f: #t)
    });
    let derive_default = m.params.iter().all(|p| !is_required(p)).then(|| quote!(Default,));
    let deprecated = m.flags.deprecated.then(|| quote!(#[deprecated]));
    let attrs = opts.attributes_for(&m.path);
    quote! {
        #sdoc
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #deprecated
        #attrs
        pub struct #name { #(#fields),* }
    }
}

/// `new()`: the required parameters as arguments, every other field unset.
pub fn constructor(ir: &Ir, m: &ModuleIr) -> TokenStream {
    let required: Vec<&ParamIr> = m.params.iter().filter(|p| is_required(p)).collect();
    if required.is_empty() {
        return quote! {
            /// A request with every parameter unset.
            pub fn new() -> Self { Self::default() }
        };
    }
    let args = required.iter().map(|p| {
        let (f, t) = (ident(&p.field), field_type(ir, m, p));
        quote!(#f: impl Into<#t>)
    });
    let inits = m.params.iter().filter(|p| has_field(p)).map(|p| {
        let f = ident(&p.field);
        if is_required(p) {
            quote!(#f: #f.into())
        } else {
            quote!(#f: Default::default())
        }
    });
    quote! {
        /// A request with its required parameters; the others unset.
        pub fn new(#(#args),*) -> Self { Self { #(#inits),* } }
    }
}
