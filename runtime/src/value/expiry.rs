//! `expiry` parameters: [`Expiry`]. The rule is ExpiryDef's: `infinite` and its synonyms, a
//! timestamp strtotime reads, or a relative time (`badexpiry`).

use super::text::text_newtype;
use super::Context;
use crate::error::ApiError;

text_newtype!(
    /// An expiry: `infinite` (or `indefinite`, `infinity`, `never`), a relative time (`1 week`), or a
    /// timestamp.
    Expiry,
    check_expiry
);

/// An expiry: `infinite` and its synonyms, a timestamp, or a relative time.
fn check_expiry(raw: &str, cx: &mut Context<'_>) -> Result<(), ApiError> {
    // strtotime reads 14-digit and ISO timestamps but not bare Unix seconds.
    let bare_number = raw.bytes().all(|b| b.is_ascii_digit() || b == b'-') && raw.len() != 14;
    let ok = matches!(raw, "infinite" | "indefinite" | "infinity" | "never")
        || (crate::timestamp::is_valid(raw) && !bare_number)
        || crate::timestamp::is_relative(raw);
    if ok {
        Ok(())
    } else {
        let name = cx.name();
        Err(cx.error("badexpiry", format!("Invalid value \"{raw}\" for expiry parameter \"{name}\".")))
    }
}
