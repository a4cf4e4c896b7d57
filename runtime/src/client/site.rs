//! The wiki's namespaces, from `meta=siteinfo` ([`Client::site_info`]), and titles normalised
//! with them as MediaWiki's title codec does ([`SiteInfo::normalize`]): underscores and runs of
//! spaces become one space, a namespace prefix is matched by its local or canonical name or an
//! alias whatever its case, and the first letter is upper-cased where the namespace says so.

use super::{Client, ClientError};
use serde::Deserialize;
use serde_json::Value;

/// One namespace of the wiki, as `siprop=namespaces` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SiteNamespace {
    /// The namespace's number.
    pub id: i64,
    /// Its local name (`""` for the main namespace).
    pub name: String,
    /// Its canonical (English) name, when it has one.
    #[serde(default)]
    pub canonical: Option<String>,
    /// `first-letter` (titles start upper-case) or `case-sensitive`.
    pub case: String,
    /// Whether `/` makes subpages in it.
    #[serde(default)]
    pub subpages: bool,
}

/// The wiki's namespaces and their aliases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInfo {
    /// Every namespace, by number.
    pub namespaces: Vec<SiteNamespace>,
    /// Other names of namespaces (`Image` for `File`), with the namespace's number.
    pub aliases: Vec<(String, i64)>,
}

/// A title as MediaWiki normalises it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalTitle {
    /// The namespace's number.
    pub ns: i64,
    /// The title without its namespace prefix (`Foo bar`).
    pub text: String,
    /// The whole title, with the namespace's local name (`Talk:Foo bar`).
    pub full: String,
}

/// Characters no title may hold (`$wgLegalTitleChars` leaves them out).
const ILLEGAL: &[char] = &['<', '>', '[', ']', '|', '{', '}', '\u{7f}'];

impl SiteInfo {
    /// Reads `query.namespaces` and `query.namespacealiases` of a `meta=siteinfo` answer.
    pub fn from_query(query: &Value) -> Result<SiteInfo, String> {
        let map = query.get("namespaces").and_then(Value::as_object).ok_or("no query.namespaces")?;
        let mut namespaces = Vec::with_capacity(map.len());
        for (key, ns) in map {
            let ns = SiteNamespace::deserialize(ns).map_err(|e| format!("query.namespaces.{key}: {e}"))?;
            namespaces.push(ns);
        }
        namespaces.sort_by_key(|n| n.id);
        let mut aliases = Vec::new();
        for a in query.get("namespacealiases").and_then(Value::as_array).into_iter().flatten() {
            if let (Some(name), Some(id)) =
                (a.get("alias").and_then(Value::as_str), a.get("id").and_then(Value::as_i64))
            {
                aliases.push((name.to_string(), id));
            }
        }
        Ok(SiteInfo { namespaces, aliases })
    }

    /// The namespace called `name` (local, canonical or alias, in any case, `_` for spaces).
    pub fn namespace_named(&self, name: &str) -> Option<&SiteNamespace> {
        let key = fold(name);
        let id = self
            .namespaces
            .iter()
            .find(|n| fold(&n.name) == key || n.canonical.as_deref().is_some_and(|c| fold(c) == key))
            .map(|n| n.id)
            .or_else(|| self.aliases.iter().find(|(a, _)| fold(a) == key).map(|(_, id)| *id))?;
        self.namespaces.iter().find(|n| n.id == id)
    }

    /// `title` as MediaWiki normalises it, or `None` when it is not a valid title (empty, only a
    /// namespace, over 255 bytes, holding `<>[]|{}`, or the talk page of a talk page). A `#section` is dropped. Interwiki prefixes are not known here: `foo:bar` stays
    /// in the main namespace as `Foo:bar`, as on a wiki with no interwiki `foo`.
    pub fn normalize(&self, title: &str) -> Option<NormalTitle> {
        let spaced = squash(title);
        let mut rest = spaced.strip_prefix(':').map(str::trim_start).unwrap_or(&spaced);
        let mut ns = self.namespaces.iter().find(|n| n.id == 0)?;
        if let Some((prefix, after)) = rest.split_once(':') {
            if let Some(found) = self.namespace_named(prefix.trim_end()).filter(|n| n.id != 0) {
                ns = found;
                rest = after.trim_start();
                // `Talk:Help:x` would be the talk page of a talk page: no such title.
                let names_another =
                    rest.split_once(':').is_some_and(|(p, _)| self.namespace_named(p.trim_end()).is_some());
                if ns.id == 1 && names_another {
                    return None;
                }
            }
        }
        // `X#y` is the title `X` (a section of it).
        let rest = rest.split('#').next().unwrap_or_default().trim_end();
        if rest.is_empty() || rest.len() > 255 || rest.contains(ILLEGAL) || rest.chars().any(char::is_control)
        {
            return None;
        }
        let text = if ns.case == "first-letter" { upper_first(rest) } else { rest.to_string() };
        let full = if ns.name.is_empty() { text.clone() } else { format!("{}:{text}", ns.name) };
        Some(NormalTitle { ns: ns.id, text, full })
    }
}

/// Underscores and runs of whitespace as one space, none at the ends.
fn squash(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for word in title.split(|c: char| c == '_' || c.is_whitespace()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A name as namespace lookups compare it: lower case, spaces for underscores.
fn fold(name: &str) -> String {
    squash(name).to_lowercase()
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Client {
    /// The wiki's namespaces and aliases (`meta=siteinfo&siprop=namespaces|namespacealiases`),
    /// to normalise titles with ([`SiteInfo::normalize`]).
    pub async fn site_info(&self) -> Result<SiteInfo, ClientError> {
        let r = self.query(&[("meta", "siteinfo"), ("siprop", "namespaces|namespacealiases")]).await?;
        let query = r.body.get("query").ok_or_else(|| {
            ClientError::Unexpected(format!("no query in {}", super::text::json_excerpt(&r.body)))
        })?;
        SiteInfo::from_query(query).map_err(ClientError::Unexpected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteInfo {
        let query = serde_json::json!({
            "namespaces": {
                "0": {"id": 0, "case": "first-letter", "name": "", "subpages": false},
                "1": {"id": 1, "case": "first-letter", "name": "Talk", "canonical": "Talk"},
                "3": {"id": 3, "case": "first-letter", "name": "User talk", "canonical": "User talk"},
                "6": {"id": 6, "case": "first-letter", "name": "File", "canonical": "File"},
                "12": {"id": 12, "case": "first-letter", "name": "Help", "canonical": "Help"},
                "100": {"id": 100, "case": "case-sensitive", "name": "Lowly", "canonical": "Lowly"}
            },
            "namespacealiases": [{"id": 6, "alias": "Image"}]
        });
        SiteInfo::from_query(&query).expect("site")
    }

    #[test]
    fn titles_normalise_as_the_wiki_normalised_them() {
        let s = site();
        let full = |t: &str| s.normalize(t).map(|n| n.full);
        // What the wiki answered (query.normalized) for these titles.
        assert_eq!(full("talk:foo__bar").as_deref(), Some("Talk:Foo bar"));
        assert_eq!(full("image:x.png").as_deref(), Some("File:X.png"));
        assert_eq!(full(":help:contents").as_deref(), Some("Help:Contents"));
        assert_eq!(full("foo:bar").as_deref(), Some("Foo:bar"));
        assert_eq!(full("user_talk:über").as_deref(), Some("User talk:Über"));
        assert_eq!(full("Lowly:small").as_deref(), Some("Lowly:small"), "a case-sensitive namespace");
        assert_eq!(s.normalize("Talk:x").map(|n| (n.ns, n.text)), Some((1, "X".to_string())));
        assert_eq!(full("x#y").as_deref(), Some("X"));
        for bad in ["", "Talk:", "a[b]", "a|b", "#y", "  _ ", "talk:help:x"] {
            assert_eq!(full(bad), None, "{bad:?}");
        }
    }
}
