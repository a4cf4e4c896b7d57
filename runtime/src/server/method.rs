//! What the generated `Api` trait's methods are written with: [`Reply`], the return type
//! every method shares, and [`Gate`], which runs MediaWiki's before-execute checks on a decoded
//! request on its way to its method.

use super::{before_execute, Answer, Context, ServerOptions};
use crate::error::ApiError;
use crate::module::Request;
use crate::params::Params;
use std::future::Future;

/// What every `Api` method returns: a `Send` future of the module's [`Answer`].
///
/// Any such future is one, so an implementation writes a plain `async fn`:
/// `async fn block(&self, req: action::Block, cx: &Context) -> Answer { … }`.
pub trait Reply: Future<Output = Answer> + Send {}

impl<F: Future<Output = Answer> + Send> Reply for F {}

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
