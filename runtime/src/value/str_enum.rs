//! Closed lists of string values: [`StrEnum`] (the generated enums, and the `str_enum!` macro that
//! declares them), membership in the spec's values (`badvalue`), and MediaWiki's `deprecation`
//! warning for a deprecated value of an enum parameter.

use super::{Context, Value};
use crate::bytes::{bytes_eq, position_of};
use crate::error::ApiError;
use crate::spec::Type;
use crate::wire::Sink;
use std::fmt;

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
        position_of(Self::VALUES, s).map(|i| Self::ALL[i])
    }
}

impl<T: StrEnum> Value for T {
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.push(self.as_str());
    }

    fn has_pipe(&self) -> bool {
        self.as_str().contains('|')
    }

    fn decode(raw: &str, cx: &mut Context<'_>) -> Result<Self, ApiError> {
        T::from_wire(raw).ok_or_else(|| cx.bad_value(raw))
    }

    /// The variant at the same position, when the enum's values are the spec's (a shared enum has
    /// the values of every parameter it serves, in their order).
    #[inline]
    fn from_spec_value(values: &'static [&'static str], i: usize) -> Option<Self> {
        match (T::VALUES.get(i), values.get(i)) {
            (Some(ours), Some(spec)) if bytes_eq(ours.as_bytes(), spec.as_bytes()) => T::ALL.get(i).copied(),
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

/// MediaWiki's warning for a value the enum parameter lists as deprecated (but not its default).
#[inline]
pub(super) fn warn_if_deprecated(raw: &str, cx: &mut Context<'_>) {
    if let Type::Enum { deprecated, .. } = cx.spec().ty {
        if !deprecated.is_empty() && position_of(deprecated, raw).is_some() {
            deprecated_value(raw, cx);
        }
    }
}

#[cold]
fn deprecated_value(raw: &str, cx: &mut Context<'_>) {
    if cx.spec().default != Some(raw) {
        let name = cx.name();
        cx.deprecation(
            format!("The value \"{raw}\" to parameter \"{name}\" has been deprecated."),
            &format!("{name}={raw}"),
        );
    }
}
