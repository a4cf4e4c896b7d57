//! The block table and the log rows, as the blocks and the accounts families both read and write
//! them: a user's block and the details `list=users`, `list=allusers` and `meta=userinfo` show, log
//! entries with their recent change.

use crate::time;
use mwgen_runtime::ApiError;
use rusqlite::{params, Connection};
use serde_json::{json, Value};

/// One row of the `block` table.
#[derive(Debug, Clone)]
pub(crate) struct BlockRow {
    pub id: i64,
    pub target: String,
    pub user: i64,
    pub by: i64,
    pub by_text: String,
    pub timestamp: String,
    /// `infinity` or an ISO timestamp.
    pub expiry: String,
    pub reason: String,
    pub nocreate: bool,
    pub autoblock: bool,
    pub noemail: bool,
    pub allowusertalk: bool,
    pub partial: bool,
}

pub(crate) const BLOCK_COLUMNS: &str =
    "id, target, user, by, by_text, timestamp, expiry, reason, nocreate, autoblock, noemail, allowusertalk, partial";

pub(crate) fn block_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BlockRow> {
    let flag = |i: usize| r.get::<_, i64>(i).map(|v| v != 0);
    Ok(BlockRow {
        id: r.get(0)?,
        target: r.get(1)?,
        user: r.get(2)?,
        by: r.get(3)?,
        by_text: r.get(4)?,
        timestamp: r.get(5)?,
        expiry: r.get(6)?,
        reason: r.get(7)?,
        nocreate: flag(8)?,
        autoblock: flag(9)?,
        noemail: flag(10)?,
        allowusertalk: flag(11)?,
        partial: flag(12)?,
    })
}

impl BlockRow {
    /// Whether the block still holds at `now`.
    pub fn active(&self, now: i64) -> bool {
        self.expiry == "infinity" || time::parse_ts(&self.expiry).is_some_and(|t| t > now)
    }
}

/// The block in force on `target` (a user name or an IP address), if any.
pub(crate) fn block_of(c: &Connection, target: &str) -> rusqlite::Result<Option<BlockRow>> {
    let now = time::now_secs();
    let mut st =
        c.prepare_cached(&format!("SELECT {BLOCK_COLUMNS} FROM block WHERE target = ?1 ORDER BY id DESC"))?;
    let rows: Vec<BlockRow> = st.query_map([target], block_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().find(|b| b.active(now)))
}

/// The block details (`blockid`, `blockedby`, …) MediaWiki's `ApiBlockInfoTrait` gives for `b`.
pub(crate) fn block_details(b: &BlockRow) -> serde_json::Map<String, Value> {
    let expiry = if b.expiry == "infinity" { "infinite".to_string() } else { b.expiry.clone() };
    let mut o = serde_json::Map::new();
    o.insert("blockid".into(), json!(b.id));
    o.insert("blockedby".into(), json!(b.by_text));
    o.insert("blockedbyid".into(), json!(b.by));
    o.insert("blockreason".into(), json!(b.reason));
    o.insert("blockedtimestamp".into(), json!(b.timestamp));
    o.insert("blockexpiry".into(), json!(expiry));
    o.insert("blockpartial".into(), json!(b.partial));
    o.insert("blocknocreate".into(), json!(b.nocreate));
    o.insert("blockanononly".into(), json!(false));
    let ts = time::parse_ts(&b.timestamp).unwrap_or(0);
    o.insert("blockedtimestampformatted".into(), json!(time::formatted(ts)));
    if let Some(t) = time::parse_ts(&b.expiry) {
        o.insert("blockexpiryformatted".into(), json!(time::formatted(t)));
        // MediaWiki's human timestamp of a time to come is the full date and time.
        o.insert("blockexpiryrelative".into(), json!(time::formatted(t)));
    }
    o
}

/// Adds a log entry (and its recent change, as MediaWiki publishes log entries to
/// Special:RecentChanges; autopatrolled, as log entries nobody can patrol are); its id.
pub(crate) fn add_log(
    c: &Connection,
    (kind, action): (&str, &str),
    (user, user_text): (i64, &str),
    (ns, title): (i64, &str),
    comment: &str,
    params: &Value,
) -> rusqlite::Result<i64> {
    let now = crate::util::now();
    c.execute(
        "INSERT INTO logging (type, action, timestamp, user, user_text, ns, title, page, comment, params)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9)",
        params![kind, action, now, user, user_text, ns, title, comment, params.to_string()],
    )?;
    let id = c.last_insert_rowid();
    c.execute(
        "INSERT INTO recentchange (timestamp, user, user_text, ns, title, page, type, comment, log, patrolled)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 'log', ?6, ?7, 2)",
        params![now, user, user_text, ns, title, comment, id],
    )?;
    Ok(id)
}

/// A database failure as MediaWiki's `internal_api_error_DBQueryError`.
pub(crate) fn db_error(e: rusqlite::Error) -> ApiError {
    ApiError::new("internal_api_error_DBQueryError", format!("A database query error has occurred: {e}."))
}
