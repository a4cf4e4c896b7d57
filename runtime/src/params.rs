//! Ordered request parameters: the [`Sink`] that encoding writes into, the [`Params`] list that
//! decoding reads from, and multi-value joining/splitting (`a|b|c`, or `\x1fa|b\x1fc` when a value
//! holds `|`).

use crate::value::Upload;
use std::ops::Range;

/// The separator MediaWiki accepts instead of `|` when the value starts with it.
pub const UNIT_SEPARATOR: char = '\u{1f}';

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

/// An ordered list of parameters, as a request carries them: one text buffer and ranges into it, so
/// filling it costs no allocation per parameter. Files of multipart requests are kept beside.
///
/// `Debug` shows the pairs in order, with the values of secret-looking parameters
/// ([`is_secret_name`]: tokens, passwords) as `<redacted>`.
#[derive(Clone, Default)]
pub struct Params {
    text: String,
    pairs: Vec<(Range<u32>, Range<u32>)>,
    uploads: Vec<(String, Upload)>,
}

impl Params {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Empties the list, keeping its buffers.
    pub fn clear(&mut self) {
        self.text.clear();
        self.pairs.clear();
        self.uploads.clear();
    }

    /// Parses `a=1&b=2` (form-urlencoded: `+` is a space). Repeated names are all kept; lookups see
    /// the last, as PHP does.
    pub fn parse_query(query: &str) -> Params {
        Self::parse_form(query.as_bytes())
    }

    /// Like [`parse_query`](Self::parse_query), from bytes (a request body); invalid UTF-8 is
    /// replaced with U+FFFD.
    pub fn parse_form(body: &[u8]) -> Params {
        let pairs = body.iter().filter(|&&b| b == b'&').count() + 1;
        // Without escapes, names and values are pieces of the text as it came: kept as ranges into
        // one copy of it. Otherwise form_urlencoded decodes each piece.
        if !body.iter().any(|&b| b == b'%' || b == b'+') {
            if let Ok(text) = std::str::from_utf8(body) {
                let mut p =
                    Params { text: text.to_string(), pairs: Vec::with_capacity(pairs), uploads: Vec::new() };
                // One pass: `&` ends a pair (empty ones are skipped), the first `=` ends its name.
                let (mut start, mut eq) = (0u32, None);
                for (i, &b) in body.iter().chain(std::iter::once(&b'&')).enumerate() {
                    let i = i as u32;
                    match b {
                        b'&' => {
                            if i > start {
                                p.pairs.push(match eq {
                                    Some(eq) => (start..eq, eq + 1..i),
                                    None => (start..i, i..i),
                                });
                            }
                            (start, eq) = (i + 1, None);
                        }
                        b'=' if eq.is_none() => eq = Some(i),
                        _ => {}
                    }
                }
                return p;
            }
        }
        // Decoding shortens the text (but for U+FFFD replacing invalid bytes): one allocation for
        // all of it, one for the pairs.
        let mut p = Params {
            text: String::with_capacity(body.len()),
            pairs: Vec::with_capacity(pairs),
            uploads: Vec::new(),
        };
        for (k, v) in form_urlencoded::parse(body) {
            p.add(&k, &v);
        }
        p
    }

    /// Appends one parameter (any name).
    pub fn add(&mut self, name: &str, value: &str) {
        self.start(&[name]);
        self.text.push_str(value);
        self.close_value();
    }

    fn start(&mut self, name: &[&str]) {
        let start = self.text.len() as u32;
        for part in name {
            self.text.push_str(part);
        }
        let end = self.text.len() as u32;
        self.pairs.push((start..end, end..end));
    }

    /// Sets `name` to `value`: replaces every occurrence, or appends it.
    pub fn set(&mut self, name: &str, value: &str) {
        if self.find(&[name]).is_some() {
            let old = std::mem::take(self);
            for (n, v) in old.iter() {
                if n != name {
                    self.add(n, v);
                }
            }
            self.uploads = old.uploads;
        }
        self.add(name, value);
    }

    /// Appends a file parameter.
    pub fn push_upload(&mut self, name: &str, file: Upload) {
        self.uploads.push((name.to_string(), file));
    }

    /// The number of pairs (files are not counted).
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the list holds neither pairs nor files.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty() && self.uploads.is_empty()
    }

    /// The i-th pair's name.
    #[inline]
    pub fn name(&self, i: usize) -> &str {
        let n = &self.pairs[i].0;
        &self.text[n.start as usize..n.end as usize]
    }

    /// Every pair's name, as bytes, in order.
    #[inline]
    pub fn names_bytes(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let text = self.text.as_bytes();
        self.pairs.iter().map(move |(n, _)| text.get(n.start as usize..n.end as usize).unwrap_or_default())
    }

    /// The i-th pair's value.
    #[inline]
    pub fn value(&self, i: usize) -> &str {
        let v = &self.pairs[i].1;
        &self.text[v.start as usize..v.end as usize]
    }

    /// The i-th pair.
    pub fn pair(&self, i: usize) -> (&str, &str) {
        (self.name(i), self.value(i))
    }

    /// Every pair, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        (0..self.pairs.len()).map(|i| self.pair(i))
    }

    /// The files, each with the name it is sent under, in order.
    pub fn uploads(&self) -> &[(String, Upload)] {
        &self.uploads
    }

    /// The file sent under `name`, if any.
    pub fn upload_named(&self, name: &[&str]) -> Option<&Upload> {
        self.uploads.iter().rev().find(|(n, _)| name_is(n, name)).map(|(_, u)| u)
    }

    /// The last value of the parameter named `name` (given in pieces), with its index.
    pub fn find(&self, name: &[&str]) -> Option<(usize, &str)> {
        (0..self.pairs.len())
            .rev()
            .map(|i| (i, self.pair(i)))
            .find(|(_, (n, _))| name_is(n, name))
            .map(|(i, (_, v))| (i, v))
    }

    /// The last value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.find(&[name]).map(|(_, v)| v)
    }

    /// Indexes of every pair named `name` (a parameter can be given more than once).
    pub fn indexes_of<'s>(&'s self, name: &'s [&'s str]) -> impl Iterator<Item = usize> + 's {
        (0..self.pairs.len()).filter(move |i| name_is(self.pair(*i).0, name))
    }

    /// The list as a form-urlencoded query string (names escaped too: they may come from anywhere).
    pub fn to_query_string(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 2 * self.pairs.len());
        for (i, (n, v)) in self.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            push_form_component(&mut out, n);
            out.push('=');
            push_form_component(&mut out, v);
        }
        out
    }

    fn close_value(&mut self) {
        if let Some(last) = self.pairs.last_mut() {
            last.1.end = self.text.len() as u32;
        }
    }
}

/// Two lists are equal when they hold the same pairs in the same order and the same files (however
/// their text is laid out).
impl PartialEq for Params {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter()) && self.uploads == other.uploads
    }
}

impl Eq for Params {}

impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Pairs<'a>(&'a Params);
        impl std::fmt::Debug for Pairs<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_list()
                    .entries(
                        self.0.iter().map(|(n, v)| (n, if is_secret_name(n) { "<redacted>" } else { v })),
                    )
                    .finish()
            }
        }
        let mut s = f.debug_struct("Params");
        s.field("pairs", &Pairs(self));
        if !self.uploads.is_empty() {
            s.field("uploads", &self.uploads);
        }
        s.finish()
    }
}

/// Whether a parameter (or JSON member) named `name` looks like it holds a secret, so that `Debug`
/// and error messages show `<redacted>` instead of its value: a name ending in `token` (`token`,
/// `lgtoken`, `wltoken`, `csrftoken`, AuthManager's `OATHToken`), or holding `password` (`lgpassword`,
/// `password`), or `secret`, or AuthManager's `retype`; ASCII case ignored.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.as_bytes();
    let has = |needle: &[u8]| n.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle));
    (n.len() >= 5 && n[n.len() - 5..].eq_ignore_ascii_case(b"token"))
        || has(b"password")
        || has(b"secret")
        || name.eq_ignore_ascii_case("retype")
}

impl Sink for Params {
    fn begin(&mut self, outer: &str, name: &str) {
        self.start(&[outer, name]);
    }

    fn begin_templated(&mut self, outer: &str, before: &str, fill: &str, after: &str) {
        self.start(&[outer, before, fill, after]);
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
        self.close_value();
    }

    fn upload(&mut self, outer: &str, name: &str, file: &Upload) {
        self.uploads.push((format!("{outer}{name}"), file.clone()));
    }
}

/// Whether `full` is the concatenation of `parts`.
#[inline]
pub fn name_is(full: &str, parts: &[&str]) -> bool {
    let full = full.as_bytes();
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

/// How many times `byte` occurs in `s`. Values are short: a search from one separator to the
/// next costs less than a vector loop's setup.
fn count_byte(s: &[u8], byte: u8) -> usize {
    let mut n = 0;
    let mut rest = s;
    while let Some(at) = rest.iter().position(|&b| b == byte) {
        n += 1;
        rest = rest.get(at + 1..).unwrap_or_default();
    }
    n
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
    fn debug_redacts_tokens_and_passwords() {
        let mut p = Params::new();
        for (k, v) in [
            ("action", "login"),
            ("lgname", "Admin"),
            ("lgpassword", "hunter2-secret"),
            ("lgtoken", "0123abcd+\\"),
            ("OATHToken", "654321"),
            ("retype", "hunter3"),
        ] {
            p.add(k, v);
        }
        let shown = format!("{p:?}");
        for secret in ["hunter2", "0123abcd", "654321", "hunter3"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains(r#"("lgname", "Admin")"#), "{shown}");
        let mut out = p.to_query_string();
        let shown = format!("{:?}", FormEncoder::new(&mut out));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!is_secret_name("tokens") && !is_secret_name("type") && is_secret_name("csrftoken"));
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

    #[test]
    fn parsing_without_escapes_matches_form_urlencoded() {
        for q in [
            "",
            "a=1&b=2",
            "a=1&&b=2&",
            "&a",
            "a=&=b&==&c=d=e",
            "a=1&a=2",
            "ü=é&x",
            "a=b%20c&d=e+f",
            "%ZZ=1&+=2",
        ] {
            let fast: Vec<(String, String)> =
                Params::parse_query(q).iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
            let slow: Vec<(String, String)> =
                form_urlencoded::parse(q.as_bytes()).map(|(n, v)| (n.into_owned(), v.into_owned())).collect();
            assert_eq!(fast, slow, "{q:?}");
        }
        let p = Params::parse_form(b"a=\xff&b=2");
        assert_eq!(p.get("a"), Some("\u{fffd}"));
        assert_eq!(p.get("b"), Some("2"));
    }

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
        let p = Params::parse_query(&s);
        assert_eq!(p.get("apfrom"), Some("Foo bar&baz=1|ü"));
        assert_eq!(p.get("x"), Some("\u{1f}a|b\u{1f}c"));
    }

    #[test]
    fn params_keep_order_and_last_wins() {
        let mut p = Params::new();
        p.add("a", "1");
        p.begin("g", "apfrom");
        Sink::push(&mut p, "X");
        Sink::push(&mut p, "Y");
        p.add("a", "2");
        assert_eq!(p.iter().collect::<Vec<_>>(), [("a", "1"), ("gapfrom", "XY"), ("a", "2")]);
        assert_eq!(p.find(&["g", "ap", "from"]), Some((1, "XY")));
        assert_eq!(p.get("a"), Some("2"));
        assert_eq!(p.indexes_of(&["a"]).collect::<Vec<_>>(), [0, 2]);
        assert_eq!(Params::parse_query(&p.to_query_string()), p);
    }
}
