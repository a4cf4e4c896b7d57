//! Multi values on the wire: joining (`a|b|c`, or `\x1fa|b\x1fc` when a value holds `|`),
//! splitting and counting them exactly as MediaWiki does.

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

/// How many times `byte` occurs in `s`: eight bytes at a time, then the few left.
fn count_byte(s: &[u8], byte: u8) -> usize {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let pattern = u64::from_ne_bytes([byte; 8]);
    let mut chunks = s.chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // A byte of `x` is 0 where the chunk holds `byte`; adding 0x7f to its low seven bits sets
        // the high bit of every other byte, with no carry into the next.
        let x = u64::from_ne_bytes(word) ^ pattern;
        let nonzero = ((x & LOW7).wrapping_add(LOW7)) | x;
        // One bit per match, at the bottom of its byte: the multiplication sums the bytes into
        // the top one (at most 8, no overflow), with no popcount instruction needed.
        let ones = (!nonzero & HIGH) >> 7;
        n += (ones.wrapping_mul(u64::from_ne_bytes([1; 8])) >> 56) as usize;
    }
    n + chunks.remainder().iter().filter(|&&b| b == byte).count()
}

/// Writes values joined for a multi-valued parameter: with `|`, or, when any value holds `|`, with a
/// leading U+001F and U+001F between values.
pub fn join_multi<T, S: Sink + ?Sized>(
    out: &mut S,
    values: &[T],
    write: impl Fn(&T, &mut S),
    has_pipe: impl Fn(&T) -> bool,
) {
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
        // Every separator position within and across the eight-byte words, and bytes that differ
        // from `|` only in their high bit.
        for len in 0..20 {
            for at in 0..len {
                let mut b = vec![b'|' ^ 0x80; len];
                b[at] = b'|';
                assert_eq!(count_byte(&b, b'|'), 1, "{len} {at}");
                let all = vec![b'|'; len];
                assert_eq!(count_byte(&all, b'|'), len);
            }
        }
    }
}
