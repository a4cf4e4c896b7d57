//! The wiki's text on its way to logs and error messages: control characters escaped, length bounded.
//!
//! A server (or whatever answers in its name) chooses the bytes of its answers. Printed as they came,
//! an `ESC [ … m` sequence recolours or clears the terminal that shows the log, a carriage return
//! rewrites the line before it, a newline forges a log line. Everything the client prints of an
//! answer goes through [`Printable`], which shows such characters as Rust escapes (`\u{1b}`, `\n`)
//! and stops after a number of characters.

use serde_json::Value;
use std::fmt::{self, Write};

/// How many characters of an answer an error keeps ([`excerpt`]).
pub(crate) const EXCERPT_CHARS: usize = 300;

/// How many characters of a wiki's error text an error message shows (the error keeps all of it).
pub(crate) const MESSAGE_CHARS: usize = 1000;

/// Whether `c` is shown escaped: C0 controls, DEL and C1 controls (`char::is_control`), the bidi
/// overrides and isolates (they reorder what follows them on screen), and the Unicode line and
/// paragraph separators (a new line to some viewers).
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// Writes `c` as `\n`, `\r`, `\t` or `\u{…}` if it needs escaping, as itself otherwise; returns how
/// many characters it wrote.
fn write_char(out: &mut impl Write, c: char) -> Result<usize, fmt::Error> {
    if !needs_escape(c) {
        out.write_char(c)?;
        return Ok(1);
    }
    match c {
        '\n' => out.write_str("\\n").map(|_| 2),
        '\r' => out.write_str("\\r").map(|_| 2),
        '\t' => out.write_str("\\t").map(|_| 2),
        _ => {
            let mut buf = String::with_capacity(10);
            write!(buf, "\\u{{{:x}}}", c as u32)?;
            out.write_str(&buf)?;
            Ok(buf.chars().count())
        }
    }
}

/// A [`fmt::Write`] that escapes as it writes and stops after `left` characters, noting that it cut.
struct Escaping<'a, W: Write> {
    out: &'a mut W,
    left: usize,
    cut: bool,
}

impl<W: Write> Write for Escaping<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            if self.cut {
                return Ok(());
            }
            let width = if !needs_escape(c) {
                1
            } else if matches!(c, '\n' | '\r' | '\t') {
                2
            } else {
                // `\u{` + hex digits + `}`
                4 + (32 - (c as u32).leading_zeros()).div_ceil(4).max(1) as usize
            };
            if width > self.left {
                self.cut = true;
                return Ok(());
            }
            self.left -= write_char(self.out, c)?;
        }
        Ok(())
    }
}

/// Shows a value's `Display` with control characters escaped, at most `limit` characters of it
/// (then `…`).
pub(crate) struct Printable<'a, T: fmt::Display + ?Sized> {
    value: &'a T,
    limit: usize,
}

impl<T: fmt::Display + ?Sized> fmt::Display for Printable<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut w = Escaping { out: f, left: self.limit, cut: false };
        write!(w, "{}", self.value)?;
        if w.cut {
            w.out.write_char('…')?;
        }
        Ok(())
    }
}

/// `value`'s text, escaped, bounded to [`MESSAGE_CHARS`]: for the wiki's strings in messages and logs.
pub(crate) fn printable<T: fmt::Display + ?Sized>(value: &T) -> Printable<'_, T> {
    Printable { value, limit: MESSAGE_CHARS }
}

/// The beginning of an answer, for an error: control characters escaped, [`EXCERPT_CHARS`] characters
/// at most (escapes included), `…` when cut.
pub(crate) fn excerpt(text: &str) -> String {
    Printable { value: text, limit: EXCERPT_CHARS }.to_string()
}

/// The beginning of a JSON answer, for an error, with secret-looking members
/// ([`crate::params::is_secret_name`]) redacted.
pub(crate) fn json_excerpt(body: &Value) -> String {
    excerpt(&redacted(body).to_string())
}

/// `v` with the value of every member whose name looks secret (`csrftoken`, `lgpassword`) replaced
/// by `"<redacted>"`.
pub(crate) fn redacted(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| {
                    let v = if crate::params::is_secret_name(k) && !v.is_object() && !v.is_array() {
                        Value::String("<redacted>".into())
                    } else {
                        redacted(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(redacted).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        let hostile = "a\u{1b}[31mred\u{1b}[0m\r\n\t\u{0}\u{7}\u{7f}\u{9b}2J\u{202e}z";
        let shown = excerpt(hostile);
        assert_eq!(shown, r"a\u{1b}[31mred\u{1b}[0m\r\n\t\u{0}\u{7}\u{7f}\u{9b}2J\u{202e}z");
        assert!(!shown.chars().any(needs_escape), "{shown:?}");
        // Ordinary text, quotes and non-Latin scripts are left as they are.
        assert_eq!(excerpt("<p class=\"x\">Ünïcödé 日本</p>"), "<p class=\"x\">Ünïcödé 日本</p>");
    }

    #[test]
    fn excerpts_are_bounded_escapes_included() {
        let long = "x".repeat(10_000);
        let shown = excerpt(&long);
        assert_eq!(shown.chars().count(), EXCERPT_CHARS + 1);
        assert!(shown.ends_with('…'));
        // 10,000 escapes: still at most EXCERPT_CHARS characters, never half an escape.
        let shown = excerpt(&"\u{1b}".repeat(10_000));
        assert!(shown.chars().count() <= EXCERPT_CHARS + 1, "{}", shown.len());
        assert!(shown.trim_end_matches('…').ends_with("\\u{1b}"), "{shown}");
        assert_eq!(excerpt(&"y".repeat(EXCERPT_CHARS)), "y".repeat(EXCERPT_CHARS));
    }

    #[test]
    fn widths_match_what_is_written() {
        for c in ['\u{0}', '\u{1b}', '\u{7f}', '\u{9f}', '\u{2028}', '\u{202e}', '\n'] {
            let mut s = String::new();
            let n = write_char(&mut s, c).expect("write");
            assert_eq!(n, s.chars().count(), "{c:?}");
            // The budget check agrees: exactly n characters fit, n - 1 do not.
            assert_eq!(Printable { value: &c, limit: n }.to_string(), s);
            assert_eq!(Printable { value: &c, limit: n - 1 }.to_string(), "…");
        }
    }

    #[test]
    fn secrets_are_redacted_in_json_excerpts() {
        let body = serde_json::json!({"query":{"tokens":{"csrftoken":"abc123+\\","logintoken":"def"}},"login":{"lgpassword":"pw","result":"NeedToken"}});
        let shown = json_excerpt(&body);
        assert!(!shown.contains("abc123") && !shown.contains("def") && !shown.contains("\"pw\""), "{shown}");
        assert!(shown.contains("NeedToken"), "{shown}");
    }
}
