//! Pacing writes: at least [`ClientBuilder::write_interval`] between the starts of two writes, and
//! for a module the wiki rate-limits, the caller's own limit
//! (`meta=userinfo&uiprop=ratelimits`) spread evenly, so that the wiki never has to say
//! `ratelimited`.

use super::Client;
#[cfg(doc)]
use super::ClientBuilder;
use crate::spec::ModuleSpec;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;
use tokio::time::Instant;

/// One of the caller's rate limits, as `uiprop=ratelimits` gives it: at most `hits` actions in
/// `seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
pub struct RateLimit {
    /// How many actions.
    pub hits: u64,
    /// In how many seconds.
    pub seconds: u64,
}

impl RateLimit {
    /// The interval that keeps a steady caller within the limit: `seconds / hits`.
    pub fn interval(self) -> Duration {
        match self.hits {
            0 => Duration::from_secs(self.seconds),
            hits => Duration::from_secs(self.seconds) / u32::try_from(hits).unwrap_or(u32::MAX),
        }
    }
}

/// The caller's rate limits: the limited action (`edit`, `move`, `upload`), then the bucket the
/// limit counts in (`user`, `ip`, `newbie`, or a group's name), as `uiprop=ratelimits` gives
/// them. Empty for a caller with `noratelimit` (a sysop, a bot) and on a wiki that sets none.
pub type RateLimits = BTreeMap<String, BTreeMap<String, RateLimit>>;

/// The rate-limited actions (`$wgRateLimits`' keys) that a module's request counts against, as
/// MediaWiki 1.39's modules ping the limiter (`User::pingLimiter`): a rollback counts as a rollback
/// and as an edit. Empty for a module that is not limited.
pub fn limited_actions(module: &str) -> &'static [&'static str] {
    match module {
        "edit" => &["edit"],
        "move" => &["move"],
        "upload" => &["upload"],
        "rollback" => &["rollback", "edit"],
        "purge" => &["purge"],
        "emailuser" => &["emailuser"],
        "changecontentmodel" => &["editcontentmodel"],
        "tag" => &["changetag"],
        "stashedit" => &["stashedit"],
        "resetpassword" => &["mailpassword"],
        _ => &[],
    }
}

/// When writes last began: any write, and each rate-limited action.
#[derive(Debug, Default)]
pub(super) struct Pacing {
    last_write: Option<Instant>,
    by_action: HashMap<&'static str, Instant>,
}

impl Client {
    /// The least time between two requests of `module`, from the caller's rate limits: the
    /// longest `seconds / hits` over the actions it counts against and the buckets they count in
    /// (`None` when unlimited).
    pub fn rate_interval(&self, module: &str) -> Option<Duration> {
        self.action_intervals(module).into_iter().map(|(_, every)| every).max()
    }

    /// Each limited action `module` counts against, with the least time between two of them: the
    /// longest `seconds / hits` over the buckets the caller's limits name for it.
    fn action_intervals(&self, module: &str) -> Vec<(&'static str, Duration)> {
        let session = self.lock_session();
        let Some(limits) = session.as_ref().map(|s| &s.ratelimits) else { return Vec::new() };
        limited_actions(module)
            .iter()
            .filter_map(|a| Some((*a, limits.get(*a)?.values().map(|l| l.interval()).max()?)))
            .collect()
    }

    /// Waits until [`ClientBuilder::write_interval`] has passed since the last write began, and
    /// each rate-limited action's interval since the last request that counted against it; then
    /// marks this one's start.
    pub(super) async fn pace_write(&self, spec: &ModuleSpec) {
        let interval = self.inner.config.write_interval;
        let limited = self.action_intervals(spec.name);
        if interval.is_zero() && limited.is_empty() {
            return;
        }
        let mut pacing = self.inner.pacing.lock().await;
        let mut at = pacing.last_write.map(|t| t + interval);
        for (action, every) in &limited {
            if let Some(last) = pacing.by_action.get(action) {
                let due = *last + *every;
                at = Some(at.map_or(due, |a| a.max(due)));
                tracing::debug!(module = spec.name, action, "paced by the rate limit: {every:?} apart");
            }
        }
        if let Some(at) = at {
            tokio::time::sleep_until(at).await;
        }
        let now = Instant::now();
        pacing.last_write = Some(now);
        for (action, _) in limited {
            pacing.by_action.insert(action, now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_spread_evenly() {
        assert_eq!(RateLimit { hits: 8, seconds: 60 }.interval(), Duration::from_millis(7500));
        assert_eq!(RateLimit { hits: 0, seconds: 60 }.interval(), Duration::from_secs(60));
        assert_eq!(RateLimit { hits: u64::MAX, seconds: 1 }.interval(), Duration::from_secs(1) / u32::MAX);
        assert_eq!(limited_actions("changecontentmodel"), ["editcontentmodel"]);
        assert_eq!(limited_actions("rollback"), ["rollback", "edit"]);
        assert!(limited_actions("query").is_empty());
    }
}
