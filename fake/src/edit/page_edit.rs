//! `action=edit`, in ApiEditPage's order of checks, then EditPage's save: create, replace,
//! `appendtext`/`prependtext`, `section=new` and `section=N`, `createonly`/`nocreate`, edit
//! conflicts (`basetimestamp`, `baserevid`, `starttimestamp` against a deletion), `nochange`,
//! minor and bot flags, the redirect-following mode, the content model, the watchlist, and the
//! automatic summary.
//!
//! `undo` undoes the latest revisions (`undo` the latest, back to `undoafter` or its parent);
//! undoing older revisions would need a three-way merge and fails with `undofailure`.
//!
//! Not done: three-way merges of conflicting edits (every conflict that MediaWiki would try to merge is a
//! conflict here), signatures and `subst:` (the pre-save transform only trims trailing spaces).

use super::store::{self, NewRev};
use super::{
    caller, check_tags, content_of, db_err, page_at, set_watch, title_or_pageid, watch_decision, Caller,
};
use crate::title::Title;
use crate::{wikitext, Wiki};
use mediawiki_api::action::{self, EditContentmodel};
use mwgen_runtime::response::Envelope;
use mwgen_runtime::server::{Answered, Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::{params, OptionalExtension};

/// `action=edit`.
#[allow(deprecated)] // `watch`/`unwatch`/`title` are deprecated, and still honoured
pub(crate) async fn edit(w: &Wiki, mut req: action::Edit, cx: &Context) -> Typed<action::EditResponse> {
    if req.text.is_none() && req.appendtext.is_none() && req.prependtext.is_none() && req.undo.is_none() {
        return Err(ApiError::new(
            "missingparam",
            "At least one of the parameters \"text\", \"appendtext\", \"prependtext\" and \"undo\" is required.",
        ));
    }
    let who = caller(w, cx);
    let (mut title, mut page) = title_or_pageid(w, &req.page)?;
    let mut redirects = None;
    if req.redirect {
        if req.prependtext.is_none() && req.appendtext.is_none() && req.section.as_deref() != Some("new") {
            return Err(ApiError::new(
                "redirect-appendonly",
                "You have attempted to edit using the redirect-following mode, which must be used in conjunction with \"section=new\", \"prependtext\", or \"appendtext\".",
            ));
        }
        if let Some(p) = page.as_ref().filter(|p| p.redirect) {
            let text = w.query_db(|c| content_of(c, p.latest))?;
            if let Some(target) = store::redirect_of(w.site(), &p.model, &text) {
                redirects = Some(serde_json::json!({
                    "from": title.full(w.site()),
                    "to": target.full(w.site()),
                }));
                page = w.query_db(|c| page_at(c, &target))?;
                title = target;
            }
        }
    }
    let model = match req.contentmodel {
        Some(m) => m.as_str().to_string(),
        None => page.as_ref().map_or_else(|| store::default_model(&title).to_string(), |p| p.model.clone()),
    };
    if req.createonly && page.is_some() {
        return Err(ApiError::new(
            "articleexists",
            "The article you tried to create has been created already.",
        ));
    }
    if req.nocreate && page.is_none() {
        return Err(ApiError::new("missingtitle", "The page you specified doesn't exist."));
    }
    check_permissions(w, &who, &title, page.is_none())?;
    w.ping_limiter(cx, "edit", "edit")?;
    let current = match &page {
        Some(p) => Some(w.query_db(|c| content_of(c, p.latest))?),
        None => None,
    };
    let mut undone = false;
    if let Some(undo) = req.undo.filter(|u| *u > 0) {
        let (text, summary) = undo_text(w, undo, req.undoafter.filter(|u| *u > 0), page.as_ref(), &title)?;
        req.text = Some(text);
        if req.summary.is_none() {
            req.summary = summary;
        }
        undone = true;
    }
    if let Some(md5) = &req.md5 {
        let hashed = match (&req.appendtext, &req.prependtext) {
            (None, None) => req.text.clone().unwrap_or_default(),
            (a, p) => format!("{}{}", p.as_deref().unwrap_or(""), a.as_deref().unwrap_or("")),
        };
        if crate::md5::hex(hashed.as_bytes()) != md5.to_ascii_lowercase() {
            return Err(ApiError::new("badmd5", "The supplied MD5 hash was incorrect."));
        }
    }
    let section = req.section.as_deref();
    if let Some(s) = section {
        if !valid_section(s) {
            return Err(ApiError::new(
                "invalidsection",
                "The \"section\" parameter must be a valid section ID or \"new\".",
            ));
        }
        if s != "0" && s != "new" {
            let n: usize = s.parse().unwrap_or(usize::MAX);
            if current.as_deref().and_then(|t| wikitext::section_range(t, n)).is_none() {
                return Err(ApiError::new("nosuchsection", format!("There is no section {s}.")));
            }
        }
    }
    check_tags(w, &req.tags)?;
    super::may_apply(&who, &req.tags)?;
    // `watchdefault` and `watchcreations` are on by default.
    let watch = w.query_db(|c| watch_decision(c, &who, &title, req.watchlist, true))?;
    let watch = if req.watch {
        Some(true)
    } else if req.unwatch {
        Some(false)
    } else {
        watch
    };
    if req.contentmodel.is_none() {
        if let Some(p) = &page {
            if p.model != model {
                return Err(ApiError::new(
                    "contentmodel-mismatch",
                    format!("The content you supplied is of \"{model}\" content model while the current revision of the page is of \"{}\" content model.", p.model),
                ));
            }
        }
    }
    // EditPage::attemptSave.
    let old = current.as_deref().unwrap_or("");
    let body = req.text.as_deref().unwrap_or("");
    let mut summary = req.summary.clone().unwrap_or_default();
    let new_text = if req.appendtext.is_some() || req.prependtext.is_some() {
        let (pre, app) = (req.prependtext.as_deref().unwrap_or(""), req.appendtext.as_deref().unwrap_or(""));
        match section {
            Some("new") => new_section(old, &format!("{pre}{app}"), &req, &mut summary)?,
            Some(s) if s != "0" || current.is_some() => {
                replace_section(old, s, &|sec: &str| format!("{pre}{sec}{app}"))
            }
            _ => format!("{pre}{old}{app}"),
        }
    } else {
        match section {
            Some("new") => new_section(old, body, &req, &mut summary)?,
            Some(s) if current.is_some() => replace_section(old, s, &|_| body.to_string()),
            _ => body.to_string(),
        }
    };
    let new_text = store::pre_save(&model, new_text.trim_end().to_string());
    if page.is_some() {
        // An injected edit conflict (the `editconflict` fault) answers as a real one does.
        if w.faults().take_edit_conflict() {
            return Err(ApiError::new("editconflict", "Edit conflict."));
        }
        check_conflict(w, &req, &who, page.as_ref().map_or(0, |p| p.id), section)?;
    } else if let Some(start) = req.starttimestamp.as_ref() {
        if !req.recreate && deleted_since(w, &title, start.as_str())? {
            return Err(ApiError::new(
                "pagedeleted",
                "The page has been deleted since you fetched its timestamp.",
            ));
        }
    }
    let now = crate::util::now();
    let site = w.site();
    let mut answer = action::EditResponse {
        result: action::EditResult::Success,
        title: title.full(site),
        contentmodel: response_model(&model),
        ..Default::default()
    };
    let unchanged =
        current.as_deref() == Some(new_text.as_str()) && page.as_ref().is_some_and(|p| p.model == model);
    let saved = w.transaction(|tx| {
        let out = if unchanged {
            None
        } else {
            if summary.is_empty() {
                let old_pair = page.as_ref().map(|p| (p.model.as_str(), old));
                summary = store::autosummary(site, old_pair, (&model, &new_text));
            }
            let minor = req.minor && page.is_some() && who.can("minoredit");
            let rev = NewRev {
                title: &title,
                page: page.as_ref(),
                content: &new_text,
                model: &model,
                comment: &summary,
                minor,
                bot: req.bot && who.can("bot"),
                user: &who,
                null: false,
                now: &now,
            };
            let saved = store::save(tx, site, &rev).map_err(db_err)?;
            // The caller's tags, then MediaWiki's own for an undo.
            let mut tags: Vec<&str> = req.tags.iter().map(String::as_str).collect();
            if undone {
                tags.push("mw-undo");
            }
            super::tags::add_to_revision(tx, saved.rev, saved.log, &tags).map_err(db_err)?;
            log_model_change(
                tx,
                &who,
                &title,
                saved.page,
                page.as_ref().map(|p| p.model.as_str()),
                &model,
                &now,
            )?;
            Some(saved)
        };
        if let Some(on) = watch {
            set_watch(tx, who.id, &title, on, None).map_err(db_err)?;
        }
        Ok(out)
    })?;
    match saved {
        None => {
            answer.pageid = page.as_ref().map_or(0, |p| p.id);
            answer.nochange = Some(true);
        }
        Some(s) => {
            answer.pageid = s.page;
            if page.is_none() {
                answer.new = Some(true);
            }
            answer.oldrevid = Some(page.as_ref().map_or(0, |p| p.latest));
            answer.newrevid = Some(s.rev);
            answer.newtimestamp = Some(now.clone());
        }
    }
    if watch == Some(true) {
        answer.watched = Some(true);
    }
    match redirects {
        None => Ok(answer.into()),
        Some(r) => {
            let mut env = Envelope { body: Some(answer), ..Default::default() };
            env.extra.insert("redirects".into(), r);
            Ok(Answered::Whole(Box::new(env)))
        }
    }
}

/// The text an undo gives (the content before the undone revisions, when they are the latest
/// ones), and its automatic summary when one revision is undone.
fn undo_text(
    w: &Wiki,
    undo: i64,
    after: Option<i64>,
    page: Option<&super::PageRow>,
    title: &Title,
) -> Result<(String, Option<String>), ApiError> {
    let nosuchrevid = |id: i64| ApiError::new("nosuchrevid", format!("There is no revision with ID {id}."));
    let rev = |id: i64| -> Result<Option<(i64, i64, String)>, ApiError> {
        w.query_db(|c| {
            c.prepare_cached("SELECT page, parent, user_text FROM revision WHERE id = ?1")
                .and_then(|mut st| st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
                .optional()
        })
    };
    let (undo_page, parent, undo_user) = rev(undo)?.ok_or_else(|| nosuchrevid(undo))?;
    let given = after;
    let after = after.unwrap_or(parent);
    // MediaWiki names the `undoafter` it was given (nothing, when it took the parent).
    let (after_page, _, _) = rev(after)?.ok_or_else(|| {
        ApiError::new(
            "nosuchrevid",
            format!("There is no revision with ID {}.", given.map_or(String::new(), |g| g.to_string())),
        )
    })?;
    let page_id = page.map_or(0, |p| p.id);
    for (id, p) in [(undo, undo_page), (after, after_page)] {
        if p != page_id {
            return Err(ApiError::new(
                "revwrongpage",
                format!("r{id} is not a revision of {}.", title.full(w.site())),
            ));
        }
    }
    if page.map(|p| p.latest) != Some(undo) {
        return Err(ApiError::new(
            "undofailure",
            "The edit could not be undone due to conflicting intermediate edits.",
        ));
    }
    let text = w.query_db(|c| content_of(c, after))?;
    let next: Option<i64> = w.query_db(|c| {
        c.prepare_cached("SELECT MIN(id) FROM revision WHERE page = ?1 AND id > ?2")
            .and_then(|mut st| st.query_row([page_id, after], |r| r.get(0)))
    })?;
    let summary = (next == Some(undo)).then(|| {
        format!("Undo revision {undo} by [[Special:Contributions/{undo_user}|{undo_user}]] ([[User talk:{undo_user}|talk]])")
    });
    Ok((text, summary))
}

/// Whether `s` is a section MediaWiki accepts (`^((T-)?\d+|new)$`).
fn valid_section(s: &str) -> bool {
    let digits = s.strip_prefix("T-").unwrap_or(s);
    s == "new" || (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// The text with a new section at its end, and the summary MediaWiki writes for it.
fn new_section(old: &str, body: &str, req: &action::Edit, summary: &mut String) -> Result<String, ApiError> {
    let heading = req
        .sectiontitle
        .clone()
        .filter(|t| !t.is_empty())
        .or_else(|| req.summary.clone().filter(|s| !s.is_empty()));
    if body.trim().is_empty() {
        return Err(match heading {
            None => ApiError::new("missingcommenttext", "Please enter a comment."),
            Some(_) => ApiError::new("emptynewsection", "Creating empty new sections is not possible."),
        });
    }
    let section = match &heading {
        Some(h) => format!("== {h} ==\n\n{body}"),
        None => body.to_string(),
    };
    if let Some(h) = &heading {
        if req.sectiontitle.as_deref().is_some_and(|t| !t.is_empty())
            && req.summary.as_deref().is_some_and(|s| !s.is_empty())
        {
            // An explicit summary stays as given.
        } else {
            *summary = format!("/* {h} */ new section");
        }
    }
    Ok(if old.is_empty() { section } else { format!("{}\n\n{section}", old.trim_end()) })
}

/// `old` with section `s` replaced by what `f` makes of it.
fn replace_section(old: &str, s: &str, f: &dyn Fn(&str) -> String) -> String {
    let n: usize = s.parse().unwrap_or(usize::MAX);
    match wikitext::section_range(old, n) {
        Some((a, b)) => {
            let replaced = f(old[a..b].trim_end());
            let rest = &old[b..];
            if rest.is_empty() {
                format!("{}{replaced}", &old[..a])
            } else {
                format!("{}{}\n\n{rest}", &old[..a], replaced.trim_end())
            }
        }
        None => f(old),
    }
}

/// The caller's right to edit (and to create) `t`, and the page's protection.
fn check_permissions(w: &Wiki, who: &Caller, t: &Title, create: bool) -> Result<(), ApiError> {
    let right = if !create {
        "edit"
    } else if t.ns % 2 == 1 {
        "createtalk"
    } else {
        "createpage"
    };
    if !who.can("edit") || !who.can(right) {
        return Err(ApiError::new(
            "permissiondenied",
            format!("You do not have permission to {}, for the following reason:\n\nThe action you have requested is limited to users in the group: [[Mwgen test wiki:Users|Users]].", if create { "create this page" } else { "edit this page" }),
        ));
    }
    let kind = if create { "create" } else { "edit" };
    let level: Option<String> = w.query_db(|c| {
        c.prepare_cached("SELECT level FROM protection WHERE ns = ?1 AND title = ?2 AND type = ?3")
            .and_then(|mut st| st.query_row(params![t.ns, t.text, kind], |r| r.get(0)))
            .optional()
    })?;
    let needed = match level.as_deref() {
        Some("sysop") => Some("editprotected"),
        Some("autoconfirmed") => Some("editsemiprotected"),
        _ => None,
    };
    if needed.is_some_and(|r| !who.can(r)) {
        return Err(ApiError::new(
            "protectedpage",
            "This page has been protected to prevent editing or other actions.",
        ));
    }
    Ok(())
}

/// EditPage's conflict check: the base (`basetimestamp`, `baserevid`) is not the latest revision,
/// and the change is not a new section nor a whole-page edit by the only editor since the base.
fn check_conflict(
    w: &Wiki,
    req: &action::Edit,
    who: &Caller,
    page: i64,
    section: Option<&str>,
) -> Result<(), ApiError> {
    let (latest, ts): (i64, String) = w.query_db(|c| {
        c.prepare_cached("SELECT id, timestamp FROM revision WHERE page = ?1 ORDER BY id DESC LIMIT 1")
            .and_then(|mut st| st.query_row([page], |r| Ok((r.get(0)?, r.get(1)?))))
    })?;
    let secs = mwgen_runtime::timestamp::seconds;
    let base =
        req.basetimestamp.as_ref().map(|b| b.as_str()).filter(|b| !b.is_empty() && *b != "0" && *b != "now");
    let by_time = base.is_some_and(|b| secs(b) != secs(&ts));
    let by_rev = req.baserevid.is_some_and(|r| r != 0 && r != latest);
    if !(by_time || by_rev) || section == Some("new") {
        return Ok(());
    }
    if section.is_none() && who.id != 0 {
        if let Some(b) = base.and_then(secs) {
            let others: i64 = w.query_db(|c| {
                let mut st = c.prepare_cached("SELECT timestamp, user FROM revision WHERE page = ?1")?;
                let rows = st.query_map([page], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
                let mut n = 0;
                for row in rows {
                    let (t, u) = row?;
                    if secs(&t).is_some_and(|t| t >= b) && u != who.id {
                        n += 1;
                    }
                }
                Ok(n)
            })?;
            if others == 0 {
                return Ok(());
            }
        }
    }
    Err(ApiError::new("editconflict", "Edit conflict."))
}

/// Whether `t` was deleted at or after `start`.
fn deleted_since(w: &Wiki, t: &Title, start: &str) -> Result<bool, ApiError> {
    let Some(start) = mwgen_runtime::timestamp::seconds(start) else { return Ok(false) };
    let times: Vec<String> = w.query_db(|c| {
        let mut st = c.prepare_cached(
            "SELECT timestamp FROM logging WHERE type = 'delete' AND action = 'delete' AND ns = ?1 AND title = ?2",
        )?;
        let rows = st.query_map(params![t.ns, t.text], |r| r.get(0))?;
        rows.collect()
    })?;
    Ok(times.iter().any(|x| mwgen_runtime::timestamp::seconds(x).is_some_and(|x| x >= start)))
}

/// The `contentmodel` log entry of a page created with, or changed to, a model other than its
/// default one.
fn log_model_change(
    tx: &rusqlite::Connection,
    who: &Caller,
    t: &Title,
    page: i64,
    old: Option<&str>,
    new: &str,
    now: &str,
) -> Result<(), ApiError> {
    let (action, params) = match old {
        None if new != store::default_model(t) => {
            ("new", serde_json::json!({ "oldmodel": false, "newmodel": new }))
        }
        Some(o) if o != new => ("change", serde_json::json!({ "oldmodel": o, "newmodel": new })),
        _ => return Ok(()),
    };
    super::log(tx, ("contentmodel", action), who, t, page, "", params, now).map_err(db_err)?;
    Ok(())
}

/// The answer's `contentmodel`.
pub(crate) fn response_model(model: &str) -> EditContentmodel {
    match model {
        "css" => EditContentmodel::Css,
        "javascript" => EditContentmodel::Javascript,
        "json" => EditContentmodel::Json,
        "text" => EditContentmodel::Text,
        "wikitext" => EditContentmodel::Wikitext,
        other => EditContentmodel::Other(other.to_string()),
    }
}
