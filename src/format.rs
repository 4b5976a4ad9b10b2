//! The wire format switch and the classification of response media types.

use std::fmt;
use std::str::FromStr;

/// The body format the client sends, and asks the server to answer in.
///
/// | | [`Format::Json`] (default) | [`Format::Xml`] |
/// |---|---|---|
/// | `Content-Type` of request bodies | `application/json; charset=utf-8` | `application/xml; charset=utf-8` |
/// | `Accept` | `application/json` | `application/xml` |
/// | bodies | Json.NET style, PascalCase names, enums as integers | DataContract XML, sample order, enums as names |
///
/// `Accept` carries the chosen media type only: ASP.NET Web API breaks a tie between XML and
/// JSON in favour of JSON, so listing both would always answer JSON.
///
/// Responses are decoded by **their own** `Content-Type`, not by this setting: the login endpoint
/// and some error paths answer JSON whatever was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// JSON bodies (`application/json`).
    #[default]
    Json,
    /// DataContract XML bodies (`application/xml`).
    Xml,
}

impl Format {
    /// Both formats, JSON first.
    pub const ALL: [Format; 2] = [Format::Json, Format::Xml];

    /// The `Content-Type` header value for request bodies in this format.
    pub const fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "application/xml; charset=utf-8",
        }
    }

    /// The bare media type, as sent in `Accept`.
    pub const fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "application/xml",
        }
    }

    /// A short upper-case name (`JSON`, `XML`), as used in messages.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Xml => "XML",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error returned when a string names neither `json` nor `xml`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {0:?}: expected \"json\" or \"xml\"")]
pub struct ParseFormatError(String);

impl FromStr for Format {
    type Err = ParseFormatError;

    /// Parses `json` or `xml` (any case, surrounding whitespace ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("json") {
            Ok(Format::Json)
        } else if t.eq_ignore_ascii_case("xml") {
            Ok(Format::Xml)
        } else {
            Err(ParseFormatError(t.chars().take(32).collect()))
        }
    }
}

/// What a response's `Content-Type` says its body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyKind {
    Json,
    Xml,
    Html,
    Text,
    /// A media type the client does not read (or a missing header).
    Other,
}

impl BodyKind {
    /// Classifies a `Content-Type` header value; parameters (`charset`) are ignored.
    pub(crate) fn of(content_type: Option<&str>) -> BodyKind {
        let Some(ct) = content_type else {
            return BodyKind::Other;
        };
        let media = ct.split(';').next().unwrap_or("").trim();
        let (top, sub) = match media.split_once('/') {
            Some((t, s)) => (t.trim(), s.trim()),
            None => return BodyKind::Other,
        };
        let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        if (is(top, "application") || is(top, "text")) && is(sub, "json")
            || ends_with_ignore_case(sub, "+json")
        {
            BodyKind::Json
        } else if (is(top, "application") || is(top, "text")) && is(sub, "xml")
            || ends_with_ignore_case(sub, "+xml")
        {
            BodyKind::Xml
        } else if is(top, "text") && is(sub, "html") {
            BodyKind::Html
        } else if is(top, "text") {
            BodyKind::Text
        } else {
            BodyKind::Other
        }
    }

    /// The wire format of a body of this kind, if the client can decode it.
    pub(crate) fn format(self) -> Option<Format> {
        match self {
            BodyKind::Json => Some(Format::Json),
            BodyKind::Xml => Some(Format::Xml),
            _ => None,
        }
    }
}

fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.is_char_boundary(s.len() - suffix.len())
        && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_per_format() {
        assert_eq!(
            Format::Json.content_type(),
            "application/json; charset=utf-8"
        );
        assert_eq!(Format::Xml.content_type(), "application/xml; charset=utf-8");
        assert_eq!(Format::Json.media_type(), "application/json");
        assert_eq!(Format::Xml.media_type(), "application/xml");
        assert_eq!(Format::default(), Format::Json);
    }

    #[test]
    fn parses_names() {
        assert_eq!(" XML ".parse::<Format>(), Ok(Format::Xml));
        assert_eq!("json".parse::<Format>(), Ok(Format::Json));
        let err = "yaml".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format \"yaml\": expected \"json\" or \"xml\""
        );
    }

    #[test]
    fn classifies_content_types() {
        use BodyKind::*;
        let cases = [
            ("application/json; charset=utf-8", Json),
            ("text/json", Json),
            ("Application/JSON", Json),
            ("application/problem+json", Json),
            ("application/json;charset=UTF-8", Json),
            ("application/xml; charset=utf-8", Xml),
            ("text/xml", Xml),
            ("application/soap+xml", Xml),
            ("text/html; charset=us-ascii", Html),
            ("text/plain", Text),
            ("application/octet-stream", Other),
            ("garbage", Other),
            ("", Other),
        ];
        for (ct, kind) in cases {
            assert_eq!(BodyKind::of(Some(ct)), kind, "{ct}");
        }
        assert_eq!(BodyKind::of(None), Other);
        assert_eq!(Xml.format(), Some(Format::Xml));
        assert_eq!(Html.format(), None);
    }
}
