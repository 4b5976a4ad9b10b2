//! One protocol test for every route the crate covers: the rows come from `route::all()`, one per
//! route per format, and a route without a sample input here fails the test by name.
//!
//! Each row calls the route's handler against a mockito server and checks what arrived: method,
//! path (parameters percent-encoded), the query (the parameters of a template that has one, such
//! as Destinations delete's `?userId=`, by name and percent-encoded; no query for every other
//! route), `Accept`, `Content-Type`, `Authorization` (the bearer token for routes that need it,
//! absent for the login) and the body, byte for byte equal to the route's request fixture
//! (`fixtures/<group>/<operation>.request.<ext>`). The server then answers the route's response
//! fixture, and the value the handler returns must equal the value decoded from that fixture
//! directly.
//!
//! Routes that speak JSON only (`Route::json_only`: documented so, like the Computers routes and
//! the accounts' CreateDestination, or with no documented XML contract, like the administrators',
//! accounts' and destinations' updates and the accounts' EditDestination) are checked to send
//! JSON (`Accept`, `Content-Type`, the `.json` request fixture) and to read their JSON answer
//! whatever the client's format. A route whose answer the docs don't document (`OptionalId`:
//! companies' create) is answered with an empty 200.

mod common;

use std::sync::{Arc, Mutex};

use common::{
    TOKEN, api_help_account_destination, api_help_new_bucket, client,
    docs_account_destination_to_remove, docs_account_update, docs_administrator_update,
    docs_authorization, docs_billing_details_filter, docs_billing_filter, docs_build_request,
    docs_computers_to_delete, docs_new_account, docs_new_account_destination,
    docs_new_administrator, docs_new_package, docs_new_user, docs_new_user_destination,
    docs_package_update, docs_user_auth, docs_user_destination_update, docs_user_update, ext,
    fixture, fixture_body, help_site_company_update, help_site_new_company, response_type,
};
use mockito::Matcher;
use mspbackups::models::{
    Account, AccountDestination, Administrator, AuthorizationResult, BillingDetails, BillingReport,
    Build, Company, Computer, ComputersPage, Destination, EditionVersion, License, Package,
    PlanRun, Token, User, UserComputer, UserDestination,
};
use mspbackups::route::{self, AnswerShape, BodyShape, Route};
use mspbackups::{Client, Error, Format, LicenseOperation};

/// What a handler returned, or what a response fixture decodes to.
#[derive(Debug, PartialEq)]
enum Answer {
    Nothing,
    Licenses(Vec<License>),
    License(Option<License>),
    Users(Vec<User>),
    User(Option<User>),
    Computers(Vec<UserComputer>),
    Id(String),
    Token(Token),
    Companies(Vec<Company>),
    Company(Option<Company>),
    Administrators(Vec<Administrator>),
    Administrator(Option<Administrator>),
    Packages(Vec<Package>),
    Package(Option<Package>),
    ComputersPage(ComputersPage),
    Computer(Option<Computer>),
    Authorization(AuthorizationResult),
    Accounts(Vec<Account>),
    Account(Option<Account>),
    AccountDestination(Option<AccountDestination>),
    Destinations(Vec<Destination>),
    UserDestinations(Vec<UserDestination>),
    PlanRuns(Vec<PlanRun>),
    BillingReport(BillingReport),
    BillingDetails(BillingDetails),
    Builds(Vec<Build>),
    EditionVersions(Vec<EditionVersion>),
}

/// A route's sample input, keyed by (group, operation).
struct Sample {
    /// The path parameters passed to the handler.
    params: &'static [&'static str],
    /// The path that must arrive, written out by hand (parameters percent-encoded).
    path: String,
    /// The fixture stem the request body must equal, when not the route's own
    /// (`Route::fixture()`).
    body_fixture: Option<&'static str>,
    /// Calls the route's handler with the sample input.
    call: fn(&Client, Format, &[&str]) -> Result<Answer, Error>,
    /// Decodes the route's response fixture directly, without a client.
    decode: fn(Format, &[u8]) -> Answer,
}

/// An ID with a space, a slash, non-ASCII letters, a percent sign, `?` and `#`.
const ODD_ID: &str = "id 1/ü€%?#";
const ODD_ID_SENT: &str = "id%201%2F%C3%BC%E2%82%AC%25%3F%23";
/// A login with `+` and `@` (a user's destinations are looked up by e-mail).
const ODD_EMAIL: &str = "a+b@example.com";
const ODD_EMAIL_SENT: &str = "a%2Bb%40example.com";
/// A query value with the characters that end or split a query pair (`&`, `=`, `+`, `#`).
const ODD_QUERY: &str = "user 2&x=y+z#";
const ODD_QUERY_SENT: &str = "user%202%26x%3Dy%2Bz%23";

/// The odd values the rows pass and how they must arrive.
const ODD_VALUES: [(&str, &str); 3] = [
    (ODD_ID, ODD_ID_SENT),
    (ODD_EMAIL, ODD_EMAIL_SENT),
    (ODD_QUERY, ODD_QUERY_SENT),
];

/// The license operation of the grant and revoke samples.
fn op() -> LicenseOperation {
    LicenseOperation::new("sample string 1", "sample string 2")
}

fn no_body(_: Format, _: &[u8]) -> Answer {
    Answer::Nothing
}

fn licenses(format: Format, body: &[u8]) -> Answer {
    Answer::Licenses(License::list_from_body(format, body).unwrap())
}

fn users(format: Format, body: &[u8]) -> Answer {
    Answer::Users(User::list_from_body(format, body).unwrap())
}

fn packages(format: Format, body: &[u8]) -> Answer {
    Answer::Packages(Package::list_from_body(format, body).unwrap())
}

fn one_user(format: Format, body: &[u8]) -> Answer {
    Answer::User(Some(User::from_body(format, body).unwrap()))
}

/// The new ID in a create answer: a JSON string, or a serialized `<string>`.
fn new_id(format: Format, body: &[u8]) -> Answer {
    let text = std::str::from_utf8(body).unwrap().trim_end();
    Answer::Id(match format {
        Format::Json => serde_json::from_str(text).unwrap(),
        Format::Xml => text
            .strip_prefix(r#"<string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">"#)
            .and_then(|t| t.strip_suffix("</string>"))
            .unwrap()
            .to_owned(),
    })
}

fn sample(group: &str, operation: &str) -> Option<Sample> {
    Some(match (group, operation) {
        ("Provider", "login") => Sample {
            params: &[],
            path: "/api/Provider/Login".into(),
            body_fixture: None,
            call: |c, _, _| c.login().map(Answer::Token),
            decode: |_, body| Answer::Token(Token::from_body(body).unwrap()),
        },
        ("Licenses", "list") => Sample {
            params: &[],
            path: "/api/Licenses".into(),
            body_fixture: None,
            call: |c, _, _| c.licenses().list().map(Answer::Licenses),
            decode: licenses,
        },
        ("Licenses", "get") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Licenses/{ODD_ID_SENT}"),
            body_fixture: None,
            call: |c, _, p| c.licenses().get(p[0]).map(Answer::License),
            decode: |f, body| Answer::License(Some(License::from_body(f, body).unwrap())),
        },
        ("Licenses", "grant") => Sample {
            params: &[],
            path: "/api/Licenses/Grant".into(),
            body_fixture: None,
            call: |c, _, _| c.licenses().grant(&op()).map(|()| Answer::Nothing),
            decode: no_body,
        },
        // The release page's own sample differs from the grant sample in Markdown whitespace
        // only (fixtures/README.md); the body is the grant sample's, byte for byte.
        ("Licenses", "release") => Sample {
            params: &[],
            path: "/api/Licenses/Release".into(),
            body_fixture: Some("licenses/grant"),
            call: |c, _, _| c.licenses().release(&op()).map(|()| Answer::Nothing),
            decode: no_body,
        },
        ("Licenses", "revoke") => Sample {
            params: &[],
            path: "/api/Licenses/Revoke".into(),
            body_fixture: None,
            call: |c, _, _| c.licenses().revoke(&op()).map(|()| Answer::Nothing),
            decode: no_body,
        },
        ("Users", "list") => Sample {
            params: &[],
            path: "/api/Users".into(),
            body_fixture: None,
            call: |c, _, _| c.users().list().map(Answer::Users),
            decode: users,
        },
        ("Users", "get") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Users/{ODD_ID_SENT}"),
            body_fixture: None,
            call: |c, _, p| c.users().get(p[0]).map(Answer::User),
            decode: one_user,
        },
        ("Users", "create") => Sample {
            params: &[],
            path: "/api/Users".into(),
            body_fixture: None,
            call: |c, _, _| c.users().create(&docs_new_user()).map(Answer::Id),
            decode: new_id,
        },
        ("Users", "update") => Sample {
            params: &[],
            path: "/api/Users".into(),
            body_fixture: None,
            call: |c, _, _| {
                c.users()
                    .update(&docs_user_update())
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        ("Users", "authenticate") => Sample {
            params: &[],
            path: "/api/Users/Authenticate".into(),
            body_fixture: None,
            call: |c, _, _| c.users().authenticate(&docs_user_auth()).map(Answer::User),
            decode: one_user,
        },
        ("Users", "delete_account") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Users/{ODD_ID_SENT}/Account"),
            body_fixture: None,
            call: |c, _, p| c.users().delete_account(p[0]).map(|()| Answer::Nothing),
            decode: no_body,
        },
        ("Users", "delete") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Users/{ODD_ID_SENT}"),
            body_fixture: None,
            call: |c, _, p| c.users().delete(p[0]).map(|()| Answer::Nothing),
            decode: no_body,
        },
        ("Users", "computers") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Users/{ODD_ID_SENT}/Computers"),
            body_fixture: None,
            call: |c, _, p| c.users().computers(p[0]).map(Answer::Computers),
            decode: |f, body| Answer::Computers(UserComputer::list_from_body(f, body).unwrap()),
        },
        ("Users", "delete_computers") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Users/{ODD_ID_SENT}/Computers"),
            body_fixture: None,
            call: |c, f, p| {
                c.users()
                    .delete_computers(p[0], &docs_computers_to_delete(f))
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        ("Companies", "list") => Sample {
            params: &[],
            path: "/api/Companies".into(),
            body_fixture: None,
            call: |c, _, _| c.companies().list().map(Answer::Companies),
            decode: |f, body| Answer::Companies(Company::list_from_body(f, body).unwrap()),
        },
        ("Companies", "get") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Companies/{ODD_ID_SENT}"),
            body_fixture: None,
            call: |c, _, p| c.companies().get(p[0]).map(Answer::Company),
            decode: |f, body| Answer::Company(Some(Company::from_body(f, body).unwrap())),
        },
        // The docs don't say what create answers; an empty 200 is `None`.
        ("Companies", "create") => Sample {
            params: &[],
            path: "/api/Companies".into(),
            body_fixture: None,
            call: |c, f, _| {
                c.companies()
                    .create(&help_site_new_company(f))
                    .map(|id| id.map_or(Answer::Nothing, Answer::Id))
            },
            decode: no_body,
        },
        ("Companies", "update") => Sample {
            params: &[],
            path: "/api/Companies".into(),
            body_fixture: None,
            call: |c, f, _| {
                c.companies()
                    .update(&help_site_company_update(f))
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        ("Companies", "delete") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Companies/{ODD_ID_SENT}"),
            body_fixture: None,
            call: |c, _, p| c.companies().delete(p[0]).map(|()| Answer::Nothing),
            decode: no_body,
        },
        ("Administrators", "list") => Sample {
            params: &[],
            path: "/api/Administrators".into(),
            body_fixture: None,
            call: |c, _, _| c.administrators().list().map(Answer::Administrators),
            decode: |f, body| {
                Answer::Administrators(Administrator::list_from_body(f, body).unwrap())
            },
        },
        // The fixture is the doc example's one-element list; the handler answers its item.
        ("Administrators", "get") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Administrators/{ODD_ID_SENT}"),
            body_fixture: None,
            call: |c, _, p| c.administrators().get(p[0]).map(Answer::Administrator),
            decode: |f, body| {
                Answer::Administrator(
                    Administrator::list_from_body(f, body)
                        .unwrap()
                        .into_iter()
                        .next(),
                )
            },
        },
        ("Administrators", "create") => Sample {
            params: &[],
            path: "/api/Administrators".into(),
            body_fixture: None,
            call: |c, f, _| {
                c.administrators()
                    .create(&docs_new_administrator(f))
                    .map(Answer::Id)
            },
            decode: new_id,
        },
        // JSON only: `administrators/update.request.json` in both client formats.
        ("Administrators", "update") => Sample {
            params: &[],
            path: "/api/Administrators".into(),
            body_fixture: None,
            call: |c, _, _| {
                c.administrators()
                    .update(&docs_administrator_update())
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        ("Administrators", "delete") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Administrators/{ODD_ID_SENT}"),
            body_fixture: None,
            call: |c, _, p| c.administrators().delete(p[0]).map(|()| Answer::Nothing),
            decode: no_body,
        },
        ("Packages", "list") => Sample {
            params: &[],
            path: "/api/Packages".into(),
            body_fixture: None,
            call: |c, _, _| c.packages().list().map(Answer::Packages),
            decode: packages,
        },
        // The docs' sample for the single get is an array: the handler answers its first item.
        ("Packages", "get") => Sample {
            params: &["44988"],
            path: "/api/Packages/44988".into(),
            body_fixture: None,
            call: |c, _, p| c.packages().get(p[0].parse().unwrap()).map(Answer::Package),
            decode: |f, body| {
                Answer::Package(Package::list_from_body(f, body).unwrap().into_iter().next())
            },
        },
        ("Packages", "for_user") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Packages/{ODD_ID_SENT}"),
            body_fixture: None,
            call: |c, _, p| c.packages().for_user(p[0]).map(Answer::Packages),
            decode: packages,
        },
        ("Packages", "create") => Sample {
            params: &[],
            path: "/api/Packages".into(),
            body_fixture: None,
            call: |c, f, _| {
                c.packages()
                    .create(&docs_new_package(f))
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        ("Packages", "update") => Sample {
            params: &[],
            path: "/api/Packages".into(),
            body_fixture: None,
            call: |c, f, _| {
                c.packages()
                    .update(&docs_package_update(f))
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        ("Packages", "delete") => Sample {
            params: &["44988"],
            path: "/api/Packages/44988".into(),
            body_fixture: None,
            call: |c, _, p| {
                c.packages()
                    .delete(p[0].parse().unwrap())
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        ("Computers", "page") => Sample {
            params: &["0", "2"],
            path: "/api/Computers/0/2".into(),
            body_fixture: None,
            call: |c, _, p| {
                c.computers()
                    .page(p[0].parse().unwrap(), p[1].parse().unwrap())
                    .map(Answer::ComputersPage)
            },
            decode: |f, body| Answer::ComputersPage(ComputersPage::from_body(f, body).unwrap()),
        },
        ("Computers", "get") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Computers/{ODD_ID_SENT}"),
            body_fixture: None,
            call: |c, _, p| c.computers().get(p[0]).map(Answer::Computer),
            decode: |f, body| Answer::Computer(Some(Computer::from_body(f, body).unwrap())),
        },
        ("Computers", "authorize") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Computers/{ODD_ID_SENT}/authorization"),
            body_fixture: None,
            call: |c, _, p| {
                c.computers()
                    .authorize(p[0], &docs_authorization())
                    .map(Answer::Authorization)
            },
            decode: |f, body| {
                Answer::Authorization(AuthorizationResult::from_body(f, body).unwrap())
            },
        },
        ("Accounts", "list") => Sample {
            params: &[],
            path: "/api/Accounts".into(),
            body_fixture: None,
            call: |c, _, _| c.accounts().list().map(Answer::Accounts),
            decode: |f, body| Answer::Accounts(Account::list_from_body(f, body).unwrap()),
        },
        // The GitBook sample is one object (its printed example is a list: accounts/list-printed).
        ("Accounts", "get") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Accounts/{ODD_ID_SENT}"),
            body_fixture: None,
            call: |c, _, p| c.accounts().get(p[0]).map(Answer::Account),
            decode: |f, body| Answer::Account(Some(Account::from_body(f, body).unwrap())),
        },
        ("Accounts", "create") => Sample {
            params: &[],
            path: "/api/Accounts".into(),
            body_fixture: None,
            call: |c, _, _| {
                c.accounts()
                    .create(&docs_new_account())
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        // JSON only: the create body plus `AccountID` (built, fixtures/README.md).
        ("Accounts", "update") => Sample {
            params: &[],
            path: "/api/Accounts".into(),
            body_fixture: None,
            call: |c, _, _| {
                c.accounts()
                    .update(&docs_account_update())
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        // Newer servers answer the created destination (the server's help page's sample).
        ("Accounts", "add_destination") => Sample {
            params: &[],
            path: "/api/Accounts/AddDestination".into(),
            body_fixture: None,
            call: |c, f, _| {
                c.accounts()
                    .add_destination(&docs_new_account_destination(f))
                    .map(Answer::AccountDestination)
            },
            decode: |f, body| {
                Answer::AccountDestination(Some(AccountDestination::from_body(f, body).unwrap()))
            },
        },
        ("Accounts", "remove_destination") => Sample {
            params: &[],
            path: "/api/Accounts/RemoveDestination".into(),
            body_fixture: None,
            call: |c, f, _| {
                c.accounts()
                    .remove_destination(&docs_account_destination_to_remove(f))
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        // JSON only (known from the vendor's PowerShell module): a `DestinationOfAccount` with
        // its `DestinationID`.
        ("Accounts", "edit_destination") => Sample {
            params: &[],
            path: "/api/Accounts/EditDestination".into(),
            body_fixture: None,
            call: |c, _, _| {
                c.accounts()
                    .edit_destination(&api_help_account_destination())
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        // JSON only, as documented; answers the created destination.
        ("Accounts", "create_destination") => Sample {
            params: &[],
            path: "/api/Accounts/CreateDestination".into(),
            body_fixture: None,
            call: |c, _, _| {
                c.accounts()
                    .create_destination(&api_help_new_bucket())
                    .map(|d| Answer::AccountDestination(Some(d)))
            },
            decode: |f, body| {
                Answer::AccountDestination(Some(AccountDestination::from_body(f, body).unwrap()))
            },
        },
        ("Destinations", "list") => Sample {
            params: &[],
            path: "/api/Destinations".into(),
            body_fixture: None,
            call: |c, _, _| c.destinations().list().map(Answer::Destinations),
            decode: |f, body| Answer::Destinations(Destination::list_from_body(f, body).unwrap()),
        },
        // By the user's login: `+` and `@` percent-encoded.
        ("Destinations", "for_user") => Sample {
            params: &[ODD_EMAIL],
            path: format!("/api/Destinations/{ODD_EMAIL_SENT}"),
            body_fixture: None,
            call: |c, _, p| {
                c.destinations()
                    .for_user(p[0])
                    .map(Answer::UserDestinations)
            },
            decode: |f, body| {
                Answer::UserDestinations(UserDestination::list_from_body(f, body).unwrap())
            },
        },
        ("Destinations", "create") => Sample {
            params: &[],
            path: "/api/Destinations".into(),
            body_fixture: None,
            call: |c, f, _| {
                c.destinations()
                    .create(&docs_new_user_destination(f))
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        // JSON only: no model name documented (built from the GitBook page's Python code).
        ("Destinations", "update") => Sample {
            params: &[],
            path: "/api/Destinations".into(),
            body_fixture: None,
            call: |c, _, _| {
                c.destinations()
                    .update(&docs_user_destination_update())
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        // The destination's ID in the path, the user's in the query string.
        ("Destinations", "delete") => Sample {
            params: &[ODD_ID, ODD_QUERY],
            path: format!("/api/Destinations/{ODD_ID_SENT}?userId={ODD_QUERY_SENT}"),
            body_fixture: None,
            call: |c, _, p| {
                c.destinations()
                    .delete(p[0], p[1])
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        // Built from the GitBook page's printed record (no sample in any source).
        ("Monitoring", "list") => Sample {
            params: &[],
            path: "/api/Monitoring".into(),
            body_fixture: None,
            call: |c, _, _| c.monitoring().list().map(Answer::PlanRuns),
            decode: |f, body| Answer::PlanRuns(PlanRun::list_from_body(f, body).unwrap()),
        },
        ("Monitoring", "for_user") => Sample {
            params: &[ODD_ID],
            path: format!("/api/Monitoring/{ODD_ID_SENT}"),
            body_fixture: None,
            call: |c, _, p| c.monitoring().for_user(p[0]).map(Answer::PlanRuns),
            decode: |f, body| Answer::PlanRuns(PlanRun::list_from_body(f, body).unwrap()),
        },
        ("Billing", "get") => Sample {
            params: &[],
            path: "/api/Billing".into(),
            body_fixture: None,
            call: |c, _, _| c.billing().get().map(Answer::BillingReport),
            decode: |f, body| Answer::BillingReport(BillingReport::from_body(f, body).unwrap()),
        },
        // A PUT that only reads; the answer is the page's printed report (built).
        ("Billing", "filter") => Sample {
            params: &[],
            path: "/api/Billing".into(),
            body_fixture: None,
            call: |c, f, _| {
                c.billing()
                    .filter(&docs_billing_filter(f))
                    .map(Answer::BillingReport)
            },
            decode: |f, body| Answer::BillingReport(BillingReport::from_body(f, body).unwrap()),
        },
        ("Billing", "details") => Sample {
            params: &[],
            path: "/api/Billing/Details".into(),
            body_fixture: None,
            call: |c, _, _| {
                c.billing()
                    .details(&docs_billing_details_filter(false))
                    .map(Answer::BillingDetails)
            },
            decode: |f, body| Answer::BillingDetails(BillingDetails::from_body(f, body).unwrap()),
        },
        ("Builds", "list") => Sample {
            params: &[],
            path: "/api/Builds".into(),
            body_fixture: None,
            call: |c, _, _| c.builds().list().map(Answer::Builds),
            decode: |f, body| Answer::Builds(Build::list_from_body(f, body).unwrap()),
        },
        ("Builds", "request_custom") => Sample {
            params: &[],
            path: "/api/Builds/RequestCustomBuilds".into(),
            body_fixture: None,
            call: |c, f, _| {
                c.builds()
                    .request_custom(&docs_build_request(f))
                    .map(|()| Answer::Nothing)
            },
            decode: no_body,
        },
        ("Builds", "available_versions") => Sample {
            params: &[],
            path: "/api/Builds/AvailableVersions".into(),
            body_fixture: None,
            call: |c, _, _| c.builds().available_versions().map(Answer::EditionVersions),
            decode: |f, body| {
                Answer::EditionVersions(EditionVersion::list_from_body(f, body).unwrap())
            },
        },
        _ => return None,
    })
}

/// `%XX` escapes decoded (the test's own decoder, independent of the crate's).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// What the mock server saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path_and_query: String,
    accept: Vec<String>,
    content_type: Vec<String>,
    authorization: Vec<String>,
    body: Vec<u8>,
}

/// Runs one row; returns what is wrong with it.
fn run_row(route: &Route, format: Format, sample: &Sample) -> Vec<String> {
    let mut problems = Vec::new();
    let row = format!("{} {} ({format})", route.group, route.operation);
    let mut server = mockito::Server::new();
    // What goes over the wire: JSON for a JSON-only route, whatever the client's format.
    let wire = if route.json_only {
        Format::Json
    } else {
        format
    };

    // The answer the server gives: the route's response fixture, or nothing (also for an answer
    // the docs don't document).
    let response = match route.answer {
        AnswerShape::Empty | AnswerShape::OptionalId => None,
        // The login answers OAuth JSON whatever the requested format.
        AnswerShape::Token => Some((
            fixture(&format!("{}.response.json", route.fixture())),
            "application/json;charset=UTF-8",
        )),
        _ => Some((
            fixture(&format!("{}.response.{}", route.fixture(), ext(wire))),
            response_type(wire),
        )),
    };
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let log = Arc::clone(&seen);
    let answer_body = response.as_ref().map(|r| r.0.clone()).unwrap_or_default();
    let mut mock = server
        .mock(route.method.as_str(), Matcher::Any)
        .with_status(200)
        .with_body_from_request(move |req| {
            let header = |name: &str| {
                req.header(name)
                    .iter()
                    .map(|v| v.to_str().unwrap_or("<not UTF-8>").to_owned())
                    .collect()
            };
            log.lock().unwrap().push(Seen {
                method: req.method().to_owned(),
                path_and_query: req.path_and_query().to_owned(),
                accept: header("accept"),
                content_type: header("content-type"),
                authorization: header("authorization"),
                body: req.body().cloned().unwrap_or_default(),
            });
            answer_body.clone()
        });
    if let Some((_, content_type)) = &response {
        mock = mock.with_header("content-type", content_type);
    }
    let mock = mock.expect(1).create();

    let client = if route.auth {
        client(&server.url(), format)
    } else {
        // The login: API credentials instead of a token (the help-site sample's values).
        Client::builder()
            .base_url(server.url())
            .credentials("sample string 1", "sample string 2")
            .format(format)
            .no_proxy()
            .build()
            .unwrap()
    };
    let answer = (sample.call)(&client, format, sample.params);

    let seen = seen.lock().unwrap().clone();
    let [seen] = seen.as_slice() else {
        problems.push(format!("{row}: {} requests arrived, not 1", seen.len()));
        return problems;
    };
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(format!("{row}: {what}"));
        }
    };
    check(
        seen.method == route.method.as_str(),
        format!("method {}", seen.method),
    );
    check(
        seen.path_and_query == sample.path,
        format!("path {:?}, expected {:?}", seen.path_and_query, sample.path),
    );
    // The path part gives back the path parameters; the query (only for routes whose template
    // has one) the query parameters, by name, in order.
    let (path, query) = match seen.path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (seen.path_and_query.as_str(), None),
    };
    let query_names: Vec<&str> = route.query_names().collect();
    let (path_params, query_params) = sample
        .params
        .split_at(sample.params.len() - query_names.len());
    check(
        route.matches(path) == Some(path_params.iter().map(|p| p.to_string()).collect()),
        format!("the route doesn't match the path it sent back to {path_params:?}"),
    );
    match query {
        None => check(
            query_names.is_empty(),
            format!("no query, expected {query_names:?}"),
        ),
        Some(query) => {
            let pairs: Vec<(String, String)> = query
                .split('&')
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (percent_decode(name), percent_decode(value))
                })
                .collect();
            let expected: Vec<(String, String)> = query_names
                .iter()
                .zip(query_params)
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            check(
                !query_names.is_empty() && pairs == expected,
                format!("query {pairs:?}, expected {expected:?}"),
            );
        }
    }
    check(
        seen.accept == [wire.media_type()],
        format!("Accept {:?}", seen.accept),
    );
    if route.json_only {
        check(
            seen.accept == [Format::Json.media_type()],
            format!("a JSON-only route asked for {:?}", seen.accept),
        );
    }
    let bearer = format!("Bearer {TOKEN}");
    let expected_auth: Vec<String> = if route.auth { vec![bearer] } else { vec![] };
    check(
        seen.authorization == expected_auth,
        format!(
            "Authorization {:?}, expected {}",
            seen.authorization
                .iter()
                .map(|a| a.replace(TOKEN, "<token>"))
                .collect::<Vec<_>>(),
            if route.auth {
                "the bearer token"
            } else {
                "none"
            }
        ),
    );
    match route.body {
        BodyShape::None => {
            check(
                seen.content_type.is_empty(),
                format!("Content-Type {:?} without a body", seen.content_type),
            );
            check(
                seen.body.is_empty(),
                format!("a body of {} bytes", seen.body.len()),
            );
        }
        _ => {
            check(
                seen.content_type == [wire.content_type()],
                format!("Content-Type {:?}", seen.content_type),
            );
            if route.json_only {
                check(
                    seen.content_type == [Format::Json.content_type()],
                    format!("a JSON-only route sent {:?}", seen.content_type),
                );
            }
            let stem = sample
                .body_fixture
                .map_or_else(|| route.fixture(), str::to_owned);
            let expected = fixture_body(&format!("{stem}.request.{}", ext(wire)));
            let body = String::from_utf8_lossy(&seen.body);
            check(
                body == expected,
                format!(
                    "body\n{body}\nis not {stem}.request.{}\n{expected}",
                    ext(wire)
                ),
            );
        }
    }
    match (answer, &response) {
        (Ok(got), Some((body, _))) => {
            let wire = if route.answer == AnswerShape::Token {
                Format::Json
            } else {
                wire
            };
            let expected = (sample.decode)(wire, body);
            check(
                got == expected,
                format!("answered {got:?}, the fixture decodes to {expected:?}"),
            );
            check(
                got != Answer::Nothing,
                "a route with a response body answered nothing".into(),
            );
        }
        (Ok(got), None) => check(got == Answer::Nothing, format!("answered {got:?}")),
        (Err(e), _) => check(false, format!("failed: {e}")),
    }
    if problems.is_empty() {
        mock.assert();
    }
    problems
}

#[test]
fn every_route_sends_its_documented_request_and_reads_its_documented_answer_in_each_format() {
    let mut problems = Vec::new();
    let mut rows = 0;
    for route in route::all() {
        let Some(sample) = sample(route.group, route.operation) else {
            problems.push(format!(
                "{} {} ({} {}): no sample input in tests/protocol.rs",
                route.group,
                route.operation,
                route.method.as_str(),
                route.path
            ));
            continue;
        };
        for format in Format::ALL {
            problems.extend(run_row(route, format, &sample));
            rows += 1;
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(rows, 2 * route::all().count());
    assert_eq!(
        rows, 110,
        "55 routes (login, 5 Licenses, 9 Users, 5 Companies, 5 Administrators, 6 Packages, \
         3 Computers, 8 Accounts, 5 Destinations, 2 Monitoring, 3 Billing, 3 Builds) in 2 formats"
    );
}

#[test]
fn the_sample_table_has_no_row_for_a_route_that_does_not_exist() {
    // Keeps the table honest in the other direction: a renamed route leaves no stale row.
    let keys = [
        ("Provider", "login"),
        ("Licenses", "list"),
        ("Licenses", "get"),
        ("Licenses", "grant"),
        ("Licenses", "release"),
        ("Licenses", "revoke"),
        ("Users", "list"),
        ("Users", "get"),
        ("Users", "create"),
        ("Users", "update"),
        ("Users", "authenticate"),
        ("Users", "delete_account"),
        ("Users", "delete"),
        ("Users", "computers"),
        ("Users", "delete_computers"),
        ("Companies", "list"),
        ("Companies", "get"),
        ("Companies", "create"),
        ("Companies", "update"),
        ("Companies", "delete"),
        ("Administrators", "list"),
        ("Administrators", "get"),
        ("Administrators", "create"),
        ("Administrators", "update"),
        ("Administrators", "delete"),
        ("Packages", "list"),
        ("Packages", "get"),
        ("Packages", "for_user"),
        ("Packages", "create"),
        ("Packages", "update"),
        ("Packages", "delete"),
        ("Computers", "page"),
        ("Computers", "get"),
        ("Computers", "authorize"),
        ("Accounts", "list"),
        ("Accounts", "get"),
        ("Accounts", "create"),
        ("Accounts", "update"),
        ("Accounts", "add_destination"),
        ("Accounts", "remove_destination"),
        ("Accounts", "edit_destination"),
        ("Accounts", "create_destination"),
        ("Destinations", "list"),
        ("Destinations", "for_user"),
        ("Destinations", "create"),
        ("Destinations", "update"),
        ("Destinations", "delete"),
        ("Monitoring", "list"),
        ("Monitoring", "for_user"),
        ("Billing", "get"),
        ("Billing", "filter"),
        ("Billing", "details"),
        ("Builds", "list"),
        ("Builds", "request_custom"),
        ("Builds", "available_versions"),
    ];
    for (group, operation) in keys {
        assert!(sample(group, operation).is_some(), "{group} {operation}");
        assert!(
            route::all().any(|r| (r.group, r.operation) == (group, operation)),
            "{group} {operation} has a sample but no route"
        );
    }
    assert!(sample("Users", "no_such_operation").is_none());
    assert_eq!(keys.len(), route::all().count());
}

#[test]
fn the_sample_paths_fill_the_route_templates() {
    // The hand-written paths above agree with the templates (checked independently of the
    // client): every placeholder, in the path or in the query, becomes the percent-encoded
    // parameter (one of the odd values, or a number for the routes whose parameters are
    // numbers).
    for route in route::all() {
        let sample = sample(route.group, route.operation).unwrap();
        // Placeholders by position: the names in `params` are the handler's argument names
        // (`user_id`), which need not be the template's (`{userId}`).
        let mut filled = String::new();
        let mut placeholders = 0;
        for (i, part) in route.path.split('{').enumerate() {
            match part.split_once('}') {
                Some((_, rest)) if i > 0 => {
                    let param = sample.params[placeholders];
                    if let Some((_, sent)) = ODD_VALUES.iter().find(|(raw, _)| *raw == param) {
                        filled.push_str(sent);
                    } else {
                        assert!(param.bytes().all(|b| b.is_ascii_digit()), "{param}");
                        filled.push_str(param);
                    }
                    filled.push_str(rest);
                    placeholders += 1;
                }
                _ => filled.push_str(part),
            }
        }
        assert_eq!(placeholders, route.params.len());
        assert_eq!(filled, sample.path, "{} {}", route.group, route.operation);
        assert_eq!(sample.params.len(), route.params.len());
    }
}

#[test]
fn the_json_only_routes_are_computers_administrators_update_accounts_update_edit_and_create_destination_and_destinations_update()
 {
    // The rows above send these in JSON under an XML client; this pins which routes they are:
    // documented as JSON only (Computers, CreateDestination), or with no documented XML contract
    // (the administrators' and accounts' updates, EditDestination, the destinations' update).
    let mut json_only: Vec<(&str, &str)> = route::all()
        .filter(|r| r.json_only)
        .map(|r| (r.group, r.operation))
        .collect();
    json_only.sort_unstable();
    assert_eq!(
        json_only,
        [
            ("Accounts", "create_destination"),
            ("Accounts", "edit_destination"),
            ("Accounts", "update"),
            ("Administrators", "update"),
            ("Computers", "authorize"),
            ("Computers", "get"),
            ("Computers", "page"),
            ("Destinations", "update"),
        ]
    );
}

#[test]
fn the_read_only_routes_are_the_gets_and_the_puts_that_only_read() {
    // A read-only route may be retried after a failure that may have reached the server: every
    // GET, the PUTs that only read (the billing reports, and the users' authentication), and the
    // login, which only issues a token.
    let mut read_only_non_gets: Vec<(&str, &str, &str)> = Vec::new();
    for route in route::all() {
        if route.method.as_str() == "GET" {
            assert!(route.read_only, "{} {}", route.group, route.operation);
        } else if route.read_only {
            read_only_non_gets.push((route.method.as_str(), route.group, route.operation));
        }
    }
    read_only_non_gets.sort_unstable();
    assert_eq!(
        read_only_non_gets,
        [
            ("POST", "Provider", "login"),
            ("PUT", "Billing", "details"),
            ("PUT", "Billing", "filter"),
            ("PUT", "Users", "authenticate"),
        ]
    );
}

#[test]
fn only_the_destinations_delete_sends_a_query() {
    // The rows check the query of the routes whose template has one, and that the others send
    // none; this pins which routes those are.
    let with_query: Vec<(&str, &str, Vec<&str>)> = route::all()
        .filter(|r| r.query_names().next().is_some())
        .map(|r| (r.group, r.operation, r.query_names().collect()))
        .collect();
    assert_eq!(with_query, [("Destinations", "delete", vec!["userId"])]);
}
