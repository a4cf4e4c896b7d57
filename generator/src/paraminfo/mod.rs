//! Conversion between the spec and MediaWiki's `action=paraminfo` answers.

pub mod export;
#[cfg(feature = "import")]
pub mod fetch;
pub mod import;
pub mod split;

pub use export::{export, module_json, ExportOptions};
#[cfg(feature = "import")]
pub use fetch::{from_url, MAX_ANSWER_BYTES, MAX_MODULES};
pub use import::{from_file, write_spec, ImportError, Imported};
pub use split::{split, write_split, Split};
