//! `integer` parameters, read as `i64`. The rules are IntegerDef's: `[+-]?\d+` within range of
//! the type (`badinteger`), then clamped into the parameter's `min`/`max` (`highmax` for callers
//! with `apihighlimits`) with an `outofrange` warning. `limit` shares the clamping.

use super::{Context, Value};
use crate::error::{number, ApiError};
use crate::spec::Type;
use crate::wire::Sink;
use serde_json::json;

impl Value for i64 {
    fn placeholder() -> Self {
        0
    }
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.push(itoa::Buffer::new().format(*self));
    }

    fn decode(raw: &str, cx: &mut Context<'_>) -> Result<Self, ApiError> {
        let n = integer(raw, cx)?;
        clamp(raw, n, cx)
    }
}

/// `[+-]?\d+` within i64, as IntegerDef accepts it.
pub fn parse_integer(raw: &str) -> Option<i64> {
    let (negative, digits) = match raw.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        rest => (false, rest),
    };
    if digits.is_empty() {
        return None;
    }
    // Accumulated negatively, so that i64::MIN fits.
    let mut n: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_sub(i64::from(b - b'0'))?;
    }
    if negative {
        Some(n)
    } else {
        n.checked_neg()
    }
}

/// An integer as IntegerDef reads it: `[+-]?\d+`, no overflow.
pub(super) fn integer(raw: &str, cx: &Context<'_>) -> Result<i64, ApiError> {
    parse_integer(raw).ok_or_else(|| bad_integer(raw, cx))
}

#[cold]
fn bad_integer(raw: &str, cx: &Context<'_>) -> ApiError {
    cx.error_about("badinteger", cx.name(), |name| {
        ["Invalid value \"", raw, "\" for integer parameter \"", name, "\"."].concat()
    })
}

/// Clamps an integer into the parameter's range, with MediaWiki's `outofrange` warning; for a
/// parameter whose module enforces its range, out of range is that `outofrange` as an error.
pub(super) fn clamp(raw: &str, n: i64, cx: &mut Context<'_>) -> Result<i64, ApiError> {
    let (min, max1, max2) = match cx.spec().ty {
        Type::Integer { min, max, high_max } => (min, max, high_max.or(max)),
        Type::Limit { min, max, high_max } => (Some(min), Some(max), Some(high_max)),
        _ => return Ok(n),
    };
    let high = cx.options().high_limits;
    let (value, err) = match (min, max1) {
        (Some(lo), _) if n < lo => (lo, true),
        (_, Some(m1)) if n > m1 => match max2 {
            Some(m2) if m2 > m1 && high => (n.min(m2), n > m2),
            _ => (m1, true),
        },
        _ => (n, false),
    };
    if err {
        let (text, data) = out_of_range(raw, (min, max1, max2), cx);
        if cx.spec().enforce_range {
            return Err(cx.error("outofrange", text).data(data));
        }
        cx.warn("outofrange", text, Some(data));
    }
    Ok(value)
}

/// The text and data of `outofrange`.
#[cold]
fn out_of_range(
    raw: &str,
    (min, max1, max2): (Option<i64>, Option<i64>, Option<i64>),
    cx: &Context<'_>,
) -> (String, serde_json::Value) {
    let name = cx.name();
    let curmax = match (max1, max2) {
        (Some(m1), Some(m2)) if m2 > m1 && cx.options().high_limits => Some(m2),
        _ => max1,
    };
    let text = match (min, curmax) {
        (Some(lo), Some(hi)) => format!(
            "The value \"{raw}\" for parameter \"{name}\" must be between {} and {}.",
            number(lo),
            number(hi)
        ),
        (Some(lo), None) => {
            format!("The value \"{raw}\" for parameter \"{name}\" must be no less than {}.", number(lo))
        }
        (None, Some(hi)) => {
            format!("The value \"{raw}\" for parameter \"{name}\" must be no greater than {}.", number(hi))
        }
        (None, None) => format!("The value \"{raw}\" for parameter \"{name}\" is out of range."),
    };
    (text, json!({ "min": min, "curmax": curmax, "max": max1, "highmax": max2 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_like_integerdef() {
        assert_eq!(parse_integer("+12"), Some(12));
        assert_eq!(parse_integer("-0"), Some(0));
        assert_eq!(parse_integer("007"), Some(7));
        assert_eq!(parse_integer("9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_integer("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_integer("-12"), Some(-12));
        for bad in [
            "",
            " 12",
            "12 ",
            "1.5",
            "0x1A",
            "9223372036854775808",
            "+",
            "-",
            "-9223372036854775809",
            "+-1",
            "١٢",
        ] {
            assert_eq!(parse_integer(bad), None, "{bad:?}");
        }
    }
}
