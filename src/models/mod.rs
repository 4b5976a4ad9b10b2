//! The API's request and response models.
//!
//! Field names on the wire are the API's own (`LicenseID`, `UserID`, …), including its
//! misspellings; Rust field names are snake_case. Each model has `to_body(Format)` and
//! `from_body(Format, &[u8])` giving exactly the bytes the client sends and reads.

mod account;
mod administrator;
mod billing;
mod build;
mod company;
#[cfg(test)]
mod compose_tests;
mod computer;
mod destination;
mod extra;
mod license;
mod license_operation;
mod login;
mod monitoring;
mod package;
mod scalars;
mod timestamp;
mod user;
mod user_mode_type;

pub use account::{
    Account, AccountDestination, AccountSettings, AccountType, AccountUpdate, AmazonS3Bucket,
    AmazonS3Settings, AzureSettings, Bucket, BucketSettings, FileShareSettings, GoogleCloudBucket,
    GoogleCloudSettings, KeyStoneType, MinioSettings, NewAccount, NewAccountDestination, NewBucket,
    OpenStackSettings, OpenStackType, OracleSettings, S3CompatibleSettings, SignatureVersion,
    WasabiBucket, WasabiSettings,
};
pub use administrator::{
    Administrator, AdministratorUpdate, NewAdministrator, PermissionMode, Permissions,
};
pub use billing::{
    BillingDetails, BillingDetailsFilter, BillingFilter, BillingReport, UserBilling,
    UserBillingDetail,
};
pub use build::{Build, BuildEdition, BuildRequest, BuildType, EditionVersion};
pub use company::{Company, CompanyDestination, LicensingMode, MbsLicenseType, NewCompany};
pub use computer::{
    AuthorizationResult, BackupStats, BuildVersion, Computer, ComputerApp, ComputerAuthorization,
    ComputerLicense, ComputersPage,
};
pub use destination::{Destination, NewUserDestination, UserDestinationUpdate};
pub use extra::{Extra, ExtraValue};
pub use license::License;
pub use license_operation::LicenseOperation;
pub use login::{LoginRequest, Token};
pub use monitoring::{PlanRun, PlanStatus, PlanType};
pub use package::{GlacierRestoreType, NewPackage, Package};
pub use scalars::{Decimal, Guid, ParseScalarError};
#[cfg(feature = "sandbox")]
pub(crate) use timestamp::civil_from_days;
pub use timestamp::{Offset, ParseTimestampError, Timestamp};
pub use user::{
    DestinationForNewUser, NewUser, User, UserAuthData, UserComputer, UserDestination, UserUpdate,
};
pub use user_mode_type::{UnknownValue, UserModeType};
