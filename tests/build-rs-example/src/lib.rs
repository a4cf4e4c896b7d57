//! A crate that generates only the MediaWiki modules it needs, from its build script, and compiles
//! them with every warning denied.
#![deny(warnings)]

/// The generated modules (main, block, compare, clientlogin, edit, upload, query, query+allpages,
/// query+revisions).
pub mod mw {
    include!(concat!(env!("OUT_DIR"), "/mediawiki_api.rs"));
}

/// The query string of a request for the first `limit` pages from `from`.
pub fn allpages_query(from: &str, limit: u32) -> String {
    use mw::action::Query;
    use mw::list::Allpages;
    use mwgen_runtime::{Encode, FormEncoder, Limit};
    let query = Query {
        list: vec![Allpages {
            from: Some(from.into()),
            limit: Some(Limit::Value(limit)),
            ..Default::default()
        }
        .into()],
        ..Default::default()
    };
    let main = mw::main::Main { action: Some(query.into()), ..Default::default() };
    let mut out = String::new();
    main.encode("", &mut FormEncoder::new(&mut out));
    out
}
