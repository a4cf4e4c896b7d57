//! Writing parameters: the [`Sink`] trait generated `encode` functions write into, and
//! [`FormEncoder`], which writes `application/x-www-form-urlencoded` straight into a `String`
//! ([`Params`](super::Params) is the other sink: an ordered list).

use super::Upload;

/// Where encoding writes parameters.
pub trait Sink {
    /// Starts the parameter `outer` + `name`. Both come from the spec, whose lint keeps them to ASCII
    /// letters, digits, `-` and `_`: sinks write them as they are.
    fn begin(&mut self, outer: &str, name: &str);
    /// Starts a templated parameter `outer` + `before` + `fill` + `after`, where `fill` is a value
    /// (a slot name) and is escaped like one.
    fn begin_templated(&mut self, outer: &str, before: &str, fill: &str, after: &str);
    /// Appends raw text to the value of the parameter begun last.
    fn push(&mut self, text: &str);
    /// Adds a file. Only multipart requests can carry one; the default ignores it.
    fn upload(&mut self, outer: &str, name: &str, file: &Upload) {
        let _ = (outer, name, file);
    }
}

/// Writes `application/x-www-form-urlencoded` text into a (reusable) String.
pub struct FormEncoder<'a> {
    out: &'a mut String,
}

/// Only the length: the text written so far may hold a token or a password.
impl std::fmt::Debug for FormEncoder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormEncoder").field("len", &self.out.len()).finish_non_exhaustive()
    }
}

impl<'a> FormEncoder<'a> {
    /// Appends to `out`, with a `&` before the first parameter when `out` is not empty.
    pub fn new(out: &'a mut String) -> Self {
        FormEncoder { out }
    }
}

impl FormEncoder<'_> {
    #[inline]
    fn separate(&mut self) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
    }
}

impl Sink for FormEncoder<'_> {
    #[inline]
    fn begin(&mut self, outer: &str, name: &str) {
        self.out.reserve(outer.len() + name.len() + 2);
        self.separate();
        self.out.push_str(outer);
        self.out.push_str(name);
        self.out.push('=');
    }

    fn begin_templated(&mut self, outer: &str, before: &str, fill: &str, after: &str) {
        self.separate();
        self.out.push_str(outer);
        self.out.push_str(before);
        push_form_component(self.out, fill);
        self.out.push_str(after);
        self.out.push('=');
    }

    #[inline]
    fn push(&mut self, text: &str) {
        push_form_component(self.out, text);
    }
}

/// Bytes that stand for themselves in `application/x-www-form-urlencoded` (the WHATWG set).
const FORM_SAFE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'*' || c == b'-' || c == b'.' || c == b'_';
        b += 1;
    }
    t
};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `s` form-urlencoded (space as `+`, other unsafe bytes as `%XX`), copying runs of safe
/// bytes whole: the same output as `form_urlencoded::byte_serialize`, without its per-chunk iterator.
#[inline]
pub fn push_form_component(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if FORM_SAFE[b as usize] {
            continue;
        }
        // A safe run starts on an ASCII byte and ends before any other byte: both are char boundaries.
        if start < i {
            out.push_str(&s[start..i]);
        }
        if b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
        start = i + 1;
    }
    if start < bytes.len() {
        out.push_str(&s[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_escaper_matches_byte_serialize() {
        for s in ["", "abc", "Foo bar", "a&b=c|d", "ü€𝄞 x", "\u{1f}a|b", "*-._~!'()", "%2B+"] {
            let mut fast = String::new();
            push_form_component(&mut fast, s);
            let slow: String = form_urlencoded::byte_serialize(s.as_bytes()).collect();
            assert_eq!(fast, slow, "{s:?}");
        }
    }

    #[test]
    fn form_encoding_and_parsing_roundtrip() {
        let mut s = String::new();
        let mut f = FormEncoder::new(&mut s);
        f.begin("", "apfrom");
        f.push("Foo bar&baz=1|ü");
        f.begin("", "x");
        f.push("\u{1f}a|b\u{1f}c");
        f.begin_templated("", "text-", "a b", "");
        f.push("v");
        assert_eq!(s, "apfrom=Foo+bar%26baz%3D1%7C%C3%BC&x=%1Fa%7Cb%1Fc&text-a+b=v");
        let p = super::super::Params::parse_query(&s);
        assert_eq!(p.get("apfrom"), Some("Foo bar&baz=1|ü"));
        assert_eq!(p.get("x"), Some("\u{1f}a|b\u{1f}c"));
    }
}
