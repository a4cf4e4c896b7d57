//! Documentation: MediaWiki's help wikitext reduced to plain Markdown for rustdoc, the facts each
//! module and parameter doc adds, and `#[doc]` attributes wrapped to a readable width.

use crate::ir::{FieldKind, Group, Ir, ModuleIr, ParamIr, ValueType, WireType};
use proc_macro2::TokenStream;
use quote::quote;

/// The widest doc text line; with the indentation and `/// ` a line stays within 100 columns.
const WIDTH: usize = 92;

/// `#[doc = "…"]` lines for a Markdown text, long lines wrapped.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.lines().flat_map(wrap).map(|l| if l.is_empty() { l } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

/// One Markdown line as lines of at most [`WIDTH`] characters where spaces allow. A line never
/// starts with what would begin a list, a heading, a quote or HTML; a list item's continuation lines
/// are indented under its text.
pub(crate) fn wrap(line: &str) -> Vec<String> {
    if line.chars().count() <= WIDTH {
        return vec![line.to_string()];
    }
    // Under the text of a (nested) list item: past every `- ` and `* ` it starts with.
    let mut marker = line;
    while let Some(rest) = marker.strip_prefix("- ").or_else(|| marker.strip_prefix("* ")) {
        marker = rest;
    }
    let indent = " ".repeat(line.len() - marker.len());
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        let fits = current.chars().count() + 1 + word.chars().count() <= WIDTH;
        if current.is_empty() || fits || !safe_line_start(word) {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        } else {
            out.push(std::mem::take(&mut current));
            current = format!("{indent}{word}");
        }
    }
    out.push(current);
    out
}

/// Whether a line may start with `word` without becoming a list item, heading, quote, table,
/// setext underline or HTML block.
fn safe_line_start(word: &str) -> bool {
    let Some(first) = word.chars().next() else { return false };
    let numbered = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let ordered = first.is_ascii_digit() && (numbered.starts_with('.') || numbered.starts_with(')'));
    !matches!(first, '-' | '*' | '+' | '#' | '>' | '|' | '=' | '<' | '~') && !ordered
}

/// The module's struct documentation: its description, then what a caller must know.
pub fn module_doc(m: &ModuleIr) -> String {
    let mut out = m.description.as_deref().map(wikitext_to_markdown).unwrap_or_default();
    if out.is_empty() {
        out = format!("The `{}` module.", m.path);
    }
    let call = match m.path.split_once('+') {
        Some((parent, sub)) => format!("`action={parent}&{}={sub}`", m.group.spec_name()),
        None if m.group == Group::Format => format!("`format={}`", m.name),
        None if m.group == Group::Main => "the main module (`api.php`)".to_string(),
        None => format!("`action={}`", m.name),
    };
    let prefix =
        if m.prefix.is_empty() { String::new() } else { format!(", parameter prefix `{}`", m.prefix) };
    let mut facts = vec![format!("Module `{}`: {call}{prefix}.", m.path)];
    if m.flags.mustbeposted {
        facts.push("Must be sent by POST.".into());
    }
    if let Some(t) = &m.token {
        facts.push(format!("Needs a `{t}` token."));
    }
    if m.flags.writerights {
        facts.push("Requires write rights.".into());
    } else if m.flags.readrights {
        facts.push("Requires read rights.".into());
    }
    let flags = [
        (m.flags.generator, "Can be used as a generator."),
        (m.flags.internal, "Internal: may change without notice."),
        (m.flags.deprecated, "Deprecated."),
        (m.dynamic_params, "Takes further parameters that depend on the request (see the module's help)."),
    ];
    facts.extend(flags.into_iter().filter(|(on, _)| *on).map(|(_, text)| text.to_string()));
    out.push_str("\n\n");
    out.push_str(&facts.join(" "));
    if !m.constraints.is_empty() {
        out.push_str("\n\nThe module checks, in this order (the client too, before sending, where it knows the caller):\n");
        for c in &m.constraints {
            out.push_str(&format!("\n- {}", constraint_doc(m, c)));
        }
    }
    if let Some(url) = &m.help_url {
        out.push_str(&format!("\n\n<{url}>"));
    }
    out
}

/// One constraint of `m` in words, its parameters named by their fields.
fn constraint_doc(m: &ModuleIr, c: &crate::spec::Constraint) -> String {
    use crate::spec::ConstraintRule as R;
    let field = |name: &str| {
        let f = m.params.iter().find(|p| p.name == name).map_or(name, |p| p.field.trim_start_matches("r#"));
        format!("`{f}`")
    };
    let fields: Vec<String> = c.params.iter().map(|p| field(p)).collect();
    let list = |joiner: &str| match fields.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} {joiner} {last}", init.join(", ")),
        _ => fields.join(""),
    };
    let held = match (c.rule, c.params.first().and_then(|p| m.params.iter().find(|q| &q.name == p))) {
        (R::OnlyOne, Some(p)) if matches!(p.kind, FieldKind::PageRef { .. }) => Some(p),
        _ => None,
    };
    let mut text = match c.rule {
        R::OnlyOne if held.is_some() => {
            let wire: Vec<String> = c.params.iter().map(|p| format!("`{}{p}`", m.prefix)).collect();
            let f = held.map_or("", |p| p.field.trim_start_matches("r#"));
            format!("exactly one of {}, which `{f}` always sends", wire.join(" and "))
        }
        R::OnlyOne => format!("exactly one of {}", list("and")),
        R::AtLeastOne => format!("at least one of {}", list("and")),
        R::MaxOne => format!("at most one of {}", list("and")),
        R::CannotUseWith => format!("{} not with {}", fields[0], fields[1..].join(" or ")),
        R::MustUseWith => format!("{} only with {}", fields[0], fields.get(1).cloned().unwrap_or_default()),
        R::Right => {
            let rights: Vec<String> = c.rights.iter().map(|r| format!("`{r}`")).collect();
            format!("the caller has the right {}", rights.join(" or "))
        }
        R::LoggedIn => "the caller is logged in".to_string(),
        R::EnforceRange => format!("{} within range", list("and")),
        R::ExclusiveValues => {
            let pairs: Vec<String> = c.pairs.iter().map(|[a, b]| format!("`{a}` and `{b}`")).collect();
            format!("{} without both of {}", list("and"), pairs.join(", "))
        }
    };
    if let Some(w) = &c.when {
        match &w.value {
            Some(v) => text.push_str(&format!(", when {} has `{v}`", field(&w.param))),
            None => text.push_str(&format!(", when {} is given", field(&w.param))),
        }
    }
    if !c.unlessgiven.is_empty() {
        let given: Vec<String> = c.unlessgiven.iter().map(|p| field(p)).collect();
        text.push_str(&format!(", unless {} are given", given.join(" and ")));
    }
    if !c.ingenerator {
        text.push_str(" (not as a generator)");
    }
    let code = c.code.as_deref().unwrap_or(match c.rule {
        R::OnlyOne | R::AtLeastOne => "missingparam",
        R::Right => "permissiondenied",
        R::LoggedIn => "notloggedin",
        R::EnforceRange => "outofrange",
        R::ExclusiveValues => "show",
        _ => "invalidparammix",
    });
    format!("{text}; else `{code}`.")
}

/// A parameter's field documentation: its description, then its wire name (where it is not the
/// field's name), the enum it takes (a link), its limits and flags.
pub fn param_doc(ir: &Ir, m: &ModuleIr, p: &ParamIr) -> String {
    if let FieldKind::PageRef { id } = p.kind {
        return page_ref_doc(m, p, &m.params[id]);
    }
    let out = p.description.as_deref().map(wikitext_to_markdown).unwrap_or_default();
    let wire = match &p.template {
        Some((var, source)) => {
            format!(
                "Sent as `{}{}`, once for each value of `{}{source}` in place of `{{{var}}}`.",
                m.prefix, p.name, m.prefix
            )
        }
        // Said only where the wire name is not the field's own.
        None if m.prefix.is_empty() && p.field.trim_start_matches("r#") == p.name => String::new(),
        None => format!("Sent as `{}{}`.", m.prefix, p.name),
    };
    let mut facts: Vec<String> = Some(wire).filter(|w| !w.is_empty()).into_iter().collect();
    let enums: Vec<&str> =
        p.kind.enums().into_iter().filter_map(|i| ir.enums.get(i)).map(|e| e.name.as_str()).collect();
    if !enums.is_empty() {
        let links: Vec<String> = enums.iter().map(|n| format!("[`{n}`]")).collect();
        facts.push(format!("Values: {}.", links.join(", ")));
    }
    if p.required {
        facts.push("Required.".into());
    }
    if let Some(d) = &p.default {
        facts.push(if d.is_empty() { "Default: empty.".to_string() } else { format!("Default: `{d}`.") });
    }
    if let Some(multi) = &p.multi {
        facts.push(format!("At most {} values ({} with `apihighlimits`).", multi.limit, multi.high_limit));
        if let Some(all) = &multi.all {
            facts.push(format!("`{all}` means every value."));
        }
    }
    match &p.wire {
        WireType::Integer { min, max, high_max } => facts.push(range_doc(*min, *max, *high_max)),
        WireType::Limit { min, max, high_max } => {
            facts.push(format!("`max`, or a number. {}", range_doc(Some(*min), Some(*max), Some(*high_max))));
        }
        _ => {}
    }
    if p.sensitive {
        facts.push("Sensitive: sent only in a POST body.".into());
    }
    if p.deprecated {
        facts.push("Deprecated.".into());
    }
    if !p.deprecated_values.is_empty() {
        facts.push(format!("Deprecated values: {}.", p.deprecated_values.join(", ")));
    }
    facts.retain(|f| !f.is_empty());
    // A one-paragraph description takes the facts as its last sentences; after a list or several
    // paragraphs they get a paragraph of their own.
    let facts = facts.join(" ");
    match out.as_str() {
        "" => facts,
        one if !one.contains('\n') => {
            format!("{one}{} {facts}", if one.ends_with(['.', '!', '?', ':']) { "" } else { "." })
        }
        _ => format!("{out}\n\n{facts}"),
    }
}

/// The doc of a [`PageRef`](FieldKind::PageRef) field: what each variant sends, with the two
/// parameters' own descriptions.
fn page_ref_doc(m: &ModuleIr, title: &ParamIr, id: &ParamIr) -> String {
    let (t, i) = (format!("{}{}", m.prefix, title.name), format!("{}{}", m.prefix, id.name));
    // "Cannot be used together with `pageid`." goes: the type says so.
    let text = |p: &ParamIr| {
        let d = p.description.as_deref().map(wikitext_to_markdown).unwrap_or_default().replace('\n', " ");
        match d.find("Cannot be used together with") {
            Some(at) => {
                let rest = &d[at..];
                let end = rest.find(". ").map_or(rest.len(), |e| e + 2);
                format!("{}{}", &d[..at], &rest[end..]).trim_end().to_string()
            }
            None => d,
        }
    };
    format!(
        "The page, by title or by id: the module takes exactly one of `{t}` and `{i}`. Required.\n\n\
         - `Title`: sent as `{t}`. {}\n- `Id`: sent as `{i}`. {}",
        text(title),
        text(id)
    )
}

fn range_doc(min: Option<i64>, max: Option<i64>, high_max: Option<i64>) -> String {
    let high = match (max, high_max) {
        (Some(m), Some(h)) if h > m => format!(" ({h} with `apihighlimits`)"),
        _ => String::new(),
    };
    match (min, max) {
        (Some(lo), Some(hi)) => {
            format!("From {lo} to {hi}{high}; values outside are clamped, with a warning.")
        }
        (Some(lo), None) => format!("At least {lo}; lower values are clamped, with a warning."),
        (None, Some(hi)) => format!("At most {hi}{high}; higher values are clamped, with a warning."),
        (None, None) => String::new(),
    }
}

/// The help text of each value of enum `e`, where a parameter using it describes its values as a
/// definition list (`;ids:The ID of the revision.`); the first parameter that does wins.
pub fn value_docs(ir: &Ir, e: usize) -> Vec<Option<String>> {
    let values = &ir.enums[e].values;
    let mut out: Vec<Option<String>> = vec![None; values.len()];
    let uses_enum = |p: &&ParamIr| match &p.kind {
        FieldKind::Single { value, .. } | FieldKind::Multi { value, .. } => *value == ValueType::Enum(e),
        FieldKind::Templated { value, .. } => *value == ValueType::Enum(e),
        _ => false,
    };
    let params = ir.modules.iter().flat_map(|m| m.params.iter()).filter(uses_enum);
    for text in params.filter_map(|p| p.description.as_deref()).map(wikitext_to_markdown) {
        for (term, help) in text.lines().filter_map(|l| l.strip_prefix("- ")?.split_once(": ")) {
            let term = term.trim().trim_matches('`');
            if let Some(i) = values.iter().position(|v| v == term) {
                if out[i].is_none() && !help.trim().is_empty() {
                    out[i] = Some(help.trim().to_string());
                }
            }
        }
    }
    out
}

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
    let mut code_depth = 0usize;
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
            // Nested code tags (`<kbd>user=#<var>ID</var></kbd>`) make one code span: Markdown
            // cannot nest them.
            "var" | "kbd" | "code" | "samp" | "tt" => {
                let closing = tag.starts_with('/');
                if closing {
                    code_depth = code_depth.saturating_sub(1);
                }
                if code_depth == 0 {
                    out.push('`');
                }
                if !closing && !tag.ends_with('/') {
                    code_depth += 1;
                }
            }
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
    fn nested_code_tags_make_one_span() {
        assert_eq!(
            wikitext_to_markdown("Specify <kbd>user=#<var>ID</var></kbd> instead."),
            "Specify `user=#ID` instead."
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
    fn wraps_long_lines_at_safe_words() {
        let long = format!("{} - not a list item", "word ".repeat(17).trim_end());
        let lines = wrap(&long);
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH), "{lines:?}");
        assert!(lines.iter().skip(1).all(|l| safe_line_start(l)), "{lines:?}");
        assert_eq!(lines.join(" "), long);
        let item = format!("- {}", "word ".repeat(20).trim_end());
        assert!(wrap(&item)[1].starts_with("  word"));
    }

    #[test]
    fn keeps_non_tags() {
        assert_eq!(wikitext_to_markdown("a <b> c <ID> 1 < 2"), "a  c <ID> 1 < 2");
    }
}
