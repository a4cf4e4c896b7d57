//! Live: every answer's envelope, typed by `mwgen_runtime::response`, in both formatversions and
//! every errorformat: an error, warnings beside a result, an error with warnings, `rawcontinue`, and
//! what the main module adds on request. Each answer must deserialize into
//! `Envelope<serde_json::Map>` with its errors and warnings in the typed fields (none left in the
//! body), and serialize back to the same JSON.

use mwgen_runtime::response::{Envelope, Flag, Warnings};
use mwgen_tests::live_api_url;
use serde_json::{Map, Value};

const ERRORFORMATS: [&str; 5] = ["bc", "plaintext", "wikitext", "html", "raw"];

/// What a request's answer must hold.
struct Case {
    query: &'static str,
    error: Option<&'static str>,
    warns_about: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case { query: "action=bogus", error: Some("badvalue"), warns_about: None },
    Case {
        query: "action=query&list=allpages&aplimit=2&apbogus=1",
        error: None,
        warns_about: Some("apbogus"),
    },
    Case {
        // The limit is clamped with a warning before the direction fails (unrecognized parameters
        // are warned about only after a module ran, so not here).
        query: "action=query&list=allpages&aplimit=99999&apdir=sideways",
        error: Some("badvalue"),
        warns_about: Some("aplimit"),
    },
    Case { query: "action=query&list=allpages&aplimit=1&rawcontinue=1", error: None, warns_about: None },
    Case {
        query:
            "action=query&list=allpages&aplimit=max&servedby=1&requestid=r7&curtimestamp=1&responselanginfo=1",
        error: None,
        warns_about: None,
    },
];

/// The start of an answer, for messages.
fn excerpt(json: &Value) -> String {
    json.to_string().chars().take(400).collect()
}

async fn answer(api: &str, query: &str) -> Value {
    let url = format!("{api}?{query}&format=json");
    let text =
        reqwest::get(&url).await.and_then(|r| r.error_for_status()).unwrap_or_else(|e| panic!("{url}: {e}"));
    let text = text.text().await.unwrap_or_else(|e| panic!("{url}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: not JSON ({e}): {text}"))
}

#[tokio::test]
async fn every_envelope_is_typed_and_written_back_as_it_came() {
    let Some(api) = live_api_url("every_envelope_is_typed_and_written_back_as_it_came") else { return };
    let mut checked = 0;
    for case in CASES {
        for fv in ["1", "2"] {
            for ef in ERRORFORMATS {
                let query = format!("{}&formatversion={fv}&errorformat={ef}", case.query);
                let json = answer(&api, &query).await;
                let env: Envelope<Map<String, Value>> = serde_json::from_value(json.clone())
                    .unwrap_or_else(|e| panic!("{query}: the envelope did not fit: {e}\n{}", excerpt(&json)));
                for key in ["error", "errors", "warnings", "continue", "query-continue", "batchcomplete", "*"]
                {
                    assert!(
                        !env.body.as_ref().is_some_and(|b| b.contains_key(key)),
                        "{query}: `{key}` left in the body"
                    );
                }
                assert_eq!(env.error_code(), case.error, "{query}: {}", excerpt(&json));
                assert_eq!(env.error.is_some(), case.error.is_some() && ef == "bc", "{query}");
                if let Some(word) = case.warns_about {
                    let w = env
                        .warnings
                        .as_ref()
                        .unwrap_or_else(|| panic!("{query}: no warnings: {}", excerpt(&json)));
                    assert_eq!(matches!(w, Warnings::Bc(_)), ef == "bc", "{query}");
                    let texts = w.texts();
                    if ef == "raw" {
                        // A message key, not a text.
                        assert!(
                            texts.iter().all(|(_, t)| !t.is_empty() && !t.contains(' ')),
                            "{query}: {texts:?}"
                        );
                    } else {
                        assert!(texts.iter().any(|(_, t)| t.contains(word)), "{query}: {texts:?}");
                    }
                }
                if case.error.is_none() && !case.query.contains("rawcontinue") {
                    let flag = if fv == "1" { Flag::Empty } else { Flag::True };
                    assert_eq!(env.batchcomplete, Some(flag), "{query}");
                }
                if case.query.contains("rawcontinue") {
                    assert!(
                        env.query_continue.is_some() && env.continuation.is_none(),
                        "{query}: {}",
                        excerpt(&json)
                    );
                }
                if case.query.contains("requestid") {
                    assert_eq!(env.requestid, Some(Value::String("r7".into())), "{query}");
                    assert!(
                        env.curtimestamp.is_some() && env.uselang.is_some() && env.limits.is_some(),
                        "{query}"
                    );
                }
                let back = serde_json::to_value(&env).unwrap_or_else(|e| panic!("{query}: {e}"));
                assert_eq!(back, json, "{query}: written back differently");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, CASES.len() * 2 * ERRORFORMATS.len());
}
