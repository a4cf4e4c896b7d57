//! IR → Rust files. Every file is a token stream formatted by prettyplease, so the CLI, build.rs and
//! the snapshots give identical bytes.
//!
//! The generated tree is relocatable: files are joined with `include!` and refer to each other with
//! relative paths (`super::enums::Dir`), so the same files work as the `mediawiki-api` crate's
//! sources and inside any module of a crate that `include!`s them from `OUT_DIR`:
//!
//! ```text
//! mediawiki_api.rs          the root: `pub mod action { include!("action.rs"); }` …, MODULES
//! enums.rs                  enums shared by several modules
//! submodules.rs             Action, Format, Prop, List, Meta, Generator
//! action.rs, prop.rs, …     one per group: `include!("action/block.rs");` …
//! action/block.rs, …        one per module: the request struct, its spec, encode/decode
//! ```
//!
//! Each output item has its emitter: [`request`] (the struct and its constructor), [`spec_table`]
//! (`MODULE`), [`encode`], [`decode`] (with [`lookup`]), [`enums`], [`submodules`], `server`, and
//! [`docs`]. This file assembles them, in one fixed order per file. Generated code names the
//! runtime as `rt` (`use ::mwgen_runtime::codegen as rt;`, once per group file), and the lints it
//! allows (uses of its own deprecated items) are allowed once per group module, in the root.

mod decode;
pub mod docs;
mod encode;
mod enums;
mod lookup;
mod request;
mod response;
mod server;
mod spec_table;
mod submodules;

use crate::ir::{Group, Ir, ModuleIr};
pub(crate) use docs::doc;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Encoding (the `Encode` impls): what a client needs.
    pub client: bool,
    /// Decoding and validation (the `Decode` impls): what a server needs.
    pub server: bool,
    /// Put each group (`action`, `format`, `prop`, `list`, `meta`) behind a cargo feature of that
    /// name (for the `mediawiki-api` crate; build.rs users choose modules instead).
    pub cargo_features: bool,
    /// Extra attributes on generated types, in the order given: `(matcher, attribute)`, where the
    /// matcher is `.` (every module struct and enum), a module path (`edit`, `query+allpages`) or an
    /// enum's Rust name (`Filterredir`), and the attribute is Rust text such as `#[derive(Hash)]`.
    /// Response types are left alone: their derives are fixed (their fields hold numbers and JSON).
    pub type_attributes: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Options { client: true, server: true, cargo_features: false, type_attributes: Vec::new() }
    }
}

impl Options {
    /// The attributes for the type of module `path` (or enum `name`), parsed. Every attribute was
    /// checked by [`Options::check_attributes`], so one that does not parse is left out here.
    pub(crate) fn attributes_for(&self, path_or_name: &str) -> TokenStream {
        let mut out = TokenStream::new();
        for (matcher, text) in &self.type_attributes {
            if matcher == "." || matcher == path_or_name {
                if let Ok(attrs) = parse_attributes(text) {
                    out.extend(attrs.iter().map(quote::ToTokens::to_token_stream));
                }
            }
        }
        out
    }

    /// The first attribute text that is not Rust outer attributes, with syn's reason.
    pub fn check_attributes(&self) -> Result<(), (String, String)> {
        for (_, text) in &self.type_attributes {
            parse_attributes(text).map_err(|e| (text.clone(), e.to_string()))?;
        }
        Ok(())
    }
}

fn parse_attributes(text: &str) -> syn::Result<Vec<syn::Attribute>> {
    let attrs = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text)?;
    if attrs.is_empty() {
        return Err(syn::Error::new(
            proc_macro2::Span::call_site(),
            "expected an attribute such as `#[derive(Hash)]`",
        ));
    }
    Ok(attrs)
}

/// The name of the root file of the generated tree.
pub const ROOT_FILE: &str = "mediawiki_api.rs";

#[derive(Debug, thiserror::Error)]
#[error("generated code for {file} does not parse ({source}); this is a bug in mwgen")]
pub struct EmitError {
    pub file: String,
    pub source: syn::Error,
}

/// Every file of the generated tree, by relative path, formatted.
pub(crate) fn generate(ir: &Ir, opts: &Options) -> Result<BTreeMap<String, String>, EmitError> {
    let mut files: BTreeMap<String, TokenStream> = BTreeMap::new();
    let groups: Vec<Group> =
        Group::ALL.into_iter().filter(|g| ir.modules.iter().any(|m| m.group == *g)).collect();
    for g in &groups {
        let dir = g.module_name();
        let mut includes = Vec::new();
        for m in ir.modules.iter().filter(|m| m.group == *g) {
            let rel = format!("{dir}/{}.rs", m.file);
            includes.push(rel.clone());
            files.insert(rel, module_file(ir, m, opts));
        }
        let mut shared: Vec<&str> =
            ir.reexports.get(g).into_iter().flatten().map(|&i| ir.enums[i].name.as_str()).collect();
        shared.sort_unstable();
        let reexport = (!shared.is_empty()).then(|| {
            let shared = shared.iter().map(|n| format_ident!("{n}"));
            quote!(pub use super::enums::{#(#shared),*};)
        });
        files.insert(
            format!("{dir}.rs"),
            quote!(use ::mwgen_runtime::codegen as rt; #reexport #( include!(#includes); )*),
        );
    }
    let shared: Vec<TokenStream> = (0..ir.enums.len())
        .filter(|&e| ir.enums[e].home().is_none())
        .map(|e| enums::enum_decl(ir, e, opts))
        .collect();
    // With no shared enum (a small selection) the door would be an unused import.
    let door = (!shared.is_empty()).then(|| {
        quote!(
            use ::mwgen_runtime::codegen as rt;
        )
    });
    files.insert("enums.rs".into(), quote!(#door #(#shared)*));
    files.insert("submodules.rs".into(), submodules::submodules_file(ir, opts));
    if opts.server {
        files.insert("server.rs".into(), server::server_file(ir, opts));
    }
    files.insert(ROOT_FILE.into(), root(ir, opts, &groups));

    let mut out = BTreeMap::new();
    for (path, tokens) in files {
        out.insert(path.clone(), format_file(&path, tokens)?);
    }
    Ok(out)
}

/// The `lib.rs` of a crate made of the generated tree (the `mediawiki-api` crate's).
pub fn crate_lib(spec_label: &str, generator: &str) -> Result<String, EmitError> {
    let docs = format!(
        "Typed requests and responses for every module of the MediaWiki Action API ({generator}), generated by mwgen from `{spec_label}`.\n\n\
         Each module is a struct (`action::Block`, `list::Allpages`, …) whose fields are its parameters; \
         it encodes to and decodes from the wire exactly as MediaWiki does (see `mwgen_runtime`). \
         `action=query` composes prop/list/meta submodules and a generator through the enums in `submodules`.\n\n\
         Each module that answers JSON also has a response type (`action::BlockResponse`, `list::AllpagesItem`, \
         `action::QueryResponse` for a query), learned from a real wiki and read inside \
         `mwgen_runtime::response::Envelope`; `with_response` finds a module's type by its path."
    );
    let lines = docs.lines().flat_map(docs::wrap).map(|l| if l.is_empty() { l } else { format!(" {l}") });
    let root = ROOT_FILE;
    let tokens = quote! {
        #( #![doc = #lines] )*
        include!(#root);
        pub use ::mwgen_runtime as runtime;
    };
    format_file("lib.rs", tokens)
}

fn group_blurb(g: Group) -> &'static str {
    match g {
        Group::Main => "the main module",
        Group::Action => "action modules (`action=…`)",
        Group::Format => "output formats (`format=…`)",
        Group::Prop => "query property modules (`prop=…`)",
        Group::List => "query list modules (`list=…`)",
        Group::Meta => "query meta modules (`meta=…`)",
    }
}

pub(crate) fn feature_attr(opts: &Options, g: Group) -> Option<TokenStream> {
    match g {
        Group::Action | Group::Prop | Group::List | Group::Meta if opts.cargo_features => {
            let f = g.module_name();
            Some(quote!(#[cfg(feature = #f)]))
        }
        _ => None,
    }
}

fn root(ir: &Ir, opts: &Options, groups: &[Group]) -> TokenStream {
    let mods = groups.iter().map(|g| {
        let name = format_ident!("{}", g.module_name());
        let file = format!("{}.rs", g.module_name());
        let cfg = feature_attr(opts, *g);
        let d = doc(&format!("{}.", capitalize(group_blurb(*g))));
        quote!(#d #cfg #[allow(deprecated)] pub mod #name { include!(#file); })
    });
    let specs = ir.modules.iter().map(|m| {
        let g = format_ident!("{}", m.group.module_name());
        let t = format_ident!("{}", m.type_name);
        let cfg = feature_attr(opts, m.group);
        quote!(#cfg &self::#g::#t::MODULE)
    });
    let server_mod = opts.server.then(|| {
        let cfg = opts.cargo_features.then(|| quote!(#[cfg(feature = "server")]));
        quote! {
            /// Serving the API: the `Api` trait (one method per module) and `router()`.
            #cfg
            #[allow(deprecated)]
            pub mod server { include!("server.rs"); }
        }
    });
    let answered: Vec<TokenStream> = ir
        .modules
        .iter()
        .filter_map(|m| {
            let (ty, _) = ir.responses.modules.get(&m.path)?.part.as_ref()?;
            let g = format_ident!("{}", m.group.module_name());
            let path = &m.path;
            let cfg = feature_attr(opts, m.group);
            if ty == crate::ir::response::RUNTIME_ARRAY {
                return Some(
                    quote!(#cfg #path => Some(v.visit::<::mwgen_runtime::response::ArrayAnswer>()),),
                );
            }
            let t = format_ident!("{ty}");
            Some(quote!(#cfg #path => Some(v.visit::<self::#g::#t>()),))
        })
        .collect();
    // With every group's feature off, no arm is left to use `v`.
    let unused = opts.cargo_features.then(|| quote!(let _ = &v;));
    let with_response = (!answered.is_empty()).then(|| quote! {
        /// Calls `v` with the response type of the module at `path` (`block`, `query`), if it has one.
        #[allow(deprecated)]
        pub fn with_response<V: ::mwgen_runtime::response::ResponseVisit>(path: &str, v: V) -> Option<V::Output> {
            #unused
            match path {
                #(#answered)*
                _ => None,
            }
        }
    });
    quote! {
        #with_response
        /// Enums shared by several modules' parameters.
        pub mod enums { include!("enums.rs"); }
        /// The requests a submodule parameter picks: `Action`, `Format`, `Prop`, `List`, `Meta`, `Generator`.
        #[allow(deprecated)]
        pub mod submodules { include!("submodules.rs"); }
        #(#mods)*
        #server_mod
        /// Every generated module's spec, by module path.
        #[allow(deprecated)]
        pub const MODULES: &[&::mwgen_runtime::ModuleSpec] = &[#(#specs),*];
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Everything of one module's file, in this order: the struct, its `PARAMS`, `MODULE` and
/// constructor, the `Encode` and `Decode` impls, its `Request` impl and the sets it is a member of
/// (one `rt::request_impls!` line), the enums only it uses, and its response types.
fn module_file(ir: &Ir, m: &ModuleIr, opts: &Options) -> TokenStream {
    let name = format_ident!("{}", m.type_name);
    let item = request::request_struct(ir, m, opts);
    let (spec, params) = spec_table::module_spec(ir, m);
    let new = request::constructor(ir, m);
    let encode = opts.client.then(|| encode::encode_impl(m));
    let decode = opts.server.then(|| decode::decode_impl(ir, m));
    let from = submodules::from_impls(ir, m);
    let local_enums = (0..ir.enums.len())
        .filter(|&e| ir.enums[e].home() == Some(m.path.as_str()))
        .map(|e| enums::enum_decl(ir, e, opts));
    let responses = response::response_items(ir, m, opts);
    quote! {
        #item

        impl #name {
            #params
            /// The module as paraminfo describes it (help texts aside).
            pub const MODULE: rt::ModuleSpec = #spec;
            #new
        }

        #encode
        #decode
        #from
        #(#local_enums)*
        #responses
    }
}

/// Formats one file with prettyplease, behind the "do not edit" line.
pub fn format_file(path: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|source| EmitError { file: path.to_string(), source })?;
    Ok(format!(
        "// Generated by mwgen. Do not edit: change the spec and run `mwgen generate`.\n\n{}",
        prettyplease::unparse(&file)
    ))
}
