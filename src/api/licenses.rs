//! `/api/Licenses`: grant, release and revoke licenses.
//!
//! # Grant, release, revoke
//!
//! All three take a [`LicenseOperation`] (`LicenseID`, `UserID`) and answer 200 with no body on
//! success:
//!
//! - **revoke** (`POST /api/Licenses/Revoke`) deactivates the license on the user's computer but
//!   leaves it in the list of licenses available to that user.
//!
//! > **Warning** (from the API docs): the user shouldn't be allowed to activate licenses from the
//! > global pool automatically (`LicenseManagmentMode` other than *Automatic*). Otherwise the
//! > backup agent may simply take a license again and revocation "will not work properly".

use crate::client::Client;
use crate::error::Error;
use crate::models::LicenseOperation;
use crate::request::{Endpoint, Request};

/// `POST /api/Licenses/Revoke`.
pub(crate) const REVOKE: Endpoint = Endpoint::post("/api/Licenses/Revoke");

/// License calls, from [`Client::licenses`].
#[derive(Debug, Clone, Copy)]
pub struct Licenses<'c> {
    client: &'c Client,
}

impl<'c> Licenses<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Licenses { client }
    }

    /// Revokes a license from a user: `POST /api/Licenses/Revoke`.
    ///
    /// Deactivates the license on the user's computer; the user keeps it in their list of
    /// available licenses (unlike a release). See the [module docs](self) for the warning about
    /// users who take licenses from the global pool automatically.
    ///
    /// Empty or blank IDs are refused before any I/O ([`Error::InvalidInput`]). A 200 with an
    /// empty body is success; a 200 whose body carries a message is reported as [`Error::Api`]
    /// (see [the rules](crate#success-answers-that-carry-a-message)).
    ///
    /// ```no_run
    /// # let client = mspbackups::Client::with_token("token")?;
    /// use mspbackups::LicenseOperation;
    /// client.licenses().revoke(&LicenseOperation::new("license-id", "user-id"))?;
    /// # Ok::<(), mspbackups::Error>(())
    /// ```
    pub fn revoke(&self, op: &LicenseOperation) -> Result<(), Error> {
        self.operation(REVOKE, op)
    }

    /// [`revoke`](Self::revoke) with the two IDs.
    ///
    /// ```no_run
    /// # let client = mspbackups::Client::with_token("token")?;
    /// client.licenses().revoke_from_user("license-id", "user-id")?;
    /// # Ok::<(), mspbackups::Error>(())
    /// ```
    pub fn revoke_from_user(&self, license_id: &str, user_id: &str) -> Result<(), Error> {
        self.revoke(&LicenseOperation::new(license_id, user_id))
    }

    /// Builds the request for a license operation without sending it.
    pub(crate) fn build(
        &self,
        endpoint: Endpoint,
        op: &LicenseOperation,
    ) -> Result<Request, Error> {
        op.validate()?;
        Request::new(endpoint, self.client.format()).with_body(op)
    }

    fn operation(&self, endpoint: Endpoint, op: &LicenseOperation) -> Result<(), Error> {
        let req = self.build(endpoint, op)?;
        let label = req.label();
        self.client
            .send(&req)
            .and_then(|resp| resp.into_empty(&label))
            .map_err(|e| self.client.redact(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    #[test]
    fn blank_ids_are_refused_before_io() {
        // Port 9 on loopback: nothing is sent because validation comes first.
        let client = Client::builder()
            .base_url("http://127.0.0.1:9")
            .token("t")
            .build()
            .unwrap();
        for (l, u, field) in [
            ("", "u", "LicenseID"),
            ("  \t", "u", "LicenseID"),
            ("l", "", "UserID"),
            ("l", "\n", "UserID"),
        ] {
            match client.licenses().revoke_from_user(l, u) {
                Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{other:?}"),
            }
        }
        let err = client.licenses().revoke_from_user("", "u").unwrap_err();
        assert_eq!(err.to_string(), "LicenseID must not be empty or blank");
    }

    #[test]
    fn builds_both_formats() {
        let client = Client::builder().token("t").build().unwrap();
        let op = LicenseOperation::new("a", "b");
        for format in Format::ALL {
            let req = client
                .with_format(format)
                .licenses()
                .build(REVOKE, &op)
                .unwrap();
            assert_eq!(req.format(), format);
            assert_eq!(req.body().unwrap(), op.to_body(format).unwrap().as_slice());
        }
    }
}
