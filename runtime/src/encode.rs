//! Encoding, the client side: the [`Encode`] trait every generated request implements,
//! [`SubmoduleEncode`] for submodule sets (generated as plain impls),
//! and the helpers in [`enc`] that generated `encode` functions call, one per cardinality. What a
//! value's wire text is belongs to its type in `value/`; how pairs are written, to `wire`.

use crate::module::{Request, Submodule};
use crate::wire::{Params, Sink};

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

/// Writing the picked module's own parameters.
pub trait SubmoduleEncode: Submodule {
    /// Writes the picked module's parameters (not its name) with the outer prefix
    /// [`OUTER`](Submodule::OUTER).
    fn encode_params<S: Sink + ?Sized>(&self, out: &mut S);
}

/// Encoding helpers called by generated `encode` functions. A name comes in two pieces: the outer
/// prefix (`g` for a generator's parameters, usually empty) and the prefixed name (`apfrom`).
pub mod enc {
    use super::SubmoduleEncode;
    use crate::value::{Multi, PageRef, TemplateKey, Upload, Value};
    use crate::wire::{join_multi, Sink};
    use std::collections::BTreeMap;

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

    /// A page by title or by id ([`PageRef`]): its title as the parameter `title` names, or its
    /// id as `id` names; never both.
    #[inline]
    pub fn page_ref<S: Sink + ?Sized>(out: &mut S, title: [&str; 2], id: [&str; 2], v: &PageRef) {
        match v {
            PageRef::Title(t) => req(out, title, t),
            PageRef::Id(i) => req(out, id, i),
        }
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
            join_multi(out, v, |x, o| x.write(o), T::has_pipe, T::writes_nothing);
        }
    }

    /// A required multi value: always written, `name=` when empty, since MediaWiki takes an empty
    /// list as given (and an absent one as `missingparam`).
    #[inline]
    pub fn req_multi<S: Sink + ?Sized, T: Value>(out: &mut S, name: [&str; 2], v: &[T]) {
        out.begin(name[0], name[1]);
        join_multi(out, v, |x, o| x.write(o), T::has_pipe, T::writes_nothing);
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
