//! The Billing models: the month's totals (`BillingModels`), a user's details
//! (`DetailModels`), and their filters. Money amounts are lossless [`Decimal`]s; byte counts
//! are `i64`.

use crate::codec::model;
use crate::models::{Decimal, Guid, Timestamp};
use crate::xml::ENGINE_MODELS_NS;

model! {
    /// The billing report (`BillingModels`) of `GET /api/Billing` and `PUT /api/Billing`.
    pub struct BillingReport = "BillingModels" in ENGINE_MODELS_NS {
        /// `CurrentSpaceUsed`: bytes, refreshed daily.
        "CurrentSpaceUsed" current_space_used: i64,
        /// `AverageSpaceUsed`: the month's average, bytes.
        "AverageSpaceUsed" average_space_used: i64,
        /// `TotalRestore`.
        "TotalRestore" total_restore: i64,
        /// `StatisticBilling`: one row per user.
        "StatisticBilling" statistic_billing: Option<Vec<UserBilling>>,
    }
}

model! {
    /// One user's row of the billing report (`StatisticBillingModels`). Note `UserId`, not
    /// `UserID`, in this model.
    pub struct UserBilling = "StatisticBillingModels" in ENGINE_MODELS_NS {
        /// `UserId`.
        "UserId" user_id: String,
        /// `Email`: the user's login.
        "Email" email: Option<String>,
        /// `FirstName`.
        "FirstName" first_name: Option<String>,
        /// `LastName`.
        "LastName" last_name: Option<String>,
        /// `CompanyName`.
        "CompanyName" company_name: Option<String>,
        /// `AverageSpace`: bytes.
        "AverageSpace" average_space: i64,
        /// `TotalVolumeRestore`: bytes.
        "TotalVolumeRestore" total_volume_restore: i64,
        /// `PlanCost`.
        "PlanCost" plan_cost: Decimal,
        /// `StorageCost`.
        "StorageCost" storage_cost: Decimal,
        /// `RestoreCost`.
        "RestoreCost" restore_cost: Decimal,
        /// `TotalCost`.
        "TotalCost" total_cost: Decimal,
        /// `LicensesUsed`.
        "LicensesUsed" licenses_used: i64,
    }
}

model! {
    /// The body of `PUT /api/Billing` (`FilterTotalModels`): the report for one company, one
    /// month, or both. A `None` date is left out: the current month.
    pub struct BillingFilter = "FilterTotalModels" in ENGINE_MODELS_NS {
        /// `CompanyName`.
        "CompanyName" company_name: Option<String>,
        /// `Date`: a day of the month to report (left out when `None`: the current month).
        omit "Date" date: Option<Timestamp>,
    }
}

impl BillingFilter {
    /// The current month, every company.
    pub fn new() -> Self {
        BillingFilter {
            company_name: None,
            date: None,
            extra: Default::default(),
        }
    }
}

impl Default for BillingFilter {
    fn default() -> Self {
        Self::new()
    }
}

model! {
    /// The body of `PUT /api/Billing/Details` (`FilterDetailModels`): one user's details for a
    /// month. A `None` date is left out: the current month.
    pub struct BillingDetailsFilter = "FilterDetailModels" in ENGINE_MODELS_NS {
        /// `UserID` (required): the user's GUID.
        "UserID" user_id: Guid,
        /// `Date`: a day of the month (left out when `None`: the current month).
        omit "Date" date: Option<Timestamp>,
    }
}

impl BillingDetailsFilter {
    /// User `user_id`, the current month.
    pub fn new(user_id: Guid) -> Self {
        BillingDetailsFilter {
            user_id,
            date: None,
            extra: Default::default(),
        }
    }
}

model! {
    /// A user's backup and restore volumes (`DetailModels`), the answer of
    /// `PUT /api/Billing/Details`.
    pub struct BillingDetails = "DetailModels" in ENGINE_MODELS_NS {
        /// `TotalBackupBytes`.
        "TotalBackupBytes" total_backup_bytes: i64,
        /// `TotalRestoreBytes`.
        "TotalRestoreBytes" total_restore_bytes: i64,
        /// `UserID`.
        "UserID" user_id: String,
        /// `UserDetailList`: one row per computer and destination.
        "UserDetailList" user_detail_list: Option<Vec<UserBillingDetail>>,
    }
}

model! {
    /// One row of [`BillingDetails`] (`UserDetailModels`).
    pub struct UserBillingDetail = "UserDetailModels" in ENGINE_MODELS_NS {
        /// `Computer`.
        "Computer" computer: Option<String>,
        /// `SizeBackup`: bytes.
        "SizeBackup" size_backup: i64,
        /// `SizeRestore`: bytes.
        "SizeRestore" size_restore: i64,
        /// `Prefix`.
        "Prefix" prefix: Option<String>,
        /// `AccountID`.
        "AccountID" account_id: Option<String>,
        /// `Destination`.
        "Destination" destination: Option<String>,
    }
}
