//! The fake's storage: one SQLite database (in memory, or a file), its schema, and the wiki a fresh
//! `tests/mediawiki/up.sh` installs (the Admin account, its bot password, the Main Page).
//!
//! Tables hold what MediaWiki's own tables hold, only as much as the answered modules read:
//! - `user`, `user_group`, `bot_password`, `session`: accounts and who is logged in where;
//! - `page`, `revision`, `archive`: pages, their revisions, and deleted revisions (undelete);
//! - `link`: what a page's wikitext links to (`kind` is `link`, `template` or `category`);
//! - `logging`, `recentchange`, `block`, `watch`, `protection`;
//! - `change_tag_def`: the change tags defined, and how often each is applied;
//! - files: `image`, `oldimage`, `filearchive`, `orphan_archive`, `uploadstash` (their schema is in
//!   files/mod.rs, brought up to date by its `install`).
//!
//! A database written by an older fake is brought up to date when opened ([`MIGRATIONS`]).
//!
//! Titles are stored as MediaWiki shows them (spaces, not underscores), without the namespace
//! prefix, beside the namespace number.

use rusqlite::{params, Connection};

/// The schema, created when the database is new (`user_version` 0).
const SCHEMA: &str = "
CREATE TABLE user (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, password TEXT NOT NULL, registration TEXT NOT NULL,
  editcount INTEGER NOT NULL DEFAULT 0, email TEXT NOT NULL DEFAULT '', hasmsg INTEGER NOT NULL DEFAULT 0,
  realname TEXT NOT NULL DEFAULT ''
);
CREATE TABLE user_group (user INTEGER NOT NULL, grp TEXT NOT NULL, expiry TEXT, PRIMARY KEY (user, grp));
CREATE TABLE bot_password (
  user INTEGER NOT NULL, appid TEXT NOT NULL, password TEXT NOT NULL, grants TEXT NOT NULL,
  PRIMARY KEY (user, appid)
);
-- A session row exists once something is kept in it (a login, an AuthManager step in progress).
CREATE TABLE session (
  id TEXT PRIMARY KEY, user INTEGER NOT NULL DEFAULT 0, botapp TEXT, created TEXT NOT NULL,
  state TEXT
);
CREATE TABLE page (
  id INTEGER PRIMARY KEY, ns INTEGER NOT NULL, title TEXT NOT NULL, model TEXT NOT NULL,
  latest INTEGER NOT NULL, touched TEXT NOT NULL, redirect INTEGER NOT NULL DEFAULT 0,
  len INTEGER NOT NULL, UNIQUE (ns, title)
);
CREATE TABLE revision (
  id INTEGER PRIMARY KEY, page INTEGER NOT NULL, parent INTEGER NOT NULL DEFAULT 0,
  user INTEGER NOT NULL, user_text TEXT NOT NULL, timestamp TEXT NOT NULL, comment TEXT NOT NULL,
  minor INTEGER NOT NULL DEFAULT 0, content TEXT NOT NULL, model TEXT NOT NULL, format TEXT NOT NULL,
  size INTEGER NOT NULL, sha1 TEXT NOT NULL, tags TEXT NOT NULL DEFAULT ''
);
CREATE INDEX revision_page ON revision (page, id);
CREATE INDEX revision_user ON revision (user_text, timestamp);
-- Revisions of deleted pages, with the page they belonged to.
CREATE TABLE archive (
  rev INTEGER PRIMARY KEY, ns INTEGER NOT NULL, title TEXT NOT NULL, page INTEGER NOT NULL,
  parent INTEGER NOT NULL, user INTEGER NOT NULL, user_text TEXT NOT NULL, timestamp TEXT NOT NULL,
  comment TEXT NOT NULL, minor INTEGER NOT NULL, content TEXT NOT NULL, model TEXT NOT NULL,
  format TEXT NOT NULL, size INTEGER NOT NULL, sha1 TEXT NOT NULL, tags TEXT NOT NULL DEFAULT ''
);
CREATE TABLE link (
  from_page INTEGER NOT NULL, kind TEXT NOT NULL, ns INTEGER NOT NULL, title TEXT NOT NULL,
  sortkey TEXT NOT NULL DEFAULT '', PRIMARY KEY (from_page, kind, ns, title)
);
CREATE INDEX link_target ON link (kind, ns, title);
CREATE TABLE logging (
  id INTEGER PRIMARY KEY, type TEXT NOT NULL, action TEXT NOT NULL, timestamp TEXT NOT NULL,
  user INTEGER NOT NULL, user_text TEXT NOT NULL, ns INTEGER NOT NULL, title TEXT NOT NULL,
  page INTEGER NOT NULL DEFAULT 0, comment TEXT NOT NULL DEFAULT '', params TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE recentchange (
  id INTEGER PRIMARY KEY, timestamp TEXT NOT NULL, user INTEGER NOT NULL, user_text TEXT NOT NULL,
  ns INTEGER NOT NULL, title TEXT NOT NULL, page INTEGER NOT NULL, rev INTEGER NOT NULL DEFAULT 0,
  old_rev INTEGER NOT NULL DEFAULT 0, type TEXT NOT NULL, minor INTEGER NOT NULL DEFAULT 0,
  bot INTEGER NOT NULL DEFAULT 0, comment TEXT NOT NULL DEFAULT '', old_len INTEGER NOT NULL DEFAULT 0,
  new_len INTEGER NOT NULL DEFAULT 0, log INTEGER NOT NULL DEFAULT 0, patrolled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE block (
  id INTEGER PRIMARY KEY, target TEXT NOT NULL, user INTEGER NOT NULL DEFAULT 0, by INTEGER NOT NULL,
  by_text TEXT NOT NULL, timestamp TEXT NOT NULL, expiry TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
  nocreate INTEGER NOT NULL DEFAULT 0, autoblock INTEGER NOT NULL DEFAULT 0, noemail INTEGER NOT NULL DEFAULT 0,
  allowusertalk INTEGER NOT NULL DEFAULT 1, partial INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE watch (
  user INTEGER NOT NULL, ns INTEGER NOT NULL, title TEXT NOT NULL, expiry TEXT,
  PRIMARY KEY (user, ns, title)
);
CREATE TABLE protection (
  ns INTEGER NOT NULL, title TEXT NOT NULL, type TEXT NOT NULL, level TEXT NOT NULL,
  expiry TEXT NOT NULL, cascade INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (ns, title, type)
);
";

/// What each later version adds to the schema, in order: entry `i` takes a database from
/// `user_version` `i + 1` to `i + 2`.
const MIGRATIONS: &[&str] = &["
-- Revision deletion (rev_deleted's bits), tags on log entries, and defined change tags.
ALTER TABLE revision ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE archive ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recentchange ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE logging ADD COLUMN tags TEXT NOT NULL DEFAULT '';
CREATE TABLE change_tag_def (
  name TEXT PRIMARY KEY, user_defined INTEGER NOT NULL, count INTEGER NOT NULL DEFAULT 0
);
"];

/// The content of the Main Page a fresh MediaWiki 1.39 install writes (English).
pub(crate) const MAIN_PAGE: &str = "<strong>MediaWiki has been installed.</strong>\n\nConsult the [https://www.mediawiki.org/wiki/Special:MyLanguage/Help:Contents User's Guide] for information on using the wiki software.\n\n== Getting started ==\n* [https://www.mediawiki.org/wiki/Special:MyLanguage/Manual:Configuration_settings Configuration settings list]\n* [https://www.mediawiki.org/wiki/Special:MyLanguage/Manual:FAQ MediaWiki FAQ]\n* [https://lists.wikimedia.org/postorius/lists/mediawiki-announce.lists.wikimedia.org/ MediaWiki release mailing list]\n* [https://www.mediawiki.org/wiki/Special:MyLanguage/Localisation#Translation_resources Localise MediaWiki for your language]\n* [https://www.mediawiki.org/wiki/Special:MyLanguage/Manual:Combating_spam Learn how to combat spam on your wiki]";

/// The accounts of tests/mediawiki/up.sh.
pub(crate) const ADMIN: &str = "Admin";
/// The admin's password (`MWGEN_WIKI_PASSWORD`'s default in up.sh).
pub(crate) const ADMIN_PASSWORD: &str = "mwgen-admin-password-1";
/// The admin's bot password, `Admin@mwgen` (`MWGEN_WIKI_BOT_PASSWORD`'s default in up.sh).
pub(crate) const BOT_APP: &str = "mwgen";
/// The bot password itself.
pub(crate) const BOT_PASSWORD: &str = "mwgenbotpassword0123456789abcdef";
/// The grants up.sh gives the bot password.
pub(crate) const BOT_GRANTS: &str = "basic,highvolume,editpage,createeditmovepage";

/// Opens (and, when new, creates and fills) the database at `path`, or in memory.
pub(crate) fn open(path: Option<&std::path::Path>, now: &str) -> rusqlite::Result<Connection> {
    let conn = match path {
        Some(p) => Connection::open(p)?,
        None => Connection::open_in_memory()?,
    };
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    // Every statement is prepared through the cache (`prepare_cached`): parsing SQL was a tenth of
    // an allpages answer. Room for all of the fake's statements.
    conn.set_prepared_statement_cache_capacity(256);
    if path.is_some() {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == 0 {
        conn.execute_batch("BEGIN")?;
        conn.execute_batch(SCHEMA)?;
        install(&conn, now)?;
        conn.pragma_update(None, "user_version", 1)?;
        conn.execute_batch("COMMIT")?;
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, step) in MIGRATIONS.iter().enumerate().skip(usize::try_from(version - 1).unwrap_or(0)) {
        conn.execute_batch("BEGIN")?;
        conn.execute_batch(step)?;
        conn.pragma_update(None, "user_version", i as i64 + 2)?;
        conn.execute_batch("COMMIT")?;
    }
    // The file tables, also in a wiki made before they were (CREATE … IF NOT EXISTS).
    crate::file_store::install(&conn)?;
    Ok(conn)
}

/// What MediaWiki's installer and up.sh leave: Admin (1) in bureaucrat, interface-admin and sysop,
/// "MediaWiki default" (2), who wrote the Main Page (page 1, revision 1), and the bot password.
fn install(conn: &Connection, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO user (id, name, password, registration, editcount) VALUES (1, ?1, ?2, ?3, 0)",
        params![ADMIN, ADMIN_PASSWORD, now],
    )?;
    for g in ["bureaucrat", "interface-admin", "sysop"] {
        conn.execute("INSERT INTO user_group (user, grp) VALUES (1, ?1)", params![g])?;
    }
    conn.execute(
        "INSERT INTO user (id, name, password, registration, editcount) VALUES (2, 'MediaWiki default', '', ?1, 1)",
        params![now],
    )?;
    conn.execute(
        "INSERT INTO bot_password (user, appid, password, grants) VALUES (1, ?1, ?2, ?3)",
        params![BOT_APP, BOT_PASSWORD, BOT_GRANTS],
    )?;
    let sha1 = crate::util::sha1_hex(MAIN_PAGE);
    let len = MAIN_PAGE.len() as i64;
    conn.execute(
        "INSERT INTO revision (id, page, parent, user, user_text, timestamp, comment, minor, content, model, format, size, sha1)
         VALUES (1, 1, 0, 2, 'MediaWiki default', ?1, '', 0, ?2, 'wikitext', 'text/x-wiki', ?3, ?4)",
        params![now, MAIN_PAGE, len, sha1],
    )?;
    conn.execute(
        "INSERT INTO page (id, ns, title, model, latest, touched, redirect, len) VALUES (1, 0, 'Main Page', 'wikitext', 1, ?1, 0, ?2)",
        params![now, len],
    )?;
    conn.execute(
        "INSERT INTO recentchange (timestamp, user, user_text, ns, title, page, rev, old_rev, type, new_len)
         VALUES (?1, 2, 'MediaWiki default', 0, 'Main Page', 1, 1, 0, 'new', ?2)",
        params![now, len],
    )?;
    conn.execute(
        "INSERT INTO logging (type, action, timestamp, user, user_text, ns, title, page) VALUES ('create', 'create', ?1, 2, 'MediaWiki default', 0, 'Main Page', 1)",
        params![now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_main_page_hashes_as_the_real_wiki_reports_it() {
        assert_eq!(crate::util::sha1_hex(super::MAIN_PAGE), "11cef88175cf81168a86e7c0327a5b2d7a1920f5");
    }
}
