//! The deletion of a file with its description page (FileDeleteForm::doDelete, LocalFile::deleteFile):
//! every version, current and old, goes to `filearchive` with who deleted it, when and why; and its
//! undeletion (LocalFile::restore), all versions back. The page's part is `action=delete`'s and
//! `action=undelete`'s own (edit/manage.rs), with the log entries.

use super::{COLS, NS_FILE};
use crate::edit::Caller;
use crate::title::Title;
use rusqlite::{params, Connection};

/// Whether `t` is a file that exists (ApiDelete::canDeleteFile).
pub(crate) fn is_file(c: &Connection, t: &Title) -> rusqlite::Result<bool> {
    if t.ns != NS_FILE {
        return Ok(false);
    }
    super::current(c, &t.text).map(|f| f.is_some())
}

/// Moves every version of the file `t` to the file archive.
pub(crate) fn delete_file(
    c: &Connection,
    who: &Caller,
    t: &Title,
    reason: &str,
    now: &str,
) -> rusqlite::Result<()> {
    for (table, archive_name) in [("image", "''"), ("oldimage", "archive_name")] {
        c.execute(
            &format!(
                "INSERT INTO filearchive (name, archive_name, {COLS}, content, deleted_user, deleted_timestamp, deleted_reason)
                 SELECT name, {archive_name}, {COLS}, content, ?2, ?3, ?4 FROM {table} WHERE name = ?1
                 ORDER BY timestamp DESC"
            ),
            params![t.text, who.id, now, reason],
        )?;
        c.execute(&format!("DELETE FROM {table} WHERE name = ?1"), [&t.text])?;
    }
    Ok(())
}

/// Restores the archived versions of the file `t` (LocalFile::restore, all of them): the newest
/// becomes the current version when there is none, the others old versions under their archive
/// names. Returns how many were restored.
pub(crate) fn undelete_file(c: &Connection, t: &Title) -> rusqlite::Result<i64> {
    if t.ns != NS_FILE {
        return Ok(0);
    }
    let rows: Vec<(i64, String, String)> = {
        let mut st = c.prepare_cached(
            "SELECT id, archive_name, timestamp FROM filearchive WHERE name = ?1 ORDER BY timestamp DESC, id",
        )?;
        let it = st.query_map([&t.text], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        it.collect::<rusqlite::Result<_>>()?
    };
    let mut has_current = super::current(c, &t.text)?.is_some();
    for (id, archive_name, timestamp) in &rows {
        if !has_current {
            c.execute(
                &format!("INSERT INTO image (name, {COLS}, content) SELECT name, {COLS}, content FROM filearchive WHERE id = ?1"),
                [id],
            )?;
            has_current = true;
            continue;
        }
        let archive_name = if archive_name.is_empty() {
            let secs = crate::time::parse_ts(timestamp).unwrap_or(0);
            format!("{}!{}", crate::time::mw(secs), super::key(&t.text))
        } else {
            archive_name.clone()
        };
        c.execute(
            &format!(
                "INSERT INTO oldimage (name, archive_name, {COLS}, content)
                 SELECT name, ?2, {COLS}, content FROM filearchive WHERE id = ?1"
            ),
            params![id, archive_name],
        )?;
    }
    c.execute("DELETE FROM filearchive WHERE name = ?1", [&t.text])?;
    Ok(rows.len() as i64)
}
