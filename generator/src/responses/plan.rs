//! The probes to send: a pure function of the spec. Every query submodule with each `*prop` value on
//! (all at once, then one at a time), pages in every state, a small limit with one continuation, and
//! for action modules the requests of [`actions`](super::actions): a success and an in-band failure
//! where that is safe. Writes go to pages under [`PREFIX`].

use super::extract::prop_params;
use crate::spec::{Module, ParamType, Parameter, Spec, TypeName};

/// Where the probes write: every page they create or change is below this title.
pub const PREFIX: &str = "Mwgen probe/";
/// An existing page (made by the probes' first edit).
pub const PAGE: &str = "Mwgen probe/Page";
/// A redirect to [`PAGE`].
pub const REDIRECT: &str = "Mwgen probe/Redirect";
/// A title that does not exist.
pub const MISSING: &str = "Mwgen probe/Missing";
/// A title that cannot exist (`<` is not allowed in titles).
pub const INVALID: &str = "Mwgen probe/<invalid>";
/// A special page.
pub const SPECIAL: &str = "Special:Version";
/// A missing page that is known (a system message).
pub const KNOWN: &str = "MediaWiki:Edit";
/// A page id no wiki has yet.
pub const MISSING_ID: &str = "2147483646";
/// The probes' own files (uploaded by the first probes): an image, and a text file (no metadata).
pub const FILE_PAGES: &str = "File:Mwgen probe.png|File:Mwgen probe.txt";
/// Pages of tests/mediawiki/seed.sh that hold what [`PAGE`] does not: templates, categories and
/// files in use, a category, a template used elsewhere, deleted revisions. On a wiki without the seed
/// they are missing titles, and teach only that.
pub const SEEDED: &[&str] = &[
    "Seed main page",
    "File:Seed square.png",
    "File:Seed drawing.svg",
    "Category:Seed fruits",
    "Template:Seed box",
    "Seed deleted page",
    "Category:Seed hidden",
    "Seed protected page",
    "Seed cascade page",
    "Seed section redirect",
];
/// A seeded page with many revisions, some of them revision-deleted.
pub const HISTORY: &str = "Seed many revisions";
/// A seeded file with two versions.
pub const FILE_HISTORY: &str = "File:Seed square.png";

/// Query submodules and action modules never probed: not JSON (help, feeds, rsd, formats), or a
/// request a probe must not send (they change accounts or import data).
pub const SKIPPED: &[&str] = &[
    "help",
    "rsd",
    "feedcontributions",
    "feedrecentchanges",
    "feedwatchlist",
    "cspreport",
    "import",
    "resetpassword",
    "emailuser",
    "changeauthenticationdata",
    "removeauthenticationdata",
    "linkaccount",
    "unlinkaccount",
];

/// Modules whose answer is not JSON: help (HTML in JSON, but no shape of its own), the feeds and rsd
/// (XML).
pub const NOT_JSON: &[&str] = &["help", "rsd", "feedcontributions", "feedrecentchanges", "feedwatchlist"];

/// Whether the module answers JSON of its own: every action and query submodule but [`NOT_JSON`].
pub fn answers_json(m: &Module) -> bool {
    matches!(m.group.as_deref(), Some("action" | "prop" | "list" | "meta"))
        && !NOT_JSON.contains(&m.name.as_str())
}

/// One request to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// The module it is for (progress is shown per module).
    pub module: String,
    /// Sent by POST (as a form).
    pub post: bool,
    /// The parameters, `format`, `formatversion` and `maxlag` aside. A value `{token:TYPE}` is
    /// replaced by that token of the session, `{var:NAME}` by what an earlier probe captured.
    pub params: Vec<(String, String)>,
    /// Follow `continue` once, with the same parameters.
    pub follow: bool,
    /// Remember the value at this JSON pointer of the answer as `{var:NAME}`: (name, pointer).
    pub capture: Option<(String, String)>,
    /// The session (cookie jar) to send it in: 0 is the main one, logged in as the admin; others
    /// start anonymous.
    pub session: u8,
    /// A file to send as `file` (the POST is then multipart).
    pub file: Option<&'static [u8]>,
    /// Waited before sending (MediaWiki names archived file versions by the second).
    pub pause: std::time::Duration,
    /// Whether the answer goes into the records (preparation whose answer varies from run to run
    /// does not).
    pub record: bool,
}

impl Probe {
    /// A GET in the main session.
    pub fn get(module: &str, params: &[(&str, &str)]) -> Probe {
        Probe {
            module: module.to_string(),
            post: false,
            params: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            follow: false,
            capture: None,
            session: 0,
            file: None,
            pause: std::time::Duration::ZERO,
            record: true,
        }
    }

    /// A POST in the main session.
    pub fn post(module: &str, params: &[(&str, &str)]) -> Probe {
        Probe { post: true, ..Probe::get(module, params) }
    }

    /// The same probe with `continue` followed once.
    pub fn following(mut self) -> Probe {
        self.follow = true;
        self
    }

    /// The same probe, remembering `pointer` of the answer as `{var:name}`.
    pub fn capturing(mut self, name: &str, pointer: &str) -> Probe {
        self.capture = Some((name.to_string(), pointer.to_string()));
        self
    }

    /// The same probe, sending `bytes` as the file.
    pub fn with_file(mut self, bytes: &'static [u8]) -> Probe {
        self.file = Some(bytes);
        self
    }

    /// The same probe, sent after a pause.
    pub fn after_pause(mut self, pause: std::time::Duration) -> Probe {
        self.pause = pause;
        self
    }

    /// The same probe, its answer left out of the records.
    pub fn unrecorded(mut self) -> Probe {
        self.record = false;
        self
    }

    /// The same probe in another session.
    pub fn in_session(mut self, session: u8) -> Probe {
        self.session = session;
        self
    }
}

/// Credentials the probes log in with (defaults: tests/mediawiki/up.sh's).
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The admin's user name.
    pub user: String,
    /// The admin's password (clientlogin).
    pub password: String,
    /// The bot password's app id (`user@appid` logs in with action=login).
    pub bot_app: String,
    /// The bot password.
    pub bot_password: String,
}

impl Default for Credentials {
    fn default() -> Self {
        Credentials {
            user: "Admin".into(),
            password: "mwgen-admin-password-1".into(),
            bot_app: "mwgen".into(),
            bot_password: "mwgenbotpassword0123456789abcdef".into(),
        }
    }
}

/// Every probe, in the order to send them: log-ins and writes first (so that reads see what they
/// made), reads, then the clean-up and log-out. `only` keeps the probes of these module paths.
pub fn plan(spec: &Spec, creds: &Credentials, only: &[String]) -> Vec<Probe> {
    let mut probes = super::actions::before(creds);
    let mut reads = Vec::new();
    for m in spec.modules_in_wiki_order() {
        if SKIPPED.contains(&m.name.as_str()) {
            continue;
        }
        match m.group.as_deref() {
            Some("prop") => reads.extend(prop_probes(m)),
            Some(group @ ("list" | "meta")) => reads.extend(submodule_probes(m, group)),
            Some("action") if m.name == "query" => reads.extend(query_probes()),
            Some("action") => probes.extend(super::actions::probes(m)),
            _ => {}
        }
        reads.extend(super::rare::probes(m));
    }
    probes.extend(reads);
    probes.extend(super::actions::after());
    if !only.is_empty() {
        // Log-ins and the page set-up stay: the probes of the modules asked for need them.
        probes.retain(|p| {
            only.contains(&p.module) || p.module == "login" || p.module == "clientlogin" || p.module == "edit"
        });
    }
    probes
}

/// The page-set probes of `action=query`: every state, by title and by id, with and without redirects.
fn query_probes() -> Vec<Probe> {
    let titles = all_titles();
    vec![
        Probe::get("query", &[("action", "query"), ("titles", &titles)]),
        Probe::get(
            "query",
            &[("action", "query"), ("titles", &titles), ("redirects", "1"), ("indexpageids", "1")],
        ),
        Probe::get("query", &[("action", "query"), ("pageids", MISSING_ID)]),
        Probe::get(
            "query",
            &[
                ("action", "query"),
                ("titles", "mwgen probe/page|Talk:Mwgen probe/Page"),
                ("converttitles", "1"),
            ],
        ),
        Probe::get("query", &[("action", "query"), ("revids", "2147483646")]),
        Probe::get("query", &[("action", "query"), ("titles", PAGE), ("export", "1")]),
    ]
}

/// The titles of every page state, joined with `|`.
pub fn all_titles() -> String {
    // seed.sh's redirect to a section: `tofragment`.
    [PAGE, REDIRECT, MISSING, INVALID, SPECIAL, KNOWN, "Seed section redirect"].join("|")
}

fn prop_probes(m: &Module) -> Vec<Probe> {
    let path = m.path.as_str();
    if m.name == "stashimageinfo" {
        // Not about pages: about the file the upload probes stashed.
        let base = vec![
            ("action".to_string(), "query".to_string()),
            ("prop".into(), m.name.clone()),
            ("siifilekey".into(), "{var:filekey}".into()),
        ];
        let mut out = vec![probe(path, base.clone()), probe(path, with(base.clone(), all_on(m)))];
        out.extend(one_at_a_time(m).into_iter().map(|one| probe(path, with(base.clone(), one))));
        return out;
    }
    let base = |titles: &str| {
        vec![
            ("action".to_string(), "query".to_string()),
            ("prop".into(), m.name.clone()),
            ("titles".into(), titles.to_string()),
        ]
    };
    let titles = format!("{}|{FILE_PAGES}|{}", all_titles(), SEEDED.join("|"));
    let mut out = vec![probe(path, base(&titles)), probe(path, with(base(&titles), all_on(m)))];
    let mut by_id = with(base(""), all_on(m));
    by_id.retain(|(k, _)| k != "titles");
    by_id.push(("pageids".into(), MISSING_ID.into()));
    out.push(probe(path, by_id));
    let mut redirects = with(base(REDIRECT), all_on(m));
    redirects.push(("redirects".into(), "1".into()));
    out.push(probe(path, redirects));
    // Each value alone, with what it needs (`rvslots`): a field it does not bring is then seen missing.
    let some = format!("{PAGE}|{MISSING}|{FILE_PAGES}|{}", SEEDED.join("|"));
    for one in one_at_a_time(m) {
        out.push(probe(path, with(base(&some), one)));
    }
    if let Some(limit) = limit_param(m) {
        // One page: some props (revisions) take a limit only for a single page.
        let mut small = with(base(PAGE), all_on(m));
        small.push((limit.clone(), "1".into()));
        let mut p = probe(path, small);
        p.follow = true;
        out.push(p);
        // A long history: old file versions, revision-deleted revisions.
        let long = if matches!(m.name.as_str(), "imageinfo" | "videoinfo") { FILE_HISTORY } else { HISTORY };
        let mut history = with(base(long), all_on(m));
        history.push((limit, "50".into()));
        out.push(probe(path, history));
    }
    out
}

/// A list's or a meta's probes (`group` is `list` or `meta`): defaults, all on, one value at a time,
/// and a limit of 2 followed once.
fn submodule_probes(m: &Module, group: &str) -> Vec<Probe> {
    let path = m.path.as_str();
    let mut base = vec![("action".to_string(), "query".to_string()), (group.to_string(), m.name.clone())];
    base.extend(needed(m));
    let mut out = vec![probe(path, base.clone()), probe(path, with(base.clone(), all_on(m)))];
    for one in one_at_a_time(m) {
        out.push(probe(path, with(base.clone(), one)));
    }
    if m.name == "allmessages" {
        // A message that does not exist (no content), and one the wiki defines but MediaWiki does not
        // (seed.sh's, `defaultmissing`).
        let messages =
            (format!("{}messages", m.prefix), "edit|mwgen-no-such-message|seed-notice".to_string());
        out.push(probe(
            path,
            with(base.clone(), vec![messages.clone(), (format!("{}prop", m.prefix), "default".into())]),
        ));
        out.push(probe(path, with(base.clone(), vec![messages])));
    }
    if let Some(limit) = limit_param(m) {
        let mut p = probe(path, with(with(base, all_on(m)), vec![(limit, "2".into())]));
        p.follow = true;
        out.push(p);
    }
    out
}

fn probe(module: &str, params: Vec<(String, String)>) -> Probe {
    Probe { params, ..Probe::get(module, &[]) }
}

fn with(mut a: Vec<(String, String)>, b: Vec<(String, String)>) -> Vec<(String, String)> {
    for (k, v) in b {
        a.retain(|(x, _)| *x != k);
        a.push((k, v));
    }
    a
}

/// Each `*prop` parameter with all its values, by wire name.
pub fn all_on(m: &Module) -> Vec<(String, String)> {
    // Deprecated values are left out: they conflict with others (`parsetree` with `slots`), and
    // each is still probed on its own.
    let mut out: Vec<(String, String)> = prop_params(m)
        .filter_map(|p| match &p.ty {
            ParamType::Values(v) => {
                let deprecated = p.deprecatedvalues.clone().unwrap_or_default();
                let kept: Vec<String> = v.iter().filter(|x| !deprecated.contains(x)).cloned().collect();
                Some((format!("{}{}", m.prefix, p.name), join(&kept)))
            }
            ParamType::Named(_) => None,
        })
        .collect();
    // Slot content in formatversion=2 wants the slots named.
    if let Some(slots) = m.parameter("slots").filter(|p| p.multi) {
        out.push((
            format!("{}{}", m.prefix, slots.name),
            slots.allspecifier.clone().unwrap_or_else(|| "main".into()),
        ));
    }
    out
}

/// Each value of each `*prop` parameter on its own, by wire name, with what it needs: the slots named
/// (`rvslots=main`), or the value would be answered in the legacy form, without `slots`.
pub fn one_at_a_time(m: &Module) -> Vec<Vec<(String, String)>> {
    let slots = m
        .parameter("slots")
        .filter(|p| p.multi)
        .map(|p| (format!("{}{}", m.prefix, p.name), "main".to_string()));
    let mut out = Vec::new();
    for p in prop_params(m) {
        if let ParamType::Values(values) = &p.ty {
            for v in values {
                let mut one = vec![(format!("{}{}", m.prefix, p.name), v.clone())];
                one.extend(slots.clone());
                out.push(one);
            }
        }
    }
    out
}

/// `a|b|c`, or the `\x1f` form when a value holds `|`.
fn join(values: &[String]) -> String {
    if values.iter().any(|v| v.contains('|')) {
        values.iter().map(|v| format!("\u{1f}{v}")).collect()
    } else {
        values.join("|")
    }
}

fn limit_param(m: &Module) -> Option<String> {
    m.plain_parameters()
        .find(|p| p.ty == ParamType::Named(TypeName::Limit))
        .map(|p| format!("{}{}", m.prefix, p.name))
}

/// Values for the parameters a list or meta cannot answer without (required, or one of a set).
fn needed(m: &Module) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let wire = |p: &Parameter| format!("{}{}", m.prefix, p.name);
    for p in m.plain_parameters() {
        let value = match (m.name.as_str(), p.name.as_str()) {
            ("backlinks", "title") => Some(PAGE.to_string()),
            // seed.sh's template, used on several pages.
            ("embeddedin", "title") => Some("Template:Seed box".to_string()),
            ("imageusage", "title") => Some("File:Mwgen probe.png".into()),
            ("categorymembers", "title") => Some("Category:Mwgen probe".into()),
            ("usercontribs", "user") => Some("Admin".into()),
            // Existing, blocked (seed.sh's Mallory), invalid and missing names.
            ("users", "users") => Some(super::rare::USERS.into()),
            ("search" | "prefixsearch", "search") => Some("Mwgen".into()),
            ("pageswithprop", "propname") => Some("displaytitle".into()),
            ("exturlusage", "query") => Some("127.0.0.1".into()),
            _ if p.required => Some(fill(p)),
            _ => None,
        };
        if let Some(v) = value {
            out.push((wire(p), v));
        }
    }
    out
}

/// A value of the parameter's type that the wiki accepts.
pub fn fill(p: &Parameter) -> String {
    match &p.ty {
        ParamType::Values(v) => v.first().cloned().unwrap_or_default(),
        ParamType::Named(TypeName::Title) => PAGE.into(),
        ParamType::Named(TypeName::User) => "Admin".into(),
        ParamType::Named(TypeName::Integer | TypeName::Limit) => p.min.unwrap_or(1).max(1).to_string(),
        ParamType::Named(TypeName::Namespace) => "0".into(),
        ParamType::Named(TypeName::Timestamp) => "2026-01-01T00:00:00Z".into(),
        ParamType::Named(TypeName::Expiry) => "1 hour".into(),
        ParamType::Named(TypeName::Boolean) => "1".into(),
        ParamType::Named(TypeName::Float) => "1".into(),
        ParamType::Named(_) if p.tokentype.is_some() => {
            format!("{{token:{}}}", p.tokentype.as_deref().unwrap_or("csrf"))
        }
        ParamType::Named(_) => "Mwgen probe".into(),
    }
}
