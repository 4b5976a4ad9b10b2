//! Behaviour of the Administrators handler against a mock server, in JSON and XML: the docs'
//! samples through the handler, the nested permissions with the API's spellings, get answering
//! one object, a one-element list or `null`, create's ID and message answers, the update sent as
//! JSON under an XML client, passwords kept out of everything shown, and unknown members kept.

mod common;

use common::{
    DOCS_NEW_ADMIN_ID, administrator, answer_fixture, assert_invalid_input, client,
    doc_example_administrator, docs_administrator_update, docs_administrators,
    docs_new_administrator, echo_400, error_texts, expect_body, ext, fixture, fixture_body,
    inspected_client, message_in_a_200, null_body, offline_client, response_type, serve_200,
    string_body, xml_root,
};
use mockito::Matcher;
use mspbackups::Format;
use mspbackups::models::{
    Administrator, AdministratorUpdate, NewAdministrator, PermissionMode, Permissions, UnknownValue,
};

#[test]
fn the_docs_samples_go_through_the_handler_in_both_formats() {
    for format in Format::ALL {
        let e = ext(format);
        let mut server = mockito::Server::new();
        let list = answer_fixture(
            &mut server,
            "GET",
            "/api/Administrators",
            format,
            "administrators/list.response.docs",
        );
        let create = expect_body(
            &mut server,
            "POST",
            "/api/Administrators",
            format,
            fixture_body(&format!("administrators/create.request.{e}")),
        )
        .with_header("content-type", response_type(format))
        .with_body(fixture(&format!("administrators/create.response.{e}")))
        .create();
        let delete = server
            .mock(
                "DELETE",
                "/api/Administrators/773eb9de-7aac-4177-a5a5-ebcee77ee97e",
            )
            .with_status(200)
            .expect(1)
            .create();
        let c = client(&server.url(), format);
        let admins = c.administrators();
        let got = admins.list().unwrap();
        assert_eq!(got, docs_administrators(format), "{format}");
        assert_eq!(
            admins.create(&docs_new_administrator(format)).unwrap(),
            DOCS_NEW_ADMIN_ID
        );
        admins
            .delete("773eb9de-7aac-4177-a5a5-ebcee77ee97e")
            .unwrap();
        for m in [list, create, delete] {
            m.assert();
        }
    }
}

#[test]
fn permissions_are_nested_with_the_api_spellings() {
    let contract = Permissions::CONTRACT;
    assert_eq!(contract.name, "PermissionsModels");
    assert_eq!(contract.members.len(), 22);
    for name in ["Monitiring", "RemoteManagment"] {
        assert!(contract.member(name).is_some(), "{name}");
    }
    assert!(contract.member("Monitoring").is_none());
    for format in Format::ALL {
        let body = fixture(&format!("administrators/get.response.{}", ext(format)));
        let admin = Administrator::list_from_body(format, &body)
            .unwrap()
            .remove(0);
        let p = admin.permissions.as_ref().unwrap();
        assert_eq!(
            (
                &p.users,
                &p.storage_limit,
                &p.monitiring,
                &p.remote_managment
            ),
            (
                &PermissionMode::Access,
                &PermissionMode::None,
                &PermissionMode::None,
                &PermissionMode::None
            )
        );
        assert_eq!(
            (&p.storage_usage, &p.capacity_report, &p.dashboard),
            (
                &PermissionMode::Access,
                &PermissionMode::Access,
                &PermissionMode::None
            )
        );
        // Nested in the body the SDK writes: an object in JSON, an element in XML, in the
        // administrator's namespace, members in DataContract order.
        let mut new = NewAdministrator::new("ops", "pw", admin.permissions.clone().unwrap());
        new.companies = Some(Vec::new());
        let sent = String::from_utf8(new.to_body(format).unwrap()).unwrap();
        match format {
            Format::Json => assert!(
                sent.contains("\"PermissionsModels\": {\n    \"Users\": 1,\n    \"StorageLimit\": 0,"),
                "{sent}"
            ),
            Format::Xml => assert!(
                sent.contains("<PermissionsModels>\n    <ADS>None</ADS>\n    <Administrators>None</Administrators>\n"),
                "{sent}"
            ),
        }
    }
    // Permissions a newer server adds (the PowerShell module knows `Downloads`, …) are kept, and
    // an unknown mode decodes into `Unknown`.
    let mut json: serde_json::Value =
        serde_json::from_slice(&fixture("administrators/get.response.json")).unwrap();
    json[0]["PermissionsModels"]["Downloads"] = 1.into();
    json[0]["PermissionsModels"]["Billing"] = 2.into();
    let admin = Administrator::list_from_body(Format::Json, json.to_string().as_bytes())
        .unwrap()
        .remove(0);
    let p = admin.permissions.unwrap();
    assert_eq!(p.extra("Downloads").map(|v| v.raw()), Some("1"));
    assert_eq!(p.billing, PermissionMode::Unknown(UnknownValue::Number(2)));
}

#[test]
fn get_reads_one_object_a_one_element_list_or_null() {
    let expected = doc_example_administrator();
    for format in Format::ALL {
        let e = ext(format);
        let list = String::from_utf8(fixture(&format!("administrators/get.response.{e}"))).unwrap();
        let one = String::from_utf8(Administrator::to_body(&expected, format).unwrap()).unwrap();
        // An empty list, as the SDK (and DataContractSerializer) writes it: `[]`, a self-closed root.
        let empty = String::from_utf8(Administrator::list_to_body(&[], format).unwrap()).unwrap();
        for (body, want) in [
            (list, Some(expected.clone())),
            (one, Some(expected.clone())),
            (null_body(format, "AdministratorsModels"), None),
            (empty, None),
        ] {
            let (server, m) = serve_200("GET", "/api/Administrators/A1", format, body.clone());
            let got = client(&server.url(), format)
                .administrators()
                .get("A1")
                .unwrap_or_else(|e| panic!("{format}: {e}\n{body}"));
            assert_eq!(got, want, "{format}: {body}");
            m.assert();
        }
    }
}

#[test]
fn update_is_sent_as_json_under_an_xml_client() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let m = server
            .mock("PUT", "/api/Administrators")
            .match_header("content-type", Format::Json.content_type())
            .match_header("accept", Format::Json.media_type())
            .match_body(Matcher::Exact(fixture_body(
                "administrators/update.request.json",
            )))
            .with_status(200)
            .expect(1)
            .create();
        client(&server.url(), format)
            .administrators()
            .update(&docs_administrator_update())
            .unwrap();
        m.assert();
    }
    // Members left `None` are not sent.
    let body = AdministratorUpdate::new("A1", false)
        .to_body(Format::Json)
        .unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "{\n  \"AdminID\": \"A1\",\n  \"Enabled\": false\n}"
    );
}

#[test]
fn create_answers_the_id_or_a_message_error() {
    for format in Format::ALL {
        let (server, m) = serve_200(
            "POST",
            "/api/Administrators",
            format,
            string_body(format, "0c7a3f1e-2b4d-4e5f-8a9b-1c2d3e4f5a6b"),
        );
        let id = client(&server.url(), format)
            .administrators()
            .create(&docs_new_administrator(format))
            .unwrap();
        assert_eq!(id, "0c7a3f1e-2b4d-4e5f-8a9b-1c2d3e4f5a6b");
        m.assert();

        message_in_a_200(
            "POST",
            "/api/Administrators",
            format,
            "Administrator with this email already exists",
            |c| c.administrators().create(&docs_new_administrator(format)),
        );
    }
}

const ADMIN_PASSWORD: &str = "admin-pw-SECRET-31f7";

#[test]
fn passwords_never_show_in_debug_inspectors_or_errors() {
    let new = NewAdministrator::new(
        "ops@example.com",
        ADMIN_PASSWORD,
        Permissions::all(PermissionMode::Access),
    );
    let mut update = AdministratorUpdate::new("A1", true);
    update.password = Some(ADMIN_PASSWORD.into());
    for shown in [
        format!("{new:?} {new:#?}"),
        format!("{update:?} {update:#?}"),
    ] {
        assert!(!shown.contains(ADMIN_PASSWORD), "{shown}");
    }
    assert!(format!("{new:?}").contains("ops@example.com"));

    for format in Format::ALL {
        // A server that echoes the request body back in a 400, as a validation failure may.
        let mut server = mockito::Server::new();
        let post = echo_400(&mut server, "POST", response_type(format))
            .expect(1)
            .create();
        // The update is JSON whatever the format: so is its echo.
        let put = echo_400(&mut server, "PUT", response_type(Format::Json))
            .expect(1)
            .create();
        let (c, seen) = inspected_client(&server.url(), format);
        let errors = [
            c.administrators().create(&new).unwrap_err(),
            c.administrators().update(&update).unwrap_err(),
        ];
        for err in &errors {
            assert_eq!(err.status(), Some(400), "{err:?}");
            for text in error_texts(err) {
                assert!(!text.contains(ADMIN_PASSWORD), "{format}: {text}");
            }
        }
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2 * 5);
        for text in seen.iter() {
            assert!(!text.contains(ADMIN_PASSWORD), "{format}: {text}");
        }
        let initial = match format {
            Format::Json => r#""InitialPassword": "<redacted>""#,
            Format::Xml => "<InitialPassword>&lt;redacted&gt;</InitialPassword>",
        };
        assert!(seen.iter().any(|t| t.contains(initial)), "{seen:?}");
        assert!(
            seen.iter()
                .any(|t| t.contains(r#""Password": "<redacted>""#)),
            "{seen:?}"
        );
        post.assert();
        put.assert();
    }
}

#[test]
fn the_real_password_is_what_goes_on_the_wire() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let m = server
            .mock("POST", "/api/Administrators")
            .match_body(Matcher::Regex(ADMIN_PASSWORD.replace('-', "\\-")))
            .with_status(200)
            .with_header("content-type", response_type(format))
            .with_body(string_body(format, "A1"))
            .expect(1)
            .create();
        let new = NewAdministrator::new(
            "ops",
            ADMIN_PASSWORD,
            Permissions::all(PermissionMode::None),
        );
        assert_eq!(
            client(&server.url(), format)
                .administrators()
                .create(&new)
                .unwrap(),
            "A1"
        );
        m.assert();
    }
}

#[test]
fn blank_required_members_are_refused_before_any_io() {
    for format in Format::ALL {
        let (c, exchanges) = offline_client(format);
        let perms = || Permissions::all(PermissionMode::None);
        for (field, result) in [
            (
                "Email",
                c.administrators()
                    .create(&NewAdministrator::new(" ", "pw", perms()))
                    .map(drop),
            ),
            (
                "InitialPassword",
                c.administrators()
                    .create(&NewAdministrator::new("ops", "", perms()))
                    .map(drop),
            ),
            (
                "AdminID",
                c.administrators()
                    .update(&AdministratorUpdate::new("\t", true)),
            ),
            ("id", c.administrators().delete("").map(drop)),
        ] {
            assert_invalid_input(result, field);
        }
        assert_eq!(*exchanges.lock().unwrap(), 0);
    }
}

#[test]
fn unknown_members_are_kept() {
    // The PowerShell module reads `AccessToCompaniesMode` and `AccountType`, which the docs
    // don't list.
    let json = br#"[{"AdminID":"A1","Email":"e","Enabled":true,"AccessToCompaniesMode":1,"AccountType":2}]"#;
    let xml = format!(
        "{}<AdministratorsModels><AccessToCompaniesMode>AllCompanies</AccessToCompaniesMode><AccountType>ExternalAccount</AccountType><AdminID>A1</AdminID><Email>e</Email><Enabled>true</Enabled></AdministratorsModels></ArrayOfAdministratorsModels>",
        xml_root("ArrayOfAdministratorsModels")
    );
    for (format, body, mode) in [
        (Format::Json, json.to_vec(), "1"),
        (Format::Xml, xml.into_bytes(), "AllCompanies"),
    ] {
        let (server, m) = serve_200("GET", "/api/Administrators", format, body);
        let got = client(&server.url(), format)
            .administrators()
            .list()
            .unwrap()
            .remove(0);
        assert_eq!(
            got.extra("AccessToCompaniesMode").map(|v| v.raw()),
            Some(mode)
        );
        assert!(got.extra("AccountType").is_some());
        let mut expected = administrator("A1", "e");
        *expected.extras_mut() = got.extras().clone();
        assert_eq!(got, expected);
        m.assert();
    }
}
