//! list=recentchanges, logevents and usercontribs (ApiQueryRecentChanges, ApiQueryLogEvents,
//! ApiQueryUserContribs): newest first unless `dir=newer`, continued by `timestamp|id`.

use super::{bad_continue, escape, limit, param14, ts14, BIG};
use crate::title::Title;
use crate::Wiki;
use mediawiki_api::list;
use mediawiki_api::list::{LogeventsItem, RecentchangesItem, UsercontribsItem};
use mwgen_runtime::server::Context;
use mwgen_runtime::{ApiError, Multi, Namespace, Timestamp};
use serde_json::{json, Map, Value};

fn typed<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, ApiError> {
    serde_json::from_value(v).map_err(|e| {
        ApiError::new("internal_api_error_fake", format!("The fake's answer does not fit its type: {e}."))
    })
}

fn nss(m: &Multi<Namespace>) -> Option<Vec<i64>> {
    match m {
        Multi::Values(v) if !v.is_empty() => Some(v.iter().map(|n| i64::from(n.0)).collect()),
        _ => None,
    }
}

/// The time range, order, continuation and limit of a log-like list.
struct Range<'a> {
    newer: bool,
    start: Option<&'a str>,
    end: Option<&'a str>,
    cont: Option<&'a str>,
    limit: usize,
}

impl<'a> Range<'a> {
    /// The range of `start`..`end` (either absent), past `cont`, `limit` rows at most.
    fn new(
        newer: bool,
        (start, end): (&'a Option<Timestamp>, &'a Option<Timestamp>),
        cont: &'a Option<String>,
        limit: usize,
    ) -> Self {
        Range {
            newer,
            start: start.as_ref().map(|t| t.as_str()),
            end: end.as_ref().map(|t| t.as_str()),
            cont: cont.as_deref(),
            limit,
        }
    }

    /// Keeps the rows whose `(timestamp, id)` `key` is in the range and past the continuation,
    /// newest first unless `newer`, at most `limit` of them; the next row's `timestamp|id`.
    fn apply<T>(
        &self,
        rows: &mut Vec<T>,
        key: impl Fn(&T) -> (String, i64),
    ) -> Result<Option<String>, ApiError> {
        let newer = self.newer;
        let cont = match self.cont {
            Some(c) => {
                let (ts, id) = c.split_once('|').ok_or_else(bad_continue)?;
                Some((ts.to_string(), id.parse::<i64>().map_err(|_| bad_continue())?))
            }
            None => None,
        };
        let (start, end) = (self.start.map(param14), self.end.map(param14));
        let after = |k: &(String, i64), b: &(String, i64)| if newer { k >= b } else { k <= b };
        rows.retain(|r| {
            let k = key(r);
            start.as_ref().is_none_or(|b| after(&k, &(b.clone(), if newer { 0 } else { i64::MAX })))
                && end.as_ref().is_none_or(|b| after(&(b.clone(), if newer { i64::MAX } else { 0 }), &k))
                && cont.as_ref().is_none_or(|c| after(&k, c))
        });
        rows.sort_by_cached_key(|r| key(r));
        if !newer {
            rows.reverse();
        }
        let next = rows.get(self.limit).map(|r| {
            let (ts, id) = key(r);
            format!("{ts}|{id}")
        });
        rows.truncate(self.limit);
        Ok(next)
    }
}

/// The user, timestamp and comment fields `prop` asks for (recent changes and log events).
fn who_when(
    v: &mut Map<String, Value>,
    has: &dyn Fn(&str) -> bool,
    user: (&str, i64),
    ts: &str,
    comment: &str,
) {
    if has("user") {
        v.insert("user".into(), json!(user.0));
    }
    if has("userid") {
        v.insert("userid".into(), json!(user.1));
    }
    if (has("user") || has("userid")) && user.1 == 0 {
        v.insert("anon".into(), json!(true));
    }
    if has("timestamp") {
        v.insert("timestamp".into(), json!(ts));
    }
    if has("comment") {
        v.insert("comment".into(), json!(comment));
    }
    if has("parsedcomment") {
        v.insert("parsedcomment".into(), json!(escape(comment)));
    }
}

/// What list=recentchanges gives: its items, the changed pages, the continuation.
pub(crate) type RcOut = (Vec<RecentchangesItem>, Vec<Title>, Option<String>);

/// list=recentchanges: its items, the changed pages (for the generator), the continuation.
pub(crate) fn recentchanges(w: &Wiki, r: &list::Recentchanges, cx: &Context) -> Result<RcOut, ApiError> {
    let mut props: Vec<&str> = r.prop.iter().map(|p| p.as_str()).collect();
    if props.is_empty() {
        props = vec!["title", "timestamp", "ids"];
    }
    let show: Vec<&str> = r.show.iter().map(|s| s.as_str()).collect();
    let patrol = props.contains(&"patrolled") || show.iter().any(|s| s.contains("patrolled"));
    if patrol && !w.has_right(cx, "patrol") && !w.has_right(cx, "patrolmarks") {
        return Err(ApiError::new(
            "permissiondenied",
            "You need the \"patrol\" or \"patrolmarks\" right to request the patrolled flag.",
        ));
    }
    let types: Vec<&str> = r.r#type.iter().map(|t| t.as_str()).collect();
    let title = match &r.title {
        Some(t) => Some(
            Title::parse(w.site(), t, 0)
                .map_err(|_| ApiError::new("invalidtitle", format!("Bad title \"{t}\".")))?,
        ),
        None => None,
    };
    type RcRow =
        (i64, String, i64, String, i64, String, i64, i64, i64, String, i64, i64, String, i64, i64, i64, i64);
    let mut rows: Vec<RcRow> = w.query_db(|c| {
        let mut st = c.prepare_cached(
            "SELECT id, timestamp, user, user_text, ns, title, page, rev, old_rev, type, minor, bot, comment, old_len, new_len, log, patrolled FROM recentchange",
        )?;
        let it = st.query_map([], |x| {
            Ok((
                x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?, x.get(4)?, x.get(5)?, x.get(6)?, x.get(7)?, x.get(8)?,
                x.get(9)?, x.get(10)?, x.get(11)?, x.get(12)?, x.get(13)?, x.get(14)?, x.get(15)?, x.get(16)?,
            ))
        })?;
        it.collect()
    })?;
    let ns = nss(&r.namespace);
    // Changes whose user is revision-deleted are not found by their user (ApiQueryRecentChanges).
    let by_user = r.user.is_some() || r.excludeuser.is_some();
    let unfindable = if by_user { user_hidden(w, cx, "recentchange")? } else { Vec::new() };
    rows.retain(|x| {
        !unfindable.contains(&x.0)
            && (types.is_empty() || types.contains(&x.9.as_str()))
            && ns.as_ref().is_none_or(|n| n.contains(&x.4))
            && r.user.as_ref().is_none_or(|u| u.as_str() == x.3)
            && r.excludeuser.as_ref().is_none_or(|u| u.as_str() != x.3)
            && title.as_ref().is_none_or(|t| t.ns == x.4 && t.text == x.5)
            && show.iter().all(|s| match *s {
                "minor" => x.10 != 0,
                "!minor" => x.10 == 0,
                "bot" => x.11 != 0,
                "!bot" => x.11 == 0,
                "anon" => x.2 == 0,
                "!anon" => x.2 != 0,
                "patrolled" => x.16 != 0,
                "!patrolled" => x.16 == 0,
                "autopatrolled" => x.16 == 2,
                "!autopatrolled" => x.16 != 2,
                "unpatrolled" => x.16 == 0,
                _ => true,
            })
    });
    let newer = r.dir.is_some_and(|d| d.as_str() == "newer");
    let range =
        Range::new(newer, (&r.start, &r.end), &r.r#continue, limit(w, cx, "recentchanges", r.limit, 10, BIG));
    let cont = range.apply(&mut rows, |x| (ts14(&x.1), x.0))?;
    let has = |p: &str| props.contains(&p);
    let mut items = Vec::new();
    let mut titles = Vec::new();
    for x in rows {
        let t = Title { ns: x.4, text: x.5.clone() };
        let mut v = Map::new();
        v.insert("type".into(), json!(x.9));
        if has("title") {
            v.insert("ns".into(), json!(x.4));
            v.insert("title".into(), json!(t.full(w.site())));
        }
        if has("ids") {
            v.insert("pageid".into(), json!(x.6));
            v.insert("revid".into(), json!(x.7));
            v.insert("old_revid".into(), json!(x.8));
            v.insert("rcid".into(), json!(x.0));
        }
        who_when(&mut v, &has, (&x.3, x.2), &x.1, &x.12);
        if has("flags") {
            v.insert("bot".into(), json!(x.11 != 0));
            v.insert("new".into(), json!(x.9 == "new"));
            v.insert("minor".into(), json!(x.10 != 0));
        }
        if has("sizes") {
            v.insert("oldlen".into(), json!(x.13));
            v.insert("newlen".into(), json!(x.14));
        }
        if has("redirect") {
            let redirect = w.query_db(|c| super::pageset::find(c, x.4, &x.5))?.is_some_and(|p| p.redirect);
            v.insert("redirect".into(), json!(redirect));
        }
        if has("patrolled") {
            v.insert("patrolled".into(), json!(x.16 != 0));
            v.insert("unpatrolled".into(), json!(x.16 == 0));
            v.insert("autopatrolled".into(), json!(x.16 == 2));
        }
        if has("loginfo") && x.9 == "log" {
            let (ltype, laction, params): (String, String, String) = w.query_db(|c| {
                c.prepare_cached("SELECT type, action, params FROM logging WHERE id = ?1")
                    .and_then(|mut st| st.query_row([x.15], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
            })?;
            v.insert("logid".into(), json!(x.15));
            v.insert("logtype".into(), json!(ltype));
            v.insert("logaction".into(), json!(laction));
            v.insert("logparams".into(), serde_json::from_str(&params).unwrap_or_else(|_| json!({})));
        }
        if has("tags") {
            let tags: String = if x.7 == 0 {
                String::new()
            } else {
                w.query_db(|c| {
                    c.prepare_cached("SELECT tags FROM revision WHERE id = ?1")
                        .and_then(|mut st| st.query_row([x.7], |r| r.get(0)))
                })?
            };
            v.insert("tags".into(), json!(tags.split(',').filter(|t| !t.is_empty()).collect::<Vec<_>>()));
        }
        if has("sha1") && x.7 != 0 {
            let sha1: String = w.query_db(|c| {
                c.prepare_cached("SELECT sha1 FROM revision WHERE id = ?1")
                    .and_then(|mut st| st.query_row([x.7], |r| r.get(0)))
            })?;
            v.insert("sha1".into(), json!(sha1));
        }
        items.push(typed(Value::Object(v))?);
        if !titles.contains(&t) {
            titles.push(t);
        }
    }
    Ok((items, titles, cont))
}

/// list=logevents.
pub(crate) fn logevents(
    w: &Wiki,
    r: &list::Logevents,
    cx: &Context,
) -> Result<(Vec<LogeventsItem>, Option<String>), ApiError> {
    let mut props: Vec<&str> = r.prop.iter().map(|p| p.as_str()).collect();
    if props.is_empty() {
        props = vec!["ids", "title", "type", "user", "timestamp", "comment", "details"];
    }
    let title = match &r.title {
        Some(t) => Some(
            Title::parse(w.site(), t, 0)
                .map_err(|_| ApiError::new("invalidtitle", format!("Bad title \"{t}\".")))?,
        ),
        None => None,
    };
    type LogRow = (i64, String, String, String, i64, String, i64, String, i64, String, String);
    let mut rows: Vec<LogRow> = w.query_db(|c| {
        let mut st = c.prepare_cached(
            "SELECT id, type, action, timestamp, user, user_text, ns, title, page, comment, params FROM logging",
        )?;
        let it = st.query_map([], |x| {
            Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?, x.get(4)?, x.get(5)?, x.get(6)?, x.get(7)?, x.get(8)?, x.get(9)?, x.get(10)?))
        })?;
        it.collect()
    })?;
    let ltype = r.r#type.map(|t| t.as_str());
    let (atype, aaction) = match r.action.as_deref().map(|a| a.split_once('/')) {
        Some(Some((t, a))) => (Some(t.to_string()), Some(a.to_string())),
        _ => (None, None),
    };
    rows.retain(|x| {
        ltype.is_none_or(|t| t.is_empty() || t == x.1)
            && atype.as_ref().is_none_or(|t| *t == x.1)
            && aaction.as_ref().is_none_or(|a| a == "*" || *a == x.2)
            && r.user.as_ref().is_none_or(|u| u.as_str() == x.5)
            && title.as_ref().is_none_or(|t| t.ns == x.6 && t.text == x.7)
            && r.namespace.is_none_or(|n| i64::from(n.0) == x.6)
    });
    let newer = r.dir.is_some_and(|d| d.as_str() == "newer");
    let range =
        Range::new(newer, (&r.start, &r.end), &r.r#continue, limit(w, cx, "logevents", r.limit, 10, BIG));
    let cont = range.apply(&mut rows, |x| (ts14(&x.3), x.0))?;
    let has = |p: &str| props.contains(&p);
    let mut items = Vec::new();
    for x in rows {
        let mut v = Map::new();
        if has("ids") {
            v.insert("logid".into(), json!(x.0));
            let page = w.query_db(|c| super::pageset::find(c, x.6, &x.7))?.map_or(0, |p| p.id);
            v.insert("pageid".into(), json!(page));
            v.insert("logpage".into(), json!(x.8));
        }
        if has("title") {
            v.insert("ns".into(), json!(x.6));
            v.insert("title".into(), json!(Title { ns: x.6, text: x.7.clone() }.full(w.site())));
        }
        if has("details") {
            v.insert("params".into(), serde_json::from_str(&x.10).unwrap_or_else(|_| json!({})));
        }
        if has("type") {
            v.insert("type".into(), json!(x.1));
            v.insert("action".into(), json!(x.2));
        }
        who_when(&mut v, &has, (&x.5, x.4), &x.3, &x.9);
        if has("tags") {
            v.insert("tags".into(), json!([]));
        }
        items.push(typed(Value::Object(v))?);
    }
    Ok((items, cont))
}

/// list=usercontribs (by `ucuser`, one or more names).
pub(crate) fn usercontribs(
    w: &Wiki,
    r: &list::Usercontribs,
    cx: &Context,
) -> Result<(Vec<UsercontribsItem>, Option<String>), ApiError> {
    if r.user.is_empty() {
        return Err(ApiError::new(
            "missingparam",
            "One of the parameters \"ucuserprefix\", \"ucuserids\", \"uciprange\" and \"ucuser\" is required.",
        ));
    }
    let mut props: Vec<&str> = r.prop.iter().map(|p| p.as_str()).collect();
    if props.is_empty() {
        props = vec!["ids", "title", "timestamp", "comment", "size", "flags"];
    }
    let names: Vec<&str> = r.user.iter().map(|u| u.as_str()).collect();
    type ContribRow = (i64, i64, i64, i64, String, String, String, i64, i64, i64, String, i64, i64, String);
    let mut rows: Vec<ContribRow> = w.query_db(|c| {
        let mut st = c.prepare_cached(
            "SELECT revision.id, revision.page, revision.parent, revision.user, revision.user_text, revision.timestamp,
                    revision.comment, revision.minor, revision.size, page.ns, page.title, page.latest,
                    COALESCE((SELECT p.size FROM revision p WHERE p.id = revision.parent), 0), revision.tags
             FROM revision JOIN page ON page.id = revision.page",
        )?;
        let it = st.query_map([], |x| {
            Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?, x.get(4)?, x.get(5)?, x.get(6)?, x.get(7)?, x.get(8)?, x.get(9)?, x.get(10)?, x.get(11)?, x.get(12)?, x.get(13)?))
        })?;
        it.collect()
    })?;
    let ns = nss(&r.namespace);
    let show: Vec<&str> = r.show.iter().map(|s| s.as_str()).collect();
    #[allow(deprecated)]
    let toponly = r.toponly;
    let unfindable = user_hidden(w, cx, "revision")?;
    rows.retain(|x| {
        !unfindable.contains(&x.0)
            && names.contains(&x.4.as_str())
            && ns.as_ref().is_none_or(|n| n.contains(&x.9))
            && (!toponly || x.11 == x.0)
            && show.iter().all(|s| match *s {
                "minor" => x.7 != 0,
                "!minor" => x.7 == 0,
                "new" => x.2 == 0,
                "!new" => x.2 != 0,
                "top" => x.11 == x.0,
                "!top" => x.11 != x.0,
                _ => true,
            })
    });
    let newer = r.dir.is_some_and(|d| d.as_str() == "newer");
    let n = limit(w, cx, "usercontribs", r.limit, 10, BIG);
    let cont = if names.len() > 1 {
        // Several users: ordered by user (the actor; the fake's user id), then time and id, and
        // continued by `actor|user|timestamp|id` (ApiQueryUserContribs' multi-user mode).
        Range::new(newer, (&r.start, &r.end), &None, usize::MAX).apply(&mut rows, |x| (ts14(&x.5), x.0))?;
        let key = |x: &ContribRow| (x.3, ts14(&x.5), x.0);
        rows.sort_by_cached_key(key);
        if !newer {
            rows.reverse();
        }
        if let Some(c) = r.r#continue.as_deref() {
            let parts: Vec<&str> = c.split('|').collect();
            let [mode, user, ts, id] = parts.as_slice() else { return Err(super::bad_continue()) };
            let user: i64 = user.parse().map_err(|_| super::bad_continue())?;
            let id: i64 = id.parse().map_err(|_| super::bad_continue())?;
            if *mode != "actor" {
                return Err(super::bad_continue());
            }
            let from = (user, ts.to_string(), id);
            rows.retain(|x| if newer { key(x) >= from } else { key(x) <= from });
        }
        let next = rows.get(n).map(|x| format!("actor|{}|{}|{}", x.3, ts14(&x.5), x.0));
        rows.truncate(n);
        next
    } else {
        Range::new(newer, (&r.start, &r.end), &r.r#continue, n).apply(&mut rows, |x| (ts14(&x.5), x.0))?
    };
    let has = |p: &str| props.contains(&p);
    let mut items = Vec::new();
    for x in rows {
        let mut v = Map::new();
        v.insert("userid".into(), json!(x.3));
        v.insert("user".into(), json!(x.4));
        if has("ids") {
            v.insert("pageid".into(), json!(x.1));
            v.insert("revid".into(), json!(x.0));
            v.insert("parentid".into(), json!(x.2));
        }
        if has("title") {
            v.insert("ns".into(), json!(x.9));
            v.insert("title".into(), json!(Title { ns: x.9, text: x.10.clone() }.full(w.site())));
        }
        if has("timestamp") {
            v.insert("timestamp".into(), json!(x.5));
        }
        if has("flags") {
            v.insert("new".into(), json!(x.2 == 0));
            v.insert("minor".into(), json!(x.7 != 0));
            v.insert("top".into(), json!(x.11 == x.0));
        }
        if has("comment") {
            v.insert("comment".into(), json!(x.6));
        }
        if has("parsedcomment") {
            v.insert("parsedcomment".into(), json!(escape(&x.6)));
        }
        if has("size") {
            v.insert("size".into(), json!(x.8));
        }
        if has("sizediff") {
            v.insert("sizediff".into(), json!(x.8 - x.12));
        }
        if has("tags") {
            v.insert("tags".into(), json!(x.13.split(',').filter(|t| !t.is_empty()).collect::<Vec<_>>()));
        }
        items.push(typed(Value::Object(v))?);
    }
    Ok((items, cont))
}

/// The ids of the rows of `table` (`revision`, `recentchange`) whose user is revision-deleted and
/// hidden from the caller: lists by user leave them out.
fn user_hidden(w: &Wiki, cx: &Context, table: &str) -> Result<Vec<i64>, ApiError> {
    let rows: Vec<(i64, i64)> = w.query_db(|c| {
        let mut st = c.prepare_cached(&format!("SELECT id, deleted FROM {table} WHERE deleted & 4 != 0"))?;
        let it = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        it.collect()
    })?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let rights = w.rights(cx);
    Ok(rows
        .into_iter()
        .filter(|(_, d)| !crate::visibility::can_see(&rights, *d, crate::visibility::USER))
        .map(|(id, _)| id)
        .collect())
}
