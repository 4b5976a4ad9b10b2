//! Protocol tests for `/api/Licenses`: method, path, query, headers and body bytes, per format.

mod common;

use common::{
    TOKEN, client, ext, fixture, fixture_body, listed_licenses, response_type, sample_license,
};
use mockito::Matcher;
use mspbackups::{Client, DEFAULT_USER_AGENT, Error, Format, LicenseOperation};

/// A license operation endpoint: its path, the documented sample it must send, and the call.
struct Operation {
    path: &'static str,
    /// The sample the body must equal byte for byte (release's own sample differs only in
    /// Markdown whitespace; see fixtures/README.md and tests/fixtures.rs).
    sample: &'static str,
    call: fn(&Client, &LicenseOperation) -> Result<(), Error>,
    call_ids: fn(&Client, &str, &str) -> Result<(), Error>,
}

const OPERATIONS: &[Operation] = &[
    Operation {
        path: "/api/Licenses/Grant",
        sample: "grant",
        call: |c, op| c.licenses().grant(op),
        call_ids: |c, l, u| c.licenses().grant_to_user(l, u),
    },
    Operation {
        path: "/api/Licenses/Release",
        sample: "grant",
        call: |c, op| c.licenses().release(op),
        call_ids: |c, l, u| c.licenses().release_from_user(l, u),
    },
    Operation {
        path: "/api/Licenses/Revoke",
        sample: "revoke",
        call: |c, op| c.licenses().revoke(op),
        call_ids: |c, l, u| c.licenses().revoke_from_user(l, u),
    },
];

#[test]
fn operations_send_the_documented_request_in_each_format() {
    for format in Format::ALL {
        for op in OPERATIONS {
            let mut server = mockito::Server::new();
            let expected = fixture_body(&format!("licenses/{}.request.{}", op.sample, ext(format)));
            let mock = server
                .mock("POST", op.path)
                .match_header("authorization", format!("Bearer {TOKEN}").as_str())
                .match_header("content-type", format.content_type())
                .match_header("accept", format.media_type())
                .match_header("user-agent", DEFAULT_USER_AGENT)
                .match_query(Matcher::Missing)
                .match_body(Matcher::Exact(expected))
                .with_status(200)
                .expect(2)
                .create();
            let c = client(&server.url(), format);
            (op.call)(
                &c,
                &LicenseOperation::new("sample string 1", "sample string 2"),
            )
            .unwrap_or_else(|e| panic!("{} {format}: {e}", op.path));
            (op.call_ids)(&c, "sample string 1", "sample string 2").unwrap();
            mock.assert();
        }
    }
}

#[test]
fn operations_report_a_failure_sent_with_status_200() {
    for op in OPERATIONS {
        let mut server = mockito::Server::new();
        let _m = server
            .mock("POST", op.path)
            .with_status(200)
            .with_header("content-type", "application/json; charset=utf-8")
            .with_body(r#""License is not granted to this user""#)
            .create();
        let err = (op.call_ids)(&client(&server.url(), Format::Json), "L", "U").unwrap_err();
        assert_eq!(
            err.api_error().unwrap().message(),
            Some("License is not granted to this user")
        );
        assert_eq!(
            err.to_string(),
            format!(
                "POST {} answered HTTP 200 OK but its body reports a failure: License is not granted to this user",
                op.path
            )
        );
    }
}

#[test]
fn list_sends_a_get_without_body_and_decodes_each_format() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let mock = server
            .mock("GET", "/api/Licenses")
            .match_header("authorization", format!("Bearer {TOKEN}").as_str())
            .match_header("accept", format.media_type())
            .match_header("content-type", Matcher::Missing)
            .match_query(Matcher::Missing)
            .match_body(Matcher::Exact(String::new()))
            .with_status(200)
            .with_header("content-type", response_type(format))
            .with_body(fixture(&format!("licenses/list.response.{}", ext(format))))
            .expect(1)
            .create();
        let licenses = client(&server.url(), format).licenses().list().unwrap();
        assert_eq!(licenses, listed_licenses(), "{format}");
        assert!(licenses[1].is_free() && !licenses[0].is_free());
        mock.assert();
    }
}

#[test]
fn list_by_availability_sends_the_query() {
    for (available, value) in [(true, "true"), (false, "false")] {
        let mut server = mockito::Server::new();
        let mock = server
            .mock("GET", "/api/Licenses")
            .match_query(Matcher::UrlEncoded("isAvailable".into(), value.into()))
            .with_status(200)
            .with_header("content-type", "application/json; charset=utf-8")
            .with_body("[]")
            .expect(1)
            .create();
        let licenses = client(&server.url(), Format::Json)
            .licenses()
            .list_by_availability(available)
            .unwrap();
        assert!(licenses.is_empty());
        mock.assert();
    }
}

#[test]
fn get_encodes_the_id_into_the_path_and_decodes_each_format() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let mock = server
            .mock("GET", "/api/Licenses/sample%20string%201")
            .match_header("accept", format.media_type())
            .with_status(200)
            .with_header("content-type", response_type(format))
            .with_body(fixture(&format!("licenses/get.response.{}", ext(format))))
            .expect(1)
            .create();
        let license = client(&server.url(), format)
            .licenses()
            .get("sample string 1")
            .unwrap();
        assert_eq!(license, Some(sample_license()), "{format}");
        mock.assert();
    }
}

#[test]
fn get_of_an_unknown_id_is_none_not_an_error() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let _m = server
            .mock("GET", "/api/Licenses/nope")
            .with_status(200)
            .with_header("content-type", response_type(format))
            .with_body(fixture(&format!(
                "licenses/get-unknown.response.{}",
                ext(format)
            )))
            .create();
        assert_eq!(
            client(&server.url(), format)
                .licenses()
                .get("nope")
                .unwrap(),
            None,
            "{format}"
        );
    }
}

#[test]
fn answers_are_read_by_their_content_type_not_by_the_format_asked_for() {
    // An XML client that gets JSON (and the reverse) still reads the answer.
    for (asked, answered) in [(Format::Xml, Format::Json), (Format::Json, Format::Xml)] {
        let mut server = mockito::Server::new();
        let _m = server
            .mock("GET", "/api/Licenses")
            .with_status(200)
            .with_header("content-type", response_type(answered))
            .with_body(fixture(&format!(
                "licenses/list.response.{}",
                ext(answered)
            )))
            .create();
        assert_eq!(
            client(&server.url(), asked).licenses().list().unwrap(),
            listed_licenses()
        );
    }
    // text/json and text/xml are the same formatters.
    for (ct, body) in [
        ("text/json", "licenses/get.response.json"),
        ("text/xml", "licenses/get.response.xml"),
    ] {
        let mut server = mockito::Server::new();
        let _m = server
            .mock("GET", "/api/Licenses/x")
            .with_status(200)
            .with_header("content-type", ct)
            .with_body(fixture(body))
            .create();
        assert_eq!(
            client(&server.url(), Format::Json)
                .licenses()
                .get("x")
                .unwrap(),
            Some(sample_license())
        );
    }
}

#[test]
fn a_body_that_is_not_the_model_is_a_decode_error_naming_the_format() {
    let mut server = mockito::Server::new();
    let _m = server
        .mock("GET", "/api/Licenses")
        .with_status(200)
        .with_header("content-type", "application/xml; charset=utf-8")
        .with_body("<ArrayOfUsersModels xmlns=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models\"/>")
        .create();
    let err = client(&server.url(), Format::Xml)
        .licenses()
        .list()
        .unwrap_err();
    match &err {
        Error::Decode {
            format: Format::Xml,
            model: "LicensesModels",
            ..
        } => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "could not decode LicensesModels from the XML body of the response to GET /api/Licenses"
    );
    let source = std::error::Error::source(&err).unwrap().to_string();
    assert!(
        source.contains("expected root element ArrayOfLicensesModels"),
        "{source}"
    );
}

#[test]
fn a_message_instead_of_a_list_is_an_api_error() {
    let mut server = mockito::Server::new();
    let _m = server
        .mock("GET", "/api/Licenses")
        .with_status(200)
        .with_header("content-type", "application/json; charset=utf-8")
        .with_body(r#"{"Message":"Provider is disabled"}"#)
        .create();
    let err = client(&server.url(), Format::Json)
        .licenses()
        .list()
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)));
    assert_eq!(
        err.api_error().unwrap().message(),
        Some("Provider is disabled")
    );
}

#[test]
fn revoke_keeps_a_base_path_prefix() {
    let mut server = mockito::Server::new();
    let mock = server
        .mock("POST", "/mbsapi/api/Licenses/Revoke")
        .with_status(200)
        .expect(1)
        .create();
    let client = client(&format!("{}/mbsapi/", server.url()), Format::Json);
    client.licenses().revoke_from_user("l", "u").unwrap();
    mock.assert();
}

#[test]
fn revoke_accepts_an_empty_204_and_a_null_body() {
    for (status, body) in [(204, ""), (200, "null")] {
        let mut server = mockito::Server::new();
        let _m = server
            .mock("POST", "/api/Licenses/Revoke")
            .with_status(status)
            .with_header("content-type", "application/json; charset=utf-8")
            .with_body(body)
            .create();
        client(&server.url(), Format::Json)
            .licenses()
            .revoke_from_user("l", "u")
            .unwrap();
    }
}

#[test]
fn special_characters_are_escaped_on_the_wire() {
    let id = "<L&1> \"q\" 'a' Zürich 東京 🎉";
    let cases = [
        (
            Format::Json,
            "{\n  \"LicenseID\": \"<L&1> \\\"q\\\" 'a' Zürich 東京 🎉\",\n  \"UserID\": \"u\"\n}",
        ),
        (
            Format::Xml,
            "<LicenseOperation xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xmlns=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models\">\n  \
             <LicenseID>&lt;L&amp;1&gt; \"q\" 'a' Zürich 東京 🎉</LicenseID>\n  <UserID>u</UserID>\n</LicenseOperation>",
        ),
    ];
    for (format, wire) in cases {
        let mut server = mockito::Server::new();
        let mock = server
            .mock("POST", "/api/Licenses/Revoke")
            .match_body(Matcher::Exact(wire.to_owned()))
            .with_status(200)
            .expect(1)
            .create();
        client(&server.url(), format)
            .licenses()
            .revoke_from_user(id, "u")
            .unwrap();
        mock.assert();
    }
}
