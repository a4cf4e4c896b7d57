//! MediaWiki's help wikitext reduced to plain Markdown for rustdoc.

/// Converts wikitext to rustdoc-safe Markdown: links to their text, `<var>`/`<kbd>`/`<code>` to code
/// spans, definition lists and bullets to Markdown lists, other tags dropped, entities decoded. Lines
/// are trimmed so nothing becomes an indented code block (a doctest).
pub fn wikitext_to_markdown(wikitext: &str) -> String {
    let text = links(wikitext);
    let text = tags(&text);
    let text = entities(&text).replace("'''", "**").replace("''", "*");
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let line = if let Some(def) = line.strip_prefix(';') {
            match def.split_once(':') {
                Some((term, rest)) => format!("- {}: {}", term.trim(), rest.trim()),
                None => format!("- {}", def.trim()),
            }
        } else if let Some(item) =
            line.strip_prefix('*').or_else(|| line.strip_prefix('#')).filter(|_| !line.starts_with("**"))
        {
            format!("- {}", item.trim())
        } else if let Some(rest) = line.strip_prefix(':') {
            rest.trim().to_string()
        } else {
            line.to_string()
        };
        // Markdown would take a leading `#` for a heading and triple backticks for a code block.
        let line = line.replace("```", "'''");
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        // A paragraph right after a list item would continue the item: separate them.
        if !line.is_empty() && !line.starts_with("- ") && out.last().is_some_and(|l| l.starts_with("- ")) {
            out.push(String::new());
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// `[[target|text]]` → text, `[[target]]` → target, `[url text]` → text (<url>), `[url]` → <url>.
fn links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        if let Some(inner) = after.strip_prefix("[[") {
            if let Some(end) = inner.find("]]") {
                let body = &inner[..end];
                let text = body.rsplit_once('|').map(|(_, t)| t).unwrap_or(body);
                out.push_str(text);
                rest = &inner[end + 2..];
                continue;
            }
        } else if after[1..].starts_with("http") || after[1..].starts_with("//") {
            if let Some(end) = after.find(']') {
                let body = &after[1..end];
                match body.split_once(' ') {
                    Some((url, text)) => {
                        out.push_str(text);
                        out.push_str(" (<");
                        out.push_str(url);
                        out.push_str(">)");
                    }
                    None => {
                        out.push('<');
                        out.push_str(body);
                        out.push('>');
                    }
                }
                rest = &after[end + 1..];
                continue;
            }
        }
        out.push('[');
        rest = &after[1..];
    }
    out.push_str(rest);
    out
}

/// Code-ish tags become backticks; `<br>`, `<p>` and `<div>` break lines; other tags vanish.
fn tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(end) = after.find('>') else {
            out.push_str(after);
            return out;
        };
        let tag = &after[1..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let known = matches!(
            name.as_str(),
            "var"
                | "kbd"
                | "code"
                | "samp"
                | "tt"
                | "span"
                | "div"
                | "p"
                | "br"
                | "strong"
                | "b"
                | "i"
                | "em"
                | "small"
                | "sup"
                | "sub"
                | "ul"
                | "li"
                | "ol"
                | "dl"
                | "dd"
                | "dt"
                | "pre"
                | "nowiki"
                | "s"
                | "del"
                | "u"
        );
        if !known {
            // Not a tag (`a < b`, `<ID>`): keep the text.
            out.push('<');
            rest = &after[1..];
            continue;
        }
        match name.as_str() {
            "var" | "kbd" | "code" | "samp" | "tt" => out.push('`'),
            "br" | "p" | "div" | "li" | "ul" | "ol" | "dl" | "pre" => out.push('\n'),
            _ => {}
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let decoded = after.find(';').filter(|&e| e <= 10).and_then(|e| {
            let ent = &after[1..e];
            let c = match ent {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => ent
                    .strip_prefix("#x")
                    .or_else(|| ent.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduces_help_wikitext() {
        let wt = "Get a token from [[Special:ApiHelp/query+tokens|action=query&meta=tokens]].\n\n;<span dir=\"ltr\" lang=\"en\">ids</span>:The IDs.\n;size:The <var>size</var>, see [https://example.org/x the docs].\nUse <kbd>fromtext-&#x7B;slot}</kbd>.";
        assert_eq!(
            wikitext_to_markdown(wt),
            "Get a token from action=query&meta=tokens.\n\n- ids: The IDs.\n- size: The `size`, see the docs (<https://example.org/x>).\n\nUse `fromtext-{slot}`."
        );
    }

    #[test]
    fn lists_end_before_paragraphs() {
        assert_eq!(wikitext_to_markdown("* a\n* b\nText"), "- a\n- b\n\nText");
    }

    #[test]
    fn never_indents() {
        let md = wikitext_to_markdown("a\n        indented\n\n\n\nb");
        assert_eq!(md, "a\nindented\n\nb");
    }

    #[test]
    fn keeps_non_tags() {
        assert_eq!(wikitext_to_markdown("a <b> c <ID> 1 < 2"), "a  c <ID> 1 < 2");
    }
}
