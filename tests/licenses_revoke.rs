//! Protocol tests for `POST /api/Licenses/Revoke`: method, path, headers and body bytes, per format.

mod common;

use common::{TOKEN, client, ext, fixture_body};
use mockito::Matcher;
use mspbackups::{DEFAULT_USER_AGENT, Format, LicenseOperation};

#[test]
fn revoke_sends_the_documented_request_in_each_format() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let expected_body = fixture_body(&format!("licenses/revoke.request.{}", ext(format)));
        let mock = server
            .mock("POST", "/api/Licenses/Revoke")
            .match_header("authorization", format!("Bearer {TOKEN}").as_str())
            .match_header("content-type", format.content_type())
            .match_header("accept", format.media_type())
            .match_header("user-agent", DEFAULT_USER_AGENT)
            .match_body(Matcher::Exact(expected_body))
            .with_status(200)
            .expect(1)
            .create();

        let client = client(&server.url(), format);
        client
            .licenses()
            .revoke(&LicenseOperation::new("sample string 1", "sample string 2"))
            .unwrap_or_else(|e| panic!("{format}: {e}"));
        mock.assert();
    }
}

#[test]
fn revoke_from_user_sends_the_same_bytes_as_revoke() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let mock = server
            .mock("POST", "/api/Licenses/Revoke")
            .match_body(Matcher::Exact(fixture_body(&format!(
                "licenses/revoke.request.{}",
                ext(format)
            ))))
            .with_status(200)
            .expect(1)
            .create();
        client(&server.url(), format)
            .licenses()
            .revoke_from_user("sample string 1", "sample string 2")
            .unwrap();
        mock.assert();
    }
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
