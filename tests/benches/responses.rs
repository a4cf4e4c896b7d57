//! Reading two recorded answers (tests/fixtures/responses/, see its README) into the generated
//! types, against reading them into `serde_json::Value`, in the same run and the same group:
//!
//! - `allpages_500`: `action=query&list=allpages&aplimit=500` (500 items of `query.allpages`);
//! - `revisions_50`: `generator=allpages&gaplimit=50&prop=revisions` with content (50 pages of
//!   `query.pages`, one revision each);
//! - `revisions_50_slots`: the same with `rvprop=…|slotsize|slotsha1`, which gives each slot every
//!   field the spec knows.
//!
//! Each group has `typed` (`serde_json::from_str::<Envelope<QueryResponse>>`) and `value`
//! (`serde_json::from_str::<Value>`), from text, as the client reads an answer (its body is a
//! `String` already: UTF-8 is checked once, when it arrives, not in each read). The goal of issue 11 is typed ≤ 0.5× value. Before timing,
//! each answer is read once strictly (`mwgen_runtime::response::strict`): an answer with a key
//! or an enum value the spec does not describe, or without a field it calls required, is not timed
//! (the bench says why on stderr and goes on with the others), since a typed read that keeps keys
//! aside in `extra`, or fails, is not the read being measured.
//!
//! Run with `cargo bench -p mwgen-tests --bench responses` from the workspace root.

use criterion::{criterion_group, Criterion, Throughput};
use mediawiki_api::action::QueryResponse;
use mwgen_runtime::response::{strict, Envelope};
use serde_json::Value;
use std::hint::black_box;
use std::time::Duration;

/// The answers, by bench group name.
const ANSWERS: &[(&str, &[u8])] = &[
    ("allpages_500", include_bytes!("../fixtures/responses/allpages-500.json")),
    ("revisions_50", include_bytes!("../fixtures/responses/revisions-50.json")),
    ("revisions_50_slots", include_bytes!("../fixtures/responses/revisions-50-slots.json")),
];

type Answer = Envelope<QueryResponse>;

/// Reads `bytes` strictly; the answer's text, or why it does not fit or does not hold what the
/// group is named for.
fn check<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let answer = strict(|| serde_json::from_str::<Answer>(text)).map_err(|e| e.to_string())?;
    let query = answer.body.and_then(|b| b.query);
    let (items, want) = match name {
        "allpages_500" => (query.and_then(|q| q.allpages).map(|l| l.len()), 500),
        _ => (query.and_then(|q| q.pages).map(|p| p.iter().filter(|p| p.revisions.is_some()).count()), 50),
    };
    match items == Some(want) {
        true => Ok(text),
        false => Err(format!("{items:?} items read, {want} expected")),
    }
}

fn responses(c: &mut Criterion) {
    for (name, bytes) in ANSWERS {
        let text = match check(name, bytes) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("\n!!!!!!!! {name} NOT TIMED: the recorded answer does not fit strictly: {e}\n");
                continue;
            }
        };
        let mut g = c.benchmark_group(*name);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.measurement_time(Duration::from_secs(4));
        g.bench_function("typed", |b| {
            b.iter(|| serde_json::from_str::<Answer>(black_box(text)).map(black_box).is_ok())
        });
        g.bench_function("value", |b| {
            b.iter(|| serde_json::from_str::<Value>(black_box(text)).map(black_box).is_ok())
        });
        g.finish();
    }
}

/// `RESPONSES_ONCE=typed|value [RESPONSES_ITERS=N] [RESPONSES_ONLY=group]`: no criterion, just N
/// reads (default 100) of one kind of each answer that fits (or of one group), for counting
/// instructions with valgrind: `RESPONSES_ONCE=typed valgrind --tool=cachegrind <the bench binary>`.
fn once(kind: &str) {
    let n: usize = std::env::var("RESPONSES_ITERS").ok().and_then(|n| n.parse().ok()).unwrap_or(100);
    let only = std::env::var("RESPONSES_ONLY").unwrap_or_default();
    for (name, bytes) in ANSWERS {
        let Ok(text) = check(name, bytes) else { continue };
        if !(only.is_empty() || only == *name) {
            continue;
        }
        for _ in 0..n {
            let ok = match kind {
                "typed" => serde_json::from_str::<Answer>(black_box(text)).map(black_box).is_ok(),
                _ => serde_json::from_str::<Value>(black_box(text)).map(black_box).is_ok(),
            };
            black_box(ok);
        }
    }
}

criterion_group!(benches, responses);

fn main() {
    match std::env::var("RESPONSES_ONCE") {
        Ok(kind) => once(&kind),
        Err(_) => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
