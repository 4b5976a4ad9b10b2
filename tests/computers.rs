//! Behaviour of the Computers handler (documented as JSON only) against a mock server: the paging
//! iterator (stops at `Count`, at an empty page, after the one error it yields), failure codes in
//! a 200 envelope as `Error::Api` with their result code, the authorization's answers and its
//! body check before any I/O, JSON on the wire under an XML client, unknown members kept.

mod common;

use common::{
    Scripted, Step, TOKEN, answer_200, assert_invalid_input, client, docs_authorization,
    expect_api, fixture, fixture_body, offline_client, serve_200,
};
use mockito::Matcher;
use mspbackups::models::{ComputerAuthorization, ComputersPage};
use mspbackups::{Error, Format};

/// A page answer: `Count` in all, these HIDs on the page.
fn page(count: i64, hids: &[&str]) -> String {
    let computers: Vec<_> = hids
        .iter()
        .map(|h| serde_json::json!({"ComputerHID": h, "ComputerName": format!("pc-{h}")}))
        .collect();
    serde_json::json!({"Count": count, "Message": "Success", "StatusCode": 200, "Computers": computers})
        .to_string()
}

fn hids(items: &[Result<mspbackups::models::Computer, Error>]) -> Vec<String> {
    items
        .iter()
        .map(|c| {
            c.as_ref()
                .map(|c| c.hid.clone())
                .unwrap_or_else(|e| format!("error: {e}"))
        })
        .collect()
}

#[test]
fn the_iterator_goes_through_the_pages_and_stops_at_count() {
    for format in Format::ALL {
        let server = Scripted::start(vec![
            Step::json(200, &page(5, &["a", "b"])),
            Step::json(200, &page(5, &["c", "d"])),
            Step::json(200, &page(5, &["e"])),
            // Never asked for: the iterator stops at Count.
            Step::json(200, &page(5, &["x"])),
        ]);
        let c = client(&server.url, format);
        let items: Vec<_> = c.computers().iter(2).collect();
        assert_eq!(hids(&items), ["a", "b", "c", "d", "e"], "{format}");
        let seen = server.seen();
        assert_eq!(
            seen.iter().map(|s| s.path.as_str()).collect::<Vec<_>>(),
            [
                "/api/Computers/0/2",
                "/api/Computers/2/2",
                "/api/Computers/4/2"
            ]
        );
        for s in &seen {
            assert_eq!(s.method, "GET");
            let accept: Vec<_> = s.headers.iter().filter(|(k, _)| k == "accept").collect();
            assert_eq!(
                accept,
                [&("accept".to_owned(), "application/json".to_owned())]
            );
        }
    }
}

#[test]
fn the_iterator_stops_at_an_empty_page() {
    // A server whose Count is larger than what it pages out (computers removed meanwhile).
    let server = Scripted::start(vec![
        Step::json(200, &page(10, &["a", "b"])),
        Step::json(200, &page(10, &[])),
        Step::json(200, &page(10, &["x"])),
    ]);
    let c = client(&server.url, Format::Xml);
    let mut it = c.computers().iter(2);
    let items: Vec<_> = it.by_ref().collect();
    assert_eq!(hids(&items), ["a", "b"]);
    assert!(it.next().is_none());
    assert_eq!(server.hits(), 2);
    // `Computers: null` is an empty page too.
    let server = Scripted::start(vec![Step::json(
        200,
        r#"{"Count":3,"Message":"Success","StatusCode":200,"Computers":null}"#,
    )]);
    let c = client(&server.url, Format::Json);
    assert_eq!(c.computers().iter(10).count(), 0);
    assert_eq!(server.hits(), 1);
}

#[test]
fn the_iterator_yields_an_error_once_then_stops() {
    let failure = r#"{"Count":0,"Message":"Internal error","StatusCode":500,"Computers":null}"#;
    let server = Scripted::start(vec![
        Step::json(200, &page(10, &["a", "b"])),
        Step::json(200, failure),
        Step::json(200, &page(10, &["x"])),
    ]);
    let c = client(&server.url, Format::Json);
    let mut it = c.computers().iter(2);
    assert_eq!(it.next().unwrap().unwrap().hid, "a");
    assert_eq!(it.next().unwrap().unwrap().hid, "b");
    let err = it.next().unwrap().unwrap_err();
    assert_eq!(err.api_error().and_then(|a| a.result_code()), Some(500));
    assert!(it.next().is_none());
    assert!(it.next().is_none());
    assert_eq!(server.hits(), 2);
    // A transport-level failure on the first page: one error, then nothing.
    let server = Scripted::start(vec![Step::Reply(
        404,
        vec![("Content-Type", "application/json; charset=utf-8".into())],
        r#"{"Message":"No HTTP resource was found that matches the request URI."}"#.into(),
    )]);
    let c = client(&server.url, Format::Xml);
    let items: Vec<_> = c.computers().iter(50).collect();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap_err().status(), Some(404));
    assert_eq!(server.hits(), 1);
}

#[test]
fn a_failure_status_code_in_a_200_envelope_is_an_api_error() {
    for format in Format::ALL {
        let (server, m) = serve_200(
            "GET",
            "/api/Computers/0/10",
            Format::Json,
            r#"{"Count":0,"Message":"Something went wrong","StatusCode":500,"Computers":[]}"#,
        );
        let err = client(&server.url(), format)
            .computers()
            .page(0, 10)
            .unwrap_err();
        let api = expect_api(&err, format);
        assert_eq!(api.status(), 200);
        assert_eq!(api.result_code(), Some(500));
        assert_eq!(api.message(), Some("Something went wrong"));
        assert!(err.to_string().contains("(result code 500)"), "{err}");
        m.assert();
    }
    // A success page is the page.
    let (server, m) = serve_200(
        "GET",
        "/api/Computers/0/2",
        Format::Json,
        fixture("computers/page.response.json"),
    );
    let got = client(&server.url(), Format::Xml)
        .computers()
        .page(0, 2)
        .unwrap();
    assert_eq!(
        got,
        ComputersPage::from_body(Format::Json, &fixture("computers/page.response.json")).unwrap()
    );
    m.assert();
}

#[test]
fn authorization_success_and_failure() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let ok = server
            .mock("POST", "/api/Computers/H1/authorization")
            .match_header("content-type", Format::Json.content_type())
            .match_header("accept", Format::Json.media_type())
            .match_header("authorization", format!("Bearer {TOKEN}").as_str())
            .match_body(Matcher::Exact(fixture_body(
                "computers/authorize.request.json",
            )))
            .with_status(200)
            .with_header("content-type", Format::Json.content_type())
            .with_body(fixture("computers/authorize.response.help-site.json"))
            .expect(1)
            .create();
        let got = client(&server.url(), format)
            .computers()
            .authorize("H1", &docs_authorization())
            .unwrap();
        assert_eq!(
            (got.result_code, got.error_message.as_deref()),
            (Some(0), Some(""))
        );
        ok.assert();

        let (server, failed) = serve_200(
            "POST",
            "/api/Computers/H1/authorization",
            Format::Json,
            fixture("computers/authorize-failure.response.help-site.json"),
        );
        let err = client(&server.url(), format)
            .computers()
            .authorize("H1", &docs_authorization())
            .unwrap_err();
        let api = expect_api(&err, format);
        assert_eq!(api.result_code(), Some(-6));
        assert_eq!(api.status(), 200);
        assert_eq!(
            api.message(),
            Some("Object \"10ce439b-7bec-4208-a116-4e0236085f87\" not found")
        );
        assert_eq!(api.endpoint(), "POST /api/Computers/H1/authorization");
        failed.assert();
    }
    // A non-zero ResultCode fails too, with its ErrorMessage.
    let (server, m) = serve_200(
        "POST",
        "/api/Computers/H1/authorization",
        Format::Json,
        r#"{"ResultCode": 3, "ErrorMessage": "Computer is offline"}"#,
    );
    let err = client(&server.url(), Format::Json)
        .computers()
        .authorize("H1", &ComputerAuthorization::for_company("C1"))
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(
        (api.result_code(), api.message()),
        (Some(3), Some("Computer is offline"))
    );
    m.assert();
}

#[test]
fn an_authorization_without_user_or_company_is_refused_before_any_io() {
    let mut neither = ComputerAuthorization::for_user("u");
    neither.user_id = None;
    let mut blanks = ComputerAuthorization::for_user("  ");
    blanks.company_id = Some(String::new());
    for format in Format::ALL {
        let (c, exchanges) = offline_client(format);
        for body in [&neither, &blanks] {
            assert_invalid_input(c.computers().authorize("H1", body), "UserId");
        }
        assert_eq!(*exchanges.lock().unwrap(), 0);
    }
    // Either one alone is enough, and the other is left out of the body; both may be given.
    let company = ComputerAuthorization::for_company("C1");
    assert_eq!(
        String::from_utf8(company.to_body(Format::Json).unwrap()).unwrap(),
        "{\n  \"CompanyId\": \"C1\"\n}"
    );
    let mut both = ComputerAuthorization::for_user("U1");
    both.company_id = Some("C1".into());
    assert_eq!(
        String::from_utf8(both.to_body(Format::Json).unwrap()).unwrap(),
        "{\n  \"UserId\": \"U1\",\n  \"CompanyId\": \"C1\"\n}"
    );
}

#[test]
fn an_xml_client_still_sends_and_reads_json() {
    let mut server = mockito::Server::new();
    let get = server
        .mock("GET", "/api/Computers/4b2f5d0e-8c1a-4f7e-9a3b-2d6c1e0f9a87")
        .match_header("accept", "application/json")
        .with_status(200)
        .with_header("content-type", Format::Json.content_type())
        .with_body(fixture("computers/get.response.json"))
        .expect(1)
        .create();
    let null = answer_200(
        &mut server,
        "GET",
        "/api/Computers/gone",
        Format::Json,
        "null",
    );
    let c = client(&server.url(), Format::Xml);
    let one = c
        .computers()
        .get("4b2f5d0e-8c1a-4f7e-9a3b-2d6c1e0f9a87")
        .unwrap()
        .unwrap();
    assert_eq!(one.hid, "4b2f5d0e-8c1a-4f7e-9a3b-2d6c1e0f9a87");
    assert_eq!(one.has_backup_app, Some(true));
    assert_eq!(c.computers().get("gone").unwrap(), None);
    get.assert();
    null.assert();
    // The request the route builds is JSON even when asked for XML.
    let req = mspbackups::api::computers::routes::authorize
        .request(Format::Xml, &["H1"])
        .unwrap();
    assert_eq!(req.format(), Format::Json);
}

#[test]
fn unknown_members_are_kept() {
    let body = r#"{"Count":1,"Message":"Success","StatusCode":200,"Page":0,"Computers":[{"ComputerHID":"h","Tags":["a"],"BackupStats":{"PlansCount":1,"TotalSkippedCount":4}}]}"#;
    let (server, m) = serve_200("GET", "/api/Computers/0/1", Format::Json, body);
    let page = client(&server.url(), Format::Xml)
        .computers()
        .page(0, 1)
        .unwrap();
    assert_eq!(page.extra("Page").map(|v| v.raw()), Some("0"));
    let computer = &page.computers.as_ref().unwrap()[0];
    assert_eq!(computer.extra("Tags").map(|v| v.raw()), Some(r#"["a"]"#));
    let stats = computer.backup_stats.as_ref().unwrap();
    assert_eq!(stats.plans_count, Some(1));
    assert_eq!(stats.extra("TotalSkippedCount").map(|v| v.raw()), Some("4"));
    m.assert();
}
