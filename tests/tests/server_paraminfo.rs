//! The router's `action=paraminfo`, derived at run time from the spec tables (`MODULE`) and the side
//! table (`PARAMINFO`), is byte for byte what `mwgen export paraminfo` gives from the spec, for every
//! module, with `licenselink` built from the server's own api.php URL (as MediaWiki builds it from its
//! own `Special:Version` URL); and, when a live wiki runs, what that wiki answers.

use mediawiki_api::server::{router, Api, PARAMINFO};
use mediawiki_api::MODULES;
use mwgen::paraminfo::{module_json, ExportOptions};
use mwgen::spec::Spec;
use mwgen_runtime::server::{server_of, ServerOptions};
use mwgen_tests::{live_api_url, spec_dir};
use serde_json::Value;
use std::collections::BTreeMap;

/// A server address unlike the import wiki's, so that a link left over from the import shows.
const API_URL: &str = "http://wiki.example:8080/w/api.php";

struct Nothing;
impl Api for Nothing {}

/// The export of every module, as the spec renders it for a wiki whose server is `server`.
fn exported(server: &str) -> BTreeMap<String, String> {
    let mut spec = Spec::load(spec_dir()).expect("checked-in spec loads");
    spec.wiki.server = server.to_string();
    let opts = ExportOptions::default();
    spec.modules.values().map(|m| (m.path.clone(), module_json(m, &spec.wiki, opts).to_string())).collect()
}

#[test]
fn every_module_is_rendered_as_the_export_renders_it() {
    let server = server_of(API_URL);
    assert_eq!(server, "http://wiki.example:8080");
    let expected = exported(server);
    assert_eq!(expected.len(), 121);
    assert_eq!(MODULES.len(), expected.len());
    assert_eq!(PARAMINFO.len(), expected.len());
    for spec in MODULES {
        let info = PARAMINFO.iter().find(|i| i.path == spec.path);
        assert!(info.is_some(), "{}: no side-table entry", spec.path);
        let actual = mwgen_runtime::server::module_json(spec, info, server).to_string();
        let want = expected.get(spec.path).unwrap_or_else(|| panic!("{}: not in the spec", spec.path));
        assert_eq!(&actual, want, "{}", spec.path);
        assert!(!actual.contains("127.0.0.1"), "{}: the import wiki's address leaked", spec.path);
    }
}

async fn serve(opts: ServerOptions) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let limits = opts.limits;
        let _ = mwgen_runtime::server::serve(listener, router(Nothing, opts), &limits).await;
    });
    format!("http://{addr}/api.php")
}

const ALL: &str = "action=paraminfo&modules=main|*|query%2B*&helpformat=none&format=json&formatversion=2";

/// `(path, module as sent)` of a paraminfo answer, each module's bytes as they came.
async fn modules_of(url: &str) -> Vec<(String, String)> {
    let body = reqwest::get(format!("{url}?{ALL}")).await.expect("answer").text().await.expect("text");
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["paraminfo"]["helpformat"], "none", "{body}");
    let modules = v["paraminfo"]["modules"].as_array().expect("modules");
    modules.iter().map(|m| (m["path"].as_str().unwrap_or_default().to_string(), m.to_string())).collect()
}

#[tokio::test]
async fn the_router_answers_every_module_for_its_own_address() {
    let url = serve(ServerOptions { api_url: API_URL.into(), ..Default::default() }).await;
    let expected = exported(server_of(API_URL));
    let got = modules_of(&url).await;
    assert_eq!(got.len(), expected.len());
    for (path, module) in &got {
        assert_eq!(Some(module), expected.get(path), "{path}");
    }
    // Asked twice, a module is answered once; in the order asked.
    let q = "action=paraminfo&modules=query%2Ballpages|block|block&format=json&formatversion=2";
    let v: Value = reqwest::get(format!("{url}?{q}")).await.expect("answer").json().await.expect("json");
    let paths: Vec<&str> = v["paraminfo"]["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .filter_map(|m| m["path"].as_str())
        .collect();
    assert_eq!(paths, ["query+allpages", "block"]);
}

/// Serving under the live wiki's own URL, the stub describes every module as the wiki does.
#[tokio::test]
async fn the_router_agrees_with_the_live_wiki() {
    let Some(api) = live_api_url("the_router_agrees_with_the_live_wiki") else { return };
    let url = serve(ServerOptions { api_url: api.clone(), ..Default::default() }).await;
    let wiki: BTreeMap<String, String> = modules_of(&api).await.into_iter().collect();
    let stub = modules_of(&url).await;
    assert_eq!(stub.len(), wiki.len());
    for (path, module) in &stub {
        assert_eq!(Some(module), wiki.get(path), "{path}");
    }
}
