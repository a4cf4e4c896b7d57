//! `action=userrights`, change tags (`managetags`, `tag`, `tags=` on an edit) and
//! `action=revisiondelete`, differentially: the same requests to the real wiki and to the fake, the
//! answers compared after normalisation, then the logs and the revisions as readers see them.
//!
//! Everything is the run's own (accounts, pages and a tag named from a fresh prefix), and the tag is
//! deleted at the end, so the real wiki keeps no active tag (which would change its paraminfo).

mod pages;

use pages::{both, fake_logs, real_logs, same, Client};
use serde_json::Value;

/// The password of the accounts the tests make.
const PASSWORD: &str = "mwgen-rights-password-1";

/// Creates the account `name` on one wiki (as Admin, who may).
async fn account(c: &Client, name: &str) {
    let token = c.token("createaccount").await;
    let v = c
        .post(&[
            ("action", "createaccount"),
            ("username", name),
            ("password", PASSWORD),
            ("retype", PASSWORD),
            ("createreturnurl", "http://127.0.0.1/"),
            ("createtoken", &token),
        ])
        .await;
    assert_eq!(v["createaccount"]["status"], "PASS", "createaccount {name}: {v}");
}

#[tokio::test]
async fn userrights_changes_groups_and_logs_as_the_wiki_does() {
    let Some((wiki, fake, real, p)) = both("userrights").await else { return };
    let user = format!("{p} U");
    for c in [&fake, &real] {
        account(c, &user).await;
    }
    let u = user.as_str();
    let lower = user.to_lowercase();
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("add bot", vec![("user", u), ("add", "bot"), ("reason", "a bot")]),
        ("add bot again", vec![("user", u), ("add", "bot")]),
        ("add sysop until 2099", vec![("user", u), ("add", "sysop"), ("expiry", "2099-01-01T00:00:00Z")]),
        ("sysop for ever", vec![("user", u), ("add", "sysop")]),
        (
            "two groups, one expiry each",
            vec![("user", u), ("add", "bot|interface-admin"), ("expiry", "infinite|2098-01-01T00:00:00Z")],
        ),
        ("too few expiries", vec![("user", u), ("add", "bot|sysop|bureaucrat"), ("expiry", "1 day|2 days")]),
        ("bad expiry", vec![("user", u), ("add", "bot"), ("expiry", "garbage")]),
        ("past expiry", vec![("user", u), ("add", "bot"), ("expiry", "2001-01-01T00:00:00Z")]),
        ("remove bot", vec![("user", u), ("remove", "bot"), ("reason", "no bot")]),
        ("remove bot again", vec![("user", u), ("remove", "bot")]),
        ("remove and add", vec![("user", u), ("remove", "sysop|interface-admin"), ("add", "bot")]),
        ("lower-case name", vec![("user", &lower), ("remove", "bot")]),
        ("nobody", vec![("user", "Nobody at all 0"), ("add", "bot")]),
        ("an address", vec![("user", "192.0.2.77"), ("add", "bot")]),
    ];
    for (what, params) in steps {
        let mut q = vec![("action", "userrights")];
        q.extend(params);
        same(what, &fake, &real, &p, "userrights", &q).await;
    }
    let who = [("action", "query"), ("list", "users"), ("ususers", u), ("usprop", "groups|groupmemberships")];
    let (f, r) = (fake.get(&who).await, real.get(&who).await);
    pages::common::assert_same("the groups after", &f, &r, &p);
    let (f, r) = (fake_logs(&wiki, "rights", 20, &p), real_logs(&real, "rights", 20, &p).await);
    pages::common::assert_same("the rights log", &f, &r, &p);
}

#[tokio::test]
async fn change_tags_are_made_applied_and_removed_as_the_wiki_does() {
    let Some((wiki, fake, real, p)) = both("tags").await else { return };
    // A tag name from the prefix: the same on both wikis, new on each run.
    let tag = format!("{}-tag", p.replace(' ', "-").to_lowercase());
    let t = tag.as_str();
    let title = format!("{p} tagged");
    let manage =
        |op: &'static str| vec![("action", "managetags"), ("operation", op), ("tag", t), ("reason", "why")];
    same("create", &fake, &real, &p, "csrf", &manage("create")).await;
    same("create again", &fake, &real, &p, "csrf", &manage("create")).await;
    same("activate an active tag", &fake, &real, &p, "csrf", &manage("activate")).await;
    let bad = [("action", "managetags"), ("operation", "create"), ("tag", "a|b")];
    same("a pipe in the name", &fake, &real, &p, "csrf", &bad).await;
    let software = [("action", "managetags"), ("operation", "delete"), ("tag", "mw-undo")];
    same("delete a software tag", &fake, &real, &p, "csrf", &software).await;
    let edit = [("action", "edit"), ("title", title.as_str()), ("text", "tagged text"), ("tags", t)];
    same("an edit with the tag", &fake, &real, &p, "csrf", &edit).await;
    let unknown =
        [("action", "edit"), ("title", title.as_str()), ("text", "again"), ("tags", "no-such-tag-x")];
    same("an edit with an unknown tag", &fake, &real, &p, "csrf", &unknown).await;
    // The revision's id differs between the wikis: each side tags its own.
    let revs =
        [("action", "query"), ("prop", "revisions"), ("titles", title.as_str()), ("rvprop", "ids|tags")];
    let (fr, rr) = (fake.get(&revs).await, real.get(&revs).await);
    pages::common::assert_same("the tagged revision", &fr, &rr, &p);
    let id = |v: &Value| v["query"]["pages"][0]["revisions"][0]["revid"].as_i64().unwrap_or(0).to_string();
    let (fid, rid) = (id(&fr), id(&rr));
    for (what, extra) in [
        ("remove it", vec![("remove", t)]),
        ("remove it again (a no-op)", vec![("remove", t)]),
        ("add it back, with a reason", vec![("add", t), ("reason", "back")]),
        ("add a software tag", vec![("add", "mw-blank")]),
        ("remove a software tag", vec![("remove", "mw-undo")]),
    ] {
        let mut fq = vec![("action", "tag"), ("revid", fid.as_str())];
        let mut rq = vec![("action", "tag"), ("revid", rid.as_str())];
        fq.extend(extra.iter().copied());
        rq.extend(extra.iter().copied());
        let (f, r) = (fake.act("csrf", &fq).await, real.act("csrf", &rq).await);
        pages::common::assert_same(what, &pages::strip_docref(&f), &pages::strip_docref(&r), &p);
    }
    let missing = [("action", "tag"), ("revid", "99999999"), ("add", t)];
    same("a missing revision", &fake, &real, &p, "csrf", &missing).await;
    let (f, r) = (fake_logs(&wiki, "tag", 5, &p), real_logs(&real, "tag", 5, &p).await);
    pages::common::assert_same("the tag log", &f, &r, &p);
    let (fr, rr) = (fake.get(&revs).await, real.get(&revs).await);
    pages::common::assert_same("the revision's tags after", &fr, &rr, &p);
    same("deactivate (used: kept)", &fake, &real, &p, "csrf", &manage("deactivate")).await;
    same("deactivate again", &fake, &real, &p, "csrf", &manage("deactivate")).await;
    same("activate again", &fake, &real, &p, "csrf", &manage("activate")).await;
    let list = [
        ("action", "query"),
        ("list", "tags"),
        ("tglimit", "max"),
        ("tgprop", "active|defined|hitcount|source"),
    ];
    let pick = |v: &Value| -> Value {
        v["query"]["tags"].as_array().into_iter().flatten().filter(|x| x["name"] == t).cloned().collect()
    };
    let (f, r) = (fake.get(&list).await, real.get(&list).await);
    if f.pointer("/error/code").is_none() {
        pages::common::assert_same("list=tags", &pick(&f), &pick(&r), &p);
    }
    same("delete", &fake, &real, &p, "csrf", &manage("delete")).await;
    same("delete again", &fake, &real, &p, "csrf", &manage("delete")).await;
    let (fr, rr) = (fake.get(&revs).await, real.get(&revs).await);
    pages::common::assert_same("the revision's tags after deletion", &fr, &rr, &p);
}

/// The `revdelete-no-change` and similar messages carry the revision's date and time, which differ
/// between the wikis by the seconds between their edits: masked.
fn mask_dates(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(items) = v.pointer_mut("/revisiondelete/items").and_then(Value::as_array_mut) {
        for item in items {
            for key in ["errors", "warnings"] {
                for m in item.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten() {
                    if m["params"].as_array().is_some_and(|a| a.iter().all(Value::is_string)) {
                        m["params"] = serde_json::json!(["<date>", "<time>"]);
                    }
                }
            }
        }
    }
    v
}

#[tokio::test]
async fn revision_deletion_hides_parts_as_the_wiki_does() {
    let Some((wiki, admin_fake, admin_real, p)) = both("revdel").await else { return };
    // Hiding revisions takes `deleterevision`, which 1.39 gives the suppress group only: an account
    // of the run's own joins it (Admin's groups stay as the other tests expect them).
    let user = format!("{p} R");
    for c in [&admin_fake, &admin_real] {
        account(c, &user).await;
        let v = c.act("userrights", &[("action", "userrights"), ("user", &user), ("add", "suppress")]).await;
        assert!(v["userrights"]["added"].is_array(), "{v}");
    }
    let fake = Client::login(&admin_fake.url, &user, PASSWORD).await;
    let real = Client::login(&admin_real.url, &user, PASSWORD).await;
    let title = format!("{p} hidden");
    for (i, text) in ["one", "two", "three"].iter().enumerate() {
        let summary = format!("edit {i}");
        let e =
            [("action", "edit"), ("title", title.as_str()), ("text", *text), ("summary", summary.as_str())];
        same(&format!("edit {i}"), &fake, &real, &p, "csrf", &e).await;
    }
    let ids = |v: &Value| -> Vec<String> {
        v["query"]["pages"][0]["revisions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| r["revid"].to_string())
            .collect()
    };
    let hist = [
        ("action", "query"),
        ("prop", "revisions"),
        ("titles", title.as_str()),
        ("rvprop", "ids"),
        ("rvlimit", "max"),
        ("rvdir", "newer"),
    ];
    let (f_ids, r_ids) = (ids(&fake.get(&hist).await), ids(&real.get(&hist).await));
    assert_eq!((f_ids.len(), r_ids.len()), (3, 3), "three revisions on each wiki");
    let t = title.as_str();
    for (what, n, extra) in [
        ("hide the first summary and user", 0, vec![("hide", "comment|user"), ("reason", "why")]),
        ("the same again (no change)", 0, vec![("hide", "comment|user")]),
        ("hide the second text", 1, vec![("hide", "content")]),
        ("hide the latest text (refused)", 2, vec![("hide", "content")]),
        ("show the first user", 0, vec![("show", "user")]),
        ("hide and show one field", 1, vec![("hide", "comment"), ("show", "comment")]),
        ("neither hide nor show", 1, vec![]),
    ] {
        let mut fq = vec![
            ("action", "revisiondelete"),
            ("type", "revision"),
            ("target", t),
            ("ids", f_ids[n].as_str()),
        ];
        let mut rq = vec![
            ("action", "revisiondelete"),
            ("type", "revision"),
            ("target", t),
            ("ids", r_ids[n].as_str()),
        ];
        fq.extend(extra.iter().copied());
        rq.extend(extra.iter().copied());
        let (f, r) = (fake.act("csrf", &fq).await, real.act("csrf", &rq).await);
        pages::common::assert_same(
            what,
            &mask_dates(&pages::strip_docref(&f)),
            &mask_dates(&pages::strip_docref(&r)),
            &p,
        );
    }
    let missing = [
        ("action", "revisiondelete"),
        ("type", "revision"),
        ("target", t),
        ("ids", "99999999"),
        ("hide", "user"),
    ];
    same("a missing revision", &fake, &real, &p, "csrf", &missing).await;
    // What readers see: an administrator (who may see hidden parts) and an anonymous reader.
    let read = [
        ("action", "query"),
        ("prop", "revisions"),
        ("titles", t),
        ("rvprop", "ids|user|userid|comment|sha1|size|content"),
        ("rvslots", "main"),
        ("rvlimit", "max"),
    ];
    let (f, r) = (admin_fake.get(&read).await, admin_real.get(&read).await);
    pages::common::assert_same("an administrator's history", &f, &r, &p);
    let (f, r) = (fake.get(&read).await, real.get(&read).await);
    pages::common::assert_same("the suppressor's history", &f, &r, &p);
    let (fa, ra) = (Client::anon(&fake.url), Client::anon(&real.url));
    let (f, r) = (fa.get(&read).await, ra.get(&read).await);
    pages::common::assert_same("an anonymous reader's history", &f, &r, &p);
    let (f, r) = (fake_logs(&wiki, "delete", 5, &p), real_logs(&real, "delete", 5, &p).await);
    pages::common::assert_same("the deletion log", &f, &r, &p);
}
