//! Finding a module's parameters: one pass over the request ([`Decoder::scan`]) sets each
//! parameter's [`Slot`], so reading an absent one costs one comparison; reading a field's raw text
//! ([`Decoder::raw`]) marks it read and gives the `deprecation` warning of a deprecated parameter.

use super::{Decoder, Reader};
use crate::bytes::strip;
use crate::spec::ModuleSpec;
use crate::value::{Field, Slot};

/// The parameters of the module being decoded, found by [`Decoder::scan`]: where the module's slots
/// start in the decoder's list of slots. The cardinality methods of [`Decoder`] take a parameter
/// by its index here, and build its [`Field`] only when it is in the request: an absent parameter
/// costs one comparison.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    module: &'static ModuleSpec,
    outer: &'a str,
    base: usize,
    /// A bit per parameter among the first 64 that has something to read or check: found,
    /// required or templated. Skipping an absent one tests a register, not its slot.
    present: u64,
}

impl<'a> Fields<'a> {
    /// The module these are the parameters of.
    pub fn module(&self) -> &'static ModuleSpec {
        self.module
    }

    /// The prefix before the module's own (`g` for a generator), empty otherwise.
    pub fn outer(&self) -> &'a str {
        self.outer
    }

    /// How many parameters the module has.
    pub fn len(&self) -> usize {
        self.module.params.len()
    }

    /// Whether the module has no parameters.
    pub fn is_empty(&self) -> bool {
        self.module.params.is_empty()
    }
}

/// A slot as the decoder keeps it: [`Slot::Absent`] is 0, or `MISSING` for a required parameter
/// (so that skipping an absent optional one is one comparison), [`Slot::Unscanned`] is `u32::MAX`,
/// and `At(i)` is `i + 1`.
type RawSlot = u32;
const ABSENT: RawSlot = 0;
const UNSCANNED: RawSlot = RawSlot::MAX;
const MISSING: RawSlot = RawSlot::MAX - 1;
/// Slots held inline: a request's usual few modules.
const INLINE: usize = 128;
/// The parameters whose presence [`Fields`] keeps as a bit.
const PRESENT_BITS: usize = u64::BITS as usize;

/// The slots of every module a decoder has scanned, one after the other: zeroed (absent) once,
/// with the decoder, and each module's taken from the end, so scanning a module writes only the
/// slots of the parameters it finds.
#[derive(Debug)]
pub(super) struct Slots {
    inline: [RawSlot; INLINE],
    spill: Vec<RawSlot>,
    len: usize,
}

impl Slots {
    pub(super) fn new() -> Self {
        Slots { inline: [ABSENT; INLINE], spill: Vec::new(), len: 0 }
    }

    /// `n` more slots, all absent; where they start.
    #[inline]
    fn take(&mut self, n: usize) -> usize {
        let base = self.len;
        self.len += n;
        if self.len > INLINE {
            self.spill.resize(self.len - INLINE, ABSENT);
        }
        base
    }

    #[inline]
    fn get(&self, i: usize) -> RawSlot {
        if i < INLINE {
            self.inline[i]
        } else {
            self.spill.get(i - INLINE).copied().unwrap_or(UNSCANNED)
        }
    }

    #[inline]
    fn set(&mut self, i: usize, slot: RawSlot) {
        if i < INLINE {
            self.inline[i] = slot;
        } else if let Some(s) = self.spill.get_mut(i - INLINE) {
            *s = slot;
        }
    }
}

/// `name` without the module's `prefix`: [`strip`], with the usual prefixes (none, or two bytes
/// like `ap`) compared without a length switch.
#[inline(always)]
fn strip_prefix<'n>(name: &'n [u8], prefix: &[u8]) -> Option<&'n [u8]> {
    match (prefix, name) {
        ([], _) => Some(name),
        ([a, b], [x, y, rest @ ..]) => (a == x && b == y).then_some(rest),
        ([_, _], _) => None,
        _ => strip(name, prefix),
    }
}

impl<'p> Decoder<'p> {
    /// Where parameter `i` of `fields` is.
    #[inline]
    pub(super) fn slot(&self, fields: &Fields<'_>, i: usize) -> Slot {
        match self.slots.get(fields.base + i) {
            ABSENT | MISSING => Slot::Absent,
            UNSCANNED => Slot::Unscanned,
            at => Slot::At(at - 1),
        }
    }

    /// Whether parameter `i` is known to be absent and is not required: nothing to read or check.
    #[inline]
    pub(super) fn skip(&self, fields: &Fields<'_>, i: usize) -> bool {
        if i < PRESENT_BITS {
            return fields.present & (1 << i) == 0;
        }
        self.slots.get(fields.base + i) == ABSENT
    }

    /// Parameter `i` of `fields` as a [`Field`].
    ///
    /// # Panics
    /// When `i` is not the index of one of the parameters (generated code passes its own indexes).
    #[inline]
    pub fn field<'a>(&self, fields: &Fields<'a>, i: usize) -> Field<'a> {
        let m = fields.module;
        Field::new(&m.params[i], fields.outer, m.prefix).at(self.slot(fields, i))
    }

    /// [`Enter`](Self::enter)s `module` and finds its parameters in one pass over the request: a
    /// name, without the prefixes (`outer`, then the module's: `from` for `apfrom`), is looked up
    /// in the module's [`NameIndex`](crate::spec::ModuleSpec). A parameter found is set `At` the
    /// last pair of its name, and every pair found is marked read. Templated parameters are left to
    /// be searched for when read.
    ///
    /// Inlined into each module's decode in optimized builds, where its prefix is a constant
    /// (about 300 fewer instructions for the bench's request); only a hint in debug builds, whose
    /// compile time matters more.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn scan<'s>(&mut self, module: &'static ModuleSpec, outer: &'s str) -> Fields<'s> {
        self.enter(module);
        let params = module.params;
        let base = self.slots.take(params.len());
        let mut present = 0u64;
        if module.index.has_templated() || module.index.has_required() {
            for (i, p) in params.iter().enumerate() {
                if p.template.is_some() {
                    self.slots.set(base + i, UNSCANNED);
                } else if p.required {
                    self.slots.set(base + i, MISSING);
                } else {
                    continue;
                }
                if i < PRESENT_BITS {
                    present |= 1 << i;
                }
            }
        }
        let (outer_b, prefix) = (outer.as_bytes(), module.prefix.as_bytes());
        // The names come from an iterator held in registers: marking a pair read is a store
        // through `self`, after which a name read through `self.params` would be loaded again.
        for (i, mut name) in self.params.names_bytes().enumerate() {
            // The outer prefix is empty but for generators.
            if !outer_b.is_empty() {
                let Some(n) = strip(name, outer_b) else { continue };
                name = n;
            }
            let Some(rest) = strip_prefix(name, prefix) else { continue };
            if let Some(k) = module.index.position(params, rest) {
                self.slots.set(base + k, i as RawSlot + 1);
                self.used.set(i);
                if k < PRESENT_BITS {
                    present |= 1 << k;
                }
            }
        }
        Fields { module, outer, base, present }
    }

    /// [`scan`](Self::scan)s `module` and gives a [`Reader`] that reads its parameters in order.
    #[inline]
    pub fn fields<'d, 's>(&'d mut self, module: &'static ModuleSpec, outer: &'s str) -> Reader<'d, 'p, 's> {
        let fields = self.scan(module, outer);
        Reader { d: self, fields, next: 0, lost: false }
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

    /// [`raw`](Self::raw), out of line: what the generic readers call, so that each value type
    /// does not carry its own copy.
    #[inline(never)]
    pub(super) fn raw_given(&mut self, field: &Field<'_>) -> Option<&'p str> {
        self.raw(field)
    }

    /// [`raw`](Self::raw), recording `missingparam` when the field is absent and `required`.
    #[inline(never)]
    pub(super) fn raw_or_missing(&mut self, field: &Field<'_>, required: bool) -> Option<&'p str> {
        let raw = self.raw(field);
        if raw.is_none() && required {
            let e = self.missing(field);
            self.fail(e);
        }
        raw
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

#[cfg(test)]
mod tests {
    use crate::spec::{ModuleSpec, ParamSpec, Type};
    use crate::value::DecodeOptions;
    use crate::wire::Params;
    use crate::Decoder;

    /// Past the 64 parameters whose presence is a bit, slots decide; a required one is missing
    /// wherever it is.
    #[test]
    fn parameters_past_the_presence_bits() {
        let names: Vec<&'static str> = (0..70).map(|i| &*format!("p{i}").leak()).collect();
        let mut params: Vec<ParamSpec> = names.iter().map(|n| ParamSpec::new(n, Type::STRING)).collect();
        params[68] = ParamSpec::new(names[68], Type::STRING).required();
        let module: &'static ModuleSpec =
            Box::leak(Box::new(ModuleSpec::new("big", "big", "action").prefix("x").params(params.leak())));
        let request = Params::parse_query("xp0=a&xp63=b&xp64=c&xp69=d&p1=e");
        let mut d = Decoder::new(&request, DecodeOptions::default());
        let fields = d.scan(module, "");
        let read: Vec<Option<String>> = (0..70).map(|i| d.optional(&fields, i)).collect();
        for (i, v) in read.iter().enumerate() {
            let want = match i {
                0 => Some("a"),
                63 => Some("b"),
                64 => Some("c"),
                69 => Some("d"),
                _ => None,
            };
            assert_eq!(v.as_deref(), want, "p{i}");
        }
        assert_eq!(d.required::<String>(&fields, 68), None);
        assert_eq!(d.check().map_err(|e| e.code), Err("missingparam".into()));
        assert_eq!(d.unused(), ["p1"]);
    }
}
