//! Conversion between the spec and MediaWiki's `action=paraminfo` answers.

pub mod export;
pub mod import;

pub use export::{export, module_json, ExportOptions};
pub use import::{from_file, from_url, write_spec, ImportError, Imported};
