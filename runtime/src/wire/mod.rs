//! The wire: parameters as text, below any notion of type. Encoding writes into a [`Sink`] (a
//! [`FormEncoder`] into a `String`, or a [`Params`] list); decoding reads a [`Params`] list; multi
//! values are joined and split here ([`join_multi`], [`split_multi`]); files are [`Upload`]s.
//!
//! Above the leaves (`bytes`, `error`, `spec`), below `value/`: nothing here knows what a
//! parameter's value means. A new way to carry parameters (a sink, a body format) goes here.

mod form;
mod multi;
mod params;
mod upload;
mod words;

/// Whether `full` is the concatenation of `parts` (kept here for the paths of `params::name_is`).
pub use crate::bytes::name_is;
pub use form::{push_form_component, FormEncoder, Sink};
pub use multi::{count_multi, join_multi, split_multi, MultiSplit, UNIT_SEPARATOR};
pub use params::{is_secret_name, Params};
pub use upload::Upload;
