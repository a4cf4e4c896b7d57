//! The action modules' probes: for each, requests known to be safe on a test wiki, a success and an
//! in-band failure where the module has one. Writes touch only pages under
//! [`PREFIX`](super::plan::PREFIX), the documentation address block 192.0.2.0/24 (as a name to block,
//! nothing is sent there) and the probes' own tag; what they change, [`after`] changes back.

use super::plan::{fill, Credentials, Probe, MISSING, PAGE, REDIRECT};
use crate::spec::Module;

const MOVE_FROM: &str = "Mwgen probe/Move from";
const MOVE_TO: &str = "Mwgen probe/Move to";
const BLOCKED: &str = "192.0.2.7";
const TAG: &str = "mwgen-probe";
const FILE: &str = "Mwgen probe.png";
const STASHED: &str = "Mwgen probe stash.png";
const COPY: &str = "Mwgen probe copy.png";
/// A file that is not media (no metadata: `null`).
const TEXT_FILE: &str = "Mwgen probe.txt";
const TEXT: &[u8] = b"A text file of the mwgen probes.\n";

/// What [`PAGE`] holds: a category, a file, a magic word, an external and an interwiki link.
const PAGE_TEXT: &str = "A page the '''mwgen''' probes read. [[Category:Mwgen probe]] [[File:Mwgen probe.png]] {{PAGENAME}} [http://127.0.0.1/ a link] [[mediawikiwiki:API:Main page]]";

/// Two 1×1 PNGs, red and blue: uploading them in turn always makes a new version.
const RED: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 144,
    119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 0, 3, 1, 1, 0, 201, 254, 146,
    239, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];
const BLUE: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 144,
    119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 156, 99, 96, 96, 248, 15, 0, 1, 3, 1, 0, 8, 137, 194,
    236, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// Log-ins (one failing, one passing, both ways) and the pages every other probe reads.
pub fn before(c: &Credentials) -> Vec<Probe> {
    let bot = format!("{}@{}", c.user, c.bot_app);
    let login = |password: &str| {
        Probe::post(
            "login",
            &[("action", "login"), ("lgname", &bot), ("lgpassword", password), ("lgtoken", "{token:login}")],
        )
        .in_session(1)
    };
    let clientlogin = |password: &str| {
        Probe::post(
            "clientlogin",
            &[
                ("action", "clientlogin"),
                ("username", &c.user),
                ("password", password),
                ("loginreturnurl", "http://127.0.0.1/"),
                ("logintoken", "{token:login}"),
            ],
        )
    };
    let mut out = vec![
        // Without a token: the in-band `NeedToken`, with the token to send.
        Probe::post("login", &[("action", "login"), ("lgname", &bot), ("lgpassword", "not-the-password")])
            .in_session(3),
        login("not-the-password"),
        login(&c.bot_password),
        Probe::post(
            "createaccount",
            &[
                ("action", "createaccount"),
                ("username", &c.user),
                ("password", "x"),
                ("retype", "x"),
                ("createreturnurl", "http://127.0.0.1/"),
                ("createtoken", "{token:createaccount}"),
            ],
        ),
        clientlogin("not-the-password"),
        clientlogin(&c.password),
        // The file the upload probes start from: its answer differs between the first run and the
        // others, so it is not recorded.
        Probe::post(
            "upload",
            &[("action", "upload"), ("filename", FILE), ("ignorewarnings", "1"), ("token", "{token:csrf}")],
        )
        .with_file(RED)
        .unrecorded(),
        // A second file of the same content, for prop=duplicatefiles (its answer, too, differs
        // between the first run and the others).
        Probe::post(
            "upload",
            &[("action", "upload"), ("filename", COPY), ("ignorewarnings", "1"), ("token", "{token:csrf}")],
        )
        .with_file(RED)
        .unrecorded(),
        Probe::post(
            "upload",
            &[
                ("action", "upload"),
                ("filename", TEXT_FILE),
                ("ignorewarnings", "1"),
                ("token", "{token:csrf}"),
            ],
        )
        .with_file(TEXT)
        .unrecorded(),
    ];
    // Twice: the second pass finds what every later run will find (the redirect left by the move,
    // the deleted revisions), so that a second run on the same wiki learns nothing new.
    for _ in 0..2 {
        out.extend(setup());
    }
    out
}

/// The probe pages, and the delete, undelete and move sequence.
fn setup() -> Vec<Probe> {
    let edit = |title: &str, text: &str| {
        Probe::post(
            "edit",
            &[
                ("action", "edit"),
                ("title", title),
                ("text", text),
                ("summary", "mwgen probe"),
                ("token", "{token:csrf}"),
            ],
        )
    };
    let mut out = vec![
        edit(PAGE, PAGE_TEXT),
        // The same text again: an in-band `nochange`.
        edit(PAGE, PAGE_TEXT),
        edit(REDIRECT, &format!("#REDIRECT [[{PAGE}]]")),
        // Not watched after the edit: no `watched`.
        Probe::post(
            "edit",
            &[
                ("action", "edit"),
                ("title", MOVE_FROM),
                ("text", "to be moved"),
                ("summary", "mwgen probe"),
                ("watchlist", "unwatch"),
                ("token", "{token:csrf}"),
            ],
        ),
        // Delete, undelete and move, in an order that gives the same answers on every run.
        edit(MOVE_TO, "to be deleted"),
        Probe::post(
            "changecontentmodel",
            &[
                ("action", "changecontentmodel"),
                ("title", MOVE_TO),
                ("model", "text"),
                ("summary", "mwgen probe"),
                ("token", "{token:csrf}"),
            ],
        ),
        Probe::post(
            "changecontentmodel",
            &[
                ("action", "changecontentmodel"),
                ("title", MOVE_TO),
                ("model", "wikitext"),
                ("summary", "mwgen probe"),
                ("token", "{token:csrf}"),
            ],
        ),
        Probe::post(
            "delete",
            &[("action", "delete"), ("title", MOVE_TO), ("reason", "mwgen probe"), ("token", "{token:csrf}")],
        ),
        Probe::post("delete", &[("action", "delete"), ("title", MISSING), ("token", "{token:csrf}")]),
        Probe::post(
            "undelete",
            &[
                ("action", "undelete"),
                ("title", MOVE_TO),
                ("reason", "mwgen probe"),
                ("token", "{token:csrf}"),
            ],
        ),
        Probe::post("undelete", &[("action", "undelete"), ("title", MISSING), ("token", "{token:csrf}")]),
        Probe::post("delete", &[("action", "delete"), ("title", MOVE_TO), ("token", "{token:csrf}")]),
        Probe::post(
            "move",
            &[
                ("action", "move"),
                ("from", MOVE_FROM),
                ("to", MOVE_TO),
                ("reason", "mwgen probe"),
                ("movetalk", "1"),
                ("token", "{token:csrf}"),
            ],
        ),
        Probe::post(
            "move",
            &[("action", "move"), ("from", MISSING), ("to", MOVE_TO), ("token", "{token:csrf}")],
        ),
        Probe::post(
            "edit",
            &[
                ("action", "edit"),
                ("title", PAGE),
                ("section", "new"),
                ("sectiontitle", "Probe"),
                ("text", "a section"),
                ("token", "{token:csrf}"),
            ],
        ),
        Probe::post(
            "edit",
            &[
                ("action", "edit"),
                ("title", MISSING),
                ("text", "x"),
                ("nocreate", "1"),
                ("token", "{token:csrf}"),
            ],
        ),
        Probe::get(
            "query",
            &[("action", "query"), ("prop", "revisions"), ("titles", PAGE), ("rvprop", "ids")],
        )
        .capturing("revid", "/query/pages/0/revisions/0/revid"),
        // Someone else's edit, to patrol and roll back.
        Probe::post(
            "edit",
            &[("action", "edit"), ("title", PAGE), ("appendtext", " anon"), ("token", "{token:csrf}")],
        )
        .in_session(2)
        .capturing("anonrev", "/edit/newrevid"),
        Probe::post(
            "patrol",
            &[("action", "patrol"), ("revid", "{var:anonrev}"), ("token", "{token:patrol}")],
        ),
        Probe::post(
            "rollback",
            &[("action", "rollback"), ("title", PAGE), ("user", "127.0.0.1"), ("token", "{token:rollback}")],
        ),
        Probe::post(
            "rollback",
            &[("action", "rollback"), ("title", PAGE), ("user", "127.0.0.1"), ("token", "{token:rollback}")],
        ),
    ];
    out.extend(uploads());
    out
}

/// A new version of the file, a refused re-upload (in-band warnings), a stashed upload whose key the
/// stash probes read, and a revert to the version the pass started from.
fn uploads() -> Vec<Probe> {
    let upload = |bytes: &'static [u8], extra: &[(&str, &str)]| {
        let mut params = vec![
            ("action", "upload"),
            ("filename", FILE),
            ("comment", "mwgen probe"),
            ("token", "{token:csrf}"),
        ];
        params.extend_from_slice(extra);
        Probe::post("upload", &params).with_file(bytes)
    };
    let file_title = format!("File:{FILE}");
    vec![
        // The file is red when a pass starts (`before` makes sure) and when it ends (the revert).
        upload(BLUE, &[("ignorewarnings", "1")]),
        upload(BLUE, &[]),
        // The content of the file's current version: the stash warns of the `duplicate`.
        Probe::post(
            "upload",
            &[
                ("action", "upload"),
                ("filename", STASHED),
                ("stash", "1"),
                ("ignorewarnings", "1"),
                ("token", "{token:csrf}"),
            ],
        )
        .with_file(BLUE)
        .capturing("filekey", "/upload/filekey"),
        // A stashed text file: its `imageinfo` has no metadata.
        Probe::post(
            "upload",
            &[
                ("action", "upload"),
                ("filename", "Mwgen probe stash.txt"),
                ("stash", "1"),
                ("ignorewarnings", "1"),
                ("token", "{token:csrf}"),
            ],
        )
        .with_file(TEXT),
        Probe::get(
            "query",
            &[
                ("action", "query"),
                ("prop", "imageinfo"),
                ("titles", &file_title),
                ("iiprop", "archivename"),
                ("iilimit", "2"),
            ],
        )
        .capturing("archivename", "/query/pages/0/imageinfo/1/archivename"),
        Probe::post(
            "filerevert",
            &[
                ("action", "filerevert"),
                ("filename", FILE),
                ("archivename", "{var:archivename}"),
                ("comment", "mwgen probe"),
                ("token", "{token:csrf}"),
            ],
        )
        // A second after the upload: the revert archives the current version under a name made of
        // the second, which the upload's archive took if they share it.
        .after_pause(std::time::Duration::from_millis(1100)),
    ]
}

/// The probes of one action module (none for those without a safe request).
pub fn probes(m: &Module) -> Vec<Probe> {
    let a = m.name.as_str();
    let csrf = "{token:csrf}";
    let p = |params: &[(&str, &str)]| {
        let mut all = vec![("action", a)];
        all.extend_from_slice(params);
        if m.mustbeposted {
            Probe::post(a, &all)
        } else {
            Probe::get(a, &all)
        }
    };
    match a {
        // Sent in `before` and `after`.
        "login" | "clientlogin" | "createaccount" | "logout" | "edit" | "delete" | "undelete" | "move"
        | "changecontentmodel" | "upload" | "filerevert" | "patrol" | "rollback" => vec![],
        "block" => vec![p(&[
            ("user", BLOCKED),
            ("expiry", "1 hour"),
            ("reason", "mwgen probe"),
            ("reblock", "1"),
            ("token", csrf),
        ])],
        "unblock" => vec![],
        "checktoken" => {
            vec![p(&[("type", "csrf"), ("token", csrf)]), p(&[("type", "csrf"), ("token", "not+a+token")])]
        }
        "compare" => {
            let all = all_values(m, "prop");
            let mut out = vec![
                p(&[("fromtitle", PAGE), ("totitle", REDIRECT), ("prop", &all)]),
                p(&[("fromtitle", PAGE), ("torelative", "prev")]),
                // Texts, not pages: no ids or titles.
                p(&[
                    ("fromslots", "main"),
                    ("fromtext-main", "a"),
                    ("toslots", "main"),
                    ("totext-main", "b"),
                    ("prop", &all),
                ]),
                p(&[
                    ("fromslots", "main"),
                    ("fromtext-main", "a"),
                    ("toslots", "main"),
                    ("totext-main", "b"),
                ]),
                p(&[("fromtitle", PAGE), ("toslots", "main"), ("totext-main", "b"), ("prop", &all)]),
            ];
            out.extend(each_alone(m, "prop", &[("fromtitle", PAGE), ("totitle", REDIRECT)], &p));
            out
        }
        "expandtemplates" => {
            let base = [("text", "{{PAGENAME}} [[Category:X]]"), ("title", PAGE)];
            let mut out = vec![p(&[base[0], base[1], ("prop", "wikitext|categories|properties|volatile|ttl|modules|jsconfigvars|encodedjsconfigvars|parsetree")])];
            out.extend(each_alone(m, "prop", &base, &p));
            out
        }
        "managetags" => vec![
            // Created for `tag` to apply (it sorts after), deleted again in `after`.
            p(&[("operation", "create"), ("tag", TAG), ("reason", "mwgen probe"), ("token", csrf)]),
            p(&[("operation", "activate"), ("tag", "no-such-tag"), ("token", csrf)]),
        ],
        "opensearch" => vec![p(&[("search", "Mwgen")]), p(&[("search", "Nothing like this")])],
        "options" => vec![
            p(&[("change", "skin=vector"), ("token", csrf)]),
            p(&[("optionname", "no-such-option"), ("optionvalue", "1"), ("token", csrf)]),
        ],
        "paraminfo" => vec![p(&[("modules", "query+allpages|block"), ("helpformat", "none")])],
        "parse" => {
            let mut out = vec![
                p(&[("page", PAGE), ("prop", &all_values(m, "prop"))]),
                // seed.sh's page: categories that exist, templates, a file.
                p(&[("page", "Seed main page"), ("prop", &all_values(m, "prop"))]),
                p(&[
                    ("text", "''x'' {{PAGENAME}}"),
                    ("title", PAGE),
                    ("contentmodel", "wikitext"),
                    ("pst", "1"),
                ]),
                p(&[("page", REDIRECT), ("redirects", "1")]),
            ];
            out.extend(each_alone(m, "prop", &[("page", PAGE)], &p));
            out
        }
        "protect" => vec![p(&[
            ("title", PAGE),
            ("protections", "edit=sysop|move=sysop"),
            ("expiry", "1 hour|infinite"),
            ("reason", "mwgen probe"),
            ("token", csrf),
        ])],
        "purge" => vec![p(&[("titles", &format!("{PAGE}|{MISSING}")), ("forcelinkupdate", "1")])],
        "revisiondelete" => vec![
            p(&[
                ("type", "revision"),
                ("ids", "{var:revid}"),
                ("target", PAGE),
                ("hide", "comment"),
                ("token", csrf),
            ]),
            p(&[
                ("type", "revision"),
                ("ids", "{var:revid}"),
                ("target", PAGE),
                ("show", "comment"),
                ("token", csrf),
            ]),
        ],
        "setnotificationtimestamp" => vec![p(&[("titles", PAGE), ("token", csrf)])],
        "stashedit" => vec![p(&[
            ("title", PAGE),
            ("text", "stashed"),
            ("contentmodel", "wikitext"),
            ("contentformat", "text/x-wiki"),
            ("baserevid", "{var:revid}"),
            ("token", csrf),
        ])],
        "tag" => {
            vec![p(&[("revid", "{var:revid}"), ("add", TAG), ("reason", "mwgen probe"), ("token", csrf)])]
        }
        "validatepassword" => {
            vec![p(&[("password", "x")]), p(&[("password", "a long and unusual passphrase 1942")])]
        }
        "userrights" => vec![
            p(&[
                ("user", "Admin"),
                ("add", "bot"),
                ("reason", "mwgen probe"),
                ("token", "{token:userrights}"),
            ]),
            p(&[
                ("user", "Admin"),
                ("remove", "bot"),
                ("reason", "mwgen probe"),
                ("token", "{token:userrights}"),
            ]),
        ],
        "imagerotate" => {
            vec![p(&[("titles", &format!("File:{FILE}|{MISSING}")), ("rotation", "90"), ("token", csrf)])]
        }
        "watch" => vec![
            p(&[("titles", PAGE), ("token", "{token:watch}")]),
            p(&[("titles", MISSING), ("unwatch", "1"), ("token", "{token:watch}")]),
        ],
        // Fails, harmlessly: there is no history to merge.
        "mergehistory" => vec![p(&[("from", MOVE_FROM), ("to", PAGE), ("token", csrf)])],
        // Harmless: clears the talk-page flag; page languages are disabled (an error envelope).
        "clearhasmsg" | "setpagelanguage" => {
            let mut params: Vec<(String, String)> = vec![("action".into(), a.into())];
            for q in m.plain_parameters().filter(|q| q.required) {
                params.push((format!("{}{}", m.prefix, q.name), fill(q)));
            }
            let refs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            vec![if m.mustbeposted { Probe::post(a, &refs) } else { Probe::get(a, &refs) }]
        }
        _ => vec![],
    }
}

/// Changes the probes made, undone; then the log-out.
pub fn after() -> Vec<Probe> {
    vec![
        Probe::post(
            "managetags",
            &[
                ("action", "managetags"),
                ("operation", "delete"),
                ("tag", TAG),
                ("reason", "mwgen probe"),
                ("token", "{token:csrf}"),
            ],
        ),
        Probe::post(
            "unblock",
            &[("action", "unblock"), ("user", BLOCKED), ("reason", "mwgen probe"), ("token", "{token:csrf}")],
        ),
        Probe::post("unblock", &[("action", "unblock"), ("user", BLOCKED), ("token", "{token:csrf}")]),
        Probe::post(
            "protect",
            &[
                ("action", "protect"),
                ("title", PAGE),
                ("protections", "edit=all|move=all"),
                ("token", "{token:csrf}"),
            ],
        ),
        Probe::post("logout", &[("action", "logout"), ("token", "{token:csrf}")]),
    ]
}

/// Makes a probe of the module from its parameters.
type MakeProbe<'a> = dyn Fn(&[(&str, &str)]) -> Probe + 'a;

/// One probe per value of the parameter `name`: `base` with `name` set to that value alone.
fn each_alone(m: &Module, name: &str, base: &[(&str, &str)], p: &MakeProbe<'_>) -> Vec<Probe> {
    let Some(crate::spec::ParamType::Values(values)) = m.parameter(name).map(|q| &q.ty) else {
        return vec![];
    };
    values
        .iter()
        .map(|v| {
            let mut params = base.to_vec();
            params.push((name, v.as_str()));
            p(&params)
        })
        .collect()
}

fn all_values(m: &Module, name: &str) -> String {
    match m.parameter(name).map(|p| &p.ty) {
        Some(crate::spec::ParamType::Values(v)) => v.join("|"),
        _ => String::new(),
    }
}
