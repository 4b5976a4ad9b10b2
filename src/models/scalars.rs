//! `Decimal` and `Guid`: .NET `decimal` and `Guid` values kept exactly as the server wrote them.

use std::fmt;

use serde::de::{Deserializer, Error as _};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

/// A .NET `decimal` (money amounts, costs), kept as its text so that nothing is lost: no binary
/// floating point on the way in or out. JSON carries it as a number (`2.0`), XML as text (`2`);
/// the text given is the text sent back.
///
/// ```
/// use mspbackups::models::Decimal;
/// let cost: Decimal = "12.3400".parse()?;
/// assert_eq!(cost.as_str(), "12.3400");
/// assert_eq!(serde_json::to_string(&cost).unwrap(), "12.3400");
/// assert!("1e5".parse::<Decimal>().is_err());
/// # Ok::<(), mspbackups::models::ParseScalarError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Decimal(Box<str>);

/// A .NET `Guid` in its usual form (`8-4-4-4-12` hexadecimal digits), kept as written (case
/// included).
///
/// ```
/// use mspbackups::models::Guid;
/// let id: Guid = "0E6C5DF4-2A1B-4C3D-9E8F-00112233AABB".parse()?;
/// assert_eq!(id.to_string(), "0E6C5DF4-2A1B-4C3D-9E8F-00112233AABB");
/// assert!(id.eq_ignore_case(&"0e6c5df4-2a1b-4c3d-9e8f-00112233aabb".parse()?));
/// # Ok::<(), mspbackups::models::ParseScalarError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Guid(Box<str>);

/// Why a text is not a [`Decimal`] or a [`Guid`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseScalarError {
    /// Not a decimal number (optional sign, digits, optional fraction; no exponent).
    #[error(
        "{0:?} is not a decimal number .NET holds exactly (digits with an optional sign and fraction, no exponent, at most 28 digits after the point, at most 79228162514264337593543950335 without the point)"
    )]
    Decimal(String),
    /// Not a GUID in the `8-4-4-4-12` form.
    #[error("{0:?} is not a GUID (32 hexadecimal digits as 8-4-4-4-12)")]
    Guid(String),
}

fn shown(s: &str) -> String {
    s.chars().take(64).collect()
}

fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    all_digits(int)
        && frac.is_none_or(all_digits)
        && !(int.is_empty() && frac.is_none_or(str::is_empty))
        && fits_dotnet_decimal(int, frac.unwrap_or(""))
}

/// Whether .NET's `decimal` holds the value exactly: at most 28 digits after the point (it
/// would round more, silently), and a mantissa (the digits without the point) of at most
/// 2^96 - 1 = 79228162514264337593543950335 (beyond it, DataContractSerializer fails the whole
/// body). Checked against Mono's serializer by `tests/dcs_oracle.rs`.
fn fits_dotnet_decimal(int: &str, frac: &str) -> bool {
    const MAX_MANTISSA: &str = "79228162514264337593543950335";
    if frac.len() > 28 {
        return false;
    }
    let mut mantissa = String::with_capacity(int.len() + frac.len());
    mantissa.push_str(int);
    mantissa.push_str(frac);
    let significant = mantissa.trim_start_matches('0');
    significant.len() < MAX_MANTISSA.len()
        || (significant.len() == MAX_MANTISSA.len() && significant <= MAX_MANTISSA)
}

fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl Decimal {
    /// The text, exactly as given or received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same value as JSON's number grammar wants it: no `+`, a `0` before a leading point,
    /// no trailing point (`+.5` → `0.5`, `5.` → `5`). Other texts are kept as they are.
    fn json_text(&self) -> String {
        let (sign, rest) = match self.0.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", self.0.strip_prefix('+').unwrap_or(&self.0)),
        };
        let rest = rest.strip_suffix('.').unwrap_or(rest);
        // JSON allows no leading zero before other digits: `007.50` → `7.50`, `00` → `0`.
        let rest = rest.trim_start_matches('0');
        let zero = if rest.is_empty() || rest.starts_with('.') {
            "0"
        } else {
            ""
        };
        format!("{sign}{zero}{rest}")
    }
}

macro_rules! decimal_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Decimal {
            fn from(n: $t) -> Decimal {
                Decimal(n.to_string().into())
            }
        }
    )*};
}
decimal_from_int!(i32, i64, u32, u64);

impl Guid {
    /// The text, exactly as given or received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether both name the same GUID, whatever the case of their hexadecimal digits.
    pub fn eq_ignore_case(&self, other: &Guid) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl std::str::FromStr for Decimal {
    type Err = ParseScalarError;
    /// Surrounding whitespace is ignored; the rest is kept as written.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if is_decimal(t) {
            Ok(Decimal(t.into()))
        } else {
            Err(ParseScalarError::Decimal(shown(s)))
        }
    }
}

impl std::str::FromStr for Guid {
    type Err = ParseScalarError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if is_guid(t) {
            Ok(Guid(t.into()))
        } else {
            Err(ParseScalarError::Guid(shown(s)))
        }
    }
}

macro_rules! text_forms {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($t), self.0)
            }
        }
        impl crate::codec::XmlScalar for $t {
            const EXPECTED: &'static str = stringify!($t);
            fn write_text(
                &self,
                field: &'static str,
                w: &mut crate::xml::XmlWriter<'_>,
            ) -> Result<(), crate::error::EncodeError> {
                w.text_member(field, &self.0)
            }
            fn parse_text(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }
    )*};
}
text_forms!(Decimal, Guid);

impl Serialize for Decimal {
    /// The number itself, as its text (`12.3400`, not `"12.3400"`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RawValue::from_string(self.json_text())
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    /// A JSON number, or a string holding one, kept as written.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <&RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        let inner = match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(quoted) => quoted,
            None => text,
        };
        inner.parse().map_err(D::Error::custom)
    }
}

impl Serialize for Guid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Guid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::XmlScalar;

    #[test]
    fn decimals_keep_their_text_in_both_formats() {
        for text in ["0", "2", "2.0", "-6.10", "79228162514264337593543950335"] {
            let d: Decimal = text.parse().unwrap();
            assert_eq!(d.as_str(), text);
            assert_eq!(serde_json::to_string(&d).unwrap(), text);
            assert_eq!(serde_json::from_str::<Decimal>(text).unwrap(), d);
            assert_eq!(Decimal::parse_text(&format!(" {text}\n")), Some(d.clone()));
            let mut out = Vec::new();
            d.write_text("Cost", &mut crate::xml::XmlWriter::new(&mut out))
                .unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                format!("\n<Cost>{text}</Cost>")
            );
        }
        assert_eq!(
            serde_json::from_str::<Decimal>("\"2.50\"")
                .unwrap()
                .as_str(),
            "2.50"
        );
        // XML's decimal grammar allows forms JSON's does not: same value, JSON's spelling.
        for (xml, json) in [
            ("+1", "1"),
            (".5", "0.5"),
            ("-.5", "-0.5"),
            ("5.", "5"),
            ("007.50", "7.50"),
            ("00", "0"),
            ("-007", "-7"),
            ("000.5", "0.5"),
        ] {
            let d = Decimal::parse_text(xml).unwrap();
            assert_eq!(d.as_str(), xml);
            assert_eq!(serde_json::to_string(&d).unwrap(), json);
        }
        for bad in [
            "",
            ".",
            "-",
            "1e5",
            "1.2.3",
            "abc",
            "1,5",
            "0x10",
            "NaN",
            "[1]",
            // What .NET's decimal can't hold exactly (Mono's serializer rounds the first two
            // silently and refuses the others, nulling the whole body).
            "1.00000000000000000000000000001",
            "0.00000000000000000000000000001",
            "79228162514264337593543950336",
            "123456789012345678901234567890.5",
        ] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad}");
            assert!(serde_json::from_str::<Decimal>(bad).is_err(), "{bad}");
        }
        // The limits themselves are fine: 28 digits after the point, the largest mantissa.
        for ok in [
            "0.0000000000000000000000000001",
            "7.9228162514264337593543950335",
            "-79228162514264337593543950335",
            "00079228162514264337593543950335",
        ] {
            assert!(ok.parse::<Decimal>().is_ok(), "{ok}");
        }
        // Inside a model, a JSON list of numbers keeps each one's text.
        let list: Vec<Decimal> = serde_json::from_str("[1.10, 2, 0.000]").unwrap();
        assert_eq!(serde_json::to_string(&list).unwrap(), "[1.10,2,0.000]");
    }

    #[test]
    fn guids_keep_their_text_and_compare_without_case() {
        let a: Guid = "0E6C5DF4-2A1B-4C3D-9E8F-00112233AABB".parse().unwrap();
        let b: Guid = " 0e6c5df4-2a1b-4c3d-9e8f-00112233aabb ".parse().unwrap();
        assert_ne!(a, b);
        assert!(a.eq_ignore_case(&b));
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            "\"0E6C5DF4-2A1B-4C3D-9E8F-00112233AABB\""
        );
        assert_eq!(
            serde_json::from_str::<Guid>("\"0e6c5df4-2a1b-4c3d-9e8f-00112233aabb\"").unwrap(),
            b
        );
        for bad in [
            "",
            "0E6C5DF42A1B4C3D9E8F00112233AABB",
            "{0E6C5DF4-2A1B-4C3D-9E8F-00112233AABB}",
            "0E6C5DF4-2A1B-4C3D-9E8F-00112233AABG",
            "0E6C5DF4-2A1B-4C3D-9E8F-00112233AAB",
        ] {
            assert!(bad.parse::<Guid>().is_err(), "{bad}");
        }
        assert_eq!(Guid::parse_text("nope"), None);
    }
}
