//! What the generated `Api` trait's methods are written with: [`Reply`], the return type of a
//! method that answers JSON, [`TypedReply`], that of a method whose module has a response type, and
//! [`Gate`], which runs MediaWiki's before-execute checks on a decoded request on its way to its
//! method.

use super::{before_execute, Answer, Context, ServerOptions};
use crate::error::ApiError;
use crate::module::Request;
use crate::params::Params;
use crate::response::{Envelope, Part};
use serde_json::{Map, Value};
use std::future::Future;

/// What every `Api` method returns: a `Send` future of the module's [`Answer`].
///
/// Any such future is one, so an implementation writes a plain `async fn`:
/// `async fn block(&self, req: action::Block, cx: &Context) -> Answer { … }`.
pub trait Reply: Future<Output = Answer> + Send {}

impl<F: Future<Output = Answer> + Send> Reply for F {}

/// What a method whose module has a response type `T` returns: a `Send` future of a
/// [`Typed<T>`], so that an implementation is a plain `async fn`:
///
/// ```text
/// async fn block(&self, req: action::Block, cx: &Context) -> Typed<action::BlockResponse> {
///     Ok(action::BlockResponse { … }.into())
/// }
/// ```
///
/// One output type for all (rather than any of `T`, `Envelope<T>` or JSON) keeps such an
/// `async fn` the trait's signature exactly, without a `refining_impl_trait` warning.
pub trait TypedReply<T>: Future<Output = Typed<T>> + Send {}

impl<T, F: Future<Output = Typed<T>> + Send> TypedReply<T> for F {}

/// The output of a typed method: its answer, or the error.
pub type Typed<T> = Result<Answered<T>, ApiError>;

/// A typed method's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answered<T> {
    /// The module's part, placed at its key (`{"block": …}`), or at the root for a part at `""`
    /// (`T::from` gives this one: `Ok(part.into())`).
    Part(T),
    /// The part with keys of the answer's root around it (`continue`, `batchcomplete`, …).
    Whole(Box<Envelope<T>>),
    /// Untyped JSON, merged as an untyped method's (what `fallback` gives).
    Raw(Value),
}

impl<T> From<T> for Answered<T> {
    fn from(part: T) -> Self {
        Answered::Part(part)
    }
}

impl<T> From<Envelope<T>> for Answered<T> {
    fn from(whole: Envelope<T>) -> Self {
        Answered::Whole(Box::new(whole))
    }
}

impl<T: Part> Answered<T> {
    /// The answer, serialized for the router.
    pub fn produce(self) -> Result<Produced, ApiError> {
        match self {
            Answered::Part(body) => root(&Envelope { body: Some(body), ..Envelope::default() }),
            Answered::Whole(env) => root(&env),
            Answered::Raw(v) => Ok(Produced::Raw(v)),
        }
    }
}

fn root<T: Part>(env: &Envelope<T>) -> Result<Produced, ApiError> {
    match serde_json::to_value(env) {
        Ok(Value::Object(o)) => Ok(Produced::Root(o)),
        Ok(other) => Err(ApiError::new(
            "internal_api_error_typed",
            format!("A typed answer ({}) serialized to {other}, not an object.", T::NAME),
        )),
        Err(e) => Err(ApiError::new(
            "internal_api_error_typed",
            format!("A typed answer ({}) did not serialize: {e}.", T::NAME),
        )),
    }
}

/// A method's answer, as the router merges it into the whole answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Produced {
    /// Untyped JSON in the method's own convention: an action module's object is merged into the
    /// answer's root; a query submodule's into `query`, with its `continue` going to the root.
    Raw(Value),
    /// A typed answer, serialized: keys of the answer's root (`{"block": …}`, or
    /// `{"query": {"allpages": …}, "continue": …}` for a query submodule).
    Root(Map<String, Value>),
}

impl Produced {
    /// The answer's root, as an action module's method gives it.
    pub fn into_root(self) -> Value {
        match self {
            Produced::Raw(v) => v,
            Produced::Root(o) => Value::Object(o),
        }
    }
}

/// Runs a typed method's future and serializes its answer for the router.
pub async fn settle<T: Part, R: TypedReply<T>>(reply: R) -> Result<Produced, ApiError> {
    reply.await?.produce()
}

/// A [`Reply`] (an untyped `Answer`, such as `fallback`'s) as a typed method's reply: what the
/// generated typed methods do by default.
pub async fn untyped<T, R: Reply>(reply: R) -> Typed<T> {
    reply.await.map(Answered::Raw)
}

/// The checks a request passes between decoding and its module's method ([`before_execute`]:
/// tokens, POST), for one incoming request.
pub struct Gate<'a> {
    params: &'a Params,
    cx: &'a Context,
    opts: &'a ServerOptions,
}

impl<'a> Gate<'a> {
    /// The gate for the request whose parameters are `params`.
    pub fn new(params: &'a Params, cx: &'a Context, opts: &'a ServerOptions) -> Gate<'a> {
        Gate { params, cx, opts }
    }

    /// `req`, if its module may execute with this request.
    pub fn pass<T: Request>(&self, req: T) -> Result<T, ApiError> {
        before_execute(T::SPEC, self.params, self.cx, self.opts)?;
        Ok(req)
    }
}

/// The parameters a method hands to `fallback` in a crate generated without the client (which
/// could re-encode them): none.
pub fn no_params<T>(req: T) -> Params {
    drop(req);
    Params::new()
}
