//! Modules the spec does not list ([`Client::execute_unlisted`]): an extension's module on a
//! wiki that runs it, sent with everything the client adds to a generated request (the main
//! parameters, a token filled, retries, pacing, the dry run) but no validation before sending,
//! since there is no spec to validate with.

use super::{lock, Client, ClientError, Response};
use crate::params::Params;
use crate::spec::ModuleSpec;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// How an unlisted module is sent: what the spec would otherwise say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Unlisted {
    /// POST it (a module that must be posted, or one that writes).
    pub post: bool,
    /// It has write rights: paced as a write, held back by a dry run.
    pub write: bool,
    /// The type of the token its `token` parameter takes (`csrf`), which the client fills.
    pub token: Option<&'static str>,
}

impl Unlisted {
    /// A read: a GET, no token.
    pub const READ: Unlisted = Unlisted { post: false, write: false, token: None };

    /// A write with a token of `kind` (`csrf`, `watch`, …): a POST.
    pub const fn write(kind: &'static str) -> Unlisted {
        Unlisted { post: true, write: true, token: Some(kind) }
    }
}

use super::TOKEN_PARAM;

/// The spec the send loop is given for an unlisted module: one per module name and way of
/// sending, made once and kept for the life of the process (a handful of names a program uses).
fn spec_of(action: &str, how: Unlisted) -> &'static ModuleSpec {
    static SPECS: OnceLock<Mutex<HashMap<(String, Unlisted), &'static ModuleSpec>>> = OnceLock::new();
    let mut specs = lock(SPECS.get_or_init(Default::default));
    specs.entry((action.to_string(), how)).or_insert_with(|| {
        let name: &'static str = Box::leak(action.to_string().into_boxed_str());
        let mut spec = ModuleSpec::action(name).dynamic_params();
        if how.post {
            spec = spec.post();
        }
        if how.write {
            spec = spec.write();
        }
        if let Some(kind) = how.token {
            spec = spec.token(kind).params(TOKEN_PARAM);
        }
        Box::leak(Box::new(spec))
    })
}

impl Client {
    /// Sends `action=<action>` with `params`, for a module the spec does not list (an
    /// extension's): the client adds `format=json`, `formatversion=2`, `errorformat`, `maxlag`
    /// and `assert`, fills an empty or absent `token` of `how.token`'s type, retries and paces
    /// as for any module, and a dry run holds back a write. The wiki alone validates it.
    pub async fn execute_unlisted(
        &self,
        action: &str,
        params: &[(&str, &str)],
        how: Unlisted,
    ) -> Result<Response, ClientError> {
        let mut p = Params::new();
        for (k, v) in params {
            p.add(k, v);
        }
        self.send(spec_of(action, how), p).await
    }
}
