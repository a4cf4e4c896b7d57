//! `tags` parameters: change tags, read as strings. The rule is TagsDef's, on the whole list
//! before any value is read: every tag must be one that may be applied by hand (`badtags`).

use super::Context;
use crate::error::ApiError;
use serde_json::json;

/// `badtags` when some of `pieces` (the values of a tags parameter, whose type is
/// `Type::Tags { values: tags }`) are not among `tags`.
pub(crate) fn check_tags<'r>(
    tags: &[&str],
    pieces: impl Iterator<Item = &'r str>,
    cx: &Context<'_>,
) -> Result<(), ApiError> {
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
