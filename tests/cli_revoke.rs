//! `mbs licenses revoke`: the checked revoke is the default, `--unchecked` sends the bare POST,
//! `--switch-to-manual` opts in to the switch; single and bulk, in both formats, against the
//! sandbox, whose automatic user (carol.auto) re-activates a license right after a bare revoke.
#![cfg(all(feature = "cli", unix))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use mspbackups::models::UserModeType;
use mspbackups::sandbox::Sandbox;
use mspbackups::{Format, REVOKE_WARNING};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A scratch directory, removed when the test's guard is dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Vec<Scratch>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn scratch(name: &str) -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("mbs-cli-revoke-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    SCRATCH.with(|s| s.borrow_mut().push(Scratch(dir.clone())));
    Ok(dir)
}

fn mbs(sandbox: &Sandbox, dir: &Path, format: Format, args: &[&str]) -> std::io::Result<Output> {
    Command::new(env!("CARGO_BIN_EXE_mbs"))
        .args(args)
        .args([
            "--format",
            if format == Format::Xml { "xml" } else { "json" },
            "--output",
            "json",
        ])
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("MBS_BASE_URL", sandbox.base_url())
        .env("MBS_LOGIN", sandbox.api_login())
        .env("MBS_PASSWORD", sandbox.api_password().expose())
        .stdin(Stdio::null())
        .output()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// carol.auto's ID and active license.
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
        .find(|l| l.is_taken && l.user_id.as_deref() == Some(user.id.as_str()))
        .unwrap();
    (user.id, license.id)
}

fn active(sandbox: &Sandbox, user: &str) -> usize {
    sandbox
        .licenses()
        .iter()
        .filter(|l| l.is_taken && l.user_id.as_deref() == Some(user))
        .count()
}

#[test]
fn the_checked_revoke_is_the_default_and_refuses_an_automatic_user() -> TestResult {
    for format in Format::ALL {
        let dir = scratch(&format!("refuse-{format:?}"))?;
        let sandbox = Sandbox::start()?;
        let (user, license) = carol(&sandbox);
        let out = mbs(
            &sandbox,
            &dir,
            format,
            &["licenses", "revoke", &license, &user],
        )?;
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(REVOKE_WARNING), "{stderr}");
        assert!(stderr.contains("carol.auto"), "{stderr}");
        // Nothing was revoked.
        assert_eq!(active(&sandbox, &user), 1);
        assert!(
            sandbox
                .licenses()
                .iter()
                .any(|l| l.id == license && l.is_taken)
        );
    }
    Ok(())
}

#[test]
fn unchecked_sends_the_bare_post_and_the_agent_takes_a_license_again() -> TestResult {
    for format in Format::ALL {
        let dir = scratch(&format!("unchecked-{format:?}"))?;
        let sandbox = Sandbox::start()?;
        let (user, license) = carol(&sandbox);
        let out = mbs(
            &sandbox,
            &dir,
            format,
            &["licenses", "revoke", &license, &user, "--unchecked"],
        )?;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(
            active(&sandbox, &user),
            1,
            "the agent activated a license again"
        );
        assert!(
            sandbox
                .licenses()
                .iter()
                .any(|l| l.id == license && !l.is_taken)
        );
    }
    Ok(())
}

#[test]
fn switch_to_manual_revokes_and_nothing_is_active_again() -> TestResult {
    for format in Format::ALL {
        let dir = scratch(&format!("switch-{format:?}"))?;
        let sandbox = Sandbox::start()?;
        let (user, license) = carol(&sandbox);
        // Not on a terminal: the user's password can't be asked for.
        let out = mbs(
            &sandbox,
            &dir,
            format,
            &["licenses", "revoke", &license, &user, "--switch-to-manual"],
        )?;
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert_eq!(active(&sandbox, &user), 1, "nothing was sent");
        let out = mbs(
            &sandbox,
            &dir,
            format,
            &[
                "licenses",
                "revoke",
                &license,
                &user,
                "--switch-to-manual",
                "--null-password",
            ],
        )?;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        assert_eq!(report["ModeBefore"], "Automatic");
        assert_eq!(report["ModeAfter"], "Manual");
        assert_eq!(report["Switched"], true);
        assert_eq!(report["LicenseActiveAfter"], false);
        assert_eq!(report["ActiveLicensesAfter"], serde_json::json!([]));
        assert_eq!(active(&sandbox, &user), 0);
        let now = sandbox.users().into_iter().find(|u| u.id == user).unwrap();
        assert_eq!(now.license_mode, UserModeType::Manual);
    }
    Ok(())
}

#[test]
fn bulk_results_record_each_users_mode_and_outcome() -> TestResult {
    for format in Format::ALL {
        let dir = scratch(&format!("bulk-{format:?}"))?;
        let sandbox = Sandbox::start()?;
        let (carol_id, carol_license) = carol(&sandbox);
        let alice = sandbox
            .users()
            .into_iter()
            .find(|u| u.email == "alice")
            .unwrap();
        let alice_license = sandbox
            .licenses()
            .into_iter()
            .find(|l| l.is_taken && l.user_id.as_deref() == Some(alice.id.as_str()))
            .unwrap()
            .id;
        std::fs::write(
            dir.join("rows.csv"),
            format!(
                "LicenseID,UserID\n{alice_license},{}\n{carol_license},{carol_id}\n",
                alice.id
            ),
        )?;
        let out = mbs(
            &sandbox,
            &dir,
            format,
            &["licenses", "revoke", "--csv", "rows.csv"],
        )?;
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let results = std::fs::read_to_string(dir.join("rows.results.csv"))?;
        let lines: Vec<&str> = results.lines().collect();
        assert_eq!(lines.len(), 3, "{results}");
        assert!(
            lines[1].contains(",ok,") && lines[1].contains("Manual"),
            "{results}"
        );
        assert!(
            lines[2].contains(",failed,") && lines[2].contains("Automatic"),
            "{results}"
        );
        assert_eq!(active(&sandbox, &alice.id), 0);
        assert_eq!(
            active(&sandbox, &carol_id),
            1,
            "carol was refused, not revoked"
        );
        // With the switch (and a null password: one password can't serve every row).
        let out = mbs(
            &sandbox,
            &dir,
            format,
            &[
                "licenses",
                "revoke",
                "--csv",
                "rows.csv",
                "--switch-to-manual",
                "--null-password",
                "--results",
                "again.csv",
            ],
        )?;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let again = std::fs::read_to_string(dir.join("again.csv"))?;
        assert!(
            again
                .lines()
                .nth(2)
                .is_some_and(|l| l.contains(",ok,") && l.contains("\"\"Switched\"\":true")),
            "{again}"
        );
        assert_eq!(active(&sandbox, &carol_id), 0);
    }
    Ok(())
}
