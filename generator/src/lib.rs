//! mwgen: a spec of MediaWiki's Action API, and typed Rust client and server code generated from it.
//!
//! - [`spec`]: load and lint a spec directory (`spec/mediawiki-1.39/`), located errors.
//! - [`paraminfo`]: import a spec from a wiki's `action=paraminfo`, export it back.

pub mod paraminfo;
pub mod spec;

pub use spec::{Spec, SpecError};
