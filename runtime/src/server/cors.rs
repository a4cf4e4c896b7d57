//! CORS as MediaWiki 1.39's `ApiMain::handleCORS` does it, and the anonymity of `origin=*`
//! (docs/mediawiki-1.39-http.md §1, observed on the live wiki).
//!
//! - No `origin` parameter: no CORS at all, whatever the `Origin` header says.
//! - `origin=*`: anyone may read, anonymously: `Access-Control-Allow-Origin: *` without credentials,
//!   and the caller's identity is dropped (`MediaWiki-Login-Suppressed: true`).
//! - Any other `origin`: it must be one of the `Origin` header's origins, or the answer is MediaWiki's
//!   plain-text 403. An origin on the allow list ([`CorsOptions::allowed_origins`], MediaWiki's
//!   `$wgCrossSiteAJAXdomains`, empty by default) gets itself back with credentials allowed; any other
//!   is served with `MediaWiki-CORS-Rejection: Origin mismatch`, and the browser blocks it.
//! - A preflight (OPTIONS with `Access-Control-Request-Method`) also gets the allowed methods, and the
//!   requested headers if each is on [`CorsOptions::allowed_headers`].

use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// Which cross-origin callers the server trusts with credentials, as MediaWiki's settings say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsOptions {
    /// `$wgCrossSiteAJAXdomains`: rules for origins allowed with credentials, matched against what
    /// follows `http://` or `https://` in the whole origin (so a port must be in the rule), `*` standing
    /// for any characters and `?` for one. Empty by default, as in MediaWiki.
    pub allowed_origins: Vec<String>,
    /// `$wgCrossSiteAJAXdomainExceptions`: rules, as above, for origins refused even when allowed.
    pub exceptions: Vec<String>,
    /// `$wgAllowedCorsHeaders`: the request headers a preflight may ask for (compared without case).
    pub allowed_headers: Vec<String>,
}

impl Default for CorsOptions {
    fn default() -> Self {
        CorsOptions {
            allowed_origins: Vec::new(),
            exceptions: Vec::new(),
            allowed_headers: [
                "Accept",
                "Accept-Language",
                "Content-Language",
                "Content-Type",
                "Accept-Encoding",
                "DNT",
                "Origin",
                "User-Agent",
                "Api-User-Agent",
                "Access-Control-Max-Age",
                "Authorization",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

/// What CORS decided for one request.
#[derive(Debug, Default)]
pub(super) struct Decision {
    /// `origin` names an origin the `Origin` header does not hold: MediaWiki's 403, nothing else.
    pub forbidden: bool,
    /// The caller is served as anonymous (`origin=*`, `callback`, `Treat-as-Untrusted`).
    pub login_suppressed: bool,
    headers: Vec<(HeaderName, HeaderValue)>,
    vary_origin: bool,
}

const EXPOSE: &str = "MediaWiki-API-Error, Retry-After, X-Database-Lag, MediaWiki-Login-Suppressed";

impl Decision {
    /// Decides from the request's (merged) `origin` and `callback` parameters and its headers.
    pub fn new(
        origin: Option<&str>,
        callback: bool,
        method: &Method,
        headers: &HeaderMap,
        opts: &CorsOptions,
    ) -> Decision {
        let mut d = Decision {
            login_suppressed: callback || origin == Some("*") || headers.contains_key("treat-as-untrusted"),
            ..Decision::default()
        };
        let Some(origin) = origin else { return d };
        let header_text =
            |name: &str| headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let (allow_origin, credentials, matched) = if origin == "*" {
            ("*".to_string(), "false", true)
        } else {
            let Some(value) = header_text("origin") else {
                d.forbidden = true;
                return d;
            };
            let value = value.trim().to_string();
            // PHP's preg_split of an empty string gives one empty origin.
            let origins: Vec<&str> =
                if value.is_empty() { vec![""] } else { value.split_whitespace().collect() };
            if !origins.contains(&origin) {
                d.forbidden = true;
                return d;
            }
            d.vary_origin = true;
            // MediaWiki fails with an internal error (HTTP 500) when the header holds several origins;
            // here they are simply not allowed.
            let matched = origins.len() == 1 && origin_allowed(origin, opts);
            (value, "true", matched)
        };
        if !matched {
            d.push("mediawiki-cors-rejection", "Origin mismatch");
            return d;
        }
        let preflight = method == Method::OPTIONS && headers.contains_key("access-control-request-method");
        if preflight {
            if let Some(asked) = header_text("access-control-request-headers") {
                if !headers_allowed(&asked, &opts.allowed_headers) {
                    d.headers.clear();
                    d.push("mediawiki-cors-rejection", "Unsupported header requested in preflight");
                    return d;
                }
                d.push("access-control-allow-headers", &asked);
            }
            d.push("access-control-allow-methods", "POST, GET, HEAD");
        }
        d.push("access-control-allow-origin", &allow_origin);
        d.push("access-control-allow-credentials", credentials);
        if origin != "*" {
            d.push("timing-allow-origin", &allow_origin);
        }
        if !preflight {
            d.push("access-control-expose-headers", EXPOSE);
        }
        d
    }

    fn push(&mut self, name: &'static str, value: &str) {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.push((HeaderName::from_static(name), v));
        }
    }

    /// Adds the decision's headers to an answer. `Vary: Origin` goes on answers other than OPTIONS
    /// (MediaWiki sends it only where the module's cache mode is public; it is always safe to send).
    pub fn apply(&self, resp: &mut Response, method: &Method) {
        let h = resp.headers_mut();
        if self.login_suppressed {
            h.insert("mediawiki-login-suppressed", HeaderValue::from_static("true"));
        }
        for (name, value) in &self.headers {
            h.insert(name.clone(), value.clone());
        }
        if self.vary_origin && method != Method::OPTIONS {
            h.append(header::VARY, HeaderValue::from_static("Origin"));
        }
    }

    /// MediaWiki's answer to an `origin` that the `Origin` header does not hold: not an API error, a
    /// plain page.
    pub fn forbidden_response(&self) -> Response {
        let mut resp =
            (StatusCode::FORBIDDEN, "'origin' parameter does not match Origin header\n").into_response();
        let h = resp.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=UTF-8"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        if self.login_suppressed {
            h.insert("mediawiki-login-suppressed", HeaderValue::from_static("true"));
        }
        resp
    }
}

/// Whether `origin` (`scheme://host[:port]`) is allowed and not an exception.
fn origin_allowed(origin: &str, opts: &CorsOptions) -> bool {
    let Some(rest) = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) else {
        return false;
    };
    // The literal origin `null` never matches (it has no scheme, so it is refused above).
    let any = |rules: &[String]| rules.iter().any(|r| wildcard(r.as_bytes(), rest.as_bytes()));
    any(&opts.allowed_origins) && !any(&opts.exceptions)
}

/// `*` matches any run of bytes, `?` one byte, anything else itself (case matters, as in MediaWiki).
/// In one pass with a return to the last star, so a long hostile origin costs rule × text steps at most.
fn wildcard(rule: &[u8], text: &[u8]) -> bool {
    let (mut r, mut t) = (0, 0);
    let mut last_star: Option<(usize, usize)> = None;
    while t < text.len() {
        match rule.get(r) {
            Some(b'*') => {
                last_star = Some((r, t));
                r += 1;
            }
            Some(&c) if c == b'?' || c == text[t] => {
                r += 1;
                t += 1;
            }
            _ => match last_star {
                // The star takes one more byte.
                Some((sr, st)) => {
                    last_star = Some((sr, st + 1));
                    r = sr + 1;
                    t = st + 1;
                }
                None => return false,
            },
        }
    }
    rule[r..].iter().all(|&c| c == b'*')
}

/// `Access-Control-Request-Headers`: empty, or each comma-separated name on the list.
fn headers_allowed(asked: &str, allowed: &[String]) -> bool {
    asked.trim().is_empty()
        || asked.split(',').all(|h| allowed.iter().any(|a| a.eq_ignore_ascii_case(h.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_as_mediawiki_builds_them() {
        assert!(wildcard(b"example.org", b"example.org"));
        assert!(!wildcard(b"example.org", b"example.org:8080"));
        assert!(wildcard(b"*.allowed.example", b"x.allowed.example"));
        assert!(wildcard(b"*.allowed.example", b".allowed.example"));
        assert!(wildcard(b"host?", b"host1"));
        assert!(!wildcard(b"host?", b"host"));
        assert!(!wildcard(b"Example.org", b"example.org"));
        assert!(wildcard(b"a*b*c", b"axxbyyc"));
        assert!(!wildcard(b"a*b*c", b"axxbyy"));
        // A hostile origin against many stars: linear in each, not exponential.
        assert!(!wildcard(b"*a*a*a*a*a*a*a*a*b", &[b'a'; 100_000]));
    }

    #[test]
    fn allow_list_and_exceptions() {
        let opts = CorsOptions {
            allowed_origins: vec!["example.org".into(), "*.allowed.example".into()],
            exceptions: vec!["bad.allowed.example".into()],
            ..CorsOptions::default()
        };
        assert!(origin_allowed("https://example.org", &opts));
        assert!(origin_allowed("http://x.allowed.example", &opts));
        assert!(!origin_allowed("http://bad.allowed.example", &opts));
        assert!(!origin_allowed("http://example.org:8080", &opts));
        assert!(!origin_allowed("null", &opts));
        assert!(!origin_allowed("ftp://example.org", &opts));
    }

    #[test]
    fn requested_headers() {
        let allowed = CorsOptions::default().allowed_headers;
        assert!(headers_allowed("", &allowed));
        assert!(headers_allowed("  ", &allowed));
        assert!(headers_allowed("API-USER-AGENT,authorization", &allowed));
        assert!(!headers_allowed("X-Foo, Content-Type", &allowed));
        assert!(!headers_allowed("Content-Type,,Accept", &allowed));
    }
}
