//! A realistic MSP task, end to end, on the embedded sandbox (no account, no network), once in
//! JSON and once in XML: onboard a customer company with a storage limit (package) and a user,
//! give the user a license, let the backup agent activate it, revoke it, then remove everything
//! that was created.
//!
//! ```text
//! cargo run --example msp_task --features sandbox
//! ```
//!
//! Each step prints one line; the program exits with status 1 at the first error, or when the
//! sandbox recorded something the real server would have dropped silently.

mod common;

use std::process::ExitCode;

use common::Result;
use mspbackups::models::{Decimal, DestinationForNewUser, NewCompany, NewPackage, NewUser};
use mspbackups::sandbox::Sandbox;
use mspbackups::{Client, Format};

/// One round of the task in `format`.
fn task(sandbox: &Sandbox, client: &Client, format: Format) -> Result<()> {
    let tag = format.to_string().to_ascii_lowercase();

    // 1. The customer company. The docs don't say whether create answers the new ID: when it
    //    doesn't, the company is found by its name.
    let name = format!("Acme Dental ({tag})");
    let created = client.companies().create(&NewCompany::new(&name, -1))?;
    let company = client
        .companies()
        .list()?
        .into_iter()
        .find(|c| c.name == name)
        .ok_or("the new company is not listed")?;
    if let Some(id) = &created {
        if !company.id.as_str().eq_ignore_ascii_case(id) {
            return Err(format!("create answered {id}, the list shows {}", company.id).into());
        }
    }
    println!("1. company    ✓ {} ({})", company.name, company.id);

    // 2. A storage limit (package): create answers nothing, so list to learn its ID. Amounts
    //    are decimals kept as text, never floating point.
    let package_name = format!("Acme 500 GB ({tag})");
    let mut new_package = NewPackage::new(&package_name, Decimal::from(500), "49.90".parse()?);
    new_package.description = Some("Acme Dental's backups".into());
    client.packages().create(&new_package)?;
    let package = client
        .packages()
        .list()?
        .into_iter()
        .find(|p| p.name == package_name)
        .ok_or("the new package is not listed")?;
    let fetched = client
        .packages()
        .get(package.id)?
        .ok_or("the new package can't be read back")?;
    println!(
        "2. package    ✓ #{} {}: {} GB for {}",
        fetched.id, fetched.name, fetched.storage_limit, fetched.cost
    );

    // 3. A user in that company (`Company` is the company's name), backing up to a bucket on
    //    the storage account the MSP's other users use, limited by the new package.
    let account_id = client
        .users()
        .list()?
        .into_iter()
        .flat_map(|u| u.destination_list.unwrap_or_default())
        .find_map(|d| d.account_id)
        .ok_or("no storage account in use")?;
    let email = format!("reception-{tag}@acme-dental.example");
    let mut new_user = NewUser::new(&email, "Reception-pw-2024");
    new_user.first_name = Some("Front".into());
    new_user.last_name = Some("Desk".into());
    new_user.company = Some(company.name.clone());
    new_user.destination_list = Some(vec![DestinationForNewUser::new(
        account_id,
        format!("acme-dental-{tag}"),
        i32::try_from(package.id)?,
    )]);
    let user_id = client.users().create(&new_user)?;
    let user = client
        .users()
        .get(&user_id)?
        .ok_or("the new user can't be read back")?;
    if user.company.as_deref() != Some(company.name.as_str()) {
        return Err(format!("the user's company is {:?}", user.company).into());
    }
    let destination = user
        .destination_list
        .iter()
        .flatten()
        .find(|d| i64::from(d.package_id) == package.id)
        .ok_or("the user's destination doesn't use the new package")?;
    println!(
        "3. user       ✓ {} ({}) in {}, destination {} under package #{}",
        user.email,
        user.id,
        user.company.as_deref().unwrap_or_default(),
        destination.destination.as_deref().unwrap_or_default(),
        destination.package_id
    );

    // 4. A license from the pool, granted to the user.
    let license = client
        .licenses()
        .list_by_availability(true)?
        .into_iter()
        .next()
        .ok_or("no free license in the pool")?;
    client.licenses().grant_to_user(&license.id, &user_id)?;
    println!(
        "4. grant      ✓ license #{} to {}",
        license.number, user.email
    );

    // 5. The user's backup agent activates it (the sandbox plays the agent).
    let computer = format!("ACME-RECEPTION-{}", tag.to_ascii_uppercase());
    sandbox.activate(&license.id, &computer, "Windows 11 Pro")?;
    let active = client
        .licenses()
        .get(&license.id)?
        .ok_or("the license vanished")?;
    if !active.is_taken {
        return Err("the license is not active after activation".into());
    }
    println!(
        "5. activate   ✓ active on {}",
        active.computer_name.as_deref().unwrap_or_default()
    );

    // 6. Revoke: deactivated on the computer, still the user's.
    client.licenses().revoke_from_user(&license.id, &user_id)?;
    let revoked = client
        .licenses()
        .get(&license.id)?
        .ok_or("the license vanished")?;
    if revoked.is_taken || revoked.user_id.as_deref() != Some(user_id.as_str()) {
        return Err(format!("unexpected license after revoke: {revoked:?}").into());
    }
    println!("6. revoke     ✓ inactive, still granted to {}", user.email);

    // 7. Clean up: the user (which frees the license), the package, the company.
    client.users().delete(&user_id)?;
    let freed = client
        .licenses()
        .get(&license.id)?
        .ok_or("the license vanished")?;
    client.packages().delete(package.id)?;
    client.companies().delete(company.id.as_str())?;
    let gone = (
        client.users().get(&user_id)?.is_none(),
        client.packages().get(package.id)?.is_none(),
        client.companies().get(company.id.as_str())?.is_none(),
    );
    if gone != (true, true, true) || !freed.is_free() {
        return Err(format!(
            "clean-up incomplete: (user, package, company) gone {gone:?}, license free {}",
            freed.is_free()
        )
        .into());
    }
    println!("7. clean up   ✓ user, package and company deleted; license back in the pool");
    Ok(())
}

fn run() -> Result<()> {
    let sandbox = Sandbox::start()?;
    println!(
        "mspbackups MSP task on the embedded sandbox at {}\n",
        sandbox.base_url()
    );
    for format in Format::ALL {
        println!("── {format} ──");
        let client = sandbox.client(format)?;
        task(&sandbox, &client, format)?;
        println!();
    }

    common::nothing_dropped(&sandbox)
}

fn main() -> ExitCode {
    common::exit_status("msp_task", run())
}
