//! [`NameIndex`]: where each of a module's parameter names sits in its list, built at compile time
//! by [`ModuleSpec::params`](crate::spec::ModuleSpec::params) and read once per request pair by the
//! decoder's scan. A name is hashed by its length and its first and last bytes (what tells most of
//! one module's names apart), and the bucket's parameter name is compared once; collisions take the
//! next free bucket.

use super::ParamSpec;
use crate::bytes::bytes_eq;

/// Buckets per module: a power of two, kept at most three quarters full.
const BUCKETS: usize = 64;
/// More names than this and the index gives up (`linear`): the scan compares every name.
const MOST: usize = BUCKETS * 3 / 4;

/// The positions of a module's parameter names (templated ones aside: their names depend on other
/// values, so they are searched for when read).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct NameIndex {
    /// A parameter's position plus one; 0 is an empty bucket.
    buckets: [u8; BUCKETS],
    /// Too many names for the buckets: the scan compares every one.
    linear: bool,
    /// Some parameter is templated.
    templated: bool,
    /// Some parameter is required.
    required: bool,
    /// How many parameters it was built of: a list of another length (set without
    /// [`ModuleSpec::params`](crate::spec::ModuleSpec::params)) is searched name by name.
    len: usize,
}

impl std::fmt::Debug for NameIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = self.buckets.iter().filter(|&&b| b != 0).count();
        write!(f, "NameIndex({names} names)")
    }
}

#[inline]
const fn bucket(name: &[u8]) -> usize {
    let (first, last) = match (name.first(), name.last()) {
        (Some(f), Some(l)) => (*f as usize, *l as usize),
        _ => (0, 0),
    };
    (name.len().wrapping_mul(37) ^ first.wrapping_mul(5) ^ last.wrapping_mul(11)) & (BUCKETS - 1)
}

impl NameIndex {
    /// No parameters.
    pub const EMPTY: NameIndex =
        NameIndex { buckets: [0; BUCKETS], linear: false, templated: false, required: false, len: 0 };

    /// The index of `params`.
    pub const fn of(params: &[ParamSpec]) -> NameIndex {
        let mut index = NameIndex::EMPTY;
        let mut names = 0;
        let mut i = 0;
        while i < params.len() {
            index.required |= params[i].required;
            if params[i].template.is_some() {
                index.templated = true;
            } else if names == MOST || i >= u8::MAX as usize {
                index.linear = true;
            } else {
                let mut b = bucket(params[i].name.as_bytes());
                while index.buckets[b] != 0 {
                    b = (b + 1) & (BUCKETS - 1);
                }
                index.buckets[b] = (i + 1) as u8;
                names += 1;
            }
            i += 1;
        }
        index.len = params.len();
        index
    }

    /// Some parameter is templated.
    #[inline]
    pub fn has_templated(&self) -> bool {
        self.templated
    }

    /// Some parameter is required.
    #[inline]
    pub fn has_required(&self) -> bool {
        self.required
    }

    /// The position in `params` (the list this index was built `of`) of the parameter named
    /// `name`, not templated.
    #[inline]
    pub fn position(&self, params: &[ParamSpec], name: &[u8]) -> Option<usize> {
        if self.linear || self.len != params.len() {
            return params.iter().position(|p| p.template.is_none() && bytes_eq(p.name.as_bytes(), name));
        }
        let mut b = bucket(name);
        loop {
            let i = usize::from(self.buckets[b]).checked_sub(1)?;
            if bytes_eq(params.get(i)?.name.as_bytes(), name) {
                return Some(i);
            }
            b = (b + 1) & (BUCKETS - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{ParamSpec, Type};

    static PARAMS: [ParamSpec; 5] = [
        ParamSpec::new("from", Type::STRING),
        ParamSpec::new("to", Type::STRING),
        ParamSpec::new("fromtext-{slot}", Type::STRING).template("slot", "slots"),
        // Same length, first and last bytes as `from`: the same bucket.
        ParamSpec::new("foam", Type::STRING),
        ParamSpec::new("", Type::STRING),
    ];

    #[test]
    fn finds_each_name_and_nothing_else() {
        const INDEX: NameIndex = NameIndex::of(&PARAMS);
        assert_eq!(INDEX.position(&PARAMS, b"from"), Some(0));
        assert_eq!(INDEX.position(&PARAMS, b"to"), Some(1));
        assert_eq!(INDEX.position(&PARAMS, b"foam"), Some(3));
        assert_eq!(INDEX.position(&PARAMS, b""), Some(4));
        assert_eq!(INDEX.position(&PARAMS, b"fromtext-{slot}"), None, "templated names are not scanned");
        assert_eq!(INDEX.position(&PARAMS, b"fram"), None);
        assert!(INDEX.has_templated());
    }

    #[test]
    fn a_list_it_was_not_built_of_is_searched_name_by_name() {
        assert_eq!(NameIndex::EMPTY.position(&PARAMS, b"to"), Some(1));
        assert_eq!(NameIndex::EMPTY.position(&PARAMS, b"fromtext-{slot}"), None);
    }

    #[test]
    fn many_names_fall_back_to_comparing_each() {
        let names: Vec<&'static str> = (0..100).map(|i| &*format!("p{i}").leak()).collect();
        let params: &'static [ParamSpec] =
            names.iter().map(|n| ParamSpec::new(n, Type::STRING)).collect::<Vec<_>>().leak();
        let index = NameIndex::of(params);
        for (i, n) in names.iter().enumerate() {
            assert_eq!(index.position(params, n.as_bytes()), Some(i), "{n}");
        }
        assert_eq!(index.position(params, b"p100"), None);
    }
}
