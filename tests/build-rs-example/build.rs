//! Generates the MediaWiki request types this crate uses into OUT_DIR.

fn main() {
    let result = mwgen::Builder::new()
        .spec("../../spec/mediawiki-1.39")
        .modules([
            "main",
            "block",
            "compare",
            "clientlogin",
            "edit",
            "upload",
            "query+allpages",
            "query+revisions",
        ])
        // Hooks as in prost-build: extra derives and attributes on chosen types.
        .derive("query+allpages", "Eq, Hash")
        .type_attribute("edit", "#[must_use = \"an edit does nothing until it is sent\"]")
        .emit_rerun_if_changed(true)
        .generate();
    if let Err(e) = result {
        // Cargo shows this, and the build fails with the spec's own located message.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
