//! Multi-valued parameters: the list is split ([`split_multi`]), counted against the limit
//! (`toomanyvalues`, `highlimit` for callers with `apihighlimits`), checked as a whole where the
//! type says so (tags), then each value is read by its type; unknown values of enum-like types are
//! dropped with an `unrecognizedvalues` warning, duplicates unless the parameter allows them. The
//! values are collected into a [`ValueList`].

use super::{Decoder, Fields};
use crate::error::number;
use crate::error::ApiError;
use crate::spec::Type;
use crate::value::{self, Context, Field, Multi, Value};
use crate::wire::{count_multi, split_multi};
use serde_json::json;

impl<'p> Decoder<'p> {
    /// A multi-valued parameter: split, counted against the limit, each value checked; unknown
    /// values of enum-like types are dropped with an `unrecognizedvalues` warning; duplicates are
    /// dropped unless the parameter allows them.
    #[inline]
    pub fn multi<L: ValueList>(&mut self, fields: &Fields<'_>, i: usize) -> L {
        let mut values = L::default();
        self.multi_into(fields, i, &mut values);
        values
    }

    /// Like [`multi`](Self::multi), into the empty list `values`: a list read where it is (the
    /// names of submodules) is never copied, so never read back while its last values are still
    /// being stored.
    #[inline]
    pub fn multi_into<L: ValueList>(&mut self, fields: &Fields<'_>, i: usize, values: &mut L) {
        if self.skip(fields, i) {
            return;
        }
        self.multi_given(self.field(fields, i), values)
    }

    #[inline(never)]
    fn multi_given<L: ValueList>(&mut self, field: Field<'_>, values: &mut L) {
        if let Some(raw) = self.raw_or_missing(&field, field.spec.required) {
            self.multi_values(&field, raw, values);
        }
    }

    /// Like [`multi`](Self::multi), for parameters that also take the all-specifier: exactly the
    /// all-specifier as the only value means every value.
    #[inline]
    pub fn multi_all<T: Value + PartialEq>(&mut self, fields: &Fields<'_>, i: usize) -> Multi<T> {
        if self.skip(fields, i) {
            return Multi::default();
        }
        self.multi_all_given(self.field(fields, i))
    }

    #[inline(never)]
    fn multi_all_given<T: Value + PartialEq>(&mut self, field: Field<'_>) -> Multi<T> {
        let all = field.spec.multi.and_then(|m| m.all);
        match self.raw(&field) {
            Some(raw) if all.is_some() => {
                let mut pieces = split_multi(raw, 2);
                if pieces.next() == all && pieces.next().is_none() {
                    return Multi::All;
                }
                let mut values = Vec::new();
                self.multi_values(&field, raw, &mut values);
                Multi::Values(values)
            }
            Some(raw) => {
                let mut values = Vec::new();
                self.multi_values(&field, raw, &mut values);
                Multi::Values(values)
            }
            None if field.spec.required => {
                let e = self.missing(&field);
                self.fail(e);
                Multi::default()
            }
            None => Multi::default(),
        }
    }

    /// Fills the empty list `values`, which stays empty on an error.
    ///
    /// Only the reading of one value is generic (a small closure per value type); the counting,
    /// the tags check and the warning are one body for every type, so a crate of many enums does not
    /// carry a copy of them for each.
    fn multi_values<L: ValueList>(&mut self, field: &Field<'_>, raw: &str, values: &mut L) {
        let Some(count) = self.multi_count(field, raw) else { return };
        values.reserve(count);
        let duplicates = field.spec.multi.is_some_and(|m| m.duplicates);
        let read = self.multi_each(field, raw, count, &mut |piece, cx| {
            let v = value::decode::<L::Item>(piece, cx)?;
            if duplicates || !values.has(&v) {
                values.push(v);
            }
            Ok(())
        });
        if !read {
            *values = L::default();
        }
    }

    /// The number of values in `raw`, checked against the limit and, for tags, the allowed tags;
    /// `None` when an error was recorded.
    #[inline(never)]
    fn multi_count(&mut self, field: &Field<'_>, raw: &str) -> Option<usize> {
        let (low, high) = field.spec.multi.map(|m| (m.limit, m.high_limit)).unwrap_or((1, 1));
        let high = high.max(low);
        // Counted, then split into that many pieces: no list of pieces to allocate, and the last
        // piece (the only one, usually) is the rest, with no search for a separator.
        let count = count_multi(raw);
        let limit = if high > low && count > low as usize && self.options().high_limits { high } else { low };
        if count > limit as usize {
            let e = self.too_many_values(field, (limit, low, high));
            self.fail(e);
            return None;
        }
        if let Type::Tags { values: tags } = field.spec.ty {
            let extra = &self.options().extra_tags;
            let pieces = split_multi(raw, count).filter(|p| !extra.iter().any(|t| t == p));
            let disallowed = value::tags::disallowed(tags, pieces);
            if !disallowed.is_empty() {
                let e = value::tags::bad_tags(&disallowed, &self.context(field));
                self.fail(e);
                return None;
            }
        }
        Some(count)
    }

    /// Reads the `count` values of `raw` with `read`; unknown values of enum-like types are left
    /// out with one `unrecognizedvalues` warning. False when an error was recorded.
    #[inline(never)]
    fn multi_each(
        &mut self,
        field: &Field<'_>,
        raw: &str,
        count: usize,
        read: &mut dyn FnMut(&str, &mut Context<'_>) -> Result<(), ApiError>,
    ) -> bool {
        let mut unknown: Vec<&str> = Vec::new();
        for piece in split_multi(raw, count) {
            match read(piece, &mut self.context(field)) {
                Ok(()) => {}
                Err(e) if e.code == "badvalue" => unknown.push(piece),
                Err(e) => {
                    self.fail(e);
                    return false;
                }
            }
        }
        if !unknown.is_empty() {
            let name = field.wire_name();
            let word = if unknown.len() == 1 { "value" } else { "values" };
            let list = unknown.join(", ");
            self.warn(
                "unrecognizedvalues",
                format!("Unrecognized {word} for parameter \"{name}\": {list}"),
                Some(json!({ "values": unknown })),
            );
        }
        true
    }

    #[cold]
    fn too_many_values(
        &self,
        field: &Field<'_>,
        (limit, low, high): (u32, u32, u32),
    ) -> crate::error::ApiError {
        let name = field.wire_name();
        let text = format!(
            "Too many values supplied for parameter \"{name}\". The limit is {}.",
            number(limit.into())
        );
        self.error("toomanyvalues", text, field)
            .data(json!({ "limit": limit, "lowlimit": low, "highlimit": high }))
    }
}

/// What the values of a multi-valued parameter are collected into ([`Decoder::multi`]): a `Vec`,
/// or, for the names of submodules, a [`SmallVec`](smallvec::SmallVec) that holds the usual few
/// without allocating.
pub trait ValueList: Default {
    /// The type of one value.
    type Item: Value + PartialEq;
    /// Makes room for `n` more values.
    fn reserve(&mut self, n: usize);
    /// Appends `v`.
    fn push(&mut self, v: Self::Item);
    /// Whether `v` is already in the list.
    fn has(&self, v: &Self::Item) -> bool;
}

impl<T: Value + PartialEq> ValueList for Vec<T> {
    type Item = T;
    fn reserve(&mut self, n: usize) {
        Vec::reserve(self, n);
    }
    fn push(&mut self, v: T) {
        Vec::push(self, v);
    }
    fn has(&self, v: &T) -> bool {
        self.contains(v)
    }
}

impl<A: smallvec::Array> ValueList for smallvec::SmallVec<A>
where
    A::Item: Value + PartialEq,
{
    type Item = A::Item;
    fn reserve(&mut self, n: usize) {
        smallvec::SmallVec::reserve(self, n);
    }
    fn push(&mut self, v: A::Item) {
        smallvec::SmallVec::push(self, v);
    }
    fn has(&self, v: &A::Item) -> bool {
        self.contains(v)
    }
}
