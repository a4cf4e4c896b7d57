//! The server side of the generated tree (`server.rs`): the `Api` trait with one method per action
//! module and per query submodule, its dispatch, `router()`, and the side table from which the
//! router derives `action=paraminfo`. Every choice is made in [`crate::ir::server`]; this renders it.

use super::doc;
use super::Options;
use crate::ir::server::{MethodIr, ParamInfoIr, ParaminfoIr, ServerIr, SetDispatchIr, SubmodulesIr};
use crate::ir::{Group, Ir};
use crate::spec::Scalar;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

fn trait_method(m: &MethodIr, opts: &Options) -> TokenStream {
    let (name, g, t) = (
        format_ident!("{}", m.name),
        format_ident!("{}", m.group.module_name()),
        format_ident!("{}", m.type_name),
    );
    let d = match m.group {
        Group::Action => doc(&format!("`action={}`.", m.module)),
        g => doc(&format!("`{}={}` inside `action=query`.", g.module_name(), m.module)),
    };
    let params = if opts.client {
        quote!(req.to_params())
    } else {
        quote!({
            let _ = req;
            Params::new()
        })
    };
    quote! {
        #d
        fn #name(&self, req: #g::#t, cx: &Context) -> impl Future<Output = Answer> + Send {
            async move { self.fallback(&#g::#t::MODULE, #params, cx).await }
        }
    }
}

/// The loop (or `if let`) over one of query's submodule fields.
fn query_set(s: &SetDispatchIr, methods: &[MethodIr]) -> TokenStream {
    let (field, set) = (format_ident!("{}", s.field), format_ident!("{}", s.set));
    let arms = s.arms.iter().map(|(variant, i)| {
        let (v, name) = (format_ident!("{variant}"), format_ident!("{}", methods[*i].name));
        quote!(super::submodules::#set::#v(r) => api.#name(*r, cx).await?,)
    });
    if s.multi {
        quote!(for x in q.#field { out.add(match x { #(#arms)* }); })
    } else {
        quote!(if let Some(g) = q.#field { out.add(match g { #(#arms)* }); })
    }
}

fn run_fn(s: &ServerIr) -> TokenStream {
    let action_arms = s.actions.iter().map(|&i| {
        let m = &s.methods[i];
        let (v, name) = (format_ident!("{}", m.type_name), format_ident!("{}", m.name));
        quote!(Some(super::submodules::Action::#v(r)) => { before(&super::action::#v::MODULE)?; api.#name(*r, cx).await })
    });
    let query_arm = s.query.as_ref().map(|sets| {
        let sets = sets.iter().map(|d| query_set(d, &s.methods));
        quote! {
            Some(super::submodules::Action::Query(q)) => {
                before(&super::action::Query::MODULE)?;
                let mut out = ::mwgen_runtime::server::QueryOutput::default();
                #(#sets)*
                Ok(out.finish())
            }
        }
    });
    let paraminfo_arm = s.paraminfo.then(|| {
        quote! {
            Some(super::submodules::Action::Paraminfo(p)) => {
                let mut names: Vec<String> = p.modules.clone();
                names.extend(p.querymodules.iter().map(|m| format!("query+{}", m.as_str())));
                names.extend(p.formatmodules.iter().map(|m| m.as_str().to_string()));
                if p.mainmodule.is_some() { names.push("main".into()); }
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                Ok(::mwgen_runtime::server::paraminfo(&names, super::MODULES, PARAMINFO, opts))
            }
        }
    });
    let help_arm = s.help.then(|| {
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
    quote! {
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
                None => Ok(::mwgen_runtime::server::help(&super::main::Main::MODULE)),
                #[allow(unreachable_code)]
                _ => Err(::mwgen_runtime::ApiError::new("notimplemented", "This module is not generated in this crate.")),
            }
        }
    }
}

fn dispatch(s: &ServerIr) -> TokenStream {
    let run = run_fn(s);
    quote! {
        impl<A: Api> ::mwgen_runtime::server::Dispatch for Dispatcher<A> {
            fn dispatch<'a>(&'a self, params: ::mwgen_runtime::Params, cx: ::mwgen_runtime::server::Context, opts: &'a ::mwgen_runtime::server::ServerOptions) -> ::mwgen_runtime::server::BoxFuture<'a, ::mwgen_runtime::server::Reply> {
                Box::pin(async move {
                    let checks = |spec: &::mwgen_runtime::ModuleSpec| ::mwgen_runtime::server::before_execute(spec, &params, &cx, opts);
                    let mut d = ::mwgen_runtime::Decoder::new(&params, opts.decode.clone());
                    d.set_checkpoint(&checks);
                    let result = run(&self.0, &mut d, &params, &cx, opts).await;
                    // An error reports no unrecognized parameters: not worth collecting them.
                    let unused = if result.is_ok() { d.unused().into_iter().map(str::to_string).collect() } else { Vec::new() };
                    ::mwgen_runtime::server::Reply {
                        result,
                        warnings: d.take_warnings(),
                        unused,
                    }
                })
            }
        }

        #run

        /// Serves `api` at `/api.php`: decodes, validates and answers exactly as MediaWiki 1.39 does.
        pub fn router<A: Api>(api: A, opts: ::mwgen_runtime::server::ServerOptions) -> ::mwgen_runtime::axum::Router {
            ::mwgen_runtime::server::router(Dispatcher(api), opts)
        }
    }
}

fn opt_str(s: &Option<String>) -> TokenStream {
    match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

fn param_info(p: &ParamInfoIr, t: &ParaminfoIr) -> TokenStream {
    let index = Literal::usize_unsuffixed(p.index);
    let mut calls = Vec::new();
    if let Some(l) = p.values {
        let list = format_ident!("{}", t.lists[l].name);
        calls.push(quote!(.values(#list)));
    }
    match &p.submodules {
        Some(SubmodulesIr::Prefixed(prefix)) => calls.push(quote!(.submodules(#prefix))),
        Some(SubmodulesIr::Map(map)) => {
            let pairs = map.iter().map(|(k, v)| quote!((#k, #v)));
            calls.push(quote!(.submodule_map(&[#(#pairs),*])));
        }
        None => {}
    }
    if let Some(prefix) = &p.submodule_prefix {
        calls.push(quote!(.submodule_prefix(#prefix)));
    }
    if !p.internal_values.is_empty() {
        let v = &p.internal_values;
        calls.push(quote!(.internal_values(&[#(#v),*])));
    }
    if !p.info.is_empty() {
        let notes = p.info.iter().map(|(name, values)| {
            let values = values.as_ref().map(|vs| {
                let vs = vs.iter().map(|v| match v {
                    Scalar::Integer(n) => quote!(InfoValue::Int(#n)),
                    Scalar::String(s) => quote!(InfoValue::Str(#s)),
                });
                quote!(.values(&[#(#vs),*]))
            });
            quote!(Info::new(#name)#values)
        });
        calls.push(quote!(.info(&[#(#notes),*])));
    }
    quote!(ParamInfo::at(#index)#(#calls)*)
}

/// The side table: sources, the value lists the spec tables do not hold, one entry per module.
fn paraminfo_table(t: &ParaminfoIr) -> TokenStream {
    let sources = t.sources.iter().map(|s| {
        let name = format_ident!("{}", s.name);
        let (a, b, c, d) =
            (opt_str(&s.source), opt_str(&s.sourcename), opt_str(&s.licensetag), opt_str(&s.licenselink));
        quote! {
            /// A source of modules, as paraminfo names it.
            const #name: Source = Source { source: #a, name: #b, license: #c, link: #d };
        }
    });
    let lists = t.lists.iter().map(|l| {
        let (name, values) = (format_ident!("{}", l.name), &l.values);
        let d = doc(&format!(
            "The values paraminfo shows as the type of `{}` parameters.",
            l.name.to_lowercase()
        ));
        quote!(#d const #name: &[&str] = &[#(#values),*];)
    });
    let modules = t.modules.iter().map(|m| {
        let (path, class) = (&m.path, &m.classname);
        let source = m.source.map(|i| {
            let s = format_ident!("{}", t.sources[i].name);
            quote!(.source(&#s))
        });
        let urls = &m.more_helpurls;
        let urls = (!urls.is_empty()).then(|| quote!(.more_helpurls(&[#(#urls),*])));
        let params = m.params.iter().map(|p| param_info(p, t));
        let params = (!m.params.is_empty()).then(|| quote!(.params(&[#(#params),*])));
        quote!(ModuleInfo::new(#path, #class)#source #urls #params)
    });
    quote! {
        #[allow(unused_imports)]
        use ::mwgen_runtime::server::{Info, InfoValue, ModuleInfo, ParamInfo, Source};
        #(#sources)*
        #(#lists)*
        /// What `action=paraminfo` says of each module beyond its spec table (`MODULE`), by module
        /// path: the router derives its answer from both.
        pub const PARAMINFO: &[ModuleInfo] = &[#(#modules),*];
    }
}

pub fn server_file(ir: &Ir, opts: &Options) -> TokenStream {
    let s = &ir.server;
    let methods = s.methods.iter().map(|m| trait_method(m, opts));
    let dispatch = s.main.then(|| dispatch(s));
    let table = paraminfo_table(&s.table);
    let encode = opts.client.then(|| {
        quote!(
            use ::mwgen_runtime::Encode as _;
        )
    });
    let groups = s.groups.iter().map(|g| format_ident!("{}", g.module_name()));
    quote! {
        use ::mwgen_runtime::server::{Answer, Context};
        use ::mwgen_runtime::{ModuleSpec, Params};
        use ::std::future::Future;
        #encode
        use super::{#(#groups),*};

        /// The Action API, one method per module: implement those your server supports; the others
        /// answer `notimplemented` (through [`Api::fallback`]). `action=paraminfo` and `action=help`
        /// are answered from the spec by the router itself.
        ///
        /// An action module's method returns the object merged into the top of the answer
        /// (MediaWiki's modules answer under their name: `{"block": …}`). A query submodule's
        /// returns the object merged into the answer's `query` object; a `continue` key in it goes
        /// to the top-level `continue`. Each method calls [`Api::fallback`] unless implemented.
        pub trait Api: Send + Sync + 'static {
            /// Where every module without its own implementation goes, with its parameters as decoded
            /// and re-encoded. By default: MediaWiki-style `notimplemented`.
            fn fallback(&self, module: &'static ModuleSpec, params: Params, cx: &Context) -> impl Future<Output = Answer> + Send {
                let _ = (params, cx);
                async move { Err(::mwgen_runtime::server::not_implemented(module)) }
            }
            #(#methods)*
        }

        /// Runs an [`Api`] for the router.
        pub struct Dispatcher<A>(pub A);

        #dispatch

        #table
    }
}
