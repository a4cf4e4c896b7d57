//! Property: for every module, any valid request survives encode → decode unchanged.
//!
//! Valid wire parameters are generated from each module's static spec (`mediawiki_api::MODULES`):
//! values of the right type within their limits, required ones always present, templated ones filled
//! from their source's values. They are decoded into the typed request `x`; then `decode(encode(x))`
//! must equal `x`, without errors.

use mediawiki_api::MODULES;
use mwgen_runtime::{Params, Sink};
use mwgen_tests::strategies::{decode, encode, module_params};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

#[test]
fn every_module_roundtrips() {
    assert_eq!(MODULES.len(), 121, "the generated crate has every module");
    let cases = std::cell::Cell::new(0usize);
    let nonempty = std::cell::Cell::new(0usize);
    for spec in MODULES {
        // A runner counts its cases over its whole life: one per module.
        let mut runner =
            TestRunner::new(Config { cases: 48, failure_persistence: None, ..Config::default() });
        let result = runner.run(&module_params(spec), |params| {
            cases.set(cases.get() + 1);
            if !params.is_empty() {
                nonempty.set(nonempty.get() + 1);
            }
            let x = decode(spec, &params).map_err(|e| {
                TestCaseError::fail(format!("{}: first decode of {params:?}: {e}", spec.path))
            })?;
            let wire = encode(&x);
            let y = decode(spec, &wire).map_err(|e| {
                TestCaseError::fail(format!("{}: decode of re-encoded {wire:?}: {e}", spec.path))
            })?;
            prop_assert_eq!(&x, &y, "{}: {:?} → {:?}", spec.path, params, wire);
            Ok(())
        });
        if let Err(e) = result {
            panic!("module {}: {e}", spec.path);
        }
    }
    assert!(cases.get() >= 121 * 48, "ran {} cases", cases.get());
    assert!(nonempty.get() > 121 * 30, "only {} cases had parameters", nonempty.get());
}

/// The sink and the parser agree on the U+001F form for lists whose values hold `|`.
#[test]
fn pipes_in_values_use_the_unit_separator() {
    let mut p = Params::new();
    mwgen_runtime::request::enc::multi(&mut p, ["", "titles"], &["A|B".to_string(), "C".to_string()]);
    assert_eq!(p.get("titles"), Some("\u{1f}A|B\u{1f}C"));
    let mut q = Params::new();
    mwgen_runtime::request::enc::multi(&mut q, ["", "titles"], &["A".to_string(), "C".to_string()]);
    assert_eq!(q.get("titles"), Some("A|C"));
    let mut s = String::new();
    let mut f = mwgen_runtime::FormEncoder::new(&mut s);
    f.begin("", "titles");
    f.push("\u{1f}A|B\u{1f}C");
    assert_eq!(s, "titles=%1FA%7CB%1FC");
}

/// A list of one empty value (`titles=||`, whose duplicates MediaWiki drops) is sent as `|`, which
/// reads back as that list: an empty text would read as no values (a fuzz find).
#[test]
fn one_empty_value_reads_back() {
    use mediawiki_api::main::Main;
    use mwgen_runtime::{Decode, DecodeOptions, Decoder, Encode};
    let read = |p: &Params| {
        let mut d = Decoder::new(p, DecodeOptions::default());
        Main::decode(&mut d, "").expect("decodes")
    };
    let first = read(&Params::parse_query("action=query&titles=||||"));
    let again = read(&first.to_params());
    assert_eq!(first, again);
    assert_eq!(first.to_params().get("titles"), Some("|"));
}
