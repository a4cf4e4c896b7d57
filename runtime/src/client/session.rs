//! Who the session's caller is and what the session holds: [`Client::user_info`] (typed
//! `meta=userinfo`), the rights validation follows ([`SessionRights`]), and the token cache
//! ([`Client::token`], [`Client::tokens`], typed by [`TokenType`]).

use super::{lock, text, Client, ClientError, RateLimits};
use crate::value::{Secret, StrEnum};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Who the session's caller is, as `meta=userinfo&uiprop=rights|groups|ratelimits` says: what the
/// client validates with after a login (or [`Client::refresh_rights`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRights {
    /// The user name (an IP address for an anonymous caller).
    pub name: String,
    /// Whether the caller is logged in (`anon` is absent).
    pub logged_in: bool,
    /// The caller's rights: `apihighlimits` raises the limits the client checks.
    pub rights: Arc<[String]>,
    /// The caller's groups.
    pub groups: Vec<String>,
    /// The caller's rate limits (`uiprop=ratelimits`), which writes are paced by
    /// ([`Client::rate_interval`]).
    pub ratelimits: RateLimits,
}

/// The answer every bot reads first: `meta=userinfo` with the rights, groups, rate limits, block,
/// new messages and edit count ([`Client::user_info`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInfo {
    /// The user's id (0 for an anonymous caller).
    pub id: i64,
    /// The user name (an IP address for an anonymous caller).
    pub name: String,
    /// Whether the caller is logged in.
    pub logged_in: bool,
    /// The caller's groups, implicit ones (`*`, `user`, `autoconfirmed`) included.
    pub groups: Vec<String>,
    /// The caller's rights.
    pub rights: Vec<String>,
    /// The caller's rate limits, by action and bucket; empty with `noratelimit`.
    pub ratelimits: RateLimits,
    /// The block that applies to the caller, if one does.
    pub block: Option<BlockInfo>,
    /// Whether the user has new messages on their talk page (`messages`).
    pub has_messages: bool,
    /// The user's edit count (`None` for an anonymous caller).
    pub edit_count: Option<u64>,
}

impl UserInfo {
    /// What validation follows of it.
    pub fn session_rights(&self) -> SessionRights {
        SessionRights {
            name: self.name.clone(),
            logged_in: self.logged_in,
            rights: self.rights.clone().into(),
            groups: self.groups.clone(),
            ratelimits: self.ratelimits.clone(),
        }
    }
}

/// A block on the caller, as `uiprop=blockinfo` gives it (`ApiBlockInfoTrait`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockInfo {
    /// The block's id (`blockid`).
    pub id: i64,
    /// Who blocked (`blockedby`).
    pub by: String,
    /// Why (`blockreason`).
    pub reason: String,
    /// When it ends: a timestamp, or `infinite` (`blockexpiry`).
    pub expiry: String,
    /// Whether it is partial, for some pages or namespaces only (`blockpartial`).
    pub partial: bool,
}

/// `query.userinfo` as the wiki sends it (formatversion 2).
#[derive(Deserialize)]
struct RawUserInfo {
    #[serde(default)]
    id: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    anon: bool,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    rights: Vec<String>,
    #[serde(default)]
    ratelimits: Value,
    #[serde(default)]
    messages: bool,
    editcount: Option<u64>,
    blockid: Option<i64>,
    #[serde(default)]
    blockedby: String,
    #[serde(default)]
    blockreason: String,
    #[serde(default)]
    blockexpiry: String,
    #[serde(default)]
    blockpartial: bool,
}

/// A token type: the generated `TokensType` (any of the spec's enums), or its wire name (`"csrf"`).
pub trait TokenType {
    /// The type as `meta=tokens&type=` spells it.
    fn token_type(&self) -> &str;
}

impl<T: StrEnum> TokenType for T {
    fn token_type(&self) -> &str {
        StrEnum::as_str(*self)
    }
}

impl TokenType for &str {
    fn token_type(&self) -> &str {
        self
    }
}

impl TokenType for String {
    fn token_type(&self) -> &str {
        self
    }
}

impl Client {
    /// What the client knows of the session's caller: learned at each login, or by
    /// [`refresh_rights`](Self::refresh_rights); `None` before, and after a logout.
    pub fn session_rights(&self) -> Option<SessionRights> {
        self.lock_session().clone()
    }

    /// Asks the wiki who the session's caller is ([`user_info`](Self::user_info)) and validates
    /// from then on with their rights and limits, and paces writes by their rate limits. The
    /// client does this itself after a login; call it to validate as an anonymous caller would
    /// be refused (a module that needs a right), or after the session changed elsewhere.
    pub async fn refresh_rights(&self) -> Result<SessionRights, ClientError> {
        Ok(self.user_info().await?.session_rights())
    }

    /// `meta=userinfo&uiprop=rights|groups|ratelimits|blockinfo|hasmsg|editcount`, typed; what it
    /// says of rights and limits is what the client validates and paces with from then on.
    pub async fn user_info(&self) -> Result<UserInfo, ClientError> {
        let uiprop = "rights|groups|ratelimits|blockinfo|hasmsg|editcount";
        let r = self.query(&[("meta", "userinfo"), ("uiprop", uiprop)]).await?;
        let info = r.body.pointer("/query/userinfo").ok_or_else(|| {
            ClientError::Unexpected(format!("no query.userinfo in {}", text::json_excerpt(&r.body)))
        })?;
        let misfit = |what: &str, e: serde_json::Error, v: &Value| {
            ClientError::Unexpected(format!("query.userinfo{what}: {e} in {}", text::json_excerpt(v)))
        };
        let raw = RawUserInfo::deserialize(info).map_err(|e| misfit("", e, info))?;
        let ratelimits = match &raw.ratelimits {
            // MediaWiki gives `{}` for none (the result is marked assoc); an empty list is the same
            // empty PHP array without the mark.
            Value::Null => RateLimits::new(),
            Value::Array(a) if a.is_empty() => RateLimits::new(),
            v => RateLimits::deserialize(v).map_err(|e| misfit(".ratelimits", e, v))?,
        };
        let user = UserInfo {
            id: raw.id,
            name: raw.name,
            logged_in: !raw.anon,
            groups: raw.groups,
            rights: raw.rights,
            ratelimits,
            block: raw.blockid.map(|id| BlockInfo {
                id,
                by: raw.blockedby,
                reason: raw.blockreason,
                expiry: raw.blockexpiry,
                partial: raw.blockpartial,
            }),
            has_messages: raw.messages,
            edit_count: raw.editcount.filter(|_| !raw.anon),
        };
        *self.lock_session() = Some(user.session_rights());
        Ok(user)
    }

    /// The session changed: its tokens are void, and its caller is not known until asked.
    pub(super) fn session_changed(&self) {
        self.forget_tokens();
        *self.lock_session() = None;
    }

    pub(super) fn lock_session(&self) -> std::sync::MutexGuard<'_, Option<SessionRights>> {
        lock(&self.inner.session)
    }

    /// A token of `kind` (`TokensType::Csrf`, or `"csrf"`, `"login"`, `"patrol"`, …), from the
    /// cache or the wiki.
    pub async fn token(&self, kind: impl TokenType) -> Result<String, ClientError> {
        let mut got = self.tokens(&[kind.token_type()]).await?;
        got.pop().ok_or_else(|| ClientError::Unexpected("no token".into()))
    }

    /// Tokens of several types, in the order asked: those not cached come in one request
    /// (`meta=tokens&type=csrf|patrol|…`) and are cached.
    pub async fn tokens<K: TokenType>(&self, kinds: &[K]) -> Result<Vec<String>, ClientError> {
        let kinds: Vec<&str> = kinds.iter().map(TokenType::token_type).collect();
        let missing: Vec<&str> = {
            let cache = self.lock_tokens();
            let mut m: Vec<&str> = Vec::new();
            // Each type once, however often it was asked (`dedup` would drop only neighbours).
            for k in kinds.iter().copied().filter(|k| !cache.contains_key(*k)) {
                if !m.contains(&k) {
                    m.push(k);
                }
            }
            m
        };
        if !missing.is_empty() {
            // The tokens to log in with are asked for by a caller who is not logged in (any more).
            let logs_in = missing.iter().any(|k| matches!(*k, "login" | "createaccount"));
            let mut p = self.main_params_asserting("query", !logs_in);
            p.add("meta", "tokens");
            p.add("type", &missing.join("|"));
            let r = self.raw(&p, false).await?;
            let mut fetched = Vec::new();
            for kind in &missing {
                let key = format!("{kind}token");
                let token =
                    r.body.pointer(&format!("/query/tokens/{key}")).and_then(Value::as_str).ok_or_else(
                        || {
                            ClientError::Unexpected(format!(
                                "no query.tokens.{key} in {}",
                                text::json_excerpt(&r.body)
                            ))
                        },
                    )?;
                fetched.push((kind.to_string(), Secret::new(token)));
            }
            self.lock_tokens().extend(fetched);
        }
        let cache = self.lock_tokens();
        kinds
            .iter()
            .map(|k| {
                cache.get(*k).map(|t| t.as_str().to_string()).ok_or_else(|| {
                    ClientError::Unexpected(format!("the `{k}` token was dropped while it was fetched"))
                })
            })
            .collect()
    }

    /// Caches a token obtained elsewhere (or a stale one, to test recovery).
    pub fn set_token(&self, kind: impl TokenType, token: &str) {
        self.lock_tokens().insert(kind.token_type().to_string(), Secret::new(token));
    }

    /// Drops a cached token (the next request fetches a new one).
    pub fn forget_token(&self, kind: impl TokenType) {
        self.lock_tokens().remove(kind.token_type());
    }

    /// Drops every cached token: the session changed (login, logout).
    pub fn forget_tokens(&self) {
        self.lock_tokens().clear();
    }

    fn lock_tokens(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        lock(&self.inner.tokens)
    }
}
