//! Live: formatversion=1 rendered from formatversion=2. Each request goes to the wiki twice, with
//! `formatversion=2` and with `formatversion=1`; `mwgen_runtime::response::fv1::render` of the first
//! answer must be the second answer exactly (as JSON values: the same keys, values and list order).
//! The requests cover the page set in every state, lists, meta modules, revisions with content,
//! action=parse, errors and warnings in several errorformats.

use mwgen_runtime::response::fv1;
use mwgen_tests::{json_diff, live_api_url};
use serde_json::Value;

/// The requests, without `format` and `formatversion`; titles are those of the seeded wiki
/// (tests/mediawiki/seed.sh) where it matters, and read only.
const CASES: &[&str] = &[
    // The page set: existing, missing, invalid, special, known (MediaWiki:), missing by id, a
    // redirect, unicode.
    "action=query&titles=Main%20Page|Seed%20nowhere|Talk:|Special:Version|MediaWiki:Mainpage|Seed%20redirect|%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20%E3%83%9A%E3%83%BC%E3%82%B8",
    "action=query&pageids=1|999999&prop=info&inprop=protection|url|talkid|watched|displaytitle",
    "action=query&titles=Seed%20redirect|Seed%20section%20redirect&redirects=1&prop=info",
    "action=query&titles=main_page|Seed%20nowhere%20either&prop=info&indexpageids=1",
    "action=query&revids=1|999999",
    // Revisions with content, in slots and the old way, and a diff.
    "action=query&titles=Seed%20many%20revisions|Main%20Page&prop=revisions&rvprop=ids|timestamp|user|comment|content|flags|size|sha1|tags&rvslots=main",
    "action=query&titles=Seed%20sections&prop=revisions&rvprop=content|ids",
    "action=query&titles=Seed%20many%20revisions&prop=revisions&rvdiffto=prev&rvprop=ids",
    "action=query&list=allrevisions&arvprop=ids|content|flags|user&arvslots=main&arvlimit=3",
    "action=query&titles=Main%20Page&export=1",
    // Files: metadata keeps its booleans.
    "action=query&titles=File:Seed%20square.png|File:Seed%20drawing.svg&prop=imageinfo&iiprop=timestamp|user|size|url|sha1|mime|metadata|commonmetadata|extmetadata",
    "action=query&meta=filerepoinfo",
    // Props over a generator.
    "action=query&generator=allpages&gaplimit=4&prop=info|categories|links|templates|langlinks|extlinks|pageprops",
    // Lists.
    "action=query&list=allpages&aplimit=3",
    "action=query&list=recentchanges&rcprop=title|ids|flags|user|timestamp|sizes|redirect|patrolled|loginfo|tags&rclimit=10",
    "action=query&list=logevents&lelimit=10",
    "action=query&list=allusers&auprop=blockinfo|groups|editcount|registration&aulimit=10",
    "action=query&list=blocks&bkprop=id|user|by|timestamp|expiry|reason|range|flags|restrictions",
    "action=query&list=allcategories&acprop=size|hidden",
    "action=query&list=search&srsearch=seed&srlimit=3&srinfo=totalhits|suggestion",
    "action=query&titles=Seed%20sections&prop=iwlinks|langlinks|extlinks&iwprop=url&llprop=url",
    "action=query&meta=allmessages&ammessages=mainpage|edit|nosuchmessagehere",
    // Meta modules.
    "action=query&meta=siteinfo&siprop=general|namespaces|namespacealiases|languages|skins|defaultoptions|restrictions|interwikimap",
    "action=query&meta=userinfo&uiprop=blockinfo|hasmsg|rights|options|acceptlang|groupmemberships|changeablegroups|ratelimits",
    "action=query&meta=tokens&type=csrf|login",
    // action=parse.
    "action=parse&page=Seed%20sections&prop=text|langlinks|categories|links|templates|images|externallinks|sections|revid|displaytitle|iwlinks|properties|parsewarnings|headhtml|indicators",
    "action=parse&text=%5B%5BFoo%5D%5D%20%5B%5BCategory:Bar%5D%5D&title=X&prop=text|links|categories|wikitext|limitreporthtml&pst=1",
    "action=expandtemplates&text=%7B%7BPAGENAME%7D%7D&title=X&prop=wikitext|categories|properties|volatile|ttl",
    "action=compare&fromtitle=Seed%20many%20revisions&totitle=Main%20Page",
    // Errors and warnings.
    "action=query&list=allpages&apbogus=1&aplimit=1",
    "action=bogus",
    "action=bogus&errorformat=plaintext",
    "action=query&list=allpages&aplimit=99999&apdir=sideways&errorformat=html",
    "action=query&list=allpages&aplimit=1&apbogus=1&errorformat=wikitext",
];

async fn get(http: &reqwest::Client, api: &str, query: &str, fv: &str) -> Value {
    let url = format!("{api}?{query}&format=json&formatversion={fv}");
    let resp = http.get(&url).send().await.unwrap_or_else(|e| panic!("{url}: {e}"));
    let text = resp.text().await.unwrap_or_else(|e| panic!("{url}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: not JSON ({e}): {text}"))
}

/// Keys whose values change between two requests, not between formats: the tokens, parse's times
/// (also inside the limit report, whose digits are all made 0), and the request id inside `headhtml`.
fn settle(v: &mut Value) {
    match v {
        Value::String(s) if s.contains("NewPP limit report") || s.contains("preview-limit-report") => {
            *s = s.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect();
        }
        Value::String(s) if s.contains("\"wgRequestId\":\"") => {
            if let Some(at) = s.find("\"wgRequestId\":\"") {
                let start = at + "\"wgRequestId\":\"".len();
                if let Some(len) = s[start..].find('"') {
                    s.replace_range(start..start + len, "");
                }
            }
        }
        Value::Object(o) => {
            for (k, v) in o.iter_mut() {
                match k.as_str() {
                    "csrftoken" | "logintoken" | "time" | "cputime" | "wall" => *v = Value::Null,
                    _ => settle(v),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(settle),
        _ => {}
    }
}

#[tokio::test]
async fn formatversion_1_is_rendered_from_formatversion_2_as_the_wiki_does() {
    let Some(api) = live_api_url("formatversion_1_is_rendered_from_formatversion_2_as_the_wiki_does") else {
        return;
    };
    let http = reqwest::Client::new();
    let mut failures = Vec::new();
    for query in CASES {
        let mut fv2 = get(&http, &api, query, "2").await;
        let mut fv1 = get(&http, &api, query, "1").await;
        settle(&mut fv2);
        settle(&mut fv1);
        let rendered = fv1::render(fv2);
        if rendered != fv1 {
            failures.push(format!("{query}:\n{}", json_diff(&fv1, &rendered)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} answers rendered differently from the wiki's formatversion=1:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
    eprintln!("live fv1: {} answers rendered as the wiki renders them", CASES.len());
}
