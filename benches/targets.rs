//! The performance targets, each measured beside its floor in the same run.
//!
//! `cargo bench --bench targets`
//!
//! | target | compared with |
//! |---|---|
//! | revoke round trip on a kept-alive connection ≤ 1.2× | the identical pre-rendered request written to a `TcpStream` and the answer read |
//! | the same with a new connection per call (reported) | connect, write, read, close |
//! | XML encode of `LicenseOperation` ≤ 2× | JSON encode |
//! | decoding 10,000 licenses from XML ≤ 2× | from JSON |
//! | decoding 10,000 users (nested lists) from XML (reported) | from JSON |
//! | allocations per revoke call ≤ bare ureq + 10 | a bare ureq 3 POST of the same request |
//!
//! Times are medians of per-call averages over interleaved batches (the pair alternates, so
//! drift hits both). Allocations are counted on the calling thread only.
//!
//! On a machine with several CPUs the loopback floor is bimodal (a same-core handoff, or a
//! cross-core wakeup several times slower); pin the run for stable numbers:
//! `taskset -c 0 cargo bench --bench targets`.
//!
//! Profile mode, for `valgrind --tool=callgrind` or `perf record`: `cargo bench --bench targets
//! -- --profile raw|ureq|sdk N` runs only N revoke round trips of that kind; `--profile
//! decode-json|decode-xml N` only N decodes of the 10,000 licenses, `decode-users-json|
//! decode-users-xml` of the 10,000 users. `--only decode` runs only the decode rows.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mspbackups::models::{License, User};

#[path = "support/data.rs"]
mod data;
use data::{ten_thousand, ten_thousand_users};
use mspbackups::retry::RetryPolicy;
use mspbackups::{Client, Format, LicenseOperation};

// ---------------------------------------------------------------------------------------------
// Allocation counting (this thread only)
// ---------------------------------------------------------------------------------------------

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

// ---------------------------------------------------------------------------------------------
// A minimal local HTTP/1.1 server: reads a request, answers `200` with an empty body.
// ---------------------------------------------------------------------------------------------

const KEEP_ALIVE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
const CLOSE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

struct Server {
    addr: std::net::SocketAddr,
    /// The raw bytes of the first request received.
    first: Arc<Mutex<Option<Vec<u8>>>>,
}

fn serve(close: bool) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let first = Arc::new(Mutex::new(None));
    let record = Arc::clone(&first);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let record = Arc::clone(&record);
            std::thread::spawn(move || {
                let _ = stream.set_nodelay(true);
                let mut writer = stream.try_clone().expect("clone");
                let mut reader = BufReader::with_capacity(16 * 1024, stream);
                let mut raw = Vec::with_capacity(1024);
                let mut body = vec![0u8; 64 * 1024];
                loop {
                    raw.clear();
                    let mut length = 0usize;
                    loop {
                        let start = raw.len();
                        match reader.read_until(b'\n', &mut raw) {
                            Ok(0) | Err(_) => return,
                            Ok(_) => {}
                        }
                        let line = &raw[start..];
                        if line == b"\r\n" {
                            break;
                        }
                        if line.len() > 15 && line[..15].eq_ignore_ascii_case(b"content-length:") {
                            length = std::str::from_utf8(&line[15..])
                                .ok()
                                .and_then(|v| v.trim().parse().ok())
                                .unwrap_or(0);
                        }
                    }
                    if reader.read_exact(&mut body[..length]).is_err() {
                        return;
                    }
                    let mut first = record.lock().expect("lock");
                    if first.is_none() {
                        let mut all = raw.clone();
                        all.extend_from_slice(&body[..length]);
                        *first = Some(all);
                    }
                    drop(first);
                    if writer
                        .write_all(if close { CLOSE } else { KEEP_ALIVE })
                        .is_err()
                        || close
                    {
                        return;
                    }
                }
            });
        }
    });
    Server { addr, first }
}

/// Reads one answer with an empty body (up to the end of its headers).
fn read_answer(stream: &mut TcpStream, buf: &mut [u8]) {
    let mut have = 0;
    loop {
        let n = stream.read(&mut buf[have..]).expect("read");
        assert!(n > 0, "the server closed early");
        have += n;
        if buf[..have].windows(4).any(|w| w == b"\r\n\r\n") {
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

/// Median per-call time of `a` and `b` over `rounds` interleaved batches of `batch` calls.
fn paired(
    rounds: usize,
    batch: usize,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (Duration, Duration) {
    for _ in 0..batch {
        a();
        b();
    }
    let (mut ta, mut tb) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let t = Instant::now();
        for _ in 0..batch {
            a();
        }
        ta.push(t.elapsed() / batch as u32);
        let t = Instant::now();
        for _ in 0..batch {
            b();
        }
        tb.push(t.elapsed() / batch as u32);
    }
    ta.sort();
    tb.sort();
    (ta[rounds / 2], tb[rounds / 2])
}

fn client(addr: std::net::SocketAddr) -> Client {
    Client::builder()
        .base_url(format!("http://{addr}"))
        .token("bench-token-0123456789abcdef0123456789abcdef")
        .no_proxy()
        .retry(RetryPolicy::default())
        .build()
        .expect("client")
}

struct Row {
    target: &'static str,
    floor: String,
    measured: String,
    ratio: f64,
    limit: f64,
}

fn fmt(d: Duration) -> String {
    let ns = d.as_nanos();
    if ns >= 1_000_000 {
        format!("{:.2} ms", ns as f64 / 1e6)
    } else if ns >= 1_000 {
        format!("{:.1} µs", ns as f64 / 1e3)
    } else {
        format!("{ns} ns")
    }
}

/// A local server, an SDK client for it, the SDK's revoke request as it went on the wire, and a
/// bare ureq agent that sends the same request: the three ways of making one revoke call.
struct Fixture {
    server: Server,
    op: LicenseOperation,
    sdk: Client,
    /// The SDK's request, byte for byte.
    request: Vec<u8>,
    url: String,
    auth: String,
    body: Vec<u8>,
    agent: ureq::Agent,
}

impl Fixture {
    fn new(close: bool) -> Fixture {
        let server = serve(close);
        let op = LicenseOperation::new(
            "3f0e6c2a-1b7d-4c55-9a0e-5e1f0b9c2d11",
            "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
        );
        let sdk = client(server.addr);
        sdk.licenses().revoke(&op).expect("revoke");
        let request = server
            .first
            .lock()
            .expect("lock")
            .clone()
            .expect("a request was recorded");
        let text = String::from_utf8(request.clone()).expect("utf-8");
        let (head, body) = text.split_once("\r\n\r\n").expect("a request");
        let auth = head
            .lines()
            .find_map(|l| l.strip_prefix("authorization: "))
            .expect("authorization")
            .to_owned();
        let body = body.as_bytes().to_vec();
        let url = format!("http://{}/api/Licenses/Revoke", server.addr);
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .build()
            .into();
        Fixture {
            server,
            op,
            sdk,
            request,
            url,
            auth,
            body,
            agent,
        }
    }

    fn sdk_call(&self) {
        self.sdk
            .licenses()
            .revoke(black_box(&self.op))
            .expect("revoke");
    }

    /// A bare ureq 3 POST of the same request (default agent).
    fn bare_call(&self) {
        let mut resp = self
            .agent
            .post(&self.url)
            .header("Authorization", &self.auth)
            .header("Accept", "application/json")
            .content_type("application/json; charset=utf-8")
            .send(&self.body[..])
            .expect("bare ureq");
        black_box(resp.body_mut().read_to_vec().expect("body"));
    }

    /// The floor: the identical bytes written to a socket, the answer read. `stream` is the
    /// kept-alive connection, or `None` for a new connection per call.
    fn raw_call(&self, stream: Option<&mut TcpStream>, buf: &mut [u8]) {
        let mut fresh;
        let s = match stream {
            Some(s) => s,
            None => {
                fresh = TcpStream::connect(self.server.addr).expect("connect");
                fresh.set_nodelay(true).expect("nodelay");
                &mut fresh
            }
        };
        s.write_all(&self.request).expect("write");
        read_answer(s, buf);
    }

    fn connection(&self) -> TcpStream {
        let s = TcpStream::connect(self.server.addr).expect("connect");
        s.set_nodelay(true).expect("nodelay");
        s
    }
}

fn round_trips(rows: &mut Vec<Row>) {
    for keep_alive in [true, false] {
        let f = Fixture::new(!keep_alive);
        let (rounds, batch) = if keep_alive { (41, 500) } else { (21, 100) };
        let mut stream = f.connection();
        let mut buf = vec![0u8; 4096];
        let (raw, ours) = paired(
            rounds,
            batch,
            || f.raw_call(keep_alive.then_some(&mut stream), &mut buf),
            || f.sdk_call(),
        );
        let (bare, ours_again) = paired(rounds, batch, || f.bare_call(), || f.sdk_call());
        let how = if keep_alive {
            "kept-alive"
        } else {
            "new connection"
        };
        rows.push(Row {
            target: if keep_alive {
                "(reference) SDK revoke vs a bare ureq POST, kept-alive"
            } else {
                "(reference) SDK revoke vs a bare ureq POST, new connection"
            },
            floor: format!("bare ureq {}", fmt(bare)),
            measured: format!("SDK {}", fmt(ours_again)),
            ratio: ours_again.as_secs_f64() / bare.as_secs_f64(),
            limit: f64::INFINITY,
        });
        rows.push(Row {
            target: if keep_alive {
                "revoke round trip, kept-alive connection ≤ 1.2× raw TCP"
            } else {
                "revoke round trip, new connection per call (reported)"
            },
            floor: format!("raw TCP {} ({how})", fmt(raw)),
            measured: format!("SDK {}", fmt(ours)),
            ratio: ours.as_secs_f64() / raw.as_secs_f64(),
            limit: if keep_alive { 1.2 } else { f64::INFINITY },
        });
    }
}

fn encode(rows: &mut Vec<Row>) {
    let op = LicenseOperation::new("sample string 1", "sample string 2");
    let (json, xml) = paired(
        41,
        20_000,
        || drop(black_box(black_box(&op).to_body(Format::Json))),
        || drop(black_box(black_box(&op).to_body(Format::Xml))),
    );
    rows.push(Row {
        target: "XML encode of LicenseOperation ≤ 2× JSON",
        floor: format!("JSON {}", fmt(json)),
        measured: format!("XML {}", fmt(xml)),
        ratio: xml.as_secs_f64() / json.as_secs_f64(),
        limit: 2.0,
    });
}

fn decode_list(rows: &mut Vec<Row>) {
    let (json, xml) = ten_thousand();
    assert_eq!(
        License::list_from_body(Format::Json, &json).expect("json"),
        License::list_from_body(Format::Xml, &xml).expect("xml")
    );
    let (j, x) = paired(
        15,
        3,
        || {
            drop(black_box(License::list_from_body(
                Format::Json,
                black_box(&json),
            )))
        },
        || {
            drop(black_box(License::list_from_body(
                Format::Xml,
                black_box(&xml),
            )))
        },
    );
    rows.push(Row {
        target: "decode 10,000 licenses from XML ≤ 2× JSON",
        floor: format!("JSON {} ({} KiB)", fmt(j), json.len() / 1024),
        measured: format!("XML {} ({} KiB)", fmt(x), xml.len() / 1024),
        ratio: x.as_secs_f64() / j.as_secs_f64(),
        limit: 2.0,
    });

    let (json, xml) = ten_thousand_users();
    assert_eq!(
        User::list_from_body(Format::Json, &json).expect("json"),
        User::list_from_body(Format::Xml, &xml).expect("xml")
    );
    let (j, x) = paired(
        15,
        3,
        || {
            drop(black_box(User::list_from_body(
                Format::Json,
                black_box(&json),
            )))
        },
        || {
            drop(black_box(User::list_from_body(
                Format::Xml,
                black_box(&xml),
            )))
        },
    );
    rows.push(Row {
        target: "(reference) decode 10,000 users (nested lists) from XML vs JSON",
        floor: format!("JSON {} ({} KiB)", fmt(j), json.len() / 1024),
        measured: format!("XML {} ({} KiB)", fmt(x), xml.len() / 1024),
        ratio: x.as_secs_f64() / j.as_secs_f64(),
        limit: f64::INFINITY,
    });
}

fn allocations_per_call(rows: &mut Vec<Row>) {
    let f = Fixture::new(false);
    f.bare_call();
    const N: u64 = 2000;
    let count = |call: &dyn Fn()| {
        for _ in 0..50 {
            call();
        }
        let before = allocations();
        for _ in 0..N {
            call();
        }
        (allocations() - before) as f64 / N as f64
    };
    let bare = count(&|| f.bare_call());
    let by_op = count(&|| f.sdk_call());
    let by_ids = count(&|| {
        f.sdk
            .licenses()
            .revoke_from_user(black_box(&f.op.license_id), black_box(&f.op.user_id))
            .expect("revoke")
    });
    rows.push(Row {
        target: "allocations per revoke call ≤ bare ureq + 10",
        floor: format!("bare ureq {bare:.1}"),
        measured: format!("revoke(&op) {by_op:.1}, revoke_from_user {by_ids:.1}"),
        ratio: by_ids - bare,
        limit: 10.0,
    });
}

/// `--profile raw|ureq|sdk N`: only the round trips, for an instruction profile.
fn profile(mode: &str, n: u32) {
    // `decode-json`, `decode-xml`: 10,000 licenses; `decode-users-json`, `decode-users-xml`.
    if let Some(what) = mode.strip_prefix("decode-") {
        let (users, format) = match what.strip_prefix("users-") {
            Some(format) => (true, format),
            None => (false, what),
        };
        let (json, xml) = if users {
            ten_thousand_users()
        } else {
            ten_thousand()
        };
        let (format, body) = if format == "json" {
            (Format::Json, json)
        } else {
            (Format::Xml, xml)
        };
        for _ in 0..n {
            if users {
                drop(black_box(User::list_from_body(format, black_box(&body))));
            } else {
                drop(black_box(License::list_from_body(format, black_box(&body))));
            }
        }
        return;
    }
    let f = Fixture::new(false);
    let mut stream = f.connection();
    let mut buf = vec![0u8; 4096];
    for _ in 0..n {
        match mode {
            "raw" => f.raw_call(Some(&mut stream), &mut buf),
            "ureq" => f.bare_call(),
            _ => f.sdk_call(),
        }
    }
}

/// The CPUs this process may run on, as `/proc/self/status` lists them.
fn cpus_allowed() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
        .map(|v| v.trim().to_owned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --benches` lists; nothing to run then.
    if args.iter().any(|a| a == "--list") {
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--profile") {
        let mode = args.get(i + 1).map(String::as_str).unwrap_or("sdk");
        let n = args.get(i + 2).and_then(|v| v.parse().ok()).unwrap_or(1000);
        profile(mode, n);
        return;
    }
    match cpus_allowed() {
        Some(cpus) if cpus.contains(',') || cpus.contains('-') => println!(
            "note: running on CPUs {cpus}; loopback round trips are bimodal across cores, \
             `taskset -c 0 cargo bench --bench targets` gives stable numbers"
        ),
        Some(cpus) => println!("pinned to CPU {cpus}"),
        None => {}
    }
    let only_decode = args
        .windows(2)
        .any(|w| w[0] == "--only" && w[1] == "decode");
    let mut rows = Vec::new();
    if !only_decode {
        round_trips(&mut rows);
        encode(&mut rows);
    }
    decode_list(&mut rows);
    if !only_decode {
        allocations_per_call(&mut rows);
    }

    println!();
    println!("| target | floor | measured | ratio (allocations: extra) | within target |");
    println!("|---|---|---|---|---|");
    let mut missed = 0;
    for r in &rows {
        let ok = r.ratio <= r.limit;
        if !ok {
            missed += 1;
        }
        let shown = if r.target.starts_with("allocations") {
            format!("{:+.1}", r.ratio)
        } else {
            format!("{:.2}×", r.ratio)
        };
        let verdict = if r.limit.is_infinite() {
            "(reported)"
        } else if ok {
            "yes"
        } else {
            "NO"
        };
        println!(
            "| {} | {} | {} | {} | {} |",
            r.target, r.floor, r.measured, shown, verdict
        );
    }
    println!();
    if missed > 0 {
        // Reported, not hidden: the README's Performance section explains each miss.
        println!("{missed} target(s) missed; see the README's Performance section");
    } else {
        println!("every target met");
    }
}
