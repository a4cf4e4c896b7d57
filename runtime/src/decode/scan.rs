//! Finding a module's parameters: one pass over the request ([`Decoder::scan`]) sets each
//! parameter's [`Slot`], so reading an absent one costs one comparison; reading a field's raw text
//! ([`Decoder::raw`]) marks it read and gives the `deprecation` warning of a deprecated parameter.

use super::Decoder;
use crate::bytes::{bytes_eq, strip};
use crate::spec::{ModuleSpec, ParamSpec};
use crate::value::{Field, Slot};

/// The parameters of the module being decoded, where [`Decoder::scan`] found them. The
/// cardinality methods of [`Decoder`] take a parameter by its index here, and build its [`Field`]
/// only when it is in the request: an absent parameter costs one comparison.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    params: &'static [ParamSpec],
    outer: &'a str,
    prefix: &'a str,
    slots: &'a [Slot],
}

impl<'a> Fields<'a> {
    /// The parameters `params`, read under `outer` + `prefix`, found at `slots` (one per parameter).
    pub fn new(params: &'static [ParamSpec], outer: &'a str, prefix: &'a str, slots: &'a [Slot]) -> Self {
        Fields { params, outer, prefix, slots }
    }

    /// Where parameter `i` is (`Unscanned` past the slots given).
    #[inline]
    pub fn slot(&self, i: usize) -> Slot {
        self.slots.get(i).copied().unwrap_or(Slot::Unscanned)
    }

    /// Whether parameter `i` is known to be absent and is not required: nothing to read or check.
    #[inline]
    pub(super) fn skip(&self, i: usize) -> bool {
        matches!(self.slot(i), Slot::Absent) && !self.params.get(i).is_some_and(|p| p.required)
    }

    /// Parameter `i` as a [`Field`].
    ///
    /// # Panics
    /// When `i` is not the index of one of the parameters (generated code passes its own indexes).
    pub fn field(&self, i: usize) -> Field<'a> {
        Field::new(&self.params[i], self.outer, self.prefix).at(self.slot(i))
    }
}

impl<'p> Decoder<'p> {
    /// [`Enter`](Self::enter)s `module` and finds its parameters in one pass over the request:
    /// `lookup` maps a name without its prefixes (`from` for `apfrom`) to the index of the module's
    /// parameter it can be, or to anything out of range for a name not the module's; the name is then
    /// compared with that parameter's. `slots` holds one slot per parameter of the module, `Absent`
    /// (or `Unscanned` for templated parameters, whose names depend on other values, and which are
    /// searched for when read); a parameter found is set `At` the last pair of its name, and every
    /// pair found is marked read.
    #[inline]
    pub fn scan<'s>(
        &mut self,
        module: &'static ModuleSpec,
        outer: &'s str,
        slots: &'s mut [Slot],
        lookup: impl Fn(&[u8]) -> usize,
    ) -> Fields<'s> {
        self.enter(module);
        self.scan_names(module.params, outer.as_bytes(), module.prefix.as_bytes(), slots, lookup);
        Fields::new(module.params, outer, module.prefix, slots)
    }

    #[inline]
    fn scan_names(
        &mut self,
        params: &'static [ParamSpec],
        outer: &[u8],
        prefix: &[u8],
        slots: &mut [Slot],
        lookup: impl Fn(&[u8]) -> usize,
    ) {
        // The names come from an iterator held in registers: marking a pair read is a store
        // through `self`, after which a name read through `self.params` would be loaded again.
        for (i, mut name) in self.params.names_bytes().enumerate() {
            // The outer prefix is empty but for generators.
            if !outer.is_empty() {
                let Some(n) = strip(name, outer) else { continue };
                name = n;
            }
            let Some(rest) = strip(name, prefix) else { continue };
            let k = lookup(rest);
            if let (Some(slot), Some(p)) = (slots.get_mut(k), params.get(k)) {
                if bytes_eq(p.name.as_bytes(), rest) {
                    *slot = Slot::At(i as u32);
                    self.used.set(i);
                }
            }
        }
    }

    /// The raw value of `field` (the last one given), marking every occurrence read, with the
    /// deprecation warning MediaWiki gives whenever a deprecated parameter is present.
    #[inline(always)]
    pub fn raw(&mut self, field: &Field<'_>) -> Option<&'p str> {
        let found = match field.slot {
            Slot::Absent => return None,
            Slot::At(i) => self.params.value(i as usize),
            Slot::Unscanned => self.probe(field)?,
        };
        if field.spec.deprecated {
            self.deprecated_param(field);
        }
        Some(found)
    }

    #[cold]
    fn deprecated_param(&mut self, field: &Field<'_>) {
        let name = field.wire_name();
        let text = format!("The parameter \"{name}\" has been deprecated.");
        self.context(field).deprecation(text, &name);
    }

    /// Searches the request for `field`'s name, marking every occurrence read (the generated
    /// decoders [`scan`](Self::scan) instead, but for templated parameters).
    #[inline(never)]
    fn probe(&mut self, field: &Field<'_>) -> Option<&'p str> {
        let parts = field.parts();
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let mut found = None;
        for i in 0..self.params.len() {
            let n = self.params.name(i);
            if n.len() == len && crate::bytes::name_is(n, &parts) {
                self.used.set(i);
                found = Some(i);
            }
        }
        found.map(|i| self.params.value(i))
    }
}
