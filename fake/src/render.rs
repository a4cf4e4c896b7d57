//! The fake's answers for compare and parse.

use crate::Wiki;
use mediawiki_api::action;
use mwgen_runtime::server::{Context, Typed};

/// `action=compare`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn compare(w: &Wiki, req: action::Compare, cx: &Context) -> Typed<action::CompareResponse> {
    w.not_answered(req, cx)
}
/// `action=parse`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn parse(w: &Wiki, req: action::Parse, cx: &Context) -> Typed<action::ParseResponse> {
    w.not_answered(req, cx)
}
