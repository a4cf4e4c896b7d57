//! [`QueryOutput`]: `action=query`'s answer, gathered from what its submodules' methods answered.

use super::Produced;
use serde_json::{Map, Value};

/// Gathers the outputs of `action=query`'s submodules into one answer.
#[derive(Debug, Default)]
pub struct QueryOutput {
    query: Map<String, Value>,
    cont: Map<String, Value>,
    /// Keys of the answer's root that typed submodules gave beside `query` (`watchlistraw`).
    root: Map<String, Value>,
}

impl QueryOutput {
    /// Adds one untyped submodule's output: its keys go into `query` (objects under the same key
    /// are merged, and so are the pages of `pages` lists), a `continue` key into the top-level
    /// `continue`.
    pub fn add(&mut self, v: Value) {
        let Value::Object(o) = v else { return };
        for (k, v) in o {
            match (k.as_str(), v) {
                ("continue", Value::Object(c)) => self.cont.extend(c),
                (_, v) => merge_query_key(&mut self.query, k, v),
            }
        }
    }

    /// Adds one submodule's output, typed or not: a typed one is an answer's root, whose `query`
    /// is merged into the query's, `continue` into the continuation, and other keys kept at the
    /// root (`batchcomplete` is the query's own).
    pub fn add_produced(&mut self, p: Produced) {
        let o = match p {
            Produced::Raw(v) => return self.add(v),
            Produced::Root(o) => o,
        };
        for (k, v) in o {
            match (k.as_str(), v) {
                ("continue", Value::Object(c)) => self.cont.extend(c),
                ("query", Value::Object(q)) => {
                    for (k, v) in q {
                        merge_query_key(&mut self.query, k, v);
                    }
                }
                ("batchcomplete", _) => {}
                (_, v) => {
                    self.root.insert(k, v);
                }
            }
        }
    }

    /// The answer: `batchcomplete`, `continue` when a submodule has more, and `query`.
    pub fn finish(self) -> Value {
        let mut out = Map::new();
        out.insert("batchcomplete".into(), Value::Bool(true));
        if !self.cont.is_empty() {
            let mut cont = self.cont;
            cont.entry("continue").or_insert_with(|| Value::String("-||".into()));
            out.insert("continue".into(), Value::Object(cont));
        }
        if !self.query.is_empty() {
            out.insert("query".into(), Value::Object(self.query));
        }
        out.extend(self.root);
        Value::Object(out)
    }
}

/// Merges key `k` of one submodule's part into the `query` object: objects key by key, the pages of
/// two `pages` lists page by page (the same page id, or the same title), anything else replaced.
fn merge_query_key(query: &mut Map<String, Value>, k: String, v: Value) {
    match (query.get_mut(&k), v) {
        (Some(Value::Object(existing)), Value::Object(inner)) => existing.extend(inner),
        (Some(Value::Array(existing)), Value::Array(pages)) if k == "pages" => {
            for page in pages {
                merge_page(existing, page);
            }
        }
        (_, v) => {
            query.insert(k, v);
        }
    }
}

fn merge_page(pages: &mut Vec<Value>, page: Value) {
    let same = |a: &Value, b: &Value| match (a.get("pageid"), b.get("pageid")) {
        (Some(x), Some(y)) => x == y,
        _ => a.get("title").is_some() && a.get("title") == b.get("title"),
    };
    match (pages.iter_mut().find(|p| same(p, &page)), page) {
        (Some(Value::Object(existing)), Value::Object(more)) => existing.extend(more),
        (_, page) => pages.push(page),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn root(v: Value) -> Produced {
        match v {
            Value::Object(o) => Produced::Root(o),
            _ => Produced::Raw(v),
        }
    }

    #[test]
    fn typed_parts_merge_into_one_answer_pages_by_id() {
        let mut out = QueryOutput::default();
        out.add_produced(root(json!({"query": {"pages": [{"pageid": 1, "title": "A", "ns": 0}]}})));
        out.add_produced(root(json!({
            "batchcomplete": true,
            "query": {"pages": [{"pageid": 1, "revisions": []}, {"title": "B", "missing": true}]},
            "continue": {"rvcontinue": "5"},
        })));
        out.add_produced(Produced::Raw(json!({"userinfo": {"id": 0}, "continue": {"x": "1"}})));
        out.add_produced(root(json!({"watchlistraw": []})));
        let want = json!({
            "batchcomplete": true,
            "continue": {"rvcontinue": "5", "x": "1", "continue": "-||"},
            "query": {
                "pages": [{"pageid": 1, "title": "A", "ns": 0, "revisions": []}, {"title": "B", "missing": true}],
                "userinfo": {"id": 0},
            },
            "watchlistraw": [],
        });
        assert_eq!(out.finish(), want);
    }
}
