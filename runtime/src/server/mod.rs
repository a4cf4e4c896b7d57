//! Serving the Action API with axum (feature `server`).
//!
//! The generated crate implements [`Dispatch`] for its `Api` trait: decode the whole request
//! ([`crate::Decode`]), run the checks MediaWiki runs before a module executes ([`before_execute`]),
//! call the module's method. This module does everything else: reading GET and POST (urlencoded or
//! multipart) parameters as PHP merges them, the body size limit (413), the envelope in every
//! `errorformat` and `formatversion`, the `MediaWiki-API-Error` header, `unrecognizedparams`,
//! `requestid`, `curtimestamp`, `servedby`, and CORS for `origin` as MediaWiki does it (`cors`). Serve
//! the router with [`serve`] for the connection limits ([`ConnectionLimits`]).

mod checks;
mod cors;
mod envelope;
mod extras;
mod method;
mod paraminfo;
mod query;
mod serve;

pub use cors::CorsOptions;
pub use envelope::{now_iso8601, Envelope};
pub use extras::Extras;
pub use method::{no_params, settle, untyped, Answered, Gate, Produced, Reply, Typed, TypedReply};
pub use paraminfo::{
    module_json, paraminfo, server_of, Info, InfoValue, ModuleInfo, ParamInfo, Source, Submodules,
};
pub use query::QueryOutput;
pub use serve::{serve, serve_until};

use crate::decode::DecodeOptions;
use crate::error::{ApiError, Warning};
use crate::params::Params;
use crate::spec::ModuleSpec;
use crate::value::Upload;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
pub use checks::{before_execute, Checks};
use cors::Decision;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// What a module method answers: the object merged into the answer, or the error.
pub type Answer = Result<Value, ApiError>;

/// A boxed future, as [`Dispatch`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a module method knows of the request beyond its parameters.
#[derive(Clone)]
pub struct Context {
    /// The HTTP method.
    pub method: Method,
    /// The request headers.
    pub headers: HeaderMap,
    /// Whether the parameters came in a POST body.
    pub posted: bool,
    /// How many of the request's parameters came from the query string: they come first, the
    /// body's after them (for `mustpostparams`).
    pub query_len: usize,
    /// Who is calling, as the identity hook of [`ServerOptions`] decided (`None`: anonymous).
    pub user: Option<String>,
    /// The request's own parameters and what the module adds to the answer's envelope
    /// ([`Context::raw_param`], [`Context::warn`]).
    pub extras: Extras,
}

/// Headers that carry a session or a credential print as `<redacted>`.
impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Headers<'a>(&'a HeaderMap);
        impl std::fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let secret = |n: &str| matches!(n, "cookie" | "authorization" | "proxy-authorization");
                f.debug_map()
                    .entries(self.0.iter().map(|(n, v)| {
                        let shown: &dyn std::fmt::Debug = if secret(n.as_str()) { &"<redacted>" } else { v };
                        (n, shown)
                    }))
                    .finish()
            }
        }
        f.debug_struct("Context")
            .field("method", &self.method)
            .field("headers", &Headers(&self.headers))
            .field("posted", &self.posted)
            .field("query_len", &self.query_len)
            .field("user", &self.user)
            .finish()
    }
}

/// The outcome of one request: the result or the first error, and the warnings and unused
/// parameters gathered on the way.
#[derive(Debug)]
pub struct Outcome {
    /// The module's output (an object placed at the top of the answer), or the error.
    pub result: Result<Value, ApiError>,
    /// Warnings, in the order they were raised.
    pub warnings: Vec<Warning>,
    /// Parameters that nothing read, in request order (`unrecognizedparams`); empty when the result
    /// is an error, which reports none.
    pub unused: Vec<String>,
}

/// The generated side of the router: decodes a request and runs its module.
pub trait Dispatch: Send + Sync + 'static {
    /// Decodes the request's parameters ([`Context::params`]) and runs the module they name.
    fn dispatch<'a>(&'a self, cx: Context, opts: &'a ServerOptions) -> BoxFuture<'a, Outcome>;
}

/// Decides whether a token is valid: `(context, token type, token) -> valid`.
pub type TokenCheck = Arc<dyn Fn(&Context, &str, &str) -> bool + Send + Sync>;
/// Decides who is calling from the request headers (a session cookie, an OAuth header, …).
pub type Identify = Arc<dyn Fn(&HeaderMap) -> Option<String> + Send + Sync>;
/// Decides whether the caller of a request has `apihighlimits` (500 values, `highmax` limits).
pub type HighLimits = Arc<dyn Fn(&Context) -> bool + Send + Sync>;
/// Decides whether the caller of a request has a right: `(context, right) -> has it`, `None` when
/// it is not known (the module's check of that right is then skipped).
pub type RightCheck = Arc<dyn Fn(&Context, &str) -> Option<bool> + Send + Sync>;
/// The change tags users may apply now, beyond those the spec lists (a wiki's `action=managetags`
/// defines and activates them while it runs).
pub type TagList = Arc<dyn Fn() -> Vec<String> + Send + Sync>;

/// How the router behaves.
#[derive(Clone)]
pub struct ServerOptions {
    /// Decoding options (namespaces, high limits).
    pub decode: DecodeOptions,
    /// The token hook; by default only MediaWiki's anonymous token `+\` is valid.
    pub token_check: TokenCheck,
    /// The identity hook; by default every caller is anonymous.
    pub identify: Identify,
    /// Whether a request's caller has `apihighlimits`, for a server whose callers differ; by default
    /// (`None`) [`DecodeOptions::high_limits`] holds for every request.
    pub high_limits: Option<HighLimits>,
    /// The caller's rights, for the checks modules make of them in their own code (`list=deletedrevs`
    /// needs `deletedhistory`). By default an anonymous caller has those of MediaWiki's group `*`
    /// ([`ANONYMOUS_RIGHTS`](crate::value::ANONYMOUS_RIGHTS)), and nothing is known of the others.
    pub rights: RightCheck,
    /// The change tags that may be applied now, asked per request and added to
    /// [`DecodeOptions::extra_tags`]; `None` (the default) keeps the fixed list of
    /// [`decode`](Self::decode).
    pub tags: Option<TagList>,
    /// The largest request body accepted (larger ones get HTTP 413).
    pub body_limit: usize,
    /// The api.php URL, as clients reach it: in `docref`, and its scheme and host are the wiki's server
    /// (`$wgServer`) in front of paraminfo's `licenselink` (see [`server_of`]).
    pub api_url: String,
    /// The name `servedby` reports.
    pub server_name: String,
    /// Which cross-origin callers are trusted with credentials (MediaWiki's `$wgCrossSiteAJAXdomains`…).
    pub cors: CorsOptions,
    /// Time limits and the connection cap ([`serve`] applies them; the body's time limit is the router's).
    pub limits: ConnectionLimits,
}

/// How long a client may take, and how many may be connected at once. The defaults follow a stock
/// Apache in front of MediaWiki: 20 s for a request's head, 5 s of keep-alive idleness, and a body that
/// arrives within a minute (8 MiB at about 140 kB/s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// From the moment a connection waits for a request (new, or after an answer) until its head has
    /// arrived; then the connection is closed.
    pub header_timeout: Duration,
    /// The whole body of a POST must arrive within this; otherwise the answer is HTTP 408.
    pub body_timeout: Duration,
    /// A connection with no request in progress on which nothing arrives for this long is closed.
    pub idle_timeout: Duration,
    /// At most this many connections are served at once; more wait to be accepted. Keep it under the
    /// process's open-file limit (1,024 by default on Linux).
    pub max_connections: usize,
    /// A longer request URL is answered HTTP 414 (`requesturitoolong`) in the API's envelope. (hyper
    /// refuses a URL over 65,534 bytes itself, with a bare 414: the `http` crate cannot hold it.)
    pub max_uri_bytes: usize,
    /// Larger request headers (names, values and separators) are answered HTTP 431
    /// (`requestheaderstoolarge`). hyper itself refuses a head over about 400 kB, without a body.
    pub max_header_bytes: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_timeout: Duration::from_secs(20),
            body_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(5),
            max_connections: 512,
            max_uri_bytes: 32_768,
            // The head limit of the PHP server that runs the test wiki: 80 KiB.
            max_header_bytes: 81_920,
        }
    }
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            decode: DecodeOptions::default(),
            token_check: Arc::new(|_, _, token| token == "+\\"),
            identify: Arc::new(|_| None),
            high_limits: None,
            rights: Arc::new(|cx, right| {
                cx.user.is_none().then(|| crate::value::ANONYMOUS_RIGHTS.contains(&right))
            }),
            tags: None,
            body_limit: 8 * 1024 * 1024,
            api_url: "http://localhost/api.php".into(),
            server_name: "mwgen".into(),
            cors: CorsOptions::default(),
            limits: ConnectionLimits::default(),
        }
    }
}

impl ServerOptions {
    /// The decoding options for one request: [`decode`](Self::decode), with
    /// [`high_limits`](Self::high_limits) asked for this caller and the [`tags`](Self::tags) of now.
    pub fn decode_for(&self, cx: &Context) -> DecodeOptions {
        let mut d = self.decode.clone();
        if let Some(high) = &self.high_limits {
            d.high_limits = high(cx);
        }
        if let Some(tags) = &self.tags {
            d.extra_tags.extend(tags());
        }
        d
    }
}

impl std::fmt::Debug for ServerOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerOptions")
            .field("body_limit", &self.body_limit)
            .field("api_url", &self.api_url)
            .field("server_name", &self.server_name)
            .field("cors", &self.cors)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// An axum router serving `/api.php` (GET and POST) with `dispatch`. It times the reading of a body
/// ([`ConnectionLimits::body_timeout`]), so it runs on a tokio runtime with its timer enabled (as
/// `#[tokio::main]` and `Builder::enable_all` give).
pub fn router<D: Dispatch>(dispatch: D, opts: ServerOptions) -> axum::Router {
    let limit = opts.body_limit;
    let state = Arc::new((dispatch, opts));
    axum::Router::new()
        .route("/api.php", axum::routing::any(handle::<D>))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

async fn handle<D: Dispatch>(State(state): State<Arc<(D, ServerOptions)>>, req: Request) -> Response {
    let (dispatch, opts) = (&state.0, &state.1);
    let (parts, body) = req.into_parts();
    let method = parts.method.clone();
    let mut params = Params::parse_query(parts.uri.query().unwrap_or(""));
    // The length of the request target as sent, without formatting it into a new String.
    let uri_len = parts.uri.path_and_query().map_or(0, |pq| pq.as_str().len())
        + parts.uri.authority().map_or(0, |a| a.as_str().len());
    let too_long = uri_len > opts.limits.max_uri_bytes;
    let header_bytes: usize = parts.headers.iter().map(|(n, v)| n.as_str().len() + v.len() + 4).sum();
    if too_long || header_bytes > opts.limits.max_header_bytes {
        let status =
            if too_long { StatusCode::URI_TOO_LONG } else { StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE };
        return refused(status, "", &params, opts);
    }
    let query_len = params.len();
    let posted = method == Method::POST;
    // The body is read from the whole request; the headers are kept for the module (a copy only
    // when there is a body to read).
    let headers = if posted {
        let headers = parts.headers.clone();
        let read = read_body(Request::from_parts(parts, body), &mut params);
        match tokio::time::timeout(opts.limits.body_timeout, read).await {
            Ok(Ok(())) => {}
            Ok(Err((status, detail))) => return refused(status, &detail, &params, opts),
            Err(_) => return refused(StatusCode::REQUEST_TIMEOUT, "", &params, opts),
        }
        headers
    } else {
        parts.headers
    };
    let main = MainParams::of(&params);
    let cors = Decision::new(main.origin, main.callback, &method, &headers, &opts.cors);
    if cors.forbidden {
        return cors.forbidden_response();
    }
    let mut resp = if method == Method::OPTIONS {
        // MediaWiki stops after CORS on OPTIONS: an empty answer, whatever was asked.
        let mut resp = StatusCode::OK.into_response();
        resp.headers_mut().insert(axum::http::header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        resp
    } else {
        let user = if cors.login_suppressed { None } else { (opts.identify)(&headers) };
        let (unserved, format_none) =
            (unserved_format(main.action, main.format), main.format == Some("none"));
        let extras = Extras::new(params);
        let cx = Context { user, method: method.clone(), headers, posted, query_len, extras };
        answer(dispatch, opts, cx, unserved, format_none).await
    };
    cors.apply(&mut resp, &method);
    resp
}

/// Validates, dispatches and renders one request that got past the transport and CORS.
async fn answer<D: Dispatch>(
    dispatch: &D,
    opts: &ServerOptions,
    cx: Context,
    unserved: Option<ApiError>,
    format_none: bool,
) -> Response {
    let envelope = Envelope::from_params(cx.params(), &opts.api_url, &opts.server_name);
    if let Some(e) = unserved {
        return render(&envelope, StatusCode::OK, Err(&e), &[]);
    }
    if format_none {
        // MediaWiki's `none` printer: nothing, whatever the module answered.
        let reply = dispatch.dispatch(cx, opts).await;
        let mut resp = StatusCode::OK.into_response();
        resp.headers_mut().insert(axum::http::header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        if let Err(e) = reply.result {
            if let Ok(code) = HeaderValue::from_str(&e.code) {
                resp.headers_mut().insert(API_ERROR, code);
            }
        }
        return resp;
    }
    if !matches!(cx.method, Method::GET | Method::HEAD | Method::POST) {
        let e = ApiError::new("invalidmethod", "Invalid HTTP method. Consider using GET or POST.");
        return render(&envelope, StatusCode::METHOD_NOT_ALLOWED, Err(&e), &[]);
    }
    let extras = cx.extras.clone();
    let mut reply = dispatch.dispatch(cx, opts).await;
    let (read, added) = extras.take();
    let limits = extras.take_limits();
    if let (Ok(Value::Object(o)), false) = (&mut reply.result, limits.is_empty()) {
        let l: serde_json::Map<String, Value> =
            limits.into_iter().map(|(m, n)| (m, Value::from(n))).collect();
        o.insert("limits".into(), Value::Object(l));
    }
    reply.unused.retain(|name| !read.iter().any(|r| r == name));
    let mut warnings = reply.warnings;
    warnings.extend(added);
    if reply.result.is_ok() && !reply.unused.is_empty() {
        let word = if reply.unused.len() == 1 { "parameter" } else { "parameters" };
        warnings.push(Warning {
            code: "unrecognizedparams".into(),
            text: format!("Unrecognized {word}: {}.", reply.unused.join(", ")),
            module: "main".into(),
            data: None,
        });
    }
    // ApiBase::addDeprecation adds the help after its warning, and the formatter keeps the first of
    // identical ones: the help follows the first deprecation.
    if let Some(first) = warnings.iter().position(|w| w.code == "deprecation") {
        warnings.insert(first + 1, Warning {
            code: "deprecation-help".into(),
            text: "Subscribe to the mediawiki-api-announce mailing list at <https://lists.wikimedia.org/postorius/lists/mediawiki-api-announce.lists.wikimedia.org/> for notice of API deprecations and breaking changes.".into(),
            module: "main".into(),
            data: None,
        });
    }
    match reply.result {
        // Modules answer in formatversion=2; formatversion=1 (json's default) is rendered from it.
        Ok(v) if envelope.formatversion == 1 => {
            render(&envelope, StatusCode::OK, Ok(crate::response::fv1::render(v)), &warnings)
        }
        Ok(v) => render(&envelope, StatusCode::OK, Ok(v), &warnings),
        Err(e) => render(&envelope, StatusCode::OK, Err(&e), &warnings),
    }
}

/// Reads a POST body into `params`: urlencoded, or multipart with files. Body values come after the
/// query string's, so they win, as in PHP. A body the server refuses is `(status, reason)`.
///
/// Multipart parts are read as PHP reads them (docs/mediawiki-1.39-http.md §3): a part without a
/// `Content-Disposition` or with an empty name is skipped, a file without a name is an upload nobody
/// can see, and a part with neither name nor file name ends the body: PHP keeps only the parts before it.
async fn read_body(req: Request, params: &mut Params) -> Result<(), (StatusCode, String)> {
    let content_type = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if content_type.starts_with("multipart/form-data") {
        let refused = |status: StatusCode, text: String| (status, text);
        let mut multipart = axum::extract::Multipart::from_request(req, &())
            .await
            .map_err(|e| refused(e.status(), e.body_text()))?;
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(e) => return Err(refused(e.status(), e.body_text())),
            };
            let disposition = field.headers().contains_key(axum::http::header::CONTENT_DISPOSITION);
            let name = field.name().map(str::to_string);
            let filename = field.file_name().map(str::to_string);
            let mime = field.content_type().map(str::to_string);
            let data = field.bytes().await.map_err(|e| refused(e.status(), e.body_text()))?;
            match (name, filename) {
                _ if !disposition => {}
                (None, None) => break,
                (None, Some(_)) => {}
                (Some(n), _) if n.is_empty() => {}
                (Some(n), Some(f)) => {
                    params.push_upload(&n, Upload { filename: f, content: data.to_vec(), mime })
                }
                (Some(n), None) => params.add(&n, &String::from_utf8_lossy(&data)),
            }
        }
    } else {
        let body = Bytes::from_request(req, &()).await.map_err(|e| (e.status(), e.body_text()))?;
        for (k, v) in form_urlencoded::parse(&body) {
            params.add(&k, &v);
        }
    }
    Ok(())
}

/// An answer to a request refused before its parameters could be read whole (too large a body, URL or
/// head, a body that does not arrive or does not parse): MediaWiki itself never sees such requests,
/// since the web server or PHP stops them, but a client here gets the API's error envelope, in the
/// format and errorformat the query string asked for, with `MediaWiki-API-Error`.
fn refused(status: StatusCode, detail: &str, params: &Params, opts: &ServerOptions) -> Response {
    let (code, text) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "requesttoolarge",
            format!("The request body is larger than this server accepts ({} bytes).", opts.body_limit),
        ),
        StatusCode::REQUEST_TIMEOUT => (
            "requesttimeout",
            format!(
                "The request body did not arrive within {} seconds.",
                opts.limits.body_timeout.as_secs_f64()
            ),
        ),
        StatusCode::URI_TOO_LONG => (
            "requesturitoolong",
            format!(
                "The request URL is longer than this server accepts ({} bytes).",
                opts.limits.max_uri_bytes
            ),
        ),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => (
            "requestheaderstoolarge",
            format!(
                "The request headers are larger than this server accepts ({} bytes).",
                opts.limits.max_header_bytes
            ),
        ),
        _ => ("badrequest", format!("The request could not be read: {detail}.")),
    };
    let envelope = Envelope::from_params(params, &opts.api_url, &opts.server_name);
    render(&envelope, status, Err(&ApiError::new(code, text)), &[])
}

/// What the router reads of the main module's raw parameters before decoding (CORS, the format),
/// in one pass: the last value of each, as PHP keeps it.
struct MainParams<'p> {
    origin: Option<&'p str>,
    callback: bool,
    action: Option<&'p str>,
    format: Option<&'p str>,
}

impl<'p> MainParams<'p> {
    fn of(params: &'p Params) -> Self {
        let mut main = MainParams { origin: None, callback: false, action: None, format: None };
        for (name, value) in params.iter() {
            match name {
                "origin" => main.origin = Some(value),
                "callback" => main.callback = true,
                "action" => main.action = Some(value),
                "format" => main.format = Some(value),
                _ => {}
            }
        }
        main
    }
}

/// The formats this server renders; MediaWiki's others (`xml`, `php` and their `fm` forms) get what
/// MediaWiki answers for a format it does not have. `jsonfm` and `rawfm` are answered as JSON. Modules
/// that print their own answer (`getCustomPrinter`: opensearch, whose own `format` parameter shares the
/// name, rsd and the feeds) do not use main's format.
fn unserved_format(action: Option<&str>, format: Option<&str>) -> Option<ApiError> {
    let own_printer = ["opensearch", "rsd", "feedcontributions", "feedrecentchanges", "feedwatchlist"];
    if action.is_some_and(|a| own_printer.contains(&a)) {
        return None;
    }
    let format = format?;
    matches!(format, "xml" | "xmlfm" | "php" | "phpfm").then(|| {
        ApiError::new("badvalue", format!("Unrecognized value for parameter \"format\": {format}."))
            .param("format")
    })
}

/// `MediaWiki-API-Error`, the error code of a refused request (header names are sent in lower case).
const API_ERROR: axum::http::HeaderName = axum::http::HeaderName::from_static("mediawiki-api-error");

fn render(
    envelope: &Envelope,
    status: StatusCode,
    result: Result<Value, &ApiError>,
    warnings: &[Warning],
) -> Response {
    let code = result.as_ref().err().map(|e| e.code.to_string());
    // Straight into bytes (the same compact JSON as `to_string`, without the `fmt` layer).
    let body = envelope.to_bytes(result, warnings);
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(axum::http::header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    if let Some(code) = code.and_then(|c| HeaderValue::from_str(&c).ok()) {
        h.insert(API_ERROR, code);
    }
    resp
}

/// The error a module gives when the server does not implement it.
pub fn not_implemented(spec: &ModuleSpec) -> ApiError {
    ApiError::new(
        "notimplemented",
        format!("The \"{}\" module is not implemented by this server.", spec.path),
    )
    .module(spec.path)
}

/// `action=help`: the module's parameters, readable.
pub fn help(spec: &ModuleSpec) -> Value {
    let mut lines = vec![format!("Module {} (prefix \"{}\")", spec.path, spec.prefix)];
    for p in spec.params {
        let mut l = format!("  {}{}: {}", spec.prefix, p.name, p.ty.name());
        if p.required {
            l.push_str(", required");
        }
        if let Some(m) = p.multi {
            l.push_str(&format!(", multi (≤ {}/{})", m.limit, m.high_limit));
        }
        if let Some(d) = p.default {
            l.push_str(&format!(", default {d:?}"));
        }
        lines.push(l);
    }
    serde_json::json!({ "help": { "mime": "text/plain", "help": lines.join("\n") } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_debug_hides_sessions_and_credentials() {
        let mut headers = HeaderMap::new();
        headers.insert("cookie", HeaderValue::from_static("mwgen_session=s3cr3tsession"));
        headers.insert("authorization", HeaderValue::from_static("Bearer s3cr3tbearer"));
        headers.insert("user-agent", HeaderValue::from_static("bot/1.0"));
        let cx = Context {
            method: Method::GET,
            headers,
            posted: false,
            query_len: 0,
            user: Some("Admin".into()),
            extras: Extras::default(),
        };
        let shown = format!("{cx:?} {cx:#?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("bot/1.0") && shown.contains("<redacted>"), "{shown}");
    }
}
