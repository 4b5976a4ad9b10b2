//! Behaviour of the Monitoring handler against a mock server, in JSON and XML: the record the
//! docs print (dates without an offset, nulls), the plan statuses (7 = Warning, the server's own
//! `Unknown`, values this crate doesn't know), the `SQLResore` spelling, and a large list
//! decoding to the same values in both formats.

mod common;

use common::{client, serve_200, xml_root};
use mspbackups::models::{PlanRun, PlanStatus, PlanType, UnknownValue};
use mspbackups::{Error, Format};

/// A run with the members every record carries, `status` and zeros, the rest `None`.
/// (`PlanRun` has no public constructor: it is built by decoding.)
fn plan_run(status: i64) -> PlanRun {
    let body = serde_json::json!({
        "Status": status, "FilesCopied": 0, "FilesFailed": 0, "DataCopied": 0,
        "DataToBackup": 0, "TotalData": 0, "FilesScanned": 0, "FilesToBackup": 0
    });
    PlanRun::from_body(Format::Json, body.to_string().as_bytes()).expect("a minimal run")
}

/// The first record the GitBook "Get Monitoring Data" page prints (the print-out is cut off in
/// the second), as the wire carries it.
fn doc_example_body(format: Format) -> String {
    match format {
        Format::Json => r#"[{"PlanName":"Anakonda backup","CompanyName":null,"UserName":"roberttech","UserID":"someID-1ac6-42b9-8003-51808c40e077","ComputerName":"roberts-mbp.dev.cbl.corp","BuildVersion":"2.4.0.17","StorageType":"Cloud","LastStart":"2018-05-11T14:50:57","NextStart":null,"Status":0,"ErrorMessage":null,"FilesCopied":3,"FilesFailed":0,"DataCopied":531582,"Duration":"15 second(s)","DataToBackup":531582,"TotalData":2425390,"FilesScanned":82,"FilesToBackup":3}]"#.to_owned(),
        // DataContractSerializer's order: alphabetical (the docs show no XML; the names are
        // the JSON's).
        Format::Xml => format!(
            r#"{}<MonitoringModels><BuildVersion>2.4.0.17</BuildVersion><CompanyName i:nil="true" /><ComputerName>roberts-mbp.dev.cbl.corp</ComputerName><DataCopied>531582</DataCopied><DataToBackup>531582</DataToBackup><Duration>15 second(s)</Duration><ErrorMessage i:nil="true" /><FilesCopied>3</FilesCopied><FilesFailed>0</FilesFailed><FilesScanned>82</FilesScanned><FilesToBackup>3</FilesToBackup><LastStart>2018-05-11T14:50:57</LastStart><NextStart i:nil="true" /><PlanName>Anakonda backup</PlanName><Status>Success</Status><StorageType>Cloud</StorageType><TotalData>2425390</TotalData><UserID>someID-1ac6-42b9-8003-51808c40e077</UserID><UserName>roberttech</UserName></MonitoringModels></ArrayOfMonitoringModels>"#,
            xml_root("ArrayOfMonitoringModels")
        ),
    }
}

#[test]
fn monitoring_list_decodes_the_record_the_docs_print_in_both_formats() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let all = common::answer_200(
            &mut server,
            "GET",
            "/api/Monitoring",
            format,
            doc_example_body(format),
        );
        let one = common::answer_200(
            &mut server,
            "GET",
            "/api/Monitoring/someID-1ac6-42b9-8003-51808c40e077",
            format,
            doc_example_body(format),
        );
        let c = client(&server.url(), format);
        let got = c.monitoring().list().unwrap();
        assert_eq!(got, vec![common::doc_example_plan_run()], "{format}");
        assert_eq!(
            c.monitoring()
                .for_user("someID-1ac6-42b9-8003-51808c40e077")
                .unwrap(),
            got,
            "{format}"
        );
        let run = &got[0];
        assert_eq!(run.status, PlanStatus::Success);
        assert_eq!(
            (run.company_name.as_ref(), run.next_start.as_ref()),
            (None, None)
        );
        assert_eq!((run.plan_id.as_ref(), run.plan_type.as_ref()), (None, None));
        // The date keeps its text: no offset added.
        let start = run.last_start.as_ref().unwrap();
        assert_eq!(start.to_string(), "2018-05-11T14:50:57");
        assert_eq!((start.hour(), start.minute(), start.second()), (14, 50, 57));
        let back = String::from_utf8(PlanRun::list_to_body(&got, format).unwrap()).unwrap();
        assert!(
            back.contains("2018-05-11T14:50:57<") || back.contains("2018-05-11T14:50:57\""),
            "{back}"
        );
        assert!(
            !back.contains("14:50:57Z") && !back.contains("14:50:57+"),
            "{back}"
        );
        all.assert();
        one.assert();
    }
}

#[test]
fn monitoring_reads_the_members_of_the_vendor_module() {
    // PlanId, PlanType and DetailedReportLink (MSP360-PSModule).
    let bodies = [
        (
            Format::Json,
            r#"[{"PlanName":"p","Status":7,"FilesCopied":1,"FilesFailed":2,"DataCopied":3,"DataToBackup":4,"TotalData":5,"FilesScanned":6,"FilesToBackup":7,"PlanId":"0c6d5f1e-1111-2222-3333-444455556666","PlanType":8,"DetailedReportLink":"https://mspbackups.com/r?id=1&x=2"}]"#.to_owned(),
        ),
        (
            Format::Xml,
            format!(
                "{}<MonitoringModels><DataCopied>3</DataCopied><DataToBackup>4</DataToBackup><DetailedReportLink>https://mspbackups.com/r?id=1&amp;x=2</DetailedReportLink><FilesCopied>1</FilesCopied><FilesFailed>2</FilesFailed><FilesScanned>6</FilesScanned><FilesToBackup>7</FilesToBackup><PlanId>0c6d5f1e-1111-2222-3333-444455556666</PlanId><PlanName>p</PlanName><PlanType>SQLResore</PlanType><Status>Warning</Status><TotalData>5</TotalData></MonitoringModels></ArrayOfMonitoringModels>",
                xml_root("ArrayOfMonitoringModels")
            ),
        ),
    ];
    let mut want = plan_run(7);
    want.plan_name = Some("p".into());
    (
        want.files_copied,
        want.files_failed,
        want.data_copied,
        want.data_to_backup,
        want.total_data,
        want.files_scanned,
        want.files_to_backup,
    ) = (1, 2, 3, 4, 5, 6, 7);
    want.plan_id = Some("0c6d5f1e-1111-2222-3333-444455556666".into());
    want.plan_type = Some(PlanType::SQLResore);
    want.detailed_report_link = Some("https://mspbackups.com/r?id=1&x=2".into());
    for (format, body) in bodies {
        let (server, m) = serve_200("GET", "/api/Monitoring", format, body);
        let got = client(&server.url(), format).monitoring().list().unwrap();
        assert_eq!(got, vec![want.clone()], "{format}");
        assert_eq!(got[0].status, PlanStatus::Warning);
        m.assert();
    }
}

// ------------------------------------------------------------------------------------------------
// Status and PlanType
// ------------------------------------------------------------------------------------------------

/// One record's body with `Status` (and `PlanType` if given) as `format` writes them.
fn status_body(format: Format, status: &str, plan_type: Option<&str>) -> String {
    match format {
        Format::Json => {
            let plan_type = plan_type.map_or(String::new(), |t| format!(r#","PlanType":{t}"#));
            format!(
                r#"[{{"Status":{status},"FilesCopied":0,"FilesFailed":0,"DataCopied":0,"DataToBackup":0,"TotalData":0,"FilesScanned":0,"FilesToBackup":0{plan_type}}}]"#
            )
        }
        Format::Xml => {
            let plan_type =
                plan_type.map_or(String::new(), |t| format!("<PlanType>{t}</PlanType>"));
            format!(
                "{}<MonitoringModels><DataCopied>0</DataCopied><DataToBackup>0</DataToBackup><FilesCopied>0</FilesCopied><FilesFailed>0</FilesFailed><FilesScanned>0</FilesScanned><FilesToBackup>0</FilesToBackup>{plan_type}<Status>{status}</Status><TotalData>0</TotalData></MonitoringModels></ArrayOfMonitoringModels>",
                xml_root("ArrayOfMonitoringModels")
            )
        }
    }
}

fn decoded(format: Format, body: String) -> PlanRun {
    let (server, m) = serve_200("GET", "/api/Monitoring", format, body);
    let mut got = client(&server.url(), format).monitoring().list().unwrap();
    m.assert();
    assert_eq!(got.len(), 1);
    got.remove(0)
}

#[test]
fn monitoring_status_numbers_in_json_and_names_in_xml() {
    let statuses = [
        (0, "Success", PlanStatus::Success),
        (1, "Overdue", PlanStatus::Overdue),
        (2, "Error", PlanStatus::Error),
        (3, "Running", PlanStatus::Running),
        (4, "Unknown", PlanStatus::UnknownStatus),
        (5, "Interrupted", PlanStatus::Interrupted),
        (6, "UnexpectedlyClosed", PlanStatus::UnexpectedlyClosed),
        (7, "Warning", PlanStatus::Warning),
    ];
    for (number, name, status) in statuses {
        let json = decoded(
            Format::Json,
            status_body(Format::Json, &number.to_string(), None),
        );
        let xml = decoded(Format::Xml, status_body(Format::Xml, name, None));
        assert_eq!((&json.status, &xml.status), (&status, &status), "{name}");
        assert_eq!(status.value(), Some(number));
        assert_eq!(status.name(), Some(name));
        // Written back as each format writes it.
        let json_back = String::from_utf8(json.to_body(Format::Json).unwrap()).unwrap();
        assert!(
            json_back.contains(&format!(r#""Status": {number},"#)),
            "{json_back}"
        );
        let xml_back = String::from_utf8(xml.to_body(Format::Xml).unwrap()).unwrap();
        assert!(
            xml_back.contains(&format!("<Status>{name}</Status>")),
            "{xml_back}"
        );
    }
    // The server's own `Unknown` is a known member, not the crate's `Unknown(_)`.
    assert!(!matches!(PlanStatus::UnknownStatus, PlanStatus::Unknown(_)));
    assert_eq!(PlanStatus::from_name("Unknown"), PlanStatus::UnknownStatus);
    assert_eq!(PlanStatus::from_value(4), PlanStatus::UnknownStatus);
}

#[test]
fn monitoring_status_values_this_crate_does_not_know_are_kept_in_their_format() {
    let json = decoded(Format::Json, status_body(Format::Json, "42", None));
    assert_eq!(json.status, PlanStatus::Unknown(UnknownValue::Number(42)));
    let xml = decoded(Format::Xml, status_body(Format::Xml, "Paused", None));
    assert_eq!(
        xml.status,
        PlanStatus::Unknown(UnknownValue::Name("Paused".into()))
    );
    // Round trips in the format each came in.
    let json_back = json.to_body(Format::Json).unwrap();
    assert!(String::from_utf8_lossy(&json_back).contains(r#""Status": 42,"#));
    assert_eq!(PlanRun::from_body(Format::Json, &json_back).unwrap(), json);
    let xml_back = xml.to_body(Format::Xml).unwrap();
    assert!(String::from_utf8_lossy(&xml_back).contains("<Status>Paused</Status>"));
    assert_eq!(PlanRun::from_body(Format::Xml, &xml_back).unwrap(), xml);
    // The other format has no text for them: an encode error naming the member, not a guess.
    for (run, format) in [(&json, Format::Xml), (&xml, Format::Json)] {
        match run.to_body(format) {
            Err(Error::Encode { .. }) => {}
            other => panic!("{format}: {other:?}"),
        }
    }
}

#[test]
fn monitoring_plan_type_keeps_the_api_spelling_sqlresore_both_ways() {
    let json = decoded(Format::Json, status_body(Format::Json, "0", Some("8")));
    let xml = decoded(
        Format::Xml,
        status_body(Format::Xml, "Success", Some("SQLResore")),
    );
    assert_eq!(json.plan_type, Some(PlanType::SQLResore));
    assert_eq!(xml.plan_type, Some(PlanType::SQLResore));
    assert_eq!(PlanType::SQLResore.name(), Some("SQLResore"));
    assert_eq!(PlanType::SQLResore.value(), Some(8));
    let xml_back = String::from_utf8(xml.to_body(Format::Xml).unwrap()).unwrap();
    assert!(
        xml_back.contains("<PlanType>SQLResore</PlanType>"),
        "{xml_back}"
    );
    let json_back = String::from_utf8(json.to_body(Format::Json).unwrap()).unwrap();
    assert!(json_back.contains(r#""PlanType": 8,"#), "{json_back}");
    // The dictionary spelling is not the API's: kept as a value this crate doesn't know.
    let corrected = decoded(
        Format::Xml,
        status_body(Format::Xml, "Success", Some("SQLRestore")),
    );
    assert_eq!(
        corrected.plan_type,
        Some(PlanType::Unknown(UnknownValue::Name("SQLRestore".into())))
    );
}

// ------------------------------------------------------------------------------------------------
// A large answer
// ------------------------------------------------------------------------------------------------

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `n` distinct records, written by hand in each format (not by the crate's encoder).
fn large_body(format: Format, n: usize) -> String {
    let statuses = [
        "Success",
        "Overdue",
        "Error",
        "Running",
        "Unknown",
        "Interrupted",
        "UnexpectedlyClosed",
        "Warning",
    ];
    let mut out = String::with_capacity(n * 900);
    match format {
        Format::Json => out.push('['),
        Format::Xml => out.push_str(&xml_root("ArrayOfMonitoringModels")),
    }
    for i in 0..n {
        let status = i % 8;
        let plan = format!("Plan <{i}> & \"co\"");
        let error = (status == 2).then(|| format!("Access denied on C:\\data\\{i}"));
        let next = (i % 3 != 0).then(|| format!("2024-02-{:02}T{:02}:30:00", 1 + i % 28, i % 24));
        match format {
            Format::Json => {
                if i > 0 {
                    out.push(',');
                }
                let opt = |v: &Option<String>| {
                    v.as_ref()
                        .map_or("null".to_owned(), |s| serde_json::to_string(s).unwrap())
                };
                out.push_str(&format!(
                    r#"{{"PlanName":{},"CompanyName":"Company {}","UserName":"user{i}@example.com","UserID":"{:08x}-0000-4000-8000-000000000000","ComputerName":"pc-{i}","BuildVersion":"7.9.{}.1","StorageType":"Cloud","LastStart":"2024-01-{:02}T10:{:02}:00.123","NextStart":{},"Status":{status},"ErrorMessage":{},"FilesCopied":{i},"FilesFailed":{},"DataCopied":{},"Duration":"{} second(s)","DataToBackup":{},"TotalData":{},"FilesScanned":{},"FilesToBackup":{},"PlanId":"plan-{i}","PlanType":{},"DetailedReportLink":"https://x.example/r?i={i}&t=1"}}"#,
                    serde_json::to_string(&plan).unwrap(),
                    i % 50,
                    i,
                    i % 10,
                    1 + i % 28,
                    i % 60,
                    opt(&next),
                    opt(&error),
                    i % 7,
                    i as i64 * 1_048_576,
                    i % 120,
                    i as i64 * 3,
                    i as i64 * 1_000_000_007,
                    i * 2,
                    i + 1,
                    i % 18,
                ));
            }
            Format::Xml => {
                let nil = |name: &str, v: &Option<String>| match v {
                    Some(s) => format!("<{name}>{}</{name}>", xml_escape(s)),
                    None => format!(r#"<{name} i:nil="true" />"#),
                };
                let plan_types = [
                    "NA",
                    "Backup",
                    "Restore",
                    "BackupFiles",
                    "RestoreFiles",
                    "VMBackup",
                    "VMRestore",
                    "SQLBackup",
                    "SQLResore",
                    "ExchangeBackup",
                    "ExchangeRestore",
                    "BMSSBackup",
                    "BMSSRestore",
                    "ConsistencyCheck",
                    "EC2Backup",
                    "EC2Restore",
                    "HyperVBackup",
                    "HyperVRestore",
                ];
                out.push_str(&format!(
                    "<MonitoringModels><BuildVersion>7.9.{}.1</BuildVersion><CompanyName>Company {}</CompanyName><ComputerName>pc-{i}</ComputerName><DataCopied>{}</DataCopied><DataToBackup>{}</DataToBackup><DetailedReportLink>https://x.example/r?i={i}&amp;t=1</DetailedReportLink><Duration>{} second(s)</Duration>{}<FilesCopied>{i}</FilesCopied><FilesFailed>{}</FilesFailed><FilesScanned>{}</FilesScanned><FilesToBackup>{}</FilesToBackup><LastStart>2024-01-{:02}T10:{:02}:00.123</LastStart>{}<PlanId>plan-{i}</PlanId><PlanName>{}</PlanName><PlanType>{}</PlanType><Status>{}</Status><StorageType>Cloud</StorageType><TotalData>{}</TotalData><UserID>{:08x}-0000-4000-8000-000000000000</UserID><UserName>user{i}@example.com</UserName></MonitoringModels>",
                    i % 10,
                    i % 50,
                    i as i64 * 1_048_576,
                    i as i64 * 3,
                    i % 120,
                    nil("ErrorMessage", &error),
                    i % 7,
                    i * 2,
                    i + 1,
                    1 + i % 28,
                    i % 60,
                    nil("NextStart", &next),
                    xml_escape(&plan),
                    plan_types[i % 18],
                    statuses[status],
                    i as i64 * 1_000_000_007,
                    i,
                ));
            }
        }
    }
    match format {
        Format::Json => out.push(']'),
        Format::Xml => out.push_str("</ArrayOfMonitoringModels>"),
    }
    out
}

#[test]
fn monitoring_a_large_list_decodes_to_the_same_values_in_both_formats() {
    const N: usize = 5_000;
    let mut lists = Vec::new();
    for format in Format::ALL {
        let body = large_body(format, N);
        let (server, m) = serve_200("GET", "/api/Monitoring", format, body);
        let got = client(&server.url(), format).monitoring().list().unwrap();
        m.assert();
        assert_eq!(got.len(), N, "{format}");
        lists.push(got);
    }
    assert!(
        lists[0] == lists[1],
        "JSON and XML decode to different values"
    );
    let runs = &lists[0];
    // Spot checks against the values written.
    let r = &runs[4_242];
    assert_eq!(r.plan_name.as_deref(), Some("Plan <4242> & \"co\""));
    assert_eq!(r.status, PlanStatus::Error);
    assert_eq!(
        r.error_message.as_deref(),
        Some("Access denied on C:\\data\\4242")
    );
    assert_eq!(r.total_data, 4_242 * 1_000_000_007);
    assert_eq!(
        r.next_start.as_ref().map(ToString::to_string).as_deref(),
        None
    );
    assert_eq!(r.plan_type, Some(PlanType::from_value(4_242 % 18)));
    assert_eq!(
        r.detailed_report_link.as_deref(),
        Some("https://x.example/r?i=4242&t=1")
    );
    assert_eq!(runs[4_999].status, PlanStatus::Warning);
    assert_eq!(runs[4].status, PlanStatus::UnknownStatus);
    assert_eq!(
        runs[1]
            .next_start
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("2024-02-02T01:30:00")
    );
    for (i, r) in runs.iter().enumerate() {
        assert_eq!(r.files_copied, i as i64);
        assert!(r.extras().is_empty());
    }
}
