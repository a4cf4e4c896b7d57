//! Enums of parameter values: a plain `enum` with one doc line per value, its `rt::StrEnum` table
//! (the wire values and the variants, in the spec's order), and `as_str`, `Display` and `FromStr`.

use super::docs::{doc, value_docs};
use super::Options;
use crate::ir::Ir;
use quote::{format_ident, quote};

/// Enum `ir.enums[e]` and its impls.
pub fn enum_decl(ir: &Ir, e: usize, opts: &Options) -> proc_macro2::TokenStream {
    let en = &ir.enums[e];
    let name = format_ident!("{}", en.name);
    let helps = value_docs(ir, e);
    let variants: Vec<_> = en.variants.iter().map(|v| format_ident!("{}", v)).collect();
    let decls = variants.iter().zip(&en.values).zip(helps).map(|((v, value), help)| {
        let text = help.unwrap_or_else(|| format!("`{value}`"));
        let text = if en.deprecated.contains(value) { format!("{text} (deprecated)") } else { text };
        let d = doc(&text);
        quote!(#d #v)
    });
    let values = &en.values;
    let used: Vec<&str> = en.used_by.iter().map(String::as_str).collect();
    let d = doc(&format!("Values of `{}`-style parameters (used by {}).", en.name, used.join(", ")));
    let attrs = opts.attributes_for(&en.name);
    quote! {
        #d
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #attrs
        pub enum #name { #(#decls),* }

        impl rt::StrEnum for #name {
            const VALUES: &'static [&'static str] = &[#(#values),*];
            const ALL: &'static [Self] = &[#(Self::#variants),*];
            fn index(self) -> usize { self as usize }
        }

        impl #name {
            /// The value as MediaWiki spells it.
            pub fn as_str(self) -> &'static str { rt::StrEnum::as_str(self) }
        }

        impl rt::fmt::Display for #name {
            fn fmt(&self, f: &mut rt::fmt::Formatter<'_>) -> rt::fmt::Result { f.write_str(self.as_str()) }
        }

        impl rt::FromStr for #name {
            type Err = rt::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> { rt::parse(s) }
        }
    }
}
