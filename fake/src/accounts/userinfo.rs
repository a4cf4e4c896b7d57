//! `meta=userinfo` and `meta=authmanagerinfo` (includes/api/ApiQueryUserInfo.php,
//! ApiQueryAuthManagerInfo.php).
//!
//! `uiprop=acceptlang` gives `[]` (the fake does not read `Accept-Language`); `ratelimits` are the
//! limits set with `Wiki::set_rate_limit` (none by default, as on the test wiki, which sets none);
//! `theoreticalratelimits` is `{}`.

use super::authinfo::{field_json, request_json, requests};
use super::{group_names, groups_explicit_first, memberships, rights_of, user_by_id, Caller, IMPLICIT_USER};
use crate::Wiki;
use mediawiki_api::action::{QueryBody, QueryResponse};
use mediawiki_api::meta::{self, UserinfoProp};
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::{ApiError, Multi, StrEnum};
use rusqlite::OptionalExtension;
use serde_json::{json, Map, Value};

/// The explicit groups, in MediaWiki's order of `$wgGroupPermissions`.
pub(crate) fn all_explicit_groups(w: &Wiki) -> Vec<String> {
    let implicit = ["*", "user", "autoconfirmed"];
    w.site().blocks["usergroups"]
        .as_array()
        .map(|gs| {
            gs.iter()
                .filter_map(|g| g["name"].as_str())
                .filter(|g| !implicit.contains(g))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The typed form of a JSON part.
pub(crate) fn typed<T: serde::de::DeserializeOwned>(what: &str, v: Value) -> Result<T, ApiError> {
    serde_json::from_value(v).map_err(|e| {
        ApiError::new("internal_api_error_typed", format!("The fake's {what} did not fit its type: {e}."))
    })
}

/// The edit count MediaWiki keeps for `user`: the counter, or (where edits did not count it) the
/// revisions they made.
pub(crate) fn editcount(c: &rusqlite::Connection, user: i64, counter: i64) -> rusqlite::Result<i64> {
    if counter > 0 || user == 0 {
        return Ok(counter);
    }
    c.prepare_cached("SELECT (SELECT COUNT(*) FROM revision WHERE user = ?1) + (SELECT COUNT(*) FROM archive WHERE user = ?1)").and_then(|mut st| st.query_row([user],
        |r| r.get(0)))
}

/// `meta=userinfo`.
pub(crate) async fn meta_userinfo(w: &Wiki, req: meta::Userinfo, cx: &Context) -> Typed<QueryResponse> {
    let caller = Caller::of(w, cx);
    let props: Vec<UserinfoProp> = match &req.prop {
        Multi::All => UserinfoProp::TABLE.iter().map(|(p, _)| *p).collect(),
        Multi::Values(v) => v.clone(),
    };
    let has = |p: UserinfoProp| props.contains(&p);
    let row = w.query_db(|c| user_by_id(c, caller.id))?;
    let explicit = w.query_db(|c| group_names(c, caller.id))?;
    let mut o = Map::new();
    o.insert("id".into(), json!(caller.id));
    o.insert("name".into(), json!(caller.name));
    if !caller.logged_in() {
        o.insert("anon".into(), json!(true));
    }
    // An anonymous caller is its address (`127.0.0.1`), which an IP block names.
    if has(UserinfoProp::Blockinfo) {
        if let Some(b) = w.query_db(|c| crate::block_store::block_of(c, &caller.name))? {
            o.extend(crate::block_store::block_details(&b));
        }
    }
    if has(UserinfoProp::Hasmsg) {
        o.insert("messages".into(), json!(row.as_ref().is_some_and(|r| r.hasmsg)));
    }
    let groups = groups_explicit_first(&explicit, caller.logged_in());
    if has(UserinfoProp::Groups) {
        o.insert("groups".into(), json!(groups));
    }
    if has(UserinfoProp::Groupmemberships) {
        let ms = w.query_db(|c| memberships(c, caller.id))?;
        let list: Vec<Value> = ms.iter().map(|(g, e)| json!({ "group": g, "expiry": e })).collect();
        o.insert("groupmemberships".into(), json!(list));
    }
    if has(UserinfoProp::Implicitgroups) {
        let implicit: &[&str] = if caller.logged_in() { &IMPLICIT_USER } else { &["*"] };
        o.insert("implicitgroups".into(), json!(implicit));
    }
    let rights = rights_of(w, &groups, caller.grants.as_deref());
    if has(UserinfoProp::Rights) {
        o.insert("rights".into(), json!(rights));
    }
    if has(UserinfoProp::Changeablegroups) {
        let all = if rights.iter().any(|r| r == "userrights") { all_explicit_groups(w) } else { Vec::new() };
        o.insert(
            "changeablegroups".into(),
            json!({ "add": all, "remove": all, "add-self": [], "remove-self": [] }),
        );
    }
    if has(UserinfoProp::Options) {
        o.insert("options".into(), w.site().blocks.get("defaultoptions").cloned().unwrap_or(json!({})));
    }
    if has(UserinfoProp::Editcount) {
        let counter = row.as_ref().map_or(0, |r| r.editcount);
        o.insert("editcount".into(), json!(w.query_db(|c| editcount(c, caller.id, counter))?));
    }
    if has(UserinfoProp::Ratelimits) {
        o.insert("ratelimits".into(), w.rate_limits_json(cx));
    }
    if has(UserinfoProp::Theoreticalratelimits) {
        o.insert("theoreticalratelimits".into(), json!({}));
    }
    if has(UserinfoProp::Realname) {
        o.insert("realname".into(), json!(row.as_ref().map_or("", |r| r.realname.as_str())));
    }
    if has(UserinfoProp::Email) {
        o.insert("email".into(), json!(row.as_ref().map_or("", |r| r.email.as_str())));
    }
    if has(UserinfoProp::Registrationdate) && caller.logged_in() {
        if let Some(r) = &row {
            o.insert("registrationdate".into(), json!(r.registration));
        }
    }
    if has(UserinfoProp::Acceptlang) {
        o.insert("acceptlang".into(), json!([]));
    }
    if has(UserinfoProp::Unreadcount) {
        o.insert("unreadcount".into(), json!(0));
    }
    if has(UserinfoProp::Centralids) {
        o.insert("centralids".into(), json!({ "local": caller.id }));
        o.insert("attachedlocal".into(), json!({ "local": caller.logged_in() }));
    }
    if has(UserinfoProp::Latestcontrib) && caller.logged_in() {
        let latest: Option<String> = w.query_db(|c| {
            c.prepare_cached("SELECT MAX(timestamp) FROM revision WHERE user = ?1")
                .and_then(|mut st| st.query_row([caller.id], |r| r.get(0)))
                .optional()
                .map(Option::flatten)
        })?;
        if let Some(ts) = latest {
            o.insert("latestcontrib".into(), json!(ts));
        }
    }
    let info = typed("userinfo", Value::Object(o))?;
    let body = QueryBody { userinfo: Some(Box::new(info)), ..Default::default() };
    Ok(QueryResponse { query: Some(Box::new(body)), ..Default::default() }.into())
}

/// `meta=authmanagerinfo`: the requests of `amirequestsfor` with their fields (merged, with
/// `amimergerequestfields`), and what the session may do.
pub(crate) async fn meta_authmanagerinfo(
    w: &Wiki,
    req: meta::Authmanagerinfo,
    cx: &Context,
) -> Typed<QueryResponse> {
    let caller = Caller::of(w, cx);
    let bot = caller.grants.is_some();
    let mut o = Map::new();
    o.insert("canauthenticatenow".into(), json!(!bot));
    o.insert("cancreateaccounts".into(), json!(true));
    o.insert("canlinkaccounts".into(), json!(false));
    if req.securitysensitiveoperation.is_some() {
        let status = if caller.logged_in() { "ok" } else { "reauth" };
        o.insert("securitysensitiveoperationstatus".into(), json!(status));
    }
    let format = req.messageformat.as_ref().map_or("wikitext", |f| f.as_str());
    if let Some(action) = &req.requestsfor {
        let action = action.as_str();
        let user = if caller.logged_in() { caller.name.as_str() } else { "" };
        let reqs = requests(action, user);
        o.insert("haspreservedstate".into(), json!(false));
        o.insert("hasprimarypreservedstate".into(), json!(false));
        o.insert("preservedusername".into(), json!(""));
        let list: Vec<Value> =
            reqs.iter().map(|r| request_json(format, r, !req.mergerequestfields)).collect();
        o.insert("requests".into(), json!(list));
        if req.mergerequestfields {
            let mut fields = Map::new();
            for f in reqs.iter().flat_map(|r| r.fields.iter()) {
                fields.entry(f.name.to_string()).or_insert_with(|| field_json(format, f));
            }
            o.insert("fields".into(), Value::Object(fields));
        }
    }
    let info = typed("authmanagerinfo", Value::Object(o))?;
    let body = QueryBody { authmanagerinfo: Some(Box::new(info)), ..Default::default() };
    Ok(QueryResponse { query: Some(Box::new(body)), ..Default::default() }.into())
}
