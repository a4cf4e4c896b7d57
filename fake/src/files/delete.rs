//! The deletion of a file with its description page (FileDeleteForm::doDelete, LocalFile::deleteFile):
//! every version, current and old, goes to `filearchive` with who deleted it, when and why; the
//! page's deletion is `action=delete`'s own (edit/manage.rs), with its log entry.

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
