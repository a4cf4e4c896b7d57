//! Continuation: following `continue` from one batch to the next, as JSON or typed.

use super::pages::PageMerger;
use super::{Answer, Client, ClientError, Response};
use crate::request::{Decode, Encode};
use crate::response::Responds;
use futures::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::future::Future;

/// The `continue` values sent with a batch.
pub(super) type Cont = Vec<(String, String)>;

/// An answer that may say how to go on.
trait Batch {
    fn next(&self) -> Option<Cont>;
}

impl Batch for Response {
    fn next(&self) -> Option<Cont> {
        self.continuation()
    }
}

impl<T> Batch for Answer<T> {
    fn next(&self) -> Option<Cont> {
        self.continuation()
    }
}

/// Every batch that `step` gives, each asked with the previous one's `continue` values, until one
/// has none. A continuation that does not advance is an error, not a loop.
fn follow<'a, B, F, Fut>(step: F) -> impl Stream<Item = Result<B, ClientError>> + 'a
where
    B: Batch + 'a,
    F: Fn(Cont) -> Fut + 'a,
    Fut: Future<Output = Result<(B, Cont), ClientError>> + 'a,
{
    futures::stream::try_unfold((Some(Vec::new()), step), |(state, step)| async move {
        let Some(cont) = state else { return Ok(None) };
        let (batch, sent) = step(cont).await?;
        let next = batch.next();
        if next.as_ref().is_some_and(|n| !sent.is_empty() && *n == sent) {
            return Err(ClientError::Unexpected(format!("the continuation did not advance: {sent:?}")));
        }
        Ok(Some((batch, (next, step))))
    })
}

impl Client {
    /// Every batch of a request, each sent with the previous answer's `continue` values, until the
    /// wiki has no more (no `continue`). Works for lists, props and generators alike.
    /// [`call_continued`](Self::call_continued) gives the batches typed.
    pub fn continued<'a, R: Encode + Decode + Sync>(
        &'a self,
        req: &'a R,
    ) -> impl Stream<Item = Result<Response, ClientError>> + 'a {
        follow(move |cont: Cont| async move { Ok((self.execute_with(req, &cont).await?, cont)) })
    }

    /// [`continued`](Self::continued), each batch read as the module's response type
    /// ([`call`](Self::call)).
    pub fn call_continued<'a, R: Encode + Decode + Responds + Sync>(
        &'a self,
        req: &'a R,
    ) -> impl Stream<Item = Result<Answer<R::Response>, ClientError>> + 'a {
        follow(move |cont: Cont| async move { Ok((self.call_with(req, &cont).await?, cont)) })
    }

    /// The items of `query.<key>` (`allpages`, `categorymembers`, …) over every batch, at most `max`,
    /// as JSON. [`call_list`](Self::call_list) gives them typed.
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

    /// The items of one list over every batch, typed, at most `max`: `pick` takes the list out of
    /// each batch's answer, e.g. `|r| r.query?.allpages` for `list=allpages` (the answer of
    /// `action=query` is `QueryResponse`: its `query` object, and the lists MediaWiki puts at the
    /// root, such as `watchlistraw`). A batch without the list adds nothing.
    pub async fn call_list<R, I>(
        &self,
        req: &R,
        mut pick: impl FnMut(R::Response) -> Option<Vec<I>>,
        max: usize,
    ) -> Result<Vec<I>, ClientError>
    where
        R: Encode + Decode + Responds + Sync,
    {
        let mut out = Vec::new();
        let mut batches = std::pin::pin!(self.call_continued(req));
        while let Some(answer) = batches.next().await {
            out.extend(pick(answer?.body).unwrap_or_default());
            if out.len() >= max {
                out.truncate(max);
                break;
            }
        }
        Ok(out)
    }

    /// The pages of `query.pages` over every batch, merged by page (a page's properties may come in
    /// several batches: lists joined, objects merged), at most `max` pages, as JSON.
    /// [`call_pages`](Self::call_pages) gives them typed.
    pub async fn collect_pages<R: Encode + Decode + Sync>(
        &self,
        req: &R,
        max: usize,
    ) -> Result<Vec<Value>, ClientError> {
        Ok(self.merged_pages(req, max).await?.into_values(max))
    }

    /// The pages of `query.pages` over every batch, merged by page as in
    /// [`collect_pages`](Self::collect_pages), then read as `P` (the generated
    /// `mediawiki_api::action::QueryPage`, or a type of yours): at most `max` pages, each with all
    /// its properties (the batches of a page set are read to its `batchcomplete` before stopping).
    /// A page that does not fit `P` is a [`ClientError::Misfit`] at `query.pages[i]`.
    pub async fn call_pages<R, P>(&self, req: &R, max: usize) -> Result<Vec<P>, ClientError>
    where
        R: Encode + Decode + Sync,
        P: DeserializeOwned,
    {
        let strict = self.inner.config.strict_responses;
        self.merged_pages(req, max).await?.into_typed(max, strict)
    }

    /// [`call_pages`](Self::call_pages) for a page set longer than the wiki takes at once: a
    /// `titles`, `pageids` or `revids` list over its limit (50, or 500 for a caller with
    /// `apihighlimits`, as [`validation_options`](Self::validation_options) knows) is sent in
    /// pieces of that size, each followed to its end, and their pages merged. 1,200 titles are 24
    /// requests for an anonymous caller and 3 for a bot (more where props continue). A page set
    /// within its limit is one `call_pages`.
    pub async fn call_pages_batched<R, P>(&self, req: &R, max: usize) -> Result<Vec<P>, ClientError>
    where
        R: Encode + Decode + Sync,
        P: DeserializeOwned,
    {
        let strict = self.inner.config.strict_responses;
        let Some((name, chunks)) = self.page_set_chunks(req) else {
            return self.merged_pages(req, max).await?.into_typed(max, strict);
        };
        let mut pages = PageMerger::default();
        for chunk in chunks {
            let base = vec![(name.clone(), chunk)];
            let mut batches = std::pin::pin!(self.continued_with(req, base));
            while let Some(r) = batches.next().await {
                let r = r?;
                let complete = r.batch_complete() || r.continuation().is_none();
                pages.add(collect_items(&r.body, "pages"));
                if complete && pages.len() >= max {
                    return pages.into_typed(max, strict);
                }
            }
        }
        pages.into_typed(max, strict)
    }

    /// The page set parameter of `req` that is over its limit, and its values in pieces of that
    /// limit, each joined as the wire joins a list.
    fn page_set_chunks<R: Encode + Decode>(&self, req: &R) -> Option<(String, Vec<String>)> {
        let params = super::encoded(req, &[]);
        let high = self.validation_options().high_limits;
        ["titles", "pageids", "revids"].into_iter().find_map(|name| {
            let multi = R::SPEC.param(name)?.multi?;
            let limit = if high { multi.high_limit } else { multi.limit } as usize;
            let raw = params.get(name)?;
            if crate::wire::count_multi(raw) <= limit || limit == 0 {
                return None;
            }
            Some((name.to_string(), super::batch::pieces(name, raw, limit)))
        })
    }

    /// [`continued`](Self::continued) with `base` set over the request's parameters.
    pub(super) fn continued_with<'a, R: Encode + Decode + Sync>(
        &'a self,
        req: &'a R,
        base: Cont,
    ) -> impl Stream<Item = Result<Response, ClientError>> + 'a {
        follow(move |cont: Cont| {
            let mut extra = base.clone();
            async move {
                extra.extend(cont.iter().cloned());
                Ok((self.execute_with(req, &extra).await?, cont))
            }
        })
    }

    /// Merges the pages of every batch until there are `max` pages whose batch is complete.
    async fn merged_pages<R: Encode + Decode + Sync>(
        &self,
        req: &R,
        max: usize,
    ) -> Result<PageMerger, ClientError> {
        let mut pages = PageMerger::default();
        let mut batches = std::pin::pin!(self.continued(req));
        while let Some(r) = batches.next().await {
            let r = r?;
            let complete = r.batch_complete() || r.continuation().is_none();
            pages.add(collect_items(&r.body, "pages"));
            if complete && pages.len() >= max {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn batch(body: Value) -> Response {
        Response { body, warnings: Vec::new() }
    }

    /// A wiki that answers from a script: each `continue` it was sent picks the next answer.
    async fn answer(cont: Cont) -> Result<(Response, Cont), ClientError> {
        let body = match cont.iter().find(|(k, _)| k == "apcontinue").map(|(_, v)| v.as_str()) {
            None => {
                json!({"continue": {"apcontinue": "B", "continue": "-||"}, "query": {"allpages": [{"title": "A"}]}})
            }
            Some("B") => {
                json!({"continue": {"apcontinue": "C", "continue": "-||"}, "query": {"allpages": [{"title": "B"}]}})
            }
            Some("C") => json!({"batchcomplete": true, "query": {"allpages": [{"title": "C"}]}}),
            // A wiki that sends the same continuation again.
            Some(_) => json!({"continue": {"apcontinue": "stuck", "continue": "-||"}}),
        };
        Ok((batch(body), cont))
    }

    #[tokio::test]
    async fn follows_continue_until_there_is_none() {
        let batches: Vec<_> = follow(answer).collect().await;
        let titles: Vec<Value> = batches
            .into_iter()
            .flat_map(|b| collect_items(&b.expect("batch").body, "allpages"))
            .map(|p| p["title"].clone())
            .collect();
        assert_eq!(titles, [json!("A"), json!("B"), json!("C")]);
    }

    #[tokio::test]
    async fn a_continuation_that_does_not_advance_is_an_error() {
        // The first answer says "go on from `stuck`"; sent that, the wiki says the same again.
        let stuck = |cont: Cont| async move {
            if cont.is_empty() {
                answer(vec![("apcontinue".to_string(), "x".to_string())]).await.map(|(r, _)| (r, cont))
            } else {
                answer(cont).await
            }
        };
        let batches: Vec<_> = follow(stuck).collect().await;
        assert_eq!(batches.len(), 2, "one batch, then the error ends the stream");
        let e = batches.into_iter().nth(1).and_then(Result::err).expect("an error");
        assert!(e.to_string().contains("the continuation did not advance"), "{e}");
    }
}
