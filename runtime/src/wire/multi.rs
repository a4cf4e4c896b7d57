//! Multi values on the wire: joining (`a|b|c`, or `\x1fa|b\x1fc` when a value holds `|`),
//! splitting and counting them exactly as MediaWiki does.

use super::words::count_byte;
use super::Sink;

/// The separator MediaWiki accepts instead of `|` when the value starts with it.
pub const UNIT_SEPARATOR: char = '\u{1f}';

/// Splits a multi value as MediaWiki does: `''` and `"\x1f"` are no values; a leading U+001F makes
/// U+001F the separator, otherwise `|` is. At most `limit` pieces (the last holds the rest).
pub fn split_multi(value: &str, limit: usize) -> MultiSplit<'_> {
    match value {
        "" | "\u{1f}" => MultiSplit { rest: "", sep: b'|', left: 0 },
        v => match v.strip_prefix(UNIT_SEPARATOR) {
            Some(rest) => MultiSplit { rest, sep: 0x1f, left: limit.max(1) },
            None => MultiSplit { rest: v, sep: b'|', left: limit.max(1) },
        },
    }
}

/// The pieces of a multi value ([`split_multi`]). Values are short: a byte loop finds the
/// separator sooner than a general string search.
#[derive(Debug, Clone)]
pub struct MultiSplit<'a> {
    rest: &'a str,
    /// `|` or U+001F: ASCII, so every split falls on a character boundary.
    sep: u8,
    /// Pieces still to give; the last holds the rest.
    left: usize,
}

impl<'a> Iterator for MultiSplit<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        match self.left {
            0 => None,
            1 => {
                self.left = 0;
                Some(self.rest)
            }
            _ => {
                self.left -= 1;
                match self.rest.bytes().position(|b| b == self.sep) {
                    Some(at) => {
                        let (piece, rest) = (&self.rest[..at], &self.rest[at + 1..]);
                        self.rest = rest;
                        Some(piece)
                    }
                    None => {
                        self.left = 0;
                        Some(self.rest)
                    }
                }
            }
        }
    }
}

/// The number of values [`split_multi`] gives with no limit, counted without splitting.
pub fn count_multi(value: &str) -> usize {
    match value {
        "" | "\u{1f}" => 0,
        v => match v.strip_prefix(UNIT_SEPARATOR) {
            Some(rest) => 1 + count_byte(rest.as_bytes(), 0x1f),
            None => 1 + count_byte(v.as_bytes(), b'|'),
        },
    }
}

/// Writes values joined for a multi-valued parameter: with `|`, or, when any value holds `|`, with a
/// leading U+001F and U+001F between values. One empty value is `|`: MediaWiki reads an empty text
/// as no values, and `|` as two empty ones, which it makes one (duplicates are dropped unless a
/// parameter allows them; one that does never reads a lone empty value).
pub fn join_multi<T, S: Sink + ?Sized>(
    out: &mut S,
    values: &[T],
    write: impl Fn(&T, &mut S),
    has_pipe: impl Fn(&T) -> bool,
    empty: impl Fn(&T) -> bool,
) {
    if let [only] = values {
        if empty(only) {
            out.push("|");
            return;
        }
    }
    let sep = if values.iter().any(has_pipe) {
        out.push("\u{1f}");
        "\u{1f}"
    } else {
        "|"
    };
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        write(v, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_empty_value_is_a_pipe() {
        let joined = |values: &[&str]| {
            let mut p = crate::wire::Params::default();
            p.begin("", "x");
            join_multi(&mut p, values, |v, o| o.push(v), |v| v.contains('|'), |v| v.is_empty());
            p.get("x").map(str::to_string)
        };
        assert_eq!(joined(&[""]).as_deref(), Some("|"));
        assert_eq!(joined(&["", ""]).as_deref(), Some("|"));
        assert_eq!(joined(&["a"]).as_deref(), Some("a"));
        // MediaWiki's split of `|`: two empty values, which its duplicate check makes one.
        assert_eq!(split_multi("|", 50).collect::<Vec<_>>(), ["", ""]);
    }

    #[test]
    fn split_like_mediawiki() {
        let v: Vec<&str> = split_multi("a|b|c", 51).collect();
        assert_eq!(v, ["a", "b", "c"]);
        assert_eq!(split_multi("", 51).count(), 0);
        assert_eq!(split_multi("\u{1f}", 51).count(), 0);
        let v: Vec<&str> = split_multi("\u{1f}a|b\u{1f}c", 51).collect();
        assert_eq!(v, ["a|b", "c"]);
        let v: Vec<&str> = split_multi("a|b|c|d", 3).collect();
        assert_eq!(v, ["a", "b", "c|d"]);
        let v: Vec<&str> = split_multi("|", 51).collect();
        assert_eq!(v, ["", ""]);
        let long = vec!["x"; 60].join("|");
        for v in [
            "",
            "\u{1f}",
            "a",
            "a|b|c",
            "|",
            "||",
            "a|",
            "|a|",
            "\u{1f}a|b\u{1f}c",
            "\u{1f}\u{1f}",
            "a\u{1f}b",
            &long,
        ] {
            assert_eq!(count_multi(v), split_multi(v, usize::MAX).count(), "{v:?}");
        }
        assert_eq!(count_multi(&long), 60);
    }
}
