//! Writing a revision and everything that follows it: the `revision` row (sha1, size in bytes),
//! the `page` row (latest, length, redirect flag, model), the page's `link` rows (rewritten from
//! the new wikitext), the recent change (`new` or `edit`) and the user's edit count. Also the
//! automatic summaries MediaWiki writes when none is given (ContentHandler::getAutosummary).

use super::{Caller, PageRow};
use crate::site::Site;
use crate::title::Title;
use crate::wikitext;
use rusqlite::{params, Connection};

/// A revision to write.
pub(crate) struct NewRev<'a> {
    /// Where.
    pub title: &'a Title,
    /// The page as it is now (`None`: the page is created).
    pub page: Option<&'a PageRow>,
    /// The text (already trimmed as MediaWiki's pre-save transform trims it).
    pub content: &'a str,
    /// The content model.
    pub model: &'a str,
    /// The comment.
    pub comment: &'a str,
    /// Marked minor.
    pub minor: bool,
    /// Marked bot (in recent changes).
    pub bot: bool,
    /// Who.
    pub user: &'a Caller,
    /// A null revision (protect, move): no recent change, no edit count.
    pub null: bool,
    /// When.
    pub now: &'a str,
}

/// What was written.
#[derive(Debug, Clone)]
pub(crate) struct Saved {
    /// The page's id.
    pub page: i64,
    /// The new revision's id.
    pub rev: i64,
    /// The `create` log entry of a new page.
    pub log: Option<i64>,
}

/// The content format MediaWiki stores a model's text in.
pub(crate) fn format_of(model: &str) -> &'static str {
    match model {
        "css" => "text/css",
        "javascript" => "text/javascript",
        "json" => "application/json",
        "text" => "text/plain",
        _ => "text/x-wiki",
    }
}

/// The model a new page at `t` gets by default (by namespace and suffix, as MediaWiki decides for
/// user and MediaWiki pages).
pub(crate) fn default_model(t: &Title) -> &'static str {
    if matches!(t.ns, 2 | 8) {
        if t.text.ends_with(".css") {
            return "css";
        }
        if t.text.ends_with(".js") {
            return "javascript";
        }
        if t.text.ends_with(".json") {
            return "json";
        }
    }
    "wikitext"
}

/// The pre-save transform of a model's text where it changes the text: JSON is stored pretty-printed
/// with tabs (JsonContent::preSaveTransform); other text as given.
pub(crate) fn pre_save(model: &str, text: String) -> String {
    if model != "json" {
        return text;
    }
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else { return text };
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        serde_json::ser::PrettyFormatter::with_indent(b"\t"),
    );
    match serde::Serialize::serialize(&v, &mut ser) {
        Ok(()) => String::from_utf8(out).unwrap_or(text),
        Err(_) => text,
    }
}

/// The redirect target of wikitext `content`, as a title, when it is a redirect.
pub(crate) fn redirect_of(site: &Site, model: &str, content: &str) -> Option<Title> {
    if model != "wikitext" {
        return None;
    }
    let target = wikitext::redirect_target(content)?;
    Title::parse(site, &target, 0).ok().filter(|t| t.ns >= 0)
}

/// Writes `r`: revision, page, links, recent change, edit count.
pub(crate) fn save(c: &Connection, site: &Site, r: &NewRev<'_>) -> rusqlite::Result<Saved> {
    let page_id = match r.page {
        Some(p) => p.id,
        None => {
            c.execute(
                "INSERT INTO page (ns, title, model, latest, touched, redirect, len) VALUES (?1, ?2, ?3, 0, ?4, 0, 0)",
                params![r.title.ns, r.title.text, r.model, r.now],
            )?;
            c.last_insert_rowid()
        }
    };
    let parent = r.page.map_or(0, |p| p.latest);
    let old_text = match r.page {
        Some(p) if !r.null => Some((p.model.clone(), super::content_of(c, p.latest)?)),
        _ => None,
    };
    let size = r.content.len() as i64;
    c.execute(
        "INSERT INTO revision (page, parent, user, user_text, timestamp, comment, minor, content, model, format, size, sha1)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            page_id,
            parent,
            r.user.id,
            r.user.name,
            r.now,
            r.comment,
            r.minor as i64,
            r.content,
            r.model,
            format_of(r.model),
            size,
            crate::util::sha1_hex(r.content)
        ],
    )?;
    let rev = c.last_insert_rowid();
    let redirect = redirect_of(site, r.model, r.content).is_some();
    c.execute(
        "UPDATE page SET latest = ?1, touched = ?2, redirect = ?3, len = ?4, model = ?5 WHERE id = ?6",
        params![rev, r.now, redirect as i64, size, r.model, page_id],
    )?;
    rewrite_links(c, site, page_id, r.model, r.content)?;
    if r.page.is_none() && r.title.ns == 6 {
        refresh_file_users(c, site, r.title)?;
    }
    let mut log = None;
    if !r.null {
        let kind = if r.page.is_some() { "edit" } else { "new" };
        let patrolled = if r.user.can("autopatrol") { 2 } else { 0 };
        c.execute(
            "INSERT INTO recentchange (timestamp, user, user_text, ns, title, page, rev, old_rev, type, minor, bot,
                                       comment, old_len, new_len, patrolled)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                r.now,
                r.user.id,
                r.user.name,
                r.title.ns,
                r.title.text,
                page_id,
                rev,
                parent,
                kind,
                r.minor as i64,
                r.bot as i64,
                r.comment,
                r.page.map_or(0, |p| p.len),
                size,
                patrolled
            ],
        )?;
        if r.user.id != 0 {
            c.execute("UPDATE user SET editcount = editcount + 1 WHERE id = ?1", [r.user.id])?;
        }
        if r.page.is_none() {
            // PageUpdater logs a creation (`$wgPageCreationLog`), without a recent change of its own:
            // the edit's `new` change stands for it. (A move's redirect is a null revision: no log.)
            c.execute(
                "INSERT INTO logging (type, action, timestamp, user, user_text, ns, title, page, comment, params)
                 VALUES ('create', 'create', ?1, ?2, ?3, ?4, ?5, ?6, ?7, '{}')",
                params![r.now, r.user.id, r.user.name, r.title.ns, r.title.text, page_id, r.comment],
            )?;
            log = Some(c.last_insert_rowid());
        }
        let old = old_text.as_ref().map(|(m, t)| (m.as_str(), t.as_str()));
        if let Some(tag) = super::auto_tag(site, old, (r.model, r.content)) {
            super::tags::add_to_revision(c, rev, log, &[tag])?;
        }
    }
    Ok(Saved { page: page_id, rev, log })
}

/// The tracking category of pages that show missing files.
pub(crate) const BROKEN_FILE_LINKS: &str = "Pages with broken file links";

/// Replaces the `link` rows of `page` with what `content` links to (none unless wikitext).
pub(crate) fn rewrite_links(
    c: &Connection,
    site: &Site,
    page: i64,
    model: &str,
    content: &str,
) -> rusqlite::Result<()> {
    c.execute("DELETE FROM link WHERE from_page = ?1", [page])?;
    if model != "wikitext" {
        return Ok(());
    }
    let l = wikitext::links(site, content);
    let mut ins = c.prepare_cached(
        "INSERT OR IGNORE INTO link (from_page, kind, ns, title, sortkey) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for t in &l.links {
        ins.execute(params![page, "link", t.ns, t.text, ""])?;
    }
    let exists = |t: &Title| -> rusqlite::Result<bool> {
        c.prepare_cached("SELECT COUNT(*) FROM page WHERE ns = ?1 AND title = ?2")
            .and_then(|mut st| st.query_row(params![t.ns, t.text], |r| r.get::<_, i64>(0)))
            .map(|n| n > 0)
    };
    for t in &l.templates {
        ins.execute(params![page, "template", t.ns, t.text, ""])?;
        // A missing template shows as a red link, which the parser records as a link.
        if !exists(t)? {
            ins.execute(params![page, "link", t.ns, t.text, ""])?;
        }
    }
    for (cat, key) in &l.categories {
        ins.execute(params![page, "category", 14, cat, key])?;
    }
    // The files shown (imagelinks), and the tracking category when one of them is missing.
    let mut broken = false;
    for t in &l.files {
        ins.execute(params![page, "file", t.ns, t.text, ""])?;
        broken |= !crate::file_store::is_file(c, t)?;
    }
    if broken {
        ins.execute(params![page, "category", 14, BROKEN_FILE_LINKS, ""])?;
    }
    Ok(())
}

/// Reads again the links of the pages that show the file `t`, after it was uploaded, deleted or
/// restored (the refreshLinks jobs MediaWiki queues): their broken-file category follows the file.
pub(crate) fn refresh_file_users(c: &Connection, site: &Site, t: &Title) -> rusqlite::Result<()> {
    let users: Vec<(i64, String, String)> = {
        let mut st = c.prepare_cached(
            "SELECT p.id, p.model, r.content FROM link l JOIN page p ON p.id = l.from_page
             JOIN revision r ON r.id = p.latest WHERE l.kind = 'file' AND l.ns = ?1 AND l.title = ?2",
        )?;
        let rows = st.query_map(params![t.ns, t.text], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (page, model, content) in users {
        rewrite_links(c, site, page, &model, &content)?;
    }
    Ok(())
}

/// MediaWiki's `truncateForDatabase`: at most `max` bytes, `...` included when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max.saturating_sub(3);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

/// The text of `content` for a summary (newlines as spaces, at most `max` bytes, an unfinished
/// link at the end unwrapped).
pub(crate) fn text_for_summary(content: &str, max: usize, wikitext: bool) -> String {
    let flat: String = content.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    let mut t = truncate(&flat, max);
    if wikitext {
        if let Some(p) = t.rfind("[[") {
            if !t[p..].contains(']') || t[p..].ends_with(']') && !t[p..].ends_with("]]") {
                let inner = t[p + 2..].trim_end_matches(']').to_string();
                t.replace_range(p.., &inner);
            }
        }
    }
    t
}

/// The automatic summary of an edit from `old` to `new` (both `(model, text)`; `old` is `None`
/// for a new page), as ContentHandler::getAutosummary writes it.
pub(crate) fn autosummary(site: &Site, old: Option<(&str, &str)>, new: (&str, &str)) -> String {
    const LIMIT: usize = 500;
    let wiki = new.0 == "wikitext";
    let old_target = old.and_then(|(m, t)| wikitext::redirect_target(t).filter(|_| m == "wikitext"));
    let new_target = wikitext::redirect_target(new.1).filter(|_| wiki);
    let target_text = |raw: &str| -> String {
        let (page, frag) = raw.split_once('#').map_or((raw, None), |(p, f)| (p, Some(f)));
        let full = Title::parse(site, page, 0).map(|t| t.full(site)).unwrap_or_else(|_| page.to_string());
        match frag {
            Some(f) => format!("{full}#{f}"),
            None => full,
        }
    };
    if let Some((_, o)) = old {
        if !o.is_empty() && new.1.is_empty() {
            return "Blanked the page".into();
        }
    }
    match (&old_target, &new_target) {
        (None, Some(nt)) => {
            return format!("Redirected page to [[{}]]", target_text(nt));
        }
        (Some(ot), Some(nt)) if target_text(ot) != target_text(nt) => {
            return format!(
                "Changed redirect target from [[{}]] to [[{}]]",
                target_text(ot),
                target_text(nt)
            );
        }
        (Some(ot), None) => return format!("Removed redirect to [[{}]]", target_text(ot)),
        _ => {}
    }
    match old {
        None if new.1.is_empty() => "Created blank page".into(),
        None => {
            let room = LIMIT - "Created page with \"$1\"".len();
            format!("Created page with \"{}\"", text_for_summary(new.1, room, wiki))
        }
        Some((_, o)) if o.len() > 10 * new.1.len() => {
            let room = LIMIT - "Replaced content with \"$1\"".len();
            format!("Replaced content with \"{}\"", text_for_summary(new.1, room, wiki))
        }
        Some(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autosummaries_are_mediawikis() {
        let site = Site::new("http://127.0.0.1:9/api.php");
        let w = "wikitext";
        assert_eq!(autosummary(&site, None, (w, "line1\nline2")), "Created page with \"line1 line2\"");
        assert_eq!(autosummary(&site, None, (w, "")), "Created blank page");
        assert_eq!(autosummary(&site, Some((w, "abc")), (w, "")), "Blanked the page");
        assert_eq!(
            autosummary(&site, None, (w, "#REDIRECT [[foo bar#x]]")),
            "Redirected page to [[Foo bar#x]]"
        );
        assert_eq!(
            autosummary(&site, Some((w, "a long text here")), (w, "x")),
            "Replaced content with \"x\""
        );
        assert_eq!(autosummary(&site, Some((w, "abc")), (w, "abcd")), "");
        assert_eq!(truncate("abcdef", 5), "ab...");
    }
}
