//! Logging in and the AuthManager flows (clientlogin, createaccount, linkaccount,
//! changeauthenticationdata) as a typed state machine.

use super::bot::Credentials;
use super::text::json_excerpt;
use super::{Client, ClientError};
use crate::params::Params;
use crate::spec::{ModuleSpec, ParamSpec, Type};
use crate::value::Secret;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Which AuthManager flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFlow {
    /// `action=clientlogin`
    Login,
    /// `action=createaccount`
    CreateAccount,
    /// `action=linkaccount`
    LinkAccount,
    /// `action=changeauthenticationdata`
    ChangeAuthenticationData,
}

use super::TOKEN_PARAM;

const fn flow_spec(path: &'static str, prefix: &'static str, token: &'static str) -> ModuleSpec {
    ModuleSpec::action(path).prefix(prefix).post().token(token).dynamic_params().params(TOKEN_PARAM)
}

static CLIENTLOGIN: ModuleSpec = flow_spec("clientlogin", "login", "login");
static CREATEACCOUNT: ModuleSpec = flow_spec("createaccount", "create", "createaccount");
static LINKACCOUNT: ModuleSpec = flow_spec("linkaccount", "link", "csrf");
static CHANGEAUTH: ModuleSpec = flow_spec("changeauthenticationdata", "changeauth", "csrf");
static LOGIN: ModuleSpec = flow_spec("login", "lg", "login");

const REQUEST_PARAM: &[ParamSpec] = &[
    ParamSpec::new("request", Type::STRING).required(),
    ParamSpec::new("token", Type::STRING).required().sensitive(),
];
static REMOVEAUTH: ModuleSpec =
    ModuleSpec::action("removeauthenticationdata").post().write().token("csrf").params(REQUEST_PARAM);
static UNLINKACCOUNT: ModuleSpec =
    ModuleSpec::action("unlinkaccount").post().write().token("csrf").params(REQUEST_PARAM);

impl AuthFlow {
    fn spec(self) -> &'static ModuleSpec {
        match self {
            AuthFlow::Login => &CLIENTLOGIN,
            AuthFlow::CreateAccount => &CREATEACCOUNT,
            AuthFlow::LinkAccount => &LINKACCOUNT,
            AuthFlow::ChangeAuthenticationData => &CHANGEAUTH,
        }
    }

    /// The flow of a module path (`clientlogin`, `createaccount`, `linkaccount`,
    /// `changeauthenticationdata`).
    pub fn of_path(path: &str) -> Option<AuthFlow> {
        [AuthFlow::Login, AuthFlow::CreateAccount, AuthFlow::LinkAccount, AuthFlow::ChangeAuthenticationData]
            .into_iter()
            .find(|f| f.spec().path == path)
    }

    /// `amirequestsfor=` for `meta=authmanagerinfo`.
    pub fn requests_for(self) -> &'static str {
        match self {
            AuthFlow::Login => "login",
            AuthFlow::CreateAccount => "create",
            AuthFlow::LinkAccount => "link",
            AuthFlow::ChangeAuthenticationData => "change",
        }
    }
}

/// One field an authentication request asks for.
///
/// `Debug` shows the `value` of a `sensitive` or `password` field as `<redacted>`.
#[derive(Clone, PartialEq, Deserialize)]
pub struct AuthField {
    /// `string`, `password`, `checkbox`, `select`, `multiselect`, `button`, `hidden`, `null`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The field's label, to show the user.
    #[serde(default)]
    pub label: String,
    /// A help text for the field, to show the user.
    #[serde(default)]
    pub help: String,
    /// The field may be left empty.
    #[serde(default)]
    pub optional: bool,
    /// The value is secret (a password): do not log or show it.
    #[serde(default)]
    pub sensitive: bool,
    /// The value of a `hidden` or `null` field, or the default of another kind.
    #[serde(default)]
    pub value: Option<Value>,
    /// For `select`/`multiselect`: value → label.
    #[serde(default)]
    pub options: Option<BTreeMap<String, String>>,
}

impl std::fmt::Debug for AuthField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secret = self.sensitive || self.kind == "password";
        let value: &dyn std::fmt::Debug = match &self.value {
            Some(_) if secret => &Some(crate::value::Secret::default()),
            v => v,
        };
        f.debug_struct("AuthField")
            .field("kind", &self.kind)
            .field("label", &self.label)
            .field("help", &self.help)
            .field("optional", &self.optional)
            .field("sensitive", &self.sensitive)
            .field("value", value)
            .field("options", &self.options)
            .finish()
    }
}

/// One authentication request (a way to authenticate, and the fields it needs).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AuthRequest {
    /// The request's id (often its PHP class name); pass it as `changeauthrequest` to change that
    /// data.
    pub id: String,
    /// Extra hints from the request's provider, for clients that render it themselves (often empty).
    #[serde(default)]
    pub metadata: Value,
    /// `primary-required`, `required`, `optional`.
    #[serde(default)]
    pub required: String,
    /// Who handles these credentials, as text for the user.
    #[serde(default)]
    pub provider: String,
    /// Which account these credentials are for, as text for the user.
    #[serde(default)]
    pub account: String,
    /// The fields to fill, by the name to send each one under.
    #[serde(default)]
    pub fields: BTreeMap<String, AuthField>,
}

/// `action=query&meta=authmanagerinfo`: what the wiki can do and which fields to ask for.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AuthManagerInfo {
    /// This session can log in now (`canauthenticatenow`).
    #[serde(default)]
    pub canauthenticatenow: bool,
    /// The wiki lets accounts be created (`cancreateaccounts`).
    #[serde(default)]
    pub cancreateaccounts: bool,
    /// A provider links third-party accounts (`canlinkaccounts`).
    #[serde(default)]
    pub canlinkaccounts: bool,
    /// A failed flow left state that the next one can pick up (`haspreservedstate`).
    #[serde(default)]
    pub haspreservedstate: bool,
    /// The authentication requests for the flow asked about, with the fields they need.
    #[serde(default)]
    pub requests: Vec<AuthRequest>,
}

/// Where an AuthManager flow stands after a request.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthStatus {
    /// Done: logged in, account created or linked, data changed.
    Pass {
        /// The account's name, when the wiki gives it.
        username: Option<String>,
    },
    /// Failed; start again.
    Fail {
        /// Why, for the user.
        message: String,
        /// The message's key (`wrongpassword`), when the wiki gives it.
        code: Option<String>,
    },
    /// More fields are needed: fill those of `requests` and [`Client::auth_continue`].
    Ui {
        /// What is asked, for the user.
        message: String,
        /// The message's key, when the wiki gives it.
        code: Option<String>,
        /// The requests whose fields to fill.
        requests: Vec<AuthRequest>,
    },
    /// Send the user to `target`, then continue with what the provider sends back.
    Redirect {
        /// The URL to send the user to.
        target: String,
        /// The requests to fill with what the provider sends back.
        requests: Vec<AuthRequest>,
    },
    /// The third-party account is not linked: start over (to create or link one).
    Restart {
        /// Why, for the user.
        message: String,
        /// The message's key, when the wiki gives it.
        code: Option<String>,
    },
}

/// The answer of `action=login` (bot passwords).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LoginResult {
    /// `Success`, `Failed`, `Aborted`, `NeedToken`, …
    pub result: String,
    /// The user's id, after a success.
    #[serde(default)]
    pub lguserid: Option<i64>,
    /// The user's name, after a success.
    #[serde(default)]
    pub lgusername: Option<String>,
    /// Why the login failed: a text, or an object in some error formats.
    #[serde(default)]
    pub reason: Option<Value>,
}

impl LoginResult {
    /// Whether the login worked (`result` is `Success`).
    pub fn success(&self) -> bool {
        self.result == "Success"
    }
}

impl Client {
    /// `meta=authmanagerinfo` for a flow: the fields to ask the user for.
    pub async fn authmanager_info(&self, flow: AuthFlow) -> Result<AuthManagerInfo, ClientError> {
        self.authmanager_info_for(flow.requests_for()).await
    }

    /// `meta=authmanagerinfo&amirequestsfor=<purpose>` (`login`, …, `remove`, `unlink`).
    async fn authmanager_info_for(&self, purpose: &str) -> Result<AuthManagerInfo, ClientError> {
        let r = self.query(&[("meta", "authmanagerinfo"), ("amirequestsfor", purpose)]).await?;
        r.get("/query/authmanagerinfo")
    }

    /// The authentication data the caller may remove (`amirequestsfor=remove`: a temporary
    /// password, a second factor, …), each with the id to give
    /// [`remove_authentication_data`](Self::remove_authentication_data).
    pub async fn removable_authentication_data(&self) -> Result<Vec<AuthRequest>, ClientError> {
        self.requests_for("remove").await
    }

    /// The third-party accounts linked to the caller's (`amirequestsfor=unlink`), each with the id
    /// to give [`unlink_account`](Self::unlink_account).
    pub async fn linked_accounts(&self) -> Result<Vec<AuthRequest>, ClientError> {
        self.requests_for("unlink").await
    }

    async fn requests_for(&self, purpose: &str) -> Result<Vec<AuthRequest>, ClientError> {
        Ok(self.authmanager_info_for(purpose).await?.requests)
    }

    /// `action=removeauthenticationdata`: removes the caller's authentication data of the request
    /// `id` (from [`removable_authentication_data`](Self::removable_authentication_data)). The wiki
    /// asks for a recent login (a security-sensitive operation) and refuses an id it does not
    /// offer (`badrequest`). Beware: MediaWiki invalidates every bot password of the account when
    /// its authentication data changes (`AuthManager::changeAuthenticationData`).
    pub async fn remove_authentication_data(&self, id: &str) -> Result<(), ClientError> {
        self.auth_change(&REMOVEAUTH, id).await
    }

    /// `action=unlinkaccount`: unlinks the third-party account of the request `id` (from
    /// [`linked_accounts`](Self::linked_accounts)).
    pub async fn unlink_account(&self, id: &str) -> Result<(), ClientError> {
        self.auth_change(&UNLINKACCOUNT, id).await
    }

    async fn auth_change(&self, spec: &'static ModuleSpec, id: &str) -> Result<(), ClientError> {
        let mut p = Params::new();
        p.add("request", id);
        let r = self.send(spec, p).await?;
        match r.body.pointer(&format!("/{}/status", spec.name)).and_then(Value::as_str) {
            Some("success") => Ok(()),
            _ => Err(ClientError::Unexpected(format!(
                "no {}.status success in {}",
                spec.name,
                json_excerpt(&r.body)
            ))),
        }
    }

    /// Starts a flow with the fields the user filled (`username`, `password`, …). `return_url` is
    /// where a redirecting provider sends the user back (clientlogin, createaccount, linkaccount); for
    /// changeauthenticationdata, pass the request id as the field `changeauthrequest`.
    pub async fn auth_begin(
        &self,
        flow: AuthFlow,
        fields: &[(&str, &str)],
        return_url: &str,
    ) -> Result<AuthStatus, ClientError> {
        let spec = flow.spec();
        let mut p = Params::new();
        if flow != AuthFlow::ChangeAuthenticationData {
            p.add(&format!("{}returnurl", spec.prefix), return_url);
        }
        for (k, v) in fields {
            p.set(k, v);
        }
        self.auth_send(flow, p).await
    }

    /// Continues a flow after [`AuthStatus::Ui`] or [`AuthStatus::Redirect`] with the new fields.
    pub async fn auth_continue(
        &self,
        flow: AuthFlow,
        fields: &[(&str, &str)],
    ) -> Result<AuthStatus, ClientError> {
        let spec = flow.spec();
        let mut p = Params::new();
        p.add(&format!("{}continue", spec.prefix), "1");
        for (k, v) in fields {
            p.set(k, v);
        }
        self.auth_send(flow, p).await
    }

    /// Sends an AuthManager request built from its generated type (`Clientlogin`,
    /// `Createaccount`, `Linkaccount`, `Changeauthenticationdata`), with the fields the user
    /// filled, and reads the status. Unlike [`auth_begin`](Self::auth_begin), the request is
    /// validated as the module validates it before it is sent (a `loginrequests` list over its
    /// limit is refused, as the wiki would refuse it); an empty token is fetched.
    pub async fn authenticate<R: crate::request::Encode + crate::request::Decode>(
        &self,
        req: &R,
        fields: &[(&str, &str)],
    ) -> Result<AuthStatus, ClientError> {
        let flow = AuthFlow::of_path(R::SPEC.path)
            .ok_or_else(|| ClientError::Config(format!("`{}` is not an AuthManager flow", R::SPEC.path)))?;
        let extra: Vec<(String, String)> =
            fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let params = self.prepare(req, &extra)?;
        self.auth_answer(flow, R::SPEC, params).await
    }

    async fn auth_send(&self, flow: AuthFlow, params: Params) -> Result<AuthStatus, ClientError> {
        self.auth_answer(flow, flow.spec(), params).await
    }

    async fn auth_answer(
        &self,
        flow: AuthFlow,
        spec: &'static ModuleSpec,
        params: Params,
    ) -> Result<AuthStatus, ClientError> {
        let r = self.send(spec, params).await?;
        let v = r.body.get(spec.path).ok_or_else(|| {
            ClientError::Unexpected(format!("no `{}` in {}", spec.path, json_excerpt(&r.body)))
        })?;
        let status = auth_status(v)?;
        if matches!(status, AuthStatus::Pass { .. }) && flow == AuthFlow::Login {
            // A new session: tokens of the old one are void, and the caller's rights are asked.
            self.session_changed();
            self.refresh_rights().await?;
        }
        Ok(status)
    }

    /// Logs in with `action=clientlogin` (a user's own password).
    /// The client keeps the credentials (in memory) to log in again if the session is lost.
    pub async fn client_login(&self, username: &str, password: &str) -> Result<AuthStatus, ClientError> {
        let url = self.api_url().to_string();
        let status =
            self.auth_begin(AuthFlow::Login, &[("username", username), ("password", password)], &url).await?;
        if matches!(status, AuthStatus::Pass { .. }) {
            self.remember(Credentials::ClientLogin {
                username: username.into(),
                password: Secret::new(password),
            });
        }
        Ok(status)
    }

    /// Logs in with `action=login` and a bot password (`User@botname`). The client keeps the
    /// credentials (in memory) to log in again if the session is lost.
    pub async fn login(&self, username: &str, password: &str) -> Result<LoginResult, ClientError> {
        let mut p = Params::new();
        p.add("lgname", username);
        p.add("lgpassword", password);
        let r = self.send(&LOGIN, p).await?;
        let result: LoginResult = r.get("/login")?;
        if result.success() {
            self.session_changed();
            self.remember(Credentials::BotPassword {
                username: username.into(),
                password: Secret::new(password),
            });
            self.refresh_rights().await?;
        }
        Ok(result)
    }

    /// `action=logout`.
    pub async fn logout(&self) -> Result<(), ClientError> {
        static LOGOUT: ModuleSpec = flow_spec("logout", "", "csrf");
        self.send(&LOGOUT, Params::new()).await?;
        self.session_changed();
        self.forget_credentials();
        Ok(())
    }
}

fn auth_status(v: &Value) -> Result<AuthStatus, ClientError> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let requests = || -> Result<Vec<AuthRequest>, ClientError> {
        match v.get("requests") {
            None => Ok(Vec::new()),
            Some(r) => Vec::<AuthRequest>::deserialize(r)
                .map_err(|e| ClientError::Unexpected(format!("requests: {e}"))),
        }
    };
    let message = s("message").unwrap_or_default();
    let code = s("messagecode");
    Ok(match s("status").as_deref() {
        Some("PASS") | Some("success") => AuthStatus::Pass { username: s("username") },
        Some("FAIL") | Some("failed") => AuthStatus::Fail { message, code },
        Some("UI") => AuthStatus::Ui { message, code, requests: requests()? },
        Some("REDIRECT") => {
            AuthStatus::Redirect { target: s("redirecttarget").unwrap_or_default(), requests: requests()? }
        }
        Some("RESTART") => AuthStatus::Restart { message, code },
        other => {
            return Err(ClientError::Unexpected(format!(
                "AuthManager status {other:?} in {}",
                json_excerpt(v)
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_as_the_wiki_sends_them() {
        let pass = serde_json::json!({"status":"PASS","username":"Admin"});
        assert_eq!(auth_status(&pass).ok(), Some(AuthStatus::Pass { username: Some("Admin".into()) }));
        let fail = serde_json::json!({"status":"FAIL","message":"Incorrect username or password entered.\nPlease try again.","messagecode":"wrongpassword","canpreservestate":false});
        assert!(
            matches!(auth_status(&fail), Ok(AuthStatus::Fail { code: Some(c), .. }) if c == "wrongpassword")
        );
        let ui = serde_json::json!({"status":"UI","message":"Enter the code","messagecode":"x","requests":[{"id":"OATH","fields":{"OATHToken":{"type":"string","label":"Code","help":"h","optional":false,"sensitive":false}}}]});
        let Ok(AuthStatus::Ui { requests, .. }) = auth_status(&ui) else { panic!() };
        assert_eq!(requests[0].fields["OATHToken"].kind, "string");
        let redirect =
            serde_json::json!({"status":"REDIRECT","redirecttarget":"https://idp.example/","requests":[]});
        assert!(
            matches!(auth_status(&redirect), Ok(AuthStatus::Redirect { target, .. }) if target == "https://idp.example/")
        );
        assert!(matches!(
            auth_status(&serde_json::json!({"status":"RESTART","message":"m"})),
            Ok(AuthStatus::Restart { .. })
        ));
        assert!(auth_status(&serde_json::json!({"status":"WHAT"})).is_err());
    }
}
