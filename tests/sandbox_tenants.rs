//! The Companies, Administrators, Packages and Computers routes through the SDK against the
//! sandbox, in JSON and XML (Computers: both client formats, JSON on the wire): CRUD round
//! trips, the referential rules, paging through every seeded computer, and authorization codes.
#![cfg(feature = "sandbox")]

mod common;

use std::collections::BTreeSet;

use common::{api_error, is_guid, sandbox_and_client, seeded};
use mspbackups::models::{
    AdministratorUpdate, CompanyDestination, ComputerAuthorization, DestinationForNewUser,
    LicensingMode, NewAdministrator, NewCompany, NewPackage, NewUser, PermissionMode, Permissions,
};
use mspbackups::sandbox::dcs::DiagnosticKind;
use mspbackups::sandbox::{DEFAULT_ADMINISTRATOR_PASSWORD, Recorded, Sandbox};
use mspbackups::{Format, Method, Request};

/// Takes the diagnostics and checks that each is a note (the sandbox says what it chose), not
/// something dropped or refused.
fn only_notes(sandbox: &Sandbox) -> Vec<Recorded> {
    let taken = sandbox.take_diagnostics();
    for r in &taken {
        assert_eq!(r.diagnostic.kind, DiagnosticKind::Note, "{r:?}");
    }
    taken
}

#[test]
fn companies_round_trip_and_keep_their_users_in_both_formats() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);

        // The seed: Acme Corp (alice, bob) and Globex (carol).
        let listed = client.companies().list().unwrap();
        let names: Vec<&str> = listed.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Acme Corp", "Globex"], "{format:?}");
        let acme = listed[0].clone();
        assert_eq!(acme.license_settings, LicensingMode::GlobalLicensesPool);
        assert_eq!(
            client.companies().get(acme.id.as_str()).unwrap().as_ref(),
            Some(&acme)
        );
        assert_eq!(
            seeded(&sandbox, "alice").company.as_deref(),
            Some("Acme Corp")
        );

        // An unknown ID reads as None (a note says the sandbox chose 200 null).
        let unknown = "00000000-0000-4000-8000-000000000000";
        assert_eq!(client.companies().get(unknown).unwrap(), None);
        assert_eq!(only_notes(&sandbox).len(), 1);

        // create: the new GUID comes back; nested destinations and the license enums survive.
        let destination = "de570a7e-5c1b-4d6e-9b8a-0000000000ff";
        let mut new = NewCompany::new("Initech", 500);
        new.license_settings = LicensingMode::CompanyLicensesPool;
        new.destinations = Some(vec![CompanyDestination::new(destination.parse().unwrap())]);
        let id = client.companies().create(&new).unwrap().unwrap();
        assert!(is_guid(&id), "{id}");
        let initech = client.companies().get(&id).unwrap().unwrap();
        assert_eq!(initech.name, "Initech");
        assert_eq!(initech.storage_limit, 500);
        assert_eq!(initech.license_settings, LicensingMode::CompanyLicensesPool);
        let dests = initech.destinations.clone().unwrap();
        assert_eq!(dests.len(), 1);
        assert_eq!(dests[0].destination_id.as_str(), destination);
        assert_eq!(client.companies().list().unwrap().len(), 3);

        // The same name again (any case) is a business error.
        let e = api_error(client.companies().create(&NewCompany::new("INITECH", -1)));
        assert_eq!(
            (e.status(), e.message()),
            (400, Some("Company INITECH already exists"))
        );
        assert_eq!(client.companies().list().unwrap().len(), 3);

        // update: a rename reaches the company's users and administrators; members added
        // later that the body leaves out keep their value.
        let mut renamed = acme.clone();
        renamed.name = "Acme Holdings".into();
        renamed.storage_limit = -1;
        client.companies().update(&renamed).unwrap();
        let now = client.companies().get(acme.id.as_str()).unwrap().unwrap();
        assert_eq!(
            (now.name.as_str(), now.storage_limit),
            ("Acme Holdings", -1)
        );
        for login in ["alice", "bob@example.com"] {
            let user = seeded(&sandbox, login);
            let shown = client.users().get(&user.id).unwrap().unwrap();
            assert_eq!(shown.company.as_deref(), Some("Acme Holdings"), "{login}");
        }
        assert_eq!(
            client
                .users()
                .get(&seeded(&sandbox, "carol.auto").id)
                .unwrap()
                .unwrap()
                .company
                .as_deref(),
            Some("Globex")
        );
        let admin = &client.administrators().list().unwrap()[0];
        assert_eq!(admin.companies, Some(vec!["Acme Holdings".to_owned()]));
        let mut keep = initech.clone();
        keep.destinations = None;
        keep.storage_limit = 600;
        client.companies().update(&keep).unwrap();
        let kept = client.companies().get(&id).unwrap().unwrap();
        assert_eq!((kept.storage_limit, kept.destinations), (600, Some(dests)));

        // update of an unknown company, or to a name in use: business errors.
        let mut ghost = initech.clone();
        ghost.id = unknown.parse().unwrap();
        let e = api_error(client.companies().update(&ghost));
        assert_eq!(e.status(), 400);
        assert_eq!(
            e.message(),
            Some(format!("Company {unknown} not found").as_str())
        );
        let mut clash = initech.clone();
        clash.name = "globex".into();
        assert_eq!(api_error(client.companies().update(&clash)).status(), 400);

        // delete: refused while the company has users; done once it has none.
        let e = api_error(client.companies().delete(acme.id.as_str()));
        assert_eq!(e.status(), 400);
        assert_eq!(
            e.message(),
            Some(
                "Company Acme Holdings has 2 user(s); delete them or move them to another company first"
            )
        );
        assert!(client.companies().get(acme.id.as_str()).unwrap().is_some());
        let mut dana = NewUser::new("dana", "dana-password");
        dana.company = Some("Initech".into());
        let dana = client.users().create(&dana).unwrap();
        assert_eq!(api_error(client.companies().delete(&id)).status(), 400);
        client.users().delete(&dana).unwrap();
        client.companies().delete(&id).unwrap();
        assert_eq!(client.companies().get(&id).unwrap(), None);
        assert_eq!(client.companies().list().unwrap().len(), 2);
        let e = api_error(client.companies().delete(&id));
        assert_eq!(
            e.message(),
            Some(format!("Company {id} not found").as_str())
        );

        // Everything the SDK sent was read whole: no diagnostic but the get of a deleted ID.
        let left = only_notes(&sandbox);
        assert_eq!(left.len(), 1, "{format:?}: {left:?}");
        assert!(
            left[0].request.starts_with("GET /api/Companies/"),
            "{left:?}"
        );
    }
}

#[test]
fn administrators_round_trip_and_keep_passwords_secret_in_both_formats() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);

        // The seed: one administrator with every permission.
        let listed = client.administrators().list().unwrap();
        assert_eq!(listed.len(), 1, "{format:?}");
        let seed = &listed[0];
        assert_eq!(seed.email, "admin@sandbox.example");
        assert_eq!(
            seed.permissions,
            Some(Permissions::all(PermissionMode::Access))
        );
        assert_eq!(
            client
                .administrators()
                .get(&seed.admin_id)
                .unwrap()
                .as_ref(),
            Some(seed)
        );
        assert_eq!(
            sandbox.administrators()[0].password.expose(),
            DEFAULT_ADMINISTRATOR_PASSWORD
        );

        // create: the new ID as a string; the nested permissions come through.
        let mut permissions = Permissions::all(PermissionMode::None);
        permissions.users = PermissionMode::Access;
        permissions.monitiring = PermissionMode::Access;
        let mut new = NewAdministrator::new("ops@example.com", "initial-pw-1", permissions.clone());
        new.first_name = Some("Olga".into());
        new.last_name = Some("Ops".into());
        new.companies = Some(vec!["Globex".into()]);
        let id = client.administrators().create(&new).unwrap();
        assert!(is_guid(&id), "{id}");
        let ops = client.administrators().get(&id).unwrap().unwrap();
        assert_eq!(ops.email, "ops@example.com");
        assert_eq!(
            (ops.first_name.as_deref(), ops.last_name.as_deref()),
            (Some("Olga"), Some("Ops"))
        );
        assert!(ops.enabled);
        assert_eq!(ops.permissions, Some(permissions.clone()));
        assert_eq!(ops.companies, Some(vec!["Globex".to_owned()]));
        assert!(ops.date_created.is_some() && ops.last_login.is_none());
        let stored = |id: &str| {
            sandbox
                .administrators()
                .into_iter()
                .find(|a| a.administrator.admin_id == id)
                .unwrap()
        };
        assert_eq!(stored(&id).password.expose(), "initial-pw-1");
        assert!(!format!("{:?}", stored(&id)).contains("initial-pw-1"));

        // The same login again (any case): 200 with the text, read as an API error.
        let e = api_error(client.administrators().create(&NewAdministrator::new(
            "OPS@example.com",
            "initial-pw-2",
            Permissions::all(PermissionMode::None),
        )));
        assert_eq!(
            (e.status(), e.message()),
            (200, Some("Email already exist"))
        );
        assert_eq!(client.administrators().list().unwrap().len(), 2);

        // update (JSON whatever the format): what is left out keeps its value, a password
        // replaces the old one.
        let mut update = AdministratorUpdate::new(&id, false);
        update.first_name = Some("Olivia".into());
        update.password = Some("second-pw-1".into());
        client.administrators().update(&update).unwrap();
        let changed = client.administrators().get(&id).unwrap().unwrap();
        assert!(!changed.enabled);
        assert_eq!(changed.first_name.as_deref(), Some("Olivia"));
        assert_eq!(changed.last_name.as_deref(), Some("Ops"));
        assert_eq!(changed.email, "ops@example.com");
        assert_eq!(changed.permissions, Some(permissions));
        assert_eq!(changed.companies, Some(vec!["Globex".to_owned()]));
        assert_eq!(stored(&id).password.expose(), "second-pw-1");
        let mut update = AdministratorUpdate::new(&id, true);
        update.email = Some("Ops2@example.com".into());
        update.permissions = Some(Permissions::all(PermissionMode::Access));
        client.administrators().update(&update).unwrap();
        let changed = client.administrators().get(&id).unwrap().unwrap();
        assert!(changed.enabled);
        assert_eq!(changed.email, "Ops2@example.com");
        assert_eq!(
            changed.permissions,
            Some(Permissions::all(PermissionMode::Access))
        );
        assert_eq!(stored(&id).password.expose(), "second-pw-1", "kept");

        // Business errors: an unknown ID, another administrator's login.
        let e = api_error(
            client
                .administrators()
                .update(&AdministratorUpdate::new("nobody", true)),
        );
        assert_eq!(
            (e.status(), e.message()),
            (400, Some("Administrator nobody not found"))
        );
        let mut clash = AdministratorUpdate::new(&id, true);
        clash.email = Some("admin@SANDBOX.example".into());
        let e = api_error(client.administrators().update(&clash));
        assert_eq!(
            (e.status(), e.message()),
            (400, Some("Email already exist"))
        );

        // delete.
        client.administrators().delete(&id).unwrap();
        assert_eq!(client.administrators().get(&id).unwrap(), None);
        assert_eq!(client.administrators().list().unwrap().len(), 1);
        assert_eq!(api_error(client.administrators().delete(&id)).status(), 400);

        // No diagnostic but the get of the deleted ID, and no password anywhere in them.
        let all = sandbox.diagnostics();
        for r in &all {
            let text = format!("{r:?} {}", r.diagnostic);
            for pw in ["initial-pw-1", "initial-pw-2", "second-pw-1"] {
                assert!(!text.contains(pw), "{text}");
            }
        }
        let left = only_notes(&sandbox);
        assert_eq!(left.len(), 1, "{format:?}: {left:?}");
    }
}

#[test]
fn a_password_sent_in_the_wrong_shape_is_not_in_the_diagnostics() {
    let (sandbox, client) = sandbox_and_client(Format::Json);
    let body = br#"{"Email":"x@example.com","InitialPassword":{"secret":"leaky-pw-9"},"PermissionsModels":{}}"#;
    let request = Request::new(Method::Post, "/api/Administrators", Format::Json)
        .unwrap()
        .with_body(body.to_vec());
    let answer = client.send(&request);
    let status = match &answer {
        Ok(r) => r.status(),
        Err(e) => e.status().unwrap(),
    };
    assert_eq!(status, 400);
    let all = sandbox.diagnostics();
    assert!(!all.is_empty());
    for r in all {
        assert!(!r.diagnostic.to_string().contains("leaky-pw-9"), "{r:?}");
    }
}

#[test]
fn packages_round_trip_and_one_in_use_cannot_be_deleted_in_both_formats() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);
        let alice = seeded(&sandbox, "alice");
        let bob = seeded(&sandbox, "bob@example.com");

        // The seed: three packages; alice's and carol's destinations use 1, bob's uses 2.
        let listed = client.packages().list().unwrap();
        let ids: Vec<i64> = listed.iter().map(|p| p.id).collect();
        assert_eq!(ids, [1, 2, 3], "{format:?}");
        assert_eq!(listed[0].cost.as_str(), "4.99");
        assert_eq!(client.packages().get(1).unwrap().as_ref(), Some(&listed[0]));
        assert_eq!(
            client.packages().for_user(&alice.id).unwrap(),
            [listed[0].clone()]
        );
        assert_eq!(
            client.packages().for_user(&bob.id).unwrap(),
            [listed[1].clone()]
        );

        // Neither a package's nor a user's ID: 200 null (with a note).
        assert_eq!(client.packages().get(99).unwrap(), None);
        assert_eq!(only_notes(&sandbox).len(), 1);

        // create: the next ID; decimals keep their text.
        let mut new = NewPackage::new("Team 2 TB", 2048.into(), "59.90".parse().unwrap());
        new.description = Some("for teams".into());
        new.use_restore_limit = true;
        new.restore_limit = Some("10.5".parse().unwrap());
        client.packages().create(&new).unwrap();
        let team = client.packages().get(4).unwrap().unwrap();
        assert_eq!(team.name, "Team 2 TB");
        assert_eq!(team.description.as_deref(), Some("for teams"));
        assert_eq!(
            (
                team.storage_limit.as_str(),
                team.cost.as_str(),
                team.restore_limit.as_str()
            ),
            ("2048", "59.90", "10.5")
        );
        assert!(team.enabled && team.use_restore_limit);

        // update: the whole package.
        let mut changed = team.clone();
        changed.name = "Team 3 TB".into();
        changed.storage_limit = 3072.into();
        changed.enabled = false;
        client.packages().update(&changed).unwrap();
        assert_eq!(client.packages().get(4).unwrap(), Some(changed.clone()));
        let mut ghost = changed.clone();
        ghost.id = 999;
        let e = api_error(client.packages().update(&ghost));
        assert_eq!(
            (e.status(), e.message()),
            (400, Some("Package 999 not found"))
        );

        // A package in use by a user's destination can't be deleted.
        let e = api_error(client.packages().delete(1));
        assert_eq!(e.status(), 400);
        assert_eq!(
            e.message(),
            Some("Package 1 is in use by user alice and cannot be deleted")
        );
        let mut erin = NewUser::new("erin", "erin-password");
        erin.destination_list = Some(vec![DestinationForNewUser::new(
            "acc0a7d1-5c1b-4d6e-9b8a-0000000000a1",
            "erin-bucket",
            4,
        )]);
        let erin = client.users().create(&erin).unwrap();
        assert_eq!(client.packages().for_user(&erin).unwrap(), [changed]);
        assert_eq!(api_error(client.packages().delete(4)).status(), 400);
        client.users().delete(&erin).unwrap();
        client.packages().delete(4).unwrap();
        client.packages().delete(3).unwrap();
        let ids: Vec<i64> = client
            .packages()
            .list()
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(ids, [1, 2]);
        assert_eq!(
            api_error(client.packages().delete(3)).message(),
            Some("Package 3 not found")
        );

        assert_eq!(sandbox.diagnostics(), [], "{format:?}");
    }
}

#[test]
fn paging_gives_every_seeded_computer_once_in_both_formats_with_json_on_the_wire() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);
        let seeded: Vec<String> = sandbox.computers().into_iter().map(|c| c.hid).collect();
        assert_eq!(seeded.len(), 25);

        // A first page logs in, so the iteration below counts page requests only.
        let first = client.computers().page(0, 10).unwrap();
        assert_eq!(first.count, 25);
        assert_eq!(
            (first.message.as_deref(), first.status_code),
            (Some("Success"), Some(200))
        );
        assert_eq!(first.computers.unwrap().len(), 10);

        let before = sandbox.requests_served();
        let hids: Vec<String> = client.computers().iter(7).map(|c| c.unwrap().hid).collect();
        // 7 + 7 + 7 + 4: four pages, and no fifth request once Count is reached.
        assert_eq!(sandbox.requests_served() - before, 4, "{format:?}");
        assert_eq!(hids, seeded, "each seeded computer once, in order");
        assert_eq!(hids.iter().collect::<BTreeSet<_>>().len(), 25);

        // The last page is short; beyond the end is empty; a count below 1 is a failure code.
        let last = client.computers().page(20, 10).unwrap();
        assert_eq!((last.count, last.computers.unwrap().len()), (25, 5));
        let beyond = client.computers().page(30, 5).unwrap();
        assert_eq!((beyond.count, beyond.computers.unwrap().len()), (25, 0));
        assert_eq!(sandbox.diagnostics(), [], "{format:?}");
        let e = api_error(client.computers().page(0, 0));
        assert_eq!((e.status(), e.result_code()), (200, Some(400)));
        assert_eq!(only_notes(&sandbox).len(), 1);

        // One computer: the user, company and license come from the sandbox's state.
        let alice_pc = sandbox
            .computers()
            .into_iter()
            .find(|c| c.computer_name.as_deref() == Some("ALICE-PC"))
            .unwrap();
        let got = client.computers().get(&alice_pc.hid).unwrap().unwrap();
        assert_eq!(got, alice_pc);
        assert_eq!(got.user_email.as_deref(), Some("alice"));
        assert_eq!(got.company_name.as_deref(), Some("Acme Corp"));
        assert_eq!(got.license.as_ref().and_then(|l| l.granted), Some(true));
        assert_eq!(got.instance_type, Some(3));
        assert!(got.apps.is_some());
        let workstation = client.computers().get(&seeded[24]).unwrap().unwrap();
        assert_eq!((workstation.user_id, workstation.user_email), (None, None));
        assert_eq!(client.computers().get("no-such-hid").unwrap(), None);
        assert_eq!(only_notes(&sandbox).len(), 1);

        // On the wire: JSON, even when XML is asked for (and a note says so).
        let request = Request::new(Method::Get, "/api/Computers/0/2", Format::Xml).unwrap();
        let answer = client.send(&request).unwrap();
        assert_eq!(
            answer.content_type(),
            Some("application/json; charset=utf-8")
        );
        let body: serde_json::Value = serde_json::from_slice(answer.body()).unwrap();
        assert_eq!(body["Count"], 25);
        assert_eq!(body["Computers"].as_array().unwrap().len(), 2);
        assert_eq!(only_notes(&sandbox).len(), 1);
    }
}

#[test]
fn authorization_succeeds_or_answers_the_docs_failure_code_in_both_formats() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);
        let bob = seeded(&sandbox, "bob@example.com");
        let hids: Vec<String> = sandbox.computers().into_iter().map(|c| c.hid).collect();
        let globex = client.companies().list().unwrap()[1].clone();

        // For a user: the computer becomes theirs.
        let done = client
            .computers()
            .authorize(&hids[9], &ComputerAuthorization::for_user(&bob.id))
            .unwrap();
        assert_eq!(
            (done.result_code, done.error_message.as_deref()),
            (Some(0), Some(""))
        );
        let pc = client.computers().get(&hids[9]).unwrap().unwrap();
        assert_eq!(pc.user_id.as_deref(), Some(bob.id.as_str()));
        assert_eq!(pc.user_email.as_deref(), Some("bob@example.com"));
        assert_eq!(pc.company_name.as_deref(), Some("Acme Corp"));
        let bobs: Vec<String> = client
            .users()
            .computers(&bob.id)
            .unwrap()
            .into_iter()
            .map(|c| c.computer_name)
            .collect();
        assert_eq!(bobs, ["BOB-LAPTOP", "WS-10"]);
        assert_eq!(sandbox.diagnostics(), [], "{format:?}");

        // Unknown user, computer or company: ErrorCode -6 with status 200, an API error.
        let ghost = "10ce439b-7bec-4208-a116-4e0236085f87";
        for (hid, body) in [
            (hids[10].as_str(), ComputerAuthorization::for_user(ghost)),
            ("no-such-hid", ComputerAuthorization::for_user(&bob.id)),
            (hids[10].as_str(), ComputerAuthorization::for_company(ghost)),
        ] {
            let e = api_error(client.computers().authorize(hid, &body));
            let missing = if hid == "no-such-hid" { hid } else { ghost };
            assert_eq!(
                (e.status(), e.result_code(), e.message()),
                (
                    200,
                    Some(-6),
                    Some(format!("Object \"{missing}\" not found").as_str())
                )
            );
        }
        assert_eq!(sandbox.diagnostics(), [], "{format:?}");
        // The failure has exactly the docs' shape.
        let request = Request::new(
            Method::Post,
            format!("/api/Computers/{}/authorization", hids[10]),
            Format::Json,
        )
        .unwrap()
        .with_body(format!(r#"{{"UserId":"{ghost}"}}"#).into_bytes());
        let answer = client.send(&request).unwrap();
        assert_eq!(
            std::str::from_utf8(answer.body()).unwrap(),
            format!(r#"{{"ErrorCode":-6,"Message":"Object \"{ghost}\" not found"}}"#)
        );

        // For a company only: a new user in that company gets the computer (a note says so).
        let done = client
            .computers()
            .authorize(
                &hids[11],
                &ComputerAuthorization::for_company(globex.id.as_str()),
            )
            .unwrap();
        assert_eq!(done.result_code, Some(0));
        let pc = client.computers().get(&hids[11]).unwrap().unwrap();
        assert_eq!(pc.company_name.as_deref(), Some("Globex"));
        let owner = seeded(&sandbox, &hids[11]);
        assert_eq!(pc.user_id, Some(owner.id));
        assert_eq!(only_notes(&sandbox).len(), 1);
    }
}
