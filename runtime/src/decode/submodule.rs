//! Submodule parameters, all of their decoding in one place: the [`SubmoduleDecode`] trait a
//! generated submodule set implements (as a plain impl), the checked
//! [`SubmoduleName`]s a parameter like `prop` or `action` gives, and the decoder's
//! [`submodules`](Decoder::submodules), [`submodule`](Decoder::submodule) and
//! [`generator`](Decoder::generator), which decode the modules those names pick.

use super::Decoder;
use crate::bytes::{bytes_eq, position_of};
use crate::error::ApiError;
use crate::module::Submodule;
use crate::spec::Type;
use crate::value::{Context, Value};
use crate::wire::Sink;
use std::fmt;
use std::marker::PhantomData;

/// Decoding the module a submodule parameter named.
pub trait SubmoduleDecode: Submodule {
    /// The position of the only member called `name` if any, in the order of the submodule
    /// parameter's values; anything out of range for a name no member can have. Callers compare
    /// the name at that position.
    fn position(name: &[u8]) -> usize;

    /// Decodes the member at `position` if it is called `name`; `None` otherwise.
    fn decode_at(position: usize, name: &str, d: &mut Decoder<'_>) -> Option<Result<Self, ApiError>>;

    /// Decodes the module called `name`; `None` when no member has that name.
    #[inline]
    fn decode_named(name: &str, d: &mut Decoder<'_>) -> Option<Result<Self, ApiError>> {
        Self::decode_at(Self::position(name.as_bytes()), name, d)
    }

    /// Decodes the module `name` names: at the position it was found at, or by its name.
    #[inline]
    fn decode_name(name: SubmoduleName<Self>, d: &mut Decoder<'_>) -> Option<Result<Self, ApiError>> {
        match Self::decode_at(name.position, name.as_str(), d) {
            Some(r) => Some(r),
            None => Self::decode_named(name.as_str(), d),
        }
    }
}

/// The names a multi-valued submodule parameter gave (`prop`, `list`, `meta`), checked and in
/// order: a request names a few, kept without allocating.
pub type SubmoduleNames<S> = smallvec::SmallVec<[SubmoduleName<S>; 4]>;

/// The name of a member of the submodule set `S` (`query` of [`Action`](SubmoduleDecode)), as
/// the spec spells it, with its position among the parameter's values. Decoding one checks it
/// with the set's generated lookup, not a search of the values.
pub struct SubmoduleName<S> {
    /// The entry in the spec's list of values: a name is two words (measured faster than three).
    entry: &'static &'static str,
    position: usize,
    set: PhantomData<fn() -> S>,
}

impl<S> SubmoduleName<S> {
    /// The name as the spec spells it.
    pub fn as_str(&self) -> &'static str {
        self.entry
    }
}

impl<S> Clone for SubmoduleName<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for SubmoduleName<S> {}

impl<S> PartialEq for SubmoduleName<S> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<S> Eq for SubmoduleName<S> {}

impl<S> fmt::Debug for SubmoduleName<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<S> fmt::Display for SubmoduleName<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<S: SubmoduleDecode> Value for SubmoduleName<S> {
    const WARNS_DEPRECATED: bool = false;

    fn placeholder() -> Self {
        static NONE: &str = "";
        SubmoduleName { entry: &NONE, position: 0, set: PhantomData }
    }
    fn write<W: Sink + ?Sized>(&self, out: &mut W) {
        out.push(self.as_str());
    }

    fn has_pipe(&self) -> bool {
        self.as_str().contains('|')
    }

    fn decode(raw: &str, cx: &mut Context<'_>) -> Result<Self, ApiError> {
        let Type::Enum { values, .. } = cx.spec().ty else { return Err(cx.bad_value(raw)) };
        match Self::spec_position(values, raw).and_then(|i| Self::from_spec_value(values, i)) {
            Some(name) => Ok(name),
            None => Err(cx.bad_value(raw)),
        }
    }

    #[inline]
    fn spec_position(values: &[&str], raw: &str) -> Option<usize> {
        let at = S::position(raw.as_bytes());
        match values.get(at) {
            Some(v) if bytes_eq(v.as_bytes(), raw.as_bytes()) => Some(at),
            // The set and the parameter's values are the same list in generated code; a search
            // keeps any other pairing right.
            _ => position_of(values, raw),
        }
    }

    #[inline]
    fn from_spec_value(values: &'static [&'static str], i: usize) -> Option<Self> {
        values.get(i).map(|entry| SubmoduleName { entry, position: i, set: PhantomData })
    }
}

impl<'p> Decoder<'p> {
    /// The requests a multi submodule parameter named (`prop`, `list`, `meta`), decoded in order.
    #[inline]
    pub fn submodules<T: SubmoduleDecode>(&mut self, names: &SubmoduleNames<T>) -> Result<Vec<T>, ApiError> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        self.submodules_named(names)
    }

    fn submodules_named<T: SubmoduleDecode>(
        &mut self,
        names: &[SubmoduleName<T>],
    ) -> Result<Vec<T>, ApiError> {
        let mut out = Vec::with_capacity(names.len());
        for &name in names {
            if let Some(sub) = T::decode_name(name, self) {
                out.push(sub?);
            }
        }
        Ok(out)
    }

    /// The request a single submodule parameter named (`action`, `format`).
    #[inline]
    pub fn submodule<T: SubmoduleDecode>(
        &mut self,
        name: Option<SubmoduleName<T>>,
    ) -> Result<Option<T>, ApiError> {
        if !self.asserts_checked && self.module() == "main" {
            self.asserts_checked = true;
            if self.may_know_caller() {
                self.check_asserts()?;
            }
        }
        match name {
            None => Ok(None),
            Some(n) => T::decode_name(n, self).transpose(),
        }
    }

    /// ApiMain's `checkAsserts`, once the main module's parameters are valid and before the
    /// module's are read (so that a lost session is `assertuserfailed`, whatever else the request
    /// has wrong): `assert=user` from a caller known to be anonymous, `anon` from one known to be
    /// logged in, `bot` from one known to lack the right. Unknown callers pass (the client's
    /// validation leaves it to the wiki).
    fn check_asserts(&self) -> Result<(), ApiError> {
        let failed = match self.params.get("assert") {
            Some("user") if self.logged_in() == Some(false) => {
                ("assertuserfailed", "You are no longer logged in, so the action could not be completed.")
            }
            Some("anon") if self.logged_in() == Some(true) => {
                ("assertanonfailed", "You are no longer logged out, so the action could not be completed.")
            }
            Some("bot") if self.has_right("bot") == Some(false) => (
                "assertbotfailed",
                "You do not have the \"bot\" right, so the action could not be completed.",
            ),
            _ => return Ok(()),
        };
        Err(ApiError::new(failed.0, failed.1).module("main"))
    }

    /// The generator, resolved after the page set's parameters validated it as a plain string:
    /// `badgenerator` for an unknown module or one that cannot generate.
    #[inline]
    pub fn generator<T: SubmoduleDecode>(
        &mut self,
        name: Option<&str>,
        others: &[&str],
    ) -> Result<Option<T>, ApiError> {
        match name {
            None => Ok(None),
            Some(n) => self.generator_named(n, others),
        }
    }

    fn generator_named<T: SubmoduleDecode>(
        &mut self,
        n: &str,
        others: &[&str],
    ) -> Result<Option<T>, ApiError> {
        match T::decode_named(n, self) {
            Some(r) => r.map(Some),
            None => {
                let text = if others.contains(&n) {
                    format!("Module \"{n}\" cannot be used as a generator.")
                } else {
                    format!("Unknown \"generator={n}\".")
                };
                Err(ApiError::new("badgenerator", text).module(self.module()).param("generator"))
            }
        }
    }
}
