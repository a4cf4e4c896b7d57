//! Probes for shapes that the regular ones of [`plan`](super::plan) do not reach: a parameter that is
//! no `*prop` value changes what comes back (`blredirect`, `rvsection`, `amimessageformat`,
//! `amimergerequestfields`, a generator's data), or only some targets show a field (a backlink that is
//! not a redirect, a user that is missing or invalid, a title with an interwiki prefix). Each probe
//! is a read; the seeded targets are tests/mediawiki/seed.sh's (on a wiki without the seed they are
//! missing titles, and teach only that).

use super::plan::{Probe, PAGE};
use crate::spec::Module;

/// A seeded page linked from a plain page and from a redirect, `Seed redirect`, which has backlinks of
/// both kinds itself (`Seed double redirect`, `Seed redirect reader`).
pub const LINKED: &str = "Seed main page";
/// A title with an interwiki prefix that MediaWiki's default interwiki table holds.
pub const INTERWIKI: &str = "wikipedia:Mwgen probe";
/// User names of every kind: existing, blocked (seed.sh's Mallory), invalid (`<`), missing and
/// creatable, missing and not creatable (`@` is not allowed in new names).
pub const USERS: &str = "Admin|Mallory|Mwgen probe<|Mwgen probe nobody|Mwgen probe@nobody";
/// User ids: the first account, and one no wiki has yet.
pub const USER_IDS: &str = "1|2147483646";
/// A section no probe page has.
pub const NO_SUCH_SECTION: &str = "99";

/// The rare probes of module `m` (none for most modules).
pub fn probes(m: &Module) -> Vec<Probe> {
    let path = m.path.as_str();
    let query = |params: &[(&str, &str)]| {
        let mut all = vec![("action", "query")];
        all.extend_from_slice(params);
        Probe::get(path, &all)
    };
    match path {
        "query" => vec![
            // The page set's `interwiki` list, with and without each prefix's URL.
            query(&[("titles", &format!("{PAGE}|{INTERWIKI}"))]),
            query(&[("titles", &format!("{PAGE}|{INTERWIKI}")), ("iwurl", "1")]),
            // Generator data: search and prefixsearch put each page's `index` into it.
            query(&[("generator", "search"), ("gsrsearch", "Mwgen"), ("gsrlimit", "3")]).following(),
            query(&[("generator", "prefixsearch"), ("gpssearch", "Mwgen"), ("gpslimit", "3")]),
        ],
        "query+backlinks" => vec![
            // Plain links and a redirect (only the redirect says `redirect`)…
            query(&[("list", "backlinks"), ("bltitle", LINKED)]),
            // …and the redirect's own backlinks, `redirlinks`, plain and redirects too.
            query(&[("list", "backlinks"), ("bltitle", LINKED), ("blredirect", "1")]),
            query(&[("list", "backlinks"), ("bltitle", LINKED), ("blredirect", "1"), ("bllimit", "1")])
                .following(),
        ],
        // Users asked by id: a missing one has an id and no name.
        "query+users" => {
            vec![query(&[("list", "users"), ("ususerids", USER_IDS), ("usprop", &all_of(m, "prop"))])]
        }
        // Search without its info block (`srinfo=`), one hit at a time: `searchinfo` is absent,
        // and the continuation does not need any `srprop`.
        "query+search" => vec![query(&[
            ("list", "search"),
            ("srsearch", "Seed"),
            ("srinfo", ""),
            ("srprop", ""),
            ("srlimit", "1"),
        ])
        .following()],
        "query+authmanagerinfo" => authmanagerinfo(m),
        "query+revisions" => {
            // A section out of range: the slot says `nosuchsection` instead of its content.
            let section = |prop: &str| {
                query(&[
                    ("prop", "revisions"),
                    ("titles", PAGE),
                    ("rvprop", prop),
                    ("rvslots", "main"),
                    ("rvsection", NO_SUCH_SECTION),
                ])
            };
            vec![section("content"), section(&all_of(m, "prop"))]
        }
        _ => Vec::new(),
    }
}

/// meta=authmanagerinfo for every kind of request, its fields each on its own or merged; for log-in
/// and account creation (the requests with messages) in every message format too (`raw` gives
/// objects, `none` leaves the messages out); and a security-sensitive operation.
fn authmanagerinfo(m: &Module) -> Vec<Probe> {
    let path = m.path.as_str();
    let mut out = Vec::new();
    for action in all_of(m, "requestsfor").split('|').filter(|a| !a.is_empty()) {
        let formats: &[&str] = if matches!(action, "login" | "create") {
            &["html", "wikitext", "raw", "none"]
        } else {
            &["wikitext"]
        };
        for format in formats {
            for merged in [false, true] {
                let mut params = vec![
                    ("action", "query"),
                    ("meta", "authmanagerinfo"),
                    ("amirequestsfor", action),
                    ("amimessageformat", format),
                ];
                if merged {
                    params.push(("amimergerequestfields", "1"));
                }
                out.push(Probe::get(path, &params));
            }
        }
    }
    out.push(Probe::get(
        path,
        &[
            ("action", "query"),
            ("meta", "authmanagerinfo"),
            ("amisecuritysensitiveoperation", "ChangeCredentials"),
        ],
    ));
    out
}

/// Every value of the module's value-list parameter `name`, `|`-joined (deprecated ones aside).
fn all_of(m: &Module, name: &str) -> String {
    let Some(p) = m.parameter(name) else { return String::new() };
    let crate::spec::ParamType::Values(values) = &p.ty else { return String::new() };
    let deprecated = p.deprecatedvalues.clone().unwrap_or_default();
    values.iter().filter(|v| !deprecated.contains(v)).cloned().collect::<Vec<_>>().join("|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Spec;

    fn spec() -> Spec {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/mediawiki-1.39");
        Spec::load(dir).expect("spec loads")
    }

    fn params_of(path: &str) -> Vec<Vec<(String, String)>> {
        let spec = spec();
        let m = spec.modules.get(path).expect("module");
        probes(m).into_iter().map(|p| p.params).collect()
    }

    fn has(params: &[(String, String)], k: &str, v: &str) -> bool {
        params.iter().any(|(a, b)| a == k && b == v)
    }

    #[test]
    fn backlinks_are_asked_of_a_seeded_page_with_and_without_their_redirects_links() {
        let all = params_of("query+backlinks");
        assert!(all.iter().any(|p| has(p, "bltitle", LINKED) && !p.iter().any(|(k, _)| k == "blredirect")));
        assert!(all.iter().any(|p| has(p, "bltitle", LINKED) && has(p, "blredirect", "1")));
    }

    #[test]
    fn authmanagerinfo_is_asked_in_every_message_format_merged_and_not() {
        let all = params_of("query+authmanagerinfo");
        for action in ["login", "create", "change", "remove", "link"] {
            assert!(all.iter().any(|p| has(p, "amirequestsfor", action)), "{action}");
        }
        for format in ["html", "wikitext", "raw", "none"] {
            let of = |merged: bool| {
                all.iter().any(|p| {
                    has(p, "amimessageformat", format) && has(p, "amimergerequestfields", "1") == merged
                })
            };
            assert!(of(true) && of(false), "{format}");
        }
    }

    #[test]
    fn revisions_ask_a_section_out_of_range_with_the_slots_named() {
        let all = params_of("query+revisions");
        assert!(all.iter().all(|p| has(p, "rvsection", NO_SUCH_SECTION) && has(p, "rvslots", "main")));
        assert!(all.iter().any(|p| has(p, "rvprop", "content")));
    }

    #[test]
    fn search_is_asked_without_its_info_and_props() {
        let all = params_of("query+search");
        assert!(all.iter().any(|p| has(p, "srinfo", "") && has(p, "srprop", "") && has(p, "srlimit", "1")));
    }

    #[test]
    fn most_modules_have_no_rare_probes() {
        assert!(params_of("query+allpages").is_empty());
    }
}
