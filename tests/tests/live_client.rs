//! Live: the client against the real wiki (tests/mediawiki/up.sh). Every test checks the wiki's
//! state afterwards, not only that no error came back. Answers are read typed (`Client::call`) and
//! strictly (`strict_responses`), so that a key or value the spec does not know fails the test;
//! JSON only where the generated type has no field for what is checked.

use futures::StreamExt;
use mediawiki_api::action::{
    Block, ChecktokenResult, Compare, Edit, EditResponse, EditResult, Query, QueryPage, Unblock,
};
use mediawiki_api::enums::TokensType;
use mediawiki_api::list::{Allpages, Backlinks, Usercontribs};
use mediawiki_api::main::Main;
use mediawiki_api::meta::{Allmessages, AllmessagesProp, UserinfoResponse};
use mediawiki_api::prop::Info;
use mwgen_runtime::client::{AuthFlow, AuthStatus, Client, ClientError};
use mwgen_runtime::{Encode, ErrorKind, FormEncoder, Limit, PageRef, Params};
use mwgen_tests::{fake_lacks, live_api_url};
use serde_json::Value;
use std::collections::BTreeMap;

const ADMIN: &str = "Admin";
const ADMIN_PASSWORD: &str = "mwgen-admin-password-1";
const AGENT: &str = "mwgen-tests/0.1 (live client tests; https://example.invalid/mwgen)";

/// A client as a bot would build it, but for the pause between writes: the tests write a lot
/// (120 pages for one of them), to a wiki only they use.
fn client(api: &str) -> Client {
    Client::builder(api, AGENT)
        .strict_responses(true)
        .write_interval(std::time::Duration::ZERO)
        .build()
        .expect("client")
}

async fn admin(api: &str) -> Client {
    let c = client(api);
    let status = c.client_login(ADMIN, ADMIN_PASSWORD).await.expect("clientlogin");
    assert_eq!(status, AuthStatus::Pass { username: Some(ADMIN.into()) });
    c
}

/// A name no earlier run used.
fn unique(prefix: &str) -> String {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{prefix} {nanos}")
}

/// `action=query` with the given lists/props/metas, as a typed request.
fn query(q: Query) -> Query {
    q
}

async fn userinfo(c: &Client) -> UserinfoResponse {
    let q = Query { meta: vec![mediawiki_api::meta::Userinfo::default().into()], ..Default::default() };
    let answer = c.call(&q).await.expect("userinfo");
    let text = answer.text().to_string();
    answer
        .body
        .query
        .and_then(|q| q.userinfo)
        .map(|u| *u)
        .unwrap_or_else(|| panic!("no query.userinfo: {text}"))
}

async fn page_text(c: &Client, title: &str) -> Option<String> {
    let revisions = mediawiki_api::prop::Revisions {
        prop: vec![mediawiki_api::enums::RevisionsProp::Content],
        slots: mwgen_runtime::Multi::All,
        ..Default::default()
    };
    let q = Query { titles: vec![title.into()], prop: vec![revisions.into()], ..Default::default() };
    let r = c.call(&q).await.expect("revisions");
    let page = r.body.query?.pages?.into_iter().next()?;
    page.revisions?.into_iter().next()?.slots?.main.content
}

async fn edit(c: &Client, title: &str, text: &str) -> EditResponse {
    let e = Edit { text: Some(text.into()), summary: Some("mwgen live test".into()), ..Edit::new(title, "") };
    c.call(&e).await.unwrap_or_else(|e| panic!("edit {title}: {e}")).body
}

#[tokio::test]
async fn clientlogin_pass_and_fail() {
    let Some(api) = live_api_url("clientlogin_pass_and_fail") else { return };
    let c = admin(&api).await;
    assert_eq!(userinfo(&c).await.name, ADMIN);

    let other = client(&api);
    match other.client_login(ADMIN, "not the password").await.expect("answered") {
        AuthStatus::Fail { code, message } => {
            assert_eq!(code.as_deref(), Some("wrongpassword"));
            assert!(message.contains("Incorrect username or password"), "{message}");
        }
        s => panic!("expected FAIL, got {s:?}"),
    }
    assert_eq!(userinfo(&other).await.anon, Some(true), "a failed login leaves the session anonymous");
}

#[tokio::test]
async fn login_with_a_bot_password() {
    let Some(api) = live_api_url("login_with_a_bot_password") else { return };
    let c = client(&api);
    let r = c.login("Admin@mwgen", "mwgenbotpassword0123456789abcdef").await.expect("action=login");
    assert!(r.success(), "{r:?}");
    assert_eq!(r.lgusername.as_deref(), Some(ADMIN));
    assert_eq!(userinfo(&c).await.name, ADMIN);
    let bad = client(&api).login("Admin@mwgen", "wrong").await.expect("answered");
    assert_eq!(bad.result, "Failed");
    c.logout().await.expect("logout");
    assert_eq!(userinfo(&c).await.anon, Some(true));
}

#[tokio::test]
async fn createaccount_then_the_user_exists() {
    let Some(api) = live_api_url("createaccount_then_the_user_exists") else { return };
    let c = client(&api);
    let info = c.authmanager_info(AuthFlow::CreateAccount).await.expect("authmanagerinfo");
    assert!(info.cancreateaccounts);
    let fields: Vec<&str> = info.requests.iter().flat_map(|r| r.fields.keys()).map(String::as_str).collect();
    assert!(
        fields.contains(&"username") && fields.contains(&"password") && fields.contains(&"retype"),
        "{fields:?}"
    );
    let name = unique("Mwgen user");
    let status = c
        .auth_begin(
            AuthFlow::CreateAccount,
            &[("username", &name), ("password", "a long password 123"), ("retype", "a long password 123")],
            &api,
        )
        .await
        .expect("createaccount");
    assert!(matches!(&status, AuthStatus::Pass { username: Some(u) } if *u == name), "{status:?}");
    let users = mediawiki_api::list::Users { users: vec![name.as_str().into()], ..Default::default() };
    let r = c.call(&Query { list: vec![users.into()], ..Default::default() }).await.expect("list=users");
    let text = r.text().to_string();
    let users = r.body.query.and_then(|q| q.users).unwrap_or_default();
    let found = |u: &mediawiki_api::list::UsersItem| {
        u.userid.is_some_and(|id| id > 0) && u.name.as_deref() == Some(&name)
    };
    assert!(users.first().is_some_and(found), "{text}");
}

#[tokio::test]
async fn linkaccount_without_a_provider_is_a_typed_answer() {
    let Some(api) = live_api_url("linkaccount_without_a_provider_is_a_typed_answer") else { return };
    let c = admin(&api).await;
    let info = c.authmanager_info(AuthFlow::LinkAccount).await.expect("authmanagerinfo");
    assert!(!info.canlinkaccounts, "no third-party provider is configured");
    match c.auth_begin(AuthFlow::LinkAccount, &[], &api).await.expect("linkaccount answers") {
        AuthStatus::Fail { code, .. } => assert_eq!(code.as_deref(), Some("userlogin-cannot-link")),
        s => panic!("unexpected {s:?}"),
    }
    assert_eq!(userinfo(&c).await.name, ADMIN, "still logged in, nothing linked");
}

#[tokio::test]
async fn edit_with_an_automatic_csrf_token() {
    let Some(api) = live_api_url("edit_with_an_automatic_csrf_token") else { return };
    let c = admin(&api).await;
    let title = unique("Mwgen edit");
    let body = edit(&c, &title, "Hello from mwgen").await;
    assert_eq!(body.result, EditResult::Success, "{body:?}");
    assert_eq!((body.title.as_str(), body.new), (title.as_str(), Some(true)));
    assert_eq!(page_text(&c, &title).await.as_deref(), Some("Hello from mwgen"));
}

#[tokio::test]
async fn a_stale_token_is_refreshed_once() {
    let Some(api) = live_api_url("a_stale_token_is_refreshed_once") else { return };
    let c = admin(&api).await;
    let stale = "0123456789abcdef+\\";
    c.set_token("csrf", stale);
    let title = unique("Mwgen badtoken");
    let body = edit(&c, &title, "after a badtoken").await;
    assert_eq!(body.result, EditResult::Success);
    assert_ne!(c.token("csrf").await.expect("token"), stale, "the stale token was replaced");
    assert_eq!(page_text(&c, &title).await.as_deref(), Some("after a badtoken"));
}

#[tokio::test]
async fn continuation_over_120_pages() {
    let Some(api) = live_api_url("continuation_over_120_pages") else { return };
    let c = admin(&api).await;
    let prefix = unique("Mwgen cont");
    for i in 0..120 {
        edit(&c, &format!("{prefix} {i:03}"), &format!("page {i}")).await;
    }
    let list = Query {
        list: vec![Allpages {
            prefix: Some(prefix.clone()),
            limit: Some(Limit::Value(50)),
            ..Default::default()
        }
        .into()],
        ..Default::default()
    };
    let batches: Vec<_> = c.call_continued(&list).collect().await;
    assert_eq!(batches.len(), 3, "120 pages in batches of 50");
    let sizes: Vec<usize> = batches
        .into_iter()
        .map(|b| b.expect("batch").body.query.and_then(|q| q.allpages).map_or(0, |l| l.len()))
        .collect();
    assert_eq!(sizes, [50, 50, 20]);
    let items = c.call_list(&list, |r| r.query?.allpages, 1000).await.expect("collect");
    let titles: Vec<&str> = items.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles.len(), 120);
    assert_eq!(titles[0], format!("{prefix} 000"));
    assert_eq!(titles[119], format!("{prefix} 119"));
    assert!(items.iter().all(|p| p.ns == 0 && p.pageid > 0));
    assert_eq!(c.call_list(&list, |r| r.query?.allpages, 70).await.expect("bounded").len(), 70);
    // The JSON twins give the same.
    let json = c.collect_list(&list, "allpages", 1000).await.expect("collect as JSON");
    assert!(json.iter().map(|p| p["title"].as_str()).eq(titles.iter().map(|t| Some(*t))));

    let gen = Query {
        generator: Some(
            Allpages { prefix: Some(prefix.clone()), limit: Some(Limit::Value(50)), ..Default::default() }
                .into(),
        ),
        prop: vec![Info::default().into()],
        ..Default::default()
    };
    let pages: Vec<QueryPage> = c.call_pages(&gen, 1000).await.expect("generator");
    assert_eq!(pages.len(), 120);
    assert!(
        pages.iter().all(|p| p.lastrevid.is_some_and(|r| r > 0) && p.length.is_some()),
        "prop=info on every page"
    );
    assert_eq!(pages[0].title.as_deref(), Some(format!("{prefix} 000").as_str()));
    assert_eq!(c.collect_pages(&gen, 1000).await.expect("as JSON").len(), 120);
}

#[tokio::test]
async fn compare_through_templated_slot_parameters() {
    let Some(api) = live_api_url("compare_through_templated_slot_parameters") else { return };
    let c = client(&api);
    let slot = mediawiki_api::action::Slots::Main;
    let to_slot = mediawiki_api::action::Slots::Main;
    let req = Compare {
        fromtext_slot: BTreeMap::from([(slot, "one two three".to_string())]),
        totext_slot: BTreeMap::from([(to_slot, "one 2 three".to_string())]),
        prop: vec![mediawiki_api::action::CompareProp::Diff, mediawiki_api::action::CompareProp::Diffsize],
        ..Compare::new()
    };
    // The slot lists were filled from the maps' keys.
    let mut wire = String::new();
    req.encode("", &mut FormEncoder::new(&mut wire));
    assert!(
        wire.contains("fromslots=main")
            && wire.contains("fromtext-main=one+two+three")
            && wire.contains("toslots=main"),
        "{wire}"
    );
    let r = c.call(&req).await.expect("compare");
    let diff = r.body.body.as_deref().unwrap_or_default();
    assert!(diff.contains("two") && diff.contains('2'), "{diff}");
    assert!(r.body.diffsize.is_some_and(|n| n > 0));
}

async fn block_count(c: &Client, user: &str) -> usize {
    let blocks = mediawiki_api::list::Blocks { users: vec![user.into()], ..Default::default() };
    let r =
        c.call(&query(Query { list: vec![blocks.into()], ..Default::default() })).await.expect("list=blocks");
    r.body.query.and_then(|q| q.blocks).map_or(0, |b| b.len())
}

#[tokio::test]
async fn block_and_unblock() {
    let Some(api) = live_api_url("block_and_unblock") else { return };
    let c = admin(&api).await;
    let ip = "192.0.2.77";
    if block_count(&c, ip).await > 0 {
        c.execute(&Unblock { user: Some(ip.into()), ..Unblock::new("") })
            .await
            .expect("clean up an earlier run");
    }
    let block = Block {
        user: Some(ip.into()),
        expiry: Some("1 day".into()),
        reason: Some("mwgen live test".into()),
        ..Block::new("")
    };
    let r = c.call(&block).await.expect("block");
    assert_eq!(r.body.user, ip);
    assert!(r.body.id > 0 && r.body.reason == "mwgen live test", "{:?}", r.body);
    assert_eq!(block_count(&c, ip).await, 1);
    c.execute(&Unblock { user: Some(ip.into()), reason: Some("done".into()), ..Unblock::new("") })
        .await
        .expect("unblock");
    assert_eq!(block_count(&c, ip).await, 0);
}

#[tokio::test]
async fn a_pipe_in_a_multi_value_goes_as_unit_separators() {
    let Some(api) = live_api_url("a_pipe_in_a_multi_value_goes_as_unit_separators") else { return };
    if fake_lacks("a_pipe_in_a_multi_value_goes_as_unit_separators", "meta=allmessages") {
        return;
    }
    let c = client(&api);
    let msgs = Allmessages {
        messages: vec!["parentheses".into()],
        args: vec!["a|b".into()],
        prop: vec![AllmessagesProp::Default],
        ..Default::default()
    };
    let q = Query { meta: vec![msgs.into()], ..Default::default() };
    let mut wire = String::new();
    Main { action: Some(q.clone().into()), ..Default::default() }
        .encode("", &mut FormEncoder::new(&mut wire));
    assert!(wire.contains("amargs=%1Fa%7Cb"), "{wire}");
    let r = c.call(&q).await.expect("allmessages");
    let text = r.text().to_string();
    let messages = r.body.query.and_then(|q| q.allmessages).unwrap_or_default();
    assert_eq!(messages.first().and_then(|m| m.content.as_deref()), Some("(a|b)"), "{text}");
}

#[tokio::test]
async fn the_client_refuses_too_many_values_before_sending() {
    let Some(_api) = live_api_url("the_client_refuses_too_many_values_before_sending") else { return };
    // Nothing listens on port 9: an error other than Invalid would mean something was sent.
    let c = Client::builder("http://127.0.0.1:9/api.php", AGENT).build().expect("client");
    let q = Query { titles: (0..51).map(|i| format!("Page {i}")).collect(), ..Default::default() };
    match c.execute(&q).await {
        Err(ClientError::Invalid(e)) => {
            assert_eq!((e.kind(), e.param.as_deref()), (ErrorKind::TooManyValues, Some("titles")));
            assert_eq!(e.text, "Too many values supplied for parameter \"titles\". The limit is 50.");
        }
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
}

/// A module's own checks (the spec's constraints) are made before sending, as MediaWiki makes
/// them: list=usercontribs needs exactly one of `ucuserprefix`, `ucuserids`, `uciprange` and
/// `ucuser`. No wiki is needed. (A title-or-id pair is a `PageRef`, which sends exactly one: a
/// list=backlinks with neither or both cannot be built.)
#[tokio::test]
async fn the_client_refuses_a_broken_group_before_sending() {
    // Nothing listens on port 9: an error other than Invalid would mean something was sent.
    let c = Client::builder("http://127.0.0.1:9/api.php", AGENT).build().expect("client");
    let none = Query { list: vec![Usercontribs::new().into()], ..Default::default() };
    match c.execute(&none).await {
        Err(ClientError::Invalid(e)) => {
            assert_eq!(e.code, "missingparam");
            assert!(e.text.starts_with("One of the parameters \"ucuserprefix\""), "{}", e.text);
        }
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
    let both =
        Usercontribs { user: vec!["A".into()], iprange: Some("192.0.2.0/24".into()), ..Usercontribs::new() };
    let q = Query { list: vec![both.into()], ..Default::default() };
    match c.execute(&q).await {
        Err(ClientError::Invalid(e)) => {
            assert_eq!(e.text, "The parameters \"ucuser\" and \"uciprange\" can not be used together.")
        }
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
    let by_id = Query { list: vec![Backlinks::new(PageRef::Id(7)).into()], ..Default::default() };
    let mut wire = String::new();
    by_id.encode("", &mut FormEncoder::new(&mut wire));
    assert_eq!(wire, "list=backlinks&blpageid=7");
}

#[tokio::test]
async fn the_wiki_refuses_with_a_typed_error() {
    let Some(api) = live_api_url("the_wiki_refuses_with_a_typed_error") else { return };
    let c = client(&api);
    // An anonymous block: the wiki says no.
    let block = Block { user: Some("192.0.2.78".into()), ..Block::new("") };
    match c.call(&block).await {
        Err(ClientError::Api(e)) => {
            assert_eq!(e.kind(), ErrorKind::PermissionDenied, "{e:?}");
            assert_eq!(e.module, "block");
            assert!(!e.text.is_empty());
        }
        other => panic!("expected the wiki's refusal, got {other:?}"),
    }
    let admin = admin(&api).await;
    assert_eq!(block_count(&admin, "192.0.2.78").await, 0, "nothing was blocked");
    // checktoken with a bad token is an answer, not an error: invalid.
    let check = mediawiki_api::action::Checktoken::new(TokensType::Csrf, "bogus+\\");
    let r = c.call(&check).await.expect("checktoken");
    assert_eq!(r.body.result, ChecktokenResult::Invalid);
}

/// The client validates with the session's rights (issue 14's first finding): anonymous, 51 titles
/// and a module that needs `deletedhistory` are refused before sending, as the wiki would refuse
/// them; after a sysop's login the client knows `apihighlimits`, and the wiki takes both.
#[tokio::test]
async fn validation_follows_the_session() {
    use mediawiki_api::list::Alldeletedrevisions;
    let Some(api) = live_api_url("validation_follows_the_session") else { return };
    let titles = Query { titles: (0..51).map(|i| format!("Page {i}")).collect(), ..Default::default() };
    let deleted = Query { list: vec![Alldeletedrevisions::new().into()], ..Default::default() };
    let anon = client(&api);
    assert_eq!(anon.session_rights(), None, "nothing is known before asking");
    let me = anon.refresh_rights().await.expect("userinfo");
    assert!(!me.logged_in && me.rights.iter().any(|r| r == "read"), "{me:?}");
    assert!(!me.rights.iter().any(|r| r == "apihighlimits"), "{me:?}");
    match anon.execute(&titles).await {
        Err(ClientError::Invalid(e)) => assert_eq!(e.kind(), ErrorKind::TooManyValues),
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
    match anon.execute(&deleted).await {
        Err(ClientError::Invalid(e)) => {
            assert_eq!((e.kind(), e.code.as_ref()), (ErrorKind::PermissionDenied, "permissiondenied"));
            assert_eq!(e.text, "You don't have permission to view deleted comments.");
        }
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
    // The wiki refuses the same request for the same caller, with the same text.
    let raw = client(&api);
    match raw.execute(&deleted).await {
        Err(ClientError::Api(e)) => assert_eq!(e.text, "You don't have permission to view deleted comments."),
        other => panic!("expected the wiki's refusal, got {other:?}"),
    }
    let admin = admin(&api).await;
    let me = admin.session_rights().expect("a login asks who the caller is");
    assert!(me.logged_in && me.name == ADMIN && me.groups.iter().any(|g| g == "sysop"), "{me:?}");
    assert!(admin.validation_options().high_limits, "a sysop has apihighlimits");
    let r = admin.execute(&titles).await.expect("51 titles for a sysop");
    let pages = r.body.pointer("/query/pages").and_then(Value::as_array).map_or(0, Vec::len);
    assert_eq!(pages, 51, "the wiki answered for every title");
    // Sent, and the wiki lets a sysop read them (the fake answers `notimplemented` for this module).
    match admin.execute(&deleted).await {
        Ok(_) => {}
        Err(ClientError::Api(e))
            if e.code == "notimplemented" && std::env::var_os("MWGEN_WIKI_IS_FAKE").is_some() => {}
        other => panic!("expected the deleted revisions for a sysop, got {other:?}"),
    }
    admin.logout().await.expect("logout");
    assert_eq!(admin.session_rights(), None, "after a logout the caller is not known");
}

/// Extra parameters are validated with the typed ones (issue 14): one that overrides a field with
/// a value the field does not take is refused before sending. No wiki is needed.
#[tokio::test]
async fn extra_parameters_are_validated_with_the_rest() {
    let c = Client::builder("http://127.0.0.1:9/api.php", AGENT).build().expect("client");
    let q = Query { list: vec![Allpages::default().into()], ..Default::default() };
    let extra = [("apdir".to_string(), "sideways".to_string())];
    match c.execute_with(&q, &extra).await {
        Err(ClientError::Invalid(e)) => {
            assert_eq!((e.kind(), e.param.as_deref()), (ErrorKind::BadValue, Some("apdir")), "{e:?}");
        }
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
}

/// `notloggedin` has its own kind, from the wiki and, once the client knows the caller is
/// anonymous, before sending.
#[tokio::test]
async fn notloggedin_is_its_own_kind() {
    use mediawiki_api::list::Watchlist;
    let Some(api) = live_api_url("notloggedin_is_its_own_kind") else { return };
    let q = Query { list: vec![Watchlist::default().into()], ..Default::default() };
    let c = client(&api);
    match c.execute(&q).await {
        Err(ClientError::Api(e)) => assert_eq!(e.kind(), ErrorKind::NotLoggedIn, "{e:?}"),
        other => panic!("expected the wiki's notloggedin, got {other:?}"),
    }
    c.refresh_rights().await.expect("userinfo");
    match c.execute(&q).await {
        Err(ClientError::Invalid(e)) => assert_eq!(e.kind(), ErrorKind::NotLoggedIn, "{e:?}"),
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
}

/// The AuthManager helpers take the generated types (issue 14): `Client::authenticate` validates
/// a `Clientlogin` as the module does, so 51 `loginrequests` are refused before sending (the wiki
/// answers `toomanyvalues`), and a valid one logs in.
#[tokio::test]
async fn authenticate_validates_the_generated_request() {
    use mediawiki_api::action::Clientlogin;
    let Some(api) = live_api_url("authenticate_validates_the_generated_request") else { return };
    let c = client(&api);
    let fields = [("username", ADMIN), ("password", ADMIN_PASSWORD)];
    let too_many = Clientlogin {
        requests: (0..51).map(|i| format!("Request{i}")).collect(),
        returnurl: Some(api.clone()),
        ..Clientlogin::new("")
    };
    match c.authenticate(&too_many, &fields).await {
        Err(ClientError::Invalid(e)) => {
            assert_eq!((e.kind(), e.param.as_deref()), (ErrorKind::TooManyValues, Some("loginrequests")))
        }
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
    // The wiki refuses the same list (sent raw, past the client's validation).
    let mut raw = Params::new();
    for (k, v) in [("action", "clientlogin"), ("format", "json"), ("loginreturnurl", api.as_str())] {
        raw.add(k, v);
    }
    raw.add("loginrequests", &too_many.requests.join("|"));
    raw.add("logintoken", &c.token("login").await.expect("login token"));
    let answer = c.raw(&raw, true).await;
    let code = match answer {
        Err(ClientError::Api(e)) => e.code.to_string(),
        Ok(r) => r.body.pointer("/error/code").and_then(Value::as_str).unwrap_or_default().to_string(),
        Err(e) => panic!("clientlogin: {e}"),
    };
    assert_eq!(code, "toomanyvalues");
    let login = Clientlogin { returnurl: Some(api.clone()), ..Clientlogin::new("") };
    let status = c.authenticate(&login, &fields).await.expect("clientlogin");
    assert_eq!(status, AuthStatus::Pass { username: Some(ADMIN.into()) });
    assert!(c.session_rights().is_some_and(|s| s.logged_in), "the login asked who the caller is");
}

/// Titles normalised with the wiki's namespaces (`Client::site_info`) as the wiki normalises them
/// (its `query.normalized`, or `invalid`), for titles that exercise each rule.
#[tokio::test]
async fn titles_normalise_as_the_wiki_normalises_them() {
    let Some(api) = live_api_url("titles_normalise_as_the_wiki_normalises_them") else { return };
    let c = client(&api);
    let site = c.site_info().await.expect("siteinfo");
    let titles = [
        "main_page",
        "talk:foo__bar",
        "image:x.png",
        ":help:contents",
        "foo:bar",
        "user_talk:über",
        "x#y",
        "a[b]",
        "Talk:",
        "  _ ",
        "special:version",
        "media:x",
        "talk:help:x",
        "a|b",
        "USER:Admin",
        "user  talk:  spaced   out ",
        "mediawiki:common.css",
        "file talk:a_b",
        "project:about",
        "project_talk:x",
        "ünicode",
        "category:élan",
        "help_talk:_lead",
    ];
    let mut p = Params::new();
    for (k, v) in [("action", "query"), ("format", "json"), ("formatversion", "2")] {
        p.add(k, v);
    }
    p.add("titles", &format!("\u{1f}{}", titles.join("\u{1f}")));
    let r = c.raw(&p, false).await.expect("query");
    let normalized: BTreeMap<String, String> = r.body["query"]["normalized"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| Some((n["from"].as_str()?.to_string(), n["to"].as_str()?.to_string())))
        .collect();
    let pages = r.body["query"]["pages"].as_array().cloned().unwrap_or_default();
    let mut differ = Vec::new();
    for t in titles {
        let shown = normalized.get(t).map_or(t, String::as_str);
        let page = pages.iter().find(|p| p["title"].as_str() == Some(shown));
        let wiki = match page {
            Some(p) if p.get("invalid").is_some() => None,
            Some(_) => Some(shown.to_string()),
            None => panic!("no page for {t:?} in {}", r.body),
        };
        let ours = site.normalize(t).map(|n| n.full);
        if ours != wiki {
            differ.push(format!("{t:?}: wiki {wiki:?}, ours {ours:?}"));
        }
    }
    assert!(differ.is_empty(), "{} of {} titles differ:\n{}", differ.len(), titles.len(), differ.join("\n"));
}
