//! The project's client bound to the fake without a socket: typed calls, cookies kept across
//! calls (one session per client), and the README's example of a bot's unit test.

use mediawiki_api::action::Query;
use mediawiki_api::list::Allpages;
use mediawiki_api::meta::Tokens;
use mediawiki_fake::{Fault, FaultRule, Wiki};
use mwgen_runtime::client::ClientError;
use std::sync::{Arc, Mutex};

const UA: &str = "mediawiki-fake-tests/0.1 (tests of the mwgen project)";

/// Whether the fake answers `module` yet (other families land separately); loud when not.
fn answered<T>(r: &Result<T, ClientError>, test: &str) -> bool {
    match r.as_ref().err().and_then(ClientError::api_error) {
        Some(e) if e.code == "notimplemented" => {
            eprintln!(
                "\n*** {test}: {} is not answered by the fake yet: checked the transport only ***\n",
                e.module
            );
            false
        }
        _ => true,
    }
}

#[tokio::test]
async fn a_typed_call_goes_through_without_a_socket() {
    // No listener anywhere: the URL is only what the wiki calls itself.
    let wiki = Wiki::new("http://fake.invalid/api.php").expect("wiki");
    let client = wiki.client(UA).build().expect("client");
    let query = Query { meta: vec![Tokens::default().into()], ..Default::default() };
    let r = client.call(&query).await;
    if answered(&r, "a_typed_call_goes_through_without_a_socket") {
        let answer = r.expect("tokens");
        let tokens = answer.body.query.and_then(|q| q.tokens).expect("query.tokens");
        assert_eq!(tokens.csrftoken.as_deref(), Some("+\\"), "anonymous");
    } else {
        // The wiki's error envelope came back through the transport, read as MediaWiki's error.
        let e = r.expect_err("notimplemented");
        let api = e.api_error().expect("an API error");
        assert_eq!((api.code.as_ref(), api.module.as_ref()), ("notimplemented", "query+tokens"), "{e}");
    }
}

#[tokio::test]
async fn cookies_keep_one_session_per_client() {
    let wiki = Wiki::new("http://fake.invalid/api.php").expect("wiki");
    let sessions = Arc::new(Mutex::new(Vec::new()));
    let seen = sessions.clone();
    wiki.faults().set_hook(move |req| {
        seen.lock().expect("lock").push(req.session.clone());
        None
    });
    let (a, b) = (wiki.client(UA).build().expect("a"), wiki.client(UA).build().expect("b"));
    let query = || Query { list: vec![Allpages::default().into()], ..Default::default() };
    for client in [&a, &a, &b, &a, &b] {
        let _ = client.call(&query()).await;
    }
    let s = sessions.lock().expect("lock").clone();
    assert_eq!(s.len(), 5);
    assert!(!s[0].is_empty());
    assert_eq!([&s[1], &s[3]], [&s[0], &s[0]], "client a keeps its cookie: {s:?}");
    assert_ne!(s[2], s[0], "client b is another session");
    assert_eq!(s[4], s[2], "client b keeps its cookie");
    // A logged-in session stays logged in across calls: the session row is the wiki's, the
    // cookie the client's.
    wiki.db(|c| c.execute("INSERT INTO session (id, user, created) VALUES (?1, 1, 'now')", [&s[0]]))
        .expect("a login");
    let _ = a.call(&query()).await;
    let last = sessions.lock().expect("lock").last().cloned().unwrap_or_default();
    assert_eq!(wiki.session_user(&last).map(|(_, name)| name), Some("Admin".to_string()));
}

#[tokio::test(start_paused = true)]
async fn a_fault_answers_through_the_transport() {
    let wiki = Wiki::new("http://fake.invalid/api.php").expect("wiki");
    wiki.faults().add(FaultRule::times(Fault::Http { status: 503 }, 1));
    let once = wiki.client(UA).retries(0, std::time::Duration::ZERO).build().expect("client");
    let e = once.call(&Query::default()).await.expect_err("503");
    assert!(matches!(e, ClientError::Status { status: 503, .. }), "{e}");
    // By default a 5xx is retried: one 503, then the answer.
    wiki.faults().add(FaultRule::times(Fault::Http { status: 503 }, 1));
    let client = wiki.client(UA).build().expect("client");
    client.call(&Query::default()).await.expect("the answer after one retry");
}

/// Ends the test (loudly) while the fake does not answer the module yet.
macro_rules! return_unless_answered {
    ($r:expr) => {
        if !$crate::answered(&$r, module_path!()) {
            return;
        }
    };
}

// README.md's example, kept here so that it runs; `the_readme_shows_this_example` checks that
// fake/README.md shows these lines (unindented, without those marked `test only`).
mod readme_example {
    // README example begins
    use mediawiki_api::action::Query;
    use mediawiki_api::list::Allpages;
    use mediawiki_fake::{Fault, FaultRule, Wiki};
    use mwgen_runtime::client::{Client, ClientError};

    /// The bot under test: the titles of the wiki's first pages.
    async fn first_titles(client: &Client) -> Result<Vec<String>, ClientError> {
        let query = Query { list: vec![Allpages::default().into()], ..Default::default() };
        let pages = client.call(&query).await?.body.query.and_then(|q| q.allpages);
        Ok(pages.unwrap_or_default().into_iter().map(|p| p.title).collect())
    }

    #[tokio::test(start_paused = true)] // the client's waits before a retry take no time
    async fn the_bot_waits_out_a_lagged_database() {
        let wiki = Wiki::new("http://fake.test/api.php").expect("an in-memory wiki");
        // The next two requests get maxlag (with Retry-After: 5): the client waits and retries.
        wiki.faults().add(FaultRule::times(Fault::Maxlag { lag: 8 }, 2));
        let client = wiki.client("my-bot-tests/1.0 (me@example.org)").build().expect("a client");
        let titles = first_titles(&client).await;
        assert!(wiki.faults().rules().is_empty(), "both maxlag answers were given");
        return_unless_answered!(titles); // test only
        assert_eq!(titles.expect("the titles"), ["Main Page"]);
    }
    // README example ends
}

#[test]
fn the_readme_shows_this_example() {
    let this = include_str!("inprocess.rs");
    let example = this
        .split("// README example begins\n")
        .nth(1)
        .and_then(|rest| rest.split("    // README example ends").next())
        .expect("the example's markers");
    let shown: String = example
        .lines()
        .filter(|l| !l.ends_with("// test only"))
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
        .collect();
    let readme = include_str!("../README.md");
    assert!(readme.contains(&shown), "fake/README.md must show, as is:\n{shown}");
}
