//! What the fake's differential tests share: a fake served on a free port, a real wiki of
//! tests/mediawiki/up.sh (`MWGEN_ORACLE_URL`), a small session client for both, and the
//! normalisation that makes their answers comparable.
//!
//! The tests send the same requests to both wikis and compare the answers after [`normalize`].
//! Without `MWGEN_ORACLE_URL` they say loudly that the real wiki is missing and compare nothing
//! (CI always sets it).

#![allow(dead_code)]

use serde_json::{Map, Value};

/// A fake wiki served on a free loopback port, for the test's lifetime.
pub async fn fake() -> (mediawiki_fake::Wiki, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
    let url = format!("http://{}/api.php", listener.local_addr().expect("its address"));
    let wiki = mediawiki_fake::Wiki::new(&url).expect("an in-memory wiki");
    let app = wiki.router();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (wiki, url)
}

/// The real wiki the fake is compared with: `MWGEN_ORACLE_URL`, a wiki that tests/mediawiki/up.sh
/// installed and nothing seeded, so that it starts as the fake does (tests/run.sh starts one beside
/// the seeded wiki of the other live tests). `None`, with a loud note on stderr, when it is unset.
pub fn real_wiki(test: &str) -> Option<String> {
    match std::env::var("MWGEN_ORACLE_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "{test}: MWGEN_ORACLE_URL is not set under CI; tests/run.sh must start the unseeded wiki"
                );
            }
            eprintln!(
                "\n*** SKIPPED {test}: MWGEN_ORACLE_URL is unset, so the fake was not compared with a real wiki \
                 (start an unseeded one with MWGEN_WIKI_STATE=… MWGEN_WIKI_PORT=… tests/mediawiki/up.sh; \
                 tests/run.sh and CI always do) ***\n"
            );
            None
        }
    }
}

/// One cookie session with a wiki: GET and POST of parameters, answers as JSON.
pub struct Session {
    /// The api.php URL.
    pub url: String,
    http: reqwest::Client,
    jar: std::sync::Arc<reqwest::cookie::Jar>,
}

impl Session {
    /// A new session (its own cookies) with the wiki at `url`.
    pub fn new(url: &str) -> Session {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .user_agent("mediawiki-fake-tests/0.1 (tests of the mwgen project)")
            .build()
            .expect("a reqwest client");
        Session { url: url.to_string(), http, jar }
    }

    /// The `Cookie` header this session sends to its wiki.
    pub fn cookies(&self) -> String {
        use reqwest::cookie::CookieStore;
        let url: reqwest::Url = self.url.parse().expect("the wiki's URL");
        self.jar.cookies(&url).and_then(|v| v.to_str().ok().map(str::to_string)).unwrap_or_default()
    }

    /// GET with `params` (`format=json&formatversion=2` added unless given).
    pub async fn get(&self, params: &[(&str, &str)]) -> Value {
        let q = with_format(params);
        let resp = self.http.get(&self.url).query(&q).send().await.expect("the wiki answers");
        resp.json().await.expect("the answer is JSON")
    }

    /// POST with `params` (`format=json&formatversion=2` added unless given).
    pub async fn post(&self, params: &[(&str, &str)]) -> Value {
        let q = with_format(params);
        let resp = self.http.post(&self.url).form(&q).send().await.expect("the wiki answers");
        resp.json().await.expect("the answer is JSON")
    }

    /// A token of `kind` (`csrf`, `login`, …) for this session.
    pub async fn token(&self, kind: &str) -> String {
        let v = self.get(&[("action", "query"), ("meta", "tokens"), ("type", kind)]).await;
        v["query"]["tokens"][format!("{kind}token")]
            .as_str()
            .unwrap_or_else(|| panic!("no {kind} token in {v}"))
            .to_string()
    }

    /// Logs in with the bot password of tests/mediawiki/up.sh (`Admin@mwgen`).
    pub async fn login_bot(&self) {
        let token = self.token("login").await;
        let v = self
            .post(&[
                ("action", "login"),
                ("lgname", "Admin@mwgen"),
                ("lgpassword", "mwgenbotpassword0123456789abcdef"),
                ("lgtoken", &token),
            ])
            .await;
        assert_eq!(v["login"]["result"], "Success", "{v}");
    }
}

/// `params` with `format=json&formatversion=2` added, unless they name a format.
pub fn with_format<'a>(params: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut q = params.to_vec();
    if !q.iter().any(|(k, _)| *k == "format") {
        q.push(("format", "json"));
        q.push(("formatversion", "2"));
    }
    q
}

/// Keys whose values differ between two wikis by nature, made `"<ts>"`, `"<id>"` or `"<token>"`:
/// timestamps, ids given out in order (pages, revisions, log entries, changes, users), tokens, and
/// `servedby`/`curtimestamp`-like keys.
pub fn normalize(v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            let mut out = Map::new();
            for (k, x) in o {
                let masked = match k.as_str() {
                    "timestamp" | "touched" | "registration" | "curtimestamp" | "starttimestamp"
                    | "expiry" | "newtimestamp" | "oldtimestamp" | "time"
                        if x.is_string() =>
                    {
                        Some(Value::String("<ts>".into()))
                    }
                    "pageid" | "revid" | "parentid" | "lastrevid" | "logid" | "rcid" | "userid" | "id"
                    | "oldid" | "newrevid" | "oldrevid" | "old_revid" | "pageId" | "fromid" | "toid"
                    | "fromrevid" | "torevid" | "blockid" | "logpage" | "actionlogid"
                        if x.is_number() =>
                    {
                        Some(Value::String("<id>".into()))
                    }
                    k if k.ends_with("token") && x.is_string() => Some(Value::String("<token>".into())),
                    // A block's time (and its rendering), an upload's time, and a log entry's ids in its parameters.
                    "blockedtimestamp" | "blockedtimestampformatted" | "img_timestamp" if x.is_string() => {
                        Some(Value::String("<ts>".into()))
                    }
                    "logid" if x.as_str().is_some_and(|s| s.parse::<i64>().is_ok()) => {
                        Some(Value::String("<id>".into()))
                    }
                    "ids" if x.as_array().is_some_and(|a| a.iter().all(Value::is_number)) => {
                        Some(Value::Array(vec![Value::String("<ids>".into())]))
                    }
                    _ => None,
                };
                out.insert(k.clone(), masked.unwrap_or_else(|| normalize(x)));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(normalize).collect()),
        Value::String(s) => Value::String(s.clone()),
        other => other.clone(),
    }
}

/// What [`common::normalize`] leaves and differs by nature: each run of digits in `continue` values (a
/// timestamp and a revision id in `rvcontinue`) becomes `#`, and formatversion=1's page ids as the keys of
/// `pages` (the n-th real page id becomes `<page n>`).
pub fn mask(mut v: Value) -> Value {
    if let Some(Value::Object(c)) = v.get_mut("continue") {
        for x in c.values_mut() {
            if let Value::String(s) = x {
                let mut out = String::new();
                for ch in s.chars() {
                    if !ch.is_ascii_digit() {
                        out.push(ch);
                    } else if !out.ends_with('#') {
                        out.push('#');
                    }
                }
                *s = out;
            }
        }
    }
    if let Some(Value::Object(pages)) = v.pointer_mut("/query/pages") {
        let mut n = 0;
        *pages = std::mem::take(pages)
            .into_iter()
            .map(|(k, page)| match k.parse::<i64>() {
                Ok(id) if id > 0 => {
                    n += 1;
                    (format!("<page {n}>"), page)
                }
                _ => (k, page),
            })
            .collect();
    }
    v
}

/// Waits until the wall clock has just passed a whole second: the wikis' times have seconds only, so
/// a step that must not share a second with what came before (or must share one with what follows)
/// starts there.
pub async fn start_of_a_second() {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let left = 1_000 - u64::from(now.subsec_millis());
    tokio::time::sleep(std::time::Duration::from_millis(left + 5)).await;
}

/// A title prefix unique to this test run, so that the real wiki's earlier runs do not show.
pub fn run_prefix(test: &str) -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or(0);
    format!("Fake {test} {t}")
}

/// Replaces `prefix` by `<prefix>` in every string of `v`.
pub fn unprefix(v: &Value, prefix: &str) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter().map(|(k, x)| (k.replace(prefix, "<prefix>"), unprefix(x, prefix))).collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| unprefix(x, prefix)).collect()),
        Value::String(s) => Value::String(s.replace(prefix, "<prefix>")),
        other => other.clone(),
    }
}

/// Asserts that `fake` and `real` are equal after [`normalize`] and [`unprefix`], showing both.
pub fn assert_same(what: &str, fake: &Value, real: &Value, prefix: &str) {
    let (f, r) = (unprefix(&normalize(fake), prefix), unprefix(&normalize(real), prefix));
    assert!(
        f == r,
        "{what}: the fake and the real wiki differ\n--- fake\n{}\n--- real\n{}",
        serde_json::to_string_pretty(&f).unwrap_or_default(),
        serde_json::to_string_pretty(&r).unwrap_or_default()
    );
}
