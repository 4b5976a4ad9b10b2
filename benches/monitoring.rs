//! Decoding a large Monitoring answer (`GET /api/Monitoring`): 100,000 `PlanRun`s in each format.
//!
//! `cargo bench --bench monitoring` (pinned for stable numbers: `taskset -c 0 cargo bench
//! --bench monitoring`)
//!
//! The bodies are built here, deterministically, by the SDK's own encoder
//! (`PlanRun::list_to_body`, see `support/monitoring.rs`), as the server sends them (compact
//! JSON, XML without indentation). Rows:
//!
//! | row | compared with |
//! |---|---|
//! | `PlanRun::list_from_body(Format::Xml, …)` ≤ 1.5× | `PlanRun::list_from_body(Format::Json, …)` |
//! | (reported) `client.monitoring().list()` against a local mockito server, XML | the same, JSON |
//!
//! Times are medians of per-call times over interleaved rounds (JSON, then XML, in each round,
//! so drift hits both). The client rows include the HTTP exchange on loopback and reading the
//! body into memory. Peak heap is measured by `cargo bench --bench decode_memory` (a counting
//! allocator would slow these timings).
//!
//! Profile mode, for `valgrind --tool=callgrind` or `perf record`: `<binary> --profile json|xml
//! N` runs only N decodes of the 100,000 records in that format; `<binary> --sample` prints the
//! first two records in each format.

use std::hint::black_box;
use std::time::{Duration, Instant};

use mspbackups::models::PlanRun;
use mspbackups::retry::RetryPolicy;
use mspbackups::{Client, Format};

#[path = "support/monitoring.rs"]
mod monitoring;

/// Median per-call time of `a` and `b` over `rounds` interleaved rounds (one warm-up round).
fn paired(rounds: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (Duration, Duration) {
    a();
    b();
    let (mut ta, mut tb) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let t = Instant::now();
        a();
        ta.push(t.elapsed());
        let t = Instant::now();
        b();
        tb.push(t.elapsed());
    }
    ta.sort();
    tb.sort();
    (ta[rounds / 2], tb[rounds / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn mib(n: usize) -> String {
    format!("{:.2} MiB", n as f64 / (1 << 20) as f64)
}

/// A client of a local mockito server that answers `GET /api/Monitoring` with `body`.
fn mock_client(server: &mut mockito::ServerGuard, format: Format, body: &[u8]) -> Client {
    let content_type = match format {
        Format::Json => "application/json; charset=utf-8",
        Format::Xml => "application/xml; charset=utf-8",
    };
    server
        .mock("GET", "/api/Monitoring")
        .with_status(200)
        .with_header("content-type", content_type)
        .with_body(body)
        .expect_at_least(1)
        .create();
    Client::builder()
        .base_url(server.url())
        .token("bench-token-0123456789abcdef0123456789abcdef")
        .format(format)
        .no_proxy()
        .retry(RetryPolicy::none())
        // The default cap (8 MiB) is far below 100,000 records.
        .max_response_bytes(body.len() as u64 + 1)
        .build()
        .expect("client")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --benches` lists; nothing to run then.
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let (runs, json, xml) = monitoring::hundred_thousand();
    if let Some(i) = args.iter().position(|a| a == "--profile") {
        let (format, body) = match args.get(i + 1).map(String::as_str) {
            Some("xml") => (Format::Xml, &xml),
            _ => (Format::Json, &json),
        };
        let n: u32 = args.get(i + 2).and_then(|v| v.parse().ok()).unwrap_or(10);
        for _ in 0..n {
            drop(black_box(PlanRun::list_from_body(format, black_box(body))));
        }
        return;
    }
    if args.iter().any(|a| a == "--sample") {
        let (one_json, one_xml) = monitoring::bodies(&runs[..2]);
        println!(
            "{}\n\n{}",
            String::from_utf8_lossy(&one_json),
            String::from_utf8_lossy(&one_xml)
        );
        return;
    }
    // Both bodies hold exactly the records they were written from.
    assert_eq!(
        PlanRun::list_from_body(Format::Json, &json).expect("json"),
        runs
    );
    assert_eq!(
        PlanRun::list_from_body(Format::Xml, &xml).expect("xml"),
        runs
    );
    println!(
        "{} records: JSON body {} B ({}), XML body {} B ({})",
        runs.len(),
        json.len(),
        mib(json.len()),
        xml.len(),
        mib(xml.len())
    );
    drop(runs);

    let (j, x) = paired(
        11,
        || {
            drop(black_box(PlanRun::list_from_body(
                Format::Json,
                black_box(&json),
            )))
        },
        || {
            drop(black_box(PlanRun::list_from_body(
                Format::Xml,
                black_box(&xml),
            )))
        },
    );
    let decode_ratio = x.as_secs_f64() / j.as_secs_f64();

    let (mut json_server, mut xml_server) = (mockito::Server::new(), mockito::Server::new());
    let json_client = mock_client(&mut json_server, Format::Json, &json);
    let xml_client = mock_client(&mut xml_server, Format::Xml, &xml);
    let (cj, cx) = paired(
        7,
        || {
            let list = json_client.monitoring().list().expect("JSON list");
            assert_eq!(list.len(), 100_000);
        },
        || {
            let list = xml_client.monitoring().list().expect("XML list");
            assert_eq!(list.len(), 100_000);
        },
    );
    let client_ratio = cx.as_secs_f64() / cj.as_secs_f64();

    println!();
    println!("| 100,000 `PlanRun`s | JSON | XML | XML / JSON | target |");
    println!("|---|---|---|---|---|");
    println!(
        "| `PlanRun::list_from_body` (median of 11) | {} | {} | {decode_ratio:.2}× | ≤ 1.5×: {} |",
        ms(j),
        ms(x),
        if decode_ratio <= 1.5 { "met" } else { "MISSED" }
    );
    println!(
        "| `client.monitoring().list()`, local mockito server (median of 7) | {} | {} | {client_ratio:.2}× | (reported) |",
        ms(cj),
        ms(cx)
    );
}
