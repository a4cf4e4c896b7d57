//! The `responses` fixture's types read MediaWiki-shaped answers, strictly and leniently, and write
//! them back.

use mwgen_gen_fixtures::responses::action::{ActResponse, ActStatus, PurgeResponse, QueryResponse};
use mwgen_gen_fixtures::responses::with_response;
use mwgen_runtime::response::{strict, Envelope, Responds, ResponseType, ResponseVisit};
use serde_json::{json, Value};

fn read<T: ResponseType>(v: &Value) -> Result<Envelope<T>, String> {
    strict(|| serde_json::from_value(v.clone())).map_err(|e: serde_json::Error| e.to_string())
}

#[test]
fn a_query_composes_lists_props_and_meta() {
    let answer = json!({
        "batchcomplete": true,
        "continue": {"apcontinue": "B", "continue": "-||"},
        "query": {
            "normalized": [{"from": "a", "to": "A"}],
            "searchinfo": {"totalhits": 3},
            "allpages": [{"pageid": 1, "ns": 0, "title": "A"}],
            "userinfo": {"id": 0, "name": "127.0.0.1", "anon": true, "options": {"skin": "vector"}},
            "pages": [
                {"ns": 0, "title": "A", "touched": "2024-01-01T00:00:00Z", "fullurl": "http://x/A",
                 "protection": [{"type": "edit", "level": "sysop"}]},
                {"ns": 0, "title": "Nope", "missing": true}
            ]
        }
    });
    let env: Envelope<QueryResponse> = read(&answer).expect("fits");
    let q = env.body.as_ref().and_then(|b| b.query.as_ref()).expect("query");
    assert_eq!(q.allpages.as_ref().map(|a| a[0].title.as_str()), Some("A"));
    assert_eq!(q.searchinfo.as_ref().map(|s| s.totalhits), Some(3));
    assert_eq!(
        q.userinfo.as_ref().and_then(|u| u.options.as_ref()).map(|o| o["skin"].clone()),
        Some(json!("vector"))
    );
    let pages = q.pages.as_ref().expect("pages");
    assert_eq!(pages[1].missing, Some(true));
    assert_eq!(pages[0].protection.as_ref().map(|p| p[0].level.as_str()), Some("sysop"));
    assert_eq!(serde_json::to_value(&env).expect("written"), answer);
}

#[test]
fn outcomes_nested_objects_and_fallbacks() {
    let pass = json!({"act": {"status": "PASS", "username": "Alice", "detail": {"code": null, "rate": 0.5}}});
    let env: Envelope<ActResponse> = read(&pass).expect("fits");
    let act = env.body.expect("part");
    assert_eq!(act.status, ActStatus::Pass);
    assert_eq!((act.username.as_deref(), act.detail.code, act.detail.rate), (Some("Alice"), None, 0.5));

    let newer = json!({"act": {"status": "UI", "detail": {"code": "x", "rate": 1.0}}});
    let e = read::<ActResponse>(&newer).expect_err("strict");
    assert!(e.contains("unknown value `UI` of ActStatus"), "{e}");
    let env: Envelope<ActResponse> = serde_json::from_value(newer.clone()).expect("lenient");
    assert_eq!(env.body.as_ref().map(|b| b.status.clone()), Some(ActStatus::Other("UI".into())));
    assert_eq!(serde_json::to_value(&env).expect("written"), newer);

    let e = read::<ActResponse>(&json!({"act": {"status": "PASS"}})).expect_err("no detail");
    assert!(e.contains("missing field `detail`"), "{e}");
    let e = read::<ActResponse>(&json!({"act": {"status": "PASS", "detail": {"code": 1, "rate": 1}}}));
    assert!(e.expect_err("a number").contains("invalid type: integer `1`, expected a string"));
}

#[test]
fn an_error_answer_has_no_part_and_an_array_part_sits_at_its_key() {
    let err = json!({"error": {"code": "missingparam", "info": "The \"target\" parameter must be set."}, "servedby": "x"});
    let env: Envelope<ActResponse> = read(&err).expect("fits");
    assert_eq!((env.error_code(), env.body.is_none()), (Some("missingparam"), true));

    let purge = json!({"batchcomplete": true, "purge": [{"title": "A", "purged": true}, {"title": "B"}]});
    let env: Envelope<PurgeResponse> = read(&purge).expect("fits");
    let items = env.body.as_ref().and_then(|b| b.purge.as_ref()).expect("items");
    assert_eq!((items.len(), items[1].purged), (2, None));
    assert_eq!(serde_json::to_value(&env).expect("written"), purge);
    let e = read::<PurgeResponse>(&json!({"purge": [], "surprise": 1})).expect_err("strict");
    assert!(e.contains("unknown field `surprise`"), "{e}");
}

struct Name;
impl ResponseVisit for Name {
    type Output = &'static str;
    fn visit<T: ResponseType>(self) -> &'static str {
        std::any::type_name::<T>().rsplit("::").next().unwrap_or_default()
    }
}

#[test]
fn every_answered_module_is_found_by_path() {
    assert_eq!(with_response("act", Name), Some("ActResponse"));
    assert_eq!(with_response("purge", Name), Some("PurgeResponse"));
    assert_eq!(with_response("query", Name), Some("QueryResponse"));
    assert_eq!(with_response("query+allpages", Name), None, "a list is answered inside the query");
    fn answered<R: Responds>() -> &'static str {
        std::any::type_name::<R::Response>().rsplit("::").next().unwrap_or_default()
    }
    assert_eq!(answered::<mwgen_gen_fixtures::responses::action::Act>(), "ActResponse");
}
