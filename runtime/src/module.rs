//! What a generated module type is, on either side: a [`Request`] (a module's parameters, with its
//! static [`ModuleSpec`]) and a [`Submodule`] set (the enum of the requests a submodule parameter
//! can pick, declared with `submodule_enum!`). Encoding (`encode.rs`) and decoding (`decode/`)
//! build on these; this module depends on nothing but the spec.

use crate::spec::ModuleSpec;

/// A module's request type: its static description. What it can do depends on the side it was
/// generated for: [`Encode`](crate::Encode) (client), [`Decode`](crate::Decode) (server), or both.
pub trait Request: Sized {
    /// The module as paraminfo describes it: path, prefix, POST rule, token type, parameters.
    const SPEC: &'static ModuleSpec;
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
