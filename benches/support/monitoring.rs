//! Monitoring answers (`GET /api/Monitoring`, a list of `PlanRun`) for the benches and
//! `tests/decode_memory.rs`: built deterministically from the values of the docs' printed
//! example (PlanName 'Anakonda backup', UserName, a GUID-like UserID, ComputerName,
//! BuildVersion '2.4.0.17', StorageType 'Cloud', LastStart '2018-05-11T14:50:57', NextStart
//! null or a date, Duration '15 second(s)', …), varied per record, and written by the SDK's own
//! encoder (`PlanRun::list_to_body`) as the server sends them: compact JSON, and XML without
//! indentation.

#![allow(dead_code)]

use mspbackups::Format;
use mspbackups::models::{PlanRun, PlanStatus, PlanType};

/// The docs' printed example (`GET /api/Monitoring`, first record), as JSON, plus the three
/// members the vendor's PowerShell module adds.
const DOCS_RECORD: &str = r#"{"PlanName":"Anakonda backup","CompanyName":null,"UserName":"roberttech","UserID":"someID-1ac6-42b9-8003-51808c40e077","ComputerName":"roberts-mbp.dev.cbl.corp","BuildVersion":"2.4.0.17","StorageType":"Cloud","LastStart":"2018-05-11T14:50:57","NextStart":null,"Status":0,"ErrorMessage":null,"FilesCopied":3,"FilesFailed":0,"DataCopied":531582,"Duration":"15 second(s)","DataToBackup":531582,"TotalData":2425390,"FilesScanned":82,"FilesToBackup":3,"PlanId":null,"PlanType":null,"DetailedReportLink":null}"#;

/// A GUID-like text from two numbers.
fn guid(a: usize, b: usize) -> String {
    format!(
        "{:08x}-{:04x}-42b9-8003-{:012x}",
        a.wrapping_mul(2_654_435_761) as u32,
        b % 0x1_0000,
        (a as u64).wrapping_mul(0x9E37_79B9_7F4A) & 0xFFFF_FFFF_FFFF
    )
}

/// A `YYYY-MM-DDThh:mm:ss` time in May–June 2018 (no offset, as real answers carry none),
/// `days` later than record `n`'s own.
fn time(n: usize, days: usize) -> String {
    format!(
        "2018-{:02}-{:02}T{:02}:{:02}:{:02}",
        5 + n % 2,
        n % 28 + 1 + days,
        n % 24,
        (n / 3) % 60,
        (n / 7) % 60
    )
}

/// `n` plan runs: four plans per computer, two computers per user; mostly successful runs,
/// with an error message on the failed ones (a Windows path: escapes in JSON).
pub fn plan_runs(n: usize) -> Vec<PlanRun> {
    let template = PlanRun::from_body(Format::Json, DOCS_RECORD.as_bytes()).expect("docs record");
    const PLANS: [&str; 5] = [
        "Anakonda backup",
        "Backup plan on 11.05.2018 14:50",
        "Files to Cloud",
        "SQL Server nightly",
        "Image-Based backup",
    ];
    const TYPES: [PlanType; 5] = [
        PlanType::Backup,
        PlanType::BackupFiles,
        PlanType::BackupFiles,
        PlanType::SQLBackup,
        PlanType::BMSSBackup,
    ];
    const BUILDS: [&str; 4] = ["2.4.0.17", "6.2.1.108", "7.8.4.99", "7.9.0.163"];
    (0..n)
        .map(|i| {
            let (user, computer, plan) = (i / 8, i / 4, i % 5);
            let mut r = template.clone();
            r.plan_name = Some(PLANS[plan].to_owned());
            r.company_name = (user % 3 != 0).then(|| format!("Company {}", user % 500));
            r.user_name = Some(format!("roberttech{user}"));
            r.user_id = Some(guid(user, 0x1ac6));
            r.computer_name = Some(if computer % 2 == 0 {
                format!("roberts-mbp-{computer}.dev.cbl.corp")
            } else {
                format!("DESKTOP-{computer:07}")
            });
            r.build_version = Some(BUILDS[computer % 4].to_owned());
            r.storage_type = Some(if i % 6 == 5 { "Local" } else { "Cloud" }.to_owned());
            r.last_start = Some(time(i, 0).parse().expect("time"));
            r.next_start = (i % 3 != 0).then(|| time(i, 1).parse().expect("time"));
            r.status = match i % 20 {
                0 | 1 => PlanStatus::Error,
                2 => PlanStatus::Warning,
                3 => PlanStatus::Overdue,
                4 => PlanStatus::Running,
                _ => PlanStatus::Success,
            };
            r.error_message = (r.status == PlanStatus::Error).then(|| {
                format!("Access to the path \"C:\\Users\\roberttech{user}\\NTUSER.DAT\" is denied.")
            });
            let files = (i * 37 % 5000) as i64;
            let bytes = (i as i64 * 531_582) % 90_000_000_000;
            r.files_copied = files;
            r.files_failed = if r.status == PlanStatus::Error { 2 } else { 0 };
            r.data_copied = bytes;
            r.duration = Some(format!("{} second(s)", 15 + i % 3600));
            r.data_to_backup = bytes;
            r.total_data = bytes * 4 + 2_425_390;
            r.files_scanned = files * 27 + 82;
            r.files_to_backup = files;
            r.plan_id = Some(guid(computer * 5 + plan, 0x51d0));
            r.plan_type = Some(TYPES[plan].clone());
            r.detailed_report_link = Some(format!(
                "https://mspbackups.com/AP/Monitoring/DetailedReport?planId={}",
                r.plan_id.as_deref().unwrap_or_default()
            ));
            r
        })
        .collect()
}

/// JSON as the server writes it (`Formatting.None`): the SDK's indented JSON without the
/// whitespace outside strings.
fn compact_json(pretty: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(pretty.len());
    let (mut in_string, mut escaped) = (false, false);
    for b in pretty {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if b.is_ascii_whitespace() {
            continue;
        }
        out.push(b);
    }
    out
}

/// XML as the server writes it: the SDK's layout without its indentation (no text here starts
/// a line).
fn compact_xml(pretty: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8(pretty).expect("utf-8");
    let compact: String = text.lines().map(str::trim_start).collect();
    compact.into_bytes()
}

/// `runs` in both formats, through `PlanRun::list_to_body`: (JSON, XML).
pub fn bodies(runs: &[PlanRun]) -> (Vec<u8>, Vec<u8>) {
    let json = compact_json(PlanRun::list_to_body(runs, Format::Json).expect("json"));
    let xml = compact_xml(PlanRun::list_to_body(runs, Format::Xml).expect("xml"));
    (json, xml)
}

/// 100,000 plan runs: the list and its (JSON, XML) bodies.
pub fn hundred_thousand() -> (Vec<PlanRun>, Vec<u8>, Vec<u8>) {
    let runs = plan_runs(100_000);
    let (json, xml) = bodies(&runs);
    (runs, json, xml)
}
