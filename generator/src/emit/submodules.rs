//! Submodule sets (`Action`, `Format`, `Prop`, `List`, `Meta`, `Generator`): a plain `enum` of the
//! requests a submodule parameter picks, one doc line per member, and its `Submodule`,
//! `SubmoduleEncode` and `SubmoduleDecode` impls. Each member's `From` impls sit in its module's file,
//! in one `rt::request_impls!` line with its `Request` impl.

use super::docs::{doc, wikitext_to_markdown};
use super::lookup::shape_lookup;
use super::{feature_attr, Options};
use crate::ir::{Ir, ModuleIr, SubmoduleSetIr};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// One member of a set: its wire name and its module.
struct Member<'a> {
    wire: &'a str,
    module: &'a ModuleIr,
    cfg: Option<TokenStream>,
}

/// The whole `submodules.rs`: every set, then the query submodules that cannot generate.
pub fn submodules_file(ir: &Ir, opts: &Options) -> TokenStream {
    let sets = ir.submodule_sets.iter().map(|set| submodule_set(ir, set, opts));
    let others = &ir.not_generators;
    quote! {
        use ::mwgen_runtime::codegen as rt;
        #(#sets)*
        /// Query submodules that cannot be used as a generator.
        pub const NOT_GENERATORS: &[&str] = &[#(#others),*];
    }
}

fn submodule_set(ir: &Ir, set: &SubmoduleSetIr, opts: &Options) -> TokenStream {
    let name = format_ident!("{}", set.name);
    let outer = &set.outer;
    let members: Vec<Member> = set
        .members
        .iter()
        .filter_map(|(wire, path)| ir.module(path).map(|module| (wire, module)))
        .map(|(wire, module)| Member { wire, module, cfg: feature_attr(opts, module.group) })
        .collect();
    let ty = |m: &Member| {
        let (g, t) =
            (format_ident!("{}", m.module.group.module_name()), format_ident!("{}", m.module.type_name));
        (t.clone(), quote!(super::#g::#t))
    };
    let decls = members.iter().map(|m| {
        let ((v, t), cfg) = (ty(m), &m.cfg);
        let summary = m.module.description.as_deref().map(wikitext_to_markdown).unwrap_or_default();
        let first = summary.lines().next().filter(|l| !l.is_empty());
        let d = doc(&match first {
            Some(text) => format!("`{}`: {text}", m.wire),
            None => format!("`{}`", m.wire),
        });
        quote!(#d #cfg #v(Box<#t>))
    });
    // A set whose members all sit behind one feature (`List` behind `list`) has its matches in one
    // impl behind that feature, and an empty one without it; other sets gate each arm.
    let group =
        members.first().map(|m| m.module.group).filter(|g| members.iter().all(|m| m.module.group == *g));
    let gate = group.and_then(|g| feature_attr(opts, g));
    let uniform = gate.is_some();
    let arm_cfg = |m: &Member| if uniform { None } else { m.cfg.clone() };
    // Members can all be switched off by features: then the arguments go unused.
    let vanishing = members.is_empty() || (opts.cargo_features && !uniform);
    // A client reaches the request picked through one generic `with` (its spec and its encoding
    // both); a server-only tree needs only the spec.
    let picked = if opts.client {
        let arms = members.iter().map(|m| {
            let ((v, _), cfg) = (ty(m), arm_cfg(m));
            quote!(#cfg Self::#v(ref r) => v.visit(&**r),)
        });
        let unused = vanishing.then(|| quote!(let _ = &v;));
        quote! {
            /// Hands the request picked to `v`.
            fn with<V: rt::Visit>(&self, v: V) -> V::Output {
                #unused
                match *self { #(#arms)* }
            }

            /// The spec of the module picked.
            fn spec(&self) -> &'static rt::ModuleSpec { self.with(rt::SpecOf) }
        }
    } else {
        let arms = members.iter().map(|m| {
            let ((v, t), cfg) = (ty(m), arm_cfg(m));
            quote!(#cfg Self::#v(_) => &#t::MODULE,)
        });
        quote! {
            /// The spec of the module picked.
            fn spec(&self) -> &'static rt::ModuleSpec {
                match *self { #(#arms)* }
            }
        }
    };
    // The wire name is the module's name but for sets that rename (none in MediaWiki 1.39).
    let name_fn = if members.iter().all(|m| m.wire == m.module.name) {
        quote!(self.spec().name)
    } else {
        let arms = members.iter().map(|m| {
            let ((v, _), cfg, wire) = (ty(m), &m.cfg, m.wire);
            quote!(#cfg Self::#v(_) => #wire,)
        });
        quote!(match *self { #(#arms)* })
    };
    let d = doc(&format!(
        "A request picked by a `{}` parameter{}.",
        set.name.to_lowercase(),
        if outer.is_empty() {
            String::new()
        } else {
            format!(" (its parameters take the extra prefix `{outer}`)")
        }
    ));
    // A member's position is its place in the enum: `position` finds the only member a name
    // can be, `decode_at` compares the name once and decodes that member.
    let names: Vec<(TokenStream, &str)> = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let i = Literal::usize_unsuffixed(i);
            (quote!(#i), m.wire)
        })
        .collect();
    let lookup = opts.server.then(|| shape_lookup(&names));
    let unused = vanishing.then(|| quote!(let _ = (&d, name);));
    // `rt::member` compares the name with the module's; a member under another name is
    // compared with that name first.
    let arms = members.iter().zip(&names).map(|(m, (i, wire))| {
        let ((v, _), cfg) = (ty(m), arm_cfg(m));
        if *wire == m.module.name {
            quote!(#cfg #i => rt::member(d, name, #outer, Self::#v),)
        } else {
            let (wire, module) = (Literal::byte_string(wire.as_bytes()), &m.module.name);
            quote!(#cfg #i if rt::bytes_eq(name.as_bytes(), #wire) => rt::member(d, #module, #outer, Self::#v),)
        }
    });
    // A set left empty by the selection has no member to match.
    let matched = quote!(#unused match position { #(#arms)* _ => None });
    let body = if members.is_empty() {
        quote!(let _ = (position, name, d); None)
    } else if uniform {
        quote!(Self::member(position, name, d))
    } else {
        matched.clone()
    };
    // Behind the set's feature, the member at a position; without it, none.
    let member_fn = (opts.server && uniform).then(|| {
        quote! {
            /// Decodes the member at `position` if `name` is its name.
            #[inline]
            fn member(position: usize, name: &str, d: &mut rt::Decoder<'_>) -> Option<Result<Self, rt::ApiError>> {
                #matched
            }
        }
    });
    let empty_member = member_fn.as_ref().map(|_| {
        quote! {
            fn member(_: usize, _: &str, _: &mut rt::Decoder<'_>) -> Option<Result<Self, rt::ApiError>> {
                None
            }
        }
    });
    // The set without its feature: no member, so nothing to visit or decode.
    let empty = uniform.then(|| {
        let not = group.map(|g| g.module_name()).unwrap_or_default();
        let visit = opts.client.then(|| {
            quote! {
                fn with<V: rt::Visit>(&self, v: V) -> V::Output {
                    let _ = v;
                    match *self {}
                }
            }
        });
        let spec = if opts.client { quote!(self.with(rt::SpecOf)) } else { quote!(match *self {}) };
        let spec = quote!(fn spec(&self) -> &'static rt::ModuleSpec { #spec });
        quote! {
            #[cfg(not(feature = #not))]
            impl #name { #visit #spec #empty_member }
        }
    });
    let mut out = quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#decls),* }

        #gate
        impl #name { #picked #member_fn }
        #empty

        impl rt::Submodule for #name {
            const OUTER: &'static str = #outer;
            fn name(&self) -> &'static str { #name_fn }
            fn path(&self) -> &'static str { self.spec().path }
        }
    };
    if opts.client {
        out.extend(quote! {
            impl rt::SubmoduleEncode for #name {
                fn encode_params<S: rt::Sink + ?Sized>(&self, out: &mut S) {
                    self.with(rt::EncodeInto(#outer, out))
                }
            }
        });
    }
    if opts.server {
        out.extend(quote! {
            impl rt::SubmoduleDecode for #name {
                #[inline]
                fn position(n: &[u8]) -> usize { #lookup }


                fn decode_at(position: usize, name: &str, d: &mut rt::Decoder<'_>) -> Option<Result<Self, rt::ApiError>> {
                    #body
                }
            }
        });
    }
    out
}

/// Module `m`'s `Request` impl, and the `From` impls that put it into each set it is a member of.
pub fn from_impls(ir: &Ir, m: &ModuleIr) -> TokenStream {
    let t = format_ident!("{}", m.type_name);
    let sets = ir.submodule_sets.iter().filter(|s| s.members.iter().any(|(_, path)| *path == m.path));
    let sets: Vec<_> = sets.map(|s| format_ident!("{}", s.name)).collect();
    if sets.is_empty() {
        return quote!(rt::request_impls!(#t););
    }
    quote!(rt::request_impls!(#t => #(super::submodules::#sets),*);)
}
