//! The client's maxlag/readonly handling against a scripted fake wiki on loopback: it honours
//! `Retry-After`, retries a bounded number of times, and gives the error up when they run out.

use mediawiki_api::action::Query;
use mwgen_runtime::client::{Client, ClientError};
use mwgen_runtime::ErrorKind;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const MAXLAG: &str =
    r#"{"errors":[{"code":"maxlag","text":"Waiting for db: 7 seconds lagged.","module":"main"}]}"#;
const OK: &str = r#"{"batchcomplete":true,"query":{}}"#;

/// Serves `answers` in turn (the last one forever); counts requests.
async fn fake_wiki(answers: Vec<(&'static str, Option<u32>)>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else { return };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let (body, retry) = answers[n.min(answers.len() - 1)];
            let mut buf = vec![0u8; 8192];
            let _ = sock.read(&mut buf).await;
            let retry = retry.map(|s| format!("Retry-After: {s}\r\n")).unwrap_or_default();
            let code = if body.contains("maxlag") { "MediaWiki-API-Error: maxlag\r\n" } else { "" };
            let resp = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{retry}{code}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = sock.write_all(resp.as_bytes()).await;
        }
    });
    (format!("http://{addr}/api.php"), count)
}

fn client(api: &str, retries: u32) -> Client {
    Client::builder(api, "mwgen-tests/0.1 (retry test)")
        .retries(retries, Duration::from_millis(50))
        .build()
        .expect("client")
}

#[tokio::test]
async fn maxlag_waits_retry_after_then_succeeds() {
    let (api, count) = fake_wiki(vec![(MAXLAG, Some(1)), (MAXLAG, None), (OK, None)]).await;
    let start = Instant::now();
    let r = client(&api, 3).execute(&Query::default()).await.expect("third attempt succeeds");
    assert!(r.batch_complete());
    assert_eq!(count.load(Ordering::SeqCst), 3);
    let waited = start.elapsed();
    // 1 s from Retry-After, then the 100 ms second backoff step.
    assert!(waited >= Duration::from_millis(1100), "waited only {waited:?}");
}

#[tokio::test]
async fn maxlag_gives_up_after_the_bounded_retries() {
    let (api, count) = fake_wiki(vec![(MAXLAG, None)]).await;
    match client(&api, 2).execute(&Query::default()).await {
        Err(ClientError::Api(e)) => {
            assert_eq!(e.kind(), ErrorKind::Maxlag);
            assert_eq!(e.text, "Waiting for db: 7 seconds lagged.");
        }
        other => panic!("expected maxlag, got {other:?}"),
    }
    assert_eq!(count.load(Ordering::SeqCst), 3, "one try and two retries");
}

#[tokio::test]
async fn a_user_agent_must_say_who_is_calling() {
    let e = Client::builder("http://127.0.0.1:9/api.php", "").build().expect_err("empty user agent");
    assert!(e.to_string().contains("Wikimedia"), "{e}");
}
