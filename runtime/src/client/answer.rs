//! Typed answers: a success read straight from the wiki's text into the generated response type.

use super::response::parse_answer;
use super::text::redacted;
use super::ClientError;
use crate::error::Warning;
use crate::params::is_secret_name;
use crate::response::{strict, Envelope, Part, Warnings};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

/// A successful answer, typed: the module's part ([`body`](Self::body)), the warnings, and the rest
/// of the [`Envelope`] (continuation, `batchcomplete`, `curtimestamp`, …), with the JSON text the
/// wiki sent still reachable ([`text`](Self::text), or [`json`](Self::json), parsed on first use).
///
/// `Debug` shows the answer's JSON with the values of secret-looking members (`csrftoken`,
/// `token`) as `"<redacted>"`; `body` itself holds them.
pub struct Answer<T> {
    /// The module's part: `EditResponse` for `action=edit` (the answer's `edit` object), or
    /// `QueryResponse` for `action=query` (its `query` object and the lists at the root).
    pub body: T,
    /// The warnings that came with it, in the wiki's order, whatever the `errorformat`.
    pub warnings: Vec<Warning>,
    envelope: Envelope<T>,
    text: String,
    json: OnceLock<Value>,
}

impl<T> Answer<T> {
    /// The keys the main module wrote around the part: `continuation`, `batchcomplete`, the
    /// warnings as they came (`Warnings`), `curtimestamp`, `requestid`, unknown root keys in
    /// `extra`… Its `body` is `None`: the part is [`Answer::body`] (see [`into_envelope`](Self::into_envelope)).
    pub fn envelope(&self) -> &Envelope<T> {
        &self.envelope
    }

    /// The whole envelope, the part back at its place.
    pub fn into_envelope(self) -> Envelope<T> {
        Envelope { body: Some(self.body), ..self.envelope }
    }

    /// The module's part, without the rest.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The JSON text as the wiki sent it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The answer as JSON, for what the type does not say; parsed from [`text`](Self::text) the
    /// first time it is asked for.
    pub fn json(&self) -> &Value {
        self.json.get_or_init(|| serde_json::from_str(&self.text).unwrap_or(Value::Null))
    }

    /// `batchcomplete`: every prop module has given all it has for this batch of pages.
    pub fn batch_complete(&self) -> bool {
        self.envelope.batchcomplete.is_some()
    }

    /// The `continue` values to send with the next request, if there is more.
    pub fn continuation(&self) -> Option<Vec<(String, String)>> {
        self.envelope.continuation.as_ref().map(super::response::continue_values)
    }
}

impl<T: Clone> Clone for Answer<T> {
    fn clone(&self) -> Self {
        Answer {
            body: self.body.clone(),
            warnings: self.warnings.clone(),
            envelope: self.envelope.clone(),
            text: self.text.clone(),
            json: self.json.clone(),
        }
    }
}

impl<T> fmt::Debug for Answer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answer")
            .field("type", &std::any::type_name::<T>())
            .field("json", &redacted(self.json()))
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// What [`Client::fetch`](super::Client) read: the answer before it is parsed.
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) header_error: Option<String>,
    pub(super) retry_after: Option<u64>,
    pub(super) text: String,
}

/// Reads a reply as `Envelope<T>` (inside [`strict`] when `strict_mode`): one pass over the text
/// for a success that fits. An error answer, a failed status or a text that is not JSON give the
/// same errors as [`parse_answer`]; a success that does not fit is [`ClientError::Misfit`], with
/// the path where it stopped.
pub(super) fn parse_typed<T: Part + DeserializeOwned>(
    url: &str,
    module: &str,
    reply: Reply,
    strict_mode: bool,
) -> Result<Answer<T>, ClientError> {
    let read = |text: &str| {
        let go = || serde_json::from_str::<Envelope<T>>(text);
        if strict_mode {
            strict(go)
        } else {
            go()
        }
    };
    let clean = (200..300).contains(&reply.status) && reply.header_error.is_none();
    let fitted = if clean { read(&reply.text).ok() } else { None };
    let mut envelope = match fitted {
        Some(env) if env.error.is_none() && env.errors.is_none() => env,
        _ => {
            // An error, a failed status or no JSON: the untyped reading says which. What it takes
            // for a success does not fit the type.
            parse_answer(url, reply.status, &reply.text, reply.header_error.as_deref(), reply.retry_after)?;
            return Err(misfit::<T>(module, &reply.text, strict_mode));
        }
    };
    let Some(body) = envelope.body.take() else {
        return Err(ClientError::Misfit {
            module: module.to_string(),
            type_name: T::NAME,
            path: T::AT.to_string(),
            message: format!("the answer has no `{}`", T::AT),
        });
    };
    let warnings = envelope.warnings.as_ref().map(flat_warnings).unwrap_or_default();
    Ok(Answer { body, warnings, envelope, text: reply.text, json: OnceLock::new() })
}

/// Reads `text` again, tracking the path, to say where `Envelope<T>` stopped fitting.
fn misfit<T: Part + DeserializeOwned>(module: &str, text: &str, strict_mode: bool) -> ClientError {
    let go = || {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, Envelope<T>>(&mut de).err()
    };
    let (path, message) = match if strict_mode { strict(go) } else { go() } {
        Some(e) => (e.path().to_string(), e.into_inner().to_string()),
        None => (".".to_string(), "it fits when read again".to_string()),
    };
    misfit_error(module, T::NAME, path, message)
}

/// A [`ClientError::Misfit`], without quoting a value whose path names a secret.
pub(super) fn misfit_error(
    module: &str,
    type_name: &'static str,
    path: String,
    message: String,
) -> ClientError {
    let secret = path.split(['.', '[', ']']).any(is_secret_name);
    let message = if secret {
        "the value does not fit (not shown: its name says it is secret)".to_string()
    } else {
        message
    };
    ClientError::Misfit { module: module.to_string(), type_name, path, message }
}

/// The typed warnings as the client's [`Warning`] list: a bc module's text line by line.
fn flat_warnings(w: &Warnings) -> Vec<Warning> {
    match w {
        Warnings::List(list) => list
            .iter()
            .map(|m| Warning {
                code: Cow::Owned(m.code.clone()),
                text: m.text().to_string(),
                module: Cow::Owned(m.module.clone()),
                data: m.data.clone(),
            })
            .collect(),
        Warnings::Bc(modules) => modules
            .iter()
            .flat_map(|m| {
                m.text.lines().map(|line| Warning {
                    code: Cow::Borrowed("warning"),
                    text: line.to_string(),
                    module: Cow::Owned(m.module.clone()),
                    data: None,
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{keep, opt, put, put_extra, req, Extra, Object, Slot};
    use serde::de::MapAccess;
    use serde::ser::SerializeMap;

    /// A stand-in for a generated part: `{"edit": {"result": …, "newrevid": …}}`.
    #[derive(Debug, Clone, Default, PartialEq)]
    struct EditPart {
        result: String,
        newrevid: Option<i64>,
        /// A type a real token does not fit, to see its value kept out of the error.
        token: Option<i64>,
        extra: Extra,
    }

    impl Object for EditPart {
        const NAME: &'static str = "EditPart";
        const REQUIRED: &'static [&'static str] = &["result"];
        fn read<'de, A: MapAccess<'de>>(
            &mut self,
            key: Cow<'de, str>,
            map: &mut A,
        ) -> Result<Slot, A::Error> {
            match &*key {
                "result" => req(0, &mut self.result, map),
                "newrevid" => opt(&mut self.newrevid, map),
                "token" => opt(&mut self.token, map),
                _ => keep(Self::NAME, key, &mut self.extra, map),
            }
        }
        fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
            map.serialize_entry("result", &self.result)?;
            put(map, "newrevid", &self.newrevid)?;
            put(map, "token", &self.token)?;
            put_extra(map, &self.extra)
        }
    }

    crate::object_serde!(EditPart);

    impl Part for EditPart {
        const AT: &'static str = "edit";
    }

    fn reply(status: u16, text: &str) -> Reply {
        Reply { status, header_error: None, retry_after: None, text: text.to_string() }
    }

    fn typed(text: &str, strict_mode: bool) -> Result<Answer<EditPart>, ClientError> {
        parse_typed::<EditPart>("u", "edit", reply(200, text), strict_mode)
    }

    #[test]
    fn a_fitting_answer_is_typed_with_its_envelope_and_text() {
        let text = r#"{"warnings":[{"code":"w","text":"careful","module":"edit"}],"continue":{"c":"1","n":2},"edit":{"result":"Success","newrevid":7,"new":true}}"#;
        let a = typed(text, false).expect("fits");
        assert_eq!((a.body.result.as_str(), a.body.newrevid), ("Success", Some(7)));
        assert_eq!(a.body.extra.get("new"), Some(&Value::Bool(true)), "unknown keys kept");
        assert_eq!(a.warnings.len(), 1);
        assert_eq!((a.warnings[0].code.as_ref(), a.warnings[0].text.as_str()), ("w", "careful"));
        assert_eq!(a.continuation(), Some(vec![("c".into(), "1".into()), ("n".into(), "2".into())]));
        assert!(!a.batch_complete());
        assert_eq!(a.text(), text);
        assert_eq!(a.json()["edit"]["newrevid"], 7);
        assert!(a.envelope().body.is_none());
        let env = a.into_envelope();
        assert_eq!(env.body.map(|b| b.result), Some("Success".to_string()));
    }

    #[test]
    fn bc_warnings_come_line_by_line() {
        let a = typed(r#"{"warnings":{"main":{"warnings":"a\nb"}},"edit":{"result":"Success"}}"#, false)
            .expect("fits");
        let texts: Vec<(&str, &str)> =
            a.warnings.iter().map(|w| (w.module.as_ref(), w.text.as_str())).collect();
        assert_eq!(texts, [("main", "a"), ("main", "b")]);
    }

    #[test]
    fn a_misfit_names_the_module_type_and_path() {
        let e = typed(r#"{"edit":{"result":"Success","newrevid":"seven"}}"#, false).expect_err("a string");
        let ClientError::Misfit { module, type_name, path, message } = &e else { panic!("{e:?}") };
        assert_eq!((module.as_str(), *type_name, path.as_str()), ("edit", "EditPart", "edit.newrevid"));
        assert!(message.contains("expected i64"), "{message}");
        assert!(
            e.to_string().starts_with("the answer of `edit` does not fit EditPart at `edit.newrevid`"),
            "{e}"
        );
        let e = typed(r#"{"edit":{"newrevid":1}}"#, false).expect_err("no result");
        assert!(e.to_string().contains("missing field `result`"), "{e}");
        let e = typed(r#"{"batchcomplete":true}"#, false).expect_err("no edit");
        assert!(matches!(&e, ClientError::Misfit { path, .. } if path == "edit"), "{e:?}");
    }

    #[test]
    fn strict_mode_refuses_unknown_keys() {
        let text = r#"{"edit":{"result":"Success","new":true}}"#;
        assert!(typed(text, false).is_ok());
        let e = typed(text, true).expect_err("strict");
        assert!(e.to_string().contains("unknown field `new` in EditPart"), "{e}");
        assert!(!crate::response::is_strict(), "strictness ends with the read");
    }

    #[test]
    fn errors_stay_errors() {
        let e =
            typed(r#"{"errors":[{"code":"badtoken","text":"Invalid CSRF token.","module":"main"}]}"#, false)
                .expect_err("api error");
        assert!(matches!(&e, ClientError::Api(a) if a.code == "badtoken"), "{e:?}");
        let e = typed(r#"{"error":{"code":"maxlag","info":"lagged"}}"#, true).expect_err("bc error");
        assert!(matches!(&e, ClientError::Api(a) if a.code == "maxlag"), "{e:?}");
        let e = typed("<html>", false).expect_err("not json");
        assert!(matches!(e, ClientError::NotJson { .. }), "{e:?}");
        let e = parse_typed::<EditPart>("u", "edit", reply(503, "busy"), false).expect_err("503");
        assert!(matches!(e, ClientError::Status { status: 503, .. }), "{e:?}");
    }

    #[test]
    fn a_misfit_of_a_secret_does_not_quote_it() {
        let e =
            typed(r#"{"edit":{"result":"Success","token":"s3cr3t+\\"}}"#, false).expect_err("not a number");
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("s3cr3t") && shown.contains("edit.token"), "{shown}");
        let a = typed(r#"{"edit":{"result":"Success","token":31415926}}"#, false).expect("fits");
        assert!(!format!("{a:?}").contains("31415926"), "{a:?}");
    }
}
