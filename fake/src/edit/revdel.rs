//! `action=revisiondelete` of revisions (ApiRevisionDelete, RevDelList::setVisibility,
//! RevDelRevisionItem): the text, summary and user of revisions hidden or shown, and suppressed
//! (`suppress=yes`) from administrators too, with a `delete/revision` log entry, or a
//! `suppress/revision` one when the suppression bit is involved (that log is restricted, and
//! reaches no recent change).
//!
//! The bits are MediaWiki's `rev_deleted`: 1 the text, 2 the summary, 4 the user, 8 restricted.
//! Other types (`archive`, `oldimage`, `filearchive`, `logging`) are not answered.

use super::{caller, db_err, log, parse_title, Caller};
use crate::title::Title;
use crate::visibility::{can_see, COMMENT, RESTRICTED, TEXT, USER};
use crate::Wiki;
use mediawiki_api::action::{self, Hide, RevisiondeleteResponse, RevisiondeleteType, Suppress};
use mwgen_runtime::server::{Answered, Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Map, Value};

/// `action=revisiondelete`.
pub(crate) async fn revisiondelete(
    w: &Wiki,
    req: action::Revisiondelete,
    cx: &Context,
) -> Typed<RevisiondeleteResponse> {
    let who = caller(w, cx);
    if req.r#type != RevisiondeleteType::Revision {
        return Err(mwgen_runtime::server::not_implemented(
            <action::Revisiondelete as mwgen_runtime::Request>::SPEC,
        ));
    }
    if !who.can("deleterevision") {
        return Err(ApiError::new("permissiondenied", "You don't have permission to delete revisions."));
    }
    if req.ids.is_empty() {
        return Err(ApiError::new("paramempty_ids", "The parameter \"ids\" may not be empty."));
    }
    super::check_tags(w, &req.tags)?;
    let (hide, show) = (&req.hide, &req.show);
    if hide.iter().any(|h| show.contains(h)) {
        return Err(ApiError::new(
            "badparams",
            "The same field cannot be used in both \"hide\" and \"show\".",
        ));
    }
    if hide.is_empty() && show.is_empty() {
        return Err(ApiError::new(
            "badparams",
            "At least one value is required for \"hide\" and/or \"show\".",
        ));
    }
    // Each bit: Some(true) set, Some(false) cleared, None kept.
    let mut bits: Vec<(i64, Option<bool>)> =
        [(Hide::Content, TEXT), (Hide::Comment, COMMENT), (Hide::User, USER)]
            .into_iter()
            .map(|(h, bit)| {
                (bit, if hide.contains(&h) { Some(true) } else { show.contains(&h).then_some(false) })
            })
            .collect();
    let restricted = match req.suppress {
        Some(Suppress::Yes) => {
            if !who.can("suppressrevision") {
                return Err(ApiError::new(
                    "permissiondenied",
                    "You don't have permission to review and undelete hidden revisions.",
                ));
            }
            Some(true)
        }
        Some(Suppress::No) => Some(false),
        _ => None,
    };
    bits.push((RESTRICTED, restricted));
    let ids: Vec<i64> = req.ids.iter().filter_map(|s| s.trim().parse().ok()).collect();
    // The target: the page given, or the page of the first revision (RevDelRevisionList::suggestTarget).
    let target = match req.target.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => Some(parse_title(w, t)?),
        None => match ids.first() {
            Some(&id) => w.query_db(|c| {
                c.query_row(
                    "SELECT p.ns, p.title FROM revision r JOIN page p ON p.id = r.page WHERE r.id = ?1",
                    [id],
                    |r| Ok(Title { ns: r.get(0)?, text: r.get(1)? }),
                )
                .optional()
            })?,
            None => None,
        },
    };
    let Some(target) = target else {
        return Err(ApiError::new("needtarget", "A target title is required for this RevDel type."));
    };
    let reason = req.reason.clone().unwrap_or_default();
    let now = crate::util::now();
    let items = w.transaction(|tx| {
        let page: Option<(i64, i64)> = tx
            .query_row(
                "SELECT id, latest FROM page WHERE ns = ?1 AND title = ?2",
                params![target.ns, target.text],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(db_err)?;
        let (page_id, latest) = page.unwrap_or((0, 0));
        let mut items = Vec::new();
        let mut changed: Vec<(i64, i64, i64)> = Vec::new();
        for &id in &ids {
            let row: Option<(i64, String)> = tx
                .query_row(
                    "SELECT deleted, timestamp FROM revision WHERE id = ?1 AND page = ?2",
                    params![id, page_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(db_err)?;
            let Some((old, stamp)) = row else {
                let mut item = status_item(
                    "Fail",
                    vec![message("revdelete-modify-missing", json!([id]), "error")],
                    vec![],
                );
                item.insert("id".into(), json!(id));
                items.push(Value::Object(item));
                continue;
            };
            let mut new = old;
            for (bit, set) in &bits {
                match set {
                    Some(true) => new |= bit,
                    Some(false) => new &= !bit,
                    None => {}
                }
            }
            let when = date_time(&stamp);
            let (mut errors, mut warnings) = (vec![], vec![]);
            if old == new {
                warnings.push(message("revdelete-no-change", json!([when.0, when.1]), "warning"));
            } else if new & TEXT != 0 && id == latest {
                errors.push(message("revdelete-hide-current", json!([when.0, when.1]), "error"));
            } else if new == RESTRICTED {
                warnings.push(message("revdelete-only-restricted", json!([when.0, when.1]), "warning"));
            } else {
                tx.execute("UPDATE revision SET deleted = ?1 WHERE id = ?2", params![new, id])
                    .map_err(db_err)?;
                tx.execute("UPDATE recentchange SET deleted = ?1 WHERE rev = ?2", params![new, id])
                    .map_err(db_err)?;
                changed.push((id, old, new));
            }
            // An item's errors and warnings leave it a success (StatusValue::error does not make it
            // fatal); only a missing item fails.
            let mut item = status_item("Success", errors, warnings);
            item.insert("id".into(), json!(id));
            item_data(tx, id, &who, &mut item).map_err(db_err)?;
            items.push(Value::Object(item));
        }
        // One log entry for the call (RevDelList::updateLog).
        if !changed.is_empty() {
            let ids: Vec<i64> = changed.iter().map(|c| c.0).collect();
            // The log shows the bits that changed, before and after, over all items (the
            // "virtual" bits of RevDelList::setVisibility); suppression anywhere makes it `suppress`.
            let (mut old, mut new, mut any) = (0, 0, 0);
            for &(_, o, n) in &changed {
                old |= o & (o ^ n);
                new |= n & (o ^ n);
                any |= o | n;
            }
            let kind = if any & RESTRICTED != 0 { "suppress" } else { "delete" };
            let params = json!({ "type": "revision", "ids": ids, "old": bitmask(old), "new": bitmask(new) });
            let id =
                log(tx, (kind, "revision"), &who, &target, page_id, &reason, params, &now).map_err(db_err)?;
            if kind == "suppress" {
                // A restricted log reaches no recent change (LogPage: `$wgLogRestrictions`).
                tx.execute("DELETE FROM recentchange WHERE log = ?1", [id]).map_err(db_err)?;
            }
        }
        Ok(items)
    })?;
    // The list's status is never fatal here (RevDelList::setVisibility).
    Ok(Answered::<RevisiondeleteResponse>::Raw(json!({
        "revisiondelete": { "status": "Success", "target": target.full(w.site()), "items": items }
    })))
}

/// An item's status with its messages (ApiBase::extractStatusInfo: both lists when either has any).
fn status_item(status: &str, errors: Vec<Value>, warnings: Vec<Value>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("status".into(), json!(status));
    if !errors.is_empty() || !warnings.is_empty() {
        m.insert("errors".into(), json!(errors));
        m.insert("warnings".into(), json!(warnings));
    }
    m
}

fn message(key: &str, params: Value, kind: &str) -> Value {
    json!({ "message": key, "params": params, "code": key, "type": kind })
}

/// The revision's data after the change (RevDelRevisionItem::getApiData), as the caller sees it.
fn item_data(
    c: &rusqlite::Connection,
    id: i64,
    who: &Caller,
    item: &mut Map<String, Value>,
) -> rusqlite::Result<()> {
    let (deleted, stamp, user, user_text, comment): (i64, String, i64, String, String) = c.query_row(
        "SELECT deleted, timestamp, user, user_text, comment FROM revision WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    item.insert("timestamp".into(), json!(stamp));
    item.insert("userhidden".into(), json!(deleted & USER != 0));
    item.insert("commenthidden".into(), json!(deleted & COMMENT != 0));
    item.insert("texthidden".into(), json!(deleted & TEXT != 0));
    if can_see(&who.rights, deleted, USER) {
        item.insert("userid".into(), json!(user));
        item.insert("user".into(), json!(user_text));
    }
    if can_see(&who.rights, deleted, COMMENT) {
        item.insert("comment".into(), json!(comment));
    }
    Ok(())
}

/// A bitfield as the log's parameters show it.
fn bitmask(bits: i64) -> Value {
    json!({
        "bitmask": bits,
        "content": bits & TEXT != 0,
        "comment": bits & COMMENT != 0,
        "user": bits & USER != 0,
        "restricted": bits & RESTRICTED != 0,
    })
}

/// The date and time of an ISO timestamp as the messages show them (`4 December 2026`, `21:42`).
fn date_time(stamp: &str) -> (String, String) {
    let secs = crate::time::parse_ts(stamp).unwrap_or(0);
    let full = crate::time::formatted(secs);
    match full.split_once(", ") {
        Some((time, date)) => (date.to_string(), time.to_string()),
        None => (full.clone(), String::new()),
    }
}
