//! Answers one request through the stub server's router in a loop, in process (no socket), beside a
//! bare axum router that answers a fixed body of the same size: what the loadtest's ratio is made of,
//! without the network and wrk around it. A fixed amount of work, for instruction counts.
//!
//! ```sh
//! cargo build --release -p mwgen-tests --example router_loop
//! target/release/examples/router_loop stub|bare [QUERY] [ITERATIONS]
//! valgrind --tool=cachegrind --cache-sim=no target/release/examples/router_loop stub '' 10000
//! ```
//!
//! QUERY defaults to scripts/loadtest.sh's failing request (`aplimit=abc`); ITERATIONS to 100,000.

use mediawiki_api::server::{router, Api};
use mwgen_runtime::axum::body::{to_bytes, Body, Bytes};
use mwgen_runtime::axum::http::{header, Request};
use mwgen_runtime::axum::routing::any;
use mwgen_runtime::axum::Router;
use mwgen_runtime::server::ServerOptions;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use tower::ServiceExt;

/// The system allocator, counting allocations (the loop prints how many an answer takes).
struct Counting;
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}
#[global_allocator]
static GLOBAL: Counting = Counting;

const BAD: &str = "action=query&list=allpages&aplimit=abc&format=json&formatversion=2";

/// Every module left to the default (`notimplemented`): the loop's requests fail validation first.
struct Nothing;
impl Api for Nothing {}

async fn answer(app: &Router, uri: &str) -> Result<Bytes, String> {
    let req =
        Request::get(uri).header(header::HOST, "127.0.0.1").body(Body::empty()).map_err(|e| e.to_string())?;
    let resp = app.clone().oneshot(req).await.map_err(|e| e.to_string())?;
    to_bytes(resp.into_body(), usize::MAX).await.map_err(|e| e.to_string())
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "stub".into());
    let query = args.next().filter(|q| !q.is_empty()).unwrap_or_else(|| BAD.to_string());
    let n: u32 = match args.next() {
        Some(s) => s.parse().map_err(|e| format!("ITERATIONS `{s}`: {e}"))?,
        None => 100_000,
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let uri = format!("/api.php?{query}");
        let opts = ServerOptions { api_url: "http://127.0.0.1/api.php".into(), ..Default::default() };
        let stub = router(Nothing, opts);
        let size = answer(&stub, &uri).await?.len();
        let app = match which.as_str() {
            "stub" => stub,
            "bare" => {
                let body = Bytes::from(format!("{{\"x\":\"{}\"}}", "a".repeat(size.saturating_sub(8))));
                Router::new().route(
                    "/api.php",
                    any(move || {
                        let body = body.clone();
                        async move { ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], body) }
                    }),
                )
            }
            other => return Err(format!("`{other}`: say stub or bare")),
        };
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let start = Instant::now();
        let mut bytes = 0;
        for _ in 0..n {
            bytes += answer(&app, &uri).await?.len();
        }
        let per = start.elapsed().as_nanos() as f64 / f64::from(n.max(1));
        let allocations = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / f64::from(n.max(1));
        println!(
            "{which}: {per:.0} ns and {allocations:.1} allocations per answer ({n} answers of {size} bytes, {bytes} in all)"
        );
        Ok(())
    })
}
