//! The Users routes through the SDK against the sandbox, in JSON and XML: every route changes
//! (or reads) the sandbox's state as documented, nothing the SDK sends is dropped, and the
//! sandbox's options reproduce what the live server has been seen to do.
#![cfg(feature = "sandbox")]

mod common;

use common::{api_error, is_guid, sandbox_and_client, seeded};
use mspbackups::models::{
    DestinationForNewUser, License, NewUser, User, UserAuthData, UserComputer, UserModeType,
    UserUpdate,
};
use mspbackups::sandbox::dcs::DiagnosticKind;
use mspbackups::sandbox::{DEFAULT_USER_PASSWORD, LoginRefusal, Sandbox};
use mspbackups::{Client, Error, Format};

/// The licenses the sandbox holds for `user_id`.
fn licenses_of(sandbox: &Sandbox, user_id: &str) -> Vec<License> {
    sandbox
        .licenses()
        .into_iter()
        .filter(|l| l.user_id.as_deref() == Some(user_id))
        .collect()
}

fn new_user(email: &str) -> NewUser {
    let mut user = NewUser::new(email, "first-password");
    user.first_name = Some("Dana".into());
    user.last_name = Some("Scully".into());
    user.notification_emails = Some(vec!["dana@example.com".into(), "ops@example.com".into()]);
    user.company = Some("X Files".into());
    user.destination_list = Some(vec![DestinationForNewUser::new(
        "acc0a7d1-5c1b-4d6e-9b8a-0000000000a1",
        "dana-bucket",
        2,
    )]);
    user
}

/// Creates a user through the SDK, grants them a free license and activates it on a computer.
fn user_with_an_active_license(
    sandbox: &Sandbox,
    client: &Client,
    email: &str,
) -> (String, String) {
    let id = client
        .users()
        .create(&NewUser::new(email, "pass-word-1"))
        .unwrap();
    let license = client.licenses().list_by_availability(true).unwrap()[0]
        .id
        .clone();
    client.licenses().grant_to_user(&license, &id).unwrap();
    sandbox
        .activate(&license, "DESKTOP-X", "Windows 11")
        .unwrap();
    let held = licenses_of(sandbox, &id);
    assert_eq!(held.len(), 1);
    assert!(held[0].is_taken && !held[0].is_free());
    (id, license)
}

#[test]
fn every_users_route_works_in_both_formats_and_nothing_is_dropped() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);

        // list and get: the seeded users, in the docs' shape.
        let users = client.users().list().unwrap();
        assert_eq!(users.len(), 3, "{format:?}");
        let alice = seeded(&sandbox, "alice");
        let listed = users.iter().find(|u| u.id == alice.id).unwrap();
        assert_eq!(listed.email, "alice");
        assert_eq!(listed.license_managment_mode, UserModeType::Manual);
        let destinations = listed.destination_list.as_ref().unwrap();
        assert_eq!(destinations.len(), 1);
        assert_eq!(
            destinations[0].destination.as_deref(),
            Some("alice-backups")
        );
        assert_eq!(
            client.users().get(&alice.id).unwrap().as_ref(),
            Some(listed)
        );
        let carol = users.iter().find(|u| u.email == "carol.auto").unwrap();
        assert_eq!(carol.license_managment_mode, UserModeType::Automatic);

        // create, then get and list.
        let id = client.users().create(&new_user("dana")).unwrap();
        assert!(is_guid(&id), "{id}");
        let dana: User = client.users().get(&id).unwrap().unwrap();
        assert_eq!(dana.email, "dana");
        assert_eq!(dana.first_name.as_deref(), Some("Dana"));
        assert_eq!(dana.last_name.as_deref(), Some("Scully"));
        assert_eq!(dana.company.as_deref(), Some("X Files"));
        assert_eq!(
            dana.notification_emails,
            Some(vec!["dana@example.com".into(), "ops@example.com".into()])
        );
        assert!(dana.enabled);
        assert_eq!(dana.space_used, 0);
        let dest = &dana.destination_list.as_ref().unwrap()[0];
        assert_eq!(
            (
                dest.account_id.as_deref(),
                dest.destination.as_deref(),
                dest.package_id
            ),
            (
                Some("acc0a7d1-5c1b-4d6e-9b8a-0000000000a1"),
                Some("dana-bucket"),
                2
            )
        );
        assert!(is_guid(&dest.id), "{}", dest.id);
        assert_eq!(client.users().list().unwrap().len(), 4);

        // A second user with the same login: 200 with the error text, read as an API error.
        let e = api_error(client.users().create(&new_user("DANA")));
        assert_eq!(
            (e.status(), e.message()),
            (200, Some("Email already exist"))
        );
        assert_eq!(client.users().list().unwrap().len(), 4);

        // authenticate: right and wrong passwords.
        let auth = |email: &str, pw: &str| {
            client
                .users()
                .authenticate(&UserAuthData::new(email, pw))
                .unwrap()
        };
        assert_eq!(
            auth("dana", "first-password").map(|u| u.id),
            Some(id.clone())
        );
        assert_eq!(
            auth("alice", DEFAULT_USER_PASSWORD).map(|u| u.id),
            Some(alice.id.clone())
        );

        // update, then get; a new password replaces the old one.
        let mut update = UserUpdate::from_user(&dana);
        update.first_name = Some("Danielle".into());
        update.notification_emails = None;
        update.enabled = false;
        update.license_managment_mode = UserModeType::Automatic;
        update.password = Some("second-password".into());
        client.users().update(&update).unwrap();
        let changed = client.users().get(&id).unwrap().unwrap();
        assert_eq!(changed.first_name.as_deref(), Some("Danielle"));
        assert_eq!(changed.last_name.as_deref(), Some("Scully"));
        assert_eq!(changed.notification_emails, None);
        assert!(!changed.enabled);
        assert_eq!(changed.license_managment_mode, UserModeType::Automatic);
        assert_eq!(changed.destination_list, dana.destination_list, "kept");
        assert!(auth("dana", "second-password").is_some());
        // A null password keeps the current one (the sandbox's guess).
        let mut rename = UserUpdate::from_user(&changed);
        rename.email = Some("dana.s".into());
        assert!(rename.password.is_none());
        client.users().update(&rename).unwrap();
        assert_eq!(client.users().get(&id).unwrap().unwrap().email, "dana.s");
        assert!(auth("dana.s", "second-password").is_some());

        // computers, then delete one of them.
        let computers = client.users().computers(&alice.id).unwrap();
        assert_eq!(computers, alice.computers);
        let names: Vec<&str> = computers.iter().map(|c| c.computer_name.as_str()).collect();
        assert_eq!(names, ["ALICE-PC", "ALICE-LAPTOP"]);
        assert_eq!(computers[0].destination_id, destinations[0].id);
        client
            .users()
            .delete_computers(&alice.id, &computers[..1])
            .unwrap();
        assert_eq!(
            client.users().computers(&alice.id).unwrap(),
            &computers[1..]
        );
        assert_eq!(seeded(&sandbox, "alice").computers, &computers[1..]);

        // delete_account and delete: the users are gone.
        client.users().delete_account(&id).unwrap();
        let bob = seeded(&sandbox, "bob@example.com");
        client.users().delete(&bob.id).unwrap();
        let left: Vec<String> = client
            .users()
            .list()
            .unwrap()
            .into_iter()
            .map(|u| u.email)
            .collect();
        assert_eq!(left, ["alice", "carol.auto"]);

        // Nothing the SDK sent was dropped, refused or noted.
        assert_eq!(sandbox.diagnostics(), [], "{format:?}");

        // The deleted users read as null, which the SDK gives as `None`.
        assert_eq!(client.users().get(&id).unwrap(), None);
        assert_eq!(client.users().get(&bob.id).unwrap(), None);
        // A wrong password answers null too (the sandbox's guess).
        assert_eq!(auth("alice", "not-her-password"), None);
        assert_eq!(auth("nobody", DEFAULT_USER_PASSWORD), None);
        let notes = sandbox.take_diagnostics();
        assert_eq!(notes.len(), 4, "{notes:#?}");
        assert!(
            notes
                .iter()
                .all(|r| r.diagnostic.kind == DiagnosticKind::Note && r.status == 200),
            "{notes:#?}"
        );
    }
}

#[test]
fn an_unknown_user_reads_as_none_in_both_formats() {
    let sandbox = Sandbox::start().unwrap();
    for format in Format::ALL {
        let client = sandbox.client(format).unwrap();
        assert_eq!(
            client
                .users()
                .get("00000000-0000-0000-0000-000000000000")
                .unwrap(),
            None
        );
    }
    let notes = sandbox.take_diagnostics();
    assert_eq!(notes.len(), 2);
    assert!(notes[0].diagnostic.message.contains("200 with null"));
}

#[test]
fn deleting_a_user_frees_their_licenses_in_both_formats() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);
        let free_before = client.licenses().list_by_availability(true).unwrap().len();

        let (gone, license) = user_with_an_active_license(&sandbox, &client, "erin");
        client.users().delete(&gone).unwrap();
        let freed = client.licenses().get(&license).unwrap().unwrap();
        assert!(freed.is_free(), "{freed:?}");
        assert_eq!((freed.user, freed.computer_name), (None, None));

        let (gone, license) = user_with_an_active_license(&sandbox, &client, "frank");
        client.users().delete_account(&gone).unwrap();
        assert!(client.licenses().get(&license).unwrap().unwrap().is_free());

        // A seeded user with a granted (inactive) and an active license frees both.
        let alice = seeded(&sandbox, "alice");
        let held = licenses_of(&sandbox, &alice.id);
        assert_eq!(held.iter().filter(|l| l.is_taken).count(), 1);
        assert_eq!(held.len(), 2);
        client.users().delete(&alice.id).unwrap();
        for l in held {
            assert!(client.licenses().get(&l.id).unwrap().unwrap().is_free());
        }
        assert_eq!(
            client.licenses().list_by_availability(true).unwrap().len(),
            free_before + 2
        );
        assert_eq!(sandbox.diagnostics(), [], "{format:?}");
    }
}

#[test]
fn deleting_unknown_computers_or_users_is_a_business_error() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);
        let carol = seeded(&sandbox, "carol.auto");
        let stranger = UserComputer::new(carol.computers[0].destination_id.clone(), "NOT-HERS");
        let both = [carol.computers[0].clone(), stranger];
        let e = api_error(client.users().delete_computers(&carol.id, &both));
        assert_eq!(e.status(), 400);
        assert!(e.message().unwrap().contains("NOT-HERS"), "{e}");
        // All or nothing: the known computer is still there.
        assert_eq!(
            client.users().computers(&carol.id).unwrap(),
            carol.computers
        );

        for result in [
            client.users().delete("no-such-user"),
            client.users().delete_account("no-such-user"),
            client.users().computers("no-such-user").map(|_| ()),
        ] {
            let e = api_error(result);
            assert_eq!(e.status(), 400);
            assert_eq!(e.message(), Some("User no-such-user not found"));
        }
        let mut update = UserUpdate::from_user(&client.users().get(&carol.id).unwrap().unwrap());
        update.id = "no-such-user".into();
        assert!(matches!(client.users().update(&update), Err(Error::Api(e)) if e.status() == 400));
    }
}

#[test]
fn wrong_api_credentials_answer_403_by_default_and_400_as_an_option() {
    for (sandbox, status) in [
        (Sandbox::start().unwrap(), 403),
        (
            Sandbox::builder()
                .wrong_password_answer(LoginRefusal::InvalidGrant)
                .start()
                .unwrap(),
            400,
        ),
    ] {
        let client = Client::builder()
            .base_url(sandbox.base_url())
            .credentials(sandbox.api_login(), "not-the-password")
            .no_proxy()
            .build()
            .unwrap();
        match client.users().list() {
            Err(e @ Error::Authentication(_)) => assert_eq!(e.status(), Some(status)),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn delete_can_answer_500_although_the_user_was_deleted() {
    for format in Format::ALL {
        let sandbox = Sandbox::builder()
            .delete_user_answers_500(true)
            .start()
            .unwrap();
        let client = sandbox.client(format).unwrap();
        let (id, license) = user_with_an_active_license(&sandbox, &client, "gina");
        let e = api_error(client.users().delete(&id));
        assert_eq!(e.status(), 500);
        assert_eq!(e.message(), Some("An error has occurred."));
        // It was deleted all the same, and its license freed.
        assert_eq!(client.users().get(&id).unwrap(), None);
        assert!(client.licenses().get(&license).unwrap().unwrap().is_free());
        // Only `DELETE /api/Users/{id}`: deleting the account answers 200.
        let (id, _) = user_with_an_active_license(&sandbox, &client, "hank");
        client.users().delete_account(&id).unwrap();
    }
}

#[test]
fn revoking_from_an_automatic_user_leaves_them_an_active_license() {
    for format in Format::ALL {
        let (sandbox, client) = sandbox_and_client(format);

        // carol takes licenses from the pool automatically: after the revoke her agent takes one again.
        let carol = seeded(&sandbox, "carol.auto");
        let active = licenses_of(&sandbox, &carol.id);
        assert_eq!(active.len(), 1);
        let first_free = client.licenses().list_by_availability(true).unwrap()[0].clone();
        client
            .licenses()
            .revoke_from_user(&active[0].id, &carol.id)
            .unwrap();
        let revoked = client.licenses().get(&active[0].id).unwrap().unwrap();
        assert!(
            !revoked.is_taken,
            "the revoked license itself is deactivated"
        );
        assert_eq!(revoked.user_id.as_deref(), Some(carol.id.as_str()));
        let now: Vec<License> = licenses_of(&sandbox, &carol.id)
            .into_iter()
            .filter(|l| l.is_taken)
            .collect();
        assert_eq!(now.len(), 1, "{now:#?}");
        assert_eq!(
            now[0].id, first_free.id,
            "the agent took the pool's first free license"
        );
        assert_eq!(now[0].computer_name, active[0].computer_name);
        let notes = sandbox.take_diagnostics();
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0]
                .diagnostic
                .message
                .contains("revocation will not work properly")
        );

        // alice manages her licenses manually: after the revoke she has no active license.
        let alice = seeded(&sandbox, "alice");
        let hers = licenses_of(&sandbox, &alice.id);
        let on = hers.iter().find(|l| l.is_taken).unwrap();
        client
            .licenses()
            .revoke_from_user(&on.id, &alice.id)
            .unwrap();
        assert!(licenses_of(&sandbox, &alice.id).iter().all(|l| !l.is_taken));
        assert_eq!(sandbox.diagnostics(), []);
    }
}
