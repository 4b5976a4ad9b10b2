//! Production hardening: time limits, retries, the response size cap, HTTPS and redirects,
//! and secrets in every printable type. No test sleeps for real: waits go to a recording sleeper.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{RecordingSleeper, Scripted, Step, TOKEN, assert_no_secret};
use mspbackups::retry::RetryPolicy;
use mspbackups::{Client, Error, Exchange, Format, LicenseOperation, TransportErrorKind};

const PASSWORD: &str = "pw-SECRET-4242";

fn client(url: &str, sleeper: &RecordingSleeper, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(url)
        .token(TOKEN)
        .no_proxy()
        .retry(policy)
        .sleeper(sleeper.clone())
        .build()
        .unwrap()
}

/// Accepts connections, reads what comes, never answers.
fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for mut s in listener.incoming().flatten() {
            let _ = s.set_read_timeout(Some(Duration::from_millis(20)));
            let _ = s.read(&mut [0u8; 4096]);
            held.push(s);
        }
    });
    url
}

/// A call of the SDK's, by name.
type Call = (&'static str, fn(&Client) -> Result<(), Error>);

/// Scheduler slack allowed past a time limit on a loaded machine (timing is not what is measured).
const SLACK: Duration = Duration::from_secs(3);
/// Kernel timers may fire a little before the limit (seen: 299.85 ms for 300 ms).
const EARLY: Duration = Duration::from_millis(20);

/// Every call the SDK has.
fn every_call() -> Vec<Call> {
    vec![
        ("list", |c| c.licenses().list().map(drop)),
        ("list_by_availability", |c| {
            c.licenses().list_by_availability(true).map(drop)
        }),
        ("get", |c| c.licenses().get("L").map(drop)),
        ("grant", |c| c.licenses().grant_to_user("L", "U")),
        ("release", |c| c.licenses().release_from_user("L", "U")),
        ("revoke", |c| c.licenses().revoke_from_user("L", "U")),
    ]
}

#[test]
fn every_call_ends_within_the_call_timeout_against_a_silent_server() {
    let url = silent_server();
    let limit = Duration::from_millis(300);
    let sleeper = RecordingSleeper::default();
    let with_token = Client::builder()
        .base_url(&url)
        .token(TOKEN)
        .no_proxy()
        .timeout(limit)
        .sleeper(sleeper.clone())
        .build()
        .unwrap();
    let with_login = Client::builder()
        .base_url(&url)
        .credentials("api", PASSWORD)
        .no_proxy()
        .timeout(limit)
        .sleeper(sleeper.clone())
        .build()
        .unwrap();
    let mut calls = every_call();
    calls.push(("login", |c| c.login().map(drop)));
    for (name, call) in calls {
        let c = if name == "login" {
            &with_login
        } else {
            &with_token
        };
        let started = Instant::now();
        let err = call(c).unwrap_err();
        let took = started.elapsed();
        assert!(
            matches!(
                err,
                Error::Timeout {
                    phase: mspbackups::TimeoutPhase::Call,
                    ..
                }
            ),
            "{name}: {err:?}"
        );
        assert!(
            took + EARLY >= limit && took < limit + SLACK,
            "{name}: {took:?}"
        );
        assert_no_secret(&err);
    }
    assert!(sleeper.waits().is_empty(), "a call timeout is not retried");
}

/// A listener whose accept queue is full: the next connect hangs in SYN_SENT.
fn hanging_connect() -> (socket2::Socket, std::net::TcpStream, String) {
    use socket2::{Domain, Socket, Type};
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener
        .bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    listener.listen(0).unwrap();
    let addr = listener.local_addr().unwrap().as_socket().unwrap();
    let filler = std::net::TcpStream::connect(addr).unwrap();
    (listener, filler, format!("http://{addr}"))
}

#[test]
fn a_connect_that_hangs_ends_at_the_connect_timeout_and_is_retried() {
    let (_listener, _filler, url) = hanging_connect();
    let limit = Duration::from_millis(300);
    let sleeper = RecordingSleeper::default();
    let build = |policy| {
        Client::builder()
            .base_url(&url)
            .token(TOKEN)
            .no_proxy()
            .connect_timeout(limit)
            .retry(policy)
            .sleeper(sleeper.clone())
            .build()
            .unwrap()
    };
    let started = Instant::now();
    let err = build(RetryPolicy::none())
        .licenses()
        .revoke_from_user("L", "U")
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(
            err,
            Error::Timeout {
                phase: mspbackups::TimeoutPhase::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(took + EARLY >= limit && took < limit + SLACK, "{took:?}");
    assert_eq!(
        err.to_string(),
        "POST /api/Licenses/Revoke timed out: no complete answer within the 300ms connect limit"
    );

    // Nothing reached the server, so even a POST is tried again, three attempts in all.
    let started = Instant::now();
    let err = build(RetryPolicy::default())
        .licenses()
        .revoke_from_user("L", "U")
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Timeout {
            phase: mspbackups::TimeoutPhase::Connect,
            ..
        }
    ));
    assert_eq!(sleeper.waits().len(), 2);
    assert!(started.elapsed() < 3 * limit + SLACK);
}

#[test]
fn a_503_then_200_is_retried_once_after_a_jittered_wait() {
    let server = Scripted::start(vec![Step::status(503), Step::json(200, "[]")]);
    let sleeper = RecordingSleeper::default();
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&attempts);
    let c = Client::builder()
        .base_url(&server.url)
        .token(TOKEN)
        .no_proxy()
        .sleeper(sleeper.clone())
        .inspector(move |x: &Exchange<'_>| seen.lock().unwrap().push((x.attempt(), x.status())))
        .build()
        .unwrap();
    assert!(c.licenses().list().unwrap().is_empty());
    assert_eq!(server.hits(), 2);
    assert_eq!(
        *attempts.lock().unwrap(),
        vec![(1, Some(503)), (2, Some(200))]
    );
    let waits = sleeper.waits();
    assert_eq!(waits.len(), 1);
    assert!(
        waits[0] <= Duration::from_millis(250),
        "full jitter below the first step: {waits:?}"
    );
}

#[test]
fn retry_after_in_seconds_is_honoured_exactly() {
    let server = Scripted::start(vec![
        Step::Reply(429, vec![("Retry-After", "7".into())], String::new()),
        Step::status(200),
    ]);
    let sleeper = RecordingSleeper::default();
    client(&server.url, &sleeper, RetryPolicy::default())
        .licenses()
        .revoke_from_user("L", "U")
        .unwrap();
    assert_eq!(sleeper.waits(), vec![Duration::from_secs(7)]);
    assert_eq!(
        server.hits(),
        2,
        "429 means not processed, so even a POST is retried"
    );
}

/// A clock whose wall time is fixed, for `Retry-After` dates.
struct FixedWall(SystemTime);

impl mspbackups::auth::Clock for FixedWall {
    fn now(&self) -> Instant {
        Instant::now()
    }
    fn wall(&self) -> SystemTime {
        self.0
    }
}

#[test]
fn retry_after_as_an_http_date_is_measured_against_the_clock() {
    let server = Scripted::start(vec![
        Step::Reply(
            503,
            vec![("Retry-After", "Sun, 06 Nov 1994 08:49:49 GMT".into())],
            String::new(),
        ),
        Step::json(200, "[]"),
    ]);
    let sleeper = RecordingSleeper::default();
    let c = Client::builder()
        .base_url(&server.url)
        .token(TOKEN)
        .no_proxy()
        .sleeper(sleeper.clone())
        .clock(FixedWall(UNIX_EPOCH + Duration::from_secs(784_111_777))) // 08:49:37 GMT
        .build()
        .unwrap();
    c.licenses().list().unwrap();
    assert_eq!(sleeper.waits(), vec![Duration::from_secs(12)]);
}

#[test]
fn a_retry_after_beyond_the_cap_returns_the_error_at_once() {
    let server = Scripted::start(vec![Step::Reply(
        503,
        vec![
            ("Retry-After", "3600".into()),
            ("Content-Type", "application/json".into()),
        ],
        r#"{"Message":"Maintenance"}"#.into(),
    )]);
    let sleeper = RecordingSleeper::default();
    let err = client(&server.url, &sleeper, RetryPolicy::default())
        .licenses()
        .list()
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.api_error().unwrap().message(), Some("Maintenance"));
    assert_eq!(server.hits(), 1);
    assert!(sleeper.waits().is_empty());
}

#[test]
fn gateway_errors_are_retried_for_reads_only_unless_the_user_opts_in() {
    for status in [502, 504] {
        let sleeper = RecordingSleeper::default();
        let read = Scripted::start(vec![Step::status(status), Step::json(200, "[]")]);
        client(&read.url, &sleeper, RetryPolicy::default())
            .licenses()
            .list()
            .unwrap();
        assert_eq!(read.hits(), 2, "{status}: a read is retried");

        let write = Scripted::start(vec![Step::status(status), Step::status(200)]);
        let err = client(&write.url, &sleeper, RetryPolicy::default())
            .licenses()
            .revoke_from_user("L", "U")
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(
            write.hits(),
            1,
            "{status}: a revoke that may have run is not repeated"
        );

        let opted = Scripted::start(vec![Step::status(status), Step::status(200)]);
        client(
            &opted.url,
            &sleeper,
            RetryPolicy::default().retry_non_idempotent(true),
        )
        .licenses()
        .revoke_from_user("L", "U")
        .unwrap();
        assert_eq!(opted.hits(), 2, "{status}: opted in");
    }
}

#[test]
fn other_failures_are_never_retried() {
    for status in [400, 403, 404, 405, 409, 415, 500] {
        let server = Scripted::start(vec![
            Step::json(status, r#"{"Message":"no"}"#),
            Step::json(200, "[]"),
        ]);
        let sleeper = RecordingSleeper::default();
        let err = client(&server.url, &sleeper, RetryPolicy::default())
            .licenses()
            .list()
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(server.hits(), 1, "{status}");
        assert!(sleeper.waits().is_empty());
    }
}

#[test]
fn refused_connections_are_retried_up_to_the_attempt_limit_with_growing_waits() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sleeper = RecordingSleeper::default();
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&attempts);
    let c = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token(TOKEN)
        .no_proxy()
        .retry(RetryPolicy::default().max_attempts(4))
        .sleeper(sleeper.clone())
        .inspector(move |x: &Exchange<'_>| seen.lock().unwrap().push(x.attempt()))
        .build()
        .unwrap();
    let err = c
        .licenses()
        .grant(&LicenseOperation::new("L", "U"))
        .unwrap_err();
    match &err {
        Error::Transport(t) => assert_eq!(t.kind(), TransportErrorKind::ConnectionRefused),
        other => panic!("{other:?}"),
    }
    assert_eq!(*attempts.lock().unwrap(), vec![1, 2, 3, 4]);
    let waits = sleeper.waits();
    assert_eq!(waits.len(), 3);
    for (i, w) in waits.iter().enumerate() {
        assert!(*w <= Duration::from_millis(250 << i), "wait {i}: {w:?}");
    }
}

#[test]
fn a_connection_lost_mid_call_is_retried_for_reads_only() {
    let sleeper = RecordingSleeper::default();
    let read = Scripted::start(vec![Step::Hangup, Step::json(200, "[]")]);
    client(&read.url, &sleeper, RetryPolicy::default())
        .licenses()
        .list()
        .unwrap();
    assert_eq!(read.hits(), 2);

    let write = Scripted::start(vec![Step::Hangup, Step::status(200)]);
    let err = client(&write.url, &sleeper, RetryPolicy::default())
        .licenses()
        .release_from_user("L", "U")
        .unwrap_err();
    match &err {
        Error::Transport(t) => {
            assert_eq!(t.kind(), TransportErrorKind::ConnectionLost);
            assert!(!t.kind().request_not_sent());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(write.hits(), 1);
}

#[test]
fn attempts_run_out_and_the_last_answer_is_returned() {
    let server = Scripted::start(vec![Step::json(503, r#"{"Message":"busy"}"#)]);
    let sleeper = RecordingSleeper::default();
    let err = client(&server.url, &sleeper, RetryPolicy::default())
        .licenses()
        .list()
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.hits(), 3);
    assert_eq!(sleeper.waits().len(), 2);
    let none = Scripted::start(vec![Step::status(503)]);
    client(&none.url, &sleeper, RetryPolicy::none())
        .licenses()
        .list()
        .unwrap_err();
    assert_eq!(none.hits(), 1);
}

#[test]
fn an_oversized_body_is_refused_with_a_clear_error() {
    let big = "x".repeat(2 * 1024 * 1024);
    let server = Scripted::start(vec![Step::Reply(
        200,
        vec![("Content-Type", "application/json".into())],
        big,
    )]);
    let c = Client::builder()
        .base_url(&server.url)
        .token(TOKEN)
        .no_proxy()
        .max_response_bytes(1024 * 1024)
        .build()
        .unwrap();
    let err = c.licenses().list().unwrap_err();
    match &err {
        Error::ResponseTooLarge { limit, .. } => assert_eq!(*limit, 1024 * 1024),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "the HTTP 200 response of GET /api/Licenses exceeded the 1048576-byte response size limit"
    );
    assert_eq!(err.status(), Some(200));

    let huge = "y".repeat(9 * 1024 * 1024);
    let server = Scripted::start(vec![Step::Reply(
        500,
        vec![("Content-Type", "text/html".into())],
        huge,
    )]);
    let sleeper = RecordingSleeper::default();
    let err = client(&server.url, &sleeper, RetryPolicy::default())
        .licenses()
        .list()
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                limit: 8_388_608,
                status: 500,
                ..
            }
        ),
        "{err:?}"
    );
    // Issue 9.8: the status of a too-large answer is kept.
    assert_eq!(err.status(), Some(500));
}

#[test]
fn plain_http_is_refused_for_remote_hosts_before_any_io() {
    for url in [
        "http://api.mspbackups.com",
        "http://10.1.2.3:8080",
        "http://mspbackups.com/mbsapi",
    ] {
        let err = Client::builder()
            .base_url(url)
            .token(TOKEN)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{url}");
        assert!(err.to_string().contains("clear text"), "{err}");
    }
    for url in [
        "https://api.mspbackups.com",
        "http://127.0.0.1:1",
        "http://localhost:2",
        "http://[::1]:3",
    ] {
        Client::builder()
            .base_url(url)
            .token(TOKEN)
            .build()
            .unwrap();
    }
    Client::builder()
        .base_url("http://10.1.2.3:8080")
        .allow_insecure_http(true)
        .token(TOKEN)
        .build()
        .unwrap();
}

#[test]
fn a_redirect_to_another_host_never_receives_the_token() {
    let elsewhere = Scripted::start(vec![Step::json(200, "[]")]);
    let origin = Scripted::start(vec![Step::Reply(
        302,
        vec![(
            "Location",
            format!(
                "{}/api/Licenses",
                elsewhere.url.replace("127.0.0.1", "localhost")
            ),
        )],
        String::new(),
    )]);
    let sleeper = RecordingSleeper::default();
    let err = client(&origin.url, &sleeper, RetryPolicy::default())
        .licenses()
        .list()
        .unwrap_err();
    assert_eq!(err.status(), Some(302));
    assert!(
        err.api_error()
            .unwrap()
            .location()
            .unwrap()
            .ends_with("/api/Licenses")
    );
    assert_eq!(
        elsewhere.hits(),
        0,
        "the redirect was not followed, so no token went elsewhere"
    );
    assert_eq!(origin.hits(), 1);
    assert!(
        origin.seen()[0]
            .headers
            .iter()
            .any(|(k, v)| k == "authorization" && v == &format!("Bearer {TOKEN}"))
    );
}

fn token_json(token: &str) -> String {
    format!(
        r#"{{"access_token":"{token}","token_type":"bearer","expires_in":1209599,"userName":"api"}}"#
    )
}

/// Formats every public type that can hold the token or the password, with `{:?}`, `{:#?}` and
/// (where it has one) `{}`, and looks for either secret.
#[test]
fn no_public_type_shows_a_secret() {
    let mut shown: Vec<String> = Vec::new();
    let show_err = |e: &Error, shown: &mut Vec<String>| {
        shown.push(format!("{e} {e:?} {e:#?}"));
        let mut s = std::error::Error::source(e);
        while let Some(x) = s {
            shown.push(format!("{x} {x:?}"));
            s = x.source();
        }
        if let Some(a) = e.api_error() {
            shown.push(format!(
                "{a} {a:?} {:?} {:?}",
                a.raw_body(),
                a.body_excerpt()
            ));
        }
    };

    let secret = mspbackups::Secret::new(TOKEN);
    shown.push(format!("{secret:?} {secret:#?}"));
    let login = mspbackups::models::LoginRequest::new("api", PASSWORD);
    shown.push(format!("{login:?} {login:#?}"));
    for b in [
        Client::builder().token(TOKEN),
        Client::builder().credentials("api", PASSWORD),
        Client::builder().proxy(format!("http://u:{PASSWORD}@proxy:3128")),
    ] {
        shown.push(format!("{b:?} {b:#?}"));
    }

    // A login-based client against a server that echoes secrets back and fails in many ways.
    let server = Scripted::start(vec![
        Step::json(200, &token_json(TOKEN)),
        Step::json(
            400,
            &format!(
                r#"{{"Message":"bad {TOKEN} {PASSWORD}","ModelState":{{"{TOKEN}":["{PASSWORD}"]}}}}"#
            ),
        ),
        Step::json(
            401,
            r#"{"Message":"Authorization has been denied for this request."}"#,
        ),
        Step::json(200, &token_json(TOKEN)),
        Step::json(401, &format!(r#"{{"Message":"denied {TOKEN}"}}"#)),
        Step::Reply(
            200,
            vec![("Content-Type", "text/html".into())],
            format!("<html><title>{TOKEN}</title></html>"),
        ),
        Step::json(200, &format!(r#"[{{"ID":"{TOKEN}"}}]"#)),
        Step::json(
            400,
            &format!(r#"{{"error":"invalid_grant","error_description":"{PASSWORD} is wrong"}}"#),
        ),
    ]);
    let exchanges = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&exchanges);
    let c = Client::builder()
        .base_url(&server.url)
        .credentials("api", PASSWORD)
        .no_proxy()
        .retry(RetryPolicy::none())
        .inspector(move |x: &Exchange<'_>| {
            sink.lock()
                .unwrap()
                .push(format!("{x:?} {:?} {}", x.request(), x.request()))
        })
        .build()
        .unwrap();
    shown.push(format!("{c:?} {c:#?}"));
    let token = c.login().unwrap();
    shown.push(format!("{token:?} {token:#?}"));
    for result in [
        c.licenses().revoke_from_user("L", "U"), // 400 echoing both
        c.licenses().list().map(drop),           // 401, re-login, 401 echoing the token
        c.licenses().grant_to_user("L", "U"),    // 200 with an HTML page naming the token
        c.licenses().list().map(drop),           // a body that doesn't decode
        c.login().map(drop),                     // refused login echoing the password
        c.licenses().revoke_from_user("", "U"),  // invalid input
        c.licenses()
            .revoke(&LicenseOperation::new("a\u{1}", "U"))
            .and_then(|_| c.licenses().list().map(drop)),
    ] {
        let e = result.unwrap_err();
        show_err(&e, &mut shown);
    }
    let xml = c.with_format(Format::Xml);
    show_err(
        &xml.licenses()
            .revoke(&LicenseOperation::new("a\u{1}", "U"))
            .unwrap_err(),
        &mut shown,
    );
    show_err(
        &Client::builder().token("a\nb").build().unwrap_err(),
        &mut shown,
    );
    show_err(
        &Client::builder()
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap()
            .licenses()
            .list()
            .unwrap_err(),
        &mut shown,
    );
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token(TOKEN)
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    show_err(&refused.licenses().list().unwrap_err(), &mut shown);
    let slow = Client::builder()
        .base_url(silent_server())
        .token(TOKEN)
        .no_proxy()
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    show_err(&slow.licenses().list().unwrap_err(), &mut shown);
    shown.extend(exchanges.lock().unwrap().iter().cloned());

    #[cfg(feature = "sandbox")]
    {
        let sandbox = mspbackups::sandbox::Sandbox::builder()
            .api_credentials("api", PASSWORD)
            .start()
            .unwrap();
        shown.push(format!(
            "{sandbox:?} {:?}",
            mspbackups::sandbox::Sandbox::builder().api_credentials("api", PASSWORD)
        ));
        let sc = sandbox.client(Format::Json).unwrap();
        sc.licenses().list().unwrap();
        shown.push(format!("{sc:?} {:?}", sandbox.diagnostics()));
    }

    assert!(shown.len() > 30, "{}", shown.len());
    for text in &shown {
        assert!(
            !text.contains(TOKEN) && !text.contains("SECRET"),
            "secret shown: {text}"
        );
        assert!(!text.contains(PASSWORD), "password shown: {text}");
    }
}
