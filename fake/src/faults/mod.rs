//! Faults on demand: what a real wiki seldom gives (maxlag storms, read-only spells, rate limits,
//! expired tokens, edit conflicts, lost sessions, 5xx pages, slow answers), injected
//! - at start, with the binary's `--fault` flags ([`FaultRule`]'s [`FromStr`](std::str::FromStr));
//! - per request, through a hook in Rust ([`Faults::set_hook`]);
//! - over HTTP, for clients in other processes: `GET`/`POST`/`DELETE /fake/faults` with
//!   `Authorization: Bearer <admin key>` ([`Faults::admin_key`]).
//!
//! A rule applies to a request only where MediaWiki could give its fault: `maxlag` when the
//! request has a `maxlag` below the lag, `readonly` to write modules, `ratelimited` to the modules
//! MediaWiki rate-limits (or those the rule names), `badtoken` to modules that take a token,
//! `editconflict` to `action=edit`. "The next N requests" counts the requests a rule applied to.
//! Without any fault the fake is a wiki without replicas, as the real one up.sh installs: its lag
//! is -1, so only `maxlag` below -1 is answered with `maxlag`.

mod admin;
mod layer;
mod parse;

pub(crate) use layer::layer;
pub use parse::FaultParseError;

use mwgen_runtime::{ModuleSpec, Params};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// One fault, as the binary's `--fault` flag, the hook and the HTTP switch give it (JSON: an
/// object with `"fault"` and the variant's fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fault", deny_unknown_fields)]
pub enum Fault {
    /// Replication lag of `lag` seconds: a request whose `maxlag` is below it gets MediaWiki's
    /// `maxlag` error, with `Retry-After` and `X-Database-Lag` (`--fault maxlag=5`).
    #[serde(rename = "maxlag")]
    Maxlag {
        /// The lag in seconds.
        lag: i64,
    },
    /// The wiki is read-only: write modules answer `readonly` with this `readonlyreason`
    /// (`--fault readonly=REASON`).
    #[serde(rename = "readonly")]
    Readonly {
        /// The reason given in the error's `readonlyreason`.
        #[serde(default = "default_reason")]
        reason: String,
    },
    /// The caller exceeded a rate limit: `ratelimited` from edit, move, upload, rollback,
    /// changecontentmodel and emailuser, or from the modules the rule names (`--fault ratelimited`).
    #[serde(rename = "ratelimited")]
    Ratelimited,
    /// Every token is refused (`badtoken`), as after the session's tokens expired
    /// (`--fault badtoken`).
    #[serde(rename = "badtoken")]
    Badtoken,
    /// The edit module reports an edit conflict ([`Faults::take_edit_conflict`];
    /// `--fault editconflict`).
    #[serde(rename = "editconflict")]
    EditConflict,
    /// The caller's session is dropped before the request runs, so it is anonymous again
    /// (`--fault sessionloss`).
    #[serde(rename = "sessionloss")]
    SessionLoss,
    /// An HTTP error status with a web server's HTML error page instead of the API's answer
    /// (`--fault http=503`).
    #[serde(rename = "http")]
    Http {
        /// The status, 500 to 599.
        #[serde(default = "default_status")]
        status: u16,
    },
    /// The answer comes after a delay of `ms` milliseconds (`--fault slow=250`).
    #[serde(rename = "slow")]
    Slow {
        /// The delay in milliseconds.
        ms: u64,
    },
}

fn default_reason() -> String {
    "The fake wiki was set read-only for a test.".into()
}

fn default_status() -> u16 {
    503
}

/// The modules MediaWiki 1.39 refuses with `ratelimited` (`pingLimiter` in their execute).
pub const RATE_LIMITED: &[&str] = &["edit", "move", "upload", "rollback", "changecontentmodel", "emailuser"];

/// A fault with the requests it applies to: the next `times` (always when `None`), of the
/// `modules` (`action` values; all when empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRule {
    /// The fault.
    #[serde(flatten)]
    pub fault: Fault,
    /// How many more requests it applies to; `None`: every one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// The `action` values it applies to; empty: every module.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules: Vec<String>,
}

impl FaultRule {
    /// `fault` for every request it can apply to.
    pub fn always(fault: Fault) -> FaultRule {
        FaultRule { fault, times: None, modules: Vec::new() }
    }

    /// `fault` for the next `n` requests it applies to.
    pub fn times(fault: Fault, n: u32) -> FaultRule {
        FaultRule { fault, times: Some(n), modules: Vec::new() }
    }

    /// The same rule, only for these modules (`action` values).
    pub fn for_modules<S: Into<String>>(mut self, modules: impl IntoIterator<Item = S>) -> FaultRule {
        self.modules = modules.into_iter().map(Into::into).collect();
        self
    }
}

impl From<Fault> for FaultRule {
    fn from(fault: Fault) -> FaultRule {
        FaultRule::always(fault)
    }
}

/// What a fault hook sees of a request.
#[derive(Debug, Clone)]
pub struct FaultRequest {
    /// The `action` asked (`""` when none).
    pub action: String,
    /// The action module's spec, when the action is one.
    pub spec: Option<&'static ModuleSpec>,
    /// The parameters: the query string's, then an urlencoded body's.
    pub params: Params,
    /// Whether the request was a POST.
    pub posted: bool,
    /// The `maxlag` asked, when it is an integer.
    pub maxlag: Option<i64>,
    /// The session id (the `mwgen_session` cookie).
    pub session: String,
}

impl FaultRequest {
    /// Whether `fault` can apply to this request, as MediaWiki could give it.
    pub fn admits(&self, fault: &Fault) -> bool {
        match fault {
            Fault::Maxlag { lag } => self.action != "help" && self.maxlag.is_some_and(|m| *lag > m),
            Fault::Readonly { .. } => self.spec.is_some_and(|s| s.flags.writerights),
            Fault::Ratelimited => RATE_LIMITED.contains(&self.action.as_str()),
            Fault::Badtoken => self.spec.is_some_and(|s| s.token.is_some()),
            Fault::EditConflict => self.action == "edit",
            Fault::SessionLoss | Fault::Http { .. } | Fault::Slow { .. } => true,
        }
    }

    fn admits_rule(&self, rule: &FaultRule) -> bool {
        if rule.modules.is_empty() {
            return self.admits(&rule.fault);
        }
        rule.modules.contains(&self.action)
            && (matches!(rule.fault, Fault::Ratelimited) || self.admits(&rule.fault))
    }
}

/// A per-request fault hook: called first for every api.php request.
pub type Hook = Arc<dyn Fn(&FaultRequest) -> Option<Fault> + Send + Sync>;

/// The faults the wiki injects now: rules, a hook, and the key of the HTTP switch.
pub struct Faults {
    rules: Mutex<Vec<FaultRule>>,
    hook: RwLock<Option<Hook>>,
    admin_key: RwLock<String>,
    /// Whether a rule or a hook is set (a request needs no lock when neither is).
    active: AtomicBool,
}

impl Default for Faults {
    fn default() -> Faults {
        Faults {
            rules: Mutex::new(Vec::new()),
            hook: RwLock::new(None),
            admin_key: RwLock::new(crate::util::random_hex(16)),
            active: AtomicBool::new(false),
        }
    }
}

impl std::fmt::Debug for Faults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Faults")
            .field("rules", &self.rules())
            .field("hook", &self.lock_hook().is_some())
            .finish_non_exhaustive()
    }
}

/// What the rules decided for one request.
#[derive(Debug, Default)]
pub(crate) struct Decision {
    /// The fault that answers instead of the module.
    pub(crate) answer: Option<Fault>,
    pub(crate) delay: Duration,
    pub(crate) lose_session: bool,
    pub(crate) tokens_expired: bool,
    pub(crate) edit_conflict: bool,
}

impl Decision {
    fn take(&mut self, fault: Fault) {
        match fault {
            Fault::Slow { ms } => self.delay += Duration::from_millis(ms),
            Fault::SessionLoss => self.lose_session = true,
            Fault::Badtoken => self.tokens_expired = true,
            Fault::EditConflict => self.edit_conflict = true,
            answering => self.answer = Some(answering),
        }
    }

    fn answers(fault: &Fault) -> bool {
        matches!(
            fault,
            Fault::Maxlag { .. } | Fault::Readonly { .. } | Fault::Ratelimited | Fault::Http { .. }
        )
    }
}

tokio::task_local! {
    /// The faults of the request being answered, for what the modules ask while it runs.
    static CURRENT: Current;
}

/// The per-request flags the modules read.
pub(crate) struct Current {
    tokens_expired: bool,
    edit_conflict: AtomicBool,
}

impl Faults {
    /// Adds a rule (after those already set).
    pub fn add(&self, rule: impl Into<FaultRule>) {
        let mut rules = self.lock_rules();
        rules.push(rule.into());
        self.active.store(true, Ordering::Release);
    }

    /// The rules set now, with what is left of their `times`.
    pub fn rules(&self) -> Vec<FaultRule> {
        self.lock_rules().clone()
    }

    /// Drops every rule and the hook.
    pub fn clear(&self) {
        self.lock_rules().clear();
        *self.hook.write().unwrap_or_else(|p| p.into_inner()) = None;
        self.active.store(false, Ordering::Release);
    }

    /// Sets the hook called first for every api.php request: the fault it returns is injected
    /// (when the request admits it, as for rules), after which the rules run.
    pub fn set_hook(&self, hook: impl Fn(&FaultRequest) -> Option<Fault> + Send + Sync + 'static) {
        *self.hook.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(hook));
        self.active.store(true, Ordering::Release);
    }

    /// Drops the hook.
    pub fn clear_hook(&self) {
        *self.hook.write().unwrap_or_else(|p| p.into_inner()) = None;
        self.active.store(!self.lock_rules().is_empty(), Ordering::Release);
    }

    /// Whether a rule or a hook is set.
    pub fn is_active(&self) -> bool {
        self.active.load(Ordering::Acquire)
    }

    /// Whether a hook is set.
    pub fn has_hook(&self) -> bool {
        self.lock_hook().is_some()
    }

    /// The key the HTTP switch asks for (`Authorization: Bearer KEY`): random unless set.
    pub fn admin_key(&self) -> String {
        self.admin_key.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Sets the HTTP switch's key.
    pub fn set_admin_key(&self, key: &str) {
        *self.admin_key.write().unwrap_or_else(|p| p.into_inner()) = key.to_string();
    }

    /// Whether every token is refused (`badtoken`) in the request being answered.
    pub fn tokens_expired(&self) -> bool {
        CURRENT.try_with(|c| c.tokens_expired).unwrap_or(false)
    }

    /// Whether the edit being answered must report an edit conflict; consumes it (true once per
    /// injected fault). The edit module calls it once it knows the page exists.
    pub fn take_edit_conflict(&self) -> bool {
        CURRENT.try_with(|c| c.edit_conflict.swap(false, Ordering::AcqRel)).unwrap_or(false)
    }

    /// Decides the faults of one request: the hook's, then each rule that admits it (a counted rule
    /// is used up by the requests it applied to). Only the first answering fault answers.
    pub(crate) fn decide(&self, req: &FaultRequest) -> Decision {
        let mut d = Decision::default();
        if !self.active.load(Ordering::Acquire) {
            return d;
        }
        let hook = self.lock_hook().clone();
        if let Some(fault) = hook.and_then(|h| h(req)).filter(|f| req.admits(f)) {
            d.take(fault);
        }
        let mut rules = self.lock_rules();
        for rule in rules.iter_mut() {
            if (d.answer.is_some() && Decision::answers(&rule.fault)) || !req.admits_rule(rule) {
                continue;
            }
            if let Some(n) = &mut rule.times {
                *n = n.saturating_sub(1);
            }
            d.take(rule.fault.clone());
        }
        rules.retain(|r| r.times != Some(0));
        if rules.is_empty() && self.lock_hook().is_none() {
            self.active.store(false, Ordering::Release);
        }
        d
    }

    fn lock_rules(&self) -> std::sync::MutexGuard<'_, Vec<FaultRule>> {
        self.rules.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_hook(&self) -> std::sync::RwLockReadGuard<'_, Option<Hook>> {
        self.hook.read().unwrap_or_else(|p| p.into_inner())
    }
}

impl Current {
    pub(crate) fn new(d: &Decision) -> Current {
        Current { tokens_expired: d.tokens_expired, edit_conflict: AtomicBool::new(d.edit_conflict) }
    }

    /// Runs `fut` with these flags visible to [`Faults::tokens_expired`] and
    /// [`Faults::take_edit_conflict`].
    pub(crate) async fn scope<F: std::future::Future>(self, fut: F) -> F::Output {
        CURRENT.scope(self, fut).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_edit_conflict_is_taken_once_and_only_inside_its_request() {
        let faults = Faults::default();
        assert!(!faults.take_edit_conflict(), "outside any request");
        let d = Decision { edit_conflict: true, tokens_expired: true, ..Decision::default() };
        Current::new(&d)
            .scope(async {
                assert!(faults.tokens_expired());
                assert!(faults.take_edit_conflict());
                assert!(!faults.take_edit_conflict(), "consumed");
            })
            .await;
        assert!(!faults.tokens_expired());
    }
}
