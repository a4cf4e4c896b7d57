//! `meta=tokens`, `action=checktoken` and `action=clearhasmsg` (includes/api/ApiQueryTokens.php,
//! ApiCheckToken.php, ApiClearHasMsg.php).
//!
//! The fake's tokens are derived from the session (see [`crate::session`]) and carry no time, so
//! `checktoken` never answers `expired` for them, and its `generated` is the time of the check.

use super::login::mark_tokens;
use super::Caller;
use crate::Wiki;
use mediawiki_api::action::{self, QueryBody, QueryResponse};
use mediawiki_api::enums::TokensType;
use mediawiki_api::meta::{self, TokensResponse};
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::{Multi, Warning};

/// Every token type, in MediaWiki's (sorted) order.
const ALL: [TokensType; 7] = [
    TokensType::Createaccount,
    TokensType::Csrf,
    TokensType::Login,
    TokensType::Patrol,
    TokensType::Rollback,
    TokensType::Userrights,
    TokensType::Watch,
];

/// `meta=tokens`: each asked type's token for the session (`+\` for anonymous callers, but for
/// `login` and `createaccount`).
pub(crate) async fn meta_tokens(w: &Wiki, req: meta::Tokens, cx: &Context) -> Typed<QueryResponse> {
    let caller = Caller::of(w, cx);
    let types: Vec<TokensType> = match req.r#type {
        Multi::All => ALL.to_vec(),
        Multi::Values(v) if v.is_empty() => vec![TokensType::Csrf],
        Multi::Values(v) => v,
    };
    if types.iter().any(|t| matches!(t, TokensType::Login | TokensType::Createaccount)) {
        w.transaction(|tx| mark_tokens(tx, &caller.session))?;
    }
    let mut out = TokensResponse::default();
    for t in types {
        let token = Some(w.token_for(&caller.session, caller.id, t.as_str()));
        match t {
            TokensType::Createaccount => out.createaccounttoken = token,
            TokensType::Csrf => out.csrftoken = token,
            TokensType::Login => out.logintoken = token,
            TokensType::Patrol => out.patroltoken = token,
            TokensType::Rollback => out.rollbacktoken = token,
            TokensType::Userrights => out.userrightstoken = token,
            TokensType::Watch => out.watchtoken = token,
        }
    }
    let body = QueryBody { tokens: Some(Box::new(out)), ..Default::default() };
    Ok(QueryResponse { query: Some(Box::new(body)), ..Default::default() }.into())
}

/// `action=checktoken`: `valid` or `invalid` (never `expired`: the fake's tokens do not age).
pub(crate) async fn checktoken(
    w: &Wiki,
    req: action::Checktoken,
    cx: &Context,
) -> Typed<action::ChecktokenResponse> {
    let token = req.token.as_str();
    if token.ends_with(" \\") {
        cx.warn(Warning {
            code: "checktoken-percentencoding".into(),
            text: "Check that symbols such as \"+\" in the token are properly percent-encoded in the URL."
                .into(),
            module: "checktoken".into(),
            data: None,
        });
    }
    let valid = w.token_valid(cx, req.r#type.as_str(), token);
    let result = if valid { action::ChecktokenResult::Valid } else { action::ChecktokenResult::Invalid };
    // MediaWiki's tokens end in the hex time they were made; the fake's are made when asked for.
    let generated = match token_time(token) {
        Some(secs) => Some(crate::time::iso(secs)),
        None if valid && token != "+\\" => Some(crate::util::now()),
        None => None,
    };
    Ok(action::ChecktokenResponse { result, generated, ..Default::default() }.into())
}

/// The time a MediaWiki token says it was made: the hex digits between its 32-digit hash and `+\`.
fn token_time(token: &str) -> Option<i64> {
    let body = token.strip_suffix("+\\")?;
    let hex = body.get(32..)?;
    if hex.is_empty() {
        return None;
    }
    i64::from_str_radix(hex, 16).ok()
}

/// `action=clearhasmsg`: the caller has no new messages any more.
pub(crate) async fn clearhasmsg(
    w: &Wiki,
    req: action::Clearhasmsg,
    cx: &Context,
) -> Typed<action::ClearhasmsgResponse> {
    let _ = req;
    let caller = Caller::of(w, cx);
    if caller.logged_in() {
        w.query_db(|c| c.execute("UPDATE user SET hasmsg = 0 WHERE id = ?1", [caller.id]))?;
    }
    Ok(action::ClearhasmsgResponse { clearhasmsg: Some("success".into()), ..Default::default() }.into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn token_times_read_as_mediawiki_does() {
        assert_eq!(super::token_time("0123456789abcdef0123456789abcdef00000001+\\"), Some(1));
        assert_eq!(super::token_time("+\\"), None);
    }
}
