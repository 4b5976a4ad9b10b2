//! The Companies models: `CompanyModel`, `CompanyCreateModel`, their destinations, and the
//! licensing enums.

use crate::codec::{model, wire_enum};
use crate::models::Guid;
use crate::xml::ENGINE_MODELS_NS;

wire_enum! {
    /// How a company's users get licenses (`LicenseSettings`).
    pub enum LicensingMode = "LicensingMode" in "MBSAPImvc.Engine.Models" {
        /// `CustomUsersSettings` (0): each user's own setting applies.
        CustomUsersSettings = 0,
        /// `GlobalLicensesPool` (1): users take licenses from the provider's global pool.
        GlobalLicensesPool = 1,
        /// `CompanyLicensesPool` (2): users take licenses from the company's pool.
        CompanyLicensesPool = 2,
    }
}

wire_enum! {
    /// A license type (`DefaultLicense`, `AllowedLicenses`). The docs name only `Desktop` (0);
    /// other values decode into the `Unknown` arm.
    pub enum MbsLicenseType = "MBSLicenseType" in "MSP360.MBS.Common.Types.License.Enums" {
        /// `Desktop` (0).
        Desktop = 0,
    }
}

model! {
    /// A company (`CompanyModel`), as `GET /api/Companies` answers it and `PUT /api/Companies`
    /// takes it. `Id` comes last in XML (`[DataMember(Order = 1)]` on the server).
    ///
    /// `DefaultLicense`, `AllowedLicenses` and `CompanyDestination::plan_id` were added to the
    /// API in 2025, and some help pages show the model without `Destinations`: these are `None`
    /// when a server doesn't send them, and left out of a body when `None`, so that an older
    /// server gets only what it knows.
    pub struct Company = "CompanyModel" in ENGINE_MODELS_NS {
        /// `Id`: the company's GUID.
        @1 "Id" id: Guid,
        /// `Name`.
        req "Name" name: String,
        /// `StorageLimit`: the backup limit; negative means unlimited.
        "StorageLimit" storage_limit: i64,
        /// `LicenseSettings`.
        "LicenseSettings" license_settings: LicensingMode,
        /// `Destinations` (newer servers).
        omit "Destinations" destinations: Option<Vec<CompanyDestination>>,
        /// `DefaultLicense` (newer servers).
        omit "DefaultLicense" default_license: Option<MbsLicenseType>,
        /// `AllowedLicenses` (newer servers; XML items in the license enums' namespace).
        omit "AllowedLicenses" allowed_licenses: Option<Vec<MbsLicenseType>>,
    }
}

model! {
    /// The body of `POST /api/Companies` (`CompanyCreateModel`): a company without its `Id`.
    /// The members added later are left out when `None` (see [`Company`]).
    pub struct NewCompany = "CompanyCreateModel" in ENGINE_MODELS_NS {
        /// `Name` (required).
        req "Name" name: String,
        /// `StorageLimit`: the backup limit; negative means unlimited.
        "StorageLimit" storage_limit: i64,
        /// `LicenseSettings`.
        "LicenseSettings" license_settings: LicensingMode,
        /// `Destinations` (left out when `None`).
        omit "Destinations" destinations: Option<Vec<CompanyDestination>>,
        /// `DefaultLicense` (newer servers; left out when `None`).
        omit "DefaultLicense" default_license: Option<MbsLicenseType>,
        /// `AllowedLicenses` (newer servers; left out when `None`).
        omit "AllowedLicenses" allowed_licenses: Option<Vec<MbsLicenseType>>,
    }
}

model! {
    /// A company's destination (`CompanyDestinationModel`).
    pub struct CompanyDestination = "CompanyDestinationModel" in ENGINE_MODELS_NS {
        /// `DestinationId`.
        "DestinationId" destination_id: Guid,
        /// `PlanId` (newer servers; left out when `None`).
        omit "PlanId" plan_id: Option<i32>,
    }
}

impl NewCompany {
    /// A company named `name` with a storage limit (negative: unlimited), each user's own
    /// license setting, and none of the newer members.
    pub fn new(name: impl Into<String>, storage_limit: i64) -> Self {
        NewCompany {
            name: name.into(),
            storage_limit,
            license_settings: LicensingMode::CustomUsersSettings,
            destinations: None,
            default_license: None,
            allowed_licenses: None,
            extra: Default::default(),
        }
    }
}

impl Company {
    /// A company with this ID and name, unlimited storage, each user's own license setting.
    pub fn new(id: Guid, name: impl Into<String>) -> Self {
        Company {
            id,
            name: name.into(),
            storage_limit: -1,
            license_settings: LicensingMode::CustomUsersSettings,
            destinations: None,
            default_license: None,
            allowed_licenses: None,
            extra: Default::default(),
        }
    }
}

impl CompanyDestination {
    /// A destination by ID.
    pub fn new(destination_id: Guid) -> Self {
        CompanyDestination {
            destination_id,
            plan_id: None,
            extra: Default::default(),
        }
    }
}
