//! The fake's answers for page changes: edits, deletions, undeletions, moves, protections, purges,
//! watching, content model changes, rollbacks and patrolling.
//!
//! Each module's file follows the order of checks of its MediaWiki 1.39 class (`ApiEditPage`,
//! `ApiDelete`, …); what they share lives here (who is calling, the page a request names, tags, the
//! watchlist, log entries) and in [`store`] (writing a revision with everything that follows it).

mod file_versions;
mod manage;
mod more;
mod page_edit;
mod protect;
mod revdel;
pub(crate) mod store;
mod subpages;
mod tags;

pub(crate) use manage::{delete, move_page, undelete};
pub(crate) use more::{changecontentmodel, patrol, rollback};
pub(crate) use page_edit::edit;
pub(crate) use protect::{protect, purge, watch};
pub(crate) use revdel::revisiondelete;
pub(crate) use subpages::status_error;
pub(crate) use tags::{auto_tag, check_tags, load_active as load_active_tags, managetags, may_apply, tag};

use crate::title::Title;
use crate::Wiki;
use mediawiki_api::enums::WatchlistNochangePreferencesUnwatchWatch as Watchlist;
use mwgen_runtime::server::Context;
use mwgen_runtime::{ApiError, PageRef};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

/// Who is making the change: a user (id, name) or an anonymous caller (0, the address).
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The user id; 0 when anonymous.
    pub id: i64,
    /// The user name, or the IP address of an anonymous caller.
    pub name: String,
    /// The caller's rights.
    pub rights: Vec<String>,
}

impl Caller {
    /// Whether the caller has `right`.
    pub fn can(&self, right: &str) -> bool {
        self.rights.iter().any(|r| r == right)
    }
}

/// The caller of `cx`.
pub(crate) fn caller(w: &Wiki, cx: &Context) -> Caller {
    let rights = w.rights(cx);
    match w.session_user(crate::session::id(cx)) {
        Some((id, name)) => Caller { id, name, rights },
        None => Caller { id: 0, name: "127.0.0.1".into(), rights },
    }
}

/// One row of `page`.
#[derive(Debug, Clone)]
pub(crate) struct PageRow {
    pub id: i64,
    pub ns: i64,
    pub title: String,
    pub model: String,
    pub latest: i64,
    pub redirect: bool,
    pub len: i64,
}

impl PageRow {
    /// The page's title.
    pub fn title(&self) -> Title {
        Title { ns: self.ns, text: self.title.clone() }
    }
}

const PAGE_COLS: &str = "id, ns, title, model, latest, redirect, len";

fn page_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PageRow> {
    Ok(PageRow {
        id: r.get(0)?,
        ns: r.get(1)?,
        title: r.get(2)?,
        model: r.get(3)?,
        latest: r.get(4)?,
        redirect: r.get::<_, i64>(5)? != 0,
        len: r.get(6)?,
    })
}

/// The page at `t`, if it exists.
pub(crate) fn page_at(c: &Connection, t: &Title) -> rusqlite::Result<Option<PageRow>> {
    c.prepare_cached(&format!("SELECT {PAGE_COLS} FROM page WHERE ns = ?1 AND title = ?2"))
        .and_then(|mut st| st.query_row(params![t.ns, t.text], page_row))
        .optional()
}

/// The page with id `id`, if it exists.
pub(crate) fn page_by_id(c: &Connection, id: i64) -> rusqlite::Result<Option<PageRow>> {
    c.prepare_cached(&format!("SELECT {PAGE_COLS} FROM page WHERE id = ?1"))
        .and_then(|mut st| st.query_row([id], page_row))
        .optional()
}

/// The text of revision `rev`.
pub(crate) fn content_of(c: &Connection, rev: i64) -> rusqlite::Result<String> {
    c.prepare_cached("SELECT content FROM revision WHERE id = ?1")
        .and_then(|mut st| st.query_row([rev], |r| r.get(0)))
}

/// A database failure, as MediaWiki reports one.
pub(crate) fn db_err(e: rusqlite::Error) -> ApiError {
    ApiError::new("internal_api_error_DBQueryError", format!("A database query error has occurred: {e}."))
}

/// `title`, as a valid title (`invalidtitle` otherwise).
pub(crate) fn parse_title(w: &Wiki, raw: &str) -> Result<Title, ApiError> {
    Title::parse(w.site(), raw, 0)
        .map_err(|_| ApiError::new("invalidtitle", format!("Bad title \"{}\".", wikitext_escape(raw))))
}

/// MediaWiki's `wfEscapeWikiText` for the few characters titles in error texts show.
fn wikitext_escape(s: &str) -> String {
    s.to_string()
}

/// The page a module's `title`/`pageid` pair names (ApiBase::getTitleOrPageId): the title and
/// the page when it exists. The decoder refused neither and both, as the module's constraint.
pub(crate) fn title_or_pageid(w: &Wiki, page: &PageRef) -> Result<(Title, Option<PageRow>), ApiError> {
    match page {
        PageRef::Title(raw) => {
            let title = parse_title(w, raw)?;
            if title.ns < 0 {
                return Err(ApiError::new("pagecannotexist", "Namespace doesn't allow actual pages."));
            }
            let page = w.query_db(|c| page_at(c, &title))?;
            Ok((title, page))
        }
        PageRef::Id(id) => match w.query_db(|c| page_by_id(c, *id))? {
            Some(page) => Ok((page.title(), Some(page))),
            None => Err(ApiError::new("nosuchpageid", format!("There is no page with ID {id}."))),
        },
    }
}

/// Whether `user` watches `t`.
pub(crate) fn is_watched(c: &Connection, user: i64, t: &Title) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT 1 FROM watch WHERE user = ?1 AND ns = ?2 AND title = ?3")
        .and_then(|mut st| st.query_row(params![user, t.ns, t.text], |_| Ok(())))
        .optional()
        .map(|o| o.is_some())
}

/// The subject and talk page of `t` (MediaWiki watches both).
fn watch_pair(t: &Title) -> [Title; 2] {
    let subject = t.ns - t.ns.rem_euclid(2);
    [Title { ns: subject, text: t.text.clone() }, Title { ns: subject + 1, text: t.text.clone() }]
}

/// Watches (or unwatches) `t` and its talk page for `user` (nothing for anonymous callers).
pub(crate) fn set_watch(
    c: &Connection,
    user: i64,
    t: &Title,
    on: bool,
    expiry: Option<&str>,
) -> rusqlite::Result<()> {
    if user == 0 || t.ns < 0 {
        return Ok(());
    }
    for x in watch_pair(t) {
        if on {
            c.execute(
                "INSERT OR REPLACE INTO watch (user, ns, title, expiry) VALUES (?1, ?2, ?3, ?4)",
                params![user, x.ns, x.text, expiry],
            )?;
        } else {
            c.execute(
                "DELETE FROM watch WHERE user = ?1 AND ns = ?2 AND title = ?3",
                params![user, x.ns, x.text],
            )?;
        }
    }
    Ok(())
}

/// What a module's `watchlist` parameter (with the deprecated `watch`/`unwatch`) decides
/// (ApiWatchlistTrait::getWatchlistValue): `pref` is the user option's default for this action
/// (`watchdefault` is on, `watchdeletion`, `watchmoves` and `watchrollback` are off).
pub(crate) fn watch_decision(
    c: &Connection,
    who: &Caller,
    t: &Title,
    value: Option<Watchlist>,
    pref: bool,
) -> rusqlite::Result<Option<bool>> {
    Ok(match value.unwrap_or(Watchlist::Preferences) {
        Watchlist::Watch => Some(true),
        Watchlist::Unwatch => Some(false),
        // The page stays as it is: watched pages are reported watched.
        Watchlist::Nochange => (who.id != 0 && is_watched(c, who.id, t)?).then_some(true),
        Watchlist::Preferences => {
            if pref || (who.id != 0 && is_watched(c, who.id, t)?) {
                Some(true)
            } else {
                None
            }
        }
    })
}

/// Writes a log entry and its recent change (`type` `log`); returns the log id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn log(
    c: &Connection,
    (kind, action): (&str, &str),
    who: &Caller,
    t: &Title,
    page: i64,
    comment: &str,
    params: Value,
    now: &str,
) -> rusqlite::Result<i64> {
    c.execute(
        "INSERT INTO logging (type, action, timestamp, user, user_text, ns, title, page, comment, params)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![kind, action, now, who.id, who.name, t.ns, t.text, page, comment, params.to_string()],
    )?;
    let id = c.last_insert_rowid();
    let patrolled = if who.can("autopatrol") { 2 } else { 0 };
    c.execute(
        "INSERT INTO recentchange (timestamp, user, user_text, ns, title, page, type, comment, log, patrolled)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'log', ?7, ?8, ?9)",
        params![now, who.id, who.name, t.ns, t.text, page, comment, id, patrolled],
    )?;
    Ok(id)
}

/// `permissiondenied` for an action limited to some groups, with MediaWiki's text.
pub(crate) fn denied(groups: &str) -> ApiError {
    ApiError::new(
        "permissiondenied",
        format!("The action you have requested is limited to users in the group: {groups}."),
    )
}

/// The group text of actions only administrators may do.
pub(crate) const ADMINS: &str = "[[Mwgen test wiki:Administrators|Administrators]]";
