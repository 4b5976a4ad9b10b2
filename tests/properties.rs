//! Property tests: round trips with arbitrary text in both formats, refusal of what XML 1.0 can't
//! carry, and decoders that never panic whatever bytes they get.
//!
//! Case counts are fixed per test (see `CASES_*`); together they run well over 100,000 cases.

use proptest::prelude::*;
use proptest::test_runner::Config;

use mspbackups::models::{License, LoginRequest, Timestamp, Token};
use mspbackups::{ApiError, Error, Format, LicenseOperation};

const CASES_ROUND_TRIP: u32 = 20_000;
const CASES_LICENSE: u32 = 10_000;
const CASES_REFUSAL: u32 = 10_000;
const CASES_BYTES: u32 = 30_000;
const CASES_XMLISH: u32 = 20_000;
const CASES_TIMESTAMP: u32 = 10_000;
#[cfg(feature = "sandbox")]
const CASES_DCS: u32 = 10_000;

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Characters that stress the encoders: markup, quotes, whitespace and line ends, plus any char.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => any::<char>(),
        1 => prop::sample::select(vec!['<', '>', '&', '"', '\'', ';', '#', 'x', ']', '/', '=']),
        1 => prop::sample::select(vec![' ', '\t', '\n', '\r', '\u{a0}', '\u{2028}', '\u{85}', '\u{feff}']),
        1 => prop::sample::select(vec!['é', 'ü', '東', '🎉', '\u{10ffff}', '\u{fffd}']),
    ]
}

fn text(xml_safe: bool) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..40).prop_map(move |chars| {
        chars
            .into_iter()
            .filter(|c| !xml_safe || is_xml_char(*c))
            .collect()
    })
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (
        1u32..=9999,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        0u32..10_000_000,
        0usize..=7,
        0u8..4,
        -840i32..=840,
    )
        .prop_map(|(y, mo, d, h, mi, s, ticks, digits, zone, offset)| {
            let mut t = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
            if digits > 0 {
                t.push('.');
                t.push_str(&format!("{ticks:07}")[..digits]);
            }
            match zone {
                0 => {}
                1 => t.push('Z'),
                _ => {
                    let a = offset.unsigned_abs();
                    t.push_str(&format!(
                        "{}{:02}:{:02}",
                        if offset < 0 { '-' } else { '+' },
                        a / 60,
                        a % 60
                    ));
                }
            }
            t.parse().expect("generated timestamps are valid")
        })
}

fn license(xml_safe: bool) -> impl Strategy<Value = License> {
    let opt = move || proptest::option::of(text(xml_safe));
    (
        text(xml_safe),
        any::<i64>(),
        (opt(), opt(), opt(), opt()),
        (opt(), opt()),
        any::<(bool, bool)>(),
        proptest::option::of(timestamp()),
    )
        .prop_map(
            |(id, number, (computer, os, kind, tx), (user, user_id), (trial, taken), expires)| {
                let mut l = License::new(id, number);
                l.computer_name = computer;
                l.operating_system = os;
                l.license_type = kind;
                l.transaction = tx;
                l.user = user;
                l.user_id = user_id;
                l.is_trial = trial;
                l.is_taken = taken;
                l.date_expired = expires;
                l
            },
        )
}

proptest! {
    #![proptest_config(config(CASES_ROUND_TRIP))]
    #[test]
    fn license_operations_round_trip_in_both_formats(l in text(false), u in text(false), lx in text(true), ux in text(true)) {
        let op = LicenseOperation::new(l, u);
        prop_assert_eq!(LicenseOperation::from_body(Format::Json, &op.to_body(Format::Json).unwrap()).unwrap(), op);
        let op = LicenseOperation::new(lx, ux);
        let xml = op.to_body(Format::Xml).unwrap();
        prop_assert_eq!(LicenseOperation::from_body(Format::Xml, &xml).unwrap(), op.clone());
        // The JSON form of XML-safe text round-trips too.
        prop_assert_eq!(LicenseOperation::from_body(Format::Json, &op.to_body(Format::Json).unwrap()).unwrap(), op);
    }
}

proptest! {
    #![proptest_config(config(CASES_LICENSE))]
    #[test]
    fn licenses_and_lists_round_trip_in_both_formats(any_text in license(false), xml_safe in license(true), more in license(true)) {
        prop_assert_eq!(License::from_body(Format::Json, &any_text.to_body(Format::Json).unwrap()).unwrap(), any_text);
        prop_assert_eq!(License::from_body(Format::Xml, &xml_safe.to_body(Format::Xml).unwrap()).unwrap(), xml_safe.clone());
        let list = vec![xml_safe, more];
        for format in Format::ALL {
            let body = License::list_to_body(&list, format).unwrap();
            prop_assert_eq!(License::list_from_body(format, &body).unwrap(), list.clone());
        }
    }
}

/// A character XML 1.0 cannot carry (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF).
fn illegal_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..0x20).prop_filter_map("C0 control", |c| {
            char::from_u32(c).filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        }),
        Just('\u{FFFE}'),
        Just('\u{FFFF}'),
    ]
}

proptest! {
    #![proptest_config(config(CASES_REFUSAL))]
    #[test]
    fn xml_refuses_what_it_cannot_carry_and_json_carries_it(
        before in text(true), bad in illegal_char(), after in text(true), in_user in any::<bool>()
    ) {
        let odd = format!("{before}{bad}{after}");
        let op = if in_user { LicenseOperation::new("L", odd) } else { LicenseOperation::new(odd, "U") };
        match op.to_body(Format::Xml) {
            Err(Error::Encode { format: Format::Xml, source, .. }) => {
                let expected = format!(
                    "{} contains U+{:04X}, a character XML 1.0 cannot carry",
                    if in_user { "UserID" } else { "LicenseID" },
                    bad as u32
                );
                prop_assert_eq!(source.to_string(), expected);
            }
            other => prop_assert!(false, "expected an encode error, got {:?}", other.map(|b| String::from_utf8_lossy(&b).into_owned())),
        }
        prop_assert_eq!(LicenseOperation::from_body(Format::Json, &op.to_body(Format::Json).unwrap()).unwrap(), op);
    }
}

const CONTENT_TYPES: [Option<&str>; 7] = [
    Some("application/json; charset=utf-8"),
    Some("text/json"),
    Some("application/xml; charset=utf-8"),
    Some("text/xml"),
    Some("text/html"),
    Some("text/plain"),
    None,
];

/// Every decoder and the error-body parser; the only assertion is that none panics (a panic
/// fails the property) and that each returns.
fn decode_everything(bytes: &[u8]) {
    for format in Format::ALL {
        let _ = LicenseOperation::from_body(format, bytes);
        let _ = License::from_body(format, bytes);
        let _ = License::list_from_body(format, bytes);
        let _ = LoginRequest::from_body(format, bytes);
        let _ = mspbackups::models::PlanRun::list_from_body(format, bytes);
        let _ = mspbackups::models::Account::from_body(format, bytes);
        let _ = mspbackups::models::NewAccount::from_body(format, bytes);
        let _ = mspbackups::models::BillingReport::from_body(format, bytes);
        let _ = mspbackups::models::BuildRequest::from_body(format, bytes);
    }
    let _ = Token::from_body(bytes);
    for status in [200, 400] {
        for ct in CONTENT_TYPES {
            let e = ApiError::parse("GET /x", status, ct, bytes);
            let _ = e.to_string();
        }
    }
    #[cfg(feature = "sandbox")]
    {
        use mspbackups::sandbox::dcs;
        for contract in [
            &LicenseOperation::CONTRACT,
            &mspbackups::models::LoginRequest::CONTRACT,
            &mspbackups::models::NewUser::CONTRACT,
        ] {
            let _ = dcs::read(contract, bytes, None);
        }
    }
}

proptest! {
    #![proptest_config(config(CASES_BYTES))]
    #[test]
    fn decoders_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_everything(&bytes);
    }
}

/// Text built from XML and JSON fragments, to reach past the first syntax check.
fn xmlish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<LicenseOperation xmlns=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">",
        "</LicenseOperation>",
        "<LicenseID>",
        "</LicenseID>",
        "<UserID>",
        "</UserID>",
        "<UserID/>",
        "<ArrayOfLicensesModels xmlns=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models\">",
        "</ArrayOfLicensesModels>",
        "<LicensesModels>",
        "</LicensesModels>",
        "<LicensesModels i:nil=\"true\"/>",
        "<ID>x</ID>",
        "<Number>7</Number>",
        "<Number></Number>",
        "<IsTaken>1</IsTaken>",
        "<IsTrial>maybe</IsTrial>",
        "<DateExpired>2019-08-28T11:07:01.0922535+00:00</DateExpired>",
        "<DateExpired>2019-02-30T00:00:00</DateExpired>",
        "<Error>",
        "</Error>",
        "<Message>",
        "</Message>",
        "<ModelState>",
        "</ModelState>",
        "<_x005B_0_x005D_.a>",
        "</_x005B_0_x005D_.a>",
        "<string xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">",
        "</string>",
        "i:nil=\"true\"",
        "<?xml version=\"1.0\" encoding=\"utf-16\"?>",
        "<!DOCTYPE x>",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&#xD;",
        "&#0;",
        "&#x110000;",
        "&bogus;",
        "<a:",
        "xmlns:a=\"urn:a\"",
        ">",
        "<",
        "/>",
        "\"",
        "'",
        " ",
        "\n",
        "\u{feff}",
        "é",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"Message\"",
        "\"ModelState\"",
        "\"error\"",
        "\"access_token\"",
        "\"ID\"",
        "null",
        "true",
        "1e999",
        "-0",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(config(CASES_XMLISH))]
    #[test]
    fn decoders_never_panic_on_markup_like_input(text in xmlish()) {
        decode_everything(text.as_bytes());
    }
}

proptest! {
    #![proptest_config(config(CASES_TIMESTAMP))]
    #[test]
    fn timestamps_round_trip_and_junk_is_refused_without_panicking(t in timestamp(), junk in "\\PC{0,40}") {
        let text = t.to_string();
        let back: Timestamp = text.parse().unwrap();
        prop_assert_eq!(back, t);
        prop_assert_eq!(back.to_string(), text);
        let _ = junk.parse::<Timestamp>();
        let _ = back.to_system_time();
    }
}

#[cfg(feature = "sandbox")]
proptest! {
    #![proptest_config(config(CASES_DCS))]
    #[test]
    fn the_sandbox_reads_whatever_the_sdk_writes_without_a_diagnostic(l in text(true), u in text(true)) {
        use mspbackups::sandbox::dcs;
        let op = LicenseOperation::new(l, u);
        let outcome = dcs::read(&LicenseOperation::CONTRACT, &op.to_body(Format::Xml).unwrap(), Some("utf-8"));
        prop_assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
        let model = outcome.model.unwrap();
        prop_assert_eq!(model.str("LicenseID"), Some(op.license_id.as_str()));
        prop_assert_eq!(model.str("UserID"), Some(op.user_id.as_str()));
    }
}

const CASES_STORAGE: u32 = 2_000;

fn opt_text(xml_safe: bool) -> impl Strategy<Value = serde_json::Value> {
    proptest::option::of(text(xml_safe)).prop_map(|t| t.map_or(serde_json::Value::Null, Into::into))
}

fn opt_date() -> impl Strategy<Value = serde_json::Value> {
    proptest::option::of(timestamp())
        .prop_map(|t| t.map_or(serde_json::Value::Null, |t| t.to_string().into()))
}

/// A monitoring record as the server would send it in JSON: arbitrary (XML-safe) texts, nulls,
/// dates with and without offsets, every known status and plan type.
fn plan_run() -> impl Strategy<Value = serde_json::Value> {
    (
        (opt_text(true), opt_text(true), opt_text(true), opt_text(true)),
        (opt_text(true), opt_text(true), opt_text(true), opt_text(true)),
        (opt_date(), opt_date(), 0i64..=7, proptest::option::of(0i64..=17)),
        prop::array::uniform7(any::<i64>()),
        (opt_text(true), opt_text(true)),
    )
        .prop_map(
            |((plan, company, user, user_id), (computer, build, storage, error), (last, next, status, kind), n, (duration, link))| {
                serde_json::json!({
                    "PlanName": plan, "CompanyName": company, "UserName": user, "UserID": user_id,
                    "ComputerName": computer, "BuildVersion": build, "StorageType": storage,
                    "LastStart": last, "NextStart": next, "Status": status, "ErrorMessage": error,
                    "FilesCopied": n[0], "FilesFailed": n[1], "DataCopied": n[2], "Duration": duration,
                    "DataToBackup": n[3], "TotalData": n[4], "FilesScanned": n[5], "FilesToBackup": n[6],
                    "PlanId": link.clone(), "PlanType": kind, "DetailedReportLink": link,
                })
            },
        )
}

/// A storage account with its buckets, as the server would send it in JSON.
fn account() -> impl Strategy<Value = serde_json::Value> {
    let bucket = (text(true), text(true), opt_text(true), opt_text(true)).prop_map(
        |(account, bucket, shown, id)| {
            let mut v = serde_json::json!({
                "AccountID": account, "Destination": bucket, "DestinationDisplayName": shown,
            });
            if !id.is_null() {
                v["DestinationID"] = id;
            }
            v
        },
    );
    (
        text(true),
        opt_date(),
        opt_text(true),
        opt_text(true),
        proptest::option::of(prop::collection::vec(bucket, 0..4)),
    )
        .prop_map(|(id, created, name, kind, buckets)| {
            serde_json::json!({
                "AccountID": id, "DateCreated": created, "DisplayName": name,
                "StorageType": kind, "Destinations": buckets,
            })
        })
}

/// Decodes a JSON value as `T`, then checks that `T` round-trips in both formats, alone and in
/// a list.
macro_rules! round_trips {
    ($t:ty, $values:expr) => {{
        let values: Vec<$t> = $values
            .iter()
            .map(|v| <$t>::from_body(Format::Json, &serde_json::to_vec(v).unwrap()).unwrap())
            .collect();
        for format in Format::ALL {
            for value in &values {
                let body = value.to_body(format).unwrap();
                prop_assert_eq!(&<$t>::from_body(format, &body).unwrap(), value);
            }
            let body = <$t>::list_to_body(&values, format).unwrap();
            prop_assert_eq!(<$t>::list_from_body(format, &body).unwrap(), values.clone());
        }
    }};
}

proptest! {
    #![proptest_config(config(CASES_STORAGE))]
    #[test]
    fn monitoring_records_and_accounts_round_trip_in_both_formats(
        runs in prop::collection::vec(plan_run(), 0..4),
        accounts in prop::collection::vec(account(), 0..3),
    ) {
        round_trips!(mspbackups::models::PlanRun, runs);
        round_trips!(mspbackups::models::Account, accounts);
    }
}

proptest! {
    #![proptest_config(config(CASES_STORAGE))]
    #[test]
    fn storage_credentials_round_trip_and_never_show_in_debug(
        access in text(true), secret in text(true), shared in text(true), name in text(true),
    ) {
        use mspbackups::models::{AccountSettings, AccountType, AmazonS3Settings, AzureSettings, NewAccount};
        let mark = |s: &str| format!("SECRET-{s}");
        let mut settings = AccountSettings::new();
        settings.amazon_s3 = Some(AmazonS3Settings::new(mark(&access), mark(&secret)));
        settings.azure = Some(AzureSettings::new(name.clone(), mark(&shared)));
        let account = NewAccount::new(name, AccountType::AmazonS3, settings);
        let debug = format!("{:?}", account);
        prop_assert!(!debug.contains("SECRET-"), "{}", debug);
        for format in Format::ALL {
            let body = account.to_body(format).unwrap();
            prop_assert_eq!(NewAccount::from_body(format, &body).unwrap(), account.clone());
        }
    }
}
