//! The whole axum router (`mediawiki_api::server::router`), driven in-process with
//! `tower::ServiceExt::oneshot` on one current-thread tokio runtime, with an echoing backend (every
//! module answers its validated parameters, as `generated/examples/stub_server.rs` does).
//!
//! The input reads like a small HTTP request, so that seeds are readable:
//!
//! ```text
//! POST action=query&list=allpages       <- method, a space, the query string (raw bytes)
//! Content-Type: application/x-www-form-urlencoded   <- headers, up to an empty line
//!
//! aplimit=5&format=json                 <- the body, the rest
//! ```
//!
//! What every answer must be (what the router does today):
//! - `OPTIONS`, or a 403 for an `origin` the `Origin` header lacks: MediaWiki's plain answers (an
//!   empty 200; the 403's text), with no `MediaWiki-API-Error`.
//! - `format=none`: an empty 200 (the header still names an error, if there was one).
//! - Every other answer, 2xx or 4xx (API errors, 405 `invalidmethod`, and requests refused before
//!   their parameters are read whole: 400, 408, 413, 414, 431): a JSON object, with the
//!   `MediaWiki-API-Error` header present exactly when the body holds an error (`error` in the bc
//!   format, `errors` in the others), naming that error's code. `HEAD` answers have their body
//!   stripped by axum: only the header is checked there.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mediawiki_api::server::{router, Api};
use mwgen_runtime::axum::body::Body;
use mwgen_runtime::axum::http::{HeaderName, HeaderValue, Method, Request, StatusCode};
use mwgen_runtime::axum::Router;
use mwgen_runtime::server::{Context, ServerOptions};
use mwgen_runtime::{ApiError, ModuleSpec, Params};
use serde_json::{json, Map, Value};
use std::sync::OnceLock;
use tower::ServiceExt;

/// Small, so that inputs can reach the 413 answer.
const BODY_LIMIT: usize = 1024;

/// Answers every module with what it received, re-encoded by the router, and how.
struct Echo;

impl Api for Echo {
    async fn fallback(
        &self,
        module: &'static ModuleSpec,
        params: Params,
        cx: &Context,
    ) -> Result<Value, ApiError> {
        let mut validated = Map::new();
        for (name, value) in params.iter() {
            validated.insert(name.to_string(), Value::String(value.to_string()));
        }
        for (name, file) in params.uploads() {
            validated.insert(name.clone(), json!({ "filename": file.filename, "bytes": file.content.len() }));
        }
        Ok(
            json!({ module.path: { "validated": validated, "posted": cx.posted, "method": cx.method.as_str() } }),
        )
    }
}

fn service() -> &'static (tokio::runtime::Runtime, Router) {
    static SERVICE: OnceLock<(tokio::runtime::Runtime, Router)> = OnceLock::new();
    SERVICE.get_or_init(|| {
        // The router times the reading of a body (ConnectionLimits::body_timeout): it needs tokio's timer.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a current-thread tokio runtime (no fuzzer input involved)");
        let opts = ServerOptions {
            body_limit: BODY_LIMIT,
            api_url: "http://fuzz.invalid/api.php".into(),
            server_name: "mwgen-fuzz".into(),
            ..ServerOptions::default()
        };
        (rt, router(Echo, opts))
    })
}

/// One line, without its `\n` (and a `\r` before it), and the rest.
fn line(data: &[u8]) -> (&[u8], &[u8]) {
    let (l, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    (l.strip_suffix(b"\r").unwrap_or(l), rest)
}

/// The query string as a URI can hold it: bytes a URI cannot carry are percent-encoded (a `%` stays
/// as it is, so that the input's own escapes, well formed or not, reach the router).
fn uri_query(q: &[u8]) -> String {
    let mut out = String::with_capacity(q.len());
    for &b in q {
        if (0x21..=0x7e).contains(&b) && b != b'#' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The request the input describes, or `None` when http cannot build it.
fn request(data: &[u8]) -> Option<(Method, Request<Body>)> {
    let (first, mut rest) = line(data);
    let (method, query) = match first.iter().position(|&b| b == b' ') {
        Some(i) => (&first[..i], &first[i + 1..]),
        None => (first, &[][..]),
    };
    let method = if method.is_empty() { Method::GET } else { Method::from_bytes(method).ok()? };
    let uri =
        if query.is_empty() { "/api.php".to_string() } else { format!("/api.php?{}", uri_query(query)) };
    let mut builder = Request::builder().method(method.clone()).uri(uri);
    loop {
        let (l, after) = line(rest);
        rest = after;
        if l.is_empty() {
            break;
        }
        let Some(colon) = l.iter().position(|&b| b == b':') else { continue };
        let value = l[colon + 1..].strip_prefix(b" ").unwrap_or(&l[colon + 1..]);
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(&l[..colon]), HeaderValue::from_bytes(value)) {
            builder = builder.header(n, v);
        }
    }
    let req = builder.body(Body::from(rest.to_vec())).ok()?;
    Some((method, req))
}

/// The error an answer's body holds, if any: its code (`error.code` in bc, `errors[0].code` else).
fn error_code(body: &Value) -> Option<Option<&str>> {
    if let Some(e) = body.get("error") {
        return Some(e.get("code").and_then(Value::as_str));
    }
    if let Some(list) = body.get("errors") {
        return Some(list.get(0).and_then(|e| e.get("code")).and_then(Value::as_str));
    }
    None
}

fuzz_target!(|data: &[u8]| {
    let Some((method, req)) = request(data) else { return };
    let (rt, app) = service();
    let (status, headers, body) = rt.block_on(async {
        // The router's error type is Infallible; reading a body that is already in memory cannot
        // fail either.
        let resp = app.clone().oneshot(req).await.expect("axum routers do not fail");
        let (parts, body) = resp.into_parts();
        let bytes = mwgen_runtime::axum::body::to_bytes(body, usize::MAX).await.expect("an in-memory body");
        (parts.status, parts.headers, bytes)
    });
    let header = headers.get("MediaWiki-API-Error").map(|v| v.to_str().expect("an ASCII error code"));
    let shown = String::from_utf8_lossy(&body);
    let data = String::from_utf8_lossy(data);

    if method == Method::OPTIONS || status == StatusCode::FORBIDDEN {
        if method == Method::OPTIONS {
            assert_eq!(status, StatusCode::OK, "OPTIONS answered {status}: {shown}");
            assert!(body.is_empty(), "OPTIONS answered a body: {shown}");
        } else {
            assert_eq!(shown, "'origin' parameter does not match Origin header\n", "403 for {data:?}");
        }
        assert_eq!(header, None, "{status} answered MediaWiki-API-Error");
        return;
    }
    assert!(status.is_success() || status.is_client_error(), "status {status} for {data:?}: {shown}");
    let ct = headers.get("content-type").and_then(|v| v.to_str().ok());
    if status == StatusCode::OK && ct == Some("text/plain") {
        assert!(body.is_empty(), "format=none answered a body: {shown}");
        return;
    }
    assert_eq!(ct, Some("application/json; charset=utf-8"), "{status} answer for {data:?}: {shown}");
    if method == Method::HEAD && body.is_empty() {
        return;
    }
    let json: Value = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{status} answer is not JSON ({e}) for {data:?}: {shown}"));
    assert!(json.is_object(), "the answer is not an object: {shown}");
    match error_code(&json) {
        Some(code) => {
            let code = code.unwrap_or_else(|| panic!("an error without a code: {shown}"));
            assert_eq!(header, Some(code), "MediaWiki-API-Error differs from the body's error: {shown}");
        }
        None => {
            assert_eq!(status, StatusCode::OK, "a {status} answer without an error: {shown}");
            assert_eq!(header, None, "MediaWiki-API-Error without an error in the body: {shown}");
        }
    }
    if status == StatusCode::METHOD_NOT_ALLOWED {
        assert_eq!(header, Some("invalidmethod"), "405 for {data:?}: {shown}");
    }
});
