//! A plain rendering of wikitext to HTML, in the shape of MediaWiki 1.39's parser output for the
//! simple cases: `<div class="mw-parser-output">`, paragraphs as BlockLevelPass makes them
//! (`<p>`, `<br />` for extra blank lines), headings with `mw-headline` and edit-section links,
//! one-level `*`/`#` lists, `''italic''` and `'''bold'''`, internal links (red links with
//! `class="new"` for missing pages, link trails), external links (`[url text]`, `[url]`, bare
//! URLs), and the transclusion of existing templates without parameters (three levels deep; a
//! missing template is a red link, as MediaWiki shows it).
//!
//! Not rendered (left as escaped text, or dropped): parser functions and magic words, template
//! parameters, tables, nested or definition lists, `<pre>`/`<nowiki>` and other tags (HTML tags
//! are kept only from a short list of inline ones), images, the table of contents, signatures,
//! `__NOTOC__`-like switches, language conversion, and the parser limit report.

use crate::title::Title;
use crate::{wikitext, Site};

/// What the renderer needs to know of the wiki.
pub(crate) struct Env<'a> {
    pub site: &'a Site,
    /// Whether a page exists.
    pub exists: &'a dyn Fn(&Title) -> bool,
    /// The wikitext of an existing page (templates).
    pub source: &'a dyn Fn(&Title) -> Option<String>,
    /// The page being rendered (its edit-section links).
    pub title: &'a Title,
    /// Edit-section links shown.
    pub edit_sections: bool,
}

const INLINE_TAGS: &[&str] = &[
    "b", "i", "u", "s", "strong", "em", "code", "small", "big", "sub", "sup", "br", "span", "del", "ins",
    "abbr",
];

/// MediaWiki's `wfUrlencode`: `%`-encoding but for `;@$!*(),/~:` and unreserved characters.
pub(crate) fn url_encode(s: &str) -> String {
    crate::util::percent_encode(s, b"-_.;@$!*(),/~:")
}

/// PHP's `htmlspecialchars` (quotes too), for attributes.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#039;")
}

/// Text escaped as the sanitizer leaves it: entities kept, allowed inline tags kept.
fn escape_text(s: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    let b = s.as_bytes();
    while i < s.len() {
        let c = s[i..].chars().next().unwrap_or(' ');
        match c {
            '&' => {
                let rest = &s[i + 1..];
                let entity = rest
                    .find(';')
                    .filter(|&e| e > 0 && e < 10)
                    .is_some_and(|e| rest[..e].chars().all(|x| x.is_ascii_alphanumeric() || x == '#'));
                out.push_str(if entity { "&" } else { "&amp;" });
            }
            '<' => {
                let rest = &s[i + 1..];
                let name: String =
                    rest.trim_start_matches('/').chars().take_while(|x| x.is_ascii_alphanumeric()).collect();
                let close = rest.find('>');
                if INLINE_TAGS.contains(&name.to_ascii_lowercase().as_str()) && close.is_some() {
                    let end = i + 1 + close.unwrap_or(0) + 1;
                    out.push_str(&s[i..end]);
                    i = end;
                    continue;
                }
                out.push_str("&lt;");
            }
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
        i += c.len_utf8();
        let _ = b;
    }
    out
}

/// The href and attributes of a link to `t` (with `frag`).
fn link_html(env: &Env<'_>, t: &Title, frag: Option<&str>, label: &str) -> String {
    let full = t.full(env.site);
    let key = url_encode(&full.replace(' ', "_"));
    if (env.exists)(t) {
        let frag = frag.map_or(String::new(), |f| format!("#{}", url_encode(&f.replace(' ', "_"))));
        format!("<a href=\"/index.php/{key}{frag}\" title=\"{}\">{label}</a>", attr(&full))
    } else {
        format!(
            "<a href=\"/index.php?title={key}&amp;action=edit&amp;redlink=1\" class=\"new\" title=\"{} (page does not exist)\">{label}</a>",
            attr(&full)
        )
    }
}

/// Bold and italic quotes of one line.
fn quotes(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    let (mut b, mut i) = (false, false);
    while let Some(p) = rest.find("''") {
        out.push_str(&rest[..p]);
        let run = rest[p..].bytes().take_while(|&c| c == b'\'').count();
        let tag = match run {
            2 => {
                i = !i;
                if i {
                    "<i>"
                } else {
                    "</i>"
                }
            }
            3 => {
                b = !b;
                if b {
                    "<b>"
                } else {
                    "</b>"
                }
            }
            _ => {
                out.push_str(&rest[p..p + run]);
                rest = &rest[p + run..];
                continue;
            }
        };
        out.push_str(tag);
        rest = &rest[p + run..];
    }
    out.push_str(rest);
    if b {
        out.push_str("</b>");
    }
    if i {
        out.push_str("</i>");
    }
    out
}

/// Templates replaced by their pages' text (or a red link), `depth` levels deep.
fn transclude(env: &Env<'_>, text: &str, depth: usize) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(p) = rest.find("{{") {
        out.push_str(&rest[..p]);
        let after = &rest[p + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[p..]);
            return out;
        };
        let inner = &after[..end];
        let name = inner.split('|').next().unwrap_or("").trim();
        let found = wikitext::links(env.site, &format!("{{{{{name}}}}}")).templates.into_iter().next();
        match found {
            Some(t) if depth > 0 => match (env.source)(&t) {
                Some(src) => out.push_str(&transclude(env, &src, depth - 1)),
                None => out.push_str(&format!("[[:{}]]", t.full(env.site))),
            },
            _ => out.push_str(&format!("{{{{{inner}}}}}")),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The inline markup of one line: links, external links, quotes.
fn inline(env: &Env<'_>, line: &str, ext: &mut usize) -> String {
    let mut out = String::new();
    let mut rest = line;
    loop {
        let int = rest.find("[[");
        let ex = rest
            .find('[')
            .filter(|&p| rest[p..].starts_with("[http://") || rest[p..].starts_with("[https://"));
        let bare = ["http://", "https://"].iter().filter_map(|s| rest.find(s)).min();
        let next = [int, ex, bare].into_iter().flatten().min();
        let Some(p) = next else { break };
        out.push_str(&escape_text(&rest[..p]));
        let here = &rest[p..];
        if Some(p) == int {
            if let Some(end) = here.find("]]") {
                let inner = &here[2..end];
                let (target, label) = inner.split_once('|').map_or((inner, None), |(t, l)| (t, Some(l)));
                let bare_target = target.trim().trim_start_matches(':');
                let mut after = &here[end + 2..];
                let trail: String = after.chars().take_while(|c| c.is_ascii_lowercase()).collect();
                after = &after[trail.len()..];
                if let Ok(t) = Title::parse(env.site, bare_target, 0) {
                    let category = t.ns == 14 && !target.trim().starts_with(':');
                    if !category {
                        let frag = bare_target.split_once('#').map(|(_, f)| f);
                        let text = format!(
                            "{}{trail}",
                            escape_text(label.unwrap_or(target.trim_start_matches(':')))
                        );
                        out.push_str(&link_html(env, &t, frag, &text));
                    }
                    rest = after;
                    continue;
                }
            }
            out.push_str("[[");
            rest = &here[2..];
        } else if Some(p) == ex {
            let end = here.find(']').unwrap_or(here.len());
            let inner = &here[1..end];
            let (url, label) = inner.split_once(' ').map_or((inner, None), |(u, l)| (u, Some(l)));
            match label {
                Some(l) => out.push_str(&format!(
                    "<a rel=\"nofollow\" class=\"external text\" href=\"{}\">{}</a>",
                    attr(url),
                    escape_text(l)
                )),
                None => {
                    *ext += 1;
                    out.push_str(&format!(
                        "<a rel=\"nofollow\" class=\"external autonumber\" href=\"{}\">[{ext}]</a>",
                        attr(url)
                    ));
                }
            }
            rest = here.get(end + 1..).unwrap_or("");
        } else {
            let end = here.find(|c: char| c.is_whitespace() || "<>[]\"".contains(c)).unwrap_or(here.len());
            let url = &here[..end];
            out.push_str(&format!(
                "<a rel=\"nofollow\" class=\"external free\" href=\"{}\">{}</a>",
                attr(url),
                escape_text(url)
            ));
            rest = &here[end..];
        }
    }
    out.push_str(&escape_text(rest));
    quotes(&out)
}

/// The external links of `text`, in order, without duplicates: `[url …]` and bare URLs.
pub(crate) fn external_links(text: &str) -> Vec<String> {
    let text = strip_comments(text);
    let mut out: Vec<String> = Vec::new();
    let mut rest = text.as_str();
    while let Some(p) = ["http://", "https://"].iter().filter_map(|s| rest.find(s)).min() {
        let here = &rest[p..];
        let end = here.find(|c: char| c.is_whitespace() || "<>[]\"{}|".contains(c)).unwrap_or(here.len());
        let url = here[..end].to_string();
        if !out.contains(&url) {
            out.push(url);
        }
        rest = &here[end..];
    }
    out
}

/// The anchor of a heading (spaces as underscores).
pub(crate) fn anchor(line: &str) -> String {
    line.trim().replace(' ', "_")
}

/// The parser output's HTML of `text`.
pub(crate) fn render(env: &Env<'_>, text: &str) -> String {
    let text = strip_categories(&transclude(env, &strip_comments(text), 3));
    let mut html_lines: Vec<(bool, String)> = Vec::new(); // (block element, html)
    let mut section = 0;
    let mut ext = 0;
    let mut list: Option<(char, Vec<String>)> = None;
    let flush_list = |list: &mut Option<(char, Vec<String>)>, out: &mut Vec<(bool, String)>| {
        if let Some((kind, items)) = list.take() {
            let tag = if kind == '*' { "ul" } else { "ol" };
            let body = items.iter().map(|i| format!("<li>{i}</li>")).collect::<Vec<_>>().join("\n");
            out.push((true, format!("<{tag}>{body}</{tag}>")));
        }
    };
    for raw in text.split('\n') {
        let h = wikitext::headings(raw);
        if let Some(h) = h.first() {
            flush_list(&mut list, &mut html_lines);
            section += 1;
            let edit = if env.edit_sections {
                let key = url_encode(&env.title.full(env.site).replace(' ', "_"));
                format!(
                    "<span class=\"mw-editsection\"><span class=\"mw-editsection-bracket\">[</span><a href=\"/index.php?title={key}&amp;action=edit&amp;section={section}\" title=\"Edit section: {}\">edit</a><span class=\"mw-editsection-bracket\">]</span></span>",
                    attr(&h.line)
                )
            } else {
                String::new()
            };
            let l = h.level;
            let inner = inline(env, &h.line, &mut ext);
            html_lines.push((
                true,
                format!(
                    "<h{l}><span class=\"mw-headline\" id=\"{}\">{inner}</span>{edit}</h{l}>",
                    attr(&anchor(&h.line))
                ),
            ));
            continue;
        }
        if let Some(kind) = raw.chars().next().filter(|c| *c == '*' || *c == '#') {
            let item = inline(env, raw[1..].trim(), &mut ext);
            match &mut list {
                Some((k, items)) if *k == kind => items.push(item),
                _ => {
                    flush_list(&mut list, &mut html_lines);
                    list = Some((kind, vec![item]));
                }
            }
            continue;
        }
        flush_list(&mut list, &mut html_lines);
        html_lines.push((false, inline(env, raw, &mut ext)));
    }
    flush_list(&mut list, &mut html_lines);
    format!("<div class=\"mw-parser-output\">{}</div>", block_levels(&html_lines))
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(p) = rest.find("<!--") {
        out.push_str(&rest[..p]);
        rest = rest[p..].find("-->").map_or("", |e| &rest[p + e + 3..]);
    }
    out.push_str(rest);
    out
}

/// The text without its `[[Category:…]]` links, each taking the white space before it away (as
/// the parser does, T2087).
fn strip_categories(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(p) = rest.find("[[") {
        let Some(end) = rest[p..].find("]]") else { break };
        let inner = &rest[p + 2..p + end];
        let target = inner.split('|').next().unwrap_or("").trim();
        let is_cat = target.split_once(':').is_some_and(|(ns, _)| ns.trim().eq_ignore_ascii_case("category"));
        out.push_str(&rest[..p]);
        if is_cat {
            out.truncate(out.trim_end().len());
        } else {
            out.push_str(&rest[p..p + end + 2]);
        }
        rest = &rest[p + end + 2..];
    }
    out.push_str(rest);
    out
}

/// BlockLevelPass's paragraphs over lines, block elements closing them.
fn block_levels(lines: &[(bool, String)]) -> String {
    let mut out = String::new();
    let mut last = "";
    let mut pending: Option<&str> = None;
    let n = lines.len();
    let close = |last: &mut &str, at_end: bool| -> String {
        let r = if last.is_empty() {
            String::new()
        } else {
            format!("</{last}>{}", if at_end { "" } else { "\n" })
        };
        *last = "";
        r
    };
    for (i, (block, t)) in lines.iter().enumerate() {
        if *block {
            pending = None;
            out.push_str(&close(&mut last, false));
            out.push_str(t);
            if i + 1 < n {
                out.push('\n');
            }
            continue;
        }
        if t.trim().is_empty() {
            if let Some(p) = pending.take() {
                out.push_str(p);
                out.push_str("<br />");
                last = "p";
            } else if last != "p" {
                out.push_str(&close(&mut last, false));
                pending = Some("<p>");
            } else {
                pending = Some("</p><p>");
            }
        } else if let Some(p) = pending.take() {
            out.push_str(p);
            last = "p";
        } else if last != "p" {
            out.push_str(&close(&mut last, false));
            out.push_str("<p>");
            last = "p";
        }
        if pending.is_none() {
            out.push_str(t);
            if i + 1 < n || !last.is_empty() {
                out.push('\n');
            }
        }
    }
    out.push_str(&close(&mut last, true));
    out
}
