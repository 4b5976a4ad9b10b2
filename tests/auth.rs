//! Login-based credentials: lazy login, reuse, renewal near expiry, one re-login on 401,
//! refused credentials, and one login for many threads.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::Duration;

use common::{ManualClock, assert_no_secret, ext, fixture, fixture_body};
use mockito::{Matcher, Mock, ServerGuard};
use mspbackups::{Client, Error, Exchange, Format};

/// The help-site sample credentials, so that the login body is pinned to the sample.
const API_LOGIN: &str = "sample string 1";
const API_PASSWORD: &str = "sample string 2";
const LOGIN: &str = "/api/Provider/Login";
const KATANA_JSON: &str = "application/json;charset=UTF-8";

fn token_json(token: &str, expires_in: u64) -> Vec<u8> {
    format!(
        r#"{{"access_token":"{token}","token_type":"bearer","expires_in":{expires_in},"userName":"{API_LOGIN}",".issued":"Sat, 28 Apr 2018 13:50:43 GMT",".expires":"Sat, 12 May 2018 13:50:43 GMT"}}"#
    )
    .into_bytes()
}

/// A login endpoint that checks the body against the documented sample and hands out
/// `T1`, `T2`, … in turn, after `delay`. Returns the mock and the number of logins so far.
fn login_endpoint(
    server: &mut ServerGuard,
    format: Format,
    expires_in: u64,
    delay: Duration,
) -> (Mock, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    let mock = server
        .mock("POST", LOGIN)
        .match_header("authorization", Matcher::Missing)
        .match_header("content-type", format.content_type())
        .match_body(Matcher::Exact(fixture_body(&format!(
            "provider/login.request.{}",
            ext(format)
        ))))
        .with_status(200)
        .with_header("content-type", KATANA_JSON)
        .with_body_from_request(move |_| {
            std::thread::sleep(delay);
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            token_json(&format!("T{n}"), expires_in)
        })
        .create();
    (mock, count)
}

/// `GET /api/Licenses` answering `[]` to `Bearer {token}`.
fn list_endpoint(server: &mut ServerGuard, token: &str, status: usize) -> Mock {
    server
        .mock("GET", "/api/Licenses")
        .match_header("authorization", format!("Bearer {token}").as_str())
        .with_status(status)
        .with_header("content-type", "application/json; charset=utf-8")
        .with_body(if status == 200 {
            "[]"
        } else {
            r#"{"Message":"Authorization has been denied for this request."}"#
        })
        .create()
}

fn login_client(server: &ServerGuard, format: Format) -> Client {
    Client::builder()
        .base_url(server.url())
        .credentials(API_LOGIN, API_PASSWORD)
        .format(format)
        .no_proxy()
        .build()
        .unwrap()
}

#[test]
fn logs_in_lazily_once_and_reuses_the_token() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let (_login, logins) = login_endpoint(&mut server, format, 1_209_599, Duration::ZERO);
        let list = list_endpoint(&mut server, "T1", 200).expect(4);
        let client = login_client(&server, format);
        assert_eq!(
            logins.load(Ordering::SeqCst),
            0,
            "building the client must not log in"
        );
        for _ in 0..3 {
            client.licenses().list().unwrap();
        }
        // A clone, and the same client in the other format, share the token.
        let other = if format == Format::Json {
            Format::Xml
        } else {
            Format::Json
        };
        client.clone().with_format(other).licenses().list().unwrap();
        assert_eq!(logins.load(Ordering::SeqCst), 1, "{format}");
        list.assert();
    }
}

/// A login client for `server` whose time the test moves by hand.
fn client_with_clock(server: &ServerGuard) -> (Client, ManualClock) {
    let clock = ManualClock::new();
    let client = Client::builder()
        .base_url(server.url())
        .credentials(API_LOGIN, API_PASSWORD)
        .clock(clock.clone())
        .no_proxy()
        .build()
        .unwrap();
    (client, clock)
}

#[test]
fn renews_the_token_when_less_than_five_minutes_remain() {
    let mut server = mockito::Server::new();
    let (_login, logins) = login_endpoint(&mut server, Format::Json, 3600, Duration::ZERO);
    let first = list_endpoint(&mut server, "T1", 200).expect(2);
    let second = list_endpoint(&mut server, "T2", 200).expect(1);
    let (client, clock) = client_with_clock(&server);

    client.licenses().list().unwrap(); // t = 0: login #1
    clock.advance(Duration::from_secs(3600 - 301)); // 5 min + 1 s left: still fresh
    client.licenses().list().unwrap();
    assert_eq!(logins.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(2)); // 4 min 59 s left: renew first
    client.licenses().list().unwrap();
    assert_eq!(logins.load(Ordering::SeqCst), 2);
    first.assert();
    second.assert();
}

/// Issue 9.4: a token living 5 minutes or less used to be renewed on every call (its renewal
/// point, 5 minutes before expiry, lay in the past). It now serves the first half of its life.
#[test]
fn a_short_lived_token_serves_the_first_half_of_its_life() {
    for (lifetime, still_fresh, renewed) in [(60, 29, 31), (300, 149, 151), (1, 0, 1)] {
        let mut server = mockito::Server::new();
        let (_login, logins) = login_endpoint(&mut server, Format::Json, lifetime, Duration::ZERO);
        let first = list_endpoint(&mut server, "T1", 200).expect(2);
        let second = list_endpoint(&mut server, "T2", 200).expect(1);
        let (client, clock) = client_with_clock(&server);
        client.licenses().list().unwrap(); // t = 0: login #1
        clock.advance(Duration::from_millis(still_fresh * 1000 + 400));
        client.licenses().list().unwrap();
        assert_eq!(logins.load(Ordering::SeqCst), 1, "lifetime {lifetime}");
        clock.advance(Duration::from_millis((renewed - still_fresh) * 1000 + 200));
        client.licenses().list().unwrap();
        assert_eq!(logins.load(Ordering::SeqCst), 2, "lifetime {lifetime}");
        first.assert();
        second.assert();
    }
}

#[test]
fn a_401_costs_exactly_one_fresh_login_and_one_retry() {
    let mut server = mockito::Server::new();
    let (_login, logins) = login_endpoint(&mut server, Format::Json, 1_209_599, Duration::ZERO);
    let stale = list_endpoint(&mut server, "T1", 401).expect(1);
    let fresh = list_endpoint(&mut server, "T2", 200).expect(1);
    let client = login_client(&server, Format::Json);
    assert_eq!(client.licenses().list().unwrap(), vec![]);
    assert_eq!(logins.load(Ordering::SeqCst), 2);
    stale.assert();
    fresh.assert();
}

#[test]
fn a_second_401_is_reported_without_another_login() {
    let mut server = mockito::Server::new();
    let (_login, logins) = login_endpoint(&mut server, Format::Json, 1_209_599, Duration::ZERO);
    let rejected = server
        .mock("GET", "/api/Licenses")
        .with_status(401)
        .with_header("content-type", "application/json; charset=utf-8")
        .with_body(fixture("errors/401-unauthorized.json"))
        .expect(2)
        .create();
    let client = login_client(&server, Format::Json);
    let err = client.licenses().list().unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert_eq!(logins.load(Ordering::SeqCst), 2);
    rejected.assert();
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("T1") && !shown.contains("T2") && !shown.contains(API_PASSWORD),
        "{shown}"
    );
}

#[test]
fn a_fixed_token_is_not_retried_on_401() {
    let mut server = mockito::Server::new();
    let login = server.mock("POST", LOGIN).expect(0).create();
    let list = list_endpoint(&mut server, "fixed", 401).expect(1);
    let client = Client::builder()
        .base_url(server.url())
        .token("fixed")
        .no_proxy()
        .build()
        .unwrap();
    assert!(matches!(
        client.licenses().list(),
        Err(Error::Unauthorized(_))
    ));
    list.assert();
    login.assert();
}

#[test]
fn wrong_credentials_are_an_authentication_error() {
    for (status, body) in [
        (
            400,
            fixture("provider/login.response-400-invalid-grant.json"),
        ),
        (403, br#"{"Message":"Forbidden"}"#.to_vec()),
    ] {
        let mut server = mockito::Server::new();
        let _login = server
            .mock("POST", LOGIN)
            .with_status(status)
            .with_header("content-type", KATANA_JSON)
            .with_body(body)
            .expect(2)
            .create();
        let list = server.mock("GET", "/api/Licenses").expect(0).create();
        let client = login_client(&server, Format::Xml);
        for err in [
            client.login().unwrap_err(),
            client.licenses().list().unwrap_err(),
        ] {
            assert!(matches!(err, Error::Authentication(_)), "{err:?}");
            assert_eq!(err.status(), Some(status as u16));
            assert!(!format!("{err}{err:?}").contains(API_PASSWORD));
            if status == 400 {
                assert_eq!(
                    err.api_error().unwrap().oauth_error(),
                    Some("invalid_grant")
                );
                assert_eq!(
                    err.to_string(),
                    "POST /api/Provider/Login refused the API login and password with HTTP 400 Bad Request: \
                     The user name or password is incorrect. (invalid_grant)"
                );
            }
        }
        list.assert();
    }
}

#[test]
fn eight_threads_at_once_cause_a_single_login() {
    let mut server = mockito::Server::new();
    // A slow login widens the window in which the other threads ask for a token.
    let (_login, logins) = login_endpoint(
        &mut server,
        Format::Json,
        1_209_599,
        Duration::from_millis(300),
    );
    let list = list_endpoint(&mut server, "T1", 200).expect(8);
    let client = login_client(&server, Format::Json);
    let start = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                client.licenses().list()
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    assert_eq!(logins.load(Ordering::SeqCst), 1);
    list.assert();
}

#[test]
fn explicit_login_checks_credentials_and_primes_the_cache() {
    let mut server = mockito::Server::new();
    let _login = server
        .mock("POST", LOGIN)
        .with_status(200)
        .with_header("content-type", KATANA_JSON)
        .with_body(fixture("provider/login.response.json"))
        .expect(1)
        .create();
    let documented_token = "fakeEkt8_niPVUehjYUSgKCTqC6w40s7aUfakez16m7egNZQkId1LMUhUEeMlNGfake";
    let list = list_endpoint(&mut server, documented_token, 200).expect(1);
    let client = login_client(&server, Format::Json);
    let token = client.login().unwrap();
    assert_eq!(token.access_token().expose(), documented_token);
    assert_eq!(token.token_type(), "bearer");
    assert_eq!(token.expires_in(), Some(1_209_599));
    assert_eq!(token.user_name(), Some("wejfiwejf"));
    assert_eq!(token.issued(), Some("Sat, 28 Apr 2018 13:50:43 GMT"));
    assert_eq!(token.expires(), Some("Sat, 12 May 2018 13:50:43 GMT"));
    assert!(!format!("{token:?}").contains(documented_token));
    client.licenses().list().unwrap();
    list.assert();
}

#[test]
fn login_needs_login_credentials() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .token("t")
        .no_proxy()
        .build()
        .unwrap();
    assert!(matches!(
        client.login(),
        Err(Error::MissingCredentials { .. })
    ));
}

#[test]
fn the_password_never_reaches_an_inspector_or_debug_output() {
    let mut server = mockito::Server::new();
    let (_login, _) = login_endpoint(&mut server, Format::Xml, 1_209_599, Duration::ZERO);
    let _list = list_endpoint(&mut server, "T1", 200);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let client = Client::builder()
        .base_url(server.url())
        .credentials(API_LOGIN, API_PASSWORD)
        .format(Format::Xml)
        .no_proxy()
        .inspector(move |x: &Exchange<'_>| {
            let mut s = sink.lock().unwrap();
            s.push(format!("{}\n{:?}", x.request(), x.request()));
            s.push(String::from_utf8_lossy(x.request().body().unwrap_or_default()).into_owned());
        })
        .build()
        .unwrap();
    client.licenses().list().unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 4, "a login and a list");
    for text in seen.iter() {
        assert!(!text.contains(API_PASSWORD), "{text}");
    }
    assert!(
        seen[0].contains("<Password>&lt;redacted&gt;</Password>"),
        "{}",
        seen[0]
    );
    assert!(seen[0].contains("<UserName>sample string 1</UserName>"));
    for shown in [
        format!("{client:?}"),
        format!("{:?}", Client::builder().credentials("u", API_PASSWORD)),
    ] {
        assert!(!shown.contains(API_PASSWORD), "{shown}");
    }
}

#[test]
fn bad_credentials_settings_are_refused_before_any_io() {
    for (login, password) in [("", "pw-ok"), ("u", "pw"), ("u", &"x".repeat(101))] {
        let err = Client::builder()
            .credentials(login, password)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        assert_no_secret(&err);
    }
}
