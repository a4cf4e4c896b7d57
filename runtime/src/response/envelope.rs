//! [`Envelope`]: the keys the main module puts around a module's part.

use super::message::{BcError, Message, Warnings};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A flag that MediaWiki writes as `true` (formatversion=2) or `""` (formatversion=1), such as
/// `batchcomplete`. Written back as it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// `true`.
    True,
    /// `""`.
    Empty,
}

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Flag::True => s.serialize_bool(true),
            Flag::Empty => s.serialize_str(""),
        }
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Bool(true) => Ok(Flag::True),
            Value::String(s) if s.is_empty() => Ok(Flag::Empty),
            other => Err(serde::de::Error::custom(format!("a flag is `true` or `\"\"`, not {other}"))),
        }
    }
}

/// One answer of api.php: what the main module writes (errors, warnings, continuation, …)
/// around the module's part `T`, which holds every other key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// The error, in errorformat=bc (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<BcError>,
    /// The errors, in every other errorformat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<Message>>,
    /// The warnings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warnings: Option<Warnings>,
    /// Where the API's help is, beside `errors` (formatversion=2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docref: Option<String>,
    /// Where the API's help is, beside `errors` (formatversion=1).
    #[serde(rename = "*", default, skip_serializing_if = "Option::is_none")]
    pub star: Option<String>,
    /// Every module of the query finished its batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batchcomplete: Option<Flag>,
    /// What to send again for the next batch.
    #[serde(rename = "continue", default, skip_serializing_if = "Option::is_none")]
    pub continuation: Option<Map<String, Value>>,
    /// The continuation of `rawcontinue`: per module, what to send again.
    #[serde(rename = "query-continue", default, skip_serializing_if = "Option::is_none")]
    pub query_continue: Option<Map<String, Value>>,
    /// `requestid`, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requestid: Option<Value>,
    /// `curtimestamp`: when the answer was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curtimestamp: Option<String>,
    /// `responselanginfo`: the language of texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uselang: Option<String>,
    /// `responselanginfo`: the language of errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errorlang: Option<String>,
    /// The limits that `max` stood for, per module.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Map<String, Value>>,
    /// `servedby`: the host that answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servedby: Option<String>,
    /// The module's part: every other key.
    #[serde(flatten)]
    pub body: T,
}

impl<T> Envelope<T> {
    /// The error's code, in whichever errorformat it came (the first one of a list).
    pub fn error_code(&self) -> Option<&str> {
        match (&self.error, &self.errors) {
            (Some(e), _) => Some(&e.code),
            (None, Some(list)) => list.first().map(|m| m.code.as_str()),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{BcWarning, Warnings};

    #[test]
    fn reads_both_formatversions_and_writes_each_back() {
        let fv1 = r#"{"warnings":{"main":{"*":"a\nb"}},"batchcomplete":"","query":{"pages":{}}}"#;
        let env: Envelope<Map<String, Value>> = serde_json::from_str(fv1).expect("fv1");
        assert_eq!(env.batchcomplete, Some(Flag::Empty));
        let bc = BcWarning { module: "main".into(), text: "a\nb".into(), star: true };
        assert_eq!(env.warnings, Some(Warnings::Bc(vec![bc])));
        assert_eq!(env.warnings.as_ref().map(Warnings::texts), Some(vec![("main", "a"), ("main", "b")]));
        assert_eq!(serde_json::to_string(&env).expect("written"), fv1);
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let e = serde_json::from_str::<Envelope<Map<String, Value>>>(r#"{"batchcomplete":1}"#);
        assert!(e.expect_err("a number").to_string().contains("a flag is `true` or `\"\"`, not 1"));
        let e = serde_json::from_str::<Envelope<Map<String, Value>>>(r#"{"warnings":{"main":{}}}"#);
        assert!(e.expect_err("no text").to_string().contains("the warnings of `main` hold neither"));
        let e = serde_json::from_str::<Envelope<Map<String, Value>>>(r#"{"errors":[{"text":"t"}]}"#);
        assert!(e.expect_err("no code").to_string().contains("missing field `code`"));
    }
}
