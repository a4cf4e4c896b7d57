//! What the fake reads from wikitext: links, templates, categories, the redirect target and the
//! section headings. There is no parser beyond that.
//!
//! - Links are `[[Target]]`, `[[Target|label]]` and `[[Target#fragment]]`. `[[:Category:X]]` and
//!   `[[:File:X]]` are links; `[[Category:X|sortkey]]` is a category; `[[File:…]]`, `[[Media:…]]`,
//!   `[[Special:…]]`, interwiki links (`[[mw:…]]`, any prefix of siteinfo's interwikimap) and
//!   fragment-only links (`[[#x]]`) are not recorded as links, as MediaWiki keeps them elsewhere or
//!   nowhere.
//! - Templates are `{{Name}}` and `{{Name|…}}`, in the Template namespace unless prefixed
//!   (`{{:X}}` is the main namespace, `{{User:X}}` the user namespace). Skipped: parser functions
//!   (`{{#if:…}}`), the magic words and parser functions siteinfo lists (`{{PAGENAME}}`,
//!   `{{lc:…}}`, `{{DISPLAYTITLE:…}}`), `subst:`/`safesubst:`, and template parameters (`{{{1}}}`).
//!   A template inside another one's arguments is found too; names built from other templates are
//!   not.
//! - `<!-- comments -->`, `<nowiki>`, `<pre>`, `<source>`/`<syntaxhighlight>`, `<math>` and
//!   `<includeonly>` bodies are blanked before anything is read.
//! - `{{DEFAULTSORT:key}}` gives its key to the categories that have none.
//! - The redirect is `#REDIRECT [[Target]]` at the start (any case, an optional colon).
//! - Headings are lines `== Title ==` (levels 1 to 6), outside the blanked parts.

use crate::site::Site;
use crate::title::Title;
use std::collections::BTreeSet;

/// What one wikitext links to, in the order the text gives it (no duplicates).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Links {
    /// `[[…]]` links to pages.
    pub links: Vec<Title>,
    /// `{{…}}` transclusions.
    pub templates: Vec<Title>,
    /// `[[Category:…]]`: the category's name (without prefix) and the sort key given (or `""`).
    pub categories: Vec<(String, String)>,
    /// `[[File:…]]`: the files shown (MediaWiki keeps them in imagelinks, not as links).
    pub files: Vec<Title>,
    /// Interwiki links: the prefix (lower-cased) and the title after it, with spaces.
    pub interwiki: Vec<(String, String)>,
}

/// One section heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6 (the number of `=`).
    pub level: usize,
    /// The heading's text, trimmed.
    pub line: String,
    /// Where the heading's line starts in the text, in bytes.
    pub offset: usize,
}

/// `text` with comments and the bodies of `nowiki`-like tags replaced by spaces (the same length,
/// so that offsets stay those of the original).
pub fn blank_inert(text: &str) -> String {
    let mut out = text.to_string();
    let lower = text.to_ascii_lowercase();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(p) = lower[i..].find("<!--") {
        let start = i + p;
        let end = lower[start..].find("-->").map_or(lower.len(), |e| start + e + 3);
        spans.push((start, end));
        i = end;
    }
    // `includeonly` bodies belong to the pages that transclude the text, not to its own page.
    for tag in ["nowiki", "pre", "source", "syntaxhighlight", "math", "includeonly"] {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let mut i = 0;
        while let Some(p) = lower[i..].find(&open) {
            let start = i + p;
            let Some(gt) = lower[start..].find('>') else { break };
            let body = start + gt + 1;
            if lower[..body].ends_with("/>") {
                i = body;
                continue;
            }
            let end = lower[body..].find(&close).map_or(lower.len(), |e| body + e + close.len());
            spans.push((start, end));
            i = end;
        }
    }
    for (s, e) in spans {
        let blank: String = out[s..e].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
        // Each char became one byte: pad to keep byte offsets.
        let pad = (e - s).saturating_sub(blank.len());
        out.replace_range(s..e, &format!("{blank}{}", " ".repeat(pad)));
    }
    out
}

/// The links, templates and categories of `text`.
pub fn links(site: &Site, text: &str) -> Links {
    let text = blank_inert(text);
    let interwiki = interwiki_prefixes(site);
    let mut out = Links::default();
    let (mut seen_l, mut seen_c) = (BTreeSet::new(), BTreeSet::new());
    let mut rest = text.as_str();
    while let Some(p) = rest.find("[[") {
        rest = &rest[p + 2..];
        let Some(end) = rest.find("]]") else { break };
        let inner = &rest[..end];
        if inner.contains("[[") || inner.contains('\n') {
            continue;
        }
        rest = &rest[end + 2..];
        let (target, label) = inner.split_once('|').map_or((inner, None), |(t, l)| (t, Some(l)));
        let target = target.trim();
        let forced = target.starts_with(':');
        let bare = target.trim_start_matches(':').trim();
        if bare.is_empty() || bare.starts_with('#') {
            continue;
        }
        if let Some((prefix, rest)) = bare.split_once(':') {
            let p = prefix.trim().to_lowercase();
            if !site.namespace_names.contains_key(&p) && interwiki.contains(&p) {
                let t = rest.replace('_', " ").trim().to_string();
                if !forced && !out.interwiki.iter().any(|(x, y)| *x == p && *y == t) {
                    out.interwiki.push((p, t));
                }
                continue;
            }
        }
        let Ok(t) = Title::parse(site, bare, 0) else { continue };
        match t.ns {
            14 if !forced => {
                let key = label.unwrap_or("").to_string();
                if seen_c.insert(t.text.clone()) {
                    out.categories.push((t.text, key));
                }
            }
            6 if !forced => {
                if !out.files.contains(&t) {
                    out.files.push(t);
                }
            }
            -1 | -2 => {}
            _ => {
                if seen_l.insert(t.clone()) {
                    out.links.push(t);
                }
            }
        }
    }
    out.templates = templates(site, &text);
    // `{{DEFAULTSORT:key}}` is the sort key of the categories that give none.
    if let Some(key) = default_sort(&text) {
        for (_, k) in out.categories.iter_mut().filter(|(_, k)| k.is_empty()) {
            k.clone_from(&key);
        }
    }
    out
}

/// The key of the last `{{DEFAULTSORT:…}}` (or `DEFAULTSORTKEY`, `DEFAULTCATEGORYSORT`) of `text`.
fn default_sort(text: &str) -> Option<String> {
    let mut found = None;
    let mut rest = text;
    while let Some(p) = rest.find("{{") {
        rest = &rest[p + 2..];
        let Some(end) = rest.find("}}") else { break };
        let inner = &rest[..end];
        if let Some((word, key)) = inner.split_once(':') {
            let w = word.trim().to_ascii_uppercase();
            if matches!(w.as_str(), "DEFAULTSORT" | "DEFAULTSORTKEY" | "DEFAULTCATEGORYSORT") {
                let key = key.split('|').next().unwrap_or("").trim();
                if !key.is_empty() {
                    found = Some(key.to_string());
                }
            }
        }
        rest = &rest[end + 2..];
    }
    found
}

/// Interwiki prefixes, lower-cased.
fn interwiki_prefixes(site: &Site) -> BTreeSet<String> {
    site.blocks
        .get("interwikimap")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|x| x["prefix"].as_str().map(str::to_lowercase)).collect())
        .unwrap_or_default()
}

/// Magic word aliases, each with whether it is case-sensitive.
type Words = Vec<(bool, String)>;

/// The magic words siteinfo lists: variables (`PAGENAME`), and the names that start a parser
/// function (`lc`, `displaytitle`), as `(case-sensitive, alias)`.
fn magic_words(site: &Site) -> (Words, Words) {
    let names = |key: &str| -> BTreeSet<String> {
        site.blocks
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    let (vars, funcs) = (names("variables"), names("functionhooks"));
    let (mut v, mut f) = (Vec::new(), Vec::new());
    for m in site.blocks.get("magicwords").and_then(|v| v.as_array()).into_iter().flatten() {
        let Some(name) = m["name"].as_str() else { continue };
        let cs = m["case-sensitive"].as_bool().unwrap_or(false);
        for a in m["aliases"].as_array().into_iter().flatten().filter_map(|a| a.as_str()) {
            let a = a.trim_end_matches(':').to_string();
            if vars.contains(name) {
                v.push((cs, a.clone()));
            }
            if funcs.contains(name) {
                f.push((cs, a));
            }
        }
    }
    (v, f)
}

fn matches_word(words: &Words, s: &str) -> bool {
    words.iter().any(|(cs, w)| if *cs { w == s } else { w.eq_ignore_ascii_case(s) })
}

/// The templates `text` (already blanked) transcludes.
fn templates(site: &Site, text: &str) -> Vec<Title> {
    let (vars, funcs) = magic_words(site);
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(p) = text[i..].find("{{") {
        let start = i + p;
        // `{{{…}}}` is a parameter: step over all its braces.
        let mut run = start;
        while run < bytes.len() && bytes[run] == b'{' {
            run += 1;
        }
        i = run;
        if run - start != 2 {
            continue;
        }
        let name_end = text[run..].find(['|', '}', '{']).map_or(text.len(), |e| run + e);
        let raw = text[run..name_end].trim();
        if raw.is_empty() || raw.starts_with('#') || raw.contains('\n') {
            continue;
        }
        let mut name = raw;
        if let Some((prefix, rest)) = raw.split_once(':') {
            let p = prefix.trim();
            if p.eq_ignore_ascii_case("subst") || p.eq_ignore_ascii_case("safesubst") {
                continue;
            }
            if ["msg", "raw", "msgnw"].iter().any(|m| p.eq_ignore_ascii_case(m)) {
                name = rest;
            } else if matches_word(&funcs, p) || matches_word(&vars, p) {
                continue;
            }
        }
        if matches_word(&vars, name.trim()) {
            continue;
        }
        let Ok(t) = Title::parse(site, name, 10) else { continue };
        if seen.insert(t.clone()) {
            out.push(t);
        }
    }
    out
}

/// The redirect target of `text` (`#REDIRECT [[Target#frag]]`), as written between the brackets
/// without the label: `Target#frag`.
pub fn redirect_target(text: &str) -> Option<String> {
    let t = text.trim_start();
    let head = t.get(..9)?;
    if !head.eq_ignore_ascii_case("#redirect") {
        return None;
    }
    let rest = t[9..].trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix("[[")?;
    let end = rest.find("]]")?;
    let inner = &rest[..end];
    let target = inner.split('|').next().unwrap_or("").trim();
    if target.is_empty() || target.contains('\n') {
        return None;
    }
    Some(target.to_string())
}

/// The headings of `text`, in order.
pub fn headings(text: &str) -> Vec<Heading> {
    let blanked = blank_inert(text);
    let mut out = Vec::new();
    let mut offset = 0;
    for line in blanked.split_inclusive('\n') {
        let l = line.trim_end();
        let lead = l.bytes().take_while(|&b| b == b'=').count();
        let trail = l.bytes().rev().take_while(|&b| b == b'=').count();
        let level = lead.min(trail).min(6);
        if level >= 1 && l.len() > 2 * level {
            let inner = &l[level..l.len() - level];
            if !inner.trim().is_empty() {
                out.push(Heading { level, line: inner.trim().to_string(), offset });
            }
        }
        offset += line.len();
    }
    out
}

/// The byte range of section `n` of `text` (0 is the text before the first heading; section `n`
/// runs from its heading to the next heading of the same or a higher level), or `None`.
pub fn section_range(text: &str, n: usize) -> Option<(usize, usize)> {
    let hs = headings(text);
    if n == 0 {
        return Some((0, hs.first().map_or(text.len(), |h| h.offset)));
    }
    let h = hs.get(n - 1)?;
    let end = hs[n..].iter().find(|x| x.level <= h.level).map_or(text.len(), |x| x.offset);
    Some((h.offset, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_templates_and_categories_are_read() {
        let site = Site::new("http://127.0.0.1:9/api.php");
        let l = links(
            &site,
            "a [[foo|bar]] [[Foo]] [[:Category:Y]] [[Category:X|key]] [[File:A.png]] [[mw:Help]] \
             {{Tpl}} {{:Main}} {{#if:x|y}} {{PAGENAME}} {{lc:X}} {{{1}}} <!-- [[Hidden]] --> [[b#s]]",
        );
        let full: Vec<String> = l.links.iter().map(|t| t.full(&site)).collect();
        assert_eq!(full, ["Foo", "Category:Y", "B"]);
        assert_eq!(l.categories, [("X".to_string(), "key".to_string())]);
        let tpl: Vec<String> = l.templates.iter().map(|t| t.full(&site)).collect();
        assert_eq!(tpl, ["Template:Tpl", "Main"]);
        assert_eq!(redirect_target("#redirect: [[Foo bar#x|y]]"), Some("Foo bar#x".into()));
        assert_eq!(redirect_target("x #REDIRECT [[Foo]]"), None);
    }

    #[test]
    fn sections_are_found() {
        let t = "top\n== A ==\na\n=== B ===\nb\n== C ==\nc";
        let hs = headings(t);
        assert_eq!(hs.iter().map(|h| h.line.as_str()).collect::<Vec<_>>(), ["A", "B", "C"]);
        let (s, e) = section_range(t, 1).unwrap_or_default();
        assert_eq!(&t[s..e], "== A ==\na\n=== B ===\nb\n");
        assert_eq!(section_range(t, 4), None);
    }
}
