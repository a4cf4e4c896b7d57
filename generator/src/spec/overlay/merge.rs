//! Merging the selected overlays onto the core ([`Spec::load_with`]): each added parameter and value
//! placed where the extension wiki shows it, with its provenance; and counts for reports.

use super::lint::Lint;
use super::*;

/// Whether `line` of a parameter's description describes `value`: `;value:…`, or a submodule's
/// `;<span …>[[Special:ApiHelp/path|value]]</span>:…`.
pub fn help_line_is_for(line: &str, value: &str) -> bool {
    line.starts_with(';')
        && (line.starts_with(&format!(";{value}:")) || line.contains(&format!("|{value}]]</span>:")))
}

impl Spec {
    /// Loads the core spec at `root` and lints it, then, unless `extensions` is none, loads every
    /// overlay of `overlays` (default: [`default_overlays_dir`]), lints them against the core, and
    /// merges the selected ones. With [`Extensions::None`] this is [`Spec::load`].
    pub fn load_with(
        root: impl AsRef<Path>,
        overlays: Option<&Path>,
        extensions: &Extensions,
    ) -> Result<Spec, SpecError> {
        let core = Spec::load(root.as_ref())?;
        if extensions.is_none() {
            return Ok(core);
        }
        let dir = overlays.map(Path::to_path_buf).unwrap_or_else(|| default_overlays_dir(root.as_ref()));
        let (loaded, mut problems) = Overlays::read(&dir)?;
        match core.merge(&loaded, extensions) {
            Ok(merged) if problems.is_empty() => Ok(merged),
            Ok(_) => Err(SpecError::Invalid(problems)),
            Err(e) => {
                problems.extend(e.diagnostics().iter().cloned());
                problems.sort();
                problems.dedup();
                Err(SpecError::Invalid(problems))
            }
        }
    }

    /// The core with the selected overlays merged onto it, every overlay linted against it.
    pub fn merge(&self, overlays: &Overlays, extensions: &Extensions) -> Result<Spec, SpecError> {
        let mut lint = Lint { out: Vec::new(), warnings: Vec::new(), overlays };
        if let Extensions::Only(names) = extensions {
            let known: Vec<&str> = overlays.overlays.keys().map(String::as_str).collect();
            for n in names {
                if !overlays.overlays.contains_key(n) {
                    let hint = match did_you_mean(n, &known) {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => format!("the overlays are: {}", known.join(", ")),
                    };
                    lint.out.push(
                        Diagnostic::new(&overlays.root, Pos::default(), format!("there is no overlay `{n}`"))
                            .hint(hint),
                    );
                }
            }
        }
        // Every overlay's modules, for submodule targets (an unselected overlay's values point at its
        // own modules, which are then absent too).
        let mut every = self.clone();
        for o in overlays.overlays.values() {
            for (path, m) in &o.modules {
                if self.modules.contains_key(path) {
                    let pos = o.sources[path].tree.get("path").map(|n| n.pos).unwrap_or_default();
                    lint.out.push(
                        Diagnostic::new(&o.sources[path].file, pos, format!("overlay `{}` defines core module `{path}`", o.file.source))
                            .hint("what an extension adds to a core module goes in overlay.yaml's `parameters` and `values`"),
                    );
                }
                every.modules.entry(path.clone()).or_insert_with(|| m.clone());
                every.sources.entry(path.clone()).or_insert_with(|| o.sources[path].clone());
            }
        }
        let mut merged = self.clone();
        for (source, o) in &overlays.overlays {
            if extensions.includes(source) {
                merged.modules.extend(o.modules.iter().map(|(k, v)| (k.clone(), v.clone())));
                merged.sources.extend(o.sources.iter().map(|(k, v)| (k.clone(), v.clone())));
                merged.extensions.push(source.clone());
            }
            if source == UNATTRIBUTED {
                let n = o.file.parameters.len() + o.file.values.len();
                if n > 0 {
                    lint.warnings.push(
                        Diagnostic::new(&o.located.file, Pos { line: 1, col: 1 }, format!("{n} additions whose extension is not known"))
                            .hint(format!("paraminfo does not say which extension added them: add rules to {ATTRIBUTION_FILE} and import again")),
                    );
                }
            }
        }
        lint.parameters(self, &every, &mut merged, extensions);
        lint.values(self, &every, &mut merged, extensions);
        // The overlays' own modules, linted as the core's are, against everything they can name.
        let mut problems = super::super::lint::lint(&every);
        problems.retain(|d| !self.sources.values().any(|s| s.file == d.file));
        lint.out.extend(problems);
        if lint.out.is_empty() {
            merged.warnings = lint.warnings;
            merged.warnings.sort();
            Ok(merged)
        } else {
            lint.out.sort();
            lint.out.dedup();
            Err(SpecError::Invalid(lint.out))
        }
    }
}

/// Every addition's extension, for a report: (source, added parameters, added values).
pub fn addition_counts(o: &Overlays) -> Vec<(String, usize, usize, usize)> {
    o.overlays
        .values()
        .map(|x| (x.file.source.clone(), x.modules.len(), x.file.parameters.len(), x.file.values.len()))
        .collect()
}

/// The sources of `modules` that are not the core's, as a set.
pub fn extension_sources<'a>(modules: impl IntoIterator<Item = &'a Module>) -> BTreeSet<String> {
    modules.into_iter().map(|m| m.origin().to_string()).filter(|s| s != CORE_SOURCE).collect()
}
