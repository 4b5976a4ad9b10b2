//! Models against the documented samples, without a network.

mod common;

use common::{ext, fixture_body};
use mspbackups::{Error, Format, LicenseOperation};

#[test]
fn license_operation_encodes_to_the_documented_samples() {
    let op = LicenseOperation::new("sample string 1", "sample string 2");
    for format in Format::ALL {
        let body = op.to_body(format).unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            fixture_body(&format!("licenses/revoke.request.{}", ext(format))),
            "{format}"
        );
    }
}

#[test]
fn license_operation_decodes_the_documented_samples() {
    for format in Format::ALL {
        let sample = fixture_body(&format!("licenses/revoke.request.{}", ext(format)));
        let op = LicenseOperation::from_body(format, sample.as_bytes()).unwrap();
        assert_eq!(
            op,
            LicenseOperation::new("sample string 1", "sample string 2")
        );
    }
}

#[test]
fn awkward_ids_round_trip_in_both_formats() {
    let ids = [
        "<script>&amp;</script>",
        "a & b < c > d",
        "\"double\" and 'single' quotes",
        "Zürich – Ελληνικά – 東京 – 🎉",
        "  leading and trailing spaces  ",
        "tab\there, newline\nthere, carriage\r\nreturn, lone\rCR",
        "]]> and <![CDATA[",
        "\u{7f}\u{85}\u{a0}\u{2028}",
    ];
    for format in Format::ALL {
        for id in ids {
            let op = LicenseOperation::new(id, format!("user {id}"));
            let body = op.to_body(format).unwrap();
            let back = LicenseOperation::from_body(format, &body).unwrap_or_else(|e| {
                panic!("{format} {id:?}: {e}\n{}", String::from_utf8_lossy(&body))
            });
            assert_eq!(back, op, "{format} {id:?}");
        }
    }
}

#[test]
fn characters_xml_cannot_carry_are_refused_with_an_encode_error() {
    let op = LicenseOperation::new("bad\u{1}id", "u");
    match op.to_body(Format::Xml) {
        Err(Error::Encode {
            format: Format::Xml,
            model: "LicenseOperation",
            source,
        }) => {
            assert_eq!(
                source.to_string(),
                "LicenseID contains U+0001, a character XML 1.0 cannot carry"
            );
        }
        other => panic!("{other:?}"),
    }
    // JSON can carry it (as \u0001).
    let json = op.to_body(Format::Json).unwrap();
    assert!(String::from_utf8(json).unwrap().contains("bad\\u0001id"));
}

#[test]
fn decoding_names_the_format_and_the_problem() {
    let wrong_ns = br#"<LicenseOperation xmlns="urn:wrong"><LicenseID>a</LicenseID><UserID>b</UserID></LicenseOperation>"#;
    match LicenseOperation::from_body(Format::Xml, wrong_ns) {
        Err(
            e @ Error::Decode {
                format: Format::Xml,
                ..
            },
        ) => {
            assert_eq!(
                e.to_string(),
                "could not decode LicenseOperation from the XML body passed to from_body"
            );
            let source = std::error::Error::source(&e).unwrap().to_string();
            assert!(source.contains("urn:wrong"), "{source}");
        }
        other => panic!("{other:?}"),
    }
    match LicenseOperation::from_body(Format::Json, br#"{"LicenseID": 5}"#) {
        Err(Error::Decode {
            format: Format::Json,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
}
