//! The `log` feature: one line per HTTP exchange, with method, path, status, elapsed time and
//! attempt, and never a secret.
#![cfg(feature = "log")]

mod common;

use std::sync::Mutex;

use common::{RecordingSleeper, Scripted, Step};
use mspbackups::Client;

const PASSWORD: &str = "pw-SECRET-777";
const TOKEN: &str = "tok-SECRET-888";

struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, m: &log::Metadata<'_>) -> bool {
        m.target() == "mspbackups"
    }
    fn log(&self, r: &log::Record<'_>) {
        if self.enabled(r.metadata()) {
            self.0
                .lock()
                .unwrap()
                .push(format!("{} {}", r.level(), r.args()));
        }
    }
    fn flush(&self) {}
}

static LINES: Capture = Capture(Mutex::new(Vec::new()));

#[test]
fn one_line_per_exchange_without_secrets() {
    log::set_logger(&LINES).unwrap();
    log::set_max_level(log::LevelFilter::Info);
    let server = Scripted::start(vec![
        Step::json(
            200,
            &format!(r#"{{"access_token":"{TOKEN}","expires_in":1209599}}"#),
        ),
        Step::status(503),
        Step::json(200, "[]"),
        Step::json(400, r#"{"Message":"License L not found"}"#),
    ]);
    let client = Client::builder()
        .base_url(&server.url)
        .credentials("api", PASSWORD)
        .no_proxy()
        .sleeper(RecordingSleeper::default())
        .build()
        .unwrap();
    client.licenses().list_by_availability(true).unwrap();
    client.licenses().revoke_from_user("L", "U").unwrap_err();

    let lines = LINES.0.lock().unwrap().clone();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    let expected = [
        ("INFO POST /api/Provider/Login -> 200 in ", "(attempt 1)"),
        (
            "WARN GET /api/Licenses?isAvailable=true -> 503 in ",
            "(attempt 1)",
        ),
        (
            "INFO GET /api/Licenses?isAvailable=true -> 200 in ",
            "(attempt 2)",
        ),
        ("WARN POST /api/Licenses/Revoke -> 400 in ", "(attempt 1)"),
    ];
    for (line, (start, end)) in lines.iter().zip(expected) {
        assert!(line.starts_with(start) && line.ends_with(end), "{line}");
        assert!(line.contains(" ms "), "{line}");
        assert!(!line.contains("SECRET"), "{line}");
    }
}
