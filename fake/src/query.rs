//! `action=query`: the page set (titles, page ids, revision ids, a generator's pages), the props
//! the fake answers over it, and the lists and metas; the rest by their own methods.

use crate::Wiki;
use mediawiki_api::action;
use mwgen_runtime::server::{Answer, Context};

/// `action=query`.
pub(crate) async fn query(w: &Wiki, req: action::Query, cx: &Context) -> Answer {
    mediawiki_api::server::run_query(w, req, cx).await
}
