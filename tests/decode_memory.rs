//! The decoders' peak heap on hostile bodies, and on real lists of 8 MiB (licenses, and users
//! with nested lists, in each format), stays at most 3× the body, the body included.
//!
//! A counting global allocator tracks the bytes in use and their peak. Each case decodes a body
//! the way the client does: the typed decode (`list_from_body` / `from_body`, i.e.
//! `codec::decode_list` / `codec::decode`), and when it fails, the error-body reader
//! (`ApiError::parse`, i.e. `read_error_body`) while the decode error is still alive. The error
//! reader is also measured on its own (an error status). `ApiError::parse` copies the body into
//! its response first; that copy is subtracted (the client reads the body it already holds).
//!
//! One `#[test]` runs the cases one after the other, so no other test's allocations land in a
//! peak.

use mspbackups::models::{License, User};
use mspbackups::{ApiError, Format};

#[path = "../benches/support/hostile.rs"]
mod hostile;

use hostile::{Case, JSON, Path, XML, hostile};

#[path = "../benches/support/data.rs"]
mod data;

#[path = "../benches/support/counting.rs"]
mod counting;

use counting::{Counting, current, peak, reset_peak};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak heap above what was in use before, the body excluded.
fn measure(path: Path, format: Format, content_type: &str, body: &[u8]) -> usize {
    let base = current();
    reset_peak();
    let (first_peak, failed, kept): (usize, bool, Box<dyn std::any::Any>) = match path {
        Path::List => {
            let r = License::list_from_body(format, body);
            (peak() - base, r.is_err(), Box::new(r))
        }
        Path::One => {
            let r = License::from_body(format, body);
            (peak() - base, r.is_err(), Box::new(r))
        }
        Path::Users => {
            let r = User::list_from_body(format, body);
            (peak() - base, r.is_err(), Box::new(r))
        }
        Path::Error => (0, true, Box::new(())),
    };
    let mut worst = first_peak;
    if failed {
        // The decode error (or nothing) is still alive, as in the client.
        reset_peak();
        let status = if matches!(path, Path::Error) {
            500
        } else {
            200
        };
        let e = ApiError::parse("GET /api/Licenses", status, Some(content_type), body);
        // `ApiError::parse` holds its own copy of the body while it reads it.
        let reader_peak = (peak() - base).saturating_sub(body.len());
        worst = worst.max(reader_peak);
        drop(e);
    }
    drop(kept);
    worst
}

#[test]
fn hostile_bodies_cost_at_most_three_times_their_size() {
    const SIZE: usize = 2 << 20;
    let mut cases = hostile(SIZE);
    // Real lists at the client's default cap (8 MiB): the models dominate.
    const REAL: usize = 8 << 20;
    let (json_licenses, xml_licenses) = data::licenses_of_size(REAL);
    let (json_users, xml_users) = data::users_of_size(REAL);
    cases.extend::<Vec<Case>>(vec![
        (
            "XML 8 MiB list of licenses",
            Format::Xml,
            XML,
            xml_licenses,
            &[Path::List],
        ),
        (
            "JSON 8 MiB list of licenses",
            Format::Json,
            JSON,
            json_licenses,
            &[Path::List],
        ),
        (
            "XML 8 MiB ArrayOfUsersModels (nested lists)",
            Format::Xml,
            XML,
            xml_users,
            &[Path::Users],
        ),
        (
            "JSON 8 MiB list of users (nested lists)",
            Format::Json,
            JSON,
            json_users,
            &[Path::Users],
        ),
    ]);
    let mut failures = Vec::new();
    for (name, format, content_type, body, paths) in &cases {
        for &path in *paths {
            let heap = measure(path, *format, content_type, body);
            let ratio = (heap + body.len()) as f64 / body.len() as f64;
            println!(
                "{name} ({path:?}): body {} B, decoder peak {heap} B, with the body {:.2}x",
                body.len(),
                ratio
            );
            if ratio > 3.0 {
                failures.push(format!("{name} ({path:?}): {ratio:.2}x"));
            }
        }
    }
    assert!(failures.is_empty(), "over 3x the body: {failures:#?}");
}
