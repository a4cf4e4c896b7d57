//! MediaWiki's answer envelope: errors and warnings in each `errorformat` and `formatversion`, the
//! `MediaWiki-API-Error` header, `requestid`, `curtimestamp`, `servedby`
//! (docs/mediawiki-1.39-validation.md §7).

use crate::error::{ApiError, Warning};
use serde_json::{Map, Value};

/// How the caller asked for the answer (read from the raw parameters, as MediaWiki does, so that
/// they apply to errors in the parameters themselves).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// `bc` (the default), `plaintext`, `wikitext`, `html`, `raw` or `none`.
    pub errorformat: String,
    /// 1 or 2.
    pub formatversion: u8,
    /// `requestid`, echoed in every answer.
    pub requestid: Option<String>,
    /// `curtimestamp`: add the current time.
    pub curtimestamp: bool,
    /// `servedby`: add the server's name.
    pub servedby: bool,
    /// The api.php URL for the `docref` text.
    pub api_url: String,
    /// The server name for `servedby`.
    pub server_name: String,
}

impl Envelope {
    /// Reads the envelope settings from the request's raw parameters.
    pub fn from_params(params: &crate::params::Params, api_url: &str, server_name: &str) -> Envelope {
        let errorformat = match params.get("errorformat") {
            Some(f @ ("plaintext" | "wikitext" | "html" | "raw" | "none" | "bc")) => f.to_string(),
            _ => "bc".to_string(),
        };
        Envelope {
            errorformat,
            formatversion: if params.get("formatversion").is_some_and(|v| v == "2" || v == "latest") {
                2
            } else {
                1
            },
            requestid: params.get("requestid").map(str::to_string),
            curtimestamp: params.get("curtimestamp").is_some(),
            servedby: params.get("servedby").is_some(),
            api_url: api_url.to_string(),
            server_name: server_name.to_string(),
        }
    }

    fn text_key(&self) -> &'static str {
        if self.formatversion == 1 {
            "*"
        } else {
            match self.errorformat.as_str() {
                "html" => "html",
                _ => "text",
            }
        }
    }

    /// The `docref` sentence MediaWiki adds to API errors.
    pub fn docref(&self) -> String {
        format!(
            "See {} for API usage. Subscribe to the mediawiki-api-announce mailing list at &lt;https://lists.wikimedia.org/postorius/lists/mediawiki-api-announce.lists.wikimedia.org/&gt; for notice of API deprecations and breaking changes.",
            self.api_url
        )
    }

    /// The whole answer body for a result (an object) or an error, with the warnings.
    pub fn body(&self, result: Result<Value, &ApiError>, warnings: &[Warning]) -> Value {
        let mut out = Map::new();
        match result {
            Ok(Value::Object(o)) => {
                // Warnings come first, as MediaWiki adds them before the module's output.
                if !warnings.is_empty() {
                    out.insert("warnings".into(), self.warnings(warnings));
                }
                out.extend(o);
            }
            Ok(other) => {
                if !warnings.is_empty() {
                    out.insert("warnings".into(), self.warnings(warnings));
                }
                out.insert("result".into(), other);
            }
            Err(e) => {
                if self.errorformat == "bc" {
                    out.insert("error".into(), self.bc_error(e));
                    if !warnings.is_empty() {
                        out.insert("warnings".into(), self.warnings(warnings));
                    }
                } else {
                    out.insert(
                        "errors".into(),
                        Value::Array(vec![self.modern(&e.code, &e.text, Some(&e.module), e.data.as_deref())]),
                    );
                    if !warnings.is_empty() {
                        out.insert("warnings".into(), self.warnings(warnings));
                    }
                    let key = if self.formatversion == 1 { "*" } else { "docref" };
                    out.insert(key.into(), Value::String(self.docref()));
                }
            }
        }
        if let Some(id) = &self.requestid {
            out.insert("requestid".into(), Value::String(id.clone()));
        }
        if self.servedby {
            out.insert("servedby".into(), Value::String(self.server_name.clone()));
        }
        if self.curtimestamp {
            out.insert("curtimestamp".into(), Value::String(now_iso8601()));
        }
        Value::Object(out)
    }

    fn bc_error(&self, e: &ApiError) -> Value {
        let mut o = Map::new();
        o.insert("code".into(), Value::String(e.code.to_string()));
        o.insert("info".into(), Value::String(e.text.clone()));
        if let Some(Value::Object(data)) = e.data.as_deref() {
            for (k, v) in data {
                if !o.contains_key(k) {
                    o.insert(k.clone(), v.clone());
                }
            }
        }
        let key = if self.formatversion == 1 { "*" } else { "docref" };
        o.insert(key.into(), Value::String(self.docref()));
        Value::Object(o)
    }

    fn modern(&self, code: &str, text: &str, module: Option<&str>, data: Option<&Value>) -> Value {
        let mut o = Map::new();
        o.insert("code".into(), Value::String(code.to_string()));
        let text_field = match self.errorformat.as_str() {
            "none" => None,
            "raw" => {
                o.insert("key".into(), Value::String(format!("apierror-{code}")));
                o.insert("params".into(), Value::Array(Vec::new()));
                None
            }
            _ => Some(text.to_string()),
        };
        if self.formatversion == 2 {
            if let Some(t) = &text_field {
                o.insert(self.text_key().into(), Value::String(t.clone()));
            }
        }
        if let Some(d) = data.filter(|d| d.as_object().is_none_or(|m| !m.is_empty())) {
            o.insert("data".into(), d.clone());
        }
        if let Some(m) = module {
            o.insert("module".into(), Value::String(m.to_string()));
        }
        if self.formatversion == 1 {
            if let Some(t) = text_field {
                o.insert("*".into(), Value::String(t));
            }
        }
        Value::Object(o)
    }

    /// Warnings: a list of objects, or bc's texts grouped by the last part of the module path.
    pub fn warnings(&self, warnings: &[Warning]) -> Value {
        if self.errorformat != "bc" {
            let mut list: Vec<Value> = Vec::new();
            for w in warnings {
                let v = self.modern(&w.code, &w.text, Some(&w.module), w.data.as_ref());
                if !list.contains(&v) {
                    list.push(v);
                }
            }
            return Value::Array(list);
        }
        // bc: newest module key first; identical lines of a module once.
        let mut order: Vec<String> = Vec::new();
        let mut lines: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
        for w in warnings {
            let key = w.module.rsplit('+').next().unwrap_or(&w.module).to_string();
            let entry = lines.entry(key.clone()).or_default();
            if entry.is_empty() {
                order.insert(0, key);
            }
            if !entry.contains(&w.text) {
                entry.push(w.text.clone());
            }
        }
        let mut o = Map::new();
        let field = if self.formatversion == 1 { "*" } else { "warnings" };
        for key in order {
            let text = lines.get(&key).map(|l| l.join("\n")).unwrap_or_default();
            let mut inner = Map::new();
            inner.insert(field.into(), Value::String(text));
            o.insert(key, Value::Object(inner));
        }
        Value::Object(o)
    }
}

/// The current UTC time as MediaWiki's `curtimestamp` gives it: `2024-05-01T12:00:00Z`.
pub fn now_iso8601() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = crate::timestamp::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn env(errorformat: &str, fv: u8) -> Envelope {
        Envelope {
            errorformat: errorformat.into(),
            formatversion: fv,
            requestid: None,
            curtimestamp: false,
            servedby: false,
            api_url: "http://127.0.0.1:8139/api.php".into(),
            server_name: "mwgen".into(),
        }
    }

    fn sample() -> (ApiError, Vec<Warning>) {
        let e = ApiError::new("badvalue", "Unrecognized value for parameter \"apfilterredir\": bogus.")
            .module("query+allpages");
        let w = Warning {
            code: Cow::Borrowed("outofrange"),
            text: "The value \"0\" for parameter \"aplimit\" must be between 1 and 500.".into(),
            module: Cow::Borrowed("query+allpages"),
            data: Some(serde_json::json!({"min":1,"curmax":500,"max":500,"highmax":5000})),
        };
        (e, vec![w])
    }

    /// The live wiki's answers for the same request (docs/mediawiki-1.39-validation.md §7.3).
    #[test]
    fn like_the_wiki_in_each_format() {
        let (e, w) = sample();
        let docref = env("bc", 2).docref();
        assert_eq!(
            env("bc", 2).body(Err(&e), &w),
            serde_json::json!({"error":{"code":"badvalue","info":"Unrecognized value for parameter \"apfilterredir\": bogus.","docref":docref},"warnings":{"allpages":{"warnings":"The value \"0\" for parameter \"aplimit\" must be between 1 and 500."}}})
        );
        assert_eq!(
            env("plaintext", 2).body(Err(&e), &w),
            serde_json::json!({"errors":[{"code":"badvalue","text":"Unrecognized value for parameter \"apfilterredir\": bogus.","module":"query+allpages"}],"warnings":[{"code":"outofrange","text":"The value \"0\" for parameter \"aplimit\" must be between 1 and 500.","data":{"min":1,"curmax":500,"max":500,"highmax":5000},"module":"query+allpages"}],"docref":docref})
        );
        assert_eq!(
            env("none", 2).body(Err(&e), &w),
            serde_json::json!({"errors":[{"code":"badvalue","module":"query+allpages"}],"warnings":[{"code":"outofrange","data":{"min":1,"curmax":500,"max":500,"highmax":5000},"module":"query+allpages"}],"docref":docref})
        );
        assert_eq!(
            env("bc", 1).body(Err(&e), &w),
            serde_json::json!({"error":{"code":"badvalue","info":"Unrecognized value for parameter \"apfilterredir\": bogus.","*":docref},"warnings":{"allpages":{"*":"The value \"0\" for parameter \"aplimit\" must be between 1 and 500."}}})
        );
        let fv1 = env("plaintext", 1).body(Err(&e), &w);
        assert_eq!(fv1["errors"][0]["*"], "Unrecognized value for parameter \"apfilterredir\": bogus.");
        assert_eq!(fv1["*"], docref);
    }

    #[test]
    fn timestamps_look_like_mediawikis() {
        let t = now_iso8601();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }
}
