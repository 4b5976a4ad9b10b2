//! The README's endpoint table against the route tables (`mspbackups::route::all()`).
//!
//! The table sits between `<!-- routes:begin -->` and `<!-- routes:end -->` in README.md, one
//! row per route: method, path template, SDK call, body, answer. Every route must have its row,
//! in `route::all()` order, with the same method and path, the handler's name in the SDK cell,
//! the body's and answer's contract names, and the answer's Rust shape; the answer cell of a
//! JSON-only route (`Route::json_only`) must say "JSON only", and no other route's may; every row
//! must be a route. The README's stated route count must be the number of routes.

use mspbackups::route::{self, AnswerShape, BodyShape, Route};

const README: &str = include_str!("../README.md");
const BEGIN: &str = "<!-- routes:begin -->";
const END: &str = "<!-- routes:end -->";
const HEADER: [&str; 5] = ["method", "path", "SDK call", "body", "answer"];
/// What the answer cell of a JSON-only route says.
const JSON_ONLY: &str = "JSON only";

/// One row of the README's table, cells with their backticks.
#[derive(Debug, Clone)]
struct Row {
    method: String,
    path: String,
    call: String,
    body: String,
    answer: String,
}

/// Splits a Markdown table line into its cells; `\|` inside a cell is not a separator.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                out.last_mut().unwrap().push('|');
            }
            '|' => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out.into_iter().map(|c| c.trim().to_owned()).collect()
}

/// The text of a cell that holds one code span: `` `GET` `` → `GET`.
fn code(cell: &str) -> &str {
    cell.strip_prefix('`')
        .and_then(|c| c.strip_suffix('`'))
        .unwrap_or(cell)
}

/// The table's rows, or what is wrong with its layout.
fn parse(readme: &str) -> Result<Vec<Row>, String> {
    let start = readme
        .find(BEGIN)
        .ok_or(format!("README has no {BEGIN} marker"))?;
    let end = readme[start..]
        .find(END)
        .ok_or(format!("README has no {END} after {BEGIN}"))?;
    let mut lines = readme[start + BEGIN.len()..start + end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let header = lines.next().ok_or("the route table is empty")?;
    if cells(header) != HEADER {
        return Err(format!(
            "the route table's header is {:?}, expected {HEADER:?}",
            cells(header)
        ));
    }
    let separator = lines.next().ok_or("the route table has no separator row")?;
    if !cells(separator)
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|c| c == '-' || c == ':'))
    {
        return Err(format!("not a separator row: {separator}"));
    }
    let mut rows = Vec::new();
    for line in lines {
        let c = cells(line);
        if !line.starts_with('|') || c.len() != HEADER.len() {
            return Err(format!("not a {}-cell table row: {line}", HEADER.len()));
        }
        rows.push(Row {
            method: code(&c[0]).to_owned(),
            path: code(&c[1]).to_owned(),
            call: c[2].clone(),
            body: c[3].clone(),
            answer: c[4].clone(),
        });
    }
    Ok(rows)
}

/// What the body cell must name: `—`, the contract, or its `ArrayOf…` list.
fn body_problem(route: &Route, cell: &str) -> Option<String> {
    match route.body {
        BodyShape::None => (cell != "—").then(|| "takes no body: the cell must be `—`".to_owned()),
        BodyShape::Model(c) => (!cell.contains(&format!("`{}`", c.name)))
            .then(|| format!("takes a `{}`: the cell must name it", c.name)),
        BodyShape::List(c) => (!cell.contains(&format!("`ArrayOf{}`", c.name)))
            .then(|| format!("takes a list: the cell must name `ArrayOf{}`", c.name)),
        other => Some(format!(
            "body shape {other:?} is new: teach tests/readme.rs about it"
        )),
    }
}

/// What the answer cell must say: its Rust type's shape and, for models, the contract.
fn answer_problem(route: &Route, cell: &str) -> Option<String> {
    let (rust, contract) = match route.answer {
        AnswerShape::Empty => ("`()`", None),
        AnswerShape::Model(c) | AnswerShape::Checked(c) => ("`", Some(c.name.to_owned())),
        AnswerShape::Optional(c) | AnswerShape::OneOrFirst(c) => {
            ("`Option<", Some(c.name.to_owned()))
        }
        AnswerShape::List(c) => ("`Vec<", Some(format!("ArrayOf{}", c.name))),
        AnswerShape::NewId | AnswerShape::MessageOrId => ("`String`", None),
        AnswerShape::OptionalId => ("`Option<String>`", None),
        AnswerShape::Token => ("`Token`", None),
        other => {
            return Some(format!(
                "answer shape {other:?} is new: teach tests/readme.rs about it"
            ));
        }
    };
    if !cell.starts_with(rust) {
        return Some(format!(
            "answers {:?}: the cell must start with {rust}",
            route.answer
        ));
    }
    if matches!(
        route.answer,
        AnswerShape::Model(_) | AnswerShape::Checked(_)
    ) && cell.starts_with("`Option<")
    {
        return Some("answers a model, never `None`: the cell must not say `Option<`".into());
    }
    match contract {
        Some(name) if !cell.contains(&format!("`{name}`")) => {
            Some(format!("the answer cell must name the contract `{name}`"))
        }
        _ => json_only_problem(route, cell),
    }
}

/// A JSON-only route's answer cell says so; no other route's does.
fn json_only_problem(route: &Route, cell: &str) -> Option<String> {
    match (route.json_only, cell.contains(JSON_ONLY)) {
        (true, false) => Some(format!(
            "speaks JSON only: the answer cell must say {JSON_ONLY:?}"
        )),
        (false, true) => Some(format!(
            "is not JSON only: the answer cell must not say {JSON_ONLY:?}"
        )),
        _ => None,
    }
}

/// Every disagreement between the README's table and the route tables.
fn check(readme: &str) -> Vec<String> {
    let rows = match parse(readme) {
        Ok(rows) => rows,
        Err(e) => return vec![e],
    };
    let routes: Vec<&Route> = route::all().collect();
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if rows[..i]
            .iter()
            .any(|r| r.method == row.method && r.path == row.path)
        {
            problems.push(format!("row `{} {}` appears twice", row.method, row.path));
        }
        if !routes
            .iter()
            .any(|r| r.method.as_str() == row.method && r.path == row.path)
        {
            problems.push(format!(
                "row `{} {}` is no route in mspbackups::route::all()",
                row.method, row.path
            ));
        }
    }
    for route in &routes {
        let label = format!(
            "{} {} ({}::{})",
            route.method, route.path, route.group, route.operation
        );
        let Some(row) = rows
            .iter()
            .find(|r| r.method == route.method.as_str() && r.path == route.path)
        else {
            problems.push(format!("{label} has no row in the README's table"));
            continue;
        };
        if !row.call.contains(&format!(".{}(", route.operation)) {
            problems.push(format!(
                "{label}: the SDK cell {:?} must show `.{}(`",
                row.call, route.operation
            ));
        }
        if let Some(p) = body_problem(route, &row.body) {
            problems.push(format!("{label}: {p} (cell: {:?})", row.body));
        }
        if let Some(p) = answer_problem(route, &row.answer) {
            problems.push(format!("{label}: {p} (cell: {:?})", row.answer));
        }
    }
    let order: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.method.clone(), r.path.clone()))
        .collect();
    let expected: Vec<(String, String)> = routes
        .iter()
        .map(|r| (r.method.as_str().to_owned(), r.path.to_owned()))
        .collect();
    if problems.is_empty() && order != expected {
        problems.push(format!(
            "the rows must follow route::all()'s order: {expected:?}"
        ));
    }
    let stated = format!("covers **{}** routes", routes.len());
    if !readme.contains(&stated) {
        problems.push(format!("the README must say it {stated}"));
    }
    problems
}

#[test]
fn the_readme_endpoint_table_matches_the_route_tables() {
    let problems = check(README);
    assert!(
        problems.is_empty(),
        "README.md's endpoint table disagrees with mspbackups::route::all():\n- {}",
        problems.join("\n- ")
    );
    let rows = parse(README).unwrap();
    assert_eq!(rows.len(), route::all().count());
    assert_eq!(
        rows.len(),
        55,
        "login, 5 Licenses, 9 Users, 5 Companies, 5 Administrators, 6 Packages, 3 Computers, \
         8 Accounts, 5 Destinations, 2 Monitoring, 3 Billing, 3 Builds"
    );
    let json_only = rows.iter().filter(|r| r.answer.contains(JSON_ONLY)).count();
    assert_eq!(json_only, route::all().filter(|r| r.json_only).count());
    assert_eq!(
        json_only, 8,
        "the 3 Computers routes, the Administrators, Accounts and Destinations updates, and \
         Accounts EditDestination and CreateDestination"
    );
}

/// The check is not vacuous: each kind of drift between README and tables is caught.
#[test]
fn the_check_catches_drift() {
    let row = |readme: &str, needle: &str| -> String {
        let start = readme.find(BEGIN).unwrap();
        readme[start..]
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no row with {needle}"))
            .to_owned()
    };
    let delete_account = row(README, "`/api/Users/{id}/Account`");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "a route without its row",
            README.replacen(&format!("{delete_account}\n"), "", 1),
            "has no row",
        ),
        (
            "a row with the wrong method",
            README.replacen(
                &delete_account,
                &delete_account.replacen("`DELETE`", "`POST`", 1),
                1,
            ),
            "is no route",
        ),
        (
            "a row with the wrong path",
            README.replacen("`/api/Users/{userId}/Computers`", "`/api/Users/{id}/Computers`", 1),
            "is no route",
        ),
        (
            "a row no table has",
            README.replacen(
                &delete_account,
                &format!("{delete_account}\n| `GET` | `/api/ReportIssue` | `client.report_issue()` | — | `()` |"),
                1,
            ),
            "is no route",
        ),
        (
            "a duplicated row",
            README.replacen(&delete_account, &format!("{delete_account}\n{delete_account}"), 1),
            "appears twice",
        ),
        (
            "a wrong body contract",
            README.replacen("(`UsersAddModels`)", "(`UsersEditModels`)", 1),
            "takes a `UsersAddModels`",
        ),
        (
            "a wrong answer shape",
            README.replacen("`Option<User>`", "`User`", 1),
            "must start with `Option<",
        ),
        (
            "a wrong SDK call",
            README.replacen("client.users().delete_account(id)", "client.users().remove(id)", 1),
            "must show `.delete_account(`",
        ),
        (
            "a one-or-first answer shown as always there",
            README.replacen("`Option<Administrator>`", "`Administrator`", 1),
            "must start with `Option<",
        ),
        (
            "an optional ID shown as always there",
            README.replacen(
                "`Option<String>`: the new ID if the server answers one",
                "`String`: the new ID if the server answers one",
                1,
            ),
            "must start with `Option<String>`",
        ),
        (
            "a checked answer shown as optional",
            README.replacen("| `ComputersPage` (", "| `Option<ComputersPage>` (", 1),
            "never `None`",
        ),
        (
            "a JSON-only route not marked",
            README.replacen("`Computer`, **JSON only**;", "`Computer`;", 1),
            "must say \"JSON only\"",
        ),
        (
            "a route marked JSON only that is not",
            README.replacen(
                "`Vec<Company>` (`ArrayOfCompanyModel`)",
                "`Vec<Company>` (`ArrayOfCompanyModel`, JSON only)",
                1,
            ),
            "must not say \"JSON only\"",
        ),
        (
            "a wrong package parameter call",
            README.replacen("client.packages().for_user(user_id)", "client.packages().get(user_id)", 1),
            "must show `.for_user(`",
        ),
        (
            "a query template written without its query",
            README.replacen(
                "`/api/Destinations/{id}?userId={userId}`",
                "`/api/Destinations/{id}`",
                1,
            ),
            "is no route",
        ),
        (
            "a JSON-only storage route not marked",
            README.replacen(
                "`()` (**JSON only**: known only from the vendor's PowerShell module",
                "`()` (known only from the vendor's PowerShell module",
                1,
            ),
            "must say \"JSON only\"",
        ),
        (
            "a stale route count",
            README.replacen("covers **55** routes", "covers **34** routes", 1),
            "must say it covers **55** routes",
        ),
        (
            "a missing end marker",
            README.replacen(END, "", 1),
            "has no <!-- routes:end -->",
        ),
    ];
    for (what, readme, expected) in cases {
        assert_ne!(readme, README, "{what}: the mutation did not apply");
        let problems = check(&readme);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{what}: expected a problem containing {expected:?}, got {problems:?}"
        );
    }
}

#[test]
fn cells_split_on_unescaped_bars_only() {
    assert_eq!(
        cells("| `GET` | `?isAvailable=true\\|false` |  x  |"),
        ["`GET`", "`?isAvailable=true|false`", "x"]
    );
}
