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
