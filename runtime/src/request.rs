//! The traits every generated request implements, gathered at one path: [`Request`] and
//! [`Submodule`] (what a module type is, from `module.rs`), [`Encode`], [`SubmoduleEncode`] and the
//! [`enc`] helpers (`encode.rs`), [`Decode`] and [`SubmoduleDecode`] (`decode/`). Nothing is
//! defined here; the crate's own modules import from where each item lives.

pub use crate::decode::{Decode, SubmoduleDecode, SubmoduleName, SubmoduleNames};
pub use crate::encode::{enc, Encode, SubmoduleEncode};
pub use crate::module::{Request, Submodule};
