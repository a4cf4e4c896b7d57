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
        .generate();
    if let Err(e) = result {
        // Cargo shows this, and the build fails with the spec's own located message.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
