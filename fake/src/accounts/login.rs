//! `action=login` (main account and bot passwords), `action=clientlogin` and `action=logout`, as
//! MediaWiki 1.39 answers them (includes/api/ApiLogin.php, ApiClientLogin.php, ApiLogout.php).
//!
//! A login is a `session` row naming the user (and the bot password's app id for a bot password
//! login). As in MediaWiki, logging in resets the session's tokens: a login token fetched before a
//! login is lost with it, and `action=login` then says the session timed out.

use super::messages::{auth_message, login_reason, no_primary, wrong_password, Msg};
use super::{canonical_name, user_by_name, Caller, RESERVED};
use crate::{session, Wiki};
use mediawiki_api::action;
use mediawiki_api::action::{ClientloginResponse, ClientloginStatus, LoginResponse, LoginResult};
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::{ApiError, Warning};
use rusqlite::{params, OptionalExtension};

/// How one login attempt with a user name and password ended.
enum Outcome {
    /// Logged in as this user (id, name).
    Pass(i64, String),
    /// Refused, with this message.
    Fail(Msg),
}

/// MediaWiki's `requirePostedParameters`: `mustpostparams` when any of `names` came in the
/// query string.
pub(crate) fn require_posted(cx: &Context, names: &[&str]) -> Result<(), ApiError> {
    let bad: Vec<&str> = names.iter().copied().filter(|n| cx.raw_in_query(n)).collect();
    let what = match bad.len() {
        0 => return Ok(()),
        1 => "parameter was",
        _ => "parameters were",
    };
    Err(ApiError::new(
        "mustpostparams",
        format!(
            "The following {what} found in the query string, but must be in the POST body: {}.",
            bad.join(", ")
        ),
    ))
}

/// `action=login`.
pub(crate) async fn login(w: &Wiki, req: action::Login, cx: &Context) -> Typed<LoginResponse> {
    require_posted(cx, &["lgpassword", "lgtoken"])?;
    let caller = Caller::of(w, cx);
    if caller.grants.is_some() {
        let msg = Msg::new(
            "api-login-fail-badsessionprovider",
            "Cannot log in when using MediaWiki\\Session\\BotPasswordSessionProvider sessions.",
        );
        return Ok(answer(LoginResult::Other("Aborted".into()), Some(login_reason(cx, &msg))).into());
    }
    // Getting the session's login token creates it: only a session that had one can log in.
    let had_token = take_login_token(w, &caller.session)?;
    let token = w.token_for(&caller.session, caller.id, "login");
    let given = req.token.as_ref().map(|t| t.as_str()).unwrap_or("");
    if given.is_empty() || given == "0" {
        cx.warn(deprecation(
            "Fetching a token via \"action=login\" is deprecated. Use \"action=query&meta=tokens&type=login\" instead.",
        ));
        return Ok(LoginResponse {
            result: LoginResult::NeedToken,
            token: Some(token),
            ..Default::default()
        }
        .into());
    }
    if !had_token {
        let mut msg = Msg::new(
            "authpage-cannot-login-continue",
            "Unable to continue login. Your session most likely timed out.",
        );
        msg.code = "sessionlost";
        return Ok(answer(LoginResult::Failed, Some(login_reason(cx, &msg))).into());
    }
    if given != token {
        return Ok(answer(LoginResult::Other("WrongToken".into()), None).into());
    }
    let name = req.name.as_deref().unwrap_or("");
    let password = req.password.as_ref().map(|p| p.as_str()).unwrap_or("");
    if let Some((user, app, pass)) = bot_login_data(name, password) {
        if let Some((id, canonical)) = bot_password(w, user, app, pass)? {
            log_in(w, &caller.session, id, Some(app))?;
            return Ok(success(id, canonical).into());
        }
    }
    match password_login(w, name, password)? {
        Outcome::Pass(id, canonical) => {
            log_in(w, &caller.session, id, None)?;
            cx.warn(deprecation(
                "Main-account login via \"action=login\" is deprecated and may stop working without warning. To continue login with \"action=login\", see [[Special:BotPasswords]]. To safely continue using main-account login, see \"action=clientlogin\".",
            ));
            Ok(success(id, canonical).into())
        }
        Outcome::Fail(msg) => Ok(answer(LoginResult::Failed, Some(login_reason(cx, &msg))).into()),
    }
}

fn answer(result: LoginResult, reason: Option<serde_json::Value>) -> LoginResponse {
    LoginResponse { result, reason, ..Default::default() }
}

fn success(id: i64, name: String) -> LoginResponse {
    LoginResponse {
        result: LoginResult::Success,
        lguserid: Some(id),
        lgusername: Some(name),
        ..Default::default()
    }
}

fn deprecation(text: &str) -> Warning {
    Warning { code: "deprecation".into(), text: text.to_string(), module: "login".into(), data: None }
}

/// MediaWiki's `BotPassword::canonicalizeLoginData`: `(user, app id, password)` when the name and
/// password look like a bot password login (`User@app` and the password, or `User` and
/// `app@password`).
fn bot_login_data<'a>(name: &'a str, password: &'a str) -> Option<(&'a str, &'a str, &'a str)> {
    let looks =
        |p: &str| p.len() >= 32 && p.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'w').contains(&b));
    if password.len() >= 32 && name.contains('@') {
        let (user, app) = name.split_once('@')?;
        return looks(password).then_some((user, app, password));
    }
    if password.len() > 32 && password.contains('@') {
        let (app, pass) = password.rsplit_once('@')?;
        if looks(pass) && !name.contains('@') {
            return Some((name, app, pass));
        }
    }
    None
}

/// The user a bot password logs in, when `app`'s password of `user` is `password`.
fn bot_password(w: &Wiki, user: &str, app: &str, password: &str) -> Result<Option<(i64, String)>, ApiError> {
    let Some(name) = canonical_name(w, user) else { return Ok(None) };
    w.query_db(|c| {
        c.prepare_cached(
            "SELECT user.id, user.name FROM bot_password JOIN user ON user.id = bot_password.user
             WHERE user.name = ?1 AND bot_password.appid = ?2 AND bot_password.password = ?3",
        )
        .and_then(|mut st| st.query_row(params![name, app, password], |r| Ok((r.get(0)?, r.get(1)?))))
        .optional()
    })
}

/// A main-account login with `name` and `password`, as AuthManager's password providers decide it.
fn password_login(w: &Wiki, name: &str, password: &str) -> Result<Outcome, ApiError> {
    if name.is_empty() || password.is_empty() {
        return Ok(Outcome::Fail(no_primary()));
    }
    let Some(canonical) = canonical_name(w, name).filter(|n| !RESERVED.contains(&n.as_str())) else {
        return Ok(Outcome::Fail(no_primary()));
    };
    let user = w.query_db(|c| user_by_name(c, &canonical))?;
    Ok(match user {
        Some(u) if !u.password.is_empty() && u.password == password => Outcome::Pass(u.id, u.name),
        _ => Outcome::Fail(wrong_password()),
    })
}

/// Whether `session` had a login token (and gives it one from now on).
fn take_login_token(w: &Wiki, session: &str) -> Result<bool, ApiError> {
    w.transaction(|tx| {
        let had = has_token_mark(tx, session)?;
        if !had {
            mark_tokens(tx, session)?;
        }
        Ok(had)
    })
}

/// Whether `session`'s tokens were handed out since it began or last logged in or out.
pub(crate) fn has_token_mark(c: &rusqlite::Connection, session: &str) -> Result<bool, ApiError> {
    let state: Option<Option<String>> = c
        .query_row("SELECT state FROM session WHERE id = ?1", [session], |r| r.get(0))
        .optional()
        .map_err(db_error)?;
    Ok(state.flatten().is_some_and(|s| s.contains(TOKENS_MARK)))
}

const TOKENS_MARK: &str = "\"tokens\":true";

/// Records that `session` was given its tokens (MediaWiki keeps their secret in the session).
pub(crate) fn mark_tokens(c: &rusqlite::Connection, session: &str) -> Result<(), ApiError> {
    if session.is_empty() {
        return Ok(());
    }
    c.execute(
        "INSERT INTO session (id, user, created, state) VALUES (?1, 0, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET state = ?3",
        params![session, crate::util::now(), format!("{{{TOKENS_MARK}}}")],
    )
    .map_err(db_error)?;
    Ok(())
}

fn db_error(e: rusqlite::Error) -> ApiError {
    ApiError::new("internal_api_error_DBQueryError", format!("A database query error has occurred: {e}."))
}

/// Logs `session` in as `user` (with bot password `app`), resetting its tokens.
fn log_in(w: &Wiki, session: &str, user: i64, app: Option<&str>) -> Result<(), ApiError> {
    w.query_db(|c| {
        c.execute(
            "INSERT INTO session (id, user, botapp, created, state) VALUES (?1, ?2, ?3, ?4, NULL)
             ON CONFLICT (id) DO UPDATE SET user = ?2, botapp = ?3, state = NULL",
            params![session, user, app, crate::util::now()],
        )
    })?;
    Ok(())
}

/// `action=clientlogin`: `PASS` or `FAIL`, from the `username`, `password` and `rememberMe` fields
/// of the password request (the only login request the test wiki has besides "remember me").
pub(crate) async fn clientlogin(
    w: &Wiki,
    req: action::Clientlogin,
    cx: &Context,
) -> Typed<ClientloginResponse> {
    if !req.r#continue && req.returnurl.is_none() {
        return Err(ApiError::new(
            "missingparam",
            "At least one of the parameters \"logincontinue\" and \"loginreturnurl\" is required.",
        ));
    }
    if let Some(url) = &req.returnurl {
        check_return_url("loginreturnurl", url)?;
    }
    let format = req.messageformat.as_ref().map_or("wikitext", |f| f.as_str());
    let fail = |msg: Msg| ClientloginResponse {
        status: ClientloginStatus::Fail,
        message: auth_message(format, &msg),
        messagecode: Some(msg.code.to_string()),
        canpreservestate: Some(false),
        ..Default::default()
    };
    if req.r#continue {
        return Ok(fail(Msg::new(
            "authmanager-authn-not-in-progress",
            "Authentication is not in progress or session data has been lost. Please start again from the beginning.",
        ))
        .into());
    }
    let wanted = |id: &str| req.requests.is_empty() || req.requests.iter().any(|r| r == id);
    if wanted("MediaWiki\\Auth\\RememberMeAuthenticationRequest") {
        let _ = cx.raw_param("rememberMe");
    }
    if !wanted("MediaWiki\\Auth\\PasswordAuthenticationRequest") {
        return Ok(fail(no_primary()).into());
    }
    require_posted(cx, &["password"])?;
    let name = cx.raw_param("username").unwrap_or("").to_string();
    let password = cx.raw_param("password").unwrap_or("").to_string();
    let caller = Caller::of(w, cx);
    match password_login(w, &name, &password)? {
        Outcome::Pass(id, canonical) => {
            log_in(w, &caller.session, id, None)?;
            Ok(ClientloginResponse {
                status: ClientloginStatus::Pass,
                username: Some(canonical),
                ..Default::default()
            }
            .into())
        }
        Outcome::Fail(msg) => Ok(fail(msg).into()),
    }
}

/// MediaWiki's check of a `returnurl`: it must parse, with a scheme.
pub(crate) fn check_return_url(param: &str, url: &str) -> Result<(), ApiError> {
    let scheme_ok = url.split_once("://").is_some_and(|(s, _)| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    }) || url.starts_with("mailto:");
    if scheme_ok {
        return Ok(());
    }
    Err(ApiError::new(
        format!("badurl_{param}"),
        format!("Invalid value \"{url}\" for URL parameter \"{param}\"."),
    ))
}

/// `action=logout`: the session forgets its user (and, as in MediaWiki, its tokens).
pub(crate) async fn logout(w: &Wiki, req: action::Logout, cx: &Context) -> Typed<action::LogoutResponse> {
    let _ = req;
    let id = session::id(cx).to_string();
    w.query_db(|c| c.execute("DELETE FROM session WHERE id = ?1", [&id]))?;
    Ok(action::LogoutResponse::default().into())
}

/// `action=linkaccount`. A core wiki has no provider to link an account with, so a logged-in caller
/// gets `FAIL` with `userlogin-cannot-link` (a message the wiki does not define: its text is the key
/// in ⧼⧽, as the wiki shows it), and an anonymous one `notloggedin`.
pub(crate) async fn linkaccount(
    w: &Wiki,
    req: action::Linkaccount,
    cx: &Context,
) -> Typed<action::LinkaccountResponse> {
    if w.session_user(session::id(cx)).is_none() {
        return Err(ApiError::new("notloggedin", "You must be logged in to link accounts."));
    }
    if !req.r#continue && req.returnurl.is_none() {
        return Err(ApiError::new(
            "missingparam",
            "At least one of the parameters \"linkcontinue\" and \"linkreturnurl\" is required.",
        ));
    }
    if let Some(url) = &req.returnurl {
        check_return_url("linkreturnurl", url)?;
    }
    let format = req.messageformat.as_ref().map_or("wikitext", |f| f.as_str());
    let msg = Msg::new("userlogin-cannot-link", "\u{29fc}userlogin-cannot-link\u{29fd}");
    Ok(action::LinkaccountResponse {
        status: action::LinkaccountStatus::Fail,
        message: auth_message(format, &msg),
        messagecode: Some(msg.code.to_string()),
        canpreservestate: Some(false),
        ..Default::default()
    }
    .into())
}
