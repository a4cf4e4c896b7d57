//! Chunked uploads (ApiUpload::getChunkResult, UploadFromChunks) and `stash=1`: the pieces of a
//! file kept in `uploadstash` under the first piece's key (`complete` 0) until the last one, whose
//! answer gives the assembled file a new key (`complete` 1) to publish with `filekey`; and the
//! stashed file's info (ApiQueryStashImageInfo::getInfo), named and addressed as the stash does.
//!
//! As in MediaWiki, a file sent in one piece is stashed without its extension.

use super::info::item;
use super::upload::stash;
use super::{props, sha1_base36, warnings, Version, NS_FILE};
use crate::edit::{db_err, Caller};
use crate::title::Title;
use crate::Wiki;
use mediawiki_api::action;
use mwgen_runtime::server::{Answered, Typed};
use mwgen_runtime::ApiError;
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Map, Value};

/// `$wgMinUploadChunkSize`, 1,024 bytes.
const MIN_CHUNK: usize = 1024;

/// The properties a stashed file's info has (ApiQueryStashImageInfo::getPropertyNames).
const STASH_PROPS: &str =
    "timestamp|canonicaltitle|url|size|dimensions|sha1|mime|metadata|commonmetadata|extmetadata|bitdepth";

/// A piece's `filekey` and `offset` (ApiUpload::selectUploadModule).
pub(super) fn check_offset(has_key: bool, offset: Option<i64>) -> Result<(), ApiError> {
    match (has_key, offset) {
        (true, Some(0)) => {
            Err(ApiError::new("filekeynotallowed", "Cannot supply a \"filekey\" when \"offset\" is 0."))
        }
        (false, o) if o != Some(0) => {
            Err(ApiError::new("filekeyneeded", "Must supply a \"filekey\" when \"offset\" is non-zero."))
        }
        _ => Ok(()),
    }
}

/// One piece of a chunked upload of `name` (asked for as `desired`, extension `ext`), continuing
/// the upload stashed under `filekey` unless it is the first.
pub(super) async fn chunk(
    w: &Wiki,
    who: &Caller,
    req: &action::Upload,
    (name, desired, ext): (&str, &str, &str),
    piece: Vec<u8>,
    filekey: Option<&str>,
) -> Typed<action::UploadResponse> {
    let first = w.query_db(|c| warnings::check(c, name, desired, &sha1_base36(&piece)))?;
    let mut out = Map::new();
    if !first.is_empty() {
        if !req.ignorewarnings {
            let key = stash(w, who, name, ext, &piece)?;
            out.insert("result".into(), json!("Warning"));
            out.insert("warnings".into(), Value::Object(first));
            out.insert("filekey".into(), json!(key));
            out.insert("sessionkey".into(), json!(key));
            return Ok(Answered::Raw(json!({ "upload": out })));
        }
        out.insert("warnings".into(), Value::Object(first));
    }
    let offset = req.offset.unwrap_or(0);
    let total = usize::try_from(offset).unwrap_or(0) + piece.len();
    let size = usize::try_from(req.filesize.unwrap_or(0)).unwrap_or(0);
    if total > size {
        return Err(ApiError::new(
            "invalid-chunk",
            "Offset plus current chunk is greater than claimed file size.",
        ));
    }
    if total != size && piece.len() < MIN_CHUNK {
        return Err(ApiError::new(
            "chunk-too-small",
            "Minimum chunk size is 1,024 bytes for non-final chunks.",
        ));
    }
    let (key, content) = if offset == 0 {
        let key = stash(w, who, name, ext, &piece)?;
        w.query_db(|c| c.execute("UPDATE uploadstash SET complete = 0 WHERE key = ?1", [&key]))?;
        (key, piece)
    } else {
        let key = filekey.unwrap_or_default().to_string();
        let row: Option<(Vec<u8>, bool)> = w.query_db(|c| {
            c.prepare_cached("SELECT content, complete FROM uploadstash WHERE key = ?1")?
                .query_row([&key], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))
                .optional()
        })?;
        let Some((mut content, complete)) = row else {
            return Err(ApiError::new(
                "uploadstash-file-not-found",
                format!("Key \"{key}\" not found in stash."),
            ));
        };
        if complete {
            return Err(ApiError::new("stashfailed", "No chunked upload session with this key."));
        }
        if usize::try_from(offset).ok() != Some(content.len()) {
            return Err(ApiError::new("stashfailed", "Invalid chunk offset")
                .data(json!({ "offset": content.len().to_string() })));
        }
        content.extend_from_slice(&piece);
        (key, content)
    };
    if total < size {
        w.query_db(|c| {
            c.execute("UPDATE uploadstash SET content = ?1 WHERE key = ?2", params![content, key])
        })?;
        out.insert("result".into(), json!("Continue"));
        out.insert("offset".into(), json!(total));
        out.insert("filekey".into(), json!(key));
        return Ok(Answered::Raw(json!({ "upload": out })));
    }
    // The last piece: the assembled file under a new key, its warnings now that it is whole.
    let whole_ext = if offset == 0 { "" } else { ext };
    let assembled = stash(w, who, name, whole_ext, &content)?;
    w.transaction(|tx| tx.execute("DELETE FROM uploadstash WHERE key = ?1", [&key]).map_err(db_err))?;
    let warns = w.query_db(|c| warnings::check(c, name, desired, &sha1_base36(&content)))?;
    if warns.is_empty() {
        out.remove("warnings");
    } else {
        out.insert("warnings".into(), Value::Object(warns));
    }
    out.insert("result".into(), json!("Success"));
    out.insert("filekey".into(), json!(assembled));
    out.insert("imageinfo".into(), Value::Object(stash_info(w, &assembled, "chunkedupload_", &content)));
    Ok(Answered::Raw(json!({ "upload": out })))
}

/// The info of the file stashed under `key` with `content`: named as the stash names its files
/// (the time, `!`, the temporary file's name: `kind` and random characters, the key's extension),
/// at its Special:UploadStash address.
pub(super) fn stash_info(w: &Wiki, key: &str, kind: &str, content: &[u8]) -> Map<String, Value> {
    let p = props::of(content);
    let secs = crate::time::now_secs();
    let random = if kind == "php" { crate::util::random_hex(3) } else { crate::util::random_hex(6) };
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e);
    let temp = format!("{kind}{random}.{ext}").replace('_', " ");
    let name = Title { ns: NS_FILE, text: format!("{}!{temp}", crate::time::mw(secs)) }.text;
    let v = Version {
        name,
        archive_name: String::new(),
        size: content.len() as i64,
        width: p.width,
        height: p.height,
        bits: p.bits,
        media_type: p.media_type.to_string(),
        major: p.major.to_string(),
        minor: p.minor.to_string(),
        timestamp: crate::time::iso(secs),
        user: 0,
        user_text: String::new(),
        comment: String::new(),
        sha1: sha1_base36(content),
    };
    let props: Vec<&str> = STASH_PROPS.split('|').collect();
    let mut m = item(w, &v, &props, 0, Some(content));
    let url = format!("{}/index.php/Special:UploadStash/file/{key}", w.site().server);
    m.insert("url".into(), json!(url));
    m.insert("descriptionurl".into(), json!(url));
    m
}
