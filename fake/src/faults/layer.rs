//! The fault layer around api.php: reads what a rule needs of the request (its parameters, from
//! the query string and an urlencoded body), asks [`Faults::decide`](super::Faults), and answers
//! the fault as MediaWiki (or the web server in front of it) would, or runs the request.

use super::{Current, Fault, FaultRequest};
use crate::{session, Wiki};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mwgen_runtime::server::{Envelope, ServerOptions};
use mwgen_runtime::{ApiError, ModuleSpec, Params};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// What the layer keeps: the wiki, and the body limits of the router it wraps.
#[derive(Clone)]
struct LayerState {
    wiki: Wiki,
    body_limit: usize,
    body_timeout: Duration,
    server_name: Arc<str>,
}

/// The fault layer around the api.php router, and the HTTP switch at `/fake/faults`.
pub(crate) fn layer(router: axum::Router, wiki: Wiki) -> axum::Router {
    let defaults = ServerOptions::default();
    let state = LayerState {
        wiki: wiki.clone(),
        body_limit: defaults.body_limit,
        body_timeout: defaults.limits.body_timeout,
        server_name: "mediawiki-fake".into(),
    };
    router.layer(axum::middleware::from_fn_with_state(state, inject)).merge(super::admin::routes(wiki))
}

/// The action modules by name.
fn action_spec(action: &str) -> Option<&'static ModuleSpec> {
    static ACTIONS: OnceLock<HashMap<&'static str, &'static ModuleSpec>> = OnceLock::new();
    ACTIONS
        .get_or_init(|| {
            mediawiki_api::MODULES.iter().filter(|m| m.group == "action").map(|m| (m.name, *m)).collect()
        })
        .get(action)
        .copied()
}

async fn inject(State(st): State<LayerState>, req: Request, next: Next) -> Response {
    // No rule and no hook: only the wiki's own lag can answer, to a GET's `maxlag` below -1.
    if !st.wiki.faults().is_active() && req.method() != Method::POST {
        let maxlag = req.uri().query().and_then(query_maxlag);
        if maxlag.is_none_or(|m| m >= -1) {
            return next.run(req).await;
        }
    }
    let (parts, body) = req.into_parts();
    let mut params = Params::parse_query(parts.uri.query().unwrap_or(""));
    let urlencoded = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let length = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    // An urlencoded body of a size the router accepts is read here (and handed on); any other
    // body goes on untouched, its parameters unseen by the rules.
    let body = match length {
        Some(n) if parts.method == Method::POST && urlencoded && n <= st.body_limit => {
            let read = axum::body::to_bytes(body, n);
            match tokio::time::timeout(st.body_timeout, read).await {
                Ok(Ok(bytes)) => {
                    for (k, v) in Params::parse_form(&bytes).iter() {
                        params.add(k, v);
                    }
                    Body::from(bytes)
                }
                Ok(Err(e)) => return unreadable(&st, &params, StatusCode::BAD_REQUEST, &e.to_string()),
                Err(_) => return unreadable(&st, &params, StatusCode::REQUEST_TIMEOUT, ""),
            }
        }
        _ => body,
    };
    let action = params.get("action").unwrap_or("").to_string();
    let fr = FaultRequest {
        spec: action_spec(&action),
        maxlag: params.get("maxlag").and_then(|v| v.parse().ok()),
        posted: parts.method == Method::POST,
        session: session::id_of(&parts.headers).unwrap_or("").to_string(),
        action,
        params,
    };
    let faults = st.wiki.faults();
    let mut decision = faults.decide(&fr);
    // The wiki's own lag: one database server and no replica, as MediaWiki reports it (-1).
    if decision.answer.is_none() && fr.admits(&Fault::Maxlag { lag: -1 }) {
        decision.answer = Some(Fault::Maxlag { lag: -1 });
    }
    if decision.lose_session && !fr.session.is_empty() {
        let _ = st.wiki.db(|c| c.execute("DELETE FROM session WHERE id = ?1", [&fr.session]));
    }
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    if let Some(fault) = &decision.answer {
        return answer(&st, &fr, fault);
    }
    let req = Request::from_parts(parts, body);
    Current::new(&decision).scope(next.run(req)).await
}

/// The last `maxlag` of a query string, when it may be below -1 (`Some(i64::MIN)` when it is
/// percent-encoded: worth a full read).
fn query_maxlag(query: &str) -> Option<i64> {
    let v = query.split('&').filter_map(|kv| kv.strip_prefix("maxlag=")).next_back()?;
    Some(if v.contains('%') { i64::MIN } else { v.parse().unwrap_or(0) })
}

/// The answer of a fault that answers instead of the module.
fn answer(st: &LayerState, fr: &FaultRequest, fault: &Fault) -> Response {
    match fault {
        Fault::Maxlag { lag } => {
            let unit = if lag.unsigned_abs() == 1 { "second" } else { "seconds" };
            let e = ApiError::new("maxlag", format!("Waiting for a database server: {lag} {unit} lagged."))
                .data(serde_json::json!({ "host": "", "lag": lag, "type": "db" }));
            let mut resp = api_error(st, &fr.params, StatusCode::OK, &e);
            let retry = fr.maxlag.unwrap_or(0).max(5);
            let h = resp.headers_mut();
            h.insert(header::RETRY_AFTER, HeaderValue::from(retry));
            h.insert("X-Database-Lag", HeaderValue::from(*lag));
            resp
        }
        Fault::Readonly { reason } => {
            let e = ApiError::new("readonly", "The wiki is currently in read-only mode.")
                .data(serde_json::json!({ "readonlyreason": reason }));
            api_error(st, &fr.params, StatusCode::OK, &e)
        }
        Fault::Ratelimited => {
            let text = "You've exceeded your rate limit. Please wait some time and try again.";
            let e = ApiError::new("ratelimited", text).module(fr.action.clone());
            api_error(st, &fr.params, StatusCode::OK, &e)
        }
        Fault::Http { status } => server_error_page(*status),
        // Not answering faults; `decide` never gives them as the answer.
        Fault::Badtoken | Fault::EditConflict | Fault::SessionLoss | Fault::Slow { .. } => {
            server_error_page(500)
        }
    }
}

/// An API error in the envelope the request asked for (format version, errorformat), as the
/// router renders its own.
fn api_error(st: &LayerState, params: &Params, status: StatusCode, e: &ApiError) -> Response {
    let envelope = Envelope::from_params(params, st.wiki.api_url(), &st.server_name);
    let body = envelope.to_bytes(Err(e), &[]);
    let mut resp = (status, Bytes::from(body)).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    if let Ok(code) = HeaderValue::from_str(&e.code) {
        h.insert("MediaWiki-API-Error", code);
    }
    resp
}

/// A body the layer could not read: the router's own answer for it.
fn unreadable(st: &LayerState, params: &Params, status: StatusCode, detail: &str) -> Response {
    let e = if status == StatusCode::REQUEST_TIMEOUT {
        ApiError::new(
            "requesttimeout",
            format!("The request body did not arrive within {} seconds.", st.body_timeout.as_secs_f64()),
        )
    } else {
        ApiError::new("badrequest", format!("The request could not be read: {detail}."))
    };
    api_error(st, params, status, &e)
}

/// A 5xx as the web server in front of PHP gives it: a small HTML page, no API envelope.
fn server_error_page(status: u16) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let reason = code.canonical_reason().unwrap_or("Server Error");
    let page = format!(
        "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>{} {reason}</title>\n\
         </head><body>\n<h1>{reason}</h1>\n<p>The server could not answer this request (a fault injected \
         by the fake wiki).</p>\n</body></html>\n",
        code.as_u16()
    );
    let mut resp = (code, page).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=iso-8859-1"));
    resp
}
