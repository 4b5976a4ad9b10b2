//! `License` (`LicensesModels`): one license as `GET /api/Licenses` answers it.

use crate::codec::model;
use crate::models::Timestamp;
use crate::xml::ENGINE_MODELS_NS;

model! {
    /// A license (`LicensesModels`), as `GET /api/Licenses` and `GET /api/Licenses/{id}` answer it.
    ///
    /// Fields the docs show as `null` in real answers, and strings and dates that .NET may leave
    /// null, are `Option`s; XML `i:nil="true"` and JSON `null` both read as `None`.
    ///
    /// JSON members come in the docs' order (`ID`, `Number`, `ComputerName`, …); XML members in
    /// DataContract order (`ComputerName`, `DateExpired`, `ID`, `IsTaken`, `IsTrial`, …).
    #[derive(Eq)]
    pub struct License = "LicensesModels" in ENGINE_MODELS_NS {
        /// `ID`: the license's ID.
        "ID" id: String,
        /// `Number`: the license's number.
        "Number" number: i64,
        /// `ComputerName`: the computer the license is active on, if any.
        "ComputerName" computer_name: Option<String>,
        /// `OperatingSystem`: that computer's operating system, if any.
        "OperatingSystem" operating_system: Option<String>,
        /// `IsTrial`: whether this is a trial license.
        "IsTrial" is_trial: bool,
        /// `IsTaken`: whether the license is activated (in use).
        "IsTaken" is_taken: bool,
        /// `LicenseType`: a free-text type such as `Ultimate` or `File Backup`.
        "LicenseType" license_type: Option<String>,
        /// `DateExpired`: when the license expires.
        "DateExpired" date_expired: Option<Timestamp>,
        /// `Transaction`: the purchase transaction's ID.
        "Transaction" transaction: Option<String>,
        /// `User`: the user the license is granted to, if any.
        "User" user: Option<String>,
        /// `UserID`: that user's ID, if any.
        "UserID" user_id: Option<String>,
    }
}

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
            extra: Default::default(),
        }
    }

    /// Whether the license is granted to nobody and active nowhere.
    pub fn is_free(&self) -> bool {
        self.user_id.is_none() && !self.is_taken
    }
}
