//! What a value's decode sees of the request: the [`Field`] being read (its spec, its prefixes,
//! where it is), the [`DecodeOptions`] of the wiki and caller, and a place for warnings — bundled as
//! a [`Context`]. Not the whole decoder: a rule of a wire type cannot reach the rest of the request.

use crate::error::{ApiError, Warning};
use crate::spec::ParamSpec;
use serde_json::json;
use std::borrow::Cow;
use std::sync::Arc;

/// The namespaces (≥ 0) of a MediaWiki 1.39 installation without extensions.
pub const CORE_NAMESPACES: &[i32] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/// What decoding needs to know of the wiki and the caller.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// The caller has `apihighlimits` (bots, sysops): 500 values instead of 50, `highmax`.
    pub high_limits: bool,
    /// The wiki's namespaces (a parameter's `extranamespaces` are added to these).
    pub namespaces: Cow<'static, [i32]>,
    /// Change tags the wiki lets users apply beyond those the spec lists (tags are the wiki's state:
    /// `action=managetags` creates them).
    pub extra_tags: Vec<String>,
    /// The caller's rights, for the checks modules make of them in their own code (deleted
    /// revisions need `deletedhistory`); `None` when they are not known (a client that has not
    /// asked), and those checks are left to the wiki.
    pub rights: Option<Arc<[String]>>,
    /// Whether the caller is logged in, for the modules that refuse anonymous callers in their own
    /// code (`notloggedin`); `None` when not known, and those checks are left to the wiki.
    pub logged_in: Option<bool>,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            high_limits: false,
            namespaces: Cow::Borrowed(CORE_NAMESPACES),
            extra_tags: Vec::new(),
            rights: None,
            logged_in: None,
        }
    }
}

/// The rights of an anonymous caller on a MediaWiki 1.39 installation with the default settings
/// (group `*`, as `meta=userinfo&uiprop=rights` lists them).
pub const ANONYMOUS_RIGHTS: &[&str] = &[
    "createaccount",
    "read",
    "edit",
    "createpage",
    "createtalk",
    "writeapi",
    "viewmywatchlist",
    "editmywatchlist",
    "viewmyprivateinfo",
    "editmyprivateinfo",
    "editmyoptions",
];

impl DecodeOptions {
    /// The options for an anonymous caller: the default ones, with [`ANONYMOUS_RIGHTS`].
    pub fn anonymous() -> Self {
        let rights: Arc<[String]> = ANONYMOUS_RIGHTS.iter().map(|r| r.to_string()).collect();
        DecodeOptions { rights: Some(rights), logged_in: Some(false), ..DecodeOptions::default() }
    }

    /// Whether the caller has `right`; `None` when the rights are not known.
    pub fn has_right(&self, right: &str) -> Option<bool> {
        self.rights.as_ref().map(|rs| rs.iter().any(|r| r == right))
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
    /// Where the value is, when the module's names were scanned (`Decoder::scan`).
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

    /// The error `code` with `text`, raised by `module` about this field.
    #[cold]
    pub fn error(&self, module: &'static str, code: &'static str, text: String) -> ApiError {
        ApiError::new(code, text).module(module).param(self.wire_name())
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

/// The module a decode is in: its path (`query+allpages`, `main`) and group (`list`), which errors,
/// warnings and deprecation features name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// The module's path.
    pub module: &'static str,
    /// The module's group; empty for main.
    pub group: &'static str,
}

impl Scope {
    /// The main module, before any other is entered.
    pub const MAIN: Scope = Scope { module: "main", group: "" };

    /// A warning of this module.
    pub fn warning(self, code: &'static str, text: String, data: Option<serde_json::Value>) -> Warning {
        Warning { code: Cow::Borrowed(code), text, module: Cow::Borrowed(self.module), data }
    }

    /// The feature a deprecation warning names, before its parameter: `action=query&list=allpages`
    /// for `query+allpages`, `action=edit` for `edit`.
    pub fn feature_prefix(self) -> String {
        match self.module.rsplit_once('+') {
            Some((parent, sub)) => format!("action={parent}&{}={sub}", self.group),
            None => format!("action={}", self.module),
        }
    }
}

/// What a decode shares with the values it reads: the options, the module, the warnings so far.
/// The decoder holds one; a [`Context`] borrows it, so that building one is two stores.
#[derive(Debug)]
pub struct Shared {
    /// What the wiki and the caller allow.
    pub options: DecodeOptions,
    /// The module being decoded.
    pub scope: Scope,
    /// The warnings recorded so far.
    pub warnings: Vec<Warning>,
}

impl Shared {
    /// Decoding with `options`, in `main`, no warnings yet.
    pub fn new(options: DecodeOptions) -> Self {
        Shared { options, scope: Scope::MAIN, warnings: Vec::new() }
    }

    /// Records a warning of the current module.
    pub fn warn(&mut self, code: &'static str, text: String, data: Option<serde_json::Value>) {
        self.warnings.push(self.scope.warning(code, text, data));
    }
}

/// What [`Value::decode`](super::Value::decode) sees: the field, and what the decode shares with
/// it (the options, the module for errors, the warnings).
#[derive(Debug)]
pub struct Context<'a> {
    /// The parameter being read.
    pub field: &'a Field<'a>,
    shared: &'a mut Shared,
}

impl<'a> Context<'a> {
    /// Reading `field`, with what the decode shares.
    #[inline]
    pub fn new(field: &'a Field<'a>, shared: &'a mut Shared) -> Self {
        Context { field, shared }
    }

    /// What the wiki and the caller allow.
    #[inline]
    pub fn options(&self) -> &DecodeOptions {
        &self.shared.options
    }

    /// The module being decoded.
    #[inline]
    pub fn scope(&self) -> Scope {
        self.shared.scope
    }

    /// The field's spec.
    #[inline]
    pub fn spec(&self) -> &'static ParamSpec {
        self.field.spec
    }

    /// The field's name as sent.
    pub fn name(&self) -> String {
        self.field.wire_name()
    }

    /// The error `code` with `text`, about this field.
    #[cold]
    pub fn error(&self, code: &'static str, text: String) -> ApiError {
        self.field.error(self.shared.scope.module, code, text)
    }

    /// The error `code` about this field, its text built from the field's wire name `name` (the
    /// name is built once, for the text and for the error's `param`).
    #[cold]
    pub fn error_about(
        &self,
        code: &'static str,
        name: String,
        text: impl FnOnce(&str) -> String,
    ) -> ApiError {
        let text = text(&name);
        ApiError::new(code, text).module(self.shared.scope.module).param(name)
    }

    /// `badvalue` for a value that is not one of the allowed ones.
    #[cold]
    pub fn bad_value(&self, raw: &str) -> ApiError {
        self.error_about("badvalue", self.name(), |name| {
            ["Unrecognized value for parameter \"", name, "\": ", raw, "."].concat()
        })
    }

    /// Records a warning of the current module.
    pub fn warn(&mut self, code: &'static str, text: String, data: Option<serde_json::Value>) {
        self.shared.warn(code, text, data);
    }

    /// Records MediaWiki's `deprecation` warning for `feature` (after the module's own part).
    #[cold]
    pub fn deprecation(&mut self, text: String, feature: &str) {
        let feature = format!("{}&{feature}", self.shared.scope.feature_prefix());
        self.warn("deprecation", text, Some(json!({ "feature": feature })));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names() {
        assert_eq!(split_template("fromtext-{slot}", "slot"), ("fromtext-", ""));
        assert_eq!(split_template("a{x}b", "x"), ("a", "b"));
    }

    #[test]
    fn deprecation_features() {
        let sub = Scope { module: "query+allpages", group: "list" };
        assert_eq!(sub.feature_prefix(), "action=query&list=allpages");
        assert_eq!(Scope { module: "edit", group: "action" }.feature_prefix(), "action=edit");
    }
}
