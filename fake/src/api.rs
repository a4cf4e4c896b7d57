//! The generated `Api` trait, answered by the fake: each method goes to the file of its family.

use crate::{accounts, blocks, edit, files, query, render, siteinfo, Wiki};
use mediawiki_api::server::Api;
use mediawiki_api::{action, list, meta};
use mwgen_runtime::server::{Answer, Context, Typed};
use mwgen_runtime::Request;

/// An error a module's function raised without naming a module is that module's, as MediaWiki's
/// `dieWithError` in a module reports it (`main` is for what main itself refuses: the router's checks).
fn scoped<R: Request, T>(answer: Typed<T>) -> Typed<T> {
    answer.map_err(|e| if e.module == "main" { e.module(R::SPEC.path) } else { e })
}

impl Api for Wiki {
    async fn query(&self, req: action::Query, cx: &Context) -> Answer {
        query::query(self, req, cx).await
    }
    async fn login(&self, req: action::Login, cx: &Context) -> Typed<action::LoginResponse> {
        scoped::<action::Login, _>(accounts::login(self, req, cx).await)
    }
    async fn clientlogin(
        &self,
        req: action::Clientlogin,
        cx: &Context,
    ) -> Typed<action::ClientloginResponse> {
        scoped::<action::Clientlogin, _>(accounts::clientlogin(self, req, cx).await)
    }
    async fn createaccount(
        &self,
        req: action::Createaccount,
        cx: &Context,
    ) -> Typed<action::CreateaccountResponse> {
        scoped::<action::Createaccount, _>(accounts::createaccount(self, req, cx).await)
    }
    async fn logout(&self, req: action::Logout, cx: &Context) -> Typed<action::LogoutResponse> {
        scoped::<action::Logout, _>(accounts::logout(self, req, cx).await)
    }
    async fn checktoken(&self, req: action::Checktoken, cx: &Context) -> Typed<action::ChecktokenResponse> {
        scoped::<action::Checktoken, _>(accounts::checktoken(self, req, cx).await)
    }
    async fn clearhasmsg(
        &self,
        req: action::Clearhasmsg,
        cx: &Context,
    ) -> Typed<action::ClearhasmsgResponse> {
        scoped::<action::Clearhasmsg, _>(accounts::clearhasmsg(self, req, cx).await)
    }
    async fn linkaccount(
        &self,
        req: action::Linkaccount,
        cx: &Context,
    ) -> Typed<action::LinkaccountResponse> {
        scoped::<action::Linkaccount, _>(accounts::linkaccount(self, req, cx).await)
    }
    async fn meta_tokens(&self, req: meta::Tokens, cx: &Context) -> Typed<action::QueryResponse> {
        scoped::<meta::Tokens, _>(accounts::meta_tokens(self, req, cx).await)
    }
    async fn meta_userinfo(&self, req: meta::Userinfo, cx: &Context) -> Typed<action::QueryResponse> {
        scoped::<meta::Userinfo, _>(accounts::meta_userinfo(self, req, cx).await)
    }
    async fn meta_authmanagerinfo(
        &self,
        req: meta::Authmanagerinfo,
        cx: &Context,
    ) -> Typed<action::QueryResponse> {
        scoped::<meta::Authmanagerinfo, _>(accounts::meta_authmanagerinfo(self, req, cx).await)
    }
    async fn list_allusers(&self, req: list::Allusers, cx: &Context) -> Typed<action::QueryResponse> {
        scoped::<list::Allusers, _>(accounts::list_allusers(self, req, cx).await)
    }
    async fn list_users(&self, req: list::Users, cx: &Context) -> Typed<action::QueryResponse> {
        scoped::<list::Users, _>(accounts::list_users(self, req, cx).await)
    }
    async fn meta_siteinfo(&self, req: meta::Siteinfo, cx: &Context) -> Typed<action::QueryResponse> {
        scoped::<meta::Siteinfo, _>(siteinfo::meta_siteinfo(self, req, cx).await)
    }
    async fn block(&self, req: action::Block, cx: &Context) -> Typed<action::BlockResponse> {
        scoped::<action::Block, _>(blocks::block(self, req, cx).await)
    }
    async fn unblock(&self, req: action::Unblock, cx: &Context) -> Typed<action::UnblockResponse> {
        scoped::<action::Unblock, _>(blocks::unblock(self, req, cx).await)
    }
    async fn list_blocks(&self, req: list::Blocks, cx: &Context) -> Typed<action::QueryResponse> {
        scoped::<list::Blocks, _>(blocks::list_blocks(self, req, cx).await)
    }
    async fn edit(&self, req: action::Edit, cx: &Context) -> Typed<action::EditResponse> {
        scoped::<action::Edit, _>(edit::edit(self, req, cx).await)
    }
    async fn delete(&self, req: action::Delete, cx: &Context) -> Typed<action::DeleteResponse> {
        scoped::<action::Delete, _>(edit::delete(self, req, cx).await)
    }
    async fn undelete(&self, req: action::Undelete, cx: &Context) -> Typed<action::UndeleteResponse> {
        scoped::<action::Undelete, _>(edit::undelete(self, req, cx).await)
    }
    async fn r#move(&self, req: action::Move, cx: &Context) -> Typed<action::MoveResponse> {
        scoped::<action::Move, _>(edit::move_page(self, req, cx).await)
    }
    async fn protect(&self, req: action::Protect, cx: &Context) -> Typed<action::ProtectResponse> {
        scoped::<action::Protect, _>(edit::protect(self, req, cx).await)
    }
    async fn purge(&self, req: action::Purge, cx: &Context) -> Typed<action::PurgeResponse> {
        scoped::<action::Purge, _>(edit::purge(self, req, cx).await)
    }
    async fn watch(&self, req: action::Watch, cx: &Context) -> Typed<action::WatchResponse> {
        scoped::<action::Watch, _>(edit::watch(self, req, cx).await)
    }
    async fn changecontentmodel(
        &self,
        req: action::Changecontentmodel,
        cx: &Context,
    ) -> Typed<action::ChangecontentmodelResponse> {
        scoped::<action::Changecontentmodel, _>(edit::changecontentmodel(self, req, cx).await)
    }
    async fn rollback(&self, req: action::Rollback, cx: &Context) -> Typed<action::RollbackResponse> {
        scoped::<action::Rollback, _>(edit::rollback(self, req, cx).await)
    }
    async fn patrol(&self, req: action::Patrol, cx: &Context) -> Typed<action::PatrolResponse> {
        scoped::<action::Patrol, _>(edit::patrol(self, req, cx).await)
    }
    async fn compare(&self, req: action::Compare, cx: &Context) -> Typed<action::CompareResponse> {
        scoped::<action::Compare, _>(render::compare(self, req, cx).await)
    }
    async fn parse(&self, req: action::Parse, cx: &Context) -> Typed<action::ParseResponse> {
        scoped::<action::Parse, _>(render::parse(self, req, cx).await)
    }
    async fn userrights(&self, req: action::Userrights, cx: &Context) -> Typed<action::UserrightsResponse> {
        scoped::<action::Userrights, _>(accounts::userrights(self, req, cx).await)
    }
    async fn managetags(&self, req: action::Managetags, cx: &Context) -> Typed<action::ManagetagsResponse> {
        scoped::<action::Managetags, _>(edit::managetags(self, req, cx).await)
    }
    async fn tag(&self, req: action::Tag, cx: &Context) -> Typed<action::TagResponse> {
        scoped::<action::Tag, _>(edit::tag(self, req, cx).await)
    }
    async fn revisiondelete(
        &self,
        req: action::Revisiondelete,
        cx: &Context,
    ) -> Typed<action::RevisiondeleteResponse> {
        scoped::<action::Revisiondelete, _>(edit::revisiondelete(self, req, cx).await)
    }
    async fn upload(&self, req: action::Upload, cx: &Context) -> Typed<action::UploadResponse> {
        scoped::<action::Upload, _>(files::upload(self, req, cx).await)
    }
    async fn filerevert(&self, req: action::Filerevert, cx: &Context) -> Typed<action::FilerevertResponse> {
        scoped::<action::Filerevert, _>(files::filerevert(self, req, cx).await)
    }
    async fn list_allimages(&self, req: list::Allimages, cx: &Context) -> Typed<action::QueryResponse> {
        scoped::<list::Allimages, _>(files::list_allimages(self, req, cx).await)
    }
}
