//! `License` (`LicensesModels`): one license as `GET /api/Licenses` answers it.

use serde::{Deserialize, Serialize};

use crate::codec::data_contract;
use crate::models::Timestamp;
use crate::xml::ENGINE_MODELS_NS;

/// A license (`LicensesModels`), as `GET /api/Licenses` and `GET /api/Licenses/{id}` answer it.
///
/// Fields the docs show as `null` in real answers, and strings and dates that .NET may leave
/// null, are `Option`s; XML `i:nil="true"` and JSON `null` both read as `None`.
///
/// JSON members come in the docs' order (`ID`, `Number`, `ComputerName`, …); XML members in
/// DataContract order (`ComputerName`, `DateExpired`, `ID`, `IsTaken`, `IsTrial`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct License {
    /// `ID`: the license's ID.
    #[serde(rename = "ID")]
    pub id: String,
    /// `Number`: the license's number.
    #[serde(rename = "Number")]
    pub number: i64,
    /// `ComputerName`: the computer the license is active on, if any.
    #[serde(rename = "ComputerName")]
    pub computer_name: Option<String>,
    /// `OperatingSystem`: that computer's operating system, if any.
    #[serde(rename = "OperatingSystem")]
    pub operating_system: Option<String>,
    /// `IsTrial`: whether this is a trial license.
    #[serde(rename = "IsTrial")]
    pub is_trial: bool,
    /// `IsTaken`: whether the license is activated (in use).
    #[serde(rename = "IsTaken")]
    pub is_taken: bool,
    /// `LicenseType`: a free-text type such as `Ultimate` or `File Backup`.
    #[serde(rename = "LicenseType")]
    pub license_type: Option<String>,
    /// `DateExpired`: when the license expires.
    #[serde(rename = "DateExpired")]
    pub date_expired: Option<Timestamp>,
    /// `Transaction`: the purchase transaction's ID.
    #[serde(rename = "Transaction")]
    pub transaction: Option<String>,
    /// `User`: the user the license is granted to, if any.
    #[serde(rename = "User")]
    pub user: Option<String>,
    /// `UserID`: that user's ID, if any.
    #[serde(rename = "UserID")]
    pub user_id: Option<String>,
}

data_contract!(License, name = "LicensesModels", ns = ENGINE_MODELS_NS, members = [
    "ComputerName" => computer_name,
    "DateExpired" => date_expired,
    "ID" => id,
    "IsTaken" => is_taken,
    "IsTrial" => is_trial,
    "LicenseType" => license_type,
    "Number" => number,
    "OperatingSystem" => operating_system,
    "Transaction" => transaction,
    "User" => user,
    "UserID" => user_id,
]);

impl License {
    /// A license with this ID and number and every other field empty (`false`/`None`), e.g. for
    /// tests; set the public fields as needed.
    pub fn new(id: impl Into<String>, number: i64) -> Self {
        License {
            id: id.into(),
            number,
            computer_name: None,
            operating_system: None,
            is_trial: false,
            is_taken: false,
            license_type: None,
            date_expired: None,
            transaction: None,
            user: None,
            user_id: None,
        }
    }

    /// Whether the license is granted to nobody and active nowhere.
    pub fn is_free(&self) -> bool {
        self.user_id.is_none() && !self.is_taken
    }
}
