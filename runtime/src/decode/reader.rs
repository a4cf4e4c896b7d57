//! [`Reader`]: a module's parameters read in declaration order, one call per field, so that a
//! generated decode is the struct literal itself (`user: f.optional(), token: f.required(), …`)
//! followed by [`Reader::finish`], where MediaWiki throws the first error.

use super::{Decoder, Fields, ValueList};
use crate::error::ApiError;
use crate::value::{Multi, PageRef, Upload, Value};

/// The parameters of one module, found by [`Decoder::fields`], read in the order the module
/// declares them: each call reads the next parameter.
#[derive(Debug)]
pub struct Reader<'d, 'p, 's> {
    pub(super) d: &'d mut Decoder<'p>,
    pub(super) fields: Fields<'s>,
    pub(super) next: usize,
    /// A [`page_ref`](Self::page_ref) found neither of its parameters: the module's constraint
    /// throws at [`finish`](Self::finish), and if it did not, `finish` would.
    pub(super) lost: bool,
}

impl Reader<'_, '_, '_> {
    /// The index of the parameter this call reads.
    #[inline]
    fn step(&mut self) -> usize {
        let i = self.next;
        self.next += 1;
        i
    }

    /// The next parameter, optional and single-valued.
    #[inline]
    pub fn optional<T: Value>(&mut self) -> Option<T> {
        let i = self.step();
        self.d.optional(&self.fields, i)
    }

    /// The next parameter, required and single-valued. When it is missing or bad, the error is
    /// recorded and a placeholder stands in for it until [`finish`](Self::finish) throws.
    #[inline]
    pub fn required<T: Value>(&mut self) -> T {
        let i = self.step();
        self.d.required(&self.fields, i).unwrap_or_else(T::placeholder)
    }

    /// The next parameter, a presence flag.
    #[inline]
    pub fn flag(&mut self) -> bool {
        let i = self.step();
        self.d.flag(&self.fields, i)
    }

    /// The next parameter, multi-valued.
    #[inline]
    pub fn multi<L: ValueList>(&mut self) -> L {
        let i = self.step();
        self.d.multi(&self.fields, i)
    }

    /// The next parameter, multi-valued with an all-specifier.
    #[inline]
    pub fn multi_all<T: Value + PartialEq>(&mut self) -> Multi<T> {
        let i = self.step();
        self.d.multi_all(&self.fields, i)
    }

    /// The next two parameters, a page's title and its id (`title` and `pageid`), as one
    /// [`PageRef`]. The module's `only-one` constraint refuses a request with neither or both at
    /// [`finish`](Self::finish); until then a placeholder stands in.
    #[inline]
    pub fn page_ref(&mut self) -> PageRef {
        let title = self.optional();
        let id = self.optional();
        PageRef::from_pair(title, id).unwrap_or_else(|| {
            self.lost = true;
            PageRef::Title(String::new())
        })
    }

    /// The next parameter, a file upload.
    #[inline]
    pub fn upload(&mut self) -> Option<Upload> {
        let i = self.step();
        self.d.upload(&self.fields, i)
    }

    /// Builds the request with `build`, which reads every parameter in order, then
    /// [`finish`](Self::finish)es: a generated `decode` is `f.read(|f| Self { … })`.
    #[inline(always)]
    pub fn read<T>(mut self, build: impl FnOnce(&mut Self) -> T) -> Result<T, ApiError> {
        let r = build(&mut self);
        self.finish(r)
    }

    /// Every parameter was read: throws the first error recorded, as MediaWiki does once a
    /// module's parameters have all been validated, then the first of the module's own checks
    /// broken ([`Decoder::constrain`]), or gives the request `r`.
    #[inline(always)]
    pub fn finish<T>(self, r: T) -> Result<T, ApiError> {
        debug_assert_eq!(self.next, self.fields.len(), "a generated decode read every parameter");
        self.d.check()?;
        self.d.constrain(&self.fields)?;
        if self.lost {
            return self.d.present(None);
        }
        Ok(r)
    }
}
