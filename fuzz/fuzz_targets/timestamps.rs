//! `mwgen_runtime::timestamp::{seconds, is_valid, is_relative, format_mw}` on any string (the input,
//! invalid UTF-8 replaced), and `format_mw` on any i64 (the input's first 8 bytes).
//!
//! What must hold besides "no panic":
//! - `is_valid(s) == seconds(s).is_some()`;
//! - where `seconds(s)` is `Some(t)`: `format_mw(t)` is 14 ASCII digits, and reading those back
//!   gives `t` again (TS_MW is the first format ConvertibleTimestamp tries);
//! - `format_mw` of any i64 in 0000-01-01..=9999-12-31 is 14 digits too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mwgen_runtime::timestamp::{format_mw, is_relative, is_valid, seconds};

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
const FIRST: i64 = -62_167_219_200;
const LAST: i64 = 253_402_300_799;

fn fourteen_digits(s: &str) -> bool {
    s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit())
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let secs = seconds(&s);
    assert_eq!(is_valid(&s), secs.is_some(), "is_valid and seconds disagree on {s:?}");
    let _ = is_relative(&s);
    if let Some(t) = secs {
        assert!((FIRST..=LAST).contains(&t), "seconds({s:?}) = {t}, outside the 14-digit range");
        let mw = format_mw(t);
        assert!(fourteen_digits(&mw), "format_mw({t}) = {mw:?} for {s:?}");
        assert_eq!(seconds(&mw), Some(t), "{s:?} → {t} → {mw:?} reads back differently");
    }

    if let Some(bytes) = data.get(..8) {
        let t = i64::from_le_bytes(bytes.try_into().expect("8 bytes"));
        let mw = format_mw(t);
        if (FIRST..=LAST).contains(&t) {
            assert!(fourteen_digits(&mw), "format_mw({t}) = {mw:?}");
        }
    }
});
