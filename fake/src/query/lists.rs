//! list=allpages, categorymembers, backlinks, embeddedin and search (ApiQueryAllPages,
//! ApiQueryCategoryMembers, ApiQueryBacklinks, ApiQuerySearch), each also a generator.

use super::pageset::{self, Row, COLS};
use super::props::key;
use super::{bad_continue, limit, BIG};
use crate::title::Title;
use crate::Wiki;
use mediawiki_api::list;
use mediawiki_api::list::{
    AllpagesItem, BacklinksItem, BacklinksItemRedirlinks, CategorymembersItem, EmbeddedinItem, SearchItem,
};
use mwgen_runtime::server::Context;
use mwgen_runtime::{ApiError, Multi, PageRef};
use rusqlite::params;

/// A list's rows (its pages, for a generator), its items, and where to continue (`(param, value)`,
/// the parameter without the module's prefix).
pub(crate) struct Listed<T> {
    pub rows: Vec<Row>,
    pub items: Vec<T>,
    pub cont: Option<(&'static str, String)>,
}

fn full(w: &Wiki, r: &Row) -> String {
    Title { ns: r.ns, text: r.title.clone() }.full(w.site())
}

fn all_rows(w: &Wiki, filter: &str, p: &[&dyn rusqlite::ToSql]) -> Result<Vec<Row>, ApiError> {
    w.query_db(|c| {
        let mut st = c.prepare_cached(&format!("SELECT {COLS} FROM page {filter}"))?;
        let it = st.query_map(p, pageset::row)?;
        it.collect()
    })
}

/// The part of a title after its namespace, as a database key in `ns` (first letter upper-cased).
fn part_key(w: &Wiki, s: &str, ns: i64) -> String {
    let t = s.replace('_', " ");
    match Title::parse(w.site(), &t, ns) {
        Ok(t) if t.ns == ns => key(&t.text),
        _ => key(t.trim()),
    }
}

/// list=allpages.
pub(crate) fn allpages(w: &Wiki, r: &list::Allpages, cx: &Context) -> Result<Listed<AllpagesItem>, ApiError> {
    let ns = r.namespace.map_or(0, |n| i64::from(n.0));
    let desc = r.dir.is_some_and(|d| d.as_str() == "descending");
    let mut rows = all_rows(w, "WHERE ns = ?1", &[&ns])?;
    rows.sort_by_cached_key(|a| key(&a.title));
    if desc {
        rows.reverse();
    }
    let from = r.r#continue.clone().or_else(|| r.from.as_deref().map(|f| part_key(w, f, ns)));
    let to = r.to.as_deref().map(|t| part_key(w, t, ns));
    let prefix = r.prefix.as_deref().map(|p| part_key(w, p, ns));
    let redir = r.filterredir.map(|f| f.as_str()).unwrap_or("all");
    rows.retain(|x| {
        let k = key(&x.title);
        let past = |b: &String| if desc { k <= *b } else { k >= *b };
        let before = |b: &String| if desc { k >= *b } else { k <= *b };
        from.as_ref().is_none_or(past)
            && to.as_ref().is_none_or(before)
            && prefix.as_ref().is_none_or(|p| k.starts_with(p.as_str()))
            && match redir {
                "redirects" => x.redirect,
                "nonredirects" => !x.redirect,
                _ => true,
            }
            && r.minsize.is_none_or(|m| x.len >= m)
            && r.maxsize.is_none_or(|m| x.len <= m)
    });
    let n = limit(w, cx, "allpages", r.limit, 10, BIG);
    let cont = (rows.len() > n).then(|| ("continue", key(&rows[n].title)));
    rows.truncate(n);
    let items = rows
        .iter()
        .map(|x| AllpagesItem { ns: x.ns, pageid: x.id, title: full(w, x), extra: Default::default() })
        .collect();
    Ok(Listed { rows, items, cont })
}

fn member_type(ns: i64) -> &'static str {
    match ns {
        14 => "subcat",
        6 => "file",
        _ => "page",
    }
}

fn type_rank(t: &str) -> u8 {
    match t {
        "page" => 0,
        "subcat" => 1,
        _ => 2,
    }
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// list=categorymembers (sorted by sort key, or by timestamp).
pub(crate) fn categorymembers(
    w: &Wiki,
    r: &list::Categorymembers,
    cx: &Context,
) -> Result<Listed<CategorymembersItem>, ApiError> {
    let cat = match &r.page {
        PageRef::Title(t) => match Title::parse(w.site(), t, 0) {
            Ok(t) if t.ns == 14 => t.text,
            Ok(_) => {
                return Err(ApiError::new("invalidcategory", "The category name you entered is not valid."))
            }
            Err(_) => return Err(ApiError::new("invalidtitle", format!("Bad title \"{t}\"."))),
        },
        PageRef::Id(id) => match w.query_db(|c| pageset::find_id(c, *id))? {
            Some(p) if p.ns == 14 => p.title,
            Some(_) => {
                return Err(ApiError::new("invalidcategory", "The category name you entered is not valid."))
            }
            None => return Err(ApiError::new("nosuchpageid", format!("There is no page with ID {id}."))),
        },
    };
    let mut rows: Vec<Member> = Vec::new();
    let found: Vec<(Row, String)> = w.query_db(|c| {
        let mut st = c.prepare_cached(&format!(
            "SELECT {COLS}, link.sortkey FROM link JOIN page ON page.id = link.from_page WHERE link.kind = 'category' AND link.ns = 14 AND link.title = ?1"
        ))?;
        let it = st.query_map([&cat], |x| Ok((pageset::row(x)?, x.get(8)?)))?;
        it.collect()
    })?;
    let types: Vec<&str> = r.r#type.iter().map(|t| t.as_str()).collect();
    let nss = match &r.namespace {
        Multi::Values(v) if !v.is_empty() => Some(v.iter().map(|n| i64::from(n.0)).collect::<Vec<_>>()),
        _ => None,
    };
    for (row, prefix) in found {
        let t = member_type(row.ns);
        if !types.is_empty() && !types.contains(&t) || nss.as_ref().is_some_and(|n| !n.contains(&row.ns)) {
            continue;
        }
        let raw = if prefix.is_empty() { row.title.clone() } else { format!("{prefix}\n{}", row.title) };
        let sk = raw.to_uppercase();
        rows.push((row, t.to_string(), sk, prefix));
    }
    let desc = r.dir.is_some_and(|d| matches!(d.as_str(), "descending" | "desc" | "older"));
    if r.sort.is_some_and(|x| x.as_str() == "timestamp") {
        return by_timestamp(w, r, cx, &cat, rows, desc);
    }
    rows.sort_by(|a, b| {
        (type_rank(&a.1), a.2.as_bytes(), a.0.id).cmp(&(type_rank(&b.1), b.2.as_bytes(), b.0.id))
    });
    if desc {
        rows.reverse();
    }
    if let Some(c) = &r.r#continue {
        let parts: Vec<&str> = c.splitn(3, '|').collect();
        let (Some(t), Some(h), Some(from)) = (parts.first(), parts.get(1), parts.get(2)) else {
            return Err(bad_continue());
        };
        let from: i64 = from.parse().map_err(|_| bad_continue())?;
        let at = (type_rank(t), h.to_string(), from);
        rows.retain(|x| {
            let k = (type_rank(&x.1), hex(&x.2), x.0.id);
            if desc {
                k <= at
            } else {
                k >= at
            }
        });
    }
    let n = limit(w, cx, "categorymembers", r.limit, 10, BIG);
    let cont = (rows.len() > n).then(|| {
        let x = &rows[n];
        ("continue", format!("{}|{}|{}", x.1, hex(&x.2), x.0.id))
    });
    rows.truncate(n);
    let mut props: Vec<&str> = r.prop.iter().map(|p| p.as_str()).collect();
    if props.is_empty() {
        // cmprop's default.
        props = vec!["ids", "title"];
    }
    let mut items = Vec::new();
    for m in &rows {
        let ts =
            if props.contains(&"timestamp") { super::cat_added(w, m.0.id, &cat)? } else { String::new() };
        items.push(member_item(w, &props, m, &ts));
    }
    Ok(Listed { rows: rows.into_iter().map(|x| x.0).collect(), items, cont })
}

/// One member: its page, its type, its sort key and sort key prefix.
type Member = (Row, String, String, String);

/// list=categorymembers with `cmsort=timestamp`: by the time each page joined, continued by
/// `timestamp|pageid`.
fn by_timestamp(
    w: &Wiki,
    r: &list::Categorymembers,
    cx: &Context,
    cat: &str,
    rows: Vec<Member>,
    desc: bool,
) -> Result<Listed<CategorymembersItem>, ApiError> {
    let mut timed: Vec<(String, Member)> = Vec::new();
    for m in rows {
        timed.push((super::cat_added(w, m.0.id, cat)?, m));
    }
    timed.sort_by_key(|a| (super::ts14(&a.0), a.1 .0.id));
    if desc {
        timed.reverse();
    }
    let (start, end) = (
        r.start.as_ref().map(|t| super::param14(t.as_str())),
        r.end.as_ref().map(|t| super::param14(t.as_str())),
    );
    let cont = match &r.r#continue {
        Some(c) => {
            let (ts, id) = c.split_once('|').ok_or_else(bad_continue)?;
            Some((ts.to_string(), id.parse::<i64>().map_err(|_| bad_continue())?))
        }
        None => None,
    };
    timed.retain(|(ts, m)| {
        let k = (super::ts14(ts), m.0.id);
        let after = |b: &(String, i64)| if desc { k <= *b } else { k >= *b };
        start.as_ref().is_none_or(|s| if desc { k.0 <= *s } else { k.0 >= *s })
            && end.as_ref().is_none_or(|e| if desc { k.0 >= *e } else { k.0 <= *e })
            && cont.as_ref().is_none_or(after)
    });
    let n = limit(w, cx, "categorymembers", r.limit, 10, BIG);
    let next = timed.get(n).map(|(ts, m)| ("continue", format!("{}|{}", super::ts14(ts), m.0.id)));
    timed.truncate(n);
    let mut props: Vec<&str> = r.prop.iter().map(|p| p.as_str()).collect();
    if props.is_empty() {
        props = vec!["ids", "title"];
    }
    let items = timed.iter().map(|(ts, m)| member_item(w, &props, m, ts)).collect();
    Ok(Listed { rows: timed.into_iter().map(|(_, m)| m.0).collect(), items, cont: next })
}

/// One member as `cmprop` asks it.
fn member_item(w: &Wiki, props: &[&str], (row, t, sk, prefix): &Member, ts: &str) -> CategorymembersItem {
    let mut it = CategorymembersItem::default();
    if props.contains(&"ids") {
        it.pageid = Some(row.id);
    }
    if props.contains(&"title") {
        it.ns = Some(row.ns);
        it.title = Some(full(w, row));
    }
    if props.contains(&"sortkey") {
        it.sortkey = Some(hex(sk));
    }
    if props.contains(&"sortkeyprefix") {
        it.sortkeyprefix = Some(prefix.clone());
    }
    if props.contains(&"type") {
        it.r#type = serde_json::from_value(serde_json::Value::String(t.clone())).ok();
    }
    if props.contains(&"timestamp") {
        it.timestamp = Some(ts.to_string());
    }
    it
}

/// The rows of pages linking (`kind` `link`) or transcluding (`template`) the target, for
/// list=backlinks and embeddedin.
fn linking(
    w: &Wiki,
    kind: &str,
    page: &PageRef,
    namespace: &Multi<mwgen_runtime::Namespace>,
    desc: bool,
    filterredir: &str,
    cont: &Option<String>,
) -> Result<Vec<Row>, ApiError> {
    let target = match page {
        PageRef::Title(t) => Title::parse(w.site(), t, 0)
            .map_err(|_| ApiError::new("invalidtitle", format!("Bad title \"{t}\".")))?,
        PageRef::Id(id) => match w.query_db(|c| pageset::find_id(c, *id))? {
            Some(r) => Title { ns: r.ns, text: r.title },
            None => return Err(ApiError::new("nosuchpageid", format!("There is no page with ID {id}."))),
        },
    };
    let mut rows = all_rows(
        w,
        "JOIN link ON link.from_page = page.id WHERE link.kind = ?1 AND link.ns = ?2 AND link.title = ?3",
        &[&kind, &target.ns, &target.text],
    )?;
    let nss = match namespace {
        Multi::Values(v) if !v.is_empty() => Some(v.iter().map(|n| i64::from(n.0)).collect::<Vec<_>>()),
        _ => None,
    };
    rows.retain(|x| {
        nss.as_ref().is_none_or(|n| n.contains(&x.ns))
            && match filterredir {
                "redirects" => x.redirect,
                "nonredirects" => !x.redirect,
                _ => true,
            }
    });
    let multi_ns = nss.as_ref().is_some_and(|n| n.len() > 1);
    rows.sort_by_key(|x| if multi_ns { (x.ns, x.id) } else { (0, x.id) });
    if desc {
        rows.reverse();
    }
    if let Some(c) = cont {
        let (ns, id) = c.split_once('|').ok_or_else(bad_continue)?;
        let ns: i64 = ns.parse().map_err(|_| bad_continue())?;
        let id: i64 = id.parse().map_err(|_| bad_continue())?;
        rows.retain(|x| {
            let k = if multi_ns { (x.ns, x.id) } else { (0, x.id) };
            let at = if multi_ns { (ns, id) } else { (0, id) };
            if desc {
                k <= at
            } else {
                k >= at
            }
        });
    }
    Ok(rows)
}

/// list=backlinks (without `blredirect`).
pub(crate) fn backlinks(
    w: &Wiki,
    r: &list::Backlinks,
    cx: &Context,
) -> Result<Listed<BacklinksItem>, ApiError> {
    let desc = r.dir.is_some_and(|d| d.as_str() == "descending");
    let fr = r.filterredir.map(|f| f.as_str()).unwrap_or("all");
    let mut rows = linking(w, "link", &r.page, &r.namespace, desc, fr, &r.r#continue)?;
    // With `blredirect` the maximum is halved (ApiQueryBacklinks: the redirects' links count too).
    let max = if r.redirect { (BIG.0 / 2, BIG.1 / 2) } else { BIG };
    let n = limit(w, cx, "backlinks", r.limit, 10, max);
    let cont = (rows.len() > n).then(|| ("continue", format!("{}|{}", rows[n].ns, rows[n].id)));
    rows.truncate(n);
    let mut items = Vec::new();
    let mut more = Vec::new();
    for x in &rows {
        // `redirect` only for redirects.
        let mut item = BacklinksItem {
            ns: x.ns,
            pageid: x.id,
            redirect: x.redirect.then_some(true),
            title: full(w, x),
            redirlinks: None,
            extra: Default::default(),
        };
        if r.redirect && x.redirect {
            // blredirect: the pages linking to this redirect (the second query).
            let via = linking(w, "link", &PageRef::Id(x.id), &r.namespace, desc, fr, &None)?;
            let links: Vec<BacklinksItemRedirlinks> = via
                .iter()
                .map(|v| BacklinksItemRedirlinks {
                    ns: v.ns,
                    pageid: v.id,
                    redirect: v.redirect.then_some(true),
                    title: full(w, v),
                    extra: Default::default(),
                })
                .collect();
            item.redirlinks = (!links.is_empty()).then_some(links);
            more.extend(via);
        }
        items.push(item);
    }
    rows.extend(more);
    Ok(Listed { rows, items, cont })
}

/// list=embeddedin.
pub(crate) fn embeddedin(
    w: &Wiki,
    r: &list::Embeddedin,
    cx: &Context,
) -> Result<Listed<EmbeddedinItem>, ApiError> {
    let desc = r.dir.is_some_and(|d| d.as_str() == "descending");
    let fr = r.filterredir.map(|f| f.as_str()).unwrap_or("all");
    let mut rows = linking(w, "template", &r.page, &r.namespace, desc, fr, &r.r#continue)?;
    let n = limit(w, cx, "embeddedin", r.limit, 10, BIG);
    let cont = (rows.len() > n).then(|| ("continue", format!("{}|{}", rows[n].ns, rows[n].id)));
    rows.truncate(n);
    let items = rows
        .iter()
        .map(|x| EmbeddedinItem { ns: x.ns, pageid: x.id, title: full(w, x), extra: Default::default() })
        .collect();
    Ok(Listed { rows, items, cont })
}

/// list=search: a case-insensitive substring match of titles (`srwhat=title`) or of titles and
/// content (`text`, the default), in title order; the total in `searchinfo`.
pub(crate) fn search(
    w: &Wiki,
    r: &list::Search,
    cx: &Context,
) -> Result<(Listed<SearchItem>, i64), ApiError> {
    let needle = r.search.to_lowercase();
    let nss: Vec<i64> = match &r.namespace {
        Multi::Values(v) if !v.is_empty() => v.iter().map(|n| i64::from(n.0)).collect(),
        Multi::All => w.site().namespaces.keys().copied().filter(|n| *n >= 0).collect(),
        _ => vec![0],
    };
    let title_only = r.what.is_some_and(|x| x.as_str() == "title");
    let found: Vec<(Row, String)> = w.query_db(|c| {
        let mut st = c.prepare_cached(&format!(
            "SELECT {COLS}, revision.content FROM page JOIN revision ON revision.id = page.latest"
        ))?;
        let it = st.query_map(params![], |x| Ok((pageset::row(x)?, x.get(8)?)))?;
        it.collect()
    })?;
    let mut hits: Vec<(Row, String)> = found
        .into_iter()
        .filter(|(x, content)| {
            nss.contains(&x.ns)
                && (x.title.to_lowercase().contains(&needle)
                    || !title_only && content.to_lowercase().contains(&needle))
        })
        .collect();
    hits.sort_by_key(|a| (a.0.ns, key(&a.0.title)));
    let total = hits.len() as i64;
    let offset = r.offset.unwrap_or(0).max(0) as usize;
    let n = limit(w, cx, "search", r.limit, 10, BIG);
    let hits: Vec<(Row, String)> = hits.into_iter().skip(offset).collect();
    let cont = (hits.len() > n).then(|| ("offset", (offset + n).to_string()));
    let props: Vec<&str> = r.prop.iter().map(|p| p.as_str()).collect();
    let mut items = Vec::new();
    let mut rows = Vec::new();
    for (x, content) in hits.into_iter().take(n) {
        let mut it = SearchItem { ns: x.ns, pageid: x.id, title: full(w, &x), ..Default::default() };
        if props.contains(&"size") {
            it.size = Some(x.len);
        }
        if props.contains(&"wordcount") {
            it.wordcount = Some(word_count(&content));
        }
        if props.contains(&"snippet") {
            it.snippet = Some(String::new());
        }
        if props.contains(&"timestamp") {
            it.timestamp = Some(super::db_added(w, x.id)?);
        }
        items.push(it);
        rows.push(x);
    }
    Ok((Listed { rows, items, cont }, total))
}

/// Words as PHP's str_word_count counts them: runs of ASCII letters, with `'` and `-` inside.
fn word_count(s: &str) -> i64 {
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        let letter = c.is_ascii_alphabetic();
        if letter || in_word && (c == '\'' || c == '-') {
            if !in_word {
                n += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    n
}
