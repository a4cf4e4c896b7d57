//! Batching on request ([`Client::execute_batched`]): a multi-valued parameter with more values
//! than the caller may send at once is sent in pieces of the caller's limit, each followed through
//! `continue`, and the answers merged into one.

use super::pages::{merge_maps, PageMerger};
use super::query::{collect_items, Cont};
use super::{Client, ClientError, Response};
use crate::error::Warning;
use crate::request::{Decode, Encode};
use futures::StreamExt;
use serde_json::{Map, Value};

/// The answers of every piece and batch, merged.
#[derive(Default)]
struct Merged {
    body: Map<String, Value>,
    pages: PageMerger,
    has_pages: bool,
    warnings: Vec<Warning>,
}

impl Merged {
    fn add(&mut self, r: Response) {
        if r.body.pointer("/query/pages").is_some() {
            self.has_pages = true;
            self.pages.add(collect_items(&r.body, "pages"));
        }
        let mut body = r.body;
        if let Some(q) = body.get_mut("query").and_then(Value::as_object_mut) {
            q.remove("pages");
        }
        if let Some(b) = body.as_object_mut() {
            b.remove("continue");
            b.remove("batchcomplete");
        }
        if let Value::Object(b) = body {
            merge_maps(&mut self.body, b);
        }
        for w in r.warnings {
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
    }

    fn finish(mut self, query: bool) -> Response {
        // A list or meta module beside a page set that was split answers the same in each piece:
        // an item that came again is kept once.
        if let Some(Value::Object(q)) = self.body.get_mut("query") {
            for v in q.values_mut() {
                if let Value::Array(items) = v {
                    let mut seen = std::collections::HashSet::new();
                    items.retain(|item| seen.insert(item.to_string()));
                }
            }
        }
        if self.has_pages {
            let pages = Value::Array(self.pages.into_values(usize::MAX));
            let q = self.body.entry("query").or_insert_with(|| Value::Object(Map::new()));
            if let Some(q) = q.as_object_mut() {
                q.insert("pages".into(), pages);
            }
        }
        if query {
            // Every piece was followed to its end.
            self.body.insert("batchcomplete".into(), Value::Bool(true));
        }
        Response { body: Value::Object(self.body), warnings: self.warnings }
    }
}

impl Client {
    /// Like [`execute`](Self::execute), for a request whose multi-valued parameter holds more
    /// values than the caller may send at once (`titles`, `pageids`, a list's `ususers`, a
    /// prop's `revids`, …: 50, or 500 with `apihighlimits`, as
    /// [`validation_options`](Self::validation_options) knows). The parameter is sent in pieces
    /// of that limit (the `toomanyvalues` the wiki would answer says which parameter and what
    /// limit), each followed through `continue` for `action=query`, and the answers merged:
    /// `query.pages` by page, other lists joined in order, objects key by key, an item or a warning that
    /// came again (a list beside a page set that was split) once.
    /// 1,200 titles are 24 pieces for an anonymous caller and 3 for a bot. A request within its
    /// limits is one `execute` (followed through `continue` for a query).
    pub async fn execute_batched<R: Encode + Decode + Sync>(&self, req: &R) -> Result<Response, ClientError> {
        let mut merged = Merged::default();
        self.send_pieces(req, Vec::new(), &mut merged).await?;
        Ok(merged.finish(R::SPEC.name == "query"))
    }

    /// How many requests [`execute_batched`](Self::execute_batched) sends for `req`, without
    /// sending any: the pieces, not counting the batches `continue` may add.
    pub fn batch_pieces<R: Encode + Decode>(&self, req: &R) -> Result<usize, ClientError> {
        self.count_pieces(req, Vec::new())
    }

    fn count_pieces<R: Encode + Decode>(&self, req: &R, base: Cont) -> Result<usize, ClientError> {
        match self.split(req, &base)? {
            None => Ok(1),
            Some(pieces) => pieces.into_iter().map(|b| self.count_pieces(req, b)).sum(),
        }
    }

    async fn send_pieces<R: Encode + Decode + Sync>(
        &self,
        req: &R,
        base: Cont,
        merged: &mut Merged,
    ) -> Result<(), ClientError> {
        match self.split(req, &base)? {
            Some(pieces) => {
                for piece in pieces {
                    Box::pin(self.send_pieces(req, piece, merged)).await?;
                }
            }
            None if R::SPEC.name == "query" => {
                let mut batches = std::pin::pin!(self.continued_with(req, base));
                while let Some(r) = batches.next().await {
                    merged.add(r?);
                }
            }
            None => merged.add(self.execute_with(req, &base).await?),
        }
        Ok(())
    }

    /// The pieces `base` (extra parameters over `req`'s) splits into: `None` when the request is
    /// within its limits (or fails validation for another reason, which sending then reports).
    fn split<R: Encode + Decode>(&self, req: &R, base: &Cont) -> Result<Option<Vec<Cont>>, ClientError> {
        let params = super::encoded(req, base);
        let e = match self.validate::<R>(R::SPEC, &params) {
            Err(ClientError::Invalid(e)) if e.code == "toomanyvalues" => e,
            _ => return Ok(None),
        };
        let limit =
            e.data.as_ref().and_then(|d| d.get("limit")).and_then(Value::as_u64).unwrap_or(0) as usize;
        let (Some(name), true) = (e.param.clone(), limit > 0) else { return Err(ClientError::Invalid(e)) };
        let Some(raw) = params.get(&name) else { return Err(ClientError::Invalid(e)) };
        Ok(Some(
            pieces(&name, raw, limit)
                .into_iter()
                .map(|piece| {
                    let mut b: Cont = base.iter().filter(|(k, _)| *k != name).cloned().collect();
                    b.push((name.clone(), piece));
                    b
                })
                .collect(),
        ))
    }
}

/// The values of the multi-valued parameter `name` (its wire text `raw`) in pieces of at most
/// `limit`, each joined as the encoder joins a list (`|`, U+001F when a value holds `|`, `|` for one
/// empty value).
pub(super) fn pieces(name: &str, raw: &str, limit: usize) -> Vec<String> {
    let values: Vec<String> = crate::wire::split_multi(raw, usize::MAX).map(str::to_string).collect();
    values
        .chunks(limit.max(1))
        .map(|chunk| {
            let mut piece = crate::params::Params::new();
            crate::encode::enc::multi(&mut piece, ["", name], chunk);
            piece.get(name).unwrap_or_default().to_string()
        })
        .collect()
}
