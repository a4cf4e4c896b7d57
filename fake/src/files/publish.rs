//! Publishing a new version of a file (LocalFile::upload, publish and recordUpload3), for
//! `action=upload` and `action=filerevert`: the archive name of the version it replaces (taken by
//! an overwrite in the same second: `backend-fail-alreadyexists`), `fileexists-no-change`, a time
//! after the last version's, the version tables, the `upload` log entry and its recent change, and
//! the description page: created with the page text, or given a null revision.

use super::props::Props;
use super::{current, key, sha1_base36, COLS, NS_FILE};
use crate::edit::store::{self, NewRev};
use crate::edit::{db_err, page_at, set_watch, Caller, PageRow};
use crate::title::Title;
use crate::Wiki;
use mwgen_runtime::ApiError;
use rusqlite::{params, OptionalExtension};
use serde_json::json;

/// A version to publish.
pub(super) struct NewFile<'a> {
    /// The file's name (a title's text).
    pub name: &'a str,
    pub content: &'a [u8],
    pub props: &'a Props,
    /// The comment, trimmed.
    pub comment: &'a str,
    /// The text of the description page when it is created.
    pub text: &'a str,
    /// Whether the uploader then watches the page.
    pub watch: bool,
    /// The stash key the file came from, removed once published.
    pub filekey: Option<&'a str>,
}

/// Why a version was not published.
#[derive(Debug, Clone)]
pub(super) enum Refused {
    /// The archive name of the current version is taken (at this storage path).
    Collision(String),
    /// The bytes are the current version's.
    NoChange,
}

impl Refused {
    /// Its message key, parameter and English text.
    pub fn parts(&self, w: &Wiki, name: &str) -> (&'static str, String, String) {
        match self {
            Refused::Collision(path) => {
                ("backend-fail-alreadyexists", path.clone(), format!("The file \"{path}\" already exists."))
            }
            Refused::NoChange => {
                let full = Title { ns: NS_FILE, text: name.to_string() }.full(w.site());
                let text = format!("The upload is an exact duplicate of the current version of [[:{full}]].");
                ("fileexists-no-change", full, text)
            }
        }
    }
}

/// Publishes `f` as the current version of its file; gives the description page as it was
/// before (`None`: it was created).
pub(super) async fn publish(
    w: &Wiki,
    who: &Caller,
    f: &NewFile<'_>,
) -> Result<Result<Option<PageRow>, Refused>, ApiError> {
    let (name, content, p, comment, text) = (f.name, f.content, f.props, f.comment, f.text);
    let sha1 = sha1_base36(content);
    let existing = w.query_db(|c| current(c, name))?;
    let title = Title { ns: NS_FILE, text: name.to_string() };
    let mut now_secs = crate::time::now_secs();
    let archive_name = format!("{}!{}", crate::time::mw(now_secs), key(name));
    // LocalFile::publishTo moves the current version to its archive name first: a second
    // overwrite within the same second finds the name taken (by a version, or by the file a
    // no-change upload left there).
    let taken: Option<i64> = w.query_db(|c| {
        c.prepare_cached(
            "SELECT 1 FROM oldimage WHERE name = ?1 AND archive_name = ?2
             UNION ALL SELECT 1 FROM orphan_archive WHERE name = ?1 AND archive_name = ?2",
        )?
        .query_row([name, archive_name.as_str()], |r| r.get(0))
        .optional()
    })?;
    if existing.is_some() && taken.is_some() {
        let path =
            format!("mwstore://local-backend/local-public/archive/{}{archive_name}", super::hash_path(name));
        return Ok(Err(Refused::Collision(path)));
    }
    if existing.as_ref().is_some_and(|v| v.sha1 == sha1) {
        // The file store has moved the current file to the archive name already.
        w.query_db(|c| {
            c.execute(
                "INSERT INTO orphan_archive (name, archive_name) VALUES (?1, ?2)",
                [name, &archive_name],
            )
        })?;
        return Ok(Err(Refused::NoChange));
    }
    // LocalFile::recordUpload3 keeps (name, timestamp) unique: a version newer than the last one,
    // a second later when it would not be (after waiting that second, as MediaWiki does).
    if let Some(last) = existing.as_ref().and_then(|f| crate::time::parse_ts(&f.timestamp)) {
        if now_secs <= last {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            now_secs = last + 1;
        }
    }
    let now = crate::time::iso(now_secs);
    let page_before = w.query_db(|c| page_at(c, &title))?;
    let site = w.site();
    w.transaction(|tx| {
        if existing.is_some() {
            tx.execute(
                &format!("INSERT INTO oldimage (name, archive_name, {COLS}, content) SELECT name, ?2, {COLS}, content FROM image WHERE name = ?1"),
                params![name, archive_name],
            )
            .map_err(db_err)?;
            tx.execute("DELETE FROM image WHERE name = ?1", [&name]).map_err(db_err)?;
        }
        tx.execute(
            &format!("INSERT INTO image (name, {COLS}, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
            params![name, content.len() as i64, p.width, p.height, p.bits, p.media_type, p.major, p.minor, now, who.id, who.name, comment, sha1, content],
        )
        .map_err(db_err)?;
        let action = if existing.is_some() { "overwrite" } else { "upload" };
        let log_params = json!({ "img_sha1": sha1, "img_timestamp": now });
        let logid = crate::edit::log(tx, ("upload", action), who, &title, 0, comment, log_params, &now).map_err(db_err)?;
        let saved = match &page_before {
            Some(page) => {
                // The null revision's summary is the log entry's text (LogFormatter::getPlainActionText).
                let what = if existing.is_some() { "uploaded a new version of" } else { "uploaded" };
                let summary = format!("{} {what} [[{}]]", who.name, title.full(site));
                let content = crate::edit::content_of(tx, page.latest).map_err(db_err)?;
                let rev = new_rev(&title, Some(page), &content, &page.model, &summary, who, &now);
                store::save(tx, site, &rev).map_err(db_err)?
            }
            None => create_page(tx, site, &title, text.trim_end(), comment, who, &now)?,
        };
        tx.execute(
            "UPDATE logging SET page = ?1 WHERE id = ?2",
            params![saved.page, logid],
        )
        .map_err(db_err)?;
        tx.execute("UPDATE recentchange SET page = ?1, rev = ?2 WHERE log = ?3", params![saved.page, saved.rev, logid])
            .map_err(db_err)?;
        if existing.is_none() && page_before.is_some() {
            // The file now exists: the pages showing it lose their broken-file category (a new
            // description page does this as it is saved).
            store::refresh_file_users(tx, site, &title).map_err(db_err)?;
        }
        if f.watch {
            set_watch(tx, who.id, &title, true, None).map_err(db_err)?;
        }
        if let Some(k) = f.filekey {
            tx.execute("DELETE FROM uploadstash WHERE key = ?1", [k]).map_err(db_err)?;
        }
        Ok(())
    })?;
    Ok(Ok(page_before))
}

/// A revision of the description page by the uploader.
fn new_rev<'a>(
    title: &'a Title,
    page: Option<&'a crate::edit::PageRow>,
    content: &'a str,
    model: &'a str,
    comment: &'a str,
    who: &'a Caller,
    now: &'a str,
) -> NewRev<'a> {
    NewRev { title, page, content, model, comment, minor: false, bot: false, user: who, null: true, now }
}

/// Creates the description page (WikiPage::doUserEditContent with EDIT_SUPPRESS_RC): the revision,
/// the `create` log entry, the edit count, and no recent change of its own.
fn create_page(
    tx: &rusqlite::Transaction<'_>,
    site: &crate::Site,
    title: &Title,
    text: &str,
    comment: &str,
    who: &Caller,
    now: &str,
) -> Result<store::Saved, ApiError> {
    let rev = new_rev(title, None, text, "wikitext", comment, who, now);
    let saved = store::save(tx, site, &rev).map_err(db_err)?;
    tx.execute(
        "INSERT INTO logging (type, action, timestamp, user, user_text, ns, title, page, comment, params)
         VALUES ('create', 'create', ?1, ?2, ?3, ?4, ?5, ?6, ?7, '{}')",
        params![now, who.id, who.name, title.ns, title.text, saved.page, comment],
    )
    .map_err(db_err)?;
    if who.id != 0 {
        tx.execute("UPDATE user SET editcount = editcount + 1 WHERE id = ?1", [who.id]).map_err(db_err)?;
    }
    Ok(saved)
}
