//! `mediawiki-fake --listen 127.0.0.1:PORT [--db FILE] [--fault RULE]… [--rate-limit LIMIT]… [--admin-key KEY]`: serves
//! the fake wiki, and prints `MEDIAWIKI_API_URL=http://…/api.php` as its last line once it answers.

use clap::Parser;
use mediawiki_fake::faults::FaultRule;
use std::path::PathBuf;

/// A fake MediaWiki 1.39, answering the Action API from SQLite.
#[derive(Debug, Parser)]
#[command(name = "mediawiki-fake", version)]
struct Args {
    /// Where to listen (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Keep the wiki in this SQLite file (created when missing); in memory by default.
    #[arg(long)]
    db: Option<PathBuf>,
    /// A fault to inject from the start, repeatable: `KIND[=VALUE][;times=N][;modules=A,B]`, KIND one
    /// of maxlag=SECONDS, readonly[=REASON], ratelimited, badtoken, editconflict, sessionloss,
    /// http[=STATUS], slow=MS (e.g. `--fault 'maxlag=5;times=3'`).
    #[arg(long = "fault", value_name = "RULE")]
    faults: Vec<FaultRule>,
    /// A rate limit, repeatable, as `$wgRateLimits[ACTION][CATEGORY] = [HITS, SECONDS]`:
    /// `ACTION:CATEGORY=HITS/SECONDS` (e.g. `--rate-limit edit:user=8/60`); none by default.
    #[arg(long = "rate-limit", value_name = "LIMIT")]
    rate_limits: Vec<mediawiki_fake::RateLimitRule>,
    /// The key of the fault switch (`Authorization: Bearer KEY` on /fake/faults); random and
    /// printed at start when not given.
    #[arg(long, value_name = "KEY")]
    admin_key: Option<String>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mediawiki-fake: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr()?;
    let url = format!("http://{addr}/api.php");
    let wiki = match &args.db {
        Some(path) => mediawiki_fake::Wiki::open(&url, path)?,
        None => mediawiki_fake::Wiki::new(&url)?,
    };
    for rule in args.faults {
        wiki.faults().add(rule);
    }
    for l in &args.rate_limits {
        wiki.set_rate_limit(&l.action, &l.category, l.hits, l.seconds);
    }
    match &args.admin_key {
        Some(key) if key.is_empty() => return Err("--admin-key must not be empty".into()),
        Some(key) => wiki.faults().set_admin_key(key),
        None => eprintln!(
            "mediawiki-fake: fault switch: /fake/faults with `Authorization: Bearer {}`",
            wiki.faults().admin_key()
        ),
    }
    let opts = wiki.server_options();
    eprintln!(
        "mediawiki-fake: serving {} on {addr}",
        args.db.as_ref().map_or("an in-memory wiki".to_string(), |p| p.display().to_string())
    );
    println!("MEDIAWIKI_API_URL={url}");
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    mwgen_runtime::server::serve_until(listener, wiki.router(), &opts.limits, stop).await?;
    Ok(())
}
