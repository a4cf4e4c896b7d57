//! Page titles as MediaWiki normalises them: underscores to spaces, runs of spaces to one, the
//! namespace prefix recognised by any of its names (case-insensitively), the first letter upper-cased
//! where the namespace is `first-letter`, a `#fragment` dropped, and MediaWiki's invalid characters
//! refused.

use crate::site::Site;

/// A normalised title.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Title {
    /// The namespace number.
    pub ns: i64,
    /// The text after the namespace prefix, with spaces (`Main Page`).
    pub text: String,
}

/// Why a title is not valid, as MediaWiki says it in `invalidreason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// Nothing left after normalisation.
    Empty,
    /// A character MediaWiki never allows in titles.
    Char(char),
    /// Over 255 bytes.
    TooLong,
    /// The talk page of a talk page (`Talk:Help:x`).
    TalkOfTalk,
}

impl Invalid {
    /// MediaWiki's `invalidreason` text for it.
    pub fn reason(&self, raw: &str) -> String {
        match self {
            Invalid::Empty => {
                "The requested page title is empty or contains only the name of a namespace.".into()
            }
            Invalid::Char(c) => format!("The requested page title contains invalid characters: \"{c}\"."),
            Invalid::TooLong => format!("The requested page title is too long: \"{raw}\"."),
            Invalid::TalkOfTalk => "The requested page title refers to a talk page that cannot exist.".into(),
        }
    }
}

impl Title {
    /// Normalises `raw` in `site`'s namespaces; `default_ns` is where a title without a prefix goes.
    pub fn parse(site: &Site, raw: &str, default_ns: i64) -> Result<Title, Invalid> {
        let mut s: String = raw.replace('_', " ");
        if let Some(c) =
            s.chars().find(|c| matches!(c, '<' | '>' | '[' | ']' | '|' | '{' | '}') || c.is_control())
        {
            return Err(Invalid::Char(c));
        }
        if let Some(i) = s.find('#') {
            s.truncate(i);
        }
        let mut text = s.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
        let mut ns = default_ns;
        if let Some(rest) = text.strip_prefix(':') {
            text = rest.trim_start().to_string();
            ns = 0;
        }
        if let Some((prefix, rest)) = text.split_once(':') {
            if let Some(&id) = site.namespace_names.get(&prefix.trim().to_lowercase()) {
                ns = id;
                text = rest.trim_start().to_string();
                // MediaWikiTitleCodec: after `Talk:`, another namespace's name cannot follow.
                let names_another = text
                    .split_once(':')
                    .is_some_and(|(p, _)| site.namespace_names.contains_key(&p.trim().to_lowercase()));
                if ns == 1 && names_another {
                    return Err(Invalid::TalkOfTalk);
                }
            }
        }
        if text.is_empty() {
            return Err(Invalid::Empty);
        }
        if text.len() > 255 {
            return Err(Invalid::TooLong);
        }
        let first_letter = site.namespaces.get(&ns).is_none_or(|n| !n.case_sensitive);
        if first_letter {
            let mut chars = text.chars();
            if let Some(c) = chars.next() {
                text = c.to_uppercase().chain(chars).collect();
            }
        }
        Ok(Title { ns, text })
    }

    /// The full title, with its namespace's local name (`Talk:Main Page`).
    pub fn full(&self, site: &Site) -> String {
        match site.namespace_name(self.ns) {
            "" => self.text.clone(),
            name => format!("{name}:{}", self.text),
        }
    }

    /// The title in a URL (`Talk:Main_Page`).
    pub fn url_key(&self, site: &Site) -> String {
        self.full(site).replace(' ', "_")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_normalise_as_mediawiki_does() {
        let site = Site::new("http://127.0.0.1:9/api.php");
        let t = |s| Title::parse(&site, s, 0);
        assert_eq!(t("main_page"), Ok(Title { ns: 0, text: "Main page".into() }));
        assert_eq!(t("talk:  foo__bar#x").map(|t| t.full(&site)), Ok("Talk:Foo bar".into()));
        assert_eq!(t("Image:A.png").map(|t| t.ns), Ok(6));
        assert_eq!(t("Project:X").map(|t| t.full(&site)), Ok("Mwgen test wiki:X".into()));
        assert_eq!(t("Talk:"), Err(Invalid::Empty));
        assert_eq!(t("A|B"), Err(Invalid::Char('|')));
        assert_eq!(t("Nonexistent: x").map(|t| t.full(&site)), Ok("Nonexistent: x".into()));
    }
}
