//! The fake starts, gives sessions, and compares with the real wiki through the shared helpers.

mod common;

#[tokio::test]
async fn a_fresh_fake_gives_a_session_cookie_and_tokens() {
    let (_wiki, url) = common::fake().await;
    let s = common::Session::new(&url);
    let v = s.get(&[("action", "query"), ("meta", "tokens"), ("type", "csrf")]).await;
    // Anonymous: the csrf token is `+\` (or the module is not answered yet).
    assert!(v["query"]["tokens"]["csrftoken"] == "+\\" || v["error"]["code"] == "notimplemented", "{v}");
    let real = common::real_wiki("a_fresh_fake_gives_a_session_cookie_and_tokens");
    if let Some(real) = real {
        let r = common::Session::new(&real)
            .get(&[("action", "query"), ("meta", "tokens"), ("type", "csrf")])
            .await;
        assert_eq!(r["query"]["tokens"]["csrftoken"], "+\\", "{r}");
    }
}
