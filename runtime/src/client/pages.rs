//! Merging `query.pages` over batches: a page's properties may come in several answers.
//!
//! With a generator and props, MediaWiki continues the props first: the answers without
//! `batchcomplete` hold the same pages again, each with more of its properties (more revisions,
//! more categories); then the generator continues, with new pages. The merger keeps each page
//! once, in the order it first came, its lists joined over the batches.

use super::answer::misfit_error;
use super::ClientError;
use crate::response::strict;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// A page's identity: its id, and its title (a missing page has no id, a page asked by a bad id
/// has no title).
type PageKey = (Option<i64>, Option<String>);

/// The pages seen so far, merged.
#[derive(Debug, Default)]
pub(super) struct PageMerger {
    pages: Vec<Value>,
    index: HashMap<PageKey, usize>,
}

impl PageMerger {
    /// Adds one batch's pages.
    pub(super) fn add(&mut self, batch: Vec<Value>) {
        for page in batch {
            let key = page_key(&page);
            match self.index.get(&key) {
                Some(&i) => merge(&mut self.pages[i], page),
                None => {
                    self.index.insert(key, self.pages.len());
                    self.pages.push(page);
                }
            }
        }
    }

    /// How many pages there are.
    pub(super) fn len(&self) -> usize {
        self.pages.len()
    }

    /// The pages as JSON, at most `max`.
    pub(super) fn into_values(mut self, max: usize) -> Vec<Value> {
        self.pages.truncate(max);
        self.pages
    }

    /// The pages as `P`, at most `max`; the first page that does not fit is a
    /// [`ClientError::Misfit`] at `query.pages[i]` (its index in the merged list), naming its title.
    pub(super) fn into_typed<P: DeserializeOwned>(
        self,
        max: usize,
        strict_mode: bool,
    ) -> Result<Vec<P>, ClientError> {
        let mut out = Vec::with_capacity(self.pages.len().min(max));
        for (i, page) in self.into_values(max).into_iter().enumerate() {
            let title = page.get("title").and_then(Value::as_str).map(str::to_string);
            let go = || serde_path_to_error::deserialize::<_, P>(page);
            let read = if strict_mode { strict(go) } else { go() };
            match read {
                Ok(p) => out.push(p),
                Err(e) => {
                    let inner = e.path().to_string();
                    let path = if inner == "." {
                        format!("query.pages[{i}]")
                    } else {
                        format!("query.pages[{i}].{inner}")
                    };
                    let named = match title {
                        Some(t) => format!("page `{t}`: {}", e.into_inner()),
                        None => e.into_inner().to_string(),
                    };
                    return Err(misfit_error("query", short_name::<P>(), path, named));
                }
            }
        }
        Ok(out)
    }
}

/// `QueryPage` for `mediawiki_api::action::QueryPage`.
fn short_name<P>() -> &'static str {
    let full = std::any::type_name::<P>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

fn page_key(p: &Value) -> PageKey {
    (p.get("pageid").and_then(Value::as_i64), p.get("title").and_then(Value::as_str).map(str::to_string))
}

/// Adds `more`'s keys to `into`: lists are joined (a page's revisions over batches), objects
/// merged key by key, and a value `into` already has is kept.
pub(super) fn merge(into: &mut Value, more: Value) {
    let (Some(a), Value::Object(b)) = (into.as_object_mut(), more) else { return };
    merge_maps(a, b);
}

/// [`merge`] of two objects.
pub(super) fn merge_maps(a: &mut Map<String, Value>, b: Map<String, Value>) {
    for (k, v) in b {
        match (a.get_mut(&k), v) {
            (Some(Value::Array(x)), Value::Array(y)) => x.extend(y),
            (Some(Value::Object(x)), Value::Object(y)) => merge_maps(x, y),
            (Some(_), _) => {}
            (None, v) => {
                a.insert(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Rev {
        revid: i64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Page {
        title: String,
        pageid: Option<i64>,
        missing: Option<bool>,
        revisions: Option<Vec<Rev>>,
        categories: Option<Vec<Value>>,
        length: Option<i64>,
    }

    fn pages(v: Value) -> Vec<Value> {
        match v {
            Value::Array(a) => a,
            _ => Vec::new(),
        }
    }

    /// Three answers to generator=allpages&prop=revisions|categories|info: props continued over
    /// two answers (no batchcomplete in the first), then the generator's next page.
    #[test]
    fn props_continued_before_the_generator_merge_by_page() {
        let mut m = PageMerger::default();
        m.add(pages(json!([
            {"pageid": 1, "ns": 0, "title": "A", "length": 10, "revisions": [{"revid": 11}], "categories": [{"title": "Category:X"}]},
            {"pageid": 2, "ns": 0, "title": "B", "length": 20, "revisions": [{"revid": 21}]},
            {"ns": 0, "title": "Gone", "missing": true}
        ])));
        m.add(pages(json!([
            {"pageid": 1, "ns": 0, "title": "A", "revisions": [{"revid": 12}]},
            {"pageid": 2, "ns": 0, "title": "B", "categories": [{"title": "Category:Y"}]},
            {"ns": 0, "title": "Gone", "missing": true}
        ])));
        m.add(pages(
            json!([{"pageid": 3, "ns": 0, "title": "C", "length": 30, "revisions": [{"revid": 31}]}]),
        ));
        assert_eq!(m.len(), 4);
        let typed: Vec<Page> = m.into_typed(10, false).expect("fits");
        let titles: Vec<&str> = typed.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["A", "B", "Gone", "C"], "each page once, in the order it first came");
        assert_eq!(typed[0].revisions, Some(vec![Rev { revid: 11 }, Rev { revid: 12 }]));
        assert_eq!(typed[0].categories.as_ref().map(Vec::len), Some(1));
        assert_eq!(typed[0].length, Some(10), "a value the page already has is kept");
        assert_eq!(typed[1].categories, Some(vec![json!({"title": "Category:Y"})]));
        assert_eq!((typed[2].pageid, typed[2].missing), (None, Some(true)));
        assert_eq!(typed[3].revisions, Some(vec![Rev { revid: 31 }]));
    }

    #[test]
    fn at_most_max_pages() {
        let mut m = PageMerger::default();
        m.add(pages(
            json!([{"pageid": 1, "title": "A"}, {"pageid": 2, "title": "B"}, {"pageid": 3, "title": "C"}]),
        ));
        let typed: Vec<Page> = m.into_typed(2, false).expect("fits");
        assert_eq!(typed.len(), 2);
    }

    #[test]
    fn a_page_that_does_not_fit_names_its_path_and_title() {
        let mut m = PageMerger::default();
        m.add(pages(
            json!([{"pageid": 1, "title": "A"}, {"pageid": 2, "title": "B", "revisions": [{"revid": "x"}]}]),
        ));
        let e = m.into_typed::<Page>(10, false).expect_err("revid is a string");
        let ClientError::Misfit { module, type_name, path, message } = &e else { panic!("{e:?}") };
        assert_eq!(
            (module.as_str(), *type_name, path.as_str()),
            ("query", "Page", "query.pages[1].revisions[0].revid")
        );
        assert!(message.contains("page `B`") && message.contains("expected i64"), "{message}");
    }

    #[test]
    fn objects_merge_key_by_key_and_garbage_is_left_alone() {
        let mut a = json!({"title": "A", "imageinfo": {"size": 1}});
        merge(&mut a, json!({"imageinfo": {"width": 2}, "title": "other"}));
        assert_eq!(a, json!({"title": "A", "imageinfo": {"size": 1, "width": 2}}));
        let mut s = json!("not a page");
        merge(&mut s, json!({"title": "A"}));
        assert_eq!(s, json!("not a page"));
    }
}
