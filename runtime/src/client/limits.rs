//! What the client takes from the wiki, and how much: waits before a retry (`Retry-After`, the
//! backoff) and the size of an answer.

use super::text::excerpt;
use super::ClientError;
use crate::error::ApiError;
use crate::params::Params;
use std::time::{Duration, SystemTime};

/// Reads the body, at most `max_response_bytes` of it: refused at once when its `Content-Length`
/// is larger, otherwise read chunk by chunk until it ends or passes the limit. Invalid UTF-8 is
/// replaced with U+FFFD.
pub(super) async fn read_body(
    mut resp: reqwest::Response,
    api: &str,
    limit: u64,
    params: &Params,
) -> Result<String, ClientError> {
    let too_large = |content_length: Option<u64>| {
        let module = module_of(params);
        tracing::warn!(
            url = %api,
            module = %module,
            limit,
            content_length,
            "{api} ({module}) answered more than max_response_bytes ({limit} bytes)"
        );
        ClientError::TooLarge { url: api.to_string(), module, limit, content_length }
    };
    let content_length = resp.content_length();
    if content_length.is_some_and(|n| n > limit) {
        return Err(too_large(content_length));
    }
    // Room for what the answer announces (up to MediaWiki's default result size: an announced
    // length is only a claim), or a small start; the buffer grows as the chunks come, never
    // past the limit.
    let start = content_length.unwrap_or(16 * 1024).min(limit).min(8 * 1024 * 1024);
    let mut body = Vec::with_capacity(usize::try_from(start).unwrap_or(0));
    while let Some(chunk) =
        resp.chunk().await.map_err(|source| ClientError::Http { url: api.to_string(), source })?
    {
        if (body.len() as u64).saturating_add(chunk.len() as u64) > limit {
            return Err(too_large(content_length));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(match String::from_utf8(body) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// The wait the wiki asked for: its `Retry-After`, which [`parse_answer`](super::parse_answer) keeps
/// in the error's data as `retry-after` (seconds).
pub(super) fn retry_after(e: &ApiError) -> Option<Duration> {
    e.data.as_ref()?.get("retry-after")?.as_u64().map(Duration::from_secs)
}

/// The wait of the `attempt`-th retry without `Retry-After`: `backoff × 2^attempt`, saturating (a
/// large `retries` neither overflows nor wraps to no wait at all).
pub(super) fn backoff(first: Duration, attempt: u32) -> Duration {
    2u32.checked_pow(attempt).and_then(|m| first.checked_mul(m)).unwrap_or(Duration::MAX)
}

/// `Retry-After` in seconds: delay-seconds (digits; too many for a u64 is as good as forever), or an
/// HTTP-date (all three forms HTTP allows), counted from `now` (0 when past). Anything else is
/// `None`: the client then waits its own backoff, as without the header.
pub(super) fn parse_retry_after(value: &str, now: SystemTime) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Only overflow fails here.
        return Some(v.parse::<u64>().unwrap_or(u64::MAX));
    }
    let date = httpdate::parse_http_date(v).ok()?;
    Some(match date.duration_since(now) {
        Ok(d) => d.as_secs().saturating_add(u64::from(d.subsec_nanos() > 0)),
        Err(_) => 0,
    })
}

/// Which module a parameter list asks for, for errors: `action=…`, with the query submodules.
fn module_of(params: &Params) -> String {
    let mut out = format!("action={}", params.get("action").unwrap_or("?"));
    for group in ["list", "prop", "meta", "generator"] {
        if let Some(v) = params.get(group) {
            out.push('&');
            out.push_str(group);
            out.push('=');
            out.push_str(v);
        }
    }
    excerpt(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::DEFAULT_MAX_RETRY_WAIT;

    #[test]
    fn retry_after_in_seconds_dates_and_garbage() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").expect("date");
        let p = |v: &str| parse_retry_after(v, now);
        assert_eq!(p("5"), Some(5));
        assert_eq!(p(" 120 "), Some(120));
        assert_eq!(p("0"), Some(0));
        assert_eq!(p("18446744073709551615"), Some(u64::MAX));
        assert_eq!(p("99999999999999999999999999"), Some(u64::MAX));
        // The three HTTP-date forms, 90 s after `now`; a past date is "now".
        assert_eq!(p("Sun, 06 Nov 1994 08:51:07 GMT"), Some(90));
        assert_eq!(p("Sunday, 06-Nov-94 08:51:07 GMT"), Some(90));
        assert_eq!(p("Sun Nov  6 08:51:07 1994"), Some(90));
        assert_eq!(p("Sat, 05 Nov 1994 08:49:37 GMT"), Some(0));
        for garbage in ["", "-1", "1.5", "5s", "soon", "0x10", "\u{1b}[31m", "Sun, 99 Nov 1994 08:49:37 GMT"]
        {
            assert_eq!(p(garbage), None, "{garbage:?}");
        }
    }

    #[test]
    fn backoff_saturates() {
        let b = Duration::from_millis(50);
        assert_eq!(backoff(b, 0), b);
        assert_eq!(backoff(b, 3), Duration::from_millis(400));
        assert_eq!(backoff(b, 32), Duration::MAX);
        assert_eq!(backoff(Duration::MAX, 1), Duration::MAX);
        assert_eq!(backoff(b, u32::MAX).min(DEFAULT_MAX_RETRY_WAIT), DEFAULT_MAX_RETRY_WAIT);
    }
}
