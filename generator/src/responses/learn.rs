//! `mwgen responses`: probe (or read recorded answers), infer, add what MediaWiki's source shows,
//! merge into the spec.

use super::apply::{apply, Applied, ApplyError};
use super::plan::Credentials;
use super::record::{self, Record, RecordError};
use crate::spec::{Spec, SpecError};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where the answers come from.
#[derive(Debug, Clone)]
pub enum From {
    /// A live wiki's api.php (feature `responses`).
    Wiki(String),
    /// A recorded file.
    Corpus(PathBuf),
}

/// What to learn, from where, into which spec.
#[derive(Debug, Clone)]
pub struct Learn {
    /// The spec directory to update.
    pub spec: PathBuf,
    /// Where the answers come from.
    pub from: From,
    /// Write the records here.
    pub record: Option<PathBuf>,
    /// Waited between two requests to a wiki.
    pub delay: Duration,
    /// Only these module paths (all when empty).
    pub modules: Vec<String>,
    /// MediaWiki's install directory (holding `includes/api/`), for fields read from source.
    pub php: Option<PathBuf>,
    /// Who the probes log in as.
    pub credentials: Credentials,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The files and counts of the update.
    pub applied: Applied,
    /// Requests sent (0 from a corpus).
    pub requests: usize,
    /// Records learned from.
    pub records: usize,
    /// Time taken, from start to the last file written.
    pub elapsed: Duration,
}

/// Why a run failed. The spec is untouched when it does.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error(transparent)]
    Apply(#[from] ApplyError),
    #[cfg(feature = "responses")]
    #[error(transparent)]
    Probe(#[from] super::probe::ProbeError),
    #[error("learning from a live wiki needs mwgen's `responses` feature")]
    NoHttp,
    #[error("{0}")]
    Source(String),
}

/// Runs the whole thing; `progress` hears one line per module probed.
pub fn learn(l: &Learn, progress: &mut dyn FnMut(&str)) -> Result<Summary, LearnError> {
    let start = Instant::now();
    let spec = Spec::load(&l.spec)?;
    let (records, requests) = match &l.from {
        From::Corpus(file) => (record::read(file)?, 0),
        From::Wiki(url) => probe(&spec, l, url, progress)?,
    };
    if let Some(out) = &l.record {
        record::write(out, &records)?;
    }
    // The shapes are formatversion=2's: a corpus may hold formatversion=1 answers too (the checker's).
    let fv2: Vec<Record> = records.iter().filter(|r| record::is_formatversion2(&r.query)).cloned().collect();
    let mut learned = super::infer::infer(&spec, &fv2);
    if !l.modules.is_empty() {
        learned.retain(|path, _| l.modules.contains(path));
    }
    if let Some(php) = &l.php {
        super::source::add(&spec, php, &l.modules, &mut learned).map_err(LearnError::Source)?;
    }
    let applied = apply(&spec, &learned)?;
    Ok(Summary { applied, requests, records: records.len(), elapsed: start.elapsed() })
}

#[cfg(feature = "responses")]
fn probe(
    spec: &Spec,
    l: &Learn,
    url: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<(Vec<Record>, usize), LearnError> {
    let probes = super::plan::plan(spec, &l.credentials, &l.modules);
    // Progress counts runs of probes of one module, as the runner reports them.
    let total =
        probes.iter().enumerate().filter(|(i, p)| *i == 0 || probes[i - 1].module != p.module).count();
    let mut seen = 0;
    let mut requests = 0;
    let options = super::probe::Options { delay: l.delay, ..Default::default() };
    let records = super::probe::run(url, &probes, &options, &mut |d| {
        seen += 1;
        requests += d.requests;
        let unusable = if d.unusable > 0 { format!(", {} not JSON", d.unusable) } else { String::new() };
        progress(&format!(
            "[{seen}/{total}] {}: {} requests, {} errors{unusable} ({:.2} s)",
            d.module,
            d.requests,
            d.errors,
            d.elapsed.as_secs_f64()
        ));
    })?;
    Ok((records, requests))
}

#[cfg(not(feature = "responses"))]
fn probe(_: &Spec, _: &Learn, _: &str, _: &mut dyn FnMut(&str)) -> Result<(Vec<Record>, usize), LearnError> {
    Err(LearnError::NoHttp)
}
