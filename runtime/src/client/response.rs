//! Reading the wiki's answer: the result, its warnings, or one typed error.

use super::text::{excerpt, json_excerpt, redacted};
use super::ClientError;
use crate::error::{ApiError, Warning};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// A successful answer: the JSON body and the warnings that came with it.
///
/// `Debug` shows the body with the values of secret-looking members (`csrftoken`, `token`: see
/// [`is_secret_name`](crate::params::is_secret_name)) as `"<redacted>"`; `body` itself holds them.
#[derive(Clone, PartialEq)]
pub struct Response {
    /// The whole JSON answer.
    pub body: Value,
    /// The warnings that came with it, in the wiki's order.
    pub warnings: Vec<Warning>,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("body", &redacted(&self.body))
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl Response {
    /// Deserializes the part of the body at `pointer` (`/query/tokens`, `/edit`) into your own type.
    pub fn get<T: DeserializeOwned>(&self, pointer: &str) -> Result<T, ClientError> {
        let v = self.body.pointer(pointer).ok_or_else(|| {
            ClientError::Unexpected(format!("no {pointer} in {}", json_excerpt(&self.body)))
        })?;
        T::deserialize(v).map_err(|_| {
            // serde's message quotes the value: tell it from the value with its secrets redacted.
            let secret = pointer.rsplit('/').next().is_some_and(crate::params::is_secret_name);
            let shown = if secret { Value::String("<redacted>".into()) } else { redacted(v) };
            let e = T::deserialize(&shown)
                .err()
                .map_or_else(|| format!("not a {}", std::any::type_name::<T>()), |e| e.to_string());
            ClientError::Unexpected(format!("{pointer}: {e}"))
        })
    }

    /// `batchcomplete`: every prop module has given all it has for this batch of pages.
    pub fn batch_complete(&self) -> bool {
        self.body.get("batchcomplete").is_some_and(|v| v.as_bool().unwrap_or(true))
    }

    /// The `continue` values to send with the next request, if there is more.
    pub fn continuation(&self) -> Option<Vec<(String, String)>> {
        self.body.get("continue")?.as_object().map(continue_values)
    }
}

/// The `continue` object as parameters: strings as they are, other values as JSON.
pub(super) fn continue_values(c: &serde_json::Map<String, Value>) -> Vec<(String, String)> {
    c.iter()
        .map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
        .collect()
}

/// Turns an HTTP answer into a [`Response`] or an error: an API error in any `errorformat` (`errors`
/// list or bc's `error` object), a non-JSON body, or a failed status.
pub fn parse_answer(
    url: &str,
    status: u16,
    body: &str,
    header_error: Option<&str>,
    retry_after: Option<u64>,
) -> Result<Response, ClientError> {
    let json: Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(source) if (200..300).contains(&status) => {
            return Err(ClientError::NotJson { url: url.to_string(), source, excerpt: excerpt(body) })
        }
        Err(_) => {
            return Err(ClientError::Status {
                url: url.to_string(),
                status,
                excerpt: excerpt(body),
                retry_after: retry_after.map(std::time::Duration::from_secs),
            })
        }
    };
    let warnings = warnings(&json);
    let error = json
        .get("errors")
        .and_then(|e| e.as_array())
        .and_then(|a| a.first())
        .map(modern_error)
        .or_else(|| json.get("error").map(bc_error))
        .or_else(|| {
            header_error.map(|code| ApiError::new(code.to_string(), format!("MediaWiki-API-Error: {code}")))
        });
    if let Some(mut e) = error {
        if let Some(secs) = retry_after {
            let mut data = e.data.map(|d| *d).unwrap_or_else(|| serde_json::json!({}));
            if let Some(o) = data.as_object_mut() {
                o.insert("retry-after".into(), secs.into());
            }
            e.data = Some(Box::new(data));
        }
        return Err(ClientError::Api(e));
    }
    if !(200..300).contains(&status) {
        return Err(ClientError::Status {
            url: url.to_string(),
            status,
            excerpt: excerpt(body),
            retry_after: retry_after.map(std::time::Duration::from_secs),
        });
    }
    Ok(Response { body: json, warnings })
}

fn text_of(v: &Value) -> String {
    ["text", "info", "*", "html", "key"]
        .iter()
        .find_map(|k| v.get(*k).and_then(Value::as_str))
        .unwrap_or_default()
        .to_string()
}

fn modern_error(v: &Value) -> ApiError {
    let code = v.get("code").and_then(Value::as_str).unwrap_or("unknown").to_string();
    let module = v.get("module").and_then(Value::as_str).unwrap_or("main").to_string();
    let mut e = ApiError::new(code, text_of(v)).module(module);
    if let Some(d) = v.get("data") {
        e = e.data(d.clone());
    }
    e
}

/// bc: `{"code":…, "info":…, "docref":…, …data merged in}`.
fn bc_error(v: &Value) -> ApiError {
    let code = v.get("code").and_then(Value::as_str).unwrap_or("unknown").to_string();
    let mut e = ApiError::new(code, text_of(v));
    if let Some(o) = v.as_object() {
        let rest: serde_json::Map<String, Value> = o
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "code" | "info" | "*" | "docref" | "module"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !rest.is_empty() {
            e = e.data(Value::Object(rest));
        }
    }
    e
}

/// Warnings in either shape: a list of `{code, text, module}`, or bc's `{module: {warnings: text}}`.
fn warnings(json: &Value) -> Vec<Warning> {
    match json.get("warnings") {
        Some(Value::Array(list)) => list
            .iter()
            .map(|w| Warning {
                code: Cow::Owned(w.get("code").and_then(Value::as_str).unwrap_or("unknown").to_string()),
                text: text_of(w),
                module: Cow::Owned(w.get("module").and_then(Value::as_str).unwrap_or("main").to_string()),
                data: w.get("data").cloned(),
            })
            .collect(),
        Some(Value::Object(by_module)) => by_module
            .iter()
            .flat_map(|(module, w)| {
                let text =
                    w.get("warnings").or_else(|| w.get("*")).and_then(Value::as_str).unwrap_or_default();
                text.lines()
                    .map(|line| Warning {
                        code: Cow::Borrowed("warning"),
                        text: line.to_string(),
                        module: Cow::Owned(module.clone()),
                        data: None,
                    })
                    .collect::<Vec<_>>()
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn modern_errors_with_warnings() {
        let body = r#"{"errors":[{"code":"badvalue","text":"Unrecognized value for parameter \"apdir\": x.","module":"query+allpages"}],"warnings":[{"code":"outofrange","text":"t","module":"query+allpages","data":{"min":1}}]}"#;
        let Err(ClientError::Api(e)) = parse_answer("u", 200, body, Some("badvalue"), None) else { panic!() };
        assert_eq!(
            (e.code.as_ref(), e.module.as_ref(), e.kind()),
            ("badvalue", "query+allpages", ErrorKind::BadValue)
        );
    }

    #[test]
    fn bc_errors_keep_their_data() {
        let body = r#"{"error":{"code":"maxlag","info":"Waiting for a database server: 3 seconds lagged.","host":"db1","lag":3,"type":"db","docref":"See …"}}"#;
        let Err(ClientError::Api(e)) = parse_answer("u", 200, body, Some("maxlag"), Some(5)) else {
            panic!()
        };
        assert_eq!(e.kind(), ErrorKind::Maxlag);
        let data = e.data.expect("data");
        assert_eq!(data["lag"], 3);
        assert_eq!(data["retry-after"], 5);
        assert!(data.get("docref").is_none());
    }

    #[test]
    fn success_warnings_in_both_shapes() {
        let r = parse_answer(
            "u",
            200,
            r#"{"warnings":{"main":{"warnings":"a\nb"}},"batchcomplete":true}"#,
            None,
            None,
        )
        .expect("ok");
        assert_eq!(r.warnings.len(), 2);
        assert!(r.batch_complete());
        let r = parse_answer("u", 200, r#"{"continue":{"apcontinue":"B","continue":"-||"}}"#, None, None)
            .expect("ok");
        assert_eq!(
            r.continuation(),
            Some(vec![("apcontinue".into(), "B".into()), ("continue".into(), "-||".into())])
        );
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let e = parse_answer("u", 200, "<html>", None, None).expect_err("not json");
        assert!(e.to_string().contains("did not answer JSON"), "{e}");
        let e = parse_answer("u", 503, "Service Unavailable", None, None).expect_err("503");
        assert!(matches!(e, ClientError::Status { status: 503, .. }), "{e}");
    }

    #[test]
    fn excerpts_of_bad_answers_escape_control_characters() {
        let hostile = "\u{1b}[31mFATAL\u{1b}[0m\r\u{1b}]0;owned\u{7}\u{0}\u{7f}\u{85}";
        for status in [200, 500] {
            let e = parse_answer("u", status, hostile, None, None).expect_err("not json");
            let (ClientError::NotJson { excerpt, .. } | ClientError::Status { excerpt, .. }) = &e else {
                panic!("{e:?}")
            };
            assert!(!excerpt.chars().any(char::is_control), "{excerpt:?}");
            assert!(excerpt.starts_with("\\u{1b}[31mFATAL"), "{excerpt}");
            assert!(!e.to_string().chars().any(char::is_control), "{e}");
        }
    }

    #[test]
    fn debug_redacts_tokens_in_the_body() {
        let r = parse_answer("u", 200, r#"{"query":{"tokens":{"csrftoken":"c5rf+\\"}}}"#, None, None)
            .expect("ok");
        assert_eq!(r.body["query"]["tokens"]["csrftoken"], "c5rf+\\");
        let shown = format!("{r:?}");
        assert!(!shown.contains("c5rf") && shown.contains("<redacted>"), "{shown}");
    }
}
