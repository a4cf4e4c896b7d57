//! The wire types: how each kind of parameter value is written and read back (one trait, [`Value`],
//! with an impl per type), and the newtypes that make requests say what they hold.

use crate::decode::{Decoder, Field};
use crate::error::ApiError;
use crate::params::Sink;
use std::fmt;

/// A single parameter value: written as wire text, read back and validated by [`decode`](Value::decode).
pub trait Value: Sized {
    /// Writes the value's wire text.
    fn write<S: Sink + ?Sized>(&self, out: &mut S);

    /// Whether the wire text holds `|`, so a multi value holding it must be sent with U+001F.
    fn has_pipe(&self) -> bool {
        false
    }

    /// Reads one value of `field` (a whole single value, or one piece of a multi value), validating it
    /// as MediaWiki's ParamValidator does. Warnings (a clamped integer) go to the decoder.
    fn decode(raw: &str, d: &mut Decoder<'_>, field: &Field<'_>) -> Result<Self, ApiError>;

    /// Where `raw` is among `values`, the allowed values of an enum-like parameter of this type: a
    /// search of the list, unless the type knows a quicker way (a submodule set's generated lookup).
    #[inline]
    fn spec_position(values: &[&str], raw: &str) -> Option<usize> {
        crate::decode::position_of(values, raw)
    }

    /// The value for `values[i]`, one of the spec's allowed values of an enum-like parameter, when
    /// the type can take it without further checks (a submodule's name, the enum variant
    /// at that position); `None` sends the value through [`decode`](Value::decode).
    #[inline]
    fn from_spec_value(_values: &'static [&'static str], _i: usize) -> Option<Self> {
        None
    }
}

/// A closed list of string values (generated enums). Every such type is a [`Value`].
pub trait StrEnum: Copy + Eq + 'static {
    /// The wire values, in the spec's order; `as_str` is `VALUES[self as index]`.
    const VALUES: &'static [&'static str];
    /// The variants, in the same order.
    const ALL: &'static [Self];
    /// The position of `self` in [`VALUES`](Self::VALUES) and [`ALL`](Self::ALL).
    fn index(self) -> usize;

    /// The value as MediaWiki spells it.
    fn as_str(self) -> &'static str {
        Self::VALUES[self.index()]
    }

    /// The variant whose wire value is `s` (case-sensitive, as MediaWiki compares), if any.
    fn from_wire(s: &str) -> Option<Self> {
        crate::decode::position_of(Self::VALUES, s).map(|i| Self::ALL[i])
    }
}

impl<T: StrEnum> Value for T {
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.push(self.as_str());
    }

    fn has_pipe(&self) -> bool {
        self.as_str().contains('|')
    }

    fn decode(raw: &str, d: &mut Decoder<'_>, field: &Field<'_>) -> Result<Self, ApiError> {
        T::from_wire(raw).ok_or_else(|| d.bad_value(field, raw))
    }

    /// The variant at the same position, when the enum's values are the spec's (a shared enum has
    /// the values of every parameter it serves, in their order).
    #[inline]
    fn from_spec_value(values: &'static [&'static str], i: usize) -> Option<Self> {
        match (T::VALUES.get(i), values.get(i)) {
            (Some(ours), Some(spec)) if crate::decode::bytes_eq(ours.as_bytes(), spec.as_bytes()) => {
                T::ALL.get(i).copied()
            }
            _ => None,
        }
    }
}

/// Declares a generated string enum: the type, [`StrEnum`], `as_str`, `Display` and `FromStr`.
///
/// ```
/// mwgen_runtime::str_enum! {
///     /// Sort direction.
///     pub enum Dir { Ascending = "ascending", Descending = "descending" }
/// }
/// assert_eq!(Dir::Descending.as_str(), "descending");
/// assert_eq!("ascending".parse::<Dir>(), Ok(Dir::Ascending));
/// ```
#[macro_export]
macro_rules! str_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),* }
        impl $crate::StrEnum for $name {
            const VALUES: &'static [&'static str] = &[$($value),*];
            const ALL: &'static [Self] = &[$(Self::$variant),*];
            fn index(self) -> usize { self as usize }
        }
        impl $name {
            /// The value as MediaWiki spells it.
            pub fn as_str(self) -> &'static str { <Self as $crate::StrEnum>::as_str(self) }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { f.write_str(self.as_str()) }
        }
        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <Self as $crate::StrEnum>::from_wire(s).ok_or_else(|| $crate::UnknownValue(s.to_string()))
            }
        }
    };
}

/// A string that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue(pub String);

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value `{}`", self.0)
    }
}

impl std::error::Error for UnknownValue {}

impl Value for String {
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.push(self);
    }

    fn has_pipe(&self) -> bool {
        self.contains('|')
    }

    fn decode(raw: &str, d: &mut Decoder<'_>, field: &Field<'_>) -> Result<Self, ApiError> {
        d.check_length(field, raw)?;
        Ok(raw.to_string())
    }
}

macro_rules! text_newtype {
    ($(#[$meta:meta])* $name:ident, $decode:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub String);

        impl $name {
            /// Wraps `s` as it is; it is validated only when decoded.
            pub fn new(s: impl Into<String>) -> Self {
                $name(s.into())
            }
            /// The wire text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }
        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl Value for $name {
            fn write<S: Sink + ?Sized>(&self, out: &mut S) {
                out.push(&self.0);
            }
            fn has_pipe(&self) -> bool {
                self.0.contains('|')
            }
            fn decode(raw: &str, d: &mut Decoder<'_>, field: &Field<'_>) -> Result<Self, ApiError> {
                let check: fn(&str, &mut Decoder<'_>, &Field<'_>) -> Result<(), ApiError> = $decode;
                check(raw, d, field)?;
                Ok($name(raw.to_string()))
            }
        }
    };
}

text_newtype!(
    /// A page title (`Main Page`, `Talk:Foo`).
    Title,
    |raw, d, field| d.check_title(field, raw)
);
impl fmt::Debug for Title {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Title({:?})", self.0)
    }
}

text_newtype!(
    /// A user name, IP, IP range, `#id` or interwiki name, as the parameter's subtypes allow.
    UserName,
    |raw, d, field| d.check_user(field, raw)
);
impl fmt::Debug for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserName({:?})", self.0)
    }
}

text_newtype!(
    /// A timestamp in any form MediaWiki reads: ISO 8601 (`2024-05-01T12:00:00Z`), 14 digits
    /// (`20240501120000`), Unix seconds, or `now`.
    Timestamp,
    |raw, d, field| d.check_timestamp(field, raw)
);
impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", self.0)
    }
}

impl Timestamp {
    /// The current time, as MediaWiki reads it.
    pub fn now() -> Self {
        Timestamp("now".to_string())
    }
}

text_newtype!(
    /// An expiry: `infinite` (or `indefinite`, `infinity`, `never`), a relative time (`1 week`), or a
    /// timestamp.
    Expiry,
    |raw, d, field| d.check_expiry(field, raw)
);
impl fmt::Debug for Expiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Expiry({:?})", self.0)
    }
}

text_newtype!(
    /// A password or token: sent only by POST, and never printed (`Debug` shows `<redacted>`).
    Secret,
    |raw, d, field| d.check_length(field, raw)
);
impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A namespace number (`0` main, `1` talk, `-1` special, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Namespace(pub i32);

impl Namespace {
    /// `-2`, Media: links straight to a file. Accepted only where a parameter lists it as an extra
    /// namespace.
    pub const MEDIA: Namespace = Namespace(-2);
    /// `-1`, Special: the special pages. Accepted only where a parameter lists it as an extra
    /// namespace.
    pub const SPECIAL: Namespace = Namespace(-1);
    /// `0`, the main (article) namespace.
    pub const MAIN: Namespace = Namespace(0);
    /// `1`, Talk: discussion of main namespace pages.
    pub const TALK: Namespace = Namespace(1);
    /// `2`, User: user pages.
    pub const USER: Namespace = Namespace(2);
    /// `3`, User talk.
    pub const USER_TALK: Namespace = Namespace(3);
    /// `4`, Project: pages about the wiki itself (named after the wiki).
    pub const PROJECT: Namespace = Namespace(4);
    /// `5`, Project talk.
    pub const PROJECT_TALK: Namespace = Namespace(5);
    /// `6`, File: file description pages.
    pub const FILE: Namespace = Namespace(6);
    /// `7`, File talk.
    pub const FILE_TALK: Namespace = Namespace(7);
    /// `8`, MediaWiki: the interface messages.
    pub const MEDIAWIKI: Namespace = Namespace(8);
    /// `9`, MediaWiki talk.
    pub const MEDIAWIKI_TALK: Namespace = Namespace(9);
    /// `10`, Template.
    pub const TEMPLATE: Namespace = Namespace(10);
    /// `11`, Template talk.
    pub const TEMPLATE_TALK: Namespace = Namespace(11);
    /// `12`, Help.
    pub const HELP: Namespace = Namespace(12);
    /// `13`, Help talk.
    pub const HELP_TALK: Namespace = Namespace(13);
    /// `14`, Category.
    pub const CATEGORY: Namespace = Namespace(14);
    /// `15`, Category talk.
    pub const CATEGORY_TALK: Namespace = Namespace(15);
}

impl Value for Namespace {
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.push(itoa::Buffer::new().format(self.0));
    }

    fn decode(raw: &str, d: &mut Decoder<'_>, field: &Field<'_>) -> Result<Self, ApiError> {
        d.namespace(field, raw).map(Namespace)
    }
}

impl Value for i64 {
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.push(itoa::Buffer::new().format(*self));
    }

    fn decode(raw: &str, d: &mut Decoder<'_>, field: &Field<'_>) -> Result<Self, ApiError> {
        let n = d.integer(field, raw)?;
        Ok(d.clamp(field, raw, n))
    }
}

impl Value for f64 {
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.push(&self.to_string());
    }

    fn decode(raw: &str, d: &mut Decoder<'_>, field: &Field<'_>) -> Result<Self, ApiError> {
        d.float(field, raw)
    }
}

/// A `limit` parameter's value: a number, or `max` (the most the caller may ask for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// `max`: the parameter's maximum for this caller (its `highmax` with `apihighlimits`).
    Max,
    /// A number. Out of range, the wiki clamps it, with an `outofrange` warning.
    Value(u32),
}

impl Limit {
    /// The number this limit stands for, given the parameter's maximum for this caller.
    pub fn resolve(self, max: u32) -> u32 {
        match self {
            Limit::Max => max,
            Limit::Value(n) => n.min(max),
        }
    }
}

impl From<u32> for Limit {
    fn from(n: u32) -> Self {
        Limit::Value(n)
    }
}

impl Value for Limit {
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Limit::Max => out.push("max"),
            Limit::Value(n) => out.push(itoa::Buffer::new().format(*n)),
        }
    }

    fn decode(raw: &str, d: &mut Decoder<'_>, field: &Field<'_>) -> Result<Self, ApiError> {
        if raw == "max" {
            return Ok(Limit::Max);
        }
        let n = d.integer(field, raw)?;
        let n = d.clamp(field, raw, n);
        Ok(Limit::Value(u32::try_from(n.max(0)).unwrap_or(u32::MAX)))
    }
}

/// A file to upload: its name and content. Sent as multipart/form-data.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Upload {
    /// The file name sent with the content (the `filename` of its Content-Disposition).
    pub filename: String,
    /// The file's bytes.
    pub content: Vec<u8>,
    /// The MIME type to declare; `application/octet-stream` when absent.
    pub mime: Option<String>,
}

impl Upload {
    /// A file called `filename` holding `content`, with no MIME type declared.
    pub fn new(filename: impl Into<String>, content: impl Into<Vec<u8>>) -> Self {
        Upload { filename: filename.into(), content: content.into(), mime: None }
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("filename", &self.filename)
            .field("bytes", &self.content.len())
            .field("mime", &self.mime)
            .finish()
    }
}

/// A multi-valued parameter that also takes the all-specifier (`*`): every value, or a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Multi<T> {
    /// The all-specifier: every value the parameter takes.
    All,
    /// These values; none leaves the parameter out.
    Values(Vec<T>),
}

impl<T> Default for Multi<T> {
    fn default() -> Self {
        Multi::Values(Vec::new())
    }
}

impl<T> Multi<T> {
    /// Whether there is nothing to send: no values. [`Multi::All`] is never empty.
    pub fn is_empty(&self) -> bool {
        matches!(self, Multi::Values(v) if v.is_empty())
    }
}

impl<T> From<Vec<T>> for Multi<T> {
    fn from(v: Vec<T>) -> Self {
        Multi::Values(v)
    }
}
