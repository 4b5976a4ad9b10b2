//! Peak heap of the decoders, against the size of the body they read.
//!
//! `cargo bench --bench decode_memory`
//!
//! A counting global allocator tracks the bytes in use and their peak. For each body it prints:
//!
//! - `decode`: the typed decode the client runs (`License::list_from_body`,
//!   `License::from_body` or `User::list_from_body`, i.e. `codec::decode_list` / `codec::decode`): the peak above what was
//!   in use before (the body is already allocated, so it is not in it), and what is still held
//!   after it (the decoded models, or the error);
//! - `error reader`: `ApiError::parse` on the same body (`read_error_body`, as the client runs it
//!   when the typed decode fails), while the typed decode's result is still alive. Its own copy of
//!   the body (`ApiError::parse` copies it into a response first) is subtracted. The column
//!   `w/o body-sized` does not count allocations of exactly the body's size at all: that removes
//!   the copy above, leaving the reader's own memory;
//! - `client path`: the larger of the two (the error is read while the decode error is alive);
//! - the ratio of that plus the body to the body (the limit is 3x).
//!
//! Then a few bodies go through a real HTTP call (`client.licenses().list()` against a local
//! socket answering one canned response): that peak includes ureq's body buffer (`read_to_end`,
//! at least the body, up to twice it), shown minus the body.
//!
//! Last, a large Monitoring answer: 100,000 `PlanRun`s (`support/monitoring.rs`, written by
//! `PlanRun::list_to_body`) in each format. `decode peak` is the bytes allocated above what was in
//! use before `PlanRun::list_from_body` (the body is already in memory, so it is not counted),
//! at their highest during the decode, the resulting `Vec<PlanRun>` and its strings included;
//! `kept` is what the result holds after it (the target: the peak at most 2× the body). Those are
//! the sizes asked for; `glibc's blocks` is the same peak counted in what the allocator set aside
//! (`malloc_usable_size`, see `support/counting.rs`). Then the
//! same through `client.monitoring().list()` against a local socket: that peak also counts the
//! client reading the body (ureq's buffer) and is shown with the body in it.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use mspbackups::models::{License, PlanRun, User};
use mspbackups::retry::RetryPolicy;
use mspbackups::{ApiError, Client, Format};

#[path = "support/data.rs"]
mod data;

#[path = "support/hostile.rs"]
mod hostile;

#[path = "support/monitoring.rs"]
mod monitoring;

use hostile::{Case, JSON, Path, XML, hostile, repeated, root};

#[path = "support/counting.rs"]
mod counting;

use counting::{
    CURRENT_IGNORING, Counting, IGNORED_SIZE, PEAK, PEAK_IGNORING, current, reset_peak,
    usable_current, usable_peak,
};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Just under 8 MiB (the client's default cap), so ureq's buffer is not doubled past it.
const SIZE: usize = (8 << 20) - 1024;

struct Measured {
    decode_peak: usize,
    decode_kept: usize,
    reader_peak: Option<usize>,
    reader_own: Option<usize>,
}

fn measure(path: Path, format: Format, content_type: &str, body: &[u8]) -> Measured {
    let base = current();
    reset_peak();
    let (failed, kept): (bool, Box<dyn std::any::Any>) = match path {
        Path::List => {
            let r = License::list_from_body(format, body);
            (r.is_err(), Box::new(r))
        }
        Path::One => {
            let r = License::from_body(format, body);
            (r.is_err(), Box::new(r))
        }
        Path::Users => {
            let r = User::list_from_body(format, body);
            (r.is_err(), Box::new(r))
        }
        Path::Error => (true, Box::new(())),
    };
    let decode_peak = PEAK.load(Ordering::Relaxed) - base;
    let decode_kept = current() - base;
    let (mut reader_peak, mut reader_own) = (None, None);
    if failed {
        let status = if path == Path::Error { 500 } else { 200 };
        IGNORED_SIZE.store(body.len(), Ordering::Relaxed);
        let base_ignoring = CURRENT_IGNORING.load(Ordering::Relaxed);
        reset_peak();
        let e = ApiError::parse("GET /api/Licenses", status, Some(content_type), body);
        reader_peak = Some((PEAK.load(Ordering::Relaxed) - base).saturating_sub(body.len()));
        reader_own = Some((PEAK_IGNORING.load(Ordering::Relaxed) - base_ignoring).max(0) as usize);
        drop(e);
        IGNORED_SIZE.store(0, Ordering::Relaxed);
    }
    drop(kept);
    Measured {
        decode_peak,
        decode_kept,
        reader_peak,
        reader_own,
    }
}

fn mib(n: usize) -> String {
    format!("{:.2} MiB", n as f64 / (1 << 20) as f64)
}

fn report(name: &str, path: Path, format: Format, content_type: &str, body: &[u8]) -> f64 {
    let m = measure(path, format, content_type, body);
    let client = m.decode_peak.max(m.reader_peak.unwrap_or(0));
    let ratio = (client + body.len()) as f64 / body.len() as f64;
    let path_name = match path {
        Path::List => "list",
        Path::One => "one",
        Path::Error => "error",
        Path::Users => "users",
    };
    println!(
        "| {name} | {path_name} | {} | {} ({} B) | {} | {} | {} | {} ({} B) | {ratio:.2}x |",
        mib(body.len()),
        mib(m.decode_peak),
        m.decode_peak,
        mib(m.decode_kept),
        m.reader_peak.map_or("-".into(), mib),
        m.reader_own.map_or("-".into(), mib),
        mib(client),
        client,
    );
    ratio
}

/// Serves one canned HTTP/1.1 answer on a local port; returns the port and the answer, which
/// the caller keeps until it has measured (so that its release is not counted in the call).
fn serve_once(content_type: &str, body: &[u8]) -> (u16, Arc<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body);
    let answer = Arc::new(answer);
    let kept = Arc::clone(&answer);
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut buf = [0u8; 8192];
            let mut have = 0;
            while have < buf.len() {
                match stream.read(&mut buf[have..]) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => have += n,
                }
                if buf[..have].windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            let _ = stream.write_all(&answer);
        }
    });
    (port, kept)
}

/// A client of the local socket `serve_once` listens on.
fn local_client(port: u16, format: Format, max_response_bytes: u64) -> Client {
    Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token("bench-token-5f0c2a9e-d41d8cd98f00b204")
        .format(format)
        .no_proxy()
        .retry(RetryPolicy::none())
        .max_response_bytes(max_response_bytes)
        .build()
        .expect("client")
}

fn over_http(name: &str, content_type: &str, body: &[u8]) {
    let (port, answer) = serve_once(content_type, body);
    let client = local_client(port, Format::Json, 16 << 20);
    let base = current();
    reset_peak();
    let r = client.licenses().list();
    let peak = PEAK.load(Ordering::Relaxed) - base;
    let outcome = match &r {
        Ok(list) => format!("{} licenses", list.len()),
        Err(e) => e.to_string().chars().take(60).collect(),
    };
    drop(r);
    drop(answer);
    println!(
        "| {name} | {} | {} | {} | {:.2}x | {outcome} |",
        mib(body.len()),
        mib(peak),
        mib(peak.saturating_sub(body.len())),
        (peak.saturating_sub(body.len()) + body.len()) as f64 / body.len() as f64,
    );
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to filter.
    let (json10k, xml10k) = data::ten_thousand();
    let item = "<LicensesModels><ID>x</ID><IsTaken>true</IsTaken><IsTrial>true</IsTrial><Number>1</Number></LicensesModels>";
    let json_item = r#"{"ID":"x","Number":1,"IsTrial":true,"IsTaken":true},"#;
    let mut json_small = repeated("[", json_item, "", SIZE);
    json_small.pop();
    json_small
        .extend_from_slice(b",{\"ID\":\"x\",\"Number\":1,\"IsTrial\":true,\"IsTaken\":true}]");
    let text_len = SIZE - 200;
    let huge_text = format!(
        "{}<ID>&amp;{}&amp;</ID><IsTaken>true</IsTaken><IsTrial>true</IsTrial><Number>1</Number></LicensesModels>",
        root("LicensesModels"),
        "a".repeat(text_len)
    );
    let escaped_message = format!("{{\"Message\":\"\\n{}\\n\"}}", "a".repeat(text_len));
    let escaped_item = format!(
        "[{{\"ID\":\"\\n{}\\n\",\"Number\":1,\"IsTrial\":true,\"IsTaken\":true}}]",
        "a".repeat(text_len)
    );
    let mut cases: Vec<Case> = hostile(SIZE);
    let (json_licenses, xml_licenses) = data::licenses_of_size(SIZE);
    let (json_licenses_http, xml_licenses_http) = (json_licenses.clone(), xml_licenses.clone());
    let (json_users, xml_users) = data::users_of_size(SIZE);
    cases.extend::<Vec<Case>>(vec![
        (
            "XML one License, one 8 MiB `<ID>` text with entities",
            Format::Xml,
            XML,
            huge_text.into_bytes(),
            &[Path::One],
        ),
        (
            "XML list of small valid Licenses (models dominate)",
            Format::Xml,
            XML,
            repeated(
                &root("ArrayOfLicensesModels"),
                item,
                "</ArrayOfLicensesModels>",
                SIZE,
            ),
            &[Path::List],
        ),
        (
            "XML 10,000 licenses (benches/support/data.rs)",
            Format::Xml,
            XML,
            xml10k.clone(),
            &[Path::List],
        ),
        (
            "XML 8 MiB list of licenses (benches/support/data.rs)",
            Format::Xml,
            XML,
            xml_licenses,
            &[Path::List],
        ),
        (
            "XML 8 MiB ArrayOfUsersModels (nested lists, benches/support/data.rs)",
            Format::Xml,
            XML,
            xml_users,
            &[Path::Users],
        ),
        (
            "JSON message of 8 MiB with an escape at each end",
            Format::Json,
            JSON,
            escaped_message.into_bytes(),
            &[Path::Error],
        ),
        (
            "JSON list of one License whose ID is 8 MiB with an escape at each end",
            Format::Json,
            JSON,
            escaped_item.into_bytes(),
            &[Path::List],
        ),
        (
            "JSON list of small valid Licenses (models dominate)",
            Format::Json,
            JSON,
            json_small,
            &[Path::List],
        ),
        (
            "JSON 10,000 licenses (benches/support/data.rs)",
            Format::Json,
            JSON,
            json10k.clone(),
            &[Path::List],
        ),
        (
            "JSON 8 MiB list of licenses (benches/support/data.rs)",
            Format::Json,
            JSON,
            json_licenses,
            &[Path::List],
        ),
        (
            "JSON 8 MiB list of users (nested lists, benches/support/data.rs)",
            Format::Json,
            JSON,
            json_users,
            &[Path::Users],
        ),
    ]);
    println!(
        "| body | path | body size | decode peak | kept after decode | error reader peak | error reader w/o body-sized | client path peak | with the body |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (name, format, content_type, body, paths) in &cases {
        for &path in *paths {
            report(name, path, *format, content_type, body);
        }
    }

    println!();
    println!("Through HTTP (`client.licenses().list()`), peak including ureq's body buffer:");
    println!("| body | body size | call peak | minus the body | with the body | outcome |");
    println!("|---|---|---|---|---|---|");
    for (name, content_type, body) in [
        (
            "XML ArrayOfLicense of `<a/>`",
            XML,
            repeated(&root("ArrayOfLicense"), "<a/>", "</ArrayOfLicense>", SIZE),
        ),
        (
            "XML `<LicensesModels/>` repeated",
            XML,
            repeated(
                &root("ArrayOfLicensesModels"),
                "<LicensesModels/>",
                "</ArrayOfLicensesModels>",
                SIZE,
            ),
        ),
        (
            "JSON `[[],[],...]`",
            JSON,
            repeated("[[]", ",[]", "]", SIZE),
        ),
        ("XML 10,000 licenses", XML, xml10k),
        ("JSON 10,000 licenses", JSON, json10k),
        ("XML 8 MiB list of licenses", XML, xml_licenses_http),
        ("JSON 8 MiB list of licenses", JSON, json_licenses_http),
    ] {
        over_http(name, content_type, &body);
    }

    monitoring_answer();
}

/// 100,000 `PlanRun`s in each format: the decode, then the whole `client.monitoring().list()`.
fn monitoring_answer() {
    let (runs, json, xml) = monitoring::hundred_thousand();
    drop(runs);
    println!();
    println!(
        "100,000 `PlanRun`s (`GET /api/Monitoring`): peak above the baseline during \
         `PlanRun::list_from_body`, the body already in memory, the result included:"
    );
    println!(
        "| format | body | decode peak | × body | kept after decode | × body | decode peak, glibc's blocks | × body |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (format, body) in [(Format::Json, &json), (Format::Xml, &xml)] {
        let (base, usable_base) = (current(), usable_current());
        reset_peak();
        let list = PlanRun::list_from_body(format, body).expect("decodes");
        let peak = PEAK.load(Ordering::Relaxed) - base;
        let usable = usable_peak() - usable_base;
        let kept = current() - base;
        assert_eq!(list.len(), 100_000);
        drop(list);
        let x = |n: usize| n as f64 / body.len() as f64;
        println!(
            "| {format} | {} B ({}) | {peak} B ({}) | {:.2}× | {kept} B ({}) | {:.2}× | {usable} B ({}) | {:.2}× |",
            body.len(),
            mib(body.len()),
            mib(peak),
            x(peak),
            mib(kept),
            x(kept),
            mib(usable),
            x(usable),
        );
    }

    println!();
    println!(
        "Through `client.monitoring().list()` (local socket, one canned answer): peak above the \
         baseline during the call, ureq's body buffer and the result included:"
    );
    println!("| format | body | call peak | × body |");
    println!("|---|---|---|---|");
    for (format, content_type, body) in [(Format::Json, JSON, &json), (Format::Xml, XML, &xml)] {
        let (port, answer) = serve_once(content_type, body);
        let client = local_client(port, format, body.len() as u64 + 1);
        let base = current();
        reset_peak();
        let r = client.monitoring().list();
        let peak = PEAK.load(Ordering::Relaxed) - base;
        assert_eq!(r.expect("list").len(), 100_000);
        drop(answer);
        println!(
            "| {format} | {} B ({}) | {peak} B ({}) | {:.2}× |",
            body.len(),
            mib(body.len()),
            mib(peak),
            peak as f64 / body.len() as f64,
        );
    }
}
