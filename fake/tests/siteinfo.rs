//! Differential tests of the fake's `meta=siteinfo` against the real wiki of tests/mediawiki/up.sh.
//! The blocks that hold no counts compare whole; the statistics, which count what the real wiki
//! holds, compare by their keys and by how they change when an account is made.

mod accounts_support;
mod common;

use accounts_support::pair;
use serde_json::Value;

const STATIC: &str = "general|namespaces|namespacealiases|specialpagealiases|magicwords|interwikimap|fileextensions|\
                      rightsinfo|restrictions|languages|languagevariants|skins|extensiontags|functionhooks|showhooks|\
                      variables|protocols|defaultoptions|uploaddialog|libraries|extensions|usergroups|dbrepllag";

#[tokio::test]
async fn siteinfo_blocks_answer_as_mediawiki_does() {
    let Some(p) = pair("siteinfo").await else { return };
    p.get("the default (general)", &[("action", "query"), ("meta", "siteinfo")]).await;
    p.get("every block without counts", &[("action", "query"), ("meta", "siteinfo"), ("siprop", STATIC)])
        .await;
    p.get(
        "formatversion=1",
        &[
            ("action", "query"),
            ("meta", "siteinfo"),
            ("siprop", "general|namespaces|namespacealiases"),
            ("formatversion", "1"),
            ("format", "json"),
        ],
    )
    .await;
    p.get(
        "local interwikis",
        &[("action", "query"), ("meta", "siteinfo"), ("siprop", "interwikimap"), ("sifilteriw", "local")],
    )
    .await;
    p.get(
        "other interwikis",
        &[("action", "query"), ("meta", "siteinfo"), ("siprop", "interwikimap"), ("sifilteriw", "!local")],
    )
    .await;
    p.get(
        "all servers' lag",
        &[("action", "query"), ("meta", "siteinfo"), ("siprop", "dbrepllag"), ("sishowalldb", "1")],
    )
    .await;
    p.get("an unknown siprop", &[("action", "query"), ("meta", "siteinfo"), ("siprop", "general|nonsense")])
        .await;
    let (f, _) = p
        .get("general, the time now", &[("action", "query"), ("meta", "siteinfo"), ("siprop", "general")])
        .await;
    let time = f["query"]["general"]["time"].as_str().unwrap_or("");
    let now = mediawiki_fake::util::now();
    assert_eq!(&time[..15], &now[..15], "general.time is now: {f}");
}

/// The counts, numbered groups included.
async fn counts(s: &common::Session) -> Value {
    let v = s
        .get(&[
            ("action", "query"),
            ("meta", "siteinfo"),
            ("siprop", "statistics|usergroups"),
            ("sinumberingroup", "1"),
        ])
        .await;
    v["query"].clone()
}

fn number(v: &Value, group: &str) -> i64 {
    let groups = v["usergroups"].as_array().cloned().unwrap_or_default();
    groups.iter().find(|g| g["name"] == group).and_then(|g| g["number"].as_i64()).unwrap_or(-1)
}

#[tokio::test]
async fn statistics_count_as_mediawiki_counts() {
    let Some(p) = pair("statistics").await else { return };
    let (f0, r0) = (counts(&p.fake).await, counts(&p.real).await);
    // A fresh install's counts.
    let fresh = serde_json::json!({
        "pages": 1, "articles": 0, "edits": 1, "images": 0, "users": 1, "activeusers": 0, "admins": 1, "jobs": 0
    });
    assert_eq!(f0["statistics"], fresh, "{f0}");
    let keys = |v: &Value| {
        v["statistics"].as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default()
    };
    let (mut fk, mut rk) = (keys(&f0), keys(&r0));
    fk.sort();
    rk.sort();
    assert_eq!(fk, rk, "the same statistics");
    // The groups with numbers: the same groups, the same numbered ones.
    let numbered = |v: &Value| {
        v["usergroups"]
            .as_array()
            .map(|g| g.iter().map(|g| (g["name"].clone(), g.get("number").is_some())).collect::<Vec<_>>())
    };
    assert_eq!(numbered(&f0), numbered(&r0), "{f0}\n{r0}");
    assert_eq!(number(&f0, "user"), 1);
    assert_eq!(number(&f0, "sysop"), f0["statistics"]["admins"].as_i64().unwrap_or(-1));
    assert_eq!(number(&r0, "sysop"), r0["statistics"]["admins"].as_i64().unwrap_or(-2));
    // An account made on both: one more user on both.
    p.create(&p.name("Counted")).await;
    let (f1, r1) = (counts(&p.fake).await, counts(&p.real).await);
    let delta = |a: &Value, b: &Value, k: &str| {
        b["statistics"][k].as_i64().unwrap_or(0) - a["statistics"][k].as_i64().unwrap_or(0)
    };
    for k in ["pages", "articles", "edits", "images", "users", "activeusers", "admins"] {
        assert_eq!(delta(&f0, &f1, k), delta(&r0, &r1, k), "the change of {k}");
    }
    assert_eq!(number(&f1, "user") - number(&f0, "user"), number(&r1, "user") - number(&r0, "user"));
}
