//! The expected output of every generator fixture (`tests/fixtures/gen/<feature>/expected/`),
//! compiled with warnings denied, each in its own module, so a fixture whose output does not compile
//! fails `cargo test --workspace`. `tests/behaviour.rs` decodes and encodes through each of them.
//!
//! The files themselves are checked (and rewritten with `MWGEN_BLESS=1`) by
//! `cargo test -p mwgen-tests --test gen_fixtures`, which does not depend on this crate.
#![deny(warnings)]
#![warn(missing_docs)]

pub mod probe;

use mwgen_runtime::{ApiError, Decode, DecodeOptions, Decoder, Encode, ModuleSpec, Params, Warning};

/// One compiled fixture: its folder, its modules' specs, and a decoder of its main module.
#[derive(Debug, Clone, Copy)]
pub struct Fixture {
    /// The folder under `tests/fixtures/gen/`.
    pub name: &'static str,
    /// Every generated module's spec (the fixture's `MODULES`).
    pub modules: &'static [&'static ModuleSpec],
    /// Decodes a whole request through the fixture's `main::Main`, then encodes it and decodes it again.
    pub decode: fn(&Params) -> Outcome,
}

/// What decoding one request through a fixture gave.
#[derive(Debug)]
pub struct Outcome {
    /// The error MediaWiki would answer, if any.
    pub error: Option<ApiError>,
    /// The warnings recorded, in order.
    pub warnings: Vec<Warning>,
    /// The parameter names no decoder read (MediaWiki's `unrecognizedparams`), in request order.
    pub unrecognized: Vec<String>,
    /// The decoded request encoded again (`None` when decoding failed).
    pub encoded: Option<Params>,
    /// Where `decode(encode(decoded))` differed from `decoded`, or re-encoding that changed the bytes.
    pub roundtrip: Result<(), String>,
}

/// Decodes `params` as a request of `M` (a fixture's main module), and checks the round trip.
pub fn decode_main<M: Decode + Encode + PartialEq + std::fmt::Debug>(params: &Params) -> Outcome {
    let mut d = Decoder::new(params, DecodeOptions::default());
    let result = M::decode(&mut d, "");
    let unrecognized = d.unused().into_iter().map(str::to_string).collect();
    let warnings = d.take_warnings();
    let (error, encoded, roundtrip) = match result {
        Err(e) => (Some(e), None, Ok(())),
        Ok(first) => {
            let encoded = first.to_params();
            let roundtrip = roundtrip(&first, &encoded);
            (None, Some(encoded), roundtrip)
        }
    };
    Outcome { error, warnings, unrecognized, encoded, roundtrip }
}

/// `decode(encode(first)) == first`, and encoding that again gives the same bytes.
fn roundtrip<M: Decode + Encode + PartialEq + std::fmt::Debug>(
    first: &M,
    encoded: &Params,
) -> Result<(), String> {
    let mut d = Decoder::new(encoded, DecodeOptions::default());
    let again =
        M::decode(&mut d, "").map_err(|e| format!("{} does not decode: {e:?}", encoded.to_query_string()))?;
    if &again != first {
        return Err(format!(
            "decoded {first:?}, encoded {}, decoded again {again:?}",
            encoded.to_query_string()
        ));
    }
    let unread = d.unused();
    if !unread.is_empty() {
        return Err(format!("{} leaves {unread:?} unread", encoded.to_query_string()));
    }
    let twice = again.to_params();
    if twice.to_query_string() != encoded.to_query_string()
        || twice.uploads().len() != encoded.uploads().len()
    {
        return Err(format!("encodes as {} then as {}", encoded.to_query_string(), twice.to_query_string()));
    }
    Ok(())
}

/// Declares each fixture's module (its expected root file, `include!`d) and lists them in [`FIXTURES`].
macro_rules! fixtures {
    ($($module:ident => $folder:literal,)*) => {
        $(
            #[doc = concat!("The tree generated from `tests/fixtures/gen/", $folder, "/spec/`.")]
            #[allow(missing_docs)]
            pub mod $module {
                include!(concat!("../../fixtures/gen/", $folder, "/expected/mediawiki_api.rs"));
            }
        )*
        /// Every fixture, in folder order.
        pub const FIXTURES: &[Fixture] = &[$(Fixture {
            name: $folder,
            modules: $module::MODULES,
            decode: decode_main::<$module::main::Main>,
        },)*];
    };
}

// One line per folder of tests/fixtures/gen (the mwgen-tests `gen_fixtures` test checks that none is
// left out).
fixtures! {
    all_specifier => "all-specifier",
    constraints => "constraints",
    deprecated => "deprecated",
    dynamic_params => "dynamic-params",
    generator => "generator",
    keyword_names => "keyword-names",
    limit => "limit",
    name_clash => "name-clash",
    prefixed_submodule => "prefixed-submodule",
    responses => "responses",
    shared_enum => "shared-enum",
    templated => "templated",
    token_post => "token-post",
    upload => "upload",
}
