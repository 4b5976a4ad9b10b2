//! Models against the documented samples, without a network.

mod common;

use common::{
    docs_computers, docs_computers_to_delete, docs_new_user, docs_user_auth,
    docs_user_authenticated, docs_user_get, docs_user_list, docs_user_update, ext, fixture,
    fixture_body, help_site_computers_to_delete, listed_licenses, sample_license,
    without_insignificant_whitespace,
};
use mspbackups::models::{
    License, LoginRequest, NewUser, User, UserAuthData, UserComputer, UserUpdate,
};
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

// ------------------------------------------------------------------------------------------------
// Users: two files per sample (fixtures/README.md, "Users: the docs' copy and the pretty layout")
// ------------------------------------------------------------------------------------------------

/// Every Users sample the docs publish, by fixture stem: `<stem>.docs.<ext>` is the docs' copy
/// byte for byte, `<stem>.<ext>` the same values in the layout the SDK writes.
const USERS_SAMPLES: &[&str] = &[
    "users/list.response",
    "users/get.response",
    "users/create.request",
    "users/update.request",
    "users/authenticate.request",
    "users/authenticate.response",
    "users/computers.response",
    "users/delete_computers.request",
];

/// The comment the create sample's JSON carries after three members (`//REQUIRED`), with the
/// space before it.
const REQUIRED_COMMENT: &str = " //REQUIRED";

/// A docs' JSON sample without its `//REQUIRED` comments: the only edit needed to parse it.
fn without_required_comments(text: &str) -> String {
    text.replace(REQUIRED_COMMENT, "")
}

fn docs_fixture(stem: &str, format: Format) -> String {
    String::from_utf8(fixture(&format!("{stem}.docs.{}", ext(format)))).unwrap()
}

fn pretty_fixture(stem: &str, format: Format) -> String {
    String::from_utf8(fixture(&format!("{stem}.{}", ext(format)))).unwrap()
}

#[test]
fn users_create_json_sample_is_not_valid_json_as_published() {
    let docs = docs_fixture("users/create.request", Format::Json);
    assert!(serde_json::from_str::<serde_json::Value>(&docs).is_err());
    // Three comments, after Email, Enabled and Password; on the one line the sample was published
    // on, a `//` comment would run to the end of the document even for a parser that takes
    // comments, so they are removed before parsing.
    assert_eq!(docs.matches("//").count(), 3);
    for member in [
        r#""Email": "sample string 1", //REQUIRED"#,
        r#""Enabled": true, //REQUIRED"#,
        r#""Password": "sample string 6", //REQUIRED"#,
    ] {
        assert!(docs.contains(member), "{member}");
    }
    assert_eq!(docs.lines().count(), 1);
    serde_json::from_str::<serde_json::Value>(&without_required_comments(&docs)).unwrap();
    // No other docs sample has a comment (the XML ones have `//` in their namespace URIs only).
    for stem in USERS_SAMPLES {
        for format in Format::ALL {
            if (*stem, format) != ("users/create.request", Format::Json) {
                let docs = docs_fixture(stem, format);
                assert!(!docs.contains("//REQUIRED"), "{stem} {format}");
                if format == Format::Json {
                    serde_json::from_str::<serde_json::Value>(&docs).unwrap();
                }
            }
        }
    }
}

#[test]
fn users_docs_samples_and_pretty_fixtures_carry_the_same_data() {
    for stem in USERS_SAMPLES {
        for format in Format::ALL {
            let docs = docs_fixture(stem, format);
            let pretty = pretty_fixture(stem, format);
            match format {
                // Structurally: the same JSON value. `serde_json::Value` ignores member order, so
                // the order of names and string values is compared too.
                Format::Json => {
                    let a: serde_json::Value =
                        serde_json::from_str(&without_required_comments(&docs)).unwrap();
                    let b: serde_json::Value = serde_json::from_str(&pretty).unwrap();
                    assert_eq!(a, b, "{stem} {format}");
                    assert_eq!(
                        keys_in_order(&without_required_comments(&docs)),
                        keys_in_order(&pretty),
                        "{stem} {format}: member order"
                    );
                }
                // Whitespace between elements removed (the samples have no mixed content).
                Format::Xml => assert_eq!(
                    without_insignificant_whitespace(format, &docs),
                    without_insignificant_whitespace(format, &pretty),
                    "{stem} {format}"
                ),
            }
        }
    }
}

/// The JSON member names and string values in document order (serde_json's `Value` sorts keys).
fn keys_in_order(json: &str) -> Vec<String> {
    json.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn users_docs_samples_are_the_pretty_layout_with_its_line_feeds_deleted() {
    // Stronger than the comparison above: the published sample is the pretty layout, indentation
    // and all, with each LF deleted (then one final LF), except for two samples checked exactly.
    for stem in USERS_SAMPLES {
        for format in Format::ALL {
            let docs = without_required_comments(&docs_fixture(stem, format));
            let pretty = pretty_fixture(stem, format);
            let collapsed = format!("{}\n", pretty.replace('\n', ""));
            match (*stem, format) {
                // Published with its line breaks: byte-identical to the pretty layout.
                ("users/list.response", Format::Json) => assert_eq!(docs, pretty),
                // One stray space after the first destination's ID (`"detinationID",` + 7 spaces
                // where the layout has 6).
                ("users/get.response", Format::Json) => {
                    assert_ne!(docs, collapsed);
                    let fixed = docs.replacen(
                        r#""ID": "detinationID",       "CurrentVolume""#,
                        r#""ID": "detinationID",      "CurrentVolume""#,
                        1,
                    );
                    assert_eq!(fixed, collapsed);
                }
                _ => assert_eq!(docs, collapsed, "{stem} {format}"),
            }
            assert!(pretty.ends_with("\n") && !pretty.ends_with("\n\n"));
        }
    }
}

#[test]
fn users_request_models_encode_to_the_pretty_fixtures_byte_for_byte() {
    for format in Format::ALL {
        let bodies = [
            ("users/create.request", docs_new_user().to_body(format)),
            ("users/update.request", docs_user_update().to_body(format)),
            (
                "users/authenticate.request",
                docs_user_auth().to_body(format),
            ),
            (
                "users/delete_computers.request",
                UserComputer::list_to_body(&docs_computers_to_delete(format), format),
            ),
            (
                "users/delete_computers.request.help-site",
                UserComputer::list_to_body(&help_site_computers_to_delete(), format),
            ),
        ];
        for (stem, body) in bodies {
            let body = String::from_utf8(body.unwrap()).unwrap();
            assert_eq!(
                body,
                fixture_body(&format!("{stem}.{}", ext(format))),
                "{stem} {format}"
            );
        }
    }
}

#[test]
fn users_request_fixtures_decode_to_the_sample_values() {
    for format in Format::ALL {
        for file in ["docs.", ""] {
            let read = |stem: &str| {
                let text = String::from_utf8(fixture(&format!("{stem}.{file}{}", ext(format))));
                without_required_comments(&text.unwrap()).into_bytes()
            };
            let what = format!("{format} {file}");
            assert_eq!(
                NewUser::from_body(format, &read("users/create.request")).unwrap(),
                docs_new_user(),
                "{what}"
            );
            assert_eq!(
                UserUpdate::from_body(format, &read("users/update.request")).unwrap(),
                docs_user_update(),
                "{what}"
            );
            assert_eq!(
                UserAuthData::from_body(format, &read("users/authenticate.request")).unwrap(),
                docs_user_auth(),
                "{what}"
            );
            assert_eq!(
                UserComputer::list_from_body(format, &read("users/delete_computers.request"))
                    .unwrap(),
                docs_computers_to_delete(format),
                "{what}"
            );
        }
    }
}

#[test]
fn users_response_samples_decode_to_their_values_and_re_encode_to_the_pretty_fixtures() {
    for format in Format::ALL {
        for file in ["docs.", ""] {
            let read = |stem: &str| fixture(&format!("{stem}.{file}{}", ext(format)));
            let what = format!("{format} {file}");
            let list = User::list_from_body(format, &read("users/list.response")).unwrap();
            assert_eq!(list, docs_user_list(format), "{what}");
            let got = User::from_body(format, &read("users/get.response")).unwrap();
            assert_eq!(got, docs_user_get(format), "{what}");
            let auth = User::from_body(format, &read("users/authenticate.response")).unwrap();
            assert_eq!(auth, docs_user_authenticated(), "{what}");
            let computers =
                UserComputer::list_from_body(format, &read("users/computers.response")).unwrap();
            assert_eq!(computers, docs_computers(format), "{what}");
            for value in [&list[0], &got, &auth] {
                assert!(value.extras().is_empty(), "{what}: {:?}", value.extras());
            }
        }
        let bodies = [
            (
                "users/list.response",
                User::list_to_body(&docs_user_list(format), format),
            ),
            ("users/get.response", docs_user_get(format).to_body(format)),
            (
                "users/authenticate.response",
                docs_user_authenticated().to_body(format),
            ),
            (
                "users/computers.response",
                UserComputer::list_to_body(&docs_computers(format), format),
            ),
        ];
        for (stem, body) in bodies {
            assert_eq!(
                String::from_utf8(body.unwrap()).unwrap(),
                fixture_body(&format!("{stem}.{}", ext(format))),
                "{stem} {format}"
            );
        }
    }
}

#[test]
fn the_help_site_delete_computers_sample_is_byte_identical_to_the_sdk_output() {
    // The help site kept the line breaks the GitBook copy lost: its sample is the SDK's layout.
    for format in Format::ALL {
        let ours = UserComputer::list_to_body(&help_site_computers_to_delete(), format).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            fixture_body(&format!(
                "users/delete_computers.request.help-site.{}",
                ext(format)
            ))
        );
    }
}
