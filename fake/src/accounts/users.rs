//! `list=users` and `list=allusers` (includes/api/ApiQueryUsers.php, ApiQueryAllUsers.php).
//!
//! `auactiveusers` lists nobody, as on the test wiki: MediaWiki reads active users from a cache
//! (`querycachetwo`) that only a job fills, and the test wiki runs no jobs.

use super::userinfo::{editcount, typed};
use super::{
    canonical_name, creatable, group_names, groups_explicit_first, memberships, rights_of, users_where,
    UserRow, IMPLICIT_USER,
};
use crate::Wiki;
use mediawiki_api::action::{QueryBody, QueryResponse};
use mediawiki_api::enums::DirAscendingDescending;
use mediawiki_api::list::{self, AllusersProp, UsersProp};
use mwgen_runtime::response::Envelope;
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::{ApiError, Limit};
use serde_json::{json, Map, Value};

/// The block details of `u`, when a block holds on them.
fn block_info(w: &Wiki, u: &UserRow, o: &mut Map<String, Value>) -> Result<(), ApiError> {
    if let Some(b) = w.query_db(|c| crate::block_store::block_of(c, &u.name))? {
        o.extend(crate::block_store::block_details(&b));
    }
    Ok(())
}

/// `list=users`: the named users (or ids), the invalid names first, then each in the order asked.
pub(crate) async fn list_users(w: &Wiki, req: list::Users, cx: &Context) -> Typed<QueryResponse> {
    let _ = cx;
    if !req.users.is_empty() && !req.userids.is_empty() {
        return Err(ApiError::new(
            "invalidparammix",
            "The parameters \"ususerids\" and \"ususers\" can not be used together.",
        ));
    }
    let has = |p: UsersProp| req.prop.contains(&p);
    let mut items: Vec<Value> = Vec::new();
    let mut wanted: Vec<Result<String, i64>> = Vec::new();
    for u in &req.users {
        match canonical_name(w, u) {
            Some(n) => wanted.push(Ok(n)),
            None => items.push(json!({ "name": u, "invalid": true })),
        }
    }
    wanted.extend(req.userids.iter().map(|id| Err(*id)));
    for key in wanted {
        let row = w.query_db(|c| match &key {
            Ok(name) => super::user_by_name(c, name),
            Err(id) => super::user_by_id(c, *id),
        })?;
        let Some(u) = row else {
            items.push(match &key {
                Ok(name) => {
                    let mut o = json!({ "name": name, "missing": true });
                    if has(UsersProp::Cancreate) {
                        o["cancreate"] = json!(creatable(name));
                        if !creatable(name) {
                            o["cancreateerror"] = json!([{
                                "message": "noname", "params": [], "code": "invaliduser", "type": "error"
                            }]);
                        }
                    }
                    o
                }
                Err(id) => json!({ "userid": id, "missing": true }),
            });
            continue;
        };
        let mut o = Map::new();
        o.insert("userid".into(), json!(u.id));
        o.insert("name".into(), json!(u.name));
        if has(UsersProp::Editcount) {
            o.insert("editcount".into(), json!(w.query_db(|c| editcount(c, u.id, u.editcount))?));
        }
        if has(UsersProp::Registration) {
            o.insert("registration".into(), json!(u.registration));
        }
        let explicit = w.query_db(|c| group_names(c, u.id))?;
        let groups = groups_explicit_first(&explicit, true);
        if has(UsersProp::Groups) {
            o.insert("groups".into(), json!(groups));
        }
        if has(UsersProp::Groupmemberships) {
            let ms = w.query_db(|c| memberships(c, u.id))?;
            let list: Vec<Value> = ms.iter().map(|(g, e)| json!({ "group": g, "expiry": e })).collect();
            o.insert("groupmemberships".into(), json!(list));
        }
        if has(UsersProp::Implicitgroups) {
            o.insert("implicitgroups".into(), json!(IMPLICIT_USER));
        }
        if has(UsersProp::Rights) {
            o.insert("rights".into(), json!(rights_of(w, &groups, None)));
        }
        if has(UsersProp::Blockinfo) {
            block_info(w, &u, &mut o)?;
        }
        if has(UsersProp::Emailable) {
            o.insert("emailable".into(), json!(false));
        }
        if has(UsersProp::Gender) {
            o.insert("gender".into(), json!("unknown"));
        }
        if has(UsersProp::Centralids) {
            o.insert("centralids".into(), json!({ "local": u.id }));
            o.insert("attachedlocal".into(), json!({ "local": true }));
        }
        items.push(Value::Object(o));
    }
    let users = items.into_iter().map(|v| typed("user", v)).collect::<Result<Vec<_>, _>>()?;
    let body = QueryBody { users: Some(users), ..Default::default() };
    Ok(QueryResponse { query: Some(Box::new(body)), ..Default::default() }.into())
}

/// `list=allusers`: users by name, with `aufrom` as the continuation.
pub(crate) async fn list_allusers(w: &Wiki, req: list::Allusers, cx: &Context) -> Typed<QueryResponse> {
    let high = w.has_right(cx, "apihighlimits");
    let limit = req.limit.unwrap_or(Limit::Value(10)).resolve(if high { 5000 } else { 500 }) as usize;
    let descending = matches!(req.dir, Some(DirAscendingDescending::Descending));
    let norm = |s: &str| {
        let s = s.replace('_', " ");
        let mut c = s.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
    };
    let mut users = w.query_db(|c| users_where(c, "ORDER BY name", &[]))?;
    if descending {
        users.reverse();
    }
    let from = req.from.as_deref().map(norm);
    let to = req.to.as_deref().map(norm);
    let prefix = req.prefix.as_deref().map(norm);
    let groups_of = |u: &UserRow| w.query_db(|c| group_names(c, u.id));
    let mut items = Vec::new();
    let mut next = None;
    for u in users {
        let n = u.name.as_str();
        let before = |b: &String| if descending { n > b.as_str() } else { n < b.as_str() };
        let after = |b: &String| if descending { n < b.as_str() } else { n > b.as_str() };
        if from.as_ref().is_some_and(before) || to.as_ref().is_some_and(after) {
            continue;
        }
        if prefix.as_ref().is_some_and(|p| !n.starts_with(p.as_str())) || req.activeusers {
            continue;
        }
        let explicit = groups_of(&u)?;
        if !req.group.is_empty() && !req.group.iter().any(|g| explicit.iter().any(|e| e == g.as_str())) {
            continue;
        }
        if req.excludegroup.iter().any(|g| explicit.iter().any(|e| e == g.as_str())) {
            continue;
        }
        let mut groups: Vec<String> = IMPLICIT_USER.iter().map(|g| g.to_string()).collect();
        groups.extend(explicit.iter().cloned());
        let rights = rights_of(w, &groups, None);
        if !req.rights.is_empty() && !req.rights.iter().any(|r| rights.iter().any(|x| x == r.as_str())) {
            continue;
        }
        let count = w.query_db(|c| editcount(c, u.id, u.editcount))?;
        if req.witheditsonly && count == 0 {
            continue;
        }
        if items.len() == limit {
            next = Some(u.name.clone());
            break;
        }
        let has = |p: AllusersProp| req.prop.contains(&p);
        let mut o = Map::new();
        o.insert("userid".into(), json!(u.id));
        o.insert("name".into(), json!(u.name));
        if has(AllusersProp::Blockinfo) {
            block_info(w, &u, &mut o)?;
        }
        if has(AllusersProp::Centralids) {
            o.insert("centralids".into(), json!({ "local": u.id }));
            o.insert("attachedlocal".into(), json!({ "local": true }));
        }
        if has(AllusersProp::Editcount) {
            o.insert("editcount".into(), json!(count));
        }
        if has(AllusersProp::Registration) {
            o.insert("registration".into(), json!(u.registration));
        }
        if has(AllusersProp::Groups) {
            o.insert("groups".into(), json!(groups));
        }
        if has(AllusersProp::Implicitgroups) {
            o.insert("implicitgroups".into(), json!(IMPLICIT_USER));
        }
        if has(AllusersProp::Rights) {
            o.insert("rights".into(), json!(rights));
        }
        items.push(typed("user", Value::Object(o))?);
    }
    let body = QueryBody { allusers: Some(items), ..Default::default() };
    let part = QueryResponse { query: Some(Box::new(body)), ..Default::default() };
    let continuation = next.map(|n| {
        let mut m = Map::new();
        m.insert("aufrom".into(), Value::String(n));
        m
    });
    Ok(Envelope { body: Some(part), continuation, ..Default::default() }.into())
}
