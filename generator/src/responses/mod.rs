//! Response shapes: the `response:` section of each module file, learned from a live wiki.
//!
//! - the section's model is the spec's ([`crate::spec::response`]), linted with the rest of it.
//! - [`record`]: recorded answers, `{"method","query","response"}` JSON lines.
//! - [`infer`]: records → shapes, a pure function.
//! - [`merge`]: a learned shape into the one in the spec, deterministically (a second run changes nothing).
//! - [`plan`]: the probes to send to a wiki, from the spec; [`rare`]: those for shapes only some
//!   parameters or targets show.
//! - `probe` (feature `responses`): sends them, one at a time, and records the answers.

pub mod actions;
pub mod apply;
pub mod extract;
pub mod infer;
mod learn;
pub mod merge;
pub mod plan;
#[cfg(feature = "responses")]
pub mod probe;
pub mod rare;
pub mod record;
pub mod source;

pub use learn::{learn, From, Learn, LearnError, Summary};

/// Writes `text` to `path` through a temporary sibling renamed into place, so a reader never sees half a file.
pub(crate) fn write_atomically(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".mwgen-").tempfile_in(&dir)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
