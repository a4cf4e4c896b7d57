//! Writing generated files: only those whose bytes changed, and the "is it up to date?" diff.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// What [`write_files`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    pub changed: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

/// Writes `files` under `dir`, touching only files whose bytes differ; with `prune`, removes `.rs`
/// files under `dir` that are not in `files` (modules that left the spec).
pub fn write_files(dir: &Path, files: &BTreeMap<String, String>, prune: bool) -> Result<Written, WriteError> {
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError { path, source }
    };
    let mut written = Written::default();
    for (rel, text) in files {
        let path = dir.join(rel);
        if std::fs::read(&path).ok().as_deref() == Some(text.as_bytes()) {
            written.unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(err(parent))?;
        }
        std::fs::write(&path, text).map_err(err(&path))?;
        written.changed.push(rel.clone());
    }
    if prune {
        for rel in existing_rs(dir) {
            if !files.contains_key(&rel) {
                let path = dir.join(&rel);
                std::fs::remove_file(&path).map_err(err(&path))?;
                written.removed.push(rel);
            }
        }
    }
    Ok(written)
}

/// A unified diff of every file under `dir` that differs from `files` (missing, stale or extra);
/// empty when the directory is up to date.
pub fn check_files(dir: &Path, files: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for (rel, text) in files {
        let on_disk = std::fs::read_to_string(dir.join(rel)).unwrap_or_default();
        if &on_disk != text {
            let diff = similar::TextDiff::from_lines(&on_disk, text);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{rel}"), &format!("b/{rel}"))
                    .to_string(),
            );
        }
    }
    for rel in existing_rs(dir) {
        if !files.contains_key(&rel) {
            out.push_str(&format!("--- a/{rel}\n+++ /dev/null\n(file is not generated any more)\n"));
        }
    }
    out
}

/// The `.rs` files under `dir`, relative, `/`-separated.
fn existing_rs(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                if let Ok(rel) = p.strip_prefix(dir) {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    out.sort();
    out
}
