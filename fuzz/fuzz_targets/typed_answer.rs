//! The generated response types: a module path, a newline, then an answer's bytes →
//! `Envelope<T>` for that module's response type (`mediawiki_api::with_response`), read leniently
//! and strictly.
//!
//! What must hold besides "no panic":
//! - a strict read that succeeds is a lenient read that succeeds, with the same value;
//! - a lenient read writes back to JSON that reads again to the same value (nothing is lost: keys
//!   the type does not describe are kept in `extra` and written back);
//! - strict and lenient reads of what a lenient read wrote agree when no `extra` map got a key.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mwgen_runtime::response::{strict, Envelope, ResponseType, ResponseVisit};

const PATHS: &[&str] = &["query", "block", "edit", "clientlogin", "purge", "logout", "parse", "upload"];

struct Check<'a>(&'a [u8]);

impl ResponseVisit for Check<'_> {
    type Output = ();
    fn visit<T: ResponseType>(self) {
        let strictly = strict(|| serde_json::from_slice::<Envelope<T>>(self.0));
        let leniently = serde_json::from_slice::<Envelope<T>>(self.0);
        if let Ok(s) = &strictly {
            let l = leniently.as_ref().expect("a strict read succeeds, a lenient one fails");
            assert_eq!(s, l, "strict and lenient reads differ");
        }
        if let Ok(l) = leniently {
            let text = serde_json::to_vec(&l).expect("a typed answer writes");
            let again: Envelope<T> = serde_json::from_slice(&text).expect("what was written reads again");
            assert_eq!(l, again, "written and read again, the answer changed");
            let _ = l.error_code();
        }
        let _ = strictly.map_err(|e| e.to_string());
    }
}

fuzz_target!(|data: &[u8]| {
    let (first, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&data[..0], data),
    };
    let path = std::str::from_utf8(first).ok().filter(|p| !p.is_empty()).unwrap_or_else(|| {
        PATHS[first.iter().map(|&b| b as usize).sum::<usize>() % PATHS.len()]
    });
    let _ = mediawiki_api::with_response(path, Check(body));
});
