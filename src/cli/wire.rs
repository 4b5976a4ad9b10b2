//! `mbs wire`: tools for format-compatibility testing of JSON and XML bodies, offline.
//!
//! - [`check`]: what the real server's formatters make of a body (`mbs wire check FILE --model
//!   NAME`): every member it would drop, null or refuse, from the sandbox's emulation
//!   ([`crate::sandbox::dcs`] for XML, Json.NET's rules for JSON) and the contract's
//!   `[Required]` members.
//! - [`sample`]: the documented sample body of a route (`mbs wire sample ROUTE`), from the
//!   repository's `fixtures/`, embedded in the binary.
//! - [`encode`]: the exact bytes the SDK sends for a route (`mbs wire encode ROUTE --set
//!   Field=value …`), made by the same code as the SDK's handler methods.

use std::io::{Read, Write};
use std::path::Path;

use crate::client::Client;
use crate::contract::{Contract, Kind};
use crate::format::Format;
use crate::route::{self, AnswerShape, BodyShape, DynamicOutcome, Route};
use crate::sandbox::dcs::{Diagnostic, DiagnosticKind};

use super::{CliError, Exit};

/// Which sample of a route: the body it takes or the body it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    /// The request body.
    Request,
    /// The answer's body.
    Response,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Request => "request",
            Which::Response => "response",
        }
    }
}

/// A contract reachable from the routes: its body shape, and whether it was named as a list.
fn contracts() -> Vec<&'static Contract> {
    fn walk(c: &'static Contract, out: &mut Vec<&'static Contract>) {
        if out
            .iter()
            .any(|o| std::ptr::eq(*o, c) || (o.name == c.name && o.namespace == c.namespace))
        {
            return;
        }
        out.push(c);
        for m in c.json_members {
            let mut kind = &m.kind;
            while let Kind::List(item) = kind {
                kind = item;
            }
            if let Kind::Model(inner) = kind {
                walk(inner, out);
            }
        }
    }
    let mut out = Vec::new();
    for r in route::all() {
        match r.body {
            BodyShape::Model(c) | BodyShape::List(c) => walk(c, &mut out),
            _ => {}
        }
        match r.answer {
            AnswerShape::Model(c)
            | AnswerShape::Optional(c)
            | AnswerShape::List(c)
            | AnswerShape::OneOrFirst(c)
            | AnswerShape::Checked(c) => walk(c, &mut out),
            _ => {}
        }
    }
    out
}

/// The body shape `name` names: a contract's name (`LicenseOperation`, any case), or
/// `ArrayOf` + a contract's name for a list.
fn shape_named(name: &str) -> Result<BodyShape, CliError> {
    let all = contracts();
    let name = name.trim();
    let (list, bare) = match name.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("ArrayOf") && name.len() > 7 => (true, &name[7..]),
        _ => (false, name),
    };
    if let Some(c) = all.iter().find(|c| c.name.eq_ignore_ascii_case(bare)) {
        return Ok(if list {
            BodyShape::List(c)
        } else {
            BodyShape::Model(c)
        });
    }
    let mut names: Vec<&str> = all.iter().map(|c| c.name).collect();
    names.sort_unstable_by_key(|n| n.to_ascii_lowercase());
    let lower = bare.to_ascii_lowercase();
    let close: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| {
            let n = n.to_ascii_lowercase();
            n.contains(&lower) || lower.contains(&n)
        })
        .collect();
    let shown = if close.is_empty() { names } else { close };
    Err(CliError::usage(format!(
        "no contract of the API is named {name:?}; {}: {}",
        if shown.len() < all.len() {
            "did you mean one of"
        } else {
            "the contracts are"
        },
        shown.join(", ")
    )))
}

/// JSON (`{`, `[`) or XML (`<`), from the first byte that is not a space (or a UTF-8 BOM).
fn guess_format(body: &[u8]) -> Option<Format> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Some(Format::Xml),
        Some(b'{' | b'[') => Some(Format::Json),
        _ => None,
    }
}

/// The local name of the XML document's root element, if one is found.
fn xml_root(body: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(body).ok()?;
    let mut rest = text;
    loop {
        let open = rest.find('<')?;
        rest = &rest[open + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
        let name = &rest[..end];
        return Some(name.rsplit(':').next().unwrap_or(name));
    }
}

/// What the real server would do, in a word, for a diagnostic.
fn verdict(kind: DiagnosticKind) -> &'static str {
    match kind {
        DiagnosticKind::OutOfOrder
        | DiagnosticKind::Duplicate
        | DiagnosticKind::Unknown
        | DiagnosticKind::WrongNamespace => "dropped",
        DiagnosticKind::ModelNull => "null",
        DiagnosticKind::Rejected => "refused",
        _ => "note",
    }
}

/// One finding as a line: the member, what the real server would do, and why.
fn finding(d: &Diagnostic) -> String {
    let subject = d.subject.as_deref().unwrap_or("the body");
    format!("{subject}: {}: {}", verdict(d.kind), d.message)
}

/// The findings of `body` read as `shape` in `format`, as lines; empty when clean.
pub(crate) fn findings(shape: BodyShape, format: Format, body: &[u8]) -> Vec<String> {
    let Some(bound) = crate::sandbox::check_body(shape, format, body) else {
        return vec![
            "the body: null: it is empty (or null), so the action receives a null model; the real server answers 400 (ModelState: A non-empty request body is required.)"
                .to_owned(),
        ];
    };
    let mut out: Vec<String> = bound.diagnostics.iter().map(finding).collect();
    for (key, errors) in &bound.model_state {
        for e in errors {
            // Binding errors are already reported by their diagnostic; `[Required]` ones are not.
            if e == crate::sandbox::AN_ERROR {
                continue;
            }
            let member = key.strip_prefix("model.").unwrap_or(key);
            out.push(format!(
                "{member}: refused: the real server answers 400 The request is invalid. ({e})"
            ));
        }
    }
    if bound.value.is_none() && !out.iter().any(|l| l.contains(": null: ")) {
        out.push("the body: null: the action receives a null model".to_owned());
    }
    out
}

/// `mbs wire check`: reads a JSON or XML body from `file` (stdin when `None`), checks it
/// against the contract `model` (a contract's name, any case; `ArrayOf…` for a list), prints
/// each member the real server would drop, null or refuse as one sentence on stdout, and
/// answers whether the body is clean. `format` is guessed from the first byte when not given.
pub(crate) fn check(
    file: Option<&Path>,
    model: &str,
    format: Option<Format>,
) -> Result<bool, CliError> {
    let mut shape = shape_named(model)?;
    let body = match file {
        Some(path) => std::fs::read(path)
            .map_err(|e| CliError::usage(format!("can't read {}: {e}", path.display())))?,
        None => {
            let mut body = Vec::new();
            std::io::stdin()
                .read_to_end(&mut body)
                .map_err(|e| CliError::usage(format!("can't read the body from stdin: {e}")))?;
            body
        }
    };
    let format = match format.or_else(|| guess_format(&body)) {
        Some(f) => f,
        None => {
            return Err(CliError::usage(
                "can't tell whether the body is JSON or XML (it starts with neither `{`, `[` nor `<`); say which with --format",
            ));
        }
    };
    // A list given by its item's name: the document says which.
    if let BodyShape::Model(c) = shape {
        let is_list = match format {
            Format::Json => body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'['),
            _ => xml_root(&body).is_some_and(|r| r == format!("ArrayOf{}", c.name)),
        };
        if is_list {
            shape = BodyShape::List(c);
        }
    }
    let lines = findings(shape, format, &body);
    let name = match shape {
        BodyShape::List(c) => format!("ArrayOf{}", c.name),
        BodyShape::Model(c) => c.name.to_owned(),
        _ => String::new(),
    };
    let mut out = std::io::stdout().lock();
    let written = if lines.is_empty() {
        writeln!(
            out,
            "{name} ({format}): clean; the real server would read every member."
        )
    } else {
        let mut r = writeln!(
            out,
            "{name} ({format}): {} finding(s); what the real server would do:",
            lines.len()
        );
        for l in &lines {
            r = r.and_then(|()| writeln!(out, "- {l}"));
        }
        r
    };
    written.and_then(|()| out.flush()).map_err(|e| CliError {
        exit: Exit::Api,
        message: format!("can't write to stdout: {e}"),
    })?;
    Ok(lines.is_empty())
}

/// The route `text` names: `licenses revoke`, `Licenses/revoke`, `users delete-computers`
/// (group and operation, any case, `-` for `_`).
fn route_named(text: &str) -> Result<&'static Route, CliError> {
    let parts: Vec<&str> = text
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    let [group, operation] = parts[..] else {
        return Err(CliError::usage(format!(
            "{text:?} is not a route: give its group and operation, as in `licenses revoke` or `Licenses/revoke`"
        )));
    };
    let operation = operation.replace('-', "_");
    route::all()
        .find(|r| {
            r.group.eq_ignore_ascii_case(group) && r.operation.eq_ignore_ascii_case(&operation)
        })
        .ok_or_else(|| {
            let ops: Vec<String> = route::all()
                .filter(|r| r.group.eq_ignore_ascii_case(group))
                .map(|r| r.operation.replace('_', "-"))
                .collect();
            if ops.is_empty() {
                let mut groups: Vec<String> =
                    route::all().map(|r| r.group.to_ascii_lowercase()).collect();
                groups.dedup();
                CliError::usage(format!(
                    "there is no group {group:?} (the groups: {})",
                    groups.join(", ")
                ))
            } else {
                CliError::usage(format!(
                    "{group} has no operation {operation:?} (its operations: {})",
                    ops.join(", ")
                ))
            }
        })
}

/// The repository's fixtures that are a route's sample (`<group>/<operation>.<request|response>.<ext>`),
/// embedded in the binary (a test checks that every such file is listed).
macro_rules! samples {
    ($($file:literal,)*) => {
        const SAMPLES: &[(&str, &[u8])] = &[
            $(($file, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/", $file))),)*
        ];
    };
}

samples! {
    "accounts/add_destination.request.json",
    "accounts/add_destination.request.xml",
    "accounts/add_destination.response.json",
    "accounts/add_destination.response.xml",
    "accounts/create.request.json",
    "accounts/create.request.xml",
    "accounts/create_destination.request.json",
    "accounts/create_destination.response.json",
    "accounts/edit_destination.request.json",
    "accounts/get.response.json",
    "accounts/get.response.xml",
    "accounts/list.response.json",
    "accounts/list.response.xml",
    "accounts/remove_destination.request.json",
    "accounts/remove_destination.request.xml",
    "accounts/update.request.json",
    "administrators/create.request.json",
    "administrators/create.request.xml",
    "administrators/create.response.json",
    "administrators/create.response.xml",
    "administrators/get.response.json",
    "administrators/get.response.xml",
    "administrators/list.response.json",
    "administrators/list.response.xml",
    "administrators/update.request.json",
    "billing/details.request.json",
    "billing/details.request.xml",
    "billing/details.response.json",
    "billing/details.response.xml",
    "billing/filter.request.json",
    "billing/filter.request.xml",
    "billing/filter.response.json",
    "billing/filter.response.xml",
    "billing/get.response.json",
    "billing/get.response.xml",
    "builds/available_versions.response.json",
    "builds/available_versions.response.xml",
    "builds/list.response.json",
    "builds/list.response.xml",
    "builds/request_custom.request.json",
    "builds/request_custom.request.xml",
    "companies/create.request.json",
    "companies/create.request.xml",
    "companies/get.response.json",
    "companies/get.response.xml",
    "companies/list.response.json",
    "companies/list.response.xml",
    "companies/update.request.json",
    "companies/update.request.xml",
    "computers/authorize.request.json",
    "computers/authorize.response.json",
    "computers/get.response.json",
    "computers/page.response.json",
    "destinations/create.request.json",
    "destinations/create.request.xml",
    "destinations/for_user.response.json",
    "destinations/for_user.response.xml",
    "destinations/list.response.json",
    "destinations/list.response.xml",
    "destinations/update.request.json",
    "licenses/get.response.json",
    "licenses/get.response.xml",
    "licenses/grant.request.json",
    "licenses/grant.request.xml",
    "licenses/list.response.json",
    "licenses/list.response.xml",
    "licenses/release.request.json",
    "licenses/release.request.xml",
    "licenses/revoke.request.json",
    "licenses/revoke.request.xml",
    "monitoring/for_user.response.json",
    "monitoring/for_user.response.xml",
    "monitoring/list.response.json",
    "monitoring/list.response.xml",
    "packages/create.request.json",
    "packages/create.request.xml",
    "packages/for_user.response.json",
    "packages/for_user.response.xml",
    "packages/get.response.json",
    "packages/get.response.xml",
    "packages/list.response.json",
    "packages/list.response.xml",
    "packages/update.request.json",
    "packages/update.request.xml",
    "provider/login.request.json",
    "provider/login.request.xml",
    "provider/login.response.json",
    "users/authenticate.request.json",
    "users/authenticate.request.xml",
    "users/authenticate.response.json",
    "users/authenticate.response.xml",
    "users/computers.response.json",
    "users/computers.response.xml",
    "users/create.request.json",
    "users/create.request.xml",
    "users/create.response.json",
    "users/create.response.xml",
    "users/delete_computers.request.json",
    "users/delete_computers.request.xml",
    "users/get.response.json",
    "users/get.response.xml",
    "users/list.response.json",
    "users/list.response.xml",
    "users/update.request.json",
    "users/update.request.xml",
}

/// `mbs wire sample`: the documented sample body of `route` (`licenses revoke`) in `format`,
/// the request's or the answer's, byte for byte as the repository's fixture holds it.
pub(crate) fn sample(route: &str, format: Format, which: Which) -> Result<Vec<u8>, CliError> {
    let r = route_named(route)?;
    let ext = match format {
        Format::Xml => "xml",
        _ => "json",
    };
    let name = format!("{}.{}.{ext}", r.fixture(), which.name());
    if let Some((_, bytes)) = SAMPLES.iter().find(|(f, _)| *f == name) {
        return Ok(bytes.to_vec());
    }
    let label = format!(
        "{} {}",
        r.group.to_ascii_lowercase(),
        r.operation.replace('_', "-")
    );
    let why = match (which, r.body, r.answer) {
        (Which::Request, BodyShape::None, _) => "the route takes no body".to_owned(),
        (Which::Response, _, AnswerShape::Empty) => "the route answers nothing".to_owned(),
        _ if r.json_only && format == Format::Xml => "the route speaks JSON only".to_owned(),
        _ => {
            let other = SAMPLES.iter().any(|(f, _)| {
                f.strip_suffix(".json")
                    .or_else(|| f.strip_suffix(".xml"))
                    .is_some_and(|stem| stem == format!("{}.{}", r.fixture(), which.name()))
            });
            if other {
                "the docs publish it in the other format only".to_owned()
            } else {
                "the docs publish none".to_owned()
            }
        }
    };
    Err(CliError::usage(format!(
        "{label} has no documented {} sample in {format}: {why}",
        which.name()
    )))
}

/// `mbs wire encode`: the exact body the SDK sends for `route` in `format`, with the members
/// `pairs` set (`Field=value`, typed by the body's contract, see [`super::json_body`]). Made by
/// the route's own call, dry: nothing is sent. A secret member (a password) is shown as
/// `<redacted>`, as everywhere else.
pub(crate) fn encode(
    route: &str,
    format: Format,
    pairs: &[(String, String)],
) -> Result<Vec<u8>, CliError> {
    let r = route_named(route)?;
    let label = format!(
        "{} {}",
        r.group.to_ascii_lowercase(),
        r.operation.replace('_', "-")
    );
    let contract = match r.body {
        BodyShape::Model(c) => c,
        BodyShape::List(_) => {
            return Err(CliError::usage(format!(
                "{label} takes a list, which can't be built from Field=value pairs; see `mbs wire sample {label}`"
            )));
        }
        _ => return Err(CliError::usage(format!("{label} takes no body"))),
    };
    let dynamic = route::dynamic()
        .find(|d| {
            std::ptr::eq(d.route, r)
                || (d.route.group == r.group && d.route.operation == r.operation)
        })
        .ok_or_else(|| {
            CliError::usage(format!(
                "{label} can't be encoded by mbs (the login's body is the client's own)"
            ))
        })?;
    let missing: Vec<&str> = contract
        .json_members
        .iter()
        .filter(|m| m.required)
        .filter(|m| {
            !pairs.iter().any(|(path, _)| {
                let head = path.split('.').next().unwrap_or(path);
                head.eq_ignore_ascii_case(m.name)
            })
        })
        .map(|m| m.name)
        .collect();
    if !missing.is_empty() {
        return Err(CliError::usage(format!(
            "{label}: {} required; set {} with --set {}=…",
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "them" },
            missing[0]
        )));
    }
    let body = super::json_body(contract, pairs)?;
    // Never used for I/O: the call is dry.
    let client = Client::with_token("unused")?.with_format(format);
    // Placeholder parameters: they go into the path, not the body.
    let params: Vec<&str> = r.params.iter().map(|_| "x").collect();
    // Nothing is sent: whatever is refused, the command line's values are why.
    let outcome = (dynamic.call)(&client, &params, Some(&body), true)
        .map_err(|e| CliError::usage(format!("{label}: {e}")))?;
    match outcome {
        DynamicOutcome::DryRun(request) => {
            Ok(request.body().map(<[u8]>::to_vec).unwrap_or_default())
        }
        DynamicOutcome::Answer(_) => Err(CliError {
            exit: Exit::Api,
            message: format!("{label}: the dry run sent the request; this is a bug in mbs"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models";

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn lines(model: &str, format: Format, body: &str) -> Vec<String> {
        let shape = shape_named(model).unwrap_or_else(|e| panic!("{e}"));
        findings(shape, format, body.as_bytes())
    }

    #[test]
    fn check_finds_an_out_of_order_element_and_says_it_is_dropped() {
        let body = format!(
            r#"<LicenseOperation xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="{NS}"><UserID>u</UserID><LicenseID>l</LicenseID></LicenseOperation>"#
        );
        let found = lines("licenseoperation", Format::Xml, &body);
        assert!(
            found.iter().any(|l| l.starts_with(
                "LicenseID: dropped: <LicenseID> was dropped: it comes after <UserID>"
            )),
            "{found:?}"
        );
        // And the member left without a value is refused by [Required].
        assert!(
            found.iter().any(
                |l| l.starts_with("LicenseID: refused: the real server answers 400")
                    && l.contains("The LicenseID field is required.")
            ),
            "{found:?}"
        );
    }

    #[test]
    fn check_finds_a_misspelled_member_in_both_formats() {
        let xml = format!(
            r#"<LicenseOperation xmlns="{NS}"><LicenceID>l</LicenceID><UserID>u</UserID></LicenseOperation>"#
        );
        let found = lines("LicenseOperation", Format::Xml, &xml);
        assert!(
            found.iter().any(|l| l.starts_with("LicenceID: dropped:")
                && l.contains("has no member of that name")),
            "{found:?}"
        );
        let found = lines(
            "LicenseOperation",
            Format::Json,
            r#"{"LicenceID": "l", "UserID": "u"}"#,
        );
        assert!(
            found.iter().any(|l| l.starts_with("LicenceID: dropped:")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|l| l.starts_with("LicenseID: refused:")),
            "{found:?}"
        );
    }

    #[test]
    fn check_finds_wrong_types_and_null_value_types() {
        let found = lines(
            "PackagesModels",
            Format::Json,
            r#"{"Name": "x", "Cost": "cheap", "StorageLimit": 1, "UseRestoreLimit": null}"#,
        );
        assert!(
            found.iter().any(|l| l.starts_with("Cost: refused:")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|l| l.starts_with("UseRestoreLimit: refused:")),
            "{found:?}"
        );
        let found = lines("LicenseOperation", Format::Xml, "<Nope/>");
        assert!(found.iter().any(|l| l.contains(": null: ")), "{found:?}");
    }

    #[test]
    fn the_documented_samples_are_clean() {
        for name in [
            "licenses/revoke.request.xml",
            "licenses/revoke.request.json",
            "users/create.request.xml",
        ] {
            let body = fixture(name);
            let model = if name.starts_with("users") {
                "UsersAddModels"
            } else {
                "LicenseOperation"
            };
            let format = guess_format(&body).unwrap_or_else(|| panic!("{name}"));
            let found = findings(
                shape_named(model).unwrap_or_else(|e| panic!("{e}")),
                format,
                &body,
            );
            assert!(found.is_empty(), "{name}: {found:?}");
        }
    }

    #[test]
    fn unknown_models_and_routes_are_usage_errors_with_the_choices() {
        let e = shape_named("LicenseOp").err().map(|e| e.message);
        assert!(e.is_some_and(|m| m.contains("did you mean") && m.contains("LicenseOperation")));
        assert!(
            matches!(shape_named("ArrayOfUserComputerData"), Ok(BodyShape::List(c)) if c.name == "UserComputerData")
        );
        let e = route_named("licenses revok").err().map(|e| e.message);
        assert!(e.is_some_and(|m| m.contains("revoke") && m.contains("grant")));
        assert!(route_named("users delete-computers").is_ok());
        assert!(route_named("Licenses/revoke").is_ok());
    }

    #[test]
    fn sample_of_licenses_revoke_is_the_fixture_in_both_formats() -> Result<(), CliError> {
        for (format, ext) in [(Format::Json, "json"), (Format::Xml, "xml")] {
            assert_eq!(
                sample("licenses revoke", format, Which::Request)?,
                fixture(&format!("licenses/revoke.request.{ext}"))
            );
        }
        let e = sample("licenses revoke", Format::Json, Which::Response)
            .err()
            .map(|e| e.message);
        assert!(
            e.is_some_and(|m| m.contains("answers nothing")),
            "revoke answers nothing"
        );
        let e = sample("computers authorize", Format::Xml, Which::Request)
            .err()
            .map(|e| e.message);
        assert!(e.is_some_and(|m| m.contains("JSON only")));
        Ok(())
    }

    #[test]
    fn encode_of_licenses_revoke_is_the_fixture() -> Result<(), CliError> {
        let pairs = vec![
            ("LicenseID".to_owned(), "sample string 1".to_owned()),
            ("UserID".to_owned(), "sample string 2".to_owned()),
        ];
        for (format, ext) in [(Format::Json, "json"), (Format::Xml, "xml")] {
            let sent = encode("licenses revoke", format, &pairs)?;
            let expected = fixture(&format!("licenses/revoke.request.{ext}"));
            // The fixture ends with the sample's one newline; the body doesn't.
            assert_eq!(
                sent,
                expected.strip_suffix(b"\n").unwrap_or(&expected),
                "{ext}"
            );
        }
        let e = encode("licenses revoke", Format::Json, &[]).err();
        assert!(
            e.is_some_and(
                |e| e.exit == Exit::Usage && e.message.contains("LicenseID, UserID required")
            ),
            "a blank required member is refused before any I/O"
        );
        Ok(())
    }

    #[test]
    fn every_route_sample_in_fixtures_is_embedded() {
        let dir = format!("{}/fixtures", env!("CARGO_MANIFEST_DIR"));
        let mut expected = Vec::new();
        for r in route::all() {
            for which in ["request", "response"] {
                for ext in ["json", "xml"] {
                    let name = format!("{}.{which}.{ext}", r.fixture());
                    if std::path::Path::new(&format!("{dir}/{name}")).exists() {
                        expected.push(name);
                    }
                }
            }
        }
        expected.sort();
        let mut embedded: Vec<String> = SAMPLES.iter().map(|(f, _)| (*f).to_owned()).collect();
        embedded.sort();
        assert_eq!(
            embedded, expected,
            "the samples! list in src/cli/wire.rs must list exactly the routes' fixtures"
        );
    }
}
