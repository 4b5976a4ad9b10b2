//! Seeds from a JSON state file ([`SandboxBuilder::seed_json`]) and the bulk of granted
//! licenses ([`SandboxBuilder::granted_licenses`]).

use std::collections::BTreeMap;

use serde_json::Value as J;
use serde_json::value::RawValue;

use super::SandboxBuilder;
use super::state::{DEFAULT_USER_PASSWORD, SandboxUser};
use super::tenants::{DEFAULT_ADMINISTRATOR_PASSWORD, SandboxAdministrator};
use crate::codec::Model;
use crate::contract::Kind;
use crate::models::{
    Account, Administrator, Build, Company, Computer, EditionVersion, License, Package, User,
    UserComputer, UserModeType,
};
use crate::secret::Secret;

/// Why a seed file was refused: where, and what is wrong. Never holds a password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the seed file {message}")]
pub struct SeedError {
    message: String,
}

fn err(message: impl Into<String>) -> SeedError {
    SeedError {
        message: message.into(),
    }
}

/// The seed file's sections, in the order they are documented.
const SECTIONS: [&str; 9] = [
    "Users",
    "Licenses",
    "Companies",
    "Administrators",
    "Packages",
    "Computers",
    "Accounts",
    "Builds",
    "AvailableVersions",
];

impl SandboxBuilder {
    /// Seeds from a JSON state file (what `mbs sandbox serve --seed FILE` reads). The file is
    /// one object whose members (names matched ignoring case; each optional: a section left out
    /// keeps the default seed's) are lists in the API's own JSON shapes:
    ///
    /// - `Users`: `UsersModels` (`ID` and `Email` required; `Enabled` defaults to `true`),
    ///   plus `Password` (default [`DEFAULT_USER_PASSWORD`]) and `Computers`, a list of
    ///   `UserComputerData` (`{"DestinationId": …, "ComputerName": …}`);
    /// - `Licenses`: `LicensesModels`; `Companies`: `CompaniesModels`; `Packages`:
    ///   `PackagesModels`; `Computers`: `ComputersModels` (the Computers API's);
    ///   `Accounts`: `AccountsModels` (buckets in `Destinations`); `Builds`: `BuildsModels`;
    ///   `AvailableVersions`: `EditionVersion`;
    /// - `Administrators`: `AdministratorsModels`, plus `Password` (default
    ///   [`DEFAULT_ADMINISTRATOR_PASSWORD`]).
    ///
    /// Members a model needs and the file leaves out take the type's empty value when it is a
    /// boolean, number or enum (`false`, `0`, the enum's first member); a missing ID or other
    /// required text is an error naming the item.
    ///
    /// ```
    /// use mspbackups::sandbox::Sandbox;
    /// let seed = br#"{
    ///   "Users": [{"ID": "u-1", "Email": "dana", "Company": "Initech",
    ///              "Computers": [{"DestinationId": "d-1", "ComputerName": "DANA-PC"}]}],
    ///   "Licenses": [{"ID": "l-1", "Number": 1, "UserID": "u-1", "User": "dana"}],
    ///   "Companies": [{"Id": "c0a7e000-5c1b-4d6e-9b8a-000000000001", "Name": "Initech"}]
    /// }"#;
    /// let sandbox = Sandbox::builder().seed_json(seed)?.start()?;
    /// assert_eq!(sandbox.users()[0].email, "dana");
    /// assert_eq!(sandbox.licenses()[0].user_id.as_deref(), Some("u-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SeedError`] when the file is not a JSON object, names a section not listed above, or
    /// an item can't be read as its model.
    pub fn seed_json(mut self, json: &[u8]) -> Result<Self, SeedError> {
        let root: J =
            serde_json::from_slice(json).map_err(|e| err(format!("is not valid JSON ({e})")))?;
        if !root.is_object() {
            return Err(err(format!(
                "must be one JSON object with lists named {}",
                SECTIONS.join(", ")
            )));
        }
        // Read again keeping each member's text: decimals keep their scale.
        let root: Vec<(String, Box<RawValue>)> = serde_json::from_slice::<Obj>(json)
            .map_err(|e| err(format!("is not valid JSON ({e})")))?
            .into_iter()
            .collect();
        for (key, value) in root {
            let Some(section) = SECTIONS.iter().find(|s| s.eq_ignore_ascii_case(&key)) else {
                return Err(err(format!(
                    "has a member {key:?}, which is not a section (the sections: {})",
                    SECTIONS.join(", ")
                )));
            };
            let items: Vec<Box<RawValue>> = serde_json::from_str(value.get())
                .map_err(|_| err(format!("section {section} must be a list")))?;
            match *section {
                "Users" => self.users = Some(users(items)?),
                "Licenses" => self.licenses = Some(list::<License>(section, items)?),
                "Companies" => self.companies = Some(list::<Company>(section, items)?),
                "Administrators" => self.administrators = Some(administrators(items)?),
                "Packages" => self.packages = Some(list::<Package>(section, items)?),
                "Computers" => self.computers = Some(list::<Computer>(section, items)?),
                "Accounts" => self.accounts = Some(list::<Account>(section, items)?),
                "Builds" => self.builds = Some(list::<Build>(section, items)?),
                _ => {
                    self.available_versions = Some(list::<EditionVersion>(section, items)?);
                }
            }
        }
        Ok(self)
    }
}

/// A seed item: its members as their JSON text (decimals keep their text, `59.90`).
type Obj = BTreeMap<String, Box<RawValue>>;

fn raw(text: &str) -> Box<RawValue> {
    // Only called with literal JSON (`true`, `0`, a number): always valid.
    RawValue::from_string(text.to_owned()).unwrap_or_else(|_| Box::<RawValue>::default())
}

/// Fills the value-type members `object` leaves out with their empty value, so that a seed
/// needs to give only what matters to it.
fn fill_defaults(contract: &crate::contract::Contract, object: &mut Obj) {
    for member in contract.json_members {
        if member.nullable || object.keys().any(|k| k.eq_ignore_ascii_case(member.name)) {
            continue;
        }
        let empty = match member.kind {
            Kind::Bool => "false".to_owned(),
            Kind::Int32 | Kind::Int64 | Kind::Decimal => "0".to_owned(),
            Kind::Enum(e) => match e.values.first() {
                Some((_, n)) => n.to_string(),
                None => continue,
            },
            _ => continue,
        };
        object.insert(member.name.to_owned(), raw(&empty));
    }
}

/// The label of item `i` of a section in errors: its ID or name when it has one.
fn label(section: &str, i: usize, object: &Obj) -> String {
    let named = [
        "ID",
        "Id",
        "AdminID",
        "AccountID",
        "ComputerHID",
        "Email",
        "Name",
    ]
    .iter()
    .find_map(|k| {
        let text = object.get(*k)?.get();
        serde_json::from_str::<String>(text).ok()
    });
    match named {
        Some(name) => format!("{section}[{i}] ({name})"),
        None => format!("{section}[{i}]"),
    }
}

fn object(section: &str, i: usize, item: &RawValue) -> Result<Obj, SeedError> {
    serde_json::from_str(item.get())
        .map_err(|_| err(format!("{section}[{i}] must be a JSON object")))
}

fn model<T: Model>(section: &str, i: usize, mut o: Obj) -> Result<T, SeedError> {
    fill_defaults(T::CONTRACT, &mut o);
    let at = label(section, i, &o);
    serde_json::to_string(&o)
        .and_then(|text| serde_json::from_str(&text))
        .map_err(|e| err(format!("can't read {at} as {} ({e})", T::NAME)))
}

fn list<T: Model>(section: &str, items: Vec<Box<RawValue>>) -> Result<Vec<T>, SeedError> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| model(section, i, object(section, i, item)?))
        .collect()
}

/// Takes the member `name` (ignoring case) out of `o`.
fn take(o: &mut Obj, name: &str) -> Option<Box<RawValue>> {
    let key = o.keys().find(|k| k.eq_ignore_ascii_case(name))?.clone();
    o.remove(&key)
}

/// A password member: a string (its value is never put into an error).
fn password(at: &str, value: Option<Box<RawValue>>, default: &str) -> Result<Secret, SeedError> {
    let Some(value) = value else {
        return Ok(Secret::new(default));
    };
    match serde_json::from_str::<Option<String>>(value.get()) {
        Ok(None) => Ok(Secret::new(default)),
        Ok(Some(s)) => Ok(Secret::new(s)),
        Err(_) => Err(err(format!("{at}: Password must be a string"))),
    }
}

fn users(items: Vec<Box<RawValue>>) -> Result<Vec<SandboxUser>, SeedError> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut o = object("Users", i, item)?;
        let at = label("Users", i, &o);
        let password = password(&at, take(&mut o, "Password"), DEFAULT_USER_PASSWORD)?;
        let section = format!("{at}.Computers");
        let computers = match take(&mut o, "Computers") {
            None => Vec::new(),
            Some(list) => match serde_json::from_str::<Option<Vec<Box<RawValue>>>>(list.get()) {
                Ok(None) => Vec::new(),
                Ok(Some(list)) => {
                    let mut computers = Vec::with_capacity(list.len());
                    for (j, c) in list.iter().enumerate() {
                        computers.push(model::<UserComputer>(
                            &section,
                            j,
                            object(&section, j, c)?,
                        )?);
                    }
                    computers
                }
                Err(_) => return Err(err(format!("{at}: Computers must be a list"))),
            },
        };
        if !o.keys().any(|k| k.eq_ignore_ascii_case("Enabled")) {
            o.insert("Enabled".to_owned(), raw("true"));
        }
        let user: User = model("Users", i, o)?;
        let mut u = SandboxUser::new(user.id, user.email)
            .with_password(password)
            .with_license_mode(user.license_managment_mode);
        u.first_name = user.first_name;
        u.last_name = user.last_name;
        u.notification_emails = user.notification_emails;
        u.company = user.company;
        u.enabled = user.enabled;
        u.destinations = user.destination_list.unwrap_or_default();
        u.space_used = user.space_used;
        u.computers = computers;
        out.push(u);
    }
    Ok(out)
}

fn administrators(items: Vec<Box<RawValue>>) -> Result<Vec<SandboxAdministrator>, SeedError> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut o = object("Administrators", i, item)?;
        let at = label("Administrators", i, &o);
        let password = password(
            &at,
            take(&mut o, "Password"),
            DEFAULT_ADMINISTRATOR_PASSWORD,
        )?;
        let admin: Administrator = model("Administrators", i, o)?;
        out.push(SandboxAdministrator::new(admin, password));
    }
    Ok(out)
}

/// The ID of the `n`th license added by [`SandboxBuilder::granted_licenses`] (from 1).
pub(crate) fn granted_license_id(n: usize) -> String {
    format!("b0000000-5c1b-4d6e-9b8a-{n:012}")
}

/// Appends `count` licenses granted to the manual-mode users in turn, each active on the
/// user's first computer.
pub(crate) fn add_granted_licenses(
    licenses: &mut Vec<License>,
    users: &[SandboxUser],
    count: usize,
) {
    let manual: Vec<&SandboxUser> = users
        .iter()
        .filter(|u| u.license_mode == UserModeType::Manual)
        .collect();
    if manual.is_empty() {
        return;
    }
    let first_number = licenses.iter().map(|l| l.number).max().unwrap_or(0);
    licenses.reserve(count);
    for n in 1..=count {
        let user = manual[(n - 1) % manual.len()];
        let mut l = License::new(granted_license_id(n), first_number + n as i64);
        l.license_type = Some("Ultimate".to_owned());
        l.user_id = Some(user.id.clone());
        l.user = Some(user.email.clone());
        l.computer_name = Some(
            user.computers
                .first()
                .map(|c| c.computer_name.clone())
                .unwrap_or_else(|| "SANDBOX-PC".to_owned()),
        );
        l.operating_system = Some("Windows".to_owned());
        l.is_taken = true;
        licenses.push(l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::Sandbox;

    #[test]
    fn a_seed_file_replaces_the_sections_it_has() -> Result<(), Box<dyn std::error::Error>> {
        let seed = br#"{
            "users": [{"ID": "u-1", "Email": "dana", "Password": "dana-pass", "LicenseManagmentMode": 1,
                       "Computers": [{"DestinationId": "d-1", "ComputerName": "DANA-PC"}]}],
            "Licenses": [{"ID": "l-1", "Number": 7, "IsTaken": true, "UserID": "u-1"}],
            "Packages": [{"ID": 9, "Name": "Tiny", "StorageLimit": 1.50, "Cost": 0.99}]
        }"#;
        let sandbox = Sandbox::builder().seed_json(seed)?.start()?;
        let users = sandbox.users();
        assert_eq!((users.len(), users[0].email.as_str()), (1, "dana"));
        assert!(users[0].enabled);
        assert_eq!(users[0].license_mode, UserModeType::Automatic);
        assert_eq!(users[0].password.expose(), "dana-pass");
        assert_eq!(users[0].computers[0].computer_name, "DANA-PC");
        let licenses = sandbox.licenses();
        assert_eq!(
            (licenses.len(), licenses[0].number, licenses[0].is_taken),
            (1, 7, true)
        );
        assert!(!licenses[0].is_trial);
        assert_eq!(sandbox.packages()[0].cost.as_str(), "0.99");
        // Sections left out keep the default seed.
        assert_eq!(sandbox.companies().len(), 2);
        Ok(())
    }

    #[test]
    fn a_wrong_seed_file_is_refused_with_where_and_why() {
        let e = |json: &str| {
            Sandbox::builder()
                .seed_json(json.as_bytes())
                .err()
                .map(|e| e.to_string())
        };
        assert!(e("[]").is_some_and(|m| m.contains("one JSON object")));
        assert!(
            e(r#"{"Userz": []}"#)
                .is_some_and(|m| m.contains("\"Userz\"") && m.contains("Users, Licenses"))
        );
        assert!(
            e(r#"{"Licenses": [{"Number": 1}]}"#)
                .is_some_and(|m| m.contains("Licenses[0]") && m.contains("ID"))
        );
        let secret = e(r#"{"Users": [{"ID": "u", "Email": "e", "Password": 12345678}]}"#);
        assert!(secret.as_deref().is_some_and(|m| m.contains("Password must be a string") && !m.contains("12345678")));
    }

    #[test]
    fn granted_licenses_go_to_manual_users_and_are_active() -> Result<(), Box<dyn std::error::Error>>
    {
        let sandbox = Sandbox::builder().granted_licenses(5).start()?;
        let added: Vec<License> = sandbox
            .licenses()
            .into_iter()
            .filter(|l| l.id.starts_with("b0000000-"))
            .collect();
        assert_eq!(added.len(), 5);
        assert_eq!(added[0].id, granted_license_id(1));
        let users = sandbox.users();
        for l in &added {
            assert!(l.is_taken);
            let holder = users.iter().find(|u| Some(&u.id) == l.user_id.as_ref());
            assert!(holder.is_some_and(|u| u.license_mode == UserModeType::Manual));
        }
        // Revocable through the API, as the bulk benchmark does.
        let client = sandbox.client(crate::Format::Json)?;
        let first = &added[0];
        client
            .licenses()
            .revoke_from_user(&first.id, first.user_id.as_deref().unwrap_or_default())?;
        assert!(sandbox.diagnostics().is_empty());
        Ok(())
    }
}
