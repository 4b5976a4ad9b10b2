//! The sandbox's Accounts, Destinations and Builds routes, on the sandbox's state (`storage`),
//! answered with the SDK's own models. Routes documented as JSON only answer JSON whatever
//! the `Accept` (with a note when XML was asked for).

use super::dcs::{Diagnostic, DiagnosticKind, Value};
use super::http::{
    Call, Reply, bind_valid, fields_of, http_error, lock, model_reply, null_reply, refused,
    rejected,
};
use super::storage::{AccountEdit, UserDestinationEdit};
use super::tenant_routes::{JSON_ONLY, bind_as, model_of, not_found_note, sandbox_failed};
use crate::format::Format;
use crate::models::{
    Account, AccountDestination, AccountSettings, AccountType, AccountUpdate, Build, BuildRequest,
    Destination, EditionVersion, NewAccount, NewAccountDestination, NewBucket, NewUserDestination,
    UserDestination, UserDestinationUpdate,
};

/// A route's parameter by position (empty when absent).
fn nth(params: &[String], i: usize) -> &str {
    params.get(i).map(String::as_str).unwrap_or_default()
}

/// An empty 200, or the refusal.
fn done(call: &Call<'_>, result: Result<(), super::state::Refusal>) -> Reply {
    match result {
        Ok(()) => Reply::new(200),
        Err(refusal) => refused(call.neg, refusal),
    }
}

/// A note for a JSON-only answer to a request that asked for XML.
fn json_only_note(call: &Call<'_>, reply: Reply) -> Reply {
    if call.neg.format == Format::Xml && reply.status == 200 {
        reply.with_diagnostics(vec![Diagnostic::new(
            DiagnosticKind::Note,
            Some("Accept".to_owned()),
            format!(
                "{} {} is documented as JSON only: the sandbox answers JSON although XML was asked for",
                call.route.method.as_str(),
                call.route.path
            ),
        )])
    } else {
        reply
    }
}

// ----- Accounts -----

/// The settings member an account of this type needs (`None`: any member will do, e.g. the
/// S3-compatible providers without a member of their own).
fn settings_member(account_type: &AccountType) -> Option<&'static str> {
    Some(match account_type {
        AccountType::AmazonS3 | AccountType::AmazonS3China => "AmazonS3",
        AccountType::Azure => "Azure",
        AccountType::OpenStack => "OpenStack",
        AccountType::OracleCloud => "Oracle",
        AccountType::S3Compatible => "S3Compatible",
        AccountType::Cloudian => "Cloudian",
        AccountType::GoogleCloudPlatform => "GoogleCloudPlatform",
        AccountType::Wasabi => "Wasabi",
        AccountType::Minio => "Minio",
        AccountType::FS => "FS",
        _ => return None,
    })
}

/// Whether the settings carry this member.
fn has_member(s: &AccountSettings, member: &str) -> bool {
    match member {
        "AmazonS3" => s.amazon_s3.is_some(),
        "Azure" => s.azure.is_some(),
        "OpenStack" => s.open_stack.is_some(),
        "Oracle" => s.oracle.is_some(),
        "S3Compatible" => s.s3_compatible.is_some(),
        "Cloudian" => s.cloudian.is_some(),
        "GoogleCloudPlatform" => s.google_cloud_platform.is_some(),
        "Wasabi" => s.wasabi.is_some(),
        "Minio" => s.minio.is_some(),
        "FS" => s.fs.is_some(),
        _ => false,
    }
}

/// Refuses settings without the member of the account's type (or with no member at all).
fn check_settings(account_type: &AccountType, settings: &AccountSettings) -> Result<(), String> {
    let type_name = super::storage::storage_type(account_type);
    match settings_member(account_type) {
        Some(member) if !has_member(settings, member) => Err(format!(
            "AccountSettings.{member} is required for an account of type {type_name}"
        )),
        None if settings == &AccountSettings::new() => Err(format!(
            "AccountSettings has no settings for an account of type {type_name}"
        )),
        _ => Ok(()),
    }
}

/// Runs the Accounts route `call` is for; `id` is its path parameter, if any.
pub(crate) fn accounts(call: &Call<'_>, id: &str) -> Reply {
    let neg = call.neg;
    match call.route.operation {
        "list" => {
            let list = lock(call.env.state).accounts.clone();
            model_reply(neg, Account::list_to_body(&list, neg.format))
        }
        "get" => match lock(call.env.state).account(id).cloned() {
            Some(a) => model_reply(neg, a.to_body(neg.format)),
            None => {
                null_reply(neg, &Account::CONTRACT).with_diagnostics(not_found_note(id, "account"))
            }
        },
        "create" => {
            let (new, _, diagnostics) = match bind_as::<NewAccount>(call, &NewAccount::CONTRACT) {
                Ok(ok) => ok,
                Err(reply) => return reply,
            };
            if let Err(why) = check_settings(&new.account_type, &new.account_settings) {
                return http_error(400, neg, &why, &[]).with_diagnostics(diagnostics);
            }
            let result = lock(call.env.state).create_account(new.display_name, &new.account_type);
            match result {
                Ok(_) => Reply::new(200),
                Err(refusal) => refused(neg, refusal),
            }
            .with_diagnostics(diagnostics)
        }
        "update" => {
            let (update, _, diagnostics) =
                match bind_as::<AccountUpdate>(call, &AccountUpdate::CONTRACT) {
                    Ok(ok) => ok,
                    Err(reply) => return reply,
                };
            if let Err(why) = check_settings(&update.account_type, &update.account_settings) {
                return http_error(400, neg, &why, &[]).with_diagnostics(diagnostics);
            }
            let result = lock(call.env.state).update_account(AccountEdit {
                account_id: update.account_id,
                display_name: update.display_name,
                account_type: update.account_type,
            });
            done(call, result).with_diagnostics(diagnostics)
        }
        "add_destination" => {
            let (new, _, diagnostics) =
                match bind_as::<NewAccountDestination>(call, &NewAccountDestination::CONTRACT) {
                    Ok(ok) => ok,
                    Err(reply) => return reply,
                };
            let result = lock(call.env.state).add_bucket(
                new.account_id.as_str(),
                &new.destination,
                new.destination_display_name,
            );
            match result {
                Ok(created) => model_reply(neg, created.to_body(neg.format)),
                Err(refusal) => refused(neg, refusal),
            }
            .with_diagnostics(diagnostics)
        }
        "remove_destination" => {
            let (gone, _, diagnostics) =
                match bind_as::<AccountDestination>(call, &AccountDestination::CONTRACT) {
                    Ok(ok) => ok,
                    Err(reply) => return reply,
                };
            let result = lock(call.env.state).remove_bucket(&gone.account_id, &gone.destination);
            done(call, result).with_diagnostics(diagnostics)
        }
        "edit_destination" => {
            let (edit, _, diagnostics) =
                match bind_as::<AccountDestination>(call, &AccountDestination::CONTRACT) {
                    Ok(ok) => ok,
                    Err(reply) => return reply,
                };
            let result = lock(call.env.state).edit_bucket(edit);
            done(call, result).with_diagnostics(diagnostics)
        }
        // "create_destination"
        _ => create_bucket(call),
    }
}

/// `POST /api/Accounts/CreateDestination` (JSON only): a new bucket named by the settings
/// member that is set (the first, in the model's order), displayed as `DisplayName`.
fn create_bucket(call: &Call<'_>) -> Reply {
    let (new, _, diagnostics) = match bind_as::<NewBucket>(call, &NewBucket::CONTRACT) {
        Ok(ok) => ok,
        Err(reply) => return reply,
    };
    let s = &new.destination_settings;
    let name = s
        .google_cloud_platform
        .as_ref()
        .map(|b| b.bucket_name.clone())
        .or_else(|| s.amazon_s3.as_ref().map(|b| b.bucket_name.clone()))
        .or_else(|| s.wasabi.as_ref().map(|b| b.bucket_name.clone()))
        .or_else(|| s.s3_compatible.as_ref().map(|b| b.bucket_name.clone()))
        .or_else(|| s.azure.as_ref().map(|b| b.bucket_name.clone()))
        .or_else(|| s.b2.as_ref().map(|b| b.bucket_name.clone()));
    let Some(name) = name else {
        return http_error(
            400,
            call.neg,
            "DestinationSettings has no bucket settings",
            &[],
        )
        .with_diagnostics(diagnostics)
        .with_diagnostics(rejected(
            "DestinationSettings",
            "no member of DestinationSettings was set, so there is no bucket to create; the docs don't say what the server answers, the sandbox answers 400",
        ));
    };
    let result =
        lock(call.env.state).add_bucket(new.account_id.as_str(), &name, Some(new.display_name));
    let reply = match result {
        Ok(created) => model_reply(&JSON_ONLY, created.to_body(Format::Json)),
        Err(refusal) => refused(call.neg, refusal),
    };
    json_only_note(call, reply).with_diagnostics(diagnostics)
}

// ----- Destinations -----

/// Runs the Destinations route `call` is for, with its parameters (path, then query).
pub(crate) fn destinations(call: &Call<'_>, params: &[String]) -> Reply {
    let neg = call.neg;
    match call.route.operation {
        "list" => {
            let list: Vec<Destination> = lock(call.env.state).all_buckets();
            model_reply(neg, Destination::list_to_body(&list, neg.format))
        }
        "for_user" => {
            let result = lock(call.env.state).destinations_of(nth(params, 0));
            match result {
                Ok(list) => model_reply(neg, UserDestination::list_to_body(&list, neg.format)),
                Err(refusal) => refused(neg, refusal),
            }
        }
        "create" => {
            let (new, _, diagnostics) =
                match bind_as::<NewUserDestination>(call, &NewUserDestination::CONTRACT) {
                    Ok(ok) => ok,
                    Err(reply) => return reply,
                };
            let result = lock(call.env.state).assign_destination(
                &new.user_id,
                &new.account_id,
                &new.destination,
                i64::from(new.package_id),
            );
            done(call, result.map(|_| ())).with_diagnostics(diagnostics)
        }
        "update" => {
            let (edit, _, diagnostics) =
                match bind_as::<UserDestinationUpdate>(call, &UserDestinationUpdate::CONTRACT) {
                    Ok(ok) => ok,
                    Err(reply) => return reply,
                };
            let result = lock(call.env.state).update_destination(UserDestinationEdit {
                id: edit.id,
                user_id: edit.user_id,
                account_id: edit.account_id,
                destination: edit.destination.filter(|d| !d.trim().is_empty()),
                package_id: edit.package_id.map(i64::from),
            });
            done(call, result).with_diagnostics(diagnostics)
        }
        // "delete": the destination's ID in the path, the user's in the query.
        _ => {
            let result = lock(call.env.state).remove_destination(nth(params, 0), nth(params, 1));
            done(call, result)
        }
    }
}

// ----- Builds -----

/// Runs the Builds route `call` is for.
pub(crate) fn builds(call: &Call<'_>) -> Reply {
    let neg = call.neg;
    match call.route.operation {
        "list" => {
            let list = lock(call.env.state).builds.clone();
            model_reply(neg, Build::list_to_body(&list, neg.format))
        }
        "available_versions" => {
            let list = lock(call.env.state).available_versions.clone();
            model_reply(neg, EditionVersion::list_to_body(&list, neg.format))
        }
        // "request_custom"
        _ => request_custom(call),
    }
}

/// `POST /api/Builds/RequestCustomBuilds`: `Editions` must name at least one edition (as
/// `[Required, MinLength(1)]` would check); the request is recorded.
fn request_custom(call: &Call<'_>) -> Reply {
    let (value, diagnostics) = match bind_valid(call, |bound, value| {
        let Value::Model(fields) = value else {
            return;
        };
        let message = match fields.get("Editions") {
            None | Some(Value::Null) => "The Editions field is required.",
            Some(Value::List(items)) if items.is_empty() => {
                "The field Editions must be a string or array type with a minimum length of '1'."
            }
            _ => return,
        };
        bound
            .model_state
            .push(("model.Editions".to_owned(), vec![message.to_owned()]));
    }) {
        Ok(ok) => ok,
        Err(reply) => return reply,
    };
    let fields = fields_of(value);
    match model_of::<BuildRequest>(&BuildRequest::CONTRACT, &fields) {
        Ok(request) => {
            lock(call.env.state).request_builds(request);
            Reply::new(200).with_diagnostics(diagnostics)
        }
        Err(why) => sandbox_failed(call.neg, why).with_diagnostics(diagnostics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{AmazonS3Settings, AzureSettings};

    #[test]
    fn an_account_needs_the_settings_of_its_type() {
        let mut s3 = AccountSettings::new();
        s3.amazon_s3 = Some(AmazonS3Settings::new("AKIA", "secret"));
        assert_eq!(check_settings(&AccountType::AmazonS3, &s3), Ok(()));
        assert_eq!(
            check_settings(&AccountType::Azure, &s3),
            Err("AccountSettings.Azure is required for an account of type Azure".to_owned())
        );
        let mut azure = AccountSettings::new();
        azure.azure = Some(AzureSettings::new("acct", "key"));
        assert_eq!(check_settings(&AccountType::Azure, &azure), Ok(()));
        // Providers without a member of their own take any member, but not none.
        assert_eq!(check_settings(&AccountType::Scality, &s3), Ok(()));
        assert_eq!(
            check_settings(&AccountType::Scality, &AccountSettings::new()),
            Err("AccountSettings has no settings for an account of type Scality".to_owned())
        );
    }
}
