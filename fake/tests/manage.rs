//! Moves, deletions, undeletions, protections, purges, watching, content model changes, rollbacks
//! and patrols, differentially: the same requests to the real wiki and to the fake, the answers
//! compared after normalisation, then the stored revisions and log entries.

mod pages;

use pages::{both, fake_logs, fake_revisions, real_logs, real_revisions, same, Client};

/// One request: what it shows, its token's kind (`""`: none) and its parameters.
type Step<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);

async fn same_revisions(what: &str, wiki: &mediawiki_fake::Wiki, real: &Client, title: &str, prefix: &str) {
    let (f, r) = (fake_revisions(wiki, title), real_revisions(real, title).await);
    pages::common::assert_same(&format!("{what}: revisions"), &f, &r, prefix);
}

async fn same_logs(
    what: &str,
    wiki: &mediawiki_fake::Wiki,
    real: &Client,
    kind: &str,
    n: usize,
    prefix: &str,
) {
    let (f, r) = (fake_logs(wiki, kind, n, prefix), real_logs(real, kind, n, prefix).await);
    pages::common::assert_same(&format!("{what}: {kind} log"), &f, &r, prefix);
}

async fn edit(fake: &Client, real: &Client, prefix: &str, title: &str, text: &str) {
    same(
        &format!("edit {title}"),
        fake,
        real,
        prefix,
        "csrf",
        &[("action", "edit"), ("title", title), ("text", text)],
    )
    .await;
}

#[tokio::test]
async fn moves_leave_redirects_move_talk_pages_and_log_as_the_wiki_does() {
    let Some((wiki, fake, real, p)) = both("moves").await else { return };
    let (a, m, n, x) = (format!("{p} A"), format!("{p} M"), format!("{p} N"), format!("{p} X"));
    let n2 = format!("{p} N2");
    let talk = format!("Talk:{p} A");
    edit(&fake, &real, &p, &a, "a [[B]] {{T}} [[Category:C]]").await;
    edit(&fake, &real, &p, &talk, "talk").await;
    edit(&fake, &real, &p, &x, "x").await;
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("articleexists", vec![("action", "move"), ("from", &a), ("to", &x)]),
        (
            "move with talk",
            vec![("action", "move"), ("from", &a), ("to", &m), ("reason", "why"), ("movetalk", "1")],
        ),
        ("selfmove", vec![("action", "move"), ("from", &m), ("to", &m)]),
        ("back over the redirect", vec![("action", "move"), ("from", &m), ("to", &a)]),
        ("missing", vec![("action", "move"), ("from", &n), ("to", &x)]),
        ("into Special", vec![("action", "move"), ("from", &a), ("to", "Special:Nowhere")]),
        ("bad target", vec![("action", "move"), ("from", &a), ("to", "Bad[t")]),
        ("both from and fromid", vec![("action", "move"), ("from", &a), ("fromid", "1"), ("to", &n)]),
        ("noredirect", vec![("action", "move"), ("from", &a), ("to", &n), ("noredirect", "1")]),
        (
            "formatversion 1",
            vec![("action", "move"), ("from", &n), ("to", &n2), ("format", "json"), ("formatversion", "1")],
        ),
    ];
    for (what, params) in &steps {
        if *what == "back over the redirect" {
            // The move deletes the redirect in its way first. The real wiki writes the two log
            // entries with their own second-granular times, the fake with one: started at the top of
            // a second, both land in the same one on the real wiki too, so the two lists of recent
            // changes order them alike (by time, then id).
            pages::common::start_of_a_second().await;
        }
        same(what, &fake, &real, &p, "csrf", params).await;
    }
    for t in [&a, &m, &n, &format!("Talk:{p} M")] {
        same_revisions(t, &wiki, &real, t, &p).await;
    }
    same_logs("after the moves", &wiki, &real, "move", 4, &p).await;
    same_logs("after the moves", &wiki, &real, "delete", 1, &p).await;
    pages::same_changes("after the moves", &wiki, &real, &p).await;
}

#[tokio::test]
async fn subpages_move_where_their_namespace_has_them() {
    let Some((wiki, fake, real, p)) = both("subpages").await else { return };
    let (a, b, c) = (format!("{p} S"), format!("{p} S2"), format!("{p} S3"));
    let (talk, sub, sub2) = (format!("Talk:{p} S"), format!("Talk:{p} S/One"), format!("Talk:{p} S/Two"));
    for t in [&a, &talk, &sub, &sub2] {
        edit(&fake, &real, &p, t, "text").await;
    }
    edit(&fake, &real, &p, &format!("Talk:{p} S3/Two"), "in the way").await;
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "main namespace has no subpages, the talk page's move",
            vec![("action", "move"), ("from", &a), ("to", &b), ("movetalk", ""), ("movesubpages", "")],
        ),
        (
            "plaintext errors, a subpage in the way",
            vec![
                ("action", "move"),
                ("from", &b),
                ("to", &c),
                ("movetalk", "1"),
                ("movesubpages", "1"),
                ("errorformat", "plaintext"),
            ],
        ),
    ];
    for (what, params) in &steps {
        same(what, &fake, &real, &p, "csrf", params).await;
    }
    for t in [format!("Talk:{p} S2/One"), format!("Talk:{p} S3/One"), format!("Talk:{p} S2/Two")] {
        same_revisions(&t, &wiki, &real, &t, &p).await;
    }
    same_logs("after the subpage moves", &wiki, &real, "move", 6, &p).await;
}

#[tokio::test]
async fn deletions_and_undeletions_archive_and_restore_as_the_wiki_does() {
    let Some((wiki, fake, real, p)) = both("deletions").await else { return };
    let (a, b, never) = (format!("{p} A"), format!("{p} B"), format!("{p} Never"));
    let (c, talk) = (format!("{p} C"), format!("Talk:{p} C"));
    edit(&fake, &real, &p, &c, "with a talk page").await;
    edit(&fake, &real, &p, &talk, "talk").await;
    edit(&fake, &real, &p, &a, "first [[L]]").await;
    edit(&fake, &real, &p, &a, "second").await;
    edit(&fake, &real, &p, &b, "only one").await;
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("delete with a reason", vec![("action", "delete"), ("title", &a), ("reason", "del")]),
        ("delete again", vec![("action", "delete"), ("title", &a)]),
        ("delete, automatic reason", vec![("action", "delete"), ("title", &b)]),
        ("delete a bad title", vec![("action", "delete"), ("title", "A|B")]),
        ("delete a special page", vec![("action", "delete"), ("title", "Special:Nowhere")]),
        ("delete a bad id", vec![("action", "delete"), ("pageid", "99999999")]),
        ("undelete", vec![("action", "undelete"), ("title", &a), ("reason", "und")]),
        ("delete with the talk page", vec![("action", "delete"), ("title", &c), ("deletetalk", "1")]),
        ("undelete with the talk page", vec![("action", "undelete"), ("title", &c), ("undeletetalk", "1")]),
        ("undelete again", vec![("action", "undelete"), ("title", &a)]),
        ("undelete never deleted", vec![("action", "undelete"), ("title", &never)]),
    ];
    for (what, params) in &steps {
        same(what, &fake, &real, &p, "csrf", params).await;
    }
    same_revisions("restored", &wiki, &real, &a, &p).await;
    same_logs("after deleting", &wiki, &real, "delete", 6, &p).await;
    same_revisions("restored talk page", &wiki, &real, &talk, &p).await;
    pages::same_changes("after deleting", &wiki, &real, &p).await;
}

#[tokio::test]
async fn protections_replace_restrictions_and_log_as_the_wiki_does() {
    let Some((wiki, fake, real, p)) = both("protections").await else { return };
    let (a, missing) = (format!("{p} A"), format!("{p} Missing"));
    edit(&fake, &real, &p, &a, "p").await;
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "protect",
            vec![
                ("action", "protect"),
                ("title", &a),
                ("protections", "edit=sysop|move=sysop"),
                ("expiry", "infinite|2030-01-01T00:00:00Z"),
                ("reason", "prot"),
            ],
        ),
        ("modify", vec![("action", "protect"), ("title", &a), ("protections", "edit=autoconfirmed")]),
        ("unprotect", vec![("action", "protect"), ("title", &a), ("protections", "edit=all")]),
        (
            "create protection",
            vec![("action", "protect"), ("title", &missing), ("protections", "create=sysop")],
        ),
        ("missing, edit", vec![("action", "protect"), ("title", &missing), ("protections", "edit=sysop")]),
        ("bad level", vec![("action", "protect"), ("title", &a), ("protections", "edit=bogus")]),
        ("bad type", vec![("action", "protect"), ("title", &a), ("protections", "bogus=sysop")]),
        (
            "too many expiries",
            vec![
                ("action", "protect"),
                ("title", &a),
                ("protections", "edit=sysop|move=sysop"),
                ("expiry", "infinite|infinite|infinite"),
            ],
        ),
        (
            "bad expiry",
            vec![("action", "protect"), ("title", &a), ("protections", "edit=sysop"), ("expiry", "whenever")],
        ),
        (
            "cascade",
            vec![
                ("action", "protect"),
                ("title", &a),
                ("protections", "edit=sysop|move=sysop"),
                ("cascade", "1"),
            ],
        ),
        (
            "cascade refused",
            vec![
                ("action", "protect"),
                ("title", &a),
                ("protections", "edit=autoconfirmed"),
                ("cascade", "1"),
            ],
        ),
        (
            "past expiry",
            vec![
                ("action", "protect"),
                ("title", &a),
                ("protections", "edit=sysop"),
                ("expiry", "2001-01-01T00:00:00Z"),
            ],
        ),
    ];
    for (what, params) in &steps {
        same(what, &fake, &real, &p, "csrf", params).await;
    }
    same_revisions("null revisions", &wiki, &real, &a, &p).await;
    same_logs("after protecting", &wiki, &real, "protect", 6, &p).await;
    pages::same_changes("after protecting", &wiki, &real, &p).await;
}

#[tokio::test]
async fn purge_and_watch_answer_per_title_as_the_wiki_does() {
    let Some((_wiki, fake, real, p)) = both("purge_watch").await else { return };
    let (a, missing) = (format!("{p} A"), format!("{p} Missing"));
    edit(&fake, &real, &p, &a, "p").await;
    let titles = format!("{a}|{missing}|Main Page");
    let lower = format!("{}|main_Page", a.to_lowercase());
    let steps: Vec<Step<'_>> = vec![
        ("purge", "", vec![("action", "purge"), ("titles", &titles)]),
        ("purge, link update", "", vec![("action", "purge"), ("titles", &a), ("forcelinkupdate", "1")]),
        ("purge, normalised", "", vec![("action", "purge"), ("titles", &lower)]),
        ("watch", "watch", vec![("action", "watch"), ("titles", &titles)]),
        ("unwatch", "watch", vec![("action", "watch"), ("titles", &a), ("unwatch", "1")]),
    ];
    for (what, kind, params) in &steps {
        same(what, &fake, &real, &p, kind, params).await;
    }
}

#[tokio::test]
async fn content_models_rollbacks_and_patrols_as_the_wiki_does() {
    let Some((wiki, fake, real, p)) = both("models_rollback").await else { return };
    let (a, missing) = (format!("{p} A"), format!("{p} Missing"));
    edit(&fake, &real, &p, &a, "by admin").await;
    // An anonymous edit, then its rollback.
    let anon = [("action", "edit"), ("title", a.as_str()), ("text", "by anon"), ("token", "+\\")];
    let (af, ar) = (Client::anon(&fake.url).post(&anon).await, Client::anon(&real.url).post(&anon).await);
    pages::common::assert_same("anonymous edit", &pages::strip_docref(&af), &pages::strip_docref(&ar), &p);
    // Patrol the anonymous edit, by its change's id.
    let title = a.replace('_', " ");
    let fake_rcid: i64 = wiki
        .db(|c| {
            c.query_row(
                "SELECT id FROM recentchange WHERE title = ?1 AND user = 0 ORDER BY id DESC LIMIT 1",
                [&title],
                |r| r.get(0),
            )
        })
        .expect("the anonymous change");
    let v = real
        .get(&[
            ("action", "query"),
            ("list", "recentchanges"),
            ("rcprop", "ids|title|user"),
            ("rclimit", "100"),
        ])
        .await;
    let real_rcid = v["query"]["recentchanges"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["title"] == title.as_str() && r["user"] == "127.0.0.1")
        .and_then(|r| r["rcid"].as_i64())
        .unwrap_or(0);
    let (fid, rid) = (fake_rcid.to_string(), real_rcid.to_string());
    let f = fake.act("patrol", &[("action", "patrol"), ("rcid", &fid)]).await;
    let r = real.act("patrol", &[("action", "patrol"), ("rcid", &rid)]).await;
    pages::common::assert_same("patrol", &pages::strip_docref(&f), &pages::strip_docref(&r), &p);
    let steps: Vec<Step<'_>> = vec![
        ("rollback someone else", "rollback", vec![("action", "rollback"), ("title", &a), ("user", "Admin")]),
        ("rollback", "rollback", vec![("action", "rollback"), ("title", &a), ("user", "127.0.0.1")]),
        (
            "change the model",
            "csrf",
            vec![("action", "changecontentmodel"), ("title", &a), ("model", "text"), ("summary", "to text")],
        ),
        (
            "missing page",
            "csrf",
            vec![("action", "changecontentmodel"), ("title", &missing), ("model", "text"), ("summary", "x")],
        ),
        ("patrol a missing change", "patrol", vec![("action", "patrol"), ("rcid", "99999999")]),
    ];
    for (what, kind, params) in &steps {
        same(what, &fake, &real, &p, kind, params).await;
    }
    same_revisions("after the rollback", &wiki, &real, &a, &p).await;
    same_logs("after the model change", &wiki, &real, "contentmodel", 1, &p).await;
    pages::same_changes("after the rollback", &wiki, &real, &p).await;
}
