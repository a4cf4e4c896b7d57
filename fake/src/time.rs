//! Times as the fake reads and writes them (blocks, protections, tokens): `expiry` values as MediaWiki 1.39 accepts them
//! (the infinite words, relative times such as `1 day` or `3 months`, absolute timestamps), and
//! the ISO 8601 and `20261201220646` forms.

use mwgen_runtime::timestamp::civil_from_days;

/// Seconds since the epoch, now.
pub(crate) fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `secs` as MediaWiki's ISO 8601 timestamp (`2026-12-01T22:05:51Z`).
pub(crate) fn iso(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// A timestamp in any form MediaWiki reads (ISO 8601, 14 digits, …) as seconds since the epoch.
pub(crate) fn parse_ts(s: &str) -> Option<i64> {
    if s.is_empty() || s.bytes().all(|b| b.is_ascii_digit()) && s.len() < 14 {
        return None;
    }
    mwgen_runtime::timestamp::seconds(s)
}

/// `secs` in MediaWiki's 14-digit form (`20261201220646`), as continuation values carry it.
pub(crate) fn mw(secs: i64) -> String {
    mwgen_runtime::timestamp::format_mw(secs)
}

/// `secs` as the user's language formats a time and date (`22:06, 1 December 2026`).
pub(crate) fn formatted(secs: i64) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let month = MONTHS[((m - 1).clamp(0, 11)) as usize];
    format!("{:02}:{:02}, {d} {month} {y}", rem / 3600, rem % 3600 / 60)
}

/// What an `expiry` value means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expiry {
    /// `infinite`, `indefinite`, `infinity` or `never`.
    Infinite,
    /// This many seconds after the epoch.
    At(i64),
}

/// Reads `expiry` as MediaWiki does (`ExpiryDef::normalizeExpiry`: the infinite words, else PHP's
/// `strtotime` relative to `now`); `None` when it means nothing.
pub(crate) fn parse_expiry(expiry: &str, now: i64) -> Option<Expiry> {
    let e = expiry.trim().to_ascii_lowercase();
    if matches!(e.as_str(), "infinite" | "indefinite" | "infinity" | "never") {
        return Some(Expiry::Infinite);
    }
    if let Some(t) = parse_ts(expiry.trim()) {
        return Some(Expiry::At(t));
    }
    let words: Vec<&str> = e.split_whitespace().collect();
    // `… ago` counts back.
    let (words, sign) = match words.split_last() {
        Some((&"ago", rest)) => (rest, -1),
        _ => (&words[..], 1),
    };
    if words.is_empty() || words.len() % 2 != 0 {
        return None;
    }
    let mut t = now;
    for pair in words.chunks(2) {
        let n: i64 = sign * pair[0].trim_start_matches('+').parse::<i64>().ok()?;
        let unit = pair[1].trim_end_matches('s');
        t = match unit {
            "sec" | "second" => t + n,
            "min" | "minute" => t + n * 60,
            "hour" => t + n * 3600,
            "day" => t + n * 86_400,
            "week" => t + n * 7 * 86_400,
            "fortnight" => t + n * 14 * 86_400,
            "month" => add_months(t, n),
            "year" => add_months(t, n * 12),
            _ => return None,
        };
    }
    Some(Expiry::At(t))
}

/// `t` plus `n` calendar months, overflowing days as PHP does (31 January + 1 month = 3 March).
fn add_months(t: i64, n: i64) -> i64 {
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    let total = y * 12 + (m - 1) + n;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let first = parse_ts(&format!("{ny:04}{nm:02}01000000")).unwrap_or(t);
    first + (d - 1) * 86_400 + t.rem_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiries_read_as_mediawiki_does() {
        let now = parse_ts("2026-12-01T22:06:46Z").expect("a time");
        assert_eq!(iso(now), "2026-12-01T22:06:46Z");
        assert_eq!(parse_expiry("1 day", now), Some(Expiry::At(now + 86_400)));
        assert_eq!(parse_expiry("2 hours ago", now), Some(Expiry::At(now - 7_200)));
        assert_eq!(parse_expiry("ago", now), None);
        assert_eq!(
            parse_expiry("2 hours", now)
                .map(|e| matches!(e, Expiry::At(t) if iso(t) == "2026-12-02T00:06:46Z")),
            Some(true)
        );
        assert_eq!(parse_expiry("never", now), Some(Expiry::Infinite));
        assert_eq!(parse_expiry("bogus", now), None);
        let jan31 = parse_ts("20270131000000").expect("a time");
        assert_eq!(
            parse_expiry("1 month", jan31)
                .map(|e| matches!(e, Expiry::At(t) if iso(t) == "2027-03-03T00:00:00Z")),
            Some(true)
        );
        assert_eq!(formatted(now), "22:06, 1 December 2026");
        assert_eq!(mw(now), "20261201220646");
    }
}
