//! [`ClientBuilder`]: how a [`Client`] behaves (its defaults are a good bot's).

use super::transport::{ServiceSlot, Transport};
use super::{
    Assert, Client, ClientError, ErrorFormat, Inner, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRY_WAIT,
    DEFAULT_WRITE_INTERVAL,
};
use crate::decode::DecodeOptions;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Configures a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    pub(super) api: String,
    pub(super) user_agent: String,
    pub(super) errorformat: ErrorFormat,
    pub(super) maxlag: Option<u32>,
    pub(super) retries: u32,
    pub(super) backoff: Duration,
    pub(super) max_retry_wait: Duration,
    pub(super) max_response_bytes: u64,
    pub(super) assert: Option<Assert>,
    pub(super) timeout: Duration,
    pub(super) validate: bool,
    pub(super) decode: DecodeOptions,
    pub(super) strict_responses: bool,
    pub(super) service: Option<ServiceSlot>,
    pub(super) layers: super::layers::Layers,
    pub(super) max_concurrent: usize,
    pub(super) write_interval: Duration,
    pub(super) relogin: bool,
    pub(super) dry_run: bool,
    pub(super) oauth: Option<super::OAuth>,
}

impl ClientBuilder {
    /// `errorformat` (default `plaintext`).
    pub fn errorformat(mut self, f: ErrorFormat) -> Self {
        self.errorformat = f;
        self
    }

    /// `maxlag` in seconds (default 5; `None` leaves it out).
    pub fn maxlag(mut self, seconds: Option<u32>) -> Self {
        self.maxlag = seconds;
        self
    }

    /// How many requests of this client may be on the wire at once (default 1: in series, as
    /// Wikimedia's API etiquette asks). Clones of a client share the limit; `0` counts as 1.
    pub fn max_concurrent(mut self, n: usize) -> Self {
        self.max_concurrent = n;
        self
    }

    /// The least time between the starts of two write requests (modules with write rights: edit,
    /// move, delete, …; default 1 s). Reads are not paced. `Duration::ZERO` turns it off, as a
    /// test against a fake wiki does.
    pub fn write_interval(mut self, interval: Duration) -> Self {
        self.write_interval = interval;
        self
    }

    /// How many times a request is retried (default 3) on `maxlag`, `readonly` and `ratelimited`,
    /// an HTTP 5xx status, or a connection that broke during the request
    /// ([`ClientError::is_retried`]), and the first wait when the wiki gives no `Retry-After`
    /// (default 5 s, doubling, at most [`max_retry_wait`](Self::max_retry_wait)).
    ///
    /// A request is sent at most `1 + times` times, plus once more after a `badtoken` (with a new
    /// token), and waits at most `times × max_retry_wait` in all.
    pub fn retries(mut self, times: u32, backoff: Duration) -> Self {
        self.retries = times;
        self.backoff = backoff;
        self
    }

    /// The longest the client waits before one retry (default 30 s). A wiki that asks for more in
    /// `Retry-After` gets no retry: the request fails at once with
    /// [`ClientError::RetryAfterTooLong`], which says what the wiki asked for.
    ///
    /// MediaWiki's `maxlag` answer asks for `max(maxlag, 5)` seconds, 5 with this client's default
    /// `maxlag`: raise this when you raise [`maxlag`](Self::maxlag) above 30.
    pub fn max_retry_wait(mut self, max: Duration) -> Self {
        self.max_retry_wait = max;
        self
    }

    /// The largest answer the client reads, in bytes (default 64 MiB). A larger one fails with
    /// [`ClientError::TooLarge`]: at once when its `Content-Length` says so, otherwise as soon as
    /// that many bytes have come, without keeping the rest.
    ///
    /// MediaWiki builds no result over `$wgAPIMaxResultSize` (8 MiB by default); 64 MiB leaves room
    /// for wikis that raise it and for JSON's escaping, and bounds what a wrong or hostile server
    /// costs.
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// Send `assert=user` / `assert=bot` with every request. Unset (the default), the client sends
    /// `assert=user` once it has logged in, so that a lost session is an error
    /// (`assertuserfailed`), never an anonymous edit.
    pub fn assert(mut self, a: Option<Assert>) -> Self {
        self.assert = a;
        self
    }

    /// When the wiki answers `assertuserfailed` (the session is gone), log in again the way the
    /// client last did and send the request once more (default on).
    pub fn relogin(mut self, on: bool) -> Self {
        self.relogin = on;
        self
    }

    /// A dry run (default off): every request is validated as usual and reads are sent, but a
    /// module with write rights (edit, move, delete, upload, …; logging in and out excepted) is
    /// not: the call fails with [`ClientError::DryRun`], and [`Client::unsent`] keeps what would
    /// have been sent. A dry run fetches no tokens for the writes it holds back.
    pub fn dry_run(mut self, on: bool) -> Self {
        self.dry_run = on;
        self
    }

    /// Authorize every request with OAuth instead of a login (default none): an OAuth 2 access
    /// token ([`OAuth::Bearer`](super::OAuth::Bearer)), or OAuth 1.0a credentials whose HMAC-SHA1
    /// signature each request carries ([`OAuth::OAuth1`](super::OAuth::OAuth1)). The client then
    /// sends `assert=user`, as after a login; [`Client::refresh_rights`] learns the consumer's
    /// rights and limits (its grants) to validate with.
    pub fn oauth(mut self, credentials: super::OAuth) -> Self {
        self.oauth = Some(credentials);
        self
    }

    /// The timeout of one HTTP request (default 60 s).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    /// Validate requests before sending them (default on), with these options (the wiki's namespaces,
    /// whether the account has `apihighlimits`).
    pub fn validate(mut self, on: bool, options: DecodeOptions) -> Self {
        self.validate = on;
        self.decode = options;
        self
    }

    /// Read typed answers ([`Client::call`]) strictly (default off): a key or an enum value that
    /// the response type does not know is then a [`ClientError::Misfit`] instead of being kept in
    /// the type's `extra` map or its `Other` variant. For tests of a wiki against the spec; a bot
    /// leaves it off, so that a newer wiki's additions do not stop it.
    pub fn strict_responses(mut self, on: bool) -> Self {
        self.strict_responses = on;
        self
    }

    /// Builds the client. Fails with [`ClientError::Config`] when the user agent does not say who runs
    /// the client (`name/version (contact)`).
    pub fn build(self) -> Result<Client, ClientError> {
        if self.user_agent.trim().is_empty() || !self.user_agent.contains('/') {
            return Err(ClientError::Config(format!(
                "user agent `{}` does not say who you are: use `name/version (contact)`, as Wikimedia's policy asks",
                self.user_agent
            )));
        }
        let transport =
            Transport::new(&self.api, &self.user_agent, self.timeout, self.service.clone(), &self.layers)?;
        let max_concurrent = self.max_concurrent.max(1);
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                config: self,
                tokens: Mutex::new(HashMap::new()),
                session: Mutex::new(None),
                in_flight: tokio::sync::Semaphore::new(max_concurrent),
                pacing: tokio::sync::Mutex::new(Default::default()),
                credentials: Mutex::new(None),
                unsent: Mutex::new(Vec::new()),
            }),
        })
    }
}

impl Client {
    /// A client for the wiki at `api` (its api.php URL). `user_agent` must say who runs it, e.g.
    /// `my-bot/1.0 (https://example.org/my-bot; me@example.org)`.
    pub fn builder(api: impl Into<String>, user_agent: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            api: api.into(),
            user_agent: user_agent.into(),
            errorformat: ErrorFormat::default(),
            maxlag: Some(5),
            retries: 3,
            backoff: Duration::from_secs(5),
            max_retry_wait: DEFAULT_MAX_RETRY_WAIT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            assert: None,
            timeout: Duration::from_secs(60),
            validate: true,
            decode: DecodeOptions::default(),
            strict_responses: false,
            service: None,
            layers: Default::default(),
            max_concurrent: 1,
            write_interval: DEFAULT_WRITE_INTERVAL,
            relogin: true,
            dry_run: false,
            oauth: None,
        }
    }
}
