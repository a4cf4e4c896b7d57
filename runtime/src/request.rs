//! The traits every generated request implements, and the encoding helpers its `encode` calls.

use crate::decode::{bytes_eq, position_of, Decoder, Field, TemplateKey};
use crate::error::ApiError;
use crate::params::{join_multi, Params, Sink};
use crate::spec::{ModuleSpec, Type};
use crate::value::{Multi, Upload, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A module's request type: its static description. What it can do depends on the side it was
/// generated for: [`Encode`] (client), [`Decode`] (server), or both.
pub trait Request: Sized {
    /// The module as paraminfo describes it: path, prefix, POST rule, token type, parameters.
    const SPEC: &'static ModuleSpec;
}

/// Writing a request's parameters (the client side).
pub trait Encode: Request {
    /// Writes the module's parameters (not `action=…`). `outer` goes before the module prefix: `g`
    /// when the module is used as a generator, empty otherwise.
    fn encode<S: Sink + ?Sized>(&self, outer: &str, out: &mut S);

    /// The parameters as an ordered list (without `action`).
    fn to_params(&self) -> Params {
        let mut p = Params::new();
        self.encode("", &mut p);
        p
    }
}

/// Reading and validating a request's parameters (the server side).
pub trait Decode: Request {
    /// Reads the module's parameters in MediaWiki's order: every parameter of the module is checked
    /// and warned about, then the first error is returned.
    fn decode(d: &mut Decoder<'_>, outer: &str) -> Result<Self, ApiError>;
}

/// An enum of the requests a submodule parameter can pick (`Action`, `Prop`, `List`, `Generator`, …).
pub trait Submodule: Sized {
    /// The prefix the members' parameters take in this position (`g` for generators).
    const OUTER: &'static str;
    /// The submodule name of this request (`allpages`).
    fn name(&self) -> &'static str;
    /// The module path of this request (`query+allpages`).
    fn path(&self) -> &'static str;
}

/// Writing the picked module's own parameters.
pub trait SubmoduleEncode: Submodule {
    /// Writes the picked module's parameters (not its name) with the outer prefix
    /// [`OUTER`](Submodule::OUTER).
    fn encode_params<S: Sink + ?Sized>(&self, out: &mut S);
}

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
    fn write<W: Sink + ?Sized>(&self, out: &mut W) {
        out.push(self.as_str());
    }

    fn has_pipe(&self) -> bool {
        self.as_str().contains('|')
    }

    fn decode(raw: &str, d: &mut Decoder<'_>, field: &Field<'_>) -> Result<Self, ApiError> {
        let Type::Enum { values, .. } = field.spec.ty else { return Err(d.bad_value(field, raw)) };
        match Self::spec_position(values, raw).and_then(|i| Self::from_spec_value(values, i)) {
            Some(name) => Ok(name),
            None => Err(d.bad_value(field, raw)),
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

/// Declares a generated submodule enum: the enum, [`Submodule`], and `From` for each member. A
/// member may carry `#[cfg(feature = "…")]`, so a crate can leave groups of modules out.
///
/// Members are boxed: request structs differ in size by hundreds of bytes, and an enum as large as
/// its largest member would be copied whole through every `Result` and `Option` it passes.
#[macro_export]
macro_rules! submodule_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident (outer = $outer:literal) {
            $( $(#[cfg(feature = $feat:literal)])? $variant:ident($ty:ty) = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name { $( $(#[cfg(feature = $feat)])? $variant(Box<$ty>), )* }

        impl $crate::Submodule for $name {
            const OUTER: &'static str = $outer;
            fn name(&self) -> &'static str {
                match *self { $( $(#[cfg(feature = $feat)])? Self::$variant(_) => $wire, )* }
            }
            fn path(&self) -> &'static str {
                match *self { $( $(#[cfg(feature = $feat)])? Self::$variant(_) => <$ty as $crate::Request>::SPEC.path, )* }
            }
        }

        $(
            $(#[cfg(feature = $feat)])?
            impl From<$ty> for $name {
                fn from(r: $ty) -> Self { Self::$variant(Box::new(r)) }
            }
        )*
    };
}

/// Implements [`SubmoduleEncode`] for an enum declared with [`submodule_enum!`].
#[macro_export]
macro_rules! submodule_encode {
    ($name:ident { $( $(#[cfg(feature = $feat:literal)])? $variant:ident ),* $(,)? }) => {
        impl $crate::SubmoduleEncode for $name {
            fn encode_params<S: $crate::Sink + ?Sized>(&self, out: &mut S) {
                let _ = &out;
                // On `*self`, so that an enum with no member (nothing selected) matches nothing.
                match *self {
                    $( $(#[cfg(feature = $feat)])? Self::$variant(ref r) => $crate::Encode::encode(&**r, <Self as $crate::Submodule>::OUTER, out), )*
                }
            }
        }
    };
}

/// Implements [`SubmoduleDecode`] for an enum declared with [`submodule_enum!`]. Each member comes
/// with its position, and `lookup` maps a name to the position of the only member it can be (see
/// [`Decoder::scan`]), so that finding the member is a jump, not a comparison per member.
#[macro_export]
macro_rules! submodule_decode {
    ($name:ident (lookup = $lookup:expr) { $( $(#[cfg(feature = $feat:literal)])? $variant:ident($ty:ty) = $wire:literal @ $at:literal ),* $(,)? }) => {
        impl $crate::SubmoduleDecode for $name {
            #[inline]
            fn position(name: &[u8]) -> usize {
                let lookup: fn(&[u8]) -> usize = $lookup;
                lookup(name)
            }

            fn decode_at(position: usize, name: &str, d: &mut $crate::Decoder<'_>) -> Option<Result<Self, $crate::ApiError>> {
                let _ = (&d, name);
                match position {
                    $(
                        $(#[cfg(feature = $feat)])?
                        $at if $crate::decode::bytes_eq(name.as_bytes(), $wire.as_bytes()) => {
                            Some(<$ty as $crate::Decode>::decode(d, <Self as $crate::Submodule>::OUTER).map(|r| Self::$variant(Box::new(r))))
                        }
                    )*
                    _ => None,
                }
            }
        }
    };
}

/// Encoding helpers called by generated `encode` functions. A name comes in two pieces: the outer
/// prefix (`g` for a generator's parameters, usually empty) and the prefixed name (`apfrom`).
pub mod enc {
    use super::*;

    /// An optional single value: written when set.
    #[inline]
    pub fn opt<S: Sink + ?Sized, T: Value>(out: &mut S, name: [&str; 2], v: &Option<T>) {
        if let Some(v) = v {
            req(out, name, v);
        }
    }

    /// A required single value: always written.
    #[inline]
    pub fn req<S: Sink + ?Sized, T: Value>(out: &mut S, name: [&str; 2], v: &T) {
        out.begin(name[0], name[1]);
        v.write(out);
    }

    /// A presence boolean: written (as `1`) when true, absent when false.
    #[inline]
    pub fn flag<S: Sink + ?Sized>(out: &mut S, name: [&str; 2], v: bool) {
        if v {
            out.begin(name[0], name[1]);
            out.push("1");
        }
    }

    /// A multi value, written when not empty, joined with `|` or U+001F.
    #[inline]
    pub fn multi<S: Sink + ?Sized, T: Value>(out: &mut S, name: [&str; 2], v: &[T]) {
        if !v.is_empty() {
            out.begin(name[0], name[1]);
            join_multi(out, v, |x, o| x.write(o), T::has_pipe);
        }
    }

    /// A required multi value: always written, `name=` when empty, since MediaWiki takes an empty
    /// list as given (and an absent one as `missingparam`).
    #[inline]
    pub fn req_multi<S: Sink + ?Sized, T: Value>(out: &mut S, name: [&str; 2], v: &[T]) {
        out.begin(name[0], name[1]);
        join_multi(out, v, |x, o| x.write(o), T::has_pipe);
    }

    /// A multi value that also takes the all-specifier.
    #[inline]
    pub fn multi_all<S: Sink + ?Sized, T: Value>(out: &mut S, name: [&str; 2], all: &str, v: &Multi<T>) {
        match v {
            Multi::All => {
                out.begin(name[0], name[1]);
                out.push(all);
            }
            Multi::Values(v) => multi(out, name, v),
        }
    }

    /// A templated parameter: one `name-{key}` parameter per entry. `name` holds the outer prefix,
    /// and the prefixed parameter name before and after its placeholder.
    #[inline]
    pub fn templated<S: Sink + ?Sized, K: TemplateKey, V: Value>(
        out: &mut S,
        name: [&str; 3],
        v: &BTreeMap<K, V>,
    ) {
        for (k, value) in v {
            out.begin_templated(name[0], name[1], k.key_str(), name[2]);
            value.write(out);
        }
    }

    /// Adds a templated map's keys to its source list, keeping order and skipping those present.
    pub fn add_keys<K: Clone + PartialEq, V>(list: &mut Vec<K>, map: &BTreeMap<K, V>) {
        for k in map.keys() {
            if !list.contains(k) {
                list.push(k.clone());
            }
        }
    }

    /// A file.
    #[inline]
    pub fn upload<S: Sink + ?Sized>(out: &mut S, name: [&str; 2], v: &Option<Upload>) {
        if let Some(file) = v {
            out.upload(name[0], name[1], file);
        }
    }

    /// A single submodule: its name, then its own parameters.
    #[inline]
    pub fn submodule<S: Sink + ?Sized, T: SubmoduleEncode>(out: &mut S, name: [&str; 2], v: &Option<T>) {
        if let Some(sub) = v {
            out.begin(name[0], name[1]);
            out.push(sub.name());
            sub.encode_params(out);
        }
    }

    /// Several submodules: their names joined, then each one's parameters.
    #[inline]
    pub fn submodules<S: Sink + ?Sized, T: SubmoduleEncode>(out: &mut S, name: [&str; 2], v: &[T]) {
        if v.is_empty() {
            return;
        }
        out.begin(name[0], name[1]);
        for (i, sub) in v.iter().enumerate() {
            if i > 0 {
                out.push("|");
            }
            out.push(sub.name());
        }
        for sub in v {
            sub.encode_params(out);
        }
    }
}
