//! The fake's answers for accounts, sessions and tokens.

use crate::Wiki;
use mediawiki_api::{action, list, meta};
use mwgen_runtime::server::{Context, Typed};

/// `action=login`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn login(w: &Wiki, req: action::Login, cx: &Context) -> Typed<action::LoginResponse> {
    w.not_answered(req, cx)
}
/// `action=clientlogin`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn clientlogin(
    w: &Wiki,
    req: action::Clientlogin,
    cx: &Context,
) -> Typed<action::ClientloginResponse> {
    w.not_answered(req, cx)
}
/// `action=createaccount`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn createaccount(
    w: &Wiki,
    req: action::Createaccount,
    cx: &Context,
) -> Typed<action::CreateaccountResponse> {
    w.not_answered(req, cx)
}
/// `action=logout`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn logout(w: &Wiki, req: action::Logout, cx: &Context) -> Typed<action::LogoutResponse> {
    w.not_answered(req, cx)
}
/// `action=checktoken`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn checktoken(
    w: &Wiki,
    req: action::Checktoken,
    cx: &Context,
) -> Typed<action::ChecktokenResponse> {
    w.not_answered(req, cx)
}
/// `action=clearhasmsg`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn clearhasmsg(
    w: &Wiki,
    req: action::Clearhasmsg,
    cx: &Context,
) -> Typed<action::ClearhasmsgResponse> {
    w.not_answered(req, cx)
}
/// `meta=tokens`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn meta_tokens(w: &Wiki, req: meta::Tokens, cx: &Context) -> Typed<action::QueryResponse> {
    w.not_answered(req, cx)
}
/// `meta=userinfo`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn meta_userinfo(
    w: &Wiki,
    req: meta::Userinfo,
    cx: &Context,
) -> Typed<action::QueryResponse> {
    w.not_answered(req, cx)
}
/// `meta=authmanagerinfo`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn meta_authmanagerinfo(
    w: &Wiki,
    req: meta::Authmanagerinfo,
    cx: &Context,
) -> Typed<action::QueryResponse> {
    w.not_answered(req, cx)
}
/// `list=allusers`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn list_allusers(
    w: &Wiki,
    req: list::Allusers,
    cx: &Context,
) -> Typed<action::QueryResponse> {
    w.not_answered(req, cx)
}
/// `list=users`: not answered by the fake yet (MediaWiki-style `notimplemented`).
pub(crate) async fn list_users(w: &Wiki, req: list::Users, cx: &Context) -> Typed<action::QueryResponse> {
    w.not_answered(req, cx)
}
