//! The fake's answers for `meta=siteinfo` (includes/api/ApiQuerySiteinfo.php): the blocks of the
//! real wiki's siteinfo as [`crate::Site`] holds them, with `general.time` now, `statistics`
//! counted from the tables, `usergroups` with `number` (`sinumberingroup`), and the interwiki map
//! filtered by `sifilteriw`.
//!
//! Two statistics are caches MediaWiki refreshes only in jobs, which the test wiki never runs:
//! `activeusers` is therefore 0, and `jobs` (the queue's length) is 0 too.

use crate::accounts::IMPLICIT_USER;
use crate::Wiki;
use mediawiki_api::action::{QueryBody, QueryResponse};
use mediawiki_api::meta::{self, Filteriw, SiteinfoProp};
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::ApiError;
use serde_json::{json, Map, Value};

/// `meta=siteinfo`.
pub(crate) async fn meta_siteinfo(w: &Wiki, req: meta::Siteinfo, cx: &Context) -> Typed<QueryResponse> {
    let _ = cx;
    let props = if req.prop.is_empty() { vec![SiteinfoProp::General] } else { req.prop.clone() };
    let site = w.site();
    let mut out = Map::new();
    for p in props {
        let key = p.as_str();
        let v = match p {
            SiteinfoProp::General => {
                let mut g = site.blocks.get("general").cloned().unwrap_or_else(|| json!({}));
                g["time"] = json!(crate::util::now());
                g
            }
            SiteinfoProp::Statistics => statistics(w)?,
            SiteinfoProp::Usergroups => usergroups(w, req.numberingroup)?,
            SiteinfoProp::Interwikimap => interwikimap(w, req.filteriw),
            SiteinfoProp::Dbrepllag if req.showalldb => {
                return Err(ApiError::new(
                    "includeAllDenied",
                    "Cannot view all servers' info unless \"$wgShowHostnames\" is true.",
                ))
            }
            SiteinfoProp::Dbrepllag => json!([{ "host": "", "lag": -1 }]),
            _ => site.blocks.get(key).cloned().unwrap_or(Value::Null),
        };
        out.insert(key.to_string(), v);
    }
    let body: QueryBody = serde_json::from_value(Value::Object(out)).map_err(|e| {
        ApiError::new("internal_api_error_typed", format!("The fake's siteinfo did not fit its type: {e}."))
    })?;
    Ok(QueryResponse { query: Some(Box::new(body)), ..Default::default() }.into())
}

/// The users MediaWiki counts: all but the system user of the install (`MediaWiki default`, made
/// after the statistics were first counted).
fn user_count(c: &rusqlite::Connection) -> rusqlite::Result<i64> {
    c.prepare_cached("SELECT COUNT(*) FROM user WHERE name <> 'MediaWiki default'")
        .and_then(|mut st| st.query_row([], |r| r.get(0)))
}

/// `statistics`: pages, articles (content pages, not redirects, with a link), edits (revisions,
/// deleted ones included), users, admins (sysops).
fn statistics(w: &Wiki) -> Result<Value, ApiError> {
    let content: Vec<i64> = w.site().blocks["namespaces"]
        .as_object()
        .map(|ns| ns.values().filter(|n| n["content"] == true).filter_map(|n| n["id"].as_i64()).collect())
        .unwrap_or_else(|| vec![0]);
    let list = content.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    w.query_db(|c| {
        let one =
            |sql: &str| c.prepare_cached(sql).and_then(|mut st| st.query_row([], |r| r.get::<_, i64>(0)));
        let pages = one("SELECT COUNT(*) FROM page")?;
        let articles = one(&format!(
            "SELECT COUNT(*) FROM page WHERE ns IN ({list}) AND redirect = 0
             AND EXISTS (SELECT 1 FROM link WHERE link.from_page = page.id AND link.kind = 'link')"
        ))?;
        let edits = one("SELECT (SELECT COUNT(*) FROM revision) + (SELECT COUNT(*) FROM archive)")?;
        let admins = one("SELECT COUNT(*) FROM user_group WHERE grp = 'sysop'")?;
        Ok(json!({
            "pages": pages, "articles": articles, "edits": edits, "images": 0, "users": user_count(c)?,
            "activeusers": 0, "admins": admins, "jobs": 0,
        }))
    })
}

/// `usergroups`, with each group's `number` of members when asked (none for `*` and the
/// autopromoted `autoconfirmed`; all users for `user`).
fn usergroups(w: &Wiki, number: bool) -> Result<Value, ApiError> {
    let mut groups = w.site().blocks.get("usergroups").cloned().unwrap_or_else(|| json!([]));
    if !number {
        return Ok(groups);
    }
    let users = w.query_db(user_count)?;
    if let Value::Array(list) = &mut groups {
        for g in list.iter_mut() {
            let name = g["name"].as_str().unwrap_or("").to_string();
            let n = match name.as_str() {
                "user" => users,
                n if IMPLICIT_USER.contains(&n) => continue,
                n => w.query_db(|c| {
                    c.prepare_cached("SELECT COUNT(*) FROM user_group WHERE grp = ?1")
                        .and_then(|mut st| st.query_row([n], |r| r.get(0)))
                })?,
            };
            if let Value::Object(o) = g {
                // `number` comes right after `rights`, before `add` and the other lists.
                let mut ordered = Map::new();
                for (k, v) in std::mem::take(o) {
                    let after_rights = k == "rights";
                    ordered.insert(k, v);
                    if after_rights {
                        ordered.insert("number".into(), json!(n));
                    }
                }
                *o = ordered;
            }
        }
    }
    Ok(groups)
}

/// `interwikimap`, only the local or only the other prefixes with `sifilteriw`.
fn interwikimap(w: &Wiki, filter: Option<Filteriw>) -> Value {
    let all = w.site().blocks.get("interwikimap").cloned().unwrap_or_else(|| json!([]));
    let Some(filter) = filter else { return all };
    let want_local = matches!(filter, Filteriw::Local);
    let kept: Vec<Value> = all
        .as_array()
        .map(|a| a.iter().filter(|e| (e["local"] == true) == want_local).cloned().collect())
        .unwrap_or_default();
    Value::Array(kept)
}
