//! The page set of `action=query` (ApiPageSet): titles, page ids and revision ids from the request or
//! a generator, normalised, looked up, redirects resolved, and given out as `query.pages` in the
//! order formatversion=2 gives them (by key: the fake ids of missing, invalid and special titles,
//! counting down from -1, before the page ids).

use crate::title::Title;
use crate::Wiki;
use mediawiki_api::action::{QueryBadrevids, QueryNormalized, QueryPage, QueryRedirects};
use mwgen_runtime::ApiError;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, HashSet};

/// A row of `page`.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub id: i64,
    pub ns: i64,
    pub title: String,
    pub model: String,
    pub latest: i64,
    pub touched: String,
    pub redirect: bool,
    pub len: i64,
}

/// The columns [`Row`] reads, in its order (for `SELECT {COLS} FROM page`).
pub(crate) const COLS: &str =
    "page.id, page.ns, page.title, page.model, page.latest, page.touched, page.redirect, page.len";

/// Reads a [`Row`] from a statement selecting [`COLS`] first.
pub(crate) fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        ns: r.get(1)?,
        title: r.get(2)?,
        model: r.get(3)?,
        latest: r.get(4)?,
        touched: r.get(5)?,
        redirect: r.get::<_, i64>(6)? != 0,
        len: r.get(7)?,
    })
}

/// The page at `ns`:`title`, if it exists.
pub(crate) fn find(c: &Connection, ns: i64, title: &str) -> rusqlite::Result<Option<Row>> {
    c.prepare_cached(&format!("SELECT {COLS} FROM page WHERE ns = ?1 AND title = ?2"))
        .and_then(|mut st| st.query_row(params![ns, title], row))
        .optional()
}

/// The page with id `id`, if it exists.
pub(crate) fn find_id(c: &Connection, id: i64) -> rusqlite::Result<Option<Row>> {
    c.prepare_cached(&format!("SELECT {COLS} FROM page WHERE id = ?1"))
        .and_then(|mut st| st.query_row([id], row))
        .optional()
}

/// The page set.
#[derive(Debug, Default)]
pub(crate) struct PageSet {
    /// Existing pages, by id.
    pub good: BTreeMap<i64, Row>,
    /// Missing titles, by fake id.
    pub missing: BTreeMap<i64, Title>,
    /// Invalid titles (as given) and why, by fake id.
    pub invalid: BTreeMap<i64, (String, String)>,
    /// Page ids with no page.
    pub missing_ids: Vec<i64>,
    /// Special and Media titles, by fake id, and whether they are known (a special page that exists).
    pub special: BTreeMap<i64, (Title, bool)>,
    /// Interwiki titles: the title, the prefix, the title on the other wiki.
    pub interwiki: Vec<(String, String, String)>,
    /// Title normalisations: as given, as normalised.
    pub normalized: Vec<(String, String)>,
    /// Resolved redirects: from, to, the target's fragment.
    pub redirects: Vec<(String, String, Option<String>)>,
    /// The revision ids given that exist (prop=revisions shows exactly these).
    pub revids: Vec<i64>,
    /// The revision ids given that do not exist.
    pub badrevids: Vec<i64>,
    /// The ids of the good pages in the order they were found (as ApiPageSet's lookups give them).
    pub found_order: Vec<i64>,
    /// Whether redirects are resolved.
    pub resolve: bool,
    /// Whether any titles, page ids or revision ids were given at all.
    pub given: bool,
    fake: i64,
    seen: HashSet<(i64, String)>,
}

impl PageSet {
    /// An empty set; `resolve` follows redirects.
    pub fn new(resolve: bool) -> PageSet {
        PageSet { fake: -1, resolve, ..PageSet::default() }
    }

    fn next_fake(&mut self) -> i64 {
        let id = self.fake;
        self.fake -= 1;
        id
    }

    /// Adds titles as a caller gave them (normalised, with `normalized` entries).
    pub fn add_titles(&mut self, w: &Wiki, raw: &[String]) -> Result<(), ApiError> {
        let mut batch = Vec::new();
        for s in raw {
            self.given = true;
            if let Some((prefix, rest)) = interwiki(w, s) {
                let full = format!("{prefix}:{rest}");
                if *s != full && !self.normalized.iter().any(|(f, _)| f == s) {
                    self.normalized.push((s.clone(), full.clone()));
                }
                if !self.interwiki.iter().any(|(t, _, _)| *t == full) {
                    self.interwiki.push((full, prefix, rest));
                }
                continue;
            }
            match Title::parse(w.site(), s, 0) {
                Err(why) => {
                    if self.seen.insert((i64::MIN, s.clone())) {
                        let id = self.next_fake();
                        self.invalid.insert(id, (s.clone(), why.reason(s)));
                    }
                }
                Ok(t) => {
                    let t = if t.ns == -1 { fix_special(w, t).0 } else { t };
                    let full = t.full(w.site());
                    if *s != full && !self.normalized.iter().any(|(f, _)| f == s) {
                        self.normalized.push((s.clone(), full));
                    }
                    batch.push(t);
                }
            }
        }
        self.add_title_objs(w, batch)
    }

    /// Adds titles already normalised (from a generator, or a redirect's target).
    pub fn add_title_objs(&mut self, w: &Wiki, titles: Vec<Title>) -> Result<(), ApiError> {
        let mut lookup = Vec::new();
        for t in titles {
            if !self.seen.insert((t.ns, t.text.clone())) {
                continue;
            }
            if t.ns < 0 {
                let id = self.next_fake();
                let known = t.ns == -1 && fix_special(w, t.clone()).1;
                self.special.insert(id, (t, known));
            } else {
                lookup.push(t);
            }
        }
        let found: Vec<Option<Row>> =
            w.query_db(|c| lookup.iter().map(|t| find(c, t.ns, &t.text)).collect())?;
        // Missing titles get their fake ids namespace by namespace, as LinkBatch groups them.
        let mut order: Vec<i64> = Vec::new();
        let mut missing: Vec<Title> = Vec::new();
        // The lookup gives the pages in the order of its index: namespace, then database key.
        let mut rows: Vec<Row> = found.iter().flatten().cloned().collect();
        rows.sort_by_key(|r| (r.ns, super::props::key(&r.title)));
        rows.into_iter().for_each(|r| self.add_row(r));
        for (t, f) in lookup.into_iter().zip(found) {
            match f {
                Some(_) => {}
                None => {
                    if !order.contains(&t.ns) {
                        order.push(t.ns);
                    }
                    missing.push(t);
                }
            }
        }
        for ns in order {
            for t in missing.iter().filter(|t| t.ns == ns) {
                let id = self.next_fake();
                self.missing.insert(id, t.clone());
            }
        }
        Ok(())
    }

    /// Adds an existing page (a generator's row).
    pub fn add_row(&mut self, r: Row) {
        self.seen.insert((r.ns, r.title.clone()));
        if !self.found_order.contains(&r.id) {
            self.found_order.push(r.id);
        }
        self.good.insert(r.id, r);
    }

    /// Adds page ids.
    pub fn add_pageids(&mut self, w: &Wiki, ids: &[i64]) -> Result<(), ApiError> {
        let mut found = Vec::new();
        for &id in ids {
            self.given = true;
            if self.good.contains_key(&id) || self.missing_ids.contains(&id) {
                continue;
            }
            match w.query_db(|c| find_id(c, id))? {
                Some(r) => found.push(r),
                None => self.missing_ids.push(id),
            }
        }
        found.sort_by_key(|r| r.id);
        found.into_iter().for_each(|r| self.add_row(r));
        Ok(())
    }

    /// Adds revision ids: their pages, and the ids that exist for prop=revisions.
    pub fn add_revids(&mut self, w: &Wiki, ids: &[i64]) -> Result<(), ApiError> {
        for &rev in ids {
            self.given = true;
            let page: Option<i64> = w.query_db(|c| {
                c.prepare_cached("SELECT page FROM revision WHERE id = ?1")
                    .and_then(|mut st| st.query_row([rev], |r| r.get(0)))
                    .optional()
            })?;
            let row = match page {
                Some(p) => w.query_db(|c| find_id(c, p))?,
                None => None,
            };
            match row {
                Some(r) => {
                    if !self.revids.contains(&rev) {
                        self.revids.push(rev);
                    }
                    self.add_row(r);
                }
                None if !self.badrevids.contains(&rev) => self.badrevids.push(rev),
                None => {}
            }
        }
        Ok(())
    }

    /// Follows the redirects among the good pages (when asked to), chains included.
    pub fn resolve_redirects(&mut self, w: &Wiki) -> Result<(), ApiError> {
        if !self.resolve {
            return Ok(());
        }
        let mut done: HashSet<i64> = HashSet::new();
        loop {
            let pending: Vec<Row> =
                self.good.values().filter(|r| r.redirect && !done.contains(&r.id)).cloned().collect();
            if pending.is_empty() {
                return Ok(());
            }
            let mut targets = Vec::new();
            for r in pending {
                done.insert(r.id);
                let content: String = w.query_db(|c| {
                    c.prepare_cached("SELECT content FROM revision WHERE id = ?1")
                        .and_then(|mut st| st.query_row([r.latest], |x| x.get(0)))
                })?;
                let Some((target, fragment)) = redirect_target(&content) else { continue };
                let Ok(t) = Title::parse(w.site(), &target, 0) else { continue };
                self.good.remove(&r.id);
                let from = Title { ns: r.ns, text: r.title.clone() }.full(w.site());
                self.redirects.push((from, t.full(w.site()), fragment));
                targets.push(t);
            }
            self.add_title_objs(w, targets)?;
        }
    }

    /// The page set's part of the answer: `normalized`, `redirects`, `badrevids` and the pages.
    pub fn output(&self, w: &Wiki) -> Output {
        let site = w.site();
        let mut pages: BTreeMap<i64, QueryPage> = BTreeMap::new();
        for (&id, t) in &self.missing {
            pages.insert(
                id,
                QueryPage {
                    ns: Some(t.ns),
                    title: Some(t.full(site)),
                    missing: Some(true),
                    ..Default::default()
                },
            );
        }
        for (&id, (title, why)) in &self.invalid {
            pages.insert(
                id,
                QueryPage {
                    title: Some(title.clone()),
                    invalidreason: Some(why.clone()),
                    invalid: Some(true),
                    ..Default::default()
                },
            );
        }
        for &id in &self.missing_ids {
            pages.insert(id, QueryPage { pageid: Some(id), missing: Some(true), ..Default::default() });
        }
        for (&id, (t, known)) in &self.special {
            let missing = (!known).then_some(true);
            pages.insert(
                id,
                QueryPage {
                    ns: Some(t.ns),
                    title: Some(t.full(site)),
                    special: Some(true),
                    missing,
                    ..Default::default()
                },
            );
        }
        for (&id, r) in &self.good {
            let title = Title { ns: r.ns, text: r.title.clone() }.full(site);
            pages.insert(
                id,
                QueryPage { pageid: Some(id), ns: Some(r.ns), title: Some(title), ..Default::default() },
            );
        }
        let normalized = self
            .normalized
            .iter()
            .map(|(from, to)| QueryNormalized {
                from: from.clone(),
                fromencoded: false,
                to: to.clone(),
                extra: Default::default(),
            })
            .collect();
        let redirects = self
            .redirects
            .iter()
            .map(|(from, to, frag)| QueryRedirects {
                from: from.clone(),
                to: to.clone(),
                tofragment: frag.clone(),
                extra: Default::default(),
            })
            .collect();
        let badrevids = self
            .badrevids
            .iter()
            .map(|&r| (r.to_string(), QueryBadrevids { missing: true, revid: r, extra: Default::default() }))
            .collect();
        // `pageids` lists the pages as ApiQuery adds them: missing titles, invalid ones, missing
        // page ids, special pages, then the pages found.
        let mut order: Vec<i64> = Vec::new();
        order.extend(self.missing.keys().rev());
        order.extend(self.invalid.keys().rev());
        order.extend(self.missing_ids.iter());
        order.extend(self.special.keys().rev());
        order.extend(self.found_order.iter().filter(|id| self.good.contains_key(id)));
        Output { pages, normalized, redirects, badrevids, order }
    }
}

/// The page set's part of the answer.
pub(crate) struct Output {
    /// The pages by key (their order in formatversion=2).
    pub pages: BTreeMap<i64, QueryPage>,
    pub normalized: Vec<QueryNormalized>,
    pub redirects: Vec<QueryRedirects>,
    pub badrevids: BTreeMap<String, QueryBadrevids>,
    /// The keys of the pages in the order `indexpageids` lists them.
    pub order: Vec<i64>,
}

/// An interwiki title (`wikipedia:Foo_bar#x`): its prefix, lower-cased, and the rest as a title
/// (spaces, no fragment), when the prefix is in the interwiki map and names no namespace.
fn interwiki(w: &Wiki, raw: &str) -> Option<(String, String)> {
    let s = raw.replace('_', " ");
    let (prefix, rest) = s.split_once(':')?;
    let prefix = prefix.trim().to_lowercase();
    if w.site().namespace_names.contains_key(&prefix) {
        return None;
    }
    let map = w.site().blocks.get("interwikimap")?.as_array()?;
    map.iter().find(|iw| iw.get("prefix").and_then(|p| p.as_str()) == Some(prefix.as_str()))?;
    let rest = rest.split('#').next().unwrap_or("");
    let rest = rest.split(' ').filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" ");
    Some((prefix, rest))
}

/// The URL of an interwiki title (`iwurl`).
pub(crate) fn interwiki_url(w: &Wiki, prefix: &str, rest: &str) -> Option<String> {
    let map = w.site().blocks.get("interwikimap")?.as_array()?;
    let iw = map.iter().find(|iw| iw.get("prefix").and_then(|p| p.as_str()) == Some(prefix))?;
    let url = iw.get("url")?.as_str()?;
    Some(url.replace("$1", &super::url_path(rest)))
}

/// A special page's title as MediaWiki writes it (Title::fixSpecialName: the local name of the page
/// an alias names, any case, with its subpage), and whether such a special page exists.
pub(crate) fn fix_special(w: &Wiki, t: Title) -> (Title, bool) {
    let (name, sub) = match t.text.split_once('/') {
        Some((n, s)) => (n.to_string(), Some(s.to_string())),
        None => (t.text.clone(), None),
    };
    let wanted = name.replace(' ', "_").to_lowercase();
    let aliases = w.site().blocks.get("specialpagealiases").and_then(|v| v.as_array());
    let found = aliases.into_iter().flatten().find_map(|sp| {
        let list = sp.get("aliases")?.as_array()?;
        list.iter()
            .any(|a| a.as_str().is_some_and(|a| a.to_lowercase() == wanted))
            .then(|| list.first()?.as_str())?
    });
    match found {
        Some(local) => {
            let local = local.replace('_', " ");
            let text = match sub {
                Some(s) => format!("{local}/{s}"),
                None => local,
            };
            (Title { ns: -1, text }, true)
        }
        None => (t, false),
    }
}

/// The target of a redirect's wikitext (`#REDIRECT [[Target#fragment]]`) and its fragment.
pub(crate) fn redirect_target(content: &str) -> Option<(String, Option<String>)> {
    let s = content.trim_start();
    let head = s.get(..9)?;
    if !head.eq_ignore_ascii_case("#redirect") {
        return None;
    }
    let rest = s[9..].trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
    let inner = rest.strip_prefix("[[")?;
    let end = inner.find("]]")?;
    let target = inner[..end].split('|').next().unwrap_or("");
    match target.split_once('#') {
        Some((t, f)) => Some((t.to_string(), Some(f.to_string()).filter(|f| !f.is_empty()))),
        None => Some((target.to_string(), None)),
    }
}

#[cfg(test)]
mod tests {
    use super::redirect_target;

    #[test]
    fn redirect_targets_are_read_as_mediawiki_writes_them() {
        assert_eq!(redirect_target("#REDIRECT [[A b#Sec]]"), Some(("A b".into(), Some("Sec".into()))));
        assert_eq!(redirect_target("  #redirect: [[X|label]] more"), Some(("X".into(), None)));
        assert_eq!(redirect_target("#REDIRECT nothing"), None);
        assert_eq!(redirect_target("text #REDIRECT [[X]]"), None);
        assert_eq!(redirect_target("#RE"), None);
    }
}
