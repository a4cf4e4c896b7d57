//! What the page-change tests (edit.rs, manage.rs, render.rs) share: the same session on both
//! wikis, logged in as Admin with its main account (all of Admin's rights; a bot password's grants
//! would forbid delete and protect), and the fake's stored state read back in the shapes the real
//! wiki's query modules give, so that writes are compared, not only answers.
//!
//! The real wiki is logged in through `action=clientlogin`. The fake session is made directly (a
//! `session` row and the tokens derived from it), so that these tests depend on the page-change
//! modules only, not on the fake's login and tokens modules.

#![allow(dead_code)]

use serde_json::{json, Value};

#[path = "../common/mod.rs"]
pub mod common;

/// One logged-in session with one wiki.
pub struct Client {
    /// The api.php URL.
    pub url: String,
    http: reqwest::Client,
    /// The fake's session id (`None`: the real wiki, which keeps cookies).
    session: Option<String>,
    /// The fake itself (to read its tokens).
    wiki: Option<mediawiki_fake::Wiki>,
}

impl Client {
    fn http(cookie: Option<&str>) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(c) = cookie {
            if let Ok(v) = reqwest::header::HeaderValue::from_str(c) {
                headers.insert(reqwest::header::COOKIE, v);
            }
        }
        reqwest::Client::builder()
            .cookie_store(cookie.is_none())
            .default_headers(headers)
            .user_agent("mediawiki-fake-tests/0.1 (tests of the mwgen project)")
            .build()
            .expect("a reqwest client")
    }

    /// The real wiki at `url`, logged in as Admin (main account).
    pub async fn real(url: &str) -> Client {
        Client::login(url, "Admin", "mwgen-admin-password-1").await
    }

    /// The wiki at `url` (fake or real), logged in as `user` through clientlogin, with cookies.
    pub async fn login(url: &str, user: &str, password: &str) -> Client {
        let c = Client { url: url.to_string(), http: Client::http(None), session: None, wiki: None };
        let t = c.token("login").await;
        let v = c
            .post(&[
                ("action", "clientlogin"),
                ("username", user),
                ("password", password),
                ("logintoken", &t),
                ("loginreturnurl", "http://127.0.0.1/"),
            ])
            .await;
        assert_eq!(v["clientlogin"]["status"], "PASS", "clientlogin as {user}: {v}");
        c
    }

    /// The fake `wiki` at `url`, logged in as Admin (user 1) in a new session.
    pub fn fake(wiki: &mediawiki_fake::Wiki, url: &str) -> Client {
        let id = mediawiki_fake::util::random_hex(16);
        wiki.db(|c| {
            c.execute(
                "INSERT INTO session (id, user, created) VALUES (?1, 1, ?2)",
                rusqlite::params![id, mediawiki_fake::util::now()],
            )
        })
        .expect("a session row");
        let cookie = format!("{}={id}", mediawiki_fake::session::COOKIE);
        Client {
            url: url.to_string(),
            http: Client::http(Some(&cookie)),
            session: Some(id),
            wiki: Some(wiki.clone()),
        }
    }

    /// An anonymous session with the wiki at `url` (fake or real).
    pub fn anon(url: &str) -> Client {
        Client { url: url.to_string(), http: Client::http(None), session: None, wiki: None }
    }

    /// A token of `kind`.
    pub async fn token(&self, kind: &str) -> String {
        if let (Some(w), Some(s)) = (&self.wiki, &self.session) {
            return w.token_for(s, 1, kind);
        }
        let v = self.get(&[("action", "query"), ("meta", "tokens"), ("type", kind)]).await;
        v["query"]["tokens"][format!("{kind}token")].as_str().unwrap_or("+\\").to_string()
    }

    /// GET with `params` (format=json, formatversion=2).
    pub async fn get(&self, params: &[(&str, &str)]) -> Value {
        let q = common::with_format(params);
        let resp = self.http.get(&self.url).query(&q).send().await.expect("the wiki answers");
        resp.json().await.expect("the answer is JSON")
    }

    /// POST with `params` (format=json, formatversion=2).
    pub async fn post(&self, params: &[(&str, &str)]) -> Value {
        let q = common::with_format(params);
        let resp = self.http.post(&self.url).form(&q).send().await.expect("the wiki answers");
        resp.json().await.expect("the answer is JSON")
    }

    /// POST as multipart/form-data: `params` as fields (format=json, formatversion=2), and `files` as
    /// `(field, file name, bytes)`.
    pub async fn post_files(&self, params: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Value {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in common::with_format(params) {
            form = form.text(k.to_string(), v.to_string());
        }
        for (field, name, bytes) in files {
            form = form.part(
                field.to_string(),
                reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()),
            );
        }
        let resp = self.http.post(&self.url).multipart(form).send().await.expect("the wiki answers");
        resp.json().await.expect("the answer is JSON")
    }

    /// POST with `params` and a fresh token of `kind` as `token`.
    pub async fn act(&self, kind: &str, params: &[(&str, &str)]) -> Value {
        let t = self.token(kind).await;
        let mut p = params.to_vec();
        p.push(("token", &t));
        self.post(&p).await
    }
}

/// Both wikis, logged in, and a title prefix unique to this run; `None` (loudly) without a real wiki.
pub async fn both(test: &str) -> Option<(mediawiki_fake::Wiki, Client, Client, String)> {
    let real = common::real_wiki(test)?;
    let (wiki, url) = common::fake().await;
    let fake = Client::fake(&wiki, &url);
    let real = Client::real(&real).await;
    Some((wiki, fake, real, common::run_prefix(test)))
}

/// Sends `params` (with a token of `kind`, unless `kind` is `""`) to both wikis and asserts the
/// answers are the same after normalisation; returns (fake, real).
pub async fn same(
    what: &str,
    fake: &Client,
    real: &Client,
    prefix: &str,
    kind: &str,
    params: &[(&str, &str)],
) -> (Value, Value) {
    let (f, r) = if kind.is_empty() {
        (fake.post(params).await, real.post(params).await)
    } else {
        (fake.act(kind, params).await, real.act(kind, params).await)
    };
    common::assert_same(what, &strip_docref(&f), &strip_docref(&r), prefix);
    (f, r)
}

/// The answer without `docref` (it names the wiki's URL) and the main module's warnings, with
/// rollback's `last_revid` masked like the other ids.
pub fn strip_docref(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(r) = v.get_mut("rollback").and_then(Value::as_object_mut) {
        if r.contains_key("last_revid") {
            r.insert("last_revid".into(), json!("<id>"));
        }
    }
    if let Some(e) = v.get_mut("error").and_then(Value::as_object_mut) {
        e.remove("docref");
    }
    if let Some(w) = v.get_mut("warnings").and_then(Value::as_object_mut) {
        w.remove("main");
        if w.is_empty() {
            v.as_object_mut().map(|o| o.remove("warnings"));
        }
    }
    v
}

/// The revisions of `title` on the real wiki (newest first), as the fake's rows below show them.
pub async fn real_revisions(real: &Client, title: &str) -> Value {
    let v = real
        .get(&[
            ("action", "query"),
            ("prop", "revisions"),
            ("titles", title),
            ("rvprop", "content|comment|size|sha1|flags|user"),
            ("rvslots", "main"),
            ("rvlimit", "50"),
        ])
        .await;
    let revs = v["query"]["pages"][0]["revisions"].as_array().cloned().unwrap_or_default();
    Value::Array(
        revs.iter()
            .map(|r| {
                json!({
                    "user": r["user"], "comment": r["comment"], "size": r["size"], "sha1": r["sha1"],
                    "minor": r["minor"], "content": r["slots"]["main"]["content"],
                    "model": r["slots"]["main"]["contentmodel"],
                })
            })
            .collect(),
    )
}

/// The revisions of `title` in the fake's store (newest first).
pub fn fake_revisions(wiki: &mediawiki_fake::Wiki, title: &str) -> Value {
    let t = mediawiki_fake::Title::parse(wiki.site(), title, 0).expect("a valid title");
    let rows: Vec<Value> = wiki
        .db(|c| {
            let mut st = c.prepare(
                "SELECT r.user_text, r.comment, r.size, r.sha1, r.minor, r.content, r.model FROM revision r
                 JOIN page p ON p.id = r.page WHERE p.ns = ?1 AND p.title = ?2 ORDER BY r.id DESC",
            )?;
            let rows = st.query_map(rusqlite::params![t.ns, t.text], |r| {
                Ok(json!({
                    "user": r.get::<_, String>(0)?, "comment": r.get::<_, String>(1)?, "size": r.get::<_, i64>(2)?,
                    "sha1": r.get::<_, String>(3)?, "minor": r.get::<_, i64>(4)? != 0,
                    "content": r.get::<_, String>(5)?, "model": r.get::<_, String>(6)?,
                }))
            })?;
            rows.collect()
        })
        .expect("the fake's revisions");
    Value::Array(rows)
}

/// The links, templates and categories of `title` on the real wiki, sorted.
pub async fn real_links(real: &Client, title: &str) -> Value {
    let v = real
        .get(&[
            ("action", "query"),
            ("prop", "links|templates|categories"),
            ("titles", title),
            ("pllimit", "max"),
            ("tllimit", "max"),
            ("cllimit", "max"),
            ("clprop", "sortkey"),
        ])
        .await;
    let p = &v["query"]["pages"][0];
    let list = |k: &str| -> Vec<String> {
        let mut out: Vec<String> = p[k]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x["title"].as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        out.sort();
        out
    };
    let mut keys: Vec<String> = p["categories"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["sortkeyprefix"].as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    keys.sort();
    json!({ "links": list("links"), "templates": list("templates"), "categories": list("categories"), "sortkeys": keys })
}

/// The same from the fake's `link` rows.
pub fn fake_links(wiki: &mediawiki_fake::Wiki, title: &str) -> Value {
    let site = wiki.site();
    let t = mediawiki_fake::Title::parse(site, title, 0).expect("a valid title");
    let rows: Vec<(String, i64, String, String)> = wiki
        .db(|c| {
            let mut st = c.prepare(
                "SELECT l.kind, l.ns, l.title, l.sortkey FROM link l JOIN page p ON p.id = l.from_page
                 WHERE p.ns = ?1 AND p.title = ?2",
            )?;
            let rows = st.query_map(rusqlite::params![t.ns, t.text], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            rows.collect()
        })
        .expect("the fake's links");
    let list = |k: &str| -> Vec<String> {
        let mut out: Vec<String> = rows
            .iter()
            .filter(|r| r.0 == k)
            .map(|r| mediawiki_fake::Title { ns: r.1, text: r.2.clone() }.full(site))
            .collect();
        out.sort();
        out
    };
    let mut keys: Vec<String> = rows.iter().filter(|r| r.0 == "category").map(|r| r.3.clone()).collect();
    keys.sort();
    json!({ "links": list("link"), "templates": list("template"), "categories": list("category"), "sortkeys": keys })
}

/// The latest `n` log entries of type `kind` about pages whose titles hold `prefix`, on the real
/// wiki (type, action, title, comment, params).
pub async fn real_logs(real: &Client, kind: &str, n: usize, prefix: &str) -> Value {
    let v = real
        .get(&[
            ("action", "query"),
            ("list", "logevents"),
            ("letype", kind),
            ("lelimit", "500"),
            ("leprop", "type|title|details|comment"),
        ])
        .await;
    let mut out: Vec<Value> = v["query"]["logevents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["title"].as_str().is_some_and(|t| holds(t, prefix)))
        .take(n)
        .cloned()
        .collect();
    for e in &mut out {
        if let Some(o) = e.as_object_mut() {
            o.remove("ns");
        }
    }
    Value::Array(out)
}

/// The same from the fake's `logging` rows.
pub fn fake_logs(wiki: &mediawiki_fake::Wiki, kind: &str, n: usize, prefix: &str) -> Value {
    let site = wiki.site();
    let rows: Vec<Value> = wiki
        .db(|c| {
            let mut st = c.prepare(
                "SELECT type, action, ns, title, comment, params FROM logging WHERE type = ?1 ORDER BY id DESC",
            )?;
            let rows = st.query_map(rusqlite::params![kind], |r| {
                let t = mediawiki_fake::Title { ns: r.get(2)?, text: r.get(3)? };
                let params: String = r.get(5)?;
                Ok(json!({
                    "title": t.full(site),
                    "params": serde_json::from_str::<Value>(&params).unwrap_or(Value::Null),
                    "type": r.get::<_, String>(0)?, "action": r.get::<_, String>(1)?, "comment": r.get::<_, String>(4)?,
                }))
            })?;
            rows.collect()
        })
        .expect("the fake's log");
    Value::Array(
        rows.into_iter().filter(|e| e["title"].as_str().is_some_and(|t| holds(t, prefix))).take(n).collect(),
    )
}

/// The recent changes of pages whose titles hold `prefix`, newest first, on the real wiki.
pub async fn real_changes(real: &Client, prefix: &str) -> Value {
    let v = real
        .get(&[
            ("action", "query"),
            ("list", "recentchanges"),
            ("rcprop", "title|sizes|flags|comment|user|loginfo|patrolled"),
            ("rclimit", "500"),
        ])
        .await;
    let rows: Vec<Value> = v["query"]["recentchanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["title"].as_str().is_some_and(|t| holds(t, prefix)))
        .map(|r| {
            json!({
                "type": r["type"], "title": r["title"], "user": r["user"], "anon": r.get("anon").is_some(),
                "bot": r["bot"], "new": r["new"], "minor": r["minor"], "oldlen": r["oldlen"], "newlen": r["newlen"],
                "comment": r["comment"], "patrolled": r["patrolled"], "autopatrolled": r["autopatrolled"],
                "logtype": r.get("logtype").cloned().unwrap_or(Value::Null),
                "logaction": r.get("logaction").cloned().unwrap_or(Value::Null),
            })
        })
        .collect();
    Value::Array(rows)
}

/// The same from the fake's `recentchange` rows.
pub fn fake_changes(wiki: &mediawiki_fake::Wiki, prefix: &str) -> Value {
    let site = wiki.site();
    let rows: Vec<Value> = wiki
        .db(|c| {
            let mut st = c.prepare(
                "SELECT rc.type, rc.ns, rc.title, rc.user_text, rc.user, rc.bot, rc.minor, rc.old_len, rc.new_len,
                        rc.comment, rc.patrolled, l.type, l.action
                 FROM recentchange rc LEFT JOIN logging l ON l.id = rc.log AND rc.type = 'log'
                 ORDER BY rc.id DESC",
            )?;
            let rows = st.query_map([], |r| {
                let t = mediawiki_fake::Title { ns: r.get(1)?, text: r.get(2)? };
                let kind: String = r.get(0)?;
                let patrolled: i64 = r.get(10)?;
                Ok(json!({
                    "type": kind, "title": t.full(site), "user": r.get::<_, String>(3)?,
                    "anon": r.get::<_, i64>(4)? == 0, "bot": r.get::<_, i64>(5)? != 0, "new": kind == "new",
                    "minor": r.get::<_, i64>(6)? != 0, "oldlen": r.get::<_, i64>(7)?, "newlen": r.get::<_, i64>(8)?,
                    "comment": r.get::<_, String>(9)?, "patrolled": patrolled > 0, "autopatrolled": patrolled == 2,
                    "logtype": r.get::<_, Option<String>>(11)?, "logaction": r.get::<_, Option<String>>(12)?,
                }))
            })?;
            rows.collect()
        })
        .expect("the fake's recent changes");
    Value::Array(rows.into_iter().filter(|r| r["title"].as_str().is_some_and(|t| holds(t, prefix))).collect())
}

/// Asserts the recent changes of the run's pages are the same on both wikis.
pub async fn same_changes(what: &str, wiki: &mediawiki_fake::Wiki, real: &Client, prefix: &str) {
    let (f, r) = (fake_changes(wiki, prefix), real_changes(real, prefix).await);
    common::assert_same(&format!("{what}: recent changes"), &f, &r, prefix);
}

/// Whether title `t` holds the run's `prefix` (titles show underscores as spaces).
fn holds(t: &str, prefix: &str) -> bool {
    t.contains(&prefix.replace('_', " "))
}
