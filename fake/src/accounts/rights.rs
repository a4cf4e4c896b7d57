//! `action=userrights` (includes/api/ApiUserrights.php, and SpecialUserrights.php's
//! `doSaveUserGroups` and `addLogEntry`): groups added (with an expiry) and removed, and a
//! `rights/rights` log entry when something changed.
//!
//! Who may change which groups follows the wiki of up.sh: the `userrights` right changes every
//! group (a bureaucrat's), and nobody else changes any (`$wgAddGroups`/`$wgRemoveGroups` give
//! nothing more there). Interwiki targets (`User@wiki`) are not answered.

use super::{canonical_name, memberships, user_by_id, user_by_name};
use crate::edit::{caller, check_tags, log, page_at, ADMINS};
use crate::time::{self, Expiry};
use crate::title::Title;
use crate::Wiki;
use mediawiki_api::action::{self, UserrightsResponse};
use mwgen_runtime::server::{Answered, Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::params;
use serde_json::{json, Value};

fn db_error(e: rusqlite::Error) -> ApiError {
    crate::edit::db_err(e)
}

/// `action=userrights`.
#[allow(deprecated)] // `userid` is deprecated, and still answered.
pub(crate) async fn userrights(w: &Wiki, req: action::Userrights, cx: &Context) -> Typed<UserrightsResponse> {
    let who = caller(w, cx);
    let add: Vec<String> = req.add.iter().map(|g| g.as_str().to_string()).collect();
    let remove: Vec<String> = req.remove.iter().map(|g| g.as_str().to_string()).collect();
    // The expiries, one per added group (ApiUserrights::execute).
    let mut expiries = if req.expiry.is_empty() { vec!["infinity".to_string()] } else { req.expiry.clone() };
    if add.is_empty() {
        expiries.clear();
    } else if expiries.len() != add.len() {
        if expiries.len() == 1 {
            expiries = vec![expiries[0].clone(); add.len()];
        } else {
            return Err(ApiError::new(
                "toofewexpiries",
                format!(
                    "{} expiry timestamps were provided where {} were needed.",
                    expiries.len(),
                    add.len()
                ),
            ));
        }
    }
    let now = time::now_secs();
    let mut wanted: Vec<(String, Option<String>)> = Vec::new();
    for (group, given) in add.iter().zip(&expiries) {
        let expiry = match time::parse_expiry(given, now) {
            None => return Err(ApiError::new("invalidexpiry", format!("Invalid expiry time \"{given}\"."))),
            Some(Expiry::At(t)) if t < now => {
                return Err(ApiError::new("pastexpiry", format!("Expiry time \"{given}\" is in the past.")))
            }
            Some(Expiry::Infinite) => None,
            Some(Expiry::At(t)) => Some(time::iso(t)),
        };
        // A group named twice keeps its last expiry, as PHP's keyed array does.
        wanted.retain(|(g, _)| g != group);
        wanted.push((group.clone(), expiry));
    }
    let (name, id) = target(w, req.user.as_ref().map(|u| u.as_str()), req.userid)?;
    check_tags(w, &req.tags)?;
    if !who.can("userrights") {
        // Nothing is changeable: the groups asked for are dropped, as doSaveUserGroups drops them.
        if add.is_empty() && remove.is_empty() {
            return Ok(answer(&name, id, &[], &[]));
        }
        return Err(ApiError::new(
            "permissiondenied",
            format!("The action you have requested is limited to users in the group: {ADMINS}."),
        ));
    }
    let reason = req.reason.clone().unwrap_or_default();
    let stamp = crate::util::now();
    w.transaction(|tx| {
        let old = memberships(tx, id).map_err(db_error)?;
        let has = |g: &str| old.iter().any(|(o, _)| o == g);
        let mut removed = Vec::new();
        for g in &remove {
            if has(g) && !removed.contains(g) {
                tx.execute("DELETE FROM user_group WHERE user = ?1 AND grp = ?2", params![id, g])
                    .map_err(db_error)?;
                removed.push(g.clone());
            }
        }
        let mut added = Vec::new();
        for (g, expiry) in &wanted {
            let shown = expiry.clone().unwrap_or_else(|| "infinity".into());
            // UserGroupManager::addUserToGroup changes nothing for a membership with this expiry.
            if old.iter().any(|(o, e)| o == g && *e == shown) && !removed.contains(g) {
                continue;
            }
            tx.execute(
                "INSERT OR REPLACE INTO user_group (user, grp, expiry) VALUES (?1, ?2, ?3)",
                params![id, g, expiry],
            )
            .map_err(db_error)?;
            added.push(g.clone());
        }
        let new = memberships(tx, id).map_err(db_error)?;
        if new != old {
            // The old groups in their order, then the new ones after those kept (doSaveUserGroups).
            let old_names: Vec<&str> = old.iter().map(|(g, _)| g.as_str()).collect();
            let mut new_names: Vec<&str> =
                old_names.iter().copied().filter(|g| !removed.iter().any(|r| r == g)).collect();
            for g in &added {
                if !new_names.contains(&g.as_str()) {
                    new_names.push(g);
                }
            }
            let meta = |names: &[&str], rows: &[(String, String)]| -> Vec<Value> {
                names
                    .iter()
                    .map(|n| {
                        let e = rows.iter().find(|(g, _)| g == n).map_or("infinity", |(_, e)| e.as_str());
                        json!({ "group": n, "expiry": e })
                    })
                    .collect()
            };
            let params = json!({
                "oldgroups": old_names,
                "newgroups": new_names,
                "oldmetadata": meta(&old_names, &old),
                "newmetadata": meta(&new_names, &new),
            });
            let user_page = Title { ns: 2, text: name.clone() };
            let page = page_at(tx, &user_page).map_err(db_error)?.map_or(0, |p| p.id);
            log(tx, ("rights", "rights"), &who, &user_page, page, &reason, params, &stamp)
                .map_err(db_error)?;
        }
        // Each group keeps its place in the request: PHP's array functions keep the keys, and a
        // list with a gap is answered as an object (`{"1": "sysop"}`).
        let at = |list: &[String], asked: &[String]| -> Vec<(usize, String)> {
            list.iter().map(|g| (asked.iter().position(|a| a == g).unwrap_or(0), g.clone())).collect()
        };
        Ok(answer(&name, id, &at(&added, &add), &at(&removed, &remove)))
    })
}

/// The answer, raw: `added` and `removed` are lists, or objects keyed by the request's positions when
/// a group in between was dropped, which the learned type cannot carry.
fn answer(
    user: &str,
    userid: i64,
    added: &[(usize, String)],
    removed: &[(usize, String)],
) -> Answered<UserrightsResponse> {
    let php = |groups: &[(usize, String)]| -> Value {
        if groups.iter().enumerate().all(|(n, (i, _))| n == *i) {
            json!(groups.iter().map(|(_, g)| g).collect::<Vec<_>>())
        } else {
            Value::Object(groups.iter().map(|(i, g)| (i.to_string(), json!(g))).collect())
        }
    };
    Answered::Raw(json!({
        "userrights": { "user": user, "userid": userid, "added": php(added), "removed": php(removed) }
    }))
}

/// The account `user` or `userid` names (UserrightsPage::fetchUser).
fn target(w: &Wiki, user: Option<&str>, userid: Option<i64>) -> Result<(String, i64), ApiError> {
    if let Some(uid) = userid {
        let row = w.query_db(|c| user_by_id(c, uid))?;
        return row
            .map(|u| (u.name, u.id))
            .ok_or_else(|| ApiError::new("nosuchuserid", format!("There is no user with ID {uid}.")));
    }
    let raw = user.unwrap_or("").trim();
    let name = canonical_name(w, raw);
    let row = match &name {
        Some(n) => w.query_db(|c| user_by_name(c, n))?,
        None => None,
    };
    row.map(|u| (u.name, u.id)).ok_or_else(|| {
        ApiError::new(
            "nosuchuser",
            format!(
                "There is no user by the name \"{}\". Check your spelling.",
                name.unwrap_or_else(|| raw.to_string())
            ),
        )
    })
}
