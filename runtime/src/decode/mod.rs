//! Decoding a request's parameters is validating them, as MediaWiki 1.39's ParamValidator does
//! (docs/mediawiki-1.39-validation.md): a module's parameters are all checked, in declaration order
//! with templated ones last, every warning is recorded, and then the first error is thrown.
//!
//! So the decoder's per-parameter methods do not fail: they record the first error and give a
//! placeholder, and generated code calls [`Decoder::check`] where MediaWiki would throw.
//!
//! Finding a module's parameters is one pass over the request ([`Decoder::scan`]): each name
//! (without the module's prefixes) is compared with the module's parameter names, lengths and first
//! bytes first. Each field then knows its [`Slot`]: an absent field costs one comparison, however
//! many fields the module declares. Generated code reads the fields in order through a [`Reader`]
//! (`user: f.optional(), …`), or by position where MediaWiki's order differs from the module's.
//!
//! One file per concern: `state` (the [`Decoder`], its warnings and first error), `scan` (finding
//! the parameters, [`Fields`]), `reader` (reading them in order), `single` (optional, required, flag, upload), `multi` (lists and the
//! all-specifier, [`ValueList`]), `templated`, `submodule` (everything about submodule
//! parameters) and `constraints` (a module's own checks of groups of parameters and of rights, after
//! the parameters are valid). Rules about a parameter's cardinality go here; rules about what one value may be go
//! to its type in `value/`, which sees a [`Context`](crate::value::Context), not the decoder.

mod constraints;
mod multi;
mod reader;
mod scan;
mod single;
mod state;
mod submodule;
mod templated;

pub use multi::ValueList;
pub use reader::Reader;
pub use scan::Fields;
pub use state::{Checkpoint, Decoder};
pub use submodule::{SubmoduleDecode, SubmoduleName, SubmoduleNames};

pub use crate::bytes::{bytes_eq, position_of};
pub use crate::error::number;
pub use crate::value::{
    parse_integer, split_template, DecodeOptions, Field, Slot, TemplateKey, CORE_NAMESPACES,
};

use crate::error::ApiError;
use crate::module::Request;

/// Reading and validating a request's parameters (the server side).
pub trait Decode: Request {
    /// Reads the module's parameters in MediaWiki's order: every parameter of the module is checked
    /// and warned about, then the first error is returned.
    fn decode(d: &mut Decoder<'_>, outer: &str) -> Result<Self, ApiError>;
}
