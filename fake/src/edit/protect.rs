//! `action=protect`, `action=purge` and `action=watch`, as ApiProtect, ApiPurge and ApiWatch
//! answer. A protection replaces every restriction of the page (types not given are lifted),
//! writes a `protect` log entry (`protect`, `modify` or `unprotect`, with the details list=logevents
//! shows) and, on an existing page, a null revision with MediaWiki's comment. Purge changes nothing
//! here (there is no cache); watch writes the `watch` table (the subject and its talk page).

use super::store::{self, NewRev};
use super::{
    caller, check_tags, content_of, db_err, denied, log, page_at, set_watch, title_or_pageid, watch_decision,
    ADMINS,
};
use crate::time::{formatted, iso, now_secs, parse_expiry, Expiry};
use crate::title::Title;
use crate::Wiki;
use mediawiki_api::action;
use mwgen_runtime::response::{Envelope, Flag};
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::params;
use serde_json::{json, Value};

/// `action=protect`.
pub(crate) async fn protect(w: &Wiki, req: action::Protect, cx: &Context) -> Typed<action::ProtectResponse> {
    let (title, page) = title_or_pageid(w, &req.page)?;
    let who = caller(w, cx);
    if !who.can("protect") {
        return Err(denied(ADMINS));
    }
    check_tags(w, &req.tags)?;
    let expiries: Vec<String> =
        if req.expiry.is_empty() { vec!["infinite".into()] } else { req.expiry.clone() };
    let n = req.protections.len();
    if expiries.len() != n && expiries.len() != 1 {
        return Err(ApiError::new(
            "toofewexpiries",
            format!(
                "{} expiry {} provided where {n} {} needed.",
                expiries.len(),
                if expiries.len() == 1 { "timestamp was" } else { "timestamps were" },
                if n == 1 { "was" } else { "were" }
            ),
        ));
    }
    let now = now_secs();
    let types: &[&str] = if page.is_some() { &["edit", "move"] } else { &["create"] };
    let mut set: Vec<(String, String, Option<i64>)> = Vec::new();
    for (i, p) in req.protections.iter().filter(|p| !p.is_empty()).enumerate() {
        let (kind, level) = p.split_once('=').unwrap_or((p.as_str(), ""));
        if !types.contains(&kind) {
            if page.is_none() && matches!(kind, "edit" | "move" | "upload") {
                return Err(ApiError::new(
                    "missingtitle-createonly",
                    "Missing titles can only be protected with \"create\".",
                ));
            }
            return Err(ApiError::new(
                "protect-invalidaction",
                format!("Invalid protection type \"{kind}\"."),
            ));
        }
        let level = if level == "all" { "" } else { level };
        if !matches!(level, "" | "autoconfirmed" | "sysop") {
            return Err(ApiError::new(
                "protect-invalidlevel",
                format!("Invalid protection level \"{level}\"."),
            ));
        }
        let raw = expiries.get(i).or(expiries.first()).map_or("infinite", String::as_str);
        let exp = match parse_expiry(raw, now) {
            Some(Expiry::At(t)) => Some(t),
            Some(Expiry::Infinite) => None,
            None => return Err(ApiError::new("invalidexpiry", format!("Invalid expiry time \"{raw}\"."))),
        };
        if exp.is_some_and(|e| e < now) {
            return Err(ApiError::new("pastexpiry", format!("Expiry time \"{raw}\" is in the past.")));
        }
        set.push((kind.to_string(), level.to_string(), exp));
    }
    let reason = req.reason.clone().unwrap_or_default();
    // Only a protection of edits to administrators may cascade ($wgCascadingRestrictionLevels).
    let cascade = req.cascade && set.iter().any(|(k, l, _)| k == "edit" && l == "sysop");
    let watch = w.query_db(|c| watch_decision(c, &who, &title, req.watchlist, true))?;
    let site = w.site();
    let stamp = crate::util::now();
    w.transaction(|tx| {
        let had: i64 = tx
            .query_row("SELECT COUNT(*) FROM protection WHERE ns = ?1 AND title = ?2", params![title.ns, title.text], |r| {
                r.get(0)
            })
            .map_err(db_err)?;
        tx.execute("DELETE FROM protection WHERE ns = ?1 AND title = ?2", params![title.ns, title.text]).map_err(db_err)?;
        let kept: Vec<&(String, String, Option<i64>)> = set.iter().filter(|(_, l, _)| !l.is_empty()).collect();
        for (kind, level, exp) in &kept {
            tx.execute(
                "INSERT INTO protection (ns, title, type, level, expiry, cascade) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![title.ns, title.text, kind, level, exp.map_or_else(|| "infinite".to_string(), iso), cascade as i64],
            )
            .map_err(db_err)?;
        }
        let (action, verb) = if kept.is_empty() {
            ("unprotect", "Removed protection from")
        } else if had > 0 {
            ("modify", "Changed protection settings for")
        } else {
            ("protect", "Protected")
        };
        let expiry_text = |e: &Option<i64>| match e {
            None => "indefinite".to_string(),
            Some(s) => format!("expires {} (UTC)", formatted(*s)),
        };
        let params = if kept.is_empty() {
            json!({})
        } else {
            let description: String =
                kept.iter().map(|(k, l, e)| format!("\u{200e}[{k}={l}] ({})", expiry_text(e))).collect();
            let details: Vec<Value> = kept
                .iter()
                .map(|(k, l, e)| {
                    let mut d = json!({ "type": k, "level": l, "expiry": e.map_or_else(|| "infinite".to_string(), iso) });
                    if page.is_some() {
                        d["cascade"] = json!(cascade && k == "edit");
                    }
                    d
                })
                .collect();
            json!({ "description": description, "cascade": cascade, "details": details })
        };
        let page_id = page.as_ref().map_or(0, |p| p.id);
        log(tx, ("protect", action), &who, &title, page_id, &reason, params, &stamp).map_err(db_err)?;
        if let Some(p) = &page {
            let mut comment = format!("{verb} \"[[{}]]\"", title.full(site));
            if !reason.is_empty() {
                comment.push_str(": ");
                comment.push_str(&reason);
            }
            if !kept.is_empty() {
                let parts: Vec<String> = kept
                    .iter()
                    .map(|(k, l, e)| format!("[{}={}] ({})", capitalize(k), level_text(l), expiry_text(e)))
                    .collect();
                comment.push_str(&format!(" ({})", parts.join(" ")));
            }
            if cascade {
                comment.push_str(" [cascading]");
            }
            let content = content_of(tx, p.latest).map_err(db_err)?;
            let null = NewRev {
                title: &title,
                page: Some(p),
                content: &content,
                model: &p.model,
                comment: &comment,
                minor: true,
                bot: false,
                user: &who,
                null: true,
                now: &stamp,
            };
            store::save(tx, site, &null).map_err(db_err)?;
        }
        if let Some(on) = watch {
            set_watch(tx, who.id, &title, on, None).map_err(db_err)?;
        }
        Ok(())
    })?;
    let protections = set
        .iter()
        .map(|(k, l, e)| {
            let mut p = action::ProtectProtections {
                expiry: e.map_or_else(|| "infinite".to_string(), iso),
                ..Default::default()
            };
            match k.as_str() {
                "edit" => p.edit = Some(l.clone()),
                "move" => p.r#move = Some(l.clone()),
                other => {
                    p.extra.insert(other.to_string(), json!(l));
                }
            }
            p
        })
        .collect();
    let mut answer =
        action::ProtectResponse { title: title.full(site), reason, protections, ..Default::default() };
    if cascade {
        answer.extra.insert("cascade".into(), json!(true));
    }
    Ok(answer.into())
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn level_text(level: &str) -> &'static str {
    match level {
        "sysop" => "Allow only administrators",
        "autoconfirmed" => "Allow only autoconfirmed users",
        _ => "Allow all users",
    }
}

/// The titles of a purge or watch request, in ApiPageSet's order of output: invalid ones, missing
/// ones, then existing pages by namespace and title. `None` when the request uses what the fake
/// does not resolve (`revids`, a generator).
struct PageSet {
    normalized: Vec<Value>,
    invalid: Vec<Value>,
    missing: Vec<Title>,
    existing: Vec<Title>,
}

fn page_set(w: &Wiki, titles: &[String], pageids: &[i64]) -> Result<PageSet, ApiError> {
    let site = w.site();
    let mut set = PageSet { normalized: vec![], invalid: vec![], missing: vec![], existing: vec![] };
    for raw in titles {
        match Title::parse(site, raw, 0) {
            Err(e) => {
                set.invalid.push(json!({ "title": raw, "invalid": true, "invalidreason": e.reason(raw) }))
            }
            Ok(t) => {
                let full = t.full(site);
                if &full != raw {
                    set.normalized.push(json!({ "fromencoded": false, "from": raw, "to": full }));
                }
                if w.query_db(|c| page_at(c, &t))?.is_some() {
                    if !set.existing.contains(&t) {
                        set.existing.push(t);
                    }
                } else if !set.missing.contains(&t) {
                    set.missing.push(t);
                }
            }
        }
    }
    for id in pageids {
        match w.query_db(|c| super::page_by_id(c, *id))? {
            Some(p) => {
                let t = p.title();
                if !set.existing.contains(&t) {
                    set.existing.push(t);
                }
            }
            None => set.invalid.push(json!({ "pageid": id, "missing": true })),
        }
    }
    set.existing.sort();
    Ok(set)
}

/// An invalid title's item: its title in the typed field, the rest (`invalid`, `invalidreason`,
/// or a missing `pageid`) beside it. The typed items always write `ns` (0 here), which MediaWiki
/// leaves out for invalid titles.
fn fill_invalid(v: &Value, title: &mut String, extra: &mut serde_json::Map<String, Value>) {
    if let Value::Object(o) = v {
        for (k, x) in o {
            match (k.as_str(), x) {
                ("title", Value::String(t)) => *title = t.clone(),
                _ => {
                    extra.insert(k.clone(), x.clone());
                }
            }
        }
    }
}

fn envelope<T: Default>(body: T, normalized: Vec<Value>) -> Envelope<T> {
    let mut env = Envelope { body: Some(body), batchcomplete: Some(Flag::True), ..Default::default() };
    if !normalized.is_empty() {
        env.extra.insert("normalized".into(), Value::Array(normalized));
    }
    env
}

/// `action=purge` (titles and pageids; `revids` and generators answer as the stub does).
pub(crate) async fn purge(w: &Wiki, req: action::Purge, cx: &Context) -> Typed<action::PurgeResponse> {
    if !req.revids.is_empty() || req.generator.is_some() {
        return w.not_answered(req, cx);
    }
    let set = page_set(w, &req.titles, &req.pageids)?;
    let site = w.site();
    let mut items = Vec::new();
    for v in &set.invalid {
        let mut item = action::PurgeItem::default();
        fill_invalid(v, &mut item.title, &mut item.extra);
        items.push(item);
    }
    for t in &set.missing {
        items.push(action::PurgeItem {
            ns: t.ns,
            title: t.full(site),
            missing: Some(true),
            ..Default::default()
        });
    }
    for t in &set.existing {
        let linkupdate = (req.forcelinkupdate || req.forcerecursivelinkupdate).then_some(true);
        items.push(action::PurgeItem {
            ns: t.ns,
            title: t.full(site),
            purged: Some(true),
            linkupdate,
            ..Default::default()
        });
    }
    let body = action::PurgeResponse { purge: Some(items), ..Default::default() };
    Ok(mwgen_runtime::server::Answered::Whole(Box::new(envelope(body, set.normalized))))
}

/// `action=watch` (titles and pageids; `revids` and generators answer as the stub does).
#[allow(deprecated)] // `watch`/`unwatch`/`title` are deprecated, and still honoured
pub(crate) async fn watch(w: &Wiki, req: action::Watch, cx: &Context) -> Typed<action::WatchResponse> {
    if !req.revids.is_empty() || req.generator.is_some() || req.title.is_some() {
        return w.not_answered(req, cx);
    }
    let who = caller(w, cx);
    if who.id == 0 {
        return Err(ApiError::new("notloggedin", "Please log in to edit your watchlist."));
    }
    let set = page_set(w, &req.titles, &req.pageids)?;
    let site = w.site();
    let mut items = Vec::new();
    for v in &set.invalid {
        let mut item = action::WatchItem::default();
        fill_invalid(v, &mut item.title, &mut item.extra);
        items.push(item);
    }
    let on = !req.unwatch;
    w.transaction(|tx| {
        for (t, missing) in
            set.missing.iter().map(|t| (t, true)).chain(set.existing.iter().map(|t| (t, false)))
        {
            set_watch(tx, who.id, t, on, None).map_err(db_err)?;
            items.push(action::WatchItem {
                title: t.full(site),
                ns: t.ns,
                watched: on.then_some(true),
                unwatched: (!on).then_some(true),
                missing: missing.then_some(true),
                ..Default::default()
            });
        }
        Ok(())
    })?;
    let body = action::WatchResponse { watch: Some(items), ..Default::default() };
    // ApiWatch shows no `normalized`.
    Ok(mwgen_runtime::server::Answered::Whole(Box::new(envelope(body, Vec::new()))))
}
