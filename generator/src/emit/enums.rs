//! Enums of parameter values: a plain `enum` with one doc line per value, its public `ALL` table
//! (each variant beside its wire value, in the spec's order), and one `rt::str_enum_impls!` line for
//! `rt::StrEnum` (from `ALL`), `as_str`, `Display` and `FromStr`.

use super::docs::{doc, value_docs};
use super::Options;
use crate::ir::{EnumIr, Ir};
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
    let d = doc(&summary(en));
    let attrs = opts.attributes_for(&en.name);
    quote! {
        #d
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #attrs
        pub enum #name { #(#decls),* }

        impl #name {
            /// Every value beside its wire spelling, in the spec's order.
            pub const ALL: &'static [(Self, &'static str)] = &[#(#table),*];
        }

        rt::str_enum_impls!(#name);
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
