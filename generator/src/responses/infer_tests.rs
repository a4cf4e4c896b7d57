//! Tests of the inference rules (`infer.rs`).

use super::*;
use serde_json::json;

fn spec() -> Spec {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/mediawiki-1.39");
    Spec::load(dir).expect("spec loads")
}

fn rec(query: &str, response: Value) -> Record {
    Record { method: "GET".into(), query: format!("{query}&format=json&formatversion=2"), response }
}

#[test]
fn an_empty_list_counts_for_where_its_items_sit() {
    let empty = || rec("action=query&list=embeddedin&eititle=T", json!({"query": {"embeddedin": []}}));
    let full = rec(
        "action=query&list=embeddedin&eititle=T",
        json!({"query": {"embeddedin": [{"pageid": 1, "ns": 0, "title": "A"}]}}),
    );
    let out = infer(&spec(), &[empty(), empty(), full]);
    let r = &out["query+embeddedin"];
    assert_eq!(r.at, "query.embeddedin[]");
    assert!(r.fields.contains_key("title"));
}

#[test]
fn an_empty_array_beside_objects_is_an_empty_object_whose_fields_are_then_missing() {
    let q = |prop: &str| format!("action=expandtemplates&text=x&title=T&prop={prop}");
    let records = [
        rec(&q("wikitext"), json!({"expandtemplates": {"wikitext": "x"}})),
        rec(&q("volatile"), json!({"expandtemplates": {"volatile": false}})),
        rec(&q("categories"), json!({"expandtemplates": []})),
    ];
    let r = &infer(&spec(), &records)["expandtemplates"];
    assert_eq!(r.ty, FieldType::Object);
    let when = |has: &str| Some(When { param: Some("prop".into()), has: Some(has.into()), state: vec![] });
    assert_eq!(r.fields["wikitext"].when, when("wikitext"));
    assert_eq!(r.fields["volatile"].when, when("volatile"));
}

#[test]
fn a_field_seen_only_with_every_value_on_gets_no_condition() {
    let q = |prop: &str| format!("action=expandtemplates&text=x&title=T&prop={prop}");
    let records = [
        rec(&q("wikitext%7Cvolatile"), json!({"expandtemplates": {"wikitext": "x", "volatile": true}})),
        rec(&q("wikitext"), json!({"expandtemplates": {"wikitext": "x"}})),
        rec(&q("volatile"), json!({"expandtemplates": {}})),
    ];
    let r = &infer(&spec(), &records)["expandtemplates"];
    let v = &r.fields["volatile"];
    assert_eq!((v.when.clone(), v.optional), (None, true));
}

#[test]
fn a_field_some_items_have_and_others_lack_is_optional() {
    let q = "action=query&list=backlinks&bltitle=T";
    let items = json!({"query": {"backlinks": [
        {"pageid": 1, "ns": 0, "title": "A"},
        {"pageid": 2, "ns": 0, "title": "B", "redirect": true,
         "redirlinks": [{"pageid": 3, "ns": 0, "title": "C"}, {"pageid": 4, "ns": 0, "title": "D", "redirect": true}]},
    ]}});
    let r = &infer(&spec(), &[rec(q, items)])["query+backlinks"];
    let redirect = &r.fields["redirect"];
    assert_eq!((redirect.ty, redirect.optional, redirect.when.clone()), (FieldType::Boolean, true, None));
    assert!(!r.fields["title"].optional);
    let links = &r.fields["redirlinks"];
    assert!(links.optional);
    let inner = links.items.as_ref().expect("items");
    assert!(inner.fields["redirect"].optional && !inner.fields["pageid"].optional);
}

#[test]
fn a_value_seen_as_a_string_and_as_an_object_or_not_at_all_is_an_optional_any() {
    let q = |format: &str| {
        format!("action=query&meta=authmanagerinfo&amirequestsfor=login&amimessageformat={format}")
    };
    let records = [
        rec(
            &q("wikitext"),
            json!({"query": {"authmanagerinfo": {"canlinkaccounts": false, "label": "Name"}}}),
        ),
        rec(
            &q("raw"),
            json!({"query": {"authmanagerinfo": {"canlinkaccounts": false, "label": {"key": "k", "params": []}}}}),
        ),
        rec(&q("none"), json!({"query": {"authmanagerinfo": {"canlinkaccounts": false}}})),
    ];
    let r = &infer(&spec(), &records)["query+authmanagerinfo"];
    let label = &r.fields["label"];
    assert_eq!((label.ty, label.optional), (FieldType::Any, true));
}

#[test]
fn optional_entries_of_one_kind_keyed_by_name_are_a_map() {
    let q = |action: &str| {
        format!("action=query&meta=authmanagerinfo&amirequestsfor={action}&amimergerequestfields=1")
    };
    let field = |ty: &str| json!({"type": ty, "optional": false, "label": "L"});
    let records = [
        rec(
            &q("login"),
            json!({"query": {"authmanagerinfo": {"fields": {"username": field("string"), "password": field("password")}}}}),
        ),
        rec(
            &q("change"),
            json!({"query": {"authmanagerinfo": {"fields": {"password": field("password"), "retype": field("password")}}}}),
        ),
        rec(&q("unlink"), json!({"query": {"authmanagerinfo": {"fields": {}}}})),
    ];
    let r = &infer(&spec(), &records)["query+authmanagerinfo"];
    let fields = &r.fields["fields"];
    assert_eq!((fields.ty, fields.keys), (FieldType::Map, Some(MapKeys::Name)));
    let entry = fields.items.as_ref().expect("one shape for every entry");
    assert_eq!(entry.fields["type"].ty, FieldType::String);
    assert!(fields.fields.is_empty());
}

#[test]
fn a_record_whose_object_fields_always_come_together_stays_an_object() {
    let q = "action=query&meta=authmanagerinfo";
    let block = json!({"query": {"authmanagerinfo": {"fields": {"a": {"type": "x"}, "b": {"type": "y"}}}}});
    let r = &infer(&spec(), &[rec(q, block.clone()), rec(q, block)])["query+authmanagerinfo"];
    assert_eq!(r.fields["fields"].ty, FieldType::Object);
}
