//! Faults on demand: what a real wiki seldom gives, set at start, per request through a hook, or
//! over HTTP at `/fake/faults` for clients in other processes.

use crate::Wiki;

/// One fault.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {}

/// The faults the wiki injects now.
#[derive(Debug, Default)]
pub struct Faults {}

impl Faults {
    /// Every token is refused (`badtoken`), as after a session's tokens expired.
    pub fn tokens_expired(&self) -> bool {
        false
    }
}

/// The fault layer around the api.php router.
pub(crate) fn layer(router: axum::Router, wiki: Wiki) -> axum::Router {
    let _ = wiki;
    router
}
