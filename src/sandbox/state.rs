//! The sandbox's data and its business rules.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant};

use super::dcs::{Diagnostic, DiagnosticKind};
use crate::models::License;
use crate::models::UserModeType;

/// A backup user in the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxUser {
    /// The user's ID (what `UserID` refers to).
    pub id: String,
    /// The login (`Email`; need not be an address).
    pub email: String,
    /// Whether the user is enabled.
    pub enabled: bool,
    /// How the user takes licenses.
    pub license_mode: UserModeType,
}

impl SandboxUser {
    /// A user with this ID and login, enabled, licenses managed manually.
    pub fn new(id: impl Into<String>, email: impl Into<String>) -> Self {
        SandboxUser {
            id: id.into(),
            email: email.into(),
            enabled: true,
            license_mode: UserModeType::Manual,
        }
    }
}

/// Why [`Sandbox::activate`](super::Sandbox::activate) refused to activate a license.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ActivateError {
    /// No license in the sandbox has this ID.
    #[error("the sandbox has no license with ID {license_id}")]
    UnknownLicense {
        /// The ID asked for.
        license_id: String,
    },
    /// The license is granted to no user, and the backup agent can only activate a granted one.
    #[error("license {license_id} is not granted to any user: grant it first, then activate it")]
    NotGranted {
        /// The license's ID.
        license_id: String,
    },
}

/// A business-rule failure: answered 400 with this `Message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal(pub(crate) String);

pub(crate) struct State {
    pub(crate) users: Vec<SandboxUser>,
    pub(crate) licenses: Vec<License>,
    tokens: HashMap<String, Instant>,
    next_user: u64,
}

impl State {
    pub(crate) fn new(users: Vec<SandboxUser>, licenses: Vec<License>) -> Self {
        State {
            users,
            licenses,
            tokens: HashMap::new(),
            next_user: 1,
        }
    }

    fn user(&self, id: &str) -> Result<&SandboxUser, Refusal> {
        self.users
            .iter()
            .find(|u| u.id.eq_ignore_ascii_case(id))
            .ok_or_else(|| Refusal(format!("User {id} not found")))
    }

    fn license_mut(&mut self, id: &str) -> Result<&mut License, Refusal> {
        self.licenses
            .iter_mut()
            .find(|l| l.id.eq_ignore_ascii_case(id))
            .ok_or_else(|| Refusal(format!("License {id} not found")))
    }

    /// Grant: the license must be free or already the user's.
    pub(crate) fn grant(
        &mut self,
        license_id: &str,
        user_id: &str,
    ) -> Result<Vec<Diagnostic>, Refusal> {
        let user = self.user(user_id)?.clone();
        let license = self.license_mut(license_id)?;
        match &license.user_id {
            Some(holder) if !holder.eq_ignore_ascii_case(&user.id) => Err(Refusal(format!(
                "License {license_id} is granted to another user"
            ))),
            Some(_) => Ok(vec![Diagnostic::new(
                DiagnosticKind::Note,
                Some(license_id.to_owned()),
                "the license was already granted to this user; the sandbox answers success and changes nothing (the docs don't say what the real service does)",
            )]),
            None => {
                license.user_id = Some(user.id.clone());
                license.user = Some(user.email.clone());
                Ok(Vec::new())
            }
        }
    }

    /// The license, when it is granted to the user; else why not.
    fn held_by(
        &mut self,
        license_id: &str,
        user_id: &str,
    ) -> Result<(&mut License, SandboxUser), Refusal> {
        let user = self.user(user_id)?.clone();
        let license = self.license_mut(license_id)?;
        if !license
            .user_id
            .as_deref()
            .is_some_and(|h| h.eq_ignore_ascii_case(&user.id))
        {
            return Err(Refusal(format!(
                "License {license_id} is not granted to user {user_id}"
            )));
        }
        Ok((license, user))
    }

    /// Release: the license must be the user's; it becomes free (no user, no computer).
    pub(crate) fn release(
        &mut self,
        license_id: &str,
        user_id: &str,
    ) -> Result<Vec<Diagnostic>, Refusal> {
        let (license, _) = self.held_by(license_id, user_id)?;
        license.user_id = None;
        license.user = None;
        license.computer_name = None;
        license.operating_system = None;
        license.is_taken = false;
        Ok(Vec::new())
    }

    /// Revoke: the license must be the user's; it is deactivated on the computer and stays the user's.
    pub(crate) fn revoke(
        &mut self,
        license_id: &str,
        user_id: &str,
    ) -> Result<Vec<Diagnostic>, Refusal> {
        let (license, user) = self.held_by(license_id, user_id)?;
        license.computer_name = None;
        license.operating_system = None;
        license.is_taken = false;
        let mut notes = Vec::new();
        if user.license_mode == UserModeType::Automatic {
            notes.push(Diagnostic::new(
                DiagnosticKind::Note,
                Some(user.id.clone()),
                format!(
                    "user {} takes licenses from the global pool automatically (LicenseManagmentMode Automatic); the API docs warn that revocation will not work properly for such users, because the backup agent can activate a license again",
                    user.email
                ),
            ));
        }
        Ok(notes)
    }

    /// `isAvailable=true`: granted to nobody and active nowhere; `false`: the rest.
    pub(crate) fn list(&self, available: Option<bool>) -> Vec<License> {
        self.licenses
            .iter()
            .filter(|l| available.is_none_or(|a| a == l.is_free()))
            .cloned()
            .collect()
    }

    pub(crate) fn get(&self, id: &str) -> Option<License> {
        self.licenses
            .iter()
            .find(|l| l.id.eq_ignore_ascii_case(id))
            .cloned()
    }

    /// Simulates the backup agent activating a granted license on a computer.
    pub(crate) fn activate(
        &mut self,
        license_id: &str,
        computer: &str,
        os: &str,
    ) -> Result<(), ActivateError> {
        let Some(license) = self
            .licenses
            .iter_mut()
            .find(|l| l.id.eq_ignore_ascii_case(license_id))
        else {
            return Err(ActivateError::UnknownLicense {
                license_id: license_id.to_owned(),
            });
        };
        if license.user_id.is_none() {
            return Err(ActivateError::NotGranted {
                license_id: license.id.clone(),
            });
        }
        license.computer_name = Some(computer.to_owned());
        license.operating_system = Some(os.to_owned());
        license.is_taken = true;
        Ok(())
    }

    /// `POST /api/Users`: the real service answers 200 with the error text for an existing login.
    pub(crate) fn create_user(
        &mut self,
        email: &str,
        enabled: bool,
        mode: UserModeType,
    ) -> Result<String, Refusal> {
        if self
            .users
            .iter()
            .any(|u| u.email.eq_ignore_ascii_case(email))
        {
            return Err(Refusal("Email already exist".to_owned()));
        }
        let id = format!(
            "5a4db0c5-{:04x}-4e6f-9a1b-{:012x}",
            self.next_user & 0xffff,
            0x5a_0000_0000u64 + self.next_user
        );
        self.next_user += 1;
        self.users.push(SandboxUser {
            id: id.clone(),
            email: email.to_owned(),
            enabled,
            license_mode: mode,
        });
        Ok(id)
    }

    pub(crate) fn issue_token(&mut self, lifetime: Duration) -> String {
        let token = random_token();
        let now = Instant::now();
        self.tokens.retain(|_, expires| *expires > now);
        self.tokens.insert(token.clone(), now + lifetime);
        token
    }

    /// `Ok` for a live token; `Err` says why not.
    pub(crate) fn check_token(&self, token: &str) -> Result<(), &'static str> {
        match self.tokens.get(token) {
            None => Err("the bearer token is not one the sandbox issued"),
            Some(expires) if *expires <= Instant::now() => Err("the bearer token has expired"),
            Some(_) => Ok(()),
        }
    }

    pub(crate) fn expire_tokens(&mut self) {
        let now = Instant::now();
        for expires in self.tokens.values_mut() {
            *expires = now;
        }
    }
}

/// 64 hex characters from the process's random hasher keys; unguessable enough for a sandbox.
fn random_token() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let state = std::collections::hash_map::RandomState::new();
    let mut out = String::with_capacity(64);
    for i in 0..4u64 {
        let mut h = state.build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.write_u64(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// The default seed: three users and ten licenses in mixed states.
pub(crate) fn default_seed() -> (Vec<SandboxUser>, Vec<License>) {
    let users = vec![
        SandboxUser::new("0a7d1f7e-5c1b-4d6e-9b8a-000000000001", "alice"),
        SandboxUser::new("0a7d1f7e-5c1b-4d6e-9b8a-000000000002", "bob@example.com"),
        SandboxUser {
            license_mode: UserModeType::Automatic,
            ..SandboxUser::new("0a7d1f7e-5c1b-4d6e-9b8a-000000000003", "carol.auto")
        },
    ];
    let mut licenses = Vec::new();
    let kinds = ["Ultimate", "Desktop", "File Backup", "Server", "Ultimate"];
    for n in 1..=10i64 {
        let mut l = License::new(format!("license-{n:04}-4f2e-9c1a-sandbox"), n);
        l.license_type = Some(kinds[(n as usize - 1) % kinds.len()].to_owned());
        l.date_expired = Some(
            format!("2027-{:02}-01T00:00:00", (n % 12) + 1)
                .parse()
                .unwrap_or_else(|_| {
                    // Every month 1–12 parses; this branch is unreachable in practice.
                    crate::models::Timestamp::from_system_time(std::time::UNIX_EPOCH)
                }),
        );
        l.transaction = Some(format!("transaction-{n:04}-sandbox"));
        l.is_trial = n == 10;
        licenses.push(l);
    }
    // 1–5 free; 6 granted to alice, not active; 7 alice on ALICE-PC; 8 bob on BOB-LAPTOP;
    // 9 carol (automatic) on CAROL-SRV; 10 a free trial.
    let assign = |l: &mut License, u: &SandboxUser, computer: Option<(&str, &str)>| {
        l.user_id = Some(u.id.clone());
        l.user = Some(u.email.clone());
        if let Some((c, os)) = computer {
            l.computer_name = Some(c.to_owned());
            l.operating_system = Some(os.to_owned());
            l.is_taken = true;
        }
    };
    assign(&mut licenses[5], &users[0], None);
    assign(
        &mut licenses[6],
        &users[0],
        Some(("ALICE-PC", "Windows 11 Pro")),
    );
    assign(
        &mut licenses[7],
        &users[1],
        Some(("BOB-LAPTOP", "macOS 14")),
    );
    assign(
        &mut licenses[8],
        &users[2],
        Some(("CAROL-SRV", "Windows Server 2022")),
    );
    (users, licenses)
}
