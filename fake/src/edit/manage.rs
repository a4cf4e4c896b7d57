//! `action=delete`, `action=undelete` and `action=move`, as ApiDelete, ApiUndelete and ApiMove
//! answer: deletion archives the revisions and drops the page, its links and its recent edits,
//! with a `delete` log entry (a file's page takes its file with it: files/); undeletion restores
//! the archive under the page's old id, and the file's versions; a move renames the page (same id),
//! writes a null revision, leaves a redirect unless `noredirect` (which needs `suppressredirect`),
//! moves the talk page with `movetalk`, and deletes a target that is a redirect to the source
//! (`move_redir`).

use super::store::{self, NewRev};
use super::{
    caller, check_tags, content_of, db_err, denied, log, page_at, parse_title, set_watch, title_or_pageid,
    watch_decision, Caller, PageRow, ADMINS,
};
use crate::title::Title;
use crate::Wiki;
use mediawiki_api::action;
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::{params, Connection};
use serde_json::{json, Value};

/// `action=delete`.
#[allow(deprecated)] // `watch`/`unwatch`/`title` are deprecated, and still honoured
pub(crate) async fn delete(w: &Wiki, req: action::Delete, cx: &Context) -> Typed<action::DeleteResponse> {
    let (title, page) = title_or_pageid(w, &req.page)?;
    let Some(page) = page else {
        return Err(ApiError::new("missingtitle", "The page you specified doesn't exist."));
    };
    let who = caller(w, cx);
    if !who.can("delete") {
        return Err(denied(ADMINS));
    }
    check_tags(w, &req.tags)?;
    // A file goes with its page (FileDeleteForm::doDelete), and its reason is never made up.
    let file = w.query_db(|c| crate::file_store::is_file(c, &title))?;
    let reason = match req.reason.clone() {
        Some(r) => r,
        None if file => String::new(),
        None => w.query_db(|c| auto_delete_reason(c, &page))?,
    };
    let watch = if req.watch {
        Some(true)
    } else if req.unwatch {
        Some(false)
    } else {
        w.query_db(|c| watch_decision(c, &who, &title, req.watchlist, false))?
    };
    let now = crate::util::now();
    // One old version of a file (`oldimage`: not for other pages, which are deleted whole).
    if let Some(old) = req.oldimage.as_deref().filter(|_| file) {
        let logid = super::file_versions::delete_old(w, &who, &title, old, &reason, watch)?;
        return Ok(action::DeleteResponse {
            title: title.full(w.site()),
            reason,
            logid,
            ..Default::default()
        }
        .into());
    }
    let logid = w.transaction(|tx| {
        let id = delete_page(tx, &who, &page, &reason, "delete", &now).map_err(db_err)?;
        if file {
            crate::file_store::delete_file(tx, who.id, &title, &reason, &now).map_err(db_err)?;
            super::store::refresh_file_users(tx, w.site(), &title).map_err(db_err)?;
        }
        if req.deletetalk {
            let talk = Title { ns: title.ns | 1, text: title.text.clone() };
            if talk != title {
                if let Some(tp) = page_at(tx, &talk).map_err(db_err)? {
                    let why = format!("Deleted together with the associated page with reason: {reason}")
                        .trim_end()
                        .to_string();
                    delete_page(tx, &who, &tp, &why, "delete", &now).map_err(db_err)?;
                }
            }
        }
        if let Some(on) = watch {
            set_watch(tx, who.id, &title, on, None).map_err(db_err)?;
        }
        Ok(id)
    })?;
    Ok(action::DeleteResponse { title: title.full(w.site()), reason, logid, ..Default::default() }.into())
}

/// ContentHandler::getAutoDeleteReason.
fn auto_delete_reason(c: &Connection, page: &PageRow) -> rusqlite::Result<String> {
    let mut st =
        c.prepare_cached("SELECT id, user_text, content FROM revision WHERE page = ?1 ORDER BY id")?;
    let revs: Vec<(i64, String, String)> = st
        .query_map([page.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let Some(last) = revs.iter().position(|r| r.0 == page.latest) else { return Ok(String::new()) };
    let mut content = revs[last].2.as_str();
    let mut blank = false;
    if content.is_empty() && last > 0 {
        content = revs[last - 1].2.as_str();
        blank = true;
    }
    let first20 = &revs[..revs.len().min(20)];
    let only = first20.first().map(|r| r.1.as_str()).filter(|a| first20.iter().all(|r| r.1 == *a));
    let template = if blank {
        "content before blanking was: \"$1\"".to_string()
    } else if let Some(a) = only {
        format!("content was: \"$1\", and the only contributor was \"[[Special:Contributions/{a}|{a}]]\" ([[User talk:{a}|talk]])")
    } else {
        "content was: \"$1\"".to_string()
    };
    let max = 500usize.saturating_sub(template.len() - 2);
    let text = store::text_for_summary(content, max, page.model == "wikitext");
    Ok(template.replace("$1", &text))
}

/// Deletes `page`: its revisions to `archive`, the page, its links, its recent edits, its
/// protections; a `delete` log entry with `action`. Returns the log id.
pub(crate) fn delete_page(
    c: &Connection,
    who: &Caller,
    page: &PageRow,
    reason: &str,
    action: &str,
    now: &str,
) -> rusqlite::Result<i64> {
    c.execute(
        "INSERT OR REPLACE INTO archive (rev, ns, title, page, parent, user, user_text, timestamp, comment, minor,
                                         content, model, format, size, sha1, tags, deleted)
         SELECT id, ?2, ?3, page, parent, user, user_text, timestamp, comment, minor, content, model, format, size,
                sha1, tags, deleted FROM revision WHERE page = ?1",
        params![page.id, page.ns, page.title],
    )?;
    c.execute("DELETE FROM revision WHERE page = ?1", [page.id])?;
    c.execute("DELETE FROM page WHERE id = ?1", [page.id])?;
    c.execute("DELETE FROM link WHERE from_page = ?1", [page.id])?;
    // LinksDeletionUpdate: the page's changes, and older ones under its title.
    c.execute("DELETE FROM recentchange WHERE page = ?1 AND type != 'log'", [page.id])?;
    c.execute(
        "DELETE FROM recentchange WHERE ns = ?1 AND title = ?2 AND type != 'log' AND timestamp < ?3",
        params![page.ns, page.title, now],
    )?;
    c.execute("DELETE FROM protection WHERE ns = ?1 AND title = ?2", params![page.ns, page.title])?;
    log(c, ("delete", action), who, &page.title(), page.id, reason, json!({}), now)
}

/// `action=undelete` (whole pages: `timestamps` and `fileids` select nothing more here).
pub(crate) async fn undelete(
    w: &Wiki,
    req: action::Undelete,
    cx: &Context,
) -> Typed<action::UndeleteResponse> {
    let who = caller(w, cx);
    if !who.can("undelete") {
        return Err(denied(ADMINS));
    }
    let title = parse_title(w, &req.title)?;
    check_tags(w, &req.tags)?;
    let reason = req.reason.clone().unwrap_or_default();
    let watch = w.query_db(|c| watch_decision(c, &who, &title, req.watchlist, false))?;
    let now = crate::util::now();
    let site = w.site();
    let restored = w.transaction(|tx| {
        let (n, files) = restore(tx, site, &who, &title, &reason, &now).map_err(db_err)?;
        if n == 0 {
            return Err(ApiError::new(
                "cantundelete",
                "Couldn't undelete: the requested revisions may not exist, or may have been undeleted already.",
            ));
        }
        let mut n = n;
        if req.undeletetalk {
            let talk = Title { ns: title.ns | 1, text: title.text.clone() };
            if talk != title {
                let why = format!("Undeleted together with the associated page with reason: {reason}").trim_end().to_string();
                n += restore(tx, site, &who, &talk, &why, &now).map_err(db_err)?.0;
            }
        }
        if let Some(on) = watch {
            set_watch(tx, who.id, &title, on, None).map_err(db_err)?;
        }
        Ok((n, files))
    })?;
    Ok(action::UndeleteResponse {
        title: title.full(site),
        revisions: restored.0,
        fileversions: restored.1,
        reason,
        ..Default::default()
    }
    .into())
}

/// Restores the archived revisions of `t`, and of its file; returns how many of each (0 revisions:
/// nothing to restore).
fn restore(
    c: &Connection,
    site: &crate::Site,
    who: &Caller,
    t: &Title,
    reason: &str,
    now: &str,
) -> rusqlite::Result<(i64, i64)> {
    let n: i64 = c
        .prepare_cached("SELECT COUNT(*) FROM archive WHERE ns = ?1 AND title = ?2")
        .and_then(|mut st| st.query_row(params![t.ns, t.text], |r| r.get(0)))?;
    if n == 0 {
        return Ok((0, 0));
    }
    let existing = page_at(c, t)?;
    let page_id = match &existing {
        Some(p) => p.id,
        None => {
            let old: i64 = c
                .prepare_cached(
                    "SELECT page FROM archive WHERE ns = ?1 AND title = ?2 ORDER BY rev DESC LIMIT 1",
                )
                .and_then(|mut st| st.query_row(params![t.ns, t.text], |r| r.get(0)))?;
            let taken = c
                .prepare_cached("SELECT COUNT(*) FROM page WHERE id = ?1")
                .and_then(|mut st| st.query_row([old], |r| r.get::<_, i64>(0)))?
                > 0;
            let id: Option<i64> = if taken { None } else { Some(old) };
            c.execute(
                "INSERT INTO page (id, ns, title, model, latest, touched, redirect, len) VALUES (?1, ?2, ?3, 'wikitext', 0, ?4, 0, 0)",
                params![id, t.ns, t.text, now],
            )?;
            c.last_insert_rowid()
        }
    };
    c.execute(
        "INSERT INTO revision (id, page, parent, user, user_text, timestamp, comment, minor, content, model, format, size,
                               sha1, tags, deleted)
         SELECT rev, ?3, parent, user, user_text, timestamp, comment, minor, content, model, format, size, sha1, tags,
                deleted
         FROM archive WHERE ns = ?1 AND title = ?2",
        params![t.ns, t.text, page_id],
    )?;
    c.execute("DELETE FROM archive WHERE ns = ?1 AND title = ?2", params![t.ns, t.text])?;
    let (latest, content, model): (i64, String, String) = c.prepare_cached("SELECT id, content, model FROM revision WHERE page = ?1 ORDER BY timestamp DESC, id DESC LIMIT 1").and_then(|mut st| st.query_row([page_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))?;
    let redirect = store::redirect_of(site, &model, &content).is_some();
    c.execute(
        "UPDATE page SET latest = ?1, touched = ?2, redirect = ?3, len = ?4, model = ?5 WHERE id = ?6",
        params![latest, now, redirect as i64, content.len() as i64, model, page_id],
    )?;
    store::rewrite_links(c, site, page_id, &model, &content)?;
    let files = crate::file_store::undelete_file(c, t)?;
    if files > 0 {
        store::refresh_file_users(c, site, t)?;
    }
    log(
        c,
        ("delete", "restore"),
        who,
        t,
        page_id,
        reason,
        json!({ "count": { "revisions": n, "files": files } }),
        now,
    )?;
    Ok((n, files))
}

/// `action=move`.
pub(crate) async fn move_page(w: &Wiki, req: action::Move, cx: &Context) -> Typed<action::MoveResponse> {
    let (from, page) = title_or_pageid(w, &req.from)?;
    let Some(page) = page else {
        return Err(ApiError::new("missingtitle", "The page you specified doesn't exist."));
    };
    let to = parse_title(w, &req.to)?;
    let site = w.site();
    valid_move(w, &from, &to)?;
    let over = w.query_db(|c| redirect_to(c, site, &to, &from))?;
    let who = caller(w, cx);
    if !who.can("move") {
        return Err(denied("[[Mwgen test wiki:Users|Users]]"));
    }
    check_tags(w, &req.tags)?;
    w.ping_limiter(cx, "move", "move")?;
    let reason = req.reason.clone().unwrap_or_default();
    let redirect = !req.noredirect || !who.can("suppressredirect");
    let watch = w.query_db(|c| watch_decision(c, &who, &from, req.watchlist, false))?;
    let talk = if req.movetalk && from.ns % 2 == 0 && to.ns % 2 == 0 {
        let (tf, tt) = (
            Title { ns: from.ns + 1, text: from.text.clone() },
            Title { ns: to.ns + 1, text: to.text.clone() },
        );
        w.query_db(|c| page_at(c, &tf))?.map(|p| (tf, tt, p))
    } else {
        None
    };
    let now = crate::util::now();
    let mut answer = action::MoveResponse {
        from: from.full(site),
        to: to.full(site),
        reason: reason.clone(),
        redirectcreated: redirect,
        moveoverredirect: over.is_some(),
        ..Default::default()
    };
    let talk_answer = w.transaction(|tx| {
        do_move(tx, site, &who, &page, &to, &reason, redirect, over.as_ref(), &now)?;
        if let Some(on) = watch {
            set_watch(tx, who.id, &from, on, None).map_err(db_err)?;
            set_watch(tx, who.id, &to, on, None).map_err(db_err)?;
        }
        let mut out = serde_json::Map::new();
        if let Some((tf, tt, tp)) = &talk {
            let t_over = redirect_to(tx, site, tt, tf).map_err(db_err)?;
            if t_over.is_none() && page_at(tx, tt).map_err(db_err)?.is_some() {
                out.insert("talkmove-errors".into(), json!([]));
            } else {
                do_move(tx, site, &who, tp, tt, &reason, redirect, t_over.as_ref(), &now)?;
                out.insert("talkfrom".into(), tf.full(site).into());
                out.insert("talkto".into(), tt.full(site).into());
                out.insert("talkmoveoverredirect".into(), t_over.is_some().into());
            }
        }
        if req.movesubpages {
            let mv =
                |f: &Title, t: &Title| move_subpages(tx, site, cx, &who, (f, t), &reason, redirect, &now);
            out.insert("subpages".into(), mv(&from, &to)?);
            if req.movetalk && from.ns % 2 == 0 && to.ns % 2 == 0 {
                let (tf, tt) = (
                    Title { ns: from.ns + 1, text: from.text.clone() },
                    Title { ns: to.ns + 1, text: to.text.clone() },
                );
                out.insert("subpages-talk".into(), mv(&tf, &tt)?);
            }
        }
        Ok(out)
    })?;
    answer.extra.extend(talk_answer);
    Ok(answer.into())
}

/// Moves the subpages of `from` under `to` (`movesubpages`): each one's `{from, to}`, or its
/// `{from, errors}` when a page is in the way; the `namespace-nosubpages` error where there are none.
#[allow(clippy::too_many_arguments)]
fn move_subpages(
    c: &Connection,
    site: &crate::Site,
    cx: &Context,
    who: &Caller,
    (from, to): (&Title, &Title),
    reason: &str,
    redirect: bool,
    now: &str,
) -> Result<Value, ApiError> {
    let plan = match super::subpages::plan(c, site, cx, from, to).map_err(db_err)? {
        Ok(plan) => plan,
        Err(errors) => return Ok(errors),
    };
    let mut out = Vec::new();
    for (page, target) in plan {
        let old = page.title();
        let over = redirect_to(c, site, &target, &old).map_err(db_err)?;
        if over.is_none() && page_at(c, &target).map_err(db_err)?.is_some() {
            let text = format!(
                "A page already exists at [[:{}]], or the page name you have chosen is not valid. Please choose another name.",
                target.full(site)
            );
            let e = super::subpages::status_error(cx, "articleexists", &[&target.full(site)], &text);
            out.push(json!({ "from": old.full(site), "errors": [e] }));
            continue;
        }
        do_move(c, site, who, &page, &target, reason, redirect, over.as_ref(), now)?;
        out.push(json!({ "from": old.full(site), "to": target.full(site) }));
    }
    Ok(Value::Array(out))
}

/// MovePage::isValidMove's checks, in its order.
fn valid_move(w: &Wiki, from: &Title, to: &Title) -> Result<(), ApiError> {
    if from == to {
        return Err(ApiError::new("selfmove", "The title is the same; cannot move a page over itself."));
    }
    for (t, kind) in [(from, "source"), (to, "target")] {
        if t.ns < 0 {
            return Err(ApiError::new(
                format!("immobile-{kind}-namespace"),
                format!(
                    "Cannot move pages {} namespace \"{}\".",
                    if kind == "source" { "from" } else { "into" },
                    w.site().namespace_name(t.ns)
                ),
            ));
        }
    }
    let exists = w.query_db(|c| page_at(c, to))?.is_some();
    if exists && w.query_db(|c| redirect_to(c, w.site(), to, from))?.is_none() {
        return Err(ApiError::new(
            "articleexists",
            format!(
                "A page already exists at [[:{}]], or the page name you have chosen is not valid. Please choose another name.",
                to.full(w.site())
            ),
        ));
    }
    Ok(())
}

/// The page at `t` when it is a redirect to `target` with a single revision (a move may go over it).
fn redirect_to(
    c: &Connection,
    site: &crate::Site,
    t: &Title,
    target: &Title,
) -> rusqlite::Result<Option<PageRow>> {
    let Some(p) = page_at(c, t)? else { return Ok(None) };
    let revs: i64 = c
        .prepare_cached("SELECT COUNT(*) FROM revision WHERE page = ?1")
        .and_then(|mut st| st.query_row([p.id], |r| r.get(0)))?;
    if !p.redirect || revs != 1 {
        return Ok(None);
    }
    let text = content_of(c, p.latest)?;
    Ok(store::redirect_of(site, &p.model, &text).filter(|x| x == target).map(|_| p))
}

/// Moves `page` to `to`: the deletion of a redirect in the way, the rename, the null revision,
/// the redirect left behind, the `move` log entry.
#[allow(clippy::too_many_arguments)]
fn do_move(
    c: &Connection,
    site: &crate::Site,
    who: &Caller,
    page: &PageRow,
    to: &Title,
    reason: &str,
    redirect: bool,
    over: Option<&PageRow>,
    now: &str,
) -> Result<(), ApiError> {
    let from = page.title();
    let (fs, ts) = (from.full(site), to.full(site));
    let deleted = match over {
        Some(o) => {
            let why = format!("Deleted to make way for move from \"[[{fs}]]\"");
            Some(delete_page(c, who, o, &why, "delete_redir", now).map_err(db_err)?)
        }
        None => None,
    };
    c.execute("UPDATE page SET ns = ?1, title = ?2 WHERE id = ?3", params![to.ns, to.text, page.id])
        .map_err(db_err)?;
    // The log entry's text (logentry-move-*), as MediaWiki writes it into the null revision.
    let mut comment = format!("{} moved page [[{fs}]] to [[{ts}]]", who.name);
    comment.push_str(match (over.is_some(), redirect) {
        (false, true) => "",
        (true, true) => " over redirect",
        (false, false) => " without leaving a redirect",
        (true, false) => " over a redirect without leaving a redirect",
    });
    if !reason.is_empty() {
        comment.push_str(": ");
        comment.push_str(reason);
    }
    let content = content_of(c, page.latest).map_err(db_err)?;
    let moved = PageRow { ns: to.ns, title: to.text.clone(), ..page.clone() };
    let null = NewRev {
        title: to,
        page: Some(&moved),
        content: &content,
        model: &page.model,
        comment: &comment,
        minor: true,
        bot: false,
        user: who,
        null: true,
        now,
    };
    store::save(c, site, &null).map_err(db_err)?;
    c.execute(
        "UPDATE protection SET ns = ?1, title = ?2 WHERE ns = ?3 AND title = ?4",
        params![to.ns, to.text, from.ns, from.text],
    )
    .map_err(db_err)?;
    if redirect {
        let text = format!("#REDIRECT [[{ts}]]");
        let rev = NewRev {
            title: &from,
            page: None,
            content: &text,
            model: "wikitext",
            comment: &comment,
            minor: false,
            bot: false,
            user: who,
            null: true,
            now,
        };
        store::save(c, site, &rev).map_err(db_err)?;
    }
    let action = if over.is_some() { "move_redir" } else { "move" };
    let params = json!({ "target_ns": to.ns, "target_title": ts, "suppressredirect": !redirect });
    log(c, ("move", action), who, &from, page.id, reason, params, now).map_err(db_err)?;
    if let Some(id) = deleted {
        // The deletion's recent change is published after the move's, as MediaWiki defers it.
        c.execute(
            "UPDATE recentchange SET id = (SELECT MAX(id) + 1 FROM recentchange) WHERE log = ?1 AND type = 'log'",
            [id],
        )
        .map_err(db_err)?;
    }
    Ok(())
}
