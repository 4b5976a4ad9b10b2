//! `LicenseOperation`: the body of grant, release and revoke (which license, which user).

use crate::codec::{Model, model};
use crate::error::Error;
use crate::xml::ENGINE_MODELS_NS;

model! {
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
    #[derive(Eq, Hash)]
    pub struct LicenseOperation = "LicenseOperation" in ENGINE_MODELS_NS {
        /// `LicenseID`: the license's ID (required).
        req "LicenseID" license_id: String,
        /// `UserID`: the MBS user's ID (required).
        req "UserID" user_id: String,
    }
}

impl LicenseOperation {
    /// A license operation for `license_id` and `user_id`.
    pub fn new(license_id: impl Into<String>, user_id: impl Into<String>) -> Self {
        LicenseOperation {
            license_id: license_id.into(),
            user_id: user_id.into(),
            extra: Default::default(),
        }
    }

    /// Refuses empty or blank IDs (the API marks both required).
    pub fn validate(&self) -> Result<(), Error> {
        Model::validate(self)
    }
}
