//! Closed lists of string values: [`StrEnum`] (what every generated enum implements, as a
//! plain impl), membership in the spec's values (`badvalue`), and MediaWiki's `deprecation`
//! warning for a deprecated value of an enum parameter.

use super::{Context, Value};
use crate::bytes::{bytes_eq, position_of};
use crate::error::ApiError;
use crate::spec::Type;
use crate::wire::Sink;
use std::fmt;

/// A closed list of string values (generated enums). Every such type is a [`Value`].
///
/// A generated enum states its public `ALL` table once, each variant beside its wire value; one
/// `rt::str_enum_impls!` line implements this trait from it, taking [`VALUES`](Self::VALUES) with
/// [`wire_values`](crate::codegen::wire_values).
pub trait StrEnum: Copy + Eq + 'static {
    /// Every variant with its wire value, in the spec's order: a variant's [`index`](Self::index)
    /// is its position here.
    const TABLE: &'static [(Self, &'static str)];
    /// The wire values alone, in the same order (what the spec tables list).
    const VALUES: &'static [&'static str];
    /// The position of `self` in [`TABLE`](Self::TABLE) and [`VALUES`](Self::VALUES).
    fn index(self) -> usize;

    /// The value as MediaWiki spells it.
    #[inline]
    fn as_str(self) -> &'static str {
        Self::VALUES[self.index()]
    }

    /// The variant whose wire value is `s` (case-sensitive, as MediaWiki compares), if any.
    #[inline]
    fn from_wire(s: &str) -> Option<Self> {
        position_of(Self::VALUES, s).map(|i| Self::TABLE[i].0)
    }
}

impl<T: StrEnum> Value for T {
    fn placeholder() -> Self {
        T::TABLE[0].0
    }
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.push(self.as_str());
    }

    fn has_pipe(&self) -> bool {
        self.as_str().contains('|')
    }

    fn writes_nothing(&self) -> bool {
        self.as_str().is_empty()
    }

    fn decode(raw: &str, cx: &mut Context<'_>) -> Result<Self, ApiError> {
        T::from_wire(raw).ok_or_else(|| cx.bad_value(raw))
    }

    /// The variant at the same position, when the enum's values are the spec's (a shared enum has
    /// the values of every parameter it serves, in their order).
    #[inline]
    fn from_spec_value(values: &'static [&'static str], i: usize) -> Option<Self> {
        if same_at(T::VALUES, values, i) {
            T::TABLE.get(i).map(|t| t.0)
        } else {
            None
        }
    }
}

/// Whether `ours` and `spec` both have the same value at `i` (one body for every enum).
#[inline(never)]
fn same_at(ours: &[&str], spec: &[&str], i: usize) -> bool {
    match (ours.get(i), spec.get(i)) {
        (Some(a), Some(b)) => bytes_eq(a.as_bytes(), b.as_bytes()),
        _ => false,
    }
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
