//! `movesubpages` of action=move (ApiMove::moveSubpages, MovePage::moveSubpagesIfAllowed): the
//! subpages of a page (`Title/…`) move with it, where its namespace has subpages; elsewhere the
//! answer carries MediaWiki's `namespace-nosubpages` error.

use super::{page_row, PageRow, PAGE_COLS};
use crate::title::Title;
use crate::Site;
use mwgen_runtime::server::Context;
use rusqlite::{params, Connection};
use serde_json::{json, Value};

/// An error as ApiErrorFormatter::arrayFromStatus writes it for the request's `errorformat`.
pub(crate) fn status_error(cx: &Context, code: &str, params: &[&str], text: &str) -> Value {
    match cx.raw_param("errorformat").unwrap_or("bc") {
        "plaintext" | "wikitext" => json!({ "code": code, "text": text }),
        "html" => json!({ "code": code, "html": text }),
        "raw" => json!({ "code": code, "key": code, "params": params }),
        "none" => json!({ "code": code }),
        _ => json!({ "message": code, "params": params, "code": code, "type": "error" }),
    }
}

/// The pages under `from` (`From/…`), in title order.
pub(crate) fn subpages_of(c: &Connection, from: &Title) -> rusqlite::Result<Vec<PageRow>> {
    let like = format!("{}/%", from.text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let mut st = c.prepare_cached(&format!(
        "SELECT {PAGE_COLS} FROM page WHERE ns = ?1 AND title LIKE ?2 ESCAPE '\\' ORDER BY title"
    ))?;
    let rows = st.query_map(params![from.ns, like], page_row)?;
    rows.collect()
}

/// What to do for the subpages of `from`, moved under `to`: `Err(answer)` when the namespace has
/// none (the `subpages` answer then is that error), or each subpage with its new title.
pub(crate) fn plan(
    c: &Connection,
    site: &Site,
    cx: &Context,
    from: &Title,
    to: &Title,
) -> rusqlite::Result<Result<Vec<(PageRow, Title)>, Value>> {
    let subpages = site.namespaces.get(&from.ns).is_some_and(|n| n.subpages);
    if !subpages {
        let name = site.namespace_name(from.ns);
        let text = format!("Namespace \"{name}\" does not allow subpages.");
        return Ok(Err(json!({ "errors": [status_error(cx, "namespace-nosubpages", &[name], &text)] })));
    }
    let mut out = Vec::new();
    for page in subpages_of(c, from)? {
        let rest = page.title[from.text.len()..].to_string();
        out.push((page, Title { ns: to.ns, text: format!("{}{rest}", to.text) }));
    }
    Ok(Ok(out))
}
