//! Rate limits (`$wgRateLimits`): set with [`Wiki::set_rate_limit`], shown by
//! `meta=userinfo&uiprop=ratelimits`, and enforced as `User::pingLimiter` does, with
//! `ratelimited`, by the modules MediaWiki 1.39 limits.
//!
//! The categories a caller counts in are ApiQueryUserInfo::getRateLimits' (`anon` or `user`, then
//! the caller's explicit groups; the fake has no newbies, so never `ip`, `subnet` or `newbie` for
//! a logged-in caller). A caller with `noratelimit` has none. The window slides: an action is
//! refused when `hits` of the same category's key (the user, or the address) began less than
//! `seconds` ago. Time is tokio's clock, so a test in paused time sees the limits in virtual time.

use crate::Wiki;
use mwgen_runtime::server::Context;
use mwgen_runtime::ApiError;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::Duration;
use tokio::time::Instant;

/// One `$wgRateLimits` entry, as `--rate-limit ACTION:CATEGORY=HITS/SECONDS` gives it
/// (`edit:user=8/60`: 8 edits in 60 s for a logged-in user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitRule {
    /// The limited action (`edit`, `move`, `rollback`, `editcontentmodel`).
    pub action: String,
    /// Whom it limits: `user`, `anon`, or a group's name.
    pub category: String,
    /// How many times …
    pub hits: u64,
    /// … in how many seconds.
    pub seconds: u64,
}

impl std::str::FromStr for RateLimitRule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = |why: &str| {
            format!("invalid rate limit `{s}`: {why} (expected ACTION:CATEGORY=HITS/SECONDS, e.g. edit:user=8/60)")
        };
        let (who, limit) = s.split_once('=').ok_or_else(|| bad("no `=`"))?;
        let (action, category) =
            who.split_once(':').ok_or_else(|| bad("no `:` between action and category"))?;
        let (hits, seconds) = limit.split_once('/').ok_or_else(|| bad("no `/` between hits and seconds"))?;
        let number =
            |n: &str, what: &str| n.trim().parse::<u64>().map_err(|e| bad(&format!("{what} `{n}`: {e}")));
        let (action, category) = (action.trim(), category.trim());
        if action.is_empty() || category.is_empty() {
            return Err(bad("an empty action or category"));
        }
        Ok(RateLimitRule {
            action: action.to_string(),
            category: category.to_string(),
            hits: number(hits, "hits")?,
            seconds: number(seconds, "seconds")?,
        })
    }
}

/// The limits and the hits counted against them.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    /// Action, category → (hits, seconds).
    limits: BTreeMap<String, BTreeMap<String, (u64, u64)>>,
    /// (action, category, who) → when the hits still in the window began.
    hits: HashMap<(String, String, String), VecDeque<Instant>>,
}

impl Wiki {
    /// Sets `$wgRateLimits[action][category] = [hits, seconds]`: a caller in `category` (`user`,
    /// `anon`, or a group's name such as `bot`) may do `action` (`edit`, `move`, …) at most `hits`
    /// times in `seconds`. `hits = 0` removes the limit.
    pub fn set_rate_limit(&self, action: &str, category: &str, hits: u64, seconds: u64) {
        let mut l = self.limiter();
        let by = l.limits.entry(action.to_string()).or_default();
        if hits == 0 {
            by.remove(category);
        } else {
            by.insert(category.to_string(), (hits, seconds));
        }
    }

    fn limiter(&self) -> std::sync::MutexGuard<'_, Limiter> {
        self.0.limiter.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The categories the caller's limits are counted in, and who counts (the user's name, or the
    /// address); none for a caller with `noratelimit`.
    fn categories(&self, cx: &Context) -> Vec<(String, String)> {
        if self.has_right(cx, "noratelimit") {
            return Vec::new();
        }
        let caller = crate::accounts::Caller::of(self, cx);
        let logged_in = cx.user.is_some() && caller.id != 0;
        let mut out = vec![(if logged_in { "user" } else { "anon" }.to_string(), caller.name.clone())];
        for g in self.groups(cx) {
            if !matches!(g.as_str(), "*" | "user" | "autoconfirmed") {
                out.push((g, caller.name.clone()));
            }
        }
        out
    }

    /// `uiprop=ratelimits`: the limits of the caller's categories, by action.
    pub(crate) fn rate_limits_json(&self, cx: &Context) -> Value {
        // Who the caller is costs lookups: none when no limit is set (the default).
        if self.limiter().limits.is_empty() {
            return Value::Object(Map::new());
        }
        let cats = self.categories(cx);
        let l = self.limiter();
        let mut o = Map::new();
        for (action, by) in &l.limits {
            let mut a = Map::new();
            for (cat, _) in &cats {
                if let Some((hits, seconds)) = by.get(cat) {
                    a.insert(cat.clone(), json!({ "hits": hits, "seconds": seconds }));
                }
            }
            if !a.is_empty() {
                o.insert(action.clone(), Value::Object(a));
            }
        }
        Value::Object(o)
    }

    /// Counts one `action` of the caller, or refuses it with `ratelimited` (the hit not counted)
    /// when one of the caller's categories is at its limit.
    pub(crate) fn ping_limiter(
        &self,
        cx: &Context,
        action: &str,
        module: &'static str,
    ) -> Result<(), ApiError> {
        // Who the caller is costs lookups: none for an action without limits (the default).
        if self.limiter().limits.get(action).is_none_or(BTreeMap::is_empty) {
            return Ok(());
        }
        let cats = self.categories(cx);
        let now = Instant::now();
        let mut l = self.limiter();
        let Limiter { limits, hits: counted } = &mut *l;
        let Some(by) = limits.get(action) else { return Ok(()) };
        let mut keys = Vec::new();
        for (cat, who) in cats {
            let Some(&(hits, seconds)) = by.get(&cat) else { continue };
            let key = (action.to_string(), cat, who);
            let q = counted.entry(key.clone()).or_default();
            let window = Duration::from_secs(seconds);
            while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
                q.pop_front();
            }
            if q.len() as u64 >= hits {
                let text = "You've exceeded your rate limit. Please wait some time and try again.";
                return Err(ApiError::new("ratelimited", text).module(module));
            }
            keys.push(key);
        }
        for key in keys {
            counted.entry(key).or_default().push_back(now);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Wiki;

    #[test]
    fn rules_as_the_command_line_gives_them() {
        let r: super::RateLimitRule = "edit:user=8/60".parse().expect("a rule");
        assert_eq!((r.action.as_str(), r.category.as_str(), r.hits, r.seconds), ("edit", "user", 8, 60));
        for bad in ["edit=8/60", "edit:user", "edit:user=8", "edit:user=x/60", ":user=1/1"] {
            let e = bad.parse::<super::RateLimitRule>().expect_err(bad);
            assert!(e.contains(bad), "{e}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_sliding_window_per_caller() {
        let w = Wiki::new("http://127.0.0.1/api.php").expect("wiki");
        w.set_rate_limit("edit", "anon", 2, 10);
        let cx = mwgen_runtime::server::Context {
            method: axum::http::Method::POST,
            headers: Default::default(),
            posted: true,
            query_len: 0,
            user: None,
            extras: Default::default(),
        };
        assert!(w.ping_limiter(&cx, "edit", "edit").is_ok());
        assert!(w.ping_limiter(&cx, "edit", "edit").is_ok());
        let e = w.ping_limiter(&cx, "edit", "edit").expect_err("third within 10 s");
        assert_eq!(e.code, "ratelimited");
        assert!(w.ping_limiter(&cx, "move", "move").is_ok(), "another action is not limited");
        tokio::time::advance(std::time::Duration::from_secs(10)).await;
        assert!(w.ping_limiter(&cx, "edit", "edit").is_ok(), "the first hit left the window");
        assert_eq!(w.rate_limits_json(&cx)["edit"]["anon"]["hits"], 2);
        w.set_rate_limit("edit", "anon", 0, 0);
        assert_eq!(w.rate_limits_json(&cx), serde_json::json!({}));
    }
}
