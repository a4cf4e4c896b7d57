//! A typed backend behind the router: `block`, `login`, and `action=query` with `list=allpages`,
//! `prop=revisions` and `meta=userinfo` answer with the generated response types (a tiny fake wiki),
//! and the router serializes them, in formatversion=2 and, rendered, in formatversion=1.
//!
//! - Offline: the answers the router writes for typed values, exactly.
//! - Live, differentially: the same requests go to the real wiki and to the router; their answers
//!   must have the same shape (keys and JSON types, recursively; list items merged), in both
//!   formatversions. Any difference of shape fails.

use mediawiki_api::action::{
    self, BlockResponse, LoginResponse, LoginResult, QueryBody, QueryPage, QueryResponse,
};
use mediawiki_api::list::{self, AllpagesItem};
use mediawiki_api::meta::{self, UserinfoProp, UserinfoResponse};
use mediawiki_api::prop::{
    self, RevisionsItem, RevisionsItemSlots, RevisionsItemSlotsMain, RevisionsItemSlotsMainContentformat,
    RevisionsProp,
};
use mediawiki_api::server::{router, Api};
use mwgen_runtime::response::Envelope;
use mwgen_runtime::server::{serve, Answered, Context, ServerOptions, Typed};
use mwgen_runtime::{Limit, Multi};
use mwgen_tests::live_api_url;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The bot password tests/mediawiki/up.sh gives `Admin@mwgen`.
const BOT_PASSWORD: &str = "mwgenbotpassword0123456789abcdef";

/// A page of the fake wiki: id, namespace, title, its one revision's content.
const PAGES: &[(i64, i64, &str, &str)] = &[
    (1, 0, "Main Page", "Welcome."),
    (28, 0, "Seed blanked page", ""),
    (9, 0, "Seed sections", "== Alpha ==\nFirst."),
    (30, 6, "File:Seed square.png", "A square."),
];

/// The fake wiki, typed.
struct FakeWiki;

impl Api for FakeWiki {
    async fn block(&self, req: action::Block, _cx: &Context) -> Typed<BlockResponse> {
        Ok(Answered::Part(BlockResponse {
            user: req.user.map(|u| u.as_str().to_string()).unwrap_or_default(),
            user_id: 0,
            expiry: "2099-01-01T00:00:00Z".into(),
            id: 7,
            reason: req.reason.unwrap_or_default(),
            anononly: req.anononly,
            nocreate: req.nocreate,
            autoblock: req.autoblock,
            noemail: req.noemail,
            hidename: req.hidename,
            allowusertalk: req.allowusertalk,
            watchuser: req.watchuser,
            partial: req.partial,
            pagerestrictions: Value::Null,
            namespacerestrictions: Value::Null,
            ..BlockResponse::default()
        }))
    }

    async fn login(&self, req: action::Login, _cx: &Context) -> Typed<LoginResponse> {
        let ok = req.name.as_deref() == Some("Admin@mwgen")
            && req.password.as_ref().is_some_and(|p| p.as_str() == BOT_PASSWORD);
        let answer = if ok {
            LoginResponse {
                result: LoginResult::Success,
                lguserid: Some(1),
                lgusername: Some("Admin".into()),
                ..LoginResponse::default()
            }
        } else {
            LoginResponse {
                result: LoginResult::Failed,
                reason: Some("Incorrect username or password entered. Please try again.".into()),
                ..LoginResponse::default()
            }
        };
        Ok(answer.into())
    }

    async fn list_allpages(&self, req: list::Allpages, _cx: &Context) -> Typed<QueryResponse> {
        let ns = req.namespace.map_or(0, |n| i64::from(n.0));
        let limit = match req.limit {
            Some(Limit::Value(n)) => n as usize,
            Some(Limit::Max) => 500,
            None => 10,
        };
        let from = req.from.unwrap_or_default();
        let mut pages: Vec<_> = PAGES.iter().filter(|p| p.1 == ns && p.2 >= from.as_str()).collect();
        pages.sort_by_key(|p| p.2);
        let more = pages.get(limit).map(|p| p.2.to_string());
        let allpages = pages
            .into_iter()
            .take(limit)
            .map(|&(pageid, ns, title, _)| AllpagesItem {
                pageid,
                ns,
                title: title.into(),
                ..Default::default()
            })
            .collect();
        let query = QueryBody { allpages: Some(allpages), ..Default::default() };
        let continuation = more.map(|t| {
            let mut c = Map::new();
            c.insert("apcontinue".into(), Value::String(t.replace(' ', "_")));
            c
        });
        let body = QueryResponse { query: Some(Box::new(query)), ..Default::default() };
        Ok(Envelope { continuation, body: Some(body), ..Default::default() }.into())
    }

    /// The router gives a prop module its own parameters only, not the page set: this one answers
    /// for every page of the fake wiki.
    async fn prop_revisions(&self, req: prop::Revisions, _cx: &Context) -> Typed<QueryResponse> {
        let has = |p: RevisionsProp| req.prop.is_empty() || req.prop.contains(&p);
        let pages = PAGES
            .iter()
            .filter(|p| p.1 == 0)
            .map(|&(pageid, ns, title, text)| {
                let main = RevisionsItemSlotsMain {
                    content: Some(text.into()),
                    contentmodel: Some("wikitext".into()),
                    contentformat: Some(RevisionsItemSlotsMainContentformat::TextXWiki),
                    sha1: Some("0".repeat(40)),
                    size: Some(text.len() as i64),
                    ..Default::default()
                };
                let rev = RevisionsItem {
                    revid: has(RevisionsProp::Ids).then_some(pageid),
                    parentid: has(RevisionsProp::Ids).then_some(0),
                    user: has(RevisionsProp::User).then(|| "Admin".into()),
                    timestamp: has(RevisionsProp::Timestamp).then(|| "2026-01-01T00:00:00Z".into()),
                    slots: has(RevisionsProp::Content)
                        .then(|| RevisionsItemSlots { main, ..Default::default() }),
                    ..Default::default()
                };
                QueryPage {
                    pageid: Some(pageid),
                    ns: Some(ns),
                    title: Some(title.into()),
                    revisions: Some(vec![rev]),
                    ..Default::default()
                }
            })
            .collect();
        let query = QueryBody { pages: Some(pages), ..Default::default() };
        Ok(QueryResponse { query: Some(Box::new(query)), ..Default::default() }.into())
    }

    async fn meta_userinfo(&self, req: meta::Userinfo, cx: &Context) -> Typed<QueryResponse> {
        let has = |p: UserinfoProp| match &req.prop {
            Multi::All => true,
            Multi::Values(v) => v.contains(&p),
        };
        let anon = cx.user.is_none();
        let info = UserinfoResponse {
            id: if anon { 0 } else { 1 },
            name: cx.user.clone().unwrap_or_else(|| "127.0.0.1".into()),
            anon: anon.then_some(true),
            groups: has(UserinfoProp::Groups).then(|| vec!["*".to_string()]),
            rights: has(UserinfoProp::Rights).then(|| vec!["read".to_string(), "edit".to_string()]),
            editcount: has(UserinfoProp::Editcount).then_some(0),
            ..Default::default()
        };
        let query = QueryBody { userinfo: Some(Box::new(info)), ..Default::default() };
        Ok(QueryResponse { query: Some(Box::new(query)), ..Default::default() }.into())
    }
}

async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        // Any token is good, and the caller (anonymous, as the wiki's reads are) has every right:
        // the wiki's block is sent by its sysop.
        let opts = ServerOptions {
            token_check: Arc::new(|_, _, _| true),
            rights: Arc::new(|_, _| Some(true)),
            ..ServerOptions::default()
        };
        let limits = opts.limits;
        let _ = serve(listener, router(FakeWiki, opts), &limits).await;
    });
    format!("http://{addr}/api.php")
}

/// One request: GET or POST, its parameters (without format and formatversion).
#[derive(Debug, Clone, Copy)]
struct Case {
    post: bool,
    query: &'static str,
}

const CASES: &[Case] = &[
    Case { post: false, query: "action=query&list=allpages&aplimit=2" },
    Case { post: false, query: "action=query&list=allpages&apnamespace=6&apfrom=File:Seed%20s&aplimit=100" },
    Case { post: false, query: "action=query&meta=userinfo" },
    Case { post: false, query: "action=query&meta=userinfo&uiprop=groups|rights|editcount" },
    Case {
        post: false,
        query: "action=query&titles=Main%20Page|Seed%20sections&prop=revisions&rvprop=ids|timestamp|user|content|slotsha1|slotsize&rvslots=main",
    },
    Case { post: false, query: "action=query&list=allpages&aplimit=1&meta=userinfo" },
    Case { post: true, query: "action=login&lgname=Admin@mwgen&lgpassword=wrong" },
    Case { post: true, query: "action=login&lgname=Admin@mwgen&lgpassword=mwgenbotpassword0123456789abcdef" },
    Case { post: true, query: "action=block&user=192.0.2.77&expiry=1%20hour&reason=mwgen%20typed%20test&reblock=1" },
];

async fn send(http: &reqwest::Client, api: &str, case: Case, fv: &str, token: Option<(&str, &str)>) -> Value {
    let mut form: Vec<(String, String)> = form_urlencoded::parse(case.query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    form.extend([("format".into(), "json".into()), ("formatversion".into(), fv.into())]);
    if let Some((name, value)) = token {
        form.push((name.into(), value.into()));
    }
    let req = if case.post { http.post(api).form(&form) } else { http.get(api).query(&form) };
    let resp = req.send().await.unwrap_or_else(|e| panic!("{}: {e}", case.query));
    let text = resp.text().await.unwrap_or_else(|e| panic!("{}: {e}", case.query));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON ({e}): {text}", case.query))
}

#[tokio::test]
async fn typed_values_are_serialized_in_both_formatversions() {
    let ours = start().await;
    let http = reqwest::Client::new();
    let both = send(&http, &ours, CASES[5], "2", None).await;
    let want = json!({
        "batchcomplete": true,
        "continue": {"apcontinue": "Seed_blanked_page", "continue": "-||"},
        "query": {
            "allpages": [{"ns": 0, "pageid": 1, "title": "Main Page"}],
            "userinfo": {"id": 0, "name": "127.0.0.1", "anon": true},
        },
    });
    assert_eq!(both, want);
    let both = send(&http, &ours, CASES[5], "1", None).await;
    let want = json!({
        "batchcomplete": "",
        "continue": {"apcontinue": "Seed_blanked_page", "continue": "-||"},
        "query": {
            "allpages": [{"ns": 0, "pageid": 1, "title": "Main Page"}],
            "userinfo": {"id": 0, "name": "127.0.0.1", "anon": ""},
        },
    });
    assert_eq!(both, want);

    let rev = send(&http, &ours, CASES[4], "1", None).await;
    let page = &rev["query"]["pages"]["1"];
    assert_eq!(rev["batchcomplete"], "", "{rev}");
    assert_eq!(page["revisions"][0]["slots"]["main"]["*"], "Welcome.", "{rev}");
    assert!(page["revisions"][0]["slots"]["main"].get("content").is_none(), "{rev}");

    let block = send(&http, &ours, CASES[8], "1", Some(("token", "+\\"))).await;
    assert_eq!(block["block"]["user"], "192.0.2.77", "{block}");
    assert!(block["block"].get("anononly").is_none(), "false is left out in formatversion=1: {block}");
    let block = send(&http, &ours, CASES[8], "2", Some(("token", "+\\"))).await;
    assert_eq!(block["block"]["anononly"], false, "{block}");

    let login = send(&http, &ours, CASES[7], "2", Some(("lgtoken", "x"))).await;
    assert_eq!(login, json!({"login": {"result": "Success", "lguserid": 1, "lgusername": "Admin"}}));
}

/// The shape of a value: objects keep their keys (sorted), a list is the merge of its items'
/// shapes, and so is an object keyed by ids (formatversion=1's pages), under the key `<id>`; a
/// scalar is its JSON type.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(o) if !o.is_empty() && o.keys().all(|k| k.parse::<i64>().is_ok()) => {
            let merged = o.values().map(shape).reduce(merge).unwrap_or(Value::Null);
            json!({ "<id>": merged })
        }
        Value::Object(o) => {
            let sorted: BTreeMap<&String, Value> = o.iter().map(|(k, v)| (k, shape(v))).collect();
            Value::Object(sorted.into_iter().map(|(k, v)| (k.clone(), v)).collect())
        }
        Value::Array(a) => {
            let merged = a.iter().map(shape).reduce(merge).unwrap_or(Value::Null);
            Value::Array(vec![merged])
        }
        Value::String(_) => json!("string"),
        Value::Number(_) => json!("number"),
        Value::Bool(_) => json!("boolean"),
        Value::Null => json!("null"),
    }
}

fn merge(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Object(mut x), Value::Object(y)) => {
            for (k, v) in y {
                let merged = match x.shift_remove(&k) {
                    Some(old) => merge(old, v),
                    None => v,
                };
                x.insert(k, merged);
            }
            Value::Object(x)
        }
        (a, b) if a == b => a,
        (a, b) => json!(format!("{a} or {b}")),
    }
}

/// Where two shapes differ: `(place, difference)`.
fn differences(place: &str, wiki: &Value, ours: &Value, out: &mut Vec<(String, String)>) {
    let at = |k: &str| if place.is_empty() { k.to_string() } else { format!("{place}.{k}") };
    match (wiki, ours) {
        (Value::Object(w), Value::Object(o)) => {
            for (k, wv) in w {
                match o.get(k) {
                    Some(ov) => differences(&at(k), wv, ov, out),
                    None => out.push((at(k), "only in the wiki's".into())),
                }
            }
            out.extend(o.keys().filter(|k| !w.contains_key(*k)).map(|k| (at(k), "only in ours".to_string())));
        }
        (Value::Array(w), Value::Array(o)) => {
            if let (Some(w), Some(o)) = (w.first(), o.first()) {
                differences(&format!("{place}[]"), w, o, out);
            }
        }
        (w, o) if w == o => {}
        (w, o) => out.push((place.to_string(), format!("the wiki's {w}, ours {o}"))),
    }
}

/// A logged-in session on the wiki (for `block`): the cookie store and a CSRF token.
async fn admin_session(api: &str) -> (reqwest::Client, String) {
    let http = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let token = |kind: &'static str| {
        let http = http.clone();
        let url = format!("{api}?action=query&meta=tokens&type={kind}&format=json&formatversion=2");
        async move {
            let v: Value = http.get(&url).send().await.expect("tokens").json().await.expect("json");
            v["query"]["tokens"][format!("{kind}token")].as_str().unwrap_or_default().to_string()
        }
    };
    let login = token("login").await;
    let form = [
        ("action", "clientlogin"),
        ("username", "Admin"),
        ("password", "mwgen-admin-password-1"),
        ("loginreturnurl", "http://127.0.0.1/"),
        ("logintoken", &login),
        ("format", "json"),
        ("formatversion", "2"),
    ];
    let v: Value = http.post(api).form(&form).send().await.expect("login").json().await.expect("json");
    assert_eq!(v["clientlogin"]["status"], "PASS", "clientlogin as Admin: {v}");
    let csrf = token("csrf").await;
    (http, csrf)
}

#[tokio::test]
async fn typed_answers_have_the_wikis_shape() {
    let Some(api) = live_api_url("typed_answers_have_the_wikis_shape") else { return };
    let ours = start().await;
    let plain = reqwest::Client::new();
    let (admin, csrf) = admin_session(&api).await;
    let mut found: Vec<(String, String, String)> = Vec::new();
    let mut compared = 0;
    for &case in CASES {
        for fv in ["2", "1"] {
            let (wiki, mine) = if case.query.starts_with("action=login") {
                // A login token of a fresh session, each time.
                let http = reqwest::Client::builder().cookie_store(true).build().expect("client");
                let url = format!("{api}?action=query&meta=tokens&type=login&format=json&formatversion=2");
                let v: Value = http.get(&url).send().await.expect("token").json().await.expect("json");
                let token = v["query"]["tokens"]["logintoken"].as_str().unwrap_or_default().to_string();
                let wiki = send(&http, &api, case, fv, Some(("lgtoken", &token))).await;
                (wiki, send(&plain, &ours, case, fv, Some(("lgtoken", "x"))).await)
            } else if case.query.starts_with("action=block") {
                let wiki = send(&admin, &api, case, fv, Some(("token", &csrf))).await;
                let unblock = [
                    ("action", "unblock"),
                    ("user", "192.0.2.77"),
                    ("token", csrf.as_str()),
                    ("format", "json"),
                ];
                let _ = admin.post(&api).form(&unblock).send().await.expect("unblock");
                (wiki, send(&plain, &ours, case, fv, Some(("token", "+\\"))).await)
            } else {
                (send(&plain, &api, case, fv, None).await, send(&plain, &ours, case, fv, None).await)
            };
            let mut diffs = Vec::new();
            differences("", &shape(&wiki), &shape(&mine), &mut diffs);
            for (place, what) in diffs {
                eprintln!("shape differs: {} (formatversion={fv}): {place}: {what}", case.query);
                found.push((case.query.to_string(), place, what));
            }
            compared += 1;
        }
    }
    found.sort();
    found.dedup();
    assert!(found.is_empty(), "the shapes differ: {found:#?}");
    eprintln!("typed differential: {compared} answers compared, all of the same shape");
}
