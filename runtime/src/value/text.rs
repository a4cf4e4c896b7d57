//! Free text: `string`, `text`, `raw` and `password` parameters, read as [`String`] (or a newtype
//! declared with `text_newtype!`). The rule is the length limit (`maxbytes`, then `maxchars`);
//! and a required parameter of these types given empty is missing.

use super::{Context, Value};
use crate::error::{number, ApiError};
use crate::spec::Type;
use crate::wire::Sink;
use serde_json::json;

impl Value for String {
    fn placeholder() -> Self {
        String::new()
    }
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.push(self);
    }

    fn has_pipe(&self) -> bool {
        self.contains('|')
    }

    fn writes_nothing(&self) -> bool {
        self.is_empty()
    }

    fn decode(raw: &str, cx: &mut Context<'_>) -> Result<Self, ApiError> {
        check_length(raw, cx)?;
        Ok(raw.to_string())
    }
}

/// Whether a required parameter of type `ty` given as `""` is missing (`missingparam`), as for
/// MediaWiki's string-like types.
pub fn is_stringish(ty: &Type) -> bool {
    matches!(ty, Type::String { .. } | Type::Text | Type::Raw | Type::Password)
}

/// maxbytes / maxchars.
pub(super) fn check_length(raw: &str, cx: &mut Context<'_>) -> Result<(), ApiError> {
    if let Type::String { max_bytes, max_chars } = cx.spec().ty {
        if let Some(max) = max_bytes.filter(|m| raw.len() > *m as usize) {
            let unit = if max == 1 { "byte" } else { "bytes" };
            let text = format!(
                "The value for parameter \"{}\" cannot be longer than {} {unit} (was {}).",
                cx.name(),
                number(max.into()),
                number(raw.len() as i64)
            );
            return Err(cx.error("maxbytes", text).data(json!({ "maxbytes": max, "curbytes": raw.len() })));
        }
        // No more characters than bytes: only a value longer in bytes needs counting.
        let chars = || raw.chars().count();
        if let Some(max) = max_chars.filter(|m| raw.len() > *m as usize && chars() > *m as usize) {
            let unit = if max == 1 { "character" } else { "characters" };
            let text = format!(
                "The value for parameter \"{}\" cannot be longer than {} {unit} (was {}).",
                cx.name(),
                number(max.into()),
                number(chars() as i64)
            );
            return Err(cx.error("maxchars", text).data(json!({ "maxchars": max, "curchars": chars() })));
        }
    }
    Ok(())
}

/// Declares a newtype over `String` whose decode runs `$check` (a rule of this module's siblings):
/// the struct, `new`, `as_str`, `From<&str>`, `From<String>`, `Display`, `Debug` (`Title("…")`, or
/// `<redacted>` after `redacted`) and [`Value`].
macro_rules! text_newtype {
    ($(#[$meta:meta])* $name:ident, $check:expr) => {
        text_newtype!(@common $(#[$meta])* $name, $check);
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }
    };
    ($(#[$meta:meta])* $name:ident, $check:expr, redacted) => {
        text_newtype!(@common $(#[$meta])* $name, $check);
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("<redacted>")
            }
        }
    };
    (@common $(#[$meta:meta])* $name:ident, $check:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub String);

        impl $name {
            /// Wraps `s` as it is; it is validated only when decoded.
            pub fn new(s: impl Into<String>) -> Self {
                $name(s.into())
            }
            /// The wire text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }
        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl $crate::value::Value for $name {
            fn placeholder() -> Self {
                $name(String::new())
            }
            fn write<S: $crate::wire::Sink + ?Sized>(&self, out: &mut S) {
                out.push(&self.0);
            }
            fn has_pipe(&self) -> bool {
                self.0.contains('|')
            }
            fn writes_nothing(&self) -> bool {
                self.0.is_empty()
            }
            fn decode(
                raw: &str,
                cx: &mut $crate::value::Context<'_>,
            ) -> Result<Self, $crate::error::ApiError> {
                let check: fn(&str, &mut $crate::value::Context<'_>) -> Result<(), $crate::error::ApiError> =
                    $check;
                check(raw, cx)?;
                Ok($name(raw.to_string()))
            }
        }
    };
}
pub(super) use text_newtype;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ParamSpec;
    use crate::value::{DecodeOptions, Field, Shared};

    #[test]
    fn string_lengths_in_bytes_then_characters() {
        static BOTH: ParamSpec =
            ParamSpec::new("summary", Type::String { max_bytes: Some(4), max_chars: Some(3) });
        static CHARS: ParamSpec =
            ParamSpec::new("summary", Type::String { max_bytes: None, max_chars: Some(2) });
        let mut shared = Shared::new(DecodeOptions::default());
        let mut code = |spec: &'static ParamSpec, raw: &str| {
            let field = Field::new(spec, "", "x");
            let mut cx = Context::new(&field, &mut shared);
            check_length(raw, &mut cx).err().map(|e| (e.code, e.data.map(|d| *d)))
        };
        assert_eq!(code(&BOTH, "abc"), None);
        assert_eq!(code(&BOTH, "éé"), None, "4 bytes, 2 characters");
        let (c, data) = code(&BOTH, "abcd").unwrap_or_default();
        assert_eq!((c.as_ref(), data), ("maxchars", Some(json!({ "maxchars": 3, "curchars": 4 }))));
        let (c, data) = code(&BOTH, "ééé").unwrap_or_default();
        assert_eq!((c.as_ref(), data), ("maxbytes", Some(json!({ "maxbytes": 4, "curbytes": 6 }))));
        assert_eq!(code(&CHARS, "éé"), None, "longer in bytes than the limit, not in characters");
        let (c, data) = code(&CHARS, "ééx").unwrap_or_default();
        assert_eq!((c.as_ref(), data), ("maxchars", Some(json!({ "maxchars": 2, "curchars": 3 }))));
    }
}
