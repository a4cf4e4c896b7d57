//! Decoding a request's parameters is validating them, as MediaWiki 1.39's ParamValidator does
//! (docs/mediawiki-1.39-validation.md): a module's parameters are all checked, in declaration order
//! with templated ones last, every warning is recorded, and then the first error is thrown.
//!
//! So the decoder's per-parameter methods do not fail: they record the first error and give a
//! placeholder, and generated code calls [`Decoder::check`] where MediaWiki would throw.
//!
//! Finding a module's parameters is one pass over the request ([`Decoder::scan`]): a generated
//! lookup maps each name (without the module's prefixes) to the only parameter it can be, by its
//! length and first and last bytes, and the name is compared once. Each field then knows its
//! [`Slot`]: an absent field costs one comparison, however many fields the module declares.

use crate::error::{ApiError, Warning};
use crate::params::{count_multi, split_multi, Params};
use crate::request::{SubmoduleDecode, SubmoduleName, SubmoduleNames};
use crate::spec::{ModuleSpec, ParamSpec, Type};
use crate::value::{Multi, StrEnum, Upload, Value};
use serde_json::json;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The namespaces (≥ 0) of a MediaWiki 1.39 installation without extensions.
pub const CORE_NAMESPACES: &[i32] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/// What decoding needs to know of the wiki and the caller.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// The caller has `apihighlimits` (bots, sysops): 500 values instead of 50, `highmax`.
    pub high_limits: bool,
    /// The wiki's namespaces (a parameter's `extranamespaces` are added to these).
    pub namespaces: Cow<'static, [i32]>,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions { high_limits: false, namespaces: Cow::Borrowed(CORE_NAMESPACES) }
    }
}

/// One parameter being read: its spec, the prefixes it is read under (`g` + `ap`), and, for a
/// templated parameter, the value that fills its placeholder.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    /// The parameter's static description.
    pub spec: &'static ParamSpec,
    /// The outer prefix: `g` when the module is used as a generator, empty otherwise.
    pub outer: &'a str,
    /// The module's parameter prefix (`ap`).
    pub prefix: &'a str,
    /// For a templated parameter, the text that fills its placeholder (`main` in `fromtext-main`).
    pub fill: Option<&'a str>,
    /// Where the value is, when the module's names were scanned ([`Decoder::scan`]).
    pub slot: Slot,
}

/// Where a field's value is in the request, once its module's parameter names have been scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Not known: reading the field searches the request for its name (templated parameters,
    /// fields built by hand).
    Unscanned,
    /// Not in the request.
    Absent,
    /// At this index of the request (the last pair of that name).
    At(u32),
}

impl<'a> Field<'a> {
    /// The parameter `spec`, read under `outer` + `prefix`, with no placeholder filled.
    pub fn new(spec: &'static ParamSpec, outer: &'a str, prefix: &'a str) -> Self {
        Field { spec, outer, prefix, fill: None, slot: Slot::Unscanned }
    }

    /// The same field, its value known to be at `slot`.
    #[inline]
    pub fn at(self, slot: Slot) -> Self {
        Field { slot, ..self }
    }

    /// The name as sent: prefixes + name, the placeholder filled.
    pub fn wire_name(&self) -> String {
        self.parts().concat()
    }

    /// The name in pieces: outer prefix, module prefix, name up to the placeholder, the fill, the rest.
    pub fn parts(&self) -> [&str; 5] {
        match (self.spec.template, self.fill) {
            (Some(t), Some(fill)) => {
                let (before, after) = split_template(self.spec.name, t.var);
                [self.outer, self.prefix, before, fill, after]
            }
            _ => [self.outer, self.prefix, self.spec.name, "", ""],
        }
    }
}

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
    fn skip(&self, i: usize) -> bool {
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

/// `fromtext-{slot}` → (`fromtext-`, ``).
pub fn split_template<'n>(name: &'n str, var: &str) -> (&'n str, &'n str) {
    let placeholder = format!("{{{var}}}");
    match name.find(&placeholder) {
        Some(i) => (&name[..i], &name[i + placeholder.len()..]),
        None => (name, ""),
    }
}

/// The checks a server runs before a module executes.
#[derive(Clone, Copy)]
struct Checkpoint<'p>(&'p (dyn Fn(&ModuleSpec) -> Result<(), ApiError> + Sync));

impl std::fmt::Debug for Checkpoint<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Checkpoint")
    }
}

/// Reads typed values out of [`Params`], validating as it goes.
#[derive(Debug)]
pub struct Decoder<'p> {
    params: &'p Params,
    /// The checks to run before a module executes, when a server decodes (see [`Decoder::before_execute`]).
    checkpoint: Option<Checkpoint<'p>>,
    used: Used,
    /// The module being decoded, once [`enter`](Self::enter)ed.
    spec: Option<&'static ModuleSpec>,
    warnings: Vec<Warning>,
    error: Option<ApiError>,
    module: &'static str,
    group: &'static str,
    opts: DecodeOptions,
}

impl<'p> Decoder<'p> {
    /// A decoder over `params`, validating with `opts`. Errors and warnings are `main`'s until
    /// [`enter`](Self::enter).
    #[inline]
    pub fn new(params: &'p Params, opts: DecodeOptions) -> Self {
        Decoder {
            params,
            checkpoint: None,
            used: Used::new(params.len()),
            spec: None,
            warnings: Vec::new(),
            error: None,
            module: "main",
            group: "",
            opts,
        }
    }

    /// Sets the checks MediaWiki runs before a module executes (a server's token and POST checks).
    /// Modules that validate part of their parameters only when they execute (the page set of
    /// `action=purge`) call them at that point.
    pub fn set_checkpoint(&mut self, checks: &'p (dyn Fn(&ModuleSpec) -> Result<(), ApiError> + Sync)) {
        self.checkpoint = Some(Checkpoint(checks));
    }

    /// Runs the checkpoint, if one is set (a client decoding for validation has none).
    pub fn before_execute(&mut self, module: &ModuleSpec) -> Result<(), ApiError> {
        match &self.checkpoint {
            Some(Checkpoint(check)) => check(module),
            None => Ok(()),
        }
    }

    /// The options validation uses.
    pub fn options(&self) -> &DecodeOptions {
        &self.opts
    }

    /// The parameters being decoded.
    pub fn params(&self) -> &'p Params {
        self.params
    }

    /// Errors and warnings from now on are this module's.
    pub fn enter(&mut self, module: &'static ModuleSpec) {
        self.spec = Some(module);
        self.module = module.path;
        self.group = module.group;
    }

    /// The path of the module being decoded (`main` until [`enter`](Self::enter)).
    pub fn module(&self) -> &'static str {
        self.module
    }

    /// The warnings recorded so far.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Takes the warnings recorded so far, leaving none.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        std::mem::take(&mut self.warnings)
    }

    /// Records a warning of the current module.
    pub fn warn(&mut self, code: &'static str, text: String, data: Option<serde_json::Value>) {
        self.warnings.push(Warning {
            code: Cow::Borrowed(code),
            text,
            module: Cow::Borrowed(self.module),
            data,
        });
    }

    /// Throws the first error recorded since the last check, as MediaWiki does once a module's
    /// parameters have all been validated.
    #[inline]
    pub fn check(&mut self) -> Result<(), ApiError> {
        if self.error.is_none() {
            return Ok(());
        }
        self.throw()
    }

    #[cold]
    fn throw(&mut self) -> Result<(), ApiError> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    #[cold]
    fn fail(&mut self, e: ApiError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    #[cold]
    fn error(&self, code: &'static str, text: String, field: &Field<'_>) -> ApiError {
        ApiError::new(code, text).module(self.module).param(field.wire_name())
    }

    /// The names no decode read, in request order, each once (MediaWiki's `unrecognizedparams`).
    pub fn unused(&self) -> Vec<&'p str> {
        // A set, not `Vec::contains`: a request may carry a hundred thousand parameters.
        let mut seen = std::collections::HashSet::new();
        let mut names: Vec<&str> = Vec::new();
        for i in 0..self.params.len() {
            let name = self.params.pair(i).0;
            if !self.used.get(i) && seen.insert(name) {
                names.push(name);
            }
        }
        names
    }

    /// Marks a parameter as read though no field decoded it (a format's, a client's extras).
    pub fn mark_used(&mut self, name: &str) {
        let hits: Vec<usize> = self.params.indexes_of(&[name]).collect();
        for i in hits {
            self.used.set(i);
        }
    }

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
        let feature = format!("{}&{}", self.feature_prefix(), name);
        self.warn(
            "deprecation",
            format!("The parameter \"{name}\" has been deprecated."),
            Some(json!({ "feature": feature })),
        );
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
            if n.len() == len && crate::params::name_is(n, &parts) {
                self.used.set(i);
                found = Some(i);
            }
        }
        found.map(|i| self.params.value(i))
    }

    /// `action=query&list=allpages` for `query+allpages`, `action=edit` for `edit`.
    fn feature_prefix(&self) -> String {
        match self.module.rsplit_once('+') {
            Some((parent, sub)) => format!("action={parent}&{}={sub}", self.group),
            None => format!("action={}", self.module),
        }
    }

    // ----- cardinalities, called by generated code -----

    /// An optional single value.
    #[inline]
    pub fn optional<T: Value>(&mut self, fields: &Fields<'_>, i: usize) -> Option<T> {
        if fields.skip(i) {
            return None;
        }
        self.optional_given(fields.field(i))
    }

    // Out of line, so that an absent field is one comparison and its `Field` is never built.
    #[inline(never)]
    fn optional_given<T: Value>(&mut self, field: Field<'_>) -> Option<T> {
        let raw = self.raw(&field)?;
        self.single(&field, raw)
    }

    /// A required single value: absent (or empty, for strings) is `missingparam`. `None` only when
    /// an error was recorded; [`present`](Self::present) unwraps it after [`check`](Self::check).
    pub fn required<T: Value>(&mut self, fields: &Fields<'_>, i: usize) -> Option<T> {
        let field = fields.field(i);
        match self.raw(&field) {
            None => {
                let e = self.missing(&field);
                self.fail(e);
                None
            }
            Some(raw) => self.single(&field, raw),
        }
    }

    /// A required value after [`check`](Self::check) passed: always there, since a missing or bad
    /// one recorded the error `check` returned.
    pub fn present<T>(&mut self, v: Option<T>) -> Result<T, ApiError> {
        v.ok_or_else(|| {
            ApiError::new("internal_api_error_mwgen", "A required parameter was lost in decoding.")
                .module(self.module)
        })
    }

    #[cold]
    fn missing(&self, field: &Field<'_>) -> ApiError {
        self.error("missingparam", format!("The \"{}\" parameter must be set.", field.wire_name()), field)
    }

    fn single<T: Value>(&mut self, field: &Field<'_>, raw: &str) -> Option<T> {
        if raw.starts_with('\u{1f}') {
            let name = field.wire_name();
            let e = self.error(
                "badvalue",
                format!("Parameter \"{name}\" accepts only a single value. U+001F multi-value separation may only be used for multi-valued parameters."),
                field,
            );
            self.fail(e);
            return None;
        }
        if raw.is_empty() && field.spec.required && is_stringish(&field.spec.ty) {
            let e = self.missing(field);
            self.fail(e);
            return None;
        }
        match self.value::<T>(field, raw) {
            Ok(v) => {
                self.deprecated_value(field, raw);
                Some(v)
            }
            Err(e) => {
                self.fail(e);
                None
            }
        }
    }

    /// One value: enum membership from the spec first, then the type's own checks.
    fn value<T: Value>(&mut self, field: &Field<'_>, raw: &str) -> Result<T, ApiError> {
        if let Type::Enum { values, .. } = field.spec.ty {
            match T::spec_position(values, raw) {
                None => return Err(self.bad_value(field, raw)),
                Some(i) => {
                    if let Some(v) = T::from_spec_value(values, i) {
                        return Ok(v);
                    }
                }
            }
        }
        T::decode(raw, self, field)
    }

    /// A presence boolean: true when given, whatever the value (even `false`, `0` or empty).
    #[inline]
    pub fn flag(&mut self, fields: &Fields<'_>, i: usize) -> bool {
        if fields.skip(i) {
            return false;
        }
        self.flag_given(fields.field(i))
    }

    #[inline(never)]
    fn flag_given(&mut self, field: Field<'_>) -> bool {
        self.raw(&field).is_some()
    }

    /// A file upload (multipart). A plain field of that name is `badupload`.
    pub fn upload(&mut self, fields: &Fields<'_>, i: usize) -> Option<Upload> {
        let field = fields.field(i);
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
                let name = field.wire_name();
                let e = self
                    .error(
                        "badupload",
                        format!("File upload parameter \"{name}\" is not a file upload; be sure to use multipart/form-data for your POST and include a filename in the Content-Disposition header."),
                        &field,
                    )
                    .data(json!({ "code": "notupload" }));
                self.fail(e);
            }
        }
        None
    }

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
        if fields.skip(i) {
            return;
        }
        self.multi_given(fields.field(i), values)
    }

    #[inline(never)]
    fn multi_given<L: ValueList>(&mut self, field: Field<'_>, values: &mut L) {
        match self.raw(&field) {
            None if field.spec.required => {
                let e = self.missing(&field);
                self.fail(e);
            }
            None => {}
            Some(raw) => self.multi_values(&field, raw, values),
        }
    }

    /// Like [`multi`](Self::multi), for parameters that also take the all-specifier: exactly the
    /// all-specifier as the only value means every value.
    #[inline]
    pub fn multi_all<T: Value + PartialEq>(&mut self, fields: &Fields<'_>, i: usize) -> Multi<T> {
        if fields.skip(i) {
            return Multi::default();
        }
        self.multi_all_given(fields.field(i))
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
    fn multi_values<L: ValueList>(&mut self, field: &Field<'_>, raw: &str, values: &mut L) {
        let (low, high) = field.spec.multi.map(|m| (m.limit, m.high_limit)).unwrap_or((1, 1));
        let high = high.max(low);
        // Counted, then split: no list of pieces to allocate.
        let pieces = || split_multi(raw, high as usize + 1);
        let count = count_multi(raw);
        let limit = if high > low && count > low as usize && self.opts.high_limits { high } else { low };
        if count > limit as usize {
            let name = field.wire_name();
            let e = self
                .error(
                    "toomanyvalues",
                    format!(
                        "Too many values supplied for parameter \"{name}\". The limit is {}.",
                        number(limit.into())
                    ),
                    field,
                )
                .data(json!({ "limit": limit, "lowlimit": low, "highlimit": high }));
            self.fail(e);
            return;
        }
        if let Type::Tags { values: tags } = field.spec.ty {
            let disallowed: Vec<&str> = pieces().filter(|p| !tags.contains(p)).collect();
            if !disallowed.is_empty() {
                let text = match disallowed.as_slice() {
                    [one] => format!("The tag \"{one}\" is not allowed to be manually applied."),
                    many => format!(
                        "The following tags are not allowed to be manually applied: {}",
                        many.join(", ")
                    ),
                };
                let e = self.error("badtags", text, field).data(json!({ "disallowedtags": disallowed }));
                self.fail(e);
                return;
            }
        }
        values.reserve(count);
        let mut unknown: Vec<&str> = Vec::new();
        for piece in pieces() {
            match self.value::<L::Item>(field, piece) {
                Ok(v) => {
                    self.deprecated_value(field, piece);
                    let dup = !field.spec.multi.is_some_and(|m| m.duplicates) && values.has(&v);
                    if !dup {
                        values.push(v);
                    }
                }
                Err(e) if e.code == "badvalue" => unknown.push(piece),
                Err(e) => {
                    self.fail(e);
                    *values = L::default();
                    return;
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
    }

    /// A templated parameter: one value per value of its source parameter (`keys`).
    pub fn templated<K, V>(&mut self, fields: &Fields<'_>, i: usize, keys: &[K]) -> BTreeMap<K, V>
    where
        K: TemplateKey + Ord + Clone,
        V: Value,
    {
        let field = fields.field(i);
        let mut out = BTreeMap::new();
        for key in keys {
            let f = Field { fill: Some(key.key_str()), ..field };
            if let Some(raw) = self.raw(&f) {
                if let Some(v) = self.single(&f, raw) {
                    out.insert(key.clone(), v);
                }
            }
        }
        out
    }

    /// The requests a multi submodule parameter named (`prop`, `list`, `meta`), decoded in order.
    #[inline]
    pub fn submodules<T: SubmoduleDecode>(&mut self, names: &SubmoduleNames<T>) -> Result<Vec<T>, ApiError> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        self.submodules_named(names)
    }

    fn submodules_named<T: SubmoduleDecode>(
        &mut self,
        names: &[SubmoduleName<T>],
    ) -> Result<Vec<T>, ApiError> {
        let mut out = Vec::with_capacity(names.len());
        for &name in names {
            if let Some(sub) = T::decode_name(name, self) {
                out.push(sub?);
            }
        }
        Ok(out)
    }

    /// The request a single submodule parameter named (`action`, `format`).
    #[inline]
    pub fn submodule<T: SubmoduleDecode>(
        &mut self,
        name: Option<SubmoduleName<T>>,
    ) -> Result<Option<T>, ApiError> {
        match name {
            None => Ok(None),
            Some(n) => T::decode_name(n, self).transpose(),
        }
    }

    /// The generator, resolved after the page set's parameters validated it as a plain string:
    /// `badgenerator` for an unknown module or one that cannot generate.
    #[inline]
    pub fn generator<T: SubmoduleDecode>(
        &mut self,
        name: Option<&str>,
        others: &[&str],
    ) -> Result<Option<T>, ApiError> {
        match name {
            None => Ok(None),
            Some(n) => self.generator_named(n, others),
        }
    }

    fn generator_named<T: SubmoduleDecode>(
        &mut self,
        n: &str,
        others: &[&str],
    ) -> Result<Option<T>, ApiError> {
        match T::decode_named(n, self) {
            Some(r) => r.map(Some),
            None => {
                let text = if others.contains(&n) {
                    format!("Module \"{n}\" cannot be used as a generator.")
                } else {
                    format!("Unknown \"generator={n}\".")
                };
                Err(ApiError::new("badgenerator", text).module(self.module).param("generator"))
            }
        }
    }

    #[inline]
    fn deprecated_value(&mut self, field: &Field<'_>, raw: &str) {
        if let Type::Enum { deprecated, .. } = field.spec.ty {
            if !deprecated.is_empty() && position_of(deprecated, raw).is_some() {
                self.deprecated_value_warning(field, raw);
            }
        }
    }

    #[cold]
    fn deprecated_value_warning(&mut self, field: &Field<'_>, raw: &str) {
        if field.spec.default != Some(raw) {
            let name = field.wire_name();
            let feature = format!("{}&{}={}", self.feature_prefix(), name, raw);
            self.warn(
                "deprecation",
                format!("The value \"{raw}\" to parameter \"{name}\" has been deprecated."),
                Some(json!({ "feature": feature })),
            );
        }
    }

    // ----- checks used by the Value impls -----

    /// `badvalue` for a value that is not one of the allowed ones.
    #[cold]
    pub fn bad_value(&self, field: &Field<'_>, raw: &str) -> ApiError {
        let name = field.wire_name();
        self.error("badvalue", format!("Unrecognized value for parameter \"{name}\": {raw}."), field)
    }

    /// maxbytes / maxchars.
    pub fn check_length(&self, field: &Field<'_>, raw: &str) -> Result<(), ApiError> {
        if let Type::String { max_bytes, max_chars } = field.spec.ty {
            let name = || field.wire_name();
            if let Some(max) = max_bytes.filter(|m| raw.len() > *m as usize) {
                let unit = if max == 1 { "byte" } else { "bytes" };
                return Err(self
                    .error(
                        "maxbytes",
                        format!(
                            "The value for parameter \"{}\" cannot be longer than {} {unit} (was {}).",
                            name(),
                            number(max.into()),
                            number(raw.len() as i64)
                        ),
                        field,
                    )
                    .data(json!({ "maxbytes": max, "curbytes": raw.len() })));
            }
            // No more characters than bytes: only a value longer in bytes needs counting.
            let chars = || raw.chars().count();
            if let Some(max) = max_chars.filter(|m| raw.len() > *m as usize && chars() > *m as usize) {
                let unit = if max == 1 { "character" } else { "characters" };
                return Err(self
                    .error(
                        "maxchars",
                        format!(
                            "The value for parameter \"{}\" cannot be longer than {} {unit} (was {}).",
                            name(),
                            number(max.into()),
                            number(chars() as i64)
                        ),
                        field,
                    )
                    .data(json!({ "maxchars": max, "curchars": chars() })));
            }
        }
        Ok(())
    }

    /// An integer as IntegerDef reads it: `[+-]?\d+`, no overflow.
    pub fn integer(&self, field: &Field<'_>, raw: &str) -> Result<i64, ApiError> {
        parse_integer(raw).ok_or_else(|| {
            let name = field.wire_name();
            self.error(
                "badinteger",
                format!("Invalid value \"{raw}\" for integer parameter \"{name}\"."),
                field,
            )
        })
    }

    /// Clamps an integer into the parameter's range, with MediaWiki's `outofrange` warning.
    pub fn clamp(&mut self, field: &Field<'_>, raw: &str, n: i64) -> i64 {
        let (min, max1, max2) = match field.spec.ty {
            Type::Integer { min, max, high_max } => (min, max, high_max.or(max)),
            Type::Limit { min, max, high_max } => (Some(min), Some(max), Some(high_max)),
            _ => return n,
        };
        let high = self.opts.high_limits;
        let (value, err) = match (min, max1) {
            (Some(lo), _) if n < lo => (lo, true),
            (_, Some(m1)) if n > m1 => match max2 {
                Some(m2) if m2 > m1 && high => (n.min(m2), n > m2),
                _ => (m1, true),
            },
            _ => (n, false),
        };
        if err {
            let name = field.wire_name();
            let curmax = match (max1, max2) {
                (Some(m1), Some(m2)) if m2 > m1 && high => Some(m2),
                _ => max1,
            };
            let text = match (min, curmax) {
                (Some(lo), Some(hi)) => {
                    format!(
                        "The value \"{raw}\" for parameter \"{name}\" must be between {} and {}.",
                        number(lo),
                        number(hi)
                    )
                }
                (Some(lo), None) => format!(
                    "The value \"{raw}\" for parameter \"{name}\" must be no less than {}.",
                    number(lo)
                ),
                (None, Some(hi)) => format!(
                    "The value \"{raw}\" for parameter \"{name}\" must be no greater than {}.",
                    number(hi)
                ),
                (None, None) => format!("The value \"{raw}\" for parameter \"{name}\" is out of range."),
            };
            self.warn(
                "outofrange",
                text,
                Some(json!({ "min": min, "curmax": curmax, "max": max1, "highmax": max2 })),
            );
        }
        value
    }

    /// A floating-point number (surrounding whitespace ignored): `badfloat` when it does not parse,
    /// `badfloat-notfinite` when it is infinite or not a number.
    pub fn float(&self, field: &Field<'_>, raw: &str) -> Result<f64, ApiError> {
        let name = field.wire_name();
        match raw.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            Ok(_) => Err(self.error(
                "badfloat-notfinite",
                format!("Value \"{raw}\" for float parameter \"{name}\" is too large or is not a number."),
                field,
            )),
            Err(_) => Err(self.error(
                "badfloat",
                format!("Invalid value \"{raw}\" for float parameter \"{name}\"."),
                field,
            )),
        }
    }

    /// A namespace: `[+-]?\d+` cast to a number, one of the wiki's namespaces or the parameter's extra
    /// ones; anything else is `badvalue` (an enum of numbers, for MediaWiki).
    pub fn namespace(&self, field: &Field<'_>, raw: &str) -> Result<i32, ApiError> {
        let extra: &[i32] = match field.spec.ty {
            Type::Namespace { extra } => extra,
            _ => &[],
        };
        match parse_integer(raw).and_then(|n| i32::try_from(n).ok()) {
            Some(n) if self.opts.namespaces.contains(&n) || extra.contains(&n) => Ok(n),
            _ => Err(self.bad_value(field, raw)),
        }
    }

    /// A title string as TitleDef reads it: not empty (after a namespace prefix or fragment), no
    /// characters titles never hold.
    pub fn check_title(&self, field: &Field<'_>, raw: &str) -> Result<(), ApiError> {
        if crate::names::is_valid_title(raw) {
            Ok(())
        } else {
            let name = field.wire_name();
            Err(self.error(
                "badtitle",
                format!("Invalid value \"{raw}\" for title parameter \"{name}\": not a valid title string."),
                field,
            ))
        }
    }

    /// A user parameter, as UserDef reads it given the parameter's subtypes.
    pub fn check_user(&self, field: &Field<'_>, raw: &str) -> Result<(), ApiError> {
        let subtypes: &[&str] = match field.spec.ty {
            Type::User { subtypes } if !subtypes.is_empty() => subtypes,
            _ => &["name", "ip", "cidr", "interwiki"],
        };
        if crate::names::user_kind(raw).is_some_and(|k| subtypes.contains(&k)) {
            Ok(())
        } else {
            let name = field.wire_name();
            Err(self.error(
                "baduser",
                format!("Invalid value \"{raw}\" for user parameter \"{name}\"."),
                field,
            ))
        }
    }

    /// A timestamp in a form MediaWiki's ConvertibleTimestamp reads; `""` and `"0"` mean now, with
    /// a deprecation warning.
    pub fn check_timestamp(&mut self, field: &Field<'_>, raw: &str) -> Result<(), ApiError> {
        if raw.is_empty() || raw == "0" {
            let name = field.wire_name();
            self.warn(
                "unclearnowtimestamp",
                format!("Passing \"{raw}\" for timestamp parameter \"{name}\" has been deprecated. If for some reason you need to explicitly specify the current time without calculating it client-side, use \"now\"."),
                None,
            );
            return Ok(());
        }
        if raw == "now" || crate::timestamp::is_valid(raw) {
            Ok(())
        } else {
            let name = field.wire_name();
            Err(self.error(
                "badtimestamp",
                format!("Invalid value \"{raw}\" for timestamp parameter \"{name}\"."),
                field,
            ))
        }
    }

    /// An expiry: `infinite` and its synonyms, a timestamp, or a relative time.
    pub fn check_expiry(&self, field: &Field<'_>, raw: &str) -> Result<(), ApiError> {
        // strtotime reads 14-digit and ISO timestamps but not bare Unix seconds.
        let bare_number = raw.bytes().all(|b| b.is_ascii_digit() || b == b'-') && raw.len() != 14;
        let ok = matches!(raw, "infinite" | "indefinite" | "infinity" | "never")
            || (crate::timestamp::is_valid(raw) && !bare_number)
            || crate::timestamp::is_relative(raw);
        if ok {
            Ok(())
        } else {
            let name = field.wire_name();
            Err(self.error(
                "badexpiry",
                format!("Invalid value \"{raw}\" for expiry parameter \"{name}\"."),
                field,
            ))
        }
    }
}

/// `[+-]?\d+` within i64, as IntegerDef accepts it.
pub fn parse_integer(raw: &str) -> Option<i64> {
    let (negative, digits) = match raw.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        rest => (false, rest),
    };
    if digits.is_empty() {
        return None;
    }
    // Accumulated negatively, so that i64::MIN fits.
    let mut n: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_sub(i64::from(b - b'0'))?;
    }
    if negative {
        Some(n)
    } else {
        n.checked_neg()
    }
}

/// A number as MediaWiki's English messages format it: `5,000`.
pub fn number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn is_stringish(ty: &Type) -> bool {
    matches!(ty, Type::String { .. } | Type::Text | Type::Raw | Type::Password)
}

/// `name` without `prefix`, if it starts with it. Names are short: byte loops beat calls to memcmp.
#[inline]
fn strip<'n>(name: &'n [u8], prefix: &[u8]) -> Option<&'n [u8]> {
    if name.len() < prefix.len() || !bytes_eq(&name[..prefix.len()], prefix) {
        return None;
    }
    Some(&name[prefix.len()..])
}

/// The position of `raw` among `values` (compared with [`bytes_eq`]).
#[inline]
pub fn position_of(values: &[&str], raw: &str) -> Option<usize> {
    values.iter().position(|v| bytes_eq(v.as_bytes(), raw.as_bytes()))
}

/// Whether two short byte strings are equal: an inline loop, where `==` calls memcmp.
#[inline]
pub fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    // Two overlapping word loads compare 4 to 16 bytes with no loop to mispredict.
    fn word<const N: usize>(s: &[u8], at: usize) -> [u8; N] {
        let mut w = [0; N];
        w.copy_from_slice(&s[at..at + N]);
        w
    }
    match a.len() {
        n @ 8..=16 => word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, n - 8) == word::<8>(b, n - 8),
        n @ 4..=7 => word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, n - 4) == word::<4>(b, n - 4),
        0..=3 => a.iter().zip(b).all(|(x, y)| x == y),
        _ => a == b,
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

/// Which pairs of the request a decode read: a bit per pair, inline for the usual few dozen.
#[derive(Debug)]
struct Used {
    inline: u64,
    spill: Vec<u64>,
}

impl Used {
    #[inline]
    fn new(len: usize) -> Self {
        let spill = if len > 64 { vec![0; (len - 64).div_ceil(64)] } else { Vec::new() };
        Used { inline: 0, spill }
    }

    #[inline]
    fn set(&mut self, i: usize) {
        if i < 64 {
            self.inline |= 1 << i;
        } else {
            self.spill[(i - 64) / 64] |= 1 << ((i - 64) % 64);
        }
    }

    fn get(&self, i: usize) -> bool {
        if i < 64 {
            self.inline & (1 << i) != 0
        } else {
            self.spill[(i - 64) / 64] & (1 << ((i - 64) % 64)) != 0
        }
    }
}

/// A key of a templated parameter's map: the text that fills the placeholder.
pub trait TemplateKey {
    /// The text that fills the placeholder: an enum's wire value, or the string itself.
    fn key_str(&self) -> &str;
}

impl<T: StrEnum> TemplateKey for T {
    fn key_str(&self) -> &str {
        self.as_str()
    }
}

impl TemplateKey for String {
    fn key_str(&self) -> &str {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_like_mediawiki() {
        assert_eq!(number(5000), "5,000");
        assert_eq!(number(500), "500");
        assert_eq!(number(-1234567), "-1,234,567");
        assert_eq!(number(0), "0");
    }

    #[test]
    fn integers_like_integerdef() {
        assert_eq!(parse_integer("+12"), Some(12));
        assert_eq!(parse_integer("-0"), Some(0));
        assert_eq!(parse_integer("007"), Some(7));
        assert_eq!(parse_integer("9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_integer("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_integer("-12"), Some(-12));
        for bad in [
            "",
            " 12",
            "12 ",
            "1.5",
            "0x1A",
            "9223372036854775808",
            "+",
            "-",
            "-9223372036854775809",
            "+-1",
            "١٢",
        ] {
            assert_eq!(parse_integer(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn string_lengths_in_bytes_then_characters() {
        static BOTH: ParamSpec =
            ParamSpec::new("summary", Type::String { max_bytes: Some(4), max_chars: Some(3) });
        static CHARS: ParamSpec =
            ParamSpec::new("summary", Type::String { max_bytes: None, max_chars: Some(2) });
        let params = Params::new();
        let d = Decoder::new(&params, DecodeOptions::default());
        let code = |spec: &'static ParamSpec, raw: &str| {
            d.check_length(&Field::new(spec, "", "x"), raw).err().map(|e| (e.code, e.data.map(|d| *d)))
        };
        assert_eq!(code(&BOTH, "abc"), None);
        assert_eq!(code(&BOTH, "éé"), None, "4 bytes, 2 characters");
        let (c, data) = code(&BOTH, "abcd").unwrap_or_default();
        assert_eq!((c.as_ref(), data), ("maxchars", Some(json!({ "maxchars": 3, "curchars": 4 }))));
        let (c, data) = code(&BOTH, "ééé").unwrap_or_default();
        assert_eq!((c.as_ref(), data), ("maxbytes", Some(json!({ "maxbytes": 4, "curbytes": 6 }))));
        assert_eq!(code(&CHARS, "éé"), None, "longer in bytes than the limit, not in characters");
        let (c, data) = code(&CHARS, "ééx").unwrap_or_default();
        assert_eq!((c.as_ref(), data), ("maxchars", Some(json!({ "maxchars": 2, "curchars": 3 }))));
    }

    #[test]
    fn template_names() {
        assert_eq!(split_template("fromtext-{slot}", "slot"), ("fromtext-", ""));
        assert_eq!(split_template("a{x}b", "x"), ("a", "b"));
    }
}
