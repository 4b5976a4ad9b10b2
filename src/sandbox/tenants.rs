//! The sandbox's tenant data (companies, administrators, packages, computers), its seed and its
//! business rules. The HTTP side is in `tenant_routes`.

use super::state::{Refusal, SandboxUser, State};
use crate::models::{
    Administrator, Company, Computer, ComputerLicense, Decimal, GlacierRestoreType, Guid,
    LicensingMode, Package, PermissionMode, Permissions, Timestamp,
};
use crate::secret::Secret;

/// The password of the seeded administrator.
pub const DEFAULT_ADMINISTRATOR_PASSWORD: &str = "admin-password";

/// An administrator in the sandbox: what `GET /api/Administrators` shows, and the password
/// (never shown by the API, never in a diagnostic).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SandboxAdministrator {
    /// The administrator as the API shows it (`AdministratorsModels`).
    pub administrator: Administrator,
    /// The password (set by `InitialPassword`, changed by an update's `Password`).
    pub password: Secret,
}

impl SandboxAdministrator {
    /// An administrator as the API shows it, with a password.
    pub fn new(administrator: Administrator, password: impl Into<Secret>) -> Self {
        SandboxAdministrator {
            administrator,
            password: password.into(),
        }
    }
}

/// A model built through its JSON form (the models without a constructor); `Err` says why not.
pub(crate) fn built<T: serde::de::DeserializeOwned>(json: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(json).map_err(|e| e.to_string())
}

/// The tenant half of a seed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tenants {
    pub(crate) companies: Vec<Company>,
    pub(crate) administrators: Vec<SandboxAdministrator>,
    pub(crate) packages: Vec<Package>,
    pub(crate) computers: Vec<Computer>,
    /// The highest package ID ever given: like a database identity column, a deleted package's
    /// ID is not given again.
    pub(crate) last_package_id: i64,
}

/// An administrator's new settings, as `PUT /api/Administrators` binds them: `None` keeps the
/// current value.
#[derive(Debug)]
pub(crate) struct AdministratorEdit {
    pub(crate) admin_id: String,
    pub(crate) email: Option<String>,
    pub(crate) password: Option<Secret>,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) enabled: Option<bool>,
    pub(crate) permissions: Option<Permissions>,
    pub(crate) companies: Option<Vec<String>>,
}

/// A company's new settings (`PUT /api/Companies`): the model, and which of the members added
/// later were sent (absent or null ones keep their value).
#[derive(Debug)]
pub(crate) struct CompanyEdit {
    pub(crate) company: Company,
    pub(crate) destinations_sent: bool,
    pub(crate) default_license_sent: bool,
    pub(crate) allowed_licenses_sent: bool,
}

/// What `GET /api/Packages/{x}` finds for `x`.
#[derive(Debug)]
pub(crate) enum PackagesOf {
    /// `x` is a package's ID.
    Package(Package),
    /// `x` is a user's ID: that user's packages.
    User(Vec<Package>),
    /// Neither.
    Nothing,
}

/// Why an authorization failed: the ID of the object not found.
#[derive(Debug)]
pub(crate) struct NotFound(pub(crate) String);

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn in_company(user: &SandboxUser, company: &str) -> bool {
    user.company.as_deref().is_some_and(|c| same(c, company))
}

impl State {
    // ----- Companies -----

    pub(crate) fn company(&self, id: &str) -> Option<&Company> {
        self.companies.iter().find(|c| same(c.id.as_str(), id))
    }

    fn company_name_taken(&self, name: &str, except: Option<&str>) -> bool {
        self.companies.iter().any(|c| {
            same(c.name.trim(), name.trim()) && except.is_none_or(|id| !same(c.id.as_str(), id))
        })
    }

    /// `POST /api/Companies`: a new GUID; a name in use (any case) is refused.
    pub(crate) fn create_company(
        &mut self,
        new: crate::models::NewCompany,
    ) -> Result<String, Refusal> {
        if self.company_name_taken(&new.name, None) {
            return Err(Refusal(format!("Company {} already exists", new.name)));
        }
        let id: Guid = self
            .next_id("c0a7c0de")
            .parse()
            .map_err(|e| Refusal(format!("The sandbox could not make a company ID: {e}")))?;
        let mut company = Company::new(id.clone(), new.name);
        company.storage_limit = new.storage_limit;
        company.license_settings = new.license_settings;
        company.destinations = new.destinations;
        company.default_license = new.default_license;
        company.allowed_licenses = new.allowed_licenses;
        self.companies.push(company);
        Ok(id.to_string())
    }

    /// `PUT /api/Companies`: the company is replaced (the members added later only when sent);
    /// a new name is carried to its users and administrators.
    pub(crate) fn update_company(&mut self, edit: CompanyEdit) -> Result<(), Refusal> {
        let new = edit.company;
        let id = new.id.to_string();
        let Some(index) = self.companies.iter().position(|c| same(c.id.as_str(), &id)) else {
            return Err(Refusal(format!("Company {id} not found")));
        };
        if self.company_name_taken(&new.name, Some(&id)) {
            return Err(Refusal(format!("Company {} already exists", new.name)));
        }
        let company = &mut self.companies[index];
        let old_name = std::mem::replace(&mut company.name, new.name.clone());
        company.storage_limit = new.storage_limit;
        company.license_settings = new.license_settings;
        if edit.destinations_sent {
            company.destinations = new.destinations;
        }
        if edit.default_license_sent {
            company.default_license = new.default_license;
        }
        if edit.allowed_licenses_sent {
            company.allowed_licenses = new.allowed_licenses;
        }
        if old_name != new.name {
            for user in self.users.iter_mut().filter(|u| in_company(u, &old_name)) {
                user.company = Some(new.name.clone());
            }
            for admin in &mut self.administrators {
                for c in admin.administrator.companies.iter_mut().flatten() {
                    if same(c, &old_name) {
                        *c = new.name.clone();
                    }
                }
            }
        }
        Ok(())
    }

    /// `DELETE /api/Companies/{id}`: refused while users are in the company; administrators
    /// stop managing it.
    pub(crate) fn delete_company(&mut self, id: &str) -> Result<(), Refusal> {
        let Some(index) = self.companies.iter().position(|c| same(c.id.as_str(), id)) else {
            return Err(Refusal(format!("Company {id} not found")));
        };
        let name = self.companies[index].name.clone();
        let members = self.users.iter().filter(|u| in_company(u, &name)).count();
        if members > 0 {
            return Err(Refusal(format!(
                "Company {name} has {members} user(s); delete them or move them to another company first"
            )));
        }
        self.companies.remove(index);
        for admin in &mut self.administrators {
            if let Some(list) = &mut admin.administrator.companies {
                list.retain(|c| !same(c, &name));
            }
        }
        Ok(())
    }

    // ----- Administrators -----

    pub(crate) fn administrator(&self, id: &str) -> Option<&SandboxAdministrator> {
        self.administrators
            .iter()
            .find(|a| same(&a.administrator.admin_id, id))
    }

    fn admin_email_taken(&self, email: &str, except: Option<&str>) -> bool {
        self.administrators.iter().any(|a| {
            same(&a.administrator.email, email)
                && except.is_none_or(|id| !same(&a.administrator.admin_id, id))
        })
    }

    /// `POST /api/Administrators`: the new ID; a login in use (any case) is refused with the
    /// text the answer carries (200, like `POST /api/Users`).
    pub(crate) fn create_administrator(
        &mut self,
        new: crate::models::NewAdministrator,
    ) -> Result<String, Refusal> {
        if self.admin_email_taken(&new.email, None) {
            return Err(Refusal("Email already exist".to_owned()));
        }
        let id = self.next_id("ad0a7d1e");
        let mut administrator: Administrator = built(serde_json::json!({
            "AdminID": id,
            "Email": new.email,
            "FirstName": new.first_name,
            "LastName": new.last_name,
            "Enabled": new.enabled,
            "PermissionsModels": new.permissions,
            "LastLogin": null,
            "DateCreated": Timestamp::from_system_time(std::time::SystemTime::now()),
            "Companies": new.companies,
        }))
        .map_err(|e| {
            Refusal(format!(
                "The sandbox could not store the administrator: {e}"
            ))
        })?;
        administrator.admin_id = id.clone();
        self.administrators.push(SandboxAdministrator {
            administrator,
            password: new.initial_password,
        });
        Ok(id)
    }

    /// `PUT /api/Administrators`: what is sent replaces, what is absent or null stays.
    pub(crate) fn update_administrator(&mut self, edit: AdministratorEdit) -> Result<(), Refusal> {
        let id = edit.admin_id;
        let Some(index) = self
            .administrators
            .iter()
            .position(|a| same(&a.administrator.admin_id, &id))
        else {
            return Err(Refusal(format!("Administrator {id} not found")));
        };
        if let Some(email) = &edit.email {
            if self.admin_email_taken(email, Some(&id)) {
                return Err(Refusal("Email already exist".to_owned()));
            }
        }
        let admin = &mut self.administrators[index];
        let a = &mut admin.administrator;
        if let Some(v) = edit.email {
            a.email = v;
        }
        if let Some(v) = edit.password {
            admin.password = v;
        }
        if let Some(v) = edit.first_name {
            a.first_name = Some(v);
        }
        if let Some(v) = edit.last_name {
            a.last_name = Some(v);
        }
        if let Some(v) = edit.enabled {
            a.enabled = v;
        }
        if let Some(v) = edit.permissions {
            a.permissions = Some(v);
        }
        if let Some(v) = edit.companies {
            a.companies = Some(v);
        }
        Ok(())
    }

    pub(crate) fn delete_administrator(&mut self, id: &str) -> Result<(), Refusal> {
        let before = self.administrators.len();
        self.administrators
            .retain(|a| !same(&a.administrator.admin_id, id));
        if self.administrators.len() == before {
            return Err(Refusal(format!("Administrator {id} not found")));
        }
        Ok(())
    }

    // ----- Packages -----

    /// `GET /api/Packages/{x}`: a package ID first, then a user ID.
    pub(crate) fn packages_of(&self, x: &str) -> PackagesOf {
        if let Ok(n) = x.trim().parse::<i64>() {
            if let Some(p) = self.packages.iter().find(|p| p.id == n) {
                return PackagesOf::Package(p.clone());
            }
        }
        match self.find_user(x) {
            Some(user) => PackagesOf::User(
                self.packages
                    .iter()
                    .filter(|p| {
                        user.destinations
                            .iter()
                            .any(|d| i64::from(d.package_id) == p.id)
                    })
                    .cloned()
                    .collect(),
            ),
            None => PackagesOf::Nothing,
        }
    }

    /// `POST /api/Packages`: the next ID (never one given before, even if deleted since).
    pub(crate) fn create_package(&mut self, mut package: Package) -> i64 {
        let highest = self.packages.iter().map(|p| p.id).max().unwrap_or(0).max(0);
        let id = highest.max(self.last_package_id).saturating_add(1);
        self.last_package_id = id;
        package.id = id;
        self.packages.push(package);
        id
    }

    pub(crate) fn update_package(&mut self, package: Package) -> Result<(), Refusal> {
        match self.packages.iter_mut().find(|p| p.id == package.id) {
            Some(p) => {
                *p = package;
                Ok(())
            }
            None => Err(Refusal(format!("Package {} not found", package.id))),
        }
    }

    /// `DELETE /api/Packages/{id}`: refused while a user's destination uses it (whether it came
    /// with the user or from `POST /api/Destinations`).
    pub(crate) fn delete_package(&mut self, id: i64) -> Result<(), Refusal> {
        let Some(index) = self.packages.iter().position(|p| p.id == id) else {
            return Err(Refusal(format!("Package {id} not found")));
        };
        if let Some(user) = self.package_user(id) {
            return Err(Refusal(format!(
                "Package {id} is in use by user {} and cannot be deleted",
                user.email
            )));
        }
        self.packages.remove(index);
        Ok(())
    }

    // ----- Computers -----

    /// A computer as the API shows it now: user, company and license from the current state
    /// (`full`: with the members only the single get shows).
    pub(crate) fn computer_view(&self, c: &Computer, full: bool) -> Computer {
        let mut view = c.clone();
        let user = c.user_id.as_deref().and_then(|id| self.find_user(id));
        view.user_id = user.map(|u| u.id.clone());
        view.user_email = user.map(|u| u.email.clone());
        view.company_name = user.and_then(|u| u.company.clone());
        let license = user.and_then(|u| {
            self.licenses.iter().find(|l| {
                l.is_taken
                    && l.user_id.as_deref().is_some_and(|h| same(h, &u.id))
                    && l.computer_name
                        .as_deref()
                        .zip(c.computer_name.as_deref())
                        .is_some_and(|(a, b)| same(a, b))
            })
        });
        view.license = built::<ComputerLicense>(serde_json::json!({
            "Granted": license.is_some(),
            "IsTrial": license.is_some_and(|l| l.is_trial),
            "DisplayExpiresDate": license.and_then(|l| l.date_expired),
        }))
        .ok();
        if !full {
            view.instance_type = None;
            view.has_backup_app = None;
            view.lost_auth = None;
            view.lost_auth_change_date = None;
            view.apps = None;
        }
        view
    }

    pub(crate) fn computer(&self, hid: &str) -> Option<Computer> {
        self.computers
            .iter()
            .find(|c| same(&c.hid, hid))
            .map(|c| self.computer_view(c, true))
    }

    /// `GET /api/Computers/{offset}/{count}`: `(total, page)`.
    pub(crate) fn computer_page(&self, offset: usize, count: usize) -> (usize, Vec<Computer>) {
        let page = self
            .computers
            .iter()
            .skip(offset)
            .take(count)
            .map(|c| self.computer_view(c, false))
            .collect();
        (self.computers.len(), page)
    }

    /// `POST /api/Computers/{hid}/authorization`: the computer, the user and the company must
    /// exist (checked in that order); then the computer becomes the user's, or, with a company
    /// only, a new user's in that company. Returns notes on what happened.
    pub(crate) fn authorize(
        &mut self,
        hid: &str,
        user_id: Option<&str>,
        company_id: Option<&str>,
    ) -> Result<String, NotFound> {
        let Some(index) = self.computers.iter().position(|c| same(&c.hid, hid)) else {
            return Err(NotFound(hid.to_owned()));
        };
        let user = match user_id {
            Some(id) => Some(
                self.find_user(id)
                    .map(|u| u.id.clone())
                    .ok_or_else(|| NotFound(id.to_owned()))?,
            ),
            None => None,
        };
        let company = match company_id {
            Some(id) => Some(
                self.company(id)
                    .map(|c| c.name.clone())
                    .ok_or_else(|| NotFound(id.to_owned()))?,
            ),
            None => None,
        };
        let computer_hid = self.computers[index].hid.clone();
        let (user_id, note) = match (user, company) {
            (Some(user), _) => (user, None),
            (None, Some(company)) => {
                // A new user in the company, named after the computer's HID (or that user
                // again, when the computer was authorized for the company before).
                let existing = self
                    .users
                    .iter()
                    .find(|u| same(&u.email, &computer_hid))
                    .map(|u| u.id.clone());
                let id = match existing {
                    Some(id) => id,
                    None => {
                        let id = self.next_id("5a4db0c5");
                        let mut u = SandboxUser::new(id.clone(), computer_hid.clone());
                        u.company = Some(company.clone());
                        self.users.push(u);
                        id
                    }
                };
                (
                    id.clone(),
                    Some(format!(
                        "authorized for company {company} only: the computer went to user {id} (login {computer_hid}) in that company, the sandbox's guess at the new user the docs describe"
                    )),
                )
            }
            (None, None) => return Err(NotFound(String::new())),
        };
        let computer = &mut self.computers[index];
        computer.user_id = Some(user_id.clone());
        let name = computer.computer_name.clone();
        if let (Some(user), Some(name)) =
            (self.users.iter_mut().find(|u| same(&u.id, &user_id)), name)
        {
            if let Some(dest) = user.destinations.first().map(|d| d.id.clone()) {
                if !user
                    .computers
                    .iter()
                    .any(|c| same(&c.computer_name, &name) && same(&c.destination_id, &dest))
                {
                    user.computers
                        .push(crate::models::UserComputer::new(dest, name));
                }
            }
        }
        Ok(note.unwrap_or_default())
    }
}

/// The default companies: `Acme Corp` (alice and bob) and `Globex` (carol).
pub(crate) fn default_companies() -> Vec<Company> {
    let mut out = Vec::new();
    for (n, name, limit, mode) in [
        (
            1,
            "Acme Corp",
            1_099_511_627_776i64,
            LicensingMode::GlobalLicensesPool,
        ),
        (2, "Globex", -1, LicensingMode::CustomUsersSettings),
    ] {
        if let Ok(id) = format!("c0a7c0de-5c1b-4d6e-9b8a-{n:012}").parse::<Guid>() {
            let mut c = Company::new(id, name);
            c.storage_limit = limit;
            c.license_settings = mode;
            out.push(c);
        }
    }
    out
}

/// The default packages: 1 `Basic 100 GB` (alice's and carol's destinations), 2 `Business 1 TB`
/// (bob's), 3 `Archive 5 TB` (nobody's).
pub(crate) fn default_packages() -> Vec<Package> {
    let mut out = Vec::new();
    for (id, name, limit, cost, glacier) in [
        (1, "Basic 100 GB", "100", "4.99", false),
        (2, "Business 1 TB", "1024", "29.0", false),
        (3, "Archive 5 TB", "5120", "49.5", true),
    ] {
        let mut p = Package::new(id, name);
        p.description = Some(format!("{name} (sandbox)"));
        p.storage_limit = limit.parse().unwrap_or_else(|_| Decimal::from(0));
        p.cost = cost.parse().unwrap_or_else(|_| Decimal::from(0));
        p.restore_limit = "-1.0".parse().unwrap_or_else(|_| Decimal::from(0));
        p.is_glacier_restore_limit = glacier;
        p.glacier_restore_type = if glacier {
            GlacierRestoreType::Bulk
        } else {
            GlacierRestoreType::Standard
        };
        out.push(p);
    }
    out
}

/// The default administrator: `admin@sandbox.example`, password
/// [`DEFAULT_ADMINISTRATOR_PASSWORD`], every permission, managing `Acme Corp`.
pub(crate) fn default_administrators() -> Vec<SandboxAdministrator> {
    let admin = built::<Administrator>(serde_json::json!({
        "AdminID": "ad0a7d1e-5c1b-4d6e-9b8a-000000000001",
        "Email": "admin@sandbox.example",
        "FirstName": "Sandy",
        "LastName": "Admin",
        "Enabled": true,
        "PermissionsModels": Permissions::all(PermissionMode::Access),
        "LastLogin": "2025-03-19T10:26:47.703",
        "DateCreated": "2024-01-15T09:30:00",
        "Companies": ["Acme Corp"],
    }));
    // Fixed, well-formed members: this can't fail; a failure would only leave it out.
    admin
        .into_iter()
        .map(|a| SandboxAdministrator::new(a, DEFAULT_ADMINISTRATOR_PASSWORD))
        .collect()
}

/// How many computers the default seed has at least.
pub(crate) const SEEDED_COMPUTERS: usize = 25;

/// The default computers: one per computer of each user (authorized for that user), then
/// unauthorized workstations `WS-NN` up to [`SEEDED_COMPUTERS`]. HIDs are
/// `c0de0a7e-5c1b-4d6e-9b8a-0000000000NN` (NN = 01, 02, …).
pub(crate) fn default_computers(users: &[SandboxUser]) -> Vec<Computer> {
    let owned: Vec<(Option<&str>, String)> = users
        .iter()
        .flat_map(|u| {
            u.computers
                .iter()
                .map(move |c| (Some(u.id.as_str()), c.computer_name.clone()))
        })
        .collect();
    let mut out = Vec::new();
    let total = owned.len().max(SEEDED_COMPUTERS);
    for n in 1..=total {
        let (user, name) = match owned.get(n - 1) {
            Some((user, name)) => (*user, name.clone()),
            None => (None, format!("WS-{n:02}")),
        };
        let os = ["windows", "windows", "linux", "mac"][n % 4];
        let minutes = n % 60;
        let computer = built::<Computer>(serde_json::json!({
            "ComputerHID": format!("c0de0a7e-5c1b-4d6e-9b8a-{n:012}"),
            "OSTypeString": os,
            "BuildTypeString": 536_870_940,
            "RemoteManagementAvailable": os == "windows",
            "ComputerName": name,
            "ComputerDisplayName": name,
            "CompanyName": null,
            "UserEmail": null,
            "ProfileName": null,
            "UserID": user,
            "BackupBuildVersion": {"_Major": 7, "_Minor": 9, "_Build": 4, "_Revision": 83},
            "License": null,
            "BackupStats": {
                "PlansCount": n % 3 + 1,
                "TotalOverdueCount": 0,
                "TotalFailedCount": usize::from(n % 5 == 0),
                "TotalSuccessCount": n % 3,
                "TotalWarningCount": 0,
                "TotalNotRunCount": 0,
                "TotalRunningCount": 0,
                "TotalInterruptedCount": 0,
            },
            "LastActivity": format!("2025-03-19T10:{minutes:02}:47.703"),
            "InstanceType": 3,
            "HasBackupApp": true,
            "LostAuth": false,
            "LostAuthChangeDate": null,
            "Apps": [{
                "ApplicationId": "backup",
                "Version": "7.9.4.83",
                "VersionStatus": "Latest",
                "BuildTypeLong": 536_870_940,
                "ApplicationState": "Enabled",
                "Online": true,
                "ErrorCode": null,
                "ErrorMessage": null,
            }],
        }));
        // Fixed, well-formed members: this can't fail; a failure would only leave it out.
        out.extend(computer);
    }
    out
}
