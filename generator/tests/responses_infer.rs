//! Inference and merge on small hand-written answers, against the checked-in spec's modules.

use mwgen::responses::infer::infer;
use mwgen::responses::merge::merge;
use mwgen::responses::record::Record;
use mwgen::spec::{FieldType, MapKeys, PageState, Response, Spec, When};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        Spec::load(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/mediawiki-1.39")).expect("spec loads")
    })
}

fn rec(query: &str, response: Value) -> Record {
    Record { method: "GET".into(), query: format!("{query}&format=json&formatversion=2"), response }
}

fn learned(records: &[Record]) -> BTreeMap<String, Response> {
    infer(spec(), records)
}

fn allpages() -> Vec<Record> {
    vec![
        rec(
            "action=query&list=allpages&aplimit=2",
            json!({"batchcomplete": true, "continue": {"apcontinue": "B", "continue": "-||"},
                   "query": {"allpages": [{"pageid": 1, "ns": 0, "title": "A"}, {"pageid": 2, "ns": 0, "title": "Ab"}]}}),
        ),
        rec(
            "action=query&list=allpages&apfrom=B",
            json!({"batchcomplete": true, "query": {"allpages": [{"pageid": 3, "ns": 0, "title": "B"}]}}),
        ),
        rec(
            "action=query&list=allpages&apfrom=%7C",
            json!({"error": {"code": "invalidtitle", "info": "Bad title"}}),
        ),
    ]
}

#[test]
fn list_items_get_types_from_values_and_names() {
    let out = learned(&allpages());
    let r = &out["query+allpages"];
    assert_eq!(r.at, "query.allpages[]");
    assert_eq!(r.ty, FieldType::Object);
    let types: Vec<(&str, FieldType, bool)> =
        r.fields.iter().map(|(k, f)| (k.as_str(), f.ty, f.optional)).collect();
    assert_eq!(
        types,
        [
            ("ns", FieldType::Namespace, false),
            ("pageid", FieldType::Integer, false),
            ("title", FieldType::Title, false)
        ]
    );
    // `continue` is there in one answer of two.
    let cont = &r.extras["continue"];
    assert!(cont.optional);
    assert_eq!(cont.fields["apcontinue"].ty, FieldType::String);
    // Error answers teach nothing about shapes.
    assert_eq!(out.len(), 1);
}

fn revisions() -> Vec<Record> {
    let page = |content: bool, ts: bool| {
        let mut rev = json!({"revid": 5, "parentid": 0});
        if ts {
            rev["timestamp"] = json!("2026-01-02T03:04:05Z");
        }
        if content {
            rev["slots"] = json!({"main": {"contentmodel": "wikitext", "content": "hi"}});
        }
        json!({"pageid": 1, "ns": 0, "title": "A", "revisions": [rev]})
    };
    let missing = json!({"ns": 0, "title": "Nope", "missing": true});
    let bad = json!({"title": "A|B", "invalidreason": "bad", "invalid": true});
    vec![
        rec(
            "action=query&prop=revisions&titles=A%7CNope%7CA%7CB&rvprop=ids%7Ccontent&rvslots=main",
            json!({"query": {"pages": [page(true, false), missing, bad]}}),
        ),
        rec(
            "action=query&prop=revisions&titles=A&rvprop=ids%7Ctimestamp",
            json!({"query": {"pages": [page(false, true)]}}),
        ),
        rec(
            "action=query&prop=revisions&titles=A&rvprop=ids",
            json!({"query": {"pages": [page(false, false)]}}),
        ),
    ]
}

#[test]
fn props_get_when_from_what_was_asked_and_from_page_states() {
    let out = learned(&revisions());
    let r = &out["query+revisions"];
    assert_eq!(r.at, "query.pages[]");
    assert!(!r.fields.contains_key("title"), "the page set's keys belong to `query`");
    let revs = &r.fields["revisions"];
    assert_eq!(revs.ty, FieldType::Array);
    assert_eq!(revs.when, Some(When { param: None, has: None, state: vec![PageState::Exists] }));
    assert!(!revs.optional, "every existing page has them");
    let rev = revs.items.as_ref().expect("items");
    let ts = &rev.fields["timestamp"];
    assert_eq!((ts.ty, ts.optional), (FieldType::Timestamp, false));
    assert_eq!(
        ts.when,
        Some(When { param: Some("prop".into()), has: Some("timestamp".into()), state: vec![] })
    );
    let slots = &rev.fields["slots"];
    assert_eq!(slots.when.as_ref().and_then(|w| w.has.as_deref()), Some("content"));
    assert_eq!(rev.fields["revid"].when, None);
}

#[test]
fn the_page_set_belongs_to_query_with_states() {
    let records = vec![rec(
        "action=query&titles=A%7CNope%7CA%7CB&pageids=9",
        json!({"batchcomplete": true, "query": {"normalized": [{"fromencoded": false, "from": "a", "to": "A"}], "pages": [
            {"pageid": 1, "ns": 0, "title": "A"},
            {"ns": 0, "title": "Nope", "missing": true},
            {"pageid": 9, "missing": true},
            {"title": "A|B", "invalidreason": "bad", "invalid": true}
        ]}}),
    )];
    let out = learned(&records);
    let q = &out["query"];
    assert_eq!(q.at, "query");
    let item = q.fields["pages"].items.as_ref().expect("page items");
    let state = |k: &str| item.fields[k].when.as_ref().map(|w| w.state.clone()).unwrap_or_default();
    assert_eq!(state("missing"), [PageState::MissingTitle, PageState::MissingId]);
    assert_eq!(state("invalid"), [PageState::Invalid]);
    assert_eq!(state("pageid"), [PageState::Exists, PageState::MissingId]);
    assert_eq!(item.fields["title"].ty, FieldType::String, "`A|B` is no title, so the field is a string");
}

#[test]
fn maps_enums_and_mixed_values() {
    let records = vec![
        rec(
            "action=query&meta=siteinfo&siprop=namespaces",
            json!({"query": {"namespaces": {"-1": {"id": -1, "case": "first-letter"}, "0": {"id": 0, "case": "first-letter"}}}}),
        ),
        rec(
            "action=clientlogin&loginreturnurl=x&username=A&password=b&logintoken=t",
            json!({"clientlogin": {"status": "FAIL", "message": "no"}}),
        ),
        rec(
            "action=clientlogin&loginreturnurl=x&username=A&password=c&logintoken=t",
            json!({"clientlogin": {"status": "PASS", "username": "A"}}),
        ),
    ];
    let out = learned(&records);
    let ns = &out["query+siteinfo"].fields["namespaces"];
    assert_eq!((ns.ty, ns.keys), (FieldType::Map, Some(MapKeys::Id)));
    assert_eq!(ns.items.as_ref().map(|i| i.fields["id"].ty), Some(FieldType::Integer));
    let status = &out["clientlogin"].fields["status"];
    assert_eq!(
        (status.ty, status.values.clone()),
        (FieldType::Enum, vec!["FAIL".to_string(), "PASS".to_string()])
    );
    // The outcome's own fields stand under its case.
    let outcomes = out["clientlogin"].outcomes.as_ref().expect("outcomes");
    assert_eq!(outcomes.field, "status");
    assert_eq!(outcomes.cases["FAIL"].fields.keys().collect::<Vec<_>>(), ["message"]);
    assert_eq!(outcomes.cases["PASS"].fields["username"].ty, FieldType::User);
    assert_eq!(out["clientlogin"].fields.keys().collect::<Vec<_>>(), ["status"]);
}

#[test]
fn same_records_same_bytes_and_a_second_merge_changes_nothing() {
    let mut records = allpages();
    records.extend(revisions());
    let a = serde_yaml::to_string(&learned(&records)).expect("yaml");
    let b = serde_yaml::to_string(&learned(&records)).expect("yaml");
    assert_eq!(a, b);
    for (path, new) in learned(&records) {
        let once = merge(None, &new);
        let twice = merge(Some(&once), &new);
        assert_eq!(once, twice, "{path}");
    }
}

#[test]
fn merge_keeps_what_was_there_and_widens() {
    let new = learned(&allpages())["query+allpages"].clone();
    let mut old = new.clone();
    let mut from_source = mwgen::spec::Field::new(FieldType::Integer);
    from_source.source = "includes/api/ApiQueryAllPages.php".into();
    old.fields.insert("aaa".into(), from_source.clone());
    old.fields["pageid"].optional = true;
    old.fields["title"].ty = FieldType::String;
    let merged = merge(Some(&old), &new);
    assert_eq!(merged.fields["aaa"], from_source, "source fields stay");
    assert!(merged.fields["pageid"].optional, "optional stays optional");
    assert_eq!(merged.fields["title"].ty, FieldType::String, "a title seen as any string stays a string");
    assert_eq!(merged.fields.keys().next().map(String::as_str), Some("ns"), "the old order stays");
}
