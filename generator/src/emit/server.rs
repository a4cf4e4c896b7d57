//! The server side of the generated tree (`server.rs`): the `Api` trait with one method per action
//! module and per query submodule, its dispatch, and `router()`.

use super::Options;
use super::{doc, ident};
use crate::ir::{Group, Ir, ModuleIr};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The trait method name of a module: `block`, `list_allpages`, `prop_info`, `meta_tokens`.
fn method(m: &ModuleIr) -> proc_macro2::Ident {
    match m.group {
        Group::Prop | Group::List | Group::Meta => format_ident!("{}_{}", m.group.module_name(), m.file),
        _ => ident(&crate::ir::names::field_name(&m.name)),
    }
}

fn served(m: &ModuleIr) -> bool {
    matches!(m.group, Group::Action | Group::Prop | Group::List | Group::Meta)
        && !matches!(m.path.as_str(), "query" | "paraminfo" | "help")
}

pub fn server_file(ir: &Ir, opts: &Options) -> TokenStream {
    let methods = ir.modules.iter().filter(|m| served(m)).map(|m| {
        let name = method(m);
        let g = format_ident!("{}", m.group.module_name());
        let t = format_ident!("{}", m.type_name);
        let what = match m.group {
            Group::Action => format!("`action={}`. The object it returns is merged into the top of the answer (MediaWiki's modules answer under their name: `{{\"{}\": …}}`).", m.name, m.name),
            g => format!("`{}={}` inside `action=query`. The object it returns is merged into the answer's `query` object; a `continue` key in it goes to the top-level `continue`.", g.module_name(), m.name),
        };
        let d = doc(&format!("{what}\n\nBy default it calls [`Api::fallback`]."));
        let params = if opts.client { quote!(::mwgen_runtime::Encode::to_params(&req)) } else { quote!({ let _ = req; ::mwgen_runtime::Params::new() }) };
        quote! {
            #d
            fn #name(&self, req: super::#g::#t, cx: &::mwgen_runtime::server::Context) -> impl ::std::future::Future<Output = Result<::mwgen_runtime::serde_json::Value, ::mwgen_runtime::ApiError>> + Send {
                async move { self.fallback(&super::#g::#t::MODULE, #params, cx).await }
            }
        }
    });
    let action_arms = ir.modules.iter().filter(|m| m.group == Group::Action && served(m)).map(|m| {
        let v = format_ident!("{}", m.type_name);
        let name = method(m);
        quote!(Some(super::submodules::Action::#v(r)) => { before(&super::action::#v::MODULE)?; api.#name(*r, cx).await })
    });
    // The arms of a submodule set's match: its members (of `group`, when given) to their methods.
    let sub_arm = |set_name: &str, group: Option<Group>| {
        let set = format_ident!("{set_name}");
        let arms: Vec<TokenStream> = ir
            .submodule_sets
            .iter()
            .find(|s| s.name == set_name)
            .map(|s| {
                s.members
                    .iter()
                    .filter_map(|(_, path)| ir.module(path))
                    .filter(|m| group.is_none_or(|g| m.group == g))
                    .map(|m| {
                        let v = format_ident!("{}", m.type_name);
                        let name = method(m);
                        quote!(super::submodules::#set::#v(r) => api.#name(*r, cx).await?,)
                    })
                    .collect()
            })
            .unwrap_or_default();
        arms
    };
    let has_query = ir.module("query").is_some();
    let query_arm = has_query.then(|| {
        let prop = sub_arm("Prop", Some(Group::Prop));
        let list = sub_arm("List", Some(Group::List));
        let meta = sub_arm("Meta", Some(Group::Meta));
        let generator_arms = sub_arm("Generator", None);
        // A set with no member (nothing of the group selected) is an empty enum: no loop over it.
        let each = |field: &str, arms: &[TokenStream]| {
            let f = format_ident!("{field}");
            (!arms.is_empty()).then(|| {
                quote! {
                    for x in q.#f {
                        out.add(match x { #(#arms)* });
                    }
                }
            })
        };
        let (prop, list, meta) = (each("prop", &prop), each("list", &list), each("meta", &meta));
        let generator = (!generator_arms.is_empty()).then(|| {
            quote! {
                if let Some(g) = q.generator {
                    out.add(match g { #(#generator_arms)* });
                }
            }
        });
        quote! {
            Some(super::submodules::Action::Query(q)) => {
                before(&super::action::Query::MODULE)?;
                let mut out = ::mwgen_runtime::server::QueryOutput::default();
                #generator
                #prop
                #list
                #meta
                Ok(out.finish())
            }
        }
    });
    let paraminfo_arm = ir.module("paraminfo").is_some().then(|| {
        quote! {
            Some(super::submodules::Action::Paraminfo(p)) => {
                let mut names: Vec<String> = p.modules.clone();
                names.extend(p.querymodules.iter().map(|m| format!("query+{}", m.as_str())));
                names.extend(p.formatmodules.iter().map(|m| m.as_str().to_string()));
                if p.mainmodule.is_some() { names.push("main".into()); }
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                Ok(::mwgen_runtime::server::paraminfo(&names, &paraminfo_json, super::MODULES))
            }
        }
    });
    let help_arm = ir.module("help").is_some().then(|| {
        quote! {
            Some(super::submodules::Action::Help(h)) => {
                let path = h.modules.first().map(String::as_str).unwrap_or("main");
                match super::MODULES.iter().find(|m| m.path == path) {
                    Some(spec) => Ok(::mwgen_runtime::server::help(spec)),
                    None => Err(::mwgen_runtime::ApiError::new("badmodule", format!("The module \"{path}\" does not have a submodule \"{path}\".")).module("help")),
                }
            }
        }
    });
    let main_help = ir
        .module("main")
        .map(|_| quote!(None => Ok(::mwgen_runtime::server::help(&super::main::Main::MODULE)),));
    let json_arms = ir.modules.iter().map(|m| {
        let path = &m.path;
        let json = &m.paraminfo;
        quote!(#path => Some(#json),)
    });
    let decode_main = ir.module("main").is_some();
    let dispatch = decode_main.then(|| {
        quote! {
            impl<A: Api> ::mwgen_runtime::server::Dispatch for Dispatcher<A> {
                fn dispatch<'a>(&'a self, params: ::mwgen_runtime::Params, cx: ::mwgen_runtime::server::Context, opts: &'a ::mwgen_runtime::server::ServerOptions) -> ::mwgen_runtime::server::BoxFuture<'a, ::mwgen_runtime::server::Reply> {
                    Box::pin(async move {
                        let checks = |spec: &::mwgen_runtime::ModuleSpec| ::mwgen_runtime::server::before_execute(spec, &params, &cx, opts);
                        let mut d = ::mwgen_runtime::Decoder::new(&params, opts.decode.clone());
                        d.set_checkpoint(&checks);
                        let result = run(&self.0, &mut d, &params, &cx, opts).await;
                        ::mwgen_runtime::server::Reply {
                            result,
                            warnings: d.take_warnings(),
                            unused: d.unused().into_iter().map(str::to_string).collect(),
                        }
                    })
                }
            }

            async fn run<A: Api>(api: &A, d: &mut ::mwgen_runtime::Decoder<'_>, params: &::mwgen_runtime::Params, cx: &::mwgen_runtime::server::Context, opts: &::mwgen_runtime::server::ServerOptions) -> Result<::mwgen_runtime::serde_json::Value, ::mwgen_runtime::ApiError> {
                let main = <super::main::Main as ::mwgen_runtime::Decode>::decode(d, "")?;
                let before = |spec: &::mwgen_runtime::ModuleSpec| ::mwgen_runtime::server::before_execute(spec, params, cx, opts);
                let _ = &before;
                #[allow(unreachable_patterns)]
                match main.action {
                    #(#action_arms)*
                    #query_arm
                    #paraminfo_arm
                    #help_arm
                    #main_help
                    #[allow(unreachable_code)]
                    _ => Err(::mwgen_runtime::ApiError::new("notimplemented", "This module is not generated in this crate.")),
                }
            }

            /// Serves `api` at `/api.php`: decodes, validates and answers exactly as MediaWiki 1.39 does.
            pub fn router<A: Api>(api: A, opts: ::mwgen_runtime::server::ServerOptions) -> ::mwgen_runtime::axum::Router {
                ::mwgen_runtime::server::router(Dispatcher(api), opts)
            }
        }
    });
    quote! {
        /// The Action API, one method per module: implement those your server supports; the others
        /// answer `notimplemented` (through [`Api::fallback`]). `action=paraminfo` and `action=help`
        /// are answered from the spec by the router itself.
        pub trait Api: Send + Sync + 'static {
            /// Where every module without its own implementation goes, with its parameters as decoded
            /// and re-encoded. By default: MediaWiki-style `notimplemented`.
            fn fallback(&self, module: &'static ::mwgen_runtime::ModuleSpec, params: ::mwgen_runtime::Params, cx: &::mwgen_runtime::server::Context) -> impl ::std::future::Future<Output = Result<::mwgen_runtime::serde_json::Value, ::mwgen_runtime::ApiError>> + Send {
                let _ = (params, cx);
                async move { Err(::mwgen_runtime::server::not_implemented(module)) }
            }
            #(#methods)*
        }

        /// Runs an [`Api`] for the router.
        pub struct Dispatcher<A>(pub A);

        #dispatch

        /// A module's `action=paraminfo` description (`helpformat=none`), by module path.
        pub fn paraminfo_json(path: &str) -> Option<&'static str> {
            match path {
                #(#json_arms)*
                _ => None,
            }
        }
    }
}
