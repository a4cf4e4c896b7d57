//! The fake's answers for blocks.

use crate::Wiki;
use mediawiki_api::{action, list};
use mwgen_runtime::server::{Context, Typed};

/// `action=block`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn block(w: &Wiki, req: action::Block, cx: &Context) -> Typed<action::BlockResponse> {
    w.not_answered(req, cx)
}
/// `action=unblock`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn unblock(w: &Wiki, req: action::Unblock, cx: &Context) -> Typed<action::UnblockResponse> {
    w.not_answered(req, cx)
}
/// `list=blocks`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn list_blocks(w: &Wiki, req: list::Blocks, cx: &Context) -> Typed<action::QueryResponse> {
    w.not_answered(req, cx)
}
