//! The generated server behind the axum router, over real HTTP on loopback.
//!
//! - Round trip: for every module the router dispatches, valid requests (generated from the spec)
//!   are sent as the client side encodes them; a recording backend receives the typed request and
//!   re-encodes it; decoding that gives back the value that was sent.
//! - Bad input never panics and never stops the server: non-UTF-8 bytes, 10 000 parameters, a 100 MB
//!   body, an empty action, duplicated parameters, a U+001F-only value.

use mediawiki_api::server::{router, Api};
use mediawiki_api::MODULES;
use mwgen_runtime::server::{Context, ServerOptions};
use mwgen_runtime::{ApiError, ModuleSpec, Params};
use mwgen_tests::strategies::{decode, encode, module_params};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// Records what each module received (re-encoded), and answers `{"<path>": {"ok": true}}`.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<(&'static str, Params)>>>,
}

impl Api for Recorder {
    async fn fallback(
        &self,
        module: &'static ModuleSpec,
        params: Params,
        _cx: &Context,
    ) -> Result<Value, ApiError> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).push((module.path, params));
        Ok(json!({ module.path: { "ok": true } }))
    }
}

async fn serve(api: Recorder, opts: ServerOptions) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let limits = opts.limits;
        let _ = mwgen_runtime::server::serve(listener, router(api, opts), &limits).await;
    });
    format!("http://{addr}/api.php")
}

/// Any token is good, and the caller is a logged-in user with every right: the modules' own
/// checks of rights and login (their constraints) let every request through.
fn accept_any_token() -> ServerOptions {
    ServerOptions {
        token_check: Arc::new(|_, _, _| true),
        identify: Arc::new(|_| Some("Admin".to_string())),
        rights: Arc::new(|_, _| Some(true)),
        ..Default::default()
    }
}

/// The wire parameters that select a module: `action=block`, or `action=query&list=allpages`.
fn selector(spec: &ModuleSpec) -> Vec<(String, String)> {
    match spec.group {
        "action" => vec![("action".into(), spec.name.into())],
        g => vec![("action".into(), "query".into()), (g.into(), spec.name.into())],
    }
}

#[tokio::test]
async fn every_module_arrives_as_the_same_typed_value() {
    let recorder = Recorder::default();
    let url = serve(recorder.clone(), accept_any_token()).await;
    let http = reqwest::Client::new();
    let mut runner = TestRunner::deterministic();
    let mut checked = 0;
    let served = MODULES.iter().filter(|m| {
        matches!(m.group, "action" | "prop" | "list" | "meta")
            && !matches!(m.path, "query" | "paraminfo" | "help")
    });
    for spec in served {
        for _ in 0..6 {
            let mut params = module_params(spec).new_tree(&mut runner).expect("a value").current();
            // opensearch's own `format` is the answer's: JSON, as for every other module.
            if spec.param("format").is_some() {
                params.set("format", "json");
            }
            // The typed value the client holds, and the parameters it sends for it.
            let sent = decode(spec, &params).unwrap_or_else(|e| panic!("{}: {e}", spec.path));
            let mut form: Vec<(String, String)> = selector(spec);
            form.extend([("format".into(), "json".into()), ("formatversion".into(), "2".into())]);
            form.extend(encode(&sent).iter().map(|(k, v)| (k.to_string(), v.to_string())));
            recorder.seen.lock().unwrap_or_else(|p| p.into_inner()).clear();
            let resp = http.post(&url).form(&form).send().await.expect("answer");
            let body: Value = resp.json().await.expect("json");
            assert!(body.get("error").is_none(), "{}: {body}", spec.path);
            let seen = recorder.seen.lock().unwrap_or_else(|p| p.into_inner()).clone();
            let (path, received) = seen
                .into_iter()
                .find(|(p, _)| *p == spec.path)
                .unwrap_or_else(|| panic!("{} not dispatched: {body}", spec.path));
            assert_eq!(path, spec.path);
            let arrived =
                decode(spec, &received).unwrap_or_else(|e| panic!("{}: re-decoding: {e}", spec.path));
            assert_eq!(arrived, sent, "{}: sent {form:?}", spec.path);
            checked += 1;
        }
    }
    assert!(checked > 100 * 6, "checked {checked}");
}

async fn get(http: &reqwest::Client, url: &str, query: &str) -> (u16, Option<String>, Value) {
    let resp = http.get(format!("{url}?{query}")).send().await.expect("answer");
    let status = resp.status().as_u16();
    let header = resp.headers().get("MediaWiki-API-Error").and_then(|v| v.to_str().ok()).map(str::to_string);
    let body = resp.json().await.unwrap_or(Value::Null);
    (status, header, body)
}

#[tokio::test]
async fn bad_input_never_panics_and_the_server_keeps_serving() {
    let url =
        serve(Recorder::default(), ServerOptions { body_limit: 2 * 1024 * 1024, ..Default::default() }).await;
    let http = reqwest::Client::new();
    let fv2 = "format=json&formatversion=2";

    // Non-UTF-8 bytes: replaced, never a crash.
    let (status, _, body) = get(&http, &url, &format!("action=query&titles=%FF%FE%C3&{fv2}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["batchcomplete"], true, "{body}");

    // 10 000 parameters (posted: no URL holds them): answered, the unknown ones reported.
    let many: String = (0..10_000).map(|i| format!("&p{i}=1")).collect();
    let resp = http
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("action=query&errorformat=plaintext&{fv2}{many}"))
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status().as_u16(), 200);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["warnings"][0]["code"], "unrecognizedparams");
    assert!(body["warnings"][0]["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("Unrecognized parameters: p0, p1,")));

    // A 100 MB body: refused with 413, not read into memory.
    let huge = vec![b'a'; 100 * 1024 * 1024];
    let resp =
        http.post(&url).header("Content-Type", "application/x-www-form-urlencoded").body(huge).send().await;
    match resp {
        Ok(r) => assert_eq!(r.status().as_u16(), 413),
        // The server may close the connection while the client is still sending: also a refusal.
        Err(e) => assert!(e.is_request() || e.is_body() || e.is_connect(), "{e}"),
    }

    // An empty action is an unrecognized value, as in MediaWiki.
    let (_, header, body) = get(&http, &url, &format!("action=&{fv2}")).await;
    assert_eq!(header.as_deref(), Some("badvalue"));
    assert_eq!(body["error"]["info"], "Unrecognized value for parameter \"action\": .");

    // Duplicated parameters: the last one wins, as in PHP.
    let (_, header, body) = get(&http, &url, &format!("action=query&action=bogus&{fv2}")).await;
    assert_eq!(header.as_deref(), Some("badvalue"));
    assert_eq!(body["error"]["info"], "Unrecognized value for parameter \"action\": bogus.");

    // A U+001F-only value: no values for a multi parameter, badvalue for a single one.
    let (_, header, _) = get(&http, &url, &format!("action=query&titles=%1F&{fv2}")).await;
    assert_eq!(header, None);
    let (_, header, body) = get(&http, &url, &format!("action=%1F&{fv2}")).await;
    assert_eq!(header.as_deref(), Some("badvalue"));
    assert!(
        body["error"]["info"].as_str().is_some_and(|t| t.contains("accepts only a single value")),
        "{body}"
    );

    // An HTTP method MediaWiki refuses.
    let resp = http.put(format!("{url}?action=query&{fv2}")).send().await.expect("answer");
    assert_eq!(resp.status().as_u16(), 405);
    assert_eq!(
        resp.headers().get("MediaWiki-API-Error").and_then(|v| v.to_str().ok()),
        Some("invalidmethod")
    );

    // Still serving.
    let (status, header, body) = get(&http, &url, &format!("action=query&list=allpages&{fv2}")).await;
    assert_eq!((status, header), (200, None));
    assert_eq!(body["query"]["query+allpages"]["ok"], true);
}

#[tokio::test]
async fn tokens_posts_and_envelopes_follow_mediawiki() {
    let url = serve(Recorder::default(), ServerOptions::default()).await;
    let http = reqwest::Client::new();
    let fv2 = "format=json&formatversion=2&errorformat=plaintext";
    // A token in the query string.
    let (_, header, body) = get(&http, &url, &format!("action=edit&title=X&text=y&token=%2B%5C&{fv2}")).await;
    assert_eq!(header.as_deref(), Some("mustpostparams"), "{body}");
    // A bad token in the body.
    let r = http
        .post(&url)
        .form(&[("action", "edit"), ("title", "X"), ("text", "y"), ("token", "bad"), ("format", "json")])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.headers().get("MediaWiki-API-Error").and_then(|v| v.to_str().ok()), Some("badtoken"));
    // The anonymous token, posted: accepted and dispatched.
    let r = http
        .post(&url)
        .form(&[
            ("action", "edit"),
            ("title", "X"),
            ("text", "y"),
            ("token", "+\\"),
            ("format", "json"),
            ("formatversion", "2"),
        ])
        .send()
        .await
        .expect("answer");
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["edit"]["ok"], true, "{body}");
    // A POST-only module by GET.
    let (_, header, body) = get(&http, &url, &format!("action=purge&titles=X&{fv2}")).await;
    assert_eq!(header.as_deref(), Some("mustbeposted"));
    assert_eq!(body["errors"][0]["text"], "The \"purge\" module requires a POST request.");
    // requestid and curtimestamp are echoed, even with an error.
    let (_, _, body) = get(&http, &url, &format!("action=bogus&requestid=r1&curtimestamp=1&{fv2}")).await;
    assert_eq!(body["requestid"], "r1");
    assert!(body["curtimestamp"].as_str().is_some_and(|t| t.ends_with('Z')));
    // paraminfo and help come from the spec.
    let (_, _, body) =
        get(&http, &url, &format!("action=paraminfo&modules=block|query%2Ballpages&{fv2}")).await;
    let names: Vec<&str> = body["paraminfo"]["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .filter_map(|m| m["path"].as_str())
        .collect();
    assert_eq!(names, ["block", "query+allpages"]);
    let (_, _, body) = get(&http, &url, &format!("action=help&modules=block&{fv2}")).await;
    assert!(body["help"]["help"].as_str().is_some_and(|h| h.contains("token")), "{body}");
}
