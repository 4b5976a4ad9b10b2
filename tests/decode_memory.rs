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
//! A large Monitoring answer (100,000 `PlanRun`s, `benches/support/monitoring.rs`) decodes with a
//! peak of at most 2× its body in each format: the bytes asked for above what was in use before
//! the decode (the body is already in memory and not counted), the resulting `Vec<PlanRun>`
//! included.
//!
//! The counter is global: the tests hold one lock while they measure, so no other test's
//! allocations land in a peak.

use std::sync::Mutex;

use mspbackups::models::{License, PlanRun, User};
use mspbackups::{ApiError, Format};

#[path = "../benches/support/hostile.rs"]
mod hostile;

use hostile::{Case, JSON, Path, XML, hostile};

#[path = "../benches/support/data.rs"]
mod data;

#[path = "../benches/support/monitoring.rs"]
mod monitoring;

#[path = "../benches/support/counting.rs"]
mod counting;

/// Held by each test while it measures.
static MEASURING: Mutex<()> = Mutex::new(());

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
    let _measuring = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
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

#[test]
fn a_hundred_thousand_plan_runs_decode_within_twice_their_body() {
    let _measuring = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let (runs, json, xml) = monitoring::hundred_thousand();
    let mut failures = Vec::new();
    for (format, body) in [(Format::Json, &json), (Format::Xml, &xml)] {
        let base = current();
        reset_peak();
        let decoded = PlanRun::list_from_body(format, body);
        let heap = peak() - base;
        let ratio = heap as f64 / body.len() as f64;
        println!(
            "100,000 PlanRuns, {format}: body {} B, decode peak with the result {heap} B, {ratio:.2}x the body",
            body.len()
        );
        assert!(
            decoded.as_ref().is_ok_and(|list| *list == runs),
            "{format}: the records read back differ from those written"
        );
        if ratio > 2.0 {
            failures.push(format!("{format}: {heap} B for a body of {} B", body.len()));
        }
    }
    assert!(failures.is_empty(), "over 2x the body: {failures:#?}");
}
