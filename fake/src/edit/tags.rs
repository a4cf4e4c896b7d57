//! Change tags: `action=managetags` (ApiManageTags, ChangeTags::createTagWithChecks and its
//! siblings), `action=tag` (ApiTag, ChangeTags::updateTagsWithChecks), the tags a change may carry
//! (`tags=`, ChangeTags::canAddTagsAccompanyingChange) and the tags the software adds itself
//! (ContentHandler::getChangeTag: `mw-blank`, `mw-new-redirect`, …; `mw-rollback`, `mw-undo`,
//! `mw-reverted`).
//!
//! Defined tags live in `change_tag_def` (`user_defined` is MediaWiki's `ctd_user_defined`: an
//! active tag). Deactivating a tag that was never applied deletes it, as MediaWiki does. The wiki
//! keeps the active tags in memory too ([`Wiki::active_tags`]), for the decoder of every request.
//! Tags on revisions are the `revision.tags` list, on log entries `logging.tags`.

use super::{caller, db_err, log, Caller};
use crate::site::Site;
use crate::title::Title;
use crate::wikitext;
use crate::Wiki;
use mediawiki_api::action::{self, ManagetagsOperation, ManagetagsResponse, Operation, TagResponse};
use mwgen_runtime::server::{Answered, Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

/// The tags MediaWiki 1.39 defines in software (`$wgSoftwareTags`), all active.
pub(crate) const SOFTWARE_TAGS: [&str; 11] = [
    "mw-contentmodelchange",
    "mw-new-redirect",
    "mw-removed-redirect",
    "mw-changed-redirect-target",
    "mw-blank",
    "mw-replace",
    "mw-rollback",
    "mw-undo",
    "mw-manual-revert",
    "mw-reverted",
    "mw-server-side-upload",
];

/// The active user-defined tags, from the database.
pub(crate) fn load_active(c: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut st = c.prepare_cached("SELECT name FROM change_tag_def WHERE user_defined = 1 ORDER BY name")?;
    let rows = st.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// Whether the caller may apply `tags` along with a change (canAddTagsAccompanyingChange): each
/// must be an active user-defined tag, and the caller needs `applychangetags`.
pub(crate) fn check_tags(w: &Wiki, tags: &[String]) -> Result<(), ApiError> {
    if tags.is_empty() {
        return Ok(());
    }
    let active = w.active_tags();
    let disallowed: Vec<&String> = tags.iter().filter(|t| !active.contains(t)).collect();
    match disallowed.as_slice() {
        [] => Ok(()),
        [one] => {
            Err(ApiError::new("badtags", format!("The tag \"{one}\" is not allowed to be manually applied."))
                .data(json!({ "disallowedtags": [one] })))
        }
        many => Err(ApiError::new(
            "badtags",
            format!(
                "The following tags are not allowed to be manually applied: {}",
                many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            ),
        )
        .data(json!({ "disallowedtags": many }))),
    }
}

/// `tags-apply-no-permission` when the caller may not apply tags at all (checked by the modules
/// that take `tags=` after their own checks, as ChangeTags does).
pub(crate) fn may_apply(who: &Caller, tags: &[String]) -> Result<(), ApiError> {
    if tags.is_empty() || who.can("applychangetags") {
        return Ok(());
    }
    Err(ApiError::new(
        "tags-apply-no-permission",
        "You do not have permission to apply change tags along with your changes.",
    ))
}

/// The tag the software gives an edit from `old` (model, text; `None` for a new page) to `new`
/// (ContentHandler::getChangeType, with the tags `$wgSoftwareTags` has).
pub(crate) fn auto_tag(site: &Site, old: Option<(&str, &str)>, new: (&str, &str)) -> Option<&'static str> {
    let target = |(model, text): (&str, &str)| {
        (model == "wikitext").then(|| wikitext::redirect_target(text)).flatten().map(|raw| {
            let (page, frag) = raw.split_once('#').map_or((raw.as_str(), ""), |(p, f)| (p, f));
            let full = Title::parse(site, page, 0).map(|t| t.full(site)).unwrap_or_else(|_| page.to_string());
            (full, frag.to_string())
        })
    };
    let (old_target, new_target) = (old.and_then(target), target(new));
    if old.is_some_and(|(_, t)| !t.is_empty()) && new.1.is_empty() {
        return Some("mw-blank");
    }
    match (&old_target, &new_target) {
        (None, Some(_)) => return Some("mw-new-redirect"),
        (Some(o), Some(n)) if o != n => return Some("mw-changed-redirect-target"),
        (Some(_), None) => return Some("mw-removed-redirect"),
        _ => {}
    }
    let (om, ot) = old?;
    if ot.len() > 10 * new.1.len() {
        return Some("mw-replace");
    }
    (om != new.0).then_some("mw-contentmodelchange")
}

/// Adds `tags` to revision `rev` (and to the log entry `logid`, when given), counting each new one
/// in `change_tag_def`.
pub(crate) fn add_to_revision(
    c: &Connection,
    rev: i64,
    logid: Option<i64>,
    tags: &[&str],
) -> rusqlite::Result<()> {
    if tags.is_empty() {
        return Ok(());
    }
    let have: String = c.query_row("SELECT tags FROM revision WHERE id = ?1", [rev], |r| r.get(0))?;
    let merged = merge(&have, tags, &[]);
    c.execute("UPDATE revision SET tags = ?1 WHERE id = ?2", params![merged.0, rev])?;
    if let Some(l) = logid {
        let have: String = c.query_row("SELECT tags FROM logging WHERE id = ?1", [l], |r| r.get(0))?;
        c.execute("UPDATE logging SET tags = ?1 WHERE id = ?2", params![merge(&have, tags, &[]).0, l])?;
    }
    count(c, &merged.1, 1)
}

/// `have` (a comma list) with `add` added and `remove` removed: the new list, what was added, and
/// what was removed.
fn merge(have: &str, add: &[&str], remove: &[&str]) -> (String, Vec<String>, Vec<String>) {
    let mut list: Vec<String> = have.split(',').filter(|t| !t.is_empty()).map(String::from).collect();
    let mut added = Vec::new();
    for t in add {
        if !list.iter().any(|x| x == t) && !remove.contains(t) {
            list.push(t.to_string());
            added.push(t.to_string());
        }
    }
    let mut removed = Vec::new();
    for t in remove {
        if let Some(i) = list.iter().position(|x| x == t) {
            list.remove(i);
            removed.push(t.to_string());
        }
    }
    (list.join(","), added, removed)
}

/// Counts `delta` more uses of each of `tags` (software tags get a row when first used).
fn count(c: &Connection, tags: &[String], delta: i64) -> rusqlite::Result<()> {
    for t in tags {
        c.execute(
            "INSERT INTO change_tag_def (name, user_defined, count) VALUES (?1, 0, MAX(?2, 0))
             ON CONFLICT (name) DO UPDATE SET count = MAX(count + ?2, 0)",
            params![t, delta],
        )?;
    }
    Ok(())
}

/// The row of tag `name`: (user_defined, count).
fn tag_row(c: &Connection, name: &str) -> rusqlite::Result<Option<(bool, i64)>> {
    c.query_row("SELECT user_defined, count FROM change_tag_def WHERE name = ?1", [name], |r| {
        Ok((r.get::<_, i64>(0)? != 0, r.get(1)?))
    })
    .optional()
}

/// `action=managetags`.
pub(crate) async fn managetags(w: &Wiki, req: action::Managetags, cx: &Context) -> Typed<ManagetagsResponse> {
    let who = caller(w, cx);
    let tag = req.tag.trim().to_string();
    let op = req.operation;
    let right = if op == Operation::Delete { "deletechangetags" } else { "managechangetags" };
    if !who.can(right) {
        let text = if op == Operation::Delete {
            "You do not have permission to delete change tags."
        } else {
            "You do not have permission to manage change tags."
        };
        return Err(ApiError::new(
            format!("tags-{}-no-permission", if op == Operation::Delete { "delete" } else { "manage" }),
            text,
        ));
    }
    check_tags(w, &req.tags)?;
    let software = SOFTWARE_TAGS.contains(&tag.as_str());
    let reason = req.reason.clone().unwrap_or_default();
    let now = crate::util::now();
    let logid = w.transaction(|tx| {
        let row = tag_row(tx, &tag).map_err(db_err)?;
        let exists = row.is_some() || software;
        let fail = |code: &'static str, text: String| Err(ApiError::new(code, text));
        match op {
            Operation::Create => {
                if tag.is_empty() {
                    return fail("tags-create-no-name", "You must specify a tag name.".into());
                }
                if tag.contains([',', '|', '/']) {
                    return fail(
                        "tags-create-invalid-chars",
                        "Tag names must not contain commas (\",\"), pipes (\"|\"), or forward slashes (\"/\").".into(),
                    );
                }
                if Title::parse(w.site(), &format!("Tag:{tag}"), 0).is_err() {
                    return fail(
                        "tags-create-invalid-title-chars",
                        "Tag names must not contain characters that cannot be used in page titles.".into(),
                    );
                }
                if exists {
                    return fail("tags-create-already-exists", format!("The tag \"{tag}\" already exists."));
                }
                tx.execute("INSERT INTO change_tag_def (name, user_defined, count) VALUES (?1, 1, 0)", [&tag])
                    .map_err(db_err)?;
            }
            Operation::Delete => {
                if software {
                    return fail(
                        "tags-delete-not-allowed",
                        "Tags defined by an extension cannot be deleted unless the extension specifically allows it."
                            .into(),
                    );
                }
                if row.is_none() {
                    return fail("tags-delete-not-found", format!("The tag \"{tag}\" does not exist."));
                }
                tx.execute("DELETE FROM change_tag_def WHERE name = ?1", [&tag]).map_err(db_err)?;
                strip_everywhere(tx, &tag).map_err(db_err)?;
            }
            Operation::Activate => match row {
                _ if software => {
                    return fail("tags-activate-not-allowed", format!("It is not possible to activate the tag \"{tag}\"."))
                }
                None => return fail("tags-activate-not-found", format!("The tag \"{tag}\" does not exist.")),
                Some((true, _)) => {
                    return fail("tags-activate-not-allowed", format!("It is not possible to activate the tag \"{tag}\"."))
                }
                Some((false, _)) => {
                    tx.execute("UPDATE change_tag_def SET user_defined = 1 WHERE name = ?1", [&tag]).map_err(db_err)?;
                }
            },
            Operation::Deactivate => match row {
                Some((true, 0)) => {
                    // Never used: MediaWiki's undefineTag deletes the definition.
                    tx.execute("DELETE FROM change_tag_def WHERE name = ?1", [&tag]).map_err(db_err)?;
                }
                Some((true, _)) => {
                    tx.execute("UPDATE change_tag_def SET user_defined = 0 WHERE name = ?1", [&tag]).map_err(db_err)?;
                }
                _ => {
                    return fail(
                        "tags-deactivate-not-allowed",
                        format!("It is not possible to deactivate the tag \"{tag}\"."),
                    )
                }
            },
        }
        let special = Title { ns: -1, text: "Tags".into() };
        let action = match op {
            Operation::Create => "create",
            Operation::Delete => "delete",
            Operation::Activate => "activate",
            Operation::Deactivate => "deactivate",
        };
        log(tx, ("managetags", action), &who, &special, 0, &reason, json!({ "tag": tag }), &now).map_err(db_err)
    })?;
    w.reload_tags();
    let operation = match op {
        Operation::Create => ManagetagsOperation::Create,
        Operation::Delete => ManagetagsOperation::Delete,
        Operation::Activate => ManagetagsOperation::Activate,
        Operation::Deactivate => ManagetagsOperation::Deactivate,
    };
    Ok(ManagetagsResponse { operation, tag, success: true, logid, ..Default::default() }.into())
}

/// Removes a deleted tag from every revision and log entry.
fn strip_everywhere(c: &Connection, tag: &str) -> rusqlite::Result<()> {
    for table in ["revision", "logging"] {
        let rows: Vec<(i64, String)> = {
            let mut st =
                c.prepare(&format!("SELECT id, tags FROM {table} WHERE ',' || tags || ',' LIKE ?1"))?;
            let found = st.query_map([format!("%,{tag},%")], |r| Ok((r.get(0)?, r.get(1)?)))?;
            found.collect::<rusqlite::Result<_>>()?
        };
        for (id, have) in rows {
            let (list, _, _) = merge(&have, &[], &[tag]);
            c.execute(&format!("UPDATE {table} SET tags = ?1 WHERE id = ?2"), params![list, id])?;
        }
    }
    Ok(())
}

/// `action=tag`: tags added to and removed from revisions, recent changes and log entries, each
/// answered on its own, with a `tag/update` log entry for each change.
pub(crate) async fn tag(w: &Wiki, req: action::Tag, cx: &Context) -> Typed<TagResponse> {
    let who = caller(w, cx);
    if !who.can("changetags") {
        return Err(ApiError::new(
            "tags-update-no-permission",
            "You do not have permission to add or remove change tags from individual revisions or log entries.",
        ));
    }
    check_tags(w, &req.tags)?;
    let reason = req.reason.clone().unwrap_or_default();
    let add: Vec<&str> = req.add.iter().map(String::as_str).collect();
    let remove: Vec<&str> = req.remove.iter().map(String::as_str).collect();
    let mut items = Vec::new();
    for (kind, ids) in [("rcid", &req.rcid), ("revid", &req.revid), ("logid", &req.logid)] {
        for &id in ids.iter() {
            items.push(one(w, &who, kind, id, (&add, &remove), &reason)?);
        }
    }
    // Items differ in shape (a change, a no-op, an error), which the learned type does not carry.
    Ok(Answered::<TagResponse>::Raw(json!({ "tag": items })))
}

/// The error of tags that may not be added or removed (ChangeTags::restrictedTagError), as an
/// item's `errors` entry: the tags as a comma list, and their number.
fn restricted(verb: &str, tags: &[&str]) -> Value {
    let one = tags.len() == 1;
    let key = format!("tags-update-{verb}-not-allowed-{}", if one { "one" } else { "multi" });
    json!({ "message": key, "params": [tags.join(", "), tags.len()], "code": key, "type": "error" })
}

/// One id of `action=tag`.
fn one(
    w: &Wiki,
    who: &Caller,
    kind: &str,
    id: i64,
    (add, remove): (&[&str], &[&str]),
    reason: &str,
) -> Result<Value, ApiError> {
    let mut item = Map::new();
    item.insert(kind.into(), json!(id));
    item.insert("status".into(), json!("success"));
    let now = crate::util::now();
    // ChangeTags::canUpdateTags, for each item: tags added must be active, tags removed not the
    // software's.
    let active = w.active_tags();
    let not_active: Vec<&str> = add.iter().copied().filter(|t| !active.iter().any(|a| a == t)).collect();
    let software: Vec<&str> = remove.iter().copied().filter(|t| SOFTWARE_TAGS.contains(t)).collect();
    let refusal = if !not_active.is_empty() {
        Some(restricted("add", &not_active))
    } else if !software.is_empty() {
        Some(restricted("remove", &software))
    } else {
        None
    };
    w.transaction(|tx| {
        // What the id names: (revision, log entry, page, title).
        let target: Option<(i64, i64, i64, Title)> = match kind {
            "rcid" => tx
                .query_row("SELECT rev, log, page, ns, title FROM recentchange WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, Title { ns: r.get(3)?, text: r.get(4)? }))
                })
                .optional(),
            "revid" => tx
                .query_row(
                    "SELECT r.id, 0, p.id, p.ns, p.title FROM revision r JOIN page p ON p.id = r.page WHERE r.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, Title { ns: r.get(3)?, text: r.get(4)? })),
                )
                .optional(),
            _ => tx
                .query_row("SELECT 0, id, page, ns, title FROM logging WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, Title { ns: r.get(3)?, text: r.get(4)? }))
                })
                .optional(),
        }
        .map_err(db_err)?;
        let Some((rev, logid, page, title)) = target else {
            item.insert("status".into(), json!("error"));
            item.insert("code".into(), json!(format!("nosuch{kind}")));
            let what = match kind {
                "rcid" => "recent change",
                "revid" => "revision",
                _ => "log entry",
            };
            item.insert("info".into(), json!(format!("There is no {what} with ID {id}.")));
            return Ok(());
        };
        if let Some(error) = refusal {
            item.insert("status".into(), json!("failure"));
            item.insert("errors".into(), json!([error]));
            return Ok(());
        }
        let (table, row) = if rev != 0 { ("revision", rev) } else { ("logging", logid) };
        let have: String =
            tx.query_row(&format!("SELECT tags FROM {table} WHERE id = ?1"), [row], |r| r.get(0)).map_err(db_err)?;
        let (list, added, removed) = merge(&have, add, remove);
        if added.is_empty() && removed.is_empty() {
            item.insert("noop".into(), json!(true));
            return Ok(());
        }
        tx.execute(&format!("UPDATE {table} SET tags = ?1 WHERE id = ?2"), params![list, row]).map_err(db_err)?;
        count(tx, &added, 1).map_err(db_err)?;
        count(tx, &removed, -1).map_err(db_err)?;
        // The log entry tagged with the revision (a page creation's, when the creating edit had
        // tags: MediaWiki finds it through change_tag), as a string; false when none.
        let rev_log: Option<i64> = if rev != 0 {
            tx.query_row(
                "SELECT l.id FROM logging l JOIN revision r ON r.id = ?1
                 WHERE l.type = 'create' AND l.page = r.page AND l.timestamp = r.timestamp AND r.parent = 0
                   AND l.tags != ''",
                [rev],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err)?
        } else {
            None
        };
        let initial: Vec<&str> = have.split(',').filter(|t| !t.is_empty()).collect();
        let params = json!({
            "revid": if rev != 0 { json!(rev) } else { json!(false) },
            "logid": if rev == 0 { json!(logid.to_string()) } else { rev_log.map_or(json!(false), |l| json!(l.to_string())) },
            "tagsAdded": added,
            "tagsAddedCount": added.len(),
            "tagsRemoved": removed,
            "tagsRemovedCount": removed.len(),
            "initialTags": initial,
        });
        let actionlogid = log(tx, ("tag", "update"), who, &title, page, reason, params, &now).map_err(db_err)?;
        item.insert("actionlogid".into(), json!(actionlogid));
        item.insert("added".into(), json!(added));
        item.insert("removed".into(), json!(removed));
        Ok(())
    })?;
    Ok(Value::Object(item))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn software_tags_follow_the_change() {
        let site = Site::new("http://127.0.0.1:9/api.php");
        let wt = "wikitext";
        assert_eq!(auto_tag(&site, Some((wt, "text")), (wt, "")), Some("mw-blank"));
        assert_eq!(auto_tag(&site, None, (wt, "#REDIRECT [[A]]")), Some("mw-new-redirect"));
        assert_eq!(
            auto_tag(&site, Some((wt, "#REDIRECT [[A]]")), (wt, "#REDIRECT [[b]]")),
            Some("mw-changed-redirect-target")
        );
        assert_eq!(auto_tag(&site, Some((wt, "#REDIRECT [[A]]")), (wt, "#REDIRECT [[a]]")), None);
        assert_eq!(auto_tag(&site, Some((wt, "#REDIRECT [[A]]")), (wt, "text")), Some("mw-removed-redirect"));
        assert_eq!(
            auto_tag(&site, Some((wt, "a long text, longer than ten")), (wt, "ab")),
            Some("mw-replace")
        );
        assert_eq!(auto_tag(&site, Some((wt, "{}")), ("json", "{}")), Some("mw-contentmodelchange"));
        assert_eq!(auto_tag(&site, None, (wt, "new")), None);
        assert_eq!(merge("a,b", &["c", "a"], &["b"]), ("a,c".into(), vec!["c".into()], vec!["b".into()]));
    }
}
