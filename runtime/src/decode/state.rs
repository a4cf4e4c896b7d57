//! The [`Decoder`] itself: the request being read, the module being decoded, which pairs were
//! read, the warnings given and the first error recorded (MediaWiki throws it only once all of a
//! module's parameters were validated, at [`Decoder::check`]).

use crate::error::{ApiError, Warning};
use crate::spec::ModuleSpec;
use crate::value::{Context, DecodeOptions, Field, Scope, Shared};
use crate::wire::Params;

/// What a server tells the decoder of the request it serves: the checks MediaWiki runs before a
/// module executes (tokens, POST), and the caller's rights. A closure over a module spec is a
/// checkpoint with no word on rights.
pub trait Checkpoint: Sync {
    /// The checks before `module` executes.
    fn before_execute(&self, module: &ModuleSpec) -> Result<(), ApiError>;

    /// Whether the caller has `right`; `None` when the server does not know.
    fn has_right(&self, _right: &str) -> Option<bool> {
        None
    }

    /// Whether the caller is logged in; `None` when the server does not know.
    fn logged_in(&self) -> Option<bool> {
        None
    }
}

impl<F: Fn(&ModuleSpec) -> Result<(), ApiError> + Sync> Checkpoint for F {
    fn before_execute(&self, module: &ModuleSpec) -> Result<(), ApiError> {
        self(module)
    }
}

#[derive(Clone, Copy)]
struct Hook<'p>(&'p dyn Checkpoint);

impl std::fmt::Debug for Hook<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Checkpoint")
    }
}

/// Reads typed values out of [`Params`], validating as it goes.
#[derive(Debug)]
pub struct Decoder<'p> {
    pub(super) params: &'p Params,
    /// The checks to run before a module executes, when a server decodes (see [`Decoder::before_execute`]).
    checkpoint: Option<Hook<'p>>,
    pub(super) used: Used,
    /// Where each parameter of the modules decoded so far is, module after module (see
    /// [`Fields`](super::Fields)): a request's few modules fit inline.
    pub(super) slots: super::scan::Slots,
    /// The module being decoded, once [`enter`](Self::enter)ed.
    spec: Option<&'static ModuleSpec>,
    error: Option<ApiError>,
    /// ApiMain's asserts were checked (once, before the first of main's submodules).
    pub(super) asserts_checked: bool,
    /// The options, the module being decoded and the warnings, which value decodes share.
    shared: Shared,
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
            slots: super::scan::Slots::new(),
            spec: None,
            error: None,
            asserts_checked: false,
            shared: Shared::new(opts),
        }
    }

    /// Sets the checks MediaWiki runs before a module executes (a server's token and POST checks),
    /// and what the server knows of the caller's rights. Modules that validate part of their
    /// parameters only when they execute (the page set of `action=purge`) call them at that point.
    pub fn set_checkpoint(&mut self, checks: &'p dyn Checkpoint) {
        self.checkpoint = Some(Hook(checks));
    }

    /// Runs the checkpoint, if one is set (a client decoding for validation has none).
    pub fn before_execute(&mut self, module: &ModuleSpec) -> Result<(), ApiError> {
        match &self.checkpoint {
            Some(Hook(check)) => check.before_execute(module),
            None => Ok(()),
        }
    }

    /// Whether anything may be known of the caller (a checkpoint, or options that say who it is):
    /// the checks that need to know cost nothing otherwise.
    #[inline]
    pub(super) fn may_know_caller(&self) -> bool {
        self.checkpoint.is_some()
            || self.shared.options.logged_in.is_some()
            || self.shared.options.rights.is_some()
    }

    /// Whether the caller is logged in: as the checkpoint says, or else as the options have it;
    /// `None` when neither knows.
    pub fn logged_in(&self) -> Option<bool> {
        match self.checkpoint.and_then(|Hook(c)| c.logged_in()) {
            Some(known) => Some(known),
            None => self.shared.options.logged_in,
        }
    }

    /// Whether the caller has `right`: as the checkpoint says, or else as the options list the
    /// rights; `None` when neither knows.
    pub fn has_right(&self, right: &str) -> Option<bool> {
        match self.checkpoint.and_then(|Hook(c)| c.has_right(right)) {
            Some(has) => Some(has),
            None => self.shared.options.has_right(right),
        }
    }

    /// The options validation uses.
    pub fn options(&self) -> &DecodeOptions {
        &self.shared.options
    }

    /// The parameters being decoded.
    pub fn params(&self) -> &'p Params {
        self.params
    }

    /// Errors and warnings from now on are this module's.
    pub fn enter(&mut self, module: &'static ModuleSpec) {
        self.spec = Some(module);
        self.shared.scope = Scope { module: module.path, group: module.group };
    }

    /// The path of the module being decoded (`main` until [`enter`](Self::enter)).
    pub fn module(&self) -> &'static str {
        self.shared.scope.module
    }

    /// The warnings recorded so far.
    pub fn warnings(&self) -> &[Warning] {
        &self.shared.warnings
    }

    /// Takes the warnings recorded so far, leaving none.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        std::mem::take(&mut self.shared.warnings)
    }

    /// Records a warning of the current module.
    pub fn warn(&mut self, code: &'static str, text: String, data: Option<serde_json::Value>) {
        self.shared.warn(code, text, data);
    }

    /// What a value's decode sees while reading `field`.
    #[inline]
    pub(super) fn context<'s>(&'s mut self, field: &'s Field<'s>) -> Context<'s> {
        Context::new(field, &mut self.shared)
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

    /// Records `e`, unless an error was recorded already (the first one is thrown).
    #[cold]
    pub(super) fn fail(&mut self, e: ApiError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    /// The error `code` with `text` about `field`, in the current module.
    #[cold]
    pub(super) fn error(&self, code: &'static str, text: String, field: &Field<'_>) -> ApiError {
        field.error(self.shared.scope.module, code, text)
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
}

/// Which pairs of the request a decode read: a bit per pair, inline for the usual few dozen.
#[derive(Debug)]
pub(super) struct Used {
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
    pub(super) fn set(&mut self, i: usize) {
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
