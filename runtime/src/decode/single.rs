//! Single-valued parameters, the cardinalities generated code calls most: [`optional`],
//! [`required`] (`missingparam`, then [`present`] after the check), presence [`flag`]s and file
//! [`upload`]s. A single value refuses U+001F multi-value syntax, then goes to its type's decode.
//!
//! [`optional`]: Decoder::optional
//! [`required`]: Decoder::required
//! [`present`]: Decoder::present
//! [`flag`]: Decoder::flag
//! [`upload`]: Decoder::upload

use super::{Decoder, Fields};
use crate::error::ApiError;
use crate::value::{self, is_stringish, Field, Upload, Value};

impl<'p> Decoder<'p> {
    /// An optional single value.
    #[inline]
    pub fn optional<T: Value>(&mut self, fields: &Fields<'_>, i: usize) -> Option<T> {
        if self.skip(fields, i) {
            return None;
        }
        self.optional_given(self.field(fields, i))
    }

    // Out of line, so that an absent field is one comparison and its `Field` is never built.
    #[inline(never)]
    fn optional_given<T: Value>(&mut self, field: Field<'_>) -> Option<T> {
        let raw = self.raw_given(&field)?;
        self.single(&field, raw)
    }

    /// A required single value: absent (or empty, for strings) is `missingparam`. `None` only when
    /// an error was recorded; [`present`](Self::present) unwraps it after [`check`](Self::check).
    pub fn required<T: Value>(&mut self, fields: &Fields<'_>, i: usize) -> Option<T> {
        let field = self.field(fields, i);
        let raw = self.raw_or_missing(&field, true)?;
        self.single(&field, raw)
    }

    /// A required value after [`check`](Self::check) passed: always there, since a missing or bad
    /// one recorded the error `check` returned.
    pub fn present<T>(&mut self, v: Option<T>) -> Result<T, ApiError> {
        v.ok_or_else(|| {
            ApiError::new("internal_api_error_mwgen", "A required parameter was lost in decoding.")
                .module(self.module())
        })
    }

    /// A page's title and id parameters, read, as one [`PageRef`](crate::value::PageRef), after
    /// the module's constraints passed: its `only-one` refused neither and both.
    pub fn page_ref(
        &mut self,
        title: Option<String>,
        id: Option<i64>,
    ) -> Result<crate::value::PageRef, ApiError> {
        self.present(crate::value::PageRef::from_pair(title, id))
    }

    /// `missingparam`.
    #[cold]
    pub(super) fn missing(&self, field: &Field<'_>) -> ApiError {
        self.error("missingparam", format!("The \"{}\" parameter must be set.", field.wire_name()), field)
    }

    /// One value of a single-valued parameter (or of a templated one), its error recorded.
    #[inline]
    pub(super) fn single<T: Value>(&mut self, field: &Field<'_>, raw: &str) -> Option<T> {
        if !self.single_shape(field, raw) {
            return None;
        }
        match value::decode::<T>(raw, &mut self.context(field)) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(e);
                None
            }
        }
    }

    /// The checks of a single value before its type reads it (one body for every type): U+001F
    /// multi-value syntax is refused, and an empty required string is missing. False when an
    /// error was recorded.
    #[inline(never)]
    fn single_shape(&mut self, field: &Field<'_>, raw: &str) -> bool {
        if raw.starts_with('\u{1f}') {
            let name = field.wire_name();
            let e = self.error(
                "badvalue",
                format!("Parameter \"{name}\" accepts only a single value. U+001F multi-value separation may only be used for multi-valued parameters."),
                field,
            );
            self.fail(e);
            return false;
        }
        if raw.is_empty() && field.spec.required && is_stringish(&field.spec.ty) {
            let e = self.missing(field);
            self.fail(e);
            return false;
        }
        true
    }

    /// A presence boolean: true when given, whatever the value (even `false`, `0` or empty).
    #[inline]
    pub fn flag(&mut self, fields: &Fields<'_>, i: usize) -> bool {
        if self.skip(fields, i) {
            return false;
        }
        self.flag_given(self.field(fields, i))
    }

    #[inline(never)]
    fn flag_given(&mut self, field: Field<'_>) -> bool {
        self.raw(&field).is_some()
    }

    /// A file upload (multipart). A plain field of that name is `badupload`.
    pub fn upload(&mut self, fields: &Fields<'_>, i: usize) -> Option<Upload> {
        let field = self.field(fields, i);
        let parts = field.parts();
        let raw = self.raw(&field);
        if let Some(file) = self.params.upload_named(&parts) {
            return Some(file.clone());
        }
        match raw {
            None if field.spec.required => {
                let e = self.missing(&field);
                self.fail(e);
            }
            None => {}
            Some(_) => {
                let e = value::upload::not_an_upload(&self.context(&field));
                self.fail(e);
            }
        }
        None
    }
}
