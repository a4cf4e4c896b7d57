//! `user` parameters: [`UserName`]. The rule is UserDef's: the kind of name (`name`, `ip`,
//! `cidr`, `interwiki`, `id`) must be one of the parameter's subtypes (`baduser`); telling the
//! kinds apart is in `names`.

use super::text::text_newtype;
use super::Context;
use crate::error::ApiError;
use crate::spec::Type;

text_newtype!(
    /// A user name, IP, IP range, `#id` or interwiki name, as the parameter's subtypes allow.
    UserName,
    check_user
);

/// A user parameter, as UserDef reads it given the parameter's subtypes.
fn check_user(raw: &str, cx: &mut Context<'_>) -> Result<(), ApiError> {
    let subtypes: &[&str] = match cx.spec().ty {
        Type::User { subtypes } if !subtypes.is_empty() => subtypes,
        _ => &["name", "ip", "cidr", "interwiki"],
    };
    if crate::names::user_kind(raw).is_some_and(|k| subtypes.contains(&k)) {
        Ok(())
    } else {
        let name = cx.name();
        Err(cx.error("baduser", format!("Invalid value \"{raw}\" for user parameter \"{name}\".")))
    }
}
