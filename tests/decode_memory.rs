//! The decoders' peak heap on hostile bodies stays at most 3× the body, the body included.
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

use mspbackups::models::License;
use mspbackups::{ApiError, Format};

#[path = "../benches/support/hostile.rs"]
mod hostile;

use hostile::{Path, hostile};

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
    let cases = hostile(SIZE);
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
