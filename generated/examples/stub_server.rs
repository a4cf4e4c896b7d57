//! A stub MediaWiki: validates every request exactly as MediaWiki 1.39 does and, when it is valid,
//! echoes the decoded parameters back: `{"<module path>":{"validated":{…}}}`. Useful to debug a
//! client against a local fake wiki.
//!
//! Only `fallback` is implemented: every method, the typed ones too (whose default hands the
//! fallback's untyped JSON on as `Answered::Raw`), comes here. A real backend implements the
//! methods it serves with the generated response types (`async fn block(…) -> Typed<BlockResponse>`,
//! see tests/tests/server_typed.rs); the router renders formatversion=1 from them unless the
//! request asks for formatversion=2.
//!
//! ```text
//! cargo run -p mediawiki-api --features server --example stub_server -- --listen 127.0.0.1:8080
//! curl 'http://127.0.0.1:8080/api.php?action=query&list=allpages&aplimit=abc&format=json&formatversion=2'
//! ```
//!
//! Stops cleanly on Ctrl-C.

use mediawiki_api::server::{router, Api};
use mwgen_runtime::server::{Context, ServerOptions};
use mwgen_runtime::{ApiError, ModuleSpec, Params};
use serde_json::{json, Map, Value};

/// Echoes every module's validated parameters.
struct Echo;

impl Api for Echo {
    async fn fallback(
        &self,
        module: &'static ModuleSpec,
        params: Params,
        _cx: &Context,
    ) -> Result<Value, ApiError> {
        let mut validated = Map::new();
        for (name, value) in params.iter() {
            validated.insert(name.to_string(), Value::String(value.to_string()));
        }
        for (name, file) in params.uploads() {
            validated.insert(name.clone(), json!({ "filename": file.filename, "bytes": file.content.len() }));
        }
        Ok(json!({ module.path: { "validated": validated } }))
    }
}

/// `/api.php` answering `{"x":"aaa…"}` of exactly `size` bytes (at least 8), as JSON, to anything.
fn bare_router(size: usize) -> mwgen_runtime::axum::Router {
    use mwgen_runtime::axum::{body::Bytes, http::header, routing::any};
    let body = Bytes::from(format!("{{\"x\":\"{}\"}}", "a".repeat(size.saturating_sub(8))));
    mwgen_runtime::axum::Router::new().route(
        "/api.php",
        any(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], body) }
        }),
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut listen = "127.0.0.1:8080".to_string();
    let mut plain_axum = false;
    let mut bare: Option<usize> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--listen" => listen = args.next().ok_or("--listen needs an address, e.g. 127.0.0.1:8080")?,
            // For measuring only: axum's own loop, without the connection limits.
            "--axum-serve" => plain_axum = true,
            // For measuring only: a bare axum handler answering a fixed JSON body of N bytes, no
            // validation (the baseline of scripts/loadtest.sh).
            "--bare" => {
                let n = args.next().ok_or("--bare needs a body size in bytes")?;
                bare = Some(n.parse().map_err(|e| format!("--bare {n}: {e}"))?);
            }
            "--help" | "-h" => {
                println!("usage: stub_server [--listen 127.0.0.1:8080] [--axum-serve] [--bare BYTES]");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`; try --help").into()),
        }
    }
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    let addr = listener.local_addr()?;
    let opts = ServerOptions {
        api_url: format!("http://{addr}/api.php"),
        server_name: "mwgen-stub".into(),
        ..Default::default()
    };
    println!("stub MediaWiki listening on http://{addr}/api.php (Ctrl-C stops it)");
    let limits = opts.limits;
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let app = match bare {
        Some(n) => bare_router(n),
        None => router(Echo, opts),
    };
    if plain_axum {
        mwgen_runtime::axum::serve(listener, app).with_graceful_shutdown(stop).await?;
    } else {
        mwgen_runtime::server::serve_until(listener, app, &limits, stop).await?;
    }
    println!("stopped");
    Ok(())
}
