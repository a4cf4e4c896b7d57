//! Messages as the account modules give them: a message key with its English text, formatted as
//! `action=login` formats a reason (by `errorformat`) or as the AuthManager modules format theirs
//! (by `messageformat`).

use mwgen_runtime::server::Context;
use serde_json::{json, Value};

/// A message of MediaWiki's, with its English text (parameters filled in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Msg {
    /// The message key (`wrongpassword`).
    pub key: &'static str,
    /// Its API code (`messagecode`): the key, unless the module gave another.
    pub code: &'static str,
    /// The text, as `Message::text()` gives it.
    pub text: String,
    /// The parameters, for `messageformat=raw`.
    pub params: Vec<String>,
}

impl Msg {
    /// A message without parameters.
    pub fn new(key: &'static str, text: &str) -> Msg {
        Msg { key, code: key, text: text.to_string(), params: Vec::new() }
    }
}

/// `wrongpassword`.
pub(crate) fn wrong_password() -> Msg {
    Msg::new("wrongpassword", "Incorrect username or password entered.\nPlease try again.")
}

/// `authmanager-authn-no-primary`: no request the providers could use.
pub(crate) fn no_primary() -> Msg {
    Msg::new("authmanager-authn-no-primary", "The supplied credentials could not be authenticated.")
}

/// MediaWiki's `ApiErrorFormatter::stripMarkup`: `<kbd>` and its kin become quotes, other tags go,
/// entities are decoded and whitespace runs become one space.
pub(crate) fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        match after.find('>') {
            Some(j) => {
                let tag = after[1..j].trim_start_matches('/');
                if matches!(tag, "var" | "kbd" | "samp" | "code") {
                    out.push('"');
                }
                rest = &after[j + 1..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let decoded = out.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A reason as `action=login` gives it: plain text in errorformat=bc, otherwise as the errorformat
/// formats a message (`{"code", "text"}`, `{"code", "html"}`, `{"code", "key", "params"}`).
pub(crate) fn login_reason(cx: &Context, msg: &Msg) -> Value {
    match cx.raw_param("errorformat").unwrap_or("bc") {
        "plaintext" => json!({ "code": msg.code, "text": strip_markup(&msg.text) }),
        "wikitext" => json!({ "code": msg.code, "text": msg.text }),
        "html" => json!({ "code": msg.code, "html": msg.text }),
        "raw" => json!({ "code": msg.code, "key": msg.key, "params": msg.params }),
        "none" => json!({ "code": msg.code }),
        _ => Value::String(strip_markup(&msg.text)),
    }
}

/// A message as the AuthManager modules give it for `messageformat` (`None`: left out).
pub(crate) fn auth_message(format: &str, msg: &Msg) -> Option<Value> {
    match format {
        "none" => None,
        "raw" => Some(json!({ "key": msg.key, "params": msg.params })),
        _ => Some(Value::String(msg.text.clone())),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_is_stripped_as_mediawiki_does() {
        let t = "Fetching via <kbd>action=login</kbd> is\ndeprecated.";
        assert_eq!(super::strip_markup(t), "Fetching via \"action=login\" is deprecated.");
    }
}
