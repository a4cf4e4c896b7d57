//! A good bot's manners against the fake, in paused time: writes paced by the caller's own rate
//! limits (`uiprop=ratelimits`) before the wiki has to say `ratelimited`, and a dry run that
//! validates everything, sends the reads, and holds back every write.

use mediawiki_api::action::{Delete, Edit, Query};
use mediawiki_api::prop::Info;
use mediawiki_fake::Wiki;
use mwgen_runtime::client::{Client, ClientError, EditPage, RateLimit};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

const UA: &str = "mediawiki-fake-tests/0.1 (tests of the mwgen project)";
const ADMIN_PASSWORD: &str = "mwgen-admin-password-1";

/// Records when each request of `action` reached the wiki (virtual time), and counts all requests.
fn record(wiki: &Wiki, action: &'static str) -> (Arc<Mutex<Vec<Instant>>>, Arc<AtomicUsize>) {
    let (times, all) = (Arc::new(Mutex::new(Vec::new())), Arc::new(AtomicUsize::new(0)));
    let (t, n) = (times.clone(), all.clone());
    wiki.faults().set_hook(move |req| {
        n.fetch_add(1, Ordering::SeqCst);
        if req.action == action {
            t.lock().expect("times").push(Instant::now());
        }
        None
    });
    (times, all)
}

fn edit(title: &str, text: &str) -> Edit {
    Edit { text: Some(text.into()), ..Edit::new(title, "") }
}

#[tokio::test(start_paused = true)]
async fn writes_keep_to_the_callers_rate_limit() {
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    // $wgRateLimits['edit']['anon'] = [2, 10]: two edits in ten seconds.
    wiki.set_rate_limit("edit", "anon", 2, 10);
    let (times, _) = record(&wiki, "edit");

    // A client that does not know the limit (and does not retry) is refused the third edit.
    let blind = wiki.client(UA).retries(0, Duration::ZERO).build().expect("client");
    for i in 0..2 {
        blind.call(&edit("Paced", &format!("blind {i}"))).await.expect("within the limit");
    }
    let e = blind.call(&edit("Paced", "blind 2")).await.expect_err("over the limit");
    assert_eq!(e.api_error().map(|a| a.code.as_ref()), Some("ratelimited"), "{e}");

    // One that asked for the caller's limits spreads its edits 5 s apart, and is never refused.
    tokio::time::advance(Duration::from_secs(10)).await;
    times.lock().expect("times").clear();
    let paced = wiki.client(UA).retries(0, Duration::ZERO).build().expect("client");
    let me = paced.refresh_rights().await.expect("userinfo");
    assert_eq!(me.ratelimits["edit"]["anon"], RateLimit { hits: 2, seconds: 10 });
    assert_eq!(paced.rate_interval("edit"), Some(Duration::from_secs(5)));
    assert_eq!(paced.rate_interval("move"), None, "no limit set for moves");
    for i in 0..5 {
        paced.call(&edit("Paced", &format!("paced {i}"))).await.expect("paced: never ratelimited");
    }
    let times = times.lock().expect("times").clone();
    assert_eq!(times.len(), 5);
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= Duration::from_secs(5), "{:?} apart", pair[1] - pair[0]);
    }
    // Reads are not paced: a query right after the last edit goes out at once.
    let before = Instant::now();
    paced.execute(&Query::default()).await.expect("query");
    assert_eq!(Instant::now(), before);
}

#[tokio::test(start_paused = true)]
async fn a_sysop_has_no_rate_limits_to_keep() {
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    wiki.set_rate_limit("edit", "user", 1, 60);
    wiki.set_rate_limit("edit", "sysop", 1, 60);
    let c = wiki.client(UA).build().expect("client");
    c.client_login("Admin", ADMIN_PASSWORD).await.expect("clientlogin");
    let me = c.session_rights().expect("learned at login");
    assert!(me.ratelimits.is_empty(), "noratelimit: {:?}", me.ratelimits);
    let start = Instant::now();
    for i in 0..3 {
        c.call(&edit("Unpaced", &format!("{i}"))).await.expect("not limited");
    }
    assert_eq!(Instant::now(), start, "no pacing at all (the fake's client has no write interval)");
}

#[tokio::test(start_paused = true)]
async fn a_dry_run_validates_reads_and_holds_back_writes() {
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    let (_, requests) = record(&wiki, "edit");
    let c = wiki.client(UA).dry_run(true).build().expect("client");
    // Logging in is sent: it changes the session, not the wiki.
    c.client_login("Admin", ADMIN_PASSWORD).await.expect("clientlogin in a dry run");
    let sent = requests.load(Ordering::SeqCst);

    // A write is validated, then held back: no request at all, not even for its token.
    let e = c.call(&edit("Dry page", "would be saved")).await.expect_err("held back");
    assert!(matches!(&e, ClientError::DryRun { module } if module == "edit"), "{e}");
    assert_eq!(requests.load(Ordering::SeqCst), sent, "nothing sent");
    let unsent = c.unsent();
    assert_eq!(unsent.len(), 1);
    let u = &unsent[0];
    assert_eq!((u.module.as_str(), u.post, u.token), ("edit", true, Some("csrf")));
    for (k, v) in [("action", "edit"), ("title", "Dry page"), ("text", "would be saved"), ("assert", "user")]
    {
        assert_eq!(u.params.get(k), Some(v), "{k}");
    }
    assert_eq!(u.params.get("token"), Some(""), "no token was fetched");

    // A bad write is refused as the wiki would refuse it, not recorded.
    let bad = [("watchlist".to_string(), "sideways".to_string())];
    let e = c.call_with(&edit("Dry page", "t"), &bad).await.expect_err("invalid");
    assert!(matches!(e, ClientError::Invalid(_)), "{e}");
    assert_eq!(c.unsent().len(), 1);

    // Reads go out, and show the page was not created.
    let q = Query { titles: vec!["Dry page".into()], prop: vec![Info::default().into()], ..Query::default() };
    let r = c.execute(&q).await.expect("a read is sent");
    assert_eq!(r.body.pointer("/query/pages/0/missing"), Some(&serde_json::json!(true)), "{}", r.body);

    // edit_page reads the page, then holds its edit back; so does a raw POST of a write.
    let e = c.edit_page("Dry page", &EditPage::new("dry"), |_| Some("new".into())).await.expect_err("held");
    assert!(matches!(e, ClientError::DryRun { .. }), "{e}");
    let mut raw = mwgen_runtime::Params::new();
    raw.add("action", "delete");
    raw.add("title", "Main Page");
    let e = c.raw(&raw, true).await.expect_err("a raw POST is held back");
    assert!(matches!(&e, ClientError::DryRun { module } if module == "delete"), "{e}");
    let e = c.call(&Delete::new("Main Page", "")).await.expect_err("held back");
    assert!(matches!(e, ClientError::DryRun { .. }), "{e}");
    let held: Vec<String> = c.take_unsent().into_iter().map(|u| u.module).collect();
    assert_eq!(held, ["edit", "edit", "delete", "delete"]);
    assert!(c.unsent().is_empty());
    let main =
        c.execute(&Query { titles: vec!["Main Page".into()], ..Query::default() }).await.expect("read");
    assert!(main.body.pointer("/query/pages/0/missing").is_none(), "Main Page is still there");

    // Logging out is sent too.
    c.logout().await.expect("logout in a dry run");
    assert!(c.session_rights().is_none());
}

#[tokio::test]
async fn a_client_that_is_not_a_dry_run_sends_the_same_edit() {
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    let c: Client = wiki.client(UA).build().expect("client");
    c.client_login("Admin", ADMIN_PASSWORD).await.expect("clientlogin");
    c.call(&edit("Dry page", "saved")).await.expect("saved");
    assert!(c.unsent().is_empty());
}

#[tokio::test]
async fn user_info_and_tokens_typed() {
    use mediawiki_api::action::Block;
    use mediawiki_api::enums::TokensType;
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    let (_, requests) = record(&wiki, "query");
    let anon = wiki.client(UA).build().expect("client");
    let me = anon.user_info().await.expect("userinfo");
    assert_eq!((me.id, me.name.as_str(), me.logged_in, me.edit_count), (0, "127.0.0.1", false, None));
    assert_eq!(me.block, None);

    let admin = wiki.client(UA).build().expect("client");
    admin.client_login("Admin", ADMIN_PASSWORD).await.expect("clientlogin");
    let me = admin.user_info().await.expect("userinfo");
    assert!(me.logged_in && me.id > 0 && me.edit_count.is_some(), "{me:?}");
    assert!(me.groups.iter().any(|g| g == "sysop") && me.rights.iter().any(|r| r == "apihighlimits"));
    assert_eq!(admin.session_rights(), Some(me.session_rights()), "what validation follows");

    // Three token types in one request, typed by the generated enum; then from the cache.
    let before = requests.load(Ordering::SeqCst);
    let kinds = [TokensType::Csrf, TokensType::Patrol, TokensType::Watch];
    let tokens = admin.tokens(&kinds).await.expect("tokens");
    assert_eq!(requests.load(Ordering::SeqCst), before + 1, "one request for three types");
    assert_eq!(tokens.len(), 3);
    assert!(tokens.iter().all(|t| t.ends_with("+\\") && t.len() > 2), "{tokens:?}");
    assert_eq!(admin.token(TokensType::Csrf).await.expect("cached"), tokens[0]);
    assert_eq!(admin.token("watch").await.expect("cached"), tokens[2]);
    assert_eq!(requests.load(Ordering::SeqCst), before + 1, "both from the cache");

    // A block on the anonymous caller's address shows in its userinfo.
    let block =
        Block { user: Some("127.0.0.1".into()), reason: Some("manners test".into()), ..Block::new("") };
    admin.call(&block).await.expect("block");
    let me = anon.user_info().await.expect("userinfo");
    let b = me.block.expect("blocked");
    assert_eq!((b.by.as_str(), b.reason.as_str(), b.expiry.as_str()), ("Admin", "manners test", "infinite"));
    assert!(b.id > 0 && !b.partial);
}

#[tokio::test]
async fn a_list_over_the_limit_is_sent_in_pieces_and_merged() {
    use mediawiki_api::action::Purge;
    use mediawiki_api::list::Users;
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    let (_, requests) = record(&wiki, "query");
    let anon = wiki.client(UA).build().expect("client");
    // 120 user names (one exists) and 120 titles: over the anonymous limit of 50 each.
    let names: Vec<String> = (0..119).map(|i| format!("Nobody {i}")).chain(["Admin".to_string()]).collect();
    let titles: Vec<String> =
        (0..119).map(|i| format!("Missing {i}")).chain(["Main Page".to_string()]).collect();
    let users = Users { users: names.clone(), ..Users::default() };
    let q = Query { list: vec![users.into()], titles: titles.clone(), ..Query::default() };
    assert!(matches!(anon.execute(&q).await, Err(ClientError::Invalid(_))), "one request is refused");
    // Titles split first (3 pieces), then each piece's user list (3 each).
    assert_eq!(anon.batch_pieces(&q).expect("pieces"), 9);
    let before = requests.load(Ordering::SeqCst);
    let r = anon.execute_batched(&q).await.expect("batched");
    assert_eq!(requests.load(Ordering::SeqCst) - before, 9, "nine requests");
    let got: Vec<&str> = r.body["query"]["users"]
        .as_array()
        .expect("users")
        .iter()
        .filter_map(|u| u["name"].as_str())
        .collect();
    // Each title piece lists every user again: the merged list has each once, in order.
    assert_eq!(got, names.iter().map(String::as_str).collect::<Vec<_>>());
    let pages = r.body["query"]["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), 120, "each page once");
    assert_eq!(pages.iter().filter(|p| p.get("missing").is_none()).count(), 1, "Main Page exists");
    assert_eq!(r.body["batchcomplete"], true);

    // A sysop sends 500 at once: the same request is one piece, and the same pages.
    let admin = wiki.client(UA).build().expect("client");
    admin.client_login("Admin", ADMIN_PASSWORD).await.expect("clientlogin");
    assert_eq!(admin.batch_pieces(&q).expect("pieces"), 1);
    let one = admin.execute_batched(&q).await.expect("one request");
    let titles_of = |r: &mwgen_runtime::client::Response| -> Vec<String> {
        let mut t: Vec<String> = r.body["query"]["pages"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| p["title"].as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        t.sort();
        t
    };
    assert_eq!(titles_of(&one), titles_of(&r));

    // An action module: a purge of 120 titles, three POSTs, the purged pages joined.
    let purge = Purge { titles, ..Purge::default() };
    let r = anon.execute_batched(&purge).await.expect("purge");
    assert_eq!(r.body["purge"].as_array().map(Vec::len), Some(120), "{}", r.body);
}

/// The fake served over HTTP on loopback: its api.php URL.
async fn over_http() -> (Wiki, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let api = format!("http://{}/api.php", listener.local_addr().expect("address"));
    let wiki = Wiki::new(&api).expect("wiki");
    let (router, limits) = (wiki.router(), wiki.server_options().limits);
    tokio::spawn(async move { mwgen_runtime::server::serve(listener, router, &limits).await });
    (wiki, api)
}

#[tokio::test]
async fn layers_wrap_the_http_requests_and_the_session_still_works() {
    use bytes::Bytes;
    let (wiki, api) = over_http().await;
    let (_, requests) = record(&wiki, "edit");
    let (seen, marked) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (s, m) = (seen.clone(), marked.clone());
    // Two layers: the first added counts what the second marked (the second is outside it).
    let count = tower::util::MapRequestLayer::new(move |r: http::Request<Bytes>| {
        s.fetch_add(1, Ordering::SeqCst);
        if r.headers().contains_key("x-mwgen-layer") {
            m.fetch_add(1, Ordering::SeqCst);
        }
        r
    });
    let mark = tower::util::MapRequestLayer::new(|mut r: http::Request<Bytes>| {
        r.headers_mut().insert("x-mwgen-layer", http::HeaderValue::from_static("1"));
        r
    });
    let c = Client::builder(&api, UA)
        .write_interval(Duration::ZERO)
        .layer(count)
        .layer(mark)
        .build()
        .expect("client");
    c.client_login("Admin", ADMIN_PASSWORD).await.expect("clientlogin through the layers");
    c.call(&edit("Layered", "sent through two layers")).await.expect("edit");
    let r = c
        .execute(&Query {
            titles: vec!["Layered".into()],
            prop: vec![mediawiki_api::prop::Revisions {
                prop: vec![mediawiki_api::prop::RevisionsProp::User],
                ..Default::default()
            }
            .into()],
            ..Query::default()
        })
        .await
        .expect("read back");
    assert_eq!(
        r.body.pointer("/query/pages/0/revisions/0/user"),
        Some(&serde_json::json!("Admin")),
        "{}",
        r.body
    );
    let n = requests.load(Ordering::SeqCst);
    assert!(n >= 5, "login token, clientlogin, userinfo, csrf token, edit, read: {n}");
    assert_eq!(seen.load(Ordering::SeqCst), n, "every request went through the layers");
    assert_eq!(marked.load(Ordering::SeqCst), n, "in the order they were added");

    // A layer that fails the request: the client's error names the transport.
    let refuse = tower::layer::layer_fn(|_inner: mwgen_runtime::client::HttpService| {
        tower::service_fn(|_req: http::Request<Bytes>| async {
            Err::<http::Response<http_body_util::Empty<Bytes>>, _>(std::io::Error::other(
                "refused by a layer",
            ))
        })
    });
    let c = Client::builder(&api, UA).retries(0, Duration::ZERO).layer(refuse).build().expect("client");
    let e = c.execute(&Query::default()).await.expect_err("refused");
    assert!(
        matches!(&e, ClientError::Transport { .. }) && e.to_string().contains("refused by a layer"),
        "{e}"
    );
}
