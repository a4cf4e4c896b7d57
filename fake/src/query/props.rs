//! prop=info, categories, links and templates over the page set (ApiQueryInfo, ApiQueryCategories,
//! ApiQueryLinks), and links, templates and categories as generators.

use super::pageset::{PageSet, Row};
use super::{limit, Pages, BIG};
use crate::title::Title;
use crate::Wiki;
use mediawiki_api::prop;
use mediawiki_api::prop::{CategoriesItem, InfoProtection, LinksItem, TemplatesItem};
use mwgen_runtime::server::Context;
use mwgen_runtime::{ApiError, Multi, Namespace};
use rusqlite::{params, OptionalExtension};

/// MediaWiki's sort order of titles: by database key (underscores), byte by byte.
pub(crate) fn key(title: &str) -> String {
    title.replace(' ', "_")
}

/// prop=info.
pub(crate) fn info(
    w: &Wiki,
    r: &prop::Info,
    set: &PageSet,
    pages: &mut Pages,
    cx: &Context,
) -> Result<(), ApiError> {
    let props: Vec<&str> = r.prop.iter().map(|p| p.as_str()).collect();
    let has = |p: &str| props.contains(&p);
    let site = w.site();
    let user = w.session_user(crate::session::id(cx)).map(|(id, _)| id);
    for (&key, page) in pages.iter_mut() {
        if page.invalid.is_some() || page.special.is_some() || (page.title.is_none()) {
            continue;
        }
        let ns = page.ns.unwrap_or(0);
        let full = page.title.clone().unwrap_or_default();
        let text = Title::parse(site, &full, 0).map(|t| t.text).unwrap_or_default();
        let row: Option<&Row> = if key > 0 { set.good.get(&key) } else { None };
        page.contentmodel = Some(row.map_or_else(|| default_model(ns, &text), |r| r.model.clone()));
        page.pagelanguage = Some("en".into());
        page.pagelanguagehtmlcode = Some("en".into());
        page.pagelanguagedir = Some("ltr".into());
        if let Some(r) = row {
            page.touched = Some(r.touched.clone());
            page.lastrevid = Some(r.latest);
            page.length = Some(r.len);
            if r.redirect {
                page.redirect = Some(true);
            }
            let parent: i64 = w.query_db(|c| {
                c.prepare_cached("SELECT parent FROM revision WHERE id = ?1")
                    .and_then(|mut st| st.query_row([r.latest], |x| x.get(0)))
            })?;
            let count: i64 = w.query_db(|c| {
                c.prepare_cached("SELECT COUNT(*) FROM revision WHERE page = ?1")
                    .and_then(|mut st| st.query_row([r.id], |x| x.get(0)))
            })?;
            if parent == 0 && count == 1 {
                page.new = Some(true);
            }
        }
        if has("protection") {
            let rows: Vec<(String, String, String, i64)> = w.query_db(|c| {
                let mut st = c.prepare_cached(
                    "SELECT type, level, expiry, cascade FROM protection WHERE ns = ?1 AND title = ?2 ORDER BY rowid",
                )?;
                let it = st.query_map(params![ns, text], |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?)))?;
                it.collect()
            })?;
            page.protection = Some(
                rows.into_iter()
                    .map(|(t, l, e, cascade)| InfoProtection {
                        r#type: t,
                        level: l,
                        expiry: e,
                        cascade: (cascade != 0).then_some(true),
                        ..Default::default()
                    })
                    .collect(),
            );
            let types: Vec<String> = if row.is_some() {
                let mut t = vec!["edit".to_string(), "move".to_string()];
                if ns == 6 {
                    t.push("upload".into());
                }
                t
            } else {
                vec!["create".into()]
            };
            page.restrictiontypes = Some(types);
        }
        if has("watched") {
            let watched = match user {
                Some(u) => {
                    w.query_db(|c| {
                        c.prepare_cached(
                            "SELECT COUNT(*) FROM watch WHERE user = ?1 AND ns = ?2 AND title = ?3",
                        )
                        .and_then(|mut st| st.query_row(params![u, ns & !1, text], |x| x.get::<_, i64>(0)))
                    })? > 0
                }
                None => false,
            };
            page.watched = Some(watched);
        }
        // Watchers (and, the fake keeping no visits, visiting watchers: all of them) for those who
        // may see unwatched pages.
        if (has("watchers") || has("visitingwatchers")) && w.has_right(cx, "unwatchedpages") {
            let n: i64 = w.query_db(|c| {
                c.prepare_cached("SELECT COUNT(*) FROM watch WHERE ns = ?1 AND title = ?2")
                    .and_then(|mut st| st.query_row(params![ns & !1, text], |x| x.get(0)))
            })?;
            if has("watchers") {
                page.watchers = Some(n);
            }
            if has("visitingwatchers") {
                page.visitingwatchers = Some(n);
            }
        }
        if ns >= 0 && (has("talkid") && ns % 2 == 0 || has("subjectid") && ns % 2 == 1) {
            let other = if ns % 2 == 0 { ns + 1 } else { ns - 1 };
            if let Some(o) = w.query_db(|c| super::pageset::find(c, other, &text))? {
                if ns % 2 == 0 {
                    page.talkid = Some(o.id);
                } else {
                    page.subjectid = Some(o.id);
                }
            }
        }
        if has("associatedpage") && ns >= 0 {
            let other = if ns % 2 == 0 { ns + 1 } else { ns - 1 };
            page.associatedpage = Some(Title { ns: other, text: text.clone() }.full(site));
        }
        if has("url") {
            let path = super::url_path(&full);
            page.fullurl = Some(format!("{}/index.php/{path}", site.server));
            page.editurl = Some(format!("{}/index.php?title={path}&action=edit", site.server));
            page.canonicalurl = Some(format!("{}/index.php/{path}", site.server));
        }
        if has("readable") {
            page.readable = Some(w.has_right(cx, "read"));
        }
        if has("preload") {
            page.preload = row.map(|_| String::new());
            if row.is_none() {
                page.extra.insert("preload".into(), serde_json::Value::Null);
            }
        }
        if has("displaytitle") {
            page.displaytitle = Some(full.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
        }
        if has("notificationtimestamp") {
            page.notificationtimestamp = Some(String::new());
        }
        if has("linkclasses") && row.is_some() {
            page.linkclasses = Some(Vec::new());
        }
    }
    Ok(())
}

/// The content model a missing page would have.
pub(crate) fn default_model(ns: i64, text: &str) -> String {
    let lower = text.to_lowercase();
    match ns {
        2 | 8 if lower.ends_with(".css") => "css".into(),
        2 | 8 if lower.ends_with(".js") => "javascript".into(),
        2 | 8 if lower.ends_with(".json") => "json".into(),
        _ => "wikitext".into(),
    }
}

/// One kind of link rows (`link`, `template`, `category`) of the good pages, filtered.
struct LinkQuery<'a> {
    kind: &'a str,
    namespaces: Option<Vec<i64>>,
    targets: Option<Vec<Title>>,
    descending: bool,
    cont: Option<(i64, i64, String)>,
}

/// `(from, ns, title, sortkey)` rows of `q` for the good pages, in MediaWiki's order.
fn link_rows(
    w: &Wiki,
    set: &PageSet,
    q: &LinkQuery<'_>,
) -> Result<Vec<(i64, i64, String, String)>, ApiError> {
    let mut rows: Vec<(i64, i64, String, String)> = Vec::new();
    let ids: Vec<i64> = set.good.keys().copied().collect();
    w.query_db(|c| {
        let mut st = c.prepare_cached(
            "SELECT from_page, ns, title, sortkey FROM link WHERE from_page = ?1 AND kind = ?2",
        )?;
        for id in &ids {
            let it =
                st.query_map(params![id, q.kind], |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?)))?;
            for r in it {
                rows.push(r?);
            }
        }
        Ok(())
    })?;
    rows.retain(|(_, ns, title, _)| {
        q.namespaces.as_ref().is_none_or(|n| n.contains(ns))
            && q.targets.as_ref().is_none_or(|t| t.iter().any(|t| t.ns == *ns && t.text == *title))
    });
    rows.sort_by_key(|a| (a.0, a.1, key(&a.2)));
    if q.descending {
        rows.reverse();
    }
    if let Some((from, ns, title)) = &q.cont {
        let at = (*from, *ns, title.clone());
        rows.retain(|r| {
            let k = (r.0, r.1, key(&r.2));
            if q.descending {
                k <= at
            } else {
                k >= at
            }
        });
    }
    Ok(rows)
}

/// Reads `from|ns|title` (links, templates) or `from|title` (categories, ns 14).
fn parse_cont(s: &str, with_ns: bool) -> Result<(i64, i64, String), ApiError> {
    let bad = super::bad_continue;
    let parts: Vec<&str> = s.splitn(if with_ns { 3 } else { 2 }, '|').collect();
    let from: i64 = parts.first().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    if with_ns {
        let ns: i64 = parts.get(1).and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        Ok((from, ns, parts.get(2).ok_or_else(bad)?.to_string()))
    } else {
        Ok((from, 14, parts.get(1).ok_or_else(bad)?.to_string()))
    }
}

fn namespaces(m: &Multi<Namespace>) -> Option<Vec<i64>> {
    match m {
        Multi::All => None,
        Multi::Values(v) if v.is_empty() => None,
        Multi::Values(v) => Some(v.iter().map(|n| i64::from(n.0)).collect()),
    }
}

fn titles(w: &Wiki, raw: &[String], ns: i64) -> Option<Vec<Title>> {
    (!raw.is_empty()).then(|| raw.iter().filter_map(|s| Title::parse(w.site(), s, ns).ok()).collect())
}

/// What a link-like prop found: per page its items, or as a generator the titles; and where to
/// continue.
pub(crate) struct Found {
    pub rows: Vec<(i64, i64, String, String)>,
    pub cont: Option<String>,
}

fn cut(rows: Vec<(i64, i64, String, String)>, n: usize, with_ns: bool) -> Found {
    let mut rows = rows;
    let cont = (rows.len() > n).then(|| {
        let r = &rows[n];
        if with_ns {
            format!("{}|{}|{}", r.0, r.1, key(&r.2))
        } else {
            format!("{}|{}", r.0, key(&r.2))
        }
    });
    rows.truncate(n);
    Found { rows, cont }
}

/// prop=links (or prop=templates with `kind` `template`): the rows, limited.
pub(crate) fn links(w: &Wiki, r: &prop::Links, set: &PageSet, cx: &Context) -> Result<Found, ApiError> {
    let cont = r.r#continue.as_deref().map(|s| parse_cont(s, true));
    let q = LinkQuery {
        kind: "link",
        namespaces: namespaces(&r.namespace),
        targets: titles(w, &r.titles, 0),
        descending: r.dir.is_some_and(|d| d.as_str() == "descending"),
        cont: cont.transpose()?,
    };
    let n = limit(w, cx, "links", r.limit, 10, BIG);
    Ok(cut(link_rows(w, set, &q)?, n, true))
}

/// prop=templates.
pub(crate) fn templates(
    w: &Wiki,
    r: &prop::Templates,
    set: &PageSet,
    cx: &Context,
) -> Result<Found, ApiError> {
    let cont = r.r#continue.as_deref().map(|s| parse_cont(s, true));
    let q = LinkQuery {
        kind: "template",
        namespaces: namespaces(&r.namespace),
        targets: titles(w, &r.templates, 10),
        descending: r.dir.is_some_and(|d| d.as_str() == "descending"),
        cont: cont.transpose()?,
    };
    let n = limit(w, cx, "templates", r.limit, 10, BIG);
    Ok(cut(link_rows(w, set, &q)?, n, true))
}

/// prop=categories: the rows, limited (`show` hidden/!hidden applied).
pub(crate) fn categories(
    w: &Wiki,
    r: &prop::Categories,
    set: &PageSet,
    cx: &Context,
) -> Result<Found, ApiError> {
    let cont = r.r#continue.as_deref().map(|s| parse_cont(s, false));
    let q = LinkQuery {
        kind: "category",
        namespaces: None,
        targets: titles(w, &r.categories, 14).map(|t| t.into_iter().filter(|t| t.ns == 14).collect()),
        descending: r.dir.is_some_and(|d| d.as_str() == "descending"),
        cont: cont.transpose()?,
    };
    let mut rows = link_rows(w, set, &q)?;
    let show: Vec<&str> = r.show.iter().map(|s| s.as_str()).collect();
    if show.contains(&"hidden") || show.contains(&"!hidden") {
        let want = show.contains(&"hidden");
        let mut keep = Vec::new();
        for row in rows {
            if hidden(w, &row.2)? == want {
                keep.push(row);
            }
        }
        rows = keep;
    }
    let n = limit(w, cx, "categories", r.limit, 10, BIG);
    Ok(cut(rows, n, false))
}

/// Whether the category page `title` says `__HIDDENCAT__`.
pub(crate) fn hidden(w: &Wiki, title: &str) -> Result<bool, ApiError> {
    let content: Option<String> = w.query_db(|c| {
        c.prepare_cached("SELECT revision.content FROM page JOIN revision ON revision.id = page.latest WHERE page.ns = 14 AND page.title = ?1").and_then(|mut st| st.query_row([title],
            |x| x.get(0)))
        .optional()
    })?;
    Ok(content.is_some_and(|c| c.contains("__HIDDENCAT__")))
}

/// Puts link rows on their pages (`links`, `templates`).
pub(crate) fn put_links(w: &Wiki, found: &Found, pages: &mut Pages, templates: bool) {
    for (from, ns, title, _) in &found.rows {
        let Some(page) = pages.get_mut(from) else { continue };
        let full = Title { ns: *ns, text: title.clone() }.full(w.site());
        if templates {
            page.templates.get_or_insert_with(Vec::new).push(TemplatesItem {
                ns: *ns,
                title: full,
                extra: Default::default(),
            });
        } else {
            page.links.get_or_insert_with(Vec::new).push(LinksItem {
                ns: *ns,
                title: full,
                extra: Default::default(),
            });
        }
    }
}

/// Puts category rows on their pages, with what `clprop` asks.
pub(crate) fn put_categories(
    w: &Wiki,
    r: &prop::Categories,
    set: &PageSet,
    found: &Found,
    pages: &mut Pages,
) -> Result<(), ApiError> {
    let props: Vec<&str> = r.prop.iter().map(|p| p.as_str()).collect();
    for (from, ns, title, prefix) in &found.rows {
        let mut item = CategoriesItem {
            ns: *ns,
            title: Title { ns: *ns, text: title.clone() }.full(w.site()),
            ..Default::default()
        };
        if props.contains(&"sortkey") {
            let text = set.good.get(from).map(|r| r.title.clone()).unwrap_or_default();
            let raw = if prefix.is_empty() { text } else { format!("{prefix}\n{text}") };
            item.sortkey = Some(raw.to_uppercase().bytes().map(|b| format!("{b:02x}")).collect());
            item.sortkeyprefix = Some(prefix.clone());
        }
        if props.contains(&"timestamp") {
            let ts = super::cat_added(w, *from, title)?;
            item.timestamp = Some(ts);
        }
        if props.contains(&"hidden") {
            item.hidden = Some(hidden(w, title)?);
        }
        if let Some(page) = pages.get_mut(from) {
            page.categories.get_or_insert_with(Vec::new).push(item);
        }
    }
    Ok(())
}

/// The found rows as a generator's titles.
pub(crate) fn as_titles(found: &Found) -> Vec<Title> {
    found.rows.iter().map(|(_, ns, title, _)| Title { ns: *ns, text: title.clone() }).collect()
}
