//! The checked revoke (`Licenses::revoke_checked`) against the sandbox, whose backup agent
//! takes a license again right after an automatic user's revoke, as the docs warn. In both
//! formats: the plain revoke leaves the automatic user with an active license; the checked
//! revoke refuses; with the switch, the user is manual and no license is active again.
#![cfg(feature = "sandbox")]

use mspbackups::api::revoke::{RevokeOptions, SwitchPassword};
use mspbackups::models::{UserAuthData, UserModeType};
use mspbackups::sandbox::Sandbox;
use mspbackups::{Error, Format, LicenseOperation, REVOKE_WARNING};

/// The seeded automatic user (carol.auto) and her active license on CAROL-SRV.
fn carol(sandbox: &Sandbox) -> (String, String) {
    let user = sandbox
        .users()
        .into_iter()
        .find(|u| u.email == "carol.auto")
        .unwrap();
    assert_eq!(user.license_mode, UserModeType::Automatic);
    let license = sandbox
        .licenses()
        .into_iter()
        .find(|l| l.user_id.as_deref() == Some(user.id.as_str()) && l.is_taken)
        .unwrap();
    (user.id, license.id)
}

/// The IDs of the user's active licenses, as the sandbox holds them.
fn active(sandbox: &Sandbox, user_id: &str) -> Vec<String> {
    sandbox
        .licenses()
        .into_iter()
        .filter(|l| l.is_taken && l.user_id.as_deref() == Some(user_id))
        .map(|l| l.id)
        .collect()
}

#[test]
fn the_plain_revoke_leaves_an_automatic_user_with_an_active_license() {
    for format in Format::ALL {
        let sandbox = Sandbox::start().unwrap();
        let client = sandbox.client(format).unwrap();
        let (user, license) = carol(&sandbox);
        client.licenses().revoke_from_user(&license, &user).unwrap();
        let now = active(&sandbox, &user);
        assert_eq!(
            now.len(),
            1,
            "{format:?}: the agent took a license again: {now:?}"
        );
        assert_ne!(now[0], license, "{format:?}: the pool's first free license");
    }
}

#[test]
fn the_checked_revoke_refuses_an_automatic_user_and_changes_nothing() {
    for format in Format::ALL {
        let sandbox = Sandbox::start().unwrap();
        let client = sandbox.client(format).unwrap();
        let (user, license) = carol(&sandbox);
        // Log in first, so that what follows counts only the checked revoke's requests.
        client.licenses().get(&license).unwrap();
        let before = sandbox.licenses();
        let served = sandbox.requests_served();
        let err = client
            .licenses()
            .revoke_checked(
                &LicenseOperation::new(&license, &user),
                &RevokeOptions::new(),
            )
            .unwrap_err();
        let Error::RevokeRefused(refusal) = &err else {
            panic!("{format:?}: {err:?}");
        };
        assert_eq!(refusal.login.as_deref(), Some("carol.auto"));
        assert_eq!(refusal.mode, Some(UserModeType::Automatic));
        let text = err.to_string();
        assert!(text.contains(REVOKE_WARNING), "{text}");
        assert!(
            text.contains("carol.auto") && text.contains(&user),
            "{text}"
        );
        // One read (the user), no write: the licenses are as they were.
        assert_eq!(sandbox.requests_served() - served, 1, "{format:?}");
        assert_eq!(sandbox.licenses(), before, "{format:?}");
        assert_eq!(active(&sandbox, &user), vec![license]);
    }
}

#[test]
fn with_the_switch_the_user_is_manual_and_no_license_is_active_again() {
    for format in Format::ALL {
        let sandbox = Sandbox::start().unwrap();
        let client = sandbox.client(format).unwrap();
        let (user, license) = carol(&sandbox);
        let seeded = sandbox.users().into_iter().find(|u| u.id == user).unwrap();
        let password = seeded.password.clone();
        let options =
            RevokeOptions::new().switch_to_manual(SwitchPassword::Given(password.clone()));
        let report = client
            .licenses()
            .revoke_checked(&LicenseOperation::new(&license, &user), &options)
            .unwrap();
        assert_eq!(report.mode_before, UserModeType::Automatic);
        assert_eq!(report.mode_after, UserModeType::Manual);
        assert!(report.switched);
        assert_eq!(report.license_active_after, Some(false), "{format:?}");
        assert_eq!(report.active_licenses_after, Some(Vec::new()), "{format:?}");
        assert!(active(&sandbox, &user).is_empty(), "{format:?}");
        // The switch changed the mode and nothing else: the same user otherwise, and the
        // password still works.
        let after = client.users().get(&user).unwrap().unwrap();
        assert_eq!(after.license_managment_mode, UserModeType::Manual);
        let now = sandbox.users().into_iter().find(|u| u.id == user).unwrap();
        assert_eq!(
            (
                &now.email,
                &now.first_name,
                &now.last_name,
                &now.company,
                now.enabled
            ),
            (
                &seeded.email,
                &seeded.first_name,
                &seeded.last_name,
                &seeded.company,
                seeded.enabled
            )
        );
        assert_eq!(now.notification_emails, seeded.notification_emails);
        assert_eq!(now.destinations, seeded.destinations);
        let found = client
            .users()
            .authenticate(&UserAuthData::new("carol.auto", password))
            .unwrap();
        assert!(found.is_some_and(|u| u.id == user), "{format:?}");
        // The password never shows in the report.
        assert!(!format!("{report:?}").contains(seeded.password.expose()));
    }
}

#[test]
fn a_manual_user_is_revoked_without_a_switch_and_an_unknown_user_is_refused() {
    for format in Format::ALL {
        let sandbox = Sandbox::start().unwrap();
        let client = sandbox.client(format).unwrap();
        let alice = sandbox
            .users()
            .into_iter()
            .find(|u| u.email == "alice")
            .unwrap();
        let license = sandbox
            .licenses()
            .into_iter()
            .find(|l| l.user_id.as_deref() == Some(alice.id.as_str()) && l.is_taken)
            .unwrap();
        let report = client
            .licenses()
            .revoke_checked(
                &LicenseOperation::new(&license.id, &alice.id),
                &RevokeOptions::new(),
            )
            .unwrap();
        assert_eq!(
            (report.mode_before, report.mode_after, report.switched),
            (UserModeType::Manual, UserModeType::Manual, false)
        );
        assert_eq!(report.license_active_after, Some(false));
        let err = client
            .licenses()
            .revoke_checked(
                &LicenseOperation::new(&license.id, "no-such-user"),
                &RevokeOptions::new(),
            )
            .unwrap_err();
        assert!(
            matches!(&err, Error::RevokeRefused(r) if r.login.is_none()),
            "{err:?}"
        );
        // Blank IDs are refused before any I/O.
        let served = sandbox.requests_served();
        let err = client
            .licenses()
            .revoke_checked(
                &LicenseOperation::new(" ", &alice.id),
                &RevokeOptions::new(),
            )
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert_eq!(sandbox.requests_served(), served);
    }
}
