//! [`PageRef`]: a page named by its title or by its id, the pair of parameters (`title` and
//! `pageid`, `from` and `fromid`) of which a module takes exactly one (`ApiBase::getTitleOrPageId`).
//! It is no wire type of its own: each side is written and read as its parameter's type (a string,
//! an integer), by `enc::page_ref` and the decoder's `page_ref`.

/// A page, by title or by page id: a request field standing for two parameters of which the
/// module takes exactly one (`title` or `pageid`, `from` or `fromid`), so that a request naming
/// neither or both cannot be built.
///
/// A title converts into it: `Delete::new("Main Page", token)`; an id is `PageRef::Id(42)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageRef {
    /// The page's title: sent as the title parameter (`title`, `from`).
    Title(String),
    /// The page's id: sent as the id parameter (`pageid`, `fromid`).
    Id(i64),
}

impl PageRef {
    /// The title, when the page is named by it.
    pub fn title(&self) -> Option<&str> {
        match self {
            PageRef::Title(t) => Some(t),
            PageRef::Id(_) => None,
        }
    }

    /// The page id, when the page is named by it.
    pub fn id(&self) -> Option<i64> {
        match self {
            PageRef::Title(_) => None,
            PageRef::Id(id) => Some(*id),
        }
    }

    /// The page from the two parameters as decoded: the title when it was given, else the id;
    /// `None` when neither was (the module's `only-one` constraint refuses that request, and
    /// the one naming both).
    pub fn from_pair(title: Option<String>, id: Option<i64>) -> Option<PageRef> {
        match (title, id) {
            (Some(t), _) => Some(PageRef::Title(t)),
            (None, Some(id)) => Some(PageRef::Id(id)),
            (None, None) => None,
        }
    }
}

impl From<&str> for PageRef {
    fn from(title: &str) -> Self {
        PageRef::Title(title.to_string())
    }
}

impl From<String> for PageRef {
    fn from(title: String) -> Self {
        PageRef::Title(title)
    }
}

impl From<&String> for PageRef {
    fn from(title: &String) -> Self {
        PageRef::Title(title.clone())
    }
}

impl std::fmt::Display for PageRef {
    /// The title, or `#id` for a page named by its id (as MediaWiki's messages show neither; for
    /// logs and errors).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageRef::Title(t) => f.write_str(t),
            PageRef::Id(id) => write!(f, "#{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PageRef;

    #[test]
    fn the_title_wins_when_both_came_and_neither_is_none() {
        assert_eq!(PageRef::from_pair(Some("A".into()), Some(3)), Some(PageRef::Title("A".into())));
        assert_eq!(PageRef::from_pair(None, Some(3)), Some(PageRef::Id(3)));
        assert_eq!(PageRef::from_pair(None, None), None);
        assert_eq!(PageRef::from("B").title(), Some("B"));
        assert_eq!(PageRef::Id(7).id(), Some(7));
        assert_eq!(PageRef::Id(7).to_string(), "#7");
    }
}
