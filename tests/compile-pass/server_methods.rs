#![deny(warnings)]
//! A server implements the methods it serves as plain `async fn`s returning `Answer`, and the
//! router takes it: the trait's `impl Reply` is any `Send` future of an `Answer`.

use mediawiki_api::action::Block;
use mediawiki_api::list::Allpages;
use mediawiki_api::server::{router, Api};
use mwgen_runtime::server::{Answer, Context, ServerOptions};
use mwgen_runtime::{ModuleSpec, Params};

struct Wiki;

impl Api for Wiki {
    async fn fallback(&self, module: &'static ModuleSpec, _params: Params, _cx: &Context) -> Answer {
        Ok(serde_json::json!({ "unserved": module.path }))
    }

    async fn block(&self, req: Block, cx: &Context) -> Answer {
        Ok(serde_json::json!({ "block": { "reason": req.reason, "by": cx.user } }))
    }

    async fn list_allpages(&self, req: Allpages, _cx: &Context) -> Answer {
        Ok(serde_json::json!({ "allpages": [], "from": req.from }))
    }
}

fn main() {
    let _router = router(Wiki, ServerOptions::default());
}
