//! Response types: one plain struct per object (its fields, then `extra` for keys the spec does not
//! describe), read and written through `rt::Object`, and one enum per closed value set, with an
//! `Other` fallback, through `rt::Closed`. The module's request names its answer with
//! `rt::Responds`.

use super::docs::doc;
use super::{feature_attr, Options};
use crate::ir::response::{Presence, RDef, RField, RTy, RUNTIME_ARRAY};
use crate::ir::{Group, Ir, ModuleIr};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The response types of `m`'s file, and its `Responds` impl.
pub fn response_items(ir: &Ir, m: &ModuleIr, opts: &Options) -> TokenStream {
    let Some(r) = ir.responses.modules.get(&m.path) else { return TokenStream::new() };
    let defs = r.defs.iter().map(|d| match d {
        RDef::Struct { name, doc: text, fields } => object(m.group, name, text, fields, opts),
        RDef::Enum { name, doc: text, values } => closed(name, text, values),
    });
    let part = r.part.as_ref().map(|(ty, at)| {
        let req = format_ident!("{}", m.type_name);
        if ty == RUNTIME_ARRAY {
            return quote!(impl rt::Responds for #req { type Response = rt::ArrayAnswer; });
        }
        let t = format_ident!("{ty}");
        quote! {
            impl rt::Part for #t { const AT: &'static str = #at; }
            impl rt::Responds for #req { type Response = #t; }
        }
    });
    quote!(#(#defs)* #part)
}

fn rust_ty(ty: &RTy, home: Option<Group>, here: Group) -> TokenStream {
    match ty {
        RTy::String => quote!(String),
        RTy::I64 => quote!(i64),
        RTy::F64 => quote!(f64),
        RTy::Bool => quote!(bool),
        RTy::Any => quote!(rt::Value),
        RTy::Extra => quote!(rt::Extra),
        RTy::Named(_, n) => {
            let n = format_ident!("{n}");
            match home {
                Some(g) if g != here => {
                    let g = format_ident!("{}", g.module_name());
                    quote!(super::#g::#n)
                }
                _ => quote!(#n),
            }
        }
        RTy::Vec(t) => {
            let t = rust_ty(t, home, here);
            quote!(Vec<#t>)
        }
        RTy::Map(t) => {
            let t = rust_ty(t, home, here);
            quote!(rt::IndexMap<String, #t>)
        }
    }
}

fn object(here: Group, name: &str, text: &str, fields: &[RField], opts: &Options) -> TokenStream {
    let t = format_ident!("{name}");
    let d = doc(text);
    let mut decls = Vec::new();
    let mut arms = Vec::new();
    let mut writes = Vec::new();
    let mut required = Vec::new();
    for f in fields {
        let id = syn::parse_str::<syn::Ident>(&f.rust).unwrap_or_else(|_| format_ident!("value"));
        let ty = rust_ty(&f.ty, f.group, here);
        let cfg = f.group.and_then(|g| feature_attr(opts, g));
        let fd = doc(&f.doc);
        let wire = &f.wire;
        let presence = if required.len() >= 64 { Presence::Optional } else { f.presence };
        let ty = if f.boxed { quote!(Box<#ty>) } else { ty };
        match presence {
            Presence::Required => decls.push(quote!(#fd #cfg pub #id: #ty)),
            _ => decls.push(quote!(#fd #cfg pub #id: Option<#ty>)),
        }
        match presence {
            Presence::Required | Presence::RequiredNullable => {
                let bit = Literal::u32_unsuffixed(required.len() as u32);
                required.push(wire.clone());
                arms.push(quote!(#cfg #wire => rt::req(#bit, &mut self.#id, map),));
                writes.push(quote!(#cfg map.serialize_entry(#wire, &self.#id)?;));
            }
            Presence::Optional if f.ty == RTy::Any && !f.boxed => {
                arms.push(quote!(#cfg #wire => rt::opt_any(&mut self.#id, map),));
                writes.push(quote!(#cfg rt::put(map, #wire, &self.#id)?;));
            }
            Presence::Optional
                if matches!(&f.ty, RTy::Vec(t) if matches!(**t, RTy::Named(..))) && !f.boxed =>
            {
                arms.push(quote!(#cfg #wire => rt::opt_list(&mut self.#id, map),));
                writes.push(quote!(#cfg rt::put(map, #wire, &self.#id)?;));
            }
            Presence::Optional => {
                arms.push(quote!(#cfg #wire => rt::opt(&mut self.#id, map),));
                writes.push(quote!(#cfg rt::put(map, #wire, &self.#id)?;));
            }
        }
    }
    let keep = quote!(rt::keep(Self::NAME, key, &mut self.extra, map));
    let read = if arms.is_empty() { keep } else { quote!(match &*key { #(#arms)* _ => #keep, }) };
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #t {
            #(#decls,)*
            /// Keys the spec does not describe, as the wiki sent them.
            pub extra: rt::Extra,
        }

        impl rt::Object for #t {
            const NAME: &'static str = #name;
            const REQUIRED: &'static [&'static str] = &[#(#required),*];
            fn read<'de, A: rt::MapAccess<'de>>(&mut self, key: rt::Cow<'de, str>, map: &mut A) -> Result<rt::Slot, A::Error> {
                #read
            }
            fn write<M: rt::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                #(#writes)*
                rt::put_extra(map, &self.extra)
            }
        }

        rt::object_serde!(#t);
    }
}

fn closed(name: &str, text: &str, values: &[(String, String)]) -> TokenStream {
    let t = format_ident!("{name}");
    let d = doc(text);
    let mut variants: Vec<String> = values.iter().map(|(v, _)| v.clone()).collect();
    crate::ir::names::dedupe(&mut variants);
    let other = if variants.iter().any(|v| v == "Other") {
        format_ident!("OtherValue")
    } else {
        format_ident!("Other")
    };
    let idents: Vec<_> = variants.iter().map(|v| format_ident!("{v}")).collect();
    let decls = idents.iter().zip(values).enumerate().map(|(i, (v, (_, wire)))| {
        let vd = doc(&format!("`{wire}`."));
        let default = (i == 0).then(|| quote!(#[default]));
        quote!(#vd #default #v)
    });
    let table = idents.iter().zip(values).map(|(v, (_, wire))| quote!((#wire, Self::#v)));
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
        pub enum #t {
            #(#decls,)*
            /// A value the spec does not list (from a newer wiki).
            #other(String),
        }

        impl rt::Closed for #t {
            const NAME: &'static str = #name;
            const TABLE: &'static [(&'static str, Self)] = &[#(#table),*];
            fn other(s: String) -> Self { Self::#other(s) }
        }

        rt::closed_serde!(#t, #other);
    }
}
