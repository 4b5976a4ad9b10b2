//! The Administrators models: `AdministratorsModels`, `AdministratorsNewModels`, the update
//! body, and the 22 permissions.

use crate::codec::{model, wire_enum};
use crate::models::Timestamp;
use crate::secret::Secret;
use crate::xml::ENGINE_MODELS_NS;

wire_enum! {
    /// One permission of an administrator: `None` (0, "Forbidden" in the docs' prose) or
    /// `Access` (1, "Permitted").
    pub enum PermissionMode = "PermissionMode" in "MBSAPImvc.Engine.Models" {
        /// `None` (0): forbidden.
        None = 0,
        /// `Access` (1): permitted.
        Access = 1,
    }
}

model! {
    /// An administrator's permissions (`PermissionsModels`), with the API's spellings
    /// (`Monitiring`, `RemoteManagment`). Permissions a newer server adds are kept in
    /// [`extra`](Self::extra).
    #[derive(Eq)]
    pub struct Permissions = "PermissionsModels" in ENGINE_MODELS_NS {
        /// `Users`.
        "Users" users: PermissionMode,
        /// `StorageLimit`.
        "StorageLimit" storage_limit: PermissionMode,
        /// `Notification`.
        "Notification" notification: PermissionMode,
        /// `OnlineAccess`.
        "OnlineAccess" online_access: PermissionMode,
        /// `Licenses`.
        "Licenses" licenses: PermissionMode,
        /// `Billing`.
        "Billing" billing: PermissionMode,
        /// `Monitiring` (the API's spelling).
        "Monitiring" monitiring: PermissionMode,
        /// `RemoteDeploy`.
        "RemoteDeploy" remote_deploy: PermissionMode,
        /// `RemoteManagment` (the API's spelling).
        "RemoteManagment" remote_managment: PermissionMode,
        /// `HelpMarketing`.
        "HelpMarketing" help_marketing: PermissionMode,
        /// `AuditLog`.
        "AuditLog" audit_log: PermissionMode,
        /// `PSA`.
        "PSA" psa: PermissionMode,
        /// `Administrators`.
        "Administrators" administrators: PermissionMode,
        /// `Rebranding`.
        "Rebranding" rebranding: PermissionMode,
        /// `Storage`.
        "Storage" storage: PermissionMode,
        /// `ADS`.
        "ADS" ads: PermissionMode,
        /// `LicenseBuy`.
        "LicenseBuy" license_buy: PermissionMode,
        /// `LicenseActivate`.
        "LicenseActivate" license_activate: PermissionMode,
        /// `StorageUsage`.
        "StorageUsage" storage_usage: PermissionMode,
        /// `CapacityReport`.
        "CapacityReport" capacity_report: PermissionMode,
        /// `GoogleApps`.
        "GoogleApps" google_apps: PermissionMode,
        /// `Dashboard`.
        "Dashboard" dashboard: PermissionMode,
    }
}

model! {
    /// An administrator (`AdministratorsModels`), as `GET /api/Administrators` answers it.
    pub struct Administrator = "AdministratorsModels" in ENGINE_MODELS_NS {
        /// `AdminID`.
        "AdminID" admin_id: String,
        /// `Email`: the administrator's login.
        "Email" email: String,
        /// `FirstName`.
        "FirstName" first_name: Option<String>,
        /// `LastName`.
        "LastName" last_name: Option<String>,
        /// `Enabled`.
        "Enabled" enabled: bool,
        /// `PermissionsModels`.
        "PermissionsModels" permissions: Option<Permissions>,
        /// `LastLogin` (`None` before the first login).
        "LastLogin" last_login: Option<Timestamp>,
        /// `DateCreated`.
        "DateCreated" date_created: Option<Timestamp>,
        /// `Companies`: names of the companies the administrator manages.
        "Companies" companies: Option<Vec<String>>,
    }
}

model! {
    /// The body of `POST /api/Administrators` (`AdministratorsNewModels`). The initial password
    /// is a [`Secret`].
    pub struct NewAdministrator = "AdministratorsNewModels" in ENGINE_MODELS_NS {
        /// `Email`: the login (required).
        req "Email" email: String,
        /// `InitialPassword` (required).
        req "InitialPassword" initial_password: Secret,
        /// `SendInstruction`: e-mail the sign-in instructions.
        "SendInstruction" send_instruction: bool,
        /// `FirstName`.
        "FirstName" first_name: Option<String>,
        /// `LastName`.
        "LastName" last_name: Option<String>,
        /// `Enabled`.
        "Enabled" enabled: bool,
        /// `PermissionsModels` (required).
        "PermissionsModels" permissions: Permissions,
        /// `Companies`: names of the companies to manage.
        "Companies" companies: Option<Vec<String>>,
    }
}

model! {
    /// The body of `PUT /api/Administrators`: an administrator's new settings.
    ///
    /// The docs don't name this body's DataContract (their XML sample is a copy of the create
    /// body), so it is sent as **JSON whatever the client's format**; the XML root here is a
    /// placeholder no request uses. Members left `None` are left out of the body, so that the
    /// server is not asked to clear them (what it does with a missing member isn't documented
    /// either).
    pub struct AdministratorUpdate = "AdministratorsEditModels" in ENGINE_MODELS_NS {
        /// `AdminID` (required).
        req "AdminID" admin_id: String,
        /// `Email`.
        omit "Email" email: Option<String>,
        /// `Password`: a new password.
        omit "Password" password: Option<Secret>,
        /// `FirstName`.
        omit "FirstName" first_name: Option<String>,
        /// `LastName`.
        omit "LastName" last_name: Option<String>,
        /// `Enabled`.
        "Enabled" enabled: bool,
        /// `PermissionsModels`.
        omit "PermissionsModels" permissions: Option<Permissions>,
        /// `Companies`.
        omit "Companies" companies: Option<Vec<String>>,
    }
}

impl Permissions {
    /// Every permission set to `mode`.
    pub fn all(mode: PermissionMode) -> Self {
        let m = || mode.clone();
        Permissions {
            users: m(),
            storage_limit: m(),
            notification: m(),
            online_access: m(),
            licenses: m(),
            billing: m(),
            monitiring: m(),
            remote_deploy: m(),
            remote_managment: m(),
            help_marketing: m(),
            audit_log: m(),
            psa: m(),
            administrators: m(),
            rebranding: m(),
            storage: m(),
            ads: m(),
            license_buy: m(),
            license_activate: m(),
            storage_usage: m(),
            capacity_report: m(),
            google_apps: m(),
            dashboard: m(),
            extra: Default::default(),
        }
    }
}

impl NewAdministrator {
    /// An enabled administrator with this login, initial password and permissions.
    pub fn new(
        email: impl Into<String>,
        initial_password: impl Into<Secret>,
        permissions: Permissions,
    ) -> Self {
        NewAdministrator {
            email: email.into(),
            initial_password: initial_password.into(),
            send_instruction: false,
            first_name: None,
            last_name: None,
            enabled: true,
            permissions,
            companies: None,
            extra: Default::default(),
        }
    }
}

impl AdministratorUpdate {
    /// An update of `admin_id` that changes only `enabled` until other members are set.
    pub fn new(admin_id: impl Into<String>, enabled: bool) -> Self {
        AdministratorUpdate {
            admin_id: admin_id.into(),
            email: None,
            password: None,
            first_name: None,
            last_name: None,
            enabled,
            permissions: None,
            companies: None,
            extra: Default::default(),
        }
    }
}
