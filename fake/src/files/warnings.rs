//! An upload's warnings (UploadBase::checkWarnings, as ApiUpload::transformWarnings reshapes
//! them), and the "file exists" HTML of imageinfo's `uploadwarning` (SpecialUpload::getExistsWarning).
//!
//! The wiki checks no extension list (`$wgCheckFileExtensions` is off) and sets no size warning, so
//! the warnings are: `badfilename`, `was-deleted`, `duplicate`, `duplicate-archive`, one of `exists`,
//! `page-exists`, `exists-normalized`, `thumb`, `thumb-name`, `bad-prefix`, then `nochange` and
//! `duplicateversions`, in the order transformWarnings leaves them.

use super::{current, history, key, names_by_sha1, rawurlencode, was_deleted, Version, NS_FILE};
use crate::listing::url_path;
use crate::title::Title;
use crate::Wiki;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

/// The prefixes of camera file names (MediaWiki:Filename-prefix-blacklist).
const CAMERA_PREFIXES: &[&str] = &["CIMG", "DSC_", "DSCF", "DSCN", "DUW", "IMG", "JD", "MGP", "PICT"];

/// The warnings of uploading bytes with SHA-1 `sha1` (base 36) as `name`, asked for as `desired`.
pub(crate) fn check(
    c: &Connection,
    name: &str,
    desired: &str,
    sha1: &str,
) -> rusqlite::Result<Map<String, Value>> {
    let mut out = Map::new();
    let k = key(name);
    let comparable = key(desired);
    let comparable = match comparable.chars().next() {
        Some(first) => first.to_uppercase().chain(comparable.chars().skip(1)).collect(),
        None => comparable,
    };
    if desired != k && comparable != k {
        out.insert("badfilename".into(), json!(k));
    }
    let file = current(c, name)?;
    let exists = exists_warning(c, name, file.is_some())?;
    let mut tail = Map::new();
    if let Some((kind, shown)) = &exists {
        tail.insert(kind.to_string(), json!(shown));
        if file.as_ref().is_some_and(|f| f.sha1 == sha1) {
            let ts = file.as_ref().map(|f| f.timestamp.clone()).unwrap_or_default();
            tail.insert("nochange".into(), json!({ "timestamp": ts }));
        }
        let same: Vec<Value> = history(c, name)?
            .iter()
            .filter(|v| v.sha1 == sha1)
            .map(|v| json!({ "timestamp": v.timestamp }))
            .collect();
        if !same.is_empty() {
            tail.insert("duplicateversions".into(), Value::Array(same));
        }
    }
    if file.is_none() && was_deleted(c, name)? {
        out.insert("was-deleted".into(), json!(k));
    }
    let ignore_self = exists.as_ref().is_some_and(|(kind, _)| *kind == "exists");
    let dupes: Vec<Value> = names_by_sha1(c, sha1)?
        .into_iter()
        .filter(|n| !(ignore_self && n == name))
        .map(|n| json!(key(&n)))
        .collect();
    if !dupes.is_empty() {
        out.insert("duplicate".into(), Value::Array(dupes));
    }
    let archived: Option<String> = c
        .prepare_cached("SELECT name FROM filearchive WHERE sha1 = ?1 ORDER BY id LIMIT 1")?
        .query_row([sha1], |r| r.get(0))
        .optional()?;
    if let Some(a) = archived {
        out.insert("duplicate-archive".into(), json!(key(&a)));
    }
    out.extend(tail);
    Ok(out)
}

/// UploadBase::getExistsWarning: the warning's name and the file name it shows.
fn exists_warning(
    c: &Connection,
    name: &str,
    exists: bool,
) -> rusqlite::Result<Option<(&'static str, String)>> {
    let k = key(name);
    if exists {
        return Ok(Some(("exists", k)));
    }
    let page: Option<i64> = c
        .prepare_cached("SELECT id FROM page WHERE ns = ?1 AND title = ?2")?
        .query_row(params![NS_FILE, name], |r| r.get(0))
        .optional()?;
    if page.is_some() {
        return Ok(Some(("page-exists", k)));
    }
    let partname = match name.rfind('.') {
        Some(n) if n > 0 => &name[..n],
        _ => name,
    };
    // A file of the same name with another extension.
    let similar: Option<String> = c
        .prepare_cached("SELECT name FROM image WHERE substr(name, 1, ?2) = ?1 ORDER BY name LIMIT 1")?
        .query_row(params![format!("{partname}."), partname.len() + 1], |r| r.get(0))
        .optional()?;
    if let Some(s) = similar {
        return Ok(Some(("exists-normalized", key(&s))));
    }
    let key_part = key(partname);
    let thumb = (key_part.get(3..6) == Some("px-") || key_part.get(2..5) == Some("px-"))
        && key_part.get(..2).is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if thumb {
        let (_, rest) = key_part.split_once('-').unwrap_or(("", &key_part));
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let original = format!("{rest}.{ext}").replace('_', " ");
        let kind = if current(c, &original)?.is_some() { "thumb" } else { "thumb-name" };
        return Ok(Some((kind, k)));
    }
    if CAMERA_PREFIXES.iter().any(|p| partname.starts_with(p)) {
        return Ok(Some(("bad-prefix", k)));
    }
    Ok(None)
}

/// An attribute value, HTML-escaped.
fn attr(s: &str) -> String {
    crate::listing::escape(s)
}

/// The "A file with this name exists already" HTML of version `v`, with its thumbnail box.
pub(crate) fn exists_html(w: &Wiki, v: &Version) -> String {
    let full = Title { ns: NS_FILE, text: v.name.clone() }.full(w.site());
    let href = format!("/index.php/{}", url_path(&full));
    let lead = format!(
        "A file with this name exists already, please check <strong><a class=\"mw-selflink selflink\">{}</a></strong> if you are not sure if you want to overwrite it.",
        attr(&full)
    );
    let caption = format!(
        "  <div class=\"thumbcaption\"><div class=\"magnify\"><a href=\"{href}\" class=\"internal\" title=\"Enlarge\"></a></div></div></div></div>"
    );
    match v.media_type.as_str() {
        "BITMAP" => format!(
            "<p>{lead}\n</p>\n<div class=\"thumb tright\"><div class=\"thumbinner\" style=\"width:{}px;\"><a href=\"{href}\" class=\"image\"><img alt=\"{}\" src=\"/images/{}{}\" decoding=\"async\" width=\"{}\" height=\"{}\" class=\"thumbimage\" /></a>{caption}",
            v.width + 2,
            attr(&v.name),
            super::hash_path(&v.name),
            rawurlencode(&key(&v.name)),
            v.width,
            v.height
        ),
        // The test wiki has no ImageMagick: an SVG's thumbnail is its stand-in's error.
        "DRAWING" => format!(
            "<p>{lead}\n</p>\n<div class=\"thumb tright\"><div class=\"thumbinner\" style=\"width:302px;\"><div class=\"MediaTransformError\" style=\"width: 300px; height: 150px; display:inline-block;\">Error creating thumbnail: convert: ImageMagick is not installed here, and this stand-in only prints a PNG: convert FILE.png ppm:-. For anything else: apt-get install imagemagick </div>{caption}"
        ),
        _ => format!("{lead}\n<a href=\"{href}\" title=\"{}\">{}</a>", attr(&full), attr(&full)),
    }
}
