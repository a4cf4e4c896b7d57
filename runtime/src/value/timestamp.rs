//! `timestamp` parameters: [`Timestamp`]. The rule is TimestampDef's: a form ConvertibleTimestamp
//! reads (`badtimestamp`), `now`, or `""`/`"0"` for now with the `unclearnowtimestamp` warning. The
//! formats themselves are parsed in the crate's `timestamp` module.

use super::text::text_newtype;
use super::Context;
use crate::error::ApiError;

text_newtype!(
    /// A timestamp in any form MediaWiki reads: ISO 8601 (`2024-05-01T12:00:00Z`), 14 digits
    /// (`20240501120000`), Unix seconds, or `now`.
    Timestamp,
    check_timestamp
);

impl Timestamp {
    /// The current time, as MediaWiki reads it.
    pub fn now() -> Self {
        Timestamp("now".to_string())
    }
}

/// A timestamp in a form MediaWiki's ConvertibleTimestamp reads; `""` and `"0"` mean now, with
/// a deprecation warning.
fn check_timestamp(raw: &str, cx: &mut Context<'_>) -> Result<(), ApiError> {
    if raw.is_empty() || raw == "0" {
        let name = cx.name();
        cx.warn(
            "unclearnowtimestamp",
            format!("Passing \"{raw}\" for timestamp parameter \"{name}\" has been deprecated. If for some reason you need to explicitly specify the current time without calculating it client-side, use \"now\"."),
            None,
        );
        return Ok(());
    }
    if raw == "now" || crate::timestamp::is_valid(raw) {
        Ok(())
    } else {
        let name = cx.name();
        Err(cx.error("badtimestamp", format!("Invalid value \"{raw}\" for timestamp parameter \"{name}\".")))
    }
}
