//! [`Extras`]: what a module method reaches beyond its decoded request, through its [`Context`]:
//! the request's parameters as sent ([`Context::raw_param`], for modules with dynamic parameters)
//! and the warnings it adds to the answer ([`Context::warn`]).

use super::Context;
use crate::error::Warning;
use crate::params::Params;
use std::sync::{Arc, Mutex};

/// What a module method may reach beyond its decoded request: the parameters as sent (for a
/// module with dynamic parameters, such as `clientlogin`'s `username` and `password`), and warnings
/// it adds to the answer. Shared by the clones of one request's [`Context`].
#[derive(Clone, Default)]
pub struct Extras(Arc<ExtrasInner>);

#[derive(Default)]
struct ExtrasInner {
    /// The request's parameters as sent, its files included: the router moves them in, and the
    /// dispatch borrows them from here.
    params: Params,
    /// The names a module read through [`Context::raw_param`]: not `unrecognizedparams`.
    read: Mutex<Vec<String>>,
    /// The warnings a module added.
    warnings: Mutex<Vec<Warning>>,
    /// The numbers that `max` limits stood for, by module ([`Context::add_limit`]).
    limits: Mutex<Vec<(String, u64)>>,
}

impl Extras {
    /// The extras of a request with `params`.
    pub fn new(params: Params) -> Extras {
        Extras(Arc::new(ExtrasInner { params, ..ExtrasInner::default() }))
    }

    pub(super) fn take(&self) -> (Vec<String>, Vec<Warning>) {
        (take_all(&self.0.read), take_all(&self.0.warnings))
    }

    pub(super) fn take_limits(&self) -> Vec<(String, u64)> {
        take_all(&self.0.limits)
    }
}

fn take_all<T>(m: &Mutex<Vec<T>>) -> Vec<T> {
    std::mem::take(&mut *m.lock().unwrap_or_else(|p| p.into_inner()))
}

impl Context {
    /// The request's parameters as sent: the query string's, then the body's, files included.
    pub fn params(&self) -> &Params {
        &self.extras.0.params
    }

    /// The request's parameter `name` as sent (the last value, as PHP keeps it), for a module whose
    /// parameters depend on the request (`dynamicparameters`). A name read here is not reported in
    /// `unrecognizedparams`, as MediaWiki's `getVal` marks it used.
    pub fn raw_param(&self, name: &str) -> Option<&str> {
        self.extras.0.read.lock().unwrap_or_else(|p| p.into_inner()).push(name.to_string());
        self.extras.0.params.get(name)
    }

    /// Whether the request's parameter `name` came in the query string, which MediaWiki's
    /// `requirePostedParameters` refuses for passwords and tokens (`mustpostparams`).
    pub fn raw_in_query(&self, name: &str) -> bool {
        self.extras.0.params.indexes_of(&[name]).any(|i| i < self.query_len)
    }

    /// Reports the number a `max` limit of `module` (`revisions`, `allpages`, …) stood for: the
    /// answer then has `"limits": {module: value}` at its root, as ApiResult::addParsedLimit puts it.
    pub fn add_limit(&self, module: &str, value: u64) {
        let mut l = self.extras.0.limits.lock().unwrap_or_else(|p| p.into_inner());
        l.retain(|(m, _)| m != module);
        l.push((module.to_string(), value));
    }

    /// Adds a warning to the answer (`module`: the module's path, `login`, `query+tokens`), in the
    /// order the module raises it, after those of decoding.
    pub fn warn(&self, warning: Warning) {
        self.extras.0.warnings.lock().unwrap_or_else(|p| p.into_inner()).push(warning);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, Method};

    #[test]
    fn raw_params_read_count_as_used_and_warnings_are_kept() {
        let params = Params::parse_query("action=clientlogin&username=Admin&username=Other");
        let extras = Extras::new(params);
        let cx = Context {
            method: Method::POST,
            headers: HeaderMap::new(),
            posted: true,
            query_len: 0,
            user: None,
            extras: extras.clone(),
        };
        assert_eq!(cx.raw_param("username"), Some("Other"), "the last value, as PHP keeps it");
        assert_eq!(cx.raw_param("password"), None);
        assert!(!cx.raw_in_query("username"), "no parameter came in the query string");
        cx.warn(Warning { code: "deprecation".into(), text: "t".into(), module: "login".into(), data: None });
        let (read, warnings) = extras.take();
        assert_eq!(read, ["username", "password"]);
        assert_eq!(warnings.len(), 1);
    }
}
