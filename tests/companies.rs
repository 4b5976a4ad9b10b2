//! Behaviour of the Companies handler against a mock server, in JSON and XML: the docs' samples
//! through the handler, create's three answers (an ID, nothing, a message), update and delete,
//! the older and newer `CompanyModel`, the members added later left out when `None`, the license
//! enum lists in their own XML namespace, and unknown values and members kept.

mod common;

use common::{
    answer_200, answer_fixture, api_help_companies, assert_invalid_input, client, company,
    company_destination, expect_api, expect_body, ext, fixture, help_site_companies,
    help_site_company_get, help_site_company_update, help_site_new_company, message_in_a_200,
    null_body, offline_client, response_type, serve_200, string_body, xml_root,
};
use mockito::Matcher;
use mspbackups::contract::Kind;
use mspbackups::models::{Company, LicensingMode, MbsLicenseType, NewCompany, UnknownValue};
use mspbackups::{Error, Format};

const LICENSE_ENUMS_NS: &str =
    "http://schemas.datacontract.org/2004/07/MSP360.MBS.Common.Types.License.Enums";

fn text(bytes: Result<Vec<u8>, Error>) -> String {
    String::from_utf8(bytes.unwrap()).unwrap()
}

#[test]
fn the_docs_samples_go_through_the_handler_in_both_formats() {
    for format in Format::ALL {
        let e = ext(format);
        let mut server = mockito::Server::new();
        let list = answer_fixture(
            &mut server,
            "GET",
            "/api/Companies",
            format,
            "companies/list.response.help-site",
        );
        let get = answer_fixture(
            &mut server,
            "GET",
            "/api/Companies/fb863472-9558-4c51-8e95-fde9f5a09b0a",
            format,
            "companies/get.response.help-site",
        );
        // The bodies sent are the help site's samples.
        let sent = |stem: &str| common::fixture_body(&format!("companies/{stem}.request.{e}"));
        let create = expect_body(
            &mut server,
            "POST",
            "/api/Companies",
            format,
            sent("create"),
        )
        .create();
        let update =
            expect_body(&mut server, "PUT", "/api/Companies", format, sent("update")).create();
        let delete = server
            .mock(
                "DELETE",
                "/api/Companies/fb863472-9558-4c51-8e95-fde9f5a09b0a",
            )
            .match_body(Matcher::Exact(String::new()))
            .with_status(200)
            .expect(1)
            .create();
        let c = client(&server.url(), format);
        let companies = c.companies();
        assert_eq!(companies.list().unwrap(), help_site_companies(), "{format}");
        assert_eq!(
            companies
                .get("fb863472-9558-4c51-8e95-fde9f5a09b0a")
                .unwrap(),
            Some(help_site_company_get(format))
        );
        assert_eq!(
            companies.create(&help_site_new_company(format)).unwrap(),
            None,
            "an empty answer"
        );
        companies.update(&help_site_company_update(format)).unwrap();
        companies
            .delete("fb863472-9558-4c51-8e95-fde9f5a09b0a")
            .unwrap();
        for m in [list, get, create, update, delete] {
            m.assert();
        }
    }
}

#[test]
fn create_answers_some_id_none_or_a_message_error() {
    for format in Format::ALL {
        let id = "5f1c2b7e-0d4a-4c1e-9a51-3f6d2e8b7c90";
        let (server, m) = serve_200("POST", "/api/Companies", format, string_body(format, id));
        let c = client(&server.url(), format);
        assert_eq!(
            c.companies().create(&NewCompany::new("Acme", -1)).unwrap(),
            Some(id.to_owned()),
            "{format}"
        );
        m.assert();

        let mut server = mockito::Server::new();
        let m = server
            .mock("POST", "/api/Companies")
            .with_status(200)
            .expect(1)
            .create();
        let c = client(&server.url(), format);
        assert_eq!(
            c.companies().create(&NewCompany::new("Acme", -1)).unwrap(),
            None
        );
        m.assert();

        let err = message_in_a_200(
            "POST",
            "/api/Companies",
            format,
            "Company with the same name already exists",
            |c| c.companies().create(&NewCompany::new("Acme", -1)),
        );
        assert_eq!(expect_api(&err, format).endpoint(), "POST /api/Companies");
    }
}

#[test]
fn update_and_delete_report_a_message_or_a_failure() {
    for format in Format::ALL {
        message_in_a_200("PUT", "/api/Companies", format, "Company not found", |c| {
            c.companies().update(&help_site_company_update(format))
        });

        let mut server = mockito::Server::new();
        let (content_type, body) = match format {
            Format::Json => (response_type(format), r#"{"Message":"Company not found"}"#),
            Format::Xml => (
                response_type(format),
                "<Error><Message>Company not found</Message></Error>",
            ),
        };
        let m = server
            .mock("DELETE", "/api/Companies/C1")
            .with_status(400)
            .with_header("content-type", content_type)
            .with_body(body)
            .expect(1)
            .create();
        let err = client(&server.url(), format)
            .companies()
            .delete("C1")
            .unwrap_err();
        assert_eq!(err.status(), Some(400));
        assert_eq!(
            err.api_error().and_then(|a| a.message()),
            Some("Company not found")
        );
        m.assert();
    }
}

#[test]
fn get_of_an_unknown_company_answered_null_is_none() {
    for format in Format::ALL {
        let (server, m) = serve_200(
            "GET",
            "/api/Companies/nobody",
            format,
            null_body(format, "CompanyModel"),
        );
        assert_eq!(
            client(&server.url(), format)
                .companies()
                .get("nobody")
                .unwrap(),
            None
        );
        m.assert();
    }
}

/// A company of a newer server (2025: destinations with `PlanId`, default and allowed licenses),
/// as each format carries it.
fn newer_company_body(format: Format) -> String {
    match format {
        Format::Json => r#"{"Id":"7c31129a-2095-4e5f-bd2f-0ecb631f3a88","Name":"sample string 2","StorageLimit":1,"LicenseSettings":0,"Destinations":[{"DestinationId":"12344ce7-3e27-404e-9af6-a2211f1843d6","PlanId":1},{"DestinationId":"12344ce7-3e27-404e-9af6-a2211f1843d6","PlanId":1}],"DefaultLicense":0,"AllowedLicenses":[0,0]}"#.to_owned(),
        Format::Xml => format!(
            r#"{}<AllowedLicenses xmlns:d2p1="{LICENSE_ENUMS_NS}"><d2p1:MBSLicenseType>Desktop</d2p1:MBSLicenseType><d2p1:MBSLicenseType>Desktop</d2p1:MBSLicenseType></AllowedLicenses><DefaultLicense>Desktop</DefaultLicense><Destinations><CompanyDestinationModel><DestinationId>12344ce7-3e27-404e-9af6-a2211f1843d6</DestinationId><PlanId>1</PlanId></CompanyDestinationModel><CompanyDestinationModel><DestinationId>12344ce7-3e27-404e-9af6-a2211f1843d6</DestinationId><PlanId>1</PlanId></CompanyDestinationModel></Destinations><LicenseSettings>CustomUsersSettings</LicenseSettings><Name>sample string 2</Name><StorageLimit>1</StorageLimit><Id>7c31129a-2095-4e5f-bd2f-0ecb631f3a88</Id></CompanyModel>"#,
            xml_root("CompanyModel")
        ),
    }
}

#[test]
fn older_and_newer_company_models_decode_through_the_handler() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        // Older: the help site's XML and list samples have none of the members added later.
        let older = answer_fixture(
            &mut server,
            "GET",
            "/api/Companies",
            format,
            "companies/list.response.help-site",
        );
        let newer = answer_200(
            &mut server,
            "GET",
            "/api/Companies/7c31129a-2095-4e5f-bd2f-0ecb631f3a88",
            format,
            newer_company_body(format),
        );
        let c = client(&server.url(), format);
        let listed = c.companies().list().unwrap();
        for company in &listed {
            assert_eq!(
                (
                    &company.destinations,
                    &company.default_license,
                    &company.allowed_licenses
                ),
                (&None, &None, &None),
                "{format}"
            );
        }
        let got = c
            .companies()
            .get("7c31129a-2095-4e5f-bd2f-0ecb631f3a88")
            .unwrap();
        assert_eq!(got.as_ref(), Some(&api_help_companies()[0]), "{format}");
        older.assert();
        newer.assert();
    }
    // The server's own (api-help) list, newer members and all, through the handler.
    let (server, m) = serve_200(
        "GET",
        "/api/Companies",
        Format::Json,
        fixture("companies/list.response.api-help.json"),
    );
    assert_eq!(
        client(&server.url(), Format::Json)
            .companies()
            .list()
            .unwrap(),
        api_help_companies()
    );
    m.assert();
}

#[test]
fn members_added_later_are_left_out_when_none_and_written_when_some() {
    for member in ["Destinations", "DefaultLicense", "AllowedLicenses"] {
        for contract in [Company::CONTRACT, NewCompany::CONTRACT] {
            assert!(
                contract.member(member).unwrap().omit_null,
                "{} {member}",
                contract.name
            );
        }
    }
    for format in Format::ALL {
        let plain = NewCompany::new("Acme", -1);
        let body = text(plain.to_body(format));
        for member in [
            "Destinations",
            "DefaultLicense",
            "AllowedLicenses",
            "PlanId",
        ] {
            assert!(!body.contains(member), "{format}: {body}");
        }
        assert!(body.contains("Acme") && body.contains("-1"), "{body}");
        let company = company("fb863472-9558-4c51-8e95-fde9f5a09b0a", "Acme", 5);
        let body = text(company.to_body(format));
        assert!(
            !body.contains("Destinations") && !body.contains("License\""),
            "{body}"
        );

        let mut full = NewCompany::new("Acme", -1);
        full.destinations = Some(vec![company_destination(
            "12344ce7-3e27-404e-9af6-a2211f1843d6",
            None,
        )]);
        full.default_license = Some(MbsLicenseType::Desktop);
        full.allowed_licenses = Some(Vec::new());
        let body = text(full.to_body(format));
        for member in ["Destinations", "DefaultLicense", "AllowedLicenses"] {
            assert!(body.contains(member), "{format}: {member} in {body}");
        }
        // A destination's `PlanId` is left out when `None` too.
        assert!(!body.contains("PlanId"), "{body}");
        assert_eq!(
            NewCompany::from_body(format, body.as_bytes()).unwrap(),
            full
        );
    }
    // The nil a server could send for one of them reads as `None`, like a missing member.
    let xml = format!(
        r#"{}<AllowedLicenses i:nil="true" /><DefaultLicense i:nil="true" /><Destinations i:nil="true" /><LicenseSettings>GlobalLicensesPool</LicenseSettings><Name>n</Name><StorageLimit>-1</StorageLimit><Id>fb863472-9558-4c51-8e95-fde9f5a09b0a</Id></CompanyModel>"#,
        xml_root("CompanyModel")
    );
    let c = Company::from_body(Format::Xml, xml.as_bytes()).unwrap();
    assert_eq!(
        (c.destinations, c.default_license, c.allowed_licenses),
        (None, None, None)
    );
    assert_eq!(c.license_settings, LicensingMode::GlobalLicensesPool);
    let json = br#"{"Id":"fb863472-9558-4c51-8e95-fde9f5a09b0a","Name":"n","StorageLimit":-1,"LicenseSettings":2,"Destinations":null,"DefaultLicense":null,"AllowedLicenses":null}"#;
    let c = Company::from_body(Format::Json, json).unwrap();
    assert_eq!(c.license_settings, LicensingMode::CompanyLicensesPool);
    assert_eq!(c.allowed_licenses, None);
}

#[test]
fn allowed_licenses_are_mbs_license_type_items_in_the_license_enums_namespace() {
    // The server's help page (2025) shows, for create:
    // `<AllowedLicenses xmlns:d2p1="…License.Enums"><d2p1:MBSLicenseType>Desktop</d2p1:MBSLicenseType>…`
    // and, one level deeper in a CompanyModel list, the `d3p1` prefix.
    let mut n = NewCompany::new("sample string 1", 1);
    n.default_license = Some(MbsLicenseType::Desktop);
    n.allowed_licenses = Some(vec![MbsLicenseType::Desktop; 2]);
    let xml = text(n.to_body(Format::Xml));
    let expected = format!(
        "  <AllowedLicenses xmlns:d2p1=\"{LICENSE_ENUMS_NS}\">\n    <d2p1:MBSLicenseType>Desktop</d2p1:MBSLicenseType>\n    <d2p1:MBSLicenseType>Desktop</d2p1:MBSLicenseType>\n  </AllowedLicenses>\n  <DefaultLicense>Desktop</DefaultLicense>\n"
    );
    assert!(xml.contains(&expected), "{xml}");
    let list = text(Company::list_to_body(&api_help_companies(), Format::Xml));
    assert!(
        list.contains(&format!(
            "<AllowedLicenses xmlns:d3p1=\"{LICENSE_ENUMS_NS}\">\n      <d3p1:MBSLicenseType>Desktop</d3p1:MBSLicenseType>"
        )),
        "{list}"
    );
    // JSON: numbers.
    let json = text(n.to_body(Format::Json));
    assert!(
        json.contains("\"DefaultLicense\": 0,\n  \"AllowedLicenses\": [\n    0,\n    0\n  ]"),
        "{json}"
    );
    // The enum's contract says so too.
    let member = NewCompany::CONTRACT.member("AllowedLicenses").unwrap();
    let Kind::List(item) = member.kind else {
        panic!("{:?}", member.kind)
    };
    assert_eq!(item.item_name(), "MBSLicenseType");
    assert_eq!(item.item_namespace(), LICENSE_ENUMS_NS);
    assert_eq!(member.kind.child_namespace(), Some(LICENSE_ENUMS_NS));
    // Items under any prefix, or none, read the same.
    let body = format!(
        r#"{}<AllowedLicenses xmlns:x="{LICENSE_ENUMS_NS}"><x:MBSLicenseType>Desktop</x:MBSLicenseType></AllowedLicenses><LicenseSettings>CustomUsersSettings</LicenseSettings><Name>n</Name><StorageLimit>1</StorageLimit></CompanyCreateModel>"#,
        xml_root("CompanyCreateModel")
    );
    let got = NewCompany::from_body(Format::Xml, body.as_bytes()).unwrap();
    assert_eq!(got.allowed_licenses, Some(vec![MbsLicenseType::Desktop]));
}

#[test]
fn unknown_enum_values_and_members_are_kept() {
    // The docs name only `Desktop`; a newer server's other license types, licensing modes and
    // members decode rather than fail.
    let bodies = [
        (
            Format::Json,
            r#"{"Id":"fb863472-9558-4c51-8e95-fde9f5a09b0a","Name":"n","StorageLimit":1,"LicenseSettings":7,"Destinations":[{"DestinationId":"12344ce7-3e27-404e-9af6-a2211f1843d6","PlanId":1,"Region":"eu"}],"DefaultLicense":3,"AllowedLicenses":[0,3],"Tier":"gold"}"#.to_owned(),
        ),
        (
            Format::Xml,
            format!(
                r#"{}<AllowedLicenses xmlns:d2p1="{LICENSE_ENUMS_NS}"><d2p1:MBSLicenseType>Desktop</d2p1:MBSLicenseType><d2p1:MBSLicenseType>Server</d2p1:MBSLicenseType></AllowedLicenses><DefaultLicense>Server</DefaultLicense><Destinations><CompanyDestinationModel><DestinationId>12344ce7-3e27-404e-9af6-a2211f1843d6</DestinationId><PlanId>1</PlanId><Region>eu</Region></CompanyDestinationModel></Destinations><LicenseSettings>SomeNewPool</LicenseSettings><Name>n</Name><StorageLimit>1</StorageLimit><Tier>gold</Tier><Id>fb863472-9558-4c51-8e95-fde9f5a09b0a</Id></CompanyModel>"#,
                xml_root("CompanyModel")
            ),
        ),
    ];
    for (format, body) in bodies {
        let (server, m) = serve_200("GET", "/api/Companies/C1", format, body);
        let c = client(&server.url(), format)
            .companies()
            .get("C1")
            .unwrap()
            .unwrap();
        let (unknown_license, unknown_mode) = match format {
            Format::Json => (UnknownValue::Number(3), UnknownValue::Number(7)),
            Format::Xml => (
                UnknownValue::Name("Server".into()),
                UnknownValue::Name("SomeNewPool".into()),
            ),
        };
        assert_eq!(
            c.default_license,
            Some(MbsLicenseType::Unknown(unknown_license.clone()))
        );
        assert_eq!(
            c.allowed_licenses,
            Some(vec![
                MbsLicenseType::Desktop,
                MbsLicenseType::Unknown(unknown_license)
            ])
        );
        assert_eq!(c.license_settings, LicensingMode::Unknown(unknown_mode));
        assert!(c.extra("Tier").is_some(), "{format}");
        let d = &c.destinations.as_ref().unwrap()[0];
        assert_eq!(d.plan_id, Some(1));
        assert!(d.extra("Region").is_some(), "{format}");
        m.assert();
    }
}

#[test]
fn a_blank_name_is_refused_before_any_io() {
    for format in Format::ALL {
        let (c, exchanges) = offline_client(format);
        assert_invalid_input(c.companies().create(&NewCompany::new(" ", 1)), "Name");
        let mut update = help_site_company_update(format);
        update.name = String::new();
        assert_invalid_input(c.companies().update(&update), "Name");
        assert_invalid_input(c.companies().get(""), "id");
        assert_eq!(*exchanges.lock().unwrap(), 0);
    }
}
