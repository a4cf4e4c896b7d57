//! `list=allimages` (ApiQueryAllImages, as a list): the current versions of the files, by name
//! (`aifrom`, `aito`, `aiprefix`) or by time (`aistart`, `aiend`, `aiuser`, `aifilterbots`), with
//! the size, hash and MIME type filters, each item the file's name, imageinfo's properties
//! (`aiprop`), then its title; continued by the next name, or `timestamp|name`.

use super::info::{bytes_of, item};
use super::{key, Version, COLS, NS_FILE};
use crate::listing::{bad_continue, limit, ts14, BIG};
use crate::time::parse_ts;
use crate::title::Title;
use crate::Wiki;
use mediawiki_api::action::QueryResponse;
use mediawiki_api::list::{Allimages, AllimagesDir, AllimagesSort, Filterbots};
use mwgen_runtime::server::{Answered, Context, Typed};
use mwgen_runtime::ApiError;
use serde_json::{json, Map, Value};

/// `invalidparammix`: `what` only with `with`.
fn only_with(what: &str, with: &str) -> ApiError {
    ApiError::new(
        "invalidparammix",
        format!("The \"ai{what}\" parameter may only be used with \"aisort={with}\"."),
    )
}

/// A title part as a file key (ApiQueryBase::titlePartToKey): underscores, first letter capital.
fn part_key(s: &str) -> String {
    let k = key(s.trim());
    let mut c = k.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// `list=allimages`.
pub(crate) async fn list_allimages(w: &Wiki, req: Allimages, cx: &Context) -> Typed<QueryResponse> {
    let by_name = !matches!(req.sort, Some(AllimagesSort::Timestamp));
    let asc = !matches!(req.dir, Some(AllimagesDir::Descending | AllimagesDir::Older));
    let filterbots = req.filterbots.unwrap_or(Filterbots::All);
    if by_name {
        for (name, set) in
            [("start", req.start.is_some()), ("end", req.end.is_some()), ("user", req.user.is_some())]
        {
            if set {
                return Err(only_with(name, "timestamp"));
            }
        }
        if filterbots != Filterbots::All {
            return Err(only_with("filterbots", "timestamp"));
        }
    } else {
        for (name, set) in
            [("from", req.from.is_some()), ("to", req.to.is_some()), ("prefix", req.prefix.is_some())]
        {
            if set {
                return Err(only_with(name, "name"));
            }
        }
        if req.user.is_some() && filterbots != Filterbots::All {
            return Err(ApiError::new(
                "invalidparammix-cannotusewith",
                "The \"aiuser\" parameter cannot be used with \"aifilterbots\".",
            ));
        }
    }
    let cont: Option<(Option<String>, String)> = match req.r#continue.as_deref() {
        None => None,
        Some(c) if by_name && !c.contains('|') => Some((None, c.to_string())),
        Some(c) => match c.split_once('|') {
            Some((t, n)) if !by_name && !n.contains('|') => Some((Some(ts14(t)), n.to_string())),
            _ => return Err(bad_continue()),
        },
    };
    let sha1 = match (&req.sha1, &req.sha1base36) {
        (Some(h), _) => {
            let h = h.to_lowercase();
            if h.len() != 40 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(ApiError::new("invalidsha1hash", "The SHA1 hash provided is not valid."));
            }
            Some(base36_of_hex(&h))
        }
        (None, Some(h)) => {
            let h = h.to_lowercase();
            if h.len() != 31 || !h.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(ApiError::new(
                    "invalidsha1base36hash",
                    "The SHA1Base36 hash provided is not valid.",
                ));
            }
            Some(h)
        }
        (None, None) => None,
    };
    let mut rows: Vec<Version> = w.query_db(|c| {
        let mut st = c.prepare_cached(&format!("SELECT name, {COLS} FROM image"))?;
        let it = st.query_map([], |r| super::version_row(r.get(0)?, String::new(), r, 1))?;
        it.collect()
    })?;
    let bots: Vec<String> = if filterbots == Filterbots::All {
        Vec::new()
    } else {
        w.query_db(|c| {
            let mut st =
                c.prepare_cached("SELECT u.name, g.grp FROM user u JOIN user_group g ON g.user = u.id")?;
            let it = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            it.collect::<rusqlite::Result<Vec<_>>>()
        })?
        .into_iter()
        .filter(|(_, g)| w.site().group_has(g, "bot"))
        .map(|(u, _)| u)
        .collect()
    };
    let (from, to, prefix) = (
        req.from.as_deref().map(part_key),
        req.to.as_deref().map(part_key),
        req.prefix.as_deref().map(part_key),
    );
    let (start, end) = (
        req.start.as_ref().and_then(|t| parse_ts(t.as_str())),
        req.end.as_ref().and_then(|t| parse_ts(t.as_str())),
    );
    let mimes: Vec<String> = req.mime.iter().map(|m| m.to_lowercase()).collect();
    rows.retain(|v| {
        let k = key(&v.name);
        let t = parse_ts(&v.timestamp).unwrap_or(0);
        let (lo, hi) = if asc { (&from, &to) } else { (&to, &from) };
        let (tlo, thi) = if asc { (start, end) } else { (end, start) };
        lo.as_ref().is_none_or(|f| k >= *f)
            && hi.as_ref().is_none_or(|x| k <= *x)
            && prefix.as_ref().is_none_or(|p| k.starts_with(p.as_str()))
            && tlo.is_none_or(|s| t >= s)
            && thi.is_none_or(|e| t <= e)
            && req.user.as_ref().is_none_or(|u| u.as_str() == v.user_text)
            && match filterbots {
                Filterbots::Bots => bots.contains(&v.user_text),
                Filterbots::Nobots => !bots.contains(&v.user_text),
                _ => true,
            }
            && req.minsize.is_none_or(|m| v.size >= m)
            && req.maxsize.is_none_or(|m| v.size <= m)
            && sha1.as_ref().is_none_or(|h| *h == v.sha1)
            && (mimes.is_empty() || mimes.contains(&v.mime()))
    });
    let sort_key = |v: &Version| (if by_name { String::new() } else { ts14(&v.timestamp) }, key(&v.name));
    rows.sort_by_key(sort_key);
    if !asc {
        rows.reverse();
    }
    if let Some((ts, name)) = cont {
        let at = (ts.unwrap_or_default(), name);
        rows.retain(|v| if asc { sort_key(v) >= at } else { sort_key(v) <= at });
    }
    let max = limit(w, cx, "allimages", req.limit, 10, BIG);
    let mut names: Vec<String> = req.prop.iter().map(|p| p.as_str().to_string()).collect();
    if names.is_empty() {
        names = vec!["timestamp".into(), "url".into()];
    }
    let props: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut items = Vec::new();
    let mut out = Map::new();
    for (i, v) in rows.iter().enumerate() {
        if i == max {
            let next =
                if by_name { key(&v.name) } else { format!("{}|{}", ts14(&v.timestamp), key(&v.name)) };
            out.insert("continue".into(), json!({ "aicontinue": next }));
            break;
        }
        let page = super::page_of(w, &v.name)?;
        let bytes = if props.contains(&"metadata") { Some(bytes_of(w, v)?) } else { None };
        let mut m = Map::new();
        m.insert("name".into(), json!(key(&v.name)));
        m.extend(item(w, v, &props, page, bytes.as_deref()));
        m.insert("ns".into(), json!(NS_FILE));
        m.insert("title".into(), json!(Title { ns: NS_FILE, text: v.name.clone() }.full(w.site())));
        items.push(Value::Object(m));
    }
    out.insert("allimages".into(), Value::Array(items));
    Ok(Answered::Raw(Value::Object(out)))
}

/// A hex SHA-1 in base 36, 31 digits.
fn base36_of_hex(hex: &str) -> String {
    let bytes: Vec<u8> =
        (0..hex.len() / 2).filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).collect();
    super::base36_of(&bytes)
}
