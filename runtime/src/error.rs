//! MediaWiki's errors and warnings, as both the client receives them and the server produces them.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// An API error: MediaWiki's `code` (`badvalue`, `missingparam`, …), its English text, the module path
/// that raised it and its machine-readable `data`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: Cow<'static, str>,
    pub text: String,
    pub module: Cow<'static, str>,
    /// The wire name of the parameter at fault, when there is one (not part of MediaWiki's answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// Machine-readable details (`{"limit":50,…}` for `toomanyvalues`); boxed, since most errors have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Box<serde_json::Value>>,
}

impl ApiError {
    pub fn new(code: impl Into<Cow<'static, str>>, text: impl Into<String>) -> Self {
        ApiError {
            code: code.into(),
            text: text.into(),
            module: Cow::Borrowed("main"),
            param: None,
            data: None,
        }
    }

    pub fn module(mut self, module: impl Into<Cow<'static, str>>) -> Self {
        self.module = module.into();
        self
    }

    pub fn param(mut self, wire_name: impl Into<String>) -> Self {
        self.param = Some(wire_name.into());
        self
    }

    pub fn data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(Box::new(data));
        self
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
    pub code: Cow<'static, str>,
    pub text: String,
    pub module: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.module, self.text)
    }
}
