//! The fake's answers for page changes: edits, deletions, moves, protections, watching.

use crate::Wiki;
use mediawiki_api::action;
use mwgen_runtime::server::{Context, Typed};

/// `action=edit`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn edit(w: &Wiki, req: action::Edit, cx: &Context) -> Typed<action::EditResponse> {
    w.not_answered(req, cx)
}
/// `action=delete`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn delete(w: &Wiki, req: action::Delete, cx: &Context) -> Typed<action::DeleteResponse> {
    w.not_answered(req, cx)
}
/// `action=undelete`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn undelete(
    w: &Wiki,
    req: action::Undelete,
    cx: &Context,
) -> Typed<action::UndeleteResponse> {
    w.not_answered(req, cx)
}
/// `action=move`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn move_page(w: &Wiki, req: action::Move, cx: &Context) -> Typed<action::MoveResponse> {
    w.not_answered(req, cx)
}
/// `action=protect`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn protect(w: &Wiki, req: action::Protect, cx: &Context) -> Typed<action::ProtectResponse> {
    w.not_answered(req, cx)
}
/// `action=purge`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn purge(w: &Wiki, req: action::Purge, cx: &Context) -> Typed<action::PurgeResponse> {
    w.not_answered(req, cx)
}
/// `action=watch`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn watch(w: &Wiki, req: action::Watch, cx: &Context) -> Typed<action::WatchResponse> {
    w.not_answered(req, cx)
}
/// `action=changecontentmodel`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn changecontentmodel(
    w: &Wiki,
    req: action::Changecontentmodel,
    cx: &Context,
) -> Typed<action::ChangecontentmodelResponse> {
    w.not_answered(req, cx)
}
/// `action=rollback`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn rollback(
    w: &Wiki,
    req: action::Rollback,
    cx: &Context,
) -> Typed<action::RollbackResponse> {
    w.not_answered(req, cx)
}
/// `action=patrol`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn patrol(w: &Wiki, req: action::Patrol, cx: &Context) -> Typed<action::PatrolResponse> {
    w.not_answered(req, cx)
}
