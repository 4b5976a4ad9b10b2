//! `LicenseOperation`: the body of grant, release and revoke (which license, which user).

use serde::{Deserialize, Serialize};

use crate::codec::data_contract;
use crate::error::Error;
use crate::xml::ENGINE_MODELS_NS;

/// The body of `POST /api/Licenses/Grant`, `/Release` and `/Revoke`: which license, which user.
///
/// JSON:
/// ```json
/// {
///   "LicenseID": "sample string 1",
///   "UserID": "sample string 2"
/// }
/// ```
/// XML (DataContract `LicenseOperation` in `http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models`):
/// ```xml
/// <LicenseOperation xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models">
///   <LicenseID>sample string 1</LicenseID>
///   <UserID>sample string 2</UserID>
/// </LicenseOperation>
/// ```
///
/// ```
/// use mspbackups::{Format, LicenseOperation};
/// let op = LicenseOperation::new("sample string 1", "sample string 2");
/// let json = op.to_body(Format::Json)?;
/// assert!(json.starts_with(b"{\n  \"LicenseID\": \"sample string 1\""));
/// assert_eq!(LicenseOperation::from_body(Format::Xml, &op.to_body(Format::Xml)?)?, op);
/// # Ok::<(), mspbackups::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LicenseOperation {
    /// `LicenseID`: the license's ID (required).
    #[serde(rename = "LicenseID")]
    pub license_id: String,
    /// `UserID`: the MBS user's ID (required).
    #[serde(rename = "UserID")]
    pub user_id: String,
}

data_contract!(LicenseOperation, name = "LicenseOperation", ns = ENGINE_MODELS_NS, members = [
    "LicenseID" => license_id,
    "UserID" => user_id,
]);

impl LicenseOperation {
    /// A license operation for `license_id` and `user_id`.
    pub fn new(license_id: impl Into<String>, user_id: impl Into<String>) -> Self {
        LicenseOperation {
            license_id: license_id.into(),
            user_id: user_id.into(),
        }
    }

    /// Refuses empty or blank IDs (the API marks both required).
    pub fn validate(&self) -> Result<(), Error> {
        if self.license_id.trim().is_empty() {
            return Err(Error::invalid("LicenseID", "must not be empty or blank"));
        }
        if self.user_id.trim().is_empty() {
            return Err(Error::invalid("UserID", "must not be empty or blank"));
        }
        Ok(())
    }
}
