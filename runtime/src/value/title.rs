//! `title` parameters: [`Title`]. The rule is TitleDef's: a valid title string (`badtitle`); the
//! title grammar itself is in `names`.

use super::text::text_newtype;
use super::Context;
use crate::error::ApiError;

text_newtype!(
    /// A page title (`Main Page`, `Talk:Foo`).
    Title,
    check_title
);

/// A title string as TitleDef reads it: not empty (after a namespace prefix or fragment), no
/// characters titles never hold.
fn check_title(raw: &str, cx: &mut Context<'_>) -> Result<(), ApiError> {
    if crate::names::is_valid_title(raw) {
        Ok(())
    } else {
        let name = cx.name();
        Err(cx.error(
            "badtitle",
            format!("Invalid value \"{raw}\" for title parameter \"{name}\": not a valid title string."),
        ))
    }
}
