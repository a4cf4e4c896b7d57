//! `action=upload` of a posted `file`, or of one stashed (`filekey`), in ApiUpload's order
//! of checks: which source, the name, the rights, the file, the warnings (`result: Warning`, the file
//! stashed under a new `filekey`), then LocalFile::upload and recordUpload3 (the version tables, the
//! `upload` log entry and its recent change, the description page created with `text` or given a
//! null revision).

use super::name::{file_name, Refused, ALLOWED};
use super::publish::{publish, NewFile};
use super::{chunks, current, info, key, props, sha1_base36, warnings};
use crate::edit::{caller, check_tags, db_err, Caller};
use crate::Wiki;
use mediawiki_api::action::{self, UploadWatchlist};
use mwgen_runtime::server::{Answered, Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Map, Value};

/// What the stash of a failed upload reports when the file is gone (MediaWiki has moved it by then).
fn stash_gone() -> Value {
    json!([{
        "message": "uploadstash-exception",
        "params": ["UploadStashBadPathException", "Path doesn't exist."],
        "code": "uploadstash-exception",
        "type": "error"
    }])
}

/// `action=upload`.
#[allow(deprecated)] // `watch` and `sessionkey` are deprecated, and still honoured
pub(crate) async fn upload(w: &Wiki, req: action::Upload, cx: &Context) -> Typed<action::UploadResponse> {
    if req.checkstatus || req.r#async {
        return w.not_answered(req, cx);
    }
    let filekey = req.filekey.clone().or_else(|| req.sessionkey.clone()).filter(|k| !k.is_empty());
    let chunk = req.chunk.as_ref().map(|c| c.content.clone());
    let given: Vec<&str> =
        [("file", req.file.is_some()), ("url", req.url.is_some()), ("filekey", filekey.is_some())]
            .into_iter()
            .filter_map(|(n, set)| set.then_some(n))
            .collect();
    match given.as_slice() {
        _ if chunk.is_some() => {}
        [] => {
            return Err(ApiError::new(
                "missingparam",
                "One of the parameters \"filekey\", \"file\" and \"url\" is required.",
            ))
        }
        [_] => {}
        many => {
            let quoted: Vec<String> = many.iter().map(|n| format!("\"{n}\"")).collect();
            let (last, rest) = quoted.split_last().map_or((String::new(), &[][..]), |(l, r)| (l.clone(), r));
            return Err(ApiError::new(
                "invalidparammix",
                format!("The parameters {} and {last} can not be used together.", rest.join(", ")),
            ));
        }
    }
    let Some(desired) = req.filename.clone() else {
        return Err(ApiError::new("nofilename", "The \"filename\" parameter must be set."));
    };
    if chunk.is_some() {
        chunks::check_offset(filekey.is_some(), req.offset)?;
    } else if req.url.is_some() {
        return Err(ApiError::new("copyuploaddisabled", "Upload by URL disabled."));
    }
    let who = caller(w, cx);
    let content = match (&chunk, &req.file, &filekey) {
        (Some(c), _, _) => c.clone(),
        (None, Some(f), _) => f.content.clone(),
        (None, None, Some(k)) => from_stash(w, k)?,
        (None, None, None) => Vec::new(),
    };
    for right in ["upload", "edit"] {
        if !who.can(right) {
            if who.id == 0 {
                return Err(ApiError::new("mustbeloggedin", "You must be logged in to upload this file."));
            }
            return Err(crate::edit::denied("[[Mwgen test wiki:Users|Users]]"));
        }
    }
    if chunk.is_some() {
        // Only the name can be checked before the last piece (ApiUpload::verifyUpload).
        let p = props::of(&content);
        let Ok((name, ext)) = file_name(w, &desired, &p) else {
            return Err(ApiError::new("illegal-filename", "The filename is not allowed."));
        };
        return chunks::chunk(w, &who, &req, (&name, &desired, &ext), content, filekey.as_deref()).await;
    }
    if content.is_empty() {
        return Err(ApiError::new("empty-file", "The file you submitted was empty."));
    }
    let p = props::of(&content);
    let named = file_name(w, &desired, &p);
    let ext = named.as_ref().map(|(_, e)| e.clone()).unwrap_or_default();
    if (ext == "svg" || p.minor == "svg+xml") && props::svg_root(&content).is_none() {
        return Err(ApiError::new("verification-error", "The XML in the uploaded file could not be parsed.")
            .data(json!({ "details": ["uploadinvalidxml"] })));
    }
    let (name, ext) = match named {
        Ok(n) => n,
        Err(refused) => return Err(refusal(w, &who, refused, &content, &p, &desired)?),
    };
    let sha1 = sha1_base36(&content);
    let existing = w.query_db(|c| current(c, &name))?;
    // UploadBase::checkOverwrite (not for the stash): `reupload`, or `reupload-own` of one's own file.
    if !req.stash && existing.as_ref().is_some_and(|f| !super::may_overwrite(&who, f)) {
        return Err(ApiError::new(
            "fileexists-forbidden",
            format!("A file with this name already exists, and cannot be overwritten.\nIf you still want to upload your file, please go back and use a new name.\n[[File:{0}|thumb|center|{0}]]", key(&name)),
        ));
    }
    let warns = w.query_db(|c| warnings::check(c, &name, &desired, &sha1))?;
    if !warns.is_empty() && !req.ignorewarnings {
        let filekey = stash(w, &who, &name, &ext, &content)?;
        let mut out = Map::new();
        out.insert("result".into(), json!("Warning"));
        out.insert("warnings".into(), Value::Object(warns));
        out.insert("filekey".into(), json!(filekey));
        out.insert("sessionkey".into(), json!(filekey));
        return Ok(Answered::Raw(json!({ "upload": out })));
    }
    if req.stash {
        let filekey = stash(w, &who, &name, &ext, &content)?;
        let mut out = Map::new();
        out.insert("result".into(), json!("Success"));
        if !warns.is_empty() {
            out.insert("warnings".into(), Value::Object(warns));
        }
        out.insert("filekey".into(), json!(filekey));
        out.insert("sessionkey".into(), json!(filekey));
        let stashed = chunks::stash_info(w, &filekey, "php", &content);
        out.insert("imageinfo".into(), Value::Object(stashed));
        return Ok(Answered::Raw(json!({ "upload": out })));
    }
    w.ping_limiter(cx, "upload", "upload")?;
    let watch = match req.watchlist.unwrap_or(UploadWatchlist::Preferences) {
        // `watchdefault`, `watchuploads` and `watchcreations` are on by default.
        UploadWatchlist::Watch | UploadWatchlist::Preferences => who.id != 0,
        UploadWatchlist::Nochange => false,
    } || req.watch;
    check_tags(w, &req.tags)?;
    let comment = req.comment.clone().unwrap_or_default();
    let text = req.text.clone().unwrap_or_else(|| comment.clone());
    let new = NewFile {
        name: &name,
        content: &content,
        props: &p,
        comment: comment.trim(),
        text: &text,
        watch,
        filekey: filekey.as_deref(),
    };
    let page_before = match publish(w, &who, &new).await? {
        Ok(page) => page,
        Err(refused) => {
            let (code, _, text) = refused.parts(w, &name);
            return Err(ApiError::new(code, text).data(json!({ "stasherrors": stash_gone() })));
        }
    };
    let Some(version) = w.query_db(|c| current(c, &name))? else {
        return Err(db_err(rusqlite::Error::QueryReturnedNoRows));
    };
    let mut out = Map::new();
    out.insert("result".into(), json!("Success"));
    out.insert("filename".into(), json!(key(&name)));
    if !warns.is_empty() {
        out.insert("warnings".into(), Value::Object(warns));
    }
    let shown = page_before.as_ref().map_or(0, |p| p.id);
    out.insert("imageinfo".into(), Value::Object(info::item(w, &version, info::ALL, shown, Some(&content))));
    Ok(Answered::Raw(json!({ "upload": out })))
}

/// The error of a refused name; the recoverable ones stash the file, as dieRecoverableError does.
pub(super) fn refusal(
    w: &Wiki,
    who: &Caller,
    r: Refused,
    content: &[u8],
    p: &props::Props,
    desired: &str,
) -> Result<ApiError, ApiError> {
    let ext = p.ext.unwrap_or("");
    let recoverable = |code: &'static str, text: &'static str, extra: Value| -> Result<ApiError, ApiError> {
        let k = stash(w, who, desired, ext, content)?;
        let mut data = json!({ "filekey": k, "sessionkey": k });
        if let (Some(d), Value::Object(e)) = (data.as_object_mut(), extra) {
            d.extend(e);
        }
        if let Some(d) = data.as_object_mut() {
            d.insert("invalidparameter".into(), json!("filename"));
        }
        Ok(ApiError::new(code, text).data(data))
    };
    match r {
        Refused::TooShort => recoverable("filename-tooshort", "The filename is too short.", json!({})),
        Refused::TooLong => {
            recoverable("filename-toolong", "Filenames may not be longer than 240 bytes.", json!({}))
        }
        Refused::Missing => {
            recoverable("filetype-missing", "The file has no extension (like \".jpg\").", json!({}))
        }
        Refused::Illegal(filtered) => {
            recoverable("illegal-filename", "The filename is not allowed.", json!({ "filename": filtered }))
        }
        Refused::Banned(final_ext, banned) => {
            let list = |l: &[String]| l.join(", ");
            let allowed: Vec<String> = ALLOWED.iter().map(|s| s.to_string()).collect();
            let shown = if banned.len() == 1 {
                format!("\".{}\" is", banned[0])
            } else {
                format!("\"{}\" are", list(&banned))
            };
            Ok(ApiError::new(
                "filetype-banned",
                format!("{shown} not a permitted file type. Permitted file types are {}.", list(&allowed)),
            )
            .data(json!({ "filetype": final_ext, "allowed": allowed, "blacklisted": banned })))
        }
    }
}

/// Keeps `content` in the stash for `who`; returns its key (UploadStash's: the time and a random
/// number in base 36, the user id, the extension).
pub(super) fn stash(
    w: &Wiki,
    who: &Caller,
    name: &str,
    ext: &str,
    content: &[u8],
) -> Result<String, ApiError> {
    let micros = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or(0);
    let random = u128::from_str_radix(&crate::util::random_hex(4), 16).unwrap_or(0) & 0x7fff_ffff;
    let key = format!("{}.{}.{}.{}", base36(micros), base36(random), who.id, ext.to_lowercase());
    w.query_db(|c| {
        c.execute(
            "INSERT OR REPLACE INTO uploadstash (key, user, name, timestamp, content) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![key, who.id, name, crate::util::now(), content],
        )
    })?;
    Ok(key)
}

fn base36(mut n: u128) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.iter().rev().map(|&b| char::from(b)).collect()
}

/// The bytes stashed under `key` (UploadFromStash).
fn from_stash(w: &Wiki, key: &str) -> Result<Vec<u8>, ApiError> {
    let valid = key.rsplit_once('.').is_some_and(|(base, ext)| {
        !base.is_empty()
            && base.chars().all(|c| c.is_alphanumeric() || "_-.".contains(c))
            && ext.chars().all(|c| c.is_alphanumeric() || c == '_')
    });
    if !valid {
        return Err(ApiError::new("invalid-file-key", "Not a valid file key."));
    }
    let found: Option<Vec<u8>> = w.query_db(|c| {
        c.prepare_cached("SELECT content FROM uploadstash WHERE key = ?1 AND complete = 1")?
            .query_row([key], |r| r.get(0))
            .optional()
    })?;
    found.ok_or_else(|| {
        ApiError::new("uploadstash-file-not-found", format!("Key \"{key}\" not found in stash."))
    })
}
