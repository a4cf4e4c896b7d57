//! The file store: MediaWiki's `image` (the current version of each file), `oldimage` (earlier
//! versions, with their archive names), `filearchive` (versions of deleted files) and `uploadstash`
//! tables, with the bytes in them; names, keys, hashes and URLs of files; and the storage side of
//! deleting and restoring a file with its description page (LocalFile::deleteFile, restore).
//! The modules answered are in files/; action=delete and action=undelete (edit/) use this part.

use crate::md5;
use crate::title::Title;
use rusqlite::{params, Connection, OptionalExtension};
use sha1::{Digest, Sha1};

/// The File namespace.
pub(crate) const NS_FILE: i64 = 6;

/// The tables, created when missing ([`install`], which db.rs runs on every open).
pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS image (
  name TEXT PRIMARY KEY, size INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
  bits INTEGER NOT NULL, media_type TEXT NOT NULL, major_mime TEXT NOT NULL, minor_mime TEXT NOT NULL,
  timestamp TEXT NOT NULL, user INTEGER NOT NULL, user_text TEXT NOT NULL, comment TEXT NOT NULL,
  sha1 TEXT NOT NULL, content BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS image_sha1 ON image (sha1);
CREATE TABLE IF NOT EXISTS oldimage (
  name TEXT NOT NULL, archive_name TEXT NOT NULL, size INTEGER NOT NULL, width INTEGER NOT NULL,
  height INTEGER NOT NULL, bits INTEGER NOT NULL, media_type TEXT NOT NULL, major_mime TEXT NOT NULL,
  minor_mime TEXT NOT NULL, timestamp TEXT NOT NULL, user INTEGER NOT NULL, user_text TEXT NOT NULL,
  comment TEXT NOT NULL, sha1 TEXT NOT NULL, content BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS oldimage_name ON oldimage (name, timestamp);
CREATE TABLE IF NOT EXISTS filearchive (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, archive_name TEXT NOT NULL, size INTEGER NOT NULL,
  width INTEGER NOT NULL, height INTEGER NOT NULL, bits INTEGER NOT NULL, media_type TEXT NOT NULL,
  major_mime TEXT NOT NULL, minor_mime TEXT NOT NULL, timestamp TEXT NOT NULL, user INTEGER NOT NULL,
  user_text TEXT NOT NULL, comment TEXT NOT NULL, sha1 TEXT NOT NULL, content BLOB NOT NULL,
  deleted_user INTEGER NOT NULL, deleted_timestamp TEXT NOT NULL, deleted_reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS filearchive_sha1 ON filearchive (sha1);
-- Archive names the file store holds without a version: a no-change upload moved the current file
-- there before the database refused it (LocalFile::upload publishes, then records).
CREATE TABLE IF NOT EXISTS orphan_archive (name TEXT NOT NULL, archive_name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploadstash (
  key TEXT PRIMARY KEY, user INTEGER NOT NULL, name TEXT NOT NULL, timestamp TEXT NOT NULL,
  content BLOB NOT NULL, complete INTEGER NOT NULL DEFAULT 1
);
";

/// Creates the tables when missing, and adds to those of an older fake what they lack.
pub(crate) fn install(c: &Connection) -> rusqlite::Result<()> {
    c.execute_batch(SCHEMA)?;
    let has_complete: i64 = c.query_row(
        "SELECT COUNT(*) FROM pragma_table_info('uploadstash') WHERE name = 'complete'",
        [],
        |r| r.get(0),
    )?;
    if has_complete == 0 {
        c.execute_batch("ALTER TABLE uploadstash ADD COLUMN complete INTEGER NOT NULL DEFAULT 1")?;
    }
    Ok(())
}

/// The columns every version table shares, in this order.
pub(crate) const COLS: &str =
    "size, width, height, bits, media_type, major_mime, minor_mime, timestamp, user, user_text, comment, sha1";

/// One version of a file (current, old or deleted), without its bytes.
#[derive(Debug, Clone)]
pub(crate) struct Version {
    /// The file's name as a title's text (spaces).
    pub name: String,
    /// `TIMESTAMP!Name` for an old version; empty for the current one.
    pub archive_name: String,
    pub size: i64,
    pub width: i64,
    pub height: i64,
    pub bits: i64,
    pub media_type: String,
    pub major: String,
    pub minor: String,
    /// ISO 8601.
    pub timestamp: String,
    pub user: i64,
    pub user_text: String,
    pub comment: String,
    /// Base 36, 31 digits.
    pub sha1: String,
}

impl Version {
    /// The MIME type.
    pub fn mime(&self) -> String {
        format!("{}/{}", self.major, self.minor)
    }

    fn from_row(
        name: String,
        archive_name: String,
        r: &rusqlite::Row<'_>,
        at: usize,
    ) -> rusqlite::Result<Self> {
        Ok(Version {
            name,
            archive_name,
            size: r.get(at)?,
            width: r.get(at + 1)?,
            height: r.get(at + 2)?,
            bits: r.get(at + 3)?,
            media_type: r.get(at + 4)?,
            major: r.get(at + 5)?,
            minor: r.get(at + 6)?,
            timestamp: r.get(at + 7)?,
            user: r.get(at + 8)?,
            user_text: r.get(at + 9)?,
            comment: r.get(at + 10)?,
            sha1: r.get(at + 11)?,
        })
    }
}

/// A version from a row holding [`COLS`] from column `at` on.
pub(crate) fn version_row(
    name: String,
    archive_name: String,
    r: &rusqlite::Row<'_>,
    at: usize,
) -> rusqlite::Result<Version> {
    Version::from_row(name, archive_name, r, at)
}

/// The id of the description page of the file `name` (0: none).
pub(crate) fn page_of(w: &crate::Wiki, name: &str) -> Result<i64, mwgen_runtime::ApiError> {
    w.query_db(|c| page_of_in(c, name))
}

/// [`page_of`] on a connection (in a transaction).
pub(crate) fn page_of_in(c: &Connection, name: &str) -> rusqlite::Result<i64> {
    c.prepare_cached("SELECT id FROM page WHERE ns = ?1 AND title = ?2")?
        .query_row(params![NS_FILE, name], |r| r.get(0))
        .optional()
        .map(Option::unwrap_or_default)
}

/// The current version of the file `name`, if it exists.
pub(crate) fn current(c: &Connection, name: &str) -> rusqlite::Result<Option<Version>> {
    c.prepare_cached(&format!("SELECT {COLS} FROM image WHERE name = ?1"))?
        .query_row([name], |r| Version::from_row(name.to_string(), String::new(), r, 0))
        .optional()
}

/// The old versions of the file `name`, newest first.
pub(crate) fn history(c: &Connection, name: &str) -> rusqlite::Result<Vec<Version>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT archive_name, {COLS} FROM oldimage WHERE name = ?1 ORDER BY timestamp DESC"
    ))?;
    let rows = st.query_map([name], |r| Version::from_row(name.to_string(), r.get(0)?, r, 1))?;
    rows.collect()
}

/// The names of the current files whose SHA-1 (base 36) is `sha1`, by name.
pub(crate) fn names_by_sha1(c: &Connection, sha1: &str) -> rusqlite::Result<Vec<String>> {
    let mut st = c.prepare_cached("SELECT name FROM image WHERE sha1 = ?1 ORDER BY name")?;
    let rows = st.query_map([sha1], |r| r.get(0))?;
    rows.collect()
}

/// A name as MediaWiki's file and database key (underscores).
pub(crate) fn key(name: &str) -> String {
    name.replace(' ', "_")
}

/// The SHA-1 of `bytes` in base 36, 31 digits (`img_sha1`).
pub(crate) fn sha1_base36(bytes: &[u8]) -> String {
    base36_of(&Sha1::digest(bytes))
}

/// A 160-bit number (big-endian bytes) in base 36, 31 digits.
pub(crate) fn base36_of(number: &[u8]) -> String {
    let mut n: Vec<u8> = number.to_vec();
    let mut digits = Vec::new();
    // Long division of the 160-bit number by 36, most significant byte first.
    while n.iter().any(|&b| b != 0) {
        let mut rem = 0u32;
        for b in n.iter_mut() {
            let cur = (rem << 8) | u32::from(*b);
            *b = (cur / 36) as u8;
            rem = cur % 36;
        }
        digits.push(char::from(b"0123456789abcdefghijklmnopqrstuvwxyz"[rem as usize]));
    }
    while digits.len() < 31 {
        digits.push('0');
    }
    digits.iter().rev().collect()
}

/// A base-36 SHA-1 in hex, 40 digits (imageinfo's `sha1`).
pub(crate) fn sha1_hex(base36: &str) -> String {
    let mut n = [0u8; 20];
    for d in base36.chars() {
        let mut carry = d.to_digit(36).unwrap_or(0);
        for b in n.iter_mut().rev() {
            let cur = u32::from(*b) * 36 + carry;
            *b = (cur & 0xff) as u8;
            carry = cur >> 8;
        }
    }
    n.iter().map(|b| format!("{b:02x}")).collect()
}

/// PHP's `rawurlencode`, as file URLs carry names.
pub(crate) fn rawurlencode(s: &str) -> String {
    crate::util::percent_encode(s, b"-_.~")
}

/// The hash directories of `name` (`b/bd/`), from the MD5 of its key.
pub(crate) fn hash_path(name: &str) -> String {
    let h = md5::hex(key(name).as_bytes());
    format!("{}/{}/", &h[..1], &h[..2])
}

/// The path of a version under `$wgUploadPath` (`/images/b/bd/Name.png`, or `/images/archive/…`).
pub(crate) fn rel_url(v: &Version) -> String {
    if v.archive_name.is_empty() {
        format!("/images/{}{}", hash_path(&v.name), rawurlencode(&key(&v.name)))
    } else {
        format!("/images/archive/{}{}", hash_path(&v.name), rawurlencode(&v.archive_name))
    }
}

/// Whether the description page of `name` has deleted revisions (File::wasDeleted).
pub(crate) fn was_deleted(c: &Connection, name: &str) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT COUNT(*) FROM archive WHERE ns = ?1 AND title = ?2")?
        .query_row(params![NS_FILE, name], |r| r.get::<_, i64>(0))
        .map(|n| n > 0)
}

/// Whether `t` is a file that exists (ApiDelete::canDeleteFile).
pub(crate) fn is_file(c: &Connection, t: &Title) -> rusqlite::Result<bool> {
    if t.ns != NS_FILE {
        return Ok(false);
    }
    current(c, &t.text).map(|f| f.is_some())
}

/// Moves every version of the file `t` to the file archive.
pub(crate) fn delete_file(
    c: &Connection,
    who: i64,
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
            params![t.text, who, now, reason],
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
    let mut has_current = current(c, &t.text)?.is_some();
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
            format!("{}!{}", crate::time::mw(secs), key(&t.text))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1s_convert_as_mediawiki_stores_them() {
        // The seeded "Seed square.png" (version 1): its log entry's img_sha1 and imageinfo's sha1.
        let hex = "4ac73f7138c01d9bb097f4aa0336576745b37455";
        assert_eq!(sha1_hex("8qghels36l21bnl744nqowouahx9e1h"), hex);
        assert_eq!(sha1_hex("fmste03l7396vsc47m9hp3b3n2t6ehu"), "85d598808dcea845ff114fbcce2896626bed43e2");
        assert_eq!(sha1_base36(b"abc").len(), 31);
        assert_eq!(sha1_hex(&sha1_base36(b"abc")), crate::util::sha1_hex("abc"));
        assert_eq!(hash_path("Seed square.png"), "b/bd/");
        assert_eq!(rawurlencode("2026!A_b.png"), "2026%21A_b.png");
    }
}
