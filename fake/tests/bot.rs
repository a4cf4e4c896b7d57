//! The client's bot helpers against the fake, in process: logging in again when the session is
//! lost (the fake's `sessionloss` fault), `edit_page` through an edit conflict and the `{{bots}}`
//! templates, and a session kept in a file between two clients.

use mediawiki_api::action::{Edit, Query};
use mediawiki_fake::{Fault, FaultRule, Wiki};
use mwgen_runtime::client::{AuthStatus, Client, EditOutcome, EditPage};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const UA: &str = "mediawiki-fake-tests/0.1 (tests of the mwgen project)";
const ADMIN_PASSWORD: &str = "mwgen-admin-password-1";

/// Counts the requests of one action.
fn count(wiki: &Wiki, action: &'static str) -> Arc<AtomicUsize> {
    let n = Arc::new(AtomicUsize::new(0));
    let seen = n.clone();
    wiki.faults().set_hook(move |req| {
        if req.action == action {
            seen.fetch_add(1, Ordering::SeqCst);
        }
        None
    });
    n
}

async fn admin(wiki: &Wiki) -> Client {
    let c = wiki.client(UA).build().expect("client");
    let status = c.client_login("Admin", ADMIN_PASSWORD).await.expect("clientlogin");
    assert_eq!(status, AuthStatus::Pass { username: Some("Admin".into()) });
    c
}

/// The user of the page's latest revision.
async fn last_user(c: &Client, title: &str) -> String {
    let mut p = mwgen_runtime::Params::new();
    for (k, v) in [
        ("action", "query"),
        ("format", "json"),
        ("formatversion", "2"),
        ("prop", "revisions"),
        ("rvprop", "user|content"),
        ("rvslots", "main"),
        ("titles", title),
    ] {
        p.add(k, v);
    }
    let r = c.raw(&p, false).await.expect("revisions");
    r.body.pointer("/query/pages/0/revisions/0/user").and_then(Value::as_str).unwrap_or_default().to_string()
}

#[tokio::test(start_paused = true)]
async fn a_lost_session_is_asserted_and_the_client_logs_in_again() {
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    let logins = count(&wiki, "clientlogin");
    let c = admin(&wiki).await;
    assert_eq!(logins.swap(0, Ordering::SeqCst), 1);
    // The next edit finds its session gone: the client's own `assert=user` makes that
    // `assertuserfailed` (not an anonymous edit); it logs in again and edits as Admin.
    wiki.faults().add(FaultRule { modules: vec!["edit".into()], ..FaultRule::times(Fault::SessionLoss, 1) });
    let edit = Edit { text: Some("after a lost session".into()), ..Edit::new("Relogin page", "") };
    let r = c.call(&edit).await.expect("the edit, after logging in again");
    assert_eq!(logins.load(Ordering::SeqCst), 1, "one more clientlogin");
    assert_eq!(r.body.result, mediawiki_api::action::EditResult::Success);
    assert_eq!(last_user(&c, "Relogin page").await, "Admin", "not an anonymous edit");
    // With relogin off, the lost session is the error.
    let strict = wiki.client(UA).relogin(false).build().expect("client");
    strict.client_login("Admin", ADMIN_PASSWORD).await.expect("clientlogin");
    wiki.faults().add(FaultRule { modules: vec!["query".into()], ..FaultRule::times(Fault::SessionLoss, 1) });
    let e = strict.execute(&Query::default()).await.expect_err("assertuserfailed");
    assert_eq!(e.api_error().map(|a| a.kind()), Some(mwgen_runtime::ErrorKind::AssertUserFailed), "{e}");
}

#[tokio::test(start_paused = true)]
async fn edit_page_changes_the_current_text_and_reads_again_after_a_conflict() {
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    let c = admin(&wiki).await;
    let how = EditPage::new("mwgen edit_page test");
    let created = c
        .edit_page("Safe page", &how, |current| {
            assert_eq!(current, None, "the page does not exist yet");
            Some("one".into())
        })
        .await
        .expect("created");
    assert!(matches!(&created, EditOutcome::Saved(e) if e["result"] == "Success"), "{created:?}");
    // The next edit of it conflicts once: the closure runs again on a fresh read.
    wiki.faults().add(FaultRule::times(Fault::EditConflict, 1));
    let mut runs = 0;
    let out = c
        .edit_page("Safe page", &how, |current| {
            runs += 1;
            Some(format!("{} two", current.unwrap_or_default()))
        })
        .await
        .expect("saved after the conflict");
    assert!(matches!(&out, EditOutcome::Saved(_)), "{out:?}");
    assert_eq!(runs, 2, "read and changed twice");
    // More conflicts than tries: the conflict is the error.
    wiki.faults().add(FaultRule::always(Fault::EditConflict));
    let e =
        c.edit_page("Safe page", &EditPage { tries: 2, ..how.clone() }, |t| t.map(|t| format!("{t}!"))).await;
    assert_eq!(
        e.expect_err("conflicts").api_error().map(|a| a.code.to_string()).as_deref(),
        Some("editconflict")
    );
    wiki.faults().clear();
    // Nothing to change, or a page that excludes the bot: nothing is sent.
    assert_eq!(c.edit_page("Safe page", &how, |_| None).await.expect("unchanged"), EditOutcome::Unchanged);
    c.edit_page("Safe page", &how, |_| Some("{{nobots}} kept".into())).await.expect("saved");
    let polite = EditPage { bot_name: Some("MwgenBot".into()), ..how.clone() };
    let out = c.edit_page("Safe page", &polite, |_| Some("overwritten".into())).await.expect("excluded");
    assert_eq!(out, EditOutcome::Excluded);
}

#[tokio::test]
async fn a_saved_session_logs_the_next_client_in() {
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    let c = admin(&wiki).await;
    let dir = std::env::temp_dir().join(format!("mwgen-session-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("session");
    c.save_session(&file).expect("saved");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the session file is the owner's alone");
    }
    let next = wiki.client(UA).build().expect("client");
    assert!(next.restore_session(&file).expect("restored"));
    let me = next.refresh_rights().await.expect("userinfo");
    assert!(me.logged_in && me.name == "Admin", "{me:?}");
    assert!(!next.restore_session(&dir.join("none")).expect("no file is no error"));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// A page set longer than the caller's limit is sent in pieces of that limit and merged (issue
/// 14's batching): 120 titles are 3 requests of at most 50 for an anonymous caller, 1 for a sysop
/// (`apihighlimits`: 500); sent whole, the anonymous request is refused before sending.
#[tokio::test]
async fn a_long_page_set_is_sent_in_pieces_and_merged() {
    use mediawiki_api::action::QueryPage;
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    let queries = count(&wiki, "query");
    let q = Query { titles: (0..120).map(|i| format!("Batch page {i}")).collect(), ..Default::default() };
    let anon = wiki.client(UA).build().expect("client");
    let e = anon.call_pages::<_, QueryPage>(&q, 1000).await.expect_err("too many titles");
    assert_eq!(e.api_error().map(|a| a.kind()), Some(mwgen_runtime::ErrorKind::TooManyValues), "{e}");
    assert_eq!(queries.load(Ordering::SeqCst), 0, "refused before sending");
    let pages: Vec<QueryPage> = anon.call_pages_batched(&q, 1000).await.expect("pages");
    assert_eq!(pages.len(), 120);
    let titles: std::collections::BTreeSet<_> = pages.iter().filter_map(|p| p.title.clone()).collect();
    assert_eq!(titles.len(), 120, "each page once");
    assert_eq!(queries.swap(0, Ordering::SeqCst), 3, "50 + 50 + 20");
    let admin = admin(&wiki).await;
    queries.store(0, Ordering::SeqCst);
    let pages: Vec<QueryPage> = admin.call_pages_batched(&q, 1000).await.expect("pages");
    assert_eq!((pages.len(), queries.load(Ordering::SeqCst)), (120, 1), "one request for a sysop");
    // `max` stops after the piece that reached it.
    queries.store(0, Ordering::SeqCst);
    let some: Vec<QueryPage> = anon.call_pages_batched(&q, 60).await.expect("pages");
    assert_eq!((some.len(), queries.load(Ordering::SeqCst)), (60, 2));
}
