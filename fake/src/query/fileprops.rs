//! prop=categoryinfo and pageprops, as a wiki without page properties answers them
//! (ApiQueryCategoryInfo, ApiQueryPageProps): a category's counts come from its members' `link`
//! rows; and no page has a property (the fake reads no magic words such as `__HIDDENCAT__` or
//! `{{DISPLAYTITLE:…}}`), so pageprops adds nothing. prop=imageinfo is files/info.rs's.

use super::Pages;
use crate::Wiki;
use mediawiki_api::prop::CategoryinfoItem;
use mwgen_runtime::ApiError;

/// The Category namespace.
const NS_CATEGORY: i64 = 14;

/// prop=categoryinfo: the size, pages, files and subcategories of each Category: page of the set
/// that has members (existing or missing, as MediaWiki's category table has a row for it).
pub(crate) fn categoryinfo(w: &Wiki, pages: &mut Pages) -> Result<(), ApiError> {
    let site = w.site();
    for page in pages.values_mut() {
        let eligible = page.invalid.is_none() && page.special.is_none() && page.ns == Some(NS_CATEGORY);
        let Some(full) = page.title.clone().filter(|_| eligible) else { continue };
        let Ok(t) = crate::title::Title::parse(site, &full, 0) else { continue };
        let counts: (i64, i64, i64) = w.query_db(|c| {
            c.prepare_cached(
                "SELECT COUNT(*), COALESCE(SUM(p.ns = 6), 0), COALESCE(SUM(p.ns = 14), 0)
                 FROM link l JOIN page p ON p.id = l.from_page WHERE l.kind = 'category' AND l.title = ?1",
            )
            .and_then(|mut st| st.query_row([&t.text], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
        })?;
        let (size, files, subcats) = counts;
        // MediaWiki's category table has a row for a category with members or with a page.
        if size == 0 && page.missing.is_some() {
            continue;
        }
        page.categoryinfo = Some(CategoryinfoItem {
            size,
            files,
            subcats,
            pages: size - files - subcats,
            hidden: super::props::hidden(w, &t.text)?,
            ..Default::default()
        });
    }
    Ok(())
}
