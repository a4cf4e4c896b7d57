//! [`Params`]: the ordered parameter list a request carries, parsed from a query string or a form
//! body, and read by decoding; and [`is_secret_name`], which keeps secrets out of `Debug`.

use super::words::{count, matches, word};
use super::{push_form_component, Sink, Upload};
use crate::bytes::{name_bytes_is, name_is};
use std::ops::Range;

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
        let (amps, escaped) = survey(body);
        let pairs = amps + 1;
        // Without escapes, names and values are pieces of the text as it came: kept as ranges into
        // one copy of it. Otherwise form_urlencoded decodes each piece.
        if !escaped {
            if let Ok(text) = std::str::from_utf8(body) {
                let mut p =
                    Params { text: text.to_string(), pairs: Vec::with_capacity(pairs), uploads: Vec::new() };
                // `&` ends a pair (empty ones are skipped), the first `=` ends its name; the end of
                // the text ends the last pair.
                let (mut start, mut eq) = (0u32, None);
                let mut separator = |i: usize, b: u8| {
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
                        _ if eq.is_none() => eq = Some(i),
                        _ => {}
                    }
                };
                each_separator(body, &mut separator);
                separator(body.len(), b'&');
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
        // Names compared as bytes; only the value found is made a `str`.
        let text = self.text.as_bytes();
        let len: usize = name.iter().map(|p| p.len()).sum();
        let i = self.pairs.iter().rposition(|(n, _)| {
            (n.end - n.start) as usize == len
                && name_bytes_is(text.get(n.start as usize..n.end as usize).unwrap_or_default(), name)
        })?;
        Some((i, self.value(i)))
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

/// How many `&` the body holds, and whether it holds `%` or `+` (so that it must be decoded): one
/// pass, eight bytes at a time.
fn survey(body: &[u8]) -> (usize, bool) {
    let mut chunks = body.chunks_exact(8);
    let (mut amps, mut escapes) = (0, 0);
    for chunk in &mut chunks {
        let w = word(chunk);
        amps += count(matches(w, b'&'));
        escapes |= matches(w, b'%') | matches(w, b'+');
    }
    let rest = chunks.remainder();
    amps += rest.iter().filter(|&&b| b == b'&').count();
    (amps, escapes != 0 || rest.iter().any(|&b| b == b'%' || b == b'+'))
}

/// Calls `f` with the position and byte of each `&` and `=` of `body`, in order: eight bytes at a
/// time, each word with none of them skipped in a few instructions.
#[inline(always)]
fn each_separator(body: &[u8], f: &mut impl FnMut(usize, u8)) {
    let mut chunks = body.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let w = word(chunk);
        let mut marks = matches(w, b'&') | matches(w, b'=');
        while marks != 0 {
            // One bit per byte found: the lowest is the first, byte `k` of the word.
            let k = (marks.trailing_zeros() / 8) as usize;
            f(at + k, (w >> (8 * k)) as u8);
            marks &= marks - 1;
        }
        at += 8;
    }
    for (k, &b) in chunks.remainder().iter().enumerate() {
        if b == b'&' || b == b'=' {
            f(at + k, b);
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

#[cfg(test)]
mod tests {
    use super::super::FormEncoder;
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
        // Every text of `a`, `=` and `&` up to nine bytes (separators anywhere in and across the
        // eight-byte words the parser reads), and a long request.
        let mut texts = vec![
            "action=query&list=allpages&apfrom=Foo&apnamespace=0&aplimit=50&apdir=ascending".to_string(),
        ];
        for len in 0..=9u32 {
            for mut n in 0..3usize.pow(len) {
                let mut t = String::new();
                for _ in 0..len {
                    t.push(['a', '=', '&'][n % 3]);
                    n /= 3;
                }
                texts.push(t);
            }
        }
        for q in &texts {
            let fast = Params::parse_query(q);
            let slow = form_urlencoded::parse(q.as_bytes());
            assert!(
                fast.iter().eq(slow
                    .map(|(n, v)| (n.into_owned(), v.into_owned()))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))),
                "{q:?}"
            );
        }
        let p = Params::parse_form(b"a=\xff&b=2");
        assert_eq!(p.get("a"), Some("\u{fffd}"));
        assert_eq!(p.get("b"), Some("2"));
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
