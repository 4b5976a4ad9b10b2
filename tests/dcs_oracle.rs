#![cfg(feature = "sandbox")]
//! The crate's XML against the real `DataContractSerializer`, in three directions:
//!
//! - the SDK's request bodies, read by the real serializer, bind to exactly the values put in;
//! - the real serializer's `LicensesModels` output (single and `ArrayOfLicensesModels`) decodes in
//!   the SDK to exactly the values it wrote;
//! - the sandbox's emulator (`mspbackups::sandbox::dcs`) binds a corpus of awkward request bodies
//!   exactly as the real serializer does.
//!
//! The oracle is `tests/oracle/DcsOracle.cs`, run on Mono, whose `System.Runtime.Serialization`
//! and `System.Xml` are Microsoft's reference source. It reads bodies the way ASP.NET Web API's
//! `XmlMediaTypeFormatter` does (`XmlDictionaryReader.CreateTextReader` with the charset's
//! encoding, then `DataContractSerializer.ReadObject`) and writes them with the formatter's
//! writer settings. Protocol: one tab-separated request line per case, one JSON answer line back
//! (see the top of `DcsOracle.cs`).
//!
//! Every test here needs Mono (`mcs` and `mono` on `PATH`), so each is `#[ignore]`d: a plain
//! `cargo test` lists them as **ignored**, never as passed. Run them with
//!
//! ```sh
//! cargo test --all-features --test dcs_oracle -- --include-ignored
//! ```
//!
//! as CI does (`.ci/run`, with `MBS_REQUIRE_MONO=1`). Once asked for, a test fails when Mono is
//! missing: a check that could not run is never reported as passed.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use mspbackups::models::{License, LoginRequest, Offset, Timestamp};
use mspbackups::sandbox::dcs::{self, Contract, DiagnosticKind, Fields, Kind, Value};
use mspbackups::{Format, LicenseOperation};
use serde_json::{Value as Json, json};

// ------------------------------------------------------------------------------------------------
// The oracle process
// ------------------------------------------------------------------------------------------------

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// The compiled oracle, built once per test run. Panics (fails the test) without Mono.
fn oracle() -> &'static Path {
    static EXE: OnceLock<PathBuf> = OnceLock::new();
    EXE.get_or_init(|| {
        let missing: Vec<&str> = ["mcs", "mono"]
            .into_iter()
            .filter(|p| !on_path(p))
            .collect();
        assert!(
            missing.is_empty(),
            "this test needs Mono, which is missing (not on PATH: {}){}, so nothing was checked \
             against the real DataContractSerializer. Install it with\n    apt-get install \
             mono-mcs mono-runtime libmono-system-runtime-serialization4.0-cil \
             libmono-system-xml4.0-cil\nor leave out --include-ignored / --ignored to skip the \
             Mono tests (they are then reported as ignored).",
            missing.join(", "),
            if std::env::var_os("MBS_REQUIRE_MONO").is_some() {
                " and MBS_REQUIRE_MONO is set"
            } else {
                ""
            }
        );
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dcs-oracle");
        std::fs::create_dir_all(&dir).expect("create the oracle's build directory");
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/DcsOracle.cs");
        // Built under a private name and renamed, so a concurrent run never sees half a file.
        let private = dir.join(format!("DcsOracle.{}.exe", std::process::id()));
        let out = Command::new("mcs")
            .arg("-r:System.Runtime.Serialization")
            .arg("-r:System.Xml")
            .arg(format!("-out:{}", private.display()))
            .arg(&source)
            .output()
            .expect("run mcs");
        assert!(
            out.status.success(),
            "mcs failed to compile {}:\n{}{}",
            source.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let exe = dir.join("DcsOracle.exe");
        std::fs::rename(&private, &exe).expect("move the compiled oracle into place");
        exe
    })
}

/// Runs the oracle once over `requests` (with the time zone `tz`, which `DateTimeKind.Local`
/// values are written in) and returns one JSON answer per request.
fn run(exe: &Path, tz: &str, requests: &[String]) -> Vec<Json> {
    let mut child = Command::new("mono")
        .arg(exe)
        .env("TZ", tz)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mono");
    let mut stdin = child.stdin.take().expect("oracle stdin");
    let input = requests.join("\n") + "\n";
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("wait for mono");
    writer
        .join()
        .expect("writer thread")
        .expect("write the oracle's input");
    assert!(
        out.status.success(),
        "the oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<Json> = String::from_utf8(out.stdout)
        .expect("the oracle answers in ASCII")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("oracle line {l:?}: {e}")))
        .collect();
    assert_eq!(answers.len(), requests.len(), "one answer per request");
    for (request, answer) in requests.iter().zip(&answers) {
        assert!(
            answer.get("fatal").is_none(),
            "the oracle could not run {request:?}: {answer}"
        );
    }
    answers
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex from the oracle"))
        .collect()
}

/// `D type charset hex`: read `body` as Web API would bind a `type` parameter.
fn read_request(net_type: &str, charset: Option<&str>, body: &[u8]) -> String {
    let body = if body.is_empty() {
        "-".to_owned()
    } else {
        hex(body)
    };
    format!("D\t{net_type}\t{}\t{body}", charset.unwrap_or("-"))
}

// ------------------------------------------------------------------------------------------------
// a. SDK → real serializer
// ------------------------------------------------------------------------------------------------

/// Values that XML makes awkward: markup, quotes, the CDATA terminator, XML whitespace at the
/// edges and alone, every line ending, non-ASCII, and the empty string.
const AWKWARD: &[&str] = &[
    "<",
    "&",
    ">",
    "\"",
    "'",
    "\"quoted\" and 'single'",
    "a <b> & c",
    "]]>",
    "<![CDATA[x]]>",
    "&amp; literally",
    " leading",
    "trailing ",
    "  both  ",
    " ",
    "\t",
    "a\tb",
    "\n",
    "a\nb",
    "\r\n",
    "a\r\nb",
    "\r",
    "a\rb",
    "\r\r\n\n",
    " \t\r\n ",
    "Zürich",
    "東京",
    "🎉",
    "Zürich – 東京 🎉",
    "",
];

/// The string the oracle bound to `member` (`None` for null, or for a null model).
fn oracle_str<'a>(answer: &'a Json, member: &str) -> Option<&'a str> {
    answer["model"][member].as_str()
}

#[test]
#[ignore = "needs Mono (mcs, mono); CI runs it with --include-ignored"]
fn sdk_license_operation_bodies_bind_to_the_same_strings_in_the_real_serializer() {
    let exe = oracle();
    let mut ops = vec![LicenseOperation::new("sample string 1", "sample string 2")];
    for v in AWKWARD {
        ops.push(LicenseOperation::new(*v, format!("user {v} id")));
    }
    let bodies: Vec<Vec<u8>> = ops
        .iter()
        .map(|op| op.to_body(Format::Xml).expect("encodable"))
        .collect();
    assert!(Format::Xml.content_type().ends_with("charset=utf-8"));
    let requests: Vec<String> = bodies
        .iter()
        .map(|b| read_request("LicenseOperation", Some("utf-8"), b))
        .collect();
    let answers = run(exe, "Etc/UTC", &requests);
    for ((op, body), answer) in ops.iter().zip(&bodies).zip(&answers) {
        let shown = String::from_utf8_lossy(body);
        assert_eq!(answer["error"], Json::Null, "{shown}");
        assert_eq!(
            oracle_str(answer, "LicenseID"),
            Some(op.license_id.as_str()),
            "LicenseID of {shown}"
        );
        assert_eq!(
            oracle_str(answer, "UserID"),
            Some(op.user_id.as_str()),
            "UserID of {shown}"
        );
        // The emulator binds the SDK's own bodies the same way, without a word.
        let emulated = dcs::read(&dcs::LICENSE_OPERATION, body, Some("utf-8"));
        assert!(
            emulated.diagnostics.is_empty(),
            "{:?}",
            emulated.diagnostics
        );
        let model = emulated.model.expect("emulator binds the SDK's body");
        assert_eq!(model.str("LicenseID"), Some(op.license_id.as_str()));
        assert_eq!(model.str("UserID"), Some(op.user_id.as_str()));
    }
    assert_eq!(answers.len(), 1 + AWKWARD.len());
}

#[test]
#[ignore = "needs Mono (mcs, mono); CI runs it with --include-ignored"]
fn sdk_login_bodies_bind_to_the_same_strings_in_the_real_serializer() {
    let exe = oracle();
    let mut logins = vec![LoginRequest::new("sample string 1", "sample string 2")];
    for v in AWKWARD {
        logins.push(LoginRequest::new(format!("{v}@example.com"), *v));
        logins.push(LoginRequest::new(*v, format!("pw{v}pw")));
    }
    let bodies: Vec<Vec<u8>> = logins
        .iter()
        .map(|l| l.to_body(Format::Xml).expect("encodable"))
        .collect();
    let requests: Vec<String> = bodies
        .iter()
        .map(|b| read_request("LoginUserBindingModel", Some("utf-8"), b))
        .collect();
    let answers = run(exe, "Etc/UTC", &requests);
    for ((login, body), answer) in logins.iter().zip(&bodies).zip(&answers) {
        let shown = String::from_utf8_lossy(body);
        assert_eq!(answer["error"], Json::Null, "{shown}");
        assert_eq!(
            oracle_str(answer, "UserName"),
            Some(login.user_name.as_str()),
            "UserName of {shown}"
        );
        assert_eq!(
            oracle_str(answer, "Password"),
            Some(login.password.expose()),
            "Password of {shown}"
        );
        let emulated = dcs::read(&dcs::LOGIN, body, Some("utf-8"));
        assert!(
            emulated.diagnostics.is_empty(),
            "{:?}",
            emulated.diagnostics
        );
        let model = emulated.model.expect("emulator binds the SDK's body");
        assert_eq!(model.str("UserName"), Some(login.user_name.as_str()));
        assert_eq!(model.str("Password"), Some(login.password.expose()));
    }
    assert_eq!(answers.len(), 1 + 2 * AWKWARD.len());
}

// ------------------------------------------------------------------------------------------------
// b. real serializer → SDK
// ------------------------------------------------------------------------------------------------

/// A `DateTime` as the oracle builds it: kind and clock fields.
#[derive(Debug, Clone, Copy)]
struct Clock {
    kind: &'static str,
    ymd: (u16, u8, u8),
    hms: (u8, u8, u8),
    /// Fraction of the second in 100 ns ticks.
    ticks: u32,
}

impl Clock {
    const fn new(kind: &'static str, ymd: (u16, u8, u8), hms: (u8, u8, u8), ticks: u32) -> Self {
        Clock {
            kind,
            ymd,
            hms,
            ticks,
        }
    }

    /// Days from 0001-01-01 (proleptic Gregorian), as `DateTime.Ticks` counts them.
    fn days(&self) -> i64 {
        let (y, m, d) = (
            i64::from(self.ymd.0),
            i64::from(self.ymd.1),
            i64::from(self.ymd.2),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        // days since 1970-01-01, then shifted to 0001-01-01
        era * 146_097 + doe - 719_468 + 719_162
    }

    fn net_ticks(&self) -> i64 {
        let (h, mi, s) = self.hms;
        (self.days() * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s))
            * 10_000_000
            + i64::from(self.ticks)
    }

    /// Seconds since the Unix epoch of the clock time read as UTC.
    fn clock_unix_seconds(&self) -> i64 {
        let (h, mi, s) = self.hms;
        (self.days() - 719_162) * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s)
    }
}

/// One `LicensesModels` for the oracle to write.
#[derive(Debug, Clone)]
struct NetLicense {
    id: &'static str,
    number: i32,
    computer_name: Option<&'static str>,
    operating_system: Option<&'static str>,
    is_trial: bool,
    is_taken: bool,
    license_type: Option<&'static str>,
    date_expired: Clock,
    transaction: Option<&'static str>,
    user: Option<&'static str>,
    user_id: Option<&'static str>,
}

impl NetLicense {
    fn record(&self) -> String {
        let s = |v: Option<&str>| v.map_or("~".to_owned(), |v| format!("h{}", hex(v.as_bytes())));
        let d = &self.date_expired;
        [
            s(Some(self.id)),
            self.number.to_string(),
            s(self.computer_name),
            s(self.operating_system),
            self.is_trial.to_string(),
            self.is_taken.to_string(),
            s(self.license_type),
            format!("{}:{}", d.kind, d.net_ticks()),
            s(self.transaction),
            s(self.user),
            s(self.user_id),
        ]
        .join(",")
    }
}

/// The licenses the oracle writes: the documented sample, nulls, awkward strings, and every
/// `DateTime` shape (each kind, 0/2/7 fraction digits, `MinValue`, `MaxValue`, a leap day).
fn net_licenses() -> Vec<NetLicense> {
    let base = NetLicense {
        id: "sample string 1",
        number: 2,
        computer_name: Some("sample string 3"),
        operating_system: Some("sample string 4"),
        is_trial: true,
        is_taken: true,
        license_type: Some("sample string 7"),
        // The help page's 2019-08-28T11:07:01.0922535+00:00: a Local time on a UTC server.
        date_expired: Clock::new("Local", (2019, 8, 28), (11, 7, 1), 922_535),
        transaction: Some("sample string 9"),
        user: Some("sample string 10"),
        user_id: Some("sample string 11"),
    };
    vec![
        base.clone(),
        NetLicense {
            id: "license-023a-4555-88db-02f811894b00",
            number: 6,
            computer_name: None,
            operating_system: None,
            is_trial: false,
            is_taken: false,
            license_type: Some("Ultimate"),
            // DCS writes 2018-02-09T00:00:00 (no zone, no fraction), as real MBS lists do.
            date_expired: Clock::new("Unspecified", (2018, 2, 9), (0, 0, 0), 0),
            transaction: Some("transactionID-f3de-4233-a1cd-ac0e9086015b"),
            user: None,
            user_id: None,
        },
        NetLicense {
            id: "awkward-1",
            number: -1,
            computer_name: Some("<PC & \"Büro\" 'x'>"),
            operating_system: Some("Windows ]]> 10"),
            license_type: Some("  File Backup  "),
            // 2025-04-04T18:06:59.1208985Z
            date_expired: Clock::new("Utc", (2025, 4, 4), (18, 6, 59), 1_208_985),
            transaction: Some(""),
            user: Some("a\tb"),
            user_id: Some("東京🎉"),
            ..base.clone()
        },
        NetLicense {
            id: "newlines",
            number: i32::MAX,
            computer_name: Some("line1\r\nline2"),
            operating_system: Some("lone\rcr"),
            license_type: Some("\n"),
            // 2018-05-15T15:44:51.07 (trailing zero digits dropped)
            date_expired: Clock::new("Unspecified", (2018, 5, 15), (15, 44, 51), 700_000),
            transaction: Some(" "),
            ..base.clone()
        },
        NetLicense {
            id: "min-value",
            number: i32::MIN,
            // default(DateTime): 0001-01-01T00:00:00
            date_expired: Clock::new("Unspecified", (1, 1, 1), (0, 0, 0), 0),
            ..base.clone()
        },
        NetLicense {
            id: "min-value-local",
            // DateTime.MinValue as Local, in the zone's local mean time of year 1:
            // 0001-01-01T00:00:00+00:00 (UTC), +05:53 (Kolkata), -09:18 (Marquesas)
            date_expired: Clock::new("Local", (1, 1, 1), (0, 0, 0), 0),
            ..base.clone()
        },
        NetLicense {
            id: "max-value",
            number: 0,
            // DateTime.MaxValue as UTC: 9999-12-31T23:59:59.9999999Z
            date_expired: Clock::new("Utc", (9999, 12, 31), (23, 59, 59), 9_999_999),
            ..base.clone()
        },
        NetLicense {
            id: "leap-day",
            // 2016-02-29T23:59:59.5 plus the zone's offset, e.g. +05:30
            date_expired: Clock::new("Local", (2016, 2, 29), (23, 59, 59), 5_000_000),
            ..base.clone()
        },
        NetLicense {
            id: "one-tick",
            // 2000-01-01T00:00:00.0000001Z
            date_expired: Clock::new("Utc", (2000, 1, 1), (0, 0, 0), 1),
            ..base
        },
    ]
}

/// What a string written by DCS reads back as: the server's writer turns every line ending in
/// text into `\r\n` (NewLineHandling.Replace with Windows' NewLineChars) and XML's end-of-line
/// rule turns that into `\n`; so `"a\r\nb"` and `"a\rb"` both arrive as `"a\nb"`.
fn after_the_wire(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// The text of `<name>` in a DCS document (which never nests these members).
fn element_text<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    xml.match_indices(&open)
        .map(|(at, _)| {
            let rest = &xml[at + open.len()..];
            &rest[..rest.find(&close).expect("closed")]
        })
        .collect()
}

/// Checks one decoded license against what the oracle was asked to write and what .NET itself
/// reads back from the same bytes; `local_offset` is the zone's offset in minutes (for Local).
fn assert_same_license(
    net: &NetLicense,
    sdk: &License,
    readback: &Json,
    date_text: &str,
    local_offset: i16,
) {
    let ctx = format!("license {} (DateExpired written as {date_text:?})", net.id);
    let strings: [(&str, Option<&str>, Option<&str>); 7] = [
        ("ID", Some(net.id), Some(sdk.id.as_str())),
        (
            "ComputerName",
            net.computer_name,
            sdk.computer_name.as_deref(),
        ),
        (
            "OperatingSystem",
            net.operating_system,
            sdk.operating_system.as_deref(),
        ),
        ("LicenseType", net.license_type, sdk.license_type.as_deref()),
        ("Transaction", net.transaction, sdk.transaction.as_deref()),
        ("User", net.user, sdk.user.as_deref()),
        ("UserID", net.user_id, sdk.user_id.as_deref()),
    ];
    for (name, written, decoded) in strings {
        assert_eq!(
            decoded.map(str::to_owned),
            written.map(after_the_wire),
            "{name} of {ctx}"
        );
        assert_eq!(
            decoded,
            readback[name].as_str(),
            "{name} of {ctx} vs .NET's own read-back"
        );
    }
    assert_eq!(sdk.number, i64::from(net.number), "Number of {ctx}");
    assert_eq!(readback["Number"], json!(net.number));
    assert_eq!(
        (sdk.is_trial, sdk.is_taken),
        (net.is_trial, net.is_taken),
        "{ctx}"
    );
    assert_eq!(readback["IsTrial"], json!(net.is_trial));
    assert_eq!(readback["IsTaken"], json!(net.is_taken));

    let clock = net.date_expired;
    let ts: Timestamp = sdk.date_expired.expect("DateExpired is always written");
    assert_eq!(
        ts.to_string(),
        date_text,
        "the Timestamp keeps DCS's text: {ctx}"
    );
    assert_eq!((ts.year(), ts.month(), ts.day()), clock.ymd, "{ctx}");
    assert_eq!((ts.hour(), ts.minute(), ts.second()), clock.hms, "{ctx}");
    assert_eq!(ts.nanosecond(), clock.ticks * 100, "{ctx}");
    // "yyyy-MM-ddTHH:mm:ss.FFFFFFF": trailing zero digits dropped.
    let digits = format!("{:07}", clock.ticks).trim_end_matches('0').len();
    assert_eq!(usize::from(ts.fraction_digits()), digits, "{ctx}");
    let expected_offset = match clock.kind {
        "Unspecified" => Offset::Unspecified,
        "Utc" => Offset::Utc,
        _ => Offset::Minutes(local_offset),
    };
    let minutes = match expected_offset {
        Offset::Minutes(m) => i64::from(m),
        _ => 0,
    };
    if clock.ymd.0 >= 1970 {
        assert_eq!(ts.offset(), expected_offset, "{ctx}");
        assert_eq!(
            ts.unix_seconds(),
            clock.clock_unix_seconds() - minutes * 60,
            "the instant of {ctx}"
        );
    } else {
        // Year 1 in a real zone is in its local mean time (+05:53 for Kolkata, -09:18 for the
        // Marquesas, from tzdata), not the zone's offset: the kind is checked, and the instant
        // against whatever offset was written.
        assert_eq!(
            std::mem::discriminant(&ts.offset()),
            std::mem::discriminant(&expected_offset),
            "{ctx}"
        );
        let written = match ts.offset() {
            Offset::Minutes(m) => i64::from(m),
            _ => 0,
        };
        assert_eq!(
            ts.unix_seconds(),
            clock.clock_unix_seconds() - written * 60,
            "the instant of {ctx}"
        );
    }
    // .NET's own read-back: a Utc or Unspecified DateTime comes back with the same ticks.
    if clock.kind != "Local" {
        assert_eq!(
            readback["DateExpired"],
            json!({"ticks": clock.net_ticks().to_string(), "kind": clock.kind}),
            "{ctx}"
        );
    }
}

#[test]
#[ignore = "needs Mono (mcs, mono); CI runs it with --include-ignored"]
fn real_serializer_licenses_decode_to_the_same_values_in_the_sdk() {
    let exe = oracle();
    let licenses = net_licenses();
    let mut requests: Vec<String> = licenses
        .iter()
        .map(|l| format!("S\tone\t{}", l.record()))
        .collect();
    let all: Vec<String> = licenses.iter().map(NetLicense::record).collect();
    requests.push(format!("S\tlist\t{}", all.join(";")));
    let mut checked = 0;
    // UTC (what MBS's samples show: +00:00), a positive and a negative half-hour zone.
    for (tz, offset) in [
        ("Etc/UTC", 0),
        ("Asia/Kolkata", 330),
        ("Pacific/Marquesas", -570),
    ] {
        let answers = run(exe, tz, &requests);
        for (i, (net, answer)) in licenses.iter().zip(&answers).enumerate() {
            let bytes = unhex(answer["hex"].as_str().expect("hex"));
            let xml = String::from_utf8(bytes.clone()).expect("DCS writes UTF-8");
            assert!(
                xml.starts_with("<LicensesModels xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models\">"),
                "{xml}"
            );
            let sdk = License::from_body(Format::Xml, &bytes)
                .unwrap_or_else(|e| panic!("{tz} #{i}: {e}\n{xml}"));
            let date = element_text(&xml, "DateExpired")[0];
            assert_same_license(net, &sdk, &answer["readback"]["model"], date, offset);
            checked += 1;
        }
        let list = answers.last().expect("the list answer");
        let bytes = unhex(list["hex"].as_str().expect("hex"));
        let xml = String::from_utf8(bytes.clone()).expect("DCS writes UTF-8");
        assert!(xml.starts_with("<ArrayOfLicensesModels "), "{xml}");
        let sdk = License::list_from_body(Format::Xml, &bytes)
            .unwrap_or_else(|e| panic!("{tz} list: {e}\n{xml}"));
        assert_eq!(sdk.len(), licenses.len());
        let dates = element_text(&xml, "DateExpired");
        let readback = list["readback"]["model"].as_array().expect("a list");
        for (i, (net, decoded)) in licenses.iter().zip(&sdk).enumerate() {
            assert_same_license(net, decoded, &readback[i], dates[i], offset);
            checked += 1;
        }
        // What DCS wrote for the Local sample in this zone, e.g. +00:00 on a UTC server, as the
        // help page shows it.
        let sample = element_text(&xml, "DateExpired")[0];
        let zone = match offset {
            0 => "+00:00",
            330 => "+05:30",
            _ => "-09:30",
        };
        assert_eq!(sample, format!("2019-08-28T11:07:01.0922535{zone}"));
    }
    assert_eq!(checked, 3 * 2 * licenses.len());
}

#[test]
#[ignore = "needs Mono (mcs, mono); CI runs it with --include-ignored"]
fn real_serializer_nulls_and_control_characters_reach_the_sdk_as_written() {
    let exe = oracle();
    // A null in every nullable member (the last record of the list), and a character XML 1.0
    // can't carry, which the server's writer (CheckCharacters = false) writes as &#x16;.
    let nulls = NetLicense {
        id: "all-null",
        number: 1,
        computer_name: None,
        operating_system: None,
        is_trial: false,
        is_taken: true,
        license_type: None,
        date_expired: Clock::new("Unspecified", (2030, 12, 31), (0, 0, 0), 0),
        transaction: None,
        user: None,
        user_id: None,
    };
    let control = NetLicense {
        id: "control",
        computer_name: Some("SYN\u{16}here"),
        ..nulls.clone()
    };
    let requests = vec![
        format!("S\tone\t{}", nulls.record()),
        format!("S\tone\t{}", control.record()),
    ];
    let answers = run(exe, "Etc/UTC", &requests);
    let xml = String::from_utf8(unhex(answers[0]["hex"].as_str().unwrap())).unwrap();
    for member in [
        "ComputerName",
        "OperatingSystem",
        "LicenseType",
        "Transaction",
        "User",
        "UserID",
    ] {
        assert!(
            xml.contains(&format!("<{member} i:nil=\"true\" />")),
            "{xml}"
        );
    }
    let sdk = License::from_body(Format::Xml, xml.as_bytes()).expect("decodes");
    assert_same_license(
        &nulls,
        &sdk,
        &answers[0]["readback"]["model"],
        "2030-12-31T00:00:00",
        0,
    );
    assert!(sdk.is_free() || sdk.is_taken);

    let xml = String::from_utf8(unhex(answers[1]["hex"].as_str().unwrap())).unwrap();
    assert!(
        xml.contains("<ComputerName>SYN&#x16;here</ComputerName>"),
        "{xml}"
    );
    let sdk = License::from_body(Format::Xml, xml.as_bytes()).expect("decodes");
    assert_eq!(sdk.computer_name.as_deref(), Some("SYN\u{16}here"));
    assert_eq!(
        answers[1]["readback"]["model"]["ComputerName"],
        json!("SYN\u{16}here")
    );
}

// ------------------------------------------------------------------------------------------------
// c. the emulator vs the real serializer
// ------------------------------------------------------------------------------------------------

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const ENGINE: &str = "http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models";
const CONTROLLERS: &str = "http://schemas.datacontract.org/2004/07/MBSAPImvc.Controllers";
const ARRAYS: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

#[derive(Clone, Copy)]
enum Target {
    Op,
    Login,
    Users,
}

impl Target {
    fn contract(self) -> &'static Contract {
        match self {
            Target::Op => &dcs::LICENSE_OPERATION,
            Target::Login => &dcs::LOGIN,
            Target::Users => &dcs::USERS_ADD,
        }
    }

    fn net_type(self) -> &'static str {
        match self {
            Target::Op => "LicenseOperation",
            Target::Login => "LoginUserBindingModel",
            Target::Users => "UsersAddModels",
        }
    }
}

struct Case {
    name: &'static str,
    target: Target,
    body: Vec<u8>,
    charset: Option<&'static str>,
    /// The diagnostics the emulator must give, in order.
    expect: Vec<DiagnosticKind>,
    /// A disagreement with the real serializer that is known and not fixed (outside
    /// `src/sandbox/dcs.rs`, or needing a change of its public types): the test checks it still
    /// disagrees, so whoever fixes it moves the case to the agreeing ones.
    known: Option<&'static str>,
}

fn case(
    name: &'static str,
    target: Target,
    body: impl Into<Vec<u8>>,
    expect: &[DiagnosticKind],
) -> Case {
    Case {
        name,
        target,
        body: body.into(),
        charset: Some("utf-8"),
        expect: expect.to_vec(),
        known: None,
    }
}

fn known(mut c: Case, why: &'static str) -> Case {
    c.known = Some(why);
    c
}

fn with_charset(mut c: Case, charset: Option<&'static str>) -> Case {
    c.charset = charset;
    c
}

fn op(members: &str) -> String {
    format!(r#"<LicenseOperation xmlns:i="{XSI}" xmlns="{ENGINE}">{members}</LicenseOperation>"#)
}

fn login(members: &str) -> String {
    format!(
        r#"<ProviderController.LoginUserBindingModel xmlns:i="{XSI}" xmlns="{CONTROLLERS}">{members}</ProviderController.LoginUserBindingModel>"#
    )
}

fn users(members: &str) -> String {
    format!(r#"<UsersAddModels xmlns:i="{XSI}" xmlns="{ENGINE}">{members}</UsersAddModels>"#)
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let bom = if bom { "\u{feff}" } else { "" };
    format!("{bom}{text}")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect()
}

fn fixture(rel: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The corpus: request bodies a careless or creative client might send. `expect` is what the
/// emulator must report; the values are whatever the real serializer binds.
#[rustfmt::skip]
fn corpus() -> Vec<Case> {
    use DiagnosticKind::{Duplicate, ModelNull, Note, OutOfOrder, Unknown, WrongNamespace};
    use Target::{Login, Op, Users};
    let lu = "<LicenseID>L</LicenseID><UserID>U</UserID>";
    let decl = r#"<?xml version="1.0" encoding="utf-8"?>"#;
    let dest = |inner: &str| users(&format!("<DestinationList><DestinationForNewUser>{inner}</DestinationForNewUser></DestinationList><Email>e@x</Email>"));
    let emails = |inner: &str| users(&format!("<Email>e@x</Email><NotificationEmails xmlns:d2p1=\"{ARRAYS}\">{inner}</NotificationEmails>"));
    vec![
        // LicenseOperation: order, duplicates, unknown members, namespaces
        case("op: documented sample, in order", Op, fixture("licenses/revoke.request.xml"), &[]),
        case("op: out of order", Op, op("<UserID>U</UserID><LicenseID>L</LicenseID>"), &[OutOfOrder]),
        case("op: duplicate, adjacent", Op, op("<LicenseID>1</LicenseID><LicenseID>2</LicenseID><UserID>U</UserID>"), &[Duplicate]),
        case("op: duplicate, not adjacent", Op, op("<LicenseID>1</LicenseID><UserID>U</UserID><LicenseID>2</LicenseID>"), &[Duplicate]),
        case("op: unknown element first", Op, op(&format!("<Foo>x</Foo>{lu}")), &[Unknown]),
        case("op: unknown element in the middle", Op, op("<LicenseID>L</LicenseID><Foo><Bar/></Foo><UserID>U</UserID>"), &[Unknown]),
        case("op: unknown element last", Op, op(&format!("{lu}<Zzz/>")), &[Unknown]),
        case("op: member name in the wrong case", Op, op("<LicenseId>L</LicenseId><UserID>U</UserID>"), &[Unknown]),
        case("op: prefixed root, unprefixed children (no namespace)", Op, format!(r#"<a:LicenseOperation xmlns:a="{ENGINE}">{lu}</a:LicenseOperation>"#), &[WrongNamespace, WrongNamespace]),
        case("op: prefixed root and children", Op, format!(r#"<a:LicenseOperation xmlns:a="{ENGINE}"><a:LicenseID>L</a:LicenseID><a:UserID>U</a:UserID></a:LicenseOperation>"#), &[]),
        case("op: a member in another namespace", Op, op(r#"<LicenseID xmlns="urn:other">L</LicenseID><UserID>U</UserID>"#), &[WrongNamespace]),
        case("op: no xmlns at all", Op, format!("<LicenseOperation>{lu}</LicenseOperation>"), &[ModelNull]),
        case("op: the Controllers namespace", Op, format!(r#"<LicenseOperation xmlns="{CONTROLLERS}">{lu}</LicenseOperation>"#), &[ModelNull]),
        case("op: wrong root name", Op, format!(r#"<LicenseOperations xmlns="{ENGINE}">{lu}</LicenseOperations>"#), &[ModelNull]),
        known(case("op: root with an i:type the serializer doesn't know", Op, format!(r#"<LicenseOperation i:type="Other" xmlns:i="{XSI}" xmlns="{ENGINE}">{lu}</LicenseOperation>"#), &[]), "the real serializer refuses an unknown i:type (null model); the emulator ignores i:type"),
        // nil and empty
        case("op: root i:nil", Op, format!(r#"<LicenseOperation i:nil="true" xmlns:i="{XSI}" xmlns="{ENGINE}" />"#), &[ModelNull]),
        case("op: member i:nil", Op, op(r#"<LicenseID i:nil="true" /><UserID>U</UserID>"#), &[]),
        case("op: member i:nil=\"1\"", Op, op(r#"<LicenseID i:nil="1">x</LicenseID><UserID i:nil=" true ">y</UserID>"#), &[]),
        case("op: member i:nil=\"TRUE\"", Op, op(r#"<LicenseID i:nil="TRUE">x</LicenseID>"#), &[ModelNull]),
        case("op: member i:nil=\"\"", Op, op(r#"<LicenseID i:nil="">x</LicenseID>"#), &[ModelNull]),
        case("op: member i:nil=\"0\"", Op, op(r#"<LicenseID i:nil="0">x</LicenseID>"#), &[]),
        case("op: member i:nil=\"false\" keeps its text", Op, op(r#"<LicenseID i:nil="false">L</LicenseID><UserID>U</UserID>"#), &[]),
        case("op: nil under another prefix for the XSI namespace", Op, format!(r#"<LicenseOperation xmlns:xsi="{XSI}" xmlns="{ENGINE}"><LicenseID xsi:nil="true"/><UserID>U</UserID></LicenseOperation>"#), &[]),
        case("op: i:nil with an undeclared prefix", Op, format!(r#"<LicenseOperation xmlns="{ENGINE}"><LicenseID i:nil="true"/></LicenseOperation>"#), &[ModelNull]),
        case("op: another attribute with an undeclared prefix", Op, op(r#"<LicenseID foo:bar="x">L</LicenseID>"#), &[ModelNull]),
        case("op: an undeclared attribute prefix inside a skipped element", Op, op(r#"<Foo><Bar foo:bar="x"/></Foo><LicenseID>L</LicenseID>"#), &[ModelNull]),
        case("op: empty string elements", Op, op("<LicenseID></LicenseID><UserID/>"), &[]),
        case("op: whitespace-only strings", Op, op("<LicenseID>  </LicenseID><UserID>\n\t </UserID>"), &[]),
        case("op: no members", Op, op(""), &[]),
        // text content
        case("op: CDATA", Op, op("<LicenseID><![CDATA[<x> & ]]></LicenseID><UserID>a<![CDATA[]]]]><![CDATA[>]]>b</UserID>"), &[]),
        case("op: entity and character references", Op, op("<LicenseID>&lt;&amp;&gt;&quot;&apos;&#x41;&#66;&#x1F389;</LicenseID><UserID>&#xD;&#xA;&#9;</UserID>"), &[]),
        case("op: character reference to a control character", Op, op("<LicenseID>a&#x16;b</LicenseID>"), &[]),
        known(case("op: character reference to NUL", Op, op("<LicenseID>a&#0;b</LicenseID>"), &[ModelNull]), "the real reader binds \"a\\0b\"; the emulator's parser (src/xml.rs, quick-xml) refuses &#0; (null model)"),
        case("op: raw CRLF and CR are normalised", Op, op("<LicenseID>a\r\nb\rc</LicenseID><UserID>\r</UserID>"), &[]),
        case("op: comments between members", Op, op("<!-- a --><LicenseID>L<!-- in --></LicenseID><!-- b --><UserID>U</UserID><!-- c -->"), &[]),
        case("op: attributes on members are ignored", Op, op(r#"<LicenseID foo="bar" xml:lang="de">L</LicenseID><UserID>U</UserID>"#), &[]),
        case("op: an element inside a string member", Op, op("<LicenseID>a<b>x</b>c</LicenseID><UserID>U</UserID>"), &[ModelNull]),
        case("op: text between members", Op, op("junk<LicenseID>L</LicenseID><UserID>U</UserID>"), &[ModelNull]),
        case("op: text after the last member", Op, op("<LicenseID>L</LicenseID><UserID>U</UserID>junk"), &[ModelNull]),
        case("op: whitespace-only CDATA between members", Op, op("<LicenseID>L</LicenseID><![CDATA[ ]]><UserID>U</UserID>"), &[]),
        case("op: i bound to another namespace is not nil", Op, format!(r#"<LicenseOperation xmlns:i="urn:not-xsi" xmlns="{ENGINE}"><LicenseID i:nil="true">L</LicenseID></LicenseOperation>"#), &[]),
        case("users: text between the members of a list item", Users, dest("<AccountID>A</AccountID>junk<PackageID>3</PackageID>"), &[ModelNull]),
        case("users: text before the first item of a list", Users, users("<DestinationList>junk<DestinationForNewUser/></DestinationList>"), &[ModelNull]),
        case("users: text inside a skipped unknown member", Users, users("<Bogus>junk<x/>more</Bogus><Email>e@x</Email>"), &[Unknown]),
        case("op: CDATA between members", Op, op("<LicenseID>L</LicenseID><![CDATA[x]]><UserID>U</UserID>"), &[ModelNull]),
        // prolog and encodings
        case("op: declaration with encoding=\"utf-8\"", Op, format!("{decl}\n{}", op(lu)), &[]),
        case("op: declaration with encoding=\"UTF-8\"", Op, format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}", op(lu)), &[]),
        case("op: declaration without encoding", Op, format!("<?xml version=\"1.0\"?>{}", op(lu)), &[]),
        case("op: declaration with standalone and single quotes", Op, format!("<?xml version='1.0' encoding='utf-8' standalone='yes'?>{}", op(lu)), &[]),
        case("op: declaration with version 1.1", Op, format!("<?xml version=\"1.1\"?>{}", op(lu)), &[ModelNull]),
        case("op: utf-16 declaration in a UTF-8 body", Op, format!("<?xml version=\"1.0\" encoding=\"utf-16\"?>{}", op(lu)), &[ModelNull]),
        case("op: iso-8859-1 declaration in a UTF-8 body", Op, format!("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>{}", op(lu)), &[ModelNull]),
        case("op: whitespace before the declaration", Op, format!(" {decl}{}", op(lu)), &[ModelNull]),
        case("op: comment before the declaration", Op, format!("<!-- c -->{decl}{}", op(lu)), &[ModelNull]),
        case("op: whitespace before the root (no declaration)", Op, format!("\n  {}\n", op(lu)), &[]),
        case("op: UTF-8 BOM", Op, [b"\xEF\xBB\xBF".as_slice(), op(lu).as_bytes()].concat(), &[]),
        case("op: UTF-8 BOM and declaration", Op, [b"\xEF\xBB\xBF".as_slice(), decl.as_bytes(), op(lu).as_bytes()].concat(), &[]),
        case("op: invalid UTF-8", Op, op("<LicenseID>\u{0}</LicenseID>").replace('\u{0}', "\u{FFFD}").into_bytes().into_iter().map(|b| if b == 0xBD { 0xFF } else { b }).collect::<Vec<u8>>(), &[ModelNull]),
        case("op: UTF-16LE with BOM, charset=utf-8", Op, utf16le(&op(lu), true), &[ModelNull]),
        with_charset(case("op: UTF-16LE with BOM, charset=utf-16", Op, utf16le(&op("<LicenseID>Zürich 東京 🎉</LicenseID>"), true), &[]), Some("utf-16")),
        with_charset(case("op: UTF-16LE with BOM and utf-16 declaration, charset=utf-16", Op, utf16le(&format!("<?xml version=\"1.0\" encoding=\"utf-16\"?>{}", op(lu)), true), &[]), Some("utf-16")),
        with_charset(case("op: UTF-16LE without BOM, charset=utf-16", Op, utf16le(&op(lu), false), &[]), Some("utf-16")),
        with_charset(case("op: UTF-16 with utf-8 declaration, charset=utf-16", Op, utf16le(&format!("{decl}{}", op(lu)), true), &[ModelNull]), Some("utf-16")),
        with_charset(case("op: UTF-16BE with BOM, charset=utf-16", Op, [b"\xFE\xFF".as_slice(), &op(lu).encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<u8>>()].concat(), &[ModelNull]), Some("utf-16")),
        with_charset(case("op: UTF-8 body, charset=utf-16", Op, op(lu), &[ModelNull]), Some("utf-16")),
        with_charset(case("op: charset=UTF-16 in upper case", Op, utf16le(&op(lu), true), &[]), Some("UTF-16")),
        // Web API compares the charset as MediaTypeHeaderValue.CharSet gives it, quotes and all.
        with_charset(case("op: quoted charset=\"utf-16\" is not recognised", Op, utf16le(&op(lu), true), &[Note, ModelNull]), Some("\"utf-16\"")),
        with_charset(case("op: charset=iso-8859-1 is read as UTF-8", Op, op("<LicenseID>Zürich</LicenseID>"), &[Note]), Some("iso-8859-1")),
        with_charset(case("op: no charset is read as UTF-8", Op, op("<LicenseID>Zürich</LicenseID>"), &[]), None),
        case("op: DOCTYPE", Op, format!("<!DOCTYPE LicenseOperation>{}", op(lu)), &[ModelNull]),
        case("op: xml-stylesheet processing instruction", Op, format!("{decl}<?xml-stylesheet href=\"a.xsl\"?>{}", op(lu)), &[ModelNull]),
        case("op: processing instruction between members", Op, op("<LicenseID>L</LicenseID><?pi x?><UserID>U</UserID>"), &[ModelNull]),
        case("op: not well-formed", Op, op("<LicenseID>L</UserID>"), &[ModelNull]),
        case("op: whitespace-only body", Op, "  \n", &[ModelNull]),
        case("op: two roots", Op, format!("{}{}", op(lu), op(lu)), &[ModelNull]),
        // ProviderController.LoginUserBindingModel
        case("login: documented sample, in order", Login, fixture("provider/login.request.xml"), &[]),
        case("login: GitBook sample (values swapped, order right)", Login, fixture("provider/login.request.gitbook-swapped.xml"), &[]),
        case("login: UserName before Password drops Password", Login, login("<UserName>U</UserName><Password>P</Password>"), &[OutOfOrder]),
        case("login: root without the outer class name", Login, format!(r#"<LoginUserBindingModel xmlns="{CONTROLLERS}"><Password>P</Password></LoginUserBindingModel>"#), &[ModelNull]),
        case("login: in the Engine.Models namespace", Login, format!(r#"<ProviderController.LoginUserBindingModel xmlns="{ENGINE}"><Password>P</Password></ProviderController.LoginUserBindingModel>"#), &[ModelNull]),
        case("login: empty password, nil user name", Login, login(r#"<Password/><UserName i:nil="true"/>"#), &[]),
        // UsersAddModels: value types, enums, collections
        case("users: documented sample", Users, fixture("users/create.request.xml"), &[]),
        case("users: empty bool element", Users, users("<Email>e@x</Email><Enabled/>"), &[ModelNull]),
        case("users: nil bool", Users, users(r#"<Enabled i:nil="true"/>"#), &[ModelNull]),
        case("users: bool ' 1 '", Users, users("<Enabled> 1 </Enabled><SendEmailInstruction>0</SendEmailInstruction>"), &[]),
        case("users: bool with newline and tab around it", Users, users("<Enabled>\n\ttrue\n</Enabled><SendEmailInstruction> false</SendEmailInstruction>"), &[]),
        case("users: bool 'True'", Users, users("<Enabled>True</Enabled>"), &[ModelNull]),
        case("users: bool 'yes'", Users, users("<Enabled>yes</Enabled>"), &[ModelNull]),
        case("users: enum 'Automatic'", Users, users("<LicenseManagmentMode>Automatic</LicenseManagmentMode>"), &[]),
        case("users: enum 'CompanySettings'", Users, users("<LicenseManagmentMode>CompanySettings</LicenseManagmentMode>"), &[]),
        case("users: bad enum name", Users, users("<LicenseManagmentMode>Sometimes</LicenseManagmentMode>"), &[ModelNull]),
        case("users: enum in the wrong case", Users, users("<LicenseManagmentMode>automatic</LicenseManagmentMode>"), &[ModelNull]),
        case("users: enum as a number", Users, users("<LicenseManagmentMode>1</LicenseManagmentMode>"), &[ModelNull]),
        case("users: enum with spaces around it", Users, users("<LicenseManagmentMode> Automatic </LicenseManagmentMode>"), &[ModelNull]),
        case("users: enum on its own indented line", Users, users("<LicenseManagmentMode>\n    Manual\n  </LicenseManagmentMode>"), &[ModelNull]),
        case("users: empty enum element", Users, users("<LicenseManagmentMode/>"), &[ModelNull]),
        case("users: nil enum", Users, users(r#"<LicenseManagmentMode i:nil="true"/>"#), &[ModelNull]),
        case("users: NotificationEmails items with another prefix", Users, users(&format!(r#"<NotificationEmails xmlns:q="{ARRAYS}"><q:string>a@x</q:string><q:string>b@x</q:string></NotificationEmails>"#)), &[]),
        case("users: NotificationEmails items with a default xmlns", Users, users(&format!(r#"<NotificationEmails><string xmlns="{ARRAYS}">a@x</string></NotificationEmails>"#)), &[]),
        case("users: NotificationEmails items in the model namespace", Users, users("<NotificationEmails><string>a@x</string><string>b@x</string></NotificationEmails>"), &[Unknown, Unknown]),
        case("users: NotificationEmails nil item and empty item", Users, emails(r#"<d2p1:string i:nil="true"/><d2p1:string/><d2p1:string> x </d2p1:string>"#), &[]),
        case("users: NotificationEmails with text instead of items", Users, users("<NotificationEmails>a@x</NotificationEmails>"), &[ModelNull]),
        case("users: NotificationEmails item holding an element", Users, emails("<d2p1:string>a<b/>c</d2p1:string>"), &[ModelNull]),
        case("users: NotificationEmails nil", Users, users(r#"<NotificationEmails i:nil="true"/>"#), &[]),
        case("users: NotificationEmails empty", Users, users("<NotificationEmails/>"), &[]),
        case("users: DestinationList with an out-of-order inner member", Users, dest("<PackageID>3</PackageID><AccountID>A</AccountID><Destination>D</Destination>"), &[OutOfOrder, OutOfOrder]),
        case("users: DestinationList inner member duplicated", Users, dest("<AccountID>A</AccountID><AccountID>B</AccountID><PackageID>3</PackageID>"), &[Duplicate]),
        case("users: DestinationList inner member without namespace", Users, users(r#"<DestinationList><DestinationForNewUser><AccountID xmlns="">A</AccountID><PackageID>3</PackageID></DestinationForNewUser></DestinationList>"#), &[WrongNamespace]),
        case("users: DestinationList item with the wrong name", Users, users("<DestinationList><Destination><AccountID>A</AccountID></Destination></DestinationList>"), &[Unknown]),
        case("users: DestinationList nil item", Users, users(r#"<DestinationList><DestinationForNewUser i:nil="true"/><DestinationForNewUser><PackageID>1</PackageID></DestinationForNewUser></DestinationList>"#), &[]),
        case("users: DestinationList nil", Users, users(r#"<DestinationList i:nil="true"/><Email>e@x</Email>"#), &[]),
        case("users: PackageID empty", Users, dest("<AccountID>A</AccountID><PackageID/>"), &[ModelNull]),
        case("users: PackageID with spaces", Users, dest("<PackageID> 7 </PackageID>"), &[]),
        case("users: PackageID with a plus sign", Users, dest("<PackageID>+7</PackageID>"), &[]),
        case("users: PackageID negative with leading zeros", Users, dest("<PackageID>-007</PackageID>"), &[]),
        case("users: PackageID too big for Int32", Users, dest("<PackageID>2147483648</PackageID>"), &[ModelNull]),
        case("users: PackageID as a decimal", Users, dest("<PackageID>3.0</PackageID>"), &[ModelNull]),
        case("users: Email before Company drops Company", Users, users("<Email>e@x</Email><Company>C</Company><Enabled>true</Enabled>"), &[OutOfOrder]),
        case("users: members after an unknown one are kept", Users, users("<Company>C</Company><Unknown/><Password>p</Password>"), &[Unknown]),
    ]
}

/// A member's default when the body leaves it out (null for reference types).
fn default_json(kind: Kind) -> Json {
    match kind {
        Kind::String | Kind::Strings | Kind::Items(_) => Json::Null,
        Kind::Bool => json!(false),
        Kind::Int32 | Kind::Int64 | Kind::Enum(..) => json!(0),
    }
}

fn value_json(kind: Kind, value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Str(s) => json!(s),
        Value::Bool(b) => json!(b),
        Value::Int(n) => json!(n),
        Value::Strings(items) => json!(items),
        Value::Items(items) => {
            let Kind::Items(contract) = kind else {
                panic!("items bound to a {kind:?} member")
            };
            Json::Array(
                items
                    .iter()
                    .map(|f| f.as_ref().map_or(Json::Null, |f| fields_json(contract, f)))
                    .collect(),
            )
        }
    }
}

/// The emulator's bound members as the oracle reports a model: every member, defaults filled in.
fn fields_json(contract: &Contract, fields: &Fields) -> Json {
    for (name, _) in &fields.0 {
        assert!(
            contract.members.iter().any(|m| m.name == *name),
            "{name} is not a member of {}",
            contract.name
        );
    }
    let members = contract
        .members
        .iter()
        .map(|m| {
            let value = fields
                .get(m.name)
                .map_or_else(|| default_json(m.kind), |v| value_json(m.kind, v));
            (m.name.to_owned(), value)
        })
        .collect();
    Json::Object(members)
}

#[test]
#[ignore = "needs Mono (mcs, mono); CI runs it with --include-ignored"]
fn emulator_binds_every_corpus_body_exactly_as_the_real_serializer() {
    let exe = oracle();
    let cases = corpus();
    assert!(cases.len() >= 25);
    let requests: Vec<String> = cases
        .iter()
        .map(|c| read_request(c.target.net_type(), c.charset, &c.body))
        .collect();
    let answers = run(exe, "Etc/UTC", &requests);
    let mut failures = Vec::new();
    let mut nulls = 0;
    let mut known_count = 0;
    for (c, answer) in cases.iter().zip(&answers) {
        let contract = c.target.contract();
        let outcome = dcs::read(contract, &c.body, c.charset);
        let emulated = outcome
            .model
            .as_ref()
            .map_or(Json::Null, |f| fields_json(contract, f));
        let real = &answer["model"];
        let kinds: Vec<DiagnosticKind> = outcome.diagnostics.iter().map(|d| d.kind).collect();
        let body = String::from_utf8_lossy(&c.body);
        let mut problems = Vec::new();
        if emulated.is_null() != real.is_null() {
            problems.push(format!(
                "model null: emulator {}, real {} (real error: {})",
                emulated.is_null(),
                real.is_null(),
                answer["error"]
            ));
        } else if emulated != *real {
            problems.push(format!(
                "members differ:\n  emulator {emulated}\n  real     {real}"
            ));
        }
        if outcome.error.is_some() != answer["error"].is_string() {
            problems.push(format!(
                "error: emulator {:?}, real {}",
                outcome.error, answer["error"]
            ));
        }
        if real.is_null() && !kinds.contains(&DiagnosticKind::ModelNull) {
            problems.push(
                "the real model is null but the emulator gave no model-null diagnostic".into(),
            );
        }
        if kinds != c.expect {
            problems.push(format!(
                "diagnostics: expected {:?}, emulator gave {:?}",
                c.expect, outcome.diagnostics
            ));
        }
        if real.is_null() {
            nulls += 1;
        }
        if let Some(why) = c.known {
            if problems.is_empty() {
                failures.push(format!(
                    "{}: listed as a known disagreement ({why}) but the emulator now agrees; make it an ordinary case",
                    c.name
                ));
            } else {
                eprintln!("known disagreement, {}: {why}", c.name);
                known_count += 1;
            }
        } else if !problems.is_empty() {
            failures.push(format!(
                "{} [{:?}]\n  body {body:?}\n  {}",
                c.name,
                c.charset,
                problems.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases disagree:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    // The corpus exercises both sides of the line.
    assert!(
        nulls >= 10 && nulls < cases.len() - 10,
        "{nulls} null models"
    );
    let listed = cases.iter().filter(|c| c.known.is_some()).count();
    assert_eq!(
        known_count, listed,
        "every known disagreement still disagrees"
    );
}
