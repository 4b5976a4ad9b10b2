//! The sandbox's storage data (accounts and their buckets, users' destinations, builds), its
//! seed and its business rules: the references between accounts, buckets, users' destinations
//! and packages are enforced here. The HTTP side is in `storage_routes`.

use super::state::{Refusal, SandboxUser, State, destination};
use super::tenants::built;
use crate::models::{
    Account, AccountDestination, AccountType, Build, BuildEdition, BuildRequest, Destination,
    EditionVersion, Timestamp, UserDestination,
};

/// The seeded S3 account: the seeded users' buckets are in it.
pub(crate) const SEEDED_S3_ACCOUNT: &str = "acc0a7d1-5c1b-4d6e-9b8a-0000000000a1";
/// The seeded Azure account.
pub(crate) const SEEDED_AZURE_ACCOUNT: &str = "acc0a7d1-5c1b-4d6e-9b8a-0000000000a2";

/// The storage half of a seed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Storage {
    pub(crate) accounts: Vec<Account>,
    pub(crate) builds: Vec<Build>,
    pub(crate) available_versions: Vec<EditionVersion>,
}

/// An account's new settings (`PUT /api/Accounts`).
#[derive(Debug)]
pub(crate) struct AccountEdit {
    pub(crate) account_id: String,
    pub(crate) display_name: String,
    pub(crate) account_type: AccountType,
}

/// A change of a user's destination (`PUT /api/Destinations`): `None` keeps the value.
#[derive(Debug)]
pub(crate) struct UserDestinationEdit {
    pub(crate) id: String,
    pub(crate) user_id: String,
    pub(crate) account_id: String,
    pub(crate) destination: Option<String>,
    pub(crate) package_id: Option<i64>,
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The `StorageType` text of a new account: the type's name (`AmazonS3`, `FS`, …).
pub(crate) fn storage_type(account_type: &AccountType) -> String {
    match account_type.name() {
        Some(name) => name.to_owned(),
        None => account_type.value().unwrap_or_default().to_string(),
    }
}

/// Whether a user's destination is bucket `bucket` of account `account`.
fn uses(d: &UserDestination, account: &str, bucket: &str) -> bool {
    d.account_id.as_deref().is_some_and(|a| same(a, account))
        && d.destination.as_deref().is_some_and(|b| same(b, bucket))
}

impl State {
    // ----- Accounts -----

    pub(crate) fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| same(&a.account_id, id))
    }

    fn account_mut(&mut self, id: &str) -> Result<&mut Account, Refusal> {
        self.accounts
            .iter_mut()
            .find(|a| same(&a.account_id, id))
            .ok_or_else(|| Refusal(format!("Account {id} not found")))
    }

    /// `POST /api/Accounts`: a new account (new GUID, created now, no bucket). Returns its ID.
    pub(crate) fn create_account(
        &mut self,
        display_name: String,
        account_type: &AccountType,
    ) -> Result<String, Refusal> {
        let id = self.next_id("acc0a7d1");
        let account = built::<Account>(serde_json::json!({
            "AccountID": id,
            "DateCreated": now_without_offset(),
            "DisplayName": display_name,
            "StorageType": storage_type(account_type),
            "Destinations": [],
        }))
        .map_err(|e| Refusal(format!("The sandbox could not store the account: {e}")))?;
        self.accounts.push(account);
        Ok(id)
    }

    /// `PUT /api/Accounts`: a new name and type; the buckets stay. The new name reaches the
    /// users' destinations of the account (`AccountDisplayName`).
    pub(crate) fn update_account(&mut self, edit: AccountEdit) -> Result<(), Refusal> {
        let account = self.account_mut(&edit.account_id)?;
        account.display_name = Some(edit.display_name.clone());
        account.storage_type = Some(storage_type(&edit.account_type));
        let id = account.account_id.clone();
        for d in self.user_destinations_mut() {
            if d.account_id.as_deref().is_some_and(|a| same(a, &id)) {
                d.account_display_name = Some(edit.display_name.clone());
            }
        }
        Ok(())
    }

    fn user_destinations_mut(&mut self) -> impl Iterator<Item = &mut UserDestination> {
        self.users
            .iter_mut()
            .flat_map(|u| u.destinations.iter_mut())
    }

    /// `POST /api/Accounts/AddDestination` and `/CreateDestination`: a new bucket in the
    /// account (a new `DestinationID`); a name already in the account (any case) is refused,
    /// and so is a file-share account (the docs: "not valid for FileShare accounts").
    pub(crate) fn add_bucket(
        &mut self,
        account_id: &str,
        bucket: &str,
        display_name: Option<String>,
    ) -> Result<AccountDestination, Refusal> {
        let dest_id = self.next_id("b0c4e7a1");
        let account = self.account_mut(account_id)?;
        if account.storage_type.as_deref() == Some("FS") {
            return Err(Refusal(format!(
                "Account {account_id} is a file share: destinations cannot be added to it"
            )));
        }
        let buckets = account.destinations.get_or_insert_with(Vec::new);
        if buckets.iter().any(|b| same(&b.destination, bucket)) {
            return Err(Refusal(format!(
                "Destination {bucket} already exists in account {account_id}"
            )));
        }
        let mut new = AccountDestination::new(account.account_id.clone(), bucket);
        new.destination_id = Some(dest_id);
        new.destination_display_name = display_name;
        buckets.push(new.clone());
        Ok(new)
    }

    /// The user (login) who has bucket `bucket` of account `account` as a destination, if any.
    fn bucket_user(&self, account: &str, bucket: &str) -> Option<&SandboxUser> {
        self.users
            .iter()
            .find(|u| u.destinations.iter().any(|d| uses(d, account, bucket)))
    }

    /// `PUT /api/Accounts/RemoveDestination`: refused while a user has the bucket as a
    /// destination (the docs: unassign it from all users first).
    pub(crate) fn remove_bucket(&mut self, account_id: &str, bucket: &str) -> Result<(), Refusal> {
        let account = self
            .account(account_id)
            .ok_or_else(|| Refusal(format!("Account {account_id} not found")))?;
        let found = account
            .destinations
            .iter()
            .flatten()
            .any(|b| same(&b.destination, bucket));
        if !found {
            return Err(Refusal(format!(
                "Destination {bucket} not found in account {account_id}"
            )));
        }
        if let Some(user) = self.bucket_user(account_id, bucket) {
            return Err(Refusal(format!(
                "Destination {bucket} is assigned to user {}; remove it from every user first",
                user.email
            )));
        }
        let account = self.account_mut(account_id)?;
        if let Some(list) = &mut account.destinations {
            list.retain(|b| !same(&b.destination, bucket));
        }
        Ok(())
    }

    /// `PUT /api/Accounts/EditDestination`: the bucket with this `DestinationID` (or, without
    /// one, this name) gets the new name and display name; users' destinations follow.
    pub(crate) fn edit_bucket(&mut self, edit: AccountDestination) -> Result<(), Refusal> {
        let account_id = edit.account_id.clone();
        let account = self.account_mut(&account_id)?;
        let canonical_account = account.account_id.clone();
        let buckets = account.destinations.get_or_insert_with(Vec::new);
        let index = match edit
            .destination_id
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        {
            Some(id) => buckets
                .iter()
                .position(|b| b.destination_id.as_deref().is_some_and(|d| same(d, id)))
                .ok_or_else(|| {
                    Refusal(format!(
                        "Destination {id} not found in account {account_id}"
                    ))
                })?,
            None => buckets
                .iter()
                .position(|b| same(&b.destination, &edit.destination))
                .ok_or_else(|| {
                    Refusal(format!(
                        "Destination {} not found in account {account_id}",
                        edit.destination
                    ))
                })?,
        };
        if buckets
            .iter()
            .enumerate()
            .any(|(i, b)| i != index && same(&b.destination, &edit.destination))
        {
            return Err(Refusal(format!(
                "Destination {} already exists in account {account_id}",
                edit.destination
            )));
        }
        let old = buckets[index].destination.clone();
        buckets[index].destination = edit.destination.clone();
        buckets[index].destination_display_name = edit.destination_display_name.clone();
        for d in self.user_destinations_mut() {
            if uses(d, &canonical_account, &old) {
                d.destination = Some(edit.destination.clone());
                d.destination_display_name = edit.destination_display_name.clone();
            }
        }
        Ok(())
    }

    /// `GET /api/Destinations`: every bucket of every account.
    pub(crate) fn all_buckets(&self) -> Vec<Destination> {
        self.accounts
            .iter()
            .flat_map(|a| {
                a.destinations.iter().flatten().filter_map(move |b| {
                    built::<Destination>(serde_json::json!({
                        "AccountID": a.account_id,
                        "AccountDisplayName": a.display_name,
                        "Destination": b.destination,
                        "DestinationDisplayName": b.destination_display_name,
                    }))
                    .ok()
                })
            })
            .collect()
    }

    // ----- Users' destinations -----

    /// `GET /api/Destinations/{userEmail}`: the destinations of the user with this login (any
    /// case).
    pub(crate) fn destinations_of(&self, email: &str) -> Result<Vec<UserDestination>, Refusal> {
        self.users
            .iter()
            .find(|u| same(&u.email, email))
            .map(|u| u.destinations.clone())
            .ok_or_else(|| Refusal(format!("User {email} not found")))
    }

    /// The account's display name and the bucket's, when the account has the bucket.
    fn bucket(
        &self,
        account_id: &str,
        bucket: &str,
    ) -> Result<(Account, AccountDestination), Refusal> {
        let account = self
            .account(account_id)
            .ok_or_else(|| Refusal(format!("Account {account_id} not found")))?;
        let found = account
            .destinations
            .iter()
            .flatten()
            .find(|b| same(&b.destination, bucket))
            .ok_or_else(|| {
                Refusal(format!(
                    "Destination {bucket} not found in account {account_id}"
                ))
            })?;
        Ok((account.clone(), found.clone()))
    }

    fn package_exists(&self, id: i64) -> Result<(), Refusal> {
        if self.packages.iter().any(|p| p.id == id) {
            Ok(())
        } else {
            Err(Refusal(format!("Package {id} not found")))
        }
    }

    /// The first user (in the sandbox's order) with a destination under package `id`.
    pub(crate) fn package_user(&self, id: i64) -> Option<&SandboxUser> {
        self.users
            .iter()
            .find(|u| u.destinations.iter().any(|d| i64::from(d.package_id) == id))
    }

    /// `POST /api/Destinations`: the user, the account, the bucket (in that account) and the
    /// package must exist; a user has a bucket once. Returns the new destination's ID.
    pub(crate) fn assign_destination(
        &mut self,
        user_id: &str,
        account_id: &str,
        bucket: &str,
        package_id: i64,
    ) -> Result<String, Refusal> {
        let user = self
            .find_user(user_id)
            .ok_or_else(|| Refusal(format!("User {user_id} not found")))?;
        let login = user.email.clone();
        let (account, found) = self.bucket(account_id, bucket)?;
        self.package_exists(package_id)?;
        if user
            .destinations
            .iter()
            .any(|d| uses(d, &account.account_id, bucket))
        {
            return Err(Refusal(format!(
                "User {login} already has destination {bucket} of account {account_id}"
            )));
        }
        let package = i32::try_from(package_id)
            .map_err(|_| Refusal(format!("Package {package_id} not found")))?;
        let id = self.next_id("d3571a7e");
        let mut d = destination(
            &id,
            &account.account_id,
            account.display_name.as_deref(),
            &found.destination,
            i64::from(package),
            0,
        )
        .map_err(|e| Refusal(format!("The sandbox could not store the destination: {e}")))?;
        d.destination_display_name = found.destination_display_name;
        if let Some(user) = self.users.iter_mut().find(|u| same(&u.id, user_id)) {
            user.destinations.push(d);
        }
        Ok(id)
    }

    /// `PUT /api/Destinations`: the destination must be the user's; the new bucket (this
    /// account's, the same name when `Destination` is left out) and package must exist.
    pub(crate) fn update_destination(&mut self, edit: UserDestinationEdit) -> Result<(), Refusal> {
        let user = self
            .find_user(&edit.user_id)
            .ok_or_else(|| Refusal(format!("User {} not found", edit.user_id)))?;
        let current = user
            .destinations
            .iter()
            .find(|d| same(&d.id, &edit.id))
            .cloned()
            .ok_or_else(|| {
                Refusal(format!(
                    "Destination {} not found for user {}",
                    edit.id, edit.user_id
                ))
            })?;
        let bucket = edit
            .destination
            .clone()
            .or_else(|| current.destination.clone())
            .unwrap_or_default();
        let (account, found) = self.bucket(&edit.account_id, &bucket)?;
        let package = match edit.package_id {
            Some(p) => {
                self.package_exists(p)?;
                i32::try_from(p).map_err(|_| Refusal(format!("Package {p} not found")))?
            }
            None => current.package_id,
        };
        let moved = !uses(&current, &account.account_id, &found.destination);
        if moved
            && user
                .destinations
                .iter()
                .any(|d| uses(d, &account.account_id, &found.destination))
        {
            return Err(Refusal(format!(
                "User {} already has destination {bucket} of account {}",
                user.email, edit.account_id
            )));
        }
        let Some(d) = self
            .users
            .iter_mut()
            .find(|u| same(&u.id, &edit.user_id))
            .and_then(|u| u.destinations.iter_mut().find(|d| same(&d.id, &edit.id)))
        else {
            return Err(Refusal(format!("Destination {} not found", edit.id)));
        };
        d.package_id = package;
        if moved {
            d.account_id = Some(account.account_id.clone());
            d.account_display_name = account.display_name.clone();
            d.destination = Some(found.destination.clone());
            d.destination_display_name = found.destination_display_name.clone();
            d.current_volume = 0;
        }
        Ok(())
    }

    /// `DELETE /api/Destinations/{id}?userId=`: the destination must be the user's; it goes,
    /// and so do the user's computers backed up to it.
    pub(crate) fn remove_destination(&mut self, id: &str, user_id: &str) -> Result<(), Refusal> {
        let user = self
            .users
            .iter_mut()
            .find(|u| same(&u.id, user_id))
            .ok_or_else(|| Refusal(format!("User {user_id} not found")))?;
        let Some(index) = user.destinations.iter().position(|d| same(&d.id, id)) else {
            return Err(Refusal(format!(
                "Destination {id} not found for user {user_id}"
            )));
        };
        user.destinations.remove(index);
        user.computers.retain(|c| !same(&c.destination_id, id));
        user.space_used = user.destinations.iter().map(|d| d.current_volume).sum();
        Ok(())
    }

    /// Sets the space a user's destination uses (what the backup agent's uploads would do).
    pub(crate) fn set_volume(
        &mut self,
        user_id: &str,
        destination_id: &str,
        bytes: i64,
    ) -> Result<(), super::SetVolumeError> {
        let Some(user) = self.users.iter_mut().find(|u| same(&u.id, user_id)) else {
            return Err(super::SetVolumeError::UnknownUser {
                user_id: user_id.to_owned(),
            });
        };
        let Some(d) = user
            .destinations
            .iter_mut()
            .find(|d| same(&d.id, destination_id))
        else {
            return Err(super::SetVolumeError::UnknownDestination {
                user_id: user_id.to_owned(),
                destination_id: destination_id.to_owned(),
            });
        };
        d.current_volume = bytes.max(0);
        user.space_used = user.destinations.iter().map(|d| d.current_volume).sum();
        Ok(())
    }

    // ----- Builds -----

    /// `POST /api/Builds/RequestCustomBuilds`: recorded, nothing else.
    pub(crate) fn request_builds(&mut self, request: BuildRequest) {
        self.build_requests.push(request);
    }
}

/// Now, as the server writes dates: no offset, 7 fraction digits cut to 3.
pub(crate) fn now_without_offset() -> String {
    let text = Timestamp::from_system_time(std::time::SystemTime::now()).to_string();
    let plain = text.trim_end_matches('Z');
    // `2025-03-19T10:26:47.7031234` → `2025-03-19T10:26:47.703`.
    match plain.split_once('.') {
        Some((whole, fraction)) => format!("{whole}.{}", fraction.get(..3).unwrap_or(fraction)),
        None => plain.to_owned(),
    }
}

/// The default accounts: `Sandbox S3` (AmazonS3; the seeded users' buckets `alice-backups`,
/// `bob-backups`, `carol-backups`, and `spare-bucket`, assigned to nobody) and `Sandbox Azure`
/// (`AzureVM`; bucket `main`, assigned to nobody).
pub(crate) fn default_accounts() -> Vec<Account> {
    let bucket = |account: &str, n: u32, name: &str, display: Option<&str>| {
        serde_json::json!({
            "DestinationID": format!("b0c4e7a1-5c1b-4d6e-9b8a-0000000000b{n}"),
            "AccountID": account,
            "Destination": name,
            "DestinationDisplayName": display,
        })
    };
    let accounts = [
        serde_json::json!({
            "AccountID": SEEDED_S3_ACCOUNT,
            "DateCreated": "2024-01-15T09:30:00",
            "DisplayName": "Sandbox S3",
            "StorageType": "AmazonS3",
            "Destinations": [
                bucket(SEEDED_S3_ACCOUNT, 1, "alice-backups", None),
                bucket(SEEDED_S3_ACCOUNT, 2, "bob-backups", None),
                bucket(SEEDED_S3_ACCOUNT, 3, "carol-backups", None),
                bucket(SEEDED_S3_ACCOUNT, 4, "spare-bucket", Some("Spare")),
            ],
        }),
        serde_json::json!({
            "AccountID": SEEDED_AZURE_ACCOUNT,
            "DateCreated": "2017-01-16T14:34:23.427",
            "DisplayName": "Sandbox Azure",
            "StorageType": "AzureVM",
            "Destinations": [bucket(SEEDED_AZURE_ACCOUNT, 5, "main", Some("Azure main"))],
        }),
    ];
    // Fixed, well-formed members: this can't fail; a failure would only leave one out.
    accounts.into_iter().filter_map(|a| built(a).ok()).collect()
}

/// The default builds: the two the docs print (Windows 5.8.6.28, macOS 2.4.0.17, with their
/// download links).
pub(crate) fn default_builds() -> Vec<Build> {
    [
        (
            "Windows",
            "5.8.6.28",
            "http://s3.amazonaws.com/cb_setups/MBS/B91F2C34-88AD-43C0-8648/CBLCompanyonlinebackup_v5.8.6.28_netv4.0_ALLEDITIONS_Setup_20180503154124.exe",
        ),
        (
            "macOS",
            "2.4.0.17",
            "http://s3.amazonaws.com/cb_setups/MBS/B91F2C34-88AD-43C0-8648/mac_CBLCompany_onlinebackup_v2.4.0.17_20180503154137.pkg",
        ),
    ]
    .into_iter()
    .filter_map(|(kind, version, link)| {
        built(serde_json::json!({"Type": kind, "Version": version, "DownloadLink": link})).ok()
    })
    .collect()
}

/// The default available versions: the docs' printed list (Windows and VirtualMachine
/// 5.9.0.274, macOS and both Linux packages 2.4.3.11, DedupServer 2.3.1.42).
pub(crate) fn default_available_versions() -> Vec<EditionVersion> {
    [
        (BuildEdition::Windows, "5.9.0.274"),
        (BuildEdition::VirtualMachine, "5.9.0.274"),
        (BuildEdition::MacOS, "2.4.3.11"),
        (BuildEdition::LinuxDeb, "2.4.3.11"),
        (BuildEdition::LinuxRpm, "2.4.3.11"),
        (BuildEdition::DedupServer, "2.3.1.42"),
    ]
    .into_iter()
    .filter_map(|(edition, version)| {
        built(serde_json::json!({"Type": edition.value(), "Version": version})).ok()
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeded_accounts_hold_the_seeded_users_buckets() {
        let accounts = default_accounts();
        assert_eq!(accounts.len(), 2);
        let names: Vec<&str> = accounts[0]
            .destinations
            .iter()
            .flatten()
            .map(|b| b.destination.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "alice-backups",
                "bob-backups",
                "carol-backups",
                "spare-bucket"
            ]
        );
        assert_eq!(
            accounts[1].date_created.map(|d| d.to_string()).as_deref(),
            Some("2017-01-16T14:34:23.427")
        );
        assert_eq!(default_builds().len(), 2);
        assert_eq!(default_available_versions().len(), 6);
    }

    #[test]
    fn dates_are_written_without_an_offset() {
        let now = now_without_offset();
        assert!(!now.ends_with('Z') && !now.contains('+'), "{now}");
        let t: Timestamp = now.parse().unwrap();
        assert_eq!(t.offset(), crate::models::Offset::Unspecified);
    }

    #[test]
    fn storage_types_are_the_type_names() {
        assert_eq!(storage_type(&AccountType::AmazonS3), "AmazonS3");
        assert_eq!(storage_type(&AccountType::FS), "FS");
        assert_eq!(storage_type(&AccountType::from_value(99)), "99");
    }
}
