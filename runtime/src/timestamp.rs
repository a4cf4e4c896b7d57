//! Which strings MediaWiki's timestamp and expiry parameters accept (docs/mediawiki-1.39-validation.md
//! §4.5–4.6). The formats of ConvertibleTimestamp are tried in its order; dates overflow the way
//! PHP's DateTime does (month 13 is January of the next year), and the result must have a 4-digit
//! year, since MediaWiki turns it into 14 digits.

/// Whether `s` is a timestamp MediaWiki reads (not counting `now`, `""` and `"0"`).
pub fn is_valid(s: &str) -> bool {
    parse_seconds(s).is_some_and(|secs| (0..=9999).contains(&year_of(secs)))
}

/// Seconds since the Unix epoch for any accepted format (time zones ignored: they move a value by
/// hours, which only matters at the edges of year 0 and 9999).
fn parse_seconds(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    // 1. TS_MW: exactly 14 digits.
    if b.len() == 14 && all_digits(b) {
        return civil_at(b, [0, 4, 6, 8, 10, 12]);
    }
    // 2. ISO 8601, extended: YYYY-MM-DD[T ]HH:MM:SS[.frac][zone]
    if let Some(rest) = shape(b, b"dddd-dd-dd?dd:dd:dd") {
        if (b[10] == b'T' || b[10] == b' ') && fraction_and_zone(rest) {
            return civil_at(b, [0, 5, 8, 11, 14, 17]);
        }
    }
    // 3. ISO 8601, basic: YYYYMMDDTHHMMSS[.frac][zone]
    if let Some(rest) = shape(b, b"ddddddddTdddddd") {
        if fraction_and_zone(rest) {
            return civil_at(b, [0, 4, 6, 9, 11, 13]);
        }
    }
    // 4./5. TS_UNIX, with an optional fraction.
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = int.strip_prefix('-').unwrap_or(int);
    if (1..=13).contains(&digits.len())
        && all_digits(digits.as_bytes())
        && frac.is_none_or(|f| (1..=6).contains(&f.len()) && all_digits(f.as_bytes()))
    {
        return int.parse().ok();
    }
    // 6. Oracle: DD-MM-YYYY HH:MM:SS.ffffff
    if shape(b, b"dd-dd-dddd dd:dd:dd.dddddd").is_some_and(|r| r.is_empty()) {
        return civil_at(b, [6, 3, 0, 11, 14, 17]);
    }
    // 7. Postgres: YYYY-MM-DD HH:MM:SS[.f]±HH or … GMT (the extended ISO form above took most of these).
    // 8. EXIF: YYYY:MM:DD HH:MM:SS
    if shape(b, b"dddd:dd:dd dd:dd:dd").is_some_and(|r| r.is_empty()) {
        return civil_at(b, [0, 5, 8, 11, 14, 17]);
    }
    // 9.–11. RFC 2822, RFC 850, asctime: a month name, a day, a year and a time.
    mail_date(s)
}

/// RFC 2822 (`Mon, 01 Jan 2024 00:00:00 GMT`), RFC 850 (`Monday, 01-Jan-24 00:00:00 GMT`) and
/// asctime (`Mon Jan  1 00:00:00 2024`).
fn mail_date(s: &str) -> Option<i64> {
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let month_at =
        words.iter().position(|w| month(w).is_some() || w.split('-').nth(1).and_then(month).is_some())?;
    let time = words.iter().find(|w| w.contains(':'))?;
    let hms: Vec<i64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (h, mi, sec) = match hms.as_slice() {
        [h, m] => (*h, *m, 0),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let fix_year = |y: i64, digits: usize| {
        if digits <= 2 {
            if y < 50 {
                2000 + y
            } else {
                1900 + y
            }
        } else {
            y
        }
    };
    let w = words[month_at];
    if let Some((d, rest)) = w.split_once('-') {
        // RFC 850: DD-Mon-YY
        let mut it = rest.split('-');
        let mo = month(it.next()?)?;
        let y = it.next()?;
        return civil(fix_year(y.parse().ok()?, y.len()), mo, d.parse().ok()?, h, mi, sec);
    }
    let mo = month(w)?;
    let numbers: Vec<&str> =
        words.iter().copied().filter(|x| x.bytes().all(|c| c.is_ascii_digit())).collect();
    let (day, year) = match numbers.as_slice() {
        [a, b, ..] if month_at > 0 && words[month_at - 1] == *a => (*a, *b), // RFC 2822: D Mon YYYY
        [a, b, ..] => (*a, *b),                                              // asctime: Mon D … YYYY
        _ => return None,
    };
    civil(fix_year(year.parse().ok()?, year.len()), mo, day.parse().ok()?, h, mi, sec)
}

fn month(w: &str) -> Option<i64> {
    const MONTHS: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let w = w.to_ascii_lowercase();
    MONTHS.iter().position(|m| w == *m).map(|i| i as i64 + 1)
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

/// [`civil`] of the fields at `at` in `b`: a 4-digit year, then month, day, hour, minute and second
/// of 2 digits each.
fn civil_at(b: &[u8], at: [usize; 6]) -> Option<i64> {
    let two = |i: usize| num(&b[at[i]..at[i] + 2]);
    civil(num(&b[at[0]..at[0] + 4]), two(1), two(2), two(3), two(4), two(5))
}

fn num(b: &[u8]) -> i64 {
    b.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0'))
}

/// Matches `b` against `pat` (`d` a digit, `?` any byte, others literal); returns what follows.
fn shape<'a>(b: &'a [u8], pat: &[u8]) -> Option<&'a [u8]> {
    if b.len() < pat.len() {
        return None;
    }
    for (c, p) in b.iter().zip(pat) {
        let ok = match p {
            b'd' => c.is_ascii_digit(),
            b'?' => true,
            lit => c == lit,
        };
        if !ok {
            return None;
        }
    }
    Some(&b[pat.len()..])
}

/// `[.,]frac{1,6}` then `Z`, `±HH`, `±HHMM` or `±HH:MM`, each optional.
fn fraction_and_zone(mut rest: &[u8]) -> bool {
    if let [b'.' | b',', tail @ ..] = rest {
        let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=6).contains(&n) {
            return false;
        }
        rest = &tail[n..];
    }
    match rest {
        [] | [b'Z'] => true,
        [b'+' | b'-', zone @ ..] => {
            matches!(zone.len(), 2 | 4 | 5)
                && zone.iter().enumerate().all(|(i, c)| {
                    if zone.len() == 5 && i == 2 {
                        *c == b':'
                    } else {
                        c.is_ascii_digit()
                    }
                })
        }
        _ => false,
    }
}

/// Seconds since the epoch for a civil date, overflowing like PHP (month 13, day 45, hour 99 …).
fn civil(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    let months = y.checked_mul(12)?.checked_add(mo - 1)?;
    let (y, m) = (months.div_euclid(12), months.rem_euclid(12) + 1);
    let days = days_from_civil(y, m, 1) + (d - 1);
    Some(days * 86_400 + h * 3600 + mi * 60 + s)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn year_of(secs: i64) -> i64 {
    civil_from_days(secs.div_euclid(86_400)).0
}

/// The (year, month, day) of a day counted from 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
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
