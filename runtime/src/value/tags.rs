//! `tags` parameters: change tags, read as strings. The rule is TagsDef's, on the whole list
//! before any value is read: every tag must be one that may be applied by hand (`badtags`).

use super::Context;
use crate::error::ApiError;
use crate::spec::Type;
use serde_json::json;

/// `badtags` when some of `pieces` (the values of a tags parameter) are not allowed; `Ok` for any
/// other type.
#[inline]
pub(crate) fn check_tags<'r>(
    pieces: impl Iterator<Item = &'r str>,
    cx: &Context<'_>,
) -> Result<(), ApiError> {
    let Type::Tags { values: tags } = cx.spec().ty else { return Ok(()) };
    let disallowed: Vec<&str> = pieces.filter(|p| !tags.contains(p)).collect();
    if disallowed.is_empty() {
        return Ok(());
    }
    let text = match disallowed.as_slice() {
        [one] => format!("The tag \"{one}\" is not allowed to be manually applied."),
        many => format!("The following tags are not allowed to be manually applied: {}", many.join(", ")),
    };
    Err(cx.error("badtags", text).data(json!({ "disallowedtags": disallowed })))
}
