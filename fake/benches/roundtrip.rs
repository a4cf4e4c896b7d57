//! An in-process round trip (the project's client → the fake, no socket) of a simple query, and
//! its parts: the router alone (a tower `oneshot` of a ready-made request) and the client's side.
//!
//! `cargo bench -p mediawiki-fake --bench roundtrip`

use axum::body::{Body, Bytes};
use axum::http::Request;
use criterion::{criterion_group, criterion_main, Criterion};
use mediawiki_api::action::Query;
use mediawiki_api::list::Allpages;
use mediawiki_fake::Wiki;
use mwgen_runtime::Limit;
use tower::ServiceExt;

const UA: &str = "mediawiki-fake-bench/0.1 (benchmarks of the mwgen project)";

fn roundtrip(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let wiki = Wiki::new("http://fake.test/api.php").expect("a wiki");
    let client = wiki.client(UA).build().expect("a client");
    let query = Query {
        list: vec![Allpages { limit: Some(Limit::Value(10)), ..Default::default() }.into()],
        ..Default::default()
    };
    // What the answer is (allpages, or notimplemented before the query module lands).
    let first = rt.block_on(client.execute(&query));
    eprintln!(
        "roundtrip: the fake answers {}",
        match &first {
            Ok(r) => r.body.to_string().chars().take(200).collect::<String>(),
            Err(e) => e.to_string(),
        }
    );
    c.bench_function("client.execute(allpages) in process", |b| {
        b.iter(|| rt.block_on(client.execute(&query)))
    });
    c.bench_function("client.call(allpages) in process (typed)", |b| {
        b.iter(|| rt.block_on(client.call(&query)))
    });
    let router = wiki.router();
    let uri = "http://fake.test/api.php?action=query&format=json&formatversion=2&errorformat=plaintext&maxlag=5&list=allpages&aplimit=10";
    let cookie = "mwgen_session=0123456789abcdef0123456789abcdef";
    c.bench_function("router oneshot (no client)", |b| b.iter(|| rt.block_on(get(&router, uri, cookie))));
    // The parts: the api.php router without the session and fault layers, and the lookup of a
    // session's user (run twice per request: `identify` and `high_limits`).
    let bare = mediawiki_api::server::router(wiki.clone(), wiki.server_options());
    c.bench_function("api router oneshot, no session or fault layer", |b| {
        b.iter(|| rt.block_on(get(&bare, uri, cookie)))
    });
    c.bench_function("session_user lookup (SQLite)", |b| {
        b.iter(|| wiki.session_user("0123456789abcdef0123456789abcdef"))
    });
}

/// One GET through `router` (a tower `oneshot`), its body read whole.
async fn get(router: &axum::Router, uri: &str, cookie: &str) -> Bytes {
    let req = Request::get(uri).header("cookie", cookie).body(Body::empty()).expect("request");
    let resp = router.clone().oneshot(req).await.expect("infallible");
    axum::body::to_bytes(resp.into_body(), usize::MAX).await.expect("body")
}

criterion_group!(benches, roundtrip);
criterion_main!(benches);
