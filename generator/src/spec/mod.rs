//! The spec: YAML files that describe every module and parameter of a wiki's Action API.
//!
//! [`Spec::load`] reads a spec directory and lints it; every problem comes back as a
//! [`Diagnostic`] located at `file:line:col`.

pub mod constraint;
mod diagnostic;
pub mod lint;
mod load;
pub mod located;
mod model;
pub mod overlay;
pub mod response;
mod response_lint;

pub(crate) use diagnostic::did_you_mean;
pub use diagnostic::{Diagnostic, SpecError};
pub use load::{Source, Spec, WIKI_FILE};
pub use model::*;
pub use overlay::{Extensions, Overlays};
