//! Encoding and decoding one typical request, generated code against hand-written baselines:
//!
//! `action=query&list=allpages&apfrom=Foo&apnamespace=0&aplimit=50&apfilterredir=nonredirects&apdir=ascending`
//!
//! The generated code writes a module's parameters in the spec's order (`apfilterredir` before
//! `aplimit`), so the encoders all produce [`ENCODED`], the same pairs in that order; decoding reads
//! [`QUERY`] as given (the order of parameters does not matter to it).
//!
//! - `a_generated_encode`: the generated `Main` (built once) encoded by `FormEncoder` into a reused String;
//! - `a2_generated_client_path`: what the client does: `action=query`, then the generated `Query`
//!   encoded (the client never encodes `Main`, whose other 16 fields it sets itself);
//! - `b_handwritten_encode`: the same pairs pushed by hand into a reused String (values escaped with
//!   `form_urlencoded::byte_serialize`, numbers with `itoa`, as the runtime does);
//! - `c_serde_urlencoded`: `serde_urlencoded::to_string` of an equivalent `#[derive(Serialize)]`
//!   struct (a new String each time: that is its API);
//! - `c2_serde_urlencoded_decode`: `serde_urlencoded::from_str` of [`QUERY`] into a plain
//!   `#[derive(Deserialize)]` struct of owned values, with no validation at all: what a server author
//!   would otherwise write (compare with `e_parse_decode`, which also starts from the text);
//! - `d_decode_validate`: a `Decoder` over the query parsed once, `Main::decode` (decoding is
//!   validating), and dropping the answer, which is looked at where it was returned;
//! - `d2_decode_then_move`: the same, with the decoded `Main` moved out of the `Result` first, as
//!   `?` or `expect` do (232 bytes read back right after they were written: on this machine that
//!   copy waits for the stores to land, and costs more than its size suggests);
//! - `e_parse_decode`: `Params::parse_query` and `Main::decode` together.
//!
//! Run with `cargo bench -p mwgen-tests --bench encode`.

use criterion::{criterion_group, criterion_main, Criterion};
use mediawiki_api::action::Query;
use mediawiki_api::enums::{DirAscendingDescending, Filterredir};
use mediawiki_api::list::Allpages;
use mediawiki_api::main::Main;
use mwgen_runtime::{
    ApiError, Decode, DecodeOptions, Decoder, Encode, FormEncoder, Limit, Namespace, Params,
};
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use std::time::Duration;

/// The request as a client would type it (what the decoding benchmarks read).
const QUERY: &str =
    "action=query&list=allpages&apfrom=Foo&apnamespace=0&aplimit=50&apfilterredir=nonredirects&apdir=ascending";

/// The same pairs in the order the generated code writes them (what every encoder must produce).
const ENCODED: &str =
    "action=query&list=allpages&apfrom=Foo&apnamespace=0&apfilterredir=nonredirects&aplimit=50&apdir=ascending";

/// The request as generated types.
fn request() -> Main {
    let allpages = Allpages {
        from: Some("Foo".to_string()),
        namespace: Some(Namespace::MAIN),
        limit: Some(Limit::Value(50)),
        filterredir: Some(Filterredir::Nonredirects),
        dir: Some(DirAscendingDescending::Ascending),
        ..Allpages::default()
    };
    let query = Query { list: vec![allpages.into()], ..Query::default() };
    Main { action: Some(query.into()), ..Main::default() }
}

/// The same values, as a hand-written client would hold them.
struct Plain {
    from: &'static str,
    namespace: i32,
    limit: u32,
    filterredir: &'static str,
    dir: &'static str,
}

const PLAIN: Plain =
    Plain { from: "Foo", namespace: 0, limit: 50, filterredir: "nonredirects", dir: "ascending" };

/// The same escaping the generated code uses (the fastest correct one we have), so the comparison
/// measures what the generated code adds, not the escaper.
fn push_escaped(out: &mut String, value: &str) {
    mwgen_runtime::params::push_form_component(out, value);
}

fn handwritten(p: &Plain, out: &mut String) {
    out.push_str("action=");
    push_escaped(out, "query");
    out.push_str("&list=");
    push_escaped(out, "allpages");
    out.push_str("&apfrom=");
    push_escaped(out, p.from);
    out.push_str("&apnamespace=");
    push_escaped(out, itoa::Buffer::new().format(p.namespace));
    out.push_str("&apfilterredir=");
    push_escaped(out, p.filterredir);
    out.push_str("&aplimit=");
    push_escaped(out, itoa::Buffer::new().format(p.limit));
    out.push_str("&apdir=");
    push_escaped(out, p.dir);
}

/// The serde equivalent: every parameter optional, unset ones skipped.
#[derive(Serialize, Default)]
struct SerdeAllpages<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    list: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    apfrom: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    apnamespace: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    apfilterredir: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    aplimit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    apdir: Option<&'a str>,
}

/// What serde_urlencoded decodes the request into: owned values, as the generated types hold.
#[derive(Deserialize, Debug, PartialEq)]
struct SerdeDecoded {
    action: Option<String>,
    list: Option<String>,
    apfrom: Option<String>,
    apnamespace: Option<i32>,
    apfilterredir: Option<String>,
    aplimit: Option<u32>,
    apdir: Option<String>,
}

fn serde_request() -> SerdeAllpages<'static> {
    SerdeAllpages {
        action: Some("query"),
        list: Some("allpages"),
        apfrom: Some("Foo"),
        apnamespace: Some(0),
        apfilterredir: Some("nonredirects"),
        aplimit: Some(50),
        apdir: Some("ascending"),
    }
}

fn generated(main: &Main, out: &mut String) {
    main.encode("", &mut FormEncoder::new(out));
}

/// The client's path: the action by name, then the module's own parameters.
fn generated_client_path(query: &Query, out: &mut String) {
    out.push_str("action=query");
    query.encode("", &mut FormEncoder::new(out));
}

/// A decoder over the parsed request, and `Main::decode`'s answer as it gives it.
fn decode(params: &Params) -> Result<Main, ApiError> {
    let mut d = Decoder::new(params, DecodeOptions::default());
    <Main as Decode>::decode(&mut d, "")
}

/// The three encoders agree, and decoding gives back the encoded value.
fn check_agreement(main: &Main) {
    let mut a = String::new();
    generated(main, &mut a);
    let mut b = String::new();
    handwritten(&PLAIN, &mut b);
    let c = serde_urlencoded::to_string(serde_request()).expect("serde_urlencoded");
    assert_eq!(a, ENCODED, "generated encoding");
    assert_eq!(b, ENCODED, "hand-written encoding");
    assert_eq!(c, ENCODED, "serde_urlencoded encoding");
    let sorted = |q: &str| {
        let p = Params::parse_query(q);
        let mut pairs: Vec<(String, String)> =
            p.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        pairs.sort();
        pairs
    };
    assert_eq!(sorted(ENCODED), sorted(QUERY), "the same pairs as the typed query");
    let params = Params::parse_query(QUERY);
    let mut d = Decoder::new(&params, DecodeOptions::default());
    let decoded = <Main as Decode>::decode(&mut d, "").expect("the request is valid");
    assert_eq!(&decoded, main, "decode(encode(x)) == x");
    assert!(d.warnings().is_empty(), "no warnings: {:?}", d.warnings());
    assert!(d.unused().is_empty(), "every parameter used: {:?}", d.unused());
}

fn bench(c: &mut Criterion) {
    let main = request();
    check_agreement(&main);

    let mut g = c.benchmark_group("allpages_request");
    g.sample_size(50).measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_secs(1));

    let mut buf = String::with_capacity(256);
    g.bench_function("a_generated_encode", |bch| {
        bch.iter(|| {
            buf.clear();
            generated(black_box(&main), &mut buf);
            black_box(buf.len())
        })
    });

    let query = match &main.action {
        Some(mediawiki_api::submodules::Action::Query(q)) => q.clone(),
        _ => unreachable!("request() builds an action=query request"),
    };
    let mut check = String::new();
    generated_client_path(&query, &mut check);
    assert_eq!(check, ENCODED, "the client path encodes the same request");
    let mut buf = String::with_capacity(256);
    g.bench_function("a2_generated_client_path", |bch| {
        bch.iter(|| {
            buf.clear();
            generated_client_path(black_box(&query), &mut buf);
            black_box(buf.len())
        })
    });

    let mut buf = String::with_capacity(256);
    g.bench_function("b_handwritten_encode", |bch| {
        bch.iter(|| {
            buf.clear();
            handwritten(black_box(&PLAIN), &mut buf);
            black_box(buf.len())
        })
    });

    let serde_req = serde_request();
    g.bench_function("c_serde_urlencoded", |bch| {
        bch.iter(|| serde_urlencoded::to_string(black_box(&serde_req)).expect("serde_urlencoded"))
    });

    let serde_decoded: SerdeDecoded = serde_urlencoded::from_str(QUERY).expect("serde_urlencoded decodes");
    assert_eq!(serde_decoded.aplimit, Some(50));
    assert_eq!(serde_decoded.apfilterredir.as_deref(), Some("nonredirects"));
    g.bench_function("c2_serde_urlencoded_decode", |bch| {
        bch.iter(|| {
            let decoded = serde_urlencoded::from_str::<SerdeDecoded>(black_box(QUERY));
            black_box(&decoded);
        })
    });

    let params = Params::parse_query(QUERY);
    // The answers are looked at where they are and dropped inside the routine: criterion's `iter`
    // passes a routine's output to `black_box` by value, which would add a copy of the 232 bytes.
    g.bench_function("d_decode_validate", |bch| {
        bch.iter(|| {
            let decoded = decode(black_box(&params));
            black_box(&decoded);
        })
    });

    g.bench_function("d2_decode_then_move", |bch| {
        bch.iter(|| {
            let main = decode(black_box(&params)).expect("the request is valid");
            black_box(&main);
        })
    });

    g.bench_function("e_parse_decode", |bch| {
        bch.iter(|| {
            let params = Params::parse_query(black_box(QUERY));
            let decoded = decode(&params);
            black_box(&decoded);
        })
    });

    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
