//! `action=createaccount` (includes/api/ApiAMCreateAccount.php, AuthManager's account creation and
//! the password policy of a default 1.39 install), with the `newusers` log entry it writes.
//!
//! The policy checks are MediaWiki's for ordinary users: the password must not be in the user
//! name, nor in the list of common passwords. That list holds 100,000 passwords in MediaWiki; the
//! fake knows only the commonest few dozen of them.

use super::authinfo::{requests, PASSWORD_REQ};
use super::login::check_return_url;
use super::messages::{auth_message, Msg};
use super::{canonical_name, creatable, user_by_name, Caller};
use crate::block_store::add_log;
use crate::Wiki;
use mediawiki_api::action::{self, CreateaccountResponse, CreateaccountStatus};
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::params;
use serde_json::json;

/// The commonest passwords (MediaWiki's `PasswordNotInCommonList` checks a list of 100,000).
const COMMON: &[&str] = &[
    "123456",
    "password",
    "12345678",
    "qwerty",
    "123456789",
    "12345",
    "1234",
    "111111",
    "1234567",
    "dragon",
    "123123",
    "baseball",
    "abc123",
    "football",
    "monkey",
    "letmein",
    "696969",
    "shadow",
    "master",
    "666666",
    "qwertyuiop",
    "123321",
    "mustang",
    "1234567890",
    "michael",
    "654321",
    "superman",
    "1qaz2wsx",
    "7777777",
    "121212",
    "000000",
    "qazwsx",
    "123qwe",
    "killer",
    "trustno1",
    "jordan",
    "jennifer",
    "zxcvbnm",
    "asdfgh",
    "hunter",
    "buster",
    "soccer",
    "harley",
    "batman",
    "andrew",
    "tigger",
    "sunshine",
    "iloveyou",
    "2000",
    "charlie",
    "robert",
    "thomas",
    "hockey",
    "ranger",
    "daniel",
    "starwars",
    "klaster",
    "112233",
    "george",
    "computer",
    "michelle",
    "jessica",
    "pepper",
    "1111",
    "zxcvbn",
    "555555",
    "11111111",
    "131313",
    "freedom",
    "777777",
    "pass",
    "maggie",
    "159753",
    "aaaaaa",
    "ginger",
    "princess",
    "joshua",
    "cheese",
    "amanda",
    "summer",
    "love",
    "ashley",
    "nicole",
    "chelsea",
    "biteme",
    "matthew",
    "access",
    "yankees",
    "987654321",
    "dallas",
    "austin",
    "thunder",
    "taylor",
    "matrix",
    "admin",
    "welcome",
    "passw0rd",
    "abc",
    "abcd",
    "test",
    "qwerty123",
    "password1",
    "password123",
    "secret",
    "login",
    "root",
    "toor",
    "changeme",
];

/// Why `password` may not be `name`'s, by the default policy (`None`: it may).
fn policy(name: &str, password: &str) -> Option<Msg> {
    if name.to_lowercase().contains(&password.to_lowercase()) {
        return Some(Msg::new(
            "password-substring-username-match",
            "Your password must not appear within your username.",
        ));
    }
    if COMMON.contains(&password.to_lowercase().as_str()) {
        return Some(Msg::new(
            "passwordincommonlist",
            "The password entered is in a list of very commonly used passwords. Please choose a more unique password.",
        ));
    }
    None
}

/// `action=createaccount`: `PASS` (the user row and the `newusers` log entry written) or `FAIL`.
pub(crate) async fn createaccount(
    w: &Wiki,
    req: action::Createaccount,
    cx: &Context,
) -> Typed<CreateaccountResponse> {
    if !req.r#continue && req.returnurl.is_none() {
        return Err(ApiError::new(
            "missingparam",
            "At least one of the parameters \"createcontinue\" and \"createreturnurl\" is required.",
        ));
    }
    if let Some(url) = &req.returnurl {
        check_return_url("createreturnurl", url)?;
    }
    let format = req.messageformat.as_ref().map_or("wikitext", |f| f.as_str());
    let fail = |msg: Msg| -> Typed<CreateaccountResponse> {
        Ok(CreateaccountResponse {
            status: CreateaccountStatus::Fail,
            message: auth_message(format, &msg),
            messagecode: Some(msg.code.to_string()),
            canpreservestate: Some(false),
            ..Default::default()
        }
        .into())
    };
    if req.r#continue {
        return fail(Msg::new(
            "authmanager-create-not-in-progress",
            "Account creation is not in progress or session data has been lost. Please start again from the beginning.",
        ));
    }
    let caller = Caller::of(w, cx);
    let me = if caller.logged_in() { caller.name.as_str() } else { "" };
    let wanted: Vec<_> = requests("create", me)
        .into_iter()
        .filter(|r| req.requests.is_empty() || req.requests.iter().any(|x| x == r.id))
        .collect();
    // Read the fields of the requests taken part, as MediaWiki marks them used.
    let field = |name: &str| -> String {
        if wanted.iter().any(|r| r.fields.iter().any(|f| f.name == name)) {
            cx.raw_param(name).unwrap_or("").to_string()
        } else {
            String::new()
        }
    };
    let (mail, username, password, retype) =
        (field("mailpassword"), field("username"), field("password"), field("retype"));
    let (email, realname, reason) = (field("email"), field("realname"), field("reason"));
    let sensitive: Vec<&str> =
        wanted.iter().flat_map(|r| r.fields.iter()).filter(|f| f.sensitive).map(|f| f.name).collect();
    super::login::require_posted(cx, &sensitive)?;
    let _ = mail;
    let invalid = || {
        let mut m = Msg::new("noname", "You have not specified a valid username.");
        m.code = "invaliduser";
        m
    };
    let Some(name) = canonical_name(w, &username) else { return fail(invalid()) };
    if !creatable(&name) {
        return fail(invalid());
    }
    if w.query_db(|c| user_by_name(c, &name))?.is_some() {
        let mut m =
            Msg::new("userexists", "Username entered already in use.\nPlease choose a different name.");
        m.code = "userexists";
        return fail(m);
    }
    if !wanted.iter().any(|r| r.id == PASSWORD_REQ) || password.is_empty() {
        return fail(Msg::new(
            "authmanager-create-no-primary",
            "The supplied credentials could not be used for account creation.",
        ));
    }
    if password != retype {
        return fail(Msg::new("badretype", "The passwords you entered do not match."));
    }
    if let Some(m) = policy(&name, &password) {
        return fail(m);
    }
    let now = crate::util::now();
    w.transaction(|tx| {
        let db = |e: rusqlite::Error| crate::block_store::db_error(e);
        tx.execute(
            "INSERT INTO user (name, password, registration, email, realname) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![name, password, now, email, realname],
        )
        .map_err(db)?;
        let id = tx.last_insert_rowid();
        let (action, by, by_name) = if caller.logged_in() {
            ("create2", caller.id, caller.name.clone())
        } else {
            ("create", id, name.clone())
        };
        let comment = if caller.logged_in() { reason.as_str() } else { "" };
        add_log(tx, ("newusers", action), (by, &by_name), (2, &name), comment, &json!({ "userid": id }))
            .map_err(db)?;
        Ok(())
    })?;
    Ok(CreateaccountResponse {
        status: CreateaccountStatus::Pass,
        username: Some(name),
        ..Default::default()
    }
    .into())
}
