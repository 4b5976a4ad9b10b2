//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use mspbackups::{Client, Error, Format};

/// The token every test client uses; no output may ever contain it.
pub const TOKEN: &str = "tok-5f0c2a9e-SECRET-d41d8cd98f00";

pub fn fixture_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// A fixture file's bytes.
pub fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(fixture_path(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// A fixture as the body a client sends: the file minus one trailing newline.
pub fn fixture_body(rel: &str) -> String {
    let text = String::from_utf8(fixture(rel)).expect("fixtures are UTF-8");
    text.strip_suffix('\n').map(str::to_owned).unwrap_or(text)
}

pub fn ext(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Xml => "xml",
    }
}

/// A client for a local test server: no proxy, test token, short timeouts, the default retry
/// policy with waits recorded instead of slept.
pub fn client(base_url: &str, format: Format) -> Client {
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .format(format)
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .sleeper(RecordingSleeper::default())
        .build()
        .expect("test client builds")
}

/// Every text an error shows: `Display`, `Debug`, the `source()` chain, and what its
/// `ApiError` says.
pub fn error_texts(err: &Error) -> Vec<String> {
    let mut texts = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        texts.push(s.to_string());
        texts.push(format!("{s:?}"));
        source = s.source();
    }
    if let Some(a) = err.api_error() {
        texts.extend(
            [
                a.message(),
                a.message_detail(),
                a.exception_message(),
                a.body_excerpt(),
                a.raw_body(),
            ]
            .into_iter()
            .flatten()
            .map(str::to_owned),
        );
        for (k, m) in a.model_state() {
            texts.push(format!("{k} {m:?}"));
        }
    }
    texts
}

/// Fails if the token shows in `Display`, `Debug`, any `source()` of the error or its `ApiError`.
pub fn assert_no_secret(err: &Error) {
    for t in error_texts(err) {
        assert!(
            !t.contains(TOKEN) && !t.contains("SECRET"),
            "secret leaked in: {t}"
        );
    }
}

/// A clock the test moves by hand.
#[derive(Clone)]
pub struct ManualClock {
    base: std::time::Instant,
    offset_ms: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl ManualClock {
    pub fn new() -> Self {
        ManualClock {
            base: std::time::Instant::now(),
            offset_ms: Default::default(),
        }
    }

    pub fn advance(&self, by: Duration) {
        self.offset_ms
            .fetch_add(by.as_millis() as u64, std::sync::atomic::Ordering::SeqCst);
    }
}

impl mspbackups::auth::Clock for ManualClock {
    fn now(&self) -> std::time::Instant {
        self.base + Duration::from_millis(self.offset_ms.load(std::sync::atomic::Ordering::SeqCst))
    }
}

/// The license in the help-site get sample.
pub fn sample_license() -> mspbackups::models::License {
    let mut l = mspbackups::models::License::new("sample string 1", 2);
    l.computer_name = Some("sample string 3".into());
    l.operating_system = Some("sample string 4".into());
    l.is_trial = true;
    l.is_taken = true;
    l.license_type = Some("sample string 7".into());
    l.date_expired = Some("2019-08-28T11:07:01.0922535+00:00".parse().unwrap());
    l.transaction = Some("sample string 9".into());
    l.user = Some("sample string 10".into());
    l.user_id = Some("sample string 11".into());
    l
}

/// The free license printed in the GitBook list example.
pub fn free_license(
    id: &str,
    number: i64,
    kind: &str,
    expires: &str,
    transaction: &str,
) -> mspbackups::models::License {
    let mut l = mspbackups::models::License::new(id, number);
    l.license_type = Some(kind.into());
    l.date_expired = Some(expires.parse().unwrap());
    l.transaction = Some(transaction.into());
    l
}

/// The three licenses of `licenses/list.response.*`.
pub fn listed_licenses() -> Vec<mspbackups::models::License> {
    vec![
        sample_license(),
        free_license(
            "license-023a-4555-88db-02f811894b00",
            6,
            "Ultimate",
            "2018-02-09T00:00:00",
            "transactionID-f3de-4233-a1cd-ac0e9086015b",
        ),
        free_license(
            "license-eaa1-4628-9fbf-sample",
            4,
            "File Backup",
            "2017-12-07T00:00:00",
            "transaction-e205-4efa-87b2-f36bbc5eda6e",
        ),
    ]
}

/// `application/json; charset=utf-8` or `application/xml; charset=utf-8`.
pub fn response_type(format: Format) -> &'static str {
    format.content_type()
}

/// Removes whitespace that JSON and DataContract XML ignore: around `{ } [ ] , :` outside strings
/// in JSON, and between tags in XML (the samples have no mixed content).
pub fn without_insignificant_whitespace(format: Format, text: &str) -> String {
    match format {
        Format::Json => {
            let v: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
            serde_json::to_string(&v).expect("re-encodes")
        }
        Format::Xml => {
            let mut out = String::new();
            let mut pending = String::new();
            let mut in_tag = false;
            for c in text.chars() {
                match c {
                    '<' => {
                        if !pending.trim().is_empty() {
                            out.push_str(&pending);
                        }
                        pending.clear();
                        in_tag = true;
                        out.push(c);
                    }
                    '>' => {
                        in_tag = false;
                        out.push(c);
                    }
                    _ if in_tag => out.push(c),
                    _ => pending.push(c),
                }
            }
            out.push_str(pending.trim());
            out
        }
    }
}

/// What a [`Scripted`] server does with one request.
#[derive(Clone)]
pub enum Step {
    /// Answer with this status, extra headers and body.
    Reply(u16, Vec<(&'static str, String)>, String),
    /// Read the request, then close the connection without answering.
    Hangup,
}

impl Step {
    pub fn status(status: u16) -> Step {
        Step::Reply(status, Vec::new(), String::new())
    }

    pub fn json(status: u16, body: &str) -> Step {
        Step::Reply(
            status,
            vec![("Content-Type", "application/json; charset=utf-8".into())],
            body.into(),
        )
    }
}

/// A request a [`Scripted`] server received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

/// A local HTTP/1.1 server that plays a script, one step per request (the last step repeats),
/// and records what it received. Keeps connections alive.
pub struct Scripted {
    pub url: String,
    seen: std::sync::Arc<std::sync::Mutex<Vec<Seen>>>,
}

impl Scripted {
    pub fn start(script: Vec<Step>) -> Scripted {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = std::sync::Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut n = 0usize;
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut writer = stream;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    let mut parts = line.split_whitespace();
                    let (method, path) = (
                        parts.next().unwrap_or("").to_owned(),
                        parts.next().unwrap_or("").to_owned(),
                    );
                    let mut headers = Vec::new();
                    let mut length = 0usize;
                    loop {
                        let mut h = String::new();
                        reader.read_line(&mut h).unwrap_or(0);
                        let h = h.trim_end();
                        if h.is_empty() {
                            break;
                        }
                        if let Some((k, v)) = h.split_once(':') {
                            if k.eq_ignore_ascii_case("content-length") {
                                length = v.trim().parse().unwrap_or(0);
                            }
                            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
                        }
                    }
                    let mut body = vec![0u8; length];
                    let _ = reader.read_exact(&mut body);
                    log.lock().unwrap().push(Seen {
                        method,
                        path,
                        headers,
                    });
                    let step = script[n.min(script.len() - 1)].clone();
                    n += 1;
                    match step {
                        Step::Hangup => break,
                        Step::Reply(status, extra, body) => {
                            let mut head = format!(
                                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\n",
                                body.len()
                            );
                            for (k, v) in extra {
                                head.push_str(&format!("{k}: {v}\r\n"));
                            }
                            head.push_str("\r\n");
                            if writer
                                .write_all(head.as_bytes())
                                .and_then(|_| writer.write_all(body.as_bytes()))
                                .is_err()
                            {
                                break;
                            }
                        }
                    }
                }
            }
        });
        Scripted { url, seen }
    }

    /// How many requests arrived.
    pub fn hits(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    /// The requests that arrived.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A sleeper that records what it was asked to wait, and waits for nothing.
#[derive(Clone, Default)]
pub struct RecordingSleeper(pub std::sync::Arc<std::sync::Mutex<Vec<Duration>>>);

impl RecordingSleeper {
    pub fn waits(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl mspbackups::retry::Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) {
        self.0.lock().unwrap().push(duration);
    }
}

// ------------------------------------------------------------------------------------------------
// Users: the values of the docs' samples (fixtures/users/, see fixtures/README.md)
// ------------------------------------------------------------------------------------------------

use mspbackups::models::{
    DestinationForNewUser, NewUser, User, UserAuthData, UserComputer, UserDestination,
    UserModeType, UserUpdate,
};

fn strings(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| (*s).to_owned()).collect())
}

/// A user with these members, `Enabled` false, manual license mode, `SpaceUsed` 0 and every
/// optional member `None`. (`User` has no public constructor: it is built by decoding.)
pub fn user(id: &str, email: &str) -> User {
    let body = serde_json::json!({
        "ID": id, "Email": email, "Enabled": false, "LicenseManagmentMode": 0, "SpaceUsed": 0
    });
    User::from_body(Format::Json, body.to_string().as_bytes()).expect("a minimal user decodes")
}

/// A destination with these members and the optional ones `None`.
pub fn user_destination(id: &str, current_volume: i64, package_id: i32) -> UserDestination {
    let body =
        serde_json::json!({"ID": id, "CurrentVolume": current_volume, "PackageID": package_id});
    UserDestination::from_body(Format::Json, body.to_string().as_bytes())
        .expect("a minimal destination decodes")
}

/// The destination the help-page generator shows in every Users response sample.
pub fn sample_destination(id: &str) -> UserDestination {
    let mut d = user_destination(id, 2, 3);
    d.account_id = Some("sample string 4".into());
    d.account_display_name = Some("sample string 5".into());
    d.destination = Some("sample string 6".into());
    d.destination_display_name = Some("sample string 7".into());
    d
}

/// The user the help-page generator shows (`sample string 1` …): the XML list, get and
/// authenticate samples, the JSON authenticate sample, and the second user of the JSON list.
pub fn sample_user() -> User {
    let mut u = user("sample string 1", "sample string 2");
    u.first_name = Some("sample string 3".into());
    u.last_name = Some("sample string 4".into());
    u.notification_emails = strings(&["sample string 1", "sample string 2"]);
    u.company = Some("sample string 5".into());
    u.enabled = true;
    u.license_managment_mode = UserModeType::Manual;
    u.destination_list = Some(vec![
        sample_destination("sample string 1"),
        sample_destination("sample string 1"),
    ]);
    u.space_used = 7;
    u
}

/// `users/list.response.<format>`: the JSON sample edits the first user's ID, e-mail and first
/// notification address; the XML sample shows the generator's values twice.
pub fn docs_user_list(format: Format) -> Vec<User> {
    match format {
        Format::Json => {
            let mut first = sample_user();
            first.id = "userID".into();
            first.email = "user email".into();
            first.notification_emails =
                strings(&["emailtoWhichNotificationsWillBeSent", "sample string 2"]);
            vec![first, sample_user()]
        }
        Format::Xml => vec![sample_user(), sample_user()],
    }
}

/// `users/get.response.<format>`: the JSON sample shows a made-up user (Charlie Green), the XML
/// sample the generator's values.
pub fn docs_user_get(format: Format) -> User {
    match format {
        Format::Json => {
            let mut u = sample_user();
            u.id = "fake-7567-4965-8c8a-bee5bf6b056d".into();
            u.email = "CharlieMarketing".into();
            u.first_name = Some("Charlie".into());
            u.last_name = Some("Green".into());
            u.notification_emails =
                strings(&["charliem@maggiesdonuts.com", "admin@maggiesdonuts.com"]);
            u.company = Some("Maggie's Donuts".into());
            u.destination_list = Some(vec![
                sample_destination("detinationID"),
                sample_destination("sample string 1"),
            ]);
            u
        }
        Format::Xml => sample_user(),
    }
}

/// `users/authenticate.response.<format>`: the generator's user in both formats.
pub fn docs_user_authenticated() -> User {
    sample_user()
}

/// `users/computers.response.<format>`.
pub fn docs_computers(format: Format) -> Vec<UserComputer> {
    match format {
        Format::Json => vec![
            UserComputer::new("74c0060b-1ca5-4342-9d02-2a7f57ewer", "roberts-mbp.dev.corp"),
            UserComputer::new("74c0060b-1ca5-4342-9d02-2a7f57ewer", "acer computer name"),
        ],
        Format::Xml => {
            vec![UserComputer::new("74c0060b-1ca5-4342-9d02-2a7f57e378c4", "sample string 2"); 2]
        }
    }
}

/// `users/delete_computers.request.<format>`.
pub fn docs_computers_to_delete(format: Format) -> Vec<UserComputer> {
    match format {
        Format::Json => vec![
            UserComputer::new(
                "b17266e7-8b8e-4c3f-b1bb-911b9sdf",
                "Charlie Marketing MacBook",
            ),
            UserComputer::new("b17266e7-8b8e-4c3f-b1bb-911b9e8sdf", "Jane sales Acer"),
        ],
        Format::Xml => {
            vec![UserComputer::new("b17266e7-8b8e-4c3f-b1bb-911b9e89f90e", "sample string 2"); 2]
        }
    }
}

/// `users/delete_computers.request.help-site.<format>` (both formats).
pub fn help_site_computers_to_delete() -> Vec<UserComputer> {
    vec![UserComputer::new("adb19a10-7c8f-4794-81fc-cdf655026973", "sample string 2"); 2]
}

/// `users/create.request.<format>` (both formats).
pub fn docs_new_user() -> NewUser {
    let mut u = NewUser::new("sample string 1", "sample string 6");
    u.first_name = Some("sample string 2".into());
    u.last_name = Some("sample string 3".into());
    u.notification_emails = strings(&["sample string 1", "sample string 2"]);
    u.company = Some("sample string 4".into());
    u.enabled = true;
    u.destination_list = Some(vec![
        DestinationForNewUser::new(
            "sample string 1",
            "sample string 2",
            3
        );
        2
    ]);
    u.send_email_instruction = true;
    u.license_managment_mode = UserModeType::Manual;
    u
}

/// `users/update.request.<format>` (both formats).
pub fn docs_user_update() -> UserUpdate {
    let mut base = user("sample string 1", "sample string 2");
    base.first_name = Some("sample string 3".into());
    base.last_name = Some("sample string 4".into());
    base.notification_emails = strings(&["sample string 1", "sample string 2"]);
    base.company = Some("sample string 5".into());
    base.enabled = true;
    let mut u = UserUpdate::from_user(&base);
    u.password = Some("sample string 7".into());
    u
}

/// `users/authenticate.request.<format>` (both formats).
pub fn docs_user_auth() -> UserAuthData {
    UserAuthData::new("sample string 1", "sample string 2")
}

/// The ID in `users/create.response.<format>` (the GitBook doc example's `"userID"`).
pub const DOCS_NEW_USER_ID: &str = "userID";

// ------------------------------------------------------------------------------------------------
// Companies, Administrators, Packages, Computers: the values of the docs' samples
// (fixtures/{companies,administrators,packages,computers}/, see fixtures/README.md)
// ------------------------------------------------------------------------------------------------

use mspbackups::models::{
    Administrator, AdministratorUpdate, Company, CompanyDestination, ComputerAuthorization,
    Decimal, GlacierRestoreType, Guid, LicensingMode, MbsLicenseType, NewAdministrator, NewCompany,
    NewPackage, Package, PermissionMode, Permissions,
};

pub fn guid(text: &str) -> Guid {
    text.parse().expect("a GUID")
}

pub fn decimal(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

/// A company destination with an optional `PlanId`.
pub fn company_destination(id: &str, plan_id: Option<i32>) -> CompanyDestination {
    let mut d = CompanyDestination::new(guid(id));
    d.plan_id = plan_id;
    d
}

/// A company with the four members every sample shows and none of the newer ones.
pub fn company(id: &str, name: &str, storage_limit: i64) -> Company {
    let mut c = Company::new(guid(id), name);
    c.storage_limit = storage_limit;
    c.license_settings = LicensingMode::CustomUsersSettings;
    c
}

/// `companies/list.response.*` and `.help-site.*`: the help site's two companies (both formats).
pub fn help_site_companies() -> Vec<Company> {
    vec![company("78626016-528a-407e-85d7-c102993320e7", "sample string 2", 1); 2]
}

/// `companies/list.response.api-help.json`: the server's help page, newer members included.
pub fn api_help_companies() -> Vec<Company> {
    let mut c = company("7c31129a-2095-4e5f-bd2f-0ecb631f3a88", "sample string 2", 1);
    c.destinations = Some(vec![
        company_destination(
            "12344ce7-3e27-404e-9af6-a2211f1843d6",
            Some(1)
        );
        2
    ]);
    c.default_license = Some(MbsLicenseType::Desktop);
    c.allowed_licenses = Some(vec![MbsLicenseType::Desktop; 2]);
    vec![c; 2]
}

/// The help site's JSON company (get and update samples): Swagger placeholders, newer members in.
pub fn help_site_json_company() -> Company {
    let zero = "00000000-0000-0000-0000-000000000000";
    let mut c = company(zero, "string", 0);
    c.destinations = Some(vec![company_destination(zero, Some(0))]);
    c.default_license = Some(MbsLicenseType::Desktop);
    c.allowed_licenses = Some(vec![MbsLicenseType::Desktop]);
    c
}

/// `companies/get.response.<format>`: the JSON and XML samples show different values, and the XML
/// one none of the newer members.
pub fn help_site_company_get(format: Format) -> Company {
    match format {
        Format::Json => help_site_json_company(),
        Format::Xml => company("fb863472-9558-4c51-8e95-fde9f5a09b0a", "sample string 2", 1),
    }
}

/// `companies/update.request.<format>`.
pub fn help_site_company_update(format: Format) -> Company {
    match format {
        Format::Json => help_site_json_company(),
        Format::Xml => company("75dbef27-da9c-4b68-b282-ae7d6322782e", "sample string 2", 1),
    }
}

/// `companies/create.request.<format>`.
pub fn help_site_new_company(format: Format) -> NewCompany {
    match format {
        Format::Json => {
            let c = help_site_json_company();
            let mut n = NewCompany::new("string", 0);
            n.destinations = c.destinations;
            n.default_license = c.default_license;
            n.allowed_licenses = c.allowed_licenses;
            n
        }
        Format::Xml => NewCompany::new("sample string 1", 1),
    }
}

/// `companies/create.request.api-help.json`.
pub fn api_help_new_company() -> NewCompany {
    let mut n = NewCompany::new("sample string 1", 1);
    n.destinations = Some(vec![
        company_destination(
            "81a8ee96-b34d-481a-ab50-67069dc04976",
            Some(1)
        );
        2
    ]);
    n.default_license = Some(MbsLicenseType::Desktop);
    n.allowed_licenses = Some(vec![MbsLicenseType::Desktop; 2]);
    n
}

/// `companies/create.request.api-help-older.<format>`: the older `CompanyCreateModel` (no
/// `PlanId`, no license members).
pub fn older_new_company() -> NewCompany {
    let mut n = NewCompany::new("sample string 1", 1);
    n.destinations = Some(vec![
        company_destination(
            "778901ad-31fd-4640-a450-bb11c2f87f4c",
            None
        );
        2
    ]);
    n
}

/// A package as the help-page generator shows it (`sample string 3` …); `Cost` is `2.0` in JSON
/// and `2` in XML, as each sample writes it.
pub fn docs_package(format: Format) -> Package {
    let mut p = Package::new(1, "sample string 5");
    p.cost = decimal(match format {
        Format::Json => "2.0",
        Format::Xml => "2",
    });
    p.description = Some("sample string 3".into());
    p.enabled = true;
    p.storage_limit = decimal("6.1");
    p.is_glacier_restore_limit = true;
    p.restore_limit = decimal("8.1");
    p.glacier_restore_type = GlacierRestoreType::Standard;
    p.use_restore_limit = true;
    p
}

/// `packages/{list,get,for_user}.response.<format>`: the same two packages.
pub fn docs_packages(format: Format) -> Vec<Package> {
    vec![docs_package(format); 2]
}

/// `packages/get-one.response.<format>`: the package the "Get a Package Structure" page prints.
pub fn doc_example_package(format: Format) -> Package {
    let (cost, storage, restore) = match format {
        Format::Json => ("0.0", "10.0", "-1.0"),
        Format::Xml => ("0", "10", "-1"),
    };
    let mut p = Package::new(20988, "10 gigs");
    p.cost = decimal(cost);
    p.description = Some("10-gig limit".into());
    p.enabled = true;
    p.storage_limit = decimal(storage);
    p.is_glacier_restore_limit = false;
    p.restore_limit = decimal(restore);
    p.use_restore_limit = true;
    p
}

/// `packages/create.request.<format>`: JSON the corrected GitBook sample (`30-GB Limit`), XML the
/// generator's values.
pub fn docs_new_package(format: Format) -> NewPackage {
    match format {
        Format::Json => {
            let mut p = NewPackage::new("30-GB Limit", decimal("30.0"), decimal("40.0"));
            p.description = Some("30-gigabyte limit for new employees.".into());
            p.is_glacier_restore_limit = false;
            p.use_restore_limit = true;
            p
        }
        Format::Xml => {
            let mut p = NewPackage::new("sample string 1", decimal("3.1"), decimal("6"));
            p.description = Some("sample string 2".into());
            p.is_glacier_restore_limit = true;
            p.use_restore_limit = true;
            p.restore_limit = Some(decimal("5.1"));
            p
        }
    }
}

/// `packages/update.request.<format>`: JSON the corrected GitBook sample (`100-GB Limit`, with the
/// `RestoreLimit` the sample leaves out), XML the generator's package.
pub fn docs_package_update(format: Format) -> Package {
    match format {
        Format::Json => {
            let mut p = Package::new(44988, "100-GB Limit");
            p.cost = decimal("100.0");
            p.description = Some("Royal Limit".into());
            p.enabled = true;
            p.storage_limit = decimal("100.0");
            p.is_glacier_restore_limit = false;
            p.restore_limit = decimal("-1.0");
            p.use_restore_limit = true;
            p
        }
        Format::Xml => docs_package(Format::Xml),
    }
}

/// Every permission `Access` but `Notification` (the GitBook create and update samples).
pub fn docs_permissions() -> Permissions {
    let mut p = Permissions::all(PermissionMode::Access);
    p.notification = PermissionMode::None;
    p
}

/// An administrator with these members, enabled, and the rest `None`. (`Administrator` has no
/// public constructor: it is built by decoding.)
pub fn administrator(id: &str, email: &str) -> Administrator {
    let body = serde_json::json!({"AdminID": id, "Email": email, "Enabled": true});
    Administrator::from_body(Format::Json, body.to_string().as_bytes())
        .expect("a minimal administrator decodes")
}

/// One administrator of `administrators/list.response.<format>`.
pub fn docs_administrator(id: &str) -> Administrator {
    let date: mspbackups::models::Timestamp = "2018-05-15T14:08:30.8589271+00:00".parse().unwrap();
    let mut a = administrator(id, "sample string 2");
    a.first_name = Some("sample string 3".into());
    a.last_name = Some("sample string 4".into());
    a.permissions = Some(Permissions::all(PermissionMode::None));
    a.last_login = Some(date);
    a.date_created = Some(date);
    a.companies = strings(&["sample string 1", "sample string 2"]);
    a
}

/// `administrators/list.response.<format>`: the first ID differs between the two samples.
pub fn docs_administrators(format: Format) -> Vec<Administrator> {
    let first = match format {
        Format::Json => "someIDe-7aac-4177-a5a5-ebcee77ee97e",
        Format::Xml => "someID-a5a5-ebcee77ee97e",
    };
    vec![
        docs_administrator(first),
        docs_administrator("773eb9de-7aac-4177-a5a5-ebcee77ee97e"),
    ]
}

/// `administrators/get.response.<format>`: the administrator the "Get an Administrator's
/// Information by ID" page prints (as a one-element list).
pub fn doc_example_administrator() -> Administrator {
    let mut a = administrator("sample-1656-40b4-bc64-f4299a8303fc", "testuser");
    a.first_name = Some("Main".into());
    a.last_name = Some("Administrator".into());
    let mut p = Permissions::all(PermissionMode::None);
    for m in [
        &mut p.users,
        &mut p.notification,
        &mut p.licenses,
        &mut p.billing,
        &mut p.storage_usage,
        &mut p.capacity_report,
    ] {
        *m = PermissionMode::Access;
    }
    a.permissions = Some(p);
    a.last_login = None;
    a.date_created = Some("2018-05-15T15:44:51.07".parse().unwrap());
    a.companies = Some(Vec::new());
    a
}

/// `administrators/create.request.<format>`: JSON the corrected GitBook sample (Robert QA), XML
/// the generator's values.
pub fn docs_new_administrator(format: Format) -> NewAdministrator {
    match format {
        Format::Json => {
            let mut a = NewAdministrator::new("test@test.com", "truepass", docs_permissions());
            a.send_instruction = true;
            a.first_name = Some("Robert".into());
            a.last_name = Some("QA".into());
            a.enabled = true;
            a
        }
        Format::Xml => {
            let mut a = NewAdministrator::new(
                "sample string 1",
                "sample string 2",
                Permissions::all(PermissionMode::None),
            );
            a.send_instruction = true;
            a.first_name = Some("sample string 4".into());
            a.last_name = Some("sample string 5".into());
            a.enabled = true;
            a.companies = strings(&["sample string 1", "sample string 2"]);
            a
        }
    }
}

/// `administrators/update.request.json` (the corrected GitBook sample; JSON whatever the format).
pub fn docs_administrator_update() -> AdministratorUpdate {
    let mut u = AdministratorUpdate::new("someID", true);
    u.password = Some("truepass".into());
    u.first_name = Some("Robert".into());
    u.last_name = Some("QA".into());
    u.permissions = Some(docs_permissions());
    u
}

/// The ID in `administrators/create.response.<format>` (the GitBook doc example's `adminID`).
pub const DOCS_NEW_ADMIN_ID: &str = "adminID";

/// `computers/authorize.request.<marker>.json`: the help site's body, placeholder ID and all.
pub fn docs_authorization() -> ComputerAuthorization {
    ComputerAuthorization::for_user("10ce439b-7bec-4208-a116-XXXXXXXXXXX")
}

/// The root start tag of an Engine.Models document as the server writes it.
pub fn xml_root(name: &str) -> String {
    format!(
        r#"<{name} xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models">"#
    )
}

/// A JSON string or a serialized `<string>` carrying `text`.
pub fn string_body(format: Format, text: &str) -> String {
    match format {
        Format::Json => serde_json::to_string(text).unwrap(),
        Format::Xml => format!(
            r#"<string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">{text}</string>"#
        ),
    }
}

/// `null` in JSON, a nil root in XML: what Web API writes for an action that returns null.
pub fn null_body(format: Format, root: &str) -> String {
    match format {
        Format::Json => "null".to_owned(),
        Format::Xml => format!(
            r#"<{root} i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models" />"#
        ),
    }
}

/// A 200 answer to `method path` with the bearer token, in `format`, with `body`; expects one
/// call.
pub fn answer_200(
    server: &mut mockito::ServerGuard,
    method: &str,
    path: &str,
    format: Format,
    body: impl Into<Vec<u8>>,
) -> mockito::Mock {
    server
        .mock(method, path)
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .with_status(200)
        .with_header("content-type", response_type(format))
        .with_body(body.into())
        .expect(1)
        .create()
}

/// A client whose base URL nothing listens on (the discard port) and that counts the exchanges
/// its inspector sees: for checks that must fail before any I/O.
pub fn offline_client(format: Format) -> (Client, std::sync::Arc<std::sync::Mutex<usize>>) {
    let exchanges = std::sync::Arc::new(std::sync::Mutex::new(0usize));
    let count = std::sync::Arc::clone(&exchanges);
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .token(TOKEN)
        .format(format)
        .no_proxy()
        .inspector(move |_: &mspbackups::Exchange<'_>| *count.lock().unwrap() += 1)
        .build()
        .expect("test client builds");
    (client, exchanges)
}

/// A mock server with one [`answer_200`] on it. Keep the server alive while the mock is used.
pub fn serve_200(
    method: &str,
    path: &str,
    format: Format,
    body: impl Into<Vec<u8>>,
) -> (mockito::ServerGuard, mockito::Mock) {
    let mut server = mockito::Server::new();
    let mock = answer_200(&mut server, method, path, format, body);
    (server, mock)
}

/// A mock (not yet created: the caller sets its expectations) answering `method` on any path
/// with 400 and the request's own body, as a validation failure may.
pub fn echo_400(
    server: &mut mockito::ServerGuard,
    method: &str,
    content_type: &str,
) -> mockito::Mock {
    server
        .mock(method, mockito::Matcher::Any)
        .with_status(400)
        .with_header("content-type", content_type)
        .with_body_from_request(|req| req.body().cloned().unwrap_or_default())
}

/// Everything an inspector can see of an exchange: the request shown both ways, the exchange's
/// `Debug`, both bodies, and the error.
pub fn exchange_views(x: &mspbackups::Exchange<'_>) -> Vec<String> {
    let mut v = vec![
        format!("{}", x.request()),
        format!("{:?}", x.request()),
        format!("{x:?}"),
        String::from_utf8_lossy(x.request().body().unwrap_or_default()).into_owned(),
        String::from_utf8_lossy(x.response_body().unwrap_or_default()).into_owned(),
    ];
    if let Some(e) = x.error() {
        v.push(format!("{e} {e:?}"));
    }
    v
}

/// A test-token client for `base_url` whose inspector checks that every request body shown is
/// redacted and keeps the [`exchange_views`] of every exchange.
pub fn inspected_client(
    base_url: &str,
    format: Format,
) -> (Client, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&seen);
    let client = Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .format(format)
        .no_proxy()
        .inspector(move |x: &mspbackups::Exchange<'_>| {
            assert!(x.request().body_is_redacted(), "{}", x.request());
            sink.lock().unwrap().extend(exchange_views(x));
        })
        .build()
        .unwrap();
    (client, seen)
}

/// The API error in `err`, which must be an [`Error::Api`]; `context` goes in the failure.
pub fn expect_api(err: &Error, context: impl std::fmt::Display) -> &mspbackups::ApiError {
    match err {
        Error::Api(api) => api,
        other => panic!("{context}: {other:?}"),
    }
}

/// The API error of a call that must fail with one.
pub fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> Box<mspbackups::ApiError> {
    match result {
        Err(Error::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// Fails unless `result` is an [`Error::InvalidInput`] naming `field`.
pub fn assert_invalid_input<T: std::fmt::Debug>(result: Result<T, Error>, field: &str) {
    match result {
        Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
        other => panic!("{field}: {other:?}"),
    }
}

/// Whether `s` is a GUID in its 8-4-4-4-12 hex form.
pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A sandbox just started, and a client of it in `format`.
#[cfg(feature = "sandbox")]
pub fn sandbox_and_client(format: Format) -> (mspbackups::sandbox::Sandbox, Client) {
    let sandbox = mspbackups::sandbox::Sandbox::start().unwrap();
    let client = sandbox.client(format).unwrap();
    (sandbox, client)
}

/// The sandbox's seeded user with this login.
#[cfg(feature = "sandbox")]
pub fn seeded(
    sandbox: &mspbackups::sandbox::Sandbox,
    email: &str,
) -> mspbackups::sandbox::SandboxUser {
    sandbox
        .users()
        .into_iter()
        .find(|u| u.email == email)
        .unwrap()
}

/// A mock (not yet created) expecting one `method path` whose content type is `format`'s and
/// whose body is exactly `body`, answering 200.
pub fn expect_body(
    server: &mut mockito::ServerGuard,
    method: &str,
    path: &str,
    format: Format,
    body: String,
) -> mockito::Mock {
    server
        .mock(method, path)
        .match_header("content-type", format.content_type())
        .match_body(mockito::Matcher::Exact(body))
        .with_status(200)
        .expect(1)
}

/// The request bodies a [`keep_bodies`] mock received, in order.
#[derive(Clone, Default)]
pub struct KeptBodies(std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>);

impl KeptBodies {
    /// The `i`-th body received, as UTF-8 text.
    pub fn text(&self, i: usize) -> String {
        String::from_utf8(self.0.lock().unwrap()[i].clone()).unwrap()
    }
}

/// A mock (not yet created: the caller adds its matchers and expectations) answering
/// `method path` with an empty 200 and keeping the body of every request it receives.
pub fn keep_bodies(
    server: &mut mockito::ServerGuard,
    method: &str,
    path: &str,
) -> (mockito::Mock, KeptBodies) {
    let kept = KeptBodies::default();
    let sink = kept.clone();
    let mock = server
        .mock(method, path)
        .with_status(200)
        .with_body_from_request(move |req| {
            sink.0.lock().unwrap().push(req.body().cloned().unwrap());
            Vec::new()
        });
    (mock, kept)
}

/// An [`answer_200`] whose body is the fixture `{rel}.json` or `{rel}.xml`, as `format` asks.
pub fn answer_fixture(
    server: &mut mockito::ServerGuard,
    method: &str,
    path: &str,
    format: Format,
    rel: &str,
) -> mockito::Mock {
    let body = fixture(&format!("{rel}.{}", ext(format)));
    answer_200(server, method, path, format, body)
}

/// Serves `message` as a string answer with 200 to `method path`, makes `call` with a client of
/// that server, and checks that it fails with an [`Error::Api`] of status 200 carrying
/// `message`, and that the server was asked once. Returns the error for more checks.
pub fn message_in_a_200<T: std::fmt::Debug>(
    method: &str,
    path: &str,
    format: Format,
    message: &str,
    call: impl FnOnce(&Client) -> Result<T, Error>,
) -> Error {
    let (server, m) = serve_200(method, path, format, string_body(format, message));
    let err = call(&client(&server.url(), format)).unwrap_err();
    let api = expect_api(&err, format);
    assert_eq!(
        (api.status(), api.message()),
        (200, Some(message)),
        "{format}"
    );
    m.assert();
    err
}

// ------------------------------------------------------------------------------------------------
// Accounts, Destinations, Monitoring, Billing, Builds: the values of the docs' samples and printed
// examples (fixtures/{accounts,destinations,monitoring,billing,builds}/, see fixtures/README.md)
// ------------------------------------------------------------------------------------------------

use mspbackups::models::{
    Account, AccountDestination, AccountUpdate, BillingDetails, BillingDetailsFilter,
    BillingFilter, BillingReport, Build, BuildEdition, BuildRequest, BuildType, Destination,
    EditionVersion, NewAccount, NewAccountDestination, NewBucket, NewUserDestination, PlanRun,
    Timestamp, UserDestinationUpdate,
};

/// A model decoded from a JSON value written out in the test (for models without a public
/// constructor, and for nested settings): `from_json(PlanRun::from_body, json!({…}))`.
pub fn from_json<T>(decode: fn(Format, &[u8]) -> Result<T, Error>, value: serde_json::Value) -> T {
    decode(Format::Json, value.to_string().as_bytes())
        .expect("the value written in the test decodes")
}

pub fn timestamp(text: &str) -> Timestamp {
    text.parse().expect("a timestamp")
}

/// An account destination (`DestinationOfAccount`) without a `DestinationID`.
pub fn account_destination(
    account_id: &str,
    destination: &str,
    display: &str,
) -> AccountDestination {
    let mut d = AccountDestination::new(account_id, destination);
    d.destination_display_name = Some(display.into());
    d
}

/// One account of the GitBook list and get samples (both formats).
fn docs_account(date: &str, destinations_account_id: &str) -> Account {
    let mut a = from_json(
        Account::from_body,
        serde_json::json!({"AccountID": "sample string 1"}),
    );
    a.date_created = Some(timestamp(date));
    a.display_name = Some("sample string 3".into());
    a.storage_type = Some("sample string 4".into());
    a.destinations = Some(vec![
        account_destination(
            destinations_account_id,
            "sample string 2",
            "sample string 3"
        );
        2
    ]);
    a
}

/// `accounts/list.response.<format>` (GitBook).
pub fn docs_accounts() -> Vec<Account> {
    vec![
        docs_account(
            "2018-05-14T14:10:39.3637711+00:00",
            "967b8014-652d-4972-9fb6-c499c33634cb"
        );
        2
    ]
}

/// `accounts/get.response.<format>` (GitBook).
pub fn docs_account_get() -> Account {
    docs_account(
        "2018-05-14T14:10:41.1918293+00:00",
        "8f34e9b8-1e38-4780-b75f-37c9dc7b795f",
    )
}

/// `accounts/list.response.help-site.json`: the help site's newer members (`ResellerAccountID`,
/// `DestinationID`).
pub fn help_site_accounts() -> Vec<Account> {
    let mut d = account_destination(
        "94d9d625-48f9-4747-b36f-071e7edcc4ef",
        "sample string 3",
        "sample string 4",
    );
    d.destination_id = Some("02a28d1f-f812-42d0-9542-a82d500fc879".into());
    let mut a = docs_account("2019-08-29T10:53:23.1259132+00:00", "unused");
    a.reseller_account_id = Some("6afe36bf-7ec6-4710-8db2-dda8eea8e2cb".into());
    a.destinations = Some(vec![d; 2]);
    vec![a; 2]
}

/// `accounts/list-printed.response.<format>`: the account the GitBook list and get pages print
/// (`DateCreated` without an offset, a display name with a trailing space).
pub fn doc_example_account() -> Account {
    let id = "someID-79a0-4a52-88ed-36da652f4254";
    let mut a = from_json(Account::from_body, serde_json::json!({"AccountID": id}));
    a.date_created = Some(timestamp("2017-01-16T14:34:23.427"));
    a.display_name = Some("Azure ".into());
    a.storage_type = Some("AzureVM".into());
    a.destinations = Some(vec![account_destination(id, "main", "Azure ")]);
    a
}

/// `accounts/create.request.<format>`: every provider the 2018 help pages knew, the generator's
/// values (the same in both formats).
pub fn docs_new_account() -> NewAccount {
    let json = serde_json::json!({
        "DisplayName": "sample string 1",
        "Type": 0,
        "AccountSettings": {
            "AmazonS3": {"AccessKey": "sample string 1", "SecretKey": "sample string 2", "IsGovCloud": true},
            "Azure": {"AccountName": "sample string 1", "SharedKey": "sample string 2"},
            "OpenStack": {
                "IgnoreCertificate": true, "NotCheckCredentials": true,
                "UserName": "sample string 3", "ApiKey": "sample string 4",
                "AuthService": "sample string 5", "KeyStoneVersion": 0, "TenantType": 0,
                "Tenant": "sample string 6", "UseInternalURLs": true, "DomainType": 0,
                "Domain": "sample string 8", "UseScope": true, "ProjectType": 0,
                "Project": "sample string 10"
            },
            "Oracle": {
                "UserName": "sample string 1", "ApiKey": "sample string 2",
                "AuthService": "sample string 3", "KeyStoneVersion": 0, "TenantType": 0,
                "Tenant": "sample string 4", "UseInternalURLs": true, "DomainType": 0,
                "Domain": "sample string 6", "UseScope": true, "ProjectType": 0,
                "Project": "sample string 8"
            },
            "S3Compatible": s3_compatible_sample(),
            "Cloudian": s3_compatible_sample()
        }
    });
    from_json(NewAccount::from_body, json)
}

fn s3_compatible_sample() -> serde_json::Value {
    serde_json::json!({
        "UseNativeMultipartUpload": true, "HTTPEnpoint": "sample string 2",
        "HTTPSEndpoint": "sample string 3", "IgnoreCertificate": true,
        "NotCheckCredentials": true, "SignatureVersion": 2, "AccessKey": "sample string 6",
        "SecretKey": "sample string 7", "IsGovCloud": true
    })
}

/// `accounts/update.request.json`: the `editedAccount` of the GitBook "Edit an Account" page's
/// Python code (Amazon S3, `IsGovCloud` false).
pub fn docs_account_update() -> AccountUpdate {
    use mspbackups::models::{AccountSettings, AccountType, AmazonS3Settings};
    let mut settings = AccountSettings::new();
    settings.amazon_s3 = Some(AmazonS3Settings::new(
        "sampleIXPUW2UXRWQYYBYQ",
        "samplewed4kunLB+sxKPaRsEEfQe8J6Y33huFOWcZ4T",
    ));
    AccountUpdate::new(
        "MBSID-97f0-4df9-a867-f158ad01220d",
        NewAccount::new("My S3 account NEW", AccountType::AmazonS3, settings),
    )
}

/// The GitBook AddDestination and RemoveDestination samples: hand-made values in JSON, the
/// generator's in XML, the same account ID in both.
fn docs_destination_of_account(format: Format) -> (&'static str, &'static str, &'static str) {
    let id = "adfc2826-3776-4f36-985d-a95cd3b59894";
    match format {
        Format::Json => (id, "targetBucket", "Backup Container"),
        Format::Xml => (id, "sample string 2", "sample string 3"),
    }
}

fn new_account_destination(id: &str, destination: &str, display: &str) -> NewAccountDestination {
    let mut d = NewAccountDestination::new(guid(id), destination);
    d.destination_display_name = Some(display.into());
    d
}

/// `accounts/add_destination.request.<format>` (GitBook values; the XML under the help pages'
/// root `DestinationOfAccountCreate`).
pub fn docs_new_account_destination(format: Format) -> NewAccountDestination {
    let (id, destination, display) = docs_destination_of_account(format);
    new_account_destination(id, destination, display)
}

/// `accounts/add_destination.request.help-site.<format>` (both formats).
pub fn help_site_new_account_destination() -> NewAccountDestination {
    new_account_destination(
        "2da56775-bc76-4027-82e8-1f22f276f737",
        "sample string 2",
        "sample string 3",
    )
}

/// `accounts/add_destination.request.api-help.<format>` (both formats).
pub fn api_help_new_account_destination() -> NewAccountDestination {
    new_account_destination(
        "be6d5ef2-aad8-4614-a1cc-20f9bc05521c",
        "sample string 2",
        "sample string 3",
    )
}

/// `accounts/remove_destination.request.<format>` (GitBook).
pub fn docs_account_destination_to_remove(format: Format) -> AccountDestination {
    let (id, destination, display) = docs_destination_of_account(format);
    account_destination(id, destination, display)
}

/// The answer of AddDestination on the server's help page (`DestinationOfAccount` with its
/// `DestinationID`): `accounts/add_destination.response.*`, also the built
/// `accounts/create_destination.response.json` and `accounts/edit_destination.request.json`.
pub fn api_help_account_destination() -> AccountDestination {
    let mut d = account_destination(
        "61229be3-74ab-4b85-83a0-2ede17b43257",
        "sample string 3",
        "sample string 4",
    );
    d.destination_id = Some("41a7fb85-9a6d-4b0d-9f49-9cf3939690b9".into());
    d
}

/// `accounts/create_destination.request.<marker>.json`: the server's help page, every provider.
pub fn api_help_new_bucket() -> NewBucket {
    let bucket = serde_json::json!({"BucketName": "sample string 1", "UseImmutability": true});
    from_json(
        NewBucket::from_body,
        serde_json::json!({
            "AccountID": "ec88dfdb-f5c5-416b-81b8-c3cc89faa7c6",
            "DisplayName": "sample string 2",
            "DestinationSettings": {
                "GoogleCloudPlatform": {
                    "StorageClass": null, "RegionalLocation": 0,
                    "BucketName": "sample string 1", "UseImmutability": true
                },
                "AmazonS3": {
                    "UseS3TransferAcceleration": true, "Region": "sample string 2",
                    "BucketName": "sample string 3", "UseImmutability": true
                },
                "Wasabi": {
                    "Region": "sample string 1", "BucketName": "sample string 2",
                    "UseImmutability": true
                },
                "S3Compatible": bucket,
                "Azure": bucket,
                "B2": bucket
            }
        }),
    )
}

fn destination(account_id: &str, account: &str, destination: &str, display: &str) -> Destination {
    from_json(
        Destination::from_body,
        serde_json::json!({
            "AccountID": account_id, "AccountDisplayName": account,
            "Destination": destination, "DestinationDisplayName": display
        }),
    )
}

/// `destinations/list.response.<format>` (GitBook, both formats).
pub fn docs_destinations() -> Vec<Destination> {
    vec![
        destination(
            "sample string 1",
            "sample string 2",
            "sample string 3",
            "sample string 4"
        );
        2
    ]
}

/// `destinations/list-printed.response.<format>`: the destination the GitBook page prints.
pub fn doc_example_destination() -> Destination {
    destination(
        "Sample94bf5b06-79a0-4a52-88ed-36da6wer4",
        "Azure ",
        "main",
        "Azure ",
    )
}

/// `destinations/for_user.response.<format>` (GitBook, both formats): the generator's
/// destination, as in the Users samples.
pub fn docs_user_destinations() -> Vec<UserDestination> {
    vec![sample_destination("sample string 1"); 2]
}

/// `destinations/for_user-printed.response.<format>`: the destination the GitBook page prints.
pub fn doc_example_user_destination() -> UserDestination {
    let mut d = user_destination("sample-4240-bc15-474850696692", 13031, 27755);
    d.account_id = Some("sample37bb-4761-bc4e-f07ab8b7deb0".into());
    d.account_display_name = Some("test".into());
    d.destination = Some("seedingbucket".into());
    d.destination_display_name = Some("testStorage".into());
    d
}

/// `destinations/create.request.<format>`: JSON the GitBook sample's placeholders with the
/// integer `PackageID` of the page's Python code (27755), XML the generator's values.
pub fn docs_new_user_destination(format: Format) -> NewUserDestination {
    match format {
        Format::Json => {
            NewUserDestination::new("MBS user ID", "Storage Account ID", "Storage Bucket", 27755)
        }
        Format::Xml => {
            NewUserDestination::new("sample string 1", "sample string 2", "sample string 3", 4)
        }
    }
}

/// `destinations/update.request.json`: the `modifiedDestination` of the GitBook "Edit a User's
/// Destinations" page's Python code (its `"27755"` as the integer the model carries).
pub fn docs_user_destination_update() -> UserDestinationUpdate {
    let mut u = UserDestinationUpdate::new(
        "Destination ID. Cannot be modified.",
        "MBS user ID. Cannot be modified",
        "94bf5b06-79a0-4a52-88ed-3sample",
    );
    u.destination = Some("main".into());
    u.package_id = Some(27755);
    u
}

/// `monitoring/{list,for_user}.response.<format>`: the first record the GitBook Monitoring pages
/// print (no offset on `LastStart`, `None`s as null; no `PlanId`, `PlanType` or
/// `DetailedReportLink`, which the 2018 answer did not have).
pub fn doc_example_plan_run() -> PlanRun {
    let mut p = from_json(
        PlanRun::from_body,
        serde_json::json!({
            "Status": 0, "FilesCopied": 0, "FilesFailed": 0, "DataCopied": 0,
            "DataToBackup": 0, "TotalData": 0, "FilesScanned": 0, "FilesToBackup": 0
        }),
    );
    p.plan_name = Some("Anakonda backup".into());
    p.company_name = None;
    p.user_name = Some("roberttech".into());
    p.user_id = Some("someID-1ac6-42b9-8003-51808c40e077".into());
    p.computer_name = Some("roberts-mbp.dev.cbl.corp".into());
    p.build_version = Some("2.4.0.17".into());
    p.storage_type = Some("Cloud".into());
    p.last_start = Some(timestamp("2018-05-11T14:50:57"));
    p.next_start = None;
    p.status = mspbackups::models::PlanStatus::Success;
    p.error_message = None;
    p.files_copied = 3;
    p.files_failed = 0;
    p.data_copied = 531_582;
    p.duration = Some("15 second(s)".into());
    p.data_to_backup = 531_582;
    p.total_data = 2_425_390;
    p.files_scanned = 82;
    p.files_to_backup = 3;
    p
}

/// A billing report from its totals and rows; each row is `(user ID, e-mail, first name, last
/// name, company, average space, restored volume, [plan, storage, restore, total cost],
/// licenses)`.
type BillingRow<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    i64,
    i64,
    [&'a str; 4],
    i64,
);

fn billing_report(totals: [i64; 3], rows: &[BillingRow<'_>]) -> BillingReport {
    let mut r = from_json(
        BillingReport::from_body,
        serde_json::json!({"CurrentSpaceUsed": 0, "AverageSpaceUsed": 0, "TotalRestore": 0}),
    );
    [r.current_space_used, r.average_space_used, r.total_restore] = totals;
    r.statistic_billing = Some(
        rows.iter()
            .map(
                |&(id, email, first, last, company, space, restore, costs, licenses)| {
                    let mut u = from_json(
                        mspbackups::models::UserBilling::from_body,
                        serde_json::json!({
                            "UserId": id, "AverageSpace": 0, "TotalVolumeRestore": 0,
                            "PlanCost": 0, "StorageCost": 0, "RestoreCost": 0, "TotalCost": 0,
                            "LicensesUsed": 0
                        }),
                    );
                    u.email = Some(email.into());
                    u.first_name = Some(first.into());
                    u.last_name = Some(last.into());
                    u.company_name = company.map(str::to_owned);
                    u.average_space = space;
                    u.total_volume_restore = restore;
                    [u.plan_cost, u.storage_cost, u.restore_cost, u.total_cost] =
                        costs.map(decimal);
                    u.licenses_used = licenses;
                    u
                },
            )
            .collect(),
    );
    r
}

/// `billing/get.response.<format>` (GitBook): the costs are `8.0` … in JSON, `8` … in XML.
pub fn docs_billing_report(format: Format) -> BillingReport {
    let costs = match format {
        Format::Json => ["8.0", "9.0", "10.0", "11.0"],
        Format::Xml => ["8", "9", "10", "11"],
    };
    let row = (
        "e9e498ce-4cec-4df7-83d4-c7065143795e",
        "sample string 2",
        "sample string 3",
        "sample string 4",
        Some("sample string 5"),
        6,
        7,
        costs,
        12,
    );
    billing_report([1, 2, 3], &[row, row])
}

/// The costs of the printed billing examples (`1.0`, `0.0`, `0.0`, `1.0`), as each format writes
/// them.
fn printed_costs(format: Format) -> [&'static str; 4] {
    match format {
        Format::Json => ["1.0", "0.0", "0.0", "1.0"],
        Format::Xml => ["1", "0", "0", "1"],
    }
}

/// `billing/get-printed.response.<format>`: the first row the GitBook "Get Billing for the
/// Current Month" page prints (`CompanyName` None).
pub fn doc_example_billing_report(format: Format) -> BillingReport {
    billing_report(
        [77_060_622, 71_852_916, 0],
        &[(
            "sample-7567-4965-8c8a-bee5bf6b056d",
            "user",
            "John",
            "Techhead",
            None,
            0,
            0,
            printed_costs(format),
            0,
        )],
    )
}

/// `billing/filter.response.<format>`: the report the GitBook "Get Filtered Billing Records"
/// page prints.
pub fn doc_example_filtered_billing(format: Format) -> BillingReport {
    billing_report(
        [0, 0, 0],
        &[(
            "someID-f98c-4fbd-aa0d-b1b5551f2df3",
            "zakiev@me.com",
            "Robert",
            "Zakiev",
            Some("QA team"),
            0,
            0,
            printed_costs(format),
            0,
        )],
    )
}

/// `billing/filter.request.<format>` (GitBook): JSON `Los Pollos Hermanos`, XML the generator's
/// company name; the same date.
pub fn docs_billing_filter(format: Format) -> BillingFilter {
    let mut f = BillingFilter::new();
    f.company_name = Some(
        match format {
            Format::Json => "Los Pollos Hermanos",
            Format::Xml => "sample string 1",
        }
        .into(),
    );
    f.date = Some(timestamp("2018-05-15T12:38:46.8345309+00:00"));
    f
}

/// `billing/details.request.<marker>.<format>`: the GitBook sample (`docs` and the section page's
/// copy) or the server's help page (`api-help`).
pub fn docs_billing_details_filter(api_help: bool) -> BillingDetailsFilter {
    let (id, date) = if api_help {
        (
            "2ec611ea-953e-44f1-bdbf-0f6ff0e2e6eb",
            "2025-04-04T18:06:59.1208985Z",
        )
    } else {
        (
            "4bf78e21-96e4-4033-8658-ab1ac6882039",
            "2018-05-15T12:38:47.3032803+00:00",
        )
    };
    let mut f = BillingDetailsFilter::new(guid(id));
    f.date = Some(timestamp(date));
    f
}

/// One row of a user's billing details: `(computer, backup size, restore size, prefix, account
/// ID, destination)`.
type DetailRow<'a> = (Option<&'a str>, i64, i64, Option<&'a str>, &'a str, &'a str);

fn billing_details(totals: [i64; 2], user_id: &str, rows: &[DetailRow<'_>]) -> BillingDetails {
    let mut d = from_json(
        BillingDetails::from_body,
        serde_json::json!({"TotalBackupBytes": 0, "TotalRestoreBytes": 0, "UserID": user_id}),
    );
    [d.total_backup_bytes, d.total_restore_bytes] = totals;
    d.user_detail_list = Some(
        rows.iter()
            .map(
                |&(computer, backup, restore, prefix, account, destination)| {
                    from_json(
                        mspbackups::models::UserBillingDetail::from_body,
                        serde_json::json!({
                            "Computer": computer, "SizeBackup": backup, "SizeRestore": restore,
                            "Prefix": prefix, "AccountID": account, "Destination": destination
                        }),
                    )
                },
            )
            .collect(),
    );
    d
}

/// `billing/details.response.<marker>.<format>`: the GitBook sample (`docs`, the section page's
/// copy) or the server's help page (`api-help`).
pub fn docs_billing_details(api_help: bool) -> BillingDetails {
    let (user, account) = if api_help {
        (
            "bf5c856f-4871-4f18-b239-db6774c70df8",
            "71807384-a7cf-4c5f-abcb-50dbc338e7d7",
        )
    } else {
        (
            "425a1173-c4a2-48d3-96fc-59f367bf7a2b",
            "0beeabc4-bdd4-4741-88b8-d3883ae090b1",
        )
    };
    let row = (
        Some("sample string 1"),
        2,
        3,
        Some("sample string 4"),
        account,
        "sample string 6",
    );
    billing_details([1, 2], user, &[row, row])
}

/// `billing/details-printed.response.<format>`: what the GitBook "Get Billing Details" page
/// prints (`Computer` and `Prefix` None).
pub fn doc_example_billing_details() -> BillingDetails {
    billing_details(
        [0, 0],
        "someID-f98c-4fbd-aa0d-b1b5551f2df3",
        &[(
            None,
            0,
            0,
            None,
            "someID-dd51-45bf-9e2b-91f0ff9b5e41",
            "Cloud Account (bucketName)",
        )],
    )
}

fn build(kind: &str, version: &str, link: &str) -> Build {
    from_json(
        Build::from_body,
        serde_json::json!({"Type": kind, "Version": version, "DownloadLink": link}),
    )
}

/// `builds/list.response.<format>` (GitBook, both formats).
pub fn docs_builds() -> Vec<Build> {
    vec![build("sample string 1", "sample string 2", "sample string 3"); 2]
}

/// `builds/list-printed.response.<format>`: the two builds the GitBook page prints.
pub fn doc_example_builds() -> Vec<Build> {
    let base = "http://s3.amazonaws.com/cb_setups/MBS/B91F2C34-88AD-43C0-8648/";
    vec![
        build(
            "Windows",
            "5.8.6.28",
            &format!(
                "{base}CBLCompanyonlinebackup_v5.8.6.28_netv4.0_ALLEDITIONS_Setup_20180503154124.exe"
            ),
        ),
        build(
            "macOS",
            "2.4.0.17",
            &format!("{base}mac_CBLCompany_onlinebackup_v2.4.0.17_20180503154137.pkg"),
        ),
    ]
}

/// `builds/request_custom.request.<format>` (GitBook): JSON editions 0, 2, 5 (Windows, macOS,
/// Dedup Server), XML the generator's two Windows; `Custom` in both.
pub fn docs_build_request(format: Format) -> BuildRequest {
    let editions = match format {
        Format::Json => vec![
            BuildEdition::Windows,
            BuildEdition::MacOS,
            BuildEdition::DedupServer,
        ],
        Format::Xml => vec![BuildEdition::Windows; 2],
    };
    BuildRequest::new(editions, BuildType::Custom)
}

/// `builds/available_versions.response.<format>`: JSON the GitBook sample (a Python list, see
/// fixtures/README.md) corrected, XML the generator's two Windows.
pub fn docs_edition_versions(format: Format) -> Vec<EditionVersion> {
    let version = |kind: i32, v: &str| {
        from_json(
            EditionVersion::from_body,
            serde_json::json!({"Type": kind, "Version": v}),
        )
    };
    match format {
        Format::Json => vec![
            version(0, "5.9.0.274"),
            version(1, "5.9.0.274"),
            version(2, "2.4.3.11"),
            version(3, "2.4.3.11"),
            version(4, "2.4.3.11"),
            version(5, "2.3.1.42"),
        ],
        Format::Xml => vec![version(0, "sample string 1"); 2],
    }
}
