//! prop=revisions (ApiQueryRevisions, ApiQueryRevisionsBase): the latest revision of each page, the
//! revisions asked by id, or, on one page, a range of its history with continuation.

use super::pageset::PageSet;
use super::{limit, param14, ts14, Pages};
use crate::Wiki;
use mediawiki_api::prop;
use mediawiki_api::prop::{RevisionsItem, RevisionsItemSlots, RevisionsItemSlotsMain};
use mwgen_runtime::server::Context;
use mwgen_runtime::{ApiError, Warning};
use rusqlite::params;

/// A row of `revision`.
struct Rev {
    id: i64,
    page: i64,
    parent: i64,
    user: i64,
    user_text: String,
    timestamp: String,
    comment: String,
    minor: bool,
    content: String,
    model: String,
    format: String,
    size: i64,
    sha1: String,
    tags: String,
    /// `rev_deleted`'s bits.
    deleted: i64,
}

const REV_COLS: &str =
    "id, page, parent, user, user_text, timestamp, comment, minor, content, model, format, size, sha1, tags, deleted";

fn rev(r: &rusqlite::Row<'_>) -> rusqlite::Result<Rev> {
    Ok(Rev {
        id: r.get(0)?,
        page: r.get(1)?,
        parent: r.get(2)?,
        user: r.get(3)?,
        user_text: r.get(4)?,
        timestamp: r.get(5)?,
        comment: r.get(6)?,
        minor: r.get::<_, i64>(7)? != 0,
        content: r.get(8)?,
        model: r.get(9)?,
        format: r.get(10)?,
        size: r.get(11)?,
        sha1: r.get(12)?,
        tags: r.get(13)?,
        deleted: r.get(14)?,
    })
}

/// MediaWiki's text for the parameters of the list mode, with `p` the module's prefix.
fn list_params(p: &str) -> String {
    format!("\"{p}limit\", \"{p}startid\", \"{p}endid\", \"{p}dir=newer\", \"{p}user\", \"{p}excludeuser\", \"{p}start\", and \"{p}end\"")
}

/// prop=revisions over `set`, into `pages`; the continuation, if any (`rvcontinue`'s value).
pub(crate) fn revisions(
    w: &Wiki,
    r: &prop::Revisions,
    set: &PageSet,
    pages: &mut Pages,
    cx: &Context,
) -> Result<Option<String>, ApiError> {
    let Some((revs, cont)) = select(w, r, set, cx)? else { return Ok(None) };
    let mut props: Vec<&str> = r.prop.iter().map(|x| x.as_str()).collect();
    if props.is_empty() {
        props = vec!["ids", "timestamp", "flags", "comment", "user"];
    }
    let slots = !r.slots.is_empty();
    let needs_slots =
        props.iter().any(|p| matches!(*p, "content" | "contentmodel" | "slotsize" | "slotsha1"));
    if needs_slots && !slots {
        // ApiQueryRevisionsBase::parseParameters, once the page set and the list options passed.
        cx.warn(Warning {
            code: "deprecation".into(),
            text: "Because \"rvslots\" was not specified, a legacy format has been used for the output. This format is deprecated, and in the future the new format will always be used.".into(),
            module: "query+revisions".into(),
            data: Some(serde_json::json!({ "feature": "action=query&prop=revisions&!rvslots" })),
        });
    }
    let rights = w.rights(cx);
    for x in revs {
        let item = item(&props, slots, r.section.as_deref(), &x, &rights)?;
        if let Some(page) = pages.get_mut(&x.page) {
            page.revisions.get_or_insert_with(Vec::new).push(item);
        }
    }
    Ok(cont)
}

/// prop=revisions as a generator: the revision ids it selects, and its continuation.
pub(crate) fn generate(
    w: &Wiki,
    r: &prop::Revisions,
    set: &PageSet,
    cx: &Context,
) -> Result<(Vec<i64>, Option<String>), ApiError> {
    Ok(match select(w, r, set, cx)? {
        Some((revs, cont)) => (revs.iter().map(|x| x.id).collect(), cont),
        None => (Vec::new(), None),
    })
}

/// The revisions prop=revisions shows and its continuation (`None`: no pages to look at).
type Selected = Option<(Vec<Rev>, Option<String>)>;

/// The revisions prop=revisions shows (None: no pages), and its continuation.
fn select(w: &Wiki, r: &prop::Revisions, set: &PageSet, cx: &Context) -> Result<Selected, ApiError> {
    let p = "rv";
    let newer = r.dir.is_some_and(|d| d.as_str() == "newer");
    let enum_mode = r.user.is_some()
        || r.excludeuser.is_some()
        || r.limit.is_some()
        || r.startid.is_some()
        || r.endid.is_some()
        || newer
        || r.start.is_some()
        || r.end.is_some();
    if set.revids.is_empty() && set.good.is_empty() {
        return Ok(None);
    }
    if !set.revids.is_empty() && enum_mode {
        return Err(ApiError::new(
            "invalidparammix",
            format!("The \"revids\" parameter may not be used with the list options ({}).", list_params(p)),
        ));
    }
    if set.good.len() > 1 && enum_mode {
        return Err(ApiError::new(
            "invalidparammix",
            format!("\"titles\", \"pageids\" or a generator was used to supply multiple pages, but the {} parameters may only be used on a single page.", list_params(p)),
        ));
    }
    let content = r.prop.iter().any(|x| x.as_str() == "content");
    let mut cont = None;
    let revs: Vec<Rev> = if enum_mode {
        let Some(page) = set.good.keys().next().copied() else { return Ok(None) };
        let (max, high) = if content { (50, 500) } else { (500, 5000) };
        let n = limit(w, cx, "revisions", r.limit, 10, (max, high));
        let mut all: Vec<Rev> = w.query_db(|c| {
            let mut st = c.prepare_cached(&format!("SELECT {REV_COLS} FROM revision WHERE page = ?1"))?;
            let it = st.query_map([page], rev)?;
            it.collect()
        })?;
        all.sort_by_key(|a| (ts14(&a.timestamp), a.id));
        if !newer {
            all.reverse();
        }
        let bound = |id: Option<i64>, all: &[Rev]| {
            id.and_then(|id| all.iter().find(|x| x.id == id).map(|x| (ts14(&x.timestamp), x.id)))
        };
        let start = bound(r.startid, &all)
            .or(r.start.as_ref().map(|t| (param14(t.as_str()), if newer { 0 } else { i64::MAX })));
        let end = bound(r.endid, &all)
            .or(r.end.as_ref().map(|t| (param14(t.as_str()), if newer { i64::MAX } else { 0 })));
        let from = match r.r#continue.as_deref() {
            Some(c) => {
                let (ts, id) = c.split_once('|').ok_or_else(super::bad_continue)?;
                Some((ts.to_string(), id.parse::<i64>().map_err(|_| super::bad_continue())?))
            }
            None => None,
        };
        all.retain(|x| {
            let k = (ts14(&x.timestamp), x.id);
            let after = |b: &(String, i64)| if newer { k >= *b } else { k <= *b };
            let before = |b: &(String, i64)| if newer { k <= *b } else { k >= *b };
            start.as_ref().is_none_or(after)
                && end.as_ref().is_none_or(before)
                && from.as_ref().is_none_or(after)
                && r.user.as_ref().is_none_or(|u| u.as_str() == x.user_text)
                && r.excludeuser.as_ref().is_none_or(|u| u.as_str() != x.user_text)
        });
        if all.len() > n {
            let next = &all[n];
            cont = Some(format!("{}|{}", ts14(&next.timestamp), next.id));
            all.truncate(n);
        }
        all
    } else {
        let ids: Vec<i64> = if set.revids.is_empty() {
            set.good.values().map(|r| r.latest).collect()
        } else {
            set.revids.clone()
        };
        let mut out: Vec<Rev> = w.query_db(|c| {
            let mut st = c.prepare_cached(&format!("SELECT {REV_COLS} FROM revision WHERE id = ?1"))?;
            let mut v = Vec::new();
            for id in &ids {
                v.push(st.query_row(params![id], rev)?);
            }
            Ok(v)
        })?;
        out.sort_by_key(|x| x.id);
        out
    };
    Ok(Some((revs, cont)))
}

/// One revision as `rvprop` asks it; `slots`: whether `rvslots` was given (else the legacy format);
/// `section`: the section of the content to give.
/// A revision-deleted part is flagged (`userhidden`, …), and shown only to those who may see it;
/// `suppressed` when something is hidden from administrators too.
fn item(
    props: &[&str],
    slots: bool,
    section: Option<&str>,
    x: &Rev,
    rights: &[String],
) -> Result<RevisionsItem, ApiError> {
    use crate::visibility::{can_see, COMMENT, TEXT, USER};
    let has = |p: &str| props.contains(&p);
    let mut it = RevisionsItem::default();
    let hidden = |bit: i64| x.deleted & bit != 0;
    let see = |bit: i64| can_see(rights, x.deleted, bit);
    let mut any_hidden = false;
    if has("ids") {
        it.revid = Some(x.id);
        it.parentid = Some(x.parent);
    }
    if has("flags") {
        it.minor = Some(x.minor);
    }
    if (has("user") || has("userid")) && hidden(USER) {
        it.userhidden = Some(true);
        any_hidden = true;
    }
    if (has("user") || has("userid")) && see(USER) {
        if has("user") {
            it.user = Some(x.user_text.clone());
        }
        if x.user == 0 {
            it.anon = Some(true);
        }
        if has("userid") {
            it.userid = Some(x.user);
        }
    }
    if has("timestamp") {
        it.timestamp = Some(x.timestamp.clone());
    }
    if has("size") {
        it.size = Some(x.size);
    }
    if has("sha1") {
        if hidden(TEXT) {
            it.sha1hidden = Some(true);
            any_hidden = true;
        }
        if see(TEXT) {
            it.sha1 = Some(x.sha1.clone());
        }
    }
    if has("roles") {
        it.roles = Some(vec!["main".into()]);
    }
    let content = has("content");
    let text_shown = see(TEXT);
    // A missing section: flagged on the slot, or an error in the legacy format.
    let text = match (content, section) {
        (true, Some(s)) => match get_section(&x.content, s) {
            Some(t) => Some(t),
            None if slots => None,
            None => {
                return Err(ApiError::new(
                    "nosuchsection",
                    format!("There is no section {s} in revision {}.", x.id),
                ))
            }
        },
        _ => Some(x.content.clone()),
    };
    let need_slots = content || has("contentmodel") || has("slotsize") || has("slotsha1");
    if need_slots {
        let format = serde_json::from_value(serde_json::Value::String(x.format.clone())).ok();
        if slots {
            let mut main = RevisionsItemSlotsMain::default();
            if has("slotsize") {
                main.size = Some(x.size);
            }
            if has("slotsha1") {
                if hidden(TEXT) {
                    main.sha1hidden = Some(true);
                }
                if text_shown {
                    main.sha1 = Some(x.sha1.clone());
                }
            }
            if has("contentmodel") {
                main.contentmodel = Some(x.model.clone());
            }
            if content && hidden(TEXT) {
                main.texthidden = Some(true);
                any_hidden = true;
            }
            match (content, &text) {
                (true, _) if !text_shown => {}
                (true, Some(text)) => {
                    main.contentmodel = Some(x.model.clone());
                    main.contentformat = format;
                    main.content = Some(text.clone());
                }
                (true, None) => {
                    main.nosuchsection = Some(true);
                }
                _ => {}
            }
            it.slots = Some(RevisionsItemSlots { main, extra: Default::default() });
        } else {
            if has("contentmodel") {
                it.contentmodel = Some(x.model.clone());
            }
            if content && hidden(TEXT) {
                it.texthidden = Some(true);
                any_hidden = true;
            }
            if content && text_shown {
                it.contentformat = serde_json::from_value(serde_json::Value::String(x.format.clone())).ok();
                it.contentmodel = Some(x.model.clone());
                it.content = text;
            }
        }
    }
    if (has("comment") || has("parsedcomment")) && hidden(COMMENT) {
        it.commenthidden = Some(true);
        any_hidden = true;
    }
    if has("comment") && see(COMMENT) {
        it.comment = Some(x.comment.clone());
    }
    if has("parsedcomment") && see(COMMENT) {
        it.parsedcomment = Some(super::escape(&x.comment));
    }
    if has("tags") {
        it.tags = Some(x.tags.split(',').filter(|t| !t.is_empty()).map(String::from).collect());
    }
    if any_hidden && x.deleted & crate::visibility::RESTRICTED != 0 {
        it.suppressed = Some(true);
    }
    Ok(it)
}

/// A heading line's level (`== x ==` is 2), if the line is one.
fn heading(line: &str) -> Option<usize> {
    let l = line.trim_end();
    let open = l.chars().take_while(|c| *c == '=').count();
    let close = l.chars().rev().take_while(|c| *c == '=').count();
    (open > 0 && close > 0 && l.len() > open.min(close) * 2).then(|| open.min(close).min(6))
}

/// Section `s` of wikitext: 0 is what comes before the first heading; `n` the `n`th heading
/// down to the next heading of its level or above.
fn get_section(text: &str, s: &str) -> Option<String> {
    let n: usize = s.parse().ok()?;
    let lines: Vec<&str> = text.split('\n').collect();
    let heads: Vec<(usize, usize)> =
        lines.iter().enumerate().filter_map(|(i, l)| heading(l).map(|h| (i, h))).collect();
    let (from, to) = if n == 0 {
        (0, heads.first().map_or(lines.len(), |h| h.0))
    } else {
        let &(at, level) = heads.get(n - 1)?;
        let end = heads.iter().skip(n).find(|h| h.1 <= level).map_or(lines.len(), |h| h.0);
        (at, end)
    };
    Some(lines[from..to].join("\n").trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::get_section;

    #[test]
    fn sections_run_to_the_next_heading_of_their_level() {
        let text = "intro\n\n== A ==\na\n=== A1 ===\na1\n== B ==\nb\n";
        assert_eq!(get_section(text, "0").as_deref(), Some("intro"));
        assert_eq!(get_section(text, "1").as_deref(), Some("== A ==\na\n=== A1 ===\na1"));
        assert_eq!(get_section(text, "2").as_deref(), Some("=== A1 ===\na1"));
        assert_eq!(get_section(text, "3").as_deref(), Some("== B ==\nb"));
        assert_eq!(get_section(text, "4"), None);
        assert_eq!(get_section(text, "new"), None);
    }
}
