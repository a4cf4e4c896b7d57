//! Differential tests of the fake's accounts, sessions and tokens: the same requests to the fake and
//! to the real wiki of tests/mediawiki/up.sh, compared after normalisation.

mod accounts_support;
mod common;

use accounts_support::pair;

const BOT: &str = "Admin@mwgen";
const BOT_PASSWORD: &str = "mwgenbotpassword0123456789abcdef";
const PASSWORD: &str = "mwgen-admin-password-1";

#[tokio::test]
async fn action_login_answers_as_mediawiki_does() {
    let Some(p) = pair("action login").await else { return };
    // A session that never had a login token: the token it sends cannot match.
    p.post(
        "login, session never had a token",
        &[("action", "login"), ("lgname", "Admin"), ("lgpassword", "x"), ("lgtoken", "abc+\\")],
    )
    .await;
    let (f, _) = p
        .post("login without a token", &[("action", "login"), ("lgname", "Admin"), ("lgpassword", "x")])
        .await;
    assert_eq!(f["login"]["result"], "NeedToken", "{f}");
    p.post(
        "NeedToken, formatversion=1",
        &[("action", "login"), ("lgname", "Admin"), ("formatversion", "1"), ("format", "json")],
    )
    .await;
    p.post(
        "wrong token",
        &[("action", "login"), ("lgname", "Admin"), ("lgpassword", "x"), ("lgtoken", "abc+\\")],
    )
    .await;
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("wrong password", &[("lgname", "Admin"), ("lgpassword", "x")]),
        ("no such user", &[("lgname", "Nobody here at all"), ("lgpassword", "x")]),
        ("no name", &[]),
        ("invalid name", &[("lgname", "a|b"), ("lgpassword", "x")]),
        ("bot password, wrong", &[("lgname", BOT), ("lgpassword", "x")]),
        ("bot password, no such app", &[("lgname", "Admin@nope"), ("lgpassword", BOT_PASSWORD)]),
        (
            "wrong password, plaintext",
            &[("lgname", "Admin"), ("lgpassword", "x"), ("errorformat", "plaintext")],
        ),
        ("wrong password, raw", &[("lgname", "Admin"), ("lgpassword", "x"), ("errorformat", "raw")]),
    ];
    for (what, extra) in cases {
        let mut params = vec![("action", "login")];
        params.extend_from_slice(extra);
        p.post_token(what, &params, "lgtoken", "login").await;
    }
    let (f, _) = p
        .post_token(
            "main-account login",
            &[("action", "login"), ("lgname", "admin"), ("lgpassword", PASSWORD)],
            "lgtoken",
            "login",
        )
        .await;
    assert_eq!(f["login"]["lgusername"], "Admin", "{f}");
    p.get("userinfo after the login", &[("action", "query"), ("meta", "userinfo")]).await;
    p.get("login by GET", &[("action", "login"), ("lgname", "Admin")]).await;
}

#[tokio::test]
async fn bot_password_sessions_keep_only_their_grants() {
    let Some(p) = pair("bot session").await else { return };
    let (f, _) = p
        .post_token(
            "bot password login",
            &[("action", "login"), ("lgname", BOT), ("lgpassword", BOT_PASSWORD)],
            "lgtoken",
            "login",
        )
        .await;
    assert_eq!(f["login"]["result"], "Success", "{f}");
    p.get(
        "userinfo of a bot session",
        &[("action", "query"), ("meta", "userinfo"), ("uiprop", "rights|groups|implicitgroups")],
    )
    .await;
    p.get(
        "authmanagerinfo of a bot session",
        &[("action", "query"), ("meta", "authmanagerinfo"), ("amisecuritysensitiveoperation", "x")],
    )
    .await;
    p.post_token(
        "login again in a bot session",
        &[("action", "login"), ("lgname", BOT), ("lgpassword", BOT_PASSWORD)],
        "lgtoken",
        "login",
    )
    .await;
    p.post_token(
        "block without the grant",
        &[("action", "block"), ("user", "Nobody here at all")],
        "token",
        "csrf",
    )
    .await;
    p.post_token("logout of a bot session", &[("action", "logout")], "token", "csrf").await;
    p.get("userinfo after logout", &[("action", "query"), ("meta", "userinfo")]).await;
}

#[tokio::test]
async fn clientlogin_answers_as_mediawiki_does() {
    let Some(p) = pair("clientlogin").await else { return };
    let url = ("loginreturnurl", "http://example.org/");
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("neither returnurl nor continue", &[]),
        ("no user", &[url]),
        ("no password", &[url, ("username", "Admin")]),
        ("no such user", &[url, ("username", "Nobody here at all"), ("password", "x")]),
        ("invalid name", &[url, ("username", "a|b"), ("password", "x")]),
        ("bot name", &[url, ("username", BOT), ("password", BOT_PASSWORD)]),
        ("wrong password", &[url, ("username", "Admin"), ("password", "x"), ("foo", "1")]),
        ("html", &[url, ("username", "Admin"), ("password", "x"), ("loginmessageformat", "html")]),
        ("raw", &[url, ("username", "Admin"), ("password", "x"), ("loginmessageformat", "raw")]),
        ("none", &[url, ("username", "Admin"), ("password", "x"), ("loginmessageformat", "none")]),
        (
            "plaintext is no message format",
            &[url, ("username", "Admin"), ("loginmessageformat", "plaintext")],
        ),
        (
            "continue without a login in progress",
            &[("logincontinue", "1"), ("username", "Admin"), ("password", "x")],
        ),
        ("preservestate", &[url, ("username", "Admin"), ("password", "x"), ("loginpreservestate", "1")]),
        (
            "formatversion=1",
            &[url, ("username", "Admin"), ("password", "x"), ("formatversion", "1"), ("format", "json")],
        ),
        (
            "only the password request",
            &[
                url,
                ("username", "Admin"),
                ("password", "x"),
                ("loginrequests", "MediaWiki\\Auth\\PasswordAuthenticationRequest"),
            ],
        ),
        ("an unknown request", &[url, ("username", "Admin"), ("password", "x"), ("loginrequests", "foo")]),
    ];
    for (what, extra) in cases {
        let mut params = vec![("action", "clientlogin")];
        params.extend_from_slice(extra);
        p.post_token(what, &params, "logintoken", "login").await;
    }
    p.post(
        "bad token",
        &[("action", "clientlogin"), url, ("username", "Admin"), ("password", "x"), ("logintoken", "x")],
    )
    .await;
    let (f, _) = p
        .post_token(
            "PASS",
            &[
                ("action", "clientlogin"),
                url,
                ("username", "admin"),
                ("password", PASSWORD),
                ("rememberMe", "1"),
            ],
            "logintoken",
            "login",
        )
        .await;
    assert_eq!(f["clientlogin"]["status"], "PASS", "{f}");
    p.get(
        "userinfo after clientlogin",
        &[("action", "query"), ("meta", "userinfo"), ("uiprop", "groups|rights|groupmemberships")],
    )
    .await;
}

#[tokio::test]
async fn tokens_and_checktoken_answer_as_mediawiki_does() {
    let Some(p) = pair("tokens").await else { return };
    p.get("anonymous, all types", &[("action", "query"), ("meta", "tokens"), ("type", "*")]).await;
    p.get("anonymous, the default", &[("action", "query"), ("meta", "tokens")]).await;
    p.get("an unknown type", &[("action", "query"), ("meta", "tokens"), ("type", "csrf|foo")]).await;
    p.get("checktoken, anonymous csrf", &[("action", "checktoken"), ("type", "csrf"), ("token", "+\\")])
        .await;
    p.get("checktoken, invalid", &[("action", "checktoken"), ("type", "login"), ("token", "abc+\\")]).await;
    p.get("checktoken, badly encoded", &[("action", "checktoken"), ("type", "csrf"), ("token", "abc \\")])
        .await;
    let (ft, rt) = (p.fake.token("login").await, p.real.token("login").await);
    let (f, r) = (
        p.fake.get(&[("action", "checktoken"), ("type", "login"), ("token", &ft)]).await,
        p.real.get(&[("action", "checktoken"), ("type", "login"), ("token", &rt)]).await,
    );
    p.same("checktoken, valid login token", &f, &r);
    assert_eq!(f["checktoken"]["result"], "valid", "{f}");
    p.admin().await;
    p.get("logged in, all types", &[("action", "query"), ("meta", "tokens"), ("type", "*")]).await;
    let (f, _) = p.get("logged in, csrf", &[("action", "query"), ("meta", "tokens")]).await;
    assert_ne!(f["query"]["tokens"]["csrftoken"], "+\\", "{f}");
    p.post("clearhasmsg", &[("action", "clearhasmsg")]).await;
    p.get("clearhasmsg by GET", &[("action", "clearhasmsg")]).await;
    p.get("hasmsg", &[("action", "query"), ("meta", "userinfo"), ("uiprop", "hasmsg")]).await;
}

#[tokio::test]
async fn logout_answers_as_mediawiki_does() {
    let Some(p) = pair("logout").await else { return };
    p.admin().await;
    p.post("logout without a token", &[("action", "logout")]).await;
    p.post("logout with a bad token", &[("action", "logout"), ("token", "abc")]).await;
    p.get("logout by GET", &[("action", "logout"), ("token", "abc")]).await;
    let (f, _) = p.post_token("logout", &[("action", "logout")], "token", "csrf").await;
    assert_eq!(f, serde_json::json!({}), "{f}");
    p.get("userinfo after logout", &[("action", "query"), ("meta", "userinfo")]).await;
    p.get("tokens after logout", &[("action", "query"), ("meta", "tokens"), ("type", "csrf|watch")]).await;
    p.post_token("logout when anonymous", &[("action", "logout")], "token", "csrf").await;
}

#[tokio::test]
async fn userinfo_answers_as_mediawiki_does() {
    let Some(p) = pair("userinfo").await else { return };
    // Admin's edits depend on what else ran against the real wiki.
    let all = "blockinfo|hasmsg|groups|groupmemberships|implicitgroups|rights|changeablegroups|ratelimits|\
               theoreticalratelimits|email|realname|acceptlang|registrationdate|unreadcount|centralids|options";
    p.get("anonymous, every prop", &[("action", "query"), ("meta", "userinfo"), ("uiprop", all)]).await;
    p.get(
        "anonymous, editcount",
        &[("action", "query"), ("meta", "userinfo"), ("uiprop", "editcount|latestcontrib")],
    )
    .await;
    p.get(
        "anonymous, an unknown prop",
        &[("action", "query"), ("meta", "userinfo"), ("uiprop", "rights|registration")],
    )
    .await;
    p.admin().await;
    // Admin's unread watchlist count depends on what other tests watched and changed on the real wiki.
    let admin_all = all.replace("|unreadcount", "");
    p.get("Admin, every prop", &[("action", "query"), ("meta", "userinfo"), ("uiprop", &admin_all)]).await;
    let q = [("action", "query"), ("meta", "userinfo"), ("uiprop", "unreadcount")];
    let (f, r) = (p.fake.get(&q).await, p.real.get(&q).await);
    let count = |v: &serde_json::Value| v["query"]["userinfo"]["unreadcount"].as_u64();
    assert!(count(&f).is_some() && count(&r).is_some(), "unreadcount: fake {f}, real {r}");
    let name = p.name("Ui");
    p.create(&name).await;
    let other = p.another();
    other.login_created(&name).await;
    other.get("a new user, every prop", &[("action", "query"), ("meta", "userinfo"), ("uiprop", "*")]).await;
}

#[tokio::test]
async fn authmanagerinfo_answers_as_mediawiki_does() {
    let Some(p) = pair("authmanagerinfo").await else { return };
    let q = |extra: &[(&'static str, &'static str)]| {
        let mut v = vec![("action", "query"), ("meta", "authmanagerinfo")];
        v.extend_from_slice(extra);
        v
    };
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("nothing asked", &[]),
        ("login", &[("amirequestsfor", "login")]),
        ("create", &[("amirequestsfor", "create")]),
        ("change", &[("amirequestsfor", "change")]),
        ("create, merged", &[("amirequestsfor", "create"), ("amimergerequestfields", "1")]),
        (
            "login, merged, fv1",
            &[
                ("amirequestsfor", "login"),
                ("amimergerequestfields", "1"),
                ("formatversion", "1"),
                ("format", "json"),
            ],
        ),
        ("login, raw", &[("amirequestsfor", "login"), ("amimessageformat", "raw")]),
        ("login, none", &[("amirequestsfor", "login"), ("amimessageformat", "none")]),
        ("security-sensitive", &[("amisecuritysensitiveoperation", "foo")]),
    ];
    for (what, extra) in cases {
        p.get(what, &q(extra)).await;
    }
    p.admin().await;
    p.get("logged in, login", &q(&[("amirequestsfor", "login"), ("amisecuritysensitiveoperation", "x")]))
        .await;
    p.get("logged in, create", &q(&[("amirequestsfor", "create")])).await;
}

#[tokio::test]
async fn createaccount_answers_as_mediawiki_does() {
    let Some(p) = pair("createaccount").await else { return };
    let name = p.name("Ca");
    let url = ("createreturnurl", "http://example.org/");
    let good = "Mwgen-test-password-9";
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("neither returnurl nor continue", vec![]),
        ("no user", vec![url]),
        ("taken", vec![url, ("username", "Admin"), ("password", good), ("retype", good)]),
        ("reserved", vec![url, ("username", "MediaWiki default"), ("password", good), ("retype", good)]),
        ("not creatable", vec![url, ("username", "Some@one"), ("password", good), ("retype", good)]),
        ("mismatch", vec![url, ("username", &name), ("password", good), ("retype", "other")]),
        ("common password", vec![url, ("username", &name), ("password", "password"), ("retype", "password")]),
        ("short common password", vec![url, ("username", &name), ("password", "abc"), ("retype", "abc")]),
        ("password in the name", vec![url, ("username", &name), ("password", "Ca"), ("retype", "Ca")]),
        ("invalid name", vec![url, ("username", "a|b"), ("password", good), ("retype", good)]),
        ("continue", vec![("createcontinue", "1")]),
        (
            "PASS, with a reason nobody reads",
            vec![url, ("username", &name), ("password", good), ("retype", good), ("reason", "r")],
        ),
        ("taken now", vec![url, ("username", &name), ("password", good), ("retype", good)]),
    ];
    for (what, extra) in &cases {
        let mut params = vec![("action", "createaccount")];
        params.extend_from_slice(extra);
        p.post_token(what, &params, "createtoken", "createaccount").await;
    }
    p.get("still anonymous", &[("action", "query"), ("meta", "userinfo")]).await;
    let props = "blockinfo|groups|groupmemberships|implicitgroups|rights|editcount|registration|emailable|gender|centralids|cancreate";
    let users = format!("{name}|Nobody here at all|127.0.0.1|Some@one");
    p.get("list=users", &[("action", "query"), ("list", "users"), ("ususers", &users), ("usprop", props)])
        .await;
    p.get(
        "list=users, one",
        &[("action", "query"), ("list", "users"), ("ususers", &name), ("usprop", props)],
    )
    .await;
    p.admin().await;
    let second = p.name("Cb");
    let params = [
        ("action", "createaccount"),
        url,
        ("username", second.as_str()),
        ("password", good),
        ("retype", good),
        ("reason", "made by Admin"),
    ];
    p.post_token("created by Admin", &params, "createtoken", "createaccount").await;
    p.get("userinfo of the creator", &[("action", "query"), ("meta", "userinfo")]).await;
    for who in [&name, &second] {
        let title = format!("User:{who}");
        let log =
            [("action", "query"), ("list", "logevents"), ("letype", "newusers"), ("letitle", title.as_str())];
        let (f, _) = p.get("the newusers log", &log).await;
        assert_eq!(f["query"]["logevents"].as_array().map(Vec::len), Some(1), "{f}");
    }
    let prefix = p.prefix.clone();
    let all = [("action", "query"), ("list", "allusers"), ("auprefix", prefix.as_str())];
    p.get("allusers by prefix", &all).await;
    let mut props = all.to_vec();
    props.push(("auprop", "blockinfo|groups|implicitgroups|rights|editcount|registration|centralids"));
    p.get("allusers with props", &props).await;
    let mut step = all.to_vec();
    step.push(("aulimit", "1"));
    p.get("allusers in steps", &step).await;
    step.push(("aufrom", second.as_str()));
    p.get("allusers, the next step", &step).await;
    let mut down = all.to_vec();
    down.push(("audir", "descending"));
    p.get("allusers descending", &down).await;
    let mut active = all.to_vec();
    active.push(("auactiveusers", "1"));
    p.get("allusers active", &active).await;
    let mut edits = all.to_vec();
    edits.push(("auwitheditsonly", "1"));
    p.get("allusers with edits", &edits).await;
    p.get(
        "allusers in group sysop",
        &[("action", "query"), ("list", "allusers"), ("augroup", "sysop"), ("auto", "Admin")],
    )
    .await;
}

#[tokio::test]
async fn what_mwclient_and_pywikibot_ask_answers_as_mediawiki_does() {
    let Some(p) = pair("clients").await else { return };
    // mwclient: formatversion 1, userinfo asked twice beside siteinfo.
    let fv1 = [("format", "json")];
    let with = |extra: &[(&'static str, &'static str)], base: &[(&'static str, &'static str)]| {
        let mut v = base.to_vec();
        v.extend_from_slice(extra);
        v
    };
    let site = [
        ("action", "query"),
        ("continue", ""),
        ("meta", "siteinfo|userinfo|userinfo"),
        ("siprop", "general|namespaces"),
        ("uiprop", "groups|rights|blockinfo|hasmsg"),
    ];
    p.get("mwclient's first request", &with(&fv1, &site)).await;
    let login = [("action", "login"), ("lgname", BOT), ("lgpassword", BOT_PASSWORD), ("format", "json")];
    p.post_token("mwclient's login", &login, "lgtoken", "login").await;
    let ui = [
        ("action", "query"),
        ("continue", ""),
        ("meta", "userinfo|userinfo"),
        ("uiprop", "groups|rights|blockinfo|hasmsg"),
    ];
    p.get("mwclient's userinfo", &with(&fv1, &ui)).await;
    // pywikibot: formatversion 2, by POST, with maxlag.
    let other = p.another();
    let pwb = [("maxlag", "5")];
    let ui =
        [("action", "query"), ("meta", "userinfo"), ("uiprop", "blockinfo|groups|hasmsg|ratelimits|rights")];
    other.post("pywikibot's userinfo", &with(&pwb, &ui)).await;
    let tokens = [
        ("action", "query"),
        ("meta", "tokens"),
        ("type", "createaccount|csrf|login|patrol|rollback|userrights|watch"),
    ];
    other.post("pywikibot's tokens", &with(&pwb, &tokens)).await;
    let login = [
        ("action", "clientlogin"),
        ("loginreturnurl", "https://example.com"),
        ("username", "Admin"),
        ("password", PASSWORD),
        ("rememberMe", "1"),
        ("maxlag", "5"),
        ("format", "json"),
    ];
    other.post_token("pywikibot's clientlogin", &login, "logintoken", "login").await;
    let site = [
        ("action", "query"),
        ("meta", "siteinfo|userinfo"),
        ("siprop", "namespaces|namespacealiases|general"),
        ("uiprop", "blockinfo|hasmsg"),
    ];
    other.post("pywikibot's siteinfo", &with(&pwb, &site)).await;
    let ext = [
        ("action", "query"),
        ("meta", "siteinfo|userinfo"),
        ("siprop", "extensions"),
        ("uiprop", "blockinfo|hasmsg"),
    ];
    other.post("pywikibot's extensions", &with(&pwb, &ext)).await;
    other.post("pywikibot's userinfo, logged in", &with(&pwb, &ui)).await;
}

#[tokio::test]
async fn passwords_and_tokens_in_the_query_string_are_refused_as_mediawiki_does() {
    let Some(p) = pair("posted").await else { return };
    let login = [("action", "login")];
    p.post_split(
        "lgpassword in the query string",
        &[("action", "login"), ("lgpassword", "x")],
        &[("lgname", "Admin")],
    )
    .await;
    p.post_split("lgtoken in the query string", &[("action", "login"), ("lgtoken", "x")], &login).await;
    let body = [("username", "Admin"), ("logintoken", "+\\"), ("loginreturnurl", "http://example.org/")];
    p.post_split("password in the query string", &[("action", "clientlogin"), ("password", "x")], &body)
        .await;
    p.post(
        "a return URL without a scheme",
        &[("action", "clientlogin"), ("loginreturnurl", "foo"), ("logintoken", "+\\")],
    )
    .await;
}

#[tokio::test]
async fn linkaccount_answers_as_mediawiki_does() {
    let Some(p) = pair("linkaccount").await else { return };
    let link = [("action", "linkaccount"), ("linkreturnurl", "http://example.org/")];
    p.post_token("anonymous", &link, "linktoken", "csrf").await;
    p.admin().await;
    p.post_token("no provider", &link, "linktoken", "csrf").await;
    let fv1 = [("action", "linkaccount"), ("linkreturnurl", "http://example.org/"), ("format", "json")];
    p.post_token("no provider, formatversion=1", &fv1, "linktoken", "csrf").await;
    let cont = [("action", "linkaccount"), ("linkcontinue", "1"), ("linkmessageformat", "raw")];
    p.post_token("continued, raw message", &cont, "linktoken", "csrf").await;
    p.post_token("neither returnurl nor continue", &[("action", "linkaccount")], "linktoken", "csrf").await;
}
