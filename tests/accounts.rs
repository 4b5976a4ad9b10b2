//! Behaviour of the Accounts handler against a mock server, in JSON and XML: the docs' samples
//! decoded, get reading one object, `null` or a list, storage credentials kept out of everything
//! shown but sent on the wire, only the settings member set being sent, the JSON-only routes
//! sent as JSON from an XML client, AddDestination's empty and newer answers, and GUIDs and
//! blank names refused before any I/O.

mod common;

use std::sync::{Arc, Mutex};

use common::{
    answer_200, assert_invalid_input, client, error_texts, expect_api, inspected_client,
    keep_bodies, null_body, offline_client, response_type, serve_200,
    without_insignificant_whitespace, xml_root,
};
use mockito::Matcher;
use mspbackups::api::accounts::routes;
use mspbackups::models::{
    Account, AccountDestination, AccountSettings, AccountType, AccountUpdate, AmazonS3Settings,
    AzureSettings, FileShareSettings, GoogleCloudSettings, Guid, KeyStoneType, MinioSettings,
    NewAccount, NewAccountDestination, NewBucket, OpenStackSettings, OpenStackType, OracleSettings,
    ParseScalarError, S3CompatibleSettings, SignatureVersion, WasabiSettings,
};
use mspbackups::{Error, Exchange, Format};

// ------------------------------------------------------------------------------------------------
// Values
// ------------------------------------------------------------------------------------------------

/// An account with these members and the optional ones `None`. (`Account` has no public
/// constructor: it is built by decoding.)
fn account(id: &str) -> Account {
    let body = serde_json::json!({ "AccountID": id });
    Account::from_body(Format::Json, body.to_string().as_bytes()).expect("a minimal account")
}

fn destination(account_id: &str, bucket: &str, display: &str) -> AccountDestination {
    let mut d = AccountDestination::new(account_id, bucket);
    d.destination_display_name = Some(display.into());
    d
}

/// The account of the GitBook list and get samples (`sample string 1` …).
fn docs_account(date: &str, destination_account: &str) -> Account {
    let mut a = account("sample string 1");
    a.date_created = Some(date.parse().unwrap());
    a.display_name = Some("sample string 3".into());
    a.storage_type = Some("sample string 4".into());
    a.destinations = Some(vec![
        destination(
            destination_account,
            "sample string 2",
            "sample string 3"
        );
        2
    ]);
    a
}

const LIST_DATE: &str = "2018-05-14T14:10:39.3637711+00:00";
const LIST_DEST_ACCOUNT: &str = "967b8014-652d-4972-9fb6-c499c33634cb";
const GET_DATE: &str = "2018-05-14T14:10:41.1918293+00:00";
const GET_DEST_ACCOUNT: &str = "8f34e9b8-1e38-4780-b75f-37c9dc7b795f";

/// One `AccountsModels` of the GitBook samples, without the root's namespaces.
fn docs_account_json(date: &str, dest_account: &str) -> String {
    let d = format!(
        r#"{{"AccountID":"{dest_account}","Destination":"sample string 2","DestinationDisplayName":"sample string 3"}}"#
    );
    format!(
        r#"{{"AccountID":"sample string 1","DateCreated":"{date}","DisplayName":"sample string 3","StorageType":"sample string 4","Destinations":[{d},{d}]}}"#
    )
}

fn docs_account_xml_members(date: &str, dest_account: &str) -> String {
    let d = format!(
        "<DestinationOfAccount><AccountID>{dest_account}</AccountID><Destination>sample string 2</Destination><DestinationDisplayName>sample string 3</DestinationDisplayName></DestinationOfAccount>"
    );
    format!(
        "<AccountID>sample string 1</AccountID><DateCreated>{date}</DateCreated><Destinations>{d}{d}</Destinations><DisplayName>sample string 3</DisplayName><StorageType>sample string 4</StorageType>"
    )
}

/// The GitBook "List Storage Accounts" sample (whitespace collapsed).
fn docs_list_body(format: Format) -> String {
    match format {
        Format::Json => {
            let a = docs_account_json(LIST_DATE, LIST_DEST_ACCOUNT);
            format!("[{a},{a}]")
        }
        Format::Xml => {
            let a = format!(
                "<AccountsModels>{}</AccountsModels>",
                docs_account_xml_members(LIST_DATE, LIST_DEST_ACCOUNT)
            );
            format!(
                "{}{a}{a}</ArrayOfAccountsModels>",
                xml_root("ArrayOfAccountsModels")
            )
        }
    }
}

/// The GitBook "Get Storage Account" sample (whitespace collapsed): one object.
fn docs_get_body(format: Format) -> String {
    match format {
        Format::Json => docs_account_json(GET_DATE, GET_DEST_ACCOUNT),
        Format::Xml => format!(
            "{}{}</AccountsModels>",
            xml_root("AccountsModels"),
            docs_account_xml_members(GET_DATE, GET_DEST_ACCOUNT)
        ),
    }
}

/// The account the GitBook "Get Storage Account" page prints (a one-element list, a date without
/// an offset, a trailing space in the names).
fn doc_example_get_body(format: Format) -> String {
    let id = "someID-79a0-4a52-88ed-36da652f4254";
    match format {
        Format::Json => format!(
            r#"[{{"AccountID":"{id}","DateCreated":"2017-01-16T14:34:23.427","DisplayName":"Azure ","StorageType":"AzureVM","Destinations":[{{"AccountID":"{id}","Destination":"main","DestinationDisplayName":"Azure "}}]}}]"#
        ),
        Format::Xml => format!(
            "{}<AccountsModels><AccountID>{id}</AccountID><DateCreated>2017-01-16T14:34:23.427</DateCreated><Destinations><DestinationOfAccount><AccountID>{id}</AccountID><Destination>main</Destination><DestinationDisplayName>Azure </DestinationDisplayName></DestinationOfAccount></Destinations><DisplayName>Azure </DisplayName><StorageType>AzureVM</StorageType></AccountsModels></ArrayOfAccountsModels>",
            xml_root("ArrayOfAccountsModels")
        ),
    }
}

fn doc_example_account() -> Account {
    let id = "someID-79a0-4a52-88ed-36da652f4254";
    let mut a = account(id);
    a.date_created = Some("2017-01-16T14:34:23.427".parse().unwrap());
    a.display_name = Some("Azure ".into());
    a.storage_type = Some("AzureVM".into());
    a.destinations = Some(vec![destination(id, "main", "Azure ")]);
    a
}

// ------------------------------------------------------------------------------------------------
// list, get
// ------------------------------------------------------------------------------------------------

#[test]
fn accounts_list_decodes_the_docs_sample_in_both_formats() {
    for format in Format::ALL {
        let (server, m) = serve_200("GET", "/api/Accounts", format, docs_list_body(format));
        let got = client(&server.url(), format).accounts().list().unwrap();
        assert_eq!(
            got,
            vec![docs_account(LIST_DATE, LIST_DEST_ACCOUNT); 2],
            "{format}"
        );
        // The 2018 sample has neither of the newer members.
        assert_eq!(got[0].reseller_account_id, None);
        assert_eq!(
            got[0].destinations.as_ref().unwrap()[0].destination_id,
            None
        );
        m.assert();
    }
}

#[test]
fn accounts_list_reads_the_newer_members_of_the_help_site() {
    // help.mspbackups.com's list sample (JSON only there): `ResellerAccountID` and
    // `DestinationID`. The XML carries them as DataContractSerializer orders them
    // (alphabetically, after no base).
    let (reseller, dest_id) = (
        "6afe36bf-7ec6-4710-8db2-dda8eea8e2cb",
        "02a28d1f-f812-42d0-9542-a82d500fc879",
    );
    let d_account = "94d9d625-48f9-4747-b36f-071e7edcc4ef";
    let json = {
        let d = format!(
            r#"{{"DestinationID":"{dest_id}","AccountID":"{d_account}","Destination":"sample string 3","DestinationDisplayName":"sample string 4"}}"#
        );
        let a = format!(
            r#"{{"ResellerAccountID":"{reseller}","AccountID":"sample string 1","DateCreated":"2019-08-29T10:53:23.1259132+00:00","DisplayName":"sample string 3","StorageType":"sample string 4","Destinations":[{d},{d}]}}"#
        );
        format!("[{a},{a}]")
    };
    let xml = {
        let d = format!(
            "<DestinationOfAccount><AccountID>{d_account}</AccountID><Destination>sample string 3</Destination><DestinationDisplayName>sample string 4</DestinationDisplayName><DestinationID>{dest_id}</DestinationID></DestinationOfAccount>"
        );
        let a = format!(
            "<AccountsModels><AccountID>sample string 1</AccountID><DateCreated>2019-08-29T10:53:23.1259132+00:00</DateCreated><Destinations>{d}{d}</Destinations><DisplayName>sample string 3</DisplayName><ResellerAccountID>{reseller}</ResellerAccountID><StorageType>sample string 4</StorageType></AccountsModels>"
        );
        format!(
            "{}{a}{a}</ArrayOfAccountsModels>",
            xml_root("ArrayOfAccountsModels")
        )
    };
    let mut d = destination(d_account, "sample string 3", "sample string 4");
    d.destination_id = Some(dest_id.into());
    let mut want = account("sample string 1");
    want.reseller_account_id = Some(reseller.into());
    want.date_created = Some("2019-08-29T10:53:23.1259132+00:00".parse().unwrap());
    want.display_name = Some("sample string 3".into());
    want.storage_type = Some("sample string 4".into());
    want.destinations = Some(vec![d; 2]);
    for (format, body) in [(Format::Json, json), (Format::Xml, xml)] {
        let (server, m) = serve_200("GET", "/api/Accounts", format, body);
        let got = client(&server.url(), format).accounts().list().unwrap();
        assert_eq!(got, vec![want.clone(); 2], "{format}");
        assert!(
            got[0].extras().is_empty(),
            "{format}: {:?}",
            got[0].extras()
        );
        m.assert();
    }
}

#[test]
fn accounts_get_reads_one_object_null_a_list_or_an_empty_list() {
    for format in Format::ALL {
        let mut first = docs_account(GET_DATE, GET_DEST_ACCOUNT);
        first.account_id = "first".into();
        let two = Account::list_to_body(
            &[first.clone(), docs_account(GET_DATE, GET_DEST_ACCOUNT)],
            format,
        )
        .unwrap();
        let cases: Vec<(Vec<u8>, Option<Account>)> = vec![
            (
                docs_get_body(format).into_bytes(),
                Some(docs_account(GET_DATE, GET_DEST_ACCOUNT)),
            ),
            (null_body(format, "AccountsModels").into_bytes(), None),
            // The docs' printed example is a one-element list.
            (
                doc_example_get_body(format).into_bytes(),
                Some(doc_example_account()),
            ),
            (two, Some(first)),
            (Account::list_to_body(&[], format).unwrap(), None),
        ];
        for (body, want) in cases {
            let (server, m) = serve_200("GET", "/api/Accounts/A%201", format, body.clone());
            let got = client(&server.url(), format).accounts().get("A 1").unwrap();
            assert_eq!(got, want, "{format}: {}", String::from_utf8_lossy(&body));
            m.assert();
        }
    }
}

#[test]
fn accounts_dates_without_an_offset_keep_their_text() {
    let got = doc_example_account();
    let date = got.date_created.unwrap();
    assert_eq!(date.to_string(), "2017-01-16T14:34:23.427");
    assert_eq!((date.year(), date.month(), date.day()), (2017, 1, 16));
    for format in Format::ALL {
        let body = String::from_utf8(got.to_body(format).unwrap()).unwrap();
        assert!(body.contains("2017-01-16T14:34:23.427"), "{format}: {body}");
        assert!(
            !body.contains("+00:00") && !body.contains('Z'),
            "{format}: {body}"
        );
    }
}

// ------------------------------------------------------------------------------------------------
// Storage credentials
// ------------------------------------------------------------------------------------------------

/// One distinct credential per secret member of every provider. Each holds `SECRET`; some hold
/// characters that JSON, XML or a URL would escape.
const AMAZON_ACCESS: &str = "AKIA-SECRET-amazon-access-01";
const AMAZON_SECRET: &str = "wJalrXUtn/SECRET+amazonKEY=02";
const AZURE_SHARED: &str = "azure-SECRET-shared/key+03==";
const ORACLE_API: &str = "oracle-SECRET-api-04";
const OPENSTACK_API: &str = "openstack-SECRET-api-05";
const S3C_ACCESS: &str = "s3c-SECRET-access-06";
const S3C_SECRET: &str = "s3c-SECRET-secret-07";
const CLOUDIAN_ACCESS: &str = "cloudian-SECRET-access-08";
const CLOUDIAN_SECRET: &str = "cloudian-SECRET-secret-09";
const GOOGLE_KEY: &str = "Z29vZ2xl-SECRET-a2V5+/10==";
const WASABI_ACCESS: &str = "wasabi-SECRET-access-11";
const WASABI_SECRET: &str = "wasabi-SECRET-secret-12";
const MINIO_ACCESS: &str = "minio-SECRET-access-13";
const MINIO_SECRET: &str = "minio-SECRET-secret-14";
const FS_PASS: &str = "fs-SECRET-pass&<15";

const ALL_SECRETS: [&str; 15] = [
    AMAZON_ACCESS,
    AMAZON_SECRET,
    AZURE_SHARED,
    ORACLE_API,
    OPENSTACK_API,
    S3C_ACCESS,
    S3C_SECRET,
    CLOUDIAN_ACCESS,
    CLOUDIAN_SECRET,
    GOOGLE_KEY,
    WASABI_ACCESS,
    WASABI_SECRET,
    MINIO_ACCESS,
    MINIO_SECRET,
    FS_PASS,
];

/// Models without a public constructor are built from JSON, as a caller would have to.
fn from_json<T>(decode: fn(Format, &[u8]) -> Result<T, Error>, v: serde_json::Value) -> T {
    decode(Format::Json, v.to_string().as_bytes()).expect("the settings decode")
}

fn oracle_json(api_key: &str) -> serde_json::Value {
    serde_json::json!({
        "UserName": "oracle-user", "ApiKey": api_key, "AuthService": "https://auth.example",
        "KeyStoneVersion": 2, "TenantType": 1, "Tenant": "tenant", "UseInternalURLs": false,
        "DomainType": 0, "Domain": "domain", "UseScope": true, "ProjectType": 0, "Project": "project"
    })
}

fn s3_compatible(access: &str, secret: &str) -> S3CompatibleSettings {
    from_json(
        S3CompatibleSettings::from_body,
        serde_json::json!({
            "UseNativeMultipartUpload": true, "HTTPEnpoint": "http://s3.example",
            "HTTPSEndpoint": "https://s3.example", "IgnoreCertificate": false,
            "NotCheckCredentials": false, "SignatureVersion": 4,
            "AccessKey": access, "SecretKey": secret, "IsGovCloud": false
        }),
    )
}

/// Settings with every provider member set, as the docs' create sample shows them.
fn every_provider() -> AccountSettings {
    let mut s = AccountSettings::new();
    s.amazon_s3 = Some(AmazonS3Settings::new(AMAZON_ACCESS, AMAZON_SECRET));
    s.azure = Some(AzureSettings::new("azureaccount", AZURE_SHARED));
    s.oracle = Some(from_json(
        OracleSettings::from_body,
        oracle_json(ORACLE_API),
    ));
    let mut open_stack = oracle_json(OPENSTACK_API);
    open_stack["IgnoreCertificate"] = true.into();
    open_stack["NotCheckCredentials"] = false.into();
    s.open_stack = Some(from_json(OpenStackSettings::from_body, open_stack));
    s.s3_compatible = Some(s3_compatible(S3C_ACCESS, S3C_SECRET));
    s.cloudian = Some(s3_compatible(CLOUDIAN_ACCESS, CLOUDIAN_SECRET));
    s.google_cloud_platform = Some(from_json(
        GoogleCloudSettings::from_body,
        serde_json::json!({
            "ServiceAccountEmail": "svc@project.iam.example", "BinaryKeyAsBase64": GOOGLE_KEY,
            "ProjectID": "project-1"
        }),
    ));
    s.wasabi = Some(from_json(
        WasabiSettings::from_body,
        serde_json::json!({"AccessKey": WASABI_ACCESS, "SecretKey": WASABI_SECRET}),
    ));
    s.minio = Some(from_json(
        MinioSettings::from_body,
        serde_json::json!({
            "HTTPEnpoint": "http://minio.example", "HTTPSEndpoint": null,
            "IgnoreCertificate": true, "NotCheckCredentials": false,
            "AccessKey": MINIO_ACCESS, "SecretKey": MINIO_SECRET
        }),
    ));
    s.fs = Some(from_json(
        FileShareSettings::from_body,
        serde_json::json!({"Login": "backup", "Pass": FS_PASS, "Path": "\\\\nas\\backups"}),
    ));
    s
}

fn assert_no_credential(context: impl std::fmt::Display, text: &str) {
    for secret in ALL_SECRETS {
        assert!(
            !text.contains(secret),
            "{context}: {secret} shows in {text}"
        );
    }
    assert!(
        !text.contains("SECRET"),
        "{context}: a credential shows in {text}"
    );
}

#[test]
fn storage_credentials_never_show_in_the_debug_of_the_models() {
    let settings = every_provider();
    let account = NewAccount::new("Everything", AccountType::AmazonS3, settings.clone());
    let update = AccountUpdate::new("A1", account.clone());
    let shown = [
        format!("{settings:?} {settings:#?}"),
        format!("{account:?} {account:#?}"),
        format!("{update:?} {update:#?}"),
        format!("{:?}", settings.amazon_s3),
        format!("{:?}", settings.azure),
        format!("{:?}", settings.oracle),
        format!("{:?}", settings.open_stack),
        format!("{:?}", settings.s3_compatible),
        format!("{:?}", settings.cloudian),
        format!("{:?}", settings.google_cloud_platform),
        format!("{:?}", settings.wasabi),
        format!("{:?}", settings.minio),
        format!("{:?}", settings.fs),
    ];
    for text in &shown {
        assert_no_credential("Debug", text);
        assert!(text.contains("<redacted>"), "{text}");
    }
    // What isn't secret still shows.
    assert!(shown[0].contains("azureaccount") && shown[0].contains("svc@project.iam.example"));
    // And the values are there, for the body.
    let s3 = settings.amazon_s3.as_ref().unwrap();
    assert_eq!(
        (s3.access_key.expose(), s3.secret_key.expose()),
        (AMAZON_ACCESS, AMAZON_SECRET)
    );
    assert_eq!(settings.fs.as_ref().unwrap().pass.expose(), FS_PASS);
}

/// A mock answering `method` on any path with 400 and the request's body, that keeps every body
/// it receives.
fn echo_and_keep(
    server: &mut mockito::ServerGuard,
    method: &str,
    content_type: &str,
    kept: &Arc<Mutex<Vec<Vec<u8>>>>,
) -> mockito::Mock {
    let kept = Arc::clone(kept);
    server
        .mock(method, Matcher::Any)
        .with_status(400)
        .with_header("content-type", content_type)
        .with_body_from_request(move |req| {
            let body = req.body().cloned().unwrap_or_default();
            kept.lock().unwrap().push(body.clone());
            body
        })
}

#[test]
fn storage_credentials_go_on_the_wire_but_not_into_requests_shown_inspectors_or_errors() {
    // One provider per call, as a caller sends them; a server that echoes the body in a 400.
    let mut one = Vec::new();
    let mut s = AccountSettings::new();
    s.amazon_s3 = Some(AmazonS3Settings::new(AMAZON_ACCESS, AMAZON_SECRET));
    one.push((AccountType::AmazonS3, s, vec![AMAZON_ACCESS, AMAZON_SECRET]));
    let mut s = AccountSettings::new();
    s.azure = Some(AzureSettings::new("azureaccount", AZURE_SHARED));
    one.push((AccountType::Azure, s, vec![AZURE_SHARED]));
    let all = every_provider();
    let mut s = AccountSettings::new();
    s.open_stack = all.open_stack.clone();
    one.push((AccountType::OpenStack, s, vec![OPENSTACK_API]));
    let mut s = AccountSettings::new();
    s.oracle = all.oracle.clone();
    one.push((AccountType::OracleCloud, s, vec![ORACLE_API]));
    let mut s = AccountSettings::new();
    s.s3_compatible = all.s3_compatible.clone();
    one.push((AccountType::S3Compatible, s, vec![S3C_ACCESS, S3C_SECRET]));
    let mut s = AccountSettings::new();
    s.cloudian = all.cloudian.clone();
    one.push((
        AccountType::Cloudian,
        s,
        vec![CLOUDIAN_ACCESS, CLOUDIAN_SECRET],
    ));
    let mut s = AccountSettings::new();
    s.google_cloud_platform = all.google_cloud_platform.clone();
    one.push((AccountType::GoogleCloudPlatform, s, vec![GOOGLE_KEY]));
    let mut s = AccountSettings::new();
    s.wasabi = all.wasabi.clone();
    one.push((AccountType::Wasabi, s, vec![WASABI_ACCESS, WASABI_SECRET]));
    let mut s = AccountSettings::new();
    s.minio = all.minio.clone();
    one.push((AccountType::Minio, s, vec![MINIO_ACCESS, MINIO_SECRET]));
    let mut s = AccountSettings::new();
    s.fs = all.fs.clone();
    one.push((AccountType::FS, s, vec![FS_PASS]));

    for format in Format::ALL {
        for (kind, settings, secrets) in &one {
            let context = format!("{format} {kind:?}");
            let mut server = mockito::Server::new();
            let kept = Arc::new(Mutex::new(Vec::new()));
            let post = echo_and_keep(&mut server, "POST", response_type(format), &kept)
                .expect(1)
                .create();
            // The update is JSON whatever the client's format; its echo is JSON too.
            let put = echo_and_keep(&mut server, "PUT", response_type(Format::Json), &kept)
                .expect(1)
                .create();
            let (c, seen) = inspected_client(&server.url(), format);
            let account = NewAccount::new("Storage", kind.clone(), settings.clone());
            let errors = [
                c.accounts().create(&account).unwrap_err(),
                c.accounts()
                    .update(&AccountUpdate::new("A1", account))
                    .unwrap_err(),
            ];
            for err in &errors {
                assert_eq!(err.status(), Some(400), "{context}: {err:?}");
                for text in error_texts(err) {
                    assert_no_credential(&context, &text);
                }
            }
            let seen = seen.lock().unwrap();
            assert_eq!(seen.len(), 2 * 5, "{context}: two exchanges seen");
            for text in seen.iter() {
                assert_no_credential(&context, text);
            }
            // What was shown is the body with the credential replaced, not nothing: the
            // create in the client's format, the update in JSON. (Views 0 and 3 of each
            // exchange are the request's Display and its body.)
            let create_redacted = match format {
                Format::Json => "\"<redacted>\"",
                Format::Xml => "&lt;redacted&gt;",
            };
            for (view, redacted) in [(&seen[0], create_redacted), (&seen[5], "\"<redacted>\"")] {
                assert_eq!(
                    view.matches(redacted).count(),
                    secrets.len(),
                    "{context}: {view}"
                );
            }
            // The server received the credentials themselves.
            let kept = kept.lock().unwrap();
            assert_eq!(kept.len(), 2, "{context}");
            for body in kept.iter() {
                let text = String::from_utf8_lossy(body);
                for secret in secrets {
                    let on_wire = if text.starts_with('<') {
                        secret.replace('&', "&amp;").replace('<', "&lt;")
                    } else {
                        (*secret).to_owned()
                    };
                    assert!(text.contains(&on_wire), "{context}: {secret} not in {text}");
                }
            }
            post.assert();
            put.assert();
        }
    }
}

#[test]
fn storage_credentials_of_every_provider_at_once_stay_out_of_inspectors_and_errors() {
    // The docs' create sample sets every provider member at once: fifteen credentials in one
    // body (the request shown is redacted; the server's echo of it must be too).
    let account = NewAccount::new("Everything", AccountType::AmazonS3, every_provider());
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let kept = Arc::new(Mutex::new(Vec::new()));
        let post = echo_and_keep(&mut server, "POST", response_type(format), &kept)
            .expect(1)
            .create();
        let (c, seen) = inspected_client(&server.url(), format);
        let err = c.accounts().create(&account).unwrap_err();
        assert_eq!(err.status(), Some(400));
        for text in seen.lock().unwrap().iter() {
            assert_no_credential(format, text);
        }
        for text in error_texts(&err) {
            assert_no_credential(format, &text);
        }
        post.assert();
    }
}

#[test]
fn storage_credentials_of_every_provider_at_once_are_sent_and_redacted_in_the_request_shown() {
    // The part of the test above that holds: the request an inspector sees (and its Debug and
    // Display) has all fifteen credentials replaced; the server gets them all.
    let account = NewAccount::new("Everything", AccountType::AmazonS3, every_provider());
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let (post, kept) = keep_bodies(&mut server, "POST", "/api/Accounts");
        let post = post.expect(1).create();
        let (c, seen) = inspected_client(&server.url(), format);
        c.accounts().create(&account).unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 5, "{format}");
        for text in seen.iter() {
            assert_no_credential(format, text);
        }
        let redacted = match format {
            Format::Json => "\"<redacted>\"",
            Format::Xml => "&lt;redacted&gt;",
        };
        // The request's Display, Debug and body each show the fifteen replaced.
        for text in [&seen[0], &seen[3]] {
            assert_eq!(text.matches(redacted).count(), 15, "{format}: {text}");
        }
        let sent = kept.text(0);
        for secret in ALL_SECRETS {
            let on_wire = match format {
                Format::Json => secret.to_owned(),
                Format::Xml => secret.replace('&', "&amp;").replace('<', "&lt;"),
            };
            assert!(sent.contains(&on_wire), "{format}: {secret} not sent");
        }
        post.assert();
    }
}

/// A server that fails `POST /api/Accounts` with 400 and a `Message` quoting the request body
/// as text (the server's serializer escapes it once more inside its own error body).
fn quoting_server(format: Format) -> (mockito::ServerGuard, mockito::Mock) {
    let mut server = mockito::Server::new();
    let mock = server
        .mock("POST", "/api/Accounts")
        .with_status(400)
        .with_header("content-type", response_type(format))
        .with_body_from_request(move |req| {
            let sent = String::from_utf8_lossy(req.body().unwrap()).into_owned();
            let message = format!("The request is invalid: {sent}");
            match format {
                Format::Json => serde_json::json!({ "Message": message })
                    .to_string()
                    .into_bytes(),
                Format::Xml => format!(
                    "<Error><Message>{}</Message></Error>",
                    message
                        .replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                )
                .into_bytes(),
            }
        })
        .expect(1)
        .create();
    (server, mock)
}

#[test]
fn storage_credentials_stay_out_of_an_api_error_whose_message_quotes_the_body() {
    // AWS-style keys (`/`, `+`, `=`: nothing JSON or XML escapes).
    let mut settings = AccountSettings::new();
    settings.amazon_s3 = Some(AmazonS3Settings::new(AMAZON_ACCESS, AMAZON_SECRET));
    let account = NewAccount::new("Storage", AccountType::AmazonS3, settings);
    for format in Format::ALL {
        let (server, mock) = quoting_server(format);
        let (c, seen) = inspected_client(&server.url(), format);
        let err = c.accounts().create(&account).unwrap_err();
        let api = expect_api(&err, format);
        assert_eq!(api.status(), 400);
        for text in error_texts(&err) {
            assert_no_credential(format, &text);
        }
        for text in seen.lock().unwrap().iter() {
            assert_no_credential(format, text);
        }
        if format == Format::Json {
            // The message is kept, with the credentials replaced.
            let message = api.message().unwrap();
            assert!(
                message.starts_with("The request is invalid: {"),
                "{message}"
            );
            assert_eq!(message.matches("\"<redacted>\"").count(), 2, "{message}");
        }
        mock.assert();
    }
}

#[test]
fn storage_credentials_redacted_from_an_xml_error_leave_its_message_readable() {
    let mut settings = AccountSettings::new();
    settings.amazon_s3 = Some(AmazonS3Settings::new(AMAZON_ACCESS, AMAZON_SECRET));
    let account = NewAccount::new("Storage", AccountType::AmazonS3, settings);
    let (server, mock) = quoting_server(Format::Xml);
    let err = client(&server.url(), Format::Xml)
        .accounts()
        .create(&account)
        .unwrap_err();
    let api = expect_api(&err, Format::Xml);
    let message = api.message().expect("the server's message");
    assert!(
        message.starts_with("The request is invalid: <Account"),
        "{message}"
    );
    assert!(
        message.contains("<AccessKey>&lt;redacted&gt;</AccessKey>")
            || message.contains("<AccessKey><redacted></AccessKey>"),
        "{message}"
    );
    mock.assert();
}

#[test]
fn storage_credentials_with_markup_characters_stay_out_of_a_message_quoting_the_body() {
    // A file-share password with `&` and `<`: the XML body carries `&amp;&lt;`, the server's
    // error quoting it `&amp;amp;&amp;lt;`.
    let mut settings = AccountSettings::new();
    settings.fs = every_provider().fs;
    let account = NewAccount::new("Share", AccountType::FS, settings);
    for format in Format::ALL {
        let (server, mock) = quoting_server(format);
        let (c, seen) = inspected_client(&server.url(), format);
        let err = c.accounts().create(&account).unwrap_err();
        for text in error_texts(&err) {
            assert_no_credential(format, &text);
        }
        for text in seen.lock().unwrap().iter() {
            assert_no_credential(format, text);
        }
        mock.assert();
    }
}

// ------------------------------------------------------------------------------------------------
// Bodies
// ------------------------------------------------------------------------------------------------

#[test]
fn accounts_create_sends_only_the_settings_member_that_is_set() {
    let mut settings = AccountSettings::new();
    settings.azure = Some(AzureSettings::new("azureaccount", AZURE_SHARED));
    let account = NewAccount::new("Azure storage", AccountType::Azure, settings);
    let json = serde_json::json!({
        "DisplayName": "Azure storage",
        "Type": 2,
        "AccountSettings": {"Azure": {"AccountName": "azureaccount", "SharedKey": AZURE_SHARED}}
    });
    let xml = format!(
        "{}<AccountSettings><Azure><AccountName>azureaccount</AccountName><SharedKey>{AZURE_SHARED}</SharedKey></Azure></AccountSettings><DisplayName>Azure storage</DisplayName><Type>Azure</Type></Account>",
        xml_root("Account")
    );
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let (m, kept) = keep_bodies(&mut server, "POST", "/api/Accounts");
        let m = m
            .match_header("content-type", format.content_type())
            .expect(1)
            .create();
        client(&server.url(), format)
            .accounts()
            .create(&account)
            .unwrap();
        m.assert();
        let sent = kept.text(0);
        match format {
            Format::Json => {
                let got: serde_json::Value = serde_json::from_str(&sent).unwrap();
                assert_eq!(got, json, "{sent}");
                // Declaration order, as the docs' sample.
                let at = |k: &str| sent.find(k).unwrap();
                assert!(
                    at("DisplayName") < at("\"Type\"") && at("\"Type\"") < at("AccountSettings")
                );
            }
            Format::Xml => assert_eq!(
                without_insignificant_whitespace(Format::Xml, &sent),
                xml,
                "{sent}"
            ),
        }
        for other in [
            "AmazonS3",
            "OpenStack",
            "Oracle",
            "S3Compatible",
            "Cloudian",
            "Wasabi",
            "Minio",
            "\"FS\"",
            "<FS>",
            "GoogleCloudPlatform",
            "CustomEndpoint",
            "null",
            "nil",
        ] {
            assert!(!sent.contains(other), "{format}: {other} in {sent}");
        }
    }
}

#[test]
fn accounts_settings_of_derived_providers_carry_their_base_members_first_in_xml() {
    // S3Compatible builds on AmazonS3 and OpenStack on Oracle: DataContractSerializer writes
    // the base contract's members first, each part alphabetically (the docs' XML sample).
    let all = every_provider();
    let mut s = AccountSettings::new();
    s.s3_compatible = all.s3_compatible;
    s.open_stack = all.open_stack;
    let body = String::from_utf8(s.to_body(Format::Xml).unwrap()).unwrap();
    let order = [
        "<OpenStack>",
        "<ApiKey>",
        "<AuthService>",
        "<Domain>",
        "<DomainType>Name",
        "<KeyStoneVersion>Three",
        "<Project>",
        "<ProjectType>Name",
        "<Tenant>",
        "<TenantType>ID",
        "<UseInternalURLs>",
        "<UseScope>",
        "<UserName>",
        "<IgnoreCertificate>",
        "<NotCheckCredentials>",
        "</OpenStack>",
        "<S3Compatible>",
        "<AccessKey>",
        "<IsGovCloud>",
        "<SecretKey>",
        "<HTTPEnpoint>",
        "<HTTPSEndpoint>",
        "<IgnoreCertificate>",
        "<NotCheckCredentials>",
        "<SignatureVersion>Version4",
        "<UseNativeMultipartUpload>",
        "</S3Compatible>",
    ];
    let mut from = 0;
    for tag in order {
        let at = body[from..]
            .find(tag)
            .unwrap_or_else(|| panic!("{tag} after {from} in {body}"));
        from += at + tag.len();
    }
    // The enums decoded from JSON numbers are the named members.
    let open_stack = s.open_stack.as_ref().unwrap();
    assert_eq!(open_stack.key_stone_version, KeyStoneType::Three);
    assert_eq!(open_stack.tenant_type, OpenStackType::ID);
    assert_eq!(
        s.s3_compatible.as_ref().unwrap().signature_version,
        SignatureVersion::Version4
    );
}

#[test]
fn accounts_update_edit_destination_and_create_destination_are_json_from_an_xml_client() {
    let mut settings = AccountSettings::new();
    settings.amazon_s3 = Some(AmazonS3Settings::new(AMAZON_ACCESS, AMAZON_SECRET));
    let update = AccountUpdate::new(
        "A1",
        NewAccount::new("Renamed", AccountType::AmazonS3, settings),
    );
    let mut edit = destination("A1", "bucket", "Renamed bucket");
    edit.destination_id = Some("D1".into());
    let bucket = new_bucket(serde_json::json!({
        "AccountID": "ec88dfdb-f5c5-416b-81b8-c3cc89faa7c6",
        "DisplayName": "New bucket",
        "DestinationSettings": {"S3Compatible": {"BucketName": "bucket-1", "UseImmutability": true}}
    }));
    let json_type = "application/json; charset=utf-8";
    let created = r#"{"DestinationID":"41a7fb85-9a6d-4b0d-9f49-9cf3939690b9","AccountID":"ec88dfdb-f5c5-416b-81b8-c3cc89faa7c6","Destination":"bucket-1","DestinationDisplayName":"New bucket"}"#;

    let mut server = mockito::Server::new();
    let json_body = |v: serde_json::Value| Matcher::Json(v);
    let m_update = server
        .mock("PUT", "/api/Accounts")
        .match_header("content-type", json_type)
        .match_header("accept", "application/json")
        .match_body(json_body(serde_json::json!({
            "AccountID": "A1", "DisplayName": "Renamed", "Type": 0,
            "AccountSettings": {"AmazonS3": {
                "AccessKey": AMAZON_ACCESS, "SecretKey": AMAZON_SECRET, "IsGovCloud": false
            }}
        })))
        .with_status(200)
        .expect(1)
        .create();
    let m_edit = server
        .mock("PUT", "/api/Accounts/EditDestination")
        .match_header("content-type", json_type)
        .match_body(json_body(serde_json::json!({
            "DestinationID": "D1", "AccountID": "A1", "Destination": "bucket",
            "DestinationDisplayName": "Renamed bucket"
        })))
        .with_status(200)
        .expect(1)
        .create();
    let m_create = server
        .mock("POST", "/api/Accounts/CreateDestination")
        .match_header("content-type", json_type)
        .match_body(json_body(serde_json::json!({
            "AccountID": "ec88dfdb-f5c5-416b-81b8-c3cc89faa7c6", "DisplayName": "New bucket",
            "DestinationSettings": {"S3Compatible": {"BucketName": "bucket-1", "UseImmutability": true}}
        })))
        .with_status(200)
        .with_header("content-type", json_type)
        .with_body(created)
        .expect(1)
        .create();
    let c = client(&server.url(), Format::Xml);
    c.accounts().update(&update).unwrap();
    c.accounts().edit_destination(&edit).unwrap();
    let got = c.accounts().create_destination(&bucket).unwrap();
    let mut want = destination(
        "ec88dfdb-f5c5-416b-81b8-c3cc89faa7c6",
        "bucket-1",
        "New bucket",
    );
    want.destination_id = Some("41a7fb85-9a6d-4b0d-9f49-9cf3939690b9".into());
    assert_eq!(got, want);
    for m in [m_update, m_edit, m_create] {
        m.assert();
    }
    for route in [
        routes::update,
        routes::edit_destination,
        routes::create_destination,
    ] {
        assert!(route.json_only, "{}", route.operation);
    }
    for route in [
        routes::create,
        routes::add_destination,
        routes::remove_destination,
    ] {
        assert!(!route.json_only, "{}", route.operation);
    }
}

#[test]
fn accounts_remove_destination_sends_the_docs_body_in_both_formats() {
    let d = destination(
        "adfc2826-3776-4f36-985d-a95cd3b59894",
        "targetBucket",
        "Backup Container",
    );
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let want = match format {
            Format::Json => Matcher::Json(serde_json::json!({
                "AccountID": "adfc2826-3776-4f36-985d-a95cd3b59894",
                "Destination": "targetBucket",
                "DestinationDisplayName": "Backup Container"
            })),
            Format::Xml => Matcher::Exact(String::from_utf8(d.to_body(format).unwrap()).unwrap()),
        };
        let m = server
            .mock("PUT", "/api/Accounts/RemoveDestination")
            .match_header("content-type", format.content_type())
            .match_body(want)
            .with_status(200)
            .expect(1)
            .create();
        client(&server.url(), format)
            .accounts()
            .remove_destination(&d)
            .unwrap();
        m.assert();
        if format == Format::Xml {
            let body = String::from_utf8(d.to_body(format).unwrap()).unwrap();
            assert_eq!(
                without_insignificant_whitespace(format, &body),
                format!(
                    "{}<AccountID>adfc2826-3776-4f36-985d-a95cd3b59894</AccountID><Destination>targetBucket</Destination><DestinationDisplayName>Backup Container</DestinationDisplayName></DestinationOfAccount>",
                    xml_root("DestinationOfAccount")
                )
            );
        }
    }
}

// ------------------------------------------------------------------------------------------------
// AddDestination
// ------------------------------------------------------------------------------------------------

const ADD_ACCOUNT: &str = "2da56775-bc76-4027-82e8-1f22f276f737";

fn docs_new_destination() -> NewAccountDestination {
    let mut d = NewAccountDestination::new(ADD_ACCOUNT.parse().unwrap(), "sample string 2");
    d.destination_display_name = Some("sample string 3".into());
    d
}

#[test]
fn accounts_add_destination_sends_destination_of_account_create_in_both_formats() {
    let xml = format!(
        "{}<AccountID>{ADD_ACCOUNT}</AccountID><Destination>sample string 2</Destination><DestinationDisplayName>sample string 3</DestinationDisplayName></DestinationOfAccountCreate>",
        xml_root("DestinationOfAccountCreate")
    );
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let (m, kept) = keep_bodies(&mut server, "POST", "/api/Accounts/AddDestination");
        let m = m
            .match_header("content-type", format.content_type())
            .expect(1)
            .create();
        let got = client(&server.url(), format)
            .accounts()
            .add_destination(&docs_new_destination())
            .unwrap();
        assert_eq!(got, None, "{format}: an empty 200 is Ok(None)");
        m.assert();
        let sent = kept.text(0);
        match format {
            Format::Json => assert_eq!(
                serde_json::from_str::<serde_json::Value>(&sent).unwrap(),
                serde_json::json!({
                    "AccountID": ADD_ACCOUNT, "Destination": "sample string 2",
                    "DestinationDisplayName": "sample string 3"
                })
            ),
            Format::Xml => assert_eq!(without_insignificant_whitespace(format, &sent), xml),
        }
    }
}

#[test]
fn accounts_add_destination_answers_none_for_an_empty_200_and_the_destination_when_given() {
    // The server's help page (2025) shows the created destination as the answer; the 2018 docs
    // say "No message is returned".
    let (dest_id, account_id) = (
        "41a7fb85-9a6d-4b0d-9f49-9cf3939690b9",
        "61229be3-74ab-4b85-83a0-2ede17b43257",
    );
    let mut created = destination(account_id, "sample string 3", "sample string 4");
    created.destination_id = Some(dest_id.into());
    for format in Format::ALL {
        let answer = match format {
            Format::Json => format!(
                r#"{{ "DestinationID": "{dest_id}", "AccountID": "{account_id}", "Destination": "sample string 3", "DestinationDisplayName": "sample string 4" }}"#
            ),
            Format::Xml => format!(
                "{}<AccountID>{account_id}</AccountID><Destination>sample string 3</Destination><DestinationDisplayName>sample string 4</DestinationDisplayName><DestinationID>{dest_id}</DestinationID></DestinationOfAccount>",
                xml_root("DestinationOfAccount")
            ),
        };
        for (body, want) in [
            (String::new(), None),
            (answer, Some(created.clone())),
            (null_body(format, "DestinationOfAccount"), None),
        ] {
            let mut server = mockito::Server::new();
            let m = answer_200(
                &mut server,
                "POST",
                "/api/Accounts/AddDestination",
                format,
                body.clone(),
            );
            let got = client(&server.url(), format)
                .accounts()
                .add_destination(&docs_new_destination())
                .unwrap();
            assert_eq!(got, want, "{format}: {body}");
            m.assert();
        }
        // An empty 200 without a content type at all.
        let mut server = mockito::Server::new();
        let m = server
            .mock("POST", "/api/Accounts/AddDestination")
            .with_status(200)
            .expect(1)
            .create();
        let got = client(&server.url(), format)
            .accounts()
            .add_destination(&docs_new_destination());
        assert_eq!(got.unwrap(), None, "{format}");
        m.assert();
    }
}

#[test]
fn accounts_add_destination_account_id_must_be_a_guid() {
    // The 2018 docs' placeholder and an account ID as `GET /api/Accounts` shows it in samples
    // are not GUIDs: they can't make a `NewAccountDestination`.
    for text in [
        "sample string 1",
        "someID-79a0-4a52-88ed-36da652f4254",
        "",
        " ",
    ] {
        match text.parse::<Guid>() {
            Err(ParseScalarError::Guid(shown)) => assert_eq!(shown, text),
            other => panic!("{text:?}: {other:?}"),
        }
    }
    // Nor can one be decoded with one.
    let err = NewAccountDestination::from_body(
        Format::Json,
        br#"{"AccountID":"sample string 1","Destination":"b","DestinationDisplayName":null}"#,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let contract = NewAccountDestination::CONTRACT;
    let member = contract
        .members
        .iter()
        .find(|m| m.name == "AccountID")
        .unwrap();
    assert!(
        matches!(member.kind, mspbackups::contract::Kind::Guid),
        "{member:?}"
    );
    // A GUID goes out as written.
    let d =
        NewAccountDestination::new("2DA56775-BC76-4027-82E8-1F22F276F737".parse().unwrap(), "b");
    let body = String::from_utf8(d.to_body(Format::Json).unwrap()).unwrap();
    assert!(
        body.contains(r#""AccountID": "2DA56775-BC76-4027-82E8-1F22F276F737""#),
        "{body}"
    );
}

// ------------------------------------------------------------------------------------------------
// Refused before any I/O
// ------------------------------------------------------------------------------------------------

/// A `NewBucket` from its JSON (the type has no public constructor).
fn new_bucket(v: serde_json::Value) -> NewBucket {
    NewBucket::from_body(Format::Json, v.to_string().as_bytes()).expect("a bucket body")
}

#[test]
fn accounts_blank_names_are_refused_before_any_io() {
    let guid = "ec88dfdb-f5c5-416b-81b8-c3cc89faa7c6";
    let bucket = |display: &str, settings: serde_json::Value| {
        new_bucket(serde_json::json!({
            "AccountID": guid, "DisplayName": display, "DestinationSettings": settings
        }))
    };
    let ok = serde_json::json!({"Azure": {"BucketName": "b", "UseImmutability": false}});
    let cases: Vec<(&str, NewBucket)> = vec![
        ("DisplayName", bucket(" ", ok.clone())),
        ("DisplayName", bucket("", ok)),
        (
            "BucketName",
            bucket(
                "Bucket",
                serde_json::json!({"Azure": {"BucketName": "", "UseImmutability": false}}),
            ),
        ),
        (
            "BucketName",
            bucket(
                "Bucket",
                serde_json::json!({"B2": {"BucketName": "\t", "UseImmutability": false}}),
            ),
        ),
        (
            "BucketName",
            bucket(
                "Bucket",
                serde_json::json!({"GoogleCloudPlatform": {
                    "StorageClass": null, "RegionalLocation": 0, "BucketName": " ",
                    "UseImmutability": true
                }}),
            ),
        ),
        (
            "BucketName",
            bucket(
                "Bucket",
                serde_json::json!({"AmazonS3": {
                    "UseS3TransferAcceleration": false, "Region": "us-east-1", "BucketName": "",
                    "UseImmutability": false
                }}),
            ),
        ),
        (
            "BucketName",
            bucket(
                "Bucket",
                serde_json::json!({"Wasabi": {"Region": null, "BucketName": " ", "UseImmutability": false}}),
            ),
        ),
    ];
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let never = server.mock("POST", Matcher::Any).expect(0).create();
        let never_put = server.mock("PUT", Matcher::Any).expect(0).create();
        let (offline, exchanges) = offline_client(format);
        for c in [&client(&server.url(), format), &offline] {
            for (field, b) in &cases {
                assert_invalid_input(c.accounts().create_destination(b), field);
            }
            let mut s = AccountSettings::new();
            s.amazon_s3 = Some(AmazonS3Settings::new(AMAZON_ACCESS, AMAZON_SECRET));
            let blank_name = NewAccount::new(" ", AccountType::AmazonS3, s.clone());
            assert_invalid_input(c.accounts().create(&blank_name), "DisplayName");
            assert_invalid_input(
                c.accounts().update(&AccountUpdate::new(
                    " ",
                    NewAccount::new("n", AccountType::AmazonS3, s),
                )),
                "AccountID",
            );
            assert_invalid_input(
                c.accounts().add_destination(&NewAccountDestination::new(
                    ADD_ACCOUNT.parse().unwrap(),
                    "",
                )),
                "Destination",
            );
            assert_invalid_input(
                c.accounts()
                    .remove_destination(&AccountDestination::new("", "b")),
                "AccountID",
            );
            assert_invalid_input(
                c.accounts()
                    .edit_destination(&AccountDestination::new("A1", " ")),
                "Destination",
            );
            assert_invalid_input(c.accounts().get(" "), routes::get.params[0]);
        }
        assert_eq!(*exchanges.lock().unwrap(), 0, "{format}: nothing was sent");
        never.assert();
        never_put.assert();
    }
}

#[test]
fn accounts_inspector_sees_each_call_once_with_its_route() {
    // The inspector sees the JSON-only routes as JSON requests even from an XML client.
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let mut server = mockito::Server::new();
    let m = server
        .mock("PUT", "/api/Accounts/EditDestination")
        .with_status(200)
        .expect(1)
        .create();
    let c = mspbackups::Client::builder()
        .base_url(server.url())
        .token(common::TOKEN)
        .format(Format::Xml)
        .no_proxy()
        .inspector(move |x: &Exchange<'_>| {
            sink.lock()
                .unwrap()
                .push((x.request().format(), x.request().label()))
        })
        .build()
        .unwrap();
    let mut d = AccountDestination::new("A1", "b");
    d.destination_id = Some("D1".into());
    c.accounts().edit_destination(&d).unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        vec![(Format::Json, "PUT /api/Accounts/EditDestination".to_owned())]
    );
    m.assert();
}

#[test]
fn accounts_settings_without_the_member_of_the_type_are_refused_before_any_io() {
    // The server reads only the member the account's type names: settings that lack it would
    // create an account without credentials.
    let mut azure_only = AccountSettings::new();
    azure_only.azure = Some(AzureSettings::new("azureaccount", AZURE_SHARED));
    let all = every_provider();
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let never = server.mock("POST", Matcher::Any).expect(0).create();
        let never_put = server.mock("PUT", Matcher::Any).expect(0).create();
        let c = client(&server.url(), format);
        for (kind, settings) in [
            (AccountType::AmazonS3, azure_only.clone()),
            (AccountType::Wasabi, azure_only.clone()),
            (AccountType::Azure, AccountSettings::new()),
            // A type the docs give no member of its own still needs some settings.
            (AccountType::BackblazeB2, AccountSettings::new()),
        ] {
            let account = NewAccount::new("Storage", kind.clone(), settings);
            let context = format!("{format} {kind:?}");
            match c.accounts().create(&account) {
                Err(Error::InvalidInput { field, .. }) => {
                    assert_eq!(field, "AccountSettings", "{context}")
                }
                other => panic!("{context}: {other:?}"),
            }
            match c.accounts().update(&AccountUpdate::new("A1", account)) {
                Err(Error::InvalidInput { field, .. }) => {
                    assert_eq!(field, "AccountSettings", "{context}")
                }
                other => panic!("{context}: {other:?}"),
            }
        }
        never.assert();
        never_put.assert();
        // Every provider set (as the docs' sample) passes for any documented type.
        let ok = server
            .mock("POST", "/api/Accounts")
            .with_status(200)
            .expect(2)
            .create();
        for kind in [AccountType::FS, AccountType::BackblazeB2] {
            c.accounts()
                .create(&NewAccount::new("Storage", kind, all.clone()))
                .unwrap();
        }
        ok.assert();
    }
}
