//! The server side of the generated tree (`server.rs`): the `Api` trait with one method per action
//! module and per query submodule, its dispatch, `router()`, and the side table from which the
//! router derives `action=paraminfo`. Every choice is made in [`crate::ir::server`]; this renders it.

use super::doc;
use super::Options;
use crate::ir::server::{MethodIr, ParamInfoIr, ParaminfoIr, ReplyIr, ServerIr, SetDispatchIr, SubmodulesIr};
use crate::ir::{Group, Ir};
use crate::spec::Scalar;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The path of a typed answer's type, from `server.rs` (`super::action::BlockResponse`).
fn reply_type(r: &ReplyIr) -> TokenStream {
    let (g, t) = (format_ident!("{}", r.group.module_name()), format_ident!("{}", r.type_name));
    quote!(super::#g::#t)
}

fn trait_method(m: &MethodIr, reply: Option<&ReplyIr>, opts: &Options) -> TokenStream {
    let (name, g, t) = (
        format_ident!("{}", m.name),
        format_ident!("{}", m.group.module_name()),
        format_ident!("{}", m.type_name),
    );
    let place = match m.group {
        Group::Action => format!("`action={}`.", m.module),
        g => format!("`{}={}` inside `action=query`.", g.module_name(), m.module),
    };
    let params = if opts.client { quote!(req.to_params()) } else { quote!(rt::server::no_params(req)) };
    let fallback = quote!(self.fallback(&#g::#t::MODULE, #params, cx));
    match reply {
        None => {
            let d = doc(&place);
            quote! {
                #d
                fn #name(&self, req: #g::#t, cx: &Context) -> impl Reply {
                    #fallback
                }
            }
        }
        Some(r) => {
            let d = doc(&format!(
                "{place}\n\nAnswers [`{}::{}`](super::{}::{}) (or untyped JSON).",
                r.group.module_name(),
                r.type_name,
                r.group.module_name(),
                r.type_name
            ));
            let ty = reply_type(r);
            quote! {
                #d
                fn #name(&self, req: #g::#t, cx: &Context) -> impl rt::server::TypedReply<#ty> {
                    rt::server::untyped(#fallback)
                }
            }
        }
    }
}

/// `run_prop`, `run_list`, …: runs one value of one of query's submodule fields by its method,
/// settled into a `Produced` (typed or not).
fn set_fn(s: &SetDispatchIr, methods: &[MethodIr], replies: &[Option<ReplyIr>]) -> TokenStream {
    let (runner, set) = (format_ident!("{}", s.runner), format_ident!("{}", s.set));
    let arms = s.arms.iter().map(|(variant, i)| {
        let (v, name) = (format_ident!("{variant}"), format_ident!("{}", methods[*i].name));
        match &replies[*i] {
            None => quote!(#set::#v(r) => Produced::Raw(api.#name(*r, cx).await?),),
            // The reply's type is inferred from the method's `impl TypedReply<T>`.
            Some(_) => quote!(#set::#v(r) => settle(api.#name(*r, cx)).await?,),
        }
    });
    let d = doc(&format!(
        "Runs one `{}` submodule of `action=query` by its method of `api`, as [`run_query`] does: for \
         an [`Api::query`] of one's own that answers some submodules itself and leaves the others to \
         their methods.",
        s.field
    ));
    quote! {
        #d
        pub async fn #runner<A: Api + ?Sized>(api: &A, x: #set, cx: &Context) -> Result<Produced, rt::ApiError> {
            Ok(match x { #(#arms)* })
        }
    }
}

/// The loop (or `if let`) over one of query's submodule fields, in `run_query`.
fn query_set(s: &SetDispatchIr) -> TokenStream {
    let (field, runner) = (format_ident!("{}", s.field), format_ident!("{}", s.runner));
    let head = if s.multi { quote!(for x in q.#field) } else { quote!(if let Some(x) = q.#field) };
    quote!(#head { out.add_produced(#runner(api, x, cx).await?); })
}

fn run_fn(s: &ServerIr, replies: &[Option<ReplyIr>]) -> TokenStream {
    let action_arms = s.actions.iter().map(|&i| {
        let m = &s.methods[i];
        let (v, name) = (format_ident!("{}", m.type_name), format_ident!("{}", m.name));
        match &replies[i] {
            None => quote!(Some(Action::#v(r)) => api.#name(gate.pass(*r)?, cx).await,),
            Some(_) => {
                quote! {
                    Some(Action::#v(r)) => settle(api.#name(gate.pass(*r)?, cx)).await.map(Produced::into_root),
                }
            }
        }
    });
    let query_arm =
        s.query.is_some().then(|| quote!(Some(Action::Query(q)) => api.query(gate.pass(*q)?, cx).await,));
    let query_fn = s.query.as_ref().map(|sets| {
        let runners = sets.iter().map(|d| set_fn(d, &s.methods, replies));
        let sets = sets.iter().map(query_set);
        quote! {
            /// `action=query` as [`Api::query`] runs it by default: each submodule it names, by its own
            /// method (the generator first, then props, lists and metas), their answers gathered.
            pub async fn run_query<A: Api + ?Sized>(api: &A, q: super::action::Query, cx: &Context) -> Answer {
                let mut out = rt::server::QueryOutput::default();
                #(#sets)*
                Ok(out.finish())
            }
            #(#runners)*
        }
    });
    let paraminfo_arm = s.paraminfo.then(|| {
        quote! {
            Some(Action::Paraminfo(p)) => {
                let mut names: Vec<String> = p.modules.clone();
                names.extend(p.querymodules.iter().map(|m| format!("query+{}", m.as_str())));
                names.extend(p.formatmodules.iter().map(|m| m.as_str().to_string()));
                if p.mainmodule.is_some() { names.push("main".into()); }
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                Ok(rt::server::paraminfo(&names, super::MODULES, PARAMINFO, opts))
            }
        }
    });
    let help_arm = s.help.then(|| {
        quote! {
            Some(Action::Help(h)) => {
                let path = h.modules.first().map(String::as_str).unwrap_or("main");
                match super::MODULES.iter().find(|m| m.path == path) {
                    Some(spec) => Ok(rt::server::help(spec)),
                    None => Err(rt::ApiError::new("badmodule", format!("The module \"{path}\" does not have a submodule \"{path}\".")).module("help")),
                }
            }
        }
    });
    quote! {
        async fn run<A: Api>(api: &A, d: &mut rt::Decoder<'_>, params: &Params, cx: &Context, opts: &rt::server::ServerOptions) -> Answer {
            let main = <super::main::Main as rt::Decode>::decode(d, "")?;
            let gate = rt::server::Gate::new(params, cx, opts);
            let _ = &gate;
            #[allow(unreachable_patterns)]
            match main.action {
                #(#action_arms)*
                #query_arm
                #paraminfo_arm
                #help_arm
                None => Ok(rt::server::help(&super::main::Main::MODULE)),
                #[allow(unreachable_code)]
                _ => Err(rt::ApiError::new("notimplemented", "This module is not generated in this crate.")),
            }
        }

        #query_fn
    }
}

fn dispatch(s: &ServerIr, replies: &[Option<ReplyIr>]) -> TokenStream {
    let run = run_fn(s, replies);
    quote! {
        impl<A: Api> rt::server::Dispatch for Dispatcher<A> {
            fn dispatch<'a>(&'a self, cx: Context, opts: &'a rt::server::ServerOptions) -> rt::server::BoxFuture<'a, rt::server::Outcome> {
                Box::pin(async move {
                    let params = cx.params();
                    let checks = rt::server::Checks::new(params, &cx, opts);
                    let mut d = rt::Decoder::new(params, opts.decode_for(&cx));
                    d.set_checkpoint(&checks);
                    let result = run(&self.0, &mut d, params, &cx, opts).await;
                    // An error reports no unrecognized parameters: not worth collecting them.
                    let unused = if result.is_ok() { d.unused().into_iter().map(str::to_string).collect() } else { Vec::new() };
                    rt::server::Outcome { result, warnings: d.take_warnings(), unused }
                })
            }
        }

        #run

        /// Serves `api` at `/api.php`: decodes, validates and answers exactly as MediaWiki 1.39 does.
        pub fn router<A: Api>(api: A, opts: rt::server::ServerOptions) -> rt::axum::Router {
            rt::server::router(Dispatcher(api), opts)
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
        use rt::server::{Info, InfoValue, ModuleInfo, ParamInfo, Source};
        #(#sources)*
        #(#lists)*
        /// What `action=paraminfo` says of each module beyond its spec table (`MODULE`), by module
        /// path: the router derives its answer from both.
        pub const PARAMINFO: &[ModuleInfo] = &[#(#modules),*];
    }
}

pub fn server_file(ir: &Ir, opts: &Options) -> TokenStream {
    let s = &ir.server;
    let replies = s.replies(&ir.responses);
    let methods = s.methods.iter().zip(&replies).map(|(m, r)| trait_method(m, r.as_ref(), opts));
    let dispatch = s.main.then(|| dispatch(s, &replies));
    let typed_doc = replies.iter().any(Option::is_some).then(|| {
        doc("\n\
            A method whose module has a response type `T` returns `impl TypedReply<T>`: write it as an \
            `async fn` answering `Typed<T>` (`Ok(part.into())`, or an `Envelope<T>` with `continue` \
            and the other keys around the part, or untyped JSON as `Answered::Raw`), and the router \
            serializes it. A query submodule answers with the query's root type (`QueryResponse`), \
            filled where its part goes (`query.allpages`, the `revisions` of each of `query.pages`); \
            the router merges the submodules' answers, pages by id or title. Answers are in \
            formatversion=2, the router renders formatversion=1 from them when a request asks for it \
            (`mwgen_runtime::response::fv1`).")
    });
    let table = paraminfo_table(&s.table);
    let query_method = (s.main && s.query.is_some()).then(|| {
        quote! {
            /// `action=query`, after its parameters validated. By default [`run_query`]: each
            /// submodule by its own method. A server that resolves the page set itself (titles,
            /// page ids, revision ids, a generator's pages) for its props implements this one.
            fn query(&self, req: super::action::Query, cx: &Context) -> impl Reply {
                run_query(self, req, cx)
            }
        }
    });
    let encode = opts.client.then(|| {
        quote!(
            use rt::Encode as _;
        )
    });
    // What the dispatch names: `Answer` always, `Produced` when it runs query's submodules or
    // renders a typed action, `settle` when anything it dispatches is typed.
    let typed = |i: usize| replies.get(i).is_some_and(Option::is_some);
    let typed_action = s.actions.iter().any(|&i| typed(i));
    let typed_sub = s.query.iter().flatten().any(|d| d.arms.iter().any(|(_, i)| typed(*i)));
    let answer = s.main.then(|| {
        let produced = (s.query.is_some() || typed_action).then(|| quote!(Produced,));
        let settle = (typed_action || (s.query.is_some() && typed_sub)).then(|| quote!(settle,));
        quote!(
            use rt::server::{#settle Answer, #produced};
        )
    });
    let groups = s.groups.iter().map(|g| format_ident!("{}", g.module_name()));
    // The submodule sets the dispatch matches on.
    let mut sets: Vec<String> = Vec::new();
    if s.main {
        sets.push("Action".into());
        sets.extend(s.query.iter().flatten().map(|d| d.set.clone()));
    }
    sets.sort();
    sets.dedup();
    let sets = (!sets.is_empty()).then(|| {
        let sets = sets.iter().map(|n| format_ident!("{n}"));
        quote!(use super::submodules::{#(#sets),*};)
    });
    quote! {
        use ::mwgen_runtime::codegen as rt;
        use rt::server::{Context, Reply};
        #answer
        use rt::{ModuleSpec, Params};
        #encode
        use super::{#(#groups),*};
        #sets

        /// The Action API, one method per module: implement those your server supports; the others
        /// answer `notimplemented` (through [`Api::fallback`]). `action=paraminfo` and `action=help`
        /// are answered from the spec by the router itself.
        ///
        /// An action module's method returns the object merged into the top of the answer
        /// (MediaWiki's modules answer under their name: `{"block": …}`). A query submodule's
        /// returns the object merged into the answer's `query` object; a `continue` key in it goes
        /// to the top-level `continue`. Each method calls [`Api::fallback`] unless implemented.
        #typed_doc
        pub trait Api: Send + Sync + 'static {
            /// Where every module without its own implementation goes, with its parameters as decoded
            /// and re-encoded. By default: MediaWiki-style `notimplemented`.
            fn fallback(&self, module: &'static ModuleSpec, params: Params, cx: &Context) -> impl Reply {
                let _ = (params, cx);
                async move { Err(rt::server::not_implemented(module)) }
            }
            #query_method
            #(#methods)*
        }

        /// Runs an [`Api`] for the router.
        pub struct Dispatcher<A>(pub A);

        #dispatch

        #table
    }
}
