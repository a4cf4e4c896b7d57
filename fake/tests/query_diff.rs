//! action=query of the fake against the real wiki: the same pages on both (through action=edit on
//! the real wiki, through rows written by db.rs's conventions on the fake), then the same requests,
//! continuation followed step by step, compared after normalisation.

mod common;

use serde_json::Value;

/// The test pages: (namespace, title without prefix, wikitext). `{p}` is the run's prefix.
const PAGES: &[(i64, &str, &str)] = &[
    (10, "{p} T", "template text"),
    (0, "{p} C", "Text of C [[Category:{p} Cat|zkey]]"),
    (0, "{p} A", "Hello [[{p} B]] and [[{p} C]] and [[{p} Missing]] {{{p} T}} [[Category:{p} Cat]] [[Category:{p} Other]]"),
    (0, "{p} B", "#REDIRECT [[{p} C#Sec]]"),
    (0, "{p} D", "Second [[{p} C]] {{{p} T}}"),
];

fn ns_name(ns: i64) -> &'static str {
    match ns {
        10 => "Template:",
        14 => "Category:",
        _ => "",
    }
}

/// Writes a revision as the edit code will: a new page or a new revision of it, its links, its
/// recent change, and for a new page the creation log entry.
fn write_fake(w: &mediawiki_fake::Wiki, ns: i64, title: &str, text: &str, tags: &str) {
    let now = mediawiki_fake::util::now();
    let sha1 = mediawiki_fake::util::sha1_hex(text);
    let len = text.len() as i64;
    let site = w.site().clone();
    w.db(|c| {
        let old: Option<(i64, i64, i64)> = c
            .query_row("SELECT id, latest, len FROM page WHERE ns = ?1 AND title = ?2", rusqlite::params![ns, title], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .ok();
        let page = match old {
            Some((id, _, _)) => id,
            None => c.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM page", [], |r| r.get(0))?,
        };
        let (parent, old_len) = old.map_or((0, 0), |(_, latest, len)| (latest, len));
        let rev: i64 = c.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM revision", [], |r| r.get(0))?;
        c.execute(
            "INSERT INTO revision (id, page, parent, user, user_text, timestamp, comment, minor, content, model, format, size, sha1, tags)
             VALUES (?1, ?2, ?3, 1, 'Admin', ?4, 'seed', 0, ?5, 'wikitext', 'text/x-wiki', ?6, ?7, ?8)",
            rusqlite::params![rev, page, parent, now, text, len, sha1, tags],
        )?;
        let redirect = i64::from(text.starts_with("#REDIRECT"));
        if old.is_some() {
            c.execute(
                "UPDATE page SET latest = ?2, touched = ?3, redirect = ?4, len = ?5 WHERE id = ?1",
                rusqlite::params![page, rev, now, redirect, len],
            )?;
            c.execute("DELETE FROM link WHERE from_page = ?1", [page])?;
        } else {
            c.execute(
                "INSERT INTO page (id, ns, title, model, latest, touched, redirect, len) VALUES (?1, ?2, ?3, 'wikitext', ?4, ?5, ?6, ?7)",
                rusqlite::params![page, ns, title, rev, now, redirect, len],
            )?;
            c.execute(
                "INSERT INTO logging (type, action, timestamp, user, user_text, ns, title, page, comment, params)
                 VALUES ('create', 'create', ?1, 1, 'Admin', ?2, ?3, ?4, 'seed', '{}')",
                rusqlite::params![now, ns, title, page],
            )?;
        }
        c.execute(
            "INSERT INTO recentchange (timestamp, user, user_text, ns, title, page, rev, old_rev, type, minor, bot, comment, old_len, new_len, patrolled)
             VALUES (?1, 1, 'Admin', ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, 'seed', ?8, ?9, 2)",
            rusqlite::params![now, ns, title, page, rev, parent, if old.is_some() { "edit" } else { "new" }, old_len, len],
        )?;
        let mut rest = text;
        while let Some(i) = [rest.find("[["), rest.find("{{")].into_iter().flatten().min() {
            let open = &rest[i..i + 2];
            let close = if open == "[[" { "]]" } else { "}}" };
            let after = &rest[i + 2..];
            let Some(j) = after.find(close) else { break };
            let inner = &after[..j];
            rest = &after[j + 2..];
            let (target, sortkey) = inner.split_once('|').unwrap_or((inner, ""));
            let target = target.split('#').next().unwrap_or("");
            let (kind, default) = if open == "{{" { ("template", 10) } else { ("link", 0) };
            let Ok(t) = mediawiki_fake::Title::parse(&site, target, default) else { continue };
            let kind = if kind == "link" && t.ns == 14 { "category" } else { kind };
            c.execute(
                "INSERT OR IGNORE INTO link (from_page, kind, ns, title, sortkey) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![page, kind, t.ns, t.text, sortkey],
            )?;
        }
        Ok(())
    })
    .expect("the fake takes the rows");
}

/// Appended to page A by its second edit.
const MORE: &str = " more [[{p} D]]";

async fn seed(fake: &mediawiki_fake::Wiki, real: &common::Session, prefix: &str) {
    let token = real.token("csrf").await;
    for (ns, title, text) in PAGES {
        let (title, text) = (title.replace("{p}", prefix), text.replace("{p}", prefix));
        let tags = if text.starts_with("#REDIRECT") { "mw-new-redirect" } else { "" };
        write_fake(fake, *ns, &title, &text, tags);
        let full = format!("{}{title}", ns_name(*ns));
        let v = real
            .post(&[
                ("action", "edit"),
                ("title", &full),
                ("text", &text),
                ("summary", "seed"),
                ("token", &token),
            ])
            .await;
        assert_eq!(v["edit"]["result"], "Success", "{v}");
    }
    // A second revision of A.
    let (a, a_text) = (format!("{prefix} A"), PAGES[2].2.replace("{p}", prefix));
    let more = MORE.replace("{p}", prefix);
    write_fake(fake, 0, &a, &format!("{a_text}{more}"), "");
    let v = real
        .post(&[
            ("action", "edit"),
            ("title", &a),
            ("appendtext", &more),
            ("summary", "seed"),
            ("token", &token),
        ])
        .await;
    assert_eq!(v["edit"]["result"], "Success", "{v}");
}

/// Sends `params` and follows `continue` to the end; every answer.
async fn all_steps(url: &str, params: &[(&str, String)]) -> Vec<Value> {
    let http = reqwest::Client::new();
    let mut out = Vec::new();
    let mut cont: Vec<(String, String)> = Vec::new();
    for _ in 0..30 {
        let mut q: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        q.extend(cont.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        q.push(("action", "query"));
        q.push(("format", "json"));
        if !q.iter().any(|(k, _)| *k == "formatversion") {
            q.push(("formatversion", "2"));
        }
        let resp = http.get(url).query(&q).send().await.expect("the wiki answers");
        let status = resp.status();
        let text = resp.text().await.expect("a body");
        let v: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{url} {q:?}: HTTP {status}, not JSON ({e}): {text}"));
        let next = v.get("continue").and_then(Value::as_object).cloned();
        out.push(v);
        match next {
            Some(c) => {
                cont = c
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), String::from)))
                    .collect()
            }
            None => break,
        }
    }
    out
}

/// The cases: name and parameters (`{p}` is the prefix).
fn cases() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            "page set with info",
            vec![
                ("prop", "info"),
                ("inprop", "protection|talkid|subjectid|url|readable|displaytitle"),
                ("titles", "{p} A|{p}_c|{p} Missing|Talk:|A<b|Template:{p} T|{p} Missing2|Talk:{p} Z"),
            ],
        ),
        ("redirects resolved", vec![("prop", "info"), ("titles", "{p} B|{p} A"), ("redirects", "1")]),
        ("redirects not resolved", vec![("titles", "{p} B")]),
        (
            "revisions with content",
            vec![
                ("prop", "revisions"),
                ("rvprop", "ids|flags|timestamp|user|userid|size|slotsize|sha1|slotsha1|contentmodel|comment|parsedcomment|content|tags|roles"),
                ("rvslots", "main"),
                ("titles", "{p} A|{p} C"),
            ],
        ),
        (
            "revisions list mode on one page",
            vec![("prop", "revisions"), ("rvlimit", "1"), ("rvslots", "*"), ("titles", "{p} A")],
        ),
        (
            "revisions list mode on two pages",
            vec![("prop", "revisions"), ("rvlimit", "1"), ("titles", "{p} A|{p} C")],
        ),
        ("bad revids", vec![("revids", "987654321")]),
        (
            "links templates categories, continued",
            vec![
                ("prop", "links|templates|categories"),
                ("pllimit", "1"),
                ("cllimit", "1"),
                ("clprop", "sortkey|hidden"),
                ("titles", "{p} A|{p} C|{p} D"),
            ],
        ),
        ("links filtered", vec![("prop", "links"), ("pltitles", "{p} C|{p} Missing"), ("titles", "{p} A")]),
        ("allpages continued", vec![("list", "allpages"), ("apprefix", "{p}"), ("aplimit", "2")]),
        (
            "allpages descending, non-redirects",
            vec![("list", "allpages"), ("apprefix", "{p}"), ("apdir", "descending"), ("apfilterredir", "nonredirects")],
        ),
        (
            "generator allpages with props continued",
            vec![
                ("generator", "allpages"),
                ("gapprefix", "{p}"),
                ("gaplimit", "2"),
                ("prop", "info|links"),
                ("pllimit", "1"),
            ],
        ),
        (
            "categorymembers",
            vec![("list", "categorymembers"), ("cmtitle", "Category:{p} Cat"), ("cmprop", "ids|title|sortkey|sortkeyprefix|type"), ("cmlimit", "1")],
        ),
        ("generator categorymembers", vec![("generator", "categorymembers"), ("gcmtitle", "Category:{p} Cat"), ("prop", "info")]),
        ("backlinks", vec![("list", "backlinks"), ("bltitle", "{p} C"), ("bllimit", "1")]),
        ("embeddedin", vec![("list", "embeddedin"), ("eititle", "Template:{p} T")]),
        ("generator links", vec![("generator", "links"), ("titles", "{p} A"), ("prop", "info")]),
        ("generator templates", vec![("generator", "templates"), ("titles", "{p} A|{p} D")]),
        ("generator categories", vec![("generator", "categories"), ("titles", "{p} A")]),
        ("bad continue", vec![("list", "allpages"), ("continue", "nonsense")]),
        (
            "recentchanges of one page, continued",
            vec![
                ("list", "recentchanges"),
                ("rctitle", "{p} A"),
                ("rclimit", "1"),
                ("rcprop", "title|ids|user|userid|flags|sizes|timestamp|comment|parsedcomment|redirect|loginfo|tags|sha1"),
            ],
        ),
        ("recentchanges, older first", vec![("list", "recentchanges"), ("rctitle", "{p} B"), ("rcdir", "newer"), ("rctype", "new")]),
        ("recentchanges, patrol flags anonymously", vec![("list", "recentchanges"), ("rcprop", "patrolled")]),
        ("generator recentchanges", vec![("generator", "recentchanges"), ("grctitle", "{p} A"), ("prop", "info")]),
        (
            "logevents of one page",
            vec![("list", "logevents"), ("letitle", "{p} A"), ("leprop", "ids|title|type|user|userid|timestamp|comment|parsedcomment|details|tags")],
        ),
        ("logevents by action", vec![("list", "logevents"), ("letitle", "{p} C"), ("leaction", "create/create")]),
        ("revisions history, newer first", vec![("prop", "revisions"), ("rvdir", "newer"), ("rvlimit", "1"), ("titles", "{p} A"), ("rvprop", "ids|size|comment")]),
        ("revisions by revids", vec![("prop", "revisions"), ("titles", "{p} A"), ("pageids", "987654")]),
        ("pages continued under a redirect generator", vec![("generator", "backlinks"), ("gbltitle", "{p} C"), ("gbllimit", "1"), ("prop", "revisions")]),
        ("embeddedin as a generator", vec![("generator", "embeddedin"), ("geititle", "Template:{p} T"), ("prop", "categories"), ("cllimit", "1")]),
        ("search", vec![("list", "search"), ("srsearch", "{n}"), ("srprop", "size|wordcount|timestamp"), ("srlimit", "2")]),
        ("search titles", vec![("list", "search"), ("srsearch", "{n}"), ("srwhat", "title"), ("srprop", "size")]),
        ("generator search", vec![("generator", "search"), ("gsrsearch", "{n}"), ("gsrlimit", "2"), ("prop", "info")]),
        (
            "categorymembers by timestamp, continued",
            vec![("list", "categorymembers"), ("cmtitle", "Category:{p} Cat"), ("cmsort", "timestamp"), ("cmprop", "ids|title|timestamp"), ("cmlimit", "1")],
        ),
        (
            "special and media pages",
            vec![("titles", "Special:RecentChanges|special:recentchanges|Special:Nonexistent {p}|Media:{p}.png|Special:Search/{p}"), ("prop", "info")],
        ),
        ("page ids, indexed", vec![("pageids", "1|987654321|0"), ("indexpageids", "1"), ("prop", "info")]),
        (
            "titles indexed",
            vec![("titles", "{p} Nope|Main Page|A<b|Special:X {p}|{p} Nope2|{p} A"), ("indexpageids", "1")],
        ),
        ("generator with redirects", vec![("generator", "backlinks"), ("gbltitle", "{p} C"), ("redirects", "1"), ("prop", "info")]),
        ("formatversion 1", vec![("titles", "{p} A|{p} B|{p} Nope|{p} Nope2"), ("prop", "info|categories"), ("formatversion", "1")]),
        ("two lists, one continued", vec![("list", "allpages|embeddedin"), ("apprefix", "{p}"), ("aplimit", "1"), ("eititle", "Template:{p} T")]),
        ("revids with list options", vec![("revids", "1"), ("prop", "revisions"), ("rvlimit", "1")]),
        ("a section of the content", vec![("titles", "Main Page"), ("prop", "revisions"), ("rvprop", "content"), ("rvslots", "main"), ("rvsection", "1")]),
        ("no such section", vec![("titles", "Main Page"), ("prop", "revisions"), ("rvprop", "content"), ("rvslots", "main"), ("rvsection", "9")]),
        ("generator revisions", vec![("generator", "revisions"), ("titles", "{p} A|Main Page"), ("prop", "revisions"), ("rvprop", "ids|size")]),
        ("backlinks through redirects", vec![("list", "backlinks"), ("bltitle", "{p} C"), ("blredirect", "1")]),
        ("generator backlinks through redirects", vec![("generator", "backlinks"), ("gbltitle", "{p} C"), ("gblredirect", "1")]),
        (
            "info of watching, anonymously",
            vec![("titles", "{p} A|{p} Nope"), ("prop", "info"), ("inprop", "watched|watchers|visitingwatchers|notificationtimestamp|preload|associatedpage|linkclasses")],
        ),
        ("page set done", vec![("titles", "{p} A"), ("prop", "info"), ("list", "allpages"), ("apprefix", "{p}"), ("continue", "-||info")]),
        (
            "raw continuation",
            vec![("generator", "allpages"), ("gapprefix", "{p}"), ("gaplimit", "2"), ("prop", "links"), ("pllimit", "1"), ("list", "allpages"), ("apprefix", "{p}"), ("aplimit", "1"), ("rawcontinue", "1")],
        ),
        ("interwiki titles", vec![("titles", "wikipedia:Foo_bar#x|Wikipedia:{p}|{p} A"), ("iwurl", "1"), ("prop", "info")]),
        ("categorymembers of no category", vec![("list", "categorymembers"), ("cmtitle", "{p} A")]),
    ]
}

/// Normalised, without the prefix (also in its underscore form), the server, and the ids inside
/// continuation values.
fn canon(v: &Value, prefix: &str, url: &str) -> Value {
    let v = common::unprefix(&common::normalize(v), prefix);
    let v = common::unprefix(&v, &prefix.replace(' ', "_"));
    let server = url.trim_end_matches("/api.php");
    fn walk(v: &Value, server: &str, in_cont: bool) -> Value {
        match v {
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| {
                        let x = match (k.as_str(), x) {
                            // formatversion=1's pages are keyed by page id.
                            ("pages", Value::Object(p)) => Value::Object(
                                p.iter()
                                    .map(|(id, page)| {
                                        let id = if id.starts_with('-') { id.clone() } else { "<id>".into() };
                                        (id, page.clone())
                                    })
                                    .collect(),
                            ),
                            // indexpageids lists them as strings.
                            ("pageids", Value::Array(ids)) => Value::Array(
                                ids.iter()
                                    .map(|id| match id.as_str() {
                                        Some(i) if !i.starts_with('-') && i != "0" => {
                                            Value::String("<id>".into())
                                        }
                                        _ => id.clone(),
                                    })
                                    .collect(),
                            ),
                            _ => x.clone(),
                        };
                        (k.clone(), walk(&x, server, in_cont || k == "continue" || k == "query-continue"))
                    })
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(|x| walk(x, server, in_cont)).collect()),
            Value::String(s) => {
                let s = s.replace(server, "<server>");
                if in_cont {
                    let mut out = String::new();
                    let mut digits = false;
                    for c in s.chars() {
                        if c.is_ascii_digit() {
                            if !digits {
                                out.push('#');
                            }
                            digits = true;
                        } else {
                            digits = false;
                            out.push(c);
                        }
                    }
                    Value::String(out)
                } else {
                    Value::String(s)
                }
            }
            other => other.clone(),
        }
    }
    walk(&v, server, false)
}

#[tokio::test]
async fn query_answers_as_the_real_wiki() {
    let Some(real_url) = common::real_wiki("query_answers_as_the_real_wiki") else { return };
    let (wiki, url) = common::fake().await;
    let prefix = common::run_prefix("query");
    let editor = common::Session::new(&real_url);
    editor.login_bot().await;
    seed(&wiki, &editor, &prefix).await;
    // Both read anonymously (the fake's logins are another family's work).
    let (real, fake) = (real_url.as_str(), url.as_str());
    let mut failures = Vec::new();
    let cases = cases();
    let number = prefix.rsplit(' ').next().unwrap_or("");
    for (what, params) in &cases {
        let params: Vec<(&str, String)> =
            params.iter().map(|(k, v)| (*k, v.replace("{p}", &prefix).replace("{n}", number))).collect();
        eprintln!("case: {what}");
        let (f, r) = (all_steps(fake, &params).await, all_steps(real, &params).await);
        let (f, r) = (Value::Array(f), Value::Array(r));
        let (fa, ra) = (canon(&f, &prefix, fake), canon(&r, &prefix, real));
        if fa != ra {
            failures.push(format!(
                "{what}\n--- fake\n{}\n--- real\n{}",
                serde_json::to_string_pretty(&fa).unwrap_or_default(),
                serde_json::to_string_pretty(&ra).unwrap_or_default()
            ));
        }
    }
    // usercontribs: Admin's edits of this run (the real wiki keeps those of other runs).
    let params: Vec<(&str, String)> = vec![
        ("list", "usercontribs".into()),
        ("ucuser", "Admin".into()),
        ("uclimit", "max".into()),
        ("ucprop", "ids|title|timestamp|comment|parsedcomment|size|sizediff|flags|tags".into()),
    ];
    let mine = |v: &Value| -> Value {
        let items = v["query"]["usercontribs"].as_array().cloned().unwrap_or_default();
        Value::Array(
            items
                .into_iter()
                .filter(|i| i["title"].as_str().is_some_and(|t| t.contains(prefix.as_str())))
                .collect(),
        )
    };
    let (f, r) = (all_steps(fake, &params).await, all_steps(real, &params).await);
    let (f, r) = (mine(&f[0]), mine(&r[0]));
    if canon(&f, &prefix, fake) != canon(&r, &prefix, real) || f.as_array().is_none_or(|a| a.len() != 6) {
        failures.push(format!("usercontribs\n--- fake\n{f:#}\n--- real\n{r:#}"));
    }
    let total = cases.len() + 1;
    eprintln!("query differential: {} of {total} cases equal", total - failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
