//! The client's reading of a wiki's answer: HTTP status + headers + body → `Response` or
//! `ClientError` (`mwgen_runtime::client::parse_answer`), then what callers do with a `Response`
//! (`get` into the client's own answer types, `continuation`, `batch_complete`, `collect_items`).
//!
//! `parse_answer` is public; the two header reads before it (`MediaWiki-API-Error`, `Retry-After`)
//! are inline in the private `Client::raw`, so this target repeats them on an `http::HeaderMap`
//! (the type reqwest hands `raw`). `auth_status` (AuthManager answers → `AuthStatus`) is private
//! and not reached here.
//!
//! The input reads like an HTTP answer, so that seeds are readable:
//!
//! ```text
//! 200                                  <- the status (anything unreadable: 200)
//! MediaWiki-API-Error: badvalue        <- headers, up to an empty line
//! Retry-After: 5
//!
//! {"error":{"code":"badvalue","info":"…"}}   <- the body, the rest
//! ```
//!
//! What must hold besides "no panic": a `Response` only for a 2xx JSON answer without an error in
//! its body or header, whose body is the JSON sent; `NotJson` only for a 2xx answer that is not
//! JSON; `Status` only for a non-2xx status; and an API error keeps `Retry-After` in its data (when
//! that data is an object, see fuzz/README.md).

#![no_main]

use libfuzzer_sys::fuzz_target;
use mwgen_runtime::axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use mwgen_runtime::client::{
    collect_items, parse_answer, AuthManagerInfo, AuthRequest, ClientError, LoginResult,
};
use serde_json::Value;

const URL: &str = "http://fuzz.invalid/api.php";

fn line(data: &[u8]) -> (&[u8], &[u8]) {
    let (l, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    (l.strip_suffix(b"\r").unwrap_or(l), rest)
}

fn has_error(json: &Value) -> bool {
    json.get("errors").and_then(Value::as_array).is_some_and(|a| !a.is_empty()) || json.get("error").is_some()
}

fuzz_target!(|data: &[u8]| {
    let (first, mut rest) = line(data);
    let status = std::str::from_utf8(first)
        .ok()
        .and_then(|s| s.trim().parse::<u16>().ok())
        .filter(|s| (100..1000).contains(s))
        .unwrap_or(200);
    let mut headers = HeaderMap::new();
    loop {
        let (l, after) = line(rest);
        rest = after;
        if l.is_empty() {
            break;
        }
        let Some(colon) = l.iter().position(|&b| b == b':') else { continue };
        let value = l[colon + 1..].strip_prefix(b" ").unwrap_or(&l[colon + 1..]);
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(&l[..colon]), HeaderValue::from_bytes(value)) {
            headers.append(n, v);
        }
    }
    // As Client::raw reads them.
    let header_error = headers.get("MediaWiki-API-Error").and_then(|v| v.to_str().ok()).map(str::to_string);
    let retry_after =
        headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    // reqwest's `text()` replaces invalid UTF-8 the same way.
    let body = String::from_utf8_lossy(rest);
    let json: Option<Value> = serde_json::from_str(&body).ok();
    let ok_status = (200..300).contains(&status);

    match parse_answer(URL, status, &body, header_error.as_deref(), retry_after) {
        Ok(r) => {
            assert!(ok_status, "a Response for status {status}");
            assert_eq!(header_error, None, "a Response despite MediaWiki-API-Error");
            assert_eq!(json.as_ref(), Some(&r.body), "the Response's body is not the JSON sent");
            assert!(!has_error(&r.body), "a Response for an error answer: {}", r.body);
            for w in &r.warnings {
                let _ = (w.code.len(), w.text.len(), w.module.len());
            }
            let _ = (r.batch_complete(), r.continuation());
            for key in ["pages", "allpages", "tokens", ""] {
                let _ = collect_items(&r.body, key);
            }
            let _ = r.get::<AuthManagerInfo>("/query/authmanagerinfo").map_err(|e| e.to_string());
            let _ = r.get::<Vec<AuthRequest>>("/clientlogin/requests").map_err(|e| e.to_string());
            let _ = r.get::<LoginResult>("/login").map_err(|e| e.to_string());
            let _ = r.get::<String>("/query/tokens/csrftoken").map_err(|e| e.to_string());
        }
        Err(e) => {
            let _ = e.to_string();
            match &e {
                ClientError::Api(api) => {
                    assert!(
                        json.as_ref().is_some_and(has_error) || header_error.is_some(),
                        "an API error without an error in the answer: {api:?}"
                    );
                    let _ = (api.kind(), api.to_string());
                    if let Some(secs) = retry_after {
                        let data = api.data.as_deref().expect("Retry-After gives the error data");
                        if data.is_object() {
                            assert_eq!(data.get("retry-after"), Some(&Value::from(secs)), "Retry-After lost");
                        }
                    }
                }
                ClientError::NotJson { .. } => {
                    assert!(ok_status && json.is_none(), "NotJson for status {status}, body {body:?}");
                }
                ClientError::Status { status: s, .. } => {
                    assert_eq!(*s, status);
                    assert!(!ok_status, "a Status error for status {status}");
                }
                other => panic!("parse_answer answered {other:?}"),
            }
            let _ = e.api_error().map(|a| a.kind());
        }
    }
});
