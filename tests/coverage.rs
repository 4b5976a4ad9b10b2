//! Coverage: every row of the API's endpoint reference is a route of the crate's tables
//! (`mspbackups::route::all()`), and every route is a row.
//!
//! # The reference
//!
//! [`REFERENCE`] is the overview of the MBS REST API's endpoints, 55 rows numbered as the
//! project's endpoint reference numbers them (login, Users, Companies, Computers, Accounts,
//! Destinations, Packages, Monitoring, Licenses, Billing, Builds, Administrators), each with
//! its group, method and path template **as documented** (placeholder names included, and the
//! query of the two rows whose docs put one in the path). It is embedded here because the
//! reference itself is not part of the repository; it was compiled from these public sources,
//! and each row names the first of them that documents it:
//!
//! - `GB`: the GitBook edition of the API docs (December 2018), GitHub `rzakiev/documentation`,
//!   folder `web-console/mbs-api/`: 45 of the rows, every group but Companies and Computers.
//! - `HS`: the MSP360 help site, <https://help.mspbackups.com> (`/mbs-api-specification/methods/…`):
//!   Companies (rows 11–15) and Computers (rows 16–18), also the newer members of other rows.
//! - `AH`: the help pages the server generates, <https://api.mspbackups.com/Help> (an older copy
//!   at `mspbackups.com/mbsapi/Help`): `POST /api/Accounts/CreateDestination` (row 26).
//! - `PS`: the vendor's PowerShell module, GitHub `msp360/MSP360-PSModule` (`public/api/*.ps1`,
//!   `private/Get-MBSApiUrl.ps1`): `PUT /api/Accounts/EditDestination` (row 25); it also
//!   confirms the methods and paths of most other rows.
//!
//! The docs list 55 endpoints on 54 distinct routes: rows 33 (`GET /api/Packages/{id}`) and 34
//! (`GET /api/Packages/{userID}`) share one route shape, which the crate keeps as two calls
//! (`packages().get`, `packages().for_user`).
//!
//! # What "covered" means
//!
//! A row is covered by a route of the same group and method whose path template equals the
//! row's, ignoring placeholder names and ASCII case (ASP.NET routing ignores both), with the
//! same query parameters (`DELETE /api/Destinations/{id}?userId={userId}` is one template in the
//! Destinations table). One documented query is not in a template: `GET /api/Licenses` takes
//! `?isAvailable=` optionally (the vendor's module calls it without), so the `list` route has
//! no query and `licenses().list_by_availability(bool)` adds it; [`QUERY_CALLS`] says so, and a
//! test checks that the call sends it. Rows are paired with routes one to one (a row whose
//! placeholder names equal a route's takes that route first), so rows 33 and 34 need two routes.
//!
//! [`LEFT_OUT`] lists the rows the crate deliberately doesn't cover, each with its reason. The
//! target is none, and it is empty.

mod common;

use std::collections::BTreeSet;

use common::{Scripted, Step};
use mspbackups::Format;
use mspbackups::route::{self, Route};

/// Which public source documents a row first (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The GitBook docs, `rzakiev/documentation` `web-console/mbs-api/`.
    GitBook,
    /// help.mspbackups.com.
    HelpSite,
    /// api.mspbackups.com/Help.
    ApiHelp,
    /// `msp360/MSP360-PSModule`.
    PowerShell,
}

const GB: Source = Source::GitBook;
const HS: Source = Source::HelpSite;
const AH: Source = Source::ApiHelp;
const PS: Source = Source::PowerShell;

/// One row of the endpoint reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    /// The row's number in the reference (1–55).
    n: u32,
    group: &'static str,
    method: &'static str,
    /// The path template as documented, with a `?query` where the docs put one.
    path: &'static str,
    source: Source,
}

const fn row(
    n: u32,
    group: &'static str,
    method: &'static str,
    path: &'static str,
    source: Source,
) -> Row {
    Row {
        n,
        group,
        method,
        path,
        source,
    }
}

/// The API's endpoints, as documented (see the module docs for the sources).
const REFERENCE: &[Row] = &[
    row(1, "Provider", "POST", "/api/Provider/Login", GB),
    row(2, "Users", "GET", "/api/Users", GB),
    row(3, "Users", "GET", "/api/Users/{id}", GB),
    row(4, "Users", "POST", "/api/Users", GB),
    row(5, "Users", "PUT", "/api/Users", GB),
    row(6, "Users", "PUT", "/api/Users/Authenticate", GB),
    row(7, "Users", "DELETE", "/api/Users/{id}/Account", GB),
    row(8, "Users", "DELETE", "/api/Users/{id}", GB),
    row(9, "Users", "GET", "/api/Users/{userId}/Computers", GB),
    row(10, "Users", "DELETE", "/api/Users/{userId}/Computers", GB),
    row(11, "Companies", "GET", "/api/Companies", HS),
    row(12, "Companies", "GET", "/api/Companies/{id}", HS),
    row(13, "Companies", "POST", "/api/Companies", HS),
    row(14, "Companies", "PUT", "/api/Companies", HS),
    row(15, "Companies", "DELETE", "/api/Companies/{id}", HS),
    row(
        16,
        "Computers",
        "GET",
        "/api/Computers/{offset}/{count}",
        HS,
    ),
    row(17, "Computers", "GET", "/api/Computers/{hid}", HS),
    row(
        18,
        "Computers",
        "POST",
        "/api/Computers/{hid}/authorization",
        HS,
    ),
    row(19, "Accounts", "GET", "/api/Accounts", GB),
    row(20, "Accounts", "GET", "/api/Accounts/{id}", GB),
    row(21, "Accounts", "POST", "/api/Accounts", GB),
    row(22, "Accounts", "PUT", "/api/Accounts", GB),
    row(23, "Accounts", "POST", "/api/Accounts/AddDestination", GB),
    row(24, "Accounts", "PUT", "/api/Accounts/RemoveDestination", GB),
    row(25, "Accounts", "PUT", "/api/Accounts/EditDestination", PS),
    row(
        26,
        "Accounts",
        "POST",
        "/api/Accounts/CreateDestination",
        AH,
    ),
    row(27, "Destinations", "GET", "/api/Destinations", GB),
    row(
        28,
        "Destinations",
        "GET",
        "/api/Destinations/{userEmail}",
        GB,
    ),
    row(29, "Destinations", "POST", "/api/Destinations", GB),
    row(30, "Destinations", "PUT", "/api/Destinations", GB),
    row(
        31,
        "Destinations",
        "DELETE",
        "/api/Destinations/{id}?userId={userId}",
        GB,
    ),
    row(32, "Packages", "GET", "/api/Packages", GB),
    row(33, "Packages", "GET", "/api/Packages/{id}", GB),
    row(34, "Packages", "GET", "/api/Packages/{userID}", GB),
    row(35, "Packages", "POST", "/api/Packages", GB),
    row(36, "Packages", "PUT", "/api/Packages", GB),
    row(37, "Packages", "DELETE", "/api/Packages/{id}", GB),
    row(38, "Monitoring", "GET", "/api/Monitoring", GB),
    row(39, "Monitoring", "GET", "/api/Monitoring/{userId}", GB),
    row(
        40,
        "Licenses",
        "GET",
        "/api/Licenses?isAvailable={bool}",
        GB,
    ),
    row(41, "Licenses", "GET", "/api/Licenses/{id}", GB),
    row(42, "Licenses", "POST", "/api/Licenses/Grant", GB),
    row(43, "Licenses", "POST", "/api/Licenses/Release", GB),
    row(44, "Licenses", "POST", "/api/Licenses/Revoke", GB),
    row(45, "Billing", "GET", "/api/Billing", GB),
    row(46, "Billing", "PUT", "/api/Billing", GB),
    row(47, "Billing", "PUT", "/api/Billing/Details", GB),
    row(48, "Builds", "GET", "/api/Builds", GB),
    row(49, "Builds", "POST", "/api/Builds/RequestCustomBuilds", GB),
    row(50, "Builds", "GET", "/api/Builds/AvailableVersions", GB),
    row(51, "Administrators", "GET", "/api/Administrators", GB),
    row(52, "Administrators", "GET", "/api/Administrators/{id}", GB),
    row(53, "Administrators", "POST", "/api/Administrators", GB),
    row(54, "Administrators", "PUT", "/api/Administrators", GB),
    row(
        55,
        "Administrators",
        "DELETE",
        "/api/Administrators/{id}",
        GB,
    ),
];

/// A documented query parameter that a route's template leaves out, and the SDK call that
/// sends it.
#[derive(Debug, Clone, Copy)]
struct QueryCall {
    /// The reference row whose path carries the query.
    row: u32,
    /// The query parameter.
    query: &'static str,
    /// The route that covers the row without the query in its template.
    group: &'static str,
    operation: &'static str,
    /// The call that sends the query (checked by `each_query_call_sends_its_query`).
    call: &'static str,
}

/// Documented queries not in a template. `isAvailable` is optional: `GET /api/Licenses`
/// without it lists every license (`licenses().list()`; the vendor's module calls it so).
const QUERY_CALLS: &[QueryCall] = &[QueryCall {
    row: 40,
    query: "isAvailable",
    group: "Licenses",
    operation: "list",
    call: "client.licenses().list_by_availability(bool)",
}];

/// Rows the crate deliberately leaves out, with the reason. The target is none.
const LEFT_OUT: &[(u32, &str)] = &[];

/// A template's shape: method, path segments (placeholders as `{}`, ASCII lower case), and
/// query parameter names (lower case, sorted).
type Shape = (String, Vec<String>, BTreeSet<String>);

fn shape(method: &str, template: &str) -> Shape {
    let (path, query) = template.split_once('?').unwrap_or((template, ""));
    let segments = path
        .trim_matches('/')
        .split('/')
        .map(|s| {
            if s.starts_with('{') && s.ends_with('}') {
                "{}".to_owned()
            } else {
                s.to_ascii_lowercase()
            }
        })
        .collect();
    let names = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').map_or(p, |(n, _)| n).to_ascii_lowercase())
        .collect();
    (method.to_ascii_uppercase(), segments, names)
}

fn route_shape(route: &Route) -> Shape {
    shape(route.method.as_str(), route.path)
}

fn label(route: &Route) -> String {
    format!(
        "{} {} ({}::{})",
        route.method, route.path, route.group, route.operation
    )
}

/// Whether `route` covers `row`: same group, same shape, or the same shape once a documented
/// [`QueryCall`] for this row and route is taken away from the row.
fn covers(route: &Route, row: &Row, query_calls: &[QueryCall]) -> bool {
    if route.group != row.group {
        return false;
    }
    let (method, segments, mut names) = shape(row.method, row.path);
    let want = route_shape(route);
    if (&method, &segments, &names) == (&want.0, &want.1, &want.2) {
        return true;
    }
    for q in query_calls
        .iter()
        .filter(|q| q.row == row.n && q.group == route.group && q.operation == route.operation)
    {
        names.remove(&q.query.to_ascii_lowercase());
    }
    (method, segments, names) == want
}

/// Whether the route's template spells the row's path exactly, placeholder names included
/// (ASCII case aside).
fn same_spelling(route: &Route, row: &Row) -> bool {
    route.path.eq_ignore_ascii_case(row.path)
}

/// The pairing of rows with routes, one to one, and every problem with it.
fn check(
    reference: &[Row],
    routes: &[&'static Route],
    query_calls: &[QueryCall],
    left_out: &[(u32, &str)],
) -> (Vec<(Row, &'static Route)>, Vec<String>) {
    let mut problems = Vec::new();
    let mut used = vec![false; routes.len()];
    let mut pairs = Vec::new();
    for row in reference {
        let candidates: Vec<usize> = (0..routes.len())
            .filter(|&i| !used[i] && covers(routes[i], row, query_calls))
            .collect();
        let pick = candidates
            .iter()
            .copied()
            .find(|&i| same_spelling(routes[i], row))
            .or(candidates.first().copied());
        let left = left_out.iter().find(|(n, _)| *n == row.n);
        match (pick, left) {
            (Some(i), None) => {
                used[i] = true;
                pairs.push((*row, routes[i]));
            }
            (Some(i), Some((_, why))) => problems.push(format!(
                "row {} ({} {}) is listed in LEFT_OUT ({why}) but {} covers it: take it off the list",
                row.n,
                row.method,
                row.path,
                label(routes[i])
            )),
            (None, Some(_)) => {}
            (None, None) => problems.push(format!(
                "row {} ({} {} {}, documented in {:?}) has no route in mspbackups::route::all()",
                row.n, row.group, row.method, row.path, row.source
            )),
        }
    }
    for (i, route) in routes.iter().enumerate() {
        if !used[i] {
            problems.push(format!(
                "{} is no row of the endpoint reference (or shares one with another route)",
                label(route)
            ));
        }
    }
    for (n, _) in left_out {
        if !reference.iter().any(|r| r.n == *n) {
            problems.push(format!("LEFT_OUT names row {n}, which the reference lacks"));
        }
    }
    for q in query_calls {
        let Some(row) = reference.iter().find(|r| r.n == q.row) else {
            problems.push(format!(
                "QUERY_CALLS names row {}, which the reference lacks",
                q.row
            ));
            continue;
        };
        if !shape(row.method, row.path)
            .2
            .contains(&q.query.to_ascii_lowercase())
        {
            problems.push(format!("row {} has no query `{}`", q.row, q.query));
        }
        match routes
            .iter()
            .find(|r| r.group == q.group && r.operation == q.operation)
        {
            None => problems.push(format!(
                "QUERY_CALLS names no route {}::{}",
                q.group, q.operation
            )),
            Some(r) if r.query_names().any(|n| n.eq_ignore_ascii_case(q.query)) => {
                problems.push(format!(
                    "{} carries `{}` in its template: take it off QUERY_CALLS",
                    label(r),
                    q.query
                ))
            }
            Some(_) => {}
        }
    }
    (pairs, problems)
}

fn routes() -> Vec<&'static Route> {
    route::all().collect()
}

#[test]
fn every_documented_row_is_a_route_and_every_route_a_row() {
    assert!(
        LEFT_OUT.is_empty(),
        "the target is no row left out; left out: {LEFT_OUT:?}"
    );
    let routes = routes();
    let (pairs, problems) = check(REFERENCE, &routes, QUERY_CALLS, LEFT_OUT);
    assert!(
        problems.is_empty(),
        "the route tables and the endpoint reference disagree:\n- {}",
        problems.join("\n- ")
    );
    assert_eq!(pairs.len(), 55, "every row is paired with its own route");
    assert_eq!(routes.len(), 55);
    // The one-to-one pairing, spelled out where it is not obvious.
    let covering = |n: u32| {
        let (_, r) = pairs.iter().find(|(row, _)| row.n == n).unwrap();
        (r.group, r.operation)
    };
    assert_eq!(covering(33), ("Packages", "get"));
    assert_eq!(covering(34), ("Packages", "for_user"));
    assert_eq!(covering(40), ("Licenses", "list"));
    assert_eq!(covering(31), ("Destinations", "delete"));
}

#[test]
fn the_reference_is_55_rows_on_54_distinct_routes() {
    let numbers: Vec<u32> = REFERENCE.iter().map(|r| r.n).collect();
    assert_eq!(numbers, (1..=55).collect::<Vec<_>>(), "rows 1–55, in order");
    let documented: BTreeSet<Shape> = REFERENCE.iter().map(|r| shape(r.method, r.path)).collect();
    assert_eq!(documented.len(), 54, "rows 33 and 34 share a route shape");
    let covered: BTreeSet<Shape> = route::all().map(route_shape).collect();
    assert_eq!(
        covered.len(),
        54,
        "Packages get and for_user share a route shape"
    );
    assert_eq!(
        REFERENCE.iter().filter(|r| r.source == GB).count(),
        45,
        "the GitBook docs have 45 of the rows"
    );
    for (n, source) in [(25, PS), (26, AH)] {
        assert_eq!(REFERENCE[n - 1].source, source, "row {n}");
    }
    assert!(REFERENCE[10..18].iter().all(|r| r.source == HS));
}

/// Routes whose template carries a query send it: the row's query names are the query of the
/// request the route builds.
#[test]
fn query_templates_send_their_query() {
    let (pairs, _) = check(REFERENCE, &routes(), QUERY_CALLS, LEFT_OUT);
    let mut seen = 0;
    for (row, route) in pairs {
        let names: Vec<&str> = route.query_names().collect();
        if names.is_empty() {
            continue;
        }
        seen += 1;
        let values: Vec<String> = (0..route.params.len()).map(|i| format!("v{i}")).collect();
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        let req = route.request(Format::Json, &values).unwrap();
        let sent: BTreeSet<String> = req
            .query()
            .iter()
            .map(|(k, _)| k.to_ascii_lowercase())
            .collect();
        assert_eq!(
            sent,
            shape(row.method, row.path).2,
            "row {}: {}",
            row.n,
            route.path
        );
        assert!(
            !req.path().contains('?'),
            "{}: the query is not in the path",
            route.path
        );
    }
    assert_eq!(seen, 1, "DELETE /api/Destinations/{{id}}?userId={{userId}}");
}

/// Each [`QUERY_CALLS`] entry's call sends the query, on the route it names.
#[test]
fn each_query_call_sends_its_query() {
    for q in QUERY_CALLS {
        let server = Scripted::start(vec![Step::json(200, "[]")]);
        let client = common::client(&server.url, Format::Json);
        match (q.group, q.operation, q.query) {
            ("Licenses", "list", "isAvailable") => {
                assert_eq!(q.call, "client.licenses().list_by_availability(bool)");
                for (value, text) in [(true, "true"), (false, "false")] {
                    assert!(
                        client
                            .licenses()
                            .list_by_availability(value)
                            .unwrap()
                            .is_empty()
                    );
                    let last = server.seen().pop().unwrap();
                    assert_eq!(
                        (last.method.as_str(), last.path.as_str()),
                        ("GET", format!("/api/Licenses?isAvailable={text}").as_str())
                    );
                }
                let list = route::all()
                    .find(|r| r.group == q.group && r.operation == q.operation)
                    .unwrap();
                assert!(list.matches("/api/Licenses").is_some());
            }
            other => panic!("no check of {other:?} ({}): add one here", q.call),
        }
    }
}

/// The check is not vacuous: each kind of drift between the reference and the tables is caught.
#[test]
fn the_check_catches_drift() {
    let all = routes();
    let without = |group: &str, op: &str| -> Vec<&'static Route> {
        all.iter()
            .copied()
            .filter(|r| !(r.group == group && r.operation == op))
            .collect()
    };
    let with_row = |extra: Row| -> Vec<Row> {
        let mut rows = REFERENCE.to_vec();
        rows.push(extra);
        rows
    };
    let changed = |n: u32, f: &dyn Fn(&mut Row)| -> Vec<Row> {
        let mut rows = REFERENCE.to_vec();
        f(&mut rows[n as usize - 1]);
        rows
    };
    /// What is checked, the reference and tables it is checked on, and the problem expected.
    type Case<'a> = (
        &'a str,
        Vec<Row>,
        Vec<&'static Route>,
        &'a [QueryCall],
        &'a [(u32, &'a str)],
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (
            "a documented row without its route",
            REFERENCE.to_vec(),
            without("Billing", "details"),
            QUERY_CALLS,
            &[],
            "row 47 (Billing PUT /api/Billing/Details",
        ),
        (
            "a row the tables lack",
            with_row(row(56, "Provider", "GET", "/api/ReportIssue", PS)),
            all.clone(),
            QUERY_CALLS,
            &[],
            "row 56 (Provider GET /api/ReportIssue",
        ),
        (
            "a route no row documents",
            REFERENCE.iter().copied().filter(|r| r.n != 50).collect(),
            all.clone(),
            QUERY_CALLS,
            &[],
            "GET /api/Builds/AvailableVersions (Builds::available_versions) is no row",
        ),
        (
            "a row with another method",
            changed(24, &|r| r.method = "POST"),
            all.clone(),
            QUERY_CALLS,
            &[],
            "row 24 (Accounts POST /api/Accounts/RemoveDestination",
        ),
        (
            "a row with another path",
            changed(39, &|r| r.path = "/api/Monitoring/{userId}/Plans"),
            all.clone(),
            QUERY_CALLS,
            &[],
            "row 39 (Monitoring GET /api/Monitoring/{userId}/Plans",
        ),
        (
            "a row in another group",
            changed(27, &|r| r.group = "Accounts"),
            all.clone(),
            QUERY_CALLS,
            &[],
            "row 27 (Accounts GET /api/Destinations",
        ),
        (
            "a query the template lacks",
            changed(31, &|r| r.path = "/api/Destinations/{id}"),
            all.clone(),
            QUERY_CALLS,
            &[],
            "row 31 (Destinations DELETE /api/Destinations/{id},",
        ),
        (
            "a documented query no call sends",
            REFERENCE.to_vec(),
            all.clone(),
            &[],
            &[],
            "row 40 (Licenses GET /api/Licenses?isAvailable={bool}",
        ),
        (
            "two rows on one route shape with one route",
            REFERENCE.to_vec(),
            without("Packages", "for_user"),
            QUERY_CALLS,
            &[],
            "row 34 (Packages GET /api/Packages/{userID}",
        ),
        (
            "a covered row listed as left out",
            REFERENCE.to_vec(),
            all.clone(),
            QUERY_CALLS,
            &[(45, "no reason")],
            "row 45 (GET /api/Billing) is listed in LEFT_OUT",
        ),
    ];
    for (what, rows, routes, query_calls, left_out, expected) in cases {
        let (_, problems) = check(&rows, &routes, query_calls, left_out);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{what}: expected a problem containing {expected:?}, got {problems:?}"
        );
    }
    // A row left out on purpose is not reported missing (but the list must stay empty).
    let (_, problems) = check(
        REFERENCE,
        &without("Billing", "details"),
        QUERY_CALLS,
        &[(47, "an example reason")],
    );
    assert!(problems.is_empty(), "{problems:?}");
}
