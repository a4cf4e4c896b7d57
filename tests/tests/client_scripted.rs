//! The client against scripted wikis in process. `Client::upload_chunked`: what each piece sends
//! (offsets, filekey, the piece's bytes), and a wiki that answers garbage (an offset that does not
//! continue the file, a piece's `Success` before the end) is an error that says so, not a corrupt
//! file. `Client::user_info`: rate limits as the wiki gives them, and garbage refused.

use bytes::Bytes;
use http::{Request, Response};
use mwgen_runtime::client::{ChunkedUpload, Client, ClientError};
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

/// A wiki that answers the token query, then the upload requests with `answers` in turn, and
/// keeps each upload request's body.
fn scripted(answers: Vec<&'static str>) -> (Client, Arc<Mutex<Vec<String>>>) {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let answers = Arc::new(Mutex::new(answers.into_iter()));
    let kept = bodies.clone();
    let svc = tower::service_fn(move |req: Request<Bytes>| {
        let (kept, answers) = (kept.clone(), answers.clone());
        async move {
            let query = req.uri().query().unwrap_or_default().to_string();
            let body = if query.contains("meta=tokens") {
                r#"{"batchcomplete":true,"query":{"tokens":{"csrftoken":"abc+\\"}}}"#.to_string()
            } else {
                kept.lock().expect("bodies").push(String::from_utf8_lossy(req.body()).into_owned());
                answers.lock().expect("answers").next().unwrap_or(r#"{"error":{"code":"x"}}"#).to_string()
            };
            Ok::<_, Infallible>(Response::new(http_body_util::Full::new(Bytes::from(body))))
        }
    });
    let c = Client::builder("http://scripted.test/api.php", "mwgen-tests/0.1 (upload tests)")
        .service(svc)
        .write_interval(std::time::Duration::ZERO)
        .build()
        .expect("client");
    (c, bodies)
}

/// A multipart field's value (`name="offset"` … its text).
fn field<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    let at = body.find(&format!("name=\"{name}\""))?;
    let rest = &body[at..];
    let start = rest.find("\r\n\r\n")? + 4;
    let end = rest[start..].find("\r\n--")?;
    Some(&rest[start..start + end])
}

fn how() -> ChunkedUpload {
    ChunkedUpload { chunk_size: 4, ..ChunkedUpload::new("X.txt", "pieces") }
}

#[tokio::test]
async fn each_piece_continues_where_the_last_ended() {
    let (c, bodies) = scripted(vec![
        r#"{"upload":{"result":"Continue","offset":4,"filekey":"k1.txt"}}"#,
        r#"{"upload":{"result":"Continue","offset":8,"filekey":"k1.txt"}}"#,
        r#"{"upload":{"result":"Success","filekey":"k1.txt"}}"#,
        r#"{"upload":{"result":"Success","filename":"X.txt"}}"#,
    ]);
    let mut sent = Vec::new();
    let up = c.upload_chunked(&how(), b"0123456789", |p| sent.push(p.sent)).await.expect("upload");
    assert_eq!(up["filename"], "X.txt");
    assert_eq!(sent, [4, 8, 10]);
    let bodies = bodies.lock().expect("bodies").clone();
    assert_eq!(bodies.len(), 4);
    let offsets: Vec<_> = bodies[..3].iter().map(|b| field(b, "offset")).collect();
    assert_eq!(offsets, [Some("0"), Some("4"), Some("8")]);
    let pieces: Vec<_> = bodies[..3].iter().map(|b| field(b, "chunk")).collect();
    assert_eq!(pieces, [Some("0123"), Some("4567"), Some("89")]);
    assert_eq!(field(&bodies[0], "filekey"), None, "the first piece has no key yet");
    assert_eq!(field(&bodies[1], "filekey"), Some("k1.txt"));
    assert!(bodies[..3].iter().all(|b| field(b, "filesize") == Some("10") && field(b, "stash") == Some("1")));
    // The last request publishes the stashed file (a form, as it carries no file): its key, no
    // piece, the comment and the token.
    let last: std::collections::BTreeMap<String, String> =
        form_urlencoded::parse(bodies[3].as_bytes()).into_owned().collect();
    let get = |k: &str| last.get(k).map(String::as_str);
    assert_eq!(get("filekey"), Some("k1.txt"));
    assert_eq!((get("chunk"), get("stash"), get("offset")), (None, None, None));
    assert_eq!(
        (get("action"), get("filename"), get("comment")),
        (Some("upload"), Some("X.txt"), Some("pieces"))
    );
    assert_eq!(get("token"), Some("abc+\\"));
}

#[tokio::test]
async fn an_offset_that_does_not_continue_the_file_is_an_error() {
    let (c, bodies) = scripted(vec![r#"{"upload":{"result":"Continue","offset":2,"filekey":"k.txt"}}"#]);
    let e = c.upload_chunked(&how(), b"0123456789", |_| {}).await.expect_err("a wrong offset");
    assert!(matches!(&e, ClientError::Unexpected(m) if m.contains("ending at 4")), "{e}");
    assert_eq!(bodies.lock().expect("bodies").len(), 1, "nothing sent after it");
}

#[tokio::test]
async fn success_before_the_last_piece_is_an_error() {
    let (c, _) = scripted(vec![r#"{"upload":{"result":"Success","filekey":"k.txt"}}"#]);
    let e = c.upload_chunked(&how(), b"0123456789", |_| {}).await.expect_err("early success");
    assert!(matches!(&e, ClientError::Unexpected(m) if m.contains("`Success`")), "{e}");
    let (c, _) = scripted(vec![r#"{"upload":{"result":"Continue","offset":4}}"#]);
    let e = c.upload_chunked(&how(), b"0123456789", |_| {}).await.expect_err("no filekey");
    assert!(matches!(&e, ClientError::Unexpected(m) if m.contains("no filekey")), "{e}");
}

#[tokio::test]
async fn a_dry_run_holds_back_the_first_piece() {
    let svc = tower::service_fn(|_req: Request<Bytes>| async {
        Ok::<_, Infallible>(Response::new(http_body_util::Full::new(Bytes::from_static(b"{}"))))
    });
    let c = Client::builder("http://scripted.test/api.php", "mwgen-tests/0.1 (upload tests)")
        .service(svc)
        .dry_run(true)
        .build()
        .expect("client");
    let e = c.upload_chunked(&how(), b"0123456789", |_| {}).await.expect_err("held back");
    assert!(matches!(e, ClientError::DryRun { .. }), "{e}");
    let unsent = c.unsent();
    assert_eq!(unsent.len(), 1);
    assert_eq!(unsent[0].params.uploads().len(), 1, "the piece is kept with the parameters");
}

/// A wiki that answers every request with `body`.
fn answering(body: &'static str) -> Client {
    let svc = tower::service_fn(move |_req: Request<Bytes>| async move {
        Ok::<_, Infallible>(Response::new(http_body_util::Full::new(Bytes::from_static(body.as_bytes()))))
    });
    Client::builder("http://scripted.test/api.php", "mwgen-tests/0.1 (scripted tests)")
        .service(svc)
        .build()
        .expect("client")
}

#[tokio::test]
async fn rate_limits_as_the_wiki_gives_them_and_garbage_refused() {
    let c = answering(
        r#"{"query":{"userinfo":{"id":3,"name":"Bob","groups":["*","user"],"rights":["edit"],"ratelimits":{"edit":{"user":{"hits":8,"seconds":60}},"move":{"user":{"hits":2,"seconds":60},"newbie":{"hits":1,"seconds":60}}}}}}"#,
    );
    let me = c.user_info().await.expect("userinfo");
    assert_eq!(c.rate_interval("edit"), Some(std::time::Duration::from_millis(7500)));
    assert_eq!(c.rate_interval("move"), Some(std::time::Duration::from_secs(60)), "the strictest bucket");
    assert_eq!(
        c.rate_interval("rollback"),
        Some(std::time::Duration::from_millis(7500)),
        "a rollback is an edit"
    );
    assert_eq!(me.ratelimits.len(), 2);
    for none in [r#"{}"#, r#"[]"#, r#"null"#] {
        let body: &'static str = Box::leak(
            format!(r#"{{"query":{{"userinfo":{{"id":0,"name":"::1","anon":true,"ratelimits":{none}}}}}}}"#)
                .into_boxed_str(),
        );
        let me = answering(body).user_info().await.expect(none);
        assert!(me.ratelimits.is_empty() && !me.logged_in, "{none}");
    }
    for garbage in [r#"5"#, r#"["edit"]"#, r#"{"edit":{"user":{"hits":"many"}}}"#] {
        let body: &'static str = Box::leak(
            format!(r#"{{"query":{{"userinfo":{{"id":0,"name":"x","ratelimits":{garbage}}}}}}}"#)
                .into_boxed_str(),
        );
        let e = answering(body).user_info().await.expect_err(garbage);
        assert!(matches!(&e, ClientError::Unexpected(m) if m.contains("ratelimits")), "{garbage}: {e}");
    }
}
