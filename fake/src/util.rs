//! Small helpers shared by the modules: hashes, random tokens, timestamps.

use sha1::{Digest, Sha1};

/// The SHA-1 of `text` in lowercase hex, as `rvprop=sha1` shows it.
pub fn sha1_hex(text: &str) -> String {
    let digest = Sha1::digest(text.as_bytes());
    let mut out = String::with_capacity(40);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// `n` random bytes in lowercase hex (session ids, the wiki's secret).
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    // The OS's generator fails only on a broken system; a fixed fallback would be guessable, so
    // mix in the clock and the address of the buffer.
    if getrandom::getrandom(&mut bytes).is_err() {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (t >> ((i % 16) * 8)) as u8 ^ (i as u8).wrapping_mul(151);
        }
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(n * 2);
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// `s` with every byte `%`-encoded but ASCII letters, digits and those in `keep` (what `wfUrlencode`,
/// `rawurlencode` and the like leave as they are).
pub fn percent_encode(s: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Now, as MediaWiki writes timestamps (`2026-12-01T21:55:48Z`).
pub fn now() -> String {
    mwgen_runtime::server::now_iso8601()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha1_is_mediawikis() {
        assert_eq!(super::sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        let id = super::random_hex(16);
        assert_eq!(id.len(), 32);
        assert!(id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{id}");
        assert_ne!(id, super::random_hex(16), "two ids differ");
    }
}
