//! Answers one request through the fake's whole router (session and fault layers included) in a
//! loop, in process: a fixed amount of work for instruction counts, beside the roundtrip bench.
//!
//! ```sh
//! cargo build --release -p mediawiki-fake --example fake_loop
//! valgrind --tool=callgrind target/release/examples/fake_loop '' 5000
//! ```
//!
//! QUERY defaults to scripts/loadtest.sh's valid allpages request; ITERATIONS to 20,000.

use axum::body::{to_bytes, Body};
use axum::http::Request;
use mediawiki_fake::Wiki;
use std::time::Instant;
use tower::ServiceExt;

const GOOD: &str = "action=query&list=allpages&apfrom=Foo&apnamespace=0&aplimit=50&apfilterredir=nonredirects&apdir=ascending&format=json&formatversion=2";

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let query = args.next().filter(|q| !q.is_empty()).unwrap_or_else(|| GOOD.to_string());
    let n: u32 = match args.next() {
        Some(s) => s.parse().map_err(|e| format!("ITERATIONS `{s}`: {e}"))?,
        None => 20_000,
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let wiki = Wiki::new("http://fake.test/api.php").map_err(|e| e.to_string())?;
    let router = wiki.router();
    let uri = format!("http://fake.test/api.php?{query}");
    rt.block_on(async {
        let start = Instant::now();
        let mut bytes = 0;
        for _ in 0..n {
            let req = Request::get(&uri).body(Body::empty()).map_err(|e| e.to_string())?;
            let resp = router.clone().oneshot(req).await.map_err(|e| e.to_string())?;
            bytes += to_bytes(resp.into_body(), usize::MAX).await.map_err(|e| e.to_string())?.len();
        }
        let per = start.elapsed().as_nanos() as f64 / f64::from(n.max(1));
        println!("{per:.0} ns per answer ({n} answers, {bytes} bytes in all)");
        Ok(())
    })
}
