//! Decodes one request in a loop and prints the time per decode: a steadier figure than criterion's
//! on a shared machine when pinned to a core, and a fixed amount of work for instruction counts.
//!
//! ```sh
//! cargo build --release -p mwgen-tests --example decode_loop
//! taskset -c 1 target/release/examples/decode_loop [QUERY] [ITERATIONS]
//! valgrind --tool=cachegrind --cache-sim=no target/release/examples/decode_loop [QUERY] 10000
//! ```
//!
//! QUERY defaults to the benchmark's allpages request; ITERATIONS to 1,000,000.

use mediawiki_api::main::Main;
use mwgen_runtime::{Decode, DecodeOptions, Decoder, Params};
use std::hint::black_box;
use std::time::Instant;

const ALLPAGES: &str =
    "action=query&list=allpages&apfrom=Foo&apnamespace=0&aplimit=50&apfilterredir=nonredirects&apdir=ascending";

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let query = args.next().unwrap_or_else(|| ALLPAGES.to_string());
    let n: u32 = match args.next() {
        Some(s) => s.parse().map_err(|e| format!("ITERATIONS `{s}`: {e}"))?,
        None => 1_000_000,
    };
    let params = Params::parse_query(&query);
    let mut d = Decoder::new(&params, DecodeOptions::default());
    if let Err(e) = <Main as Decode>::decode(&mut d, "") {
        eprintln!("note: the request does not decode ({}: {}); timing the error path", e.code, e.text);
    }
    let start = Instant::now();
    for _ in 0..n {
        // As the criterion bench's `d_decode_validate`: the answer stays where it was returned.
        let mut d = Decoder::new(black_box(&params), DecodeOptions::default());
        let decoded = <Main as Decode>::decode(&mut d, "");
        black_box(&decoded);
    }
    let per = start.elapsed().as_nanos() as f64 / f64::from(n.max(1));
    println!("{per:.1} ns per decode ({n} decodes of `{query}`)");
    Ok(())
}
