//! The read differential: the same pages written to the real wiki and to the fake through
//! action=edit (and a move and a deletion), then a set of read requests sent to both, whose answers
//! must be equal after [`common::normalize`] (timestamps, ids and tokens masked) and with the run's
//! title prefix masked.
//!
//! The pages are the run's own (a fresh prefix), so what the real wiki holds from earlier runs and
//! from tests/mediawiki/seed.sh does not show; where a list would show the whole wiki (recentchanges,
//! usercontribs, logevents) the requests start at this run's first edit.

mod common;

use common::Session;

/// Writes the run's pages to one wiki; the timestamp of the first edit.
async fn write(s: &Session, p: &str) -> String {
    s.login_bot().await;
    let token = s.token("csrf").await;
    let pages = [
        (format!("Template:{p} tpl"), "A template.".to_string()),
        (format!("{p} target"), "The target.".to_string()),
        (
            format!("{p} A"),
            format!(
                "Links to [[{p} target]] and [[{p} missing]], uses {{{{{p} tpl}}}}.\n[[Category:{p} cat]]"
            ),
        ),
        (format!("{p} B"), format!("B, in the category.\n[[Category:{p} cat|Bee]]")),
        (format!("{p} C"), format!("#REDIRECT [[{p} target]]")),
        (format!("{p} D"), "To be moved.".to_string()),
        (format!("{p} E"), "To be deleted.".to_string()),
    ];
    let mut first = String::new();
    for (title, text) in &pages {
        let v = s
            .post(&[
                ("action", "edit"),
                ("title", title),
                ("text", text),
                ("summary", "read differential"),
                ("token", &token),
            ])
            .await;
        assert_eq!(v["edit"]["result"], "Success", "edit {title}: {v}");
        if first.is_empty() {
            first = v["edit"]["newtimestamp"].as_str().unwrap_or_default().to_string();
        }
    }
    let a = format!("{p} A");
    let v = s
        .post(&[
            ("action", "edit"),
            ("title", &a),
            ("appendtext", "\nMore."),
            ("minor", "1"),
            ("summary", "append"),
            ("token", &token),
        ])
        .await;
    assert_eq!(v["edit"]["result"], "Success", "{v}");
    let (d, d2) = (format!("{p} D"), format!("{p} D moved"));
    let v = s
        .post(&[("action", "move"), ("from", &d), ("to", &d2), ("reason", "move D"), ("token", &token)])
        .await;
    assert!(v["move"]["to"].is_string(), "{v}");
    // Deleting takes a right the bot password lacks: the main account does it.
    let admin = Session::new(&s.url);
    let lt = admin.token("login").await;
    let v = admin
        .post(&[
            ("action", "clientlogin"),
            ("username", "Admin"),
            ("password", "mwgen-admin-password-1"),
            ("loginreturnurl", "http://127.0.0.1/"),
            ("logintoken", &lt),
        ])
        .await;
    assert_eq!(v["clientlogin"]["status"], "PASS", "{v}");
    let at = admin.token("csrf").await;
    let e = format!("{p} E");
    let v = admin.post(&[("action", "delete"), ("title", &e), ("reason", "delete E"), ("token", &at)]).await;
    assert!(v["delete"]["logid"].is_number(), "{v}");
    first
}

/// The read requests, by name.
fn reads(p: &str, since: &str) -> Vec<(&'static str, Vec<(String, String)>)> {
    let o =
        |pairs: &[(&str, String)]| pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Vec<_>>();
    vec![
        (
            "info of five titles",
            o(&[
                ("action", "query".into()),
                ("prop", "info".into()),
                ("titles", format!("{p} A|{p} C|{p} missing|{p}_target|Talk:{p} A")),
            ]),
        ),
        (
            "info with redirects resolved",
            o(&[
                ("action", "query".into()),
                ("prop", "info".into()),
                ("redirects", "1".into()),
                ("titles", format!("{p} C")),
            ]),
        ),
        (
            "revisions with content",
            o(&[
                ("action", "query".into()),
                ("prop", "revisions".into()),
                ("rvprop", "ids|flags|timestamp|user|size|sha1|comment|content|contentmodel".into()),
                ("rvslots", "main".into()),
                ("titles", format!("{p} A")),
            ]),
        ),
        (
            "revisions in the legacy format (no rvslots: a deprecation warning), in errorformat plaintext",
            o(&[
                ("action", "query".into()),
                ("prop", "revisions".into()),
                ("rvprop", "ids|content|contentmodel".into()),
                ("errorformat", "plaintext".into()),
                ("titles", format!("{p} A|{p} missing")),
            ]),
        ),
        (
            "revisions in the legacy format, bc warnings",
            o(&[
                ("action", "query".into()),
                ("prop", "revisions".into()),
                ("rvprop", "content".into()),
                ("titles", format!("{p} B")),
            ]),
        ),
        (
            "revision history in steps of one",
            o(&[
                ("action", "query".into()),
                ("prop", "revisions".into()),
                ("rvprop", "ids|user|comment|size|flags".into()),
                ("rvlimit", "1".into()),
                ("titles", format!("{p} A")),
            ]),
        ),
        (
            "categories links templates",
            o(&[
                ("action", "query".into()),
                ("prop", "categories|links|templates".into()),
                ("titles", format!("{p} A|{p} B")),
            ]),
        ),
        (
            "imageinfo categoryinfo pageprops",
            o(&[
                ("action", "query".into()),
                ("prop", "imageinfo|categoryinfo|pageprops".into()),
                ("titles", format!("File:{p} none.png|{p} A|Category:{p} cat|Category:{p} empty")),
            ]),
        ),
        (
            "generator allpages, formatversion 1 (pages in the generator's order)",
            o(&[
                ("action", "query".into()),
                ("generator", "allpages".into()),
                ("gapprefix", p.into()),
                ("prop", "info".into()),
                ("formatversion", "1".into()),
            ]),
        ),
        (
            "allpages by prefix, two at a time",
            o(&[
                ("action", "query".into()),
                ("list", "allpages".into()),
                ("apprefix", p.into()),
                ("aplimit", "2".into()),
            ]),
        ),
        (
            "allpages, redirects only",
            o(&[
                ("action", "query".into()),
                ("list", "allpages".into()),
                ("apprefix", p.into()),
                ("apfilterredir", "redirects".into()),
            ]),
        ),
        (
            "category members",
            o(&[
                ("action", "query".into()),
                ("list", "categorymembers".into()),
                ("cmtitle", format!("Category:{p} cat")),
                ("cmprop", "title|sortkeyprefix|type".into()),
            ]),
        ),
        (
            "backlinks",
            o(&[
                ("action", "query".into()),
                ("list", "backlinks".into()),
                ("bltitle", format!("{p} target")),
            ]),
        ),
        (
            "embeddedin",
            o(&[
                ("action", "query".into()),
                ("list", "embeddedin".into()),
                ("eititle", format!("Template:{p} tpl")),
            ]),
        ),
        (
            "generator allpages with info",
            o(&[
                ("action", "query".into()),
                ("generator", "allpages".into()),
                ("gapprefix", p.into()),
                ("gaplimit", "3".into()),
                ("prop", "info".into()),
            ]),
        ),
        (
            "generator categorymembers with revisions",
            o(&[
                ("action", "query".into()),
                ("generator", "categorymembers".into()),
                ("gcmtitle", format!("Category:{p} cat")),
                ("prop", "revisions".into()),
                ("rvprop", "size|comment".into()),
            ]),
        ),
        (
            "usercontribs since the run began",
            o(&[
                ("action", "query".into()),
                ("list", "usercontribs".into()),
                ("ucuser", "Admin".into()),
                ("ucdir", "newer".into()),
                ("ucstart", since.into()),
                ("ucprop", "title|comment|size|flags".into()),
            ]),
        ),
        (
            "recentchanges since the run began",
            o(&[
                ("action", "query".into()),
                ("list", "recentchanges".into()),
                ("rcdir", "newer".into()),
                ("rcstart", since.into()),
                ("rcprop", "title|user|comment|sizes|flags|loginfo".into()),
                ("rclimit", "50".into()),
            ]),
        ),
        (
            "move and delete log",
            o(&[
                ("action", "query".into()),
                ("list", "logevents".into()),
                ("ledir", "newer".into()),
                ("lestart", since.into()),
                ("leprop", "type|user|title|comment|details".into()),
            ]),
        ),
        (
            "formatversion 1",
            o(&[
                ("action", "query".into()),
                ("prop", "info|revisions".into()),
                ("titles", format!("{p} B|{p} missing")),
                ("formatversion", "1".into()),
                ("format", "json".into()),
            ]),
        ),
    ]
}

#[tokio::test]
async fn reads_after_the_same_writes_answer_alike() {
    let Some(real) = common::real_wiki("reads_after_the_same_writes_answer_alike") else { return };
    let (_wiki, fake) = common::fake().await;
    let p = common::run_prefix("reads");
    let (rs, fs) = (Session::new(&real), Session::new(&fake));
    // The fake installed its Main Page just now: the run's first edit, from which the lists below
    // start, must come in a later second.
    common::start_of_a_second().await;
    let (rsince, fsince) = (write(&rs, &p).await, write(&fs, &p).await);
    let (mut equal, mut differ) = (0, Vec::new());
    let requests = reads(&p, &rsince);
    let fake_requests = reads(&p, &fsince);
    for ((name, params), (_, fparams)) in requests.iter().zip(&fake_requests) {
        let rp: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let fp: Vec<(&str, &str)> = fparams.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (r, f) = (rs.get(&rp).await, fs.get(&fp).await);
        let (nr, nf) = (
            common::mask(common::unprefix(&common::normalize(&r), &p)),
            common::mask(common::unprefix(&common::normalize(&f), &p)),
        );
        if nr == nf {
            equal += 1;
        } else {
            differ.push(format!(
                "--- {name}\n    real: {}\n    fake: {}",
                serde_json::to_string(&nr).unwrap_or_default(),
                serde_json::to_string(&nf).unwrap_or_default()
            ));
        }
    }
    eprintln!("read differential: {equal} of {} requests answered alike", requests.len());
    assert!(differ.is_empty(), "{} of {} reads differ:\n{}", differ.len(), requests.len(), differ.join("\n"));
}
