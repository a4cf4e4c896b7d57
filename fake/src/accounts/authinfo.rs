//! The authentication requests of the test wiki's AuthManager (password and temporary password
//! providers, "remember me", user data, creation reason), as `meta=authmanagerinfo` lists them and
//! as `clientlogin` and `createaccount` read their fields.

use serde_json::{json, Map, Value};

/// A message: English text, key and parameters (for `messageformat=raw`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text {
    pub text: &'static str,
    pub key: &'static str,
    pub num: Option<i64>,
}

const fn t(text: &'static str, key: &'static str) -> Text {
    Text { text, key, num: None }
}

/// One field of a request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub name: &'static str,
    pub kind: &'static str,
    pub label: Text,
    pub help: Text,
    pub optional: bool,
    pub sensitive: bool,
}

const USERNAME: Field = Field {
    name: "username",
    kind: "string",
    label: t("Username", "userlogin-yourname"),
    help: t("Username for authentication.", "authmanager-username-help"),
    optional: false,
    sensitive: false,
};
const PASSWORD: Field = Field {
    name: "password",
    kind: "password",
    label: t("Password", "userlogin-yourpassword"),
    help: t("Password for authentication.", "authmanager-password-help"),
    optional: false,
    sensitive: true,
};
const RETYPE: Field = Field {
    name: "retype",
    kind: "password",
    label: t("Retype password:", "yourpasswordagain"),
    help: t("Password again to confirm.", "authmanager-retype-help"),
    optional: false,
    sensitive: true,
};
const NEW_PASSWORD: Field = Field { label: t("New password:", "newpassword"), ..PASSWORD };
const NEW_RETYPE: Field = Field { label: t("Retype new password:", "retypenew"), ..RETYPE };
const REMEMBER: Field = Field {
    name: "rememberMe",
    kind: "checkbox",
    label: Text { text: "Keep me logged in", key: "userlogin-remembermypassword", num: Some(180) },
    help: t(
        "Whether the password should be remembered for longer than the length of the session.",
        "authmanager-userlogin-remembermypassword-help",
    ),
    optional: true,
    sensitive: false,
};
const EMAIL: Field = Field {
    name: "email",
    kind: "string",
    label: t("Email", "authmanager-email-label"),
    help: t("Email address", "authmanager-email-help"),
    optional: true,
    sensitive: false,
};
const REALNAME: Field = Field {
    name: "realname",
    kind: "string",
    label: t("Real name", "authmanager-realname-label"),
    help: t("Real name of the user", "authmanager-realname-help"),
    optional: true,
    sensitive: false,
};
const MAILPASSWORD: Field = Field {
    name: "mailpassword",
    kind: "checkbox",
    label: t(
        "Use a temporary random password and send it to the specified email address",
        "createaccountmail",
    ),
    help: t(
        "Can be used to create account for another person without learning the password.",
        "createaccountmail-help",
    ),
    optional: false,
    sensitive: false,
};
const REASON: Field = Field {
    name: "reason",
    kind: "string",
    label: t("Reason (publicly logged)", "createacct-reason"),
    help: t("Message shown in the account creation log", "createacct-reason-help"),
    optional: false,
    sensitive: false,
};

/// One authentication request.
#[derive(Debug, Clone)]
pub(crate) struct AuthRequest {
    pub id: &'static str,
    pub required: &'static str,
    /// The provider's description (`None`: the request's class name).
    pub provider: Option<Text>,
    /// The account it is for (`None`: the request's class name).
    pub account: Option<String>,
    pub fields: Vec<Field>,
}

pub(crate) const PASSWORD_REQ: &str = "MediaWiki\\Auth\\PasswordAuthenticationRequest";
pub(crate) const REMEMBER_REQ: &str = "MediaWiki\\Auth\\RememberMeAuthenticationRequest";
const TEMP_REQ: &str = "MediaWiki\\Auth\\TemporaryPasswordAuthenticationRequest";
const USERNAME_REQ: &str = "MediaWiki\\Auth\\UsernameAuthenticationRequest";
const USERDATA_REQ: &str = "MediaWiki\\Auth\\UserDataAuthenticationRequest";
pub(crate) const REASON_REQ: &str = "MediaWiki\\Auth\\CreationReasonAuthenticationRequest";

fn own(id: &'static str, required: &'static str, fields: Vec<Field>) -> AuthRequest {
    AuthRequest { id, required, provider: None, account: None, fields }
}

/// The requests for `action` (`login`, `create`, `change`; others have none here), for a caller
/// logged in as `user` (`""`: anonymous).
pub(crate) fn requests(action: &str, user: &str) -> Vec<AuthRequest> {
    let password = |fields: Vec<Field>, account: &str| AuthRequest {
        id: PASSWORD_REQ,
        required: "primary-required",
        provider: Some(t("Password-based authentication", "authmanager-provider-password")),
        account: Some(account.to_string()),
        fields,
    };
    match action {
        "login" => {
            vec![password(vec![USERNAME, PASSWORD], user), own(REMEMBER_REQ, "optional", vec![REMEMBER])]
        }
        "create" => {
            let mut out = Vec::new();
            if !user.is_empty() {
                out.push(AuthRequest {
                    id: TEMP_REQ,
                    required: "primary-required",
                    provider: Some(t("Temporary password", "authmanager-provider-temporarypassword")),
                    account: Some(String::new()),
                    fields: vec![MAILPASSWORD],
                });
            }
            out.push(password(vec![USERNAME, PASSWORD, RETYPE], ""));
            out.push(own(USERNAME_REQ, "required", vec![USERNAME]));
            out.push(own(USERDATA_REQ, "required", vec![EMAIL, REALNAME]));
            if !user.is_empty() {
                out.push(own(REASON_REQ, "optional", vec![REASON]));
            }
            out
        }
        "change" => vec![password(vec![NEW_PASSWORD, NEW_RETYPE], "")],
        _ => Vec::new(),
    }
}

/// A message in `format` (`wikitext`, `html`, `raw`); `None` for `none`.
fn message(format: &str, m: &Text) -> Option<Value> {
    match format {
        "none" => None,
        "raw" => {
            let params: Vec<Value> = m.num.map(|n| json!({ "num": n })).into_iter().collect();
            Some(json!({ "key": m.key, "params": params }))
        }
        _ => Some(Value::String(m.text.to_string())),
    }
}

fn literal(format: &str, s: &str) -> Option<Value> {
    match format {
        "none" => None,
        // An empty account is no name at all: `null` among the parameters.
        "raw" if s.is_empty() => Some(json!({ "key": "$1", "params": [null] })),
        "raw" => Some(json!({ "key": "$1", "params": [s] })),
        _ => Some(Value::String(s.to_string())),
    }
}

/// A field as `authmanagerinfo` describes it.
pub(crate) fn field_json(format: &str, f: &Field) -> Value {
    let mut o = Map::new();
    o.insert("type".into(), json!(f.kind));
    if let Some(v) = message(format, &f.label) {
        o.insert("label".into(), v);
    }
    if let Some(v) = message(format, &f.help) {
        o.insert("help".into(), v);
    }
    o.insert("optional".into(), json!(f.optional));
    o.insert("sensitive".into(), json!(f.sensitive));
    Value::Object(o)
}

/// A request as `authmanagerinfo` describes it (`with_fields`: unless the fields are merged).
pub(crate) fn request_json(format: &str, r: &AuthRequest, with_fields: bool) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(r.id));
    o.insert("metadata".into(), json!({}));
    o.insert("required".into(), json!(r.required));
    let provider = match &r.provider {
        Some(p) => message(format, p),
        None => literal(format, r.id),
    };
    if let Some(v) = provider {
        o.insert("provider".into(), v);
    }
    if let Some(v) = literal(format, r.account.as_deref().unwrap_or(r.id)) {
        o.insert("account".into(), v);
    }
    if with_fields {
        let fields: Map<String, Value> =
            r.fields.iter().map(|f| (f.name.to_string(), field_json(format, f))).collect();
        o.insert("fields".into(), Value::Object(fields));
    }
    Value::Object(o)
}
