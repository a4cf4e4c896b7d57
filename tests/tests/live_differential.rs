//! Live differential: single-fault requests generated from the spec — every module the router
//! serves, every parameter, every kind of bad value its type can take — sent as anonymous GETs to the
//! real wiki and to our server; both must answer the same error code and `MediaWiki-API-Error`
//! header. (GETs with a fault never reach a module's execution, so nothing on the wiki changes.)
//!
//! The server answers with the spec's constraints (a module's own checks of groups of parameters
//! and rights) as the wiki does, so no class of answers is put aside: every difference fails the
//! test, but those in `KNOWN`, each with its reason. `live_constraints.rs` breaks each constraint in
//! turn, as anonymous and as a sysop.

use futures::StreamExt;
use mediawiki_api::server::{router, Api};
use mediawiki_api::MODULES;
use mwgen_runtime::server::{Context, ServerOptions};
use mwgen_runtime::{ApiError, ModuleSpec, ParamSpec, Params, Type};
use mwgen_tests::live_api_url;
use serde_json::{json, Value};

struct Validated;

impl Api for Validated {
    async fn fallback(
        &self,
        module: &'static ModuleSpec,
        _params: Params,
        _cx: &Context,
    ) -> Result<Value, ApiError> {
        Ok(json!({ module.path: { "validated": true } }))
    }
}

/// Bad values for a parameter, with what each is meant to provoke.
fn faults(p: &ParamSpec) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    if let Some(m) = p.multi {
        let one = match p.ty {
            Type::Enum { values, .. } if !values.is_empty() => values[0].to_string(),
            Type::Integer { .. } | Type::Namespace { .. } => "0".into(),
            Type::User { .. } => "Example".into(),
            Type::Title { .. } => "Main Page".into(),
            Type::Timestamp => "now".into(),
            _ => "x".into(),
        };
        out.push(("toomanyvalues", vec![one; m.limit as usize + 1].join("|")));
    }
    let bad = match p.ty {
        Type::Enum { values, .. } if !values.is_empty() => Some(("badvalue", "mwgen-bogus".to_string())),
        Type::Integer { .. } | Type::Limit { .. } => Some(("badinteger", "abc".into())),
        Type::Timestamp => Some(("badtimestamp", "garbage".into())),
        Type::Expiry => Some(("badexpiry", "garbage-expiry".into())),
        Type::User { .. } => Some(("baduser", "Foo#bar".into())),
        Type::Title { .. } => Some(("badtitle", "[[".into())),
        Type::Namespace { .. } => Some(("badvalue", "9999".into())),
        Type::Upload => Some(("badupload", "x".into())),
        Type::Tags { .. } => Some(("badtags", "mwgen-bogus-tag".into())),
        Type::String { .. } | Type::Text | Type::Password if p.multi.is_none() => {
            Some(("notmulti", "\u{1f}x".into()))
        }
        _ => None,
    };
    out.extend(bad);
    out
}

/// The parameters that select a module.
fn selector(spec: &ModuleSpec) -> String {
    match spec.group {
        "action" => format!("action={}", spec.name),
        g => format!("action=query&{g}={}", spec.name),
    }
}

fn cases() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let served = MODULES.iter().filter(|m| {
        matches!(m.group, "action" | "prop" | "list" | "meta")
            && !matches!(m.path, "query" | "paraminfo" | "help")
    });
    for spec in served {
        let base = selector(spec);
        out.push((format!("{}: no parameters", spec.path), base.clone()));
        for p in spec.params.iter().filter(|p| p.template.is_none()) {
            for (kind, value) in faults(p) {
                let name = format!("{}{}", spec.prefix, p.name);
                let mut q = String::new();
                let mut enc = mwgen_runtime::FormEncoder::new(&mut q);
                mwgen_runtime::Sink::begin(&mut enc, "", &name);
                mwgen_runtime::Sink::push(&mut enc, &value);
                out.push((format!("{}: {name} ({kind})", spec.path), format!("{base}&{q}")));
            }
        }
    }
    // ApiMain's asserts, from an anonymous caller: after the main module's parameters (a bad
    // maxlag wins), before the module's (a bad aplimit loses).
    for (label, q) in [
        ("assert=user", "action=query&assert=user"),
        ("assert=bot", "action=query&assert=bot"),
        ("assert=anon", "action=query&assert=anon"),
        ("assert=user and a bad maxlag", "action=query&assert=user&maxlag=x"),
        ("assert=user and a bad aplimit", "action=query&assert=user&list=allpages&aplimit=x"),
        ("assert=user on an action", "action=edit&assert=user&title=A&text=x"),
    ] {
        out.push((format!("main: {label}"), q.to_string()));
    }
    out
}

/// One answer: the error code and text in the body, the header, whether the body was JSON.
#[derive(Debug, Clone, PartialEq)]
struct Answer {
    code: Option<String>,
    text: String,
    header: Option<String>,
    json: bool,
    /// The warnings, as `module: code`, in order.
    warnings: Vec<String>,
}

async fn answer(http: &reqwest::Client, api: &str, query: &str) -> Answer {
    let url = format!("{api}?{query}&format=json&formatversion=2&errorformat=plaintext");
    let Ok(resp) = http.get(&url).send().await else {
        return Answer {
            code: Some("<no answer>".into()),
            text: String::new(),
            header: None,
            json: false,
            warnings: Vec::new(),
        };
    };
    let header = resp.headers().get("MediaWiki-API-Error").and_then(|v| v.to_str().ok()).map(str::to_string);
    let text = resp.text().await.unwrap_or_default();
    let body: Option<Value> = serde_json::from_str(&text).ok();
    let code =
        body.as_ref().and_then(|b| b.pointer("/errors/0/code")).and_then(Value::as_str).map(str::to_string);
    let text = body
        .as_ref()
        .and_then(|b| b.pointer("/errors/0/text"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let warnings = body
        .as_ref()
        .and_then(|b| b["warnings"].as_array())
        .map(|ws| {
            ws.iter()
                .map(|w| {
                    format!("{}: {}", w["module"].as_str().unwrap_or(""), w["code"].as_str().unwrap_or(""))
                })
                .collect()
        })
        .unwrap_or_default();
    Answer { code, text, header, json: body.is_some(), warnings }
}

/// The differences that remain, each with its reason: the case's label, and why the stub answers
/// otherwise. A difference not listed fails the test, and so does a listed one that is gone.
const KNOWN: &[(&str, &str)] = &[
    (
        "query+allrevisions: arvnamespace (badvalue)",
        "a bug of MediaWiki 1.39: a namespace list left empty reaches the database layer, which throws \
         (internal_api_error_InvalidArgumentException); the stub answers the valid, empty request",
    ),
    (
        "feedwatchlist: wlowner (baduser)",
        "feedwatchlist renders its errors as an item of the RSS/Atom feed it answers, not as an API error",
    ),
    ("feedwatchlist: wlexcludeuser (baduser)", "as for wlowner: the error is inside the feed"),
    (
        "feedwatchlist: wlshow (toomanyvalues)",
        "inside the feed, and MediaWiki fails there with internal_api_error_TypeError (its inner request \
         passes the list on as a string)",
    ),
    ("feedwatchlist: wltype (toomanyvalues)", "as for wlshow"),
    (
        "feedwatchlist: wlshow (badvalue)",
        "MediaWiki's feed fails with internal_api_error_TypeError on any wlshow (its inner request passes \
         the list on as a string); the stub drops the unknown value with a warning",
    ),
    ("feedwatchlist: wltype (badvalue)", "as for wlshow (badvalue)"),
];

#[tokio::test]
async fn the_server_answers_bad_requests_like_the_wiki() {
    let Some(api) = live_api_url("the_server_answers_bad_requests_like_the_wiki") else { return };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let ours = format!("http://{}/api.php", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let opts = ServerOptions::default();
        let limits = opts.limits;
        let _ = mwgen_runtime::server::serve(listener, router(Validated, opts), &limits).await;
    });
    let http =
        reqwest::Client::builder().user_agent("mwgen-tests/0.1 (differential)").build().expect("client");
    let all = cases();
    let results: Vec<_> = futures::stream::iter(all.iter())
        .map(|(label, q)| {
            let (http, api, ours) = (&http, &api, &ours);
            async move {
                let wiki = answer(http, api, q).await;
                let mine = answer(http, ours, q).await;
                (label, q, wiki, mine)
            }
        })
        .buffer_unordered(4)
        .collect()
        .await;
    let mut same = 0;
    let mut differ = Vec::new();
    let mut known = Vec::new();
    for (label, q, wiki, mine) in &results {
        let wiki_header_ok = wiki.code.is_none()
            || wiki.header.as_deref().and_then(|h| h.split(", ").next()) == wiki.code.as_deref();
        let ours_header_ok = mine.header == mine.code;
        if wiki.code == mine.code && wiki.warnings == mine.warnings && wiki_header_ok && ours_header_ok {
            same += 1;
            continue;
        }
        let line = format!(
            "{label}: wiki {:?}/{:?} {:?}, ours {:?}/{:?} {:?}  [{}]",
            wiki.code,
            wiki.header,
            wiki.warnings,
            mine.code,
            mine.header,
            mine.warnings,
            q.chars().take(160).collect::<String>()
        );
        match KNOWN.iter().find(|(l, _)| l == label) {
            Some((_, why)) => known.push(format!("{line}\n      because {why}")),
            None => differ.push(line),
        }
    }
    differ.sort();
    known.sort();
    let mut report = format!(
        "live differential: {} cases, {} alike (error code, header and warnings), {} known differences, {} unexplained\n",
        results.len(),
        same,
        known.len(),
        differ.len()
    );
    for line in known.iter().map(|k| format!("  known: {k}")).chain(differ.iter().map(|d| format!("  {d}"))) {
        report.push_str(&line);
        report.push('\n');
    }
    // Printed past libtest's capture, so CI's log shows the agreement count.
    use std::io::Write;
    let _ = std::io::stderr().write_all(report.as_bytes());
    assert!(results.len() > 1000, "only {} cases", results.len());
    assert!(differ.is_empty(), "{} of {} cases differ:\n{}", differ.len(), results.len(), differ.join("\n"));
    assert_eq!(known.len(), KNOWN.len(), "a known difference is gone; take it off KNOWN:\n{report}");
}
