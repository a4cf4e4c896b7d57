//! Sessions: a request without a cookie is served as a new, anonymous session, with no lookup of who
//! is calling; and a client cannot pass for such a request, since the layer takes its marker off.

mod common;

use serde_json::Value;

/// Whether `action=query` with 51 titles is refused for too many values: the limit is 50, or 500 with
/// `apihighlimits`, which Admin's bot password grants.
async fn too_many(url: &str, cookie: &str, marker: bool) -> bool {
    let titles: Vec<String> = (0..51).map(|i| format!("T{i}")).collect();
    let titles = titles.join("|");
    let mut req = reqwest::Client::new().get(url).query(&[
        ("action", "query"),
        ("titles", titles.as_str()),
        ("format", "json"),
        ("formatversion", "2"),
    ]);
    if !cookie.is_empty() {
        req = req.header("cookie", cookie);
    }
    if marker {
        req = req.header("x-mwgen-fresh-session", "1");
    }
    let v: Value = req.send().await.expect("the fake answers").json().await.expect("JSON");
    v.to_string().contains("toomanyvalues")
}

#[tokio::test]
async fn a_logged_in_session_keeps_its_rights_whatever_the_client_sends() {
    let (_wiki, url) = common::fake().await;
    let s = common::Session::new(&url);
    s.login_bot().await;
    let v = s.get(&[("action", "query"), ("meta", "userinfo")]).await;
    assert_eq!(v["query"]["userinfo"]["name"], "Admin", "{v}");

    // The same session, sending the layer's marker, keeps its rights.
    let cookie = s.cookies();
    assert!(cookie.contains("mwgen_session="), "{cookie:?}");
    assert!(!too_many(&url, &cookie, false).await, "Admin@mwgen has apihighlimits");
    assert!(!too_many(&url, &cookie, true).await, "the marker sent by a client is ignored");

    // No cookie, with or without the marker: anonymous.
    for marker in [false, true] {
        assert!(too_many(&url, "", marker).await, "anonymous: 50 values at most");
    }

    // Without a cookie: a new session, anonymous, with its cookie set.
    let resp = reqwest::Client::new()
        .get(&url)
        .query(&[("action", "query"), ("meta", "userinfo"), ("format", "json"), ("formatversion", "2")])
        .send()
        .await
        .expect("the fake answers");
    let set = resp.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(set.starts_with("mwgen_session="), "a new session is given: {set:?}");
    let v: Value = resp.json().await.expect("JSON");
    assert_eq!(v["query"]["userinfo"]["anon"], true, "{v}");
}
