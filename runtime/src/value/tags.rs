//! `tags` parameters: change tags, read as strings. The rule is TagsDef's, on the whole list
//! before any value is read: every tag must be one that may be applied by hand (`badtags`).

use super::Context;
use crate::error::ApiError;
use serde_json::json;

/// The values among `pieces` (the values of a tags parameter, whose type is
/// `Type::Tags { values: tags }`) that are not among `tags`: none, or [`bad_tags`] names them.
pub(crate) fn disallowed<'r>(tags: &[&str], pieces: impl Iterator<Item = &'r str>) -> Vec<&'r str> {
    pieces.filter(|p| !tags.contains(p)).collect()
}

/// `badtags`, naming the `disallowed` tags.
#[cold]
pub(crate) fn bad_tags(disallowed: &[&str], cx: &Context<'_>) -> ApiError {
    let text = match disallowed {
        [one] => format!("The tag \"{one}\" is not allowed to be manually applied."),
        many => format!("The following tags are not allowed to be manually applied: {}", many.join(", ")),
    };
    cx.error("badtags", text).data(json!({ "disallowedtags": disallowed }))
}
