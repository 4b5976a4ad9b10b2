//! Encoding and error-body parsing cost, per format.
//!
//! `cargo bench --bench codec`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mspbackups::{ApiError, Format, LicenseOperation};

fn encode(c: &mut Criterion) {
    let op = LicenseOperation::new("sample string 1", "sample string 2");
    let mut group = c.benchmark_group("encode LicenseOperation");
    for format in Format::ALL {
        group.bench_function(format.name(), |b| {
            b.iter(|| black_box(&op).to_body(black_box(format)))
        });
    }
    group.finish();
}

fn parse_error(c: &mut Criterion) {
    let json: &[u8] = br#"{"Message":"The request is invalid.","ModelState":{"operation.LicenseID":["The LicenseID field is required."]}}"#;
    let xml: &[u8] = b"<Error><Message>The request is invalid.</Message><ModelState><operation.LicenseID>The LicenseID field is required.</operation.LicenseID></ModelState></Error>";
    let mut group = c.benchmark_group("parse error body");
    for (name, ct, body) in [
        ("JSON", "application/json; charset=utf-8", json),
        ("XML", "application/xml; charset=utf-8", xml),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                ApiError::parse(
                    "POST /api/Licenses/Revoke",
                    400,
                    Some(black_box(ct)),
                    black_box(body),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, encode, parse_error);
criterion_main!(benches);
