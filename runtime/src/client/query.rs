//! Continuation: following `continue` from one batch to the next.

use super::{Client, ClientError, Response};
use crate::request::{Decode, Encode};
use futures::{Stream, StreamExt};
use serde_json::Value;

impl Client {
    /// Every batch of a request, each sent with the previous answer's `continue` values, until the
    /// wiki has no more (no `continue`). Works for lists, props and generators alike.
    pub fn continued<'a, R: Encode + Decode + Sync>(
        &'a self,
        req: &'a R,
    ) -> impl Stream<Item = Result<Response, ClientError>> + 'a {
        futures::stream::try_unfold(
            Some(Vec::new()),
            move |state: Option<Vec<(String, String)>>| async move {
                let Some(cont) = state else { return Ok(None) };
                let r = self.execute_with(req, &cont).await?;
                let next = r.continuation();
                if next.as_ref().is_some_and(|n| !cont.is_empty() && *n == cont) {
                    return Err(ClientError::Unexpected(format!(
                        "the continuation did not advance: {cont:?}"
                    )));
                }
                Ok(Some((r, next)))
            },
        )
    }

    /// The items of `query.<key>` (`allpages`, `categorymembers`, …) over every batch, at most `max`.
    pub async fn collect_list<R: Encode + Decode + Sync>(
        &self,
        req: &R,
        key: &str,
        max: usize,
    ) -> Result<Vec<Value>, ClientError> {
        let mut out = Vec::new();
        let mut batches = std::pin::pin!(self.continued(req));
        while let Some(r) = batches.next().await {
            out.extend(collect_items(&r?.body, key));
            if out.len() >= max {
                out.truncate(max);
                break;
            }
        }
        Ok(out)
    }

    /// The pages of `query.pages` over every batch, merged by page (a page's properties may come in
    /// several batches), at most `max` pages.
    pub async fn collect_pages<R: Encode + Decode + Sync>(
        &self,
        req: &R,
        max: usize,
    ) -> Result<Vec<Value>, ClientError> {
        let mut pages: Vec<Value> = Vec::new();
        let mut batches = std::pin::pin!(self.continued(req));
        while let Some(r) = batches.next().await {
            for page in collect_items(&r?.body, "pages") {
                let key = page_key(&page);
                match pages.iter_mut().find(|p| page_key(p) == key) {
                    Some(existing) => merge(existing, page),
                    None => pages.push(page),
                }
            }
            if pages.len() >= max {
                pages.truncate(max);
                break;
            }
        }
        Ok(pages)
    }
}

/// The items of `query.<key>`: a list (formatversion 2) or an object's values (formatversion 1).
pub fn collect_items(body: &Value, key: &str) -> Vec<Value> {
    match body.pointer(&format!("/query/{key}")) {
        Some(Value::Array(a)) => a.clone(),
        Some(Value::Object(o)) => o.values().cloned().collect(),
        _ => Vec::new(),
    }
}

fn page_key(p: &Value) -> (Option<i64>, Option<String>) {
    (p.get("pageid").and_then(Value::as_i64), p.get("title").and_then(Value::as_str).map(str::to_string))
}

/// Adds `more`'s keys to `into`; lists are concatenated (a page's revisions over batches).
fn merge(into: &mut Value, more: Value) {
    let (Some(a), Value::Object(b)) = (into.as_object_mut(), more) else { return };
    for (k, v) in b {
        match (a.get_mut(&k), v) {
            (Some(Value::Array(x)), Value::Array(y)) => x.extend(y),
            (Some(_), _) => {}
            (None, v) => {
                a.insert(k, v);
            }
        }
    }
}
