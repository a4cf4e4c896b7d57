//! Live: a bot's manners against the real wiki (tests/mediawiki/up.sh): uploads (small, and
//! chunked, checked by the size and SHA-1 the wiki computed), a dry run that logs in, reads and
//! leaves the wiki as it was, typed userinfo and tokens, a list batched for an anonymous caller as
//! a sysop gets it whole, the AuthManager removal helpers, and a module sent unlisted.

use mediawiki_api::action::{Edit, Query};
use mediawiki_api::prop::{Imageinfo, ImageinfoProp, Info};
use mwgen_runtime::client::{AuthFlow, AuthStatus, ChunkedUpload, Client, ClientError, UploadProgress};
use mwgen_tests::live_api_url;
use serde_json::Value;
use sha1::{Digest, Sha1};

const AGENT: &str = "mwgen-tests/0.1 (live manners tests; https://example.invalid/mwgen)";

fn builder(api: &str) -> mwgen_runtime::client::ClientBuilder {
    Client::builder(api, AGENT).write_interval(std::time::Duration::ZERO)
}

async fn admin(c: Client) -> Client {
    let status = c.client_login("Admin", "mwgen-admin-password-1").await.expect("clientlogin");
    assert_eq!(status, AuthStatus::Pass { username: Some("Admin".into()) });
    c
}

fn nanos() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

#[tokio::test]
async fn upload_a_small_file() {
    let Some(api) = live_api_url("upload_a_small_file") else { return };
    let c = admin(builder(&api).strict_responses(true).build().expect("client")).await;
    let name = format!("Mwgen_upload_{}.txt", nanos());
    let content = b"hello from mwgen\n".to_vec();
    let up = mediawiki_api::action::Upload {
        filename: Some(name.clone()),
        file: Some(mwgen_runtime::Upload {
            mime: Some("text/plain".into()),
            ..mwgen_runtime::Upload::new(name.clone(), content.clone())
        }),
        text: Some("uploaded by the mwgen live tests".into()),
        ignorewarnings: true,
        ..mediawiki_api::action::Upload::new("")
    };
    let r = c.call(&up).await.expect("upload");
    assert_eq!(r.body.result, mediawiki_api::action::UploadResult::Success, "{}", r.text());
    let info = mediawiki_api::prop::Imageinfo {
        prop: vec![mediawiki_api::prop::ImageinfoProp::Size],
        ..Default::default()
    };
    let q = Query { titles: vec![format!("File:{name}")], prop: vec![info.into()], ..Default::default() };
    // JSON: the generated ImageinfoItem has no `size` field (the spec never saw one).
    let r = c.execute(&q).await.expect("imageinfo");
    assert_eq!(
        r.body.pointer("/query/pages/0/imageinfo/0/size").and_then(Value::as_u64),
        Some(content.len() as u64),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_chunked_upload_arrives_whole() {
    let Some(api) = live_api_url("a_chunked_upload_arrives_whole") else { return };
    let c = admin(builder(&api).build().expect("client")).await;
    let name = format!("Mwgen_chunked_{}.txt", nanos());
    // 5,000 bytes no other file has (the wiki warns about duplicates), in pieces of 2,048.
    let mut content = format!("mwgen chunked upload {name}\n").into_bytes();
    let mut i = 0u32;
    while content.len() < 5000 {
        content.extend_from_slice(format!("line {i} of a file sent in pieces\n").as_bytes());
        i += 1;
    }
    content.truncate(5000);
    let how = ChunkedUpload {
        chunk_size: 2048,
        text: Some("uploaded in pieces by the mwgen live tests".into()),
        mime: Some("text/plain".into()),
        ..ChunkedUpload::new(name.clone(), "mwgen chunked upload")
    };
    let mut seen: Vec<UploadProgress> = Vec::new();
    let up = c.upload_chunked(&how, &content, |p| seen.push(p.clone())).await.expect("chunked upload");
    assert_eq!(up["result"], "Success", "{up}");
    let sent: Vec<u64> = seen.iter().map(|p| p.sent).collect();
    assert_eq!(sent, [2048, 4096, 5000], "three pieces");
    assert!(seen.iter().all(|p| p.total == 5000 && !p.filekey.is_empty()));

    // The published file is the content, byte for byte: its size and SHA-1 as the wiki computed
    // them from the assembled file. (The test wiki does not serve its uploads over HTTP.)
    let info = Imageinfo { prop: vec![ImageinfoProp::Sha1, ImageinfoProp::Size], ..Default::default() };
    let q = Query { titles: vec![format!("File:{name}")], prop: vec![info.into()], ..Default::default() };
    let r = c.execute(&q).await.expect("imageinfo");
    let ii = r.body.pointer("/query/pages/0/imageinfo/0").cloned().unwrap_or(Value::Null);
    assert_eq!(ii["size"], 5000, "{}", r.body);
    let sha1: String = Sha1::digest(&content).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(ii["sha1"].as_str(), Some(sha1.as_str()), "{}", r.body);
}

#[tokio::test]
async fn a_dry_run_logs_in_reads_and_writes_nothing() {
    let Some(api) = live_api_url("a_dry_run_logs_in_reads_and_writes_nothing") else { return };
    // The wiki sets no rate limits ($wgRateLimits = []): userinfo gives `{}`.
    let anon = builder(&api).build().expect("client");
    let me = anon.refresh_rights().await.expect("userinfo");
    assert!(!me.logged_in && me.ratelimits.is_empty(), "{me:?}");
    assert_eq!(anon.rate_interval("edit"), None);

    let c = admin(builder(&api).dry_run(true).build().expect("client")).await;
    assert!(c.session_rights().is_some_and(|s| s.logged_in), "logged in for real");
    let title = format!("Mwgen dry run {}", nanos());
    let edit = Edit { text: Some("never saved".into()), ..Edit::new(title.as_str(), "") };
    let e = c.call(&edit).await.expect_err("held back");
    assert!(matches!(&e, ClientError::DryRun { module } if module == "edit"), "{e}");
    let unsent = c.take_unsent();
    assert_eq!(unsent.len(), 1);
    assert_eq!(unsent[0].params.get("title"), Some(title.as_str()));
    // Refused before sending, as the wiki would refuse it: a limit of the session's rights.
    let too_many: Vec<String> = (0..501).map(|i| format!("T{i}")).collect();
    let e = c.execute(&Query { titles: too_many, ..Default::default() }).await.expect_err("over 500");
    assert!(matches!(e, ClientError::Invalid(_)), "{e}");
    let q = Query { titles: vec![title.clone()], prop: vec![Info::default().into()], ..Default::default() };
    let r = c.execute(&q).await.expect("a read goes out");
    assert_eq!(r.body.pointer("/query/pages/0/missing"), Some(&Value::Bool(true)), "{}", r.body);
    c.logout().await.expect("logout");
}

#[tokio::test]
async fn user_info_and_tokens_typed() {
    let Some(api) = live_api_url("user_info_and_tokens_typed") else { return };
    use mediawiki_api::enums::TokensType;
    let anon = builder(&api).build().expect("client");
    let me = anon.user_info().await.expect("userinfo");
    assert!(me.id == 0 && !me.logged_in && me.edit_count.is_none() && me.block.is_none(), "{me:?}");
    assert!(me.groups == ["*"], "{me:?}");
    let c = admin(builder(&api).build().expect("client")).await;
    let me = c.user_info().await.expect("userinfo");
    assert!(me.logged_in && me.id > 0 && me.edit_count.is_some_and(|n| n > 0), "{me:?}");
    assert!(me.groups.iter().any(|g| g == "sysop") && me.rights.iter().any(|r| r == "noratelimit"));
    assert!(me.ratelimits.is_empty(), "{me:?}");
    // seed.sh leaves Admin a new message; whichever it is, the typed answer says what the wiki says.
    let mut p = mwgen_runtime::Params::new();
    for (k, v) in [
        ("action", "query"),
        ("meta", "userinfo"),
        ("uiprop", "hasmsg"),
        ("format", "json"),
        ("formatversion", "2"),
    ] {
        p.add(k, v);
    }
    let raw = c.raw(&p, false).await.expect("uiprop=hasmsg");
    assert_eq!(
        Some(me.has_messages),
        raw.body.pointer("/query/userinfo/messages").and_then(Value::as_bool),
        "{}",
        raw.body
    );
    let tokens =
        c.tokens(&[TokensType::Csrf, TokensType::Patrol, TokensType::Rollback]).await.expect("tokens");
    assert_eq!(tokens.len(), 3);
    assert!(tokens.iter().all(|t| t.ends_with("+\\") && t.len() > 2), "{tokens:?}");
    // The wiki accepts each as its type.
    let r = c
        .execute(&mediawiki_api::action::Checktoken::new(TokensType::Patrol, tokens[1].as_str()))
        .await
        .expect("checktoken");
    assert_eq!(r.body.pointer("/checktoken/result").and_then(Value::as_str), Some("valid"), "{}", r.body);
}

#[tokio::test]
async fn a_list_over_the_limit_is_batched_as_the_wiki_would_answer_it_whole() {
    let Some(api) = live_api_url("a_list_over_the_limit_is_batched_as_the_wiki_would_answer_it_whole") else {
        return;
    };
    use mediawiki_api::list::{Users, UsersProp};
    // 120 names, the admin among them: over the anonymous limit (50), within a sysop's (500).
    // (No edit count: the other live tests edit as the admin meanwhile.)
    let names: Vec<String> =
        (0..119).map(|i| format!("Mwgen nobody {i}")).chain(["Admin".to_string()]).collect();
    let users =
        Users { users: names, prop: vec![UsersProp::Groups, UsersProp::Registration], ..Users::default() };
    let q = Query { list: vec![users.into()], ..Query::default() };
    let anon = builder(&api).build().expect("client");
    assert_eq!(anon.batch_pieces(&q).expect("pieces"), 3);
    let batched = anon.execute_batched(&q).await.expect("three requests");
    let sysop = admin(builder(&api).build().expect("client")).await;
    assert_eq!(sysop.batch_pieces(&q).expect("pieces"), 1);
    let whole = sysop.execute(&q).await.expect("one request");
    assert_eq!(
        batched.body["query"]["users"], whole.body["query"]["users"],
        "the same users, in the same order"
    );
    assert_eq!(batched.body["query"]["users"].as_array().map(Vec::len), Some(120));
}

#[tokio::test]
async fn authentication_data_removed_and_accounts_unlinked_through_helpers() {
    let Some(api) = live_api_url("authentication_data_removed_and_accounts_unlinked_through_helpers") else {
        return;
    };
    // An account of its own: removing authentication data invalidates the account's bot passwords
    // (AuthManager::changeAuthenticationData), and other tests log in with the admin's.
    let name = format!("Mwgen remover {}", nanos());
    let password = "a long password 123";
    let anon = builder(&api).build().expect("client");
    let fields = [("username", name.as_str()), ("password", password), ("retype", password)];
    let status = anon.auth_begin(AuthFlow::CreateAccount, &fields, &api).await.expect("createaccount");
    assert!(matches!(&status, AuthStatus::Pass { .. }), "{status:?}");
    let c = builder(&api).build().expect("client");
    let status = c.client_login(&name, password).await.expect("clientlogin");
    assert!(matches!(&status, AuthStatus::Pass { .. }), "{status:?}");
    let removable = c.removable_authentication_data().await.expect("amirequestsfor=remove");
    let ids: Vec<&str> = removable.iter().map(|r| r.id.as_str()).collect();
    // The password itself is in $wgRemoveCredentialsBlacklist; a temporary password is removable.
    let temp = "MediaWiki\\Auth\\TemporaryPasswordAuthenticationRequest";
    assert!(ids.contains(&temp), "{ids:?}");
    c.remove_authentication_data(temp).await.expect("removed (right after the login, as the wiki asks)");
    // The wiki refuses an id it does not offer, and the test wiki links no third-party accounts.
    let e = c.remove_authentication_data("NoSuchRequest").await.expect_err("badrequest");
    assert_eq!(e.api_error().map(|a| a.code.as_ref()), Some("badrequest"), "{e}");
    assert!(c.linked_accounts().await.expect("amirequestsfor=unlink").is_empty());
    let e = c.unlink_account("NoSuchRequest").await.expect_err("nothing to unlink");
    assert_eq!(e.api_error().map(|a| a.code.as_ref()), Some("badrequest"), "{e}");
    // The account still logs in with its password.
    let again = builder(&api).build().expect("client");
    let status = again.client_login(&name, password).await.expect("clientlogin");
    assert!(matches!(&status, AuthStatus::Pass { .. }), "{status:?}");
    // Anonymous: the wiki's own refusal.
    let e = anon.unlink_account("NoSuchRequest").await.expect_err("notloggedin");
    assert_eq!(e.api_error().map(|a| a.kind()), Some(mwgen_runtime::ErrorKind::NotLoggedIn), "{e}");
}

#[tokio::test]
async fn a_module_the_spec_does_not_list_is_sent_with_the_clients_manners() {
    let Some(api) = live_api_url("a_module_the_spec_does_not_list_is_sent_with_the_clients_manners") else {
        return;
    };
    use mwgen_runtime::client::Unlisted;
    // As an extension's module would be: named at run time, no generated type.
    let anon = builder(&api).build().expect("client");
    let r = anon
        .execute_unlisted(
            "expandtemplates",
            &[("text", "{{PAGENAME}}"), ("title", "Mwgen x"), ("prop", "wikitext")],
            Unlisted::READ,
        )
        .await
        .expect("expandtemplates");
    assert_eq!(
        r.body.pointer("/expandtemplates/wikitext").and_then(Value::as_str),
        Some("Mwgen x"),
        "{}",
        r.body
    );
    // A write with a token the client fetches (watch), as the admin.
    let c = admin(builder(&api).build().expect("client")).await;
    let r = c
        .execute_unlisted("watch", &[("titles", "Main Page")], Unlisted::write("watch"))
        .await
        .expect("watch");
    assert_eq!(r.body.pointer("/watch/0/watched"), Some(&Value::Bool(true)), "{}", r.body);
    // The wiki's errors come back as for any module; a dry run holds the write back.
    let e = anon.execute_unlisted("nosuchmodule", &[], Unlisted::READ).await.expect_err("badvalue");
    assert_eq!(e.api_error().map(|a| a.code.as_ref()), Some("badvalue"), "{e}");
    let dry = builder(&api).dry_run(true).build().expect("client");
    let e = dry
        .execute_unlisted("watch", &[("titles", "Main Page")], Unlisted::write("watch"))
        .await
        .expect_err("held");
    assert!(matches!(e, ClientError::DryRun { .. }), "{e}");
}
