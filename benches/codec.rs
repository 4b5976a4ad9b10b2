//! Encode and decode every model in each format, error bodies, and lists of 10,000 licenses and
//! of 10,000 users (nested lists).
//!
//! `cargo bench --bench codec`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use mspbackups::models::{License, LoginRequest, Token, User};
use mspbackups::{ApiError, Format, LicenseOperation};

#[path = "support/data.rs"]
mod data;

fn sample_license() -> License {
    let body = br#"{"ID":"sample string 1","Number":2,"ComputerName":"sample string 3","OperatingSystem":"sample string 4","IsTrial":true,"IsTaken":true,"LicenseType":"sample string 7","DateExpired":"2019-08-28T11:07:01.0922535+00:00","Transaction":"sample string 9","User":"sample string 10","UserID":"sample string 11"}"#;
    License::from_body(Format::Json, body).expect("the help-site sample decodes")
}

fn models(c: &mut Criterion) {
    let op = LicenseOperation::new("sample string 1", "sample string 2");
    let login = LoginRequest::new("sample string 1", "sample string 2");
    let license = sample_license();
    let mut group = c.benchmark_group("encode");
    for format in Format::ALL {
        group.bench_function(format!("LicenseOperation/{format}"), |b| {
            b.iter(|| black_box(&op).to_body(format))
        });
        group.bench_function(format!("LoginRequest/{format}"), |b| {
            b.iter(|| black_box(&login).to_body(format))
        });
        group.bench_function(format!("License/{format}"), |b| {
            b.iter(|| black_box(&license).to_body(format))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("decode");
    for format in Format::ALL {
        let op_body = op.to_body(format).expect("encodes");
        let login_body = login.to_body(format).expect("encodes");
        let license_body = license.to_body(format).expect("encodes");
        group.bench_function(format!("LicenseOperation/{format}"), |b| {
            b.iter(|| LicenseOperation::from_body(format, black_box(&op_body)))
        });
        group.bench_function(format!("LoginRequest/{format}"), |b| {
            b.iter(|| LoginRequest::from_body(format, black_box(&login_body)))
        });
        group.bench_function(format!("License/{format}"), |b| {
            b.iter(|| License::from_body(format, black_box(&license_body)))
        });
    }
    let token = br#"{"access_token":"fakeEkt8_niPVUehjYUSgKCTqC6w40s7aUfakez16m7egNZQkId1LMUhUEeMlNGfake","token_type":"bearer","expires_in":1209599,"userName":"wejfiwejf",".issued":"Sat, 28 Apr 2018 13:50:43 GMT",".expires":"Sat, 12 May 2018 13:50:43 GMT"}"#;
    group.bench_function("Token/JSON", |b| {
        b.iter(|| Token::from_body(black_box(token)))
    });
    group.finish();
}

fn error_bodies(c: &mut Criterion) {
    let json: &[u8] = br#"{"Message":"The request is invalid.","ModelState":{"operation.LicenseID":["The LicenseID field is required."]}}"#;
    let xml: &[u8] = b"<Error><Message>The request is invalid.</Message><ModelState><operation.LicenseID>The LicenseID field is required.</operation.LicenseID></ModelState></Error>";
    let html: &[u8] = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    let mut group = c.benchmark_group("parse error body");
    for (name, ct, body) in [
        ("JSON", "application/json; charset=utf-8", json),
        ("XML", "application/xml; charset=utf-8", xml),
        ("HTML", "text/html", html),
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

fn big_list(c: &mut Criterion) {
    let (json, xml) = data::ten_thousand();
    let mut group = c.benchmark_group("decode 10,000 licenses");
    group.sample_size(10);
    group.bench_function("JSON", |b| {
        b.iter(|| License::list_from_body(Format::Json, black_box(&json)))
    });
    group.bench_function("XML", |b| {
        b.iter(|| License::list_from_body(Format::Xml, black_box(&xml)))
    });
    group.finish();

    let (json, xml) = data::ten_thousand_users();
    let mut group = c.benchmark_group("decode 10,000 users");
    group.sample_size(10);
    group.bench_function("JSON", |b| {
        b.iter(|| User::list_from_body(Format::Json, black_box(&json)))
    });
    group.bench_function("XML", |b| {
        b.iter(|| User::list_from_body(Format::Xml, black_box(&xml)))
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = models, error_bodies, big_list
}
criterion_main!(benches);
