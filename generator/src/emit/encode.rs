//! `impl Encode`: one `rt::enc` call per parameter, in the wiki's order.

use super::request::ident;
use crate::ir::{FieldKind, ModuleIr, ParamIr};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `Encode` impl of module `m`.
pub fn encode_impl(m: &ModuleIr) -> TokenStream {
    let name = format_ident!("{}", m.type_name);
    // With no parameters, neither the prefix nor the sink is used.
    let (outer, out) = if m.params.is_empty() {
        (format_ident!("_outer"), format_ident!("_out"))
    } else {
        (format_ident!("outer"), format_ident!("out"))
    };
    let stmts = m.params.iter().map(|p| encode_param(m, p));
    quote! {
        impl rt::Encode for #name {
            fn encode<S: rt::Sink + ?Sized>(&self, #outer: &str, #out: &mut S) {
                #(#stmts)*
            }
        }
    }
}

/// The name pieces of a parameter for `enc::*`: `[outer, "apfrom"]` (the module prefix joined to
/// the name at generation time), or for templated parameters `[outer, "fromtext-", ""]`.
fn name_pieces(m: &ModuleIr, p: &ParamIr) -> TokenStream {
    match &p.template {
        Some((var, _)) => {
            let placeholder = format!("{{{var}}}");
            let (before, after) = p.name.split_once(&placeholder).unwrap_or((&p.name, ""));
            let before = format!("{}{before}", m.prefix);
            quote!([outer, #before, #after])
        }
        None => {
            let n = format!("{}{}", m.prefix, p.name);
            quote!([outer, #n])
        }
    }
}

fn encode_param(m: &ModuleIr, p: &ParamIr) -> TokenStream {
    let f = ident(&p.field);
    let name = name_pieces(m, p);
    // Templated maps fill their source list (the IR says which): the source sends its own values
    // and the maps' keys.
    let maps: Vec<_> = p.filled_by.iter().map(|&j| ident(&m.params[j].field)).collect();
    match &p.kind {
        FieldKind::Flag => quote!(rt::enc::flag(out, #name, self.#f);),
        FieldKind::Single { required: true, .. } => quote!(rt::enc::req(out, #name, &self.#f);),
        FieldKind::Single { required: false, .. } => quote!(rt::enc::opt(out, #name, &self.#f);),
        FieldKind::Multi { .. } if !maps.is_empty() => quote! {
            let mut #f = self.#f.clone();
            #( rt::enc::add_keys(&mut #f, &self.#maps); )*
            rt::enc::multi(out, #name, &#f);
        },
        // A required list is sent even when empty: MediaWiki reads `ids=` as given.
        FieldKind::Multi { all: false, .. } if p.required => {
            quote!(rt::enc::req_multi(out, #name, &self.#f);)
        }
        FieldKind::Multi { all: false, .. } => quote!(rt::enc::multi(out, #name, &self.#f);),
        FieldKind::Multi { all: true, .. } => {
            let all = p.multi.as_ref().and_then(|x| x.all.clone()).unwrap_or_else(|| "*".into());
            quote!(rt::enc::multi_all(out, #name, #all, &self.#f);)
        }
        FieldKind::Templated { .. } => quote!(rt::enc::templated(out, #name, &self.#f);),
        FieldKind::Upload => quote!(rt::enc::upload(out, #name, &self.#f);),
        FieldKind::Submodule { multi: true, .. } => quote!(rt::enc::submodules(out, #name, &self.#f);),
        FieldKind::Submodule { multi: false, .. } | FieldKind::Generator { .. } => {
            quote!(rt::enc::submodule(out, #name, &self.#f);)
        }
        FieldKind::PageRef { id } => {
            let id = name_pieces(m, &m.params[*id]);
            quote!(rt::enc::page_ref(out, #name, #id, &self.#f);)
        }
        // Written by its title's `page_ref`, in the title's place (the one before it).
        FieldKind::PageRefId { .. } => TokenStream::new(),
    }
}
