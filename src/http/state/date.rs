//! Dates in libcurl's state files: Unix seconds <-> `"YYYYMMDD HH:MM:SS"` (UTC).
//!
//! libcurl's alt-svc and HSTS cache files (<https://curl.se/docs/alt-svc.html>,
//! <https://curl.se/docs/hsts.html>) write expiry times as a fixed-width UTC date and time,
//! e.g. `20300101 00:00:00` (the alt-svc file quotes it; the HSTS file also does). This module
//! converts that text to and from Unix seconds with the proleptic Gregorian calendar
//! (Howard Hinnant's `days_from_civil` / `civil_from_days`), without time zones or leap
//! seconds.
//!
//! The text form can only hold years 0000 to 9999: [`format()`] clamps times outside
//! `0000-01-01 00:00:00` ..= `9999-12-31 23:59:59` to that range, so [`parse()`] accepts
//! everything [`format()`] writes.

use std::time::{SystemTime, UNIX_EPOCH};

const SECS_PER_DAY: i64 = 86_400;

/// Unix seconds of `0000-01-01 00:00:00` UTC, the earliest time [`format()`] can write.
pub const MIN: i64 = -62_167_219_200;
/// Unix seconds of `9999-12-31 23:59:59` UTC, the latest time [`format()`] can write.
pub const MAX: i64 = 253_402_300_799;

/// The current time in Unix seconds (negative before 1970; saturating at the `i64` ends).
pub fn now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// Formats Unix seconds as `"YYYYMMDD HH:MM:SS"` in UTC (no quotes).
///
/// Times before year 0000 or after year 9999 are clamped to [`MIN`] or [`MAX`].
pub fn format(unix: i64) -> String {
    let unix = unix.clamp(MIN, MAX);
    let days = unix.div_euclid(SECS_PER_DAY);
    let secs = unix.rem_euclid(SECS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Parses `"YYYYMMDD HH:MM:SS"` (UTC, no quotes) to Unix seconds.
///
/// Strict: exactly 8 digits, one space, `HH:MM:SS` with two digits each, a real calendar
/// date (leap years included), hours 0-23, minutes and seconds 0-59 (no leap second).
/// Anything else, including surrounding whitespace, is `None`.
pub fn parse(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 17 || b[8] != b' ' || b[11] != b':' || b[14] != b':' {
        return None;
    }
    let y = digits(&b[0..4])?;
    let mo = digits(&b[4..6])?;
    let d = digits(&b[6..8])?;
    let h = digits(&b[9..11])?;
    let mi = digits(&b[12..14])?;
    let sec = digits(&b[15..17])?;
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    if h > 23 || mi > 59 || sec > 59 {
        return None;
    }
    let days = days_from_civil(i64::from(y), mo, d);
    Some(days * SECS_PER_DAY + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(sec))
}

/// The value of a run of ASCII digits (at most 4 here, so no overflow); `None` for any other byte.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn is_leap(y: u32) -> bool {
    y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400))
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of the proleptic Gregorian date `y-m-d` (`m` 1-12, `d` 1-31).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    // Years start on March 1st so that the leap day is the last day of a year.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400); // [0, 399]
    let mp = i64::from((m + 9) % 12); // March = 0 .. February = 11
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian `(year, month, day)` of `z` days since 1970-01-01, for the
/// range [`MIN`]..=[`MAX`] (years 0-9999, so the year fits a `u32`).
fn civil_from_days(z: i64) -> (u32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let y = yoe + era * 400 + i64::from(m <= 2);
    // The callers clamp to years 0..=9999, so these conversions cannot fail.
    (
        u32::try_from(y).unwrap_or(0),
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(format(0), "19700101 00:00:00");
        assert_eq!(parse("19700101 00:00:00"), Some(0));
        assert_eq!(format(-1), "19691231 23:59:59");
        assert_eq!(parse("19691231 23:59:59"), Some(-1));
        assert_eq!(format(951_782_400), "20000229 00:00:00");
        assert_eq!(format(1_234_567_890), "20090213 23:31:30");
        assert_eq!(parse("20090213 23:31:30"), Some(1_234_567_890));
        // The 32-bit time_t limit and beyond.
        assert_eq!(format(2_147_483_647), "20380119 03:14:07");
        assert_eq!(format(2_147_483_648), "20380119 03:14:08");
        assert_eq!(parse("21060207 06:28:16"), Some(4_294_967_296));
        assert_eq!(parse("00000101 00:00:00"), Some(MIN));
        assert_eq!(parse("99991231 23:59:59"), Some(MAX));
    }

    #[test]
    fn leap_days() {
        assert_eq!(parse("20240229 12:00:00"), Some(1_709_208_000));
        assert_eq!(format(1_709_208_000), "20240229 12:00:00");
        assert!(parse("20000229 00:00:00").is_some()); // divisible by 400
        assert!(parse("19000229 00:00:00").is_none()); // divisible by 100 only
        assert!(parse("21000229 00:00:00").is_none());
        assert!(parse("20230229 00:00:00").is_none());
        assert_eq!(
            parse("20240301 00:00:00").unwrap() - parse("20240228 00:00:00").unwrap(),
            2 * SECS_PER_DAY
        );
    }

    #[test]
    fn round_trips() {
        // Every day's midnight and last second over a few leap cycles around 1970 and 2038.
        for base in [
            -3 * 366 * SECS_PER_DAY,
            2_147_483_647 - 3 * 366 * SECS_PER_DAY,
        ] {
            for day in 0..(8 * 366) {
                for t in [
                    base + day * SECS_PER_DAY,
                    base + day * SECS_PER_DAY + 86_399,
                ] {
                    assert_eq!(parse(&format(t)), Some(t), "{t} {}", format(t));
                }
            }
        }
        // Spread over the whole range, with odd offsets.
        let mut t = MIN;
        while t <= MAX {
            assert_eq!(parse(&format(t)), Some(t), "{t}");
            t += 7_777_777_777 / 97;
        }
        assert_eq!(parse(&format(MAX)), Some(MAX));
    }

    #[test]
    fn consecutive_days_are_consecutive() {
        let mut prev = days_from_civil(1599, 12, 31);
        for y in 1600..2500u32 {
            for m in 1..=12 {
                for d in 1..=days_in_month(y, m) {
                    let days = days_from_civil(i64::from(y), m, d);
                    assert_eq!(days, prev + 1);
                    assert_eq!(civil_from_days(days), (y, m, d));
                    prev = days;
                }
            }
        }
    }

    #[test]
    fn clamps_out_of_range() {
        assert_eq!(format(i64::MAX), "99991231 23:59:59");
        assert_eq!(format(i64::MIN), "00000101 00:00:00");
        assert_eq!(format(MAX + 1), format(MAX));
    }

    #[test]
    fn rejects_invalid() {
        for s in [
            "",
            "20240101",
            "20240101 00:00",
            "20240101 00:00:00 ",
            " 20240101 00:00:00",
            "20240101T00:00:00",
            "20240101  0:00:00",
            "2024-01-01 00:00",
            "20241301 00:00:00",
            "20240001 00:00:00",
            "20240100 00:00:00",
            "20240132 00:00:00",
            "20240431 00:00:00",
            "20240101 24:00:00",
            "20240101 00:60:00",
            "20240101 00:00:60",
            "20240101 00:00:+1",
            "+2024010 00:00:00",
            "2024010a 00:00:00",
            "20240101 00-00-00",
            "２0240101 00:00:00",
            "\"20240101 00:00:00\"",
        ] {
            assert_eq!(parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn now_is_recent() {
        let n = now();
        assert!(n > 1_700_000_000, "{n}");
        assert!(parse(&format(n)).is_some());
    }
}
