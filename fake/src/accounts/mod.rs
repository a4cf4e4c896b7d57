//! The fake's answers for accounts, sessions and tokens: `action=login`, `clientlogin`,
//! `createaccount`, `logout`, `checktoken`, `clearhasmsg`, and `meta=tokens`, `userinfo`,
//! `authmanagerinfo`, `list=allusers` and `users`.
//!
//! What every one of them shares is here: who the caller is ([`Caller`]), user names as MediaWiki
//! canonicalises them, the users' groups and rights in the orders each module lists them, and the
//! rights a bot password's grants leave to its session.

mod authinfo;
mod create;
mod login;
mod messages;
mod rights;
mod tokens;
mod userinfo;
mod users;

pub(crate) use create::createaccount;
pub(crate) use login::{clientlogin, linkaccount, login, logout};
pub(crate) use rights::userrights;
pub(crate) use tokens::{checktoken, clearhasmsg, meta_tokens};
pub(crate) use userinfo::{meta_authmanagerinfo, meta_userinfo};
pub(crate) use users::{list_allusers, list_users};

use crate::{session, Title, Wiki};
use mwgen_runtime::server::Context;
use rusqlite::{params, Connection, OptionalExtension};

/// The groups every logged-in user is in, in MediaWiki's order.
pub(crate) const IMPLICIT_USER: [&str; 3] = ["*", "user", "autoconfirmed"];

/// The rights each grant gives (MediaWiki 1.39's `$wgGrantPermissions`, for the grants the test
/// wiki's bot password has and the hidden `basic` every bot password gets).
const GRANTS: &[(&str, &[&str])] = &[
    (
        "basic",
        &[
            "autocreateaccount",
            "autoconfirmed",
            "autopatrol",
            "editsemiprotected",
            "ipblock-exempt",
            "nominornewtalk",
            "patrolmarks",
            "purge",
            "read",
            "writeapi",
            "unwatchedpages",
        ],
    ),
    ("highvolume", &["bot", "apihighlimits", "noratelimit", "markbotedits"]),
    ("editpage", &["edit", "minoredit", "applychangetags", "changetags", "editcontentmodel"]),
    (
        "createeditmovepage",
        &[
            "edit",
            "minoredit",
            "applychangetags",
            "changetags",
            "editcontentmodel",
            "createpage",
            "createtalk",
            "delete-redirect",
            "move",
            "move-rootuserpages",
            "move-subpages",
            "move-categorypages",
            "suppressredirect",
        ],
    ),
    ("import", &["import", "importupload"]),
    ("uploadfile", &["upload", "reupload-own"]),
];

/// Whether a session with these bot password `grants` (comma-separated) keeps `right`.
pub(crate) fn granted(grants: &str, right: &str) -> bool {
    grants
        .split(',')
        .chain(["basic"])
        .filter_map(|g| GRANTS.iter().find(|(name, _)| *name == g.trim()))
        .any(|(_, rights)| rights.contains(&right))
}

/// Keeps of `rights` only those the grants of `session`'s bot password allow (all of them for a
/// session logged in otherwise).
pub(crate) fn restrict_to_grants(w: &Wiki, session: &str, rights: &mut Vec<String>) {
    let grants: Option<String> = w
        .db(|c| {
            c.prepare_cached("SELECT bot_password.grants FROM session JOIN bot_password
                 ON bot_password.user = session.user AND bot_password.appid = session.botapp WHERE session.id = ?1").and_then(|mut st| st.query_row([session],
                |r| r.get(0)))
            .optional()
        })
        .ok()
        .flatten();
    if let Some(g) = grants {
        rights.retain(|r| granted(&g, r));
    }
}

/// Who is calling: the session, and the user logged in in it.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The session id.
    pub session: String,
    /// The user's id (0: anonymous).
    pub id: i64,
    /// The user's name (`127.0.0.1` for anonymous callers, as MediaWiki names them).
    pub name: String,
    /// The grants of the bot password the session logged in with.
    pub grants: Option<String>,
}

impl Caller {
    /// The caller of `cx`.
    pub fn of(w: &Wiki, cx: &Context) -> Caller {
        let session = session::id(cx).to_string();
        let row = w
            .db(|c| {
                c.prepare_cached("SELECT user.id, user.name, bot_password.grants FROM session JOIN user ON user.id = session.user
                     LEFT JOIN bot_password ON bot_password.user = session.user AND bot_password.appid = session.botapp
                     WHERE session.id = ?1").and_then(|mut st| st.query_row([&session],
                    |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))))
                .optional()
            })
            .ok()
            .flatten();
        match row {
            Some((id, name, grants)) => Caller { session, id, name, grants },
            None => Caller { session, id: 0, name: "127.0.0.1".into(), grants: None },
        }
    }

    /// Whether anyone is logged in.
    pub fn logged_in(&self) -> bool {
        self.id != 0
    }
}

/// A user's row.
#[derive(Debug, Clone)]
pub(crate) struct UserRow {
    pub id: i64,
    pub name: String,
    pub password: String,
    pub registration: String,
    pub editcount: i64,
    pub email: String,
    pub realname: String,
    pub hasmsg: bool,
}

const USER_COLUMNS: &str = "id, name, password, registration, editcount, email, realname, hasmsg";

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: r.get(0)?,
        name: r.get(1)?,
        password: r.get(2)?,
        registration: r.get(3)?,
        editcount: r.get(4)?,
        email: r.get(5)?,
        realname: r.get(6)?,
        hasmsg: r.get::<_, i64>(7)? != 0,
    })
}

/// The user named `name` (canonical), if there is one.
pub(crate) fn user_by_name(c: &Connection, name: &str) -> rusqlite::Result<Option<UserRow>> {
    c.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM user WHERE name = ?1"))
        .and_then(|mut st| st.query_row([name], user_row))
        .optional()
}

/// The user with id `id`, if there is one.
pub(crate) fn user_by_id(c: &Connection, id: i64) -> rusqlite::Result<Option<UserRow>> {
    c.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM user WHERE id = ?1",))
        .and_then(|mut st| st.query_row([id], user_row))
        .optional()
}

/// The users `sql` (a `WHERE …` and `ORDER BY …` tail) selects with `args`.
pub(crate) fn users_where(
    c: &Connection,
    sql: &str,
    args: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<Vec<UserRow>> {
    let mut st = c.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM user {sql}"))?;
    let rows = st.query_map(args, user_row)?;
    rows.collect()
}

/// User names MediaWiki reserves (`$wgReservedUsernames`, the messages resolved in English).
pub(crate) const RESERVED: &[&str] = &[
    "MediaWiki default",
    "Conversion script",
    "Maintenance script",
    "Template namespace initialisation script",
    "ScriptImporter",
    "Delete page script",
    "Move page script",
    "Command line script",
    "Unknown user",
    "Redirect fixer",
    "System messenger",
    "Proxy blocker",
    "DNSBL",
    "MediaWiki spam cleanup",
    "MediaWiki automatic change",
];

/// `name` as MediaWiki's `UserNameUtils::getCanonical` makes it (`RIGOR_VALID`): `None` when it is no
/// valid user name (empty, an IP address, with `/` or `#`, not in the User namespace, too long).
pub(crate) fn canonical_name(w: &Wiki, name: &str) -> Option<String> {
    if name.contains('#') {
        return None;
    }
    let t = Title::parse(w.site(), name, 2).ok()?;
    if t.ns != 2 {
        return None;
    }
    let name = t.text;
    let valid = !name.is_empty()
        && !is_ip(&name)
        && !name.contains('/')
        && name.len() <= 255
        && Title::parse(w.site(), &name, 0).is_ok_and(|t| t.ns == 0 && t.text == name)
        && !name.chars().any(|c| {
            matches!(c, '\u{80}'..='\u{9f}' | '\u{a0}' | '\u{2000}'..='\u{200f}' | '\u{2028}'..='\u{202f}'
                | '\u{3000}' | '\u{e000}'..='\u{f8ff}')
        });
    valid.then_some(name)
}

/// Whether a valid `name` may be given to a new account (`isCreatable`): not over 235 bytes, none
/// of `$wgInvalidUsernameCharacters` (`@:>`), not reserved.
pub(crate) fn creatable(name: &str) -> bool {
    name.len() <= 235 && !name.contains(['@', ':', '>']) && !RESERVED.contains(&name)
}

/// Whether `s` is an IPv4 or IPv6 address (MediaWiki's `IPUtils::isIPAddress`).
pub(crate) fn is_ip(s: &str) -> bool {
    s.parse::<std::net::IpAddr>().is_ok()
}

/// A user's explicit groups with their expiries (`infinity` when they have none), by name.
pub(crate) fn memberships(c: &Connection, user: i64) -> rusqlite::Result<Vec<(String, String)>> {
    let mut st = c.prepare_cached("SELECT grp, expiry FROM user_group WHERE user = ?1 ORDER BY grp")?;
    let rows = st.query_map(params![user], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_else(|| "infinity".into())))
    })?;
    rows.collect()
}

/// The groups of a user (`explicit` their own), in the order `list=users` and `meta=userinfo`
/// give them: their own first, then the implicit ones (`*` alone for anonymous callers).
pub(crate) fn groups_explicit_first(explicit: &[String], logged_in: bool) -> Vec<String> {
    let mut out: Vec<String> = explicit.to_vec();
    let implicit: &[&str] = if logged_in { &IMPLICIT_USER } else { &["*"] };
    out.extend(implicit.iter().map(|g| g.to_string()));
    out
}

/// The rights of a member of `groups`, in the order MediaWiki gives them for that order of groups,
/// and only those the session's bot password `grants` leave.
pub(crate) fn rights_of(w: &Wiki, groups: &[String], grants: Option<&str>) -> Vec<String> {
    let mut out = w.site().rights_of(groups.iter().map(String::as_str));
    if let Some(grants) = grants {
        out.retain(|r| granted(grants, r));
    }
    out
}

/// The names of a user's explicit groups.
pub(crate) fn group_names(c: &Connection, user: i64) -> rusqlite::Result<Vec<String>> {
    Ok(memberships(c, user)?.into_iter().map(|(g, _)| g).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_are_canonicalised_as_mediawiki_does() {
        let w = Wiki::new("http://127.0.0.1:9/api.php").expect("a wiki");
        assert_eq!(canonical_name(&w, "admin").as_deref(), Some("Admin"));
        assert_eq!(canonical_name(&w, "User:some_one").as_deref(), Some("Some one"));
        assert_eq!(canonical_name(&w, "Admin@mwgen").as_deref(), Some("Admin@mwgen"));
        assert_eq!(canonical_name(&w, "a|b"), None);
        assert_eq!(canonical_name(&w, "127.0.0.1"), None);
        assert_eq!(canonical_name(&w, "Talk:X"), None);
        assert!(!creatable("Admin@mwgen"));
        assert!(granted("basic,editpage", "edit") && !granted("basic", "delete"));
    }
}
