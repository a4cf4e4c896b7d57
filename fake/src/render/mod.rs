//! The fake's answers for compare and parse.
//!
//! `compare` diffs two texts or revisions line by line into MediaWiki's diff-table HTML
//! ([`diff`]). `parse` reads links, templates, categories and sections from wikitext
//! ([`crate::wikitext`]) and renders a plain HTML ([`html`], whose docs say what it does not
//! render).
//!
//! Both give their modules' own warnings as 1.39 does: compare's "No content model could be
//! determined, assuming wikitext." and its `torelative` ends, parse's "No "title" or
//! "contentmodel" was given, …" and its "title/revid used without text" hints.

mod diff;
mod html;
mod parse;

pub(crate) use parse::parse;

use crate::edit::{content_of, page_at, page_by_id, parse_title};
use crate::Wiki;
use mediawiki_api::action::{self, CompareProp, Slots, Torelative};
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::{ApiError, Warning};
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeMap;

/// One revision, as compare shows it.
#[derive(Debug, Clone)]
struct Rev {
    id: i64,
    page: i64,
    ns: i64,
    title: String,
    size: i64,
    timestamp: String,
    user: String,
    userid: i64,
    comment: String,
    parent: i64,
}

fn rev_by_id(c: &Connection, w: &Wiki, id: i64) -> rusqlite::Result<Option<Rev>> {
    c.prepare_cached(
        "SELECT r.id, r.page, p.ns, p.title, r.size, r.timestamp, r.user_text, r.user, r.comment, r.parent
         FROM revision r JOIN page p ON p.id = r.page WHERE r.id = ?1",
    )
    .and_then(|mut st| {
        st.query_row([id], |r| {
            let t = crate::Title { ns: r.get(2)?, text: r.get(3)? };
            Ok(Rev {
                id: r.get(0)?,
                page: r.get(1)?,
                ns: t.ns,
                title: t.full(w.site()),
                size: r.get(4)?,
                timestamp: r.get(5)?,
                user: r.get(6)?,
                userid: r.get(7)?,
                comment: r.get(8)?,
                parent: r.get(9)?,
            })
        })
    })
    .optional()
}

/// The revision after `rev` on its page.
fn next_of(c: &Connection, rev: &Rev) -> rusqlite::Result<Option<i64>> {
    c.prepare_cached("SELECT MIN(id) FROM revision WHERE page = ?1 AND id > ?2")
        .and_then(|mut st| st.query_row([rev.page, rev.id], |r| r.get(0)))
}

/// A comment as HTML: escaped text (links and section comments are not formatted).
fn parsed_comment(c: &str) -> String {
    c.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Adds one of compare's or parse's own warnings (the code is the message key without `apiwarn-`).
pub(super) fn warn(cx: &Context, module: &'static str, code: &'static str, text: String) {
    cx.warn(Warning { code: code.into(), text, module: module.into(), data: None });
}

/// One side of a comparison: its text, and its revision when it is one.
struct Side {
    text: String,
    rev: Option<Rev>,
}

fn missing_to() -> ApiError {
    ApiError::new("missingparam", "At least one of the parameters \"totitle\", \"toid\", \"torev\", \"totext\", \"torelative\" and \"toslots\" is required.")
}

fn nosuchrevid(id: i64) -> ApiError {
    ApiError::new("nosuchrevid", format!("There is no revision with ID {id}."))
}

/// A side named by a revision, a title or a page id (in ApiComparePages::getDiffRevision's order),
/// or by text.
fn side(
    w: &Wiki,
    (rev, title, id, text): (Option<i64>, Option<&str>, Option<i64>, Option<&str>),
) -> Result<Option<Side>, ApiError> {
    let latest = |page: i64| -> Result<i64, ApiError> {
        w.query_db(|c| {
            c.prepare_cached("SELECT latest FROM page WHERE id = ?1")
                .and_then(|mut st| st.query_row([page], |r| r.get(0)))
        })
    };
    let rev_id = if let Some(r) = rev {
        Some(r)
    } else if let Some(t) = title {
        let t = parse_title(w, t)?;
        match w.query_db(|c| page_at(c, &t))? {
            Some(p) => Some(latest(p.id)?),
            None => {
                return Err(ApiError::new(
                    "missingtitle",
                    format!("The page {} doesn't exist.", t.full(w.site())),
                ))
            }
        }
    } else if let Some(id) = id {
        match w.query_db(|c| page_by_id(c, id))? {
            Some(p) => Some(latest(p.id)?),
            None => return Err(ApiError::new("nosuchpageid", format!("There is no page with ID {id}."))),
        }
    } else {
        None
    };
    match (rev_id, text) {
        (_, Some(t)) => Ok(Some(Side { text: t.to_string(), rev: None })),
        (Some(r), None) => {
            let found = w.query_db(|c| rev_by_id(c, w, r))?.ok_or_else(|| nosuchrevid(r))?;
            let text = w.query_db(|c| content_of(c, r))?;
            Ok(Some(Side { text, rev: Some(found) }))
        }
        (None, None) => Ok(None),
    }
}

/// `action=compare` (whole texts and revisions, and the main slot as text; other slots, sections and the
/// pre-save transform answer as the stub does).
#[allow(deprecated)] // `fromtext`/`totext`/`fromsection`/`tosection` are deprecated, and still honoured
pub(crate) async fn compare(w: &Wiki, req: action::Compare, cx: &Context) -> Typed<action::CompareResponse> {
    // The slot parameters are answered for the main slot given as text (`fromslots=main` with
    // `fromtext-main`), the one slot a core wiki has; other slots and sections as the stub does.
    let main_text = |slots: &[Slots], texts: &BTreeMap<Slots, String>, sections: &BTreeMap<Slots, String>| {
        let only_main = slots.iter().all(|s| *s == Slots::Main) && texts.keys().all(|s| *s == Slots::Main);
        (only_main && sections.is_empty()).then(|| texts.get(&Slots::Main).cloned()).flatten()
    };
    let from_slot = main_text(&req.fromslots, &req.fromtext_slot, &req.fromsection_slot);
    let to_slot = main_text(&req.toslots, &req.totext_slot, &req.tosection_slot);
    if (!req.fromslots.is_empty() && from_slot.is_none())
        || (!req.toslots.is_empty() && to_slot.is_none())
        || req.fromsection.is_some()
        || req.tosection.is_some()
    {
        return w.not_answered(req, cx);
    }
    let fromtext = from_slot.or_else(|| req.fromtext.clone());
    let totext = to_slot.or_else(|| req.totext.clone());
    // A text's model comes from its side's revision or title, from either side's (guessTitle), or
    // from a contentmodel parameter of either side (guessModel); else wikitext, with a warning.
    let named = req.fromrev.is_some()
        || req.fromtitle.is_some()
        || req.fromid.is_some()
        || req.torev.is_some()
        || req.totitle.is_some()
        || req.toid.is_some();
    let model_given = req.fromcontentmodel.is_some()
        || req.tocontentmodel.is_some()
        || !req.fromcontentmodel_slot.is_empty()
        || !req.tocontentmodel_slot.is_empty();
    let guess = |text: &Option<String>| {
        if text.is_some() && !named && !model_given {
            warn(
                cx,
                "compare",
                "compare-nocontentmodel",
                "No content model could be determined, assuming wikitext.".into(),
            );
        }
    };
    let from = side(w, (req.fromrev, req.fromtitle.as_deref(), req.fromid, fromtext.as_deref()))?;
    let Some(mut from) = from else {
        return Err(ApiError::new(
            "missingparam",
            "At least one of the parameters \"fromtitle\", \"fromid\", \"fromrev\", \"fromtext\" and \"fromslots\" is required.",
        ));
    };
    // Both sides are checked before either is read (requireAtLeastOneParameter twice).
    let to_given = req.torev.is_some()
        || req.totitle.is_some()
        || req.toid.is_some()
        || totext.is_some()
        || req.torelative.is_some()
        || !req.toslots.is_empty();
    if !to_given {
        return Err(missing_to());
    }
    guess(&fromtext);
    let to = match req.torelative {
        Some(rel) => {
            let Some(base) = from.rev.clone() else {
                return Err(ApiError::new(
                    "compare-relative-to-nothing",
                    "No 'from' revision for \"torelative\" to be relative to.",
                ));
            };
            let target = match rel {
                Torelative::Cur => w.query_db(|c| {
                    c.prepare_cached("SELECT latest FROM page WHERE id = ?1")
                        .and_then(|mut st| st.query_row([base.page], |r| r.get(0)))
                })?,
                Torelative::Next => w.query_db(|c| next_of(c, &base))?.unwrap_or(0),
                Torelative::Prev => base.parent,
            };
            if target == 0 {
                let (code, end, which) = match rel {
                    Torelative::Prev => ("compare-no-prev", "earliest", "prev"),
                    _ => ("compare-no-next", "latest", "next"),
                };
                let text = format!(
                    "Revision {} is the {end} revision of {}, there is no revision for \"torelative={which}\" to compare to.",
                    base.id, base.title
                );
                warn(cx, "compare", code, text);
            }
            if rel == Torelative::Prev {
                // The given revision is the `to` side; its parent the `from` side (none: an empty
                // revision, as MediaWiki makes one).
                let to = std::mem::replace(&mut from, Side { text: String::new(), rev: None });
                if target != 0 {
                    from = side(w, (Some(target), None, None, None))?.unwrap_or(from);
                }
                to
            } else if target == 0 {
                // No next revision: the same text again, as an unsaved revision (no ids).
                Side { text: from.text.clone(), rev: None }
            } else {
                side(w, (Some(target), None, None, None))?.unwrap_or(Side { text: String::new(), rev: None })
            }
        }
        None => match side(w, (req.torev, req.totitle.as_deref(), req.toid, totext.as_deref()))? {
            Some(s) => {
                guess(&totext);
                s
            }
            None => return Err(missing_to()),
        },
    };
    let props: Vec<CompareProp> = if req.prop.is_empty() {
        vec![CompareProp::Diff, CompareProp::Ids, CompareProp::Title]
    } else {
        req.prop.clone()
    };
    let has = |p: CompareProp| props.contains(&p);
    let body = diff::table(&from.text, &to.text);
    let mut out = action::CompareResponse::default();
    if let Some(r) = &from.rev {
        if has(CompareProp::Ids) {
            out.fromid = Some(r.page);
            out.fromrevid = Some(r.id);
        }
        if has(CompareProp::Title) {
            out.fromns = Some(r.ns);
            out.fromtitle = Some(r.title.clone());
        }
        if has(CompareProp::Size) {
            out.fromsize = Some(r.size);
        }
        if has(CompareProp::Timestamp) {
            out.fromtimestamp = Some(r.timestamp.clone());
        }
        if has(CompareProp::User) {
            out.fromuser = Some(r.user.clone());
            out.fromuserid = Some(r.userid);
        }
        if has(CompareProp::Comment) || has(CompareProp::Parsedcomment) {
            out.fromcomment = has(CompareProp::Comment).then(|| r.comment.clone());
            out.fromparsedcomment = Some(parsed_comment(&r.comment));
        }
        if has(CompareProp::Rel) && r.parent != 0 {
            out.prev = Some(r.parent);
        }
    }
    if let Some(r) = &to.rev {
        if has(CompareProp::Ids) {
            out.toid = Some(r.page);
            out.torevid = Some(r.id);
        }
        if has(CompareProp::Title) {
            out.tons = Some(r.ns);
            out.totitle = Some(r.title.clone());
        }
        if has(CompareProp::Size) {
            out.tosize = Some(r.size);
        }
        if has(CompareProp::Timestamp) {
            out.totimestamp = Some(r.timestamp.clone());
        }
        if has(CompareProp::User) {
            out.touser = Some(r.user.clone());
            out.touserid = Some(r.userid);
        }
        if has(CompareProp::Comment) || has(CompareProp::Parsedcomment) {
            out.tocomment = has(CompareProp::Comment).then(|| r.comment.clone());
            out.toparsedcomment = Some(parsed_comment(&r.comment));
        }
        if has(CompareProp::Rel) {
            if let Some(n) = w.query_db(|c| next_of(c, r))? {
                out.extra.insert("next".into(), n.into());
            }
        }
    }
    if has(CompareProp::Diffsize) {
        out.diffsize = Some(body.len() as i64);
    }
    if has(CompareProp::Diff) {
        out.body = Some(body);
    }
    Ok(out.into())
}
