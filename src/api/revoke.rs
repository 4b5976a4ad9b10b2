//! The checked revoke: [`Licenses::revoke_checked`], which honours the revoke page's warning.
//!
//! > "The user shouldn't be allowed to activate licenses from the global pool automatically.
//! > Otherwise, license revocation will not work properly." (API docs, Revoke License)
//!
//! With a user in *Automatic* license mode, `POST /api/Licenses/Revoke` answers 200 and the
//! backup agent then activates a license from the pool again: the seat the operator believes
//! free is taken. [`Licenses::revoke`] stays the bare POST the docs define; the checked revoke
//! reads the user first and refuses such a user unless told to switch them to *Manual*.
//!
//! # What the SDK does for each mode
//!
//! | the user's `LicenseManagmentMode` | [`revoke_checked`](Licenses::revoke_checked) |
//! |---|---|
//! | `Manual` | revokes |
//! | `Automatic` | refuses ([`Error::RevokeRefused`]), or, with [`RevokeOptions::switch_to_manual`], sets the user to `Manual` (`PUT /api/Users`), then revokes |
//! | `CompanySettings` | refuses: the company's settings decide, and the API blocks direct changes to such users |
//! | unknown to this version | refuses, like `Automatic` |
//! | user not found | refuses |
//!
//! # The switch and the password
//!
//! `PUT /api/Users` takes the whole user (`UsersEditModels`), password included, and the docs
//! don't say what the server does with a null or missing password. The switch sends every
//! member as the user was just read, with the mode set to `Manual`; for the password, it sends
//! **only what you give** ([`SwitchPassword::Given`]: the user's current password, so that
//! nothing else changes). [`SwitchPassword::NullUnverified`] sends null instead: the sandbox
//! keeps the password then, but whether the real server does is **not documented**, and it
//! might clear it.

use crate::error::{Error, RevokeRefusal};
use crate::models::{LicenseOperation, UserModeType, UserUpdate};
use crate::secret::Secret;

use super::licenses::Licenses;

/// What to send as the password when [`RevokeOptions::switch_to_manual`] updates the user.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum SwitchPassword {
    /// The user's current password, sent back unchanged.
    Given(Secret),
    /// A null password: **undocumented** (the sandbox keeps the password; the real server might
    /// clear it). Only for users whose password doesn't matter, or where you checked.
    NullUnverified,
}

/// How [`Licenses::revoke_checked`] proceeds. Default: refuse automatic users, and read the
/// license back after the revoke.
#[derive(Clone, Debug)]
#[must_use]
pub struct RevokeOptions {
    switch: Option<SwitchPassword>,
    verify: bool,
}

impl Default for RevokeOptions {
    fn default() -> Self {
        RevokeOptions::new()
    }
}

impl RevokeOptions {
    /// Refuse automatic users; verify afterwards.
    pub fn new() -> Self {
        RevokeOptions {
            switch: None,
            verify: true,
        }
    }

    /// Switch an *Automatic* user to *Manual* before revoking (`PUT /api/Users` with the user as
    /// read, the mode changed, and `password` as the password: see the
    /// [module docs](self#the-switch-and-the-password) for the risk).
    pub fn switch_to_manual(mut self, password: SwitchPassword) -> Self {
        self.switch = Some(password);
        self
    }

    /// Whether to read the license and the user's licenses back after the revoke (default
    /// `true`).
    pub fn verify(mut self, yes: bool) -> Self {
        self.verify = yes;
        self
    }
}

/// What a checked revoke did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RevokeReport {
    /// The user's mode before.
    pub mode_before: UserModeType,
    /// The user's mode after (as set by the switch, or unchanged).
    pub mode_after: UserModeType,
    /// Whether the user was switched to *Manual*.
    pub switched: bool,
    /// With verification: whether the revoked license is active (`IsTaken`) afterwards;
    /// `None` without verification or when the license can't be read.
    pub license_active_after: Option<bool>,
    /// With verification: the user's licenses that are active afterwards (an automatic user's
    /// agent may have taken one again).
    pub active_licenses_after: Option<Vec<String>>,
}

impl Licenses<'_> {
    /// Revokes a license the way the docs' warning asks: reads the user (`GET /api/Users/{id}`);
    /// refuses ([`Error::RevokeRefused`]) a user who isn't in *Manual* license mode, unless
    /// `options` switch them (`PUT /api/Users`); revokes (`POST /api/Licenses/Revoke`); and, by
    /// default, reads the license and the user's licenses back. See the [module docs](super::revoke)
    /// for each mode and the password risk of the switch. [`revoke`](Self::revoke) stays the
    /// bare POST.
    ///
    /// ```no_run
    /// # let client = mspbackups::Client::with_token("token")?;
    /// use mspbackups::LicenseOperation;
    /// use mspbackups::api::revoke::RevokeOptions;
    /// let report = client
    ///     .licenses()
    ///     .revoke_checked(&LicenseOperation::new("license-id", "user-id"), &RevokeOptions::new())?;
    /// assert_eq!(report.license_active_after, Some(false));
    /// # Ok::<(), mspbackups::Error>(())
    /// ```
    pub fn revoke_checked(
        &self,
        op: &LicenseOperation,
        options: &RevokeOptions,
    ) -> Result<RevokeReport, Error> {
        crate::codec::Model::validate(op)?;
        let client = self.client();
        let refused = |login: Option<String>, mode: Option<UserModeType>| {
            Error::RevokeRefused(Box::new(RevokeRefusal {
                user_id: op.user_id.clone(),
                login,
                mode,
            }))
        };
        let Some(user) = client.users().get(&op.user_id)? else {
            return Err(refused(None, None));
        };
        let mode_before = user.license_managment_mode.clone();
        let mut switched = false;
        match (&mode_before, &options.switch) {
            (UserModeType::Manual, _) => {}
            (UserModeType::Automatic, Some(password)) => {
                let mut update = UserUpdate::from_user(&user);
                update.license_managment_mode = UserModeType::Manual;
                update.password = match password {
                    SwitchPassword::Given(secret) => Some(secret.clone()),
                    SwitchPassword::NullUnverified => None,
                };
                client.users().update(&update)?;
                switched = true;
            }
            _ => return Err(refused(Some(user.email.clone()), Some(mode_before))),
        }
        self.revoke(op)?;
        let mode_after = if switched {
            UserModeType::Manual
        } else {
            mode_before.clone()
        };
        let (mut license_active_after, mut active_licenses_after) = (None, None);
        if options.verify {
            license_active_after = self.get(&op.license_id)?.map(|l| l.is_taken);
            active_licenses_after = Some(
                self.list()?
                    .into_iter()
                    .filter(|l| l.is_taken && l.user_id.as_deref() == Some(op.user_id.as_str()))
                    .map(|l| l.id)
                    .collect(),
            );
        }
        Ok(RevokeReport {
            mode_before,
            mode_after,
            switched,
            license_active_after,
            active_licenses_after,
        })
    }
}
