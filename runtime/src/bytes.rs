//! Byte-string utilities shared by every layer: comparing, finding and stripping the short names
//! and values a request carries. A leaf: it imports nothing of the crate.
//!
//! Names and values are short (a few to a few dozen bytes), so inline byte loops beat calls to
//! `memcmp`; the hot paths of scanning and enum decoding all come through here.

/// Whether two short byte strings are equal: an inline loop, where `==` calls memcmp.
#[inline]
pub fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    // Two overlapping word loads compare 4 to 16 bytes with no loop to mispredict.
    fn word<const N: usize>(s: &[u8], at: usize) -> [u8; N] {
        let mut w = [0; N];
        w.copy_from_slice(&s[at..at + N]);
        w
    }
    match a.len() {
        n @ 8..=16 => word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, n - 8) == word::<8>(b, n - 8),
        n @ 4..=7 => word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, n - 4) == word::<4>(b, n - 4),
        0..=3 => a.iter().zip(b).all(|(x, y)| x == y),
        _ => a == b,
    }
}

/// The position of `raw` among `values` (compared with [`bytes_eq`]).
#[inline]
pub fn position_of(values: &[&str], raw: &str) -> Option<usize> {
    values.iter().position(|v| bytes_eq(v.as_bytes(), raw.as_bytes()))
}

/// `name` without `prefix`, if it starts with it.
#[inline]
pub fn strip<'n>(name: &'n [u8], prefix: &[u8]) -> Option<&'n [u8]> {
    if name.len() < prefix.len() || !bytes_eq(&name[..prefix.len()], prefix) {
        return None;
    }
    Some(&name[prefix.len()..])
}

/// Whether `full` is the concatenation of `parts`.
#[inline]
pub fn name_is(full: &str, parts: &[&str]) -> bool {
    name_bytes_is(full.as_bytes(), parts)
}

/// [`name_is`] on the name's bytes.
#[inline]
pub fn name_bytes_is(full: &[u8], parts: &[&str]) -> bool {
    if full.len() != parts.iter().map(|p| p.len()).sum::<usize>() {
        return false;
    }
    let mut at = 0;
    for part in parts {
        // Names are short: a byte loop beats a call to memcmp.
        for &b in part.as_bytes() {
            if full[at] != b {
                return false;
            }
            at += 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_at_every_length() {
        let s = "abcdefghijklmnopqrstuvwxyz";
        for n in 0..=s.len() {
            let (a, b) = (&s[..n], s[..n].to_string());
            assert!(bytes_eq(a.as_bytes(), b.as_bytes()), "{n}");
            if n > 0 {
                let mut c = b.clone().into_bytes();
                c[n - 1] = b'!';
                assert!(!bytes_eq(a.as_bytes(), &c), "{n}, last byte");
                c[n - 1] = b.as_bytes()[n - 1];
                c[0] = b'!';
                assert!(!bytes_eq(a.as_bytes(), &c), "{n}, first byte");
            }
        }
        assert!(!bytes_eq(b"abc", b"abcd"));
    }

    #[test]
    fn names_in_pieces() {
        assert!(name_is("gapfrom", &["g", "ap", "from"]));
        assert!(!name_is("gapfrom", &["g", "ap", "fro"]));
        assert!(!name_is("gapfrom", &["", "ap", "from"]));
        assert_eq!(strip(b"apfrom", b"ap"), Some(&b"from"[..]));
        assert_eq!(strip(b"a", b"ap"), None);
        assert_eq!(position_of(&["a", "bb", "c"], "c"), Some(2));
    }
}
