//! `limit` parameters: [`Limit`], a number or `max`. A number is read and clamped as an integer
//! (the rules of `integer.rs`, with the parameter's `max`/`highmax`).

use super::integer::{clamp, integer};
use super::{Context, Value};
use crate::error::ApiError;
use crate::wire::Sink;

/// A `limit` parameter's value: a number, or `max` (the most the caller may ask for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// `max`: the parameter's maximum for this caller (its `highmax` with `apihighlimits`).
    Max,
    /// A number. Out of range, the wiki clamps it, with an `outofrange` warning.
    Value(u32),
}

impl Limit {
    /// The number this limit stands for, given the parameter's maximum for this caller.
    pub fn resolve(self, max: u32) -> u32 {
        match self {
            Limit::Max => max,
            Limit::Value(n) => n.min(max),
        }
    }
}

impl From<u32> for Limit {
    fn from(n: u32) -> Self {
        Limit::Value(n)
    }
}

impl Value for Limit {
    fn placeholder() -> Self {
        Limit::Max
    }
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Limit::Max => out.push("max"),
            Limit::Value(n) => out.push(itoa::Buffer::new().format(*n)),
        }
    }

    fn decode(raw: &str, cx: &mut Context<'_>) -> Result<Self, ApiError> {
        if raw == "max" {
            return Ok(Limit::Max);
        }
        let n = integer(raw, cx)?;
        let n = clamp(raw, n, cx)?;
        Ok(Limit::Value(u32::try_from(n.max(0)).unwrap_or(u32::MAX)))
    }
}
