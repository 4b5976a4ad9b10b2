//! `Timestamp`: a .NET `DateTime` as the server sent it, kept to the letter, with its parts and instant.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The zone part of a [`Timestamp`], as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Offset {
    /// No zone: .NET `DateTimeKind.Unspecified` (real MBS responses look like this). The API does
    /// not say which zone it means; [`Timestamp::to_system_time`] reads it as UTC.
    Unspecified,
    /// `Z`.
    Utc,
    /// `+hh:mm` / `-hh:mm`, in minutes east of UTC (`+00:00` is `Minutes(0)`, not `Utc`).
    Minutes(i16),
}

/// A date and time exactly as the API writes it, kept without loss.
///
/// The server writes .NET `DateTime`s in ISO 8601 with 0–7 fraction digits and an optional zone:
/// `2018-02-09T00:00:00`, `2018-05-15T15:44:51.07`, `2019-08-28T11:07:01.0922535+00:00`,
/// `2025-04-04T18:06:59.1208985Z`. A `Timestamp` keeps every part, including how many fraction
/// digits there were and how the zone was written, so `to_string()` gives back the original text.
///
/// ```
/// use mspbackups::models::{Offset, Timestamp};
/// let t: Timestamp = "2019-08-28T11:07:01.0922535+00:00".parse()?;
/// assert_eq!((t.year(), t.month(), t.day()), (2019, 8, 28));
/// assert_eq!(t.nanosecond(), 92_253_500);
/// assert_eq!(t.offset(), Offset::Minutes(0));
/// assert_eq!(t.to_string(), "2019-08-28T11:07:01.0922535+00:00");
/// assert_eq!(t.unix_seconds(), 1_566_990_421);
/// # Ok::<(), mspbackups::models::ParseTimestampError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    /// Fraction of a second in 100 ns ticks (.NET's resolution), `0..10_000_000`.
    ticks: u32,
    /// How many fraction digits were written (0–7).
    digits: u8,
    offset: Offset,
}

/// The error for text that is not an API timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{text:?} is not a timestamp of the form YYYY-MM-DDThh:mm:ss[.fffffff][Z|±hh:mm]: {reason}"
)]
pub struct ParseTimestampError {
    text: String,
    reason: &'static str,
}

impl Timestamp {
    /// Year (1–9999).
    pub fn year(&self) -> u16 {
        self.year
    }
    /// Month (1–12).
    pub fn month(&self) -> u8 {
        self.month
    }
    /// Day of the month (1–31).
    pub fn day(&self) -> u8 {
        self.day
    }
    /// Hour (0–23).
    pub fn hour(&self) -> u8 {
        self.hour
    }
    /// Minute (0–59).
    pub fn minute(&self) -> u8 {
        self.minute
    }
    /// Second (0–59).
    pub fn second(&self) -> u8 {
        self.second
    }
    /// Fraction of the second in nanoseconds (a multiple of 100).
    pub fn nanosecond(&self) -> u32 {
        self.ticks * 100
    }
    /// How many fraction digits the text had (0–7).
    pub fn fraction_digits(&self) -> u8 {
        self.digits
    }
    /// The zone, as written.
    pub fn offset(&self) -> Offset {
        self.offset
    }

    /// Seconds since 1970-01-01T00:00:00Z (the fraction dropped). An [`Offset::Unspecified`]
    /// time is read as UTC.
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(
            i64::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        );
        let local = days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second);
        match self.offset {
            Offset::Unspecified | Offset::Utc => local,
            Offset::Minutes(m) => local - i64::from(m) * 60,
        }
    }

    /// The instant as a [`SystemTime`]. An [`Offset::Unspecified`] time is read as UTC.
    pub fn to_system_time(&self) -> SystemTime {
        let secs = self.unix_seconds();
        let nanos = Duration::from_nanos(u64::from(self.nanosecond()));
        if secs >= 0 {
            UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs()) + nanos
        } else {
            UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs()) + nanos
        }
    }

    /// A UTC timestamp (`Z`, 7 fraction digits, as .NET writes `DateTime.UtcNow`) for an instant
    /// from 1970 on.
    pub fn from_system_time(time: SystemTime) -> Timestamp {
        let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
        let secs = since.as_secs();
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        let rem = secs % 86_400;
        let (y, m, d) = civil_from_days(days);
        Timestamp {
            year: u16::try_from(y).unwrap_or(9999),
            month: m as u8,
            day: d as u8,
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
            ticks: since.subsec_nanos() / 100,
            digits: 7,
            offset: Offset::Utc,
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl fmt::Display for Timestamp {
    /// The text the timestamp was read from.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.digits > 0 {
            let all = format!("{:07}", self.ticks);
            write!(f, ".{}", &all[..usize::from(self.digits)])?;
        }
        match self.offset {
            Offset::Unspecified => Ok(()),
            Offset::Utc => f.write_str("Z"),
            Offset::Minutes(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                let a = m.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", a / 60, a % 60)
            }
        }
    }
}

impl FromStr for Timestamp {
    type Err = ParseTimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = |reason| ParseTimestampError {
            text: text.chars().take(64).collect(),
            reason,
        };
        let b = text.as_bytes();
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = b.get(range)?;
            if part.iter().all(u8::is_ascii_digit) {
                Some(
                    part.iter()
                        .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')),
                )
            } else {
                None
            }
        };
        if b.len() < 19
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(err("the layout is wrong"));
        }
        let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
            num(0..4),
            num(5..7),
            num(8..10),
            num(11..13),
            num(14..16),
            num(17..19),
        ) else {
            return Err(err("a field is not a number"));
        };
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(err("the date does not exist"));
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(err("the time does not exist"));
        }
        let mut i = 19;
        let (mut ticks, mut digits) = (0u32, 0u8);
        if b.get(i) == Some(&b'.') {
            i += 1;
            while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
                if digits == 7 {
                    return Err(err("more than 7 fraction digits"));
                }
                ticks = ticks * 10 + u32::from(d - b'0');
                digits += 1;
                i += 1;
            }
            if digits == 0 {
                return Err(err("a '.' without fraction digits"));
            }
            ticks *= 10u32.pow(7 - u32::from(digits));
        }
        let offset = match b.get(i) {
            None => Offset::Unspecified,
            Some(b'Z') if i + 1 == b.len() => Offset::Utc,
            Some(&sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
                let (Some(h), Some(m)) = (num(i + 1..i + 3), num(i + 4..i + 6)) else {
                    return Err(err("the offset is not a number"));
                };
                if h > 14 || m > 59 {
                    return Err(err("the offset is out of range"));
                }
                let total = (h * 60 + m) as i16;
                Offset::Minutes(if sign == b'-' { -total } else { total })
            }
            _ => return Err(err("unexpected text after the time")),
        };
        Ok(Timestamp {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            ticks,
            digits,
            offset,
        })
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl crate::codec::XmlScalar for Timestamp {
    const EXPECTED: &'static str = "dateTime";
    fn write_text(
        &self,
        field: &'static str,
        w: &mut crate::xml::XmlWriter<'_>,
    ) -> Result<(), crate::error::EncodeError> {
        w.text_member(field, &self.to_string())
    }
    fn parse_text(text: &str) -> Option<Self> {
        text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
            .parse()
            .ok()
    }
}

fn is_leap(y: u32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day) of a day count since 1970-01-01
/// (Howard Hinnant's algorithm). Also used to print dates elsewhere in the crate.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_documented_form() {
        for text in [
            "2018-02-09T00:00:00",
            "2018-05-15T15:44:51.07",
            "2017-01-16T14:34:23.427",
            "2019-08-28T11:07:01.0922535+00:00",
            "2025-04-04T18:06:59.1208985Z",
            "2018-05-15T12:38:47.3032803+00:00",
            "2020-02-29T23:59:59.9999999-05:30",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59.9999999+14:00",
            "2018-05-15T15:44:51.0700",
        ] {
            let t: Timestamp = text.parse().unwrap();
            assert_eq!(t.to_string(), text);
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        }
    }

    #[test]
    fn keeps_digits_and_zone_spelling_apart() {
        let a: Timestamp = "2018-05-15T15:44:51.07".parse().unwrap();
        let b: Timestamp = "2018-05-15T15:44:51.070".parse().unwrap();
        assert_eq!(a.nanosecond(), b.nanosecond());
        assert_ne!(a, b);
        let z: Timestamp = "2025-04-04T18:06:59Z".parse().unwrap();
        let p: Timestamp = "2025-04-04T18:06:59+00:00".parse().unwrap();
        assert_eq!((z.offset(), p.offset()), (Offset::Utc, Offset::Minutes(0)));
        assert_eq!(z.unix_seconds(), p.unix_seconds());
    }

    #[test]
    fn converts_to_instants() {
        let t: Timestamp = "1970-01-01T01:00:00+01:00".parse().unwrap();
        assert_eq!(t.unix_seconds(), 0);
        let t: Timestamp = "2018-02-09T00:00:00".parse().unwrap();
        assert_eq!(t.unix_seconds(), 1_518_134_400);
        let t: Timestamp = "1969-12-31T23:59:59.5Z".parse().unwrap();
        assert_eq!(t.to_system_time(), UNIX_EPOCH - Duration::from_millis(500));
        let now = UNIX_EPOCH + Duration::new(1_764_435_600, 123_456_700);
        let t = Timestamp::from_system_time(now);
        assert_eq!(t.to_string(), "2025-11-29T17:00:00.1234567Z");
        assert_eq!(t.to_system_time(), now);
    }

    #[test]
    fn refuses_what_is_not_a_timestamp() {
        for bad in [
            "",
            "2018-02-09",
            "2018-02-09 00:00:00",
            "2018-13-09T00:00:00",
            "2019-02-29T00:00:00",
            "2018-02-09T24:00:00",
            "2018-02-09T00:00:60",
            "2018-02-09T00:00:00.",
            "2018-02-09T00:00:00.12345678",
            "2018-02-09T00:00:00+15:00",
            "2018-02-09T00:00:00+0100",
            "2018-02-09T00:00:00Zjunk",
            "/Date(1518134400000)/",
            "２０１８-02-09T00:00:00",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
        let e = "x".parse::<Timestamp>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"x\" is not a timestamp of the form YYYY-MM-DDThh:mm:ss[.fffffff][Z|±hh:mm]: the layout is wrong"
        );
    }
}
