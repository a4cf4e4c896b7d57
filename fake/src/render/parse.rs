//! `action=parse`, as ApiParse answers for a page (`page`, `pageid`, `oldid`) or a text (`text`
//! with `title`, default `API`): `categories`, `links`, `templates`, `sections` (with `showtoc`),
//! `text` ([`super::html`]), `displaytitle`, `revid`, `wikitext`, `externallinks`, `iwlinks`, and
//! empty lists for `langlinks`, `images` and `parsewarnings`, `properties` empty.
//!
//! Not answered (left out of the answer): `headhtml`, `modules`, `jsconfigvars`,
//! `encodedjsconfigvars`, `indicators`, `categorieshtml`, `limitreportdata`, `limitreporthtml`,
//! `parsetree`, `subtitle`, `headitems`, `parsewarningshtml`; `section`, `pst`/`onlypst`,
//! `summary` and `contentmodel`s other than wikitext are answered as the stub does.
//! Links of transcluded templates are not counted.

use super::html::{self, Env};
use crate::edit::{content_of, page_at, page_by_id, parse_title, store, PageRow};
use crate::title::Title;
use crate::{wikitext, Wiki};
use mediawiki_api::action::{self, ParseProp};
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::OptionalExtension;

/// `invalidparammix` for the parameters of `set` that `given` holds, named as MediaWiki lists them.
fn mix(names: &[&str]) -> ApiError {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let list = match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    };
    ApiError::new("invalidparammix", format!("The parameters {list} can not be used together."))
}

/// `action=parse`.
#[allow(deprecated)] // `generatexml` is deprecated, and still read
pub(crate) async fn parse(w: &Wiki, req: action::Parse, cx: &Context) -> Typed<action::ParseResponse> {
    if req.section.is_some() || req.pst || req.onlypst || req.summary.is_some() {
        return w.not_answered(req, cx);
    }
    if req.contentmodel.is_some_and(|m| m.as_str() != "wikitext") {
        return w.not_answered(req, cx);
    }
    let page_params =
        [("page", req.page.is_some()), ("pageid", req.pageid.is_some()), ("oldid", req.oldid.is_some())];
    for (name, given) in
        [("text", req.text.is_some()), ("title", req.title.is_some()), ("revid", req.revid.is_some())]
    {
        let mut set: Vec<&str> = if given { vec![name] } else { vec![] };
        set.extend(page_params.iter().filter(|p| p.1).map(|p| p.0));
        if set.len() > 1 {
            return Err(mix(&set));
        }
    }
    let site = w.site();
    let mut redirects = None;
    let (title, page, rev, text): (Title, Option<PageRow>, Option<i64>, String) = if let Some(oldid) =
        req.oldid
    {
        let page_id: Option<i64> = w.query_db(|c| {
            c.prepare_cached("SELECT page FROM revision WHERE id = ?1")
                .and_then(|mut st| st.query_row([oldid], |r| r.get(0)))
                .optional()
        })?;
        let Some(pid) = page_id else {
            return Err(ApiError::new("nosuchrevid", format!("There is no revision with ID {oldid}.")));
        };
        let page = w.query_db(|c| page_by_id(c, pid))?;
        let Some(page) = page else {
            return Err(ApiError::new("nosuchrevid", format!("There is no revision with ID {oldid}.")));
        };
        let text = w.query_db(|c| content_of(c, oldid))?;
        (page.title(), Some(page), Some(oldid), text)
    } else if req.page.is_some() || req.pageid.is_some() {
        let mut page = match (&req.page, req.pageid) {
            (Some(p), _) => {
                let t = parse_title(w, p)?;
                w.query_db(|c| page_at(c, &t))?
                    .ok_or_else(|| ApiError::new("missingtitle", "The page you specified doesn't exist."))?
            }
            (None, Some(id)) => w
                .query_db(|c| page_by_id(c, id))?
                .ok_or_else(|| ApiError::new("nosuchpageid", format!("There is no page with ID {id}.")))?,
            (None, None) => return w.not_answered(req, cx),
        };
        if req.redirects && page.redirect {
            let text = w.query_db(|c| content_of(c, page.latest))?;
            if let Some(target) = store::redirect_of(site, &page.model, &text) {
                if let Some(p) = w.query_db(|c| page_at(c, &target))? {
                    redirects = Some(vec![action::ParseRedirects {
                        from: page.title().full(site),
                        to: target.full(site),
                        ..Default::default()
                    }]);
                    page = p;
                }
            }
        }
        let text = w.query_db(|c| content_of(c, page.latest))?;
        (page.title(), Some(page.clone()), Some(page.latest), text)
    } else {
        let t = parse_title(w, req.title.as_deref().unwrap_or("API"))?;
        // ApiParse's own warnings for a parse of text (a revid names the title too).
        let title_given = req.title.is_some() || req.revid.is_some();
        if req.text.is_none() && title_given && (!req.prop.is_empty() || req.generatexml) {
            let (code, given, meant) = match req.revid {
                Some(_) => ("parse-revidwithouttext", "revid", "oldid"),
                None => ("parse-titlewithouttext", "title", "page"),
            };
            super::warn(cx, "parse", code, format!(
                "\"{given}\" used without \"text\", and parsed page properties were requested. Did you mean to use \"{meant}\" instead of \"{given}\"?"
            ));
        }
        if req.text.is_some() && !title_given && req.contentmodel.is_none() {
            super::warn(
                cx,
                "parse",
                "parse-nocontentmodel",
                "No \"title\" or \"contentmodel\" was given, assuming wikitext.".into(),
            );
        }
        let page = w.query_db(|c| page_at(c, &t))?;
        (t, page, None, req.text.clone().unwrap_or_default())
    };
    let has = |p: ParseProp| req.prop.contains(&p);
    let exists = |t: &Title| w.query_db(|c| page_at(c, t)).ok().flatten().is_some();
    let source = |t: &Title| {
        let p = w.query_db(|c| page_at(c, t)).ok().flatten()?;
        w.query_db(|c| content_of(c, p.latest)).ok()
    };
    let mut out = action::ParseResponse {
        title: title.full(site),
        pageid: page.as_ref().map_or(0, |p| p.id),
        redirects,
        ..Default::default()
    };
    let links = wikitext::links(site, &text);
    if has(ParseProp::Revid) {
        out.revid = rev;
    }
    if has(ParseProp::Text) {
        let env = Env {
            site,
            exists: &exists,
            source: &source,
            title: &title,
            edit_sections: !req.disableeditsection,
        };
        out.text = Some(html::render(&env, &text));
    }
    if has(ParseProp::Langlinks) {
        out.langlinks = Some(vec![]);
    }
    if has(ParseProp::Categories) {
        let mut cats: Vec<(String, String)> = links.categories.clone();
        if links.files.iter().any(|f| !exists(f)) {
            cats.push((store::BROKEN_FILE_LINKS.to_string(), String::new()));
        }
        out.categories = Some(
            cats.into_iter()
                .map(|(name, key)| {
                    let missing = !exists(&Title { ns: 14, text: name.clone() });
                    action::ParseCategories {
                        category: name.replace(' ', "_"),
                        sortkey: key,
                        missing: missing.then_some(true),
                        ..Default::default()
                    }
                })
                .collect(),
        );
    }
    if has(ParseProp::Links) {
        out.links = Some(ordered_links(&links, &exists, site));
    }
    if has(ParseProp::Templates) {
        out.templates = Some(
            links
                .templates
                .iter()
                .map(|t| action::ParseTemplates {
                    ns: t.ns,
                    title: t.full(site),
                    exists: exists(t),
                    ..Default::default()
                })
                .collect(),
        );
    }
    if has(ParseProp::Images) {
        out.images = Some(vec![]);
    }
    if has(ParseProp::Externallinks) {
        out.externallinks = Some(html::external_links(&text));
    }
    if has(ParseProp::Sections) {
        let s = sections(&text, &title.url_key(site));
        out.showtoc = Some(s.len() >= 4);
        out.sections = Some(s);
    }
    if has(ParseProp::Parsewarnings) {
        out.parsewarnings = Some(vec![]);
    }
    if has(ParseProp::Displaytitle) {
        out.displaytitle = Some(display_title(site, &title));
    }
    if has(ParseProp::Iwlinks) {
        out.iwlinks =
            Some(links.interwiki.iter().map(|(prefix, t)| interwiki_link(site, prefix, t)).collect());
    }
    if has(ParseProp::Properties) {
        out.properties = Some(action::ParseProperties::default());
    }
    if has(ParseProp::Wikitext) {
        out.wikitext = Some(text);
    }
    Ok(out.into())
}

/// Links as ParserOutput lists them: by namespace; in each, existing pages (in the order the
/// database finds them: by their key), then missing ones (missing templates too, which show as red
/// links) in the order of the text.
fn ordered_links(
    l: &wikitext::Links,
    exists: &dyn Fn(&Title) -> bool,
    site: &crate::Site,
) -> Vec<action::ParseLinks> {
    let mut all: Vec<Title> = l.links.clone();
    for t in &l.templates {
        if !exists(t) && !all.contains(t) {
            all.push(t.clone());
        }
    }
    let mut namespaces: Vec<i64> = all.iter().map(|t| t.ns).collect();
    namespaces.sort_unstable();
    namespaces.dedup();
    let mut out = Vec::new();
    for ns in namespaces {
        let (mut yes, no): (Vec<&Title>, Vec<&Title>) =
            all.iter().filter(|t| t.ns == ns).partition(|t| exists(t));
        yes.sort_by_key(|t| t.text.replace(' ', "_"));
        for (t, e) in yes.into_iter().map(|t| (t, true)).chain(no.into_iter().map(|t| (t, false))) {
            out.push(action::ParseLinks { ns, title: t.full(site), exists: e, ..Default::default() });
        }
    }
    out
}

/// The sections of `text`, numbered as the parser's table of contents numbers them.
fn sections(text: &str, fromtitle: &str) -> Vec<action::ParseSections> {
    let mut out = Vec::new();
    let (mut toclevel, mut prevlevel) = (0usize, 0usize);
    let mut level_at: Vec<usize> = vec![0; 8];
    let mut counts: Vec<usize> = vec![0; 8];
    for (i, h) in wikitext::headings(text).iter().enumerate() {
        let level = h.level;
        if toclevel == 0 || level > prevlevel {
            toclevel = (toclevel + 1).min(7);
            counts[toclevel] = 0;
        } else if level < prevlevel && toclevel > 1 {
            let mut found = 1;
            for j in (1..=toclevel).rev() {
                if level_at[j] == level {
                    found = j;
                    break;
                }
                if level_at[j] < level {
                    found = j + 1;
                    break;
                }
            }
            toclevel = found.min(7);
        }
        level_at[toclevel] = level;
        counts[toclevel] += 1;
        for c in counts.iter_mut().skip(toclevel + 1) {
            *c = 0;
        }
        prevlevel = level;
        let number = counts[1..=toclevel].iter().map(|c| c.to_string()).collect::<Vec<_>>().join(".");
        out.push(action::ParseSections {
            toclevel: toclevel as i64,
            level: level.to_string(),
            line: h.line.clone(),
            number,
            index: (i + 1).to_string(),
            fromtitle: fromtitle.to_string(),
            byteoffset: h.offset as i64,
            anchor: html::anchor(&h.line),
            ..Default::default()
        });
    }
    out
}

/// One interwiki link, with its URL from siteinfo's interwikimap.
fn interwiki_link(site: &crate::Site, prefix: &str, t: &str) -> action::ParseIwlinks {
    let map = site.blocks.get("interwikimap").and_then(|v| v.as_array());
    let pattern = map
        .into_iter()
        .flatten()
        .find(|m| m["prefix"].as_str() == Some(prefix))
        .and_then(|m| m["url"].as_str())
        .unwrap_or("$1");
    action::ParseIwlinks {
        prefix: prefix.to_string(),
        url: pattern.replace("$1", &html::url_encode(&t.replace(' ', "_"))),
        title: format!("{prefix}:{t}"),
        ..Default::default()
    }
}

/// `displaytitle`: the title in MediaWiki's spans.
fn display_title(site: &crate::Site, t: &Title) -> String {
    let main = format!("<span class=\"mw-page-title-main\">{}</span>", t.text);
    match site.namespace_name(t.ns) {
        "" => main,
        ns => format!(
            "<span class=\"mw-page-title-namespace\">{ns}</span><span class=\"mw-page-title-separator\">:</span>{main}"
        ),
    }
}
