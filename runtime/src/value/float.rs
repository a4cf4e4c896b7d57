//! `float` parameters, read as `f64`. The rule is FloatDef's: a number, surrounding whitespace
//! ignored (`badfloat`), and finite (`badfloat-notfinite`).

use super::{Context, Value};
use crate::error::ApiError;
use crate::wire::Sink;

impl Value for f64 {
    fn placeholder() -> Self {
        0.0
    }
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.push(&self.to_string());
    }

    fn decode(raw: &str, cx: &mut Context<'_>) -> Result<Self, ApiError> {
        match raw.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            Ok(_) => {
                let name = cx.name();
                Err(cx.error(
                    "badfloat-notfinite",
                    format!(
                        "Value \"{raw}\" for float parameter \"{name}\" is too large or is not a number."
                    ),
                ))
            }
            Err(_) => {
                let name = cx.name();
                Err(cx.error("badfloat", format!("Invalid value \"{raw}\" for float parameter \"{name}\".")))
            }
        }
    }
}
