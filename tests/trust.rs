//! Issue 9's trust fixes, one test (or more) per failure found by a first-time user and hostile
//! servers: secrets in inspector views and cut texts, DNS failures, short-lived and failing
//! logins, the per-call deadline, and the small ones. Each failed before the fix.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{ManualClock, RecordingSleeper, Scripted, Step, error_texts};
use mockito::Matcher;
use mspbackups::retry::{RetryPolicy, Sleeper};
use mspbackups::{Client, Error, Exchange, Format, TimeoutPhase, TransportErrorKind};

const LOGIN: &str = "/api/Provider/Login";
const API_LOGIN: &str = "api-login";
const PASSWORD: &str = "PWSECRET&pass/7d1e";
const TOKEN: &str = "TOKSECRET-9f8e7d6c5b4a39281706";

fn token_json(token: &str, expires_in: u64) -> String {
    format!(
        r#"{{"access_token":"{token}","token_type":"bearer","expires_in":{expires_in},"refresh_token":"RFRSECRET-0011","userName":"{API_LOGIN}"}}"#
    )
}

/// Every string an exchange can show: its `Debug`, the request's `Display` and `Debug`, the
/// response body, and the error.
fn views(x: &Exchange<'_>) -> Vec<String> {
    let mut v = vec![
        format!("{x:?}"),
        format!("{x:#?}"),
        x.request().to_string(),
        format!("{:?}", x.request()),
        x.url().to_owned(),
    ];
    if let Some(b) = x.response_body() {
        v.push(String::from_utf8_lossy(b).into_owned());
    }
    if let Some(e) = x.error() {
        v.push(format!("{e} {e:?}"));
    }
    v
}

/// Fails if any of `texts` holds four or more leading characters of a secret.
fn assert_clean(texts: &[String], secrets: &[&str]) {
    for t in texts {
        for s in secrets {
            for n in 4..=s.len() {
                assert!(!t.contains(&s[..n]), "{:?} leaks in: {t}", &s[..n]);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1. The token is printed.
// ---------------------------------------------------------------------------------------------

#[test]
fn no_inspector_view_of_a_login_or_a_later_answer_shows_a_secret() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let _login = server
            .mock("POST", LOGIN)
            .with_status(200)
            .with_header("content-type", "application/json;charset=UTF-8")
            .with_body(token_json(TOKEN, 1_209_599))
            .create();
        // A later answer that echoes the token and the password back (a debugging proxy, a
        // misbehaving server): its body is shown redacted too.
        let _list = server
            .mock("GET", "/api/Licenses")
            .match_header("authorization", format!("Bearer {TOKEN}").as_str())
            .with_status(200)
            .with_header("content-type", "application/json; charset=utf-8")
            .with_body(format!(
                r#"[] "seen: Bearer {TOKEN} with {PASSWORD}, {}, {} or {}""#,
                PASSWORD.replace('/', "\\/"),
                PASSWORD.replace('&', "&amp;"),
                PASSWORD.replace('&', "%26").replace('/', "%2F"),
            ))
            .create();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = Arc::clone(&seen);
        let client = Client::builder()
            .base_url(server.url())
            .credentials(API_LOGIN, PASSWORD)
            .format(format)
            .no_proxy()
            .inspector(move |x: &Exchange<'_>| log.lock().unwrap().extend(views(x)))
            .build()
            .unwrap();
        let _ = client.licenses().list(); // the body is not a list: an error, also checked
        let err = client.licenses().list().unwrap_err();
        assert_clean(&error_texts(&err), &[TOKEN, PASSWORD, "RFRSECRET-0011"]);
        let token = client.login().unwrap();
        assert_eq!(
            token.access_token().expose(),
            TOKEN,
            "the caller still gets it"
        );
        let seen = seen.lock().unwrap();
        assert!(seen.len() >= 12, "{format}: {}", seen.len());
        assert!(
            seen.iter()
                .any(|t| t.contains(r#""access_token":"<redacted>""#)),
            "{format}: the login answer is shown, redacted"
        );
        assert!(
            seen.iter()
                .any(|t| t.contains(r#""refresh_token":"<redacted>""#))
        );
        assert_clean(&seen, &[TOKEN, PASSWORD, "RFRSECRET-0011"]);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. A secret cut at a truncation point leaks its start.
// ---------------------------------------------------------------------------------------------

/// One server answering every request with `bodies[i]` in turn (then the last one).
fn answering(bodies: Vec<(u16, &'static str, String)>) -> Scripted {
    Scripted::start(
        bodies
            .into_iter()
            .map(|(status, ct, body)| Step::Reply(status, vec![("Content-Type", ct.into())], body))
            .collect(),
    )
}

#[test]
fn a_secret_at_any_cut_position_never_shows_its_start() {
    // Cut positions of the stored message (4,096), the excerpt (512), raw_body (2,048 bytes) and
    // Display (500 characters of a message), each tried with the secret starting up to its
    // length before the cut and a few characters after.
    let cuts = [4096usize, 512, 2048, 500];
    let mut cases: Vec<(u16, &'static str, String)> = Vec::new();
    for cut in cuts {
        for before in (cut.saturating_sub(TOKEN.len() + 2))..=(cut + 2) {
            let pad = "x".repeat(before);
            cases.push((
                500,
                "application/json",
                format!(r#"{{"Message":"{pad}{TOKEN}"}}"#),
            ));
            cases.push((
                500,
                "application/xml",
                format!("<Error><Message>{pad}{TOKEN}</Message></Error>"),
            ));
            cases.push((
                502,
                "text/html",
                format!("<html><body>{pad}{TOKEN}</body></html>"),
            ));
            cases.push((400, "application/json", format!("[\"{pad}{TOKEN}\"")));
        }
    }
    let n = cases.len();
    let server = answering(cases);
    let client = Client::builder()
        .base_url(&server.url)
        .token(TOKEN)
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    for format in Format::ALL {
        let _ = format; // the error reader goes by the answer's own Content-Type
    }
    let mut redacted = 0;
    for _ in 0..n {
        let err = client.licenses().revoke_from_user("L", "U").unwrap_err();
        let texts = error_texts(&err);
        assert_clean(&texts, &[TOKEN]);
        if texts
            .iter()
            .any(|t| t.contains("<redacted>") || t.contains("<reda"))
        {
            redacted += 1;
        }
    }
    assert!(redacted > n / 2, "{redacted} of {n}");
}

#[test]
fn a_login_error_that_echoes_the_password_never_shows_its_start() {
    for before in (4096 - PASSWORD.len() - 2)..=4098 {
        let pad = "x".repeat(before);
        let server = answering(vec![(
            400,
            "application/json;charset=UTF-8",
            format!(r#"{{"error":"invalid_grant","error_description":"{pad}{PASSWORD}"}}"#),
        )]);
        let client = Client::builder()
            .base_url(&server.url)
            .credentials(API_LOGIN, PASSWORD)
            .no_proxy()
            .build()
            .unwrap();
        let err = client.login().unwrap_err();
        assert!(matches!(err, Error::Authentication(_)), "{err:?}");
        assert_clean(&error_texts(&err), &[PASSWORD]);
    }
}

// ---------------------------------------------------------------------------------------------
// 3. DNS failures are `Transport(Io)` and never retried.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_name_that_does_not_resolve_is_a_dns_failure_retried_by_the_policy() {
    for format in Format::ALL {
        let sleeper = RecordingSleeper::default();
        let client = Client::builder()
            .base_url("https://api.mspbackups-test.invalid")
            .token(TOKEN)
            .format(format)
            .no_proxy()
            .sleeper(sleeper.clone())
            .build()
            .unwrap();
        let err = client.licenses().revoke_from_user("L", "U").unwrap_err();
        let Error::Transport(t) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(t.kind(), TransportErrorKind::Dns, "{err:?}");
        assert!(t.kind().request_not_sent());
        assert_eq!(t.unresolved_host(), Some("api.mspbackups-test.invalid"));
        assert_eq!(
            err.to_string(),
            "POST /api/Licenses/Revoke failed: could not resolve host \
             `api.mspbackups-test.invalid` (the request was not sent)"
        );
        assert_eq!(sleeper.waits().len(), 2, "3 attempts, 2 waits ({format})");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Short-lived tokens, measured with many threads.
// ---------------------------------------------------------------------------------------------

#[cfg(feature = "sandbox")]
#[test]
fn short_lived_tokens_are_shared_by_16_threads_x_200_calls() {
    use mspbackups::sandbox::Sandbox;
    for lifetime in [1u64, 60, 300] {
        let sandbox = Sandbox::builder()
            .token_lifetime(Duration::from_secs(lifetime))
            .start()
            .unwrap();
        let logins = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&logins);
        let client = Client::builder()
            .base_url(sandbox.base_url())
            .credentials(sandbox.api_login(), sandbox.api_password().clone())
            .no_proxy()
            .inspector(move |x: &Exchange<'_>| {
                if x.request().path() == LOGIN {
                    count.fetch_add(1, Ordering::SeqCst);
                }
            })
            .build()
            .unwrap();
        let started = Instant::now();
        std::thread::scope(|s| {
            for t in 0..16 {
                let c = client.with_format(if t % 2 == 0 {
                    Format::Json
                } else {
                    Format::Xml
                });
                s.spawn(move || {
                    for _ in 0..200 {
                        c.licenses().list().unwrap();
                    }
                });
            }
        });
        let elapsed = started.elapsed();
        let logins = logins.load(Ordering::SeqCst);
        println!("expires_in {lifetime:>3}: {logins} logins for 3,200 calls in {elapsed:.2?}");
        // A token serves half its life: at most one login per half lifetime, plus the first.
        let bound = 1 + (elapsed.as_secs_f64() / (lifetime as f64 / 2.0)).ceil() as usize;
        assert!(logins <= bound, "{lifetime}: {logins} > {bound}");
        assert!(logins < 3200 / 10, "{lifetime}: {logins}");
    }
}

// ---------------------------------------------------------------------------------------------
// 5. A failed login is not shared.
// ---------------------------------------------------------------------------------------------

/// A server that accepts connections and never answers; counts the connections.
fn silent_login_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&accepted);
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for mut s in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            let _ = s.set_read_timeout(Some(Duration::from_millis(20)));
            let _ = s.read(&mut [0u8; 4096]);
            held.push(s);
        }
    });
    (url, accepted)
}

#[test]
fn threads_waiting_for_a_silent_login_share_its_timeout() {
    for threads in [4usize, 16] {
        let (url, connections) = silent_login_server();
        let client = Client::builder()
            .base_url(&url)
            .credentials(API_LOGIN, PASSWORD)
            .timeout(Duration::from_secs(2))
            .no_proxy()
            .build()
            .unwrap();
        let started = Instant::now();
        let errors: Vec<Error> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let c = client.clone();
                    s.spawn(move || c.licenses().list().unwrap_err())
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let elapsed = started.elapsed();
        println!("{threads} threads against a silent login, 2 s timeout: {elapsed:.2?}");
        for e in &errors {
            assert!(
                matches!(
                    e,
                    Error::Timeout {
                        phase: TimeoutPhase::Call,
                        ..
                    }
                ),
                "{e:?}"
            );
            assert!(
                e.to_string()
                    .starts_with("POST /api/Provider/Login timed out"),
                "{e}"
            );
        }
        assert_eq!(
            connections.load(Ordering::SeqCst),
            1,
            "one login for {threads} threads"
        );
        assert!(
            elapsed < Duration::from_millis(3900),
            "{threads}: {elapsed:?}"
        );
    }
}

#[test]
fn threads_waiting_for_a_refused_login_get_its_error_and_no_login_of_their_own() {
    let mut server = mockito::Server::new();
    let logins = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&logins);
    let _login = server
        .mock("POST", LOGIN)
        .with_status(400)
        .with_header("content-type", "application/json;charset=UTF-8")
        .with_body_from_request(move |_| {
            count.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(300));
            br#"{"error":"invalid_grant","error_description":"The user name or password is incorrect."}"#.to_vec()
        })
        .create();
    let client = Client::builder()
        .base_url(server.url())
        .credentials(API_LOGIN, PASSWORD)
        .no_proxy()
        .build()
        .unwrap();
    let errors: Vec<Error> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|_| {
                let c = client.clone();
                s.spawn(move || c.licenses().list().unwrap_err())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for e in &errors {
        let Error::Authentication(a) = e else {
            panic!("{e:?}")
        };
        assert_eq!(a.oauth_error(), Some("invalid_grant"));
    }
    // Threads that arrive after the failure start a new login: at most one per failure, and
    // with all 16 waiting on the first one, usually one in all.
    let n = logins.load(Ordering::SeqCst);
    println!("16 threads, refused login: {n} login(s)");
    assert!(n <= 2, "{n} logins for 16 threads");
}

// ---------------------------------------------------------------------------------------------
// 6. One call has no overall bound.
// ---------------------------------------------------------------------------------------------

/// A sleeper that moves a manual clock instead of waiting.
#[derive(Clone)]
struct ClockSleeper {
    clock: ManualClock,
    waits: Arc<Mutex<Vec<Duration>>>,
}

impl Sleeper for ClockSleeper {
    fn sleep(&self, duration: Duration) {
        self.waits.lock().unwrap().push(duration);
        self.clock.advance(duration);
    }
}

#[test]
fn no_wait_is_started_that_would_pass_the_deadline() {
    for format in Format::ALL {
        let server = Scripted::start(vec![Step::Reply(
            503,
            vec![("Retry-After", "20".into())],
            String::new(),
        )]);
        let clock = ManualClock::new();
        let sleeper = ClockSleeper {
            clock: clock.clone(),
            waits: Arc::default(),
        };
        let client = Client::builder()
            .base_url(&server.url)
            .token(TOKEN)
            .format(format)
            .no_proxy()
            .clock(clock.clone())
            .sleeper(sleeper.clone())
            .retry(RetryPolicy::default().max_attempts(10))
            .deadline(Duration::from_secs(50))
            .build()
            .unwrap();
        let err = client.licenses().list().unwrap_err();
        // t = 0, 20, 40; a third wait would end at 60 > 50: the 503 is returned instead.
        assert_eq!(err.status(), Some(503), "{err:?}");
        assert_eq!(
            *sleeper.waits.lock().unwrap(),
            vec![Duration::from_secs(20); 2]
        );
        assert_eq!(server.hits(), 3);
    }
}

/// Runs `list`, which must end with a deadline timeout between `at_least` and `under`; gives the
/// error and the time it took.
fn list_runs_out_of_time(
    client: &Client,
    at_least: Duration,
    under: Duration,
) -> (Error, Duration) {
    let started = Instant::now();
    let err = client.licenses().list().unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(
            err,
            Error::Timeout {
                phase: TimeoutPhase::Deadline,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(elapsed >= at_least && elapsed < under, "{elapsed:?}");
    (err, elapsed)
}

#[test]
fn a_silent_server_is_cut_off_at_the_deadline_not_at_attempts_times_timeout() {
    for format in Format::ALL {
        let (url, _) = silent_login_server();
        let client = Client::builder()
            .base_url(&url)
            .token(TOKEN)
            .format(format)
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .deadline(Duration::from_millis(800))
            .build()
            .unwrap();
        let (err, _) = list_runs_out_of_time(
            &client,
            Duration::from_millis(780),
            Duration::from_millis(2500),
        );
        assert!(
            err.to_string()
                .contains("800ms deadline for the whole call"),
            "{err}"
        );
    }
}

#[test]
fn the_deadline_covers_the_login_and_the_call_together() {
    let mut server = mockito::Server::new();
    let _login = server
        .mock("POST", LOGIN)
        .with_status(200)
        .with_header("content-type", "application/json;charset=UTF-8")
        .with_body_from_request(|_| {
            std::thread::sleep(Duration::from_millis(700));
            token_json(TOKEN, 3600).into_bytes()
        })
        .create();
    let _list = server
        .mock("GET", "/api/Licenses")
        .match_header("authorization", Matcher::Any)
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body_from_request(|_| {
            std::thread::sleep(Duration::from_millis(3000));
            b"[]".to_vec()
        })
        .create();
    let client = Client::builder()
        .base_url(server.url())
        .credentials(API_LOGIN, PASSWORD)
        .no_proxy()
        .deadline(Duration::from_millis(1500))
        .build()
        .unwrap();
    list_runs_out_of_time(
        &client,
        Duration::from_millis(1450),
        Duration::from_millis(2500),
    );
}

/// A hostile server for the worst case: every login answers after 29 s; the first call answers
/// 503 with `Retry-After: 29` after 29 s, the second 401 at once, and the third never.
fn worst_case_server() -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let calls = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let calls = Arc::clone(&calls);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut writer = stream;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let mut length = 0;
                    loop {
                        let mut h = String::new();
                        reader.read_line(&mut h).unwrap_or(0);
                        if h.trim_end().is_empty() {
                            break;
                        }
                        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut body = vec![0u8; length];
                    let _ = reader.read_exact(&mut body);
                    let (status, extra, body) = if line.contains(LOGIN) {
                        std::thread::sleep(Duration::from_secs(29));
                        (
                            200,
                            "Content-Type: application/json\r\n",
                            token_json(TOKEN, 3600),
                        )
                    } else {
                        match calls.fetch_add(1, Ordering::SeqCst) {
                            0 => {
                                std::thread::sleep(Duration::from_secs(29));
                                (503, "Retry-After: 29\r\n", String::new())
                            }
                            1 => (401, "", String::new()),
                            _ => {
                                std::thread::sleep(Duration::from_secs(300));
                                return;
                            }
                        }
                    };
                    let head = format!(
                        "HTTP/1.1 {status} X\r\n{extra}Content-Length: {}\r\n\r\n",
                        body.len()
                    );
                    if writer.write_all(head.as_bytes()).is_err()
                        || writer.write_all(body.as_bytes()).is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    url
}

/// The worst case of one call under the default deadline, measured for real (two minutes, so
/// not part of the default run): login 29 s, a 503 after 29 s, a 29 s `Retry-After`, a 401, a
/// second 29 s login, then a call that never ends. Without the deadline this runs 29 + 29 + 29 +
/// 29 + 30 = 146 s (and up to 600 s with other timings); with it, 120 s.
/// `cargo test --all-features --test trust -- --ignored --nocapture worst_case`.
#[test]
#[ignore = "takes the full default deadline (2 minutes); run by hand to measure"]
fn worst_case_of_one_call_under_the_default_deadline() {
    let url = worst_case_server();
    let client = Client::builder()
        .base_url(&url)
        .credentials(API_LOGIN, PASSWORD)
        .no_proxy()
        .build()
        .unwrap();
    let (err, elapsed) =
        list_runs_out_of_time(&client, Duration::ZERO, Duration::from_millis(120_500));
    println!("worst case under the default deadline: {elapsed:.2?}, error: {err}");
}

// ---------------------------------------------------------------------------------------------
// 8. Small ones: the status of a too-large answer (tests/hardening.rs), ports and long IDs
//    (unit tests in src/client/mod.rs and src/api/licenses.rs), and here end to end.
// ---------------------------------------------------------------------------------------------

#[test]
fn out_of_range_ports_and_overlong_ids_are_refused_before_any_io() {
    for url in [
        "https://api.mspbackups.com:0",
        "https://api.mspbackups.com:65536",
    ] {
        let err = Client::builder()
            .base_url(url)
            .token(TOKEN)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{url}: {err:?}");
    }
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .token(TOKEN)
        .no_proxy()
        .build()
        .unwrap();
    let err = client
        .licenses()
        .get(&"9".repeat(64 * 1024 + 1))
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { field: "id", .. }),
        "{err:?}"
    );
}
