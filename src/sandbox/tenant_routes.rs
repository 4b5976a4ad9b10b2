//! The sandbox's Companies, Administrators, Packages and Computers routes, on the sandbox's
//! state (`tenants`), answered with the SDK's own models; and the body binding the other route
//! modules share (`bind_as`). The Computers routes answer JSON
//! whatever the `Accept` (the docs publish them as JSON only).

use serde::de::DeserializeOwned;

use super::dcs::{Contract, Diagnostic, DiagnosticKind, Fields, Kind, Value};
use super::http::{
    AN_ERROR, Call, Negotiated, Reply, bind_valid, fields_of, http_error, is_secret_name, lock,
    model_reply, null_reply, refused, rejected, string_reply,
};
use super::tenants::{AdministratorEdit, CompanyEdit, NotFound, PackagesOf, built};
use crate::format::Format;
use crate::models::{
    Administrator, AdministratorUpdate, AuthorizationResult, Company, Computer,
    ComputerAuthorization, ComputersPage, NewAdministrator, NewCompany, NewPackage, Package,
};

/// The JSON the Computers routes answer with, whatever was negotiated.
pub(crate) const JSON_ONLY: Negotiated = Negotiated {
    format: Format::Json,
    media: "application/json",
};

/// Whether a contract (or a model nested in it) has a member that holds a secret (a password,
/// a storage key): then no value of it goes into a diagnostic.
fn is_secret(contract: &Contract) -> bool {
    fn nested(kind: &Kind) -> bool {
        match kind {
            Kind::Model(c) => is_secret(c),
            Kind::List(item) => nested(item),
            _ => false,
        }
    }
    contract
        .members
        .iter()
        .any(|m| is_secret_name(m.name) || nested(&m.kind))
}

/// The JSON of a bound model, in the shape the SDK's model reads: members absent or null that
/// the SDK's type can't hold as `None` get .NET's default (0, false, empty text, the zero GUID,
/// an all-default nested model, an empty list), as the real server's binder leaves them.
fn json_of(contract: &Contract, fields: &Fields) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for m in contract.json_members {
        let v = match fields.get(m.name) {
            None | Some(Value::Null) if m.nullable => continue,
            None | Some(Value::Null) => default_of(&m.kind),
            Some(v) => value_json(&m.kind, v),
        };
        map.insert(m.name.to_owned(), v);
    }
    serde_json::Value::Object(map)
}

fn default_of(kind: &Kind) -> serde_json::Value {
    use serde_json::Value as J;
    match kind {
        Kind::Bool => J::Bool(false),
        Kind::Int32 | Kind::Int64 | Kind::Enum(_) => J::from(0),
        Kind::Decimal => J::from("0"),
        Kind::Guid => J::from("00000000-0000-0000-0000-000000000000"),
        Kind::DateTime => J::from("0001-01-01T00:00:00"),
        Kind::String => J::from(""),
        Kind::Model(c) => json_of(c, &Fields::default()),
        Kind::List(_) => J::Array(Vec::new()),
    }
}

fn value_json(kind: &Kind, v: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Null => J::Null,
        Value::Str(s) => J::from(s.as_str()),
        Value::Bool(b) => J::Bool(*b),
        Value::Int(n) => J::from(*n),
        // A JSON string holding the number: the SDK's `Decimal` reads it with its text intact.
        Value::Decimal(d) => J::from(d.as_str()),
        Value::Guid(g) => J::from(g.as_str()),
        Value::DateTime(t) => serde_json::to_value(t).unwrap_or(J::Null),
        Value::Model(f) => match kind {
            Kind::Model(c) => json_of(c, f),
            _ => J::Null,
        },
        Value::List(items) => match kind {
            Kind::List(item) => J::Array(items.iter().map(|i| value_json(item, i)).collect()),
            _ => J::Null,
        },
    }
}

/// The bound body as the SDK's model `T` (whose contract `contract` is).
pub(crate) fn model_of<T: DeserializeOwned>(
    contract: &Contract,
    fields: &Fields,
) -> Result<T, String> {
    let text = json_of(contract, fields).to_string();
    serde_json::from_str(&text).map_err(|e| {
        if is_secret(contract) {
            format!("the bound {} did not fit the SDK's model", contract.name)
        } else {
            format!(
                "the bound {} did not fit the SDK's model: {e}",
                contract.name
            )
        }
    })
}

/// A 500 for what the sandbox could not do (a bug in the sandbox, not in the request).
pub(crate) fn sandbox_failed(neg: &Negotiated, why: String) -> Reply {
    http_error(500, neg, AN_ERROR, &[]).with_diagnostics(rejected("request", why))
}

pub(crate) fn not_found_note(subject: &str, what: &str) -> Vec<Diagnostic> {
    vec![Diagnostic::new(
        DiagnosticKind::Note,
        Some(subject.to_owned()),
        format!(
            "no {what} has this ID; the sandbox answers 200 with null, as the live service does for unknown users and licenses"
        ),
    )]
}

/// Binds and validates the route's body, then reads it as `T`: `Ok((model, fields,
/// diagnostics))` or the reply to send.
pub(crate) fn bind_as<T: DeserializeOwned>(
    call: &Call<'_>,
    contract: &Contract,
) -> Result<(T, Fields, Vec<Diagnostic>), Reply> {
    let (value, mut diagnostics) = bind_valid(call, |_, _| {})?;
    let xml = call
        .rq
        .content_type
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("xml"));
    if call.route.json_only && xml {
        diagnostics.push(Diagnostic::new(
            DiagnosticKind::Note,
            Some("Content-Type".to_owned()),
            format!(
                "this route's body has no documented XML contract (the SDK sends JSON); the sandbox read the XML as <{}> in {}, a guess",
                contract.name, contract.namespace
            ),
        ));
    }
    let fields = fields_of(value);
    match model_of::<T>(contract, &fields) {
        Ok(model) => Ok((model, fields, diagnostics)),
        Err(why) => Err(sandbox_failed(call.neg, why).with_diagnostics(diagnostics)),
    }
}

/// Whether the body carried a non-null value for `name`.
pub(crate) fn sent(fields: &Fields, name: &str) -> bool {
    fields.get(name).is_some_and(|v| *v != Value::Null)
}

/// A path parameter the action reads as a number; else Web API's 400.
pub(crate) fn number_param(
    call: &Call<'_>,
    name: &str,
    text: &str,
    int32: bool,
) -> Result<i64, Reply> {
    let parsed = if int32 {
        text.trim().parse::<i32>().map(i64::from).ok()
    } else {
        text.trim().parse::<i64>().ok()
    };
    parsed.ok_or_else(|| {
        let ty = if int32 { "Int32" } else { "Int64" };
        http_error(
            400,
            call.neg,
            "The request is invalid.",
            &[(
                name.to_owned(),
                vec![format!("The value '{text}' is not valid for {ty}.")],
            )],
        )
        .with_diagnostics(rejected(
            name,
            format!(
                "{name} must be a number; the real server's binder fails the same way (the exact text of its 400 is not published)"
            ),
        ))
    })
}

// ----- Companies -----

/// Runs the Companies route `call` is for; `id` is its path parameter, if any.
pub(crate) fn companies(call: &Call<'_>, id: &str) -> Reply {
    let neg = call.neg;
    match call.route.operation {
        "list" => {
            let list = lock(call.env.state).companies.clone();
            model_reply(neg, Company::list_to_body(&list, neg.format))
        }
        "get" => match lock(call.env.state).company(id).cloned() {
            Some(c) => model_reply(neg, c.to_body(neg.format)),
            None => {
                null_reply(neg, &Company::CONTRACT).with_diagnostics(not_found_note(id, "company"))
            }
        },
        "create" => {
            let (new, _, diagnostics) = match bind_as::<NewCompany>(call, &NewCompany::CONTRACT) {
                Ok(ok) => ok,
                Err(reply) => return reply,
            };
            let result = lock(call.env.state).create_company(new);
            match result {
                Ok(id) => string_reply(neg, &id),
                Err(refusal) => refused(neg, refusal),
            }
            .with_diagnostics(diagnostics)
        }
        "update" => {
            let (company, fields, diagnostics) = match bind_as::<Company>(call, &Company::CONTRACT)
            {
                Ok(ok) => ok,
                Err(reply) => return reply,
            };
            let edit = CompanyEdit {
                company,
                destinations_sent: sent(&fields, "Destinations"),
                default_license_sent: sent(&fields, "DefaultLicense"),
                allowed_licenses_sent: sent(&fields, "AllowedLicenses"),
            };
            let result = lock(call.env.state).update_company(edit);
            match result {
                Ok(()) => Reply::new(200),
                Err(refusal) => refused(neg, refusal),
            }
            .with_diagnostics(diagnostics)
        }
        // "delete"
        _ => {
            let result = lock(call.env.state).delete_company(id);
            match result {
                Ok(()) => Reply::new(200),
                Err(refusal) => refused(neg, refusal),
            }
        }
    }
}

// ----- Administrators -----

/// Runs the Administrators route `call` is for; `id` is its path parameter, if any.
pub(crate) fn administrators(call: &Call<'_>, id: &str) -> Reply {
    let neg = call.neg;
    match call.route.operation {
        "list" => {
            let list: Vec<Administrator> = lock(call.env.state)
                .administrators
                .iter()
                .map(|a| a.administrator.clone())
                .collect();
            model_reply(neg, Administrator::list_to_body(&list, neg.format))
        }
        "get" => {
            let admin = lock(call.env.state)
                .administrator(id)
                .map(|a| a.administrator.clone());
            match admin {
                Some(a) => model_reply(neg, a.to_body(neg.format)),
                None => null_reply(neg, &Administrator::CONTRACT)
                    .with_diagnostics(not_found_note(id, "administrator")),
            }
        }
        "create" => {
            let (new, _, diagnostics) =
                match bind_as::<NewAdministrator>(call, &NewAdministrator::CONTRACT) {
                    Ok(ok) => ok,
                    Err(reply) => return reply,
                };
            // Success and a login in use both answer 200 with a string: the ID, or the text.
            let answer = match lock(call.env.state).create_administrator(new) {
                Ok(id) => id,
                Err(refusal) => refusal.0,
            };
            string_reply(neg, &answer).with_diagnostics(diagnostics)
        }
        "update" => {
            let (update, fields, diagnostics) =
                match bind_as::<AdministratorUpdate>(call, &AdministratorUpdate::CONTRACT) {
                    Ok(ok) => ok,
                    Err(reply) => return reply,
                };
            let edit = AdministratorEdit {
                admin_id: update.admin_id,
                email: update.email.filter(|e| !e.trim().is_empty()),
                password: update.password.filter(|p| !p.is_blank()),
                first_name: update.first_name,
                last_name: update.last_name,
                enabled: fields.bool("Enabled"),
                permissions: update.permissions,
                companies: update.companies,
            };
            let result = lock(call.env.state).update_administrator(edit);
            match result {
                Ok(()) => Reply::new(200),
                Err(refusal) => refused(neg, refusal),
            }
            .with_diagnostics(diagnostics)
        }
        // "delete"
        _ => {
            let result = lock(call.env.state).delete_administrator(id);
            match result {
                Ok(()) => Reply::new(200),
                Err(refusal) => refused(neg, refusal),
            }
        }
    }
}

// ----- Packages -----

/// Runs the Packages route `call` is for; `param` is its path parameter, if any.
pub(crate) fn packages(call: &Call<'_>, param: &str) -> Reply {
    let neg = call.neg;
    match call.route.operation {
        "list" => {
            let list = lock(call.env.state).packages.clone();
            model_reply(neg, Package::list_to_body(&list, neg.format))
        }
        // One route shape for both: the value decides (a package ID, else a user ID).
        "get" | "for_user" => {
            let found = lock(call.env.state).packages_of(param);
            match found {
                PackagesOf::Package(p) => model_reply(neg, p.to_body(neg.format)),
                PackagesOf::User(list) => model_reply(neg, Package::list_to_body(&list, neg.format)),
                PackagesOf::Nothing => null_reply(neg, &Package::CONTRACT).with_diagnostics(vec![
                    Diagnostic::new(
                        DiagnosticKind::Note,
                        Some(param.to_owned()),
                        "GET /api/Packages/{x}: x is neither a package's ID nor a user's ID; the sandbox answers 200 with null (the docs don't say)",
                    ),
                ]),
            }
        }
        "create" => {
            let (new, _, diagnostics) = match bind_as::<NewPackage>(call, &NewPackage::CONTRACT) {
                Ok(ok) => ok,
                Err(reply) => return reply,
            };
            let mut package = Package::new(0, new.name);
            package.description = new.description;
            package.storage_limit = new.storage_limit;
            package.cost = new.cost;
            package.is_glacier_restore_limit = new.is_glacier_restore_limit;
            package.glacier_restore_type = new.glacier_restore_type;
            package.use_restore_limit = new.use_restore_limit;
            if let Some(limit) = new.restore_limit {
                package.restore_limit = limit;
            }
            lock(call.env.state).create_package(package);
            Reply::new(200).with_diagnostics(diagnostics)
        }
        "update" => {
            let (package, _, diagnostics) = match bind_as::<Package>(call, &Package::CONTRACT) {
                Ok(ok) => ok,
                Err(reply) => return reply,
            };
            let result = lock(call.env.state).update_package(package);
            match result {
                Ok(()) => Reply::new(200),
                Err(refusal) => refused(neg, refusal),
            }
            .with_diagnostics(diagnostics)
        }
        // "delete"
        _ => {
            let id = match number_param(call, "id", param, false) {
                Ok(id) => id,
                Err(reply) => return reply,
            };
            let result = lock(call.env.state).delete_package(id);
            match result {
                Ok(()) => Reply::new(200),
                Err(refusal) => refused(neg, refusal),
            }
        }
    }
}

// ----- Computers -----

/// Runs the Computers route `call` is for, with its path parameters; answers JSON.
pub(crate) fn computers(call: &Call<'_>, params: &[String]) -> Reply {
    let first = params.first().map(String::as_str).unwrap_or_default();
    let reply = match call.route.operation {
        "page" => {
            let second = params.get(1).map(String::as_str).unwrap_or_default();
            page(call, first, second)
        }
        "get" => match lock(call.env.state).computer(first) {
            Some(c) => model_reply(&JSON_ONLY, c.to_body(Format::Json)),
            None => null_reply(&JSON_ONLY, &Computer::CONTRACT)
                .with_diagnostics(not_found_note(first, "computer")),
        },
        // "authorize"
        _ => authorize(call, first),
    };
    if call.neg.format == Format::Xml && reply.status == 200 {
        reply.with_diagnostics(vec![Diagnostic::new(
            DiagnosticKind::Note,
            Some("Accept".to_owned()),
            "the Computers routes are documented as JSON only: the sandbox answers JSON although XML was asked for",
        )])
    } else {
        reply
    }
}

fn page(call: &Call<'_>, offset: &str, count: &str) -> Reply {
    let (offset, count) = match (
        number_param(call, "offset", offset, true),
        number_param(call, "count", count, true),
    ) {
        (Ok(o), Ok(c)) => (o, c),
        (Err(reply), _) | (_, Err(reply)) => return reply,
    };
    let state = lock(call.env.state);
    let total = state.computers.len();
    let (status, message, computers) = if offset < 0 || count <= 0 {
        (
            400,
            format!(
                "offset must be 0 or more and count more than 0 (offset {offset}, count {count})"
            ),
            Vec::new(),
        )
    } else {
        let skip = usize::try_from(offset).unwrap_or(usize::MAX);
        let take = usize::try_from(count).unwrap_or(usize::MAX);
        (200, "Success".to_owned(), state.computer_page(skip, take).1)
    };
    drop(state);
    let answer = built::<ComputersPage>(serde_json::json!({
        "Count": total,
        "Message": message,
        "StatusCode": status,
        "Computers": [],
    }))
    .map(|mut page| {
        page.computers = Some(computers);
        page
    });
    let reply = match answer {
        Ok(page) => model_reply(&JSON_ONLY, page.to_body(Format::Json)),
        Err(why) => sandbox_failed(
            &JSON_ONLY,
            format!("the sandbox could not write its answer: {why}"),
        ),
    };
    if status == 200 {
        reply
    } else {
        reply.with_diagnostics(vec![Diagnostic::new(
            DiagnosticKind::Note,
            Some("count".to_owned()),
            "a negative offset or a count below 1: the sandbox answers the envelope with StatusCode 400 and no computers (the docs don't say what the real service does)",
        )])
    }
}

/// `{ResultCode, ErrorMessage}` or `{ErrorCode, Message}`: the SDK's model, with the members the
/// docs' answer doesn't show left out.
fn authorization_reply(result: AuthorizationResult) -> Reply {
    let body = result.to_body(Format::Json).map(|bytes| {
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(mut v) => {
                if let Some(map) = v.as_object_mut() {
                    map.retain(|_, v| !v.is_null());
                }
                v.to_string().into_bytes()
            }
            Err(_) => bytes,
        }
    });
    model_reply(&JSON_ONLY, body)
}

fn authorize(call: &Call<'_>, hid: &str) -> Reply {
    let (body, _, diagnostics) =
        match bind_as::<ComputerAuthorization>(call, &ComputerAuthorization::CONTRACT) {
            Ok(ok) => ok,
            Err(reply) => return reply,
        };
    let blank = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let (user, company) = (blank(body.user_id), blank(body.company_id));
    if user.is_none() && company.is_none() {
        return http_error(400, &JSON_ONLY, "UserId or CompanyId is required", &[])
            .with_diagnostics(diagnostics)
            .with_diagnostics(rejected(
                "UserId",
                "neither UserId nor CompanyId was given; the docs need at least one but don't say what the server answers, the sandbox answers 400",
            ));
    }
    let result = lock(call.env.state).authorize(hid, user.as_deref(), company.as_deref());
    let mut notes = diagnostics;
    let answer = match result {
        Ok(note) => {
            if !note.is_empty() {
                notes.push(Diagnostic::new(
                    DiagnosticKind::Note,
                    Some(hid.to_owned()),
                    note,
                ));
            }
            serde_json::json!({"ResultCode": 0, "ErrorMessage": ""})
        }
        Err(NotFound(id)) => {
            serde_json::json!({"ErrorCode": -6, "Message": format!("Object \"{id}\" not found")})
        }
    };
    match built::<AuthorizationResult>(answer) {
        Ok(result) => authorization_reply(result),
        Err(why) => sandbox_failed(
            &JSON_ONLY,
            format!("the sandbox could not write its answer: {why}"),
        ),
    }
    .with_diagnostics(notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{NewAdministrator, NewCompany};

    #[test]
    fn bound_models_get_net_defaults_for_what_the_body_left_out() {
        let mut f = Fields::default();
        f.set("Name", Value::Str("Acme".into()));
        let company: NewCompany = model_of(&NewCompany::CONTRACT, &f).unwrap();
        assert_eq!(company.name, "Acme");
        assert_eq!(company.storage_limit, 0);
        assert_eq!(company.destinations, None);

        let mut f = Fields::default();
        f.set("Email", Value::Str("ops".into()));
        f.set("InitialPassword", Value::Str("top-secret-pw".into()));
        let admin: NewAdministrator = model_of(&NewAdministrator::CONTRACT, &f).unwrap();
        assert_eq!(admin.initial_password.expose(), "top-secret-pw");
        assert_eq!(
            admin.permissions,
            crate::models::Permissions::all(crate::models::PermissionMode::None)
        );
        assert!(!admin.enabled);
    }

    #[test]
    fn a_model_that_does_not_fit_never_shows_a_password() {
        let mut f = Fields::default();
        f.set("Email", Value::Str("ops".into()));
        f.set("InitialPassword", Value::Int(123456));
        f.set("PermissionsModels", Value::Str("top-secret-pw".into()));
        let err = model_of::<NewAdministrator>(&NewAdministrator::CONTRACT, &f).unwrap_err();
        assert!(!err.contains("top-secret-pw"), "{err}");
        assert!(!err.contains("123456"), "{err}");
    }
}
