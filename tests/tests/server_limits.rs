//! The server's connection limits (reliability issue, finding 2): idle and half-sent connections are
//! closed, stalled bodies get HTTP 408, and the connection cap keeps new clients served while idle ones
//! hold sockets. Everything runs on loopback with short limits and a small cap, so it is fast; every wait
//! is bounded, and the bounds are generous so that a loaded machine does not fail the tests.

use mediawiki_api::server::{router, Api};
use mwgen_runtime::axum;
use mwgen_runtime::server::{serve, ConnectionLimits, ServerOptions};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Stub;
impl Api for Stub {}

/// Generous: far above the limits under test, far below anything a hung test would take.
const BOUND: Duration = Duration::from_secs(10);

fn limits() -> ConnectionLimits {
    ConnectionLimits {
        header_timeout: Duration::from_millis(1500),
        body_timeout: Duration::from_millis(600),
        idle_timeout: Duration::from_millis(400),
        max_connections: 4,
        ..ConnectionLimits::default()
    }
}

async fn start(app: axum::Router, limits: ConnectionLimits) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = serve(listener, app, &limits).await;
    });
    addr
}

async fn start_api(limits: ConnectionLimits) -> SocketAddr {
    start(router(Stub, ServerOptions { limits, ..Default::default() }), limits).await
}

/// Reads until the server closes the connection (or resets it); returns what arrived and when.
async fn read_until_closed(stream: &mut TcpStream) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(BOUND, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (got, started.elapsed()),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the server kept the connection open for {BOUND:?}"),
        }
    }
}

const VALID: &[u8] = b"GET /api.php?action=query&meta=siteinfo&format=json HTTP/1.1\r\nHost: x\r\n\r\n";

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_after_the_idle_timeout() {
    let addr = start_api(limits()).await;
    let mut idle = TcpStream::connect(addr).await.expect("connect");
    let (got, after) = read_until_closed(&mut idle).await;
    assert!(got.is_empty(), "nothing was asked, nothing is answered: {:?}", String::from_utf8_lossy(&got));
    assert!(after >= Duration::from_millis(300), "closed too early: {after:?}");
}

#[tokio::test]
async fn a_keep_alive_connection_is_closed_once_idle() {
    let addr = start_api(limits()).await;
    let mut c = TcpStream::connect(addr).await.expect("connect");
    c.write_all(VALID).await.expect("write");
    let (got, _) = read_until_closed(&mut c).await;
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("notimplemented"), "the stub answers its fallback: {text}");
}

#[tokio::test]
async fn a_head_sent_a_byte_at_a_time_is_cut_off_by_the_header_timeout() {
    let addr = start_api(limits()).await;
    let mut c = TcpStream::connect(addr).await.expect("connect");
    let started = Instant::now();
    // One byte every 100 ms keeps the idle timer (400 ms) from firing; the head timer (1.5 s) does not
    // care. The head is never finished: 200 bytes would take 20 s.
    let head = b"GET /api.php?action=query&meta=siteinfo&format=json&x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\n";
    let mut closed = false;
    for byte in head.iter() {
        if c.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        let mut probe = [0u8; 1024];
        match tokio::time::timeout(Duration::from_millis(100), c.read(&mut probe)).await {
            Ok(Ok(_)) | Ok(Err(_)) => {
                closed = true;
                break;
            }
            Err(_) => {}
        }
        assert!(started.elapsed() < BOUND, "still open after {BOUND:?}");
    }
    assert!(closed, "the whole trickled head was read without a timeout");
    let after = started.elapsed();
    assert!(after >= Duration::from_millis(1000), "cut off before the header timeout: {after:?}");
}

#[tokio::test]
async fn a_stalled_body_is_answered_408_in_mediawikis_envelope() {
    let addr = start_api(limits()).await;
    let mut c = TcpStream::connect(addr).await.expect("connect");
    c.write_all(
        b"POST /api.php?format=json HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\naction=qu",
    )
    .await
    .expect("write");
    let (got, after) = read_until_closed(&mut c).await;
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.to_ascii_lowercase().contains("mediawiki-api-error: requesttimeout"), "{text}");
    let body = &text[text.find("\r\n\r\n").map_or(0, |i| i + 4)..];
    let json: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    assert_eq!(json["error"]["code"], "requesttimeout", "{json}");
    assert!(after >= Duration::from_millis(500), "answered before the body timeout: {after:?}");
}

/// The original finding: idle sockets, many more than the server serves at once, made every new client
/// wait until they left. With the cap (4 here) they wait in the backlog, the idle ones are closed, and a
/// real request is answered well within the bound.
#[tokio::test]
async fn idle_sockets_beyond_the_cap_do_not_starve_a_real_client() {
    let addr = start_api(limits()).await;
    let mut idle = Vec::new();
    for _ in 0..40 {
        idle.push(TcpStream::connect(addr).await.expect("connect"));
    }
    let started = Instant::now();
    let mut c = TcpStream::connect(addr).await.expect("connect");
    c.write_all(VALID).await.expect("write");
    let mut buf = vec![0u8; 64 * 1024];
    let n = tokio::time::timeout(BOUND, c.read(&mut buf)).await.expect("answered in time").expect("read");
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    eprintln!("answered after {:?} behind 40 idle sockets (cap 4, idle timeout 400 ms)", started.elapsed());
    // And the idle ones were all closed by the server.
    for mut s in idle {
        let (got, _) = read_until_closed(&mut s).await;
        assert!(got.is_empty());
    }
}

/// The idle timer is not a time limit on modules: a slow answer (longer than the idle timeout) arrives.
#[tokio::test]
async fn a_slow_answer_is_not_cut_by_the_idle_timeout() {
    let app = axum::Router::new().route(
        "/slow",
        axum::routing::get(|| async {
            tokio::time::sleep(Duration::from_millis(1200)).await;
            "done"
        }),
    );
    let addr = start(app, limits()).await;
    let mut c = TcpStream::connect(addr).await.expect("connect");
    c.write_all(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").await.expect("write");
    let (got, _) = read_until_closed(&mut c).await;
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200") && text.ends_with("done"), "{text}");
}
