//! Differential tests of the fake's blocks: `action=block`, `action=unblock`, `list=blocks` and the
//! block details of `list=users`, against the real wiki of tests/mediawiki/up.sh.

mod accounts_support;
mod common;

use accounts_support::pair;
use serde_json::Value;

/// An IP address unique to this run (the real wiki keeps its blocks).
fn ip() -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or(0);
    format!("10.{}.{}.{}", (t / 62_500) % 250 + 1, (t / 250) % 250 + 1, t % 250 + 1)
}

#[tokio::test]
async fn blocks_of_users_answer_as_mediawiki_does() {
    let Some(p) = pair("blocks").await else { return };
    let name = p.name("Target");
    p.create(&name).await;
    let anon = p.another();
    anon.post("block by an anonymous caller", &[("action", "block"), ("user", &name), ("token", "+\\")])
        .await;
    p.admin().await;
    let block = |extra: &[(&'static str, &'static str)]| {
        let mut v: Vec<(&str, &str)> = vec![("action", "block")];
        v.extend_from_slice(extra);
        v
    };
    p.post_token("no target", &block(&[]), "token", "csrf").await;
    p.post_token("no such user", &block(&[("user", "Nobody here at all")]), "token", "csrf").await;
    p.post_token("no such user id", &block(&[("userid", "987654321")]), "token", "csrf").await;
    let mut bad = block(&[("expiry", "bogus")]);
    bad.push(("user", &name));
    p.post_token("a bad expiry", &bad, "token", "csrf").await;
    let mut first = block(&[("reason", "test"), ("expiry", "1 day"), ("nocreate", "1"), ("autoblock", "1")]);
    first.push(("user", &name));
    let (f, _) = p.post_token("block", &first, "token", "csrf").await;
    assert_eq!(f["block"]["nocreate"], true, "{f}");
    let mut again = block(&[]);
    again.push(("user", &name));
    p.post_token("already blocked", &again, "token", "csrf").await;
    let mut re = block(&[("reblock", "1"), ("expiry", "infinite"), ("allowusertalk", "1"), ("noemail", "1")]);
    re.push(("user", &name));
    let (f, _) = p.post_token("reblock", &re, "token", "csrf").await;
    assert_eq!(f["block"]["expiry"], "infinite", "{f}");
    p.get("list=blocks", &[("action", "query"), ("list", "blocks"), ("bkusers", &name)]).await;
    let all = "id|user|userid|by|byid|timestamp|expiry|reason|range|flags|restrictions";
    let (f, _) = p
        .get(
            "list=blocks, every prop",
            &[("action", "query"), ("list", "blocks"), ("bkusers", &name), ("bkprop", all)],
        )
        .await;
    assert_eq!(f["query"]["blocks"][0]["expiry"], "infinity", "{f}");
    p.get(
        "list=blocks, accounts only",
        &[("action", "query"), ("list", "blocks"), ("bkusers", &name), ("bkshow", "account")],
    )
    .await;
    p.get(
        "list=blocks, IPs only",
        &[("action", "query"), ("list", "blocks"), ("bkusers", &name), ("bkshow", "ip")],
    )
    .await;
    p.get(
        "list=users, blockinfo",
        &[("action", "query"), ("list", "users"), ("ususers", &name), ("usprop", "blockinfo")],
    )
    .await;
    let blocked = p.another();
    blocked.login_created(&name).await;
    let info = [("action", "query"), ("meta", "userinfo"), ("uiprop", "blockinfo|rights")];
    blocked.get("userinfo of a blocked user", &info).await;
    let reason = [("action", "unblock"), ("user", name.as_str()), ("reason", "done")];
    p.post_token("unblock", &reason, "token", "csrf").await;
    p.post_token("unblock again", &[("action", "unblock"), ("user", &name)], "token", "csrf").await;
    p.post_token("unblock by an unknown id", &[("action", "unblock"), ("id", "987654321")], "token", "csrf")
        .await;
    let unblock = [("action", "unblock"), ("userid", "987654321")];
    p.post_token("unblock by an unknown user id", &unblock, "token", "csrf").await;
    let unblock = [("action", "unblock"), ("user", "nobody_here at all")];
    p.post_token("unblock of a user nobody has", &unblock, "token", "csrf").await;
    let both = [("action", "block"), ("userid", "1"), ("user", "Admin")];
    p.post_token("block by name and id", &both, "token", "csrf").await;
    p.post_token("unblock without a target", &[("action", "unblock")], "token", "csrf").await;
    p.post_token(
        "unblock with two targets",
        &[("action", "unblock"), ("id", "1"), ("user", &name)],
        "token",
        "csrf",
    )
    .await;
    p.get("list=blocks after the unblock", &[("action", "query"), ("list", "blocks"), ("bkusers", &name)])
        .await;
    // What the log and recent changes say of it all (newest first: unblock, reblock, block, and
    // the account's creation).
    let title = format!("User:{name}");
    let log = [("action", "query"), ("list", "logevents"), ("letitle", title.as_str()), ("lelimit", "10")];
    let (f, _) = p.get("the log of the target", &log).await;
    assert_eq!(f["query"]["logevents"].as_array().map(Vec::len), Some(4), "{f}");
    let rc = [
        ("action", "query"),
        ("list", "recentchanges"),
        ("rctitle", title.as_str()),
        ("rcprop", "title|user|comment|loginfo|flags|sizes|patrolled"),
    ];
    p.get("recent changes of the target", &rc).await;
}

#[tokio::test]
async fn blocks_of_addresses_answer_as_mediawiki_does() {
    let Some(p) = pair("ipblocks").await else { return };
    p.admin().await;
    let ip = ip();
    let (f, _) = p
        .post_token(
            "block an address",
            &[("action", "block"), ("user", &ip), ("expiry", "2 hours"), ("reason", "r")],
            "token",
            "csrf",
        )
        .await;
    assert_eq!(f["block"]["userID"], 0, "{f}");
    let (f, _) = p
        .get(
            "list=blocks by address",
            &[
                ("action", "query"),
                ("list", "blocks"),
                ("bkip", &ip),
                ("bkprop", "user|userid|range|flags|reason"),
            ],
        )
        .await;
    assert_eq!(f["query"]["blocks"].as_array().map(Vec::len), Some(1), "{f}");
    let (f, r) = (
        p.fake.get(&[("action", "query"), ("list", "blocks"), ("bklimit", "1"), ("bkprop", "user")]).await,
        p.real.get(&[("action", "query"), ("list", "blocks"), ("bklimit", "1"), ("bkprop", "user")]).await,
    );
    // The newest block first on both; the real wiki may hold older ones, so only the shape compares.
    assert_eq!(f["query"]["blocks"][0]["user"], Value::String(ip.clone()), "{f}");
    assert_eq!(r["query"]["blocks"][0]["user"], Value::String(ip.clone()), "{r}");
    p.post_token("unblock the address", &[("action", "unblock"), ("user", &ip)], "token", "csrf").await;
}
