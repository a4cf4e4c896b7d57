//! The Builder's hooks for users' own attributes (`type_attribute`, `derive`): each lands on the types
//! its matcher names and nowhere else, and an attribute that is not Rust is refused by name.

use std::path::Path;

fn spec() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/mediawiki-1.39")
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

#[test]
fn attributes_go_where_their_matcher_says() {
    let rendered = mwgen::Builder::new()
        .spec(spec())
        .modules(["edit", "query+allpages"])
        .derive("query+allpages", "Eq, Hash")
        .type_attribute("Filterredir", "#[doc(alias = \"redirect-filter\")]")
        .type_attribute(".", "#[cfg_attr(docsrs, doc(cfg(all())))]")
        .render()
        .expect("render");
    let allpages = &rendered.files["list/allpages.rs"];
    let edit = &rendered.files["action/edit.rs"];
    // Enums are macro invocations, whose tokens prettyplease lays out freely: compare without line breaks.
    let all: String =
        rendered.files.values().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    assert_eq!(count(allpages, "#[derive(Eq, Hash)]"), 1, "{allpages}");
    assert_eq!(count(edit, "#[derive(Eq, Hash)]"), 0);
    // Filterredir lives with allpages here (the only module of the selection that uses it).
    let filterredir = all.find("pub enum Filterredir").expect("the enum is generated");
    let before = &all[..filterredir];
    assert!(
        before.rfind("redirect-filter") > before.rfind("pub enum "),
        "the alias is on Filterredir's declaration"
    );
    assert_eq!(count(&all, "redirect-filter"), 1);
    // `.` reaches every module struct and enum of the selection.
    let flat = |f: &str| rendered.files[f].split_whitespace().collect::<Vec<_>>().join(" ");
    let (submodule_sets, server) = (flat("submodules.rs"), flat("server.rs"));
    let (structs, enum_decls) = (count(&all, "pub struct "), count(&all, "pub enum "));
    assert!(structs > 0 && enum_decls > 0);
    // Submodule sets (`Action`, `List`…), the server's dispatcher and the response types (whose
    // derives are fixed: their fields hold numbers and JSON) are not request or value types: hooks
    // leave them alone.
    let responses = count(&all, "impl rt::Object for ") + count(&all, "impl rt::Closed for ");
    assert!(responses > 0, "the selection has response types");
    let others = count(&submodule_sets, "pub enum ") + count(&server, "pub struct ") + responses;
    assert_eq!(count(&all, "doc(cfg(all()))"), structs + enum_decls - others);
}

#[test]
fn an_attribute_that_is_not_rust_is_refused_by_name() {
    for bad in ["derive(Hash)", "#[derive(Hash", ""] {
        let err = mwgen::Builder::new().spec(spec()).type_attribute(".", bad).render().expect_err(bad);
        let text = err.to_string();
        assert!(text.starts_with(&format!("type attribute `{bad}` is not a Rust attribute")), "{text}");
    }
}

#[test]
fn a_build_with_overlays_reruns_when_an_overlay_changes() {
    let core = mwgen::Builder::new().spec(spec()).modules(["edit"]).render().expect("render");
    let with = mwgen::Builder::new()
        .spec(spec())
        .modules(["edit"])
        .extensions(mwgen::spec::Extensions::All)
        .render()
        .expect("render with every overlay");
    let overlays = spec().parent().expect("the spec's folder").join("extensions");
    assert!(!core.spec_files.contains(&overlays), "the core alone does not watch the overlays");
    assert!(with.spec_files.contains(&overlays), "{:?}", with.spec_files);
    // edit gains ConfirmEdit's captcha parameters from its overlay.
    assert!(with.files["action/edit.rs"].contains("captchaword"));
    assert!(!core.files["action/edit.rs"].contains("captchaword"));
}
