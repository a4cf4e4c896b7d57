//! mwgen: a spec of MediaWiki's Action API, and typed Rust client and server code generated from it.
//!
//! - [`spec`]: load and lint a spec directory (`spec/mediawiki-1.39/`), with located errors.
//! - [`paraminfo`]: import a spec from a wiki's `action=paraminfo`, export it back.
//! - [`openapi`]: export the spec as an OpenAPI 3.0 document (one operation per module).
//! - [`ir`]: the spec resolved for Rust (names, types, shared enums, validation order).
//! - [`emit`]: the IR as formatted Rust files.
//! - [`diff`]: what changed between two specs, as an API changelog.
//!
//! From a build script:
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     mwgen::Builder::new()
//!         .spec("../spec/mediawiki-1.39")
//!         .modules(["edit", "query", "query+allpages"])
//!         .generate()
//!         .expect("generate MediaWiki API types");
//! }
//! ```
//!
//! and in the crate: `mod mw { include!(concat!(env!("OUT_DIR"), "/mediawiki_api.rs")); }`.

// The build.rs example shows the whole `fn main` a build script has.
#![allow(clippy::needless_doctest_main)]

pub mod diff;
pub mod emit;
#[cfg(any(feature = "import", feature = "responses"))]
mod http;
pub(crate) mod ir;
pub mod openapi;
pub mod paraminfo;
pub mod responses;
pub mod spec;
pub mod write;

pub use emit::{Options, ROOT_FILE};
pub use spec::{Spec, SpecError};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error(transparent)]
    Ir(#[from] ir::IrError),
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
    #[error(transparent)]
    Write(#[from] write::WriteError),
    #[error("module `{name}` is not in the spec{}", hint.as_deref().map(|h| format!("; did you mean `{h}`?")).unwrap_or_default())]
    UnknownModule { name: String, hint: Option<String> },
    #[error("no output directory: call `.out_dir(…)` or run from a build script (OUT_DIR is not set)")]
    NoOutDir,
    #[error("type attribute `{attribute}` is not a Rust attribute: {reason}")]
    BadAttribute { attribute: String, reason: String },
}

/// Generates Rust from a spec: from a build script ([`generate`](Builder::generate) writes into
/// `OUT_DIR` and tells cargo which spec files to watch) or in memory ([`render`](Builder::render)).
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    modules: Option<BTreeSet<String>>,
    options: Options,
    out_dir: Option<PathBuf>,
    rerun_if_changed: bool,
    responses: bool,
    extensions: spec::Extensions,
    overlays: Option<PathBuf>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            spec: PathBuf::from("spec/mediawiki-1.39"),
            modules: None,
            options: Options::default(),
            out_dir: None,
            rerun_if_changed: true,
            responses: true,
            extensions: spec::Extensions::None,
            overlays: None,
        }
    }
}

/// The result of [`Builder::render`]: the files, and the spec files they came from.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub files: BTreeMap<String, String>,
    pub spec_files: Vec<PathBuf>,
    pub spec: Spec,
}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The spec directory (default `spec/mediawiki-1.39`).
    pub fn spec(mut self, dir: impl AsRef<Path>) -> Self {
        self.spec = dir.as_ref().to_path_buf();
        self
    }

    /// Only these modules, by path (`edit`, `query+allpages`); their parent modules (`query`) come
    /// along. Default: every module.
    pub fn modules<I, S>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.modules = Some(paths.into_iter().map(Into::into).collect());
        self
    }

    /// The overlays to merge onto the spec (default none: the core alone): `Extensions::All`, or
    /// `Extensions::Only(vec!["TextExtracts".into()])`, by paraminfo `source`. Generating their modules
    /// behind cargo features is not done yet: the merged modules are generated as the core's are.
    pub fn extensions(mut self, extensions: spec::Extensions) -> Self {
        self.extensions = extensions;
        self
    }

    /// The overlays directory (default: `extensions/` beside the spec directory).
    pub fn overlays(mut self, dir: impl AsRef<Path>) -> Self {
        self.overlays = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Generate encoding (default true).
    pub fn client(mut self, on: bool) -> Self {
        self.options.client = on;
        self
    }

    /// Generate decoding and validation (default true).
    pub fn server(mut self, on: bool) -> Self {
        self.options.server = on;
        self
    }

    /// Generate the response types learned into the spec's `response` sections (default true).
    /// Without them, the server's methods answer untyped JSON only.
    pub fn responses(mut self, on: bool) -> Self {
        self.responses = on;
        self
    }

    /// Put each group behind a cargo feature of its name (default false).
    pub fn cargo_features(mut self, on: bool) -> Self {
        self.options.cargo_features = on;
        self
    }

    /// Adds `attribute` (Rust text, such as `#[derive(serde::Serialize)]` or `#[non_exhaustive]`) to
    /// the generated types that `matcher` names: `.` for every module struct and enum, a module path
    /// (`edit`, `query+allpages`) for that module's struct, or an enum's Rust name (`Filterredir`).
    /// Attributes apply in the order given, after the generated derives. As prost-build's
    /// `type_attribute`.
    pub fn type_attribute(mut self, matcher: impl Into<String>, attribute: impl Into<String>) -> Self {
        self.options.type_attributes.push((matcher.into(), attribute.into()));
        self
    }

    /// Derives `derives` (comma-separated paths: `serde::Serialize, Hash`) on the types `matcher`
    /// names, as [`type_attribute`](Self::type_attribute) does.
    pub fn derive(self, matcher: impl Into<String>, derives: &str) -> Self {
        self.type_attribute(matcher, format!("#[derive({derives})]"))
    }

    /// Whether [`generate`](Self::generate) prints `cargo:rerun-if-changed` for the spec it read
    /// (default true, in a build script only).
    pub fn emit_rerun_if_changed(mut self, on: bool) -> Self {
        self.rerun_if_changed = on;
        self
    }

    /// Where [`generate`](Self::generate) writes (default: `OUT_DIR`).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Loads and lints the spec, resolves the selection, and renders every file in memory.
    pub fn render(&self) -> Result<Rendered, Error> {
        self.options
            .check_attributes()
            .map_err(|(attribute, reason)| Error::BadAttribute { attribute, reason })?;
        let mut spec = Spec::load_with(&self.spec, self.overlays.as_deref(), &self.extensions)?;
        if !self.responses {
            spec.modules.values_mut().for_each(|m| m.response = None);
        }
        let selection = match &self.modules {
            None => None,
            Some(wanted) => Some(select(&spec, wanted)?),
        };
        let ir = ir::Ir::build(&spec, selection.as_ref())?;
        let files = emit::generate(&ir, &self.options)?;
        let mut spec_files: Vec<PathBuf> = spec.sources.values().map(|s| s.file.clone()).collect();
        spec_files.push(self.spec.join(spec::WIKI_FILE));
        if self.extensions != spec::Extensions::None {
            // Each overlay.yaml and attribution.yaml count too: cargo watches a directory's files
            // whole, so the overlays directory stands for them.
            let dir =
                self.overlays.clone().unwrap_or_else(|| spec::overlay::default_overlays_dir(&self.spec));
            spec_files.push(dir);
        }
        spec_files.sort();
        Ok(Rendered { files, spec_files, spec })
    }

    /// Renders and writes the files (only those that changed) into the output directory. In a build
    /// script, prints `cargo:rerun-if-changed` for the spec directory and every spec file read.
    pub fn generate(&self) -> Result<write::Written, Error> {
        let out = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(Error::NoOutDir)?,
        };
        let rendered = self.render()?;
        if self.rerun_if_changed
            && std::env::var_os("CARGO").is_some()
            && std::env::var_os("OUT_DIR").is_some()
        {
            println!("cargo:rerun-if-changed={}", self.spec.display());
            for f in &rendered.spec_files {
                println!("cargo:rerun-if-changed={}", f.display());
            }
        }
        Ok(write::write_files(&out, &rendered.files, false)?)
    }
}

/// The selected module paths plus their ancestors (`query+allpages` needs `query`).
fn select(spec: &Spec, wanted: &BTreeSet<String>) -> Result<BTreeSet<String>, Error> {
    let mut out = BTreeSet::new();
    for w in wanted {
        if !spec.modules.contains_key(w) {
            let plain = w.rsplit('+').next().unwrap_or(w);
            let hint = spec.modules.keys().find(|k| k.rsplit('+').next() == Some(plain)).cloned();
            return Err(Error::UnknownModule { name: w.clone(), hint });
        }
        let mut path = w.as_str();
        out.insert(path.to_string());
        while let Some((parent, _)) = path.rsplit_once('+') {
            out.insert(parent.to_string());
            path = parent;
        }
    }
    Ok(out)
}
