//! `action=delete` of one old version of a file (`oldimage`: FileDeleteForm::doDelete with an
//! old version, LocalFile::deleteOldFile).

use super::{db_err, set_watch, Caller};
use crate::file_store::COLS;
use crate::title::Title;
use crate::Wiki;
use mwgen_runtime::ApiError;
use rusqlite::params;
use serde_json::json;

/// Deletes the old version `archive_name` of the file `t` (FileDeleteForm::doDelete with an
/// `oldimage`, LocalFile::deleteOldFile): that version to the file archive, a `delete` log entry
/// "Deleted old revision …"; then the watch as `watch` says. Returns the log id.
pub(crate) fn delete_old(
    w: &Wiki,
    who: &Caller,
    t: &Title,
    archive_name: &str,
    reason: &str,
    watch: Option<bool>,
) -> Result<i64, ApiError> {
    // FileDeleteForm::isValidOldSpec; the messages are missing from 1.39's English, shown as keys.
    if archive_name.len() < 16 || archive_name.contains(['/', '\\']) {
        return Err(ApiError::new("invalidoldimage", "\u{29fc}invalidoldimage\u{29fd}"));
    }
    let now = crate::util::now();
    w.transaction(|tx| {
        let moved = tx
            .execute(
                &format!(
                    "INSERT INTO filearchive (name, archive_name, {COLS}, content, deleted_user, deleted_timestamp, deleted_reason)
                     SELECT name, archive_name, {COLS}, content, ?3, ?4, ?5 FROM oldimage WHERE name = ?1 AND archive_name = ?2"
                ),
                params![t.text, archive_name, who.id, now, reason],
            )
            .map_err(db_err)?;
        if moved == 0 {
            return Err(ApiError::new("nodeleteablefile", "\u{29fc}nodeleteablefile\u{29fd}"));
        }
        tx.execute("DELETE FROM oldimage WHERE name = ?1 AND archive_name = ?2", [&t.text, archive_name])
            .map_err(db_err)?;
        let mut comment = format!("Deleted old revision {archive_name}");
        if !reason.trim().is_empty() {
            comment.push_str(": ");
            comment.push_str(reason);
        }
        let page = crate::file_store::page_of_in(tx, &t.text).map_err(db_err)?;
        let logid = crate::edit::log(tx, ("delete", "delete"), who, t, page, &comment, json!({}), &now).map_err(db_err)?;
        if let Some(on) = watch {
            set_watch(tx, who.id, t, on, None).map_err(db_err)?;
        }
        Ok(logid)
    })
}
