//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use mspbackups::{Client, Error, Format};

/// The token every test client uses; no output may ever contain it.
pub const TOKEN: &str = "tok-5f0c2a9e-SECRET-d41d8cd98f00";

pub fn fixture_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// A fixture file's bytes.
pub fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(fixture_path(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// A fixture as the body a client sends: the file minus one trailing newline.
pub fn fixture_body(rel: &str) -> String {
    let text = String::from_utf8(fixture(rel)).expect("fixtures are UTF-8");
    text.strip_suffix('\n').map(str::to_owned).unwrap_or(text)
}

pub fn ext(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Xml => "xml",
    }
}

/// A client for a local test server: no proxy, test token, short timeouts, the default retry
/// policy with waits recorded instead of slept.
pub fn client(base_url: &str, format: Format) -> Client {
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .format(format)
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .sleeper(RecordingSleeper::default())
        .build()
        .expect("test client builds")
}

/// Every text an error shows: `Display`, `Debug`, the `source()` chain, and what its
/// `ApiError` says.
pub fn error_texts(err: &Error) -> Vec<String> {
    let mut texts = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        texts.push(s.to_string());
        texts.push(format!("{s:?}"));
        source = s.source();
    }
    if let Some(a) = err.api_error() {
        texts.extend(
            [
                a.message(),
                a.message_detail(),
                a.exception_message(),
                a.body_excerpt(),
                a.raw_body(),
            ]
            .into_iter()
            .flatten()
            .map(str::to_owned),
        );
        for (k, m) in a.model_state() {
            texts.push(format!("{k} {m:?}"));
        }
    }
    texts
}

/// Fails if the token shows in `Display`, `Debug`, any `source()` of the error or its `ApiError`.
pub fn assert_no_secret(err: &Error) {
    for t in error_texts(err) {
        assert!(
            !t.contains(TOKEN) && !t.contains("SECRET"),
            "secret leaked in: {t}"
        );
    }
}

/// A clock the test moves by hand.
#[derive(Clone)]
pub struct ManualClock {
    base: std::time::Instant,
    offset_ms: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl ManualClock {
    pub fn new() -> Self {
        ManualClock {
            base: std::time::Instant::now(),
            offset_ms: Default::default(),
        }
    }

    pub fn advance(&self, by: Duration) {
        self.offset_ms
            .fetch_add(by.as_millis() as u64, std::sync::atomic::Ordering::SeqCst);
    }
}

impl mspbackups::auth::Clock for ManualClock {
    fn now(&self) -> std::time::Instant {
        self.base + Duration::from_millis(self.offset_ms.load(std::sync::atomic::Ordering::SeqCst))
    }
}

/// The license in the help-site get sample.
pub fn sample_license() -> mspbackups::models::License {
    let mut l = mspbackups::models::License::new("sample string 1", 2);
    l.computer_name = Some("sample string 3".into());
    l.operating_system = Some("sample string 4".into());
    l.is_trial = true;
    l.is_taken = true;
    l.license_type = Some("sample string 7".into());
    l.date_expired = Some("2019-08-28T11:07:01.0922535+00:00".parse().unwrap());
    l.transaction = Some("sample string 9".into());
    l.user = Some("sample string 10".into());
    l.user_id = Some("sample string 11".into());
    l
}

/// The free license printed in the GitBook list example.
pub fn free_license(
    id: &str,
    number: i64,
    kind: &str,
    expires: &str,
    transaction: &str,
) -> mspbackups::models::License {
    let mut l = mspbackups::models::License::new(id, number);
    l.license_type = Some(kind.into());
    l.date_expired = Some(expires.parse().unwrap());
    l.transaction = Some(transaction.into());
    l
}

/// The three licenses of `licenses/list.response.*`.
pub fn listed_licenses() -> Vec<mspbackups::models::License> {
    vec![
        sample_license(),
        free_license(
            "license-023a-4555-88db-02f811894b00",
            6,
            "Ultimate",
            "2018-02-09T00:00:00",
            "transactionID-f3de-4233-a1cd-ac0e9086015b",
        ),
        free_license(
            "license-eaa1-4628-9fbf-sample",
            4,
            "File Backup",
            "2017-12-07T00:00:00",
            "transaction-e205-4efa-87b2-f36bbc5eda6e",
        ),
    ]
}

/// `application/json; charset=utf-8` or `application/xml; charset=utf-8`.
pub fn response_type(format: Format) -> &'static str {
    format.content_type()
}

/// Removes whitespace that JSON and DataContract XML ignore: around `{ } [ ] , :` outside strings
/// in JSON, and between tags in XML (the samples have no mixed content).
pub fn without_insignificant_whitespace(format: Format, text: &str) -> String {
    match format {
        Format::Json => {
            let v: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
            serde_json::to_string(&v).expect("re-encodes")
        }
        Format::Xml => {
            let mut out = String::new();
            let mut pending = String::new();
            let mut in_tag = false;
            for c in text.chars() {
                match c {
                    '<' => {
                        if !pending.trim().is_empty() {
                            out.push_str(&pending);
                        }
                        pending.clear();
                        in_tag = true;
                        out.push(c);
                    }
                    '>' => {
                        in_tag = false;
                        out.push(c);
                    }
                    _ if in_tag => out.push(c),
                    _ => pending.push(c),
                }
            }
            out.push_str(pending.trim());
            out
        }
    }
}

/// What a [`Scripted`] server does with one request.
#[derive(Clone)]
pub enum Step {
    /// Answer with this status, extra headers and body.
    Reply(u16, Vec<(&'static str, String)>, String),
    /// Read the request, then close the connection without answering.
    Hangup,
}

impl Step {
    pub fn status(status: u16) -> Step {
        Step::Reply(status, Vec::new(), String::new())
    }

    pub fn json(status: u16, body: &str) -> Step {
        Step::Reply(
            status,
            vec![("Content-Type", "application/json; charset=utf-8".into())],
            body.into(),
        )
    }
}

/// A request a [`Scripted`] server received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

/// A local HTTP/1.1 server that plays a script, one step per request (the last step repeats),
/// and records what it received. Keeps connections alive.
pub struct Scripted {
    pub url: String,
    seen: std::sync::Arc<std::sync::Mutex<Vec<Seen>>>,
}

impl Scripted {
    pub fn start(script: Vec<Step>) -> Scripted {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = std::sync::Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut n = 0usize;
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut writer = stream;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    let mut parts = line.split_whitespace();
                    let (method, path) = (
                        parts.next().unwrap_or("").to_owned(),
                        parts.next().unwrap_or("").to_owned(),
                    );
                    let mut headers = Vec::new();
                    let mut length = 0usize;
                    loop {
                        let mut h = String::new();
                        reader.read_line(&mut h).unwrap_or(0);
                        let h = h.trim_end();
                        if h.is_empty() {
                            break;
                        }
                        if let Some((k, v)) = h.split_once(':') {
                            if k.eq_ignore_ascii_case("content-length") {
                                length = v.trim().parse().unwrap_or(0);
                            }
                            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
                        }
                    }
                    let mut body = vec![0u8; length];
                    let _ = reader.read_exact(&mut body);
                    log.lock().unwrap().push(Seen {
                        method,
                        path,
                        headers,
                    });
                    let step = script[n.min(script.len() - 1)].clone();
                    n += 1;
                    match step {
                        Step::Hangup => break,
                        Step::Reply(status, extra, body) => {
                            let mut head = format!(
                                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\n",
                                body.len()
                            );
                            for (k, v) in extra {
                                head.push_str(&format!("{k}: {v}\r\n"));
                            }
                            head.push_str("\r\n");
                            if writer
                                .write_all(head.as_bytes())
                                .and_then(|_| writer.write_all(body.as_bytes()))
                                .is_err()
                            {
                                break;
                            }
                        }
                    }
                }
            }
        });
        Scripted { url, seen }
    }

    /// How many requests arrived.
    pub fn hits(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    /// The requests that arrived.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A sleeper that records what it was asked to wait, and waits for nothing.
#[derive(Clone, Default)]
pub struct RecordingSleeper(pub std::sync::Arc<std::sync::Mutex<Vec<Duration>>>);

impl RecordingSleeper {
    pub fn waits(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl mspbackups::retry::Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) {
        self.0.lock().unwrap().push(duration);
    }
}

// ------------------------------------------------------------------------------------------------
// Users: the values of the docs' samples (fixtures/users/, see fixtures/README.md)
// ------------------------------------------------------------------------------------------------

use mspbackups::models::{
    DestinationForNewUser, NewUser, User, UserAuthData, UserComputer, UserDestination,
    UserModeType, UserUpdate,
};

fn strings(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| (*s).to_owned()).collect())
}

/// A user with these members, `Enabled` false, manual license mode, `SpaceUsed` 0 and every
/// optional member `None`. (`User` has no public constructor: it is built by decoding.)
pub fn user(id: &str, email: &str) -> User {
    let body = serde_json::json!({
        "ID": id, "Email": email, "Enabled": false, "LicenseManagmentMode": 0, "SpaceUsed": 0
    });
    User::from_body(Format::Json, body.to_string().as_bytes()).expect("a minimal user decodes")
}

/// A destination with these members and the optional ones `None`.
pub fn user_destination(id: &str, current_volume: i64, package_id: i32) -> UserDestination {
    let body =
        serde_json::json!({"ID": id, "CurrentVolume": current_volume, "PackageID": package_id});
    UserDestination::from_body(Format::Json, body.to_string().as_bytes())
        .expect("a minimal destination decodes")
}

/// The destination the help-page generator shows in every Users response sample.
pub fn sample_destination(id: &str) -> UserDestination {
    let mut d = user_destination(id, 2, 3);
    d.account_id = Some("sample string 4".into());
    d.account_display_name = Some("sample string 5".into());
    d.destination = Some("sample string 6".into());
    d.destination_display_name = Some("sample string 7".into());
    d
}

/// The user the help-page generator shows (`sample string 1` …): the XML list, get and
/// authenticate samples, the JSON authenticate sample, and the second user of the JSON list.
pub fn sample_user() -> User {
    let mut u = user("sample string 1", "sample string 2");
    u.first_name = Some("sample string 3".into());
    u.last_name = Some("sample string 4".into());
    u.notification_emails = strings(&["sample string 1", "sample string 2"]);
    u.company = Some("sample string 5".into());
    u.enabled = true;
    u.license_managment_mode = UserModeType::Manual;
    u.destination_list = Some(vec![
        sample_destination("sample string 1"),
        sample_destination("sample string 1"),
    ]);
    u.space_used = 7;
    u
}

/// `users/list.response.<format>`: the JSON sample edits the first user's ID, e-mail and first
/// notification address; the XML sample shows the generator's values twice.
pub fn docs_user_list(format: Format) -> Vec<User> {
    match format {
        Format::Json => {
            let mut first = sample_user();
            first.id = "userID".into();
            first.email = "user email".into();
            first.notification_emails =
                strings(&["emailtoWhichNotificationsWillBeSent", "sample string 2"]);
            vec![first, sample_user()]
        }
        Format::Xml => vec![sample_user(), sample_user()],
    }
}

/// `users/get.response.<format>`: the JSON sample shows a made-up user (Charlie Green), the XML
/// sample the generator's values.
pub fn docs_user_get(format: Format) -> User {
    match format {
        Format::Json => {
            let mut u = sample_user();
            u.id = "fake-7567-4965-8c8a-bee5bf6b056d".into();
            u.email = "CharlieMarketing".into();
            u.first_name = Some("Charlie".into());
            u.last_name = Some("Green".into());
            u.notification_emails =
                strings(&["charliem@maggiesdonuts.com", "admin@maggiesdonuts.com"]);
            u.company = Some("Maggie's Donuts".into());
            u.destination_list = Some(vec![
                sample_destination("detinationID"),
                sample_destination("sample string 1"),
            ]);
            u
        }
        Format::Xml => sample_user(),
    }
}

/// `users/authenticate.response.<format>`: the generator's user in both formats.
pub fn docs_user_authenticated() -> User {
    sample_user()
}

/// `users/computers.response.<format>`.
pub fn docs_computers(format: Format) -> Vec<UserComputer> {
    match format {
        Format::Json => vec![
            UserComputer::new("74c0060b-1ca5-4342-9d02-2a7f57ewer", "roberts-mbp.dev.corp"),
            UserComputer::new("74c0060b-1ca5-4342-9d02-2a7f57ewer", "acer computer name"),
        ],
        Format::Xml => {
            vec![UserComputer::new("74c0060b-1ca5-4342-9d02-2a7f57e378c4", "sample string 2"); 2]
        }
    }
}

/// `users/delete_computers.request.<format>`.
pub fn docs_computers_to_delete(format: Format) -> Vec<UserComputer> {
    match format {
        Format::Json => vec![
            UserComputer::new(
                "b17266e7-8b8e-4c3f-b1bb-911b9sdf",
                "Charlie Marketing MacBook",
            ),
            UserComputer::new("b17266e7-8b8e-4c3f-b1bb-911b9e8sdf", "Jane sales Acer"),
        ],
        Format::Xml => {
            vec![UserComputer::new("b17266e7-8b8e-4c3f-b1bb-911b9e89f90e", "sample string 2"); 2]
        }
    }
}

/// `users/delete_computers.request.help-site.<format>` (both formats).
pub fn help_site_computers_to_delete() -> Vec<UserComputer> {
    vec![UserComputer::new("adb19a10-7c8f-4794-81fc-cdf655026973", "sample string 2"); 2]
}

/// `users/create.request.<format>` (both formats).
pub fn docs_new_user() -> NewUser {
    let mut u = NewUser::new("sample string 1", "sample string 6");
    u.first_name = Some("sample string 2".into());
    u.last_name = Some("sample string 3".into());
    u.notification_emails = strings(&["sample string 1", "sample string 2"]);
    u.company = Some("sample string 4".into());
    u.enabled = true;
    u.destination_list = Some(vec![
        DestinationForNewUser::new(
            "sample string 1",
            "sample string 2",
            3
        );
        2
    ]);
    u.send_email_instruction = true;
    u.license_managment_mode = UserModeType::Manual;
    u
}

/// `users/update.request.<format>` (both formats).
pub fn docs_user_update() -> UserUpdate {
    let mut base = user("sample string 1", "sample string 2");
    base.first_name = Some("sample string 3".into());
    base.last_name = Some("sample string 4".into());
    base.notification_emails = strings(&["sample string 1", "sample string 2"]);
    base.company = Some("sample string 5".into());
    base.enabled = true;
    let mut u = UserUpdate::from_user(&base);
    u.password = Some("sample string 7".into());
    u
}

/// `users/authenticate.request.<format>` (both formats).
pub fn docs_user_auth() -> UserAuthData {
    UserAuthData::new("sample string 1", "sample string 2")
}

/// The ID in `users/create.response.<format>` (the GitBook doc example's `"userID"`).
pub const DOCS_NEW_USER_ID: &str = "userID";
