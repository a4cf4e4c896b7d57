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
