//! The HTTP switch for clients in other processes: `/fake/faults`, allowed only with
//! `Authorization: Bearer <admin key>`.
//!
//! - `GET` lists the rules: `{"faults": [RULE…], "hook": BOOL}`;
//! - `POST` adds one rule (a JSON object) or several (an array), and answers the list;
//! - `DELETE` drops every rule and the hook, and answers the (empty) list.
//!
//! A rule is `{"fault": KIND, …the fault's fields, "times": N, "modules": [ACTION…]}`, e.g.
//! `{"fault": "maxlag", "lag": 5, "times": 3}` ([`FaultRule`](super::FaultRule)).

use super::FaultRule;
use crate::Wiki;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// The switch's route.
pub(super) fn routes(wiki: Wiki) -> axum::Router {
    axum::Router::new()
        .route("/fake/faults", axum::routing::get(list).post(add).delete(clear))
        .with_state(wiki)
}

async fn list(State(wiki): State<Wiki>, headers: HeaderMap) -> Response {
    if let Some(refused) = refusal(&wiki, &headers) {
        return refused;
    }
    current(&wiki)
}

async fn add(State(wiki): State<Wiki>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(refused) = refusal(&wiki, &headers) {
        return refused;
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return failure(StatusCode::BAD_REQUEST, &format!("the body is not JSON: {e}")),
    };
    let rules: Result<Vec<FaultRule>, _> = match value {
        Value::Array(items) => items.into_iter().map(serde_json::from_value).collect(),
        one => serde_json::from_value(one).map(|r| vec![r]),
    };
    match rules {
        Ok(rules) => {
            for rule in rules {
                wiki.faults().add(rule);
            }
            current(&wiki)
        }
        Err(e) => failure(StatusCode::BAD_REQUEST, &format!("not a fault rule: {e}")),
    }
}

async fn clear(State(wiki): State<Wiki>, headers: HeaderMap) -> Response {
    if let Some(refused) = refusal(&wiki, &headers) {
        return refused;
    }
    wiki.faults().clear();
    current(&wiki)
}

fn current(wiki: &Wiki) -> Response {
    let faults = wiki.faults();
    let hook = faults.has_hook();
    let body = json!({ "faults": faults.rules(), "hook": hook });
    (StatusCode::OK, axum::Json(body)).into_response()
}

fn failure(status: StatusCode, text: &str) -> Response {
    (status, axum::Json(json!({ "error": text }))).into_response()
}

/// The 401 to answer when the request does not carry the admin key.
fn refusal(wiki: &Wiki, headers: &HeaderMap) -> Option<Response> {
    let key = wiki.faults().admin_key();
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Compared in full whatever differs first, so the time taken tells nothing of the key.
    let same = given.len() == key.len()
        && given.bytes().zip(key.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    if same && !key.is_empty() {
        return None;
    }
    let mut resp = failure(
        StatusCode::UNAUTHORIZED,
        "the fault switch needs `Authorization: Bearer <admin key>` (the key mediawiki-fake printed at start, or gave --admin-key)",
    );
    resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    Some(resp)
}
