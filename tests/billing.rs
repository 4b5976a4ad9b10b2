//! Behaviour of the Billing handler against a mock server, in JSON and XML: the docs' samples,
//! money amounts kept as their text (`8.0` in JSON, `8` in XML, large amounts exact), the
//! filters' bodies (`Date` left out when `None`, a GUID user ID), and the two read-only PUTs
//! retried like GETs where a write is not.

mod common;

use common::{RecordingSleeper, Scripted, Step, TOKEN, client, decimal, serve_200, xml_root};
use mockito::Matcher;
use mspbackups::api::billing::routes;
use mspbackups::models::{
    BillingDetails, BillingDetailsFilter, BillingFilter, BillingReport, NewUserDestination,
    UserBilling, UserBillingDetail,
};
use mspbackups::retry::RetryPolicy;
use mspbackups::{Client, Error, Format, TransportErrorKind};

// ------------------------------------------------------------------------------------------------
// The docs' samples
// ------------------------------------------------------------------------------------------------

const REPORT_USER: &str = "e9e498ce-4cec-4df7-83d4-c7065143795e";

/// The GitBook "Get Billing Info" sample (whitespace collapsed): `8.0` in JSON, `8` in XML.
fn docs_report_body(format: Format) -> String {
    match format {
        Format::Json => {
            let row = format!(
                r#"{{"UserId":"{REPORT_USER}","Email":"sample string 2","FirstName":"sample string 3","LastName":"sample string 4","CompanyName":"sample string 5","AverageSpace":6,"TotalVolumeRestore":7,"PlanCost":8.0,"StorageCost":9.0,"RestoreCost":10.0,"TotalCost":11.0,"LicensesUsed":12}}"#
            );
            format!(
                r#"{{"CurrentSpaceUsed":1,"AverageSpaceUsed":2,"TotalRestore":3,"StatisticBilling":[{row},{row}]}}"#
            )
        }
        Format::Xml => {
            let row = format!(
                "<StatisticBillingModels><AverageSpace>6</AverageSpace><CompanyName>sample string 5</CompanyName><Email>sample string 2</Email><FirstName>sample string 3</FirstName><LastName>sample string 4</LastName><LicensesUsed>12</LicensesUsed><PlanCost>8</PlanCost><RestoreCost>10</RestoreCost><StorageCost>9</StorageCost><TotalCost>11</TotalCost><TotalVolumeRestore>7</TotalVolumeRestore><UserId>{REPORT_USER}</UserId></StatisticBillingModels>"
            );
            format!(
                "{}<AverageSpaceUsed>2</AverageSpaceUsed><CurrentSpaceUsed>1</CurrentSpaceUsed><StatisticBilling>{row}{row}</StatisticBilling><TotalRestore>3</TotalRestore></BillingModels>",
                xml_root("BillingModels")
            )
        }
    }
}

/// A report with these totals and rows. (`BillingReport` and `UserBilling` have no public
/// constructor: they are built by decoding.)
fn report(rows: Vec<UserBilling>) -> BillingReport {
    let body = serde_json::json!({"CurrentSpaceUsed": 1, "AverageSpaceUsed": 2, "TotalRestore": 3});
    let mut r = BillingReport::from_body(Format::Json, body.to_string().as_bytes()).unwrap();
    r.statistic_billing = Some(rows);
    r
}

fn docs_row(format: Format) -> UserBilling {
    let money = |n: u8| match format {
        Format::Json => format!("{n}.0"),
        Format::Xml => n.to_string(),
    };
    let body = serde_json::json!({
        "UserId": REPORT_USER, "Email": "sample string 2", "FirstName": "sample string 3",
        "LastName": "sample string 4", "CompanyName": "sample string 5", "AverageSpace": 6,
        "TotalVolumeRestore": 7, "PlanCost": 0, "StorageCost": 0, "RestoreCost": 0,
        "TotalCost": 0, "LicensesUsed": 12
    });
    let mut row = UserBilling::from_body(Format::Json, body.to_string().as_bytes()).unwrap();
    row.plan_cost = decimal(&money(8));
    row.storage_cost = decimal(&money(9));
    row.restore_cost = decimal(&money(10));
    row.total_cost = decimal(&money(11));
    row
}

#[test]
fn billing_get_decodes_the_docs_sample_and_keeps_each_formats_amount_text() {
    for (format, plan_cost) in [(Format::Json, "8.0"), (Format::Xml, "8")] {
        let (server, m) = serve_200("GET", "/api/Billing", format, docs_report_body(format));
        let got = client(&server.url(), format).billing().get().unwrap();
        assert_eq!(got, report(vec![docs_row(format); 2]), "{format}");
        let row = &got.statistic_billing.as_ref().unwrap()[0];
        assert_eq!(row.plan_cost.as_str(), plan_cost);
        assert_eq!(row.total_cost.to_string(), plan_cost.replace('8', "11"));
        // Written back as it came.
        let back = String::from_utf8(got.to_body(format).unwrap()).unwrap();
        match format {
            Format::Json => assert!(back.contains(r#""PlanCost": 8.0,"#), "{back}"),
            Format::Xml => assert!(back.contains("<PlanCost>8</PlanCost>"), "{back}"),
        }
        m.assert();
    }
}

#[test]
fn billing_get_decodes_the_doc_example_values() {
    // The GitBook "Get Billing Info" page's printed example: nulls, `1.0` and `0.0`.
    let bodies = [
        (
            Format::Json,
            r#"{"CurrentSpaceUsed":0,"AverageSpaceUsed":0,"TotalRestore":0,"StatisticBilling":[{"UserId":"someID-f98c-4fbd-aa0d-b1b5551f2df3","Email":"zakiev@me.com","FirstName":"Robert","LastName":"Zakiev","CompanyName":"QA team","AverageSpace":0,"TotalVolumeRestore":0,"PlanCost":1.0,"StorageCost":0.0,"RestoreCost":0.0,"TotalCost":1.0,"LicensesUsed":0}]}"#.to_owned(),
        ),
        (
            Format::Xml,
            format!(
                "{}<AverageSpaceUsed>0</AverageSpaceUsed><CurrentSpaceUsed>0</CurrentSpaceUsed><StatisticBilling><StatisticBillingModels><AverageSpace>0</AverageSpace><CompanyName>QA team</CompanyName><Email>zakiev@me.com</Email><FirstName>Robert</FirstName><LastName>Zakiev</LastName><LicensesUsed>0</LicensesUsed><PlanCost>1.0</PlanCost><RestoreCost>0.0</RestoreCost><StorageCost>0.0</StorageCost><TotalCost>1.0</TotalCost><TotalVolumeRestore>0</TotalVolumeRestore><UserId>someID-f98c-4fbd-aa0d-b1b5551f2df3</UserId></StatisticBillingModels></StatisticBilling><TotalRestore>0</TotalRestore></BillingModels>",
                xml_root("BillingModels")
            ),
        ),
    ];
    for (format, body) in bodies {
        let (server, m) = serve_200("GET", "/api/Billing", format, body);
        let got = client(&server.url(), format).billing().get().unwrap();
        assert_eq!(
            (
                got.current_space_used,
                got.average_space_used,
                got.total_restore
            ),
            (0, 0, 0)
        );
        let rows = got.statistic_billing.unwrap();
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r.user_id, "someID-f98c-4fbd-aa0d-b1b5551f2df3");
        assert_eq!(r.company_name.as_deref(), Some("QA team"));
        assert_eq!(
            [
                &r.plan_cost,
                &r.storage_cost,
                &r.restore_cost,
                &r.total_cost
            ]
            .map(|d| d.as_str()),
            ["1.0", "0.0", "0.0", "1.0"],
            "{format}"
        );
        m.assert();
    }
}

#[test]
fn billing_amounts_are_lossless_however_large_or_fine() {
    // .NET decimal's extremes: the largest value and the finest fraction. An f64 would give
    // 79228162514264340000000000000 and 0.
    let amounts = [
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "0.0000000000000000000000000001",
        "12345678901234567890.123456789",
    ];
    for format in Format::ALL {
        for amount in amounts {
            let mut row = docs_row(format);
            row.total_cost = decimal(amount);
            row.plan_cost = decimal(amount);
            let body = BillingReport::to_body(&report(vec![row.clone()]), format).unwrap();
            let text = String::from_utf8(body.clone()).unwrap();
            assert!(text.contains(amount), "{format}: {text}");
            let (server, m) = serve_200("GET", "/api/Billing", format, body);
            let got = client(&server.url(), format).billing().get().unwrap();
            let got_row = &got.statistic_billing.unwrap()[0];
            assert_eq!(got_row.total_cost.as_str(), amount, "{format}");
            assert_eq!(got_row, &row);
            m.assert();
        }
        // Hand-written bodies, not the crate's encoder.
        let body = match format {
            Format::Json => docs_report_body(format).replace(
                r#""TotalCost":11.0"#,
                r#""TotalCost":79228162514264337593543950335"#,
            ),
            Format::Xml => docs_report_body(format).replace(
                "<TotalCost>11</TotalCost>",
                "<TotalCost>79228162514264337593543950335</TotalCost>",
            ),
        };
        let (server, m) = serve_200("GET", "/api/Billing", format, body);
        let got = client(&server.url(), format).billing().get().unwrap();
        for row in got.statistic_billing.unwrap() {
            assert_eq!(row.total_cost.as_str(), "79228162514264337593543950335");
        }
        m.assert();
    }
}

// ------------------------------------------------------------------------------------------------
// The filters
// ------------------------------------------------------------------------------------------------

#[test]
fn billing_filter_sends_the_docs_body_and_leaves_date_out_when_none() {
    let mut dated = BillingFilter::new();
    dated.company_name = Some("Los Pollos Hermanos".into());
    dated.date = Some("2018-05-15T12:38:46.8345309+00:00".parse().unwrap());
    let mut undated = BillingFilter::new();
    undated.company_name = Some("Los Pollos Hermanos".into());
    let root = xml_root("FilterTotalModels");
    let cases = [
        (
            Format::Json,
            &dated,
            "{\n  \"CompanyName\": \"Los Pollos Hermanos\",\n  \"Date\": \"2018-05-15T12:38:46.8345309+00:00\"\n}".to_owned(),
        ),
        (
            Format::Xml,
            &dated,
            format!(
                "{root}\n  <CompanyName>Los Pollos Hermanos</CompanyName>\n  <Date>2018-05-15T12:38:46.8345309+00:00</Date>\n</FilterTotalModels>"
            ),
        ),
        (
            Format::Json,
            &undated,
            "{\n  \"CompanyName\": \"Los Pollos Hermanos\"\n}".to_owned(),
        ),
        (
            Format::Xml,
            &undated,
            format!("{root}\n  <CompanyName>Los Pollos Hermanos</CompanyName>\n</FilterTotalModels>"),
        ),
    ];
    for (format, filter, body) in cases {
        let mut server = mockito::Server::new();
        let m = server
            .mock("PUT", "/api/Billing")
            .match_header("content-type", format.content_type())
            .match_body(Matcher::Exact(body.clone()))
            .with_status(200)
            .with_header("content-type", format.content_type())
            .with_body(docs_report_body(format))
            .expect(1)
            .create();
        let got = client(&server.url(), format)
            .billing()
            .filter(filter)
            .unwrap();
        assert_eq!(got, report(vec![docs_row(format); 2]), "{format}");
        m.assert();
        if filter.date.is_none() {
            assert!(!body.contains("Date"), "{body}");
        }
    }
    // Neither member set: the current month of every company.
    let none = BillingFilter::new();
    let json = String::from_utf8(none.to_body(Format::Json).unwrap()).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap(),
        serde_json::json!({"CompanyName": null})
    );
    let xml = String::from_utf8(none.to_body(Format::Xml).unwrap()).unwrap();
    assert!(
        xml.contains(r#"<CompanyName i:nil="true" />"#) && !xml.contains("Date"),
        "{xml}"
    );
}

#[test]
fn billing_details_sends_a_guid_user_id_and_decodes_the_docs_answer() {
    let user: mspbackups::models::Guid = "4bf78e21-96e4-4033-8658-ab1ac6882039".parse().unwrap();
    let mut dated = BillingDetailsFilter::new(user.clone());
    dated.date = Some("2018-05-15T12:38:47.3032803+00:00".parse().unwrap());
    let answer = |format: Format| {
        let account = "0beeabc4-bdd4-4741-88b8-d3883ae090b1";
        let user = "425a1173-c4a2-48d3-96fc-59f367bf7a2b";
        match format {
            Format::Json => {
                let row = format!(
                    r#"{{"Computer":"sample string 1","SizeBackup":2,"SizeRestore":3,"Prefix":"sample string 4","AccountID":"{account}","Destination":"sample string 6"}}"#
                );
                format!(
                    r#"{{"TotalBackupBytes":1,"TotalRestoreBytes":2,"UserID":"{user}","UserDetailList":[{row},{row}]}}"#
                )
            }
            Format::Xml => {
                let row = format!(
                    "<UserDetailModels><AccountID>{account}</AccountID><Computer>sample string 1</Computer><Destination>sample string 6</Destination><Prefix>sample string 4</Prefix><SizeBackup>2</SizeBackup><SizeRestore>3</SizeRestore></UserDetailModels>"
                );
                format!(
                    "{}<TotalBackupBytes>1</TotalBackupBytes><TotalRestoreBytes>2</TotalRestoreBytes><UserDetailList>{row}{row}</UserDetailList><UserID>{user}</UserID></DetailModels>",
                    xml_root("DetailModels")
                )
            }
        }
    };
    let row = {
        let body = serde_json::json!({
            "Computer": "sample string 1", "SizeBackup": 2, "SizeRestore": 3,
            "Prefix": "sample string 4", "AccountID": "0beeabc4-bdd4-4741-88b8-d3883ae090b1",
            "Destination": "sample string 6"
        });
        UserBillingDetail::from_body(Format::Json, body.to_string().as_bytes()).unwrap()
    };
    let root = xml_root("FilterDetailModels");
    let cases = [
        (
            Format::Json,
            &dated,
            "{\n  \"UserID\": \"4bf78e21-96e4-4033-8658-ab1ac6882039\",\n  \"Date\": \"2018-05-15T12:38:47.3032803+00:00\"\n}".to_owned(),
        ),
        (
            Format::Xml,
            &dated,
            format!(
                "{root}\n  <Date>2018-05-15T12:38:47.3032803+00:00</Date>\n  <UserID>4bf78e21-96e4-4033-8658-ab1ac6882039</UserID>\n</FilterDetailModels>"
            ),
        ),
    ];
    for (format, filter, body) in cases {
        let mut server = mockito::Server::new();
        let m = server
            .mock("PUT", "/api/Billing/Details")
            .match_header("content-type", format.content_type())
            .match_body(Matcher::Exact(body))
            .with_status(200)
            .with_header("content-type", format.content_type())
            .with_body(answer(format))
            .expect(1)
            .create();
        let got: BillingDetails = client(&server.url(), format)
            .billing()
            .details(filter)
            .unwrap();
        assert_eq!((got.total_backup_bytes, got.total_restore_bytes), (1, 2));
        assert_eq!(got.user_id, "425a1173-c4a2-48d3-96fc-59f367bf7a2b");
        assert_eq!(got.user_detail_list, Some(vec![row.clone(); 2]), "{format}");
        m.assert();
    }
    // Without a date, the member is left out.
    let undated = BillingDetailsFilter::new(user);
    for format in Format::ALL {
        let text = String::from_utf8(undated.to_body(format).unwrap()).unwrap();
        assert!(!text.contains("Date"), "{format}: {text}");
        assert!(text.contains("4bf78e21-96e4-4033-8658-ab1ac6882039"));
    }
}

#[test]
fn billing_details_user_id_is_a_guid_by_type() {
    // `BillingDetailsFilter::new` takes a Guid: a login or a placeholder can't be given.
    for text in ["zakiev@me.com", "someID-f98c-4fbd-aa0d-b1b5551f2df3", ""] {
        assert!(text.parse::<mspbackups::models::Guid>().is_err(), "{text}");
    }
    let member = BillingDetailsFilter::CONTRACT
        .members
        .iter()
        .find(|m| m.name == "UserID")
        .unwrap();
    assert!(
        matches!(member.kind, mspbackups::contract::Kind::Guid),
        "{member:?}"
    );
    let err = BillingDetailsFilter::from_body(Format::Json, br#"{"UserID":"zakiev@me.com"}"#)
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

// ------------------------------------------------------------------------------------------------
// Retries: the two read-only PUTs like GETs, a write not
// ------------------------------------------------------------------------------------------------

fn scripted_client(url: &str, sleeper: &RecordingSleeper) -> Client {
    Client::builder()
        .base_url(url)
        .token(TOKEN)
        .no_proxy()
        .retry(RetryPolicy::default())
        .sleeper(sleeper.clone())
        .build()
        .unwrap()
}

fn report_json() -> String {
    docs_report_body(Format::Json)
}

fn details_json() -> &'static str {
    r#"{"TotalBackupBytes":1,"TotalRestoreBytes":2,"UserID":"425a1173-c4a2-48d3-96fc-59f367bf7a2b","UserDetailList":[]}"#
}

#[test]
fn billing_filter_and_details_are_retried_after_a_lost_connection_or_a_gateway_error() {
    const { assert!(routes::filter.read_only && routes::details.read_only && routes::get.read_only) };
    let details =
        BillingDetailsFilter::new("4bf78e21-96e4-4033-8658-ab1ac6882039".parse().unwrap());
    for first in [
        Step::Hangup,
        Step::status(502),
        Step::status(503),
        Step::status(504),
    ] {
        let sleeper = RecordingSleeper::default();
        let filter = Scripted::start(vec![first.clone(), Step::json(200, &report_json())]);
        let got = scripted_client(&filter.url, &sleeper)
            .billing()
            .filter(&BillingFilter::new())
            .unwrap();
        assert_eq!(got.statistic_billing.map(|r| r.len()), Some(2));
        assert_eq!(filter.hits(), 2);
        assert!(
            filter
                .seen()
                .iter()
                .all(|s| s.method == "PUT" && s.path == "/api/Billing")
        );

        let detail = Scripted::start(vec![first.clone(), Step::json(200, details_json())]);
        let got = scripted_client(&detail.url, &sleeper)
            .billing()
            .details(&details)
            .unwrap();
        assert_eq!(got.total_backup_bytes, 1);
        assert_eq!(detail.hits(), 2);
        assert!(
            detail
                .seen()
                .iter()
                .all(|s| s.path == "/api/Billing/Details")
        );

        let get = Scripted::start(vec![first, Step::json(200, &report_json())]);
        scripted_client(&get.url, &sleeper).billing().get().unwrap();
        assert_eq!(get.hits(), 2);
        assert_eq!(sleeper.waits().len(), 3, "one wait before each retry");
    }
}

#[test]
fn a_write_such_as_destinations_create_is_not_retried_after_a_lost_connection_or_a_gateway_error() {
    let d = NewUserDestination::new("U1", "A1", "bucket", 1);
    for first in [Step::Hangup, Step::status(502), Step::status(504)] {
        let sleeper = RecordingSleeper::default();
        let server = Scripted::start(vec![first.clone(), Step::status(200)]);
        let err = scripted_client(&server.url, &sleeper)
            .destinations()
            .create(&d)
            .unwrap_err();
        match (&first, &err) {
            (Step::Hangup, Error::Transport(t)) => {
                assert_eq!(t.kind(), TransportErrorKind::ConnectionLost);
            }
            (Step::Reply(status, ..), e) => assert_eq!(e.status(), Some(*status)),
            (_, e) => panic!("{e:?}"),
        }
        assert_eq!(
            server.hits(),
            1,
            "a create that may have run is not repeated"
        );
        assert!(sleeper.waits().is_empty());
        // Nor is the update of a storage account's bucket list (a PUT that writes).
        let server = Scripted::start(vec![first, Step::status(200)]);
        let remove = mspbackups::models::AccountDestination::new("A1", "bucket");
        scripted_client(&server.url, &sleeper)
            .accounts()
            .remove_destination(&remove)
            .unwrap_err();
        assert_eq!(server.hits(), 1);
    }
    // 503 means "not processed": any method is retried, the write too.
    let sleeper = RecordingSleeper::default();
    let server = Scripted::start(vec![Step::status(503), Step::status(200)]);
    scripted_client(&server.url, &sleeper)
        .destinations()
        .create(&d)
        .unwrap();
    assert_eq!(server.hits(), 2);
    const { assert!(!mspbackups::api::destinations::routes::create.read_only) };
}
