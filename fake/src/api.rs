//! The generated `Api` trait, answered by the fake: each method goes to the file of its family.

use crate::{accounts, blocks, edit, query, render, siteinfo, Wiki};
use mediawiki_api::server::Api;
use mediawiki_api::{action, list, meta};
use mwgen_runtime::server::{Answer, Context, Typed};

impl Api for Wiki {
    async fn query(&self, req: action::Query, cx: &Context) -> Answer {
        query::query(self, req, cx).await
    }
    async fn login(&self, req: action::Login, cx: &Context) -> Typed<action::LoginResponse> {
        accounts::login(self, req, cx).await
    }
    async fn clientlogin(
        &self,
        req: action::Clientlogin,
        cx: &Context,
    ) -> Typed<action::ClientloginResponse> {
        accounts::clientlogin(self, req, cx).await
    }
    async fn createaccount(
        &self,
        req: action::Createaccount,
        cx: &Context,
    ) -> Typed<action::CreateaccountResponse> {
        accounts::createaccount(self, req, cx).await
    }
    async fn logout(&self, req: action::Logout, cx: &Context) -> Typed<action::LogoutResponse> {
        accounts::logout(self, req, cx).await
    }
    async fn checktoken(&self, req: action::Checktoken, cx: &Context) -> Typed<action::ChecktokenResponse> {
        accounts::checktoken(self, req, cx).await
    }
    async fn clearhasmsg(
        &self,
        req: action::Clearhasmsg,
        cx: &Context,
    ) -> Typed<action::ClearhasmsgResponse> {
        accounts::clearhasmsg(self, req, cx).await
    }
    async fn meta_tokens(&self, req: meta::Tokens, cx: &Context) -> Typed<action::QueryResponse> {
        accounts::meta_tokens(self, req, cx).await
    }
    async fn meta_userinfo(&self, req: meta::Userinfo, cx: &Context) -> Typed<action::QueryResponse> {
        accounts::meta_userinfo(self, req, cx).await
    }
    async fn meta_authmanagerinfo(
        &self,
        req: meta::Authmanagerinfo,
        cx: &Context,
    ) -> Typed<action::QueryResponse> {
        accounts::meta_authmanagerinfo(self, req, cx).await
    }
    async fn list_allusers(&self, req: list::Allusers, cx: &Context) -> Typed<action::QueryResponse> {
        accounts::list_allusers(self, req, cx).await
    }
    async fn list_users(&self, req: list::Users, cx: &Context) -> Typed<action::QueryResponse> {
        accounts::list_users(self, req, cx).await
    }
    async fn meta_siteinfo(&self, req: meta::Siteinfo, cx: &Context) -> Typed<action::QueryResponse> {
        siteinfo::meta_siteinfo(self, req, cx).await
    }
    async fn block(&self, req: action::Block, cx: &Context) -> Typed<action::BlockResponse> {
        blocks::block(self, req, cx).await
    }
    async fn unblock(&self, req: action::Unblock, cx: &Context) -> Typed<action::UnblockResponse> {
        blocks::unblock(self, req, cx).await
    }
    async fn list_blocks(&self, req: list::Blocks, cx: &Context) -> Typed<action::QueryResponse> {
        blocks::list_blocks(self, req, cx).await
    }
    async fn edit(&self, req: action::Edit, cx: &Context) -> Typed<action::EditResponse> {
        edit::edit(self, req, cx).await
    }
    async fn delete(&self, req: action::Delete, cx: &Context) -> Typed<action::DeleteResponse> {
        edit::delete(self, req, cx).await
    }
    async fn undelete(&self, req: action::Undelete, cx: &Context) -> Typed<action::UndeleteResponse> {
        edit::undelete(self, req, cx).await
    }
    async fn r#move(&self, req: action::Move, cx: &Context) -> Typed<action::MoveResponse> {
        edit::move_page(self, req, cx).await
    }
    async fn protect(&self, req: action::Protect, cx: &Context) -> Typed<action::ProtectResponse> {
        edit::protect(self, req, cx).await
    }
    async fn purge(&self, req: action::Purge, cx: &Context) -> Typed<action::PurgeResponse> {
        edit::purge(self, req, cx).await
    }
    async fn watch(&self, req: action::Watch, cx: &Context) -> Typed<action::WatchResponse> {
        edit::watch(self, req, cx).await
    }
    async fn changecontentmodel(
        &self,
        req: action::Changecontentmodel,
        cx: &Context,
    ) -> Typed<action::ChangecontentmodelResponse> {
        edit::changecontentmodel(self, req, cx).await
    }
    async fn rollback(&self, req: action::Rollback, cx: &Context) -> Typed<action::RollbackResponse> {
        edit::rollback(self, req, cx).await
    }
    async fn patrol(&self, req: action::Patrol, cx: &Context) -> Typed<action::PatrolResponse> {
        edit::patrol(self, req, cx).await
    }
    async fn compare(&self, req: action::Compare, cx: &Context) -> Typed<action::CompareResponse> {
        render::compare(self, req, cx).await
    }
    async fn parse(&self, req: action::Parse, cx: &Context) -> Typed<action::ParseResponse> {
        render::parse(self, req, cx).await
    }
}
