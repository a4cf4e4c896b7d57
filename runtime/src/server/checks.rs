//! What the server checks of a request between decoding it and running its module: the checks
//! MediaWiki makes before a module executes ([`before_execute`]: tokens, POST), and what the
//! decoder asks of the caller ([`Checks`]: rights and login, for the modules' own checks).

use super::{Context, ServerOptions};
use crate::error::ApiError;
use crate::spec::ModuleSpec;
use crate::wire::Params;

/// The checks MediaWiki runs after a module's parameters validated and before it executes
/// (docs/mediawiki-1.39-validation.md §1.1, steps 6–10): a token in the query string
/// (`mustpostparams`), a bad token (`badtoken`), a GET to a POST-only module (`mustbeposted`).
pub fn before_execute(
    spec: &ModuleSpec,
    params: &Params,
    cx: &Context,
    opts: &ServerOptions,
) -> Result<(), ApiError> {
    if let Some((kind, name)) = spec.token_param() {
        // In the query string at all (even if also in the body): MediaWiki refuses it.
        if params.indexes_of(&[&name]).any(|i| i < cx.query_len) {
            return Err(ApiError::new(
                "mustpostparams",
                format!("The following parameter was found in the query string, but must be in the POST body: {name}."),
            )
            .module(spec.path));
        }
        let token = params.get(&name).unwrap_or("");
        if !(opts.token_check)(cx, kind, token) {
            // `apierror-badtoken`: MediaWiki says CSRF whatever the token's type (login, patrol, …).
            return Err(ApiError::new("badtoken", "Invalid CSRF token.").module(spec.path));
        }
    }
    if spec.flags.mustbeposted && !cx.posted {
        return Err(ApiError::new(
            "mustbeposted",
            format!("The \"{}\" module requires a POST request.", spec.name),
        ));
    }
    Ok(())
}

/// What the decoder asks the server about one request ([`crate::decode::Checkpoint`]): the checks
/// before a module executes ([`before_execute`]), and the caller's rights
/// ([`ServerOptions::rights`]).
pub struct Checks<'a> {
    params: &'a Params,
    cx: &'a Context,
    opts: &'a ServerOptions,
}

impl<'a> Checks<'a> {
    /// The checks for the request whose parameters are `params`.
    pub fn new(params: &'a Params, cx: &'a Context, opts: &'a ServerOptions) -> Checks<'a> {
        Checks { params, cx, opts }
    }
}

impl crate::decode::Checkpoint for Checks<'_> {
    fn before_execute(&self, module: &ModuleSpec) -> Result<(), ApiError> {
        before_execute(module, self.params, self.cx, self.opts)
    }

    fn has_right(&self, right: &str) -> Option<bool> {
        (self.opts.rights)(self.cx, right)
    }

    fn logged_in(&self) -> Option<bool> {
        Some(self.cx.user.is_some())
    }
}
