//! An async HTTP client for generated requests (feature `client`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), mwgen_runtime::client::ClientError> {
//! use mwgen_runtime::client::Client;
//! let client = Client::builder("http://127.0.0.1:8080/api.php", "my-bot/1.0 (https://example.org/my-bot; me@example.org)")
//!     .build()?;
//! let token = client.token("csrf").await?;
//! # let _ = token; Ok(()) }
//! ```
//!
//! [`Client::call`] reads the answer as the request's generated response type ([`Answer`]: the
//! module's part, the warnings, the rest of the envelope, and the JSON text);
//! [`Client::execute`] gives it as JSON ([`Response`]). [`Client::call_continued`],
//! [`Client::call_list`] and [`Client::call_pages`] follow `continue` with typed batches, items and
//! pages (and [`Client::continued`], [`Client::collect_list`], [`Client::collect_pages`] with JSON).
//!
//! What it does for every request:
//! - validates the request as the wiki would ([`Decode`]) and refuses a bad one before sending;
//! - adds `format=json&formatversion=2`, the `errorformat`, `maxlag` (default 5) and `assert`
//!   (`assert=user` by itself once it has logged in);
//! - fills an empty token parameter with a token of the module's type (`action=query&meta=tokens`),
//!   cached per type, refreshed once on `badtoken`;
//! - sends a GET, or a POST when the module must be posted or carries a token or another sensitive
//!   value, as multipart/form-data when it carries a file;
//! - waits and retries on `maxlag`, `readonly`, `ratelimited`, an HTTP 5xx and a broken connection,
//!   honouring `Retry-After`, a bounded number of times ([`ClientError::is_retried`]); logs in
//!   again once on `assertuserfailed` ([`ClientBuilder::relogin`]);
//! - has one request on the wire at a time ([`ClientBuilder::max_concurrent`]) and starts writes at
//!   least [`ClientBuilder::write_interval`] apart (default 1 s), and a rate-limited write
//!   ([`limited_actions`]) at least the caller's own limit apart ([`Client::rate_interval`]);
//!   a wiki that asks for a longer wait than [`ClientBuilder::max_retry_wait`] (default 30 s) gets no
//!   retry but a [`ClientError::RetryAfterTooLong`] that says what it asked for;
//! - in a dry run ([`ClientBuilder::dry_run`]), sends reads and holds back writes
//!   ([`Client::unsent`]);
//! - reads at most [`ClientBuilder::max_response_bytes`] of an answer (default 64 MiB), refusing a
//!   larger one ([`ClientError::TooLarge`]) as soon as its `Content-Length` or its bytes say so;
//! - turns `errors`/`error` (and the `MediaWiki-API-Error` header) into one [`ClientError::Api`], and
//!   returns the warnings with the result, logging them through `tracing`.
//!
//! Beyond one request: [`Client::execute_batched`] (a list longer than the caller's limit, in
//! pieces), [`Client::edit_page`], [`Client::upload_chunked`], [`Client::user_info`],
//! [`Client::tokens`], [`Client::site_info`], [`Client::execute_unlisted`] (a module the spec does
//! not list), OAuth ([`ClientBuilder::oauth`]) and tower layers around the transport
//! ([`ClientBuilder::layer`]).
//!
//! It does not trust what it is sent: the wiki's texts reach error messages and logs with control
//! characters escaped (`\u{1b}`) and their length bounded, and cached tokens never print (`Debug`
//! shows `<redacted>`).

mod answer;
mod auth;
mod batch;
mod bot;
mod builder;
mod dry_run;
mod error;
mod layers;
mod limits;
pub mod oauth;
mod pacing;
mod pages;
mod query;
mod response;
mod session;
mod site;
mod text;
mod transport;
mod unlisted;
mod upload;

pub use answer::Answer;
pub use auth::{AuthField, AuthFlow, AuthManagerInfo, AuthRequest, AuthStatus, LoginResult};
pub use bot::{bots_allow, EditOutcome, EditPage};
pub use builder::ClientBuilder;
pub use dry_run::Unsent;
pub use error::ClientError;
pub use layers::HttpService;
pub use oauth::{OAuth, OAuth1};
pub use pacing::{limited_actions, RateLimit, RateLimits};
pub use query::collect_items;
pub use response::{parse_answer, Response};
pub use session::{BlockInfo, SessionRights, TokenType, UserInfo};
pub use site::{NormalTitle, SiteInfo, SiteNamespace};
pub use unlisted::Unlisted;
pub use upload::{ChunkedUpload, UploadProgress, DEFAULT_CHUNK_SIZE};

use crate::decode::{DecodeOptions, Decoder};
use crate::params::Params;
use crate::request::{Decode, Encode};
use crate::response::Responds;
use crate::spec::ModuleSpec;
use crate::value::Secret;
use answer::{parse_typed, Reply};
use limits::{backoff, parse_retry_after};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use text::printable;
use transport::Transport;

/// The one parameter the client's own module specs need (edit_page's, the uploads', the
/// AuthManager flows', an unlisted module's): the token it fills.
const TOKEN_PARAM: &[crate::spec::ParamSpec] =
    &[crate::spec::ParamSpec::new("token", crate::spec::Type::STRING).required().sensitive()];

/// The default of [`ClientBuilder::max_retry_wait`].
pub const DEFAULT_MAX_RETRY_WAIT: Duration = Duration::from_secs(30);

/// The default of [`ClientBuilder::max_response_bytes`]: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// The `errorformat` asked for: how error and warning texts come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorFormat {
    /// `plaintext`: texts with the markup stripped (the default here).
    #[default]
    Plaintext,
    /// `wikitext`: texts as wikitext.
    Wikitext,
    /// `html`: texts as HTML.
    Html,
    /// `raw`: message keys and parameters instead of texts.
    Raw,
    /// `none`: codes and data only, no texts.
    None,
    /// The old format: `error: {code, info}`, warnings by module.
    Bc,
}

impl ErrorFormat {
    /// The value sent as `errorformat`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorFormat::Plaintext => "plaintext",
            ErrorFormat::Wikitext => "wikitext",
            ErrorFormat::Html => "html",
            ErrorFormat::Raw => "raw",
            ErrorFormat::None => "none",
            ErrorFormat::Bc => "bc",
        }
    }
}

/// `assert=`: refuse to act unless logged in (as a bot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assert {
    /// `assert=anon`: refuse unless logged out.
    Anon,
    /// `assert=user`: refuse unless logged in.
    User,
    /// `assert=bot`: refuse unless the account has the `bot` right.
    Bot,
}

impl Assert {
    fn as_str(self) -> &'static str {
        match self {
            Assert::Anon => "anon",
            Assert::User => "user",
            Assert::Bot => "bot",
        }
    }
}

/// The default of [`ClientBuilder::write_interval`].
pub const DEFAULT_WRITE_INTERVAL: Duration = Duration::from_secs(1);

/// A lock of the client's state, whether or not a thread panicked holding it: the state stays
/// usable (a token cache, what is known of the session).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What a retried error is, for the log: the API code, or the HTTP status.
fn retry_reason(e: &ClientError) -> String {
    match e {
        ClientError::Api(a) => printable(&a.code).to_string(),
        ClientError::Status { status, .. } => format!("HTTP {status}"),
        _ => "a broken connection".to_string(),
    }
}

/// A MediaWiki API client: cheap to clone, one cookie session.
///
/// `Debug` shows the configuration and which tokens are cached, never the tokens (`<redacted>`) nor
/// the cookies.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    transport: Transport,
    config: ClientBuilder,
    tokens: Mutex<HashMap<String, Secret>>,
    /// What the wiki said of this session's caller ([`Client::refresh_rights`]), which validation
    /// follows; `None` until asked, and after a logout.
    session: Mutex<Option<SessionRights>>,
    /// One permit per request that may be on the wire at once ([`ClientBuilder::max_concurrent`]).
    in_flight: tokio::sync::Semaphore,
    /// When the last writes began ([`ClientBuilder::write_interval`], the rate limits).
    pacing: tokio::sync::Mutex<pacing::Pacing>,
    /// How the client last logged in, to log in again when the session is lost.
    credentials: Mutex<Option<bot::Credentials>>,
    /// The write requests a dry run held back ([`ClientBuilder::dry_run`]).
    unsent: Mutex<Vec<Unsent>>,
}

impl Client {
    /// The api.php URL this client sends to.
    pub fn api_url(&self) -> &str {
        &self.inner.config.api
    }

    /// Sends an action module's request (`Edit`, `Query`, `Block`, …) and gives the answer as
    /// JSON; see the module docs. [`call`](Self::call) gives it typed.
    pub async fn execute<R: Encode + Decode>(&self, req: &R) -> Result<Response, ClientError> {
        self.execute_with(req, &[]).await
    }

    /// Like [`execute`](Self::execute), with extra parameters the spec does not list: the fields of
    /// AuthManager modules, or `continue` values.
    pub async fn execute_with<R: Encode + Decode>(
        &self,
        req: &R,
        extra: &[(String, String)],
    ) -> Result<Response, ClientError> {
        let params = self.prepare(req, extra)?;
        self.send(R::SPEC, params).await
    }

    /// Sends an action module's request like [`execute`](Self::execute) and reads the answer as
    /// the module's generated response type (`EditResponse` for `Edit`, `QueryResponse` for
    /// `Query`), straight from the wiki's text. An answer that does not fit the type is a
    /// [`ClientError::Misfit`] that names the JSON path.
    ///
    /// With the generated `mediawiki_api` crate (README.md has this example compiled):
    ///
    /// ```ignore
    /// let answer = client.call(&Edit { text: Some("Hi".into()), ..Edit::new("Sandbox", "") }).await?;
    /// assert_eq!(answer.body.result, EditResult::Success);
    /// ```
    pub async fn call<R: Encode + Decode + Responds>(
        &self,
        req: &R,
    ) -> Result<Answer<R::Response>, ClientError> {
        self.call_with(req, &[]).await
    }

    /// Like [`call`](Self::call), with extra parameters the spec does not list (see
    /// [`execute_with`](Self::execute_with)).
    pub async fn call_with<R: Encode + Decode + Responds>(
        &self,
        req: &R,
        extra: &[(String, String)],
    ) -> Result<Answer<R::Response>, ClientError> {
        let params = self.prepare(req, extra)?;
        let (api, strict) = (&self.inner.config.api, self.inner.config.strict_responses);
        let path = R::SPEC.path;
        self.send_reading(R::SPEC, params, |reply| {
            let answer = parse_typed::<R::Response>(api, path, reply, strict)?;
            log_warnings(&answer.warnings);
            Ok(answer)
        })
        .await
    }

    /// The request's parameters with `extra` set over them, then validated together: an extra
    /// parameter that overrides a field (`apdir=sideways`) is checked as the field would be, and
    /// one the module does not know is the wiki's `unrecognizedparams` warning, not an error.
    fn prepare<R: Encode + Decode>(
        &self,
        req: &R,
        extra: &[(String, String)],
    ) -> Result<Params, ClientError> {
        let spec = R::SPEC;
        if spec.group != "action" {
            return Err(ClientError::NotAnAction(spec.path));
        }
        let params = encoded(req, extra);
        if self.inner.config.validate {
            self.validate::<R>(spec, &params)?;
        }
        Ok(params)
    }

    /// The options requests are validated with: the builder's, and once the client knows the
    /// session's caller ([`session_rights`](Self::session_rights)), the caller's rights (so
    /// `apihighlimits` raises the limits) and whether they are logged in.
    pub fn validation_options(&self) -> DecodeOptions {
        let mut options = self.inner.config.decode.clone();
        if let Some(s) = self.lock_session().as_ref() {
            options.high_limits |= s.rights.iter().any(|r| r == "apihighlimits");
            options.rights = Some(s.rights.clone());
            options.logged_in = Some(s.logged_in);
        }
        options
    }

    fn validate<R: Decode>(&self, spec: &'static ModuleSpec, params: &Params) -> Result<(), ClientError> {
        // An empty token is the client's to fill: validate with a stand-in.
        let mut check = params.clone();
        if let Some((_, name)) = spec.token_param() {
            if check.get(&name).is_none_or(str::is_empty) {
                check.set(&name, "+\\");
            }
        }
        let mut d = Decoder::new(&check, self.validation_options());
        R::decode(&mut d, "").map(|_| ()).map_err(ClientError::Invalid)
    }

    /// Sends a module's parameters (without `action`): fills its token, adds the main parameters,
    /// retries as configured.
    pub async fn send(&self, spec: &'static ModuleSpec, params: Params) -> Result<Response, ClientError> {
        self.send_reading(spec, params, |reply| self.read(reply)).await
    }

    /// [`send`](Self::send), reading each reply with `read` (which turns the wiki's errors into
    /// [`ClientError::Api`], so that tokens are refreshed and `maxlag` waited out whatever the
    /// reading).
    async fn send_reading<T>(
        &self,
        spec: &'static ModuleSpec,
        mut params: Params,
        read: impl Fn(Reply) -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        let token = spec.token_param();
        let auto_token = match &token {
            Some((kind, name)) if params.get(name).is_none_or(str::is_empty) => Some((name.clone(), *kind)),
            _ => None,
        };
        let sensitive = spec
            .params
            .iter()
            .any(|p| p.sensitive && params.get(&format!("{}{}", spec.prefix, p.name)).is_some());
        let post = spec.flags.mustbeposted || token.is_some() || sensitive || !params.uploads().is_empty();
        if self.inner.config.dry_run && dry_run::held_back(spec) {
            let full = self.with_main_params(spec, &params);
            let token = token.map(|(kind, _)| kind);
            return Err(self.hold_back(Unsent { module: spec.path.to_string(), post, params: full, token }));
        }
        let mut refreshed = false;
        let mut relogged = false;
        let mut attempt = 0;
        loop {
            if spec.flags.writerights {
                self.pace_write(spec).await;
            }
            if let Some((name, kind)) = &auto_token {
                let token = self.token(*kind).await?;
                params.set(name, &token);
            }
            let full = self.with_main_params(spec, &params);
            match self.fetch(&full, post).await.and_then(&read) {
                Err(ClientError::Api(e)) if e.code == "badtoken" && auto_token.is_some() && !refreshed => {
                    tracing::info!("badtoken from {}: refreshing the token once", spec.path);
                    refreshed = true;
                    if let Some((_, kind)) = &auto_token {
                        self.forget_token(*kind);
                    }
                }
                Err(ClientError::Api(e))
                    if e.kind() == crate::error::ErrorKind::AssertUserFailed
                        && self.inner.config.relogin
                        && !relogged
                        && self.logged_in_here() =>
                {
                    relogged = true;
                    if !self.relogin().await? {
                        return Err(ClientError::Api(e));
                    }
                }
                Err(e) if e.is_retried() && attempt < self.inner.config.retries => {
                    let c = &self.inner.config;
                    let what = retry_reason(&e);
                    let wait = match e.retry_after() {
                        Some(asked) if asked > c.max_retry_wait => {
                            tracing::warn!(
                                code = %what,
                                module = spec.path,
                                retry_after_secs = asked.as_secs(),
                                max_retry_wait_secs = c.max_retry_wait.as_secs(),
                                "{what} from {}: the wiki asks to wait {}s, more than max_retry_wait ({}s): not retrying",
                                spec.path,
                                asked.as_secs(),
                                c.max_retry_wait.as_secs(),
                            );
                            return Err(match e {
                                ClientError::Api(error) => ClientError::RetryAfterTooLong {
                                    module: spec.path.to_string(),
                                    asked,
                                    max: c.max_retry_wait,
                                    error: Box::new(error),
                                },
                                other => other,
                            });
                        }
                        Some(asked) => asked,
                        None => backoff(c.backoff, attempt).min(c.max_retry_wait),
                    };
                    tracing::warn!(
                        code = %what,
                        module = spec.path,
                        wait_ms = wait.as_millis() as u64,
                        "{what} from {}: waiting {:?} before retry {}",
                        spec.path,
                        wait,
                        attempt + 1
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// The whole request: the main parameters for `spec`'s action, then the module's (and its
    /// files).
    fn with_main_params(&self, spec: &ModuleSpec, params: &Params) -> Params {
        let mut full = self.main_params(spec.name);
        for (k, v) in params.iter() {
            full.add(k, v);
        }
        for (k, u) in params.uploads() {
            full.push_upload(k, u.clone());
        }
        full
    }

    fn main_params(&self, action: &str) -> Params {
        // Logging in is never asserted: the caller is not logged in yet.
        let logs_in = matches!(action, "login" | "clientlogin" | "createaccount");
        self.main_params_asserting(action, !logs_in)
    }

    /// The main parameters, with `assert` (the builder's, or `user` once logged in) when `assert`.
    fn main_params_asserting(&self, action: &str, assert: bool) -> Params {
        let c = &self.inner.config;
        let mut p = Params::new();
        p.add("action", action);
        p.add("format", "json");
        p.add("formatversion", "2");
        p.add("errorformat", c.errorformat.as_str());
        if let Some(lag) = c.maxlag {
            p.add("maxlag", itoa::Buffer::new().format(lag));
        }
        let authorized = self.logged_in_here() || c.oauth.is_some();
        if let Some(a) = c.assert.or_else(|| authorized.then_some(Assert::User)).filter(|_| assert) {
            p.add("assert", a.as_str());
        }
        p
    }

    /// Whether this client logged in (and has not logged out since).
    fn logged_in_here(&self) -> bool {
        lock(&self.inner.credentials).is_some()
    }

    /// `action=query` with `pairs`, as a GET with the main parameters: what the client's own
    /// helpers read (userinfo, siteinfo, authmanagerinfo, a page's current revision).
    pub(super) async fn query(&self, pairs: &[(&str, &str)]) -> Result<Response, ClientError> {
        let mut p = self.main_params("query");
        for (k, v) in pairs {
            p.add(k, v);
        }
        self.raw(&p, false).await
    }

    /// Sends a complete parameter list as is (GET or POST) and reads the answer.
    ///
    /// A dry run ([`ClientBuilder::dry_run`]) holds back every raw POST but a login's, as `raw`
    /// cannot tell a write from its parameters.
    pub async fn raw(&self, params: &Params, post: bool) -> Result<Response, ClientError> {
        if self.inner.config.dry_run && dry_run::raw_held_back(params, post) {
            let module = params.get("action").unwrap_or("main").to_string();
            return Err(self.hold_back(Unsent { module, post, params: params.clone(), token: None }));
        }
        self.read(self.fetch(params, post).await?)
    }

    /// Reads a reply as JSON, logging its warnings.
    fn read(&self, reply: Reply) -> Result<Response, ClientError> {
        let Reply { status, header_error, retry_after, text } = reply;
        let response =
            parse_answer(&self.inner.config.api, status, &text, header_error.as_deref(), retry_after)?;
        log_warnings(&response.warnings);
        Ok(response)
    }

    /// Sends a complete parameter list as is and reads the answer's text, at most
    /// [`ClientBuilder::max_response_bytes`] of it.
    async fn fetch(&self, params: &Params, post: bool) -> Result<Reply, ClientError> {
        // At most `max_concurrent` requests of this client are on the wire; the permit is held
        // until the answer is read. The semaphore is never closed.
        let _permit = self.inner.in_flight.acquire().await.ok();
        let api = &self.inner.config.api;
        let http = self.inner.transport.http();
        let multipart = !params.uploads().is_empty();
        let post = post || multipart;
        // Where it goes: api.php, with the parameters in the query string for a GET.
        let url = if post { api.clone() } else { format!("{api}?{}", params.to_query_string()) };
        let request = if multipart {
            let mut form = reqwest::multipart::Form::new();
            for (k, v) in params.iter() {
                form = form.text(k.to_string(), v.to_string());
            }
            for (k, u) in params.uploads() {
                let mut part =
                    reqwest::multipart::Part::bytes(u.content.clone()).file_name(u.filename.clone());
                part = part
                    .mime_str(u.mime.as_deref().unwrap_or("application/octet-stream"))
                    .map_err(|source| ClientError::Http { url: api.clone(), source })?;
                form = form.part(k.clone(), part);
            }
            http.post(&url).multipart(form)
        } else if post {
            http.post(&url)
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(params.to_query_string())
        } else {
            http.get(&url)
        };
        let request = match &self.inner.config.oauth {
            None => request,
            Some(OAuth::Bearer(token)) => request.bearer_auth(token.as_str()),
            Some(OAuth::OAuth1(creds)) => {
                // A form body's pairs are signed; a multipart body's are not (RFC 5849 3.4.1.3.1),
                // and a GET's are in the URL.
                let body: Vec<(String, String)> = match post && !multipart {
                    true => params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
                    false => Vec::new(),
                };
                let method = if post { "POST" } else { "GET" };
                let header = creds.authorization(method, &url, &body).ok_or_else(|| {
                    ClientError::Config(format!("cannot sign a request to {api} with OAuth 1.0a: not a URL with a host, or no randomness for a nonce"))
                })?;
                request.header(reqwest::header::AUTHORIZATION, header)
            }
        };
        let resp = self.inner.transport.send(api, request).await?;
        let status = resp.status().as_u16();
        let header_error =
            resp.headers().get("MediaWiki-API-Error").and_then(|v| v.to_str().ok()).map(str::to_string);
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let text = limits::read_body(resp, api, self.inner.config.max_response_bytes, params).await?;
        Ok(Reply { status, header_error, retry_after, text })
    }
}

/// `req`'s parameters with `extra` set over them (a name in both keeps `extra`'s value).
fn encoded<R: Encode>(req: &R, extra: &[(String, String)]) -> Params {
    let mut params = Params::new();
    req.encode("", &mut params);
    for (k, v) in extra {
        params.set(k, v);
    }
    params
}

/// Logs an answer's warnings through `tracing`, their texts escaped.
fn log_warnings(warnings: &[crate::error::Warning]) {
    for w in warnings {
        tracing::warn!(code = %printable(&w.code), module = %printable(&w.module), "{}", printable(&w.text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    #[test]
    fn errors_show_no_raw_control_characters() {
        let e = ClientError::Api(ApiError::new(
            "x\u{1b}[2J",
            "red \u{1b}[31malert\u{7}\r\nforged log line\u{9b}",
        ));
        let shown = e.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert!(shown.contains("\\u{1b}[31malert"), "{shown}");
        let e = ClientError::Api(ApiError::new("long", "y".repeat(100_000)));
        assert!(e.to_string().chars().count() < 1100);
    }
}
