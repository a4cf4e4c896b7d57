//! Searching short texts eight bytes at a time (in a `u64`, no SIMD and no `unsafe`): parsing a
//! request body finds its `&` and `=`, and counting a multi value's separators finds its `|`, with
//! a few instructions a word instead of a few a byte.

const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// The eight bytes of `chunk` (eight long) as a word, the first byte lowest.
#[inline(always)]
pub(super) fn word(chunk: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(chunk);
    u64::from_le_bytes(w)
}

/// The high bit of each byte of `w` that is `byte`, and no other bit.
#[inline(always)]
pub(super) fn matches(w: u64, byte: u8) -> u64 {
    // A byte of `x` is 0 where `w` holds `byte`; adding 0x7f to its low seven bits sets the high
    // bit of every other byte, with no carry into the next.
    let x = w ^ u64::from_ne_bytes([byte; 8]);
    !((x & LOW7).wrapping_add(LOW7) | x) & HIGH
}

/// How many bytes [`matches`] marked: the multiplication sums the bytes into the top one (at
/// most 8), with no popcount instruction needed.
#[inline(always)]
pub(super) fn count(marks: u64) -> usize {
    ((marks >> 7).wrapping_mul(u64::from_ne_bytes([1; 8])) >> 56) as usize
}

/// How many times `byte` occurs in `s`.
pub(super) fn count_byte(s: &[u8], byte: u8) -> usize {
    let mut chunks = s.chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        n += count(matches(word(chunk), byte));
    }
    n + chunks.remainder().iter().filter(|&&b| b == byte).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_position_within_and_across_words() {
        // Bytes that differ from `|` only in their high bit are not `|`.
        for len in 0..20 {
            for at in 0..len {
                let mut b = vec![b'|' ^ 0x80; len];
                b[at] = b'|';
                assert_eq!(count_byte(&b, b'|'), 1, "{len} {at}");
                let all = vec![b'|'; len];
                assert_eq!(count_byte(&all, b'|'), len);
            }
        }
        assert_eq!(matches(word(b"a=b&c=d&"), b'&'), 0x80 << 24 | 0x80 << 56);
    }
}
