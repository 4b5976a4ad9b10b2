//! Storage and reporting on the embedded sandbox (no account, no network), once in JSON and
//! once in XML: the storage accounts and the destinations (buckets) they offer, a destination
//! assigned to a user and removed again, the monitoring feed counted by status, the month's
//! billing report, and the agent builds.
//!
//! ```text
//! cargo run --example storage_report --features sandbox
//! ```
//!
//! The program exits with status 1 at the first error, or when the sandbox recorded something
//! the real server would have dropped silently.

mod common;

use std::collections::BTreeMap;
use std::process::ExitCode;

use common::Result;
use mspbackups::models::{BillingDetailsFilter, NewUserDestination};
use mspbackups::sandbox::Sandbox;
use mspbackups::{Client, Format};

/// One round of the report in the client's format.
fn report(client: &Client) -> Result<()> {
    // 1. Storage accounts, with their buckets.
    let accounts = client.accounts().list()?;
    println!("accounts      {}", accounts.len());
    for account in &accounts {
        let buckets: Vec<&str> = account
            .destinations
            .iter()
            .flatten()
            .map(|d| d.destination.as_str())
            .collect();
        println!(
            "  {} {:?} ({}): {}",
            account.account_id,
            account.display_name.as_deref().unwrap_or("-"),
            account.storage_type.as_deref().unwrap_or("-"),
            buckets.join(", ")
        );
    }

    // 2. The destinations available for assignment.
    let destinations = client.destinations().list()?;
    println!("destinations  {}", destinations.len());
    for d in &destinations {
        println!(
            "  {} in {}",
            d.destination.as_deref().unwrap_or("-"),
            d.account_display_name.as_deref().unwrap_or("-")
        );
    }

    // 3. Assign a destination a user doesn't have yet, under the first package (storage
    //    limit), read the user's destinations back, then remove it again.
    let package = client
        .packages()
        .list()?
        .into_iter()
        .next()
        .ok_or("no package to limit the destination with")?;
    //    A bucket no user has is preferred.
    let mut held = Vec::new();
    for user in client.users().list()? {
        let theirs = client.destinations().for_user(&user.email)?;
        held.push((user, theirs));
    }
    let has = |theirs: &[mspbackups::UserDestination], d: &mspbackups::models::Destination| {
        theirs
            .iter()
            .any(|t| t.account_id == d.account_id && t.destination == d.destination)
    };
    let unused = |d: &&mspbackups::models::Destination| !held.iter().any(|(_, t)| has(t, d));
    let (user, destination) = destinations
        .iter()
        .filter(unused)
        .chain(&destinations)
        .find_map(|d| {
            held.iter()
                .find(|(_, theirs)| !has(theirs, d))
                .map(|(user, _)| (user, d))
        })
        .ok_or("every user has every destination already")?;
    let (account_id, bucket) = match (&destination.account_id, &destination.destination) {
        (Some(a), Some(b)) => (a.clone(), b.clone()),
        _ => return Err("a destination without its account or bucket".into()),
    };
    client.destinations().create(&NewUserDestination::new(
        &user.id,
        &account_id,
        &bucket,
        i32::try_from(package.id)?,
    ))?;
    let assigned = client
        .destinations()
        .for_user(&user.email)?
        .into_iter()
        .find(|d| {
            d.account_id.as_deref() == Some(&account_id)
                && d.destination.as_deref() == Some(&bucket)
        })
        .ok_or("the new destination is not among the user's")?;
    println!(
        "assigned      {bucket} to {} under package #{} (destination {}, {} bytes used)",
        user.email, assigned.package_id, assigned.id, assigned.current_volume
    );
    client.destinations().delete(&assigned.id, &user.id)?;
    let still_there = client
        .destinations()
        .for_user(&user.email)?
        .iter()
        .any(|d| d.id == assigned.id);
    if still_there {
        return Err("the destination is still assigned after the delete".into());
    }
    println!("removed       {bucket} from {} again", user.email);

    // 4. The monitoring feed: every plan's latest run, counted by status.
    let runs = client.monitoring().list()?;
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    for run in &runs {
        *by_status.entry(format!("{:?}", run.status)).or_default() += 1;
    }
    let summary: Vec<String> = by_status.iter().map(|(s, n)| format!("{s} {n}")).collect();
    println!("monitoring    {} runs: {}", runs.len(), summary.join(", "));

    // 5. The month's billing report; costs are decimals kept as the server wrote them.
    let billing = client.billing().get()?;
    println!(
        "billing       {} bytes in use, {} bytes on average, {} restored",
        billing.current_space_used, billing.average_space_used, billing.total_restore
    );
    for row in billing.statistic_billing.iter().flatten() {
        println!(
            "  {}: plan {} + storage {} + restore {} = {} (licenses used: {})",
            row.email.as_deref().unwrap_or(&row.user_id),
            row.plan_cost,
            row.storage_cost,
            row.restore_cost,
            row.total_cost,
            row.licenses_used
        );
    }

    // The details of the first user: a PUT that only reads (retried like a GET).
    if let Some(row) = billing.statistic_billing.iter().flatten().next() {
        let details = client
            .billing()
            .details(&BillingDetailsFilter::new(row.user_id.parse()?))?;
        for d in details.user_detail_list.iter().flatten() {
            println!(
                "  {} on {} in {}: {} bytes backed up, {} restored",
                row.email.as_deref().unwrap_or(&row.user_id),
                d.computer.as_deref().unwrap_or("-"),
                d.destination.as_deref().unwrap_or("-"),
                d.size_backup,
                d.size_restore
            );
        }
    }

    // 6. Agent builds and the latest version of each edition.
    for build in client.builds().list()? {
        println!(
            "build         {} {}: {}",
            build.build_type.as_deref().unwrap_or("-"),
            build.version.as_deref().unwrap_or("-"),
            build.download_link.as_deref().unwrap_or("-")
        );
    }
    let latest: Vec<String> = client
        .builds()
        .available_versions()?
        .iter()
        .map(|v| format!("{:?} {}", v.edition, v.version.as_deref().unwrap_or("-")))
        .collect();
    println!("latest        {}", latest.join(", "));
    Ok(())
}

fn run() -> Result<()> {
    let sandbox = Sandbox::start()?;
    println!(
        "mspbackups storage report on the embedded sandbox at {}\n",
        sandbox.base_url()
    );
    for format in Format::ALL {
        println!("── {format} ──");
        report(&sandbox.client(format)?)?;
        println!();
    }

    common::nothing_dropped(&sandbox)
}

fn main() -> ExitCode {
    common::exit_status("storage_report", run())
}
