//! Live: every constraint in the spec (what a module checks of its parameters in its own code:
//! groups, rights, enforced ranges; spec/README.md) is broken on purpose, and the request is sent
//! to the real wiki and to our server, as an anonymous caller and as a sysop. Both must answer the
//! same error code and text. This is what proves the hand-written entries: one that MediaWiki does
//! not make, or makes in another order or with other words, fails here.
//!
//! Only requests that the spec says must fail are sent (POSTed, with real tokens on the wiki), so a
//! case never gets as far as changing the wiki, unless the spec is wrong.

use futures::StreamExt;
use mediawiki_api::server::{router, Api};
use mediawiki_api::MODULES;
use mwgen_runtime::server::{Context, ServerOptions};
use mwgen_runtime::spec::Rule;
use mwgen_runtime::value::ANONYMOUS_RIGHTS;
use mwgen_runtime::{ApiError, ModuleSpec, ParamSpec, Params, Type};
use mwgen_tests::live_api_url;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

const ADMIN: &str = "Admin";
const ADMIN_PASSWORD: &str = "mwgen-admin-password-1";
const AGENT: &str = "mwgen-tests/0.1 (live constraints; https://example.invalid/mwgen)";
/// A page the seeded wiki has (content checks of a missing page come before some constraints).
const TITLE: &str = "Main Page";
/// The header by which the test tells our server who is calling.
const WHO: &str = "x-mwgen-test-user";

struct Validated;

impl Api for Validated {
    async fn fallback(&self, module: &'static ModuleSpec, _: Params, _: &Context) -> Result<Value, ApiError> {
        Ok(json!({ module.path: { "validated": true } }))
    }
}

/// A caller: its session on the wiki, its tokens there, its rights.
struct Identity {
    name: Option<&'static str>,
    http: reqwest::Client,
    tokens: HashMap<String, String>,
    rights: Vec<String>,
}

impl Identity {
    fn has(&self, rights: &[&str]) -> bool {
        rights.iter().any(|r| self.rights.iter().any(|x| x == r))
    }
}

async fn get(http: &reqwest::Client, api: &str, query: &str) -> Value {
    let url = format!("{api}?{query}&format=json&formatversion=2");
    let resp = http.get(&url).send().await.expect("the wiki answers");
    resp.json().await.expect("JSON")
}

async fn identity(api: &str, name: Option<&'static str>) -> Identity {
    let http = reqwest::Client::builder().user_agent(AGENT).cookie_store(true).build().expect("client");
    if let Some(user) = name {
        let t = get(&http, api, "action=query&meta=tokens&type=login").await;
        let token = t["query"]["tokens"]["logintoken"].as_str().expect("a login token").to_string();
        let form = [
            ("action", "clientlogin"),
            ("username", user),
            ("password", ADMIN_PASSWORD),
            ("loginreturnurl", "http://localhost/"),
            ("logintoken", &token),
            ("format", "json"),
            ("formatversion", "2"),
        ];
        let r: Value = http.post(api).form(&form).send().await.expect("login").json().await.expect("JSON");
        assert_eq!(r["clientlogin"]["status"], "PASS", "logging in as {user}: {r}");
    }
    let types = "csrf|patrol|rollback|userrights|watch|createaccount|login";
    let t = get(&http, api, &format!("action=query&meta=tokens&type={types}")).await;
    let tokens = t["query"]["tokens"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.trim_end_matches("token").to_string(), v.as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default();
    let u = get(&http, api, "action=query&meta=userinfo&uiprop=rights").await;
    let rights = u["query"]["userinfo"]["rights"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    Identity { name, http, tokens, rights }
}

/// A value the parameter takes, for giving it: a page that exists for a title, wikitext where a
/// content model or format is asked.
fn value_of(p: &ParamSpec) -> Option<String> {
    if matches!(p.name, "title" | "page" | "from" | "to" | "fromtitle" | "totitle") {
        return Some(TITLE.into());
    }
    Some(match p.ty {
        Type::Enum { values, .. } => {
            let plain = values.iter().find(|v| matches!(**v, "wikitext" | "text/x-wiki"));
            plain.or(values.first())?.to_string()
        }
        Type::Integer { min, .. } => min.unwrap_or(1).max(1).to_string(),
        Type::Limit { .. } => "1".into(),
        Type::Boolean => "1".into(),
        Type::Timestamp => "2020-01-01T00:00:00Z".into(),
        Type::Expiry => "infinite".into(),
        Type::User { .. } => ADMIN.into(),
        Type::Title { .. } => TITLE.into(),
        Type::Namespace { .. } => "0".into(),
        Type::Float => "1".into(),
        Type::String { .. } | Type::Text | Type::Raw | Type::Password => "x".into(),
        Type::Upload | Type::Tags { .. } => return None,
    })
}

/// The parameters that select a module.
fn selector(spec: &ModuleSpec) -> Vec<(String, String)> {
    match spec.group {
        "action" => vec![("action".into(), spec.name.into())],
        g => vec![("action".into(), "query".into()), (g.into(), spec.name.into())],
    }
}

/// One request that breaks a constraint, as the spec says it must fail.
struct Case {
    label: String,
    module: &'static ModuleSpec,
    /// Which of the module's constraints it breaks (`usize::MAX` for an enforced range).
    constraint: usize,
    params: Vec<(String, String)>,
}

/// The module's parameter `name`, on the wire, with a value.
fn give(spec: &ModuleSpec, name: &str, out: &mut Vec<(String, String)>) -> bool {
    let Some(p) = spec.param(name) else { return false };
    let Some(v) = value_of(p) else { return false };
    let wire = format!("{}{}", spec.prefix, name);
    out.retain(|(k, _)| *k != wire);
    out.push((wire, v));
    true
}

/// The request up to constraint `k`: the selector, the required parameters outside `avoid`, and a
/// member of each earlier group that needs one. `None` when `who` would be refused earlier, for a
/// right.
fn base(spec: &ModuleSpec, k: usize, avoid: &[&str], who: &Identity) -> Option<Vec<(String, String)>> {
    let mut out = selector(spec);
    for p in spec.params.iter().filter(|p| p.required && p.template.is_none() && p.name != "token") {
        if !avoid.contains(&p.name) && !give(spec, p.name, &mut out) {
            return None;
        }
    }
    for c in &spec.constraints[..k] {
        match c.rule {
            Rule::OnlyOne | Rule::AtLeastOne => {
                let pick = c.params.iter().find(|p| !avoid.contains(p))?;
                give(spec, pick, &mut out);
            }
            Rule::Right(rights) if c.when.is_none() && !who.has(rights) => return None,
            Rule::LoggedIn if who.name.is_none() => return None,
            _ => {}
        }
    }
    Some(out)
}

fn cases(spec: &'static ModuleSpec, who: &Identity) -> Vec<Case> {
    let mut out = Vec::new();
    let whom = who.name.unwrap_or("anonymous");
    let mut push = |label: String, params: Vec<(String, String)>, constraint: usize| {
        out.push(Case {
            label: format!("{} as {whom}: {label}", spec.path),
            module: spec,
            constraint,
            params,
        })
    };
    for (k, c) in spec.constraints.iter().enumerate() {
        let Some(mut req) = base(spec, k, c.params, who) else { continue };
        if let Some(w) = c.when {
            match w.value {
                Some(v) => {
                    let p = format!("{}{}", spec.prefix, w.param);
                    req.retain(|(n, _)| *n != p);
                    req.push((p, v.into()));
                }
                None => {
                    give(spec, w.param, &mut req);
                }
            }
        }
        let with = |names: &[&str]| {
            let mut r = req.clone();
            names.iter().all(|n| give(spec, n, &mut r)).then_some(r)
        };
        let rule = format!("{:?} {}", c.rule, c.params.join("/"));
        match c.rule {
            Rule::OnlyOne | Rule::AtLeastOne => {
                push(format!("{rule}: none"), req.clone(), k);
                if c.rule == Rule::OnlyOne && c.params.len() > 1 {
                    if let Some(r) = with(&c.params[..2]) {
                        push(format!("{rule}: two"), r, k);
                    }
                }
            }
            Rule::MaxOne | Rule::CannotUseWith => {
                if let Some(r) = with(&c.params[..2]) {
                    push(format!("{rule}: two"), r, k);
                }
            }
            Rule::MustUseWith => {
                if let Some(r) = with(&c.params[..1]) {
                    push(format!("{rule}: the first alone"), r, k);
                }
            }
            Rule::Right(rights) if !who.has(rights) => {
                push(format!("right {}", rights.join("|")), req.clone(), k)
            }
            Rule::Right(_) => {}
            Rule::ExclusiveValues(pairs) => {
                for (a, b) in pairs.iter() {
                    let mut r = req.clone();
                    r.push((format!("{}{}", spec.prefix, c.params[0]), format!("{a}|{b}")));
                    push(format!("{rule}: {a} with {b}"), r, k);
                }
            }
            Rule::LoggedIn if who.name.is_none() => push("logged in".into(), req.clone(), k),
            Rule::LoggedIn => {}
        }
    }
    for p in spec.params.iter().filter(|p| p.enforce_range) {
        let Type::Integer { min: Some(min), .. } = p.ty else { continue };
        if let Some(mut req) = base(spec, 0, &[], who) {
            req.push((format!("{}{}", spec.prefix, p.name), (min - 1).to_string()));
            push(format!("{} below its minimum", p.name), req, usize::MAX);
        }
    }
    out
}

/// The code and plain text of an answer's first error (`None` for a success).
async fn answer(
    http: &reqwest::Client,
    api: &str,
    form: &[(String, String)],
    who: Option<&str>,
) -> Option<(String, String)> {
    let mut form = form.to_vec();
    for (k, v) in [("format", "json"), ("formatversion", "2"), ("errorformat", "plaintext")] {
        form.push((k.into(), v.into()));
    }
    let mut req = http.post(api).form(&form);
    if let Some(w) = who {
        req = req.header(WHO, w);
    }
    let body: Value = match req.send().await {
        Ok(r) => r.json().await.unwrap_or(Value::Null),
        Err(e) => return Some(("<no answer>".into(), e.to_string())),
    };
    let e = body.pointer("/errors/0")?;
    Some((e["code"].as_str().unwrap_or("").to_string(), e["text"].as_str().unwrap_or("").to_string()))
}

#[tokio::test]
async fn the_constraints_of_the_spec_hold_on_the_wiki() {
    let Some(api) = live_api_url("the_constraints_of_the_spec_hold_on_the_wiki") else { return };
    let anonymous = identity(&api, None).await;
    let sysop = identity(&api, Some(ADMIN)).await;
    assert!(sysop.has(&["block"]), "the wiki's Admin is a sysop: {:?}", sysop.rights);
    let sysop_rights: Arc<[String]> = sysop.rights.clone().into();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let ours = format!("http://{}/api.php", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let opts = ServerOptions {
            identify: Arc::new(|h| h.get(WHO).and_then(|v| v.to_str().ok()).map(str::to_string)),
            token_check: Arc::new(|_, _, _| true),
            rights: Arc::new(move |cx, right| {
                Some(match cx.user {
                    None => ANONYMOUS_RIGHTS.contains(&right),
                    Some(_) => sysop_rights.iter().any(|r| r == right),
                })
            }),
            ..ServerOptions::default()
        };
        let limits = opts.limits;
        let _ = mwgen_runtime::server::serve(listener, router(Validated, opts), &limits).await;
    });
    let ours_http = reqwest::Client::builder().user_agent(AGENT).build().expect("client");
    let with_constraints: Vec<&'static ModuleSpec> = MODULES
        .iter()
        .copied()
        .filter(|m| !m.constraints.is_empty() || m.params.iter().any(|p| p.enforce_range))
        .collect();
    assert!(with_constraints.len() >= 30, "only {} modules have constraints", with_constraints.len());
    let mut all = Vec::new();
    for who in [&anonymous, &sysop] {
        for spec in &with_constraints {
            all.extend(cases(spec, who).into_iter().map(|c| (who, c)));
        }
    }
    let results: Vec<_> = futures::stream::iter(all.iter())
        .map(|(who, case)| {
            let (api, ours, ours_http) = (&api, &ours, &ours_http);
            async move {
                let mut wiki_form = case.params.clone();
                let mut our_form = case.params.clone();
                if let Some((kind, name)) = case.module.token_param() {
                    wiki_form.push((name.clone(), who.tokens.get(kind).cloned().unwrap_or_default()));
                    our_form.push((name, "token".into()));
                }
                let wiki = answer(&who.http, api, &wiki_form, None).await;
                let mine = answer(ours_http, ours, &our_form, who.name).await;
                (case, wiki, mine)
            }
        })
        .buffer_unordered(4)
        .collect()
        .await;
    let mut differ = Vec::new();
    let mut checked = std::collections::BTreeSet::new();
    for (case, wiki, mine) in &results {
        if wiki == mine && wiki.is_some() {
            checked.insert((case.module.path, case.constraint));
        } else {
            let q: Vec<String> = case.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
            differ.push(format!("{}: wiki {wiki:?}, ours {mine:?}  [{}]", case.label, q.join("&")));
        }
    }
    differ.sort();
    let constraints: usize = with_constraints.iter().map(|m| m.constraints.len()).sum();
    let report = format!(
        "live constraints: {} modules, {constraints} constraints, {} cases, {} answered alike, {} differ\n{}",
        with_constraints.len(),
        results.len(),
        results.len() - differ.len(),
        differ.len(),
        differ.iter().map(|d| format!("  {d}\n")).collect::<String>()
    );
    use std::io::Write;
    let _ = std::io::stderr().write_all(report.as_bytes());
    assert!(differ.is_empty(), "{report}");
    // Every constraint was broken by at least one case, in one identity or the other.
    let untested: Vec<String> = with_constraints
        .iter()
        .flat_map(|m| (0..m.constraints.len()).map(move |k| (m.path, k)))
        .filter(|at| !checked.contains(at))
        .map(|(path, k)| format!("{path} #{}", k + 1))
        .collect();
    assert!(untested.is_empty(), "no case broke these constraints: {untested:?}");
}
