//! The dry run ([`ClientBuilder::dry_run`]): requests are validated as always, reads go out, and
//! every write is held back and kept as an [`Unsent`] instead.

#[cfg(doc)]
use super::ClientBuilder;
use super::{lock, Client, ClientError};
use crate::params::Params;
use crate::spec::ModuleSpec;

/// A write request that a dry run ([`ClientBuilder::dry_run`]) validated and did not send: what
/// would have gone to the wiki.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsent {
    /// The module (`edit`, `delete`, `upload`).
    pub module: String,
    /// Whether it would have been a POST (as every write is).
    pub post: bool,
    /// The whole parameter list, the main parameters (`action`, `format`, `assert`, …) first. A
    /// token the client would have fetched is left empty: a dry run asks for none.
    pub params: Params,
    /// The token type it would have been sent with (`csrf`), if its module takes one.
    pub token: Option<&'static str>,
}

/// Modules with write rights that a dry run still sends, because they change the session, not
/// the wiki: a dry run may log in, to be validated with the account's rights and limits.
const SESSION_ONLY: &[&str] = &["login", "clientlogin", "logout"];

/// Whether a dry run holds back this module: it has write rights, and is not a login.
pub(super) fn held_back(spec: &ModuleSpec) -> bool {
    spec.flags.writerights && spec.group == "action" && !SESSION_ONLY.contains(&spec.name)
}

/// Whether a dry run holds back a raw request: a POST of anything but a login. `raw` does not
/// know the module's flags, so every other POST counts as a write.
pub(super) fn raw_held_back(params: &Params, post: bool) -> bool {
    post && !params.get("action").is_some_and(|a| SESSION_ONLY.contains(&a))
}

impl Client {
    /// The write requests a dry run held back, in the order they were made (and still kept: see
    /// [`take_unsent`](Self::take_unsent)).
    pub fn unsent(&self) -> Vec<Unsent> {
        lock(&self.inner.unsent).clone()
    }

    /// The write requests a dry run held back, emptying the record.
    pub fn take_unsent(&self) -> Vec<Unsent> {
        std::mem::take(&mut *lock(&self.inner.unsent))
    }

    /// Keeps a held-back request and gives the error the caller sees instead of an answer.
    pub(super) fn hold_back(&self, unsent: Unsent) -> ClientError {
        let module = unsent.module.clone();
        tracing::info!(module = %module, "dry run: `{module}` has write rights and was not sent");
        lock(&self.inner.unsent).push(unsent);
        ClientError::DryRun { module }
    }
}
