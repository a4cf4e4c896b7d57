#![deny(warnings)]
//! Typical use of the generated types compiles without a warning.

use mediawiki_api::action::{Block, Query};
use mediawiki_api::enums::{DirAscendingDescending, Filterredir};
use mediawiki_api::list::Allpages;
use mediawiki_api::main::Main;
use mwgen_runtime::{Encode, FormEncoder, Limit, Namespace};

fn main() {
    let allpages = Allpages {
        from: Some("Foo".into()),
        namespace: Some(Namespace::MAIN),
        limit: Some(Limit::Value(50)),
        filterredir: Some(Filterredir::Nonredirects),
        dir: Some(DirAscendingDescending::Ascending),
        ..Default::default()
    };
    let query = Query { list: vec![allpages.into()], ..Default::default() };
    let mut out = String::new();
    Main { action: Some(query.into()), ..Default::default() }.encode("", &mut FormEncoder::new(&mut out));
    assert!(out.starts_with("action=query&list=allpages"));
    let mut block = Block::new("token");
    block.user = Some("Vandal".into());
    block.reason = Some("Spam".into());
}
