//! How every kind of failure reaches the caller: one row per server answer, plus transport failures.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::{TOKEN, assert_no_secret, client, fixture};
use mspbackups::{Client, Error, Format, TransportErrorKind};

const JSON: &str = "application/json; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";
const HTML: &str = "text/html";

/// One server answer and what the caller must get.
struct Row {
    status: usize,
    content_type: &'static str,
    fixture: &'static str,
    check: fn(&Error),
}

fn api(e: &Error) -> &mspbackups::ApiError {
    e.api_error()
        .unwrap_or_else(|| panic!("not an API error: {e:?}"))
}

fn bad_request_message(e: &Error) {
    assert!(matches!(e, Error::Api(_)), "{e:?}");
    assert_eq!(api(e).status(), 400);
    assert_eq!(api(e).message(), Some("License not found"));
    assert_eq!(
        e.to_string(),
        "POST /api/Licenses/Revoke failed with HTTP 400 Bad Request: License not found"
    );
}

fn model_state(e: &Error) {
    assert!(matches!(e, Error::Api(_)), "{e:?}");
    let a = api(e);
    assert_eq!(a.status(), 400);
    assert_eq!(a.message(), Some("The request is invalid."));
    assert_eq!(
        a.model_state(),
        &[
            (
                "operation.LicenseID".to_owned(),
                vec!["The LicenseID field is required.".to_owned()]
            ),
            (
                "operation.UserID".to_owned(),
                vec!["The UserID field is required.".to_owned()]
            ),
        ]
    );
    assert!(
        e.to_string()
            .contains("[operation.LicenseID: The LicenseID field is required.; operation.UserID:")
    );
}

fn unauthorized(e: &Error) {
    assert!(matches!(e, Error::Unauthorized(_)), "{e:?}");
    assert_eq!(e.status(), Some(401));
    assert_eq!(
        api(e).message(),
        Some("Authorization has been denied for this request.")
    );
}

fn no_route(e: &Error) {
    assert!(matches!(e, Error::Api(_)), "{e:?}");
    let a = api(e);
    assert_eq!(a.status(), 404);
    assert_eq!(
        a.message(),
        Some(
            "No HTTP resource was found that matches the request URI 'https://api.mspbackups.com/api/Licenses/Revoke'."
        )
    );
    assert_eq!(
        a.message_detail(),
        Some("No action was found on the controller 'Licenses' that matches the request.")
    );
}

fn docs_404(e: &Error) {
    assert_eq!(
        api(e).message(),
        Some(
            "No HTTP resource was found that matches the request URI 'https://api.mspbackups.com/api/Useers'.."
        )
    );
}

fn html_500(e: &Error) {
    assert!(matches!(e, Error::Api(_)), "{e:?}");
    let a = api(e);
    assert_eq!(a.status(), 500);
    assert_eq!(a.message(), None);
    assert_eq!(a.body_excerpt(), Some("500 - Internal server error."));
    let raw = a.raw_body().unwrap();
    assert!(raw.starts_with("<!DOCTYPE html PUBLIC"), "{raw}");
    assert!(raw.contains("<h2>500 - Internal server error.</h2>"));
    assert_eq!(
        e.to_string(),
        "POST /api/Licenses/Revoke failed with HTTP 500 Internal Server Error and a text/html body that is not an API error: \
         500 - Internal server error."
    );
}

fn html_502(e: &Error) {
    assert_eq!(api(e).status(), 502);
    assert_eq!(api(e).body_excerpt(), Some("502 Bad Gateway"));
}

fn ok_with_message(e: &Error) {
    assert!(matches!(e, Error::Api(_)), "{e:?}");
    let a = api(e);
    assert_eq!(a.status(), 200);
    assert!(a.is_success_status());
    assert_eq!(a.message(), Some("License not found"));
    assert_eq!(
        e.to_string(),
        "POST /api/Licenses/Revoke answered HTTP 200 OK but its body reports a failure: License not found"
    );
}

fn malformed_json(e: &Error) {
    let a = api(e);
    assert_eq!(a.status(), 400);
    assert_eq!(a.message(), None);
    assert_eq!(a.body_excerpt(), Some("{\"Message\":\"The request is inva"));
}

fn malformed_xml(e: &Error) {
    let a = api(e);
    assert_eq!(a.status(), 400);
    assert_eq!(a.message(), None);
    assert!(
        a.body_excerpt()
            .unwrap()
            .starts_with("<Error><Message>The request is invalid.")
    );
}

const ROWS: &[Row] = &[
    Row {
        status: 400,
        content_type: JSON,
        fixture: "errors/400-message.json",
        check: bad_request_message,
    },
    Row {
        status: 400,
        content_type: XML,
        fixture: "errors/400-message.xml",
        check: bad_request_message,
    },
    Row {
        status: 400,
        content_type: JSON,
        fixture: "errors/400-modelstate.json",
        check: model_state,
    },
    Row {
        status: 400,
        content_type: XML,
        fixture: "errors/400-modelstate.xml",
        check: model_state,
    },
    Row {
        status: 401,
        content_type: JSON,
        fixture: "errors/401-unauthorized.json",
        check: unauthorized,
    },
    Row {
        status: 401,
        content_type: XML,
        fixture: "errors/401-unauthorized.xml",
        check: unauthorized,
    },
    Row {
        status: 404,
        content_type: JSON,
        fixture: "errors/404-no-route.json",
        check: no_route,
    },
    Row {
        status: 404,
        content_type: XML,
        fixture: "errors/404-no-route.xml",
        check: no_route,
    },
    Row {
        status: 404,
        content_type: JSON,
        fixture: "errors/404-users-list.json",
        check: docs_404,
    },
    Row {
        status: 500,
        content_type: HTML,
        fixture: "errors/500-html.html",
        check: html_500,
    },
    Row {
        status: 502,
        content_type: HTML,
        fixture: "errors/502-bad-gateway.html",
        check: html_502,
    },
    Row {
        status: 200,
        content_type: JSON,
        fixture: "errors/200-error-string.json",
        check: ok_with_message,
    },
    Row {
        status: 200,
        content_type: XML,
        fixture: "errors/200-error-string.xml",
        check: ok_with_message,
    },
    Row {
        status: 400,
        content_type: JSON,
        fixture: "errors/malformed.json",
        check: malformed_json,
    },
    Row {
        status: 400,
        content_type: XML,
        fixture: "errors/malformed.xml",
        check: malformed_xml,
    },
];

#[test]
fn every_server_failure_maps_to_a_typed_error() {
    // The answer's own Content-Type decides how it is read, whichever format was asked for.
    for format in Format::ALL {
        for row in ROWS {
            let mut server = mockito::Server::new();
            let _m = server
                .mock("POST", "/api/Licenses/Revoke")
                .with_status(row.status)
                .with_header("content-type", row.content_type)
                .with_body(fixture(row.fixture))
                .create();
            let err = client(&server.url(), format)
                .licenses()
                .revoke_from_user("L", "U")
                .expect_err(row.fixture);
            (row.check)(&err);
            assert_no_secret(&err);
        }
    }
}

#[test]
fn connection_refused_is_a_transport_error() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let err = client(&format!("http://127.0.0.1:{port}"), Format::Json)
        .licenses()
        .revoke_from_user("L", "U")
        .unwrap_err();
    match &err {
        Error::Transport(t) => {
            assert_eq!(t.kind(), TransportErrorKind::ConnectionRefused);
            assert!(t.kind().request_not_sent());
            assert_eq!(t.host(), format!("127.0.0.1:{port}"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        format!("POST /api/Licenses/Revoke to 127.0.0.1:{port} failed: the connection was refused")
    );
    assert!(std::error::Error::source(&err).is_some());
    assert_no_secret(&err);
}

#[test]
fn a_server_that_never_answers_times_out_within_the_limit() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    // Accept, read what comes, never answer.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            let mut s = stream;
            let mut buf = [0u8; 4096];
            let _ = s.set_read_timeout(Some(Duration::from_millis(50)));
            let _ = s.read(&mut buf);
            held.push(s);
        }
    });
    let limit = Duration::from_millis(400);
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .token(TOKEN)
        .no_proxy()
        .timeout(limit)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.licenses().revoke_from_user("L", "U").unwrap_err();
    let took = started.elapsed();
    match &err {
        Error::Timeout {
            phase, limit: l, ..
        } => {
            assert_eq!(*phase, mspbackups::TimeoutPhase::Call);
            assert_eq!(*l, limit);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_timeout());
    // Ends at the limit: not before it, and not long after (scheduler slack allowed).
    assert!(took + Duration::from_millis(20) >= limit, "{took:?}");
    assert!(took < limit + Duration::from_secs(3), "{took:?}");
    assert_eq!(
        err.to_string(),
        "POST /api/Licenses/Revoke timed out: no complete answer within the 400ms call limit"
    );
    assert_no_secret(&err);
}

#[test]
fn a_token_echoed_by_the_server_is_redacted() {
    let mut server = mockito::Server::new();
    let _m = server
        .mock("POST", "/api/Licenses/Revoke")
        .with_status(400)
        .with_header("content-type", JSON)
        .with_body(format!(
            r#"{{"Message":"token {TOKEN} is not valid","ModelState":{{"x":["{TOKEN}"]}}}}"#
        ))
        .create();
    let err = client(&server.url(), Format::Json)
        .licenses()
        .revoke_from_user("L", "U")
        .unwrap_err();
    assert_eq!(api(&err).message(), Some("token <redacted> is not valid"));
    assert_no_secret(&err);
}

#[test]
fn missing_credentials_fail_before_any_io() {
    // Nothing listens on port 9 of loopback: reaching the network would be a transport error.
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .no_proxy()
        .build()
        .unwrap();
    match client.licenses().revoke_from_user("L", "U") {
        Err(Error::MissingCredentials { endpoint }) => {
            assert_eq!(endpoint, "POST /api/Licenses/Revoke")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_undocumented_success_body_is_not_called_success() {
    let mut server = mockito::Server::new();
    let _m = server
        .mock("POST", "/api/Licenses/Revoke")
        .with_status(200)
        .with_header("content-type", HTML)
        .with_body("<html><head><title>Sign in</title></head></html>")
        .create();
    let err = client(&server.url(), Format::Xml)
        .licenses()
        .revoke_from_user("L", "U")
        .unwrap_err();
    assert!(matches!(err, Error::UnexpectedResponse(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "POST /api/Licenses/Revoke answered HTTP 200 OK with a body this call does not document, \
         so whether it took effect is unknown: Sign in"
    );
}

#[test]
fn redirects_are_reported_not_followed() {
    let mut server = mockito::Server::new();
    let _m = server
        .mock("POST", "/api/Licenses/Revoke")
        .with_status(302)
        .with_header("location", "https://elsewhere.example/login")
        .create();
    let err = client(&server.url(), Format::Json)
        .licenses()
        .revoke_from_user("L", "U")
        .unwrap_err();
    assert_eq!(
        api(&err).location(),
        Some("https://elsewhere.example/login")
    );
    assert_eq!(
        err.to_string(),
        "POST /api/Licenses/Revoke failed with HTTP 302 Found redirecting to https://elsewhere.example/login, \
         which the client does not follow"
    );
}
