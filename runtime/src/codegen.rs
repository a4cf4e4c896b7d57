//! What generated code names, and nothing else: generated files say
//! `use ::mwgen_runtime::codegen as rt;` and write `rt::Decoder`, `rt::enc::opt`, ….
//!
//! Not part of the public API: it follows what mwgen emits, release by release.

pub use crate::bytes::bytes_eq;
pub use crate::decode::{Decode, DecodeOptions, Decoder, SubmoduleDecode, SubmoduleName, SubmoduleNames};
pub use crate::encode::{enc, Encode, SubmoduleEncode};
pub use crate::error::ApiError;
pub use crate::module::{Request, Submodule};
pub use crate::spec::{Constraint, ModuleSpec, Names, ParamSpec, Type};
pub use crate::value::{
    Expiry, Limit, Multi, Namespace, PageRef, Secret, StrEnum, Timestamp, Title, UnknownValue, Upload,
    UserName,
};
pub use crate::wire::{Params, Sink};
pub use indexmap::IndexMap;
pub use std::collections::BTreeMap;
pub use std::fmt;
pub use std::str::FromStr;

pub use crate::response::{
    closed_str, keep, opt, opt_any, opt_list, put, put_extra, read_closed, read_object, req, write_object,
    ArrayAnswer, Closed, Extra, Object, Part, Responds, Slot,
};
pub use crate::{closed_serde, object_serde, request_impls, str_enum_impls};
pub use serde::de::MapAccess;
pub use serde::ser::SerializeMap;
pub use serde::{Deserialize, Deserializer, Serialize, Serializer};
pub use serde_json::Value;
pub use std::borrow::Cow;

/// serde_json, for generated server code.
pub use crate::serde_json;

/// axum and the router's glue, for generated server code.
#[cfg(feature = "server")]
pub use crate::{axum, server};

/// One parameter of a spec table: [`ParamSpec::new`], short for the one line per parameter of the
/// generated `PARAMS` tables.
pub const fn param(name: &'static str, ty: Type) -> ParamSpec {
    ParamSpec::new(name, ty)
}

/// The type of a parameter taking one of `T`'s values.
pub const fn one_of<T: StrEnum>() -> Type {
    Type::values(T::VALUES)
}

/// A generated enum's [`StrEnum::VALUES`], taken from its [`StrEnum::TABLE`] at compile time: `N`
/// is the table's length (a mismatch fails the build).
pub const fn wire_values<T, const N: usize>(table: &[(T, &'static str)]) -> [&'static str; N] {
    assert!(table.len() == N, "wire_values: N is not the table's length");
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = table[i].1;
        i += 1;
    }
    out
}

/// `FromStr` for a generated enum: the variant whose wire value is `s`.
pub fn parse<T: StrEnum>(s: &str) -> Result<T, UnknownValue> {
    T::from_wire(s).ok_or_else(|| UnknownValue(s.to_string()))
}

/// What a submodule set's `with` hands the request it holds to: one generic call, so that the set
/// matches its members once for everything a caller asks of the request picked.
pub trait Visit {
    /// What the visit gives back.
    type Output;
    /// Visits the request picked.
    fn visit<T: Encode>(self, r: &T) -> Self::Output;
}

/// Visits for the picked request's [`ModuleSpec`].
pub struct SpecOf;

impl Visit for SpecOf {
    type Output = &'static ModuleSpec;
    #[inline]
    fn visit<T: Encode>(self, _: &T) -> &'static ModuleSpec {
        T::SPEC
    }
}

/// Visits to encode the picked request's parameters, with the outer prefix, into the sink.
pub struct EncodeInto<'a, S: ?Sized>(pub &'a str, pub &'a mut S);

impl<S: Sink + ?Sized> Visit for EncodeInto<'_, S> {
    type Output = ();
    #[inline]
    fn visit<T: Encode>(self, r: &T) {
        r.encode(self.0, self.1)
    }
}

/// `decode_at` for one member of a submodule set: if `name` is `T`'s module name, decodes `T` (its
/// parameters prefixed with `outer`) and wraps it with the set's variant; `None` otherwise.
pub fn member<T: Decode + Request, S>(
    d: &mut Decoder<'_>,
    name: &str,
    outer: &str,
    variant: fn(Box<T>) -> S,
) -> Option<Result<S, ApiError>> {
    if !bytes_eq(name.as_bytes(), T::SPEC.name.as_bytes()) {
        return None;
    }
    // A plain match and a function pointer: no closure to instantiate per member.
    Some(match T::decode(d, outer) {
        Ok(r) => Ok(variant(Box::new(r))),
        Err(e) => Err(e),
    })
}

/// Everything a generated enum of parameter values has beyond its variants and its public `ALL`
/// table (each variant beside its wire value, in the spec's order): [`StrEnum`] from that table,
/// `as_str`, `Display` (the wire value) and `FromStr` (the variant of a wire value, case-sensitive
/// as MediaWiki compares). Generated code writes `rt::str_enum_impls!(Lang);`.
#[doc(hidden)]
#[macro_export]
macro_rules! str_enum_impls {
    ($t:ident) => {
        impl $crate::codegen::StrEnum for $t {
            const TABLE: &'static [(Self, &'static str)] = $t::ALL;
            const VALUES: &'static [&'static str] =
                &$crate::codegen::wire_values::<_, { $t::ALL.len() }>($t::ALL);
            #[inline]
            fn index(self) -> usize {
                self as usize
            }
        }
        impl $t {
            /// The value as MediaWiki spells it.
            pub fn as_str(self) -> &'static str {
                $crate::codegen::StrEnum::as_str(self)
            }
        }
        impl $crate::codegen::fmt::Display for $t {
            fn fmt(&self, f: &mut $crate::codegen::fmt::Formatter<'_>) -> $crate::codegen::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::codegen::FromStr for $t {
            type Err = $crate::codegen::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::codegen::parse(s)
            }
        }
    };
}

/// What a generated request type `T` is beyond its struct and its `MODULE`: [`Request`] (its
/// spec is `T::MODULE`), and `From<T>` for each submodule set that can hold it, boxing it into the
/// set's variant of the same name: `rt::request_impls!(Allpages => super::submodules::List, …);`.
#[doc(hidden)]
#[macro_export]
macro_rules! request_impls {
    ($t:ident $(=> $($set:path),+ $(,)?)?) => {
        impl $crate::codegen::Request for $t {
            const SPEC: &'static $crate::codegen::ModuleSpec = &$t::MODULE;
        }
        $($(
            impl From<$t> for $set {
                fn from(r: $t) -> Self {
                    Self::$t(Box::new(r))
                }
            }
        )+)?
    };
}
