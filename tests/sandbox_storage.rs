//! The Accounts, Destinations, Monitoring, Billing and Builds routes through the SDK against the
//! sandbox, in JSON and XML: a storage flow with its references enforced (account → bucket →
//! user's destination under a package), the monitoring feed's volume and determinism, billing
//! numbers that follow the state, and builds.
#![cfg(feature = "sandbox")]

mod common;

use common::{api_error, guid, is_guid, sandbox_and_client, seeded};
use mspbackups::models::{
    AccountDestination, AccountSettings, AccountType, AccountUpdate, AmazonS3Settings,
    BillingDetailsFilter, BillingFilter, Bucket, BucketSettings, BuildEdition, BuildRequest,
    BuildType, NewAccount, NewAccountDestination, NewBucket, NewUserDestination, Offset,
    PlanStatus, Timestamp, UserDestinationUpdate,
};
use mspbackups::sandbox::dcs::DiagnosticKind;
use mspbackups::sandbox::{DEFAULT_MONITORING_RECORDS, Sandbox};
use mspbackups::{Client, Format, Method, Request};

const S3: &str = "acc0a7d1-5c1b-4d6e-9b8a-0000000000a1";

/// Takes the diagnostics and checks that none says something was dropped or refused.
fn only_notes(sandbox: &Sandbox) {
    for r in sandbox.take_diagnostics() {
        assert_eq!(r.diagnostic.kind, DiagnosticKind::Note, "{r:?}");
    }
}

fn s3_account(name: &str) -> NewAccount {
    let mut settings = AccountSettings::new();
    settings.amazon_s3 = Some(AmazonS3Settings::new("AKIA-SANDBOX", "very-secret-key"));
    NewAccount::new(name, AccountType::AmazonS3, settings)
}

/// A raw request through the escape hatch; `Err` for a status that is not a success.
fn send(
    client: &Client,
    method: Method,
    path: &str,
    format: Format,
    body: Option<&str>,
) -> Result<mspbackups::Response, mspbackups::Error> {
    let mut req = Request::new(method, path, format).unwrap();
    if let Some(body) = body {
        req = req.with_body(body.as_bytes().to_vec());
    }
    client.send(&req)
}

#[test]
fn accounts_buckets_and_destinations_keep_their_references_in_both_formats() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);
        let bob = seeded(&sandbox, "bob@example.com");

        // The seed: two accounts; the S3 one holds the seeded users' buckets.
        let accounts = client.accounts().list().unwrap();
        let names: Vec<Option<&str>> = accounts.iter().map(|a| a.display_name.as_deref()).collect();
        assert_eq!(
            names,
            [Some("Sandbox S3"), Some("Sandbox Azure")],
            "{format:?}"
        );
        assert_eq!(
            client.accounts().get(S3).unwrap().as_ref(),
            Some(&accounts[0])
        );
        assert_eq!(
            client
                .accounts()
                .get("00000000-0000-4000-8000-000000000000")
                .unwrap(),
            None
        );
        only_notes(&sandbox);
        assert_eq!(client.destinations().list().unwrap().len(), 5);

        // Create an account: it appears with the type's name, a date without offset, no bucket.
        client.accounts().create(&s3_account("Backups EU")).unwrap();
        let created = client
            .accounts()
            .list()
            .unwrap()
            .into_iter()
            .find(|a| a.display_name.as_deref() == Some("Backups EU"))
            .unwrap();
        assert!(is_guid(&created.account_id), "{}", created.account_id);
        assert_eq!(created.storage_type.as_deref(), Some("AmazonS3"));
        assert_eq!(
            created.date_created.map(|d| d.offset()),
            Some(Offset::Unspecified)
        );
        assert_eq!(created.destinations.as_deref().map(<[_]>::len), Some(0));
        let account = created.account_id.clone();
        // Settings that don't match the type: the SDK refuses them before sending; sent raw,
        // the sandbox refuses them too.
        let wrong = NewAccount::new(
            "Wrong",
            AccountType::Azure,
            s3_account("x").account_settings,
        );
        common::assert_invalid_input(client.accounts().create(&wrong), "AccountSettings");
        let body = r#"{"DisplayName":"Wrong","Type":2,"AccountSettings":{"AmazonS3":{"AccessKey":"a","SecretKey":"b","IsGovCloud":false}}}"#;
        let e = api_error(send(
            &client,
            Method::Post,
            "/api/Accounts",
            Format::Json,
            Some(body),
        ));
        assert_eq!(
            (e.status(), e.message()),
            (
                400,
                Some("AccountSettings.Azure is required for an account of type Azure")
            )
        );
        assert_eq!(client.accounts().list().unwrap().len(), 3);

        // Add a bucket: the answer is the new DestinationOfAccount with its new ID.
        let added = client
            .accounts()
            .add_destination(&NewAccountDestination::new(guid(&account), "eu-bucket"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (added.account_id.as_str(), added.destination.as_str()),
            (account.as_str(), "eu-bucket")
        );
        assert!(
            added.destination_id.as_deref().is_some_and(is_guid),
            "{added:?}"
        );
        let again = api_error(
            client
                .accounts()
                .add_destination(&NewAccountDestination::new(guid(&account), "EU-Bucket")),
        );
        assert_eq!(
            again.message(),
            Some(format!("Destination EU-Bucket already exists in account {account}").as_str())
        );
        let listed = client.destinations().list().unwrap();
        assert!(
            listed
                .iter()
                .any(|d| d.account_id.as_deref() == Some(account.as_str())
                    && d.account_display_name.as_deref() == Some("Backups EU")
                    && d.destination.as_deref() == Some("eu-bucket")),
            "{listed:?}"
        );

        // Assign it to bob under package 3 (used by nobody); the references must exist.
        for (new, message) in [
            (
                NewUserDestination::new(&bob.id, &account, "eu-bucket", 99),
                "Package 99 not found".to_owned(),
            ),
            (
                NewUserDestination::new(&bob.id, &account, "no-bucket", 3),
                format!("Destination no-bucket not found in account {account}"),
            ),
            (
                NewUserDestination::new(&bob.id, "acc-nope", "eu-bucket", 3),
                "Account acc-nope not found".to_owned(),
            ),
            (
                NewUserDestination::new("user-nope", &account, "eu-bucket", 3),
                "User user-nope not found".to_owned(),
            ),
        ] {
            let e = api_error(client.destinations().create(&new));
            assert_eq!(
                (e.status(), e.message()),
                (400, Some(message.as_str())),
                "{format:?}"
            );
        }
        client
            .destinations()
            .create(&NewUserDestination::new(&bob.id, &account, "eu-bucket", 3))
            .unwrap();
        let e = api_error(client.destinations().create(&NewUserDestination::new(
            &bob.id,
            &account,
            "eu-bucket",
            3,
        )));
        assert_eq!(e.status(), 400);
        // It shows in bob's destinations (by login, any case) and in his DestinationList.
        let mine = client.destinations().for_user("BOB@example.com").unwrap();
        assert_eq!(mine.len(), 2, "{mine:?}");
        let assigned = mine
            .iter()
            .find(|d| d.destination.as_deref() == Some("eu-bucket"))
            .unwrap()
            .clone();
        assert!(is_guid(&assigned.id));
        assert_eq!((assigned.current_volume, assigned.package_id), (0, 3));
        assert_eq!(assigned.account_display_name.as_deref(), Some("Backups EU"));
        let shown = client.users().get(&bob.id).unwrap().unwrap();
        assert_eq!(shown.destination_list.as_deref(), Some(&mine[..]));
        let e = api_error(client.destinations().for_user("nobody@example.com"));
        assert_eq!(
            (e.status(), e.message()),
            (400, Some("User nobody@example.com not found"))
        );

        // Its package can't be deleted, nor its bucket removed, while it is assigned.
        let e = api_error(client.packages().delete(3));
        assert_eq!(
            e.message(),
            Some("Package 3 is in use by user bob@example.com and cannot be deleted")
        );
        let bucket = AccountDestination::new(&account, "eu-bucket");
        let e = api_error(client.accounts().remove_destination(&bucket));
        assert_eq!(
            (e.status(), e.message()),
            (
                400,
                Some(
                    "Destination eu-bucket is assigned to user bob@example.com; remove it from every user first"
                )
            )
        );

        // Change its package (JSON only), then remove it: without ?userId= no action matches.
        let mut change = UserDestinationUpdate::new(&assigned.id, &bob.id, &account);
        change.package_id = Some(1);
        client.destinations().update(&change).unwrap();
        let mine = client.destinations().for_user("bob@example.com").unwrap();
        assert_eq!(
            mine.iter()
                .find(|d| d.id == assigned.id)
                .map(|d| d.package_id),
            Some(1)
        );
        client.packages().delete(3).unwrap();
        let e = api_error(send(
            &client,
            Method::Delete,
            &format!("/api/Destinations/{}", assigned.id),
            format,
            None,
        ));
        assert_eq!(e.status(), 404);
        assert!(
            e.message()
                .is_some_and(|m| m.starts_with("No HTTP resource was found")),
            "{e:?}"
        );
        assert_eq!(sandbox.take_diagnostics().len(), 1);
        let e = api_error(client.destinations().delete(&assigned.id, "user-nope"));
        assert_eq!(e.message(), Some("User user-nope not found"));
        client.destinations().delete(&assigned.id, &bob.id).unwrap();
        assert_eq!(
            client
                .destinations()
                .for_user("bob@example.com")
                .unwrap()
                .len(),
            1
        );
        let e = api_error(client.destinations().delete(&assigned.id, &bob.id));
        assert_eq!(
            e.message(),
            Some(format!("Destination {} not found for user {}", assigned.id, bob.id).as_str())
        );

        // Now the bucket goes.
        client.accounts().remove_destination(&bucket).unwrap();
        assert!(
            !client
                .destinations()
                .list()
                .unwrap()
                .iter()
                .any(|d| d.destination.as_deref() == Some("eu-bucket"))
        );
        let e = api_error(client.accounts().remove_destination(&bucket));
        assert_eq!(
            e.message(),
            Some(format!("Destination eu-bucket not found in account {account}").as_str())
        );

        // Deleting a user frees their destinations: carol's bucket can go then.
        let carol = seeded(&sandbox, "carol.auto");
        let carols = AccountDestination::new(S3, "carol-backups");
        assert_eq!(
            api_error(client.accounts().remove_destination(&carols)).status(),
            400
        );
        client.users().delete(&carol.id).unwrap();
        client.accounts().remove_destination(&carols).unwrap();
        only_notes(&sandbox);
    }
}

#[test]
fn accounts_update_and_buckets_edit_and_create_reach_the_users() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);
        let alice = seeded(&sandbox, "alice");

        // Renaming the account (JSON only) reaches the users' destinations of it.
        client
            .accounts()
            .update(&AccountUpdate::new(S3, s3_account("Main S3")))
            .unwrap();
        let a = client.accounts().get(S3).unwrap().unwrap();
        assert_eq!(a.display_name.as_deref(), Some("Main S3"));
        let mine = client.destinations().for_user("alice").unwrap();
        assert_eq!(mine[0].account_display_name.as_deref(), Some("Main S3"));
        let e = api_error(
            client
                .accounts()
                .update(&AccountUpdate::new("acc-nope", s3_account("x"))),
        );
        assert_eq!(e.message(), Some("Account acc-nope not found"));

        // Editing a bucket (JSON only, by DestinationID) renames it for its users too.
        let listed = client
            .accounts()
            .get(S3)
            .unwrap()
            .unwrap()
            .destinations
            .unwrap();
        let mut edit = listed
            .iter()
            .find(|b| b.destination == "alice-backups")
            .unwrap()
            .clone();
        edit.destination = "alice-archive".into();
        edit.destination_display_name = Some("Alice".into());
        client.accounts().edit_destination(&edit).unwrap();
        let mine = client.destinations().for_user("alice").unwrap();
        assert_eq!(mine[0].destination.as_deref(), Some("alice-archive"));
        assert_eq!(mine[0].destination_display_name.as_deref(), Some("Alice"));
        assert_eq!(
            client
                .users()
                .get(&alice.id)
                .unwrap()
                .unwrap()
                .destination_list
                .unwrap()[0]
                .destination
                .as_deref(),
            Some("alice-archive")
        );

        // Creating a bucket (JSON only) answers it with its new ID.
        let mut settings = BucketSettings::new();
        settings.s3_compatible = Some(Bucket::new("fresh-bucket"));
        // (NewBucket has no constructor: built through its JSON form.)
        let mut new: NewBucket = serde_json::from_str(&format!(
            r#"{{"AccountID":"{S3}","DisplayName":"Fresh","DestinationSettings":{{}}}}"#
        ))
        .unwrap();
        new.destination_settings = settings;
        let made = client.accounts().create_destination(&new).unwrap();
        assert_eq!(made.destination, "fresh-bucket");
        assert_eq!(made.destination_display_name.as_deref(), Some("Fresh"));
        assert!(made.destination_id.as_deref().is_some_and(is_guid));
        assert!(
            client
                .destinations()
                .list()
                .unwrap()
                .iter()
                .any(|d| d.destination.as_deref() == Some("fresh-bucket"))
        );

        // A file share takes no bucket (the docs: AddDestination is not valid for type 21).
        let share: NewAccount = serde_json::from_str(
            r#"{"DisplayName":"Share","Type":21,"AccountSettings":{"FS":{"Login":"ops","Pass":"share-pass","Path":"\\\\srv\\backups"}}}"#,
        )
        .unwrap();
        client.accounts().create(&share).unwrap();
        let share = client
            .accounts()
            .list()
            .unwrap()
            .into_iter()
            .find(|a| a.display_name.as_deref() == Some("Share"))
            .unwrap();
        assert_eq!(share.storage_type.as_deref(), Some("FS"));
        let e = api_error(
            client
                .accounts()
                .add_destination(&NewAccountDestination::new(guid(&share.account_id), "b")),
        );
        assert_eq!(
            e.message(),
            Some(
                format!(
                    "Account {} is a file share: destinations cannot be added to it",
                    share.account_id
                )
                .as_str()
            )
        );
        let e = api_error(client.accounts().create_destination(&new));
        assert_eq!(
            e.message(),
            Some(format!("Destination fresh-bucket already exists in account {S3}").as_str())
        );
        only_notes(&sandbox);
    }
}

#[test]
fn monitoring_is_generated_from_the_computers_deterministically() {
    for format in Format::ALL {
        let sandbox = Sandbox::builder().monitoring_records(1000).start().unwrap();
        let client = sandbox.client(format).unwrap();
        let all = client.monitoring().list().unwrap();
        assert_eq!(all.len(), 1000, "{format:?}");
        assert_eq!(all, sandbox.monitoring());
        // Every status appears, Warning (7) included, and dates carry no offset.
        for n in 0..8 {
            assert!(
                all.iter().any(|r| r.status == PlanStatus::from_value(n)),
                "status {n}"
            );
        }
        assert!(all.iter().any(|r| r.status == PlanStatus::Warning));
        assert!(all.iter().all(|r| {
            r.last_start
                .is_some_and(|t| t.offset() == Offset::Unspecified)
        }));
        // The seeded users' five computers, each with its user.
        let mut computers: Vec<&str> = all
            .iter()
            .filter_map(|r| r.computer_name.as_deref())
            .collect();
        computers.sort();
        computers.dedup();
        assert_eq!(
            computers,
            [
                "ALICE-LAPTOP",
                "ALICE-PC",
                "BOB-LAPTOP",
                "CAROL-NAS",
                "CAROL-SRV"
            ]
        );
        // The wire body is the SDK's encoding of the same records, the same every time.
        let body = send(&client, Method::Get, "/api/Monitoring", format, None).unwrap();
        assert_eq!(
            body.body(),
            sandbox.monitoring_body(format).unwrap().as_slice()
        );
        let other = Sandbox::builder().monitoring_records(1000).start().unwrap();
        assert_eq!(
            other.monitoring_body(format).unwrap(),
            sandbox.monitoring_body(format).unwrap()
        );

        // One user's records are the same records, filtered.
        let alice = seeded(&sandbox, "alice");
        let hers = client.monitoring().for_user(&alice.id).unwrap();
        let expected: Vec<_> = all
            .iter()
            .filter(|r| r.user_id.as_deref() == Some(alice.id.as_str()))
            .cloned()
            .collect();
        assert_eq!(hers, expected);
        assert_eq!(hers.len(), 400);
        let e = api_error(client.monitoring().for_user("user-nope"));
        assert_eq!(
            (e.status(), e.message()),
            (400, Some("User user-nope not found"))
        );

        // The feed follows the state: without carol, her computers report nothing.
        client
            .users()
            .delete(&seeded(&sandbox, "carol.auto").id)
            .unwrap();
        let now = client.monitoring().list().unwrap();
        assert_eq!(now.len(), 1000);
        assert!(
            now.iter()
                .all(|r| r.user_name.as_deref() != Some("carol.auto"))
        );
        assert!(
            sandbox.diagnostics().is_empty(),
            "{:?}",
            sandbox.diagnostics()
        );
    }
    // The default volume is small.
    let (sandbox, client) = sandbox_and_client(Format::Json);
    assert_eq!(
        client.monitoring().list().unwrap().len(),
        DEFAULT_MONITORING_RECORDS
    );
    drop(sandbox);
}

#[test]
fn monitoring_serves_a_hundred_thousand_records() {
    let sandbox = Sandbox::builder()
        .monitoring_records(100_000)
        .start()
        .unwrap();
    // The body is larger than the client's default 8 MiB cap.
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .credentials(sandbox.api_login(), sandbox.api_password().clone())
        .format(Format::Xml)
        .no_proxy()
        .max_response_bytes(512 << 20)
        .build()
        .unwrap();
    let records = client.monitoring().list().unwrap();
    assert_eq!(records.len(), 100_000);
    assert_eq!(records[99_999].status, PlanStatus::Warning);
    // Record i does not depend on the volume: a small feed is the start of the large one.
    let small = Sandbox::start().unwrap().monitoring();
    assert_eq!(small.len(), DEFAULT_MONITORING_RECORDS);
    assert_eq!(records[..DEFAULT_MONITORING_RECORDS], small[..]);
}

#[test]
fn billing_follows_the_state_in_both_formats() {
    for format in Format::ALL {
        let sandbox = Sandbox::builder().billing_month(2025, 3).start().unwrap();
        let client = sandbox.client(format).unwrap();
        let alice = seeded(&sandbox, "alice");
        let bob = seeded(&sandbox, "bob@example.com");

        // The seed: one row per user; volumes from their destinations, costs from packages
        // (alice and carol: 1 at 4.99, bob: 2 at 29.0), licenses granted to them.
        let report = client.billing().get().unwrap();
        let rows = report.statistic_billing.clone().unwrap();
        let got: Vec<(&str, i64, i64, &str, &str, &str, i64)> = rows
            .iter()
            .map(|r| {
                (
                    r.email.as_deref().unwrap(),
                    r.average_space,
                    r.total_volume_restore,
                    r.plan_cost.as_str(),
                    r.storage_cost.as_str(),
                    r.total_cost.as_str(),
                    r.licenses_used,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("alice", 1_048_576, 104_857, "4.99", "0.00", "4.99", 2),
                (
                    "bob@example.com",
                    524_288,
                    52_428,
                    "29.00",
                    "0.00",
                    "29.00",
                    1
                ),
                ("carol.auto", 2_097_152, 209_715, "4.99", "0.00", "4.99", 1),
            ],
            "{format:?}"
        );
        assert_eq!(
            (report.current_space_used, report.average_space_used),
            (3_670_016, 3_670_016)
        );
        assert_eq!(report.total_restore, 104_857 + 52_428 + 209_715);
        assert_eq!(rows[0].restore_cost.as_str(), "0.00");

        // Alice's data grows past her package's 100 GB: 50 GB over at 4.99 per 100 GB.
        let dest = alice.destinations[0].id.clone();
        sandbox
            .set_destination_volume(&alice.id, &dest, 150 << 30)
            .unwrap();
        let free = client.licenses().list_by_availability(true).unwrap();
        client
            .licenses()
            .grant_to_user(&free[0].id, &bob.id)
            .unwrap();
        let rows = client.billing().get().unwrap().statistic_billing.unwrap();
        assert_eq!(rows[0].average_space, 150 << 30);
        assert_eq!(
            (rows[0].storage_cost.as_str(), rows[0].total_cost.as_str()),
            ("2.50", "7.49")
        );
        assert_eq!(rows[1].licenses_used, 2);
        assert_eq!(
            client.users().get(&alice.id).unwrap().unwrap().space_used,
            150 << 30
        );

        // Filtered by company (any case) and month; another month has no data.
        let mut filter = BillingFilter::new();
        filter.company_name = Some("acme corp".into());
        let acme = client.billing().filter(&filter).unwrap();
        let emails: Vec<_> = acme
            .statistic_billing
            .unwrap()
            .into_iter()
            .map(|r| r.email.unwrap())
            .collect();
        assert_eq!(emails, ["alice", "bob@example.com"]);
        filter.date = Some("2025-03-31T23:00:00".parse::<Timestamp>().unwrap());
        assert_eq!(
            client.billing().filter(&filter).unwrap().current_space_used,
            (150 << 30) + 524_288
        );
        only_notes(&sandbox);
        filter.date = Some("2024-01-01T00:00:00".parse().unwrap());
        let empty = client.billing().filter(&filter).unwrap();
        assert_eq!(
            (
                empty.current_space_used,
                empty.average_space_used,
                empty.total_restore,
                empty.statistic_billing
            ),
            (0, 0, 0, Some(vec![]))
        );
        assert_eq!(
            sandbox.take_diagnostics().len(),
            1,
            "a note says which month has data"
        );

        // Details: one row per computer of the destination, the volume split between them.
        let details = client
            .billing()
            .details(&BillingDetailsFilter::new(guid(&alice.id)))
            .unwrap();
        assert_eq!(details.user_id, alice.id);
        assert_eq!(details.total_backup_bytes, 150 << 30);
        assert_eq!(details.total_restore_bytes, (150i64 << 30) / 10);
        let list = details.user_detail_list.unwrap();
        let rows: Vec<_> = list
            .iter()
            .map(|r| {
                (
                    r.computer.as_deref(),
                    r.size_backup,
                    r.destination.as_deref(),
                    r.account_id.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    Some("ALICE-PC"),
                    75 << 30,
                    Some("Sandbox S3 (alice-backups)"),
                    Some(S3)
                ),
                (
                    Some("ALICE-LAPTOP"),
                    75 << 30,
                    Some("Sandbox S3 (alice-backups)"),
                    Some(S3)
                ),
            ]
        );
        let mut other_month = BillingDetailsFilter::new(guid(&alice.id));
        other_month.date = Some("2024-12-01T00:00:00".parse().unwrap());
        let none = client.billing().details(&other_month).unwrap();
        assert_eq!(
            (none.total_backup_bytes, none.user_detail_list),
            (0, Some(vec![]))
        );
        let e = api_error(client.billing().details(&BillingDetailsFilter::new(guid(
            "00000000-0000-4000-8000-000000000000",
        ))));
        assert_eq!(
            (e.status(), e.message()),
            (
                400,
                Some("User 00000000-0000-4000-8000-000000000000 not found")
            )
        );
    }
}

#[test]
fn builds_are_seeded_and_custom_requests_recorded() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);
        let builds = client.builds().list().unwrap();
        let got: Vec<_> = builds
            .iter()
            .map(|b| (b.build_type.as_deref(), b.version.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Windows"), Some("5.8.6.28")),
                (Some("macOS"), Some("2.4.0.17"))
            ]
        );
        assert!(
            builds[1]
                .download_link
                .as_deref()
                .is_some_and(|l| l.ends_with("_20180503154137.pkg"))
        );
        let versions = client.builds().available_versions().unwrap();
        let got: Vec<_> = versions
            .iter()
            .map(|v| (v.edition.clone(), v.version.as_deref().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                (BuildEdition::Windows, "5.9.0.274"),
                (BuildEdition::VirtualMachine, "5.9.0.274"),
                (BuildEdition::MacOS, "2.4.3.11"),
                (BuildEdition::LinuxDeb, "2.4.3.11"),
                (BuildEdition::LinuxRpm, "2.4.3.11"),
                (BuildEdition::DedupServer, "2.3.1.42"),
            ]
        );

        let request = BuildRequest::new(
            vec![BuildEdition::Windows, BuildEdition::MacOS],
            BuildType::Sandbox,
        );
        client.builds().request_custom(&request).unwrap();
        assert_eq!(sandbox.build_requests(), [request]);

        // An empty edition list (the SDK refuses it; sent raw here) fails the model state.
        let body = match format {
            Format::Json => r#"{"Editions":[],"Type":0}"#.to_owned(),
            Format::Xml => r#"<RequestBuilds xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models"><Editions/><Type>Custom</Type></RequestBuilds>"#.to_owned(),
        };
        let e = api_error(send(
            &client,
            Method::Post,
            "/api/Builds/RequestCustomBuilds",
            format,
            Some(&body),
        ));
        assert_eq!(
            (e.status(), e.message()),
            (400, Some("The request is invalid."))
        );
        assert_eq!(
            e.model_state(),
            [(
                "model.Editions".to_owned(),
                vec!["The field Editions must be a string or array type with a minimum length of '1'.".to_owned()]
            )]
        );
        assert_eq!(sandbox.build_requests().len(), 1);
        assert!(
            sandbox.diagnostics().is_empty(),
            "{:?}",
            sandbox.diagnostics()
        );
    }
}
