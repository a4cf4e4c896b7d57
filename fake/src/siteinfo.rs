//! The fake's answers for meta=siteinfo.

use crate::Wiki;
use mediawiki_api::{action, meta};
use mwgen_runtime::server::{Context, Typed};

/// `meta=siteinfo`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn meta_siteinfo(
    w: &Wiki,
    req: meta::Siteinfo,
    cx: &Context,
) -> Typed<action::QueryResponse> {
    w.not_answered(req, cx)
}
