//! What the router answers for requests refused before their parameters can be read whole, for formats
//! it does not render, and for multipart bodies with odd parts (reliability issue, finding 7). The
//! multipart rules are PHP's, observed on the live wiki (docs/mediawiki-1.39-http.md §3).

use mediawiki_api::server::{router, Api};
use mwgen_runtime::server::{serve, Context, ServerOptions};
use mwgen_runtime::{ApiError, ModuleSpec, Params};
use serde_json::{json, Value};

/// Answers with the parameters it was given, so a test sees what the body became.
struct Echo;

impl Api for Echo {
    async fn fallback(
        &self,
        _m: &'static ModuleSpec,
        params: Params,
        _cx: &Context,
    ) -> Result<Value, ApiError> {
        Ok(json!({ "params": params.to_query_string() }))
    }
}

async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let opts = ServerOptions { body_limit: 1024 * 1024, ..ServerOptions::default() };
        let limits = opts.limits;
        let _ = serve(listener, router(Echo, opts), &limits).await;
    });
    format!("http://{addr}/api.php")
}

/// Status, the MediaWiki-API-Error header, the content type and the body as JSON (or text).
async fn send(req: reqwest::RequestBuilder) -> (u16, Option<String>, String, Value) {
    let resp = req.send().await.expect("send");
    let status = resp.status().as_u16();
    let header = |n: &str| resp.headers().get(n).map(|v| v.to_str().unwrap_or("?").to_string());
    let (code, ct) = (header("mediawiki-api-error"), header("content-type").unwrap_or_default());
    let text = resp.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, code, ct, body)
}

#[tokio::test]
async fn refused_requests_get_the_api_error_envelope() {
    let api = start().await;
    let client = reqwest::Client::new();

    // 413, in the errorformat the query string asked for.
    let big = "x=".to_string() + &"a".repeat(2 * 1024 * 1024);
    let (status, code, ct, body) = send(
        client
            .post(format!("{api}?format=json&formatversion=2&errorformat=plaintext"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(big),
    )
    .await;
    assert_eq!((status, code.as_deref()), (413, Some("requesttoolarge")), "{body}");
    assert!(ct.starts_with("application/json"), "{ct}");
    assert_eq!(body["errors"][0]["code"], "requesttoolarge", "{body}");
    assert_eq!(
        body["errors"][0]["text"],
        "The request body is larger than this server accepts (1048576 bytes)."
    );

    // 414: a URL over 32 KiB (the default; hyper refuses one over 64 KiB by itself).
    let long = format!("{api}?action=query&format=json&x={}", "a".repeat(40 * 1024));
    let (status, code, _, body) = send(client.get(long)).await;
    assert_eq!((status, code.as_deref()), (414, Some("requesturitoolong")), "{body}");
    assert_eq!(body["error"]["code"], "requesturitoolong");

    // 431: headers over 80 KiB (under hyper's own limit, so the router answers).
    let (status, code, _, body) =
        send(client.get(format!("{api}?action=query&format=json")).header("X-Big", "a".repeat(90 * 1024)))
            .await;
    assert_eq!((status, code.as_deref()), (431, Some("requestheaderstoolarge")), "{body}");
    assert_eq!(body["error"]["code"], "requestheaderstoolarge");

    // 400: a multipart body that does not parse.
    let (status, code, _, body) = send(
        client
            .post(format!("{api}?format=json"))
            .header("Content-Type", "multipart/form-data; boundary=XYZ")
            .body("--XYZ\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nquery\r\n--XY"),
    )
    .await;
    assert_eq!((status, code.as_deref()), (400, Some("badrequest")), "{body}");
    assert!(
        body["error"]["info"].as_str().is_some_and(|t| t.starts_with("The request could not be read")),
        "{body}"
    );
}

#[tokio::test]
async fn formats_the_server_does_not_render_are_refused_as_mediawiki_refuses_unknown_ones() {
    let api = start().await;
    let client = reqwest::Client::new();
    for format in ["xml", "xmlfm", "php", "phpfm"] {
        let (status, code, ct, body) =
            send(client.get(format!("{api}?action=query&meta=siteinfo&format={format}"))).await;
        assert_eq!((status, code.as_deref()), (200, Some("badvalue")), "{format}: {body}");
        assert!(ct.starts_with("application/json"), "{ct}");
        assert_eq!(body["error"]["info"], format!("Unrecognized value for parameter \"format\": {format}."));
    }
    // `none`: an empty answer, whatever the module said, as MediaWiki's printer gives.
    let (status, _, ct, body) =
        send(client.get(format!("{api}?action=query&meta=siteinfo&format=none"))).await;
    assert_eq!((status, ct.as_str(), body), (200, "text/plain", Value::String(String::new())));
}

/// A multipart body built by hand: each part's header lines and its content.
fn multipart(parts: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for (headers, content) in parts {
        body.push_str(&format!("--B\r\n{headers}\r\n\r\n{content}\r\n"));
    }
    body + "--B--\r\n"
}

async fn posted_params(api: &str, parts: &[(&str, &str)]) -> Value {
    let client = reqwest::Client::new();
    let (status, _, _, body) = send(
        client
            .post(api.to_string())
            .header("Content-Type", "multipart/form-data; boundary=B")
            .body(multipart(parts)),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn multipart_parts_without_a_name_are_read_as_php_reads_them() {
    let api = start().await;
    let field = |name: &str| format!("Content-Disposition: form-data; name=\"{name}\"");
    let (action, format, meta) = (field("action"), field("format"), field("meta"));
    // No name and no file name: PHP keeps only the parts before it, so `meta` is lost and the query
    // has no submodule.
    let body = posted_params(
        &api,
        &[
            (&action, "query"),
            (&format, "json"),
            ("Content-Disposition: form-data", "x"),
            (&meta, "userinfo"),
        ],
    )
    .await;
    assert!(body.get("batchcomplete").is_some() && body.get("query").is_none(), "meta was lost: {body}");
    // An empty name, a part with no Content-Disposition, a file with no name: each skipped alone.
    let body = posted_params(
        &api,
        &[
            (&action, "query"),
            ("Content-Disposition: form-data; name=\"\"", "x"),
            ("Content-Type: text/plain", "y"),
            ("Content-Disposition: form-data; filename=\"a.txt\"", "z"),
            (&format, "json"),
            (&meta, "userinfo"),
        ],
    )
    .await;
    assert_eq!(body["query"]["params"], "", "{body}");
    assert!(body.get("warnings").is_none(), "no parameter named \"\" was seen: {body}");
}
