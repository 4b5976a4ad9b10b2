//! The sandbox's Monitoring and Billing routes: answers computed from the state, not stored.
//!
//! - **Monitoring**: a feed of plan runs generated deterministically from the users' computers
//!   (`GET /api/Users/{userId}/Computers`) in a volume the builder sets: record `i` belongs to
//!   computer `i mod C` (the users' computers in the sandbox's order), is that computer's plan
//!   `i div C`, and has status `i mod 8` (so every status, Warning included, appears once
//!   there are 8 records). Everything else follows from `i` by a fixed hash: the same state and
//!   volume give the same bytes.
//! - **Billing**: one row per user, from their destinations (volumes), their packages (costs)
//!   and their licenses, for the sandbox's billing month only (the sandbox keeps no history).

use super::dcs::{Diagnostic, DiagnosticKind};
use super::http::{Call, Reply, lock, model_reply, refused};
use super::state::{Refusal, State};
use super::tenant_routes::{bind_as, sandbox_failed};
use super::tenants::built;
use crate::models::{
    BillingDetails, BillingDetailsFilter, BillingFilter, BillingReport, Decimal, PlanRun,
    PlanStatus, PlanType, Timestamp, UserBilling, UserBillingDetail,
};

/// How many monitoring records a sandbox serves unless its builder says otherwise.
pub const DEFAULT_MONITORING_RECORDS: usize = 16;

/// The agent version the generated records show (the seeded computers' version).
const BUILD_VERSION: &str = "7.9.4.83";
/// The newest `LastStart` of the feed: 2025-03-19T10:26:47 (no offset).
const NEWEST_START: i64 = 1_742_380_007;

/// One computer the feed reports on, with its user.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    user_id: String,
    login: String,
    company: Option<String>,
    computer: String,
}

/// The computers of the users (of one user with `only`), in the sandbox's order, and the
/// index among all of them of each.
pub(crate) fn sources(state: &State) -> Vec<Source> {
    state
        .users
        .iter()
        .flat_map(|u| {
            u.computers.iter().map(move |c| Source {
                user_id: u.id.clone(),
                login: u.email.clone(),
                company: u.company.clone(),
                computer: c.computer_name.clone(),
            })
        })
        .collect()
}

/// SplitMix64: a fixed, well-mixed hash of a record's index.
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `YYYY-MM-DDTHH:MM:SS` (no offset, as the real feed writes dates) for Unix seconds.
fn plain_time(unix: i64) -> Option<Timestamp> {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (year, month, day) = crate::models::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
    .parse()
    .ok()
}

const PLAN_TYPES: [PlanType; 8] = [
    PlanType::BackupFiles,
    PlanType::Backup,
    PlanType::VMBackup,
    PlanType::SQLBackup,
    PlanType::RestoreFiles,
    PlanType::ExchangeBackup,
    PlanType::ConsistencyCheck,
    PlanType::HyperVBackup,
];

/// Record `i` of a feed over `sources`.
fn record(i: usize, sources: &[Source], template: &PlanRun) -> Option<PlanRun> {
    let source = sources.get(i % sources.len().max(1))?;
    let plan = i / sources.len().max(1);
    let h = mix(i as u64);
    let status = PlanStatus::from_value((i % 8) as i64);
    let plan_type = PLAN_TYPES[plan % PLAN_TYPES.len()].clone();
    let last_start = NEWEST_START - (i as i64) * 61 - (h % 3600) as i64;
    let next_start = (plan % 3 != 2).then(|| last_start + 86_400);
    let total_data = (h % (64 << 30)) as i64;
    let data_to_backup = total_data / (2 + (h >> 40) as i64 % 14);
    let files_scanned = 10 + (h >> 8) as i64 % 50_000;
    let files_to_backup = files_scanned / (1 + (h >> 24) as i64 % 20);
    let (done, failed, error) = match status {
        PlanStatus::Success => (true, 0, None),
        PlanStatus::Warning => (
            true,
            1 + (h >> 32) as i64 % 5,
            Some("Some files were skipped: they were in use by another process"),
        ),
        PlanStatus::Error => (
            false,
            1 + (h >> 32) as i64 % 50,
            Some("Access to the path is denied"),
        ),
        PlanStatus::UnexpectedlyClosed => {
            (false, 0, Some("The backup service stopped unexpectedly"))
        }
        PlanStatus::Interrupted => (false, 0, Some("The plan was interrupted by the user")),
        _ => (false, 0, None),
    };
    let (data_copied, files_copied) = if done {
        (
            data_to_backup,
            files_to_backup - failed.min(files_to_backup),
        )
    } else {
        (data_to_backup / 2, files_to_backup / 2)
    };
    let plan_id = format!("9a7e0000-5c1b-4d6e-9b8a-{:012x}", i & 0xFFFF_FFFF_FFFF);
    let mut r = template.clone();
    r.plan_name = Some(format!(
        "{} {}",
        plan_type.name().unwrap_or("Backup"),
        plan + 1
    ));
    r.company_name = source.company.clone();
    r.user_name = Some(source.login.clone());
    r.user_id = Some(source.user_id.clone());
    r.computer_name = Some(source.computer.clone());
    r.build_version = Some(BUILD_VERSION.to_owned());
    r.storage_type = Some("Cloud".to_owned());
    r.last_start = plain_time(last_start);
    r.next_start = next_start.and_then(plain_time);
    r.status = status;
    r.error_message = error.map(str::to_owned);
    r.files_copied = files_copied;
    r.files_failed = failed;
    r.data_copied = data_copied;
    r.duration = Some(format!("{} second(s)", 1 + (h >> 48) % 3600));
    r.data_to_backup = data_to_backup;
    r.total_data = total_data;
    r.files_scanned = files_scanned;
    r.files_to_backup = files_to_backup;
    r.detailed_report_link = Some(format!(
        "https://mspbackups.sandbox.invalid/Reports/{plan_id}"
    ));
    r.plan_id = Some(plan_id);
    r.plan_type = Some(plan_type);
    Some(r)
}

/// An empty record, cloned for each record (the models have no public constructor).
fn template() -> Option<PlanRun> {
    built(serde_json::json!({
        "Status": 0,
        "FilesCopied": 0,
        "FilesFailed": 0,
        "DataCopied": 0,
        "DataToBackup": 0,
        "TotalData": 0,
        "FilesScanned": 0,
        "FilesToBackup": 0,
    }))
    .ok()
}

/// The feed: `total` records over `sources`, only the user `only`'s when given.
pub(crate) fn feed(sources: &[Source], total: usize, only: Option<&str>) -> Vec<PlanRun> {
    if sources.is_empty() {
        return Vec::new();
    }
    let mine: Vec<bool> = sources
        .iter()
        .map(|s| only.is_none_or(|u| s.user_id.eq_ignore_ascii_case(u)))
        .collect();
    let Some(template) = template() else {
        return Vec::new();
    };
    (0..total)
        .filter(|i| mine[i % sources.len()])
        .filter_map(|i| record(i, sources, &template))
        .collect()
}

/// Runs the Monitoring route `call` is for; `user_id` is its path parameter, if any.
pub(crate) fn monitoring(call: &Call<'_>, user_id: &str) -> Reply {
    let neg = call.neg;
    let (sources, only) = {
        let state = lock(call.env.state);
        if call.route.operation == "for_user" {
            match state.find_user(user_id) {
                Some(u) => (sources(&state), Some(u.id.clone())),
                None => {
                    return refused(neg, Refusal(format!("User {user_id} not found")));
                }
            }
        } else {
            (sources(&state), None)
        }
    };
    let records = feed(&sources, call.env.monitoring_records, only.as_deref());
    model_reply(neg, PlanRun::list_to_body(&records, neg.format))
}

// ----- Billing -----

/// The month the sandbox has billing data for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Month {
    pub(crate) year: u16,
    pub(crate) month: u8,
}

impl Month {
    /// The month of now (UTC).
    pub(crate) fn current() -> Month {
        let now = Timestamp::from_system_time(std::time::SystemTime::now());
        Month {
            year: now.year(),
            month: now.month(),
        }
    }

    /// Whether `date` (as written, its offset ignored) is in this month; no date is.
    fn holds(self, date: Option<&Timestamp>) -> bool {
        date.is_none_or(|d| d.year() == self.year && d.month() == self.month)
    }
}

/// A decimal's value in ten-thousandths (`4.99` → 49 900); `None` for text that is not a plain
/// decimal number.
fn ten_thousandths(d: &Decimal) -> Option<i128> {
    let text = d.as_str().trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
        || whole.len() > 24
    {
        return None;
    }
    let mut value: i128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut scale = 0;
    for b in fraction.bytes().take(4) {
        value = value * 10 + i128::from(b - b'0');
        scale += 1;
    }
    for _ in scale..4 {
        value *= 10;
    }
    Some(if negative { -value } else { value })
}

/// Ten-thousandths rounded (half away from zero) to cents, as a decimal with two places.
fn money(ten_thousandths: i128) -> Decimal {
    let cents = (ten_thousandths.abs() + 50) / 100;
    let sign = if ten_thousandths < 0 && cents > 0 {
        "-"
    } else {
        ""
    };
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
        .parse()
        .unwrap_or_else(|_| Decimal::from(0))
}

const GIB: i128 = 1 << 30;

/// One user's row: volumes from their destinations, costs from their packages, licenses from
/// the pool. See the module docs of [`crate::sandbox`] for the formula.
fn user_row(state: &State, user: &super::state::SandboxUser) -> Result<UserBilling, Refusal> {
    let mut volume: i64 = 0;
    let mut restore: i64 = 0;
    let (mut plan, mut storage) = (0i128, 0i128);
    for d in &user.destinations {
        volume = volume.saturating_add(d.current_volume);
        restore = restore.saturating_add(d.current_volume / 10);
        let Some(package) = state
            .packages
            .iter()
            .find(|p| p.id == i64::from(d.package_id))
        else {
            continue;
        };
        let cost = ten_thousandths(&package.cost).unwrap_or(0);
        plan += cost;
        // Storage over the package's limit (GB), charged pro rata of the package's cost.
        let limit_bytes = ten_thousandths(&package.storage_limit).unwrap_or(0) * GIB / 10_000;
        let over = i128::from(d.current_volume) - limit_bytes;
        if limit_bytes > 0 && over > 0 {
            storage += over * cost / limit_bytes;
        }
    }
    let licenses = state
        .licenses
        .iter()
        .filter(|l| {
            l.user_id
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(&user.id))
        })
        .count();
    // Through the JSON text: the decimals are read raw, which `from_value` can't do.
    let row = serde_json::from_str::<UserBilling>(
        &serde_json::json!({
            "UserId": user.id,
            "Email": user.email,
            "FirstName": user.first_name,
            "LastName": user.last_name,
            "CompanyName": user.company,
            "AverageSpace": volume,
            "TotalVolumeRestore": restore,
            "PlanCost": 0,
            "StorageCost": 0,
            "RestoreCost": 0,
            "TotalCost": 0,
            "LicensesUsed": licenses,
        })
        .to_string(),
    )
    .map(|mut row| {
        row.plan_cost = money(plan);
        row.storage_cost = money(storage);
        row.restore_cost = money(0);
        row.total_cost = money(plan + storage);
        row
    });
    row.map_err(|e| Refusal(format!("The sandbox could not write the billing row: {e}")))
}

/// `GET /api/Billing` and `PUT /api/Billing`: the rows of the users (of one company, when
/// given: its name compared ignoring case and surrounding spaces) for the billing month; any
/// other month has no data (zeros, no rows).
pub(crate) fn report(
    state: &State,
    month: Month,
    date: Option<&Timestamp>,
    company: Option<&str>,
) -> Result<BillingReport, Refusal> {
    let company = company.map(str::trim).filter(|c| !c.is_empty());
    let rows: Vec<UserBilling> = if month.holds(date) {
        state
            .users
            .iter()
            .filter(|u| {
                company.is_none_or(|c| {
                    u.company
                        .as_deref()
                        .is_some_and(|uc| uc.trim().eq_ignore_ascii_case(c))
                })
            })
            .map(|u| user_row(state, u))
            .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    let space: i64 = rows.iter().map(|r| r.average_space).sum();
    let restore: i64 = rows.iter().map(|r| r.total_volume_restore).sum();
    let mut report = built::<BillingReport>(serde_json::json!({
        "CurrentSpaceUsed": space,
        "AverageSpaceUsed": space,
        "TotalRestore": restore,
        "StatisticBilling": [],
    }))
    .map_err(|e| Refusal(format!("The sandbox could not write the report: {e}")))?;
    report.statistic_billing = Some(rows);
    Ok(report)
}

/// `PUT /api/Billing/Details`: one row per computer backed up to each of the user's
/// destinations (a destination's volume split evenly among them), or one row without a
/// computer for a destination no computer uses.
pub(crate) fn details(
    state: &State,
    month: Month,
    user_id: &str,
    date: Option<&Timestamp>,
) -> Result<BillingDetails, Refusal> {
    let user = state
        .find_user(user_id)
        .ok_or_else(|| Refusal(format!("User {user_id} not found")))?;
    let mut rows = Vec::new();
    if month.holds(date) {
        for d in &user.destinations {
            let account_name = d
                .account_id
                .as_deref()
                .and_then(|a| state.account(a))
                .and_then(|a| a.display_name.clone());
            let bucket = d.destination.clone().unwrap_or_default();
            let shown = match account_name {
                Some(name) => format!("{} ({bucket})", name.trim()),
                None => bucket,
            };
            let computers: Vec<&str> = user
                .computers
                .iter()
                .filter(|c| c.destination_id.eq_ignore_ascii_case(&d.id))
                .map(|c| c.computer_name.as_str())
                .collect();
            let restore = d.current_volume / 10;
            let row = |computer: Option<&str>, backup: i64, restored: i64| {
                built::<UserBillingDetail>(serde_json::json!({
                    "Computer": computer,
                    "SizeBackup": backup,
                    "SizeRestore": restored,
                    "Prefix": computer,
                    "AccountID": d.account_id,
                    "Destination": shown,
                }))
                .map_err(|e| Refusal(format!("The sandbox could not write the details: {e}")))
            };
            if computers.is_empty() {
                rows.push(row(None, d.current_volume, restore)?);
                continue;
            }
            let k = computers.len() as i64;
            for (n, c) in computers.iter().enumerate() {
                let first = n == 0;
                let backup = d.current_volume / k + if first { d.current_volume % k } else { 0 };
                let restored = restore / k + if first { restore % k } else { 0 };
                rows.push(row(Some(c), backup, restored)?);
            }
        }
    }
    let mut answer = built::<BillingDetails>(serde_json::json!({
        "TotalBackupBytes": rows.iter().map(|r| r.size_backup).sum::<i64>(),
        "TotalRestoreBytes": rows.iter().map(|r| r.size_restore).sum::<i64>(),
        "UserID": user.id,
        "UserDetailList": [],
    }))
    .map_err(|e| Refusal(format!("The sandbox could not write the details: {e}")))?;
    answer.user_detail_list = Some(rows);
    Ok(answer)
}

/// Runs the Billing route `call` is for.
pub(crate) fn billing(call: &Call<'_>) -> Reply {
    let neg = call.neg;
    let month = call.env.billing_month;
    match call.route.operation {
        "get" => {
            let result = report(&lock(call.env.state), month, None, None);
            match result {
                Ok(r) => model_reply(neg, r.to_body(neg.format)),
                Err(Refusal(why)) => sandbox_failed(neg, why),
            }
        }
        "filter" => {
            let (filter, _, diagnostics) =
                match bind_as::<BillingFilter>(call, &BillingFilter::CONTRACT) {
                    Ok(ok) => ok,
                    Err(reply) => return reply,
                };
            let result = report(
                &lock(call.env.state),
                month,
                filter.date.as_ref(),
                filter.company_name.as_deref(),
            );
            match result {
                Ok(r) => model_reply(neg, r.to_body(neg.format))
                    .with_diagnostics(no_data_note(month, filter.date.as_ref())),
                Err(Refusal(why)) => sandbox_failed(neg, why),
            }
            .with_diagnostics(diagnostics)
        }
        // "details"
        _ => {
            let (filter, _, diagnostics) =
                match bind_as::<BillingDetailsFilter>(call, &BillingDetailsFilter::CONTRACT) {
                    Ok(ok) => ok,
                    Err(reply) => return reply,
                };
            let result = details(
                &lock(call.env.state),
                month,
                filter.user_id.as_str(),
                filter.date.as_ref(),
            );
            match result {
                Ok(d) => model_reply(neg, d.to_body(neg.format))
                    .with_diagnostics(no_data_note(month, filter.date.as_ref())),
                Err(refusal) => refused(neg, refusal),
            }
            .with_diagnostics(diagnostics)
        }
    }
}

/// A note when the month asked for is not the sandbox's billing month.
fn no_data_note(month: Month, date: Option<&Timestamp>) -> Vec<Diagnostic> {
    match date {
        Some(d) if !month.holds(Some(d)) => vec![Diagnostic::new(
            DiagnosticKind::Note,
            Some("Date".to_owned()),
            format!(
                "the sandbox has billing data for {:04}-{:02} only; {:04}-{:02} answers zeros",
                month.year,
                month.month,
                d.year(),
                d.month()
            ),
        )],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn decimals_are_read_exactly_and_money_rounds_half_away_from_zero() {
        assert_eq!(ten_thousandths(&d("4.99")), Some(49_900));
        assert_eq!(ten_thousandths(&d("100")), Some(1_000_000));
        assert_eq!(ten_thousandths(&d("-1.0")), Some(-10_000));
        assert_eq!(ten_thousandths(&d("0.00005")), Some(0));
        assert_eq!(money(24_950).as_str(), "2.50");
        assert_eq!(money(24_949).as_str(), "2.49");
        assert_eq!(money(0).as_str(), "0.00");
        assert_eq!(money(-24_950).as_str(), "-2.50");
        assert_eq!(money(1_234_567_800).as_str(), "123456.78");
    }

    #[test]
    fn plain_times_have_no_offset() {
        let t = plain_time(NEWEST_START).unwrap();
        assert_eq!(t.to_string(), "2025-03-19T10:26:47");
        assert_eq!(plain_time(0).unwrap().to_string(), "1970-01-01T00:00:00");
        assert_eq!(
            plain_time(951_782_400).unwrap().to_string(),
            "2000-02-29T00:00:00"
        );
    }

    #[test]
    fn the_feed_spreads_statuses_and_is_the_same_every_time() {
        let sources: Vec<Source> = (0..3)
            .map(|n| Source {
                user_id: format!("u{}", n % 2),
                login: format!("user{}", n % 2),
                company: None,
                computer: format!("PC-{n}"),
            })
            .collect();
        let a = feed(&sources, 40, None);
        assert_eq!(a, feed(&sources, 40, None));
        assert_eq!(a.len(), 40);
        for status in 0..8 {
            assert!(
                a.iter().any(|r| r.status.value() == Some(status)),
                "status {status}"
            );
        }
        assert!(a.iter().any(|r| r.status == PlanStatus::Warning));
        // One user's records are the same records, filtered.
        let mine = feed(&sources, 40, Some("U1"));
        let expected: Vec<PlanRun> = a
            .iter()
            .filter(|r| r.user_id.as_deref() == Some("u1"))
            .cloned()
            .collect();
        assert_eq!(mine, expected);
        assert!(!mine.is_empty());
        assert!(feed(&[], 40, None).is_empty());
        // Dates carry no offset.
        assert!(a.iter().all(|r| {
            r.last_start
                .is_some_and(|t| t.offset() == crate::models::Offset::Unspecified)
        }));
    }
}
