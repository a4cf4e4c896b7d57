//! Issue 14's batching bench: 1,000 pages fetched by title with their content, through
//! `Client::call_pages_batched` (typed pages) and `Client::execute_batched` (any module, JSON),
//! against the in-process fake. Prints, for an anonymous caller (50 titles a request) and a sysop
//! (500), the requests sent against the fewest possible, and the wall time.
//!
//! ```sh
//! cargo run --release -p mediawiki-fake --example batch_fetch [PAGES]
//! ```

use mediawiki_api::action::{Edit, Query, QueryPage};
use mediawiki_api::prop::Revisions;
use mediawiki_fake::Wiki;
use mwgen_runtime::client::{AuthStatus, Client};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

const UA: &str = "mwgen-batch-bench/0.1 (https://example.invalid/mwgen)";

fn main() -> Result<(), String> {
    let n: usize = match std::env::args().nth(1) {
        Some(s) => s.parse().map_err(|e| format!("PAGES `{s}`: {e}"))?,
        None => 1000,
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    rt.block_on(run(n))
}

async fn run(n: usize) -> Result<(), String> {
    let wiki = Wiki::new("http://fake.test/api.php").map_err(|e| e.to_string())?;
    let admin = wiki.client(UA).build().map_err(|e| e.to_string())?;
    match admin.client_login("Admin", "mwgen-admin-password-1").await.map_err(|e| e.to_string())? {
        AuthStatus::Pass { .. } => {}
        other => return Err(format!("login: {other:?}")),
    }
    let titles: Vec<String> = (0..n).map(|i| format!("Bench page {i}")).collect();
    let seeding = Instant::now();
    for t in &titles {
        let e = Edit { text: Some(format!("Text of {t}.")), ..Edit::new(t.as_str(), "") };
        admin.call(&e).await.map_err(|e| format!("edit {t}: {e}"))?;
    }
    eprintln!("seeded {n} pages in {:?}", seeding.elapsed());
    let sent = Arc::new(AtomicUsize::new(0));
    let seen = sent.clone();
    wiki.faults().set_hook(move |req| {
        if req.action == "query" {
            seen.fetch_add(1, Ordering::SeqCst);
        }
        None
    });
    let revisions = Revisions {
        prop: vec![mediawiki_api::prop::RevisionsProp::Content],
        slots: mwgen_runtime::Multi::All,
        ..Default::default()
    };
    let q = Query { titles: titles.clone(), prop: vec![revisions.into()], ..Default::default() };
    let anon = wiki.client(UA).build().map_err(|e| e.to_string())?;
    println!("| caller | limit | through | pages | with content | requests | fewest possible | wall time |");
    println!("|---|---|---|---|---|---|---|---|");
    for (who, client, limit) in [("anonymous", &anon, 50), ("sysop", &admin, 500)] {
        for how in ["call_pages_batched", "execute_batched"] {
            sent.store(0, Ordering::SeqCst);
            let start = Instant::now();
            let (pages, with_content) = if how == "call_pages_batched" {
                let pages: Vec<QueryPage> = fetch(client, &q).await?;
                (pages.len(), pages.iter().filter(|p| has_content(p)).count())
            } else {
                let r = client.execute_batched(&q).await.map_err(|e| e.to_string())?;
                let pages =
                    r.body.pointer("/query/pages").and_then(|p| p.as_array()).cloned().unwrap_or_default();
                let content =
                    pages.iter().filter(|p| p.pointer("/revisions/0/slots/main/content").is_some()).count();
                (pages.len(), content)
            };
            let took = start.elapsed();
            let fewest = n.div_ceil(limit);
            println!(
                "| {who} | {limit} | `{how}` | {pages} | {with_content} | {} | {fewest} | {took:.2?} |",
                sent.load(Ordering::SeqCst)
            );
        }
    }
    Ok(())
}

async fn fetch(client: &Client, q: &Query) -> Result<Vec<QueryPage>, String> {
    client.call_pages_batched(q, usize::MAX).await.map_err(|e| e.to_string())
}

/// Whether the page came with its latest revision's content.
fn has_content(p: &QueryPage) -> bool {
    let revisions = p.revisions.as_deref().unwrap_or_default();
    revisions.iter().any(|r| r.slots.as_ref().is_some_and(|s| s.main.content.is_some()))
}
