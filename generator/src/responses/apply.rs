//! Learned shapes into the spec's files: merged with what each module has, checked by lint on a
//! staging copy, then each changed file written atomically. Nothing is written when anything fails.

use super::merge::merge;
use crate::spec::response::{Field, Response};
use crate::spec::{Spec, SpecError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why the spec could not be updated. The spec is untouched when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// A file could not be read, copied or written.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// A module could not be written as YAML.
    #[error("module `{module}`: {message}")]
    Yaml { module: String, message: String },
    /// The updated spec does not pass lint (a bug in the learner, or a hand edit it cannot keep).
    #[error("the updated spec does not pass lint:\n{0}")]
    Lint(SpecError),
}

/// What [`apply`] did, and counts over the whole updated spec.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// Module files whose bytes changed, relative to the spec root.
    pub changed: Vec<String>,
    /// Modules that have a `response` section.
    pub with_response: usize,
    /// Modules that answer JSON (what the probes cover).
    pub answering: usize,
    /// Fields (at any depth, extras and outcome cases included) seen in answers.
    pub observed: usize,
    /// Fields read from MediaWiki's source.
    pub from_source: usize,
}

/// Merges `learned` into the modules of `spec` and writes the files that changed.
pub fn apply(spec: &Spec, learned: &BTreeMap<String, Response>) -> Result<Applied, ApplyError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ApplyError::Io { path, source }
    };
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut applied = Applied::default();
    for (path, module) in &spec.modules {
        let mut module = module.clone();
        if let Some(new) = learned.get(path) {
            module.response = Some(merge(module.response.as_ref(), new));
        }
        if super::plan::answers_json(&module) {
            applied.answering += 1;
        }
        if let Some(r) = &module.response {
            applied.with_response += 1;
            count(r, &mut applied);
        }
        if !learned.contains_key(path) {
            continue;
        }
        let Some(source) = spec.sources.get(path) else { continue };
        let text = serde_yaml::to_string(&module)
            .map_err(|e| ApplyError::Yaml { module: path.clone(), message: e.to_string() })?;
        let old = std::fs::read_to_string(&source.file).map_err(io(&source.file))?;
        if old != text {
            texts.insert(source.relative.clone(), text);
        }
    }
    // Lint the result on a copy before touching the spec.
    let staging = tempfile::tempdir().map_err(io(&spec.root))?;
    let mut files: Vec<String> = spec.sources.values().map(|s| s.relative.clone()).collect();
    files.push(crate::spec::WIKI_FILE.to_string());
    for rel in &files {
        let to = staging.path().join(rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        match texts.get(rel) {
            Some(t) => std::fs::write(&to, t).map_err(io(&to))?,
            None => {
                let from = spec.root.join(rel);
                std::fs::copy(&from, &to).map_err(io(&from)).map(|_| ())?
            }
        }
    }
    Spec::load(staging.path()).map_err(ApplyError::Lint)?;
    for (rel, text) in &texts {
        let path = spec.root.join(rel);
        super::write_atomically(&path, text).map_err(io(&path))?;
    }
    applied.changed = texts.into_keys().collect();
    Ok(applied)
}

fn count(r: &Response, out: &mut Applied) {
    let mut fields: Vec<&Field> = r.fields.values().chain(r.extras.values()).collect();
    if let Some(o) = &r.outcomes {
        fields.extend(o.cases.values().flat_map(|c| c.fields.values()));
    }
    let mut items: Vec<&Field> = r.items.as_deref().into_iter().collect();
    // Array items and map values are not fields themselves; their fields are.
    loop {
        if let Some(f) = fields.pop() {
            if f.is_observed() {
                out.observed += 1;
            } else {
                out.from_source += 1;
            }
            fields.extend(f.fields.values());
            items.extend(f.items.as_deref());
        } else if let Some(i) = items.pop() {
            fields.extend(i.fields.values());
            items.extend(i.items.as_deref());
        } else {
            break;
        }
    }
}
