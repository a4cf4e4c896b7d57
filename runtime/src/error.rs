//! MediaWiki's errors and warnings, as both the client receives them and the server produces them,
//! and [`number`], which formats the numbers in their texts. A leaf: it imports nothing of the crate.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// An API error: MediaWiki's `code` (`badvalue`, `missingparam`, …), its English text, the module path
/// that raised it and its machine-readable `data`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    /// MediaWiki's error code (`badvalue`, `missingparam`, …).
    pub code: Cow<'static, str>,
    /// The text for people (the `text` of an error, or bc's `info`).
    pub text: String,
    /// The path of the module that raised it (`query+allpages`; `main` when unknown).
    pub module: Cow<'static, str>,
    /// The wire name of the parameter at fault, when there is one (not part of MediaWiki's answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// Machine-readable details (`{"limit":50,…}` for `toomanyvalues`); boxed, since most errors have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Box<serde_json::Value>>,
}

impl ApiError {
    /// An error with `code` and `text`, raised by `main`; the other methods set the rest.
    pub fn new(code: impl Into<Cow<'static, str>>, text: impl Into<String>) -> Self {
        ApiError {
            code: code.into(),
            text: text.into(),
            module: Cow::Borrowed("main"),
            param: None,
            data: None,
        }
    }

    /// Sets the path of the module that raised the error.
    pub fn module(mut self, module: impl Into<Cow<'static, str>>) -> Self {
        self.module = module.into();
        self
    }

    /// Sets the wire name of the parameter at fault.
    pub fn param(mut self, wire_name: impl Into<String>) -> Self {
        self.param = Some(wire_name.into());
        self
    }

    /// Sets the machine-readable details.
    pub fn data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(Box::new(data));
        self
    }
}

/// The error codes a caller acts on; everything else is [`ErrorKind::Other`] (the code is kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The token was wrong or expired: fetch a new one (the client does, once).
    BadToken,
    /// The database is lagging: wait (`Retry-After`) and retry.
    Maxlag,
    /// The wiki is read-only: wait and retry.
    ReadOnly,
    /// Too many actions too fast.
    RateLimited,
    /// `assert=user` failed: the session was lost.
    AssertUserFailed,
    /// `assert=bot` failed: the account lacks the bot right.
    AssertBotFailed,
    /// The module refuses anonymous callers (`notloggedin`): log in.
    NotLoggedIn,
    /// A required parameter is missing (`missingparam`).
    MissingParam,
    /// A value is not one the parameter takes (`badvalue`).
    BadValue,
    /// A multi-valued parameter got more values than its limit (`toomanyvalues`).
    TooManyValues,
    /// Not allowed (`permissiondenied` and the specific refusals: `protectedpage`, `blocked`, …).
    PermissionDenied,
    /// Any other code: read the error's `code`.
    Other,
}

impl ApiError {
    /// What kind of error this is, by its code.
    pub fn kind(&self) -> ErrorKind {
        match self.code.as_ref() {
            "badtoken" => ErrorKind::BadToken,
            "maxlag" => ErrorKind::Maxlag,
            "readonly" => ErrorKind::ReadOnly,
            "ratelimited" => ErrorKind::RateLimited,
            "assertuserfailed" | "assertnameduserfailed" => ErrorKind::AssertUserFailed,
            "assertbotfailed" => ErrorKind::AssertBotFailed,
            "notloggedin" => ErrorKind::NotLoggedIn,
            "missingparam" => ErrorKind::MissingParam,
            "badvalue" => ErrorKind::BadValue,
            "toomanyvalues" => ErrorKind::TooManyValues,
            "permissiondenied" | "protectedpage" | "cascadeprotected" | "blocked" | "autoblocked"
            | "readapidenied" | "writeapidenied" | "noapiwrite" | "cantcreate" | "cantcreate-anon" => {
                ErrorKind::PermissionDenied
            }
            _ => ErrorKind::Other,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.module, self.text)
    }
}

impl std::error::Error for ApiError {}

/// An API warning: like an error, but the request went on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// MediaWiki's warning code (`outofrange`, `deprecation`, …); `warning` for bc warnings, which
    /// have none.
    pub code: Cow<'static, str>,
    /// The text for people.
    pub text: String,
    /// The path of the module that gave it.
    pub module: Cow<'static, str>,
    /// Machine-readable details (`{"values":[…]}` for `unrecognizedvalues`), when there are any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.module, self.text)
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
}
