//! MediaWiki's answer envelope: errors and warnings in each `errorformat` and `formatversion`, the
//! `MediaWiki-API-Error` header, `requestid`, `curtimestamp`, `servedby`
//! (docs/mediawiki-1.39-validation.md §7).

use crate::error::{ApiError, Warning};
use serde_json::{Map, Value};

/// How the caller asked for the answer (read from the raw parameters, as MediaWiki does, so that
/// they apply to errors in the parameters themselves).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope<'a> {
    /// `bc` (the default), `plaintext`, `wikitext`, `html`, `raw` or `none`.
    pub errorformat: &'static str,
    /// 1 or 2.
    pub formatversion: u8,
    /// `requestid`, echoed in every answer.
    pub requestid: Option<String>,
    /// `curtimestamp`: add the current time.
    pub curtimestamp: bool,
    /// `servedby`: add the server's name.
    pub servedby: bool,
    /// The api.php URL for the `docref` text.
    pub api_url: &'a str,
    /// The server name for `servedby`.
    pub server_name: &'a str,
}

impl<'a> Envelope<'a> {
    /// Reads the envelope settings from the request's raw parameters.
    pub fn from_params(
        params: &crate::params::Params,
        api_url: &'a str,
        server_name: &'a str,
    ) -> Envelope<'a> {
        // One pass over the pairs, the last value of each name winning (as `Params::get` sees it).
        let (mut errorformat, mut formatversion, mut requestid) = (None, None, None);
        let (mut curtimestamp, mut servedby) = (false, false);
        for (name, value) in params.iter() {
            match name {
                "errorformat" => errorformat = Some(value),
                "formatversion" => formatversion = Some(value),
                "requestid" => requestid = Some(value),
                "curtimestamp" => curtimestamp = true,
                "servedby" => servedby = true,
                _ => {}
            }
        }
        let errorformat = match errorformat {
            Some("plaintext") => "plaintext",
            Some("wikitext") => "wikitext",
            Some("html") => "html",
            Some("raw") => "raw",
            Some("none") => "none",
            _ => "bc",
        };
        Envelope {
            errorformat,
            formatversion: if formatversion.is_some_and(|v| v == "2" || v == "latest") { 2 } else { 1 },
            requestid: requestid.map(str::to_string),
            curtimestamp,
            servedby,
            api_url,
            server_name,
        }
    }

    fn text_key(&self) -> &'static str {
        if self.formatversion == 1 {
            "*"
        } else {
            match self.errorformat {
                "html" => "html",
                _ => "text",
            }
        }
    }

    /// The `docref` sentence MediaWiki adds to API errors.
    pub fn docref(&self) -> String {
        format!("See {}{DOCREF_TAIL}", self.api_url)
    }

    /// The answer's bytes: [`body`](Self::body) as compact JSON. An error in `bc` format with no
    /// warnings, data or extra fields (the common refusal) is written straight out, the same bytes.
    pub fn to_bytes(&self, result: Result<Value, &ApiError>, warnings: &[Warning]) -> Vec<u8> {
        match result {
            Err(e) if self.plain_bc_error(e, warnings) => self.bc_error_bytes(e),
            result => serde_json::to_vec(&self.body(result, warnings)).unwrap_or_default(),
        }
    }

    fn plain_bc_error(&self, e: &ApiError, warnings: &[Warning]) -> bool {
        self.errorformat == "bc"
            && warnings.is_empty()
            && e.data.is_none()
            && self.requestid.is_none()
            && !self.servedby
            && !self.curtimestamp
    }

    /// `{"error":{"code":…,"info":…,"docref":…}}` (`*` for `docref` in formatversion=1): the docref's
    /// fixed text needs no escaping, so only the code, the info and the URL go through serde_json.
    fn bc_error_bytes(&self, e: &ApiError) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + e.text.len() + DOCREF_TAIL.len() + 2 * self.api_url.len());
        let string = json_string;
        out.extend_from_slice(b"{\"error\":{\"code\":");
        string(&mut out, &e.code);
        out.extend_from_slice(b",\"info\":");
        string(&mut out, &e.text);
        out.extend_from_slice(if self.formatversion == 1 { b",\"*\":" } else { b",\"docref\":" });
        // `"See <url>` with the URL escaped, then the fixed tail and the closing quote.
        let start = out.len();
        string(&mut out, self.api_url);
        // `"<url>"` becomes `"See <url>`: the closing quote goes, and `See ` comes after the opening one.
        out.pop();
        out.splice(start + 1..start + 1, *b"See ");
        out.extend_from_slice(DOCREF_TAIL.as_bytes());
        out.extend_from_slice(b"\"}}");
        out
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
            out.insert("servedby".into(), Value::String(self.server_name.to_string()));
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
        let text_field = match self.errorformat {
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

/// `s` as a JSON string, as serde_json writes it: `"` and `\\` get a backslash, anything else but a
/// control character goes as it is (non-ASCII included); a control character hands the whole
/// string to serde_json.
fn json_string(out: &mut Vec<u8>, s: &str) {
    let start = out.len();
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'"' || b == b'\\' {
            out.extend_from_slice(&bytes[from..i]);
            out.push(b'\\');
            from = i;
        } else if b < 0x20 {
            out.truncate(start);
            // Writing a string into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut *out, s);
            return;
        }
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

/// The docref after its URL: plain text that JSON writes as it is (no quote, backslash or control).
const DOCREF_TAIL: &str = " for API usage. Subscribe to the mediawiki-api-announce mailing list at &lt;https://lists.wikimedia.org/postorius/lists/mediawiki-api-announce.lists.wikimedia.org/&gt; for notice of API deprecations and breaking changes.";

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

    /// Every byte that needs escaping is found, wherever it sits.
    #[test]
    fn json_strings_as_serde_json_writes_them() {
        let specials = ["\"", "\\", "\n", "\u{1}", "é", "a"];
        for len in 0..20 {
            for at in 0..len {
                for sp in specials {
                    let mut t: String = "x".repeat(len);
                    t.replace_range(at..at + 1, sp);
                    let mut ours = Vec::new();
                    json_string(&mut ours, &t);
                    let theirs = serde_json::to_vec(&t).unwrap_or_default();
                    assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs), "{t:?}");
                }
            }
        }
    }
    use std::borrow::Cow;

    fn env(errorformat: &'static str, fv: u8) -> Envelope<'static> {
        Envelope {
            errorformat,
            formatversion: fv,
            requestid: None,
            curtimestamp: false,
            servedby: false,
            api_url: "http://127.0.0.1:8139/api.php",
            server_name: "mwgen",
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
    /// The bytes written straight out for a plain bc error are those of the general path, for every
    /// formatversion, URLs and texts that need escaping, and the cases that take the general path.
    #[test]
    fn the_direct_bytes_equal_the_general_path() {
        let urls = ["http://127.0.0.1:8139/api.php", "http://w/\"q\"\\é\u{1}/api.php", ""];
        let errors = [
            ApiError::new("badinteger", "Invalid value \"abc\" for integer parameter \"aplimit\".")
                .module("query+allpages"),
            ApiError::new("x\"y", "tab\tand\nnewline, ünïcode ✓ and \u{7f}"),
            ApiError::new("badvalue", "v").data(serde_json::json!({"limit": 50})),
        ];
        let (_, warnings) = sample();
        for url in urls {
            for fv in [1, 2] {
                for ef in ["bc", "plaintext"] {
                    for extra in [false, true] {
                        let mut e = env(ef, fv);
                        e.api_url = url;
                        e.servedby = extra;
                        for err in &errors {
                            for w in [&[][..], &warnings[..]] {
                                let general = serde_json::to_vec(&e.body(Err(err), w)).unwrap_or_default();
                                assert_eq!(
                                    String::from_utf8_lossy(&e.to_bytes(Err(err), w)),
                                    String::from_utf8_lossy(&general),
                                    "{url} fv{fv} {ef} servedby={extra} {} warnings={}",
                                    err.code,
                                    w.len()
                                );
                            }
                        }
                    }
                }
            }
        }
        let ok = serde_json::json!({"query": {"pages": []}});
        let e = env("bc", 2);
        assert_eq!(
            e.to_bytes(Ok(ok.clone()), &[]),
            serde_json::to_vec(&e.body(Ok(ok), &[])).unwrap_or_default()
        );
    }

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
