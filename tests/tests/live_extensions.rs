//! Live, against the extension wiki (tests/mediawiki/up.sh --extensions, `MWGEN_EXT_API_URL`): the
//! AuthManager statuses that only extensions give, driven through the project's client.
//!
//! - A second factor (OATHAuth): clientlogin answers UI asking for `OATHToken`; a wrong code gives
//!   the wiki's UI again with `oathauth-login-failed`; the right TOTP code (RFC 6238, computed here
//!   from the secret that tests/mediawiki/oath_enable.php stored) gives PASS. OATHAuth 1.39 offers
//!   no request to remove a second factor through the API: the test checks that none is offered.
//! - A captcha (ConfirmEdit's QuestyCaptcha, one question whose answer is `mwgen`): createaccount
//!   with a wrong answer gives FAIL with the wiki's message; with a fresh captcha id and the right
//!   answer, PASS.
//! - A third-party provider (Example, the project's own tests/mediawiki/extensions/MwgenExample):
//!   its button (`mwgenexample=1`) starts a flow, which answers REDIRECT to our return URL (a page
//!   of the wiki) with `mwgenexamplestate=<nonce>` appended; a plain HTTP GET follows it, and the
//!   continue request sends that state back with `exampleidentity=<name>`.
//!   - linkaccount: REDIRECT, then PASS; `linked_accounts` lists the identity, `unlink_account`
//!     removes it (and a login as that identity then restarts).
//!   - clientlogin: REDIRECT, then PASS for the linked account, RESTART
//!     (`authmanager-authn-no-local-user`, with preserved state) for an identity without one, and
//!     FAIL (`mwgenexample-badstate`) for a state that is not the one sent.
//!   - createaccount from the RESTART (`createpreservestate=1`, a name and the captcha, no
//!     password): PASS, and a second login as the identity passes for the new account.

use hmac::{Hmac, Mac};
use mwgen_runtime::client::{AuthFlow, AuthStatus, Client};
use mwgen_tests::{ext_api_url, ext_state_dir};
use sha1::Sha1;

const AGENT: &str = "mwgen-tests/0.1 (live extension tests; https://example.invalid/mwgen)";
const PASSWORD: &str = "mwgen-extension-password-1";

fn client(api: &str) -> Client {
    Client::builder(api, AGENT).write_interval(std::time::Duration::ZERO).build().expect("a client")
}

fn nanos() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

/// Runs a PHP maintenance script of the extension wiki with `args`, and fails the test when it fails.
fn maintenance(script: &str, args: &[&str]) {
    let settings = ext_state_dir().join("install/LocalSettings.php");
    let out = std::process::Command::new("php")
        .arg(script)
        .args(args)
        .env("MW_CONFIG_FILE", &settings)
        .output()
        .expect("php runs");
    assert!(
        out.status.success(),
        "{script} {args:?} (MW_CONFIG_FILE={}) failed:\n{}{}",
        settings.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// RFC 4648 base 32 (no padding) to bytes.
fn base32(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut n, mut out) = (0u64, 0u32, Vec::new());
    for c in s.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c).expect("a base-32 letter") as u64;
        bits = bits << 5 | v;
        n += 5;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    out
}

/// The TOTP code (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) of `key` for the step `step`.
fn totp(key: &[u8], step: u64) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("any key length");
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let o = usize::from(h[19] & 15);
    let n = u32::from_be_bytes([h[o] & 0x7f, h[o + 1], h[o + 2], h[o + 3]]);
    format!("{:06}", n % 1_000_000)
}

fn step_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() / 30).unwrap_or(0)
}

#[test]
fn totp_matches_the_rfc_6238_vector() {
    // RFC 6238, appendix B: the SHA-1 key "12345678901234567890", T = 59 s, 8 digits 94287082.
    assert_eq!(totp(b"12345678901234567890", 59 / 30), "287082");
    assert_eq!(base32("GEZDGNBVGY3TQOJQ"), b"1234567890");
}

#[tokio::test]
async fn a_second_factor_asks_for_a_code_refuses_a_wrong_one_and_passes_the_right_one() {
    let Some(api) =
        ext_api_url("a_second_factor_asks_for_a_code_refuses_a_wrong_one_and_passes_the_right_one")
    else {
        return;
    };
    let name = format!("Mwgen2fa{}", nanos());
    // 32 letters (160 bits), new on each run.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let seed = nanos();
    let secret: String =
        (0..32).map(|i| alphabet[((seed >> (i % 24)) as usize + i * 7) % 32] as char).collect();
    maintenance("/usr/share/mediawiki/maintenance/createAndPromote.php", &["--force", &name, PASSWORD]);
    let oath = concat!(env!("CARGO_MANIFEST_DIR"), "/mediawiki/oath_enable.php");
    maintenance(oath, &[&name, &secret]);

    let c = client(&api);
    let status = c.client_login(&name, PASSWORD).await.expect("clientlogin answers");
    let AuthStatus::Ui { code, requests, .. } = &status else {
        panic!("UI for the second factor, got {status:?}")
    };
    assert_eq!(code.as_deref(), Some("oathauth-auth-ui"), "{status:?}");
    assert!(
        requests
            .iter()
            .any(|r| r.id.ends_with("TOTPAuthenticationRequest") && r.fields.contains_key("OATHToken")),
        "an OATHToken field: {requests:?}"
    );

    // A code outside OATHAuth's window (4 steps either side of now).
    let key = base32(&secret);
    let now = step_now();
    let valid: Vec<String> = (now.saturating_sub(5)..=now + 5).map(|s| totp(&key, s)).collect();
    let wrong =
        (0..1_000_000u32).map(|n| format!("{n:06}")).find(|c| !valid.contains(c)).expect("a wrong code");
    let status = c.auth_continue(AuthFlow::Login, &[("OATHToken", &wrong)]).await.expect("answers");
    let AuthStatus::Ui { code, .. } = &status else { panic!("UI again after a wrong code, got {status:?}") };
    assert_eq!(code.as_deref(), Some("oathauth-login-failed"), "{status:?}");

    let right = totp(&key, step_now());
    let status = c.auth_continue(AuthFlow::Login, &[("OATHToken", &right)]).await.expect("answers");
    assert_eq!(status, AuthStatus::Pass { username: Some(name.clone()) });
    let me = c.user_info().await.expect("userinfo");
    assert_eq!(me.name, name);

    // OATHAuth 1.39's provider offers nothing to remove (its getAuthenticationRequests is empty for
    // every action): the second factor cannot be removed through removeauthenticationdata.
    let removable = c.removable_authentication_data().await.expect("authmanagerinfo");
    assert!(
        removable.iter().all(|r| !r.id.contains("OATHAuth")),
        "OATHAuth offers a removable request now: {removable:?}"
    );
}

/// The captcha of a createaccount form: its id and its question.
async fn captcha(c: &Client) -> (String, String) {
    let info = c.authmanager_info(AuthFlow::CreateAccount).await.expect("authmanagerinfo");
    let req = info
        .requests
        .iter()
        .find(|r| r.id.ends_with("CaptchaAuthenticationRequest"))
        .unwrap_or_else(|| panic!("a captcha request: {:?}", info.requests));
    let value = |f: &str| {
        req.fields
            .get(f)
            .and_then(|x| x.value.as_ref())
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    (value("captchaId"), value("captchaInfo"))
}

#[tokio::test]
async fn createaccount_with_a_captcha_fails_with_a_wrong_answer_and_passes_with_the_right_one() {
    let Some(api) =
        ext_api_url("createaccount_with_a_captcha_fails_with_a_wrong_answer_and_passes_with_the_right_one")
    else {
        return;
    };
    let c = client(&api);
    let name = format!("Mwgen captcha {}", nanos());
    let (id, question) = captcha(&c).await;
    assert!(!id.is_empty(), "a captcha id");
    assert!(question.contains("mwgen"), "the question up.sh sets: {question}");
    let fields = |id: &str, word: &'static str| {
        vec![
            ("username".to_string(), name.clone()),
            ("password".to_string(), PASSWORD.to_string()),
            ("retype".to_string(), PASSWORD.to_string()),
            ("captchaId".to_string(), id.to_string()),
            ("captchaWord".to_string(), word.to_string()),
        ]
    };
    let send = |f: Vec<(String, String)>| {
        let c = &c;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            c.auth_begin(AuthFlow::CreateAccount, &pairs, "http://127.0.0.1/").await.expect("answers")
        }
    };
    let status = send(fields(&id, "not the answer")).await;
    let AuthStatus::Fail { message, .. } = &status else { panic!("FAIL for a wrong answer, got {status:?}") };
    assert!(message.contains("CAPTCHA"), "{status:?}");

    let (id, _) = captcha(&c).await;
    let status = send(fields(&id, "mwgen")).await;
    assert_eq!(status, AuthStatus::Pass { username: Some(name.clone()) }, "with the right answer");
}

// --- The Example provider (tests/mediawiki/extensions/MwgenExample) ---

/// The id prefix of an Example identity in `amirequestsfor=unlink` (`…:<identity>`).
const EXAMPLE_IDENTITY: &str = "MediaWiki\\Extension\\MwgenExample\\IdentityAuthenticationRequest:";

/// Where the Example provider sends the user back to: a page of the wiki itself.
fn return_url(api: &str) -> String {
    format!("{}index.php?title=Special:BlankPage", api.trim_end_matches("api.php"))
}

/// Checks a REDIRECT of the Example provider, follows its target with a plain HTTP GET (the
/// "browser"), and gives the state the provider put in the query of the page it led to.
async fn follow(status: &AuthStatus, api: &str) -> String {
    let AuthStatus::Redirect { target, requests } = status else {
        panic!("REDIRECT from the Example provider, got {status:?}")
    };
    assert!(
        target.starts_with(&return_url(api)),
        "a redirect to the return URL {}: {target}",
        return_url(api)
    );
    assert!(
        requests.iter().any(|r| r.id.ends_with("MwgenExample\\ReturnAuthenticationRequest")
            && r.fields.contains_key("examplestate")
            && r.fields.contains_key("exampleidentity")),
        "the REDIRECT asks for examplestate and exampleidentity: {requests:?}"
    );
    let page = reqwest::get(target.as_str()).await.unwrap_or_else(|e| panic!("GET {target}: {e}"));
    assert!(page.status().is_success(), "GET {target}: HTTP {}", page.status());
    let state = page.url().query_pairs().find(|(k, _)| k == "mwgenexamplestate").map(|(_, v)| v.into_owned());
    state.unwrap_or_else(|| panic!("no mwgenexamplestate in the URL the redirect led to: {}", page.url()))
}

/// Starts `flow` through the Example provider (its button, `mwgenexample=1`), follows the REDIRECT
/// and comes back as `identity`: the status of the continue request.
async fn through_example(c: &Client, api: &str, flow: AuthFlow, identity: &str) -> AuthStatus {
    let status = c.auth_begin(flow, &[("mwgenexample", "1")], &return_url(api)).await.expect("answers");
    let state = follow(&status, api).await;
    c.auth_continue(flow, &[("examplestate", &state), ("exampleidentity", identity)]).await.expect("answers")
}

/// A new account with a password, logged in on a new client.
async fn logged_in_user(api: &str, prefix: &str) -> (Client, String) {
    let name = format!("{prefix}{}", nanos());
    maintenance("/usr/share/mediawiki/maintenance/createAndPromote.php", &["--force", &name, PASSWORD]);
    let c = client(api);
    let status = c.client_login(&name, PASSWORD).await.expect("clientlogin answers");
    assert_eq!(
        status,
        AuthStatus::Pass { username: Some(name.clone()) },
        "logging in {name} with its password"
    );
    (c, name)
}

/// The Example identities linked to the caller's account.
async fn example_links(c: &Client) -> Vec<String> {
    let linked = c.linked_accounts().await.expect("authmanagerinfo, amirequestsfor=unlink");
    linked.iter().filter_map(|r| r.id.strip_prefix(EXAMPLE_IDENTITY).map(str::to_string)).collect()
}

#[tokio::test]
async fn linkaccount_redirects_passes_after_the_return_and_unlinkaccount_removes_the_link() {
    let Some(api) =
        ext_api_url("linkaccount_redirects_passes_after_the_return_and_unlinkaccount_removes_the_link")
    else {
        return;
    };
    let (c, _) = logged_in_user(&api, "Mwgen link ").await;
    let info = c.authmanager_info(AuthFlow::LinkAccount).await.expect("authmanagerinfo");
    assert!(info.canlinkaccounts, "the Example provider links accounts: {info:?}");
    assert!(
        info.requests.iter().any(|r| r.id.ends_with("MwgenExample\\StartAuthenticationRequest")
            && r.fields.get("mwgenexample").is_some_and(|f| f.kind == "button")),
        "the Example button for linkaccount: {:?}",
        info.requests
    );
    assert_eq!(example_links(&c).await, Vec::<String>::new(), "a new account has no Example identity");

    let identity = format!("link-{}", nanos());
    let status = through_example(&c, &api, AuthFlow::LinkAccount, &identity).await;
    assert!(matches!(status, AuthStatus::Pass { .. }), "linkaccount after the return: {status:?}");

    let linked = c.linked_accounts().await.expect("authmanagerinfo, amirequestsfor=unlink");
    let req = linked
        .iter()
        .find(|r| r.id == format!("{EXAMPLE_IDENTITY}{identity}"))
        .unwrap_or_else(|| panic!("{identity} among the linked accounts: {linked:?}"));
    assert_eq!((req.provider.as_str(), req.account.as_str()), ("Example", identity.as_str()), "{req:?}");

    c.unlink_account(&req.id).await.unwrap_or_else(|e| panic!("unlinkaccount {}: {e}", req.id));
    assert_eq!(
        example_links(&c).await,
        Vec::<String>::new(),
        "{identity} is still linked after unlinkaccount"
    );
    // The wiki no longer knows the identity: logging in with it restarts.
    let status = through_example(&client(&api), &api, AuthFlow::Login, &identity).await;
    assert!(
        matches!(status, AuthStatus::Restart { .. }),
        "clientlogin as an unlinked {identity}: {status:?}"
    );
}

#[tokio::test]
async fn clientlogin_through_example_passes_for_a_linked_identity_and_restarts_for_an_unlinked_one() {
    let Some(api) = ext_api_url(
        "clientlogin_through_example_passes_for_a_linked_identity_and_restarts_for_an_unlinked_one",
    ) else {
        return;
    };
    let (owner, name) = logged_in_user(&api, "Mwgen example login ").await;
    let identity = format!("login-{}", nanos());
    let status = through_example(&owner, &api, AuthFlow::LinkAccount, &identity).await;
    assert!(matches!(status, AuthStatus::Pass { .. }), "linking {identity} to {name}: {status:?}");

    // A linked identity: PASS for its account.
    let c = client(&api);
    let status = through_example(&c, &api, AuthFlow::Login, &identity).await;
    assert_eq!(status, AuthStatus::Pass { username: Some(name.clone()) }, "clientlogin as {identity}");
    assert_eq!(c.user_info().await.expect("userinfo").name, name, "logged in as the linked account");

    // An identity the wiki does not know: RESTART, with the state kept for createaccount.
    let c = client(&api);
    let status = through_example(&c, &api, AuthFlow::Login, &format!("nobody-{}", nanos())).await;
    let AuthStatus::Restart { code, .. } = &status else {
        panic!("RESTART for an unlinked identity, got {status:?}")
    };
    assert_eq!(code.as_deref(), Some("authmanager-authn-no-local-user"), "{status:?}");
    let info = c.authmanager_info(AuthFlow::CreateAccount).await.expect("authmanagerinfo");
    assert!(info.haspreservedstate, "the RESTART left state for createaccount: {info:?}");
    assert!(!c.user_info().await.expect("userinfo").logged_in, "still anonymous after RESTART");

    // A state that is not the one the provider sent: FAIL.
    let c = client(&api);
    let status =
        c.auth_begin(AuthFlow::Login, &[("mwgenexample", "1")], &return_url(&api)).await.expect("answers");
    let state = follow(&status, &api).await;
    let wrong = format!("{state}0");
    let status = c
        .auth_continue(AuthFlow::Login, &[("examplestate", &wrong), ("exampleidentity", &identity)])
        .await
        .expect("answers");
    let AuthStatus::Fail { code, .. } = &status else { panic!("FAIL for a wrong state, got {status:?}") };
    assert_eq!(code.as_deref(), Some("mwgenexample-badstate"), "{status:?}");
}

#[tokio::test]
async fn createaccount_from_the_restart_state_creates_an_account_linked_to_the_identity() {
    let Some(api) =
        ext_api_url("createaccount_from_the_restart_state_creates_an_account_linked_to_the_identity")
    else {
        return;
    };
    let identity = format!("new-{}", nanos());
    let c = client(&api);
    let status = through_example(&c, &api, AuthFlow::Login, &identity).await;
    assert!(matches!(status, AuthStatus::Restart { .. }), "clientlogin as a new {identity}: {status:?}");

    // createaccount with the preserved state: no password (the identity is the primary
    // credential), only a name and the captcha.
    let name = format!("Mwgen example created {}", nanos());
    let (id, _) = captcha(&c).await;
    let fields = [
        ("createpreservestate", "1"),
        ("username", name.as_str()),
        ("captchaId", id.as_str()),
        ("captchaWord", "mwgen"),
    ];
    let status = c.auth_begin(AuthFlow::CreateAccount, &fields, &return_url(&api)).await.expect("answers");
    assert_eq!(status, AuthStatus::Pass { username: Some(name.clone()) }, "createaccount from the RESTART");

    // The new account is linked: logging in as the identity passes for it.
    let c = client(&api);
    let status = through_example(&c, &api, AuthFlow::Login, &identity).await;
    assert_eq!(status, AuthStatus::Pass { username: Some(name.clone()) }, "clientlogin as {identity}");
    assert_eq!(example_links(&c).await, vec![identity.clone()], "the new account's Example identities");
}
