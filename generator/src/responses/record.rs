//! Recorded answers: one JSON object a line, `{"method": "GET"|"POST", "query": "<urlencoded
//! request>", "response": <the answer>}` (other keys are ignored), the format issue 11's checker reads.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One request and the wiki's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// `GET` or `POST`.
    pub method: String,
    /// The request, urlencoded (`action=query&list=allpages&format=json&formatversion=2`).
    pub query: String,
    /// The answer, as JSON.
    pub response: Value,
}

/// Whether a request asks for formatversion=2 (`2` or `latest`; the probes always do).
pub fn is_formatversion2(query: &str) -> bool {
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .any(|(k, v)| k == "formatversion" && (v == "2" || v == "latest"))
}

/// Why records could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// A line is not a record.
    #[error("{}:{line}: not a record ({message}); each line is {{\"method\",\"query\",\"response\"}}", path.display())]
    Line { path: PathBuf, line: usize, message: String },
}

impl Record {
    /// The request's parameters, decoded, in order. A name given twice keeps both.
    pub fn params(&self) -> Vec<(String, String)> {
        parse_query(&self.query)
    }

    /// One line of a records file (without the newline).
    pub fn to_line(&self) -> String {
        // A `Value` always serializes; the fallback only keeps this total.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Reads a records file; blank lines are skipped.
pub fn read(path: &Path) -> Result<Vec<Record>, RecordError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| RecordError::Io { path: path.to_path_buf(), source })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(line).map_err(|e| RecordError::Line {
            path: path.to_path_buf(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push(record);
    }
    Ok(out)
}

/// Writes records, one a line, atomically (a temporary sibling renamed into place).
pub fn write(path: &Path, records: &[Record]) -> Result<(), RecordError> {
    let mut text = String::new();
    for r in records {
        text.push_str(&r.to_line());
        text.push('\n');
    }
    crate::responses::write_atomically(path, &text)
        .map_err(|source| RecordError::Io { path: path.to_path_buf(), source })
}

/// `a=1&b=x%7Cy` → `[(a, 1), (b, x|y)]`; `+` is a space.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(kv), String::new()),
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The urlencoded form of `params` (RFC 3986 unreserved characters stay, everything else is `%XX`).
pub fn encode_query(params: &[(String, String)]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    params.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_round_trip() {
        let params = vec![
            ("titles".to_string(), "A|B C/é".to_string()),
            ("x".to_string(), "\u{1f}a\u{1f}b".to_string()),
        ];
        let q = encode_query(&params);
        assert_eq!(q, "titles=A%7CB%20C%2F%C3%A9&x=%1Fa%1Fb");
        assert_eq!(parse_query(&q), params);
        assert_eq!(
            parse_query("a=1+2&b&c=%zz"),
            vec![
                ("a".to_string(), "1 2".to_string()),
                ("b".to_string(), String::new()),
                ("c".to_string(), "%zz".to_string()),
            ]
        );
    }
}
