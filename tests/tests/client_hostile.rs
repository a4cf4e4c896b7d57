//! The client against a wiki that cannot be trusted, scripted on loopback: `Retry-After` asking for a
//! day or for `u64::MAX` seconds, answers larger than the client's limit (with a `Content-Length`, or
//! chunked and endless), error answers full of terminal escapes, and `Debug` output of every type
//! that holds a token, a password or a cookie.
//!
//! Every wait is bounded: assertions about speed use generous bounds (seconds, where the client
//! needs milliseconds), so a busy machine does not make them fail.

use mediawiki_api::action::{
    Changeauthenticationdata, Clientlogin, Createaccount, Edit, Login, Query, Upload,
};
use mediawiki_api::list::{Watchlist, Watchlistraw};
use mediawiki_api::main::Main;
use mwgen_runtime::client::{
    AuthField, AuthManagerInfo, AuthRequest, AuthStatus, Client, ClientError, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRY_WAIT,
};
use mwgen_runtime::{Encode, ErrorKind, FormEncoder, Params, Secret};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// "Returned quickly": the client needs milliseconds; this leaves room for a loaded machine while
/// staying far below every wait the hostile wiki asks for.
const QUICK: Duration = Duration::from_secs(5);

#[path = "client_hostile/scripted_wiki.rs"]
mod scripted_wiki;
use scripted_wiki::*;

// ---------------------------------------------------------------------------------------------
// 1. Retry-After: a day, u64::MAX seconds, a date in the year 9999, garbage.

/// A wiki that answers maxlag with `Retry-After: {retry_after}` forever.
async fn asks_to_wait(
    retry_after: &'static str,
) -> (Result<mwgen_runtime::client::Response, ClientError>, Duration, usize, Events) {
    let (api, seen) = fake_wiki(move |_, _| {
        json(
            &[("Retry-After", retry_after), ("MediaWiki-API-Error", "maxlag"), ("X-Database-Lag", "7")],
            MAXLAG,
        )
    })
    .await;
    let (events, _guard) = capture();
    let start = Instant::now();
    let result = client(&api).build().expect("client").execute(&Query::default()).await;
    (result, start.elapsed(), seen.requests.load(Ordering::SeqCst), events)
}

async fn refuses_a_long_wait(retry_after: &'static str, asked: Duration) {
    let (result, took, requests, events) = asks_to_wait(retry_after).await;
    assert!(took < QUICK, "Retry-After: {retry_after}: the client waited {took:?}");
    assert_eq!(requests, 1, "no retry when the wiki asks for longer than max_retry_wait");
    let e = result.expect_err("refused");
    match &e {
        ClientError::RetryAfterTooLong { asked: a, max, error, module } => {
            assert_eq!(*a, asked);
            assert_eq!(*max, DEFAULT_MAX_RETRY_WAIT);
            assert_eq!(error.kind(), ErrorKind::Maxlag);
            assert_eq!(module, "query");
        }
        other => panic!("expected RetryAfterTooLong, got {other:?}"),
    }
    assert_eq!(e.retry_after(), Some(asked));
    assert_eq!(e.api_error().map(|a| a.kind()), Some(ErrorKind::Maxlag));
    let shown = e.to_string();
    assert!(shown.contains(&format!("{}s", asked.as_secs())) && shown.contains("max_retry_wait"), "{shown}");
    // And the log says so, with the value.
    let events = events.all();
    let report = events.iter().find(|e| e.contains("not retrying")).unwrap_or_else(|| panic!("{events:#?}"));
    assert!(report.starts_with("WARN"), "{report}");
    assert!(report.contains(&format!("retry_after_secs={}", asked.as_secs())), "{report}");
}

#[tokio::test]
async fn retry_after_a_day_is_refused_at_once() {
    refuses_a_long_wait("86400", Duration::from_secs(86400)).await;
}

#[tokio::test]
async fn retry_after_u64_max_is_refused_at_once() {
    refuses_a_long_wait("18446744073709551615", Duration::from_secs(u64::MAX)).await;
    // More digits than a u64 holds: as long as the longest wait, not garbage.
    refuses_a_long_wait("99999999999999999999999999999", Duration::from_secs(u64::MAX)).await;
}

#[tokio::test]
async fn retry_after_as_a_far_http_date_is_refused_at_once() {
    let (result, took, requests, _) = asks_to_wait("Fri, 31 Dec 9999 23:59:59 GMT").await;
    assert!(took < QUICK, "{took:?}");
    assert_eq!(requests, 1);
    let asked = result.expect_err("refused").retry_after().expect("asked");
    assert!(asked > Duration::from_secs(200 * 365 * 86400), "{asked:?}");
}

#[tokio::test]
async fn garbage_retry_after_falls_back_to_the_backoff() {
    for garbage in ["soon", "-5", "1.5", "5 seconds", "Sun, 99 Nov 1994 08:49:37 GMT"] {
        let (api, seen) = fake_wiki(move |_, _| json(&[("Retry-After", garbage)], MAXLAG)).await;
        let start = Instant::now();
        let e = client(&api)
            .retries(2, Duration::from_millis(20))
            .build()
            .expect("client")
            .execute(&Query::default())
            .await
            .expect_err("maxlag to the end");
        let took = start.elapsed();
        // Waited 20 + 40 ms, not garbage-derived seconds; then gave up with the wiki's error.
        assert!(took < QUICK, "Retry-After: {garbage}: {took:?}");
        assert!(took >= Duration::from_millis(60), "Retry-After: {garbage}: {took:?}");
        assert!(matches!(&e, ClientError::Api(a) if a.kind() == ErrorKind::Maxlag), "{e:?}");
        assert_eq!(e.retry_after(), None, "{garbage}");
        assert_eq!(seen.requests.load(Ordering::SeqCst), 3, "{garbage}: one try and two retries");
    }
}

#[tokio::test]
async fn many_retries_stay_bounded_and_capped() {
    // 40 retries: 2^32 times the backoff overflowed (a panic, or no wait at all in release builds).
    // Each wait is capped at max_retry_wait, the count at 1 + retries.
    let (api, seen) = fake_wiki(|_, _| json(&[], MAXLAG)).await;
    let start = Instant::now();
    let e = client(&api)
        .retries(40, Duration::from_millis(1))
        .max_retry_wait(Duration::from_millis(10))
        .build()
        .expect("client")
        .execute(&Query::default())
        .await
        .expect_err("maxlag to the end");
    assert!(matches!(&e, ClientError::Api(a) if a.kind() == ErrorKind::Maxlag), "{e:?}");
    assert_eq!(seen.requests.load(Ordering::SeqCst), 41);
    let took = start.elapsed();
    // 1+2+4+8 ms then 36 waits of 10 ms: about 0.4 s of waiting.
    assert!(took >= Duration::from_millis(300), "{took:?}");
    assert!(took < Duration::from_secs(30), "{took:?}");
}

#[tokio::test]
async fn a_retry_after_within_the_cap_is_waited() {
    let (api, seen) =
        fake_wiki(|n, _| if n == 0 { json(&[("Retry-After", "1")], MAXLAG) } else { json(&[], "{}") }).await;
    let start = Instant::now();
    client(&api)
        .max_retry_wait(Duration::from_secs(1))
        .build()
        .expect("client")
        .execute(&Query::default())
        .await
        .expect("the retry succeeds");
    assert!(start.elapsed() >= Duration::from_secs(1));
    assert_eq!(seen.requests.load(Ordering::SeqCst), 2);
}

// ---------------------------------------------------------------------------------------------
// 2. Answers larger than the limit.

const LIMIT: u64 = 64 * 1024;

fn too_large(e: &ClientError, api: &str) -> Option<u64> {
    match e {
        ClientError::TooLarge { url, module, limit, content_length } => {
            assert_eq!(url, api);
            assert_eq!(module, "action=query&list=allpages");
            assert_eq!(*limit, LIMIT);
            let shown = e.to_string();
            assert!(
                shown.contains("65536 bytes") && shown.contains(api) && shown.contains("list=allpages"),
                "{shown}"
            );
            *content_length
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

fn allpages() -> Query {
    Query { list: vec![mediawiki_api::list::Allpages::default().into()], ..Default::default() }
}

#[tokio::test]
async fn an_announced_large_answer_is_refused_before_its_body() {
    // The body never comes: only the Content-Length can have told the client.
    let (api, _) = fake_wiki(|_, _| {
        Answer::HeadersThenStall(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n{".into(),
        )
    })
    .await;
    let (events, _guard) = capture();
    let start = Instant::now();
    let e = client(&api)
        .max_response_bytes(LIMIT)
        .build()
        .expect("client")
        .execute(&allpages())
        .await
        .expect_err("too large");
    assert!(start.elapsed() < QUICK, "{:?}", start.elapsed());
    assert_eq!(too_large(&e, &api), Some(200 * 1024 * 1024));
    assert!(events.all().iter().any(|e| e.contains("max_response_bytes")), "{:#?}", events.all());
}

async fn endless(chunked: bool) {
    let (api, seen) = fake_wiki(move |_, _| Answer::Endless { chunked }).await;
    let start = Instant::now();
    let e = client(&api)
        .max_response_bytes(LIMIT)
        .build()
        .expect("client")
        .execute(&allpages())
        .await
        .expect_err("too large");
    assert!(start.elapsed() < QUICK, "{:?}", start.elapsed());
    assert_eq!(too_large(&e, &api), None);
    // The client hung up: the wiki's writes failed long before its 1 GiB (what it wrote went into
    // the sockets' buffers, a few MiB at most).
    let deadline = Instant::now() + QUICK;
    while !seen.endless_done.load(Ordering::SeqCst) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(seen.endless_done.load(Ordering::SeqCst), "the client kept the connection open");
    let sent = seen.endless_sent.load(Ordering::SeqCst);
    assert!(sent < 256 << 20, "the wiki wrote {sent} bytes before the client hung up");
}

#[tokio::test]
async fn an_endless_chunked_answer_is_cut_at_the_limit() {
    endless(true).await;
}

#[tokio::test]
async fn an_endless_answer_without_length_is_cut_at_the_limit() {
    endless(false).await;
}

#[tokio::test]
async fn an_answer_of_exactly_the_limit_is_read() {
    let mut body = String::from(r#"{"batchcomplete":true,"query":{"allpages":[]}}"#);
    body.push_str(&" ".repeat(LIMIT as usize - body.len()));
    assert_eq!(body.len() as u64, LIMIT);
    let exact = body.clone();
    let (api, _) = fake_wiki(move |_, _| json(&[], &exact)).await;
    let r = client(&api)
        .max_response_bytes(LIMIT)
        .build()
        .expect("client")
        .execute(&allpages())
        .await
        .expect("at the limit");
    assert!(r.batch_complete());
    // One byte less of limit: refused, by its Content-Length.
    let e = client(&api)
        .max_response_bytes(LIMIT - 1)
        .build()
        .expect("client")
        .execute(&allpages())
        .await
        .expect_err("over");
    assert!(matches!(e, ClientError::TooLarge { content_length: Some(n), .. } if n == LIMIT), "{e:?}");
    assert_eq!(DEFAULT_MAX_RESPONSE_BYTES, 64 << 20);
}

// ---------------------------------------------------------------------------------------------
// 3. Control bytes in what the wiki says.

/// Colours, a cursor move, a screen clear, a window title, a bell, NUL, DEL, C1 CSI (as UTF-8 and as
/// a raw byte, which is not UTF-8), a carriage return and a forged log line.
const HOSTILE: &[u8] =
    b"\x1b[31mFATAL\x1b[0m \x1b[2J\x1b[H\x1b]0;pwned\x07 nul\x00 del\x7f c1\xc2\x9b31m raw\x9b \rERROR forged\n2024 INFO line";

#[tokio::test]
async fn error_pages_full_of_escapes_are_shown_escaped() {
    for status in ["500 Internal Server Error", "200 OK", "404 Not Found"] {
        let (api, _) = fake_wiki(move |_, _| http(status, &[("Content-Type", "text/html")], HOSTILE)).await;
        // No retries: a 500 would be retried, and this test is about what the error shows.
        let e = client(&api)
            .retries(0, Duration::ZERO)
            .build()
            .expect("client")
            .execute(&Query::default())
            .await
            .expect_err("not JSON");
        let excerpt = match &e {
            ClientError::Status { excerpt, .. } | ClientError::NotJson { excerpt, .. } => excerpt.clone(),
            other => panic!("{status}: {other:?}"),
        };
        for shown in [excerpt.clone(), e.to_string(), format!("{e:?}")] {
            assert!(!has_control(&shown), "{status}: raw control character in {shown:?}");
        }
        assert!(excerpt.starts_with(r"\u{1b}[31mFATAL\u{1b}[0m \u{1b}[2J"), "{excerpt}");
        assert!(excerpt.contains(r"\u{9b}31m") && excerpt.contains(r"\rERROR forged\n2024"), "{excerpt}");
        assert!(excerpt.chars().count() <= 301, "{excerpt}");
    }
}

#[tokio::test]
async fn api_errors_and_warnings_full_of_escapes_are_shown_escaped() {
    let text = serde_json::to_string(&String::from_utf8_lossy(HOSTILE)).expect("json");
    let error =
        format!(r#"{{"errors":[{{"code":"bad\u001b[5mcode","text":{text},"module":"main\u0007"}}]}}"#);
    let warning = format!(
        r#"{{"warnings":[{{"code":"w\u001b[1m","text":{text},"module":"main"}}],"batchcomplete":true}}"#
    );
    let (api, _) = fake_wiki(move |n, _| json(&[], if n == 0 { &error } else { &warning })).await;
    let (events, _guard) = capture();
    let c = client(&api).build().expect("client");

    let e = c.execute(&Query::default()).await.expect_err("api error");
    let ClientError::Api(a) = &e else { panic!("{e:?}") };
    // The error keeps the wiki's text as it came; its message escapes it.
    assert!(a.text.starts_with("\u{1b}[31mFATAL"));
    let shown = e.to_string();
    assert!(!has_control(&shown), "{shown:?}");
    assert!(shown.contains(r"bad\u{1b}[5mcode (main\u{7}): \u{1b}[31mFATAL"), "{shown}");

    let r = c.execute(&Query::default()).await.expect("warnings only");
    assert_eq!(r.warnings.len(), 1);
    let events = events.all();
    let logged = events.iter().find(|e| e.contains("FATAL")).unwrap_or_else(|| panic!("{events:#?}"));
    assert!(!has_control(logged), "{logged:?}");
    assert!(logged.contains(r"\u{1b}[31mFATAL") && logged.contains(r"w\u{1b}[1m"), "{logged}");
}

#[tokio::test]
async fn a_huge_error_text_gives_a_bounded_message() {
    let body =
        format!(r#"{{"errors":[{{"code":"x","text":"{}","module":"main"}}]}}"#, "\\u001b".repeat(200_000));
    let (api, _) = fake_wiki(move |_, _| json(&[], &body)).await;
    let e = client(&api).build().expect("client").execute(&Query::default()).await.expect_err("api error");
    let shown = e.to_string();
    assert!(!has_control(&shown));
    assert!(shown.chars().count() < 1100, "{} characters", shown.chars().count());
}

// ---------------------------------------------------------------------------------------------
// 4. Secrets never print.

const CSRF: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b+\\";
const LOGIN_TOKEN: &str = "60303ae22b998861bce3b28f33eec1be758a213c+\\";
const PATCHED: &str = "cafebabedeadbeef0123456789abcdef01234567+\\";
const PASSWORD: &str = "Tr0ub4dor&3-correct-horse";
const BOT_PASSWORD: &str = "mwgen@bot-k3n2l1qmc8pv0h4s7r9t";
const OATH: &str = "493017";
const COOKIE: &str = "e3b0c44298fc1c149afbf4c8996fb924";
const WATCHLIST_TOKEN: &str = "5994471abb01112afcc18159f6cc74b4f511b998";

fn secrets() -> [&'static str; 8] {
    // The distinctive middle of each, so that escaping (`\\` for `\`) cannot hide a leak.
    [&CSRF[..30], &LOGIN_TOKEN[..30], &PATCHED[..30], PASSWORD, BOT_PASSWORD, OATH, COOKIE, WATCHLIST_TOKEN]
}

fn assert_redacted(what: &str, shown: &str) {
    for s in secrets() {
        assert!(!shown.contains(s), "{what} shows the secret {s:?}: {shown}");
    }
}

#[tokio::test]
async fn debug_never_shows_tokens_passwords_or_cookies() {
    let (api, _) = fake_wiki(|_, request| {
        let cookie = format!("mwsession={COOKIE}; Path=/; HttpOnly");
        if request.contains("type=csrf") {
            let body = serde_json::json!({"batchcomplete": true, "query": {"tokens": {"csrftoken": CSRF}}});
            json(&[("Set-Cookie", &cookie)], &body.to_string())
        } else if request.contains("type=patrol") {
            // The wrong token: the error names what is missing, and shows the body redacted.
            let body = serde_json::json!({"query": {"tokens": {"csrftoken": CSRF}}});
            json(&[], &body.to_string())
        } else {
            let body = serde_json::json!({"login": {"result": "NeedToken", "token": LOGIN_TOKEN}});
            json(&[], &body.to_string())
        }
    })
    .await;
    let builder = client(&api);
    assert_redacted("ClientBuilder", &format!("{builder:?}"));
    let c = builder.build().expect("client");

    // Tokens fetched (with a session cookie set) and cached, one set by hand.
    assert_eq!(c.token("csrf").await.expect("csrf"), CSRF);
    c.set_token("patrol-ish", PATCHED);
    let shown = format!("{c:?}");
    assert_redacted("Client", &shown);
    assert!(shown.contains("<redacted>"), "{shown}");
    assert_redacted("Client (alternate)", &format!("{c:#?}"));

    let e = c.token("patrol").await.expect_err("no patroltoken");
    assert!(matches!(e, ClientError::Unexpected(_)), "{e:?}");
    assert_redacted("ClientError::Unexpected", &format!("{e} {e:?}"));

    // A raw answer that holds a token.
    let mut p = Params::new();
    p.add("action", "login");
    p.add("format", "json");
    let r = c.raw(&p, true).await.expect("answer");
    assert_eq!(r.body["login"]["token"], LOGIN_TOKEN);
    assert_redacted("Response", &format!("{r:?}"));
    let e = r.get::<u32>("/login/token").expect_err("not a number");
    assert_redacted("ClientError from Response::get", &format!("{e} {e:?}"));
    let e = r.get::<u32>("/nothing").expect_err("missing");
    assert_redacted("ClientError from Response::get", &format!("{e} {e:?}"));

    // Generated requests, alone, inside `Main`, and encoded.
    let login = Login {
        name: Some("Admin@mwgen".into()),
        password: Some(BOT_PASSWORD.into()),
        token: Some(LOGIN_TOKEN.into()),
        ..Default::default()
    };
    let edit = Edit { text: Some("Hello".into()), ..Edit::new("Sandbox", CSRF) };
    let query = Query {
        list: vec![
            Watchlist {
                owner: Some("Admin".into()),
                token: Some(WATCHLIST_TOKEN.into()),
                ..Default::default()
            }
            .into(),
            Watchlistraw {
                owner: Some("Admin".into()),
                token: Some(WATCHLIST_TOKEN.into()),
                ..Default::default()
            }
            .into(),
        ],
        ..Default::default()
    };
    let requests: Vec<(&str, String, Main)> = vec![
        ("Login", format!("{login:?}"), Main { action: Some(login.clone().into()), ..Default::default() }),
        ("Edit", format!("{edit:?}"), Main { action: Some(edit.clone().into()), ..Default::default() }),
        ("Clientlogin", format!("{:?}", Clientlogin::new(LOGIN_TOKEN)), Main::default()),
        ("Createaccount", format!("{:?}", Createaccount::new(PATCHED)), Main::default()),
        (
            "Changeauthenticationdata",
            format!("{:?}", Changeauthenticationdata::new("x", CSRF)),
            Main::default(),
        ),
        ("Upload", format!("{:?}", Upload::new(CSRF)), Main::default()),
        (
            "Query (watchlist tokens)",
            format!("{query:?}"),
            Main { action: Some(query.clone().into()), ..Default::default() },
        ),
    ];
    for (name, shown, main) in &requests {
        assert_redacted(name, shown);
        assert_redacted(&format!("Main with {name}"), &format!("{main:?}"));
        let mut params = Params::new();
        main.encode("", &mut params);
        assert_redacted(&format!("Params of {name}"), &format!("{params:?}"));
        let mut form = String::new();
        main.encode("", &mut FormEncoder::new(&mut form));
        assert_redacted(&format!("FormEncoder of {name}"), &format!("{:?}", FormEncoder::new(&mut form)));
    }
    assert_redacted("Secret", &format!("{:?}", Secret::new(PASSWORD)));

    // Params as a client or a server holds them, AuthManager fields included.
    let mut params = Params::new();
    for (k, v) in [
        ("username", "Admin"),
        ("password", PASSWORD),
        ("retype", PASSWORD),
        ("OATHToken", OATH),
        ("logintoken", LOGIN_TOKEN),
        ("token", CSRF),
    ] {
        params.add(k, v);
    }
    assert_redacted("Params", &format!("{params:?} {params:#?}"));

    // AuthManager state: a sensitive field's value never shows, in any status that carries it.
    let mut fields = BTreeMap::new();
    for (name, kind, value) in [("password", "password", PASSWORD), ("OATHToken", "string", OATH)] {
        fields.insert(
            name.to_string(),
            AuthField {
                kind: kind.into(),
                label: name.into(),
                help: String::new(),
                optional: false,
                sensitive: true,
                value: Some(serde_json::Value::String(value.into())),
                options: None,
            },
        );
    }
    let request = AuthRequest {
        id: "MediaWiki\\Auth\\PasswordAuthenticationRequest".into(),
        metadata: serde_json::Value::Null,
        required: "primary-required".into(),
        provider: String::new(),
        account: String::new(),
        fields,
    };
    assert_redacted("AuthField", &format!("{:?}", request.fields["password"]));
    assert_redacted("AuthRequest", &format!("{request:?}"));
    let info = AuthManagerInfo {
        canauthenticatenow: true,
        cancreateaccounts: true,
        canlinkaccounts: false,
        haspreservedstate: false,
        requests: vec![request.clone()],
    };
    assert_redacted("AuthManagerInfo", &format!("{info:?}"));
    for status in [
        AuthStatus::Ui { message: "m".into(), code: None, requests: vec![request.clone()] },
        AuthStatus::Redirect { target: "https://idp.example/".into(), requests: vec![request.clone()] },
        AuthStatus::Pass { username: Some("Admin".into()) },
    ] {
        assert_redacted("AuthStatus", &format!("{status:?}"));
    }
    // Not sensitive, not redacted: what the wiki asks for stays visible.
    let plain = AuthField {
        sensitive: false,
        kind: "string".into(),
        value: Some("Admin".into()),
        ..request.fields["password"].clone()
    };
    assert!(format!("{plain:?}").contains("Admin"));
}
