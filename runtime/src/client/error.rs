//! [`ClientError`]: why a request did not give a result.

use super::limits::retry_after;
use super::text::printable;
#[cfg(doc)]
use super::{Client, ClientBuilder};
use crate::error::ApiError;
use std::time::Duration;

/// Why a request did not give a result.
///
/// Its `Display` shows what came from the wiki with control characters escaped (`\u{1b}`) and cut
/// after 1,000 characters; the fields keep it as it came.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The wiki answered with an error. [`ApiError::kind`] tells what to do about it.
    #[error("the wiki refused the request: {}", printable(.0))]
    Api(ApiError),
    /// The request was refused before sending, for the reason the wiki would give.
    #[error("refused before sending: {}", printable(.0))]
    Invalid(ApiError),
    /// The wiki answered `maxlag` or `readonly` and asked (`Retry-After`) to wait longer than
    /// [`ClientBuilder::max_retry_wait`]: the client neither waited nor retried. Retry after `asked`
    /// yourself, or give up.
    #[error(
        "{} from {module}: the wiki asks to wait {}s before a retry, more than max_retry_wait ({}s); not retrying",
        printable(&.error.code),
        .asked.as_secs(),
        .max.as_secs()
    )]
    RetryAfterTooLong {
        /// The module sent.
        module: String,
        /// How long the wiki asked to wait (`Retry-After`, in seconds or as a date).
        asked: Duration,
        /// The client's [`ClientBuilder::max_retry_wait`].
        max: Duration,
        /// The wiki's error (boxed: it is large, and errors travel in every `Result`).
        error: Box<ApiError>,
    },
    /// The answer was larger than [`ClientBuilder::max_response_bytes`]: the client stopped reading
    /// it (or did not start, when its `Content-Length` said so).
    #[error("{url} ({module}) answered more than max_response_bytes ({limit} bytes): {}", size_note(.content_length))]
    TooLarge {
        /// The api.php URL.
        url: String,
        /// The module asked (`action=query&list=allpages`: `action` and the query submodules).
        module: String,
        /// The client's [`ClientBuilder::max_response_bytes`].
        limit: u64,
        /// The answer's `Content-Length`, when it had one.
        content_length: Option<u64>,
    },
    /// The HTTP layer failed: no connection, a timeout, an unreadable answer, or an HTTP client that
    /// could not be built.
    #[error("request to {url} failed: {source}")]
    Http {
        /// The api.php URL.
        url: String,
        /// What reqwest reported.
        source: reqwest::Error,
    },
    /// The in-process service ([`ClientBuilder::service`]) failed, or gave no answer within the
    /// timeout.
    #[error("request to {url} through the in-process service failed: {source}")]
    Transport {
        /// The api.php URL.
        url: String,
        /// What the service (or the timeout) reported.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The wiki answered with a failed HTTP status and no API error.
    #[error("{url} answered HTTP {status}: {excerpt}")]
    Status {
        /// The api.php URL.
        url: String,
        /// The HTTP status code.
        status: u16,
        /// The beginning of the answer (300 characters at most).
        excerpt: String,
        /// The wait the answer's `Retry-After` asked for, if it had one (a 503 often does).
        retry_after: Option<Duration>,
    },
    /// The wiki answered with a success status, but not with JSON (a proxy's or an error page).
    #[error("{url} did not answer JSON ({source}); the answer began: {excerpt}")]
    NotJson {
        /// The api.php URL.
        url: String,
        /// Why the answer is not JSON.
        source: serde_json::Error,
        /// The beginning of the answer (300 characters at most).
        excerpt: String,
    },
    /// The answer was JSON, but not of the shape this call expects.
    #[error("unexpected answer: {}", printable(.0))]
    Unexpected(String),
    /// The answer was a success, but its JSON does not fit the response type that the request's
    /// module is answered with ([`Client::call`]): a field of the wrong type, a required field
    /// missing, or (with [`ClientBuilder::strict_responses`]) a key or an enum value the spec does
    /// not know. The raw answer is still there: [`Client::execute`] sends the same request and
    /// gives it as JSON.
    #[error(
        "the answer of `{module}` does not fit {type_name} at `{path}`: {}",
        printable(.message)
    )]
    Misfit {
        /// The module asked (`edit`, `query`).
        module: String,
        /// The response type (`EditResponse`).
        type_name: &'static str,
        /// Where in the answer, from its root (`query.allpages[3].ns`; `.` for the root itself).
        path: String,
        /// What did not fit (serde's words; a secret-looking value is not quoted).
        message: String,
    },
    /// `execute` takes action modules; query submodules go inside an `action=query` request.
    #[error("`{0}` is not an action module; put it in an action=query request")]
    NotAnAction(&'static str),
    /// The session file ([`Client::save_session`], [`Client::restore_session`]) could not be
    /// written or read.
    #[error("session file {}: {source}", .path.display())]
    SessionFile {
        /// The file.
        path: std::path::PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A dry run ([`ClientBuilder::dry_run`]) validated this write request and did not send it;
    /// [`Client::unsent`] has what would have been sent.
    #[error("dry run: `{module}` has write rights and was not sent")]
    DryRun {
        /// The module held back (`edit`).
        module: String,
    },
    /// The builder's settings cannot work (a user agent that does not say who runs the client).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

fn size_note(content_length: &Option<u64>) -> String {
    match content_length {
        Some(n) => format!("its Content-Length is {n}; not read"),
        None => "stopped reading at the limit".to_string(),
    }
}

impl ClientError {
    /// The API error, whether the wiki or the client-side validation raised it (also the wiki's
    /// error behind [`ClientError::RetryAfterTooLong`]).
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            ClientError::Api(e) | ClientError::Invalid(e) => Some(e),
            ClientError::RetryAfterTooLong { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Whether the client retries the request after this error (as many times as
    /// [`ClientBuilder::retries`](super::ClientBuilder::retries) allows): `maxlag`, `readonly` and
    /// `ratelimited`, an HTTP 5xx status, and a connection that broke during the request (not
    /// one that could not be made, nor a timeout).
    pub fn is_retried(&self) -> bool {
        match self {
            ClientError::Api(e) => matches!(e.code.as_ref(), "maxlag" | "readonly" | "ratelimited"),
            ClientError::Status { status, .. } => (500..600).contains(status),
            ClientError::Http { source, .. } => {
                !source.is_connect() && !source.is_timeout() && !source.is_builder() && !source.is_decode()
            }
            _ => false,
        }
    }

    /// How long the wiki asked to wait before a retry (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ClientError::RetryAfterTooLong { asked, .. } => Some(*asked),
            ClientError::Api(e) => retry_after(e),
            ClientError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
