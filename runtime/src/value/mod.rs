//! The wire types: how each kind of parameter value is written and read back (one trait, [`Value`],
//! with an impl per type), and the newtypes that make requests say what they hold.
//!
//! One file per wire type, each owning its rule (MediaWiki's `ParamValidator` type def), its error
//! texts and its encode/decode: `text` (string, text, raw, password: the length rule), `title`,
//! `user`, `timestamp`, `expiry`, `secret`, `integer` (the range rule, which `limit` shares),
//! `limit`, `float`, `namespace`, `str_enum` (closed value lists, deprecated values), `tags`,
//! `multi` ([`Multi`] and the all-specifier), `upload`; and `page_ref`, a field that stands for
//! two parameters ([`PageRef`]: a title or a page id). A new wire type is a new file here plus its
//! variant in the spec's `Type`; a new validation rule goes in the file of the type it checks.
//! Rules about a parameter's cardinality (missing, too many values, duplicates) are the decoder's.
//!
//! Above `wire` (values write into a [`Sink`]), below `decode/`: a value's decode sees only a
//! [`Context`] (the field, the options, a place for warnings), never the decoder.

mod context;
mod expiry;
mod float;
mod integer;
mod limit;
mod multi;
mod namespace;
mod page_ref;
mod secret;
mod str_enum;
pub(crate) mod tags;
mod text;
mod timestamp;
mod title;
pub(crate) mod upload;
mod user;

pub use crate::wire::Upload;
pub use context::{
    split_template, Context, DecodeOptions, Field, Scope, Shared, Slot, ANONYMOUS_RIGHTS, CORE_NAMESPACES,
};
pub use expiry::Expiry;
pub use integer::parse_integer;
pub use limit::Limit;
pub use multi::Multi;
pub use namespace::Namespace;
pub use page_ref::PageRef;
pub use secret::Secret;
pub use str_enum::{StrEnum, UnknownValue};
pub use text::is_stringish;
pub use timestamp::Timestamp;
pub use title::Title;
pub use user::UserName;

use crate::error::ApiError;
use crate::spec::Type;
use crate::wire::Sink;

/// A single parameter value: written as wire text, read back and validated by [`decode`](Value::decode).
pub trait Value: Sized {
    /// A value listed among the parameter's deprecated ones gets MediaWiki's `deprecation` warning.
    /// Not so for the names of submodules: paraminfo lists a deprecated module among its
    /// parameter's `deprecatedvalues`, but the wiki does not warn when it is named (the module
    /// warns itself, when it runs).
    const WARNS_DEPRECATED: bool = true;

    /// Writes the value's wire text.
    fn write<S: Sink + ?Sized>(&self, out: &mut S);

    /// Whether the wire text holds `|`, so a multi value holding it must be sent with U+001F.
    fn has_pipe(&self) -> bool {
        false
    }

    /// Whether the wire text is empty: a multi value of that one value is sent as `|` (MediaWiki
    /// reads `name=` as no values).
    fn writes_nothing(&self) -> bool {
        false
    }

    /// Reads one value of `cx.field` (a whole single value, or one piece of a multi value),
    /// validating it as MediaWiki's ParamValidator does. Warnings (a clamped integer) go to `cx`.
    fn decode(raw: &str, cx: &mut Context<'_>) -> Result<Self, ApiError>;

    /// A stand-in for a required value that is missing or bad. It is never seen: the decode that
    /// reads it throws the error recorded at its check.
    fn placeholder() -> Self;

    /// Where `raw` is among `values`, the allowed values of an enum-like parameter of this type: a
    /// search of the list, unless the type knows a quicker way (a submodule set's generated lookup).
    #[inline]
    fn spec_position(values: &[&str], raw: &str) -> Option<usize> {
        crate::bytes::position_of(values, raw)
    }

    /// The value for `values[i]`, one of the spec's allowed values of an enum-like parameter, when
    /// the type can take it without further checks (a submodule's name, the enum variant
    /// at that position); `None` sends the value through [`decode`](Value::decode).
    #[inline]
    fn from_spec_value(_values: &'static [&'static str], _i: usize) -> Option<Self> {
        None
    }
}

/// Reads one value as MediaWiki does: membership in the spec's allowed values first (for an
/// enum-like parameter), then the type's own checks, then the warning for a deprecated value.
#[inline(always)]
pub fn decode<T: Value>(raw: &str, cx: &mut Context<'_>) -> Result<T, ApiError> {
    let v = decode_checked(raw, cx)?;
    if T::WARNS_DEPRECATED {
        str_enum::warn_if_deprecated(raw, cx);
    }
    Ok(v)
}

#[inline]
fn decode_checked<T: Value>(raw: &str, cx: &mut Context<'_>) -> Result<T, ApiError> {
    if let Type::Enum { values, .. } = cx.spec().ty {
        match T::spec_position(values, raw) {
            None => return Err(cx.bad_value(raw)),
            Some(i) => {
                if let Some(v) = T::from_spec_value(values, i) {
                    return Ok(v);
                }
            }
        }
    }
    T::decode(raw, cx)
}

/// A key of a templated parameter's map: the text that fills the placeholder.
pub trait TemplateKey {
    /// The text that fills the placeholder: an enum's wire value, or the string itself.
    fn key_str(&self) -> &str;
}

impl<T: StrEnum> TemplateKey for T {
    fn key_str(&self) -> &str {
        self.as_str()
    }
}

impl TemplateKey for String {
    fn key_str(&self) -> &str {
        self
    }
}
