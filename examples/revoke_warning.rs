//! The revoke page's warning, shown on the embedded sandbox in one command:
//!
//! ```text
//! cargo run --example revoke_warning --features sandbox
//! ```
//!
//! > "The user shouldn't be allowed to activate licenses from the global pool automatically.
//! > Otherwise, license revocation will not work properly."
//!
//! For the sandbox's automatic user (`carol.auto`), in JSON then XML:
//! 1. the plain revoke answers 200, and her backup agent activates a license again;
//! 2. the checked revoke refuses, quoting the warning;
//! 3. the checked revoke with the switch sets her to manual, revokes, and no license is active
//!    again.

mod common;

use std::process::ExitCode;

use mspbackups::api::revoke::{RevokeOptions, SwitchPassword};
use mspbackups::models::UserModeType;
use mspbackups::sandbox::Sandbox;
use mspbackups::{Format, LicenseOperation};

/// carol's ID, password, and her active license, from a fresh sandbox.
fn carol(sandbox: &Sandbox) -> common::Result<(String, mspbackups::Secret, String)> {
    let user = sandbox
        .users()
        .into_iter()
        .find(|u| u.license_mode == UserModeType::Automatic)
        .ok_or("the sandbox has no automatic user")?;
    let license = sandbox
        .licenses()
        .into_iter()
        .find(|l| l.is_taken && l.user_id.as_deref() == Some(user.id.as_str()))
        .ok_or("the automatic user has no active license")?;
    Ok((user.id, user.password, license.id))
}

fn active(sandbox: &Sandbox, user_id: &str) -> Vec<String> {
    sandbox
        .licenses()
        .into_iter()
        .filter(|l| l.is_taken && l.user_id.as_deref() == Some(user_id))
        .map(|l| l.id)
        .collect()
}

fn run(format: Format) -> common::Result<()> {
    println!("== {format:?}");
    // 1. The plain revoke: one POST, 200, and the agent takes a license again.
    let sandbox = Sandbox::start()?;
    let client = sandbox.client(format)?;
    let (user, _, license) = carol(&sandbox)?;
    client.licenses().revoke_from_user(&license, &user)?;
    let again = active(&sandbox, &user);
    println!("1. plain revoke of {license}: 200; active for carol.auto right after: {again:?}");
    if again.is_empty() {
        return Err("the plain revoke left no active license: the demonstration failed".into());
    }

    // 2. The checked revoke refuses.
    let sandbox = Sandbox::start()?;
    let client = sandbox.client(format)?;
    let (user, password, license) = carol(&sandbox)?;
    let op = LicenseOperation::new(&license, &user);
    match client.licenses().revoke_checked(&op, &RevokeOptions::new()) {
        Err(e @ mspbackups::Error::RevokeRefused(_)) => println!("2. checked revoke: {e}"),
        Err(e) => return Err(e.into()),
        Ok(report) => return Err(format!("the checked revoke did not refuse: {report:?}").into()),
    }

    // 3. With the switch: manual, revoked, nothing active again.
    let options = RevokeOptions::new().switch_to_manual(SwitchPassword::Given(password));
    let report = client.licenses().revoke_checked(&op, &options)?;
    println!(
        "3. checked revoke with the switch: mode {:?} -> {:?}, switched {}, license active after: {:?}, active for carol.auto: {:?}",
        report.mode_before,
        report.mode_after,
        report.switched,
        report.license_active_after,
        report.active_licenses_after
    );
    if report.active_licenses_after != Some(Vec::new()) {
        return Err("a license is active again after the switch".into());
    }
    common::nothing_dropped(&sandbox)
}

fn main() -> ExitCode {
    let result = run(Format::Json).and_then(|()| run(Format::Xml));
    common::exit_status("revoke_warning", result)
}
