//! The build script's selection: the chosen modules and their parents, nothing else.

use mwgen_build_rs_example::{allpages_query, mw};

#[test]
fn only_the_selected_modules_and_their_parents() {
    let mut paths: Vec<&str> = mw::MODULES.iter().map(|m| m.path).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "block",
            "clientlogin",
            "compare",
            "edit",
            "main",
            "query",
            "query+allpages",
            "query+revisions",
            "upload"
        ]
    );
}

#[test]
fn encodes_a_query() {
    assert_eq!(allpages_query("Foo bar", 50), "action=query&list=allpages&apfrom=Foo+bar&aplimit=50");
}

#[test]
fn submodule_enums_hold_only_selected_members() {
    use mwgen_runtime::Submodule;
    let prop: mw::submodules::Prop = mw::prop::Revisions::default().into();
    assert_eq!(prop.path(), "query+revisions");
}

/// `.derive("query+allpages", "Eq, Hash")` in build.rs: the request can be a set's key.
#[test]
fn builder_hooks_add_derives() {
    use mw::list::Allpages;
    let mut seen = std::collections::HashSet::new();
    assert!(seen.insert(Allpages { from: Some("A".into()), ..Default::default() }));
    assert!(!seen.insert(Allpages { from: Some("A".into()), ..Default::default() }));
}
