//! The sandbox's Users routes: list, get, create, update, authenticate, delete (with or without
//! the backup data) and a user's computers, on the sandbox's state, answered with the SDK's own
//! models (`User`, `UserComputer`).

use super::dcs::{Diagnostic, DiagnosticKind, Fields, Value};
use super::http::{
    AN_ERROR, Call, Reply, bind_valid, fields_of, http_error, length, lock, model_reply,
    not_emulated, null_reply, refused, string_reply,
};
use super::state::{NewUserData, SandboxUser, UserEdit};
use crate::models::{User, UserComputer, UserModeType};
use crate::secret::Secret;

/// Runs the Users route `call` is for; `param` is its path parameter (`id`, `userId`), if any.
pub(crate) fn handle(call: &Call<'_>, param: &str) -> Reply {
    match call.route.operation {
        "list" => list(call),
        "get" => get(call, param),
        "create" => create(call),
        "update" => update(call),
        "authenticate" => authenticate(call),
        "delete_account" => delete(call, param, false),
        "delete" => delete(call, param, true),
        "computers" => computers(call, param),
        "delete_computers" => delete_computers(call, param),
        _ => not_emulated(call),
    }
}

/// One user, as `UsersModels`.
fn user_reply(call: &Call<'_>, user: &SandboxUser) -> Reply {
    match user.to_model() {
        Ok(model) => model_reply(call.neg, model.to_body(call.neg.format)),
        Err(e) => unwritable(call, &e),
    }
}

fn unwritable(call: &Call<'_>, why: &str) -> Reply {
    http_error(500, call.neg, AN_ERROR, &[]).with_diagnostics(vec![Diagnostic::new(
        DiagnosticKind::Rejected,
        Some("response".to_owned()),
        format!("the sandbox could not write its answer: {why}"),
    )])
}

fn list(call: &Call<'_>) -> Reply {
    let users: Result<Vec<User>, String> = lock(call.env.state)
        .users
        .iter()
        .map(SandboxUser::to_model)
        .collect();
    match users {
        Ok(users) => model_reply(call.neg, User::list_to_body(&users, call.neg.format)),
        Err(e) => unwritable(call, &e),
    }
}

fn get(call: &Call<'_>, id: &str) -> Reply {
    let user = lock(call.env.state).find_user(id).cloned();
    match user {
        Some(user) => user_reply(call, &user),
        None => null_reply(call.neg, &User::CONTRACT).with_diagnostics(vec![Diagnostic::new(
            DiagnosticKind::Note,
            Some(id.to_owned()),
            "no user has this ID; the live service has been seen to answer 200 with null, and so does the sandbox",
        )]),
    }
}

/// A string member: a string, or a GUID's text.
fn text(fields: &Fields, name: &str) -> Option<String> {
    match fields.get(name) {
        Some(Value::Str(s)) => Some(s.clone()),
        Some(Value::Guid(g)) => Some(g.to_string()),
        _ => None,
    }
}

fn mode(fields: &Fields) -> UserModeType {
    fields
        .int("LicenseManagmentMode")
        .map_or(UserModeType::Manual, UserModeType::from_value)
}

fn create(call: &Call<'_>) -> Reply {
    let (value, diagnostics) = match bind_valid(call, |b, v| {
        if let Value::Model(f) = v {
            length(b, f, "Password", 6, 100);
        }
    }) {
        Ok(ok) => ok,
        Err(reply) => return reply,
    };
    let f = fields_of(value);
    let destinations = f
        .list("DestinationList")
        .unwrap_or_default()
        .iter()
        .filter_map(|item| match item {
            Value::Model(d) => Some((
                text(d, "AccountID").unwrap_or_default(),
                text(d, "Destination").unwrap_or_default(),
                d.int("PackageID").unwrap_or_default(),
            )),
            _ => None,
        })
        .collect();
    let new = NewUserData {
        email: text(&f, "Email").unwrap_or_default(),
        first_name: text(&f, "FirstName"),
        last_name: text(&f, "LastName"),
        notification_emails: f.strings("NotificationEmails"),
        company: text(&f, "Company"),
        enabled: f.bool("Enabled").unwrap_or(false),
        password: Secret::new(text(&f, "Password").unwrap_or_default()),
        license_mode: mode(&f),
        destinations,
    };
    // Success and failure both answer 200 with a string: the new ID, or the error text.
    let answer = match lock(call.env.state).create_user(new) {
        Ok(id) => id,
        Err(refusal) => refusal.0,
    };
    string_reply(call.neg, &answer).with_diagnostics(diagnostics)
}

fn update(call: &Call<'_>) -> Reply {
    let (value, diagnostics) = match bind_valid(call, |_, _| {}) {
        Ok(ok) => ok,
        Err(reply) => return reply,
    };
    let f = fields_of(value);
    let edit = UserEdit {
        id: text(&f, "ID").unwrap_or_default(),
        email: text(&f, "Email").filter(|e| !e.trim().is_empty()),
        first_name: text(&f, "FirstName"),
        last_name: text(&f, "LastName"),
        notification_emails: f.strings("NotificationEmails"),
        company: text(&f, "Company"),
        enabled: f.bool("Enabled").unwrap_or(false),
        password: text(&f, "Password").map(Secret::new),
        license_mode: mode(&f),
    };
    match lock(call.env.state).update_user(edit) {
        Ok(()) => Reply::new(200).with_diagnostics(diagnostics),
        Err(refusal) => refused(call.neg, refusal).with_diagnostics(diagnostics),
    }
}

fn authenticate(call: &Call<'_>) -> Reply {
    let (value, diagnostics) = match bind_valid(call, |_, _| {}) {
        Ok(ok) => ok,
        Err(reply) => return reply,
    };
    let f = fields_of(value);
    let email = text(&f, "Email").unwrap_or_default();
    let password = text(&f, "Password").unwrap_or_default();
    let user = lock(call.env.state)
        .authenticate(&email, &password)
        .cloned();
    match user {
        Some(user) => user_reply(call, &user).with_diagnostics(diagnostics),
        None => null_reply(call.neg, &User::CONTRACT).with_diagnostics(
            diagnostics
                .into_iter()
                .chain([Diagnostic::new(
                    DiagnosticKind::Note,
                    Some(email),
                    "no user has this login and password; the docs don't say what the real service answers, the sandbox answers 200 with null",
                )])
                .collect(),
        ),
    }
}

fn delete(call: &Call<'_>, id: &str, with_data: bool) -> Reply {
    let result = lock(call.env.state).delete_user(id);
    match result {
        Ok(_) if with_data && call.env.delete_user_answers_500 => {
            http_error(500, call.neg, AN_ERROR, &[]).with_diagnostics(vec![Diagnostic::new(
                DiagnosticKind::Note,
                Some(id.to_owned()),
                "the user was deleted (and their licenses freed), but the sandbox answers 500 as the live service has been seen to (option delete_user_answers_500)",
            )])
        }
        Ok(_) => Reply::new(200),
        Err(refusal) => refused(call.neg, refusal),
    }
}

fn computers(call: &Call<'_>, user_id: &str) -> Reply {
    let result = lock(call.env.state).computers(user_id);
    match result {
        Ok(list) => model_reply(call.neg, UserComputer::list_to_body(&list, call.neg.format)),
        Err(refusal) => refused(call.neg, refusal),
    }
}

fn delete_computers(call: &Call<'_>, user_id: &str) -> Reply {
    let (value, diagnostics) = match bind_valid(call, |_, _| {}) {
        Ok(ok) => ok,
        Err(reply) => return reply,
    };
    let gone: Vec<(String, String)> = match value {
        Value::List(items) => items
            .iter()
            .filter_map(|item| match item {
                Value::Model(c) => Some((
                    text(c, "DestinationId").unwrap_or_default(),
                    text(c, "ComputerName").unwrap_or_default(),
                )),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    match lock(call.env.state).delete_computers(user_id, &gone) {
        Ok(()) => Reply::new(200).with_diagnostics(diagnostics),
        Err(refusal) => refused(call.neg, refusal).with_diagnostics(diagnostics),
    }
}
