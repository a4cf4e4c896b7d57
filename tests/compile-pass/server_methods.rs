#![deny(warnings)]
//! A server implements the methods it serves as plain `async fn`s, and the router takes it: a
//! module with a response type answers `Typed<T>` (the trait's `impl TypedReply<T>`), typed or as
//! untyped JSON; `fallback` (and a module without a response type) answers `Answer`.

use mediawiki_api::action::{Block, BlockResponse, QueryBody, QueryResponse};
use mediawiki_api::list::Allpages;
use mediawiki_api::server::{router, Api};
use mwgen_runtime::server::{Answer, Answered, Context, ServerOptions, Typed};
use mwgen_runtime::{ModuleSpec, Params};

struct Wiki;

impl Api for Wiki {
    async fn fallback(&self, module: &'static ModuleSpec, _params: Params, _cx: &Context) -> Answer {
        Ok(serde_json::json!({ "unserved": module.path }))
    }

    async fn block(&self, req: Block, cx: &Context) -> Typed<BlockResponse> {
        if cx.user.is_none() {
            return Ok(Answered::Raw(serde_json::json!({ "block": { "reason": req.reason } })));
        }
        Ok(BlockResponse { reason: req.reason.unwrap_or_default(), ..Default::default() }.into())
    }

    async fn list_allpages(&self, req: Allpages, _cx: &Context) -> Typed<QueryResponse> {
        let query = QueryBody { allpages: Some(Vec::new()), ..Default::default() };
        let _ = req.from;
        Ok(QueryResponse { query: Some(Box::new(query)), ..Default::default() }.into())
    }
}

fn main() {
    let _router = router(Wiki, ServerOptions::default());
}
