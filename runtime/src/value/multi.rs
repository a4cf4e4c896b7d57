//! [`Multi`]: the value of a multi-valued parameter that takes the all-specifier (`*`). Its
//! encoding is `enc::multi_all`, its decoding `Decoder::multi_all`; how multi values are joined
//! and split is the wire's (`wire/multi.rs`), and their count limit and duplicates the decoder's.

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
