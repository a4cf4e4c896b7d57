//! `action=edit`, differentially: the same edits sent to the real wiki and to the fake, their
//! answers compared after normalisation, then the revisions and links each wiki stored.

mod pages;

use pages::{both, fake_links, fake_revisions, real_links, real_revisions, same, Client};

/// Compares the stored revisions and links of `title` on both wikis.
async fn same_state(what: &str, wiki: &mediawiki_fake::Wiki, real: &Client, title: &str, prefix: &str) {
    let (f, r) = (fake_revisions(wiki, title), real_revisions(real, title).await);
    pages::common::assert_same(&format!("{what}: revisions"), &f, &r, prefix);
    let (f, r) = (fake_links(wiki, title), real_links(real, title).await);
    pages::common::assert_same(&format!("{what}: links"), &f, &r, prefix);
}

#[tokio::test]
async fn edits_create_replace_append_and_sections_as_thewiki_does() {
    let Some((wiki, fake, real, p)) = both("edits_create_replace_append").await else { return };
    let a = format!("{p} A");
    let text = "Hello [[Foo|bar]] [[foo]] {{Tpl}} {{:Main Page}} {{#if:x|{{Inner}}}} {{PAGENAME}} \
                [[:Category:Linked]] [[Category:Cat X|key]] [[File:X.png]] [[mw:Help]] <!-- [[Hidden]] --> [[b#frag]]";
    same(
        "create",
        &fake,
        &real,
        &p,
        "csrf",
        &[("action", "edit"), ("title", &a), ("text", text), ("summary", "s1")],
    )
    .await;
    same_state("after the creation", &wiki, &real, &a, &p).await;
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("nochange", vec![("action", "edit"), ("title", &a), ("text", text)]),
        (
            "append, minor",
            vec![("action", "edit"), ("title", &a), ("appendtext", "\nmore  "), ("minor", "1")],
        ),
        ("prepend", vec![("action", "edit"), ("title", &a), ("prependtext", "top ")]),
        (
            "new section",
            vec![
                ("action", "edit"),
                ("title", &a),
                ("section", "new"),
                ("sectiontitle", "Sec T"),
                ("text", "body"),
            ],
        ),
        (
            "new section by summary",
            vec![
                ("action", "edit"),
                ("title", &a),
                ("section", "new"),
                ("summary", "Sum only"),
                ("text", "body2"),
            ],
        ),
        (
            "new section, both",
            vec![
                ("action", "edit"),
                ("title", &a),
                ("section", "new"),
                ("sectiontitle", "Both"),
                ("summary", "given"),
                ("text", "b3"),
            ],
        ),
        (
            "section 0",
            vec![("action", "edit"), ("title", &a), ("section", "0"), ("text", "new top"), ("bot", "1")],
        ),
        (
            "section 2",
            vec![("action", "edit"), ("title", &a), ("section", "2"), ("text", "== Sum only ==\nreplaced")],
        ),
        ("createonly", vec![("action", "edit"), ("title", &a), ("text", "x"), ("createonly", "1")]),
        ("nosuchsection", vec![("action", "edit"), ("title", &a), ("section", "9"), ("text", "x")]),
        ("invalidsection", vec![("action", "edit"), ("title", &a), ("section", "zz"), ("text", "x")]),
        ("empty new section", vec![("action", "edit"), ("title", &a), ("section", "new"), ("text", "")]),
        ("badtags", vec![("action", "edit"), ("title", &a), ("text", "y"), ("tags", "nonexistent")]),
        ("badtags, two", vec![("action", "edit"), ("title", &a), ("text", "y"), ("tags", "a|b")]),
        ("redirect-appendonly", vec![("action", "edit"), ("title", &a), ("text", "y"), ("redirect", "1")]),
        ("missingparam", vec![("action", "edit"), ("title", &a)]),
        ("invalidparammix", vec![("action", "edit"), ("title", &a), ("pageid", "1"), ("text", "x")]),
    ];
    for (what, params) in &steps {
        same(what, &fake, &real, &p, "csrf", params).await;
    }
    same_state("after the edits", &wiki, &real, &a, &p).await;
    same(
        "replace",
        &fake,
        &real,
        &p,
        "csrf",
        &[("action", "edit"), ("title", &a), ("text", "short [[Other]]")],
    )
    .await;
    same_state("after a replacement", &wiki, &real, &a, &p).await;
    same("blank", &fake, &real, &p, "csrf", &[("action", "edit"), ("title", &a), ("text", "")]).await;
    same_state("after blanking", &wiki, &real, &a, &p).await;

    let (b, r, t) = (format!("{p} B"), format!("{p} R"), format!("Talk:{p} T"));
    let target = format!("{p} Target");
    let z = format!("{p} Z");
    let redirect_text = format!("#REDIRECT [[{target}#x]]");
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("nocreate", vec![("action", "edit"), ("title", &b), ("text", "x"), ("nocreate", "1")]),
        ("invalidtitle", vec![("action", "edit"), ("title", "Bad[title"), ("text", "x")]),
        ("a special page", vec![("action", "edit"), ("title", "Special:Nowhere"), ("text", "x")]),
        ("nosuchpageid", vec![("action", "edit"), ("pageid", "99999999"), ("text", "x")]),
        (
            "contentmodel text",
            vec![
                ("action", "edit"),
                ("title", &b),
                ("text", "plain [[not a link]]"),
                ("contentmodel", "text"),
            ],
        ),
        ("create a redirect", vec![("action", "edit"), ("title", &r), ("text", &redirect_text)]),
        (
            "append through it",
            vec![("action", "edit"), ("title", &r), ("appendtext", "x"), ("redirect", "1")],
        ),
        ("talk page", vec![("action", "edit"), ("title", &t), ("text", "talk"), ("watchlist", "nochange")]),
        ("blank page", vec![("action", "edit"), ("title", &z), ("text", "")]),
        (
            "formatversion 1",
            vec![
                ("action", "edit"),
                ("title", &z),
                ("text", "v1"),
                ("format", "json"),
                ("formatversion", "1"),
            ],
        ),
        (
            "formatversion 1, nochange",
            vec![
                ("action", "edit"),
                ("title", &z),
                ("text", "v1"),
                ("format", "json"),
                ("formatversion", "1"),
            ],
        ),
    ];
    for (what, params) in &steps {
        same(what, &fake, &real, &p, "csrf", params).await;
    }
    for title in [&b, &r, &t, &target] {
        same_state(title, &wiki, &real, title, &p).await;
    }
    pages::same_changes("after the edits", &wiki, &real, &p).await;
}

#[tokio::test]
async fn an_edit_from_an_old_base_conflicts_with_another_users_edit() {
    let Some((_wiki, fake, real, p)) = both("edit_conflicts").await else { return };
    let a = format!("{p} A");
    let create = [("action", "edit"), ("title", a.as_str()), ("text", "line1\nline2\nline3")];
    let (f, r) = same("create", &fake, &real, &p, "csrf", &create).await;
    let (fts, rts) =
        (f["edit"]["newtimestamp"].as_str().unwrap_or(""), r["edit"]["newtimestamp"].as_str().unwrap_or(""));
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    // An anonymous edit in between (anonymous tokens are `+\`).
    let anon = [("action", "edit"), ("title", a.as_str()), ("text", "anon\nline2"), ("token", "+\\")];
    let (af, ar) = (Client::anon(&fake.url).post(&anon).await, Client::anon(&real.url).post(&anon).await);
    pages::common::assert_same("anonymous edit", &pages::strip_docref(&af), &pages::strip_docref(&ar), &p);
    let f = fake
        .act("csrf", &[("action", "edit"), ("title", &a), ("text", "admin"), ("basetimestamp", fts)])
        .await;
    let r = real
        .act("csrf", &[("action", "edit"), ("title", &a), ("text", "admin"), ("basetimestamp", rts)])
        .await;
    pages::common::assert_same("conflict", &pages::strip_docref(&f), &pages::strip_docref(&r), &p);
    assert_eq!(f["error"]["code"], "editconflict", "{f}");
    // A new section never conflicts; an old starttimestamp is no conflict either.
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "new section from the old base",
            vec![
                ("action", "edit"),
                ("title", &a),
                ("section", "new"),
                ("sectiontitle", "S"),
                ("text", "x"),
                ("basetimestamp", "2020-01-01T00:00:00Z"),
            ],
        ),
        (
            "old starttimestamp",
            vec![
                ("action", "edit"),
                ("title", &a),
                ("text", "y"),
                ("starttimestamp", "2020-01-01T00:00:00Z"),
            ],
        ),
    ];
    for (what, params) in &steps {
        same(what, &fake, &real, &p, "csrf", params).await;
    }
}

#[tokio::test]
async fn undo_md5_watchlist_and_protection_as_thewiki_does() {
    let Some((wiki, fake, real, p)) = both("edit_undo_md5").await else { return };
    let (a, n1, n2) = (format!("{p} A"), format!("{p} New"), format!("{p} New2"));
    let (f1, r1) =
        same("create", &fake, &real, &p, "csrf", &[("action", "edit"), ("title", &a), ("text", "one")]).await;
    let (f2, r2) =
        same("second", &fake, &real, &p, "csrf", &[("action", "edit"), ("title", &a), ("text", "two")]).await;
    let id = |v: &serde_json::Value| v["edit"]["newrevid"].as_i64().unwrap_or(0).to_string();
    let (fu, ru) = (id(&f2), id(&r2));
    let f = fake.act("csrf", &[("action", "edit"), ("title", &a), ("undo", &fu)]).await;
    let r = real.act("csrf", &[("action", "edit"), ("title", &a), ("undo", &ru)]).await;
    pages::common::assert_same("undo", &pages::strip_docref(&f), &pages::strip_docref(&r), &p);
    // The automatic summary names the undone revision, whose id differs by nature.
    let mask = |v: serde_json::Value, id: &str| -> serde_json::Value {
        serde_json::from_str(&v.to_string().replace(&format!("revision {id} by"), "revision <id> by"))
            .unwrap_or_default()
    };
    let (f, r) = (mask(fake_revisions(&wiki, &a), &fu), mask(real_revisions(&real, &a).await, &ru));
    pages::common::assert_same("after the undo", &f, &r, &p);
    // Undoing the first revision now would need a merge.
    let (fo, ro) = (id(&f1), id(&r1));
    let f = fake.act("csrf", &[("action", "edit"), ("title", &a), ("undo", &fo)]).await;
    let r = real.act("csrf", &[("action", "edit"), ("title", &a), ("undo", &ro)]).await;
    pages::common::assert_same(
        "undo an old revision",
        &pages::strip_docref(&f),
        &pages::strip_docref(&r),
        &p,
    );
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("undo a missing revision", vec![("action", "edit"), ("title", &a), ("undo", "99999999")]),
        (
            "a good md5",
            vec![
                ("action", "edit"),
                ("title", &a),
                ("text", "three"),
                ("md5", "35d6d33467aae9a2e3dccb4b6b027878"),
            ],
        ),
        (
            "a bad md5",
            vec![
                ("action", "edit"),
                ("title", &a),
                ("text", "x"),
                ("md5", "00000000000000000000000000000000"),
            ],
        ),
        ("unwatch", vec![("action", "edit"), ("title", &a), ("text", "four"), ("watchlist", "unwatch")]),
        (
            "nochange, unwatched",
            vec![("action", "edit"), ("title", &a), ("text", "five"), ("watchlist", "nochange")],
        ),
        ("watch", vec![("action", "edit"), ("title", &a), ("text", "six"), ("watchlist", "watch")]),
        (
            "nochange, watched",
            vec![("action", "edit"), ("title", &a), ("text", "seven"), ("watchlist", "nochange")],
        ),
        ("append to a new page", vec![("action", "edit"), ("title", &n1), ("appendtext", "appended")]),
        (
            "a new section on a new page",
            vec![
                ("action", "edit"),
                ("title", &n2),
                ("section", "new"),
                ("sectiontitle", "T"),
                ("text", "body"),
            ],
        ),
        ("protect", vec![("action", "protect"), ("title", &a), ("protections", "edit=sysop")]),
    ];
    for (what, params) in &steps {
        same(what, &fake, &real, &p, "csrf", params).await;
    }
    for t in [&n1, &n2] {
        same_state(t, &wiki, &real, t, &p).await;
    }
    let anon = [("action", "edit"), ("title", a.as_str()), ("text", "anon"), ("token", "+\\")];
    let (af, ar) = (Client::anon(&fake.url).post(&anon).await, Client::anon(&real.url).post(&anon).await);
    pages::common::assert_same(
        "anonymous, protected",
        &pages::strip_docref(&af),
        &pages::strip_docref(&ar),
        &p,
    );
}
