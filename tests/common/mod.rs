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

/// A client for a local test server: no proxy, test token, short timeouts.
pub fn client(base_url: &str, format: Format) -> Client {
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .format(format)
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("test client builds")
}

/// Fails if the token shows in `Display`, `Debug` or any `source()` of the error.
pub fn assert_no_secret(err: &Error) {
    let mut texts = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        texts.push(s.to_string());
        texts.push(format!("{s:?}"));
        source = s.source();
    }
    for t in texts {
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
