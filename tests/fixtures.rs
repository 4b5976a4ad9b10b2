//! Models against the documented samples, without a network.

mod common;

use common::{
    ext, fixture, fixture_body, listed_licenses, sample_license, without_insignificant_whitespace,
};
use mspbackups::models::{License, LoginRequest};
use mspbackups::{Error, Format, LicenseOperation};

fn sample_op() -> LicenseOperation {
    LicenseOperation::new("sample string 1", "sample string 2")
}

#[test]
fn license_operation_encodes_to_the_grant_and_revoke_samples_byte_for_byte() {
    for format in Format::ALL {
        let body = String::from_utf8(sample_op().to_body(format).unwrap()).unwrap();
        for op in ["grant", "revoke"] {
            assert_eq!(
                body,
                fixture_body(&format!("licenses/{op}.request.{}", ext(format))),
                "{op} {format}"
            );
        }
    }
}

#[test]
fn license_operation_matches_the_release_sample_up_to_its_markdown_whitespace() {
    // See fixtures/README.md: the release page's trailing double spaces are Markdown line breaks.
    for format in Format::ALL {
        let body = String::from_utf8(sample_op().to_body(format).unwrap()).unwrap();
        let release = fixture_body(&format!("licenses/release.request.{}", ext(format)));
        assert_ne!(
            body, release,
            "the release sample is known to differ in whitespace"
        );
        assert_eq!(
            without_insignificant_whitespace(format, &body),
            without_insignificant_whitespace(format, &release),
            "{format}"
        );
        // ... and it is the very same document the grant sample shows.
        assert_eq!(
            body,
            fixture_body(&format!("licenses/grant.request.{}", ext(format)))
        );
    }
}

#[test]
fn license_operation_decodes_every_documented_sample() {
    for format in Format::ALL {
        for op in ["grant", "release", "revoke"] {
            let sample = fixture(&format!("licenses/{op}.request.{}", ext(format)));
            assert_eq!(
                LicenseOperation::from_body(format, &sample).unwrap(),
                sample_op(),
                "{op} {format}"
            );
        }
    }
}

#[test]
fn login_encodes_to_the_help_site_samples_byte_for_byte() {
    let login = LoginRequest::new("sample string 1", "sample string 2");
    for format in Format::ALL {
        let body = String::from_utf8(login.to_body(format).unwrap()).unwrap();
        assert_eq!(
            body,
            fixture_body(&format!("provider/login.request.{}", ext(format))),
            "{format}"
        );
    }
    let gitbook = LoginRequest::new("Charlie", "qwertyuiop");
    assert_eq!(
        String::from_utf8(gitbook.to_body(Format::Json).unwrap()).unwrap(),
        fixture_body("provider/login.request.gitbook.json")
    );
}

#[test]
fn the_gitbook_xml_login_sample_only_swaps_the_values() {
    let written_by_us = LoginRequest::new("Charlie", "qwertyuiop")
        .to_body(Format::Xml)
        .unwrap();
    let sample = fixture_body("provider/login.request.gitbook-swapped.xml");
    assert_ne!(String::from_utf8(written_by_us).unwrap(), sample);
    let swapped = LoginRequest::new("qwertyuiop", "Charlie")
        .to_body(Format::Xml)
        .unwrap();
    assert_eq!(String::from_utf8(swapped).unwrap(), sample);
}

#[test]
fn login_debug_hides_the_password() {
    let login = LoginRequest::new("api-user", "pw-SECRET-123");
    let shown = format!("{login:?} {login:#?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("api-user"));
}

#[test]
fn the_get_sample_decodes_to_its_values_in_both_formats() {
    for format in Format::ALL {
        let body = fixture(&format!("licenses/get.response.{}", ext(format)));
        let license = License::from_body(format, &body).unwrap();
        assert_eq!(license, sample_license(), "{format}");
        assert_eq!(
            license.date_expired.unwrap().to_string(),
            "2019-08-28T11:07:01.0922535+00:00"
        );
    }
}

#[test]
fn the_get_sample_is_what_the_license_model_writes() {
    // The help page shows the server's own serialization; writing the same values gives the same bytes,
    // which pins JSON declaration order and XML DataContract order.
    for format in Format::ALL {
        let ours = String::from_utf8(sample_license().to_body(format).unwrap()).unwrap();
        assert_eq!(
            ours,
            fixture_body(&format!("licenses/get.response.{}", ext(format))),
            "{format}"
        );
    }
}

#[test]
fn nil_and_missing_members_decode_to_none() {
    let xml = br#"<LicensesModels xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models"><ComputerName i:nil="true" /><ID>x</ID><IsTaken>false</IsTaken><IsTrial>false</IsTrial><Number>1</Number><User i:nil="true"/></LicensesModels>"#;
    let l = License::from_body(Format::Xml, xml).unwrap();
    assert_eq!(l, License::new("x", 1));
    // A member the model doesn't declare doesn't fail the decode; since issue 10 it is kept
    // (forward compatibility) rather than dropped.
    let json = br#"{"ID":"x","Number":1,"IsTrial":false,"IsTaken":false,"ComputerName":null,"Extra":"ignored"}"#;
    let l = License::from_body(Format::Json, json).unwrap();
    assert_eq!(l.extra("Extra").map(|v| v.raw()), Some("\"ignored\""));
    let mut expected = License::new("x", 1);
    expected.extras_mut().insert(
        "Extra",
        mspbackups::models::ExtraValue::Json("\"ignored\"".into()),
    );
    assert_eq!(l, expected);
}

#[test]
fn a_nil_value_type_or_bad_value_is_a_decode_error() {
    let ns = r#"xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models""#;
    for (members, expected) in [
        (
            "<ID>x</ID><IsTaken i:nil=\"true\"/><IsTrial>false</IsTrial><Number>1</Number>",
            "License.IsTaken is nil",
        ),
        (
            "<ID>x</ID><IsTaken>yes</IsTaken><IsTrial>false</IsTrial><Number>1</Number>",
            "not a valid boolean",
        ),
        (
            "<ID>x</ID><IsTaken>true</IsTaken><IsTrial>false</IsTrial><Number></Number>",
            "not a valid integer",
        ),
        (
            "<ID>x</ID><IsTaken>true</IsTaken><IsTrial>false</IsTrial>",
            "has no Number element",
        ),
        (
            "<DateExpired>2019-13-01T00:00:00</DateExpired><ID>x</ID>",
            "not a valid dateTime",
        ),
    ] {
        let xml = format!("<LicensesModels {ns}>{members}</LicensesModels>");
        let err = License::from_body(Format::Xml, xml.as_bytes()).unwrap_err();
        let source = std::error::Error::source(&err)
            .unwrap()
            .to_string()
            .replace("LicensesModels", "License");
        assert!(source.contains(expected), "{source} / {expected}");
    }
}

#[test]
fn the_constructed_lists_decode_in_both_formats() {
    for format in Format::ALL {
        let body = fixture(&format!("licenses/list.response.{}", ext(format)));
        assert_eq!(
            License::list_from_body(format, &body).unwrap(),
            listed_licenses(),
            "{format}"
        );
    }
}

#[test]
fn lists_round_trip_in_both_formats() {
    for format in Format::ALL {
        for items in [Vec::new(), listed_licenses()] {
            let body = License::list_to_body(&items, format).unwrap();
            assert_eq!(
                License::list_from_body(format, &body).unwrap(),
                items,
                "{format}"
            );
        }
    }
    let xml =
        String::from_utf8(License::list_to_body(&listed_licenses()[1..2], Format::Xml).unwrap())
            .unwrap();
    assert!(xml.starts_with("<ArrayOfLicensesModels xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models\">\n  <LicensesModels>\n    <ComputerName i:nil=\"true\" />\n    <DateExpired>2018-02-09T00:00:00</DateExpired>"), "{xml}");
    assert!(
        xml.ends_with(
            "    <UserID i:nil=\"true\" />\n  </LicensesModels>\n</ArrayOfLicensesModels>"
        ),
        "{xml}"
    );
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
