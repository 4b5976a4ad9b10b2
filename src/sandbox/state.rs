//! The sandbox's data and its business rules.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant};

use super::dcs::{Diagnostic, DiagnosticKind};
use super::storage::Storage;
use super::tenants::{SandboxAdministrator, Tenants};
use crate::models::UserModeType;
use crate::models::{Account, Build, BuildRequest, EditionVersion};
use crate::models::{Company, Computer, Package};
use crate::models::{License, User, UserComputer, UserDestination};
use crate::secret::Secret;

/// The password of the seeded users (and of [`SandboxUser::new`]).
pub const DEFAULT_USER_PASSWORD: &str = "user-password";

/// A backup user in the sandbox: what `GET /api/Users` shows of them, their password and their
/// computers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SandboxUser {
    /// The user's ID (what `UserID` refers to; GUID text).
    pub id: String,
    /// The login (`Email`; need not be an address).
    pub email: String,
    /// `FirstName`.
    pub first_name: Option<String>,
    /// `LastName`.
    pub last_name: Option<String>,
    /// `NotificationEmails`.
    pub notification_emails: Option<Vec<String>>,
    /// `Company`: the company's name.
    pub company: Option<String>,
    /// Whether the user is enabled.
    pub enabled: bool,
    /// The user's password (what `PUT /api/Users/Authenticate` checks).
    pub password: Secret,
    /// How the user takes licenses (`LicenseManagmentMode`).
    pub license_mode: UserModeType,
    /// `DestinationList`: the user's backup destinations.
    pub destinations: Vec<UserDestination>,
    /// `SpaceUsed`.
    pub space_used: i64,
    /// The user's computers (`GET /api/Users/{userId}/Computers`).
    pub computers: Vec<UserComputer>,
}

impl SandboxUser {
    /// A user with this ID and login, enabled, password [`DEFAULT_USER_PASSWORD`], licenses
    /// managed manually, no destination and no computer.
    pub fn new(id: impl Into<String>, email: impl Into<String>) -> Self {
        SandboxUser {
            id: id.into(),
            email: email.into(),
            first_name: None,
            last_name: None,
            notification_emails: None,
            company: None,
            enabled: true,
            password: Secret::new(DEFAULT_USER_PASSWORD),
            license_mode: UserModeType::Manual,
            destinations: Vec::new(),
            space_used: 0,
            computers: Vec::new(),
        }
    }

    /// The same user with this password.
    pub fn with_password(mut self, password: impl Into<Secret>) -> Self {
        self.password = password.into();
        self
    }

    /// The same user with this license mode.
    pub fn with_license_mode(mut self, mode: UserModeType) -> Self {
        self.license_mode = mode;
        self
    }

    /// The same user with one more destination.
    pub fn with_destination(mut self, destination: UserDestination) -> Self {
        self.destinations.push(destination);
        self
    }

    /// The same user with one more computer.
    pub fn with_computer(mut self, computer: UserComputer) -> Self {
        self.computers.push(computer);
        self
    }

    /// The user as the API shows it (`UsersModels`), written with the SDK's own model.
    pub(crate) fn to_model(&self) -> Result<User, String> {
        let json = serde_json::json!({
            "ID": self.id,
            "Email": self.email,
            "FirstName": self.first_name,
            "LastName": self.last_name,
            "NotificationEmails": self.notification_emails,
            "Company": self.company,
            "Enabled": self.enabled,
            "LicenseManagmentMode": self.license_mode.value().unwrap_or(0),
            "DestinationList": serde_json::to_value(&self.destinations).map_err(|e| e.to_string())?,
            "SpaceUsed": self.space_used,
        });
        serde_json::from_value(json).map_err(|e| e.to_string())
    }
}

/// A destination as `UserDestinationsModel` (built through its JSON form: the model has no
/// constructor).
pub(crate) fn destination(
    id: &str,
    account_id: &str,
    account_name: Option<&str>,
    bucket: &str,
    package_id: i64,
    volume: i64,
) -> Result<UserDestination, String> {
    serde_json::from_value(serde_json::json!({
        "ID": id,
        "CurrentVolume": volume,
        "PackageID": package_id,
        "AccountID": account_id,
        "AccountDisplayName": account_name,
        "Destination": bucket,
        "DestinationDisplayName": null,
    }))
    .map_err(|e| e.to_string())
}

/// A new user's settings, as `POST /api/Users` binds them.
pub(crate) struct NewUserData {
    pub(crate) email: String,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) notification_emails: Option<Vec<String>>,
    pub(crate) company: Option<String>,
    pub(crate) enabled: bool,
    pub(crate) password: Secret,
    pub(crate) license_mode: UserModeType,
    /// `(AccountID, Destination, PackageID)` of each `DestinationForNewUser`.
    pub(crate) destinations: Vec<(String, String, i64)>,
}

/// A user's new settings, as `PUT /api/Users` binds them.
pub(crate) struct UserEdit {
    pub(crate) id: String,
    pub(crate) email: Option<String>,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) notification_emails: Option<Vec<String>>,
    pub(crate) company: Option<String>,
    pub(crate) enabled: bool,
    pub(crate) password: Option<Secret>,
    pub(crate) license_mode: UserModeType,
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
    pub(crate) companies: Vec<Company>,
    pub(crate) administrators: Vec<SandboxAdministrator>,
    pub(crate) packages: Vec<Package>,
    pub(crate) computers: Vec<Computer>,
    /// The highest package ID ever given (a deleted package's ID is not given again).
    pub(crate) last_package_id: i64,
    pub(crate) accounts: Vec<Account>,
    pub(crate) builds: Vec<Build>,
    pub(crate) available_versions: Vec<EditionVersion>,
    /// Every `POST /api/Builds/RequestCustomBuilds` accepted, in order.
    pub(crate) build_requests: Vec<BuildRequest>,
    tokens: HashMap<String, Instant>,
    next_user: u64,
}

impl State {
    pub(crate) fn new(
        users: Vec<SandboxUser>,
        licenses: Vec<License>,
        tenants: Tenants,
        storage: Storage,
    ) -> Self {
        State {
            accounts: storage.accounts,
            builds: storage.builds,
            available_versions: storage.available_versions,
            build_requests: Vec::new(),
            users,
            licenses,
            companies: tenants.companies,
            administrators: tenants.administrators,
            packages: tenants.packages,
            computers: tenants.computers,
            last_package_id: tenants.last_package_id,
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

    /// Revoke: the license must be the user's; it is deactivated on the computer and stays the
    /// user's. For a user in automatic mode the backup agent then takes a license again (see
    /// [`State::agent_reactivates`]).
    pub(crate) fn revoke(
        &mut self,
        license_id: &str,
        user_id: &str,
    ) -> Result<Vec<Diagnostic>, Refusal> {
        let (license, user) = self.held_by(license_id, user_id)?;
        let computer = license.computer_name.take();
        let os = license.operating_system.take();
        license.is_taken = false;
        let revoked = license.id.clone();
        if user.license_mode != UserModeType::Automatic {
            return Ok(Vec::new());
        }
        let mut message = format!(
            "user {} takes licenses from the global pool automatically (LicenseManagmentMode Automatic); the API docs warn that revocation will not work properly for such users, because the backup agent can activate a license again",
            user.email
        );
        if let Some(computer) = computer {
            let taken = self.agent_reactivates(&user, &revoked, &computer, os);
            message.push_str(&format!(
                ": the sandbox's agent on {computer} activated license {taken} right after the revoke"
            ));
        }
        Ok(vec![Diagnostic::new(
            DiagnosticKind::Note,
            Some(user.id.clone()),
            message,
        )])
    }

    /// The backup agent of an automatic-mode user whose license was just revoked on `computer`:
    /// it takes the first free license of the pool (granting it to the user), or, when the pool
    /// is empty, activates the revoked license again. Returns the license's ID.
    fn agent_reactivates(
        &mut self,
        user: &SandboxUser,
        revoked: &str,
        computer: &str,
        os: Option<String>,
    ) -> String {
        let index = self
            .licenses
            .iter()
            .position(License::is_free)
            .or_else(|| self.licenses.iter().position(|l| l.id == revoked));
        let Some(license) = index.and_then(|i| self.licenses.get_mut(i)) else {
            return revoked.to_owned();
        };
        license.user_id = Some(user.id.clone());
        license.user = Some(user.email.clone());
        license.computer_name = Some(computer.to_owned());
        license.operating_system = os;
        license.is_taken = true;
        license.id.clone()
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

    fn email_taken(&self, email: &str, except: Option<&str>) -> bool {
        self.users.iter().any(|u| {
            u.email.eq_ignore_ascii_case(email)
                && except.is_none_or(|id| !u.id.eq_ignore_ascii_case(id))
        })
    }

    pub(crate) fn next_id(&mut self, prefix: &str) -> String {
        let n = self.next_user;
        self.next_user += 1;
        format!(
            "{prefix}-{:04x}-4e6f-9a1b-{:012x}",
            n & 0xffff,
            0x5a_0000_0000u64 + n
        )
    }

    /// `POST /api/Users`: the real service answers 200 with the error text for an existing login.
    pub(crate) fn create_user(&mut self, new: NewUserData) -> Result<String, Refusal> {
        if self.email_taken(&new.email, None) {
            return Err(Refusal("Email already exist".to_owned()));
        }
        let id = self.next_id("5a4db0c5");
        let mut destinations = Vec::new();
        for (account, bucket, package) in &new.destinations {
            let dest_id = self.next_id("d3571a7e");
            let d = destination(&dest_id, account, None, bucket, *package, 0).map_err(|e| {
                Refusal(format!("The sandbox could not store the destination: {e}"))
            })?;
            destinations.push(d);
        }
        self.users.push(SandboxUser {
            id: id.clone(),
            email: new.email,
            first_name: new.first_name,
            last_name: new.last_name,
            notification_emails: new.notification_emails,
            company: new.company,
            enabled: new.enabled,
            password: new.password,
            license_mode: new.license_mode,
            destinations,
            space_used: 0,
            computers: Vec::new(),
        });
        Ok(id)
    }

    /// `PUT /api/Users`: every member is replaced, except a null `Password` or `Email`, which
    /// keep the current value (the sandbox's guess).
    pub(crate) fn update_user(&mut self, edit: UserEdit) -> Result<(), Refusal> {
        let Some(index) = self
            .users
            .iter()
            .position(|u| u.id.eq_ignore_ascii_case(&edit.id))
        else {
            return Err(Refusal(format!("User {} not found", edit.id)));
        };
        if let Some(email) = &edit.email {
            if self.email_taken(email, Some(&edit.id)) {
                return Err(Refusal("Email already exist".to_owned()));
            }
        }
        let user = &mut self.users[index];
        if let Some(email) = edit.email {
            user.email = email;
        }
        if let Some(password) = edit.password {
            user.password = password;
        }
        user.first_name = edit.first_name;
        user.last_name = edit.last_name;
        user.notification_emails = edit.notification_emails;
        user.company = edit.company;
        user.enabled = edit.enabled;
        user.license_mode = edit.license_mode;
        let (id, email) = (user.id.clone(), user.email.clone());
        for l in &mut self.licenses {
            if l.user_id
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(&id))
            {
                l.user = Some(email.clone());
            }
        }
        Ok(())
    }

    /// The user with this ID.
    pub(crate) fn find_user(&self, id: &str) -> Option<&SandboxUser> {
        self.users.iter().find(|u| u.id.eq_ignore_ascii_case(id))
    }

    /// `PUT /api/Users/Authenticate`: the user whose login (any case) and password (exact) match.
    pub(crate) fn authenticate(&self, email: &str, password: &str) -> Option<&SandboxUser> {
        self.users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(email) && u.password.expose() == password)
    }

    /// `DELETE /api/Users/{id}` and `/Account`: the user goes, and every license granted to them
    /// goes back to the pool (not granted, not active); their destinations go with them, so
    /// their buckets and packages are free. Returns the freed licenses' IDs.
    pub(crate) fn delete_user(&mut self, id: &str) -> Result<Vec<String>, Refusal> {
        let Some(index) = self
            .users
            .iter()
            .position(|u| u.id.eq_ignore_ascii_case(id))
        else {
            return Err(Refusal(format!("User {id} not found")));
        };
        let user = self.users.remove(index);
        let mut freed = Vec::new();
        for l in &mut self.licenses {
            if l.user_id
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(&user.id))
            {
                l.user_id = None;
                l.user = None;
                l.computer_name = None;
                l.operating_system = None;
                l.is_taken = false;
                freed.push(l.id.clone());
            }
        }
        Ok(freed)
    }

    /// `GET /api/Users/{userId}/Computers`.
    pub(crate) fn computers(&self, user_id: &str) -> Result<Vec<UserComputer>, Refusal> {
        self.find_user(user_id)
            .map(|u| u.computers.clone())
            .ok_or_else(|| Refusal(format!("User {user_id} not found")))
    }

    /// `DELETE /api/Users/{userId}/Computers`: all listed computers go, or (when one is not the
    /// user's) none does.
    pub(crate) fn delete_computers(
        &mut self,
        user_id: &str,
        gone: &[(String, String)],
    ) -> Result<(), Refusal> {
        let Some(user) = self
            .users
            .iter_mut()
            .find(|u| u.id.eq_ignore_ascii_case(user_id))
        else {
            return Err(Refusal(format!("User {user_id} not found")));
        };
        let same = |c: &UserComputer, (dest, name): &(String, String)| {
            c.destination_id.eq_ignore_ascii_case(dest)
                && c.computer_name.eq_ignore_ascii_case(name)
        };
        if let Some((dest, name)) = gone
            .iter()
            .find(|g| !user.computers.iter().any(|c| same(c, g)))
        {
            return Err(Refusal(format!(
                "Computer {name} with destination {dest} not found for user {user_id}"
            )));
        }
        user.computers.retain(|c| !gone.iter().any(|g| same(c, g)));
        Ok(())
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

/// The default seed: three users (alice and bob in `Acme Corp`, carol in `Globex`), each with a
/// destination (packages 1, 2 and 1) and one or two computers, and ten licenses in mixed states.
pub(crate) fn default_seed() -> (Vec<SandboxUser>, Vec<License>) {
    const ACCOUNT: &str = super::storage::SEEDED_S3_ACCOUNT;
    // (ID suffix, login, mode, bucket, space used, package, company, computers)
    let seed = [
        (
            "000000000001",
            "alice",
            UserModeType::Manual,
            "alice-backups",
            1_048_576,
            1,
            "Acme Corp",
            &["ALICE-PC", "ALICE-LAPTOP"][..],
        ),
        (
            "000000000002",
            "bob@example.com",
            UserModeType::Manual,
            "bob-backups",
            524_288,
            2,
            "Acme Corp",
            &["BOB-LAPTOP"][..],
        ),
        (
            "000000000003",
            "carol.auto",
            UserModeType::Automatic,
            "carol-backups",
            2_097_152,
            1,
            "Globex",
            &["CAROL-SRV", "CAROL-NAS"][..],
        ),
    ];
    let mut users = Vec::new();
    for (n, email, mode, bucket, used, package, company, computers) in seed {
        let mut u =
            SandboxUser::new(format!("0a7d1f7e-5c1b-4d6e-9b8a-{n}"), email).with_license_mode(mode);
        u.space_used = used;
        u.company = Some(company.to_owned());
        let dest_id = format!("de570a7e-5c1b-4d6e-9b8a-{n}");
        // A fixed, well-formed destination: this can't fail; a failure would only leave it out.
        if let Ok(d) = destination(&dest_id, ACCOUNT, Some("Sandbox S3"), bucket, package, used) {
            u = u.with_destination(d);
        }
        for c in computers {
            u = u.with_computer(UserComputer::new(dest_id.clone(), *c));
        }
        users.push(u);
    }
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
