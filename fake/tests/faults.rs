//! Faults: the maxlag answer compared with the real wiki's (body and headers), each fault's
//! answer and scope (next N requests, modules), the hook, the HTTP switch, and the project's
//! client retrying maxlag and readonly against the fake.

mod common;

use mediawiki_api::action::{Edit, Query};
use mediawiki_api::list::Allpages;
use mediawiki_fake::{Fault, FaultRule, Wiki};
use mwgen_runtime::client::{Client, ClientError};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const UA: &str = "mediawiki-fake-tests/0.1 (tests of the mwgen project)";

/// An answer's status, the headers faults set, and its body (JSON, or the text as a string).
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: Value,
}

async fn raw(http: &reqwest::Client, url: &str, query: &str, form: Option<&str>) -> Raw {
    let req = match form {
        None => http.get(format!("{url}?{query}")),
        Some(body) => http
            .post(format!("{url}?{query}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_string()),
    };
    let resp = req.send().await.expect("the wiki answers");
    let status = resp.status().as_u16();
    let headers = ["retry-after", "x-database-lag", "mediawiki-api-error", "content-type"]
        .iter()
        .filter_map(|h| Some((h.to_string(), resp.headers().get(*h)?.to_str().ok()?.to_string())))
        .collect();
    let text = resp.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Raw { status, headers, body }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).user_agent(UA).build().expect("reqwest")
}

/// `v` with the wiki's api.php URL (in `docref`) replaced by `<api>`.
fn unurl(v: &Value, url: &str) -> Value {
    serde_json::from_str(&v.to_string().replace(url, "<api>")).unwrap_or(Value::Null)
}

const MAXLAG_QUERIES: &[(&str, Option<&str>)] = &[
    ("action=query&list=allpages&maxlag=-2&format=json", None),
    ("action=query&list=allpages&maxlag=-2&format=json&formatversion=2&errorformat=plaintext", None),
    ("action=query&list=allpages&maxlag=-2&format=json&formatversion=2&errorformat=bc", None),
    ("action=query&list=allpages&maxlag=-7&format=json&errorformat=html", None),
    ("action=query&meta=siteinfo&format=json&formatversion=2&errorformat=wikitext&maxlag=-3", None),
    ("format=json&formatversion=2", Some("action=query&list=allpages&maxlag=-2&errorformat=plaintext")),
];

#[tokio::test]
async fn maxlag_answers_as_the_real_wiki_does() {
    let (_wiki, url) = common::fake().await;
    let real = common::real_wiki("maxlag_answers_as_the_real_wiki_does");
    let http = http();
    for (query, form) in MAXLAG_QUERIES {
        let f = raw(&http, &url, query, *form).await;
        // The fake has one database server and no replica, as the real wiki: its lag is -1.
        assert_eq!(f.status, 200);
        assert!(f.headers.contains(&("x-database-lag".into(), "-1".into())), "{:?}", f.headers);
        assert!(f.headers.contains(&("retry-after".into(), "5".into())), "{:?}", f.headers);
        assert!(
            f.body.to_string().contains("Waiting for a database server: -1 second lagged."),
            "{}",
            f.body
        );
        if let Some(real) = &real {
            let r = raw(&http, real, query, *form).await;
            assert_eq!(f.status, r.status, "{query}");
            assert_eq!(f.headers, r.headers, "{query}");
            assert_eq!(unurl(&f.body, &url), unurl(&r.body, real), "{query}");
        }
    }
    // A maxlag the lag does not pass gets the module's answer, as on the real wiki.
    let f = raw(&http, &url, "action=query&list=allpages&maxlag=-1&format=json", None).await;
    assert!(!f.headers.iter().any(|(h, _)| h == "x-database-lag"), "{:?}", f.headers);
}

#[tokio::test]
async fn an_injected_lag_gives_maxlag_with_retry_after() {
    let (wiki, url) = common::fake().await;
    wiki.faults().add(FaultRule::always(Fault::Maxlag { lag: 7 }));
    let http = http();
    let q = "action=query&list=allpages&format=json&formatversion=2&errorformat=plaintext";
    let r = raw(&http, &url, &format!("{q}&maxlag=3"), None).await;
    assert_eq!(
        r.body["errors"][0],
        json!({"code": "maxlag", "text": "Waiting for a database server: 7 seconds lagged.",
               "data": {"host": "", "lag": 7, "type": "db"}, "module": "main"})
    );
    assert!(r.headers.contains(&("retry-after".into(), "5".into())), "{:?}", r.headers);
    assert!(r.headers.contains(&("x-database-lag".into(), "7".into())), "{:?}", r.headers);
    // Retry-After is max(maxlag, 5), as ApiMain gives it.
    let r = raw(&http, &url, &format!("{q}&maxlag=6"), None).await;
    assert!(r.headers.contains(&("retry-after".into(), "6".into())), "{:?}", r.headers);
    // Without maxlag, or with a larger one, the lag is not a fault; nor for action=help.
    for q2 in [q.to_string(), format!("{q}&maxlag=7"), "action=help&maxlag=1&format=json".to_string()] {
        let r = raw(&http, &url, &q2, None).await;
        assert_ne!(r.body["errors"][0]["code"], "maxlag", "{q2}: {}", r.body);
    }
}

#[tokio::test]
async fn readonly_ratelimited_and_5xx_answer_for_their_modules_and_counts() {
    let (wiki, url) = common::fake().await;
    let http = http();
    let edit_form =
        "action=edit&title=X&text=y&token=%2B%5C&format=json&formatversion=2&errorformat=plaintext";
    let read = "action=query&list=allpages&format=json&formatversion=2&errorformat=plaintext";
    wiki.faults().add(FaultRule::times(Fault::Readonly { reason: "Upgrade".into() }, 1));
    // A read module is not refused, and does not use the rule up.
    let r = raw(&http, &url, read, None).await;
    assert_ne!(r.body["errors"][0]["code"], "readonly", "{}", r.body);
    let r = raw(&http, &url, "", Some(edit_form)).await;
    assert_eq!(
        r.body["errors"][0],
        json!({"code": "readonly", "text": "The wiki is currently in read-only mode.",
               "data": {"readonlyreason": "Upgrade"}, "module": "main"})
    );
    assert!(r.headers.contains(&("mediawiki-api-error".into(), "readonly".into())), "{:?}", r.headers);
    let r = raw(&http, &url, "", Some(edit_form)).await;
    assert_ne!(r.body["errors"][0]["code"], "readonly", "used up: {}", r.body);

    wiki.faults().add(FaultRule::always(Fault::Ratelimited));
    let r = raw(&http, &url, "", Some(edit_form)).await;
    assert_eq!(
        r.body["errors"][0],
        json!({"code": "ratelimited",
               "text": "You've exceeded your rate limit. Please wait some time and try again.",
               "module": "edit"})
    );
    let r = raw(&http, &url, read, None).await;
    assert_ne!(r.body["errors"][0]["code"], "ratelimited", "{}", r.body);
    wiki.faults().clear();

    wiki.faults().add(FaultRule::times(Fault::Http { status: 502 }, 2).for_modules(["query"]));
    let r = raw(&http, &url, "action=paraminfo&format=json", None).await;
    assert_eq!(r.status, 200, "another module");
    for _ in 0..2 {
        let r = raw(&http, &url, read, None).await;
        assert_eq!(r.status, 502);
        assert!(r.body.as_str().is_some_and(|t| t.contains("<title>502 Bad Gateway</title>")), "{}", r.body);
    }
    assert_eq!(raw(&http, &url, read, None).await.status, 200);
    assert!(wiki.faults().rules().is_empty(), "used-up rules are dropped");
}

#[tokio::test]
async fn slow_answers_wait_and_expired_tokens_are_refused() {
    let (wiki, url) = common::fake().await;
    let http = http();
    wiki.faults().add(FaultRule::times(Fault::Slow { ms: 300 }, 1));
    let start = Instant::now();
    raw(&http, &url, "action=query&format=json", None).await;
    assert!(start.elapsed() >= Duration::from_millis(300), "{:?}", start.elapsed());
    // An anonymous session's csrf token is `+\`: right, until the tokens expire.
    let logout = "action=logout&token=%2B%5C&format=json&formatversion=2&errorformat=plaintext";
    let r = raw(&http, &url, "", Some(logout)).await;
    assert_ne!(r.body["errors"][0]["code"], "badtoken", "{}", r.body);
    wiki.faults().add(FaultRule::times(Fault::Badtoken, 1));
    // A module without a token does not use the rule up.
    raw(&http, &url, "action=query&format=json", None).await;
    let r = raw(&http, &url, "", Some(logout)).await;
    assert_eq!(r.body["errors"][0]["code"], "badtoken", "{}", r.body);
    assert_eq!(r.body["errors"][0]["text"], "Invalid CSRF token.", "{}", r.body);
    let r = raw(&http, &url, "", Some(logout)).await;
    assert_ne!(r.body["errors"][0]["code"], "badtoken", "{}", r.body);
}

#[tokio::test]
async fn session_loss_drops_the_login_and_the_hook_sees_each_request() {
    let (wiki, url) = common::fake().await;
    let sessions = Arc::new(Mutex::new(Vec::new()));
    let seen = sessions.clone();
    wiki.faults().set_hook(move |req| {
        seen.lock().expect("lock").push((req.session.clone(), req.action.clone()));
        (req.action == "logout").then_some(Fault::Http { status: 500 })
    });
    let http = http();
    raw(&http, &url, "action=query&format=json", None).await;
    let session = sessions.lock().expect("lock")[0].0.clone();
    assert!(!session.is_empty());
    // Logged in as Admin (a session row), then the session is lost.
    wiki.db(|c| c.execute("INSERT INTO session (id, user, created) VALUES (?1, 1, 'now')", [&session]))
        .expect("a login");
    assert_eq!(wiki.session_user(&session).map(|(_, n)| n), Some("Admin".to_string()));
    wiki.faults().add(FaultRule::times(Fault::SessionLoss, 1));
    raw(&http, &url, "action=query&format=json", None).await;
    assert_eq!(wiki.session_user(&session), None, "anonymous again");
    // The hook answered for logout only, and saw one session throughout.
    assert_eq!(raw(&http, &url, "action=logout&format=json", None).await.status, 500);
    let seen = sessions.lock().expect("lock").clone();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|(s, _)| *s == session), "{seen:?}");
    wiki.faults().clear_hook();
    assert_ne!(raw(&http, &url, "action=logout&format=json", None).await.status, 500);
}

#[tokio::test]
async fn the_http_switch_needs_the_admin_key() {
    let (wiki, url) = common::fake().await;
    let switch = url.replace("/api.php", "/fake/faults");
    let http = http();
    let key = wiki.faults().admin_key();
    let resp = http.get(&switch).send().await.expect("answer");
    assert_eq!(resp.status(), 401);
    assert_eq!(resp.headers().get("www-authenticate").and_then(|v| v.to_str().ok()), Some("Bearer"));
    let resp = http.get(&switch).bearer_auth("wrong").send().await.expect("answer");
    assert_eq!(resp.status(), 401);
    let rule = json!({"fault": "http", "status": 503, "times": 1, "modules": ["query"]});
    let resp = http.post(&switch).bearer_auth(&key).json(&rule).send().await.expect("answer");
    assert_eq!(resp.status(), 200);
    let listed: Value = resp.json().await.expect("json");
    assert_eq!(listed, json!({"faults": [rule], "hook": false}));
    assert_eq!(raw(&http, &url, "action=query&format=json", None).await.status, 503);
    let two = json!([{"fault": "slow", "ms": 1}, {"fault": "readonly"}]);
    let resp = http.post(&switch).bearer_auth(&key).json(&two).send().await.expect("answer");
    let listed: Value = resp.json().await.expect("json");
    assert_eq!(listed["faults"].as_array().map(Vec::len), Some(2), "{listed}");
    let bad = http.post(&switch).bearer_auth(&key).body(r#"{"fault":"flood"}"#).send().await.expect("answer");
    assert_eq!(bad.status(), 400);
    let said: Value = bad.json().await.expect("json");
    assert!(said["error"].as_str().is_some_and(|e| e.contains("flood")), "{said}");
    let resp = http.delete(&switch).bearer_auth(&key).send().await.expect("answer");
    assert_eq!(resp.json::<Value>().await.expect("json"), json!({"faults": [], "hook": false}));
    assert!(wiki.faults().rules().is_empty());
}

/// Counts the requests of each action.
fn count_requests(wiki: &Wiki) -> Arc<AtomicUsize> {
    let n = Arc::new(AtomicUsize::new(0));
    let seen = n.clone();
    wiki.faults().set_hook(move |req| {
        if req.action == "query" || req.action == "edit" {
            seen.fetch_add(1, Ordering::SeqCst);
        }
        None
    });
    n
}

fn allpages() -> Query {
    Query { list: vec![Allpages::default().into()], ..Default::default() }
}

/// What the fake answers the client when no fault is left: the module's answer, or (for a module
/// not answered yet) `notimplemented`; never the fault.
fn assert_past_the_fault<T: std::fmt::Debug>(r: Result<T, ClientError>, fault: &str) {
    if let Err(e) = &r {
        let code = e.api_error().map(|a| a.code.to_string());
        assert!(code.as_deref() != Some(fault), "the client gave up on {fault}: {e}");
        assert!(code.is_some(), "{e}");
    }
}

#[tokio::test]
async fn the_client_retries_maxlag_over_http_honouring_retry_after() {
    let (wiki, url) = common::fake().await;
    let n = count_requests(&wiki);
    wiki.faults().add(FaultRule::times(Fault::Maxlag { lag: 10 }, 1));
    let client = Client::builder(&url, UA).retries(3, Duration::from_millis(10)).build().expect("client");
    let start = Instant::now();
    assert_past_the_fault(client.call(&allpages()).await, "maxlag");
    assert!(start.elapsed() >= Duration::from_secs(5), "Retry-After: 5 waited ({:?})", start.elapsed());
    assert_eq!(n.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn the_client_retries_maxlag_and_readonly_in_process() {
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    let n = count_requests(&wiki);
    let client = wiki.client(UA).retries(3, Duration::from_millis(10)).build().expect("client");
    wiki.faults().add(FaultRule::times(Fault::Maxlag { lag: 10 }, 3));
    assert_past_the_fault(client.call(&allpages()).await, "maxlag");
    assert_eq!(n.swap(0, Ordering::SeqCst), 4, "three maxlag answers, three retries");
    // Readonly for write modules (no Retry-After: the client's backoff).
    wiki.faults().add(FaultRule::times(Fault::Readonly { reason: "Upgrade".into() }, 2));
    client.set_token("csrf", "+\\");
    let edit = Edit { text: Some("x".into()), ..Edit::new("Retry", "") };
    assert_past_the_fault(client.call(&edit).await, "readonly");
    assert_eq!(n.swap(0, Ordering::SeqCst), 3);
    // More faults than retries: the client gives the wiki's error.
    wiki.faults().add(FaultRule::always(Fault::Maxlag { lag: 10 }));
    let e = client.call(&allpages()).await.expect_err("maxlag");
    assert_eq!(e.api_error().map(|a| a.code.to_string()).as_deref(), Some("maxlag"), "{e}");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(5)));
    assert_eq!(n.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn an_injected_edit_conflict_refuses_one_edit_of_an_existing_page() {
    let (wiki, url) = common::fake().await;
    let s = common::Session::new(&url);
    s.login_bot().await;
    let token = s.token("csrf").await;
    let edit = |text: &'static str| [("action", "edit"), ("title", "Conflict page"), ("text", text)];
    let with = |p: [(&'static str, &'static str); 3], t: &str| {
        let mut v: Vec<(String, String)> = p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        v.push(("token".into(), t.to_string()));
        v
    };
    let post = |v: Vec<(String, String)>| {
        let s = &s;
        async move {
            let p: Vec<(&str, &str)> = v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            s.post(&p).await
        }
    };
    let v = post(with(edit("one"), &token)).await;
    assert_eq!(v["edit"]["result"], "Success", "{v}");
    // The rule applies to the next edit request (a creation would use it up without a conflict:
    // there is nothing to conflict with).
    wiki.faults().add(FaultRule::times(Fault::EditConflict, 1));
    let v = post(with(edit("two"), &token)).await;
    assert_eq!(v["error"]["code"], "editconflict", "{v}");
    let v = post(with(edit("three"), &token)).await;
    assert_eq!(v["edit"]["result"], "Success", "the fault was used up: {v}");
}

/// The client's manners (issue 14) against the fake's faults, in virtual time: `ratelimited` and
/// an HTTP 503 are retried with the backoff, and writes are paced by `write_interval` (retries of
/// a write included) while reads are not.
#[tokio::test(start_paused = true)]
async fn the_client_retries_ratelimited_and_5xx_and_paces_its_writes() {
    use tokio::time::Instant;
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    let n = count_requests(&wiki);
    let client = wiki
        .client(UA)
        .retries(3, Duration::from_millis(10))
        .write_interval(Duration::from_secs(10))
        .build()
        .expect("client");
    client.set_token("csrf", "+\\");
    let edit = |text: &str| Edit { text: Some(text.into()), ..Edit::new("Paced", "") };
    wiki.faults().add(FaultRule::times(Fault::Ratelimited, 2));
    let start = Instant::now();
    assert_past_the_fault(client.call(&edit("one")).await, "ratelimited");
    assert_eq!(n.swap(0, Ordering::SeqCst), 3, "two ratelimited answers, two retries");
    let took = start.elapsed();
    assert!(
        took >= Duration::from_secs(20) && took < Duration::from_secs(21),
        "three starts 10 s apart: {took:?}"
    );
    // A read right after is not paced; the next write waits out the interval.
    let read = Instant::now();
    client.call(&allpages()).await.expect("allpages");
    assert!(read.elapsed() < Duration::from_secs(1), "{:?}", read.elapsed());
    let write = Instant::now();
    assert_past_the_fault(client.call(&edit("two")).await, "ratelimited");
    assert!(write.elapsed() >= Duration::from_secs(9), "{:?}", write.elapsed());
    // A 503 (a web server's error page, no API answer) is retried too.
    n.store(0, Ordering::SeqCst);
    wiki.faults().add(FaultRule::times(Fault::Http { status: 503 }, 2));
    client.call(&allpages()).await.expect("allpages after two 503s");
    assert_eq!(n.swap(0, Ordering::SeqCst), 3);
    // More faults than retries: the wiki's error, after 1 + 3 requests.
    wiki.faults().add(FaultRule::always(Fault::Ratelimited));
    let e = client.call(&edit("three")).await.expect_err("ratelimited to the end");
    assert_eq!(e.api_error().map(|a| a.kind()), Some(mwgen_runtime::ErrorKind::RateLimited), "{e}");
    assert_eq!(n.load(Ordering::SeqCst), 4);
}

/// By default the client has one request on the wire at a time (Wikimedia's etiquette), whatever
/// its callers do at once; `max_concurrent` raises that.
#[tokio::test(start_paused = true)]
async fn the_client_sends_one_request_at_a_time_by_default() {
    use tokio::time::Instant;
    let wiki = Wiki::new("http://fake.test/api.php").expect("wiki");
    wiki.faults().add(FaultRule::always(Fault::Slow { ms: 100 }));
    let four = |c: Client| async move {
        let q = allpages();
        let start = Instant::now();
        let answers = tokio::join!(c.call(&q), c.call(&q), c.call(&q), c.call(&q));
        assert!(answers.0.is_ok() && answers.1.is_ok() && answers.2.is_ok() && answers.3.is_ok());
        start.elapsed()
    };
    let serial = four(wiki.client(UA).build().expect("client")).await;
    assert!(serial >= Duration::from_millis(400), "in series: {serial:?}");
    let parallel = four(wiki.client(UA).max_concurrent(4).build().expect("client")).await;
    assert!(parallel < Duration::from_millis(200), "four at once: {parallel:?}");
}
