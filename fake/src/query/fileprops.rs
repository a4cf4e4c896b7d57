//! prop=imageinfo, categoryinfo and pageprops, as a wiki without uploaded files or page properties
//! answers them (ApiQueryImageInfo, ApiQueryCategoryInfo, ApiQueryPageProps): the fake keeps no
//! files, so every File: page of the set has `imagerepository: ""`; a category's counts come from
//! its members' `link` rows; and no page has a property (the fake reads no magic words such as
//! `__HIDDENCAT__` or `{{DISPLAYTITLE:…}}`), so pageprops adds nothing.

use super::Pages;
use crate::Wiki;
use mediawiki_api::prop::CategoryinfoItem;
use mwgen_runtime::ApiError;

/// The File namespace.
const NS_FILE: i64 = 6;
/// The Category namespace.
const NS_CATEGORY: i64 = 14;

/// prop=imageinfo: `imagerepository: ""` for each File: page, existing or missing (no file exists).
pub(crate) fn imageinfo(pages: &mut Pages) {
    for page in pages.values_mut() {
        let eligible = page.invalid.is_none() && page.special.is_none() && page.title.is_some();
        if eligible && page.ns == Some(NS_FILE) {
            page.imagerepository = Some(String::new());
        }
    }
}

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
