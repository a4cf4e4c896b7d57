//! Which strings MediaWiki's timestamp parameters accept (docs/mediawiki-1.39-validation.md §4.5–4.6).
//!
//! MediaWiki's TimestampDef hands the value to ConvertibleTimestamp, which tries one regular expression
//! per format, in a fixed order, and gives the first one that matches to PHP's
//! `DateTime::createFromFormat`. Each format below mirrors its expression: the same digit counts, the
//! same white space, the same anchors (an expression without PCRE's `D` flag lets `$` match before a
//! final `\n`). A match that `createFromFormat` then refuses (an unknown day or month name, a time zone
//! PHP does not know, a five-digit year) refuses the value: no later format is tried. Dates overflow
//! the way PHP's do (month 13 is January of the next year, hour 99 four days later), a day name moves
//! the date forward to that weekday, and the result, in UTC, must have a four-digit year, since
//! MediaWiki turns it into 14 digits.
//!
//! Every field has a bounded number of digits (a long RFC 2822 year saturates), so no arithmetic here
//! can overflow whatever the input.
//!
//! `formats.rs` holds ConvertibleTimestamp's expressions, one function each; this file the entry
//! points, strtotime's relative times (for expiries) and the calendar arithmetic.

mod formats;

use formats::FORMATS;

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of a 14-digit timestamp.
const FIRST: i64 = -62_167_219_200;
const LAST: i64 = 253_402_300_799;

/// Whether `s` is a timestamp MediaWiki reads (not counting `now`, `""` and `"0"`, which mean now).
pub fn is_valid(s: &str) -> bool {
    seconds(s).is_some()
}

/// The Unix time (whole seconds, rounded down) of a timestamp MediaWiki reads, or `None` where
/// MediaWiki answers `badtimestamp`.
pub fn seconds(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let parsed = FORMATS.iter().find_map(|format| format(b))?;
    parsed.filter(|secs| (FIRST..=LAST).contains(secs))
}

/// `YYYYmmddHHiiss` (TS_MW) of a Unix time, as MediaWiki writes timestamps in 14 digits.
pub fn format_mw(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!("{y:04}{m:02}{d:02}{:02}{:02}{:02}", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Whether `s` reads as a relative time to PHP's strtotime in the forms people use for expiries
/// (`1 week`, `+3 days`, `2 hours 30 minutes`, `1 day ago`, `tomorrow`, `@1900000000`).
pub fn is_relative(s: &str) -> bool {
    let s = s.trim().to_ascii_lowercase();
    if matches!(s.as_str(), "now" | "today" | "tomorrow" | "yesterday" | "midnight" | "noon") {
        return true;
    }
    if let Some(n) = s.strip_prefix('@') {
        return !n.is_empty() && all_digits(n.strip_prefix('-').unwrap_or(n).as_bytes());
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let words = match words.split_last() {
        Some((&"ago", rest)) => rest,
        _ => &words[..],
    };
    if words.is_empty() || words.len() % 2 != 0 {
        return false;
    }
    words.chunks(2).all(|pair| {
        let n = pair[0].strip_prefix(['+', '-']).unwrap_or(pair[0]);
        let unit = pair[1].strip_suffix('s').unwrap_or(pair[1]);
        !n.is_empty()
            && all_digits(n.as_bytes())
            && matches!(
                unit,
                "sec"
                    | "second"
                    | "min"
                    | "minute"
                    | "hour"
                    | "day"
                    | "week"
                    | "fortnight"
                    | "month"
                    | "year"
            )
    })
}

fn all_digits(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(u8::is_ascii_digit)
}

/// The day, counted from 1970-01-01, of a (proleptic Gregorian) date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day counted from 1970-01-01 (negative days before it).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Observed on the live wiki and with MediaWiki's own library (docs/mediawiki-1.39-validation.md §4.5).
    #[test]
    fn accepts_what_mediawiki_accepts() {
        for ok in [
            "20240101000000",
            "2024-01-01T00:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01 00:00:00",
            "2024-01-01T00:00:00.123Z",
            "2024-01-01T00:00:00+02:00",
            "1700000000",
            "170000000",
            "-1",
            "Mon, 01 Jan 2024 00:00:00 GMT",
            "2024-13-45T00:00:00Z",
            "12345678901234",
            "20240101",
            "20240101T000000Z",
            "2024:01:01 00:00:00",
        ] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in [
            "NOW",
            "2024-01-01",
            "bogus",
            "00000000000000",
            "yesterday",
            "@1700000000",
            "1234567890123",
            "99999999999999",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn relative_expiries() {
        for ok in ["1 week", "+1 day", "tomorrow", "2 hours 30 minutes", "3 days ago", "@1900000000", "now"] {
            assert!(is_relative(ok), "{ok}");
        }
        for bad in ["", "bogus", "Infinite", "1700000000", "week 1"] {
            assert!(!is_relative(bad), "{bad}");
        }
    }
}
