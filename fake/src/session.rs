//! Sessions, as MediaWiki keeps them: a `mwgen_session` cookie (the cookie prefix is the wiki's
//! database name, `mwgen`), given to every caller that comes without one, and a row in `session` once
//! something is kept in it (a login). Tokens are derived from the session and the wiki's secret, so
//! that they need no storage: the same session gets the same token until it logs in or out.
//!
//! For anonymous callers every token but `login` and `createaccount` is `+\`, as in MediaWiki.

use crate::Wiki;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use mwgen_runtime::server::Context;

/// The session cookie's name.
pub const COOKIE: &str = "mwgen_session";

/// The header the session layer puts on a request that came without a session: its new session has
/// nobody logged in, so who is calling needs no lookup. Taken off whatever a client sends.
const FRESH: &str = "x-mwgen-fresh-session";

/// Whether the session layer gave this request its session just now (nobody is logged in to it).
pub fn is_fresh(headers: &HeaderMap) -> bool {
    headers.contains_key(FRESH)
}

/// The session id a request carries in its `Cookie` headers.
pub fn id_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, v)| *k == COOKIE && !v.is_empty())
        .map(|(_, v)| v)
}

/// The session id of the request a module method serves. The session layer gives every request
/// one, so this is `""` only for a request that bypassed the layer.
pub fn id(cx: &Context) -> &str {
    id_of(&cx.headers).unwrap_or("")
}

/// The session layer: a request without a session cookie gets a new session id (in its headers, for
/// the modules, and in a `Set-Cookie` on the answer).
pub async fn layer(mut req: Request, next: Next) -> Response {
    req.headers_mut().remove(FRESH);
    let fresh = if id_of(req.headers()).is_none() {
        let id = crate::util::random_hex(16);
        if let Ok(v) = HeaderValue::from_str(&[COOKIE, "=", &id].concat()) {
            req.headers_mut().append(header::COOKIE, v);
            req.headers_mut().insert(FRESH, HeaderValue::from_static("1"));
        }
        Some(id)
    } else {
        None
    };
    let mut resp = next.run(req).await;
    if let Some(id) = fresh {
        if let Ok(v) = HeaderValue::from_str(&[COOKIE, "=", &id, "; path=/; HttpOnly"].concat()) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

impl Wiki {
    /// The token of `kind` for session `session`, logged in as `user` (0: anonymous).
    pub fn token_for(&self, session: &str, user: i64, kind: &str) -> String {
        if user == 0 && !matches!(kind, "login" | "createaccount") {
            return "+\\".into();
        }
        let digest = crate::util::sha1_hex(&format!("{}|{session}|{user}|{kind}", self.secret()));
        format!("{}+\\", &digest[..32])
    }

    /// Who is logged in in `session`: `(user id, user name)`, or `None` when anonymous.
    pub fn session_user(&self, session: &str) -> Option<(i64, String)> {
        if session.is_empty() {
            return None;
        }
        self.db(|c| {
            c.prepare_cached(
                "SELECT user.id, user.name FROM session JOIN user ON user.id = session.user WHERE session.id = ?1",
            )?
            .query_row([session], |r| Ok((r.get(0)?, r.get(1)?)))
        })
        .ok()
    }
}
