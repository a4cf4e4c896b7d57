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

/// What a method whose module has a response type `T` returns: a `Send` future of any
/// [`IntoAnswer<T>`]: `Result<T, ApiError>`, `Result<Envelope<T>, ApiError>` (to say `continue`,
/// `batchcomplete` or other keys of the answer's root too), or the untyped [`Answer`], merged as
/// an untyped method's (what `fallback` gives).
///
/// ```text
/// async fn block(&self, req: action::Block, cx: &Context) -> Result<action::BlockResponse, ApiError> { … }
/// ```
pub trait TypedReply<T>: Future + Send {
    /// The method's output as the router merges it.
    fn settle(out: Self::Output) -> Result<Produced, ApiError>;
}

impl<T, F> TypedReply<T> for F
where
    F: Future + Send,
    F::Output: IntoAnswer<T>,
{
    fn settle(out: F::Output) -> Result<Produced, ApiError> {
        out.into_answer()
    }
}

/// What a typed method may answer with for response type `T`.
pub trait IntoAnswer<T> {
    /// The answer, serialized.
    fn into_answer(self) -> Result<Produced, ApiError>;
}

/// Untyped JSON, in the method's own convention ([`Produced::Raw`]).
impl<T> IntoAnswer<T> for Answer {
    fn into_answer(self) -> Result<Produced, ApiError> {
        self.map(Produced::Raw)
    }
}

/// The module's part, placed at its key (`{"block": …}`) or, for a part at `""`, at the root.
impl<T: Part> IntoAnswer<T> for Result<T, ApiError> {
    fn into_answer(self) -> Result<Produced, ApiError> {
        let body = self?;
        root(&Envelope { body: Some(body), ..Envelope::default() })
    }
}

/// The part with the keys around it (`continue`, `batchcomplete`, …).
impl<T: Part> IntoAnswer<T> for Result<Envelope<T>, ApiError> {
    fn into_answer(self) -> Result<Produced, ApiError> {
        root(&self?)
    }
}

/// Already settled (what [`untyped`] gives).
impl<T> IntoAnswer<T> for Result<Produced, ApiError> {
    fn into_answer(self) -> Result<Produced, ApiError> {
        self
    }
}

fn root<T: Part>(env: &Envelope<T>) -> Result<Produced, ApiError> {
    match serde_json::to_value(env) {
        Ok(Value::Object(o)) => Ok(Produced::Root(o)),
        Ok(other) => Err(ApiError::new(
            "internal_api_error_typed",
            format!("A typed answer serialized to {other}, not an object."),
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

/// Runs a typed method's future and settles its output for response type `T`.
pub async fn settle<T, R: TypedReply<T>>(reply: R) -> Result<Produced, ApiError> {
    R::settle(reply.await)
}

/// A [`Reply`] (an untyped `Answer`, such as `fallback`'s) as any typed method's reply: what the
/// generated typed methods do by default.
pub fn untyped<R: Reply>(reply: R) -> impl Future<Output = Result<Produced, ApiError>> + Send {
    async move { reply.await.map(Produced::Raw) }
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
