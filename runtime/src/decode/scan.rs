//! Finding a module's parameters: one pass over the request ([`Decoder::scan`]) sets each
//! parameter's [`Slot`], so reading an absent one costs one comparison; reading a field's raw text
//! ([`Decoder::raw`]) marks it read and gives the `deprecation` warning of a deprecated parameter.

use super::{Decoder, Reader};
use crate::bytes::strip;
use crate::spec::{ModuleSpec, ParamSpec};
use crate::value::{Field, Slot};

/// Slots for this many parameters live inline in [`Fields`]; a module with more spills to the heap.
const INLINE: usize = 32;

/// The parameters of the module being decoded, where [`Decoder::scan`] found them. The
/// cardinality methods of [`Decoder`] take a parameter by its index here, and build its [`Field`]
/// only when it is in the request: an absent parameter costs one comparison.
#[derive(Debug, Clone)]
pub struct Fields<'a> {
    module: &'static ModuleSpec,
    params: &'static [ParamSpec],
    outer: &'a str,
    prefix: &'static str,
    inline: [Slot; INLINE],
    spill: Vec<Slot>,
}

impl<'a> Fields<'a> {
    /// The parameters of `module`, read under `outer` + its prefix, none found yet: `Absent`, but
    /// for templated ones (`Unscanned`: their names depend on other values, so they are searched
    /// for when read).
    pub fn new(module: &'static ModuleSpec, outer: &'a str) -> Self {
        let (params, prefix) = (module.params, module.prefix);
        let inline = [Slot::Absent; INLINE];
        let mut fields = Fields { module, params, outer, prefix, inline, spill: Vec::new() };
        if params.len() > INLINE {
            fields.spill = vec![Slot::Absent; params.len() - INLINE];
        }
        if module.index.has_templated() {
            for (i, p) in params.iter().enumerate() {
                if p.template.is_some() {
                    fields.set(i, Slot::Unscanned);
                }
            }
        }
        fields
    }

    /// How many parameters the module has.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Whether the module has no parameters.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// Where parameter `i` is (`Unscanned` past the module's parameters).
    #[inline]
    pub fn slot(&self, i: usize) -> Slot {
        let s = if i < INLINE { self.inline.get(i) } else { self.spill.get(i - INLINE) };
        s.copied().unwrap_or(Slot::Unscanned)
    }

    #[inline]
    fn set(&mut self, i: usize, slot: Slot) {
        let s = if i < INLINE { self.inline.get_mut(i) } else { self.spill.get_mut(i - INLINE) };
        if let Some(s) = s {
            *s = slot;
        }
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

    /// The index of the parameter named `name` (without prefixes), if it is one of the module's
    /// and not templated.
    #[inline]
    fn position(&self, name: &[u8]) -> Option<usize> {
        self.module.index.position(self.params, name)
    }
}

impl<'p> Decoder<'p> {
    /// [`Enter`](Self::enter)s `module` and finds its parameters in one pass over the request: a
    /// name, without the prefixes (`outer`, then the module's: `from` for `apfrom`), is compared with
    /// the module's parameter names. A parameter found is set `At` the last pair of its name, and
    /// every pair found is marked read. Templated parameters are left to be searched for when read.
    #[inline]
    pub fn scan<'s>(&mut self, module: &'static ModuleSpec, outer: &'s str) -> Fields<'s> {
        self.enter(module);
        let mut fields = Fields::new(module, outer);
        let (outer, prefix) = (outer.as_bytes(), module.prefix.as_bytes());
        // The names come from an iterator held in registers: marking a pair read is a store
        // through `self`, after which a name read through `self.params` would be loaded again.
        for (i, mut name) in self.params.names_bytes().enumerate() {
            // The outer prefix is empty but for generators.
            if !outer.is_empty() {
                let Some(n) = strip(name, outer) else { continue };
                name = n;
            }
            let Some(rest) = strip(name, prefix) else { continue };
            if let Some(k) = fields.position(rest) {
                fields.set(k, Slot::At(i as u32));
                self.used.set(i);
            }
        }
        fields
    }

    /// [`scan`](Self::scan)s `module` and gives a [`Reader`] that reads its parameters in order.
    #[inline]
    pub fn fields<'d, 's>(&'d mut self, module: &'static ModuleSpec, outer: &'s str) -> Reader<'d, 'p, 's> {
        let fields = self.scan(module, outer);
        Reader { d: self, fields, next: 0 }
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
