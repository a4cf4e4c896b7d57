//! `prop=imageinfo` (ApiQueryImageInfo) and the one version's info it and `action=upload` give
//! (ApiQueryImageInfo::getInfo): each key in MediaWiki's order. The items are written into the
//! generated item's `extra` map, in that order, rather than its fields (which serialize
//! alphabetically).
//!
//! The versions of a file are its current one, then its old ones newest first, within
//! `iistart`/`iiend`; past `iilimit`, a query of one file title continues with `iistart` (the next
//! version's time), and one of several titles does not continue, as in MediaWiki.

use super::{current, history, key, props, rel_url, Version, NS_FILE};
use crate::listing::{escape, url_path, Pages};
use crate::time::parse_ts;
use crate::title::Title;
use crate::Wiki;
use mediawiki_api::prop::{Imageinfo, ImageinfoItem};
use mwgen_runtime::server::Context;
use mwgen_runtime::ApiError;
use serde_json::{json, Map, Value};

/// Every property, as `action=upload` asks them (ApiQueryImageInfo::getPropertyNames).
pub(crate) const ALL: &[&str] = &[
    "timestamp",
    "user",
    "userid",
    "comment",
    "parsedcomment",
    "canonicaltitle",
    "url",
    "size",
    "dimensions",
    "sha1",
    "mime",
    "thumbmime",
    "mediatype",
    "metadata",
    "commonmetadata",
    "extmetadata",
    "archivename",
    "bitdepth",
    "uploadwarning",
    "badfile",
];

/// The info of version `v` of a file with the properties `props`; `page` is its description
/// page's id (0: none), `bytes` the version's content when metadata is asked for.
pub(crate) fn item(
    w: &Wiki,
    v: &Version,
    props: &[&str],
    page: i64,
    bytes: Option<&[u8]>,
) -> Map<String, Value> {
    let has = |p: &str| props.contains(&p);
    let server = &w.site().server;
    let title = Title { ns: NS_FILE, text: v.name.clone() };
    let full = title.full(w.site());
    let mut m = Map::new();
    if has("timestamp") {
        m.insert("timestamp".into(), json!(v.timestamp));
    }
    if has("user") {
        m.insert("user".into(), json!(v.user_text));
    }
    if has("userid") {
        m.insert("userid".into(), json!(v.user));
    }
    if (has("user") || has("userid")) && v.user == 0 {
        m.insert("anon".into(), json!(true));
    }
    if has("size") || has("dimensions") {
        m.insert("size".into(), json!(v.size));
        m.insert("width".into(), json!(v.width));
        m.insert("height".into(), json!(v.height));
    }
    if has("parsedcomment") {
        m.insert("parsedcomment".into(), json!(escape(&v.comment)));
    }
    if has("comment") {
        m.insert("comment".into(), json!(v.comment));
    }
    if has("uploadwarning") {
        m.insert("html".into(), json!(super::warnings::exists_html(w, v)));
    }
    if has("canonicaltitle") {
        m.insert("canonicaltitle".into(), json!(full));
    }
    if has("url") {
        m.insert("url".into(), json!(format!("{server}{}", rel_url(v))));
        m.insert("descriptionurl".into(), json!(format!("{server}/index.php/{}", url_path(&full))));
        if page != 0 {
            m.insert("descriptionshorturl".into(), json!(format!("{server}/index.php?curid={page}")));
        }
    }
    if has("sha1") {
        m.insert("sha1".into(), json!(super::sha1_hex(&v.sha1)));
    }
    if let Some(bytes) = bytes {
        if has("metadata") {
            let p = props::of(bytes);
            m.insert("metadata".into(), props::metadata(bytes, &p));
        }
    }
    if has("commonmetadata") {
        m.insert("commonmetadata".into(), json!([]));
    }
    if has("extmetadata") {
        let object = v.name.rsplit_once('.').map_or(v.name.as_str(), |(base, _)| base);
        let field = |value: &str| json!({ "value": value, "source": "mediawiki-metadata", "hidden": "" });
        m.insert(
            "extmetadata".into(),
            json!({ "DateTime": field(&v.timestamp), "ObjectName": field(object) }),
        );
    }
    if has("mime") {
        m.insert("mime".into(), json!(v.mime()));
    }
    if has("mediatype") {
        m.insert("mediatype".into(), json!(v.media_type));
    }
    if has("archivename") && !v.archive_name.is_empty() {
        m.insert("archivename".into(), json!(v.archive_name));
    }
    if has("bitdepth") {
        m.insert("bitdepth".into(), json!(v.bits));
    }
    m
}

/// The bytes of version `v` (current or old).
pub(crate) fn bytes_of(w: &Wiki, v: &Version) -> Result<Vec<u8>, ApiError> {
    w.query_db(|c| {
        if v.archive_name.is_empty() {
            c.prepare_cached("SELECT content FROM image WHERE name = ?1")?.query_row([&v.name], |r| r.get(0))
        } else {
            c.prepare_cached("SELECT content FROM oldimage WHERE name = ?1 AND archive_name = ?2")?
                .query_row([&v.name, &v.archive_name], |r| r.get(0))
        }
    })
}

/// prop=imageinfo over the page set's File: titles; the continuation (`iistart` or `iicontinue`)
/// when the limit cut the versions of the only file title.
pub(crate) fn imageinfo(
    w: &Wiki,
    r: &Imageinfo,
    pages: &mut Pages,
    cx: &Context,
) -> Result<Option<(String, String)>, ApiError> {
    let mut names: Vec<String> = r.prop.iter().map(|p| p.as_str().to_string()).collect();
    if names.is_empty() {
        names = vec!["timestamp".into(), "user".into()];
    }
    let props: Vec<&str> = names.iter().map(String::as_str).collect();
    let limit = crate::listing::limit(w, cx, "imageinfo", r.limit, 1, crate::listing::BIG);
    let end = r.end.as_ref().and_then(|t| parse_ts(t.as_str()));
    let (from_title, from_ts) = match r.r#continue.as_deref() {
        Some(c) => match c.split_once('|') {
            Some((t, s)) if !s.contains('|') => (Some(t.to_string()), Some(s.to_string())),
            _ => return Err(crate::listing::bad_continue()),
        },
        None => (None, None),
    };
    // The file titles of the set (existing and missing, not invalid or special), by key.
    let mut files: Vec<(String, i64)> = Vec::new();
    for (k, page) in pages.iter() {
        let eligible = page.invalid.is_none() && page.special.is_none() && page.ns == Some(NS_FILE);
        let Some(t) = page.title.as_deref().filter(|_| eligible) else { continue };
        if let Ok(t) = Title::parse(w.site(), t, 0) {
            files.push((t.text, *k));
        }
    }
    files.sort_by_key(|(name, _)| key(name));
    let only_one = files.len() == 1;
    let mut cont = None;
    for (name, k) in files {
        if from_title.as_ref().is_some_and(|f| key(&name) < *f) {
            continue;
        }
        let start_raw = match (&from_title, &from_ts) {
            (Some(f), Some(ts)) if *f == key(&name) => Some(ts.clone()),
            _ => r.start.as_ref().map(|t| t.as_str().to_string()),
        };
        let start = start_raw.as_deref().and_then(parse_ts);
        let Some(page) = pages.get_mut(&k) else { continue };
        let Some(cur) = w.query_db(|c| current(c, &name))? else {
            page.imagerepository = Some(String::new());
            continue;
        };
        page.imagerepository = Some("local".into());
        if props.contains(&"badfile") {
            page.badfile = Some(false);
        }
        let page_id = page.pageid.unwrap_or(0);
        let within = |v: &Version| {
            let t = parse_ts(&v.timestamp).unwrap_or(0);
            start.is_none_or(|s| t <= s) && end.is_none_or(|e| t >= e)
        };
        let mut versions: Vec<Version> = Vec::new();
        if within(&cur) {
            versions.push(cur);
        }
        versions.extend(w.query_db(|c| history(c, &name))?.into_iter().filter(|v| within(v)));
        if versions.len() > limit {
            if only_one {
                cont = Some(("iistart".to_string(), versions[limit].timestamp.clone()));
            }
            versions.truncate(limit);
        }
        let mut items = Vec::new();
        for v in &versions {
            let bytes = if props.contains(&"metadata") { Some(bytes_of(w, v)?) } else { None };
            items.push(ImageinfoItem {
                extra: item(w, v, &props, page_id, bytes.as_deref()),
                ..Default::default()
            });
        }
        page.imageinfo = Some(items);
    }
    Ok(cont)
}
