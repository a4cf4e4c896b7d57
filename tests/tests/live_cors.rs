//! Live, differentially: CORS (reliability issue, finding 6). The same requests go to the real wiki
//! and to the generated router, and the answers must agree on the status, on every CORS header
//! (`Access-Control-*`, `Timing-Allow-Origin`, `MediaWiki-CORS-Rejection`,
//! `MediaWiki-Login-Suppressed`), and on the 403's body and type. The wiki that tests/mediawiki/up.sh
//! installs trusts `allowed.example` and `*.wild.example` but not `bad.wild.example`
//! (`$wgCrossSiteAJAXdomains`), and the router is given the same rules, so every branch of
//! MediaWiki's decision is compared: no `origin`, `origin=*`, a mismatch (403), an origin the wiki
//! does not trust, one it trusts, an exception, and preflights with allowed and refused headers.

use mediawiki_api::server::{router, Api};
use mwgen_runtime::server::{serve, Context, CorsOptions, ServerOptions};
use mwgen_runtime::{ApiError, ModuleSpec, Params};
use mwgen_tests::live_api_url;
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use std::sync::Arc;

/// Answers every module with who the caller is, so that anonymity can be checked.
struct WhoAmI;

impl Api for WhoAmI {
    async fn fallback(&self, _m: &'static ModuleSpec, _p: Params, cx: &Context) -> Result<Value, ApiError> {
        Ok(json!({ "whoami": cx.user }))
    }
}

fn options() -> ServerOptions {
    ServerOptions {
        cors: CorsOptions {
            allowed_origins: vec!["allowed.example".into(), "*.wild.example".into()],
            exceptions: vec!["bad.wild.example".into()],
            ..CorsOptions::default()
        },
        // A session cookie makes the caller Admin, as it would on the wiki.
        identify: Arc::new(|h| h.contains_key("cookie").then(|| "Admin".to_string())),
        ..ServerOptions::default()
    }
}

async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let opts = options();
        let limits = opts.limits;
        let _ = serve(listener, router(WhoAmI, opts), &limits).await;
    });
    format!("http://{addr}/api.php")
}

const CORS_HEADERS: &[&str] = &[
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-expose-headers",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "timing-allow-origin",
    "mediawiki-cors-rejection",
    "mediawiki-login-suppressed",
];

/// A request: method, extra query (after `action=query&meta=siteinfo&format=json`), POST body, headers.
struct Case {
    method: &'static str,
    query: &'static str,
    body: Option<&'static str>,
    headers: &'static [(&'static str, &'static str)],
}

const fn get(query: &'static str, headers: &'static [(&'static str, &'static str)]) -> Case {
    Case { method: "GET", query, body: None, headers }
}

const PREFLIGHT: &[(&str, &str)] = &[
    ("Origin", "http://allowed.example"),
    ("Access-Control-Request-Method", "POST"),
    ("Access-Control-Request-Headers", "Api-User-Agent, content-type"),
];

const CASES: &[Case] = &[
    get("", &[]),
    get("", &[("Origin", "http://example.org")]),
    get("&origin=*", &[]),
    get("&origin=*", &[("Origin", "http://example.org")]),
    get("&origin=http://example.org", &[]),
    get("&origin=", &[]),
    get("&origin=http://example.org", &[("Origin", "http://other.example")]),
    get("&origin=http://example.org", &[("Origin", "http://example.org")]),
    get("&origin=http://allowed.example", &[("Origin", "http://allowed.example")]),
    get("&origin=https://allowed.example", &[("Origin", "https://allowed.example")]),
    get("&origin=http://allowed.example:8080", &[("Origin", "http://allowed.example:8080")]),
    get("&origin=http://x.wild.example", &[("Origin", "http://x.wild.example")]),
    get("&origin=http://bad.wild.example", &[("Origin", "http://bad.wild.example")]),
    get("&origin=null", &[("Origin", "null")]),
    get("&origin=http://allowed.example", &[("Origin", "  http://allowed.example  ")]),
    get("&origin=a&origin=*", &[]),
    get("&callback=cb", &[]),
    get("", &[("Treat-as-Untrusted", "1")]),
    // An error carries the CORS headers too: they are decided before the module runs.
    Case { method: "GET", query: "&action=bogus&origin=*", body: None, headers: &[] },
    Case { method: "POST", query: "", body: Some("origin=*"), headers: &[] },
    Case { method: "POST", query: "", body: Some("origin=http://example.org"), headers: &[] },
    Case {
        method: "POST",
        query: "&origin=http://allowed.example",
        body: Some("x=1"),
        headers: &[("Origin", "http://allowed.example")],
    },
    Case { method: "OPTIONS", query: "", body: None, headers: &[] },
    Case { method: "OPTIONS", query: "&origin=*", body: None, headers: PREFLIGHT },
    Case { method: "OPTIONS", query: "&origin=http://allowed.example", body: None, headers: PREFLIGHT },
    Case { method: "OPTIONS", query: "&origin=http://example.org", body: None, headers: PREFLIGHT },
    Case {
        method: "OPTIONS",
        query: "&origin=http://allowed.example",
        body: None,
        headers: &[
            ("Origin", "http://allowed.example"),
            ("Access-Control-Request-Method", "PUT"),
            ("Access-Control-Request-Headers", "X-Foo, Content-Type"),
        ],
    },
    Case {
        method: "OPTIONS",
        query: "&origin=http://allowed.example",
        body: None,
        headers: &[("Origin", "http://allowed.example")],
    },
    Case { method: "OPTIONS", query: "&origin=http://other.example", body: None, headers: PREFLIGHT },
];

/// Status, the CORS headers, and for a 403 its content type and body.
async fn answer(
    client: &reqwest::Client,
    api: &str,
    case: &Case,
) -> (u16, Vec<(String, Option<String>)>, String) {
    let url = format!("{api}?action=query&meta=siteinfo&format=json{}", case.query);
    let method = reqwest::Method::from_bytes(case.method.as_bytes()).expect("method");
    let mut req = client.request(method, &url);
    for (k, v) in case.headers {
        req = req.header(*k, *v);
    }
    if let Some(body) = case.body {
        req = req.header("Content-Type", "application/x-www-form-urlencoded").body(body);
    }
    let resp = req.send().await.unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = resp.status().as_u16();
    let headers: HeaderMap = resp.headers().clone();
    let cors = CORS_HEADERS
        .iter()
        .map(|h| (h.to_string(), headers.get(*h).map(|v| v.to_str().unwrap_or("?").to_string())))
        .collect();
    let body = resp.text().await.unwrap_or_default();
    let extra = if status == 403 {
        let ct = headers.get("content-type").map(|v| v.to_str().unwrap_or("?").to_ascii_lowercase());
        format!("{ct:?} {body:?}")
    } else {
        String::new()
    };
    (status, cors, extra)
}

#[tokio::test]
async fn cors_agrees_with_the_live_wiki() {
    let Some(wiki) = live_api_url("cors_agrees_with_the_live_wiki") else { return };
    let ours = start().await;
    let client =
        reqwest::Client::builder().user_agent("mwgen-tests/0.1 (live cors)").build().expect("client");
    let mut differences = Vec::new();
    for case in CASES {
        let w = answer(&client, &wiki, case).await;
        let o = answer(&client, &ours, case).await;
        if w != o {
            differences.push(format!(
                "{} {:?} body {:?} headers {:?}\n  wiki: {w:?}\n  ours: {o:?}",
                case.method, case.query, case.body, case.headers
            ));
        }
    }
    eprintln!("CORS: {} cases, {} differences", CASES.len(), differences.len());
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// `origin=*` serves the caller as anonymous even with a session; an allowed origin keeps it. The wiki's
/// side of this is in docs/mediawiki-1.39-http.md §1 (userinfo shows the anonymous user).
#[tokio::test]
async fn anonymous_cors_drops_the_callers_identity() {
    let ours = start().await;
    let client = reqwest::Client::new();
    let who = |query: &'static str, origin: Option<&'static str>| {
        let client = client.clone();
        let url = format!("{ours}?action=query&meta=userinfo&format=json{query}");
        async move {
            let mut req = client.get(&url).header("Cookie", "session=1");
            if let Some(o) = origin {
                req = req.header("Origin", o);
            }
            let resp = req.send().await.expect("send");
            let vary = resp
                .headers()
                .get_all("vary")
                .iter()
                .map(|v| v.to_str().unwrap_or("").to_string())
                .collect::<Vec<_>>();
            let body: Value = resp.json().await.expect("json");
            (body["query"]["whoami"].clone(), vary)
        }
    };
    assert_eq!(who("", None).await.0, json!("Admin"));
    assert_eq!(who("&origin=*", Some("http://example.org")).await, (Value::Null, vec![]));
    let (user, vary) = who("&origin=http://allowed.example", Some("http://allowed.example")).await;
    assert_eq!(user, json!("Admin"));
    assert_eq!(vary, vec!["Origin".to_string()]);
}
