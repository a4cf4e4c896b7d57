//! A fake MediaWiki 1.39: the generated server stubs (`mediawiki_api::server::Api`) answered from
//! real storage, for tests of bots and tools with no wiki to run.
//!
//! It is the wiki `tests/mediawiki/up.sh` installs: the same site name, namespaces, `Admin` account,
//! password and bot password, so a test written for that wiki runs against the fake unchanged. It
//! keeps users, sessions, tokens, pages and revisions, uploaded files, logs, blocks, the watchlist,
//! and the links, templates and categories of each page's wikitext in SQLite (in memory, or a file).
//! Faults a real wiki seldom gives (maxlag, readonly, rate limits, lost sessions, 5xx, slow
//! answers) can be injected ([`Faults`]).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let wiki = mediawiki_fake::Wiki::new("http://127.0.0.1:8080/api.php")?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, wiki.router()).await?;
//! # Ok(()) }
//! ```
//!
//! Modules the fake does not answer answer as the generated stub does: `notimplemented`.

mod accounts;
mod api;
mod block_store;
mod blocks;
pub mod db;
mod edit;
pub mod faults;
mod file_store;
mod files;
mod inprocess;
mod listing;
mod md5;
mod query;
mod ratelimit;
mod render;
pub mod session;
pub mod site;
mod siteinfo;
mod time;
pub mod title;
pub mod util;
mod visibility;
mod wikitext;

pub use faults::{Fault, FaultRequest, FaultRule, Faults};
pub use ratelimit::RateLimitRule;
pub use site::Site;
pub use title::Title;

use mwgen_runtime::server::{Context, ServerOptions, Typed};
use mwgen_runtime::{ApiError, Request};
use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Why the fake could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database could not be opened or created.
    #[error("the fake wiki's database {path}: {source}")]
    Db {
        /// The file, or `:memory:`.
        path: String,
        /// What SQLite said.
        source: rusqlite::Error,
    },
}

/// The fake wiki: cheap to clone (one shared state).
#[derive(Clone)]
pub struct Wiki(Arc<Inner>);

struct Inner {
    db: Mutex<Connection>,
    site: Site,
    api_url: String,
    secret: String,
    faults: Faults,
    limiter: Mutex<ratelimit::Limiter>,
    /// The active user-defined change tags (`change_tag_def`), which requests may apply.
    tags: std::sync::RwLock<Vec<String>>,
}

impl std::fmt::Debug for Wiki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wiki").field("api_url", &self.0.api_url).finish_non_exhaustive()
    }
}

impl Wiki {
    /// A new wiki in memory, as served at `api_url` (`http://HOST:PORT/api.php`: siteinfo's
    /// `server` and the URLs the wiki gives are made from it).
    pub fn new(api_url: &str) -> Result<Wiki, Error> {
        Wiki::build(api_url, None)
    }

    /// The wiki kept in the SQLite file `path` (created and installed when new).
    pub fn open(api_url: &str, path: &Path) -> Result<Wiki, Error> {
        Wiki::build(api_url, Some(path))
    }

    fn build(api_url: &str, path: Option<&Path>) -> Result<Wiki, Error> {
        let conn = db::open(path, &util::now()).map_err(|source| Error::Db {
            path: path.map_or_else(|| ":memory:".to_string(), |p| p.display().to_string()),
            source,
        })?;
        let tags = edit::load_active_tags(&conn).map_err(|source| Error::Db {
            path: path.map_or_else(|| ":memory:".to_string(), |p| p.display().to_string()),
            source,
        })?;
        Ok(Wiki(Arc::new(Inner {
            db: Mutex::new(conn),
            site: Site::new(api_url),
            api_url: api_url.to_string(),
            secret: util::random_hex(16),
            faults: Faults::default(),
            limiter: Mutex::new(Default::default()),
            tags: std::sync::RwLock::new(tags),
        })))
    }

    /// The site: siteinfo, namespaces, group rights.
    pub fn site(&self) -> &Site {
        &self.0.site
    }

    /// The api.php URL the wiki is served at.
    pub fn api_url(&self) -> &str {
        &self.0.api_url
    }

    /// The faults to inject.
    pub fn faults(&self) -> &Faults {
        &self.0.faults
    }

    pub(crate) fn secret(&self) -> &str {
        &self.0.secret
    }

    /// The change tags callers may apply now (created and active).
    pub fn active_tags(&self) -> Vec<String> {
        self.0.tags.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// Reads the active change tags again, after `action=managetags` changed them.
    pub(crate) fn reload_tags(&self) {
        if let Ok(tags) = self.db(edit::load_active_tags) {
            *self.0.tags.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = tags;
        }
    }

    /// Runs `f` on the database (one caller at a time).
    pub fn db<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> rusqlite::Result<T> {
        let conn = self.0.db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&conn)
    }

    /// [`db`](Self::db), with a database failure as MediaWiki's `internal_api_error_DBQueryError`.
    pub fn query_db<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, ApiError> {
        self.db(f).map_err(|e| {
            ApiError::new(
                "internal_api_error_DBQueryError",
                format!("A database query error has occurred: {e}."),
            )
        })
    }

    /// Runs `f` in one transaction: all of it is kept, or none when it fails.
    pub fn transaction<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut conn = self.0.db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let db_err = |e: rusqlite::Error| {
            ApiError::new(
                "internal_api_error_DBQueryError",
                format!("A database query error has occurred: {e}."),
            )
        };
        let tx = conn.transaction().map_err(db_err)?;
        let out = f(&tx)?;
        tx.commit().map_err(db_err)?;
        Ok(out)
    }

    /// The router options: the session's user as the caller, tokens checked against the session,
    /// high limits for those with `apihighlimits`, the session's rights for the modules' checks.
    pub fn server_options(&self) -> ServerOptions {
        let (who, tokens, high, rights) = (self.clone(), self.clone(), self.clone(), self.clone());
        let tags = self.clone();
        ServerOptions {
            api_url: self.0.api_url.clone(),
            server_name: "mediawiki-fake".into(),
            identify: Arc::new(move |h| {
                if session::is_fresh(h) {
                    return None;
                }
                let id = session::id_of(h)?;
                who.session_user(id).map(|(_, name)| name)
            }),
            token_check: Arc::new(move |cx, kind, token| tokens.token_valid(cx, kind, token)),
            high_limits: Some(Arc::new(move |cx: &Context| high.has_right(cx, "apihighlimits"))),
            // The modules' own checks of rights (constraints in the spec) see the session's rights.
            rights: Arc::new(move |cx, right| Some(rights.has_right(cx, right))),
            // Tags made with action=managetags are values of every `tags` parameter, as on the wiki.
            tags: Some(Arc::new(move || tags.active_tags())),
            ..ServerOptions::default()
        }
    }

    /// Whether `token` is the session's token of `kind`.
    pub fn token_valid(&self, cx: &Context, kind: &str, token: &str) -> bool {
        let session = session::id(cx);
        let user = self.session_user(session).map_or(0, |(id, _)| id);
        !self.0.faults.tokens_expired() && token == self.token_for(session, user, kind)
    }

    /// Whether the caller of `cx` has `right`: one of their groups grants it, and, in a bot
    /// password's session, its grants allow it (as [`rights`](Self::rights) has it, without
    /// listing every right).
    pub fn has_right(&self, cx: &Context, right: &str) -> bool {
        if cx.user.is_none() {
            // Anonymous, as the router decided (no session user, or CORS with `origin=*`).
            return self.0.site.group_has("*", right);
        }
        let session = session::id(cx);
        let user = self.session_user(session).map(|(id, _)| id);
        let granted = self.groups_of(user).iter().any(|g| self.0.site.group_has(g, right));
        if !granted || user.is_none() {
            // Only a logged-in session can be a bot password's.
            return granted;
        }
        let mut one = vec![right.to_string()];
        accounts::restrict_to_grants(self, session, &mut one);
        !one.is_empty()
    }

    /// The caller's rights: those of `*` for anonymous callers, of `*`, `user`, `autoconfirmed` and
    /// the user's groups for a logged-in one.
    pub fn rights(&self, cx: &Context) -> Vec<String> {
        let groups = self.groups(cx);
        let mut rights = self.0.site.rights_of(groups.iter().map(String::as_str));
        // A bot password's session keeps only what its grants allow.
        accounts::restrict_to_grants(self, session::id(cx), &mut rights);
        rights
    }

    /// The caller's groups, implicit ones first (`*`, `user`, `autoconfirmed`); only `*` for a request the
    /// router serves anonymously (no session user, or CORS with `origin=*`).
    pub fn groups(&self, cx: &Context) -> Vec<String> {
        if cx.user.is_none() {
            return self.groups_of(None);
        }
        self.groups_of(self.session_user(session::id(cx)).map(|(id, _)| id))
    }

    /// The groups of the user `id` (`None`: anonymous), implicit ones first.
    fn groups_of(&self, id: Option<i64>) -> Vec<String> {
        let mut out = vec!["*".to_string()];
        let Some(id) = id else { return out };
        out.push("user".into());
        out.push("autoconfirmed".into());
        let explicit: Vec<String> = self
            .db(|c| {
                let mut st = c.prepare_cached("SELECT grp FROM user_group WHERE user = ?1 ORDER BY grp")?;
                let rows = st.query_map([id], |r| r.get(0))?;
                rows.collect()
            })
            .unwrap_or_default();
        out.extend(explicit);
        out
    }

    /// The whole fake as an axum router: api.php, behind the session and fault layers (and the
    /// fault switch at `/fake/faults`).
    pub fn router(&self) -> axum::Router {
        let api = mediawiki_api::server::router(self.clone(), self.server_options());
        let api = faults::layer(api, self.clone());
        api.layer(axum::middleware::from_fn(session::layer))
    }

    /// The error a module gives that the fake does not answer: the stub's `notimplemented`.
    pub(crate) fn not_answered<R: Request, T>(&self, req: R, cx: &Context) -> Typed<T> {
        let _ = (req, cx);
        Err(mwgen_runtime::server::not_implemented(R::SPEC))
    }
}
