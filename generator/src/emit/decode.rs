//! `impl Decode`: one scan of the request finds the module's parameters, then each is read and
//! validated in MediaWiki's order. Each parameter's position in `MODULE.params` has a name
//! (`const TAGS: usize = 12;`), used by the scan's lookup and by the reads.

use super::lookup::shape_lookup;
use super::request::{ident, is_required};
use crate::ir::{DecodeStep, FieldKind, Ir, ModuleIr, ParamIr};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// The `Decode` impl of module `m`.
pub fn decode_impl(ir: &Ir, m: &ModuleIr) -> TokenStream {
    let name = format_ident!("{}", m.type_name);
    let outer = if m.params.is_empty() { format_ident!("_outer") } else { format_ident!("outer") };
    let body = decode_body(ir, m);
    quote! {
        impl rt::Decode for #name {
            fn decode(d: &mut rt::Decoder<'_>, #outer: &str) -> Result<Self, rt::ApiError> {
                #body
            }
        }
    }
}

/// The name of parameter `p`'s position: its field in capitals.
fn position(p: &ParamIr) -> Ident {
    format_ident!("{}", p.field.trim_start_matches("r#").to_uppercase())
}

/// The local holding a submodule parameter's names until the modules are decoded.
fn names_local(p: &ParamIr) -> Ident {
    let base = p.field.trim_start_matches("r#");
    match p.kind {
        FieldKind::Submodule { multi: true, .. } => format_ident!("{base}_names"),
        _ => format_ident!("{base}_name"),
    }
}

fn decode_body(ir: &Ir, m: &ModuleIr) -> TokenStream {
    if m.params.is_empty() {
        return quote! {
            d.enter(&Self::MODULE);
            Ok(Self {})
        };
    }
    let positions = m.params.iter().enumerate().map(|(i, p)| {
        let (c, i) = (position(p), Literal::usize_unsuffixed(i));
        quote!(const #c: usize = #i;)
    });
    // Templated parameters are searched for when read; the scan finds the others.
    let slots = if m.params.iter().any(|p| p.template.is_some()) {
        let initial = m.params.iter().map(|p| match p.template {
            Some(_) => quote!(rt::Slot::Unscanned),
            None => quote!(rt::Slot::Absent),
        });
        quote!([#(#initial),*])
    } else {
        let n = Literal::usize_unsuffixed(m.params.len());
        quote!([rt::Slot::Absent; #n])
    };
    let scanned: Vec<(TokenStream, &str)> = m
        .params
        .iter()
        .filter(|p| p.template.is_none())
        .map(|p| {
            let c = position(p);
            (quote!(#c), p.name.as_str())
        })
        .collect();
    let lookup = shape_lookup(&scanned);
    let steps = m.decode_order.iter().map(|step| decode_step(ir, m, step));
    let fields = m.params.iter().map(|p| {
        let f = ident(&p.field);
        if is_required(p) {
            quote!(#f: d.present(#f)?)
        } else {
            quote!(#f)
        }
    });
    quote! {
        #(#positions)*
        let mut slots = #slots;
        let lookup = |n: &[u8]| #lookup;
        let fields = d.scan(&Self::MODULE, outer, &mut slots, lookup);
        #(#steps)*
        Ok(Self { #(#fields),* })
    }
}

fn decode_step(ir: &Ir, m: &ModuleIr, step: &DecodeStep) -> TokenStream {
    let i = match step {
        DecodeStep::Check => return quote!(d.check()?;),
        DecodeStep::BeforeExecute => return quote!(d.before_execute(&Self::MODULE)?;),
        DecodeStep::Submodules(i) => return decode_submodules(&m.params[*i]),
        DecodeStep::Param(i) => *i,
    };
    let p = &m.params[i];
    let (f, at) = (ident(&p.field), position(p));
    let set = |s: usize| format_ident!("{}", ir.submodule_sets[s].name);
    match &p.kind {
        FieldKind::Flag => quote!(let #f = d.flag(&fields, #at);),
        FieldKind::Single { required: true, .. } => quote!(let #f = d.required(&fields, #at);),
        FieldKind::Single { required: false, .. } => quote!(let #f = d.optional(&fields, #at);),
        FieldKind::Multi { all: false, .. } => quote!(let #f: Vec<_> = d.multi(&fields, #at);),
        FieldKind::Multi { all: true, .. } => quote!(let #f = d.multi_all(&fields, #at);),
        FieldKind::Templated { source, .. } => {
            let s = ident(&m.params[*source].field);
            quote!(let #f = d.templated(&fields, #at, &#s);)
        }
        FieldKind::Upload => quote!(let #f = d.upload(&fields, #at);),
        // Names checked with the set's lookup; the modules are decoded after the check.
        FieldKind::Submodule { set: s, multi: true } => {
            let (names, set) = (names_local(p), set(*s));
            quote! {
                let mut #names = rt::SubmoduleNames::<super::submodules::#set>::new();
                d.multi_into(&fields, #at, &mut #names);
            }
        }
        FieldKind::Submodule { set: s, multi: false } => {
            let (names, set) = (names_local(p), set(*s));
            quote!(let #names: Option<rt::SubmoduleName<super::submodules::#set>> = d.optional(&fields, #at);)
        }
        // A plain string for the page set; `badgenerator` comes later.
        FieldKind::Generator { .. } => {
            let names = names_local(p);
            quote!(let #names: Option<String> = d.optional(&fields, #at);)
        }
    }
}

/// Decoding the submodule requests a submodule parameter named.
fn decode_submodules(p: &ParamIr) -> TokenStream {
    let (f, names) = (ident(&p.field), names_local(p));
    match p.kind {
        FieldKind::Submodule { multi: true, .. } => quote!(let #f = d.submodules(&#names)?;),
        FieldKind::Submodule { multi: false, .. } => quote!(let #f = d.submodule(#names)?;),
        _ => quote!(let #f = d.generator(#names.as_deref(), super::submodules::NOT_GENERATORS)?;),
    }
}
