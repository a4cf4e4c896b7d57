//! The `mwgen` command line.

use clap::{Parser, Subcommand, ValueEnum};
use mwgen::paraminfo::{self, ExportOptions};
use mwgen::spec::{Extensions, HelpFormat, Spec};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "mwgen", version, about = "MediaWiki Action API spec tool and Rust code generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import a spec from a paraminfo JSON file or a live wiki's api.php URL.
    Import {
        /// A file holding a paraminfo answer, or an `http(s)://…/api.php` URL.
        #[arg(long)]
        from: String,
        /// The spec directory to write (replaced as a whole, only once the import succeeded).
        #[arg(long)]
        out: PathBuf,
        /// The core spec to split against: what a core module has beyond it is an extension's
        /// addition. Default: the spec in --out, when the wiki has modules from extensions.
        #[arg(long)]
        core: Option<PathBuf>,
        #[command(flatten)]
        overlays: OverlayArgs,
    },
    /// Export the spec in another format.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Load and check a spec; list every problem with file:line:col.
    Lint {
        #[arg(long, default_value = "spec/mediawiki-1.39")]
        spec: PathBuf,
        #[command(flatten)]
        ext: ExtArgs,
    },
    /// Generate the Rust crate sources (only files whose bytes changed are written).
    Generate {
        #[command(flatten)]
        gen: GenArgs,
    },
    /// Regenerate in memory; exit 1 with a unified diff of every stale file.
    Check {
        #[command(flatten)]
        gen: GenArgs,
    },
    /// A readable changelog of the API between two spec directories.
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// The overlays merged onto both (each spec's own `extensions/` beside it).
        #[arg(long, default_value = "none")]
        extensions: Extensions,
    },
    /// Learn every module's response shape from a live wiki (or recorded answers) into the spec's
    /// `response` sections. Writes the spec only at the end, each file atomically.
    Responses {
        /// The wiki's api.php URL (tests/mediawiki/up.sh prints it). Probes log in and write pages
        /// under `Mwgen probe/`: use a test wiki.
        #[arg(long, required_unless_present = "corpus", conflicts_with = "corpus")]
        from: Option<String>,
        /// Learn from a recorded file (JSON lines `{"method","query","response"}`) instead of a wiki.
        #[arg(long)]
        corpus: Option<PathBuf>,
        #[arg(long, default_value = "spec/mediawiki-1.39")]
        spec: PathBuf,
        /// Write every request and answer here, as JSON lines (the checker's corpus format).
        #[arg(long)]
        record: Option<PathBuf>,
        /// Milliseconds to wait between two requests.
        #[arg(long, default_value_t = 0)]
        delay_ms: u64,
        /// Only these modules (comma-separated paths); default all.
        #[arg(long, value_delimiter = ',')]
        modules: Vec<String>,
        /// MediaWiki's PHP source, for fields that answers do not show (skipped when absent).
        #[arg(long, default_value = "/usr/share/mediawiki")]
        php: PathBuf,
        /// The admin's user name, password and bot password (defaults: up.sh's).
        #[arg(long, default_value = "Admin")]
        user: String,
        #[arg(long, default_value = "mwgen-admin-password-1")]
        password: String,
        #[arg(long, default_value = "mwgenbotpassword0123456789abcdef")]
        bot_password: String,
    },
}

/// Where the overlays are (for import: where they are written).
#[derive(clap::Args)]
struct OverlayArgs {
    /// The overlays directory (default: `extensions/` beside the spec, `spec/extensions`).
    #[arg(long)]
    overlays: Option<PathBuf>,
}

/// Which overlays to merge onto the core spec.
#[derive(clap::Args)]
struct ExtArgs {
    /// `none` (the core alone), `all`, or a comma-separated list of sources (`TextExtracts,Abuse Filter`).
    #[arg(long, default_value = "none")]
    extensions: Extensions,
    #[command(flatten)]
    overlays: OverlayArgs,
}

impl ExtArgs {
    fn load(&self, spec: &std::path::Path) -> Result<Spec, mwgen::SpecError> {
        Spec::load_with(spec, self.overlays.overlays.as_deref(), &self.extensions)
    }
}

#[derive(clap::Args)]
struct GenArgs {
    #[arg(long, default_value = "spec/mediawiki-1.39")]
    spec: PathBuf,
    #[command(flatten)]
    ext: ExtArgs,
    /// The crate's src/ directory: the generated tree plus its lib.rs.
    #[arg(long, default_value = "generated/src")]
    out: PathBuf,
    /// Only these modules (comma-separated paths: `edit,query+allpages`); default all.
    #[arg(long, value_delimiter = ',')]
    modules: Vec<String>,
    /// Leave out encoding (client side).
    #[arg(long)]
    no_client: bool,
    /// Leave out decoding and validation (server side).
    #[arg(long)]
    no_server: bool,
    /// Do not put groups behind cargo features (on by default, as the crate's lib.rs expects).
    #[arg(long)]
    no_cargo_features: bool,
    /// Leave out the response types (the spec's `response` sections).
    #[arg(long)]
    no_responses: bool,
}

impl GenArgs {
    fn builder(&self) -> mwgen::Builder {
        let mut b = mwgen::Builder::new()
            .spec(&self.spec)
            .client(!self.no_client)
            .server(!self.no_server)
            .cargo_features(!self.no_cargo_features)
            .responses(!self.no_responses)
            .extensions(self.ext.extensions.clone());
        if let Some(dir) = &self.ext.overlays.overlays {
            b = b.overlays(dir);
        }
        if !self.modules.is_empty() {
            b = b.modules(self.modules.iter().cloned());
        }
        b
    }

    /// The generated tree plus the crate's lib.rs.
    fn files(&self) -> Result<std::collections::BTreeMap<String, String>, String> {
        let rendered = self.builder().render().map_err(|e| e.to_string())?;
        let mut files = rendered.files;
        let label = self.spec.display().to_string();
        let lib = mwgen::emit::crate_lib(&label, &rendered.spec.wiki.generator).map_err(|e| e.to_string())?;
        files.insert("lib.rs".into(), lib);
        Ok(files)
    }
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Print the spec as MediaWiki's `action=paraminfo` answer (formatversion=2).
    Paraminfo {
        #[arg(long, default_value = "spec/mediawiki-1.39")]
        spec: PathBuf,
        #[arg(long, value_enum, default_value_t = Help::None)]
        helpformat: Help,
        /// Give `limit` as a high-limit user (apihighlimits) would see it.
        #[arg(long)]
        high_limits: bool,
        #[command(flatten)]
        ext: ExtArgs,
    },
    /// Print (or write) the spec as an OpenAPI 3.0 document: one operation per module, its
    /// parameters as query parameters, its answer's schema from the `response` section.
    Openapi {
        #[arg(long, default_value = "spec/mediawiki-1.39")]
        spec: PathBuf,
        /// Write the document here instead of to stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Describe multi-valued parameters as `style: form` (for generators that accept no other
        /// query style, such as progenitor) instead of MediaWiki's `pipeDelimited`.
        #[arg(long)]
        form_arrays: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Help {
    None,
    Wikitext,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Import { from, out, core, overlays } => {
            let imported = if from.starts_with("http://") || from.starts_with("https://") {
                paraminfo::from_url(&from)
            } else {
                paraminfo::from_file(std::path::Path::new(&from))
            }
            .map_err(|e| e.to_string())?;
            import(&imported, &out, core, overlays.overlays)
        }
        Command::Export { what: ExportWhat::Paraminfo { spec, helpformat, high_limits, ext } } => {
            let spec = ext.load(&spec).map_err(|e| e.to_string())?;
            let helpformat = match helpformat {
                Help::None => HelpFormat::None,
                Help::Wikitext => HelpFormat::Wikitext,
            };
            let json = paraminfo::export(&spec, ExportOptions { helpformat, high_limits });
            let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            println!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { what: ExportWhat::Openapi { spec, out, form_arrays } } => {
            use mwgen::openapi::{ArrayStyle, OpenApiOptions};
            let spec = Spec::load(&spec).map_err(|e| e.to_string())?;
            let array_style = if form_arrays { ArrayStyle::Form } else { ArrayStyle::PipeDelimited };
            let doc =
                mwgen::openapi::export(&spec, OpenApiOptions { array_style }).map_err(|e| e.to_string())?;
            let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n";
            match out {
                Some(file) => std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?,
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate { gen } => {
            let start = std::time::Instant::now();
            let files = gen.files()?;
            let written = mwgen::write::write_files(&gen.out, &files, true).map_err(|e| e.to_string())?;
            println!(
                "{}: {} files, {} written, {} unchanged, {} removed ({} lines, {:.0} ms)",
                gen.out.display(),
                files.len(),
                written.changed.len(),
                written.unchanged,
                written.removed.len(),
                files.values().map(|f| f.lines().count()).sum::<usize>(),
                start.elapsed().as_secs_f64() * 1000.0
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { gen } => {
            let files = gen.files()?;
            let diff = mwgen::write::check_files(&gen.out, &files);
            if diff.is_empty() {
                println!("{}: up to date ({} files)", gen.out.display(), files.len());
                Ok(ExitCode::SUCCESS)
            } else {
                print!("{diff}");
                eprintln!("{}: stale; run `mwgen generate` to update it", gen.out.display());
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Diff { old, new, extensions } => {
            let old = Spec::load_with(&old, None, &extensions).map_err(|e| e.to_string())?;
            let new = Spec::load_with(&new, None, &extensions).map_err(|e| e.to_string())?;
            print!("{}", mwgen::diff::render(&mwgen::diff::diff(&old, &new)));
            Ok(ExitCode::SUCCESS)
        }
        Command::Responses {
            from,
            corpus,
            spec,
            record,
            delay_ms,
            modules,
            php,
            user,
            password,
            bot_password,
        } => {
            use mwgen::responses::{self, plan::Credentials, Learn};
            let credentials = Credentials { user, password, bot_password, ..Credentials::default() };
            let learn = Learn {
                spec,
                from: match (from, corpus) {
                    (_, Some(file)) => responses::From::Corpus(file),
                    (Some(url), None) => responses::From::Wiki(url),
                    (None, None) => return Err("give --from URL or --corpus FILE".into()),
                },
                record,
                delay: std::time::Duration::from_millis(delay_ms),
                modules,
                php: Some(php).filter(|p| p.is_dir()),
                credentials,
            };
            let mut progress = |line: &str| eprintln!("{line}");
            let s = responses::learn(&learn, &mut progress).map_err(|e| e.to_string())?;
            println!(
                "{}: {} of {} modules that answer JSON have a response ({} fields observed, {} from source); {} requests, {} records; {} files changed; {:.1} s",
                learn.spec.display(),
                s.applied.with_response,
                s.applied.answering,
                s.applied.observed,
                s.applied.from_source,
                s.requests,
                s.records,
                s.applied.changed.len(),
                s.elapsed.as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Lint { spec, ext } => match ext.load(&spec) {
            Ok(s) => {
                for w in &s.warnings {
                    eprintln!("warning: {w}");
                }
                let params: usize = s.modules.values().map(|m| m.parameters.len()).sum();
                let templated: usize =
                    s.modules.values().flat_map(|m| &m.parameters).filter(|p| p.is_templated()).count();
                let overlays = if s.extensions.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", with {} overlays ({} modules from extensions, {} parameters added to core modules)",
                        s.extensions.len(),
                        s.modules.values().filter(|m| m.origin() != mwgen::spec::overlay::CORE_SOURCE).count(),
                        s.modules.values().flat_map(|m| &m.parameters).filter(|p| p.origin.is_some()).count()
                    )
                };
                println!(
                    "{}: ok, {} modules, {} parameters ({} templated){overlays}",
                    spec.display(),
                    s.modules.len(),
                    params - templated,
                    templated
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("{e}");
                let n = e.diagnostics().len().max(1);
                eprintln!("{}: {n} problem{}", spec.display(), if n == 1 { "" } else { "s" });
                Ok(ExitCode::FAILURE)
            }
        },
    }
}

/// `mwgen import`: the core alone as before, or, for a wiki with extensions (or with `--core`), the core
/// and the overlays split.
fn import(
    imported: &paraminfo::Imported,
    out: &std::path::Path,
    core: Option<PathBuf>,
    overlays: Option<PathBuf>,
) -> Result<ExitCode, String> {
    use mwgen::spec::overlay::{default_overlays_dir, Attribution, CORE_SOURCE};
    let from_extensions = imported.modules.values().filter(|m| m.origin() != CORE_SOURCE).count();
    let baseline = match core {
        Some(dir) => Some(dir),
        None if from_extensions > 0 && out.join(mwgen::spec::WIKI_FILE).is_file() => Some(out.to_path_buf()),
        None if from_extensions > 0 => {
            return Err(format!(
                "the wiki has {from_extensions} modules from extensions, and {} holds no core spec to split \
                 against: give --core DIR (spec/mediawiki-1.39) so that what extensions add to core modules \
                 goes to the overlays",
                out.display()
            ))
        }
        None => None,
    };
    let report = |r: &paraminfo::import::WriteReport| {
        println!(
            "imported {} modules, {} parameters into {} ({} files changed)",
            r.modules,
            r.parameters,
            out.display(),
            r.changed_files.len()
        )
    };
    let Some(baseline) = baseline else {
        let r = paraminfo::write_spec(imported, out).map_err(|e| e.to_string())?;
        report(&r);
        return Ok(ExitCode::SUCCESS);
    };
    let overlays = overlays.unwrap_or_else(|| default_overlays_dir(out));
    let base = Spec::load(&baseline).map_err(|e| format!("the core spec to split against: {e}"))?;
    let attribution = Attribution::read(&overlays).map_err(|e| e.to_string())?;
    let mut split = paraminfo::split(imported, &base.modules, &attribution).map_err(|e| e.to_string())?;
    // paraminfo has no responses or constraints: the core keeps those of the spec it was split against.
    paraminfo::import::keep_responses(&mut split.core, &baseline).map_err(|e| e.to_string())?;
    if !split.has_overlays() {
        let r = paraminfo::write_spec(&split.core, out).map_err(|e| e.to_string())?;
        report(&r);
        return Ok(ExitCode::SUCCESS);
    }
    let r = paraminfo::write_split(&split, out, &overlays).map_err(|e| e.to_string())?;
    report(&r.core);
    for (source, modules, params, values) in &r.overlays {
        println!("  overlay {source}: {modules} modules, {params} parameters and {values} values added to core modules");
    }
    println!(
        "{}: {} overlays ({} files changed)",
        overlays.display(),
        r.overlays.len(),
        r.changed_overlay_files.len()
    );
    Ok(ExitCode::SUCCESS)
}
