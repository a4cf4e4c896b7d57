//! An import from a wiki with extensions, split into the core spec and the overlays.
//!
//! Modules whose paraminfo `source` is not MediaWiki's go to their extension's overlay. What a core
//! module has on the wiki but not in the core spec (the baseline) is an addition: a parameter, or a
//! value of a parameter's list. paraminfo does not say which extension added it, so it is told by
//! - for a submodule value (`action`, `prop`, `list`, `meta`, `format`): the `source` of the module
//!   the value picks;
//! - otherwise: the first matching rule of the overlays' `attribution.yaml`;
//! - and when neither tells: the overlay [`UNATTRIBUTED`], for which lint warns.

use super::import::{
    changed, keep_responses_from, malformed, prepare, read_existing, stage, swap_in, ImportError, Imported,
};
use crate::spec::overlay::{
    help_line_is_for, is_source_dir, AddedParameter, AddedValue, Attribution, OverlayFile, ATTRIBUTION_FILE,
    CORE_SOURCE, OVERLAY_FILE, UNATTRIBUTED,
};
use crate::spec::{Extensions, Module, Overlays, ParamType, Parameter, Spec};
use std::collections::BTreeMap;
use std::path::Path;

/// One overlay as an import found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OverlayOut {
    pub file: OverlayFile,
    pub modules: BTreeMap<String, Module>,
}

/// An import split into the core and the overlays (by source).
#[derive(Debug, Clone)]
pub struct Split {
    pub core: Imported,
    pub overlays: BTreeMap<String, OverlayOut>,
}

impl Split {
    /// Whether the wiki had anything beyond the core.
    pub fn has_overlays(&self) -> bool {
        !self.overlays.is_empty()
    }
}

/// Splits `imported` against the core spec's modules `baseline`.
pub fn split(
    imported: &Imported,
    baseline: &BTreeMap<String, Module>,
    attribution: &Attribution,
) -> Result<Split, ImportError> {
    let mut overlays: BTreeMap<String, OverlayOut> = BTreeMap::new();
    let mut core = Imported { wiki: imported.wiki.clone(), modules: BTreeMap::new() };
    let source_of = |path: &str| -> Option<String> {
        imported.modules.get(path).map(|m| m.origin().to_string()).filter(|s| s != CORE_SOURCE)
    };
    for (path, m) in &imported.modules {
        if m.origin() != CORE_SOURCE {
            overlay(&mut overlays, m.origin())?.modules.insert(path.clone(), m.clone());
            continue;
        }
        let Some(base) = baseline.get(path) else {
            core.modules.insert(path.clone(), m.clone());
            continue;
        };
        let names: Vec<&str> = m.parameters.iter().map(|p| p.name.as_str()).collect();
        let mut module = m.clone();
        module.parameters.clear();
        for (i, p) in m.parameters.iter().enumerate() {
            let Some(b) = base.parameter(&p.name) else {
                let source = attribution.parameter(path, &p.name).unwrap_or_else(|| UNATTRIBUTED.into());
                let (after, before) = anchors(&names, i, |n| base.parameter(n).is_some());
                overlay(&mut overlays, &source)?.file.parameters.push(AddedParameter {
                    module: path.clone(),
                    after,
                    before,
                    parameter: p.clone(),
                });
                continue;
            };
            let (kept, added) = strip_values(path, p, b, attribution, &source_of);
            for (source, value) in added {
                overlay(&mut overlays, &source)?.file.values.push(value);
            }
            module.parameters.push(kept);
        }
        core.modules.insert(path.clone(), module);
    }
    Ok(Split { core, overlays })
}

/// The overlay of `source`, created when first needed.
fn overlay<'a>(
    overlays: &'a mut BTreeMap<String, OverlayOut>,
    source: &str,
) -> Result<&'a mut OverlayOut, ImportError> {
    if !is_source_dir(source) {
        return Err(malformed(
            format!("source `{source}`"),
            "cannot name an overlay folder (ASCII letters, digits, spaces, `-`, `_`, `.`)",
        ));
    }
    Ok(overlays.entry(source.to_string()).or_insert_with(|| OverlayOut {
        file: OverlayFile { source: source.to_string(), ..Default::default() },
        modules: BTreeMap::new(),
    }))
}

/// Where the `i`th of `names` goes: after the one before it, or, when it is first, before the first
/// of the core's (`is_core`) that follows it (an added one could be placed only after it).
fn anchors(names: &[&str], i: usize, is_core: impl Fn(&str) -> bool) -> (Option<String>, Option<String>) {
    match i.checked_sub(1) {
        Some(prev) => (Some(names[prev].to_string()), None),
        None => (None, names.iter().find(|n| is_core(n)).map(|s| s.to_string())),
    }
}

/// `p` as the wiki has it, less the values the core's `b` lacks (with their submodules, flags and
/// description lines); and those values, with the extension each came from.
fn strip_values(
    module: &str,
    p: &Parameter,
    b: &Parameter,
    attribution: &Attribution,
    source_of: &impl Fn(&str) -> Option<String>,
) -> (Parameter, Vec<(String, AddedValue)>) {
    let (ParamType::Values(wiki), ParamType::Values(core)) = (&p.ty, &b.ty) else {
        return (p.clone(), Vec::new());
    };
    let names: Vec<&str> = wiki.iter().map(String::as_str).collect();
    let mut kept = p.clone();
    let mut added = Vec::new();
    let mut lines: Vec<&str> = p.description.as_deref().map(|d| d.split('\n').collect()).unwrap_or_default();
    let core_lines: Vec<&str> = b.description.as_deref().map(|d| d.split('\n').collect()).unwrap_or_default();
    for (i, v) in wiki.iter().enumerate().filter(|(_, v)| !core.contains(v)) {
        let submodule = p.submodules.as_ref().and_then(|s| s.get(v)).cloned();
        let help = lines
            .iter()
            .position(|l| help_line_is_for(l, v) && !core_lines.contains(l))
            .map(|at| lines.remove(at).to_string());
        let source = submodule
            .as_deref()
            .and_then(source_of)
            .or_else(|| attribution.value(module, &p.name, v, source_of))
            .unwrap_or_else(|| UNATTRIBUTED.into());
        let (after, before) = anchors(&names, i, |n| core.iter().any(|c| c == n));
        let has = |list: &Option<Vec<String>>| list.iter().flatten().any(|x| x == v);
        added.push((
            source,
            AddedValue {
                module: module.to_string(),
                parameter: p.name.clone(),
                value: v.clone(),
                after,
                before,
                submodule,
                internal: has(&p.internalvalues),
                deprecated: has(&p.deprecatedvalues),
                help,
            },
        ));
    }
    if added.is_empty() {
        return (kept, added);
    }
    let only_core = |list: &Option<Vec<String>>| -> Option<Vec<String>> {
        let out: Vec<String> = list.iter().flatten().filter(|x| core.contains(x)).cloned().collect();
        (!out.is_empty()).then_some(out)
    };
    kept.ty = ParamType::Values(wiki.iter().filter(|v| core.contains(v)).cloned().collect());
    kept.internalvalues = only_core(&p.internalvalues);
    kept.deprecatedvalues = only_core(&p.deprecatedvalues);
    if let Some(subs) = &p.submodules {
        kept.submodules = Some(
            subs.iter().filter(|(k, _)| core.contains(k)).map(|(k, v)| (k.clone(), v.clone())).collect(),
        );
    }
    if p.description.is_some() {
        kept.description = Some(lines.join("\n"));
    }
    (kept, added)
}

/// The overlay files by path relative to the overlays directory.
pub fn render_overlays(
    overlays: &BTreeMap<String, OverlayOut>,
) -> Result<BTreeMap<String, String>, ImportError> {
    let mut files = BTreeMap::new();
    for (source, o) in overlays {
        let text = serde_yaml::to_string(&o.file)
            .map_err(|e| malformed(format!("overlay `{source}`"), e.to_string()))?;
        files.insert(format!("{source}/{OVERLAY_FILE}"), text);
        for m in o.modules.values() {
            let yaml = serde_yaml::to_string(m)
                .map_err(|e| malformed(format!("module `{}`", m.path), e.to_string()))?;
            files.insert(format!("{source}/{}", m.file_path()), yaml);
        }
    }
    Ok(files)
}

/// What [`write_split`] did.
#[derive(Debug, Clone, Default)]
pub struct SplitReport {
    pub core: super::import::WriteReport,
    /// Per overlay: modules, added parameters, added values.
    pub overlays: Vec<(String, usize, usize, usize)>,
    pub changed_overlay_files: Vec<String>,
}

/// Writes the core into `core_out` and the overlays into `overlays_out`, both replaced as a whole once
/// the result (the core with every overlay merged) passes lint. `attribution.yaml` is kept, and so are
/// the `response` and `constraints` sections of the overlays' modules.
pub fn write_split(split: &Split, core_out: &Path, overlays_out: &Path) -> Result<SplitReport, ImportError> {
    let super::import::Prepared { imported: core, files: core_files, changed: core_changed } =
        prepare(&split.core, core_out)?;
    let old = read_existing(overlays_out)?;
    let mut overlays = split.overlays.clone();
    for (source, o) in &mut overlays {
        let prefix = format!("{source}/");
        let mine: BTreeMap<String, String> =
            old.iter().filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_string(), v.clone()))).collect();
        keep_responses_from(&mut o.modules, &mine);
    }
    let mut files = render_overlays(&overlays)?;
    if let Some(text) = old.get(ATTRIBUTION_FILE) {
        files.insert(ATTRIBUTION_FILE.to_string(), text.clone());
    }
    let changed_overlay_files = changed(&files, &old);
    let core_stage = stage(&core_files, core_out)?;
    let overlay_stage = stage(&files, overlays_out)?;
    let check = || -> Result<(), String> {
        let spec = Spec::load(core_stage.path()).map_err(|e| e.to_string())?;
        let loaded = Overlays::load(overlay_stage.path()).map_err(|e| e.to_string())?;
        spec.merge(&loaded, &Extensions::All).map_err(|e| e.to_string())?;
        Ok(())
    };
    check().map_err(ImportError::Lint)?;
    swap_in(core_stage, core_out)?;
    swap_in(overlay_stage, overlays_out)?;
    Ok(SplitReport {
        core: super::import::WriteReport {
            modules: core.modules.len(),
            parameters: core.modules.values().map(|m| m.parameters.len()).sum(),
            changed_files: core_changed,
        },
        overlays: overlays
            .iter()
            .map(|(s, o)| (s.clone(), o.modules.len(), o.file.parameters.len(), o.file.values.len()))
            .collect(),
        changed_overlay_files,
    })
}
