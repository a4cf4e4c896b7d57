//! Live: our decoder and the real wiki answer the same bad requests with the same error (code, text,
//! module) and the same warnings. Requests are anonymous GETs that fail or warn in parameter
//! validation, before anything would be changed.

use mediawiki_api::main::Main;
use mwgen_runtime::{Decode, DecodeOptions, Decoder, Params};
use mwgen_tests::live_api_url;
use serde_json::Value;

const CASES: &[&str] = &[
    "action=query&list=allpages&apfilterredir=bogus",
    "action=bogus",
    "action=query&list=allpages&apprtype=edit|bogus|x",
    "action=query&list=allpages&apfrom=%1Fa",
    "action=query&list=allpages&aplimit=abc",
    "action=query&list=allpages&apminsize=1.5",
    "action=query&list=allpages&aplimit=100000",
    "action=query&list=allpages&aplimit=0",
    "action=query&list=allrevisions&arvstart=garbage",
    "action=query&list=allrevisions&arvstart=0",
    // Numbers that overflowed the old timestamp parser (reliability issue, finding 3).
    "action=query&list=allrevisions&arvstart=Jan%200%20500000002500%200:6",
    "action=query&list=allrevisions&arvstart=5555555555555000:0%202%20Jan%200",
    "action=query&list=allrevisions&arvstart=Mon,%2001%20Jan%202024%205124095576030432:00:00%20GMT",
    "action=query&list=allrevisions&arvstart=Thu,%2031%20Dec%209999%2023:59:59%20GMT",
    "action=query&list=allpages&apnamespace=99",
    "action=query&list=recentchanges&rcnamespace=-1|-2|-3",
    "action=block",
    "action=query&list=allpages&aplimit=abc&apminsize=abc&apfilterredir=bogus&apnamespace=99",
    "action=query&list=allpages&aplimit=0&apminsize=abc&apdir=bogus",
    "action=query&list=bogus&exportschema=bogus",
    "action=query&list=allpages&aplimit=abc&generator=bogus",
    "action=query&generator=info",
    "action=query&generator=allpages&gaplimit=xyz",
    "action=compare&totext=x&fromcontentformat=bogus2",
    "action=compare&fromslots=main&fromcontentmodel-main=bogus",
    "action=query&prop=info&inprop=readable&titles=X",
    "action=query&list=logevents&leuser=10.0.0.0/8",
    "action=query&list=logevents&leuser=Foo%23bar",
    "action=query&meta=tokens&type=csrf|bogus|watch|csrf|nope",
    "action=query&prop=info&inlinkcontext=[[&titles=X",
];

fn titles(n: usize) -> String {
    (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join("|")
}

/// (error code, text, module) and warnings (code, text, module), as the wiki gives them.
type Answer = (Option<(String, String, String)>, Vec<(String, String, String)>);

fn wiki(client: &reqwest::blocking::Client, api: &str, query: &str) -> Answer {
    let url = format!("{api}?{query}&format=json&formatversion=2&errorformat=plaintext");
    let body: Value = client.get(&url).send().and_then(|r| r.json()).unwrap_or_else(|e| panic!("{url}: {e}"));
    let triple = |v: &Value| {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        (s("code"), s("text"), s("module"))
    };
    let error = body.get("errors").and_then(|e| e.get(0)).map(triple);
    let warnings = body
        .get("warnings")
        .and_then(Value::as_array)
        .map(|w| w.iter().map(triple).filter(|(c, _, _)| c != "deprecation-help").collect())
        .unwrap_or_default();
    (error, warnings)
}

fn ours(query: &str) -> Answer {
    let params = Params::parse_query(query);
    let mut d = Decoder::new(&params, DecodeOptions::default());
    let r = Main::decode(&mut d, "");
    let error = r.err().map(|e| (e.code.to_string(), e.text, e.module.to_string()));
    let warnings =
        d.take_warnings().into_iter().map(|w| (w.code.to_string(), w.text, w.module.to_string())).collect();
    (error, warnings)
}

#[test]
fn decoder_agrees_with_the_live_wiki() {
    let Some(api) = live_api_url("decoder_agrees_with_the_live_wiki") else { return };
    let client = reqwest::blocking::Client::builder()
        .user_agent("mwgen-tests/0.1 (live decode)")
        .build()
        .expect("client");
    let mut cases: Vec<String> = CASES.iter().map(|s| s.to_string()).collect();
    cases.push(format!("action=query&titles={}", titles(51)));
    let mut differ = Vec::new();
    for q in &cases {
        let (w_err, w_warn) = wiki(&client, &api, q);
        let (o_err, o_warn) = ours(q);
        // The wiki goes on past parameter validation (and may then fail for other reasons, such as a
        // missing page); only compare errors when ours found one, and warnings always.
        let err_differs = o_err.is_some() && o_err != w_err;
        let our_warn_codes: Vec<_> = o_warn.iter().map(|w| w.0.clone()).collect();
        let wiki_warn: Vec<_> = w_warn
            .iter()
            .filter(|w| our_warn_codes.contains(&w.0) || w.0 == "unrecognizedvalues")
            .cloned()
            .collect();
        if err_differs || o_warn != wiki_warn {
            differ.push(format!("{q}\n  wiki: {w_err:?} {w_warn:?}\n  ours: {o_err:?} {o_warn:?}"));
        }
    }
    // Printed past libtest's capture, so CI's log shows it.
    use std::io::Write;
    let _ = std::io::stderr().write_all(
        format!("live decode agreement: {}/{} requests\n", cases.len() - differ.len(), cases.len())
            .as_bytes(),
    );
    assert!(differ.is_empty(), "{} of {} differ:\n{}", differ.len(), cases.len(), differ.join("\n"));
}
