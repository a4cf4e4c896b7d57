//! `action=changecontentmodel`, `action=rollback` and `action=patrol`.
//!
//! Content models change without converting the text (every model the fake knows is text).
//! A rollback restores the latest revision by another user than the one rolled back, with
//! MediaWiki's summary. Patrolling marks a recent change patrolled and writes a `patrol` log entry
//! (not shown in recent changes, as in MediaWiki).

use super::store::{self, NewRev};
use super::{
    caller, check_tags, content_of, db_err, denied, log, set_watch, title_or_pageid, watch_decision, ADMINS,
};
use crate::Wiki;
use mediawiki_api::action;
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::{params, OptionalExtension};
use serde_json::json;

/// `action=changecontentmodel`.
pub(crate) async fn changecontentmodel(
    w: &Wiki,
    req: action::Changecontentmodel,
    cx: &Context,
) -> Typed<action::ChangecontentmodelResponse> {
    let (title, page) = title_or_pageid(w, &req.page)?;
    let Some(page) = page else {
        return Err(ApiError::new(
            "changecontentmodel-missingtitle",
            "The page you specified doesn't exist. To create a new page with a custom content model, use the \"action=edit\" module.",
        ));
    };
    let who = caller(w, cx);
    if !who.can("editcontentmodel") || !who.can("edit") {
        return Err(ApiError::new(
            "cantchangecontentmodel",
            "You don't have permission to change the content model of a page.",
        ));
    }
    w.ping_limiter(cx, "editcontentmodel", "changecontentmodel")?;
    let model = req.model.as_str();
    if model == page.model {
        return Err(ApiError::new(
            "nochanges",
            format!("The content model of {} is already \"{model}\".", title.full(w.site())),
        ));
    }
    check_tags(w, &req.tags)?;
    let summary = req.summary.clone().unwrap_or_default();
    let site = w.site();
    let now = crate::util::now();
    // The log entry's text (logentry-contentmodel-change), as the revision's comment.
    let mut comment = format!(
        "{} changed the content model of the page [[{}]] from \"{}\" to \"{}\"",
        who.name,
        title.full(site),
        model_name(&page.model),
        model_name(model)
    );
    if !summary.is_empty() {
        comment.push_str(": ");
        comment.push_str(&summary);
    }
    let (saved, logid) = w.transaction(|tx| {
        let content = store::pre_save(model, content_of(tx, page.latest).map_err(db_err)?);
        let rev = NewRev {
            title: &title,
            page: Some(&page),
            content: &content,
            model,
            comment: &comment,
            minor: false,
            bot: req.bot && who.can("bot"),
            user: &who,
            null: false,
            now: &now,
        };
        let saved = store::save(tx, site, &rev).map_err(db_err)?;
        let params = json!({ "oldmodel": page.model, "newmodel": model });
        let logid = log(tx, ("contentmodel", "change"), &who, &title, page.id, &summary, params, &now)
            .map_err(db_err)?;
        Ok((saved, logid))
    })?;
    Ok(action::ChangecontentmodelResponse {
        result: action::ChangecontentmodelResult::Success,
        title: title.full(site),
        pageid: page.id,
        contentmodel: model.to_string(),
        logid,
        revid: saved.rev,
        ..Default::default()
    }
    .into())
}

/// A content model's English name (content-model-*).
fn model_name(model: &str) -> &str {
    match model {
        "text" => "plain text",
        "javascript" => "JavaScript",
        "css" => "CSS",
        "json" => "JSON",
        other => other,
    }
}

/// `action=rollback`.
pub(crate) async fn rollback(
    w: &Wiki,
    req: action::Rollback,
    cx: &Context,
) -> Typed<action::RollbackResponse> {
    check_tags(w, &req.tags)?;
    let (title, page) = title_or_pageid(w, &req.page)?;
    let Some(page) = page else {
        return Err(ApiError::new("missingtitle", "The page you specified doesn't exist."));
    };
    let who = caller(w, cx);
    if !who.can("rollback") {
        return Err(denied(ADMINS));
    }
    w.ping_limiter(cx, "rollback", "rollback")?;
    let site = w.site();
    let full = title.full(site);
    let target_user = req.user.as_str().replace('_', " ");
    let revs: Vec<(i64, String, String)> = w.query_db(|c| {
        let mut st =
            c.prepare_cached("SELECT id, user_text, content FROM revision WHERE page = ?1 ORDER BY id DESC")?;
        let rows = st.query_map([page.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect()
    })?;
    let Some((latest, last_user, _)) = revs.first().cloned() else {
        return Err(ApiError::new("missingtitle", "The page you specified doesn't exist."));
    };
    if last_user != target_user {
        return Err(ApiError::new(
            "alreadyrolled",
            format!("Cannot rollback the last edit of [[:{full}]] by [[User:{target_user}|{target_user}]] ([[User talk:{target_user}|talk]] | [[Special:Contributions/{target_user}|contribs]]). Someone else has edited or rolled back the page already. The last edit to the page was by [[User:{last_user}|{last_user}]] ([[User talk:{last_user}|talk]] | [[Special:Contributions/{last_user}|contribs]])."),
        ));
    }
    let Some((target, target_by, content)) = revs.iter().find(|r| r.1 != target_user).cloned() else {
        return Err(ApiError::new(
            "onlyauthor",
            "Cannot revert the edit. The last contributor is the only author of this page.",
        ));
    };
    let summary = req.summary.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| {
        format!("Reverted edits by [[Special:Contributions/{target_user}|{target_user}]] ([[User talk:{target_user}|talk]]) to last revision by [[User:{target_by}|{target_by}]]")
    });
    let watch = w.query_db(|c| watch_decision(c, &who, &title, req.watchlist, false))?;
    let now = crate::util::now();
    let bot = req.markbot && who.can("markbotedits");
    let saved = w.transaction(|tx| {
        // RollbackPage::updateRecentChange: the reverted edits become patrolled (and bot edits
        // with markbot).
        tx.execute(
            "UPDATE recentchange SET patrolled = CASE WHEN patrolled = 0 THEN 2 ELSE patrolled END,
                                     bot = CASE WHEN ?1 THEN 1 ELSE bot END
             WHERE page = ?2 AND rev > ?3 AND user_text = ?4 AND type != 'log'",
            params![bot, page.id, target, target_user],
        )
        .map_err(db_err)?;
        let rev = NewRev {
            title: &title,
            page: Some(&page),
            content: &content,
            model: &page.model,
            comment: &summary,
            minor: who.can("minoredit"),
            bot,
            user: &who,
            null: false,
            now: &now,
        };
        let saved = store::save(tx, site, &rev).map_err(db_err)?;
        let mut tags: Vec<&str> = req.tags.iter().map(String::as_str).collect();
        tags.push("mw-rollback");
        super::tags::add_to_revision(tx, saved.rev, None, &tags).map_err(db_err)?;
        // The reverted edits are tagged `mw-reverted` when the revert is approved: its author
        // may autopatrol (RevertedTagUpdateManager; a job on the real wiki).
        if who.can("autopatrol") {
            for (id, _, _) in revs.iter().take_while(|r| r.0 != target) {
                super::tags::add_to_revision(tx, *id, None, &["mw-reverted"]).map_err(db_err)?;
            }
        }
        if let Some(on) = watch {
            set_watch(tx, who.id, &title, on, None).map_err(db_err)?;
        }
        Ok(saved)
    })?;
    Ok(action::RollbackResponse {
        title: full,
        pageid: page.id,
        summary,
        revid: saved.rev,
        old_revid: latest,
        last_revid: target,
        ..Default::default()
    }
    .into())
}

/// `action=patrol`.
pub(crate) async fn patrol(w: &Wiki, req: action::Patrol, cx: &Context) -> Typed<action::PatrolResponse> {
    let row: Option<(i64, i64, String, i64, i64, i64)> = match (req.rcid, req.revid) {
        (Some(id), _) => {
            let r = w.query_db(|c| {
                c.prepare_cached("SELECT id, ns, title, page, rev, old_rev FROM recentchange WHERE id = ?1")
                    .and_then(|mut st| {
                        st.query_row([id], |r| {
                            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
                        })
                    })
                    .optional()
            })?;
            if r.is_none() {
                return Err(ApiError::new("nosuchrcid", format!("There is no recent change with ID {id}.")));
            }
            r
        }
        (None, Some(rev)) => {
            let r = w.query_db(|c| {
                c.prepare_cached("SELECT id, ns, title, page, rev, old_rev FROM recentchange WHERE rev = ?1 AND type != 'log'").and_then(|mut st| st.query_row([rev],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))))
                .optional()
            })?;
            if r.is_none() {
                return Err(ApiError::new("nosuchrevid", format!("There is no revision with ID {rev}.")));
            }
            r
        }
        (None, None) => {
            return Err(ApiError::new(
                "missingparam",
                "One of the parameters \"rcid\" and \"revid\" is required.",
            ));
        }
    };
    let Some((rcid, ns, title, _page, rev, old_rev)) = row else {
        return Err(ApiError::new("nosuchrcid", "There is no such recent change."));
    };
    let who = caller(w, cx);
    if !who.can("patrol") {
        return Err(denied(ADMINS));
    }
    check_tags(w, &req.tags)?;
    let now = crate::util::now();
    w.transaction(|tx| {
        let was: i64 = tx.prepare_cached("SELECT patrolled FROM recentchange WHERE id = ?1").and_then(|mut st| st.query_row([rcid], |r| r.get(0))).map_err(db_err)?;
        if was == 0 {
            tx.execute("UPDATE recentchange SET patrolled = 1 WHERE id = ?1", [rcid]).map_err(db_err)?;
            tx.execute(
                "INSERT INTO logging (type, action, timestamp, user, user_text, ns, title, page, comment, params)
                 VALUES ('patrol', 'patrol', ?1, ?2, ?3, ?4, ?5, ?6, '', ?7)",
                params![now, who.id, who.name, ns, title, _page, json!({ "curid": rev, "previd": old_rev, "auto": false }).to_string()],
            )
            .map_err(db_err)?;
        }
        Ok(())
    })?;
    let t = crate::title::Title { ns, text: title };
    Ok(action::PatrolResponse { rcid, ns, title: t.full(w.site()), ..Default::default() }.into())
}
