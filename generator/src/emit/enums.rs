//! Enums of parameter values: a plain `enum` with one doc line per value, its `rt::StrEnum` table
//! (each variant beside its wire value, in the spec's order), and `as_str`, `Display` and `FromStr`,
//! each a one-line call into the runtime.

use super::docs::{doc, value_docs};
use super::Options;
use crate::ir::{EnumIr, Ir};
use proc_macro2::Literal;
use quote::{format_ident, quote};

/// Enum `ir.enums[e]` and its impls.
pub fn enum_decl(ir: &Ir, e: usize, opts: &Options) -> proc_macro2::TokenStream {
    let en = &ir.enums[e];
    let name = format_ident!("{}", en.name);
    let helps = value_docs(ir, e);
    let variants: Vec<_> = en.variants.iter().map(|v| format_ident!("{}", v)).collect();
    let decls = variants.iter().zip(&en.values).zip(helps).map(|((v, value), help)| {
        let text = help.unwrap_or_else(|| format!("`{value}`"));
        let d = doc(&format!("{text}{}", deprecation(en, value)));
        quote!(#d #v)
    });
    let table = variants.iter().zip(&en.values).map(|(v, value)| quote!((Self::#v, #value)));
    let len = Literal::usize_unsuffixed(en.values.len());
    let d = doc(&summary(en));
    let attrs = opts.attributes_for(&en.name);
    quote! {
        #d
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #attrs
        pub enum #name { #(#decls),* }

        impl rt::StrEnum for #name {
            const TABLE: &'static [(Self, &'static str)] = &[#(#table),*];
            const VALUES: &'static [&'static str] = &rt::wire_values::<_, #len>(Self::TABLE);
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

/// The enum's doc line: the parameters that take it and their modules.
fn summary(en: &EnumIr) -> String {
    let names: std::collections::BTreeSet<&str> = en.params.iter().map(|(_, p)| p.as_str()).collect();
    let params: Vec<String> = names.iter().map(|p| format!("`{p}`")).collect();
    let params = match params.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => params.concat(),
    };
    let used: Vec<&str> = en.used_by.iter().map(String::as_str).collect();
    format!("Values of {params} (used by {}).", used.join(", "))
}

/// ` (deprecated)` when every parameter taking the enum deprecates `value`; naming the
/// parameters when only some do; nothing otherwise.
fn deprecation(en: &EnumIr, value: &str) -> String {
    match en.deprecated.get(value) {
        None => String::new(),
        Some(by) if *by == en.params => " (deprecated)".into(),
        Some(by) => {
            let by: Vec<String> = by.iter().map(|(m, p)| format!("`{p}` of {m}")).collect();
            format!(" (deprecated for {})", by.join(", "))
        }
    }
}
