//! `Request::new` + `Client::send`: calling a route the SDK has no method for, with the same
//! token, retries, typed errors and redaction as the SDK's own calls.

mod common;

use common::{TOKEN, client, error_texts};
use mockito::{Matcher, Server};
use mspbackups::{Error, Format, License, Method, Request};

#[test]
fn bad_paths_are_refused_before_any_io() {
    for path in [
        "api/Users",
        "",
        "/api/Users?x=1",
        "/api/a b",
        "/api/#frag",
        "/api/\u{7}",
    ] {
        let err = Request::new(Method::Get, path, Format::Json).unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput { field: "path", .. }),
            "{path:?}: {err:?}"
        );
    }
}

#[test]
fn a_route_the_sdk_lacks_gets_the_token_and_the_answer_as_received() {
    let mut server = Server::new();
    let body = r#"[{"Id":"c1","Name":"Acme","StorageLimit":-1,"LicenseSettings":0}]"#;
    let mock = server
        .mock("GET", "/api/Companies")
        .match_query(Matcher::UrlEncoded("filter".into(), "a b".into()))
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_header("accept", "application/json")
        .with_status(200)
        .with_header("content-type", "application/json; charset=utf-8")
        .with_body(body)
        .create();
    let c = client(&server.url(), Format::Json);
    let req = Request::new(Method::Get, "/api/Companies", c.format())
        .unwrap()
        .with_query("filter", "a b");
    assert!(req.is_read_only(), "a GET may be retried");
    let resp = c.send(&req).unwrap();
    mock.assert();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.format(), Some(Format::Json));
    assert_eq!(resp.body(), body.as_bytes());
}

#[test]
fn a_body_on_a_delete_is_sent_and_models_decode_from_the_answer() {
    let mut server = Server::new();
    let xml = "<ArrayOfLicensesModels xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models\"><LicensesModels><ID>L1</ID><IsTaken>false</IsTaken><IsTrial>true</IsTrial><Number>3</Number></LicensesModels></ArrayOfLicensesModels>";
    let mock = server
        .mock("DELETE", "/api/Something/x%2Fy")
        .match_header("content-type", "application/xml; charset=utf-8")
        .match_body("<payload/>")
        .with_status(200)
        .with_header("content-type", "application/xml; charset=utf-8")
        .with_body(xml)
        .create();
    let c = client(&server.url(), Format::Xml);
    let req = Request::new(Method::Delete, "/api/Something/x%2Fy", Format::Xml)
        .unwrap()
        .with_body(b"<payload/>".to_vec());
    assert!(!req.is_read_only(), "a DELETE is not retried unless marked");
    let resp = c.send(&req).unwrap();
    mock.assert();
    let format = resp.format().unwrap();
    let licenses = License::list_from_body(format, resp.body()).unwrap();
    assert_eq!(licenses.len(), 1);
    assert_eq!((licenses[0].id.as_str(), licenses[0].number), ("L1", 3));
}

#[test]
fn errors_are_typed_and_never_show_the_token() {
    let mut server = Server::new();
    server
        .mock("POST", "/api/Nope")
        .with_status(404)
        .with_header("content-type", "application/json; charset=utf-8")
        .with_body(format!(
            r#"{{"Message":"No HTTP resource was found that matches the request URI 'x'. Bearer {TOKEN}"}}"#
        ))
        .create();
    server
        .mock("GET", "/api/Denied")
        .with_status(401)
        .with_header("content-type", "application/json; charset=utf-8")
        .with_body(r#"{"Message":"Authorization has been denied for this request."}"#)
        .create();
    let c = client(&server.url(), Format::Json);
    let req = Request::new(Method::Post, "/api/Nope", Format::Json)
        .unwrap()
        .with_body(b"{}".to_vec());
    let err = c.send(&req).unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status(), 404);
    assert!(
        api.message()
            .unwrap_or_default()
            .starts_with("No HTTP resource")
    );
    for text in error_texts(&err) {
        assert!(!text.contains(TOKEN), "{text}");
    }
    let err = c
        .send(&Request::new(Method::Get, "/api/Denied", Format::Json).unwrap())
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
}

#[test]
fn a_read_only_put_is_retried_and_another_is_not() {
    let mut server = Server::new();
    let busy = server
        .mock("PUT", "/api/Users/Authenticate")
        .with_status(502)
        .expect(1)
        .create();
    let ok = server
        .mock("PUT", "/api/Users/Authenticate")
        .with_status(200)
        .with_header("content-type", "application/json; charset=utf-8")
        .with_body("null")
        .expect(1)
        .create();
    let c = client(&server.url(), Format::Json);
    // The SDK's own authenticate is a PUT that only reads: retried after a 502.
    let user = c
        .users()
        .authenticate(&mspbackups::UserAuthData::new("jane", "pw-123456"))
        .unwrap();
    assert_eq!(user, None);
    busy.assert();
    ok.assert();

    let update = server
        .mock("PUT", "/api/Users")
        .with_status(502)
        .expect(1)
        .create();
    let mut change = mspbackups::UserUpdate::from_user(
        &mspbackups::User::from_body(
            Format::Json,
            br#"{"ID":"u1","Email":"jane","Enabled":true,"LicenseManagmentMode":0,"SpaceUsed":0}"#,
        )
        .unwrap(),
    );
    change.enabled = false;
    let err = c.users().update(&change).unwrap_err();
    assert_eq!(err.api_error().map(|a| a.status()), Some(502), "{err:?}");
    update.assert();
}
