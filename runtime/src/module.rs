//! What a generated module type is, on either side: a [`Request`] (a module's parameters, with its
//! static [`ModuleSpec`]) and a [`Submodule`] set (the enum of the requests a submodule parameter
//! can pick, a plain generated enum). Encoding (`encode.rs`) and decoding (`decode/`)
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
