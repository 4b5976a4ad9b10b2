//! The SDK against the embedded sandbox, the server rules the sandbox reproduces, and a load test.
#![cfg(feature = "sandbox")]

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Barrier};

use mspbackups::models::License;
use mspbackups::models::UserModeType;
use mspbackups::sandbox::dcs::DiagnosticKind;
use mspbackups::sandbox::{ActivateError, LoginRefusal, Sandbox, SandboxUser};
use mspbackups::{Client, Error, Format};

const ENGINE: &str = r#"xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models""#;

/// A raw answer.
struct Answer {
    status: u16,
    content_type: String,
    diagnostics: Vec<String>,
    headers: HashMap<String, String>,
    body: String,
}

/// Sends a hand-made request (no SDK), so tests can send what the SDK never would.
fn raw(
    sandbox: &Sandbox,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    // No automatic `Accept: */*`: these requests send exactly the headers given.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .accept(ureq::config::AutoHeaderValue::None)
        .build()
        .into();
    let mut rq = ureq::http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", sandbox.base_url()));
    for (k, v) in headers {
        rq = rq.header(*k, *v);
    }
    let mut resp = if body.is_empty() {
        agent.run(rq.body(()).unwrap()).unwrap()
    } else {
        agent.run(rq.body(body).unwrap()).unwrap()
    };
    let mut headers = HashMap::new();
    let mut diagnostics = Vec::new();
    for (k, v) in resp.headers() {
        let v = v.to_str().unwrap_or_default().to_owned();
        if k.as_str().eq_ignore_ascii_case("x-sandbox-diagnostic") {
            diagnostics.push(v.clone());
        }
        headers.insert(k.as_str().to_ascii_lowercase(), v);
    }
    Answer {
        status: resp.status().as_u16(),
        content_type: headers.get("content-type").cloned().unwrap_or_default(),
        diagnostics,
        headers,
        body: resp.body_mut().read_to_string().unwrap(),
    }
}

fn token(sandbox: &Sandbox) -> String {
    let client = sandbox.client(Format::Json).unwrap();
    client.login().unwrap().access_token().expose().to_owned()
}

fn bearer(t: &str) -> String {
    format!("Bearer {t}")
}

fn alice(sandbox: &Sandbox) -> SandboxUser {
    sandbox
        .users()
        .into_iter()
        .find(|u| u.email == "alice")
        .unwrap()
}

fn first_free(client: &Client) -> License {
    client
        .licenses()
        .list_by_availability(true)
        .unwrap()
        .into_iter()
        .next()
        .unwrap()
}

#[test]
fn the_sdk_runs_every_license_flow_in_both_formats_and_nothing_is_dropped() {
    for format in Format::ALL {
        let sandbox = Sandbox::start().unwrap();
        let client = sandbox.client(format).unwrap();
        let alice = alice(&sandbox);

        let all = client.licenses().list().unwrap();
        let free = client.licenses().list_by_availability(true).unwrap();
        let used = client.licenses().list_by_availability(false).unwrap();
        assert_eq!(all.len(), 10);
        assert_eq!(free.len() + used.len(), all.len());
        assert!(free.iter().all(License::is_free));

        let license = free[0].clone();
        assert_eq!(
            client.licenses().get(&license.id).unwrap(),
            Some(license.clone())
        );
        assert_eq!(client.licenses().get("no-such-license").unwrap(), None);

        client
            .licenses()
            .grant_to_user(&license.id, &alice.id)
            .unwrap();
        let granted = client.licenses().get(&license.id).unwrap().unwrap();
        assert_eq!(granted.user_id.as_deref(), Some(alice.id.as_str()));
        assert_eq!(granted.user.as_deref(), Some("alice"));
        assert!(!granted.is_taken);

        sandbox
            .activate(&license.id, "DESKTOP-TEST", "Windows 11")
            .unwrap();
        let active = client.licenses().get(&license.id).unwrap().unwrap();
        assert!(active.is_taken);
        assert_eq!(active.computer_name.as_deref(), Some("DESKTOP-TEST"));

        client
            .licenses()
            .revoke_from_user(&license.id, &alice.id)
            .unwrap();
        let revoked = client.licenses().get(&license.id).unwrap().unwrap();
        assert!(!revoked.is_taken, "revoke deactivates on the computer");
        assert_eq!(revoked.computer_name, None);
        assert_eq!(
            revoked.user_id.as_deref(),
            Some(alice.id.as_str()),
            "the user keeps the license"
        );

        client
            .licenses()
            .release_from_user(&license.id, &alice.id)
            .unwrap();
        let released = client.licenses().get(&license.id).unwrap().unwrap();
        assert!(released.is_free(), "release frees it");

        // Nothing the SDK sent was dropped or refused; the one note is about the unknown ID.
        let recorded = sandbox.diagnostics();
        assert_eq!(recorded.len(), 1, "{format}: {recorded:#?}");
        assert_eq!(recorded[0].request, "GET /api/Licenses/no-such-license");
        assert_eq!(recorded[0].diagnostic.kind, DiagnosticKind::Note);
    }
}

#[test]
fn business_rules_answer_400_with_a_message() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox.client(Format::Xml).unwrap();
    let alice = alice(&sandbox);
    let bob = sandbox
        .users()
        .into_iter()
        .find(|u| u.email.starts_with("bob"))
        .unwrap();
    let free = first_free(&client);
    let message = |r: Result<(), Error>| {
        let e = r.unwrap_err();
        assert!(matches!(e, Error::Api(_)), "{e:?}");
        assert_eq!(e.status(), Some(400));
        e.api_error().unwrap().message().unwrap().to_owned()
    };
    assert_eq!(
        message(client.licenses().grant_to_user("nope", &alice.id)),
        "License nope not found"
    );
    assert_eq!(
        message(client.licenses().grant_to_user(&free.id, "nobody")),
        "User nobody not found"
    );
    client
        .licenses()
        .grant_to_user(&free.id, &alice.id)
        .unwrap();
    assert_eq!(
        message(client.licenses().grant_to_user(&free.id, &bob.id)),
        format!("License {} is granted to another user", free.id)
    );
    assert_eq!(
        message(client.licenses().release_from_user(&free.id, &bob.id)),
        format!("License {} is not granted to user {}", free.id, bob.id)
    );
    assert_eq!(
        message(client.licenses().revoke_from_user(&free.id, &bob.id)),
        format!("License {} is not granted to user {}", free.id, bob.id)
    );
}

#[test]
fn activate_refuses_unknown_and_ungranted_licenses_with_a_typed_error() {
    let sandbox = Sandbox::start().unwrap();
    let free = sandbox
        .licenses()
        .into_iter()
        .find(|l| l.is_free())
        .unwrap();

    let unknown = sandbox
        .activate("no-such-license", "PC", "Windows")
        .unwrap_err();
    assert_eq!(
        unknown,
        ActivateError::UnknownLicense {
            license_id: "no-such-license".to_owned()
        }
    );
    assert_eq!(
        unknown.to_string(),
        "the sandbox has no license with ID no-such-license"
    );

    let not_granted = sandbox.activate(&free.id, "PC", "Windows").unwrap_err();
    assert!(matches!(
        &not_granted,
        ActivateError::NotGranted { license_id } if *license_id == free.id
    ));
    assert_eq!(
        not_granted.to_string(),
        format!(
            "license {} is not granted to any user: grant it first, then activate it",
            free.id
        )
    );
    let unchanged = sandbox
        .licenses()
        .into_iter()
        .find(|l| l.id == free.id)
        .unwrap();
    assert_eq!(unchanged, free, "a refused activation changes nothing");

    // A typed error goes through `?` into the usual boxed error.
    let boxed: Box<dyn std::error::Error + Send + Sync> = not_granted.into();
    assert!(boxed.to_string().contains("not granted"));
}

#[test]
fn revoking_from_an_automatic_user_notes_the_docs_warning() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox.client(Format::Json).unwrap();
    let carol = sandbox
        .users()
        .into_iter()
        .find(|u| u.license_mode == UserModeType::Automatic)
        .unwrap();
    let hers = sandbox
        .licenses()
        .into_iter()
        .find(|l| l.user_id.as_deref() == Some(&carol.id))
        .unwrap();
    client
        .licenses()
        .revoke_from_user(&hers.id, &carol.id)
        .unwrap();
    let notes = sandbox.take_diagnostics();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].diagnostic.kind, DiagnosticKind::Note);
    assert!(
        notes[0]
            .diagnostic
            .message
            .contains("revocation will not work properly")
    );
}

#[test]
fn login_accepts_json_xml_and_form_bodies_and_refuses_wrong_credentials() {
    // The 2018 docs' answer to wrong credentials (400 `invalid_grant`), an option since the
    // sandbox answers 403 by default as the live server does.
    let sandbox = Sandbox::builder()
        .wrong_password_answer(LoginRefusal::InvalidGrant)
        .start()
        .unwrap();
    let bodies: [(&str, String); 3] = [
        ("application/json", r#"{"userName":"sandbox-api","PASSWORD":"sandbox-password"}"#.to_owned()),
        (
            "application/xml",
            "<ProviderController.LoginUserBindingModel xmlns=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Controllers\"><Password>sandbox-password</Password><UserName>sandbox-api</UserName></ProviderController.LoginUserBindingModel>".to_owned(),
        ),
        ("application/x-www-form-urlencoded", "UserName=sandbox-api&Password=sandbox%2Dpassword".to_owned()),
    ];
    for (ct, body) in bodies {
        let a = raw(
            &sandbox,
            "POST",
            "/api/Provider/Login",
            &[("Content-Type", ct), ("Accept", "application/xml")],
            body.as_bytes(),
        );
        assert_eq!(a.status, 200, "{ct}: {}", a.body);
        assert_eq!(
            a.content_type, "application/json;charset=UTF-8",
            "the token answer is JSON whatever was asked for"
        );
        assert!(a.body.starts_with("{\"access_token\":\""), "{}", a.body);
        assert!(a.body.contains(
            "\"token_type\":\"bearer\",\"expires_in\":1209599,\"userName\":\"sandbox-api\""
        ));
        assert_eq!(
            a.headers.get("cache-control").map(String::as_str),
            Some("no-cache")
        );
    }
    let wrong = raw(
        &sandbox,
        "POST",
        "/api/Provider/Login",
        &[("Content-Type", "application/json")],
        br#"{"UserName":"sandbox-api","Password":"nope!"}"#,
    );
    assert_eq!(wrong.status, 400);
    assert_eq!(
        wrong.body,
        r#"{"error":"invalid_grant","error_description":"The user name or password is incorrect."}"#
    );

    let client = Client::builder()
        .base_url(sandbox.base_url())
        .credentials("sandbox-api", "wrong-password")
        .no_proxy()
        .build()
        .unwrap();
    assert!(matches!(
        client.licenses().list(),
        Err(Error::Authentication(_))
    ));
}

#[test]
fn tokens_are_required_and_expire() {
    let sandbox = Sandbox::builder()
        .token_lifetime(std::time::Duration::from_secs(3600))
        .start()
        .unwrap();
    let a = raw(
        &sandbox,
        "GET",
        "/api/Licenses",
        &[("Accept", "application/xml")],
        b"",
    );
    assert_eq!(a.status, 401);
    assert_eq!(
        a.body,
        "<Error><Message>Authorization has been denied for this request.</Message></Error>"
    );
    assert!(
        a.diagnostics[0].contains("no Authorization: Bearer header"),
        "{:?}",
        a.diagnostics
    );

    let client = sandbox.client(Format::Json).unwrap();
    client.licenses().list().unwrap();
    let t = token(&sandbox);
    assert_eq!(
        raw(
            &sandbox,
            "GET",
            "/api/Licenses",
            &[("Authorization", &bearer(&t))],
            b""
        )
        .status,
        200
    );
    sandbox.expire_tokens();
    let expired = raw(
        &sandbox,
        "GET",
        "/api/Licenses",
        &[("Authorization", &bearer(&t))],
        b"",
    );
    assert_eq!(expired.status, 401);
    assert!(expired.diagnostics[0].contains("expired"));
    // The SDK logs in again once and retries.
    let before = sandbox.requests_served();
    client.licenses().list().unwrap();
    assert_eq!(sandbox.requests_served() - before, 3, "401, login, retry");
}

#[test]
fn answers_are_negotiated_like_web_api() {
    let sandbox = Sandbox::start().unwrap();
    let auth = bearer(&token(&sandbox));
    let cases: [(&[(&str, &str)], &str); 6] = [
        (&[], "application/json; charset=utf-8"),
        (
            &[("Accept", "application/xml")],
            "application/xml; charset=utf-8",
        ),
        (&[("Accept", "text/xml")], "text/xml; charset=utf-8"),
        (
            &[("Accept", "application/xml, application/json")],
            "application/json; charset=utf-8",
        ),
        (&[("Accept", "*/*")], "application/json; charset=utf-8"),
        (
            &[("Accept", "application/json;q=0.4, application/xml;q=0.9")],
            "application/xml; charset=utf-8",
        ),
    ];
    for (headers, expected) in cases {
        let mut h = vec![("Authorization", auth.as_str())];
        h.extend_from_slice(headers);
        let a = raw(
            &sandbox,
            "GET",
            "/api/Licenses/license-0001-4f2e-9c1a-sandbox",
            &h,
            b"",
        );
        assert_eq!(a.content_type, expected, "{headers:?}");
    }
    // An error for an XML body with no Accept comes back in XML.
    let a = raw(
        &sandbox,
        "POST",
        "/api/Licenses/Grant",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/xml"),
        ],
        format!("<LicenseOperation {ENGINE}/>").as_bytes(),
    );
    assert_eq!(a.status, 400);
    assert_eq!(a.content_type, "application/xml; charset=utf-8");
    assert!(a.body.starts_with("<Error><Message>The request is invalid.</Message><ModelState><model.LicenseID>The LicenseID field is required.</model.LicenseID>"), "{}", a.body);
}

#[test]
fn routing_and_media_types_fail_like_web_api() {
    let sandbox = Sandbox::start().unwrap();
    let auth = bearer(&token(&sandbox));
    let a = raw(&sandbox, "GET", "/api/Nothing", &[], b"");
    assert_eq!(a.status, 404);
    assert_eq!(
        a.body,
        format!(
            "{{\"Message\":\"No HTTP resource was found that matches the request URI '{}/api/Nothing'.\"}}",
            sandbox.base_url()
        )
    );
    let a = raw(&sandbox, "GET", "/index.html", &[], b"");
    assert_eq!((a.status, a.content_type.as_str()), (404, "text/html"));
    let a = raw(
        &sandbox,
        "DELETE",
        "/api/Licenses",
        &[("Authorization", &auth)],
        b"",
    );
    assert_eq!(a.status, 405);
    assert_eq!(a.headers.get("allow").map(String::as_str), Some("GET"));
    assert_eq!(
        a.body,
        r#"{"Message":"The requested resource does not support http method 'DELETE'."}"#
    );
    // A path under a real controller that no route of the tables matches: 501, not 404.
    let a = raw(
        &sandbox,
        "GET",
        "/api/Billing/Monthly/2024",
        &[("Authorization", &auth)],
        b"",
    );
    assert_eq!(a.status, 501);

    let op = br#"{"LicenseID":"x","UserID":"y"}"#;
    let a = raw(
        &sandbox,
        "POST",
        "/api/Licenses/Grant",
        &[("Authorization", &auth), ("Content-Type", "text/plain")],
        op,
    );
    assert_eq!(a.status, 415);
    assert_eq!(
        a.body,
        r#"{"Message":"The request entity's media type 'text/plain' is not supported for this resource."}"#
    );
    let a = raw(
        &sandbox,
        "POST",
        "/api/Licenses/Grant",
        &[("Authorization", &auth)],
        op,
    );
    assert_eq!(a.status, 415);
    assert!(
        a.body
            .contains("The request contains an entity body but no Content-Type header.")
    );
}

#[test]
fn json_names_match_case_insensitively_and_unknown_ones_are_noted() {
    let sandbox = Sandbox::start().unwrap();
    let auth = bearer(&token(&sandbox));
    let alice = alice(&sandbox);
    let body = format!(
        r#"{{"licenseid":"license-0002-4f2e-9c1a-sandbox","USERID":"{}","Comment":"hi"}}"#,
        alice.id
    );
    let a = raw(
        &sandbox,
        "POST",
        "/api/Licenses/Grant",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.diagnostics.len(), 1);
    assert!(
        a.diagnostics[0].starts_with("dropped-unknown: \"Comment\" was ignored"),
        "{:?}",
        a.diagnostics
    );
    let granted = sandbox
        .licenses()
        .into_iter()
        .find(|l| l.id == "license-0002-4f2e-9c1a-sandbox")
        .unwrap();
    assert_eq!(granted.user_id, Some(alice.id));
}

/// Hand-written XML the real server would drop or reject, and what the sandbox says about it.
#[test]
fn bad_xml_is_dropped_or_rejected_with_the_right_diagnostic() {
    let sandbox = Sandbox::start().unwrap();
    let auth = bearer(&token(&sandbox));
    let alice = alice(&sandbox).id;
    let lic = "license-0003-4f2e-9c1a-sandbox";
    struct Case {
        name: &'static str,
        path: &'static str,
        body: String,
        content_type: &'static str,
        status: u16,
        kind: DiagnosticKind,
        says: &'static str,
    }
    let cases = [
        Case {
            name: "members out of order",
            path: "/api/Licenses/Grant",
            body: format!(
                "<LicenseOperation {ENGINE}><UserID>{alice}</UserID><LicenseID>{lic}</LicenseID></LicenseOperation>"
            ),
            content_type: "application/xml",
            status: 400,
            kind: DiagnosticKind::OutOfOrder,
            says: "<LicenseID> was dropped: it comes after <UserID>",
        },
        Case {
            name: "children in the wrong namespace (prefixed root)",
            path: "/api/Licenses/Grant",
            body: format!(
                "<m:LicenseOperation xmlns:m=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models\"><LicenseID>{lic}</LicenseID><m:UserID>{alice}</m:UserID></m:LicenseOperation>"
            ),
            content_type: "application/xml",
            status: 400,
            kind: DiagnosticKind::WrongNamespace,
            says: "<LicenseID> was dropped: it is in namespace ''",
        },
        Case {
            name: "no xmlns at all",
            path: "/api/Licenses/Grant",
            body: format!(
                "<LicenseOperation><LicenseID>{lic}</LicenseID><UserID>{alice}</UserID></LicenseOperation>"
            ),
            content_type: "application/xml",
            status: 400,
            kind: DiagnosticKind::ModelNull,
            says: "Expecting element 'LicenseOperation' from namespace 'http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models'.. Encountered 'Element'  with name 'LicenseOperation', namespace ''.",
        },
        Case {
            name: "a utf-16 declaration in a UTF-8 body",
            path: "/api/Licenses/Grant",
            body: format!(
                "<?xml version=\"1.0\" encoding=\"utf-16\"?><LicenseOperation {ENGINE}><LicenseID>{lic}</LicenseID><UserID>{alice}</UserID></LicenseOperation>"
            ),
            content_type: "application/xml; charset=utf-8",
            status: 400,
            kind: DiagnosticKind::ModelNull,
            says: "The encoding in the declaration 'utf-16' does not match the encoding of the document 'utf-8'.",
        },
        Case {
            name: "an empty element for a bool",
            path: "/api/Users",
            body: format!(
                "<UsersAddModels {ENGINE}><Email>dave</Email><Enabled /><Password>secret-123</Password></UsersAddModels>"
            ),
            content_type: "application/xml",
            status: 400,
            kind: DiagnosticKind::ModelNull,
            says: "The value '' cannot be parsed as the type 'Boolean'.",
        },
        Case {
            name: "an unknown element",
            path: "/api/Licenses/Grant",
            body: format!(
                "<LicenseOperation {ENGINE}><Licence>{lic}</Licence><LicenseID>{lic}</LicenseID><UserID>{alice}</UserID></LicenseOperation>"
            ),
            content_type: "application/xml",
            status: 200,
            kind: DiagnosticKind::Unknown,
            says: "<Licence> was dropped: LicenseOperation has no member of that name",
        },
    ];
    for case in cases {
        sandbox.take_diagnostics();
        let a = raw(
            &sandbox,
            "POST",
            case.path,
            &[
                ("Authorization", &auth),
                ("Content-Type", case.content_type),
                ("Accept", "application/json"),
            ],
            case.body.as_bytes(),
        );
        assert_eq!(a.status, case.status, "{}: {}", case.name, a.body);
        if case.status == 400 {
            assert!(
                a.body
                    .starts_with(r#"{"Message":"The request is invalid.","ModelState":{"model"#),
                "{}: {}",
                case.name,
                a.body
            );
        }
        let recorded = sandbox.take_diagnostics();
        let hit = recorded
            .iter()
            .find(|r| r.diagnostic.kind == case.kind)
            .unwrap_or_else(|| panic!("{}: {recorded:#?}", case.name));
        assert!(
            hit.diagnostic.message.contains(case.says),
            "{}: {}",
            case.name,
            hit.diagnostic.message
        );
        assert!(hit.diagnostic.kind.is_silent_loss());
        assert_eq!(hit.status, case.status);
        assert!(
            a.diagnostics
                .iter()
                .any(|h| h.starts_with(case.kind.code())),
            "{}: header {:?}",
            case.name,
            a.diagnostics
        );
    }
}

#[test]
fn users_can_be_created_and_a_duplicate_answers_200_with_the_error_text() {
    let sandbox = Sandbox::start().unwrap();
    let auth = bearer(&token(&sandbox));
    let body = format!(
        "<UsersAddModels {ENGINE}><Email>dave</Email><Enabled>true</Enabled><LicenseManagmentMode>Automatic</LicenseManagmentMode><Password>secret-123</Password></UsersAddModels>"
    );
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/xml"),
        ("Accept", "application/xml"),
    ];
    let a = raw(&sandbox, "POST", "/api/Users", &h, body.as_bytes());
    assert_eq!(a.status, 200);
    let dave = sandbox
        .users()
        .into_iter()
        .find(|u| u.email == "dave")
        .unwrap();
    assert_eq!(
        a.body,
        format!(
            "<string xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">{}</string>",
            dave.id
        )
    );
    assert_eq!(dave.license_mode, UserModeType::Automatic);
    let again = raw(&sandbox, "POST", "/api/Users", &h, body.as_bytes());
    assert_eq!(again.status, 200);
    assert_eq!(
        again.body,
        "<string xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">Email already exist</string>"
    );
}

/// 8 threads × 1,000 mixed operations at once; afterwards the books balance and nothing failed
/// except by a business rule.
#[test]
fn eight_threads_of_mixed_operations_keep_the_invariants() {
    const THREADS: usize = 8;
    const OPS: usize = 1000;
    let sandbox = Arc::new(Sandbox::builder().workers(8).start().unwrap());
    let seed_ids: BTreeSet<String> = sandbox.licenses().into_iter().map(|l| l.id).collect();
    let users: Vec<String> = sandbox.users().into_iter().map(|u| u.id).collect();
    let base = sandbox.client(Format::Json).unwrap();
    let start = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let client = base.with_format(if t % 2 == 0 { Format::Json } else { Format::Xml });
            let ids: Vec<String> = seed_ids.iter().cloned().collect();
            let users = users.clone();
            let start = Arc::clone(&start);
            let sandbox = Arc::clone(&sandbox);
            std::thread::spawn(move || {
                let mut rng = 0x9E37_79B9_7F4A_7C15u64 ^ (t as u64 + 1);
                let mut next = || {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    rng
                };
                let (mut ok, mut refused) = (0usize, 0usize);
                start.wait();
                for _ in 0..OPS {
                    let license = &ids[(next() % ids.len() as u64) as usize];
                    let user = &users[(next() % users.len() as u64) as usize];
                    let result = match next() % 7 {
                        0 => client.licenses().list().map(|l| assert_eq!(l.len(), ids.len())),
                        1 => client.licenses().get(license).map(|l| assert!(l.is_some())),
                        2 | 3 => client.licenses().grant_to_user(license, user),
                        4 => client.licenses().release_from_user(license, user),
                        5 => client.licenses().revoke_from_user(license, user),
                        _ => {
                            // The backup agent activates a granted license somewhere.
                            let _ = sandbox.activate(license, &format!("PC-{t}"), "Windows");
                            Ok(())
                        }
                    };
                    match result {
                        Ok(()) => ok += 1,
                        Err(Error::Api(e)) if e.status() == 400 => {
                            let m = e.message().unwrap_or_default();
                            assert!(
                                m.ends_with("is granted to another user") || m.contains("is not granted to user"),
                                "unexpected refusal: {m}"
                            );
                            refused += 1;
                        }
                        Err(other) => panic!("thread {t}: a request failed for a reason other than a business rule: {other}"),
                    }
                }
                (ok, refused)
            })
        })
        .collect();
    let mut total = (0, 0);
    for t in threads {
        let (ok, refused) = t.join().unwrap();
        total = (total.0 + ok, total.1 + refused);
    }
    assert_eq!(total.0 + total.1, THREADS * OPS);
    assert!(
        total.0 > 0 && total.1 > 0,
        "the mix exercised both outcomes: {total:?}"
    );

    // None lost, none duplicated, none held by two users, every holder real, states coherent.
    let after = sandbox.licenses();
    let ids: Vec<&str> = after.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>(),
        seed_ids
    );
    assert_eq!(ids.len(), seed_ids.len());
    for l in &after {
        match &l.user_id {
            Some(u) => {
                assert!(users.contains(u), "{l:?}");
                assert!(l.user.is_some(), "{l:?}");
            }
            None => {
                assert!(
                    l.user.is_none() && !l.is_taken && l.computer_name.is_none(),
                    "{l:?}"
                );
            }
        }
        assert_eq!(l.is_taken, l.computer_name.is_some(), "{l:?}");
    }
    // The API agrees with the handle, and the counts add up.
    let client = sandbox.client(Format::Xml).unwrap();
    let free = client.licenses().list_by_availability(true).unwrap();
    let used = client.licenses().list_by_availability(false).unwrap();
    assert_eq!(free.len() + used.len(), after.len());
    let per_user: usize = users
        .iter()
        .map(|u| {
            after
                .iter()
                .filter(|l| l.user_id.as_ref() == Some(u))
                .count()
        })
        .sum();
    assert_eq!(
        per_user + after.iter().filter(|l| l.user_id.is_none()).count(),
        after.len()
    );
    assert_eq!(free.len(), after.iter().filter(|l| l.is_free()).count());
    // The SDK never sent anything the server would drop (notes about carol's automatic mode aside).
    assert!(
        sandbox
            .diagnostics()
            .iter()
            .all(|r| r.diagnostic.kind == DiagnosticKind::Note),
        "{:#?}",
        sandbox.diagnostics().first()
    );
}
