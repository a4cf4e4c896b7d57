//! OAuth through the client, against a scripted wiki in process that checks each request as an
//! OAuth server would: the OAuth 1.0a signature recomputed from the request as it arrived (its
//! method, URL and form body; a multipart body unsigned), and the OAuth 2 bearer token.

use bytes::Bytes;
use http::{Request, Response};
use mediawiki_api::action::{Edit, Query};
use mwgen_runtime::client::oauth::{hmac_sha1, signature_base_string};
use mwgen_runtime::client::{ChunkedUpload, Client, OAuth, OAuth1};
use mwgen_runtime::Secret;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

const API: &str = "http://oauth.test/w/api.php";

/// What the wiki saw of one request: whether its signature (or token) was right, and its
/// parameters.
#[derive(Debug, Clone)]
struct Seen {
    valid: bool,
    nonce: String,
    params: Vec<(String, String)>,
}

/// The `k="v"` pairs of an `Authorization: OAuth …` header, decoded.
fn oauth_params(header: &str) -> Vec<(String, String)> {
    let Some(rest) = header.strip_prefix("OAuth ") else { return Vec::new() };
    rest.split(", ")
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            let v = v.trim_matches('"');
            let dec = |s: &str| percent_decode(s);
            Some((dec(k), dec(v)))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// A wiki that checks every request with `check` and answers the token query and the rest.
fn wiki(
    check: impl Fn(&Request<Bytes>) -> Seen + Send + Sync + 'static,
) -> (mwgen_runtime::client::ClientBuilder, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let kept = seen.clone();
    let check = Arc::new(check);
    let svc = tower::service_fn(move |req: Request<Bytes>| {
        let (kept, check) = (kept.clone(), check.clone());
        async move {
            let s = check(&req);
            let valid = s.valid;
            let tokens = s.params.iter().any(|(k, v)| k == "meta" && v == "tokens");
            let upload = s.params.iter().any(|(k, v)| k == "action" && v == "upload");
            kept.lock().expect("seen").push(s);
            let body = match (valid, tokens, upload) {
                (false, _, _) => {
                    r#"{"errors":[{"code":"mwoauth-invalid-authorization","text":"bad signature"}]}"#
                }
                (true, true, _) => r#"{"batchcomplete":true,"query":{"tokens":{"csrftoken":"t+\\"}}}"#,
                (true, _, true) => r#"{"upload":{"result":"Success","filekey":"k.txt","filename":"X.txt"}}"#,
                _ => {
                    r#"{"batchcomplete":true,"edit":{"result":"Success","pageid":1,"title":"P","contentmodel":"wikitext","oldrevid":0,"newrevid":2,"newtimestamp":"2026-12-04T00:00:00Z","new":true}}"#
                }
            };
            Ok::<_, Infallible>(Response::new(http_body_util::Full::new(Bytes::from_static(body.as_bytes()))))
        }
    });
    let b = Client::builder(API, "mwgen-tests/0.1 (oauth tests)")
        .service(svc)
        .write_interval(std::time::Duration::ZERO);
    (b, seen)
}

fn creds() -> OAuth1 {
    OAuth1 {
        consumer_key: "consumer key".into(),
        consumer_secret: Secret::new("consumer&secret"),
        token: "access token".into(),
        token_secret: Secret::new("token secret"),
    }
}

/// Checks a request as the OAuth extension would: recomputes the signature from what arrived.
fn check_oauth1(req: &Request<Bytes>) -> Seen {
    let header = req.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let oauth = oauth_params(header);
    let get = |k: &str| oauth.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let url = format!("http://oauth.test{}", req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/"));
    let form = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    let body: Vec<(String, String)> =
        if form { form_urlencoded::parse(req.body()).into_owned().collect() } else { Vec::new() };
    let signed: Vec<(String, String)> = body.iter().cloned().chain(oauth.iter().cloned()).collect();
    let base = signature_base_string(req.method().as_str(), &url, &signed).unwrap_or_default();
    let expected = hmac_sha1(&base, "consumer&secret", "token secret");
    let valid = !get("oauth_signature").is_empty()
        && get("oauth_signature") == expected
        && get("oauth_consumer_key") == "consumer key"
        && get("oauth_token") == "access token"
        && get("oauth_signature_method") == "HMAC-SHA1";
    let query: Vec<(String, String)> =
        form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes()).into_owned().collect();
    let mut params = query;
    params.extend(body);
    if !form && req.method() == "POST" {
        // multipart: the action is in the body; enough to find it.
        let text = String::from_utf8_lossy(req.body());
        if text.contains("name=\"action\"\r\n\r\nupload") {
            params.push(("action".into(), "upload".into()));
        }
    }
    Seen { valid, nonce: get("oauth_nonce"), params }
}

#[tokio::test]
async fn every_request_is_signed_as_it_was_sent() {
    let (b, seen) = wiki(check_oauth1);
    let c = b.oauth(OAuth::OAuth1(creds())).build().expect("client");
    // A GET (the token query), a form POST (the edit), a multipart POST (an upload).
    c.execute(&Query::default()).await.expect("a signed GET");
    let edit = Edit { text: Some("signed & sealed +".into()), ..Edit::new("Säge", "") };
    c.execute(&edit).await.expect("a signed POST");
    let how = ChunkedUpload::new("X.txt", "c");
    let _ = c.upload_chunked(&how, b"0123", |_| {}).await;
    let seen = seen.lock().expect("seen").clone();
    assert!(seen.len() >= 4, "{seen:?}");
    assert!(seen.iter().all(|s| s.valid), "a signature did not verify: {seen:?}");
    let mut nonces: Vec<&str> = seen.iter().map(|s| s.nonce.as_str()).collect();
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), seen.len(), "a nonce was used twice");
    // Authorized requests assert a user, as after a login.
    assert!(seen[0].params.contains(&("assert".into(), "user".into())), "{:?}", seen[0].params);
}

#[tokio::test]
async fn a_wrong_secret_does_not_verify() {
    let (b, seen) = wiki(check_oauth1);
    let wrong = OAuth1 { token_secret: Secret::new("another secret"), ..creds() };
    let c = b.oauth(OAuth::OAuth1(wrong)).build().expect("client");
    let e = c.execute(&Query::default()).await.expect_err("refused");
    assert_eq!(e.api_error().map(|a| a.code.as_ref()), Some("mwoauth-invalid-authorization"), "{e}");
    assert!(!seen.lock().expect("seen")[0].valid);
}

#[tokio::test]
async fn an_oauth2_token_is_a_bearer_header() {
    let (b, seen) = wiki(|req| {
        let auth = req.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let params =
            form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes()).into_owned().collect();
        Seen { valid: auth == "Bearer owner-only.jwt", nonce: String::new(), params }
    });
    let c = b.oauth(OAuth::Bearer(Secret::new("owner-only.jwt"))).build().expect("client");
    c.execute(&Query::default()).await.expect("with the bearer token");
    assert!(seen.lock().expect("seen")[0].valid);
    assert!(!format!("{c:?}").contains("owner-only.jwt"), "the token is redacted in Debug");
}
